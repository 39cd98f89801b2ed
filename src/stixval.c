/*
 * stixval.c - the STIX 2.1 validator.  Section numbers are those of STIX
 * 2.1 (OASIS Standard with Errata 01); each check names its section in
 * its message.
 *
 * MUST rules checked (errors):
 *  2.1   binary properties are base64
 *  2.3   dictionaries are non-empty, keys a-z A-Z 0-9 - _ and <= 250
 *  2.5   external references: source_name, and one of description, url,
 *        external_id; capec / cve external ids of attack patterns and
 *        vulnerabilities have the CAPEC-n / CVE-yyyy-n form (4.1, 4.19)
 *  2.7   hashes: keys 3..250 of a-z A-Z 0-9 - _; known algorithms hold a
 *        digest of the right length in hex
 *  2.8   hex properties: even count of lower-case hex digits
 *  2.9   ids are type--UUID, the type equal to the object's, the UUID an
 *        RFC 4122 one; references point to the types their property
 *        allows (created_by_ref an identity, object_marking_refs marking
 *        definitions, sighting_of_ref an SDO, ...)
 *  2.10  integers are whole numbers in +-(2^53-1), in their property's
 *        range (confidence 0-100 (3.2), number_observed, count, ports)
 *  2.11  kill chain phases have kill_chain_name and phase_name
 *  2.12  lists are non-empty; "list of type" items have that type
 *  2.16  timestamps are RFC 3339 "YYYY-MM-DDTHH:mm:ss[.s+]Z" real dates
 *  3.1   custom type and property names use the allowed characters
 *  3.2   required common properties; spec_version is "2.1"; created and
 *        modified have millisecond precision and modified >= created;
 *        common properties not applicable to the kind (defanged on SDOs,
 *        created on SCOs, ...) are absent; lang is an RFC 5646 tag;
 *        extension values are objects with extension_type from
 *        extension-type-enum when the key is an extension-definition id
 *  3.8   reserved property names are absent
 *  4, 5, 6, 7  required properties of every type; closed vocabularies
 *        (-enum); the type-specific rules: indicator valid_until after
 *        valid_from and a well-formed STIX pattern (9); location needs
 *        region, country or latitude+longitude, both coordinates, their
 *        ranges, precision only with them; malware families have a name;
 *        malware-analysis has result or analysis_sco_refs; observed-data
 *        has objects or object_refs (not both) and last >= first; last_seen
 *        >= first_seen; relationship_type syntax, stop_time > start_time;
 *        relationships do not link SROs, meta objects or bundles; file has
 *        hashes or name; artifact has payload_bin or url (url needs hashes);
 *        network-traffic has src_ref or dst_ref; email-message body vs
 *        is_multipart
 *  7.2   marking definitions have definition_type and definition unless
 *        extensions; TLP 1.0 ones are exactly the four of 7.2.1.4, TLP 2.0
 *        ones the five of the TLP 2.0 extension; statements have a string;
 *        markings do not mark themselves (3.2); granular markings have
 *        selectors and exactly one of marking_ref and lang, and every
 *        selector selects something present (7.2.3)
 *  7.3   extension definitions: extension_properties only with
 *        toplevel-property-extension; extensions do not redefine spec
 *        types; extension property names are a-z 0-9 _ of 3..250
 *  8     the bundle: type "bundle", a bundle id, objects a non-empty list
 *        of STIX objects, no spec_version (a 2.0 bundle)
 *  11.3  custom (deprecated) extension keys end in -ext and are only on
 *        SCOs; any other key must be an extension-definition id or a
 *        predefined extension of the object's type (3.10)
 *  Incident Core Extension (cti-stix-common-objects): extension_type
 *        property-extension, determination and investigation_status
 *
 * SHOULD rules checked (warnings, errors with --strict):
 *  2.5   hashes when an external reference has a url
 *  2.7   hash algorithms from hash-algorithm-ov
 *  2.9   SDO, SRO, meta object and bundle ids are UUIDv4 (UUIDv5 in a
 *        producer's own namespace is taken as the allowance 2.9 makes for
 *        "something other than UUIDv4"); SCO ids UUIDv5
 *  2.11  kill chain and phase names lower case with hyphens
 *  2.13  the deprecated observable container (observed-data objects)
 *  2.14  open vocabulary values from the suggested vocabulary
 *  2.3   dictionary keys lower case
 *  4.10  country is an ISO 3166-1 alpha-2 code
 *  Appendix B  relationship types are those defined for the pair of types
 *  7.3.1 extension definitions have a description; toplevel property
 *        extensions list their extension_properties
 *  8     no custom properties on a bundle
 *  11.1, 11.2, 11.3  custom properties, objects and extensions are
 *        deprecated; their names start with x_ / x-
 *  3.6   the same object (id and modified) does not appear twice
 *
 * Not covered: the ID contributing properties of deterministic SCO ids
 * (3.4); that UUIDv5 SDO ids avoid the SCO namespace; the contents of
 * predefined SCO extensions and of extensions other than the Incident
 * Core and TLP 2.0 ones; _enc encodings (3.9.1); language tags beyond
 * their syntax; property types of custom objects; versioning across
 * bundles (3.6); pattern semantics (types and properties named in
 * patterns).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "normwatch/json.h"
#include "normwatch/limits.h"
#include "normwatch/log.h"
#include "normwatch/stix.h"
#include "normwatch/stixval.h"
#include "normwatch/util.h"

/* --- a small tree for one object ------------------------------------------ */

/* The tree is struct nw_jv of stixval.h, shared with the stix parser. */


/* --- the validator state ------------------------------------------------- */

struct idrec {
	const char	*id;
	const char	*modified;	/* NULL when none */
	uint32_t	 hash;
};

struct pending {
	const char	*ref;
	const char	*objid;
	const char	*path;
};

struct bframe {
	struct nw_jv	*node;
	const char	*key;		/* object frames: the pending key */
	size_t		 keylen;
	void		*items;		/* struct nw_jm[] or struct nw_jv *[] */
	size_t		 n, cap;
};

struct v {
	const struct nw_stixval_opts *opts;
	struct nw_stixval_result *res;
	struct nw_json	*j;
	int		 strict;
	struct nw_arena	 tree;		/* the current object */
	struct nw_arena	 keep;		/* ids and pending references */
	char		 path[1024];
	size_t		 plen;
	const char	*objid;		/* of the object being checked */
	struct nw_jv	*root;		/* the object being checked */
	struct idrec	*ids;		/* open addressing */
	size_t		 nids, idcap;
	struct pending	*pend;
	size_t		 npend, pendcap;
	struct bframe	*bf;		/* tree builder stack */
	size_t		 bfcap;
	int		 unreadable;
	const char	*name;		/* for errors */
	size_t		 used[16];	/* slots of ids, while few */
	size_t		 nused;
};

/* --- messages ------------------------------------------------------------- */

static void
vmsg(struct v *v, enum nw_stixval_severity sev, const char *section,
    const char *fmt, ...) NW_PRINTF(4, 5);

static void
vmsg(struct v *v, enum nw_stixval_severity sev, const char *section,
    const char *fmt, ...)
{
	struct nw_stixval_msg m;
	struct nw_stixval_result *res = v->res;
	va_list ap;

	memset(&m, 0, sizeof(m));
	m.should = sev == NW_STIXVAL_WARNING;
	m.severity = v->strict ? NW_STIXVAL_ERROR : sev;
	m.section = section != NULL ? section : "";
	if (v->objid != NULL)
		nw_log_escape(v->objid, strlen(v->objid), m.object_id,
		    sizeof(m.object_id));
	nw_strlcpy(m.path, v->path, sizeof(m.path));
	va_start(ap, fmt);
	vsnprintf(m.text, sizeof(m.text), fmt, ap);
	va_end(ap);
	if (m.severity == NW_STIXVAL_ERROR)
		res->errors++;
	else
		res->warnings++;
	if (res->nmsgs < NW_STIX_MAX_KEPT && !v->opts->keep_none) {
		if (res->msgs == NULL)
			res->msgs = xcalloc(NW_STIX_MAX_KEPT, sizeof(m));
		res->msgs[res->nmsgs++] = m;
	}
	if (v->opts->fn != NULL)
		v->opts->fn(&m, v->opts->arg);
}

#define ERR(v, sec, ...)	vmsg(v, NW_STIXVAL_ERROR, sec, __VA_ARGS__)
#define WARN(v, sec, ...)	vmsg(v, NW_STIXVAL_WARNING, sec, __VA_ARGS__)

/* Escape untrusted text for a message (into one of two rotating buffers). */
static const char *
q(const char *s, size_t n)
{
	static char bufs[2][NW_LOG_FIELD_MAX * 4 + 8];
	static int which;

	which = !which;
	return nw_log_escape(s, n, bufs[which], sizeof(bufs[which]));
}
#define QS(node)	q((node)->s, (node)->n)

const char *
nw_stixval_msg_str(const struct nw_stixval_msg *m, char *buf, size_t sz)
{
	snprintf(buf, sz, "%s%s%s%s: %s: %s%s%s%s", m->path,
	    m->object_id[0] != '\0' ? " (" : "", m->object_id,
	    m->object_id[0] != '\0' ? ")" : "",
	    m->severity == NW_STIXVAL_ERROR ? "error" : "warning", m->text,
	    m->section[0] != '\0' ? " [" : "", m->section,
	    m->section[0] != '\0' ? "]" : "");
	return buf;
}

/* --- paths ----------------------------------------------------------------- */

static size_t
path_key(struct v *v, const char *k)
{
	size_t old = v->plen;

	v->plen = nw_json_path_key(v->path, v->plen, sizeof(v->path), k,
	    strlen(k));
	return old;
}

static size_t
path_idx(struct v *v, size_t i)
{
	size_t old = v->plen;

	v->plen = nw_json_path_index(v->path, v->plen, sizeof(v->path), i);
	return old;
}

static void
path_back(struct v *v, size_t old)
{
	v->plen = old;
	v->path[old] = '\0';
}

/* --- tree access ------------------------------------------------------------ */

static struct nw_jv *
get(const struct nw_jv *o, const char *k)
{
	size_t i;

	if (o == NULL || o->t != NW_JT_OBJ)
		return NULL;
	/* the first byte first: most keys differ there */
	for (i = 0; i < o->n; i++)
		if (o->m[i].k[0] == k[0] && strcmp(o->m[i].k, k) == 0)
			return o->m[i].v;
	return NULL;
}

static const char *
gets_(const struct nw_jv *o, const char *k)
{
	struct nw_jv *n = get(o, k);

	return n != NULL && n->t == NW_JT_STR ? n->s : NULL;
}

static const char *
jt_name(enum nw_jt t)
{
	switch (t) {
	case NW_JT_OBJ: return "an object";
	case NW_JT_ARR: return "a list";
	case NW_JT_STR: return "a string";
	case NW_JT_NUM: return "a number";
	case NW_JT_TRUE: case NW_JT_FALSE: return "a boolean";
	case NW_JT_NULL: return "null";
	}
	return "?";
}

static int
ends_with(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);

	return n >= m && strcmp(s + n - m, suf) == 0;
}

static int
starts_with(const char *s, const char *pre)
{
	return strncmp(s, pre, strlen(pre)) == 0;
}

/* --- ids seen and references to resolve ------------------------------------ */

static uint32_t
hash_str(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s != '\0') {
		h ^= (unsigned char)*s++;
		h *= 16777619u;
	}
	return h;
}

static struct idrec *
id_find(struct v *v, const char *id)
{
	uint32_t h;
	size_t s, mask;

	if (v->idcap == 0)
		return NULL;
	h = hash_str(id);
	mask = v->idcap - 1;
	for (s = h & mask; v->ids[s].id != NULL; s = (s + 1) & mask)
		if (v->ids[s].hash == h && strcmp(v->ids[s].id, id) == 0)
			return &v->ids[s];
	return NULL;
}

/* Insert r; returns its slot. */
static size_t
id_insert_rec(struct idrec *tab, size_t cap, const struct idrec *r)
{
	size_t s, mask = cap - 1;

	for (s = r->hash & mask; tab[s].id != NULL; s = (s + 1) & mask)
		;
	tab[s] = *r;
	return s;
}

/*
 * Remember an object's id (and modified).  Returns 1 when the same id and
 * modified were seen before.
 */
static int
id_add(struct v *v, const char *id, const char *modified)
{
	struct idrec r, *old, *tab;
	size_t i, ncap;

	for (old = id_find(v, id); old != NULL; old = NULL) {
		if ((old->modified == NULL && modified == NULL) ||
		    (old->modified != NULL && modified != NULL &&
		    strcmp(old->modified, modified) == 0))
			return 1;
		/* Another version: keep the first record. */
		return 0;
	}
	if (2 * (v->nids + 1) > v->idcap) {
		ncap = v->idcap == 0 ? 1024 : v->idcap * 2;
		tab = xcalloc(ncap, sizeof(*tab));
		for (i = 0; i < v->idcap; i++)
			if (v->ids[i].id != NULL)
				id_insert_rec(tab, ncap, &v->ids[i]);
		free(v->ids);
		v->ids = tab;
		v->idcap = ncap;
		v->nused = NW_NELEM(v->used) + 1;	/* slots moved */
	}
	r.id = nw_arena_strndup(&v->keep, id, strlen(id));
	r.modified = modified != NULL ?
	    nw_arena_strndup(&v->keep, modified, strlen(modified)) : NULL;
	r.hash = hash_str(id);
	i = id_insert_rec(v->ids, v->idcap, &r);
	/* a cached table is cleared slot by slot when few are used */
	if (v->nused < NW_NELEM(v->used))
		v->used[v->nused] = i;
	v->nused++;
	v->nids++;
	return 0;
}

/* Strict mode: a reference that must resolve inside the bundle. */
static void
ref_note(struct v *v, const char *ref)
{
	struct pending *p;

	if (!v->strict || nw_stix_tlp_by_id(ref) != NULL ||
	    id_find(v, ref) != NULL)
		return;
	if (v->npend == v->pendcap) {
		v->pendcap = v->pendcap == 0 ? 256 : v->pendcap * 2;
		v->pend = xreallocarray(v->pend, v->pendcap, sizeof(*v->pend));
	}
	p = &v->pend[v->npend++];
	p->ref = nw_arena_strndup(&v->keep, ref, strlen(ref));
	p->objid = v->objid != NULL ?
	    nw_arena_strndup(&v->keep, v->objid, strlen(v->objid)) : NULL;
	p->path = nw_arena_strndup(&v->keep, v->path, v->plen);
}

/* --- building the tree of one value from the reader ------------------------ */

static int
unreadable(struct v *v, const struct nw_error *err)
{
	v->unreadable = 1;
	v->res->err = *err;
	return -1;
}

/*
 * Build the value whose first event is ev.  Iterative: the depth is that
 * of the reader, capped by its limits.  Returns NULL (and marks the input
 * unreadable) on a reader error or when the value is too large.
 */
static struct nw_jv *
build(struct v *v, struct nw_arena *b, enum nw_json_event ev)
{
	struct nw_json *j = v->j;
	struct nw_error err;
	struct bframe *f;
	struct nw_jv *node, *done = NULL;
	unsigned long long start = nw_json_offset(j);
	size_t depth = 0, need;
	const char *text;
	size_t len;

	nw_error_clear(&err);
	for (;;) {
		node = NULL;
		switch (ev) {
		case NW_JSON_OBJECT_BEGIN:
		case NW_JSON_ARRAY_BEGIN:
			if (depth == v->bfcap) {
				v->bfcap = v->bfcap == 0 ? 16 : v->bfcap * 2;
				v->bf = xreallocarray(v->bf, v->bfcap,
				    sizeof(*v->bf));
				memset(v->bf + depth, 0,
				    (v->bfcap - depth) * sizeof(*v->bf));
			}
			f = &v->bf[depth++];
			f->node = nw_arena_alloc(b, sizeof(*f->node));
			memset(f->node, 0, sizeof(*f->node));
			f->node->t = ev == NW_JSON_OBJECT_BEGIN ? NW_JT_OBJ : NW_JT_ARR;
			f->n = 0;
			f->key = NULL;
			break;
		case NW_JSON_KEY:
			f = &v->bf[depth - 1];
			text = nw_json_text(j, &len);
			f->key = nw_arena_strndup(b, text, len);
			f->keylen = len;
			break;
		case NW_JSON_OBJECT_END:
		case NW_JSON_ARRAY_END:
			f = &v->bf[--depth];
			node = f->node;
			node->n = f->n;
			if (node->t == NW_JT_OBJ) {
				node->m = nw_arena_alloc(b,
				    f->n * sizeof(struct nw_jm) + 1);
				if (f->n > 0)
					memcpy(node->m, f->items,
					    f->n * sizeof(struct nw_jm));
			} else {
				node->a = nw_arena_alloc(b,
				    f->n * sizeof(struct nw_jv *) + 1);
				if (f->n > 0)
					memcpy(node->a, f->items,
					    f->n * sizeof(struct nw_jv *));
			}
			break;
		case NW_JSON_STRING:
		case NW_JSON_NUMBER:
			text = nw_json_text(j, &len);
			node = nw_arena_alloc(b, sizeof(*node));
			memset(node, 0, sizeof(*node));
			node->t = ev == NW_JSON_STRING ? NW_JT_STR : NW_JT_NUM;
			node->s = nw_arena_strndup(b, text, len);
			node->n = len;
			break;
		case NW_JSON_TRUE:
		case NW_JSON_FALSE:
		case NW_JSON_NULL:
			node = nw_arena_alloc(b, sizeof(*node));
			memset(node, 0, sizeof(*node));
			node->t = ev == NW_JSON_TRUE ? NW_JT_TRUE :
			    ev == NW_JSON_FALSE ? NW_JT_FALSE : NW_JT_NULL;
			break;
		case NW_JSON_ERROR:
			return unreadable(v, &err) < 0 ? NULL : NULL;
		case NW_JSON_END:
			return NULL;
		}
		if (node != NULL) {
			if (depth == 0) {
				done = node;
				break;
			}
			f = &v->bf[depth - 1];
			/*
			 * A frame's buffer serves objects and arrays in turn:
			 * its capacity counts items of the larger kind.
			 */
			need = sizeof(struct nw_jm) > sizeof(struct nw_jv *) ?
			    sizeof(struct nw_jm) : sizeof(struct nw_jv *);
			if (f->n == f->cap) {
				f->cap = f->cap == 0 ? 16 : f->cap * 2;
				f->items = xreallocarray(f->items, f->cap,
				    need);
			}
			if (f->node->t == NW_JT_OBJ) {
				struct nw_jm *m = (struct nw_jm *)f->items + f->n;

				m->k = f->key;
				m->klen = f->keylen;
				m->v = node;
			} else
				((struct nw_jv **)f->items)[f->n] = node;
			f->n++;
		}
		if (nw_json_offset(j) - start > NW_STIX_MAX_OBJECT) {
			nw_error_clear(&err);
			nw_error_set(&err, NW_E_LIMIT,
			    "one object larger than %u bytes",
			    (unsigned)NW_STIX_MAX_OBJECT);
			nw_error_where(&err, NULL, v->name);
			nw_json_path(j, err.path, sizeof(err.path));
			err.offset = (long long)nw_json_offset(j);
			return unreadable(v, &err) < 0 ? NULL : NULL;
		}
		ev = nw_json_next(j, &err);
	}
	return done;
}

static int in_list(const char *const *, const char *);

/* --- value checks (section 2) ---------------------------------------------- */

static int
int_value(const struct nw_jv *n, long long *out)
{
	size_t i = 0;

	if (n->t != NW_JT_NUM)
		return -1;
	if (n->s[0] == '-')
		i++;
	for (; i < n->n; i++)
		if (n->s[i] < '0' || n->s[i] > '9')
			return -1;
	if (n->n > 20)
		return -2;
	if (nw_parse_ll(n->s, -9007199254740991LL, 9007199254740991LL,
	    out) < 0)
		return -2;
	return 0;
}

static double
num_value(const struct nw_jv *n)
{
	return strtod(n->s, NULL);
}

static int
lower_hyphen(const char *s)
{
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '-'))
			return 0;
	return 1;
}

/* 3.1, 7.3.2.1, 11.1.1: a custom or extension property name. */
static int
prop_name_ok(const char *s)
{
	size_t n = strlen(s), i;

	if (n < 3 || n > 250)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return 0;
	return 1;
}

/* RFC 5646, syntax only: 2-8 letters, then -subtags of 1-8 alnum. */
static int
lang_ok(const char *s)
{
	size_t i = 0, k;

	for (k = 0; (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' &&
	    s[i] <= 'Z'); i++, k++)
		;
	if (k < 2 || k > 8)
		return 0;
	while (s[i] == '-') {
		i++;
		for (k = 0; (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' &&
		    s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9'); i++, k++)
			;
		if (k < 1 || k > 8)
			return 0;
	}
	return s[i] == '\0';
}

static int
type_matches(const char *type, size_t tl, const char *const *allowed)
{
	const struct nw_stix_type *t;
	char name[256];
	const char *const *a;

	if (allowed == NULL)
		return 1;
	if (tl >= sizeof(name))
		return 0;
	memcpy(name, type, tl);
	name[tl] = '\0';
	t = nw_stix_type_find(name);
	for (a = allowed; *a != NULL; a++) {
		if (strcmp(*a, "<object>") == 0)
			return t == NULL || t->kind != NW_STIX_BUNDLE;
		if (strcmp(*a, "<sdo>") == 0 && (t == NULL ||
		    t->kind == NW_STIX_SDO))
			return 1;
		if (strcmp(*a, "<sco>") == 0 && (t == NULL ||
		    t->kind == NW_STIX_SCO))
			return 1;
		if (strcmp(*a, name) == 0)
			return 1;
	}
	return 0;
}

static void
allowed_str(const char *const *allowed, char *buf, size_t sz)
{
	size_t len = 0;
	const char *const *a;

	buf[0] = '\0';
	for (a = allowed; a != NULL && *a != NULL; a++) {
		const char *w = strcmp(*a, "<sdo>") == 0 ? "an SDO" :
		    strcmp(*a, "<sco>") == 0 ? "an SCO" :
		    strcmp(*a, "<object>") == 0 ? "a STIX object" : *a;

		len += (size_t)snprintf(buf + len, len < sz ? sz - len : 0,
		    "%s%s", a == allowed ? "" : " or ", w);
		if (len >= sz)
			break;
	}
}

/* 2.9: an id reference of one of the allowed types. */
static void
check_ref(struct v *v, const struct nw_jv *n, const char *const *allowed)
{
	const char *why;
	size_t tl;
	char buf[256];

	if (n->t != NW_JT_STR) {
		ERR(v, "2.9", "an identifier must be a string, not %s",
		    jt_name(n->t));
		return;
	}
	if (nw_stix_id_parse(n->s, n->n, &tl, &why) < 0) {
		ERR(v, "2.9", "not a STIX identifier \"%s\": %s", QS(n), why);
		return;
	}
	if (!type_matches(n->s, tl, allowed)) {
		allowed_str(allowed, buf, sizeof(buf));
		ERR(v, "3.3", "must refer to %s, not \"%s\"", buf, QS(n));
		return;
	}
	ref_note(v, n->s);
}

static int
need_list(struct v *v, const struct nw_jv *n)
{
	if (n->t != NW_JT_ARR) {
		ERR(v, "2.12", "must be a list, not %s", jt_name(n->t));
		return -1;
	}
	if (n->n == 0) {
		ERR(v, "2.12", "an empty list (omit the property instead)");
		return -1;
	}
	return 0;
}

static void
check_vocab(struct v *v, const struct nw_jv *n, const struct nw_stix_vocab *voc)
{
	if (n->t != NW_JT_STR) {
		ERR(v, voc->section, "must be a string from %s, not %s",
		    voc->name, jt_name(n->t));
		return;
	}
	if (nw_stix_vocab_has(voc, n->s))
		return;
	if (voc->closed)
		ERR(v, voc->section, "\"%s\" is not a value of %s", QS(n),
		    voc->name);
	else
		WARN(v, voc->section, "\"%s\" is not in the suggested "
		    "vocabulary %s", QS(n), voc->name);
}

/* 2.3 dictionary keys. */
static int
dict_key_ok(const char *k, size_t n)
{
	size_t i;

	if (n == 0 || n > 250)
		return 0;
	for (i = 0; i < n; i++)
		if (!((k[i] >= 'a' && k[i] <= 'z') ||
		    (k[i] >= 'A' && k[i] <= 'Z') ||
		    (k[i] >= '0' && k[i] <= '9') || k[i] == '-' || k[i] == '_'))
			return 0;
	return 1;
}

static void
check_dict(struct v *v, const struct nw_jv *n)
{
	size_t i, j, old;
	int upper;

	if (n->t != NW_JT_OBJ) {
		ERR(v, "2.3", "must be a dictionary, not %s", jt_name(n->t));
		return;
	}
	if (n->n == 0) {
		ERR(v, "2.3", "an empty dictionary (omit the property "
		    "instead)");
		return;
	}
	for (i = 0; i < n->n; i++) {
		old = path_key(v, n->m[i].k);
		if (!dict_key_ok(n->m[i].k, n->m[i].klen))
			ERR(v, "2.3", "dictionary keys are ASCII letters, "
			    "digits, - and _, at most 250");
		else {
			for (upper = 0, j = 0; j < n->m[i].klen; j++)
				if (n->m[i].k[j] >= 'A' && n->m[i].k[j] <= 'Z')
					upper = 1;
			if (upper)
				WARN(v, "2.3", "dictionary keys should be "
				    "lower case");
		}
		path_back(v, old);
	}
}

static int
hex_run(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f') || (s[i] >= 'A' && s[i] <= 'F')))
			return 0;
	return 1;
}

/* 2.7 */
static void
check_hashes(struct v *v, const struct nw_jv *n)
{
	static const struct { const char *alg; size_t len; } digests[] = {
		{ "MD5", 32 }, { "SHA-1", 40 }, { "SHA-256", 64 },
		{ "SHA-512", 128 }, { "SHA3-256", 64 }, { "SHA3-512", 128 },
	};
	const struct nw_stix_vocab *voc = nw_stix_vocab_find("hash-algorithm-ov");
	size_t i, k, old;
	const struct nw_jv *h;

	if (n->t != NW_JT_OBJ) {
		ERR(v, "2.7", "hashes must be a dictionary, not %s",
		    jt_name(n->t));
		return;
	}
	if (n->n == 0) {
		ERR(v, "2.7", "an empty hashes dictionary");
		return;
	}
	for (i = 0; i < n->n; i++) {
		old = path_key(v, n->m[i].k);
		h = n->m[i].v;
		if (n->m[i].klen < 3 || !dict_key_ok(n->m[i].k, n->m[i].klen))
			ERR(v, "2.7", "hash names are 3 to 250 ASCII letters, "
			    "digits, - and _");
		else if (h->t != NW_JT_STR)
			ERR(v, "2.7", "a hash must be a string, not %s",
			    jt_name(h->t));
		else {
			for (k = 0; k < NW_NELEM(digests); k++)
				if (strcmp(digests[k].alg, n->m[i].k) == 0 &&
				    (h->n != digests[k].len ||
				    !hex_run(h->s, h->n)))
					ERR(v, "10.7", "not a %s digest: \"%s\"",
					    digests[k].alg, QS(h));
			if (!nw_stix_vocab_has(voc, n->m[i].k))
				WARN(v, "2.7", "hash algorithm \"%s\" is not in "
				    "hash-algorithm-ov", q(n->m[i].k,
				    n->m[i].klen));
		}
		path_back(v, old);
	}
}

static int
base64_ok(const char *s, size_t n)
{
	size_t i, pad = 0;

	if (n % 4 != 0)
		return 0;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c == '=') {
			pad++;
			continue;
		}
		if (pad > 0)
			return 0;
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '+' || c == '/'))
			return 0;
	}
	return pad <= 2;
}

/* 2.11 */
static void
check_killchain(struct v *v, const struct nw_jv *n)
{
	static const char *const names[] = { "kill_chain_name", "phase_name" };
	size_t i, k, old, old2;
	const struct nw_jv *p, *s;

	if (need_list(v, n) < 0)
		return;
	for (i = 0; i < n->n; i++) {
		old = path_idx(v, i);
		p = n->a[i];
		if (p->t != NW_JT_OBJ)
			ERR(v, "2.11", "a kill chain phase must be an object, "
			    "not %s", jt_name(p->t));
		else
			for (k = 0; k < 2; k++) {
				s = get(p, names[k]);
				if (s == NULL) {
					ERR(v, "2.11", "missing required "
					    "property %s", names[k]);
					continue;
				}
				old2 = path_key(v, names[k]);
				if (s->t != NW_JT_STR)
					ERR(v, "2.11", "must be a string");
				else if (!lower_hyphen(s->s))
					WARN(v, "2.11", "\"%s\" should be lower "
					    "case with hyphens", QS(s));
				path_back(v, old2);
			}
		path_back(v, old);
	}
}

static int
re_prefix_digits(const char *s, const char *pre, int year)
{
	size_t n = strlen(pre), k;

	if (strncmp(s, pre, n) != 0)
		return 0;
	s += n;
	if (year) {
		for (k = 0; k < 4; k++)
			if (s[k] < '0' || s[k] > '9')
				return 0;
		if (s[4] != '-')
			return 0;
		s += 5;
	}
	for (k = 0; s[k] >= '0' && s[k] <= '9'; k++)
		;
	return k > 0 && s[k] == '\0';
}

/* 2.5 */
static void
check_extrefs(struct v *v, const struct nw_jv *n, const char *type)
{
	size_t i, old, old2;
	const struct nw_jv *r, *src, *eid, *f;
	static const char *const strs[] = { "source_name", "description",
	    "url", "external_id" };
	size_t k;

	if (need_list(v, n) < 0)
		return;
	for (i = 0; i < n->n; i++) {
		old = path_idx(v, i);
		r = n->a[i];
		if (r->t != NW_JT_OBJ) {
			ERR(v, "2.5", "an external reference must be an "
			    "object, not %s", jt_name(r->t));
			path_back(v, old);
			continue;
		}
		for (k = 0; k < NW_NELEM(strs); k++) {
			f = get(r, strs[k]);
			if (f != NULL && f->t != NW_JT_STR) {
				old2 = path_key(v, strs[k]);
				ERR(v, "2.5", "must be a string, not %s",
				    jt_name(f->t));
				path_back(v, old2);
			}
		}
		src = get(r, "source_name");
		eid = get(r, "external_id");
		if (src == NULL)
			ERR(v, "2.5", "missing required property source_name");
		if (get(r, "description") == NULL && get(r, "url") == NULL &&
		    eid == NULL)
			ERR(v, "2.5.2", "an external reference needs one of "
			    "description, url or external_id");
		if (get(r, "url") != NULL && get(r, "hashes") == NULL)
			WARN(v, "2.5", "an external reference with a url "
			    "should have hashes of its content");
		if (get(r, "hashes") != NULL) {
			old2 = path_key(v, "hashes");
			check_hashes(v, get(r, "hashes"));
			path_back(v, old2);
		}
		if (src != NULL && src->t == NW_JT_STR && eid != NULL &&
		    eid->t == NW_JT_STR) {
			old2 = path_key(v, "external_id");
			if (strcmp(type, "attack-pattern") == 0 &&
			    strcmp(src->s, "capec") == 0 &&
			    !re_prefix_digits(eid->s, "CAPEC-", 0))
				ERR(v, "4.1", "a CAPEC id must be CAPEC-[id], "
				    "not \"%s\"", QS(eid));
			if (strcmp(type, "vulnerability") == 0 &&
			    strcmp(src->s, "cve") == 0 &&
			    !re_prefix_digits(eid->s, "CVE-", 1))
				ERR(v, "4.19", "a CVE id must be CVE-YYYY-N, "
				    "not \"%s\"", QS(eid));
			path_back(v, old2);
		}
		path_back(v, old);
	}
}

/* 7.2.3: does selector sel select something present in root? */
static int
selector_ok(const struct nw_jv *root, const char *sel)
{
	const struct nw_jv *cur = root;
	const char *p = sel, *e;
	char comp[256];
	size_t n, i;
	long long idx;

	if (*p == '\0')
		return 0;
	for (;;) {
		e = strchr(p, '.');
		n = e != NULL ? (size_t)(e - p) : strlen(p);
		if (n == 0 || n >= sizeof(comp))
			return 0;
		memcpy(comp, p, n);
		comp[n] = '\0';
		if (comp[0] == '[') {
			if (cur->t != NW_JT_ARR || comp[n - 1] != ']' || n < 3)
				return 0;
			comp[n - 1] = '\0';
			for (i = 1; comp[i] != '\0'; i++)
				if (comp[i] < '0' || comp[i] > '9')
					return 0;
			if (nw_parse_ll(comp + 1, 0, INT64_MAX, &idx) < 0 ||
			    (size_t)idx >= cur->n)
				return 0;
			cur = cur->a[idx];
		} else {
			if (cur->t != NW_JT_OBJ)
				return 0;
			cur = get(cur, comp);
			if (cur == NULL)
				return 0;
		}
		if (e == NULL)
			return 1;
		p = e + 1;
	}
}

static void
check_granular(struct v *v, const struct nw_jv *n)
{
	size_t i, k, old, old2;
	const struct nw_jv *g, *sel, *mr, *lang;

	if (need_list(v, n) < 0)
		return;
	for (i = 0; i < n->n; i++) {
		old = path_idx(v, i);
		g = n->a[i];
		if (g->t != NW_JT_OBJ) {
			ERR(v, "7.2.3", "a granular marking must be an object, "
			    "not %s", jt_name(g->t));
			path_back(v, old);
			continue;
		}
		mr = get(g, "marking_ref");
		lang = get(g, "lang");
		if ((mr == NULL) == (lang == NULL))
			ERR(v, "7.2.3", "a granular marking needs exactly one "
			    "of marking_ref and lang");
		if (mr != NULL) {
			old2 = path_key(v, "marking_ref");
			check_ref(v, mr, (const char *const[]){
			    "marking-definition", NULL });
			if (v->objid != NULL && mr->t == NW_JT_STR &&
			    strcmp(mr->s, v->objid) == 0)
				ERR(v, "3.2", "a marking definition must not "
				    "mark itself");
			path_back(v, old2);
		}
		if (lang != NULL) {
			old2 = path_key(v, "lang");
			if (lang->t != NW_JT_STR || !lang_ok(lang->s))
				ERR(v, "7.2.3", "not an RFC 5646 language "
				    "tag");
			path_back(v, old2);
		}
		sel = get(g, "selectors");
		if (sel == NULL)
			ERR(v, "7.2.3", "missing required property selectors");
		else {
			old2 = path_key(v, "selectors");
			if (need_list(v, sel) == 0)
				for (k = 0; k < sel->n; k++) {
					size_t old3 = path_idx(v, k);

					if (sel->a[k]->t != NW_JT_STR)
						ERR(v, "7.2.3", "a selector "
						    "must be a string");
					else if (!selector_ok(v->root,
					    sel->a[k]->s))
						ERR(v, "7.2.3", "selector "
						    "\"%s\" selects nothing "
						    "present in the object",
						    QS(sel->a[k]));
					path_back(v, old3);
				}
			path_back(v, old2);
		}
		path_back(v, old);
	}
}

/*
 * Custom and extension content: properties named *_ref or *_refs hold
 * identifiers (3.1); note them for strict resolution.  Recursive over a
 * tree whose depth the reader has capped.
 */
static void
walk_refs(struct v *v, const struct nw_jv *n)
{
	size_t i, k, old, old2;
	const struct nw_jv *c;
	const char *why;
	size_t tl;

	if (n->t == NW_JT_ARR) {
		for (i = 0; i < n->n; i++) {
			old = path_idx(v, i);
			walk_refs(v, n->a[i]);
			path_back(v, old);
		}
		return;
	}
	if (n->t != NW_JT_OBJ)
		return;
	for (i = 0; i < n->n; i++) {
		c = n->m[i].v;
		old = path_key(v, n->m[i].k);
		if (ends_with(n->m[i].k, "_ref") && c->t == NW_JT_STR) {
			if (nw_stix_id_parse(c->s, c->n, &tl, &why) < 0)
				WARN(v, "3.1", "a _ref property should hold an "
				    "identifier: \"%s\" (%s)", QS(c), why);
			else
				ref_note(v, c->s);
		} else if (ends_with(n->m[i].k, "_refs") && c->t == NW_JT_ARR) {
			for (k = 0; k < c->n; k++) {
				old2 = path_idx(v, k);
				if (c->a[k]->t != NW_JT_STR || nw_stix_id_parse(
				    c->a[k]->s, c->a[k]->n, &tl, &why) < 0)
					WARN(v, "3.1", "a _refs property should "
					    "hold identifiers");
				else
					ref_note(v, c->a[k]->s);
				path_back(v, old2);
			}
		} else
			walk_refs(v, c);
		path_back(v, old);
	}
}

/* What the extensions property says about the object. */
struct extinfo {
	int		 new_kind;	/* NW_STIX_SDO/SCO/SRO from new-*, or 0 */
	int		 toplevel;	/* a toplevel-property-extension */
};

/* The Incident Core Extension (cti-stix-common-objects). */
static void
check_incident_core(struct v *v, const struct nw_jv *e, const char *type)
{
	static const char *const req[] = { "determination",
	    "investigation_status" };
	const struct nw_jv *f;
	size_t k, old;

	if (strcmp(type, "incident") != 0)
		WARN(v, "7.3", "the Incident Core Extension extends incident "
		    "objects, not %s", q(type, strlen(type)));
	f = get(e, "extension_type");
	if (f != NULL && f->t == NW_JT_STR &&
	    strcmp(f->s, "property-extension") != 0)
		ERR(v, "7.3", "the Incident Core Extension is a "
		    "property-extension");
	for (k = 0; k < NW_NELEM(req); k++) {
		f = get(e, req[k]);
		if (f == NULL)
			ERR(v, "7.3", "the Incident Core Extension requires %s",
			    req[k]);
		else if (f->t != NW_JT_STR) {
			old = path_key(v, req[k]);
			ERR(v, "7.3", "must be a string");
			path_back(v, old);
		}
	}
}

/* The SCO type that predefines extension name k, or NULL. */
static const char *
predefined_elsewhere(const char *k)
{
	static const char *const scos[] = { "file", "network-traffic",
	    "process", "user-account" };
	const struct nw_stix_type *t;
	size_t i;

	for (i = 0; i < NW_NELEM(scos); i++) {
		t = nw_stix_type_find(scos[i]);
		if (t != NULL && in_list(t->extensions, k))
			return t->name;
	}
	return NULL;
}

/* 3.2, 3.10, 7.3, 11.3 */
static void
check_extensions(struct v *v, const struct nw_jv *n, const char *type,
    const struct nw_stix_type *t, int kind, struct extinfo *xi)
{
	const struct nw_stix_vocab *xt = nw_stix_vocab_find(
	    "extension-type-enum");
	const struct nw_jv *e, *et;
	const char *k, *why;
	const char *const *pre;
	size_t i, m, old, old2, tl;
	int found;

	if (n->t != NW_JT_OBJ) {
		ERR(v, "3.2", "extensions must be a dictionary, not %s",
		    jt_name(n->t));
		return;
	}
	if (n->n == 0) {
		ERR(v, "2.3", "an empty extensions dictionary");
		return;
	}
	for (i = 0; i < n->n; i++) {
		k = n->m[i].k;
		e = n->m[i].v;
		old = path_key(v, k);
		if (e->t != NW_JT_OBJ) {
			ERR(v, "3.2", "an extension must be an object, not %s",
			    jt_name(e->t));
			path_back(v, old);
			continue;
		}
		et = get(e, "extension_type");
		if (starts_with(k, "extension-definition--")) {
			if (nw_stix_id_parse(k, n->m[i].klen, &tl, &why) < 0)
				ERR(v, "2.9", "not an extension definition "
				    "id: %s", why);
			else
				ref_note(v, k);
			if (et == NULL)
				ERR(v, "7.3", "an extension defined by an "
				    "extension-definition needs "
				    "extension_type");
			else if (et->t != NW_JT_STR ||
			    !nw_stix_vocab_has(xt, et->s)) {
				old2 = path_key(v, "extension_type");
				ERR(v, "10.5", "extension_type must be a "
				    "value of extension-type-enum");
				path_back(v, old2);
			} else if (starts_with(et->s, "new-")) {
				if (t != NULL)
					ERR(v, "7.3", "an extension must not "
					    "redefine the %s type",
					    q(type, strlen(type)));
				xi->new_kind = strcmp(et->s, "new-sdo") == 0 ?
				    NW_STIX_SDO : strcmp(et->s, "new-sco") ==
				    0 ? NW_STIX_SCO : NW_STIX_SRO;
			} else if (strcmp(et->s,
			    "toplevel-property-extension") == 0)
				xi->toplevel = 1;
			for (m = 0; m < e->n; m++)
				if (strcmp(e->m[m].k, "extension_type") != 0 &&
				    !prop_name_ok(e->m[m].k)) {
					old2 = path_key(v, e->m[m].k);
					ERR(v, "7.3.2", "extension property "
					    "names are 3 to 250 of a-z, 0-9 "
					    "and _");
					path_back(v, old2);
				}
			if (strcmp(k, NW_STIX_EXT_INCIDENT_CORE) == 0)
				check_incident_core(v, e, type);
			walk_refs(v, e);
			path_back(v, old);
			continue;
		}
		if (et != NULL) {
			old2 = path_key(v, "extension_type");
			ERR(v, "3.2", "extension_type is only for extensions "
			    "keyed by an extension-definition id");
			path_back(v, old2);
		}
		found = 0;
		for (pre = t != NULL ? t->extensions : NULL;
		    pre != NULL && *pre != NULL; pre++)
			if (strcmp(*pre, k) == 0)
				found = 1;
		if (found) {
			if (e->n == 0)
				ERR(v, "3.10", "an empty extension");
			walk_refs(v, e);
		} else if (predefined_elsewhere(k) != NULL)
			ERR(v, "3.10", "%s is a predefined extension of %s, "
			    "not of %s", q(k, n->m[i].klen),
			    predefined_elsewhere(k), q(type, strlen(type)));
		else if (kind == NW_STIX_SCO && ends_with(k, "-ext") &&
		    nw_stix_type_name_ok(k, n->m[i].klen)) {
			WARN(v, "11.3", "custom extensions are deprecated; "
			    "use an extension-definition%s",
			    starts_with(k, "x-") ? "" :
			    " (and custom extension names start with x-)");
			walk_refs(v, e);
		} else
			ERR(v, "3.2", "extension key \"%s\" is neither an "
			    "extension-definition id nor a predefined "
			    "extension of %s (keys ending in -ext are for "
			    "SCOs only, 11.3)", q(k, n->m[i].klen),
			    q(type, strlen(type)));
		path_back(v, old);
	}
}

/* One property against its definition. */
static void
check_prop(struct v *v, const struct nw_stix_prop *p, const struct nw_jv *n,
    const char *type)
{
	const char *why;
	long long iv;
	size_t i, old;
	int frac, r;

	switch (p->type) {
	case NW_PT_STRING:
		if (n->t != NW_JT_STR)
			ERR(v, "2.15", "must be a string, not %s",
			    jt_name(n->t));
		break;
	case NW_PT_TIMESTAMP:
		if (n->t != NW_JT_STR)
			ERR(v, "2.16", "a timestamp must be a string, not %s",
			    jt_name(n->t));
		else if (nw_stix_timestamp_parse(n->s, n->n, &frac, &why) < 0)
			ERR(v, "2.16", "%s: \"%s\"", why, QS(n));
		break;
	case NW_PT_BOOL:
		if (n->t != NW_JT_TRUE && n->t != NW_JT_FALSE)
			ERR(v, "2.2", "must be true or false, not %s",
			    jt_name(n->t));
		break;
	case NW_PT_INT:
		r = int_value(n, &iv);
		if (r == -1)
			ERR(v, "2.10", "must be an integer%s", n->t == NW_JT_NUM ?
			    "" : ", not a non-number");
		else if (r == -2)
			ERR(v, "2.10", "integer out of the range +-(2^53-1)");
		else if (p->min < p->max && (iv < p->min || iv > p->max))
			ERR(v, "2.10", "%lld is out of the range %lld to %lld",
			    iv, p->min, p->max);
		break;
	case NW_PT_FLOAT:
		if (n->t != NW_JT_NUM)
			ERR(v, "2.6", "must be a number, not %s",
			    jt_name(n->t));
		break;
	case NW_PT_ID:
		check_ref(v, n, p->ref_types);
		break;
	case NW_PT_IDS:
		if (need_list(v, n) < 0)
			break;
		for (i = 0; i < n->n; i++) {
			old = path_idx(v, i);
			check_ref(v, n->a[i], p->ref_types);
			path_back(v, old);
		}
		break;
	case NW_PT_STRINGS:
		if (need_list(v, n) < 0)
			break;
		for (i = 0; i < n->n; i++)
			if (n->a[i]->t != NW_JT_STR) {
				old = path_idx(v, i);
				ERR(v, "2.12", "must be a string, not %s",
				    jt_name(n->a[i]->t));
				path_back(v, old);
			}
		break;
	case NW_PT_VOCAB:
		check_vocab(v, n, p->vocab);
		break;
	case NW_PT_VOCABS:
		if (need_list(v, n) < 0)
			break;
		for (i = 0; i < n->n; i++) {
			old = path_idx(v, i);
			check_vocab(v, n->a[i], p->vocab);
			path_back(v, old);
		}
		break;
	case NW_PT_DICT:
		check_dict(v, n);
		break;
	case NW_PT_HASHES:
		check_hashes(v, n);
		break;
	case NW_PT_HEX:
		if (n->t != NW_JT_STR || n->n % 2 != 0 || !lower_hyphen(n->s) ||
		    !hex_run(n->s, n->n) || strchr(n->s, '-') != NULL)
			ERR(v, "2.8", "must be an even number of lower-case "
			    "hex digits");
		break;
	case NW_PT_BINARY:
		if (n->t != NW_JT_STR || !base64_ok(n->s, n->n))
			ERR(v, "2.1", "must be base64 (RFC 4648)");
		break;
	case NW_PT_KILLCHAIN:
		check_killchain(v, n);
		break;
	case NW_PT_EXTREFS:
		check_extrefs(v, n, type);
		break;
	case NW_PT_GRANULAR:
		check_granular(v, n);
		break;
	case NW_PT_EXTENSIONS:
		break;		/* checked first, by check_object */
	case NW_PT_LANG:
		if (n->t != NW_JT_STR || !lang_ok(n->s))
			ERR(v, "3.2", "lang must be an RFC 5646 language tag");
		break;
	case NW_PT_OBJECT:
		if (n->t != NW_JT_OBJ)
			ERR(v, "2", "must be an object, not %s", jt_name(n->t));
		break;
	case NW_PT_LIST:
		need_list(v, n);
		break;
	case NW_PT_RESERVED:
		ERR(v, "3.8", "a reserved property name");
		break;
	}
}

/* --- rules of particular types ------------------------------------------- */

/* A valid timestamp property, or NULL. */
static const char *
ts(const struct nw_jv *o, const char *k)
{
	const char *s = gets_(o, k), *why;
	int frac;

	if (s == NULL || nw_stix_timestamp_parse(s, strlen(s), &frac,
	    &why) < 0)
		return NULL;
	return s;
}

/* later must not be earlier (or, strictly, must be later) than earlier. */
static void
order(struct v *v, const struct nw_jv *o, const char *earlier,
    const char *later, int strict, const char *sec)
{
	const char *a = ts(o, earlier), *b = ts(o, later);
	size_t old;
	int c;

	if (a == NULL || b == NULL)
		return;
	c = nw_stix_timestamp_cmp(b, a);
	if (c < 0 || (strict && c == 0)) {
		old = path_key(v, later);
		ERR(v, sec, "%s must be %s %s", later,
		    strict ? "later than" : "later than or equal to", earlier);
		path_back(v, old);
	}
}

static void
rules_location(struct v *v, const struct nw_jv *o)
{
	const struct nw_jv *lat = get(o, "latitude"), *lon = get(o, "longitude");
	const char *c = gets_(o, "country");
	size_t old;

	if (get(o, "region") == NULL && c == NULL && (lat == NULL ||
	    lon == NULL))
		ERR(v, "4.10", "a location needs region, country, or "
		    "latitude and longitude");
	if ((lat == NULL) != (lon == NULL))
		ERR(v, "4.10", "latitude and longitude go together");
	if (get(o, "precision") != NULL && (lat == NULL || lon == NULL))
		ERR(v, "4.10", "precision needs latitude and longitude");
	if (lat != NULL && lat->t == NW_JT_NUM && (num_value(lat) < -90.0 ||
	    num_value(lat) > 90.0)) {
		old = path_key(v, "latitude");
		ERR(v, "4.10", "latitude out of -90..90");
		path_back(v, old);
	}
	if (lon != NULL && lon->t == NW_JT_NUM && (num_value(lon) < -180.0 ||
	    num_value(lon) > 180.0)) {
		old = path_key(v, "longitude");
		ERR(v, "4.10", "longitude out of -180..180");
		path_back(v, old);
	}
	if (c != NULL && !(strlen(c) == 2 && c[0] >= 'A' && c[0] <= 'Z' &&
	    c[1] >= 'A' && c[1] <= 'Z')) {
		old = path_key(v, "country");
		WARN(v, "4.10", "country should be an ISO 3166-1 alpha-2 "
		    "code: \"%s\"", q(c, strlen(c)));
		path_back(v, old);
	}
}

static void
rules_relationship(struct v *v, const struct nw_jv *o)
{
	const char *rt = gets_(o, "relationship_type");
	const char *s = gets_(o, "source_ref"), *d = gets_(o, "target_ref");
	const char *ss, *ds, *why;
	char st[256], dt[256];
	size_t old, sl, dl;

	if (rt != NULL && !nw_stix_type_name_ok(rt, strlen(rt))) {
		old = path_key(v, "relationship_type");
		ERR(v, "3.1", "relationship types are lower case words "
		    "separated by hyphens: \"%s\"", q(rt, strlen(rt)));
		path_back(v, old);
		rt = NULL;
	}
	order(v, o, "start_time", "stop_time", 1, "5.1");
	if (rt == NULL || s == NULL || d == NULL ||
	    nw_stix_id_parse(s, strlen(s), &sl, &why) < 0 ||
	    nw_stix_id_parse(d, strlen(d), &dl, &why) < 0 ||
	    sl >= sizeof(st) || dl >= sizeof(dt))
		return;
	ss = memcpy(st, s, sl);
	st[sl] = '\0';
	ds = memcpy(dt, d, dl);
	dt[dl] = '\0';
	if (!nw_stix_relationship_defined(ss, rt, ds)) {
		old = path_key(v, "relationship_type");
		WARN(v, "B", "\"%s\" from %s to %s is not a relationship the "
		    "specification defines", q(rt, strlen(rt)), st, dt);
		path_back(v, old);
	}
}

static void
rules_marking(struct v *v, const struct nw_jv *o)
{
	const struct nw_jv *ext = get(o, "extensions"), *def = get(o, "definition");
	const struct nw_jv *tl2, *lvl, *f;
	const char *dtype = gets_(o, "definition_type");
	const char *id = gets_(o, "id"), *name = gets_(o, "name");
	const char *created = gets_(o, "created");
	const struct nw_stix_tlp *tlp;
	size_t i, old;

	if (ext == NULL && (dtype == NULL || def == NULL))
		ERR(v, "7.2.1", "a marking definition without extensions "
		    "needs definition_type and definition");
	if (dtype != NULL && strcmp(dtype, "tlp") == 0 && def != NULL) {
		f = get(def, "tlp");
		tlp = f != NULL && f->t == NW_JT_STR ?
		    nw_stix_tlp_by_level(1, f->s) : NULL;
		old = path_key(v, "definition");
		if (def->t != NW_JT_OBJ || def->n != 1 || tlp == NULL)
			ERR(v, "7.2.1.4", "a TLP definition is {\"tlp\": "
			    "white, green, amber or red}");
		else if (id == NULL || strcmp(id, tlp->id) != 0 ||
		    (name != NULL && strcmp(name, tlp->name) != 0) ||
		    created == NULL || strcmp(created, tlp->created) != 0)
			ERR(v, "7.2.1.4", "only the standard %s marking "
			    "definition (%s, created %s) may be used",
			    tlp->name, tlp->id, tlp->created);
		path_back(v, old);
	} else if (dtype != NULL && strcmp(dtype, "statement") == 0 &&
	    def != NULL) {
		f = get(def, "statement");
		if (def->t != NW_JT_OBJ || f == NULL || f->t != NW_JT_STR) {
			old = path_key(v, "definition");
			ERR(v, "7.2.1.3", "a statement definition is "
			    "{\"statement\": string}");
			path_back(v, old);
		}
	} else if (dtype != NULL && def != NULL && def->t != NW_JT_OBJ) {
		old = path_key(v, "definition");
		ERR(v, "7.2.1", "definition must be an object");
		path_back(v, old);
	} else if (dtype != NULL)
		WARN(v, "7.2.1", "definition_type \"%s\" is not statement or "
		    "tlp", q(dtype, strlen(dtype)));
	if (id != NULL && (tlp = nw_stix_tlp_by_id(id)) != NULL &&
	    tlp->version == 1 && (dtype == NULL || strcmp(dtype, "tlp") != 0))
		ERR(v, "7.2.1.4", "%s is the id of the standard %s marking",
		    id, tlp->name);
	tl2 = get(ext, NW_STIX_EXT_TLP2);
	if (tl2 != NULL && tl2->t == NW_JT_OBJ) {
		lvl = get(tl2, "tlp_2_0");
		tlp = lvl != NULL && lvl->t == NW_JT_STR ?
		    nw_stix_tlp_by_level(2, lvl->s) : NULL;
		old = path_key(v, "extensions");
		if (tlp == NULL)
			ERR(v, "7.2.1.4", "tlp_2_0 must be clear, green, "
			    "amber, amber+strict or red");
		else if (id == NULL || strcmp(id, tlp->id) != 0 ||
		    (name != NULL && strcmp(name, tlp->name) != 0) ||
		    created == NULL || strcmp(created, tlp->created) != 0)
			ERR(v, "7.2.1.4", "only the standard TLP 2.0 %s marking "
			    "definition (%s, created %s) may be used",
			    tlp->name, tlp->id, tlp->created);
		path_back(v, old);
	}
	f = get(o, "object_marking_refs");
	if (f != NULL && f->t == NW_JT_ARR && id != NULL)
		for (i = 0; i < f->n; i++)
			if (f->a[i]->t == NW_JT_STR && strcmp(f->a[i]->s, id) == 0) {
				old = path_key(v, "object_marking_refs");
				ERR(v, "3.2", "a marking definition must not "
				    "mark itself");
				path_back(v, old);
			}
}

static void
rules_type(struct v *v, const struct nw_jv *o, const char *type)
{
	const struct nw_jv *f, *g;
	size_t i, old;
	char why[160];

	if (strcmp(type, "indicator") == 0) {
		order(v, o, "valid_from", "valid_until", 1, "4.7");
		f = get(o, "pattern");
		g = get(o, "pattern_type");
		if (f != NULL && f->t == NW_JT_STR && g != NULL && g->t == NW_JT_STR &&
		    strcmp(g->s, "stix") == 0 &&
		    nw_stix_pattern_check(f->s, why, sizeof(why)) < 0) {
			old = path_key(v, "pattern");
			ERR(v, "9", "not a valid STIX pattern: %s", why);
			path_back(v, old);
		}
	} else if (strcmp(type, "location") == 0)
		rules_location(v, o);
	else if (strcmp(type, "malware") == 0) {
		f = get(o, "is_family");
		if (f != NULL && f->t == NW_JT_TRUE && get(o, "name") == NULL)
			ERR(v, "4.11", "a malware family (is_family true) "
			    "needs a name");
		order(v, o, "first_seen", "last_seen", 0, "4.11");
	} else if (strcmp(type, "malware-analysis") == 0) {
		if (get(o, "result") == NULL &&
		    get(o, "analysis_sco_refs") == NULL)
			ERR(v, "4.12", "malware-analysis needs result or "
			    "analysis_sco_refs");
	} else if (strcmp(type, "observed-data") == 0) {
		order(v, o, "first_observed", "last_observed", 0, "4.14");
		f = get(o, "objects");
		g = get(o, "object_refs");
		if ((f == NULL) == (g == NULL))
			ERR(v, "4.14", "observed-data needs exactly one of "
			    "objects and object_refs");
	} else if (strcmp(type, "campaign") == 0 ||
	    strcmp(type, "intrusion-set") == 0 ||
	    strcmp(type, "threat-actor") == 0 ||
	    strcmp(type, "infrastructure") == 0)
		order(v, o, "first_seen", "last_seen", 0, "4");
	else if (strcmp(type, "sighting") == 0)
		order(v, o, "first_seen", "last_seen", 0, "5.2");
	else if (strcmp(type, "relationship") == 0)
		rules_relationship(v, o);
	else if (strcmp(type, "marking-definition") == 0)
		rules_marking(v, o);
	else if (strcmp(type, "extension-definition") == 0) {
		f = get(o, "extension_types");
		g = get(o, "extension_properties");
		for (i = 0; f != NULL && f->t == NW_JT_ARR && i < f->n; i++)
			if (f->a[i]->t == NW_JT_STR && strcmp(f->a[i]->s,
			    "toplevel-property-extension") == 0)
				break;
		if (g != NULL && (f == NULL || f->t != NW_JT_ARR || i == f->n))
			ERR(v, "7.3.1", "extension_properties only with "
			    "toplevel-property-extension");
		if (g == NULL && f != NULL && f->t == NW_JT_ARR && i < f->n)
			WARN(v, "7.3.1", "a toplevel-property-extension should "
			    "list its extension_properties");
		if (get(o, "description") == NULL)
			WARN(v, "7.3.1", "an extension definition should have "
			    "a description");
	} else if (strcmp(type, "language-content") == 0) {
		f = get(o, "contents");
		for (i = 0; f != NULL && f->t == NW_JT_OBJ && i < f->n; i++)
			if (!lang_ok(f->m[i].k) || f->m[i].v->t != NW_JT_OBJ) {
				old = path_key(v, "contents");
				ERR(v, "7.1", "contents maps RFC 5646 language "
				    "tags to objects");
				path_back(v, old);
				break;
			}
	} else if (strcmp(type, "file") == 0) {
		if (get(o, "hashes") == NULL && get(o, "name") == NULL)
			ERR(v, "6.7", "a file needs hashes or name");
	} else if (strcmp(type, "artifact") == 0) {
		f = get(o, "payload_bin");
		g = get(o, "url");
		if ((f == NULL) == (g == NULL))
			ERR(v, "6.1", "an artifact needs exactly one of "
			    "payload_bin and url");
		if (g != NULL && get(o, "hashes") == NULL)
			ERR(v, "6.1", "an artifact with a url needs hashes");
	} else if (strcmp(type, "network-traffic") == 0) {
		if (get(o, "src_ref") == NULL && get(o, "dst_ref") == NULL)
			ERR(v, "6.12", "network-traffic needs src_ref or "
			    "dst_ref");
		order(v, o, "start", "end", 0, "6.12");
	} else if (strcmp(type, "email-message") == 0) {
		f = get(o, "is_multipart");
		if (f != NULL && f->t == NW_JT_TRUE && get(o, "body") != NULL)
			ERR(v, "6.6", "a multipart message has body_multipart, "
			    "not body");
		if (f != NULL && f->t == NW_JT_FALSE &&
		    get(o, "body_multipart") != NULL)
			ERR(v, "6.6", "body_multipart only when is_multipart "
			    "is true");
	}
}

/* --- one object ------------------------------------------------------------ */

/* The kind a new-sdo / new-sco / new-sro extension gives, or 0. */
static int
new_kind(const struct nw_jv *ext)
{
	const char *et;
	size_t i;

	if (ext == NULL || ext->t != NW_JT_OBJ)
		return 0;
	for (i = 0; i < ext->n; i++) {
		if (!starts_with(ext->m[i].k, "extension-definition--"))
			continue;
		et = gets_(ext->m[i].v, "extension_type");
		if (et == NULL)
			continue;
		if (strcmp(et, "new-sdo") == 0)
			return NW_STIX_SDO;
		if (strcmp(et, "new-sco") == 0)
			return NW_STIX_SCO;
		if (strcmp(et, "new-sro") == 0)
			return NW_STIX_SRO;
	}
	return 0;
}

static int
in_list(const char *const *l, const char *s)
{
	for (; l != NULL && *l != NULL; l++)
		if (strcmp(*l, s) == 0)
			return 1;
	return 0;
}

static const char *
kind_name(int kind)
{
	switch (kind) {
	case NW_STIX_SDO: return "SDO";
	case NW_STIX_SRO: return "SRO";
	case NW_STIX_SCO: return "SCO";
	case NW_STIX_META: return "meta";
	default: return "custom";
	}
}

/* A property the specification does not define for this object. */
static void
check_custom_prop(struct v *v, const char *k, const struct nw_jv *val,
    int custom_type, const struct extinfo *xi)
{
	const char *why;
	size_t i, old, tl;

	if (!prop_name_ok(k))
		ERR(v, custom_type ? "11.2.1" : "11.1.1", "custom property "
		    "names are 3 to 250 of a-z, 0-9 and _");
	else if (!custom_type && !xi->toplevel)
		WARN(v, "11.1", "custom properties are deprecated; use a "
		    "property extension (7.3)%s", starts_with(k, "x_") ? "" :
		    ", and custom property names start with x_");
	/* *_ref and *_refs hold identifiers (3.1). */
	if (ends_with(k, "_ref") && val->t == NW_JT_STR) {
		if (nw_stix_id_parse(val->s, val->n, &tl, &why) < 0)
			WARN(v, "3.1", "a _ref property should hold an "
			    "identifier: \"%s\" (%s)", QS(val), why);
		else
			ref_note(v, val->s);
		return;
	}
	if (ends_with(k, "_refs") && val->t == NW_JT_ARR) {
		for (i = 0; i < val->n; i++) {
			old = path_idx(v, i);
			if (val->a[i]->t != NW_JT_STR || nw_stix_id_parse(
			    val->a[i]->s, val->a[i]->n, &tl, &why) < 0)
				WARN(v, "3.1", "a _refs property should hold "
				    "identifiers");
			else
				ref_note(v, val->a[i]->s);
			path_back(v, old);
		}
		return;
	}
	walk_refs(v, val);
}

static void
check_object(struct v *v, struct nw_jv *o)
{
	const struct nw_stix_type *t;
	const struct nw_stix_prop *p, *common;
	const char *type, *why, *idstr, *s;
	const char *const *na;
	const struct nw_jv *idn, *ext, *sv;
	struct extinfo xi;
	size_t i, old, tl;
	int kind, custom, ver, frac;
	static const char *const vt[] = { "created", "modified" };

	v->root = o;
	v->objid = NULL;
	v->res->objects++;
	if (o->t != NW_JT_OBJ) {
		ERR(v, "8", "a STIX object must be a JSON object, not %s",
		    jt_name(o->t));
		return;
	}
	idstr = gets_(o, "id");
	v->objid = idstr;
	type = gets_(o, "type");
	if (type == NULL) {
		ERR(v, "3.2", get(o, "type") == NULL ? "missing required "
		    "property type" : "type must be a string");
		return;
	}
	t = nw_stix_type_find(type);
	if (t != NULL && t->kind == NW_STIX_BUNDLE) {
		ERR(v, "8", "a bundle is not a STIX object and cannot be in "
		    "one");
		return;
	}
	custom = t == NULL;
	if (custom && !nw_stix_type_name_ok(type, strlen(type))) {
		old = path_key(v, "type");
		ERR(v, "11.2.1", "\"%s\" is not a valid type name (a-z, 0-9 "
		    "and single hyphens, 3 to 250 characters)",
		    q(type, strlen(type)));
		path_back(v, old);
	}
	ext = get(o, "extensions");
	memset(&xi, 0, sizeof(xi));
	kind = t != NULL ? (int)t->kind : new_kind(ext);
	if (ext != NULL) {
		old = path_key(v, "extensions");
		check_extensions(v, ext, type, t, kind, &xi);
		path_back(v, old);
	}
	if (custom && kind == 0)
		WARN(v, "11.2", "custom object type \"%s\": custom objects are "
		    "deprecated; define the type with an extension-definition "
		    "(new-sdo, new-sco or new-sro)%s", q(type, strlen(type)),
		    starts_with(type, "x-") ? "" :
		    ", and custom type names start with x-");

	/* 2.9, 3.2: the id. */
	idn = get(o, "id");
	if (idn == NULL)
		ERR(v, "3.2", "missing required property id");
	else {
		old = path_key(v, "id");
		if (idn->t != NW_JT_STR)
			ERR(v, "2.9", "id must be a string");
		else if ((ver = nw_stix_id_parse(idn->s, idn->n, &tl,
		    &why)) < 0)
			ERR(v, "2.9", "not a STIX identifier \"%s\": %s",
			    QS(idn), why);
		else if (tl != strlen(type) || strncmp(idn->s, type, tl) != 0)
			ERR(v, "2.9", "the id must start with the object's type "
			    "\"%s--\"", q(type, strlen(type)));
		else {
			if (kind == NW_STIX_SCO && ver != 5)
				WARN(v, "2.9", "SCO ids should be UUIDv5 "
				    "(deterministic), not version %d", ver);
			/*
			 * 2.9: SDO, SRO and meta ids SHOULD be UUIDv4, and
			 * "producers using something other than UUIDv4" may,
			 * with a namespace of their own: UUIDv5 is that
			 * allowance (deterministic ids, as normwatch's
			 * exports use), any other version is warned of.
			 */
			else if (kind != NW_STIX_SCO && kind != 0 && ver != 4 &&
			    ver != 5)
				WARN(v, "2.9", "%s ids should be UUIDv4 (or "
				    "UUIDv5 in the producer's own namespace), "
				    "not version %d", kind_name(kind), ver);
			if (id_add(v, idn->s, gets_(o, "modified")))
				WARN(v, "3.6", "the same object (id and "
				    "modified) appears more than once");
		}
		path_back(v, old);
	}
	sv = get(o, "spec_version");
	if (sv != NULL && (sv->t != NW_JT_STR || strcmp(sv->s, "2.1") != 0)) {
		old = path_key(v, "spec_version");
		ERR(v, "3.2", "spec_version must be \"2.1\"");
		path_back(v, old);
	}

	/* Every property against its definition. */
	common = nw_stix_common_props(kind != 0 ? (enum nw_stix_kind)kind :
	    NW_STIX_BUNDLE);
	na = nw_stix_common_na(kind != 0 ? (enum nw_stix_kind)kind :
	    NW_STIX_BUNDLE);
	for (i = 0; i < o->n; i++) {
		const char *k = o->m[i].k;

		if (strcmp(k, "type") == 0 || strcmp(k, "id") == 0 ||
		    strcmp(k, "extensions") == 0 ||
		    strcmp(k, "spec_version") == 0)
			continue;
		p = NULL;
		if (t != NULL)
			p = nw_stix_prop_find(t, k);
		else {
			const struct nw_stix_prop *c;

			for (c = common; c->name != NULL; c++)
				if (strcmp(c->name, k) == 0)
					p = c;
			/* Deprecated custom objects: common properties. */
			if (kind == 0)
				for (c = nw_stix_common_props(NW_STIX_SDO);
				    c->name != NULL; c++)
					if (strcmp(c->name, k) == 0)
						p = c;
		}
		old = path_key(v, k);
		if (p != NULL) {
			if (p->flags & NW_SP_DEPRECATED)
				WARN(v, "2.13", "%s is deprecated", k);
			check_prop(v, p, o->m[i].v, type);
		} else if (nw_stix_reserved_name(k))
			ERR(v, "3.8", "\"%s\" is a reserved property name", k);
		else if (in_list(na, k) || (kind == NW_STIX_META &&
		    (strcmp(k, "defanged") == 0 || nw_stix_prop_find(
		    nw_stix_type_find("attack-pattern"), k) != NULL)))
			ERR(v, "3.2", "%s is not used on %s objects", k,
			    kind_name(kind));
		else
			check_custom_prop(v, k, o->m[i].v, custom, &xi);
		path_back(v, old);
	}

	/* Required properties. */
	if (t != NULL)
		for (p = t->props; p->name != NULL; p++)
			if ((p->flags & NW_SP_REQUIRED) && get(o, p->name) ==
			    NULL)
				ERR(v, t->section, "missing required property "
				    "%s", p->name);
	if (kind != 0 && (t == NULL || t->kind != NW_STIX_META))
		for (p = common; p->name != NULL; p++)
			if ((p->flags & NW_SP_REQUIRED) && get(o, p->name) ==
			    NULL && strcmp(p->name, "id") != 0 &&
			    strcmp(p->name, "type") != 0)
				ERR(v, "3.2", "missing required property %s",
				    p->name);

	/* 3.2: created and modified to the millisecond, in order. */
	if (kind != NW_STIX_SCO) {
		for (i = 0; i < NW_NELEM(vt); i++) {
			s = gets_(o, vt[i]);
			if (s != NULL && nw_stix_timestamp_parse(s, strlen(s),
			    &frac, &why) == 0 && frac < 3) {
				old = path_key(v, vt[i]);
				ERR(v, "3.2", "%s must be precise to the "
				    "millisecond (three sub-second digits): "
				    "\"%s\"", vt[i], q(s, strlen(s)));
				path_back(v, old);
			}
		}
		order(v, o, "created", "modified", 0, "3.2");
	}
	rules_type(v, o, type);
}

/* --- bundles and the document ------------------------------------------------ */

static void
path_set(struct v *v, const char *p)
{
	v->plen = nw_strlcpy(v->path, p, sizeof(v->path));
	if (v->plen >= sizeof(v->path))
		v->plen = sizeof(v->path) - 1;
}

/*
 * Check the items of the array just begun as STIX objects, one at a
 * time.  base is the array's path.  Returns the count, or -1 when the
 * input became unreadable.
 */
static long long
stream_objects(struct v *v, const char *base)
{
	struct nw_error err;
	enum nw_json_event ev;
	struct nw_jv *o;
	long long n = 0;

	nw_error_clear(&err);
	for (;;) {
		ev = nw_json_next(v->j, &err);
		if (ev == NW_JSON_ARRAY_END)
			return n;
		if (ev == NW_JSON_ERROR)
			return unreadable(v, &err);
		if (n >= NW_STIX_MAX_OBJECTS) {
			nw_error_clear(&err);
			nw_error_where(&err, NULL, v->name);
			nw_error_set(&err, NW_E_LIMIT, "more than %d objects",
			    NW_STIX_MAX_OBJECTS);
			nw_strlcpy(err.path, base, sizeof(err.path));
			return unreadable(v, &err);
		}
		path_set(v, base);
		path_idx(v, (size_t)n);
		o = build(v, &v->tree, ev);
		if (o == NULL)
			return -1;
		check_object(v, o);
		nw_arena_reset(&v->tree);
		n++;
	}
}

struct topm {
	const char	*k;
	struct nw_jv	*v;
};

static void
check_bundle(struct v *v, const struct nw_jv *top, int streamed, long long n)
{
	const char *type = gets_(top, "type"), *why;
	const struct nw_jv *idn, *objs;
	size_t i, old, tl;
	int ver;

	path_set(v, "$");
	v->root = (struct nw_jv *)top;
	idn = get(top, "id");
	v->objid = idn != NULL && idn->t == NW_JT_STR ? idn->s : NULL;
	if (type == NULL || strcmp(type, "bundle") != 0) {
		old = path_key(v, "type");
		ERR(v, "8", "an object holding a list of objects must be a "
		    "bundle (type \"bundle\")");
		path_back(v, old);
	}
	if (idn == NULL)
		ERR(v, "8.1", "missing required property id");
	else {
		old = path_key(v, "id");
		if (idn->t != NW_JT_STR)
			ERR(v, "2.9", "id must be a string");
		else if ((ver = nw_stix_id_parse(idn->s, idn->n, &tl,
		    &why)) < 0)
			ERR(v, "2.9", "not a STIX identifier \"%s\": %s",
			    QS(idn), why);
		else if (tl != 6 || strncmp(idn->s, "bundle", 6) != 0)
			ERR(v, "2.9", "a bundle id starts with \"bundle--\"");
		else if (ver != 4 && ver != 5)	/* as for objects, above */
			WARN(v, "2.9", "bundle ids should be UUIDv4 (or UUIDv5 "
			    "in the producer's own namespace), not version %d",
			    ver);
		path_back(v, old);
	}
	for (i = 0; i < top->n; i++) {
		const char *k = top->m[i].k;

		if (strcmp(k, "type") == 0 || strcmp(k, "id") == 0 ||
		    strcmp(k, "objects") == 0)
			continue;
		old = path_key(v, k);
		if (strcmp(k, "spec_version") == 0)
			ERR(v, "8.1", "a STIX 2.1 bundle has no spec_version "
			    "(STIX 2.0 content?)");
		else
			WARN(v, "8", "custom property on a bundle (consumers "
			    "need not keep it)");
		path_back(v, old);
	}
	objs = get(top, "objects");
	if (!streamed && objs != NULL) {
		old = path_key(v, "objects");
		if (objs->t != NW_JT_ARR)
			ERR(v, "8.1", "objects must be a list, not %s",
			    jt_name(objs->t));
		path_back(v, old);
	}
	if (streamed && n == 0) {
		old = path_key(v, "objects");
		ERR(v, "2.12", "an empty list (omit objects instead)");
		path_back(v, old);
	}
}

/* The top-level object: a bundle (streamed) or one STIX object. */
static int
check_top(struct v *v, struct nw_arena *topb)
{
	struct nw_error err;
	enum nw_json_event ev;
	struct topm *ms = NULL;
	size_t n = 0, cap = 0, i;
	const char *type = NULL, *text;
	char *key;
	size_t len;
	long long nobj = 0;
	int streamed = 0, rc = -1;
	struct nw_jv *top, *val;

	nw_error_clear(&err);
	for (;;) {
		ev = nw_json_next(v->j, &err);
		if (ev == NW_JSON_OBJECT_END)
			break;
		if (ev != NW_JSON_KEY) {
			unreadable(v, &err);
			goto out;
		}
		text = nw_json_text(v->j, &len);
		key = nw_arena_strndup(topb, text, len);
		ev = nw_json_next(v->j, &err);
		if (ev == NW_JSON_ERROR) {
			unreadable(v, &err);
			goto out;
		}
		if (strcmp(key, "objects") == 0 && ev == NW_JSON_ARRAY_BEGIN &&
		    (type == NULL || strcmp(type, "bundle") == 0)) {
			nobj = stream_objects(v, "$.objects");
			if (nobj < 0)
				goto out;
			streamed = 1;
			continue;
		}
		val = build(v, topb, ev);
		if (val == NULL)
			goto out;
		if (strcmp(key, "type") == 0 && val->t == NW_JT_STR)
			type = val->s;
		if (n == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			ms = xreallocarray(ms, cap, sizeof(*ms));
		}
		ms[n].k = key;
		ms[n].v = val;
		n++;
	}
	top = nw_arena_alloc(topb, sizeof(*top));
	memset(top, 0, sizeof(*top));
	top->t = NW_JT_OBJ;
	top->n = n;
	top->m = nw_arena_alloc(topb, n * sizeof(struct nw_jm) + 1);
	for (i = 0; i < n; i++) {
		top->m[i].k = ms[i].k;
		top->m[i].klen = strlen(ms[i].k);
		top->m[i].v = ms[i].v;
	}
	if (streamed || (type != NULL && strcmp(type, "bundle") == 0))
		check_bundle(v, top, streamed, nobj);
	else {
		path_set(v, "$");
		check_object(v, top);
	}
	rc = 0;
out:
	free(ms);
	return rc;
}

/* What a run allocates, kept for the next run. */
struct nw_stixval_cache {
	struct nw_arena	 tree, keep, top;
	struct idrec	*ids;
	size_t		 idcap;
	size_t		 used[16];	/* the slots the last run filled */
	size_t		 nused;
	struct pending	*pend;
	size_t		 pendcap;
	struct bframe	*bf;
	size_t		 bfcap;
};

struct nw_stixval_cache *
nw_stixval_cache_new(void)
{
	return xcalloc(1, sizeof(struct nw_stixval_cache));
}

void
nw_stixval_cache_free(struct nw_stixval_cache *c)
{
	size_t i;

	if (c == NULL)
		return;
	nw_arena_release(&c->tree);
	nw_arena_release(&c->keep);
	nw_arena_release(&c->top);
	for (i = 0; i < c->bfcap; i++)
		free(c->bf[i].items);
	free(c->bf);
	free(c->ids);
	free(c->pend);
	free(c);
}

/* Take the buffers a cache kept (or start empty). */
static void
v_begin(struct v *v, struct nw_arena *topb, const struct nw_stixval_opts *opts,
    struct nw_stixval_result *res)
{
	static const struct nw_stixval_opts defaults;
	struct nw_stixval_cache *c = opts != NULL ? opts->cache : NULL;

	memset(res, 0, sizeof(*res));
	nw_error_clear(&res->err);
	memset(v, 0, sizeof(*v));
	memset(topb, 0, sizeof(*topb));
	if (c != NULL) {
		/* take the buffers of the last run, emptied */
		v->tree = c->tree;
		v->keep = c->keep;
		*topb = c->top;
		nw_arena_reset(&v->tree);
		nw_arena_reset(&v->keep);
		nw_arena_reset(topb);
		v->ids = c->ids;
		v->idcap = c->idcap;
		if (v->ids != NULL && c->nused <= NW_NELEM(c->used)) {
			size_t i;

			for (i = 0; i < c->nused; i++)
				memset(&v->ids[c->used[i]], 0,
				    sizeof(*v->ids));
		} else if (v->ids != NULL)
			memset(v->ids, 0, v->idcap * sizeof(*v->ids));
		v->pend = c->pend;
		v->pendcap = c->pendcap;
		v->bf = c->bf;
		v->bfcap = c->bfcap;
	}
	v->opts = opts != NULL ? opts : &defaults;
	v->res = res;
	v->strict = (v->opts->flags & NW_STIXVAL_STRICT) != 0;
	path_set(v, "$");
}

/* Strict: every reference resolves inside the bundle. */
static void
v_resolve(struct v *v)
{
	size_t i;

	for (i = 0; i < v->npend; i++) {
		if (id_find(v, v->pend[i].ref) != NULL)
			continue;
		path_set(v, v->pend[i].path);
		v->objid = v->pend[i].objid;
		ERR(v, "3.3", "%s is not in the bundle (strict: every "
		    "reference must resolve)", v->pend[i].ref);
	}
}

/* Give the buffers back to the cache, or free them. */
static void
v_end(struct v *v, struct nw_arena *topb)
{
	struct nw_stixval_cache *c = v->opts->cache;
	size_t i;

	if (c != NULL) {
		c->tree = v->tree;
		c->keep = v->keep;
		c->top = *topb;
		c->ids = v->ids;
		c->idcap = v->idcap;
		c->nused = v->nused;
		memcpy(c->used, v->used, sizeof(c->used));
		c->pend = v->pend;
		c->pendcap = v->pendcap;
		c->bf = v->bf;
		c->bfcap = v->bfcap;
		return;
	}
	nw_arena_release(&v->tree);
	nw_arena_release(&v->keep);
	nw_arena_release(topb);
	for (i = 0; i < v->bfcap; i++)
		free(v->bf[i].items);
	free(v->bf);
	free(v->ids);
	free(v->pend);
}

int
nw_stixval_run(struct nw_json *j, const struct nw_stixval_opts *opts,
    struct nw_stixval_result *res)
{
	struct v v;
	struct nw_arena topb;
	struct nw_error err;
	enum nw_json_event ev;
	struct nw_jv *o;

	v_begin(&v, &topb, opts, res);
	v.j = j;
	nw_error_clear(&err);

	ev = nw_json_next(j, &err);
	if (ev == NW_JSON_ERROR)
		unreadable(&v, &err);
	else if (ev == NW_JSON_OBJECT_BEGIN)
		check_top(&v, &topb);
	else if (ev == NW_JSON_ARRAY_BEGIN) {
		ERR(&v, "8", "a JSON array is not a STIX bundle; its items "
		    "are checked as objects");
		stream_objects(&v, "$");
	} else {
		o = build(&v, &topb, ev);
		if (o != NULL)
			ERR(&v, "8", "the document is %s, not a STIX bundle or "
			    "object", jt_name(o->t));
	}
	if (!v.unreadable) {
		ev = nw_json_next(j, &err);
		if (ev != NW_JSON_END)
			unreadable(&v, &err);
	}
	if (!v.unreadable)
		v_resolve(&v);
	if (v.unreadable) {
		struct nw_stixval_msg m;

		/* The reader's error is one more error message. */
		memset(&m, 0, sizeof(m));
		m.severity = NW_STIXVAL_ERROR;
		m.section = "";
		nw_strlcpy(m.path, res->err.path, sizeof(m.path));
		if (res->err.offset >= 0)
			snprintf(m.text, sizeof(m.text), "%.400s (%s at offset %lld)",
			    res->err.msg, nw_errcode_name(res->err.code),
			    res->err.offset);
		else
			snprintf(m.text, sizeof(m.text), "%.400s (%s)",
			    res->err.msg, nw_errcode_name(res->err.code));
		res->errors++;
		if (res->nmsgs < NW_STIX_MAX_KEPT && !v.opts->keep_none) {
			if (res->msgs == NULL)
				res->msgs = xcalloc(NW_STIX_MAX_KEPT, sizeof(m));
			res->msgs[res->nmsgs++] = m;
		}
		if (v.opts->fn != NULL)
			v.opts->fn(&m, v.opts->arg);
		res->status = NW_STIXVAL_UNREADABLE;
	} else
		res->status = res->errors > 0 ? NW_STIXVAL_INVALID :
		    NW_STIXVAL_VALID;
	v_end(&v, &topb);
	return res->status;
}

int
nw_stixval_tree(const struct nw_jv *obj, const char *name,
    const struct nw_stixval_opts *opts, struct nw_stixval_result *res)
{
	struct v v;
	struct nw_arena topb;

	v_begin(&v, &topb, opts, res);
	v.name = name;
	/* the checks read the tree only */
	check_object(&v, (struct nw_jv *)obj);
	v_resolve(&v);
	res->status = res->errors > 0 ? NW_STIXVAL_INVALID : NW_STIXVAL_VALID;
	v_end(&v, &topb);
	return res->status;
}

int
nw_stixval_buf(const void *buf, size_t len, const char *name,
    const struct nw_stixval_opts *opts, struct nw_stixval_result *res)
{
	struct nw_json *j;
	int rc;

	j = nw_json_new_mem(buf, len, opts != NULL ? opts->limits : NULL,
	    name);
	rc = nw_stixval_run(j, opts, res);
	nw_json_free(j);
	return rc;
}

int
nw_stixval_file(const char *path, const struct nw_stixval_opts *opts,
    struct nw_stixval_result *res)
{
	struct nw_json *j;
	int fd, rc;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		memset(res, 0, sizeof(*res));
		nw_error_clear(&res->err);
		nw_error_where(&res->err, NULL, path);
		nw_error_set(&res->err, NW_E_IO, "cannot open: %s",
		    strerror(errno));
		res->status = NW_STIXVAL_UNREADABLE;
		res->errors = 1;
		return res->status;
	}
	j = nw_json_new_fd(fd, opts != NULL ? opts->limits : NULL, path);
	rc = nw_stixval_run(j, opts, res);
	nw_json_free(j);
	close(fd);
	return rc;
}

void
nw_stixval_result_free(struct nw_stixval_result *res)
{
	if (res == NULL)
		return;
	free(res->msgs);
	res->msgs = NULL;
	res->nmsgs = 0;
}
