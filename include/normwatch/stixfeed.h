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

#include "normwatch/parse.h"

#define NW_STIXFEED_MAX_REFS	4096	/* identifiers kept per object */
#define NW_STIXFEED_MAX_WARN	20	/* rejected objects logged one by one */

extern const struct nw_parser nw_parser_stix;

#endif
