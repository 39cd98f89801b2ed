/*
 * fetch.h - getting a feed's body over http, https or file, with libcurl.
 *
 * Only those three schemes, TLS always verified, every limit of the feed
 * applied (size, time, redirects), a User-Agent naming normwatch and its
 * version.  Conditional GET with the validators of the last fetch, so an
 * unchanged feed costs one 304.  Timeouts, 429 and 5xx are retried with
 * exponential backoff and jitter, honouring Retry-After (capped at
 * NW_MAX_RETRY_WAIT_MS).  Transport only: fetch.c knows nothing of
 * parsing or of the store.
 */
#ifndef NORMWATCH_FETCH_H
#define NORMWATCH_FETCH_H

#include <stddef.h>

#include "normwatch/error.h"
#include "normwatch/limits.h"
#include "normwatch/util.h"

#define NW_FETCH_MAX_CAPTURE	4	/* response headers one request keeps */

struct nw_fetch_req {
	const char		*feed;		/* feed name, for errors */
	const char		*url;		/* http, https or file URL */
	const struct nw_limits	*limits;	/* caps; NULL for defaults */
	const char		*etag;		/* If-None-Match, or NULL */
	const char		*last_modified;	/* If-Modified-Since, or NULL */
	const char		*accept;	/* Accept header, or NULL */
	const char *const	*headers;	/* extra "Name: value" lines,
						   NULL-terminated, or NULL */
	const char		*userpwd;	/* "user:password" for Basic
						   auth, or NULL */
	const char *const	*capture;	/* names of other response
						   headers to keep (at most
						   NW_FETCH_MAX_CAPTURE),
						   NULL-terminated, or NULL */
};

enum nw_fetch_status {
	NW_FETCH_OK = 0,	/* a new body is in res->body */
	NW_FETCH_NOT_MODIFIED,	/* 304: no body */
	NW_FETCH_FAILED		/* see the nw_error */
};

struct nw_fetch_res {
	enum nw_fetch_status	 status;
	long			 http_code;	/* last HTTP status, 0 for file */
	char			*body;		/* NUL-terminated, or NULL */
	size_t			 len;		/* bytes of body */
	char			 sha256[NW_SHA256_HEX]; /* of body, "" if none */
	char			*etag;		/* ETag of the answer, or NULL */
	char			*last_modified;	/* Last-Modified, or NULL */
	char			*content_type;	/* Content-Type, or NULL */
	char			*effective_url;	/* after redirects, or NULL */
	char			*captured[NW_FETCH_MAX_CAPTURE];
						/* the values of req->capture
						   in the last answer, in that
						   order; NULL when absent, or
						   too long or holding control
						   bytes (as etag) */
	int			 attempts;	/* tries made; 0 when the
						   request was refused
						   before any (bad URL or
						   header) */
	double			 seconds;	/* wall time of all tries */
};

/*
 * Once per process, before any fetch; not thread-safe.  Also reads
 * NORMWATCH_RETRY_SCALE (see nw_fetch_set_wait_scale); a bad value is
 * ignored with a warning.
 */
int	nw_fetch_global_init(struct nw_error *err) NW_WUR;
void	nw_fetch_global_cleanup(void);

/*
 * Fetch req->url.  Returns 0 when res->status is NW_FETCH_OK or
 * NW_FETCH_NOT_MODIFIED, -1 with *err set and res->status
 * NW_FETCH_FAILED.  err->feed is req->feed and err->file the URL without
 * any "user:password@".  The codes:
 *   NW_E_NET     transport failure, curl's message (timeout, refused,
 *                truncated body, TLS, redirect to a refused scheme)
 *   NW_E_HTTP    "HTTP 404", or "HTTP 503 after 4 attempts"
 *   NW_E_LIMIT   "body larger than N bytes", "more than N redirects"
 *   NW_E_IO      a file: URL that cannot be read
 *   NW_E_CONFIG  not an http, https or file URL; a bad Accept or extra
 *                header line; more than NW_FETCH_MAX_CAPTURE names in
 *                req->capture (no try is made)
 *   NW_E_DATA    a validator holding a line break (no try is made)
 * Only timeouts and connection failures, 429 and 5xx are retried.  A 2xx
 * or file: body is NUL-terminated in res->body (never NULL on
 * NW_FETCH_OK); error pages are dropped.  A 304 counts as
 * NW_FETCH_NOT_MODIFIED only when a validator was sent.  res is always
 * initialised (attempts, seconds and http_code even on failure); free it
 * with nw_fetch_res_free, which may be called twice.
 */
int	nw_fetch(const struct nw_fetch_req *req, struct nw_fetch_res *res,
	    struct nw_error *err) NW_WUR;
void	nw_fetch_res_free(struct nw_fetch_res *);

/* The User-Agent header value: "normwatch/VERSION (+URL)". */
const char *nw_fetch_user_agent(void);

/*
 * Test hook: scale every wait (backoff and Retry-After) by this factor;
 * 1.0 by default, values outside [0, 1000] ignored.  Set from the
 * NORMWATCH_RETRY_SCALE environment variable ("0.01": digits, optionally
 * a point and more digits) by nw_fetch_global_init, so the test suite
 * need not sleep for real.
 */
void	nw_fetch_set_wait_scale(double);

#endif
