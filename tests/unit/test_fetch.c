/*
 * test_fetch.c - nw_fetch against the local test server and file: URLs.
 *
 * The group setup starts $NW_BUILDDIR/tests/server/nwtestd on an ephemeral
 * port of 127.0.0.1, serving $NW_SRCDIR/tests/data/http, and the teardown
 * stops it with SIGTERM and checks that it exited cleanly.  Every test sets
 * the wait scale it needs, so the timing assertions hold whatever
 * NORMWATCH_RETRY_SCALE says.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>

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

#include "normwatch/error.h"
#include "normwatch/fetch.h"
#include "normwatch/limits.h"
#include "normwatch/util.h"

/* sha256sum tests/data/http/hello.txt */
#define HELLO_SHA256 \
	"44f1f8ff7bbe2c4daf6073a3efc8a5d57ecc4d05a3401801f1814c64507edf2e"
#define HELLO_LEN	118
/* printf 'alice:s3cret' | base64 */
#define ALICE_BASIC	"Authorization: Basic YWxpY2U6czNjcmV0"

static const char	*srcdir;
static char		 tmpdir[PATH_MAX];
static char		 portfile[PATH_MAX + 16];
static char		 logfile[PATH_MAX + 16];
static pid_t		 server_pid = -1;
static long long	 server_port;
static char		*hello;		/* tests/data/http/hello.txt */
static size_t		 hello_len;

static void
mkurl(char *buf, size_t sz, const char *path)
{
	snprintf(buf, sz, "http://127.0.0.1:%lld%s", server_port, path);
}

/* Limits for tests: short timeouts, no retries, millisecond backoff. */
static void
lim_test(struct nw_limits *l)
{
	nw_limits_default(l);
	l->connect_timeout = 2;
	l->timeout = 10;
	l->retries = 0;
	l->retry_base_ms = 10;
}

static int
fetch(const char *url, const struct nw_limits *l, struct nw_fetch_res *res,
    struct nw_error *err)
{
	struct nw_fetch_req req;

	memset(&req, 0, sizeof(req));
	req.feed = "testfeed";
	req.url = url;
	req.limits = l;
	nw_error_clear(err);
	return nw_fetch(&req, res, err);
}

/* How many requests the server has seen for key. */
static long long
server_count(const char *key)
{
	struct nw_fetch_res res;
	struct nw_error err;
	struct nw_limits l;
	char url[256], *nl;
	long long n = -1;

	lim_test(&l);
	snprintf(url, sizeof(url), "http://127.0.0.1:%lld/count/%s",
	    server_port, key);
	assert_int_equal(fetch(url, &l, &res, &err), 0);
	nl = strchr(res.body, '\n');
	if (nl != NULL)
		*nl = '\0';
	assert_int_equal(nw_parse_ll(res.body, 0, LLONG_MAX, &n), 0);
	nw_fetch_res_free(&res);
	return n;
}

static int
setup(void **state)
{
	struct nw_error err;
	struct timespec ts = { 0, 20 * 1000000L };
	const char *builddir;
	char bin[PATH_MAX + 32], root[PATH_MAX + 32], path[PATH_MAX + 32];
	char *s, *nl;
	int i, fd;

	(void)state;
	srcdir = getenv("NW_SRCDIR") != NULL ? getenv("NW_SRCDIR") : ".";
	builddir = getenv("NW_BUILDDIR") != NULL ? getenv("NW_BUILDDIR") : ".";
	setenv("NORMWATCH_RETRY_SCALE", "0.01", 0);
	nw_error_clear(&err);
	if (nw_fetch_global_init(&err) == -1) {
		fprintf(stderr, "# nw_fetch_global_init: %s\n", err.msg);
		return -1;
	}

	snprintf(path, sizeof(path), "%s/tests/data/http/hello.txt", srcdir);
	hello = nw_read_file(path, 1 << 20, &hello_len, &err);
	if (hello == NULL) {
		fprintf(stderr, "# %s: %s\n", path, err.msg);
		return -1;
	}

	snprintf(tmpdir, sizeof(tmpdir), "%s/nwfetch.XXXXXX",
	    getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	snprintf(portfile, sizeof(portfile), "%s/port", tmpdir);
	snprintf(logfile, sizeof(logfile), "%s/nwtestd.log", tmpdir);
	snprintf(bin, sizeof(bin), "%s/tests/server/nwtestd", builddir);
	snprintf(root, sizeof(root), "%s/tests/data/http", srcdir);

	server_pid = fork();
	if (server_pid == -1)
		return -1;
	if (server_pid == 0) {
		fd = open(logfile, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd != -1) {
			dup2(fd, 1);
			dup2(fd, 2);
			close(fd);
		}
		execl(bin, "nwtestd", "--root", root, "--port", "0",
		    "--port-file", portfile, (char *)NULL);
		_exit(127);
	}
	for (i = 0; i < 250; i++) {	/* up to 5 s */
		s = nw_read_file(portfile, 64, NULL, &err);
		if (s != NULL) {
			nl = strchr(s, '\n');
			if (nl != NULL)
				*nl = '\0';
			if (nw_parse_ll(s, 1, 65535, &server_port) == 0) {
				free(s);
				return 0;
			}
			free(s);
		}
		nanosleep(&ts, NULL);
	}
	fprintf(stderr, "# %s did not start (see %s)\n", bin, logfile);
	return -1;
}

static int
teardown(void **state)
{
	int status = 0, rc = 0;

	(void)state;
	if (server_pid > 0) {
		kill(server_pid, SIGTERM);
		if (waitpid(server_pid, &status, 0) == -1 ||
		    !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			fprintf(stderr, "# nwtestd did not exit cleanly "
			    "(status %d); log kept in %s\n", status, logfile);
			rc = -1;
		}
	}
	if (rc == 0) {
		unlink(portfile);
		unlink(logfile);
		rmdir(tmpdir);
	}
	free(hello);
	nw_fetch_global_cleanup();
	return rc;
}

static void
test_user_agent(void **state)
{
	(void)state;
	assert_string_equal(nw_fetch_user_agent(),
	    "normwatch/" PACKAGE_VERSION
	    " (+https://github.com/normwatch/normwatch)");
}

static void
test_get_200(void **state)
{
	struct nw_fetch_res res;
	struct nw_error err;
	struct nw_limits l;
	char url[256];

	(void)state;
	lim_test(&l);
	mkurl(url, sizeof(url), "/hello.txt");
	assert_int_equal(fetch(url, &l, &res, &err), 0);
	assert_int_equal(res.status, NW_FETCH_OK);
	assert_int_equal(res.http_code, 200);
	assert_int_equal(res.attempts, 1);
	assert_int_equal(res.len, HELLO_LEN);
	assert_int_equal(res.len, hello_len);
	assert_memory_equal(res.body, hello, hello_len);
	assert_int_equal(res.body[res.len], '\0');
	assert_string_equal(res.sha256, HELLO_SHA256);
	assert_non_null(res.etag);
	assert_string_equal(res.etag, "\"" HELLO_SHA256 "\"");
	assert_non_null(res.last_modified);
	assert_non_null(strstr(res.last_modified, " GMT"));
	assert_non_null(res.content_type);
	assert_string_equal(res.content_type, "text/plain; charset=utf-8");
	assert_non_null(res.effective_url);
	assert_string_equal(res.effective_url, url);
	assert_true(res.seconds >= 0 && res.seconds < 5);
	nw_fetch_res_free(&res);
	nw_fetch_res_free(&res);	/* twice is harmless */
}

/* An empty body is a body: "", with the sha256 of nothing. */
static void
test_get_empty(void **state)
{
	struct nw_fetch_res res;
	struct nw_error err;
	struct nw_limits l;
	char url[256];

	(void)state;
	lim_test(&l);
	mkurl(url, sizeof(url), "/empty.txt");
	assert_int_equal(fetch(url, &l, &res, &err), 0);
	assert_int_equal(res.status, NW_FETCH_OK);
	assert_non_null(res.body);
	assert_int_equal(res.len, 0);
	assert_string_equal(res.body, "");
	/* printf '' | sha256sum */
	assert_string_equal(res.sha256, "e3b0c44298fc1c149afbf4c8996fb924"
	    "27ae41e4649b934ca495991b7852b855");
	nw_fetch_res_free(&res);
}

static void
test_304_etag(void **state)
{
	struct nw_fetch_res res, res2;
	struct nw_fetch_req req;
	struct nw_error err;
	struct nw_limits l;
	char url[256];

	(void)state;
	lim_test(&l);
	mkurl(url, sizeof(url), "/hello.txt");
	assert_int_equal(fetch(url, &l, &res, &err), 0);
	assert_non_null(res.etag);

	memset(&req, 0, sizeof(req));
	req.feed = "testfeed";
	req.url = url;
	req.limits = &l;
	req.etag = res.etag;
	assert_int_equal(nw_fetch(&req, &res2, &err), 0);
	assert_int_equal(res2.status, NW_FETCH_NOT_MODIFIED);
	assert_int_equal(res2.http_code, 304);
	assert_null(res2.body);
	assert_int_equal(res2.len, 0);
	assert_string_equal(res2.sha256, "");
	assert_non_null(res2.etag);
	assert_string_equal(res2.etag, res.etag);
	nw_fetch_res_free(&res2);

	/* A stale ETag gets the body. */
	req.etag = "\"not-the-etag\"";
	assert_int_equal(nw_fetch(&req, &res2, &err), 0);
	assert_int_equal(res2.status, NW_FETCH_OK);
	assert_int_equal(res2.http_code, 200);
	assert_string_equal(res2.sha256, HELLO_SHA256);
	nw_fetch_res_free(&res2);
	nw_fetch_res_free(&res);
}

static void
test_304_last_modified(void **state)
{
	struct nw_fetch_res res, res2;
	struct nw_fetch_req req;
	struct nw_error err;
	struct nw_limits l;
	char url[256];

	(void)state;
	lim_test(&l);
	mkurl(url, sizeof(url), "/hello.txt");
	assert_int_equal(fetch(url, &l, &res, &err), 0);
	assert_non_null(res.last_modified);

	memset(&req, 0, sizeof(req));
	req.feed = "testfeed";
	req.url = url;
	req.limits = &l;
	req.last_modified = res.last_modified;
	assert_int_equal(nw_fetch(&req, &res2, &err), 0);
	assert_int_equal(res2.status, NW_FETCH_NOT_MODIFIED);
	assert_int_equal(res2.http_code, 304);
	assert_null(res2.body);
	nw_fetch_res_free(&res2);

	/* A date long before the file's mtime gets the body. */
	req.last_modified = "Thu, 01 Jan 1998 00:00:00 GMT";
	assert_int_equal(nw_fetch(&req, &res2, &err), 0);
	assert_int_equal(res2.status, NW_FETCH_OK);
	assert_int_equal(res2.len, hello_len);
	nw_fetch_res_free(&res2);
	nw_fetch_res_free(&res);
}

/* The request headers we send, as the server echoes them. */
static void
test_request_headers(void **state)
{
	static const char *const extra[] = { "X-Normwatch-Test: yes", NULL };
	struct nw_fetch_res res;
	struct nw_fetch_req req;
	struct nw_error err;
	struct nw_limits l;
	char url[256], want[256];

	(void)state;
	lim_test(&l);
	mkurl(url, sizeof(url), "/headers");
	memset(&req, 0, sizeof(req));
	req.feed = "testfeed";
	req.url = url;
	req.limits = &l;
	req.etag = "\"abc\"";
	req.last_modified = "Wed, 21 Oct 2015 07:28:00 GMT";
	req.accept = "application/taxii+json;version=2.1";
	req.headers = extra;
	nw_error_clear(&err);
	assert_int_equal(nw_fetch(&req, &res, &err), 0);
	assert_int_equal(res.status, NW_FETCH_OK);
	snprintf(want, sizeof(want), "User-Agent: normwatch/%s "
	    "(+https://github.com/normwatch/normwatch)\n", PACKAGE_VERSION);
	assert_non_null(strstr(res.body, want));
	assert_non_null(strstr(res.body, "If-None-Match: \"abc\"\n"));
	assert_non_null(strstr(res.body,
	    "If-Modified-Since: Wed, 21 Oct 2015 07:28:00 GMT\n"));
	assert_non_null(strstr(res.body,
	    "Accept: application/taxii+json;version=2.1\n"));
	assert_non_null(strstr(res.body, "X-Normwatch-Test: yes\n"));
	assert_null(strstr(res.body, "Authorization:"));
	nw_fetch_res_free(&res);
}

static void
test_basic_auth(void **state)
{
	struct nw_fetch_res res;
	struct nw_fetch_req req;
	struct nw_error err;
	struct nw_limits l;
	char url[256];

	(void)state;
	lim_test(&l);
	mkurl(url, sizeof(url), "/headers");
	memset(&req, 0, sizeof(req));
	req.url = url;
	req.limits = &l;
	req.userpwd = "alice:s3cret";
	assert_int_equal(nw_fetch(&req, &res, &err), 0);
	assert_non_null(strstr(res.body, ALICE_BASIC "\n"));
	nw_fetch_res_free(&res);
}

/* Header values that would smuggle in a line are refused before a try. */
static void
test_header_injection(void **state)
{
	static const char *const extra[] = { "X-A: 1\r\nX-B: 2", NULL };
	static const char *const noname[] = { "no colon here", NULL };
	struct nw_fetch_res res;
	struct nw_fetch_req req;
	struct nw_error err;
	char url[256];

	(void)state;
	mkurl(url, sizeof(url), "/count/inject");
	memset(&req, 0, sizeof(req));
	req.url = url;
	req.etag = "\"x\"\r\nX-Evil: 1";
	assert_int_equal(nw_fetch(&req, &res, &err), -1);
	assert_int_equal(err.code, NW_E_DATA);
	assert_int_equal(res.attempts, 0);
	nw_fetch_res_free(&res);

	req.etag = NULL;
	req.headers = extra;
	assert_int_equal(nw_fetch(&req, &res, &err), -1);
	assert_int_equal(err.code, NW_E_CONFIG);
	nw_fetch_res_free(&res);

	req.headers = noname;
	assert_int_equal(nw_fetch(&req, &res, &err), -1);
	assert_int_equal(err.code, NW_E_CONFIG);
	nw_fetch_res_free(&res);
}

/* 429 with "Retry-After: 1" twice, then the file. */
static void
test_429_retry_after(void **state)
{
	struct nw_fetch_res res;
	struct nw_error err;
	struct nw_limits l;
	char url[256];

	(void)state;
	nw_fetch_set_wait_scale(0.1);	/* 1 s becomes 100 ms */
	lim_test(&l);
	l.retries = 3;
	l.retry_base_ms = 1;		/* so the waits are Retry-After's */
	mkurl(url, sizeof(url), "/429/2/k429/hello.txt");
	assert_int_equal(fetch(url, &l, &res, &err), 0);
	assert_int_equal(res.status, NW_FETCH_OK);
	assert_int_equal(res.http_code, 200);
	assert_int_equal(res.attempts, 3);
	assert_string_equal(res.sha256, HELLO_SHA256);
	assert_true(res.seconds >= 0.19);	/* 2 x 1 s x 0.1 */
	assert_true(res.seconds < 5);
	assert_int_equal(server_count("k429"), 3);
	nw_fetch_res_free(&res);
}

/* Retry-After as an HTTP-date two seconds ahead: one to two seconds. */
static void
test_429_retry_after_date(void **state)
{
	struct nw_fetch_res res;
	struct nw_error err;
	struct nw_limits l;
	char url[256];

	(void)state;
	nw_fetch_set_wait_scale(0.1);
	lim_test(&l);
	l.retries = 2;
	l.retry_base_ms = 1;
	mkurl(url, sizeof(url), "/429-date/1/k429d/hello.txt");
	assert_int_equal(fetch(url, &l, &res, &err), 0);
	assert_int_equal(res.status, NW_FETCH_OK);
	assert_int_equal(res.attempts, 2);
	assert_true(res.seconds >= 0.09);
	assert_true(res.seconds < 5);
	assert_int_equal(server_count("k429d"), 2);
	nw_fetch_res_free(&res);
}

/* Retry-After: 1000 is capped at NW_MAX_RETRY_WAIT_MS (120 s). */
static void
test_retry_after_capped(void **state)
{
	struct nw_fetch_res res;
	struct nw_error err;
	struct nw_limits l;
	char url[256];

	(void)state;
	nw_fetch_set_wait_scale(0.001);	/* cap: 120 ms; uncapped: 1 s */
	lim_test(&l);
	l.retries = 1;
	mkurl(url, sizeof(url), "/retry-after/1000/1/kcap/hello.txt");
	assert_int_equal(fetch(url, &l, &res, &err), 0);
	assert_int_equal(res.status, NW_FETCH_OK);
	assert_int_equal(res.attempts, 2);
	assert_true(res.seconds >= 0.115);
	assert_true(res.seconds < 0.9);
	nw_fetch_res_free(&res);
}

/* 503 twice, then the file; the backoff waits happen (scaled). */
static void
test_flaky_backoff(void **state)
{
	struct nw_fetch_res res;
	struct nw_error err;
	struct nw_limits l;
	char url[256];

	(void)state;
	nw_fetch_set_wait_scale(0.01);
	lim_test(&l);
	l.retries = 3;
	l.retry_base_ms = 2000;	/* waits >= 1000 + 2000 ms, scaled: 30 ms */
	mkurl(url, sizeof(url), "/flaky/2/kflaky/hello.txt");
	assert_int_equal(fetch(url, &l, &res, &err), 0);
	assert_int_equal(res.status, NW_FETCH_OK);
	assert_int_equal(res.attempts, 3);
	assert_true(res.seconds >= 0.029);
	assert_true(res.seconds < 5);	/* 60 ms at most, plus the tries */
	assert_int_equal(server_count("kflaky"), 3);
	nw_fetch_res_free(&res);
}

/* 500 for ever: retries + 1 attempts, then NW_E_HTTP. */
static void
test_500_gives_up(void **state)
{
	struct nw_fetch_res res;
	struct nw_error err;
	struct nw_limits l;
	char url[256];

	(void)state;
	nw_fetch_set_wait_scale(0.01);
	lim_test(&l);
	l.retries = 2;
	mkurl(url, sizeof(url), "/counted/k500/status/500/hello.txt");
	assert_int_equal(fetch(url, &l, &res, &err), -1);
	assert_int_equal(res.status, NW_FETCH_FAILED);
	assert_int_equal(res.http_code, 500);
	assert_int_equal(res.attempts, 3);
	assert_null(res.body);
	assert_int_equal(err.code, NW_E_HTTP);
	assert_string_equal(err.msg, "HTTP 500 after 3 attempts");
	assert_string_equal(err.feed, "testfeed");
	assert_string_equal(err.file, url);
	assert_int_equal(server_count("k500"), 3);
	nw_fetch_res_free(&res);
}

/* 404 is not retried. */
static void
test_404_no_retry(void **state)
{
	struct nw_fetch_res res;
	struct nw_error err;
	struct nw_limits l;
	char url[256];

	(void)state;
	lim_test(&l);
	l.retries = 3;
	mkurl(url, sizeof(url), "/counted/k404/status/404/hello.txt");
	assert_int_equal(fetch(url, &l, &res, &err), -1);
	assert_int_equal(res.http_code, 404);
	assert_int_equal(res.attempts, 1);
	assert_int_equal(err.code, NW_E_HTTP);
	assert_string_equal(err.msg, "HTTP 404");
	assert_int_equal(server_count("k404"), 1);
	nw_fetch_res_free(&res);

	mkurl(url, sizeof(url), "/no-such-file.txt");
	assert_int_equal(fetch(url, &l, &res, &err), -1);
	assert_int_equal(res.http_code, 404);
	assert_int_equal(res.attempts, 1);
	nw_fetch_res_free(&res);
}

/* The server refuses paths that climb out of its root. */
static void
test_server_traversal(void **state)
{
	struct nw_fetch_res res;
	struct nw_error err;
	struct nw_limits l;
	char url[256];

	(void)state;
	lim_test(&l);
	mkurl(url, sizeof(url), "/%2e%2e/%2e%2e/%2e%2e/etc/passwd");
	assert_int_equal(fetch(url, &l, &res, &err), -1);
	assert_int_equal(res.http_code, 403);
	assert_int_equal(err.code, NW_E_HTTP);
	nw_fetch_res_free(&res);
}

/* 10 bytes per second against a floor of 1000 for 1 s: a timeout, retried. */
static void
test_slow_low_speed(void **state)
{
	struct nw_fetch_res res;
	struct nw_error err;
	struct nw_limits l;
	char url[256];

	(void)state;
	nw_fetch_set_wait_scale(0.01);
	lim_test(&l);
	l.low_speed_limit = 1000;
	l.low_speed_time = 1;
	l.retries = 1;
	mkurl(url, sizeof(url), "/counted/kslow/slow/10/hello.txt");
	assert_int_equal(fetch(url, &l, &res, &err), -1);
	assert_int_equal(res.status, NW_FETCH_FAILED);
	assert_int_equal(err.code, NW_E_NET);
	assert_int_equal(res.attempts, 2);
	assert_non_null(strstr(err.msg, "after 2 attempts"));
	assert_true(res.seconds < 8);
	assert_int_equal(server_count("kslow"), 2);
	nw_fetch_res_free(&res);
}

/* A server that never answers: the whole-transfer timeout. */
static void
test_hang_timeout(void **state)
{
	struct nw_fetch_res res;
	struct nw_error err;
	struct nw_limits l;
	char url[256];

	(void)state;
	lim_test(&l);
	l.timeout = 1;
	mkurl(url, sizeof(url), "/hang/hello.txt");
	assert_int_equal(fetch(url, &l, &res, &err), -1);
	assert_int_equal(err.code, NW_E_NET);
	assert_int_equal(res.attempts, 1);
	assert_true(res.seconds >= 0.9);
	assert_true(res.seconds < 5);
	nw_fetch_res_free(&res);
}

/* Content-Length larger than the body: never accepted. */
static void
test_truncated(void **state)
{
	struct nw_fetch_res res;
	struct nw_error err;
	struct nw_limits l;
	char url[256];

	(void)state;
	nw_fetch_set_wait_scale(0.01);
	lim_test(&l);
	l.retries = 1;
	mkurl(url, sizeof(url), "/counted/ktrunc/truncated/hello.txt");
	assert_int_equal(fetch(url, &l, &res, &err), -1);
	assert_int_equal(res.status, NW_FETCH_FAILED);
	assert_null(res.body);
	assert_int_equal(err.code, NW_E_NET);
	assert_int_equal(res.attempts, 2);
	assert_int_equal(server_count("ktrunc"), 2);
	nw_fetch_res_free(&res);
}

/* A chunked body without Content-Length is fine when it is complete. */
static void
test_nolen(void **state)
{
	struct nw_fetch_res res;
	struct nw_error err;
	struct nw_limits l;
	char url[256];

	(void)state;
	lim_test(&l);
	mkurl(url, sizeof(url), "/nolen/hello.txt");
	assert_int_equal(fetch(url, &l, &res, &err), 0);
	assert_int_equal(res.len, hello_len);
	assert_string_equal(res.sha256, HELLO_SHA256);
	nw_fetch_res_free(&res);
}

static void
test_redirects(void **state)
{
	struct nw_fetch_res res;
	struct nw_error err;
	struct nw_limits l;
	char url[256], want[256];

	(void)state;
	lim_test(&l);
	l.max_redirects = 3;
	mkurl(url, sizeof(url), "/redirect/3/hello.txt");
	mkurl(want, sizeof(want), "/hello.txt");
	assert_int_equal(fetch(url, &l, &res, &err), 0);
	assert_int_equal(res.status, NW_FETCH_OK);
	assert_int_equal(res.http_code, 200);
	assert_string_equal(res.sha256, HELLO_SHA256);
	assert_non_null(res.effective_url);
	assert_string_equal(res.effective_url, want);
	/* The validators are the document's, not a redirect's. */
	assert_non_null(res.etag);
	assert_string_equal(res.etag, "\"" HELLO_SHA256 "\"");
	nw_fetch_res_free(&res);

	/* One hop too many. */
	mkurl(url, sizeof(url), "/redirect/4/hello.txt");
	assert_int_equal(fetch(url, &l, &res, &err), -1);
	assert_int_equal(err.code, NW_E_LIMIT);
	assert_string_equal(err.msg, "more than 3 redirects");
	nw_fetch_res_free(&res);
}

static void
test_redirect_loop(void **state)
{
	struct nw_fetch_res res;
	struct nw_error err;
	struct nw_limits l;
	char url[256];

	(void)state;
	lim_test(&l);
	l.retries = 2;
	mkurl(url, sizeof(url), "/redirect-loop/2");
	assert_int_equal(fetch(url, &l, &res, &err), -1);
	assert_int_equal(res.status, NW_FETCH_FAILED);
	assert_int_equal(err.code, NW_E_LIMIT);
	assert_int_equal(res.attempts, 1);
	nw_fetch_res_free(&res);
}

/* A redirect to file: must be refused, never followed. */
static void
test_redirect_to_file(void **state)
{
	struct nw_fetch_res res;
	struct nw_error err;
	struct nw_limits l;
	char url[256];

	(void)state;
	lim_test(&l);
	mkurl(url, sizeof(url), "/redirect-to-file");
	assert_int_equal(fetch(url, &l, &res, &err), -1);
	assert_int_equal(res.status, NW_FETCH_FAILED);
	assert_null(res.body);
	assert_int_equal(err.code, NW_E_NET);
	assert_string_equal(err.msg,
	    "refused a redirect to file:///etc/passwd");
	nw_fetch_res_free(&res);
}

/* Bodies over max_body, with and without Content-Length. */
static void
test_body_limit(void **state)
{
	struct nw_fetch_res res;
	struct nw_error err;
	struct nw_limits l;
	char url[256];

	(void)state;
	lim_test(&l);
	l.retries = 2;
	l.max_body = 100000;

	mkurl(url, sizeof(url), "/big/100000");	/* exactly the cap: fine */
	assert_int_equal(fetch(url, &l, &res, &err), 0);
	assert_int_equal(res.len, 100000);
	nw_fetch_res_free(&res);

	mkurl(url, sizeof(url), "/big/100001");
	assert_int_equal(fetch(url, &l, &res, &err), -1);
	assert_int_equal(err.code, NW_E_LIMIT);
	assert_string_equal(err.msg, "body larger than 100000 bytes");
	assert_int_equal(res.attempts, 1);
	assert_null(res.body);
	nw_fetch_res_free(&res);

	mkurl(url, sizeof(url), "/big-nolen/100001");
	assert_int_equal(fetch(url, &l, &res, &err), -1);
	assert_int_equal(err.code, NW_E_LIMIT);
	assert_string_equal(err.msg, "body larger than 100000 bytes");
	assert_int_equal(res.attempts, 1);
	nw_fetch_res_free(&res);

	mkurl(url, sizeof(url), "/big-nolen/100000");
	assert_int_equal(fetch(url, &l, &res, &err), 0);
	assert_int_equal(res.len, 100000);
	nw_fetch_res_free(&res);
}

/* A loopback port nothing listens on (bound, then closed again). */
static int
closed_port(void)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);
	int fd, port;

	fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd != -1);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	port = ntohs(sin.sin_port);
	close(fd);
	return port;
}

/* Nothing listens: connection refused, retried, NW_E_NET. */
static void
test_connect_refused(void **state)
{
	struct nw_fetch_res res;
	struct nw_error err;
	struct nw_limits l;
	char url[64];

	(void)state;
	nw_fetch_set_wait_scale(0.01);
	lim_test(&l);
	l.retries = 1;
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/x", closed_port());
	assert_int_equal(fetch(url, &l, &res, &err), -1);
	assert_int_equal(err.code, NW_E_NET);
	assert_int_equal(res.attempts, 2);
	assert_int_equal(res.http_code, 0);
	nw_fetch_res_free(&res);
}

/* Credentials in a URL never reach the error record. */
static void
test_error_redacts_password(void **state)
{
	struct nw_fetch_res res;
	struct nw_error err;
	struct nw_limits l;
	char url[64], want[64];
	int port;

	(void)state;
	lim_test(&l);
	port = closed_port();
	snprintf(url, sizeof(url), "http://bob:hunter2@127.0.0.1:%d/x", port);
	snprintf(want, sizeof(want), "http://127.0.0.1:%d/x", port);
	assert_int_equal(fetch(url, &l, &res, &err), -1);
	assert_null(strstr(err.file, "hunter2"));
	assert_null(strstr(err.msg, "hunter2"));
	assert_string_equal(err.file, want);
	nw_fetch_res_free(&res);
}

static void
test_file_url(void **state)
{
	struct nw_fetch_res res;
	struct nw_error err;
	struct nw_limits l;
	char url[PATH_MAX + 64];

	(void)state;
	if (srcdir[0] != '/')
		skip();		/* file: URLs need an absolute NW_SRCDIR */
	lim_test(&l);
	snprintf(url, sizeof(url), "file://%s/tests/data/http/hello.txt",
	    srcdir);
	assert_int_equal(fetch(url, &l, &res, &err), 0);
	assert_int_equal(res.status, NW_FETCH_OK);
	assert_int_equal(res.http_code, 0);
	assert_int_equal(res.len, hello_len);
	assert_memory_equal(res.body, hello, hello_len);
	assert_string_equal(res.sha256, HELLO_SHA256);
	nw_fetch_res_free(&res);

	l.max_body = 10;
	assert_int_equal(fetch(url, &l, &res, &err), -1);
	assert_int_equal(err.code, NW_E_LIMIT);
	nw_fetch_res_free(&res);

	l.max_body = NW_DEF_MAX_BODY;
	snprintf(url, sizeof(url), "file://%s/tests/data/http/missing.txt",
	    srcdir);
	assert_int_equal(fetch(url, &l, &res, &err), -1);
	assert_int_equal(res.status, NW_FETCH_FAILED);
	assert_int_equal(err.code, NW_E_IO);
	assert_string_equal(err.file, url);
	assert_non_null(strstr(err.msg, "missing.txt"));
	assert_int_equal(res.attempts, 1);
	nw_fetch_res_free(&res);

	/* libcurl would read a directory as an empty file. */
	snprintf(url, sizeof(url), "file://%s/tests/data/http/sub", srcdir);
	assert_int_equal(fetch(url, &l, &res, &err), -1);
	assert_int_equal(err.code, NW_E_IO);
	assert_string_equal(err.msg, "is a directory, not a file");
	nw_fetch_res_free(&res);
}

static void
test_bad_scheme(void **state)
{
	static const char *const bad[] = {
		"ftp://127.0.0.1/x", "gopher://127.0.0.1/", "/etc/passwd",
		"dict://127.0.0.1:11211/", "", "httpx://a/",
	};
	struct nw_fetch_res res;
	struct nw_error err;
	size_t i;

	(void)state;
	for (i = 0; i < NW_NELEM(bad); i++) {
		assert_int_equal(fetch(bad[i], NULL, &res, &err), -1);
		assert_int_equal(res.status, NW_FETCH_FAILED);
		assert_int_equal(res.attempts, 0);
		assert_int_equal(err.code, NW_E_CONFIG);
		nw_fetch_res_free(&res);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_user_agent),
		cmocka_unit_test(test_get_200),
		cmocka_unit_test(test_get_empty),
		cmocka_unit_test(test_304_etag),
		cmocka_unit_test(test_304_last_modified),
		cmocka_unit_test(test_request_headers),
		cmocka_unit_test(test_basic_auth),
		cmocka_unit_test(test_header_injection),
		cmocka_unit_test(test_429_retry_after),
		cmocka_unit_test(test_429_retry_after_date),
		cmocka_unit_test(test_retry_after_capped),
		cmocka_unit_test(test_flaky_backoff),
		cmocka_unit_test(test_500_gives_up),
		cmocka_unit_test(test_404_no_retry),
		cmocka_unit_test(test_server_traversal),
		cmocka_unit_test(test_slow_low_speed),
		cmocka_unit_test(test_hang_timeout),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_nolen),
		cmocka_unit_test(test_redirects),
		cmocka_unit_test(test_redirect_loop),
		cmocka_unit_test(test_redirect_to_file),
		cmocka_unit_test(test_body_limit),
		cmocka_unit_test(test_connect_refused),
		cmocka_unit_test(test_error_redacts_password),
		cmocka_unit_test(test_file_url),
		cmocka_unit_test(test_bad_scheme),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
