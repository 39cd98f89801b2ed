/*
 * error.h - the one error record every module fills in.
 *
 * Constructors and parsers return an object, or NULL with details in the
 * caller's struct nw_error.  Everything else returns 0 on success and -1 on
 * failure, again with details in the struct nw_error the caller passed.
 * An nw_error is plain storage: no allocation, nothing to free.
 */
#ifndef NORMWATCH_ERROR_H
#define NORMWATCH_ERROR_H

#include <stddef.h>

#include "normwatch/compat.h"

enum nw_errcode {
	NW_E_OK = 0,
	NW_E_USAGE,		/* bad command line */
	NW_E_CONFIG,		/* bad feed definition, rules or data file */
	NW_E_IO,		/* a local file could not be read or written */
	NW_E_NET,		/* transport failure: DNS, connect, timeout, TLS */
	NW_E_HTTP,		/* the server answered with an error status */
	NW_E_LIMIT,		/* a named cap was crossed (size, count, time) */
	NW_E_PARSE,		/* the document is malformed */
	NW_E_DATA,		/* well-formed but impossible data (date, UTF-8) */
	NW_E_STORE,		/* SQLite refused */
	NW_E_LOCKED,		/* another run holds the lock */
	NW_E_INTERNAL		/* a bug */
};

struct nw_error {
	enum nw_errcode	 code;		/* NW_E_OK when nothing failed */
	char		 feed[64];	/* feed name, or "" */
	char		 file[512];	/* file or URL the error is about, or "" */
	long		 line;		/* 1-based line, 0 when unknown */
	long		 col;		/* 1-based column, 0 when unknown */
	long long	 offset;	/* byte offset, -1 when unknown */
	char		 path[256];	/* JSON path ("$.objects[3].id"), or "" */
	char		 msg[512];	/* the message, one line, already escaped */
};

/* Reset to "no error" (offset -1, all strings empty). */
void	nw_error_clear(struct nw_error *);

/*
 * Set code and message.  Location fields are left as they are, so a caller
 * may fill feed/file first and a callee the message.  err may be NULL.
 * Always returns -1, so that "return nw_error_set(...)" reads naturally.
 */
int	nw_error_set(struct nw_error *err, enum nw_errcode code,
	    const char *fmt, ...) NW_PRINTF(3, 4);

/* Set the feed and file the error is about (either may be NULL). */
void	nw_error_where(struct nw_error *err, const char *feed,
	    const char *file);

/* Set line (and column, 0 for none). */
void	nw_error_at_line(struct nw_error *err, long line, long col);

/*
 * Format as one line: "feed: file:line:col: msg", "feed: file: offset N: msg"
 * or "feed: file: $.path: msg", leaving out what is unknown.  Returns buf.
 */
const char *nw_error_str(const struct nw_error *err, char *buf, size_t sz);

/* A sink for parsers that report several errors before giving up. */
typedef void (*nw_error_fn)(const struct nw_error *, void *arg);

/* Short name of a code ("parse", "limit", ...), for the store and logs. */
const char *nw_errcode_name(enum nw_errcode);

#endif
