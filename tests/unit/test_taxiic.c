/*
 * test_taxiic.c - the taxii feed kind and the credentials file.
 *
 * The group setup starts two $NW_BUILDDIR/tests/server/taxiid on
 * ephemeral ports of 127.0.0.1, both serving tests/data/taxii/server.json:
 * one open, one wanting Basic credentials.  The collector runs with an
 * in-memory state and a sink that records what it is given, the way
 * ingest would hand them to the store; fetches go straight to nw_fetch.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "normwatch/credentials.h"
#include "normwatch/error.h"
#include "normwatch/feed.h"
#include "normwatch/fetch.h"
#include "normwatch/parse.h"
#include "normwatch/stix.h"
#include "normwatch/taxii_client.h"
#include "normwatch/util.h"

#define COLL		"5c7a1f1e-3f4e-4b8e-9d5a-2a1c0e9b7d11"
#define USERPWD		"analyst:correct horse"
#define FIXTURE_OBJECTS	16	/* objects in the collection */
#define FIXTURE_KEPT	15	/* of which valid (one has no name) */
#define FIXTURE_LAST	"2024-01-10T00:00:16.000000Z"

static const char	*srcdir, *builddir;
static char		 tmpdir[PATH_MAX];

struct server {
	pid_t		 pid;
	long long	 port;
	char		 portfile[PATH_MAX + 16];
	char		 log[PATH_MAX + 16];
};
static struct server	 open_srv = { -1, 0, "", "" };
static struct server	 auth_srv = { -1, 0, "", "" };

/* --- the harness: a collector's world in memory --------------------------- */

#define MAX_KV		8
#define MAX_GOT		64

struct world {
	struct nw_collect	 c;
	struct nw_parse_sink	 sink;
	struct nw_feed		*feed;
	struct nw_arena		*arena;
	char			*key[MAX_KV], *val[MAX_KV];
	int			 sets;		/* state_set calls */
	char			*objects[MAX_GOT];	/* ids, in order */
	size_t			 nobjects;
	char			*titles[MAX_GOT];
	char			 states[MAX_GOT][64];	/* "RU,..." */
	char			 actors[MAX_GOT][128];
	char			 victims[MAX_GOT][64];
	size_t			 nreports;
	long			 requests;
};

static int
w_fetch(struct nw_collect *c, struct nw_fetch_req *req,
    struct nw_fetch_res *res, struct nw_error *err)
{
	struct world *w = c->priv;

	if (req->feed == NULL)
		req->feed = c->feed->name;
	if (req->limits == NULL)
		req->limits = &c->feed->limits;
	w->requests++;
	return nw_fetch(req, res, err);
}

static const char *
w_get(struct nw_collect *c, const char *key)
{
	struct world *w = c->priv;
	size_t i;

	for (i = 0; i < MAX_KV; i++)
		if (w->key[i] != NULL && strcmp(w->key[i], key) == 0)
			return w->val[i];
	return NULL;
}

static void
w_put(struct world *w, const char *key, const char *value)
{
	size_t i, free_slot = MAX_KV;

	for (i = 0; i < MAX_KV; i++) {
		if (w->key[i] != NULL && strcmp(w->key[i], key) == 0) {
			free(w->val[i]);
			w->val[i] = value != NULL ? xstrdup(value) : NULL;
			return;
		}
		if (w->key[i] == NULL && free_slot == MAX_KV)
			free_slot = i;
	}
	assert_true(free_slot < MAX_KV);
	w->key[free_slot] = xstrdup(key);
	w->val[free_slot] = value != NULL ? xstrdup(value) : NULL;
}

static int
w_set(struct nw_collect *c, const char *key, const char *value,
    struct nw_error *err)
{
	struct world *w = c->priv;

	(void)err;
	w->sets++;
	w_put(w, key, value);
	return 0;
}

static int
w_object(const struct nw_stix_object *o, void *arg)
{
	struct world *w = arg;

	if (w->nobjects < MAX_GOT)
		w->objects[w->nobjects++] = xstrdup(o->id);
	return 0;
}

static int
w_report(struct nw_report *r, void *arg)
{
	struct world *w = arg;
	size_t i, n = w->nreports;

	if (n >= MAX_GOT)
		return 0;
	w->titles[n] = xstrdup(r->title != NULL ? r->title : "");
	w->states[n][0] = w->actors[n][0] = w->victims[n][0] = '\0';
	for (i = 0; i < r->ex.nattr; i++) {
		strncat(w->states[n], r->ex.attr[i].state, 3);
		strncat(w->states[n], ",", 2);
	}
	for (i = 0; i < r->ex.nactors; i++) {
		strncat(w->actors[n], r->ex.actors[i].name, 60);
		strncat(w->actors[n], ",", 2);
	}
	for (i = 0; i < r->ex.nvictims; i++) {
		strncat(w->victims[n], r->ex.victims[i], 3);
		strncat(w->victims[n], ",", 2);
	}
	w->nreports++;
	return 0;
}

static void world_feed(struct world *, const char *, ...) NW_PRINTF(2, 3);

/* A world for the feed definition text (printf-style). */
static void
world_feed(struct world *w, const char *fmt, ...)
{
	struct nw_error err;
	char text[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	nw_feed_free(w->feed);
	nw_error_clear(&err);
	w->feed = nw_feed_parse("t.feed", text, strlen(text), NULL, NULL,
	    &err);
	if (w->feed == NULL)
		fprintf(stderr, "# feed: %s\n", err.msg);
	assert_non_null(w->feed);
	w->feed->limits.retries = 0;
	w->feed->limits.timeout = 10;
}

static void
world_init(struct world *w)
{
	memset(w, 0, sizeof(*w));
	w->sink.report = w_report;
	w->sink.object = w_object;
	w->sink.arg = w;
}

/* Forget what the last poll gave (keeping the state and the feed). */
static void
world_clear(struct world *w)
{
	size_t i;

	for (i = 0; i < w->nobjects; i++)
		free(w->objects[i]);
	for (i = 0; i < w->nreports; i++)
		free(w->titles[i]);
	w->nobjects = w->nreports = 0;
	w->sets = 0;
	w->requests = 0;
	nw_arena_free(w->arena);
	w->arena = NULL;
}

static void
world_free(struct world *w)
{
	size_t i;

	world_clear(w);
	for (i = 0; i < MAX_KV; i++) {
		free(w->key[i]);
		free(w->val[i]);
	}
	nw_feed_free(w->feed);
	memset(w, 0, sizeof(*w));
}

/* One poll; its result, with *err. */
static long
poll_once(struct world *w, struct nw_error *err)
{
	world_clear(w);
	w->arena = nw_arena_new();
	memset(&w->c, 0, sizeof(w->c));
	w->c.feed = w->feed;
	w->c.arena = w->arena;
	w->c.sink = &w->sink;
	w->c.fetch = w_fetch;
	w->c.state_get = w_get;
	w->c.state_set = w_set;
	w->c.priv = w;
	nw_error_clear(err);
	return nw_parser_taxii.collect(&w->c, err);
}

static int
got_object(const struct world *w, const char *id)
{
	size_t i;

	for (i = 0; i < w->nobjects; i++)
		if (strcmp(w->objects[i], id) == 0)
			return 1;
	return 0;
}

static void
arm_fail(const struct server *s, int p, int t)
{
	struct nw_fetch_req req;
	struct nw_fetch_res res;
	struct nw_error err;
	char url[128];

	snprintf(url, sizeof(url), "http://127.0.0.1:%lld/_arm/fail/%d/%d",
	    s->port, p, t);
	memset(&req, 0, sizeof(req));
	req.url = url;
	req.userpwd = s == &auth_srv ? USERPWD : NULL;
	nw_error_clear(&err);
	assert_int_equal(nw_fetch(&req, &res, &err), 0);
	nw_fetch_res_free(&res);
}

/* --- servers ------------------------------------------------------------------ */

static int
server_start(struct server *s, const char *name, const char *user)
{
	struct nw_error err;
	struct timespec ts = { 0, 20 * 1000000L };
	char bin[PATH_MAX + 32], data[PATH_MAX + 32], *p, *nl;
	int i, fd;

	snprintf(s->portfile, sizeof(s->portfile), "%s/%s.port", tmpdir,
	    name);
	snprintf(s->log, sizeof(s->log), "%s/%s.log", tmpdir, name);
	snprintf(bin, sizeof(bin), "%s/tests/server/taxiid", builddir);
	snprintf(data, sizeof(data), "%s/tests/data/taxii/server.json",
	    srcdir);
	s->pid = fork();
	if (s->pid == -1)
		return -1;
	if (s->pid == 0) {
		fd = open(s->log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd != -1) {
			dup2(fd, 1);
			dup2(fd, 2);
			close(fd);
		}
		if (user != NULL)
			execl(bin, "taxiid", "--data", data, "--port-file",
			    s->portfile, "--user", user, (char *)NULL);
		else
			execl(bin, "taxiid", "--data", data, "--port-file",
			    s->portfile, (char *)NULL);
		_exit(127);
	}
	nw_error_clear(&err);
	for (i = 0; i < 250; i++) {
		p = nw_read_file(s->portfile, 64, NULL, &err);
		if (p != NULL) {
			nl = strchr(p, '\n');
			if (nl != NULL)
				*nl = '\0';
			if (nw_parse_ll(p, 1, 65535, &s->port) == 0) {
				free(p);
				return 0;
			}
			free(p);
		}
		nanosleep(&ts, NULL);
	}
	fprintf(stderr, "# %s did not start (see %s)\n", bin, s->log);
	return -1;
}

static int
server_stop(struct server *s)
{
	int status = 0;

	if (s->pid <= 0)
		return 0;
	kill(s->pid, SIGTERM);
	if (waitpid(s->pid, &status, 0) == -1 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0) {
		fprintf(stderr, "# taxiid did not exit cleanly (status %d); "
		    "log kept in %s\n", status, s->log);
		return -1;
	}
	unlink(s->portfile);
	unlink(s->log);
	return 0;
}

static int
setup(void **state)
{
	struct nw_error err;

	(void)state;
	srcdir = getenv("NW_SRCDIR") != NULL ? getenv("NW_SRCDIR") : ".";
	builddir = getenv("NW_BUILDDIR") != NULL ? getenv("NW_BUILDDIR") : ".";
	setenv("NORMWATCH_RETRY_SCALE", "0.01", 0);
	nw_error_clear(&err);
	if (nw_fetch_global_init(&err) == -1)
		return -1;
	snprintf(tmpdir, sizeof(tmpdir), "%s/nwtaxii.XXXXXX",
	    getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	if (server_start(&open_srv, "open", NULL) == -1 ||
	    server_start(&auth_srv, "auth", USERPWD) == -1)
		return -1;
	return 0;
}

static int
teardown(void **state)
{
	char path[PATH_MAX + 32];
	int rc = 0;

	(void)state;
	rc |= server_stop(&open_srv);
	rc |= server_stop(&auth_srv);
	snprintf(path, sizeof(path), "%s/credentials", tmpdir);
	unlink(path);
	if (rc == 0)
		rmdir(tmpdir);
	nw_fetch_global_cleanup();
	return rc;
}

/* --- media types ---------------------------------------------------------------- */

static void
test_media_type(void **state)
{
	static const char *const good[] = {
		"application/taxii+json;version=2.1",
		"Application/TAXII+JSON; Version=2.1",
		"application/taxii+json ; version = \"2.1\"",
		"application/taxii+json;charset=utf-8;version=2.1",
		" application/taxii+json;version=2.1 ",
	};
	static const char *const bad[] = {
		"",
		"application/json",
		"application/stix+json;version=2.1",
		"application/taxii+json",
		"application/taxii+json;version=2.0",
		"application/taxii+json;version=2.10",
		"application/taxii+json;version=",
		"application/taxii+json;version",
		"application/taxii+jsonx;version=2.1",
		"application/taxii+json;version=2.1;version=2.0",
		"application/taxii+json;version=\"2.1",
		"application/taxii+json version=2.1",
	};
	size_t i;

	(void)state;
	assert_int_equal(nw_taxii_media_type_ok(NULL), 0);
	for (i = 0; i < NW_NELEM(good); i++)
		if (!nw_taxii_media_type_ok(good[i]))
			fail_msg("refused \"%s\"", good[i]);
	for (i = 0; i < NW_NELEM(bad); i++)
		if (nw_taxii_media_type_ok(bad[i]))
			fail_msg("took \"%s\"", bad[i]);
}

/* --- the credentials file ---------------------------------------------------------- */

static char *
cred_file(const char *text, mode_t mode)
{
	struct nw_error err;
	char *path = xasprintf("%s/credentials", tmpdir);

	unlink(path);
	nw_error_clear(&err);
	assert_int_equal(nw_write_file_atomic(path, text, strlen(text),
	    &err), 0);
	assert_int_equal(chmod(path, mode), 0);
	return path;
}

/* The error of looking name up in a file of text; no secret in it. */
static void
cred_bad(const char *text, mode_t mode, const char *name,
    enum nw_errcode code, long line, const char *want)
{
	struct nw_error err;
	char *path = cred_file(text, mode), *got, buf[1536];

	nw_error_clear(&err);
	got = nw_credentials_get(path, name, &err);
	assert_null(got);
	assert_int_equal(err.code, code);
	assert_int_equal(err.line, line);
	assert_string_equal(err.file, path);
	nw_error_str(&err, buf, sizeof(buf));
	if (strstr(buf, want) == NULL)
		fail_msg("\"%s\" lacks \"%s\"", buf, want);
	if (strstr(buf, "hunter2") != NULL || strstr(buf, "analyst") != NULL)
		fail_msg("a secret in \"%s\"", buf);
	free(path);
}

static void
cred_good(const char *text, const char *name, const char *want)
{
	struct nw_error err;
	char *path = cred_file(text, 0600), *got;

	nw_error_clear(&err);
	got = nw_credentials_get(path, name, &err);
	if (got == NULL)
		fail_msg("%s: %s (line %ld)", name, err.msg, err.line);
	assert_string_equal(got, want);
	nw_credentials_free(got);
	free(path);
}

static void
test_credentials(void **state)
{
	static const char file[] =
	    "# feeds and their secrets\n"
	    "\n"
	    "   # an indented comment\n"
	    "cisa  analyst:hunter2\n"
	    "colon\tanalyst:pa:ss:word\n"
	    "blanks  analyst   hunter2 with blanks  \n"
	    "crlf analyst:hunter2\r\n"
	    "Upper.Name_1-x analyst hunter2";

	(void)state;
	cred_good(file, "cisa", "analyst:hunter2");
	cred_good(file, "colon", "analyst:pa:ss:word");
	cred_good(file, "blanks", "analyst:hunter2 with blanks");
	cred_good(file, "crlf", "analyst:hunter2");
	cred_good(file, "Upper.Name_1-x", "analyst:hunter2");

	cred_bad(file, 0600, "nope", NW_E_CONFIG, 0,
	    "no credentials called \"nope\"");
	cred_bad(file, 0644, "cisa", NW_E_CONFIG, 0, "chmod 600");
	cred_bad(file, 0640, "cisa", NW_E_CONFIG, 0, "mode 0640");
	cred_bad(file, 0602, "cisa", NW_E_CONFIG, 0, "open to group");
	cred_bad("a analyst:hunter2\nb\n", 0600, "a", NW_E_CONFIG, 2,
	    "expected NAME USER:PASSWORD");
	cred_bad("a analyst:hunter2 more\n", 0600, "a", NW_E_CONFIG, 1,
	    "text after USER:PASSWORD");
	cred_bad("a :hunter2\n", 0600, "a", NW_E_CONFIG, 1, "empty user");
	cred_bad("a analyst:\n", 0600, "a", NW_E_CONFIG, 1, "no password");
	cred_bad("x/y analyst:hunter2\n", 0600, "a", NW_E_CONFIG, 1,
	    "a name is letters");
	cred_bad("a analyst:hun\001ter2\n", 0600, "a", NW_E_CONFIG, 1,
	    "control character");
	cred_bad("a analyst:hunter2\n#\nb analyst:x\na analyst:hunter2\n",
	    0600, "b", NW_E_CONFIG, 4, "named on line 1 already");
	/* the earliest error wins, whatever its kind */
	cred_bad("a analyst:x\na analyst:y\nbad\n", 0600, "a", NW_E_CONFIG,
	    2, "named on line 1");
}

static void
test_credentials_files(void **state)
{
	struct nw_error err;
	char *path, *big, *got;
	size_t n = NW_MAX_CRED_FILE + 10;

	(void)state;
	/* not there */
	path = xasprintf("%s/no-such-file", tmpdir);
	nw_error_clear(&err);
	assert_null(nw_credentials_get(path, "a", &err));
	assert_int_equal(err.code, NW_E_IO);
	free(path);
	/* a directory */
	nw_error_clear(&err);
	assert_null(nw_credentials_get(tmpdir, "a", &err));
	assert_int_equal(err.code, NW_E_CONFIG);
	assert_non_null(strstr(err.msg, "not a regular file"));
	/* too large */
	big = xmalloc(n + 1);
	memset(big, '#', n);
	big[n] = '\0';
	path = cred_file(big, 0600);
	nw_error_clear(&err);
	assert_null(nw_credentials_get(path, "a", &err));
	assert_int_equal(err.code, NW_E_LIMIT);
	free(path);
	free(big);
	/* a line too long */
	big = xmalloc(NW_MAX_CRED_LINE + 20);
	memset(big, 'a', NW_MAX_CRED_LINE + 10);
	memcpy(big, "a b:", 4);
	big[NW_MAX_CRED_LINE + 10] = '\0';
	path = cred_file(big, 0600);
	nw_error_clear(&err);
	assert_null(nw_credentials_get(path, "a", &err));
	assert_int_equal(err.code, NW_E_CONFIG);
	assert_int_equal(err.line, 1);
	free(path);
	free(big);

	/* where the file is */
	setenv(NW_CREDENTIALS_ENV, "/x/creds", 1);
	path = nw_credentials_path();
	assert_string_equal(path, "/x/creds");
	free(path);
	unsetenv(NW_CREDENTIALS_ENV);
	setenv("XDG_CONFIG_HOME", "/conf", 1);
	path = nw_credentials_path();
	assert_string_equal(path, "/conf/normwatch/credentials");
	free(path);
	setenv("XDG_CONFIG_HOME", "relative", 1);
	setenv("HOME", "/home/u", 1);
	path = nw_credentials_path();
	assert_string_equal(path, "/home/u/.config/normwatch/credentials");
	free(path);
	/* NULL: the default path, here from the environment */
	path = cred_file("env analyst:hunter2\n", 0600);
	setenv(NW_CREDENTIALS_ENV, path, 1);
	nw_error_clear(&err);
	got = nw_credentials_get(NULL, "env", &err);
	assert_non_null(got);
	assert_string_equal(got, "analyst:hunter2");
	nw_credentials_free(got);
	nw_credentials_free(NULL);
	unsetenv(NW_CREDENTIALS_ENV);
	free(path);
}

/* --- the fetcher keeps the headers asked for -------------------------------------- */

static void
test_fetch_capture(void **state)
{
	static const char *const cap[] = { "x-taxii-date-added-first",
	    "X-TAXII-Date-Added-Last", "X-None", NULL };
	static const char *const many[] = { "a", "b", "c", "d", "e", NULL };
	struct nw_fetch_req req;
	struct nw_fetch_res res;
	struct nw_error err;
	char url[256];

	(void)state;
	snprintf(url, sizeof(url), "http://127.0.0.1:%lld/cti/collections/"
	    COLL "/objects/?limit=3", open_srv.port);
	memset(&req, 0, sizeof(req));
	req.url = url;
	req.accept = NW_TAXII_MEDIA_TYPE;
	req.capture = cap;
	nw_error_clear(&err);
	assert_int_equal(nw_fetch(&req, &res, &err), 0);
	assert_string_equal(res.captured[0], "2024-01-10T00:00:01.000000Z");
	assert_string_equal(res.captured[1], "2024-01-10T00:00:03.000000Z");
	assert_null(res.captured[2]);
	assert_true(nw_taxii_media_type_ok(res.content_type));
	nw_fetch_res_free(&res);
	nw_fetch_res_free(&res);

	req.capture = many;
	nw_error_clear(&err);
	assert_int_equal(nw_fetch(&req, &res, &err), -1);
	assert_int_equal(err.code, NW_E_CONFIG);
	assert_int_equal(res.attempts, 0);
	nw_fetch_res_free(&res);
}

/* --- polls ------------------------------------------------------------------------------ */

#define FEED_HEAD \
	"name = t\nkind = taxii\npublisher = Test\n"

static void
test_poll_all(void **state)
{
	struct world w;
	struct nw_error err;
	char objurl[256];

	(void)state;
	world_init(&w);
	world_feed(&w, FEED_HEAD "url = http://127.0.0.1:%lld/taxii2/\n"
	    "collection = Attributed incidents\npage-size = 3\n",
	    open_srv.port);
	assert_int_equal(poll_once(&w, &err), 2);
	assert_int_equal(err.code, NW_E_OK);
	/* discovery, API root, collections, 6 pages */
	assert_int_equal(w.requests, 9);
	assert_int_equal(w.nobjects, FIXTURE_KEPT);
	assert_true(got_object(&w, "indicator--71995eae-65f5-4fb3-9448-"
	    "d2ba10def172"));
	assert_false(got_object(&w, "incident--02fb30aa-fa8e-4a15-bc2e-"
	    "bda9ffe77ec5"));
	/* the claim crosses pages: the relationship came on page 1 */
	assert_string_equal(w.titles[0], "Intrusion into the Federal "
	    "Ministry of Examples");
	assert_string_equal(w.states[0], "RU,");
	assert_string_equal(w.actors[0], "APT-Example,");
	assert_string_equal(w.victims[0], "DE,");
	assert_string_equal(w.titles[1], "Operation Example Winter");
	assert_string_equal(w.states[1], "RU,");
	assert_string_equal(w_get(&w.c, "added_after"), FIXTURE_LAST);
	snprintf(objurl, sizeof(objurl), "http://127.0.0.1:%lld/cti/"
	    "collections/" COLL "/objects/", open_srv.port);
	assert_string_equal(w_get(&w.c, "collection"), objurl);

	/* again: one page from the cursor, nothing in it */
	assert_int_equal(poll_once(&w, &err), 0);
	assert_int_equal(w.nobjects, 0);
	assert_int_equal(w.requests, 4);
	assert_string_equal(w_get(&w.c, "added_after"), FIXTURE_LAST);

	/* a page size bigger than the server's: its pages, same result */
	w_put(&w, "added_after", NULL);
	world_feed(&w, FEED_HEAD "url = http://127.0.0.1:%lld/cti\n"
	    "collection = " COLL "\npage-size = 100000\n", open_srv.port);
	assert_int_equal(poll_once(&w, &err), 2);
	assert_int_equal(w.nobjects, FIXTURE_KEPT);
	/* the API root as url: no discovery */
	assert_int_equal(w.requests, 3);

	/* another collection than the cursor's: from the start */
	w_put(&w, "collection", "http://elsewhere.example/objects/");
	assert_int_equal(poll_once(&w, &err), 2);
	assert_int_equal(w.nobjects, FIXTURE_KEPT);

	/* a stored cursor that is no timestamp: from the start too */
	w_put(&w, "added_after", "2024-13-01T00:00:00Z");
	assert_int_equal(poll_once(&w, &err), 2);
	assert_int_equal(w.nobjects, FIXTURE_KEPT);
	assert_string_equal(w_get(&w.c, "added_after"), FIXTURE_LAST);
	world_free(&w);
}

static void
test_poll_match_type(void **state)
{
	struct world w;
	struct nw_error err;

	(void)state;
	world_init(&w);
	world_feed(&w, FEED_HEAD "url = http://127.0.0.1:%lld/taxii2/\n"
	    "collection = " COLL "\nmatch-type = incident,campaign\n",
	    open_srv.port);
	/* the incident and the campaign; no relationship, so no claim */
	assert_int_equal(poll_once(&w, &err), 2);
	assert_int_equal(w.nobjects, 2);
	assert_string_equal(w.states[0], "");
	world_free(&w);
}

/* A poll that fails, with what its message must hold. */
static void
poll_fails(struct world *w, enum nw_errcode code, const char *want)
{
	struct nw_error err;
	char buf[1536];

	assert_int_equal(poll_once(w, &err), -1);
	nw_error_str(&err, buf, sizeof(buf));
	if (err.code != code || strstr(buf, want) == NULL)
		fail_msg("wanted code %d and \"%s\", got %d: %s", code, want,
		    err.code, buf);
	assert_string_equal(err.feed, "t");
	assert_true(err.file[0] != '\0');
	assert_int_equal(w->sets, 0);
}

static void
test_poll_collections(void **state)
{
	struct world w;
	struct nw_error err;
	long long p = open_srv.port;

	(void)state;
	world_init(&w);
	world_feed(&w, FEED_HEAD "url = http://127.0.0.1:%lld/taxii2/\n", p);
	poll_fails(&w, NW_E_CONFIG, "3 readable collections");
	world_feed(&w, FEED_HEAD "url = http://127.0.0.1:%lld/taxii2/\n"
	    "collection = Same title\n", p);
	poll_fails(&w, NW_E_CONFIG, "2 collections are titled \"Same "
	    "title\"");
	world_feed(&w, FEED_HEAD "url = http://127.0.0.1:%lld/taxii2/\n"
	    "collection = 2c3d4e5f-6071-4829-8b3c-4d5e6f7a8b99\n", p);
	/* the cursor of another collection goes, even when none replaces it */
	w_put(&w, "collection", "http://elsewhere.example/objects/");
	w_put(&w, "added_after", FIXTURE_LAST);
	assert_int_equal(poll_once(&w, &err), 0);
	assert_null(w_get(&w.c, "added_after"));
	assert_non_null(strstr(w_get(&w.c, "collection"),
	    "/cti/collections/2c3d4e5f-6071-4829-8b3c-4d5e6f7a8b99/objects/"));
	world_feed(&w, FEED_HEAD "url = http://127.0.0.1:%lld/taxii2/\n"
	    "collection = Closed collection\n", p);
	poll_fails(&w, NW_E_CONFIG, "cannot be read");
	world_feed(&w, FEED_HEAD "url = http://127.0.0.1:%lld/taxii2/\n"
	    "collection = Nothing like it\n", p);
	poll_fails(&w, NW_E_CONFIG, "no collection with the id or title "
	    "\"Nothing like it\" (4 collections: " COLL);
	world_feed(&w, FEED_HEAD "url = http://127.0.0.1:%lld/old/\n"
	    "collection = x\n", p);
	poll_fails(&w, NW_E_DATA, "does not offer "
	    "application/taxii+json;version=2.1 (versions: "
	    "application/taxii+json;version=2.0)");
	world_feed(&w, FEED_HEAD "url = http://127.0.0.1:%lld/nowhere/\n",
	    p);
	poll_fails(&w, NW_E_HTTP, "HTTP 404");
	world_free(&w);
}

static void
test_poll_misbehaving(void **state)
{
	struct world w;
	struct nw_error err;
	long long p = open_srv.port;

	(void)state;
	world_init(&w);
	world_feed(&w, FEED_HEAD "url = http://127.0.0.1:%lld/loop/taxii2/\n"
	    "collection = " COLL "\npage-size = 3\n", p);
	poll_fails(&w, NW_E_DATA, "twice in one poll: a loop");
	assert_int_equal(w.requests, 5);	/* 3 resources, 2 pages */

	world_feed(&w, FEED_HEAD "url = http://127.0.0.1:%lld/wrong-type/"
	    "taxii2/\ncollection = " COLL "\n", p);
	poll_fails(&w, NW_E_DATA, "the answer is \"application/json\", not "
	    "application/taxii+json;version=2.1");

	/* 500 on page 3, no retries: the poll fails, the cursor stays */
	world_feed(&w, FEED_HEAD "url = http://127.0.0.1:%lld/taxii2/\n"
	    "collection = " COLL "\npage-size = 3\n", p);
	arm_fail(&open_srv, 3, 1);
	poll_fails(&w, NW_E_HTTP, "HTTP 500");
	assert_null(w_get(&w.c, "added_after"));
	/* and the next poll gets everything */
	assert_int_equal(poll_once(&w, &err), 2);
	assert_int_equal(w.nobjects, FIXTURE_KEPT);
	assert_string_equal(w_get(&w.c, "added_after"), FIXTURE_LAST);

	/* with retries, a 500 that passes is no failure */
	w_put(&w, "added_after", NULL);
	w.feed->limits.retries = 2;
	arm_fail(&open_srv, 2, 2);
	assert_int_equal(poll_once(&w, &err), 2);
	assert_int_equal(w.nobjects, FIXTURE_KEPT);
	arm_fail(&open_srv, 1, 0);
	w_put(&w, "added_after", NULL);

	world_feed(&w, FEED_HEAD "url = http://127.0.0.1:%lld/taxii2/\n"
	    "collection = " COLL "\npage-size = 3\nmax-pages = 5\n", p);
	poll_fails(&w, NW_E_LIMIT, "more than 5 pages in one poll "
	    "(max-pages)");

	world_feed(&w, FEED_HEAD "url = http://127.0.0.1:%lld/slow/3000/"
	    "taxii2/\ncollection = " COLL "\n", p);
	w.feed->limits.timeout = 1;
	poll_fails(&w, NW_E_NET, "timed out");

	/* more without next: on from X-TAXII-Date-Added-Last */
	world_feed(&w, FEED_HEAD "url = http://127.0.0.1:%lld/no-next/"
	    "taxii2/\ncollection = " COLL "\npage-size = 3\n", p);
	assert_int_equal(poll_once(&w, &err), 2);
	assert_int_equal(w.nobjects, FIXTURE_KEPT);
	assert_string_equal(w_get(&w.c, "added_after"), FIXTURE_LAST);

	/* and without those either: that is a dead end */
	world_feed(&w, FEED_HEAD "url = http://127.0.0.1:%lld/no-next/"
	    "no-dates/taxii2/\ncollection = " COLL "\npage-size = 3\n", p);
	w_put(&w, "added_after", NULL);
	poll_fails(&w, NW_E_DATA, "neither next nor X-TAXII-Date-Added-Last");

	/* no dates, one page: stored, the cursor stays where it was */
	world_feed(&w, FEED_HEAD "url = http://127.0.0.1:%lld/no-dates/"
	    "taxii2/\ncollection = " COLL "\n", p);
	assert_int_equal(poll_once(&w, &err), 2);
	assert_int_equal(w.nobjects, FIXTURE_KEPT);
	assert_null(w_get(&w.c, "added_after"));
	world_free(&w);
}

static void
test_poll_auth(void **state)
{
	struct world w;
	struct nw_error err;
	char *path, buf[1536];
	long long p = auth_srv.port;

	(void)state;
	world_init(&w);
	world_feed(&w, FEED_HEAD "url = http://127.0.0.1:%lld/taxii2/\n"
	    "collection = " COLL "\n", p);
	poll_fails(&w, NW_E_HTTP, "HTTP 401: the server wants credentials");

	path = cred_file("good analyst correct horse\n"
	    "bad analyst:hunter2\n", 0600);
	setenv(NW_CREDENTIALS_ENV, path, 1);
	world_feed(&w, FEED_HEAD "url = http://127.0.0.1:%lld/taxii2/\n"
	    "collection = " COLL "\ncredentials = bad\n", p);
	poll_fails(&w, NW_E_HTTP, "refused the credentials \"bad\"");
	assert_int_equal(poll_once(&w, &err), -1);
	nw_error_str(&err, buf, sizeof(buf));
	assert_null(strstr(buf, "hunter2"));

	world_feed(&w, FEED_HEAD "url = http://127.0.0.1:%lld/taxii2/\n"
	    "collection = " COLL "\ncredentials = good\n", p);
	assert_int_equal(poll_once(&w, &err), 2);
	assert_int_equal(w.nobjects, FIXTURE_KEPT);

	/* the API roots are on 127.0.0.1: not the url's host */
	world_feed(&w, FEED_HEAD "url = http://localhost:%lld/taxii2/\n"
	    "collection = " COLL "\ncredentials = good\n", p);
	poll_fails(&w, NW_E_DATA, "credentials are not sent there");
	assert_int_equal(w.requests, 1);

	world_feed(&w, FEED_HEAD "url = http://127.0.0.1:%lld/taxii2/\n"
	    "collection = " COLL "\ncredentials = missing\n", p);
	poll_fails(&w, NW_E_CONFIG, "credentials \"missing\": no credentials "
	    "called \"missing\"");
	assert_int_equal(w.requests, 0);

	assert_int_equal(chmod(path, 0644), 0);
	world_feed(&w, FEED_HEAD "url = http://127.0.0.1:%lld/taxii2/\n"
	    "collection = " COLL "\ncredentials = good\n", p);
	poll_fails(&w, NW_E_CONFIG, "chmod 600");
	assert_int_equal(w.requests, 0);
	unsetenv(NW_CREDENTIALS_ENV);
	free(path);
	world_free(&w);
}

/* Feed keys: each bad value is an error with its line. */
static void
check_bad(const char *text, long line, const char *want)
{
	struct nw_error err;
	struct nw_feed *f;

	nw_error_clear(&err);
	f = nw_feed_parse("t.feed", text, strlen(text), NULL, NULL, &err);
	assert_null(f);
	assert_int_equal(err.line, line);
	if (strstr(err.msg, want) == NULL)
		fail_msg("\"%s\" lacks \"%s\"", err.msg, want);
}

static void
test_check(void **state)
{
	struct nw_error err;
	struct nw_feed *f;
	static const char ok[] = FEED_HEAD "url = https://x.example/taxii2/\n"
	    "collection = a\ncredentials = a.b_c-1\npage-size = 10\n"
	    "max-pages = 3\nmatch-type = incident,x-custom-thing\n";

	(void)state;
	nw_error_clear(&err);
	f = nw_feed_parse("t.feed", ok, strlen(ok), NULL, NULL, &err);
	assert_non_null(f);
	nw_feed_free(f);
	check_bad(FEED_HEAD "url = https://x.example/\npage-size = 0\n", 5,
	    "page-size must be a number from 1 to 100000");
	check_bad(FEED_HEAD "url = https://x.example/\nmax-pages = 100001\n",
	    5, "max-pages must be a number from 1 to 100000");
	check_bad(FEED_HEAD "url = https://x.example/\ncredentials = a b\n",
	    5, "credentials: a name");
	check_bad(FEED_HEAD "url = https://x.example/\nmatch-type = a,,b\n",
	    5, "match-type: a list of STIX types");
	check_bad(FEED_HEAD "url = https://x.example/\nmatch-type = "
	    "incident, report\n", 5, "match-type");
	check_bad(FEED_HEAD "url = https://u:p@x.example/\n", 0,
	    "no user or password in the url");
	check_bad(FEED_HEAD "url = file:///tmp/x\n", 0, "http or https");
	check_bad(FEED_HEAD "url = https://x.example/\nwhat = 1\n", 5,
	    "unknown key \"what\" for kind taxii");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_media_type),
		cmocka_unit_test(test_credentials),
		cmocka_unit_test(test_credentials_files),
		cmocka_unit_test(test_fetch_capture),
		cmocka_unit_test(test_poll_all),
		cmocka_unit_test(test_poll_match_type),
		cmocka_unit_test(test_poll_collections),
		cmocka_unit_test(test_poll_misbehaving),
		cmocka_unit_test(test_poll_auth),
		cmocka_unit_test(test_check),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
