/*
 * test_config.c - normwatch.conf (src/config.c): values, every error with
 * its line, the limits, `config check`'s file tests; the default paths of
 * a user and a system install with their overrides (src/paths.c); the
 * JSON log line and the progress bar (src/log.c).
 */
#include "config.h"

#include <sys/stat.h>

#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "normwatch/config.h"
#include "normwatch/limits.h"
#include "normwatch/log.h"
#include "normwatch/paths.h"
#include "normwatch/util.h"

#define MAX_ERRS	32

/* Every error a parse reported. */
struct errs {
	int		n;
	struct nw_error	e[MAX_ERRS];
};

static void
collect(const struct nw_error *e, void *arg)
{
	struct errs *es = arg;

	if (es->n < MAX_ERRS)
		es->e[es->n] = *e;
	es->n++;
}

static struct nw_config *
parse(const char *path, const char *text, struct errs *es)
{
	struct nw_error err;

	memset(es, 0, sizeof(*es));
	return nw_config_parse(path, text, strlen(text), collect, es, &err);
}

/* The message of the error reported for line, or "". */
static const char *
msg_on(const struct errs *es, long line);

/* The error reported for line, or NULL. */
static const struct nw_error *
on_line(const struct errs *es, long line)
{
	int i;

	for (i = 0; i < es->n && i < MAX_ERRS; i++)
		if (es->e[i].line == line)
			return &es->e[i];
	return NULL;
}

static const char *
msg_on(const struct errs *es, long line)
{
	const struct nw_error *e = on_line(es, line);

	return e != NULL ? e->msg : "";
}

static void
test_values(void **state)
{
	struct nw_config *c;
	struct errs es;

	(void)state;
	c = parse("/etc/nw/normwatch.conf",
	    "# comment\n"
	    "\n"
	    "store = /var/lib/nw/x.db\n"
	    "  feeds\t=  feeds.d  \n"
	    "rules = ../rules\n"
	    "cache = /var/cache/nw\n"
	    "output = out\n"
	    "log-level = debug\n"
	    "log-format = json\n"
	    "syslog = on\n"
	    "taxii-listen = [::1]:8573\n"
	    "taxii-users = users\n"
	    "taxii-tls-cert = /tls/c.pem\n"
	    "taxii-tls-key = /tls/k.pem\n"
	    "taxii-anonymous-read = yes\n", &es);
	assert_non_null(c);
	assert_int_equal(es.n, 0);
	assert_string_equal(c->path, "/etc/nw/normwatch.conf");
	assert_string_equal(c->store, "/var/lib/nw/x.db");
	/* relative paths are anchored at the file's directory */
	assert_string_equal(c->feeds, "/etc/nw/feeds.d");
	assert_string_equal(c->rules, "/etc/nw/../rules");
	assert_string_equal(c->output, "/etc/nw/out");
	assert_string_equal(c->cache, "/var/cache/nw");
	assert_int_equal(c->log_level, NW_LOG_DEBUG);
	assert_int_equal(c->log_format, NW_LOGFMT_JSON);
	assert_int_equal(c->syslog, 1);
	assert_string_equal(c->taxii.listen, "[::1]:8573");
	assert_string_equal(c->taxii.users, "/etc/nw/users");
	assert_string_equal(c->taxii.tls_cert, "/tls/c.pem");
	assert_string_equal(c->taxii.tls_key, "/tls/k.pem");
	assert_int_equal(c->taxii.anonymous_read, 1);
	assert_int_equal(c->line[nw_config_key("store")], 3);
	assert_int_equal(c->line[nw_config_key("taxii-anonymous-read")], 15);
	nw_config_free(c);
}

static void
test_unset(void **state)
{
	struct nw_config *c;
	struct errs es;
	size_t i;

	(void)state;
	c = parse("x.conf", "# nothing but a comment\n", &es);
	assert_non_null(c);
	assert_null(c->store);
	assert_null(c->feeds);
	assert_null(c->output);
	assert_null(c->taxii.listen);
	assert_int_equal(c->log_level, -1);
	assert_int_equal(c->log_format, -1);
	assert_int_equal(c->syslog, -1);
	assert_int_equal(c->taxii.anonymous_read, -1);
	for (i = 0; i < NW_NELEM(c->line); i++)
		assert_int_equal(c->line[i], 0);
	nw_config_free(c);
	c = nw_config_empty();
	assert_null(c->path);
	assert_int_equal(c->taxii.anonymous_read, -1);
	nw_config_free(c);
	nw_config_free(NULL);
}

static void
test_errors(void **state)
{
	struct errs es;
	struct nw_error first;
	const char *text =
	    "store = /a.db\n"			/* 1 */
	    "store = /b.db\n"			/* 2 duplicate */
	    "log-level = loud\n"		/* 3 */
	    "log-format = xml\n"		/* 4 */
	    "syslog = maybe\n"			/* 5 */
	    "taxii-listen = 127.0.0.1\n"	/* 6 */
	    "colour = red\n"			/* 7 */
	    "Store = /x\n"			/* 8 */
	    "just words\n"			/* 9 */
	    "feeds = ~/feeds\n"			/* 10 */
	    "cache =\n"				/* 11 */
	    "output = a\001b\n"			/* 12 */
	    "taxii-anonymous-read = 2\n";	/* 13 */

	(void)state;
	memset(&es, 0, sizeof(es));
	assert_null(nw_config_parse("bad.conf", text, strlen(text), collect,
	    &es, &first));
	assert_int_equal(es.n, 12);
	/* the first error lands in *err too, with file and line */
	assert_int_equal(first.code, NW_E_CONFIG);
	assert_string_equal(first.file, "bad.conf");
	assert_int_equal(first.line, 2);
	assert_null(on_line(&es, 1));
	assert_non_null(strstr(msg_on(&es, 2), "duplicate key \"store\" (first on "
	    "line 1)"));
	assert_int_equal(on_line(&es, 2)->col, 1);
	assert_non_null(strstr(msg_on(&es, 3), "log-level must be error, warning"));
	assert_non_null(strstr(msg_on(&es, 4), "log-format must be text or json"));
	assert_non_null(strstr(msg_on(&es, 5), "syslog must be yes or no"));
	assert_non_null(strstr(msg_on(&es, 6), "taxii-listen: expected HOST:PORT"));
	assert_non_null(strstr(msg_on(&es, 7), "unknown key \"colour\""));
	assert_non_null(strstr(msg_on(&es, 8), "bad key \"Store\""));
	assert_non_null(strstr(msg_on(&es, 9), "expected \"key = value\""));
	assert_non_null(strstr(msg_on(&es, 10), "'~' is not expanded"));
	assert_non_null(strstr(msg_on(&es, 11), "must not be empty"));
	assert_non_null(strstr(msg_on(&es, 12), "control characters"));
	assert_non_null(strstr(msg_on(&es, 13), "taxii-anonymous-read must be yes"));
}

static void
test_tls_pair(void **state)
{
	struct nw_config *c;
	struct errs es;

	(void)state;
	assert_null(parse("t.conf", "taxii-listen = 0.0.0.0:443\n"
	    "taxii-tls-key = /k.pem\n", &es));
	assert_int_equal(es.n, 1);
	assert_int_equal(es.e[0].line, 2);
	assert_non_null(strstr(es.e[0].msg, "go together"));
	assert_null(parse("t.conf", "taxii-tls-cert = /c.pem\n", &es));
	assert_int_equal(es.n, 1);
	assert_int_equal(es.e[0].line, 1);
	c = parse("t.conf", "taxii-tls-cert = /c.pem\n"
	    "taxii-tls-key = /k.pem\n", &es);
	assert_non_null(c);
	nw_config_free(c);
}

static void
test_listen(void **state)
{
	static const struct {
		const char	*s;
		long		 port;	/* 0: refused */
	} cases[] = {
		{ "127.0.0.1:8573", 8573 },
		{ "0.0.0.0:1", 1 },
		{ "localhost:65535", 65535 },
		{ "taxii.example.org:443", 443 },
		{ "[::1]:8573", 8573 },
		{ "[::]:80", 80 },
		{ "[fe80::1%eth0]:80", 0 },
		{ "127.0.0.1", 0 },
		{ "127.0.0.1:", 0 },
		{ "127.0.0.1:0", 0 },
		{ "127.0.0.1:65536", 0 },
		{ "127.0.0.1:80x", 0 },
		{ "127.0.0.1:-1", 0 },
		{ ":8573", 0 },
		{ "[::1]8573", 0 },
		{ "[::1:8573", 0 },
		{ "::1:8573", 0 },
		{ "exa mple:80", 0 },
		{ "[]:80", 0 },
	};
	const char *why;
	long port;
	size_t i;
	char big[NW_CONFIG_MAX_LISTEN + 8];

	(void)state;
	for (i = 0; i < NW_NELEM(cases); i++) {
		why = NULL;
		port = 0;
		if (cases[i].port == 0) {
			assert_int_equal(nw_config_listen_check(cases[i].s,
			    &port, &why), -1);
			assert_non_null(why);
		} else {
			assert_int_equal(nw_config_listen_check(cases[i].s,
			    &port, &why), 0);
			assert_int_equal(port, cases[i].port);
		}
	}
	/* the cap */
	memset(big, 'a', sizeof(big));
	memcpy(big + sizeof(big) - 6, ":8573", 6);
	assert_int_equal(nw_config_listen_check(big, NULL, &why), -1);
	assert_string_equal(why, "too long");
}

static void
test_limits(void **state)
{
	struct errs es;
	struct nw_error err;
	char *text, *p;
	size_t n = NW_MAX_CONF_LINE + 10;

	(void)state;
	/* a line over the cap is an error naming it; the others still count */
	text = xmalloc(n + 64);
	p = text;
	memcpy(p, "store = /", 9);
	p += 9;
	memset(p, 'x', n);
	p += n;
	memcpy(p, "\nbogus = 1\n", 12);
	memset(&es, 0, sizeof(es));
	assert_null(nw_config_parse("l.conf", text, strlen(text), collect, &es,
	    &err));
	assert_int_equal(es.n, 2);
	assert_int_equal(es.e[0].line, 1);
	assert_non_null(strstr(es.e[0].msg, "line longer than"));
	assert_int_equal(es.e[1].line, 2);
	free(text);

	/* a path longer than NW_CONFIG_MAX_PATH once resolved: a relative
	   value under a long directory (a line cannot hold one alone) */
	text = xmalloc(3100);
	memset(text, 'd', 3099);
	text[0] = '/';
	memcpy(text + 3090, "/x.conf", 8);
	p = xmalloc(2100);
	memcpy(p, "store = ", 8);
	memset(p + 8, 'v', 2000);
	memcpy(p + 2008, "\n", 2);
	assert_null(parse(text, p, &es));
	assert_int_equal(es.n, 1);
	assert_int_equal(es.e[0].line, 1);
	assert_non_null(strstr(es.e[0].msg, "the path is too long"));
	free(p);
	free(text);

	/* not UTF-8: the line is named */
	assert_null(parse("u.conf", "store = /a\nfeeds = /\xff\n", &es));
	assert_int_equal(es.n, 1);
	assert_int_equal(es.e[0].line, 2);
	assert_non_null(strstr(es.e[0].msg, "UTF-8"));

	/* a NUL byte */
	memset(&es, 0, sizeof(es));
	assert_null(nw_config_parse("n.conf", "store = /a\0b\n", 12, collect,
	    &es, &err));
	assert_int_equal(es.n, 1);
}

static void
test_load(void **state)
{
	struct nw_error err;
	struct errs es;
	struct nw_config *c;
	char dir[] = "/tmp/nwconfXXXXXX", *path;
	FILE *fp;

	(void)state;
	assert_non_null(mkdtemp(dir));
	path = xasprintf("%s/normwatch.conf", dir);
	memset(&es, 0, sizeof(es));
	assert_null(nw_config_load(path, collect, &es, &err));
	assert_int_equal(err.code, NW_E_IO);
	assert_int_equal(es.n, 1);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("output = out\n", fp);
	fclose(fp);
	c = nw_config_load(path, NULL, NULL, &err);
	assert_non_null(c);
	assert_string_equal(c->path, path);
	free(path);
	path = xasprintf("%s/out", dir);
	assert_string_equal(c->output, path);
	nw_config_free(c);
	free(path);
	path = xasprintf("%s/normwatch.conf", dir);
	unlink(path);
	free(path);
	rmdir(dir);
}

static void
test_check(void **state)
{
	struct nw_config *c;
	struct errs es, ce;
	char dir[] = "/tmp/nwconfXXXXXX", *text, *f;
	FILE *fp;

	(void)state;
	assert_non_null(mkdtemp(dir));
	f = xasprintf("%s/afile", dir);
	fp = fopen(f, "w");
	assert_non_null(fp);
	fclose(fp);
	text = xasprintf(
	    "store = %s/new/deeper/x.db\n"	/* 1 ok: made when missing */
	    "feeds = %s\n"			/* 2 ok */
	    "rules = %s/missing\n"		/* 3 no such directory */
	    "cache = %s/afile/sub\n"		/* 4 under a file */
	    "output = %s/afile\n"		/* 5 a file, not a directory */
	    "taxii-users = %s/nousers\n"	/* 6 missing */
	    "taxii-tls-cert = %s\n"		/* 7 a directory */
	    "taxii-tls-key = %s/afile\n",	/* 8 ok */
	    dir, dir, dir, dir, dir, dir, dir, dir);
	c = parse("c.conf", text, &es);
	assert_non_null(c);
	memset(&ce, 0, sizeof(ce));
	assert_int_equal(nw_config_check(c, collect, &ce), 5);
	assert_null(on_line(&ce, 1));
	assert_null(on_line(&ce, 2));
	assert_non_null(on_line(&ce, 3));
	assert_non_null(strstr(msg_on(&ce, 3), "No such file"));
	assert_string_equal(on_line(&ce, 3)->file, "c.conf");
	assert_non_null(on_line(&ce, 4));
	assert_non_null(strstr(msg_on(&ce, 4), "Not a directory"));
	assert_non_null(on_line(&ce, 5));
	assert_non_null(strstr(msg_on(&ce, 5), "is not a directory"));
	assert_non_null(on_line(&ce, 6));
	assert_non_null(on_line(&ce, 7));
	assert_non_null(strstr(msg_on(&ce, 7), "not a regular file"));
	assert_null(on_line(&ce, 8));
	nw_config_free(c);
	free(text);
	unlink(f);
	free(f);
	rmdir(dir);
}

static void
test_keys(void **state)
{
	int i;

	(void)state;
	for (i = 0; nw_config_keys[i] != NULL; i++)
		assert_int_equal(nw_config_key(nw_config_keys[i]), i);
	assert_true(i <= (int)NW_NELEM(((struct nw_config *)0)->line));
	assert_int_equal(nw_config_key("nope"), -1);
	assert_int_equal(nw_config_loglevel("warning"), NW_LOG_WARN);
	assert_int_equal(nw_config_loglevel("warn"), -1);
	assert_int_equal(nw_config_logformat("text"), NW_LOGFMT_TEXT);
	assert_int_equal(nw_config_logformat("JSON"), -1);
}

static void
test_paths(void **state)
{
	char *p;

	(void)state;
	setenv("HOME", "/home/u", 1);
	setenv("XDG_DATA_HOME", "/xd", 1);
	setenv("XDG_CONFIG_HOME", "/xc", 1);
	setenv("XDG_CACHE_HOME", "/xk", 1);
	unsetenv("NORMWATCH_SYSTEM");
	unsetenv("STATE_DIRECTORY");
	unsetenv("CACHE_DIRECTORY");
	nw_paths_set_system(0);
#define IS(call, want) do {				\
	p = call;					\
	assert_string_equal(p, want);			\
	free(p);					\
} while (0)
	IS(nw_path_store(), "/xd/normwatch/normwatch.db");
	IS(nw_path_cache(), "/xk/normwatch");
	IS(nw_path_output(), "/xd/normwatch/output");
	IS(nw_path_config(), "/xc/normwatch/normwatch.conf");

	/* the system layout, from the environment ... */
	setenv("NORMWATCH_SYSTEM", "1", 1);
	assert_true(nw_paths_system());
	IS(nw_path_store(), "/var/lib/normwatch/normwatch.db");
	IS(nw_path_cache(), "/var/cache/normwatch");
	IS(nw_path_output(), "/var/lib/normwatch/output");
	IS(nw_path_config(), "/etc/normwatch/normwatch.conf");
	/* ... where systemd's directories win */
	setenv("STATE_DIRECTORY", "/var/lib/private/normwatch", 1);
	setenv("CACHE_DIRECTORY", "/var/cache/private/normwatch", 1);
	IS(nw_path_store(), "/var/lib/private/normwatch/normwatch.db");
	IS(nw_path_cache(), "/var/cache/private/normwatch");
	/* several directories (a:b) or a relative one are not taken */
	setenv("STATE_DIRECTORY", "/a:/b", 1);
	IS(nw_path_store(), "/var/lib/normwatch/normwatch.db");
	setenv("NORMWATCH_SYSTEM", "0", 1);
	assert_false(nw_paths_system());
	nw_paths_set_system(1);
	assert_true(nw_paths_system());
	nw_paths_set_system(0);
	unsetenv("NORMWATCH_SYSTEM");

	/* normwatch.conf replaces a default; NULL restores it */
	nw_paths_set(NW_PATH_STORE, "/conf/x.db");
	nw_paths_set(NW_PATH_OUTPUT, "/conf/out");
	nw_paths_set(NW_PATH_FEEDS, "/conf/feeds");
	nw_paths_set(NW_PATH_NORMS, "/conf/norms");
	nw_paths_set(NW_PATH_CACHE, "/conf/cache");
	IS(nw_path_store(), "/conf/x.db");
	IS(nw_path_output(), "/conf/out");
	IS(nw_path_feeds(), "/conf/feeds");
	IS(nw_path_norms(), "/conf/norms");
	IS(nw_path_cache(), "/conf/cache");
	nw_paths_set(NW_PATH_STORE, NULL);
	IS(nw_path_store(), "/xd/normwatch/normwatch.db");
	nw_paths_set(NW_PATH_OUTPUT, NULL);
	nw_paths_set(NW_PATH_FEEDS, NULL);
	nw_paths_set(NW_PATH_NORMS, NULL);
	nw_paths_set(NW_PATH_CACHE, NULL);
#undef IS
}

/* Run fn with stderr going to a file; returns what it wrote (caller frees). */
static char *
capture_stderr(void (*fn)(void))
{
	char path[] = "/tmp/nwlogXXXXXX", *out;
	struct nw_error err;
	size_t len;
	int fd, saved;

	fd = mkstemp(path);
	assert_true(fd != -1);
	fflush(stderr);
	saved = dup(STDERR_FILENO);
	dup2(fd, STDERR_FILENO);
	fn();
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	close(fd);
	out = nw_read_file(path, 1 << 20, &len, &err);
	assert_non_null(out);
	unlink(path);
	return out;
}

static void
log_some(void)
{
	struct nw_error e;

	nw_error_clear(&e);
	nw_error_where(&e, "csis", "list.pdf");
	nw_error_at_line(&e, 12, 3);
	nw_error_set(&e, NW_E_PARSE, "a \"quoted\" word");
	nw_log_error(&e);
	nw_log(NW_LOG_WARN, "rss-vendor", "slow: %d s", 42);
	nw_log(NW_LOG_INFO, NULL, "not shown at the default level");
}

static void
test_log_json(void **state)
{
	json_object *o, *v;
	char *out, *nl;

	(void)state;
	setenv("NORMWATCH_NOW", "2025-07-01T12:00:00Z", 1);
	nw_log_set_level(NW_LOG_WARN);

	/* text: as always */
	nw_log_set_format(NW_LOGFMT_TEXT);
	out = capture_stderr(log_some);
	assert_string_equal(out,
	    "normwatch: error: csis: list.pdf:12:3: a \"quoted\" word\n"
	    "normwatch: rss-vendor: warning: slow: 42 s\n");
	free(out);

	/* json: one object a line, keys in order */
	nw_log_set_format(NW_LOGFMT_JSON);
	assert_int_equal(nw_log_get_format(), NW_LOGFMT_JSON);
	out = capture_stderr(log_some);
	nl = strchr(out, '\n');
	assert_non_null(nl);
	*nl = '\0';
	assert_string_equal(out, "{\"feed\":\"csis\",\"level\":\"error\","
	    "\"message\":\"a \\\"quoted\\\" word\",\"time\":"
	    "\"2025-07-01T12:00:00Z\",\"where\":\"list.pdf:12:3\"}");
	o = json_tokener_parse(nl + 1);
	assert_non_null(o);
	assert_true(json_object_object_get_ex(o, "level", &v));
	assert_string_equal(json_object_get_string(v), "warning");
	assert_true(json_object_object_get_ex(o, "feed", &v));
	assert_string_equal(json_object_get_string(v), "rss-vendor");
	assert_true(json_object_object_get_ex(o, "message", &v));
	assert_string_equal(json_object_get_string(v), "slow: 42 s");
	assert_false(json_object_object_get_ex(o, "where", &v));
	json_object_put(o);
	/* exactly two lines */
	assert_null(strchr(strchr(nl + 1, '\n') + 1, '\n'));
	free(out);
	nw_log_set_format(NW_LOGFMT_TEXT);
	unsetenv("NORMWATCH_NOW");
}

static void
test_progress_bar(void **state)
{
	char buf[256];

	(void)state;
	nw_progress_prefix(NULL);
	nw_progress_bar(0, 0);
	assert_string_equal(nw_progress_render(buf, sizeof(buf), 80,
	    "csis: fetching"), "csis: fetching");
	nw_progress_bar(1, 4);
	assert_string_equal(nw_progress_render(buf, sizeof(buf), 80,
	    "csis: parsing"), "[#####---------------] 1/4 csis: parsing");
	nw_progress_bar(4, 4);
	assert_string_equal(nw_progress_render(buf, sizeof(buf), 80, "x"),
	    "[####################] 4/4 x");
	/* more done than total is a full bar, never an overrun */
	nw_progress_bar(9, 4);
	assert_string_equal(nw_progress_render(buf, sizeof(buf), 80, ""),
	    "[####################] 9/4 ");
	/* cut to the terminal, never inside a UTF-8 sequence */
	nw_progress_bar(0, 0);
	assert_string_equal(nw_progress_render(buf, sizeof(buf), 6,
	    "abcd\xc3\xa9z"), "abcd");
	assert_string_equal(nw_progress_render(buf, sizeof(buf), 7,
	    "abcd\xc3\xa9z"), "abcd\xc3\xa9");
	/* a small buffer is always terminated */
	nw_progress_bar(2, 3);
	nw_progress_render(buf, 10, 80, "long text here");
	assert_true(strlen(buf) < 10);
	nw_progress_bar(0, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_unset),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_tls_pair),
		cmocka_unit_test(test_listen),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_log_json),
		cmocka_unit_test(test_progress_bar),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
