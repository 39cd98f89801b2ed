/*
 * html.c - HTML to plain paragraphs with libxml2's HTML parser.
 *
 * The parse is libxml2's (recovering, silent, no network, no entity
 * loading); the walk over the tree is ours and iterative, with a depth
 * counter, so neither a deep document nor a large one costs stack.  Text
 * goes through a small writer that collapses white space and turns block
 * boundaries into line and paragraph breaks.
 */
#include "config.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "normwatch/error.h"
#include "normwatch/html.h"
#include "normwatch/limits.h"
#include "normwatch/log.h"
#include "normwatch/util.h"

#define HTML_SNIFF_LEN	1024	/* bytes nw_html_sniff looks at */
#define HTML_CHARSET_SCAN 4096	/* bytes searched for a declared charset */
#define HTML_PARSE_OPTS	(HTML_PARSE_NONET | HTML_PARSE_NOERROR | \
			 HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER)

/* How an element shapes the text. */
enum html_kind {
	K_INLINE = 0,	/* text flows through */
	K_DROP,		/* the element and everything in it are dropped */
	K_PARA,		/* starts and ends a paragraph */
	K_LINE,		/* starts and ends a line */
	K_BR		/* ends a line; two in a row end a paragraph */
};

struct html_elem {
	const char	*name;
	enum html_kind	 kind;
};

/* Sorted by name for bsearch; everything else is inline. */
static const struct html_elem html_elems[] = {
	{ "address", K_PARA },
	{ "article", K_PARA },
	{ "aside", K_DROP },
	{ "blockquote", K_PARA },
	{ "body", K_PARA },
	{ "br", K_BR },
	{ "button", K_DROP },
	{ "canvas", K_DROP },
	{ "caption", K_PARA },
	{ "center", K_PARA },
	{ "dd", K_LINE },
	{ "details", K_PARA },
	{ "dialog", K_PARA },
	{ "dir", K_PARA },
	{ "div", K_PARA },
	{ "dl", K_PARA },
	{ "dt", K_LINE },
	{ "embed", K_DROP },
	{ "fieldset", K_PARA },
	{ "figcaption", K_PARA },
	{ "figure", K_PARA },
	{ "footer", K_DROP },
	{ "form", K_DROP },
	{ "h1", K_PARA },
	{ "h2", K_PARA },
	{ "h3", K_PARA },
	{ "h4", K_PARA },
	{ "h5", K_PARA },
	{ "h6", K_PARA },
	{ "head", K_DROP },
	{ "header", K_DROP },
	{ "hgroup", K_PARA },
	{ "hr", K_PARA },
	{ "html", K_PARA },
	{ "iframe", K_DROP },
	{ "legend", K_PARA },
	{ "li", K_PARA },
	{ "listing", K_PARA },
	{ "main", K_PARA },
	{ "math", K_DROP },
	{ "menu", K_PARA },
	{ "nav", K_DROP },
	{ "noscript", K_DROP },
	{ "object", K_DROP },
	{ "ol", K_PARA },
	{ "p", K_PARA },
	{ "plaintext", K_PARA },
	{ "pre", K_PARA },
	{ "script", K_DROP },
	{ "section", K_PARA },
	{ "select", K_DROP },
	{ "style", K_DROP },
	{ "summary", K_PARA },
	{ "svg", K_DROP },
	{ "table", K_PARA },
	{ "tbody", K_PARA },
	{ "td", K_LINE },
	{ "template", K_DROP },
	{ "textarea", K_DROP },
	{ "tfoot", K_PARA },
	{ "th", K_LINE },
	{ "thead", K_PARA },
	{ "title", K_DROP },
	{ "tr", K_PARA },
	{ "ul", K_PARA },
	{ "xmp", K_PARA }
};

/* The text writer. */
struct html_out {
	struct nw_buf	buf;
	int		pending;	/* breaks owed: 0, 1 (\n) or 2 (\n\n) */
	int		space;		/* white space seen since the last char */
};

/*
 * nw_buf_detach on a buffer nothing was ever added to hands out memory
 * that is not NUL-terminated; adding nothing first makes it "".
 */
static char *
buf_take(struct nw_buf *b, size_t *len)
{
	if (b->data == NULL && nw_buf_add(b, "", 0) == -1)
		b->over = 1;	/* nw_buf_detach then allocates "" itself */
	return nw_buf_detach(b, len);
}

static int
elem_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct html_elem *)elem)->name);
}

static enum html_kind
elem_kind(const xmlNode *n)
{
	const struct html_elem *e;
	char name[16];
	size_t i;

	if (n->name == NULL)
		return K_INLINE;
	/* the HTML parser lower-cases names; be sure anyway */
	for (i = 0; n->name[i] != '\0'; i++) {
		if (i + 1 >= sizeof(name))
			return K_INLINE;	/* no known name is this long */
		name[i] = (char)n->name[i];
		if (name[i] >= 'A' && name[i] <= 'Z')
			name[i] = (char)(name[i] - 'A' + 'a');
	}
	name[i] = '\0';
	e = bsearch(name, html_elems, NW_NELEM(html_elems),
	    sizeof(html_elems[0]), elem_cmp);
	return e != NULL ? e->kind : K_INLINE;
}

static void
out_break(struct html_out *o, int n)
{
	if (n > o->pending)
		o->pending = n;
}

/*
 * Decode one UTF-8 character at s (n bytes left).  Returns its length
 * and sets *cp, or returns 1 with *cp = -1 for an invalid byte.
 */
static size_t
utf8_decode(const unsigned char *s, size_t n, long *cp)
{
	size_t len, i;
	long c, min;

	*cp = -1;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		c = s[0] & 0x1f;
		min = 0x80;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		c = s[0] & 0x0f;
		min = 0x800;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		c = s[0] & 0x07;
		min = 0x10000;
	} else
		return 1;
	if (len > n)
		return 1;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 1;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 1;
	*cp = c;
	return len;
}

static int
is_space(long c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v' || c == 0xa0 || (c >= 0x2000 && c <= 0x200a) ||
	    c == 0x202f || c == 0x205f || c == 0x3000 || c == 0x1680 ||
	    c == 0x2028 || c == 0x2029 || c == 0x85;
}

/* Characters that are dropped: soft hyphen, zero-width space and joiners,
 * BOM. */
static int
is_invisible(long c)
{
	return c == 0xad || (c >= 0x200b && c <= 0x200d) || c == 0x2060 ||
	    c == 0xfeff;
}

/* Add a text node's content.  Returns 0, or -1 when over the cap. */
static int
out_text(struct html_out *o, const unsigned char *s, size_t n)
{
	static const char repl[] = "\xef\xbf\xbd";	/* U+FFFD */
	size_t i = 0, k;
	long c;

	while (i < n) {
		k = utf8_decode(s + i, n - i, &c);
		if (c != -1 && (is_space(c) || (c < 0x20) || c == 0x7f ||
		    (c >= 0x80 && c < 0xa0))) {
			/* white space, and control characters taken as such */
			o->space = 1;
			i += k;
			continue;
		}
		if (c != -1 && is_invisible(c)) {
			i += k;
			continue;
		}
		if (o->buf.len > 0) {
			if (o->pending > 0) {
				if (nw_buf_add(&o->buf, "\n\n",
				    (size_t)o->pending) == -1)
					return -1;
			} else if (o->space && nw_buf_addc(&o->buf, ' ') == -1)
				return -1;
		}
		o->pending = 0;
		o->space = 0;
		if (c == -1) {
			if (nw_buf_add(&o->buf, repl, 3) == -1)
				return -1;
		} else if (nw_buf_add(&o->buf, s + i, k) == -1)
			return -1;
		i += k;
	}
	return 0;
}

static void
out_open(struct html_out *o, enum html_kind k)
{
	if (k == K_PARA)
		out_break(o, 2);
	else if (k == K_LINE)
		out_break(o, 1);
	else if (k == K_BR)
		o->pending = o->pending >= 1 ? 2 : 1;
}

static void
out_close(struct html_out *o, enum html_kind k)
{
	if (k == K_PARA)
		out_break(o, 2);
	else if (k == K_LINE)
		out_break(o, 1);
}

/*
 * The charset a document declares ("charset=..." in its first bytes, as a
 * meta element has it), lower-cased into out, or "" when none.
 */
static void
html_declared_charset(const char *s, size_t len, char *out, size_t sz)
{
	const char *p, *end;
	size_t n = 0;

	out[0] = '\0';
	if (len > HTML_CHARSET_SCAN)
		len = HTML_CHARSET_SCAN;
	end = s + len;
	for (p = s; p + 7 <= end; p++) {
		if (!nw_strncaseeq(p, "charset", 7))
			continue;
		p += 7;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p >= end || *p != '=')
			continue;
		p++;
		while (p < end && (*p == ' ' || *p == '\t' || *p == '"' ||
		    *p == '\''))
			p++;
		while (p < end && n + 1 < sz && ((*p >= 'a' && *p <= 'z') ||
		    (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '_' || *p == '.' || *p == ':')) {
			out[n++] = (char)(*p >= 'A' && *p <= 'Z' ?
			    *p - 'A' + 'a' : *p);
			p++;
		}
		out[n] = '\0';
		return;
	}
}

/* Windows-1252 0x80-0x9f as Unicode; 0 where the code page has a hole. */
static const unsigned short cp1252_c1[32] = {
	0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
	0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178
};

static int
utf8_put(struct nw_buf *b, long c)
{
	char u[3];

	if (c < 0x80)
		return nw_buf_addc(b, (int)c);
	if (c < 0x800) {
		u[0] = (char)(0xc0 | (c >> 6));
		u[1] = (char)(0x80 | (c & 0x3f));
		return nw_buf_add(b, u, 2);
	}
	u[0] = (char)(0xe0 | (c >> 12));
	u[1] = (char)(0x80 | ((c >> 6) & 0x3f));
	u[2] = (char)(0x80 | (c & 0x3f));
	return nw_buf_add(b, u, 3);
}

/*
 * Decide the input encoding before libxml2 does, and take out NUL bytes.
 * Left alone, libxml2 2.9 reads an HTML document that declares no charset
 * as Latin-1 as soon as it meets a non-ASCII byte, which turns every
 * curly quote of a UTF-8 page into mojibake ("Russia\xc3\xa2\xc2\x80
 * \xc2\x99s"); it maps Windows-1252 quotes to C1 controls; and it stops
 * reading, silently, at a NUL byte between elements.  So:
 *  - a UTF-16 BOM: libxml2 decides, the input is used as it is;
 *  - a declared charset other than UTF-8: libxml2 decides;
 *  - declared UTF-8, a UTF-8 BOM, or no declaration and at least one
 *    valid multi-byte sequence per four invalid bytes (legacy pages have
 *    next to none): UTF-8, with invalid bytes replaced by U+FFFD;
 *  - no declaration and mostly invalid UTF-8: Windows-1252, what browsers
 *    assume, converted to UTF-8.
 * Except under a UTF-16 BOM, NUL bytes become spaces.  When the input had
 * to change, the new copy is in *fixed (caller frees).  Returns the
 * encoding to give libxml2 ("UTF-8"), or NULL to let it decide.
 */
static const char *
html_prepare(const char *s, size_t len, char **fixed, size_t *fixedlen)
{
	static const char repl[] = "\xef\xbf\xbd";
	const unsigned char *u = (const unsigned char *)s;
	enum { AS_IS, AS_UTF8, AS_CP1252 } mode;
	struct nw_buf b;
	char cs[32];
	size_t i, k, bad = 0, multi = 0, nul = 0;
	long c;
	int utf8;

	*fixed = NULL;
	*fixedlen = 0;
	if (len >= 2 && ((u[0] == 0xff && u[1] == 0xfe) ||
	    (u[0] == 0xfe && u[1] == 0xff)))
		return NULL;
	html_declared_charset(s, len, cs, sizeof(cs));
	utf8 = strcmp(cs, "utf-8") == 0 || strcmp(cs, "utf8") == 0 ||
	    (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0);
	for (i = 0; i < len; i += k) {
		k = utf8_decode(u + i, len - i, &c);
		if (c == -1)
			bad++;
		else if (c == 0)
			nul++;
		else if (k > 1)
			multi++;
	}
	if (cs[0] != '\0' && !utf8)
		mode = AS_IS;
	else if (bad == 0 || utf8 || (multi > 0 && multi >= bad / 4))
		mode = AS_UTF8;
	else
		mode = AS_CP1252;
	if (nul == 0 && (mode == AS_IS || (mode == AS_UTF8 && bad == 0)))
		return mode == AS_IS ? NULL : "UTF-8";

	if (bad > (SIZE_MAX - len) / 2)
		return NULL;
	nw_buf_init(&b, len + 2 * bad);
	for (i = 0; i < len; i += k) {
		if (mode == AS_IS || mode == AS_CP1252) {
			k = 1;
			c = u[i];
			if (c == 0)
				c = ' ';
			if (mode == AS_IS) {
				if (nw_buf_addc(&b, (int)c) == -1)
					goto fail;
				continue;
			}
			if (c >= 0x80 && c < 0xa0)
				c = cp1252_c1[c - 0x80] != 0 ?
				    cp1252_c1[c - 0x80] : 0xfffd;
			if (utf8_put(&b, c) == -1)
				goto fail;
			continue;
		}
		k = utf8_decode(u + i, len - i, &c);
		if (c == -1) {
			if (nw_buf_add(&b, repl, 3) == -1)
				goto fail;
		} else if (c == 0) {
			if (nw_buf_addc(&b, ' ') == -1)
				goto fail;
		} else if (nw_buf_add(&b, s + i, k) == -1)
			goto fail;
	}
	*fixed = nw_buf_detach(&b, fixedlen);
	return mode == AS_IS ? NULL : "UTF-8";
fail:
	/* cannot happen: no byte grows past 3 */
	nw_buf_free(&b);
	return NULL;
}

/*
 * Walk the tree under doc without recursion.  Returns 0, or -1 with *err
 * set.
 */
static int
html_walk(xmlDoc *doc, struct html_out *o, struct nw_error *err)
{
	xmlNode *n = doc->children;
	int depth = 0;		/* elements open above n */
	enum html_kind k;

	while (n != NULL) {
		if (n->type == XML_ELEMENT_NODE) {
			k = elem_kind(n);
			if (k != K_DROP) {
				out_open(o, k);
				if (n->children != NULL) {
					depth++;
					if (depth > NW_MAX_HTML_DEPTH)
						goto deep;
					n = n->children;
					continue;
				}
				out_close(o, k);
			}
		} else if (n->type == XML_TEXT_NODE ||
		    n->type == XML_CDATA_SECTION_NODE) {
			if (n->content != NULL && out_text(o, n->content,
			    strlen((const char *)n->content)) == -1)
				goto big;
		}
		/* next sibling, climbing out of finished elements */
		while (n != NULL && n->next == NULL) {
			n = n->parent;
			if (n == NULL || n == (xmlNode *)doc || depth == 0) {
				n = NULL;
				break;
			}
			depth--;
			out_close(o, elem_kind(n));
		}
		if (n != NULL)
			n = n->next;
	}
	return 0;
deep:
	return nw_error_set(err, NW_E_LIMIT, "HTML nests elements deeper "
	    "than %d", NW_MAX_HTML_DEPTH);
big:
	return nw_error_set(err, NW_E_LIMIT, "HTML text is longer than %zu "
	    "bytes", o->buf.max);
}

char *
nw_html_to_text(const char *html, size_t len, size_t max, size_t *outlen,
    struct nw_error *err)
{
	char ebuf[NW_LOG_FIELD_MAX * 4 + 8];
	htmlParserCtxtPtr ctxt = NULL;
	struct html_out o;
	xmlDoc *doc = NULL;
	const xmlError *xe;
	char *res = NULL, *fixed = NULL;
	const char *enc = NULL;
	size_t fixedlen = 0;
	int halted;

	memset(&o, 0, sizeof(o));
	nw_buf_init(&o.buf, max);
	if (outlen != NULL)
		*outlen = 0;
	if (len == 0) {
		res = buf_take(&o.buf, outlen);
		goto out;
	}
	if (len <= INT_MAX) {
		enc = html_prepare(html, len, &fixed, &fixedlen);
		if (fixed != NULL) {
			html = fixed;
			len = fixedlen;
		}
	}
	if (len > INT_MAX) {
		nw_error_set(err, NW_E_LIMIT, "HTML document of %zu bytes is "
		    "too large to parse (at most %d)", len, INT_MAX);
		goto out;
	}
	xmlInitParser();	/* idempotent; htmlReadMemory does the same */
	ctxt = htmlNewParserCtxt();
	if (ctxt == NULL) {
		nw_error_set(err, NW_E_INTERNAL, "cannot create an HTML parser");
		goto out;
	}
	doc = htmlCtxtReadMemory(ctxt, html, (int)len, NULL, enc,
	    HTML_PARSE_OPTS);
	xe = xmlCtxtGetLastError(ctxt);
	/* a halted parse: libxml2 stopped reading, e.g. past its own
	 * nesting limit ("Excessive depth in document: 256 ...") */
	halted = ctxt->instate == XML_PARSER_EOF && ctxt->disableSAX != 0;
	if (halted && xe != NULL && xe->message != NULL &&
	    strstr(xe->message, "depth") != NULL) {
		nw_error_set(err, NW_E_LIMIT, "HTML nests elements deeper "
		    "than %d", NW_MAX_HTML_DEPTH);
		goto out;
	}
	if (doc == NULL || halted) {
		const char *m = xe != NULL && xe->message != NULL ?
		    xe->message : "no document";
		size_t ml = strlen(m);

		while (ml > 0 && (m[ml - 1] == '\n' || m[ml - 1] == ' '))
			ml--;
		nw_log_escape(m, ml, ebuf, sizeof(ebuf));
		nw_error_set(err, NW_E_PARSE, "HTML parser gave up: %s", ebuf);
		if (xe != NULL && xe->line > 0)
			nw_error_at_line(err, xe->line, xe->int2);
		goto out;
	}
	if (html_walk(doc, &o, err) == -1)
		goto out;
	if (o.buf.len > 0 && nw_buf_addc(&o.buf, '\n') == -1) {
		nw_error_set(err, NW_E_LIMIT, "HTML text is longer than %zu "
		    "bytes", o.buf.max);
		goto out;
	}
	res = buf_take(&o.buf, outlen);
out:
	nw_buf_free(&o.buf);
	free(fixed);
	xmlFreeDoc(doc);
	if (ctxt != NULL)
		htmlFreeParserCtxt(ctxt);
	return res;
}

static int
sniff_at(const char *p, const char *end, const char *tag)
{
	size_t n = strlen(tag);

	if ((size_t)(end - p) < n || !nw_strncaseeq(p, tag, n))
		return 0;
	/* the name must end here: "<html>" or "<html lang", not "<htmlx" */
	if (p + n == end)
		return 1;
	return p[n] == '>' || p[n] == ' ' || p[n] == '\t' || p[n] == '\n' ||
	    p[n] == '\r' || p[n] == '\f' || p[n] == '/';
}

int
nw_html_sniff(const char *data, size_t len)
{
	const char *p = data, *end;

	if (data == NULL)
		return 0;
	if (len > HTML_SNIFF_LEN)
		len = HTML_SNIFF_LEN;
	end = data + len;
	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' ||
	    *p == '\r' || *p == '\f'))
		p++;
	if (p >= end || *p != '<')
		return 0;
	for (; p < end; p++) {
		if (*p != '<')
			continue;
		if (sniff_at(p, end, "<html") || sniff_at(p, end, "<body"))
			return 1;
		if (sniff_at(p, end, "<!doctype")) {
			const char *q = p + 9;

			while (q < end && (*q == ' ' || *q == '\t' ||
			    *q == '\n' || *q == '\r'))
				q++;
			if (q > p + 9 && sniff_at(q, end, "html"))
				return 1;
		}
	}
	return 0;
}
