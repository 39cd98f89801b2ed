/*
 * refdata.c - the reference tables of states and named actors.
 *
 * Both files are tab-separated with a fixed header row; "#" starts a
 * comment line; lists inside a field are separated by "; ".  Everything
 * loaded lives in one arena, freed by nw_refdata_free.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "normwatch/limits.h"
#include "normwatch/refdata.h"
#include "normwatch/text.h"
#include "normwatch/util.h"

#define STATES_FILE	"states.tsv"
#define ACTORS_FILE	"actors.tsv"
#define STATES_HEADER	"iso2\tname\tnames\tadjectives\tmetonyms\tagencies"
#define ACTORS_HEADER	"name\taliases\tkind\tstate\tweak"
#define STATES_FIELDS	6
#define ACTORS_FIELDS	5
#define KEY_MAX		256	/* bytes of a normalized lookup key */

/* One normalized name -> index (of a state or an actor). */
struct slot {
	const char	*key;	/* NULL when free */
	size_t		 idx;
};

struct index {
	struct slot	*slots;
	size_t		 cap;	/* power of two */
	size_t		 n;
};

struct nw_refdata {
	struct nw_arena		*arena;
	struct nw_state		*states;
	size_t			 nstates;
	struct nw_actor_ref	*actors;
	size_t			 nactors;
	size_t			 by_iso[26 * 26];	/* index + 1, or 0 */
	struct index		 state_names;
	struct index		 actor_names;
};

static const char *const kind_names[] = {
	"state", "criminal", "hacktivist", "militant", "vendor", "person"
};

const char *
nw_actor_kind_name(enum nw_actor_kind k)
{
	return (size_t)k < NW_NELEM(kind_names) ? kind_names[k] : NULL;
}

/* --- normalized keys ------------------------------------------------------ */

/*
 * Lower-case ASCII letters and digits, bytes of multi-byte characters as
 * they are, nothing else; a leading "the " is dropped.  So "U.S." and
 * "us" are "us", "Iran (Islamic Republic of)" is "iranislamicrepublicof".
 * Returns the key length, 0 when nothing is left or the key is too long.
 */
static size_t
make_key(const char *s, char key[KEY_MAX])
{
	size_t n = 0;

	if (nw_strncaseeq(s, "the ", 4))
		s += 4;
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c >= 0x80))
			continue;
		if (n + 1 >= KEY_MAX)
			return 0;
		key[n++] = (char)c;
	}
	key[n] = '\0';
	return n;
}

static uint32_t
hash_key(const char *k)
{
	uint32_t h = 2166136261u;

	for (; *k != '\0'; k++) {
		h ^= (unsigned char)*k;
		h *= 16777619u;
	}
	return h;
}

static struct slot *
index_find(const struct index *ix, const char *key)
{
	size_t i;

	if (ix->cap == 0)
		return NULL;
	i = hash_key(key) & (ix->cap - 1);
	while (ix->slots[i].key != NULL) {
		if (strcmp(ix->slots[i].key, key) == 0)
			return &ix->slots[i];
		i = (i + 1) & (ix->cap - 1);
	}
	return &ix->slots[i];
}

static void
index_grow(struct nw_arena *a, struct index *ix)
{
	struct index nx;
	size_t i;

	nx.cap = ix->cap == 0 ? 256 : ix->cap * 2;
	nx.n = ix->n;
	nx.slots = nw_arena_alloc(a, nx.cap * sizeof(*nx.slots));
	for (i = 0; i < ix->cap; i++) {
		struct slot *s;

		if (ix->slots[i].key == NULL)
			continue;
		s = index_find(&nx, ix->slots[i].key);
		*s = ix->slots[i];
	}
	*ix = nx;
}

/*
 * Map the key of name to idx.  Returns 0, or -1 (and *other) when the key
 * already maps to another index.  Names that leave no key are skipped.
 */
static int
index_add(struct nw_arena *a, struct index *ix, const char *name, size_t idx,
    size_t *other)
{
	char key[KEY_MAX];
	struct slot *s;

	if (make_key(name, key) == 0)
		return 0;
	if ((ix->n + 1) * 2 > ix->cap)
		index_grow(a, ix);
	s = index_find(ix, key);
	if (s->key != NULL) {
		if (s->idx == idx)
			return 0;
		*other = s->idx;
		return -1;
	}
	s->key = nw_arena_strdup(a, key);
	s->idx = idx;
	ix->n++;
	return 0;
}

static int
index_get(const struct index *ix, const char *name, size_t *idx)
{
	char key[KEY_MAX];
	struct slot *s;

	if (name == NULL || make_key(name, key) == 0)
		return -1;
	s = index_find(ix, key);
	if (s == NULL || s->key == NULL)
		return -1;
	*idx = s->idx;
	return 0;
}

/* --- lines and fields ----------------------------------------------------- */

struct reader {
	const char	*path;
	char		*data;
	size_t		 len;
	size_t		 pos;
	long		 line;
};

static int
reader_error(struct reader *r, struct nw_error *err, enum nw_errcode code,
    const char *msg, const char *arg)
{
	nw_error_where(err, NULL, r->path);
	nw_error_at_line(err, r->line, 0);
	if (arg != NULL) {
		char esc[NW_LOG_FIELD_MAX + 1];
		size_t i, n = 0;

		/* untrusted text: printable ASCII only, shortened */
		for (i = 0; arg[i] != '\0' && n < NW_LOG_FIELD_MAX; i++)
			esc[n++] = (arg[i] >= 0x20 && arg[i] < 0x7f) ?
			    arg[i] : '?';
		esc[n] = '\0';
		return nw_error_set(err, code, "%s \"%s\"", msg, esc);
	}
	return nw_error_set(err, code, "%s", msg);
}

/*
 * The next line that is not empty or a comment, NUL-terminated in place
 * (the data is ours).  Returns 1 with *line set, 0 at the end, -1 on error.
 */
static int
reader_next(struct reader *r, char **line, struct nw_error *err)
{
	while (r->pos < r->len) {
		char *s = r->data + r->pos, *nl;
		size_t n, bad;

		nl = memchr(s, '\n', r->len - r->pos);
		n = nl != NULL ? (size_t)(nl - s) : r->len - r->pos;
		r->pos += n + (nl != NULL);
		r->line++;
		if (n > 0 && s[n - 1] == '\r')
			n--;
		if (n > NW_MAX_DATA_LINE)
			return reader_error(r, err, NW_E_LIMIT,
			    "line longer than NW_MAX_DATA_LINE bytes", NULL);
		if (nw_utf8_check(s, n, &bad) == -1) {
			nw_error_where(err, NULL, r->path);
			nw_error_at_line(err, r->line, (long)bad + 1);
			return nw_error_set(err, NW_E_DATA,
			    "not valid UTF-8");
		}
		s[n] = '\0';
		if (n == 0 || s[0] == '#')
			continue;
		*line = s;
		return 1;
	}
	return 0;
}

/* Split line at tabs into exactly nf fields. */
static int
split_fields(struct reader *r, char *line, char **f, size_t nf,
    struct nw_error *err)
{
	size_t i = 0;
	char *p = line, *tab;

	for (;;) {
		if (i == nf)
			return reader_error(r, err, NW_E_PARSE,
			    "too many fields", NULL);
		f[i++] = p;
		tab = strchr(p, '\t');
		if (tab == NULL)
			break;
		*tab = '\0';
		p = tab + 1;
	}
	if (i != nf) {
		nw_error_where(err, NULL, r->path);
		nw_error_at_line(err, r->line, 0);
		return nw_error_set(err, NW_E_PARSE, "%zu fields, expected %zu",
		    i, nf);
	}
	return 0;
}

/* Split a "; "-separated list into arena strings. */
static int
split_list(struct reader *r, struct nw_arena *a, const char *field,
    const char *const **out, size_t *nout, struct nw_error *err)
{
	const char *items[NW_MAX_DATA_LIST];
	const char **v;
	size_t n = 0, i;
	const char *p = field;

	while (*p != '\0') {
		const char *end = strchr(p, ';'), *s = p, *e;

		if (end == NULL)
			end = p + strlen(p);
		e = end;
		while (s < e && *s == ' ')
			s++;
		while (e > s && e[-1] == ' ')
			e--;
		if (s == e)
			return reader_error(r, err, NW_E_PARSE,
			    "empty item in a list", NULL);
		if (n == NW_MAX_DATA_LIST)
			return reader_error(r, err, NW_E_LIMIT,
			    "more than NW_MAX_DATA_LIST items in a list", NULL);
		items[n++] = nw_arena_strndup(a, s, (size_t)(e - s));
		p = *end == ';' ? end + 1 : end;
	}
	v = nw_arena_alloc(a, (n ? n : 1) * sizeof(*v));
	for (i = 0; i < n; i++)
		v[i] = items[i];
	*out = v;
	*nout = n;
	return 0;
}

static int
open_table(struct reader *r, const char *dir, const char *file,
    const char *header, struct nw_arena *a, struct nw_error *err)
{
	char *line;
	int rc;

	memset(r, 0, sizeof(*r));
	r->path = nw_arena_printf(a, "%s/%s", dir, file);
	r->data = nw_read_file(r->path, NW_MAX_DATA_FILE, &r->len, err);
	if (r->data == NULL)
		return -1;
	rc = reader_next(r, &line, err);
	if (rc == -1)
		return -1;
	if (rc == 0)
		return reader_error(r, err, NW_E_PARSE,
		    "no header row", NULL);
	if (strcmp(line, header) != 0)
		return reader_error(r, err, NW_E_PARSE,
		    "unexpected header row", line);
	return 0;
}

/* --- states --------------------------------------------------------------- */

static int
index_state_names(struct nw_refdata *rd, struct reader *r, size_t idx,
    struct nw_error *err)
{
	const struct nw_state *st = &rd->states[idx];
	const char *const *lists[3] = { st->names, st->adjectives,
	    st->metonyms };
	size_t counts[3] = { st->nnames, st->nadjectives, st->nmetonyms };
	size_t i, j, other;

	if (index_add(rd->arena, &rd->state_names, st->name, idx, &other) == -1)
		goto dup;
	for (i = 0; i < 3; i++)
		for (j = 0; j < counts[i]; j++) {
			if (index_add(rd->arena, &rd->state_names, lists[i][j],
			    idx, &other) == -1) {
				nw_error_where(err, NULL, r->path);
				nw_error_at_line(err, r->line, 0);
				return nw_error_set(err, NW_E_CONFIG,
				    "%s: \"%s\" also names %s", st->iso2,
				    lists[i][j], rd->states[other].iso2);
			}
		}
	return 0;
dup:
	nw_error_where(err, NULL, r->path);
	nw_error_at_line(err, r->line, 0);
	return nw_error_set(err, NW_E_CONFIG, "%s: \"%s\" also names %s",
	    st->iso2, st->name, rd->states[other].iso2);
}

static int
load_states(struct nw_refdata *rd, const char *dir, struct nw_error *err)
{
	struct reader r;
	char *line, *f[STATES_FIELDS];
	size_t cap = 0;
	int rc = -1, got;

	if (open_table(&r, dir, STATES_FILE, STATES_HEADER, rd->arena,
	    err) == -1)
		goto out;
	for (;;) {
		struct nw_state *st;
		size_t slot;

		got = reader_next(&r, &line, err);
		if (got != 1)
			break;
		if (split_fields(&r, line, f, STATES_FIELDS, err) == -1)
			goto out;
		if (strlen(f[0]) != 2 || f[0][0] < 'A' || f[0][0] > 'Z' ||
		    f[0][1] < 'A' || f[0][1] > 'Z') {
			reader_error(&r, err, NW_E_PARSE,
			    "not an ISO 3166-1 alpha-2 code:", f[0]);
			goto out;
		}
		slot = (size_t)(f[0][0] - 'A') * 26 + (size_t)(f[0][1] - 'A');
		if (rd->by_iso[slot] != 0) {
			reader_error(&r, err, NW_E_CONFIG, "duplicate state",
			    f[0]);
			goto out;
		}
		if (f[1][0] == '\0') {
			reader_error(&r, err, NW_E_PARSE, "empty name", NULL);
			goto out;
		}
		if (rd->nstates == NW_MAX_DATA_ROWS) {
			reader_error(&r, err, NW_E_LIMIT,
			    "more than NW_MAX_DATA_ROWS rows", NULL);
			goto out;
		}
		if (rd->nstates == cap) {
			cap = cap ? cap * 2 : 256;
			rd->states = xreallocarray(rd->states, cap,
			    sizeof(*rd->states));
		}
		st = &rd->states[rd->nstates];
		memset(st, 0, sizeof(*st));
		memcpy(st->iso2, f[0], 3);
		st->name = nw_arena_strdup(rd->arena, f[1]);
		if (split_list(&r, rd->arena, f[2], &st->names, &st->nnames,
		    err) == -1 ||
		    split_list(&r, rd->arena, f[3], &st->adjectives,
		    &st->nadjectives, err) == -1 ||
		    split_list(&r, rd->arena, f[4], &st->metonyms,
		    &st->nmetonyms, err) == -1 ||
		    split_list(&r, rd->arena, f[5], &st->agencies,
		    &st->nagencies, err) == -1)
			goto out;
		rd->nstates++;
		rd->by_iso[slot] = rd->nstates;
		if (index_state_names(rd, &r, rd->nstates - 1, err) == -1)
			goto out;
	}
	if (got == -1)
		goto out;
	if (rd->nstates == 0) {
		reader_error(&r, err, NW_E_PARSE, "no states", NULL);
		goto out;
	}
	rc = 0;
out:
	free(r.data);
	return rc;
}

/* --- actors --------------------------------------------------------------- */

static int
load_actors(struct nw_refdata *rd, const char *dir, struct nw_error *err)
{
	struct reader r;
	char *line, *f[ACTORS_FIELDS];
	size_t cap = 0, i, other;
	int rc = -1, got;

	if (open_table(&r, dir, ACTORS_FILE, ACTORS_HEADER, rd->arena,
	    err) == -1)
		goto out;
	for (;;) {
		struct nw_actor_ref *ac;
		size_t k;

		got = reader_next(&r, &line, err);
		if (got != 1)
			break;
		if (split_fields(&r, line, f, ACTORS_FIELDS, err) == -1)
			goto out;
		if (f[0][0] == '\0') {
			reader_error(&r, err, NW_E_PARSE, "empty name", NULL);
			goto out;
		}
		if (strlen(f[0]) >= NW_MAX_ACTOR_NAME) {
			reader_error(&r, err, NW_E_LIMIT,
			    "name longer than NW_MAX_ACTOR_NAME", f[0]);
			goto out;
		}
		if (rd->nactors == NW_MAX_DATA_ROWS) {
			reader_error(&r, err, NW_E_LIMIT,
			    "more than NW_MAX_DATA_ROWS rows", NULL);
			goto out;
		}
		if (rd->nactors == cap) {
			cap = cap ? cap * 2 : 128;
			rd->actors = xreallocarray(rd->actors, cap,
			    sizeof(*rd->actors));
		}
		ac = &rd->actors[rd->nactors];
		memset(ac, 0, sizeof(*ac));
		ac->name = nw_arena_strdup(rd->arena, f[0]);
		if (split_list(&r, rd->arena, f[1], &ac->aliases,
		    &ac->naliases, err) == -1)
			goto out;
		for (k = 0; k < NW_NELEM(kind_names); k++)
			if (strcmp(f[2], kind_names[k]) == 0)
				break;
		if (k == NW_NELEM(kind_names)) {
			reader_error(&r, err, NW_E_PARSE, "unknown kind", f[2]);
			goto out;
		}
		ac->kind = (enum nw_actor_kind)k;
		if (f[3][0] != '\0') {
			if (nw_refdata_state(rd, f[3]) == NULL) {
				reader_error(&r, err, NW_E_CONFIG,
				    "unknown state", f[3]);
				goto out;
			}
			memcpy(ac->iso2, f[3], 3);
		}
		if (strcmp(f[4], "weak") == 0)
			ac->weak = 1;
		else if (f[4][0] != '\0') {
			reader_error(&r, err, NW_E_PARSE,
			    "weak column must be \"weak\" or empty", f[4]);
			goto out;
		}
		if (index_add(rd->arena, &rd->actor_names, ac->name,
		    rd->nactors, &other) == -1)
			goto dup;
		for (i = 0; i < ac->naliases; i++)
			if (strlen(ac->aliases[i]) >= NW_MAX_ACTOR_NAME ||
			    index_add(rd->arena, &rd->actor_names,
			    ac->aliases[i], rd->nactors, &other) == -1)
				goto dup;
		rd->nactors++;
	}
	if (got == -1)
		goto out;
	rc = 0;
	goto out;
dup:
	reader_error(&r, err, NW_E_CONFIG,
	    "name too long or listed for two actors:", line);
out:
	free(r.data);
	return rc;
}

/* --- public --------------------------------------------------------------- */

struct nw_refdata *
nw_refdata_load(const char *dir, struct nw_error *err)
{
	struct nw_refdata *rd;

	if (dir == NULL) {
		nw_error_set(err, NW_E_USAGE, "no reference directory");
		return NULL;
	}
	rd = xcalloc(1, sizeof(*rd));
	rd->arena = nw_arena_new();
	if (load_states(rd, dir, err) == -1 ||
	    load_actors(rd, dir, err) == -1) {
		nw_refdata_free(rd);
		return NULL;
	}
	return rd;
}

void
nw_refdata_free(struct nw_refdata *rd)
{
	if (rd == NULL)
		return;
	free(rd->states);
	free(rd->actors);
	nw_arena_free(rd->arena);
	free(rd);
}

size_t
nw_refdata_nstates(const struct nw_refdata *rd)
{
	return rd->nstates;
}

const struct nw_state *
nw_refdata_state_at(const struct nw_refdata *rd, size_t i)
{
	return i < rd->nstates ? &rd->states[i] : NULL;
}

const struct nw_state *
nw_refdata_state(const struct nw_refdata *rd, const char *iso2)
{
	int a, b;

	if (iso2 == NULL || iso2[0] == '\0' || iso2[1] == '\0' ||
	    iso2[2] != '\0')
		return NULL;
	a = iso2[0] >= 'a' && iso2[0] <= 'z' ? iso2[0] - 'a' : iso2[0] - 'A';
	b = iso2[1] >= 'a' && iso2[1] <= 'z' ? iso2[1] - 'a' : iso2[1] - 'A';
	if (a < 0 || a >= 26 || b < 0 || b >= 26)
		return NULL;
	if (rd->by_iso[a * 26 + b] == 0)
		return NULL;
	return &rd->states[rd->by_iso[a * 26 + b] - 1];
}

const struct nw_state *
nw_refdata_state_by_name(const struct nw_refdata *rd, const char *name)
{
	size_t i;

	if (index_get(&rd->state_names, name, &i) == -1)
		return NULL;
	return &rd->states[i];
}

size_t
nw_refdata_nactors(const struct nw_refdata *rd)
{
	return rd->nactors;
}

const struct nw_actor_ref *
nw_refdata_actor_at(const struct nw_refdata *rd, size_t i)
{
	return i < rd->nactors ? &rd->actors[i] : NULL;
}

const struct nw_actor_ref *
nw_refdata_actor_by_name(const struct nw_refdata *rd, const char *name)
{
	size_t i;

	if (index_get(&rd->actor_names, name, &i) == -1)
		return NULL;
	return &rd->actors[i];
}
