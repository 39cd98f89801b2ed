/*
 * misp_event.c - fuzz target: MISP event files, through the misp
 * parser's parse_sink (reports, and indicators kept as STIX objects).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "normwatch/error.h"
#include "normwatch/feed.h"
#include "normwatch/misp.h"
#include "normwatch/parse.h"
#include "normwatch/stix.h"
#include "normwatch/util.h"

#include "fuzz.h"

static const char def[] =
    "name = fuzz-misp\nkind = misp\nurl = https://example.org/misp/\n"
    "publisher = Fuzz\ntlp = green\nparty = vendor\n";

static int
on_report(struct nw_report *r, void *arg)
{
	long *n = arg;

	fuzz_check_report(r);
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
	static struct nw_feed *f;
	struct nw_parse_sink sink;
	struct nw_arena *a;
	struct nw_error err;
	struct nw_doc doc;
	char *text;
	long n = 0, got;

	const struct nw_refdata *ref = fuzz_init();
	if (f == NULL)
		f = fuzz_feed(def);
	text = fuzz_dup(data, size);
	memset(&doc, 0, sizeof(doc));
	doc.data = text;
	doc.len = size;
	doc.url = "https://example.org/misp/event.json";
	doc.name = "event.json";
	doc.ref = ref;
	sink.report = on_report;
	sink.object = on_object;
	sink.arg = &n;
	a = nw_arena_new();
	nw_error_clear(&err);
	got = nw_parser_misp.parse_sink(f, &doc, a, &sink, &err);
	if (got == -1 ? err.code == NW_E_OK : got != n)
		abort();
	nw_arena_free(a);
	free(text);
	return 0;
}
