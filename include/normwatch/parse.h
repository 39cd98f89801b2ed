/*
 * parse.h - the parsers: one per feed kind, each turning a fetched document
 * into reports.  A parser knows nothing of SQLite or of the network; it
 * gets bytes and hands out struct nw_report records one at a time.
 *
 * Memory: everything a parser allocates for its reports lives in the arena
 * it is given; the caller frees the arena after the last callback.
 */
#ifndef NORMWATCH_PARSE_H
#define NORMWATCH_PARSE_H

#include <stddef.h>

#include "normwatch/error.h"
#include "normwatch/feed.h"
#include "normwatch/refdata.h"
#include "normwatch/report.h"
#include "normwatch/util.h"

/* A fetched document. */
struct nw_doc {
	const char	*data;		/* the body, NUL-terminated */
	size_t		 len;		/* bytes of data */
	const char	*url;		/* where it came from */
	const char	*content_type;	/* from the server, or NULL */
	const char	*name;		/* what errors call it: the file path
					   for file: URLs, else the URL */
	const struct nw_refdata *ref;	/* states and actors, for parsers of
					   structured data that name states
					   ("Iran (Islamic Republic of)");
					   may be NULL */
};

/*
 * Called once per report, in document order.  The report and its strings
 * stay valid until the arena is freed; the callee may fill r->ex.
 * Return 0 to go on, -1 to stop the parse (the parser then returns -1
 * without touching *err, so the callee fills it in).
 */
typedef int (*nw_report_fn)(struct nw_report *r, void *arg);

/*
 * Called once per STIX object that a parser keeps as it is (the stix
 * kind: every valid object, for re-export and for TAXII), before any
 * report of the document.  The object and its strings are valid during
 * the call.  Return 0 to go on, -1 to stop the parse (as nw_report_fn).
 */
struct nw_stix_object;
typedef int (*nw_object_fn)(const struct nw_stix_object *o, void *arg);

/*
 * Called once per actor cluster by the parsers of reference kinds (the
 * actors kind: MISP galaxy clusters, see actors.h), in document order.
 * Return 0 to go on, -1 to stop the parse (as nw_report_fn).
 */
struct nw_cluster;
typedef int (*nw_cluster_fn)(const struct nw_cluster *c, void *arg);

/* Where a parser's output goes: reports and, optionally, kept objects. */
struct nw_parse_sink {
	nw_report_fn	 report;	/* required */
	nw_object_fn	 object;	/* may be NULL: kept objects dropped */
	void		*arg;		/* passed to both */
};

/*
 * A collector's view of ingest.  Some kinds are not one document but many
 * requests: a MISP feed (its manifest, then the events that changed), a
 * TAXII collection (discovery, API root, collection, pages of objects).
 * Their parsers collect instead of parse: ingest hands them a fetcher and
 * the feed's own state, which lands with the feed's transaction, so a
 * cursor moves only when everything collected with it is stored.
 */
struct nw_fetch_req;
struct nw_fetch_res;
struct nw_collect {
	const struct nw_feed		*feed;
	const struct nw_refdata		*ref;	/* as nw_doc.ref */
	struct nw_arena			*arena;	/* lives until the end */
	const struct nw_parse_sink	*sink;	/* reports and objects */
	/*
	 * Fetch one URL with the feed's limits, as nw_fetch (fetch.h) does:
	 * req->feed and req->limits are filled in when NULL.  Every body is
	 * kept in the cache.  Returns 0 or -1 with *err; res is freed by the
	 * caller with nw_fetch_res_free.  Fails at once under --offline.
	 */
	int		(*fetch)(struct nw_collect *, struct nw_fetch_req *req,
			    struct nw_fetch_res *res, struct nw_error *err);
	/* A value of the feed's state, or NULL (valid until the next set). */
	const char	*(*state_get)(struct nw_collect *, const char *key);
	/*
	 * Set a value (NULL removes the key); it is stored only if the feed's
	 * transaction commits.  Keys are 1-256 bytes; at most
	 * NW_MAX_FEED_STATE keys.  Returns 0 or -1 with *err.
	 */
	int		(*state_set)(struct nw_collect *, const char *key,
			    const char *value, struct nw_error *err);
	void		*priv;		/* ingest's own */
};

struct nw_parser {
	const char		*kind;		/* the feed kind it serves */
	const char		*summary;	/* one line for --help */
	const char *const	*options;	/* feed keys it accepts, NULL-
						   terminated (may be empty) */
	/*
	 * Parse doc for feed, calling fn per report.  Returns the number of
	 * reports (>= 0), or -1 with *err set (code, feed, file and place)
	 * when the document is bad: then no further callbacks happen, and
	 * the caller discards what it was given.
	 */
	long	(*parse)(const struct nw_feed *feed, const struct nw_doc *doc,
		    struct nw_arena *arena, nw_report_fn fn, void *arg,
		    struct nw_error *err);
	/*
	 * Check the parser keys of a definition: every bad value is passed to
	 * onerr with its line.  Returns the number of errors.  May be NULL.
	 */
	int	(*check)(const struct nw_feed *feed, nw_error_fn onerr,
		    void *arg);
	/*
	 * As parse, with objects kept as they are going to sink->object.
	 * May be NULL (the parser keeps no objects): then parse is used.
	 */
	long	(*parse_sink)(const struct nw_feed *feed,
		    const struct nw_doc *doc, struct nw_arena *arena,
		    const struct nw_parse_sink *sink, struct nw_error *err);
	/*
	 * For kinds of many requests (see struct nw_collect): used instead of
	 * fetch-then-parse when not NULL.  Returns the number of reports, or
	 * -1 with *err set; then nothing of the feed is stored.
	 */
	long	(*collect)(struct nw_collect *c, struct nw_error *err);
	/*
	 * For kinds of reference data rather than reports (actors): used
	 * instead of parse when not NULL.  Each cluster goes to fn; returns
	 * the number of clusters, or -1 with *err set.
	 */
	long	(*clusters)(const struct nw_feed *feed, const struct nw_doc *doc,
		    struct nw_arena *arena, nw_cluster_fn fn, void *arg,
		    struct nw_error *err);
};

/* The parser for a kind, or NULL. */
const struct nw_parser	*nw_parser_find(const char *kind);
/* All parsers, NULL-terminated, for listings. */
const struct nw_parser *const *nw_parsers(void);

#endif
