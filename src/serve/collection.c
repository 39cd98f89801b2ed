/*
 * collection.c - the TAXII server's collections in the store: adding and
 * deleting object versions, and the publish step that fills incidents
 * and indicators from the export.  See taxii_server.h.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "normwatch/json.h"
#include "normwatch/log.h"
#include "normwatch/stix.h"
#include "normwatch/stixout.h"
#include "normwatch/taxii_server.h"
#include "normwatch/util.h"

#include "serve.h"

#define MAX_OBJECT_BYTES	(16u << 20)	/* one exported object */
#define FINGERPRINT_KEY		"published"	/* taxii_meta key */

const struct nw_taxiis_coll nw_taxiis_colls[] = {
	{ "533fff2a-70e7-4ec2-aa72-a1202ce8bd77", "incidents",
	  "normwatch: cyber incidents",
	  "Everything normwatch exports: incidents with their attribution "
	  "claims, the actors, states and sources they name, and quarterly "
	  "reports", 0 },
	{ "5affafb6-fa35-4ac1-8e5f-2ae9e68239f9", "indicators",
	  "normwatch: indicators",
	  "Indicators only, with the relationships that have an indicator "
	  "at one end", 0 },
	{ "07420d8d-16a6-4023-a30f-04e5461dea6b", "inbox",
	  "normwatch: inbox",
	  "Objects clients add; validated as STIX 2.1, never exported", 1 },
};
const size_t nw_taxiis_ncolls = NW_NELEM(nw_taxiis_colls);

const struct nw_taxiis_coll *
nw_taxiis_coll_find(const char *s)
{
	size_t i;

	if (s == NULL)
		return NULL;
	for (i = 0; i < nw_taxiis_ncolls; i++)
		if (strcmp(s, nw_taxiis_colls[i].id) == 0 ||
		    strcmp(s, nw_taxiis_colls[i].alias) == 0)
			return &nw_taxiis_colls[i];
	return NULL;
}

int
nw_taxiis_vkey(const char *ts, char out[32])
{
	const char *why;
	int frac, i;
	size_t len;

	if (ts == NULL)
		return -1;
	len = strlen(ts);
	if (len > 40 || nw_stix_timestamp_parse(ts, len, &frac, &why) == -1 ||
	    frac > 9)
		return -1;
	memcpy(out, ts, 19);
	out[19] = '.';
	for (i = 0; i < 9; i++)
		out[20 + i] = i < frac ? ts[20 + i] : '0';
	out[29] = 'Z';
	out[30] = '\0';
	return 0;
}

void
nw_taxiis_time_str(int64_t us, char out[32])
{
	time_t t = (time_t)(us / 1000000);
	struct tm tm;

	char day[24];

	gmtime_r(&t, &tm);
	strftime(day, sizeof(day), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out, 32, "%.19s.%06ldZ", day, (long)(us % 1000000));
}

/* Now in microseconds; NORMWATCH_NOW (RFC 3339) when set, for tests. */
static int64_t
now_us(void)
{
	struct timeval tv;
	char now[32];
	struct tm tm;
	const char *env = getenv("NORMWATCH_NOW");

	if (env != NULL) {
		nw_now_rfc3339(now);
		memset(&tm, 0, sizeof(tm));
		if (strptime(now, "%Y-%m-%dT%H:%M:%SZ", &tm) != NULL)
			return (int64_t)timegm(&tm) * 1000000;
	}
	gettimeofday(&tv, NULL);
	return (int64_t)tv.tv_sec * 1000000 + tv.tv_usec;
}

/* --- the writer ------------------------------------------------------------- */

enum {
	P_INSERT = 0,
	P_MAXADDED,
	P_LATEST,
	P_FIRST,
	P_SETLATEST,
	P_SETFIRST,
	P_DELETE_ALL,
	P_DELETE_ONE,
	P_COUNT
};

static const char *const put_sql[P_COUNT] = {
	"INSERT OR IGNORE INTO taxii_object (collection, id, type, version, "
	"vkey, spec_version, date_added, first, latest, json) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, 0, ?8)",
	"SELECT max(date_added) FROM taxii_object WHERE collection = ?1",
	"SELECT seq FROM taxii_object WHERE collection = ?1 AND id = ?2 "
	"ORDER BY vkey DESC LIMIT 1",
	"SELECT seq FROM taxii_object WHERE collection = ?1 AND id = ?2 "
	"ORDER BY vkey ASC LIMIT 1",
	"UPDATE taxii_object SET latest = (seq = ?3) WHERE collection = ?1 "
	"AND id = ?2 AND (latest = 1 OR seq = ?3)",
	"UPDATE taxii_object SET first = (seq = ?3) WHERE collection = ?1 "
	"AND id = ?2 AND (first = 1 OR seq = ?3)",
	"DELETE FROM taxii_object WHERE collection = ?1 AND id = ?2",
	"DELETE FROM taxii_object WHERE collection = ?1 AND id = ?2 AND "
	"vkey = ?3",
};

struct nw_taxiis_put {
	sqlite3		*db;
	sqlite3_stmt	*st[P_COUNT];
	int64_t		 last;		/* seq of the last row added */
};

static int
dberr(sqlite3 *db, struct nw_error *err, const char *op)
{
	return nw_error_set(err, NW_E_STORE, "%s: %s", op, sqlite3_errmsg(db));
}

struct nw_taxiis_put *
nw_taxiis_put_new(sqlite3 *db, struct nw_error *err)
{
	struct nw_taxiis_put *p = xcalloc(1, sizeof(*p));
	size_t i;

	p->db = db;
	for (i = 0; i < P_COUNT; i++)
		if (sqlite3_prepare_v3(db, put_sql[i], -1,
		    SQLITE_PREPARE_PERSISTENT, &p->st[i], NULL) != SQLITE_OK) {
			dberr(db, err, "prepare the TAXII collections");
			nw_taxiis_put_free(p);
			return NULL;
		}
	return p;
}

void
nw_taxiis_put_free(struct nw_taxiis_put *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < P_COUNT; i++)
		sqlite3_finalize(p->st[i]);
	free(p);
}

int64_t
nw_taxiis_put_last(const struct nw_taxiis_put *p)
{
	return p->last;
}

/* Run a statement that returns at most one integer: *v (0 when none). */
static int
step_int(struct nw_taxiis_put *p, sqlite3_stmt *st, int64_t *v,
    struct nw_error *err, const char *op)
{
	int r = sqlite3_step(st);

	*v = 0;
	if (r == SQLITE_ROW)
		*v = sqlite3_column_int64(st, 0);
	else if (r != SQLITE_DONE) {
		sqlite3_reset(st);
		return dberr(p->db, err, op);
	}
	sqlite3_reset(st);
	return 0;
}

/* Set the first and latest flags of (coll, id) from the rows there. */
static int
fix_flags(struct nw_taxiis_put *p, const char *coll, const char *id,
    struct nw_error *err)
{
	static const int q[2] = { P_LATEST, P_FIRST };
	static const int u[2] = { P_SETLATEST, P_SETFIRST };
	int64_t seq;
	int i;

	for (i = 0; i < 2; i++) {
		sqlite3_stmt *st = p->st[q[i]], *up = p->st[u[i]];

		sqlite3_bind_text(st, 1, coll, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
		if (step_int(p, st, &seq, err, "find a version") == -1)
			return -1;
		sqlite3_bind_text(up, 1, coll, -1, SQLITE_STATIC);
		sqlite3_bind_text(up, 2, id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(up, 3, seq);
		if (sqlite3_step(up) != SQLITE_DONE) {
			sqlite3_reset(up);
			return dberr(p->db, err, "mark a version");
		}
		sqlite3_reset(up);
	}
	return 0;
}

int
nw_taxiis_put(struct nw_taxiis_put *p, const char *coll,
    const struct nw_taxiis_obj *o, int *added, struct nw_error *err)
{
	sqlite3_stmt *st = p->st[P_INSERT];
	char vkey[32], shown[32];
	const char *version;
	int64_t max, now;

	if (added != NULL)
		*added = 0;
	if (o->version != NULL) {
		if (nw_taxiis_vkey(o->version, vkey) == -1)
			return nw_error_set(err, NW_E_DATA, "%s: version \"%.40s\" "
			    "is not a STIX timestamp", o->id, o->version);
	} else
		nw_strlcpy(vkey, "-", sizeof(vkey));
	sqlite3_bind_text(p->st[P_MAXADDED], 1, coll, -1, SQLITE_STATIC);
	if (step_int(p, p->st[P_MAXADDED], &max, err, "read date_added") == -1)
		return -1;
	now = now_us();
	if (now <= max)
		now = max + 1;
	version = o->version;
	if (version == NULL) {
		nw_taxiis_time_str(now, shown);
		version = shown;
	}
	sqlite3_bind_text(st, 1, coll, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, o->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, o->type, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, version, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, vkey, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, o->spec_version != NULL ? o->spec_version :
	    "2.1", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, now);
	sqlite3_bind_text(st, 8, o->json, (int)o->len, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		sqlite3_reset(st);
		return dberr(p->db, err, "add an object version");
	}
	sqlite3_reset(st);
	if (sqlite3_changes(p->db) == 0)
		return 0;
	p->last = sqlite3_last_insert_rowid(p->db);
	if (fix_flags(p, coll, o->id, err) == -1)
		return -1;
	if (added != NULL)
		*added = 1;
	return 0;
}

int
nw_taxiis_delete(struct nw_taxiis_put *p, const char *coll, const char *id,
    const char *version, long *deleted, struct nw_error *err)
{
	sqlite3_stmt *st;
	char vkey[32];

	*deleted = 0;
	if (version != NULL) {
		if (nw_taxiis_vkey(version, vkey) == -1)
			return nw_error_set(err, NW_E_DATA, "not a timestamp");
		st = p->st[P_DELETE_ONE];
		sqlite3_bind_text(st, 3, vkey, -1, SQLITE_STATIC);
	} else
		st = p->st[P_DELETE_ALL];
	sqlite3_bind_text(st, 1, coll, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		sqlite3_reset(st);
		return dberr(p->db, err, "delete an object");
	}
	sqlite3_reset(st);
	*deleted = sqlite3_changes(p->db);
	if (*deleted > 0 && fix_flags(p, coll, id, err) == -1)
		return -1;
	return 0;
}

/* --- publish ---------------------------------------------------------------- */

/* What decides whether the export could differ from the last one. */
static int
fingerprint(sqlite3 *db, char out[NW_SHA256_HEX], struct nw_error *err)
{
	static const char sql[] =
	    "SELECT (SELECT count(*) FROM incident), "
	    "(SELECT max(changed) FROM incident), "
	    "(SELECT max(seq) FROM stix_object), "
	    "(SELECT count(*) FROM stix_object), "
	    "(SELECT max(updated) FROM source), "
	    "(SELECT max(id) FROM run)";
	sqlite3_stmt *st = NULL;
	struct nw_buf b;
	int i, rc = -1;

	nw_buf_init(&b, 4096);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		dberr(db, err, "read the store's state");
		goto out;
	}
	for (i = 0; i < 6; i++) {
		const unsigned char *t = sqlite3_column_text(st, i);

		if (nw_buf_addf(&b, "%s|", t != NULL ? (const char *)t : "") == -1)
			goto out;
	}
	if (nw_buf_adds(&b, PACKAGE_VERSION) == -1)
		goto out;
	nw_sha256_hex(b.data, b.len, out);
	rc = 0;
out:
	sqlite3_finalize(st);
	nw_buf_free(&b);
	return rc;
}

static int
meta_get(sqlite3 *db, char out[NW_SHA256_HEX])
{
	sqlite3_stmt *st = NULL;

	out[0] = '\0';
	if (sqlite3_prepare_v2(db, "SELECT value FROM taxii_meta WHERE key = "
	    "'" FINGERPRINT_KEY "'", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		nw_strlcpy(out, (const char *)sqlite3_column_text(st, 0),
		    NW_SHA256_HEX);
	sqlite3_finalize(st);
	return 0;
}

static int
meta_set(sqlite3 *db, const char *v, struct nw_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = -1;

	if (sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO taxii_meta (key, "
	    "value) VALUES ('" FINGERPRINT_KEY "', ?1)", -1, &st, NULL) !=
	    SQLITE_OK) {
		dberr(db, err, "record the publish");
		goto out;
	}
	sqlite3_bind_text(st, 1, v, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		dberr(db, err, "record the publish");
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}

/* Copy the indicators and their relationships among rows after seq. */
static int
publish_indicators(sqlite3 *db, int64_t after, long long *n,
    struct nw_error *err)
{
	static const char sql[] =
	    "INSERT OR IGNORE INTO taxii_object (collection, id, type, "
	    "version, vkey, spec_version, date_added, first, latest, json) "
	    "SELECT 'indicators', id, type, version, vkey, spec_version, "
	    "date_added, first, latest, json FROM taxii_object "
	    "WHERE collection = 'incidents' AND seq > ?1 AND "
	    "(type = 'indicator' OR (type = 'relationship' AND "
	    "(json_extract(json, '$.source_ref') LIKE 'indicator--%' OR "
	    "json_extract(json, '$.target_ref') LIKE 'indicator--%'))) "
	    "ORDER BY date_added, seq";
	static const char fix[] =
	    "UPDATE taxii_object AS t SET "
	    "latest = (t.seq = (SELECT o.seq FROM taxii_object o WHERE "
	    "o.collection = 'indicators' AND o.id = t.id ORDER BY o.vkey DESC "
	    "LIMIT 1)), "
	    "first = (t.seq = (SELECT o.seq FROM taxii_object o WHERE "
	    "o.collection = 'indicators' AND o.id = t.id ORDER BY o.vkey ASC "
	    "LIMIT 1)) "
	    "WHERE t.collection = 'indicators' AND t.id IN (SELECT id FROM "
	    "taxii_object WHERE collection = 'indicators' AND seq > ?1)";
	sqlite3_stmt *st = NULL;
	int64_t before;
	int rc = -1;

	before = sqlite3_last_insert_rowid(db);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_int64(st, 1, after);
	if (sqlite3_step(st) != SQLITE_DONE)
		goto fail;
	*n = sqlite3_changes(db);
	sqlite3_finalize(st);
	st = NULL;
	if (*n > 0) {
		if (sqlite3_prepare_v2(db, fix, -1, &st, NULL) != SQLITE_OK)
			goto fail;
		sqlite3_bind_int64(st, 1, before);
		if (sqlite3_step(st) != SQLITE_DONE)
			goto fail;
	}
	rc = 0;
	goto out;
fail:
	dberr(db, err, "publish the indicators");
out:
	sqlite3_finalize(st);
	return rc;
}

int
nw_taxiis_publish(struct nw_store *store, const struct nw_refdata *ref,
    int force, struct nw_taxiis_publish_stats *stats, struct nw_error *err)
{
	struct nw_export_opts opts;
	struct nw_json_limits lim;
	struct nw_taxiis_put *put = NULL;
	struct nw_json *j = NULL;
	struct nw_serve_pobj o;
	struct nw_taxiis_obj obj;
	sqlite3 *db = nw_store_db(store);
	enum nw_json_event ev;
	FILE *fp = NULL;
	char fp_now[NW_SHA256_HEX], fp_was[NW_SHA256_HEX];
	char *buf = NULL;
	size_t len;
	int64_t mark = 0;
	int added, in_tx = 0, rc = -1;

	memset(stats, 0, sizeof(*stats));
	if (fingerprint(db, fp_now, err) == -1)
		return -1;
	meta_get(db, fp_was);
	if (!force && strcmp(fp_now, fp_was) == 0) {
		stats->skipped = 1;
		return 0;
	}
	fp = tmpfile();
	if (fp == NULL) {
		nw_error_set(err, NW_E_IO, "publish: no temporary file: %s",
		    strerror(errno));
		return -1;
	}
	memset(&opts, 0, sizeof(opts));
	opts.since.prec = NW_PREC_NONE;
	opts.ref = ref;
	if (nw_export_stix(store, &opts, fp, NULL, err) == -1)
		goto out;
	if (fflush(fp) == EOF || fseek(fp, 0, SEEK_SET) == -1) {
		nw_error_set(err, NW_E_IO, "publish: %s", strerror(errno));
		goto out;
	}
	nw_json_limits_default(&lim);
	lim.max_size = NW_JSON_MAX_SIZE;
	j = nw_json_new_fd(fileno(fp), &lim, "export");
	if (nw_store_begin(store, err) == -1)
		goto out;
	in_tx = 1;
	put = nw_taxiis_put_new(db, err);
	if (put == NULL)
		goto out;
	{
		sqlite3_stmt *st = NULL;

		if (sqlite3_prepare_v2(db, "SELECT max(seq) FROM taxii_object",
		    -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) ==
		    SQLITE_ROW)
			mark = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	for (;;) {
		ev = nw_json_next(j, err);
		if (ev == NW_JSON_END)
			break;
		if (ev == NW_JSON_ERROR)
			goto out;
		/* the bundle is depth 1, its objects array 2 */
		if (ev != NW_JSON_OBJECT_BEGIN || nw_json_depth(j) != 3)
			continue;
		if (nw_serve_pobj_read(j, &o, err) == -1)
			goto out;
		len = (size_t)(o.end - o.start);
		if (len > MAX_OBJECT_BYTES || o.id[0] == '\0' ||
		    o.type[0] == '\0') {
			nw_error_set(err, NW_E_INTERNAL, "publish: an exported "
			    "object at offset %llu is too large or has no id",
			    o.start);
			goto out;
		}
		buf = xreallocarray(buf, len + 1, 1);
		if (pread(fileno(fp), buf, len, (off_t)o.start) != (ssize_t)len) {
			nw_error_set(err, NW_E_IO, "publish: cannot read the "
			    "export back: %s", strerror(errno));
			goto out;
		}
		buf[len] = '\0';
		obj.id = o.id;
		obj.type = o.type;
		obj.version = o.modified[0] != '\0' ? o.modified :
		    o.created[0] != '\0' ? o.created : NULL;
		obj.spec_version = o.spec[0] != '\0' ? o.spec : "2.1";
		obj.json = buf;
		obj.len = len;
		if (nw_taxiis_put(put, "incidents", &obj, &added, err) == -1)
			goto out;
		stats->objects++;
		stats->added += added;
	}
	if (publish_indicators(db, mark, &stats->indicators, err) == -1 ||
	    meta_set(db, fp_now, err) == -1)
		goto out;
	nw_taxiis_put_free(put);
	put = NULL;
	in_tx = 0;
	if (nw_store_feed_commit(store, err) == -1)
		goto out;
	rc = 0;
out:
	nw_taxiis_put_free(put);
	if (in_tx)
		nw_store_feed_rollback(store);
	nw_json_free(j);
	free(buf);
	if (fp != NULL)
		fclose(fp);
	return rc;
}
