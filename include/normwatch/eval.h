/*
 * eval.h - scoring extraction against coded ("gold") reports.
 *
 * A gold file is JSON Lines, one coded report a line (see the gold set's
 * README): id, date ("YYYY-MM"), attribution [{state, hedge, by}], actors
 * [], sponsorship, victim_states [], sectors [], principles [1..9], text.
 *
 * nw_eval_run reads the file, prepares each text the way a list document
 * is prepared (normalize, then rejoin split words with a lexicon built
 * from all texts of the file), reads the date marker, runs nw_extract and
 * compares.  Scores are plain counters, so a later stage (principles) can
 * add its own comparison with nw_eval_entry-like code and print with
 * nw_eval_print.
 */
#ifndef NORMWATCH_EVAL_H
#define NORMWATCH_EVAL_H

#include <stdint.h>
#include <stdio.h>

#include "normwatch/error.h"
#include "normwatch/extract.h"
#include "normwatch/norms.h"
#include "normwatch/report.h"

#define NW_PRINCIPLES	9	/* Paris Call principles, numbered 1..9 */
#define NW_EVAL_FRAMEWORK "paris-call"	/* the framework gold principles are of */

/* One coded report.  Strings belong to the nw_gold that holds it. */
struct nw_gold_entry {
	const char	*id;		/* "csis-000" */
	long		 line;		/* line in the gold file */
	char		 date[16];	/* as coded: "2022-09", "2022", "" */
	struct nw_extract coded;	/* attribution (ev unused), actors,
					   sponsorship, victims, sectors */
	uint32_t	 principles;	/* bit n-1 set for principle n */
	const char	*text;		/* the report text as in the file */
	size_t		 textlen;
};

struct nw_gold;

/*
 * Read a gold file (at most NW_MAX_DATA_FILE bytes, NW_MAX_GOLD_LINE a
 * line, NW_DEF_MAX_ENTRIES entries, JSON depth NW_MAX_GOLD_DEPTH).  Errors
 * name file:line and the JSON path of a bad field.  Free with
 * nw_gold_free (NULL is safe).
 */
struct nw_gold	*nw_gold_load(const char *path, struct nw_error *err);
void		 nw_gold_free(struct nw_gold *);
size_t		 nw_gold_count(const struct nw_gold *);
const struct nw_gold_entry *nw_gold_entry_at(const struct nw_gold *, size_t);

/* Set-valued scores: true positives, false positives, false negatives. */
struct nw_count {
	unsigned long	tp, fp, fn;
};

/* Single-valued scores: right answers out of total. */
struct nw_ratio {
	unsigned long	right, total;
};

double	nw_count_precision(const struct nw_count *);	/* 1 when nothing */
double	nw_count_recall(const struct nw_count *);	/* 1 when nothing */
double	nw_count_f1(const struct nw_count *);
double	nw_ratio_value(const struct nw_ratio *);	/* 1 when total 0 */

struct nw_eval_scores {
	unsigned long	entries;	/* entries scored */
	struct nw_ratio	date;		/* date as coded (month precision) */
	struct nw_count	attr;		/* (entry, attributed state) pairs */
	struct nw_ratio	hedge;		/* over states in gold and prediction */
	struct nw_ratio	party;		/* "by", over the same states */
	struct nw_count	actors;		/* (entry, actor name), case and
					   punctuation ignored, "the" dropped */
	struct nw_ratio	sponsorship;	/* per entry */
	struct nw_count	victims;	/* (entry, victim state) pairs */
	struct nw_count	sectors;	/* (entry, sector) pairs */
	struct nw_count	principles;	/* (entry, principle): for the norms
					   stage, left zero by nw_eval_run */
	struct nw_count	principle[NW_PRINCIPLES];	/* per principle */
	double		extract_seconds;/* time spent in nw_extract */
	unsigned long	extract_errors;	/* nw_extract returned -1 */
	unsigned long	mapped;		/* entries mapped to the norms */
	double		map_seconds;	/* time spent in nw_mapper_run */
	unsigned long	map_errors;	/* mapper errors and limit warnings */
};

/*
 * Compare one prediction (date and extraction) with its coded entry and
 * add to *sc.  When misses is not NULL, print one line per difference,
 * starting with the entry id.
 */
void	nw_eval_entry(const struct nw_gold_entry *, const struct nw_date *date,
	    const struct nw_extract *pred, struct nw_eval_scores *sc,
	    FILE *misses);

/*
 * Compare the Paris Call principles found for an entry (bit n-1 for
 * principle n) with those coded, adding to sc->principles and
 * sc->principle[]; misses as nw_eval_entry.
 */
void	nw_eval_principles(const struct nw_gold_entry *, uint32_t found,
	    struct nw_eval_scores *sc, FILE *misses);

/* Flags for nw_eval_run. */
#define NW_EVAL_MISSES	0x1	/* print every difference with its entry id */

/*
 * Score extraction on a gold file: *sc is cleared, filled, and printed to
 * out (a report for people; out may be NULL).  Returns 0, or -1 with *err
 * set when the file cannot be read or is malformed.
 */
int	nw_eval_run(const char *gold_path, struct nw_extractor *,
	    FILE *out, int flags, struct nw_eval_scores *sc,
	    struct nw_error *err) NW_WUR;

/*
 * nw_eval_run, and the Paris Call principles too: each entry is mapped as
 * an incident of its own with mapper (NULL: no principles), the findings
 * of framework NW_EVAL_FRAMEWORK compared with the coded principles.
 */
int	nw_eval_run_norms(const char *gold_path, struct nw_extractor *,
	    struct nw_mapper *mapper, FILE *out, int flags,
	    struct nw_eval_scores *sc, struct nw_error *err) NW_WUR;

/* Print the scores: one line per metric with counts. */
void	nw_eval_print(FILE *, const struct nw_eval_scores *);

#endif
