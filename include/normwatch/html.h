/*
 * html.h - HTML to plain paragraphs with libxml2's HTML parser.
 *
 * No network, no DTD, no entity loading; script, style, nav, header,
 * footer, aside, form and template contents are dropped.  Each block
 * element (p, li, div, h1-h6, td, br, ...) ends a line; the result is
 * text in which paragraphs are separated by blank lines, the same shape
 * pdftotext gives, so the list splitters need not care where text came
 * from.  Nesting deeper than NW_MAX_HTML_DEPTH is an error.
 */
#ifndef NORMWATCH_HTML_H
#define NORMWATCH_HTML_H

#include <stddef.h>

#include "normwatch/error.h"
#include "normwatch/util.h"

/*
 * Returns the text NUL-terminated (caller frees), *outlen set, or NULL with
 * *err set.  max caps the output.  Input need not be UTF-8: libxml2 honours
 * the document's declared charset; output is UTF-8.
 */
char	*nw_html_to_text(const char *html, size_t len, size_t max,
	    size_t *outlen, struct nw_error *err);

/* 1 when data looks like HTML (a doctype or <html> in its first 1 KiB). */
int	 nw_html_sniff(const char *data, size_t len);

#endif
