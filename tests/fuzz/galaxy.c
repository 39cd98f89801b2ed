/*
 * galaxy.c - fuzz target: MISP galaxy cluster files of the actors kind
 * (nw_galaxy_parse), and the canonical actor table built from them.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "normwatch/actors.h"
#include "normwatch/error.h"
#include "normwatch/feed.h"
#include "normwatch/parse.h"
#include "normwatch/util.h"

#include "fuzz.h"

#define FUZZ_MAX_CLUSTERS	NW_MAX_ACTOR_CLUSTERS

struct clusters {
	const struct nw_cluster	**v;
	size_t			  n;
};

static int
on_cluster(const struct nw_cluster *c, void *arg)
{
	struct clusters *cs = arg;

	if (c->uuid == NULL || c->value == NULL || c->origin == NULL ||
	    cs->n == FUZZ_MAX_CLUSTERS)
		abort();
	fuzz_check_utf8("value", c->value, strlen(c->value));
	/* clusters live in the arena until it is freed */
	cs->v = xreallocarray(cs->v, cs->n + 1, sizeof(*cs->v));
	cs->v[cs->n++] = c;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nw_arena *a;
	struct nw_error err;
	struct nw_feed f;
	struct nw_doc doc;
	struct clusters cs = { NULL, 0 };
	struct nw_actors *t;
	char *text;
	size_t i;
	long got;

	const struct nw_refdata *ref = fuzz_init();
	memset(&f, 0, sizeof(f));
	f.name = "fuzz-actors";
	f.kind = "actors";
	f.url = "file:///fuzz/galaxy.json";
	nw_limits_default(&f.limits);
	text = fuzz_dup(data, size);
	memset(&doc, 0, sizeof(doc));
	doc.data = text;
	doc.len = size;
	doc.url = f.url;
	doc.name = "/fuzz/galaxy.json";
	doc.ref = ref;
	a = nw_arena_new();
	nw_error_clear(&err);
	got = nw_galaxy_parse(&f, &doc, a, on_cluster, &cs, &err);
	if (got == -1 ? err.code == NW_E_OK : (size_t)got != cs.n)
		abort();
	if (got > 0) {
		t = nw_actors_build(cs.v, cs.n, &err);
		if (t == NULL && err.code == NW_E_OK)
			abort();
		for (i = 0; t != NULL && i < nw_actors_count(t); i++)
			if (nw_actors_find(t, nw_actors_at(t, i)->id) != i)
				abort();
		nw_actors_free(t);
	}
	free(cs.v);
	nw_arena_free(a);
	free(text);
	return 0;
}
