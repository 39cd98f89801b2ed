/*
 * test_observance.c - Paris Call supporters on a date.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "normwatch/observance.h"
#include "normwatch/util.h"

static char dir[] = "/tmp/nwobs.XXXXXX";

static struct nw_supporters *
load(const char *content, struct nw_error *err)
{
	char *path = xasprintf("%s/%s", dir, NW_SUPPORTERS_FILE);

	assert_int_equal(nw_write_file_atomic(path, content, strlen(content),
	    err), 0);
	free(path);
	return nw_supporters_load(dir, err);
}

static struct nw_date
date(int y, int m, int d)
{
	struct nw_date dt = { y, m, d, d ? NW_PREC_DAY : m ? NW_PREC_MONTH :
	    y ? NW_PREC_YEAR : NW_PREC_NONE };

	return dt;
}

static void
test_dates(void **state)
{
	struct nw_supporters *sp;
	struct nw_error err;
	struct nw_date d;

	(void)state;
	sp = load("# comment\n"
	    "US\tsupporter\t2021-11-10\t2021-11-10\n"
	    "DE\tsupporter\t2018-11-12\t2019-09-16\n"
	    "CN\tnot-joined\t-\t-\n", &err);
	assert_non_null(sp);
	/* exact date: before, the month it happened, the day, after */
	d = date(2021, 10, 0);
	assert_int_equal(nw_supporter_on(sp, "US", &d), NW_SUPPORT_NO);
	d = date(2021, 11, 0);
	assert_int_equal(nw_supporter_on(sp, "US", &d), NW_SUPPORT_UNCERTAIN);
	d = date(2021, 11, 9);
	assert_int_equal(nw_supporter_on(sp, "US", &d), NW_SUPPORT_NO);
	d = date(2021, 11, 10);
	assert_int_equal(nw_supporter_on(sp, "US", &d), NW_SUPPORT_YES);
	d = date(2022, 1, 0);
	assert_int_equal(nw_supporter_on(sp, "US", &d), NW_SUPPORT_YES);
	d = date(2021, 0, 0);
	assert_int_equal(nw_supporter_on(sp, "US", &d), NW_SUPPORT_UNCERTAIN);
	/* a range of possible join days */
	d = date(2018, 6, 0);
	assert_int_equal(nw_supporter_on(sp, "DE", &d), NW_SUPPORT_NO);
	d = date(2019, 3, 0);
	assert_int_equal(nw_supporter_on(sp, "DE", &d), NW_SUPPORT_UNCERTAIN);
	d = date(2019, 10, 0);
	assert_int_equal(nw_supporter_on(sp, "DE", &d), NW_SUPPORT_YES);
	/* not joined, and absent */
	d = date(2023, 1, 0);
	assert_int_equal(nw_supporter_on(sp, "CN", &d), NW_SUPPORT_NO);
	assert_int_equal(nw_supporter_on(sp, "ZZ", &d), NW_SUPPORT_NO);
	/* no date: a supporter may or may not have joined yet */
	d = date(0, 0, 0);
	assert_int_equal(nw_supporter_on(sp, "DE", &d), NW_SUPPORT_UNCERTAIN);
	assert_int_equal(nw_supporter_on(sp, "CN", &d), NW_SUPPORT_NO);
	assert_string_equal(nw_support_name(NW_SUPPORT_UNCERTAIN), "uncertain");
	nw_supporters_free(sp);
}

static void
test_errors(void **state)
{
	struct nw_error err;

	(void)state;
	nw_error_clear(&err);
	assert_null(load("US\tsupporter\t2021-11-10\n", &err));
	assert_int_equal(err.line, 1);
	assert_null(load("# x\nUS\tmember\t-\t-\n", &err));
	assert_int_equal(err.line, 2);
	assert_null(load("US\tsupporter\t2021-11-31\t2021-12-01\n", &err));
	assert_null(load("US\tsupporter\t2021-12-01\t2021-11-01\n", &err));
	assert_null(load("us\tnot-joined\t-\t-\n", &err));
	assert_null(load("US\tnot-joined\t-\t-\nUS\tnot-joined\t-\t-\n", &err));
	assert_non_null(strstr(err.msg, "twice"));
	nw_supporters_free(NULL);
}

/* The shipped table loads and knows the United States joined in 2021. */
static void
test_shipped(void **state)
{
	const char *ref = getenv("NORMWATCH_DATADIR");
	struct nw_supporters *sp;
	struct nw_error err;
	struct nw_date d = date(2020, 5, 0);
	char *p;

	(void)state;
	if (ref == NULL)
		skip();
	p = xasprintf("%s/reference", ref);
	sp = nw_supporters_load(p, &err);
	free(p);
	assert_non_null(sp);
	assert_int_equal(nw_supporter_on(sp, "US", &d), NW_SUPPORT_NO);
	d.y = 2022;
	assert_int_equal(nw_supporter_on(sp, "US", &d), NW_SUPPORT_YES);
	assert_int_equal(nw_supporter_on(sp, "FR", &d), NW_SUPPORT_YES);
	assert_int_equal(nw_supporter_on(sp, "RU", &d), NW_SUPPORT_NO);
	nw_supporters_free(sp);
}

static int
setup(void **state)
{
	(void)state;
	return mkdtemp(dir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	char *p = xasprintf("%s/%s", dir, NW_SUPPORTERS_FILE);

	(void)state;
	unlink(p);
	free(p);
	return rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_shipped),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
