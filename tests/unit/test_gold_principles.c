/*
 * test_gold_principles.c - the Paris Call targets of the shipped norms
 * rules on the shared development set, $NW_SHARED/gold/dev.jsonl: every
 * entry is extracted (feeds/reference) and mapped with the shipped rules
 * ($NORMWATCH_DATADIR/norms), and the principles found are compared with
 * those coded.  All scores are printed as TAP comments.  Fails below a
 * micro-F1 of 0.90, or when a principle with coded entries has a recall
 * below 0.6.  Skipped (a TAP plan of 1..0) when the set is absent.
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

#include "normwatch/eval.h"
#include "normwatch/extract.h"
#include "normwatch/norms.h"
#include "normwatch/refdata.h"
#include "normwatch/util.h"

/* Targets on the development set (the acceptance criteria). */
#define TARGET_MICRO_F1		0.90
#define TARGET_MIN_RECALL	0.6

static char *gold_path;

static void
print_comments(char *out)
{
	char *line, *nl;

	for (line = out; line != NULL && *line != '\0'; line = nl) {
		nl = strchr(line, '\n');
		if (nl != NULL)
			*nl++ = '\0';
		printf("# %s\n", line);
	}
}

static void
test_dev_principles(void **state)
{
	struct nw_refdata *ref;
	struct nw_extractor *xt;
	struct nw_rules *rules;
	struct nw_mapper *mapper;
	struct nw_eval_scores sc;
	struct nw_error err;
	const char *d = getenv("NORMWATCH_DATADIR");
	char *dir = xasprintf("%s/reference", d != NULL ? d : "feeds");
	char *rdir = xasprintf("%s/norms", d != NULL ? d : "feeds");
	char *out = NULL;
	size_t outlen = 0;
	double f1, r;
	FILE *f;
	int p, failed = 0;

	(void)state;
	nw_error_clear(&err);
	ref = nw_refdata_load(dir, &err);
	assert_non_null(ref);
	xt = nw_extractor_new(ref, &err);
	assert_non_null(xt);
	rules = nw_rules_load_dir(rdir, NULL, NULL, &err);
	if (rules == NULL)
		fail_msg("%s: %s", rdir, err.msg);
	mapper = nw_mapper_new(rules, &err);
	assert_non_null(mapper);
	f = open_memstream(&out, &outlen);
	assert_non_null(f);
	assert_int_equal(nw_eval_run_norms(gold_path, xt, mapper, f,
	    NW_EVAL_MISSES, &sc, &err), 0);
	fclose(f);
	print_comments(out);
	free(out);
	nw_mapper_free(mapper);
	nw_rules_free(rules);
	nw_extractor_free(xt);
	nw_refdata_free(ref);
	free(rdir);
	free(dir);

	assert_true(sc.mapped > 0);
	assert_int_equal(sc.map_errors, 0);
	f1 = nw_count_f1(&sc.principles);
	if (f1 < TARGET_MICRO_F1) {
		printf("# principles micro-F1 %.3f < %.2f\n", f1,
		    TARGET_MICRO_F1);
		failed = 1;
	}
	for (p = 0; p < NW_PRINCIPLES; p++) {
		const struct nw_count *c = &sc.principle[p];

		if (c->tp + c->fn == 0)
			continue;	/* no coded entry: recall means nothing */
		r = nw_count_recall(c);
		if (r < TARGET_MIN_RECALL) {
			printf("# principle %d recall %.3f < %.1f\n", p + 1, r,
			    TARGET_MIN_RECALL);
			failed = 1;
		}
	}
	if (failed)
		fail_msg("development-set targets not met");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dev_principles),
	};
	const char *shared = getenv("NW_SHARED");
	int rc;

	if (shared == NULL) {
		printf("1..0 # SKIP NW_SHARED is not set\n");
		return 0;
	}
	gold_path = xasprintf("%s/gold/dev.jsonl", shared);
	if (access(gold_path, R_OK) != 0) {
		printf("1..0 # SKIP %s is absent\n", gold_path);
		free(gold_path);
		return 0;
	}
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	free(gold_path);
	return rc;
}
