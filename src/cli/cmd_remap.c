/*
 * cmd_remap.c - normwatch remap: map every incident again, after a change
 * of the norms rules.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "normwatch/log.h"
#include "normwatch/map.h"
#include "normwatch/norms.h"
#include "normwatch/observance.h"
#include "normwatch/store.h"
#include "normwatch/util.h"

#include "cli.h"

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: normwatch [--db PATH] remap [--rules DIR]\n"
	    "\n"
	    "Evaluate the norms rules again for every incident in the store and\n"
	    "replace its findings and observance, in one transaction.  The same\n"
	    "store and rules always give the same findings.\n"
	    "\n"
	    "  --rules DIR  norms rules files (default: the installed ones)\n"
	    "\n"
	    "Exit status: 0 ok, 2 failed, 64 usage, 75 another run holds the lock,\n"
	    "78 bad rules or data files.\n");
}

struct remap {
	struct nw_mapctx	*map;
	struct nw_error		*err;
	long			 n;
};

static int
one(int64_t incident, void *arg)
{
	struct remap *r = arg;

	if (nw_map_incident(r->map, incident, r->err) == -1)
		return -1;
	if (++r->n % 1000 == 0)
		nw_progress("remap: %ld incidents", r->n);
	return 0;
}

int
cmd_remap(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "rules", required_argument, NULL, 'R' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *rules_opt = NULL;
	struct nw_rules *rules = NULL;
	struct nw_supporters *sup = NULL;
	struct nw_store *store = NULL;
	struct nw_lock *lock = NULL;
	struct remap r = { NULL, NULL, 0 };
	struct nw_error err;
	char *dbpath = NULL;
	int c, rc = NW_EXIT_FAILED;
	int64_t run = -1;

	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
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
	    (sup = cli_load_supporters()) == NULL) {
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
	    (r.map = nw_mapctx_new(store, rules, sup, &err)) == NULL ||
	    (run = nw_store_run_begin(store, "remap", &err)) == -1) {
		nw_log_error(&err);
		goto out;
	}
	r.err = &err;
	if (nw_store_begin(store, &err) == -1 ||
	    nw_store_each_incident(store, one, &r, &err) != 0 ||
	    nw_store_meta_set(store, NW_META_RULES_VERSION,
	    nw_rules_version(rules), &err) == -1 ||
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
	nw_log(NW_LOG_INFO, "remap", "%ld incidents mapped with rules %.12s",
	    r.n, nw_rules_version(rules));
	if (isatty(STDOUT_FILENO))
		printf("%ld incidents mapped with rules %.12s\n", r.n,
		    nw_rules_version(rules));
	rc = NW_EXIT_OK;
out:
	nw_mapctx_free(r.map);
	nw_store_close(store);
	nw_lock_release(lock);
	nw_rules_free(rules);
	nw_supporters_free(sup);
	free(dbpath);
	return rc;
}
