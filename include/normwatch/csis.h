/*
 * csis.h - lists of significant cyber incidents in the CSIS style: dated
 * paragraphs ("September 2022. Iranian hackers targeted ..."), newest
 * first, published as PDF, HTML or plain text.  Feed kind "csis".
 *
 * Formats.  The parser reads plain text and HTML; a PDF body is turned into
 * text by ingest (pdftotext) before it gets here, and one that arrives
 * unconverted is an error.  Feed key "format" = auto | text | html: auto
 * (the default) takes HTML when the body sniffs as HTML (nw_html_sniff),
 * or when the Content-Type says HTML and the body opens with a tag; text
 * otherwise.  HTML goes through
 * nw_html_to_text first; lines and offsets are then those of that text,
 * so reports from HTML carry line 0 and offset -1, and errors name the
 * document as "NAME (text of HTML)".
 *
 * Splitting.  Running headers, footers and page numbers are dropped (by
 * repetition at page edges across form feeds, by repetition of short
 * heading-like lines without them, and by page-number shape), and so are
 * bare year headings.  An entry starts at a line opening with a date marker
 * (nw_datemark_parse) after a blank line, a page break, a sentence end or a
 * short line, or at a strong marker ("May 2022. Hackers"), unless the line
 * before asks for a date ("... began in" / "May 2022. Officials ...").  An
 * entry continues across page breaks unless the next page opens with a
 * date marker.
 *
 * Undated entries ("Since 2017, ...").  A capitalised paragraph after a
 * blank line (or after a short line, which ends a paragraph just as well)
 * starts an undated entry when the entry before it has ended its sentence
 * and has text besides its marker.  It takes the date, with its precision,
 * of the dated entry above it (the newer one).  Since an undated paragraph
 * before the first dated entry is preamble, there always is one above.
 *
 * The preamble (everything before the first dated entry) is not an entry.
 * An entry with nothing but its marker ("April 2022." at the end of a cut
 * document) is skipped with a warning.  A document cut short in the middle
 * of an entry is split as far as it goes: the last entry keeps what it has
 * (entries that lack a final period are common, so a cut cannot be told
 * from an ending; the fetch guards against short transfers).
 *
 * Report text: the entry's lines joined, normalized (nw_text_normalize) and
 * repaired (nw_text_rejoin, with a lexicon of the whole document), date
 * marker included ("September 2022. Iranian hackers ...").  line and offset
 * are those of the entry's first line in the input (a BOM counts in the
 * offset, not in the columns).  title is NULL, url the document's URL.
 *
 * Native ids: the date as precise as the marker ("2022-09-", "2022-09-12-"
 * or "2019-") plus 16 hex digits of the SHA-256 of the entry's text after
 * its marker, keeping only letters and digits (ASCII lower-cased; the bytes
 * of non-ASCII characters as they are).  So the same entry keeps its id
 * whatever the extraction noise (split words, hyphenation, quotes, line
 * ends) and wherever it sits in the list.  Entries with the same key get
 * "-2", "-3", ... counted from the bottom of the list, so new entries added
 * on top change no id.
 *
 * Errors (one line, naming feed, document and place): invalid UTF-8 or a
 * NUL byte (NW_E_DATA, line and column), an impossible date opening an entry
 * (NW_E_DATA, line, the marker quoted), an entry longer than
 * limits.max_entry_len or more than limits.max_entries entries (NW_E_LIMIT,
 * line), no dated entry at all (NW_E_PARSE: a wrong or truncated document).
 * All of them are found before the first callback.  Zero limits in the feed
 * mean the defaults.
 */
#ifndef NORMWATCH_CSIS_H
#define NORMWATCH_CSIS_H

#include "normwatch/parse.h"

extern const struct nw_parser nw_parser_csis;

/*
 * Split plain text into entries, as the parser does after conversion;
 * exposed for tests, the bench and eval.  text need not be checked: it is
 * checked for UTF-8 here (a leading BOM is skipped), and one starting with
 * "%PDF-" is refused.  feed may be NULL (default limits, no feed name);
 * docname names the text in errors.  Reports carry no URL.  Returns the
 * number of reports, or -1 with *err set (or, when fn returned -1, with
 * *err as fn left it).
 */
long	nw_csis_split_text(const struct nw_feed *feed, const char *docname,
	    const char *text, size_t len, struct nw_arena *arena,
	    nw_report_fn fn, void *arg, struct nw_error *err);

#endif
