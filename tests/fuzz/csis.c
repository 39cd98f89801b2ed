/*
 * csis.c - fuzz target: CSIS lists as plain text (nw_csis_split_text).
 */
#include "config.h"

#include <stdlib.h>

#include "normwatch/csis.h"
#include "normwatch/error.h"
#include "normwatch/util.h"

#include "fuzz.h"

static int
on_report(struct nw_report *r, void *arg)
{
	long *n = arg;

	fuzz_check_report(r);
	(*n)++;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nw_arena *a;
	struct nw_error err;
	char *text;
	long n = 0, got;

	fuzz_init();
	text = fuzz_dup(data, size);
	a = nw_arena_new();
	nw_error_clear(&err);
	got = nw_csis_split_text(NULL, "fuzz.txt", text, size, a, on_report,
	    &n, &err);
	if (got == -1 ? err.code == NW_E_OK : got != n)
		abort();
	nw_arena_free(a);
	free(text);
	return 0;
}
