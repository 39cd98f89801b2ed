/*
 * limits.h - every cap on untrusted input, named in one place.
 *
 * The NW_DEF_* values are defaults; the ones in struct nw_limits can be
 * overridden per feed (see normwatch.feed(5)).  The NW_MAX_* values are
 * hard: no feed can raise them.
 */
#ifndef NORMWATCH_LIMITS_H
#define NORMWATCH_LIMITS_H

#include <stddef.h>

/* Transport */
#define NW_DEF_MAX_BODY		(64u << 20)	/* bytes of one fetched body */
#define NW_MAX_MAX_BODY		(1024u << 20)	/* no feed may go past 1 GiB */
#define NW_DEF_CONNECT_TIMEOUT	15		/* seconds to connect */
#define NW_DEF_TIMEOUT		300		/* seconds for a whole transfer */
#define NW_DEF_LOW_SPEED_LIMIT	512		/* bytes/s below which ... */
#define NW_DEF_LOW_SPEED_TIME	30		/* ... for this long aborts */
#define NW_DEF_MAX_REDIRECTS	5
#define NW_DEF_RETRIES		3		/* retries after the first try */
#define NW_DEF_RETRY_BASE_MS	1000		/* first backoff, doubled */
#define NW_MAX_RETRY_WAIT_MS	120000		/* cap on backoff and Retry-After */
#define NW_MAX_HEADER_VALUE	1024		/* bytes of a kept response header */

/* Documents */
#define NW_DEF_MAX_ENTRIES	100000		/* reports from one document */
#define NW_DEF_MAX_ENTRY_LEN	(32u << 10)	/* bytes of one report's text */
#define NW_MAX_TITLE_LEN	1024		/* bytes of a title */
#define NW_MAX_URL_LEN		4096		/* bytes of a URL */
#define NW_MAX_HTML_DEPTH	256		/* element nesting in HTML */
#define NW_MAX_DOC_LINES	(4u << 20)	/* lines of one text document */
#define NW_DEF_CONVERT_TIMEOUT	120		/* seconds for a converter */
#define NW_CONVERT_MAX_MEM	(1024u << 20)	/* address space of a converter */
#define NW_MAX_CONVERT_OUT	(256u << 20)	/* bytes a converter may print */

/* Definition and data files */
#define NW_MAX_CONF_FILE	(256u << 10)	/* bytes of a .feed or .rules file */
#define NW_MAX_CONF_LINE	4096		/* bytes of one line in them */
#define NW_MAX_FEEDS		1000		/* definitions in one directory */
#define NW_MAX_DATA_FILE	(16u << 20)	/* bytes of a reference table */
#define NW_MAX_DATA_LINE	8192		/* bytes of one line in it */
#define NW_MAX_DATA_ROWS	100000		/* rows in one reference table */
#define NW_MAX_DATA_LIST	256		/* items in one list field */

/* Extraction */
#define NW_MAX_ATTRIB		16		/* attribution claims per report */
#define NW_MAX_ACTORS		16		/* named actors per report */
#define NW_MAX_VICTIMS		64		/* victim states per report */
#define NW_MAX_ACTOR_NAME	64		/* bytes of an actor name */
#define NW_REGEX_MATCH_LIMIT	100000		/* pcre2 match limit per match */
#define NW_REGEX_DEPTH_LIMIT	1500		/* pcre2 backtracking depth */
#define NW_REGEX_HEAP_LIMIT	20000		/* KiB of pcre2 interpreter heap */
#define NW_REGEX_JIT_STACK	(512u << 10)	/* bytes of pcre2 JIT stack */

/* Norms rules (normwatch.rules(5)); NW_MAX_CONF_FILE and _LINE apply too */
#define NW_MAX_RULE_FILES	64		/* rules files loaded together */
#define NW_MAX_RULES		1000		/* rules in one file */
#define NW_MAX_PRINCIPLES	100		/* principles in one framework */
#define NW_MAX_DEFINES		1000		/* named patterns in one file */
#define NW_MAX_RULE_PATTERNS	32		/* match and unless lines of a rule */
#define NW_MAX_PATTERN_LEN	2048		/* bytes of one pattern */
#define NW_MAX_RULE_TEXT	400		/* bytes of a name, title, rationale */
#define NW_MAX_EVIDENCE_TEXT	200		/* bytes of matched text kept */
#define NW_MAX_MAP_WARNINGS	16		/* warnings kept per incident */
#define NW_MAX_EXTRACT_TEXT	(64u << 10)	/* bytes of a text nw_extract reads;
						   the rest is ignored */

/* Evaluation against coded (gold) reports */
#define NW_MAX_GOLD_LINE	(256u << 10)	/* bytes of one JSONL line */
#define NW_MAX_GOLD_DEPTH	8		/* JSON nesting in one line */

/* JSON documents (json.h): the strict streaming reader */
#define NW_JSON_MAX_DEPTH	64		/* open objects and arrays */
#define NW_JSON_MAX_STRING	(8u << 20)	/* bytes of one string value */
#define NW_JSON_MAX_KEY		1024		/* bytes of one object key */
#define NW_JSON_MAX_NUMBER	64		/* characters of one number */
#define NW_JSON_MAX_MEMBERS	10000		/* members of one object */
#define NW_JSON_MAX_SIZE	(4ULL << 30)	/* bytes of one document */

/* STIX validation (stixval.h) */
#define NW_STIX_MAX_OBJECT	(64u << 20)	/* bytes of one object in a bundle */
#define NW_STIX_MAX_OBJECTS	20000000	/* objects in one bundle */
#define NW_STIX_MAX_KEPT	1000		/* messages kept per validation by
						   nw_stixval_run (all are counted) */

/* CSV documents (csv.h); rows are capped by max-entries */
#define NW_CSV_MAX_FIELD	(256u << 10)	/* bytes of one field */
#define NW_CSV_MAX_LINE		(1u << 20)	/* bytes of one physical line */
#define NW_CSV_MAX_RECORD	(4u << 20)	/* bytes of one record (row) */
#define NW_CSV_MAX_FIELDS	1024		/* fields in one record */
#define NW_CSV_MAX_RECORD_LINES	2000		/* lines one record may span */

/* Collectors (MISP, TAXII): the state a feed keeps from run to run */
#define NW_MAX_FEED_STATE	100000		/* keys of one feed's state */
#define NW_MAX_FEED_STATE_VALUE	4096		/* bytes of one value */

/* Actors (actors.h): MISP galaxy cluster files of the actors kind */
#define NW_MAX_ACTOR_CLUSTERS	100000		/* clusters in one file */
#define NW_GALAXY_MAX_DEPTH	16		/* JSON nesting of a cluster file */
#define NW_GALAXY_MAX_STRING	(1u << 20)	/* bytes of one string in it */

/* Merging (merge.h): feeds/merges.tsv; NW_MAX_CONF_LINE applies */
#define NW_MAX_MERGE_FILE	(16u << 20)	/* bytes of merges.tsv */
#define NW_MAX_MERGE_DECISIONS	100000		/* decisions in it */

/* Logs */
#define NW_LOG_FIELD_MAX	160		/* bytes of untrusted text per log field */

/* Per-feed limits; nw_limits_default fills the NW_DEF_* values. */
struct nw_limits {
	size_t	max_body;	/* max-size: bytes of a fetched body */
	long	connect_timeout;/* connect-timeout: seconds */
	long	timeout;	/* timeout: seconds for one transfer */
	long	low_speed_limit;/* low-speed-limit: bytes per second */
	long	low_speed_time;	/* low-speed-time: seconds */
	long	max_redirects;	/* max-redirects */
	long	retries;	/* retries: extra tries on 429, 5xx, timeouts */
	long	retry_base_ms;	/* retry-base: first backoff in ms */
	size_t	max_entries;	/* max-entries: reports per document */
	size_t	max_entry_len;	/* max-entry-size: bytes of one report text */
	long	convert_timeout;/* convert-timeout: seconds for the converter */
};

void	nw_limits_default(struct nw_limits *);

#endif
