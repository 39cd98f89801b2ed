/*
 * csv.h - datasets of incidents as CSV: one row, one report.  Feed kind
 * "csv", for tables of the EuRepoC and CFR Cyber Operations Tracker kind.
 * The feed definition maps the dataset's columns (normwatch.feed(5)).
 *
 * Reading (RFC 4180, with named caps from limits.h).  A header row, then
 * records of fields separated by "separator" (default ","); a field may be
 * quoted with '"', a quote inside it doubled; quoted fields may hold
 * separators and line ends.  Lines end in LF, CRLF or CR.  Lenient where it
 * costs no certainty: blanks before an opening or after a closing quote, a
 * '"' inside an unquoted field (kept), blank lines (skipped), a UTF-8 BOM.
 * Text is UTF-8, or cp1252 or latin1 with "encoding"; with
 * "encoding-fallback" a row that is not UTF-8 is read in that encoding.
 *
 * Bad rows.  A row that breaks a rule of its own - a field count unlike
 * the header's (ragged), invalid UTF-8 (mixed encodings), a NUL byte, a
 * date that does not match or cannot be, a malformed list, an empty id, a
 * text over max-entry-size, a field or line over its cap, a quote that
 * does not close - is passed to the bad-row sink with its first line and
 * skipped; the other rows are kept.  After broken quoting, reading starts
 * again on the line after the bad row's first line.
 *
 * The whole document fails (-1, *err naming feed, file and line) when it
 * has no header, is not CSV (PDF, HTML, UTF-16, or a mapped column missing
 * from the header), crosses max-entries rows, or when
 * it has rows and every one of them is bad.  A header with no rows gives
 * no reports and no error.
 *
 * Reports.  line is the row's first line, offset its first byte.
 *   native_id  INCIDENT/ID when both "incident" and "id" are mapped,
 *              ID with "id" alone, INCIDENT/HASH with "incident" alone,
 *              HASH with neither; HASH is "r" and 16 hex digits of the
 *              SHA-256 of the row's cells, and stands for ID too when an
 *              id cell is empty.  An empty incident cell is a bad row.  Several id columns are joined
 *              with "/".  Each part is the cell as written, trimmed, with
 *              '%', '/', '~' and control bytes escaped as %XX, and an
 *              integral decimal ("8664.0") written as an integer ("8664").
 *              So the part before the first '/' is the dataset's own
 *              incident id.  The n-th row (n >= 2) of a document with the
 *              same id gets "~n" appended, counted from the top.
 *   date       from "date" by "date-format"; none when the cell is empty
 *   title      the "title" cell, normalized, cut at NW_MAX_TITLE_LEN
 *   url        the first http(s) URL in the "link" cells, else the feed's
 *   text       the "text" cells, normalized and joined as sentences; with
 *              no "text" key, "Header: value" of every non-empty cell
 *              joined with "; "
 *   preset     1 when any of states, actors, victims, sectors or
 *              sponsorship-column is mapped: ex is then filled from the
 *              columns alone (attributions with the row's hedge and party,
 *              actors as written, victims, sectors, sponsorship) and ingest
 *              does not extract from the text.  0 otherwise: ex is left
 *              empty for extraction to fill.
 * Evidence spans point at the first place in the text where the cell's
 * item is written, or are empty (off 0, len 0).
 */
#ifndef NORMWATCH_CSV_H
#define NORMWATCH_CSV_H

#include <stddef.h>

#include "normwatch/parse.h"

extern const struct nw_parser nw_parser_csv;

/* What one parse saw. */
struct nw_csv_stats {
	long	rows;		/* data records read (blank lines not counted) */
	long	kept;		/* rows handed to the callback */
	long	bad;		/* rows skipped; each went to the bad-row sink */
	long	unknown_states;	/* items of states and victims columns that
				   name no state normwatch knows */
	long	unknown_sectors;/* items of sectors columns no map maps */
};

/*
 * Parse doc as the CSV dataset feed describes.  fn (may be NULL) gets each
 * kept row in document order; onbad (may be NULL) gets each bad row as an
 * nw_error with code NW_E_DATA or NW_E_LIMIT, feed, file and line set.
 * stats (may be NULL) is filled in either way.  Returns the number of
 * reports, or -1 with *err set (or as fn left it when fn returned -1).
 * A bad feed key fails with NW_E_CONFIG naming the definition and line.
 */
long	nw_csv_parse(const struct nw_feed *feed, const struct nw_doc *doc,
	    struct nw_arena *arena, nw_report_fn fn, void *arg,
	    nw_error_fn onbad, void *badarg, struct nw_csv_stats *stats,
	    struct nw_error *err);

/*
 * Read a date by a "date-format" value: formats separated by ";", tried
 * in order.  A format is made of YYYY (four digits), M or MM (month,
 * one or two digits), D or DD (day), Month (an English month name or
 * abbreviation) and literal characters; "auto" is
 * "YYYY-MM-DD; YYYY-MM; YYYY".  A time may follow a full date after "T" or
 * a blank.  Sets *out with the precision the format gives.  Returns 0; -1
 * when no format matches or the date cannot be (February 30, a year
 * outside 1900 < y <= max_year).
 */
int	nw_csv_date_parse(const char *s, size_t len, const char *formats,
	    int max_year, struct nw_date *out);

#endif
