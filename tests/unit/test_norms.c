/*
 * test_norms.c - rules files and the mapper: every condition and pattern
 * feature, evidence offsets, order and determinism, near misses, every
 * kind of load error with its file:line:col, the limits, a catastrophic
 * pattern, and the prefilter giving the same answers as plain pcre2.
 */
#include "config.h"

#include <sys/stat.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "normwatch/error.h"
#include "normwatch/limits.h"
#include "normwatch/norms.h"
#include "normwatch/report.h"
#include "normwatch/util.h"

/* --- helpers ----------------------------------------------------------- */

static const char *
srcdir(void)
{
	const char *d = getenv("NW_SRCDIR");

	return d != NULL && *d != '\0' ? d : ".";
}

static char *
datapath(const char *rel)
{
	return xasprintf("%s/tests/data/norms/%s", srcdir(), rel);
}

/* Errors as "file:line:col: msg" lines. */
struct errs {
	int	n;
	char	s[64][700];
};

static void
collect(const struct nw_error *e, void *arg)
{
	struct errs *x = arg;

	if (x->n < 64)
		nw_error_str(e, x->s[x->n], sizeof(x->s[0]));
	x->n++;
}

/* Parse text as "t.rules"; NULL and errors in *x when it does not load. */
static struct nw_rules *
parse(const char *text, struct errs *x)
{
	struct nw_error err;

	memset(x, 0, sizeof(*x));
	return nw_rules_parse("t.rules", text, strlen(text), collect, x, &err);
}

/* Parse text that must load. */
static struct nw_rules *
must_parse(const char *text)
{
	struct nw_rules *rs;
	struct errs x;

	rs = parse(text, &x);
	if (rs == NULL)
		fail_msg("rules do not load: %s", x.s[0]);
	return rs;
}

/* Parse text that must not load; the first error must be want. */
static void
parse_fails(const char *text, const char *want)
{
	struct nw_rules *rs;
	struct errs x;

	rs = parse(text, &x);
	if (rs != NULL) {
		nw_rules_free(rs);
		fail_msg("rules load, wanted: %s", want);
	}
	assert_true(x.n >= 1);
	assert_string_equal(x.s[0], want);
}

/* Lines 1-10 of every inline rules file; rules start at line 11. */
#define HDR								\
	"framework t\n"				/* 1 */			\
	"name = Test\n"				/* 2 */			\
	"version = 1\n"				/* 3 */			\
	"url = https://example.org/\n"		/* 4 */			\
	"principle 1\n"				/* 5 */			\
	"title = One\n"				/* 6 */			\
	"principle 2\n"				/* 7 */			\
	"title = Two\n"				/* 8 */			\
	"principle 9\n"				/* 9 */			\
	"title = Nine\n"			/* 10 */

/* The four lines that open a rule. */
#define RULE(id, p)							\
	"rule " id "\nprinciple = " p "\nconfidence = 50\n"		\
	"rationale = Because.\n"

/* One incident being built. */
struct inc {
	struct nw_extract	ex[4];
	struct nw_map_report	rep[4];
	struct nw_map_input	in;
};

static void
inc_init(struct inc *c, const char *text)
{
	memset(c, 0, sizeof(*c));
	c->rep[0].text = text;
	c->rep[0].len = strlen(text);
	c->rep[0].ex = &c->ex[0];
	c->in.reports = c->rep;
	c->in.nreports = 1;
}

static void
inc_add_report(struct inc *c, const char *text)
{
	size_t i = c->in.nreports++;

	c->rep[i].text = text;
	c->rep[i].len = strlen(text);
	c->rep[i].ex = &c->ex[i];
}

static void
add_attr(struct nw_extract *ex, const char *cc, enum nw_hedge h,
    enum nw_party by, uint32_t off, uint32_t len)
{
	struct nw_attribution *a = &ex->attr[ex->nattr++];

	memcpy(a->state, cc, 3);
	a->hedge = h;
	a->by = by;
	a->ev.off = off;
	a->ev.len = len;
}

static void
set_date(struct inc *c, const char *iso)
{
	if (nw_date_parse_iso(iso, &c->in.date) == -1)
		fail_msg("bad date %s", iso);
}

/* Map with a fresh mapper; the result lives in *mp until it is freed. */
static const struct nw_map_result *
map(const struct nw_rules *rs, struct nw_mapper **mp, struct inc *c,
    int flags)
{
	const struct nw_map_result *res;
	struct nw_error err;

	if (*mp == NULL && (*mp = nw_mapper_new(rs, &err)) == NULL)
		fail_msg("nw_mapper_new: %s", err.msg);
	if (nw_mapper_run(*mp, &c->in, flags, &res, &err) == -1)
		fail_msg("nw_mapper_run: %s", err.msg);
	return res;
}

/* The ids of the rules that fired, blank-separated. */
static const char *
fired(const struct nw_map_result *res)
{
	static char buf[2048];
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < res->nfindings && n < sizeof(buf); i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s",
		    i > 0 ? " " : "", res->findings[i].rule->id);
	return buf;
}

static const struct nw_finding *
finding(const struct nw_map_result *res, const char *id)
{
	size_t i;

	for (i = 0; i < res->nfindings; i++)
		if (strcmp(res->findings[i].rule->id, id) == 0)
			return &res->findings[i];
	return NULL;
}

static const struct nw_near_miss *
near(const struct nw_map_result *res, const char *id)
{
	size_t i;

	for (i = 0; i < res->nnear; i++)
		if (strcmp(res->near[i].rule->id, id) == 0)
			return &res->near[i];
	return NULL;
}

/* Everything in a result, as text (caller frees). */
static char *
result_str(const struct nw_map_result *res)
{
	struct nw_buf b;
	const struct nw_finding *f;
	const struct nw_evidence *e;
	size_t i, j;
	char ebuf[1024];
	int rc = 0;

	nw_buf_init(&b, 1u << 24);
	for (i = 0; i < res->nfindings; i++) {
		f = &res->findings[i];
		rc |= nw_buf_addf(&b, "F %s %s %s %d\n", f->framework->id,
		    f->principle->id, f->rule->id, f->confidence);
		for (j = 0; j < f->nev; j++) {
			e = &f->ev[j];
			rc |= nw_buf_addf(&b, " E %d %zu %u %u %s %ld:%ld %s %d\n",
			    (int)e->kind, e->report, e->span.off, e->span.len,
			    e->source, e->line, e->col, e->text, e->cut);
		}
	}
	for (i = 0; i < res->nnear; i++)
		rc |= nw_buf_addf(&b, "N %s %ld:%ld %d %s\n",
		    res->near[i].rule->id, res->near[i].line,
		    res->near[i].col, res->near[i].principle_found,
		    res->near[i].what);
	for (i = 0; i < res->nwarnings; i++)
		rc |= nw_buf_addf(&b, "W %s\n", nw_error_str(&res->warnings[i],
		    ebuf, sizeof(ebuf)));
	assert_int_equal(rc, 0);
	return nw_buf_detach(&b, NULL);
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* --- loading -------------------------------------------------------------- */

static void
test_load_dir(void **state)
{
	struct nw_rules *rs;
	struct nw_error err;
	const struct nw_framework *f;
	const struct nw_principle *p;
	const struct nw_rule *r, *prev = NULL;
	char *dir = datapath("bench"), *path, *text, hex[NW_SHA256_HEX];
	size_t i, j, len;
	struct errs x;

	(void)state;
	memset(&x, 0, sizeof(x));
	rs = nw_rules_load_dir(dir, collect, &x, &err);
	if (rs == NULL)
		fail_msg("%s", x.s[0]);
	assert_int_equal(nw_rules_nframeworks(rs), 2);
	/* sorted by id, not by file name (gge-test.rules, pc-test.rules) */
	assert_string_equal(nw_rules_framework(rs, 0)->id, "test-gge");
	assert_string_equal(nw_rules_framework(rs, 1)->id, "test-pc");
	assert_null(nw_rules_framework(rs, 2));
	assert_int_equal(nw_rules_nprinciples(rs), 11 + 9);
	f = nw_rules_framework(rs, 1);
	assert_int_equal(f->principle0, 11);
	assert_int_equal(f->nprinciples, 9);
	assert_string_equal(f->name, "Test framework shaped like the Paris "
	    "Call");
	assert_string_equal(f->version, "test 1");
	assert_string_equal(f->url, "https://example.org/paris-call");
	assert_int_equal(f->line, 4);
	/* principles in file order, each pointing back */
	for (i = 0; i < f->nprinciples; i++) {
		p = nw_rules_principle(rs, f->principle0 + i);
		assert_int_equal(p->framework, 1);
		assert_int_equal(p->index, f->principle0 + i);
		assert_int_equal(p->id[0], (char)('1' + i));
	}
	assert_string_equal(nw_rules_principle(rs, 0)->title,
	    "Interstate cooperation on stability");
	/* rules: framework, then principle, then file order */
	assert_int_equal(nw_rules_nrules(rs), 32 + 28);
	for (i = 0; i < nw_rules_nrules(rs); i++) {
		r = nw_rules_rule(rs, i);
		assert_int_equal(r->index, i);
		if (prev != NULL) {
			assert_true(r->framework >= prev->framework);
			if (r->framework == prev->framework) {
				assert_true(r->principle >= prev->principle);
				if (r->principle == prev->principle)
					assert_true(r->line > prev->line);
			}
		}
		f = nw_rules_framework(rs, r->framework);
		assert_true(i >= f->rule0 && i < f->rule0 + f->nrules);
		assert_true(r->principle >= f->principle0 &&
		    r->principle < f->principle0 + f->nprinciples);
		prev = r;
	}
	/* gge-i-state-supply requires i: still listed under its principle */
	r = nw_rules_find_rule(rs, "gge-i-state-supply");
	assert_non_null(r);
	assert_string_equal(nw_rules_principle(rs, r->principle)->id, "i");
	assert_int_equal(r->confidence, 70);
	assert_string_equal(r->rationale, "A state-linked supply-chain "
	    "operation.");
	assert_non_null(strstr(r->file, "gge-test.rules"));
	assert_null(nw_rules_find_rule(rs, "nope"));
	assert_non_null(nw_rules_find_framework(rs, "test-pc"));
	assert_null(nw_rules_find_framework(rs, "paris-call"));
	/* each framework's sha256 is that of its file */
	for (i = 0; i < 2; i++) {
		f = nw_rules_framework(rs, i);
		text = nw_read_file(f->file, NW_MAX_CONF_FILE, &len, &err);
		assert_non_null(text);
		nw_sha256_hex(text, len, hex);
		assert_string_equal(f->sha256, hex);
		free(text);
	}
	assert_int_equal(strlen(nw_rules_version(rs)), 64);
	for (j = 0; j < 64; j++)
		assert_non_null(strchr("0123456789abcdef",
		    nw_rules_version(rs)[j]));
	assert_true(nw_rules_npatterns(rs) >= 50);
	assert_int_equal(nw_rules_nprefiltered(rs), nw_rules_npatterns(rs));
	nw_rules_free(rs);
	path = datapath("nowhere");
	memset(&x, 0, sizeof(x));
	assert_null(nw_rules_load_dir(path, collect, &x, &err));
	assert_int_equal(x.n, 1);
	assert_non_null(strstr(x.s[0], "cannot read rules directory"));
	free(path);
	path = datapath("..");	/* tests/data: no *.rules directly in it */
	memset(&x, 0, sizeof(x));
	assert_null(nw_rules_load_dir(path, collect, &x, &err));
	assert_non_null(strstr(x.s[0], "no *.rules file"));
	free(path);
	free(dir);
	nw_rules_free(NULL);
	nw_mapper_free(NULL);
}

/* Write a file into dir (test setup). */
static void
put(const char *dir, const char *name, const char *text, size_t len)
{
	struct nw_error err;
	char *p = xasprintf("%s/%s", dir, name);

	if (nw_write_file_atomic(p, text, len, &err) == -1)
		fail_msg("%s", err.msg);
	free(p);
}

static char *
slurp(const char *path, size_t *len)
{
	struct nw_error err;
	char *t = nw_read_file(path, NW_MAX_CONF_FILE, len, &err);

	if (t == NULL)
		fail_msg("%s: %s", path, err.msg);
	return t;
}

static void
test_version(void **state)
{
	char tmpl[] = "/tmp/test_norms.XXXXXX", *dir, *a, *b, *ta, *tb, *tc;
	char v1[NW_SHA256_HEX], v2[NW_SHA256_HEX];
	const char *paths[2];
	struct nw_rules *rs;
	struct nw_error err;
	size_t la, lb;

	(void)state;
	a = datapath("bench/gge-test.rules");
	b = datapath("bench/pc-test.rules");
	ta = slurp(a, &la);
	tb = slurp(b, &lb);
	paths[0] = a;
	paths[1] = b;
	rs = nw_rules_load(paths, 2, NULL, NULL, &err);
	assert_non_null(rs);
	nw_strlcpy(v1, nw_rules_version(rs), sizeof(v1));
	nw_rules_free(rs);
	/* the order given does not matter */
	paths[0] = b;
	paths[1] = a;
	rs = nw_rules_load(paths, 2, NULL, NULL, &err);
	assert_non_null(rs);
	assert_string_equal(nw_rules_version(rs), v1);
	nw_rules_free(rs);
	/* nor do the file names: the same texts, named the other way round */
	dir = mkdtemp(tmpl);
	assert_non_null(dir);
	put(dir, "a.rules", tb, lb);
	put(dir, "b.rules", ta, la);
	rs = nw_rules_load_dir(dir, NULL, NULL, &err);
	assert_non_null(rs);
	assert_string_equal(nw_rules_version(rs), v1);
	nw_rules_free(rs);
	/* one byte of a rationale changes it */
	tc = xstrdup(tb);
	*strstr(tc, "infrastructure sector.") = 'I';
	put(dir, "a.rules", tc, lb);
	rs = nw_rules_load_dir(dir, NULL, NULL, &err);
	assert_non_null(rs);
	nw_strlcpy(v2, nw_rules_version(rs), sizeof(v2));
	assert_string_not_equal(v1, v2);
	nw_rules_free(rs);
	/* the version is that of the frameworks' files in id order */
	{
		char h1[NW_SHA256_HEX], h2[NW_SHA256_HEX], want[NW_SHA256_HEX];
		char *cat;

		nw_sha256_hex(ta, la, h1);	/* test-gge */
		nw_sha256_hex(tb, lb, h2);	/* test-pc */
		cat = xasprintf("%s\n%s\n", h1, h2);
		nw_sha256_hex(cat, strlen(cat), want);
		assert_string_equal(v1, want);
		free(cat);
	}
	free(tc);
	{
		char *p1 = xasprintf("%s/a.rules", dir);
		char *p2 = xasprintf("%s/b.rules", dir);

		unlink(p1);
		unlink(p2);
		free(p1);
		free(p2);
	}
	rmdir(dir);
	free(ta);
	free(tb);
	free(a);
	free(b);
}

/* --- patterns ----------------------------------------------------------- */

static void
test_match_evidence(void **state)
{
	static const char rules[] = HDR
	    RULE("r-two", "1")				/* 11-14 */
	    "match = (?i)\\bransomware\\b\n"		/* 15 */
	    "match   =  hospital\n";			/* 16 */
	/*                  0         1         2         3         4 */
	/*                  0123456789012345678901234567890123456789012 */
	static const char text[] = "Ransomware struck the Kyiv hospital's "
	    "grid.";
	struct nw_rules *rs = must_parse(rules);
	struct nw_mapper *m = NULL;
	const struct nw_map_result *res;
	const struct nw_finding *f;
	struct inc c;

	(void)state;
	inc_init(&c, text);
	res = map(rs, &m, &c, 0);
	assert_string_equal(fired(res), "r-two");
	f = &res->findings[0];
	assert_string_equal(f->framework->id, "t");
	assert_string_equal(f->principle->id, "1");
	assert_int_equal(f->confidence, 50);
	assert_int_equal(f->nev, 2);
	assert_int_equal(f->ev[0].kind, NW_EV_MATCH);
	assert_int_equal(f->ev[0].report, 0);
	assert_int_equal(f->ev[0].span.off, 0);
	assert_int_equal(f->ev[0].span.len, 10);
	assert_string_equal(f->ev[0].text, "Ransomware");
	assert_string_equal(f->ev[0].source, "(?i)\\bransomware\\b");
	assert_int_equal(f->ev[0].line, 15);
	assert_int_equal(f->ev[0].col, 9);
	assert_int_equal(f->ev[1].span.off, 27);
	assert_int_equal(f->ev[1].span.len, 8);
	assert_string_equal(f->ev[1].text, "hospital");
	assert_int_equal(f->ev[1].line, 16);
	assert_int_equal(f->ev[1].col, 12);
	assert_int_equal(f->ev[1].cut, 0);
	assert_int_equal(res->nnear, 0);
	assert_int_equal(res->nwarnings, 0);
	/* case matters without (?i): every match line must match */
	inc_init(&c, "Ransomware struck the Kyiv Hospital.");
	res = map(rs, &m, &c, NW_MAP_NEAR_MISSES);
	assert_string_equal(fired(res), "");
	assert_string_equal(near(res, "r-two")->what,
	    "no match for hospital");
	assert_int_equal(near(res, "r-two")->line, 16);
	assert_int_equal(near(res, "r-two")->col, 12);
	nw_mapper_free(m);
	nw_rules_free(rs);
}

static void
test_evidence_cut(void **state)
{
	static const char rules[] = HDR RULE("long", "1")
	    "match = a\xc3\xa9+\n";
	struct nw_rules *rs = must_parse(rules);
	struct nw_mapper *m = NULL;
	const struct nw_map_result *res;
	const struct nw_evidence *e;
	struct nw_buf b;
	struct inc c;
	size_t i;

	(void)state;
	/* "a" and 300 two-byte characters: 601 bytes of match */
	nw_buf_init(&b, 4096);
	assert_int_equal(nw_buf_adds(&b, "x a"), 0);
	for (i = 0; i < 300; i++)
		assert_int_equal(nw_buf_adds(&b, "\xc3\xa9"), 0);
	inc_init(&c, b.data);
	res = map(rs, &m, &c, 0);
	assert_string_equal(fired(res), "long");
	e = &res->findings[0].ev[0];
	assert_int_equal(e->span.off, 2);
	assert_int_equal(e->span.len, 601);
	assert_int_equal(e->cut, 1);
	/* 200 bytes would split a character: 199 are kept */
	assert_int_equal(strlen(e->text), NW_MAX_EVIDENCE_TEXT - 1);
	assert_memory_equal(e->text, b.data + 2, NW_MAX_EVIDENCE_TEXT - 1);
	nw_buf_free(&b);
	nw_mapper_free(m);
	nw_rules_free(rs);
}

/* Evidence: the attribution, the actor, then match lines in file order. */
static void
test_evidence_order(void **state)
{
	static const char rules[] = HDR
	    RULE("r", "1")				/* 11-14 */
	    "match = grid\n"				/* 15 */
	    "actors = any\n"				/* 16 */
	    "match = Sandworm\n"			/* 17 */
	    "attributed = RU\n";			/* 18 */
	static const char text[] = "Sandworm, a Russian unit, hit the grid.";
	struct nw_rules *rs = must_parse(rules);
	struct nw_mapper *m = NULL;
	const struct nw_map_result *res;
	const struct nw_finding *f;
	struct inc c;

	(void)state;
	inc_init(&c, text);
	add_attr(&c.ex[0], "RU", NW_HEDGE_ASSERTED, NW_PARTY_VENDOR, 12, 7);
	nw_strlcpy(c.ex[0].actors[0].name, "Sandworm", NW_MAX_ACTOR_NAME);
	c.ex[0].actors[0].ev.len = 8;
	c.ex[0].nactors = 1;
	res = map(rs, &m, &c, 0);
	assert_string_equal(fired(res), "r");
	f = &res->findings[0];
	assert_int_equal(f->nev, 4);
	assert_int_equal(f->ev[0].kind, NW_EV_ATTRIBUTION);
	assert_string_equal(f->ev[0].text, "Russian");
	assert_int_equal(f->ev[0].line, 18);
	assert_int_equal(f->ev[1].kind, NW_EV_ACTOR);
	assert_string_equal(f->ev[1].text, "Sandworm");
	assert_int_equal(f->ev[1].line, 16);
	assert_int_equal(f->ev[2].kind, NW_EV_MATCH);
	assert_string_equal(f->ev[2].text, "grid");
	assert_int_equal(f->ev[2].span.off, 34);
	assert_int_equal(f->ev[3].kind, NW_EV_MATCH);
	assert_string_equal(f->ev[3].text, "Sandworm");
	assert_int_equal(f->ev[3].line, 17);
	/* a span that splits a character is no span */
	inc_init(&c, "\xc3\xa9grid Sandworm");
	c.ex[0].attr[0] = (struct nw_attribution){ "RU", NW_HEDGE_ASSERTED,
	    NW_PARTY_VENDOR, { 1, 3 } };
	c.ex[0].nattr = 1;
	c.ex[0].nactors = 1;
	c.ex[0].actors[0].ev.off = 7;
	c.ex[0].actors[0].ev.len = 8;
	res = map(rs, &m, &c, 0);
	f = &res->findings[0];
	assert_int_equal(f->ev[0].span.len, 0);
	assert_string_equal(f->ev[1].text, "Sandworm");
	nw_mapper_free(m);
	nw_rules_free(rs);
}

static void
test_unless(void **state)
{
	static const char rules[] = HDR
	    RULE("r", "1")				/* 11-14 */
	    "match  = (?i)\\bhospital\n"		/* 15 */
	    "unless = (?i)\\bespionage\\b\n"		/* 16 */
	    "unless = (?i)\\bexercise\n";		/* 17 */
	struct nw_rules *rs = must_parse(rules);
	struct nw_mapper *m = NULL;
	const struct nw_map_result *res;
	const struct nw_near_miss *nm;
	struct inc c;

	(void)state;
	inc_init(&c, "The hospital was hit.");
	assert_string_equal(fired(map(rs, &m, &c, 0)), "r");
	inc_init(&c, "Hospital data taken in an espionage campaign.");
	res = map(rs, &m, &c, NW_MAP_NEAR_MISSES);
	assert_string_equal(fired(res), "");
	nm = near(res, "r");
	assert_non_null(nm);
	assert_string_equal(nm->what, "excluded by unless "
	    "(?i)\\bespionage\\b: matched \"espionage\"");
	assert_int_equal(nm->line, 16);
	assert_int_equal(nm->col, 10);
	assert_int_equal(nm->principle_found, 0);
	/* the second unless too; and with both, no near miss (two tests) */
	inc_init(&c, "A hospital EXERCISE.");
	res = map(rs, &m, &c, NW_MAP_NEAR_MISSES);
	assert_string_equal(fired(res), "");
	assert_string_equal(near(res, "r")->what, "excluded by unless "
	    "(?i)\\bexercise: matched \"EXERCISE\"");
	inc_init(&c, "A hospital exercise about espionage.");
	res = map(rs, &m, &c, NW_MAP_NEAR_MISSES);
	assert_string_equal(fired(res), "");
	assert_int_equal(res->nnear, 0);
	/* an unless without a match fires nothing */
	inc_init(&c, "Espionage only.");
	res = map(rs, &m, &c, NW_MAP_NEAR_MISSES);
	assert_int_equal(res->nnear, 0);
	nw_mapper_free(m);
	nw_rules_free(rs);
}

static void
test_define(void **state)
{
	static const char rules[] = HDR
	    RULE("a", "1")				/* 11-14 */
	    "match = @wiper\n"				/* 15 */
	    RULE("b", "2")				/* 16-19 */
	    "match = @wiper\n"				/* 20 */
	    "match = (?i)grid\n"			/* 21 */
	    "define wiper = (?i)\\bwiper\\b   # after its use\n" /* 22 */
	    RULE("c", "2")				/* 23-26 */
	    "match = (?i)grid\n"			/* 27: same text */
	    "match = (?i)\\bwiper\\b\n";		/* 28: as @wiper */
	struct nw_rules *rs = must_parse(rules);
	struct nw_mapper *m = NULL;
	const struct nw_map_result *res;
	struct inc c;

	(void)state;
	/* one compiled pattern per distinct text */
	assert_int_equal(nw_rules_npatterns(rs), 2);
	inc_init(&c, "A wiper hit the grid.");
	res = map(rs, &m, &c, 0);
	assert_string_equal(fired(res), "a b c");
	assert_string_equal(res->findings[0].ev[0].source, "@wiper");
	assert_int_equal(res->findings[0].ev[0].span.off, 2);
	assert_int_equal(res->findings[0].ev[0].line, 15);
	assert_string_equal(res->findings[2].ev[1].source,
	    "(?i)\\bwiper\\b");
	inc_init(&c, "The wipers at the grid.");
	res = map(rs, &m, &c, NW_MAP_NEAR_MISSES);
	assert_string_equal(fired(res), "");
	assert_string_equal(near(res, "a")->what, "no match for @wiper");
	assert_string_equal(near(res, "c")->what,
	    "no match for (?i)\\bwiper\\b");
	nw_mapper_free(m);
	nw_rules_free(rs);
}

/* --- conditions --------------------------------------------------------- */

static void
test_sectors(void **state)
{
	static const char rules[] = HDR
	    RULE("ci", "1")				/* 11-14 */
	    "sectors = energy water\n"			/* 15 */
	    RULE("not-gov", "2")			/* 16-19 */
	    "not-sectors = government military\n"	/* 20 */
	    "match = x\n";				/* 21 */
	struct nw_rules *rs = must_parse(rules);
	struct nw_mapper *m = NULL;
	const struct nw_map_result *res;
	struct inc c;

	(void)state;
	inc_init(&c, "x");
	c.ex[0].sectors = 1u << NW_SECTOR_WATER | 1u << NW_SECTOR_MEDIA;
	res = map(rs, &m, &c, 0);
	assert_string_equal(fired(res), "ci not-gov");
	assert_int_equal(res->findings[0].nev, 0);
	assert_null(res->findings[0].ev);
	c.ex[0].sectors = 1u << NW_SECTOR_GOVERNMENT;
	res = map(rs, &m, &c, NW_MAP_NEAR_MISSES);
	assert_string_equal(fired(res), "");
	assert_string_equal(near(res, "ci")->what,
	    "sectors: none of energy, water among [government]");
	assert_int_equal(near(res, "ci")->line, 15);
	assert_int_equal(near(res, "ci")->col, 11);
	assert_string_equal(near(res, "not-gov")->what,
	    "not-sectors: found government");
	c.ex[0].sectors = 0;
	res = map(rs, &m, &c, NW_MAP_NEAR_MISSES);
	assert_string_equal(fired(res), "not-gov");
	assert_string_equal(near(res, "ci")->what,
	    "sectors: none of energy, water among []");
	nw_mapper_free(m);
	nw_rules_free(rs);
}

static void
test_attributed(void **state)
{
	static const char rules[] = HDR
	    RULE("any", "1")				/* 11-14 */
	    "attributed = any\n"			/* 15 */
	    RULE("none", "1")				/* 16-19 */
	    "attributed = none\n"			/* 20 */
	    RULE("list", "2")				/* 21-24 */
	    "attributed = RU BY\n";			/* 25 */
	struct nw_rules *rs = must_parse(rules);
	struct nw_mapper *m = NULL;
	const struct nw_map_result *res;
	const struct nw_finding *f;
	struct inc c;

	(void)state;
	inc_init(&c, "Hackers tied to Russia struck.");
	res = map(rs, &m, &c, NW_MAP_NEAR_MISSES);
	assert_string_equal(fired(res), "none");
	assert_string_equal(near(res, "any")->what,
	    "attributed: no attribution among []");
	assert_string_equal(near(res, "list")->what,
	    "attributed: no attribution to RU, BY among []");
	add_attr(&c.ex[0], "IR", NW_HEDGE_SUSPECTED, NW_PARTY_VENDOR, 16, 6);
	res = map(rs, &m, &c, NW_MAP_NEAR_MISSES);
	assert_string_equal(fired(res), "any");
	f = finding(res, "any");
	assert_int_equal(f->nev, 1);
	assert_int_equal(f->ev[0].kind, NW_EV_ATTRIBUTION);
	assert_int_equal(f->ev[0].span.off, 16);
	assert_int_equal(f->ev[0].span.len, 6);
	assert_string_equal(f->ev[0].text, "Russia");
	assert_string_equal(f->ev[0].source, "attributed");
	assert_int_equal(f->ev[0].line, 15);
	assert_string_equal(near(res, "none")->what,
	    "attributed: expected none, found [IR suspected by vendor]");
	assert_string_equal(near(res, "list")->what, "attributed: no "
	    "attribution to RU, BY among [IR suspected by vendor]");
	add_attr(&c.ex[0], "RU", NW_HEDGE_ASSERTED, NW_PARTY_GOVERNMENT, 16,
	    6);
	res = map(rs, &m, &c, 0);
	assert_string_equal(fired(res), "any list");
	/* the evidence is the first attribution that meets the list */
	f = finding(res, "list");
	assert_int_equal(f->ev[0].span.off, 16);
	/* a span outside the text is kept as no span, not trusted */
	c.ex[0].attr[1].ev.off = 1000;
	res = map(rs, &m, &c, 0);
	f = finding(res, "list");
	assert_int_equal(f->ev[0].span.len, 0);
	assert_string_equal(f->ev[0].text, "");
	nw_mapper_free(m);
	nw_rules_free(rs);
}

static void
test_hedge_by(void **state)
{
	static const char rules[] = HDR
	    RULE("asserted", "1")			/* 11-14 */
	    "hedge = asserted\n"			/* 15 */
	    RULE("by-gov", "1")				/* 16-19 */
	    "by = government self\n"			/* 20 */
	    RULE("joint", "2")				/* 21-24 */
	    "attributed = RU\n"				/* 25 */
	    "hedge = asserted\n"			/* 26 */
	    "by = government\n";			/* 27 */
	struct nw_rules *rs = must_parse(rules);
	struct nw_mapper *m = NULL;
	const struct nw_map_result *res;
	struct inc c;

	(void)state;
	inc_init(&c, "x");
	add_attr(&c.ex[0], "RU", NW_HEDGE_SUSPECTED, NW_PARTY_VENDOR, 0, 0);
	res = map(rs, &m, &c, NW_MAP_NEAR_MISSES);
	assert_string_equal(fired(res), "");
	assert_string_equal(near(res, "asserted")->what, "hedge: no asserted "
	    "attribution among [RU suspected by vendor]");
	assert_int_equal(near(res, "asserted")->line, 15);
	assert_string_equal(near(res, "by-gov")->what, "by: no attribution by "
	    "government, self among [RU suspected by vendor]");
	/* joint fails two tests at once with this one attribution */
	assert_null(near(res, "joint"));
	/* an asserted attribution to another state, by a government: the
	 * joint rule still wants it to be Russia */
	add_attr(&c.ex[0], "CN", NW_HEDGE_ASSERTED, NW_PARTY_GOVERNMENT, 0, 0);
	res = map(rs, &m, &c, NW_MAP_NEAR_MISSES);
	assert_string_equal(fired(res), "asserted by-gov");
	assert_string_equal(near(res, "joint")->what, "attributed: no "
	    "asserted attribution to RU by government among [RU suspected "
	    "by vendor, CN asserted by government]");
	assert_int_equal(near(res, "joint")->line, 25);
	c.ex[0].attr[0].hedge = NW_HEDGE_ASSERTED;
	res = map(rs, &m, &c, NW_MAP_NEAR_MISSES);
	assert_string_equal(near(res, "joint")->what, "by: no asserted "
	    "attribution to RU by government among [RU asserted by vendor, "
	    "CN asserted by government]");
	assert_int_equal(near(res, "joint")->line, 27);
	c.ex[0].attr[0].by = NW_PARTY_GOVERNMENT;
	res = map(rs, &m, &c, 0);
	assert_string_equal(fired(res), "asserted by-gov joint");
	nw_mapper_free(m);
	nw_rules_free(rs);
}

static void
test_sponsorship(void **state)
{
	static const char rules[] = HDR
	    RULE("state", "1")				/* 11-14 */
	    "sponsorship = state\n"			/* 15 */
	    RULE("unknown", "1")			/* 16-19 */
	    "sponsorship = unknown\n"			/* 20 */
	    RULE("not-state", "2")			/* 21-24 */
	    "sponsorship = non-state unknown\n";	/* 25 */
	struct nw_rules *rs = must_parse(rules);
	struct nw_mapper *m = NULL;
	const struct nw_map_result *res;
	struct inc c;

	(void)state;
	inc_init(&c, "x");
	assert_string_equal(fired(map(rs, &m, &c, 0)), "unknown not-state");
	c.ex[0].sponsorship = NW_SPONSOR_STATE;
	res = map(rs, &m, &c, NW_MAP_NEAR_MISSES);
	assert_string_equal(fired(res), "state");
	assert_string_equal(near(res, "unknown")->what,
	    "sponsorship: none of unknown among [state]");
	/* a second report that does not know adds nothing */
	inc_add_report(&c, "y");
	assert_string_equal(fired(map(rs, &m, &c, 0)), "state");
	/* one that says non-state adds that */
	c.ex[1].sponsorship = NW_SPONSOR_NONSTATE;
	res = map(rs, &m, &c, NW_MAP_NEAR_MISSES);
	assert_string_equal(fired(res), "state not-state");
	assert_string_equal(near(res, "unknown")->what,
	    "sponsorship: none of unknown among [state, non-state]");
	nw_mapper_free(m);
	nw_rules_free(rs);
}

static void
test_actors_victims(void **state)
{
	static const char rules[] = HDR
	    RULE("actor", "1")				/* 11-14 */
	    "actors = any\n"				/* 15 */
	    RULE("no-actor", "1")			/* 16-19 */
	    "actors = none\n"				/* 20 */
	    RULE("victim", "2")				/* 21-24 */
	    "victims = any\n"				/* 25 */
	    RULE("no-victim", "2")			/* 26-29 */
	    "victims = none\n"				/* 30 */
	    RULE("ua-pl", "9")				/* 31-34 */
	    "victims = UA PL\n";			/* 35 */
	struct nw_rules *rs = must_parse(rules);
	struct nw_mapper *m = NULL;
	const struct nw_map_result *res;
	const struct nw_finding *f;
	struct inc c;

	(void)state;
	inc_init(&c, "APT28 hit Kyiv.");
	res = map(rs, &m, &c, NW_MAP_NEAR_MISSES);
	assert_string_equal(fired(res), "no-actor no-victim");
	assert_string_equal(near(res, "actor")->what,
	    "actors: no named actor");
	assert_string_equal(near(res, "victim")->what,
	    "victims: no victim state");
	assert_string_equal(near(res, "ua-pl")->what,
	    "victims: none of UA, PL among []");
	nw_strlcpy(c.ex[0].actors[0].name, "APT\"28", NW_MAX_ACTOR_NAME);
	c.ex[0].actors[0].ev.off = 0;
	c.ex[0].actors[0].ev.len = 5;
	c.ex[0].nactors = 1;
	memcpy(c.ex[0].victims[0], "US", 3);
	memcpy(c.ex[0].victims[1], "UA", 3);
	c.ex[0].nvictims = 2;
	res = map(rs, &m, &c, NW_MAP_NEAR_MISSES);
	assert_string_equal(fired(res), "actor victim ua-pl");
	f = finding(res, "actor");
	assert_int_equal(f->nev, 1);
	assert_int_equal(f->ev[0].kind, NW_EV_ACTOR);
	assert_string_equal(f->ev[0].text, "APT28");
	assert_string_equal(f->ev[0].source, "actors");
	/* names are escaped in messages */
	assert_string_equal(near(res, "no-actor")->what,
	    "actors: expected none, found \"APT\\\"28\"");
	assert_string_equal(near(res, "no-victim")->what,
	    "victims: expected none, found [UA, US]");
	memcpy(c.ex[0].victims[1], "DE", 3);
	res = map(rs, &m, &c, NW_MAP_NEAR_MISSES);
	assert_string_equal(near(res, "ua-pl")->what,
	    "victims: none of UA, PL among [DE, US]");
	nw_mapper_free(m);
	nw_rules_free(rs);
}

static void
test_dates(void **state)
{
	static const char rules[] = HDR
	    RULE("from", "1")				/* 11-14 */
	    "date-from = 2019-06\n"			/* 15 */
	    RULE("until", "1")				/* 16-19 */
	    "date-until = 2019-03-15\n"			/* 20 */
	    RULE("window", "2")				/* 21-24 */
	    "date-from = 2015\n"			/* 25 */
	    "date-until = 2015\n";			/* 26 */
	static const struct {
		const char	*date;
		const char	*fired;
	} cases[] = {
		{ "2019-05-31", "" },
		{ "2019-06-01", "from" },
		{ "2019-03-15", "until" },
		{ "2019-03-16", "" },
		{ "2019-03", "until" },		/* March may be the 1st-15th */
		{ "2019-06", "from" },
		{ "2019", "from until" },	/* a year covers both */
		{ "2015-12-31", "until window" },
		{ "2016-01-01", "until" },
		{ "2014-12", "until" },
	};
	struct nw_rules *rs = must_parse(rules);
	struct nw_mapper *m = NULL;
	const struct nw_map_result *res;
	struct inc c;
	size_t i;

	(void)state;
	for (i = 0; i < NW_NELEM(cases); i++) {
		inc_init(&c, "x");
		set_date(&c, cases[i].date);
		res = map(rs, &m, &c, 0);
		if (strcmp(fired(res), cases[i].fired) != 0)
			fail_msg("%s: fired \"%s\", wanted \"%s\"",
			    cases[i].date, fired(res), cases[i].fired);
	}
	inc_init(&c, "x");
	set_date(&c, "2019-04");
	res = map(rs, &m, &c, NW_MAP_NEAR_MISSES);
	assert_string_equal(near(res, "from")->what,
	    "date-from 2019-06: the incident is dated 2019-04");
	assert_string_equal(near(res, "until")->what,
	    "date-until 2019-03-15: the incident is dated 2019-04");
	/* no date meets no date condition */
	inc_init(&c, "x");
	res = map(rs, &m, &c, NW_MAP_NEAR_MISSES);
	assert_string_equal(fired(res), "");
	assert_string_equal(near(res, "from")->what,
	    "date-from 2019-06: the incident has no date");
	assert_int_equal(near(res, "from")->line, 15);
	assert_null(near(res, "window"));	/* fails twice */
	/* an impossible date counts as none */
	c.in.date.y = 2019;
	c.in.date.m = 2;
	c.in.date.d = 30;
	c.in.date.prec = NW_PREC_DAY;
	assert_string_equal(fired(map(rs, &m, &c, 0)), "");
	nw_mapper_free(m);
	nw_rules_free(rs);
}

static void
test_requires(void **state)
{
	/* the rule of principle 9 comes first in the file, its rule of
	 * principle 1 last; it must still be tested after them */
	static const char rules[] = HDR
	    RULE("p9", "9")				/* 11-14 */
	    "requires = 1 2\n"				/* 15 */
	    "attributed = any\n"			/* 16 */
	    RULE("p9-more", "9")			/* 17-20 */
	    "requires = 9\n"				/* 21 */
	    "match = (?i)again\n"			/* 22 */
	    RULE("p2", "2")				/* 23-26 */
	    "match = (?i)\\bdns\\b\n"			/* 27 */
	    RULE("p1", "1")				/* 28-31 */
	    "match = (?i)\\bwiper\\b\n";		/* 32 */
	struct nw_rules *rs = must_parse(rules);
	struct nw_mapper *m = NULL;
	const struct nw_map_result *res;
	struct inc c;

	(void)state;
	inc_init(&c, "A wiper, again.");
	add_attr(&c.ex[0], "RU", NW_HEDGE_SUSPECTED, NW_PARTY_MEDIA, 0, 0);
	res = map(rs, &m, &c, 0);
	/* listed in principle order (1, 2, 9), then file order */
	assert_string_equal(fired(res), "p1 p9 p9-more");
	inc_init(&c, "DNS records changed again.");
	add_attr(&c.ex[0], "RU", NW_HEDGE_SUSPECTED, NW_PARTY_MEDIA, 0, 0);
	assert_string_equal(fired(map(rs, &m, &c, 0)), "p2 p9 p9-more");
	inc_init(&c, "Nothing, again.");
	add_attr(&c.ex[0], "RU", NW_HEDGE_SUSPECTED, NW_PARTY_MEDIA, 0, 0);
	res = map(rs, &m, &c, NW_MAP_NEAR_MISSES);
	assert_string_equal(fired(res), "");
	assert_string_equal(near(res, "p9")->what,
	    "requires: none of principles 1, 2 found");
	assert_int_equal(near(res, "p9")->line, 15);
	assert_int_equal(near(res, "p9")->col, 12);
	assert_string_equal(near(res, "p9-more")->what,
	    "requires: none of principles 9 found");
	/* principle_found: p9 near-missed while another rule found 9 */
	inc_init(&c, "A wiper.");
	res = map(rs, &m, &c, NW_MAP_NEAR_MISSES);
	assert_string_equal(fired(res), "p1");
	assert_int_equal(near(res, "p2")->principle_found, 0);
	assert_string_equal(near(res, "p9")->what,
	    "attributed: no attribution among []");
	nw_mapper_free(m);
	nw_rules_free(rs);
}

static void
test_principle_found(void **state)
{
	static const char rules[] = HDR
	    RULE("a", "1")
	    "match = (?i)wiper\n"
	    RULE("b", "1")
	    "match = (?i)grid\n";
	struct nw_rules *rs = must_parse(rules);
	struct nw_mapper *m = NULL;
	const struct nw_map_result *res;
	struct inc c;

	(void)state;
	inc_init(&c, "a wiper");
	res = map(rs, &m, &c, NW_MAP_NEAR_MISSES);
	assert_string_equal(fired(res), "a");
	assert_int_equal(near(res, "b")->principle_found, 1);
	/* without the flag there are no near misses */
	res = map(rs, &m, &c, 0);
	assert_int_equal(res->nnear, 0);
	nw_mapper_free(m);
	nw_rules_free(rs);
}

static void
test_reports_union(void **state)
{
	static const char rules[] = HDR
	    RULE("r", "1")				/* 11-14 */
	    "sectors = healthcare\n"			/* 15 */
	    "attributed = KP\n"				/* 16 */
	    "match = (?i)ransomware\n"			/* 17 */
	    "match = (?i)hospital\n";			/* 18 */
	struct nw_rules *rs = must_parse(rules);
	struct nw_mapper *m = NULL;
	const struct nw_map_result *res;
	const struct nw_finding *f;
	struct inc c;

	(void)state;
	/* each piece in a different report */
	inc_init(&c, "Ransomware was found.");
	inc_add_report(&c, "North Korea was blamed.");
	inc_add_report(&c, "The hospital closed.");
	c.ex[0].sectors = 1u << NW_SECTOR_HEALTHCARE;
	add_attr(&c.ex[1], "KP", NW_HEDGE_ASSERTED, NW_PARTY_GOVERNMENT, 0,
	    11);
	res = map(rs, &m, &c, 0);
	assert_string_equal(fired(res), "r");
	f = &res->findings[0];
	assert_int_equal(f->nev, 3);
	assert_int_equal(f->ev[0].kind, NW_EV_ATTRIBUTION);
	assert_int_equal(f->ev[0].report, 1);
	assert_string_equal(f->ev[0].text, "North Korea");
	assert_int_equal(f->ev[1].report, 0);
	assert_string_equal(f->ev[1].text, "Ransomware");
	assert_int_equal(f->ev[2].report, 2);
	assert_int_equal(f->ev[2].span.off, 4);
	assert_string_equal(f->ev[2].text, "hospital");
	/* the first report with a match gives the evidence */
	c.rep[0].text = "Ransomware at the hospital.";
	c.rep[0].len = strlen(c.rep[0].text);
	res = map(rs, &m, &c, 0);
	assert_int_equal(res->findings[0].ev[2].report, 0);
	assert_int_equal(res->findings[0].ev[2].span.off, 18);
	/* no report: only conditions can hold, and a NULL extract is empty */
	c.in.nreports = 0;
	res = map(rs, &m, &c, NW_MAP_NEAR_MISSES);
	assert_string_equal(fired(res), "");
	c.in.nreports = 1;
	c.rep[0].ex = NULL;
	res = map(rs, &m, &c, NW_MAP_NEAR_MISSES);
	assert_string_equal(fired(res), "");
	nw_mapper_free(m);
	nw_rules_free(rs);
}

static void
test_bad_input(void **state)
{
	static const char rules[] = HDR RULE("r", "1") "match = x\n";
	struct nw_rules *rs = must_parse(rules);
	struct nw_mapper *m = NULL;
	const struct nw_map_result *res;
	struct nw_error err;
	struct inc c;

	(void)state;
	inc_init(&c, "ok x");
	assert_string_equal(fired(map(rs, &m, &c, 0)), "r");
	inc_init(&c, "bad \xff x");
	assert_int_equal(nw_mapper_run(m, &c.in, 0, &res, &err), -1);
	assert_int_equal(err.code, NW_E_DATA);
	assert_string_equal(err.msg, "report 0: text is not valid UTF-8 "
	    "(byte offset 4)");
	assert_int_equal(res->nfindings, 0);
	/* a NUL inside the length is refused too */
	inc_init(&c, "x");
	inc_add_report(&c, "x");
	c.rep[1].len = 2;
	assert_int_equal(nw_mapper_run(m, &c.in, 0, &res, &err), -1);
	assert_string_equal(err.msg, "report 1: text is not valid UTF-8 "
	    "(byte offset 1)");
	/* and the mapper goes on working */
	inc_init(&c, "x");
	assert_string_equal(fired(map(rs, &m, &c, 0)), "r");
	nw_mapper_free(m);
	nw_rules_free(rs);
}

/* --- determinism ----------------------------------------------------------- */

static const char *const phrases[] = {
	"Hackers linked to Russia", "a ransomware gang", "APT41",
	"struck a hospital", "disrupted the power grid",
	"stole source code and designs from a defense contractor",
	"in an espionage campaign", "through a trojanized software update",
	"after spear-phishing emails", "leaked hacking tools",
	"targeting journalists with Pegasus spyware", "the national CERT",
	"DNS hijacking of registrars", "before the election",
	"in retaliation for sanctions", "using a zero-day",
	"with weak passwords", "causing outages for days",
	"It was the second time.", "Officials said no data was lost.",
};

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint32_t
rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng % n);
}

/* A random incident; texts are owned by the caller's buffers. */
static void
random_incident(struct inc *c, char texts[2][1024])
{
	static const char *const isos[] = { "RU", "CN", "IR", "KP", "US" };
	size_t r, i, n, k;

	memset(c, 0, sizeof(*c));
	/* pcre2's JIT reads whole words near the end of a subject, which
	 * valgrind reports when the bytes after the text are unset */
	memset(texts, 0, 2 * sizeof(texts[0]));
	c->in.reports = c->rep;
	c->in.nreports = 1 + rnd(2);
	for (r = 0; r < c->in.nreports; r++) {
		n = 0;
		k = 2 + rnd(6);
		for (i = 0; i < k; i++)
			n += (size_t)snprintf(texts[r] + n, 1024 - n, "%s%s",
			    i > 0 ? " " : "", phrases[rnd(NW_NELEM(phrases))]);
		c->rep[r].text = texts[r];
		c->rep[r].len = strlen(texts[r]);
		c->rep[r].ex = &c->ex[r];
		c->ex[r].nattr = rnd(3);
		for (i = 0; i < c->ex[r].nattr; i++) {
			memcpy(c->ex[r].attr[i].state, isos[rnd(5)], 3);
			c->ex[r].attr[i].hedge = (enum nw_hedge)rnd(2);
			c->ex[r].attr[i].by = (enum nw_party)rnd(5);
		}
		c->ex[r].sponsorship = (enum nw_sponsor)rnd(3);
		c->ex[r].sectors = 1u << rnd(NW_SECTOR_COUNT);
		c->ex[r].nvictims = rnd(2);
		if (c->ex[r].nvictims > 0)
			memcpy(c->ex[r].victims[0], isos[rnd(5)], 3);
	}
	c->in.date.y = 2010 + (int)rnd(15);
	c->in.date.m = 1 + (int)rnd(12);
	c->in.date.prec = NW_PREC_MONTH;
}

static void
test_determinism(void **state)
{
	char *a = datapath("bench/gge-test.rules");
	char *b = datapath("bench/pc-test.rules");
	const char *ab[2] = { a, b }, *ba[2] = { b, a };
	struct nw_rules *rs1, *rs2;
	struct nw_mapper *m1 = NULL, *m2 = NULL, *m3 = NULL;
	const struct nw_map_result *res;
	struct nw_error err;
	char texts[2][1024], *s1, *s2, *s3, *first = NULL;
	struct inc c;
	int i, flags, nonempty = 0;

	(void)state;
	rs1 = nw_rules_load(ab, 2, NULL, NULL, &err);
	rs2 = nw_rules_load(ba, 2, NULL, NULL, &err);
	assert_non_null(rs1);
	assert_non_null(rs2);
	for (i = 0; i < 400; i++) {
		random_incident(&c, texts);
		flags = i % 2 ? NW_MAP_NEAR_MISSES : 0;
		s1 = result_str(map(rs1, &m1, &c, flags));
		/* the same mapper again, another order of files, and with a
		 * mapper that has seen other incidents in between */
		s2 = result_str(map(rs1, &m1, &c, flags));
		assert_string_equal(s1, s2);
		free(s2);
		s2 = result_str(map(rs2, &m2, &c, flags));
		assert_string_equal(s1, s2);
		free(s2);
		if (i == 0)
			first = xstrdup(s1);
		if (strstr(s1, "\nF ") != NULL || strncmp(s1, "F ", 2) == 0)
			nonempty++;
		free(s1);
	}
	/* the first incident again, on a well used mapper */
	rng = 0x9e3779b97f4a7c15ull;
	random_incident(&c, texts);
	s3 = result_str(map(rs1, &m1, &c, 0));
	assert_string_equal(s3, first);
	res = map(rs1, &m3, &c, 0);
	(void)res;
	free(s3);
	free(first);
	assert_true(nonempty > 100);	/* the test maps something */
	nw_mapper_free(m1);
	nw_mapper_free(m2);
	nw_mapper_free(m3);
	nw_rules_free(rs1);
	nw_rules_free(rs2);
	free(a);
	free(b);
}

/* --- the prefilter ----------------------------------------------------- */

/* Map with and without the prefilter; the results must be the same. */
static void
same_both_ways(const struct nw_rules *rs, struct nw_mapper **m,
    struct inc *c, const char *what)
{
	char *s1, *s2;

	s1 = result_str(map(rs, m, c, NW_MAP_NEAR_MISSES));
	s2 = result_str(map(rs, m, c, NW_MAP_NEAR_MISSES |
	    NW_MAP_NO_PREFILTER));
	if (strcmp(s1, s2) != 0)
		fail_msg("%s: prefilter gives\n%s\nplain pcre2 gives\n%s",
		    what, s1, s2);
	free(s1);
	free(s2);
}

static void
test_prefilter_same(void **state)
{
	char *a = datapath("bench/gge-test.rules");
	char *b = datapath("bench/pc-test.rules");
	const char *ab[2] = { a, b };
	struct nw_rules *rs;
	struct nw_mapper *m = NULL;
	struct nw_error err;
	char texts[2][1024];
	struct inc c;
	int i;

	(void)state;
	rs = nw_rules_load(ab, 2, NULL, NULL, &err);
	assert_non_null(rs);
	rng = 42;
	for (i = 0; i < 2000; i++) {
		random_incident(&c, texts);
		same_both_ways(rs, &m, &c, texts[0]);
	}
	nw_mapper_free(m);
	nw_rules_free(rs);
	free(a);
	free(b);
}

/*
 * Patterns of every shape the prefilter reads, each with texts that
 * match and texts that do not: it must agree with plain pcre2 on all of
 * them, and must take literals from the patterns it should.
 */
static void
test_prefilter_shapes(void **state)
{
	static const struct {
		const char	*pattern;
		int		 prefiltered;	/* gets literals */
		const char	*yes;		/* matching text */
		const char	*no;		/* text that does not match */
	} cases[] = {
		{ "(?i)\\b(?:ransomware|wiper)\\b", 1, "A WIPER.", "wipers" },
		{ "outages?", 1, "outage", "outag" },
		{ "trojani[sz]ed", 1, "trojanized", "trojanied" },
		{ "hackers?[- ]for[- ]hire", 1, "hacker-for hire", "hackers" },
		{ "repeated(?:ly)?", 1, "repeatedly", "repeat" },
		{ "\\d+(?:\\.\\d+)? million (?:people|users)", 1,
		    "3.2 million users", "million people" },
		{ "knock\\w* offline", 1, "knocked offline", "knocked off" },
		{ "CVE-\\d{4}-\\d{4,7}", 1, "CVE-2021-44228", "CVE 2021" },
		{ "a\\.b", 1, "a.b", "axb" },
		{ "\\x41BC", 1, "ABC", "BC" },
		{ "(?<name>grid)s", 1, "grids", "grid" },
		{ "(?P<n>grid)", 1, "grid", "gri" },
		{ "(?'q'grid)", 1, "grid", "gri" },
		{ "(?<=power )grid", 1, "power grid", "grid" },
		{ "(?<!no )grid", 1, "a grid", "no grid" },
		{ "grid(?=s)", 1, "grids", "grid" },
		{ "grid(?!s)", 1, "grid", "grids" },
		{ "(?>atom)ic", 1, "atomic", "atom" },
		{ "(?|ab|cd)e", 1, "cde", "ce" },
		{ "(?i:KEL)vin", 1, "kelvin", "KELVIN" },
		{ "(?i)kelvin", 1, "\xe2\x84\xaa" "elvin", "elvi" },
		{ "(?i)kiss", 1, "KI\xc5\xbf" "s", "kis" },
		{ "(?i)k\\w+", 1, "\xe2\x84\xaa" "elvin", "elvin" },
		{ "(?i)\\bk\\w+", 1, "a kelvin", "\xe2\x84\xaa" "elvin" },
		{ "caf\xc3\xa9", 1, "caf\xc3\xa9", "cafe" },
		{ "(?i)\xc3\xa9t\xc3\xa9 grid", 1, "\xc3\x89T\xc3\x89 grid",
		    "ete grid" },
		{ "x{2}y", 1, "xxy", "xy" },
		{ "ab{2,3}c", 1, "abbc", "abc" },
		{ "(*UCP)(?i)\\bgrid", 1, "Grid", "rid" },
		{ "(?#a comment)grid", 1, "grid", "gird" },
		{ "\\bgrid\\b|\\bpipeline", 1, "pipeline", "gri" },
		{ "[[:alpha:]]+grid", 0, "agrid", "grid" },
		{ "\\Qa.b\\E", 0, "a.b", "axb" },
		{ "(?x) g r i d", 0, "grid", "g r i d" },
		{ "(grid)\\1", 1, "gridgrid", "grid" },
		{ "(a|b)(?1)c", 0, "abc", "ab" },
		{ "(?(?=a)ab|cd)", 0, "ab", "ac" },
		{ "x(*ACCEPT)y|z", 0, "x", "w" },
		{ "grid|.", 0, "x", "" },
		{ "a{,3}b", 1, "a{,3}b", "a{,3}" },
		{ "[^a]bc", 1, "xbc", "abc" },
		{ "\\p{Lu}rid", 1, "Grid", "grid" },
		{ "\\N{U+0041}b", 0, "Ab", "b" },
		{ "(?s)g.id", 1, "g\nid", "gid" },
		{ "\\w+@\\w+\\.com", 1, "me@x.com", "me@x.org" },
	};
	struct nw_buf b;
	struct nw_rules *rs;
	struct nw_mapper *m;
	struct inc c;
	struct errs x;
	size_t i;

	(void)state;
	for (i = 0; i < NW_NELEM(cases); i++) {
		nw_buf_init(&b, 8192);
		assert_int_equal(nw_buf_addf(&b, "%s%smatch = %s\n", HDR,
		    RULE("r", "1"), cases[i].pattern), 0);
		rs = parse(b.data, &x);
		if (rs == NULL)
			fail_msg("%s: %s", cases[i].pattern, x.s[0]);
		if ((int)nw_rules_nprefiltered(rs) != cases[i].prefiltered)
			fail_msg("%s: prefiltered %zu, wanted %d",
			    cases[i].pattern, nw_rules_nprefiltered(rs),
			    cases[i].prefiltered);
		m = NULL;
		inc_init(&c, cases[i].yes);
		if (strcmp(fired(map(rs, &m, &c, 0)), "r") != 0)
			fail_msg("%s does not fire on \"%s\"",
			    cases[i].pattern, cases[i].yes);
		same_both_ways(rs, &m, &c, cases[i].pattern);
		inc_init(&c, cases[i].no);
		if (strcmp(fired(map(rs, &m, &c, 0)), "") != 0)
			fail_msg("%s fires on \"%s\"", cases[i].pattern,
			    cases[i].no);
		same_both_ways(rs, &m, &c, cases[i].pattern);
		nw_mapper_free(m);
		nw_rules_free(rs);
		nw_buf_free(&b);
	}
}

/* --- limits at mapping time ------------------------------------------------- */

static void
test_catastrophic(void **state)
{
	static const char rules[] = HDR
	    RULE("boom", "1")				/* 11-14 */
	    "match = (a+)+$\n"				/* 15 */
	    RULE("boom-unless", "2")			/* 16-19 */
	    "match = b\n"				/* 20 */
	    "unless = (?:a|aa)+$\n"			/* 21 */
	    RULE("fine", "9")				/* 22-25 */
	    "match = a{3}b\n";				/* 26 */
	struct nw_rules *rs = must_parse(rules);
	struct nw_mapper *m = NULL;
	const struct nw_map_result *res;
	char *text, buf[1024];
	const char *jit;
	struct inc c;
	double t0, t;
	int i;

	(void)state;
	text = xmalloc(30002);
	memset(text, 'a', 30000);
	text[30000] = 'b';
	text[30001] = '\0';
	inc_init(&c, text);
	for (i = 0; i < 2; i++) {
		t0 = now();
		res = map(rs, &m, &c, i == 0 ? 0 : NW_MAP_NEAR_MISSES |
		    NW_MAP_NO_PREFILTER);
		t = now() - t0;
		assert_true(t < 1.0);		/* a hang guard */
		assert_string_equal(fired(res), "fine");
		assert_null(near(res, "boom"));
		assert_int_equal(res->nwarnings, 2);
		assert_int_equal(res->nwarnings_total, 2);
		assert_int_equal(res->warnings[0].code, NW_E_LIMIT);
		assert_string_equal(nw_error_str(&res->warnings[0], buf,
		    sizeof(buf)), "t.rules:15:9: rule boom: pattern (a+)+$ "
		    "stopped on report 0: match limit exceeded; the rule "
		    "does not fire");
		/* the JIT runs out of stack, the interpreter of depth */
		nw_error_str(&res->warnings[1], buf, sizeof(buf));
		if (strcmp(buf, "t.rules:21:10: rule boom-unless: pattern "
		    "(?:a|aa)+$ stopped on report 0: JIT stack limit reached; "
		    "the rule does not fire") != 0 &&
		    strcmp(buf, "t.rules:21:10: rule boom-unless: pattern "
		    "(?:a|aa)+$ stopped on report 0: matching depth limit "
		    "exceeded; the rule does not fire") != 0)
			fail_msg("warning: %s", buf);
	}
	/* the next incident is mapped as usual */
	inc_init(&c, "aaab aaa");
	res = map(rs, &m, &c, 0);
	assert_string_equal(fired(res), "boom fine");
	assert_int_equal(res->nwarnings, 0);
	nw_mapper_free(m);
	nw_rules_free(rs);

	/* without the JIT, pcre2's interpreter is stopped as well */
	jit = getenv("NORMWATCH_PCRE2_JIT");
	setenv("NORMWATCH_PCRE2_JIT", "0", 1);
	rs = must_parse(rules);
	if (jit != NULL)
		setenv("NORMWATCH_PCRE2_JIT", jit, 1);
	else
		unsetenv("NORMWATCH_PCRE2_JIT");
	m = NULL;
	inc_init(&c, text);
	t0 = now();
	res = map(rs, &m, &c, 0);
	assert_true(now() - t0 < 1.0);
	assert_string_equal(fired(res), "fine");
	assert_int_equal(res->nwarnings, 2);
	assert_non_null(strstr(res->warnings[0].msg, "match limit exceeded"));
	assert_non_null(strstr(res->warnings[1].msg, "stopped on report 0"));
	free(text);
	nw_mapper_free(m);
	nw_rules_free(rs);
}

/* More stopped rules than are kept: all counted. */
static void
test_many_warnings(void **state)
{
	struct nw_rules *rs;
	struct nw_mapper *m = NULL;
	const struct nw_map_result *res;
	struct nw_buf b;
	struct inc c;
	char *text;
	int i;

	(void)state;
	nw_buf_init(&b, 1u << 20);
	assert_int_equal(nw_buf_adds(&b, HDR), 0);
	for (i = 0; i < NW_MAX_MAP_WARNINGS + 4; i++)
		assert_int_equal(nw_buf_addf(&b, "rule r%d\nprinciple = 1\n"
		    "confidence = 1\nrationale = x\nmatch = (a+)+$\n", i), 0);
	rs = must_parse(b.data);
	text = xmalloc(5002);
	memset(text, 'a', 5000);
	text[5000] = 'b';
	text[5001] = '\0';
	inc_init(&c, text);
	res = map(rs, &m, &c, 0);
	assert_int_equal(res->nwarnings, NW_MAX_MAP_WARNINGS);
	assert_int_equal(res->nwarnings_total, NW_MAX_MAP_WARNINGS + 4);
	assert_int_equal(res->nfindings, 0);
	free(text);
	nw_buf_free(&b);
	nw_mapper_free(m);
	nw_rules_free(rs);
}

/* --- load errors ---------------------------------------------------------- */

static void
test_errors(void **state)
{
	static const struct {
		const char	*text;
		const char	*err;
	} cases[] = {
		{ "", "t.rules:1:1: empty rules file: no \"framework ID\" "
		    "line" },
		{ "# nothing\n\n", "t.rules:1:1: empty rules file: no "
		    "\"framework ID\" line" },
		{ "name = x\nframework t\n", "t.rules:1:1: expected "
		    "\"framework ID\" before anything else" },
		{ "framework t\nname = T\nversion = 1\nurl = https://x/\n",
		    "t.rules:1:1: framework t has no rules" },
		{ "framework t\nversion = 1\nurl = https://x/\n"
		    RULE("r", "1") "match = x\n",
		    "t.rules:1:1: framework t: missing key \"name\"" },
		{ HDR "framework u\n", "t.rules:11:1: a rules file holds one "
		    "framework; \"t\" was opened at line 1" },
		{ HDR "  colour = red\n", "t.rules:11:3: unknown key \"colour\" "
		    "for a principle (title)" },
		{ HDR RULE("r", "1") "  colour = red\n", "t.rules:15:3: "
		    "unknown key \"colour\" for a rule" },
		{ HDR RULE("r", "1") "match x\n", "t.rules:15:1: expected "
		    "\"match = value\"" },
		{ HDR RULE("r", "1") "what is this\n", "t.rules:15:1: unknown "
		    "keyword \"what\" (framework, principle, rule, define, "
		    "or key = value)" },
		{ HDR RULE("r", "1") "match =\n", "t.rules:15:8: key \"match\" "
		    "has no value" },
		{ HDR RULE("r", "1") "match = x\nconfidence = 5\n",
		    "t.rules:16:1: duplicate key \"confidence\"" },
		{ HDR RULE("r", "1") "sectors = energy\nsectors = water\n",
		    "t.rules:16:1: duplicate key \"sectors\" (first at line "
		    "15)" },
		{ HDR RULE("r", "7") "match = x\n", "t.rules:12:13: rule r: "
		    "principle \"7\" is not declared in framework t" },
		{ HDR "rule r\nconfidence = 1\nrationale = x\nmatch = x\n",
		    "t.rules:11:1: rule r: missing key \"principle\"" },
		{ HDR RULE("r", "1") "match = @nothing\n", "t.rules:15:9: "
		    "undefined pattern name @nothing" },
		{ HDR RULE("r", "1") "match = @bad name\n", "t.rules:15:9: "
		    "bad pattern name \"@bad name\": a name is letters, "
		    "digits, '.', '_' and '-'" },
		{ HDR RULE("r", "1") "match = (?i)\\b(?:wiper|ransom\n",
		    "t.rules:15:30: bad pattern: missing closing parenthesis "
		    "(pcre2 error 114 at offset 21)" },
		{ HDR RULE("r", "1") "match = ab[c\n", "t.rules:15:13: bad "
		    "pattern: missing terminating ] for character class "
		    "(pcre2 error 106 at offset 4)" },
		{ HDR "define d = x\ndefine d = y\n" RULE("r", "1")
		    "match = @d\n", "t.rules:12:8: @d is already defined at "
		    "line 11" },
		{ HDR "define = x\n", "t.rules:11:1: expected \"define NAME = "
		    "PATTERN\"" },
		{ HDR RULE("r", "1") "match = (?:foo)?\n", "t.rules:15:9: "
		    "pattern can match the empty string; evidence needs at "
		    "least one character" },
		{ HDR RULE("r", "1") "requires = 1\n", "t.rules:15:12: rule r: "
		    "requires principle 1, but no other rule supports it" },
		{ HDR RULE("r", "1") "requires = 3\n", "t.rules:15:12: rule r: "
		    "requires principle \"3\", which is not declared" },
		{ HDR RULE("a", "1") "requires = 2\n" RULE("b", "2")
		    "requires = 1\n", "t.rules:15:12: requires cycle: a -> b "
		    "-> a" },
		{ HDR RULE("r", "1") "match = a\n" RULE("r", "2")
		    "match = b\n", "t.rules:16:6: rule id \"r\" is already "
		    "used at t.rules:11" },
		{ HDR "principle 1\ntitle = x\n", "t.rules:11:11: principle "
		    "\"1\" is already declared at line 5" },
		{ HDR RULE("r", "1"), "t.rules:11:1: rule r has no condition "
		    "and no match line: it would fire for every incident" },
		{ HDR RULE("r", "1") "attributed = none\nby = media\n",
		    "t.rules:15:14: rule r: \"attributed = none\" cannot go "
		    "with hedge or by" },
		{ HDR RULE("r", "1") "attributed = RU none\n", "t.rules:15:17: "
		    "attributed: \"none\" stands alone" },
		{ HDR RULE("r", "1") "confidence = 80\n", "t.rules:15:1: "
		    "duplicate key \"confidence\"" },
		{ HDR "rule bad/id\n", "t.rules:11:6: bad rule id \"bad/id\": "
		    "1-63 letters, digits, '.', '_' and '-', starting with a "
		    "letter or digit" },
		{ HDR RULE("r", "1") "match = a\nrule s t\nmatch = b\n",
		    "t.rules:16:8: unexpected text after \"rule s\"" },
		{ HDR RULE("r", "1") "match = x\n# fine\nversion = 2\n",
		    "t.rules:17:1: unknown key \"version\" for a rule" },
		{ "framework t\nname = T\nversion = 1\nurl = ftp://x/\n",
		    "t.rules:4:7: url must be an http or https URL without "
		    "blanks" },
		{ HDR "principle 1 2\n", "t.rules:11:13: unexpected text after "
		    "\"principle 1\"" },
		{ "framework t\nname = caf\xc3\n", "t.rules:2:11: not valid "
		    "UTF-8 (byte offset 22)" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < NW_NELEM(cases); i++)
		parse_fails(cases[i].text, cases[i].err);
}

/* Every error of a file is reported, in order, not just the first. */
static void
test_errors_all(void **state)
{
	static const char rules[] = HDR
	    RULE("r", "1")				/* 11-14 */
	    "sectors = energy nuclear\n"		/* 15 */
	    "match = (\n"				/* 16 */
	    "hedge = sure\n";				/* 17 */
	struct errs x;

	(void)state;
	assert_null(parse(rules, &x));
	assert_int_equal(x.n, 3);
	assert_string_equal(x.s[0], "t.rules:15:18: sectors: unknown value "
	    "\"nuclear\" (government military defense-industry energy water "
	    "healthcare finance telecommunications technology media "
	    "education elections transport manufacturing retail "
	    "civil-society other)");
	assert_string_equal(x.s[1], "t.rules:16:10: bad pattern: missing "
	    "closing parenthesis (pcre2 error 114 at offset 1)");
	assert_string_equal(x.s[2], "t.rules:17:9: hedge: unknown value "
	    "\"sure\" (asserted, suspected)");
}

/* Comments, blanks and CRLF are fine; '#' after a blank starts one. */
static void
test_syntax(void **state)
{
	static const char rules[] =
	    "\xef\xbb\xbf# a byte order mark, then a comment\r\n"
	    "framework t   # trailing\r\n"
	    "\tname=T\r\n"
	    "version = 1 (rules 2)\r\n"
	    "url = https://example.org/#anchor\r\n"
	    "principle 1\r\n"
	    "title = One\r\n"
	    "    define hash = a\\#b   # a '#' after a blank needs \\#\r\n"
	    "rule r\r\n"
	    "   principle=1\r\n"
	    "   confidence = 0\r\n"
	    "   rationale = A reader's line; with \\#hashtags # not kept\r\n"
	    "   match = @hash\r\n"
	    "   match = x#y\r\n";
	struct nw_rules *rs = must_parse(rules);
	struct nw_mapper *m = NULL;
	const struct nw_rule *r = nw_rules_rule(rs, 0);
	struct inc c;

	(void)state;
	assert_string_equal(nw_rules_framework(rs, 0)->version,
	    "1 (rules 2)");
	assert_string_equal(nw_rules_framework(rs, 0)->url,
	    "https://example.org/#anchor");
	assert_string_equal(r->rationale, "A reader's line; with #hashtags");
	assert_int_equal(r->confidence, 0);
	assert_int_equal(r->line, 9);
	inc_init(&c, "a#b and x#y");
	assert_string_equal(fired(map(rs, &m, &c, 0)), "r");
	nw_mapper_free(m);
	nw_rules_free(rs);
}

static void
test_dup_across_files(void **state)
{
	char *dir = datapath("dup"), *a, *b, *want;
	struct nw_error err;
	struct errs x;

	(void)state;
	memset(&x, 0, sizeof(x));
	assert_null(nw_rules_load_dir(dir, collect, &x, &err));
	a = xasprintf("%s/a.rules", dir);
	b = xasprintf("%s/b.rules", dir);
	want = xasprintf("%s:15:6: rule id \"shared-id\" is already used at "
	    "%s:9", b, a);
	assert_int_equal(x.n, 1);
	assert_string_equal(x.s[0], want);
	assert_int_equal(err.code, NW_E_CONFIG);
	assert_int_equal(err.line, 15);
	assert_int_equal(err.col, 6);
	free(want);
	free(a);
	free(b);
	free(dir);
	dir = datapath("dupfw");
	memset(&x, 0, sizeof(x));
	assert_null(nw_rules_load_dir(dir, collect, &x, &err));
	a = xasprintf("%s/a.rules", dir);
	b = xasprintf("%s/b.rules", dir);
	want = xasprintf("%s:1:11: framework \"same\" is already defined at "
	    "%s:1", b, a);
	assert_int_equal(x.n, 1);
	assert_string_equal(x.s[0], want);
	free(want);
	free(a);
	free(b);
	free(dir);
}

/* The hostile files fail with exactly the errors of their .err files. */
static void
test_hostile(void **state)
{
	static const char *const names[] = {
		"bad-refs", "bad-regex", "bad-utf8", "bad-values",
		"comments-only", "cycle", "deep-parens", "empty",
		"empty-match", "long-line", "long-pattern", "malformed",
		"no-rules", "nul", "two-frameworks",
	};
	char *path, *errpath, *want, *dir, *rel, *line, *next;
	struct nw_error err;
	struct errs x;
	size_t i, len, dlen;
	int k;

	(void)state;
	dir = datapath("hostile/");
	dlen = strlen(dir);
	for (i = 0; i < NW_NELEM(names); i++) {
		path = xasprintf("%s%s.rules", dir, names[i]);
		errpath = xasprintf("%s%s.err", dir, names[i]);
		memset(&x, 0, sizeof(x));
		if (nw_rules_load((const char *const *)&path, 1, collect, &x,
		    &err) != NULL)
			fail_msg("%s loads", names[i]);
		want = slurp(errpath, &len);
		k = 0;
		for (line = want; *line != '\0'; line = next) {
			next = strchr(line, '\n');
			assert_non_null(next);
			*next++ = '\0';
			if (k >= x.n)
				fail_msg("%s: missing error \"%s\"", names[i],
				    line);
			rel = x.s[k];
			if (strncmp(rel, dir, dlen) == 0)
				rel += dlen;
			if (strcmp(rel, line) != 0)
				fail_msg("%s: error %d is\n%s\nwanted\n%s",
				    names[i], k + 1, rel, line);
			k++;
		}
		if (k != x.n)
			fail_msg("%s: %d errors, wanted %d", names[i], x.n, k);
		free(want);
		free(path);
		free(errpath);
	}
	free(dir);
}

/* --- limits at load time -------------------------------------------------- */

static void
test_limits(void **state)
{
	struct nw_buf b;
	struct nw_rules *rs;
	struct errs x;
	char *big, *want;
	int i;

	(void)state;
	/* file size */
	big = xmalloc(NW_MAX_CONF_FILE + 2);
	memset(big, '#', NW_MAX_CONF_FILE + 1);
	memset(&x, 0, sizeof(x));
	{
		struct nw_error err;

		assert_null(nw_rules_parse("t.rules", big, NW_MAX_CONF_FILE + 1,
		    collect, &x, &err));
		assert_int_equal(err.code, NW_E_CONFIG);
	}
	assert_string_equal(x.s[0], "t.rules: rules file larger than 262144 "
	    "bytes");
	free(big);

	/* rules per file: NW_MAX_RULES load, one more does not */
	nw_buf_init(&b, NW_MAX_CONF_FILE);
	assert_int_equal(nw_buf_adds(&b, HDR), 0);
	for (i = 0; i < NW_MAX_RULES; i++)
		assert_int_equal(nw_buf_addf(&b, "rule r%d\nprinciple=1\n"
		    "confidence=1\nrationale=x\nmatch=ab\n", i), 0);
	rs = must_parse(b.data);
	assert_int_equal(nw_rules_nrules(rs), NW_MAX_RULES);
	assert_int_equal(nw_rules_npatterns(rs), 1);
	nw_rules_free(rs);
	assert_int_equal(nw_buf_adds(&b, "rule one-more\nprinciple=1\n"
	    "confidence=1\nrationale=x\nmatch=ab\n"), 0);
	want = xasprintf("t.rules:%d:1: more than %d rules in one file",
	    10 + NW_MAX_RULES * 5 + 1, NW_MAX_RULES);
	parse_fails(b.data, want);
	free(want);
	nw_buf_free(&b);

	/* match and unless lines per rule */
	nw_buf_init(&b, NW_MAX_CONF_FILE);
	assert_int_equal(nw_buf_adds(&b, HDR RULE("r", "1")), 0);
	for (i = 0; i < NW_MAX_RULE_PATTERNS; i++)
		assert_int_equal(nw_buf_addf(&b, "%s = p%d\n", i % 2 ?
		    "unless" : "match", i), 0);
	rs = must_parse(b.data);
	nw_rules_free(rs);
	assert_int_equal(nw_buf_adds(&b, "match = one-more\n"), 0);
	want = xasprintf("t.rules:%d:1: rule r has more than %d match and "
	    "unless lines", 15 + NW_MAX_RULE_PATTERNS, NW_MAX_RULE_PATTERNS);
	parse_fails(b.data, want);
	free(want);
	nw_buf_free(&b);

	/* pattern length: NW_MAX_PATTERN_LEN loads, one more does not */
	nw_buf_init(&b, NW_MAX_CONF_FILE);
	assert_int_equal(nw_buf_adds(&b, HDR RULE("r", "1") "match = "), 0);
	for (i = 0; i < NW_MAX_PATTERN_LEN; i++)
		assert_int_equal(nw_buf_addc(&b, 'a'), 0);
	assert_int_equal(nw_buf_addc(&b, '\n'), 0);
	rs = must_parse(b.data);
	nw_rules_free(rs);
	b.data[--b.len] = '\0';
	assert_int_equal(nw_buf_adds(&b, "a\n"), 0);
	parse_fails(b.data, "t.rules:15:9: pattern longer than 2048 bytes");
	nw_buf_free(&b);

	/* line length */
	nw_buf_init(&b, NW_MAX_CONF_FILE);
	assert_int_equal(nw_buf_adds(&b, HDR RULE("r", "1") "match = a\n"
	    "rationale = "), 0);
	for (i = 0; i < NW_MAX_CONF_LINE; i++)
		assert_int_equal(nw_buf_addc(&b, 'x'), 0);
	assert_int_equal(nw_buf_addc(&b, '\n'), 0);
	parse_fails(b.data, "t.rules:16:4097: line longer than 4096 bytes");
	nw_buf_free(&b);

	/* principles per framework */
	nw_buf_init(&b, NW_MAX_CONF_FILE);
	assert_int_equal(nw_buf_adds(&b, "framework t\nname = T\n"
	    "version = 1\nurl = https://x/\n"), 0);
	for (i = 0; i <= NW_MAX_PRINCIPLES; i++)
		assert_int_equal(nw_buf_addf(&b, "principle p%d\ntitle = x\n",
		    i), 0);
	assert_int_equal(nw_buf_adds(&b, RULE("r", "p0") "match = a\n"), 0);
	want = xasprintf("t.rules:%d:1: more than %d principles in one "
	    "framework", 4 + NW_MAX_PRINCIPLES * 2 + 1, NW_MAX_PRINCIPLES);
	parse_fails(b.data, want);
	free(want);
	nw_buf_free(&b);

	/* named patterns per file */
	nw_buf_init(&b, NW_MAX_CONF_FILE);
	assert_int_equal(nw_buf_adds(&b, HDR), 0);
	for (i = 0; i <= NW_MAX_DEFINES; i++)
		assert_int_equal(nw_buf_addf(&b, "define d%d = x\n", i), 0);
	assert_int_equal(nw_buf_adds(&b, RULE("r", "1") "match = @d0\n"),
	    0);
	want = xasprintf("t.rules:%d:1: more than %d defines in one file",
	    10 + NW_MAX_DEFINES + 1, NW_MAX_DEFINES);
	parse_fails(b.data, want);
	free(want);
	nw_buf_free(&b);

	/* rationale length */
	nw_buf_init(&b, NW_MAX_CONF_FILE);
	assert_int_equal(nw_buf_adds(&b, HDR "rule r\nprinciple = 1\n"
	    "confidence = 1\nmatch = a\nrationale = "), 0);
	for (i = 0; i <= NW_MAX_RULE_TEXT; i++)
		assert_int_equal(nw_buf_addc(&b, 'x'), 0);
	assert_int_equal(nw_buf_addc(&b, '\n'), 0);
	parse_fails(b.data, "t.rules:15:13: rationale longer than 400 "
	    "bytes");
	nw_buf_free(&b);
}

static void
test_limit_files(void **state)
{
	char tmpl[] = "/tmp/test_norms.XXXXXX", *dir, name[32], *text;
	const char **paths;
	struct nw_rules *rs;
	struct nw_error err;
	struct errs x;
	int i;

	(void)state;
	dir = mkdtemp(tmpl);
	assert_non_null(dir);
	paths = xcalloc(NW_MAX_RULE_FILES + 1, sizeof(*paths));
	for (i = 0; i <= NW_MAX_RULE_FILES; i++) {
		snprintf(name, sizeof(name), "f%03d.rules", i);
		text = xasprintf("framework f%d\nname = F\nversion = 1\n"
		    "url = https://x/\nprinciple 1\ntitle = x\nrule r%d\n"
		    "principle = 1\nconfidence = 1\nrationale = x\n"
		    "match = f%d\n", i, i, i);
		put(dir, name, text, strlen(text));
		free(text);
		paths[i] = xasprintf("%s/%s", dir, name);
	}
	/* NW_MAX_RULE_FILES files load */
	rs = nw_rules_load(paths, NW_MAX_RULE_FILES, NULL, NULL, &err);
	assert_non_null(rs);
	assert_int_equal(nw_rules_nframeworks(rs), NW_MAX_RULE_FILES);
	nw_rules_free(rs);
	/* one more does not, given or in a directory */
	memset(&x, 0, sizeof(x));
	assert_null(nw_rules_load(paths, NW_MAX_RULE_FILES + 1, collect, &x,
	    &err));
	assert_int_equal(err.code, NW_E_LIMIT);
	assert_non_null(strstr(x.s[0], "more than 64 rules files"));
	memset(&x, 0, sizeof(x));
	assert_null(nw_rules_load_dir(dir, collect, &x, &err));
	assert_int_equal(err.code, NW_E_LIMIT);
	assert_non_null(strstr(x.s[0], "more than 64 rules files in the "
	    "directory"));
	/* a file that cannot be read is an error too, with the others */
	unlink(paths[3]);
	memset(&x, 0, sizeof(x));
	assert_null(nw_rules_load(paths, 10, collect, &x, &err));
	assert_int_equal(x.n, 1);
	assert_int_equal(err.code, NW_E_IO);
	for (i = 0; i <= NW_MAX_RULE_FILES; i++) {
		unlink(paths[i]);
		free((char *)paths[i]);
	}
	free(paths);
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_dir),
		cmocka_unit_test(test_version),
		cmocka_unit_test(test_match_evidence),
		cmocka_unit_test(test_evidence_cut),
		cmocka_unit_test(test_evidence_order),
		cmocka_unit_test(test_unless),
		cmocka_unit_test(test_define),
		cmocka_unit_test(test_sectors),
		cmocka_unit_test(test_attributed),
		cmocka_unit_test(test_hedge_by),
		cmocka_unit_test(test_sponsorship),
		cmocka_unit_test(test_actors_victims),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_requires),
		cmocka_unit_test(test_principle_found),
		cmocka_unit_test(test_reports_union),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_determinism),
		cmocka_unit_test(test_prefilter_same),
		cmocka_unit_test(test_prefilter_shapes),
		cmocka_unit_test(test_catastrophic),
		cmocka_unit_test(test_many_warnings),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_errors_all),
		cmocka_unit_test(test_syntax),
		cmocka_unit_test(test_dup_across_files),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_limit_files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
