/*
 * misp.c - the misp feed kind: a MISP feed's manifest and event files
 * into reports, and their IDS attributes into STIX indicators kept for
 * export.  See misp.h for the contract.
 *
 * Everything untrusted is read with the strict streaming reader (json.h):
 * the manifest once, each event twice (once to check it whole and read
 * its fields, tags and galaxies, once to stream its attributes), so the
 * memory an event costs does not grow with its attributes.  Claims come
 * from galaxy tags and clusters only; the text is left to extraction when
 * there are none.
 */
#include "config.h"

#include <arpa/inet.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "normwatch/fetch.h"
#include "normwatch/json.h"
#include "normwatch/jsonw.h"
#include "normwatch/limits.h"
#include "normwatch/log.h"
#include "normwatch/misp.h"
#include "normwatch/stix.h"
#include "normwatch/stixval.h"
#include "normwatch/text.h"
#include "normwatch/util.h"

#define MAX_TS		253402300799LL	/* 9999-12-31T23:59:59Z */
#define MAX_TYPE	64		/* bytes of an attribute type kept */
#define MAX_UUID	64		/* bytes of an attribute uuid kept */
#define MAX_NAME	256		/* bytes of an indicator's name */
#define MAX_PATTERN	(4 * NW_MISP_MAX_VALUE + 512)	/* bytes of a pattern */
#define MAX_OBJECT	(16 * NW_MISP_MAX_VALUE + 4096)	/* bytes of one object */
#define MANIFEST_NAME	"manifest.json"

static const char *const misp_options[] = {
	"party", "indicators", "max-events", NULL
};

/* Galaxy types whose clusters name actors. */
static const char *const actor_types[] = {
	"threat-actor",
	"mitre-intrusion-set",
	"mitre-enterprise-attack-intrusion-set",
	"mitre-mobile-attack-intrusion-set",
	"mitre-pre-attack-intrusion-set",
	NULL
};

/* --- small helpers ---------------------------------------------------------- */

static int
in_list(const char *s, const char *const *list)
{
	size_t i;

	for (i = 0; list[i] != NULL; i++)
		if (strcmp(s, list[i]) == 0)
			return 1;
	return 0;
}

/* The length of s cut to at most max bytes at a UTF-8 character boundary. */
static size_t
utf8_cut(const char *s, size_t len, size_t max)
{
	if (len <= max)
		return len;
	len = max;
	while (len > 0 && ((unsigned char)s[len] & 0xc0) == 0x80)
		len--;
	return len;
}

/* 1 when s is a UUID (8-4-4-4-12 hex digits, either case). */
static int
is_uuid(const char *s, size_t len)
{
	size_t i;

	if (len != 36)
		return 0;
	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f') || (s[i] >= 'A' && s[i] <= 'F')))
			return 0;
	}
	return 1;
}

static void
lower_copy(char *out, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		out[i] = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] - 'A' + 'a') :
		    s[i];
	out[len] = '\0';
}

/* Seconds since the epoch as "YYYY-MM-DDTHH:MM:SS.000Z"; -1 out of range. */
static int
ts_format(long long secs, char out[32])
{
	struct tm tm;
	time_t t = (time_t)secs;

	if (secs < 0 || secs > MAX_TS || gmtime_r(&t, &tm) == NULL)
		return -1;
	if (strftime(out, 32, "%Y-%m-%dT%H:%M:%S.000Z", &tm) == 0)
		return -1;
	return 0;
}

/* A timestamp as MISP writes it: a string of digits, or a number. */
static int
ts_parse(enum nw_json_event ev, const char *text, long long *out)
{
	if (ev != NW_JSON_STRING && ev != NW_JSON_NUMBER)
		return -1;
	return nw_parse_ll(text, 0, MAX_TS, out);
}

/* "YYYY-MM-DD" that is a real day, into out[11]; -1 otherwise. */
static int
day_parse(const char *s, size_t len, char out[11], struct nw_date *d)
{
	struct nw_date tmp;

	if (len != 10)
		return -1;
	memcpy(out, s, 10);
	out[10] = '\0';
	if (nw_date_parse_iso(out, &tmp) == -1 || tmp.prec != NW_PREC_DAY ||
	    !nw_date_valid(&tmp)) {
		out[0] = '\0';
		return -1;
	}
	if (d != NULL)
		*d = tmp;
	return 0;
}

/* The name errors give a URL: a local path for file: URLs. */
static const char *
url_name(const char *url)
{
	if (strncmp(url, "file://", 7) == 0)
		return url + 7;
	return url;
}

static int
is_http(const char *url)
{
	return strncmp(url, "http://", 7) == 0 ||
	    strncmp(url, "https://", 8) == 0;
}

/* --- reading JSON --------------------------------------------------------------- */

/* The next event inside a value: the end of the document is an error. */
static int
rnext(struct nw_json *j, enum nw_json_event *ev, struct nw_error *err)
{
	*ev = nw_json_next(j, err);
	if (*ev == NW_JSON_ERROR)
		return -1;
	if (*ev == NW_JSON_END)
		return nw_error_set(err, NW_E_PARSE, "the document ends inside "
		    "a value");
	return 0;
}

/* Skip the value that began with ev. */
static int
rskip(struct nw_json *j, enum nw_json_event ev, struct nw_error *err)
{
	if (ev == NW_JSON_OBJECT_BEGIN || ev == NW_JSON_ARRAY_BEGIN)
		return nw_json_skip(j, err);
	return 0;
}

/* An error of our own at the reader's place: its JSON path and offset. */
static int NW_PRINTF(4, 5)
rfail(struct nw_json *j, struct nw_error *err, enum nw_errcode code,
    const char *fmt, ...)
{
	char msg[sizeof(err->msg)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	nw_error_set(err, code, "%s", msg);
	nw_json_path(j, err->path, sizeof(err->path));
	err->offset = (long long)nw_json_offset(j);
	err->line = err->col = 0;
	return -1;
}

static void
limits_of(struct nw_json_limits *lim, size_t members)
{
	nw_json_limits_default(lim);
	lim->max_depth = NW_MISP_MAX_DEPTH;
	if (members > lim->max_members)
		lim->max_members = members;
}

/* --- the manifest ------------------------------------------------------------------ */

static int
entry_cmp_uuid(const void *a, const void *b)
{
	const struct nw_misp_entry *x = a, *y = b;

	return strcmp(x->uuid, y->uuid);
}

static int
entry_cmp(const void *a, const void *b)
{
	const struct nw_misp_entry *x = a, *y = b;
	int c = strcmp(x->date, y->date);

	return c != 0 ? c : strcmp(x->uuid, y->uuid);
}

static void
manifest_warn(struct nw_json *j, const char *feed, const char *name,
    size_t *nwarn, const char *what)
{
	struct nw_error e;
	char line[1200];

	if ((*nwarn)++ >= NW_MISP_MAX_WARN)
		return;
	nw_error_clear(&e);
	nw_error_where(&e, feed, name);
	rfail(j, &e, NW_E_DATA, "%s: entry skipped", what);
	nw_log(NW_LOG_WARN, NULL, "%s", nw_error_str(&e, line, sizeof(line)));
}

int
nw_misp_manifest_parse(const char *data, size_t len, const char *feed,
    const char *name, size_t max, struct nw_misp_manifest *m,
    struct nw_error *err)
{
	struct nw_json_limits lim;
	struct nw_json *j;
	struct nw_misp_entry e;
	enum nw_json_event ev;
	const char *text, *why;
	char key[40];
	size_t klen, cap = 0, nwarn = 0, i, k;
	long long ts;
	int have_ts, rc = -1;

	memset(m, 0, sizeof(*m));
	nw_error_clear(err);
	if (max == 0 || max > NW_MISP_MAX_EVENTS)
		max = NW_MISP_MAX_EVENTS;
	limits_of(&lim, max + 1);
	j = nw_json_new_mem(data, len, &lim, name);
	ev = nw_json_next(j, err);
	if (ev == NW_JSON_ERROR)
		goto out;
	if (ev != NW_JSON_OBJECT_BEGIN) {
		rfail(j, err, NW_E_PARSE, "not a MISP manifest: the document is "
		    "%s, not an object of events", ev == NW_JSON_ARRAY_BEGIN ?
		    "an array" : "not a JSON object");
		goto out;
	}
	for (;;) {
		if (rnext(j, &ev, err) == -1)
			goto out;
		if (ev == NW_JSON_OBJECT_END)
			break;
		if (m->n >= max) {
			rfail(j, err, NW_E_LIMIT, "more than %zu events in the "
			    "manifest (%s)", max, max == NW_MISP_MAX_EVENTS ?
			    "NW_MISP_MAX_EVENTS" : "max-entries");
			goto out;
		}
		text = nw_json_text(j, &klen);
		key[0] = '\0';
		if (is_uuid(text, klen))
			lower_copy(key, text, klen);
		memset(&e, 0, sizeof(e));
		have_ts = 0;
		why = NULL;
		if (rnext(j, &ev, err) == -1)
			goto out;
		if (ev != NW_JSON_OBJECT_BEGIN) {
			if (rskip(j, ev, err) == -1)
				goto out;
			why = "not an object";
		} else {
			for (;;) {
				if (rnext(j, &ev, err) == -1)
					goto out;
				if (ev == NW_JSON_OBJECT_END)
					break;
				text = nw_json_text(j, &klen);
				k = strcmp(text, "timestamp") == 0 ? 1 :
				    strcmp(text, "date") == 0 ? 2 : 0;
				if (rnext(j, &ev, err) == -1)
					goto out;
				text = nw_json_text(j, &klen);
				if (k == 1 && ts_parse(ev, text, &ts) == 0) {
					e.timestamp = ts;
					have_ts = 1;
				} else if (k == 2 && ev == NW_JSON_STRING)
					(void)day_parse(text, klen, e.date, NULL);
				if (rskip(j, ev, err) == -1)
					goto out;
			}
			if (!have_ts)
				why = "no timestamp of digits";
		}
		if (key[0] == '\0')
			why = "the key is not an event UUID";
		if (why != NULL) {
			m->skipped++;
			manifest_warn(j, feed, name, &nwarn, why);
			continue;
		}
		memcpy(e.uuid, key, sizeof(e.uuid));
		if (m->n == cap) {
			cap = cap == 0 ? 64 : cap * 2;
			m->v = xreallocarray(m->v, cap, sizeof(*m->v));
		}
		m->v[m->n++] = e;
	}
	if (nw_json_next(j, err) != NW_JSON_END)
		goto out;
	/* the same event under keys of two cases: the first one */
	if (m->n > 1) {
		qsort(m->v, m->n, sizeof(*m->v), entry_cmp_uuid);
		for (i = 1, k = 0; i < m->n; i++) {
			if (strcmp(m->v[i].uuid, m->v[k].uuid) == 0) {
				m->skipped++;
				continue;
			}
			m->v[++k] = m->v[i];
		}
		m->n = k + 1;
		qsort(m->v, m->n, sizeof(*m->v), entry_cmp);
	}
	if (nwarn > NW_MISP_MAX_WARN)
		nw_log(NW_LOG_WARN, feed, "%s: %zu more manifest entries skipped",
		    name, nwarn - NW_MISP_MAX_WARN);
	rc = 0;
out:
	nw_json_free(j);
	if (rc == -1) {
		nw_error_where(err, feed, name);
		nw_misp_manifest_free(m);
	}
	return rc;
}

void
nw_misp_manifest_free(struct nw_misp_manifest *m)
{
	if (m == NULL)
		return;
	free(m->v);
	memset(m, 0, sizeof(*m));
}

int
nw_misp_urls(const char *feed_url, char *manifest, char *base, size_t sz)
{
	size_t len = strcspn(feed_url, "?#"), cut;
	const char *p, *slash = NULL;

	if (strlen(feed_url) > NW_MAX_URL_LEN || sz < len + sizeof(MANIFEST_NAME))
		return -1;
	/* the last '/' of the path, not one of "scheme://" */
	p = strstr(feed_url, "://");
	p = p != NULL ? p + 3 : feed_url;
	for (; p < feed_url + len; p++)
		if (*p == '/')
			slash = p;
	if (slash == NULL)
		return -1;
	cut = (size_t)(slash - feed_url) + 1;
	memcpy(base, feed_url, cut);
	base[cut] = '\0';
	if (cut == len) {
		memcpy(manifest, base, cut);
		memcpy(manifest + cut, MANIFEST_NAME, sizeof(MANIFEST_NAME));
	} else
		nw_strlcpy(manifest, feed_url, sz);
	return 0;
}

/* --- one event ------------------------------------------------------------------ */

/* A galaxy cluster, as far as claims need it. */
struct cluster {
	const char	*type;		/* or NULL: the galaxy's */
	const char	*value;
	char		 country[3];	/* meta.country, or "" */
	const char	*sponsor;	/* meta.cfr-suspected-state-sponsor */
	struct cluster	*next;
};

/* The reading of one event. */
struct mctx {
	const struct nw_feed	*feed;
	const struct nw_doc	*doc;
	struct nw_arena		*arena;
	const struct nw_parse_sink *sink;
	struct nw_error		*err;
	int			 sink_failed;	/* the sink said stop */
	enum nw_party		 party;
	int			 indicators;	/* keep them */
	const char		*expect;	/* the manifest's uuid, or NULL */
	const char		*fallback_date;	/* the manifest's, or NULL */
	long long		 fallback_ts;	/* the manifest's, or -1 */

	/* the event, after the first pass */
	char			 uuid[37];
	const char		*info;
	size_t			 infolen;
	char			 date[11];
	long long		 ts;		/* or -1 */
	const char		*org;		/* Orgc.name, or NULL */
	int			 tlp;		/* rank of its tlp tags, or -1 */
	struct nw_report	*r;
	struct nw_origin	*o;
	int			 structured;	/* claims from tags or clusters */
	size_t			 nattrs, ntags, nclusters;

	/* the second pass */
	char			 identity[NW_STIX_ID_MAX];
	char			 incident[NW_STIX_ID_MAX];
	const char		*marking;	/* TLP 2.0 marking-definition */
	struct nw_buf		 obj;		/* one object's JSON */
	struct nw_buf		 pat;		/* one pattern */
	struct nw_stixval_cache	*vcache;
	long			 nind;		/* indicators kept */
	long			 nleft;		/* IDS attributes left out */
};

/* --- claims ------------------------------------------------------------------- */

/* Where name is written in the report's text, for evidence. */
static struct nw_span
span_in(const struct mctx *m, const char *name)
{
	struct nw_span sp = { 0, 0 };
	const char *p;

	if (m->r->text == NULL || name[0] == '\0')
		return sp;
	p = strstr(m->r->text, name);
	if (p != NULL && (size_t)(p - m->r->text) + strlen(name) <=
	    m->r->textlen) {
		sp.off = (uint32_t)(p - m->r->text);
		sp.len = (uint32_t)strlen(name);
	}
	return sp;
}

static void
add_actor(struct mctx *m, const char *name)
{
	struct nw_extract *ex = &m->r->ex;
	const struct nw_actor_ref *a;
	char n[NW_MAX_ACTOR_NAME];
	size_t len = strlen(name), i;

	/* MITRE's "APT28 - G0007": the group's own name */
	for (i = len; i > 0 && name[i - 1] >= '0' && name[i - 1] <= '9'; i--)
		;
	if (i < len && i >= 5 && strncmp(name + i - 4, " - G", 4) == 0)
		len = i - 4;
	while (len > 0 && name[len - 1] == ' ')
		len--;
	len = utf8_cut(name, len, NW_MAX_ACTOR_NAME - 1);
	if (len == 0)
		return;
	memcpy(n, name, len);
	n[len] = '\0';
	m->structured = 1;
	a = m->doc->ref != NULL ? nw_refdata_actor_by_name(m->doc->ref, n) :
	    NULL;
	for (i = 0; i < ex->nactors; i++)
		if (strcmp(ex->actors[i].name, n) == 0 || (a != NULL &&
		    nw_refdata_actor_by_name(m->doc->ref,
		    ex->actors[i].name) == a))
			return;
	if (ex->nactors >= NW_MAX_ACTORS)
		return;
	memcpy(ex->actors[ex->nactors].name, n, len + 1);
	ex->actors[ex->nactors].ev = span_in(m, n);
	ex->nactors++;
}

static void
add_attribution(struct mctx *m, const char *iso2, int sponsor)
{
	struct nw_extract *ex = &m->r->ex;
	size_t i;

	m->structured = 1;
	if (sponsor)
		ex->sponsorship = NW_SPONSOR_STATE;
	for (i = 0; i < ex->nattr; i++)
		if (strcmp(ex->attr[i].state, iso2) == 0)
			return;
	if (ex->nattr >= NW_MAX_ATTRIB)
		return;
	memcpy(ex->attr[ex->nattr].state, iso2, 3);
	ex->attr[ex->nattr].hedge = NW_HEDGE_SUSPECTED;
	ex->attr[ex->nattr].by = m->party;
	ex->nattr++;
}

static void
add_victim(struct mctx *m, const char *name)
{
	struct nw_extract *ex = &m->r->ex;
	const struct nw_state *s;
	size_t i;

	s = m->doc->ref != NULL ? nw_refdata_state_by_name(m->doc->ref, name) :
	    NULL;
	if (s == NULL)
		return;
	m->structured = 1;
	for (i = 0; i < ex->nvictims; i++)
		if (strcmp(ex->victims[i], s->iso2) == 0)
			return;
	if (ex->nvictims >= NW_MAX_VICTIMS)
		return;
	memcpy(ex->victims[ex->nvictims++], s->iso2, 3);
}

/* The sector galaxy's values ("Government, Administration", "Telecoms"). */
static void
add_sector(struct mctx *m, const char *value)
{
	static const struct {
		const char	*prefix;	/* lower case; "=" first: whole */
		enum nw_sector	 sector;
	} map[] = {
		{ "government", NW_SECTOR_GOVERNMENT },
		{ "diplomacy", NW_SECTOR_GOVERNMENT },
		{ "military", NW_SECTOR_MILITARY },
		{ "defen", NW_SECTOR_DEFENSE_INDUSTRY },
		{ "aerospace", NW_SECTOR_DEFENSE_INDUSTRY },
		{ "energy", NW_SECTOR_ENERGY },
		{ "electric", NW_SECTOR_ENERGY },
		{ "oil", NW_SECTOR_ENERGY },
		{ "nuclear", NW_SECTOR_ENERGY },
		{ "water", NW_SECTOR_WATER },
		{ "health", NW_SECTOR_HEALTHCARE },
		{ "hospital", NW_SECTOR_HEALTHCARE },
		{ "pharma", NW_SECTOR_HEALTHCARE },
		{ "bank", NW_SECTOR_FINANCE },
		{ "financ", NW_SECTOR_FINANCE },
		{ "insurance", NW_SECTOR_FINANCE },
		{ "telecom", NW_SECTOR_TELECOMMUNICATIONS },
		{ "communication", NW_SECTOR_TELECOMMUNICATIONS },
		{ "=it", NW_SECTOR_TECHNOLOGY },
		{ "tech", NW_SECTOR_TECHNOLOGY },
		{ "high-tech", NW_SECTOR_TECHNOLOGY },
		{ "software", NW_SECTOR_TECHNOLOGY },
		{ "media", NW_SECTOR_MEDIA },
		{ "journalis", NW_SECTOR_MEDIA },
		{ "entertainment", NW_SECTOR_MEDIA },
		{ "academia", NW_SECTOR_EDUCATION },
		{ "education", NW_SECTOR_EDUCATION },
		{ "universit", NW_SECTOR_EDUCATION },
		{ "election", NW_SECTOR_ELECTIONS },
		{ "electoral", NW_SECTOR_ELECTIONS },
		{ "transport", NW_SECTOR_TRANSPORT },
		{ "aviation", NW_SECTOR_TRANSPORT },
		{ "maritime", NW_SECTOR_TRANSPORT },
		{ "logistic", NW_SECTOR_TRANSPORT },
		{ "manufactur", NW_SECTOR_MANUFACTURING },
		{ "automotive", NW_SECTOR_MANUFACTURING },
		{ "chemical", NW_SECTOR_MANUFACTURING },
		{ "retail", NW_SECTOR_RETAIL },
		{ "ngo", NW_SECTOR_CIVIL_SOCIETY },
		{ "civil society", NW_SECTOR_CIVIL_SOCIETY },
		{ "activist", NW_SECTOR_CIVIL_SOCIETY },
		{ "dissident", NW_SECTOR_CIVIL_SOCIETY },
		{ "think tank", NW_SECTOR_CIVIL_SOCIETY },
		{ "human rights", NW_SECTOR_CIVIL_SOCIETY },
	};
	size_t i, pl;
	enum nw_sector s = NW_SECTOR_OTHER;

	if (value[0] == '\0')
		return;
	for (i = 0; i < NW_NELEM(map); i++) {
		if (map[i].prefix[0] == '=') {
			if (nw_strcaseeq(value, map[i].prefix + 1))
				break;
			continue;
		}
		pl = strlen(map[i].prefix);
		if (nw_strncaseeq(value, map[i].prefix, pl))
			break;
	}
	if (i < NW_NELEM(map))
		s = map[i].sector;
	m->r->ex.sectors |= 1u << s;
	m->structured = 1;
}

/* A cluster of a galaxy of this type. */
static void
cluster_apply(struct mctx *m, const struct cluster *cl, const char *type)
{
	const struct nw_state *s;

	if (type == NULL || cl->value == NULL)
		return;
	if (in_list(type, actor_types)) {
		add_actor(m, cl->value);
		s = cl->sponsor != NULL && m->doc->ref != NULL ?
		    nw_refdata_state_by_name(m->doc->ref, cl->sponsor) : NULL;
		if (s != NULL)
			add_attribution(m, s->iso2, 1);
		if (cl->country[0] != '\0')
			add_attribution(m, cl->country, 0);
	} else if (strcmp(type, "target-information") == 0)
		add_victim(m, cl->value);
	else if (strcmp(type, "sector") == 0)
		add_sector(m, cl->value);
}

/*
 * "misp-galaxy:TYPE=\"VALUE\"": TYPE into type (sz bytes) and a pointer
 * to VALUE with its length; -1 when tag is not of that form.
 */
static int
galaxy_tag(const char *tag, char *type, size_t sz, const char **value,
    size_t *vlen)
{
	const char *eq, *t = tag + 12;
	size_t len = strlen(tag);

	if (strncmp(tag, "misp-galaxy:", 12) != 0)
		return -1;
	eq = strchr(t, '=');
	if (eq == NULL || (size_t)(eq - t) >= sz || eq[1] != '"' ||
	    tag[len - 1] != '"' || (size_t)(eq - tag) + 3 > len)
		return -1;
	memcpy(type, t, (size_t)(eq - t));
	type[eq - t] = '\0';
	*value = eq + 2;
	*vlen = (size_t)(tag + len - 1 - *value);
	return 0;
}

static void
tag_apply(struct mctx *m, const char *tag)
{
	char type[64];
	const char *v;
	size_t vlen;
	struct cluster cl;
	int rank;

	if (nw_strncaseeq(tag, "tlp:", 4)) {
		rank = nw_strcaseeq(tag + 4, "white") ? 0 :
		    nw_stix_tlp_rank(tag + 4);
		if (rank < 0) {
			char lower[16];
			size_t n = strlen(tag + 4);

			if (n < sizeof(lower)) {
				lower_copy(lower, tag + 4, n);
				rank = nw_stix_tlp_rank(lower);
			}
		}
		if (rank > m->tlp)
			m->tlp = rank;
		return;
	}
	if (galaxy_tag(tag, type, sizeof(type), &v, &vlen) == -1)
		return;
	memset(&cl, 0, sizeof(cl));
	cl.value = nw_arena_strndup(m->arena, v, vlen);
	cluster_apply(m, &cl, type);
}

/* --- the first pass: the whole event checked, its fields read -------------- */

/* The string value just read, into the arena; NULL for other values. */
static const char *
str_value(struct mctx *m, struct nw_json *j, enum nw_json_event ev)
{
	const char *t;
	size_t len;

	if (ev != NW_JSON_STRING)
		return NULL;
	t = nw_json_text(j, &len);
	return nw_arena_strndup(m->arena, t, len);
}

/* Items of an array just begun, counted against the attributes' cap. */
static int
count_attributes(struct mctx *m, struct nw_json *j)
{
	enum nw_json_event ev;

	for (;;) {
		if (rnext(j, &ev, m->err) == -1)
			return -1;
		if (ev == NW_JSON_ARRAY_END)
			return 0;
		if (m->nattrs >= NW_MISP_MAX_ATTRIBUTES)
			return rfail(j, m->err, NW_E_LIMIT, "more than %d "
			    "attributes in one event (NW_MISP_MAX_ATTRIBUTES)",
			    NW_MISP_MAX_ATTRIBUTES);
		m->nattrs++;
		if (rskip(j, ev, m->err) == -1)
			return -1;
	}
}

/* Event.Object: the attributes of each object. */
static int
read_objects(struct mctx *m, struct nw_json *j)
{
	enum nw_json_event ev;
	const char *k;
	int attr;

	for (;;) {
		if (rnext(j, &ev, m->err) == -1)
			return -1;
		if (ev == NW_JSON_ARRAY_END)
			return 0;
		if (ev != NW_JSON_OBJECT_BEGIN) {
			if (rskip(j, ev, m->err) == -1)
				return -1;
			continue;
		}
		for (;;) {
			if (rnext(j, &ev, m->err) == -1)
				return -1;
			if (ev == NW_JSON_OBJECT_END)
				break;
			k = nw_json_text(j, NULL);
			attr = strcmp(k, "Attribute") == 0;
			if (rnext(j, &ev, m->err) == -1)
				return -1;
			if (attr && ev == NW_JSON_ARRAY_BEGIN) {
				if (count_attributes(m, j) == -1)
					return -1;
			} else if (rskip(j, ev, m->err) == -1)
				return -1;
		}
	}
}

/* Event.Tag: the name of each tag. */
static int
read_tags(struct mctx *m, struct nw_json *j)
{
	enum nw_json_event ev;
	const char *k, *name;

	for (;;) {
		if (rnext(j, &ev, m->err) == -1)
			return -1;
		if (ev == NW_JSON_ARRAY_END)
			return 0;
		if (m->ntags >= NW_MISP_MAX_TAGS)
			return rfail(j, m->err, NW_E_LIMIT, "more than %d tags "
			    "on one event (NW_MISP_MAX_TAGS)", NW_MISP_MAX_TAGS);
		m->ntags++;
		if (ev != NW_JSON_OBJECT_BEGIN) {
			if (rskip(j, ev, m->err) == -1)
				return -1;
			continue;
		}
		for (;;) {
			if (rnext(j, &ev, m->err) == -1)
				return -1;
			if (ev == NW_JSON_OBJECT_END)
				break;
			k = nw_json_text(j, NULL);
			name = NULL;
			if (strcmp(k, "name") == 0) {
				if (rnext(j, &ev, m->err) == -1)
					return -1;
				if (ev == NW_JSON_STRING)
					name = nw_json_text(j, NULL);
			} else if (rnext(j, &ev, m->err) == -1)
				return -1;
			if (name != NULL)
				tag_apply(m, name);
			else if (rskip(j, ev, m->err) == -1)
				return -1;
		}
	}
}

/* A cluster's meta: country and the suspected state sponsor. */
static int
read_meta(struct mctx *m, struct nw_json *j, struct cluster *cl)
{
	enum nw_json_event ev;
	const char *t;
	size_t len;
	int which;

	for (;;) {
		if (rnext(j, &ev, m->err) == -1)
			return -1;
		if (ev == NW_JSON_OBJECT_END)
			return 0;
		t = nw_json_text(j, NULL);
		which = strcmp(t, "country") == 0 ? 1 :
		    strcmp(t, "cfr-suspected-state-sponsor") == 0 ? 2 : 0;
		if (rnext(j, &ev, m->err) == -1)
			return -1;
		if (which == 1 && ev == NW_JSON_STRING) {
			t = nw_json_text(j, &len);
			if (len == 2 && ((t[0] >= 'A' && t[0] <= 'Z') ||
			    (t[0] >= 'a' && t[0] <= 'z')) &&
			    ((t[1] >= 'A' && t[1] <= 'Z') ||
			    (t[1] >= 'a' && t[1] <= 'z'))) {
				cl->country[0] = (char)(t[0] & ~0x20);
				cl->country[1] = (char)(t[1] & ~0x20);
				cl->country[2] = '\0';
				/* a code the reference tables do not know */
				if (m->doc->ref != NULL &&
				    nw_refdata_state(m->doc->ref, cl->country) ==
				    NULL)
					cl->country[0] = '\0';
			}
		} else if (which == 2 && ev == NW_JSON_STRING)
			cl->sponsor = str_value(m, j, ev);
		else if (rskip(j, ev, m->err) == -1)
			return -1;
	}
}

/* Galaxy.GalaxyCluster: clusters, applied or kept for the galaxy's type. */
static int
read_clusters(struct mctx *m, struct nw_json *j, const char *gtype,
    struct cluster **pending)
{
	enum nw_json_event ev;
	struct cluster *cl;
	const char *k, *tag;
	char type[64];
	const char *v;
	size_t vlen;

	for (;;) {
		if (rnext(j, &ev, m->err) == -1)
			return -1;
		if (ev == NW_JSON_ARRAY_END)
			return 0;
		if (m->nclusters >= NW_MISP_MAX_CLUSTERS)
			return rfail(j, m->err, NW_E_LIMIT, "more than %d galaxy "
			    "clusters on one event (NW_MISP_MAX_CLUSTERS)",
			    NW_MISP_MAX_CLUSTERS);
		m->nclusters++;
		if (ev != NW_JSON_OBJECT_BEGIN) {
			if (rskip(j, ev, m->err) == -1)
				return -1;
			continue;
		}
		cl = nw_arena_alloc(m->arena, sizeof(*cl));
		tag = NULL;
		for (;;) {
			if (rnext(j, &ev, m->err) == -1)
				return -1;
			if (ev == NW_JSON_OBJECT_END)
				break;
			k = nw_json_text(j, NULL);
			if (strcmp(k, "type") == 0) {
				if (rnext(j, &ev, m->err) == -1)
					return -1;
				cl->type = str_value(m, j, ev);
			} else if (strcmp(k, "value") == 0) {
				if (rnext(j, &ev, m->err) == -1)
					return -1;
				cl->value = str_value(m, j, ev);
			} else if (strcmp(k, "tag_name") == 0) {
				if (rnext(j, &ev, m->err) == -1)
					return -1;
				tag = str_value(m, j, ev);
			} else if (strcmp(k, "meta") == 0) {
				if (rnext(j, &ev, m->err) == -1)
					return -1;
				if (ev == NW_JSON_OBJECT_BEGIN) {
					if (read_meta(m, j, cl) == -1)
						return -1;
					continue;
				}
			} else if (rnext(j, &ev, m->err) == -1)
				return -1;
			if (rskip(j, ev, m->err) == -1)
				return -1;
		}
		if (cl->type == NULL && tag != NULL &&
		    galaxy_tag(tag, type, sizeof(type), &v, &vlen) == 0)
			cl->type = nw_arena_strdup(m->arena, type);
		if (cl->type == NULL && gtype == NULL) {
			/* in document order */
			while (*pending != NULL)
				pending = &(*pending)->next;
			*pending = cl;
		} else
			cluster_apply(m, cl, cl->type != NULL ? cl->type : gtype);
	}
}

/* Event.Galaxy: galaxies with their clusters. */
static int
read_galaxies(struct mctx *m, struct nw_json *j)
{
	enum nw_json_event ev;
	struct cluster *pending, *cl;
	const char *k, *gtype;

	for (;;) {
		if (rnext(j, &ev, m->err) == -1)
			return -1;
		if (ev == NW_JSON_ARRAY_END)
			return 0;
		if (ev != NW_JSON_OBJECT_BEGIN) {
			if (rskip(j, ev, m->err) == -1)
				return -1;
			continue;
		}
		pending = NULL;
		gtype = NULL;
		for (;;) {
			if (rnext(j, &ev, m->err) == -1)
				return -1;
			if (ev == NW_JSON_OBJECT_END)
				break;
			k = nw_json_text(j, NULL);
			if (strcmp(k, "type") == 0) {
				if (rnext(j, &ev, m->err) == -1)
					return -1;
				gtype = str_value(m, j, ev);
			} else if (strcmp(k, "GalaxyCluster") == 0) {
				if (rnext(j, &ev, m->err) == -1)
					return -1;
				if (ev == NW_JSON_ARRAY_BEGIN) {
					if (read_clusters(m, j, gtype,
					    &pending) == -1)
						return -1;
					continue;
				}
			} else if (rnext(j, &ev, m->err) == -1)
				return -1;
			if (rskip(j, ev, m->err) == -1)
				return -1;
		}
		/* clusters that came before the galaxy's type */
		for (cl = pending; cl != NULL; cl = cl->next)
			cluster_apply(m, cl, gtype);
	}
}

/* Orgc: its name. */
static int
read_org(struct mctx *m, struct nw_json *j)
{
	enum nw_json_event ev;
	const char *t;
	size_t len;
	int name;

	for (;;) {
		if (rnext(j, &ev, m->err) == -1)
			return -1;
		if (ev == NW_JSON_OBJECT_END)
			return 0;
		name = strcmp(nw_json_text(j, NULL), "name") == 0;
		if (rnext(j, &ev, m->err) == -1)
			return -1;
		if (name && ev == NW_JSON_STRING) {
			t = nw_json_text(j, &len);
			/* names as the feed's publisher may be */
			while (len > 0 && (*t == ' ' || *t == '\t')) {
				t++;
				len--;
			}
			while (len > 0 && (t[len - 1] == ' ' ||
			    t[len - 1] == '\t'))
				len--;
			len = utf8_cut(t, len, NW_MISP_MAX_ORG);
			m->org = len > 0 ? nw_arena_strndup(m->arena, t, len) :
			    NULL;
		} else if (rskip(j, ev, m->err) == -1)
			return -1;
	}
}

/* The members of Event, in the first pass. */
static int
read_event(struct mctx *m, struct nw_json *j)
{
	enum nw_json_event ev;
	const char *k, *t;
	size_t len;
	long long ts;
	enum { F_OTHER, F_UUID, F_INFO, F_DATE, F_TS, F_ORGC, F_TAG,
	    F_GALAXY, F_ATTR, F_OBJECT } f;

	for (;;) {
		if (rnext(j, &ev, m->err) == -1)
			return -1;
		if (ev == NW_JSON_OBJECT_END)
			return 0;
		k = nw_json_text(j, NULL);
		f = strcmp(k, "uuid") == 0 ? F_UUID :
		    strcmp(k, "info") == 0 ? F_INFO :
		    strcmp(k, "date") == 0 ? F_DATE :
		    strcmp(k, "timestamp") == 0 ? F_TS :
		    strcmp(k, "Orgc") == 0 ? F_ORGC :
		    strcmp(k, "Tag") == 0 ? F_TAG :
		    strcmp(k, "Galaxy") == 0 ? F_GALAXY :
		    strcmp(k, "Attribute") == 0 ? F_ATTR :
		    strcmp(k, "Object") == 0 ? F_OBJECT : F_OTHER;
		if (rnext(j, &ev, m->err) == -1)
			return -1;
		t = ev == NW_JSON_STRING || ev == NW_JSON_NUMBER ?
		    nw_json_text(j, &len) : NULL;
		switch (f) {
		case F_UUID:
			if (ev != NW_JSON_STRING || !is_uuid(t, len))
				return rfail(j, m->err, NW_E_DATA, "the event's "
				    "uuid is not a UUID");
			lower_copy(m->uuid, t, len);
			if (m->expect != NULL && strcmp(m->uuid, m->expect) != 0)
				return rfail(j, m->err, NW_E_DATA, "the file "
				    "holds event %s, not %s as the manifest "
				    "says", m->uuid, m->expect);
			break;
		case F_INFO:
			if (ev == NW_JSON_STRING) {
				m->info = nw_arena_strndup(m->arena, t, len);
				m->infolen = len;
			}
			break;
		case F_DATE:
			if (ev == NW_JSON_STRING)
				(void)day_parse(t, len, m->date, NULL);
			break;
		case F_TS:
			if (ts_parse(ev, t, &ts) == 0)
				m->ts = ts;
			break;
		case F_ORGC:
			if (ev == NW_JSON_OBJECT_BEGIN) {
				if (read_org(m, j) == -1)
					return -1;
				continue;
			}
			break;
		case F_TAG:
			if (ev == NW_JSON_ARRAY_BEGIN) {
				if (read_tags(m, j) == -1)
					return -1;
				continue;
			}
			break;
		case F_GALAXY:
			if (ev == NW_JSON_ARRAY_BEGIN) {
				if (read_galaxies(m, j) == -1)
					return -1;
				continue;
			}
			break;
		case F_ATTR:
			if (ev == NW_JSON_ARRAY_BEGIN) {
				if (count_attributes(m, j) == -1)
					return -1;
				continue;
			}
			break;
		case F_OBJECT:
			if (ev == NW_JSON_ARRAY_BEGIN) {
				if (read_objects(m, j) == -1)
					return -1;
				continue;
			}
			break;
		case F_OTHER:
			break;
		}
		if (rskip(j, ev, m->err) == -1)
			return -1;
	}
}

/*
 * The top of an event file, {"Event": {...}}: calls fn on the Event
 * object once it has begun.  Other members are skipped (checked).
 */
static int
read_top(struct mctx *m, struct nw_json *j,
    int (*fn)(struct mctx *, struct nw_json *))
{
	enum nw_json_event ev;
	int event, found = 0;

	ev = nw_json_next(j, m->err);
	if (ev == NW_JSON_ERROR)
		return -1;
	if (ev != NW_JSON_OBJECT_BEGIN)
		return rfail(j, m->err, NW_E_PARSE, "not a MISP event: the "
		    "document is not a JSON object");
	for (;;) {
		if (rnext(j, &ev, m->err) == -1)
			return -1;
		if (ev == NW_JSON_OBJECT_END)
			break;
		event = strcmp(nw_json_text(j, NULL), "Event") == 0;
		if (rnext(j, &ev, m->err) == -1)
			return -1;
		if (event && ev == NW_JSON_OBJECT_BEGIN) {
			if (fn(m, j) == -1)
				return -1;
			found = 1;
		} else if (rskip(j, ev, m->err) == -1)
			return -1;
	}
	if (nw_json_next(j, m->err) != NW_JSON_END)
		return -1;
	if (!found) {
		nw_error_set(m->err, NW_E_PARSE, "not a MISP event: no "
		    "\"Event\" object");
		nw_strlcpy(m->err->path, "$", sizeof(m->err->path));
		return -1;
	}
	return 0;
}

/* --- the second pass: attributes into indicators --------------------------- */

/* One attribute, as far as an indicator needs it. */
struct attr {
	char		 type[MAX_TYPE];
	char		 uuid[MAX_UUID];
	char		 value[NW_MISP_MAX_VALUE + 1];
	char		 comment[NW_MISP_MAX_VALUE + 1];
	size_t		 vlen;
	long long	 ts;		/* or -1 */
	int		 to_ids;
	int		 deleted;
	int		 too_long;	/* the value is over NW_MISP_MAX_VALUE */
};

/* Append s as a STIX pattern string literal, quotes and all. */
static int
pat_str(struct nw_buf *b, const char *s, size_t len)
{
	size_t i;

	if (nw_buf_addc(b, '\'') == -1)
		return -1;
	for (i = 0; i < len; i++) {
		if ((s[i] == '\'' || s[i] == '\\') && nw_buf_addc(b, '\\') == -1)
			return -1;
		if (nw_buf_addc(b, s[i]) == -1)
			return -1;
	}
	return nw_buf_addc(b, '\'');
}

/* "[path = 'value']" */
static int
pat_one(struct nw_buf *b, const char *path, const char *v, size_t len)
{
	return nw_buf_adds(b, "[") == -1 || nw_buf_adds(b, path) == -1 ||
	    nw_buf_adds(b, " = ") == -1 || pat_str(b, v, len) == -1 ||
	    nw_buf_adds(b, "]") == -1 ? -1 : 0;
}

/* "[p1 = 'v1' AND p2 = 'v2']" */
static int
pat_two(struct nw_buf *b, const char *p1, const char *v1, size_t l1,
    const char *p2, const char *v2, size_t l2)
{
	return nw_buf_adds(b, "[") == -1 || nw_buf_adds(b, p1) == -1 ||
	    nw_buf_adds(b, " = ") == -1 || pat_str(b, v1, l1) == -1 ||
	    nw_buf_adds(b, " AND ") == -1 || nw_buf_adds(b, p2) == -1 ||
	    nw_buf_adds(b, " = ") == -1 || pat_str(b, v2, l2) == -1 ||
	    nw_buf_adds(b, "]") == -1 ? -1 : 0;
}

/* No control characters, not empty. */
static int
plain(const char *s, size_t len)
{
	size_t i;

	if (len == 0)
		return 0;
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return 0;
	return 1;
}

/* An IPv4 or IPv6 address, with an optional /prefix; 4, 6 or 0. */
static int
ip_kind(const char *s, size_t len)
{
	char buf[64];
	unsigned char a[16];
	const char *slash;
	long long bits;
	int kind;

	if (len == 0 || len >= sizeof(buf))
		return 0;
	memcpy(buf, s, len);
	buf[len] = '\0';
	slash = strchr(buf, '/');
	if (slash != NULL)
		buf[slash - buf] = '\0';
	if (inet_pton(AF_INET, buf, a) == 1)
		kind = 4;
	else if (inet_pton(AF_INET6, buf, a) == 1)
		kind = 6;
	else
		return 0;
	if (slash != NULL && nw_parse_ll(slash + 1, 0, kind == 4 ? 32 : 128,
	    &bits) == -1)
		return 0;
	return kind;
}

static int
is_hex(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f') || (s[i] >= 'A' && s[i] <= 'F')))
			return 0;
	return len > 0;
}

static int
domain_ok(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len > 253 || s[0] == '.' || s[0] == '-')
		return 0;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_' ||
		    c >= 0x80))
			return 0;
	}
	return 1;
}

static int
email_ok(const char *s, size_t len)
{
	const char *at = memchr(s, '@', len);
	size_t i;

	if (len > 254 || at == NULL || at == s || at == s + len - 1 ||
	    memchr(at + 1, '@', len - (size_t)(at - s) - 1) != NULL)
		return 0;
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] <= 0x20 || s[i] == 0x7f)
			return 0;
	return 1;
}

/* The file:hashes path of a hash type, or NULL. */
static const char *
hash_path(const char *type, size_t *hexlen)
{
	static const struct {
		const char	*type;
		const char	*path;
		size_t		 len;
	} h[] = {
		{ "md5", "file:hashes.MD5", 32 },
		{ "sha1", "file:hashes.'SHA-1'", 40 },
		{ "sha256", "file:hashes.'SHA-256'", 64 },
		{ "sha512", "file:hashes.'SHA-512'", 128 },
	};
	size_t i;

	for (i = 0; i < NW_NELEM(h); i++)
		if (strcmp(type, h[i].type) == 0) {
			*hexlen = h[i].len;
			return h[i].path;
		}
	return NULL;
}

/*
 * The STIX pattern of an attribute into b: 1 made, 0 a type not kept,
 * -1 a value that does not fit its type.
 */
static int
pattern_of(struct attr *a, struct nw_buf *b)
{
	const char *t = a->type, *v = a->value, *bar, *hp;
	size_t len = a->vlen, l1, hl, i;
	char *p;
	int k;

	nw_buf_reset(b);
	bar = memchr(v, '|', len);
	if (strcmp(t, "ip-src") == 0 || strcmp(t, "ip-dst") == 0 ||
	    strcmp(t, "ip-src|port") == 0 || strcmp(t, "ip-dst|port") == 0) {
		l1 = strchr(t, '|') != NULL ? (bar != NULL ?
		    (size_t)(bar - v) : len) : len;
		k = ip_kind(v, l1);
		if (k == 0)
			return -1;
		return pat_one(b, k == 4 ? "ipv4-addr:value" :
		    "ipv6-addr:value", v, l1) == -1 ? -1 : 1;
	}
	if (strcmp(t, "domain") == 0 || strcmp(t, "hostname") == 0)
		return domain_ok(v, len) && pat_one(b, "domain-name:value", v,
		    len) == 0 ? 1 : -1;
	if (strcmp(t, "url") == 0 || strcmp(t, "uri") == 0)
		return plain(v, len) && pat_one(b, "url:value", v, len) == 0 ?
		    1 : -1;
	hp = hash_path(t, &hl);
	if (hp != NULL) {
		if (len != hl || !is_hex(v, len))
			return -1;
		for (p = a->value; *p != '\0'; p++)
			if (*p >= 'A' && *p <= 'F')
				*p = (char)(*p - 'A' + 'a');
		return pat_one(b, hp, v, len) == -1 ? -1 : 1;
	}
	hp = strncmp(t, "filename|", 9) == 0 ? hash_path(t + 9, &hl) : NULL;
	if (hp != NULL) {
		if (bar == NULL || bar == v || !plain(v, (size_t)(bar - v)))
			return -1;
		l1 = (size_t)(bar - v);
		if (len - l1 - 1 != hl || !is_hex(bar + 1, hl))
			return -1;
		for (i = l1 + 1; i < len; i++)
			if (a->value[i] >= 'A' && a->value[i] <= 'F')
				a->value[i] = (char)(a->value[i] - 'A' + 'a');
		return pat_two(b, "file:name", v, l1, hp, bar + 1, hl) == -1 ?
		    -1 : 1;
	}
	if (strcmp(t, "filename") == 0)
		return plain(v, len) && pat_one(b, "file:name", v, len) == 0 ?
		    1 : -1;
	if (strcmp(t, "email-src") == 0 || strcmp(t, "email-dst") == 0 ||
	    strcmp(t, "email") == 0)
		return email_ok(v, len) && pat_one(b, "email-addr:value", v,
		    len) == 0 ? 1 : -1;
	if (strcmp(t, "email-subject") == 0)
		return plain(v, len) && pat_one(b, "email-message:subject", v,
		    len) == 0 ? 1 : -1;
	if (strcmp(t, "mutex") == 0)
		return plain(v, len) && pat_one(b, "mutex:name", v, len) == 0 ?
		    1 : -1;
	if (strcmp(t, "regkey") == 0)
		return plain(v, len) && pat_one(b, "windows-registry-key:key",
		    v, len) == 0 ? 1 : -1;
	if (strcmp(t, "regkey|value") == 0) {
		if (bar == NULL || !plain(v, (size_t)(bar - v)) ||
		    !plain(bar + 1, len - (size_t)(bar - v) - 1))
			return -1;
		l1 = (size_t)(bar - v);
		return pat_two(b, "windows-registry-key:key", v, l1,
		    "windows-registry-key:values[*].data", bar + 1,
		    len - l1 - 1) == -1 ? -1 : 1;
	}
	return 0;
}

/* The references of an object, sorted and unique (at most three). */
static size_t
refs_of(const char **refs, const char *a, const char *b, const char *c)
{
	const char *v[3] = { a, b, c }, *t;
	size_t n = 0, i, k;

	for (i = 0; i < 3; i++)
		if (v[i] != NULL)
			refs[n++] = v[i];
	for (i = 1; i < n; i++)
		for (k = i; k > 0 && strcmp(refs[k - 1], refs[k]) > 0; k--) {
			t = refs[k];
			refs[k] = refs[k - 1];
			refs[k - 1] = t;
		}
	for (i = 1, k = n > 0 ? 1 : 0; i < n; i++)
		if (strcmp(refs[i], refs[k - 1]) != 0)
			refs[k++] = refs[i];
	return k;
}

/* Keep one object: checked by the validator, then to the sink. */
static int
keep(struct mctx *m, const char *id, const char *type, const char *created,
    const char *modified, const char **refs, size_t nrefs)
{
	struct nw_stixval_opts opts;
	struct nw_stixval_result res;
	struct nw_stix_object so;

	memset(&opts, 0, sizeof(opts));
	opts.cache = m->vcache;
	opts.keep_none = 1;
	nw_stixval_buf(m->obj.data, m->obj.len, m->doc->name, &opts, &res);
	nw_stixval_result_free(&res);
	if (res.errors > 0) {
		/* the patterns were checked: a bug if it happens */
		nw_log(NW_LOG_DEBUG, m->feed->name, "%s: %s %s left out: "
		    "not valid STIX", m->doc->name, type, id);
		m->nleft++;
		return 0;
	}
	memset(&so, 0, sizeof(so));
	so.id = id;
	so.type = type;
	so.created = created;
	so.modified = modified;
	so.json = m->obj.data;
	so.jsonlen = m->obj.len;
	so.warnings = res.warnings > INT32_MAX ? INT32_MAX : (int)res.warnings;
	so.refs = refs;
	so.nrefs = nrefs;
	if (m->sink->object(&so, m->sink->arg) == -1) {
		m->sink_failed = 1;
		return -1;
	}
	return 0;
}

static void
w_marking(struct mctx *m, struct nw_jsonw *w)
{
	nw_jsonw_key(w, "object_marking_refs");
	nw_jsonw_arr_begin(w);
	nw_jsonw_str(w, m->marking);
	nw_jsonw_arr_end(w);
}

/* An attribute read: an indicator and its relationship, or nothing. */
static int
indicator(struct mctx *m, struct attr *a)
{
	struct nw_jsonw w;
	char id[NW_STIX_ID_MAX], rid[NW_STIX_ID_MAX], key[NW_STIX_ID_MAX + 32];
	char created[32], modified[32], day[32], why[256], name[MAX_NAME + 1];
	const char *refs[3], *err;
	size_t klen, nrefs, nl;
	long long ts;
	int k;

	if (!a->to_ids || a->deleted || a->type[0] == '\0')
		return 0;
	if (a->too_long) {
		m->nleft++;
		return 0;
	}
	k = pattern_of(a, &m->pat);
	if (k == 0)
		return 0;
	if (k == -1 || m->pat.over ||
	    nw_stix_pattern_check(m->pat.data, why, sizeof(why)) == -1) {
		m->nleft++;
		return 0;
	}
	/* modified: the later of the attribute's and the event's times */
	ts = a->ts > m->ts ? a->ts : m->ts;
	if (ts < 0)
		ts = m->fallback_ts;
	day[0] = '\0';
	if (m->date[0] != '\0')
		snprintf(day, sizeof(day), "%sT00:00:00.000Z", m->date);
	if (ts >= 0) {
		if (ts_format(ts, modified) == -1) {
			m->nleft++;
			return 0;
		}
	} else if (day[0] != '\0')
		nw_strlcpy(modified, day, sizeof(modified));
	else {
		m->nleft++;
		return 0;
	}
	nw_strlcpy(created, day[0] != '\0' && strcmp(day, modified) <= 0 ?
	    day : modified, sizeof(created));

	/* the id: of the attribute's uuid, else of the event and pattern */
	if (a->uuid[0] != '\0')
		klen = (size_t)snprintf(key, sizeof(key), "indicator/misp%c%s",
		    '\0', a->uuid);
	else {
		char h[NW_SHA256_HEX];

		nw_sha256_hex(m->pat.data, m->pat.len, h);
		klen = (size_t)snprintf(key, sizeof(key),
		    "indicator/misp%c%s%c%s", '\0', m->uuid, '\0', h);
	}
	nw_stix_derived_id("indicator", key, klen, id);
	klen = (size_t)snprintf(key, sizeof(key), "relationship/misp%c%s",
	    '\0', id);
	nw_stix_derived_id("relationship", key, klen, rid);

	nl = (size_t)snprintf(name, sizeof(name), "%s: ", a->type);
	if (nl < sizeof(name)) {
		size_t vl = utf8_cut(a->value, a->vlen, sizeof(name) - nl - 1);

		memcpy(name + nl, a->value, vl);
		name[nl + vl] = '\0';
	}

	nw_buf_reset(&m->obj);
	nw_jsonw_init(&w, &m->obj);
	nw_jsonw_obj_begin(&w);
	nw_jsonw_kstr(&w, "created", created);
	nw_jsonw_kstr(&w, "created_by_ref", m->identity);
	if (a->comment[0] != '\0')
		nw_jsonw_kstr(&w, "description", a->comment);
	nw_jsonw_key(&w, "external_references");
	nw_jsonw_arr_begin(&w);
	nw_jsonw_obj_begin(&w);
	nw_jsonw_kstr(&w, "description", "the MISP event");
	nw_jsonw_kstr(&w, "external_id", m->uuid);
	nw_jsonw_kstr(&w, "source_name", "misp");
	nw_jsonw_obj_end(&w);
	nw_jsonw_arr_end(&w);
	nw_jsonw_kstr(&w, "id", id);
	nw_jsonw_kstr(&w, "modified", modified);
	nw_jsonw_kstr(&w, "name", name);
	w_marking(m, &w);
	nw_jsonw_kstr(&w, "pattern", m->pat.data);
	nw_jsonw_kstr(&w, "pattern_type", "stix");
	nw_jsonw_kstr(&w, "pattern_version", "2.1");
	nw_jsonw_kstr(&w, "spec_version", "2.1");
	nw_jsonw_kstr(&w, "type", "indicator");
	nw_jsonw_kstr(&w, "valid_from", created);
	nw_jsonw_obj_end(&w);
	if (nw_jsonw_done(&w, &err) == -1) {
		m->nleft++;
		return 0;
	}
	nrefs = refs_of(refs, m->identity, m->marking, NULL);
	if (keep(m, id, "indicator", created, modified, refs, nrefs) == -1)
		return -1;

	nw_buf_reset(&m->obj);
	nw_jsonw_init(&w, &m->obj);
	nw_jsonw_obj_begin(&w);
	nw_jsonw_kstr(&w, "created", created);
	nw_jsonw_kstr(&w, "created_by_ref", m->identity);
	nw_jsonw_kstr(&w, "id", rid);
	nw_jsonw_kstr(&w, "modified", modified);
	w_marking(m, &w);
	nw_jsonw_kstr(&w, "relationship_type", "detected");
	nw_jsonw_kstr(&w, "source_ref", id);
	nw_jsonw_kstr(&w, "spec_version", "2.1");
	nw_jsonw_kstr(&w, "target_ref", m->incident);
	nw_jsonw_kstr(&w, "type", "relationship");
	nw_jsonw_obj_end(&w);
	if (nw_jsonw_done(&w, &err) == -1)
		return 0;
	m->nind++;
	nrefs = refs_of(refs, m->identity, id, m->incident);
	return keep(m, rid, "relationship", created, modified, refs, nrefs);
}

/* Copy a string value into out (sz bytes), cut at a character boundary. */
static void
copy_str(struct nw_json *j, char *out, size_t sz, size_t *outlen)
{
	size_t len;
	const char *t = nw_json_text(j, &len);

	len = utf8_cut(t, len, sz - 1);
	memcpy(out, t, len);
	out[len] = '\0';
	if (outlen != NULL)
		*outlen = len;
}

static int
truth(enum nw_json_event ev, const char *t)
{
	if (ev == NW_JSON_TRUE)
		return 1;
	if ((ev == NW_JSON_STRING || ev == NW_JSON_NUMBER) && t != NULL &&
	    strcmp(t, "1") == 0)
		return 1;
	return 0;
}

enum afield {
	A_OTHER, A_TYPE, A_UUID, A_VALUE, A_COMMENT, A_TS, A_TO_IDS, A_DELETED
};

static enum afield
attr_field(const char *k)
{
	static const struct {
		const char	*name;
		enum afield	 f;
	} map[] = {
		{ "type", A_TYPE }, { "uuid", A_UUID }, { "value", A_VALUE },
		{ "comment", A_COMMENT }, { "timestamp", A_TS },
		{ "to_ids", A_TO_IDS }, { "deleted", A_DELETED },
	};
	size_t i;

	for (i = 0; i < NW_NELEM(map); i++)
		if (strcmp(k, map[i].name) == 0)
			return map[i].f;
	return A_OTHER;
}

/* The attributes of an array just begun. */
static int
stream_attributes(struct mctx *m, struct nw_json *j, struct attr *a)
{
	enum nw_json_event ev;
	enum afield f;
	const char *t;
	size_t len = 0;
	long long ts;

	for (;;) {
		if (rnext(j, &ev, m->err) == -1)
			return -1;
		if (ev == NW_JSON_ARRAY_END)
			return 0;
		if (ev != NW_JSON_OBJECT_BEGIN) {
			if (rskip(j, ev, m->err) == -1)
				return -1;
			continue;
		}
		a->type[0] = a->uuid[0] = a->value[0] = a->comment[0] = '\0';
		a->vlen = 0;
		a->ts = -1;
		a->to_ids = a->deleted = a->too_long = 0;
		for (;;) {
			if (rnext(j, &ev, m->err) == -1)
				return -1;
			if (ev == NW_JSON_OBJECT_END)
				break;
			f = attr_field(nw_json_text(j, NULL));
			if (rnext(j, &ev, m->err) == -1)
				return -1;
			t = ev == NW_JSON_STRING || ev == NW_JSON_NUMBER ?
			    nw_json_text(j, &len) : NULL;
			switch (f) {
			case A_TYPE:
				if (ev == NW_JSON_STRING)
					copy_str(j, a->type, sizeof(a->type),
					    NULL);
				break;
			case A_UUID:
				if (ev == NW_JSON_STRING)
					copy_str(j, a->uuid, sizeof(a->uuid),
					    NULL);
				break;
			case A_VALUE:
				if (ev != NW_JSON_STRING)
					break;
				if (len > NW_MISP_MAX_VALUE)
					a->too_long = 1;
				else
					copy_str(j, a->value, sizeof(a->value),
					    &a->vlen);
				break;
			case A_COMMENT:
				if (ev == NW_JSON_STRING)
					copy_str(j, a->comment,
					    sizeof(a->comment), NULL);
				break;
			case A_TS:
				if (ts_parse(ev, t, &ts) == 0)
					a->ts = ts;
				break;
			case A_TO_IDS:
				a->to_ids = truth(ev, t);
				break;
			case A_DELETED:
				a->deleted = truth(ev, t);
				break;
			case A_OTHER:
				break;
			}
			if (rskip(j, ev, m->err) == -1)
				return -1;
		}
		if (indicator(m, a) == -1)
			return -1;
	}
}

/* The members of Event, in the second pass. */
static int
event_attributes(struct mctx *m, struct nw_json *j)
{
	enum nw_json_event ev;
	struct attr *a = xmalloc(sizeof(*a));
	const char *k;
	int f, rc = -1;

	for (;;) {
		if (rnext(j, &ev, m->err) == -1)
			goto out;
		if (ev == NW_JSON_OBJECT_END)
			break;
		k = nw_json_text(j, NULL);
		f = strcmp(k, "Attribute") == 0 ? 1 :
		    strcmp(k, "Object") == 0 ? 2 : 0;
		if (rnext(j, &ev, m->err) == -1)
			goto out;
		if (f == 1 && ev == NW_JSON_ARRAY_BEGIN) {
			if (stream_attributes(m, j, a) == -1)
				goto out;
			continue;
		}
		if (f == 2 && ev == NW_JSON_ARRAY_BEGIN) {
			/* each object's attributes */
			for (;;) {
				if (rnext(j, &ev, m->err) == -1)
					goto out;
				if (ev == NW_JSON_ARRAY_END)
					break;
				if (ev != NW_JSON_OBJECT_BEGIN) {
					if (rskip(j, ev, m->err) == -1)
						goto out;
					continue;
				}
				for (;;) {
					if (rnext(j, &ev, m->err) == -1)
						goto out;
					if (ev == NW_JSON_OBJECT_END)
						break;
					f = strcmp(nw_json_text(j, NULL),
					    "Attribute") == 0;
					if (rnext(j, &ev, m->err) == -1)
						goto out;
					if (f && ev == NW_JSON_ARRAY_BEGIN) {
						if (stream_attributes(m, j,
						    a) == -1)
							goto out;
					} else if (rskip(j, ev, m->err) == -1)
						goto out;
				}
			}
			continue;
		}
		if (rskip(j, ev, m->err) == -1)
			goto out;
	}
	rc = 0;
out:
	free(a);
	return rc;
}

/* --- the event as a report --------------------------------------------------- */

/* Normalized text of s, cut at max bytes, into the arena. */
static const char *
norm_text(struct mctx *m, const char *s, size_t len, size_t max,
    size_t *outlen)
{
	struct nw_buf b;
	const char *t;
	size_t n;

	nw_buf_init(&b, len * 2 + 16);
	if (nw_text_normalize(s, len, &b) == -1) {
		nw_buf_free(&b);
		*outlen = 0;
		return "";
	}
	n = b.data != NULL ? utf8_cut(b.data, b.len, max) : 0;
	t = nw_arena_strndup(m->arena, b.data != NULL ? b.data : "", n);
	nw_buf_free(&b);
	*outlen = n;
	return t;
}

static const char *
tlp_name(int rank)
{
	return rank >= 0 && rank <= 4 ? nw_stix_tlp_levels[rank] : NULL;
}

/*
 * Read one event document into a report (m->r) and its indicators.
 * Returns 0, or -1 with *m->err (m->sink_failed when the sink stopped).
 */
static int
event_parse(struct mctx *m)
{
	struct nw_json_limits lim;
	struct nw_json *j = NULL;
	struct nw_report *r;
	struct nw_origin *o;
	const struct nw_stix_tlp *t;
	char key[128], hex[NW_SHA256_HEX], *pkey;
	const char *pub;
	size_t tl, klen;
	int rank, rc = -1;

	m->ts = -1;
	m->tlp = -1;
	m->r = r = nw_arena_alloc(m->arena, sizeof(*r));
	m->o = o = nw_arena_alloc(m->arena, sizeof(*o));
	r->offset = -1;
	r->origin = o;
	r->text = "";
	limits_of(&lim, 0);

	/* first pass: everything checked, fields, tags and galaxies read */
	j = nw_json_new_mem(m->doc->data, m->doc->len, &lim, m->doc->name);
	if (read_top(m, j, read_event) == -1)
		goto out;
	nw_json_free(j);
	j = NULL;
	if (m->uuid[0] == '\0') {
		if (m->expect == NULL) {
			nw_error_set(m->err, NW_E_DATA, "the event has no uuid");
			nw_strlcpy(m->err->path, "$.Event", sizeof(m->err->path));
			goto out;
		}
		nw_strlcpy(m->uuid, m->expect, sizeof(m->uuid));
	}
	if (m->date[0] == '\0' && m->fallback_date != NULL)
		nw_strlcpy(m->date, m->fallback_date, sizeof(m->date));

	/* the report; tags were applied before the text was known */
	r->native_id = nw_arena_strdup(m->arena, m->uuid);
	r->url = nw_arena_strdup(m->arena, m->doc->url);
	if (m->info != NULL) {
		r->title = norm_text(m, m->info, m->infolen, NW_MAX_TITLE_LEN,
		    &tl);
		if (tl == 0)
			r->title = NULL;
		r->text = norm_text(m, m->info, m->infolen,
		    m->feed->limits.max_entry_len, &r->textlen);
	}
	for (tl = 0; tl < r->ex.nactors; tl++)
		r->ex.actors[tl].ev = span_in(m, r->ex.actors[tl].name);
	if (m->date[0] != '\0')
		(void)day_parse(m->date, strlen(m->date), m->date, &r->date);
	r->preset = m->structured;

	klen = (size_t)snprintf(key, sizeof(key), "incident/misp:%s", m->uuid);
	nw_stix_derived_id("incident", key, klen, m->incident);
	o->export_id = nw_arena_strdup(m->arena, m->incident);
	o->publisher = m->org;
	o->tlp = tlp_name(m->tlp);
	nw_sha256_hex(m->doc->data, m->doc->len, hex);
	o->url_sha256 = nw_arena_strdup(m->arena, hex);

	/* second pass: the attributes, streamed into indicators */
	if (m->indicators && m->sink->object != NULL && m->nattrs > 0) {
		pub = m->org != NULL ? m->org : m->feed->publisher != NULL ?
		    m->feed->publisher : "";
		/* the exporter's publisher identity (docs/design.md) */
		klen = strlen(pub);
		pkey = xmalloc(sizeof("identity/publisher") + klen);
		memcpy(pkey, "identity/publisher", sizeof("identity/publisher"));
		memcpy(pkey + sizeof("identity/publisher"), pub, klen);
		nw_stix_derived_id("identity", pkey, sizeof("identity/publisher") +
		    klen, m->identity);
		free(pkey);
		rank = nw_stix_tlp_rank(m->feed->tlp != NULL ? m->feed->tlp :
		    "clear");
		if (m->tlp > rank)
			rank = m->tlp;
		t = nw_stix_tlp_by_level(2, tlp_name(rank < 0 ? 0 : rank));
		m->marking = t != NULL ? t->id : NW_STIX_TLP2_CLEAR;
		nw_buf_init(&m->obj, MAX_OBJECT);
		nw_buf_init(&m->pat, MAX_PATTERN);
		m->vcache = nw_stixval_cache_new();
		j = nw_json_new_mem(m->doc->data, m->doc->len, &lim,
		    m->doc->name);
		if (read_top(m, j, event_attributes) == -1)
			goto out;
	}
	rc = 0;
out:
	nw_json_free(j);
	nw_buf_free(&m->obj);
	nw_buf_free(&m->pat);
	nw_stixval_cache_free(m->vcache);
	m->vcache = NULL;
	return rc;
}

/* --- feed keys ------------------------------------------------------------- */

struct opts {
	enum nw_party	party;
	int		indicators;
	long long	max_events;
};

/* Read the keys; every bad one goes to onerr.  Returns the errors. */
static int
opts_load(const struct nw_feed *feed, struct opts *o, nw_error_fn onerr,
    void *arg, struct nw_error *first)
{
	struct nw_error e;
	const char *v;
	long line;
	int nerr = 0;

#define BAD(...) do {							\
	nw_error_clear(&e);						\
	nw_error_where(&e, feed->name, feed->path);			\
	nw_error_at_line(&e, line, 0);					\
	nw_error_set(&e, NW_E_CONFIG, __VA_ARGS__);			\
	if (onerr != NULL)						\
		onerr(&e, arg);						\
	if (nerr++ == 0 && first != NULL)				\
		*first = e;						\
} while (0)

	o->party = NW_PARTY_UNSPECIFIED;
	o->indicators = 1;
	o->max_events = 0;
	line = 0;
	v = nw_feed_opt(feed, "party", &line);
	if (v != NULL && nw_party_from_name(v, &o->party) == -1)
		BAD("party must be government, vendor, self, media or "
		    "unspecified");
	line = 0;
	v = nw_feed_opt(feed, "indicators", &line);
	if (v != NULL) {
		if (strcmp(v, "yes") == 0)
			o->indicators = 1;
		else if (strcmp(v, "no") == 0)
			o->indicators = 0;
		else
			BAD("indicators must be yes or no");
	}
	line = 0;
	v = nw_feed_opt(feed, "max-events", &line);
	if (v != NULL && nw_parse_ll(v, 0, NW_MISP_MAX_EVENTS_KEY,
	    &o->max_events) == -1)
		BAD("max-events must be a number from 0 to %d",
		    NW_MISP_MAX_EVENTS_KEY);
#undef BAD
	return nerr;
}

static int
misp_check(const struct nw_feed *feed, nw_error_fn onerr, void *arg)
{
	struct opts o;

	return opts_load(feed, &o, onerr, arg, NULL);
}

/* --- one event document (parse) --------------------------------------------- */

static long
misp_parse_sink(const struct nw_feed *feed, const struct nw_doc *doc,
    struct nw_arena *arena, const struct nw_parse_sink *sink,
    struct nw_error *err)
{
	struct mctx m;
	struct opts o;

	nw_error_clear(err);
	if (opts_load(feed, &o, NULL, NULL, err) > 0)
		return -1;
	memset(&m, 0, sizeof(m));
	m.feed = feed;
	m.doc = doc;
	m.arena = arena;
	m.sink = sink;
	m.err = err;
	m.party = o.party;
	m.indicators = o.indicators;
	m.fallback_ts = -1;
	if (event_parse(&m) == -1) {
		if (!m.sink_failed)
			nw_error_where(err, feed->name, doc->name);
		return -1;
	}
	if (sink->report(m.r, sink->arg) == -1)
		return -1;
	return 1;
}

static long
misp_parse(const struct nw_feed *feed, const struct nw_doc *doc,
    struct nw_arena *arena, nw_report_fn fn, void *arg, struct nw_error *err)
{
	struct nw_parse_sink sink = { fn, NULL, arg };

	return misp_parse_sink(feed, doc, arena, &sink, err);
}

/* --- the feed (collect) -------------------------------------------------------- */

/* Log an event that failed; it is fetched again next run. */
static void
event_warn(const struct nw_feed *feed, struct nw_error *e, const char *url,
    long nfailed)
{
	char line[1600];

	if (nfailed > NW_MISP_MAX_WARN)
		return;
	if (e->feed[0] == '\0')
		nw_error_where(e, feed->name, NULL);
	if (e->file[0] == '\0')
		nw_error_where(e, NULL, url_name(url));
	nw_log(NW_LOG_WARN, NULL, "%s (event skipped: it is fetched again "
	    "next run)", nw_error_str(e, line, sizeof(line)));
}

static long
misp_collect(struct nw_collect *c, struct nw_error *err)
{
	const struct nw_feed *feed = c->feed;
	struct nw_fetch_req req;
	struct nw_fetch_res res, eres;
	struct nw_misp_manifest man;
	struct nw_error e;
	struct nw_doc doc;
	struct mctx m;
	struct opts o;
	const struct nw_misp_entry *en;
	const char *old;
	char *manifest_url = NULL, *base = NULL, *url = NULL;
	char key[64], tsbuf[32];
	size_t sz = NW_MAX_URL_LEN + 64, i, max;
	long nreports = 0, nfetched = 0, nfailed = 0, nunchanged = 0;
	long nleft_run = 0, nind = 0, nleft = 0;
	int http, rc = -1;

	memset(&res, 0, sizeof(res));
	memset(&eres, 0, sizeof(eres));
	memset(&man, 0, sizeof(man));
	nw_error_clear(err);
	if (opts_load(feed, &o, NULL, NULL, err) > 0)
		return -1;
	manifest_url = xmalloc(sz);
	base = xmalloc(sz);
	url = xmalloc(sz + 64);
	if (nw_misp_urls(feed->url, manifest_url, base, sz) == -1) {
		nw_error_where(err, feed->name, feed->url);
		nw_error_set(err, NW_E_CONFIG, "not a MISP feed URL: it must "
		    "name manifest.json or a directory ending in \"/\"");
		goto out;
	}
	http = is_http(manifest_url);

	/* the manifest, conditional on the last complete run */
	memset(&req, 0, sizeof(req));
	req.url = manifest_url;
	req.accept = "application/json";
	if (http) {
		req.etag = c->state_get(c, "manifest/etag");
		req.last_modified = c->state_get(c, "manifest/last-modified");
	}
	if (c->fetch(c, &req, &res, err) == -1)
		goto out;
	if (res.status == NW_FETCH_NOT_MODIFIED) {
		nw_log(NW_LOG_INFO, feed->name, "%s: not modified",
		    url_name(manifest_url));
		rc = 0;
		goto out;
	}
	max = feed->limits.max_entries < NW_MISP_MAX_EVENTS ?
	    feed->limits.max_entries : NW_MISP_MAX_EVENTS;
	if (nw_misp_manifest_parse(res.body, res.len, feed->name,
	    url_name(manifest_url), max, &man, err) == -1)
		goto out;

	for (i = 0; i < man.n; i++) {
		en = &man.v[i];
		snprintf(key, sizeof(key), "event/%s", en->uuid);
		snprintf(tsbuf, sizeof(tsbuf), "%lld", en->timestamp);
		old = c->state_get(c, key);
		if (old != NULL && strcmp(old, tsbuf) == 0) {
			nunchanged++;
			continue;
		}
		if (o.max_events > 0 && nfetched >= o.max_events) {
			nleft_run++;
			continue;
		}
		nfetched++;
		snprintf(url, sz + 64, "%s%s.json", base, en->uuid);
		nw_fetch_res_free(&eres);
		memset(&req, 0, sizeof(req));
		req.url = url;
		req.accept = "application/json";
		nw_error_clear(&e);
		if (c->fetch(c, &req, &eres, &e) == -1 ||
		    eres.status != NW_FETCH_OK || eres.body == NULL) {
			if (e.code == NW_E_OK)
				nw_error_set(&e, NW_E_HTTP, "no body");
			event_warn(feed, &e, url, ++nfailed);
			continue;
		}
		memset(&doc, 0, sizeof(doc));
		doc.data = eres.body;
		doc.len = eres.len;
		doc.url = url;
		doc.name = url_name(url);
		doc.content_type = eres.content_type;
		doc.ref = c->ref;
		memset(&m, 0, sizeof(m));
		m.feed = feed;
		m.doc = &doc;
		m.arena = c->arena;
		m.sink = c->sink;
		m.err = &e;
		m.party = o.party;
		m.indicators = o.indicators;
		m.expect = en->uuid;
		m.fallback_date = en->date[0] != '\0' ? en->date : NULL;
		m.fallback_ts = en->timestamp;
		if (event_parse(&m) == -1) {
			if (m.sink_failed) {
				*err = e;
				goto out;
			}
			nw_error_where(&e, feed->name, doc.name);
			event_warn(feed, &e, url, ++nfailed);
			continue;
		}
		nind += m.nind;
		nleft += m.nleft;
		/* the report's url outlives this body: it is in the arena */
		if (c->sink->report(m.r, c->sink->arg) == -1) {
			if (err->code == NW_E_OK)
				nw_error_set(err, NW_E_INTERNAL, "the report of "
				    "event %s was refused", en->uuid);
			goto out;
		}
		nreports++;
		if (c->state_set(c, key, tsbuf, err) == -1)
			goto out;
	}

	/* validators only when every event is in: else the manifest again */
	if (http) {
		int complete = nfailed == 0 && nleft_run == 0;

		if (c->state_set(c, "manifest/etag", complete ? res.etag : NULL,
		    err) == -1 ||
		    c->state_set(c, "manifest/last-modified", complete ?
		    res.last_modified : NULL, err) == -1)
			goto out;
	}
	if (nfailed > NW_MISP_MAX_WARN)
		nw_log(NW_LOG_WARN, feed->name, "%ld more events skipped",
		    nfailed - NW_MISP_MAX_WARN);
	if (nfailed > 0)
		nw_log(NW_LOG_WARN, feed->name, "%ld of %ld events fetched "
		    "failed; they are fetched again next run", nfailed,
		    nfetched);
	nw_log(NW_LOG_INFO, feed->name, "%s: %zu events, %ld fetched, %ld "
	    "unchanged, %ld failed, %ld left for the next run; %ld "
	    "indicators kept, %ld IDS attributes left out",
	    url_name(manifest_url), man.n, nfetched, nunchanged, nfailed,
	    nleft_run, nind, nleft);
	rc = 0;
out:
	nw_misp_manifest_free(&man);
	nw_fetch_res_free(&res);
	nw_fetch_res_free(&eres);
	free(manifest_url);
	free(base);
	free(url);
	return rc == 0 ? nreports : -1;
}

const struct nw_parser nw_parser_misp = {
	.kind = "misp",
	.summary = "MISP feeds (manifest.json and event files): events new or "
	    "changed since the last run, galaxy actor claims, IDS indicators",
	.options = misp_options,
	.parse = misp_parse,
	.check = misp_check,
	.parse_sink = misp_parse_sink,
	.collect = misp_collect,
};
