/*
 * rules.c - fuzz target: rules files (nw_rules_parse), then one incident
 * mapped with whatever rules loaded, near misses included, so that
 * fuzzed patterns meet text under the match limits.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "normwatch/error.h"
#include "normwatch/norms.h"

#include "fuzz.h"

static const char text1[] =
    "September 2022. Iranian state-sponsored hackers disrupted the power "
    "grid and water utilities of Albania, a ransomware and wiper attack on "
    "hospitals, government networks and elections; officials said the "
    "GRU's APT28 (Fancy Bear) was responsible.";
static const char text2[] =
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"
    " Espionage against a satellite network, in protest at a ban on "
    "fuel and gas station sales; supply chain, telecommunications.";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nw_error err;
	struct nw_rules *rs;
	struct nw_mapper *m;
	struct nw_map_report reps[2];
	struct nw_map_input in;
	const struct nw_map_result *res;
	size_t i;

	fuzz_init();
	nw_error_clear(&err);
	/* the text need not be NUL-terminated: ASan sees any overread */
	rs = nw_rules_parse("fuzz.rules", (const char *)data, size, NULL,
	    NULL, &err);
	if (rs == NULL) {
		if (err.code == NW_E_OK)
			abort();
		return 0;
	}
	if (strlen(nw_rules_version(rs)) != NW_SHA256_HEX - 1)
		abort();
	for (i = 0; i < nw_rules_nrules(rs); i++)
		if (nw_rules_find_rule(rs, nw_rules_rule(rs, i)->id) !=
		    nw_rules_rule(rs, i))
			abort();
	m = nw_mapper_new(rs, &err);
	if (m != NULL) {
		memset(reps, 0, sizeof(reps));
		reps[0].text = text1;
		reps[0].len = sizeof(text1) - 1;
		reps[1].text = text2;
		reps[1].len = sizeof(text2) - 1;
		memset(&in, 0, sizeof(in));
		in.reports = reps;
		in.nreports = 2;
		in.date.y = 2022;
		in.date.m = 9;
		in.date.prec = NW_PREC_MONTH;
		if (nw_mapper_run(m, &in, NW_MAP_NEAR_MISSES, &res, &err) == 0 &&
		    res->nwarnings > NW_MAX_MAP_WARNINGS)
			abort();
		if (nw_mapper_run(m, &in, NW_MAP_NO_PREFILTER, &res,
		    &err) == -1 && err.code == NW_E_OK)
			abort();
	}
	nw_mapper_free(m);
	nw_rules_free(rs);
	return 0;
}
