/*
 * test_date.c - the date markers that open list entries (src/date.c).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "normwatch/date.h"

#define MAX_YEAR	2027	/* as if run in 2026 */

struct want {
	const char	*s;		/* the line */
	int		 y, m, d;
	enum nw_prec	 prec;
	const char	*rest;		/* what s + used must be */
};

static void
check_ok(const struct want *w)
{
	struct nw_date d;
	size_t used = 999;
	enum nw_datemark r;

	memset(&d, 0xff, sizeof(d));
	r = nw_datemark_parse(w->s, strlen(w->s), MAX_YEAR, &d, &used);
	if (r != NW_DATEMARK_OK)
		fail_msg("\"%s\": got %d, wanted a marker", w->s, (int)r);
	assert_int_equal(d.y, w->y);
	assert_int_equal(d.m, w->m);
	assert_int_equal(d.d, w->d);
	assert_int_equal(d.prec, w->prec);
	assert_true(used <= strlen(w->s));
	assert_string_equal(w->s + used, w->rest);
}

static void
test_marker_shapes(void **state)
{
	static const struct want wants[] = {
		{ "September 2022. Iranian hackers", 2022, 9, 0, NW_PREC_MONTH,
		    "Iranian hackers" },
		{ "May 2022 . Hackers", 2022, 5, 0, NW_PREC_MONTH, "Hackers" },
		{ "April 2022: Belgium", 2022, 4, 0, NW_PREC_MONTH, "Belgium" },
		{ "March 2021 ; A group", 2021, 3, 0, NW_PREC_MONTH, "A group" },
		{ "Sept. 12, 2022 - A pro-Russian group", 2022, 9, 12,
		    NW_PREC_DAY, "A pro-Russian group" },
		{ "12 September 2022. Hackers", 2022, 9, 12, NW_PREC_DAY,
		    "Hackers" },
		{ "September 1st, 2022. Hackers", 2022, 9, 1, NW_PREC_DAY,
		    "Hackers" },
		{ "Septem ber 2022. Hackers", 2022, 9, 0, NW_PREC_MONTH,
		    "Hackers" },
		{ "Dece mber 2019. Iranian", 2019, 12, 0, NW_PREC_MONTH,
		    "Iranian" },
		{ "Marc h 2020. Chinese", 2020, 3, 0, NW_PREC_MONTH, "Chinese" },
		{ "Feb. 2020: A", 2020, 2, 0, NW_PREC_MONTH, "A" },
		{ "2019. Hackers targeted", 2019, 0, 0, NW_PREC_YEAR,
		    "Hackers targeted" },
		{ "2019 : Hackers", 2019, 0, 0, NW_PREC_YEAR, "Hackers" },
		{ "  June 2020. The", 2020, 6, 0, NW_PREC_MONTH, "The" },
		{ "september 2022. Hackers", 2022, 9, 0, NW_PREC_MONTH,
		    "Hackers" },
		/* no separator: only before a capital, or at the end */
		{ "September 2022 Hackers", 2022, 9, 0, NW_PREC_MONTH,
		    "Hackers" },
		{ "September 2022", 2022, 9, 0, NW_PREC_MONTH, "" },
		{ "February 29, 2024. Leap", 2024, 2, 29, NW_PREC_DAY, "Leap" },
		{ "December 2027. Next year", 2027, 12, 0, NW_PREC_MONTH,
		    "Next year" },
		{ "January 1980. Oldest", 1980, 1, 0, NW_PREC_MONTH, "Oldest" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(wants) / sizeof(wants[0]); i++)
		check_ok(&wants[i]);
}

static void
test_not_markers(void **state)
{
	static const char *const lines[] = {
		"Since 2017, hackers have targeted",
		"May 2022 saw a rise in attacks",
		"2022-09 report",
		"2022.5 percent",
		"2019. hackers",		/* year alone needs a capital */
		"2019 Hackers",			/* and a separator */
		"Mayday 2022. Hackers",
		"September",
		"September 22",
		"September 20222. Hackers",
		"12 monkeys",
		"In September 2022. Hackers",
		"Hackers. September 2022.",
		"",
		"   ",
		"The U.S. in 2019. Hackers",
		"Ma y 2022. Hackers",		/* too short to be a split */
		"Septemb er er 2022.",
		"June 2020-21 Hackers",
	};
	struct nw_date d;
	size_t i, used;
	enum nw_datemark r;

	(void)state;
	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		r = nw_datemark_parse(lines[i], strlen(lines[i]), MAX_YEAR, &d,
		    &used);
		if (r != NW_DATEMARK_NONE)
			fail_msg("\"%s\": got %d, wanted no marker", lines[i],
			    (int)r);
	}
}

static void
test_impossible(void **state)
{
	static const struct {
		const char	*s;
		size_t		 used;	/* length of the bad marker */
	} bad[] = {
		{ "February 30, 2022. Hackers", 19 },
		{ "February 29, 2023. Hackers", 19 },
		{ "September 31, 2022. Hackers", 20 },
		{ "April 0, 2021. Hackers", 15 },
		{ "30 February 2022. Hackers", 18 },
		{ "September 2099. Hackers", 16 },
		{ "September 2028. Hackers", 16 },
		{ "September 1066. Hackers", 16 },
		{ "1066. Hackers", 6 },
		{ "2099: Hackers", 6 },
	};
	struct nw_date d;
	size_t i, used;
	enum nw_datemark r;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		used = 0;
		r = nw_datemark_parse(bad[i].s, strlen(bad[i].s), MAX_YEAR, &d,
		    &used);
		if (r != NW_DATEMARK_IMPOSSIBLE)
			fail_msg("\"%s\": got %d, wanted impossible", bad[i].s,
			    (int)r);
		if (used != bad[i].used)
			fail_msg("\"%s\": used %zu, wanted %zu", bad[i].s, used,
			    bad[i].used);
	}
}

/* The length bounds the parse: nothing past len is read. */
static void
test_length_bound(void **state)
{
	const char *s = "September 2022. Hackers";
	struct nw_date d;
	size_t used = 0;

	(void)state;
	/* "Septem" is no month */
	assert_int_equal(nw_datemark_parse(s, 6, MAX_YEAR, &d, &used),
	    NW_DATEMARK_NONE);
	/* "September 20" is no year */
	assert_int_equal(nw_datemark_parse(s, 12, MAX_YEAR, &d, &used),
	    NW_DATEMARK_NONE);
	/* "September 2022" ends the input: a marker */
	assert_int_equal(nw_datemark_parse(s, 14, MAX_YEAR, &d, &used),
	    NW_DATEMARK_OK);
	assert_int_equal(used, 14);
	assert_int_equal(nw_datemark_parse(s, 0, MAX_YEAR, &d, &used),
	    NW_DATEMARK_NONE);
}

static void
test_month_names(void **state)
{
	(void)state;
	assert_int_equal(nw_month_from_name("September", 9), 9);
	assert_int_equal(nw_month_from_name("SEPT", 4), 9);
	assert_int_equal(nw_month_from_name("sep", 3), 9);
	assert_int_equal(nw_month_from_name("May", 3), 5);
	assert_int_equal(nw_month_from_name("dec", 3), 12);
	assert_int_equal(nw_month_from_name("January", 7), 1);
	assert_int_equal(nw_month_from_name("Januar", 6), 0);
	assert_int_equal(nw_month_from_name("Mayday", 6), 0);
	assert_int_equal(nw_month_from_name("Mayday", 3), 5);
	assert_int_equal(nw_month_from_name("", 0), 0);
	assert_int_equal(nw_month_from_name("Sept.", 5), 0);
	assert_int_equal(nw_month_from_name("Septembersss", 12), 0);
	assert_int_equal(nw_month_from_name(
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 44), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_marker_shapes),
		cmocka_unit_test(test_not_markers),
		cmocka_unit_test(test_impossible),
		cmocka_unit_test(test_length_bound),
		cmocka_unit_test(test_month_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
