/*
 * json.c - fuzz target: the strict streaming JSON reader (json.h) that
 * the STIX, MISP, TAXII and galaxy readers stand on, given the input
 * without a terminating NUL, read to its end and skipped over once more.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "normwatch/error.h"
#include "normwatch/json.h"
#include "normwatch/text.h"

#include "fuzz.h"

#define FUZZ_MAX_EVENTS	(1u << 22)	/* events of one document */

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nw_json *j;
	struct nw_error err;
	enum nw_json_event ev;
	const char *t;
	size_t len, n, depth = 0;

	fuzz_init();
	j = nw_json_new_mem(data, size, NULL, "fuzz.json");
	for (n = 0; n < FUZZ_MAX_EVENTS; n++) {
		nw_error_clear(&err);
		ev = nw_json_next(j, &err);
		if (ev == NW_JSON_ERROR) {
			if (err.code == NW_E_OK)
				abort();
			break;
		}
		if (ev == NW_JSON_END)
			break;
		if (ev == NW_JSON_OBJECT_BEGIN || ev == NW_JSON_ARRAY_BEGIN) {
			if (++depth > NW_JSON_MAX_DEPTH)
				abort();
		} else if (ev == NW_JSON_OBJECT_END ||
		    ev == NW_JSON_ARRAY_END) {
			if (depth-- == 0)
				abort();
		} else if (ev == NW_JSON_KEY || ev == NW_JSON_STRING) {
			t = nw_json_text(j, &len);
			/* strings are decoded: valid UTF-8; NUL (\u0000)
			   is refused by the strict reader */
			fuzz_check_utf8("string", t, len);
		}
	}
	nw_json_free(j);

	/* skipping: the first value as a whole */
	j = nw_json_new_mem(data, size, NULL, "fuzz.json");
	nw_error_clear(&err);
	ev = nw_json_next(j, &err);
	if (ev != NW_JSON_ERROR && ev != NW_JSON_END &&
	    nw_json_skip(j, &err) == -1 && err.code == NW_E_OK)
		abort();
	nw_json_free(j);
	return 0;
}
