/*
 * merge.h - reports from different sources about the same incident become
 * one incident.
 *
 * Candidates come from blocking, never from comparing all pairs: two
 * reports are candidates when their dates fall in the same or adjacent
 * months (a year-precision date spans its twelve months) and they share
 * a blocking key: a victim state, an attributed state, a canonical actor
 * (or, for a name the actor table does not know, the name normalised), a
 * URL, or one of the two smallest hashes of their words (a bottom-k
 * sketch, so that near-copies meet even when extraction found nothing).
 * Undated reports have no date window and meet only through the exact
 * rules.  A candidate pair becomes an edge when
 *
 *  - they share a URL (not their feed's own URL): score 1, "url"; or
 *  - their similarity reaches NW_MERGE_THRESHOLD: a weighted Jaccard
 *    index of the content words of title and text (stop words, month
 *    names and years left out, light stemming; a named entity - a word
 *    capitalised inside a sentence, or one with digits - weighs two, a
 *    name of its own that is no English word, or a number, three; the
 *    words that name the report's actors, victims and accused states
 *    count as plain words, since the fields count apart), at least 0.15,
 *    raised when they share a canonical actor, a victim, an attributed
 *    state or a sector, and lowered when both name victims (actors,
 *    sectors) and none is shared.  Two reports dated to the day are at
 *    most 45 days apart.
 *
 * Exact rules come first: two reports of one source with the same dataset
 * group (a csv feed that maps an "incident" column: the part of the
 * native id before its first '/') are one incident; the curated file
 * feeds/merges.tsv says "same" or "different" for pairs of report keys
 * (FEED/NATIVE_ID) and overrides everything.  Reports of one source are
 * never in one incident otherwise: a list does not repeat itself.
 *
 * Clustering is a function of the set of reports: edges are processed in
 * one canonical order (curated "same", then groups, then by score, ties
 * by the report keys) and joined with union-find unless the join would
 * put two reports of one source (other than one group) or a curated
 * "different" pair into one incident.  So the result does not depend on
 * the order in which feeds or reports arrive.  An incident's key is its
 * oldest report's (first_seen, then key): a report that joins keeps the
 * incident's key and id; when two incidents merge the older survives,
 * the other is deleted and the survivor mapped again.
 *
 * At ingest, merging runs inside each feed's transaction over the new and
 * changed reports: their features, blocks and edges are stored, and the
 * part of the store they can reach (through edges, groups, decisions and
 * shared incidents) is clustered again, which gives what merging the
 * whole store would.  `normwatch merge` redoes everything.
 */
#ifndef NORMWATCH_MERGE_H
#define NORMWATCH_MERGE_H

#include <stddef.h>
#include <stdint.h>

#include "normwatch/actors.h"
#include "normwatch/error.h"
#include "normwatch/refdata.h"
#include "normwatch/map.h"
#include "normwatch/report.h"
#include "normwatch/store.h"

#define NW_MERGE_THRESHOLD	0.36	/* similarity that makes an edge */
#define NW_MERGE_MAX_TOKENS	256	/* words kept per report: the
					   smallest hashes (a bottom-k sketch) */
#define NW_MERGE_MAX_KEYS	96	/* blocking keys per report */
#define NW_MERGE_WHY_MAX	160	/* bytes of an edge's reason */
#define NW_MERGE_VERSION	"3"	/* of features and scoring: a store
					   merged with another is merged again */
#define NW_META_MERGE_VERSION	"merge_version"	/* store meta key */

/* What merging reads of one report. */
struct nw_merge_report {
	const char		*key;		/* "FEED/NATIVE_ID" */
	int64_t			 source;	/* the source (any number naming
						   it; equal for one source) */
	const char		*group;		/* dataset group, or NULL */
	const char		*first_seen;	/* RFC 3339; "" sorts first */
	struct nw_date		 date;
	const char		*title;		/* may be NULL */
	const char		*text;
	size_t			 textlen;
	const char		*url;		/* may be NULL */
	const char		*feed_url;	/* the feed's own URL (never a
						   shared URL), or NULL */
	const struct nw_extract	*ex;		/* victims, states, actors */
	const char *const	*actor_ids;	/* canonical id of each
						   ex->actors[i], or NULL
						   entries (NULL: none) */
	const struct nw_refdata	*ref;		/* state names, to tell the
						   words that name its victims
						   and accused states (may be
						   NULL) */
};

/* A curated decision of feeds/merges.tsv. */
struct nw_merge_decision {
	const char	*a;		/* report key */
	const char	*b;
	int		 same;		/* 1 "same", 0 "different" */
	long		 line;		/* in the file */
};

/* Curated decisions as read from a file; strings live with it. */
struct nw_merge_decisions {
	struct nw_merge_decision *v;	/* a < b, sorted, unique */
	size_t			  n;
	struct nw_arena		 *arena;
	char			 *path;	/* the file, or NULL */
};

/*
 * Read a merges.tsv (format in normwatch.feed(5)): "#" comments and blank
 * lines; else three tab-separated fields, "same" or "different" and two
 * report keys, and an optional fourth, a note.  A missing file is no
 * decisions.  Every bad line goes to onerr as file:line:col; returns the
 * number of errors (0: all well), -1 with *err when the file cannot be
 * read.  Two lines on one pair that disagree are an error.  Free with
 * nw_merge_decisions_free.
 */
int	nw_merge_decisions_load(const char *path, struct nw_merge_decisions *,
	    nw_error_fn onerr, void *arg, struct nw_error *err);
void	nw_merge_decisions_free(struct nw_merge_decisions *);

/* What a merge did. */
struct nw_merge_stats {
	long	reports;	/* reports looked at (clustered again) */
	long	edges;		/* candidate pairs that became edges */
	long	compared;	/* candidate pairs scored */
	long	joined;		/* reports that moved into another incident */
	long	created;	/* incidents created */
	long	deleted;	/* incidents deleted (merged into another) */
	long	mapped;		/* incidents mapped again */
	long	incidents;	/* incidents the reports are in, after */
};

/*
 * Merge n reports in memory, with the same blocking, scoring and rules
 * as the store's merging: out[i] is the index of the oldest report of the
 * incident report i belongs to.  For tests, evaluation and benchmarks.
 * Returns 0, or -1 with *err (NW_E_INTERNAL for bad input).
 */
int	nw_merge_set(const struct nw_merge_report *reports, size_t n,
	    const struct nw_merge_decisions *decisions, size_t *out,
	    struct nw_merge_stats *stats, struct nw_error *err);

/*
 * The score of a pair (as the edge it would make; -1 when they are not
 * candidates: no shared key in a shared date window), and why in words.
 */
double	nw_merge_pair_score(const struct nw_merge_report *a,
	    const struct nw_merge_report *b, char why[NW_MERGE_WHY_MAX]);

/* --- merging in the store ------------------------------------------------ */

struct nw_merge;

/*
 * A merging context over store.  map (may be NULL: nothing is mapped)
 * maps the incidents merging changes; decisions (may be NULL) are the
 * curated ones; ref (may be NULL) gives the names of states (see
 * nw_merge_report.ref: ingest and merge must use the same).  All of them
 * must outlive it.  It loads the actor table.
 */
struct nw_merge	*nw_merge_new(struct nw_store *store, struct nw_mapctx *map,
		    const struct nw_merge_decisions *decisions,
		    const struct nw_refdata *ref, struct nw_error *err);
void		 nw_merge_free(struct nw_merge *);

/*
 * Before the feeds of a run, in a transaction of its own: store the
 * curated decisions, and when they changed, or the store's features were
 * made by another version or with another actor table, merge again what
 * that touches (everything, for a version change).
 */
int	nw_merge_prepare(struct nw_merge *, struct nw_merge_stats *,
	    struct nw_error *err) NW_WUR;

/*
 * The feed being ingested (after nw_store_feed_begin): its source id, and
 * grouped = 1 when its reports carry a dataset group (the part of the
 * native id before the first '/').
 */
int	nw_merge_feed(struct nw_merge *, int64_t source_id, int grouped,
	    struct nw_error *err) NW_WUR;

/*
 * A new or changed report of the feed, just stored as report_id.  r (the
 * parse's report, valid until nw_merge_flush) spares reading it back.
 */
int	nw_merge_add(struct nw_merge *, int64_t report_id,
	    const struct nw_report *r, int is_new, struct nw_error *err) NW_WUR;

/*
 * Merge the reports added since the last flush into the store's incidents
 * (in the feed's transaction) and map the incidents that changed.
 */
int	nw_merge_flush(struct nw_merge *, struct nw_merge_stats *,
	    struct nw_error *err) NW_WUR;

/*
 * The actor table changed (an actors feed): resolve every report's actors
 * again and merge the whole store again.  In an open transaction.
 */
int	nw_merge_actors_changed(struct nw_merge *, struct nw_merge_stats *,
	    struct nw_error *err) NW_WUR;

/*
 * Merge the whole store again from scratch (features, blocks, edges,
 * incidents), in an open transaction: `normwatch merge`.
 */
int	nw_merge_all(struct nw_merge *, struct nw_merge_stats *,
	    struct nw_error *err) NW_WUR;

/* The actor table the context uses (never NULL). */
const struct nw_actors *nw_merge_actors(const struct nw_merge *);

/* One edge between two reports of an incident, for explain. */
struct nw_merge_link {
	int64_t		 a, b;		/* report ids */
	double		 score;
	const char	*why;		/* "url ...", "text 0.61, actor", or
					   "same dataset incident",
					   "curated: same" */
};

/*
 * The links that hold incident's reports together (edges, groups and
 * curated decisions among them), into the arena; *n their number.
 */
int	nw_merge_links(struct nw_store *, int64_t incident,
	    struct nw_arena *arena, struct nw_merge_link **links, size_t *n,
	    struct nw_error *err);

#endif
