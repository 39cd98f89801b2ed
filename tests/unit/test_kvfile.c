/*
 * test_kvfile.c - the "key = value" grammar of feed files and
 * normwatch.conf (kvfile.h): pairs with their lines, comments, blanks and
 * CRs skipped, every bad line named, and a text that is not UTF-8 or
 * holds a NUL refused as a whole with the line of the bad byte.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "normwatch/kvfile.h"
#include "normwatch/limits.h"
#include "normwatch/util.h"

struct seen {
	char	 out[1024];	/* "line:key=value;" and "line:col!msg;" */
	int	 pairs, errs;
};

static void
on_pair(void *arg, const char *key, const char *value, long line)
{
	struct seen *s = arg;
	size_t n = strlen(s->out);

	snprintf(s->out + n, sizeof(s->out) - n, "%ld:%s=%s;", line, key,
	    value);
	s->pairs++;
}

static void
on_err(void *arg, long line, long col, const char *msg)
{
	struct seen *s = arg;
	size_t n = strlen(s->out);

	snprintf(s->out + n, sizeof(s->out) - n, "%ld:%ld!%.20s;", line, col,
	    msg);
	s->errs++;
}

static long
run(const char *text, size_t len, struct seen *s)
{
	memset(s, 0, sizeof(*s));
	return nw_kv_read(text, len, on_pair, on_err, s);
}

static void
test_pairs(void **state)
{
	static const char t[] = "# a comment\n\nname = a b \r\n  url=x=y\n"
	    "\t# indented comment\nkind =\n";
	struct seen s;

	(void)state;
	assert_int_equal(run(t, sizeof(t) - 1, &s), 6);
	assert_string_equal(s.out, "3:name=a b;4:url=x=y;6:kind=;");
	assert_int_equal(run("", 0, &s), 0);
	assert_int_equal(s.pairs + s.errs, 0);
	/* no newline at the end */
	assert_int_equal(run("a = 1", 5, &s), 1);
	assert_string_equal(s.out, "1:a=1;");
}

static void
test_bad_lines(void **state)
{
	static const char t[] = "no equals\nBad = 1\n-x = 2\nok-1 = 3\n = 4\n"
	    "abcdefghijklmnopqrstuvwxyz0123456 = 5\n";
	struct seen s;
	char *big;

	(void)state;
	assert_int_equal(run(t, sizeof(t) - 1, &s), 6);
	assert_int_equal(s.pairs, 1);
	assert_int_equal(s.errs, 5);
	assert_string_equal(s.out, "1:1!expected \"key = valu;"
	    "2:1!bad key \"Bad\": keys ;3:1!bad key \"-x\": keys a;4:ok-1=3;"
	    "5:1!bad key \"\": keys are;6:1!bad key \"abcdefghijk;");
	/* a line over the cap is named, and the next line still read */
	big = xmalloc(NW_MAX_CONF_LINE + 16);
	memset(big, 'a', NW_MAX_CONF_LINE + 1);
	memcpy(big + NW_MAX_CONF_LINE + 1, "\nb = 1\n", 7);
	assert_int_equal(run(big, NW_MAX_CONF_LINE + 8, &s), 2);
	assert_int_equal(s.errs, 1);
	assert_int_equal(s.pairs, 1);
	assert_non_null(strstr(s.out, "1:0!line longer than"));
	free(big);
}

static void
test_refused(void **state)
{
	static const char utf[] = "a = 1\nb = \xff\n";
	static const char nul[] = "a = 1\n\nb = x\0y\n";
	struct seen s;

	(void)state;
	assert_int_equal(run(utf, sizeof(utf) - 1, &s), -1);
	assert_int_equal(s.pairs, 0);
	assert_string_equal(s.out, "2:0!not valid UTF-8 (byt;");
	assert_int_equal(run(nul, sizeof(nul) - 1, &s), -1);
	assert_int_equal(s.pairs, 0);
	assert_string_equal(s.out, "3:0!a NUL byte (byte off;");
}

static void
test_bool(void **state)
{
	(void)state;
	assert_int_equal(nw_kv_bool("yes"), 1);
	assert_int_equal(nw_kv_bool("on"), 1);
	assert_int_equal(nw_kv_bool("1"), 1);
	assert_int_equal(nw_kv_bool("true"), 1);
	assert_int_equal(nw_kv_bool("no"), 0);
	assert_int_equal(nw_kv_bool("off"), 0);
	assert_int_equal(nw_kv_bool("0"), 0);
	assert_int_equal(nw_kv_bool("false"), 0);
	assert_int_equal(nw_kv_bool("Yes"), -1);
	assert_int_equal(nw_kv_bool(""), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pairs),
		cmocka_unit_test(test_bad_lines),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_bool),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
