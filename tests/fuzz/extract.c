/*
 * extract.c - fuzz target: extraction of attribution claims from one
 * report's text (nw_extract), with the reference tables of
 * $NORMWATCH_DATADIR/reference (the target does nothing without them).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "normwatch/error.h"
#include "normwatch/extract.h"
#include "normwatch/report.h"

#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct nw_extractor *x;
	struct nw_extract out;
	struct nw_error err;
	size_t i;

	const struct nw_refdata *ref = fuzz_init();
	if (ref == NULL)
		return 0;
	if (x == NULL) {
		nw_error_clear(&err);
		x = nw_extractor_new(ref, &err);
		if (x == NULL)
			abort();
	}
	nw_error_clear(&err);
	/* any bytes, no terminating NUL: "read without harm" */
	if (nw_extract(x, (const char *)data, size, &out, &err) == -1 &&
	    err.code == NW_E_OK)
		abort();
	if (out.nattr > NW_MAX_ATTRIB || out.nactors > NW_MAX_ACTORS ||
	    out.nvictims > NW_MAX_VICTIMS)
		abort();
	for (i = 0; i < out.nattr; i++)
		if (out.attr[i].ev.off > size ||
		    out.attr[i].ev.len > size - out.attr[i].ev.off)
			abort();
	for (i = 0; i < out.nactors; i++)
		if (out.actors[i].ev.off > size ||
		    out.actors[i].ev.len > size - out.actors[i].ev.off)
			abort();
	return 0;
}
