/*
 * actors.c - the table of canonical actors: built from galaxy clusters,
 * looked up by normalised name, kept in the store.  See actors.h for the
 * rules (links join clusters of different galaxies, names never join,
 * a name of two actors is a conflict and resolves to neither).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "normwatch/actors.h"
#include "normwatch/log.h"
#include "normwatch/store.h"
#include "normwatch/util.h"

#define ACT_VERSION_MAX	(64u << 20)	/* bytes hashed for the version */

const char *const nw_actor_origins[] = {
	"threat-actor", "mitre-intrusion-set", "microsoft-activity-group",
	NULL
};

int
nw_actor_origin_rank(const char *origin)
{
	int i;

	if (origin == NULL)
		return -1;
	for (i = 0; nw_actor_origins[i] != NULL; i++)
		if (strcmp(nw_actor_origins[i], origin) == 0)
			return i;
	return -1;
}

/* The length of the UTF-8 sequence starting with byte c (1 for junk). */
static size_t
u8len(unsigned char c)
{
	if (c >= 0xf0 && c < 0xf8)
		return 4;
	if (c >= 0xe0)
		return 3;
	if (c >= 0xc0)
		return 2;
	return 1;
}

size_t
nw_actor_norm(const char *name, char out[NW_ACTOR_NORM_MAX])
{
	const unsigned char *s = (const unsigned char *)name;
	size_t n = 0, k, i;

	while (*s != '\0') {
		unsigned char c = *s;

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (n + 1 >= NW_ACTOR_NORM_MAX)
				break;
			out[n++] = (char)c;
			s++;
			continue;
		}
		if (c >= 'A' && c <= 'Z') {
			if (n + 1 >= NW_ACTOR_NORM_MAX)
				break;
			out[n++] = (char)(c - 'A' + 'a');
			s++;
			continue;
		}
		if (c < 0x80) {
			s++;		/* blanks, punctuation, controls */
			continue;
		}
		k = u8len(c);
		for (i = 1; i < k; i++)
			if ((s[i] & 0xc0) != 0x80)
				break;
		if (i < k) {
			s++;		/* not UTF-8: dropped */
			continue;
		}
		/* NBSP, and General Punctuation (U+2000-U+206F) */
		if ((k == 2 && c == 0xc2 && s[1] == 0xa0) ||
		    (k == 3 && c == 0xe2 && (s[1] == 0x80 || s[1] == 0x81))) {
			s += k;
			continue;
		}
		if (n + k >= NW_ACTOR_NORM_MAX)
			break;
		memcpy(out + n, s, k);
		n += k;
		s += k;
	}
	out[n] = '\0';
	return n;
}

/* --- the table ------------------------------------------------------------ */

struct nw_actors {
	struct nw_arena			*arena;
	struct nw_canon			*actors;	/* by id */
	size_t				 nactors;
	struct nw_alias			*aliases;	/* by norm, ... */
	size_t				 naliases;
	struct nw_actor_conflict	*conflicts;
	size_t				 nconflicts;
	char				 version[NW_SHA256_HEX];
};

static int
cmp_canon(const void *a, const void *b)
{
	return strcmp(((const struct nw_canon *)a)->id,
	    ((const struct nw_canon *)b)->id);
}

size_t
nw_actors_find(const struct nw_actors *t, const char *id)
{
	size_t lo = 0, hi, mid;
	int c;

	if (t == NULL || id == NULL)
		return (size_t)-1;
	hi = t->nactors;
	while (lo < hi) {
		mid = (lo + hi) / 2;
		c = strcmp(t->actors[mid].id, id);
		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (size_t)-1;
}

/* Aliases are compared by norm, actor id, origin rank, cluster, name. */
static int
cmp_alias(const void *a, const void *b)
{
	const struct nw_alias *x = a, *y = b;
	int c;

	if ((c = strcmp(x->norm, y->norm)) != 0)
		return c;
	if (x->actor != y->actor)
		return x->actor < y->actor ? -1 : 1;
	if ((c = nw_actor_origin_rank(x->origin) -
	    nw_actor_origin_rank(y->origin)) != 0)
		return c;
	if ((c = strcmp(x->cluster, y->cluster)) != 0)
		return c;
	return strcmp(x->name, y->name);
}

static int
cmp_conflict(const void *a, const void *b)
{
	const struct nw_actor_conflict *x = a, *y = b;
	int c;

	if ((c = strcmp(x->kind, y->kind)) != 0)
		return c;
	if ((c = strcmp(x->norm, y->norm)) != 0)
		return c;
	if ((c = strcmp(x->cluster_a, y->cluster_a)) != 0)
		return c;
	return strcmp(x->cluster_b, y->cluster_b);
}

static void
hash_field(struct nw_buf *b, const char *s)
{
	/* length-prefixed, so no two tables serialise alike */
	if (nw_buf_addf(b, "%zu:", s != NULL ? strlen(s) : (size_t)0) == -1 ||
	    (s != NULL && nw_buf_adds(b, s) == -1))
		return;
}

/*
 * Sort the arrays, mark aliases of names in conflict, compute the
 * version.  Aliases must have actor indexes into the sorted actors.
 */
static void
table_finish(struct nw_actors *t)
{
	struct nw_buf b;
	size_t i, j, k;

	if (t->nactors > 1)
		qsort(t->actors, t->nactors, sizeof(*t->actors), cmp_canon);
	if (t->naliases > 1)
		qsort(t->aliases, t->naliases, sizeof(*t->aliases), cmp_alias);
	if (t->nconflicts > 1)
		qsort(t->conflicts, t->nconflicts, sizeof(*t->conflicts),
		    cmp_conflict);
	for (i = 0; i < t->naliases; i = j) {
		int conflict = 0;

		for (j = i + 1; j < t->naliases &&
		    strcmp(t->aliases[j].norm, t->aliases[i].norm) == 0; j++)
			if (t->aliases[j].actor != t->aliases[i].actor)
				conflict = 1;
		for (k = i; k < j; k++)
			t->aliases[k].conflict = conflict;
	}

	nw_buf_init(&b, ACT_VERSION_MAX);
	hash_field(&b, "normwatch actors v1");
	for (i = 0; i < t->nactors; i++) {
		hash_field(&b, t->actors[i].id);
		hash_field(&b, t->actors[i].name);
		hash_field(&b, t->actors[i].state);
		hash_field(&b, t->actors[i].agency);
		hash_field(&b, t->actors[i].origin);
	}
	for (i = 0; i < t->naliases; i++) {
		hash_field(&b, t->aliases[i].norm);
		hash_field(&b, t->aliases[i].name);
		hash_field(&b, t->aliases[i].origin);
		hash_field(&b, t->aliases[i].cluster);
		hash_field(&b, t->actors[t->aliases[i].actor].id);
	}
	for (i = 0; i < t->nconflicts; i++) {
		const struct nw_actor_conflict *c = &t->conflicts[i];

		hash_field(&b, c->kind);
		hash_field(&b, c->norm);
		hash_field(&b, c->name_a);
		hash_field(&b, c->cluster_a);
		hash_field(&b, c->name_b);
		hash_field(&b, c->cluster_b);
	}
	nw_sha256_hex(b.data != NULL ? b.data : "", b.len, t->version);
	nw_buf_free(&b);
}

/* Clusters sorted by UUID, then origin rank, then value. */
static int
cmp_cluster(const void *a, const void *b)
{
	const struct nw_cluster *x = *(const struct nw_cluster *const *)a;
	const struct nw_cluster *y = *(const struct nw_cluster *const *)b;
	int c;

	if ((c = strcmp(x->uuid, y->uuid)) != 0)
		return c;
	if ((c = nw_actor_origin_rank(x->origin) -
	    nw_actor_origin_rank(y->origin)) != 0)
		return c;
	return strcmp(x->value, y->value);
}

/* A cluster's place in the sorted array, or (size_t)-1. */
static size_t
cluster_find(const struct nw_cluster *const *v, size_t n, const char *uuid)
{
	size_t lo = 0, hi = n, mid;
	int c;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		c = strcmp(v[mid]->uuid, uuid);
		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (size_t)-1;
}

/* Is cluster a a better representative than b? */
static int
rep_better(const struct nw_cluster *a, const struct nw_cluster *b)
{
	int ra = nw_actor_origin_rank(a->origin);
	int rb = nw_actor_origin_rank(b->origin);

	if (ra != rb)
		return ra < rb;
	return strcmp(a->uuid, b->uuid) < 0;
}

struct link {
	size_t	a, b;		/* cluster indexes, a < b */
};

static int
cmp_link(const void *x, const void *y)
{
	const struct link *a = x, *b = y;

	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	if (a->b != b->b)
		return a->b < b->b ? -1 : 1;
	return 0;
}

static size_t
uf_find(size_t *parent, size_t i)
{
	while (parent[i] != i) {
		parent[i] = parent[parent[i]];
		i = parent[i];
	}
	return i;
}

/* Members of one actor in representative order. */
static const struct nw_cluster *const *member_sort_v;
static size_t *member_sort_root;

static int
cmp_member(const void *x, const void *y)
{
	size_t a = *(const size_t *)x, b = *(const size_t *)y;

	if (member_sort_root[a] != member_sort_root[b])
		return member_sort_root[a] < member_sort_root[b] ? -1 : 1;
	if (rep_better(member_sort_v[a], member_sort_v[b]))
		return -1;
	if (rep_better(member_sort_v[b], member_sort_v[a]))
		return 1;
	return 0;
}

struct nw_actors *
nw_actors_build(const struct nw_cluster *const *in, size_t nin,
    struct nw_error *err)
{
	struct nw_actors *t;
	const struct nw_cluster **v = NULL;
	struct link *links = NULL;
	size_t *parent = NULL, *rep = NULL, *mask = NULL, *order = NULL;
	size_t *actor_of = NULL;
	size_t n = 0, nlinks = 0, clinks = 0, i, j, k, ca = 0, cc = 0;
	char norm[NW_ACTOR_NORM_MAX];

	(void)err;
	t = xcalloc(1, sizeof(*t));
	t->arena = nw_arena_new();
	if (nin > 0) {
		v = xcalloc(nin, sizeof(*v));
		for (i = 0; i < nin; i++)
			if (in[i] != NULL && in[i]->uuid != NULL &&
			    in[i]->value != NULL &&
			    nw_actor_origin_rank(in[i]->origin) >= 0)
				v[n++] = in[i];
		qsort(v, n, sizeof(*v), cmp_cluster);
		/* a UUID given twice counts once: the first in that order */
		for (i = 0, j = 0; i < n; i++)
			if (j == 0 || strcmp(v[j - 1]->uuid, v[i]->uuid) != 0)
				v[j++] = v[i];
		n = j;
	}

	/* links between clusters of different galaxies */
	for (i = 0; i < n; i++) {
		for (k = 0; k < v[i]->nrelated; k++) {
			j = cluster_find(v, n, v[i]->related[k]);
			if (j == (size_t)-1 || j == i ||
			    strcmp(v[i]->origin, v[j]->origin) == 0)
				continue;
			if (nlinks == clinks) {
				clinks = clinks == 0 ? 64 : clinks * 2;
				links = xreallocarray(links, clinks,
				    sizeof(*links));
			}
			links[nlinks].a = i < j ? i : j;
			links[nlinks].b = i < j ? j : i;
			nlinks++;
		}
	}
	if (nlinks > 1)
		qsort(links, nlinks, sizeof(*links), cmp_link);

	parent = xcalloc(n > 0 ? n : 1, sizeof(*parent));
	rep = xcalloc(n > 0 ? n : 1, sizeof(*rep));
	mask = xcalloc(n > 0 ? n : 1, sizeof(*mask));
	for (i = 0; i < n; i++) {
		parent[i] = rep[i] = i;
		mask[i] = (size_t)1 << nw_actor_origin_rank(v[i]->origin);
	}
	for (k = 0; k < nlinks; k++) {
		size_t ra, rb;

		if (k > 0 && links[k].a == links[k - 1].a &&
		    links[k].b == links[k - 1].b)
			continue;
		ra = uf_find(parent, links[k].a);
		rb = uf_find(parent, links[k].b);
		if (ra == rb)
			continue;
		if (mask[ra] & mask[rb]) {
			/* two clusters of one galaxy: never joined */
			struct nw_actor_conflict *c;

			if (t->nconflicts == cc) {
				cc = cc == 0 ? 16 : cc * 2;
				t->conflicts = xreallocarray(t->conflicts, cc,
				    sizeof(*t->conflicts));
			}
			c = &t->conflicts[t->nconflicts++];
			memset(c, 0, sizeof(*c));
			c->kind = "link";
			c->norm = "";
			c->name_a = v[links[k].a]->value;
			c->cluster_a = v[links[k].a]->uuid;
			c->origin_a = v[links[k].a]->origin;
			c->name_b = v[links[k].b]->value;
			c->cluster_b = v[links[k].b]->uuid;
			c->origin_b = v[links[k].b]->origin;
			continue;
		}
		parent[rb] = ra;
		mask[ra] |= mask[rb];
		if (rep_better(v[rep[rb]], v[rep[ra]]))
			rep[ra] = rep[rb];
	}

	/* one actor per group, its members in representative order */
	order = xcalloc(n > 0 ? n : 1, sizeof(*order));
	actor_of = xcalloc(n > 0 ? n : 1, sizeof(*actor_of));
	for (i = 0; i < n; i++) {
		order[i] = i;
		parent[i] = uf_find(parent, i);
	}
	member_sort_v = v;
	member_sort_root = parent;
	if (n > 1)
		qsort(order, n, sizeof(*order), cmp_member);
	member_sort_v = NULL;
	member_sort_root = NULL;
	t->actors = xcalloc(n > 0 ? n : 1, sizeof(*t->actors));
	for (i = 0; i < n; i = j) {
		struct nw_canon *a = &t->actors[t->nactors];
		const struct nw_cluster *r = v[rep[parent[order[i]]]];

		a->id = r->uuid;
		a->name = r->value;
		a->origin = r->origin;
		for (j = i; j < n && parent[order[j]] == parent[order[i]];
		    j++) {
			const struct nw_cluster *m = v[order[j]];

			if (a->state[0] == '\0' && m->state[0] != '\0')
				memcpy(a->state, m->state, 3);
			if (a->agency == NULL && m->agency != NULL)
				a->agency = m->agency;
		}
		t->nactors++;
	}
	qsort(t->actors, t->nactors, sizeof(*t->actors), cmp_canon);
	for (i = 0; i < n; i++)
		actor_of[i] = nw_actors_find(t, v[rep[parent[i]]]->uuid);

	/* every name of every cluster, with its origin */
	for (i = 0; i < n; i++) {
		for (k = 0; k <= v[i]->nsynonyms; k++) {
			const char *name = k == 0 ? v[i]->value :
			    v[i]->synonyms[k - 1];
			struct nw_alias *al;

			if (name == NULL || nw_actor_norm(name, norm) == 0)
				continue;
			if (t->naliases == ca) {
				ca = ca == 0 ? 256 : ca * 2;
				t->aliases = xreallocarray(t->aliases, ca,
				    sizeof(*t->aliases));
			}
			al = &t->aliases[t->naliases++];
			memset(al, 0, sizeof(*al));
			al->name = name;
			al->norm = nw_arena_strdup(t->arena, norm);
			al->origin = v[i]->origin;
			al->cluster = v[i]->uuid;
			al->actor = actor_of[i];
		}
	}
	if (t->naliases > 1)
		qsort(t->aliases, t->naliases, sizeof(*t->aliases), cmp_alias);
	/* identical aliases once */
	for (i = 0, j = 0; i < t->naliases; i++)
		if (j == 0 || cmp_alias(&t->aliases[j - 1], &t->aliases[i]) != 0)
			t->aliases[j++] = t->aliases[i];
	t->naliases = j;

	/* a name of two actors: one conflict per pair of its clusters */
	for (i = 0; i < t->naliases; i = j) {
		size_t m, nd = 0;
		size_t *d;

		for (j = i + 1; j < t->naliases &&
		    strcmp(t->aliases[j].norm, t->aliases[i].norm) == 0; j++)
			;
		if (t->aliases[j - 1].actor == t->aliases[i].actor)
			continue;	/* sorted by actor: one actor only */
		/* the run's distinct clusters, each with its first name */
		d = xcalloc(j - i, sizeof(*d));
		for (k = i; k < j; k++) {
			for (m = 0; m < nd; m++)
				if (strcmp(t->aliases[d[m]].cluster,
				    t->aliases[k].cluster) == 0)
					break;
			if (m == nd)
				d[nd++] = k;
		}
		for (k = 0; k < nd; k++) {
			for (m = k + 1; m < nd; m++) {
				const struct nw_alias *x = &t->aliases[d[k]];
				const struct nw_alias *y = &t->aliases[d[m]];
				struct nw_actor_conflict *c;

				if (x->actor == y->actor)
					continue;
				if (strcmp(x->cluster, y->cluster) > 0) {
					const struct nw_alias *sw = x;

					x = y;
					y = sw;
				}
				if (t->nconflicts == cc) {
					cc = cc == 0 ? 16 : cc * 2;
					t->conflicts = xreallocarray(
					    t->conflicts, cc,
					    sizeof(*t->conflicts));
				}
				c = &t->conflicts[t->nconflicts++];
				memset(c, 0, sizeof(*c));
				c->kind = "name";
				c->norm = x->norm;
				c->name_a = x->name;
				c->cluster_a = x->cluster;
				c->origin_a = x->origin;
				c->name_b = y->name;
				c->cluster_b = y->cluster;
				c->origin_b = y->origin;
			}
		}
		free(d);
	}
	/* the actors of each conflict's clusters */
	for (i = 0; i < t->nconflicts; i++) {
		size_t a = cluster_find(v, n, t->conflicts[i].cluster_a);
		size_t b = cluster_find(v, n, t->conflicts[i].cluster_b);

		t->conflicts[i].actor_a = t->actors[actor_of[a]].id;
		t->conflicts[i].actor_b = t->actors[actor_of[b]].id;
	}

	/* the table owns its strings: copy them out of the callers' arena */
	for (i = 0; i < t->nactors; i++) {
		t->actors[i].id = nw_arena_strdup(t->arena, t->actors[i].id);
		t->actors[i].name = nw_arena_strdup(t->arena, t->actors[i].name);
		if (t->actors[i].agency != NULL)
			t->actors[i].agency = nw_arena_strdup(t->arena,
			    t->actors[i].agency);
		t->actors[i].origin = nw_actor_origins[nw_actor_origin_rank(
		    t->actors[i].origin)];
	}
	for (i = 0; i < t->naliases; i++) {
		t->aliases[i].name = nw_arena_strdup(t->arena,
		    t->aliases[i].name);
		t->aliases[i].cluster = nw_arena_strdup(t->arena,
		    t->aliases[i].cluster);
		t->aliases[i].origin = nw_actor_origins[nw_actor_origin_rank(
		    t->aliases[i].origin)];
	}
	for (i = 0; i < t->nconflicts; i++) {
		struct nw_actor_conflict *c = &t->conflicts[i];

		c->name_a = nw_arena_strdup(t->arena, c->name_a);
		c->name_b = nw_arena_strdup(t->arena, c->name_b);
		c->cluster_a = nw_arena_strdup(t->arena, c->cluster_a);
		c->cluster_b = nw_arena_strdup(t->arena, c->cluster_b);
		c->origin_a = nw_actor_origins[nw_actor_origin_rank(c->origin_a)];
		c->origin_b = nw_actor_origins[nw_actor_origin_rank(c->origin_b)];
		c->actor_a = t->actors[nw_actors_find(t, c->actor_a)].id;
		c->actor_b = t->actors[nw_actors_find(t, c->actor_b)].id;
	}
	table_finish(t);

	free(v);
	free(links);
	free(parent);
	free(rep);
	free(mask);
	free(order);
	free(actor_of);
	return t;
}

void
nw_actors_free(struct nw_actors *t)
{
	if (t == NULL)
		return;
	nw_arena_free(t->arena);
	free(t->actors);
	free(t->aliases);
	free(t->conflicts);
	free(t);
}

size_t
nw_actors_count(const struct nw_actors *t)
{
	return t != NULL ? t->nactors : 0;
}

const struct nw_canon *
nw_actors_at(const struct nw_actors *t, size_t i)
{
	return t != NULL && i < t->nactors ? &t->actors[i] : NULL;
}

const struct nw_canon *
nw_actors_lookup(const struct nw_actors *t, const char *name, size_t *index,
    int *conflict)
{
	char norm[NW_ACTOR_NORM_MAX];
	size_t lo = 0, hi, mid;
	int c;

	if (conflict != NULL)
		*conflict = 0;
	if (index != NULL)
		*index = (size_t)-1;
	if (t == NULL || name == NULL || nw_actor_norm(name, norm) == 0)
		return NULL;
	hi = t->naliases;
	while (lo < hi) {
		mid = (lo + hi) / 2;
		c = strcmp(t->aliases[mid].norm, norm);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo >= t->naliases || strcmp(t->aliases[lo].norm, norm) != 0)
		return NULL;
	if (t->aliases[lo].conflict) {
		if (conflict != NULL)
			*conflict = 1;
		return NULL;
	}
	if (index != NULL)
		*index = t->aliases[lo].actor;
	return &t->actors[t->aliases[lo].actor];
}

const struct nw_alias *
nw_actors_aliases(const struct nw_actors *t, size_t *n)
{
	*n = t != NULL ? t->naliases : 0;
	return t != NULL ? t->aliases : NULL;
}

const struct nw_actor_conflict *
nw_actors_conflicts(const struct nw_actors *t, size_t *n)
{
	*n = t != NULL ? t->nconflicts : 0;
	return t != NULL ? t->conflicts : NULL;
}

const char *
nw_actors_version(const struct nw_actors *t)
{
	return t->version;
}

/* --- the store ------------------------------------------------------------- */

static int
db_fail(struct nw_store *s, struct nw_error *err, const char *op)
{
	return nw_error_set(err, NW_E_STORE, "%s: %s", op,
	    sqlite3_errmsg(nw_store_db(s)));
}

static int
need_txn(struct nw_store *s, struct nw_error *err, const char *op)
{
	if (!sqlite3_get_autocommit(nw_store_db(s)))
		return 0;
	return nw_error_set(err, NW_E_INTERNAL, "%s: no transaction is open",
	    op);
}

static sqlite3_stmt *
prep(struct nw_store *s, const char *sql, struct nw_error *err)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(nw_store_db(s), sql, -1, &st, NULL) !=
	    SQLITE_OK) {
		sqlite3_finalize(st);
		db_fail(s, err, "prepare");
		return NULL;
	}
	return st;
}

/* Step a bound statement that returns no rows, then reset it. */
static int
done(struct nw_store *s, sqlite3_stmt *st, int bound, struct nw_error *err,
    const char *op)
{
	int rc = 0;

	if (bound != SQLITE_OK || sqlite3_step(st) != SQLITE_DONE)
		rc = db_fail(s, err, op);
	sqlite3_reset(st);
	return rc;
}

static int
bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v == NULL)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
}

static int
exec1(struct nw_store *s, const char *sql, int64_t id, struct nw_error *err,
    const char *op)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = prep(s, sql, err)) == NULL)
		return -1;
	rc = done(s, st, id >= 0 ? sqlite3_bind_int64(st, 1, id) : SQLITE_OK,
	    err, op);
	sqlite3_finalize(st);
	return rc;
}

int
nw_actors_put_clusters(struct nw_store *s, int64_t source_id,
    const struct nw_cluster *const *c, size_t n, struct nw_error *err)
{
	sqlite3_stmt *cl = NULL, *nm = NULL, *ln = NULL;
	size_t i, k;
	int rc = -1;

	if (need_txn(s, err, "save actor clusters") == -1)
		return -1;
	if (exec1(s, "DELETE FROM actor_cluster WHERE source_id = ?1",
	    source_id, err, "save actor clusters") == -1)
		return -1;
	if ((cl = prep(s, "INSERT OR IGNORE INTO actor_cluster (source_id,"
	    " uuid, origin, value, state, agency) VALUES (?1, ?2, ?3, ?4, ?5,"
	    " ?6)", err)) == NULL ||
	    (nm = prep(s, "INSERT OR IGNORE INTO actor_cluster_name (source_id,"
	    " uuid, ord, name) VALUES (?1, ?2, ?3, ?4)", err)) == NULL ||
	    (ln = prep(s, "INSERT OR IGNORE INTO actor_cluster_link (source_id,"
	    " uuid, dest) VALUES (?1, ?2, ?3)", err)) == NULL)
		goto out;
	for (i = 0; i < n; i++) {
		const struct nw_cluster *x = c[i];

		if (done(s, cl, sqlite3_bind_int64(cl, 1, source_id) |
		    bind_text(cl, 2, x->uuid) | bind_text(cl, 3, x->origin) |
		    bind_text(cl, 4, x->value) |
		    bind_text(cl, 5, x->state[0] != '\0' ? x->state : NULL) |
		    bind_text(cl, 6, x->agency), err,
		    "save actor clusters") == -1)
			goto out;
		for (k = 0; k < x->nsynonyms; k++)
			if (done(s, nm, sqlite3_bind_int64(nm, 1, source_id) |
			    bind_text(nm, 2, x->uuid) |
			    sqlite3_bind_int64(nm, 3, (sqlite3_int64)k) |
			    bind_text(nm, 4, x->synonyms[k]), err,
			    "save actor clusters") == -1)
				goto out;
		for (k = 0; k < x->nrelated; k++)
			if (done(s, ln, sqlite3_bind_int64(ln, 1, source_id) |
			    bind_text(ln, 2, x->uuid) |
			    bind_text(ln, 3, x->related[k]), err,
			    "save actor clusters") == -1)
				goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(cl);
	sqlite3_finalize(nm);
	sqlite3_finalize(ln);
	return rc;
}

/* A growing list of strings in an arena. */
struct slist {
	const char	**v;
	size_t		  n, cap;
};

static void
slist_add(struct nw_arena *a, struct slist *l, const char *s)
{
	if (l->n == l->cap) {
		const char **nv;

		l->cap = l->cap == 0 ? 8 : l->cap * 2;
		nv = nw_arena_alloc(a, l->cap * sizeof(*nv));
		if (l->n > 0)
			memcpy(nv, l->v, l->n * sizeof(*nv));
		l->v = nv;
	}
	l->v[l->n++] = nw_arena_strdup(a, s);
}

static const char *
col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* Every stored cluster, with names and links, into the arena. */
static int
clusters_read(struct nw_store *s, struct nw_arena *a,
    struct nw_cluster ***out, size_t *nout, struct nw_error *err)
{
	sqlite3_stmt *st = NULL, *nm = NULL, *ln = NULL;
	struct nw_cluster **v = NULL, *c;
	size_t n = 0, cap = 0;
	int step, rc = -1;

	*out = NULL;
	*nout = 0;
	if ((st = prep(s, "SELECT source_id, uuid, origin, value, state, agency"
	    " FROM actor_cluster ORDER BY source_id, uuid", err)) == NULL ||
	    (nm = prep(s, "SELECT name FROM actor_cluster_name WHERE"
	    " source_id = ?1 AND uuid = ?2 ORDER BY ord", err)) == NULL ||
	    (ln = prep(s, "SELECT dest FROM actor_cluster_link WHERE"
	    " source_id = ?1 AND uuid = ?2 ORDER BY dest", err)) == NULL)
		goto out;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct slist syn = { NULL, 0, 0 }, rel = { NULL, 0, 0 };
		int64_t src = sqlite3_column_int64(st, 0);
		const char *uuid = col(st, 1);

		if (uuid == NULL || col(st, 2) == NULL || col(st, 3) == NULL)
			continue;
		c = nw_arena_alloc(a, sizeof(*c));
		c->uuid = nw_arena_strdup(a, uuid);
		c->origin = nw_arena_strdup(a, col(st, 2));
		c->value = nw_arena_strdup(a, col(st, 3));
		if (col(st, 4) != NULL && strlen(col(st, 4)) == 2)
			memcpy(c->state, col(st, 4), 3);
		c->agency = col(st, 5) != NULL ? nw_arena_strdup(a, col(st, 5)) :
		    NULL;
		if ((sqlite3_bind_int64(nm, 1, src) |
		    bind_text(nm, 2, c->uuid)) != SQLITE_OK) {
			db_fail(s, err, "read actor clusters");
			goto out;
		}
		while ((step = sqlite3_step(nm)) == SQLITE_ROW)
			if (col(nm, 0) != NULL)
				slist_add(a, &syn, col(nm, 0));
		sqlite3_reset(nm);
		if (step != SQLITE_DONE) {
			db_fail(s, err, "read actor clusters");
			goto out;
		}
		if ((sqlite3_bind_int64(ln, 1, src) |
		    bind_text(ln, 2, c->uuid)) != SQLITE_OK) {
			db_fail(s, err, "read actor clusters");
			goto out;
		}
		while ((step = sqlite3_step(ln)) == SQLITE_ROW)
			if (col(ln, 0) != NULL)
				slist_add(a, &rel, col(ln, 0));
		sqlite3_reset(ln);
		if (step != SQLITE_DONE) {
			db_fail(s, err, "read actor clusters");
			goto out;
		}
		c->synonyms = syn.v;
		c->nsynonyms = syn.n;
		c->related = rel.v;
		c->nrelated = rel.n;
		if (n == cap) {
			cap = cap == 0 ? 256 : cap * 2;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		v[n++] = c;
	}
	if (step != SQLITE_DONE) {
		db_fail(s, err, "read actor clusters");
		goto out;
	}
	*out = v;
	*nout = n;
	v = NULL;
	rc = 0;
out:
	free(v);
	sqlite3_finalize(st);
	sqlite3_finalize(nm);
	sqlite3_finalize(ln);
	return rc;
}

static int
table_write(struct nw_store *s, const struct nw_actors *t,
    struct nw_error *err)
{
	sqlite3_stmt *ac = NULL, *al = NULL, *cf = NULL;
	size_t i;
	int rc = -1;

	if (exec1(s, "DELETE FROM actor_conflict", -1, err,
	    "save actors") == -1 ||
	    exec1(s, "DELETE FROM actor_alias", -1, err, "save actors") == -1 ||
	    exec1(s, "DELETE FROM actor", -1, err, "save actors") == -1)
		return -1;
	if ((ac = prep(s, "INSERT INTO actor (id, name, state, agency, origin)"
	    " VALUES (?1, ?2, ?3, ?4, ?5)", err)) == NULL ||
	    (al = prep(s, "INSERT INTO actor_alias (norm, actor_id, name,"
	    " origin, cluster, conflict) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	    err)) == NULL ||
	    (cf = prep(s, "INSERT INTO actor_conflict (kind, norm, name_a,"
	    " cluster_a, origin_a, actor_a, name_b, cluster_b, origin_b,"
	    " actor_b) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	    err)) == NULL)
		goto out;
	for (i = 0; i < t->nactors; i++) {
		const struct nw_canon *a = &t->actors[i];

		if (done(s, ac, bind_text(ac, 1, a->id) |
		    bind_text(ac, 2, a->name) |
		    bind_text(ac, 3, a->state[0] != '\0' ? a->state : NULL) |
		    bind_text(ac, 4, a->agency) | bind_text(ac, 5, a->origin),
		    err, "save actors") == -1)
			goto out;
	}
	for (i = 0; i < t->naliases; i++) {
		const struct nw_alias *x = &t->aliases[i];

		if (done(s, al, bind_text(al, 1, x->norm) |
		    bind_text(al, 2, t->actors[x->actor].id) |
		    bind_text(al, 3, x->name) | bind_text(al, 4, x->origin) |
		    bind_text(al, 5, x->cluster) |
		    sqlite3_bind_int(al, 6, x->conflict), err,
		    "save actors") == -1)
			goto out;
	}
	for (i = 0; i < t->nconflicts; i++) {
		const struct nw_actor_conflict *c = &t->conflicts[i];

		if (done(s, cf, bind_text(cf, 1, c->kind) |
		    bind_text(cf, 2, c->norm) | bind_text(cf, 3, c->name_a) |
		    bind_text(cf, 4, c->cluster_a) |
		    bind_text(cf, 5, c->origin_a) |
		    bind_text(cf, 6, c->actor_a) | bind_text(cf, 7, c->name_b) |
		    bind_text(cf, 8, c->cluster_b) |
		    bind_text(cf, 9, c->origin_b) |
		    bind_text(cf, 10, c->actor_b), err, "save actors") == -1)
			goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(ac);
	sqlite3_finalize(al);
	sqlite3_finalize(cf);
	return rc;
}

struct nw_actors *
nw_actors_rebuild(struct nw_store *s, int *changed, struct nw_error *err)
{
	struct nw_arena *a = nw_arena_new();
	struct nw_cluster **v = NULL;
	struct nw_actors *t = NULL;
	char *old = NULL;
	size_t n;

	if (changed != NULL)
		*changed = 0;
	if (need_txn(s, err, "rebuild actors") == -1)
		goto fail;
	if (clusters_read(s, a, &v, &n, err) == -1)
		goto fail;
	if ((t = nw_actors_build((const struct nw_cluster *const *)v, n,
	    err)) == NULL)
		goto fail;
	if (nw_store_meta_get(s, NW_META_ACTORS_VERSION, &old, err) == -1)
		goto fail;
	if (old == NULL || strcmp(old, t->version) != 0) {
		if (table_write(s, t, err) == -1 ||
		    nw_store_meta_set(s, NW_META_ACTORS_VERSION, t->version,
		    err) == -1)
			goto fail;
		if (changed != NULL)
			*changed = 1;
	}
	free(old);
	free(v);
	nw_arena_free(a);
	return t;
fail:
	free(old);
	free(v);
	nw_arena_free(a);
	nw_actors_free(t);
	return NULL;
}

struct nw_actors *
nw_actors_load(struct nw_store *s, struct nw_error *err)
{
	struct nw_actors *t;
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	int step;

	t = xcalloc(1, sizeof(*t));
	t->arena = nw_arena_new();
	if ((st = prep(s, "SELECT id, name, state, agency, origin FROM actor"
	    " ORDER BY id", err)) == NULL)
		goto fail;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct nw_canon *a;
		int r = nw_actor_origin_rank(col(st, 4));

		if (col(st, 0) == NULL || col(st, 1) == NULL || r < 0)
			continue;
		if (t->nactors == cap) {
			cap = cap == 0 ? 256 : cap * 2;
			t->actors = xreallocarray(t->actors, cap,
			    sizeof(*t->actors));
		}
		a = &t->actors[t->nactors++];
		memset(a, 0, sizeof(*a));
		a->id = nw_arena_strdup(t->arena, col(st, 0));
		a->name = nw_arena_strdup(t->arena, col(st, 1));
		if (col(st, 2) != NULL && strlen(col(st, 2)) == 2)
			memcpy(a->state, col(st, 2), 3);
		a->agency = col(st, 3) != NULL ?
		    nw_arena_strdup(t->arena, col(st, 3)) : NULL;
		a->origin = nw_actor_origins[r];
	}
	sqlite3_finalize(st);
	st = NULL;
	if (step != SQLITE_DONE) {
		db_fail(s, err, "read actors");
		goto fail;
	}
	if (t->nactors > 1)
		qsort(t->actors, t->nactors, sizeof(*t->actors), cmp_canon);
	cap = 0;
	if ((st = prep(s, "SELECT norm, actor_id, name, origin, cluster FROM"
	    " actor_alias", err)) == NULL)
		goto fail;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct nw_alias *x;
		size_t ai = nw_actors_find(t, col(st, 1));
		int r = nw_actor_origin_rank(col(st, 3));

		if (ai == (size_t)-1 || r < 0 || col(st, 0) == NULL ||
		    col(st, 2) == NULL || col(st, 4) == NULL)
			continue;
		if (t->naliases == cap) {
			cap = cap == 0 ? 256 : cap * 2;
			t->aliases = xreallocarray(t->aliases, cap,
			    sizeof(*t->aliases));
		}
		x = &t->aliases[t->naliases++];
		memset(x, 0, sizeof(*x));
		x->norm = nw_arena_strdup(t->arena, col(st, 0));
		x->actor = ai;
		x->name = nw_arena_strdup(t->arena, col(st, 2));
		x->origin = nw_actor_origins[r];
		x->cluster = nw_arena_strdup(t->arena, col(st, 4));
	}
	sqlite3_finalize(st);
	st = NULL;
	if (step != SQLITE_DONE) {
		db_fail(s, err, "read actors");
		goto fail;
	}
	cap = 0;
	if ((st = prep(s, "SELECT kind, norm, name_a, cluster_a, origin_a,"
	    " actor_a, name_b, cluster_b, origin_b, actor_b FROM"
	    " actor_conflict", err)) == NULL)
		goto fail;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct nw_actor_conflict *c;
		int i, ra = nw_actor_origin_rank(col(st, 4));
		int rb = nw_actor_origin_rank(col(st, 8));

		for (i = 0; i < 10; i++)
			if (col(st, i) == NULL)
				break;
		if (i < 10 || ra < 0 || rb < 0)
			continue;
		if (t->nconflicts == cap) {
			cap = cap == 0 ? 64 : cap * 2;
			t->conflicts = xreallocarray(t->conflicts, cap,
			    sizeof(*t->conflicts));
		}
		c = &t->conflicts[t->nconflicts++];
		c->kind = strcmp(col(st, 0), "link") == 0 ? "link" : "name";
		c->norm = nw_arena_strdup(t->arena, col(st, 1));
		c->name_a = nw_arena_strdup(t->arena, col(st, 2));
		c->cluster_a = nw_arena_strdup(t->arena, col(st, 3));
		c->origin_a = nw_actor_origins[ra];
		c->actor_a = nw_arena_strdup(t->arena, col(st, 5));
		c->name_b = nw_arena_strdup(t->arena, col(st, 6));
		c->cluster_b = nw_arena_strdup(t->arena, col(st, 7));
		c->origin_b = nw_actor_origins[rb];
		c->actor_b = nw_arena_strdup(t->arena, col(st, 9));
	}
	sqlite3_finalize(st);
	st = NULL;
	if (step != SQLITE_DONE) {
		db_fail(s, err, "read actors");
		goto fail;
	}
	table_finish(t);
	return t;
fail:
	sqlite3_finalize(st);
	nw_actors_free(t);
	return NULL;
}
