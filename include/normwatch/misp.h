/*
 * misp.h - the misp feed kind: MISP feeds, a manifest.json listing the
 * events and one JSON file per event (src/parse/misp.c).
 *
 * The feed's url is the manifest ("https://host/feed/manifest.json") or
 * the feed's directory, ending in "/" (then manifest.json is appended;
 * a relative file: URL in a definition loses its "/" when it is
 * resolved, so those name the manifest).  Event files are read from the
 * manifest's directory as UUID.json.
 *
 * Collecting (struct nw_collect).  The manifest is fetched, with the
 * validators of the last complete run for http(s) URLs, so an unchanged
 * feed costs one 304.  Its entries are read as a stream: an object whose
 * keys are event UUIDs and whose values carry at least "timestamp" (a
 * string of digits, as MISP writes it, or a number).  An event is fetched
 * when the feed's state has no timestamp for it ("event/UUID") or another
 * one; after it is parsed its timestamp goes into the state, which lands
 * only with the feed's transaction.  An event that cannot be fetched or
 * read (HTTP error, over max-size, malformed JSON, a cap crossed, a UUID
 * other than the manifest's) is skipped with one warning line naming the
 * feed, the file and the JSON path, its state is left as it was, and the
 * manifest's validators are dropped: the next run fetches the manifest in
 * full and tries the event again.  The rest of the feed is kept.  A bad
 * manifest (unreadable, not an object of events, more than
 * NW_MISP_MAX_EVENTS or max-entries events) fails the feed.  Entries whose
 * key is not a UUID or that have no timestamp are skipped with a warning.
 * Events are fetched in the order of their date, then UUID.
 *
 * Reading an event ({"Event": {...}}): two passes of the streaming reader
 * (json.h) over the body, which fetch holds in memory under max-size.  The
 * first checks the whole document (depth NW_MISP_MAX_DEPTH, UTF-8,
 * duplicate keys, the caps below, each crossed as an error naming the JSON
 * path) and reads the event's fields, tags and galaxies; the second
 * streams the attributes (Event.Attribute and Event.Object[].Attribute)
 * into indicators.  Memory does not grow with the number of attributes.
 *
 * Reports: one per event.
 *   native_id  the event's uuid (lower case)
 *   url        the event file's URL
 *   title      "info", cut at NW_MAX_TITLE_LEN; text: "info", cut at
 *              max-entry-size (an event without info has an empty text)
 *   date       "date" (day precision), else the manifest's, else none
 *   claims     from galaxy tags and expanded galaxy clusters (below); when
 *              there are any, r->preset is 1 and ingest does not extract
 *              from the text; an event without them is left to
 *              extraction (r->preset 0), which reads the info line
 *   origin     claims are made by the event's creator organisation
 *              (Orgc.name; the feed's publisher when it has none); TLP from
 *              the event's tlp: tags (the strictest); the SHA-256 of the
 *              event file; the incident's export id is the UUIDv5 of
 *              "incident/misp:" and the event uuid, so one event through
 *              two feeds is one incident in exports
 *
 * Claims.  Tags misp-galaxy:threat-actor="X", misp-galaxy:mitre-intrusion-
 * set="X - G0007" (and the mitre-enterprise-attack- and mitre-mobile-
 * attack- forms) name actors (MITRE's " - Gnnnn" dropped); so do the
 * clusters of those types in Event.Galaxy.  A cluster's meta "country"
 * (ISO code) and "cfr-suspected-state-sponsor" (a state's name, through
 * the reference states) become attributions to those states, hedge
 * suspected (the link is the galaxy's, not the event's), party the feed's
 * "party" key, and "cfr-suspected-state-sponsor" makes the sponsorship
 * state.  misp-galaxy:target-information="Germany" (tag or cluster) names
 * a victim state; misp-galaxy:sector="..." a victim sector.
 *
 * Indicators.  Every attribute flagged to_ids (not deleted) of a type
 * below becomes a STIX 2.1 indicator (pattern_type stix) kept for export
 * through sink->object, with a relationship "indicator detected incident"
 * to the event's incident; both created by the publisher identity of the
 * claiming organisation (docs/design.md: identity/publisher NUL name),
 * marked with the TLP of the feed or the event (the stricter), ids UUIDv5
 * of "indicator/misp" NUL attribute uuid (and "relationship/misp" NUL
 * indicator id), created the event's date (or modified when later),
 * modified the later of the attribute's and the event's timestamps.
 *   ip-src ip-dst (and |port)   ipv4-addr / ipv6-addr value
 *   domain hostname             domain-name value
 *   url uri                     url value
 *   md5 sha1 sha256 sha512      file hashes (and filename|HASH with name)
 *   filename                    file name
 *   email-src email-dst email   email-addr value
 *   email-subject               email-message subject
 *   mutex                       mutex name
 *   regkey                      windows-registry-key key
 * A value that does not fit its type (a hash of the wrong length, an
 * address that does not parse, over NW_MISP_MAX_VALUE bytes) is left out
 * and counted.  Other attributes are not kept.
 *
 * Feed keys (normwatch.feed(5)):
 *   party       government, vendor, self, media or unspecified (default):
 *               the party of the attributions galaxy clusters give
 *   indicators  yes (default) or no: keep indicators for export
 *   max-events  fetch at most N events a run (default 0: all); the rest
 *               come in later runs, oldest first
 *
 * Ownership: parsed reports and their strings live in the arena given;
 * kept objects are valid during the sink's call only.
 */
#ifndef NORMWATCH_MISP_H
#define NORMWATCH_MISP_H

#include <stddef.h>

#include "normwatch/compat.h"
#include "normwatch/error.h"
#include "normwatch/parse.h"

#define NW_MISP_MAX_EVENTS	100000	/* entries of one manifest; within
					   NW_MAX_FEED_STATE */
#define NW_MISP_MAX_ATTRIBUTES	100000	/* attributes of one event, those of
					   its objects included */
#define NW_MISP_MAX_TAGS	10000	/* tags of one event (its own) */
#define NW_MISP_MAX_CLUSTERS	1000	/* galaxy clusters of one event */
#define NW_MISP_MAX_DEPTH	32	/* JSON nesting in manifest and event */
#define NW_MISP_MAX_VALUE	4096	/* bytes of a value made an indicator */
#define NW_MISP_MAX_ORG		200	/* bytes of an organisation's name */
#define NW_MISP_MAX_WARN	20	/* failed events logged one by one */
#define NW_MISP_MAX_EVENTS_KEY	1000000	/* the largest max-events value */

extern const struct nw_parser nw_parser_misp;

/* One entry of a manifest. */
struct nw_misp_entry {
	char		 uuid[37];	/* lower case */
	long long	 timestamp;	/* seconds since the epoch */
	char		 date[11];	/* "YYYY-MM-DD" as given, or "" */
};

struct nw_misp_manifest {
	struct nw_misp_entry *v;	/* sorted by date, then uuid */
	size_t		 n;
	size_t		 skipped;	/* entries left out (bad key or
					   timestamp), each logged */
};

/*
 * Read a manifest of len bytes (data need not be NUL-terminated).  name
 * is used in errors and warnings (feed may be NULL).  max caps the
 * entries (at most NW_MISP_MAX_EVENTS is used).  Returns 0 with *m filled
 * (free with nw_misp_manifest_free), or -1 with *err (feed, file, JSON
 * path) and *m empty.
 */
int	nw_misp_manifest_parse(const char *data, size_t len, const char *feed,
	    const char *name, size_t max, struct nw_misp_manifest *m,
	    struct nw_error *err) NW_WUR;
void	nw_misp_manifest_free(struct nw_misp_manifest *);	/* NULL ok */

/*
 * The manifest URL and the base event files are resolved against, from a
 * feed url; out sizes NW_MAX_URL_LEN + 32.  Returns 0, or -1 when the URL
 * is too long or has no path.
 */
int	nw_misp_urls(const char *feed_url, char *manifest, char *base,
	    size_t sz) NW_WUR;

#endif
