/*
 * test_actors.c - canonical actors: names normalised, MISP galaxy cluster
 * files read (good, odd and hostile ones), the table built from clusters
 * of three galaxies (links join, names conflict, order does not matter),
 * the table in the store, and the real threat-actor galaxy of
 * $NW_SHARED (skipped when absent).
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

#include "normwatch/actors.h"
#include "normwatch/refdata.h"
#include "normwatch/store.h"
#include "normwatch/util.h"

#define A1 "10000000-0000-4000-8000-000000000001"
#define A2 "20000000-0000-4000-8000-000000000002"
#define A3 "30000000-0000-4000-8000-000000000003"
#define A4 "40000000-0000-4000-8000-000000000004"
#define A5 "50000000-0000-4000-8000-000000000005"
#define A6 "60000000-0000-4000-8000-000000000006"
#define A7 "70000000-0000-4000-8000-000000000007"
#define M1 "b1000000-0000-4000-8000-00000000000b"
#define M3 "b3000000-0000-4000-8000-00000000000b"
#define S1 "c1000000-0000-4000-8000-00000000000c"

static struct nw_refdata *ref;

/* Clusters read from files. */
struct cl {
	struct nw_arena			 *arena;
	const struct nw_cluster		**v;
	size_t				  n, cap;
};

static int
collect(const struct nw_cluster *c, void *arg)
{
	struct cl *l = arg;

	if (l->n == l->cap) {
		l->cap = l->cap == 0 ? 64 : l->cap * 2;
		l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
	}
	l->v[l->n++] = c;
	return 0;
}

static char *
src_path(const char *rel)
{
	const char *srcdir = getenv("NW_SRCDIR");

	return xasprintf("%s/%s", srcdir != NULL ? srcdir : ".", rel);
}

/* Parse a galaxy in memory; returns what nw_galaxy_parse returns. */
static long
parse_mem(const char *data, size_t len, const char *name,
    const struct nw_refdata *r, struct cl *l, struct nw_error *err)
{
	struct nw_doc doc;

	memset(&doc, 0, sizeof(doc));
	doc.data = data;
	doc.len = len;
	doc.name = name;
	doc.ref = r;
	if (l->arena == NULL)
		l->arena = nw_arena_new();
	nw_error_clear(err);
	return nw_galaxy_parse(NULL, &doc, l->arena, collect, l, err);
}

static long
parse_file(const char *rel, const struct nw_refdata *r, struct cl *l,
    struct nw_error *err)
{
	char *path = src_path(rel), *data;
	size_t len;
	long n;

	data = nw_read_file(path, 64u << 20, &len, err);
	assert_non_null(data);
	n = parse_mem(data, len, rel, r, l, err);
	free(data);
	free(path);
	return n;
}

static void
cl_free(struct cl *l)
{
	free(l->v);
	nw_arena_free(l->arena);
	memset(l, 0, sizeof(*l));
}

static const struct nw_cluster *
find_cluster(const struct cl *l, const char *uuid)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i]->uuid, uuid) == 0)
			return l->v[i];
	return NULL;
}

static int
has_name(const struct nw_cluster *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->nsynonyms; i++)
		if (strcmp(c->synonyms[i], name) == 0)
			return 1;
	return 0;
}

static int
group_setup(void **state)
{
	const char *d = getenv("NORMWATCH_DATADIR");
	struct nw_error err;
	char *dir;

	(void)state;
	nw_error_clear(&err);
	dir = xasprintf("%s/reference", d != NULL ? d : "feeds");
	ref = nw_refdata_load(dir, &err);
	free(dir);
	return ref == NULL ? -1 : 0;
}

static int
group_teardown(void **state)
{
	(void)state;
	nw_refdata_free(ref);
	return 0;
}

/* --- normalisation --------------------------------------------------------- */

static void
test_norm(void **state)
{
	char n[NW_ACTOR_NORM_MAX], big[300];

	(void)state;
	assert_int_equal(nw_actor_norm("APT 28", n), 5);
	assert_string_equal(n, "apt28");
	nw_actor_norm("apt-28", n);
	assert_string_equal(n, "apt28");
	nw_actor_norm("APT28", n);
	assert_string_equal(n, "apt28");
	nw_actor_norm("Fancy Bear", n);
	assert_string_equal(n, "fancybear");
	nw_actor_norm("NoName057(16)", n);
	assert_string_equal(n, "noname05716");
	/* typographic dashes, quotes and NBSP are punctuation too */
	nw_actor_norm("APT\xe2\x80\x91" "28\xc2\xa0\xe2\x80\x99", n);
	assert_string_equal(n, "apt28");
	/* other letters are kept as written */
	nw_actor_norm("\xe7\x8b\xbc\xe6\xaf\x92\xe8\x8d\x89 Group", n);
	assert_string_equal(n, "\xe7\x8b\xbc\xe6\xaf\x92\xe8\x8d\x89group");
	nw_actor_norm("D\xc3\xbcsseldorf", n);
	assert_string_equal(n, "d\xc3\xbcsseldorf");
	assert_int_equal(nw_actor_norm("--- (?) ...", n), 0);
	assert_string_equal(n, "");
	/* a broken UTF-8 byte is dropped, never copied */
	nw_actor_norm("AB\xff" "C", n);
	assert_string_equal(n, "abc");
	/* cut at the cap, at a character boundary */
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(nw_actor_norm(big, n), NW_ACTOR_NORM_MAX - 1);
	memset(big, 0, sizeof(big));
	for (size_t i = 0; i + 3 < 120; i += 3)
		memcpy(big + i, "\xc3\xa9" "a", 3);
	nw_actor_norm(big, n);
	assert_true(strlen(n) < NW_ACTOR_NORM_MAX);
	assert_true(((unsigned char)n[strlen(n) - 1] & 0xc0) != 0xc0);
}

/* --- reading galaxy files --------------------------------------------------- */

static void
test_parse_threat_actor(void **state)
{
	struct cl l;
	struct nw_error err;
	const struct nw_cluster *c;

	(void)state;
	memset(&l, 0, sizeof(l));
	assert_int_equal(parse_file("tests/data/actors/threat-actor.json", ref,
	    &l, &err), 7);
	assert_int_equal(l.n, 7);
	c = find_cluster(&l, A1);
	assert_non_null(c);
	assert_string_equal(c->origin, "threat-actor");
	assert_string_equal(c->value, "APT28");
	assert_string_equal(c->state, "RU");
	assert_string_equal(c->agency, "GRU (Military unit 26165)");
	assert_true(has_name(c, "Fancy Bear"));
	assert_true(has_name(c, "APT 28"));
	assert_int_equal(c->nrelated, 1);
	assert_string_equal(c->related[0], M1);
	/* a sponsor by name, through the reference table */
	c = find_cluster(&l, A2);
	assert_string_equal(c->state, "RU");
	assert_null(c->agency);
	c = find_cluster(&l, A5);
	assert_string_equal(c->state, "BY");
	c = find_cluster(&l, A3);
	assert_string_equal(c->agency, "Reconnaissance General Bureau");
	cl_free(&l);

	/* without reference data only ISO codes are read */
	assert_int_equal(parse_file("tests/data/actors/threat-actor.json", NULL,
	    &l, &err), 7);
	assert_string_equal(find_cluster(&l, A2)->state, "");
	assert_string_equal(find_cluster(&l, A1)->state, "RU");
	cl_free(&l);
}

static void
test_parse_mitre(void **state)
{
	struct cl l;
	struct nw_error err;
	const struct nw_cluster *c;

	(void)state;
	memset(&l, 0, sizeof(l));
	assert_int_equal(parse_file("tests/data/actors/mitre.json", ref, &l,
	    &err), 3);
	c = find_cluster(&l, M1);
	assert_string_equal(c->origin, "mitre-intrusion-set");
	/* " - G0007" cut, the id kept as a name */
	assert_string_equal(c->value, "APT28");
	assert_true(has_name(c, "G0007"));
	/* "uses" links are not "the same group elsewhere" */
	assert_int_equal(c->nrelated, 1);
	assert_string_equal(c->related[0], A1);
	assert_int_equal(find_cluster(&l, M3)->nrelated, 2);
	cl_free(&l);
}

static void
test_parse_odd(void **state)
{
	struct cl l;
	struct nw_error err;
	const struct nw_cluster *c;

	(void)state;
	memset(&l, 0, sizeof(l));
	/* names too long, bad UUIDs, no value, no letters: skipped alone */
	assert_int_equal(parse_file("tests/data/actors/odd.json", ref, &l,
	    &err), 1);
	c = l.v[0];
	assert_string_equal(c->value, "Kept Group");
	assert_string_equal(c->uuid, A2);
	assert_int_equal(c->nsynonyms, 2);
	assert_string_equal(c->synonyms[0], "ok");
	assert_string_equal(c->synonyms[1], "Kept Again");
	/* a country nobody knows is no state */
	assert_string_equal(c->state, "");
	cl_free(&l);
}

/* A hostile file fails whole, with its code and JSON path. */
static void
hostile(const char *rel, enum nw_errcode code, const char *path)
{
	struct cl l;
	struct nw_error err;

	memset(&l, 0, sizeof(l));
	assert_int_equal(parse_file(rel, ref, &l, &err), -1);
	if (err.code != code)
		fail_msg("%s: code %s, wanted %s (%s)", rel,
		    nw_errcode_name(err.code), nw_errcode_name(code), err.msg);
	assert_string_equal(err.file, rel);
	if (path != NULL)
		assert_string_equal(err.path, path);
	assert_int_equal(l.n, 0);
	cl_free(&l);
}

static void
test_parse_hostile(void **state)
{
	struct cl l;
	struct nw_error err;
	struct nw_buf b;
	size_t i;

	(void)state;
	hostile("tests/data/actors/hostile/not-json.json", NW_E_PARSE, NULL);
	hostile("tests/data/actors/hostile/wrong-type.json", NW_E_DATA,
	    "$.type");
	hostile("tests/data/actors/hostile/deep.json", NW_E_LIMIT, NULL);
	hostile("tests/data/actors/hostile/dup-key.json", NW_E_DATA, NULL);
	hostile("tests/data/actors/hostile/truncated.json", NW_E_PARSE, NULL);
	hostile("tests/data/actors/hostile/values-not-array.json", NW_E_PARSE,
	    "$.values");
	hostile("tests/data/actors/hostile/no-values.json", NW_E_PARSE, NULL);

	/* a string over NW_GALAXY_MAX_STRING */
	nw_buf_init(&b, 4u << 20);
	assert_int_equal(nw_buf_adds(&b, "{\"type\":\"threat-actor\","
	    "\"description\":\""), 0);
	for (i = 0; i < NW_GALAXY_MAX_STRING + 10; i++)
		assert_int_equal(nw_buf_addc(&b, 'x'), 0);
	assert_int_equal(nw_buf_adds(&b, "\",\"values\":[]}"), 0);
	memset(&l, 0, sizeof(l));
	assert_int_equal(parse_mem(b.data, b.len, "long.json", ref, &l, &err),
	    -1);
	assert_int_equal(err.code, NW_E_LIMIT);
	cl_free(&l);
	nw_buf_free(&b);

	/* more clusters than NW_MAX_ACTOR_CLUSTERS */
	nw_buf_init(&b, 64u << 20);
	assert_int_equal(nw_buf_adds(&b, "{\"type\":\"threat-actor\","
	    "\"values\":["), 0);
	for (i = 0; i <= NW_MAX_ACTOR_CLUSTERS; i++)
		assert_int_equal(nw_buf_addf(&b, "%s{\"value\":\"G%zu\","
		    "\"uuid\":\"%08zx-0000-4000-8000-000000000000\"}",
		    i > 0 ? "," : "", i, i), 0);
	assert_int_equal(nw_buf_adds(&b, "]}"), 0);
	memset(&l, 0, sizeof(l));
	assert_int_equal(parse_mem(b.data, b.len, "many.json", ref, &l, &err),
	    -1);
	assert_int_equal(err.code, NW_E_LIMIT);
	assert_non_null(strstr(err.path, "$.values["));
	cl_free(&l);
	nw_buf_free(&b);
}

/* --- the table -------------------------------------------------------------- */

/* The three test galaxies. */
static void
load_three(struct cl *l)
{
	struct nw_error err;

	memset(l, 0, sizeof(*l));
	assert_int_equal(parse_file("tests/data/actors/threat-actor.json", ref,
	    l, &err), 7);
	assert_int_equal(parse_file("tests/data/actors/mitre.json", ref, l,
	    &err), 3);
	assert_int_equal(parse_file("tests/data/actors/microsoft.json", ref, l,
	    &err), 2);
}

static const char *
lookup_id(const struct nw_actors *t, const char *name, int *conflict)
{
	const struct nw_canon *c = nw_actors_lookup(t, name, NULL, conflict);

	return c != NULL ? c->id : NULL;
}

static void
test_table(void **state)
{
	const struct nw_actor_conflict *cf;
	const struct nw_alias *al;
	const struct nw_canon *c;
	struct nw_actors *t;
	struct nw_error err;
	struct cl l;
	size_t i, n, nlink = 0, nname = 0;
	int conflict, strontium = 0;

	(void)state;
	load_three(&l);
	t = nw_actors_build(l.v, l.n, &err);
	assert_non_null(t);
	/* A1+M1+S1, A2+M2+S2, A3+M3, A4, A5, A6, A7 */
	assert_int_equal(nw_actors_count(t), 7);

	/* one actor for APT28 whatever the galaxy or the spelling */
	c = nw_actors_lookup(t, "APT 28", NULL, &conflict);
	assert_non_null(c);
	assert_int_equal(conflict, 0);
	assert_string_equal(c->id, A1);
	assert_string_equal(c->name, "APT28");
	assert_string_equal(c->origin, "threat-actor");
	assert_string_equal(c->state, "RU");
	assert_string_equal(c->agency, "GRU (Military unit 26165)");
	assert_string_equal(lookup_id(t, "apt-28", NULL), A1);
	assert_string_equal(lookup_id(t, "Fancy Bear", NULL), A1);
	assert_string_equal(lookup_id(t, "STRONTIUM", NULL), A1);
	assert_string_equal(lookup_id(t, "sofacy", NULL), A1);
	assert_string_equal(lookup_id(t, "g0007", NULL), A1);
	assert_string_equal(lookup_id(t, "NOBELIUM", NULL), A2);
	assert_string_equal(lookup_id(t, "Midnight Blizzard", NULL), A2);
	assert_string_equal(lookup_id(t, "The Dukes", NULL), A2);
	/* MITRE's Lazarus links two threat-actor clusters: the first kept */
	assert_string_equal(lookup_id(t, "Lazarus Group", NULL), A3);
	assert_string_equal(lookup_id(t, "HIDDEN COBRA", NULL), A3);
	assert_string_equal(lookup_id(t, "Bluenoroff", NULL), A4);
	assert_null(lookup_id(t, "Equation Group", &conflict));
	assert_int_equal(conflict, 0);

	/* names of two actors stand for neither */
	assert_null(lookup_id(t, "Stardust Chollima", &conflict));
	assert_int_equal(conflict, 1);
	assert_null(lookup_id(t, "comment-crew", &conflict));
	assert_int_equal(conflict, 1);
	cf = nw_actors_conflicts(t, &n);
	for (i = 0; i < n; i++) {
		if (strcmp(cf[i].kind, "link") == 0) {
			nlink++;
			assert_string_equal(cf[i].cluster_a, A4);
			assert_string_equal(cf[i].cluster_b, M3);
			assert_string_equal(cf[i].origin_a, "threat-actor");
			assert_string_equal(cf[i].origin_b,
			    "mitre-intrusion-set");
			continue;
		}
		nname++;
		assert_true(strcmp(cf[i].cluster_a, cf[i].cluster_b) < 0);
		if (strcmp(cf[i].norm, "stardustchollima") == 0) {
			assert_string_equal(cf[i].cluster_a, A3);
			assert_string_equal(cf[i].cluster_b, A4);
			assert_string_equal(cf[i].actor_a, A3);
			assert_string_equal(cf[i].actor_b, A4);
		} else {
			assert_string_equal(cf[i].norm, "commentcrew");
			assert_string_equal(cf[i].cluster_a, A6);
			assert_string_equal(cf[i].cluster_b, A7);
			assert_string_equal(cf[i].name_b, "Comment Crew");
		}
	}
	assert_int_equal(nlink, 1);
	assert_int_equal(nname, 2);

	/* every alias keeps its origin */
	al = nw_actors_aliases(t, &n);
	for (i = 0; i < n; i++) {
		if (strcmp(al[i].name, "STRONTIUM") != 0)
			continue;
		strontium++;
		assert_string_equal(al[i].origin, "microsoft-activity-group");
		assert_string_equal(al[i].cluster, S1);
		assert_string_equal(nw_actors_at(t, al[i].actor)->id, A1);
		assert_int_equal(al[i].conflict, 0);
	}
	assert_int_equal(strontium, 1);
	nw_actors_free(t);
	cl_free(&l);
}

/* A pseudo-random permutation (xorshift), the same on every run. */
static void
shuffle(const struct nw_cluster **v, size_t n, uint32_t seed)
{
	size_t i, j;
	const struct nw_cluster *t;

	for (i = n; i > 1; i--) {
		seed ^= seed << 13;
		seed ^= seed >> 17;
		seed ^= seed << 5;
		j = seed % i;
		t = v[i - 1];
		v[i - 1] = v[j];
		v[j] = t;
	}
}

static void
test_table_order(void **state)
{
	struct nw_actors *t0, *t;
	struct nw_error err;
	struct cl l;
	size_t i, k, n0, n;
	uint32_t seed;

	(void)state;
	load_three(&l);
	t0 = nw_actors_build(l.v, l.n, &err);
	assert_non_null(t0);
	for (seed = 1; seed <= 20; seed++) {
		shuffle(l.v, l.n, seed * 2654435761u);
		t = nw_actors_build(l.v, l.n, &err);
		assert_non_null(t);
		assert_string_equal(nw_actors_version(t), nw_actors_version(t0));
		assert_int_equal(nw_actors_count(t), nw_actors_count(t0));
		for (i = 0; i < nw_actors_count(t); i++) {
			assert_string_equal(nw_actors_at(t, i)->id,
			    nw_actors_at(t0, i)->id);
			assert_string_equal(nw_actors_at(t, i)->name,
			    nw_actors_at(t0, i)->name);
		}
		nw_actors_conflicts(t0, &n0);
		nw_actors_conflicts(t, &n);
		assert_int_equal(n, n0);
		for (k = 0; k < n; k++)
			assert_string_equal(nw_actors_conflicts(t, &n)[k].cluster_a,
			    nw_actors_conflicts(t0, &n0)[k].cluster_a);
		nw_actors_free(t);
	}
	/* a cluster given twice counts once */
	l.v = xreallocarray(l.v, l.n + 2, sizeof(*l.v));
	l.v[l.n] = l.v[0];
	l.v[l.n + 1] = l.v[3];
	t = nw_actors_build(l.v, l.n + 2, &err);
	assert_string_equal(nw_actors_version(t), nw_actors_version(t0));
	nw_actors_free(t);
	nw_actors_free(t0);
	cl_free(&l);
}

/* --- the store -------------------------------------------------------------- */

static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void
test_store(void **state)
{
	char dir[PATH_MAX], *db;
	const char *tmp = getenv("TMPDIR");
	struct nw_feed f1, f2;
	struct nw_store *s;
	struct nw_actors *t, *t2;
	struct nw_error err;
	struct cl l;
	int64_t src1, src2;
	size_t ta = 0;
	int changed;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/nwactors.XXXXXX",
	    tmp != NULL && tmp[0] == '/' ? tmp : "/tmp");
	assert_non_null(mkdtemp(dir));
	db = xasprintf("%s/store.db", dir);
	nw_error_clear(&err);
	s = nw_store_open(db, NW_STORE_RW, &err);
	assert_non_null(s);
	load_three(&l);
	while (ta < l.n && strcmp(l.v[ta]->origin, "threat-actor") == 0)
		ta++;

	memset(&f1, 0, sizeof(f1));
	f1.name = "ta";
	f1.kind = "actors";
	f1.url = "file:///ta.json";
	f2 = f1;
	f2.name = "others";
	assert_int_equal(nw_store_feed_begin(s, &f1, &src1, &err), 0);
	assert_int_equal(nw_actors_put_clusters(s, src1, l.v, ta, &err), 0);
	assert_int_equal(nw_store_feed_commit(s, &err), 0);
	assert_int_equal(nw_store_feed_begin(s, &f2, &src2, &err), 0);
	assert_int_equal(nw_actors_put_clusters(s, src2, l.v + ta, l.n - ta,
	    &err), 0);
	t = nw_actors_rebuild(s, &changed, &err);
	assert_non_null(t);
	assert_int_equal(changed, 1);
	assert_int_equal(nw_store_feed_commit(s, &err), 0);

	/* the same clusters again: nothing changed */
	assert_int_equal(nw_store_begin(s, &err), 0);
	t2 = nw_actors_rebuild(s, &changed, &err);
	assert_int_equal(changed, 0);
	assert_string_equal(nw_actors_version(t2), nw_actors_version(t));
	nw_actors_free(t2);
	assert_int_equal(nw_store_feed_commit(s, &err), 0);

	/* what the store gives back is the table that was built */
	t2 = nw_actors_load(s, &err);
	assert_non_null(t2);
	assert_string_equal(nw_actors_version(t2), nw_actors_version(t));
	assert_string_equal(nw_actors_lookup(t2, "strontium", NULL, NULL)->id,
	    A1);
	nw_actors_free(t2);

	/* a feed's clusters replace its earlier ones */
	assert_int_equal(nw_store_feed_begin(s, &f2, &src2, &err), 0);
	assert_int_equal(nw_actors_put_clusters(s, src2, l.v + ta, 1, &err),
	    0);
	t2 = nw_actors_rebuild(s, &changed, &err);
	assert_int_equal(changed, 1);
	assert_true(strcmp(nw_actors_version(t2), nw_actors_version(t)) != 0);
	nw_actors_free(t2);
	nw_store_feed_rollback(s);

	/* outside a transaction the table is not rebuilt */
	assert_null(nw_actors_rebuild(s, NULL, &err));
	assert_int_equal(err.code, NW_E_INTERNAL);

	nw_actors_free(t);
	nw_store_close(s);
	cl_free(&l);
	free(db);
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* --- the real galaxy ----------------------------------------------------------- */

static void
test_real_galaxy(void **state)
{
	const char *shared = getenv("NW_SHARED");
	const struct nw_canon *a, *b, *c;
	struct nw_actors *t;
	struct nw_error err;
	struct cl l;
	char *path, *data;
	size_t len, n;
	long got;
	int conflict;

	(void)state;
	if (shared == NULL)
		skip();
	path = xasprintf("%s/data/misp-galaxy/clusters_threat-actor.json",
	    shared);
	if (access(path, R_OK) != 0) {
		free(path);
		skip();
	}
	nw_error_clear(&err);
	data = nw_read_file(path, 64u << 20, &len, &err);
	assert_non_null(data);
	memset(&l, 0, sizeof(l));
	got = parse_mem(data, len, path, ref, &l, &err);
	/* 1,041 actors; a name no letter or digit survives is skipped */
	assert_true(got >= 1035 && got <= 1041);
	t = nw_actors_build(l.v, l.n, &err);
	assert_non_null(t);
	assert_int_equal(nw_actors_count(t), (size_t)got);
	a = nw_actors_lookup(t, "APT 28", NULL, NULL);
	b = nw_actors_lookup(t, "apt-28", NULL, NULL);
	c = nw_actors_lookup(t, "Fancy Bear", NULL, NULL);
	assert_non_null(a);
	assert_ptr_equal(a, b);
	assert_ptr_equal(a, c);
	assert_string_equal(a->name, "APT28");
	assert_string_equal(a->state, "RU");
	/* the galaxy's own conflicts: PLA Navy, Stardust Chollima, ... */
	nw_actors_conflicts(t, &n);
	assert_true(n >= 25);
	assert_null(nw_actors_lookup(t, "Stardust Chollima", NULL, &conflict));
	assert_int_equal(conflict, 1);
	assert_null(nw_actors_lookup(t, "PLA Navy", NULL, &conflict));
	assert_int_equal(conflict, 1);
	nw_actors_free(t);
	cl_free(&l);
	free(data);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_norm),
		cmocka_unit_test(test_parse_threat_actor),
		cmocka_unit_test(test_parse_mitre),
		cmocka_unit_test(test_parse_odd),
		cmocka_unit_test(test_parse_hostile),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_table_order),
		cmocka_unit_test(test_store),
		cmocka_unit_test(test_real_galaxy),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
