/*
 * cmd_export.c - normwatch export [-o FILE] [--quarter YYYYQn | --since
 * DATE]: the store as one STIX 2.1 bundle (src/output/stix_out.c).
 *
 * The bundle goes to standard output, or with -o to a temporary file next
 * to FILE that is renamed over it once complete, so no reader ever sees
 * half a bundle.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "normwatch/log.h"
#include "normwatch/paths.h"
#include "normwatch/refdata.h"
#include "normwatch/report.h"
#include "normwatch/stixout.h"
#include "normwatch/store.h"
#include "normwatch/util.h"

#include "cli.h"

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: normwatch [--db PATH] export [-o FILE] "
	    "[--quarter YYYYQn | --since DATE]\n"
	    "\n"
	    "Write what the store holds as one STIX 2.1 bundle: incidents with\n"
	    "the Incident Core Extension and normwatch's extension, their\n"
	    "attribution and victim claims as relationships created by the\n"
	    "claiming sources, the actors, states and publishers they name, one\n"
	    "report per quarter, and the objects stix feeds keep.  Two exports\n"
	    "of one store are byte-identical.\n"
	    "\n"
	    "  -o FILE         write FILE (replaced whole once complete) instead\n"
	    "                  of standard output\n"
	    "  --quarter YYYYQn  only the incidents dated in that quarter\n"
	    "  --since DATE    only the incidents dated on or after DATE\n"
	    "                  (YYYY-MM-DD)\n"
	    "\n"
	    "Exit status: 0 written, 2 the store cannot be read, 64 usage,\n"
	    "74 the output cannot be written, 78 bad reference data.\n");
}

/* Write the bundle into a temporary file beside path, then rename it. */
static int
export_file(struct nw_store *store, const struct nw_export_opts *opts,
    const char *path, struct nw_export_stats *st, struct nw_error *err)
{
	char *tmp;
	FILE *fp = NULL;
	mode_t mask;
	int fd, rc = -1;

	tmp = xasprintf("%s.XXXXXX", path);
	if ((fd = mkstemp(tmp)) == -1) {
		nw_error_where(err, NULL, path);
		nw_error_set(err, NW_E_IO, "cannot create a temporary file: %s",
		    strerror(errno));
		free(tmp);
		return -1;
	}
	/* mkstemp makes the file private: give it the mode of a new file */
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) == -1) {
		nw_error_where(err, NULL, tmp);
		nw_error_set(err, NW_E_IO, "cannot set the mode: %s",
		    strerror(errno));
		close(fd);
		goto out;
	}
	if ((fp = fdopen(fd, "w")) == NULL) {
		nw_error_where(err, NULL, tmp);
		nw_error_set(err, NW_E_IO, "cannot open: %s", strerror(errno));
		close(fd);
		goto out;
	}
	if (nw_export_stix(store, opts, fp, st, err) == -1) {
		if (err->file[0] == '\0')
			nw_error_where(err, NULL, path);
		goto out;
	}
	if (fflush(fp) == EOF || fsync(fileno(fp)) == -1) {
		nw_error_where(err, NULL, tmp);
		nw_error_set(err, NW_E_IO, "cannot write: %s", strerror(errno));
		goto out;
	}
	if (fclose(fp) == EOF) {
		fp = NULL;
		nw_error_where(err, NULL, tmp);
		nw_error_set(err, NW_E_IO, "cannot write: %s", strerror(errno));
		goto out;
	}
	fp = NULL;
	if (rename(tmp, path) == -1) {
		nw_error_where(err, NULL, path);
		nw_error_set(err, NW_E_IO, "cannot rename %s into place: %s",
		    tmp, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (fp != NULL)
		fclose(fp);
	if (rc == -1)
		unlink(tmp);
	free(tmp);
	return rc;
}

int
cmd_export(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "quarter", required_argument, NULL, 'Q' },
		{ "since", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct nw_export_opts opts;
	struct nw_export_stats st;
	struct nw_refdata *ref = NULL;
	struct nw_store *store = NULL;
	struct nw_error err;
	const char *outpath = NULL, *quarter = NULL, *since = NULL;
	char *dbpath = NULL, *refdir = NULL;
	int c, rc = NW_EXIT_FAILED;

	memset(&opts, 0, sizeof(opts));
	while ((c = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			outpath = optarg;
			break;
		case 'Q':
			quarter = optarg;
			break;
		case 'S':
			since = optarg;
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
	if (quarter != NULL && since != NULL) {
		nw_log(NW_LOG_ERROR, "export", "--quarter and --since exclude "
		    "each other");
		return NW_EXIT_USAGE;
	}
	if (quarter != NULL && nw_export_parse_quarter(quarter, &opts.year,
	    &opts.quarter) == -1) {
		nw_log(NW_LOG_ERROR, "export", "--quarter wants YYYYQn, like "
		    "2025Q3, not \"%s\"", quarter);
		return NW_EXIT_USAGE;
	}
	if (since != NULL && (nw_date_parse_iso(since, &opts.since) == -1 ||
	    opts.since.prec != NW_PREC_DAY || !nw_date_valid(&opts.since))) {
		nw_log(NW_LOG_ERROR, "export", "--since wants a date "
		    "YYYY-MM-DD, not \"%s\"", since);
		return NW_EXIT_USAGE;
	}

	nw_error_clear(&err);
	refdir = nw_path_data("reference");
	if ((ref = nw_refdata_load(refdir, &err)) == NULL) {
		nw_log_error(&err);
		rc = NW_EXIT_CONFIG;
		goto out;
	}
	opts.ref = ref;
	dbpath = cli_db_path();
	if ((store = cli_open_ro(dbpath)) == NULL)
		goto out;
	if (outpath != NULL)
		c = export_file(store, &opts, outpath, &st, &err);
	else
		c = nw_export_stix(store, &opts, stdout, &st, &err);
	if (c == -1) {
		nw_log_error(&err);
		rc = err.code == NW_E_IO ? NW_EXIT_IOERR : NW_EXIT_FAILED;
		goto out;
	}
	nw_log(NW_LOG_INFO, "export", "%lld objects (%lld incidents, %lld "
	    "kept from stix feeds, %lld left out)", st.objects, st.incidents,
	    st.kept, st.dropped);
	rc = NW_EXIT_OK;
out:
	nw_store_close(store);
	nw_refdata_free(ref);
	free(refdir);
	free(dbpath);
	return rc;
}
