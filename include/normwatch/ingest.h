/*
 * ingest.h - one feed through the pipeline: fetch (or replay the cache),
 * convert, parse, extract, store, as one store transaction.
 *
 * With a merging context (merge.h), the new and changed reports of a feed
 * are merged into the store's incidents before the feed commits, and the
 * incidents that changed are mapped to the norms.  Without one, each new
 * report founds an incident of its own (keyed "FEED/NATIVE_ID"), mapped
 * at once, and a changed report's incident is mapped again.
 *
 * A feed of the actors kind loads actor clusters instead of reports: the
 * table of canonical actors is built again, and when it changed, the
 * store's actor claims are resolved and merged again.
 *
 * A feed whose body is unchanged (304, or the same sha256 as the body last
 * stored) costs no parsing.  A feed that fails at any step is rolled back,
 * its failure is logged in the store's fetch table, and the caller goes on
 * with the next feed.
 */
#ifndef NORMWATCH_INGEST_H
#define NORMWATCH_INGEST_H

#include <stdint.h>

#include "normwatch/error.h"
#include "normwatch/extract.h"
#include "normwatch/feed.h"
#include "normwatch/map.h"
#include "normwatch/merge.h"
#include "normwatch/store.h"

struct nw_ingest_ctx {
	struct nw_store		*store;
	struct nw_extractor	*extractor;
	const struct nw_refdata	*ref;		/* for parsers: nw_doc.ref */
	struct nw_mapctx	*map;		/* norms mapping, or NULL */
	struct nw_merge		*merge;		/* merging (with map), or NULL:
						   one incident per report */
	const char		*cache_dir;	/* content-addressed bodies */
	int64_t			 run;		/* from nw_store_run_begin */
	int			 offline;	/* replay the last body */
	int			 force;		/* parse even when unchanged */
	int			 max_year;	/* latest plausible year */
};

enum nw_ingest_outcome {
	NW_INGEST_OK = 0,		/* a new body was stored */
	NW_INGEST_NOT_MODIFIED,		/* 304 */
	NW_INGEST_UNCHANGED,		/* same body as last time */
	NW_INGEST_FAILED
};

struct nw_ingest_stats {
	enum nw_ingest_outcome	 outcome;
	long			 reports;	/* in the document */
	long			 new_reports;
	long			 changed;
	long			 clusters;	/* actors kind: clusters read */
	long			 incidents;	/* merging: reports that joined
						   another source's incident */
	long			 http_code;
	long long		 bytes;
	double			 seconds;
};

/*
 * Ingest one feed.  Returns 0 (outcome OK, NOT_MODIFIED or UNCHANGED) or
 * -1 with *err naming the feed, file and place (outcome FAILED).  Either
 * way the attempt is logged in the store.
 */
int	nw_ingest_feed(struct nw_ingest_ctx *, const struct nw_feed *,
	    struct nw_ingest_stats *, struct nw_error *err);

const char *nw_ingest_outcome_name(enum nw_ingest_outcome);

#endif
