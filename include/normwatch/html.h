/*
 * html.h - HTML to plain paragraphs with libxml2's HTML parser.
 *
 * No network, no DTD, no entity loading (HTML_PARSE_NONET, never NOENT,
 * DTDLOAD or HUGE): only the predefined HTML entities (&rsquo;, &amp;,
 * ...) are decoded; anything else stays as written.  The contents of
 * head, script, style, noscript, template, nav, header, footer, aside,
 * form, svg, math, iframe, object, embed, canvas, select, button and
 * textarea are dropped, as are comments.
 *
 * Block elements (p, div, li, h1-h6, tr, table, ul, ol, blockquote,
 * section, article, main, pre, hr, ...) start and end a paragraph; cells
 * and definition terms (td, th, dt, dd) start and end a line; br ends a
 * line, and two br in a row end a paragraph.  Inline text is joined, runs
 * of white space (including no-break spaces) become one space, and lines
 * carry no leading or trailing blanks.  The result is UTF-8 text in which
 * paragraphs are separated by exactly one blank line, ending in one
 * newline: the same shape pdftotext gives, so the list splitters need not
 * care where text came from.  Nesting deeper than NW_MAX_HTML_DEPTH
 * elements is an error (NW_E_LIMIT), whether libxml2 or our own walk
 * notices it first.
 */
#ifndef NORMWATCH_HTML_H
#define NORMWATCH_HTML_H

#include <stddef.h>

#include "normwatch/error.h"
#include "normwatch/util.h"

/*
 * Returns the text NUL-terminated (caller frees), *outlen set, or NULL with
 * *err set (code and message; the caller adds feed and file):
 * NW_E_LIMIT when the text would pass max bytes, the input is over INT_MAX
 * bytes or nesting is too deep; NW_E_PARSE when libxml2 gives up.
 * Input need not be UTF-8.  A UTF-16 BOM or a declared charset other than
 * UTF-8 ("charset=" in the first 4 KiB) is left to libxml2.  Otherwise
 * the input is read as UTF-8 (bad bytes become U+FFFD) when it declares
 * UTF-8, has a UTF-8 BOM, or holds at least one valid multi-byte sequence
 * per four invalid bytes, and as Windows-1252 (what browsers assume) when
 * it is mostly not UTF-8.  The output is always valid UTF-8 without NUL
 * or other control bytes (but \n).  An empty or all-markup document gives
 * "" (length 0).
 */
char	*nw_html_to_text(const char *html, size_t len, size_t max,
	    size_t *outlen, struct nw_error *err);

/*
 * 1 when data looks like HTML, else 0: after an optional UTF-8 BOM and
 * white space it starts with '<', and its first 1 KiB holds "<!doctype
 * html", "<html" or "<body" (any case; a comment or XML declaration may
 * come first).
 */
int	 nw_html_sniff(const char *data, size_t len);

#endif
