/*
 * cmd_merge.c - normwatch merge: merge every report of the store into
 * incidents again, from scratch, and map the incidents that changed.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "normwatch/log.h"
#include "normwatch/map.h"
#include "normwatch/merge.h"
#include "normwatch/norms.h"
#include "normwatch/observance.h"
#include "normwatch/paths.h"
#include "normwatch/refdata.h"
#include "normwatch/store.h"
#include "normwatch/util.h"

#include "cli.h"

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: normwatch [--db PATH] merge [--feeds DIR] [--rules DIR]\n"
	    "\n"
	    "Merge the reports of the whole store into incidents again, from\n"
	    "scratch, in one transaction: features, candidates, edges, the\n"
	    "curated decisions of DIR/merges.tsv, and the incidents; the ones\n"
	    "that changed are mapped again.  The result depends only on the\n"
	    "store's reports: ingest gives the same incidents as it goes.\n"
	    "\n"
	    "  --feeds DIR  where merges.tsv is (default: the feeds directory)\n"
	    "  --rules DIR  norms rules files (default: the installed ones)\n"
	    "\n"
	    "Exit status: 0 ok, 2 failed, 64 usage, 75 another run holds the lock,\n"
	    "78 bad rules, data or merges.tsv.\n");
}

int
cmd_merge(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "feeds", required_argument, NULL, 'f' },
		{ "rules", required_argument, NULL, 'R' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *rules_opt = NULL, *feeds_opt = NULL;
	struct nw_rules *rules = NULL;
	struct nw_supporters *sup = NULL;
	struct nw_store *store = NULL;
	struct nw_lock *lock = NULL;
	struct nw_mapctx *map = NULL;
	struct nw_merge *merge = NULL;
	struct nw_merge_decisions *dec = NULL;
	struct nw_refdata *ref = NULL;
	struct nw_merge_stats st;
	struct nw_error err;
	char *dbpath = NULL, *refdir = NULL;
	int c, rc = NW_EXIT_FAILED;
	int64_t run = -1;

	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			feeds_opt = optarg;
			break;
		case 'R':
			rules_opt = optarg;
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
	nw_error_clear(&err);
	if ((rules = cli_load_rules(rules_opt)) == NULL ||
	    (sup = cli_load_supporters()) == NULL ||
	    (dec = cli_load_merges(feeds_opt)) == NULL) {
		rc = NW_EXIT_CONFIG;
		goto out;
	}
	refdir = nw_path_data("reference");
	if ((ref = nw_refdata_load(refdir, &err)) == NULL) {
		nw_log_error(&err);
		rc = NW_EXIT_CONFIG;
		goto out;
	}
	dbpath = cli_db_path();
	if ((lock = nw_lock_acquire(dbpath, &err)) == NULL) {
		nw_log_error(&err);
		rc = err.code == NW_E_LOCKED ? NW_EXIT_TEMPFAIL : NW_EXIT_FAILED;
		goto out;
	}
	if ((store = nw_store_open(dbpath, NW_STORE_RW, &err)) == NULL ||
	    (map = nw_mapctx_new(store, rules, sup, &err)) == NULL ||
	    (merge = nw_merge_new(store, map, dec, ref, &err)) == NULL ||
	    (run = nw_store_run_begin(store, "merge", &err)) == -1) {
		nw_log_error(&err);
		goto out;
	}
	if (nw_store_begin(store, &err) == -1 ||
	    nw_merge_all(merge, &st, &err) == -1 ||
	    nw_store_feed_commit(store, &err) == -1) {
		nw_store_feed_rollback(store);
		nw_progress_done();
		nw_log_error(&err);
		if (nw_store_run_end(store, run, "failed", &err) == -1)
			nw_log_error(&err);
		goto out;
	}
	nw_progress_done();
	if (nw_store_run_end(store, run, "ok", &err) == -1) {
		nw_log_error(&err);
		goto out;
	}
	nw_log(NW_LOG_INFO, "merge", "%ld reports in %ld incidents: %ld "
	    "candidate pairs scored, %ld edges; %ld reports joined another "
	    "incident, %ld incidents created, %ld merged away, %ld mapped",
	    st.reports, st.incidents, st.compared, st.edges, st.joined,
	    st.created, st.deleted, st.mapped);
	if (isatty(STDOUT_FILENO))
		printf("%ld reports in %ld incidents (%ld reports moved, %ld "
		    "incidents merged away)\n", st.reports, st.incidents,
		    st.joined, st.deleted);
	rc = NW_EXIT_OK;
out:
	nw_merge_free(merge);
	nw_mapctx_free(map);
	nw_store_close(store);
	nw_lock_release(lock);
	nw_rules_free(rules);
	nw_supporters_free(sup);
	cli_merges_free(dec);
	nw_refdata_free(ref);
	free(refdir);
	free(dbpath);
	return rc;
}
