/*
 * norms.h - rules that map incidents to the principles of norms frameworks
 * (the Paris Call, the UN GGE 2015 norms).  Format in normwatch.rules(5):
 *
 *	framework paris-call
 *	name    = Paris Call for Trust and Security in Cyberspace
 *	version = 2018 (rules 1)
 *	url     = https://pariscall.international/en/principles
 *
 *	principle 1
 *	title = Protect individuals and infrastructure
 *
 *	define disruption = (?i)\b(?:ransomware|wiper|outage)
 *
 *	rule pc1-ci-disruption
 *	principle  = 1
 *	confidence = 80
 *	rationale  = A disruptive attack on critical infrastructure.
 *	sectors    = energy water healthcare
 *	match      = @disruption
 *	unless     = (?i)\bespionage\b
 *
 * Two objects.  struct nw_rules is the loaded rule set: every pattern
 * compiled once (pcre2 with JIT), read-only after loading, shareable by
 * threads.  struct nw_mapper evaluates the rules for one incident at a
 * time; it holds the pcre2 match data, the match limits and the buffers
 * the results live in, so use one mapper per thread.
 *
 * Order is canonical everywhere: frameworks by id; within a framework,
 * principles in file order; rules by their principle's order, then in
 * file order.  Indexes into the accessors below follow that order, and
 * so do findings and near misses.
 *
 * Patterns are JIT-compiled unless the environment has
 * NORMWATCH_PCRE2_JIT=0 when the rules are loaded: valgrind reports the
 * JIT's reads of whole aligned words past the end of a subject, which are
 * harmless, so tests run under valgrind set it.
 *
 * Ownership: every pointer handed out by nw_rules_* lives as long as the
 * rule set; every pointer in a struct nw_map_result lives until the next
 * nw_mapper_run or nw_mapper_free on that mapper.  Nothing is for the
 * caller to free except the two objects themselves.
 */
#ifndef NORMWATCH_NORMS_H
#define NORMWATCH_NORMS_H

#include <stddef.h>
#include <stdint.h>

#include "normwatch/compat.h"
#include "normwatch/error.h"
#include "normwatch/limits.h"
#include "normwatch/report.h"
#include "normwatch/util.h"

/* One framework: one rules file. */
struct nw_framework {
	const char	*id;		/* "paris-call": 1-63 of a-z 0-9 . _ -,
					   unique among the loaded files */
	const char	*name;		/* full name, for readers */
	const char	*version;	/* as written: "2018 (rules 1)" */
	const char	*url;		/* http(s) URL of the framework's text */
	const char	*file;		/* the rules file, as its path was given */
	long		 line;		/* of the "framework" line */
	char		 sha256[NW_SHA256_HEX];	/* of the file's bytes */
	size_t		 principle0;	/* index of its first principle */
	size_t		 nprinciples;	/* its principles: principle0 .. +n-1 */
	size_t		 rule0;		/* index of its first rule */
	size_t		 nrules;	/* its rules: rule0 .. +n-1 */
};

/* One principle (or norm) of a framework. */
struct nw_principle {
	const char	*id;		/* "1", "a": unique in its framework */
	const char	*title;		/* short title, for readers */
	size_t		 index;		/* its own index (nw_rules_principle) */
	size_t		 framework;	/* index of its framework */
	long		 line;		/* of its "principle" line */
};

/* One rule: the tests it makes are internal; these are for display. */
struct nw_rule {
	const char	*id;		/* unique across all loaded files */
	size_t		 index;		/* its own index (nw_rules_rule) */
	size_t		 framework;	/* index of its framework */
	size_t		 principle;	/* index of the principle it supports */
	int		 confidence;	/* 0-100, the STIX confidence scale */
	const char	*rationale;	/* one line, written for readers */
	const char	*file;		/* the rules file */
	long		 line;		/* of its "rule" line */
};

struct nw_rules;

/*
 * Parse one rules file held in memory (len bytes, need not be
 * NUL-terminated); path names it in errors.  Every error goes to onerr
 * (which may be NULL) as file:line:col with the message; pcre2's own
 * message and the column of its error offset for a bad pattern.  Returns
 * the rule set, or NULL when there was any error, with the first one in
 * *err.  Free with nw_rules_free.
 */
struct nw_rules	*nw_rules_parse(const char *path, const char *text, size_t len,
		    nw_error_fn onerr, void *arg, struct nw_error *err) NW_WUR;

/*
 * Read and parse n rules files (each at most NW_MAX_CONF_FILE bytes, at
 * most NW_MAX_RULE_FILES of them) into one set.  The paths are taken in
 * sorted order whatever order they are given in, so the result and the
 * errors do not depend on it.  Besides each file's own errors, a
 * framework id or rule id used by two files is an error naming both
 * places.  NULL when anything was wrong, as nw_rules_parse.
 */
struct nw_rules	*nw_rules_load(const char *const *paths, size_t n,
		    nw_error_fn onerr, void *arg, struct nw_error *err) NW_WUR;

/*
 * Every "*.rules" file in dir (not those starting with '.'), as
 * nw_rules_load.  A directory with no rules file is an error.
 */
struct nw_rules	*nw_rules_load_dir(const char *dir, nw_error_fn onerr,
		    void *arg, struct nw_error *err) NW_WUR;

void		 nw_rules_free(struct nw_rules *);	/* NULL is fine */

/* Introspection.  The index arguments must be below the counts. */
size_t		 nw_rules_nframeworks(const struct nw_rules *);
size_t		 nw_rules_nprinciples(const struct nw_rules *);
size_t		 nw_rules_nrules(const struct nw_rules *);
size_t		 nw_rules_npatterns(const struct nw_rules *); /* distinct */
/* How many of them the prefilter can skip (see NW_MAP_NO_PREFILTER). */
size_t		 nw_rules_nprefiltered(const struct nw_rules *);
const struct nw_framework *nw_rules_framework(const struct nw_rules *,
		    size_t);
const struct nw_principle *nw_rules_principle(const struct nw_rules *,
		    size_t);
const struct nw_rule *nw_rules_rule(const struct nw_rules *, size_t);
/* By id: NULL when there is none. */
const struct nw_framework *nw_rules_find_framework(const struct nw_rules *,
		    const char *id);
const struct nw_rule *nw_rules_find_rule(const struct nw_rules *,
		    const char *id);

/*
 * The version of the loaded rules: 64 hex digits of SHA-256 over the
 * files' own SHA-256 digests (struct nw_framework.sha256), each followed
 * by a newline, in framework id order.  Renaming a file does not change
 * it; changing one byte of a rule does.  Recorded by remap and reports.
 */
const char	*nw_rules_version(const struct nw_rules *);

/* --- mapping ------------------------------------------------------------ */

/* One report of the incident, as the mapper sees it. */
struct nw_map_report {
	const char		*text;	/* normalized UTF-8 (nw_text_normalize),
					   need not be NUL-terminated */
	size_t			 len;	/* bytes of text, below 4 GiB */
	const struct nw_extract	*ex;	/* what extraction found; NULL for
					   nothing */
};

/* One incident: one or more reports about it, and its date. */
struct nw_map_input {
	const struct nw_map_report *reports;
	size_t			 nreports;	/* 0 is allowed: then only the
						   date can hold */
	struct nw_date		 date;		/* the incident's date */
};

enum nw_evidence_kind {
	NW_EV_MATCH = 0,	/* a match line's pattern matched the text */
	NW_EV_ATTRIBUTION,	/* the attribution that met attributed/hedge/by */
	NW_EV_ACTOR		/* the named actor that met "actors = any" */
};

/* One piece of evidence for a finding: a span of one report's text. */
struct nw_evidence {
	enum nw_evidence_kind kind;
	size_t		 report;	/* index into the input's reports */
	struct nw_span	 span;		/* [off, off + len) of that report's
					   text; len 0 when extraction gave
					   no span */
	const char	*source;	/* what produced it: the match line's
					   pattern as written ("@disruption",
					   "(?i)\\bgrid\\b"), "attributed",
					   "actors" */
	long		 line;		/* of the rule line that produced it */
	long		 col;		/* of its value on that line */
	char		 text[NW_MAX_EVIDENCE_TEXT + 1];
					/* the span's text, NUL-terminated,
					   cut at a UTF-8 character boundary
					   when longer than the cap */
	int		 cut;		/* 1 when text was cut */
};

/* A rule that fired: the incident runs against its principle. */
struct nw_finding {
	const struct nw_rule		*rule;
	const struct nw_framework	*framework;
	const struct nw_principle	*principle;
	int				 confidence;	/* the rule's */
	const struct nw_evidence	*ev;		/* attribution, actor,
							   then match lines in
							   file order */
	size_t				 nev;
};

/*
 * A rule that failed exactly one of its tests (one condition, one match
 * line, or an unless line that matched): what was missing, for explain.
 */
struct nw_near_miss {
	const struct nw_rule		*rule;
	const struct nw_framework	*framework;
	const struct nw_principle	*principle;
	int		 principle_found;	/* 1 when other rules found
						   the principle anyway */
	int		 held;		/* positive tests that held: match lines
					   that matched, and sectors,
					   sponsorship, attribution, actors,
					   victims and requires conditions
					   met; 0 for a rule one test short
					   that found nothing at all */
	long		 line;		/* of the test that failed, in
					   rule->file */
	long		 col;		/* of its value on that line */
	char		 what[256];	/* "sectors: none of energy, water
					   among [government]", "no match for
					   @disruption", "excluded by unless
					   (?i)\\bespionage\\b: matched
					   \"espionage\"" */
};

/* What one nw_mapper_run found; owned by the mapper. */
struct nw_map_result {
	const struct nw_finding		*findings;	/* canonical order */
	size_t				 nfindings;
	const struct nw_near_miss	*near;		/* canonical order; only
							   with NW_MAP_NEAR_MISSES */
	size_t				 nnear;
	/*
	 * Rules stopped by a pattern that hit a pcre2 limit (match, depth,
	 * heap, JIT stack).  Such a rule does not fire and is no near miss;
	 * the other rules are evaluated as usual.  Each warning has code
	 * NW_E_LIMIT, the rules file, line and column of the pattern, and a
	 * message naming the rule and the report, for the caller to log.
	 * At most NW_MAX_MAP_WARNINGS are kept; nwarnings_total counts all.
	 */
	const struct nw_error		*warnings;
	size_t				 nwarnings;
	size_t				 nwarnings_total;
};

/* Flags of nw_mapper_run. */
#define NW_MAP_NEAR_MISSES	0x01	/* also find near misses (slower:
					   every test of a rule is tried) */
/*
 * Run every pattern.  By default a pattern whose literals (strings one of
 * which any match must contain, read from the pattern) are all absent
 * from a report's text is not run on it: one Aho-Corasick pass per report
 * instead of one pcre2 scan per pattern.  The results are the same either
 * way; tests and benchmarks compare the two.
 */
#define NW_MAP_NO_PREFILTER	0x02

struct nw_mapper;

/*
 * A mapper for rules, which must outlive it.  NULL with *err set when
 * pcre2 cannot allocate its match data (or JIT stack).
 */
struct nw_mapper *nw_mapper_new(const struct nw_rules *rules,
		    struct nw_error *err) NW_WUR;

/*
 * Map one incident: evaluate every rule (those with "requires" after the
 * rules of the principles they require) and set *res.  The same input
 * always gives the same result.  Conditions are tested on the union of
 * the reports' extracted fields; patterns on each report's text, each
 * distinct pattern at most once per report.  No allocation once the
 * buffers have grown to the largest incident seen.
 *
 * Returns 0, or -1 with *err set (NW_E_DATA: a report's text is not
 * valid UTF-8 or too long) and *res then empty.  Limits hit by patterns
 * are not failures: see nw_map_result.warnings.
 */
int		 nw_mapper_run(struct nw_mapper *m, const struct nw_map_input *in,
		    int flags, const struct nw_map_result **res,
		    struct nw_error *err) NW_WUR;

void		 nw_mapper_free(struct nw_mapper *);	/* NULL is fine */

#endif
