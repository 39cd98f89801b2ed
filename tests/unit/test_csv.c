/*
 * test_csv.c - the csv feed kind (src/parse/csv.c): RFC 4180 reading,
 * every mapping key, dates of every format, list syntaxes, state names,
 * empty-cell markers, every cap crossed, bad rows reported with their
 * lines while the others are kept, documents that are not CSV, the feed
 * key checks, our samples and fixtures, and the real EuRepoC tables in
 * $NW_SHARED/data/eurepoc (skipped when absent).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "normwatch/csv.h"
#include "normwatch/feed.h"
#include "normwatch/limits.h"
#include "normwatch/parse.h"
#include "normwatch/refdata.h"
#include "normwatch/util.h"

#define MAX_FIXTURE	(8u << 20)
#define HEAD		"name = t\nkind = csv\nurl = https://example.org/d.csv\n" \
			"publisher = tests\n"
#define MAX_YEAR	2100

static struct nw_refdata *ref;

/* --- helpers ------------------------------------------------------------------ */

struct ctx {
	struct nw_feed		*feed;
	struct nw_arena		*arena;
	struct nw_report	**r;		/* kept rows */
	size_t			  n;
	size_t			  cap;
	size_t			  stop_at;	/* fn returns -1 at this call */
	struct nw_error		 *bad;		/* bad rows */
	size_t			  nbad;
	struct nw_csv_stats	  st;
	struct nw_error		  err;
	long			  rc;
};

static int
collect(struct nw_report *r, void *arg)
{
	struct ctx *c = arg;

	if (c->stop_at > 0 && c->n + 1 == c->stop_at)
		return -1;
	if (c->n == c->cap) {
		c->cap = c->cap == 0 ? 64 : c->cap * 2;
		c->r = xreallocarray(c->r, c->cap, sizeof(*c->r));
	}
	c->r[c->n++] = r;
	return 0;
}

static void
collect_bad(const struct nw_error *e, void *arg)
{
	struct ctx *c = arg;

	c->bad = xreallocarray(c->bad, c->nbad + 1, sizeof(*c->bad));
	c->bad[c->nbad++] = *e;
}

static void
print_err(const struct nw_error *e, void *arg)
{
	char buf[1536];

	(void)arg;
	print_message("# %s\n", nw_error_str(e, buf, sizeof(buf)));
}

/* A feed from definition text (HEAD plus keys); the test fails on errors. */
static struct nw_feed *
feed_keys(const char *keys)
{
	struct nw_error err;
	struct nw_feed *f;
	char *text = xasprintf("%s%s", HEAD, keys);

	f = nw_feed_parse("test.feed", text, strlen(text), print_err, NULL,
	    &err);
	if (f == NULL)
		fail_msg("feed did not parse: %s", err.msg);
	free(text);
	return f;
}

static void
ctx_free(struct ctx *c)
{
	nw_feed_free(c->feed);
	nw_arena_free(c->arena);
	free(c->r);
	free(c->bad);
	memset(c, 0, sizeof(*c));
}

/* Parse data with feed c->feed (which c owns). */
static long
ctx_parse(struct ctx *c, const char *data, size_t len)
{
	struct nw_doc doc;

	memset(&doc, 0, sizeof(doc));
	doc.data = data;
	doc.len = len;
	doc.url = "https://example.org/d.csv";
	doc.name = "data.csv";
	doc.ref = ref;
	if (c->arena == NULL)
		c->arena = nw_arena_new();
	nw_error_clear(&c->err);
	c->rc = nw_csv_parse(c->feed, &doc, c->arena, collect, c, collect_bad,
	    c, &c->st, &c->err);
	return c->rc;
}

#ifndef TEST_CSV_SHARED
/* Feed keys and CSV text in one go. */
static long
run(struct ctx *c, const char *keys, const char *data)
{
	memset(c, 0, sizeof(*c));
	c->feed = feed_keys(keys);
	return ctx_parse(c, data, strlen(data));
}
#endif

static struct nw_report *
by_id(const struct ctx *c, const char *id)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->r[i]->native_id, id) == 0)
			return c->r[i];
	fail_msg("no report with native id \"%s\"", id);
	return NULL;
}

#ifndef TEST_CSV_SHARED
/* The bad row reported for line, or NULL. */
static const struct nw_error *
bad_at(const struct ctx *c, long line)
{
	size_t i;

	for (i = 0; i < c->nbad; i++)
		if (c->bad[i].line == line)
			return &c->bad[i];
	return NULL;
}
#endif

#ifndef TEST_CSV_SHARED
static void
assert_bad(const struct ctx *c, long line, const char *words)
{
	const struct nw_error *e = bad_at(c, line);

	if (e == NULL)
		fail_msg("no bad row reported for line %ld", line);
	if (strstr(e->msg, words) == NULL)
		fail_msg("line %ld: \"%s\" lacks \"%s\"", line, e->msg, words);
}
#endif

/* The attributions of r as "CC/hedge/party ..." */
static char *
attrs(const struct nw_report *r, char *buf, size_t sz)
{
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < r->ex.nattr && used < sz; i++) {
		int w = snprintf(buf + used, sz - used, "%s%s/%s/%s",
		    i > 0 ? " " : "", r->ex.attr[i].state,
		    nw_hedge_name(r->ex.attr[i].hedge),
		    nw_party_name(r->ex.attr[i].by));

		if (w < 0)
			break;
		used += (size_t)w;
	}
	return buf;
}

static char *
victims(const struct nw_report *r, char *buf, size_t sz)
{
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < r->ex.nvictims && used + 4 < sz; i++) {
		if (i > 0)
			buf[used++] = ' ';
		memcpy(buf + used, r->ex.victims[i], 3);
		used += 2;
	}
	return buf;
}

static char *
actors(const struct nw_report *r, char *buf, size_t sz)
{
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < r->ex.nactors && used < sz; i++) {
		int w = snprintf(buf + used, sz - used, "%s%s", i > 0 ? "|" :
		    "", r->ex.actors[i].name);

		if (w < 0)
			break;
		used += (size_t)w;
	}
	return buf;
}

#ifndef TEST_CSV_SHARED
static char *
source_file(const char *name, size_t *len)
{
	struct nw_error err;
	const char *dir = getenv("NW_SRCDIR");
	char *path, *data;

	path = xasprintf("%s/%s", dir != NULL ? dir : ".", name);
	nw_error_clear(&err);
	data = nw_read_file(path, MAX_FIXTURE, len, &err);
	if (data == NULL)
		fail_msg("cannot read %s: %s", path, err.msg);
	free(path);
	return data;
}
#endif

static struct nw_feed *
source_feed(const char *name)
{
	struct nw_error err;
	const char *dir = getenv("NW_SRCDIR");
	struct nw_feed *f;
	char *path;

	path = xasprintf("%s/%s", dir != NULL ? dir : ".", name);
	f = nw_feed_load(path, print_err, NULL, &err);
	if (f == NULL)
		fail_msg("cannot load %s: %s", path, err.msg);
	free(path);
	return f;
}

static int
setup(void **state)
{
	struct nw_error err;
	const char *dir = getenv("NW_SRCDIR");
	char *rd;

	(void)state;
	rd = xasprintf("%s/feeds/reference", dir != NULL ? dir : ".");
	ref = nw_refdata_load(rd, &err);
	free(rd);
	return ref == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	(void)state;
	nw_refdata_free(ref);
	return 0;
}

#ifndef TEST_CSV_SHARED
/* --- RFC 4180 ------------------------------------------------------------------- */

static void
test_rfc4180(void **state)
{
	struct ctx c;
	static const char data[] =
	    "a,b,c\r\n"
	    "1,\"x, y\",\"he said \"\"hi\"\"\"\r\n"
	    "2,\"line1\nline2\r\nline3\",\r\n"
	    "\r\n"
	    "3,,last";

	(void)state;
	assert_int_equal(run(&c, "id = a\ntext = b\ntitle = c\n", data), 3);
	assert_int_equal(c.st.rows, 3);
	assert_int_equal(c.nbad, 0);
	assert_string_equal(c.r[0]->native_id, "1");
	assert_string_equal(c.r[0]->text, "x, y");
	assert_string_equal(c.r[0]->title, "he said \"hi\"");
	assert_int_equal(c.r[0]->line, 2);
	assert_int_equal(c.r[0]->offset, 7);
	assert_string_equal(c.r[1]->text, "line1 line2 line3");
	assert_null(c.r[1]->title);
	assert_int_equal(c.r[1]->line, 3);
	assert_string_equal(c.r[2]->native_id, "3");
	assert_int_equal(c.r[2]->line, 7);
	assert_string_equal(c.r[2]->text, "");
	assert_int_equal(c.r[2]->textlen, 0);
	assert_string_equal(c.r[2]->title, "last");
	assert_int_equal(c.r[2]->preset, 0);
	assert_string_equal(c.r[2]->url, "https://example.org/d.csv");
	ctx_free(&c);
}

static void
test_line_ends(void **state)
{
	struct ctx c;
	size_t len;
	char *data;

	(void)state;
	/* CR alone, CRLF, LF, a BOM, no line end at the end */
	data = source_file("tests/data/csv/hostile/bom-mixed-eol.csv", &len);
	memset(&c, 0, sizeof(c));
	c.feed = feed_keys("id = a\ntext = b\n");
	assert_int_equal(ctx_parse(&c, data, len), 4);
	assert_int_equal(c.r[0]->line, 2);
	assert_int_equal(c.r[0]->offset, 8);	/* the BOM counts */
	assert_int_equal(c.r[1]->line, 3);
	assert_int_equal(c.r[2]->line, 4);
	assert_string_equal(c.r[2]->text, "multi line");
	assert_int_equal(c.r[3]->line, 6);
	assert_string_equal(c.r[3]->text, "z");
	ctx_free(&c);
	free(data);
}

static void
test_separator(void **state)
{
	struct ctx c;

	(void)state;
	assert_int_equal(run(&c, "separator = ;\nid = a\ntext = b\n",
	    "a;b\n1;\"x;y,z\"\n2;u,v\n"), 2);
	assert_string_equal(c.r[0]->text, "x;y,z");
	assert_string_equal(c.r[1]->text, "u,v");
	ctx_free(&c);
	assert_int_equal(run(&c, "separator = tab\nid = a\ntext = b\n",
	    "a\tb\n1\tone, two\n"), 1);
	assert_string_equal(c.r[0]->text, "one, two");
	ctx_free(&c);
	assert_int_equal(run(&c, "separator = |\nid = a\ntext = b\n",
	    "a|b\n1|x\n"), 1);
	assert_string_equal(c.r[0]->text, "x");
	ctx_free(&c);
}

static void
test_lenient(void **state)
{
	struct ctx c;

	(void)state;
	assert_int_equal(run(&c, "id = a\ntext = b\n",
	    "a,b\n1, \"quoted, ok\" \n2,5\" floppy\n"), 2);
	assert_string_equal(c.r[0]->text, "quoted, ok");
	assert_string_equal(c.r[1]->text, "5\" floppy");
	ctx_free(&c);
}

static void
test_quote_storm(void **state)
{
	struct ctx c;
	size_t len;
	char *data;

	(void)state;
	data = source_file("tests/data/csv/hostile/quote-storm.csv", &len);
	memset(&c, 0, sizeof(c));
	c.feed = feed_keys("id = a\ntext = b\n");
	assert_int_equal(ctx_parse(&c, data, len), 9);
	assert_int_equal(c.st.rows, 11);
	assert_int_equal(c.nbad, 2);
	assert_bad(&c, 3, "text after the closing quote of field 1");
	assert_bad(&c, 9, "text after the closing quote of field 1");
	/* the row after the bad one is read again from its own line */
	assert_string_equal(by_id(&c, "5")->text, "good");
	assert_string_equal(by_id(&c, "\"")->text, "bad");
	assert_string_equal(by_id(&c, "x\"y")->text,
	    "quote inside an unquoted field is kept");
	assert_string_equal(by_id(&c, "4")->text, "\"doubled\" quotes");
	assert_string_equal(by_id(&c, "blank before")->text, "and after");
	assert_string_equal(by_id(&c, "6")->text, "ends with a quote\"");
	ctx_free(&c);
	free(data);
}

static void
test_unclosed_quote(void **state)
{
	struct ctx c;
	size_t len;
	char *data;

	(void)state;
	data = source_file("tests/data/csv/hostile/unclosed-quote.csv", &len);
	memset(&c, 0, sizeof(c));
	c.feed = feed_keys("id = a\ntext = b\n");
	assert_int_equal(ctx_parse(&c, data, len), 3);
	assert_int_equal(c.nbad, 1);
	assert_bad(&c, 3, "a quoted field (field 2) is never closed");
	assert_string_equal(by_id(&c, "3")->text, "y");
	assert_int_equal(by_id(&c, "4")->line, 5);
	ctx_free(&c);
	free(data);
}

/* --- bad rows and encodings --------------------------------------------------- */

static void
test_bad_rows(void **state)
{
	struct ctx c;
	char buf[1536], a[128], v[128];
	size_t len;
	char *data;

	(void)state;
	data = source_file("tests/data/csv/bad-rows.csv", &len);
	memset(&c, 0, sizeof(c));
	c.feed = source_feed("tests/data/csv/bad-rows.feed");
	assert_int_equal(ctx_parse(&c, data, len), 5);
	assert_int_equal(c.st.rows, 10);
	assert_int_equal(c.st.kept, 5);
	assert_int_equal(c.st.bad, 5);
	assert_int_equal(c.nbad, 5);
	assert_bad(&c, 3, "3 fields, the header has 5 (a ragged row)");
	assert_bad(&c, 6, "impossible date \"13/45/2020\" in column \"Date\"");
	assert_bad(&c, 7, "invalid UTF-8 in column \"Description\" (byte "
	    "0xe9)");
	assert_bad(&c, 7, "encoding-fallback");
	assert_bad(&c, 9, "text after the closing quote of field 5");
	assert_bad(&c, 11, "NUL byte in column \"Description\"");
	/* one line each, naming the feed, the file and the line */
	assert_string_equal(nw_error_str(bad_at(&c, 3), buf, sizeof(buf)),
	    "test-bad-rows: data.csv:3: bad row, skipped: 3 fields, the "
	    "header has 5 (a ragged row)");
	assert_int_equal(bad_at(&c, 6)->code, NW_E_DATA);
	/* the others are kept, with what their columns say */
	assert_string_equal(c.r[0]->native_id, "Good one");
	assert_string_equal(attrs(c.r[0], a, sizeof(a)),
	    "IR/asserted/unspecified");
	assert_string_equal(victims(c.r[0], v, sizeof(v)), "US IL");
	assert_int_equal(c.r[0]->preset, 1);
	assert_int_equal(by_id(&c, "Good two")->line, 4);
	assert_string_equal(by_id(&c, "Good two")->text,
	    "Operators stole funds, then laundered them.");
	assert_string_equal(attrs(by_id(&c, "Good two"), a, sizeof(a)),
	    "KP/asserted/unspecified");
	assert_int_equal(by_id(&c, "Good four")->ex.nattr, 0);
	assert_int_equal(by_id(&c, "Good five")->line, 12);
	assert_string_equal(victims(by_id(&c, "Good five"), v, sizeof(v)),
	    "IR");
	assert_int_equal(by_id(&c, "Good five")->date.y, 2021);
	assert_int_equal(by_id(&c, "Good five")->date.m, 8);
	assert_int_equal(by_id(&c, "Good five")->date.d, 4);
	ctx_free(&c);
	free(data);
}

static void
test_encoding_fallback(void **state)
{
	struct ctx c;
	size_t len;
	char *data;

	(void)state;
	data = source_file("tests/data/csv/bad-rows.csv", &len);
	memset(&c, 0, sizeof(c));
	c.feed = feed_keys("id = Title\ntext = Description\n"
	    "encoding-fallback = cp1252\ndate = Date\n"
	    "date-format = M/D/YYYY\n");
	assert_int_equal(ctx_parse(&c, data, len), 6);
	/* the cp1252 row is read as cp1252: é and a curly apostrophe */
	assert_string_equal(by_id(&c, "Other encoding")->text,
	    "Caf\xc3\xa9 owners' site defaced.");
	assert_null(bad_at(&c, 7));
	/* a NUL is bad in any encoding */
	assert_bad(&c, 11, "NUL byte");
	ctx_free(&c);
	free(data);
}

static void
test_encodings(void **state)
{
	struct ctx c;

	(void)state;
	assert_int_equal(run(&c, "encoding = cp1252\nid = id\ntitle = t\n"
	    "text = x\n", "id,t,x\n1,\xc9t\xe9,Na\xefve \x80 sign\n"
	    "2,bad,\x81 has no character\n"), 1);
	assert_string_equal(c.r[0]->title, "\xc3\x89t\xc3\xa9");
	assert_string_equal(c.r[0]->text, "Na\xc3\xafve \xe2\x82\xac sign");
	assert_bad(&c, 3, "a byte with no character in column \"x\" (not "
	    "cp1252)");
	ctx_free(&c);
	assert_int_equal(run(&c, "encoding = latin1\nid = id\ntitle = t\n",
	    "id,t\n1,\xc9t\xe9\n"), 1);
	assert_string_equal(c.r[0]->title, "\xc3\x89t\xc3\xa9");
	ctx_free(&c);
	/* UTF-8 is the default: the same bytes are a bad row */
	assert_int_equal(run(&c, "id = id\ntitle = t\n",
	    "id,t\n1,\xc9t\xe9\n2,ok\n"), 1);
	assert_bad(&c, 2, "invalid UTF-8 in column \"t\"");
	ctx_free(&c);
	/* a character cut in two by a separator is invalid in each field */
	assert_int_equal(run(&c, "id = id\n", "id,a,b\n1,\xc3,\xa9\n2,x,y\n"),
	    1);
	assert_bad(&c, 2, "invalid UTF-8 in column \"a\"");
	ctx_free(&c);
}

/* --- dates ------------------------------------------------------------------------ */

static void
test_date_formats(void **state)
{
	static const struct {
		const char	*in;
		const char	*fmt;
		int		 y, m, d;
		enum nw_prec	 prec;
	} good[] = {
		{ "2022-09-14", "YYYY-MM-DD", 2022, 9, 14, NW_PREC_DAY },
		{ "2022-9-4", "YYYY-MM-DD", 2022, 9, 4, NW_PREC_DAY },
		{ "9/14/2022", "M/D/YYYY", 2022, 9, 14, NW_PREC_DAY },
		{ "09/04/2022", "MM/DD/YYYY", 2022, 9, 4, NW_PREC_DAY },
		{ "14.9.2022", "D.M.YYYY", 2022, 9, 14, NW_PREC_DAY },
		{ "14/09/2022", "D/M/YYYY", 2022, 9, 14, NW_PREC_DAY },
		{ "2022-09", "YYYY-MM", 2022, 9, 0, NW_PREC_MONTH },
		{ "2022", "YYYY", 2022, 0, 0, NW_PREC_YEAR },
		{ "September 14, 2022", "Month D, YYYY", 2022, 9, 14,
		    NW_PREC_DAY },
		{ "Sept. 14, 2022", "Month D, YYYY", 2022, 9, 14, NW_PREC_DAY },
		{ "14 Sep 2022", "D Month YYYY", 2022, 9, 14, NW_PREC_DAY },
		{ "Sep 2022", "Month YYYY", 2022, 9, 0, NW_PREC_MONTH },
		{ "2022-09-14 10:00:00", "YYYY-MM-DD", 2022, 9, 14,
		    NW_PREC_DAY },
		{ "2022-09-14T10:00:00Z", "auto", 2022, 9, 14, NW_PREC_DAY },
		{ "2022-09", "auto", 2022, 9, 0, NW_PREC_MONTH },
		{ "2022", "auto", 2022, 0, 0, NW_PREC_YEAR },
		{ "2/29/2024", "M/D/YYYY", 2024, 2, 29, NW_PREC_DAY },
		{ " 3/1/2020 ", "M/D/YYYY", 2020, 3, 1, NW_PREC_DAY },
		/* tried in order */
		{ "2019", "M/D/YYYY; YYYY", 2019, 0, 0, NW_PREC_YEAR },
		{ "1/2/2019", "D/M/YYYY; M/D/YYYY", 2019, 2, 1, NW_PREC_DAY },
		{ "1/13/2019", "D/M/YYYY; M/D/YYYY", 2019, 1, 13,
		    NW_PREC_DAY },
	};
	static const struct {
		const char	*in;
		const char	*fmt;
	} bad[] = {
		{ "2/30/2020", "M/D/YYYY" },		/* no such day */
		{ "13/1/2020", "M/D/YYYY" },		/* no such month */
		{ "2/29/2023", "M/D/YYYY" },		/* not a leap year */
		{ "1/1/2500", "M/D/YYYY" },		/* after max_year */
		{ "1/1/1899", "M/D/YYYY" },
		{ "2022-09-14", "M/D/YYYY" },		/* another format */
		{ "9/14/22", "M/D/YYYY" },		/* two-digit year */
		{ "9/14/2022x", "M/D/YYYY" },		/* trailing text */
		{ "2022-09 10:00", "YYYY-MM" },		/* time after a month */
		{ "123/1/2020", "M/D/YYYY" },		/* three digits */
		{ "", "auto" },
		{ "soon", "auto" },
		{ "Smarch 2022", "Month YYYY" },
		{ "2022-09-14", "YYYY-QQ" },		/* not a format */
		{ "2022", "MM/DD" },			/* no year */
	};
	struct nw_date d;
	size_t i;

	(void)state;
	for (i = 0; i < NW_NELEM(good); i++) {
		if (nw_csv_date_parse(good[i].in, strlen(good[i].in),
		    good[i].fmt, MAX_YEAR, &d) != 0)
			fail_msg("\"%s\" by \"%s\" did not parse", good[i].in,
			    good[i].fmt);
		if (d.y != good[i].y || d.m != good[i].m || d.d != good[i].d ||
		    d.prec != good[i].prec)
			fail_msg("\"%s\" by \"%s\": %d-%d-%d prec %d", good[i].in,
			    good[i].fmt, d.y, d.m, d.d, (int)d.prec);
	}
	for (i = 0; i < NW_NELEM(bad); i++) {
		if (nw_csv_date_parse(bad[i].in, strlen(bad[i].in), bad[i].fmt,
		    MAX_YEAR, &d) != -1)
			fail_msg("\"%s\" by \"%s\" parsed", bad[i].in,
			    bad[i].fmt);
		assert_int_equal(d.prec, NW_PREC_NONE);
	}
}

static void
test_date_keys(void **state)
{
	struct ctx c;

	(void)state;
	assert_int_equal(run(&c, "id = id\ndate = when\n"
	    "date-format = D.M.YYYY; YYYY\ndate-jan1-year = yes\n",
	    "id,when\n1,14.9.2022\n2,1.1.2019\n3,2018\n4,\n5,Not available\n"
	    "6,9/14/2022\n7,31.2.2020\n"), 5);
	assert_int_equal(by_id(&c, "1")->date.prec, NW_PREC_DAY);
	assert_int_equal(by_id(&c, "1")->date.d, 14);
	/* 1 January stands for the year */
	assert_int_equal(by_id(&c, "2")->date.prec, NW_PREC_YEAR);
	assert_int_equal(by_id(&c, "2")->date.y, 2019);
	assert_int_equal(by_id(&c, "2")->date.m, 0);
	assert_int_equal(by_id(&c, "3")->date.prec, NW_PREC_YEAR);
	/* empty cells and markers: no date, not an error */
	assert_int_equal(by_id(&c, "4")->date.prec, NW_PREC_NONE);
	assert_int_equal(by_id(&c, "5")->date.prec, NW_PREC_NONE);
	assert_bad(&c, 7, "bad date \"9/14/2022\" in column \"when\" "
	    "(date-format D.M.YYYY; YYYY)");
	assert_bad(&c, 8, "impossible date \"31.2.2020\"");
	ctx_free(&c);
	/* without date-jan1-year, 1 January is a day; the default formats */
	assert_int_equal(run(&c, "id = id\ndate = when\n",
	    "id,when\n1,2019-01-01\n2,2019-07\n"), 2);
	assert_int_equal(by_id(&c, "1")->date.prec, NW_PREC_DAY);
	assert_int_equal(by_id(&c, "2")->date.prec, NW_PREC_MONTH);
	ctx_free(&c);
}

/* --- lists, states, markers ---------------------------------------------------- */

static void
test_lists(void **state)
{
	struct ctx c;
	struct nw_buf b;
	char v[256];
	int i;

	(void)state;
	assert_int_equal(run(&c, "id = id\nvictims = v\n",
	    "id,v\n"
	    "1,\"['Iran (Islamic Republic of)', \"\"Korea (Democratic "
	    "People's Republic of)\"\", 'United States of America']\"\n"
	    "2,France; Germany\n"
	    "3,\"Korea, Republic of\"\n"
	    "4,[]\n"
	    "5,\"['Not available', 'Unknown', '']\"\n"
	    "6,\"['France, 'Germany']\"\n"
	    "7,\"[France, Japan]\"\n"
	    "8,\"['C\xc3\xb4te d\\'Ivoire', 'Japan']\"\n"
	    "9,[\xe2\x80\x98Japan\xe2\x80\x99]\n"), 8);
	assert_string_equal(victims(by_id(&c, "1"), v, sizeof(v)), "IR KP US");
	assert_string_equal(victims(by_id(&c, "2"), v, sizeof(v)), "FR DE");
	assert_string_equal(victims(by_id(&c, "3"), v, sizeof(v)), "KR");
	assert_int_equal(by_id(&c, "4")->ex.nvictims, 0);
	assert_int_equal(by_id(&c, "5")->ex.nvictims, 0);
	assert_bad(&c, 7, "malformed list in column \"v\"");
	assert_string_equal(victims(by_id(&c, "7"), v, sizeof(v)), "FR JP");
	/* a backslash escape inside a quoted item */
	assert_string_equal(victims(by_id(&c, "8"), v, sizeof(v)), "CI JP");
	assert_int_equal(c.st.unknown_states, 0);
	/* curly quotes are made plain first */
	assert_string_equal(victims(by_id(&c, "9"), v, sizeof(v)), "JP");
	ctx_free(&c);

	/* comma lists are asked for by column; parentheses protect */
	assert_int_equal(run(&c, "id = id\nvictims = v; w\n"
	    "list = none; w: comma\n",
	    "id,v,w\n1,France; Germany,\"Korea (Republic of), Japan\"\n"
	    "2,\"Korea, Republic of\",\"France,,Germany\"\n"), 2);
	assert_string_equal(victims(by_id(&c, "1"), v, sizeof(v)), "KR JP");
	assert_int_equal(c.st.unknown_states, 1);	/* "France; Germany" */
	assert_string_equal(victims(by_id(&c, "2"), v, sizeof(v)), "KR FR DE");
	ctx_free(&c);

	/* python syntax asked for: a bare value is one item */
	assert_int_equal(run(&c, "id = id\nvictims = v\nlist = python\n",
	    "id,v\n1,France; Germany\n2,['Spain']\n"), 2);
	assert_int_equal(by_id(&c, "1")->ex.nvictims, 0);
	assert_string_equal(victims(by_id(&c, "2"), v, sizeof(v)), "ES");
	ctx_free(&c);

	/* more than NW_MAX_DATA_LIST items is a bad row */
	nw_buf_init(&b, 1 << 20);
	assert_int_equal(nw_buf_adds(&b, "id,v\n1,\""), 0);
	for (i = 0; i <= NW_MAX_DATA_LIST; i++)
		assert_int_equal(nw_buf_adds(&b, i > 0 ? "; France" : "France"),
		    0);
	assert_int_equal(nw_buf_adds(&b, "\"\n2,Spain\n"), 0);
	memset(&c, 0, sizeof(c));
	c.feed = feed_keys("id = id\nvictims = v\n");
	assert_int_equal(ctx_parse(&c, b.data, b.len), 1);
	assert_bad(&c, 2, "a list of more than 256 items in column \"v\"");
	ctx_free(&c);
	nw_buf_free(&b);
}

static void
test_state_names(void **state)
{
	struct ctx c;
	char a[256];

	(void)state;
	assert_int_equal(run(&c, "id = id\nstates = s\nlist = none\n",
	    "id,s\n"
	    "1,Iran (Islamic Republic of)\n"
	    "2,Korea (Democratic People's Republic of)\n"
	    "3,United States of America\n"
	    "4,\"Korea, Republic of\"\n"
	    "5,Russian Federation\n"
	    "6,IR\n"
	    "7,U.S.\n"
	    "8,Atlantis\n"
	    "9,\"Iran, Islamic Republic of\"\n"
	    "10,Viet Nam\n"), 10);
	assert_string_equal(attrs(by_id(&c, "1"), a, sizeof(a)),
	    "IR/asserted/unspecified");
	assert_string_equal(by_id(&c, "2")->ex.attr[0].state, "KP");
	assert_string_equal(by_id(&c, "3")->ex.attr[0].state, "US");
	assert_string_equal(by_id(&c, "4")->ex.attr[0].state, "KR");
	assert_string_equal(by_id(&c, "5")->ex.attr[0].state, "RU");
	assert_string_equal(by_id(&c, "6")->ex.attr[0].state, "IR");
	assert_string_equal(by_id(&c, "7")->ex.attr[0].state, "US");
	assert_int_equal(by_id(&c, "8")->ex.nattr, 0);
	assert_int_equal(c.st.unknown_states, 1);
	assert_string_equal(by_id(&c, "9")->ex.attr[0].state, "IR");
	assert_string_equal(by_id(&c, "10")->ex.attr[0].state, "VN");
	/* preset: ingest will not extract; the sponsorship default */
	assert_int_equal(by_id(&c, "1")->preset, 1);
	assert_int_equal(by_id(&c, "1")->ex.sponsorship, NW_SPONSOR_UNKNOWN);
	/* the evidence is where the synthesized text names the state */
	assert_string_equal(by_id(&c, "5")->text, "id: 5; s: Russian Federation");
	assert_int_equal(by_id(&c, "5")->ex.attr[0].ev.off, 10);
	assert_int_equal(by_id(&c, "5")->ex.attr[0].ev.len, 18);
	ctx_free(&c);
}

static void
test_empty_markers(void **state)
{
	struct ctx c;

	(void)state;
	assert_int_equal(run(&c, "id = id\nstates = s\ntitle = t\n",
	    "id,s,t\n1,Not available,N/A\n2,Unknown,unknown\n3,n/a,-\n"
	    "4,  ,None\n"), 4);
	assert_int_equal(c.st.unknown_states, 0);
	assert_int_equal(by_id(&c, "1")->ex.nattr, 0);
	assert_null(by_id(&c, "1")->title);
	assert_null(by_id(&c, "2")->title);
	assert_null(by_id(&c, "3")->title);
	assert_null(by_id(&c, "4")->title);
	/* no empty cells nor markers in the synthesized text */
	assert_string_equal(by_id(&c, "1")->text, "id: 1");
	ctx_free(&c);
	/* "empty" replaces the defaults */
	assert_int_equal(run(&c, "id = id\nstates = s\ntitle = t\n"
	    "empty = ?; n.a.\n", "id,s,t\n1,Unknown,?\n2,n.a.,N/A\n"), 2);
	assert_int_equal(c.st.unknown_states, 1);	/* "Unknown" */
	assert_null(by_id(&c, "1")->title);
	assert_string_equal(by_id(&c, "2")->title, "N/A");
	ctx_free(&c);
}

/* --- ids, title, link, text ---------------------------------------------------------- */

static void
test_ids(void **state)
{
	struct ctx c;
	char hex[NW_SHA256_HEX], want[32];

	(void)state;
	assert_int_equal(run(&c, "incident = inc\nid = id\n",
	    "inc,id,x\n12,8664.0,a\n12,8664.0,b\n12,8664.0,c\n13,a/b~c%d,d\n"
	    "14,,e\n,1,f\n15,1.5,g\n"), 6);
	assert_string_equal(c.r[0]->native_id, "12/8664");
	assert_string_equal(c.r[1]->native_id, "12/8664~2");
	assert_string_equal(c.r[2]->native_id, "12/8664~3");
	assert_string_equal(c.r[3]->native_id, "13/a%2Fb%7Ec%25d");
	/* an empty id cell: the row's hash stands for it */
	nw_sha256_hex("14\x1f\x1f" "e", 5, hex);
	(void)snprintf(want, sizeof(want), "14/r%.16s", hex);
	assert_string_equal(c.r[4]->native_id, want);
	assert_bad(&c, 7, "empty incident id (column \"inc\")");
	assert_string_equal(c.r[5]->native_id, "15/1.5");
	ctx_free(&c);

	/* several id columns; no id at all: the hash of the cells */
	assert_int_equal(run(&c, "id = a; b\n", "a,b\nx,y\n"), 1);
	assert_string_equal(c.r[0]->native_id, "x/y");
	ctx_free(&c);
	assert_int_equal(run(&c, "text = b\n", "a,b\n x , y \n"), 1);
	nw_sha256_hex("x\x1fy", 3, hex);
	(void)snprintf(want, sizeof(want), "r%.16s", hex);
	assert_string_equal(c.r[0]->native_id, want);
	ctx_free(&c);
}

static void
test_title_link_text(void **state)
{
	struct ctx c;
	struct nw_buf b;
	size_t i;

	(void)state;
	assert_int_equal(run(&c, "id = id\ntitle = t\nlink = l1; l2\n"
	    "text = a; b\n",
	    "id,t,l1,l2,a,b\n"
	    "1,T,not a link,https://example.net/x,First part,Second.\n"
	    "2,T,\"['ftp://no', 'http://example.net/y']\",,Ends here.,Next\n"
	    "3,T,,,,Only b\n"
	    "4,T,https://bad link,,,\n"), 4);
	assert_string_equal(by_id(&c, "1")->url, "https://example.net/x");
	assert_string_equal(by_id(&c, "1")->text, "First part. Second.");
	assert_string_equal(by_id(&c, "2")->url, "http://example.net/y");
	assert_string_equal(by_id(&c, "2")->text, "Ends here. Next");
	assert_string_equal(by_id(&c, "3")->text, "Only b");
	assert_string_equal(by_id(&c, "4")->url, "https://example.org/d.csv");
	assert_string_equal(by_id(&c, "4")->text, "");
	/* only text mapped: ingest extracts from the text */
	assert_int_equal(by_id(&c, "1")->preset, 0);
	assert_int_equal(by_id(&c, "1")->ex.nattr, 0);
	ctx_free(&c);

	/* a long title is cut at a character boundary */
	nw_buf_init(&b, 1 << 20);
	assert_int_equal(nw_buf_adds(&b, "id,t\n1,"), 0);
	for (i = 0; i < NW_MAX_TITLE_LEN; i++)
		assert_int_equal(nw_buf_adds(&b, "\xc3\xa9"), 0);
	assert_int_equal(nw_buf_adds(&b, "\n"), 0);
	memset(&c, 0, sizeof(c));
	c.feed = feed_keys("id = id\ntitle = t\n");
	assert_int_equal(ctx_parse(&c, b.data, b.len), 1);
	assert_int_equal(strlen(c.r[0]->title), NW_MAX_TITLE_LEN);
	ctx_free(&c);
	nw_buf_free(&b);
}

static void
test_actors(void **state)
{
	struct ctx c;
	char a[512];

	(void)state;
	assert_int_equal(run(&c, "id = id\nactors = a\nactor-aliases = /\n"
	    "text = t\n",
	    "id,a,t\n"
	    "1,Fancy Bear/APT28/Sofacy (GRU),Fancy Bear struck.\n"
	    "2,NSA/Equation Group,x\n"
	    "3,Nobody/Noone,x\n"
	    "4,\"['APT29', 'Cozy Bear', 'APT29']\",x\n"
	    "5,Not available,x\n"
	    "6,A very long name of a group that nobody has ever heard of "
	    "before today,x\n"), 6);
	assert_string_equal(actors(by_id(&c, "1"), a, sizeof(a)), "Fancy Bear");
	assert_int_equal(by_id(&c, "1")->ex.actors[0].ev.off, 0);
	assert_int_equal(by_id(&c, "1")->ex.actors[0].ev.len, 10);
	/* the first alias the reference tables know */
	assert_string_equal(actors(by_id(&c, "2"), a, sizeof(a)),
	    "Equation Group");
	assert_int_equal(by_id(&c, "2")->ex.actors[0].ev.len, 0);
	assert_string_equal(actors(by_id(&c, "3"), a, sizeof(a)), "Nobody");
	/* the same name once, aliases of one actor kept as written */
	assert_string_equal(actors(by_id(&c, "4"), a, sizeof(a)),
	    "APT29|Cozy Bear");
	assert_int_equal(by_id(&c, "5")->ex.nactors, 0);
	assert_int_equal(strlen(by_id(&c, "6")->ex.actors[0].name),
	    NW_MAX_ACTOR_NAME - 1);
	assert_int_equal(by_id(&c, "1")->ex.nattr, 0);
	assert_int_equal(by_id(&c, "1")->preset, 1);
	ctx_free(&c);
}

static void
test_sectors(void **state)
{
	struct ctx c;

	(void)state;
	assert_int_equal(run(&c, "id = id\nsectors = a; b\nlist = none\n"
	    "sector-map = Private sector: other; Hospitals*: healthcare; "
	    "eurepoc\n",
	    "id,a,b\n"
	    "1,Private sector,Hospitals and clinics\n"
	    "2,Critical infrastructure,Health\n"
	    "3,State institutions / political system,Election "
	    "infrastructure / related systems\n"
	    "4,Defense industry,civil society\n"
	    "5,Corporate Targets (corporate targets only coded if ...),"
	    "Unknown\n"
	    "6,Gardening,\n"), 6);
	assert_int_equal(by_id(&c, "1")->ex.sectors,
	    1u << NW_SECTOR_OTHER | 1u << NW_SECTOR_HEALTHCARE);
	assert_int_equal(by_id(&c, "2")->ex.sectors, 1u << NW_SECTOR_HEALTHCARE);
	assert_int_equal(by_id(&c, "3")->ex.sectors,
	    1u << NW_SECTOR_GOVERNMENT | 1u << NW_SECTOR_ELECTIONS);
	assert_int_equal(by_id(&c, "4")->ex.sectors,
	    1u << NW_SECTOR_DEFENSE_INDUSTRY | 1u << NW_SECTOR_CIVIL_SOCIETY);
	assert_int_equal(by_id(&c, "5")->ex.sectors, 1u << NW_SECTOR_OTHER);
	assert_int_equal(by_id(&c, "6")->ex.sectors, 0);
	/* "Critical infrastructure" and "Gardening" */
	assert_int_equal(c.st.unknown_sectors, 2);
	ctx_free(&c);
	/* without "eurepoc" the built-in table is not used */
	assert_int_equal(run(&c, "id = id\nsectors = a\n"
	    "sector-map = Bank: finance\n", "id,a\n1,Health\n2,bank\n"), 2);
	assert_int_equal(by_id(&c, "1")->ex.sectors, 0);
	assert_int_equal(by_id(&c, "2")->ex.sectors, 1u << NW_SECTOR_FINANCE);
	ctx_free(&c);
}

static void
test_hedge_party_sponsor(void **state)
{
	struct ctx c;
	char a[256];

	(void)state;
	assert_int_equal(run(&c, "id = id\nstates = s\nhedge = suspected\n"
	    "party = media\nsponsorship = state\n",
	    "id,s\n1,China\n2,\n"), 2);
	assert_string_equal(attrs(by_id(&c, "1"), a, sizeof(a)),
	    "CN/suspected/media");
	assert_int_equal(by_id(&c, "1")->ex.sponsorship, NW_SPONSOR_STATE);
	assert_int_equal(by_id(&c, "2")->ex.sponsorship, NW_SPONSOR_STATE);
	ctx_free(&c);

	assert_int_equal(run(&c, "id = id\nstates = s\n"
	    "hedge-column = b; k\nhedge-map = Claimed: asserted; Anon*: "
	    "suspected; Group: suspected\n"
	    "party-column = b; p\nparty-map = Claimed: self; Vendor: vendor; "
	    "Gov: government\n"
	    "sponsorship-column = sp\nsponsorship-map = *: state\n",
	    "id,s,b,k,p,sp\n"
	    "1,Russia,Claimed,,Gov,GRU\n"
	    "2,Russia,Claimed,Group,Vendor,\n"
	    "3,Russia,Anonymous sources,,Vendor,Unknown\n"
	    "4,Russia,Other,Other,Other,x\n"), 4);
	assert_string_equal(attrs(by_id(&c, "1"), a, sizeof(a)),
	    "RU/asserted/self");
	/* suspected wins over asserted */
	assert_string_equal(attrs(by_id(&c, "2"), a, sizeof(a)),
	    "RU/suspected/self");
	assert_string_equal(attrs(by_id(&c, "3"), a, sizeof(a)),
	    "RU/suspected/vendor");
	/* nothing maps: the constants (defaults asserted, unspecified) */
	assert_string_equal(attrs(by_id(&c, "4"), a, sizeof(a)),
	    "RU/asserted/unspecified");
	assert_int_equal(by_id(&c, "1")->ex.sponsorship, NW_SPONSOR_STATE);
	assert_int_equal(by_id(&c, "2")->ex.sponsorship, NW_SPONSOR_UNKNOWN);
	assert_int_equal(by_id(&c, "3")->ex.sponsorship, NW_SPONSOR_UNKNOWN);
	assert_int_equal(by_id(&c, "4")->ex.sponsorship, NW_SPONSOR_STATE);
	ctx_free(&c);
}

/* --- the header and the whole document -------------------------------------------- */

static void
test_header(void **state)
{
	struct ctx c;

	(void)state;
	assert_int_equal(run(&c, "id = ID\ndate = Date\n",
	    "Title,Sponsor,Id\nA,China,1\n"), -1);
	assert_int_equal(c.err.code, NW_E_PARSE);
	assert_int_equal(c.err.line, 1);
	assert_string_equal(c.err.feed, "t");
	assert_string_equal(c.err.file, "data.csv");
	assert_non_null(strstr(c.err.msg, "no column \"Date\" (key date, "
	    "definition line 6) in the header"));
	assert_non_null(strstr(c.err.msg, "\"Title\", \"Sponsor\", \"Id\""));
	assert_int_equal(c.n, 0);
	ctx_free(&c);
	/* alternatives, numbers, names matched without case and blanks */
	assert_int_equal(run(&c, "id = nope | #3\ntitle = Old | TITLE\n"
	    "text = #2\n", " title ,b,c\nT,text,7\n"), 1);
	assert_string_equal(c.r[0]->native_id, "7");
	assert_string_equal(c.r[0]->title, "T");
	assert_string_equal(c.r[0]->text, "text");
	ctx_free(&c);
	assert_int_equal(run(&c, "id = #4\n", "a,b,c\n1,2,3\n"), -1);
	assert_non_null(strstr(c.err.msg, "no column \"#4\""));
	ctx_free(&c);
	/* a name twice in the header is refused, a number is not */
	assert_int_equal(run(&c, "id = a\n", "a,b,a\n1,2,3\n"), -1);
	assert_non_null(strstr(c.err.msg, "column \"a\" appears 2 times in "
	    "the header: name it by number (#1)"));
	ctx_free(&c);
	assert_int_equal(run(&c, "id = #3\n", "a,b,a\n1,2,3\n"), 1);
	assert_string_equal(c.r[0]->native_id, "3");
	ctx_free(&c);
	/* a header that is not UTF-8 */
	assert_int_equal(run(&c, "", "a,\xff\n1,2\n"), -1);
	assert_int_equal(c.err.code, NW_E_DATA);
	assert_int_equal(c.err.line, 1);
	assert_non_null(strstr(c.err.msg, "bad header row: invalid UTF-8"));
	ctx_free(&c);
}

static void
hostile_doc(const char *name, long want, enum nw_errcode code,
    const char *words, long line)
{
	struct ctx c;
	size_t len;
	char *path, *data;

	path = xasprintf("tests/data/csv/hostile/%s", name);
	data = source_file(path, &len);
	memset(&c, 0, sizeof(c));
	c.feed = feed_keys("");
	if (ctx_parse(&c, data, len) != want)
		fail_msg("%s: %ld reports, wanted %ld (%s)", name, c.rc, want,
		    c.err.msg);
	if (want == -1) {
		assert_int_equal(c.err.code, code);
		assert_string_equal(c.err.feed, "t");
		assert_string_equal(c.err.file, "data.csv");
		assert_int_equal(c.err.line, line);
		if (strstr(c.err.msg, words) == NULL)
			fail_msg("%s: \"%s\" lacks \"%s\"", name, c.err.msg,
			    words);
		assert_int_equal(c.n, 0);
	}
	ctx_free(&c);
	free(data);
	free(path);
}

static void
test_not_csv(void **state)
{
	struct ctx c;

	(void)state;
	hostile_doc("error-page.csv", -1, NW_E_PARSE, "HTML or XML, not CSV", 0);
	hostile_doc("pdf.csv", -1, NW_E_PARSE, "a PDF, not CSV", 0);
	hostile_doc("utf16.csv", -1, NW_E_PARSE, "UTF-16 text", 0);
	hostile_doc("json.csv", -1, NW_E_PARSE, "JSON, not CSV", 0);
	hostile_doc("blank-lines.csv", -1, NW_E_PARSE,
	    "empty document: no header row", 0);
	hostile_doc("binary.csv", -1, NW_E_DATA,
	    "bad header row: NUL byte in column #1", 1);
	hostile_doc("ragged-all.csv", -1, NW_E_PARSE, "every row is bad (3 "
	    "rows); the first: 2 fields, the header has 3", 2);
	hostile_doc("header-only.csv", 0, NW_E_OK, "", 0);
	assert_int_equal(run(&c, "", ""), -1);
	assert_non_null(strstr(c.err.msg, "empty document"));
	ctx_free(&c);
}

/* --- caps ------------------------------------------------------------------------------ */

/* "id,x\n1,<filler>\n2,ok\n": the filler's row is bad, the next kept. */
static void
cap_row(const char *filler_unit, size_t units, const char *pre,
    const char *post, const char *words)
{
	struct ctx c;
	struct nw_buf b;
	size_t i;

	nw_buf_init(&b, 64u << 20);
	assert_int_equal(nw_buf_adds(&b, "id,x\n1,"), 0);
	assert_int_equal(nw_buf_adds(&b, pre), 0);
	for (i = 0; i < units; i++)
		assert_int_equal(nw_buf_adds(&b, filler_unit), 0);
	assert_int_equal(nw_buf_adds(&b, post), 0);
	assert_int_equal(nw_buf_adds(&b, "\n2,ok\n"), 0);
	memset(&c, 0, sizeof(c));
	c.feed = feed_keys("id = id\ntext = x\nmax-entry-size = 16M\n");
	if (ctx_parse(&c, b.data, b.len) != 1)
		fail_msg("%s: %ld reports (%s)", words, c.rc, c.err.msg);
	assert_bad(&c, 2, words);
	assert_int_equal(c.bad[0].code, NW_E_LIMIT);
	assert_string_equal(c.r[0]->text, "ok");
	ctx_free(&c);
	nw_buf_free(&b);
}

static void
test_caps(void **state)
{
	struct ctx c;
	struct nw_buf b;
	size_t i;

	(void)state;
	/* a field, quoted and not */
	cap_row("x", NW_CSV_MAX_FIELD + 1, "", "", "field 2 longer than");
	cap_row("x", NW_CSV_MAX_FIELD + 1, "\"", "\"", "a quoted field "
	    "(field 2) longer than");
	/* a line of fields each under the field cap */
	{
		char *unit = xmalloc((200u << 10) + 2);

		memset(unit, 'x', (200u << 10) + 1);
		unit[0] = ',';
		unit[(200u << 10) + 1] = '\0';
		cap_row(unit, NW_CSV_MAX_LINE / (200u << 10) + 1, "", "",
		    "or a line longer than");
		free(unit);
	}
	/* fields in one record */
	cap_row(",", NW_CSV_MAX_FIELDS, "", "", "more than 1024 fields");
	/* lines in one record */
	cap_row("\n", NW_CSV_MAX_RECORD_LINES, "\"", "\"", "a quoted field "
	    "(field 2) longer than");
	/* a record of quoted fields on lines of their own, each under the
	   field and line caps: ,"xxx\n" */
	{
		char *unit = xmalloc((100u << 10) + 5);

		memset(unit, 'x', (100u << 10) + 4);
		memcpy(unit, ",\"", 2);
		memcpy(unit + (100u << 10) + 2, "\n\"", 2);
		unit[(100u << 10) + 4] = '\0';
		cap_row(unit, NW_CSV_MAX_RECORD / (100u << 10) + 2, "\"\"", "",
		    "a record longer than");
		free(unit);
	}

	/* rows: max-entries fails the whole document */
	assert_int_equal(run(&c, "id = id\nmax-entries = 3\n",
	    "id\n1\n2\n3\n4\n5\n"), -1);
	assert_int_equal(c.err.code, NW_E_LIMIT);
	assert_int_equal(c.err.line, 5);
	assert_non_null(strstr(c.err.msg, "more than 3 rows (max-entries)"));
	ctx_free(&c);
	assert_int_equal(run(&c, "id = id\nmax-entries = 3\n",
	    "id\n1\n2\n3\n"), 3);
	ctx_free(&c);

	/* a text over max-entry-size is a bad row */
	nw_buf_init(&b, 1 << 20);
	assert_int_equal(nw_buf_adds(&b, "id,x\n1,"), 0);
	for (i = 0; i < 65; i++)
		assert_int_equal(nw_buf_addc(&b, 'a'), 0);
	assert_int_equal(nw_buf_adds(&b, "\n2,short\n"), 0);
	memset(&c, 0, sizeof(c));
	c.feed = feed_keys("id = id\ntext = x\nmax-entry-size = 64\n");
	assert_int_equal(ctx_parse(&c, b.data, b.len), 1);
	assert_bad(&c, 2, "text longer than 64 bytes (max-entry-size)");
	ctx_free(&c);
	/* ... and a synthesized one says how to avoid it */
	memset(&c, 0, sizeof(c));
	c.feed = feed_keys("id = id\nmax-entry-size = 64\n");
	assert_int_equal(ctx_parse(&c, b.data, b.len), 1);
	assert_bad(&c, 2, "map the text columns with \"text\"");
	ctx_free(&c);
	nw_buf_free(&b);
}

/* --- feed keys ------------------------------------------------------------------------- */

struct errs {
	char	 msgs[32][600];
	size_t	 n;
};

static void
collect_err(const struct nw_error *e, void *arg)
{
	struct errs *es = arg;
	char buf[1536];

	if (es->n < 32)
		nw_strlcpy(es->msgs[es->n++], nw_error_str(e, buf, sizeof(buf)),
		    sizeof(es->msgs[0]));
}

static void
want_err(const struct errs *es, const char *words)
{
	size_t i;

	for (i = 0; i < es->n; i++)
		if (strstr(es->msgs[i], words) != NULL)
			return;
	for (i = 0; i < es->n; i++)
		print_message("# %s\n", es->msgs[i]);
	fail_msg("no error with \"%s\"", words);
}

static void
test_check(void **state)
{
	static const char text[] = HEAD
	    "separator = ab\n"				/* 5 */
	    "encoding = utf-16\n"
	    "date = a; b\n"
	    "date-format = YYYY-QQ\n"
	    "hedge = maybe\n"
	    "sector-map = Health: hospitals; Bank\n"	/* 10 */
	    "hedge-map = X: asserted\n"
	    "list = zigzag; c: sideways\n"
	    "id = #0\n"
	    "actor-aliases = ab\n"
	    "party = police\n"				/* 15 */
	    "sponsorship = maybe\n"
	    "date-jan1-year = perhaps\n"
	    "title = a | | b\n"
	    "encoding-fallback = utf-8\n"
	    "colour = red\n";				/* 20 */
	struct nw_error err;
	struct nw_feed *f;
	struct errs es;

	(void)state;
	memset(&es, 0, sizeof(es));
	f = nw_feed_parse("bad.feed", text, strlen(text), collect_err, &es,
	    &err);
	assert_null(f);
	want_err(&es, "bad.feed:20:1: unknown key \"colour\" for kind csv");
	/* feed.c stops at unknown keys before the parser's check */
	memset(&es, 0, sizeof(es));
	f = nw_feed_parse("bad.feed", text, strlen(text) - strlen(
	    "colour = red\n"), collect_err, &es, &err);
	assert_null(f);
	want_err(&es, "bad.feed:5: separator: \"ab\" is not one punctuation "
	    "character");
	want_err(&es, "bad.feed:6: encoding: \"utf-16\" is not utf-8, cp1252 "
	    "or latin1");
	want_err(&es, "bad.feed:7: date names one column");
	want_err(&es, "bad.feed:8: date-format: \"YYYY-QQ\" is not a date "
	    "format");
	want_err(&es, "bad.feed:9: hedge: \"maybe\" is not asserted or "
	    "suspected");
	want_err(&es, "bad.feed:10: sector-map: \"hospitals\" is not a sector");
	want_err(&es, "bad.feed:10: sector-map: \"Bank\" is not \"VALUE: "
	    "TARGET\" or eurepoc");
	want_err(&es, "bad.feed:11: hedge-map needs hedge-column");
	want_err(&es, "bad.feed:12: list: \"zigzag\" is not auto, python");
	want_err(&es, "bad.feed:12: list: \"sideways\" is not auto");
	want_err(&es, "bad.feed:13: id: \"#0\" is not a column number");
	want_err(&es, "bad.feed:14: actor-aliases: \"ab\" is not one "
	    "character");
	want_err(&es, "bad.feed:14: actor-aliases needs actors");
	want_err(&es, "bad.feed:15: party: \"police\" is not government");
	want_err(&es, "bad.feed:16: sponsorship: \"maybe\" is not state");
	want_err(&es, "bad.feed:17: date-jan1-year must be yes or no");
	want_err(&es, "bad.feed:10: sector-map needs sectors");
	want_err(&es, "bad.feed:19: encoding-fallback: \"utf-8\" is not "
	    "cp1252 or latin1");
	assert_true(es.n >= 18);
	/* a parse refuses a bad definition the same way */
	{
		struct nw_feed ff;
		struct nw_feed_opt o = { "hedge", "maybe", 9 };
		struct ctx c;
		struct nw_doc doc;

		memset(&ff, 0, sizeof(ff));
		ff.name = "t";
		ff.kind = "csv";
		ff.path = "x.feed";
		ff.opts = &o;
		ff.nopts = 1;
		nw_limits_default(&ff.limits);
		memset(&c, 0, sizeof(c));
		memset(&doc, 0, sizeof(doc));
		doc.data = "a\n1\n";
		doc.len = 4;
		doc.name = "data.csv";
		c.arena = nw_arena_new();
		assert_int_equal(nw_csv_parse(&ff, &doc, c.arena, collect, &c,
		    NULL, NULL, NULL, &c.err), -1);
		assert_int_equal(c.err.code, NW_E_CONFIG);
		assert_string_equal(c.err.file, "x.feed");
		assert_int_equal(c.err.line, 9);
		nw_arena_free(c.arena);
		free(c.r);
	}
	/* the check through the registry's entry point */
	{
		const struct nw_parser *p = nw_parser_find("csv");

		assert_ptr_equal(p, &nw_parser_csv);
		assert_non_null(p->check);
	}
}

static void
test_registry(void **state)
{
	static const char *const keys[] = {
		"separator", "encoding", "encoding-fallback", "empty", "list",
		"id", "incident", "date", "date-format", "date-jan1-year",
		"title", "link", "text", "states", "actors", "actor-aliases",
		"victims", "sectors", "sector-map", "hedge", "hedge-column",
		"hedge-map", "party", "party-column", "party-map",
		"sponsorship", "sponsorship-column", "sponsorship-map"
	};
	const struct nw_parser *p = nw_parser_find("csv");
	size_t i, k, n = 0;

	(void)state;
	assert_ptr_equal(p, &nw_parser_csv);
	assert_string_equal(p->kind, "csv");
	for (k = 0; p->options[k] != NULL; k++)
		n++;
	assert_int_equal(n, NW_NELEM(keys));
	for (i = 0; i < NW_NELEM(keys); i++) {
		for (k = 0; p->options[k] != NULL; k++)
			if (strcmp(p->options[k], keys[i]) == 0)
				break;
		if (p->options[k] == NULL)
			fail_msg("key %s not accepted", keys[i]);
	}
}

static void
test_stop(void **state)
{
	struct ctx c;

	(void)state;
	memset(&c, 0, sizeof(c));
	c.feed = feed_keys("id = id\n");
	c.stop_at = 2;
	nw_error_clear(&c.err);
	assert_int_equal(ctx_parse(&c, "id\n1\n2\n3\n", 10), -1);
	assert_int_equal(c.n, 1);
	ctx_free(&c);
}

/* --- samples and fixtures --------------------------------------------------------- */

static void
test_sample(void **state)
{
	struct ctx c;
	char a[256], v[256], ac[256];
	size_t len, i, k;
	char *data;

	(void)state;
	data = source_file("feeds/samples/cyber-operations.csv", &len);
	memset(&c, 0, sizeof(c));
	c.feed = source_feed("feeds/samples/cyber-operations.feed");
	assert_int_equal(ctx_parse(&c, data, len), 25);
	assert_int_equal(c.nbad, 0);
	assert_int_equal(c.st.unknown_states, 0);
	for (i = 0; i < c.n; i++) {
		assert_int_equal(c.r[i]->preset, 1);
		assert_int_equal(c.r[i]->date.prec, NW_PREC_DAY);
		assert_non_null(c.r[i]->title);
		assert_true(c.r[i]->textlen > 40);
		assert_non_null(strstr(c.r[i]->url, "https://example.org/ops/"));
		for (k = 0; k < i; k++)
			assert_string_not_equal(c.r[i]->native_id,
			    c.r[k]->native_id);
	}
	{
		const struct nw_report *r = by_id(&c,
		    "Disruption of a regional power distributor");

		assert_int_equal(r->line, 2);
		assert_int_equal(r->date.y, 2024);
		assert_int_equal(r->date.m, 12);
		assert_int_equal(r->date.d, 3);
		assert_string_equal(attrs(r, a, sizeof(a)),
		    "RU/suspected/unspecified");
		assert_string_equal(actors(r, ac, sizeof(ac)), "Sandworm Team");
		assert_string_equal(victims(r, v, sizeof(v)), "UA");
		assert_int_equal(r->ex.sectors, 1u << NW_SECTOR_OTHER);
		assert_int_equal(r->ex.sponsorship, NW_SPONSOR_STATE);
	}
	{
		const struct nw_report *r = by_id(&c,
		    "Theft of cryptocurrency from an exchange");

		/* Sanctions: a government attribution, stated flatly */
		assert_string_equal(attrs(r, a, sizeof(a)),
		    "KP/asserted/government");
		assert_string_equal(r->url, "https://example.org/ops/0005");
	}
	{
		const struct nw_report *r = by_id(&c,
		    "Centrifuges damaged by malware");

		assert_string_equal(attrs(r, a, sizeof(a)),
		    "US/suspected/unspecified IL/suspected/unspecified");
		assert_string_equal(victims(r, v, sizeof(v)), "IR");
		assert_int_equal(r->ex.sectors, 1u << NW_SECTOR_GOVERNMENT |
		    1u << NW_SECTOR_MILITARY);
	}
	{
		const struct nw_report *r = by_id(&c,
		    "Wiper attack on a shipping company");

		/* quoted line breaks become spaces; the row spans 4 lines */
		assert_string_equal(r->text, "Destructive malware disguised as "
		    "ransomware erased the servers of a shipping company. "
		    "Investigators tied the tools to an earlier campaign "
		    "against the same region.");
		assert_int_equal(r->line, 6);
		assert_int_equal(by_id(&c, "Theft of cryptocurrency from an "
		    "exchange")->line, 9);
	}
	{
		const struct nw_report *r = by_id(&c,
		    "Intrusion into a parliament's network");

		assert_int_equal(r->ex.nattr, 0);
		assert_int_equal(r->ex.sponsorship, NW_SPONSOR_UNKNOWN);
		assert_string_equal(victims(r, v, sizeof(v)), "NO");
	}
	{
		const struct nw_report *r = by_id(&c,
		    "Intrusion at a defense ministry contractor");

		assert_string_equal(victims(r, v, sizeof(v)), "TW");
		assert_int_equal(r->ex.sectors, 1u << NW_SECTOR_OTHER |
		    1u << NW_SECTOR_MILITARY);
	}
	ctx_free(&c);
	free(data);
}

static void
test_eurepoc_fixture(void **state)
{
	struct ctx c;
	char a[256], ac[256];
	size_t len;
	char *data;

	(void)state;
	data = source_file("tests/data/csv/eurepoc-like.csv", &len);
	memset(&c, 0, sizeof(c));
	c.feed = source_feed("feeds/eurepoc-attribution.feed");
	assert_int_equal(ctx_parse(&c, data, len), 11);
	assert_int_equal(c.st.rows, 13);
	assert_int_equal(c.nbad, 2);
	assert_bad(&c, 11, "empty incident id (column \"incident_ID\")");
	assert_bad(&c, 12, "impossible date \"2023-02-30\"");
	/* 101/501: a government's flat statement; 2019-01-01 is a year */
	assert_string_equal(attrs(by_id(&c, "101/501"), a, sizeof(a)),
	    "RU/asserted/government");
	assert_string_equal(actors(by_id(&c, "101/501"), ac, sizeof(ac)),
	    "Fancy Bear");
	assert_int_equal(by_id(&c, "101/501")->date.prec, NW_PREC_YEAR);
	assert_int_equal(by_id(&c, "101/501")->date.y, 2019);
	assert_int_equal(by_id(&c, "101/501")->ex.sponsorship,
	    NW_SPONSOR_STATE);
	assert_int_equal(by_id(&c, "101/501")->preset, 1);
	/* 101/502: a vendor; "state-affiliation suggested" hedges */
	assert_string_equal(attrs(by_id(&c, "101/502"), a, sizeof(a)),
	    "RU/suspected/vendor");
	assert_int_equal(by_id(&c, "101/502")->date.prec, NW_PREC_DAY);
	/* 102/503: "Unknown" country, "Not available" company */
	assert_int_equal(by_id(&c, "102/503")->ex.nattr, 0);
	assert_string_equal(actors(by_id(&c, "102/503"), ac, sizeof(ac)),
	    "Cyber Front Z");
	assert_int_equal(by_id(&c, "102/503")->ex.sponsorship,
	    NW_SPONSOR_NONSTATE);
	assert_int_equal(by_id(&c, "102/503")->date.prec, NW_PREC_NONE);
	/* one attribution naming two initiators: two rows, ~2 */
	assert_string_equal(attrs(by_id(&c, "103/504"), a, sizeof(a)),
	    "KP/suspected/media");
	assert_string_equal(actors(by_id(&c, "103/504"), ac, sizeof(ac)),
	    "Lazarus Group");
	assert_string_equal(actors(by_id(&c, "103/504~2"), ac, sizeof(ac)),
	    "Andariel");
	assert_string_equal(attrs(by_id(&c, "104/505"), a, sizeof(a)),
	    "IR/asserted/government");
	assert_string_equal(actors(by_id(&c, "104/505"), ac, sizeof(ac)),
	    "Iran Revolutionary Guard Corps");
	assert_string_equal(attrs(by_id(&c, "104/506"), a, sizeof(a)),
	    "IR/suspected/unspecified");
	assert_string_equal(actors(by_id(&c, "104/506"), ac, sizeof(ac)),
	    "Charming Kitten");
	/* a row with its incident id alone is kept, with a hashed id */
	assert_int_equal(strncmp(c.r[7]->native_id, "105/r", 5), 0);
	assert_int_equal(strlen(c.r[7]->native_id), 4 + 1 + 16);
	assert_int_equal(c.r[7]->ex.nattr, 0);
	assert_string_equal(c.r[7]->text, "incident_ID: 105");
	assert_int_equal(by_id(&c, "106/507")->ex.nattr, 0);
	assert_int_equal(c.st.unknown_states, 1);	/* Asia (region) */
	/* an id with a slash is escaped; the second alias is known */
	assert_string_equal(attrs(by_id(&c, "108/510%2F7"), a, sizeof(a)),
	    "RU/asserted/government");
	assert_string_equal(actors(by_id(&c, "108/510%2F7"), ac, sizeof(ac)),
	    "VOODOO Bear");
	assert_int_equal(by_id(&c, "109/511")->date.prec, NW_PREC_YEAR);
	assert_string_equal(attrs(by_id(&c, "109/511"), a, sizeof(a)),
	    "CN/suspected/media");
	ctx_free(&c);
	free(data);
}
#endif /* !TEST_CSV_SHARED */

#ifdef TEST_CSV_SHARED
/* The real EuRepoC tables, when the harness has them. */
static char *
shared_file(const char *name, size_t *len)
{
	struct nw_error err;
	struct stat sb;
	const char *dir = getenv("NW_SHARED");
	char *path, *data;

	if (dir == NULL)
		return NULL;
	path = xasprintf("%s/data/eurepoc/%s", dir, name);
	if (stat(path, &sb) == -1) {
		free(path);
		return NULL;
	}
	data = nw_read_file(path, 64u << 20, len, &err);
	if (data == NULL)
		fail_msg("cannot read %s: %s", path, err.msg);
	free(path);
	return data;
}

static void
test_eurepoc_attribution(void **state)
{
	struct ctx c;
	char a[256], ac[256];
	size_t len, i, k, incidents = 0;
	char *data;

	(void)state;
	data = shared_file("EuRepoC_Attribution_dataset_1.1.csv", &len);
	if (data == NULL)
		fail_msg("the EuRepoC table is not in $NW_SHARED");
	memset(&c, 0, sizeof(c));
	c.feed = source_feed("feeds/eurepoc-attribution.feed");
	assert_int_equal(ctx_parse(&c, data, len), 2643);
	assert_int_equal(c.st.rows, 2643);
	assert_int_equal(c.nbad, 0);
	/* the first row: a self-attribution by an Azerbaijani group */
	assert_string_equal(c.r[0]->native_id, "2/8664");
	assert_int_equal(c.r[0]->line, 2);
	assert_string_equal(attrs(c.r[0], a, sizeof(a)), "AZ/suspected/self");
	assert_int_equal(c.r[0]->ex.sponsorship, NW_SPONSOR_NONSTATE);
	assert_int_equal(c.r[0]->date.prec, NW_PREC_NONE);
	/* "NSA/Equation Group", a government's statement of 2015 */
	assert_string_equal(attrs(by_id(&c, "16/8677"), a, sizeof(a)),
	    "US/asserted/government");
	assert_string_equal(actors(by_id(&c, "16/8677"), ac, sizeof(ac)),
	    "Equation Group");
	assert_int_equal(by_id(&c, "16/8677")->date.prec, NW_PREC_YEAR);
	assert_int_equal(by_id(&c, "16/8677")->date.y, 2015);
	/* "Korea, Democratic People's Republic of", one value */
	assert_string_equal(by_id(&c, "13/15")->ex.attr[0].state, "KP");
	/* incident 45: one attribution id over four rows */
	assert_non_null(by_id(&c, "45/8683~4"));
	assert_string_equal(by_id(&c, "45/8683~3")->ex.actors[0].name, "GCHQ");
	/* the incident id is the part before the slash: 1,643 of them */
	for (i = 0; i < c.n; i++) {
		const char *id = c.r[i]->native_id, *s = strchr(id, '/');

		assert_non_null(s);
		for (k = 0; k < i; k++) {
			const char *o = c.r[k]->native_id;

			if (strncmp(o, id, (size_t)(s - id + 1)) == 0)
				break;
		}
		if (k == i)
			incidents++;
	}
	assert_int_equal(incidents, 1643);
	ctx_free(&c);
	free(data);
}

static void
test_eurepoc_receiver(void **state)
{
	struct ctx c;
	char v[256];
	size_t len, i, with_sector = 0;
	char *data;

	(void)state;
	data = shared_file("EuRepoC_Receiver_dataset_1.1.csv", &len);
	if (data == NULL)
		fail_msg("the EuRepoC table is not in $NW_SHARED");
	memset(&c, 0, sizeof(c));
	c.feed = feed_keys("incident = ID\nvictims = receiver_country\n"
	    "sectors = receiver_category; receiver_category_subcode\n"
	    "sector-map = eurepoc\nlist = none\n");
	assert_int_equal(ctx_parse(&c, data, len), 6333);
	assert_int_equal(c.nbad, 0);
	/* line 16: incident 8, Afghanistan, Critical infrastructure/Health */
	for (i = 0; i < c.n && c.r[i]->line != 16; i++)
		;
	assert_true(i < c.n);
	assert_int_equal(strncmp(c.r[i]->native_id, "8/r", 3), 0);
	assert_string_equal(victims(c.r[i], v, sizeof(v)), "AF");
	assert_int_equal(c.r[i]->ex.sectors, 1u << NW_SECTOR_HEALTHCARE);
	/* line 2: Armenia, State institutions */
	assert_string_equal(victims(c.r[0], v, sizeof(v)), "AM");
	assert_int_equal(c.r[0]->ex.sectors, 1u << NW_SECTOR_GOVERNMENT);
	for (i = 0; i < c.n; i++)
		if (c.r[i]->ex.sectors != 0)
			with_sector++;
	/* every category but "Critical infrastructure" without a subcode,
	   "Unknown" and "Not available" has a sector */
	assert_true(with_sector > 6000);
	ctx_free(&c);
	free(data);
}
#endif /* TEST_CSV_SHARED */

/*
 * Built twice: tests/unit/test_csv runs everything but the real EuRepoC
 * tables; tests/unit/test_csv_eurepoc (TEST_CSV_SHARED) runs those, and
 * skips as a whole when $NW_SHARED lacks them (cmocka's skip() counts as
 * a failure in our TAP driver).
 */
int
main(void)
{
#ifdef TEST_CSV_SHARED
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_eurepoc_attribution),
		cmocka_unit_test(test_eurepoc_receiver),
	};
	const char *dir = getenv("NW_SHARED");
	char *path;
	struct stat sb;
	int there;

	path = xasprintf("%s/data/eurepoc/EuRepoC_Attribution_dataset_1.1.csv",
	    dir != NULL ? dir : "../shared");
	there = stat(path, &sb) == 0;
	if (!there)
		printf("1..0 # SKIP %s not found\n", path);
	free(path);
	if (!there)
		return 0;
#else
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc4180),
		cmocka_unit_test(test_line_ends),
		cmocka_unit_test(test_separator),
		cmocka_unit_test(test_lenient),
		cmocka_unit_test(test_quote_storm),
		cmocka_unit_test(test_unclosed_quote),
		cmocka_unit_test(test_bad_rows),
		cmocka_unit_test(test_encoding_fallback),
		cmocka_unit_test(test_encodings),
		cmocka_unit_test(test_date_formats),
		cmocka_unit_test(test_date_keys),
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_state_names),
		cmocka_unit_test(test_empty_markers),
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_title_link_text),
		cmocka_unit_test(test_actors),
		cmocka_unit_test(test_sectors),
		cmocka_unit_test(test_hedge_party_sponsor),
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_not_csv),
		cmocka_unit_test(test_caps),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_registry),
		cmocka_unit_test(test_stop),
		cmocka_unit_test(test_sample),
		cmocka_unit_test(test_eurepoc_fixture),
	};
#endif

	return cmocka_run_group_tests(tests, setup, teardown);
}
