/*
 * test_gold.c - scoring extraction against coded reports: the gold file
 * loader and its errors, the counters, and gold files of our own
 * (tests/data/extract/gold-small.jsonl, sentences.jsonl).  The targets on
 * the shared development set are in test_gold_dev.c.
 */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "normwatch/eval.h"
#include "normwatch/extract.h"
#include "normwatch/refdata.h"
#include "normwatch/util.h"

#define GOOD_LINE \
	"{\"id\": \"g-1\", \"date\": \"2022-09\", \"attribution\": " \
	"[{\"state\": \"IR\", \"hedge\": \"asserted\", \"by\": " \
	"\"government\"}], \"actors\": [\"APT34\"], \"sponsorship\": " \
	"\"state\", \"victim_states\": [\"AL\"], \"sectors\": " \
	"[\"government\"], \"principles\": [1, 9], \"text\": " \
	"\"September 2022. Iranian hackers targeted Albanian systems.\"}\n"

static struct nw_refdata *ref;
static struct nw_extractor *xt;

static int
setup(void **state)
{
	struct nw_error err;
	const char *d = getenv("NORMWATCH_DATADIR");
	char *dir = xasprintf("%s/reference", d != NULL ? d : "feeds");

	(void)state;
	nw_error_clear(&err);
	ref = nw_refdata_load(dir, &err);
	free(dir);
	if (ref == NULL)
		return -1;
	xt = nw_extractor_new(ref, &err);
	return xt == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	(void)state;
	nw_extractor_free(xt);
	nw_refdata_free(ref);
	return 0;
}

static char *
write_tmp(const char *text)
{
	char tmpl[] = "/tmp/nw-gold-XXXXXX";
	int fd = mkstemp(tmpl);
	size_t n = strlen(text);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, n), (ssize_t)n);
	close(fd);
	return xstrdup(tmpl);
}

static void
expect_load_error(const char *text, long line, const char *jpath,
    const char *words)
{
	struct nw_error err;
	char *path = write_tmp(text);
	struct nw_gold *g;

	nw_error_clear(&err);
	g = nw_gold_load(path, &err);
	if (g != NULL)
		fail_msg("loaded: %s", text);
	assert_int_equal(err.line, line);
	assert_string_equal(err.file, path);
	if (jpath != NULL)
		assert_string_equal(err.path, jpath);
	if (words != NULL && strstr(err.msg, words) == NULL)
		fail_msg("message \"%s\" lacks \"%s\"", err.msg, words);
	unlink(path);
	free(path);
}

static void
test_load(void **state)
{
	struct nw_error err;
	char *path = write_tmp("\n" GOOD_LINE "\n");
	struct nw_gold *g;
	const struct nw_gold_entry *e;

	(void)state;
	nw_error_clear(&err);
	g = nw_gold_load(path, &err);
	assert_non_null(g);
	assert_int_equal(nw_gold_count(g), 1);
	e = nw_gold_entry_at(g, 0);
	assert_string_equal(e->id, "g-1");
	assert_int_equal(e->line, 2);
	assert_string_equal(e->date, "2022-09");
	assert_int_equal(e->coded.nattr, 1);
	assert_string_equal(e->coded.attr[0].state, "IR");
	assert_int_equal(e->coded.attr[0].by, NW_PARTY_GOVERNMENT);
	assert_int_equal(e->coded.nactors, 1);
	assert_string_equal(e->coded.actors[0].name, "APT34");
	assert_int_equal(e->coded.sponsorship, NW_SPONSOR_STATE);
	assert_int_equal(e->coded.nvictims, 1);
	assert_int_equal(e->coded.sectors, 1u << NW_SECTOR_GOVERNMENT);
	assert_int_equal(e->principles, (1u << 0) | (1u << 8));
	assert_null(nw_gold_entry_at(g, 1));
	nw_gold_free(g);
	nw_gold_free(NULL);
	unlink(path);
	free(path);
}

static void
test_load_errors(void **state)
{
	char deep[256];
	size_t i;

	(void)state;
	expect_load_error(GOOD_LINE "{\"id\": \"g-2\"", 2, NULL, "bad JSON");
	expect_load_error(GOOD_LINE GOOD_LINE "[1, 2]\n", 3, "$",
	    "not an object");
	expect_load_error(GOOD_LINE "{\"id\": 5}\n", 2, "$.id", "string");
	expect_load_error("{\"id\": \"x\", \"date\": \"2022-13\"}\n", 1,
	    "$.date", "not a date");
	expect_load_error(GOOD_LINE "{} {}\n", 2, NULL, "after the JSON");
	{
		/* a bad hedge deep inside the second line */
		char *bad = xstrdup(GOOD_LINE);
		char *p = strstr(bad, "asserted");

		memcpy(p, "asserts!", 8);
		{
			char *two = xasprintf("%s%s", GOOD_LINE, bad);

			expect_load_error(two, 2, "$.attribution[0].hedge",
			    "unknown hedge");
			free(two);
		}
		free(bad);
	}
	{
		char *bad = xstrdup(GOOD_LINE);
		char *p = strstr(bad, "[1, 9]");

		memcpy(p, "[1, 0]", 6);
		expect_load_error(bad, 1, "$.principles[1]", "principle");
		free(bad);
	}
	{
		char *bad = xstrdup(GOOD_LINE);
		char *p = strstr(bad, "\"AL\"");

		memcpy(p, "\"Al\"", 4);
		expect_load_error(bad, 1, "$.victim_states[0]", "ISO");
		free(bad);
	}
	/* nesting past NW_MAX_GOLD_DEPTH */
	for (i = 0; i < 40; i++)
		deep[i] = '[';
	for (; i < 80; i++)
		deep[i] = ']';
	deep[80] = '\n';
	deep[81] = '\0';
	expect_load_error(deep, 1, NULL, "bad JSON");
	expect_load_error("{\"id\": \"\xff\"}\n", 1, NULL, "UTF-8");
}

/* The counters of one comparison. */
static void
test_entry(void **state)
{
	struct nw_error err;
	char *path = write_tmp(GOOD_LINE);
	struct nw_gold *g;
	struct nw_eval_scores sc;
	struct nw_extract pred;
	struct nw_date d = { 2022, 9, 12, NW_PREC_DAY };

	(void)state;
	nw_error_clear(&err);
	g = nw_gold_load(path, &err);
	assert_non_null(g);
	memset(&sc, 0, sizeof(sc));
	memset(&pred, 0, sizeof(pred));
	memcpy(pred.attr[0].state, "IR", 3);
	pred.attr[0].hedge = NW_HEDGE_SUSPECTED;
	pred.attr[0].by = NW_PARTY_GOVERNMENT;
	memcpy(pred.attr[1].state, "RU", 3);
	pred.nattr = 2;
	nw_strlcpy(pred.actors[0].name, "apt-34", NW_MAX_ACTOR_NAME);
	pred.nactors = 1;
	pred.sponsorship = NW_SPONSOR_UNKNOWN;
	memcpy(pred.victims[0], "AL", 3);
	memcpy(pred.victims[1], "XK", 3);
	pred.nvictims = 2;
	pred.sectors = (1u << NW_SECTOR_GOVERNMENT) | (1u << NW_SECTOR_MEDIA);
	nw_eval_entry(nw_gold_entry_at(g, 0), &d, &pred, &sc, NULL);
	assert_int_equal(sc.entries, 1);
	assert_int_equal(sc.date.right, 1);	/* a day is fine too */
	assert_int_equal(sc.attr.tp, 1);
	assert_int_equal(sc.attr.fp, 1);
	assert_int_equal(sc.attr.fn, 0);
	assert_int_equal(sc.hedge.right, 0);
	assert_int_equal(sc.hedge.total, 1);
	assert_int_equal(sc.party.right, 1);
	assert_int_equal(sc.actors.tp, 1);	/* case, punctuation */
	assert_int_equal(sc.sponsorship.right, 0);
	assert_int_equal(sc.victims.tp, 1);
	assert_int_equal(sc.victims.fp, 1);
	assert_int_equal(sc.sectors.tp, 1);
	assert_int_equal(sc.sectors.fp, 1);
	assert_true(fabs(nw_count_f1(&sc.attr) - 2.0 / 3.0) < 1e-9);
	assert_true(fabs(nw_count_precision(&sc.victims) - 0.5) < 1e-9);
	assert_true(fabs(nw_count_recall(&sc.victims) - 1.0) < 1e-9);
	/* a year-only date does not match a month */
	d.prec = NW_PREC_YEAR;
	nw_eval_entry(nw_gold_entry_at(g, 0), &d, &pred, &sc, NULL);
	assert_int_equal(sc.date.right, 1);
	assert_int_equal(sc.date.total, 2);
	nw_gold_free(g);
	unlink(path);
	free(path);
}

/* A whole run over our own small gold file, with the misses printed. */
static void
test_small_run(void **state)
{
	const char *src = getenv("NW_SRCDIR");
	char *path = xasprintf("%s/tests/data/extract/gold-small.jsonl",
	    src != NULL ? src : ".");
	struct nw_eval_scores sc;
	struct nw_error err;
	char *out = NULL;
	size_t outlen = 0;
	FILE *f = open_memstream(&out, &outlen);

	(void)state;
	assert_non_null(f);
	nw_error_clear(&err);
	assert_int_equal(nw_eval_run(path, xt, f, NW_EVAL_MISSES, &sc, &err),
	    0);
	fclose(f);
	assert_int_equal(sc.entries, 8);
	assert_int_equal(sc.date.right, 8);
	assert_int_equal(sc.extract_errors, 0);
	/* every coded attribution and victim of these plain texts is found */
	assert_int_equal(sc.attr.fn, 0);
	assert_int_equal(sc.attr.fp, 0);
	assert_int_equal(sc.victims.fn, 0);
	assert_int_equal(sc.victims.fp, 0);
	assert_int_equal(sc.hedge.right, sc.hedge.total);
	assert_non_null(strstr(out, "attributed states"));
	assert_non_null(strstr(out, "victim states"));
	free(out);
	/* a missing file is an error naming it */
	nw_error_clear(&err);
	assert_int_equal(nw_eval_run("/nonexistent/gold.jsonl", xt, NULL, 0,
	    &sc, &err), -1);
	assert_non_null(strstr(err.file, "/nonexistent/gold.jsonl"));
	free(path);
}

/* Print the report of a run as TAP comments. */
static void
diag_report(const char *out)
{
	const char *line = out, *nl;

	while (line != NULL && *line != '\0') {
		nl = strchr(line, '\n');
		printf("# %.*s\n", nl != NULL ? (int)(nl - line) :
		    (int)strlen(line), line);
		line = nl != NULL ? nl + 1 : NULL;
	}
}

/*
 * Our own 150 sentences in the style of incident lists, coded by the
 * codebook (tests/data/extract/sentences.jsonl): a guard against
 * regressions, with floors a little under today's scores.
 */
static void
test_own_sentences(void **state)
{
	const char *src = getenv("NW_SRCDIR");
	char *path = xasprintf("%s/tests/data/extract/sentences.jsonl",
	    src != NULL ? src : ".");
	struct nw_eval_scores sc;
	struct nw_error err;
	char *out = NULL;
	size_t outlen = 0;
	FILE *f = open_memstream(&out, &outlen);

	(void)state;
	assert_non_null(f);
	nw_error_clear(&err);
	assert_int_equal(nw_eval_run(path, xt, f, 0, &sc, &err), 0);
	fclose(f);
	diag_report(out);
	free(out);
	free(path);
	assert_int_equal(sc.entries, 150);
	assert_true(nw_count_f1(&sc.attr) >= 0.97);
	assert_true(nw_ratio_value(&sc.hedge) >= 0.95);
	assert_true(nw_ratio_value(&sc.party) >= 0.95);
	assert_true(nw_count_f1(&sc.victims) >= 0.95);
	assert_true(nw_count_f1(&sc.actors) >= 0.95);
	assert_true(nw_ratio_value(&sc.sponsorship) >= 0.93);
	assert_true(nw_count_f1(&sc.sectors) >= 0.80);
}

/*
 * 280 reports of well-known incidents, worded afresh and coded by the
 * codebook before the extractor read them
 * (tests/data/extract/incidents.jsonl).
 */
static void
test_own_incidents(void **state)
{
	const char *src = getenv("NW_SRCDIR");
	char *path = xasprintf("%s/tests/data/extract/incidents.jsonl",
	    src != NULL ? src : ".");
	struct nw_eval_scores sc;
	struct nw_error err;
	char *out = NULL;
	size_t outlen = 0;
	FILE *f = open_memstream(&out, &outlen);

	(void)state;
	assert_non_null(f);
	nw_error_clear(&err);
	assert_int_equal(nw_eval_run(path, xt, f, 0, &sc, &err), 0);
	fclose(f);
	diag_report(out);
	free(out);
	free(path);
	assert_int_equal(sc.entries, 280);
	assert_true(nw_count_f1(&sc.attr) >= 0.97);
	assert_true(nw_ratio_value(&sc.hedge) >= 0.95);
	assert_true(nw_ratio_value(&sc.party) >= 0.95);
	assert_true(nw_count_f1(&sc.victims) >= 0.95);
	assert_true(nw_count_f1(&sc.actors) >= 0.90);
	assert_true(nw_ratio_value(&sc.sponsorship) >= 0.95);
	assert_true(nw_count_f1(&sc.sectors) >= 0.70);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_load_errors),
		cmocka_unit_test(test_entry),
		cmocka_unit_test(test_small_run),
		cmocka_unit_test(test_own_sentences),
		cmocka_unit_test(test_own_incidents),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
