/*
 * test_merge.c - merging reports into incidents: scoring and blocking
 * (shared URLs, date windows), the exact rules (one source never twice,
 * dataset groups, curated decisions), order independence over shuffled
 * inputs, and the store: incident ids that stay when a report joins, two
 * incidents bridged by a new report, merges.tsv applied to reports
 * already stored, a changed report that leaves, and ingest giving what
 * `merge` gives, whatever the order of the feeds.
 */
#include "config.h"

#include <sys/stat.h>

#include <ftw.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "normwatch/merge.h"
#include "normwatch/store.h"
#include "normwatch/util.h"

/* Texts of incidents: a sentence each, told twice in other words. */
static const char *const story[][2] = {
	{ "Hackers linked to Iran's Revolutionary Guards defaced the control "
	  "panels of water utilities in Ireland and Pennsylvania after "
	  "exploiting programmable logic controllers with default passwords.",
	  "Control screens at water utilities in County Mayo and Pennsylvania "
	  "showed anti-Israel slogans after Revolutionary Guards hackers broke "
	  "into programmable logic controllers with factory passwords." },
	{ "A ransomware attack forced the operator of the largest fuel "
	  "pipeline on the East Coast to halt operations for five days, "
	  "causing panic buying at petrol stations.",
	  "The operator of the biggest fuel pipeline on the East Coast halted "
	  "operations for five days after a ransomware attack, prompting "
	  "panic buying at petrol stations." },
	{ "Chinese hackers used a forged authentication key to read the email "
	  "of officials at the State and Commerce Departments, Microsoft said, "
	  "naming the group Storm-0558.",
	  "A China-based group Microsoft tracks as Storm-0558 forged "
	  "authentication tokens and read the email of State and Commerce "
	  "Departments officials." },
	{ "A cyberattack disabled the mobile network of Ukraine's largest "
	  "telecommunications operator, leaving twenty-four million "
	  "subscribers without service; officials blamed Sandworm.",
	  "Twenty-four million subscribers of Ukraine's largest mobile "
	  "operator lost service after a cyberattack that Ukrainian officials "
	  "blamed on Sandworm." },
	{ "Pro-Russian hacktivists of NoName057(16) knocked the websites of "
	  "Belgian municipalities and regional transport operators offline "
	  "with DDoS attacks.",
	  "NoName057(16) claimed DDoS attacks that took the websites of "
	  "Belgian municipalities and regional transport operators offline "
	  "for hours." },
	{ "Hackers stole 230 million dollars in cryptocurrency from a Japanese "
	  "exchange after compromising a developer's workstation.",
	  "A Japanese cryptocurrency exchange lost about 230 million dollars "
	  "after intruders compromised the workstation of a developer." },
};
#define NSTORY	(sizeof(story) / sizeof(story[0]))

/* A report and the storage its strings point to. */
struct tr {
	struct nw_report	r;
	struct nw_merge_report	m;
	char			key[96];
	char			native[64];
	char			url[128];
	const char		*text;
};

static void
tr_init(struct tr *t, const char *feed, const char *native, const char *text,
    int y, int mo, int d, int64_t source)
{
	memset(t, 0, sizeof(*t));
	snprintf(t->key, sizeof(t->key), "%s/%s", feed, native);
	snprintf(t->native, sizeof(t->native), "%s", native);
	snprintf(t->url, sizeof(t->url), "https://%s.example/%s", feed, native);
	t->text = text;
	t->r.native_id = t->native;
	t->r.url = t->url;
	t->r.text = text;
	t->r.textlen = strlen(text);
	t->r.date.y = y;
	t->r.date.m = mo;
	t->r.date.d = d;
	t->r.date.prec = d > 0 ? NW_PREC_DAY : mo > 0 ? NW_PREC_MONTH :
	    y > 0 ? NW_PREC_YEAR : NW_PREC_NONE;
	t->r.offset = -1;
	t->m.key = t->key;
	t->m.source = source;
	t->m.first_seen = "2025-01-01T00:00:00Z";
	t->m.date = t->r.date;
	t->m.text = text;
	t->m.textlen = t->r.textlen;
	t->m.url = t->url;
	t->m.ex = &t->r.ex;
}

static void
victim(struct tr *t, const char *state)
{
	memcpy(t->r.ex.victims[t->r.ex.nvictims++], state, 3);
}

/* --- scoring and blocking ---------------------------------------------------- */

static void
test_score(void **state)
{
	struct tr a, b;
	char why[NW_MERGE_WHY_MAX];
	double sc;
	size_t i;

	(void)state;
	/* the same incident told twice: an edge, for every story */
	for (i = 0; i < NSTORY; i++) {
		tr_init(&a, "list", "a", story[i][0], 2024, 5, 0, 1);
		tr_init(&b, "wire", "b", story[i][1], 2024, 5, 21, 2);
		victim(&a, "XX");
		victim(&b, "XX");
		sc = nw_merge_pair_score(&a.m, &b.m, why);
		if (sc < NW_MERGE_THRESHOLD)
			fail_msg("story %zu scores %.3f (%s)", i, sc, why);
		assert_non_null(strstr(why, "text"));
	}
	/* two different incidents with a shared victim: no edge */
	tr_init(&a, "list", "a", story[0][0], 2024, 5, 0, 1);
	tr_init(&b, "wire", "b", story[1][1], 2024, 5, 0, 2);
	victim(&a, "US");
	victim(&b, "US");
	sc = nw_merge_pair_score(&a.m, &b.m, why);
	if (!(sc >= 0 && sc < NW_MERGE_THRESHOLD))
		fail_msg("%.3f (%s)", sc, why);
	/* the same words with victims that do not meet score lower */
	tr_init(&a, "list", "a", story[0][0], 2024, 5, 0, 1);
	tr_init(&b, "wire", "b", story[0][1], 2024, 5, 0, 2);
	victim(&a, "IE");
	victim(&b, "IE");
	sc = nw_merge_pair_score(&a.m, &b.m, NULL);
	b.r.ex.nvictims = 0;
	victim(&b, "IL");
	a.r.ex.nattr = b.r.ex.nattr = 1;
	memcpy(a.r.ex.attr[0].state, "IR", 3);
	memcpy(b.r.ex.attr[0].state, "IR", 3);
	assert_true(nw_merge_pair_score(&a.m, &b.m, NULL) < sc);
}

static void
test_url_and_windows(void **state)
{
	struct tr a, b;
	char why[NW_MERGE_WHY_MAX];

	(void)state;
	/* unrelated words, one URL: the URL decides */
	tr_init(&a, "list", "a", story[0][0], 2024, 5, 0, 1);
	tr_init(&b, "wire", "b", story[1][0], 2024, 6, 2, 2);
	snprintf(b.url, sizeof(b.url), "%s", "HTTPS://LIST.example/a/");
	assert_true(nw_merge_pair_score(&a.m, &b.m, why) == 1.0);
	assert_string_equal(why, "url http://list.example/a");
	/* not the feed's own URL, and not a site's home page */
	a.m.feed_url = a.url;
	assert_true(nw_merge_pair_score(&a.m, &b.m, NULL) < 1.0);
	a.m.feed_url = NULL;
	snprintf(a.url, sizeof(a.url), "%s", "https://www.cisa.gov/");
	snprintf(b.url, sizeof(b.url), "%s", "https://www.cisa.gov");
	assert_true(nw_merge_pair_score(&a.m, &b.m, NULL) < 1.0);
	/* a URL in the text counts too */
	tr_init(&a, "list", "a", "Officials confirmed the breach, see "
	    "https://gov.example/notice/17.", 2024, 5, 0, 1);
	snprintf(b.url, sizeof(b.url), "%s", "https://gov.example/notice/17");
	assert_true(nw_merge_pair_score(&a.m, &b.m, NULL) == 1.0);

	/* windows: the same or the next month, never two apart */
	tr_init(&a, "list", "a", story[2][0], 2023, 7, 0, 1);
	tr_init(&b, "wire", "b", story[2][1], 2023, 8, 30, 2);
	assert_true(nw_merge_pair_score(&a.m, &b.m, NULL) >= 0);
	tr_init(&b, "wire", "b", story[2][1], 2023, 9, 1, 2);
	assert_true(nw_merge_pair_score(&a.m, &b.m, NULL) == -1);
	tr_init(&b, "wire", "b", story[2][1], 2022, 12, 31, 2);
	assert_true(nw_merge_pair_score(&a.m, &b.m, NULL) == -1);
	/* a year spans its months, and reaches the next January */
	tr_init(&b, "wire", "b", story[2][1], 2023, 0, 0, 2);
	assert_true(nw_merge_pair_score(&a.m, &b.m, NULL) >= 0);
	tr_init(&a, "list", "a", story[2][0], 2024, 1, 0, 1);
	assert_true(nw_merge_pair_score(&a.m, &b.m, NULL) >= 0);
	tr_init(&a, "list", "a", story[2][0], 2024, 2, 0, 1);
	assert_true(nw_merge_pair_score(&a.m, &b.m, NULL) == -1);
	/* undated reports meet only through the exact rules */
	tr_init(&a, "list", "a", story[2][0], 0, 0, 0, 1);
	tr_init(&b, "wire", "b", story[2][0], 2023, 7, 0, 2);
	assert_true(nw_merge_pair_score(&a.m, &b.m, NULL) == -1);
}

/* --- the rules, in memory ------------------------------------------------------ */

static int
cmp_dec(const void *x, const void *y)
{
	const struct nw_merge_decision *a = x, *b = y;
	int c = strcmp(a->a, b->a);

	return c != 0 ? c : strcmp(a->b, b->b);
}

/* Add a decision, keeping them sorted as merges.tsv's reader does. */
static void
decide(struct nw_merge_decisions *d, const char *a, const char *b, int same)
{
	if (d->arena == NULL)
		d->arena = nw_arena_new();
	d->v = xreallocarray(d->v, d->n + 1, sizeof(*d->v));
	d->v[d->n].a = strcmp(a, b) < 0 ? a : b;
	d->v[d->n].b = strcmp(a, b) < 0 ? b : a;
	d->v[d->n].same = same;
	d->v[d->n].line = (long)d->n + 1;
	d->n++;
	qsort(d->v, d->n, sizeof(*d->v), cmp_dec);
}

static void
test_rules(void **state)
{
	struct tr t[5];
	struct nw_merge_report m[5];
	struct nw_merge_decisions d;
	struct nw_error err;
	size_t out[5], i;

	(void)state;
	nw_error_clear(&err);
	memset(&d, 0, sizeof(d));
	/* one source never twice, whatever its words */
	tr_init(&t[0], "list", "a", story[1][0], 2021, 5, 0, 1);
	tr_init(&t[1], "list", "b", story[1][0], 2021, 5, 0, 1);
	m[0] = t[0].m;
	m[1] = t[1].m;
	assert_int_equal(nw_merge_set(m, 2, NULL, out, NULL, &err), 0);
	assert_true(out[0] != out[1]);
	/* ... except a dataset group */
	m[0].group = m[1].group = "17";
	assert_int_equal(nw_merge_set(m, 2, NULL, out, NULL, &err), 0);
	assert_true(out[0] == out[1]);
	/* a group joins even undated rows with nothing in common */
	tr_init(&t[2], "list", "c", story[4][0], 0, 0, 0, 1);
	m[2] = t[2].m;
	m[2].group = "17";
	assert_int_equal(nw_merge_set(m, 3, NULL, out, NULL, &err), 0);
	assert_true(out[0] == out[1] && out[1] == out[2]);

	/* curated: same joins what nothing joins, different parts a pair */
	tr_init(&t[0], "list", "a", story[1][0], 2021, 5, 0, 1);
	tr_init(&t[1], "wire", "b", story[1][1], 2021, 5, 0, 2);
	tr_init(&t[2], "other", "c", story[5][0], 2010, 1, 0, 3);
	for (i = 0; i < 3; i++)
		m[i] = t[i].m;
	assert_int_equal(nw_merge_set(m, 3, NULL, out, NULL, &err), 0);
	assert_true(out[0] == out[1] && out[2] == 2);
	decide(&d, "wire/b", "list/a", 0);
	decide(&d, "other/c", "list/a", 1);
	assert_int_equal(nw_merge_set(m, 3, &d, out, NULL, &err), 0);
	assert_true(out[0] != out[1]);
	assert_true(out[0] == out[2]);
	nw_merge_decisions_free(&d);

	/*
	 * A bridge through another source cannot put two reports of one
	 * list together: the closer pair wins.
	 */
	tr_init(&t[0], "list", "a", story[3][0], 2023, 12, 12, 1);
	tr_init(&t[1], "list", "b", story[3][1], 2023, 12, 12, 1);
	tr_init(&t[2], "wire", "c", story[3][1], 2023, 12, 13, 2);
	for (i = 0; i < 3; i++)
		m[i] = t[i].m;
	assert_int_equal(nw_merge_set(m, 3, NULL, out, NULL, &err), 0);
	assert_true(out[0] != out[1]);
	assert_true(out[2] == out[1]);
	/* the incident is its oldest report's */
	m[2].first_seen = "2024-01-01T00:00:00Z";
	assert_int_equal(nw_merge_set(m, 3, NULL, out, NULL, &err), 0);
	assert_int_equal(out[1], 2);
	assert_int_equal(out[2], 2);
}

/* --- merges.tsv ------------------------------------------------------------- */

struct errs {
	int	n;
	long	lines[16];
	char	msg[16][600];
};

static void
on_err(const struct nw_error *e, void *arg)
{
	struct errs *x = arg;

	if (x->n < 16) {
		x->lines[x->n] = e->line;
		snprintf(x->msg[x->n], sizeof(x->msg[0]), "%s", e->msg);
	}
	x->n++;
}

static void
test_decisions(void **state)
{
	const char *tmp = getenv("TMPDIR");
	char path[PATH_MAX], big[5000];
	struct nw_merge_decisions d;
	struct nw_error err;
	struct errs x;
	FILE *fp;

	(void)state;
	nw_error_clear(&err);
	snprintf(path, sizeof(path), "%s/nwmerges.%ld.tsv",
	    tmp != NULL && tmp[0] == '/' ? tmp : "/tmp", (long)getpid());
	/* a missing file is no decisions */
	unlink(path);
	memset(&x, 0, sizeof(x));
	assert_int_equal(nw_merge_decisions_load(path, &d, on_err, &x, &err),
	    0);
	assert_int_equal(d.n, 0);
	nw_merge_decisions_free(&d);

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	fp = fopen(path, "w");
	assert_non_null(fp);
	fprintf(fp, "# decisions\n"
	    "\n"
	    "same\twire/w1\tlist/2024-10-abc\ta note\r\n"
	    "different\tlist/2024-10-abc\tvendor/x/y\n"
	    "maybe\ta/b\tc/d\n"				/* 5 */
	    "same\ta/b\n"					/* 6 */
	    "same\ta/b\tc/d\te\tf\n"			/* 7 */
	    "same\tnoslash\tc/d\n"				/* 8 */
	    "same\tList/x\tc/d\n"				/* 9 */
	    "same\ta/b\ta/b\n"				/* 10 */
	    "same\tlist/2024-10-abc\twire/w1\n"		/* same again */
	    "different\twire/w1\tlist/2024-10-abc\n"		/* 12 */
	    "same\ta/%s\tc/d\n"				/* 13 */
	    "same\teurepoc/17/8664\teurepoc/18/9000\n",
	    big);
	fclose(fp);
	memset(&x, 0, sizeof(x));
	assert_int_equal(nw_merge_decisions_load(path, &d, on_err, &x, &err),
	    8);
	assert_int_equal(x.lines[0], 5);
	assert_non_null(strstr(x.msg[0], "same or different, not \"maybe\""));
	assert_int_equal(x.lines[1], 6);
	assert_int_equal(x.lines[2], 7);
	assert_int_equal(x.lines[3], 8);
	assert_non_null(strstr(x.msg[3], "not a report key"));
	assert_int_equal(x.lines[4], 9);
	assert_int_equal(x.lines[5], 10);
	assert_int_equal(x.lines[6], 13);
	assert_non_null(strstr(x.msg[6], "longer than"));
	/* the pair decided twice otherwise, named at its later line */
	assert_int_equal(x.lines[7], 12);
	assert_non_null(strstr(x.msg[7], "decided otherwise"));
	/* the good ones, sorted, each pair once, a < b */
	assert_int_equal(d.n, 3);
	assert_string_equal(d.v[0].a, "eurepoc/17/8664");
	assert_string_equal(d.v[0].b, "eurepoc/18/9000");
	assert_string_equal(d.v[1].a, "list/2024-10-abc");
	assert_string_equal(d.v[1].b, "vendor/x/y");
	assert_int_equal(d.v[1].same, 0);
	assert_string_equal(d.v[2].a, "list/2024-10-abc");
	assert_string_equal(d.v[2].b, "wire/w1");
	assert_int_equal(d.v[2].same, 1);
	assert_int_equal(d.v[2].line, 3);
	nw_merge_decisions_free(&d);
	unlink(path);
}

/*
 * Many reports of many sources, some told by several: shuffled, the
 * incidents are the same.
 */
struct gen {
	struct tr		*t;
	struct nw_merge_report	*m;
	size_t			 n;
	char			(*text)[400];
};

static uint32_t
rnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static void
gen_make(struct gen *g, size_t nincidents, uint32_t seed)
{
	static const char *const words[] = {
		"ministry", "pipeline", "exchange", "hospital", "satellite",
		"parliament", "election", "router", "telecom", "grid", "bank",
		"port", "airline", "university", "water", "refinery",
		"newspaper", "embassy", "court", "railway"
	};
	static const char *const feeds[] = { "list", "wire", "vendor", "agency" };
	static const char *const vic[] = { "US", "UA", "DE", "JP", "IL" };
	size_t i, k, cap = nincidents * 4;

	g->t = xcalloc(cap, sizeof(*g->t));
	g->m = xcalloc(cap, sizeof(*g->m));
	g->text = xcalloc(cap, sizeof(*g->text));
	g->n = 0;
	for (i = 0; i < nincidents; i++) {
		uint32_t w1 = rnd(&seed) % 20, w2 = rnd(&seed) % 20;
		int y = 2020 + (int)(i % 4), mo = 1 + (int)(i % 12);
		size_t tell = 1 + rnd(&seed) % 4;

		for (k = 0; k < tell; k++) {
			struct tr *t = &g->t[g->n];
			char native[32];

			snprintf(g->text[g->n], sizeof(g->text[0]),
			    "%s Operation Zeta%zu hit the %s and the %s of "
			    "Province%zu; %zu systems were wiped and agents of "
			    "Unit%zu were blamed.", k % 2 ? "Reportedly," : "Officials "
			    "said", i, words[w1], words[w2], i % 97, 100 + i,
			    i % 13);
			snprintf(native, sizeof(native), "i%zu-%zu", i, k);
			tr_init(t, feeds[k], native, g->text[g->n], y, mo,
			    k == 3 ? 0 : (int)(1 + i % 28), (int64_t)k + 1);
			victim(t, vic[i % 5]);
			g->n++;
		}
	}
}

static void
gen_free(struct gen *g)
{
	free(g->t);
	free(g->m);
	free(g->text);
}

/* The partition as text: each incident's keys, incidents sorted. */
static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *
partition(const struct nw_merge_report *m, const size_t *out, size_t n)
{
	char **line = xcalloc(n, sizeof(*line)), *res;
	struct nw_buf b;
	size_t i;

	for (i = 0; i < n; i++)
		line[i] = xasprintf("%s <- %s", m[out[i]].key, m[i].key);
	qsort(line, n, sizeof(*line), cmp_str);
	nw_buf_init(&b, 64u << 20);
	for (i = 0; i < n; i++) {
		assert_int_equal(nw_buf_adds(&b, line[i]), 0);
		assert_int_equal(nw_buf_addc(&b, '\n'), 0);
		free(line[i]);
	}
	free(line);
	res = nw_buf_detach(&b, NULL);
	return res;
}

static void
test_order(void **state)
{
	struct gen g;
	struct nw_error err;
	struct nw_merge_stats st;
	struct nw_merge_report tmp;
	size_t *out, i, j, incidents;
	char *p0, *p;
	uint32_t seed = 99;

	(void)state;
	nw_error_clear(&err);
	gen_make(&g, 300, 7);
	for (i = 0; i < g.n; i++)
		g.m[i] = g.t[i].m;
	out = xcalloc(g.n, sizeof(*out));
	assert_int_equal(nw_merge_set(g.m, g.n, NULL, out, &st, &err), 0);
	p0 = partition(g.m, out, g.n);
	/* every report with the others of its incident, and no more */
	for (i = 0, incidents = 0; i < g.n; i++)
		incidents += out[i] == i;
	assert_int_equal(incidents, 300);
	for (i = 0; i < g.n; i++)
		for (j = i + 1; j < g.n; j++) {
			int same = strncmp(g.t[i].native, g.t[j].native,
			    strcspn(g.t[i].native, "-") + 1) == 0;

			if (same != (out[i] == out[j]))
				fail_msg("%s and %s: %s", g.t[i].key, g.t[j].key,
				    same ? "apart" : "together");
		}
	assert_true(st.compared < (long)(g.n * g.n / 20));
	for (int round = 0; round < 5; round++) {
		for (i = g.n; i > 1; i--) {
			j = rnd(&seed) % i;
			tmp = g.m[i - 1];
			g.m[i - 1] = g.m[j];
			g.m[j] = tmp;
		}
		assert_int_equal(nw_merge_set(g.m, g.n, NULL, out, NULL, &err),
		    0);
		p = partition(g.m, out, g.n);
		assert_string_equal(p, p0);
		free(p);
	}
	free(p0);
	free(out);
	gen_free(&g);
}

/* --- the store --------------------------------------------------------------- */

struct fx {
	char			 dir[PATH_MAX];
	char			 db[PATH_MAX + 16];
	struct nw_store		*s;
	struct nw_merge		*m;
	struct nw_merge_decisions dec;
};

static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	const char *tmp = getenv("TMPDIR");
	struct nw_error err;

	if (f == NULL)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "%s/nwmerge.XXXXXX",
	    tmp != NULL && tmp[0] == '/' ? tmp : "/tmp");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->db, sizeof(f->db), "%s/store.db", f->dir);
	nw_error_clear(&err);
	if ((f->s = nw_store_open(f->db, NW_STORE_RW, &err)) == NULL ||
	    (f->m = nw_merge_new(f->s, NULL, NULL, NULL, &err)) == NULL)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	nw_merge_free(f->m);
	nw_store_close(f->s);
	nw_merge_decisions_free(&f->dec);
	nftw(f->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(f);
	unsetenv("NORMWATCH_NOW");
	return 0;
}

/* Ingest reports as feed name at time now, merging as ingest does. */
static void
feed(struct fx *f, const char *name, int grouped, const char *now,
    struct tr *t, size_t n)
{
	struct nw_feed fd;
	struct nw_merge_stats st;
	struct nw_error err;
	enum nw_put put;
	int64_t src;
	size_t i;

	setenv("NORMWATCH_NOW", now, 1);
	memset(&fd, 0, sizeof(fd));
	fd.name = (char *)name;
	fd.kind = "csis";
	fd.url = "file:///list.txt";
	nw_error_clear(&err);
	assert_int_equal(nw_store_feed_begin(f->s, &fd, &src, &err), 0);
	assert_int_equal(nw_merge_feed(f->m, src, grouped, &err), 0);
	for (i = 0; i < n; i++) {
		if (nw_store_put_report(f->s, src, 0, NULL, &t[i].r, &put,
		    &err) == -1)
			fail_msg("%s", err.msg);
		if (put != NW_PUT_SAME)
			assert_int_equal(nw_merge_add(f->m,
			    nw_store_report_id(f->s), &t[i].r, put == NW_PUT_NEW,
			    &err), 0);
	}
	if (nw_merge_flush(f->m, &st, &err) == -1)
		fail_msg("%s", err.msg);
	assert_int_equal(nw_store_feed_commit(f->s, &err), 0);
}

/* The id and key of the incident of report key. */
static int64_t
incident_of(struct fx *f, const char *key, char *inckey, size_t sz)
{
	sqlite3_stmt *st;
	int64_t id = 0;

	assert_int_equal(sqlite3_prepare_v2(nw_store_db(f->s),
	    "SELECT i.id, i.key FROM report r JOIN source s ON"
	    " s.id = r.source_id JOIN incident_report ir ON"
	    " ir.report_id = r.id JOIN incident i ON i.id = ir.incident_id"
	    " WHERE s.name || '/' || r.native_id = ?1", -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		if (inckey != NULL)
			snprintf(inckey, sz, "%s", sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	return id;
}

static long long
count(struct fx *f, const char *sql)
{
	sqlite3_stmt *st;
	long long n = -1;

	assert_int_equal(sqlite3_prepare_v2(nw_store_db(f->s), sql, -1, &st,
	    NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* The store's partition: "incident key <- report key", sorted. */
static char *
store_partition(struct nw_store *s)
{
	sqlite3_stmt *st;
	struct nw_buf b;

	nw_buf_init(&b, 64u << 20);
	assert_int_equal(sqlite3_prepare_v2(nw_store_db(s),
	    "SELECT i.key || ' <- ' || src.name || '/' || r.native_id FROM"
	    " report r JOIN source src ON src.id = r.source_id"
	    " JOIN incident_report ir ON ir.report_id = r.id"
	    " JOIN incident i ON i.id = ir.incident_id ORDER BY 1", -1, &st,
	    NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		assert_int_equal(nw_buf_adds(&b,
		    (const char *)sqlite3_column_text(st, 0)), 0);
		assert_int_equal(nw_buf_addc(&b, '\n'), 0);
	}
	sqlite3_finalize(st);
	return nw_buf_detach(&b, NULL);
}

static void
test_store_join(void **state)
{
	struct fx *f = *state;
	struct tr a[3], b[1];
	char key[128];
	int64_t inc;

	tr_init(&a[0], "list", "a0", story[0][0], 2024, 5, 0, 0);
	tr_init(&a[1], "list", "a1", story[1][0], 2021, 5, 0, 0);
	tr_init(&a[2], "list", "a2", story[2][0], 2023, 7, 0, 0);
	feed(f, "list", 0, "2025-01-01T00:00:00Z", a, 3);
	assert_int_equal(count(f, "SELECT count(*) FROM incident"), 3);
	inc = incident_of(f, "list/a1", key, sizeof(key));
	assert_string_equal(key, "list/a1");

	/* a report of another source joins: the incident keeps id and key */
	tr_init(&b[0], "wire", "b0", story[1][1], 2021, 5, 10, 0);
	feed(f, "wire", 0, "2025-02-01T00:00:00Z", b, 1);
	assert_int_equal(count(f, "SELECT count(*) FROM incident"), 3);
	assert_int_equal(incident_of(f, "wire/b0", key, sizeof(key)), inc);
	assert_string_equal(key, "list/a1");
	assert_int_equal(count(f, "SELECT count(*) FROM merge_edge"), 1);
	/* the incident changed when the report joined */
	assert_int_equal(count(f, "SELECT count(*) FROM incident WHERE"
	    " key = 'list/a1' AND changed = '2025-02-01T00:00:00Z'"), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM incident WHERE"
	    " key = 'list/a0' AND changed = '2025-01-01T00:00:00Z'"), 1);

	/* the same feed again changes nothing */
	feed(f, "wire", 0, "2025-03-01T00:00:00Z", b, 1);
	assert_int_equal(incident_of(f, "wire/b0", NULL, 0), inc);
	assert_int_equal(count(f, "SELECT count(*) FROM incident WHERE"
	    " changed = '2025-03-01T00:00:00Z'"), 0);
}

static void
test_store_bridge(void **state)
{
	struct fx *f = *state;
	struct tr a[1], c[1], b[1];
	char key[128];
	int64_t ia, ic;

	/*
	 * One incident told by a list in February and by an agency in
	 * April: two months apart, they are no candidates.
	 */
	tr_init(&a[0], "list", "a", "Hackers of Unit 77 wiped the servers of "
	    "the Varna port authority and the Burgas refinery; 300 machines "
	    "were lost.", 2024, 2, 0, 0);
	tr_init(&c[0], "agency", "c", "The agency confirms intrusions at the "
	    "Burgas refinery and at the Varna port authority, attributed to "
	    "Unit 77 operators.", 2024, 4, 2, 0);
	feed(f, "list", 0, "2025-01-01T00:00:00Z", a, 1);
	feed(f, "agency", 0, "2025-01-02T00:00:00Z", c, 1);
	ia = incident_of(f, "list/a", NULL, 0);
	ic = incident_of(f, "agency/c", NULL, 0);
	assert_true(ia != ic);
	/* a wire story in March that meets both: one incident, the older */
	tr_init(&b[0], "wire", "b", "Unit 77 hackers wiped servers of the "
	    "Varna port authority and the Burgas refinery; 300 machines lost, "
	    "the agency confirms the intrusions at the refinery and the port.",
	    2024, 3, 20, 0);
	feed(f, "wire", 0, "2025-01-03T00:00:00Z", b, 1);
	assert_int_equal(incident_of(f, "wire/b", key, sizeof(key)), ia);
	assert_string_equal(key, "list/a");
	assert_int_equal(incident_of(f, "agency/c", NULL, 0), ia);
	assert_int_equal(count(f, "SELECT count(*) FROM incident"), 1);
	/* the other incident is gone, with everything of it */
	assert_int_equal(count(f, "SELECT count(*) FROM incident WHERE"
	    " key = 'agency/c'"), 0);
}

static void
test_store_rules(void **state)
{
	struct fx *f = *state;
	struct tr a[2], b[2], g[3];
	struct nw_merge_stats st;
	struct nw_error err;
	int64_t i0, i1;

	nw_error_clear(&err);
	/* one list never twice, even word for word */
	tr_init(&a[0], "list", "a0", story[3][0], 2023, 12, 12, 0);
	tr_init(&a[1], "list", "a1", story[3][0], 2023, 12, 12, 0);
	feed(f, "list", 0, "2025-01-01T00:00:00Z", a, 2);
	assert_true(incident_of(f, "list/a0", NULL, 0) !=
	    incident_of(f, "list/a1", NULL, 0));
	/* a wire story joins one of them, not both */
	tr_init(&b[0], "wire", "b0", story[3][1], 2023, 12, 13, 0);
	feed(f, "wire", 0, "2025-01-02T00:00:00Z", b, 1);
	i0 = incident_of(f, "list/a0", NULL, 0);
	i1 = incident_of(f, "list/a1", NULL, 0);
	assert_true(i0 != i1);
	assert_true(incident_of(f, "wire/b0", NULL, 0) == i0);

	/* dataset groups: rows of one incident id are one incident */
	tr_init(&g[0], "eurepoc", "17/1", "attributed_initiator_country: "
	    "Russia", 2020, 1, 0, 0);
	tr_init(&g[1], "eurepoc", "17/2", "attributing_country: Ukraine",
	    2021, 0, 0, 0);
	tr_init(&g[2], "eurepoc", "18/3", "attributed_initiator_country: "
	    "Russia", 2020, 1, 0, 0);
	feed(f, "eurepoc", 1, "2025-01-03T00:00:00Z", g, 3);
	assert_int_equal(incident_of(f, "eurepoc/17/1", NULL, 0),
	    incident_of(f, "eurepoc/17/2", NULL, 0));
	assert_true(incident_of(f, "eurepoc/17/1", NULL, 0) !=
	    incident_of(f, "eurepoc/18/3", NULL, 0));

	/* merges.tsv, applied to reports already stored */
	decide(&f->dec, "list/a1", "wire/b0", 1);
	decide(&f->dec, "eurepoc/17/1", "eurepoc/17/2", 0);
	nw_merge_free(f->m);
	assert_non_null(f->m = nw_merge_new(f->s, NULL, &f->dec, NULL, &err));
	assert_int_equal(nw_merge_prepare(f->m, &st, &err), 0);
	assert_true(st.reports > 0);
	assert_int_equal(incident_of(f, "wire/b0", NULL, 0),
	    incident_of(f, "list/a1", NULL, 0));
	assert_true(incident_of(f, "wire/b0", NULL, 0) !=
	    incident_of(f, "list/a0", NULL, 0));
	assert_true(incident_of(f, "eurepoc/17/1", NULL, 0) !=
	    incident_of(f, "eurepoc/17/2", NULL, 0));
	assert_int_equal(count(f, "SELECT count(*) FROM merge_decision"), 2);
	/* prepared again with the same decisions: nothing to do */
	assert_int_equal(nw_merge_prepare(f->m, &st, &err), 0);
	assert_int_equal(st.reports, 0);
	/* decisions gone: what merging says by itself */
	nw_merge_decisions_free(&f->dec);
	nw_merge_free(f->m);
	assert_non_null(f->m = nw_merge_new(f->s, NULL, &f->dec, NULL, &err));
	assert_int_equal(nw_merge_prepare(f->m, &st, &err), 0);
	assert_int_equal(incident_of(f, "eurepoc/17/1", NULL, 0),
	    incident_of(f, "eurepoc/17/2", NULL, 0));
	assert_int_equal(incident_of(f, "wire/b0", NULL, 0),
	    incident_of(f, "list/a0", NULL, 0));
}

static void
test_store_changed(void **state)
{
	struct fx *f = *state;
	struct tr a[1], b[1];
	char key[128];

	tr_init(&a[0], "list", "a", story[4][0], 2024, 10, 0, 0);
	tr_init(&b[0], "wire", "b", story[4][1], 2024, 10, 15, 0);
	feed(f, "list", 0, "2025-01-01T00:00:00Z", a, 1);
	feed(f, "wire", 0, "2025-01-02T00:00:00Z", b, 1);
	assert_int_equal(incident_of(f, "wire/b", NULL, 0),
	    incident_of(f, "list/a", NULL, 0));
	/* the wire corrects its story: it was another incident */
	tr_init(&b[0], "wire", "b", story[5][1], 2024, 10, 15, 0);
	feed(f, "wire", 0, "2025-01-03T00:00:00Z", b, 1);
	assert_true(incident_of(f, "wire/b", key, sizeof(key)) !=
	    incident_of(f, "list/a", NULL, 0));
	assert_string_equal(key, "wire/b");
	assert_int_equal(count(f, "SELECT count(*) FROM merge_edge"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM incident"), 2);
	assert_int_equal(count(f, "SELECT count(*) FROM incident WHERE"
	    " key = 'list/a' AND changed = '2025-01-03T00:00:00Z'"), 1);
}

/* Ingest generated feeds in an order; the store's partition. */
static char *
ingest_gen(struct fx *f, const struct gen *g, const int *order)
{
	static const char *const feeds[] = { "list", "wire", "vendor", "agency" };
	struct tr *t = xcalloc(g->n, sizeof(*t));
	size_t i, k, n;

	for (k = 0; k < 4; k++) {
		const char *name = feeds[order[k]];

		for (i = 0, n = 0; i < g->n; i++)
			if (strncmp(g->t[i].key, name, strlen(name)) == 0 &&
			    g->t[i].key[strlen(name)] == '/')
				t[n++] = g->t[i];
		for (i = 0; i < n; i++) {
			t[i].r.native_id = t[i].native;
			t[i].r.url = t[i].url;
		}
		/* the same first_seen for all: the keys decide ties */
		feed(f, name, 0, "2025-01-01T00:00:00Z", t, n);
	}
	free(t);
	return store_partition(f->s);
}

static void
test_store_order(void **state)
{
	static const int orders[3][4] = {
		{ 0, 1, 2, 3 }, { 3, 1, 0, 2 }, { 2, 3, 1, 0 }
	};
	struct fx *f = *state;
	struct nw_merge_stats st;
	struct nw_error err;
	struct gen g;
	char *p0, *p;
	int k;

	nw_error_clear(&err);
	gen_make(&g, 120, 11);
	p0 = ingest_gen(f, &g, orders[0]);
	assert_int_equal(count(f, "SELECT count(*) FROM incident"), 120);
	/* merging the whole store again gives the same incidents */
	assert_int_equal(nw_store_begin(f->s, &err), 0);
	assert_int_equal(nw_merge_all(f->m, &st, &err), 0);
	assert_int_equal(nw_store_feed_commit(f->s, &err), 0);
	assert_int_equal(st.joined, 0);
	assert_int_equal(st.created + st.deleted, 0);
	p = store_partition(f->s);
	assert_string_equal(p, p0);
	free(p);
	/* other orders of the feeds, into new stores: the same incidents */
	for (k = 1; k < 3; k++) {
		nw_merge_free(f->m);
		nw_store_close(f->s);
		unlink(f->db);
		snprintf(f->db, sizeof(f->db), "%s/store%d.db", f->dir, k);
		assert_non_null(f->s = nw_store_open(f->db, NW_STORE_RW, &err));
		assert_non_null(f->m = nw_merge_new(f->s, NULL, NULL, NULL, &err));
		p = ingest_gen(f, &g, orders[k]);
		assert_string_equal(p, p0);
		free(p);
	}
	free(p0);
	gen_free(&g);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_score),
		cmocka_unit_test(test_url_and_windows),
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_decisions),
		cmocka_unit_test(test_order),
		cmocka_unit_test_setup_teardown(test_store_join, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_store_bridge, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_store_rules, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_store_changed, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_store_order, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
