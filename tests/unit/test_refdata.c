/*
 * test_refdata.c - the reference tables: the shipped states.tsv and
 * actors.tsv load and answer lookups; broken tables fail with file:line.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "normwatch/limits.h"
#include "normwatch/refdata.h"
#include "normwatch/util.h"

#define STATES_HEAD	"iso2\tname\tnames\tadjectives\tmetonyms\tagencies\n"
#define ACTORS_HEAD	"name\taliases\tkind\tstate\tweak\n"
#define GOOD_STATES	STATES_HEAD \
	"# a comment\n" \
	"IR\tIran\tIran (Islamic Republic of)\tIranian\tTehran\tIRGC\n" \
	"RU\tRussia\tRussian Federation\tRussian; Russians\tKremlin\tGRU\n"
#define GOOD_ACTORS	ACTORS_HEAD \
	"APT28\tFancy Bear; Sofacy\tstate\tRU\t\n" \
	"Anonymous\t\thacktivist\t\tweak\n"

static char *
refdir(void)
{
	const char *d = getenv("NORMWATCH_DATADIR");

	return xasprintf("%s/reference", d != NULL ? d : "feeds");
}

static void
write_file(const char *dir, const char *name, const char *text, size_t len)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	free(path);
}

/* A temporary directory holding the two tables. */
static char *
make_tables(const char *states, const char *actors)
{
	char tmpl[] = "/tmp/nw-refdata-XXXXXX";
	char *dir = mkdtemp(tmpl);

	assert_non_null(dir);
	dir = xstrdup(dir);
	if (states != NULL)
		write_file(dir, "states.tsv", states, strlen(states));
	if (actors != NULL)
		write_file(dir, "actors.tsv", actors, strlen(actors));
	return dir;
}

static void
remove_tables(char *dir)
{
	char *p;

	p = xasprintf("%s/states.tsv", dir);
	unlink(p);
	free(p);
	p = xasprintf("%s/actors.tsv", dir);
	unlink(p);
	free(p);
	rmdir(dir);
	free(dir);
}

/* Load tables that must fail; check the line and a word of the message. */
static void
expect_error(const char *states, const char *actors, const char *file,
    long line, const char *words)
{
	struct nw_error err;
	char *dir = make_tables(states, actors);
	struct nw_refdata *rd;

	nw_error_clear(&err);
	rd = nw_refdata_load(dir, &err);
	assert_null(rd);
	assert_int_not_equal(err.code, NW_E_OK);
	assert_non_null(strstr(err.file, file));
	assert_int_equal(err.line, line);
	if (words != NULL)
		assert_non_null(strstr(err.msg, words));
	remove_tables(dir);
}

static void
test_shipped_tables(void **state)
{
	struct nw_error err;
	char *dir = refdir();
	struct nw_refdata *rd;
	const struct nw_state *st;
	const struct nw_actor_ref *ac;
	size_t i;

	(void)state;
	nw_error_clear(&err);
	rd = nw_refdata_load(dir, &err);
	assert_non_null(rd);
	/* every ISO 3166-1 entry, each with a short name */
	assert_int_equal(nw_refdata_nstates(rd), 249);
	for (i = 0; i < nw_refdata_nstates(rd); i++) {
		st = nw_refdata_state_at(rd, i);
		assert_non_null(st->name);
		assert_ptr_equal(nw_refdata_state(rd, st->iso2), st);
	}
	assert_null(nw_refdata_state_at(rd, 249));
	/* the demonym facts made it in */
	st = nw_refdata_state(rd, "KP");
	assert_non_null(st);
	assert_string_equal(st->name, "North Korea");
	assert_true(st->nagencies > 0);
	assert_true(nw_refdata_nactors(rd) > 50);
	ac = nw_refdata_actor_by_name(rd, "fancy bear");
	assert_non_null(ac);
	assert_string_equal(ac->name, "APT28");
	assert_int_equal(ac->kind, NW_ACTOR_STATE);
	assert_string_equal(ac->iso2, "RU");
	ac = nw_refdata_actor_by_name(rd, "NSO Group");
	assert_non_null(ac);
	assert_int_equal(ac->kind, NW_ACTOR_VENDOR);
	assert_null(nw_refdata_actor_by_name(rd, "no such group"));
	nw_refdata_free(rd);
	free(dir);
}

static void
test_lookups(void **state)
{
	static const struct {
		const char	*name;
		const char	*iso;	/* NULL: not a state name */
	} cases[] = {
		{ "Iran (Islamic Republic of)", "IR" },
		{ "iran (islamic republic of)", "IR" },
		{ "Islamic Republic of Iran", "IR" },
		{ "U.S.", "US" },
		{ "US", "US" },
		{ "United States of America", "US" },
		{ "the United Kingdom", "GB" },
		{ "Britain", "GB" },
		{ "U.K.", "GB" },
		{ "South Korea", "KR" },
		{ "Korea, Republic of", "KR" },
		{ "North Korea", "KP" },
		{ "DPRK", "KP" },
		{ "Iranian", "IR" },
		{ "Chilean", "CL" },
		{ "Bahraini", "BH" },
		{ "Azerbaijani", "AZ" },
		{ "Kremlin", "RU" },
		{ "Pyongyang", "KP" },
		{ "Türkiye", "TR" },
		{ "Turkey", "TR" },
		{ "Viet Nam", "VN" },
		{ "Russian Federation", "RU" },
		{ "Republic of China", "TW" },
		{ "People's Republic of China", "CN" },
		{ "Niger", "NE" },
		{ "Nigeria", "NG" },
		{ "Nigerian", "NG" },
		{ "Dominican", "DO" },
		{ "Dominica", "DM" },
		{ "Guinea-Bissau", "GW" },
		{ "Papua New Guinea", "PG" },
		{ "Sudan", "SD" },
		{ "South Sudan", "SS" },
		{ "DRC", "CD" },
		{ "Congo", NULL },	/* which one? */
		{ "Korean", NULL },	/* North or South? */
		{ "English", NULL },	/* a language */
		{ "Atlantis", NULL },
		{ "", NULL },
		{ "...", NULL },
	};
	struct nw_error err;
	char *dir = refdir();
	struct nw_refdata *rd;
	size_t i;

	(void)state;
	nw_error_clear(&err);
	rd = nw_refdata_load(dir, &err);
	assert_non_null(rd);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct nw_state *st;

		st = nw_refdata_state_by_name(rd, cases[i].name);
		if (cases[i].iso == NULL) {
			if (st != NULL)
				fail_msg("\"%s\" names %s", cases[i].name,
				    st->iso2);
			continue;
		}
		if (st == NULL)
			fail_msg("\"%s\" names no state", cases[i].name);
		assert_string_equal(st->iso2, cases[i].iso);
	}
	assert_string_equal(nw_refdata_state(rd, "ir")->iso2, "IR");
	assert_null(nw_refdata_state(rd, "XX"));
	assert_null(nw_refdata_state(rd, "I"));
	assert_null(nw_refdata_state(rd, "IRN"));
	assert_null(nw_refdata_state(rd, "1R"));
	assert_null(nw_refdata_state(rd, NULL));
	assert_null(nw_refdata_state_by_name(rd, NULL));
	nw_refdata_free(rd);
	free(dir);
}

static void
test_small_tables(void **state)
{
	struct nw_error err;
	char *dir = make_tables(GOOD_STATES, GOOD_ACTORS);
	struct nw_refdata *rd;
	const struct nw_state *st;
	const struct nw_actor_ref *ac;

	(void)state;
	nw_error_clear(&err);
	rd = nw_refdata_load(dir, &err);
	assert_non_null(rd);
	assert_int_equal(nw_refdata_nstates(rd), 2);
	st = nw_refdata_state(rd, "RU");
	assert_int_equal(st->nadjectives, 2);
	assert_string_equal(st->adjectives[1], "Russians");
	assert_int_equal(st->nagencies, 1);
	assert_string_equal(st->agencies[0], "GRU");
	/* agencies are not names of the state */
	assert_null(nw_refdata_state_by_name(rd, "GRU"));
	ac = nw_refdata_actor_by_name(rd, "SOFACY");
	assert_non_null(ac);
	assert_int_equal(ac->naliases, 2);
	ac = nw_refdata_actor_by_name(rd, "anonymous");
	assert_non_null(ac);
	assert_true(ac->weak);
	assert_int_equal(ac->kind, NW_ACTOR_HACKTIVIST);
	assert_string_equal(nw_actor_kind_name(NW_ACTOR_PERSON), "person");
	assert_null(nw_actor_kind_name((enum nw_actor_kind)42));
	nw_refdata_free(rd);
	nw_refdata_free(NULL);
	remove_tables(dir);
}

static void
test_bad_tables(void **state)
{
	char *longline;
	size_t n = NW_MAX_DATA_LINE + 10, hl = strlen(STATES_HEAD);

	(void)state;
	{
		struct nw_error err;

		nw_error_clear(&err);
		assert_null(nw_refdata_load(NULL, &err));
		assert_int_equal(err.code, NW_E_USAGE);
	}
	/* missing files */
	expect_error(NULL, GOOD_ACTORS, "states.tsv", 0, "cannot open");
	expect_error(GOOD_STATES, NULL, "actors.tsv", 0, "cannot open");
	/* header */
	expect_error("iso\tname\n", GOOD_ACTORS, "states.tsv", 1,
	    "header");
	expect_error("# only comments\n\n", GOOD_ACTORS, "states.tsv", 2,
	    "no header");
	expect_error(STATES_HEAD, GOOD_ACTORS, "states.tsv", 1, "no states");
	/* fields */
	expect_error(STATES_HEAD "IR\tIran\t\t\t\n", GOOD_ACTORS,
	    "states.tsv", 2, "fields");
	expect_error(STATES_HEAD "IR\tIran\t\t\t\t\t\n", GOOD_ACTORS,
	    "states.tsv", 2, "too many");
	expect_error(STATES_HEAD "Iran\tIran\t\t\t\t\n", GOOD_ACTORS,
	    "states.tsv", 2, "ISO");
	expect_error(STATES_HEAD "ir\tIran\t\t\t\t\n", GOOD_ACTORS,
	    "states.tsv", 2, "ISO");
	expect_error(STATES_HEAD "IR\t\t\t\t\t\n", GOOD_ACTORS,
	    "states.tsv", 2, "empty name");
	expect_error(STATES_HEAD "IR\tIran\tPersia;; Iran\t\t\t\n",
	    GOOD_ACTORS, "states.tsv", 2, "empty item");
	expect_error(GOOD_STATES "IR\tIran again\t\t\t\t\n", GOOD_ACTORS,
	    "states.tsv", 5, "duplicate");
	/* one name for two states, even spelled differently */
	expect_error(GOOD_STATES "XK\tKosovo\t\tRUSSIAN\t\t\n", GOOD_ACTORS,
	    "states.tsv", 5, "also names RU");
	expect_error(GOOD_STATES "XK\tKosovo\t\t\tt.e.h.r.a.n\t\n",
	    GOOD_ACTORS, "states.tsv", 5, "also names IR");
	/* bytes */
	expect_error(STATES_HEAD "IR\tIr\xff" "an\t\t\t\t\n", GOOD_ACTORS,
	    "states.tsv", 2, "UTF-8");
	longline = xmalloc(hl + n + 2);
	memcpy(longline, STATES_HEAD, hl);
	memset(longline + hl, 'a', n);
	longline[hl + n] = '\n';
	longline[hl + n + 1] = '\0';
	expect_error(longline, GOOD_ACTORS, "states.tsv", 2,
	    "NW_MAX_DATA_LINE");
	free(longline);
	/* actors */
	expect_error(GOOD_STATES, ACTORS_HEAD "APT28\t\tspies\t\t\n",
	    "actors.tsv", 2, "unknown kind");
	expect_error(GOOD_STATES, ACTORS_HEAD "APT28\t\tstate\tXX\t\n",
	    "actors.tsv", 2, "unknown state");
	expect_error(GOOD_STATES, ACTORS_HEAD "APT28\t\tstate\t\tstrong\n",
	    "actors.tsv", 2, "weak");
	expect_error(GOOD_STATES, GOOD_ACTORS "Sofacy\t\tstate\t\t\n",
	    "actors.tsv", 4, "two actors");
	expect_error(GOOD_STATES, ACTORS_HEAD "\t\tstate\t\t\n",
	    "actors.tsv", 2, "empty name");
	expect_error(GOOD_STATES, ACTORS_HEAD
	    "A name much longer than sixty-four bytes, which no actor has "
	    "ever had\t\tstate\t\t\n", "actors.tsv", 2, "NW_MAX_ACTOR_NAME");
}

/* CRLF line ends are fine. */
static void
test_crlf(void **state)
{
	struct nw_error err;
	char *dir = make_tables(
	    "iso2\tname\tnames\tadjectives\tmetonyms\tagencies\r\n"
	    "IR\tIran\t\tIranian\t\t\r\n",
	    "name\taliases\tkind\tstate\tweak\r\n");
	struct nw_refdata *rd;

	(void)state;
	nw_error_clear(&err);
	rd = nw_refdata_load(dir, &err);
	assert_non_null(rd);
	assert_string_equal(nw_refdata_state_by_name(rd, "iranian")->iso2,
	    "IR");
	assert_int_equal(nw_refdata_nactors(rd), 0);
	nw_refdata_free(rd);
	remove_tables(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_tables),
		cmocka_unit_test(test_lookups),
		cmocka_unit_test(test_small_tables),
		cmocka_unit_test(test_bad_tables),
		cmocka_unit_test(test_crlf),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
