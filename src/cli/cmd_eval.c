/*
 * cmd_eval.c - normwatch eval GOLD.jsonl: score extraction and the norms
 * mapping against coded incidents.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "normwatch/eval.h"
#include "normwatch/extract.h"
#include "normwatch/log.h"
#include "normwatch/norms.h"
#include "normwatch/paths.h"
#include "normwatch/refdata.h"
#include "normwatch/util.h"

#include "cli.h"

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: normwatch eval [--rules DIR] [--misses] GOLD.jsonl\n"
	    "\n"
	    "Score extraction and the Paris Call mapping against coded\n"
	    "incidents (one JSON object a line: id, date, attribution, actors,\n"
	    "sponsorship, victim_states, sectors, principles, text).  Prints\n"
	    "date and hedge accuracy, precision, recall and F1 of attributed\n"
	    "and victim states, and of the principles: each, micro and macro.\n"
	    "\n"
	    "  --rules DIR  norms rules files (default: the installed ones)\n"
	    "  --misses     also print every difference, with the entry id\n"
	    "\n"
	    "Exit status: 0 scored, 2 failed, 64 usage, 65 a malformed gold\n"
	    "file, 78 bad rules or data files.\n");
}

int
cmd_eval(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "rules", required_argument, NULL, 'R' },
		{ "misses", no_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *rules_opt = NULL;
	struct nw_rules *rules = NULL;
	struct nw_refdata *ref = NULL;
	struct nw_extractor *ex = NULL;
	struct nw_mapper *mapper = NULL;
	struct nw_eval_scores sc;
	struct nw_error err;
	char *refdir = NULL;
	int c, flags = 0, rc = NW_EXIT_FAILED;

	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'R':
			rules_opt = optarg;
			break;
		case 'm':
			flags |= NW_EVAL_MISSES;
			break;
		case 'h':
			usage(stdout);
			return NW_EXIT_OK;
		default:
			usage(stderr);
			return NW_EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		usage(stderr);
		return NW_EXIT_USAGE;
	}
	nw_error_clear(&err);
	refdir = nw_path_data("reference");
	if ((rules = cli_load_rules(rules_opt)) == NULL) {
		rc = NW_EXIT_CONFIG;
		goto out;
	}
	if ((ref = nw_refdata_load(refdir, &err)) == NULL ||
	    (ex = nw_extractor_new(ref, &err)) == NULL) {
		nw_log_error(&err);
		rc = NW_EXIT_CONFIG;
		goto out;
	}
	if ((mapper = nw_mapper_new(rules, &err)) == NULL) {
		nw_log_error(&err);
		goto out;
	}
	if (nw_eval_run_norms(argv[optind], ex, mapper, stdout, flags, &sc,
	    &err) == -1) {
		nw_log_error(&err);
		rc = err.code == NW_E_IO ? NW_EXIT_FAILED : NW_EXIT_DATAERR;
		goto out;
	}
	rc = fflush(stdout) == 0 ? NW_EXIT_OK : NW_EXIT_IOERR;
out:
	nw_mapper_free(mapper);
	nw_extractor_free(ex);
	nw_refdata_free(ref);
	nw_rules_free(rules);
	free(refdir);
	return rc;
}
