/*
 * test_serve.c - the parts of normwatch serve below HTTP: the users file
 * (every kind of bad line, permissions, the anonymous user, yescrypt and
 * bcrypt checks, the credential cache), passwd's rewrite of the file,
 * version keys and date_added strings, canonical JSON, and the
 * collections' writer (versions, first and latest, date_added order,
 * delete) on a real store in a temporary directory.
 */
#include "config.h"

#include <sys/stat.h>

#include <crypt.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "normwatch/error.h"
#include "normwatch/store.h"
#include "normwatch/taxii_server.h"
#include "normwatch/users.h"
#include "normwatch/util.h"

#include "serve/serve.h"

static char tmpdir[PATH_MAX];

static int
setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "%s/test_serve.XXXXXX",
	    getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp");
	return mkdtemp(tmpdir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);
	int rc = system(cmd);

	(void)state;
	free(cmd);
	return rc == 0 ? 0 : -1;
}

static char *
write_tmp(const char *name, const char *text, mode_t mode)
{
	char *path = xasprintf("%s/%s", tmpdir, name);
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	assert_int_equal(chmod(path, mode), 0);
	return path;
}

static char *
hash_of(const char *prefix, const char *pw)
{
	char salt[CRYPT_GENSALT_OUTPUT_SIZE];
	struct crypt_data cd;

	assert_non_null(crypt_gensalt_rn(prefix, 0, NULL, 0, salt,
	    sizeof(salt)));
	memset(&cd, 0, sizeof(cd));
	assert_non_null(crypt_rn(pw, salt, &cd, sizeof(cd)));
	return xstrdup(cd.output);
}

/* --- the users file ---------------------------------------------------------- */

static void
test_users_load_check(void **state)
{
	struct nw_users *us;
	struct nw_error err;
	const struct nw_user *u, *anon;
	char *y = hash_of("$y$", "yes pass"), *b = hash_of("$2b$", "bee pass");
	char *text = xasprintf("# users\n\nalice:%s:*=r,inbox=rw\n"
	    "bob:%s:incidents=r\nlocked:*:*=rw\nanonymous:*:indicators=r\n",
	    y, b);
	char *path = write_tmp("users", text, 0600);

	(void)state;
	nw_error_clear(&err);
	us = nw_users_load(path, &err);
	assert_non_null(us);
	assert_int_equal(nw_users_count(us), 4);
	u = nw_users_check(us, "alice", "yes pass");
	assert_non_null(u);
	assert_string_equal(nw_user_name(u), "alice");
	/* the cached check gives the same answer, and still refuses */
	assert_ptr_equal(nw_users_check(us, "alice", "yes pass"), u);
	assert_null(nw_users_check(us, "alice", "yes pas"));
	assert_null(nw_users_check(us, "alice", "yes passs"));
	assert_null(nw_users_check(us, "alice", ""));
	/* bcrypt hashes work too */
	assert_non_null(nw_users_check(us, "bob", "bee pass"));
	assert_null(nw_users_check(us, "bob", "yes pass"));
	/* a locked account, an unknown user, the anonymous user */
	assert_null(nw_users_check(us, "locked", "anything"));
	assert_null(nw_users_check(us, "carol", "yes pass"));
	assert_null(nw_users_check(us, "anonymous", ""));
	assert_null(nw_users_check(us, "a:b", "x"));
	/* permissions by id or alias, "*" for all */
	assert_int_equal(nw_user_perms(u, "id-1", "incidents"), NW_PERM_READ);
	assert_int_equal(nw_user_perms(u, "id-3", "inbox"),
	    NW_PERM_READ | NW_PERM_WRITE);
	u = nw_users_check(us, "bob", "bee pass");
	assert_int_equal(nw_user_perms(u, "x", "incidents"), NW_PERM_READ);
	assert_int_equal(nw_user_perms(u, "x", "inbox"), 0);
	assert_int_equal(nw_user_perms(u, "incidents", NULL), NW_PERM_READ);
	assert_int_equal(nw_user_perms(NULL, "x", "incidents"), 0);
	anon = nw_users_anonymous(us);
	assert_non_null(anon);
	assert_int_equal(nw_user_perms(anon, "x", "indicators"), NW_PERM_READ);
	assert_int_equal(nw_user_perms(anon, "x", "incidents"), 0);
	nw_users_free(us);
	nw_users_free(NULL);
	free(path);
	free(text);
	free(y);
	free(b);
}

static void
test_users_no_anonymous(void **state)
{
	struct nw_users *us;
	struct nw_error err;
	char *path = write_tmp("users-na", "alice:*:*=r\n", 0600);

	(void)state;
	us = nw_users_load(path, &err);
	assert_non_null(us);
	assert_null(nw_users_anonymous(us));
	nw_users_free(us);
	free(path);
}

static void
test_users_bad(void **state)
{
	static const struct {
		const char	*text;
		long		 line;
		const char	*msg;
	} cases[] = {
		{ "alice\n", 1, "not NAME:HASH:PERMISSIONS" },
		{ "alice:*\n", 1, "not NAME:HASH:PERMISSIONS" },
		{ "# c\nal ice:*:*=r\n", 2, "bad user name" },
		{ ":*:*=r\n", 1, "bad user name" },
		{ "alice:secret:*=r\n", 1, "not a crypt(3) hash" },
		{ "alice:$y$a b:*=r\n", 1, "not a crypt(3) hash" },
		{ "anonymous:$y$j9T$abcdefgh:*=r\n", 1, "anonymous user has no "
		  "password" },
		{ "alice:*:*=r\nalice:*:*=r\n", 2, "listed twice" },
		{ "alice:*:incidents\n", 1, "not COLLECTION=MODE" },
		{ "alice:*:incidents=x\n", 1, "mode is not r, w or rw" },
		{ "alice:*:=r\n", 1, "empty or too long" },
	};
	struct nw_users *us;
	struct nw_error err;
	size_t i;
	char *path;

	(void)state;
	for (i = 0; i < NW_NELEM(cases); i++) {
		path = write_tmp("bad", cases[i].text, 0600);
		nw_error_clear(&err);
		us = nw_users_load(path, &err);
		if (us != NULL)
			fail_msg("case %zu loaded", i);
		assert_int_equal(err.code, NW_E_CONFIG);
		assert_int_equal(err.line, cases[i].line);
		assert_string_equal(err.file, path);
		if (strstr(err.msg, cases[i].msg) == NULL)
			fail_msg("case %zu: \"%s\"", i, err.msg);
		free(path);
	}
}

static void
test_users_limits(void **state)
{
	struct nw_users *us;
	struct nw_error err;
	struct nw_buf b;
	char *path;
	int i;

	(void)state;
	/* a file others may write or everybody may read is refused */
	path = write_tmp("open", "alice:*:*=r\n", 0644);
	us = nw_users_load(path, &err);
	assert_null(us);
	assert_int_equal(err.code, NW_E_CONFIG);
	assert_non_null(strstr(err.msg, "chmod 600"));
	free(path);
	path = write_tmp("open", "alice:*:*=r\n", 0620);
	assert_null(nw_users_load(path, &err));
	free(path);
	/* a line over NW_USERS_MAX_LINE */
	nw_buf_init(&b, 1u << 20);
	assert_int_equal(nw_buf_adds(&b, "alice:*:"), 0);
	for (i = 0; i < NW_USERS_MAX_LINE; i++)
		assert_int_equal(nw_buf_addc(&b, 'x'), 0);
	path = write_tmp("long", b.data, 0600);
	nw_error_clear(&err);
	assert_null(nw_users_load(path, &err));
	assert_int_equal(err.code, NW_E_LIMIT);
	assert_int_equal(err.line, 1);
	free(path);
	/* more than NW_USERS_MAX_PERMS permissions */
	nw_buf_reset(&b);
	assert_int_equal(nw_buf_adds(&b, "alice:*:"), 0);
	for (i = 0; i <= NW_USERS_MAX_PERMS; i++)
		assert_int_equal(nw_buf_addf(&b, "%sc%d=r", i ? "," : "", i), 0);
	path = write_tmp("perms", b.data, 0600);
	assert_null(nw_users_load(path, &err));
	assert_non_null(strstr(err.msg, "too many permissions"));
	free(path);
	nw_buf_free(&b);
	/* a missing file */
	path = xasprintf("%s/none", tmpdir);
	assert_null(nw_users_load(path, &err));
	assert_int_equal(err.code, NW_E_IO);
	free(path);
}

static void
test_set_password(void **state)
{
	struct nw_users *us;
	struct nw_error err;
	struct stat sb;
	char *path = xasprintf("%s/pw", tmpdir), *text;
	size_t len;

	(void)state;
	unlink(path);
	nw_error_clear(&err);
	assert_int_equal(nw_users_set_password(path, "alice", "one", &err), 0);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(nw_users_set_password(path, "bob", "two", &err), 0);
	/* a hand edit is kept when the password changes */
	text = nw_read_file(path, 1 << 16, &len, &err);
	assert_non_null(text);
	assert_non_null(strstr(text, "alice:$y$"));
	assert_non_null(strstr(text, ":*=r\nbob:$y$"));
	free(text);
	us = nw_users_load(path, &err);
	assert_non_null(nw_users_check(us, "alice", "one"));
	assert_non_null(nw_users_check(us, "bob", "two"));
	nw_users_free(us);
	assert_int_equal(nw_users_set_password(path, "alice", "three", &err), 0);
	us = nw_users_load(path, &err);
	assert_null(nw_users_check(us, "alice", "one"));
	assert_non_null(nw_users_check(us, "alice", "three"));
	assert_non_null(nw_users_check(us, "bob", "two"));
	assert_int_equal(nw_users_count(us), 2);
	nw_users_free(us);
	/* refused: the anonymous user, a bad name, an empty password */
	assert_int_equal(nw_users_set_password(path, "anonymous", "x", &err),
	    -1);
	assert_int_equal(err.code, NW_E_USAGE);
	assert_int_equal(nw_users_set_password(path, "a b", "x", &err), -1);
	assert_int_equal(nw_users_set_password(path, "carol", "", &err), -1);
	/* a users file that does not load is not rewritten */
	free(path);
	path = write_tmp("broken", "this is not a users file\n", 0600);
	assert_int_equal(nw_users_set_password(path, "alice", "x", &err), -1);
	assert_int_equal(err.code, NW_E_CONFIG);
	text = nw_read_file(path, 1 << 16, &len, &err);
	assert_string_equal(text, "this is not a users file\n");
	free(text);
	free(path);
}

/* --- timestamps, canonical JSON ---------------------------------------------- */

static void
test_vkey_time(void **state)
{
	char a[32], b[32], t[32];

	(void)state;
	assert_int_equal(nw_taxiis_vkey("2024-01-02T03:04:05Z", a), 0);
	assert_string_equal(a, "2024-01-02T03:04:05.000000000Z");
	assert_int_equal(nw_taxiis_vkey("2024-01-02T03:04:05.1Z", b), 0);
	assert_string_equal(b, "2024-01-02T03:04:05.100000000Z");
	assert_true(strcmp(a, b) < 0);
	assert_int_equal(nw_taxiis_vkey("2024-01-02T03:04:05.123456789Z", b), 0);
	assert_string_equal(b, "2024-01-02T03:04:05.123456789Z");
	assert_int_equal(nw_taxiis_vkey("2024-02-30T00:00:00Z", a), -1);
	assert_int_equal(nw_taxiis_vkey("2024-01-02 03:04:05Z", a), -1);
	assert_int_equal(nw_taxiis_vkey("2024-01-02T03:04:05.1234567890Z", a),
	    -1);
	assert_int_equal(nw_taxiis_vkey(NULL, a), -1);
	nw_taxiis_time_str(INT64_C(1704164645000001), t);
	assert_string_equal(t, "2024-01-02T03:04:05.000001Z");
	nw_taxiis_time_str(0, t);
	assert_string_equal(t, "1970-01-01T00:00:00.000000Z");
}

static void
test_canon(void **state)
{
	static const char in[] = " { \"b\" : [ 1 , {\"z\":true,\"a\":null} ],"
	    " \"a\" : \"x\\u00e9\\n\\\"\" , \"\xc3\xa9\":-1.5e3 } ";
	struct nw_error err;
	struct nw_buf b;

	(void)state;
	nw_buf_init(&b, 1 << 16);
	nw_error_clear(&err);
	assert_int_equal(nw_serve_canon(in, sizeof(in) - 1, &b, &err), 0);
	assert_string_equal(b.data, "{\"a\":\"x\xc3\xa9\\n\\\"\",\"b\":[1,"
	    "{\"a\":null,\"z\":true}],\"\xc3\xa9\":-1.5e3}");
	nw_buf_reset(&b);
	assert_int_equal(nw_serve_canon("{\"a\":1,\"a\":2}", 13, &b, &err), -1);
	nw_buf_reset(&b);
	assert_int_equal(nw_serve_canon("{\"a\":", 5, &b, &err), -1);
	nw_buf_reset(&b);
	assert_int_equal(nw_serve_canon("\"\xff\"", 3, &b, &err), -1);
	nw_buf_free(&b);
}

/* --- the collections' writer ---------------------------------------------------- */

struct row {
	char	version[40];
	int	first;
	int	latest;
	int64_t	added;
};

static size_t
rows(sqlite3 *db, const char *coll, const char *id, struct row *r, size_t max)
{
	sqlite3_stmt *st;
	size_t n = 0;

	assert_int_equal(sqlite3_prepare_v2(db, "SELECT version, first, latest, "
	    "date_added FROM taxii_object WHERE collection = ? AND id = ? "
	    "ORDER BY vkey", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, coll, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW && n < max) {
		nw_strlcpy(r[n].version, (const char *)sqlite3_column_text(st,
		    0), sizeof(r[n].version));
		r[n].first = sqlite3_column_int(st, 1);
		r[n].latest = sqlite3_column_int(st, 2);
		r[n].added = sqlite3_column_int64(st, 3);
		n++;
	}
	sqlite3_finalize(st);
	return n;
}

static void
put(struct nw_taxiis_put *p, const char *coll, const char *id,
    const char *version, int want_added)
{
	struct nw_taxiis_obj o;
	struct nw_error err;
	char json[256];
	int added = -1;

	snprintf(json, sizeof(json), "{\"id\":\"%s\",\"modified\":\"%s\"}", id,
	    version != NULL ? version : "");
	memset(&o, 0, sizeof(o));
	o.id = id;
	o.type = "indicator";
	o.version = version;
	o.json = json;
	o.len = strlen(json);
	nw_error_clear(&err);
	assert_int_equal(nw_taxiis_put(p, coll, &o, &added, &err), 0);
	assert_int_equal(added, want_added);
}

static void
test_put_delete(void **state)
{
	static const char id[] = "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f";
	static const char sco[] = "ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd";
	struct nw_store *store;
	struct nw_taxiis_put *p;
	struct nw_taxiis_obj o;
	struct nw_error err;
	struct row r[8];
	char *path = xasprintf("%s/store.db", tmpdir);
	sqlite3 *db;
	long del;

	(void)state;
	nw_error_clear(&err);
	store = nw_store_open(path, NW_STORE_RW, &err);
	assert_non_null(store);
	assert_int_equal(nw_store_schema_version(store), 6);
	db = nw_store_db(store);
	p = nw_taxiis_put_new(db, &err);
	assert_non_null(p);
	assert_int_equal(nw_store_begin(store, &err), 0);
	put(p, "inbox", id, "2024-02-01T00:00:00.000Z", 1);
	put(p, "inbox", id, "2024-01-01T00:00:00Z", 1);
	put(p, "inbox", id, "2024-03-01T00:00:00.5Z", 1);
	/* the same version written another way is the same version */
	put(p, "inbox", id, "2024-01-01T00:00:00.000Z", 0);
	/* another collection keeps its own versions */
	put(p, "incidents", id, "2024-01-01T00:00:00Z", 1);
	assert_int_equal(rows(db, "inbox", id, r, 8), 3);
	assert_string_equal(r[0].version, "2024-01-01T00:00:00Z");
	assert_true(r[0].first && !r[0].latest);
	assert_true(!r[1].first && !r[1].latest);
	assert_true(!r[2].first && r[2].latest);
	/* date_added rises strictly in the order of adding */
	assert_true(r[1].added < r[0].added && r[0].added < r[2].added);
	/* an object with no version has one, whatever its date_added */
	put(p, "inbox", sco, NULL, 1);
	put(p, "inbox", sco, NULL, 0);
	assert_int_equal(rows(db, "inbox", sco, r, 8), 1);
	assert_true(r[0].first && r[0].latest);
	/* a bad version is refused */
	memset(&o, 0, sizeof(o));
	o.id = id;
	o.type = "indicator";
	o.version = "yesterday";
	o.json = "{}";
	o.len = 2;
	assert_int_equal(nw_taxiis_put(p, "inbox", &o, NULL, &err), -1);
	assert_int_equal(err.code, NW_E_DATA);
	/* delete the latest: the one before becomes latest */
	assert_int_equal(nw_taxiis_delete(p, "inbox", id,
	    "2024-03-01T00:00:00.500Z", &del, &err), 0);
	assert_int_equal(del, 1);
	assert_int_equal(rows(db, "inbox", id, r, 8), 2);
	assert_true(r[0].first && !r[0].latest && !r[1].first && r[1].latest);
	assert_int_equal(nw_taxiis_delete(p, "inbox", id,
	    "2029-01-01T00:00:00Z", &del, &err), 0);
	assert_int_equal(del, 0);
	assert_int_equal(nw_taxiis_delete(p, "inbox", id, NULL, &del, &err), 0);
	assert_int_equal(del, 2);
	assert_int_equal(rows(db, "inbox", id, r, 8), 0);
	assert_int_equal(rows(db, "incidents", id, r, 8), 1);
	assert_int_equal(nw_store_feed_commit(store, &err), 0);
	nw_taxiis_put_free(p);
	nw_taxiis_put_free(NULL);
	nw_store_close(store);
	free(path);
}

static void
test_colls(void **state)
{
	(void)state;
	assert_int_equal(nw_taxiis_ncolls, 3);
	assert_ptr_equal(nw_taxiis_coll_find("incidents"), &nw_taxiis_colls[0]);
	assert_ptr_equal(nw_taxiis_coll_find(nw_taxiis_colls[2].id),
	    &nw_taxiis_colls[2]);
	assert_null(nw_taxiis_coll_find("Incidents"));
	assert_null(nw_taxiis_coll_find(NULL));
	assert_true(nw_taxiis_colls[2].writable && !nw_taxiis_colls[0].writable);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_users_load_check),
		cmocka_unit_test(test_users_no_anonymous),
		cmocka_unit_test(test_users_bad),
		cmocka_unit_test(test_users_limits),
		cmocka_unit_test(test_set_password),
		cmocka_unit_test(test_vkey_time),
		cmocka_unit_test(test_canon),
		cmocka_unit_test(test_put_delete),
		cmocka_unit_test(test_colls),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
