/*
 * test_misp.c - the misp feed kind (src/parse/misp.c): manifest URLs and
 * manifests (timestamps as strings, bad entries, every cap), events read
 * alone (galaxy tags and clusters into claims with the creator
 * organisation as claimant, every attribute type into indicators that
 * hold under strict STIX validation, missing fields), the collector over
 * a copy of the sample feed (only new or changed events fetched, a failed
 * event leaving its state for the next run, max-events, max-size), the
 * hostile documents of tests/data/misp/hostile/ and generated ones (a
 * million attributes, a manifest of a million events), and the real MISP
 * data of $NW_SHARED/data (skipped when absent).
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
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

#include <json-c/json.h>

#include "normwatch/feed.h"
#include "normwatch/fetch.h"
#include "normwatch/limits.h"
#include "normwatch/log.h"
#include "normwatch/misp.h"
#include "normwatch/parse.h"
#include "normwatch/refdata.h"
#include "normwatch/stix.h"
#include "normwatch/stixval.h"
#include "normwatch/util.h"

#define MAX_FIXTURE	(64u << 20)
#define SAMPLE_DIR	"feeds/samples/misp"
#define E_APT28		"7c00b372-b3de-4cdd-a6c4-b160ff171fb7"
#define E_SANDWORM	"4c327b1a-8c60-45ae-ae7c-7c7341377590"
#define E_LAZARUS	"9f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0"
#define E_IRAN		"0a1b2c3d-4e5f-4a6b-9c7d-8e9f0a1b2c3d"
#define TLP2_GREEN	"marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"
#define TLP2_AMBER	"marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"
#define TLP2_RED	"marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"

static struct nw_refdata *ref;

/* --- helpers ----------------------------------------------------------------- */

static const char *
srcdir(void)
{
	const char *d = getenv("NW_SRCDIR");

	return d != NULL ? d : ".";
}

static char *
read_path(const char *path, size_t *len)
{
	struct nw_error err;
	char *data;

	nw_error_clear(&err);
	data = nw_read_file(path, MAX_FIXTURE, len, &err);
	if (data == NULL)
		fail_msg("cannot read %s: %s", path, err.msg);
	return data;
}

static char *
fixture(const char *rel, size_t *len)
{
	char *path = xasprintf("%s/%s", srcdir(), rel), *d;

	d = read_path(path, len);
	free(path);
	return d;
}

static void
print_err(const struct nw_error *e, void *arg)
{
	char buf[1536];

	(void)arg;
	print_message("# %s\n", nw_error_str(e, buf, sizeof(buf)));
}

/* A misp feed of this url, with extra definition lines. */
static struct nw_feed *
mkfeed(const char *url, const char *extra)
{
	struct nw_error err;
	struct nw_feed *f;
	char *text;

	text = xasprintf("name = t\nkind = misp\nurl = %s\npublisher = "
	    "Feed Publisher\n%s", url, extra != NULL ? extra : "");
	f = nw_feed_parse("/tmp/t.feed", text, strlen(text), print_err, NULL,
	    &err);
	free(text);
	if (f == NULL)
		fail_msg("feed: %s", err.msg);
	return f;
}

/* What a parse or a collect handed out. */
struct got {
	struct nw_report	**r;
	size_t			  n;
	char			**json;		/* kept objects */
	char			**type;
	size_t			  nobj;
	int			  refuse;	/* the sink says stop */
};

static int
got_report(struct nw_report *r, void *arg)
{
	struct got *g = arg;

	if (g->refuse)
		return -1;
	g->r = xreallocarray(g->r, g->n + 1, sizeof(*g->r));
	g->r[g->n++] = r;
	return 0;
}

static int
got_object(const struct nw_stix_object *o, void *arg)
{
	struct got *g = arg;

	if (g->refuse)
		return -1;
	assert_int_equal(o->own, 0);
	assert_string_equal(o->hash, "");
	g->json = xreallocarray(g->json, g->nobj + 1, sizeof(*g->json));
	g->type = xreallocarray(g->type, g->nobj + 1, sizeof(*g->type));
	g->json[g->nobj] = xstrndup(o->json, o->jsonlen);
	g->type[g->nobj] = xstrdup(o->type);
	g->nobj++;
	return 0;
}

static void
got_free(struct got *g)
{
	size_t i;

	for (i = 0; i < g->nobj; i++) {
		free(g->json[i]);
		free(g->type[i]);
	}
	free(g->json);
	free(g->type);
	free(g->r);
	memset(g, 0, sizeof(*g));
}

static size_t
count_type(const struct got *g, const char *type)
{
	size_t i, n = 0;

	for (i = 0; i < g->nobj; i++)
		n += strcmp(g->type[i], type) == 0;
	return n;
}

/* The kept object whose JSON holds needle, or NULL. */
static const char *
find_obj(const struct got *g, const char *needle)
{
	size_t i;

	for (i = 0; i < g->nobj; i++)
		if (strstr(g->json[i], needle) != NULL)
			return g->json[i];
	return NULL;
}

/* Parse one event document with the parser's parse_sink. */
static long
parse_event(const struct nw_feed *f, const char *data, size_t len,
    const char *url, struct nw_arena *a, struct got *g, struct nw_error *err)
{
	struct nw_parse_sink sink = { got_report, got_object, g };
	struct nw_doc doc;

	memset(&doc, 0, sizeof(doc));
	doc.data = data;
	doc.len = len;
	doc.url = url;
	doc.name = url;
	doc.ref = ref;
	return nw_parser_misp.parse_sink(f, &doc, a, &sink, err);
}

static int
has_actor(const struct nw_report *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->ex.nactors; i++)
		if (strcmp(r->ex.actors[i].name, name) == 0)
			return 1;
	return 0;
}

static const struct nw_attribution *
attr_of(const struct nw_report *r, const char *state)
{
	size_t i;

	for (i = 0; i < r->ex.nattr; i++)
		if (strcmp(r->ex.attr[i].state, state) == 0)
			return &r->ex.attr[i];
	return NULL;
}

static int
has_victim(const struct nw_report *r, const char *state)
{
	size_t i;

	for (i = 0; i < r->ex.nvictims; i++)
		if (strcmp(r->ex.victims[i], state) == 0)
			return 1;
	return 0;
}

/* The id the exporter gives the publisher identity of name. */
static void
publisher_id(const char *name, char out[NW_STIX_ID_MAX])
{
	size_t n = strlen(name);
	char *k = xmalloc(sizeof("identity/publisher") + n);

	memcpy(k, "identity/publisher", sizeof("identity/publisher"));
	memcpy(k + sizeof("identity/publisher"), name, n);
	nw_stix_derived_id("identity", k, sizeof("identity/publisher") + n,
	    out);
	free(k);
}

static void
print_msg(const struct nw_stixval_msg *m, void *arg)
{
	char buf[1200];

	(void)arg;
	print_message("# %s\n", nw_stixval_msg_str(m, buf, sizeof(buf)));
}

/*
 * Every kept object of g in one bundle with the publisher identity and
 * the incident they refer to: valid under --strict, no message at all.
 */
static void
assert_strict(const struct got *g, const char *publisher,
    const char *incident)
{
	struct nw_stixval_opts opts;
	struct nw_stixval_result res;
	struct nw_buf b;
	char pid[NW_STIX_ID_MAX], bid[NW_STIX_ID_MAX];
	size_t i;

	publisher_id(publisher, pid);
	nw_stix_derived_id("bundle", "test", 4, bid);
	nw_buf_init(&b, 256u << 20);
	assert_int_equal(nw_buf_addf(&b, "{\"type\":\"bundle\",\"id\":\"%s\","
	    "\"objects\":[{\"type\":\"identity\",\"spec_version\":\"2.1\","
	    "\"id\":\"%s\",\"created\":\"2020-01-01T00:00:00.000Z\","
	    "\"modified\":\"2020-01-01T00:00:00.000Z\",\"name\":\"p\","
	    "\"identity_class\":\"organization\"},{\"type\":\"incident\","
	    "\"spec_version\":\"2.1\",\"id\":\"%s\",\"created\":"
	    "\"2020-01-01T00:00:00.000Z\",\"modified\":"
	    "\"2020-01-01T00:00:00.000Z\",\"name\":\"i\"}", bid, pid,
	    incident), 0);
	for (i = 0; i < g->nobj; i++) {
		assert_int_equal(nw_buf_adds(&b, ","), 0);
		assert_int_equal(nw_buf_adds(&b, g->json[i]), 0);
	}
	assert_int_equal(nw_buf_adds(&b, "]}"), 0);
	memset(&opts, 0, sizeof(opts));
	opts.flags = NW_STIXVAL_STRICT;
	opts.fn = print_msg;
	nw_stixval_buf(b.data, b.len, "bundle", &opts, &res);
	assert_int_equal(res.status, NW_STIXVAL_VALID);
	assert_int_equal(res.errors, 0);
	assert_int_equal(res.warnings, 0);
	assert_int_equal(res.objects, g->nobj + 2);
	nw_stixval_result_free(&res);
	nw_buf_free(&b);
}

static void
incident_id(const char *uuid, char out[NW_STIX_ID_MAX])
{
	char *k = xasprintf("incident/misp:%s", uuid);

	nw_stix_derived_id("incident", k, strlen(k), out);
	free(k);
}

static int
setup(void **state)
{
	struct nw_error err;
	char *rd;

	(void)state;
	rd = xasprintf("%s/feeds/reference", srcdir());
	ref = nw_refdata_load(rd, &err);
	free(rd);
	if (ref == NULL)
		return -1;
	return nw_fetch_global_init(&err);
}

static int
teardown(void **state)
{
	(void)state;
	nw_refdata_free(ref);
	nw_fetch_global_cleanup();
	return 0;
}

/* --- URLs ---------------------------------------------------------------------- */

static void
test_urls(void **state)
{
	char man[NW_MAX_URL_LEN + 64], base[NW_MAX_URL_LEN + 64];
	char *longurl;

	(void)state;
	assert_int_equal(nw_misp_urls("https://h.example/feed/manifest.json",
	    man, base, sizeof(man)), 0);
	assert_string_equal(man, "https://h.example/feed/manifest.json");
	assert_string_equal(base, "https://h.example/feed/");
	assert_int_equal(nw_misp_urls("https://h.example/doc/misp/feed-osint/",
	    man, base, sizeof(man)), 0);
	assert_string_equal(man,
	    "https://h.example/doc/misp/feed-osint/manifest.json");
	assert_string_equal(base, "https://h.example/doc/misp/feed-osint/");
	assert_int_equal(nw_misp_urls("file:///srv/feed/manifest.json", man,
	    base, sizeof(man)), 0);
	assert_string_equal(base, "file:///srv/feed/");
	/* a query does not move the directory */
	assert_int_equal(nw_misp_urls("https://h.example/f/m.json?a=/b/c",
	    man, base, sizeof(man)), 0);
	assert_string_equal(base, "https://h.example/f/");
	assert_string_equal(man, "https://h.example/f/m.json?a=/b/c");
	assert_int_equal(nw_misp_urls("https://h.example", man, base,
	    sizeof(man)), -1);
	longurl = xmalloc(NW_MAX_URL_LEN + 100);
	memset(longurl, 'a', NW_MAX_URL_LEN + 99);
	memcpy(longurl, "https://h/", 10);
	longurl[NW_MAX_URL_LEN + 99] = '\0';
	assert_int_equal(nw_misp_urls(longurl, man, base, sizeof(man)), -1);
	free(longurl);
}

/* --- manifests --------------------------------------------------------------- */

static void
test_manifest_shapes(void **state)
{
	struct nw_misp_manifest m;
	struct nw_error err;
	static const char text[] =
	    "{\"bbbbbbbb-0000-4000-8000-000000000002\": {\"timestamp\": "
	    "\"1474460824\", \"date\": \"2016-09-21\", \"Tag\": [{\"name\": "
	    "\"tlp:white\"}], \"Orgc\": {\"name\": \"X\"}},\n"
	    " \"AAAAAAAA-0000-4000-8000-000000000001\": {\"timestamp\": "
	    "1461831498, \"date\": \"2016-04-28\"},\n"
	    " \"cccccccc-0000-4000-8000-000000000003\": {\"timestamp\": \"7\"}}";

	(void)state;
	assert_int_equal(nw_misp_manifest_parse(text, strlen(text), "f",
	    "manifest.json", 0, &m, &err), 0);
	assert_int_equal(m.n, 3);
	assert_int_equal(m.skipped, 0);
	/* by date (none first), then uuid; uuids in lower case */
	assert_string_equal(m.v[0].uuid, "cccccccc-0000-4000-8000-000000000003");
	assert_string_equal(m.v[0].date, "");
	assert_int_equal(m.v[0].timestamp, 7);
	assert_string_equal(m.v[1].uuid, "aaaaaaaa-0000-4000-8000-000000000001");
	assert_int_equal(m.v[1].timestamp, 1461831498);
	assert_string_equal(m.v[1].date, "2016-04-28");
	assert_string_equal(m.v[2].uuid, "bbbbbbbb-0000-4000-8000-000000000002");
	assert_int_equal(m.v[2].timestamp, 1474460824);
	nw_misp_manifest_free(&m);
	nw_misp_manifest_free(&m);	/* twice is fine */
	nw_misp_manifest_free(NULL);

	/* an empty feed */
	assert_int_equal(nw_misp_manifest_parse("{}", 2, "f", "m", 0, &m,
	    &err), 0);
	assert_int_equal(m.n, 0);
	nw_misp_manifest_free(&m);
}

static void
test_manifest_bad_entries(void **state)
{
	struct nw_misp_manifest m;
	struct nw_error err;
	size_t len;
	char *d = fixture("tests/data/misp/hostile/manifest-bad-entries.json",
	    &len);

	(void)state;
	/* each bad entry is skipped with a warning; the good ones stay */
	assert_int_equal(nw_misp_manifest_parse(d, len, "f", "m.json", 0, &m,
	    &err), 0);
	assert_int_equal(m.n, 3);
	/* a path key, "17e8", no timestamp, not an object, "-5", and the
	   same uuid in upper case */
	assert_int_equal(m.skipped, 6);
	assert_string_equal(m.v[0].uuid, "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee");
	assert_string_equal(m.v[0].date, "");
	assert_string_equal(m.v[1].uuid, "99999999-aaaa-4bbb-8ccc-dddddddddddd");
	assert_string_equal(m.v[2].uuid, "88888888-9999-4aaa-8bbb-cccccccccccc");
	assert_int_equal(m.v[2].timestamp, 1700000000);
	nw_misp_manifest_free(&m);
	free(d);
}

static void
test_manifest_hostile(void **state)
{
	static const struct {
		const char	*file;
		enum nw_errcode	 code;
		const char	*path;
		const char	*msg;
	} cases[] = {
		{ "manifest-array.json", NW_E_PARSE, "$", "not a MISP manifest" },
		{ "manifest-dupkey.json", NW_E_DATA,
		    "$['33333333-4444-4555-8666-777777777777']", "duplicate key" },
		{ "bad-utf8.json", NW_E_DATA, NULL, "UTF-8" },
		{ "truncated.json", NW_E_PARSE, NULL, NULL },
		{ "deep.json", NW_E_LIMIT, NULL, "nested deeper than 32" },
	};
	struct nw_misp_manifest m;
	struct nw_error err;
	size_t i, len;
	char *rel, *d;

	(void)state;
	for (i = 0; i < NW_NELEM(cases); i++) {
		rel = xasprintf("tests/data/misp/hostile/%s", cases[i].file);
		d = fixture(rel, &len);
		assert_int_equal(nw_misp_manifest_parse(d, len, "feedname",
		    cases[i].file, 0, &m, &err), -1);
		assert_int_equal(err.code, cases[i].code);
		assert_string_equal(err.feed, "feedname");
		assert_string_equal(err.file, cases[i].file);
		assert_true(err.path[0] == '$');
		if (cases[i].path != NULL)
			assert_string_equal(err.path, cases[i].path);
		if (cases[i].msg != NULL && strstr(err.msg, cases[i].msg) ==
		    NULL)
			fail_msg("%s: %s", cases[i].file, err.msg);
		assert_null(m.v);
		assert_int_equal(m.n, 0);
		free(d);
		free(rel);
	}
}

/* A manifest listing n events. */
static char *
big_manifest(size_t n, size_t *len)
{
	struct nw_buf b;
	size_t i;

	nw_buf_init(&b, 1u << 30);
	assert_int_equal(nw_buf_adds(&b, "{"), 0);
	for (i = 0; i < n; i++)
		assert_int_equal(nw_buf_addf(&b, "%s\"%08zx-0000-4000-8000-"
		    "000000000000\":{\"timestamp\":\"%zu\"}", i > 0 ? "," : "",
		    i, i), 0);
	assert_int_equal(nw_buf_adds(&b, "}"), 0);
	return nw_buf_detach(&b, len);
}

static void
test_manifest_caps(void **state)
{
	struct nw_misp_manifest m;
	struct nw_error err;
	size_t len;
	char *d;
	clock_t t0;

	(void)state;
	/* a million events: stopped at the cap, quickly */
	d = big_manifest(1000000, &len);
	t0 = clock();
	assert_int_equal(nw_misp_manifest_parse(d, len, "f", "m.json", 0, &m,
	    &err), -1);
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 30.0);
	assert_int_equal(err.code, NW_E_LIMIT);
	assert_non_null(strstr(err.msg, "more than 100000 events"));
	assert_non_null(strstr(err.msg, "NW_MISP_MAX_EVENTS"));
	assert_string_equal(err.path, "$['000186a0-0000-4000-8000-000000000000']");
	assert_true(err.offset > 0);
	free(d);

	/* the cap exactly: fine */
	d = big_manifest(NW_MISP_MAX_EVENTS, &len);
	assert_int_equal(nw_misp_manifest_parse(d, len, "f", "m.json", 0, &m,
	    &err), 0);
	assert_int_equal(m.n, NW_MISP_MAX_EVENTS);
	nw_misp_manifest_free(&m);
	free(d);

	/* a feed's max-entries below it */
	d = big_manifest(11, &len);
	assert_int_equal(nw_misp_manifest_parse(d, len, "f", "m.json", 10, &m,
	    &err), -1);
	assert_non_null(strstr(err.msg, "more than 10 events in the manifest "
	    "(max-entries)"));
	free(d);
}

static void
test_manifest_real(void **state)
{
	struct nw_misp_manifest m;
	struct nw_error err;
	struct stat sb;
	const char *sh = getenv("NW_SHARED");
	char *path, *d;
	size_t len;

	(void)state;
	path = xasprintf("%s/data/misp-feed/manifest.json",
	    sh != NULL ? sh : "../shared");
	if (stat(path, &sb) == -1) {
		free(path);
		skip();
	}
	d = read_path(path, &len);
	assert_int_equal(nw_misp_manifest_parse(d, len, "circl", path, 0, &m,
	    &err), 0);
	/* CIRCL's OSINT feed: timestamps and dates as strings */
	assert_int_equal(m.n, 2);
	assert_int_equal(m.skipped, 0);
	assert_string_equal(m.v[0].uuid, "5721c2e4-05ec-4af3-9264-411b950d210f");
	assert_int_equal(m.v[0].timestamp, 1461831498);
	assert_string_equal(m.v[0].date, "2016-04-28");
	assert_string_equal(m.v[1].uuid, "57e27c3d-17a8-4c3b-8195-493e950d210f");
	assert_int_equal(m.v[1].timestamp, 1474460824);
	nw_misp_manifest_free(&m);
	free(d);
	free(path);
}

/* --- one event ------------------------------------------------------------------ */

static void
test_event_sample(void **state)
{
	struct nw_feed *f = mkfeed("file:///x/manifest.json", "party = vendor\n");
	struct nw_arena *a = nw_arena_new();
	struct got g;
	struct nw_error err;
	struct nw_report *r;
	const struct nw_attribution *at;
	char inc[NW_STIX_ID_MAX], pid[NW_STIX_ID_MAX], *d, *need;
	size_t len;

	(void)state;
	memset(&g, 0, sizeof(g));
	d = fixture(SAMPLE_DIR "/" E_APT28 ".json", &len);
	assert_int_equal(parse_event(f, d, len, "https://h/feed/" E_APT28
	    ".json", a, &g, &err), 1);
	assert_int_equal(g.n, 1);
	r = g.r[0];
	assert_string_equal(r->native_id, E_APT28);
	assert_string_equal(r->url, "https://h/feed/" E_APT28 ".json");
	assert_string_equal(r->title, "Spear-phishing against a European "
	    "foreign ministry by APT28 (sample)");
	assert_string_equal(r->text, r->title);
	assert_int_equal(r->date.prec, NW_PREC_DAY);
	assert_int_equal(r->date.y, 2024);
	assert_int_equal(r->date.m, 3);
	assert_int_equal(r->date.d, 12);
	/* claims from the galaxy, not from the text */
	assert_int_equal(r->preset, 1);
	assert_int_equal(r->ex.nactors, 1);
	assert_string_equal(r->ex.actors[0].name, "APT28");
	/* the evidence: where the info line names it */
	assert_int_equal(r->ex.actors[0].ev.len, 5);
	assert_memory_equal(r->text + r->ex.actors[0].ev.off, "APT28", 5);
	assert_int_equal(r->ex.nattr, 1);
	at = attr_of(r, "RU");
	assert_non_null(at);
	assert_int_equal(at->hedge, NW_HEDGE_SUSPECTED);
	assert_int_equal(at->by, NW_PARTY_VENDOR);
	assert_int_equal(r->ex.sponsorship, NW_SPONSOR_STATE);
	assert_int_equal(r->ex.nvictims, 1);
	assert_true(has_victim(r, "DE"));
	assert_int_equal(r->ex.sectors, 1u << NW_SECTOR_GOVERNMENT);
	/* the claimant: the organisation that made the event */
	assert_non_null(r->origin);
	assert_string_equal(r->origin->publisher, "Northlight Security "
	    "(sample)");
	assert_null(r->origin->attr_by[0]);
	assert_null(r->origin->actor_by[0]);
	assert_string_equal(r->origin->tlp, "clear");
	assert_int_equal(strlen(r->origin->url_sha256), 64);
	incident_id(E_APT28, inc);
	assert_string_equal(r->origin->export_id, inc);
	assert_int_equal(r->origin->own, 0);

	/* six IDS attributes: six indicators, each detecting the incident */
	assert_int_equal(count_type(&g, "indicator"), 6);
	assert_int_equal(count_type(&g, "relationship"), 6);
	assert_non_null(find_obj(&g, "\"pattern\":\"[ipv4-addr:value = "
	    "'198.51.100.23']\""));
	assert_non_null(find_obj(&g, "\"pattern\":\"[domain-name:value = "
	    "'mail-update.example.net']\""));
	/* a quote in a URL is escaped in the pattern */
	assert_non_null(find_obj(&g, "[url:value = 'https://mail-update."
	    "example.net/owa/auth?id=4\\\\'2']"));
	assert_non_null(find_obj(&g, "[email-addr:value = "
	    "'press-office@example.org']"));
	assert_non_null(find_obj(&g, "[email-message:subject = "
	    "'Invitation: bilateral consultations']"));
	assert_non_null(find_obj(&g, "[file:name = 'agenda.docx.lnk' AND "
	    "file:hashes.'SHA-256' = '3f0d5c1b9a7e2d4c6b8a0f1e3d5c7b9a1f2e4d"
	    "6c8b0a9f7e5d3c1b2a4f6e8d0c']"));
	/* the comment goes along; the link and the comment attribute not */
	assert_non_null(find_obj(&g, "\"description\":\"staging server\""));
	assert_null(find_obj(&g, "example.org/reports"));
	assert_null(find_obj(&g, "Lure documents"));
	/* created by the claimant's publisher identity; the event's dates */
	publisher_id("Northlight Security (sample)", pid);
	need = xasprintf("\"created_by_ref\":\"%s\"", pid);
	assert_non_null(find_obj(&g, need));
	free(need);
	assert_non_null(find_obj(&g, "\"created\":\"2024-03-12T00:00:00.000Z\""
	    ",\"created_by_ref\""));
	assert_non_null(find_obj(&g, "\"modified\":\"2024-03-20T09:15:00.000Z"
	    "\""));
	assert_non_null(find_obj(&g, "\"valid_from\":\"2024-03-12T00:00:00."
	    "000Z\""));
	need = xasprintf("\"relationship_type\":\"detected\",\"source_ref\":"
	    "\"indicator--");
	assert_non_null(find_obj(&g, need));
	free(need);
	need = xasprintf("\"target_ref\":\"%s\"", inc);
	assert_non_null(find_obj(&g, need));
	free(need);
	assert_strict(&g, "Northlight Security (sample)", inc);

	/* the same event again: the same ids and bytes */
	{
		struct got g2;
		size_t i;

		memset(&g2, 0, sizeof(g2));
		assert_int_equal(parse_event(f, d, len, "https://h/feed/"
		    E_APT28 ".json", a, &g2, &err), 1);
		assert_int_equal(g2.nobj, g.nobj);
		for (i = 0; i < g.nobj; i++)
			assert_string_equal(g.json[i], g2.json[i]);
		got_free(&g2);
	}
	/* indicators = no: the report alone */
	nw_feed_free(f);
	f = mkfeed("file:///x/manifest.json", "indicators = no\n");
	got_free(&g);
	assert_int_equal(parse_event(f, d, len, "u", a, &g, &err), 1);
	assert_int_equal(g.nobj, 0);
	assert_int_equal(g.r[0]->ex.attr[0].by, NW_PARTY_UNSPECIFIED);
	got_free(&g);
	free(d);
	nw_arena_free(a);
	nw_feed_free(f);
}

static void
test_event_clusters(void **state)
{
	struct nw_feed *f = mkfeed("file:///x/manifest.json", "tlp = amber\n");
	struct nw_arena *a = nw_arena_new();
	struct got g;
	struct nw_error err;
	struct nw_report *r;
	char inc[NW_STIX_ID_MAX], *d;
	size_t len;

	(void)state;
	memset(&g, 0, sizeof(g));
	d = fixture(SAMPLE_DIR "/" E_SANDWORM ".json", &len);
	assert_int_equal(parse_event(f, d, len, "u", a, &g, &err), 1);
	r = g.r[0];
	/* MITRE's " - G0034" dropped; "Sandworm" is another name */
	assert_int_equal(r->ex.nactors, 2);
	assert_string_equal(r->ex.actors[0].name, "Sandworm Team");
	assert_string_equal(r->ex.actors[1].name, "Sandworm");
	assert_int_equal(r->ex.nattr, 1);
	assert_non_null(attr_of(r, "RU"));
	assert_true(has_victim(r, "UA"));
	assert_int_equal(r->ex.sectors, 1u << NW_SECTOR_ENERGY);
	assert_string_equal(r->origin->publisher, "Sample National CERT");
	assert_string_equal(r->origin->tlp, "green");
	/* five good IDS attributes; a short md5 left out, a deleted one too */
	assert_int_equal(count_type(&g, "indicator"), 5);
	assert_non_null(find_obj(&g, "[file:hashes.'SHA-1' = "
	    "'9a1b2c3d4e5f60718293a4b5c6d7e8f901234567']"));
	assert_non_null(find_obj(&g, "[mutex:name = 'Global\\\\\\\\wpr-7d1e']"));
	assert_non_null(find_obj(&g, "[windows-registry-key:key = "
	    "'HKLM\\\\\\\\SYSTEM"));
	assert_non_null(find_obj(&g, "[ipv4-addr:value = '203.0.113.77']"));
	assert_non_null(find_obj(&g, "[domain-name:value = "
	    "'relay7.example.com']"));
	assert_null(find_obj(&g, "0123456789abcdef'"));
	assert_null(find_obj(&g, "192.0.2.200"));
	/* the feed's TLP:AMBER is stricter than the event's green */
	assert_null(find_obj(&g, TLP2_GREEN));
	assert_non_null(find_obj(&g, TLP2_AMBER));
	incident_id(E_SANDWORM, inc);
	assert_strict(&g, "Sample National CERT", inc);
	got_free(&g);
	free(d);

	/* a tag alone names the actor, with no attribution; object attributes */
	d = fixture(SAMPLE_DIR "/" E_LAZARUS ".json", &len);
	assert_int_equal(parse_event(f, d, len, "u", a, &g, &err), 1);
	r = g.r[0];
	assert_int_equal(r->preset, 1);
	assert_int_equal(r->ex.nactors, 1);
	assert_string_equal(r->ex.actors[0].name, "Lazarus Group");
	assert_int_equal(r->ex.nattr, 0);
	assert_int_equal(r->ex.sponsorship, NW_SPONSOR_UNKNOWN);
	assert_true(has_victim(r, "KR"));
	assert_int_equal(r->ex.sectors, 1u << NW_SECTOR_FINANCE);
	assert_int_equal(count_type(&g, "indicator"), 3);
	assert_non_null(find_obj(&g, "[file:name = 'TradeHelper.dmg']"));
	got_free(&g);
	free(d);

	/* no galaxy: extraction's turn */
	d = fixture(SAMPLE_DIR "/" E_IRAN ".json", &len);
	assert_int_equal(parse_event(f, d, len, "u", a, &g, &err), 1);
	r = g.r[0];
	assert_int_equal(r->preset, 0);
	assert_int_equal(r->ex.nactors + r->ex.nattr + r->ex.nvictims, 0);
	assert_int_equal(r->ex.sectors, 0);
	assert_non_null(strstr(r->text, "Iranian state-sponsored hackers"));
	assert_non_null(find_obj(&g, "[ipv6-addr:value = '2001:db8:4a::17']"));
	got_free(&g);
	free(d);
	nw_arena_free(a);
	nw_feed_free(f);
}

static void
test_event_galaxy_shapes(void **state)
{
	struct nw_feed *f = mkfeed("file:///x/manifest.json", NULL);
	struct nw_arena *a = nw_arena_new();
	struct got g;
	struct nw_error err;
	struct nw_report *r;
	char *d;
	size_t len;

	(void)state;
	memset(&g, 0, sizeof(g));
	d = fixture("tests/data/misp/events/galaxy-order.json", &len);
	assert_int_equal(parse_event(f, d, len, "u", a, &g, &err), 1);
	r = g.r[0];
	assert_string_equal(r->native_id, "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee");
	/*
	 * APT10 (its galaxy's type came after it), Atlantis Group, menuPass
	 * (an alias of APT10: once), Charming Kitten (type from tag_name),
	 * APT28 from a MITRE mobile tag; an empty and an unquoted tag value
	 * name nobody.
	 */
	assert_int_equal(r->ex.nactors, 4);
	assert_string_equal(r->ex.actors[0].name, "APT10");
	assert_string_equal(r->ex.actors[1].name, "Atlantis Group");
	assert_string_equal(r->ex.actors[2].name, "Charming Kitten");
	assert_string_equal(r->ex.actors[3].name, "APT28");
	assert_false(has_actor(r, "menuPass"));
	assert_false(has_actor(r, "APT1"));
	assert_int_equal(r->ex.actors[2].ev.off, 8);
	assert_int_equal(r->ex.actors[2].ev.len, 15);
	/* China by name and by its lower-case code, once; XX, Atlantis and a
	   list-valued country give nothing */
	assert_int_equal(r->ex.nattr, 1);
	assert_string_equal(r->ex.attr[0].state, "CN");
	assert_int_equal(r->ex.attr[0].hedge, NW_HEDGE_SUSPECTED);
	assert_int_equal(r->ex.sponsorship, NW_SPONSOR_STATE);
	assert_int_equal(r->ex.nvictims, 1);
	assert_true(has_victim(r, "JP"));
	assert_int_equal(r->ex.sectors, (1u << NW_SECTOR_TECHNOLOGY) |
	    (1u << NW_SECTOR_ENERGY) | (1u << NW_SECTOR_OTHER));
	assert_string_equal(r->origin->publisher, "Galaxy Org");
	/* tlp:AMBER beats tlp:green */
	assert_string_equal(r->origin->tlp, "amber");
	/* 2024-02-30 is no date */
	assert_int_equal(r->date.prec, NW_PREC_NONE);
	got_free(&g);
	free(d);
	nw_arena_free(a);
	nw_feed_free(f);
}

static void
test_event_types(void **state)
{
	struct nw_feed *f = mkfeed("file:///x/manifest.json", NULL);
	struct nw_arena *a = nw_arena_new();
	struct got g;
	struct nw_error err;
	char inc[NW_STIX_ID_MAX], *d;
	size_t len, i;
	static const char *const want[] = {
		"[ipv4-addr:value = '192.0.2.0/24']",
		"[ipv6-addr:value = '2001:db8::1']",
		"[ipv4-addr:value = '198.51.100.5']",
		"[domain-name:value = 'xn--bcher-kva.example']",
		"[url:value = 'http://example.com/a\\\\\\\\b\\\\'c']",
		"[email-addr:value = 'victim@example.org']",
		"[file:hashes.'SHA-512' = 'abababab",
		"[file:name = 'invoice.pdf.exe' AND file:hashes.MD5 = "
		    "'d41d8cd98f00b204e9800998ecf8427e']",
		"[windows-registry-key:key = 'HKCU\\\\\\\\Software\\\\\\\\Run' AND "
		    "windows-registry-key:values[*].data = 'evil.exe']",
		"[mutex:name = 'M\\\\'1']",
		"[email-message:subject = 'Re: \\\"urgent\\\"']",
		"[file:hashes.'SHA-1' = 'da39a3ee5e6b4b0d3255bfef95601890afd80709']",
		"[file:name = 'readme.txt']",
		"[domain-name:value = 'obj.example']",
	};

	(void)state;
	memset(&g, 0, sizeof(g));
	d = fixture("tests/data/misp/events/types.json", &len);
	assert_int_equal(parse_event(f, d, len, "u", a, &g, &err), 1);
	for (i = 0; i < NW_NELEM(want); i++)
		if (find_obj(&g, want[i]) == NULL)
			fail_msg("no indicator with %s", want[i]);
	/* the bad values, the yara rule, the non-IDS and the deleted md5 not */
	assert_int_equal(count_type(&g, "indicator"), NW_NELEM(want));
	assert_null(find_obj(&g, "999.1.1.1"));
	assert_null(find_obj(&g, "bad domain"));
	assert_null(find_obj(&g, "two@@"));
	assert_null(find_obj(&g, "zzzz"));
	assert_null(find_obj(&g, "rule x"));
	assert_null(find_obj(&g, "\"pattern\":\"[file:hashes.MD5 = 'd41d8"));
	assert_non_null(find_obj(&g, TLP2_RED));
	assert_non_null(find_obj(&g, "\"description\":\"to_ids as a string\""));
	incident_id("22222222-3333-4444-8555-666666666666", inc);
	assert_strict(&g, "Type Org", inc);
	got_free(&g);
	free(d);
	nw_arena_free(a);
	nw_feed_free(f);
}

static void
test_event_missing_fields(void **state)
{
	struct nw_feed *f = mkfeed("file:///x/manifest.json", NULL);
	struct nw_arena *a = nw_arena_new();
	struct got g;
	struct nw_error err;
	static const char bare[] =
	    "{\"Event\": {\"uuid\": \"12345678-1234-4234-8234-123456789012\","
	    " \"Attribute\": [{\"type\": \"md5\", \"value\": "
	    "\"d41d8cd98f00b204e9800998ecf8427e\", \"to_ids\": true}]}}";
	struct nw_report *r;
	char *d;
	size_t len;

	(void)state;
	memset(&g, 0, sizeof(g));
	/* no uuid: an event alone cannot be named */
	d = fixture("tests/data/misp/events/missing-fields.json", &len);
	assert_int_equal(parse_event(f, d, len, "m.json", a, &g, &err), -1);
	assert_int_equal(err.code, NW_E_DATA);
	assert_string_equal(err.feed, "t");
	assert_string_equal(err.file, "m.json");
	assert_string_equal(err.path, "$.Event");
	assert_non_null(strstr(err.msg, "no uuid"));
	assert_int_equal(g.n + g.nobj, 0);
	free(d);

	/* no info, date, timestamp or Orgc: a report all the same; its one
	   indicator has no time to carry and is left out */
	assert_int_equal(parse_event(f, bare, strlen(bare), "b.json", a, &g,
	    &err), 1);
	r = g.r[0];
	assert_null(r->title);
	assert_string_equal(r->text, "");
	assert_int_equal(r->textlen, 0);
	assert_int_equal(r->date.prec, NW_PREC_NONE);
	assert_null(r->origin->publisher);
	assert_null(r->origin->tlp);
	assert_int_equal(r->preset, 0);
	assert_int_equal(g.nobj, 0);
	got_free(&g);
	nw_arena_free(a);
	nw_feed_free(f);
}

/* An event of n attributes, or tags, or clusters (kind 'a', 't', 'c'). */
static char *
big_event(size_t n, int kind, size_t *len)
{
	struct nw_buf b;
	size_t i;

	nw_buf_init(&b, 1u << 30);
	assert_int_equal(nw_buf_adds(&b, "{\"Event\":{\"info\":\"big\","), 0);
	assert_int_equal(nw_buf_adds(&b, kind == 'a' ? "\"Attribute\":[" :
	    kind == 't' ? "\"Tag\":[" : "\"Galaxy\":[{\"type\":"
	    "\"threat-actor\",\"GalaxyCluster\":["), 0);
	for (i = 0; i < n; i++)
		assert_int_equal(nw_buf_addf(&b, "%s%s", i > 0 ? "," : "",
		    kind == 'a' ? "{\"type\":\"md5\",\"to_ids\":false,\"value\":"
		    "\"d41d8cd98f00b204e9800998ecf8427e\"}" : kind == 't' ?
		    "{\"name\":\"tlp:green\"}" : "{\"value\":\"X\"}"), 0);
	assert_int_equal(nw_buf_adds(&b, kind == 'c' ? "]}]" : "]"), 0);
	assert_int_equal(nw_buf_adds(&b, ",\"uuid\":\"12345678-1234-4234-8234-"
	    "123456789012\",\"timestamp\":\"1700000000\"}}"), 0);
	return nw_buf_detach(&b, len);
}

static void
test_event_hostile(void **state)
{
	static const struct {
		const char	*file;
		enum nw_errcode	 code;
		const char	*path;
		const char	*msg;
	} cases[] = {
		{ "deep.json", NW_E_LIMIT, NULL, "nested deeper than 32 levels" },
		{ "dupkey.json", NW_E_DATA, "$.Event.info", "duplicate key" },
		{ "bad-utf8.json", NW_E_DATA, "$.Event.info", "invalid UTF-8" },
		{ "truncated.json", NW_E_PARSE, NULL, NULL },
		{ "not-object.json", NW_E_PARSE, "$", "not a MISP event" },
		{ "no-event.json", NW_E_PARSE, "$", "no \"Event\" object" },
		{ "bad-uuid.json", NW_E_DATA, "$.Event.uuid", "not a UUID" },
		{ "manifest-array.json", NW_E_PARSE, "$", "not a MISP event" },
	};
	struct nw_feed *f = mkfeed("file:///x/manifest.json", NULL);
	struct nw_arena *a = nw_arena_new();
	struct got g;
	struct nw_error err;
	size_t i, len;
	char *rel, *d, buf[1600];
	clock_t t0;

	(void)state;
	memset(&g, 0, sizeof(g));
	for (i = 0; i < NW_NELEM(cases); i++) {
		rel = xasprintf("tests/data/misp/hostile/%s", cases[i].file);
		d = fixture(rel, &len);
		assert_int_equal(parse_event(f, d, len, cases[i].file, a, &g,
		    &err), -1);
		print_message("# %s\n", nw_error_str(&err, buf, sizeof(buf)));
		assert_int_equal(err.code, cases[i].code);
		assert_string_equal(err.feed, "t");
		assert_string_equal(err.file, cases[i].file);
		assert_true(err.path[0] == '$');
		if (cases[i].path != NULL)
			assert_string_equal(err.path, cases[i].path);
		if (cases[i].msg != NULL && strstr(err.msg, cases[i].msg) ==
		    NULL)
			fail_msg("%s: %s", cases[i].file, err.msg);
		/* nothing handed out before the whole event was read */
		assert_int_equal(g.n + g.nobj, 0);
		free(d);
		free(rel);
	}

	/* a million attributes: stopped at the cap, quickly, nothing out */
	d = big_event(1000000, 'a', &len);
	t0 = clock();
	assert_int_equal(parse_event(f, d, len, "big.json", a, &g, &err), -1);
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 30.0);
	assert_int_equal(err.code, NW_E_LIMIT);
	assert_string_equal(err.path, "$.Event.Attribute[100000]");
	assert_non_null(strstr(err.msg, "more than 100000 attributes in one "
	    "event (NW_MISP_MAX_ATTRIBUTES)"));
	assert_int_equal(g.n + g.nobj, 0);
	free(d);
	/* the cap itself is fine */
	d = big_event(NW_MISP_MAX_ATTRIBUTES, 'a', &len);
	assert_int_equal(parse_event(f, d, len, "cap.json", a, &g, &err), 1);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.nobj, 0);
	got_free(&g);
	free(d);

	d = big_event(NW_MISP_MAX_TAGS + 1, 't', &len);
	assert_int_equal(parse_event(f, d, len, "tags.json", a, &g, &err), -1);
	assert_int_equal(err.code, NW_E_LIMIT);
	assert_string_equal(err.path, "$.Event.Tag[10000]");
	assert_non_null(strstr(err.msg, "NW_MISP_MAX_TAGS"));
	free(d);
	d = big_event(NW_MISP_MAX_CLUSTERS + 1, 'c', &len);
	assert_int_equal(parse_event(f, d, len, "cl.json", a, &g, &err), -1);
	assert_int_equal(err.code, NW_E_LIMIT);
	assert_string_equal(err.path, "$.Event.Galaxy[0].GalaxyCluster[1000]");
	assert_non_null(strstr(err.msg, "NW_MISP_MAX_CLUSTERS"));
	assert_int_equal(g.n + g.nobj, 0);
	free(d);

	/* a value over NW_MISP_MAX_VALUE: that indicator left out, no error */
	{
		struct nw_buf b;

		nw_buf_init(&b, 1u << 20);
		assert_int_equal(nw_buf_adds(&b, "{\"Event\":{\"uuid\":"
		    "\"12345678-1234-4234-8234-123456789012\",\"timestamp\":"
		    "\"1700000000\",\"Attribute\":[{\"type\":\"url\",\"to_ids\":"
		    "true,\"value\":\"http://x.example/"), 0);
		for (i = 0; i < NW_MISP_MAX_VALUE; i++)
			assert_int_equal(nw_buf_addc(&b, 'a'), 0);
		assert_int_equal(nw_buf_adds(&b, "\"},{\"type\":\"url\",\"to_ids\":"
		    "true,\"value\":\"http://short.example/\"}]}}"), 0);
		assert_int_equal(parse_event(f, b.data, b.len, "v.json", a, &g,
		    &err), 1);
		assert_int_equal(count_type(&g, "indicator"), 1);
		assert_non_null(find_obj(&g, "short.example"));
		nw_buf_free(&b);
		got_free(&g);
	}

	/* a sink that says stop stops the parse */
	d = fixture(SAMPLE_DIR "/" E_APT28 ".json", &len);
	g.refuse = 1;
	assert_int_equal(parse_event(f, d, len, "u", a, &g, &err), -1);
	got_free(&g);
	free(d);
	nw_arena_free(a);
	nw_feed_free(f);
}

static void
test_check(void **state)
{
	struct nw_error err;
	struct nw_feed *f;
	static const char bad[] = "name = t\nkind = misp\nurl = file:///x/\n"
	    "publisher = P\nparty = spies\nindicators = maybe\n"
	    "max-events = -1\n";
	static const char good[] = "name = t\nkind = misp\nurl = file:///x/\n"
	    "publisher = P\nparty = government\nindicators = no\n"
	    "max-events = 50\n";
	int n = 0;

	(void)state;
	assert_ptr_equal(nw_parser_find("misp"), &nw_parser_misp);
	assert_non_null(nw_parser_misp.collect);
	f = nw_feed_parse("x.feed", bad, strlen(bad), NULL, NULL, &err);
	assert_null(f);
	assert_int_equal(err.code, NW_E_CONFIG);
	assert_int_equal(err.line, 5);
	assert_non_null(strstr(err.msg, "party must be"));
	f = nw_feed_parse("x.feed", good, strlen(good), NULL, NULL, &err);
	assert_non_null(f);
	assert_int_equal(nw_parser_misp.check(f, NULL, NULL), 0);
	nw_feed_free(f);
	/* all three bad keys are reported, each with its line */
	f = mkfeed("file:///x/", "party = vendor\nindicators = yes\n"
	    "max-events = 1\n");
	assert_int_equal(f->nopts, 3);
	free(f->opts[0].value);
	f->opts[0].value = xstrdup("spies");
	free(f->opts[1].value);
	f->opts[1].value = xstrdup("maybe");
	free(f->opts[2].value);
	f->opts[2].value = xstrdup("2000000");
	n = nw_parser_misp.check(f, print_err, NULL);
	nw_feed_free(f);
	assert_int_equal(n, 3);
}

/* --- the collector ------------------------------------------------------------ */

struct kv {
	char	*k;
	char	*v;	/* NULL: removed */
};

struct env {
	struct nw_collect	 c;
	struct nw_feed		*feed;
	struct nw_arena		*arena;
	struct nw_parse_sink	 sink;
	struct got		 got;
	struct kv		*state;		/* committed */
	size_t			 nstate;
	struct kv		*staged;	/* this run's */
	size_t			 nstaged;
	int			 requests;
	char			*urls[64];
	const char		*fail;		/* a fetch of a URL holding this
						   fails */
	char			*dir;		/* the feed's copy */
};

static struct kv *
kv_find(struct kv *v, size_t n, const char *k)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i].k, k) == 0)
			return &v[i];
	return NULL;
}

static void
kv_put(struct kv **v, size_t *n, const char *k, const char *val)
{
	struct kv *e = kv_find(*v, *n, k);

	if (e == NULL) {
		*v = xreallocarray(*v, *n + 1, sizeof(**v));
		e = &(*v)[(*n)++];
		e->k = xstrdup(k);
	} else
		free(e->v);
	e->v = val != NULL ? xstrdup(val) : NULL;
}

static const char *
env_get(struct nw_collect *c, const char *key)
{
	struct env *e = c->priv;
	struct kv *x = kv_find(e->staged, e->nstaged, key);

	if (x != NULL)
		return x->v;
	x = kv_find(e->state, e->nstate, key);
	return x != NULL ? x->v : NULL;
}

static int
env_set(struct nw_collect *c, const char *key, const char *value,
    struct nw_error *err)
{
	struct env *e = c->priv;

	(void)err;
	assert_true(strlen(key) >= 1 && strlen(key) <= 256);
	kv_put(&e->staged, &e->nstaged, key, value);
	return 0;
}

static int
env_fetch(struct nw_collect *c, struct nw_fetch_req *req,
    struct nw_fetch_res *res, struct nw_error *err)
{
	struct env *e = c->priv;

	if (e->requests < 64)
		e->urls[e->requests] = xstrdup(req->url);
	e->requests++;
	memset(res, 0, sizeof(*res));
	if (e->fail != NULL && strstr(req->url, e->fail) != NULL) {
		res->status = NW_FETCH_FAILED;
		res->http_code = 500;
		nw_error_where(err, c->feed->name, req->url);
		return nw_error_set(err, NW_E_HTTP, "HTTP 500 after 1 attempt");
	}
	if (req->feed == NULL)
		req->feed = c->feed->name;
	if (req->limits == NULL)
		req->limits = &c->feed->limits;
	return nw_fetch(req, res, err);
}

static void
env_clear_urls(struct env *e)
{
	int i;

	for (i = 0; i < e->requests && i < 64; i++) {
		free(e->urls[i]);
		e->urls[i] = NULL;
	}
	e->requests = 0;
}

/* One run; the staged state lands only when the collector succeeds. */
static long
env_run(struct env *e, struct nw_error *err)
{
	long n;
	size_t i;
	int refuse = e->got.refuse;

	env_clear_urls(e);
	got_free(&e->got);
	e->got.refuse = refuse;
	n = nw_parser_misp.collect(&e->c, err);
	for (i = 0; i < e->nstaged; i++) {
		if (n >= 0)
			kv_put(&e->state, &e->nstate, e->staged[i].k,
			    e->staged[i].v);
		free(e->staged[i].k);
		free(e->staged[i].v);
	}
	free(e->staged);
	e->staged = NULL;
	e->nstaged = 0;
	return n;
}

static size_t
state_events(const struct env *e)
{
	size_t i, n = 0;

	for (i = 0; i < e->nstate; i++)
		n += strncmp(e->state[i].k, "event/", 6) == 0 &&
		    e->state[i].v != NULL;
	return n;
}

static void
copy_file(const char *from, const char *to)
{
	struct nw_error err;
	size_t len;
	char *d = read_path(from, &len);

	assert_int_equal(nw_write_file_atomic(to, d, len, &err), 0);
	free(d);
}

/* A copy of the sample feed in a new directory, and an env over it. */
static void
env_init(struct env *e, const char *extra)
{
	const char *tmp = getenv("TMPDIR");
	char *tmpl, *from, *url;
	DIR *dir;
	struct dirent *de;

	memset(e, 0, sizeof(*e));
	tmpl = xasprintf("%s/nwmisp.XXXXXX", tmp != NULL && *tmp != '\0' ?
	    tmp : "/tmp");
	assert_non_null(mkdtemp(tmpl));
	e->dir = tmpl;
	from = xasprintf("%s/" SAMPLE_DIR, srcdir());
	dir = opendir(from);
	assert_non_null(dir);
	for (;;) {
		char *src, *dst;

		de = readdir(dir);
		if (de == NULL)
			break;
		if (strstr(de->d_name, ".json") == NULL)
			continue;
		src = xasprintf("%s/%s", from, de->d_name);
		dst = xasprintf("%s/%s", e->dir, de->d_name);
		copy_file(src, dst);
		free(src);
		free(dst);
	}
	closedir(dir);
	free(from);
	url = xasprintf("file://%s/manifest.json", e->dir);
	e->feed = mkfeed(url, extra);
	free(url);
	e->arena = nw_arena_new();
	e->sink.report = got_report;
	e->sink.object = got_object;
	e->sink.arg = &e->got;
	e->c.feed = e->feed;
	e->c.ref = ref;
	e->c.arena = e->arena;
	e->c.sink = &e->sink;
	e->c.fetch = env_fetch;
	e->c.state_get = env_get;
	e->c.state_set = env_set;
	e->c.priv = e;
}

static void
env_free(struct env *e)
{
	size_t i;
	DIR *dir;
	struct dirent *de;

	env_clear_urls(e);
	got_free(&e->got);
	for (i = 0; i < e->nstate; i++) {
		free(e->state[i].k);
		free(e->state[i].v);
	}
	free(e->state);
	dir = opendir(e->dir);
	while (dir != NULL) {
		char *p;

		de = readdir(dir);
		if (de == NULL)
			break;
		if (de->d_name[0] == '.')
			continue;
		p = xasprintf("%s/%s", e->dir, de->d_name);
		unlink(p);
		free(p);
	}
	if (dir != NULL)
		closedir(dir);
	rmdir(e->dir);
	free(e->dir);
	nw_arena_free(e->arena);
	nw_feed_free(e->feed);
}

/* Move one event's timestamp in the manifest copy by one second. */
static void
touch_manifest(struct env *e, const char *uuid)
{
	struct nw_error err;
	char *path = xasprintf("%s/manifest.json", e->dir), *d, *p, *q;
	size_t len;

	d = read_path(path, &len);
	p = strstr(d, uuid);
	assert_non_null(p);
	q = strstr(p, "\"timestamp\": \"");
	assert_non_null(q);
	q += strlen("\"timestamp\": \"");
	while (q[1] != '"')
		q++;
	*q = *q == '9' ? '0' : (char)(*q + 1);
	assert_int_equal(nw_write_file_atomic(path, d, len, &err), 0);
	free(d);
	free(path);
}

static int
fetched(const struct env *e, const char *uuid)
{
	int i;

	for (i = 0; i < e->requests && i < 64; i++)
		if (strstr(e->urls[i], uuid) != NULL)
			return 1;
	return 0;
}

static void
test_collect_runs(void **state)
{
	struct env e;
	struct nw_error err;
	const char *v;

	(void)state;
	env_init(&e, NULL);
	/* the first run: the manifest and the four events */
	assert_int_equal(env_run(&e, &err), 4);
	assert_int_equal(e.requests, 5);
	assert_int_equal(e.got.n, 4);
	assert_int_equal(state_events(&e), 4);
	/* the state keeps the manifest's timestamp, as it wrote it */
	v = env_get(&e.c, "event/" E_APT28);
	assert_non_null(v);
	assert_string_equal(v, "1710926100");
	/* oldest first: the manifest's dates */
	assert_string_equal(e.got.r[0]->native_id, E_SANDWORM);
	assert_string_equal(e.got.r[3]->native_id, E_LAZARUS);
	/* the report's url: the event file beside the manifest */
	assert_non_null(strstr(e.got.r[0]->url, e.dir));
	assert_non_null(strstr(e.got.r[0]->url, E_SANDWORM ".json"));
	/* file: URLs have no validators to keep */
	assert_null(env_get(&e.c, "manifest/etag"));

	/* the second: the manifest alone */
	assert_int_equal(env_run(&e, &err), 0);
	assert_int_equal(e.requests, 1);
	assert_int_equal(e.got.n + e.got.nobj, 0);

	/* one event changed: that one */
	touch_manifest(&e, E_IRAN);
	assert_int_equal(env_run(&e, &err), 1);
	assert_int_equal(e.requests, 2);
	assert_true(fetched(&e, E_IRAN));
	assert_string_equal(e.got.r[0]->native_id, E_IRAN);
	assert_string_equal(env_get(&e.c, "event/" E_IRAN), "1701708301");
	assert_int_equal(env_run(&e, &err), 0);
	assert_int_equal(e.requests, 1);
	env_free(&e);
}

static void
test_collect_failures(void **state)
{
	struct env e;
	struct nw_error err;
	char *path;

	(void)state;
	env_init(&e, NULL);
	/* one event cannot be fetched: the others land, its state does not */
	e.fail = E_APT28;
	assert_int_equal(env_run(&e, &err), 3);
	assert_int_equal(e.requests, 5);
	assert_int_equal(state_events(&e), 3);
	assert_null(env_get(&e.c, "event/" E_APT28));
	/* the next run fetches it again, and only it */
	e.fail = NULL;
	assert_int_equal(env_run(&e, &err), 1);
	assert_int_equal(e.requests, 2);
	assert_true(fetched(&e, E_APT28));
	assert_int_equal(state_events(&e), 4);

	/* a million attributes in a changed event: skipped, state kept */
	{
		size_t len;
		char *d = big_event(1000000, 'a', &len), *p;
		struct nw_error werr;

		/* the big event claims the Sandworm event's uuid */
		p = strstr(d, "12345678-1234-4234-8234-123456789012");
		assert_non_null(p);
		memcpy(p, E_SANDWORM, 36);
		path = xasprintf("%s/" E_SANDWORM ".json", e.dir);
		assert_int_equal(nw_write_file_atomic(path, d, len, &werr), 0);
		free(path);
		free(d);
	}
	touch_manifest(&e, E_SANDWORM);
	touch_manifest(&e, E_IRAN);
	assert_int_equal(env_run(&e, &err), 1);
	assert_int_equal(e.requests, 3);
	assert_string_equal(e.got.r[0]->native_id, E_IRAN);
	assert_string_equal(env_get(&e.c, "event/" E_SANDWORM), "1699624800");
	assert_string_equal(env_get(&e.c, "event/" E_IRAN), "1701708301");
	/* and again next run */
	assert_int_equal(env_run(&e, &err), 0);
	assert_int_equal(e.requests, 2);
	assert_true(fetched(&e, E_SANDWORM));

	/* a file holding another event than the manifest says */
	path = xasprintf("%s/" E_SANDWORM ".json", e.dir);
	{
		char *src = xasprintf("%s/" SAMPLE_DIR "/" E_APT28 ".json",
		    srcdir());

		copy_file(src, path);
		free(src);
	}
	free(path);
	assert_int_equal(env_run(&e, &err), 0);
	assert_int_equal(e.got.n, 0);
	assert_string_equal(env_get(&e.c, "event/" E_SANDWORM), "1699624800");

	/* a bad manifest fails the feed: nothing staged lands */
	path = xasprintf("%s/manifest.json", e.dir);
	{
		char *src = xasprintf("%s/tests/data/misp/hostile/"
		    "manifest-dupkey.json", srcdir());

		copy_file(src, path);
		free(src);
	}
	assert_int_equal(env_run(&e, &err), -1);
	assert_int_equal(err.code, NW_E_DATA);
	assert_string_equal(err.feed, "t");
	assert_non_null(strstr(err.file, "manifest.json"));
	assert_true(err.path[0] == '$');
	assert_int_equal(e.requests, 1);
	assert_int_equal(state_events(&e), 4);
	unlink(path);
	/* no manifest at all */
	assert_int_equal(env_run(&e, &err), -1);
	assert_int_equal(err.code, NW_E_IO);
	free(path);

	/* a sink that refuses fails the feed */
	path = xasprintf("%s/" SAMPLE_DIR "/manifest.json", srcdir());
	{
		char *to = xasprintf("%s/manifest.json", e.dir);

		copy_file(path, to);
		free(to);
	}
	free(path);
	touch_manifest(&e, E_IRAN);
	touch_manifest(&e, E_IRAN);
	e.got.refuse = 1;
	assert_int_equal(env_run(&e, &err), -1);
	assert_string_equal(env_get(&e.c, "event/" E_IRAN), "1701708301");
	env_free(&e);
}

static void
test_collect_limits(void **state)
{
	struct env e;
	struct nw_error err;

	(void)state;
	/* max-events: two a run, oldest first */
	env_init(&e, "max-events = 2\n");
	assert_int_equal(env_run(&e, &err), 2);
	assert_int_equal(e.requests, 3);
	assert_string_equal(e.got.r[0]->native_id, E_SANDWORM);
	assert_string_equal(e.got.r[1]->native_id, E_IRAN);
	assert_int_equal(env_run(&e, &err), 2);
	assert_string_equal(e.got.r[0]->native_id, E_APT28);
	assert_string_equal(e.got.r[1]->native_id, E_LAZARUS);
	assert_int_equal(env_run(&e, &err), 0);
	assert_int_equal(e.requests, 1);
	env_free(&e);

	/* max-size: the two big event files fail, the two small ones land */
	env_init(&e, "max-size = 3000\n");
	assert_int_equal(env_run(&e, &err), 2);
	assert_int_equal(e.requests, 5);
	assert_null(env_get(&e.c, "event/" E_APT28));
	assert_null(env_get(&e.c, "event/" E_SANDWORM));
	assert_non_null(env_get(&e.c, "event/" E_IRAN));
	assert_non_null(env_get(&e.c, "event/" E_LAZARUS));
	env_free(&e);

	/* max-entries below the manifest's events: the feed fails */
	env_init(&e, "max-entries = 3\n");
	assert_int_equal(env_run(&e, &err), -1);
	assert_int_equal(err.code, NW_E_LIMIT);
	assert_non_null(strstr(err.msg, "max-entries"));
	assert_int_equal(state_events(&e), 0);
	env_free(&e);

	/* a URL that names no manifest */
	env_init(&e, NULL);
	free(e.feed->url);
	e.feed->url = xstrdup("https://h.example");
	assert_int_equal(env_run(&e, &err), -1);
	assert_int_equal(err.code, NW_E_CONFIG);
	assert_int_equal(e.requests, 0);
	env_free(&e);
}

/* --- the real MISP data ------------------------------------------------------------ */

static char *
shared(const char *rel)
{
	struct stat sb;
	const char *sh = getenv("NW_SHARED");
	char *path = xasprintf("%s/data/%s", sh != NULL ? sh : "../shared",
	    rel);

	if (stat(path, &sb) == -1) {
		free(path);
		return NULL;
	}
	return path;
}

static void
test_real_event(void **state)
{
	struct nw_feed *f = mkfeed("file:///x/manifest.json", NULL);
	struct nw_arena *a = nw_arena_new();
	struct got g;
	struct nw_error err;
	struct nw_report *r;
	char inc[NW_STIX_ID_MAX], *path, *d;
	size_t len;

	(void)state;
	path = shared("misp-feed/57c4445b-c548-4654-af0b-4be3950d210f.json");
	if (path == NULL) {
		nw_arena_free(a);
		nw_feed_free(f);
		skip();
	}
	memset(&g, 0, sizeof(g));
	d = read_path(path, &len);
	assert_int_equal(parse_event(f, d, len, path, a, &g, &err), 1);
	r = g.r[0];
	assert_string_equal(r->native_id, "57c4445b-c548-4654-af0b-4be3950d210f");
	assert_string_equal(r->title, "Ransomware - Xorist");
	assert_int_equal(r->date.y, 2016);
	assert_int_equal(r->date.m, 8);
	assert_int_equal(r->date.d, 29);
	assert_string_equal(r->origin->publisher, "CIRCL");
	assert_string_equal(r->origin->tlp, "clear");
	/* CIRCL's taxonomy tags are no claims: extraction's turn */
	assert_int_equal(r->preset, 0);
	/* filename, md5, sha1, sha256 and regkey|value are IDS; links not */
	assert_int_equal(count_type(&g, "indicator"), 5);
	assert_non_null(find_obj(&g, "[file:hashes.MD5 = "
	    "'0749bae92ca336a02c83d126e04ec628']"));
	assert_non_null(find_obj(&g, "[file:name = '3Z4wnG9603it23y.exe']"));
	assert_non_null(find_obj(&g, "windows-registry-key:values[*].data = "
	    "'%TEMP%\\\\\\\\3Z4wnG9603it23y.exe'"));
	assert_non_null(find_obj(&g, "\"modified\":\"2016-08-30T07:10:11.000Z\""));
	assert_null(find_obj(&g, "virustotal"));
	incident_id(r->native_id, inc);
	assert_strict(&g, "CIRCL", inc);
	got_free(&g);
	free(d);
	free(path);

	path = shared("misp-feed/57e27c3d-17a8-4c3b-8195-493e950d210f.json");
	d = read_path(path, &len);
	assert_int_equal(parse_event(f, d, len, path, a, &g, &err), 1);
	assert_string_equal(g.r[0]->title, "Malspam 2016-09-21 (.wsf in .zip) - "
	    "campaign: \"E-TICKET {integer}\"");
	assert_int_equal(g.nobj, 0);
	got_free(&g);
	free(d);
	free(path);
	nw_arena_free(a);
	nw_feed_free(f);
}

/*
 * Every cluster of the MISP threat-actor galaxy as an expanded cluster of
 * an event: each one read, its value an actor, its meta country (when
 * the reference tables know the code) and suspected state sponsor (when
 * they know the name) attributions.  Then all of them in one event: past
 * NW_MISP_MAX_CLUSTERS.
 */
static void
test_real_threat_actors(void **state)
{
	struct nw_feed *f = mkfeed("file:///x/manifest.json", NULL);
	struct nw_arena *a;
	struct got g;
	struct nw_error err;
	json_object *root, *values, *cl, *meta, *v;
	const struct nw_state *s;
	struct nw_buf b;
	char *path, *ev;
	size_t i, n, nattr = 0, nspons = 0;

	(void)state;
	path = shared("misp-galaxy/clusters_threat-actor.json");
	if (path == NULL) {
		nw_feed_free(f);
		skip();
	}
	root = json_object_from_file(path);
	assert_non_null(root);
	assert_true(json_object_object_get_ex(root, "values", &values));
	n = json_object_array_length(values);
	assert_true(n > 1000);
	memset(&g, 0, sizeof(g));
	for (i = 0; i < n; i++) {
		const char *val, *cc = NULL, *sp = NULL;
		struct nw_report *r;

		cl = json_object_array_get_idx(values, i);
		assert_true(json_object_object_get_ex(cl, "value", &v));
		val = json_object_get_string(v);
		if (json_object_object_get_ex(cl, "meta", &meta)) {
			if (json_object_object_get_ex(meta, "country", &v) &&
			    json_object_is_type(v, json_type_string))
				cc = json_object_get_string(v);
			if (json_object_object_get_ex(meta,
			    "cfr-suspected-state-sponsor", &v) &&
			    json_object_is_type(v, json_type_string))
				sp = json_object_get_string(v);
		}
		ev = xasprintf("{\"Event\":{\"uuid\":\"12345678-1234-4234-8234-"
		    "123456789012\",\"info\":\"x\",\"Galaxy\":[{\"type\":"
		    "\"threat-actor\",\"GalaxyCluster\":[%s]}]}}",
		    json_object_to_json_string_ext(cl, JSON_C_TO_STRING_PLAIN));
		a = nw_arena_new();
		if (parse_event(f, ev, strlen(ev), "cluster", a, &g, &err) != 1)
			fail_msg("cluster %zu (%s): %s", i, val, err.msg);
		r = g.r[0];
		assert_int_equal(r->preset, 1);
		assert_int_equal(r->ex.nactors, 1);
		assert_true(strncmp(val, r->ex.actors[0].name,
		    strlen(r->ex.actors[0].name)) == 0);
		s = cc != NULL && strlen(cc) == 2 ? nw_refdata_state(ref, cc) :
		    NULL;
		if (s != NULL) {
			if (attr_of(r, s->iso2) == NULL)
				fail_msg("%s: no attribution to %s", val, cc);
			nattr++;
		}
		s = sp != NULL ? nw_refdata_state_by_name(ref, sp) : NULL;
		if (s != NULL) {
			if (attr_of(r, s->iso2) == NULL ||
			    r->ex.sponsorship != NW_SPONSOR_STATE)
				fail_msg("%s: no sponsor %s", val, sp);
			nspons++;
		} else if (r->ex.sponsorship != NW_SPONSOR_UNKNOWN)
			fail_msg("%s: a sponsor from nowhere", val);
		assert_true(r->ex.nattr <= 2);
		got_free(&g);
		nw_arena_free(a);
		free(ev);
	}
	print_message("# %zu clusters, %zu with a known country, %zu with a "
	    "known state sponsor\n", n, nattr, nspons);
	assert_true(nattr > 300);
	assert_true(nspons > 50);

	/* all in one event: more clusters than one event may carry */
	nw_buf_init(&b, 64u << 20);
	assert_int_equal(nw_buf_adds(&b, "{\"Event\":{\"uuid\":\"12345678-1234-"
	    "4234-8234-123456789012\",\"Galaxy\":[{\"type\":\"threat-actor\","
	    "\"GalaxyCluster\":"), 0);
	assert_int_equal(nw_buf_adds(&b, json_object_to_json_string_ext(values,
	    JSON_C_TO_STRING_PLAIN)), 0);
	assert_int_equal(nw_buf_adds(&b, "}]}}"), 0);
	a = nw_arena_new();
	assert_int_equal(parse_event(f, b.data, b.len, "all", a, &g, &err), -1);
	assert_int_equal(err.code, NW_E_LIMIT);
	assert_string_equal(err.path, "$.Event.Galaxy[0].GalaxyCluster[1000]");
	nw_arena_free(a);
	nw_buf_free(&b);
	json_object_put(root);
	free(path);
	nw_feed_free(f);
}

/*
 * The country galaxy's names as target-information tags: the victim a
 * name gives is always the cluster's own ISO code.
 */
static void
test_real_countries(void **state)
{
	struct nw_feed *f = mkfeed("file:///x/manifest.json", NULL);
	struct nw_arena *a;
	struct got g;
	struct nw_error err;
	json_object *root, *values, *cl, *meta, *v;
	char *path, *ev;
	size_t i, n, found = 0;

	(void)state;
	path = shared("misp-galaxy/clusters_country.json");
	if (path == NULL) {
		nw_feed_free(f);
		skip();
	}
	root = json_object_from_file(path);
	assert_non_null(root);
	assert_true(json_object_object_get_ex(root, "values", &values));
	n = json_object_array_length(values);
	memset(&g, 0, sizeof(g));
	for (i = 0; i < n; i++) {
		const char *name, *iso;

		cl = json_object_array_get_idx(values, i);
		assert_true(json_object_object_get_ex(cl, "description", &v));
		name = json_object_get_string(v);
		assert_true(json_object_object_get_ex(cl, "meta", &meta));
		assert_true(json_object_object_get_ex(meta, "ISO", &v));
		iso = json_object_get_string(v);
		if (strchr(name, '"') != NULL || strchr(name, '\\') != NULL)
			continue;
		/* the tag as MISP writes it */
		ev = xasprintf("{\"Event\":{\"uuid\":\"12345678-1234-4234-8234-"
		    "123456789012\",\"Tag\":[{\"name\":\"misp-galaxy:"
		    "target-information=\\\"%s\\\"\"}]}}", name);
		a = nw_arena_new();
		assert_int_equal(parse_event(f, ev, strlen(ev), "c", a, &g,
		    &err), 1);
		if (g.r[0]->ex.nvictims > 0) {
			if (strcmp(g.r[0]->ex.victims[0], iso) != 0)
				fail_msg("%s gave %s, not %s", name,
				    g.r[0]->ex.victims[0], iso);
			found++;
		}
		got_free(&g);
		nw_arena_free(a);
		free(ev);
	}
	print_message("# %zu of %zu country names known\n", found, n);
	assert_true(found > 200);
	json_object_put(root);
	free(path);
	nw_feed_free(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_urls),
		cmocka_unit_test(test_manifest_shapes),
		cmocka_unit_test(test_manifest_bad_entries),
		cmocka_unit_test(test_manifest_hostile),
		cmocka_unit_test(test_manifest_caps),
		cmocka_unit_test(test_manifest_real),
		cmocka_unit_test(test_event_sample),
		cmocka_unit_test(test_event_clusters),
		cmocka_unit_test(test_event_galaxy_shapes),
		cmocka_unit_test(test_event_types),
		cmocka_unit_test(test_event_missing_fields),
		cmocka_unit_test(test_event_hostile),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_collect_runs),
		cmocka_unit_test(test_collect_failures),
		cmocka_unit_test(test_collect_limits),
		cmocka_unit_test(test_real_event),
		cmocka_unit_test(test_real_threat_actors),
		cmocka_unit_test(test_real_countries),
	};

	nw_log_set_level(NW_LOG_ERROR);
	return cmocka_run_group_tests(tests, setup, teardown);
}
