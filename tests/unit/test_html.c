/*
 * test_html.c - nw_html_to_text and nw_html_sniff: shapes of text, what
 * is dropped, entities, encodings, limits, hostile documents, and the
 * sample list page.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "normwatch/error.h"
#include "normwatch/html.h"
#include "normwatch/limits.h"
#include "normwatch/util.h"

#define BIG	(64u << 20)

static const char *
srcdir(void)
{
	const char *d = getenv("NW_SRCDIR");

	return d != NULL && *d != '\0' ? d : ".";
}

static char *
slurp(const char *rel, size_t *len)
{
	struct nw_error err;
	char path[1024], *d;

	nw_error_clear(&err);
	snprintf(path, sizeof(path), "%s/%s", srcdir(), rel);
	d = nw_read_file(path, BIG, len, &err);
	if (d == NULL)
		fail_msg("cannot read %s: %s", path, err.msg);
	return d;
}

/* Convert, failing the test on error; checks the output's invariants. */
static char *
text_of(const char *html, size_t len)
{
	struct nw_error err;
	size_t n = 12345, i;
	char *t;

	nw_error_clear(&err);
	t = nw_html_to_text(html, len, BIG, &n, &err);
	if (t == NULL)
		fail_msg("nw_html_to_text: %s", err.msg);
	assert_int_equal(strlen(t), n);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)t[i];

		if (c < 0x20 && c != '\n')
			fail_msg("control byte 0x%02x at %zu", c, i);
	}
	/* no blank line twice, no line with blanks at either end */
	assert_null(strstr(t, "\n\n\n"));
	assert_null(strstr(t, " \n"));
	assert_null(strstr(t, "\n "));
	if (n > 0) {
		assert_int_equal(t[n - 1], '\n');
		assert_true(t[0] != '\n' && t[0] != ' ');
	}
	return t;
}

static void
expect(const char *html, const char *want)
{
	char *t = text_of(html, strlen(html));

	assert_string_equal(t, want);
	free(t);
}

/* Valid UTF-8, by the letter of RFC 3629. */
static int
utf8_valid(const unsigned char *s, size_t n)
{
	size_t i = 0, k, len;
	unsigned long c, min;

	while (i < n) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if (s[i] >= 0xc2 && s[i] <= 0xdf) {
			len = 2; c = s[i] & 0x1f; min = 0x80;
		} else if (s[i] >= 0xe0 && s[i] <= 0xef) {
			len = 3; c = s[i] & 0x0f; min = 0x800;
		} else if (s[i] >= 0xf0 && s[i] <= 0xf4) {
			len = 4; c = s[i] & 0x07; min = 0x10000;
		} else
			return 0;
		if (i + len > n)
			return 0;
		for (k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			c = (c << 6) | (s[i + k] & 0x3f);
		}
		if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
			return 0;
		i += len;
	}
	return 1;
}

static void
test_paragraphs(void **state)
{
	(void)state;
	expect("<p>One two</p><p>Three</p>", "One two\n\nThree\n");
	expect("<html><body><h1>Title</h1><div>A</div><div><div>B</div>"
	    "</div><ul><li>x</li><li>y</li></ul></body></html>",
	    "Title\n\nA\n\nB\n\nx\n\ny\n");
	expect("<blockquote>q</blockquote><section>s</section>"
	    "<article>a</article>", "q\n\ns\n\na\n");
	/* inline text is joined; white space collapses to one blank */
	expect("<p>  a \n\t b  </p>", "a b\n");
	expect("<p>foo<b>bar</b> baz<i> qux</i></p>", "foobar baz qux\n");
	expect("<p><strong>May 2022.</strong> Hackers <a href=\"x\">hit</a>"
	    " it.</p>", "May 2022. Hackers hit it.\n");
	/* br ends a line, two end a paragraph */
	expect("<p>a<br>b</p>", "a\nb\n");
	expect("<p>a<br/><br>b</p>", "a\n\nb\n");
	expect("<p>a<br></p><p>b</p>", "a\n\nb\n");
	/* table rows are paragraphs, cells lines */
	expect("<table><tr><td>May 2022.</td><td>Text</td></tr>"
	    "<tr><td>C</td></tr></table>", "May 2022.\nText\n\nC\n");
	/* a stray block inside p splits it */
	expect("<p>one<div></div>two</p>", "one\n\ntwo\n");
	/* nothing at all */
	expect("", "");
	expect("<html><body><p> </p><div></div></body></html>", "");
	expect("plain text, no tags", "plain text, no tags\n");
}

static void
test_dropped(void **state)
{
	static const char doc[] = "<html><head><title>T1</title>"
	    "<style>S1</style><script>X1</script></head><body>"
	    "<header>H1</header><nav>N1</nav><p>keep1</p>"
	    "<aside>A1</aside><form>F1<input value=V1></form>"
	    "<template><p>T2</p></template><svg><text>G1</text></svg>"
	    "<noscript>NS1</noscript><p>keep2<script>X2</script>"
	    "<iframe>I1</iframe><object>O1</object><button>B1</button>"
	    "</p><!-- C1 --><footer>FT1</footer><math>M1</math>"
	    "<select><option>S2</option></select><textarea>TA1</textarea>"
	    "</body></html>";
	char *t;
	(void)state;

	t = text_of(doc, sizeof(doc) - 1);
	assert_string_equal(t, "keep1\n\nkeep2\n");
	free(t);
}

static void
test_entities(void **state)
{
	(void)state;
	expect("<p>Russia&rsquo;s &ldquo;Fancy Bear&rdquo; &amp; co &lt;x&gt;"
	    " caf&eacute; &#8217; &#x201C; D&uuml;sseldorf</p>",
	    "Russia\xe2\x80\x99s \xe2\x80\x9c" "Fancy Bear\xe2\x80\x9d & co <x>"
	    " caf\xc3\xa9 \xe2\x80\x99 \xe2\x80\x9c D\xc3\xbcsseldorf\n");
	/* no-break and other Unicode spaces are blanks; soft hyphens go */
	expect("<p>May&nbsp;2022.&#8195; Hack&shy;ers&#8203;!</p>",
	    "May 2022. Hackers!\n");
	/* unknown entities stay as written */
	expect("<p>a &lol; b &xxe; c</p>", "a &lol; b &xxe; c\n");
	/* control characters by reference never become bytes: libxml2
	 * drops &#1;, DEL is a blank */
	expect("<p>a&#1;b&#127;c</p>", "ab c\n");
}

static void
test_whitespace_and_lines(void **state)
{
	char *d, *t;
	size_t len;
	(void)state;

	d = slurp("tests/data/docs/crlf.html", &len);
	t = text_of(d, len);
	assert_null(strchr(t, '\r'));
	assert_string_equal(t, "May 2022. Hackers targeted a ministry .\n\n"
	    "June 2022. Second entry.\n");
	free(t);
	free(d);
}

static void
test_depth_limit(void **state)
{
	static const char *const open[] = { "<div>", "<span>", "<b><i>" };
	static const char *const shut[] = { "</div>", "</span>", "</i></b>" };
	struct nw_error err;
	struct nw_buf b;
	size_t n, i, k, levels;
	char *t;
	(void)state;

	for (k = 0; k < NW_NELEM(open); k++) {
		/* well below the limit: fine */
		nw_buf_init(&b, BIG);
		levels = NW_MAX_HTML_DEPTH / 4;
		for (i = 0; i < levels; i++)
			assert_int_equal(nw_buf_adds(&b, open[k]), 0);
		assert_int_equal(nw_buf_adds(&b, "deep"), 0);
		for (i = 0; i < levels; i++)
			assert_int_equal(nw_buf_adds(&b, shut[k]), 0);
		t = text_of(b.data, b.len);
		assert_string_equal(t, "deep\n");
		free(t);
		nw_buf_free(&b);

		/* past it: NW_E_LIMIT, whoever notices */
		nw_buf_init(&b, BIG);
		levels = NW_MAX_HTML_DEPTH + 10;
		for (i = 0; i < levels; i++)
			assert_int_equal(nw_buf_adds(&b, open[k]), 0);
		assert_int_equal(nw_buf_adds(&b, "deep"), 0);
		nw_error_clear(&err);
		assert_null(nw_html_to_text(b.data, b.len, BIG, &n, &err));
		assert_int_equal(err.code, NW_E_LIMIT);
		assert_non_null(strstr(err.msg, "deeper than 256"));
		nw_buf_free(&b);
	}
}

static void
test_hostile_deep_files(void **state)
{
	static const char *const files[] = {
		"tests/data/docs/deep-div.html",
		"tests/data/docs/deep-inline.html",
	};
	struct nw_error err;
	size_t i, len, n;
	char *d;
	(void)state;

	for (i = 0; i < NW_NELEM(files); i++) {
		d = slurp(files[i], &len);
		nw_error_clear(&err);
		assert_null(nw_html_to_text(d, len, BIG, &n, &err));
		assert_int_equal(err.code, NW_E_LIMIT);
		free(d);
	}
}

static void
test_output_cap(void **state)
{
	struct nw_error err;
	struct nw_buf b;
	size_t n, i;
	char *t;
	(void)state;

	/* "abc\n" is 4 bytes: fits in 4, not in 3 */
	nw_error_clear(&err);
	t = nw_html_to_text("<p>abc</p>", 10, 4, &n, &err);
	assert_non_null(t);
	assert_int_equal(n, 4);
	free(t);
	assert_null(nw_html_to_text("<p>abc</p>", 10, 3, &n, &err));
	assert_int_equal(err.code, NW_E_LIMIT);

	nw_buf_init(&b, BIG);
	for (i = 0; i < 5000; i++)
		assert_int_equal(nw_buf_adds(&b, "<p>May 2022. Some text.</p>"),
		    0);
	nw_error_clear(&err);
	assert_null(nw_html_to_text(b.data, b.len, 1000, &n, &err));
	assert_int_equal(err.code, NW_E_LIMIT);
	assert_non_null(strstr(err.msg, "1000 bytes"));
	nw_buf_free(&b);
}

static void
test_script_never_in_output(void **state)
{
	char *d, *t;
	size_t len;
	(void)state;

	d = slurp("tests/data/docs/script.html", &len);
	t = text_of(d, len);
	assert_null(strstr(t, "LEAK"));
	assert_null(strstr(t, "never shown"));
	assert_string_equal(t, "Before the scripts.\n\nBetween the scripts."
	    "\n\nAfter the scripts.\n");
	free(t);
	free(d);
}

static void
test_billion_laughs(void **state)
{
	char *d, *t;
	size_t len;
	(void)state;

	d = slurp("tests/data/docs/billion-laughs.html", &len);
	t = text_of(d, len);
	/* declared entities are not expanded, external ones not loaded */
	assert_null(strstr(t, "lollol"));
	assert_true(strlen(t) < 2 * len);
	assert_non_null(strstr(t, "May 2022. Laughs: &lol9; end."));
	assert_non_null(strstr(t, "June 2022. File: &xxe; net: &net; end."));
	assert_null(strstr(t, "root:"));
	free(t);
	free(d);
}

static void
test_encodings(void **state)
{
	char *d, *t;
	size_t len;
	(void)state;

	/* UTF-8 with bad bytes: the good text stays, the bad turns U+FFFD */
	d = slurp("tests/data/docs/bad-utf8.html", &len);
	t = text_of(d, len);
	assert_true(utf8_valid((unsigned char *)t, strlen(t)));
	assert_non_null(strstr(t, "Russia\xe2\x80\x99s military"));
	assert_non_null(strstr(t, "\xe2\x80\x9cVulkan\xe2\x80\x9d"));
	assert_non_null(strstr(t, "D\xc3\xbcsseldorf"));
	assert_non_null(strstr(t, "Invalid \xef\xbf\xbd\xef\xbf\xbd bytes"));
	assert_non_null(strstr(t, "Iran\xe2\x80\x99s \xe2\x80\x9c" "Charming"));
	free(t);
	free(d);

	/* undeclared legacy bytes: Windows-1252 */
	d = slurp("tests/data/docs/cp1252.html", &len);
	t = text_of(d, len);
	assert_string_equal(t, "May 2022. Hackers linked to Russia\xe2\x80\x99s"
	    " military targeted the \xe2\x80\x9cVulkan\xe2\x80\x9d systems of a"
	    " caf\xc3\xa9 chain \xe2\x80\x93 a hole \xef\xbf\xbd here.\n");
	free(t);
	free(d);

	/* a declared charset is libxml2's to honour */
	d = slurp("tests/data/docs/latin1.html", &len);
	t = text_of(d, len);
	assert_string_equal(t, "D\xc3\xbcsseldorf and S\xc3\xa3o Paulo "
	    "caf\xc3\xa9.\n");
	free(t);
	free(d);

	/* plain UTF-8 without any declaration is UTF-8 */
	expect("<p>Caf\xc3\xa9 \xe2\x80\x9cx\xe2\x80\x9d</p>",
	    "Caf\xc3\xa9 \xe2\x80\x9cx\xe2\x80\x9d\n");
	/* a BOM is not text */
	expect("\xef\xbb\xbf<p>bom</p>", "bom\n");
}

static void
test_nul_bytes(void **state)
{
	char *d, *t;
	size_t len;
	(void)state;

	d = slurp("tests/data/docs/nul.html", &len);
	assert_non_null(memchr(d, '\0', len));
	t = text_of(d, len);
	assert_string_equal(t, "May 2022. Before after a NUL.\n\n"
	    "June 2022. Second paragraph.\n");
	free(t);
	free(d);
}

static void
test_sniff(void **state)
{
	char *d, buf[2048];
	size_t len;
	(void)state;

	assert_int_equal(nw_html_sniff("<!DOCTYPE html><p>", 18), 1);
	assert_int_equal(nw_html_sniff("<!doctype HTML PUBLIC \"-//W3C\">",
	    31), 1);
	assert_int_equal(nw_html_sniff("\xef\xbb\xbf \r\n<HTML lang=en>", 20),
	    1);
	assert_int_equal(nw_html_sniff("<html>", 6), 1);
	assert_int_equal(nw_html_sniff("<?xml version=\"1.0\"?>\n<!-- c -->"
	    "<html xmlns=\"http://www.w3.org/1999/xhtml\">", 75), 1);
	assert_int_equal(nw_html_sniff("  <body>", 8), 1);
	assert_int_equal(nw_html_sniff("<!DOCTYPE rss><rss>", 19), 0);
	assert_int_equal(nw_html_sniff("<htmlx>", 7), 0);
	assert_int_equal(nw_html_sniff("%PDF-1.4\n<html>", 15), 0);
	assert_int_equal(nw_html_sniff("September 2022. The <html> tag", 30),
	    0);
	assert_int_equal(nw_html_sniff("", 0), 0);
	assert_int_equal(nw_html_sniff(NULL, 0), 0);
	/* only the first 1 KiB counts */
	memset(buf, ' ', sizeof(buf));
	buf[0] = '<';
	buf[1] = '!';
	memcpy(buf + 1500, "<html>", 6);
	assert_int_equal(nw_html_sniff(buf, sizeof(buf)), 0);
	memcpy(buf + 1000, "<html>", 6);
	assert_int_equal(nw_html_sniff(buf, sizeof(buf)), 1);

	d = slurp("feeds/samples/csis-list.html", &len);
	assert_int_equal(nw_html_sniff(d, len), 1);
	free(d);
	d = slurp("feeds/samples/csis-list.txt", &len);
	assert_int_equal(nw_html_sniff(d, len), 0);
	free(d);
	d = slurp("feeds/samples/csis-list.pdf", &len);
	assert_int_equal(nw_html_sniff(d, len), 0);
	free(d);
	d = slurp("tests/data/docs/not-a-pdf.pdf", &len);
	assert_int_equal(nw_html_sniff(d, len), 1);
	free(d);
}

/* Lower-cased ASCII letters and digits only. */
static char *
squash(const char *s, size_t len)
{
	char *o = xmalloc(len + 1);
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 'A' && c <= 'Z')
			o[n++] = (char)(c - 'A' + 'a');
		else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			o[n++] = (char)c;
	}
	o[n] = '\0';
	return o;
}

static void
test_sample_page(void **state)
{
	static const char *const months[] = { "January", "February", "March",
	    "April", "May", "June", "July", "August", "September", "October",
	    "November", "December" };
	char *d, *t, *flat, *tsv, *line, *next, *p;
	size_t len, i, paras = 0, dated = 0, rows = 0;
	(void)state;

	d = slurp("feeds/samples/csis-list.html", &len);
	t = text_of(d, len);
	assert_null(strstr(t, "must never be read"));
	assert_null(strstr(t, "Center for Incident Studies"));
	assert_null(strstr(t, "Last updated"));
	assert_null(strstr(t, "console.log"));
	assert_true(strncmp(t, "Significant Cyber Incidents Since 2006\n\n"
	    "This timeline records", 61) == 0);
	/* the <br> inside an entry, and the entry split by a stray div */
	assert_non_null(strstr(t, "for several days.\nUkrainian security"));
	assert_non_null(strstr(t, "U.S. East Coast\n\nto halt operations"));
	assert_non_null(strstr(t, "\n\nMay 2022. Pro-Russian hackers"));
	assert_non_null(strstr(t, "\n\nDecember 12, 2023. A cyberattack"));
	assert_non_null(strstr(t, "\n\nSince 2017, hackers"));
	assert_non_null(strstr(t, "Lazarus Group, a North Korean"));
	assert_non_null(strstr(t, "D\xc3\xbcsseldorf"));

	/* paragraphs: title, preamble, 42 entries, one split in two */
	for (p = t; p != NULL; p = strstr(p, "\n\n")) {
		if (*p == '\n')
			p += 2;
		paras++;
		for (i = 0; i < NW_NELEM(months); i++)
			if (strncmp(p, months[i], strlen(months[i])) == 0 &&
			    p[strlen(months[i])] == ' ')
				dated++;
	}
	assert_int_equal(paras, 2 + 42 + 1);
	assert_int_equal(dated, 40);

	/* every expected entry is there */
	flat = squash(t, strlen(t));
	tsv = slurp("feeds/samples/expected-entries.tsv", &len);
	for (line = tsv; line != NULL && *line != '\0'; line = next) {
		char *f1, *f2, *s1, *s2;

		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		f1 = strchr(line, '\t');
		assert_non_null(f1);
		*f1++ = '\0';
		f2 = strchr(f1, '\t');
		assert_non_null(f2);
		*f2++ = '\0';
		s1 = squash(f1, strlen(f1));
		s2 = squash(f2, strlen(f2));
		if (strstr(flat, s1) == NULL || strstr(flat, s2) == NULL)
			fail_msg("entry %s not in the page", line);
		free(s1);
		free(s2);
		rows++;
	}
	assert_int_equal(rows, 42);
	free(tsv);
	free(flat);
	free(t);
	free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_paragraphs),
		cmocka_unit_test(test_dropped),
		cmocka_unit_test(test_entities),
		cmocka_unit_test(test_whitespace_and_lines),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_hostile_deep_files),
		cmocka_unit_test(test_output_cap),
		cmocka_unit_test(test_script_never_in_output),
		cmocka_unit_test(test_billion_laughs),
		cmocka_unit_test(test_encodings),
		cmocka_unit_test(test_nul_bytes),
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_sample_page),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
