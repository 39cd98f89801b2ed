/*
 * rss.c - RSS 2.0, RSS 1.0 and Atom 1.0 feeds: one report per item.
 *
 * libxml2's push parser reads the document in chunks and calls our SAX
 * handler; no tree is built.  The handler is a small state machine over
 * the element depth: the root says which flavour the feed is, an item (or
 * entry) opens at a fixed depth, and the item's direct children are its
 * fields.  A field collects its characters into a capped buffer; HTML
 * fields keep their markup (Atom xhtml is written back as tags) for
 * nw_html_to_text.  When the item closes, its fields become a report
 * (see rss.h for every rule) and go to the callback at once, so memory
 * holds one item's fields plus the reports handed out.
 *
 * Hostile input: a DOCTYPE stops the parser from the internalSubset
 * callback, which libxml2 calls after "<!DOCTYPE name ids" and before it
 * reads "[ ... ]", so no declaration is ever parsed; entityDecl and
 * externalSubset stop it too, in case.  The options never include NOENT,
 * DTDLOAD, DTDATTR or HUGE, and always NONET.
 */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/uri.h>
#include <libxml/xmlerror.h>

#include "normwatch/date.h"
#include "normwatch/html.h"
#include "normwatch/limits.h"
#include "normwatch/log.h"
#include "normwatch/rss.h"
#include "normwatch/text.h"
#include "normwatch/util.h"

#define XML_OPTS	(XML_PARSE_NONET | XML_PARSE_NOERROR | \
			 XML_PARSE_NOWARNING)
#define CHUNK		(256u << 10)	/* bytes handed to libxml2 at once */
#define TITLE_RAW_MAX	(64u << 10)	/* bytes of a title as written */
#define ID_HEX		16		/* hex digits of a hashed id */
#define LABEL_MAX	80		/* bytes of a title in a warning */
#define JIT_STACK_MIN	(32u << 10)
#define UTF8_BOM	"\xef\xbb\xbf"

#define NS_ATOM		"http://www.w3.org/2005/Atom"
#define NS_RSS1		"http://purl.org/rss/1.0/"
#define NS_RSS2		"http://backend.userland.com/rss2"
#define NS_RDF		"http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define NS_CONTENT	"http://purl.org/rss/1.0/modules/content/"
#define NS_DC		"http://purl.org/dc/elements/1.1/"
#define NS_XML		"http://www.w3.org/XML/1998/namespace"

static const char *const rss_options[] = { "include", "exclude", NULL };

enum flavour {
	FL_NONE = 0,	/* no root seen yet */
	FL_RSS,		/* rss/channel/item */
	FL_RDF,		/* rdf:RDF/item, RSS 1.0 */
	FL_ATOM		/* feed/entry */
};

enum fkind {
	F_TITLE = 0,
	F_LINK,		/* RSS link text, or the chosen Atom link href */
	F_BODY,		/* content:encoded, Atom content */
	F_SUMMARY,	/* description, Atom summary */
	F_PUB,		/* pubDate, Atom published */
	F_UPD,		/* Atom updated */
	F_DC,		/* dc:date */
	F_ID,		/* guid, Atom id */
	F_COUNT,
	F_NONE = F_COUNT
};

enum mode {
	M_TEXT = 0,	/* characters as they are */
	M_HTML,		/* characters are HTML source */
	M_XHTML,	/* child elements are the markup */
	M_SKIP		/* not read (Atom content with src, base64) */
};

struct field {
	struct nw_buf	 b;
	enum mode	 mode;
	size_t		 start;	/* bytes of b before the value (a BOM) */
	int		 seen;	/* the element was met; a second is ignored */
	int		 cut;	/* the value crossed the cap of b */
};

enum stop {
	STOP_NO = 0,
	STOP_ERR,	/* we set *err */
	STOP_CB		/* the callback returned -1 */
};

/* The ids of one document, to skip repeated items. */
struct idset {
	uint64_t	*h;
	const char	**s;
	size_t		 cap;	/* power of two, or 0 */
	size_t		 n;
};

struct filters {
	pcre2_code		*inc;
	pcre2_code		*exc;
	pcre2_match_data	*md;
	pcre2_match_context	*mctx;
	pcre2_jit_stack		*js;
};

struct rss {
	const struct nw_feed	*feed;
	const struct nw_doc	*doc;
	const char		*docname;
	struct nw_arena		*arena;
	nw_report_fn		 fn;
	void			*arg;
	struct nw_error		*err;
	xmlParserCtxtPtr	 ctxt;
	enum flavour		 fl;
	const char		*item_ns;	/* namespace of item fields */
	enum stop		 stop;
	int			 depth;		/* of the open element */
	int			 channel;	/* depth 2 is an RSS channel */
	int			 in_item;	/* depth of the item, 0: none */
	int			 fdepth;	/* of the field, 0: none */
	enum fkind		 fcur;		/* F_NONE: an ignored field */
	struct field		 f[F_COUNT];
	int			 guid_perma;	/* isPermaLink is not false */
	long			 item_line;
	char			*feed_base;	/* root xml:base, resolved */
	char			*item_base;	/* and of the entry */
	size_t			 nitems;
	size_t			 max_items;
	size_t			 max_len;
	int			 max_year;
	long			 nreports;
	size_t			 nwarn;
	struct idset		 ids;
	struct filters		 flt;
	struct nw_buf		 title;		/* scratch, per item */
	struct nw_buf		 body;
	struct nw_buf		 text;
	struct nw_buf		 scratch;	/* html_fast's output */
	int			 fast;		/* html_fast may be used */
	/* the first error libxml2 reported */
	int			 in_html;	/* inside nw_html_to_text */
	int			 xerr;
	int			 xcode;
	int			 xdomain;
	long			 xline;
	long			 xnear;		/* no place: parser's line */
	long			 xcol;
	char			 xmsg[256];
};

/* --- small helpers -------------------------------------------------------- */

static int
str_eq(const xmlChar *a, const char *b)
{
	return a != NULL && strcmp((const char *)a, b) == 0;
}

/* Is the element in namespace ns (NULL: none, and no prefix either)? */
static int
in_ns(const xmlChar *uri, const xmlChar *prefix, const char *ns)
{
	if (ns == NULL)
		return uri == NULL && prefix == NULL;
	return str_eq(uri, ns);
}

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* s[0..*n) without leading and trailing XML white space. */
static const char *
trim(const char *s, size_t *n)
{
	size_t b = 0, e = *n;

	while (b < e && is_space((unsigned char)s[b]))
		b++;
	while (e > b && is_space((unsigned char)s[e - 1]))
		e--;
	*n = e - b;
	return s + b;
}

/* The value of a field, trimmed; NULL when empty or cut. */
static const char *
field_value(const struct field *f, size_t *n)
{
	const char *s;

	if (f->cut || f->b.len <= f->start)
		return NULL;
	*n = f->b.len - f->start;
	s = trim(f->b.data + f->start, n);
	return *n > 0 ? s : NULL;
}

/*
 * The bytes of s[0..n) to keep within max: cut at the last space in the
 * second half of the allowance, else at a character boundary.
 */
static size_t
cut_len(const char *s, size_t n, size_t max)
{
	size_t k, j;

	if (n <= max)
		return n;
	k = max;
	while (k > 0 && ((unsigned char)s[k] & 0xc0) == 0x80)
		k--;
	for (j = k; j > max / 2; j--) {
		if (s[j] == ' ') {
			k = j;
			break;
		}
	}
	while (k > 0 && s[k - 1] == ' ')
		k--;
	return k;
}

static uint64_t
hash64(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return h | 1;		/* 0 marks a free slot */
}

/* Add id (already in the arena); 1 when new, 0 when seen before. */
static int
idset_add(struct idset *set, const char *id)
{
	size_t i, mask, n = strlen(id), oldcap;
	uint64_t h = hash64(id, n), *oh;
	const char **os;

	if ((set->n + 1) * 2 > set->cap) {
		oldcap = set->cap;
		oh = set->h;
		os = set->s;
		set->cap = set->cap == 0 ? 64 : set->cap * 2;
		set->h = xcalloc(set->cap, sizeof(*set->h));
		set->s = xcalloc(set->cap, sizeof(*set->s));
		mask = set->cap - 1;
		for (i = 0; i < oldcap; i++) {
			size_t k;

			if (oh[i] == 0)
				continue;
			k = oh[i] & mask;
			while (set->h[k] != 0)
				k = (k + 1) & mask;
			set->h[k] = oh[i];
			set->s[k] = os[i];
		}
		free(oh);
		free(os);
	}
	mask = set->cap - 1;
	for (i = h & mask; set->h[i] != 0; i = (i + 1) & mask)
		if (set->h[i] == h && strcmp(set->s[i], id) == 0)
			return 0;
	set->h[i] = h;
	set->s[i] = id;
	set->n++;
	return 1;
}

static void
idset_free(struct idset *set)
{
	free(set->h);
	free(set->s);
	memset(set, 0, sizeof(*set));
}

/* The year after the current one (NORMWATCH_NOW counts). */
static int
next_year(void)
{
	char now[32];
	long long y;
	char ys[5];

	nw_now_rfc3339(now);
	memcpy(ys, now, 4);
	ys[4] = '\0';
	if (nw_parse_ll(ys, 1970, 9999, &y) == -1)
		return 2200;
	return (int)y + 1;
}

/* --- dates ---------------------------------------------------------------- */

struct cur {
	const char	*s;
	size_t		 n;
	size_t		 i;
};

static int
peek(const struct cur *c)
{
	return c->i < c->n ? (unsigned char)c->s[c->i] : -1;
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static void
skip_blanks(struct cur *c)
{
	while (c->i < c->n && is_space((unsigned char)c->s[c->i]))
		c->i++;
}

/* Read min to max digits; the count read, or 0 (nothing consumed). */
static int
take_num(struct cur *c, int min, int max, int *out)
{
	size_t b = c->i;
	int v = 0, k = 0;

	while (k < max && is_digit(peek(c))) {
		v = v * 10 + (c->s[c->i] - '0');
		c->i++;
		k++;
	}
	if (k < min || is_digit(peek(c))) {
		c->i = b;
		return 0;
	}
	*out = v;
	return k;
}

/* A run of ASCII letters: its length (consumed). */
static size_t
take_alpha(struct cur *c)
{
	size_t b = c->i;

	while (is_alpha(peek(c)))
		c->i++;
	return c->i - b;
}

static int
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
mdays(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
	    31 };

	return m == 2 && leap(y) ? 29 : d[m - 1];
}

/* Days since 1970-01-01 of a civil date (H. Hinnant's algorithm). */
static long
days_from_civil(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(long z, int *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

struct stamp {
	int	y, m, d;
	int	prec;		/* enum nw_prec: what was given */
	int	hh, mm, ss;
	int	timed;		/* a time was given */
	int	off;		/* minutes east of UTC */
};

/* Check a stamp and turn it into a UTC date. */
static enum nw_rss_date
stamp_date(const struct stamp *t, int max_year, struct nw_date *out)
{
	struct nw_date dt;
	long days, mins;
	int y, m, d;

	memset(&dt, 0, sizeof(dt));
	if (t->y <= 1900 || t->y > max_year)
		return NW_RSS_DATE_IMPOSSIBLE;
	if (t->prec == NW_PREC_YEAR) {
		dt.y = t->y;
		dt.prec = NW_PREC_YEAR;
		*out = dt;
		return NW_RSS_DATE_OK;
	}
	if (t->m < 1 || t->m > 12)
		return NW_RSS_DATE_IMPOSSIBLE;
	if (t->prec == NW_PREC_MONTH) {
		dt.y = t->y;
		dt.m = t->m;
		dt.prec = NW_PREC_MONTH;
		*out = dt;
		return NW_RSS_DATE_OK;
	}
	if (t->d < 1 || t->d > mdays(t->y, t->m))
		return NW_RSS_DATE_IMPOSSIBLE;
	if (t->hh > 23 || t->mm > 59 || t->ss > 60 || t->off <= -24 * 60 ||
	    t->off >= 24 * 60)
		return NW_RSS_DATE_IMPOSSIBLE;
	y = t->y;
	m = t->m;
	d = t->d;
	if (t->timed && t->off != 0) {
		days = days_from_civil(y, m, d);
		mins = (long)t->hh * 60 + t->mm - t->off;
		if (mins < 0)
			days--;
		else if (mins >= 24 * 60)
			days++;
		civil_from_days(days, &y, &m, &d);
	}
	dt.y = y;
	dt.m = m;
	dt.d = d;
	dt.prec = NW_PREC_DAY;
	if (y <= 1900 || y > max_year || !nw_date_valid(&dt))
		return NW_RSS_DATE_IMPOSSIBLE;
	*out = dt;
	return NW_RSS_DATE_OK;
}

/* Zone names, minutes east of UTC. */
static const struct zone {
	const char	*name;
	int		 off;
} zones[] = {
	{ "UT", 0 }, { "UTC", 0 }, { "GMT", 0 }, { "Z", 0 },
	{ "EST", -300 }, { "EDT", -240 }, { "CST", -360 }, { "CDT", -300 },
	{ "MST", -420 }, { "MDT", -360 }, { "PST", -480 }, { "PDT", -420 },
	{ "AKST", -540 }, { "AKDT", -480 }, { "HST", -600 },
	{ "WET", 0 }, { "WEST", 60 }, { "BST", 60 }, { "CET", 60 },
	{ "CEST", 120 }, { "MET", 60 }, { "MEST", 120 }, { "EET", 120 },
	{ "EEST", 180 }, { "MSK", 180 }, { "HKT", 480 }, { "SGT", 480 },
	{ "JST", 540 }, { "KST", 540 }, { "AEST", 600 }, { "AEDT", 660 },
	{ "NZST", 720 }, { "NZDT", 780 },
};

/* "+0200", "-05:00", "+02": 1 and *off, 0 when not there, -1 when bad. */
static int
take_numzone(struct cur *c, int *off)
{
	int sign, hh, mm = 0, k;
	size_t b = c->i;

	if (peek(c) != '+' && peek(c) != '-')
		return 0;
	sign = peek(c) == '-' ? -1 : 1;
	c->i++;
	k = take_num(c, 2, 4, &hh);
	if (k == 4) {
		mm = hh % 100;
		hh /= 100;
	} else if (k == 2) {
		if (peek(c) == ':') {
			c->i++;
			if (take_num(c, 2, 2, &mm) == 0)
				goto bad;
		}
	} else
		goto bad;
	if (hh > 23 || mm > 59) {
		*off = 24 * 60;		/* impossible: the caller says so */
		return 1;
	}
	*off = sign * (hh * 60 + mm);
	return 1;
bad:
	c->i = b;
	return -1;
}

/* hh:mm[:ss[.frac]]: 0, or -1 (nothing consumed). */
static int
take_time(struct cur *c, struct stamp *t)
{
	size_t b = c->i;

	if (take_num(c, 1, 2, &t->hh) == 0 || peek(c) != ':')
		goto bad;
	c->i++;
	if (take_num(c, 2, 2, &t->mm) == 0)
		goto bad;
	t->ss = 0;
	if (peek(c) == ':') {
		c->i++;
		if (take_num(c, 2, 2, &t->ss) == 0)
			goto bad;
		if (peek(c) == '.' || peek(c) == ',') {
			c->i++;
			if (!is_digit(peek(c)))
				goto bad;
			while (is_digit(peek(c)))
				c->i++;
		}
	}
	t->timed = 1;
	return 0;
bad:
	c->i = b;
	return -1;
}

/* Is s[0..n) an English day name or its abbreviation ("Tue", "Tues")? */
static int
is_dayname(const char *s, size_t n)
{
	static const char *const d[] = { "monday", "tuesday", "wednesday",
	    "thursday", "friday", "saturday", "sunday" };
	size_t i, k;

	if (n < 3)
		return 0;
	for (i = 0; i < NW_NELEM(d); i++) {
		if (n > strlen(d[i]))
			continue;
		for (k = 0; k < n; k++)
			if ((s[k] | 0x20) != d[i][k])
				break;
		if (k == n)
			return 1;
	}
	return 0;
}

/*
 * RFC 822 and its relatives: "[Day,] D Mon YYYY [hh:mm[:ss] [zone]]",
 * also with dashes ("07-May-2024") and month first ("May 7, 2024").
 * The day name is not checked against the date.
 */
static enum nw_rss_date
date_822(struct cur *c, int max_year, struct nw_date *out)
{
	struct stamp t;
	size_t b, a, i;
	int k;

	memset(&t, 0, sizeof(t));
	t.prec = NW_PREC_DAY;
	skip_blanks(c);
	b = c->i;
	a = take_alpha(c);
	if (a > 0 && is_dayname(c->s + b, a)) {
		if (peek(c) == '.')
			c->i++;
		skip_blanks(c);
		if (peek(c) == ',')
			c->i++;
		skip_blanks(c);
		b = c->i;
		a = take_alpha(c);
	}
	if (a > 0) {				/* "May 7, 2024" */
		t.m = nw_month_from_name(c->s + b, a);
		if (t.m == 0)
			return NW_RSS_DATE_BAD;
		if (peek(c) == '.')
			c->i++;
		skip_blanks(c);
		if (take_num(c, 1, 2, &t.d) == 0)
			return NW_RSS_DATE_BAD;
		if (peek(c) == ',')
			c->i++;
		skip_blanks(c);
	} else {				/* "7 May 2024" */
		if (take_num(c, 1, 2, &t.d) == 0)
			return NW_RSS_DATE_BAD;
		if (peek(c) == '-')
			c->i++;
		else
			skip_blanks(c);
		b = c->i;
		a = take_alpha(c);
		t.m = nw_month_from_name(c->s + b, a);
		if (t.m == 0)
			return NW_RSS_DATE_BAD;
		if (peek(c) == '.')
			c->i++;
		if (peek(c) == '-')
			c->i++;
		else
			skip_blanks(c);
	}
	k = take_num(c, 2, 4, &t.y);
	if (k == 0)
		return NW_RSS_DATE_BAD;
	if (k == 2)
		t.y += t.y < 70 ? 2000 : 1900;
	else if (k == 3)
		t.y += 1900;
	skip_blanks(c);
	if (c->i < c->n) {
		if (take_time(c, &t) == -1)
			return NW_RSS_DATE_BAD;
		skip_blanks(c);
		b = c->i;
		a = take_alpha(c);
		if (a > 0) {
			t.off = 0;	/* military letters and unknown names */
			for (i = 0; i < NW_NELEM(zones); i++) {
				if (strlen(zones[i].name) == a &&
				    nw_strncaseeq(c->s + b, zones[i].name, a)) {
					t.off = zones[i].off;
					break;
				}
			}
		}
		/* "+0200", or after a name: "GMT+0200" */
		if (take_numzone(c, &t.off) == -1)
			return NW_RSS_DATE_BAD;
		skip_blanks(c);
		if (peek(c) == '(') {		/* a comment: "(PDT)" */
			while (c->i < c->n && c->s[c->i] != ')')
				c->i++;
			if (peek(c) != ')')
				return NW_RSS_DATE_BAD;
			c->i++;
			skip_blanks(c);
		}
	}
	if (c->i != c->n)
		return NW_RSS_DATE_BAD;
	return stamp_date(&t, max_year, out);
}

/* RFC 3339 and W3CDTF. */
static enum nw_rss_date
date_3339(struct cur *c, int max_year, struct nw_date *out)
{
	struct stamp t;
	int r;

	memset(&t, 0, sizeof(t));
	skip_blanks(c);
	t.prec = NW_PREC_YEAR;
	if (take_num(c, 4, 4, &t.y) == 0)
		return NW_RSS_DATE_BAD;
	if (c->i == c->n)
		return stamp_date(&t, max_year, out);
	if (peek(c) != '-')
		return NW_RSS_DATE_BAD;
	c->i++;
	t.prec = NW_PREC_MONTH;
	if (take_num(c, 2, 2, &t.m) == 0)
		return NW_RSS_DATE_BAD;
	if (c->i == c->n)
		return stamp_date(&t, max_year, out);
	if (peek(c) != '-')
		return NW_RSS_DATE_BAD;
	c->i++;
	t.prec = NW_PREC_DAY;
	if (take_num(c, 2, 2, &t.d) == 0)
		return NW_RSS_DATE_BAD;
	if (c->i < c->n) {
		if (peek(c) != 'T' && peek(c) != 't' && peek(c) != ' ')
			return NW_RSS_DATE_BAD;
		c->i++;
		if (take_time(c, &t) == -1)
			return NW_RSS_DATE_BAD;
		if (peek(c) == 'Z' || peek(c) == 'z') {
			c->i++;
		} else {
			r = take_numzone(c, &t.off);
			if (r == -1)
				return NW_RSS_DATE_BAD;
		}
	}
	if (c->i != c->n)
		return NW_RSS_DATE_BAD;
	return stamp_date(&t, max_year, out);
}

enum nw_rss_date
nw_rss_date_parse(const char *s, size_t len, int max_year,
    struct nw_date *out)
{
	struct cur c;

	s = trim(s, &len);
	if (len == 0)
		return NW_RSS_DATE_NONE;
	c.s = s;
	c.n = len;
	c.i = 0;
	/* four digits first: ISO; anything else: RFC 822, then ISO */
	if (len >= 4 && is_digit((unsigned char)s[0]) &&
	    is_digit((unsigned char)s[1]) && is_digit((unsigned char)s[2]) &&
	    is_digit((unsigned char)s[3]))
		return date_3339(&c, max_year, out);
	return date_822(&c, max_year, out);
}

/* --- errors and warnings -------------------------------------------------- */

/* Stop the parse with our own error (at the parser's place). */
static void
fail(struct rss *p, enum nw_errcode code, const char *fmt, ...)
	NW_PRINTF(3, 4);

static void
fail(struct rss *p, enum nw_errcode code, const char *fmt, ...)
{
	char msg[sizeof(p->err->msg)];
	va_list ap;

	if (p->stop != STOP_NO)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	nw_error_where(p->err, p->feed->name, p->docname);
	if (p->ctxt != NULL)
		nw_error_at_line(p->err, xmlSAX2GetLineNumber(p->ctxt),
		    xmlSAX2GetColumnNumber(p->ctxt));
	nw_error_set(p->err, code, "%s", msg);
	p->stop = STOP_ERR;
	if (p->ctxt != NULL)
		xmlStopParser(p->ctxt);
}

/* What a warning calls the current item: its title, else its id. */
static void
item_label(const struct rss *p, char *buf, size_t sz)
{
	const char *s;
	size_t n = 0;

	s = field_value(&p->f[F_TITLE], &n);
	if (s == NULL)
		s = field_value(&p->f[F_ID], &n);
	if (s == NULL) {
		nw_strlcpy(buf, "(untitled)", sz);
		return;
	}
	n = cut_len(s, n, LABEL_MAX);
	nw_log_escape(s, n, buf, sz);
}

/* One line about the current item, counted against the cap. */
static void
item_warn(struct rss *p, enum nw_loglevel level, const char *fmt, ...)
	NW_PRINTF(3, 4);

static void
item_warn(struct rss *p, enum nw_loglevel level, const char *fmt, ...)
{
	struct nw_error e;
	char label[NW_LOG_FIELD_MAX * 4 + 8], msg[512], line[1536];
	va_list ap;

	if (level == NW_LOG_WARN && p->nwarn++ >= NW_RSS_MAX_WARNINGS)
		return;
	if (level > nw_log_get_level())
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	item_label(p, label, sizeof(label));
	nw_error_clear(&e);
	nw_error_where(&e, p->feed->name, p->docname);
	nw_error_at_line(&e, p->item_line, 0);
	nw_error_set(&e, NW_E_DATA, "item \"%s\": %s", label, msg);
	nw_log(level, NULL, "%s", nw_error_str(&e, line, sizeof(line)));
}

/* --- filters -------------------------------------------------------------- */

/* Compile one pattern; NULL with *e set (message only). */
static pcre2_code *
filter_compile(const char *key, const char *pat, struct nw_error *e)
{
	pcre2_compile_context *cc;
	pcre2_code *re;
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE eoff;
	char esc[2 * NW_LOG_FIELD_MAX];
	const char *jit;
	uint32_t minlen = 0;
	int ec;

	cc = pcre2_compile_context_create(NULL);
	if (cc == NULL) {
		nw_error_set(e, NW_E_INTERNAL, "pcre2: out of memory");
		return NULL;
	}
	(void)pcre2_set_max_pattern_length(cc, NW_MAX_PATTERN_LEN);
	re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
	    PCRE2_UTF | PCRE2_CASELESS | PCRE2_NEVER_BACKSLASH_C, &ec, &eoff,
	    cc);
	pcre2_compile_context_free(cc);
	if (re == NULL) {
		if (pcre2_get_error_message(ec, msg, sizeof(msg)) < 0)
			nw_strlcpy((char *)msg, "unknown error", sizeof(msg));
		nw_error_set(e, NW_E_CONFIG, "%s: bad pattern \"%s\": %s "
		    "(at offset %zu)", key, nw_log_escape(pat, strlen(pat),
		    esc, sizeof(esc)), (const char *)msg, (size_t)eoff);
		return NULL;
	}
	if (pcre2_pattern_info(re, PCRE2_INFO_MINLENGTH, &minlen) != 0 ||
	    minlen == 0) {
		pcre2_code_free(re);
		nw_error_set(e, NW_E_CONFIG, "%s: pattern \"%s\" can match "
		    "the empty string, so it would %s every item", key,
		    nw_log_escape(pat, strlen(pat), esc, sizeof(esc)),
		    strcmp(key, "include") == 0 ? "keep" : "drop");
		return NULL;
	}
	/* NORMWATCH_PCRE2_JIT=0: the interpreter (valgrind cannot follow
	 * the JIT's wide reads), as in norms.c */
	jit = getenv("NORMWATCH_PCRE2_JIT");
	if (jit == NULL || strcmp(jit, "0") != 0)
		(void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	return re;
}

static void
filters_free(struct filters *f)
{
	pcre2_code_free(f->inc);
	pcre2_code_free(f->exc);
	pcre2_match_data_free(f->md);
	pcre2_match_context_free(f->mctx);
	pcre2_jit_stack_free(f->js);
	memset(f, 0, sizeof(*f));
}

/* Compile the feed's filters; -1 with *err set (the definition's line). */
static int
filters_load(struct filters *f, const struct nw_feed *feed,
    struct nw_error *err)
{
	static const char *const keys[] = { "include", "exclude" };
	pcre2_code **slot;
	const char *v;
	size_t i;
	long line = 0;

	memset(f, 0, sizeof(*f));
	for (i = 0; i < NW_NELEM(keys); i++) {
		v = nw_feed_opt(feed, keys[i], &line);
		if (v == NULL)
			continue;
		slot = i == 0 ? &f->inc : &f->exc;
		*slot = filter_compile(keys[i], v, err);
		if (*slot == NULL) {
			nw_error_where(err, feed->name, feed->path);
			nw_error_at_line(err, line, 0);
			return -1;
		}
	}
	if (f->inc == NULL && f->exc == NULL)
		return 0;
	f->md = pcre2_match_data_create(1, NULL);
	f->mctx = pcre2_match_context_create(NULL);
	f->js = pcre2_jit_stack_create(JIT_STACK_MIN, NW_REGEX_JIT_STACK, NULL);
	if (f->md == NULL || f->mctx == NULL || f->js == NULL) {
		nw_error_set(err, NW_E_INTERNAL, "pcre2: out of memory");
		return -1;
	}
	pcre2_set_match_limit(f->mctx, NW_REGEX_MATCH_LIMIT);
	pcre2_set_depth_limit(f->mctx, NW_REGEX_DEPTH_LIMIT);
	pcre2_set_heap_limit(f->mctx, NW_REGEX_HEAP_LIMIT);
	pcre2_jit_stack_assign(f->mctx, NULL, f->js);
	return 0;
}

/* 1 match, 0 none, -1 a limit was hit. */
static int
filter_match(struct filters *f, pcre2_code *re, const char *s, size_t n)
{
	int rc;

	rc = pcre2_match(re, (PCRE2_SPTR)s, n, 0, PCRE2_NO_UTF_CHECK, f->md,
	    f->mctx);
	if (rc >= 0)
		return 1;
	return rc == PCRE2_ERROR_NOMATCH ? 0 : -1;
}

/* Does the item pass the filters?  A limit hit keeps it, with a warning. */
static int
filters_pass(struct rss *p, const char *s, size_t n)
{
	int m;

	if (p->flt.inc != NULL) {
		m = filter_match(&p->flt, p->flt.inc, s, n);
		if (m == -1)
			item_warn(p, NW_LOG_WARN, "kept: the include pattern "
			    "ran into the pcre2 match limits");
		else if (m == 0)
			return 0;
	}
	if (p->flt.exc != NULL) {
		m = filter_match(&p->flt, p->flt.exc, s, n);
		if (m == -1)
			item_warn(p, NW_LOG_WARN, "kept: the exclude pattern "
			    "ran into the pcre2 match limits");
		else if (m == 1)
			return 0;
	}
	return 1;
}

/* --- fields --------------------------------------------------------------- */

/* Add s[0..n) to f, up to its cap (cut at a character boundary). */
static void
field_add(struct field *f, const char *s, size_t n)
{
	size_t room;

	if (f->cut || n == 0)
		return;
	room = f->b.max - f->b.len;
	if (n > room) {
		n = room;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
		f->cut = 1;
	}
	if (n > 0 && nw_buf_add(&f->b, s, n) == -1)
		f->cut = 1;
}

/* Text for an XHTML field: & < > escaped. */
static void
field_add_escaped(struct field *f, const char *s, size_t n)
{
	size_t i, b = 0;
	const char *rep;

	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		default:
			continue;
		}
		field_add(f, s + b, i - b);
		field_add(f, rep, strlen(rep));
		b = i + 1;
	}
	field_add(f, s + b, n - b);
}

static void
field_begin(struct rss *p, enum fkind k, enum mode mode, int depth)
{
	struct field *f;

	p->fdepth = depth;
	if (k == F_NONE || p->f[k].seen) {
		p->fcur = F_NONE;		/* read past it */
		return;
	}
	f = &p->f[k];
	f->seen = 1;
	f->mode = mode;
	nw_buf_reset(&f->b);
	f->start = 0;
	if (mode == M_HTML || mode == M_XHTML) {
		/* says UTF-8 to nw_html_to_text, whatever the HTML claims */
		field_add(f, UTF8_BOM, 3);
		f->start = 3;
	}
	p->fcur = k;
}

/* Elements that have no end tag in HTML. */
static int
is_void(const xmlChar *name)
{
	static const char *const v[] = { "area", "base", "br", "col",
	    "embed", "hr", "img", "input", "link", "meta", "param", "source",
	    "track", "wbr" };
	size_t i;

	for (i = 0; i < NW_NELEM(v); i++)
		if (str_eq(name, v[i]))
			return 1;
	return 0;
}

/* An element inside a field: markup for HTML, nothing for text. */
static void
field_child(struct rss *p, const xmlChar *name, int end)
{
	struct field *f;

	if (p->fcur == F_NONE)
		return;
	f = &p->f[p->fcur];
	if (f->mode != M_HTML && f->mode != M_XHTML)
		return;
	if (end && is_void(name))
		return;
	field_add(f, end ? "</" : "<", end ? 2 : 1);
	field_add(f, (const char *)name, strlen((const char *)name));
	field_add(f, ">", 1);
}

static void
item_reset(struct rss *p)
{
	size_t i;

	for (i = 0; i < F_COUNT; i++) {
		nw_buf_reset(&p->f[i].b);
		p->f[i].seen = 0;
		p->f[i].cut = 0;
		p->f[i].start = 0;
		p->f[i].mode = M_TEXT;
	}
	p->guid_perma = 1;
	p->fdepth = 0;
	p->fcur = F_NONE;
	free(p->item_base);
	p->item_base = NULL;
}

/* The value of attribute name (no namespace, or ns) as a new string. */
static char *
attr_get(const xmlChar **attrs, int nattrs, const char *ns, const char *name)
{
	int i;

	for (i = 0; i < nattrs; i++) {
		const xmlChar **a = attrs + 5 * i;

		if (!str_eq(a[0], name))
			continue;
		if (ns == NULL ? a[2] != NULL : !str_eq(a[2], ns))
			continue;
		return xstrndup((const char *)a[3], (size_t)(a[4] - a[3]));
	}
	return NULL;
}

/* base resolved against up, as a new string; NULL when either is. */
static char *
base_resolve(const char *base, const char *up)
{
	xmlChar *u;
	char *r;

	if (base == NULL)
		return up != NULL ? xstrdup(up) : NULL;
	if (up == NULL)
		return xstrdup(base);
	u = xmlBuildURI((const xmlChar *)base, (const xmlChar *)up);
	if (u == NULL)
		return xstrdup(up);
	r = xstrdup((const char *)u);
	xmlFree(u);
	return r;
}

/* Atom type attribute to a mode. */
static enum mode
atom_mode(const char *type)
{
	if (type == NULL || strcmp(type, "text") == 0)
		return M_TEXT;
	if (strcmp(type, "html") == 0)
		return M_HTML;
	if (strcmp(type, "xhtml") == 0)
		return M_XHTML;
	if (nw_strncaseeq(type, "text/html", 9))
		return M_HTML;
	if (nw_strncaseeq(type, "application/xhtml+xml", 21))
		return M_XHTML;
	if (nw_strncaseeq(type, "text/", 5))
		return M_TEXT;
	return M_SKIP;
}

/* A direct child of an item: which field, in which mode. */
static void
field_start(struct rss *p, const xmlChar *name, const xmlChar *prefix,
    const xmlChar *uri, const xmlChar **attrs, int nattrs)
{
	enum fkind k = F_NONE;
	enum mode mode = M_TEXT;
	char *type = NULL, *rel = NULL, *href = NULL, *perma = NULL;

	if (str_eq(uri, NS_CONTENT) && str_eq(name, "encoded") &&
	    p->fl != FL_ATOM) {
		k = F_BODY;
		mode = M_HTML;
	} else if (str_eq(uri, NS_DC) && str_eq(name, "date")) {
		k = F_DC;
	} else if (p->fl == FL_ATOM && in_ns(uri, prefix, NS_ATOM)) {
		if (str_eq(name, "title") || str_eq(name, "summary") ||
		    str_eq(name, "content")) {
			type = attr_get(attrs, nattrs, NULL, "type");
			mode = atom_mode(type);
			k = str_eq(name, "title") ? F_TITLE :
			    str_eq(name, "summary") ? F_SUMMARY : F_BODY;
			if (k == F_BODY)
				href = attr_get(attrs, nattrs, NULL, "src");
			if (href != NULL)
				mode = M_SKIP;
			if (mode == M_SKIP)
				k = F_NONE;
		} else if (str_eq(name, "published"))
			k = F_PUB;
		else if (str_eq(name, "updated"))
			k = F_UPD;
		else if (str_eq(name, "id"))
			k = F_ID;
		else if (str_eq(name, "link")) {
			rel = attr_get(attrs, nattrs, NULL, "rel");
			href = attr_get(attrs, nattrs, NULL, "href");
			if ((rel == NULL || strcmp(rel, "alternate") == 0) &&
			    href != NULL && !p->f[F_LINK].seen) {
				field_begin(p, F_LINK, M_TEXT, p->depth);
				field_add(&p->f[F_LINK], href, strlen(href));
			}
			p->fcur = F_NONE;	/* its content is no link */
			p->fdepth = p->depth;
			goto out;
		}
	} else if (p->fl != FL_ATOM && in_ns(uri, prefix, p->item_ns)) {
		if (str_eq(name, "title"))
			k = F_TITLE;
		else if (str_eq(name, "link"))
			k = F_LINK;
		else if (str_eq(name, "description")) {
			k = F_SUMMARY;
			mode = M_HTML;
		} else if (str_eq(name, "pubDate") && p->fl == FL_RSS)
			k = F_PUB;
		else if (str_eq(name, "guid") && p->fl == FL_RSS) {
			k = F_ID;
			perma = attr_get(attrs, nattrs, NULL, "isPermaLink");
			if (!p->f[F_ID].seen)
				p->guid_perma = perma == NULL ||
				    strcmp(perma, "false") != 0;
		}
	}
	field_begin(p, k, mode, p->depth);
out:
	free(type);
	free(rel);
	free(href);
	free(perma);
}

/* --- HTML of feed items: a fast path -------------------------------------- */

/*
 * Most item HTML is a few paragraphs with links, emphasis and entities.
 * Such a fragment is read here directly: since the text is normalized
 * afterwards (every run of white space becomes one space), all that
 * matters is where a tag separates words (block elements, as html.c
 * classes them) and where it does not (inline ones), and what the
 * entities decode to (libxml2's own HTML 4 table).  Anything else -- a
 * comment, a script, an element nw_html_to_text drops or does not know
 * here, a malformed tag or entity -- sends the whole fragment to
 * nw_html_to_text, so both paths give the same text (a unit test
 * compares them; NORMWATCH_RSS_HTML=libxml2 turns the fast path off).
 */
static const char *const fast_inline[] = {
	"a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "data", "del",
	"dfn", "em", "font", "i", "img", "ins", "kbd", "mark", "q", "s",
	"samp", "small", "span", "strike", "strong", "sub", "sup", "time",
	"tt", "u", "var", "wbr"
};
static const char *const fast_block[] = {
	"address", "article", "blockquote", "br", "caption", "center", "dd",
	"div", "dl", "dt", "figcaption", "figure", "h1", "h2", "h3", "h4",
	"h5", "h6", "hr", "li", "main", "ol", "p", "pre", "section", "table",
	"tbody", "td", "tfoot", "th", "thead", "tr", "ul"
};

/* 1 inline, 2 block, 0 unknown here. */
static int
fast_tag_kind(const char *name, size_t n)
{
	char lc[16];
	size_t i;

	if (n == 0 || n >= sizeof(lc))
		return 0;
	for (i = 0; i < n; i++) {
		if (!is_alpha((unsigned char)name[i]) &&
		    !is_digit((unsigned char)name[i]))
			return 0;
		lc[i] = (char)(name[i] | (is_alpha((unsigned char)name[i]) ?
		    0x20 : 0));
	}
	lc[n] = '\0';
	for (i = 0; i < NW_NELEM(fast_inline); i++)
		if (strcmp(lc, fast_inline[i]) == 0)
			return 1;
	for (i = 0; i < NW_NELEM(fast_block); i++)
		if (strcmp(lc, fast_block[i]) == 0)
			return 2;
	return 0;
}

/* Append code point c as UTF-8. */
static int
put_utf8(struct nw_buf *b, unsigned long c)
{
	char u[4];
	size_t n;

	if (c < 0x80) {
		u[0] = (char)c;
		n = 1;
	} else if (c < 0x800) {
		u[0] = (char)(0xc0 | (c >> 6));
		u[1] = (char)(0x80 | (c & 0x3f));
		n = 2;
	} else if (c < 0x10000) {
		u[0] = (char)(0xe0 | (c >> 12));
		u[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		u[2] = (char)(0x80 | (c & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | (c >> 18));
		u[1] = (char)(0x80 | ((c >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((c >> 6) & 0x3f));
		u[3] = (char)(0x80 | (c & 0x3f));
		n = 4;
	}
	return nw_buf_add(b, u, n);
}

/*
 * An entity at s[0] == '&': its code point and length, or 0 when it is
 * not one this path decodes the way libxml2 does.
 */
static size_t
fast_entity(const char *s, size_t n, unsigned long *cp)
{
	const htmlEntityDesc *e;
	char name[16];
	size_t i = 1, k;
	unsigned long v = 0;

	if (n > 2 && s[1] == '#') {
		int hex = s[2] == 'x' || s[2] == 'X';

		i = hex ? 3 : 2;
		for (k = i; k < n && k < i + 7; k++) {
			int c = (unsigned char)s[k], lc = c | 0x20;

			if (is_digit(c))
				v = v * (hex ? 16 : 10) +
				    (unsigned long)(c - '0');
			else if (hex && lc >= 'a' && lc <= 'f')
				v = v * 16 + (unsigned long)(lc - 'a' + 10);
			else
				break;
		}
		if (k == i || k >= n || s[k] != ';')
			return 0;
		/* controls, C1 (cp1252 in HTML), surrogates, out of range */
		if ((v < 0x20 && v != '\t' && v != '\n' && v != '\r') ||
		    (v >= 0x7f && v < 0xa0) || (v >= 0xd800 && v < 0xe000) ||
		    v > 0x10ffff || (v & 0xfffe) == 0xfffe)
			return 0;
		*cp = v;
		return k + 1;
	}
	for (k = 1; k < n && k < sizeof(name) && (is_alpha((unsigned char)s[k])
	    || is_digit((unsigned char)s[k])); k++)
		name[k - 1] = s[k];
	if (k == 1 || k >= n || k >= sizeof(name) || s[k] != ';')
		return 0;
	name[k - 1] = '\0';
	e = htmlEntityLookup((const xmlChar *)name);
	if (e == NULL)
		return 0;
	*cp = e->value;
	return k + 1;
}

/* 1 and the text in out, 0 when the fragment needs libxml2. */
static int
html_fast(const char *s, size_t n, struct nw_buf *out)
{
	size_t i = 0, b, e, k;
	unsigned long cp;
	int kind, q;

	nw_buf_reset(out);
	if (n >= 3 && memcmp(s, UTF8_BOM, 3) == 0)
		i = 3;
	while (i < n) {
		b = i;
		while (i < n && s[i] != '<' && s[i] != '&')
			i++;
		if (i > b && nw_buf_add(out, s + b, i - b) == -1)
			return 0;
		if (i == n)
			break;
		if (s[i] == '&') {
			if (i + 1 < n && (is_alpha((unsigned char)s[i + 1]) ||
			    s[i + 1] == '#')) {
				k = fast_entity(s + i, n - i, &cp);
				if (k == 0 || put_utf8(out, cp) == -1)
					return 0;
				i += k;
			} else {
				if (nw_buf_addc(out, '&') == -1)
					return 0;
				i++;
			}
			continue;
		}
		/* a tag: <name ...>, </name>, <name/> */
		b = i + 1;
		if (b < n && s[b] == '/')
			b++;
		for (e = b; e < n && (is_alpha((unsigned char)s[e]) ||
		    is_digit((unsigned char)s[e])); e++)
			;
		kind = fast_tag_kind(s + b, e - b);
		if (kind == 0 || e == n || !(s[e] == '>' || s[e] == '/' ||
		    is_space((unsigned char)s[e])))
			return 0;
		/* attributes: to the '>' outside quotes */
		for (q = 0, i = e; i < n; i++) {
			if (q != 0) {
				if (s[i] == q)
					q = 0;
				else if (s[i] == '<')
					return 0;
			} else if (s[i] == '"' || s[i] == '\'')
				q = s[i];
			else if (s[i] == '>')
				break;
			else if (s[i] == '<')
				return 0;
		}
		if (i == n)
			return 0;
		i++;
		if (kind == 2 && nw_buf_addc(out, ' ') == -1)
			return 0;
	}
	return 1;
}

/* --- one item to one report ----------------------------------------------- */

/*
 * Field f as normalized text in out.  HTML goes through nw_html_to_text
 * unless it holds no markup and no entity.  0, or -1 with *e set.
 */
static int
field_text(struct rss *p, struct field *f, struct nw_buf *out,
    struct nw_error *e)
{
	const char *s;
	char *html = NULL;
	size_t n, hl;
	int rc = -1;

	nw_buf_reset(out);
	if (f->b.len <= f->start)
		return 0;
	s = f->b.data + f->start;
	n = f->b.len - f->start;
	if ((f->mode == M_HTML || f->mode == M_XHTML) &&
	    (memchr(s, '<', n) != NULL || memchr(s, '&', n) != NULL)) {
		/* entities are never longer than what they stand for */
		p->scratch.max = f->b.len + 1;
		if (p->fast && html_fast(f->b.data, f->b.len, &p->scratch)) {
			s = p->scratch.data != NULL ? p->scratch.data : "";
			n = p->scratch.len;
			goto text;
		}
		/* text is never longer than three bytes per input byte */
		p->in_html = 1;
		html = nw_html_to_text(f->b.data, f->b.len, 3 * f->b.len + 64,
		    &hl, e);
		p->in_html = 0;
		if (html == NULL)
			goto out;
		s = html;
		n = hl;
	}
text:
	out->max = 3 * n + 64;
	if (nw_text_normalize(s, n, out) == -1) {
		nw_error_set(e, NW_E_LIMIT, "text longer than %zu bytes",
		    out->max);
		goto out;
	}
	rc = 0;
out:
	free(html);
	return rc;
}

/* Is s[0..n) an http or https URL without control bytes? */
static int
is_web_url(const char *s, size_t n)
{
	size_t i;

	if (n > NW_MAX_URL_LEN)
		return 0;
	if (!(n > 7 && nw_strncaseeq(s, "http://", 7)) &&
	    !(n > 8 && nw_strncaseeq(s, "https://", 8)))
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return 0;
	return 1;
}

/* The report URL of the item, in the arena. */
static const char *
item_url(struct rss *p)
{
	const char *link, *guid, *base;
	size_t n = 0, gn = 0;
	xmlChar *u;
	char *copy;
	const char *r = NULL;

	link = field_value(&p->f[F_LINK], &n);
	if (link != NULL) {
		if (is_web_url(link, n))
			return nw_arena_strndup(p->arena, link, n);
		base = p->item_base != NULL ? p->item_base : p->feed_base;
		if (base == NULL)
			base = p->doc->url;
		if (base != NULL && n <= NW_MAX_URL_LEN) {
			copy = xstrndup(link, n);
			u = xmlBuildURI((const xmlChar *)copy,
			    (const xmlChar *)base);
			free(copy);
			if (u != NULL && is_web_url((const char *)u,
			    strlen((const char *)u)))
				r = nw_arena_strdup(p->arena, (const char *)u);
			xmlFree(u);
			if (r != NULL)
				return r;
		}
	}
	guid = field_value(&p->f[F_ID], &gn);
	if (p->fl == FL_RSS && guid != NULL && p->guid_perma &&
	    is_web_url(guid, gn))
		return nw_arena_strndup(p->arena, guid, gn);
	if (p->doc->url != NULL)
		return nw_arena_strdup(p->arena, p->doc->url);
	return nw_arena_strdup(p->arena, p->feed->url != NULL ?
	    p->feed->url : "");
}

/* The native id of the item, in the arena (see rss.h). */
static const char *
item_id(struct rss *p, const struct nw_date *date)
{
	const char *s;
	char hex[NW_SHA256_HEX], ds[16], *key;
	size_t n = 0;

	s = field_value(&p->f[F_ID], &n);
	if (s != NULL && n <= NW_RSS_MAX_ID)
		return nw_arena_strndup(p->arena, s, n);
	s = field_value(&p->f[F_LINK], &n);
	if (s != NULL && n <= NW_MAX_URL_LEN)
		return nw_arena_strndup(p->arena, s, n);
	nw_date_format(date, ds);
	key = xasprintf("%s\n%s", p->title.len > 0 ? p->title.data :
	    p->text.data, ds);
	nw_sha256_hex(key, strlen(key), hex);
	free(key);
	return nw_arena_printf(p->arena, "hash-%.*s", ID_HEX, hex);
}

static void
item_end(struct rss *p)
{
	struct nw_report *r;
	struct nw_date date;
	struct nw_error e;
	struct field *df = NULL, *bf;
	const char *ds, *id, *sep;
	char esc[2 * NW_LOG_FIELD_MAX];
	size_t dn = 0, tl, keep;
	int c;

	memset(&date, 0, sizeof(date));
	nw_error_clear(&e);

	/* the date */
	if (p->fl == FL_ATOM)
		df = p->f[F_PUB].seen ? &p->f[F_PUB] : p->f[F_UPD].seen ?
		    &p->f[F_UPD] : &p->f[F_DC];
	else
		df = p->f[F_PUB].seen ? &p->f[F_PUB] : &p->f[F_DC];
	if (df->seen) {
		ds = df->b.data != NULL ? df->b.data : "";
		dn = df->b.len;
		switch (df->cut ? NW_RSS_DATE_BAD :
		    nw_rss_date_parse(ds, dn, p->max_year, &date)) {
		case NW_RSS_DATE_OK:
		case NW_RSS_DATE_NONE:
			break;
		case NW_RSS_DATE_BAD:
			ds = trim(ds, &dn);
			item_warn(p, NW_LOG_WARN, "skipped: unreadable date "
			    "\"%s\"", nw_log_escape(ds, dn, esc, sizeof(esc)));
			return;
		case NW_RSS_DATE_IMPOSSIBLE:
			ds = trim(ds, &dn);
			item_warn(p, NW_LOG_WARN, "skipped: impossible date "
			    "\"%s\"", nw_log_escape(ds, dn, esc, sizeof(esc)));
			return;
		}
	}

	/* title, body, text */
	if (field_text(p, &p->f[F_TITLE], &p->title, &e) == -1) {
		item_warn(p, NW_LOG_WARN, "skipped: title: %s", e.msg);
		return;
	}
	keep = cut_len(p->title.data, p->title.len, NW_MAX_TITLE_LEN);
	if (keep < p->title.len) {
		item_warn(p, NW_LOG_INFO, "title of %zu bytes cut to %zu",
		    p->title.len, keep);
		p->title.len = keep;
		p->title.data[keep] = '\0';
	}
	bf = &p->f[F_BODY];
	if (field_text(p, bf, &p->body, &e) == -1) {
		item_warn(p, NW_LOG_WARN, "skipped: content: %s", e.msg);
		return;
	}
	if (p->body.len == 0) {
		bf = &p->f[F_SUMMARY];
		if (field_text(p, bf, &p->body, &e) == -1) {
			item_warn(p, NW_LOG_WARN, "skipped: %s: %s",
			    p->fl == FL_ATOM ? "summary" : "description",
			    e.msg);
			return;
		}
	}
	if (bf->cut)
		item_warn(p, NW_LOG_INFO, "%s cut at %u bytes before "
		    "stripping", bf == &p->f[F_BODY] ? "content" :
		    p->fl == FL_ATOM ? "summary" : "description",
		    NW_RSS_MAX_FIELD);
	if (p->title.len == 0 && p->body.len == 0) {
		item_warn(p, NW_LOG_WARN, "skipped: no title and no text");
		return;
	}
	/* title, ". ", body: the buffer's max is what they need */
	nw_buf_reset(&p->text);
	p->text.max = p->title.len + p->body.len + 2;
	sep = "";
	if (p->title.len > 0 && p->body.len > 0) {
		c = p->title.data[p->title.len - 1];
		sep = c == '.' || c == '!' || c == '?' || c == ':' ? " " : ". ";
	}
	if (nw_buf_add(&p->text, p->title.data, p->title.len) == -1 ||
	    nw_buf_adds(&p->text, sep) == -1 ||
	    nw_buf_add(&p->text, p->body.data, p->body.len) == -1) {
		item_warn(p, NW_LOG_WARN, "skipped: text too long");
		return;
	}
	tl = cut_len(p->text.data, p->text.len, p->max_len);
	if (tl < p->text.len) {
		item_warn(p, NW_LOG_INFO, "text of %zu bytes cut to %zu "
		    "(max-entry-size)", p->text.len, tl);
		p->text.len = tl;
		p->text.data[tl] = '\0';
	}

	if (!filters_pass(p, p->text.data, p->text.len)) {
		if (nw_log_get_level() >= NW_LOG_DEBUG)
			item_warn(p, NW_LOG_DEBUG, "dropped by the include or "
			    "exclude pattern");
		return;
	}

	id = item_id(p, &date);
	if (!idset_add(&p->ids, id)) {
		item_warn(p, NW_LOG_WARN, "skipped: its id \"%s\" was seen "
		    "earlier in the document", nw_log_escape(id, strlen(id),
		    esc, sizeof(esc)));
		return;
	}
	r = nw_arena_alloc(p->arena, sizeof(*r));
	r->native_id = id;
	r->url = item_url(p);
	r->title = p->title.len > 0 ? nw_arena_strndup(p->arena,
	    p->title.data, p->title.len) : NULL;
	r->text = nw_arena_strndup(p->arena, p->text.data, p->text.len);
	r->textlen = p->text.len;
	r->date = date;
	r->line = p->item_line;
	r->offset = -1;
	if (p->fn != NULL && p->fn(r, p->arg) == -1) {
		p->stop = STOP_CB;
		xmlStopParser(p->ctxt);
		return;
	}
	p->nreports++;
}

/* --- the SAX handler ------------------------------------------------------ */

static void
root_start(struct rss *p, const xmlChar *name, const xmlChar *prefix,
    const xmlChar *uri, const xmlChar **attrs, int nattrs)
{
	char esc[2 * NW_LOG_FIELD_MAX], *base;
	const char *n = (const char *)name;

	if (str_eq(name, "rss") && (in_ns(uri, prefix, NULL) ||
	    str_eq(uri, NS_RSS2))) {
		p->fl = FL_RSS;
		p->item_ns = uri == NULL ? NULL : NS_RSS2;
	} else if (str_eq(name, "feed") && str_eq(uri, NS_ATOM)) {
		p->fl = FL_ATOM;
		p->item_ns = NS_ATOM;
	} else if (str_eq(name, "RDF") && str_eq(uri, NS_RDF)) {
		p->fl = FL_RDF;
		p->item_ns = NS_RSS1;
	} else {
		fail(p, NW_E_PARSE, "not an RSS or Atom feed: the root "
		    "element is <%s>%s", nw_log_escape(n, strlen(n), esc,
		    sizeof(esc)), str_eq(name, "feed") ? " without the Atom "
		    "namespace" : "");
		return;
	}
	base = attr_get(attrs, nattrs, NS_XML, "base");
	p->feed_base = base_resolve(base, p->doc->url);
	free(base);
}

static void
item_start(struct rss *p, const xmlChar **attrs, int nattrs)
{
	char *base;

	p->nitems++;
	if (p->nitems > p->max_items) {
		fail(p, NW_E_LIMIT, "more than %zu items (max-entries)",
		    p->max_items);
		return;
	}
	item_reset(p);
	p->in_item = p->depth;
	p->item_line = xmlSAX2GetLineNumber(p->ctxt);
	base = attr_get(attrs, nattrs, NS_XML, "base");
	if (base != NULL) {
		p->item_base = base_resolve(base, p->feed_base != NULL ?
		    p->feed_base : p->doc->url);
		free(base);
	}
}

static void
sax_start(void *ctx, const xmlChar *name, const xmlChar *prefix,
    const xmlChar *uri, int nns, const xmlChar **nss, int nattrs,
    int ndefaulted, const xmlChar **attrs)
{
	struct rss *p = ctx;

	(void)nns;
	(void)nss;
	(void)ndefaulted;
	p->depth++;
	if (p->stop != STOP_NO)
		return;
	if (p->depth > NW_RSS_MAX_DEPTH) {
		fail(p, NW_E_LIMIT, "elements nested deeper than %d",
		    NW_RSS_MAX_DEPTH);
		return;
	}
	if (p->depth == 1) {
		root_start(p, name, prefix, uri, attrs, nattrs);
		return;
	}
	if (p->in_item == 0) {
		if (p->fl == FL_RSS && p->depth == 2)
			p->channel = str_eq(name, "channel") &&
			    in_ns(uri, prefix, p->item_ns);
		if ((p->fl == FL_RSS && p->depth == 3 && p->channel &&
		    str_eq(name, "item") && in_ns(uri, prefix, p->item_ns)) ||
		    (p->fl != FL_RSS && p->depth == 2 &&
		    str_eq(name, p->fl == FL_ATOM ? "entry" : "item") &&
		    str_eq(uri, p->item_ns)))
			item_start(p, attrs, nattrs);
		return;
	}
	if (p->fdepth > 0) {
		field_child(p, name, 0);
		return;
	}
	if (p->depth == p->in_item + 1)
		field_start(p, name, prefix, uri, attrs, nattrs);
}

static void
sax_end(void *ctx, const xmlChar *name, const xmlChar *prefix,
    const xmlChar *uri)
{
	struct rss *p = ctx;

	(void)prefix;
	(void)uri;
	if (p->stop == STOP_NO) {
		if (p->fdepth > 0) {
			if (p->depth == p->fdepth) {
				p->fdepth = 0;
				p->fcur = F_NONE;
			} else
				field_child(p, name, 1);
		} else if (p->in_item > 0 && p->depth == p->in_item) {
			p->in_item = 0;
			item_end(p);
		}
	}
	p->depth--;
}

static void
sax_chars(void *ctx, const xmlChar *ch, int len)
{
	struct rss *p = ctx;
	struct field *f;

	if (p->stop != STOP_NO || p->fdepth == 0 || p->fcur == F_NONE ||
	    len <= 0)
		return;
	f = &p->f[p->fcur];
	if (f->mode == M_XHTML)
		field_add_escaped(f, (const char *)ch, (size_t)len);
	else
		field_add(f, (const char *)ch, (size_t)len);
}

static void
sax_doctype(void *ctx, const xmlChar *name, const xmlChar *extid,
    const xmlChar *sysid)
{
	struct rss *p = ctx;

	(void)name;
	(void)extid;
	(void)sysid;
	fail(p, NW_E_PARSE, "DOCTYPE refused: feeds need no DTD, and "
	    "entity declarations and external subsets are never read");
}

static void
sax_entity(void *ctx, const xmlChar *name, int type, const xmlChar *pubid,
    const xmlChar *sysid, xmlChar *content)
{
	struct rss *p = ctx;

	(void)name;
	(void)type;
	(void)pubid;
	(void)sysid;
	(void)content;
	fail(p, NW_E_PARSE, "entity declaration refused");
}

static void
sax_error(void *ctx, xmlErrorPtr xe)
{
	struct rss *p = ctx;
	char msg[256];
	const char *m;
	size_t n, i;

	/*
	 * Not ours: errors of nw_html_to_text's own parser, which we call
	 * from item_end while this handler is the thread's.
	 */
	if (xe == NULL || p->in_html || (xe->ctxt != NULL &&
	    xe->ctxt != p->ctxt))
		return;
	if (p->xerr || xe->level < XML_ERR_ERROR ||
	    xe->domain == XML_FROM_NAMESPACE)
		return;
	p->xerr = 1;
	p->xcode = xe->code;
	p->xdomain = xe->domain;
	p->xline = xe->line;
	p->xcol = xe->int2;
	if (p->xline <= 0 && p->ctxt != NULL)	/* decoding runs ahead */
		p->xnear = xmlSAX2GetLineNumber(p->ctxt);
	m = xe->message != NULL ? xe->message : "unknown error";
	n = strlen(m);
	if (n >= sizeof(msg))
		n = sizeof(msg) - 1;
	memcpy(msg, m, n);
	msg[n] = '\0';
	for (i = 0; i < n; i++)
		if (msg[i] == '\n' || msg[i] == '\r' || msg[i] == '\t')
			msg[i] = ' ';
	while (n > 0 && msg[n - 1] == ' ')
		n--;
	nw_log_escape(msg, n, p->xmsg, sizeof(p->xmsg));
}

/* Errors raised with no parser context (encoding conversion) land here. */
static void
global_error(void *ctx, xmlErrorPtr xe)
{
	sax_error(ctx, xe);
}

static void
sax_init(xmlSAXHandler *sax)
{
	memset(sax, 0, sizeof(*sax));
	sax->initialized = XML_SAX2_MAGIC;
	sax->startElementNs = sax_start;
	sax->endElementNs = sax_end;
	sax->characters = sax_chars;
	sax->cdataBlock = sax_chars;
	sax->ignorableWhitespace = sax_chars;
	sax->internalSubset = sax_doctype;
	sax->externalSubset = sax_doctype;
	sax->entityDecl = sax_entity;
	sax->serror = sax_error;
}

/* The libxml2 error that ended the parse, as ours. */
static void
xml_fail(struct rss *p)
{
	enum nw_errcode code = NW_E_PARSE;
	const char *what = "malformed XML";
	char *hint;

	nw_error_where(p->err, p->feed->name, p->docname);
	if (!p->xerr) {
		nw_error_set(p->err, NW_E_PARSE, "malformed XML (libxml2 "
		    "gave no message)");
		return;
	}
	switch (p->xcode) {
	case XML_ERR_INVALID_CHAR:
	case XML_ERR_INVALID_CHARREF:
	case XML_ERR_INVALID_ENCODING:
	case XML_ERR_UNKNOWN_ENCODING:
	case XML_ERR_UNSUPPORTED_ENCODING:
		code = NW_E_DATA;
		what = "bad characters";
		break;
	default:
		if (p->xdomain == XML_FROM_I18N) {
			code = NW_E_DATA;
			what = "bad characters";
		}
		break;
	}
	/* libxml2 suggests an option we never use */
	hint = strstr(p->xmsg, " use XML_PARSE_HUGE option");
	if (hint == NULL)
		hint = strstr(p->xmsg, ", use XML_PARSE_HUGE option");
	if (hint != NULL)
		*hint = '\0';
	if (p->xline > 0)
		nw_error_at_line(p->err, p->xline, p->xcol);
	if (code == NW_E_PARSE && nw_html_sniff(p->doc->data, p->doc->len))
		nw_error_set(p->err, code, "not an RSS or Atom feed: the "
		    "document is HTML (%s)", p->xmsg);
	else if (p->xline <= 0 && p->xnear > 0)
		nw_error_set(p->err, code, "%s: %s (decoding ahead of line "
		    "%ld)", what, p->xmsg, p->xnear);
	else
		nw_error_set(p->err, code, "%s: %s", what, p->xmsg);
}

/* --- the parser ----------------------------------------------------------- */

static long
rss_parse(const struct nw_feed *feed, const struct nw_doc *doc,
    struct nw_arena *arena, nw_report_fn fn, void *arg, struct nw_error *err)
{
	struct rss p;
	xmlSAXHandler sax;
	xmlStructuredErrorFunc old_serror = NULL;
	void *old_sctx = NULL;
	size_t max, off = 0, n, i, blank = doc->len;
	const char *env;
	long rc = -1;
	int last, handler_set = 0;

	memset(&p, 0, sizeof(p));
	p.feed = feed;
	p.doc = doc;
	p.docname = doc->name != NULL ? doc->name : doc->url;
	p.arena = arena;
	p.fn = fn;
	p.arg = arg;
	p.err = err;
	p.fcur = F_NONE;
	p.max_year = next_year();
	p.max_items = feed->limits.max_entries > 0 ?
	    feed->limits.max_entries : NW_DEF_MAX_ENTRIES;
	p.max_len = feed->limits.max_entry_len > 0 ?
	    feed->limits.max_entry_len : NW_DEF_MAX_ENTRY_LEN;
	nw_buf_init(&p.title, 0);
	nw_buf_init(&p.body, 0);
	nw_buf_init(&p.text, 0);
	nw_buf_init(&p.scratch, 0);
	env = getenv("NORMWATCH_RSS_HTML");
	p.fast = env == NULL || strcmp(env, "libxml2") != 0;
	for (i = 0; i < F_COUNT; i++)
		nw_buf_init(&p.f[i].b, NW_RSS_MAX_FIELD);
	nw_buf_init(&p.f[F_TITLE].b, TITLE_RAW_MAX);
	nw_buf_init(&p.f[F_LINK].b, NW_MAX_URL_LEN + 1);
	nw_buf_init(&p.f[F_ID].b, NW_RSS_MAX_ID + 1);
	nw_buf_init(&p.f[F_PUB].b, NW_RSS_MAX_DATE);
	nw_buf_init(&p.f[F_UPD].b, NW_RSS_MAX_DATE);
	nw_buf_init(&p.f[F_DC].b, NW_RSS_MAX_DATE);

	max = feed->limits.max_body > 0 ? feed->limits.max_body :
	    NW_DEF_MAX_BODY;
	if (max > NW_RSS_MAX_DOC)
		max = NW_RSS_MAX_DOC;
	if (doc->len > max) {
		nw_error_where(err, feed->name, p.docname);
		nw_error_set(err, NW_E_LIMIT, "document of %zu bytes is larger "
		    "than the cap of %zu bytes (max-size; at most %u for rss)",
		    doc->len, max, NW_RSS_MAX_DOC);
		goto out;
	}
	if (filters_load(&p.flt, feed, err) == -1)
		goto out;

	(void)trim(doc->data, &blank);
	if (blank == 0) {
		nw_error_where(err, feed->name, p.docname);
		nw_error_set(err, NW_E_PARSE, "empty document");
		goto out;
	}

	xmlInitParser();
	/* errors without a parser context would go to stderr: take them */
	old_serror = xmlStructuredError;
	old_sctx = xmlStructuredErrorContext;
	xmlSetStructuredErrorFunc(&p, global_error);
	handler_set = 1;
	sax_init(&sax);
	p.ctxt = xmlCreatePushParserCtxt(&sax, &p, NULL, 0, p.docname);
	if (p.ctxt == NULL) {
		nw_error_where(err, feed->name, p.docname);
		nw_error_set(err, NW_E_INTERNAL, "cannot create an XML parser");
		goto out;
	}
	(void)xmlCtxtUseOptions(p.ctxt, XML_OPTS);
	do {
		n = doc->len - off < CHUNK ? doc->len - off : CHUNK;
		last = off + n == doc->len;
		(void)xmlParseChunk(p.ctxt, doc->data + off, (int)n, last);
		off += n;
	} while (!last && p.stop == STOP_NO && !p.xerr);

	if (p.stop != STOP_NO)
		goto out;		/* our error, or the callback's */
	if (p.xerr || !p.ctxt->wellFormed) {
		xml_fail(&p);
		goto out;
	}
	if (p.fl == FL_NONE) {
		nw_error_where(err, feed->name, p.docname);
		nw_error_set(err, NW_E_PARSE, "no root element");
		goto out;
	}
	if (p.nwarn > NW_RSS_MAX_WARNINGS)
		nw_log(NW_LOG_WARN, feed->name, "%s: %zu more warnings about "
		    "items", p.docname, p.nwarn - NW_RSS_MAX_WARNINGS);
	rc = p.nreports;
out:
	if (p.ctxt != NULL)
		xmlFreeParserCtxt(p.ctxt);
	if (handler_set)
		xmlSetStructuredErrorFunc(old_sctx, old_serror);
	for (i = 0; i < F_COUNT; i++)
		nw_buf_free(&p.f[i].b);
	nw_buf_free(&p.title);
	nw_buf_free(&p.body);
	nw_buf_free(&p.text);
	nw_buf_free(&p.scratch);
	free(p.feed_base);
	free(p.item_base);
	idset_free(&p.ids);
	filters_free(&p.flt);
	return rc;
}

static int
rss_check(const struct nw_feed *feed, nw_error_fn onerr, void *arg)
{
	static const char *const keys[] = { "include", "exclude" };
	struct nw_error e;
	pcre2_code *re;
	const char *v;
	size_t i;
	long line = 0;
	int nerr = 0;

	for (i = 0; i < NW_NELEM(keys); i++) {
		v = nw_feed_opt(feed, keys[i], &line);
		if (v == NULL)
			continue;
		nw_error_clear(&e);
		re = filter_compile(keys[i], v, &e);
		if (re != NULL) {
			pcre2_code_free(re);
			continue;
		}
		nw_error_where(&e, feed->name, feed->path);
		nw_error_at_line(&e, line, 0);
		if (onerr != NULL)
			onerr(&e, arg);
		nerr++;
	}
	return nerr;
}

const struct nw_parser nw_parser_rss = {
	.kind = "rss",
	.summary = "RSS 2.0, RSS 1.0 and Atom 1.0 feeds of vendor and "
	    "agency disclosures",
	.options = rss_options,
	.parse = rss_parse,
	.check = rss_check,
};
