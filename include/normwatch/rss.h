/*
 * rss.h - RSS 2.0 and Atom 1.0 feeds of vendor and agency disclosures
 * (RSS 0.9x and RSS 1.0 / RDF are read too).  Feed kind "rss".
 *
 * Reading.  libxml2's push parser with our own SAX handler, in chunks:
 * no tree is built, so memory stays bounded by one item.  Options are
 * XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING, never NOENT,
 * DTDLOAD, DTDATTR or HUGE.  Any DOCTYPE is refused (NW_E_PARSE) the
 * moment libxml2 reports it, before its internal subset is read, so no
 * entity is ever declared, expanded or loaded (billion laughs, external
 * entities by file: or http: URL).  Only the five predefined entities and
 * character references are decoded; any other entity reference is a
 * well-formedness error.  XInclude is never processed.
 *
 * The root must be <rss> (no namespace, or the userland RSS 2 one), an
 * Atom <feed> or an RSS 1.0 <rdf:RDF>; anything else (an HTML error page)
 * is NW_E_PARSE.  Items are rss/channel/item, feed/entry and rdf:RDF/item.
 * A feed with no items gives 0 reports.
 *
 * One report per item:
 *  - title: RSS <title> as text; Atom <title> by its type (text, html,
 *    xhtml); HTML is stripped to text (see "HTML" below); normalized
 *    (nw_text_normalize); cut to NW_MAX_TITLE_LEN bytes.  NULL when empty.
 *  - text: the title, ". " (a space alone when the title ends in . ! ? or
 *    :), then the body stripped to text and normalized.  The body is
 *    content:encoded (RSS) or <content> (Atom; not when it has a src or a
 *    non-text MIME type) when that has text, else <description> or
 *    <summary>.  RSS descriptions are HTML (RSS 2.0 says "entity-encoded
 *    HTML"); Atom fields go by their type.  The contents of script,
 *    style and the other elements nw_html_to_text drops never reach the
 *    text.  An item with neither title nor body is skipped.  A text longer
 *    than limits.max_entry_len is cut at the last space before the cap
 *    (an info message, not a warning: long posts are normal).
 *  - url: RSS <link>, else a <guid> that is a permalink (isPermaLink not
 *    "false") and an http(s) URL; Atom <link> with rel alternate (or no
 *    rel), relative ones resolved against xml:base and the document URL.
 *    Only http and https URLs of at most NW_MAX_URL_LEN bytes are kept;
 *    otherwise the report carries the document's URL.
 *  - native_id: the <guid> or Atom <id> as written (trimmed) when present
 *    and at most NW_RSS_MAX_ID bytes; else the link as written (trimmed);
 *    else "hash-" and 16 hex digits of the SHA-256 of the normalized title,
 *    a newline and the date as nw_date_format writes it (the text instead
 *    of the title when there is none).  So ids survive re-fetches and
 *    reordering.  A second item with the id of an earlier one in the same
 *    document is skipped with a warning.
 *  - date: RSS <pubDate>, else <dc:date>; Atom <published>, else
 *    <updated>, else <dc:date>; parsed by nw_rss_date_parse and kept as
 *    the UTC day.  A missing date gives NW_PREC_NONE (never the channel's
 *    build date: that is not the item's date).  An unreadable or
 *    impossible date skips the item with a warning naming it; the rest of
 *    the feed still lands.
 *  - line: the line of the item's start tag; offset -1.
 *
 * HTML.  Simple item HTML (paragraphs, lists, tables, links, emphasis,
 * entities of libxml2's HTML 4 table) is read by a fast path in rss.c;
 * anything else (comments, script, style, elements nw_html_to_text drops,
 * unusual tags or entities) goes to nw_html_to_text.  Both give the same
 * text once normalized; NORMWATCH_RSS_HTML=libxml2 in the environment
 * sends everything to nw_html_to_text (the tests compare the two).
 *
 * Feed keys "include" and "exclude": one PCRE2 pattern each (use
 * alternation for several), UTF, caseless unless the pattern says (?-i),
 * matched against the report text (title included).  An item is kept when
 * it matches include (if given) and does not match exclude (if given).
 * Patterns that can match the empty string are refused.  Matches run with
 * the match, depth and heap limits of limits.h; an item whose match hits
 * a limit is kept, with a warning.  Patterns are JIT-compiled unless
 * NORMWATCH_PCRE2_JIT=0 (for valgrind, as in norms.h).
 *
 * Reports go to the callback as each item ends, so a document found bad
 * further on may already have given some; the caller discards them (ingest
 * rolls the feed's transaction back).
 *
 * Errors (one, naming feed, document and place; no callback follows one):
 * a document over its cap, more than limits.max_entries items or elements
 * nested deeper than NW_RSS_MAX_DEPTH (NW_E_LIMIT); a DOCTYPE, a wrong
 * root or malformed XML (NW_E_PARSE, line and column from libxml2,
 * whose message is quoted); bytes that are not in the declared encoding,
 * an unknown encoding, NUL bytes (NW_E_DATA, line and column); a bad
 * include or exclude pattern (NW_E_CONFIG, the definition's line).
 * Warnings go to nw_log, at most NW_RSS_MAX_WARNINGS per document plus
 * one line counting the rest.
 */
#ifndef NORMWATCH_RSS_H
#define NORMWATCH_RSS_H

#include <stddef.h>

#include "normwatch/parse.h"
#include "normwatch/report.h"

#define NW_RSS_MAX_DOC		(64u << 20)	/* bytes of a document, whatever
						   max-size says: bounds the
						   time of one parse */
#define NW_RSS_MAX_DEPTH	128		/* element nesting */
#define NW_RSS_MAX_FIELD	(4u << 20)	/* bytes of one field as written
						   (a description's HTML); the
						   rest is cut unread */
#define NW_RSS_MAX_ID		1024		/* bytes of a guid or Atom id */
#define NW_RSS_MAX_DATE		128		/* bytes of a date field */
#define NW_RSS_MAX_WARNINGS	10		/* warning lines per document */

extern const struct nw_parser nw_parser_rss;

enum nw_rss_date {
	NW_RSS_DATE_OK = 0,	/* *out is set */
	NW_RSS_DATE_NONE,	/* empty or only blanks */
	NW_RSS_DATE_BAD,	/* not a date in any shape we read */
	NW_RSS_DATE_IMPOSSIBLE	/* shaped like one, but no such date or
				   time (31 February, 25:00, +99:00), or
				   a year before 1901 or after max_year */
};

/*
 * Parse a feed date: RFC 822 / RFC 1123 as RSS writes it ("Tue, 07 May
 * 2024 14:30:00 +0200": day name and seconds optional, two-digit years
 * 1970-2069, full or abbreviated month names in any case, zones UT GMT UTC
 * Z, the US ones, +hhmm, +hh:mm, a few common names (CET, CEST, BST, JST,
 * ...), military letters and unknown names as UTC, a missing time as
 * midnight UTC, a trailing "(comment)"), or RFC 3339 / W3CDTF as Atom and
 * Dublin Core write it ("2024-05-07T14:30:00.5+02:00", "2024-05-07",
 * "2024-05", "2024"; a space for the T).  A time with a zone is moved to
 * UTC and the UTC day kept (precision day); "2024-05" gives precision
 * month and "2024" year.  Returns what it found; *out is set only on
 * NW_RSS_DATE_OK.
 */
enum nw_rss_date nw_rss_date_parse(const char *s, size_t len, int max_year,
		    struct nw_date *out);

#endif
