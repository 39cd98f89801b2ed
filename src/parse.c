/*
 * parse.c - the registry of parsers, one per feed kind.
 */
#include "config.h"

#include <string.h>

#include "normwatch/actors.h"
#include "normwatch/csis.h"
#include "normwatch/csv.h"
#include "normwatch/misp.h"
#include "normwatch/parse.h"
#include "normwatch/rss.h"
#include "normwatch/stixfeed.h"
#include "normwatch/taxii_client.h"

static const struct nw_parser *const parsers[] = {
	&nw_parser_csis,
	&nw_parser_csv,
	&nw_parser_misp,
	&nw_parser_rss,
	&nw_parser_stix,
	&nw_parser_taxii,
	&nw_parser_actors,
	NULL
};

const struct nw_parser *
nw_parser_find(const char *kind)
{
	size_t i;

	if (kind == NULL)
		return NULL;
	for (i = 0; parsers[i] != NULL; i++)
		if (strcmp(parsers[i]->kind, kind) == 0)
			return parsers[i];
	return NULL;
}

const struct nw_parser *const *
nw_parsers(void)
{
	return parsers;
}
