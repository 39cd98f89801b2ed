/*
 * stix.c - the stix feed kind: STIX 2.1 and 2.0 bundles into reports and
 * kept objects.  See stixfeed.h for the contract and docs/design.md
 * ("STIX model") for the mapping.
 *
 * One pass over the document with the streaming reader: each object of
 * the bundle is built as a small tree (in a bump allocator reset per
 * object), normalised from 2.0 when it lacks spec_version, written in
 * canonical form, checked with the validator, and handed to the sink.
 * What the reports need (names, countries, relationships, the candidate
 * incidents, campaigns and reports) is indexed in the parse's arena; the
 * reports are built and handed out after the last object, in document
 * order, because relationships may come before or after their ends.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normwatch/json.h"
#include "normwatch/jsonw.h"
#include "normwatch/limits.h"
#include "normwatch/log.h"
#include "normwatch/stix.h"
#include "normwatch/stixfeed.h"
#include "normwatch/stixval.h"
#include "normwatch/util.h"

#define INDEX_MIN	1024		/* first size of the id index */

/* --- a small tree for one object --------------------------------------- */

/* The tree is the validator's own (struct nw_jv of stixval.h), in an arena
 * reset between objects. */

#define TREE_BLOCK	(64u << 10)	
static int
mem_cmp(const void *a, const void *b)
{
	const struct nw_jm *x = a, *y = b;
	size_t n = x->klen < y->klen ? x->klen : y->klen;
	int c = memcmp(x->k, y->k, n);

	if (c != 0)
		return c;
	return x->klen < y->klen ? -1 : x->klen > y->klen;
}

/* Growing scratch arrays for one container being built. */
struct scratch {
	void	*p;
	size_t	 n, cap;
};

/*
 * Build the value that begins with event ev.  Recursion is bounded by
 * the reader's depth limit.  NULL after a reader error (in *err).
 */
static struct nw_jv *
build(struct nw_json *j, struct nw_arena *b, enum nw_json_event ev,
    struct nw_error *err)
{
	struct nw_jv *v = nw_arena_alloc(b, sizeof(*v)), *item;
	struct scratch sc = { NULL, 0, 0 };
	const char *text;
	size_t len;

	memset(v, 0, sizeof(*v));
	switch (ev) {
	case NW_JSON_STRING:
	case NW_JSON_NUMBER:
		v->t = ev == NW_JSON_STRING ? NW_JT_STR : NW_JT_NUM;
		text = nw_json_text(j, &len);
		v->s = nw_arena_strndup(b, text, len);
		v->n = len;
		return v;
	case NW_JSON_TRUE:
		v->t = NW_JT_TRUE;
		return v;
	case NW_JSON_FALSE:
		v->t = NW_JT_FALSE;
		return v;
	case NW_JSON_NULL:
		v->t = NW_JT_NULL;
		return v;
	case NW_JSON_OBJECT_BEGIN:
		v->t = NW_JT_OBJ;
		for (;;) {
			struct nw_jm *m;

			ev = nw_json_next(j, err);
			if (ev == NW_JSON_OBJECT_END)
				break;
			if (ev != NW_JSON_KEY)
				goto fail;
			if (sc.n == sc.cap) {
				sc.cap = sc.cap == 0 ? 16 : sc.cap * 2;
				sc.p = xreallocarray(sc.p, sc.cap,
				    sizeof(struct nw_jm));
			}
			m = (struct nw_jm *)sc.p + sc.n;
			text = nw_json_text(j, &len);
			m->k = nw_arena_strndup(b, text, len);
			m->klen = len;
			ev = nw_json_next(j, err);
			if (ev == NW_JSON_ERROR || ev == NW_JSON_END)
				goto fail;
			if ((m->v = build(j, b, ev, err)) == NULL)
				goto fail;
			sc.n++;
		}
		v->n = sc.n;
		v->m = nw_arena_alloc(b, (sc.n + 1) * sizeof(struct nw_jm));
		if (sc.n > 0)
			memcpy(v->m, sc.p, sc.n * sizeof(struct nw_jm));
		/* the reader refuses duplicate keys: the order is total */
		qsort(v->m, v->n, sizeof(struct nw_jm), mem_cmp);
		free(sc.p);
		return v;
	case NW_JSON_ARRAY_BEGIN:
		v->t = NW_JT_ARR;
		for (;;) {
			ev = nw_json_next(j, err);
			if (ev == NW_JSON_ARRAY_END)
				break;
			if (ev == NW_JSON_ERROR || ev == NW_JSON_END)
				goto fail;
			if ((item = build(j, b, ev, err)) == NULL)
				goto fail;
			if (sc.n == sc.cap) {
				sc.cap = sc.cap == 0 ? 16 : sc.cap * 2;
				sc.p = xreallocarray(sc.p, sc.cap,
				    sizeof(struct nw_jv *));
			}
			((struct nw_jv **)sc.p)[sc.n++] = item;
		}
		v->n = sc.n;
		v->a = nw_arena_alloc(b, (sc.n + 1) * sizeof(struct nw_jv *));
		if (sc.n > 0)
			memcpy(v->a, sc.p, sc.n * sizeof(struct nw_jv *));
		free(sc.p);
		return v;
	default:
		break;
	}
fail:
	free(sc.p);
	if (err->code == NW_E_OK)
		nw_error_set(err, NW_E_PARSE, "the document ends inside a "
		    "value");
	return NULL;
}

/* The member k of object o, or NULL. */
static struct nw_jv *
get(const struct nw_jv *o, const char *k)
{
	size_t lo = 0, hi, mid, kl;
	int c;

	if (o == NULL || o->t != NW_JT_OBJ)
		return NULL;
	kl = strlen(k);
	hi = o->n;
	while (lo < hi) {
		struct nw_jm tmp = { k, kl, NULL };

		mid = (lo + hi) / 2;
		c = mem_cmp(&o->m[mid], &tmp);
		if (c == 0)
			return o->m[mid].v;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* The string member k of o, or NULL. */
static const char *
gets_(const struct nw_jv *o, const char *k)
{
	const struct nw_jv *v = get(o, k);

	return v != NULL && v->t == NW_JT_STR ? v->s : NULL;
}

/* An integer member k of o in [lo, hi], or -1. */
static int
geti(const struct nw_jv *o, const char *k, int lo, int hi)
{
	const struct nw_jv *v = get(o, k);
	long long n;

	if (v == NULL || v->t != NW_JT_NUM ||
	    nw_parse_ll(v->s, lo, hi, &n) == -1)
		return -1;
	return (int)n;
}

/* Add member k = v to object o (keeping the order). */
static void
put_member(struct nw_arena *b, struct nw_jv *o, const char *k, struct nw_jv *v)
{
	struct nw_jm *m = nw_arena_alloc(b, (o->n + 2) * sizeof(*m));
	size_t i = 0, kl = strlen(k);
	struct nw_jm nm = { k, kl, v };

	while (i < o->n && mem_cmp(&o->m[i], &nm) < 0)
		i++;
	if (i > 0)
		memcpy(m, o->m, i * sizeof(*m));
	m[i] = nm;
	if (o->n > i)
		memcpy(m + i + 1, o->m + i, (o->n - i) * sizeof(*m));
	o->m = m;
	o->n++;
}

static struct nw_jv *
new_str(struct nw_arena *b, const char *s)
{
	struct nw_jv *v = nw_arena_alloc(b, sizeof(*v));

	memset(v, 0, sizeof(*v));
	v->t = NW_JT_STR;
	v->s = nw_arena_strndup(b, s, strlen(s));
	v->n = strlen(s);
	return v;
}

/* --- canonical form ----------------------------------------------------- */

/* Where the top-level created and modified values are in the text. */
struct canon {
	size_t	c_off, c_len, m_off, m_len;
};

static void
write_val(struct nw_jsonw *w, const struct nw_jv *v, int top, struct canon *cn)
{
	size_t i, at;

	switch (v->t) {
	case NW_JT_OBJ:
		nw_jsonw_obj_begin(w);
		for (i = 0; i < v->n; i++) {
			nw_jsonw_keyn(w, v->m[i].k, v->m[i].klen);
			at = w->out->len;
			write_val(w, v->m[i].v, 0, cn);
			if (top && strcmp(v->m[i].k, "created") == 0) {
				cn->c_off = at;
				cn->c_len = w->out->len - at;
			} else if (top && strcmp(v->m[i].k, "modified") == 0) {
				cn->m_off = at;
				cn->m_len = w->out->len - at;
			}
		}
		nw_jsonw_obj_end(w);
		break;
	case NW_JT_ARR:
		nw_jsonw_arr_begin(w);
		for (i = 0; i < v->n; i++)
			write_val(w, v->a[i], 0, cn);
		nw_jsonw_arr_end(w);
		break;
	case NW_JT_STR:
		nw_jsonw_strn(w, v->s, v->n);
		break;
	case NW_JT_NUM:
		nw_jsonw_num(w, v->s, v->n);
		break;
	case NW_JT_TRUE:
		nw_jsonw_bool(w, 1);
		break;
	case NW_JT_FALSE:
		nw_jsonw_bool(w, 0);
		break;
	case NW_JT_NULL:
		nw_jsonw_null(w);
		break;
	}
}

/* Identifiers an object refers to (3.1: *_ref, *_refs, extension ids). */
struct refs {
	const char	**v;
	size_t		 n, cap;
	int		 over;		/* more than NW_STIXFEED_MAX_REFS */
};

static void
ref_add(struct refs *r, const char *id, size_t len)
{
	const char *why;
	size_t tl;

	if (nw_stix_id_parse(id, len, &tl, &why) < 0)
		return;
	if (r->n >= NW_STIXFEED_MAX_REFS) {
		r->over = 1;
		return;
	}
	if (r->n == r->cap) {
		r->cap = r->cap == 0 ? 16 : r->cap * 2;
		r->v = xreallocarray(r->v, r->cap, sizeof(*r->v));
	}
	r->v[r->n++] = id;
}

static int
ends_with(const char *s, size_t n, const char *suf)
{
	size_t sl = strlen(suf);

	return n >= sl && memcmp(s + n - sl, suf, sl) == 0;
}

static void
collect_refs(const struct nw_jv *v, struct refs *r, int in_extensions)
{
	size_t i, k;
	const struct nw_jv *c;

	if (v->t == NW_JT_ARR) {
		for (i = 0; i < v->n; i++)
			collect_refs(v->a[i], r, 0);
		return;
	}
	if (v->t != NW_JT_OBJ)
		return;
	for (i = 0; i < v->n; i++) {
		c = v->m[i].v;
		if (in_extensions && v->m[i].klen > 22 &&
		    memcmp(v->m[i].k, "extension-definition--", 22) == 0)
			ref_add(r, v->m[i].k, v->m[i].klen);
		if (ends_with(v->m[i].k, v->m[i].klen, "_ref") && c->t == NW_JT_STR)
			ref_add(r, c->s, c->n);
		else if (ends_with(v->m[i].k, v->m[i].klen, "_refs") &&
		    c->t == NW_JT_ARR) {
			for (k = 0; k < c->n; k++)
				if (c->a[k]->t == NW_JT_STR)
					ref_add(r, c->a[k]->s, c->a[k]->n);
		} else
			collect_refs(c, r, strcmp(v->m[i].k, "extensions") == 0);
	}
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sort and drop repeats. */
static void
refs_unique(struct refs *r)
{
	size_t i, k = 0;

	if (r->n == 0)
		return;
	qsort(r->v, r->n, sizeof(*r->v), str_cmp);
	for (i = 1; i < r->n; i++)
		if (strcmp(r->v[i], r->v[k]) != 0)
			r->v[++k] = r->v[i];
	r->n = k + 1;
}

/* --- STIX 2.0 to 2.1 ------------------------------------------------------ */

/* A created or modified timestamp with fewer than three sub-second digits. */
static void
pad_ms(struct nw_arena *b, struct nw_jv *o, const char *k)
{
	struct nw_jv *v = get(o, k);
	char ms[32];
	int frac;
	const char *why;

	if (v == NULL || v->t != NW_JT_STR ||
	    nw_stix_timestamp_parse(v->s, v->n, &frac, &why) < 0 || frac >= 3)
		return;
	if (nw_stix_ts_ms(v->s, ms) == 0) {
		v->s = nw_arena_strndup(b, ms, strlen(ms));
		v->n = strlen(ms);
	}
}

/*
 * Normalise a STIX 2.0 object (no spec_version): spec_version 2.1,
 * created and modified to the millisecond, the 2.0 labels of indicators,
 * malware, threat actors, tools and reports copied into their 2.1 *_types
 * vocabulary properties, pattern_type "stix" for indicators (2.0 patterns
 * are STIX patterns), is_family for malware (2.0 malware are families).
 */
static void
normalise_20(struct nw_arena *b, struct nw_jv *o, const char *type)
{
	static const struct {
		const char	*type;
		const char	*prop;
	} lab[] = {
		{ "indicator", "indicator_types" },
		{ "malware", "malware_types" },
		{ "threat-actor", "threat_actor_types" },
		{ "tool", "tool_types" },
		{ "report", "report_types" },
	};
	struct nw_jv *l, *t;
	size_t i;

	put_member(b, o, "spec_version", new_str(b, "2.1"));
	pad_ms(b, o, "created");
	pad_ms(b, o, "modified");
	l = get(o, "labels");
	for (i = 0; i < NW_NELEM(lab); i++)
		if (strcmp(type, lab[i].type) == 0 && l != NULL &&
		    l->t == NW_JT_ARR && get(o, lab[i].prop) == NULL)
			put_member(b, o, lab[i].prop, l);
	if (strcmp(type, "indicator") == 0 && get(o, "pattern_type") == NULL)
		put_member(b, o, "pattern_type", new_str(b, "stix"));
	if (strcmp(type, "malware") == 0 && get(o, "is_family") == NULL) {
		t = nw_arena_alloc(b, sizeof(*t));
		memset(t, 0, sizeof(*t));
		t->t = NW_JT_TRUE;
		put_member(b, o, "is_family", t);
	}
}

/* --- the index of what reports need --------------------------------------- */

struct srel {
	const char	*type;		/* relationship_type */
	const char	*target;	/* target_ref */
	const char	*created_by;	/* or NULL */
	int		 confidence;	/* or -1 */
	struct srel	*next;
};

struct cand;

/* An object by id: what claims need of it. */
struct sx {
	const char	*id;
	const char	*type;		/* NULL until the object itself is seen */
	const char	*name;
	const char	*country;	/* location */
	unsigned	 nation:1;	/* threat-actor of type nation-state */
	unsigned	 gov:1;		/* identity in a government sector */
	unsigned	 seen:1;
	unsigned	 shadowed:1;	/* an incident normwatch derived from
					   this one came in the same bundle */
	uint32_t	 sectors;	/* identity: 1u << enum nw_sector */
	struct srel	*out;		/* relationships from it */
	struct sx	*hnext;
	const char	**at;		/* countries it is located at, found
					   once (at most NW_MAX_VICTIMS) */
	size_t		 nat;
	int		 at_done;
};

/* An incident, campaign or report that becomes a report. */
struct cand {
	struct nw_report r;
	struct nw_origin o;
	const char	*id;
	const char	*type;
	const char	*created_by;	/* or NULL */
	int		 confidence;	/* or -1 */
	const char	**object_refs;	/* reports: what they list */
	size_t		 nobject_refs;
	const char	*own_external;	/* own incidents: the external_id
					   of their source reference */
	struct cand	*next;
};

struct sp {
	const struct nw_feed	*feed;
	const char		*docname;	/* the document being read */
	const char		*docurl;	/* its URL, the reports' default */
	struct nw_arena		*arena;
	const struct nw_parse_sink *sink;
	struct nw_error		*err;
	struct nw_json		*j;
	struct nw_arena		 tree;
	struct nw_buf		 canon;
	struct refs		 refs;
	int			 bundle20;	/* the bundle says 2.0 */
	long long		 nobjects;	/* of every document */
	long			 nrejected;
	long			 nkept;
	struct sx		**tab;		/* the index, by id */
	size_t			 tabcap, ntab;
	struct cand		*cands, **candtail;
	size_t			 ncands;
	char			 base[64];	/* "$.objects" */
	int			 single;	/* one object, not a bundle */
	struct nw_stixval_cache	*vcache;	/* the validator's buffers */
};

static uint32_t
hash_id(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s != '\0')
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

/* The index entry of id, made when missing (create) or NULL. */
static struct sx *
sx_get(struct sp *p, const char *id, int create)
{
	struct sx *x, **nt;
	size_t i, cap;
	uint32_t h = hash_id(id);

	if (p->tabcap > 0)
		for (x = p->tab[h & (p->tabcap - 1)]; x != NULL; x = x->hnext)
			if (strcmp(x->id, id) == 0)
				return x;
	if (!create)
		return NULL;
	if (p->ntab >= p->tabcap) {
		cap = p->tabcap == 0 ? INDEX_MIN : p->tabcap * 2;
		nt = xcalloc(cap, sizeof(*nt));
		for (i = 0; i < p->tabcap; i++) {
			struct sx *next;

			for (x = p->tab[i]; x != NULL; x = next) {
				next = x->hnext;
				x->hnext = nt[hash_id(x->id) & (cap - 1)];
				nt[hash_id(x->id) & (cap - 1)] = x;
			}
		}
		free(p->tab);
		p->tab = nt;
		p->tabcap = cap;
	}
	x = nw_arena_alloc(p->arena, sizeof(*x));
	x->id = nw_arena_strdup(p->arena, id);
	x->hnext = p->tab[h & (p->tabcap - 1)];
	p->tab[h & (p->tabcap - 1)] = x;
	p->ntab++;
	return x;
}

/* Industry sectors (10.11) to normwatch's victim sectors. */
static uint32_t
sectors_of(const struct nw_jv *list, int *gov)
{
	static const struct {
		const char	*prefix;
		enum nw_sector	 sector;
	} map[] = {
		{ "government", NW_SECTOR_GOVERNMENT },
		{ "defense", NW_SECTOR_DEFENSE_INDUSTRY },
		{ "aerospace", NW_SECTOR_DEFENSE_INDUSTRY },
		{ "energy", NW_SECTOR_ENERGY },
		{ "utilities", NW_SECTOR_ENERGY },
		{ "healthcare", NW_SECTOR_HEALTHCARE },
		{ "pharmaceuticals", NW_SECTOR_HEALTHCARE },
		{ "financial-services", NW_SECTOR_FINANCE },
		{ "insurance", NW_SECTOR_FINANCE },
		{ "telecommunications", NW_SECTOR_TELECOMMUNICATIONS },
		{ "technology", NW_SECTOR_TECHNOLOGY },
		{ "entertainment", NW_SECTOR_MEDIA },
		{ "communications", NW_SECTOR_MEDIA },
		{ "education", NW_SECTOR_EDUCATION },
		{ "transportation", NW_SECTOR_TRANSPORT },
		{ "aviation", NW_SECTOR_TRANSPORT },
		{ "automotive", NW_SECTOR_MANUFACTURING },
		{ "manufacturing", NW_SECTOR_MANUFACTURING },
		{ "retail", NW_SECTOR_RETAIL },
		{ "non-profit", NW_SECTOR_CIVIL_SOCIETY },
	};
	uint32_t s = 0;
	size_t i, k;

	*gov = 0;
	if (list == NULL || list->t != NW_JT_ARR)
		return 0;
	for (i = 0; i < list->n; i++) {
		const struct nw_jv *v = list->a[i];

		if (v->t != NW_JT_STR)
			continue;
		for (k = 0; k < NW_NELEM(map); k++)
			if (strncmp(v->s, map[k].prefix,
			    strlen(map[k].prefix)) == 0) {
				s |= 1u << map[k].sector;
				if (map[k].sector == NW_SECTOR_GOVERNMENT)
					*gov = 1;
			}
	}
	return s;
}

/* The TLP 2.0 level of an object's markings (the most restrictive). */
static const char *
tlp_of(const struct nw_jv *o)
{
	const struct nw_jv *m = get(o, "object_marking_refs");
	const struct nw_stix_tlp *t;
	const char *best = NULL, *lvl;
	size_t i;

	if (m == NULL || m->t != NW_JT_ARR)
		return NULL;
	for (i = 0; i < m->n; i++) {
		if (m->a[i]->t != NW_JT_STR ||
		    (t = nw_stix_tlp_by_id(m->a[i]->s)) == NULL)
			continue;
		lvl = t->version == 1 && strcmp(t->level, "white") == 0 ?
		    "clear" : t->level;
		if (best == NULL || nw_stix_tlp_rank(lvl) >
		    nw_stix_tlp_rank(best))
			best = lvl;
	}
	return best;
}

/* A STIX timestamp's day as a normwatch date. */
static void
date_of(const char *ts, struct nw_date *d)
{
	char iso[11];

	memset(d, 0, sizeof(*d));
	if (ts == NULL || strlen(ts) < 10)
		return;
	memcpy(iso, ts, 10);
	iso[10] = '\0';
	if (nw_date_parse_iso(iso, d) == -1 || !nw_date_valid(d))
		memset(d, 0, sizeof(*d));
}

static char *
adup(struct sp *p, const char *s)
{
	return s != NULL ? nw_arena_strdup(p->arena, s) : NULL;
}

/*
 * Copy at most NW_MAX_ACTOR_NAME - 1 bytes of name, cut at a UTF-8
 * character boundary.  0 when nothing is left.
 */
static int
actor_name(char out[NW_MAX_ACTOR_NAME], const char *name)
{
	size_t n = strlen(name);

	if (n >= NW_MAX_ACTOR_NAME) {
		n = NW_MAX_ACTOR_NAME - 1;
		while (n > 0 && ((unsigned char)name[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(out, name, n);
	out[n] = '\0';
	return n > 0;
}

static int
state_ok(const char *s)
{
	return s != NULL && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' &&
	    s[1] <= 'Z' && s[2] == '\0';
}

/*
 * The span {offset, length} of an evidence object of report k's text,
 * checked (a missing "report" is the first report).
 */
static struct nw_span
span_of(const struct nw_jv *ev, size_t textlen, int k)
{
	struct nw_span sp = { 0, 0 };
	const struct nw_jv *r = get(ev, "report");
	int off = geti(ev, "offset", 0, INT32_MAX);
	int len = geti(ev, "length", 0, INT32_MAX);

	/* offsets of another report's text do not fit this one */
	if ((r == NULL && k != 0) ||
	    (r != NULL && geti(ev, "report", 0, INT32_MAX) != k))
		return sp;
	if (off < 0 || len <= 0 || (size_t)off + (size_t)len > textlen)
		return sp;
	sp.off = (uint32_t)off;
	sp.len = (uint32_t)len;
	return sp;
}

/* The report (of an incident of several) a claim entry belongs to. */
static int
entry_report(const struct nw_jv *e)
{
	int k = geti(e, "report", 0, INT32_MAX);

	return k < 0 ? 0 : k;
}

/*
 * The claims of report k of normwatch's own incident, from its extension
 * (an incident of several reports lists them in "reports", and says
 * which report each claim is of).
 */
static void
own_claims(struct sp *p, struct cand *c, const struct nw_jv *x, int k)
{
	struct nw_extract *ex = &c->r.ex;
	const struct nw_jv *l, *e, *rl, *rk = x;
	const char *s, *by;
	enum nw_sector sec;
	size_t i;

	rl = get(x, "reports");
	if (rl != NULL && rl->t == NW_JT_ARR && (size_t)k < rl->n &&
	    rl->a[k]->t == NW_JT_OBJ)
		rk = rl->a[k];
	l = get(x, "attribution");
	for (i = 0; l != NULL && l->t == NW_JT_ARR && i < l->n &&
	    ex->nattr < NW_MAX_ATTRIB; i++) {
		struct nw_attribution *a = &ex->attr[ex->nattr];

		e = l->a[i];
		if (entry_report(e) != k)
			continue;
		s = gets_(e, "state");
		if (!state_ok(s))
			continue;
		memcpy(a->state, s, 3);
		if (nw_hedge_from_name(gets_(e, "hedge"), &a->hedge) == -1)
			a->hedge = NW_HEDGE_ASSERTED;
		if (nw_party_from_name(gets_(e, "party"), &a->by) == -1)
			a->by = NW_PARTY_UNSPECIFIED;
		a->ev = span_of(get(e, "evidence"), c->r.textlen, k);
		by = gets_(e, "claimed_by");
		c->o.attr_by[ex->nattr] = by != NULL && (c->o.publisher == NULL ||
		    strcmp(by, c->o.publisher) != 0) ? adup(p, by) : NULL;
		ex->nattr++;
	}
	l = get(x, "actors");
	for (i = 0; l != NULL && l->t == NW_JT_ARR && i < l->n &&
	    ex->nactors < NW_MAX_ACTORS; i++) {
		e = l->a[i];
		if (entry_report(e) != k)
			continue;
		s = gets_(e, "name");
		if (s == NULL || !actor_name(ex->actors[ex->nactors].name, s))
			continue;
		ex->actors[ex->nactors].ev = span_of(get(e, "evidence"),
		    c->r.textlen, k);
		by = gets_(e, "claimed_by");
		c->o.actor_by[ex->nactors] = by != NULL &&
		    (c->o.publisher == NULL || strcmp(by, c->o.publisher) !=
		    0) ? adup(p, by) : NULL;
		ex->nactors++;
	}
	l = get(x, "victims");
	for (i = 0; l != NULL && l->t == NW_JT_ARR && i < l->n &&
	    ex->nvictims < NW_MAX_VICTIMS; i++) {
		e = l->a[i];
		if (entry_report(e) != k)
			continue;
		s = gets_(e, "state");
		if (!state_ok(s))
			continue;
		memcpy(ex->victims[ex->nvictims], s, 3);
		by = gets_(e, "claimed_by");
		c->o.victim_by[ex->nvictims] = by != NULL &&
		    (c->o.publisher == NULL || strcmp(by, c->o.publisher) !=
		    0) ? adup(p, by) : NULL;
		ex->nvictims++;
	}
	l = get(rk, "victim_sectors");
	for (i = 0; l != NULL && l->t == NW_JT_ARR && i < l->n; i++)
		if (l->a[i]->t == NW_JT_STR &&
		    nw_sector_from_name(l->a[i]->s, &sec) == 0)
			ex->sectors |= 1u << sec;
	if (nw_sponsor_from_name(gets_(rk, "sponsorship"), &ex->sponsorship) ==
	    -1)
		ex->sponsorship = NW_SPONSOR_UNKNOWN;
	s = gets_(rk, "date");
	if (s != NULL && nw_date_parse_iso(s, &c->r.date) == -1)
		memset(&c->r.date, 0, sizeof(c->r.date));
}

/*
 * The other reports of normwatch's own incident of several (its
 * extension's "reports"): one report each, after the first (base), with
 * the source of the matching external reference.  Their native ids are
 * the incident's id and "/N", so the stix kind's dataset group puts them
 * back into one incident.
 */
/*
 * s when it is an http(s) URL, else NULL: a report of others' objects
 * links only to the web ("javascript:", "file:" and "data:" URLs in their
 * external references are kept in the objects, never made a report's
 * url).  normwatch's own objects coming back keep theirs.
 */
static const char *
web_url(const char *s)
{
	if (s != NULL && (nw_strncaseeq(s, "http://", 7) ||
	    nw_strncaseeq(s, "https://", 8)))
		return s;
	return NULL;
}

static void
own_reports(struct sp *p, const struct nw_jv *o, const struct cand *base)
{
	const struct nw_jv *x = get(get(o, "extensions"),
	    NW_STIX_EXT_NORMWATCH);
	const struct nw_jv *rl = get(x, "reports");
	const struct nw_jv *er = get(o, "external_references"), *r, *h;
	const char *text, *sha;
	struct cand *c;
	size_t k;

	if (rl == NULL || rl->t != NW_JT_ARR || rl->n < 2)
		return;
	for (k = 1; k < rl->n && k < (size_t)INT32_MAX; k++) {
		if (rl->a[k]->t != NW_JT_OBJ)
			continue;
		c = nw_arena_alloc(p->arena, sizeof(*c));
		memset(c, 0, sizeof(*c));
		c->id = base->id;
		c->type = base->type;
		c->created_by = base->created_by;
		c->confidence = base->confidence;
		c->o = base->o;
		memset(c->o.attr_by, 0, sizeof(c->o.attr_by));
		memset(c->o.actor_by, 0, sizeof(c->o.actor_by));
		memset(c->o.victim_by, 0, sizeof(c->o.victim_by));
		c->o.url_sha256 = NULL;
		c->o.publisher = NULL;
		c->o.external_id = NULL;
		c->r.native_id = nw_arena_printf(p->arena, "%s/%zu", base->id,
		    k);
		text = gets_(rl->a[k], "text");
		c->r.text = adup(p, text != NULL ? text : "");
		c->r.textlen = strlen(c->r.text);
		c->r.title = adup(p, gets_(rl->a[k], "title"));
		c->r.offset = -1;
		c->r.preset = 1;
		c->r.origin = &c->o;
		c->r.url = p->docurl;
		r = er != NULL && er->t == NW_JT_ARR && k < er->n ? er->a[k] :
		    NULL;
		if (r != NULL) {
			c->o.publisher = adup(p, gets_(r, "source_name"));
			c->o.external_id = adup(p, gets_(r, "external_id"));
			if (gets_(r, "url") != NULL)
				c->r.url = adup(p, gets_(r, "url"));
			h = get(r, "hashes");
			sha = gets_(h, "SHA-256");
			if (gets_(r, "url") != NULL && sha != NULL &&
			    strlen(sha) == 64)
				c->o.url_sha256 = adup(p, sha);
		}
		own_claims(p, c, x, (int)k);
		*p->candtail = c;
		p->candtail = &c->next;
		p->ncands++;
	}
}

/* An incident, campaign or report: a candidate for a report. */
static void
add_candidate(struct sp *p, const struct nw_jv *o, const char *id,
    const char *type, int own)
{
	struct cand *c = nw_arena_alloc(p->arena, sizeof(*c));
	const struct nw_jv *refs, *er, *x, *h;
	const char *name = gets_(o, "name"), *desc = gets_(o, "description");
	const char *url = NULL, *sha = NULL, *pub = NULL, *ext = NULL;
	char key[NW_STIX_ID_MAX + 16], xid[NW_STIX_ID_MAX];
	size_t i;

	memset(c, 0, sizeof(*c));
	c->id = adup(p, id);
	c->type = adup(p, type);
	c->created_by = adup(p, gets_(o, "created_by_ref"));
	c->confidence = geti(o, "confidence", 0, 100);
	c->r.native_id = c->id;
	c->r.title = name != NULL ? adup(p, name) : NULL;
	c->r.offset = -1;
	c->r.preset = 1;
	c->r.origin = &c->o;
	if (own) {
		c->r.text = adup(p, desc != NULL ? desc : "");
	} else if (name != NULL && desc != NULL)
		c->r.text = nw_arena_printf(p->arena, "%s\n\n%s", name, desc);
	else
		c->r.text = adup(p, name != NULL ? name : desc != NULL ? desc :
		    "");
	c->r.textlen = strlen(c->r.text);

	/* the first external reference with a url (own: the first one) */
	er = get(o, "external_references");
	for (i = 0; er != NULL && er->t == NW_JT_ARR && i < er->n; i++) {
		const struct nw_jv *r = er->a[i];

		if (!own && web_url(gets_(r, "url")) == NULL)
			continue;
		url = gets_(r, "url");
		h = get(r, "hashes");
		sha = gets_(h, "SHA-256");
		pub = gets_(r, "source_name");
		ext = gets_(r, "external_id");
		break;
	}
	c->r.url = adup(p, url != NULL ? url : p->docurl);
	if (url != NULL && sha != NULL && strlen(sha) == 64)
		c->o.url_sha256 = adup(p, sha);
	c->o.own = own;
	c->o.tlp = tlp_of(o);
	x = get(get(o, "extensions"), NW_STIX_EXT_INCIDENT_CORE);
	c->o.determination = adup(p, gets_(x, "determination"));
	c->o.investigation_status = adup(p, gets_(x, "investigation_status"));
	if (own) {
		c->o.export_id = c->id;
		c->o.publisher = adup(p, pub);
		c->o.external_id = adup(p, ext);
		c->own_external = c->o.external_id;
		own_claims(p, c, get(get(o, "extensions"),
		    NW_STIX_EXT_NORMWATCH), 0);
	} else {
		snprintf(key, sizeof(key), "incident/stix:%s", id);
		nw_stix_derived_id("incident", key, strlen(key), xid);
		c->o.export_id = adup(p, xid);
		if (strcmp(type, "campaign") == 0)
			date_of(gets_(o, "first_seen") != NULL ?
			    gets_(o, "first_seen") : gets_(o, "created"),
			    &c->r.date);
		else if (strcmp(type, "report") == 0)
			date_of(gets_(o, "published"), &c->r.date);
		else
			date_of(gets_(o, "created"), &c->r.date);
		refs = get(o, "object_refs");
		if (strcmp(type, "report") == 0 && refs != NULL &&
		    refs->t == NW_JT_ARR && refs->n > 0) {
			c->object_refs = nw_arena_alloc(p->arena, refs->n *
			    sizeof(*c->object_refs));
			for (i = 0; i < refs->n; i++)
				if (refs->a[i]->t == NW_JT_STR)
					c->object_refs[c->nobject_refs++] =
					    adup(p, refs->a[i]->s);
		}
	}
	*p->candtail = c;
	p->candtail = &c->next;
	p->ncands++;
	if (own)
		own_reports(p, o, c);
}

/* Index what claims need of a valid object. */
static void
index_object(struct sp *p, const struct nw_jv *o, const char *id,
    const char *type, int own)
{
	struct sx *x;
	struct srel *r;
	const char *rt, *src, *dst;
	const struct nw_jv *l;
	int gov;
	size_t i;

	if (strcmp(type, "relationship") == 0) {
		if (own)
			return;
		rt = gets_(o, "relationship_type");
		src = gets_(o, "source_ref");
		dst = gets_(o, "target_ref");
		if (rt == NULL || src == NULL || dst == NULL ||
		    (strcmp(rt, "attributed-to") != 0 &&
		    strcmp(rt, "targets") != 0 && strcmp(rt, "impacts") != 0 &&
		    strcmp(rt, "located-at") != 0))
			return;
		x = sx_get(p, src, 1);
		r = nw_arena_alloc(p->arena, sizeof(*r));
		r->type = adup(p, rt);
		r->target = adup(p, dst);
		r->created_by = adup(p, gets_(o, "created_by_ref"));
		r->confidence = geti(o, "confidence", 0, 100);
		r->next = x->out;
		x->out = r;
		return;
	}
	if (strcmp(type, "incident") == 0 || strcmp(type, "campaign") == 0 ||
	    strcmp(type, "report") == 0) {
		/* normwatch's own reports and campaigns are derived views */
		if (!own || strcmp(type, "incident") == 0)
			add_candidate(p, o, id, type, own);
		return;
	}
	if (strcmp(type, "identity") != 0 && strcmp(type, "location") != 0 &&
	    strcmp(type, "intrusion-set") != 0 &&
	    strcmp(type, "threat-actor") != 0)
		return;
	x = sx_get(p, id, 1);
	if (x->seen)
		return;		/* another version: the first one speaks */
	x->seen = 1;
	x->type = adup(p, type);
	x->name = adup(p, gets_(o, "name"));
	x->country = adup(p, gets_(o, "country"));
	if (strcmp(type, "identity") == 0) {
		x->sectors = sectors_of(get(o, "sectors"), &gov);
		x->gov = gov != 0;
	}
	l = get(o, "threat_actor_types");
	for (i = 0; l != NULL && l->t == NW_JT_ARR && i < l->n; i++)
		if (l->a[i]->t == NW_JT_STR && strcmp(l->a[i]->s,
		    "nation-state") == 0)
			x->nation = 1;
}

/* --- claims from relationships ------------------------------------------- */

/* The name of an identity in the bundle, or NULL. */
static const char *
identity_name(struct sp *p, const char *id)
{
	struct sx *x = id != NULL ? sx_get(p, id, 0) : NULL;

	return x != NULL && x->seen && x->type != NULL &&
	    strcmp(x->type, "identity") == 0 ? x->name : NULL;
}

/* The party behind a claim, from its claiming identity. */
static enum nw_party
party_of(struct sp *p, const char *claimer)
{
	struct sx *x = claimer != NULL ? sx_get(p, claimer, 0) : NULL;

	if (x == NULL || !x->seen)
		return NW_PARTY_UNSPECIFIED;
	return x->gov ? NW_PARTY_GOVERNMENT : NW_PARTY_VENDOR;
}

static void
add_state(struct sp *p, struct cand *c, const char *country,
    const char *claimer, int confidence)
{
	struct nw_extract *ex = &c->r.ex;
	const char *by;
	size_t i;

	if (!state_ok(country))
		return;
	for (i = 0; i < ex->nattr; i++)
		if (strcmp(ex->attr[i].state, country) == 0)
			return;
	if (ex->nattr >= NW_MAX_ATTRIB)
		return;
	memcpy(ex->attr[ex->nattr].state, country, 3);
	nw_hedge_from_name(nw_stix_claim_hedge(confidence >= 0 ? confidence :
	    c->confidence >= 0 ? c->confidence : 100),
	    &ex->attr[ex->nattr].hedge);
	ex->attr[ex->nattr].by = party_of(p, claimer);
	by = identity_name(p, claimer);
	c->o.attr_by[ex->nattr] = by != NULL && (c->o.publisher == NULL ||
	    strcmp(by, c->o.publisher) != 0) ? by : NULL;
	ex->nattr++;
	ex->sponsorship = NW_SPONSOR_STATE;
}

static void
add_actor(struct sp *p, struct cand *c, const char *name, const char *claimer)
{
	struct nw_extract *ex = &c->r.ex;
	char n[NW_MAX_ACTOR_NAME];
	const char *by;
	size_t i;

	if (name == NULL || !actor_name(n, name))
		return;
	for (i = 0; i < ex->nactors; i++)
		if (strcmp(ex->actors[i].name, n) == 0)
			return;
	if (ex->nactors >= NW_MAX_ACTORS)
		return;
	memcpy(ex->actors[ex->nactors].name, n, sizeof(n));
	by = identity_name(p, claimer);
	c->o.actor_by[ex->nactors] = by != NULL && (c->o.publisher == NULL ||
	    strcmp(by, c->o.publisher) != 0) ? by : NULL;
	ex->nactors++;
}

static void
add_victim(struct sp *p, struct cand *c, const char *country,
    const char *claimer)
{
	struct nw_extract *ex = &c->r.ex;
	const char *by;
	size_t i;

	if (!state_ok(country))
		return;
	for (i = 0; i < ex->nvictims; i++)
		if (strcmp(ex->victims[i], country) == 0)
			return;
	if (ex->nvictims >= NW_MAX_VICTIMS)
		return;
	memcpy(ex->victims[ex->nvictims], country, 3);
	by = identity_name(p, claimer);
	c->o.victim_by[ex->nvictims] = by != NULL && (c->o.publisher == NULL ||
	    strcmp(by, c->o.publisher) != 0) ? by : NULL;
	ex->nvictims++;
}

/*
 * The countries an object is located at (located-at locations), found
 * once per object: an identity that many incidents target is looked at
 * many times.
 */
static void
located(struct sp *p, struct sx *x)
{
	const struct srel *r;
	const struct sx *l;
	size_t i;

	if (x->at_done)
		return;
	x->at_done = 1;
	for (r = x->out; r != NULL && x->nat < NW_MAX_VICTIMS; r = r->next) {
		if (strcmp(r->type, "located-at") != 0)
			continue;
		l = sx_get(p, r->target, 0);
		if (l == NULL || !l->seen || !state_ok(l->country))
			continue;
		for (i = 0; i < x->nat; i++)
			if (strcmp(x->at[i], l->country) == 0)
				break;
		if (i < x->nat)
			continue;
		if (x->at == NULL)
			x->at = nw_arena_alloc(p->arena, NW_MAX_VICTIMS *
			    sizeof(*x->at));
		x->at[x->nat++] = l->country;
	}
}

static void
states_at(struct sp *p, struct cand *c, struct sx *x, const char *claimer,
    int confidence, int victim)
{
	size_t i;

	located(p, x);
	for (i = 0; i < x->nat; i++) {
		if (victim)
			add_victim(p, c, x->at[i], claimer);
		else
			add_state(p, c, x->at[i], claimer, confidence);
	}
}

/* One attributed-to target (or a listed object of a report). */
static void
claim_target(struct sp *p, struct cand *c, struct sx *t,
    const char *claimer, int confidence)
{
	const struct srel *r;
	struct sx *ta;

	if (t == NULL || !t->seen)
		return;
	if (strcmp(t->type, "location") == 0)
		add_state(p, c, t->country, claimer, confidence);
	else if (strcmp(t->type, "threat-actor") == 0) {
		if (t->nation)
			states_at(p, c, t, claimer, confidence, 0);
		else
			add_actor(p, c, t->name, claimer);
	} else if (strcmp(t->type, "intrusion-set") == 0) {
		add_actor(p, c, t->name, claimer);
		for (r = t->out; r != NULL; r = r->next) {
			if (strcmp(r->type, "attributed-to") != 0)
				continue;
			ta = sx_get(p, r->target, 0);
			if (ta != NULL && ta->seen && ta->nation &&
			    strcmp(ta->type, "threat-actor") == 0)
				states_at(p, c, ta, claimer, confidence, 0);
		}
	}
}

/* A victim: an identity (where it is located) or a location. */
static void
claim_victim(struct sp *p, struct cand *c, struct sx *t,
    const char *claimer)
{
	if (t == NULL || !t->seen)
		return;
	if (strcmp(t->type, "location") == 0)
		add_victim(p, c, t->country, claimer);
	else if (strcmp(t->type, "identity") == 0) {
		states_at(p, c, t, claimer, -1, 1);
		c->r.ex.sectors |= t->sectors;
	}
}

/* The claims of someone else's incident, campaign or report. */
static void
other_claims(struct sp *p, struct cand *c)
{
	const struct sx *x = sx_get(p, c->id, 0);
	const struct srel *r;
	const char *claimer;
	size_t i;

	c->o.publisher = identity_name(p, c->created_by);
	for (r = x != NULL ? x->out : NULL; r != NULL; r = r->next) {
		claimer = r->created_by != NULL ? r->created_by : c->created_by;
		if (strcmp(r->type, "attributed-to") == 0)
			claim_target(p, c, sx_get(p, r->target, 0), claimer,
			    r->confidence);
		else if (strcmp(r->type, "targets") == 0 ||
		    strcmp(r->type, "impacts") == 0)
			claim_victim(p, c, sx_get(p, r->target, 0), claimer);
	}
	for (i = 0; i < c->nobject_refs; i++)
		claim_target(p, c, sx_get(p, c->object_refs[i], 0),
		    c->created_by, c->confidence);
}

/*
 * Relationships were indexed newest first: turn each list around so
 * claims come in document order.
 */
static void
index_order(struct sp *p)
{
	struct srel *r, *next, *rev;
	size_t i;
	struct sx *x;

	for (i = 0; i < p->tabcap; i++)
		for (x = p->tab[i]; x != NULL; x = x->hnext) {
			rev = NULL;
			for (r = x->out; r != NULL; r = next) {
				next = r->next;
				r->next = rev;
				rev = r;
			}
			x->out = rev;
		}
}

/* Hand out the reports, in document order. */
static long
emit_reports(struct sp *p)
{
	struct cand *c;
	struct sx *x;
	long n = 0;

	index_order(p);
	/* a normwatch incident derived from another came with it: only ours */
	for (c = p->cands; c != NULL; c = c->next)
		if (c->o.own && c->own_external != NULL)
			sx_get(p, c->own_external, 1)->shadowed = 1;
	for (c = p->cands; c != NULL; c = c->next) {
		if (!c->o.own) {
			x = sx_get(p, c->id, 0);
			if (x != NULL && x->shadowed)
				continue;
			other_claims(p, c);
		}
		if ((size_t)n >= p->feed->limits.max_entries) {
			nw_error_where(p->err, p->feed->name, p->docname);
			nw_error_set(p->err, NW_E_LIMIT, "more than %zu reports "
			    "(max-entries)", p->feed->limits.max_entries);
			return -1;
		}
		if (p->sink->report(&c->r, p->sink->arg) == -1)
			return -1;
		n++;
	}
	return n;
}

/* --- one object --------------------------------------------------------- */

struct firstmsg {
	char	path[256];	/* inside the object: ".created", or "" */
	char	text[600];
	int	have;
};

static void
first_error(const struct nw_stixval_msg *m, void *arg)
{
	struct firstmsg *f = arg;

	if (f->have || m->severity != NW_STIXVAL_ERROR)
		return;
	f->have = 1;
	nw_strlcpy(f->path, m->path[0] == '$' ? m->path + 1 : "",
	    sizeof(f->path));
	snprintf(f->text, sizeof(f->text), "%.500s%s%.16s%s", m->text,
	    m->section[0] != '\0' ? " [" : "", m->section,
	    m->section[0] != '\0' ? "]" : "");
}

/* Log that object index was rejected; sub is the path inside it. */
static void
reject(struct sp *p, long long index, const char *id, const char *sub,
    const char *why)
{
	struct nw_error e;
	char idq[NW_LOG_FIELD_MAX + 8], line[1200];

	p->nrejected++;
	if (p->nrejected > NW_STIXFEED_MAX_WARN)
		return;
	nw_error_clear(&e);
	nw_error_where(&e, p->feed->name, p->docname);
	if (p->single)
		snprintf(e.path, sizeof(e.path), "$%.200s", sub);
	else
		snprintf(e.path, sizeof(e.path), "%.60s[%lld]%.170s", p->base,
		    index, sub);
	nw_error_set(&e, NW_E_DATA, "object %s rejected: %s",
	    id != NULL ? nw_log_escape(id, strlen(id), idq, sizeof(idq)) :
	    "(no id)", why);
	nw_log(NW_LOG_WARN, NULL, "%s", nw_error_str(&e, line, sizeof(line)));
}

/* Is the object one of normwatch's own? */
static int
is_own(const struct nw_jv *o)
{
	const char *by = gets_(o, "created_by_ref");

	return (by != NULL && strcmp(by, NW_STIX_IDENTITY) == 0) ||
	    get(get(o, "extensions"), NW_STIX_EXT_NORMWATCH) != NULL;
}

/* Check, keep and index one object of the bundle.  -1 stops the parse. */
static int
one_object(struct sp *p, struct nw_jv *o, long long index)
{
	struct nw_stixval_opts opts;
	struct nw_stixval_result res;
	struct nw_stix_object so;
	struct nw_jsonw w;
	struct canon cn;
	struct firstmsg fm;
	const struct nw_stix_type *t;
	const char *id, *type, *why;
	int own, warnings;

	if (o->t != NW_JT_OBJ) {
		reject(p, index, NULL, "", "not a JSON object");
		return 0;
	}
	id = gets_(o, "id");
	type = gets_(o, "type");
	if (type != NULL && get(o, "spec_version") == NULL) {
		t = nw_stix_type_find(type);
		if ((t != NULL && t->kind != NW_STIX_SCO &&
		    t->kind != NW_STIX_BUNDLE) || (t == NULL && p->bundle20))
			normalise_20(&p->tree, o, type);
	}

	nw_buf_reset(&p->canon);
	memset(&cn, 0, sizeof(cn));
	nw_jsonw_init(&w, &p->canon);
	write_val(&w, o, 1, &cn);
	if (nw_jsonw_done(&w, &why) == -1) {
		reject(p, index, id, "", why);
		return 0;
	}

	memset(&opts, 0, sizeof(opts));
	memset(&fm, 0, sizeof(fm));
	opts.fn = first_error;
	opts.arg = &fm;
	opts.cache = p->vcache;
	opts.keep_none = 1;
	/* the tree as built: no second reading of the text */
	nw_stixval_tree(o, p->docname, &opts, &res);
	nw_stixval_result_free(&res);
	warnings = res.warnings > INT32_MAX ? INT32_MAX : (int)res.warnings;
	if (res.errors > 0 || id == NULL || type == NULL) {
		reject(p, index, id, fm.have ? fm.path : "",
		    fm.have ? fm.text : "not a STIX object");
		return 0;
	}
	if (nw_stix_fixed_id(id))
		return 0;	/* every export has these */

	own = is_own(o);
	p->refs.n = 0;
	p->refs.over = 0;
	collect_refs(o, &p->refs, 0);
	if (p->refs.over) {
		reject(p, index, id, "", "refers to more than "
		    "NW_STIXFEED_MAX_REFS identifiers");
		return 0;
	}
	refs_unique(&p->refs);
	memset(&so, 0, sizeof(so));
	so.id = id;
	so.type = type;
	so.created = gets_(o, "created");
	so.modified = gets_(o, "modified");
	so.json = p->canon.data;
	so.jsonlen = p->canon.len;
	so.own = own;
	so.warnings = warnings;
	so.refs = p->refs.v;
	so.nrefs = p->refs.n;
	/* the version hash matters for normwatch's own objects only */
	if (own)
		nw_stix_blanked_hash(p->canon.data, p->canon.len, cn.c_off,
		    cn.c_len, cn.m_off, cn.m_len, so.hash);
	if (p->sink->object != NULL &&
	    p->sink->object(&so, p->sink->arg) == -1)
		return -1;
	if (!own)
		p->nkept++;
	index_object(p, o, id, type, own);
	return 0;
}

/* --- the document ------------------------------------------------------- */

/* The error of the reader, with feed and file. */
static long
read_fail(struct sp *p)
{
	if (p->err->code == NW_E_OK)
		nw_error_set(p->err, NW_E_PARSE, "not a STIX bundle");
	nw_error_where(p->err, p->feed->name, p->docname);
	return -1;
}

/* Stream the objects of the array just begun. */
static int
stream_objects(struct sp *p)
{
	enum nw_json_event ev;
	unsigned long long start;
	struct nw_jv *o;
	long long index;

	for (index = 0;; index++) {
		ev = nw_json_next(p->j, p->err);
		if (ev == NW_JSON_ARRAY_END)
			return 0;
		if (ev == NW_JSON_ERROR || ev == NW_JSON_END)
			return (int)read_fail(p);
		if (p->nobjects >= NW_STIX_MAX_OBJECTS) {
			nw_error_set(p->err, NW_E_LIMIT, "more than %d objects",
			    NW_STIX_MAX_OBJECTS);
			nw_strlcpy(p->err->path, p->base, sizeof(p->err->path));
			return (int)read_fail(p);
		}
		start = nw_json_offset(p->j);
		if ((o = build(p->j, &p->tree, ev, p->err)) == NULL)
			return (int)read_fail(p);
		if (nw_json_offset(p->j) - start > NW_STIX_MAX_OBJECT) {
			nw_error_set(p->err, NW_E_LIMIT, "an object of more "
			    "than %u bytes", NW_STIX_MAX_OBJECT);
			snprintf(p->err->path, sizeof(p->err->path),
			    "%.60s[%lld]", p->base, index);
			return (int)read_fail(p);
		}
		if (one_object(p, o, index) == -1)
			return -1;
		nw_arena_reset(&p->tree);
		p->nobjects++;
	}
}

/* --- the session: one index over one or more documents ------------------- */

struct nw_stixfeed {
	struct sp	p;
	int		ended;
};

struct nw_stixfeed *
nw_stixfeed_new(const struct nw_feed *feed, struct nw_arena *arena,
    const struct nw_parse_sink *sink)
{
	struct nw_stixfeed *s = xcalloc(1, sizeof(*s));
	struct sp *p = &s->p;

	p->feed = feed;
	p->arena = arena;
	p->sink = sink;
	p->docname = "";
	p->docurl = "";
	p->candtail = &p->cands;
	nw_buf_init(&p->canon, NW_STIX_MAX_OBJECT * 2);
	nw_strlcpy(p->base, "$.objects", sizeof(p->base));
	p->vcache = nw_stixval_cache_new();
	return s;
}

void
nw_stixfeed_doc(struct nw_stixfeed *s, const char *name, const char *url)
{
	s->p.docname = nw_arena_strdup(s->p.arena, name != NULL ? name : "");
	s->p.docurl = nw_arena_strdup(s->p.arena, url != NULL ? url : "");
}

int
nw_stixfeed_objects(struct nw_stixfeed *s, struct nw_json *j,
    const char *path, struct nw_error *err)
{
	struct sp *p = &s->p;
	int rc;

	if (s->ended)
		return nw_error_set(err, NW_E_INTERNAL, "objects after the "
		    "end of the STIX session");
	p->err = err;
	p->j = j;
	nw_strlcpy(p->base, path != NULL ? path : "$", sizeof(p->base));
	rc = stream_objects(p);
	p->j = NULL;
	return rc;
}

long
nw_stixfeed_end(struct nw_stixfeed *s, struct nw_error *err)
{
	struct sp *p = &s->p;

	if (s->ended)
		return nw_error_set(err, NW_E_INTERNAL, "the STIX session "
		    "ended twice");
	s->ended = 1;
	p->err = err;
	if (p->nrejected > NW_STIXFEED_MAX_WARN)
		nw_log(NW_LOG_WARN, p->feed->name, "%s: %ld more objects "
		    "rejected", p->docname, p->nrejected - NW_STIXFEED_MAX_WARN);
	return emit_reports(p);
}

void
nw_stixfeed_stats(const struct nw_stixfeed *s, struct nw_stixfeed_stats *st)
{
	st->objects = s->p.nobjects;
	st->rejected = s->p.nrejected;
	st->kept = s->p.nkept;
}

void
nw_stixfeed_free(struct nw_stixfeed *s)
{
	if (s == NULL)
		return;
	nw_stixval_cache_free(s->p.vcache);
	nw_arena_release(&s->p.tree);
	nw_buf_free(&s->p.canon);
	free(s->p.refs.v);
	free(s->p.tab);
	free(s);
}

/* --- the stix kind: one document ------------------------------------------ */

static long
stix_parse_sink(const struct nw_feed *feed, const struct nw_doc *doc,
    struct nw_arena *arena, const struct nw_parse_sink *sink,
    struct nw_error *err)
{
	struct nw_stixfeed *s;
	struct sp *p;
	struct nw_stixfeed_stats st;
	struct nw_arena top;
	enum nw_json_event ev;
	struct nw_jv *tv = NULL, *v;
	struct nw_jm *ms = NULL;
	size_t nms = 0, cap = 0;
	const char *text, *type = NULL;
	size_t len;
	int streamed = 0;
	long rc = -1;
	char line[1200];

	memset(&top, 0, sizeof(top));
	nw_error_clear(err);
	s = nw_stixfeed_new(feed, arena, sink);
	nw_stixfeed_doc(s, doc->name, doc->url);
	p = &s->p;
	p->err = err;
	p->j = nw_json_new_mem(doc->data, doc->len, NULL, doc->name);

	ev = nw_json_next(p->j, err);
	if (ev == NW_JSON_ARRAY_BEGIN) {
		/* a bare list of objects */
		nw_strlcpy(p->base, "$", sizeof(p->base));
		if (stream_objects(p) == -1)
			goto out;
		streamed = 1;
	} else if (ev == NW_JSON_OBJECT_BEGIN) {
		for (;;) {
			ev = nw_json_next(p->j, err);
			if (ev == NW_JSON_OBJECT_END)
				break;
			if (ev != NW_JSON_KEY) {
				read_fail(p);
				goto out;
			}
			text = nw_json_text(p->j, &len);
			if (nms == cap) {
				cap = cap == 0 ? 16 : cap * 2;
				ms = xreallocarray(ms, cap, sizeof(*ms));
			}
			ms[nms].k = nw_arena_strndup(&top, text, len);
			ms[nms].klen = len;
			ev = nw_json_next(p->j, err);
			if (ev == NW_JSON_ERROR || ev == NW_JSON_END) {
				read_fail(p);
				goto out;
			}
			if (strcmp(ms[nms].k, "objects") == 0 &&
			    ev == NW_JSON_ARRAY_BEGIN && (type == NULL ||
			    strcmp(type, "bundle") == 0)) {
				if (stream_objects(p) == -1)
					goto out;
				streamed = 1;
				continue;
			}
			if ((v = build(p->j, &top, ev, err)) == NULL) {
				read_fail(p);
				goto out;
			}
			ms[nms].v = v;
			if (strcmp(ms[nms].k, "type") == 0 && v->t == NW_JT_STR)
				type = v->s;
			if (strcmp(ms[nms].k, "spec_version") == 0 &&
			    v->t == NW_JT_STR && strcmp(v->s, "2.0") == 0)
				p->bundle20 = 1;
			nms++;
		}
		if (!streamed && (type == NULL || strcmp(type, "bundle") != 0)) {
			/* one STIX object on its own */
			tv = nw_arena_alloc(&top, sizeof(*tv));
			memset(tv, 0, sizeof(*tv));
			tv->t = NW_JT_OBJ;
			tv->n = nms;
			tv->m = nw_arena_alloc(&top, (nms + 1) * sizeof(*ms));
			if (nms > 0)
				memcpy(tv->m, ms, nms * sizeof(*ms));
			qsort(tv->m, tv->n, sizeof(*ms), mem_cmp);
			p->single = 1;
			if (one_object(p, tv, 0) == -1)
				goto out;
			p->nobjects = 1;
		}
	} else {
		if (ev != NW_JSON_ERROR) {
			nw_error_set(err, NW_E_PARSE, "not a STIX bundle: the "
			    "document is %s", ev == NW_JSON_END ? "empty" :
			    "not a JSON object");
			nw_strlcpy(err->path, "$", sizeof(err->path));
		}
		read_fail(p);
		goto out;
	}
	if (nw_json_next(p->j, err) != NW_JSON_END) {
		read_fail(p);
		goto out;
	}
	rc = nw_stixfeed_end(s, err);
	if (rc >= 0) {
		nw_stixfeed_stats(s, &st);
		snprintf(line, sizeof(line), "%s: %lld objects, %ld rejected, "
		    "%ld kept as they are, %ld reports", doc->name, st.objects,
		    st.rejected, st.kept, rc);
		nw_log(NW_LOG_INFO, feed->name, "%s", line);
	}
out:
	nw_json_free(p->j);
	p->j = NULL;
	nw_stixfeed_free(s);
	nw_arena_release(&top);
	free(ms);
	return rc;
}

static long
stix_parse(const struct nw_feed *feed, const struct nw_doc *doc,
    struct nw_arena *arena, nw_report_fn fn, void *arg, struct nw_error *err)
{
	struct nw_parse_sink sink = { fn, NULL, arg };

	return stix_parse_sink(feed, doc, arena, &sink, err);
}

const struct nw_parser nw_parser_stix = {
	.kind = "stix",
	.summary = "STIX 2.1 (and 2.0) bundles: incidents, campaigns and "
	    "reports with their claims; other objects kept",
	.options = NULL,
	.parse = stix_parse,
	.check = NULL,
	.parse_sink = stix_parse_sink,
};
