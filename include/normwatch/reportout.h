/*
 * reportout.h - `normwatch report`: the quarterly exposure report
 * (src/output/report_html.c, charts in src/output/svg.c, every byte of
 * HTML through the writer of htmlw.h).
 *
 * For a quarter YYYYQn it writes into a directory:
 *
 *   YYYYQn.html               one self-contained page: headline, inline
 *                             SVG charts each with a table of the same
 *                             numbers, observance, the incidents per
 *                             principle with their sources and evidence,
 *                             methodology; no script, no external file
 *   YYYYQn/incidents.csv      one row per incident of the quarter
 *   YYYYQn/report.json        the page's numbers (canonical JSON)
 *   YYYYQn/bundle.stix.json   the quarter's STIX 2.1 bundle (stixout.h)
 *
 * and with all, every quarter from the first to the last that holds an
 * incident, and index.html linking them.  An incident belongs to the
 * quarter of its date (the earliest of its reports' dates, map.h) when
 * that date has at least a month, as in the STIX export.
 *
 * Everything is a function of the store, the rules and the reference
 * tables, except the generation time, which opts->generated fixes: the
 * same store gives byte-identical files.  Files are replaced whole
 * (nw_write_file_atomic).
 */
#ifndef NORMWATCH_REPORTOUT_H
#define NORMWATCH_REPORTOUT_H

#include <stddef.h>

#include "normwatch/error.h"
#include "normwatch/norms.h"
#include "normwatch/refdata.h"
#include "normwatch/store.h"
#include "normwatch/util.h"

#define NW_REPORT_MAX_PAGE	(512u << 20)	/* bytes of one HTML page */
#define NW_REPORT_MAX_FILE	(1024u << 20)	/* bytes of one companion */
#define NW_REPORT_TOP		5	/* items in each headline list */
#define NW_REPORT_HEAT_STATES	10	/* states in the heat map */
#define NW_REPORT_MONTHS	24	/* months in the monthly chart */
#define NW_REPORT_SUMMARY	200	/* bytes of an incident's summary line */
#define NW_REPORT_MAX_QUARTERS	400	/* quarters one --all may write */

struct nw_report_opts {
	int			 year;		/* the quarter: year, */
	int			 quarter;	/* and 1-4; ignored with all */
	int			 all;		/* every quarter, and index.html */
	const char		*outdir;	/* created when missing */
	const char		*generated;	/* RFC 3339 time shown as the
						   generation time; NULL: now */
	const struct nw_rules	*rules;		/* principle titles, rule
						   rationales; may be NULL */
	const struct nw_refdata	*ref;		/* state names (and the STIX
						   bundle's); may be NULL */
	int			 no_stix;	/* 1: skip bundle.stix.json */
};

struct nw_report_stats {
	long		quarters;	/* pages written */
	long long	incidents;	/* incidents on them */
	long		files;		/* files written */
};

/*
 * Write the report(s) of opts into opts->outdir.  Reads the store in one
 * snapshot.  Returns 0, or -1 with *err (NW_E_IO naming the file that
 * could not be written, NW_E_STORE, NW_E_LIMIT when a page would cross
 * NW_REPORT_MAX_PAGE).  stats may be NULL.
 */
int	nw_report_write(struct nw_store *, const struct nw_report_opts *,
	    struct nw_report_stats *stats, struct nw_error *err);

/*
 * The content hash of the store: SHA-256 over a dump, in key order, of
 * what the reports say and what normwatch made of it (sources: name, kind,
 * url, publisher, tlp; reports: source, native id, precision, sponsorship
 * and the stored content hash, which covers their url, date, title, text,
 * claims, actors, victims and sectors; incidents by key with their
 * reports, rules version, findings, evidence and observance; canonical
 * actors of actor claims; the store's rules version), each value length-
 * prefixed.  Row ids and time stamps (first_seen, fetches, runs) are left
 * out, so two stores built from the same feeds with the same rules hash
 * alike.  out gets 64 hex digits.  Returns 0 or -1 with *err.
 */
int	nw_report_store_hash(struct nw_store *, char out[NW_SHA256_HEX],
	    struct nw_error *err);

/* Parse "YYYYQn": 0, or -1. */
int	nw_report_parse_quarter(const char *s, int *year, int *quarter);

#endif
