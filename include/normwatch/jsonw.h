/*
 * jsonw.h - a small streaming JSON writer with a sticky error, for output
 * that must be canonical: no blanks, strings escaped as RFC 8785 (JCS)
 * does (\b \t \n \f \r \" \\ and \u00xx for the other control
 * characters; everything else as UTF-8), and the members of every object
 * in byte order of their keys, which the writer checks.  Bytes of a
 * string that are not UTF-8 are written as U+FFFD, so the output is
 * always valid JSON.
 *
 * It writes into a growing buffer (util.h) whose maximum caps the output;
 * the caller moves the buffer's bytes wherever they go.  A misuse (a key
 * out of order, a value where a key must come, nesting past
 * NW_JSONW_MAX_DEPTH) or the buffer's cap sets the sticky error: later
 * calls do nothing and nw_jsonw_error says what happened.
 *
 * Keys are kept by pointer for the order check: they must stay valid
 * until their object ends.
 */
#ifndef NORMWATCH_JSONW_H
#define NORMWATCH_JSONW_H

#include <stddef.h>

#include "normwatch/compat.h"
#include "normwatch/util.h"

#define NW_JSONW_MAX_DEPTH	64	/* open objects and arrays */

struct nw_jsonw {
	struct nw_buf	*out;		/* where the text goes */
	const char	*error;		/* sticky: why writing stopped, or NULL */
	size_t		 depth;		/* open containers */
	int		 want_value;	/* a key was written, its value must come */
	unsigned char	 is_obj[NW_JSONW_MAX_DEPTH];
	unsigned char	 has_item[NW_JSONW_MAX_DEPTH];
	const char	*last[NW_JSONW_MAX_DEPTH];	/* last key per object */
	size_t		 lastlen[NW_JSONW_MAX_DEPTH];
};

/* Start writing into out (appending to what it holds). */
void	nw_jsonw_init(struct nw_jsonw *, struct nw_buf *out);

void	nw_jsonw_obj_begin(struct nw_jsonw *);
void	nw_jsonw_obj_end(struct nw_jsonw *);
void	nw_jsonw_arr_begin(struct nw_jsonw *);
void	nw_jsonw_arr_end(struct nw_jsonw *);
/* A member's key; keys of one object must come in strictly rising order. */
void	nw_jsonw_key(struct nw_jsonw *, const char *key);
void	nw_jsonw_keyn(struct nw_jsonw *, const char *key, size_t len);
void	nw_jsonw_str(struct nw_jsonw *, const char *s);
void	nw_jsonw_strn(struct nw_jsonw *, const char *s, size_t len);
void	nw_jsonw_int(struct nw_jsonw *, long long);
/* A number given as its JSON text (checked against the RFC 8259 grammar). */
void	nw_jsonw_num(struct nw_jsonw *, const char *text, size_t len);
void	nw_jsonw_bool(struct nw_jsonw *, int);
void	nw_jsonw_null(struct nw_jsonw *);
/* A whole value already written as canonical JSON (not checked). */
void	nw_jsonw_raw(struct nw_jsonw *, const char *json, size_t len);

/* Convenience: key and string value, key and integer value. */
void	nw_jsonw_kstr(struct nw_jsonw *, const char *key, const char *s);
void	nw_jsonw_kint(struct nw_jsonw *, const char *key, long long v);

/*
 * 0 when everything was written and every container is closed, else -1
 * with *why (may be NULL) set to a static reason.
 */
int	nw_jsonw_done(const struct nw_jsonw *, const char **why) NW_WUR;

/* Append s escaped as JSON string content (no quotes) to b: -1 over max. */
int	nw_json_escape(struct nw_buf *b, const char *s, size_t len) NW_WUR;

#endif
