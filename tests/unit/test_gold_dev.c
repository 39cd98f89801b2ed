/*
 * test_gold_dev.c - the extraction targets on the shared development set,
 * $NW_SHARED/gold/dev.jsonl: date accuracy, attributed-state F1,
 * victim-state F1 and hedge accuracy.  All scores are printed as TAP
 * comments.  Skipped (a TAP plan of 1..0) when the set is absent.
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
#include "normwatch/refdata.h"
#include "normwatch/util.h"

/* Targets on the development set (the acceptance criteria). */
#define TARGET_DATE	0.98
#define TARGET_ATTR_F1	0.92
#define TARGET_VICT_F1	0.90
#define TARGET_HEDGE	0.85

static char *gold_path;

static void
test_dev_targets(void **state)
{
	struct nw_refdata *ref;
	struct nw_extractor *xt;
	struct nw_eval_scores sc;
	struct nw_error err;
	const char *d = getenv("NORMWATCH_DATADIR");
	char *dir = xasprintf("%s/reference", d != NULL ? d : "feeds");
	char *out = NULL, *line, *nl;
	size_t outlen = 0;
	FILE *f;

	(void)state;
	nw_error_clear(&err);
	ref = nw_refdata_load(dir, &err);
	free(dir);
	assert_non_null(ref);
	xt = nw_extractor_new(ref, &err);
	assert_non_null(xt);
	f = open_memstream(&out, &outlen);
	assert_non_null(f);
	assert_int_equal(nw_eval_run(gold_path, xt, f, NW_EVAL_MISSES, &sc,
	    &err), 0);
	fclose(f);
	for (line = out; line != NULL && *line != '\0'; line = nl) {
		nl = strchr(line, '\n');
		if (nl != NULL)
			*nl++ = '\0';
		printf("# %s\n", line);
	}
	free(out);
	nw_extractor_free(xt);
	nw_refdata_free(ref);
	if (nw_ratio_value(&sc.date) < TARGET_DATE)
		fail_msg("date accuracy %.3f < %.2f", nw_ratio_value(&sc.date),
		    TARGET_DATE);
	if (nw_count_f1(&sc.attr) < TARGET_ATTR_F1)
		fail_msg("attributed-state F1 %.3f < %.2f",
		    nw_count_f1(&sc.attr), TARGET_ATTR_F1);
	if (nw_count_f1(&sc.victims) < TARGET_VICT_F1)
		fail_msg("victim-state F1 %.3f < %.2f",
		    nw_count_f1(&sc.victims), TARGET_VICT_F1);
	if (nw_ratio_value(&sc.hedge) < TARGET_HEDGE)
		fail_msg("hedge accuracy %.3f < %.2f",
		    nw_ratio_value(&sc.hedge), TARGET_HEDGE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dev_targets),
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
