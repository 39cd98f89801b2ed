/*
 * cmd_reports.c - normwatch reports: print what the store holds.
 */
#include "config.h"

#include <sys/stat.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normwatch/log.h"
#include "normwatch/output.h"
#include "normwatch/store.h"
#include "normwatch/util.h"

#include "cli.h"

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: normwatch [--db PATH] reports [--format jsonl] "
	    "[--source NAME]\n"
	    "\n"
	    "Print the stored reports, one JSON object per line, with id,\n"
	    "source, url, native_id, date, date_precision, title, text,\n"
	    "attribution [{state, hedge, by}], actors, sponsorship,\n"
	    "victim_states and sectors; and of the report's incident: incident,\n"
	    "principles, findings, observance and attribution_summary (category,\n"
	    "claimants, and the states and actors with the claims behind each).\n"
	    "\n"
	    "  --format jsonl  the output format (the only one, and the default)\n"
	    "  --source NAME   only the reports of this feed\n");
}

/* Open the store read-only, with a helpful message when it is missing. */
struct nw_store *
cli_open_ro(const char *dbpath)
{
	struct nw_store *store;
	struct nw_error err;
	struct stat st;

	nw_error_clear(&err);
	if (stat(dbpath, &st) == -1) {
		nw_log(NW_LOG_ERROR, NULL, "no store at %s (run `normwatch "
		    "ingest` first, or give --db PATH)", dbpath);
		return NULL;
	}
	if ((store = nw_store_open(dbpath, NW_STORE_RO, &err)) == NULL)
		nw_log_error(&err);
	return store;
}

int
cmd_reports(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "source", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *source = NULL;
	struct nw_store *store;
	struct nw_error err;
	char *dbpath;
	int c, rc = NW_EXIT_OK;

	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (strcmp(optarg, "jsonl") != 0) {
				nw_log(NW_LOG_ERROR, "reports", "unknown format "
				    "\"%s\" (jsonl is the only one)", optarg);
				return NW_EXIT_USAGE;
			}
			break;
		case 's':
			source = optarg;
			break;
		case 'h':
			usage(stdout);
			return NW_EXIT_OK;
		default:
			usage(stderr);
			return NW_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		usage(stderr);
		return NW_EXIT_USAGE;
	}
	dbpath = cli_db_path();
	if ((store = cli_open_ro(dbpath)) == NULL) {
		free(dbpath);
		return NW_EXIT_FAILED;
	}
	nw_error_clear(&err);
	if (nw_output_reports_jsonl(store, source, stdout, &err) == -1) {
		nw_log_error(&err);
		rc = err.code == NW_E_IO ? NW_EXIT_IOERR : NW_EXIT_FAILED;
	}
	nw_store_close(store);
	free(dbpath);
	return rc;
}
