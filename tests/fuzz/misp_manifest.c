/*
 * misp_manifest.c - fuzz target: MISP feed manifests
 * (nw_misp_manifest_parse), given without a terminating NUL.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "normwatch/error.h"
#include "normwatch/misp.h"

#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nw_misp_manifest m;
	struct nw_error err;
	size_t i;

	fuzz_init();
	nw_error_clear(&err);
	if (nw_misp_manifest_parse((const char *)data, size, "fuzz-misp",
	    "manifest.json", NW_MISP_MAX_EVENTS, &m, &err) == -1) {
		if (err.code == NW_E_OK || m.n != 0)
			abort();
		return 0;
	}
	for (i = 0; i < m.n; i++) {
		if (strlen(m.v[i].uuid) != 36)
			abort();
		/* sorted by date, then uuid; uuids are unique */
		if (i > 0 && (strcmp(m.v[i - 1].date, m.v[i].date) > 0 ||
		    (strcmp(m.v[i - 1].date, m.v[i].date) == 0 &&
		    strcmp(m.v[i - 1].uuid, m.v[i].uuid) >= 0)))
			abort();
	}
	nw_misp_manifest_free(&m);
	return 0;
}
