/*
 * feed.c - fuzz target: feed definitions (nw_feed_parse), and the keys
 * of the kind they name (nw_parser.check).
 */
#include "config.h"

#include <stdlib.h>

#include "normwatch/error.h"
#include "normwatch/feed.h"
#include "normwatch/parse.h"

#include "fuzz.h"

static void
on_error(const struct nw_error *e, void *arg)
{
	long *n = arg;

	if (e->code == NW_E_OK)
		abort();	/* an error that is no error */
	(*n)++;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct nw_parser *p;
	struct nw_error err;
	struct nw_feed *f;
	long nerr = 0;

	fuzz_init();
	nw_error_clear(&err);
	f = nw_feed_parse("/fuzz/fuzz.feed", (const char *)data, size,
	    on_error, &nerr, &err);
	if (f == NULL) {
		if (err.code == NW_E_OK || nerr == 0)
			abort();	/* NULL must say why */
		return 0;
	}
	if (f->name == NULL || f->kind == NULL || f->url == NULL)
		abort();
	p = nw_parser_find(f->kind);
	if (p != NULL && p->check != NULL)
		(void)p->check(f, on_error, &nerr);
	nw_feed_free(f);
	return 0;
}
