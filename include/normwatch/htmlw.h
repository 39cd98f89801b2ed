/*
 * htmlw.h - the one HTML writer (src/output/htmlw.c).
 *
 * Every byte of markup the report writes goes through it, and every string
 * that comes from a feed, a reference table or a rules file is written
 * with nw_htmlw_text or as an attribute value, which escape & < > " and '
 * and turn control characters and bytes that are not UTF-8 into U+FFFD.
 * Links are written only for http and https URLs (nw_html_url_ok); any
 * other URL (javascript:, data:, file:, relative) is written as text.
 * Markup itself (nw_htmlw_raw) must be a literal of the program, never
 * data.
 *
 * The writer appends to a growing buffer (util.h) whose maximum caps the
 * page; crossing it sets a sticky error: later calls do nothing and
 * nw_htmlw_done returns -1.
 */
#ifndef NORMWATCH_HTMLW_H
#define NORMWATCH_HTMLW_H

#include <stddef.h>

#include "normwatch/compat.h"
#include "normwatch/util.h"

#define NW_HTMLW_MAX_ATTRS	8	/* attributes of one nw_htmlw_open */

struct nw_htmlw {
	struct nw_buf	*out;		/* where the page goes */
	int		 error;		/* sticky: the buffer's cap was crossed */
};

/* Start writing into out (appending to what it holds). */
void	nw_htmlw_init(struct nw_htmlw *, struct nw_buf *out);

/* Markup of the program's own (a string literal): written as it is. */
void	nw_htmlw_raw(struct nw_htmlw *, const char *markup);
/*
 * Markup of the program's own with numbers in it: fmt is a literal and
 * its arguments are numbers (the format attribute checks the types).
 */
void	nw_htmlw_rawf(struct nw_htmlw *, const char *fmt, ...) NW_PRINTF(2, 3);

/* Text: escaped as above. */
void	nw_htmlw_text(struct nw_htmlw *, const char *s);
void	nw_htmlw_textn(struct nw_htmlw *, const char *s, size_t len);
/* Text made by a format (then escaped whole). */
void	nw_htmlw_textf(struct nw_htmlw *, const char *fmt, ...) NW_PRINTF(2, 3);
/* A whole number as text. */
void	nw_htmlw_num(struct nw_htmlw *, long long);

/*
 * Open an element: tag is a literal; then up to NW_HTMLW_MAX_ATTRS pairs
 * of attribute name (a literal) and value (escaped; NULL leaves the
 * attribute out), ended by NULL.  Attribute names starting with "on" and
 * the attributes href, src and style are refused (nothing is written and
 * the sticky error is set): links go through nw_htmlw_link.
 */
void	nw_htmlw_open(struct nw_htmlw *, const char *tag, ...);
/* Close an element: "</tag>". */
void	nw_htmlw_close(struct nw_htmlw *, const char *tag);
/* <tag attrs...>text</tag> in one call; attributes as nw_htmlw_open. */
void	nw_htmlw_elem(struct nw_htmlw *, const char *tag, const char *text,
	    ...);

/*
 * A link to url with text (escaped) when url is http(s) by
 * nw_html_url_ok, else text followed by the URL as text in parentheses
 * (nothing when url is NULL or empty).  Returns 1 when a link was
 * written, 0 when text.
 */
int	nw_htmlw_link(struct nw_htmlw *, const char *url, const char *text);
/* A link within the page or to a file beside it (a literal of ours). */
void	nw_htmlw_link_local(struct nw_htmlw *, const char *href,
	    const char *text);

/*
 * 1 when url is an absolute http: or https: URL (either case) with a host,
 * at most NW_MAX_URL_LEN bytes, without blanks, control characters,
 * quotes, angle brackets or backslashes; else 0.
 */
int	nw_html_url_ok(const char *url);

/* 0 when everything was written, -1 when the buffer's cap was crossed. */
int	nw_htmlw_done(const struct nw_htmlw *) NW_WUR;

#endif
