/*
 * test_rules_pc.c - the shipped norms rules, the rules files of feeds/norms
 * (found through $NORMWATCH_DATADIR/norms):
 *  - they load without an error, as the two frameworks paris-call
 *    (principles 1-9) and un-gge-2015 (norms a-k), in that order;
 *  - every rule id names its principle (pcN-... and ggeX-...), every
 *    principle of the Paris Call has a rule, every rule a rationale;
 *  - every pattern has literals for the prefilter (a pattern without any
 *    runs on every report: the mapping speed depends on it);
 *  - on the coded regression set tests/data/rules/own.jsonl (sentences in
 *    the style of the CSIS list, coded by CODEBOOK.md, every principle and
 *    every "not when" case) the Paris Call scores stay above their floors.
 * The per-rule texts that must and must not fire are tests/rules-cases.sh.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "normwatch/eval.h"
#include "normwatch/extract.h"
#include "normwatch/norms.h"
#include "normwatch/refdata.h"
#include "normwatch/util.h"

/*
 * Floors on the own set.  Its first 98 sentences scored micro-F1 0.90
 * when they were written, before any rule was changed for them; the last
 * 30 were written later and scored 0.66, unseen.  The rules were then
 * mended where the misses showed general gaps: the whole set scores 0.97.
 * The floors leave room for a rule change that trades one sentence for a
 * better general reading, not for a broken rule.
 */
#define OWN_MICRO_F1	0.93
#define OWN_MACRO_F1	0.90
#define OWN_MIN_F1	0.75	/* any principle */

static struct nw_rules *rules;

static char *
datadir_path(const char *rel)
{
	const char *d = getenv("NORMWATCH_DATADIR");

	return xasprintf("%s/%s", d != NULL ? d : "feeds", rel);
}

static void
print_err(const struct nw_error *e, void *arg)
{
	char buf[1024];

	(void)arg;
	printf("# %s\n", nw_error_str(e, buf, sizeof(buf)));
}

static int
setup(void **state)
{
	struct nw_error err;
	char *dir = datadir_path("norms");

	(void)state;
	nw_error_clear(&err);
	rules = nw_rules_load_dir(dir, print_err, NULL, &err);
	free(dir);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	nw_rules_free(rules);
	return 0;
}

static void
test_load(void **state)
{
	const struct nw_framework *pc, *gge;
	const struct nw_principle *pr;
	char id[24];
	size_t i;

	(void)state;
	assert_non_null(rules);
	assert_int_equal(nw_rules_nframeworks(rules), 2);
	pc = nw_rules_framework(rules, 0);
	gge = nw_rules_framework(rules, 1);
	assert_string_equal(pc->id, "paris-call");
	assert_string_equal(gge->id, "un-gge-2015");
	assert_int_equal(pc->nprinciples, 9);
	assert_int_equal(gge->nprinciples, 11);
	for (i = 0; i < pc->nprinciples; i++) {
		pr = nw_rules_principle(rules, pc->principle0 + i);
		snprintf(id, sizeof(id), "%zu", i + 1);
		assert_string_equal(pr->id, id);
		assert_true(strlen(pr->title) > 0);
	}
	for (i = 0; i < gge->nprinciples; i++) {
		pr = nw_rules_principle(rules, gge->principle0 + i);
		snprintf(id, sizeof(id), "%c", (char)('a' + i));
		assert_string_equal(pr->id, id);
		assert_true(strlen(pr->title) > 0);
	}
	assert_int_equal(strlen(nw_rules_version(rules)), 64);
}

static void
test_rule_ids(void **state)
{
	int seen[NW_PRINCIPLES] = { 0 };
	size_t i;
	long long num;
	int p;

	(void)state;
	assert_non_null(rules);
	for (i = 0; i < nw_rules_nrules(rules); i++) {
		const struct nw_rule *r = nw_rules_rule(rules, i);
		const struct nw_framework *fw =
		    nw_rules_framework(rules, r->framework);
		const struct nw_principle *pr =
		    nw_rules_principle(rules, r->principle);
		char want[16];

		if (strcmp(fw->id, "paris-call") == 0) {
			snprintf(want, sizeof(want), "pc%s-", pr->id);
			assert_int_equal(nw_parse_ll(pr->id, 1, NW_PRINCIPLES,
			    &num), 0);
			p = (int)num;
			seen[p - 1]++;
		} else
			snprintf(want, sizeof(want), "gge%s-", pr->id);
		if (strncmp(r->id, want, strlen(want)) != 0)
			fail_msg("rule %s (%s:%ld) is of principle %s: its id "
			    "should start with %s", r->id, r->file, r->line,
			    pr->id, want);
		assert_in_range(r->confidence, 1, 100);
		assert_true(strlen(r->rationale) > 10);
	}
	for (p = 0; p < NW_PRINCIPLES; p++)
		if (seen[p] == 0)
			fail_msg("Paris Call principle %d has no rule", p + 1);
}

static void
test_prefilter(void **state)
{
	(void)state;
	assert_non_null(rules);
	printf("# %zu rules, %zu patterns, %zu prefiltered\n",
	    nw_rules_nrules(rules), nw_rules_npatterns(rules),
	    nw_rules_nprefiltered(rules));
	assert_int_equal(nw_rules_nprefiltered(rules),
	    nw_rules_npatterns(rules));
}

static void
test_own_set(void **state)
{
	struct nw_refdata *ref;
	struct nw_extractor *xt;
	struct nw_mapper *mapper;
	struct nw_eval_scores sc;
	struct nw_error err;
	const char *src = getenv("NW_SRCDIR");
	char *gold = xasprintf("%s/tests/data/rules/own.jsonl",
	    src != NULL ? src : ".");
	char *dir = datadir_path("reference");
	char *out = NULL, *line, *nl;
	size_t outlen = 0;
	double f1, macro = 0;
	FILE *f;
	int p, np = 0, failed = 0;

	(void)state;
	assert_non_null(rules);
	nw_error_clear(&err);
	ref = nw_refdata_load(dir, &err);
	assert_non_null(ref);
	xt = nw_extractor_new(ref, &err);
	assert_non_null(xt);
	mapper = nw_mapper_new(rules, &err);
	assert_non_null(mapper);
	f = open_memstream(&out, &outlen);
	assert_non_null(f);
	if (nw_eval_run_norms(gold, xt, mapper, f, NW_EVAL_MISSES, &sc,
	    &err) == -1)
		fail_msg("%s: %s", gold, err.msg);
	fclose(f);
	for (line = out; line != NULL && *line != '\0'; line = nl) {
		nl = strchr(line, '\n');
		if (nl != NULL)
			*nl++ = '\0';
		if (strstr(line, "principle") != NULL)
			printf("# %s\n", line);
	}
	free(out);
	nw_mapper_free(mapper);
	nw_extractor_free(xt);
	nw_refdata_free(ref);
	free(dir);
	free(gold);

	assert_true(sc.entries >= 120);
	f1 = nw_count_f1(&sc.principles);
	if (f1 < OWN_MICRO_F1) {
		printf("# micro-F1 %.3f < %.2f\n", f1, OWN_MICRO_F1);
		failed = 1;
	}
	for (p = 0; p < NW_PRINCIPLES; p++) {
		const struct nw_count *c = &sc.principle[p];

		if (c->tp + c->fp + c->fn == 0) {
			printf("# principle %d has no coded sentence\n", p + 1);
			failed = 1;
			continue;
		}
		macro += nw_count_f1(c);
		np++;
		if (nw_count_f1(c) < OWN_MIN_F1) {
			printf("# principle %d F1 %.3f < %.2f\n", p + 1,
			    nw_count_f1(c), OWN_MIN_F1);
			failed = 1;
		}
	}
	if (np > 0 && macro / np < OWN_MACRO_F1) {
		printf("# macro-F1 %.3f < %.2f\n", macro / np, OWN_MACRO_F1);
		failed = 1;
	}
	if (failed)
		fail_msg("own-set floors not met");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_rule_ids),
		cmocka_unit_test(test_prefilter),
		cmocka_unit_test(test_own_set),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
