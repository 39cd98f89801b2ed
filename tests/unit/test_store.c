/*
 * test_store.c - the SQLite store: schema and migrations, put_report
 * semantics and round trips, feed transactions, the fetch log and
 * status, runs, the run lock and read-only mode.  Every test works in a
 * temporary directory of its own.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "normwatch/store.h"

#define NSTATES		5
static const char *const states[NSTATES] = { "CN", "RU", "IR", "KP", "US" };

struct fx {
	char		 dir[PATH_MAX];	/* the temporary directory */
	char		 db[PATH_MAX];	/* dir/data/normwatch/test.db */
	struct nw_store	*s;
};

/* A report and the storage its strings point to. */
struct tr {
	struct nw_report r;
	char		 native[64];
	char		 url[128];
	char		 title[128];
	char		 text[512];
};

static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	const char *tmp = getenv("TMPDIR");

	if (f == NULL)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "%s/nwstore.XXXXXX",
	    tmp != NULL && tmp[0] == '/' ? tmp : "/tmp");
	if (mkdtemp(f->dir) == NULL) {
		free(f);
		return -1;
	}
	/* two levels that do not exist yet: open must create them */
	if (snprintf(f->db, sizeof(f->db), "%s/data/normwatch/test.db",
	    f->dir) >= (int)sizeof(f->db)) {
		free(f);
		return -1;
	}
	unsetenv("NORMWATCH_NOW");
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	nw_store_close(f->s);
	nftw(f->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(f);
	unsetenv("NORMWATCH_NOW");
	return 0;
}

static struct nw_store *
open_rw(struct fx *f)
{
	struct nw_error err;
	struct nw_store *s;

	nw_error_clear(&err);
	s = nw_store_open(f->db, NW_STORE_RW, &err);
	if (s == NULL)
		fail_msg("open %s: %s", f->db, err.msg);
	return s;
}

/* A single integer from SQL run straight on the store's database. */
static long long
sql_int(struct nw_store *s, const char *sql)
{
	sqlite3_stmt *st;
	long long v;

	assert_int_equal(sqlite3_prepare_v2(nw_store_db(s), sql, -1, &st,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* A single text value (copied into buf) from SQL on the store. */
static const char *
sql_text(struct nw_store *s, const char *sql, char *buf, size_t sz)
{
	sqlite3_stmt *st;
	const unsigned char *v;

	assert_int_equal(sqlite3_prepare_v2(nw_store_db(s), sql, -1, &st,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_text(st, 0);
	snprintf(buf, sz, "%s", v != NULL ? (const char *)v : "(null)");
	sqlite3_finalize(st);
	return buf;
}

/* The number of rows SQL returns. */
static long long
sql_rows(struct nw_store *s, const char *sql)
{
	sqlite3_stmt *st;
	long long n = 0;
	int rc;

	assert_int_equal(sqlite3_prepare_v2(nw_store_db(s), sql, -1, &st,
	    NULL), SQLITE_OK);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		n++;
	assert_int_equal(rc, SQLITE_DONE);
	sqlite3_finalize(st);
	return n;
}

static void
sql_exec(struct nw_store *s, const char *sql)
{
	assert_int_equal(sqlite3_exec(nw_store_db(s), sql, NULL, NULL, NULL),
	    SQLITE_OK);
}

static struct nw_feed
feed_make(const char *name)
{
	static char url[128];
	struct nw_feed feed;

	memset(&feed, 0, sizeof(feed));
	snprintf(url, sizeof(url), "https://example.org/%s.pdf", name);
	feed.name = (char *)name;
	feed.kind = (char *)"csis";
	feed.url = url;
	feed.publisher = (char *)"Example Publisher";
	feed.enabled = 1;
	return feed;
}

/*
 * Report number i: every field varies with i, so a set of reports
 * covers all hedges, parties, sponsorships, precisions and sectors, and
 * the limits of attributions, actors and victims.
 */
static void
tr_make(struct tr *t, int i, const char *variant)
{
	struct nw_extract *ex = &t->r.ex;
	size_t k, n;

	memset(t, 0, sizeof(*t));
	snprintf(t->native, sizeof(t->native), "item-%d", i);
	snprintf(t->url, sizeof(t->url), "https://example.org/r/%d", i);
	snprintf(t->title, sizeof(t->title), "Title %d", i);
	snprintf(t->text, sizeof(t->text), "Report %d: Chinese state hackers "
	    "(APT%d) targeted the energy ministry of Germany; \xc3\xbc %s. "
	    "Padding so that every evidence span fits in the text.", i, i,
	    variant);
	t->r.native_id = t->native;
	t->r.url = t->url;
	t->r.title = i % 5 == 0 ? NULL : t->title;
	t->r.text = t->text;
	t->r.textlen = strlen(t->text);
	t->r.date.prec = (enum nw_prec)(i % 4);
	if (t->r.date.prec >= NW_PREC_YEAR)
		t->r.date.y = 2000 + i % 25;
	if (t->r.date.prec >= NW_PREC_MONTH)
		t->r.date.m = 1 + i % 12;
	if (t->r.date.prec >= NW_PREC_DAY)
		t->r.date.d = 1 + i % 28;
	t->r.line = i;
	t->r.offset = -1;

	ex->nattr = (size_t)i % (NW_MAX_ATTRIB + 1);
	for (k = 0; k < ex->nattr; k++) {
		memcpy(ex->attr[k].state, states[(i + k) % NSTATES], 3);
		ex->attr[k].hedge = (enum nw_hedge)((i + k) % 2);
		ex->attr[k].by = (enum nw_party)((i + k) % 5);
		ex->attr[k].ev.off = (uint32_t)k;
		ex->attr[k].ev.len = (uint32_t)((k + (size_t)i) % 7);
	}
	ex->nactors = ((size_t)i * 3) % (NW_MAX_ACTORS + 1);
	for (k = 0; k < ex->nactors; k++) {
		snprintf(ex->actors[k].name, sizeof(ex->actors[k].name),
		    "APT%d-%zu", i, k);
		ex->actors[k].ev.off = (uint32_t)(2 * k);
		ex->actors[k].ev.len = (uint32_t)(k % 3);
	}
	ex->sponsorship = (enum nw_sponsor)(i % 3);
	n = ((size_t)i * 7) % (NW_MAX_VICTIMS + 1);
	for (k = 0; k < n; k++) {
		ex->victims[k][0] = (char)('A' + k % 26);
		ex->victims[k][1] = (char)('A' + (k + (size_t)i) % 26);
		ex->victims[k][2] = '\0';
	}
	ex->nvictims = n;
	ex->sectors = (uint32_t)i * 2654435761u &
	    ((1u << NW_SECTOR_COUNT) - 1);
	if (i == 1)
		ex->sectors = (1u << NW_SECTOR_COUNT) - 1;
}

static void
ex_assert_equal(const struct nw_extract *a, const struct nw_extract *b)
{
	size_t k;

	assert_int_equal(a->nattr, b->nattr);
	for (k = 0; k < a->nattr; k++) {
		assert_string_equal(a->attr[k].state, b->attr[k].state);
		assert_int_equal(a->attr[k].hedge, b->attr[k].hedge);
		assert_int_equal(a->attr[k].by, b->attr[k].by);
		assert_int_equal(a->attr[k].ev.off, b->attr[k].ev.off);
		assert_int_equal(a->attr[k].ev.len, b->attr[k].ev.len);
	}
	assert_int_equal(a->nactors, b->nactors);
	for (k = 0; k < a->nactors; k++) {
		assert_string_equal(a->actors[k].name, b->actors[k].name);
		assert_int_equal(a->actors[k].ev.off, b->actors[k].ev.off);
		assert_int_equal(a->actors[k].ev.len, b->actors[k].ev.len);
	}
	assert_int_equal(a->sponsorship, b->sponsorship);
	assert_int_equal(a->nvictims, b->nvictims);
	for (k = 0; k < a->nvictims; k++)
		assert_string_equal(a->victims[k], b->victims[k]);
	assert_int_equal(a->sectors, b->sectors);
}

/* The stored row equals the report that was put. */
static void
row_assert_equal(const struct nw_report_row *row, const struct nw_report *r)
{
	assert_string_equal(row->native_id, r->native_id);
	assert_string_equal(row->url, r->url);
	if (r->title == NULL)
		assert_null(row->title);
	else
		assert_string_equal(row->title, r->title);
	assert_int_equal(row->textlen, r->textlen);
	assert_memory_equal(row->text, r->text, r->textlen);
	assert_int_equal(row->date.prec, r->date.prec);
	assert_int_equal(row->date.y, r->date.y);
	assert_int_equal(row->date.m, r->date.m);
	assert_int_equal(row->date.d, r->date.d);
	ex_assert_equal(&row->ex, &r->ex);
}

/* Open a feed, put reports [from, to), leave the transaction open. */
static int64_t
feed_put(struct nw_store *s, const char *name, int from, int to,
    const char *variant, int64_t run, int *counts)
{
	struct nw_feed feed = feed_make(name);
	struct nw_error err;
	struct tr t;
	enum nw_put put;
	int64_t sid = -1;
	int i;

	nw_error_clear(&err);
	assert_int_equal(nw_store_feed_begin(s, &feed, &sid, &err), 0);
	assert_true(sid > 0);
	for (i = from; i < to; i++) {
		tr_make(&t, i, variant);
		if (nw_store_put_report(s, sid, run, NULL, &t.r, &put,
		    &err) == -1)
			fail_msg("put %d: %s", i, err.msg);
		if (counts != NULL)
			counts[put]++;
	}
	return sid;
}

static void
feed_commit(struct nw_store *s)
{
	struct nw_error err;

	nw_error_clear(&err);
	if (nw_store_feed_commit(s, &err) == -1)
		fail_msg("commit: %s", err.msg);
}

/* --- open, create, migrate ----------------------------------------------- */

static void
test_open_creates_and_migrates(void **state)
{
	struct fx *f = *state;
	char buf[64];
	long long objects;
	struct stat sb;

	f->s = open_rw(f);
	assert_int_equal(stat(f->db, &sb), 0);
	assert_int_equal(nw_store_schema_version(f->s),
	    NW_STORE_SCHEMA_VERSION);
	assert_int_equal(sql_int(f->s, "PRAGMA user_version"),
	    NW_STORE_SCHEMA_VERSION);
	assert_string_equal(sql_text(f->s, "PRAGMA journal_mode", buf,
	    sizeof(buf)), "wal");
	assert_int_equal(sql_int(f->s, "PRAGMA foreign_keys"), 1);
	assert_int_equal(sql_int(f->s, "SELECT count(*) FROM sqlite_master "
	    "WHERE type = 'table' AND name IN ('run', 'source', 'fetch', "
	    "'document', 'report', 'claim', 'report_actor', 'report_victim', "
	    "'report_sector')"), 9);
	objects = sql_int(f->s, "SELECT count(*) FROM sqlite_master");
	nw_store_close(f->s);

	/* reopening is idempotent: same version, same schema */
	f->s = open_rw(f);
	assert_int_equal(nw_store_schema_version(f->s),
	    NW_STORE_SCHEMA_VERSION);
	assert_int_equal(sql_int(f->s, "SELECT count(*) FROM sqlite_master"),
	    objects);
	assert_string_equal(sql_text(f->s, "PRAGMA journal_mode", buf,
	    sizeof(buf)), "wal");
}

static void
test_open_refuses_newer(void **state)
{
	struct fx *f = *state;
	struct nw_error err;
	struct nw_store *s;

	f->s = open_rw(f);
	sql_exec(f->s, "PRAGMA user_version = 999");
	nw_store_close(f->s);
	f->s = NULL;

	nw_error_clear(&err);
	s = nw_store_open(f->db, NW_STORE_RW, &err);
	assert_null(s);
	assert_int_equal(err.code, NW_E_STORE);
	assert_string_equal(err.file, f->db);
	assert_non_null(strstr(err.msg, "999"));
	assert_non_null(strstr(err.msg, "newer"));

	nw_error_clear(&err);
	s = nw_store_open(f->db, NW_STORE_RO, &err);
	assert_null(s);
	assert_int_equal(err.code, NW_E_STORE);
	assert_non_null(strstr(err.msg, "999"));
}

static void
test_open_refuses_foreign(void **state)
{
	struct fx *f = *state;
	struct nw_error err;
	struct nw_store *s;
	sqlite3 *db;
	sqlite3_stmt *st;
	FILE *fp;

	assert_true(snprintf(f->db, sizeof(f->db), "%s/other.db", f->dir) <
	    (int)sizeof(f->db));
	assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE notes (x TEXT);"
	    "INSERT INTO notes VALUES ('keep me')", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);

	nw_error_clear(&err);
	s = nw_store_open(f->db, NW_STORE_RW, &err);
	assert_null(s);
	assert_int_equal(err.code, NW_E_STORE);
	assert_non_null(strstr(err.msg, "not a normwatch store"));

	/* and it was not touched */
	assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM "
	    "sqlite_master", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 1);
	sqlite3_finalize(st);
	sqlite3_close(db);

	/* a file that is not SQLite at all */
	assert_true(snprintf(f->db, sizeof(f->db), "%s/junk.db", f->dir) <
	    (int)sizeof(f->db));
	fp = fopen(f->db, "w");
	assert_non_null(fp);
	fputs("this is not an SQLite database, just some text that is long "
	    "enough to have a header of a hundred bytes or more: 0123456789"
	    "0123456789012345678901234567890123456789\n", fp);
	fclose(fp);
	nw_error_clear(&err);
	s = nw_store_open(f->db, NW_STORE_RW, &err);
	assert_null(s);
	assert_int_equal(err.code, NW_E_STORE);
	assert_string_equal(err.file, f->db);
}

/* --- read-only mode ------------------------------------------------------ */

static void
test_ro_missing_and_writes(void **state)
{
	struct fx *f = *state;
	struct nw_feed feed = feed_make("csis");
	struct nw_fetch_log log;
	struct nw_error err;
	struct nw_store *ro;
	struct stat sb;
	int64_t sid;

	nw_error_clear(&err);
	assert_null(nw_store_open(f->db, NW_STORE_RO, &err));
	assert_int_equal(err.code, NW_E_IO);
	assert_non_null(strstr(err.msg, "no store"));
	assert_int_equal(stat(f->db, &sb), -1);	/* not created */

	f->s = open_rw(f);
	feed_put(f->s, "csis", 0, 3, "a", 0, NULL);
	feed_commit(f->s);

	nw_error_clear(&err);
	ro = nw_store_open(f->db, NW_STORE_RO, &err);
	assert_non_null(ro);
	assert_int_equal(nw_store_schema_version(ro), NW_STORE_SCHEMA_VERSION);
	assert_int_equal(sql_int(ro, "SELECT count(*) FROM report"), 3);

	nw_error_clear(&err);
	assert_int_equal(nw_store_run_begin(ro, "ingest", &err), -1);
	assert_int_equal(err.code, NW_E_STORE);
	assert_non_null(strstr(err.msg, "read-only"));
	nw_error_clear(&err);
	assert_int_equal(nw_store_feed_begin(ro, &feed, &sid, &err), -1);
	assert_int_equal(err.code, NW_E_STORE);
	memset(&log, 0, sizeof(log));
	log.feed = "csis";
	log.outcome = "ok";
	nw_error_clear(&err);
	assert_int_equal(nw_store_log_fetch(ro, &log, &err), -1);
	/* SQLite itself refuses too */
	assert_int_not_equal(sqlite3_exec(nw_store_db(ro),
	    "DELETE FROM report", NULL, NULL, NULL), SQLITE_OK);
	nw_store_feed_rollback(ro);
	nw_store_close(ro);
	assert_int_equal(sql_int(f->s, "SELECT count(*) FROM report"), 3);
}

/* A reader sees committed feeds only, while a feed is being written. */
static void
test_ro_snapshot(void **state)
{
	struct fx *f = *state;
	struct nw_error err;
	struct nw_store *ro;

	f->s = open_rw(f);
	feed_put(f->s, "a", 0, 4, "a", 0, NULL);
	feed_commit(f->s);
	feed_put(f->s, "b", 100, 110, "b", 0, NULL);	/* left open */

	nw_error_clear(&err);
	ro = nw_store_open(f->db, NW_STORE_RO, &err);
	assert_non_null(ro);
	assert_int_equal(sql_int(ro, "SELECT count(*) FROM report"), 4);
	assert_int_equal(sql_int(ro, "SELECT count(*) FROM source"), 1);
	feed_commit(f->s);
	assert_int_equal(sql_int(ro, "SELECT count(*) FROM report"), 14);
	nw_store_close(ro);
}

/* --- put_report ---------------------------------------------------------- */

struct collect {
	struct tr	*want;		/* expected reports, in id order */
	size_t		 n;
	size_t		 seen;
	const char	*source;	/* expected source name, or NULL */
	char		 first_seen[32];
	char		 last_seen[32];
};

static int
collect_row(const struct nw_report_row *row, void *arg)
{
	struct collect *c = arg;

	assert_true(c->seen < c->n);
	assert_true(row->id > 0);
	if (c->source != NULL)
		assert_string_equal(row->source, c->source);
	assert_string_equal(row->publisher, "Example Publisher");
	row_assert_equal(row, &c->want[c->seen].r);
	snprintf(c->first_seen, sizeof(c->first_seen), "%s", row->first_seen);
	snprintf(c->last_seen, sizeof(c->last_seen), "%s", row->last_seen);
	c->seen++;
	return 0;
}

static void
test_put_new_same_changed(void **state)
{
	struct fx *f = *state;
	struct nw_feed feed = feed_make("csis");
	struct nw_error err;
	struct collect c;
	struct tr t;
	enum nw_put put;
	int64_t sid, run1, run2;

	setenv("NORMWATCH_NOW", "2024-01-02T03:04:05Z", 1);
	f->s = open_rw(f);
	nw_error_clear(&err);
	run1 = nw_store_run_begin(f->s, "ingest", &err);
	assert_true(run1 > 0);

	/* NEW */
	assert_int_equal(nw_store_feed_begin(f->s, &feed, &sid, &err), 0);
	tr_make(&t, 7, "first");
	assert_true(t.r.ex.nattr > 0 && t.r.ex.nactors > 0 &&
	    t.r.ex.nvictims > 0 && t.r.ex.sectors != 0);
	put = NW_PUT_SAME;
	assert_int_equal(nw_store_put_report(f->s, sid, run1, NULL, &t.r,
	    &put, &err), 0);
	assert_int_equal(put, NW_PUT_NEW);
	feed_commit(f->s);

	/* SAME: only last_seen and last_run move */
	setenv("NORMWATCH_NOW", "2024-02-03T04:05:06Z", 1);
	run2 = nw_store_run_begin(f->s, "ingest", &err);
	assert_true(run2 > run1);
	assert_int_equal(nw_store_feed_begin(f->s, &feed, &sid, &err), 0);
	put = NW_PUT_NEW;
	assert_int_equal(nw_store_put_report(f->s, sid, run2, NULL, &t.r,
	    &put, &err), 0);
	assert_int_equal(put, NW_PUT_SAME);
	feed_commit(f->s);
	memset(&c, 0, sizeof(c));
	c.want = &t;
	c.n = 1;
	assert_int_equal(nw_store_each_report(f->s, NULL, collect_row, &c,
	    &err), 0);
	assert_int_equal(c.seen, 1);
	assert_string_equal(c.first_seen, "2024-01-02T03:04:05Z");
	assert_string_equal(c.last_seen, "2024-02-03T04:05:06Z");
	assert_int_equal(sql_int(f->s, "SELECT first_run FROM report"), run1);
	assert_int_equal(sql_int(f->s, "SELECT last_run FROM report"), run2);

	/* CHANGED by the text: row updated, id kept */
	assert_int_equal(nw_store_feed_begin(f->s, &feed, &sid, &err), 0);
	tr_make(&t, 7, "second");
	assert_int_equal(nw_store_put_report(f->s, sid, run2, NULL, &t.r,
	    &put, &err), 0);
	assert_int_equal(put, NW_PUT_CHANGED);

	/* CHANGED by the extraction only: child rows replaced */
	t.r.ex.nattr = 1;
	memcpy(t.r.ex.attr[0].state, "IR", 3);
	t.r.ex.nactors = 0;
	t.r.ex.nvictims = 1;
	t.r.ex.sectors = 1u << NW_SECTOR_WATER;
	assert_int_equal(nw_store_put_report(f->s, sid, run2, NULL, &t.r,
	    &put, &err), 0);
	assert_int_equal(put, NW_PUT_CHANGED);
	/* and again: now the same */
	assert_int_equal(nw_store_put_report(f->s, sid, run2, NULL, &t.r,
	    &put, &err), 0);
	assert_int_equal(put, NW_PUT_SAME);
	/* a different span is a change too */
	t.r.ex.attr[0].ev.len++;
	assert_int_equal(nw_store_put_report(f->s, sid, run2, NULL, &t.r,
	    &put, &err), 0);
	assert_int_equal(put, NW_PUT_CHANGED);
	/* as is a title that goes away */
	t.r.title = NULL;
	assert_int_equal(nw_store_put_report(f->s, sid, run2, NULL, &t.r,
	    &put, &err), 0);
	assert_int_equal(put, NW_PUT_CHANGED);
	feed_commit(f->s);

	assert_int_equal(sql_int(f->s, "SELECT count(*) FROM report"), 1);
	assert_int_equal(sql_int(f->s, "SELECT max(id) FROM report"), 1);
	assert_int_equal(sql_int(f->s, "SELECT count(*) FROM claim"), 1);
	assert_int_equal(sql_int(f->s, "SELECT count(*) FROM report_actor"), 0);
	assert_int_equal(sql_int(f->s, "SELECT count(*) FROM report_victim"),
	    1);
	assert_int_equal(sql_int(f->s, "SELECT count(*) FROM report_sector"),
	    1);
	memset(&c, 0, sizeof(c));
	c.want = &t;
	c.n = 1;
	assert_int_equal(nw_store_each_report(f->s, "csis", collect_row, &c,
	    &err), 0);
	assert_int_equal(c.seen, 1);
	assert_string_equal(c.first_seen, "2024-01-02T03:04:05Z");

	/* the same native id in another source is another report */
	feed = feed_make("other");
	assert_int_equal(nw_store_feed_begin(f->s, &feed, &sid, &err), 0);
	assert_int_equal(nw_store_put_report(f->s, sid, run2, NULL, &t.r,
	    &put, &err), 0);
	assert_int_equal(put, NW_PUT_NEW);
	feed_commit(f->s);
	assert_int_equal(sql_int(f->s, "SELECT count(*) FROM report"), 2);
}

/* Each stored field on its own makes a report CHANGED, then SAME. */
static void
test_put_every_field_counts(void **state)
{
	struct fx *f = *state;
	struct nw_feed feed = feed_make("csis");
	struct nw_error err;
	struct nw_attribution a;
	struct collect c;
	struct tr t;
	enum nw_put put;
	int64_t sid;
	int k, changes = 0;

	f->s = open_rw(f);
	nw_error_clear(&err);
	tr_make(&t, 7, "fields");
	assert_true(t.r.ex.nattr >= 2 && t.r.ex.nactors >= 2 &&
	    t.r.ex.nvictims >= 2 && t.r.title != NULL &&
	    t.r.date.prec == NW_PREC_DAY);
	assert_int_equal(nw_store_feed_begin(f->s, &feed, &sid, &err), 0);
	assert_int_equal(nw_store_put_report(f->s, sid, 0, NULL, &t.r, &put,
	    &err), 0);
	assert_int_equal(put, NW_PUT_NEW);
	for (k = 0; ; k++) {
		switch (k) {
		case 0: t.r.url = "https://example.org/elsewhere"; break;
		case 1: t.r.title = "Another title"; break;
		case 2: t.r.title = NULL; break;
		case 3: t.r.title = ""; break;
		case 4: t.r.date.d = 2; break;
		case 5: t.r.date.prec = NW_PREC_MONTH; t.r.date.d = 0; break;
		case 6: t.r.date.prec = NW_PREC_NONE; t.r.date.y = 0;
			t.r.date.m = 0; break;
		case 7: t.text[0] = 'r'; break;
		case 8: t.r.textlen--; break;
		case 9: t.r.ex.sponsorship = NW_SPONSOR_NONSTATE; break;
		case 10: memcpy(t.r.ex.attr[0].state, "FR", 3); break;
		case 11: t.r.ex.attr[0].hedge ^= 1; break;
		case 12: t.r.ex.attr[0].by = NW_PARTY_MEDIA; break;
		case 13: t.r.ex.attr[0].ev.off++; break;
		case 14: t.r.ex.attr[0].ev.len++; break;
		case 15:	/* the order of claims counts */
			a = t.r.ex.attr[0];
			t.r.ex.attr[0] = t.r.ex.attr[1];
			t.r.ex.attr[1] = a;
			break;
		case 16: t.r.ex.nattr--; break;
		case 17: t.r.ex.actors[1].name[0] = 'X'; break;
		case 18: t.r.ex.actors[1].ev.off++; break;
		case 19: t.r.ex.actors[1].ev.len++; break;
		case 20: t.r.ex.nactors--; break;
		case 21: t.r.ex.victims[1][1] = 'Z'; break;
		case 22: t.r.ex.nvictims--; break;
		case 23: t.r.ex.sectors ^= 1u << NW_SECTOR_OTHER; break;
		case 24: t.r.ex.sectors = 0; break;
		default: goto done;
		}
		nw_error_clear(&err);
		if (nw_store_put_report(f->s, sid, 0, NULL, &t.r, &put,
		    &err) == -1)
			fail_msg("change %d: %s", k, err.msg);
		if (put != NW_PUT_CHANGED)
			fail_msg("change %d not seen", k);
		assert_int_equal(nw_store_put_report(f->s, sid, 0, NULL, &t.r,
		    &put, &err), 0);
		assert_int_equal(put, NW_PUT_SAME);
		changes++;
	}
done:
	assert_int_equal(changes, 25);
	feed_commit(f->s);
	memset(&c, 0, sizeof(c));
	c.want = &t;
	c.n = 1;
	assert_int_equal(nw_store_each_report(f->s, NULL, collect_row, &c,
	    &err), 0);
	assert_int_equal(c.seen, 1);
}

#define NROUND	60

/* Every field, the whole vocabulary and every limit survives a round trip. */
static void
test_round_trip(void **state)
{
	struct fx *f = *state;
	struct nw_error err;
	struct collect c;
	static struct tr want[NROUND];
	uint32_t sectors = 0;
	int i, counts[3] = { 0, 0, 0 }, seen[5] = { 0 };
	size_t maxattr = 0, maxvict = 0, maxact = 0;

	for (i = 0; i < NROUND; i++) {
		tr_make(&want[i], i, "round");
		sectors |= want[i].r.ex.sectors;
		if (want[i].r.ex.nattr > maxattr)
			maxattr = want[i].r.ex.nattr;
		if (want[i].r.ex.nactors > maxact)
			maxact = want[i].r.ex.nactors;
		if (want[i].r.ex.nvictims > maxvict)
			maxvict = want[i].r.ex.nvictims;
		if (want[i].r.ex.nattr > 0)
			seen[want[i].r.ex.attr[0].by]++;
	}
	/* the data covers what it should */
	assert_int_equal(sectors, (1u << NW_SECTOR_COUNT) - 1);
	assert_int_equal(maxattr, NW_MAX_ATTRIB);
	assert_int_equal(maxact, NW_MAX_ACTORS);
	assert_int_equal(maxvict, NW_MAX_VICTIMS);
	for (i = 0; i < 5; i++)
		assert_true(seen[i] > 0);

	f->s = open_rw(f);
	feed_put(f->s, "csis", 0, NROUND / 2, "round", 0, counts);
	feed_commit(f->s);
	feed_put(f->s, "other", NROUND / 2, NROUND, "round", 0, counts);
	feed_commit(f->s);
	assert_int_equal(counts[NW_PUT_NEW], NROUND);

	nw_error_clear(&err);
	memset(&c, 0, sizeof(c));
	c.want = want;
	c.n = NROUND;
	assert_int_equal(nw_store_each_report(f->s, NULL, collect_row, &c,
	    &err), 0);
	assert_int_equal(c.seen, NROUND);

	/* one source only */
	memset(&c, 0, sizeof(c));
	c.want = want + NROUND / 2;
	c.n = NROUND / 2;
	c.source = "other";
	assert_int_equal(nw_store_each_report(f->s, "other", collect_row, &c,
	    &err), 0);
	assert_int_equal(c.seen, NROUND / 2);
	memset(&c, 0, sizeof(c));
	c.source = "nosuch";
	assert_int_equal(nw_store_each_report(f->s, "nosuch", collect_row, &c,
	    &err), 0);
	assert_int_equal(c.seen, 0);

	/* reopened, nothing differs */
	nw_store_close(f->s);
	f->s = open_rw(f);
	memset(&c, 0, sizeof(c));
	c.want = want;
	c.n = NROUND;
	assert_int_equal(nw_store_each_report(f->s, NULL, collect_row, &c,
	    &err), 0);
	assert_int_equal(c.seen, NROUND);
}

static int
stop_at_three(const struct nw_report_row *row, void *arg)
{
	int *n = arg;

	(void)row;
	return ++*n == 3 ? 42 : 0;
}

static void
test_each_report_stops(void **state)
{
	struct fx *f = *state;
	struct nw_error err;
	int n = 0;

	f->s = open_rw(f);
	feed_put(f->s, "csis", 0, 10, "x", 0, NULL);
	feed_commit(f->s);
	nw_error_clear(&err);
	assert_int_equal(nw_store_each_report(f->s, NULL, stop_at_three, &n,
	    &err), 42);
	assert_int_equal(n, 3);
}

/* Bad data is refused before anything is written; the feed goes on. */
static void
test_put_refuses_bad_data(void **state)
{
	struct fx *f = *state;
	struct nw_feed feed = feed_make("csis");
	struct nw_error err;
	struct tr t;
	enum nw_put put;
	int64_t sid;
	int k;

	f->s = open_rw(f);
	nw_error_clear(&err);
	assert_int_equal(nw_store_feed_begin(f->s, &feed, &sid, &err), 0);
	for (k = 0; k < 8; k++) {
		tr_make(&t, 7, "bad");
		switch (k) {
		case 0:
			t.r.date.m = 13;
			break;
		case 1:
			memcpy(t.r.ex.attr[0].state, "cn", 3);
			break;
		case 2:
			t.r.ex.attr[0].ev.off = (uint32_t)t.r.textlen;
			t.r.ex.attr[0].ev.len = 1;
			break;
		case 3:
			t.r.ex.actors[0].ev.off = UINT32_MAX;
			t.r.ex.actors[0].ev.len = 2;
			break;
		case 4:
			memcpy(t.r.ex.victims[0], "X1", 3);
			break;
		case 5:
			t.r.ex.sectors |= 1u << NW_SECTOR_COUNT;
			break;
		case 6:
			t.r.ex.attr[0].hedge = (enum nw_hedge)9;
			break;
		case 7:
			t.r.ex.nattr = NW_MAX_ATTRIB + 1;
			break;
		}
		nw_error_clear(&err);
		assert_int_equal(nw_store_put_report(f->s, sid, 0, NULL, &t.r,
		    &put, &err), -1);
		assert_int_equal(err.code, NW_E_DATA);
		assert_non_null(strstr(err.msg, "item-7"));
	}
	assert_int_equal(sql_int(f->s, "SELECT count(*) FROM report"), 0);
	tr_make(&t, 7, "good");
	assert_int_equal(nw_store_put_report(f->s, sid, 0, NULL, &t.r, &put,
	    &err), 0);
	assert_int_equal(put, NW_PUT_NEW);
	feed_commit(f->s);
	assert_int_equal(sql_int(f->s, "SELECT count(*) FROM report"), 1);
}

/* Documents: idempotent, and a report must name a recorded one. */
static void
test_documents(void **state)
{
	struct fx *f = *state;
	struct nw_feed feed = feed_make("csis");
	struct nw_error err;
	char sha[NW_SHA256_HEX], other[NW_SHA256_HEX];
	struct tr t;
	enum nw_put put;
	int64_t sid;

	nw_sha256_hex("body", 4, sha);
	nw_sha256_hex("other", 5, other);
	f->s = open_rw(f);
	nw_error_clear(&err);

	/* outside a feed transaction: refused */
	assert_int_equal(nw_store_put_document(f->s, sha, 4, "application/pdf",
	    "https://example.org/x.pdf", &err), -1);
	assert_int_equal(err.code, NW_E_INTERNAL);

	assert_int_equal(nw_store_feed_begin(f->s, &feed, &sid, &err), 0);
	assert_int_equal(nw_store_put_document(f->s, sha, 4, "application/pdf",
	    "https://example.org/x.pdf", &err), 0);
	assert_int_equal(nw_store_put_document(f->s, sha, 4, "text/plain",
	    NULL, &err), 0);
	nw_error_clear(&err);
	assert_int_equal(nw_store_put_document(f->s, "ABCDEF", 4, NULL, NULL,
	    &err), -1);
	assert_int_equal(err.code, NW_E_INTERNAL);
	tr_make(&t, 3, "doc");
	assert_int_equal(nw_store_put_report(f->s, sid, 0, sha, &t.r, &put,
	    &err), 0);
	/* foreign keys are on: an unknown document is refused */
	tr_make(&t, 4, "doc");
	nw_error_clear(&err);
	assert_int_equal(nw_store_put_report(f->s, sid, 0, other, &t.r, &put,
	    &err), -1);
	assert_int_equal(err.code, NW_E_STORE);
	assert_non_null(strstr(err.msg, "FOREIGN KEY"));
	assert_string_equal(err.file, f->db);
	nw_store_feed_rollback(f->s);
	assert_int_equal(sql_int(f->s, "SELECT count(*) FROM document"), 0);

	assert_int_equal(nw_store_feed_begin(f->s, &feed, &sid, &err), 0);
	assert_int_equal(nw_store_put_document(f->s, sha, 4, "application/pdf",
	    "https://example.org/x.pdf", &err), 0);
	tr_make(&t, 3, "doc");
	assert_int_equal(nw_store_put_report(f->s, sid, 0, sha, &t.r, &put,
	    &err), 0);
	/* another document with the same report: not a change */
	assert_int_equal(nw_store_put_document(f->s, other, 5, NULL, NULL,
	    &err), 0);
	assert_int_equal(nw_store_put_report(f->s, sid, 0, other, &t.r, &put,
	    &err), 0);
	assert_int_equal(put, NW_PUT_SAME);
	feed_commit(f->s);
	assert_int_equal(sql_int(f->s, "SELECT count(*) FROM document"), 2);
	assert_int_equal(sql_int(f->s, "SELECT count(*) FROM report r JOIN "
	    "document d ON d.sha256 = r.document"), 1);
}

static void
test_put_outside_feed(void **state)
{
	struct fx *f = *state;
	struct nw_feed feed = feed_make("csis");
	struct nw_error err;
	struct tr t;
	int64_t sid;

	f->s = open_rw(f);
	tr_make(&t, 1, "x");
	nw_error_clear(&err);
	assert_int_equal(nw_store_put_report(f->s, 1, 0, NULL, &t.r, NULL,
	    &err), -1);
	assert_int_equal(err.code, NW_E_INTERNAL);
	nw_error_clear(&err);
	assert_int_equal(nw_store_feed_commit(f->s, &err), -1);
	assert_int_equal(err.code, NW_E_INTERNAL);
	/* two feeds at once are refused, the first stays usable */
	assert_int_equal(nw_store_feed_begin(f->s, &feed, &sid, &err), 0);
	nw_error_clear(&err);
	assert_int_equal(nw_store_feed_begin(f->s, &feed, &sid, &err), -1);
	assert_int_equal(err.code, NW_E_INTERNAL);
	assert_int_equal(nw_store_put_report(f->s, sid, 0, NULL, &t.r, NULL,
	    &err), 0);
	feed_commit(f->s);
	assert_int_equal(sql_int(f->s, "SELECT count(*) FROM report"), 1);
}

/* --- transactions -------------------------------------------------------- */

static void
test_rollback(void **state)
{
	struct fx *f = *state;
	struct nw_source_state st;
	struct nw_error err;

	f->s = open_rw(f);
	feed_put(f->s, "first", 0, 20, "a", 0, NULL);
	feed_commit(f->s);
	assert_int_equal(sql_int(f->s, "SELECT count(*) FROM report"), 20);

	/* the second feed fails: its reports, claims and source vanish */
	feed_put(f->s, "second", 20, 50, "b", 0, NULL);
	assert_int_equal(sql_int(f->s, "SELECT count(*) FROM report"), 50);
	nw_store_feed_rollback(f->s);
	assert_int_equal(sql_int(f->s, "SELECT count(*) FROM report"), 20);
	assert_int_equal(sql_int(f->s, "SELECT count(*) FROM source"), 1);
	assert_int_equal(sql_int(f->s, "SELECT count(*) FROM claim WHERE "
	    "report_id NOT IN (SELECT id FROM report)"), 0);
	nw_error_clear(&err);
	assert_int_equal(nw_store_source_state(f->s, "second", &st, &err), 0);
	assert_null(st.etag);
	assert_string_equal(st.sha256, "");
	nw_source_state_free(&st);

	/* a rolled-back feed changed nothing in the first one either */
	feed_put(f->s, "first", 0, 20, "changed", 0, NULL);
	nw_store_feed_rollback(f->s);
	{
		struct tr want[20];
		struct collect c;
		int i;

		for (i = 0; i < 20; i++)
			tr_make(&want[i], i, "a");
		memset(&c, 0, sizeof(c));
		c.want = want;
		c.n = 20;
		assert_int_equal(nw_store_each_report(f->s, NULL, collect_row,
		    &c, &err), 0);
		assert_int_equal(c.seen, 20);
	}
	/* a rollback with nothing open is harmless */
	nw_store_feed_rollback(f->s);
	nw_store_feed_rollback(NULL);
}

/* Closing without a commit is a crash as far as the store can tell. */
static void
test_close_without_commit(void **state)
{
	struct fx *f = *state;
	char buf[64];

	f->s = open_rw(f);
	feed_put(f->s, "first", 0, 5, "a", 0, NULL);
	feed_commit(f->s);
	feed_put(f->s, "second", 5, 25, "b", 0, NULL);
	nw_store_close(f->s);

	f->s = open_rw(f);
	assert_int_equal(sql_int(f->s, "SELECT count(*) FROM report"), 5);
	assert_int_equal(sql_int(f->s, "SELECT count(*) FROM source"), 1);
	assert_int_equal(sql_int(f->s, "SELECT count(*) FROM claim"),
	    sql_int(f->s, "SELECT sum(CAST(substr(native_id, 6) AS INTEGER) "
	    "% 17) FROM report"));
	assert_int_equal(sql_rows(f->s, "PRAGMA foreign_key_check"), 0);
	assert_string_equal(sql_text(f->s, "PRAGMA integrity_check", buf,
	    sizeof(buf)), "ok");
}

static void
test_source_state(void **state)
{
	struct fx *f = *state;
	struct nw_feed feed = feed_make("csis");
	struct nw_source_state in, out;
	struct nw_error err;
	int64_t sid, sid2;

	f->s = open_rw(f);
	nw_error_clear(&err);
	assert_int_equal(nw_store_source_state(f->s, "csis", &out, &err), 0);
	assert_null(out.etag);
	assert_null(out.last_modified);
	assert_string_equal(out.sha256, "");
	nw_source_state_free(&out);

	memset(&in, 0, sizeof(in));
	in.etag = (char *)"\"abc\"";
	in.last_modified = (char *)"Tue, 02 Jan 2024 03:04:05 GMT";
	nw_sha256_hex("body", 4, in.sha256);

	/* set, rolled back: nothing saved */
	assert_int_equal(nw_store_feed_begin(f->s, &feed, &sid, &err), 0);
	assert_int_equal(nw_store_feed_set_state(f->s, sid, &in, &err), 0);
	nw_store_feed_rollback(f->s);
	assert_int_equal(nw_store_source_state(f->s, "csis", &out, &err), 0);
	assert_null(out.etag);
	assert_string_equal(out.sha256, "");
	nw_source_state_free(&out);

	/* set, committed: saved */
	assert_int_equal(nw_store_feed_begin(f->s, &feed, &sid, &err), 0);
	assert_int_equal(nw_store_feed_set_state(f->s, sid, &in, &err), 0);
	feed_commit(f->s);
	assert_int_equal(nw_store_source_state(f->s, "csis", &out, &err), 0);
	assert_string_equal(out.etag, in.etag);
	assert_string_equal(out.last_modified, in.last_modified);
	assert_string_equal(out.sha256, in.sha256);
	nw_source_state_free(&out);
	assert_null(out.etag);

	/* a new definition updates the source row, the id stays */
	feed.url = (char *)"https://example.org/moved.pdf";
	assert_int_equal(nw_store_feed_begin(f->s, &feed, &sid2, &err), 0);
	assert_int_equal(sid2, sid);
	in.etag = NULL;
	in.sha256[0] = '\0';
	assert_int_equal(nw_store_feed_set_state(f->s, sid, &in, &err), 0);
	feed_commit(f->s);
	assert_int_equal(sql_int(f->s, "SELECT count(*) FROM source WHERE "
	    "url = 'https://example.org/moved.pdf'"), 1);
	assert_int_equal(nw_store_source_state(f->s, "csis", &out, &err), 0);
	assert_null(out.etag);
	assert_string_equal(out.sha256, "");
	assert_non_null(out.last_modified);
	nw_source_state_free(&out);

	/* a bad hash and an unknown source are refused */
	assert_int_equal(nw_store_feed_begin(f->s, &feed, &sid, &err), 0);
	nw_strlcpy(in.sha256, "not-a-hash", sizeof(in.sha256));
	nw_error_clear(&err);
	assert_int_equal(nw_store_feed_set_state(f->s, sid, &in, &err), -1);
	in.sha256[0] = '\0';
	nw_error_clear(&err);
	assert_int_equal(nw_store_feed_set_state(f->s, sid + 99, &in, &err),
	    -1);
	nw_store_feed_rollback(f->s);
}

/* --- fetch log and status ------------------------------------------------ */

struct status_seen {
	int	n;
	char	feed[4][32];
	char	outcome[4][32];
	char	success[4][32];
	char	failure[4][32];
	char	error[4][64];
	char	etag[4][32];
	char	kind[4][32];
	long	reports[4];
	long	last_reports[4];
	long	last_new[4];
	long	http_code[4];
	long long bytes[4];
};

#define CP(dst, v) snprintf((dst), sizeof(dst), "%s", (v) != NULL ? (v) : "-")

static int
status_row(const struct nw_status_row *row, void *arg)
{
	struct status_seen *ss = arg;
	int i = ss->n++;

	assert_true(i < 4);
	CP(ss->feed[i], row->feed);
	CP(ss->outcome[i], row->outcome);
	CP(ss->success[i], row->last_success);
	CP(ss->failure[i], row->last_failure);
	CP(ss->error[i], row->error);
	CP(ss->etag[i], row->etag);
	CP(ss->kind[i], row->kind);
	ss->reports[i] = row->reports;
	ss->last_reports[i] = row->last_reports;
	ss->last_new[i] = row->last_new;
	ss->http_code[i] = row->http_code;
	ss->bytes[i] = row->bytes;
	return 0;
}

static void
log_one(struct nw_store *s, const char *feed, int64_t run, const char *when,
    const char *outcome, long code, const char *error, long reports,
    long new_reports)
{
	struct nw_fetch_log l;
	struct nw_error err;
	char sha[NW_SHA256_HEX];

	memset(&l, 0, sizeof(l));
	nw_sha256_hex(when, strlen(when), sha);
	l.feed = feed;
	l.run = run;
	l.started = when;
	l.outcome = outcome;
	l.http_code = code;
	l.bytes = code == 200 ? 1234 : 0;
	l.sha256 = code == 200 ? sha : NULL;
	l.error = error;
	l.reports = reports;
	l.new_reports = new_reports;
	l.seconds = 0.25;
	nw_error_clear(&err);
	if (nw_store_log_fetch(s, &l, &err) == -1)
		fail_msg("log_fetch: %s", err.msg);
}

static void
test_log_fetch_status(void **state)
{
	struct fx *f = *state;
	struct nw_feed feed = feed_make("csis");
	struct nw_source_state in;
	struct status_seen ss;
	struct nw_fetch_log l;
	struct nw_error err;
	int64_t run, sid;

	f->s = open_rw(f);
	nw_error_clear(&err);
	run = nw_store_run_begin(f->s, "ingest", &err);
	assert_true(run > 0);

	/* csis: a good fetch landing 12 reports, then a failure */
	sid = feed_put(f->s, "csis", 0, 12, "a", run, NULL);
	memset(&in, 0, sizeof(in));
	in.etag = (char *)"W/\"v1\"";
	assert_int_equal(nw_store_feed_set_state(f->s, sid, &in, &err), 0);

	/* the log is refused while the feed is open */
	memset(&l, 0, sizeof(l));
	l.feed = "csis";
	l.outcome = "ok";
	nw_error_clear(&err);
	assert_int_equal(nw_store_log_fetch(f->s, &l, &err), -1);
	assert_int_equal(err.code, NW_E_INTERNAL);
	feed_commit(f->s);
	log_one(f->s, "csis", run, "2024-01-01T00:00:00Z", "ok", 200, NULL,
	    12, 12);
	log_one(f->s, "csis", run, "2024-01-01T12:00:00Z", "failed", 0,
	    "timeout", 0, 0);
	log_one(f->s, "csis", run, "2024-01-02T00:00:00Z", "not-modified",
	    304, NULL, 0, 0);
	log_one(f->s, "csis", run, "2024-01-03T00:00:00Z", "failed", 503,
	    "HTTP 503 Service Unavailable", 0, 0);

	/* broken: never landed, only failures on record */
	feed = feed_make("broken");
	assert_int_equal(nw_store_feed_begin(f->s, &feed, &sid, &err), 0);
	nw_store_feed_rollback(f->s);
	log_one(f->s, "broken", run, "2024-01-01T00:00:01Z", "failed", 0,
	    "connect: refused", 0, 0);

	/* apple: landed, last fetch fine */
	feed_put(f->s, "apple", 100, 103, "a", run, NULL);
	feed_commit(f->s);
	log_one(f->s, "apple", run, "2024-01-01T00:00:02Z", "failed", 500,
	    "HTTP 500", 0, 0);
	log_one(f->s, "apple", run, "2024-01-01T00:00:03Z", "ok", 200, NULL,
	    3, 3);

	/* an outcome outside the vocabulary is refused by the schema */
	log_one(f->s, "apple", run, "2024-01-01T00:00:04Z", "unchanged", 200,
	    NULL, 3, 0);
	l.feed = "apple";
	l.outcome = "great";
	l.started = "2024-01-01T00:00:05Z";
	nw_error_clear(&err);
	assert_int_equal(nw_store_log_fetch(f->s, &l, &err), -1);
	assert_int_equal(err.code, NW_E_STORE);

	memset(&ss, 0, sizeof(ss));
	assert_int_equal(nw_store_each_status(f->s, status_row, &ss, &err), 0);
	assert_int_equal(ss.n, 3);
	assert_string_equal(ss.feed[0], "apple");
	assert_string_equal(ss.feed[1], "broken");
	assert_string_equal(ss.feed[2], "csis");

	assert_string_equal(ss.outcome[0], "unchanged");
	assert_string_equal(ss.success[0], "2024-01-01T00:00:04Z");
	assert_string_equal(ss.failure[0], "2024-01-01T00:00:02Z");
	assert_int_equal(ss.reports[0], 3);
	assert_int_equal(ss.last_reports[0], 3);
	assert_int_equal(ss.last_new[0], 0);
	assert_string_equal(ss.error[0], "-");
	assert_string_equal(ss.kind[0], "csis");

	assert_string_equal(ss.outcome[1], "failed");
	assert_string_equal(ss.success[1], "-");
	assert_string_equal(ss.failure[1], "2024-01-01T00:00:01Z");
	assert_string_equal(ss.error[1], "connect: refused");
	assert_string_equal(ss.kind[1], "-");
	assert_int_equal(ss.reports[1], 0);

	assert_string_equal(ss.outcome[2], "failed");
	assert_string_equal(ss.success[2], "2024-01-02T00:00:00Z");
	assert_string_equal(ss.failure[2], "2024-01-03T00:00:00Z");
	assert_string_equal(ss.error[2], "HTTP 503 Service Unavailable");
	assert_int_equal(ss.http_code[2], 503);
	assert_int_equal(ss.bytes[2], 0);
	assert_int_equal(ss.reports[2], 12);
	assert_string_equal(ss.etag[2], "W/\"v1\"");

	assert_int_equal(sql_int(f->s, "SELECT count(*) FROM fetch"), 8);
	assert_int_equal(sql_int(f->s, "SELECT count(*) FROM fetch WHERE "
	    "run IS NOT NULL"), 8);
}

/* --- runs ---------------------------------------------------------------- */

static void
test_runs(void **state)
{
	struct fx *f = *state;
	struct nw_error err;
	char buf[64];
	int64_t r1, r2;

	setenv("NORMWATCH_NOW", "2025-03-04T05:06:07Z", 1);
	f->s = open_rw(f);
	nw_error_clear(&err);
	r1 = nw_store_run_begin(f->s, "ingest", &err);
	r2 = nw_store_run_begin(f->s, "run", &err);
	assert_true(r1 > 0);
	assert_true(r2 > r1);
	assert_int_equal(sql_int(f->s, "SELECT count(*) FROM run WHERE "
	    "finished IS NULL AND outcome IS NULL"), 2);
	assert_int_equal(nw_store_run_end(f->s, r1, "partial", &err), 0);
	assert_string_equal(sql_text(f->s, "SELECT outcome FROM run WHERE "
	    "id = 1", buf, sizeof(buf)), "partial");
	assert_string_equal(sql_text(f->s, "SELECT finished FROM run WHERE "
	    "id = 1", buf, sizeof(buf)), "2025-03-04T05:06:07Z");
	assert_string_equal(sql_text(f->s, "SELECT command FROM run WHERE "
	    "id = 2", buf, sizeof(buf)), "run");

	nw_error_clear(&err);
	assert_int_equal(nw_store_run_end(f->s, r2, "splendid", &err), -1);
	assert_int_equal(err.code, NW_E_STORE);
	assert_non_null(strstr(err.msg, "end run"));
	nw_error_clear(&err);
	assert_int_equal(nw_store_run_end(f->s, r2 + 10, "ok", &err), -1);
	assert_int_not_equal(err.code, NW_E_OK);
	assert_int_equal(nw_store_run_end(f->s, r2, "ok", &err), 0);
}

/* --- the clock ----------------------------------------------------------- */

static void
test_now_env(void **state)
{
	static const char *const bad[] = {
		"2024-02-30T00:00:00Z", "2023-02-29T00:00:00Z",
		"2024-01-01 00:00:00Z", "2024-01-01T24:00:00Z",
		"2024-01-01T00:00:00", "2024-01-01T00:00:00Z ",
		"2024-13-01T00:00:00Z", "x", "", "2024-1-01T00:00:00Z"
	};
	char now[32];
	size_t i;

	(void)state;
	setenv("NORMWATCH_NOW", "2024-02-29T23:59:60Z", 1);
	nw_now_rfc3339(now);
	assert_string_equal(now, "2024-02-29T23:59:60Z");
	for (i = 0; i < NW_NELEM(bad); i++) {
		setenv("NORMWATCH_NOW", bad[i], 1);
		nw_now_rfc3339(now);
		assert_string_not_equal(now, bad[i]);
		assert_int_equal(strlen(now), 20);
		assert_int_equal(now[10], 'T');
		assert_int_equal(now[19], 'Z');
		/* the real clock: this century */
		assert_int_equal(now[0], '2');
	}
}

/* --- the run lock -------------------------------------------------------- */

/*
 * In a child process: 0 when the lock is refused as NW_E_LOCKED, 1 when
 * taken, 2 for another failure.  The answer comes through a pipe, not
 * the exit status, which valgrind takes over when it finds the parent's
 * memory still held in the child.
 */
static int
child_try_lock(const char *db)
{
	struct nw_error err;
	struct nw_lock *l;
	pid_t pid;
	char c = 'x';
	int fd[2], status;

	assert_int_equal(pipe(fd), 0);
	pid = fork();
	assert_true(pid != -1);
	if (pid == 0) {
		close(fd[0]);
		nw_error_clear(&err);
		l = nw_lock_acquire(db, &err);
		c = l != NULL ? '1' : err.code == NW_E_LOCKED ? '0' : '2';
		nw_lock_release(l);
		if (write(fd[1], &c, 1) != 1)
			_exit(3);
		_exit(0);
	}
	close(fd[1]);
	assert_int_equal(read(fd[0], &c, 1), 1);
	close(fd[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return c - '0';
}

static void
test_lock(void **state)
{
	struct fx *f = *state;
	struct nw_error err;
	struct nw_lock *l, *l2;
	char want[64];

	nw_error_clear(&err);
	l = nw_lock_acquire(f->db, &err);	/* creates the directory */
	assert_non_null(l);

	/* another process */
	assert_int_equal(child_try_lock(f->db), 0);
	/* another open file in this process */
	nw_error_clear(&err);
	l2 = nw_lock_acquire(f->db, &err);
	assert_null(l2);
	assert_int_equal(err.code, NW_E_LOCKED);
	assert_non_null(strstr(err.msg, "another normwatch run holds the "
	    "lock on"));
	assert_non_null(strstr(err.msg, ".lock"));
	snprintf(want, sizeof(want), "(pid %ld)", (long)getpid());
	assert_non_null(strstr(err.msg, want));

	nw_lock_release(l);
	assert_int_equal(child_try_lock(f->db), 1);
	l = nw_lock_acquire(f->db, &err);
	assert_non_null(l);
	nw_lock_release(l);
	nw_lock_release(NULL);

	/* a lock that cannot be created is an I/O error */
	snprintf(want, sizeof(want), "/proc/nonexistent/x.db");
	nw_error_clear(&err);
	assert_null(nw_lock_acquire(want, &err));
	assert_int_equal(err.code, NW_E_IO);
}

/* --- volume -------------------------------------------------------------- */

#define NBULK	20000

static void
test_bulk(void **state)
{
	struct fx *f = *state;
	struct nw_feed feed = feed_make("bulk");
	struct nw_error err;
	struct timespec t0, t1;
	static struct tr t[64];
	enum nw_put put;
	int64_t sid;
	double secs;
	int i, counts[3] = { 0, 0, 0 };

	/* shaped like CSIS entries: a few claims, victims and sectors */
	for (i = 0; i < 64; i++) {
		tr_make(&t[i], i, "bulk");
		t[i].r.ex.nattr = (size_t)i % 3;
		memcpy(t[i].r.ex.attr[0].state, "CN", 3);
		memcpy(t[i].r.ex.attr[1].state, "RU", 3);
		t[i].r.ex.nactors = (size_t)i % 2;
		nw_strlcpy(t[i].r.ex.actors[0].name, "APT41",
		    sizeof(t[i].r.ex.actors[0].name));
		t[i].r.ex.nvictims = 1 + (size_t)i % 2;
		memcpy(t[i].r.ex.victims[0], "DE", 3);
		memcpy(t[i].r.ex.victims[1], "FR", 3);
		t[i].r.ex.sectors = 1u << (i % NW_SECTOR_COUNT) | 1u;
	}
	f->s = open_rw(f);
	nw_error_clear(&err);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(nw_store_feed_begin(f->s, &feed, &sid, &err), 0);
	for (i = 0; i < NBULK; i++) {
		struct tr *r = &t[i % 64];
		char id[32];

		snprintf(id, sizeof(id), "bulk-%d", i);
		r->r.native_id = id;
		if (nw_store_put_report(f->s, sid, 0, NULL, &r->r, &put,
		    &err) == -1)
			fail_msg("put %d: %s", i, err.msg);
		counts[put]++;
		r->r.native_id = r->native;
	}
	feed_commit(f->s);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	print_message("# %d new reports in one feed: %.3f s, %.0f reports/s\n",
	    NBULK, secs, NBULK / (secs > 0 ? secs : 1e-9));
	assert_int_equal(counts[NW_PUT_NEW], NBULK);
	assert_int_equal(sql_int(f->s, "SELECT count(*) FROM report"), NBULK);

	/* the same again: all SAME, nothing added */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(nw_store_feed_begin(f->s, &feed, &sid, &err), 0);
	for (i = 0; i < NBULK; i++) {
		struct tr *r = &t[i % 64];
		char id[32];

		snprintf(id, sizeof(id), "bulk-%d", i);
		r->r.native_id = id;
		assert_int_equal(nw_store_put_report(f->s, sid, 0, NULL, &r->r,
		    &put, &err), 0);
		counts[put]++;
		r->r.native_id = r->native;
	}
	feed_commit(f->s);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	print_message("# %d unchanged reports: %.3f s, %.0f reports/s\n",
	    NBULK, secs, NBULK / (secs > 0 ? secs : 1e-9));
	assert_int_equal(counts[NW_PUT_SAME], NBULK);
	assert_int_equal(sql_int(f->s, "SELECT count(*) FROM report"), NBULK);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_open_creates_and_migrates),
		T(test_open_refuses_newer),
		T(test_open_refuses_foreign),
		T(test_ro_missing_and_writes),
		T(test_ro_snapshot),
		T(test_put_new_same_changed),
		T(test_put_every_field_counts),
		T(test_round_trip),
		T(test_each_report_stops),
		T(test_put_refuses_bad_data),
		T(test_documents),
		T(test_put_outside_feed),
		T(test_rollback),
		T(test_close_without_commit),
		T(test_source_state),
		T(test_log_fetch_status),
		T(test_runs),
		T(test_now_env),
		T(test_lock),
		T(test_bulk),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
