/*
 * stixfeed.h - the stix feed kind: STIX 2.1 (and 2.0) bundles from files
 * or URLs (src/parse/stix.c).
 *
 * The bundle is read as a stream (json.h).  Every object is checked on its
 * own with the validator (stixval.h, MUST rules only): an invalid one is
 * rejected with a warning naming its JSON path, id and reason, and the
 * rest of the bundle is kept.  STIX 2.0 objects (no spec_version) are
 * normalised to 2.1 first.  JSON that cannot be read (truncated, bad
 * UTF-8, duplicate keys, past a limit) fails the document with the JSON
 * path of the fault.
 *
 * Every valid object goes to the sink's object callback in canonical form
 * (struct nw_stix_object): others' objects to be exported again as they
 * are, normwatch's own (created by its identity or carrying its
 * extension) for their timestamps.  Then incidents, campaigns and reports
 * become struct nw_report records whose claims come from the structured
 * data, never from text extraction (r->preset): normwatch's own
 * incidents from its extension, others' from attributed-to relationships
 * (to intrusion-sets, nation-state threat-actors and their locations),
 * targets and impacts relationships (to identities and locations) and,
 * for reports, the intrusion-sets and threat-actors they list.  Each
 * carries its provenance (r->origin).  See docs/design.md, STIX model.
 */
#ifndef NORMWATCH_STIXFEED_H
#define NORMWATCH_STIXFEED_H

#include "normwatch/json.h"
#include "normwatch/parse.h"

#define NW_STIXFEED_MAX_REFS	4096	/* identifiers kept per object */
#define NW_STIXFEED_MAX_WARN	20	/* rejected objects logged one by one */

extern const struct nw_parser nw_parser_stix;

/*
 * The same handling on its own, for kinds that read STIX objects from
 * more than one document (taxii: the pages of a collection).  A session
 * checks and keeps every object it is given as the stix kind does, each
 * valid one going to sink->object at once, and indexes them all; the
 * reports come out at nw_stixfeed_end, so a relationship on one page and
 * the incident it claims about on another still make a claim.  Memory
 * for the index and the reports lives in arena, which must outlive the
 * session's reports (as for nw_parser.parse).
 */
struct nw_stixfeed;

/* A new session; never NULL.  feed, arena and sink must outlive it. */
struct nw_stixfeed *nw_stixfeed_new(const struct nw_feed *feed,
		    struct nw_arena *arena, const struct nw_parse_sink *sink);

/*
 * The document the next objects come from: name is what messages call
 * it, url the url of reports whose object has no external reference
 * with one.  Both are copied (NULL is "").
 */
void	nw_stixfeed_doc(struct nw_stixfeed *, const char *name,
	    const char *url);

/*
 * Read the objects of the array whose NW_JSON_ARRAY_BEGIN the reader j
 * has just returned, up to and including its end; path is the array's
 * JSON path for messages ("$.objects").  An invalid object is rejected
 * with a warning and the rest is kept.  Returns 0, or -1 with *err set
 * (feed, document, JSON path) when the JSON cannot be read, a limit is
 * crossed (NW_STIX_MAX_OBJECTS counts every document of the session), or
 * the sink stopped (then *err is the sink's).
 */
int	nw_stixfeed_objects(struct nw_stixfeed *, struct nw_json *j,
	    const char *path, struct nw_error *err) NW_WUR;

/*
 * Hand the reports to sink->report, in the order their objects came.
 * Once per session; no objects may follow.  Returns the number of
 * reports, or -1 with *err set.
 */
long	nw_stixfeed_end(struct nw_stixfeed *, struct nw_error *err);

struct nw_stixfeed_stats {
	long long	objects;	/* read, of every document */
	long		rejected;	/* invalid, not kept */
	long		kept;		/* others' objects kept as they are */
};

void	nw_stixfeed_stats(const struct nw_stixfeed *,
	    struct nw_stixfeed_stats *);
void	nw_stixfeed_free(struct nw_stixfeed *);	/* NULL is fine */

#endif
