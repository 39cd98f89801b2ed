/*
 * html.c - fuzz target: CSIS lists as HTML, through the csis parser with
 * format = html (nw_html_to_text, then the splitter).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "normwatch/csis.h"
#include "normwatch/error.h"
#include "normwatch/feed.h"
#include "normwatch/parse.h"
#include "normwatch/util.h"

#include "fuzz.h"

static const char def[] =
    "name = fuzz-html\nkind = csis\nurl = file:///fuzz/list.html\n"
    "format = html\npublisher = Fuzz\n";

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
	static struct nw_feed *f;
	struct nw_arena *a;
	struct nw_error err;
	struct nw_doc doc;
	char *text;
	long n = 0, got;

	fuzz_init();
	if (f == NULL)
		f = fuzz_feed(def);
	text = fuzz_dup(data, size);
	memset(&doc, 0, sizeof(doc));
	doc.data = text;
	doc.len = size;
	doc.url = "file:///fuzz/list.html";
	doc.name = "/fuzz/list.html";
	doc.content_type = "text/html";
	a = nw_arena_new();
	nw_error_clear(&err);
	got = nw_parser_csis.parse(f, &doc, a, on_report, &n, &err);
	if (got == -1 ? err.code == NW_E_OK : got != n)
		abort();
	nw_arena_free(a);
	free(text);
	return 0;
}
