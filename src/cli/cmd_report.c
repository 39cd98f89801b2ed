/*
 * cmd_report.c - normwatch report (--quarter YYYYQn | --all) -o DIR: the
 * quarterly exposure report (src/output/report_html.c).
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normwatch/log.h"
#include "normwatch/norms.h"
#include "normwatch/paths.h"
#include "normwatch/refdata.h"
#include "normwatch/report.h"
#include "normwatch/reportout.h"
#include "normwatch/store.h"
#include "normwatch/util.h"

#include "cli.h"

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: normwatch [--db PATH] report (--quarter YYYYQn | --all) "
	    "-o DIR\n"
	    "                 [--date TIME] [--rules DIR] [--no-stix]\n"
	    "\n"
	    "Write the quarterly exposure report: DIR/YYYYQn.html (one page,\n"
	    "no script, works offline) with DIR/YYYYQn/incidents.csv,\n"
	    "DIR/YYYYQn/report.json and DIR/YYYYQn/bundle.stix.json.\n"
	    "\n"
	    "  --quarter YYYYQn  the quarter, like 2025Q3\n"
	    "  --all             every quarter from the first to the last that\n"
	    "                    holds an incident, and DIR/index.html\n"
	    "  -o DIR            where the files go (created when missing)\n"
	    "  --date TIME       the generation time shown (YYYY-MM-DD or\n"
	    "                    YYYY-MM-DDTHH:MM:SSZ): the same store then\n"
	    "                    gives byte-identical files\n"
	    "  --rules DIR       norms rules files, for principle titles and\n"
	    "                    rule rationales (default: the installed ones)\n"
	    "  --no-stix         leave out the STIX bundle\n"
	    "\n"
	    "Exit status: 0 written, 2 the store cannot be read or the store\n"
	    "has no dated incident (--all), 64 usage, 74 a file cannot be\n"
	    "written, 78 bad rules or reference data.\n");
}

/* "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ" into out: 0, or -1. */
static int
parse_when(const char *s, char out[32])
{
	struct nw_date d;
	char day[11];
	long long v;
	size_t len = strlen(s);

	if (len != 10 && len != 20)
		return -1;
	memcpy(day, s, 10);
	day[10] = '\0';
	if (nw_date_parse_iso(day, &d) == -1 || d.prec != NW_PREC_DAY ||
	    !nw_date_valid(&d))
		return -1;
	if (len == 10) {
		snprintf(out, 32, "%sT00:00:00Z", day);
		return 0;
	}
	if (s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z')
		return -1;
	{
		char hh[3] = { s[11], s[12], 0 }, mm[3] = { s[14], s[15], 0 },
		    ss[3] = { s[17], s[18], 0 };

		if (nw_parse_ll(hh, 0, 23, &v) == -1 ||
		    nw_parse_ll(mm, 0, 59, &v) == -1 ||
		    nw_parse_ll(ss, 0, 60, &v) == -1)
			return -1;
	}
	nw_strlcpy(out, s, 32);
	return 0;
}

int
cmd_report(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "quarter", required_argument, NULL, 'Q' },
		{ "all", no_argument, NULL, 'A' },
		{ "date", required_argument, NULL, 'D' },
		{ "rules", required_argument, NULL, 'R' },
		{ "no-stix", no_argument, NULL, 'N' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct nw_report_opts opts;
	struct nw_report_stats st;
	struct nw_rules *rules = NULL;
	struct nw_refdata *ref = NULL;
	struct nw_store *store = NULL;
	struct nw_error err;
	const char *quarter = NULL, *rules_opt = NULL, *date = NULL;
	char *dbpath = NULL, *refdir = NULL, when[32], buf[256];
	int c, rc = NW_EXIT_FAILED;

	memset(&opts, 0, sizeof(opts));
	while ((c = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			opts.outdir = optarg;
			break;
		case 'Q':
			quarter = optarg;
			break;
		case 'A':
			opts.all = 1;
			break;
		case 'D':
			date = optarg;
			break;
		case 'R':
			rules_opt = optarg;
			break;
		case 'N':
			opts.no_stix = 1;
			break;
		case 'h':
			usage(stdout);
			return NW_EXIT_OK;
		default:
			usage(stderr);
			return NW_EXIT_USAGE;
		}
	}
	if (optind < argc || opts.outdir == NULL || opts.outdir[0] == '\0' ||
	    (quarter == NULL) == (opts.all == 0)) {
		if (quarter != NULL && opts.all)
			nw_log(NW_LOG_ERROR, "report", "--quarter and --all "
			    "exclude each other");
		usage(stderr);
		return NW_EXIT_USAGE;
	}
	if (quarter != NULL && nw_report_parse_quarter(quarter, &opts.year,
	    &opts.quarter) == -1) {
		nw_log(NW_LOG_ERROR, "report", "--quarter wants YYYYQn, like "
		    "2025Q3, not \"%s\"", nw_log_escape(quarter,
		    strlen(quarter), buf, sizeof(buf)));
		return NW_EXIT_USAGE;
	}
	if (date != NULL) {
		if (parse_when(date, when) == -1) {
			nw_log(NW_LOG_ERROR, "report", "--date wants YYYY-MM-DD "
			    "or YYYY-MM-DDTHH:MM:SSZ, not \"%s\"",
			    nw_log_escape(date, strlen(date), buf,
			    sizeof(buf)));
			return NW_EXIT_USAGE;
		}
		opts.generated = when;
	}

	nw_error_clear(&err);
	if ((rules = cli_load_rules(rules_opt)) == NULL) {
		rc = NW_EXIT_CONFIG;
		goto out;
	}
	refdir = nw_path_data("reference");
	if ((ref = nw_refdata_load(refdir, &err)) == NULL) {
		nw_log_error(&err);
		rc = NW_EXIT_CONFIG;
		goto out;
	}
	opts.rules = rules;
	opts.ref = ref;
	dbpath = cli_db_path();
	if ((store = cli_open_ro(dbpath)) == NULL)
		goto out;
	if (nw_report_write(store, &opts, &st, &err) == -1) {
		nw_log_error(&err);
		rc = err.code == NW_E_IO ? NW_EXIT_IOERR : NW_EXIT_FAILED;
		goto out;
	}
	nw_log(NW_LOG_INFO, "report", "%ld quarter%s, %lld incidents, %ld "
	    "files in %s", st.quarters, st.quarters == 1 ? "" : "s",
	    st.incidents, st.files, opts.outdir);
	rc = NW_EXIT_OK;
out:
	nw_store_close(store);
	nw_refdata_free(ref);
	nw_rules_free(rules);
	free(refdir);
	free(dbpath);
	return rc;
}
