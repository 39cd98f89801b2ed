/*
 * test_rss.c - the rss parser (src/parse/rss.c): the samples in
 * feeds/samples/ with their own definitions, the fixtures in
 * tests/data/rss/golden/ against their .expected renderings, dates of
 * every shape, the include and exclude patterns, every cap crossed, and
 * the hostile documents in tests/data/rss/hostile/ (kept forever).
 *
 * Golden files are written by hand-checked runs: NW_RSS_WRITE_GOLDEN=1
 * rewrites them (then read the diff before committing it).
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include <libxml/parser.h>

#include "normwatch/feed.h"
#include "normwatch/limits.h"
#include "normwatch/log.h"
#include "normwatch/parse.h"
#include "normwatch/rss.h"
#include "normwatch/text.h"
#include "normwatch/util.h"

#define MAX_FIXTURE	(8u << 20)
#define DOC_URL		"https://feeds.example/dir/feed.xml"
#define DOC_NAME	"feed.xml"

/* --- helpers -------------------------------------------------------------- */

struct got {
	struct nw_report	**r;
	size_t			  n;
	size_t			  cap;
	size_t			  stop_at;	/* -1 at this call; 0: never */
};

static int
collect(struct nw_report *r, void *arg)
{
	struct got *g = arg;

	if (g->stop_at > 0 && g->n + 1 == g->stop_at)
		return -1;
	if (g->n == g->cap) {
		g->cap = g->cap == 0 ? 64 : g->cap * 2;
		g->r = xreallocarray(g->r, g->cap, sizeof(*g->r));
	}
	g->r[g->n++] = r;
	return 0;
}

static void
got_free(struct got *g)
{
	free(g->r);
	memset(g, 0, sizeof(*g));
}

static void
feed_init(struct nw_feed *f)
{
	memset(f, 0, sizeof(*f));
	f->name = "test-rss";
	f->kind = "rss";
	f->url = DOC_URL;
	f->path = "/defs/test-rss.feed";
	nw_limits_default(&f->limits);
}

static char *
source_path(const char *rel)
{
	const char *dir = getenv("NW_SRCDIR");

	return xasprintf("%s/%s", dir != NULL ? dir : ".", rel);
}

/* A file under the source tree ("feeds/samples/...") */
static char *
source_file(const char *rel, size_t *len)
{
	struct nw_error err;
	char *path, *data;

	path = source_path(rel);
	nw_error_clear(&err);
	data = nw_read_file(path, MAX_FIXTURE, len, &err);
	if (data == NULL)
		fail_msg("cannot read %s: %s", path, err.msg);
	free(path);
	return data;
}

static long
run_named(const struct nw_feed *f, const char *name, const char *data,
    size_t len, struct nw_arena *a, struct got *g, struct nw_error *err)
{
	struct nw_doc doc;

	memset(&doc, 0, sizeof(doc));
	doc.data = data;
	doc.len = len;
	doc.url = DOC_URL;
	doc.name = name;
	nw_error_clear(err);
	return nw_parser_rss.parse(f, &doc, a, collect, g, err);
}

static long
run(const struct nw_feed *f, const char *data, size_t len,
    struct nw_arena *a, struct got *g, struct nw_error *err)
{
	return run_named(f, DOC_NAME, data, len, a, g, err);
}

static long
run_str(const struct nw_feed *f, const char *s, struct nw_arena *a,
    struct got *g, struct nw_error *err)
{
	return run(f, s, strlen(s), a, g, err);
}

/* An RSS 2.0 document around items. */
static char *
rss_doc(const char *items)
{
	return xasprintf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<rss version=\"2.0\">\n<channel>\n<title>t</title>\n%s"
	    "</channel>\n</rss>\n", items);
}

/* Render reports in the golden format. */
static char *
render(const struct got *g)
{
	struct nw_buf b;
	char d[16];
	size_t i;

	nw_buf_init(&b, 64u << 20);
	for (i = 0; i < g->n; i++) {
		const struct nw_report *r = g->r[i];

		nw_date_format(&r->date, d);
		if (nw_buf_addf(&b, "line %ld\nid %s\ndate %s %s\nurl %s\n"
		    "title %s\ntext %s\n\n", r->line, r->native_id,
		    d[0] != '\0' ? d : "-", r->date.prec == NW_PREC_NONE ?
		    "none" : nw_prec_name(r->date.prec), r->url,
		    r->title != NULL ? r->title : "(none)", r->text) == -1)
			fail_msg("rendering too large");
	}
	if (b.data == NULL && nw_buf_adds(&b, "") == -1)
		fail();
	return nw_buf_detach(&b, NULL);
}

/* Compare with a golden file, or write it when asked to. */
static void
golden_check(const char *rel, const char *got)
{
	struct nw_error err;
	const char *w = getenv("NW_RSS_WRITE_GOLDEN");
	char *path, *want;
	size_t len, i, line = 1;

	path = source_path(rel);
	if (w != NULL && strcmp(w, "1") == 0) {
		nw_error_clear(&err);
		if (nw_write_file_atomic(path, got, strlen(got), &err) == -1)
			fail_msg("%s: %s", path, err.msg);
		free(path);
		return;
	}
	want = source_file(rel, &len);
	for (i = 0; want[i] != '\0' && want[i] == got[i]; i++)
		if (want[i] == '\n')
			line++;
	if (want[i] != got[i]) {
		const char *gl = got + i, *wl = want + i;

		while (gl > got && gl[-1] != '\n')
			gl--;
		while (wl > want && wl[-1] != '\n')
			wl--;
		print_error("%s: differs at line %zu\n  want: %.*s\n  got:  "
		    "%.*s\n", path, line, (int)strcspn(wl, "\n"), wl,
		    (int)strcspn(gl, "\n"), gl);
		free(want);
		free(path);
		fail();
	}
	free(want);
	free(path);
}

static const struct nw_report *
by_title(const struct got *g, const char *title)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		if (g->r[i]->title != NULL &&
		    strcmp(g->r[i]->title, title) == 0)
			return g->r[i];
	return NULL;
}

/* What every report must be: valid text, no markup, a web URL. */
static void
assert_clean(const struct nw_report *r)
{
	size_t bad;

	assert_non_null(r->native_id);
	assert_true(r->native_id[0] != '\0');
	assert_non_null(r->url);
	assert_non_null(r->text);
	assert_int_equal(strlen(r->text), r->textlen);
	assert_int_equal(nw_utf8_check(r->text, r->textlen, &bad), 0);
	assert_null(strchr(r->text, '\n'));
	assert_true(r->textlen > 0 && r->text[0] != ' ' &&
	    r->text[r->textlen - 1] != ' ');
	if (r->title != NULL)
		assert_int_equal(strncmp(r->text, r->title,
		    strlen(r->title)), 0);
	assert_int_equal(r->offset, -1);
	assert_true(r->line > 0);
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* --- the registry --------------------------------------------------------- */

static void
test_registry(void **state)
{
	const struct nw_parser *p = nw_parser_find("rss");
	size_t i;
	int inc = 0, exc = 0;

	(void)state;
	assert_ptr_equal(p, &nw_parser_rss);
	assert_string_equal(p->kind, "rss");
	assert_non_null(p->check);
	for (i = 0; p->options[i] != NULL; i++) {
		inc += strcmp(p->options[i], "include") == 0;
		exc += strcmp(p->options[i], "exclude") == 0;
	}
	assert_int_equal(inc, 1);
	assert_int_equal(exc, 1);
}

/* --- the samples, with their own definitions ------------------------------ */

static struct nw_feed *
sample_feed(const char *def)
{
	struct nw_error err;
	struct nw_feed *f;
	char *path;

	path = source_path(def);
	nw_error_clear(&err);
	f = nw_feed_load(path, NULL, NULL, &err);
	if (f == NULL)
		fail_msg("%s: %s", path, err.msg);
	free(path);
	assert_string_equal(f->kind, "rss");
	return f;
}

static void
sample_run(const char *def, const char *xml, const char *golden,
    long want, long want_unfiltered, const char *const *dropped)
{
	struct nw_feed *f, plain;
	struct nw_arena *a = nw_arena_new();
	struct nw_error err;
	struct got g = { 0 }, g2 = { 0 };
	char *data, *out;
	size_t len, i, j;
	long n;

	f = sample_feed(def);
	data = source_file(xml, &len);
	n = run(f, data, len, a, &g, &err);
	if (n < 0)
		fail_msg("%s: %s", xml, err.msg);
	assert_int_equal(n, want);
	assert_int_equal(g.n, (size_t)want);
	for (i = 0; i < g.n; i++) {
		const struct nw_report *r = g.r[i];

		assert_clean(r);
		assert_non_null(r->title);
		/* no markup, no script or style text, no tracking pixels */
		assert_null(strpbrk(r->text, "<>"));
		assert_null(strstr(r->text, "nlsTrack"));
		assert_null(strstr(r->text, "trackDownload"));
		assert_null(strstr(r->text, "border:"));
		assert_null(strstr(r->text, "margin"));
		assert_null(strstr(r->text, "pixel"));
		assert_null(strstr(r->text, "&rsquo;"));
		assert_null(strstr(r->text, "&lt;"));
		assert_int_equal(r->date.prec, NW_PREC_DAY);
		assert_int_equal(strncmp(r->url, "https://", 8), 0);
		for (j = 0; j < i; j++)
			assert_string_not_equal(r->native_id,
			    g.r[j]->native_id);
	}
	for (i = 0; dropped[i] != NULL; i++)
		if (by_title(&g, dropped[i]) != NULL)
			fail_msg("%s: \"%s\" was not dropped", xml, dropped[i]);
	out = render(&g);
	golden_check(golden, out);
	free(out);

	/* without the definition's patterns every item is a report */
	feed_init(&plain);
	n = run(&plain, data, len, a, &g2, &err);
	assert_int_equal(n, want_unfiltered);
	for (i = 0; dropped[i] != NULL; i++)
		assert_non_null(by_title(&g2, dropped[i]));
	got_free(&g);
	got_free(&g2);
	free(data);
	nw_feed_free(f);
	nw_arena_free(a);
}

static void
test_sample_rss_vendor(void **state)
{
	static const char *const dropped[] = {
		"Webinar: Hunting Living-off-the-Land Threats in Your Network",
		"Introducing Northlight Sentinel 5.0: Faster Ransomware "
		    "Detection",
		"Northlight Named a Leader in the 2024 Endpoint Security "
		    "Report",
		"Join Us at the Northlight Summit in Lisbon",
		"Careers: We're Hiring Threat Researchers",
		NULL
	};

	(void)state;
	sample_run("feeds/samples/rss-vendor.feed",
	    "feeds/samples/rss-vendor.xml",
	    "tests/data/rss/rss-vendor.expected",
	    7, 12, dropped);
}

static void
test_sample_atom_agency(void **state)
{
	static const char *const dropped[] = {
		"Service notice: advisory portal maintenance on 22 June",
		NULL
	};

	(void)state;
	sample_run("feeds/samples/atom-agency.feed",
	    "feeds/samples/atom-agency.xml",
	    "tests/data/rss/atom-agency.expected", 7, 8, dropped);
}

/* Spot checks a golden file cannot make readable. */
static void
test_sample_details(void **state)
{
	struct nw_feed *f;
	struct nw_arena *a = nw_arena_new();
	struct nw_error err;
	struct got g = { 0 };
	const struct nw_report *r;
	char *data, d[16];
	size_t len;

	(void)state;
	f = sample_feed("feeds/samples/rss-vendor.feed");
	data = source_file("feeds/samples/rss-vendor.xml", &len);
	assert_int_equal(run(f, data, len, a, &g, &err), 7);
	/* content:encoded wins over the description */
	r = by_title(&g, "Wiper Disguised as Ransomware Hits Ukrainian Grain "
	    "Exporter");
	assert_non_null(r);
	assert_string_equal(r->native_id, "nls-research-2024-0613");
	assert_non_null(strstr(r->text, "Sandworm, a unit of Russia's GRU"));
	assert_non_null(strstr(r->text, "since 2022."));
	/* 22:45 at -0700 on June 10 is June 11 in UTC */
	r = by_title(&g, "Edge VPN Flaw Exploited to Breach Telecoms in "
	    "Southeast Asia");
	assert_non_null(r);
	nw_date_format(&r->date, d);
	assert_string_equal(d, "2024-06-11");
	/* &nbsp; became a plain space */
	assert_non_null(strstr(r->text, "since February 2024."));
	/* no guid: the link is the id */
	r = by_title(&g, "Iranian Hackers Tamper With Water Controllers in "
	    "Israel");
	assert_non_null(r);
	assert_string_equal(r->native_id, r->url);
	/* entity-escaped HTML without CDATA */
	r = by_title(&g, "Pro-Russian Hacktivists Knock Election Websites "
	    "Offline in Moldova");
	assert_non_null(r);
	assert_non_null(strstr(r->text, "Moldova's Central Electoral"));
	got_free(&g);
	free(data);
	nw_feed_free(f);

	f = sample_feed("feeds/samples/atom-agency.feed");
	data = source_file("feeds/samples/atom-agency.xml", &len);
	assert_int_equal(run(f, data, len, a, &g, &err), 7);
	/* xml:base of the feed, then of the entry */
	r = by_title(&g, "Russian military intelligence targets logistics and "
	    "technology companies");
	assert_non_null(r);
	assert_string_equal(r->url,
	    "https://www.ncdc.example/advisories/ncdc-2024-013");
	nw_date_format(&r->date, d);
	assert_string_equal(d, "2024-06-12");
	assert_non_null(strstr(r->text, "also known as APT28"));
	assert_null(strstr(r->text, "margin"));
	/* an html title, stripped */
	r = by_title(&g, "Joint advisory: PRC state-sponsored actors "
	    "pre-position in critical infrastructure");
	assert_non_null(r);
	assert_null(strstr(r->text, "trackDownload"));
	/* updated when there is no published */
	r = by_title(&g, "Guidance for employers: North Korean IT workers "
	    "posing as freelancers");
	assert_non_null(r);
	nw_date_format(&r->date, d);
	assert_string_equal(d, "2024-05-30");
	got_free(&g);
	free(data);
	nw_feed_free(f);
	nw_arena_free(a);
}

/* --- golden fixtures ------------------------------------------------------ */

static void
test_golden(void **state)
{
	static const char *const names[] = { "rss2-shapes", "atom-types",
	    "rdf", "latin1", "utf16" };
	static const long want[] = { 12, 6, 2, 1, 1 };
	struct nw_feed f;
	struct nw_error err;
	size_t i, j, len;

	(void)state;
	feed_init(&f);
	for (i = 0; i < NW_NELEM(names); i++) {
		struct nw_arena *a = nw_arena_new();
		struct got g = { 0 };
		char *rel, *data, *out;
		long n;

		rel = xasprintf("tests/data/rss/golden/%s.xml", names[i]);
		data = source_file(rel, &len);
		n = run(&f, data, len, a, &g, &err);
		if (n != want[i])
			fail_msg("%s: %ld reports, want %ld (%s)", rel, n,
			    want[i], err.msg);
		for (j = 0; j < g.n; j++)
			assert_clean(g.r[j]);
		out = render(&g);
		free(rel);
		rel = xasprintf("tests/data/rss/golden/%s.expected", names[i]);
		golden_check(rel, out);
		free(out);
		free(rel);
		free(data);
		got_free(&g);
		nw_arena_free(a);
	}
}

/* What the shapes fixture promises, said outright. */
static void
test_item_rules(void **state)
{
	struct nw_feed f;
	struct nw_arena *a = nw_arena_new();
	struct nw_error err;
	struct got g = { 0 };
	const struct nw_report *r;
	char *data;
	size_t len;

	(void)state;
	feed_init(&f);
	data = source_file("tests/data/rss/golden/rss2-shapes.xml", &len);
	assert_int_equal(run(&f, data, len, a, &g, &err), 12);
	/* skipped, each with a warning; the rest of the feed lands */
	assert_null(by_title(&g, "Impossible date"));
	assert_null(by_title(&g, "Unreadable date"));
	assert_null(by_title(&g, "Repeated guid"));
	/* a missing date is no date, not the channel's */
	r = by_title(&g, "No date at all");
	assert_non_null(r);
	assert_int_equal(r->date.prec, NW_PREC_NONE);
	/* content:encoded over description; script and style dropped */
	r = by_title(&g, "Content over description");
	assert_string_equal(r->text, "Content over description. The full "
	    "post, not the teaser.");
	/* an empty content falls back to the description */
	r = by_title(&g, "Empty content falls back to the description");
	assert_non_null(strstr(r->text, "Plain text description"));
	/* a permalink guid gives the URL */
	r = by_title(&g, "Permalink guid and no link");
	assert_string_equal(r->url, "https://shapes.example/d");
	/* relative links resolve against the document; others are refused */
	r = by_title(&g, "Relative link");
	assert_string_equal(r->url, "https://feeds.example/posts/f");
	r = by_title(&g, "Script link");
	assert_string_equal(r->url, DOC_URL);
	/* a question mark ends the title: no period added */
	r = by_title(&g, "Question in the title?");
	assert_string_equal(r->text, "Question in the title? No period is "
	    "added after a question mark.");
	/* a prefixed element of another namespace is not the title */
	assert_null(by_title(&g, "Not the title"));
	assert_non_null(by_title(&g, "Unescaped markup in a description"));
	got_free(&g);
	free(data);
	nw_arena_free(a);
}

/* --- native ids ----------------------------------------------------------- */

static void
expected_hash_id(const char *title, const char *date, char *out, size_t sz)
{
	char hex[NW_SHA256_HEX], *s;

	s = xasprintf("%s\n%s", title, date);
	nw_sha256_hex(s, strlen(s), hex);
	snprintf(out, sz, "hash-%.16s", hex);
	free(s);
}

static void
test_ids_stable(void **state)
{
	static const char v1[] =
	    "<item><title>Guid item</title><guid isPermaLink=\"false\">g-1"
	    "</guid><description>old text</description>"
	    "<pubDate>Mon, 06 May 2024 10:00:00 +0000</pubDate></item>\n"
	    "<item><title>Link item</title><link>https://ids.example/2</link>"
	    "<pubDate>Sun, 05 May 2024 10:00:00 +0000</pubDate></item>\n"
	    "<item><title>Bare  item</title><description>x</description>"
	    "<pubDate>Sat, 04 May 2024 23:00:00 -0500</pubDate></item>\n"
	    "<item><title>Undated bare item</title></item>\n";
	/* a new item on top, order and layout changed, a description and
	 * a date's zone rewritten, blanks in a title */
	static const char v2[] =
	    "<item><title>Brand new</title><guid>g-0</guid></item>\n"
	    "<item>\n  <title>Undated bare item</title>\n</item>\n"
	    "<item>\n  <title> Bare item </title>\n  <description>y"
	    "</description>\n  <pubDate>Sun, 05 May 2024 04:00:00 GMT"
	    "</pubDate>\n</item>\n"
	    "<item>\n  <pubDate>Sun, 05 May 2024 10:00:00 GMT</pubDate>\n"
	    "  <link> https://ids.example/2 </link>\n  <title>Link item"
	    "</title>\n</item>\n"
	    "<item><title>Guid item</title><guid isPermaLink=\"false\">g-1"
	    "</guid><description>new text</description>"
	    "<pubDate>Mon, 06 May 2024 10:00:00 +0000</pubDate></item>\n";
	static const char *const titles[] = { "Guid item", "Link item",
	    "Bare item", "Undated bare item" };
	struct nw_feed f;
	struct nw_arena *a = nw_arena_new();
	struct nw_error err;
	struct got g1 = { 0 }, g2 = { 0 }, g3 = { 0 };
	char *d1, *d2, want[64];
	const struct nw_report *r1, *r2;
	size_t i;

	(void)state;
	feed_init(&f);
	d1 = rss_doc(v1);
	d2 = rss_doc(v2);
	assert_int_equal(run_str(&f, d1, a, &g1, &err), 4);
	assert_int_equal(run_str(&f, d1, a, &g3, &err), 4);
	assert_int_equal(run_str(&f, d2, a, &g2, &err), 5);
	for (i = 0; i < NW_NELEM(titles); i++) {
		r1 = by_title(&g1, titles[i]);
		r2 = by_title(&g2, titles[i]);
		assert_non_null(r1);
		assert_non_null(r2);
		assert_string_equal(r1->native_id, r2->native_id);
		assert_string_equal(r1->native_id, g3.r[i]->native_id);
	}
	assert_string_equal(by_title(&g1, "Guid item")->native_id, "g-1");
	assert_string_equal(by_title(&g1, "Link item")->native_id,
	    "https://ids.example/2");
	expected_hash_id("Bare item", "2024-05-05", want, sizeof(want));
	assert_string_equal(by_title(&g1, "Bare item")->native_id, want);
	expected_hash_id("Undated bare item", "", want, sizeof(want));
	assert_string_equal(by_title(&g1, "Undated bare item")->native_id,
	    want);
	got_free(&g1);
	got_free(&g2);
	got_free(&g3);
	free(d1);
	free(d2);
	nw_arena_free(a);
}

/* --- dates ---------------------------------------------------------------- */

static void
test_dates(void **state)
{
	static const struct {
		const char		*in;
		enum nw_rss_date	 want;
		const char		*date;
	} t[] = {
		/* RFC 822 as RSS writes it */
		{ "Tue, 07 May 2024 14:30:00 +0200", NW_RSS_DATE_OK,
		    "2024-05-07" },
		{ "Tue, 7 May 2024 23:30:00 -0500", NW_RSS_DATE_OK,
		    "2024-05-08" },
		{ "Wed, 01 May 2024 01:00:00 +0300", NW_RSS_DATE_OK,
		    "2024-04-30" },
		{ "Sun, 31 Dec 2023 23:00:00 -0130", NW_RSS_DATE_OK,
		    "2024-01-01" },
		{ "Mon, 01 Jan 2024 00:10:00 +0100", NW_RSS_DATE_OK,
		    "2023-12-31" },
		{ "Thu, 29 Feb 2024 12:00:00 +0000", NW_RSS_DATE_OK,
		    "2024-02-29" },
		{ "Fri, 01 Mar 2024 00:30:00 +0100", NW_RSS_DATE_OK,
		    "2024-02-29" },
		{ "07 May 2024 14:30 GMT", NW_RSS_DATE_OK, "2024-05-07" },
		{ "Tuesday, 07 May 2024 14:30:00 UT", NW_RSS_DATE_OK,
		    "2024-05-07" },
		{ "Tue 07 May 2024 14:30:00 +0000", NW_RSS_DATE_OK,
		    "2024-05-07" },
		{ "tue, 07 may 2024 14:30:00 gmt", NW_RSS_DATE_OK,
		    "2024-05-07" },
		{ "Tue, 07 May 24 20:30:00 EST", NW_RSS_DATE_OK,
		    "2024-05-08" },
		{ "Fri, 07 May 99 14:30:00 EST", NW_RSS_DATE_OK,
		    "1999-05-07" },
		{ "Tue, 07 Sept 2024 14:30:00 Z", NW_RSS_DATE_OK,
		    "2024-09-07" },
		{ "Tue, 07 September 2024 14:30:00 Z", NW_RSS_DATE_OK,
		    "2024-09-07" },
		{ "Tue, 07 May 2024 14:30:00 +02:00", NW_RSS_DATE_OK,
		    "2024-05-07" },
		{ "Tue, 07 May 2024 01:30:00 GMT+0200", NW_RSS_DATE_OK,
		    "2024-05-06" },
		{ "Tue, 07 May 2024 20:30:00 -0700 (PDT)", NW_RSS_DATE_OK,
		    "2024-05-08" },
		{ "Tue, 07 May 2024 20:30:00 PDT", NW_RSS_DATE_OK,
		    "2024-05-08" },
		{ "Tue, 07 May 2024 00:30:00 CEST", NW_RSS_DATE_OK,
		    "2024-05-06" },
		{ "Tue, 07 May 2024 00:30:00 JST", NW_RSS_DATE_OK,
		    "2024-05-06" },
		{ "Tue, 07 May 2024 23:30:00 A", NW_RSS_DATE_OK,
		    "2024-05-07" },
		{ "Tue, 07 May 2024 23:30:00 XYZT", NW_RSS_DATE_OK,
		    "2024-05-07" },
		{ "Tue, 07 May 2024 23:59:60 +0000", NW_RSS_DATE_OK,
		    "2024-05-07" },
		{ "Tue, 07 May 2024", NW_RSS_DATE_OK, "2024-05-07" },
		{ "07-May-2024 14:30:00 +0000", NW_RSS_DATE_OK, "2024-05-07" },
		{ "May 7, 2024", NW_RSS_DATE_OK, "2024-05-07" },
		{ "Tue, May 07 2024 23:30:00 -0100", NW_RSS_DATE_OK,
		    "2024-05-08" },
		{ " \n Tue, 07 May 2024 14:30:00 +0000 \n ", NW_RSS_DATE_OK,
		    "2024-05-07" },
		{ "Thu, 29 Feb 2023 12:00:00 +0000", NW_RSS_DATE_IMPOSSIBLE,
		    NULL },
		{ "Tue, 31 Apr 2024 12:00:00 +0000", NW_RSS_DATE_IMPOSSIBLE,
		    NULL },
		{ "Tue, 00 May 2024 12:00:00 +0000", NW_RSS_DATE_IMPOSSIBLE,
		    NULL },
		{ "Tue, 07 May 2024 25:00:00 +0000", NW_RSS_DATE_IMPOSSIBLE,
		    NULL },
		{ "Tue, 07 May 2024 14:60:00 +0000", NW_RSS_DATE_IMPOSSIBLE,
		    NULL },
		{ "Tue, 07 May 2024 14:30:00 +2500", NW_RSS_DATE_IMPOSSIBLE,
		    NULL },
		{ "Tue, 07 May 2031 14:30:00 +0000", NW_RSS_DATE_IMPOSSIBLE,
		    NULL },
		{ "Tue, 07 May 1899 14:30:00 +0000", NW_RSS_DATE_IMPOSSIBLE,
		    NULL },
		{ "Tue, 07 Foo 2024 14:30:00 +0000", NW_RSS_DATE_BAD, NULL },
		{ "Fun, 07 May 2024 14:30:00 +0000", NW_RSS_DATE_BAD, NULL },
		{ "Tue, 07 May 2024 14:30:00 +0000 trailing", NW_RSS_DATE_BAD,
		    NULL },
		{ "Tue, 07 May 2024 14h30", NW_RSS_DATE_BAD, NULL },
		{ "Tue, 07 May 2024 14:30:00 +020", NW_RSS_DATE_BAD, NULL },
		{ "Tue, 07 May 2024 14:30:00 (unclosed", NW_RSS_DATE_BAD,
		    NULL },
		{ "yesterday", NW_RSS_DATE_BAD, NULL },
		{ "05/07/2024", NW_RSS_DATE_BAD, NULL },
		/* RFC 3339 and W3CDTF as Atom and Dublin Core write them */
		{ "2024-05-07T14:30:00Z", NW_RSS_DATE_OK, "2024-05-07" },
		{ "2024-05-07T23:30:00-05:00", NW_RSS_DATE_OK, "2024-05-08" },
		{ "2024-05-07T00:30:00+01:00", NW_RSS_DATE_OK, "2024-05-06" },
		{ "2024-12-31T22:00:00-02:30", NW_RSS_DATE_OK, "2025-01-01" },
		{ "2024-05-07t14:30:00z", NW_RSS_DATE_OK, "2024-05-07" },
		{ "2024-05-07 14:30:00Z", NW_RSS_DATE_OK, "2024-05-07" },
		{ "2024-05-07T14:30:00.123456+02:00", NW_RSS_DATE_OK,
		    "2024-05-07" },
		{ "2024-05-07T14:30Z", NW_RSS_DATE_OK, "2024-05-07" },
		{ "2024-05-07T14:30:00", NW_RSS_DATE_OK, "2024-05-07" },
		{ "2024-05-07T01:00:00+0530", NW_RSS_DATE_OK, "2024-05-06" },
		{ "2024-05-07", NW_RSS_DATE_OK, "2024-05-07" },
		{ "2024-05", NW_RSS_DATE_OK, "2024-05" },
		{ "2024", NW_RSS_DATE_OK, "2024" },
		{ "2030-12-31T12:00:00Z", NW_RSS_DATE_OK, "2030-12-31" },
		{ "2030-12-31T23:00:00-02:00", NW_RSS_DATE_IMPOSSIBLE, NULL },
		{ "2031-01-01", NW_RSS_DATE_IMPOSSIBLE, NULL },
		{ "1899-05-07", NW_RSS_DATE_IMPOSSIBLE, NULL },
		{ "2024-13-01", NW_RSS_DATE_IMPOSSIBLE, NULL },
		{ "2024-02-30", NW_RSS_DATE_IMPOSSIBLE, NULL },
		{ "2024-00", NW_RSS_DATE_IMPOSSIBLE, NULL },
		{ "2024-05-00", NW_RSS_DATE_IMPOSSIBLE, NULL },
		{ "2024-05-07T24:00:00Z", NW_RSS_DATE_IMPOSSIBLE, NULL },
		{ "2024-05-07T14:30:00+24:00", NW_RSS_DATE_IMPOSSIBLE, NULL },
		{ "20240507", NW_RSS_DATE_BAD, NULL },
		{ "2024/05/07", NW_RSS_DATE_BAD, NULL },
		{ "2024-5-7", NW_RSS_DATE_BAD, NULL },
		{ "2024-05-07T14:30:00Zjunk", NW_RSS_DATE_BAD, NULL },
		{ "2024-05-07T", NW_RSS_DATE_BAD, NULL },
		{ "", NW_RSS_DATE_NONE, NULL },
		{ " \t\n ", NW_RSS_DATE_NONE, NULL },
	};
	struct nw_date d;
	enum nw_rss_date got;
	char s[16];
	size_t i;

	(void)state;
	for (i = 0; i < NW_NELEM(t); i++) {
		memset(&d, 0x55, sizeof(d));
		got = nw_rss_date_parse(t[i].in, strlen(t[i].in), 2030, &d);
		if (got != t[i].want)
			fail_msg("\"%s\": result %d, want %d", t[i].in, got,
			    t[i].want);
		if (t[i].date == NULL)
			continue;
		nw_date_format(&d, s);
		if (strcmp(s, t[i].date) != 0)
			fail_msg("\"%s\": %s, want %s", t[i].in, s, t[i].date);
		assert_true(nw_date_valid(&d));
	}
	/* only len bytes are read */
	assert_int_equal(nw_rss_date_parse("2024-05-07garbage", 10, 2030, &d),
	    NW_RSS_DATE_OK);
}

/* --- include and exclude -------------------------------------------------- */

static size_t
titles_of(const struct got *g, char *buf, size_t sz)
{
	size_t i, o = 0;

	buf[0] = '\0';
	for (i = 0; i < g->n && o < sz; i++)
		o += (size_t)snprintf(buf + o, sz - o, "%s%c", i > 0 ? "|" : "",
		    g->r[i]->title[0]);
	return g->n;
}

static void
test_filters(void **state)
{
	static const char items[] =
	    "<item><title>A APT29 targets diplomats</title><guid>a</guid>"
	    "</item>\n"
	    "<item><title>B Webinar: tracking APT29</title><guid>b</guid>"
	    "</item>\n"
	    "<item><title>C Product launch</title><guid>c</guid></item>\n"
	    "<item><title>D apt42 phishing, lower case</title><guid>d</guid>"
	    "</item>\n"
	    "<item><title>E Quarterly notes</title><guid>e</guid>"
	    "<description>&lt;p&gt;The body mentions APT41.&lt;/p&gt;"
	    "</description></item>\n";
	static const struct {
		const char	*include;
		const char	*exclude;
		const char	*want;
	} t[] = {
		{ NULL, NULL, "A|B|C|D|E" },
		{ "apt\\d+", NULL, "A|B|D|E" },
		{ NULL, "webinar", "A|C|D|E" },
		{ "apt\\d+", "webinar|launch", "A|D|E" },
		{ "(?-i)APT\\d+", NULL, "A|B|E" },
		{ "\\bAPT41\\b", NULL, "E" },
		{ "^C ", NULL, "C" },
		{ "nothing matches this", NULL, "" },
		{ NULL, "\\w", "" },
	};
	struct nw_feed_opt opts[2];
	struct nw_feed f;
	struct nw_arena *a = nw_arena_new();
	struct nw_error err;
	char *doc, buf[64];
	size_t i;

	(void)state;
	doc = rss_doc(items);
	for (i = 0; i < NW_NELEM(t); i++) {
		struct got g = { 0 };
		size_t n = 0;

		feed_init(&f);
		if (t[i].include != NULL) {
			opts[n].key = "include";
			opts[n].value = (char *)t[i].include;
			opts[n++].line = 5;
		}
		if (t[i].exclude != NULL) {
			opts[n].key = "exclude";
			opts[n].value = (char *)t[i].exclude;
			opts[n++].line = 6;
		}
		f.opts = opts;
		f.nopts = n;
		assert_int_equal(nw_parser_rss.check(&f, NULL, NULL), 0);
		if (run_str(&f, doc, a, &g, &err) < 0)
			fail_msg("%zu: %s", i, err.msg);
		titles_of(&g, buf, sizeof(buf));
		if (strcmp(buf, t[i].want) != 0)
			fail_msg("include %s exclude %s: %s, want %s",
			    t[i].include, t[i].exclude, buf, t[i].want);
		got_free(&g);
	}
	free(doc);
	nw_arena_free(a);
}

struct errs {
	struct nw_error	 e[8];
	size_t		 n;
};

static void
errs_add(const struct nw_error *e, void *arg)
{
	struct errs *es = arg;

	if (es->n < NW_NELEM(es->e))
		es->e[es->n++] = *e;
}

static void
test_filter_errors(void **state)
{
	static const char head[] = "name = t\nkind = rss\n"
	    "url = https://e.example/feed\npublisher = p\n";
	struct nw_feed *f, ff;
	struct nw_feed_opt opt;
	struct nw_arena *a = nw_arena_new();
	struct nw_error err;
	struct got g = { 0 };
	struct errs es;
	char *text, *doc;

	(void)state;
	/* a pattern pcre2 refuses: the line and pcre2's own words */
	memset(&es, 0, sizeof(es));
	text = xasprintf("%sinclude = (unclosed\n", head);
	nw_error_clear(&err);
	f = nw_feed_parse("x.feed", text, strlen(text), errs_add, &es, &err);
	assert_null(f);
	assert_int_equal(es.n, 1);
	assert_int_equal(es.e[0].code, NW_E_CONFIG);
	assert_int_equal(es.e[0].line, 5);
	assert_string_equal(es.e[0].file, "x.feed");
	assert_non_null(strstr(es.e[0].msg, "include: bad pattern"));
	assert_non_null(strstr(es.e[0].msg, "missing closing parenthesis"));
	free(text);

	/* a pattern that matches the empty string would drop everything */
	memset(&es, 0, sizeof(es));
	text = xasprintf("%sinclude = apt\nexclude = (x)?\n", head);
	f = nw_feed_parse("x.feed", text, strlen(text), errs_add, &es, &err);
	assert_null(f);
	assert_int_equal(es.n, 1);
	assert_int_equal(es.e[0].line, 6);
	assert_non_null(strstr(es.e[0].msg, "empty string"));
	free(text);

	/* one key, one pattern: a second include is a duplicate */
	memset(&es, 0, sizeof(es));
	text = xasprintf("%sinclude = a\ninclude = b\n", head);
	f = nw_feed_parse("x.feed", text, strlen(text), errs_add, &es, &err);
	assert_null(f);
	assert_true(es.n >= 1);
	assert_int_equal(es.e[0].line, 6);
	free(text);

	/* a good definition */
	text = xasprintf("%sinclude = \\bapt\\d+\nexclude = webinar\n", head);
	f = nw_feed_parse("x.feed", text, strlen(text), NULL, NULL, &err);
	assert_non_null(f);
	assert_string_equal(nw_feed_opt(f, "include", NULL), "\\bapt\\d+");
	nw_feed_free(f);
	free(text);

	/* a bad pattern that reached the parser anyway: NW_E_CONFIG */
	feed_init(&ff);
	opt.key = "exclude";
	opt.value = "[z-a]";
	opt.line = 9;
	ff.opts = &opt;
	ff.nopts = 1;
	doc = rss_doc("<item><title>x</title></item>\n");
	assert_int_equal(run_str(&ff, doc, a, &g, &err), -1);
	assert_int_equal(err.code, NW_E_CONFIG);
	assert_int_equal(err.line, 9);
	assert_string_equal(err.file, "/defs/test-rss.feed");
	assert_int_equal(g.n, 0);
	free(doc);
	nw_arena_free(a);
}

/* --- HTML stripping ------------------------------------------------------- */

static void
test_html_stripping(void **state)
{
	static const char items[] =
	    "<item><title>Nasty</title><guid>n</guid><description><![CDATA["
	    "<!-- a comment: evil1 -->"
	    "<style>body { color: red }</style>"
	    "<script type=\"text/javascript\">evil2()</script>"
	    "<p onclick=\"evil3()\">Visible <b>one</b>.</p>"
	    "<iframe src=\"https://evil.example/\">evil4</iframe>"
	    "<noscript>evil5</noscript>"
	    "<svg><script>evil6()</script><text>evil7</text></svg>"
	    "<img src=\"x\" onerror=\"evil8()\" alt=\"evil9\">"
	    "<form><input value=\"evil10\"><button>evil11</button></form>"
	    "<p>Visible two &amp; three&hellip;</p>"
	    "]]></description></item>\n"
	    "<item><title>Entity-escaped</title><guid>e</guid><description>"
	    "&lt;script&gt;evil12()&lt;/script&gt;&lt;p&gt;Visible four."
	    "&lt;/p&gt;</description></item>\n";
	struct nw_feed f;
	struct nw_arena *a = nw_arena_new();
	struct nw_error err;
	struct got g = { 0 };
	char *doc;
	size_t i;

	(void)state;
	feed_init(&f);
	doc = rss_doc(items);
	assert_int_equal(run_str(&f, doc, a, &g, &err), 2);
	for (i = 0; i < g.n; i++) {
		assert_clean(g.r[i]);
		assert_null(strstr(g.r[i]->text, "evil"));
		assert_null(strstr(g.r[i]->text, "color"));
		assert_null(strpbrk(g.r[i]->text, "<>"));
	}
	assert_string_equal(g.r[0]->text, "Nasty. Visible one. Visible two & "
	    "three...");
	assert_string_equal(g.r[1]->text, "Entity-escaped. Visible four.");
	got_free(&g);
	free(doc);
	nw_arena_free(a);
}

/*
 * The fast path for simple item HTML and libxml2's HTML parser give the
 * same text, whichever of them takes a fragment.
 */
static void
test_html_paths(void **state)
{
	static const struct {
		const char	*html;
		const char	*want;		/* NULL: as libxml2 says */
	} t[] = {
		{ "<p>Hello <b>world</b>.</p><p>Next</p>",
		    "Hello world. Next" },
		{ "A<br>B<br/>C<br />D", "A B C D" },
		{ "<P CLASS=\"x\">Upper</P><DIV>case</DIV>", "Upper case" },
		{ "<a href=\"x?a=1&amp;b=2\" title='a > b'>link</a> after",
		    "link after" },
		{ "it&rsquo;s &ldquo;q&rdquo; &mdash; x&nbsp;y &amp;amp; "
		    "&lt;tag&gt;", NULL },
		{ "&#8217;&#x2019;&#65;&#X42;", NULL },
		{ "AT&T and a & b", NULL },
		{ "1 < 2 > 0", NULL },
		{ "&copy 2024", NULL },
		{ "&unknown; x", NULL },
		{ "a &AMP; b", NULL },
		{ "<p>&quot;&apos;</p>", NULL },
		{ "&aaaaaaaaaaaaaaaaaaaaaaaaaaaa; x", NULL },
		{ "<!-- c --><p>x</p>", "x" },
		{ "<script>evil()</script><p>x</p>", "x" },
		{ "<ul><li>one</li><li>two</li></ul><table><tr><td>a</td>"
		    "<td>b</td></tr></table>", "one two a b" },
		{ "<img src=a.png alt=\"alt text\">after", "after" },
		{ "<span>a</span><span>b</span>", "ab" },
		{ "a<p>b", "a b" },
		{ "<h2>Heading</h2>Body", "Heading Body" },
		{ "<b>a<p>b</p>c</b>", NULL },
		{ "<p>x</p", NULL },
		{ "<p title=\"<\">x</p>", NULL },
		{ "<em>a</em>&#0;b", NULL },
		{ "&#x80;x", NULL },
		{ "&#xd800;x", NULL },
		{ "&#1114112;x", NULL },
		{ "<pre>  spaced\n  text</pre>", "spaced text" },
		{ "<p>caf\xc3\xa9 &eacute;</p>", "caf\xc3\xa9 \xc3\xa9" },
		{ "<section><article>x</article></section>y", "x y" },
		{ "<font color=red>red</font>", "red" },
		{ "x<wbr>y", "xy" },
		{ "<p>a</p>\n\n<p>b</p>", "a b" },
		{ "&amp;nbsp;", "&nbsp;" },
		{ "<blockquote>q</blockquote>t", "q t" },
		{ "<p>tab\there</p>", "tab here" },
		{ "<dl><dt>t</dt><dd>d</dd></dl>", "t d" },
		{ "<sup>1</sup>st", "1st" },
		{ "<code>a<b</code>", NULL },
		{ "<p/>x", NULL },
		{ "<a href=x>unquoted</a>", "unquoted" },
		{ "<unknowntag>u</unknowntag>", NULL },
		{ "<style>p{}</style>s", "s" },
		{ "<p>a</p><?php echo 1 ?><p>b</p>", NULL },
		{ "<p onclick=\"a('>')\">q</p>", "q" },
		{ "<h1>T</h1><hr><h6>U</h6>", "T U" },
	};
	struct nw_feed f;
	struct nw_arena *a = nw_arena_new();
	struct nw_error err;
	struct nw_buf b;
	struct got fast = { 0 }, slow = { 0 };
	char *doc;
	size_t i;

	(void)state;
	feed_init(&f);
	nw_buf_init(&b, 1u << 20);
	for (i = 0; i < NW_NELEM(t); i++)
		assert_int_equal(nw_buf_addf(&b, "<item><title>%zu</title>"
		    "<guid>%zu</guid><description><![CDATA[%s]]></description>"
		    "</item>\n", i, i, t[i].html), 0);
	doc = rss_doc(b.data);
	assert_int_equal(unsetenv("NORMWATCH_RSS_HTML"), 0);
	assert_int_equal(run_str(&f, doc, a, &fast, &err),
	    (long)NW_NELEM(t));
	assert_int_equal(setenv("NORMWATCH_RSS_HTML", "libxml2", 1), 0);
	assert_int_equal(run_str(&f, doc, a, &slow, &err),
	    (long)NW_NELEM(t));
	assert_int_equal(unsetenv("NORMWATCH_RSS_HTML"), 0);
	for (i = 0; i < NW_NELEM(t); i++) {
		const char *body = fast.r[i]->text + strcspn(fast.r[i]->text,
		    " ") + 1;

		if (strcmp(fast.r[i]->text, slow.r[i]->text) != 0)
			fail_msg("\"%s\": fast \"%s\", libxml2 \"%s\"",
			    t[i].html, fast.r[i]->text, slow.r[i]->text);
		if (t[i].want != NULL && strcmp(body, t[i].want) != 0)
			fail_msg("\"%s\": \"%s\", want \"%s\"", t[i].html, body,
			    t[i].want);
	}
	got_free(&fast);
	got_free(&slow);
	free(doc);
	nw_buf_free(&b);
	nw_arena_free(a);
}

/* The samples and golden files give the same reports on both paths. */
static void
test_golden_libxml2(void **state)
{
	assert_int_equal(setenv("NORMWATCH_RSS_HTML", "libxml2", 1), 0);
	test_sample_rss_vendor(state);
	test_sample_atom_agency(state);
	test_golden(state);
	assert_int_equal(unsetenv("NORMWATCH_RSS_HTML"), 0);
}

/* --- caps ----------------------------------------------------------------- */

static void
test_cap_entries(void **state)
{
	struct nw_feed f;
	struct nw_arena *a = nw_arena_new();
	struct nw_error err;
	struct got g = { 0 };
	char *doc;

	(void)state;
	doc = rss_doc("<item><title>1</title></item>\n"
	    "<item><title>2</title></item>\n"
	    "<item><title>3</title></item>\n"
	    "<item><title>4</title></item>\n"
	    "<item><title>5</title></item>\n");
	feed_init(&f);
	f.limits.max_entries = 5;
	assert_int_equal(run_str(&f, doc, a, &g, &err), 5);
	got_free(&g);
	f.limits.max_entries = 3;
	assert_int_equal(run_str(&f, doc, a, &g, &err), -1);
	assert_int_equal(err.code, NW_E_LIMIT);
	assert_int_equal(err.line, 8);		/* the fourth item */
	assert_non_null(strstr(err.msg, "more than 3 items"));
	assert_string_equal(err.feed, "test-rss");
	assert_string_equal(err.file, DOC_NAME);
	assert_true(g.n <= 3);
	got_free(&g);
	free(doc);
	nw_arena_free(a);
}

static void
test_cap_entry_len(void **state)
{
	struct nw_feed f;
	struct nw_arena *a = nw_arena_new();
	struct nw_error err;
	struct got g = { 0 };
	struct nw_buf b;
	char *doc, *full;
	size_t i, bad, n;

	(void)state;
	/* words of two-byte characters: a cut must fall between them */
	nw_buf_init(&b, 1u << 20);
	assert_int_equal(nw_buf_adds(&b, "<item><title>Long</title><guid>l"
	    "</guid><description>"), 0);
	for (i = 0; i < 200; i++)
		assert_int_equal(nw_buf_adds(&b, "\xc3\xa9t\xc3\xa9 "), 0);
	assert_int_equal(nw_buf_adds(&b, "</description></item>\n"), 0);
	doc = rss_doc(b.data);
	feed_init(&f);
	assert_int_equal(run_str(&f, doc, a, &g, &err), 1);
	full = xstrdup(g.r[0]->text);
	got_free(&g);
	for (n = 64; n < 80; n++) {
		f.limits.max_entry_len = n;
		assert_int_equal(run_str(&f, doc, a, &g, &err), 1);
		assert_true(g.r[0]->textlen <= n);
		assert_true(g.r[0]->textlen >= n / 2);
		assert_int_equal(nw_utf8_check(g.r[0]->text, g.r[0]->textlen,
		    &bad), 0);
		/* a prefix of the whole, cut between words */
		assert_int_equal(memcmp(full, g.r[0]->text, g.r[0]->textlen),
		    0);
		assert_int_equal(full[g.r[0]->textlen], ' ');
		got_free(&g);
	}
	free(full);
	free(doc);
	nw_buf_free(&b);
	nw_arena_free(a);
}

static void
test_cap_title(void **state)
{
	struct nw_feed f;
	struct nw_arena *a = nw_arena_new();
	struct nw_error err;
	struct got g = { 0 };
	struct nw_buf b;
	char *doc;
	size_t i, bad;

	(void)state;
	nw_buf_init(&b, 1u << 20);
	assert_int_equal(nw_buf_adds(&b, "<item><guid>t</guid><title>"), 0);
	for (i = 0; i < 1500; i++)
		assert_int_equal(nw_buf_adds(&b, "\xe2\x82\xac"), 0);
	assert_int_equal(nw_buf_adds(&b, "</title><description>body"
	    "</description></item>\n"), 0);
	doc = rss_doc(b.data);
	feed_init(&f);
	assert_int_equal(run_str(&f, doc, a, &g, &err), 1);
	assert_non_null(g.r[0]->title);
	assert_true(strlen(g.r[0]->title) <= NW_MAX_TITLE_LEN);
	assert_true(strlen(g.r[0]->title) > NW_MAX_TITLE_LEN - 3);
	assert_int_equal(nw_utf8_check(g.r[0]->title, strlen(g.r[0]->title),
	    &bad), 0);
	assert_non_null(strstr(g.r[0]->text, ". body"));
	got_free(&g);
	free(doc);
	nw_buf_free(&b);
	nw_arena_free(a);
}

/* A document whose deepest element is at depth d. */
static char *
deep_doc(int d)
{
	struct nw_buf b;
	int i;

	nw_buf_init(&b, 1u << 20);
	/* rss, channel, item, description: 4 levels */
	if (nw_buf_adds(&b, "<rss version=\"2.0\"><channel><item><title>deep"
	    "</title><description>") == -1)
		fail();
	for (i = 4; i < d; i++)
		if (nw_buf_adds(&b, "<div>") == -1)
			fail();
	if (nw_buf_adds(&b, "x") == -1)
		fail();
	for (i = 4; i < d; i++)
		if (nw_buf_adds(&b, "</div>") == -1)
			fail();
	if (nw_buf_adds(&b, "</description></item></channel></rss>\n") == -1)
		fail();
	return nw_buf_detach(&b, NULL);
}

static void
test_cap_depth(void **state)
{
	struct nw_feed f;
	struct nw_arena *a = nw_arena_new();
	struct nw_error err;
	struct got g = { 0 };
	char *doc, *data;
	size_t len;

	(void)state;
	feed_init(&f);
	doc = deep_doc(NW_RSS_MAX_DEPTH);
	assert_int_equal(run_str(&f, doc, a, &g, &err), 1);
	assert_string_equal(g.r[0]->text, "deep. x");
	got_free(&g);
	free(doc);
	doc = deep_doc(NW_RSS_MAX_DEPTH + 1);
	assert_int_equal(run_str(&f, doc, a, &g, &err), -1);
	assert_int_equal(err.code, NW_E_LIMIT);
	assert_non_null(strstr(err.msg, "nested deeper"));
	assert_int_equal(g.n, 0);
	free(doc);
	data = source_file("tests/data/rss/hostile/deep.xml", &len);
	assert_int_equal(run(&f, data, len, a, &g, &err), -1);
	assert_int_equal(err.code, NW_E_LIMIT);
	assert_int_equal(err.line, 2);
	free(data);
	nw_arena_free(a);
}

/*
 * An "endless" feed: a stream that opens a channel and never closes it.
 * 100 MB of it is refused by the size cap before libxml2 reads a byte.
 */
static void
test_cap_size(void **state)
{
	static const char head[] = "<?xml version=\"1.0\"?>\n<rss version="
	    "\"2.0\"><channel><title>endless</title>\n";
	static const char item[] = "<item><title>again</title><description>"
	    "and again</description></item>\n";
	const size_t total = 100u * 1000 * 1000;
	struct nw_feed f;
	struct nw_arena *a = nw_arena_new();
	struct nw_error err;
	struct got g = { 0 };
	char *big;
	size_t off, n;
	double t0;

	(void)state;
	big = xmalloc(total + 1);
	memcpy(big, head, sizeof(head) - 1);
	for (off = sizeof(head) - 1; off + sizeof(item) - 1 <= total;
	    off += sizeof(item) - 1)
		memcpy(big + off, item, sizeof(item) - 1);
	memset(big + off, ' ', total - off);
	big[total] = '\0';

	feed_init(&f);
	t0 = now_s();
	assert_int_equal(run(&f, big, total, a, &g, &err), -1);
	assert_true(now_s() - t0 < 1.0);
	assert_int_equal(err.code, NW_E_LIMIT);
	assert_non_null(strstr(err.msg, "max-size"));
	assert_int_equal(g.n, 0);

	/* a feed may lower the cap ... */
	f.limits.max_body = 1u << 20;
	n = (2u << 20) - 64;
	assert_int_equal(run(&f, big, n, a, &g, &err), -1);
	assert_int_equal(err.code, NW_E_LIMIT);
	assert_int_equal(g.n, 0);
	/* ... but not raise it past NW_RSS_MAX_DOC */
	f.limits.max_body = NW_MAX_MAX_BODY;
	t0 = now_s();
	assert_int_equal(run(&f, big, total, a, &g, &err), -1);
	assert_true(now_s() - t0 < 1.0);
	assert_int_equal(err.code, NW_E_LIMIT);
	assert_int_equal(g.n, 0);

	/* under the cap the stream is read to its end, which is bad XML */
	f.limits.max_body = 1u << 20;
	n = (1u << 20) - 64;
	assert_int_equal(run(&f, big, n, a, &g, &err), -1);
	assert_int_equal(err.code, NW_E_PARSE);
	assert_true(err.line > 1000);
	got_free(&g);
	free(big);
	nw_arena_free(a);
}

/* A description past NW_RSS_MAX_FIELD is cut, not refused. */
static void
test_cap_field(void **state)
{
	struct nw_feed f;
	struct nw_arena *a = nw_arena_new();
	struct nw_error err;
	struct got g = { 0 };
	struct nw_buf b;
	char *doc;
	size_t i;

	(void)state;
	nw_buf_init(&b, 16u << 20);
	assert_int_equal(nw_buf_adds(&b, "<item><title>Huge</title><guid>h"
	    "</guid><description>"), 0);
	/* 5 bytes a time once decoded: past the field cap */
	for (i = 0; i < NW_RSS_MAX_FIELD / 4; i++)
		assert_int_equal(nw_buf_adds(&b, "&lt;p&gt;x "), 0);
	assert_int_equal(nw_buf_adds(&b, "</description></item>\n"), 0);
	doc = rss_doc(b.data);
	feed_init(&f);
	f.limits.max_entry_len = 1000;
	assert_int_equal(run_str(&f, doc, a, &g, &err), 1);
	assert_true(g.r[0]->textlen <= 1000);
	assert_int_equal(strncmp(g.r[0]->text, "Huge. x x x", 11), 0);
	got_free(&g);
	free(doc);
	nw_buf_free(&b);
	nw_arena_free(a);
}

/* --- hostile documents ---------------------------------------------------- */

static long
run_fixture(const struct nw_feed *f, const char *name, struct nw_arena *a,
    struct got *g, struct nw_error *err)
{
	char *rel, *data;
	size_t len;
	long n;

	rel = xasprintf("tests/data/rss/hostile/%s", name);
	data = source_file(rel, &len);
	n = run_named(f, name, data, len, a, g, err);
	free(data);
	free(rel);
	return n;
}

/* No report of g holds needle. */
static void
assert_absent(const struct got *g, const char *needle)
{
	size_t i;

	for (i = 0; i < g->n; i++) {
		assert_null(strstr(g->r[i]->text, needle));
		if (g->r[i]->title != NULL)
			assert_null(strstr(g->r[i]->title, needle));
		assert_null(strstr(g->r[i]->native_id, needle));
		assert_null(strstr(g->r[i]->url, needle));
	}
}

static void
test_hostile_entities(void **state)
{
	static const char *const names[] = { "billion-laughs.xml",
	    "quadratic-blowup.xml" };
	struct nw_feed f;
	struct nw_arena *a = nw_arena_new();
	struct nw_error err;
	struct got g = { 0 };
	xmlDocPtr xd;
	char *data;
	size_t i, len;
	double t0;

	(void)state;
	feed_init(&f);
	for (i = 0; i < NW_NELEM(names); i++) {
		t0 = now_s();
		assert_int_equal(run_fixture(&f, names[i], a, &g, &err), -1);
		assert_true(now_s() - t0 < 1.0);
		assert_int_equal(err.code, NW_E_PARSE);
		assert_non_null(strstr(err.msg, "DOCTYPE refused"));
		assert_true(err.line > 0);
		assert_int_equal(g.n, 0);
	}
	/*
	 * Behind our refusal, libxml2's own guard: with the same options
	 * (no NOENT, no HUGE) it gives up on the billion laughs at once.
	 */
	data = source_file("tests/data/rss/hostile/billion-laughs.xml", &len);
	t0 = now_s();
	xd = xmlReadMemory(data, (int)len, "billion-laughs.xml", NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	assert_true(now_s() - t0 < 2.0);
	assert_null(xd);
	xmlFreeDoc(xd);
	free(data);
	nw_arena_free(a);
}

/* tmpl with every "@@" replaced by val (no format strings built at run time) */
static char *
subst(const char *tmpl, const char *val)
{
	struct nw_buf b;
	const char *p, *q;

	nw_buf_init(&b, 1u << 20);
	for (p = tmpl;; p = q + 2) {
		q = strstr(p, "@@");
		if (q == NULL)
			break;
		if (nw_buf_add(&b, p, (size_t)(q - p)) == -1 ||
		    nw_buf_adds(&b, val) == -1)
			fail();
	}
	if (nw_buf_adds(&b, p) == -1)
		fail();
	return nw_buf_detach(&b, NULL);
}

/* A private file whose contents must never reach a report. */
static char *
secret_file(char *marker, size_t sz)
{
	const char *tmp = getenv("TMPDIR");
	char *path;
	int fd;

	path = xasprintf("%s/nw-rss-secret.XXXXXX", tmp != NULL ? tmp :
	    "/tmp");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	snprintf(marker, sz, "NWSECRET%ld%ld", (long)getpid(),
	    (long)time(NULL));
	assert_int_equal(write(fd, marker, strlen(marker)),
	    (ssize_t)strlen(marker));
	close(fd);
	return path;
}

static void
test_hostile_xxe_file(void **state)
{
	struct nw_feed f;
	struct nw_arena *a = nw_arena_new();
	struct nw_error err;
	struct got g = { 0 };
	char marker[64], *path, *doc;
	size_t i;
	const char *docs[4];

	(void)state;
	feed_init(&f);
	/* the fixtures kept forever */
	assert_int_equal(run_fixture(&f, "xxe-file.xml", a, &g, &err), -1);
	assert_non_null(strstr(err.msg, "DOCTYPE refused"));
	assert_int_equal(g.n, 0);
	assert_int_equal(run_fixture(&f, "xxe-dtd.xml", a, &g, &err), -1);
	assert_non_null(strstr(err.msg, "DOCTYPE refused"));
	assert_int_equal(g.n, 0);
	assert_int_equal(run_fixture(&f, "xinclude.xml", a, &g, &err), 1);
	assert_string_equal(g.r[0]->text, "XInclude. Before after.");
	assert_absent(&g, "root:");
	got_free(&g);

	/* the same with a file of our own, whose contents we know */
	path = secret_file(marker, sizeof(marker));
	docs[0] = "<!DOCTYPE rss [<!ENTITY x SYSTEM \"file://@@\">]>\n"
	    "<rss version=\"2.0\"><channel><item><title>&x;</title>"
	    "<description>&x;</description></item></channel></rss>\n";
	docs[1] = "<!DOCTYPE rss SYSTEM \"file://@@\">\n"
	    "<rss version=\"2.0\"><channel><item><title>t</title>"
	    "</item></channel></rss>\n";
	docs[2] = "<!DOCTYPE rss [<!ENTITY % p SYSTEM \"file://@@\"> %p;]>\n"
	    "<rss version=\"2.0\"><channel><item><title>t</title>"
	    "</item></channel></rss>\n";
	docs[3] = "<rss version=\"2.0\" xmlns:xi=\"http://www.w3.org/2001/"
	    "XInclude\"><channel><item><title>t</title><description>"
	    "<xi:include href=\"file://@@\" parse=\"text\"/></description>"
	    "</item></channel></rss>\n";
	for (i = 0; i < NW_NELEM(docs); i++) {
		doc = subst(docs[i], path);
		(void)run_str(&f, doc, a, &g, &err);
		if (i < 3) {
			assert_int_equal(err.code, NW_E_PARSE);
			assert_int_equal(g.n, 0);
		}
		assert_absent(&g, marker);
		assert_null(strstr(err.msg, marker));
		got_free(&g);
		free(doc);
	}
	unlink(path);
	free(path);
	nw_arena_free(a);
}

static void
test_hostile_xxe_http(void **state)
{
	struct sockaddr_in sin;
	socklen_t slen = sizeof(sin);
	struct pollfd pfd;
	struct nw_feed f;
	struct nw_arena *a = nw_arena_new();
	struct nw_error err;
	struct got g = { 0 };
	char *doc;
	const char *docs[5];
	char portstr[16];
	size_t i;
	int s;

	(void)state;
	feed_init(&f);
	assert_int_equal(run_fixture(&f, "xxe-http.xml", a, &g, &err), -1);
	assert_non_null(strstr(err.msg, "DOCTYPE refused"));
	assert_int_equal(run_fixture(&f, "xxe-parameter.xml", a, &g, &err),
	    -1);
	assert_non_null(strstr(err.msg, "DOCTYPE refused"));
	assert_int_equal(g.n, 0);

	/* a listener on the loopback that must never see a connection */
	s = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(s >= 0);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin.sin_port = 0;
	assert_int_equal(bind(s, (struct sockaddr *)&sin, sizeof(sin)), 0);
	assert_int_equal(listen(s, 8), 0);
	assert_int_equal(getsockname(s, (struct sockaddr *)&sin, &slen), 0);
	snprintf(portstr, sizeof(portstr), "%d", (int)ntohs(sin.sin_port));

	docs[0] = "<!DOCTYPE rss [<!ENTITY x SYSTEM \"http://127.0.0.1:@@/"
	    "x\">]>\n<rss version=\"2.0\"><channel><item><title>&x;</title>"
	    "</item></channel></rss>\n";
	docs[1] = "<!DOCTYPE rss SYSTEM \"http://127.0.0.1:@@/rss.dtd\">\n"
	    "<rss version=\"2.0\"><channel><item><title>t</title></item>"
	    "</channel></rss>\n";
	docs[2] = "<!DOCTYPE rss [<!ENTITY % p SYSTEM \"http://127.0.0.1:@@/"
	    "p.dtd\"> %p;]>\n<rss version=\"2.0\"><channel><item><title>t"
	    "</title></item></channel></rss>\n";
	docs[3] = "<rss version=\"2.0\" xmlns:xi=\"http://www.w3.org/2001/"
	    "XInclude\"><channel><item><title>t</title><description>"
	    "<xi:include href=\"http://127.0.0.1:@@/xi\" parse=\"text\"/>"
	    "</description></item></channel></rss>\n";
	docs[4] = "<?xml-stylesheet href=\"http://127.0.0.1:@@/s.xsl\"?>\n"
	    "<rss version=\"2.0\" xmlns:x=\"http://127.0.0.1/ns\"><channel>"
	    "<item><title>t</title></item></channel></rss>\n";
	for (i = 0; i < NW_NELEM(docs); i++) {
		doc = subst(docs[i], portstr);
		(void)run_str(&f, doc, a, &g, &err);
		if (i < 3)
			assert_int_equal(err.code, NW_E_PARSE);
		else
			assert_int_equal(err.code, NW_E_OK);
		got_free(&g);
		free(doc);
	}
	pfd.fd = s;
	pfd.events = POLLIN;
	pfd.revents = 0;
	assert_int_equal(poll(&pfd, 1, 200), 0);	/* nobody called */
	close(s);
	nw_arena_free(a);
}

static void
test_hostile_malformed(void **state)
{
	static const struct {
		const char	*name;
		enum nw_errcode	 code;
		const char	*msg;
		long		 line;		/* 0: any */
	} t[] = {
		{ "truncated.xml", NW_E_PARSE, "malformed XML", 4 },
		{ "mismatched.xml", NW_E_PARSE, "tag mismatch", 4 },
		{ "undefined-entity.xml", NW_E_PARSE, "'nbsp' not defined", 3 },
		{ "bad-utf8.xml", NW_E_DATA, "not proper UTF-8", 3 },
		{ "wrong-encoding.xml", NW_E_DATA, "UTF-16", 1 },
		{ "unknown-encoding.xml", NW_E_DATA, "x-no-such-charset", 1 },
		{ "nul.xml", NW_E_DATA, "0x0", 3 },
		{ "not-a-feed.html", NW_E_PARSE, "the document is HTML", 1 },
		{ "html-root.xml", NW_E_PARSE, "root element is <html>", 2 },
		{ "atom-no-namespace.xml", NW_E_PARSE, "without the Atom "
		    "namespace", 2 },
	};
	struct nw_feed f;
	struct nw_arena *a = nw_arena_new();
	struct nw_error err;
	struct got g = { 0 };
	char buf[2048], *want;
	size_t i;

	(void)state;
	feed_init(&f);
	for (i = 0; i < NW_NELEM(t); i++) {
		if (run_fixture(&f, t[i].name, a, &g, &err) != -1)
			fail_msg("%s was accepted", t[i].name);
		if (err.code != t[i].code || strstr(err.msg, t[i].msg) == NULL)
			fail_msg("%s: code %d \"%s\"", t[i].name, err.code,
			    err.msg);
		if (t[i].line > 0 && err.line != t[i].line)
			fail_msg("%s: line %ld, want %ld", t[i].name, err.line,
			    t[i].line);
		/* one line naming feed, file and place */
		nw_error_str(&err, buf, sizeof(buf));
		want = xasprintf("test-rss: %s:%ld:", t[i].name, err.line);
		if (strncmp(buf, want, strlen(want)) != 0)
			fail_msg("%s: \"%s\"", t[i].name, buf);
		assert_null(strchr(buf, '\n'));
		free(want);
		got_free(&g);
	}
	/* libxml2's column is passed on */
	assert_int_equal(run_fixture(&f, "mismatched.xml", a, &g, &err), -1);
	assert_true(err.col > 1);
	got_free(&g);
	/* empty and blank documents */
	assert_int_equal(run_str(&f, "", a, &g, &err), -1);
	assert_int_equal(err.code, NW_E_PARSE);
	assert_non_null(strstr(err.msg, "empty document"));
	assert_int_equal(run_str(&f, " \n\t\n", a, &g, &err), -1);
	assert_non_null(strstr(err.msg, "empty document"));
	/* an empty feed is fine: no reports */
	assert_int_equal(run_str(&f, "<rss version=\"2.0\"><channel><title>"
	    "quiet</title></channel></rss>", a, &g, &err), 0);
	assert_int_equal(run_str(&f, "<feed xmlns=\"http://www.w3.org/2005/"
	    "Atom\"/>", a, &g, &err), 0);
	nw_arena_free(a);
}

/* --- the callback, and warnings ------------------------------------------- */

static void
test_callback_stop(void **state)
{
	struct nw_feed f;
	struct nw_arena *a = nw_arena_new();
	struct nw_error err;
	struct got g = { 0 };
	char *doc;

	(void)state;
	feed_init(&f);
	doc = rss_doc("<item><title>1</title></item>\n"
	    "<item><title>2</title></item>\n<item><title>3</title></item>\n");
	g.stop_at = 2;
	assert_int_equal(run_str(&f, doc, a, &g, &err), -1);
	assert_int_equal(err.code, NW_E_OK);	/* the callee's to fill */
	assert_int_equal(g.n, 1);
	got_free(&g);
	free(doc);
	nw_arena_free(a);
}

/* Lines a function writes to stderr. */
static size_t
stderr_lines(void (*fn)(void *), void *arg, char **text)
{
	FILE *tmp = tmpfile();
	char buf[4096];
	size_t n = 0, len = 0;
	int saved;

	assert_non_null(tmp);
	fflush(stderr);
	saved = dup(2);
	assert_true(saved >= 0);
	assert_true(dup2(fileno(tmp), 2) >= 0);
	fn(arg);
	fflush(stderr);
	assert_true(dup2(saved, 2) >= 0);
	close(saved);
	rewind(tmp);
	*text = xstrdup("");
	while (fgets(buf, sizeof(buf), tmp) != NULL) {
		char *t = xasprintf("%s%s", *text, buf);

		free(*text);
		*text = t;
		len += strlen(buf);
		n++;
	}
	fclose(tmp);
	return n;
}

struct warn_run {
	const char	*doc;
	long		 n;
};

static void
warn_run_fn(void *arg)
{
	struct warn_run *w = arg;
	struct nw_feed f;
	struct nw_arena *a = nw_arena_new();
	struct nw_error err;
	struct got g = { 0 };

	feed_init(&f);
	w->n = run_str(&f, w->doc, a, &g, &err);
	got_free(&g);
	nw_arena_free(a);
}

static void
test_warnings(void **state)
{
	struct nw_buf b;
	struct warn_run w;
	char *doc, *text;
	size_t i, lines;

	(void)state;
	nw_log_set_level(NW_LOG_WARN);
	nw_buf_init(&b, 1u << 20);
	for (i = 0; i < 30; i++)
		assert_int_equal(nw_buf_addf(&b, "<item><title>Bad %zu</title>"
		    "<pubDate>Mon, 31 Jun 2024 10:00:00 GMT</pubDate></item>\n",
		    i), 0);
	assert_int_equal(nw_buf_adds(&b, "<item><title>Good</title><pubDate>"
	    "Mon, 03 Jun 2024 10:00:00 GMT</pubDate></item>\n"), 0);
	doc = rss_doc(b.data);
	w.doc = doc;
	lines = stderr_lines(warn_run_fn, &w, &text);
	assert_int_equal(w.n, 1);		/* the feed still lands */
	assert_int_equal(lines, NW_RSS_MAX_WARNINGS + 1);
	assert_non_null(strstr(text, "test-rss: feed.xml:5: item \"Bad 0\": "
	    "skipped: impossible date \"Mon, 31 Jun 2024 10:00:00 GMT\""));
	assert_non_null(strstr(text, "20 more warnings"));
	free(text);
	free(doc);

	/* cutting a long text is normal: no warning under cron */
	nw_buf_reset(&b);
	assert_int_equal(nw_buf_adds(&b, "<item><title>Long</title>"
	    "<description>"), 0);
	for (i = 0; i < 10000; i++)
		assert_int_equal(nw_buf_adds(&b, "word "), 0);
	assert_int_equal(nw_buf_adds(&b, "</description></item>\n"), 0);
	doc = rss_doc(b.data);
	w.doc = doc;
	lines = stderr_lines(warn_run_fn, &w, &text);
	assert_int_equal(w.n, 1);
	assert_int_equal(lines, 0);
	free(text);
	free(doc);
	nw_buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registry),
		cmocka_unit_test(test_sample_rss_vendor),
		cmocka_unit_test(test_sample_atom_agency),
		cmocka_unit_test(test_sample_details),
		cmocka_unit_test(test_golden),
		cmocka_unit_test(test_item_rules),
		cmocka_unit_test(test_ids_stable),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_filters),
		cmocka_unit_test(test_filter_errors),
		cmocka_unit_test(test_html_stripping),
		cmocka_unit_test(test_html_paths),
		cmocka_unit_test(test_golden_libxml2),
		cmocka_unit_test(test_cap_entries),
		cmocka_unit_test(test_cap_entry_len),
		cmocka_unit_test(test_cap_title),
		cmocka_unit_test(test_cap_depth),
		cmocka_unit_test(test_cap_size),
		cmocka_unit_test(test_cap_field),
		cmocka_unit_test(test_hostile_entities),
		cmocka_unit_test(test_hostile_xxe_file),
		cmocka_unit_test(test_hostile_xxe_http),
		cmocka_unit_test(test_hostile_malformed),
		cmocka_unit_test(test_callback_stop),
		cmocka_unit_test(test_warnings),
	};

	nw_log_set_level(NW_LOG_ERROR);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
