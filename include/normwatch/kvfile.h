/*
 * kvfile.h - the grammar of normwatch's own text files: feed definitions
 * (feed.h) and normwatch.conf (config.h).
 *
 *	# a comment
 *	key = value
 *
 * One pair a line.  Blank lines and lines whose first non-blank byte is
 * '#' are skipped; spaces and tabs around key and value are trimmed, and
 * a CR before the newline.  A key is lower-case letters, digits and '-'
 * (not first), at most NW_KV_MAX_KEY bytes; a line is at most
 * NW_MAX_CONF_LINE bytes (limits.h).  The text must be UTF-8 without NUL
 * bytes.  What the keys mean is the caller's.
 */
#ifndef NORMWATCH_KVFILE_H
#define NORMWATCH_KVFILE_H

#include <stddef.h>

#define NW_KV_MAX_KEY	32	/* bytes of a key */

/* One pair, on line (from 1); key and value are valid during the call. */
typedef void	(*nw_kv_pair_fn)(void *arg, const char *key,
		    const char *value, long line);
/* One error at line and col (0: the whole line), message msg. */
typedef void	(*nw_kv_err_fn)(void *arg, long line, long col,
		    const char *msg);

/*
 * Read text (len bytes), calling pair for every good pair and err for
 * every bad line, in order.  Returns the number of the last line read
 * (0 for an empty text), or -1 after one err call when the text is not
 * UTF-8 or holds a NUL byte (then no pair is read).
 */
long	nw_kv_read(const char *text, size_t len, nw_kv_pair_fn pair,
	    nw_kv_err_fn err, void *arg);

/* "yes", "true", "on", "1": 1; "no", "false", "off", "0": 0; else -1. */
int	nw_kv_bool(const char *v);

#endif
