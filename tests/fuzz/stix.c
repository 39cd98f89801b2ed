/*
 * stix.c - fuzz target: STIX 2.1 (and 2.0) bundles, through the stix
 * parser with a sink for the objects it keeps.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "normwatch/error.h"
#include "normwatch/feed.h"
#include "normwatch/parse.h"
#include "normwatch/stix.h"
#include "normwatch/stixfeed.h"
#include "normwatch/util.h"

#include "fuzz.h"

static int
on_report(struct nw_report *r, void *arg)
{
	long *n = arg;

	fuzz_check_report(r);
	if (r->origin == NULL || r->origin->export_id == NULL)
		abort();
	(*n)++;
	return 0;
}

static int
on_object(const struct nw_stix_object *o, void *arg)
{
	(void)arg;
	if (o->id == NULL || o->type == NULL || o->json == NULL ||
	    strlen(o->json) != o->jsonlen)
		abort();
	fuzz_check_utf8("object", o->json, o->jsonlen);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nw_parse_sink sink;
	struct nw_arena *a;
	struct nw_error err;
	struct nw_feed f;
	struct nw_doc doc;
	char *text;
	long n = 0, got;

	fuzz_init();
	memset(&f, 0, sizeof(f));
	f.name = "fuzz-stix";
	f.kind = "stix";
	f.url = "file:///fuzz/bundle.json";
	nw_limits_default(&f.limits);
	text = fuzz_dup(data, size);
	memset(&doc, 0, sizeof(doc));
	doc.data = text;
	doc.len = size;
	doc.url = f.url;
	doc.name = "/fuzz/bundle.json";
	sink.report = on_report;
	sink.object = on_object;
	sink.arg = &n;
	a = nw_arena_new();
	nw_error_clear(&err);
	got = nw_parser_stix.parse_sink(&f, &doc, a, &sink, &err);
	if (got == -1 ? err.code == NW_E_OK : got != n)
		abort();
	nw_arena_free(a);
	free(text);
	return 0;
}
