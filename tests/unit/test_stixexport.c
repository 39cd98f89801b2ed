/*
 * test_stixexport.c - STIX export and the stix feed kind: the canonical
 * JSON writer (src/jsonw.c), normwatch's ids, fixed objects and claim
 * confidences (src/stix.c), the export of a store built through the
 * store API (src/output/stix_out.c: validity under --strict, determinism,
 * ids, filters, TLP, modified), and the parser (src/parse/stix.c: hostile
 * documents, rejected objects, STIX 2.0, claims from relationships,
 * normwatch's own incidents coming back).  Every export made here is
 * validated with --strict and must give no message at all.
 */
#include "config.h"

#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "normwatch/json.h"
#include "normwatch/jsonw.h"
#include "normwatch/parse.h"
#include "normwatch/paths.h"
#include "normwatch/refdata.h"
#include "normwatch/stix.h"
#include "normwatch/stixfeed.h"
#include "normwatch/stixout.h"
#include "normwatch/stixval.h"
#include "normwatch/store.h"
#include "normwatch/util.h"

static char tmpdir[256];

/* --- helpers --------------------------------------------------------------- */

/* Validate strictly: no error, no warning; print them otherwise. */
static void
assert_strict(const char *buf, size_t len)
{
	struct nw_stixval_opts opts;
	struct nw_stixval_result res;
	char line[2048];
	size_t i;

	memset(&opts, 0, sizeof(opts));
	opts.flags = NW_STIXVAL_STRICT;
	nw_stixval_buf(buf, len, "export", &opts, &res);
	for (i = 0; i < res.nmsgs && i < 20; i++)
		print_message("# %s\n", nw_stixval_msg_str(&res.msgs[i], line,
		    sizeof(line)));
	assert_int_equal(res.status, NW_STIXVAL_VALID);
	assert_int_equal(res.errors, 0);
	assert_int_equal(res.warnings, 0);
	nw_stixval_result_free(&res);
}

/* Count occurrences of needle in hay. */
static int
count(const char *hay, const char *needle)
{
	int n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

/* The line of the bundle that holds the object with this id. */
static char *
object_line(const char *bundle, const char *id)
{
	char key[NW_STIX_ID_MAX + 16];
	const char *p, *b, *e;

	snprintf(key, sizeof(key), ",\"id\":\"%s\"", id);
	if ((p = strstr(bundle, key)) == NULL)
		return NULL;
	for (b = p; b > bundle && b[-1] != '\n'; b--)
		;
	e = strchr(p, '\n');
	return xstrndup(b, e != NULL ? (size_t)(e - b) : strlen(b));
}

/* The value of "key":"..." in line (static buffer). */
static const char *
value_of(const char *line, const char *key)
{
	static char v[256];
	char k[64];
	const char *p, *e;

	snprintf(k, sizeof(k), "\"%s\":\"", key);
	v[0] = '\0';
	if (line == NULL || (p = strstr(line, k)) == NULL)
		return v;
	p += strlen(k);
	e = strchr(p, '"');
	nw_strlcpy(v, p, e != NULL && (size_t)(e - p) < sizeof(v) ?
	    (size_t)(e - p) + 1 : sizeof(v));
	return v;
}

/* --- the writer -------------------------------------------------------------- */

static void
test_jsonw_escape(void **state)
{
	struct nw_buf b;
	struct nw_jsonw w;
	const char *why;

	(void)state;
	nw_buf_init(&b, 4096);
	nw_jsonw_init(&w, &b);
	nw_jsonw_arr_begin(&w);
	nw_jsonw_str(&w, "a\"b\\c\n\t\r\b\f\x01\x1f/\x7f");
	nw_jsonw_str(&w, "K\xc3\xb6ln \xe2\x80\x9cq\xe2\x80\x9d \xf0\x9f\x98\x80");
	nw_jsonw_strn(&w, "x\xff" "y\xed\xa0\x80" "z\xc3", 8);
	nw_jsonw_strn(&w, "long enough to take the fast path, eight at once", 48);
	nw_jsonw_int(&w, -9007199254740991LL);
	nw_jsonw_int(&w, 0);
	nw_jsonw_num(&w, "1.5e-3", 6);
	nw_jsonw_bool(&w, 1);
	nw_jsonw_null(&w);
	nw_jsonw_arr_end(&w);
	assert_int_equal(nw_jsonw_done(&w, &why), 0);
	assert_string_equal(b.data, "[\"a\\\"b\\\\c\\n\\t\\r\\b\\f\\u0001\\u001f/"
	    "\x7f\",\"K\xc3\xb6ln \xe2\x80\x9cq\xe2\x80\x9d \xf0\x9f\x98\x80\","
	    "\"x\xef\xbf\xbdy\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdz"
	    "\xef\xbf\xbd\",\"long enough to take the fast path, eight at "
	    "once\",-9007199254740991,0,1.5e-3,true,null]");
	nw_buf_free(&b);
}

static void
test_jsonw_misuse(void **state)
{
	struct nw_buf b;
	struct nw_jsonw w;
	const char *why;

	(void)state;
	nw_buf_init(&b, 4096);
	/* keys in byte order are fine, "a" < "a_b" < "ab" */
	nw_jsonw_init(&w, &b);
	nw_jsonw_obj_begin(&w);
	nw_jsonw_kstr(&w, "a", "1");
	nw_jsonw_kstr(&w, "a_b", "2");
	nw_jsonw_kstr(&w, "ab", "3");
	nw_jsonw_obj_end(&w);
	assert_int_equal(nw_jsonw_done(&w, &why), 0);
	assert_string_equal(b.data, "{\"a\":\"1\",\"a_b\":\"2\",\"ab\":\"3\"}");

	/* out of order */
	nw_buf_reset(&b);
	nw_jsonw_init(&w, &b);
	nw_jsonw_obj_begin(&w);
	nw_jsonw_kstr(&w, "extensions", "x");
	nw_jsonw_kstr(&w, "external_references", "y");
	nw_jsonw_kstr(&w, "created", "z");
	nw_jsonw_obj_end(&w);
	assert_int_equal(nw_jsonw_done(&w, &why), -1);
	assert_non_null(strstr(why, "out of order"));

	/* repeated */
	nw_buf_reset(&b);
	nw_jsonw_init(&w, &b);
	nw_jsonw_obj_begin(&w);
	nw_jsonw_kstr(&w, "id", "x");
	nw_jsonw_kstr(&w, "id", "y");
	nw_jsonw_obj_end(&w);
	assert_int_equal(nw_jsonw_done(&w, &why), -1);

	/* a value where a key must come, an unclosed container, a bad number */
	nw_buf_reset(&b);
	nw_jsonw_init(&w, &b);
	nw_jsonw_obj_begin(&w);
	nw_jsonw_str(&w, "v");
	assert_int_equal(nw_jsonw_done(&w, &why), -1);
	nw_buf_reset(&b);
	nw_jsonw_init(&w, &b);
	nw_jsonw_arr_begin(&w);
	assert_int_equal(nw_jsonw_done(&w, &why), -1);
	nw_buf_reset(&b);
	nw_jsonw_init(&w, &b);
	nw_jsonw_num(&w, "01", 2);
	assert_int_equal(nw_jsonw_done(&w, &why), -1);

	/* the cap of the buffer is a sticky error */
	nw_buf_free(&b);
	nw_buf_init(&b, 8);
	nw_jsonw_init(&w, &b);
	nw_jsonw_str(&w, "longer than eight bytes");
	nw_jsonw_str(&w, "x");
	assert_int_equal(nw_jsonw_done(&w, &why), -1);
	assert_non_null(strstr(why, "cap"));
	nw_buf_free(&b);
}

/* --- ids, fixed objects, confidence, timestamps ---------------------------- */

static void
test_ids(void **state)
{
	char u[37], id[NW_STIX_ID_MAX], ns[37];
	const char *url = "https://github.com/normwatch/normwatch";

	(void)state;
	/* the namespace is what stix.h says it is */
	assert_int_equal(nw_stix_uuid5("6ba7b811-9dad-11d1-80b4-00c04fd430c8",
	    url, strlen(url), ns), 0);
	assert_string_equal(ns, NW_STIX_NAMESPACE);
	/* derived ids are uuid5 in it (the byte copy of the namespace) */
	assert_int_equal(nw_stix_uuid5(NW_STIX_NAMESPACE, "k e y", 5, u), 0);
	nw_stix_derived_id("incident", "k e y", 5, id);
	assert_string_equal(id + strlen("incident--"), u);
	assert_int_equal(strncmp(id, "incident--", 10), 0);
	nw_stix_derived_id("identity", "identity/normwatch", 18, id);
	assert_string_equal(id, NW_STIX_IDENTITY);
	nw_stix_derived_id("extension-definition",
	    "extension-definition/normwatch-incident", 39, id);
	assert_string_equal(id, NW_STIX_EXT_NORMWATCH);
	/* version 5, RFC 4122 variant, and not the SCO namespace */
	assert_int_equal(id[strlen("extension-definition--") + 14], '5');
	assert_string_not_equal(NW_STIX_NAMESPACE, NW_STIX_SCO_NAMESPACE);
	assert_true(nw_stix_fixed_id(NW_STIX_IDENTITY_OASIS));
	assert_false(nw_stix_fixed_id("identity--f4f031e0-30bf-5fb8-aef2-"
	    "520b845363f7"));
}

/* Keys of every object come in byte order. */
static void
assert_canonical(const char *json)
{
	struct nw_json *j = nw_json_new_mem(json, strlen(json), NULL, "fixed");
	struct nw_error err;
	enum nw_json_event ev;
	char last[64][256];
	size_t d, len;
	const char *k;

	memset(last, 0, sizeof(last));
	while ((ev = nw_json_next(j, &err)) != NW_JSON_END) {
		assert_int_not_equal(ev, NW_JSON_ERROR);
		d = nw_json_depth(j);
		if (ev == NW_JSON_OBJECT_BEGIN && d < 64)
			last[d][0] = '\0';
		if (ev == NW_JSON_KEY) {
			k = nw_json_text(j, &len);
			assert_true(strcmp(last[d], k) < 0);
			nw_strlcpy(last[d], k, sizeof(last[d]));
		}
	}
	nw_json_free(j);
}

static void
test_fixed_objects(void **state)
{
	struct nw_buf b;
	size_t i;

	(void)state;
	nw_buf_init(&b, 1 << 20);
	assert_int_equal(nw_buf_adds(&b, "{\"type\":\"bundle\",\"id\":\"bundle--"
	    "3f7d2a1b-8c4e-4d5f-9a6b-7c8d9e0f1a2b\",\"objects\":["), 0);
	for (i = 0; nw_stix_fixed_objects[i] != NULL; i++) {
		assert_canonical(nw_stix_fixed_objects[i]);
		assert_non_null(strstr(nw_stix_fixed_objects[i],
		    nw_stix_fixed_ids[i]));
		assert_int_equal(nw_buf_adds(&b, i > 0 ? "," : ""), 0);
		assert_int_equal(nw_buf_adds(&b, nw_stix_fixed_objects[i]), 0);
	}
	assert_null(nw_stix_fixed_ids[i]);
	assert_int_equal(nw_buf_adds(&b, "]}"), 0);
	assert_strict(b.data, b.len);
	nw_buf_free(&b);
}

static void
test_confidence(void **state)
{
	static const char *const parties[] = { "government", "vendor", "self",
	    "unspecified", "media" };
	size_t i;
	int a, s;

	(void)state;
	for (i = 0; i < NW_NELEM(parties); i++) {
		a = nw_stix_claim_confidence("asserted", parties[i]);
		s = nw_stix_claim_confidence("suspected", parties[i]);
		assert_true(a >= NW_STIX_ASSERTED_MIN && a <= 100);
		assert_true(s < NW_STIX_ASSERTED_MIN && s >= 0);
		assert_string_equal(nw_stix_claim_hedge(a), "asserted");
		assert_string_equal(nw_stix_claim_hedge(s), "suspected");
	}
	/* a government's word weighs more than the media's */
	assert_true(nw_stix_claim_confidence("asserted", "government") >
	    nw_stix_claim_confidence("asserted", "media"));
	assert_int_equal(nw_stix_tlp_rank("clear"), 0);
	assert_int_equal(nw_stix_tlp_rank("amber+strict"), 3);
	assert_int_equal(nw_stix_tlp_rank("white"), -1);
}

static void
test_timestamps(void **state)
{
	char out[32];

	(void)state;
	assert_int_equal(nw_stix_ts_ms("2024-01-02T03:04:05Z", out), 0);
	assert_string_equal(out, "2024-01-02T03:04:05.000Z");
	assert_int_equal(nw_stix_ts_ms("2024-01-02T03:04:05.5Z", out), 0);
	assert_string_equal(out, "2024-01-02T03:04:05.500Z");
	assert_int_equal(nw_stix_ts_ms("2021-12-01T16:19:51.601791Z", out), 0);
	assert_string_equal(out, "2021-12-01T16:19:51.601Z");
	assert_int_equal(nw_stix_ts_ms("2024-13-01T00:00:00Z", out), -1);
	assert_int_equal(nw_stix_ts_next_ms("2024-12-31T23:59:59.999Z", out), 0);
	assert_string_equal(out, "2025-01-01T00:00:00.000Z");
	assert_int_equal(nw_stix_ts_next_ms("2024-02-28T23:59:59.999Z", out), 0);
	assert_string_equal(out, "2024-02-29T00:00:00.000Z");
	assert_int_equal(nw_stix_ts_next_ms("2023-02-28T23:59:59.9999Z", out),
	    0);
	assert_string_equal(out, "2023-03-01T00:00:00.000Z");
	assert_int_equal(nw_stix_ts_next_ms("2016-12-31T23:59:60.999Z", out), 0);
	assert_string_equal(out, "2017-01-01T00:00:00.000Z");
}

/* A key across the 64 KiB window of a reader on a file descriptor. */
static void
test_json_refill(void **state)
{
	char path[300];
	struct nw_buf b;
	struct nw_json *j;
	struct nw_error err;
	enum nw_json_event ev;
	int fd, keys = 0;

	(void)state;
	snprintf(path, sizeof(path), "%s/refill.json", tmpdir);
	nw_buf_init(&b, 1 << 20);
	assert_int_equal(nw_buf_adds(&b, "{\"pad\":\""), 0);
	while (b.len < 65536 - 6)
		assert_int_equal(nw_buf_addc(&b, 'x'), 0);
	/* "pad" value ends, then the key "extensions" spans byte 65536 */
	assert_int_equal(nw_buf_adds(&b, "\",\"extensions\":\"y\"}"), 0);
	assert_int_equal(nw_write_file_atomic(path, b.data, b.len, &err), 0);
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	j = nw_json_new_fd(fd, NULL, path);
	while ((ev = nw_json_next(j, &err)) != NW_JSON_END) {
		assert_int_not_equal(ev, NW_JSON_ERROR);
		if (ev == NW_JSON_KEY)
			keys++;
	}
	assert_int_equal(keys, 2);
	nw_json_free(j);
	close(fd);
	nw_buf_free(&b);
}

/* --- the export of a store ---------------------------------------------------- */

struct inc_spec {
	const char	*nid;
	int		 y, m, d;
	const char	*state;		/* attributed, or NULL */
	enum nw_hedge	 hedge;
	enum nw_party	 party;
	const char	*actor;		/* or NULL */
	const char	*victim;	/* or NULL */
};

static const struct inc_spec incs[] = {
	{ "a", 2024, 8, 12, "RU", NW_HEDGE_ASSERTED, NW_PARTY_GOVERNMENT,
	    "Fancy Bear", "UA" },
	{ "b", 2024, 11, 0, "CN", NW_HEDGE_SUSPECTED, NW_PARTY_VENDOR, NULL,
	    NULL },
	{ "c", 2023, 0, 0, NULL, NW_HEDGE_ASSERTED, NW_PARTY_UNSPECIFIED, NULL,
	    NULL },
};

/* A store of the incidents above, written at time now, feed TLP tlp. */
static struct nw_store *
make_store(const char *name, const char *now, const char *tlp)
{
	char path[300], text[512], key[64];
	struct nw_store *s;
	struct nw_feed f;
	struct nw_report r;
	struct nw_error err;
	int64_t src, rep, inc;
	size_t i;

	setenv("NORMWATCH_NOW", now, 1);
	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	assert_non_null(s = nw_store_open(path, NW_STORE_RW, &err));
	memset(&f, 0, sizeof(f));
	f.name = "t";
	f.kind = "csis";
	f.url = "https://example.org/list.txt";
	f.publisher = "Example Publisher";
	assert_int_equal(nw_store_feed_begin(s, &f, &src, &err), 0);
	assert_int_equal(nw_store_source_set_tlp(s, "t", tlp, &err), 0);
	assert_int_equal(nw_store_put_document(s, "5ebd36d95b8e3f21839337244181"
	    "e286805fa384de5594015e20ff6212baf873", 10, "text/plain", f.url,
	    &err), 0);
	for (i = 0; i < NW_NELEM(incs); i++) {
		memset(&r, 0, sizeof(r));
		snprintf(text, sizeof(text), "Incident %s. Hackers %s%s broke "
		    "into ministry networks.", incs[i].nid,
		    incs[i].state != NULL ? "of " : "",
		    incs[i].state != NULL ? incs[i].state : "");
		r.native_id = incs[i].nid;
		r.url = f.url;
		r.text = text;
		r.textlen = strlen(text);
		r.date.y = incs[i].y;
		r.date.m = incs[i].m;
		r.date.d = incs[i].d;
		r.date.prec = incs[i].d ? NW_PREC_DAY : incs[i].m ?
		    NW_PREC_MONTH : NW_PREC_YEAR;
		r.offset = -1;
		if (incs[i].state != NULL) {
			memcpy(r.ex.attr[0].state, incs[i].state, 3);
			r.ex.attr[0].hedge = incs[i].hedge;
			r.ex.attr[0].by = incs[i].party;
			r.ex.attr[0].ev.off = 22;
			r.ex.attr[0].ev.len = 2;
			r.ex.nattr = 1;
			r.ex.sponsorship = NW_SPONSOR_STATE;
		}
		if (incs[i].actor != NULL) {
			nw_strlcpy(r.ex.actors[0].name, incs[i].actor,
			    sizeof(r.ex.actors[0].name));
			r.ex.nactors = 1;
		}
		if (incs[i].victim != NULL) {
			memcpy(r.ex.victims[0], incs[i].victim, 3);
			r.ex.nvictims = 1;
			r.ex.sectors = 1u << NW_SECTOR_GOVERNMENT;
		}
		assert_int_equal(nw_store_put_report(s, src, 0, "5ebd36d95b8e3f"
		    "21839337244181e286805fa384de5594015e20ff6212baf873", &r,
		    NULL, &err), 0);
		rep = nw_store_report_id(s);
		snprintf(key, sizeof(key), "t/%s", incs[i].nid);
		assert_int_equal(nw_store_incident_new(s, key, rep, &inc, &err),
		    0);
	}
	assert_int_equal(nw_store_feed_commit(s, &err), 0);
	return s;
}

/* Export s with opts into a string (caller frees); validated strictly. */
static char *
export(struct nw_store *s, const struct nw_export_opts *opts, size_t *len)
{
	struct nw_error err;
	char *buf = NULL;
	size_t n = 0;
	FILE *fp;

	fp = open_memstream(&buf, &n);
	assert_non_null(fp);
	if (nw_export_stix(s, opts, fp, NULL, &err) == -1)
		fail_msg("export: %s", err.msg);
	fclose(fp);
	assert_strict(buf, n);
	if (len != NULL)
		*len = n;
	return buf;
}

static struct nw_refdata *ref;

static void
incident_id(const char *nid, char out[NW_STIX_ID_MAX])
{
	char key[64];

	snprintf(key, sizeof(key), "incident/t/%s", nid);
	nw_stix_derived_id("incident", key, strlen(key), out);
}

static void
test_export_store(void **state)
{
	struct nw_export_opts opts;
	struct nw_store *s, *s2;
	char *a, *b, *line, ia[NW_STIX_ID_MAX], ib[NW_STIX_ID_MAX];
	char ic[NW_STIX_ID_MAX], rep[NW_STIX_ID_MAX];

	(void)state;
	s = make_store("e1.db", "2025-01-01T00:00:00Z", NULL);
	memset(&opts, 0, sizeof(opts));
	opts.ref = ref;
	a = export(s, &opts, NULL);
	/* the objects of the model */
	incident_id("a", ia);
	incident_id("b", ib);
	incident_id("c", ic);
	assert_non_null(strstr(a, ia));
	assert_non_null(strstr(a, ib));
	assert_non_null(strstr(a, ic));
	assert_int_equal(count(a, "\"type\":\"incident\""), 3);
	assert_int_equal(count(a, "\"threat_actor_types\":[\"nation-state\"]"),
	    2);
	assert_int_equal(count(a, "\"type\":\"location\""), 3);	/* RU CN UA */
	assert_int_equal(count(a, "\"type\":\"report\""), 2);	/* Q3, Q4 */
	/* an alias becomes the canonical actor of actors.tsv */
	if (ref != NULL)
		assert_non_null(strstr(a, "\"name\":\"APT28\""));
	/* confidence from hedge and party */
	assert_non_null(strstr(a, "\"confidence\":90,"));
	assert_non_null(strstr(a, "\"confidence\":50,"));
	assert_int_equal(count(a, "\"relationship_type\":\"targets\""), 1);
	/* created by the source's identity */
	assert_non_null(strstr(a, "\"name\":\"Example Publisher\""));
	line = object_line(a, ia);
	assert_non_null(line);
	assert_string_equal(value_of(line, "modified"),
	    "2025-01-01T00:00:00.000Z");
	assert_non_null(strstr(line, "\"date\":\"2024-08-12\""));
	assert_non_null(strstr(line, NW_STIX_TLP2_CLEAR));
	assert_non_null(strstr(line, "\"hashes\":{\"SHA-256\":"));
	free(line);
	/* two exports of one store are byte-identical */
	b = export(s, &opts, NULL);
	assert_string_equal(a, b);
	free(b);
	/* another store from the same input gives the same bundle */
	s2 = make_store("e2.db", "2025-01-01T00:00:00Z", NULL);
	b = export(s2, &opts, NULL);
	assert_string_equal(a, b);
	free(b);
	nw_store_close(s2);

	/* --quarter: the quarter's incident, its claims and its report */
	opts.year = 2024;
	opts.quarter = 3;
	b = export(s, &opts, NULL);
	assert_non_null(strstr(b, ia));
	assert_null(strstr(b, ib));
	assert_null(strstr(b, ic));
	nw_stix_derived_id("report", "report/2024Q3", 13, rep);
	assert_non_null(strstr(b, rep));
	assert_int_equal(count(b, "\"type\":\"report\""), 1);
	free(b);
	opts.quarter = 1;
	b = export(s, &opts, NULL);
	assert_int_equal(count(b, "\"type\":\"incident\""), 0);
	free(b);

	/* --since: a year-precise date counts when it may fall after */
	opts.quarter = 0;
	opts.since.y = 2024;
	opts.since.m = 10;
	opts.since.d = 1;
	opts.since.prec = NW_PREC_DAY;
	b = export(s, &opts, NULL);
	assert_null(strstr(b, ia));
	assert_non_null(strstr(b, ib));
	assert_null(strstr(b, ic));
	assert_int_equal(count(b, "\"type\":\"report\""), 1);
	free(b);
	opts.since.y = 2023;
	opts.since.m = 6;
	b = export(s, &opts, NULL);
	assert_non_null(strstr(b, ia));
	assert_non_null(strstr(b, ic));
	free(b);
	opts.since.y = 2024;
	opts.since.m = 8;
	opts.since.d = 1;
	b = export(s, &opts, NULL);
	/* 2024Q3 is only partly selected: no report for it */
	assert_non_null(strstr(b, ia));
	assert_null(strstr(b, rep));
	free(b);
	free(a);
	nw_store_close(s);
}

static void
test_export_tlp(void **state)
{
	struct nw_export_opts opts;
	struct nw_store *s;
	struct nw_error err;
	char *a, *b, *la, *lb, ia[NW_STIX_ID_MAX], loc[NW_STIX_ID_MAX];
	char key[64];

	(void)state;
	s = make_store("tlp.db", "2025-01-01T00:00:00Z", "amber");
	memset(&opts, 0, sizeof(opts));
	opts.ref = ref;
	a = export(s, &opts, NULL);
	incident_id("a", ia);
	la = object_line(a, ia);
	assert_non_null(strstr(la, NW_STIX_TLP2_AMBER));
	/* shared objects stay clear */
	/* its key: "location" NUL code NUL name */
	memcpy(key, "location\0RU\0", 12);
	nw_strlcpy(key + 12, ref != NULL ? "Russia" : "RU", sizeof(key) - 12);
	nw_stix_derived_id("location", key, 12 + strlen(key + 12), loc);
	lb = object_line(a, loc);
	assert_non_null(lb);
	assert_non_null(strstr(lb, NW_STIX_TLP2_CLEAR));
	free(lb);
	/* 3 incidents, 4 claims, and the 2 reports as restrictive as what
	   they list */
	assert_int_equal(count(a, NW_STIX_TLP2_AMBER), 3 + 4 + 2);

	/* a change of TLP moves the objects it marks, and only those */
	setenv("NORMWATCH_NOW", "2025-02-01T00:00:00Z", 1);
	assert_int_equal(nw_store_source_set_tlp(s, "t", "red", &err), 0);
	b = export(s, &opts, NULL);
	lb = object_line(b, ia);
	assert_non_null(strstr(lb, NW_STIX_TLP2_RED));
	assert_string_equal(value_of(lb, "modified"),
	    "2025-02-01T00:00:00.000Z");
	assert_string_equal(value_of(lb, "created"),
	    "2025-01-01T00:00:00.000Z");
	free(lb);
	lb = object_line(b, loc);
	assert_string_equal(value_of(lb, "modified"),
	    "2025-01-01T00:00:00.000Z");
	free(lb);
	/* the same TLP again changes nothing */
	setenv("NORMWATCH_NOW", "2025-03-01T00:00:00Z", 1);
	assert_int_equal(nw_store_source_set_tlp(s, "t", "red", &err), 0);
	free(a);
	a = export(s, &opts, NULL);
	assert_string_equal(a, b);
	free(la);
	free(a);
	free(b);
	nw_store_close(s);
}

/* --- the parser ------------------------------------------------------------------ */

struct got {
	int		 objects;
	int		 own;
	int		 warned;	/* objects with warnings */
	char		 json[8][4096];	/* the first kept objects */
	int		 reports;
	struct nw_report r[8];
	struct nw_origin o[8];
};

static int
on_report(struct nw_report *r, void *arg)
{
	struct got *g = arg;

	if (g->reports < 8) {
		g->r[g->reports] = *r;
		if (r->origin != NULL)
			g->o[g->reports] = *r->origin;
	}
	g->reports++;
	return 0;
}

static int
on_object(const struct nw_stix_object *o, void *arg)
{
	struct got *g = arg;

	if (g->objects < 8)
		nw_strlcpy(g->json[g->objects], o->json, sizeof(g->json[0]));
	g->objects++;
	g->own += o->own;
	g->warned += o->warnings > 0;
	return 0;
}

/* Parse doc with the stix kind; returns what parse returned. */
static long
parse(const char *doc, size_t len, struct got *g, struct nw_arena *a,
    struct nw_error *err)
{
	struct nw_feed f;
	struct nw_doc d;
	struct nw_parse_sink sink = { on_report, on_object, g };

	memset(g, 0, sizeof(*g));
	memset(&f, 0, sizeof(f));
	f.name = "t";
	f.kind = "stix";
	f.url = "file:///t.json";
	nw_limits_default(&f.limits);
	memset(&d, 0, sizeof(d));
	d.data = doc;
	d.len = len;
	d.url = "file:///t.json";
	d.name = "t.json";
	return nw_parser_stix.parse_sink(&f, &d, a, &sink, err);
}

#define TS	"\"created\":\"2020-01-01T00:00:00.000Z\"," \
		"\"modified\":\"2020-01-01T00:00:00.000Z\""
#define B(objs) "{\"type\":\"bundle\",\"id\":\"bundle--0ecd8123-90d5-46e0-" \
		"9cd4-65d4999b3a2e\",\"objects\":[" objs "]}"
#define IND(id) "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":" \
		"\"indicator--" id "\"," TS ",\"pattern\":\"[ipv4-addr:value = " \
		"'10.0.0.1']\",\"pattern_type\":\"stix\",\"valid_from\":" \
		"\"2020-01-01T00:00:00Z\"}"
#define U1	"8ac90ff3-ecf8-4835-95b8-6aea6a623df5"
#define U2	"9ac90ff3-ecf8-4835-95b8-6aea6a623df5"

/* A string literal and its length. */
#define S(lit)	(lit), sizeof(lit) - 1

/* The document fails with code, and a path starting with path. */
static void
assert_fails(const char *doc, size_t len, enum nw_errcode code,
    const char *path, const char *text)
{
	struct nw_arena *a = nw_arena_new();
	struct nw_error err;
	struct got *g = xcalloc(1, sizeof(*g));

	nw_error_clear(&err);
	assert_int_equal(parse(doc, len, g, a, &err), -1);
	if (err.code != code || strncmp(err.path, path, strlen(path)) != 0 ||
	    (text != NULL && strstr(err.msg, text) == NULL))
		fail_msg("got %s at %s: %s", nw_errcode_name(err.code),
		    err.path, err.msg);
	assert_string_equal(err.feed, "t");
	assert_string_equal(err.file, "t.json");
	assert_int_equal(g->reports, 0);
	nw_arena_free(a);
	free(g);
}

static void
test_parse_hostile(void **state)
{
	struct nw_buf b;
	size_t i;

	(void)state;
	assert_fails(S(B(IND(U1) ",{\"type\":\"indicator\",\"name\":\"a\","
	    "\"name\":\"b\"}")), NW_E_DATA, "$.objects[1].name",
	    "duplicate key");
	assert_fails(B(IND(U1)), sizeof(B(IND(U1))) - 1 - 7, NW_E_PARSE,
	    "$.objects[0]", "truncated");
	assert_fails(S("{\"type\":\"bundle\",\"objects\":[{\"name\":"
	    "\"a\xff\"}]}"), NW_E_DATA, "$.objects[0].name", "UTF-8");
	assert_fails(S("not json"), NW_E_PARSE, "$", NULL);
	assert_fails(S(""), NW_E_PARSE, "$", NULL);
	assert_fails(S("42"), NW_E_PARSE, "$", "not a STIX bundle");
	assert_fails(S("{\"type\":\"bundle\",\"objects\":[{}]}x"),
	    NW_E_PARSE, "$", NULL);

	/* deeper than NW_JSON_MAX_DEPTH */
	nw_buf_init(&b, 1 << 20);
	assert_int_equal(nw_buf_adds(&b, "{\"type\":\"bundle\",\"objects\":"
	    "[{\"x_deep\":"), 0);
	for (i = 0; i < 100; i++)
		assert_int_equal(nw_buf_addc(&b, '['), 0);
	for (i = 0; i < 100; i++)
		assert_int_equal(nw_buf_addc(&b, ']'), 0);
	assert_int_equal(nw_buf_adds(&b, "}]}"), 0);
	assert_fails(b.data, b.len, NW_E_LIMIT, "$.objects[0].x_deep", NULL);
	nw_buf_free(&b);

	/* a string over NW_JSON_MAX_STRING */
	nw_buf_init(&b, (size_t)NW_JSON_MAX_STRING + (1 << 20));
	assert_int_equal(nw_buf_adds(&b, "{\"type\":\"bundle\",\"objects\":"
	    "[{\"type\":\"note\",\"content\":\""), 0);
	for (i = 0; i <= NW_JSON_MAX_STRING; i += 64)
		assert_int_equal(nw_buf_adds(&b, "0123456789abcdef0123456789abc"
		    "def0123456789abcdef0123456789abcdef"), 0);
	assert_int_equal(nw_buf_adds(&b, "\"}]}"), 0);
	assert_fails(b.data, b.len, NW_E_LIMIT, "$.objects[0].content", NULL);
	nw_buf_free(&b);
}

static void
test_parse_objects(void **state)
{
	struct nw_arena *a = nw_arena_new();
	struct nw_error err;
	struct got *g = xcalloc(1, sizeof(*g));
	const char *doc;

	(void)state;
	/* a wrong type rejects its object; the rest of the bundle lands */
	doc = B(IND(U1) ",{\"type\":\"indicator\",\"spec_version\":\"2.1\","
	    "\"id\":\"indicator--" U2 "\",\"created\":5,\"modified\":"
	    "\"2020-01-01T00:00:00.000Z\",\"pattern\":\"[ipv4-addr:value = "
	    "'10.0.0.1']\",\"pattern_type\":\"stix\",\"valid_from\":"
	    "\"2020-01-01T00:00:00Z\"},{\"type\":\"x-thing\",\"spec_version\":"
	    "\"2.1\",\"id\":\"x-thing--" U2 "\"," TS ",\"x_size\":3}");
	assert_int_equal(parse(doc, strlen(doc), g, a, &err), 0);
	assert_int_equal(g->objects, 2);	/* the indicator, x-thing */
	assert_int_equal(g->own, 0);
	/* an unknown type is kept as a custom object, with its warnings */
	assert_int_equal(g->warned, 1);
	assert_non_null(strstr(g->json[1], "\"type\":\"x-thing\""));
	/* kept in canonical form: keys in byte order */
	assert_string_equal(g->json[0], "{\"created\":\"2020-01-01T00:00:00"
	    ".000Z\",\"id\":\"indicator--" U1 "\",\"modified\":\"2020-01-01"
	    "T00:00:00.000Z\",\"pattern\":\"[ipv4-addr:value = '10.0.0.1']\","
	    "\"pattern_type\":\"stix\",\"spec_version\":\"2.1\",\"type\":"
	    "\"indicator\",\"valid_from\":\"2020-01-01T00:00:00Z\"}");

	/* STIX 2.0: normalised to 2.1 */
	doc = "{\"type\":\"bundle\",\"id\":\"bundle--0ecd8123-90d5-46e0-9cd4-"
	    "65d4999b3a2e\",\"spec_version\":\"2.0\",\"objects\":[{\"type\":"
	    "\"indicator\",\"id\":\"indicator--" U1 "\",\"created\":"
	    "\"2016-04-06T20:03:48Z\",\"modified\":\"2016-04-06T20:03:48.5Z\","
	    "\"labels\":[\"malicious-activity\"],\"pattern\":\"[file:hashes.md5"
	    " = 'd41d8cd98f00b204e9800998ecf8427e']\",\"valid_from\":"
	    "\"2016-01-01T00:00:00Z\"},{\"type\":\"threat-actor\",\"id\":"
	    "\"threat-actor--" U2 "\",\"created\":\"2016-04-06T20:03:48Z\","
	    "\"modified\":\"2016-04-06T20:03:48Z\",\"labels\":[\"nation-state\"],"
	    "\"name\":\"Bravo\"}]}";
	assert_int_equal(parse(doc, strlen(doc), g, a, &err), 0);
	assert_int_equal(g->objects, 2);
	assert_non_null(strstr(g->json[0], "\"spec_version\":\"2.1\""));
	assert_non_null(strstr(g->json[0], "\"pattern_type\":\"stix\""));
	assert_non_null(strstr(g->json[0], "\"indicator_types\":"
	    "[\"malicious-activity\"]"));
	assert_non_null(strstr(g->json[0], "\"created\":\"2016-04-06T20:03:48"
	    ".000Z\""));
	assert_non_null(strstr(g->json[0], "\"modified\":\"2016-04-06T20:03:48"
	    ".500Z\""));
	assert_non_null(strstr(g->json[1], "\"threat_actor_types\":"
	    "[\"nation-state\"]"));
	assert_strict(g->json[0], strlen(g->json[0]));

	/* one object on its own is a document too */
	doc = IND(U1);
	assert_int_equal(parse(doc, strlen(doc), g, a, &err), 0);
	assert_int_equal(g->objects, 1);
	nw_arena_free(a);
	free(g);
}

#define ISET	"intrusion-set--c2c5f1c8-08f3-4e24-9e8e-f87d844672ec"
#define TACT	"threat-actor--d2c5f1c8-08f3-4e24-9e8e-f87d844672ec"
#define LRU	"location--e2c5f1c8-08f3-4e24-9e8e-f87d844672ec"
#define LUA	"location--f2c5f1c8-08f3-4e24-9e8e-f87d844672ec"
#define VICT	"identity--a3c5f1c8-08f3-4e24-9e8e-f87d844672ec"
#define GOV	"identity--b3c5f1c8-08f3-4e24-9e8e-f87d844672ec"
#define VEND	"identity--c3c5f1c8-08f3-4e24-9e8e-f87d844672ec"
#define INC	"incident--d3c5f1c8-08f3-4e24-9e8e-f87d844672ec"
#define RELX(n, type, src, dst, extra) "{\"type\":\"relationship\"," \
		"\"spec_version\":\"2.1\",\"id\":\"relationship--" n "3c5f1c8-" \
		"08f3-4e24-9e8e-f87d844672ec\"," TS ",\"relationship_type\":\"" \
		type "\",\"source_ref\":\"" src "\",\"target_ref\":\"" dst "\"" \
		extra "}"
#define SDO(type, id, extra) "{\"type\":\"" type "\",\"spec_version\":\"2.1\"," \
		"\"id\":\"" id "\"," TS extra "}"

static void
test_parse_claims(void **state)
{
	struct nw_arena *a = nw_arena_new();
	struct nw_error err;
	struct got *g = xcalloc(1, sizeof(*g));
	const char *doc;
	char key[NW_STIX_ID_MAX], xid[NW_STIX_ID_MAX];

	(void)state;
	/* relationships before and after their ends, in any order */
	doc = B(RELX("1", "attributed-to", INC, ISET,
	    ",\"created_by_ref\":\"" GOV "\",\"confidence\":90") ","
	    SDO("incident", INC, ",\"name\":\"Ministry breach\",\"description\":"
	    "\"Hackers broke in.\",\"created_by_ref\":\"" VEND "\","
	    "\"object_marking_refs\":[\"" NW_STIX_TLP2_AMBER "\"]") ","
	    SDO("intrusion-set", ISET, ",\"name\":\"Sofacy\"") ","
	    SDO("threat-actor", TACT, ",\"name\":\"Russia\",\"threat_actor_types\":"
	    "[\"nation-state\"]") ","
	    RELX("2", "attributed-to", ISET, TACT, "") ","
	    RELX("4", "located-at", TACT, LRU, "") ","
	    SDO("location", LRU, ",\"country\":\"RU\"") ","
	    SDO("location", LUA, ",\"country\":\"UA\"") ","
	    SDO("identity", VICT, ",\"name\":\"Ministry\",\"sectors\":"
	    "[\"government-national\"]") ","
	    SDO("identity", GOV, ",\"name\":\"A Government\",\"sectors\":"
	    "[\"government-national\"]") ","
	    SDO("identity", VEND, ",\"name\":\"A Vendor\",\"sectors\":"
	    "[\"technology\"]") ","
	    RELX("5", "targets", INC, VICT, ",\"confidence\":40") ","
	    RELX("6", "located-at", VICT, LUA, ""));
	assert_int_equal(parse(doc, strlen(doc), g, a, &err), 1);
	assert_int_equal(g->objects, 13);
	assert_int_equal(g->reports, 1);
	assert_true(g->r[0].preset);
	assert_string_equal(g->r[0].native_id, INC);
	assert_string_equal(g->r[0].title, "Ministry breach");
	assert_string_equal(g->r[0].text, "Ministry breach\n\nHackers broke "
	    "in.");
	assert_int_equal(g->r[0].date.prec, NW_PREC_DAY);
	assert_int_equal(g->r[0].date.y, 2020);
	/* the state through intrusion-set, threat-actor, location */
	assert_int_equal(g->r[0].ex.nattr, 1);
	assert_string_equal(g->r[0].ex.attr[0].state, "RU");
	assert_int_equal(g->r[0].ex.attr[0].hedge, NW_HEDGE_ASSERTED);
	assert_int_equal(g->r[0].ex.attr[0].by, NW_PARTY_GOVERNMENT);
	assert_int_equal(g->r[0].ex.nactors, 1);
	assert_string_equal(g->r[0].ex.actors[0].name, "Sofacy");
	assert_int_equal(g->r[0].ex.nvictims, 1);
	assert_string_equal(g->r[0].ex.victims[0], "UA");
	assert_true(g->r[0].ex.sectors & (1u << NW_SECTOR_GOVERNMENT));
	assert_int_equal(g->r[0].ex.sponsorship, NW_SPONSOR_STATE);
	/* provenance: claimers, markings, an id of normwatch's own */
	assert_false(g->o[0].own);
	assert_string_equal(g->o[0].publisher, "A Vendor");
	assert_string_equal(g->o[0].attr_by[0], "A Government");
	assert_string_equal(g->o[0].actor_by[0], "A Government");
	assert_null(g->o[0].victim_by[0]);
	assert_string_equal(g->o[0].tlp, "amber");
	snprintf(key, sizeof(key), "incident/stix:%s", INC);
	nw_stix_derived_id("incident", key, strlen(key), xid);
	assert_string_equal(g->o[0].export_id, xid);

	/* a low confidence is a suspicion; a report names what it lists */
	doc = B(SDO("report", "report--e3c5f1c8-08f3-4e24-9e8e-f87d844672ec",
	    ",\"name\":\"Quarterly\",\"published\":\"2021-03-04T00:00:00Z\","
	    "\"confidence\":30,\"object_refs\":[\"" TACT "\",\"" ISET "\"]") ","
	    SDO("intrusion-set", ISET, ",\"name\":\"Sofacy\"") ","
	    SDO("threat-actor", TACT, ",\"name\":\"Russia\",\"threat_actor_types\":"
	    "[\"nation-state\"]") ","
	    RELX("4", "located-at", TACT, LRU, "") ","
	    SDO("location", LRU, ",\"country\":\"RU\""));
	assert_int_equal(parse(doc, strlen(doc), g, a, &err), 1);
	assert_int_equal(g->r[0].date.y, 2021);
	assert_int_equal(g->r[0].date.m, 3);
	assert_int_equal(g->r[0].ex.nattr, 1);
	assert_int_equal(g->r[0].ex.attr[0].hedge, NW_HEDGE_SUSPECTED);
	assert_int_equal(g->r[0].ex.attr[0].by, NW_PARTY_UNSPECIFIED);
	assert_int_equal(g->r[0].ex.nactors, 1);
	nw_arena_free(a);
	free(g);
}

/* An export read back: normwatch's own incidents keep ids and claims. */
static void
test_parse_own(void **state)
{
	struct nw_export_opts opts;
	struct nw_store *s;
	struct nw_arena *a = nw_arena_new();
	struct nw_error err;
	struct got *g = xcalloc(1, sizeof(*g));
	char *bundle, ia[NW_STIX_ID_MAX];
	size_t len;
	int i, found = 0;

	(void)state;
	s = make_store("own.db", "2025-01-01T00:00:00Z", NULL);
	memset(&opts, 0, sizeof(opts));
	opts.ref = ref;
	bundle = export(s, &opts, &len);
	assert_int_equal(parse(bundle, len, g, a, &err), 3);
	/* every object but the fixed ones comes back as normwatch's own */
	assert_int_equal(g->own, g->objects);
	assert_true(g->objects > 10);
	incident_id("a", ia);
	for (i = 0; i < 3; i++) {
		assert_true(g->o[i].own);
		assert_string_equal(g->o[i].export_id, g->r[i].native_id);
		if (strcmp(g->r[i].native_id, ia) != 0)
			continue;
		found = 1;
		assert_string_equal(g->o[i].publisher, "Example Publisher");
		assert_string_equal(g->o[i].external_id, "a");
		assert_string_equal(g->r[i].url, "https://example.org/list.txt");
		assert_int_equal(g->r[i].date.prec, NW_PREC_DAY);
		assert_int_equal(g->r[i].ex.nattr, 1);
		assert_string_equal(g->r[i].ex.attr[0].state, "RU");
		assert_int_equal(g->r[i].ex.attr[0].by, NW_PARTY_GOVERNMENT);
		assert_int_equal(g->r[i].ex.attr[0].ev.off, 22);
		assert_int_equal(g->r[i].ex.attr[0].ev.len, 2);
		assert_string_equal(g->r[i].ex.actors[0].name, "Fancy Bear");
		assert_string_equal(g->r[i].ex.victims[0], "UA");
		assert_null(g->o[i].attr_by[0]);
	}
	assert_true(found);
	free(bundle);
	nw_store_close(s);
	nw_arena_free(a);
	free(g);
}

/* Kept objects into a store, through the writer the ingest uses. */
struct tostore {
	struct nw_stix_writer	*w;
	int64_t			 src;
	int			 n;
};

static int
store_object(const struct nw_stix_object *o, void *arg)
{
	struct tostore *t = arg;
	struct nw_error err;

	t->n++;
	return nw_store_put_stix_object(t->w, t->src, o, NULL, &err);
}

static int
no_report(struct nw_report *r, void *arg)
{
	(void)r;
	(void)arg;
	return 0;
}

/*
 * The OASIS TAXII server's sample collection (three versions of one
 * indicator, two of one malware): every version is logged, an export
 * holds the newest of each, under --strict.
 */
static void
test_taxii_versions(void **state)
{
	const char *shared = getenv("NW_SHARED");
	char path[600], *bundle, *line, dbp[300];
	json_object *root, *o;
	struct nw_export_opts opts;
	struct nw_store *s;
	struct nw_feed f;
	struct nw_doc d;
	struct nw_error err;
	struct nw_arena *a;
	struct tostore t;
	struct nw_parse_sink sink = { no_report, store_object, &t };
	const char *objs;
	long long nown, nkept;
	size_t len;

	(void)state;
	snprintf(path, sizeof(path), "%s/data/taxii/medallion_default_data.json",
	    shared != NULL ? shared : "../shared");
	if (access(path, R_OK) != 0)
		skip();
	root = json_object_from_file(path);
	assert_non_null(root);
	assert_true(json_object_object_get_ex(root, "trustgroup1", &o));
	assert_true(json_object_object_get_ex(o, "collections", &o));
	o = json_object_array_get_idx(o, 2);
	assert_true(json_object_object_get_ex(o, "objects", &o));
	objs = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	bundle = xasprintf("{\"type\":\"bundle\",\"id\":\"bundle--5d0092c5-"
	    "5f74-4287-9642-33f4c354e56d\",\"objects\":%s}", objs);
	json_object_put(root);

	setenv("NORMWATCH_NOW", "2025-01-01T00:00:00Z", 1);
	snprintf(dbp, sizeof(dbp), "%s/taxii.db", tmpdir);
	assert_non_null(s = nw_store_open(dbp, NW_STORE_RW, &err));
	memset(&f, 0, sizeof(f));
	f.name = "taxii";
	f.kind = "stix";
	f.url = "file:///medallion.json";
	f.publisher = "OASIS";
	nw_limits_default(&f.limits);
	assert_int_equal(nw_store_feed_begin(s, &f, &t.src, &err), 0);
	assert_non_null(t.w = nw_store_stix_writer(s, &err));
	t.n = 0;
	memset(&d, 0, sizeof(d));
	d.data = bundle;
	d.len = strlen(bundle);
	d.url = f.url;
	d.name = "medallion";
	a = nw_arena_new();
	assert_int_equal(nw_parser_stix.parse_sink(&f, &d, a, &sink, &err), 0);
	nw_store_stix_writer_free(t.w);
	assert_int_equal(nw_store_feed_commit(s, &err), 0);
	nw_arena_free(a);
	/* every version is valid (the malware without spec_version is 2.0) */
	assert_int_equal(t.n, 8);

	assert_int_equal(nw_store_stix_counts(s, &nown, &nkept, &err), 0);
	assert_int_equal(nown, 0);
	assert_int_equal(nkept, 8);

	memset(&opts, 0, sizeof(opts));
	opts.ref = ref;
	free(bundle);
	bundle = export(s, &opts, &len);
	/*
	 * The indicators' types are not from indicator-type-ov (a SHOULD):
	 * left out, and so is the relationship that needs one of them.
	 */
	assert_null(strstr(bundle, "indicator--6770298f"));
	assert_null(strstr(bundle, "relationship--2f9a9aa9"));
	assert_non_null(strstr(bundle, "\"id\":\"marking-definition--34098fce"));
	/* of two versions, the newest, though it came first */
	assert_int_equal(count(bundle, "\"id\":\"malware--c0931cc6-c75e-47e5-"
	    "9036-78fabc95d4ec\""), 1);
	line = object_line(bundle, "malware--c0931cc6-c75e-47e5-9036-"
	    "78fabc95d4ec");
	assert_string_equal(value_of(line, "modified"),
	    "2018-02-23T18:30:00.000Z");
	free(line);
	free(bundle);
	nw_store_close(s);
}

static int
setup(void **state)
{
	struct nw_error err;
	char *dir;

	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "%s/nwstixexp.XXXXXX",
	    getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	dir = nw_path_data("reference");
	ref = nw_refdata_load(dir, &err);	/* NULL: codes for names */
	free(dir);
	return 0;
}

static int
teardown(void **state)
{
	char cmd[400];

	(void)state;
	nw_refdata_free(ref);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jsonw_escape),
		cmocka_unit_test(test_jsonw_misuse),
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_fixed_objects),
		cmocka_unit_test(test_confidence),
		cmocka_unit_test(test_timestamps),
		cmocka_unit_test(test_json_refill),
		cmocka_unit_test(test_export_store),
		cmocka_unit_test(test_export_tlp),
		cmocka_unit_test(test_parse_hostile),
		cmocka_unit_test(test_parse_objects),
		cmocka_unit_test(test_parse_claims),
		cmocka_unit_test(test_parse_own),
		cmocka_unit_test(test_taxii_versions),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
