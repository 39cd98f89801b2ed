/*
 * galaxy.c - the actors feed kind: MISP galaxy cluster files
 * (clusters/threat-actor.json, mitre-intrusion-set.json,
 * microsoft-activity-group.json) read with the strict streaming JSON
 * reader, one cluster at a time.  See actors.h for what a cluster gives
 * and normwatch.feed(5) for the kind.
 *
 *	{ "type": "threat-actor", "values": [
 *	    { "value": "APT28", "uuid": "...",
 *	      "meta": { "synonyms": [...], "country": "RU",
 *	                "cfr-suspected-state-sponsor": "Russian Federation",
 *	                "GRU": "Military unit 26165" },
 *	      "related": [ { "dest-uuid": "...", "type": "similar" } ] } ] }
 *
 * Everything else is skipped unread.  A cluster that cannot be used (no
 * value or UUID, a name too long to be an actor name) is skipped with a
 * warning naming its JSON path; the file fails only when it is not a
 * cluster file at all, breaks JSON, crosses a cap, or names a galaxy that
 * is not of actors.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normwatch/actors.h"
#include "normwatch/json.h"
#include "normwatch/log.h"
#include "normwatch/refdata.h"
#include "normwatch/text.h"
#include "normwatch/util.h"

#define GX_MAX_WARN	10	/* skipped names logged one by one */
#define GX_MAX_LIST	NW_MAX_DATA_LIST	/* synonyms, links per cluster */
#define GX_AGENCY_MAX	128	/* bytes of an agency */
#define GX_UUID_LEN	36

static const char *const galaxy_options[] = { NULL };

/* One parse. */
struct gx {
	const struct nw_feed	*feed;
	const struct nw_doc	*doc;
	struct nw_arena		*arena;
	struct nw_json		*j;
	struct nw_error		*err;
	struct nw_cluster	**v;	/* clusters read, until "type" is known */
	size_t			 n, cap;
	const char		*type;	/* the galaxy's type */
	long			 warned;
	long			 skipped;
};

/* A warning about the value at the reader's current path. */
static void
gx_warn(struct gx *g, const char *what)
{
	char path[256];

	g->skipped++;
	if (g->warned++ >= GX_MAX_WARN)
		return;
	nw_json_path(g->j, path, sizeof(path));
	nw_log(NW_LOG_WARN, g->feed != NULL ? g->feed->name : NULL,
	    "%s: %s: %s", g->doc->name != NULL ? g->doc->name : "(document)",
	    path, what);
}

/* Fail at the current place: -1 with *err. */
static int
gx_fail(struct gx *g, enum nw_errcode code, const char *what)
{
	nw_error_where(g->err, g->feed != NULL ? g->feed->name : NULL,
	    g->doc->name);
	nw_json_path(g->j, g->err->path, sizeof(g->err->path));
	g->err->offset = (long long)nw_json_offset(g->j);
	return nw_error_set(g->err, code, "%s", what);
}

/* The next event; -1 after a reader error (err filled). */
static int
gx_next(struct gx *g, enum nw_json_event *ev)
{
	*ev = nw_json_next(g->j, g->err);
	if (*ev == NW_JSON_ERROR) {
		nw_error_where(g->err, g->feed != NULL ? g->feed->name : NULL,
		    g->doc->name);
		return -1;
	}
	return 0;
}

static int
gx_skip(struct gx *g)
{
	if (nw_json_skip(g->j, g->err) == -1) {
		nw_error_where(g->err, g->feed != NULL ? g->feed->name : NULL,
		    g->doc->name);
		return -1;
	}
	return 0;
}

/*
 * A name fit to be an actor's: normalised text (blanks collapsed, no
 * control characters), 1 to NW_MAX_ACTOR_NAME - 1 bytes, with something
 * left after nw_actor_norm.  NULL (and a warning) otherwise.
 */
static const char *
gx_name(struct gx *g, const char *s, size_t len)
{
	struct nw_buf b;
	char norm[NW_ACTOR_NORM_MAX];
	const char *out = NULL;

	nw_buf_init(&b, NW_MAX_ACTOR_NAME * 4);
	if (nw_text_normalize(s, len, &b) == -1) {
		gx_warn(g, "name skipped: not UTF-8 text or too long");
		goto out;
	}
	if (b.len == 0) {
		gx_warn(g, "name skipped: empty");
		goto out;
	}
	if (b.len >= NW_MAX_ACTOR_NAME) {
		gx_warn(g, "name skipped: longer than an actor name may be");
		goto out;
	}
	if (nw_actor_norm(b.data, norm) == 0) {
		gx_warn(g, "name skipped: no letter or digit in it");
		goto out;
	}
	out = nw_arena_strndup(g->arena, b.data, b.len);
out:
	nw_buf_free(&b);
	return out;
}

static int
is_uuid(const char *s, size_t len)
{
	size_t i;

	if (len != GX_UUID_LEN)
		return 0;
	for (i = 0; i < len; i++) {
		char c = s[i];

		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (c != '-')
				return 0;
		} else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
		    (c >= 'A' && c <= 'F')))
			return 0;
	}
	return 1;
}

static const char *
lower_uuid(struct gx *g, const char *s)
{
	char *u = nw_arena_strndup(g->arena, s, GX_UUID_LEN);
	size_t i;

	for (i = 0; u[i] != '\0'; i++)
		if (u[i] >= 'A' && u[i] <= 'F')
			u[i] = (char)(u[i] - 'A' + 'a');
	return u;
}

/* A state from an ISO code or, with reference data, a name. */
static void
gx_state(struct gx *g, const char *s, char out[3])
{
	const struct nw_state *st = NULL;

	if (out[0] != '\0' || s == NULL || nw_strcaseeq(s, "unknown"))
		return;
	if (strlen(s) == 2 && ((s[0] >= 'A' && s[0] <= 'Z') ||
	    (s[0] >= 'a' && s[0] <= 'z')) && ((s[1] >= 'A' && s[1] <= 'Z') ||
	    (s[1] >= 'a' && s[1] <= 'z'))) {
		if (g->doc->ref == NULL || (st = nw_refdata_state(g->doc->ref,
		    s)) != NULL) {
			out[0] = (char)(s[0] & ~0x20);
			out[1] = (char)(s[1] & ~0x20);
			out[2] = '\0';
		}
		return;
	}
	if (g->doc->ref != NULL &&
	    (st = nw_refdata_state_by_name(g->doc->ref, s)) != NULL)
		memcpy(out, st->iso2, 3);
}

/* An agency's acronym as a meta key: 2-8 upper-case letters ("GRU"). */
static int
agency_key(const char *k)
{
	size_t i;

	for (i = 0; k[i] != '\0'; i++)
		if (k[i] < 'A' || k[i] > 'Z')
			return 0;
	return i >= 2 && i <= 8;
}

/* A list being read into the arena. */
struct strlist {
	const char	**v;
	size_t		  n, cap;
};

static void
list_add(struct gx *g, struct strlist *l, const char *s)
{
	const char **nv;
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return;
	if (l->n == l->cap) {
		l->cap = l->cap == 0 ? 8 : l->cap * 2;
		nv = nw_arena_alloc(g->arena, l->cap * sizeof(*nv));
		if (l->n > 0)
			memcpy(nv, l->v, l->n * sizeof(*nv));
		l->v = nv;
	}
	l->v[l->n++] = s;
}

/* meta.synonyms: an array of names. */
static int
read_synonyms(struct gx *g, struct strlist *syn)
{
	enum nw_json_event ev;
	const char *t, *name;
	size_t len;

	if (gx_next(g, &ev) == -1)
		return -1;
	if (ev != NW_JSON_ARRAY_BEGIN) {
		gx_warn(g, "synonyms skipped: not an array");
		return gx_skip(g);
	}
	for (;;) {
		if (gx_next(g, &ev) == -1)
			return -1;
		if (ev == NW_JSON_ARRAY_END)
			return 0;
		if (ev != NW_JSON_STRING) {
			gx_warn(g, "synonym skipped: not a string");
			if (gx_skip(g) == -1)
				return -1;
			continue;
		}
		if (syn->n >= GX_MAX_LIST) {
			gx_warn(g, "synonym skipped: too many synonyms");
			continue;
		}
		t = nw_json_text(g->j, &len);
		if ((name = gx_name(g, t, len)) != NULL)
			list_add(g, syn, name);
	}
}

/* A string value, or NULL (skipped with a warning) for anything else. */
static int
read_string(struct gx *g, const char **out, size_t max, const char *what)
{
	enum nw_json_event ev;
	const char *t;
	size_t len;
	char msg[128];

	*out = NULL;
	if (gx_next(g, &ev) == -1)
		return -1;
	if (ev != NW_JSON_STRING) {
		snprintf(msg, sizeof(msg), "%s skipped: not a string", what);
		gx_warn(g, msg);
		return gx_skip(g);
	}
	t = nw_json_text(g->j, &len);
	if (len > max) {
		snprintf(msg, sizeof(msg), "%s skipped: longer than %zu bytes",
		    what, max);
		gx_warn(g, msg);
		return 0;
	}
	*out = nw_arena_strndup(g->arena, t, len);
	return 0;
}

/* meta: synonyms, state, agency, MITRE's external id. */
static int
read_meta(struct gx *g, struct nw_cluster *c, struct strlist *syn,
    const char **external_id)
{
	enum nw_json_event ev;
	const char *k, *s, *country = NULL, *sponsor = NULL, *agency = NULL;
	const char *acro = NULL, *acro_val = NULL;

	if (gx_next(g, &ev) == -1)
		return -1;
	if (ev != NW_JSON_OBJECT_BEGIN) {
		gx_warn(g, "meta skipped: not an object");
		return gx_skip(g);
	}
	for (;;) {
		if (gx_next(g, &ev) == -1)
			return -1;
		if (ev == NW_JSON_OBJECT_END)
			break;
		k = nw_json_text(g->j, NULL);
		if (strcmp(k, "synonyms") == 0) {
			if (read_synonyms(g, syn) == -1)
				return -1;
		} else if (strcmp(k, "country") == 0) {
			if (read_string(g, &country, 64, "country") == -1)
				return -1;
		} else if (strcmp(k, "cfr-suspected-state-sponsor") == 0) {
			if (read_string(g, &sponsor, 256, "state sponsor") == -1)
				return -1;
		} else if (strcmp(k, "external_id") == 0) {
			if (read_string(g, external_id, 32, "external_id") == -1)
				return -1;
		} else if (strcmp(k, "agency") == 0) {
			if (read_string(g, &agency, GX_AGENCY_MAX,
			    "agency") == -1)
				return -1;
		} else if (agency_key(k) && acro == NULL) {
			acro = nw_arena_strdup(g->arena, k);
			if (gx_next(g, &ev) == -1)
				return -1;
			if (ev == NW_JSON_STRING) {
				size_t len;
				const char *t = nw_json_text(g->j, &len);

				if (len <= GX_AGENCY_MAX)
					acro_val = nw_arena_strndup(g->arena,
					    t, len);
			} else if (gx_skip(g) == -1)
				return -1;
		} else {
			if (gx_next(g, &ev) == -1 || gx_skip(g) == -1)
				return -1;
		}
	}
	gx_state(g, country, c->state);
	gx_state(g, sponsor, c->state);
	if (agency != NULL && agency[0] != '\0')
		c->agency = agency;
	else if (acro != NULL)
		c->agency = acro_val != NULL && acro_val[0] != '\0' ?
		    nw_arena_printf(g->arena, "%s (%s)", acro, acro_val) : acro;
	if (c->agency != NULL) {
		struct nw_buf b;

		/* one line of text, like every name */
		nw_buf_init(&b, GX_AGENCY_MAX * 4);
		s = c->agency;
		c->agency = NULL;
		if (nw_text_normalize(s, strlen(s), &b) == 0 && b.len > 0)
			c->agency = nw_arena_strndup(g->arena, b.data, b.len);
		nw_buf_free(&b);
	}
	return 0;
}

/* related: the UUIDs of links that say "the same group elsewhere". */
static int
read_related(struct gx *g, struct strlist *rel)
{
	enum nw_json_event ev;
	const char *k, *dest, *type;
	size_t len;

	if (gx_next(g, &ev) == -1)
		return -1;
	if (ev != NW_JSON_ARRAY_BEGIN) {
		gx_warn(g, "related skipped: not an array");
		return gx_skip(g);
	}
	for (;;) {
		if (gx_next(g, &ev) == -1)
			return -1;
		if (ev == NW_JSON_ARRAY_END)
			return 0;
		if (ev != NW_JSON_OBJECT_BEGIN) {
			if (gx_skip(g) == -1)
				return -1;
			continue;
		}
		dest = type = NULL;
		for (;;) {
			if (gx_next(g, &ev) == -1)
				return -1;
			if (ev == NW_JSON_OBJECT_END)
				break;
			k = nw_json_text(g->j, NULL);
			if (strcmp(k, "dest-uuid") == 0) {
				if (read_string(g, &dest, 64, "dest-uuid") == -1)
					return -1;
			} else if (strcmp(k, "type") == 0) {
				if (read_string(g, &type, 64, "type") == -1)
					return -1;
			} else if (gx_next(g, &ev) == -1 || gx_skip(g) == -1)
				return -1;
		}
		if (dest == NULL || type == NULL ||
		    (strcmp(type, "similar") != 0 &&
		    strcmp(type, "same-as") != 0))
			continue;
		len = strlen(dest);
		if (!is_uuid(dest, len)) {
			gx_warn(g, "link skipped: dest-uuid is not a UUID");
			continue;
		}
		if (rel->n >= GX_MAX_LIST) {
			gx_warn(g, "link skipped: too many links");
			continue;
		}
		list_add(g, rel, lower_uuid(g, dest));
	}
}

/* Cut MITRE's " - G0007" off a value; the id becomes a synonym. */
static const char *
cut_mitre(struct gx *g, const char *value, const char *external_id)
{
	size_t n = strlen(value), e;

	if (external_id == NULL || (e = strlen(external_id)) == 0 ||
	    n <= e + 3 || strcmp(value + n - e, external_id) != 0 ||
	    memcmp(value + n - e - 3, " - ", 3) != 0)
		return value;
	return nw_arena_strndup(g->arena, value, n - e - 3);
}

/* One element of "values". */
static int
read_cluster(struct gx *g)
{
	enum nw_json_event ev;
	struct nw_cluster *c;
	struct strlist syn, rel;
	const char *k, *t, *value = NULL, *uuid = NULL, *external_id = NULL;
	size_t len;
	int bad = 0;

	if (gx_next(g, &ev) == -1)
		return -1;
	if (ev == NW_JSON_ARRAY_END)
		return 1;
	if (ev != NW_JSON_OBJECT_BEGIN) {
		gx_warn(g, "cluster skipped: not an object");
		return gx_skip(g);
	}
	c = nw_arena_alloc(g->arena, sizeof(*c));
	memset(&syn, 0, sizeof(syn));
	memset(&rel, 0, sizeof(rel));
	for (;;) {
		if (gx_next(g, &ev) == -1)
			return -1;
		if (ev == NW_JSON_OBJECT_END)
			break;
		k = nw_json_text(g->j, NULL);
		if (strcmp(k, "value") == 0) {
			if (gx_next(g, &ev) == -1)
				return -1;
			if (ev != NW_JSON_STRING) {
				gx_warn(g, "cluster skipped: value is not a "
				    "string");
				bad = 1;
				if (gx_skip(g) == -1)
					return -1;
				continue;
			}
			t = nw_json_text(g->j, &len);
			if (len > NW_MAX_ACTOR_NAME * 4) {
				gx_warn(g, "cluster skipped: value longer than "
				    "an actor name may be");
				bad = 1;
				continue;
			}
			/* checked once MITRE's suffix is known */
			value = nw_arena_strndup(g->arena, t, len);
		} else if (strcmp(k, "uuid") == 0) {
			if (gx_next(g, &ev) == -1)
				return -1;
			t = ev == NW_JSON_STRING ? nw_json_text(g->j, &len) :
			    NULL;
			if (t == NULL || !is_uuid(t, len)) {
				gx_warn(g, "cluster skipped: uuid is not a UUID");
				bad = 1;
				if (t == NULL && gx_skip(g) == -1)
					return -1;
				continue;
			}
			uuid = lower_uuid(g, t);
		} else if (strcmp(k, "meta") == 0) {
			if (read_meta(g, c, &syn, &external_id) == -1)
				return -1;
		} else if (strcmp(k, "related") == 0) {
			if (read_related(g, &rel) == -1)
				return -1;
		} else if (gx_next(g, &ev) == -1 || gx_skip(g) == -1)
			return -1;
	}
	if (bad)
		return 0;
	if (uuid == NULL || value == NULL) {
		gx_warn(g, "cluster skipped: no value or no uuid");
		return 0;
	}
	value = cut_mitre(g, value, external_id);
	if ((c->value = gx_name(g, value, strlen(value))) == NULL)
		return 0;
	if (external_id != NULL && (t = gx_name(g, external_id,
	    strlen(external_id))) != NULL)
		list_add(g, &syn, t);
	c->uuid = uuid;
	c->synonyms = syn.v;
	c->nsynonyms = syn.n;
	c->related = rel.v;
	c->nrelated = rel.n;
	if (g->n >= NW_MAX_ACTOR_CLUSTERS) {
		char msg[96];

		snprintf(msg, sizeof(msg), "more than %d clusters in one file",
		    NW_MAX_ACTOR_CLUSTERS);
		return gx_fail(g, NW_E_LIMIT, msg);
	}
	if (g->n == g->cap) {
		g->cap = g->cap == 0 ? 256 : g->cap * 2;
		g->v = xreallocarray(g->v, g->cap, sizeof(*g->v));
	}
	g->v[g->n++] = c;
	return 0;
}

long
nw_galaxy_parse(const struct nw_feed *feed, const struct nw_doc *doc,
    struct nw_arena *arena, nw_cluster_fn fn, void *arg, struct nw_error *err)
{
	struct nw_json_limits lim;
	enum nw_json_event ev;
	struct gx g;
	const char *k;
	size_t i;
	long rc = -1;
	int r, seen_values = 0;

	memset(&g, 0, sizeof(g));
	g.feed = feed;
	g.doc = doc;
	g.arena = arena;
	g.err = err;
	nw_json_limits_default(&lim);
	lim.max_depth = NW_GALAXY_MAX_DEPTH;
	lim.max_string = NW_GALAXY_MAX_STRING;
	lim.max_size = doc->len;
	g.j = nw_json_new_mem(doc->data, doc->len, &lim, doc->name);

	if (gx_next(&g, &ev) == -1)
		goto out;
	if (ev != NW_JSON_OBJECT_BEGIN) {
		gx_fail(&g, NW_E_PARSE, "not a MISP galaxy cluster file: the "
		    "document is not a JSON object");
		goto out;
	}
	for (;;) {
		if (gx_next(&g, &ev) == -1)
			goto out;
		if (ev == NW_JSON_OBJECT_END)
			break;
		k = nw_json_text(g.j, NULL);
		if (strcmp(k, "type") == 0) {
			if (gx_next(&g, &ev) == -1)
				goto out;
			if (ev != NW_JSON_STRING) {
				gx_fail(&g, NW_E_PARSE, "the galaxy type is not "
				    "a string");
				goto out;
			}
			g.type = nw_arena_strdup(arena, nw_json_text(g.j, NULL));
			if (nw_actor_origin_rank(g.type) < 0) {
				char esc[NW_LOG_FIELD_MAX + 8], msg[300];

				snprintf(msg, sizeof(msg), "galaxy type \"%s\" is "
				    "not one of actors (threat-actor, "
				    "mitre-intrusion-set, "
				    "microsoft-activity-group)",
				    nw_log_escape(g.type, strlen(g.type), esc,
				    sizeof(esc)));
				gx_fail(&g, NW_E_DATA, msg);
				goto out;
			}
		} else if (strcmp(k, "values") == 0) {
			if (gx_next(&g, &ev) == -1)
				goto out;
			if (ev != NW_JSON_ARRAY_BEGIN) {
				gx_fail(&g, NW_E_PARSE, "values is not an array");
				goto out;
			}
			seen_values = 1;
			while ((r = read_cluster(&g)) == 0)
				;
			if (r == -1)
				goto out;
		} else if (gx_next(&g, &ev) == -1 || gx_skip(&g) == -1)
			goto out;
	}
	if (gx_next(&g, &ev) == -1)
		goto out;
	if (g.type == NULL || !seen_values) {
		nw_error_where(err, feed != NULL ? feed->name : NULL, doc->name);
		nw_error_set(err, NW_E_PARSE, "not a MISP galaxy cluster file: "
		    "no \"type\" or no \"values\"");
		goto out;
	}
	if (g.skipped > GX_MAX_WARN)
		nw_log(NW_LOG_WARN, feed != NULL ? feed->name : NULL,
		    "%s: %ld names or clusters skipped in all",
		    doc->name != NULL ? doc->name : "(document)", g.skipped);
	for (i = 0; i < g.n; i++) {
		g.v[i]->origin = g.type;
		if (fn(g.v[i], arg) == -1)
			goto out;
	}
	rc = (long)g.n;
out:
	nw_json_free(g.j);
	free(g.v);
	return rc;
}

static long
galaxy_parse_reports(const struct nw_feed *feed, const struct nw_doc *doc,
    struct nw_arena *arena, nw_report_fn fn, void *arg, struct nw_error *err)
{
	(void)fn;
	(void)arg;
	(void)arena;
	(void)doc;
	nw_error_where(err, feed != NULL ? feed->name : NULL, NULL);
	return nw_error_set(err, NW_E_INTERNAL, "the actors kind gives actor "
	    "clusters, not reports");
}

const struct nw_parser nw_parser_actors = {
	.kind = "actors",
	.summary = "MISP galaxy clusters of actors (threat-actor, "
	    "mitre-intrusion-set, microsoft-activity-group): canonical actors",
	.options = galaxy_options,
	.parse = galaxy_parse_reports,
	.clusters = nw_galaxy_parse,
};
