/*
 * csv.c - datasets of incidents as CSV (RFC 4180), one report per row,
 * with the column mapping of the feed definition.  See csv.h for the
 * contract and normwatch.feed(5) for the keys.
 *
 * Three layers, top to bottom in this file:
 *
 *  1. the mapping: feed keys read into a struct cfg, checked by
 *     "normwatch feeds check" and again before each parse;
 *  2. the record reader: one record at a time from the bytes, fields
 *     unescaped into one buffer; a record that breaks the quoting rules
 *     or a cap is bad, and reading resumes on the line after its first
 *     line;
 *  3. the row: decoded (UTF-8 checked, or converted from cp1252/latin1),
 *     then its mapped cells become the report: date, ids, title, link,
 *     text, and (preset) attributions, actors, victims, sectors and
 *     sponsorship.  A row that fails any step is reported and skipped.
 *
 * Cell values are trimmed and normalized (nw_text_normalize) before they
 * are compared, so curly quotes, NBSP and line ends inside quoted cells do
 * not matter.  Comparisons of names (header names, map entries, empty-cell
 * markers) ignore ASCII case.
 */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "normwatch/csv.h"
#include "normwatch/date.h"
#include "normwatch/limits.h"
#include "normwatch/log.h"
#include "normwatch/text.h"
#include "normwatch/util.h"

#define CSV_MAX_WARN	10	/* bad rows logged one by one per parse */
#define MAX_ALTS	8	/* alternative names of one column */
#define MAX_NAME	256	/* bytes of a column name or map entry */
#define MAX_FORMATS	8	/* formats in date-format */
#define MAX_FMT_ELEMS	16	/* elements of one date format */
#define MAX_ID		256	/* bytes of a native id before its suffix */
#define ID_HEX		16	/* hex digits of a row hash */
#define MAX_UNKNOWN	4	/* unknown state names quoted in the log */
#define SNIFF_BYTES	64	/* bytes looked at to tell HTML and PDF */

static const char *const csv_options[] = {
	"separator", "encoding", "encoding-fallback", "empty", "list",
	"id", "incident", "date", "date-format", "date-jan1-year", "title",
	"link", "text", "states", "actors", "actor-aliases", "victims",
	"sectors", "sector-map", "hedge", "hedge-column", "hedge-map", "party",
	"party-column", "party-map", "sponsorship", "sponsorship-column",
	"sponsorship-map", NULL
};

/* The empty-cell markers when the feed has no "empty" key. */
static const char *const default_empty[] = {
	"N/A", "None", "null", "nan", "Not available", "Unknown", "-"
};

/*
 * The built-in sector table for EuRepoC receiver categories and their
 * subcodes ("sector-map = eurepoc").  Categories that span sectors
 * ("Critical infrastructure") map to nothing: their subcode says which.
 */
static const struct {
	const char	*name;
	enum nw_sector	 sector;
} eurepoc_sectors[] = {
	{ "State institutions / political system", NW_SECTOR_GOVERNMENT },
	{ "Corporate Targets*", NW_SECTOR_OTHER },
	{ "Social groups", NW_SECTOR_CIVIL_SOCIETY },
	{ "Media", NW_SECTOR_MEDIA },
	{ "Science", NW_SECTOR_EDUCATION },
	{ "End user(s) / specially protected groups", NW_SECTOR_CIVIL_SOCIETY },
	{ "International / supranational organization", NW_SECTOR_OTHER },
	{ "Other", NW_SECTOR_OTHER },
	{ "Government / ministries", NW_SECTOR_GOVERNMENT },
	{ "Military", NW_SECTOR_MILITARY },
	{ "Telecommunications", NW_SECTOR_TELECOMMUNICATIONS },
	{ "Energy", NW_SECTOR_ENERGY },
	{ "Defence industry", NW_SECTOR_DEFENSE_INDUSTRY },
	{ "Finance", NW_SECTOR_FINANCE },
	{ "Civil service / administration", NW_SECTOR_GOVERNMENT },
	{ "Transportation", NW_SECTOR_TRANSPORT },
	{ "Advocacy / activists*", NW_SECTOR_CIVIL_SOCIETY },
	{ "Health", NW_SECTOR_HEALTHCARE },
	{ "Police", NW_SECTOR_GOVERNMENT },
	{ "Political parties", NW_SECTOR_ELECTIONS },
	{ "Legislative", NW_SECTOR_GOVERNMENT },
	{ "Political opposition / dissidents / expats", NW_SECTOR_CIVIL_SOCIETY },
	{ "Intelligence agencies", NW_SECTOR_GOVERNMENT },
	{ "Other social groups", NW_SECTOR_CIVIL_SOCIETY },
	{ "Judiciary", NW_SECTOR_GOVERNMENT },
	{ "Election infrastructure / related systems", NW_SECTOR_ELECTIONS },
	{ "Chemicals", NW_SECTOR_MANUFACTURING },
	{ "Religious", NW_SECTOR_CIVIL_SOCIETY },
	{ "Other (e.g., embassies)", NW_SECTOR_GOVERNMENT },
	{ "Terrorist", NW_SECTOR_OTHER },
	{ "Ethnic", NW_SECTOR_CIVIL_SOCIETY },
	{ "Criminal", NW_SECTOR_OTHER },
	{ "Water", NW_SECTOR_WATER },
	{ "Food", NW_SECTOR_OTHER },
	{ "Hacktivist", NW_SECTOR_OTHER },
	{ "Space", NW_SECTOR_TECHNOLOGY },
	{ "Critical Manufacturing", NW_SECTOR_MANUFACTURING },
	{ "Digital infrastructure", NW_SECTOR_TECHNOLOGY },
	{ "Education", NW_SECTOR_EDUCATION },
	{ "Research", NW_SECTOR_EDUCATION },
};

/* --- small helpers ------------------------------------------------------------ */

static int
is_blank(int c)
{
	return c == ' ' || c == '\t';
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

/* s[0..*n) without blanks (and line ends) at either end. */
static const char *
trim(const char *s, size_t *n)
{
	size_t b = 0, e = *n;

	while (b < e && (is_blank((unsigned char)s[b]) || s[b] == '\r' ||
	    s[b] == '\n'))
		b++;
	while (e > b && (is_blank((unsigned char)s[e - 1]) ||
	    s[e - 1] == '\r' || s[e - 1] == '\n'))
		e--;
	*n = e - b;
	return s + b;
}

/* Equal, ignoring ASCII case. */
static int
name_eq(const char *a, size_t an, const char *b, size_t bn)
{
	return an == bn && nw_strncaseeq(a, b, an);
}

/* Equal as sector names: ASCII case, and ' ', '-', '_' all alike. */
static int
sector_eq(const char *a, size_t an, const char *b)
{
	size_t i;
	int x, y;

	if (an != strlen(b))
		return 0;
	for (i = 0; i < an; i++) {
		x = (unsigned char)a[i];
		y = (unsigned char)b[i];
		if (x >= 'A' && x <= 'Z')
			x += 'a' - 'A';
		if (y >= 'A' && y <= 'Z')
			y += 'a' - 'A';
		if (x == ' ' || x == '_')
			x = '-';
		if (y == ' ' || y == '_')
			y = '-';
		if (x != y)
			return 0;
	}
	return 1;
}

/* The first occurrence of needle in hay, or -1. */
static long
find(const char *hay, size_t hn, const char *needle, size_t nn)
{
	const char *p = hay, *end = hay + hn;

	if (nn == 0 || nn > hn)
		return -1;
	while ((size_t)(end - p) >= nn) {
		p = memchr(p, needle[0], (size_t)(end - p) - nn + 1);
		if (p == NULL)
			return -1;
		if (memcmp(p, needle, nn) == 0)
			return (long)(p - hay);
		p++;
	}
	return -1;
}

/* Cut s to at most max bytes without splitting a UTF-8 character. */
static size_t
utf8_cut(const char *s, size_t n, size_t max)
{
	if (n <= max)
		return n;
	n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return n;
}

static const char *
esc(const char *s, size_t n, char *buf, size_t sz)
{
	return nw_log_escape(s, n, buf, sz);
}

/* --- the mapping: feed keys --------------------------------------------------- */

enum enc { ENC_NONE = 0, ENC_UTF8, ENC_CP1252, ENC_LATIN1 };

enum lsyn { LS_AUTO = 0, LS_PYTHON, LS_SEMI, LS_COMMA, LS_NONE };

/* One column, by name or "#N", with alternatives ("a | b"). */
struct colref {
	char		*alts[MAX_ALTS];
	size_t		 nalts;
	long		 col;		/* index in the header, -1 */
};

/* A key naming one or more columns ("a; b | c"). */
struct colset {
	struct colref	*v;
	size_t		 n;
	long		 line;		/* of its key, 0 when absent */
	const char	*key;
};

struct mapent {
	char		*from;		/* normalized; a prefix when prefix */
	size_t		 fromlen;
	int		 prefix;	/* written with a trailing '*' */
	int		 to;		/* enum nw_hedge, _party, ... */
};

struct map {
	struct mapent	*v;
	size_t		 n;
	int		 eurepoc;	/* sector-map: the built-in table too */
	long		 line;
};

/* One element of a date format. */
struct delem {
	char		 kind;		/* 'Y', 'M', 'D', 'N' (month name),
					   ' ' (blanks) or 'L' (literal) */
	char		 lit;
};

struct dfmt {
	struct delem	 e[MAX_FMT_ELEMS];
	size_t		 n;
	enum nw_prec	 prec;
};

struct listover {
	struct colref	 col;
	enum lsyn	 syn;
	long		 line;		/* of the list key */
};

struct cfg {
	char		 sep;
	enum enc	 enc;
	enum enc	 fallback;	/* ENC_NONE: none */
	char		**empty;	/* normalized markers */
	size_t		 nempty;
	enum lsyn	 list;		/* for columns without an override */
	struct listover	*lover;
	size_t		 nlover;
	struct colset	 id, incident, date, title, link, text;
	struct colset	 states, actors, victims, sectors;
	struct colset	 hedge_cols, party_cols, sponsor_cols;
	struct dfmt	 fmts[MAX_FORMATS];
	size_t		 nfmts;
	int		 jan1_year;
	char		 alias_sep;	/* 0: none */
	struct map	 sector_map, hedge_map, party_map, sponsor_map;
	enum nw_hedge	 hedge;
	enum nw_party	 party;
	enum nw_sponsor	 sponsor;
	int		 preset;
};

struct cload {
	const struct nw_feed	*feed;
	nw_error_fn		 onerr;
	void			*arg;
	int			 nerr;
	struct nw_error		 first;
};

static void cerr(struct cload *, long, const char *, ...) NW_PRINTF(3, 4);

static void
cerr(struct cload *cl, long line, const char *fmt, ...)
{
	struct nw_error e;
	char msg[sizeof(e.msg)];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	nw_error_clear(&e);
	nw_error_where(&e, cl->feed->name, cl->feed->path);
	nw_error_at_line(&e, line, 0);
	nw_error_set(&e, NW_E_CONFIG, "%s", msg);
	if (cl->nerr == 0)
		cl->first = e;
	cl->nerr++;
	if (cl->onerr != NULL)
		cl->onerr(&e, cl->arg);
}

/*
 * Split v at sep into trimmed pieces, passing each to fn; empty pieces are
 * skipped.  Returns the number of pieces, or -1 when fn did.
 */
typedef int (*piece_fn)(const char *, size_t, void *);

static long
pieces(const char *v, char sep, piece_fn fn, void *arg)
{
	const char *p = v, *e;
	size_t n;
	long count = 0;

	for (;;) {
		e = strchr(p, sep);
		n = e != NULL ? (size_t)(e - p) : strlen(p);
		{
			size_t m = n;
			const char *t = trim(p, &m);

			if (m > 0) {
				if (fn(t, m, arg) == -1)
					return -1;
				count++;
			}
		}
		if (e == NULL)
			break;
		p = e + 1;
	}
	return count;
}

/* A normalized copy of s[0..n) (xmalloc'd), or NULL when too long. */
static char *
norm_dup(const char *s, size_t n, size_t *outlen)
{
	struct nw_buf b;
	char *r;

	nw_buf_init(&b, 4 * MAX_NAME);
	if (n > MAX_NAME || nw_text_normalize(s, n, &b) == -1) {
		nw_buf_free(&b);
		return NULL;
	}
	if (b.data == NULL && nw_buf_add(&b, "", 0) == -1) {
		nw_buf_free(&b);
		return NULL;
	}
	r = nw_buf_detach(&b, outlen);
	return r;
}

/* --- column references -- */

struct colctx {
	struct cload	*cl;
	struct colset	*cs;
	struct colref	*cur;
	const char	*key;
	long		 line;
	int		 bad;
};

static int
col_alt(const char *s, size_t n, void *arg)
{
	struct colctx *cx = arg;
	long long k;
	char *name;

	if (cx->cur->nalts == MAX_ALTS) {
		cerr(cx->cl, cx->line, "%s: more than %d alternatives for one "
		    "column", cx->key, MAX_ALTS);
		cx->bad = 1;
		return -1;
	}
	if (n > MAX_NAME) {
		cerr(cx->cl, cx->line, "%s: a column name longer than %d bytes",
		    cx->key, MAX_NAME);
		cx->bad = 1;
		return -1;
	}
	name = xstrndup(s, n);
	if (name[0] == '#' && nw_parse_ll(name + 1, 1, NW_CSV_MAX_FIELDS,
	    &k) == -1) {
		cerr(cx->cl, cx->line, "%s: \"%s\" is not a column number "
		    "from #1 to #%d", cx->key, name, NW_CSV_MAX_FIELDS);
		free(name);
		cx->bad = 1;
		return -1;
	}
	cx->cur->alts[cx->cur->nalts++] = name;
	return 0;
}

static int
col_one(const char *s, size_t n, void *arg)
{
	struct colctx *cx = arg;
	struct colset *cs = cx->cs;
	char *tmp;
	long r;

	if (cs->n == NW_CSV_MAX_FIELDS) {
		cerr(cx->cl, cx->line, "%s: more than %d columns", cx->key,
		    NW_CSV_MAX_FIELDS);
		cx->bad = 1;
		return -1;
	}
	cs->v = xreallocarray(cs->v, cs->n + 1, sizeof(*cs->v));
	cx->cur = &cs->v[cs->n++];
	memset(cx->cur, 0, sizeof(*cx->cur));
	cx->cur->col = -1;
	tmp = xstrndup(s, n);
	r = pieces(tmp, '|', col_alt, cx);
	free(tmp);
	if (r == -1)
		return -1;
	if (r == 0) {
		cerr(cx->cl, cx->line, "%s: an empty column name", cx->key);
		cx->bad = 1;
		return -1;
	}
	return 0;
}

/* Read "a; b | c" into cs; one: at most one column. */
static void
colset_load(struct cload *cl, struct colset *cs, const struct nw_feed_opt *o,
    int one)
{
	struct colctx cx;
	long r;

	memset(&cx, 0, sizeof(cx));
	cx.cl = cl;
	cx.cs = cs;
	cx.key = o->key;
	cx.line = o->line;
	cs->key = o->key;
	cs->line = o->line;
	r = pieces(o->value, ';', col_one, &cx);
	if (cx.bad)
		return;
	if (r == 0)
		cerr(cl, o->line, "%s: no column named", o->key);
	else if (one && cs->n > 1)
		cerr(cl, o->line, "%s names one column (alternatives are "
		    "separated by \"|\", not \";\")", o->key);
}

static void
colref_free(struct colref *c)
{
	size_t i;

	for (i = 0; i < c->nalts; i++)
		free(c->alts[i]);
	c->nalts = 0;
}

static void
colset_free(struct colset *cs)
{
	size_t i;

	for (i = 0; i < cs->n; i++)
		colref_free(&cs->v[i]);
	free(cs->v);
	memset(cs, 0, sizeof(*cs));
}

/* --- maps: "value: target; value*: target" -- */

enum mkind { MAP_SECTOR, MAP_HEDGE, MAP_PARTY, MAP_SPONSOR };

struct mapctx {
	struct cload	*cl;
	struct map	*m;
	enum mkind	 kind;
	const char	*key;
	long		 line;
};

static int
target_from(enum mkind kind, const char *s, int *out)
{
	enum nw_sector sec;
	enum nw_hedge h;
	enum nw_party p;
	enum nw_sponsor sp;

	switch (kind) {
	case MAP_SECTOR:
		if (nw_sector_from_name(s, &sec) == -1)
			return -1;
		*out = (int)sec;
		return 0;
	case MAP_HEDGE:
		if (nw_hedge_from_name(s, &h) == -1)
			return -1;
		*out = (int)h;
		return 0;
	case MAP_PARTY:
		if (nw_party_from_name(s, &p) == -1)
			return -1;
		*out = (int)p;
		return 0;
	case MAP_SPONSOR:
		if (nw_sponsor_from_name(s, &sp) == -1)
			return -1;
		*out = (int)sp;
		return 0;
	}
	return -1;
}

static const char *
target_list(enum mkind kind)
{
	switch (kind) {
	case MAP_SECTOR:
		return "a sector (government, military, defense-industry, "
		    "energy, water, healthcare, finance, telecommunications, "
		    "technology, media, education, elections, transport, "
		    "manufacturing, retail, civil-society, other)";
	case MAP_HEDGE:
		return "asserted or suspected";
	case MAP_PARTY:
		return "government, vendor, self, media or unspecified";
	case MAP_SPONSOR:
		return "state, non-state or unknown";
	}
	return "";
}

static int
map_entry(const char *s, size_t n, void *arg)
{
	struct mapctx *mx = arg;
	struct mapent *me;
	const char *colon = NULL, *from;
	char target[64], esc1[2 * NW_LOG_FIELD_MAX];
	size_t i, fn, tn;
	int to;

	for (i = 0; i < n; i++)
		if (s[i] == ':')
			colon = s + i;
	if (colon == NULL) {
		if (mx->kind == MAP_SECTOR && name_eq(s, n, "eurepoc", 7)) {
			mx->m->eurepoc = 1;
			return 0;
		}
		cerr(mx->cl, mx->line, "%s: \"%s\" is not \"VALUE: TARGET\"%s",
		    mx->key, esc(s, n, esc1, sizeof(esc1)),
		    mx->kind == MAP_SECTOR ? " or eurepoc" : "");
		return 0;
	}
	fn = (size_t)(colon - s);
	from = trim(s, &fn);
	tn = n - (size_t)(colon + 1 - s);
	{
		const char *t = trim(colon + 1, &tn);

		if (tn >= sizeof(target))
			tn = sizeof(target) - 1;
		memcpy(target, t, tn);
		target[tn] = '\0';
	}
	if (fn == 0) {
		cerr(mx->cl, mx->line, "%s: an entry with no value before "
		    "\":\"", mx->key);
		return 0;
	}
	if (target_from(mx->kind, target, &to) == -1) {
		cerr(mx->cl, mx->line, "%s: \"%s\" is not %s", mx->key,
		    esc(target, strlen(target), esc1, sizeof(esc1)),
		    target_list(mx->kind));
		return 0;
	}
	mx->m->v = xreallocarray(mx->m->v, mx->m->n + 1, sizeof(*mx->m->v));
	me = &mx->m->v[mx->m->n];
	memset(me, 0, sizeof(*me));
	if (from[fn - 1] == '*') {
		me->prefix = 1;
		fn--;
		from = trim(from, &fn);
	}
	me->from = norm_dup(from, fn, &me->fromlen);
	if (me->from == NULL) {
		cerr(mx->cl, mx->line, "%s: a value longer than %d bytes",
		    mx->key, MAX_NAME);
		return 0;
	}
	me->to = to;
	mx->m->n++;
	return 0;
}

static void
map_load(struct cload *cl, struct map *m, enum mkind kind,
    const struct nw_feed_opt *o)
{
	struct mapctx mx;

	mx.cl = cl;
	mx.m = m;
	mx.kind = kind;
	mx.key = o->key;
	mx.line = o->line;
	m->line = o->line;
	if (pieces(o->value, ';', map_entry, &mx) == 0)
		cerr(cl, o->line, "%s: no entries", o->key);
}

static void
map_free(struct map *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		free(m->v[i].from);
	free(m->v);
	memset(m, 0, sizeof(*m));
}

/* The target of a normalized value, or -1. */
static int
map_find(const struct map *m, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		const struct mapent *me = &m->v[i];

		if (me->prefix ? (n > 0 && n >= me->fromlen &&
		    nw_strncaseeq(s, me->from, me->fromlen)) :
		    name_eq(s, n, me->from, me->fromlen))
			return me->to;
	}
	return -1;
}

/* --- lists, empty markers -- */

static int
lsyn_from(const char *s, size_t n, enum lsyn *out)
{
	static const struct {
		const char	*name;
		enum lsyn	 syn;
	} t[] = {
		{ "auto", LS_AUTO }, { "python", LS_PYTHON },
		{ "semicolon", LS_SEMI }, { "comma", LS_COMMA },
		{ "none", LS_NONE },
	};
	size_t i;

	for (i = 0; i < NW_NELEM(t); i++) {
		if (name_eq(s, n, t[i].name, strlen(t[i].name))) {
			*out = t[i].syn;
			return 0;
		}
	}
	return -1;
}

struct listctx {
	struct cload	*cl;
	struct cfg	*cfg;
	long		 line;
	int		 seen_default;
};

static int
list_entry(const char *s, size_t n, void *arg)
{
	struct listctx *lx = arg;
	struct cfg *c = lx->cfg;
	struct listover *lo;
	struct colctx cx;
	struct colset tmpset;
	const char *colon = NULL, *syn;
	char esc1[2 * NW_LOG_FIELD_MAX], *name;
	size_t i, cn, sn;
	enum lsyn ls;

	for (i = 0; i < n; i++)
		if (s[i] == ':')
			colon = s + i;
	if (colon == NULL) {
		if (lsyn_from(s, n, &ls) == -1) {
			cerr(lx->cl, lx->line, "list: \"%s\" is not auto, "
			    "python, semicolon, comma or none",
			    esc(s, n, esc1, sizeof(esc1)));
			return 0;
		}
		if (lx->seen_default)
			cerr(lx->cl, lx->line, "list: two syntaxes for every "
			    "column");
		lx->seen_default = 1;
		c->list = ls;
		return 0;
	}
	sn = n - (size_t)(colon + 1 - s);
	syn = trim(colon + 1, &sn);
	if (lsyn_from(syn, sn, &ls) == -1) {
		cerr(lx->cl, lx->line, "list: \"%s\" is not auto, python, "
		    "semicolon, comma or none", esc(syn, sn, esc1,
		    sizeof(esc1)));
		return 0;
	}
	cn = (size_t)(colon - s);
	s = trim(s, &cn);
	memset(&tmpset, 0, sizeof(tmpset));
	memset(&cx, 0, sizeof(cx));
	cx.cl = lx->cl;
	cx.cs = &tmpset;
	cx.key = "list";
	cx.line = lx->line;
	name = xstrndup(s, cn);
	(void)col_one(name, cn, &cx);
	free(name);
	if (cx.bad || tmpset.n != 1) {
		if (!cx.bad)
			cerr(lx->cl, lx->line, "list: an entry with no column "
			    "before \":\"");
		colset_free(&tmpset);
		return 0;
	}
	c->lover = xreallocarray(c->lover, c->nlover + 1, sizeof(*c->lover));
	lo = &c->lover[c->nlover++];
	lo->col = tmpset.v[0];
	lo->syn = ls;
	lo->line = lx->line;
	free(tmpset.v);
	return 0;
}

struct emptyctx {
	struct cload	*cl;
	struct cfg	*cfg;
	long		 line;
};

static int
empty_entry(const char *s, size_t n, void *arg)
{
	struct emptyctx *ex = arg;
	struct cfg *c = ex->cfg;
	char *m;
	size_t mn;

	m = norm_dup(s, n, &mn);
	if (m == NULL) {
		cerr(ex->cl, ex->line, "empty: a marker longer than %d bytes",
		    MAX_NAME);
		return 0;
	}
	c->empty = xreallocarray(c->empty, c->nempty + 1, sizeof(*c->empty));
	c->empty[c->nempty++] = m;
	return 0;
}

/* Is a normalized cell or item empty or an empty-cell marker? */
static int
is_empty(const struct cfg *c, const char *s, size_t n)
{
	size_t i;

	if (n == 0)
		return 1;
	for (i = 0; i < c->nempty; i++)
		if (name_eq(s, n, c->empty[i], strlen(c->empty[i])))
			return 1;
	return 0;
}

/* --- dates -- */

static int
dfmt_compile(const char *s, size_t n, struct dfmt *f)
{
	size_t i = 0;
	int y = 0, m = 0, d = 0;

	memset(f, 0, sizeof(*f));
	while (i < n) {
		struct delem *e;

		if (f->n == MAX_FMT_ELEMS)
			return -1;
		e = &f->e[f->n++];
		if (n - i >= 4 && memcmp(s + i, "YYYY", 4) == 0) {
			e->kind = 'Y';
			i += 4;
			y++;
		} else if (n - i >= 5 && memcmp(s + i, "Month", 5) == 0) {
			e->kind = 'N';
			i += 5;
			m++;
		} else if (s[i] == 'M') {
			e->kind = 'M';
			i += n - i >= 2 && s[i + 1] == 'M' ? 2 : 1;
			m++;
		} else if (s[i] == 'D') {
			e->kind = 'D';
			i += n - i >= 2 && s[i + 1] == 'D' ? 2 : 1;
			d++;
		} else if (is_blank((unsigned char)s[i])) {
			e->kind = ' ';
			while (i < n && is_blank((unsigned char)s[i]))
				i++;
		} else if (is_alpha((unsigned char)s[i]) ||
		    is_digit((unsigned char)s[i]) ||
		    (unsigned char)s[i] >= 0x80)
			return -1;
		else {
			e->kind = 'L';
			e->lit = s[i++];
		}
	}
	if (y != 1 || m > 1 || d > 1 || (d == 1 && m == 0))
		return -1;
	f->prec = d ? NW_PREC_DAY : m ? NW_PREC_MONTH : NW_PREC_YEAR;
	return 0;
}

struct fmtctx {
	struct dfmt	*v;
	size_t		 n;
	int		 bad;
	char		 what[2 * NW_LOG_FIELD_MAX];
};

static int
fmt_entry(const char *s, size_t n, void *arg)
{
	struct fmtctx *fx = arg;

	if (name_eq(s, n, "auto", 4)) {
		static const char *const iso[] = {
			"YYYY-MM-DD", "YYYY-MM", "YYYY"
		};
		size_t i;

		for (i = 0; i < NW_NELEM(iso); i++) {
			if (fx->n == MAX_FORMATS) {
				fx->bad = 1;
				return -1;
			}
			(void)dfmt_compile(iso[i], strlen(iso[i]),
			    &fx->v[fx->n++]);
		}
		return 0;
	}
	if (fx->n == MAX_FORMATS) {
		fx->bad = 1;
		(void)snprintf(fx->what, sizeof(fx->what), "more than %d "
		    "formats", MAX_FORMATS);
		return -1;
	}
	if (dfmt_compile(s, n, &fx->v[fx->n]) == -1) {
		char e[2 * NW_LOG_FIELD_MAX];

		fx->bad = 1;
		(void)snprintf(fx->what, sizeof(fx->what), "\"%s\" is not a "
		    "date format (YYYY once, then M or MM or Month, D or DD, "
		    "and punctuation)", esc(s, n, e, sizeof(e)));
		return -1;
	}
	fx->n++;
	return 0;
}

/* Compile a date-format value into v (MAX_FORMATS); -1 with what set. */
static long
fmts_compile(const char *value, struct dfmt *v, char *what, size_t wsz)
{
	struct fmtctx fx;
	long r;

	memset(&fx, 0, sizeof(fx));
	fx.v = v;
	r = pieces(value, ';', fmt_entry, &fx);
	if (fx.bad || r <= 0) {
		if (r == 0)
			(void)snprintf(fx.what, sizeof(fx.what), "no format");
		nw_strlcpy(what, fx.what, wsz);
		return -1;
	}
	return (long)fx.n;
}

/* 1-2 (or exactly 4 for years) digits at s[*i]. */
static int
digits(const char *s, size_t n, size_t *i, size_t min, size_t max, int *out)
{
	size_t k = 0;
	int v = 0;

	while (*i + k < n && k < max && is_digit((unsigned char)s[*i + k])) {
		v = v * 10 + (s[*i + k] - '0');
		k++;
	}
	if (k < min || (*i + k < n && is_digit((unsigned char)s[*i + k])))
		return -1;
	*i += k;
	*out = v;
	return 0;
}

static int
dfmt_match(const struct dfmt *f, const char *s, size_t n, struct nw_date *d)
{
	size_t i = 0, k, j;
	int v;

	memset(d, 0, sizeof(*d));
	for (k = 0; k < f->n; k++) {
		const struct delem *e = &f->e[k];

		switch (e->kind) {
		case 'Y':
			if (digits(s, n, &i, 4, 4, &d->y) == -1)
				return -1;
			break;
		case 'M':
			if (digits(s, n, &i, 1, 2, &d->m) == -1)
				return -1;
			break;
		case 'D':
			if (digits(s, n, &i, 1, 2, &d->d) == -1)
				return -1;
			break;
		case 'N':
			for (j = i; j < n && is_alpha((unsigned char)s[j]); j++)
				;
			v = nw_month_from_name(s + i, j - i);
			if (j == i || v == 0)
				return -1;
			d->m = v;
			i = j;
			if (i < n && s[i] == '.')
				i++;
			break;
		case ' ':
			if (i >= n || !is_blank((unsigned char)s[i]))
				return -1;
			while (i < n && is_blank((unsigned char)s[i]))
				i++;
			break;
		default:
			if (i >= n || s[i] != e->lit)
				return -1;
			i++;
			break;
		}
	}
	if (i < n) {
		/* a time after a full date: "2022-09-14 10:00", "...T10:00Z" */
		if (f->prec != NW_PREC_DAY || (s[i] != 'T' && s[i] != ' ') ||
		    i + 1 >= n || !is_digit((unsigned char)s[i + 1]))
			return -1;
	}
	d->prec = f->prec;
	return 0;
}

/* 0: *d set; -1: no format matches; -2: a format matches, impossibly. */
static int
date_read(const struct dfmt *v, size_t nv, const char *s, size_t n,
    int max_year, struct nw_date *d)
{
	size_t i;
	int impossible = 0;

	for (i = 0; i < nv; i++) {
		if (dfmt_match(&v[i], s, n, d) == -1)
			continue;
		if (nw_date_valid(d) && d->y <= max_year)
			return 0;
		impossible = 1;
	}
	memset(d, 0, sizeof(*d));
	return impossible ? -2 : -1;
}

int
nw_csv_date_parse(const char *s, size_t len, const char *formats,
    int max_year, struct nw_date *out)
{
	struct dfmt v[MAX_FORMATS];
	char what[2 * NW_LOG_FIELD_MAX];
	long n;

	memset(out, 0, sizeof(*out));
	if (s == NULL || formats == NULL)
		return -1;
	n = fmts_compile(formats, v, what, sizeof(what));
	if (n <= 0)
		return -1;
	s = trim(s, &len);
	return date_read(v, (size_t)n, s, len, max_year, out) == 0 ? 0 : -1;
}

/* --- the whole mapping -- */

static int
parse_bool(const char *v, int *out)
{
	if (strcmp(v, "yes") == 0 || strcmp(v, "true") == 0 ||
	    strcmp(v, "on") == 0 || strcmp(v, "1") == 0)
		*out = 1;
	else if (strcmp(v, "no") == 0 || strcmp(v, "false") == 0 ||
	    strcmp(v, "off") == 0 || strcmp(v, "0") == 0)
		*out = 0;
	else
		return -1;
	return 0;
}

static int
enc_from(const char *v, enum enc *out)
{
	if (nw_strcaseeq(v, "utf-8") || nw_strcaseeq(v, "utf8"))
		*out = ENC_UTF8;
	else if (nw_strcaseeq(v, "cp1252") || nw_strcaseeq(v, "windows-1252"))
		*out = ENC_CP1252;
	else if (nw_strcaseeq(v, "latin1") || nw_strcaseeq(v, "iso-8859-1"))
		*out = ENC_LATIN1;
	else
		return -1;
	return 0;
}

static int
sep_from(const char *v, char *out)
{
	if (strcmp(v, "tab") == 0 || strcmp(v, "\\t") == 0)
		*out = '\t';
	else if (strcmp(v, "comma") == 0)
		*out = ',';
	else if (strcmp(v, "semicolon") == 0)
		*out = ';';
	else if (strcmp(v, "pipe") == 0)
		*out = '|';
	else if (strlen(v) == 1 && v[0] > ' ' && v[0] < 0x7f && v[0] != '"' &&
	    !is_alpha((unsigned char)v[0]) && !is_digit((unsigned char)v[0]))
		*out = v[0];
	else
		return -1;
	return 0;
}

static void
cfg_free(struct cfg *c)
{
	size_t i;

	for (i = 0; i < c->nempty; i++)
		free(c->empty[i]);
	free(c->empty);
	for (i = 0; i < c->nlover; i++)
		colref_free(&c->lover[i].col);
	free(c->lover);
	colset_free(&c->id);
	colset_free(&c->incident);
	colset_free(&c->date);
	colset_free(&c->title);
	colset_free(&c->link);
	colset_free(&c->text);
	colset_free(&c->states);
	colset_free(&c->actors);
	colset_free(&c->victims);
	colset_free(&c->sectors);
	colset_free(&c->hedge_cols);
	colset_free(&c->party_cols);
	colset_free(&c->sponsor_cols);
	map_free(&c->sector_map);
	map_free(&c->hedge_map);
	map_free(&c->party_map);
	map_free(&c->sponsor_map);
	memset(c, 0, sizeof(*c));
}

/* "X needs Y": a key that means nothing without another. */
static void
needs(struct cload *cl, long line, const char *key, long other,
    const char *okey)
{
	if (line > 0 && other == 0)
		cerr(cl, line, "%s needs %s", key, okey);
}

/*
 * Read the parser keys of feed into *c.  Every error goes to onerr;
 * returns the number of errors (the first is in cl->first).
 */
static int
cfg_load(const struct nw_feed *feed, struct cfg *c, struct cload *cl)
{
	const struct nw_feed_opt *o;
	char esc1[2 * NW_LOG_FIELD_MAX], what[2 * NW_LOG_FIELD_MAX];
	long fmt_line = 0, jan1_line = 0, alias_line = 0, fallback_line = 0;
	size_t i;

	memset(c, 0, sizeof(*c));
	c->sep = ',';
	c->enc = ENC_UTF8;
	c->list = LS_AUTO;
	c->hedge = NW_HEDGE_ASSERTED;
	c->party = NW_PARTY_UNSPECIFIED;
	c->sponsor = NW_SPONSOR_UNKNOWN;
	for (i = 0; i < NW_NELEM(default_empty); i++) {
		c->empty = xreallocarray(c->empty, c->nempty + 1,
		    sizeof(*c->empty));
		c->empty[c->nempty++] = xstrdup(default_empty[i]);
	}
	(void)fmts_compile("auto", c->fmts, what, sizeof(what));
	c->nfmts = 3;

	for (i = 0; i < feed->nopts; i++) {
		const char *k, *v;

		o = &feed->opts[i];
		k = o->key;
		v = o->value;
		if (k == NULL || v == NULL)
			continue;
		if (strcmp(k, "separator") == 0) {
			if (sep_from(v, &c->sep) == -1)
				cerr(cl, o->line, "separator: \"%s\" is not one "
				    "punctuation character, tab, comma, "
				    "semicolon or pipe",
				    esc(v, strlen(v), esc1, sizeof(esc1)));
		} else if (strcmp(k, "encoding") == 0) {
			if (enc_from(v, &c->enc) == -1)
				cerr(cl, o->line, "encoding: \"%s\" is not "
				    "utf-8, cp1252 or latin1",
				    esc(v, strlen(v), esc1, sizeof(esc1)));
		} else if (strcmp(k, "encoding-fallback") == 0) {
			fallback_line = o->line;
			if (enc_from(v, &c->fallback) == -1 ||
			    c->fallback == ENC_UTF8)
				cerr(cl, o->line, "encoding-fallback: \"%s\" is "
				    "not cp1252 or latin1",
				    esc(v, strlen(v), esc1, sizeof(esc1)));
		} else if (strcmp(k, "empty") == 0) {
			struct emptyctx ex;

			for (; c->nempty > 0; c->nempty--)
				free(c->empty[c->nempty - 1]);
			ex.cl = cl;
			ex.cfg = c;
			ex.line = o->line;
			(void)pieces(v, ';', empty_entry, &ex);
		} else if (strcmp(k, "list") == 0) {
			struct listctx lx;

			memset(&lx, 0, sizeof(lx));
			lx.cl = cl;
			lx.cfg = c;
			lx.line = o->line;
			if (pieces(v, ';', list_entry, &lx) == 0)
				cerr(cl, o->line, "list: no syntax given");
		} else if (strcmp(k, "id") == 0)
			colset_load(cl, &c->id, o, 0);
		else if (strcmp(k, "incident") == 0)
			colset_load(cl, &c->incident, o, 1);
		else if (strcmp(k, "date") == 0)
			colset_load(cl, &c->date, o, 1);
		else if (strcmp(k, "date-format") == 0) {
			long n = fmts_compile(v, c->fmts, what, sizeof(what));

			fmt_line = o->line;
			if (n <= 0) {
				cerr(cl, o->line, "date-format: %s", what);
				(void)fmts_compile("auto", c->fmts, what,
				    sizeof(what));
				c->nfmts = 3;
			} else
				c->nfmts = (size_t)n;
		} else if (strcmp(k, "date-jan1-year") == 0) {
			jan1_line = o->line;
			if (parse_bool(v, &c->jan1_year) == -1)
				cerr(cl, o->line, "date-jan1-year must be yes "
				    "or no");
		} else if (strcmp(k, "title") == 0)
			colset_load(cl, &c->title, o, 1);
		else if (strcmp(k, "link") == 0)
			colset_load(cl, &c->link, o, 0);
		else if (strcmp(k, "text") == 0)
			colset_load(cl, &c->text, o, 0);
		else if (strcmp(k, "states") == 0)
			colset_load(cl, &c->states, o, 0);
		else if (strcmp(k, "actors") == 0)
			colset_load(cl, &c->actors, o, 0);
		else if (strcmp(k, "actor-aliases") == 0) {
			alias_line = o->line;
			if (strlen(v) != 1 || is_blank((unsigned char)v[0]) ||
			    (unsigned char)v[0] >= 0x80)
				cerr(cl, o->line, "actor-aliases: \"%s\" is not "
				    "one character",
				    esc(v, strlen(v), esc1, sizeof(esc1)));
			else
				c->alias_sep = v[0];
		} else if (strcmp(k, "victims") == 0)
			colset_load(cl, &c->victims, o, 0);
		else if (strcmp(k, "sectors") == 0)
			colset_load(cl, &c->sectors, o, 0);
		else if (strcmp(k, "sector-map") == 0)
			map_load(cl, &c->sector_map, MAP_SECTOR, o);
		else if (strcmp(k, "hedge") == 0) {
			if (nw_hedge_from_name(v, &c->hedge) == -1)
				cerr(cl, o->line, "hedge: \"%s\" is not %s",
				    esc(v, strlen(v), esc1, sizeof(esc1)),
				    target_list(MAP_HEDGE));
		} else if (strcmp(k, "hedge-column") == 0)
			colset_load(cl, &c->hedge_cols, o, 0);
		else if (strcmp(k, "hedge-map") == 0)
			map_load(cl, &c->hedge_map, MAP_HEDGE, o);
		else if (strcmp(k, "party") == 0) {
			if (nw_party_from_name(v, &c->party) == -1)
				cerr(cl, o->line, "party: \"%s\" is not %s",
				    esc(v, strlen(v), esc1, sizeof(esc1)),
				    target_list(MAP_PARTY));
		} else if (strcmp(k, "party-column") == 0)
			colset_load(cl, &c->party_cols, o, 0);
		else if (strcmp(k, "party-map") == 0)
			map_load(cl, &c->party_map, MAP_PARTY, o);
		else if (strcmp(k, "sponsorship") == 0) {
			if (nw_sponsor_from_name(v, &c->sponsor) == -1)
				cerr(cl, o->line, "sponsorship: \"%s\" is not "
				    "%s", esc(v, strlen(v), esc1, sizeof(esc1)),
				    target_list(MAP_SPONSOR));
		} else if (strcmp(k, "sponsorship-column") == 0)
			colset_load(cl, &c->sponsor_cols, o, 0);
		else if (strcmp(k, "sponsorship-map") == 0)
			map_load(cl, &c->sponsor_map, MAP_SPONSOR, o);
		/* other keys: feed.c refuses those not in csv_options */
	}

	needs(cl, fmt_line, "date-format", c->date.line, "date");
	needs(cl, jan1_line, "date-jan1-year", c->date.line, "date");
	needs(cl, alias_line, "actor-aliases", c->actors.line, "actors");
	needs(cl, c->sector_map.line, "sector-map", c->sectors.line,
	    "sectors");
	needs(cl, c->hedge_map.line, "hedge-map", c->hedge_cols.line,
	    "hedge-column");
	needs(cl, c->hedge_cols.line, "hedge-column", c->hedge_map.line,
	    "hedge-map");
	needs(cl, c->party_map.line, "party-map", c->party_cols.line,
	    "party-column");
	needs(cl, c->party_cols.line, "party-column", c->party_map.line,
	    "party-map");
	needs(cl, c->sponsor_map.line, "sponsorship-map",
	    c->sponsor_cols.line, "sponsorship-column");
	needs(cl, c->sponsor_cols.line, "sponsorship-column",
	    c->sponsor_map.line, "sponsorship-map");
	if (fallback_line > 0 && c->enc != ENC_UTF8)
		cerr(cl, fallback_line, "encoding-fallback needs encoding "
		    "utf-8 (the default)");
	c->preset = c->states.n > 0 || c->actors.n > 0 || c->victims.n > 0 ||
	    c->sectors.n > 0 || c->sponsor_cols.n > 0;
	return cl->nerr;
}

/* --- the record reader ---------------------------------------------------------- */

struct field {
	size_t		 off;	/* into rd.buf */
	size_t		 len;
	int		 quoted;
};

struct rd {
	const char	*s;
	size_t		 len;
	size_t		 pos;
	long		 line;		/* line number at pos */
	char		 sep;
	struct nw_buf	 buf;		/* the fields, unescaped */
	struct field	*f;
	size_t		 nf;
	size_t		 fcap;
	long		 rec_line;	/* first line of the current record */
	size_t		 rec_off;	/* its first byte */
	size_t		 noquote_from;	/* no '"' at or after this offset */
	char		 why[512];	/* why the record is bad */
	enum nw_errcode	 whycode;
};

enum rrc { R_OK = 0, R_EOF, R_BAD };

static void rd_why(struct rd *, enum nw_errcode, const char *, ...)
    NW_PRINTF(3, 4);

static void
rd_why(struct rd *rd, enum nw_errcode code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(rd->why, sizeof(rd->why), fmt, ap);
	va_end(ap);
	rd->whycode = code;
}

/*
 * The record was bad: go on at the line after its first line.  This stays
 * linear: a record can fail late only inside a quoted field, and a line
 * inside a quoted field that opens a long quoted field of its own would
 * need an odd run of quotes where the outer field has an even one, so no
 * two long failing reads overlap.  Returns R_BAD.
 */
static enum rrc
rd_resync(struct rd *rd)
{
	size_t p = rd->rec_off;

	while (p < rd->len && rd->s[p] != '\n' && rd->s[p] != '\r')
		p++;
	if (p < rd->len) {
		if (rd->s[p] == '\r' && p + 1 < rd->len && rd->s[p + 1] == '\n')
			p++;
		p++;
	}
	rd->pos = p;
	rd->line = rd->rec_line + 1;
	return R_BAD;
}

static int
rd_push(struct rd *rd, size_t off, int quoted)
{
	if (rd->nf == NW_CSV_MAX_FIELDS)
		return -1;
	if (rd->nf == rd->fcap) {
		rd->fcap = rd->fcap == 0 ? 32 : rd->fcap * 2;
		rd->f = xreallocarray(rd->f, rd->fcap, sizeof(*rd->f));
	}
	rd->f[rd->nf].off = off;
	rd->f[rd->nf].len = rd->buf.len - off;
	rd->f[rd->nf].quoted = quoted;
	rd->nf++;
	return 0;
}

/* Read one record.  Blank lines are skipped. */
static enum rrc
rd_next(struct rd *rd)
{
	const char *s = rd->s;
	size_t n = rd->len, start, p, linestart, lines;
	const char *q;
	int quoted;
	char c;

again:
	if (rd->pos >= n)
		return R_EOF;
	rd->rec_off = rd->pos;
	rd->rec_line = rd->line;
	rd->nf = 0;
	nw_buf_reset(&rd->buf);
	linestart = rd->pos;
	lines = 1;
	for (;;) {
		start = rd->buf.len;
		quoted = 0;
		p = rd->pos;
		while (p < n && is_blank((unsigned char)s[p]) && s[p] != rd->sep)
			p++;
		if (p < n && s[p] == '"') {
			quoted = 1;
			rd->pos = p + 1;
			for (;;) {
				size_t k, chunk, win = n - rd->pos, room;

				/* look no further than the record may go */
				if (rd->pos - rd->rec_off > NW_CSV_MAX_RECORD)
					room = 0;
				else
					room = NW_CSV_MAX_RECORD + 1 -
					    (rd->pos - rd->rec_off);
				if (win > room)
					win = room;
				q = NULL;
				if (rd->pos < rd->noquote_from)
					q = memchr(s + rd->pos, '"', win);
				if (q == NULL && win < n - rd->pos) {
					rd_why(rd, NW_E_LIMIT, "a record longer "
					    "than %u bytes (a quote not closed?)",
					    NW_CSV_MAX_RECORD);
					return rd_resync(rd);
				}
				if (q == NULL) {
					if (rd->noquote_from > rd->pos)
						rd->noquote_from = rd->pos;
					rd_why(rd, NW_E_DATA, "a quoted field "
					    "(field %zu) is never closed",
					    rd->nf + 1);
					return rd_resync(rd);
				}
				chunk = (size_t)(q - (s + rd->pos));
				for (k = rd->pos; k < rd->pos + chunk; k++) {
					if (s[k] == '\n' || (s[k] == '\r' &&
					    (k + 1 >= n || s[k + 1] != '\n'))) {
						rd->line++;
						lines++;
						linestart = k + 1;
					}
				}
				if (rd->buf.len - start + chunk >
				    NW_CSV_MAX_FIELD ||
				    lines > NW_CSV_MAX_RECORD_LINES ||
				    (size_t)(q - s) - linestart > NW_CSV_MAX_LINE ||
				    (size_t)(q - s) - rd->rec_off >
				    NW_CSV_MAX_RECORD) {
					rd_why(rd, NW_E_LIMIT, "a quoted field "
					    "(field %zu) longer than %u bytes "
					    "or %d lines, or a record longer "
					    "than %u bytes (a quote not "
					    "closed?)", rd->nf + 1,
					    NW_CSV_MAX_FIELD,
					    NW_CSV_MAX_RECORD_LINES,
					    NW_CSV_MAX_RECORD);
					return rd_resync(rd);
				}
				if (nw_buf_add(&rd->buf, s + rd->pos, chunk) ==
				    -1)
					goto toolong;
				rd->pos += chunk + 1;
				if (rd->pos < n && s[rd->pos] == '"') {
					if (nw_buf_addc(&rd->buf, '"') == -1)
						goto toolong;
					rd->pos++;
					continue;
				}
				break;
			}
			while (rd->pos < n && is_blank((unsigned char)s[rd->pos]) &&
			    s[rd->pos] != rd->sep)
				rd->pos++;
			if (rd->pos < n && s[rd->pos] != rd->sep &&
			    s[rd->pos] != '\n' && s[rd->pos] != '\r') {
				rd_why(rd, NW_E_DATA, "text after the closing "
				    "quote of field %zu (a quote inside a "
				    "quoted field must be doubled)",
				    rd->nf + 1);
				return rd_resync(rd);
			}
		} else {
			p = rd->pos;
			while (p < n && s[p] != rd->sep && s[p] != '\n' &&
			    s[p] != '\r')
				p++;
			if (p - rd->pos > NW_CSV_MAX_FIELD ||
			    p - linestart > NW_CSV_MAX_LINE ||
			    p - rd->rec_off > NW_CSV_MAX_RECORD) {
				rd_why(rd, NW_E_LIMIT, "field %zu longer than "
				    "%u bytes, or a line longer than %u",
				    rd->nf + 1, NW_CSV_MAX_FIELD,
				    NW_CSV_MAX_LINE);
				return rd_resync(rd);
			}
			if (nw_buf_add(&rd->buf, s + rd->pos, p - rd->pos) == -1)
				goto toolong;
			rd->pos = p;
		}
		if (rd_push(rd, start, quoted) == -1) {
			rd_why(rd, NW_E_LIMIT, "more than %d fields",
			    NW_CSV_MAX_FIELDS);
			return rd_resync(rd);
		}
		if (rd->pos >= n)
			break;
		c = s[rd->pos];
		if (c == rd->sep) {
			rd->pos++;
			continue;
		}
		/* a line end ends the record */
		rd->pos++;
		if (c == '\r' && rd->pos < n && s[rd->pos] == '\n')
			rd->pos++;
		rd->line++;
		break;
	}
	if (rd->nf == 1 && rd->f[0].len == 0 && !rd->f[0].quoted)
		goto again;			/* a blank line */
	return R_OK;
toolong:
	rd_why(rd, NW_E_LIMIT, "a record longer than %u bytes",
	    NW_CSV_MAX_RECORD);
	return rd_resync(rd);
}

/* --- encodings ----------------------------------------------------------------------- */

/* cp1252 0x80-0x9f; 0 where the byte has no character. */
static const uint16_t cp1252_hi[32] = {
	0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
	0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178
};

/* Append s[0..n) in enc as UTF-8; -1 with *bad at an impossible byte. */
static int
enc_convert(enum enc enc, const char *s, size_t n, struct nw_buf *out,
    size_t *bad)
{
	size_t i;
	unsigned cp;
	char u[3];

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == 0) {
			*bad = i;
			return -1;
		}
		if (c < 0x80) {
			if (nw_buf_addc(out, c) == -1)
				return -1;
			continue;
		}
		cp = c;
		if (enc == ENC_CP1252 && c < 0xa0) {
			cp = cp1252_hi[c - 0x80];
			if (cp == 0) {
				*bad = i;
				return -1;
			}
		}
		if (cp < 0x800) {
			u[0] = (char)(0xc0 | (cp >> 6));
			u[1] = (char)(0x80 | (cp & 0x3f));
			if (nw_buf_add(out, u, 2) == -1)
				return -1;
		} else {
			u[0] = (char)(0xe0 | (cp >> 12));
			u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
			u[2] = (char)(0x80 | (cp & 0x3f));
			if (nw_buf_add(out, u, 3) == -1)
				return -1;
		}
	}
	return 0;
}

static const char *
enc_name(enum enc e)
{
	switch (e) {
	case ENC_CP1252:
		return "cp1252";
	case ENC_LATIN1:
		return "latin1";
	default:
		return "utf-8";
	}
}

/* --- one parse ------------------------------------------------------------------------ */

struct cell {
	const char	*p;	/* trimmed, decoded */
	size_t		 n;
};

/* Native ids seen in this document, with their counts. */
struct idslot {
	const char	*key;
	uint64_t	 h;
	uint32_t	 count;
};

struct idset {
	struct idslot	*v;
	size_t		 cap;	/* power of two */
	size_t		 n;
};

struct item {
	size_t		 off;	/* into run.items */
	size_t		 len;
};

struct run {
	const struct nw_feed	*feed;
	const struct nw_doc	*doc;
	const char		*feedname;
	const char		*docname;
	struct cfg		*cfg;		/* the mapping; header_read
						   resolves its columns */
	struct nw_arena		*arena;
	const struct nw_refdata	*ref;
	struct rd		 rd;
	size_t			 ncols;		/* fields of the header */
	char			**hdr;		/* normalized header names */
	enum lsyn		*lsyn;		/* list syntax by column */
	struct cell		*cells;
	struct nw_buf		 conv;		/* converted fields */
	struct nw_buf		 norm;		/* a normalized cell */
	struct nw_buf		 text;		/* the report text */
	struct nw_buf		 items;		/* the items of one list */
	struct nw_buf		 key;		/* the native id */
	struct item		 iv[NW_MAX_DATA_LIST];
	size_t			 niv;
	struct idset		 ids;
	int			 max_year;
	size_t			 max_text;
	struct nw_csv_stats	*st;
	char			 why[768];	/* why the row is bad */
	enum nw_errcode		 whycode;
	char			*unknown[MAX_UNKNOWN];
	size_t			 nunknown;
	long			 firstbad_line;	/* the first bad row */
	char			 firstbad[256];
};

static void run_why(struct run *, enum nw_errcode, const char *, ...)
    NW_PRINTF(3, 4);

static void
run_why(struct run *ru, enum nw_errcode code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(ru->why, sizeof(ru->why), fmt, ap);
	va_end(ap);
	ru->whycode = code;
}

static const char *
colname(const struct run *ru, size_t col, char *buf, size_t sz)
{
	char e[2 * NW_LOG_FIELD_MAX];

	if (ru->hdr != NULL && col < ru->ncols && ru->hdr[col][0] != '\0')
		(void)snprintf(buf, sz, "\"%s\"", esc(ru->hdr[col],
		    strlen(ru->hdr[col]), e, sizeof(e)));
	else
		(void)snprintf(buf, sz, "#%zu", col + 1);
	return buf;
}

/*
 * Decode the record's fields into ru->cells: UTF-8 checked, or converted.
 * Returns 0, or -1 with ru->why set.
 */
static int
row_decode(struct run *ru)
{
	struct rd *rd = &ru->rd;
	enum enc enc = ru->cfg->enc;
	size_t i, bad, start;
	char cn[2 * NW_LOG_FIELD_MAX];
	int convert = enc != ENC_UTF8;

	if (!convert) {
		for (i = 0; i < rd->nf; i++) {
			const char *p = rd->buf.data + rd->f[i].off;

			if (nw_utf8_check(p, rd->f[i].len, &bad) == 0)
				continue;
			if (p[bad] == '\0') {
				run_why(ru, NW_E_DATA, "NUL byte in column %s",
				    colname(ru, i, cn, sizeof(cn)));
				return -1;
			}
			if (ru->cfg->fallback == ENC_NONE) {
				run_why(ru, NW_E_DATA, "invalid UTF-8 in column "
				    "%s (byte 0x%02x): a row in another "
				    "encoding? (encoding-fallback = cp1252 "
				    "reads such rows)", colname(ru, i, cn,
				    sizeof(cn)), (unsigned char)p[bad]);
				return -1;
			}
			convert = 1;
			enc = ru->cfg->fallback;
			break;
		}
	}
	if (convert) {
		nw_buf_reset(&ru->conv);
		for (i = 0; i < rd->nf; i++) {
			start = ru->conv.len;
			if (enc_convert(enc, rd->buf.data + rd->f[i].off,
			    rd->f[i].len, &ru->conv, &bad) == -1) {
				if (ru->conv.over)
					run_why(ru, NW_E_LIMIT, "row too long "
					    "once converted from %s",
					    enc_name(enc));
				else
					run_why(ru, NW_E_DATA, "%s in column %s "
					    "(not %s)", rd->buf.data[rd->f[i].off +
					    bad] == '\0' ? "NUL byte" :
					    "a byte with no character",
					    colname(ru, i, cn, sizeof(cn)),
					    enc_name(enc));
				return -1;
			}
			rd->f[i].off = start;	/* now into conv */
			rd->f[i].len = ru->conv.len - start;
		}
	}
	for (i = 0; i < rd->nf; i++) {
		const char *base = convert ? ru->conv.data : rd->buf.data;
		size_t n = rd->f[i].len;

		ru->cells[i].p = trim(base != NULL ? base + rd->f[i].off : "",
		    &n);
		ru->cells[i].n = n;
	}
	return 0;
}

/* Normalize s into ru->norm; -1 (why set) when it outgrows the cap. */
static int
norm_cell(struct run *ru, struct nw_buf *b, const char *s, size_t n)
{
	if (nw_text_normalize(s, n, b) == -1) {
		run_why(ru, NW_E_LIMIT, "a cell longer than %u bytes once "
		    "normalized", NW_CSV_MAX_FIELD);
		return -1;
	}
	if (b->data == NULL && nw_buf_add(b, "", 0) == -1)
		return -1;
	return 0;
}

/* --- lists -- */

static int
item_add(struct run *ru, const char *s, size_t n, size_t col)
{
	char cn[2 * NW_LOG_FIELD_MAX];

	s = trim(s, &n);
	if (is_empty(ru->cfg, s, n))
		return 0;
	if (ru->niv == NW_MAX_DATA_LIST) {
		run_why(ru, NW_E_LIMIT, "a list of more than %d items in "
		    "column %s", NW_MAX_DATA_LIST, colname(ru, col, cn,
		    sizeof(cn)));
		return -1;
	}
	ru->iv[ru->niv].off = ru->items.len;
	ru->iv[ru->niv].len = n;
	if (nw_buf_add(&ru->items, s, n) == -1 ||
	    nw_buf_addc(&ru->items, '\0') == -1) {
		run_why(ru, NW_E_LIMIT, "list items too long");
		return -1;
	}
	ru->niv++;
	return 0;
}

/* Split at sep outside (), [] and {}. */
static int
split_sep(struct run *ru, const char *s, size_t n, char sep, size_t col)
{
	size_t i, b = 0;
	int depth = 0;

	for (i = 0; i <= n; i++) {
		if (i < n) {
			char c = s[i];

			if (c == '(' || c == '[' || c == '{')
				depth++;
			else if ((c == ')' || c == ']' || c == '}') && depth > 0)
				depth--;
			if (c != sep || depth > 0)
				continue;
		}
		if (item_add(ru, s + b, i - b, col) == -1)
			return -1;
		b = i + 1;
	}
	return 0;
}

/* ['A', "B", 'C\'s', D] */
static int
split_python(struct run *ru, const char *s, size_t n, size_t col)
{
	char cn[2 * NW_LOG_FIELD_MAX];
	size_t i = 1, end = n - 1;
	char q;

	while (i < end) {
		while (i < end && is_blank((unsigned char)s[i]))
			i++;
		if (i == end)
			break;
		if (s[i] == '\'' || s[i] == '"') {
			size_t start;

			q = s[i++];
			start = ru->items.len;
			while (i < end && s[i] != q) {
				if (s[i] == '\\' && i + 1 < end)
					i++;
				if (nw_buf_addc(&ru->items, s[i]) == -1)
					goto malformed;
				i++;
			}
			if (i == end)
				goto malformed;
			i++;
			{
				/* move the unescaped item into place */
				size_t len = ru->items.len - start;
				char *tmp = xstrndup(ru->items.data + start, len);

				ru->items.len = start;
				ru->items.data[start] = '\0';
				if (item_add(ru, tmp, len, col) == -1) {
					free(tmp);
					return -1;
				}
				free(tmp);
			}
		} else {
			size_t b = i;

			while (i < end && s[i] != ',')
				i++;
			if (item_add(ru, s + b, i - b, col) == -1)
				return -1;
		}
		while (i < end && is_blank((unsigned char)s[i]))
			i++;
		if (i < end && s[i] != ',')
			goto malformed;
		if (i < end)
			i++;
	}
	return 0;
malformed:
	run_why(ru, NW_E_DATA, "malformed list in column %s (a quote not "
	    "closed, or text after a closing quote)", colname(ru, col, cn,
	    sizeof(cn)));
	return -1;
}

/*
 * The items of cell col, by its list syntax, into ru->iv (after those
 * already there).  The cell is normalized first; items are trimmed, and
 * empty ones and empty-cell markers dropped.
 */
static int
cell_items(struct run *ru, size_t col)
{
	const char *s;
	size_t n;
	enum lsyn syn = ru->lsyn[col];

	if (ru->cells[col].n == 0)
		return 0;
	if (norm_cell(ru, &ru->norm, ru->cells[col].p, ru->cells[col].n) == -1)
		return -1;
	s = ru->norm.data;
	n = ru->norm.len;
	if (is_empty(ru->cfg, s, n))
		return 0;
	if (syn == LS_AUTO)
		syn = n >= 2 && s[0] == '[' && s[n - 1] == ']' ? LS_PYTHON :
		    LS_SEMI;
	switch (syn) {
	case LS_PYTHON:
		if (n >= 2 && s[0] == '[' && s[n - 1] == ']')
			return split_python(ru, s, n, col);
		return item_add(ru, s, n, col);
	case LS_SEMI:
		return split_sep(ru, s, n, ';', col);
	case LS_COMMA:
		return split_sep(ru, s, n, ',', col);
	default:
		return item_add(ru, s, n, col);
	}
}

/* The items of every column of cs. */
static int
colset_items(struct run *ru, const struct colset *cs)
{
	size_t i;

	ru->niv = 0;
	nw_buf_reset(&ru->items);
	for (i = 0; i < cs->n; i++)
		if (cs->v[i].col >= 0 &&
		    cell_items(ru, (size_t)cs->v[i].col) == -1)
			return -1;
	return 0;
}

static const char *
item_at(const struct run *ru, size_t i)
{
	return ru->items.data + ru->iv[i].off;
}

/* --- the fields of a report -- */

static struct nw_span
span_of(const struct nw_report *r, const char *s, size_t n)
{
	struct nw_span sp = { 0, 0 };
	long at = find(r->text, r->textlen, s, n);

	if (at >= 0 && (uint64_t)at + n <= UINT32_MAX) {
		sp.off = (uint32_t)at;
		sp.len = (uint32_t)n;
	}
	return sp;
}

/* A state by code or name; NULL-safe when ref is NULL (codes only). */
static int
state_of(const struct run *ru, const char *s, size_t n, char out[3])
{
	const struct nw_state *st;

	if (n == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' &&
	    s[1] <= 'Z') {
		if (ru->ref == NULL || nw_refdata_state(ru->ref, s) != NULL) {
			out[0] = s[0];
			out[1] = s[1];
			out[2] = '\0';
			return 0;
		}
	}
	if (ru->ref == NULL)
		return -1;
	st = nw_refdata_state_by_name(ru->ref, s);
	if (st == NULL)
		return -1;
	memcpy(out, st->iso2, 3);
	return 0;
}

static void
unknown_note(struct run *ru, const char *s, size_t n)
{
	size_t i;

	ru->st->unknown_states++;
	for (i = 0; i < ru->nunknown; i++)
		if (strcmp(ru->unknown[i], s) == 0)
			return;
	if (ru->nunknown < MAX_UNKNOWN)
		ru->unknown[ru->nunknown++] = xstrndup(s, n);
}

static int
fill_states(struct run *ru, struct nw_report *r, enum nw_hedge hedge,
    enum nw_party party)
{
	struct nw_extract *ex = &r->ex;
	char iso[3];
	size_t i, k;

	if (colset_items(ru, &ru->cfg->states) == -1)
		return -1;
	for (i = 0; i < ru->niv; i++) {
		const char *s = item_at(ru, i);

		if (state_of(ru, s, ru->iv[i].len, iso) == -1) {
			unknown_note(ru, s, ru->iv[i].len);
			continue;
		}
		for (k = 0; k < ex->nattr; k++)
			if (strcmp(ex->attr[k].state, iso) == 0)
				break;
		if (k < ex->nattr || ex->nattr == NW_MAX_ATTRIB)
			continue;
		memcpy(ex->attr[ex->nattr].state, iso, 3);
		ex->attr[ex->nattr].hedge = hedge;
		ex->attr[ex->nattr].by = party;
		ex->attr[ex->nattr].ev = span_of(r, s, ru->iv[i].len);
		ex->nattr++;
	}
	return 0;
}

static int
fill_victims(struct run *ru, struct nw_report *r)
{
	struct nw_extract *ex = &r->ex;
	char iso[3];
	size_t i, k;

	if (colset_items(ru, &ru->cfg->victims) == -1)
		return -1;
	for (i = 0; i < ru->niv; i++) {
		const char *s = item_at(ru, i);

		if (state_of(ru, s, ru->iv[i].len, iso) == -1) {
			unknown_note(ru, s, ru->iv[i].len);
			continue;
		}
		for (k = 0; k < ex->nvictims; k++)
			if (strcmp(ex->victims[k], iso) == 0)
				break;
		if (k < ex->nvictims || ex->nvictims == NW_MAX_VICTIMS)
			continue;
		memcpy(ex->victims[ex->nvictims++], iso, 3);
	}
	return 0;
}

/*
 * The name of one actor item: with actor-aliases, the first alias the
 * reference tables know, else the first; cut to fit NW_MAX_ACTOR_NAME.
 */
static void
actor_name(const struct run *ru, const char *s, size_t n, const char **out,
    size_t *outn)
{
	const char *p = s, *end = s + n, *e;
	char tmp[NW_MAX_ACTOR_NAME * 4];
	size_t an;
	int first = 1;

	*out = s;
	*outn = n;
	if (ru->cfg->alias_sep != 0) {
		while (p < end) {
			e = memchr(p, ru->cfg->alias_sep, (size_t)(end - p));
			if (e == NULL)
				e = end;
			an = (size_t)(e - p);
			{
				const char *t = trim(p, &an);

				if (an > 0 && first) {
					*out = t;
					*outn = an;
					first = 0;
				}
				if (an > 0 && an < sizeof(tmp) &&
				    ru->ref != NULL) {
					memcpy(tmp, t, an);
					tmp[an] = '\0';
					if (nw_refdata_actor_by_name(ru->ref,
					    tmp) != NULL) {
						*out = t;
						*outn = an;
						break;
					}
				}
			}
			p = e + 1;
		}
	}
	*outn = utf8_cut(*out, *outn, NW_MAX_ACTOR_NAME - 1);
}

static int
fill_actors(struct run *ru, struct nw_report *r)
{
	struct nw_extract *ex = &r->ex;
	const char *name;
	size_t i, k, n;

	if (colset_items(ru, &ru->cfg->actors) == -1)
		return -1;
	for (i = 0; i < ru->niv && ex->nactors < NW_MAX_ACTORS; i++) {
		actor_name(ru, item_at(ru, i), ru->iv[i].len, &name, &n);
		if (n == 0 || is_empty(ru->cfg, name, n))
			continue;
		for (k = 0; k < ex->nactors; k++)
			if (name_eq(ex->actors[k].name,
			    strlen(ex->actors[k].name), name, n))
				break;
		if (k < ex->nactors)
			continue;
		memcpy(ex->actors[ex->nactors].name, name, n);
		ex->actors[ex->nactors].name[n] = '\0';
		ex->actors[ex->nactors].ev = span_of(r, name, n);
		ex->nactors++;
	}
	return 0;
}

static int
sector_of(const struct cfg *c, const char *s, size_t n)
{
	size_t i, k;
	int t;

	t = map_find(&c->sector_map, s, n);
	if (t >= 0)
		return t;
	if (c->sector_map.eurepoc) {
		for (i = 0; i < NW_NELEM(eurepoc_sectors); i++) {
			const char *e = eurepoc_sectors[i].name;

			k = strlen(e);
			if (e[k - 1] == '*' ? n >= k - 1 &&
			    nw_strncaseeq(s, e, k - 1) : name_eq(s, n, e, k))
				return (int)eurepoc_sectors[i].sector;
		}
	}
	for (i = 0; i < NW_SECTOR_COUNT; i++)
		if (sector_eq(s, n, nw_sector_name((enum nw_sector)i)))
			return (int)i;
	return -1;
}

static int
fill_sectors(struct run *ru, struct nw_report *r)
{
	size_t i;
	int t;

	if (colset_items(ru, &ru->cfg->sectors) == -1)
		return -1;
	for (i = 0; i < ru->niv; i++) {
		t = sector_of(ru->cfg, item_at(ru, i), ru->iv[i].len);
		if (t < 0)
			ru->st->unknown_sectors++;
		else
			r->ex.sectors |= 1u << t;
	}
	return 0;
}

/*
 * A map over the whole cells of cs: for hedge, suspected when any cell
 * says so, else asserted when any does; for the others the first cell
 * that maps.  -1 when none maps (or all are empty).
 */
static int
map_cells(struct run *ru, const struct colset *cs, const struct map *m,
    int hedge)
{
	size_t i;
	int t, found = -1;

	for (i = 0; i < cs->n; i++) {
		long c = cs->v[i].col;

		if (c < 0 || ru->cells[c].n == 0)
			continue;
		if (norm_cell(ru, &ru->norm, ru->cells[c].p,
		    ru->cells[c].n) == -1)
			continue;
		if (is_empty(ru->cfg, ru->norm.data, ru->norm.len))
			continue;
		t = map_find(m, ru->norm.data, ru->norm.len);
		if (t < 0)
			continue;
		if (!hedge)
			return t;
		if (t == (int)NW_HEDGE_SUSPECTED)
			return t;
		found = t;
	}
	return found;
}

/* Escape one id part into ru->key: %, /, ~ and control bytes as %XX. */
static int
id_part(struct run *ru, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i, k;

	/* "8664.0" -> "8664" */
	for (i = 0; i < n && is_digit((unsigned char)s[i]); i++)
		;
	if (i > 0 && i + 1 < n && s[i] == '.') {
		for (k = i + 1; k < n && s[k] == '0'; k++)
			;
		if (k == n)
			n = i;
	}
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '%' || c == '/' || c == '~' || c < 0x20 || c == 0x7f) {
			if (nw_buf_addc(&ru->key, '%') == -1 ||
			    nw_buf_addc(&ru->key, hex[c >> 4]) == -1 ||
			    nw_buf_addc(&ru->key, hex[c & 15]) == -1)
				return -1;
		} else if (nw_buf_addc(&ru->key, c) == -1)
			return -1;
	}
	return 0;
}

/* The hash part: "r" and ID_HEX hex digits of the row's cells. */
static int
id_hash(struct run *ru)
{
	struct nw_buf b;
	char hex[NW_SHA256_HEX];
	size_t i;
	int rc = -1;

	nw_buf_init(&b, NW_CSV_MAX_RECORD * 2);
	for (i = 0; i < ru->rd.nf; i++) {
		if ((i > 0 && nw_buf_addc(&b, 0x1f) == -1) ||
		    nw_buf_add(&b, ru->cells[i].p, ru->cells[i].n) == -1)
			goto out;
	}
	nw_sha256_hex(b.data != NULL ? b.data : "", b.len, hex);
	if (nw_buf_addc(&ru->key, 'r') == -1 ||
	    nw_buf_add(&ru->key, hex, ID_HEX) == -1)
		goto out;
	rc = 0;
out:
	nw_buf_free(&b);
	return rc;
}

static uint64_t
fnv1a(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

/* Count key in the document: 1 the first time, 2, 3, ... */
static uint32_t
idset_count(struct run *ru, const char *key, size_t n)
{
	struct idset *ids = &ru->ids;
	struct idslot *sl;
	uint64_t h = fnv1a(key, n);
	size_t i, mask;

	if (ids->n * 2 >= ids->cap) {
		struct idslot *old = ids->v;
		size_t oldcap = ids->cap;

		ids->cap = oldcap == 0 ? 1024 : oldcap * 2;
		ids->v = xcalloc(ids->cap, sizeof(*ids->v));
		mask = ids->cap - 1;
		for (i = 0; i < oldcap; i++) {
			size_t j;

			if (old[i].key == NULL)
				continue;
			for (j = old[i].h & mask; ids->v[j].key != NULL;
			    j = (j + 1) & mask)
				;
			ids->v[j] = old[i];
		}
		free(old);
	}
	mask = ids->cap - 1;
	for (i = h & mask;; i = (i + 1) & mask) {
		sl = &ids->v[i];
		if (sl->key == NULL)
			break;
		if (sl->h == h && strcmp(sl->key, key) == 0)
			return ++sl->count;
	}
	sl->key = nw_arena_strndup(ru->arena, key, n);
	sl->h = h;
	sl->count = 1;
	ids->n++;
	return 1;
}

static int
native_id(struct run *ru, struct nw_report *r)
{
	const struct cfg *c = ru->cfg;
	char cn[2 * NW_LOG_FIELD_MAX];
	uint32_t dup;
	size_t i;
	long col;

	nw_buf_reset(&ru->key);
	if (c->incident.n > 0) {
		col = c->incident.v[0].col;
		if (ru->cells[col].n == 0) {
			run_why(ru, NW_E_DATA, "empty incident id (column %s)",
			    colname(ru, (size_t)col, cn, sizeof(cn)));
			return -1;
		}
		if (id_part(ru, ru->cells[col].p, ru->cells[col].n) == -1 ||
		    nw_buf_addc(&ru->key, '/') == -1)
			goto toolong;
	}
	for (i = 0; i < c->id.n; i++) {
		col = c->id.v[i].col;
		if (ru->cells[col].n == 0)
			break;
	}
	if (c->id.n > 0 && i == c->id.n) {
		for (i = 0; i < c->id.n; i++) {
			col = c->id.v[i].col;
			if ((i > 0 && nw_buf_addc(&ru->key, '/') == -1) ||
			    id_part(ru, ru->cells[col].p,
			    ru->cells[col].n) == -1)
				goto toolong;
		}
	} else if (id_hash(ru) == -1)	/* no id, or an empty id cell */
		goto toolong;
	dup = idset_count(ru, ru->key.data, ru->key.len);
	if (dup > 1)
		r->native_id = nw_arena_printf(ru->arena, "%s~%u",
		    ru->key.data, (unsigned)dup);
	else
		r->native_id = nw_arena_strndup(ru->arena, ru->key.data,
		    ru->key.len);
	return 0;
toolong:
	run_why(ru, NW_E_LIMIT, "an id longer than %d bytes", MAX_ID);
	return -1;
}

static int
row_date(struct run *ru, struct nw_report *r)
{
	const struct cfg *c = ru->cfg;
	char cn[2 * NW_LOG_FIELD_MAX], v[2 * NW_LOG_FIELD_MAX];
	long col;
	int k;

	if (c->date.n == 0)
		return 0;
	col = c->date.v[0].col;
	if (ru->cells[col].n == 0)
		return 0;
	if (norm_cell(ru, &ru->norm, ru->cells[col].p, ru->cells[col].n) == -1)
		return -1;
	if (is_empty(c, ru->norm.data, ru->norm.len))
		return 0;
	k = date_read(c->fmts, c->nfmts, ru->norm.data, ru->norm.len,
	    ru->max_year, &r->date);
	if (k == -1) {
		char fm[64] = "";
		const struct nw_feed_opt *o = NULL;
		size_t i;

		for (i = 0; i < ru->feed->nopts; i++)
			if (strcmp(ru->feed->opts[i].key, "date-format") == 0)
				o = &ru->feed->opts[i];
		nw_strlcpy(fm, o != NULL ? o->value : "YYYY-MM-DD; YYYY-MM; "
		    "YYYY", sizeof(fm));
		run_why(ru, NW_E_DATA, "bad date \"%s\" in column %s "
		    "(date-format %s)", esc(ru->norm.data, ru->norm.len, v,
		    sizeof(v)), colname(ru, (size_t)col, cn, sizeof(cn)), fm);
		return -1;
	}
	if (k == -2) {
		run_why(ru, NW_E_DATA, "impossible date \"%s\" in column %s",
		    esc(ru->norm.data, ru->norm.len, v, sizeof(v)),
		    colname(ru, (size_t)col, cn, sizeof(cn)));
		return -1;
	}
	if (c->jan1_year && r->date.prec == NW_PREC_DAY && r->date.m == 1 &&
	    r->date.d == 1) {
		r->date.m = r->date.d = 0;
		r->date.prec = NW_PREC_YEAR;
	}
	return 0;
}

/* Does a piece of text end a sentence? */
static int
ends_sentence(const char *s, size_t n)
{
	int c;

	if (n == 0)
		return 1;
	c = (unsigned char)s[n - 1];
	return c == '.' || c == '!' || c == '?' || c == '"' || c == '\'' ||
	    c == ')' || c == ':' || c == ';';
}

static int
row_text(struct run *ru, struct nw_report *r)
{
	const struct cfg *c = ru->cfg;
	size_t i;
	int any = 0;

	nw_buf_reset(&ru->text);
	if (c->text.n > 0) {
		for (i = 0; i < c->text.n; i++) {
			long col = c->text.v[i].col;

			if (ru->cells[col].n == 0)
				continue;
			if (norm_cell(ru, &ru->norm, ru->cells[col].p,
			    ru->cells[col].n) == -1)
				return -1;
			if (is_empty(c, ru->norm.data, ru->norm.len))
				continue;
			if (any && ((!ends_sentence(ru->text.data,
			    ru->text.len) && nw_buf_addc(&ru->text, '.') ==
			    -1) || nw_buf_addc(&ru->text, ' ') == -1))
				goto toolong;
			if (nw_buf_add(&ru->text, ru->norm.data,
			    ru->norm.len) == -1)
				goto toolong;
			any = 1;
		}
	} else {
		for (i = 0; i < ru->rd.nf; i++) {
			if (ru->cells[i].n == 0)
				continue;
			if (norm_cell(ru, &ru->norm, ru->cells[i].p,
			    ru->cells[i].n) == -1)
				return -1;
			if (is_empty(c, ru->norm.data, ru->norm.len))
				continue;
			if ((any && nw_buf_add(&ru->text, "; ", 2) == -1) ||
			    nw_buf_adds(&ru->text, ru->hdr[i][0] != '\0' ?
			    ru->hdr[i] : "?") == -1 ||
			    nw_buf_add(&ru->text, ": ", 2) == -1 ||
			    nw_buf_add(&ru->text, ru->norm.data,
			    ru->norm.len) == -1)
				goto toolong;
			any = 1;
		}
	}
	if (ru->text.len > ru->max_text)
		goto toolong;
	r->text = nw_arena_strndup(ru->arena, ru->text.data != NULL ?
	    ru->text.data : "", ru->text.len);
	r->textlen = ru->text.len;
	return 0;
toolong:
	run_why(ru, NW_E_LIMIT, "text longer than %zu bytes (max-entry-size)%s",
	    ru->max_text, c->text.n == 0 ? "; map the text columns with "
	    "\"text\"" : "");
	return -1;
}

static int
is_link(const char *s, size_t n)
{
	size_t i;

	if (n > NW_MAX_URL_LEN || !(n > 8 && (nw_strncaseeq(s, "https://", 8) ||
	    nw_strncaseeq(s, "http://", 7))))
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] <= ' ' || s[i] == 0x7f)
			return 0;
	return 1;
}

static int
row_link(struct run *ru, struct nw_report *r)
{
	size_t i;

	if (ru->cfg->link.n > 0) {
		if (colset_items(ru, &ru->cfg->link) == -1)
			return -1;
		for (i = 0; i < ru->niv; i++) {
			if (is_link(item_at(ru, i), ru->iv[i].len)) {
				r->url = nw_arena_strndup(ru->arena,
				    item_at(ru, i), ru->iv[i].len);
				return 0;
			}
		}
	}
	if (ru->doc->url != NULL)
		r->url = ru->doc->url;
	else if (ru->feed->url != NULL)
		r->url = ru->feed->url;
	else
		r->url = "";
	return 0;
}

static int
row_title(struct run *ru, struct nw_report *r)
{
	long col;
	size_t n;

	if (ru->cfg->title.n == 0)
		return 0;
	col = ru->cfg->title.v[0].col;
	if (ru->cells[col].n == 0)
		return 0;
	if (norm_cell(ru, &ru->norm, ru->cells[col].p, ru->cells[col].n) == -1)
		return -1;
	if (is_empty(ru->cfg, ru->norm.data, ru->norm.len))
		return 0;
	n = utf8_cut(ru->norm.data, ru->norm.len, NW_MAX_TITLE_LEN);
	r->title = nw_arena_strndup(ru->arena, ru->norm.data, n);
	return 0;
}

static int
row_extract(struct run *ru, struct nw_report *r)
{
	const struct cfg *c = ru->cfg;
	enum nw_hedge hedge = c->hedge;
	enum nw_party party = c->party;
	int t;

	r->preset = 1;
	r->ex.sponsorship = c->sponsor;
	t = map_cells(ru, &c->hedge_cols, &c->hedge_map, 1);
	if (t >= 0)
		hedge = (enum nw_hedge)t;
	t = map_cells(ru, &c->party_cols, &c->party_map, 0);
	if (t >= 0)
		party = (enum nw_party)t;
	t = map_cells(ru, &c->sponsor_cols, &c->sponsor_map, 0);
	if (t >= 0)
		r->ex.sponsorship = (enum nw_sponsor)t;
	if (c->states.n > 0 && fill_states(ru, r, hedge, party) == -1)
		return -1;
	if (c->actors.n > 0 && fill_actors(ru, r) == -1)
		return -1;
	if (c->victims.n > 0 && fill_victims(ru, r) == -1)
		return -1;
	if (c->sectors.n > 0 && fill_sectors(ru, r) == -1)
		return -1;
	return 0;
}

/* Build the report of the current record; NULL with ru->why when bad. */
static struct nw_report *
row_report(struct run *ru)
{
	struct nw_report *r;

	if (ru->rd.nf != ru->ncols) {
		run_why(ru, NW_E_DATA, "%zu fields, the header has %zu "
		    "(a ragged row%s)", ru->rd.nf, ru->ncols,
		    ru->rd.nf > ru->ncols ? ", or a separator in an unquoted "
		    "field" : "");
		return NULL;
	}
	if (row_decode(ru) == -1)
		return NULL;
	r = nw_arena_alloc(ru->arena, sizeof(*r));
	r->line = ru->rd.rec_line;
	r->offset = (long long)ru->rd.rec_off;
	if (row_date(ru, r) == -1 || row_title(ru, r) == -1 ||
	    row_text(ru, r) == -1 || row_link(ru, r) == -1 ||
	    native_id(ru, r) == -1)
		return NULL;
	if (ru->cfg->preset && row_extract(ru, r) == -1)
		return NULL;
	return r;
}

/* --- the header -- */

/* Resolve one column reference against the header; -1 when missing. */
static int
colref_resolve(struct run *ru, struct colref *cr)
{
	size_t i, k, hits;
	long long num;

	for (i = 0; i < cr->nalts; i++) {
		const char *a = cr->alts[i];
		char *na;
		size_t nn;

		if (a[0] == '#' && nw_parse_ll(a + 1, 1, NW_CSV_MAX_FIELDS,
		    &num) == 0) {
			if ((size_t)num <= ru->ncols) {
				cr->col = (long)num - 1;
				return 0;
			}
			continue;
		}
		na = norm_dup(a, strlen(a), &nn);
		if (na == NULL)
			continue;
		hits = 0;
		for (k = 0; k < ru->ncols; k++) {
			if (!name_eq(ru->hdr[k], strlen(ru->hdr[k]), na, nn))
				continue;
			if (hits == 0)
				cr->col = (long)k;
			hits++;
		}
		free(na);
		if (hits > 1) {
			run_why(ru, NW_E_PARSE, "column \"%s\" appears %zu times "
			    "in the header: name it by number (#%ld)", a, hits,
			    cr->col + 1);
			cr->col = -1;
			return -1;
		}
		if (hits == 1)
			return 0;
	}
	return -1;
}

static int
colset_resolve(struct run *ru, struct colset *cs)
{
	char hint[256], e1[2 * NW_LOG_FIELD_MAX];
	size_t i, k, used = 0;

	for (i = 0; i < cs->n; i++) {
		ru->why[0] = '\0';
		if (colref_resolve(ru, &cs->v[i]) == 0)
			continue;
		if (ru->why[0] != '\0')
			return -1;
		hint[0] = '\0';
		for (k = 0; k < ru->ncols && k < 6 && used < sizeof(hint) - 8;
		    k++) {
			int w = snprintf(hint + used, sizeof(hint) - used,
			    "%s\"%.32s\"", k > 0 ? ", " : "", ru->hdr[k]);

			if (w < 0 || (size_t)w >= sizeof(hint) - used)
				break;
			used += (size_t)w;
		}
		run_why(ru, NW_E_PARSE, "no column \"%s\" (key %s, definition "
		    "line %ld) in the header: not this dataset, or not CSV? "
		    "The header has %zu columns: %s%s",
		    esc(cs->v[i].alts[0], strlen(cs->v[i].alts[0]), e1,
		    sizeof(e1)), cs->key, cs->line, ru->ncols, hint,
		    ru->ncols > 6 ? ", ..." : "");
		return -1;
	}
	return 0;
}

static int
header_read(struct run *ru, struct nw_error *err)
{
	struct cfg *c = ru->cfg;
	struct colset *sets[] = {
		&c->id, &c->incident, &c->date, &c->title, &c->link, &c->text,
		&c->states, &c->actors, &c->victims, &c->sectors,
		&c->hedge_cols, &c->party_cols, &c->sponsor_cols
	};
	enum rrc rc;
	size_t i, k;

	rc = rd_next(&ru->rd);
	if (rc == R_EOF) {
		nw_error_set(err, NW_E_PARSE, "empty document: no header row");
		return -1;
	}
	nw_error_at_line(err, ru->rd.rec_line, 0);
	if (rc != R_OK) {
		nw_error_set(err, NW_E_PARSE, "bad header row: %s",
		    ru->rd.why);
		return -1;
	}
	ru->ncols = ru->rd.nf;
	ru->cells = xreallocarray(NULL, ru->ncols + 1, sizeof(*ru->cells));
	if (row_decode(ru) == -1) {
		nw_error_set(err, NW_E_DATA, "bad header row: %s", ru->why);
		return -1;
	}
	ru->hdr = xcalloc(ru->ncols, sizeof(*ru->hdr));
	for (i = 0; i < ru->ncols; i++) {
		size_t n;

		ru->hdr[i] = norm_dup(ru->cells[i].p, ru->cells[i].n < MAX_NAME ?
		    ru->cells[i].n : MAX_NAME, &n);
		if (ru->hdr[i] == NULL)
			ru->hdr[i] = xstrdup("");
	}
	for (i = 0; i < NW_NELEM(sets); i++) {
		if (colset_resolve(ru, sets[i]) == -1) {
			nw_error_set(err, ru->whycode, "%s", ru->why);
			return -1;
		}
	}
	ru->lsyn = xreallocarray(NULL, ru->ncols, sizeof(*ru->lsyn));
	for (i = 0; i < ru->ncols; i++)
		ru->lsyn[i] = c->list;
	for (k = 0; k < c->nlover; k++) {
		struct colset one;

		one.v = &c->lover[k].col;
		one.n = 1;
		one.key = "list";
		one.line = c->lover[k].line;
		if (colset_resolve(ru, &one) == -1) {
			nw_error_set(err, ru->whycode, "%s", ru->why);
			return -1;
		}
		ru->lsyn[c->lover[k].col.col] = c->lover[k].syn;
	}
	return 0;
}

/* --- the parse ------------------------------------------------------------------ */

static int
current_max_year(void)
{
	time_t now = time(NULL);
	struct tm tm;

	if (gmtime_r(&now, &tm) == NULL)
		return 2100;
	return tm.tm_year + 1900 + 1;
}

/* A reason the body is not CSV at all, or NULL; *skip: a BOM's bytes. */
static const char *
sniff(const char *s, size_t n, size_t *skip)
{
	size_t i;

	*skip = 0;
	if (n >= 2 && (((unsigned char)s[0] == 0xff &&
	    (unsigned char)s[1] == 0xfe) || ((unsigned char)s[0] == 0xfe &&
	    (unsigned char)s[1] == 0xff)))
		return "UTF-16 text, not CSV in UTF-8 (save the dataset as "
		    "UTF-8)";
	if (n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		*skip = 3;
	i = *skip;
	if (n - i >= 5 && memcmp(s + i, "%PDF-", 5) == 0)
		return "a PDF, not CSV";
	while (i < n && i < *skip + SNIFF_BYTES && (is_blank((unsigned char)s[i]) ||
	    s[i] == '\r' || s[i] == '\n'))
		i++;
	if (i < n && s[i] == '<')
		return "HTML or XML, not CSV (an error page?)";
	if (i < n && s[i] == '{')
		return "JSON, not CSV";
	return NULL;
}

static void
bad_row(struct run *ru, long line, enum nw_errcode code, const char *why,
    nw_error_fn onbad, void *badarg)
{
	struct nw_error e;

	nw_error_clear(&e);
	nw_error_where(&e, ru->feedname, ru->docname);
	nw_error_at_line(&e, line, 0);
	nw_error_set(&e, code, "bad row, skipped: %s", why);
	ru->st->bad++;
	if (ru->st->bad == 1) {
		ru->firstbad_line = line;
		nw_strlcpy(ru->firstbad, why, sizeof(ru->firstbad));
	}
	if (onbad != NULL)
		onbad(&e, badarg);
}

static void
run_free(struct run *ru)
{
	size_t i;

	nw_buf_free(&ru->rd.buf);
	free(ru->rd.f);
	nw_buf_free(&ru->conv);
	nw_buf_free(&ru->norm);
	nw_buf_free(&ru->text);
	nw_buf_free(&ru->items);
	nw_buf_free(&ru->key);
	for (i = 0; ru->hdr != NULL && i < ru->ncols; i++)
		free(ru->hdr[i]);
	free(ru->hdr);
	free(ru->lsyn);
	free(ru->cells);
	free(ru->ids.v);
	for (i = 0; i < ru->nunknown; i++)
		free(ru->unknown[i]);
}

long
nw_csv_parse(const struct nw_feed *feed, const struct nw_doc *doc,
    struct nw_arena *arena, nw_report_fn fn, void *arg, nw_error_fn onbad,
    void *badarg, struct nw_csv_stats *stats, struct nw_error *err)
{
	struct nw_csv_stats localst;
	struct nw_error dummy;
	struct nw_report *r;
	struct cload cl;
	struct cfg cfg;
	struct run ru;
	const char *notcsv;
	size_t skip, max_entries, i;
	enum rrc k;
	long rc = -1;
	int have_cfg = 0;

	if (err == NULL) {
		nw_error_clear(&dummy);
		err = &dummy;
	}
	if (stats == NULL)
		stats = &localst;
	memset(stats, 0, sizeof(*stats));
	memset(&ru, 0, sizeof(ru));
	memset(&cl, 0, sizeof(cl));
	ru.feed = feed;
	ru.doc = doc;
	ru.feedname = feed->name != NULL ? feed->name : "";
	ru.docname = doc->name != NULL ? doc->name : doc->url != NULL ?
	    doc->url : "(document)";
	ru.arena = arena;
	ru.ref = doc->ref;
	ru.st = stats;
	ru.max_year = current_max_year();

	cl.feed = feed;
	have_cfg = 1;
	if (cfg_load(feed, &cfg, &cl) > 0) {
		*err = cl.first;
		goto out;
	}
	ru.cfg = &cfg;
	nw_error_where(err, ru.feedname, ru.docname);
	if (doc->data == NULL) {
		nw_error_set(err, NW_E_PARSE, "empty document: no header row");
		goto out;
	}
	notcsv = sniff(doc->data, doc->len, &skip);
	if (notcsv != NULL) {
		nw_error_set(err, NW_E_PARSE, "%s", notcsv);
		goto out;
	}
	max_entries = feed->limits.max_entries > 0 ?
	    feed->limits.max_entries : NW_DEF_MAX_ENTRIES;
	ru.max_text = feed->limits.max_entry_len > 0 ?
	    feed->limits.max_entry_len : NW_DEF_MAX_ENTRY_LEN;
	ru.rd.s = doc->data;
	ru.rd.len = doc->len;
	ru.rd.pos = skip;
	ru.rd.line = 1;
	ru.rd.sep = cfg.sep;
	ru.rd.noquote_from = SIZE_MAX;
	nw_buf_init(&ru.rd.buf, NW_CSV_MAX_RECORD + 16);
	nw_buf_init(&ru.conv, 3 * NW_CSV_MAX_RECORD + 16);
	nw_buf_init(&ru.norm, 4 * NW_CSV_MAX_RECORD + 16);
	nw_buf_init(&ru.text, ru.max_text + 1);
	nw_buf_init(&ru.items, 4 * NW_CSV_MAX_RECORD + 16);
	nw_buf_init(&ru.key, MAX_ID);

	if (header_read(&ru, err) == -1)
		goto out;
	for (;;) {
		k = rd_next(&ru.rd);
		if (k == R_EOF)
			break;
		stats->rows++;
		if ((size_t)stats->rows > max_entries) {
			nw_error_at_line(err, ru.rd.rec_line, 0);
			nw_error_set(err, NW_E_LIMIT, "more than %zu rows "
			    "(max-entries)", max_entries);
			goto out;
		}
		if (k == R_BAD) {
			bad_row(&ru, ru.rd.rec_line, ru.rd.whycode, ru.rd.why,
			    onbad, badarg);
			continue;
		}
		r = row_report(&ru);
		if (r == NULL) {
			bad_row(&ru, ru.rd.rec_line, ru.whycode, ru.why, onbad,
			    badarg);
			continue;
		}
		stats->kept++;
		if (fn != NULL && fn(r, arg) == -1)
			goto out;	/* the callee filled in err */
	}
	if (stats->rows > 0 && stats->kept == 0) {
		nw_error_at_line(err, ru.firstbad_line, 0);
		nw_error_set(err, NW_E_PARSE, "every row is bad (%ld rows); "
		    "the first: %s", stats->rows, ru.firstbad);
		goto out;
	}
	if (stats->unknown_states > 0) {
		char list[4 * NW_LOG_FIELD_MAX], e1[NW_LOG_FIELD_MAX];
		size_t used = 0;

		list[0] = '\0';
		for (i = 0; i < ru.nunknown; i++) {
			int w = snprintf(list + used, sizeof(list) - used,
			    "%s\"%s\"", i > 0 ? ", " : "", esc(ru.unknown[i],
			    strlen(ru.unknown[i]), e1, sizeof(e1)));

			if (w < 0 || (size_t)w >= sizeof(list) - used)
				break;
			used += (size_t)w;
		}
		nw_log(NW_LOG_INFO, ru.feedname, "%s: %ld state names not "
		    "recognised, such as %s", ru.docname,
		    stats->unknown_states, list);
	}
	rc = stats->kept;
out:
	if (have_cfg)
		cfg_free(&cfg);
	run_free(&ru);
	return rc;
}

/* --- the parser ---------------------------------------------------------------- */

struct logsink {
	long	n;
};

static void
log_bad(const struct nw_error *e, void *arg)
{
	struct logsink *ls = arg;
	char buf[1536];

	if (ls->n < CSV_MAX_WARN)
		nw_log(NW_LOG_WARN, NULL, "%s", nw_error_str(e, buf,
		    sizeof(buf)));
	ls->n++;
}

static long
csv_parse(const struct nw_feed *feed, const struct nw_doc *doc,
    struct nw_arena *arena, nw_report_fn fn, void *arg, struct nw_error *err)
{
	struct nw_csv_stats st;
	struct logsink ls;
	long n;

	ls.n = 0;
	n = nw_csv_parse(feed, doc, arena, fn, arg, log_bad, &ls, &st, err);
	if (st.bad > CSV_MAX_WARN)
		nw_log(NW_LOG_WARN, feed->name, "%s: %ld more bad rows not "
		    "shown (%ld bad rows skipped, %ld kept)",
		    doc->name != NULL ? doc->name : "(document)",
		    st.bad - CSV_MAX_WARN, st.bad, st.kept);
	return n;
}

static int
csv_check(const struct nw_feed *feed, nw_error_fn onerr, void *arg)
{
	struct cload cl;
	struct cfg c;
	int n;

	memset(&cl, 0, sizeof(cl));
	cl.feed = feed;
	cl.onerr = onerr;
	cl.arg = arg;
	n = cfg_load(feed, &c, &cl);
	cfg_free(&c);
	return n;
}

const struct nw_parser nw_parser_csv = {
	.kind = "csv",
	.summary = "datasets of incidents as CSV, one report per row, with "
	    "a column mapping (EuRepoC, CFR Cyber Operations Tracker)",
	.options = csv_options,
	.parse = csv_parse,
	.check = csv_check,
};
