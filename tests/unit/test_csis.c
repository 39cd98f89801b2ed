/*
 * test_csis.c - the CSIS-style list parser (src/parse/csis.c) and the
 * parser registry (src/parse.c), over the fixtures in tests/data/csis/.
 *
 * Native ids are checked against an independent computation: the date,
 * then the first 16 hex digits of the SHA-256 of the expected body's
 * letters and digits, lower-cased.
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

#include "normwatch/convert.h"
#include "normwatch/csis.h"
#include "normwatch/date.h"
#include "normwatch/html.h"
#include "normwatch/limits.h"
#include "normwatch/text.h"
#include "normwatch/parse.h"
#include "normwatch/util.h"

#define MAX_FIXTURE	(4u << 20)

/* --- helpers ------------------------------------------------------------------ */

struct got {
	struct nw_report	**r;
	size_t			  n;
	size_t			  cap;
	size_t			  stop_at;	/* return -1 at this call, 0: never */
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
	f->name = "test-csis";
	f->kind = "csis";
	f->url = "https://example.org/list.pdf";
	nw_limits_default(&f->limits);
}

/* A file under the source tree ("feeds/samples/...") */
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

static char *
fixture(const char *name, size_t *len)
{
	char *rel, *data;

	rel = xasprintf("tests/data/csis/%s", name);
	data = source_file(rel, len);
	free(rel);
	return data;
}

/* Split text with feed f (NULL: defaults); returns the count. */
static long
split(const struct nw_feed *f, const char *text, size_t len,
    struct nw_arena *a, struct got *g, struct nw_error *err)
{
	nw_error_clear(err);
	return nw_csis_split_text(f, "list.txt", text, len, a, collect, g, err);
}

/* The id the contract promises for a date and a body. */
static void
expected_id(const char *date, const char *body, char *out, size_t sz)
{
	char hex[NW_SHA256_HEX], *alnum;
	size_t i, n = 0;
	int c;

	alnum = xmalloc(strlen(body) + 1);
	for (i = 0; body[i] != '\0'; i++) {
		c = (unsigned char)body[i];
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80)
			alnum[n++] = (char)c;
	}
	nw_sha256_hex(alnum, n, hex);
	snprintf(out, sz, "%s-%.16s", date, hex);
	free(alnum);
}

struct expect {
	char	 date[16];
	long	 line;
	char	*marker;
	char	*body;
	char	*text;
	char	 id[64];
};

/* Read a .expected file: date, line, marker, body, tab-separated. */
static size_t
expected_load(const char *name, struct expect **out)
{
	struct expect *v = NULL;
	char *data, *p, *nl, *f[4];
	size_t len, n = 0, k;
	long long ln;

	data = fixture(name, &len);
	for (p = data; *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		assert_non_null(nl);
		*nl = '\0';
		if (*p == '#' || *p == '\0')
			continue;
		for (k = 0; k < 4; k++) {
			f[k] = p;
			p = strchr(p, '\t');
			if (k < 3) {
				assert_non_null(p);
				*p++ = '\0';
			}
		}
		assert_null(p);
		v = xreallocarray(v, n + 1, sizeof(*v));
		memset(&v[n], 0, sizeof(v[n]));
		nw_strlcpy(v[n].date, f[0], sizeof(v[n].date));
		assert_int_equal(nw_parse_ll(f[1], 1, 1000000, &ln), 0);
		v[n].line = (long)ln;
		v[n].marker = xstrdup(f[2]);
		v[n].body = xstrdup(f[3]);
		v[n].text = *f[2] != '\0' ? xasprintf("%s %s", f[2], f[3]) :
		    xstrdup(f[3]);
		expected_id(f[0], f[3], v[n].id, sizeof(v[n].id));
		n++;
	}
	free(data);
	*out = v;
	return n;
}

static void
expected_free(struct expect *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].marker);
		free(v[i].body);
		free(v[i].text);
	}
	free(v);
}

/*
 * Compare reports with expectations.  noff_from_line > 0: the text was
 * pasted without its form feeds, each of which (after lines 25 and 44)
 * became a line end, so later lines are one or two further down.
 */
static void
check_entries(const struct got *g, const struct expect *want, size_t n,
    int check_lines, long noff_from_line)
{
	char date[16];
	size_t i;

	assert_int_equal(g->n, n);
	for (i = 0; i < n; i++) {
		const struct nw_report *r = g->r[i];

		nw_date_format(&r->date, date);
		if (strcmp(date, want[i].date) != 0)
			fail_msg("entry %zu: date %s, wanted %s", i, date,
			    want[i].date);
		if (strcmp(r->text, want[i].text) != 0)
			fail_msg("entry %zu:\n got  \"%s\"\n want \"%s\"", i,
			    r->text, want[i].text);
		assert_int_equal(r->textlen, strlen(r->text));
		if (strcmp(r->native_id, want[i].id) != 0)
			fail_msg("entry %zu: id %s, wanted %s", i, r->native_id,
			    want[i].id);
		if (check_lines) {
			long wl = want[i].line;

			/* pasted without form feeds: each became a line end */
			if (noff_from_line > 0 && wl > noff_from_line)
				wl += 1;
			if (noff_from_line > 0 && wl > 44)
				wl += 1;
			if (r->line != wl)
				fail_msg("entry %zu: line %ld, wanted %ld", i,
				    r->line, wl);
		}
	}
}

/* --- the golden fixtures ------------------------------------------------------- */

static void
test_pages_golden(void **state)
{
	struct nw_feed f;
	struct nw_error err;
	struct nw_arena *a = nw_arena_new();
	struct got g = { 0 };
	struct expect *want;
	size_t len, n, i;
	char *text;

	(void)state;
	feed_init(&f);
	text = fixture("list-pages.txt", &len);
	n = expected_load("list-pages.expected", &want);
	assert_int_equal(n, 10);
	assert_int_equal(split(&f, text, len, a, &g, &err), 10);
	check_entries(&g, want, n, 1, 0);
	for (i = 0; i < g.n; i++) {
		const struct nw_report *r = g.r[i];
		const char *p;

		/* the offset is where the entry's first line starts */
		assert_true(r->offset >= 0 && (size_t)r->offset < len);
		if (want[i].marker[0] != '\0')
			assert_true(strncmp(text + r->offset, "Sept", 4) == 0 ||
			    strncmp(text + r->offset, want[i].marker, 4) == 0);
		else
			assert_memory_equal(text + r->offset, want[i].body, 8);
		/* no header, footer or page number got into an entry */
		for (p = r->text; *p != '\0'; p++) {
			assert_false(strncmp(p, "CSIS |", 6) == 0);
			assert_false(strncmp(p, "Page ", 5) == 0);
			assert_false(strncmp(p, "- 2 -", 5) == 0);
		}
		/* the entry keeps its (normalized) date marker */
		assert_memory_equal(r->text, want[i].marker,
		    strlen(want[i].marker));
		assert_null(r->url);
	}
	expected_free(want, n);
	got_free(&g);
	nw_arena_free(a);
	free(text);
}

static void
test_noff_same_entries(void **state)
{
	struct nw_error err;
	struct nw_arena *a = nw_arena_new();
	struct got g = { 0 };
	struct expect *want;
	size_t len, n;
	char *text;

	(void)state;
	text = fixture("list-noff.txt", &len);
	assert_null(memchr(text, '\f', len));
	n = expected_load("list-pages.expected", &want);
	assert_int_equal(split(NULL, text, len, a, &g, &err), (long)n);
	/* the first form feed was after line 25, the second after line 44 */
	check_entries(&g, want, n, 1, 25);
	expected_free(want, n);
	got_free(&g);
	nw_arena_free(a);
	free(text);
}

/* Replace every "\n" with eol. */
static char *
with_eol(const char *text, size_t len, const char *eol, size_t *outlen)
{
	struct nw_buf b;
	size_t i;

	nw_buf_init(&b, 4 * len + 16);
	for (i = 0; i < len; i++) {
		if (text[i] == '\n')
			assert_int_equal(nw_buf_adds(&b, eol), 0);
		else
			assert_int_equal(nw_buf_addc(&b, text[i]), 0);
	}
	return nw_buf_detach(&b, outlen);
}

static void
test_line_ends_and_bom(void **state)
{
	static const char *const eols[] = { "\r\n", "\r" };
	struct nw_error err;
	struct expect *want;
	size_t len, n, i, tlen;
	char *text, *t, *bom;

	(void)state;
	text = fixture("list-pages.txt", &len);
	n = expected_load("list-pages.expected", &want);
	for (i = 0; i < 2; i++) {
		struct nw_arena *a = nw_arena_new();
		struct got g = { 0 };

		t = with_eol(text, len, eols[i], &tlen);
		assert_int_equal(split(NULL, t, tlen, a, &g, &err), (long)n);
		check_entries(&g, want, n, 1, 0);
		got_free(&g);
		nw_arena_free(a);
		free(t);
	}
	/* a byte order mark is skipped; offsets still count it */
	{
		struct nw_arena *a = nw_arena_new();
		struct got g = { 0 };

		bom = xasprintf("\xef\xbb\xbf%s", text);
		assert_int_equal(split(NULL, bom, len + 3, a, &g, &err),
		    (long)n);
		check_entries(&g, want, n, 1, 0);
		assert_int_equal(strncmp(bom + g.r[0]->offset, "September", 9),
		    0);
		got_free(&g);
		nw_arena_free(a);
		free(bom);
	}
	expected_free(want, n);
	free(text);
}

/* --- native ids ------------------------------------------------------------------ */

static const char *const edition_new[] = {
	"November 2022. Hackers disrupted the websites of several U.S. "
	    "airports in a denial of service attack.",
	"October 2022. A ransomware group leaked data stolen from an "
	    "Australian health insurer.",
	"October 2022. Hackers targeted the ministry of foreign affairs of "
	    "a Central Asian state.",
};

static void
test_edition_on_top(void **state)
{
	struct nw_error err;
	struct nw_arena *a = nw_arena_new();
	struct got old = { 0 }, neu = { 0 };
	struct nw_buf b;
	const char *mark = "Last updated October 2022.\n";
	char *text, *p, *t2;
	size_t len, i, t2len;

	(void)state;
	text = fixture("list-pages.txt", &len);
	assert_int_equal(split(NULL, text, len, a, &old, &err), 10);
	/* the newer edition: three entries on top, after the preamble */
	p = strstr(text, mark);
	assert_non_null(p);
	p += strlen(mark);
	nw_buf_init(&b, 2 * len);
	assert_int_equal(nw_buf_add(&b, text, (size_t)(p - text)), 0);
	for (i = 0; i < 3; i++)
		assert_int_equal(nw_buf_addf(&b, "\n%s\n", edition_new[i]), 0);
	assert_int_equal(nw_buf_adds(&b, p), 0);
	t2 = nw_buf_detach(&b, &t2len);
	assert_int_equal(split(NULL, t2, t2len, a, &neu, &err), 13);
	for (i = 0; i < 3; i++)
		assert_string_equal(neu.r[i]->text, edition_new[i]);
	for (i = 0; i < old.n; i++) {
		assert_string_equal(neu.r[i + 3]->native_id, old.r[i]->native_id);
		assert_string_equal(neu.r[i + 3]->text, old.r[i]->text);
		/* the lines moved, the ids did not */
		assert_int_equal(neu.r[i + 3]->line, old.r[i]->line + 6);
	}
	/* the new ids differ from each other and from the old ones */
	for (i = 0; i < neu.n; i++) {
		size_t j;

		for (j = i + 1; j < neu.n; j++)
			assert_string_not_equal(neu.r[i]->native_id,
			    neu.r[j]->native_id);
	}
	got_free(&old);
	got_free(&neu);
	nw_arena_free(a);
	free(t2);
	free(text);
}

/* The same entry with different extraction noise keeps its id. */
static void
test_id_ignores_noise(void **state)
{
	static const char *const variants[] = {
		"May 2022. Hackers targeted the Ukrainian government with "
		    "cyberespionage tools, Officials said.\n",
		"May 2022 . Hackers targeted the Ukraini an governme nt with "
		    "cyber-\nespionage tools , Officials said.\n",
		"May 2022: Hackers targeted the\nUkrainian government with "
		    "cyber\xc2\xad\nespionage tools, \xe2\x80\x9cOfficials\xe2\x80\x9d"
		    " said.\n",
		"  May  2022.  Hackers targeted the Ukrainian government with "
		    "cyber espionage tools,\r\nOfficials said.\r\n",
		"May\xc2\xa0" "2022. Hackers targeted the Ukrainian government "
		    "with cyber\xe2\x80\x90" "espionage tools, Officials said.",
	};
	char first[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(variants) / sizeof(variants[0]); i++) {
		struct nw_error err;
		struct nw_arena *a = nw_arena_new();
		struct got g = { 0 };
		const char *v = variants[i];
		char *doc;

		doc = xstrdup(v);
		assert_int_equal(split(NULL, doc, strlen(doc), a, &g, &err), 1);
		/* repaired: split words, hyphenation, soft hyphen */
		if (i < 3 && strstr(g.r[0]->text, "Hackers targeted the "
		    "Ukrainian government with cyberespionage tools,") == NULL)
			fail_msg("variant %zu: \"%s\"", i, g.r[0]->text);
		if (i == 0)
			nw_strlcpy(first, g.r[0]->native_id, sizeof(first));
		else if (strcmp(first, g.r[0]->native_id) != 0)
			fail_msg("variant %zu: id %s, wanted %s", i,
			    g.r[0]->native_id, first);
		got_free(&g);
		nw_arena_free(a);
		free(doc);
	}
	assert_int_equal(strncmp(first, "2022-05-", 8), 0);
	assert_int_equal(strlen(first), 8 + 16);
}

static void
test_id_shapes(void **state)
{
	const char *doc =
	    "Sept. 12, 2022 - Hackers hit a bank.\n\n"
	    "September 2022. Hackers hit a bank.\n\n"
	    "2019. Hackers hit a bank.\n";
	struct nw_error err;
	struct nw_arena *a = nw_arena_new();
	struct got g = { 0 };
	char want[64];

	(void)state;
	assert_int_equal(split(NULL, doc, strlen(doc), a, &g, &err), 3);
	expected_id("2022-09-12", "Hackers hit a bank.", want, sizeof(want));
	assert_string_equal(g.r[0]->native_id, want);
	expected_id("2022-09", "Hackers hit a bank.", want, sizeof(want));
	assert_string_equal(g.r[1]->native_id, want);
	expected_id("2019", "Hackers hit a bank.", want, sizeof(want));
	assert_string_equal(g.r[2]->native_id, want);
	assert_int_equal(g.r[0]->date.prec, NW_PREC_DAY);
	assert_int_equal(g.r[2]->date.prec, NW_PREC_YEAR);
	got_free(&g);
	nw_arena_free(a);
}

/* Equal keys are numbered from the bottom of the list. */
static void
test_duplicates(void **state)
{
	const char *e = "May 2022. Hackers targeted the bank.\n\n";
	const char *other = "May 2022. Hackers targeted the port.\n\n";
	struct nw_error err;
	struct nw_arena *a = nw_arena_new();
	struct got g = { 0 }, g2 = { 0 };
	char *doc, *doc2, base[64];

	(void)state;
	doc = xasprintf("%s%s%s%s", e, other, e, e);
	assert_int_equal(split(NULL, doc, strlen(doc), a, &g, &err), 4);
	expected_id("2022-05", "Hackers targeted the bank.", base, sizeof(base));
	assert_string_equal(g.r[3]->native_id, base);
	assert_non_null(strstr(g.r[2]->native_id, "-2"));
	assert_int_equal(strncmp(g.r[2]->native_id, base, strlen(base)), 0);
	assert_string_equal(g.r[2]->native_id + strlen(base), "-2");
	assert_string_equal(g.r[0]->native_id + strlen(base), "-3");
	assert_int_equal(strncmp(g.r[1]->native_id, base, 8), 0);
	assert_string_not_equal(g.r[1]->native_id, base);
	/* one more copy on top: the old ones keep their ids */
	doc2 = xasprintf("%s%s", e, doc);
	assert_int_equal(split(NULL, doc2, strlen(doc2), a, &g2, &err), 5);
	assert_string_equal(g2.r[0]->native_id + strlen(base), "-4");
	assert_string_equal(g2.r[1]->native_id, g.r[0]->native_id);
	assert_string_equal(g2.r[2]->native_id, g.r[1]->native_id);
	assert_string_equal(g2.r[3]->native_id, g.r[2]->native_id);
	assert_string_equal(g2.r[4]->native_id, g.r[3]->native_id);
	got_free(&g);
	got_free(&g2);
	nw_arena_free(a);
	free(doc);
	free(doc2);
}

/* --- structure --------------------------------------------------------------------- */

static void
test_preamble_and_undated(void **state)
{
	const char *doc =
	    "Significant Cyber Incidents\n\n"
	    "Since 2006, this list has recorded the attacks that matter.\n\n"
	    "It is updated monthly.\n\n"
	    "June 2022. Hackers targeted the port of Tallinn.\n\n"
	    "Since 2017, a group has targeted the Baltic ports.\n\n"
	    "and it went on.\n\n"		/* lower case: continues */
	    "May 2022. Hackers targeted a bank in Riga, which said\n\n"
	    "Nothing about it.\n";		/* no sentence end: continues */
	struct nw_error err;
	struct nw_arena *a = nw_arena_new();
	struct got g = { 0 };

	(void)state;
	assert_int_equal(split(NULL, doc, strlen(doc), a, &g, &err), 3);
	assert_string_equal(g.r[0]->text,
	    "June 2022. Hackers targeted the port of Tallinn.");
	assert_string_equal(g.r[1]->text,
	    "Since 2017, a group has targeted the Baltic ports. and it went on.");
	assert_int_equal(g.r[1]->date.y, 2022);
	assert_int_equal(g.r[1]->date.m, 6);	/* the entry above */
	assert_int_equal(g.r[1]->line, 9);
	assert_string_equal(g.r[2]->text, "May 2022. Hackers targeted a bank in "
	    "Riga, which said Nothing about it.");
	got_free(&g);
	nw_arena_free(a);
}

/* A marker alone on its line opens an entry whose text follows. */
static void
test_marker_alone(void **state)
{
	const char *doc =
	    "June 2022.\n\nHackers targeted the port of Tallinn.\n\n"
	    "May 2022\n\nHackers targeted a bank.\n\n"
	    "April 2022.\n";			/* nothing after it: skipped */
	struct nw_error err;
	struct nw_arena *a = nw_arena_new();
	struct got g = { 0 };

	(void)state;
	assert_int_equal(split(NULL, doc, strlen(doc), a, &g, &err), 2);
	assert_string_equal(g.r[0]->text,
	    "June 2022. Hackers targeted the port of Tallinn.");
	assert_string_equal(g.r[1]->text, "May 2022 Hackers targeted a bank.");
	got_free(&g);
	nw_arena_free(a);
}

/* Page numbers and headers without form feeds; paragraph ends without
 * blank lines; a date inside a sentence. */
static void
test_noise_without_pages(void **state)
{
	const char *doc =
	    "Significant Cyber Incidents\n"
	    "June 2022. Hackers targeted the port authority of Tallinn and the\n"
	    "\n"
	    "12\n"
	    "\n"
	    "customs service of Estonia, which had moved its servers in\n"
	    "May 2022. Officials blamed a group linked to the Russian state.\n"
	    "Significant Cyber Incidents\n"
	    "May 2022. Hackers targeted a bank in Riga and stole the data of\n"
	    "Page 13 of 20\n"
	    "its customers\n"
	    "April 2022 . A group leaked the emails of a Lithuanian minister\n"
	    "Significant Cyber Incidents\n"
	    "2021\n";
	struct nw_error err;
	struct nw_arena *a = nw_arena_new();
	struct got g = { 0 };

	(void)state;
	assert_int_equal(split(NULL, doc, strlen(doc), a, &g, &err), 3);
	assert_string_equal(g.r[0]->text, "June 2022. Hackers targeted the port "
	    "authority of Tallinn and the customs service of Estonia, which had "
	    "moved its servers in May 2022. Officials blamed a group linked to "
	    "the Russian state.");
	assert_string_equal(g.r[1]->text, "May 2022. Hackers targeted a bank in "
	    "Riga and stole the data of its customers");
	assert_string_equal(g.r[2]->text, "April 2022. A group leaked the emails "
	    "of a Lithuanian minister");
	assert_int_equal(g.r[2]->line, 12);
	got_free(&g);
	nw_arena_free(a);
}

/*
 * A dropped header without form feeds is a page break: a capitalised line
 * after it continues the entry, where after a blank line it would start an
 * undated one.  A date after a line ending in a number starts an entry at
 * a paragraph break, not inside a paragraph.
 */
static void
test_breaks_without_pages(void **state)
{
	const char *doc =
	    "Significant Cyber Incidents\n"
	    "June 2022. Hackers targeted the port authority of Tallinn and the "
	    "customs service of the\n"
	    "republic, officials said on Monday in a statement to the press and "
	    "to the parliament.\n"
	    "Significant Cyber Incidents\n"
	    "The attack disrupted the work of the port for two days and delayed "
	    "ships in the harbour.\n"
	    "\n"
	    "May 2022. Hackers targeted a bank in Riga and stole the data of its "
	    "customers and staff on 12\n"
	    "May 2022. The bank said that the attack had been stopped and that no "
	    "money was taken.\n"
	    "\n"
	    "The bank said that the attack had been stopped and that no money had "
	    "been taken at all.\n"
	    "Significant Cyber Incidents\n"
	    "April 2022. Hackers leaked the emails of a minister; the leak ran to "
	    "more than 20,000\n"
	    "\n"
	    "March 2022. Hackers defaced the websites of the ministry of foreign "
	    "affairs of Latvia.\n";
	struct nw_error err;
	struct nw_arena *a = nw_arena_new();
	struct got g = { 0 };

	(void)state;
	assert_int_equal(split(NULL, doc, strlen(doc), a, &g, &err), 5);
	assert_non_null(strstr(g.r[0]->text, "the parliament. The attack "
	    "disrupted"));
	assert_non_null(strstr(g.r[1]->text, "on 12 May 2022. The bank said"));
	assert_string_equal(g.r[2]->text, "The bank said that the attack had "
	    "been stopped and that no money had been taken at all.");
	assert_int_equal(g.r[2]->date.m, 5);
	assert_int_equal(g.r[2]->line, 10);
	assert_string_equal(g.r[3]->text, "April 2022. Hackers leaked the emails "
	    "of a minister; the leak ran to more than 20,000");
	assert_int_equal(g.r[4]->line, 14);
	got_free(&g);
	nw_arena_free(a);
}

/* Without pages, a heading-like line seen only twice is entry text. */
static void
test_twice_is_not_a_header(void **state)
{
	const char *doc =
	    "May 2021. Hackers targeted the operators of the electricity grid "
	    "in several states of the\n"
	    "United States\n"
	    "\n"
	    "April 2021. Hackers stole the designs of a drone maker based in the "
	    "western part of the\n"
	    "United States\n";
	struct nw_error err;
	struct nw_arena *a = nw_arena_new();
	struct got g = { 0 };

	(void)state;
	assert_int_equal(split(NULL, doc, strlen(doc), a, &g, &err), 2);
	assert_non_null(strstr(g.r[0]->text, "states of the United States"));
	assert_non_null(strstr(g.r[1]->text, "part of the United States"));
	got_free(&g);
	nw_arena_free(a);
}

/* Running headers with page numbers in them, odd and even pages. */
static void
test_running_headers(void **state)
{
	struct nw_buf b;
	struct nw_error err;
	struct nw_arena *a = nw_arena_new();
	struct got g = { 0 };
	char *doc, want[128];
	size_t len, i;

	(void)state;
	nw_buf_init(&b, 1 << 20);
	for (i = 1; i <= 8; i++) {
		if (i > 1)
			assert_int_equal(nw_buf_addc(&b, '\f'), 0);
		assert_int_equal(nw_buf_addf(&b, "%s\n\n",
		    i % 2 ? "CSIS Significant Cyber Events" :
		    "Updated October 2022"), 0);
		/* an entry that ends on the next page */
		assert_int_equal(nw_buf_addf(&b, "March %zu. Hackers targeted "
		    "the ministry number %zu of the republic and stole its\n",
		    2000 + i, i), 0);
		assert_int_equal(nw_buf_addf(&b, "\n%zu | csis.org\n\f", i), 0);
		assert_int_equal(nw_buf_addf(&b, "Page %zu of 16\n", i), 0);
		/* recurs at the top of pages, but it is entry text */
		assert_int_equal(nw_buf_adds(&b, i % 2 ? "documents.\n" :
		    "Documents.\n"), 0);
	}
	doc = nw_buf_detach(&b, &len);
	assert_int_equal(split(NULL, doc, len, a, &g, &err), 8);
	for (i = 0; i < 8; i++) {
		snprintf(want, sizeof(want), "March %zu. Hackers targeted the "
		    "ministry number %zu of the republic and stole its %s.",
		    2000 + i + 1, i + 1, i % 2 ? "Documents" : "documents");
		assert_string_equal(g.r[i]->text, want);
	}
	got_free(&g);
	nw_arena_free(a);
	free(doc);
}

static void
test_truncated(void **state)
{
	struct nw_error err;
	struct nw_arena *a = nw_arena_new();
	struct got g = { 0 };
	size_t len;
	char *text;

	(void)state;
	/* what is there is split; the cut entry keeps what it has */
	text = fixture("hostile/truncated.txt", &len);
	assert_int_equal(split(NULL, text, len, a, &g, &err), 3);
	assert_string_equal(g.r[2]->text,
	    "July 2022. Hackers targeted the Mexican Def");
	assert_int_equal(g.r[2]->line, 9);
	got_free(&g);
	nw_arena_free(a);
	free(text);
}

/* --- bad input ---------------------------------------------------------------------- */

static void
check_fails(const char *name, enum nw_errcode code, long line, long col,
    const char *msgpart)
{
	struct nw_feed f;
	struct nw_error err;
	struct nw_arena *a = nw_arena_new();
	struct got g = { 0 };
	size_t len;
	char *text, buf[1024];

	feed_init(&f);
	text = fixture(name, &len);
	assert_int_equal(split(&f, text, len, a, &g, &err), -1);
	assert_int_equal(g.n, 0);		/* nothing handed out */
	if (err.code != code || err.line != line || err.col != col ||
	    strstr(err.msg, msgpart) == NULL)
		fail_msg("%s: got \"%s\" (code %d, line %ld, col %ld)", name,
		    nw_error_str(&err, buf, sizeof(buf)), (int)err.code,
		    err.line, err.col);
	assert_string_equal(err.feed, "test-csis");
	assert_string_equal(err.file, "list.txt");
	/* one line, naming feed, file and place */
	nw_error_str(&err, buf, sizeof(buf));
	assert_null(strchr(buf, '\n'));
	assert_int_equal(strncmp(buf, "test-csis: list.txt", 19), 0);
	got_free(&g);
	nw_arena_free(a);
	free(text);
}

static void
test_hostile_files(void **state)
{
	(void)state;
	check_fails("hostile/bad-utf8.txt", NW_E_DATA, 7, 14, "invalid UTF-8");
	check_fails("hostile/nul.txt", NW_E_DATA, 6, 24, "NUL");
	check_fails("hostile/impossible-date.txt", NW_E_DATA, 9, 0,
	    "impossible date \"February 30, 2022. ");
	check_fails("hostile/future-date.txt", NW_E_DATA, 5, 0,
	    "\"September 2099. ");
	check_fails("hostile/no-entries.txt", NW_E_PARSE, 0, 0,
	    "no dated entries");
	check_fails("hostile/formfeeds.txt", NW_E_PARSE, 0, 0,
	    "no dated entries");
	check_fails("hostile/unconverted.pdf", NW_E_PARSE, 0, 0,
	    "PDF body reached the parser without conversion");
}

static void
test_bad_bytes_places(void **state)
{
#define S(s)	s, sizeof(s) - 1
	static const struct {
		const char	*s;
		size_t		 len;
		long		 line, col;
	} cases[] = {
		{ S("May 2022. A.\r\rB\r\xff"), 4, 1 },
		{ S("May 2022. A.\r\nB\xc3\xa9\xc3"), 2, 3 },
		{ S("\xef\xbb\xbfMay 2022. \xe2\x82"), 1, 11 },
		{ S("May 2022. A.\n\nB\0"), 3, 2 },
		{ S(""), 0, 0 },
	};
#undef S
	struct nw_error err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct nw_arena *a = nw_arena_new();
		struct got g = { 0 };

		assert_int_equal(split(NULL, cases[i].s, cases[i].len, a, &g,
		    &err), -1);
		if (err.line != cases[i].line || err.col != cases[i].col)
			fail_msg("case %zu: line %ld col %ld, wanted %ld:%ld",
			    i, err.line, err.col, cases[i].line, cases[i].col);
		assert_int_equal(err.code, cases[i].len > 0 ? NW_E_DATA :
		    NW_E_PARSE);
		nw_arena_free(a);
	}
}

/* An impossible date inside a sentence is prose, not an error. */
static void
test_impossible_in_prose(void **state)
{
	const char *doc = "June 2022. Hackers said the attack would come in\n"
	    "September 2099. Nobody believed them.\n";
	struct nw_error err;
	struct nw_arena *a = nw_arena_new();
	struct got g = { 0 };

	(void)state;
	assert_int_equal(split(NULL, doc, strlen(doc), a, &g, &err), 1);
	got_free(&g);
	nw_arena_free(a);
}

static void
test_entry_too_long(void **state)
{
	struct nw_feed f;
	struct nw_error err;
	struct nw_arena *a = nw_arena_new();
	struct got g = { 0 };
	struct nw_buf b;
	char *doc;
	size_t len, i;

	(void)state;
	feed_init(&f);
	f.limits.max_entry_len = 1000;
	nw_buf_init(&b, 1 << 20);
	assert_int_equal(nw_buf_adds(&b, "June 2022. A short entry.\n\n"), 0);
	assert_int_equal(nw_buf_adds(&b, "May 2022. A long one"), 0);
	for (i = 0; i < 200; i++)
		assert_int_equal(nw_buf_adds(&b, " and more\n"), 0);
	assert_int_equal(nw_buf_adds(&b, "\nApril 2022. Short.\n"), 0);
	doc = nw_buf_detach(&b, &len);
	assert_int_equal(split(&f, doc, len, a, &g, &err), -1);
	assert_int_equal(err.code, NW_E_LIMIT);
	assert_int_equal(err.line, 3);
	assert_non_null(strstr(err.msg, "max-entry-size"));
	assert_int_equal(g.n, 0);
	/* at the default cap it passes */
	got_free(&g);
	assert_int_equal(split(NULL, doc, len, a, &g, &err), 3);
	assert_true(g.r[1]->textlen > 1000);
	got_free(&g);
	nw_arena_free(a);
	free(doc);
}

/*
 * Memory stays bounded by lines, not bytes: a flood of blank lines is one
 * blank line, and a document of more than NW_MAX_DOC_LINES lines fails.
 */
static void
test_line_floods(void **state)
{
	struct nw_error err;
	struct nw_arena *a = nw_arena_new();
	struct got g = { 0 };
	size_t n = 8u << 20, i;
	char *doc;

	(void)state;
	assert_true(n + 64 > 2 * ((size_t)NW_MAX_DOC_LINES + 1));
	doc = xmalloc(n + 64);
	memcpy(doc, "May 2022. Hackers hit a bank.", 29);
	memset(doc + 29, '\n', n);
	memcpy(doc + 29 + n, "April 2022. Hackers hit a port.\n", 32);
	assert_int_equal(split(NULL, doc, n + 61, a, &g, &err), 2);
	assert_int_equal(g.r[1]->line, (long)n + 1);
	got_free(&g);
	for (i = 0; i < 2 * ((size_t)NW_MAX_DOC_LINES + 1); i++)
		doc[i] = i % 2 ? '\n' : 'a';
	doc[i] = '\0';
	assert_int_equal(split(NULL, doc, i, a, &g, &err), -1);
	assert_int_equal(err.code, NW_E_LIMIT);
	assert_non_null(strstr(err.msg, "lines"));
	assert_int_equal(g.n, 0);
	free(doc);
	nw_arena_free(a);
}

/* A generated list of n entries, newest first, each unique. */
static char *
gen_list(size_t n, size_t *len)
{
	static const char *const months[] = { "January", "February", "March",
	    "April", "May", "June", "July", "August", "September", "October",
	    "November", "December" };
	struct nw_buf b;
	size_t i, page = 1;

	nw_buf_init(&b, 512 * n + 4096);
	assert_int_equal(nw_buf_adds(&b, "Significant Cyber Incidents\n\n"
	    "This timeline records significant cyber incidents since 2006.\n\n"),
	    0);
	for (i = 0; i < n; i++) {
		size_t k = n - 1 - i;

		assert_int_equal(nw_buf_addf(&b, "%s %zu. Hackers targeted "
		    "system number %zu of a government agency in a campaign "
		    "that\nofficials attributed to a state-sponsored group "
		    "known as Group-%zu.\n\n", months[k % 12], 2025 - k / 400,
		    k, k % 97), 0);
		if (i % 9 == 8) {
			assert_int_equal(nw_buf_addf(&b, "Page %zu\n\f"
			    "Significant Cyber Incidents\n", page++), 0);
		}
	}
	return nw_buf_detach(&b, len);
}

static void
test_max_entries(void **state)
{
	struct nw_feed f;
	struct nw_error err;
	struct nw_arena *a = nw_arena_new();
	struct got g = { 0 };
	char *doc;
	size_t len;

	(void)state;
	feed_init(&f);
	f.limits.max_entries = 5;
	doc = gen_list(10, &len);
	assert_int_equal(split(&f, doc, len, a, &g, &err), -1);
	assert_int_equal(err.code, NW_E_LIMIT);
	assert_int_equal(err.line, 20);		/* the sixth entry */
	assert_non_null(strstr(err.msg, "max-entries"));
	assert_int_equal(g.n, 0);
	f.limits.max_entries = 10;
	assert_int_equal(split(&f, doc, len, a, &g, &err), 10);
	got_free(&g);
	nw_arena_free(a);
	free(doc);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void
test_ten_thousand(void **state)
{
	struct nw_error err;
	struct nw_arena *a = nw_arena_new();
	struct got g = { 0 };
	const char **ids;
	char *doc, want[64];
	size_t len, i;

	(void)state;
	doc = gen_list(10000, &len);
	assert_int_equal(split(NULL, doc, len, a, &g, &err), 10000);
	ids = xreallocarray(NULL, g.n, sizeof(*ids));
	for (i = 0; i < g.n; i++) {
		size_t k = g.n - 1 - i;

		snprintf(want, sizeof(want), "system number %zu of", k);
		assert_non_null(strstr(g.r[i]->text, want));
		assert_int_equal(g.r[i]->date.y, (int)(2025 - k / 400));
		assert_int_equal(g.r[i]->date.m, (int)(k % 12 + 1));
		assert_null(strstr(g.r[i]->text, "Page"));
		assert_null(strstr(g.r[i]->text, "Significant"));
		ids[i] = g.r[i]->native_id;
	}
	qsort(ids, g.n, sizeof(*ids), cmp_str);
	for (i = 1; i < g.n; i++)
		assert_string_not_equal(ids[i - 1], ids[i]);
	free(ids);
	got_free(&g);
	nw_arena_free(a);
	free(doc);
}

static void
test_callback_stops(void **state)
{
	struct nw_error err;
	struct nw_arena *a = nw_arena_new();
	struct got g = { 0 };
	char *doc;
	size_t len;

	(void)state;
	doc = gen_list(5, &len);
	g.stop_at = 3;
	nw_error_clear(&err);
	nw_error_set(&err, NW_E_STORE, "callee's error");
	assert_int_equal(nw_csis_split_text(NULL, "x", doc, len, a, collect, &g,
	    &err), -1);
	assert_int_equal(g.n, 2);
	assert_int_equal(err.code, NW_E_STORE);	/* left to the callee */
	assert_string_equal(err.msg, "callee's error");
	got_free(&g);
	nw_arena_free(a);
	free(doc);
}

/* --- the parser and the registry ------------------------------------------------------- */

static void
test_registry(void **state)
{
	const struct nw_parser *const *all;
	const struct nw_parser *p;
	size_t i;
	int found = 0, fmt = 0;

	(void)state;
	p = nw_parser_find("csis");
	assert_ptr_equal(p, &nw_parser_csis);
	assert_string_equal(p->kind, "csis");
	assert_non_null(p->summary);
	assert_non_null(p->parse);
	assert_non_null(p->check);
	assert_null(nw_parser_find("CSIS"));
	assert_null(nw_parser_find("nope"));
	assert_null(nw_parser_find(""));
	assert_null(nw_parser_find(NULL));
	all = nw_parsers();
	for (i = 0; all[i] != NULL; i++)
		if (all[i] == &nw_parser_csis)
			found++;
	assert_int_equal(found, 1);
	for (i = 0; p->options[i] != NULL; i++)
		if (strcmp(p->options[i], "format") == 0)
			fmt++;
	assert_int_equal(fmt, 1);
}

struct errs {
	struct nw_error	last;
	int		n;
};

static void
on_err(const struct nw_error *e, void *arg)
{
	struct errs *es = arg;

	es->last = *e;
	es->n++;
}

static void
test_check_format(void **state)
{
	struct nw_feed_opt opts[] = {
		{ "format", "text", 6 },
		{ "other", "x", 7 },
		{ "format", "pdf\x01", 9 },
	};
	struct nw_feed f;
	struct errs es = { .n = 0 };
	char buf[1024];

	(void)state;
	feed_init(&f);
	f.path = "feeds/csis.feed";
	f.opts = opts;
	f.nopts = 2;
	assert_int_equal(nw_parser_csis.check(&f, on_err, &es), 0);
	assert_int_equal(es.n, 0);
	f.nopts = 3;
	assert_int_equal(nw_parser_csis.check(&f, on_err, &es), 1);
	assert_int_equal(es.n, 1);
	assert_int_equal(es.last.code, NW_E_CONFIG);
	assert_int_equal(es.last.line, 9);
	nw_error_str(&es.last, buf, sizeof(buf));
	assert_non_null(strstr(buf, "test-csis: feeds/csis.feed:9: format:"));
	assert_non_null(strstr(buf, "pdf\\x01"));	/* escaped */
	assert_non_null(strstr(buf, "auto, text or html"));
	opts[2].value = "html";
	assert_int_equal(nw_parser_csis.check(&f, NULL, NULL), 0);
	opts[2].value = "auto";
	assert_int_equal(nw_parser_csis.check(&f, NULL, NULL), 0);
	opts[2].value = "";
	assert_int_equal(nw_parser_csis.check(&f, NULL, NULL), 1);
}

static void
test_parse_text_doc(void **state)
{
	struct nw_feed_opt opt = { "format", "text", 4 };
	struct nw_feed f;
	struct nw_doc doc;
	struct nw_error err;
	struct nw_arena *a = nw_arena_new();
	struct got g = { 0 };
	size_t len;
	char *text;

	(void)state;
	feed_init(&f);
	text = fixture("list-pages.txt", &len);
	memset(&doc, 0, sizeof(doc));
	doc.data = text;
	doc.len = len;
	doc.url = "https://example.org/list.pdf";
	doc.name = "list.pdf";
	doc.content_type = "application/pdf";
	nw_error_clear(&err);
	assert_int_equal(nw_parser_csis.parse(&f, &doc, a, collect, &g, &err),
	    10);
	assert_string_equal(g.r[0]->url, "https://example.org/list.pdf");
	assert_int_equal(g.r[0]->line, 11);
	got_free(&g);
	/* forced to text, the same */
	f.opts = &opt;
	f.nopts = 1;
	assert_int_equal(nw_parser_csis.parse(&f, &doc, a, collect, &g, &err),
	    10);
	got_free(&g);
	/* a bad format value fails with the definition's line */
	opt.value = "pdf";
	f.path = "feeds/x.feed";
	assert_int_equal(nw_parser_csis.parse(&f, &doc, a, collect, &g, &err),
	    -1);
	assert_int_equal(err.code, NW_E_CONFIG);
	assert_int_equal(err.line, 4);
	assert_string_equal(err.file, "feeds/x.feed");
	/* an unconverted PDF */
	f.nopts = 0;
	doc.data = "%PDF-1.4\n\xff\xfe binary";
	doc.len = strlen(doc.data);
	nw_error_clear(&err);
	assert_int_equal(nw_parser_csis.parse(&f, &doc, a, collect, &g, &err),
	    -1);
	assert_int_equal(err.code, NW_E_PARSE);
	assert_string_equal(err.feed, "test-csis");
	assert_string_equal(err.file, "list.pdf");
	assert_non_null(strstr(err.msg, "without conversion"));
	assert_int_equal(g.n, 0);
	got_free(&g);
	nw_arena_free(a);
	free(text);
}

/* --- HTML and the sample documents --------------------------------------------------- */

static long
parse_doc(const struct nw_feed *f, const char *data, size_t len,
    const char *name, const char *ctype, struct nw_arena *a, struct got *g,
    struct nw_error *err)
{
	struct nw_doc doc;

	memset(&doc, 0, sizeof(doc));
	doc.data = data;
	doc.len = len;
	doc.url = "https://example.org/list";
	doc.name = name;
	doc.content_type = ctype;
	nw_error_clear(err);
	return nw_parser_csis.parse(f, &doc, a, collect, g, err);
}

static void
test_html(void **state)
{
	const char *html =
	    "<!DOCTYPE html><html><head><title>List</title>"
	    "<script>var s = \"June 2099. Not an entry.\";</script></head>"
	    "<body><nav>Home | May 2020. Menu</nav>"
	    "<h1>Significant Cyber Incidents</h1><p>Since 2006, we list them.</p>"
	    "<p><strong>June&nbsp;2022.</strong> Hackers targeted the port of "
	    "Tallinn.<br>Officials blamed &ldquo;Killnet&rdquo;.</p>"
	    "<p>Since 2017, a group has targeted Baltic ports.</p>"
	    "<h2>2021</h2>"
	    "<p>May 2021. Hackers targeted a bank in Riga.</p>"
	    "<footer>Page 1 of 1</footer></body></html>";
	const char *frag = "<p>June 2022. Hackers targeted a port.</p>\n"
	    "<p>May 2022. Hackers targeted a bank.</p>";
	struct nw_feed_opt opt = { "format", "html", 3 };
	struct nw_feed f;
	struct nw_error err;
	struct nw_arena *a = nw_arena_new();
	struct got g = { 0 };
	const char *bad;
	char *deep;
	size_t i;

	(void)state;
	feed_init(&f);
	/* auto: sniffed as HTML */
	assert_int_equal(parse_doc(&f, html, strlen(html), "list.html", NULL,
	    a, &g, &err), 3);
	assert_string_equal(g.r[0]->text, "June 2022. Hackers targeted the port "
	    "of Tallinn. Officials blamed \"Killnet\".");
	assert_string_equal(g.r[1]->text,
	    "Since 2017, a group has targeted Baltic ports.");
	assert_int_equal(g.r[1]->date.m, 6);
	assert_string_equal(g.r[2]->text,
	    "May 2021. Hackers targeted a bank in Riga.");
	for (i = 0; i < g.n; i++) {
		/* lines of the extracted text are not the document's */
		assert_int_equal(g.r[i]->line, 0);
		assert_int_equal(g.r[i]->offset, -1);
		assert_string_equal(g.r[i]->url, "https://example.org/list");
	}
	got_free(&g);
	/* a fragment: the content type decides, and format=html forces it */
	assert_int_equal(nw_html_sniff(frag, strlen(frag)), 0);
	/* as text, no line opens with a date */
	assert_int_equal(parse_doc(&f, frag, strlen(frag), "l", "text/plain",
	    a, &g, &err), -1);
	assert_int_equal(err.code, NW_E_PARSE);
	assert_int_equal(parse_doc(&f, frag, strlen(frag), "l",
	    "text/html; charset=utf-8", a, &g, &err), 2);
	assert_null(strstr(g.r[0]->text, "</p>"));
	got_free(&g);
	/* but a text list served as text/html stays text */
	bad = "June 2022. Hackers hit a port.\n\nMay 2022. Hackers hit a bank.\n";
	assert_int_equal(parse_doc(&f, bad, strlen(bad), "l", "text/html", a,
	    &g, &err), 2);
	assert_int_equal(g.r[1]->line, 3);
	got_free(&g);
	f.opts = &opt;
	f.nopts = 1;
	assert_int_equal(parse_doc(&f, frag, strlen(frag), "l", "text/plain",
	    a, &g, &err), 2);
	got_free(&g);
	/* errors in the text name it as the text of the HTML */
	bad = "<p>June 2022. A.</p><p>x</p><p>February 30, 2022. B.</p>";
	assert_int_equal(parse_doc(&f, bad, strlen(bad), "list.html", NULL, a,
	    &g, &err), -1);
	assert_int_equal(err.code, NW_E_DATA);
	assert_string_equal(err.feed, "test-csis");
	assert_string_equal(err.file, "list.html (text of HTML)");
	assert_int_equal(err.line, 5);
	/* too deep: the converter's error, with feed and file */
	deep = xmalloc(300 * 5 + 1);
	for (i = 0; i < 300; i++)
		memcpy(deep + 5 * i, "<div>", 5);
	deep[300 * 5] = '\0';
	assert_int_equal(parse_doc(&f, deep, strlen(deep), "deep.html", NULL,
	    a, &g, &err), -1);
	assert_int_equal(err.code, NW_E_LIMIT);
	assert_string_equal(err.feed, "test-csis");
	assert_string_equal(err.file, "deep.html");
	assert_int_equal(g.n, 0);
	free(deep);
	got_free(&g);
	nw_arena_free(a);
}

/* Split a line of expected-entries.tsv into its date, first and last words. */
struct sample {
	char	*date;
	char	*first;
	char	*last;
};

static size_t
samples_load(struct sample **out)
{
	struct sample *v = NULL;
	char *data, *p, *nl, *t1, *t2;
	size_t len, n = 0;

	data = source_file("feeds/samples/expected-entries.tsv", &len);
	for (p = data; *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		assert_non_null(nl);
		*nl = '\0';
		t1 = strchr(p, '\t');
		assert_non_null(t1);
		*t1++ = '\0';
		t2 = strchr(t1, '\t');
		assert_non_null(t2);
		*t2++ = '\0';
		v = xreallocarray(v, n + 1, sizeof(*v));
		v[n].date = xstrdup(p);
		v[n].first = xstrdup(t1);
		v[n].last = xstrdup(t2);
		n++;
	}
	free(data);
	*out = v;
	return n;
}

/* Normalize expected words as report texts are (curly quotes and all). */
static char *
norm(const char *s)
{
	struct nw_buf b;
	size_t len;

	nw_buf_init(&b, 4096);
	assert_int_equal(nw_text_normalize(s, strlen(s), &b), 0);
	return nw_buf_detach(&b, &len);
}

static void
check_samples(const char *what, const struct got *g, const struct sample *want,
    size_t n)
{
	struct nw_date d;
	char date[16], *first, *last;
	const char *body;
	size_t i, used, tl;

	if (g->n != n)
		fail_msg("%s: %zu entries, wanted %zu", what, g->n, n);
	for (i = 0; i < n; i++) {
		const struct nw_report *r = g->r[i];

		nw_date_format(&r->date, date);
		if (strcmp(date, want[i].date) != 0)
			fail_msg("%s: entry %zu: date %s, wanted %s", what, i, date,
			    want[i].date);
		body = r->text;
		if (nw_datemark_parse(r->text, r->textlen, 2100, &d, &used) ==
		    NW_DATEMARK_OK)
			body += used;
		first = norm(want[i].first);
		last = norm(want[i].last);
		tl = strlen(last);
		if (strncmp(body, first, strlen(first)) != 0 ||
		    r->textlen < tl || strcmp(r->text + r->textlen - tl, last) != 0)
			fail_msg("%s: entry %zu: \"%s\" is not \"%s ... %s\"",
			    what, i, r->text, first, last);
		free(first);
		free(last);
	}
}

static void
test_samples_agree(void **state)
{
	struct nw_feed f;
	struct nw_error err;
	struct nw_arena *a = nw_arena_new();
	struct got gt = { 0 }, gh = { 0 }, gp = { 0 };
	struct sample *want;
	size_t n, len, plen, tlen, i;
	char *txt, *html, *pdf, *ptext;

	(void)state;
	feed_init(&f);
	n = samples_load(&want);
	assert_int_equal(n, 42);

	txt = source_file("feeds/samples/csis-list.txt", &len);
	assert_int_equal(parse_doc(&f, txt, len, "csis-list.txt", "text/plain",
	    a, &gt, &err), (long)n);
	check_samples("text", &gt, want, n);

	html = source_file("feeds/samples/csis-list.html", &len);
	assert_int_equal(parse_doc(&f, html, len, "csis-list.html", NULL, a,
	    &gh, &err), (long)n);
	check_samples("html", &gh, want, n);

	/* the PDF through pdftotext, as ingest does */
	pdf = source_file("feeds/samples/csis-list.pdf", &plen);
	nw_error_clear(&err);
	ptext = nw_convert(NW_PDF_CONVERTER, pdf, plen, &f.limits, &tlen, &err);
	if (ptext == NULL)
		fail_msg("pdftotext: %s", err.msg);
	assert_int_equal(parse_doc(&f, ptext, tlen, "csis-list.pdf", NULL, a,
	    &gp, &err), (long)n);
	check_samples("pdf", &gp, want, n);

	/* the same ids whatever the format */
	for (i = 0; i < n; i++) {
		assert_string_equal(gh.r[i]->native_id, gt.r[i]->native_id);
		assert_string_equal(gp.r[i]->native_id, gt.r[i]->native_id);
	}
	for (i = 0; i < n; i++) {
		free(want[i].date);
		free(want[i].first);
		free(want[i].last);
	}
	free(want);
	free(txt);
	free(html);
	free(pdf);
	free(ptext);
	got_free(&gt);
	got_free(&gh);
	got_free(&gp);
	nw_arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pages_golden),
		cmocka_unit_test(test_noff_same_entries),
		cmocka_unit_test(test_line_ends_and_bom),
		cmocka_unit_test(test_edition_on_top),
		cmocka_unit_test(test_id_ignores_noise),
		cmocka_unit_test(test_id_shapes),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_preamble_and_undated),
		cmocka_unit_test(test_marker_alone),
		cmocka_unit_test(test_noise_without_pages),
		cmocka_unit_test(test_breaks_without_pages),
		cmocka_unit_test(test_twice_is_not_a_header),
		cmocka_unit_test(test_running_headers),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_hostile_files),
		cmocka_unit_test(test_bad_bytes_places),
		cmocka_unit_test(test_impossible_in_prose),
		cmocka_unit_test(test_entry_too_long),
		cmocka_unit_test(test_max_entries),
		cmocka_unit_test(test_line_floods),
		cmocka_unit_test(test_ten_thousand),
		cmocka_unit_test(test_callback_stops),
		cmocka_unit_test(test_registry),
		cmocka_unit_test(test_check_format),
		cmocka_unit_test(test_parse_text_doc),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_samples_agree),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
