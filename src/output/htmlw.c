/*
 * htmlw.c - the one HTML writer of htmlw.h: escaped text and attributes,
 * http(s)-only links, markup only from the program's literals.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normwatch/htmlw.h"
#include "normwatch/limits.h"
#include "normwatch/util.h"

void
nw_htmlw_init(struct nw_htmlw *w, struct nw_buf *out)
{
	w->out = out;
	w->error = 0;
}

static void
put(struct nw_htmlw *w, const char *s, size_t len)
{
	if (w->error)
		return;
	if (nw_buf_add(w->out, s, len) == -1)
		w->error = 1;
}

void
nw_htmlw_raw(struct nw_htmlw *w, const char *markup)
{
	put(w, markup, strlen(markup));
}

void
nw_htmlw_rawf(struct nw_htmlw *w, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(buf)) {
		w->error = 1;
		return;
	}
	put(w, buf, (size_t)n);
}

/* The length of the UTF-8 sequence at s (at most len bytes), 0 if none. */
static size_t
utf8_len(const unsigned char *s, size_t len)
{
	size_t n, i;
	unsigned long cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	if (n > len)
		return 0;
	cp = s[0] & (0x7f >> n);
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 ||
	    cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	/* C1 controls and the non-characters U+FFFE, U+FFFF */
	if ((cp >= 0x80 && cp <= 0x9f) || cp == 0xfffe || cp == 0xffff)
		return 0;
	return n;
}

void
nw_htmlw_textn(struct nw_htmlw *w, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, start = 0, n;
	const char *rep;

	if (s == NULL)
		return;
	while (i < len) {
		rep = NULL;
		n = 1;
		switch (p[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		case '\t': case '\n':
			break;
		case '\r':
			rep = " ";
			break;
		default:
			if (p[i] < 0x20 || p[i] == 0x7f)
				rep = "\xef\xbf\xbd";
			else if (p[i] >= 0x80 &&
			    (n = utf8_len(p + i, len - i)) == 0) {
				rep = "\xef\xbf\xbd";
				n = 1;
			}
			break;
		}
		if (rep != NULL) {
			put(w, s + start, i - start);
			put(w, rep, strlen(rep));
			i += n;
			start = i;
		} else
			i += n;
	}
	put(w, s + start, len - start);
}

void
nw_htmlw_text(struct nw_htmlw *w, const char *s)
{
	if (s != NULL)
		nw_htmlw_textn(w, s, strlen(s));
}

void
nw_htmlw_textf(struct nw_htmlw *w, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	nw_htmlw_text(w, s);
	free(s);
}

void
nw_htmlw_num(struct nw_htmlw *w, long long v)
{
	nw_htmlw_rawf(w, "%lld", v);
}

/* Attribute names the writer refuses: scripts, styles and URLs. */
static int
attr_refused(const char *name)
{
	return name[0] == '\0' || nw_strncaseeq(name, "on", 2) ||
	    nw_strcaseeq(name, "href") || nw_strcaseeq(name, "src") ||
	    nw_strcaseeq(name, "style") || nw_strcaseeq(name, "srcdoc") ||
	    nw_strcaseeq(name, "action") || nw_strcaseeq(name, "formaction") ||
	    nw_strcaseeq(name, "xlink:href");
}

static void
open_v(struct nw_htmlw *w, const char *tag, va_list ap)
{
	const char *name, *value;
	int n = 0;

	put(w, "<", 1);
	nw_htmlw_raw(w, tag);
	while ((name = va_arg(ap, const char *)) != NULL) {
		value = va_arg(ap, const char *);
		if (++n > NW_HTMLW_MAX_ATTRS || attr_refused(name)) {
			w->error = 1;
			return;
		}
		if (value == NULL)
			continue;
		put(w, " ", 1);
		nw_htmlw_raw(w, name);
		put(w, "=\"", 2);
		nw_htmlw_text(w, value);
		put(w, "\"", 1);
	}
	put(w, ">", 1);
}

void
nw_htmlw_open(struct nw_htmlw *w, const char *tag, ...)
{
	va_list ap;

	va_start(ap, tag);
	open_v(w, tag, ap);
	va_end(ap);
}

void
nw_htmlw_close(struct nw_htmlw *w, const char *tag)
{
	put(w, "</", 2);
	nw_htmlw_raw(w, tag);
	put(w, ">", 1);
}

void
nw_htmlw_elem(struct nw_htmlw *w, const char *tag, const char *text, ...)
{
	va_list ap;

	va_start(ap, text);
	open_v(w, tag, ap);
	va_end(ap);
	nw_htmlw_text(w, text);
	nw_htmlw_close(w, tag);
}

int
nw_html_url_ok(const char *url)
{
	const unsigned char *p;
	size_t skip, len;

	if (url == NULL)
		return 0;
	len = strlen(url);
	if (len > NW_MAX_URL_LEN)
		return 0;
	if (nw_strncaseeq(url, "https://", 8))
		skip = 8;
	else if (nw_strncaseeq(url, "http://", 7))
		skip = 7;
	else
		return 0;
	/* a host: something before the path */
	if (url[skip] == '\0' || url[skip] == '/' || url[skip] == '?' ||
	    url[skip] == '#')
		return 0;
	for (p = (const unsigned char *)url; *p != '\0'; p++)
		if (*p <= 0x20 || *p == 0x7f || *p == '"' || *p == '\'' ||
		    *p == '<' || *p == '>' || *p == '\\' || *p == '`')
			return 0;
	return 1;
}

int
nw_htmlw_link(struct nw_htmlw *w, const char *url, const char *text)
{
	if (nw_html_url_ok(url)) {
		put(w, "<a href=\"", 9);
		nw_htmlw_text(w, url);
		put(w, "\">", 2);
		nw_htmlw_text(w, text);
		put(w, "</a>", 4);
		return 1;
	}
	nw_htmlw_text(w, text);
	if (url != NULL && url[0] != '\0') {
		put(w, " (", 2);
		nw_htmlw_text(w, url);
		put(w, ")", 1);
	}
	return 0;
}

void
nw_htmlw_link_local(struct nw_htmlw *w, const char *href, const char *text)
{
	/* relative only: no scheme, no protocol-relative "//" */
	if (strchr(href, ':') != NULL || strncmp(href, "//", 2) == 0) {
		w->error = 1;
		return;
	}
	put(w, "<a href=\"", 9);
	nw_htmlw_text(w, href);
	put(w, "\">", 2);
	nw_htmlw_text(w, text);
	put(w, "</a>", 4);
}

int
nw_htmlw_done(const struct nw_htmlw *w)
{
	return w->error || w->out->over ? -1 : 0;
}
