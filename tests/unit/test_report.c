/*
 * test_report.c - the HTML writer (htmlw.h) and the quarterly report
 * (reportout.h) on a small store written through the store API: hostile
 * strings come out as text, links are http(s) only, the page, the CSV and
 * the JSON give the same numbers, the output is deterministic, and the
 * store's content hash follows its content only.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "normwatch/htmlw.h"
#include "normwatch/reportout.h"
#include "normwatch/store.h"
#include "normwatch/util.h"

/* --- the writer --------------------------------------------------------------- */

static char *
text_of(const char *s, size_t len)
{
	struct nw_buf b;
	struct nw_htmlw w;

	nw_buf_init(&b, 1 << 20);
	nw_htmlw_init(&w, &b);
	nw_htmlw_textn(&w, s, len);
	assert_int_equal(nw_htmlw_done(&w), 0);
	return nw_buf_detach(&b, NULL);
}

static void
test_escape(void **state)
{
	static const char in[] = "<script>a&b \"q\" 'x'</script>\x01\x7f"
	    "\xff\xc3\xa9\xed\xa0\x80";
	char *s;

	(void)state;
	s = text_of(in, sizeof(in) - 1);
	assert_string_equal(s, "&lt;script&gt;a&amp;b &quot;q&quot; &#39;x"
	    "&#39;&lt;/script&gt;\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xc3\xa9"
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	free(s);
	/* a NUL inside the text is replaced, not an end */
	s = text_of("a\0b", 3);
	assert_string_equal(s, "a\xef\xbf\xbd" "b");
	free(s);
}

static void
test_url_ok(void **state)
{
	static const char *const good[] = { "https://example.org/",
	    "http://example.org", "HTTPS://EXAMPLE.ORG/a?b=c&d=e#f" };
	static const char *const bad[] = { "javascript:alert(1)",
	    "JavaScript:alert(1)", " javascript:alert(1)",
	    "data:text/html,<script>", "file:///etc/passwd", "//evil.example/",
	    "/relative", "https://", "https:///path", "http://a b",
	    "https://example.org/\"onmouseover=\"x", "https://a/<x>",
	    "https://a/\\", "vbscript:x", "http://a/\n", "", NULL };
	char *longurl;
	size_t i;

	(void)state;
	for (i = 0; i < NW_NELEM(good); i++)
		assert_true(nw_html_url_ok(good[i]));
	for (i = 0; i < NW_NELEM(bad); i++)
		assert_false(nw_html_url_ok(bad[i]));
	longurl = xmalloc(NW_MAX_URL_LEN + 16);
	memcpy(longurl, "https://a/", 10);
	memset(longurl + 10, 'x', NW_MAX_URL_LEN);
	longurl[NW_MAX_URL_LEN + 10] = '\0';
	assert_false(nw_html_url_ok(longurl));
	free(longurl);
}

static void
test_link(void **state)
{
	struct nw_buf b;
	struct nw_htmlw w;

	(void)state;
	nw_buf_init(&b, 1 << 20);
	nw_htmlw_init(&w, &b);
	assert_int_equal(nw_htmlw_link(&w, "javascript:alert(1)", "<x>"), 0);
	assert_string_equal(b.data, "&lt;x&gt; (javascript:alert(1))");
	nw_buf_reset(&b);
	assert_int_equal(nw_htmlw_link(&w, "https://e.org/?a=1&b=2", "t"), 1);
	assert_string_equal(b.data, "<a href=\"https://e.org/?a=1&amp;b=2\">t"
	    "</a>");
	nw_buf_reset(&b);
	nw_htmlw_open(&w, "p", "class", "a\"b", "title", NULL, NULL);
	assert_string_equal(b.data, "<p class=\"a&quot;b\">");
	assert_int_equal(nw_htmlw_done(&w), 0);
	/* attributes that run script, style or load a URL are refused */
	nw_htmlw_open(&w, "img", "onerror", "x", NULL);
	assert_int_equal(nw_htmlw_done(&w), -1);
	nw_htmlw_init(&w, &b);
	nw_htmlw_open(&w, "a", "href", "https://e.org/", NULL);
	assert_int_equal(nw_htmlw_done(&w), -1);
	nw_htmlw_init(&w, &b);
	nw_htmlw_open(&w, "p", "style", "x", NULL);
	assert_int_equal(nw_htmlw_done(&w), -1);
	nw_htmlw_init(&w, &b);
	nw_htmlw_link_local(&w, "javascript:x", "t");
	assert_int_equal(nw_htmlw_done(&w), -1);
	nw_buf_free(&b);
}

static void
test_cap(void **state)
{
	struct nw_buf b;
	struct nw_htmlw w;

	(void)state;
	nw_buf_init(&b, 16);
	nw_htmlw_init(&w, &b);
	nw_htmlw_text(&w, "0123456789");
	assert_int_equal(nw_htmlw_done(&w), 0);
	nw_htmlw_text(&w, "<<<<");	/* 16 bytes escaped: over */
	assert_int_equal(nw_htmlw_done(&w), -1);
	nw_htmlw_raw(&w, "x");		/* sticky */
	assert_int_equal(nw_htmlw_done(&w), -1);
	assert_true(b.len <= 16);	/* the page is thrown away */
	nw_buf_free(&b);
}

/* --- a small store ------------------------------------------------------------ */

struct fixture {
	char	 dir[64];
	char	 db[96];
	char	 out[96];
};

static const char *const hostile_text = "<script>window.__pwned=1</script> "
    "Hackers linked to Russia disrupted \"the\" grid <img src=x "
    "onerror=alert(1)>; officials said.";

static void
add_incident(struct nw_store *s, int64_t src, int n, int y, int m,
    const char *url, const char *text, const char *state_, int hedge,
    const char *victim, const char *principle)
{
	struct nw_report r;
	struct nw_error err;
	struct nw_finding_rec fr;
	struct nw_evidence_rec ev;
	struct nw_observance_rec ob;
	char nid[32], key[64];
	int64_t rep, inc;

	nw_error_clear(&err);
	memset(&r, 0, sizeof(r));
	snprintf(nid, sizeof(nid), "n%d", n);
	r.native_id = nid;
	r.url = url;
	r.title = n == 2 ? "<b onmouseover=\"alert(1)\">title</b>" : NULL;
	r.text = text;
	r.textlen = strlen(text);
	r.date.y = y;
	r.date.m = m;
	r.date.d = 10;
	r.date.prec = NW_PREC_DAY;
	r.offset = -1;
	memcpy(r.ex.attr[0].state, state_, 3);
	r.ex.attr[0].hedge = (enum nw_hedge)hedge;
	r.ex.attr[0].by = NW_PARTY_GOVERNMENT;
	r.ex.nattr = 1;
	memcpy(r.ex.victims[0], victim, 3);
	r.ex.nvictims = 1;
	r.ex.sectors = 1u << NW_SECTOR_ENERGY;
	assert_int_equal(nw_store_put_report(s, src, 0, NULL, &r, NULL, &err),
	    0);
	rep = nw_store_report_id(s);
	snprintf(key, sizeof(key), "t/%s", nid);
	assert_int_equal(nw_store_incident_new(s, key, rep, &inc, &err), 0);
	memset(&fr, 0, sizeof(fr));
	memset(&ev, 0, sizeof(ev));
	ev.report_id = rep;
	ev.kind = "match";
	ev.source = "<script>";
	ev.len = 8;
	ev.text = "<script>";
	fr.framework = "paris-call";
	fr.principle = principle;
	fr.rule = "r<1>";
	fr.confidence = 70;
	fr.ev = &ev;
	fr.nev = 1;
	ob.role = "attributed";
	memcpy(ob.state, state_, 3);
	ob.supporter = "no";
	assert_int_equal(nw_store_put_findings(s, inc, 1, "v1", &fr, 1, &ob,
	    1, &err), 0);
}

static struct nw_store *
make_store(const char *path, int extra)
{
	struct nw_store *s;
	struct nw_feed f;
	struct nw_error err;
	int64_t src;

	nw_error_clear(&err);
	s = nw_store_open(path, NW_STORE_RW, &err);
	assert_non_null(s);
	memset(&f, 0, sizeof(f));
	f.name = "t";
	f.kind = "csis";
	f.url = "https://example.org/list";
	f.publisher = "Pub \"<i>\" & Co";
	nw_limits_default(&f.limits);
	assert_int_equal(nw_store_feed_begin(s, &f, &src, &err), 0);
	add_incident(s, src, 1, 2024, 4, "javascript:alert(1)", hostile_text,
	    "RU", NW_HEDGE_ASSERTED, "UA", "1");
	add_incident(s, src, 2, 2024, 5, "https://example.org/a?b=1&c=2",
	    "A quiet espionage campaign against ministries.", "CN",
	    NW_HEDGE_SUSPECTED, "DE", "1");
	add_incident(s, src, 3, 2024, 6, "https://example.org/b",
	    "Another disruption of a water utility.", "RU",
	    NW_HEDGE_SUSPECTED, "UA", "6");
	add_incident(s, src, 4, 2024, 2, "https://example.org/c",
	    "The previous quarter's one incident.", "IR", NW_HEDGE_ASSERTED,
	    "IL", "1");
	if (extra)
		add_incident(s, src, 5, 2024, 6, "https://example.org/d",
		    "One more incident.", "KP", NW_HEDGE_ASSERTED, "KR", "9");
	assert_int_equal(nw_store_feed_commit(s, &err), 0);
	return s;
}

static int
setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	char tmpl[] = "/tmp/nwreport.XXXXXX";

	if (fx == NULL || mkdtemp(tmpl) == NULL)
		return -1;
	nw_strlcpy(fx->dir, tmpl, sizeof(fx->dir));
	snprintf(fx->db, sizeof(fx->db), "%s/s.db", fx->dir);
	snprintf(fx->out, sizeof(fx->out), "%s/out", fx->dir);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;
	char *cmd = xasprintf("rm -rf '%s'", fx->dir);
	int r = system(cmd);

	free(cmd);
	free(fx);
	return r == 0 ? 0 : -1;
}

static char *
slurp(const char *dir, const char *name, size_t *len)
{
	struct nw_error err;
	char *p = xasprintf("%s/%s", dir, name), *d;

	nw_error_clear(&err);
	d = nw_read_file(p, 64u << 20, len, &err);
	assert_non_null(d);
	free(p);
	return d;
}

static size_t
count(const char *hay, const char *needle)
{
	size_t n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay++;
	}
	return n;
}

static void
write_report(struct nw_store *s, const char *out, const char *when)
{
	struct nw_report_opts o;
	struct nw_report_stats st;
	struct nw_error err;

	memset(&o, 0, sizeof(o));
	o.year = 2024;
	o.quarter = 2;
	o.outdir = out;
	o.generated = when;
	nw_error_clear(&err);
	assert_int_equal(nw_report_write(s, &o, &st, &err), 0);
	assert_int_equal(st.quarters, 1);
	assert_int_equal(st.incidents, 3);
	assert_int_equal(st.files, 4);
}

static void
test_report_hostile(void **state)
{
	struct fixture *fx = *state;
	struct nw_store *s = make_store(fx->db, 0);
	char *html, *csv, *json, *sub;
	size_t len;

	write_report(s, fx->out, "2026-01-01T00:00:00Z");
	html = slurp(fx->out, "2024Q2.html", &len);
	assert_int_equal(strlen(html), len);
	/* no feed-derived markup, no script, no link but http(s) and ours */
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "<img"));
	assert_null(strstr(html, "<b "));
	assert_null(strstr(html, "href=\"javascript"));
	assert_non_null(strstr(html, "&lt;script&gt;window.__pwned=1&lt;/script&gt;"));
	assert_non_null(strstr(html, "&lt;b onmouseover=&quot;alert(1)&quot;&gt;"));
	assert_non_null(strstr(html, "(javascript:alert(1))"));
	assert_non_null(strstr(html, "<a href=\"https://example.org/a?b=1&amp;c=2\">"));
	assert_non_null(strstr(html, "Pub &quot;&lt;i&gt;&quot; &amp; Co"));
	assert_non_null(strstr(html, "Content-Security-Policy"));
	assert_non_null(strstr(html, "script-src &#39;none&#39;"));
	/* never a suspected claim as a fact: the legend and two claims */
	assert_int_equal(count(html, "<span class=\"susp\">suspected</span>"), 3);
	/* the numbers: 3 incidents, 1 the quarter before, 0 a year before */
	assert_non_null(strstr(html, "<span id=\"n-incidents\">3</span>"));
	assert_non_null(strstr(html, "+2 (+200%) from 1 in the previous quarter (2024Q1)"));
	assert_non_null(strstr(html, "+3 from 0 in the same quarter a year before (2023Q2)"));
	sub = xasprintf("%s/2024Q2", fx->out);
	csv = slurp(sub, "incidents.csv", &len);
	assert_int_equal(count(csv, "\r\n"), 4);
	assert_non_null(strstr(csv, ",\"RU(leading):Pub \"\"<i>\"\" & "
	    "Co/government/asserted\","));
	json = slurp(sub, "report.json", &len);
	assert_non_null(strstr(json, "\"incidents\":{\"count\":3,"
	    "\"previous_quarter\":1,"));
	assert_non_null(strstr(json, "{\"framework\":\"paris-call\","
	    "\"incidents\":2,\"previous_quarter\":1,\"principle\":\"1\""));
	assert_non_null(strstr(json, "{\"asserted\":1,\"government_asserted\":1,"
	    "\"incidents\":2,\"leading\":2,\"only_suspected\":1,"
	    "\"state\":\"RU\"}"));
	free(html);
	free(csv);
	free(json);
	free(sub);
	nw_store_close(s);
}

static void
test_report_deterministic(void **state)
{
	struct fixture *fx = *state;
	struct nw_store *s = make_store(fx->db, 0);
	char *a, *b, *out2, *h1, *h2;
	char hash1[NW_SHA256_HEX], hash2[NW_SHA256_HEX];
	struct nw_error err;
	size_t la, lb;

	write_report(s, fx->out, "2026-01-01T00:00:00Z");
	out2 = xasprintf("%s/out2", fx->dir);
	write_report(s, out2, "2026-01-01T00:00:00Z");
	a = slurp(fx->out, "2024Q2.html", &la);
	b = slurp(out2, "2024Q2.html", &lb);
	assert_int_equal(la, lb);
	assert_memory_equal(a, b, la);
	free(b);
	/* another generation time changes only the time */
	write_report(s, out2, "2027-02-03T04:05:06Z");
	b = slurp(out2, "2024Q2.html", &lb);
	assert_int_equal(la, lb);
	assert_int_equal(count(b, "2027-02-03T04:05:06Z"), 2);
	assert_null(strstr(b, "2026-01-01T00:00:00Z"));
	free(a);
	free(b);
	/* the content hash: same content, same hash; more content, another */
	nw_error_clear(&err);
	assert_int_equal(nw_report_store_hash(s, hash1, &err), 0);
	assert_int_equal(strlen(hash1), 64);
	nw_store_close(s);
	h1 = xasprintf("%s/second.db", fx->dir);
	s = make_store(h1, 0);
	assert_int_equal(nw_report_store_hash(s, hash2, &err), 0);
	assert_string_equal(hash1, hash2);
	nw_store_close(s);
	h2 = xasprintf("%s/third.db", fx->dir);
	s = make_store(h2, 1);
	assert_int_equal(nw_report_store_hash(s, hash2, &err), 0);
	assert_string_not_equal(hash1, hash2);
	nw_store_close(s);
	free(h1);
	free(h2);
	free(out2);
}

static void
test_parse_quarter(void **state)
{
	int y, q;

	(void)state;
	assert_int_equal(nw_report_parse_quarter("2025Q3", &y, &q), 0);
	assert_int_equal(y, 2025);
	assert_int_equal(q, 3);
	assert_int_equal(nw_report_parse_quarter("2025Q5", &y, &q), -1);
	assert_int_equal(nw_report_parse_quarter("2025Q", &y, &q), -1);
	assert_int_equal(nw_report_parse_quarter("20a5Q1", &y, &q), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_url_ok),
		cmocka_unit_test(test_link),
		cmocka_unit_test(test_cap),
		cmocka_unit_test(test_parse_quarter),
		cmocka_unit_test_setup_teardown(test_report_hostile, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_report_deterministic,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
