/*
 * csv.c - fuzz target: CSV datasets, mapped as the sample tracker
 * (feeds/samples/cyber-operations.feed) maps its columns.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "normwatch/csv.h"
#include "normwatch/error.h"
#include "normwatch/feed.h"
#include "normwatch/util.h"

#include "fuzz.h"

static const char def[] =
    "name = fuzz-csv\nkind = csv\nurl = file:///fuzz/ops.csv\n"
    "id = Title\ndate = Date\ndate-format = M/D/YYYY; YYYY-MM-DD; YYYY\n"
    "title = Title\ntext = Description\n"
    "link = Sources_1; Sources_2; Sources_3\n"
    "states = Sponsor\nactors = Affiliations\nvictims = Victims\n"
    "sectors = Category\nlist = auto; Category: comma; Sponsor: comma\n"
    "sector-map = Private sector: other; Civil society: civil-society\n"
    "hedge = suspected\nhedge-column = Response\n"
    "hedge-map = Indictment: asserted; Sanctions: asserted\n"
    "party-column = Response\n"
    "party-map = Indictment: government; Sanctions: government\n"
    "sponsorship-column = Sponsor\nsponsorship-map = *: state\n"
    "encoding-fallback = cp1252\npublisher = Fuzz\n";

static int
on_report(struct nw_report *r, void *arg)
{
	long *n = arg;

	fuzz_check_report(r);
	(*n)++;
	return 0;
}

static void
on_bad(const struct nw_error *e, void *arg)
{
	long *n = arg;

	if (e->code != NW_E_DATA && e->code != NW_E_LIMIT)
		abort();
	(*n)++;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct nw_feed *f;
	struct nw_csv_stats st;
	struct nw_arena *a;
	struct nw_error err;
	struct nw_doc doc;
	char *text;
	long n = 0, nbad = 0, got;

	const struct nw_refdata *ref = fuzz_init();
	if (f == NULL)
		f = fuzz_feed(def);
	text = fuzz_dup(data, size);
	memset(&doc, 0, sizeof(doc));
	doc.data = text;
	doc.len = size;
	doc.url = "file:///fuzz/ops.csv";
	doc.name = "/fuzz/ops.csv";
	doc.ref = ref;
	a = nw_arena_new();
	nw_error_clear(&err);
	got = nw_csv_parse(f, &doc, a, on_report, &n, on_bad, &nbad, &st,
	    &err);
	if (got == -1 ? err.code == NW_E_OK : (got != n || st.kept != n ||
	    st.bad != nbad))
		abort();
	nw_arena_free(a);
	free(text);
	return 0;
}
