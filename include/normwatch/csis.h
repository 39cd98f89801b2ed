/*
 * csis.h - lists of significant cyber incidents in the CSIS style: dated
 * paragraphs ("September 2022. Iranian hackers targeted ..."), newest
 * first, published as PDF, HTML or plain text.  Feed kind "csis".
 *
 * The document is turned into lines (pdftotext for PDF, libxml2's HTML
 * parser for HTML), running headers, footers and page numbers are
 * dropped, and the rest is split into entries at month-year markers.
 * Undated entries ("Since 2017, ...") take the date of the entry above
 * them (the one below, at the top of the list).  The preamble before the
 * first dated entry is not an entry.
 *
 * Native ids are "YYYY-MM-" plus 16 hex digits of the SHA-256 of the
 * entry's letters and digits only (lower-cased), so the same entry keeps
 * its id whatever the extraction noise and wherever it sits in the list.
 * Entries with the same key get "-2", "-3" counted from the bottom of the
 * list, so new entries added on top change no id.
 */
#ifndef NORMWATCH_CSIS_H
#define NORMWATCH_CSIS_H

#include "normwatch/parse.h"

extern const struct nw_parser nw_parser_csis;

/*
 * Split plain text (already UTF-8 checked) into entries, as the parser does
 * after conversion; exposed for tests, the bench and eval.  Lines of the
 * document that are running headers or footers are recognised by
 * repetition across pages (form feeds) and by page-number shape.
 */
long	nw_csis_split_text(const struct nw_feed *feed, const char *docname,
	    const char *text, size_t len, struct nw_arena *arena,
	    nw_report_fn fn, void *arg, struct nw_error *err);

#endif
