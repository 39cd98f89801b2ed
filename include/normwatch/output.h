/*
 * output.h - writers that read the store and print for people and tools.
 * Outputs read only the store; they never fetch or parse.
 */
#ifndef NORMWATCH_OUTPUT_H
#define NORMWATCH_OUTPUT_H

#include <stdio.h>

#include "normwatch/error.h"
#include "normwatch/store.h"

/*
 * `normwatch reports --format jsonl`: one JSON object per report and line,
 * with id, source, url, native_id, date ("YYYY-MM" or "YYYY-MM-DD"),
 * date_precision, title, text, attribution [{state, hedge, by}], actors,
 * sponsorship, victim_states, sectors; and of its incident: incident,
 * principles, findings, observance and attribution_summary (consensus.h:
 * category, claimants, states and actors with the claims behind each).
 * JSON goes through json-c.
 * source may be NULL for all sources.  Returns 0 or -1 with *err set.
 */
int	nw_output_reports_jsonl(struct nw_store *, const char *source,
	    FILE *out, struct nw_error *err);

#endif
