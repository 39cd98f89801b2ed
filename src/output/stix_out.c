/*
 * stix_out.c - `normwatch export`: the store as one STIX 2.1 bundle.  See
 * stixout.h, and docs/design.md ("STIX model") for why each object is
 * what it is.
 *
 * The order of the bundle: the fixed objects; every selected incident in
 * store order, each followed by its claim relationships (by id); the
 * shared objects the incidents refer to (by id); one report per quarter
 * (by quarter); the objects kept from stix feeds (by id).  Every object
 * is written by one function with its keys in byte order, into a buffer
 * that the JSON writer checks, then copied out.
 *
 * Timestamps.  An object's created and modified come from the store
 * (incident: created, changed; claim: the first report that makes it;
 * shared objects: the first report that names what they stand for) and
 * move only when its content can have changed (a TLP change moves the
 * objects it marks).  When the store holds an earlier export's version of
 * the same object (a normwatch export that came back through a stix
 * feed), its created is kept, and its modified too when the content is
 * the same (compared by nw_stix_blanked_hash): so export, ingest,
 * export gives the same objects.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nettle/sha2.h>
#include <uuid/uuid.h>

#include "normwatch/actors.h"
#include "normwatch/consensus.h"
#include "normwatch/jsonw.h"
#include "normwatch/limits.h"
#include "normwatch/log.h"
#include "normwatch/map.h"
#include "normwatch/stix.h"
#include "normwatch/stixout.h"
#include "normwatch/util.h"

#define XP_MAX_OBJECT	NW_STIX_MAX_OBJECT	/* bytes of one object written */
#define XP_NAME_MAX	120			/* bytes of a derived name */
#define XP_DATE_MARKER	24			/* bytes of a leading date */
#define XP_MAX_LOGGED	100			/* objects left out, named */
#define XP_OUT_CHUNK	(1u << 20)		/* bytes written at a time */
#define XP_EVIDENCE_MAX	NW_MAX_EVIDENCE_TEXT	/* bytes of an evidence text */
#define XP_FIRST_YEAR	1900			/* quarters kept from here */
#define XP_YEARS	300
#define NSTATES		(26 * 26)

/* Keys are literals: their length is known without strlen. */
#define KEY(xp, lit)	nw_jsonw_keyn(&(xp)->w, (lit), sizeof(lit) - 1)
#define KSTR(xp, lit, v) do {						\
	KEY(xp, lit);							\
	nw_jsonw_str(&(xp)->w, (v));					\
} while (0)
#define KINT(xp, lit, v) do {						\
	KEY(xp, lit);							\
	nw_jsonw_int(&(xp)->w, (v));					\
} while (0)

/* Types of the objects a report lists, in byte order of their names. */
enum ctype {
	CT_IDENTITY = 0,
	CT_INCIDENT,
	CT_INTRUSION_SET,
	CT_LOCATION,
	CT_RELATIONSHIP,
	CT_THREAT_ACTOR,
	CT_COUNT
};

static const char *const ctype_name[CT_COUNT] = {
	"identity", "incident", "intrusion-set", "location", "relationship",
	"threat-actor"
};
static const size_t ctype_len[CT_COUNT] = { 8, 8, 13, 8, 12, 12 };

/* An id listed by a report, compact: type and UUID bytes. */
struct cref {
	uint8_t	type;
	uint8_t	u[16];
};

/* A name with the time it was first seen and whether the export uses it. */
struct named {
	char	*name;
	char	 first[32];	/* STIX timestamp */
	char	*id;		/* the STIX id it stands for, once known */
	size_t	 val;		/* raw actor names: the canonical's index */
	size_t	 next;		/* chain in the map, index + 1 */
};

/* Names to indexes. */
struct names {
	struct named	*v;
	size_t		 n, cap;
	size_t		*tab;		/* index + 1, chains through next */
	size_t		 tabcap;
};

struct quarter {
	struct cref	*refs;
	size_t		 n, cap;
	char		 created[32];	/* earliest created of its incidents */
	char		 modified[32];	/* latest modified of what it lists */
	int		 tlp;		/* most restrictive TLP rank */
	uint8_t		 att[NSTATES / 8 + 1];	/* states attributed */
	uint8_t		 vic[NSTATES / 8 + 1];	/* victim states */
	size_t		*actors, nactors, cactors;	/* indexes */
	size_t		*pubs, npubs, cpubs;
};

/* One claim relationship of an incident, before it is written. */
struct claimrel {
	char		 id[64];	/* "relationship--" and a UUID */
	const char	*source;	/* the incident */
	const char	*kind;		/* "attribution", "actor", "victim" */
	const char	*claimer;	/* publisher name */
	const char	*claimer_id;
	const char	*target;
	const char	*state;		/* attribution, victim: ISO code */
	const char	*actor;		/* actor: canonical name */
	const char	*hedge;		/* attribution */
	const char	*party;
	char		 created[32];
	char		 modified[32];
	int		 tlp;		/* rank */
};

struct xp {
	struct nw_store			*store;
	const struct nw_export_opts	*opts;
	struct nw_actors		*canon;		/* the store's canonical
							   actors */
	FILE				*out;
	struct nw_error			*err;
	struct nw_export_stats		 st;
	struct nw_buf			 obj;	/* the object being written */
	struct nw_jsonw			 w;
	size_t				 c_off, c_len, m_off, m_len;
	struct sha256_ctx		 bundle;
	int				 nobj;
	int				 failed;
	struct nw_stix_reader		*own;	/* earlier versions, or NULL */
	/* first seen, over the whole store */
	char				 att_first[NSTATES][32];
	char				 vic_first[NSTATES][32];
	struct names			 actors;	/* canonical names */
	struct names			 pubs;		/* publishers */
	/* what the exported incidents use */
	uint8_t				 att_used[NSTATES / 8 + 1];
	uint8_t				 vic_used[NSTATES / 8 + 1];
	uint8_t				*actor_used;	/* by index */
	uint8_t				*pub_used;
	size_t				 used_cap;
	struct quarter			*q[XP_YEARS * 4];
	/* incident ids that came with their incidents, to skip repeats */
	struct names			 xids;
	/* the ids of derived objects written, when kept objects follow */
	struct names			*written;
	struct claimrel			*rels;
	size_t				 nrels, crels;
	struct nw_buf			 outbuf;	/* bytes not yet written */
	struct nw_buf			 desc;		/* a claim's description */
	struct names			 raw;		/* actor names as written */
	char				*set_id[NSTATES];	/* cached ids */
	char				*vic_id[NSTATES];
};

/* --- small tools ----------------------------------------------------------- */

static int
bit_get(const uint8_t *b, size_t i)
{
	return (b[i / 8] >> (i % 8)) & 1;
}

static void
bit_set(uint8_t *b, size_t i)
{
	b[i / 8] |= (uint8_t)(1u << (i % 8));
}

static size_t
state_index(const char *c)
{
	return (size_t)(c[0] - 'A') * 26 + (size_t)(c[1] - 'A');
}

static void
state_code(size_t i, char out[3])
{
	out[0] = (char)('A' + i / 26);
	out[1] = (char)('A' + i % 26);
	out[2] = '\0';
}

static uint32_t
hash_bytes(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s != '\0')
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

/* The index of name, added when missing (add) or (size_t)-1. */
static size_t
names_find(struct names *m, const char *name, int add)
{
	size_t i, k, cap;
	uint32_t h = hash_bytes(name);

	if (m->tabcap > 0)
		for (i = m->tab[h & (m->tabcap - 1)]; i != 0;
		    i = m->v[i - 1].next)
			if (strcmp(m->v[i - 1].name, name) == 0)
				return i - 1;
	if (!add)
		return (size_t)-1;
	if (m->n == m->cap) {
		m->cap = m->cap == 0 ? 64 : m->cap * 2;
		m->v = xreallocarray(m->v, m->cap, sizeof(*m->v));
	}
	if (m->n + 1 > m->tabcap / 2) {
		cap = m->tabcap == 0 ? 128 : m->tabcap * 2;
		free(m->tab);
		m->tab = xcalloc(cap, sizeof(*m->tab));
		m->tabcap = cap;
		for (k = 0; k < m->n; k++) {
			uint32_t hk = hash_bytes(m->v[k].name) & (cap - 1);

			m->v[k].next = m->tab[hk];
			m->tab[hk] = k + 1;
		}
	}
	memset(&m->v[m->n], 0, sizeof(m->v[m->n]));
	m->v[m->n].name = xstrdup(name);
	m->v[m->n].next = m->tab[h & (m->tabcap - 1)];
	m->tab[h & (m->tabcap - 1)] = m->n + 1;
	return m->n++;
}

static void
names_free(struct names *m)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		free(m->v[i].name);
		free(m->v[i].id);
	}
	free(m->v);
	free(m->tab);
	memset(m, 0, sizeof(*m));
}

/* The later of two STIX timestamps into a ("" counts as earliest). */
static void
ts_max(char a[32], const char *b)
{
	if (b == NULL || b[0] == '\0')
		return;
	if (a[0] == '\0' || nw_stix_timestamp_cmp(b, a) > 0)
		nw_strlcpy(a, b, 32);
}

static void
ts_min(char a[32], const char *b)
{
	if (b == NULL || b[0] == '\0')
		return;
	if (a[0] == '\0' || nw_stix_timestamp_cmp(b, a) < 0)
		nw_strlcpy(a, b, 32);
}

/* A store time as a STIX timestamp; the epoch when it is not one. */
static void
ts_of(const char *store_time, char out[32])
{
	if (store_time == NULL || nw_stix_ts_ms(store_time, out) < 0)
		nw_strlcpy(out, NW_STIX_EPOCH, 32);
}

/* A content key joined from parts with NUL bytes between them. */
struct key {
	char	b[2048];
	size_t	n;
};

static void
key_start(struct key *k, const char *first)
{
	k->n = 0;
	k->b[0] = '\0';
	nw_strlcpy(k->b, first, sizeof(k->b));
	k->n = strlen(k->b);
}

static void
key_add(struct key *k, const char *part)
{
	size_t n = strlen(part);

	if (k->n + 1 + n >= sizeof(k->b))
		n = sizeof(k->b) - k->n - 2;
	k->b[k->n++] = '\0';
	memcpy(k->b + k->n, part, n);
	k->n += n;
	k->b[k->n] = '\0';
}

static const char *
derived(const char *type, const struct key *k, char out[NW_STIX_ID_MAX])
{
	return nw_stix_derived_id(type, k->b, k->n, out);
}

/*
 * The canonical actor name: the store's actor table's (actors feeds), else
 * refdata's for a known alias, else as written.
 */
static const char *
actor_canon(const struct xp *xp, const char *name)
{
	const struct nw_actor_ref *a;
	const struct nw_canon *c;

	if ((c = nw_actors_lookup(xp->canon, name, NULL, NULL)) != NULL)
		return c->name;
	if (xp->opts->ref != NULL &&
	    (a = nw_refdata_actor_by_name(xp->opts->ref, name)) != NULL)
		return a->name;
	return name;
}

static const char *
state_name(const struct xp *xp, const char *code)
{
	const struct nw_state *s;

	if (xp->opts->ref != NULL &&
	    (s = nw_refdata_state(xp->opts->ref, code)) != NULL &&
	    s->name != NULL && s->name[0] != '\0')
		return s->name;
	return code;
}

/* --- ids of the shared objects ------------------------------------------------ */

static const char *
id_location(struct xp *xp, const char *code, char out[NW_STIX_ID_MAX])
{
	struct key k;

	key_start(&k, "location");
	key_add(&k, code);
	key_add(&k, state_name(xp, code));
	return derived("location", &k, out);
}

static const char *
id_state_actor(struct xp *xp, const char *code, char out[NW_STIX_ID_MAX])
{
	struct key k;

	key_start(&k, "threat-actor/state");
	key_add(&k, code);
	key_add(&k, state_name(xp, code));
	return derived("threat-actor", &k, out);
}

static const char *
id_state_set(struct xp *xp, const char *code, char out[NW_STIX_ID_MAX])
{
	struct key k;

	key_start(&k, "intrusion-set/state");
	key_add(&k, code);
	key_add(&k, state_name(xp, code));
	return derived("intrusion-set", &k, out);
}

static const char *
id_victims(struct xp *xp, const char *code, char out[NW_STIX_ID_MAX])
{
	struct key k;

	key_start(&k, "identity/victims");
	key_add(&k, code);
	key_add(&k, state_name(xp, code));
	return derived("identity", &k, out);
}

static const char *
id_actor(const char *canon, char out[NW_STIX_ID_MAX])
{
	struct key k;

	key_start(&k, "intrusion-set/actor");
	key_add(&k, canon);
	return derived("intrusion-set", &k, out);
}

static const char *
id_publisher(const char *name, char out[NW_STIX_ID_MAX])
{
	struct key k;

	key_start(&k, "identity/publisher");
	key_add(&k, name);
	return derived("identity", &k, out);
}

static const char *
id_rel(const char *src, const char *type, const char *dst,
    char out[NW_STIX_ID_MAX])
{
	struct key k;

	key_start(&k, "relationship");
	key_add(&k, src);
	key_add(&k, type);
	key_add(&k, dst);
	return derived("relationship", &k, out);
}

/* --- writing objects ------------------------------------------------------ */

typedef void (*write_fn)(struct xp *, const void *arg, const char *created,
    const char *modified);

/* created and modified, recording where their values are. */
static void
w_created(struct xp *xp, const char *ts)
{
	KEY(xp, "created");
	xp->c_off = xp->w.out->len;
	nw_jsonw_str(&xp->w, ts);
	xp->c_len = xp->w.out->len - xp->c_off;
}

static void
w_modified(struct xp *xp, const char *ts)
{
	KEY(xp, "modified");
	xp->m_off = xp->w.out->len;
	nw_jsonw_str(&xp->w, ts);
	xp->m_len = xp->w.out->len - xp->m_off;
}

static void
w_marking(struct xp *xp, int tlp)
{
	const struct nw_stix_tlp *t = nw_stix_tlp_by_level(2,
	    nw_stix_tlp_levels[tlp >= 0 && tlp < 5 ? tlp : 0]);

	KEY(xp, "object_marking_refs");
	nw_jsonw_arr_begin(&xp->w);
	nw_jsonw_str(&xp->w, t != NULL ? t->id : NW_STIX_TLP2_CLEAR);
	nw_jsonw_arr_end(&xp->w);
}

/* The trailing common properties of every object normwatch derives. */
static void
w_tail(struct xp *xp, const char *type)
{
	KSTR(xp, "spec_version", "2.1");
	KSTR(xp, "type", type);
}

/* The output failed. */
static int
xp_io(struct xp *xp)
{
	if (!xp->failed) {
		nw_error_set(xp->err, NW_E_IO, "cannot write the bundle: %s",
		    strerror(errno));
		xp->failed = 1;
	}
	return -1;
}

/* Write what the output buffer holds. */
static int
flush_out(struct xp *xp)
{
	if (xp->outbuf.len > 0 && fwrite(xp->outbuf.data, 1, xp->outbuf.len,
	    xp->out) != xp->outbuf.len)
		return xp_io(xp);
	nw_buf_reset(&xp->outbuf);
	return 0;
}

/* Copy bytes out, through a buffer of XP_OUT_CHUNK bytes. */
static int
put_out(struct xp *xp, const void *p, size_t n)
{
	if (xp->outbuf.len + n > XP_OUT_CHUNK && flush_out(xp) == -1)
		return -1;
	if (n >= XP_OUT_CHUNK) {
		if (fwrite(p, 1, n, xp->out) != n)
			return xp_io(xp);
		return 0;
	}
	if (nw_buf_add(&xp->outbuf, p, n) == -1)
		return xp_io(xp);
	return 0;
}

/*
 * Write an object (its complete text) to the bundle.  The bundle's id is
 * a hash of what it holds: of each object's id and version (modified, or
 * the text itself when it has none), which 3.6 says stand for its content.
 */
static int
put_object(struct xp *xp, const char *json, size_t len, const char *id,
    const char *modified)
{
	if (xp->nobj > 0 && put_out(xp, ",\n", 2) == -1)
		return -1;
	if (put_out(xp, json, len) == -1)
		return -1;
	sha256_update(&xp->bundle, strlen(id) + 1, (const uint8_t *)id);
	if (modified != NULL && modified[0] != '\0')
		sha256_update(&xp->bundle, strlen(modified),
		    (const uint8_t *)modified);
	else
		sha256_update(&xp->bundle, len, (const uint8_t *)json);
	sha256_update(&xp->bundle, 1, (const uint8_t *)"\n");
	xp->nobj++;
	xp->st.objects++;
	return 0;
}

static void
build(struct xp *xp, write_fn fn, const void *arg, const char *created,
    const char *modified)
{
	nw_buf_reset(&xp->obj);
	nw_jsonw_init(&xp->w, &xp->obj);
	xp->c_off = xp->c_len = xp->m_off = xp->m_len = 0;
	fn(xp, arg, created, modified);
}

/*
 * Without earlier versions to compare with, an object is written straight
 * into the output buffer: one copy less.
 */
static int
emit_direct(struct xp *xp, const char *id, write_fn fn, const void *arg,
    const char *c, const char *m, char *oc, char *om)
{
	const char *why;

	if (xp->nobj > 0 && put_out(xp, ",\n", 2) == -1)
		return -1;
	nw_jsonw_init(&xp->w, &xp->outbuf);
	fn(xp, arg, c, m);
	if (nw_jsonw_done(&xp->w, &why) == -1) {
		nw_error_set(xp->err, NW_E_INTERNAL, "object %s: %s", id, why);
		xp->failed = 1;
		return -1;
	}
	sha256_update(&xp->bundle, strlen(id) + 1, (const uint8_t *)id);
	sha256_update(&xp->bundle, strlen(m), (const uint8_t *)m);
	sha256_update(&xp->bundle, 1, (const uint8_t *)"\n");
	xp->nobj++;
	xp->st.objects++;
	if (xp->written != NULL)
		names_find(xp->written, id, 1);
	if (oc != NULL)
		nw_strlcpy(oc, c, 32);
	if (om != NULL)
		nw_strlcpy(om, m, 32);
	if (xp->outbuf.len >= XP_OUT_CHUNK)
		return flush_out(xp);
	return 0;
}

/*
 * Write one derived object: built by fn with the timestamps the store
 * gives (created, modified), those of an earlier version that came back
 * when there is one.  The timestamps written go to oc and om (may be NULL).
 */
static int
emit(struct xp *xp, const char *id, write_fn fn, const void *arg,
    const char *created, const char *modified, char *oc, char *om)
{
	char c[32], m[32], rc[32], rm[32], rh[65], h[65], next[32];
	const char *why;
	int found = 0;

	nw_strlcpy(c, created, sizeof(c));
	nw_strlcpy(m, modified, sizeof(m));
	ts_max(m, c);
	if (xp->own == NULL)
		return emit_direct(xp, id, fn, arg, c, m, oc, om);
	build(xp, fn, arg, c, m);
	if (xp->own != NULL) {
		if (nw_store_stix_own(xp->own, id, &found, rc, rm, rh,
		    xp->err) == -1) {
			xp->failed = 1;
			return -1;
		}
	}
	if (found) {
		nw_stix_blanked_hash(xp->obj.data, xp->obj.len, xp->c_off,
		    xp->c_len, xp->m_off, xp->m_len, h);
		nw_strlcpy(c, rc, sizeof(c));
		if (strcmp(h, rh) == 0)
			nw_strlcpy(m, rm, sizeof(m));
		else if (nw_stix_ts_next_ms(rm, next) == 0)
			ts_max(m, next);	/* a new version after it */
		ts_max(m, c);
		build(xp, fn, arg, c, m);
	}
	if (nw_jsonw_done(&xp->w, &why) == -1) {
		nw_error_set(xp->err, NW_E_INTERNAL, "object %s: %s", id, why);
		xp->failed = 1;
		return -1;
	}
	if (xp->written != NULL)
		names_find(xp->written, id, 1);
	if (oc != NULL)
		nw_strlcpy(oc, c, 32);
	if (om != NULL)
		nw_strlcpy(om, m, 32);
	return put_object(xp, xp->obj.data, xp->obj.len, id, m);
}

/* --- the quarters ------------------------------------------------------------ */

static struct quarter *
quarter_get(struct xp *xp, int key)
{
	int i = key - XP_FIRST_YEAR * 4;

	if (i < 0 || i >= XP_YEARS * 4)
		return NULL;
	if (xp->q[i] == NULL)
		xp->q[i] = xcalloc(1, sizeof(*xp->q[i]));
	return xp->q[i];
}

static int
hexv(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The 16 bytes of a UUID's text; -1 when it is not one. */
static int
uuid_bytes(const char *s, uint8_t u[16])
{
	size_t i, k = 0;
	int h, l;

	for (i = 0; i < 16; i++) {
		if (k == 8 || k == 13 || k == 18 || k == 23) {
			if (s[k] != '-')
				return -1;
			k++;
		}
		h = hexv((unsigned char)s[k]);
		l = h < 0 ? -1 : hexv((unsigned char)s[k + 1]);
		if (l < 0)
			return -1;
		u[i] = (uint8_t)(h << 4 | l);
		k += 2;
	}
	return s[k] == '\0' ? 0 : -1;
}

static void
quarter_ref(struct quarter *q, const char *id)
{
	const char *sep = strstr(id, "--");
	size_t tl, i;

	if (sep == NULL)
		return;
	tl = (size_t)(sep - id);
	for (i = 0; i < CT_COUNT; i++)
		if (ctype_len[i] == tl && memcmp(ctype_name[i], id, tl) == 0)
			break;
	if (i == CT_COUNT)
		return;
	if (q->n == q->cap) {
		q->cap = q->cap == 0 ? 256 : q->cap * 2;
		q->refs = xreallocarray(q->refs, q->cap, sizeof(*q->refs));
	}
	q->refs[q->n].type = (uint8_t)i;
	if (uuid_bytes(sep + 2, q->refs[q->n].u) == -1)
		return;
	q->n++;
}

static void
idx_add(size_t **v, size_t *n, size_t *cap, size_t i)
{
	if (*n > 0 && (*v)[*n - 1] == i)
		return;
	if (*n == *cap) {
		*cap = *cap == 0 ? 16 : *cap * 2;
		*v = xreallocarray(*v, *cap, sizeof(**v));
	}
	(*v)[(*n)++] = i;
}

static int
cref_cmp(const void *a, const void *b)
{
	const struct cref *x = a, *y = b;

	if (x->type != y->type)
		return x->type < y->type ? -1 : 1;
	return memcmp(x->u, y->u, sizeof(x->u));
}

static int
size_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/* --- fixed objects ------------------------------------------------------------ */

static int
emit_fixed(struct xp *xp)
{
	size_t i;

	for (i = 0; nw_stix_fixed_objects[i] != NULL; i++)
		if (put_object(xp, nw_stix_fixed_objects[i],
		    strlen(nw_stix_fixed_objects[i]), nw_stix_fixed_ids[i],
		    NULL) == -1)
			return -1;
	return 0;
}

/* --- incidents ---------------------------------------------------------------- */

/* What writing an incident needs besides the store's record. */
struct incw {
	const struct nw_export_incident	*inc;
	const char			*id;
	struct nw_date			 date;
	int				 tlp;
	const char			*name;
};

/* The publisher a report's claims are made by. */
static const char *
report_publisher(const struct nw_export_report *r)
{
	if (r->has_origin && r->origin.publisher != NULL)
		return r->origin.publisher;
	if (r->row.publisher != NULL)
		return r->row.publisher;
	return r->row.source;
}

/* TLP rank of one report: its source's, or its own markings' if higher. */
static int
report_tlp(const struct nw_export_report *r)
{
	int a = nw_stix_tlp_rank(r->tlp), b = -1;

	if (r->has_origin)
		b = nw_stix_tlp_rank(r->origin.tlp);
	if (a < 0)
		a = 0;
	return b > a ? b : a;
}

/*
 * A name for an incident without a title: its text to the end of the
 * first sentence, or cut at a word within XP_NAME_MAX bytes.
 */
static const char *
incident_name(struct nw_arena *a, const struct nw_export_report *r,
    const char *key)
{
	const char *t = r->row.text;
	size_t n = r->row.textlen, i, cut = 0;

	if (r->row.title != NULL && r->row.title[0] != '\0')
		return r->row.title;
	while (n > 0 && (*t == ' ' || *t == '\n')) {
		t++;
		n--;
	}
	/* a leading date marker ("May 2022.", "April 2024:") is no name */
	for (i = 0; i < n && i < XP_DATE_MARKER; i++) {
		if ((t[i] == '.' || t[i] == ':') && i + 1 < n &&
		    t[i + 1] == ' ' && i >= 4 && t[i - 1] >= '0' &&
		    t[i - 1] <= '9' && t[i - 4] >= '0' && t[i - 4] <= '9') {
			t += i + 2;
			n -= i + 2;
			break;
		}
	}
	if (n == 0)
		return nw_arena_printf(a, "Incident %s", key);
	for (i = 0; i < n && i < XP_NAME_MAX; i++) {
		if (t[i] == '.' && (i + 1 == n || t[i + 1] == ' ' ||
		    t[i + 1] == '\n'))
			return nw_arena_strndup(a, t, i + 1);
		if (t[i] == ' ' || t[i] == '\n')
			cut = i;
	}
	if (n <= XP_NAME_MAX)
		return nw_arena_strndup(a, t, n);
	if (cut == 0) {
		cut = XP_NAME_MAX;
		while (cut > 0 && ((unsigned char)t[cut] & 0xc0) == 0x80)
			cut--;
	}
	return nw_arena_printf(a, "%.*s\xe2\x80\xa6", (int)cut, t);
}

/* One evidence object of a span of report ri's text. */
static void
w_evidence(struct xp *xp, const struct nw_export_incident *inc, size_t ri,
    uint32_t off, uint32_t len)
{
	const struct nw_export_report *r = &inc->reports[ri];
	size_t n = len;

	KEY(xp, "evidence");
	nw_jsonw_obj_begin(&xp->w);
	KINT(xp, "length", len);
	KINT(xp, "offset", off);
	KINT(xp, "report", (long long)ri);
	if ((uint64_t)off + len <= r->row.textlen) {
		if (n > XP_EVIDENCE_MAX) {
			n = XP_EVIDENCE_MAX;
			while (n > 0 && ((unsigned char)r->row.text[off + n] &
			    0xc0) == 0x80)
				n--;
		}
		KEY(xp, "text");
		nw_jsonw_strn(&xp->w, r->row.text + off, n);
	}
	nw_jsonw_obj_end(&xp->w);
}

static const char *
claimer_of(const struct nw_export_report *r, const char *const *by,
    size_t i)
{
	if (r->has_origin && by[i] != NULL)
		return by[i];
	return report_publisher(r);
}

/* Every claim of an incident, for its attribution summary. */
static void
incident_claims(struct xp *xp, const struct nw_export_incident *inc,
    struct nw_arena *a, struct nw_claim **cp, size_t *np)
{
	const struct nw_export_report *r;
	const struct nw_canon *cn;
	struct nw_claim *c;
	size_t ri, i, n = 0;

	for (ri = 0; ri < inc->nreports; ri++)
		n += inc->reports[ri].row.ex.nattr +
		    inc->reports[ri].row.ex.nactors;
	*cp = c = nw_arena_alloc(a, (n > 0 ? n : 1) * sizeof(*c));
	*np = n;
	for (ri = 0; ri < inc->nreports; ri++) {
		r = &inc->reports[ri];
		for (i = 0; i < r->row.ex.nattr; i++, c++) {
			c->source = claimer_of(r, r->origin.attr_by, i);
			c->feed = r->row.source;
			c->report = (int64_t)ri;
			c->native_id = r->row.native_id;
			c->date = r->row.date;
			memcpy(c->state, r->row.ex.attr[i].state, 3);
			c->hedge = r->row.ex.attr[i].hedge;
			c->party = r->row.ex.attr[i].by;
		}
		for (i = 0; i < r->row.ex.nactors; i++, c++) {
			c->source = claimer_of(r, r->origin.actor_by, i);
			c->feed = r->row.source;
			c->report = (int64_t)ri;
			c->native_id = r->row.native_id;
			c->date = r->row.date;
			c->actor = r->row.ex.actors[i].name;
			cn = nw_actors_lookup(xp->canon, c->actor, NULL, NULL);
			if (cn != NULL) {
				c->actor_id = cn->id;
				c->actor_name = cn->name;
				memcpy(c->actor_state, cn->state, 3);
			}
		}
	}
}

/*
 * The attribution summary (consensus.h): the verdict, how many claimants,
 * and each state and actor with the claims behind it.
 */
static void
w_summary(struct xp *xp, const struct nw_export_incident *inc)
{
	struct nw_arena *a = nw_arena_new();
	struct nw_claim *claims;
	struct nw_summary sum;
	const struct nw_side *sd;
	size_t n, i, k;

	incident_claims(xp, inc, a, &claims, &n);
	nw_summarize(claims, n, a, &sum);
	KEY(xp, "attribution_summary");
	nw_jsonw_obj_begin(&xp->w);
	if (sum.nactors > 0) {
		KEY(xp, "actors");
		nw_jsonw_arr_begin(&xp->w);
		for (i = 0; i < sum.nactors; i++) {
			sd = &sum.actors[i];
			nw_jsonw_obj_begin(&xp->w);
			KSTR(xp, "actor", actor_canon(xp, sd->actor));
			if (sd->actor_id != NULL)
				KSTR(xp, "actor_id", sd->actor_id);
			KEY(xp, "claims");
			nw_jsonw_arr_begin(&xp->w);
			for (k = 0; k < sd->nclaims; k++) {
				nw_jsonw_obj_begin(&xp->w);
				KSTR(xp, "claimed_by", sd->claims[k]->source);
				KSTR(xp, "name", sd->claims[k]->actor);
				KINT(xp, "report", (long long)sd->claims[k]->report);
				nw_jsonw_obj_end(&xp->w);
			}
			nw_jsonw_arr_end(&xp->w);
			if (sd->actor_state[0] != '\0')
				KSTR(xp, "state", sd->actor_state);
			KINT(xp, "support", (long long)sd->support);
			nw_jsonw_obj_end(&xp->w);
		}
		nw_jsonw_arr_end(&xp->w);
	}
	KSTR(xp, "category", nw_verdict_name(sum.verdict));
	KINT(xp, "claimants", (long long)sum.claimants);
	if (sum.nstates > 0) {
		KEY(xp, "states");
		nw_jsonw_arr_begin(&xp->w);
		for (i = 0; i < sum.nstates; i++) {
			sd = &sum.states[i];
			nw_jsonw_obj_begin(&xp->w);
			KEY(xp, "claims");
			nw_jsonw_arr_begin(&xp->w);
			for (k = 0; k < sd->nclaims; k++) {
				nw_jsonw_obj_begin(&xp->w);
				KSTR(xp, "claimed_by", sd->claims[k]->source);
				KSTR(xp, "hedge",
				    nw_hedge_name(sd->claims[k]->hedge));
				KSTR(xp, "party",
				    nw_party_name(sd->claims[k]->party));
				KINT(xp, "report", (long long)sd->claims[k]->report);
				nw_jsonw_obj_end(&xp->w);
			}
			nw_jsonw_arr_end(&xp->w);
			KEY(xp, "leading");
			nw_jsonw_bool(&xp->w, sd->leading);
			KSTR(xp, "state", sd->state);
			KINT(xp, "support", (long long)sd->support);
			nw_jsonw_obj_end(&xp->w);
		}
		nw_jsonw_arr_end(&xp->w);
	}
	nw_jsonw_obj_end(&xp->w);
	nw_arena_free(a);
}

/*
 * The reports of an incident of several, each as its source tells it
 * (date, text, title, sponsorship, sectors; the first one's text is the
 * incident's description), so that the stix kind can read them back one
 * by one.  Their sources are the external references, in the same order.
 */
static void
w_reports(struct xp *xp, const struct nw_export_incident *inc)
{
	const struct nw_export_report *r;
	char date[16];
	size_t ri, i;

	KEY(xp, "reports");
	nw_jsonw_arr_begin(&xp->w);
	for (ri = 0; ri < inc->nreports; ri++) {
		r = &inc->reports[ri];
		nw_jsonw_obj_begin(&xp->w);
		if (r->row.date.prec != NW_PREC_NONE) {
			nw_date_format(&r->row.date, date);
			KSTR(xp, "date", date);
			KSTR(xp, "date_precision",
			    nw_prec_name(r->row.date.prec));
		}
		KSTR(xp, "sponsorship", nw_sponsor_name(r->row.ex.sponsorship));
		if (ri > 0) {
			KEY(xp, "text");
			nw_jsonw_strn(&xp->w, r->row.text, r->row.textlen);
			if (r->row.title != NULL)
				KSTR(xp, "title", r->row.title);
		}
		if (r->row.ex.sectors != 0) {
			KEY(xp, "victim_sectors");
			nw_jsonw_arr_begin(&xp->w);
			for (i = 0; i < NW_SECTOR_COUNT; i++)
				if (r->row.ex.sectors & (1u << i))
					nw_jsonw_str(&xp->w,
					    nw_sector_name((enum nw_sector)i));
			nw_jsonw_arr_end(&xp->w);
		}
		nw_jsonw_obj_end(&xp->w);
	}
	nw_jsonw_arr_end(&xp->w);
}

/* normwatch's extension of an incident. */
static void
w_nw_incident(struct xp *xp, const struct incw *iw)
{
	const struct nw_export_incident *inc = iw->inc;
	const struct nw_export_report *r;
	enum nw_sponsor sp = NW_SPONSOR_UNKNOWN;
	uint32_t sectors = 0;
	char date[16];
	size_t ri, i, k, n;

	nw_jsonw_obj_begin(&xp->w);
	for (n = 0, ri = 0; ri < inc->nreports; ri++)
		n += inc->reports[ri].row.ex.nactors;
	if (n > 0) {
		KEY(xp, "actors");
		nw_jsonw_arr_begin(&xp->w);
		for (ri = 0; ri < inc->nreports; ri++) {
			r = &inc->reports[ri];
			for (i = 0; i < r->row.ex.nactors; i++) {
				const struct nw_actor *a = &r->row.ex.actors[i];

				nw_jsonw_obj_begin(&xp->w);
				KSTR(xp, "claimed_by",
				    claimer_of(r, r->origin.actor_by, i));
				if (a->ev.len > 0)
					w_evidence(xp, inc, ri, a->ev.off,
					    a->ev.len);
				KSTR(xp, "name", a->name);
				if (inc->nreports > 1)
					KINT(xp, "report", (long long)ri);
				nw_jsonw_obj_end(&xp->w);
			}
		}
		nw_jsonw_arr_end(&xp->w);
	}
	for (n = 0, ri = 0; ri < inc->nreports; ri++)
		n += inc->reports[ri].row.ex.nattr;
	if (n > 0) {
		KEY(xp, "attribution");
		nw_jsonw_arr_begin(&xp->w);
		for (ri = 0; ri < inc->nreports; ri++) {
			r = &inc->reports[ri];
			for (i = 0; i < r->row.ex.nattr; i++) {
				const struct nw_attribution *a =
				    &r->row.ex.attr[i];

				nw_jsonw_obj_begin(&xp->w);
				KSTR(xp, "claimed_by",
				    claimer_of(r, r->origin.attr_by, i));
				if (a->ev.len > 0)
					w_evidence(xp, inc, ri, a->ev.off,
					    a->ev.len);
				KSTR(xp, "hedge",
				    nw_hedge_name(a->hedge));
				KSTR(xp, "party",
				    nw_party_name(a->by));
				if (inc->nreports > 1)
					KINT(xp, "report", (long long)ri);
				KSTR(xp, "state", a->state);
				nw_jsonw_obj_end(&xp->w);
			}
		}
		nw_jsonw_arr_end(&xp->w);
	}
	w_summary(xp, inc);
	if (iw->date.prec != NW_PREC_NONE) {
		nw_date_format(&iw->date, date);
		KSTR(xp, "date", date);
		KSTR(xp, "date_precision",
		    nw_prec_name(iw->date.prec));
	}
	KSTR(xp, "extension_type", "property-extension");
	if (inc->nfindings > 0) {
		KEY(xp, "findings");
		nw_jsonw_arr_begin(&xp->w);
		for (i = 0; i < inc->nfindings; i++) {
			const struct nw_finding_rec *f = &inc->findings[i];

			nw_jsonw_obj_begin(&xp->w);
			KINT(xp, "confidence", f->confidence);
			if (f->nev > 0) {
				KEY(xp, "evidence");
				nw_jsonw_arr_begin(&xp->w);
				for (k = 0; k < f->nev; k++) {
					const struct nw_evidence_rec *e =
					    &f->ev[k];

					nw_jsonw_obj_begin(&xp->w);
					KSTR(xp, "kind", e->kind);
					KINT(xp, "length", e->len);
					KINT(xp, "offset", e->off);
					for (ri = 0; ri < inc->nreports; ri++)
						if (inc->reports[ri].row.id ==
						    e->report_id)
							break;
					if (ri < inc->nreports)
						KINT(xp, "report",
						    (long long)ri);
					KSTR(xp, "source",
					    e->source);
					KSTR(xp, "text", e->text);
					nw_jsonw_obj_end(&xp->w);
				}
				nw_jsonw_arr_end(&xp->w);
			}
			KSTR(xp, "framework", f->framework);
			KSTR(xp, "principle", f->principle);
			KSTR(xp, "rule", f->rule);
			nw_jsonw_obj_end(&xp->w);
		}
		nw_jsonw_arr_end(&xp->w);
	}
	if (inc->nobservance > 0) {
		KEY(xp, "observance");
		nw_jsonw_arr_begin(&xp->w);
		for (i = 0; i < inc->nobservance; i++) {
			nw_jsonw_obj_begin(&xp->w);
			KSTR(xp, "role", inc->observance[i].role);
			KSTR(xp, "state",
			    inc->observance[i].state);
			KSTR(xp, "supporter",
			    inc->observance[i].supporter);
			nw_jsonw_obj_end(&xp->w);
		}
		nw_jsonw_arr_end(&xp->w);
	}
	if (inc->nreports > 1)
		w_reports(xp, inc);
	if (inc->rules_version != NULL)
		KSTR(xp, "rules_version", inc->rules_version);
	for (ri = 0; ri < inc->nreports; ri++) {
		r = &inc->reports[ri];
		if (r->row.ex.sponsorship == NW_SPONSOR_STATE)
			sp = NW_SPONSOR_STATE;
		else if (r->row.ex.sponsorship == NW_SPONSOR_NONSTATE &&
		    sp == NW_SPONSOR_UNKNOWN)
			sp = NW_SPONSOR_NONSTATE;
		sectors |= r->row.ex.sectors;
	}
	KSTR(xp, "sponsorship", nw_sponsor_name(sp));
	if (sectors != 0) {
		KEY(xp, "victim_sectors");
		nw_jsonw_arr_begin(&xp->w);
		for (i = 0; i < NW_SECTOR_COUNT; i++)
			if (sectors & (1u << i))
				nw_jsonw_str(&xp->w,
				    nw_sector_name((enum nw_sector)i));
		nw_jsonw_arr_end(&xp->w);
	}
	for (n = 0, ri = 0; ri < inc->nreports; ri++)
		n += inc->reports[ri].row.ex.nvictims;
	if (n > 0) {
		KEY(xp, "victims");
		nw_jsonw_arr_begin(&xp->w);
		for (ri = 0; ri < inc->nreports; ri++) {
			r = &inc->reports[ri];
			for (i = 0; i < r->row.ex.nvictims; i++) {
				nw_jsonw_obj_begin(&xp->w);
				KSTR(xp, "claimed_by",
				    claimer_of(r, r->origin.victim_by, i));
				if (inc->nreports > 1)
					KINT(xp, "report", (long long)ri);
				KSTR(xp, "state",
				    r->row.ex.victims[i]);
				nw_jsonw_obj_end(&xp->w);
			}
		}
		nw_jsonw_arr_end(&xp->w);
	}
	nw_jsonw_obj_end(&xp->w);
}

/* The reference to where one report came from. */
static void
w_extref(struct xp *xp, const struct nw_export_report *r)
{
	const char *url = r->row.url, *sha = NULL;

	if (r->has_origin && r->origin.url_sha256 != NULL)
		sha = r->origin.url_sha256;
	else if (r->document != NULL) {
		/* the document's hash: of the feed's URL */
		url = r->source_url;
		sha = r->document;
	}
	nw_jsonw_obj_begin(&xp->w);
	KSTR(xp, "external_id", r->has_origin &&
	    r->origin.external_id != NULL ? r->origin.external_id :
	    r->row.native_id);
	if (sha != NULL && url != NULL) {
		KEY(xp, "hashes");
		nw_jsonw_obj_begin(&xp->w);
		KSTR(xp, "SHA-256", sha);
		nw_jsonw_obj_end(&xp->w);
	}
	KSTR(xp, "source_name", report_publisher(r));
	if (sha != NULL && url != NULL)
		KSTR(xp, "url", url);
	nw_jsonw_obj_end(&xp->w);
}

static void
write_incident(struct xp *xp, const void *arg, const char *created,
    const char *modified)
{
	const struct incw *iw = arg;
	const struct nw_export_incident *inc = iw->inc;
	const struct nw_export_report *r0 = &inc->reports[0], *o = NULL;
	size_t ri;

	for (ri = 0; ri < inc->nreports && o == NULL; ri++)
		if (inc->reports[ri].has_origin)
			o = &inc->reports[ri];
	nw_jsonw_obj_begin(&xp->w);
	w_created(xp, created);
	KSTR(xp, "created_by_ref", NW_STIX_IDENTITY);
	if (r0->row.textlen > 0) {
		KEY(xp, "description");
		nw_jsonw_strn(&xp->w, r0->row.text, r0->row.textlen);
	}
	/* NW_STIX_EXT_NORMWATCH ("...--7") sorts before the Incident Core */
	KEY(xp, "extensions");
	nw_jsonw_obj_begin(&xp->w);
	nw_jsonw_key(&xp->w, NW_STIX_EXT_NORMWATCH);
	w_nw_incident(xp, iw);
	nw_jsonw_key(&xp->w, NW_STIX_EXT_INCIDENT_CORE);
	nw_jsonw_obj_begin(&xp->w);
	KSTR(xp, "determination", o != NULL &&
	    o->origin.determination != NULL ? o->origin.determination :
	    "confirmed");
	KSTR(xp, "extension_type", "property-extension");
	KSTR(xp, "investigation_status", o != NULL &&
	    o->origin.investigation_status != NULL ?
	    o->origin.investigation_status : "open");
	nw_jsonw_obj_end(&xp->w);
	nw_jsonw_obj_end(&xp->w);
	/* "extensions" < "external_references": 'n' < 'r' */
	KEY(xp, "external_references");
	nw_jsonw_arr_begin(&xp->w);
	for (ri = 0; ri < inc->nreports; ri++)
		w_extref(xp, &inc->reports[ri]);
	nw_jsonw_arr_end(&xp->w);
	KSTR(xp, "id", iw->id);
	w_modified(xp, modified);
	KSTR(xp, "name", iw->name);
	w_marking(xp, iw->tlp);
	w_tail(xp, "incident");
	nw_jsonw_obj_end(&xp->w);
}

/* Who makes a claim, in words. */
static const char *
party_words(const char *party)
{
	if (strcmp(party, "government") == 0)
		return "a government";
	if (strcmp(party, "vendor") == 0)
		return "a security vendor";
	if (strcmp(party, "self") == 0)
		return "the actor itself";
	if (strcmp(party, "media") == 0)
		return "the media";
	return "an unspecified party";
}

/* A claim relationship. */
static void
write_claim(struct xp *xp, const void *arg, const char *created,
    const char *modified)
{
	const struct claimrel *c = arg;
	struct nw_buf *d = &xp->desc;
	const char *what;
	int ok;

	nw_jsonw_obj_begin(&xp->w);
	if (c->hedge != NULL)
		KINT(xp, "confidence",
		    nw_stix_claim_confidence(c->hedge, c->party));
	w_created(xp, created);
	KSTR(xp, "created_by_ref", c->claimer_id);
	/* pieces, not printf: this runs once per claim */
	nw_buf_reset(d);
	ok = nw_buf_adds(d, c->claimer);
	if (strcmp(c->kind, "attribution") == 0)
		ok |= nw_buf_adds(d, " attributes the incident to ") |
		    nw_buf_adds(d, state_name(xp, c->state)) |
		    nw_buf_adds(d, " (") | nw_buf_adds(d, c->hedge) |
		    nw_buf_adds(d, "; the claim is made by ") |
		    nw_buf_adds(d, party_words(c->party)) |
		    nw_buf_adds(d, ").");
	else if (strcmp(c->kind, "actor") == 0)
		ok |= nw_buf_adds(d, " names ") | nw_buf_adds(d, c->actor) |
		    nw_buf_adds(d, " as behind the incident.");
	else
		ok |= nw_buf_adds(d, " reports ") |
		    nw_buf_adds(d, state_name(xp, c->state)) |
		    nw_buf_adds(d, " as a victim of the incident.");
	KEY(xp, "description");
	if (ok == 0)
		nw_jsonw_strn(&xp->w, d->data, d->len);
	else
		nw_jsonw_str(&xp->w, "A claim about the incident.");
	KEY(xp, "extensions");
	nw_jsonw_obj_begin(&xp->w);
	nw_jsonw_key(&xp->w, NW_STIX_EXT_NORMWATCH);
	nw_jsonw_obj_begin(&xp->w);
	if (c->actor != NULL)
		KSTR(xp, "actor", c->actor);
	KSTR(xp, "claim", c->kind);
	KSTR(xp, "extension_type", "property-extension");
	if (c->hedge != NULL) {
		KSTR(xp, "hedge", c->hedge);
		KSTR(xp, "party", c->party);
	}
	if (c->state != NULL)
		KSTR(xp, "state", c->state);
	nw_jsonw_obj_end(&xp->w);
	nw_jsonw_obj_end(&xp->w);
	KSTR(xp, "id", c->id);
	w_modified(xp, modified);
	w_marking(xp, c->tlp);
	what = strcmp(c->kind, "victim") == 0 ? "targets" : "attributed-to";
	KSTR(xp, "relationship_type", what);
	KSTR(xp, "source_ref", c->source);
	KSTR(xp, "spec_version", "2.1");
	KSTR(xp, "target_ref", c->target);
	KSTR(xp, "type", "relationship");
	nw_jsonw_obj_end(&xp->w);
}

/* --- selection ------------------------------------------------------------- */

static int
full_export(const struct nw_export_opts *o)
{
	return o->quarter == 0 && o->since.prec == NW_PREC_NONE;
}

static int
last_day(int y, int m)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
		return 29;
	return mdays[m - 1];
}

/* y-m-d as one number, for comparisons. */
static long
day_num(int y, int m, int d)
{
	return (long)y * 10000 + m * 100 + d;
}

/* Is an incident of this date in the export? */
static int
selected(const struct nw_export_opts *o, const struct nw_date *d)
{
	long end;

	if (full_export(o))
		return 1;
	if (o->quarter != 0)
		return d->prec >= NW_PREC_MONTH && d->y == o->year &&
		    (d->m - 1) / 3 + 1 == o->quarter;
	/* --since: the date's range reaches the day */
	switch (d->prec) {
	case NW_PREC_YEAR:
		end = day_num(d->y, 12, 31);
		break;
	case NW_PREC_MONTH:
		end = day_num(d->y, d->m, last_day(d->y, d->m));
		break;
	case NW_PREC_DAY:
		end = day_num(d->y, d->m, d->d);
		break;
	default:
		return 0;
	}
	return end >= day_num(o->since.y, o->since.m, o->since.d);
}

/* Does the export hold the report of quarter key (year * 4 + q - 1)? */
static int
quarter_reported(const struct nw_export_opts *o, int key)
{
	int y = key / 4, q = key % 4;

	if (full_export(o))
		return 1;
	if (o->quarter != 0)
		return y == o->year && q + 1 == o->quarter;
	return day_num(y, q * 3 + 1, 1) >=
	    day_num(o->since.y, o->since.m, o->since.d);
}

int
nw_export_parse_quarter(const char *s, int *year, int *quarter)
{
	long long y;
	char ys[5];

	if (s == NULL || strlen(s) != 6 || (s[4] != 'Q' && s[4] != 'q') ||
	    s[5] < '1' || s[5] > '4')
		return -1;
	memcpy(ys, s, 4);
	ys[4] = '\0';
	if (nw_parse_ll(ys, XP_FIRST_YEAR + 1, XP_FIRST_YEAR + XP_YEARS - 1,
	    &y) == -1)
		return -1;
	*year = (int)y;
	*quarter = s[5] - '0';
	return 0;
}

/* --- incidents and their claims ------------------------------------------------ */

static void
used_grow(struct xp *xp)
{
	size_t need = xp->actors.n > xp->pubs.n ? xp->actors.n : xp->pubs.n;

	if (need <= xp->used_cap)
		return;
	need = need * 2 + 64;
	xp->actor_used = realloc(xp->actor_used, need);
	xp->pub_used = realloc(xp->pub_used, need);
	if (xp->actor_used == NULL || xp->pub_used == NULL) {
		fprintf(stderr, "normwatch: out of memory\n");
		abort();
	}
	memset(xp->actor_used + xp->used_cap, 0, need - xp->used_cap);
	memset(xp->pub_used + xp->used_cap, 0, need - xp->used_cap);
	xp->used_cap = need;
}

/* The index of publisher name, noting that the export uses it. */
static size_t
use_publisher(struct xp *xp, struct quarter *q, const char *name)
{
	size_t i = names_find(&xp->pubs, name, 1);

	used_grow(xp);
	xp->pub_used[i] = 1;
	if (q != NULL)
		idx_add(&q->pubs, &q->npubs, &q->cpubs, i);
	return i;
}

/* Cached ids of what claims point to. */
static const char *
pub_id(struct xp *xp, size_t i)
{
	char id[NW_STIX_ID_MAX];

	if (xp->pubs.v[i].id == NULL)
		xp->pubs.v[i].id = xstrdup(id_publisher(xp->pubs.v[i].name,
		    id));
	return xp->pubs.v[i].id;
}

static const char *
actor_id(struct xp *xp, size_t i)
{
	char id[NW_STIX_ID_MAX];

	if (xp->actors.v[i].id == NULL)
		xp->actors.v[i].id = xstrdup(id_actor(xp->actors.v[i].name,
		    id));
	return xp->actors.v[i].id;
}

static const char *
set_id(struct xp *xp, const char *code)
{
	char id[NW_STIX_ID_MAX];
	size_t si = state_index(code);

	if (xp->set_id[si] == NULL)
		xp->set_id[si] = xstrdup(id_state_set(xp, code, id));
	return xp->set_id[si];
}

static const char *
vic_id(struct xp *xp, const char *code)
{
	char id[NW_STIX_ID_MAX];
	size_t si = state_index(code);

	if (xp->vic_id[si] == NULL)
		xp->vic_id[si] = xstrdup(id_victims(xp, code, id));
	return xp->vic_id[si];
}

/* The index of the canonical name of an actor as written. */
static size_t
actor_index(struct xp *xp, const char *raw)
{
	size_t r = names_find(&xp->raw, raw, 0);

	if (r != (size_t)-1)
		return xp->raw.v[r].val;
	r = names_find(&xp->raw, raw, 1);
	xp->raw.v[r].val = names_find(&xp->actors, actor_canon(xp, raw), 1);
	used_grow(xp);
	return xp->raw.v[r].val;
}

/*
 * First seen, over the whole store (every incident passes here, selected
 * or not): of each state as attributed and as victim, of each actor and
 * each claiming publisher.
 */
static void
note_first(struct xp *xp, const struct nw_export_incident *inc)
{
	const struct nw_export_report *r;
	char first[32];
	size_t ri, i, k;

	for (ri = 0; ri < inc->nreports; ri++) {
		r = &inc->reports[ri];
		ts_of(r->row.first_seen, first);
		k = names_find(&xp->pubs, report_publisher(r), 1);
		ts_min(xp->pubs.v[k].first, first);
		for (i = 0; i < r->row.ex.nattr; i++) {
			ts_min(xp->att_first[state_index(r->row.ex.attr[i].state)],
			    first);
			k = names_find(&xp->pubs, claimer_of(r,
			    r->origin.attr_by, i), 1);
			ts_min(xp->pubs.v[k].first, first);
		}
		for (i = 0; i < r->row.ex.nactors; i++) {
			k = actor_index(xp, r->row.ex.actors[i].name);
			ts_min(xp->actors.v[k].first, first);
			k = names_find(&xp->pubs, claimer_of(r,
			    r->origin.actor_by, i), 1);
			ts_min(xp->pubs.v[k].first, first);
		}
		for (i = 0; i < r->row.ex.nvictims; i++) {
			ts_min(xp->vic_first[state_index(r->row.ex.victims[i])],
			    first);
			k = names_find(&xp->pubs, claimer_of(r,
			    r->origin.victim_by, i), 1);
			ts_min(xp->pubs.v[k].first, first);
		}
	}
	used_grow(xp);
}

static struct claimrel *
rel_new(struct xp *xp)
{
	struct claimrel *c;

	if (xp->nrels == xp->crels) {
		xp->crels = xp->crels == 0 ? 32 : xp->crels * 2;
		xp->rels = xreallocarray(xp->rels, xp->crels,
		    sizeof(*xp->rels));
	}
	c = &xp->rels[xp->nrels++];
	memset(c, 0, sizeof(*c));
	return c;
}

static int
rel_cmp(const void *a, const void *b)
{
	return strcmp(((const struct claimrel *)a)->id,
	    ((const struct claimrel *)b)->id);
}

/* The id of a claim and its derived timestamps. */
static void
rel_finish(struct xp *xp, struct quarter *q, struct claimrel *c,
    const char *incident, const char *type, const char *first,
    const char *mod, int tlp)
{
	struct key k;

	c->source = incident;
	c->claimer_id = pub_id(xp, use_publisher(xp, q, c->claimer));
	key_start(&k, "relationship");
	key_add(&k, incident);
	key_add(&k, type);
	key_add(&k, c->target);
	key_add(&k, c->claimer);
	key_add(&k, c->hedge != NULL ? c->hedge : "");
	key_add(&k, c->party != NULL ? c->party : "");
	nw_stix_derived_id("relationship", k.b, k.n, c->id);
	nw_strlcpy(c->created, first, sizeof(c->created));
	nw_strlcpy(c->modified, mod, sizeof(c->modified));
	ts_max(c->modified, c->created);
	c->tlp = tlp;
}

/* Collect the claim relationships of incident id into xp->rels. */
static void
collect_claims(struct xp *xp, const struct nw_export_incident *inc,
    const char *id, struct quarter *q)
{
	const struct nw_export_report *r;
	struct claimrel *c;
	char first[32], mod[32], t[32];
	size_t ri, i, si, ai;
	int tlp;

	xp->nrels = 0;
	for (ri = 0; ri < inc->nreports; ri++) {
		r = &inc->reports[ri];
		tlp = report_tlp(r);
		ts_of(r->row.first_seen, first);
		nw_strlcpy(mod, first, sizeof(mod));
		if (r->tlp_changed != NULL) {
			ts_of(r->tlp_changed, t);
			ts_max(mod, t);
		}
		if (r->has_origin) {
			/* the object's markings or claimers may have moved */
			ts_of(inc->changed, t);
			ts_max(mod, t);
		}
		use_publisher(xp, q, report_publisher(r));
		for (i = 0; i < r->row.ex.nattr; i++) {
			const struct nw_attribution *a = &r->row.ex.attr[i];

			c = rel_new(xp);
			c->kind = "attribution";
			c->claimer = claimer_of(r, r->origin.attr_by, i);
			c->state = a->state;
			c->hedge = nw_hedge_name(a->hedge);
			c->party = nw_party_name(a->by);
			c->target = set_id(xp, a->state);
			rel_finish(xp, q, c, id, "attributed-to", first, mod,
			    tlp);
			si = state_index(a->state);
			bit_set(xp->att_used, si);
			if (q != NULL)
				bit_set(q->att, si);
		}
		for (i = 0; i < r->row.ex.nactors; i++) {
			ai = actor_index(xp, r->row.ex.actors[i].name);
			c = rel_new(xp);
			c->kind = "actor";
			c->claimer = claimer_of(r, r->origin.actor_by, i);
			c->actor = xp->actors.v[ai].name;
			c->target = actor_id(xp, ai);
			rel_finish(xp, q, c, id, "attributed-to", first, mod,
			    tlp);
			xp->actor_used[ai] = 1;
			if (q != NULL)
				idx_add(&q->actors, &q->nactors, &q->cactors,
				    ai);
		}
		for (i = 0; i < r->row.ex.nvictims; i++) {
			c = rel_new(xp);
			c->kind = "victim";
			c->claimer = claimer_of(r, r->origin.victim_by, i);
			c->state = r->row.ex.victims[i];
			c->target = vic_id(xp, c->state);
			rel_finish(xp, q, c, id, "targets", first, mod, tlp);
			si = state_index(c->state);
			bit_set(xp->vic_used, si);
			if (q != NULL)
				bit_set(q->vic, si);
		}
	}
	/* one relationship per distinct claim: the earliest, the latest */
	if (xp->nrels > 1)
		qsort(xp->rels, xp->nrels, sizeof(*xp->rels), rel_cmp);
	for (i = 1, ri = 0; i < xp->nrels; i++) {
		if (strcmp(xp->rels[i].id, xp->rels[ri].id) == 0) {
			ts_min(xp->rels[ri].created, xp->rels[i].created);
			ts_max(xp->rels[ri].modified, xp->rels[i].modified);
			if (xp->rels[i].tlp > xp->rels[ri].tlp)
				xp->rels[ri].tlp = xp->rels[i].tlp;
		} else
			xp->rels[++ri] = xp->rels[i];
	}
	if (xp->nrels > 0)
		xp->nrels = ri + 1;
}

static int
on_incident(const struct nw_export_incident *inc, void *arg)
{
	struct xp *xp = arg;
	struct nw_arena *a = NULL;
	struct nw_date *dates = NULL;
	struct quarter *q = NULL;
	struct incw iw;
	char id[NW_STIX_ID_MAX], created[32], modified[32], t[32];
	char c[32], m[32], *key;
	size_t ri, i;
	int rc = -1;

	if (inc->nreports == 0)
		return 0;
	note_first(xp, inc);
	memset(&iw, 0, sizeof(iw));
	dates = xcalloc(inc->nreports, sizeof(*dates));
	for (ri = 0; ri < inc->nreports; ri++)
		dates[ri] = inc->reports[ri].row.date;
	nw_incident_date(dates, inc->nreports, &iw.date);
	free(dates);
	if (!selected(xp->opts, &iw.date))
		return 0;

	id[0] = '\0';
	for (ri = 0; ri < inc->nreports; ri++)
		if (inc->reports[ri].has_origin) {
			nw_strlcpy(id, inc->reports[ri].origin.export_id,
			    sizeof(id));
			break;
		}
	if (id[0] != '\0') {
		/* the same STIX incident through two feeds: once */
		if (names_find(&xp->xids, id, 0) != (size_t)-1)
			return 0;
		names_find(&xp->xids, id, 1);
	} else {
		key = xasprintf("incident/%s", inc->key);
		nw_stix_derived_id("incident", key, strlen(key), id);
		free(key);
	}
	if (iw.date.prec >= NW_PREC_MONTH)
		q = quarter_get(xp, iw.date.y * 4 + (iw.date.m - 1) / 3);

	a = nw_arena_new();
	iw.inc = inc;
	iw.id = id;
	iw.tlp = 0;
	ts_of(inc->created, created);
	ts_of(inc->changed, modified);
	for (ri = 0; ri < inc->nreports; ri++) {
		if (report_tlp(&inc->reports[ri]) > iw.tlp)
			iw.tlp = report_tlp(&inc->reports[ri]);
		if (inc->reports[ri].tlp_changed != NULL) {
			ts_of(inc->reports[ri].tlp_changed, t);
			ts_max(modified, t);
		}
	}
	iw.name = incident_name(a, &inc->reports[0], inc->key);
	collect_claims(xp, inc, id, q);
	if (emit(xp, id, write_incident, &iw, created, modified, c, m) == -1)
		goto out;
	xp->st.incidents++;
	if (q != NULL) {
		quarter_ref(q, id);
		ts_min(q->created, c);
		ts_max(q->modified, m);
		if (iw.tlp > q->tlp)
			q->tlp = iw.tlp;
	}
	for (i = 0; i < xp->nrels; i++) {
		struct claimrel *cr = &xp->rels[i];

		if (emit(xp, cr->id, write_claim, cr, cr->created, cr->modified,
		    c, m) == -1)
			goto out;
		if (q != NULL) {
			quarter_ref(q, cr->id);
			ts_max(q->modified, m);
		}
	}
	rc = 0;
out:
	nw_arena_free(a);
	return rc;
}

/* --- shared objects ------------------------------------------------------------ */

enum skind {
	SK_LOCATION = 0,
	SK_STATE_ACTOR,		/* threat-actor of a state */
	SK_STATE_SET,		/* intrusion-set of a state's operators */
	SK_VICTIMS,		/* identity of a state's victims */
	SK_SET_TO_ACTOR,	/* intrusion-set attributed-to threat-actor */
	SK_ACTOR_AT,		/* threat-actor located-at location */
	SK_VICTIMS_AT,		/* identity located-at location */
	SK_NAMED,		/* intrusion-set of a named actor */
	SK_PUBLISHER		/* identity of a publisher */
};

struct shared {
	char		 id[NW_STIX_ID_MAX];
	enum skind	 kind;
	size_t		 idx;		/* state index, actor or publisher */
	char		 src[NW_STIX_ID_MAX];	/* relationships */
	char		 dst[NW_STIX_ID_MAX];
};

static int
shared_cmp(const void *a, const void *b)
{
	return strcmp(((const struct shared *)a)->id,
	    ((const struct shared *)b)->id);
}

/* Final modified of each shared object, for the reports that list them. */
struct sharedmod {
	char	loc[NSTATES][32];
	char	att[NSTATES][32];	/* latest of the state's actor objects */
	char	vic[NSTATES][32];
	char	(*actor)[32];
	char	(*pub)[32];
};

static void
write_shared(struct xp *xp, const void *arg, const char *created,
    const char *modified)
{
	const struct shared *s = arg;
	char code[3], *text;
	const char *name = NULL;

	if (s->kind <= SK_VICTIMS_AT) {
		state_code(s->idx, code);
		name = state_name(xp, code);
	}
	nw_jsonw_obj_begin(&xp->w);
	switch (s->kind) {
	case SK_LOCATION:
		KSTR(xp, "country", code);
		w_created(xp, created);
		KSTR(xp, "created_by_ref", NW_STIX_IDENTITY);
		KSTR(xp, "id", s->id);
		w_modified(xp, modified);
		KSTR(xp, "name", name);
		w_marking(xp, 0);
		w_tail(xp, "location");
		break;
	case SK_STATE_ACTOR:
		w_created(xp, created);
		KSTR(xp, "created_by_ref", NW_STIX_IDENTITY);
		text = xasprintf("The state of %s as public attribution claims "
		    "accuse it: normwatch's stand-in for a state named as "
		    "responsible for cyber operations.", name);
		KSTR(xp, "description", text);
		free(text);
		KSTR(xp, "id", s->id);
		w_modified(xp, modified);
		text = xasprintf("%s (state)", name);
		KSTR(xp, "name", text);
		free(text);
		w_marking(xp, 0);
		KSTR(xp, "resource_level", "government");
		KSTR(xp, "spec_version", "2.1");
		KEY(xp, "threat_actor_types");
		nw_jsonw_arr_begin(&xp->w);
		nw_jsonw_str(&xp->w, "nation-state");
		nw_jsonw_arr_end(&xp->w);
		KSTR(xp, "type", "threat-actor");
		break;
	case SK_STATE_SET:
		w_created(xp, created);
		KSTR(xp, "created_by_ref", NW_STIX_IDENTITY);
		text = xasprintf("The operators, not named in the claims, of "
		    "cyber operations that public reporting attributes to the "
		    "state of %s.", name);
		KSTR(xp, "description", text);
		free(text);
		KSTR(xp, "id", s->id);
		w_modified(xp, modified);
		text = xasprintf("Operators attributed to %s", name);
		KSTR(xp, "name", text);
		free(text);
		w_marking(xp, 0);
		KSTR(xp, "resource_level", "government");
		w_tail(xp, "intrusion-set");
		break;
	case SK_VICTIMS:
		w_created(xp, created);
		KSTR(xp, "created_by_ref", NW_STIX_IDENTITY);
		text = xasprintf("The government, organisations and people of "
		    "%s, as victims of cyber incidents.", name);
		KSTR(xp, "description", text);
		free(text);
		KSTR(xp, "id", s->id);
		KSTR(xp, "identity_class", "class");
		w_modified(xp, modified);
		text = xasprintf("Victims in %s", name);
		KSTR(xp, "name", text);
		free(text);
		w_marking(xp, 0);
		w_tail(xp, "identity");
		break;
	case SK_SET_TO_ACTOR:
	case SK_ACTOR_AT:
	case SK_VICTIMS_AT:
		w_created(xp, created);
		KSTR(xp, "created_by_ref", NW_STIX_IDENTITY);
		KSTR(xp, "id", s->id);
		w_modified(xp, modified);
		w_marking(xp, 0);
		KSTR(xp, "relationship_type",
		    s->kind == SK_SET_TO_ACTOR ? "attributed-to" :
		    "located-at");
		KSTR(xp, "source_ref", s->src);
		KSTR(xp, "spec_version", "2.1");
		KSTR(xp, "target_ref", s->dst);
		KSTR(xp, "type", "relationship");
		break;
	case SK_NAMED:
		w_created(xp, created);
		KSTR(xp, "created_by_ref", NW_STIX_IDENTITY);
		KSTR(xp, "description", "A group or person that "
		    "public reporting names as behind cyber incidents.");
		KSTR(xp, "id", s->id);
		w_modified(xp, modified);
		KSTR(xp, "name", xp->actors.v[s->idx].name);
		w_marking(xp, 0);
		w_tail(xp, "intrusion-set");
		break;
	case SK_PUBLISHER:
		w_created(xp, created);
		KSTR(xp, "created_by_ref", NW_STIX_IDENTITY);
		KSTR(xp, "description", "A publisher of the "
		    "public reporting normwatch reads; the claims it makes "
		    "are relationships created by this identity.");
		KSTR(xp, "id", s->id);
		KSTR(xp, "identity_class", "organization");
		w_modified(xp, modified);
		KSTR(xp, "name", xp->pubs.v[s->idx].name);
		w_marking(xp, 0);
		w_tail(xp, "identity");
		break;
	}
	nw_jsonw_obj_end(&xp->w);
}

static struct shared *
shared_add(struct shared **v, size_t *n, size_t *cap, enum skind kind,
    size_t idx)
{
	struct shared *s;

	if (*n == *cap) {
		*cap = *cap == 0 ? 64 : *cap * 2;
		*v = xreallocarray(*v, *cap, sizeof(**v));
	}
	s = &(*v)[(*n)++];
	memset(s, 0, sizeof(*s));
	s->kind = kind;
	s->idx = idx;
	return s;
}

/* The ids of the shared objects of one state, by kind. */
static void
state_ids(struct xp *xp, size_t si, char loc[NW_STIX_ID_MAX],
    char ta[NW_STIX_ID_MAX], char set[NW_STIX_ID_MAX],
    char vic[NW_STIX_ID_MAX])
{
	char code[3];

	state_code(si, code);
	id_location(xp, code, loc);
	id_state_actor(xp, code, ta);
	id_state_set(xp, code, set);
	id_victims(xp, code, vic);
}

static int
emit_shared(struct xp *xp, struct sharedmod *sm)
{
	struct shared *v = NULL, *s;
	char loc[NW_STIX_ID_MAX], ta[NW_STIX_ID_MAX], set[NW_STIX_ID_MAX];
	char vic[NW_STIX_ID_MAX], first[32], c[32], m[32];
	size_t n = 0, cap = 0, i;
	int rc = -1;

	for (i = 0; i < NSTATES; i++) {
		int att = bit_get(xp->att_used, i), vi = bit_get(xp->vic_used, i);

		if (!att && !vi)
			continue;
		state_ids(xp, i, loc, ta, set, vic);
		s = shared_add(&v, &n, &cap, SK_LOCATION, i);
		nw_strlcpy(s->id, loc, sizeof(s->id));
		if (att) {
			s = shared_add(&v, &n, &cap, SK_STATE_ACTOR, i);
			nw_strlcpy(s->id, ta, sizeof(s->id));
			s = shared_add(&v, &n, &cap, SK_STATE_SET, i);
			nw_strlcpy(s->id, set, sizeof(s->id));
			s = shared_add(&v, &n, &cap, SK_SET_TO_ACTOR, i);
			nw_strlcpy(s->src, set, sizeof(s->src));
			nw_strlcpy(s->dst, ta, sizeof(s->dst));
			id_rel(set, "attributed-to", ta, s->id);
			s = shared_add(&v, &n, &cap, SK_ACTOR_AT, i);
			nw_strlcpy(s->src, ta, sizeof(s->src));
			nw_strlcpy(s->dst, loc, sizeof(s->dst));
			id_rel(ta, "located-at", loc, s->id);
		}
		if (vi) {
			s = shared_add(&v, &n, &cap, SK_VICTIMS, i);
			nw_strlcpy(s->id, vic, sizeof(s->id));
			s = shared_add(&v, &n, &cap, SK_VICTIMS_AT, i);
			nw_strlcpy(s->src, vic, sizeof(s->src));
			nw_strlcpy(s->dst, loc, sizeof(s->dst));
			id_rel(vic, "located-at", loc, s->id);
		}
	}
	for (i = 0; i < xp->actors.n; i++)
		if (i < xp->used_cap && xp->actor_used[i]) {
			s = shared_add(&v, &n, &cap, SK_NAMED, i);
			nw_strlcpy(s->id, actor_id(xp, i), sizeof(s->id));
		}
	for (i = 0; i < xp->pubs.n; i++)
		if (i < xp->used_cap && xp->pub_used[i]) {
			s = shared_add(&v, &n, &cap, SK_PUBLISHER, i);
			nw_strlcpy(s->id, pub_id(xp, i), sizeof(s->id));
		}
	if (n > 1)
		qsort(v, n, sizeof(*v), shared_cmp);
	sm->actor = xcalloc(xp->actors.n + 1, sizeof(*sm->actor));
	sm->pub = xcalloc(xp->pubs.n + 1, sizeof(*sm->pub));
	for (i = 0; i < n; i++) {
		s = &v[i];
		first[0] = '\0';
		switch (s->kind) {
		case SK_LOCATION:
			ts_min(first, xp->att_first[s->idx]);
			ts_min(first, xp->vic_first[s->idx]);
			break;
		case SK_VICTIMS:
		case SK_VICTIMS_AT:
			nw_strlcpy(first, xp->vic_first[s->idx], sizeof(first));
			break;
		case SK_NAMED:
			nw_strlcpy(first, xp->actors.v[s->idx].first,
			    sizeof(first));
			break;
		case SK_PUBLISHER:
			nw_strlcpy(first, xp->pubs.v[s->idx].first,
			    sizeof(first));
			break;
		default:
			nw_strlcpy(first, xp->att_first[s->idx], sizeof(first));
			break;
		}
		if (first[0] == '\0')
			nw_strlcpy(first, NW_STIX_EPOCH, sizeof(first));
		if (emit(xp, s->id, write_shared, s, first, first, c, m) == -1)
			goto out;
		switch (s->kind) {
		case SK_LOCATION:
			ts_max(sm->loc[s->idx], m);
			break;
		case SK_VICTIMS:
		case SK_VICTIMS_AT:
			ts_max(sm->vic[s->idx], m);
			break;
		case SK_NAMED:
			ts_max(sm->actor[s->idx], m);
			break;
		case SK_PUBLISHER:
			ts_max(sm->pub[s->idx], m);
			break;
		default:
			ts_max(sm->att[s->idx], m);
			break;
		}
	}
	rc = 0;
out:
	free(v);
	return rc;
}

/* --- quarterly reports ----------------------------------------------------- */

struct repw {
	int		 key;		/* year * 4 + q - 1 */
	struct quarter	*q;
	char		 id[NW_STIX_ID_MAX];
};

static void
write_report(struct xp *xp, const void *arg, const char *created,
    const char *modified)
{
	static const char *const qname[] = { "first", "second", "third",
	    "fourth" };
	static const char *const months[] = { "January to March",
	    "April to June", "July to September", "October to December" };
	const struct repw *rw = arg;
	const struct quarter *q = rw->q;
	char u[37], *text, id[NW_STIX_ID_MAX];
	size_t i;
	int y = rw->key / 4, qi = rw->key % 4;

	nw_jsonw_obj_begin(&xp->w);
	w_created(xp, created);
	KSTR(xp, "created_by_ref", NW_STIX_IDENTITY);
	text = xasprintf("The cyber incidents that normwatch's sources date in "
	    "the %s quarter of %d (%s), with the claims made about them: the "
	    "states and actors accused, the victims, and the findings of the "
	    "norms rules.", qname[qi], y, months[qi]);
	KSTR(xp, "description", text);
	free(text);
	KSTR(xp, "id", rw->id);
	w_modified(xp, modified);
	text = xasprintf("normwatch: cyber incidents of %dQ%d", y, qi + 1);
	KSTR(xp, "name", text);
	free(text);
	w_marking(xp, q->tlp);
	KEY(xp, "object_refs");
	nw_jsonw_arr_begin(&xp->w);
	for (i = 0; i < q->n; i++) {
		uuid_unparse_lower(q->refs[i].u, u);
		snprintf(id, sizeof(id), "%s--%s", ctype_name[q->refs[i].type],
		    u);
		nw_jsonw_str(&xp->w, id);
	}
	nw_jsonw_arr_end(&xp->w);
	KSTR(xp, "published", modified);
	KEY(xp, "report_types");
	nw_jsonw_arr_begin(&xp->w);
	nw_jsonw_str(&xp->w, "threat-report");
	nw_jsonw_arr_end(&xp->w);
	w_tail(xp, "report");
	nw_jsonw_obj_end(&xp->w);
}

static int
emit_reports(struct xp *xp, struct sharedmod *sm)
{
	struct repw rw;
	struct quarter *q;
	char loc[NW_STIX_ID_MAX], ta[NW_STIX_ID_MAX], set[NW_STIX_ID_MAX];
	char vic[NW_STIX_ID_MAX], rel[NW_STIX_ID_MAX], key[32];
	size_t i, w;
	int qi;

	for (qi = 0; qi < XP_YEARS * 4; qi++) {
		if ((q = xp->q[qi]) == NULL || q->n == 0)
			continue;
		rw.key = qi + XP_FIRST_YEAR * 4;
		if (!quarter_reported(xp->opts, rw.key))
			continue;
		/* the shared objects its incidents refer to */
		for (i = 0; i < NSTATES; i++) {
			int att = bit_get(q->att, i), vi = bit_get(q->vic, i);

			if (!att && !vi)
				continue;
			state_ids(xp, i, loc, ta, set, vic);
			quarter_ref(q, loc);
			ts_max(q->modified, sm->loc[i]);
			if (att) {
				quarter_ref(q, ta);
				quarter_ref(q, set);
				quarter_ref(q, id_rel(set, "attributed-to", ta,
				    rel));
				quarter_ref(q, id_rel(ta, "located-at", loc,
				    rel));
				ts_max(q->modified, sm->att[i]);
			}
			if (vi) {
				quarter_ref(q, vic);
				quarter_ref(q, id_rel(vic, "located-at", loc,
				    rel));
				ts_max(q->modified, sm->vic[i]);
			}
		}
		if (q->nactors > 1)
			qsort(q->actors, q->nactors, sizeof(size_t), size_cmp);
		for (i = 0; i < q->nactors; i++) {
			if (i > 0 && q->actors[i] == q->actors[i - 1])
				continue;
			quarter_ref(q, actor_id(xp, q->actors[i]));
			ts_max(q->modified, sm->actor[q->actors[i]]);
		}
		if (q->npubs > 1)
			qsort(q->pubs, q->npubs, sizeof(size_t), size_cmp);
		for (i = 0; i < q->npubs; i++) {
			if (i > 0 && q->pubs[i] == q->pubs[i - 1])
				continue;
			quarter_ref(q, pub_id(xp, q->pubs[i]));
			ts_max(q->modified, sm->pub[q->pubs[i]]);
		}
		qsort(q->refs, q->n, sizeof(*q->refs), cref_cmp);
		for (i = 1, w = 0; i < q->n; i++)
			if (cref_cmp(&q->refs[i], &q->refs[w]) != 0)
				q->refs[++w] = q->refs[i];
		q->n = w + 1;
		rw.q = q;
		snprintf(key, sizeof(key), "report/%dQ%d", rw.key / 4,
		    rw.key % 4 + 1);
		nw_stix_derived_id("report", key, strlen(key), rw.id);
		if (emit(xp, rw.id, write_report, &rw, q->created, q->modified,
		    NULL, NULL) == -1)
			return -1;
	}
	return 0;
}

/* --- kept objects -------------------------------------------------------------- */

struct kept {
	char		*id;
	int64_t		 seq;
	int		 warnings;	/* SHOULD rules the version breaks */
	char		*modified;
	char		**refs;
	size_t		 nrefs;
	int		 drop;
};

struct keptset {
	struct kept	*v;
	size_t		 n, cap;
};

static int
on_version(const struct nw_stix_version *ver, void *arg)
{
	struct keptset *ks = arg;
	struct kept *k;
	size_t i;

	if (ks->n > 0 && strcmp(ks->v[ks->n - 1].id, ver->id) == 0) {
		k = &ks->v[ks->n - 1];
		/* a later version replaces it; objects without modified keep
		   their first */
		if (ver->modified[0] == '\0' || k->modified[0] == '\0' ||
		    nw_stix_timestamp_cmp(ver->modified, k->modified) <= 0)
			return 0;
		for (i = 0; i < k->nrefs; i++)
			free(k->refs[i]);
		free(k->refs);
		free(k->modified);
	} else {
		if (ks->n == ks->cap) {
			ks->cap = ks->cap == 0 ? 64 : ks->cap * 2;
			ks->v = xreallocarray(ks->v, ks->cap, sizeof(*ks->v));
		}
		k = &ks->v[ks->n++];
		memset(k, 0, sizeof(*k));
		k->id = xstrdup(ver->id);
	}
	k->seq = ver->seq;
	k->warnings = ver->warnings;
	k->modified = xstrdup(ver->modified);
	k->nrefs = ver->nrefs;
	k->refs = ver->nrefs > 0 ? xcalloc(ver->nrefs, sizeof(*k->refs)) :
	    NULL;
	for (i = 0; i < ver->nrefs; i++)
		k->refs[i] = xstrdup(ver->refs[i]);
	return 0;
}

static int
kept_cmp_id(const void *key, const void *elt)
{
	return strcmp(key, ((const struct kept *)elt)->id);
}

static int
emit_kept(struct xp *xp)
{
	struct keptset ks = { NULL, 0, 0 };
	struct nw_buf b;
	struct kept *k, *t;
	size_t i, r, logged = 0;
	int changed, rc = -1;
	const char *missing;

	if (nw_store_each_stix_version(xp->store, 0, on_version, &ks,
	    xp->err) == -1) {
		xp->failed = 1;
		return -1;
	}
	/* the bundle holds under --strict: no SHOULD broken */
	for (i = 0; i < ks.n; i++) {
		k = &ks.v[i];
		if (k->warnings == 0)
			continue;
		k->drop = 1;
		xp->st.dropped++;
		if (logged++ < XP_MAX_LOGGED)
			nw_log(NW_LOG_INFO, "export", "%s is left out: it breaks "
			    "%d SHOULD rule%s of STIX 2.1 (see normwatch "
			    "validate)", k->id, k->warnings,
			    k->warnings == 1 ? "" : "s");
	}
	/* leave out what refers outside the bundle, until nothing changes */
	do {
		changed = 0;
		for (i = 0; i < ks.n; i++) {
			k = &ks.v[i];
			if (k->drop)
				continue;
			missing = NULL;
			for (r = 0; r < k->nrefs && missing == NULL; r++) {
				const char *ref = k->refs[r];

				if (nw_stix_fixed_id(ref) ||
				    nw_stix_tlp_by_id(ref) != NULL ||
				    names_find(xp->written, ref, 0) !=
				    (size_t)-1)
					continue;
				t = bsearch(ref, ks.v, ks.n, sizeof(*ks.v),
				    kept_cmp_id);
				if (t == NULL || t->drop)
					missing = ref;
			}
			if (missing != NULL) {
				k->drop = 1;
				changed = 1;
				xp->st.dropped++;
				if (logged++ < XP_MAX_LOGGED)
					nw_log(NW_LOG_INFO, "export", "%s is "
					    "left out: it refers to %s, which "
					    "the bundle does not hold", k->id,
					    missing);
			}
		}
	} while (changed);
	if (xp->st.dropped > 0)
		nw_log(NW_LOG_WARN, "export", "%lld object%s kept from stix "
		    "feeds left out: they break SHOULD rules of STIX 2.1 or refer "
		    "to objects the bundle cannot hold (-v names them)",
		    xp->st.dropped, xp->st.dropped == 1 ? "" : "s");
	nw_buf_init(&b, XP_MAX_OBJECT);
	for (i = 0; i < ks.n; i++) {
		if (ks.v[i].drop)
			continue;
		nw_buf_reset(&b);
		if (nw_store_stix_json(xp->store, ks.v[i].seq, &b,
		    xp->err) == -1) {
			xp->failed = 1;
			goto out;
		}
		if (put_object(xp, b.data, b.len, ks.v[i].id,
		    ks.v[i].modified) == -1)
			goto out;
		xp->st.kept++;
	}
	rc = 0;
out:
	nw_buf_free(&b);
	for (i = 0; i < ks.n; i++) {
		for (r = 0; r < ks.v[i].nrefs; r++)
			free(ks.v[i].refs[r]);
		free(ks.v[i].refs);
		free(ks.v[i].id);
		free(ks.v[i].modified);
	}
	free(ks.v);
	return rc;
}

/* --- the bundle ------------------------------------------------------------------ */

int
nw_export_stix(struct nw_store *store, const struct nw_export_opts *opts,
    FILE *out, struct nw_export_stats *stats, struct nw_error *err)
{
	static const char hex[] = "0123456789abcdef";
	struct xp *xp;
	struct sharedmod *sm = NULL;
	struct names written;
	uint8_t d[SHA256_DIGEST_SIZE];
	char key[80], id[NW_STIX_ID_MAX];
	long long nown = 0, nkept = 0;
	size_t i;
	int rc = -1;

	nw_error_clear(err);
	memset(&written, 0, sizeof(written));
	xp = xcalloc(1, sizeof(*xp));
	xp->store = store;
	xp->opts = opts;
	xp->out = out;
	xp->err = err;
	nw_buf_init(&xp->obj, XP_MAX_OBJECT);
	nw_buf_init(&xp->outbuf, XP_OUT_CHUNK + XP_MAX_OBJECT);
	nw_buf_init(&xp->desc, 64u << 10);
	sha256_init(&xp->bundle);

	if (nw_store_snapshot_begin(store, err) == -1)
		goto out;
	if ((xp->canon = nw_actors_load(store, err)) == NULL)
		goto out;
	if (nw_store_stix_counts(store, &nown, &nkept, err) == -1)
		goto out;
	if (nown > 0 && (xp->own = nw_store_stix_reader(store, err)) == NULL)
		goto out;
	if (nkept > 0 && full_export(opts))
		xp->written = &written;

	if (put_out(xp, "{\"type\":\"bundle\",\"objects\":[\n", 29) == -1 ||
	    emit_fixed(xp) == -1)
		goto out;
	for (i = 0; xp->written != NULL && nw_stix_fixed_ids[i] != NULL; i++)
		names_find(xp->written, nw_stix_fixed_ids[i], 1);
	if (nw_store_each_export_incident(store, on_incident, xp, err) != 0) {
		if (!xp->failed && err->code == NW_E_OK)
			nw_error_set(err, NW_E_INTERNAL, "export stopped");
		goto out;
	}
	sm = xcalloc(1, sizeof(*sm));
	if (emit_shared(xp, sm) == -1 || emit_reports(xp, sm) == -1)
		goto out;
	if (xp->written != NULL && emit_kept(xp) == -1)
		goto out;

	/* the bundle's id: of everything it holds */
	sha256_digest(&xp->bundle, sizeof(d), d);
	memcpy(key, "bundle/", 7);
	for (i = 0; i < sizeof(d); i++) {
		key[7 + 2 * i] = hex[d[i] >> 4];
		key[8 + 2 * i] = hex[d[i] & 0xf];
	}
	key[7 + 2 * sizeof(d)] = '\0';
	nw_stix_derived_id("bundle", key, strlen(key), id);
	if (put_out(xp, "\n],\"id\":\"", 9) == -1 ||
	    put_out(xp, id, strlen(id)) == -1 ||
	    put_out(xp, "\"}\n", 3) == -1 || flush_out(xp) == -1)
		goto out;
	if (fflush(out) == EOF || ferror(out)) {
		xp_io(xp);
		goto out;
	}
	rc = 0;
out:
	if (stats != NULL)
		*stats = xp->st;
	nw_store_stix_reader_free(xp->own);
	nw_actors_free(xp->canon);
	nw_store_snapshot_end(store);
	nw_buf_free(&xp->obj);
	names_free(&xp->actors);
	names_free(&xp->pubs);
	names_free(&xp->xids);
	names_free(&xp->raw);
	names_free(&written);
	nw_buf_free(&xp->outbuf);
	nw_buf_free(&xp->desc);
	for (i = 0; i < NSTATES; i++) {
		free(xp->set_id[i]);
		free(xp->vic_id[i]);
	}
	free(xp->actor_used);
	free(xp->pub_used);
	free(xp->rels);
	for (i = 0; i < XP_YEARS * 4; i++) {
		if (xp->q[i] == NULL)
			continue;
		free(xp->q[i]->refs);
		free(xp->q[i]->actors);
		free(xp->q[i]->pubs);
		free(xp->q[i]);
	}
	if (sm != NULL) {
		free(sm->actor);
		free(sm->pub);
		free(sm);
	}
	free(xp);
	return rc;
}
