/*
 * cmd_ingest.c - normwatch ingest: every enabled feed through the pipeline.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "normwatch/extract.h"
#include "normwatch/feed.h"
#include "normwatch/fetch.h"
#include "normwatch/ingest.h"
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

#define MAX_NAMED	64	/* --feed NAME options */

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: normwatch [--db PATH] ingest [--feeds DIR] [--feed NAME]... "
	    "[--offline] [--force]\n"
	    "       normwatch [--db PATH] ingest --kind KIND --url URL "
	    "[--name NAME]\n"
	    "\n"
	    "Fetch feeds, split them into reports, extract what each report\n"
	    "says, merge the reports of one incident into it, and store it.  One\n"
	    "transaction per feed: a feed that fails changes nothing, and the\n"
	    "others still land.  DIR/merges.tsv overrides merging.\n"
	    "\n"
	    "  --feeds DIR     feed definitions (default $XDG_CONFIG_HOME/normwatch/feeds,\n"
	    "                  else the installed ones)\n"
	    "  --feed NAME     only this feed (repeatable; runs it even if disabled)\n"
	    "  --offline       no network: replay the last body fetched for each feed\n"
	    "  --force         parse and store even when a body is unchanged\n"
	    "  --cache DIR     fetched bodies (default $XDG_CACHE_HOME/normwatch)\n"
	    "  --rules DIR     norms rules files (default: the installed ones)\n"
	    "  --kind KIND     a one-off feed of this kind (e.g. csis) ...\n"
	    "  --url URL       ... at this http, https or file URL\n"
	    "  --name NAME     ... under this feed name (default from the URL)\n"
	    "\n"
	    "Exit status: 0 all feeds ok, 1 some failed, 2 all failed, 64 usage,\n"
	    "75 another run holds the lock, 78 bad definitions, rules or data files.\n");
}

static void
print_err(const struct nw_error *e, void *arg)
{
	(void)arg;
	nw_log_error(e);
}

static int
current_year(void)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	return tm.tm_year + 1900;
}

int
cmd_ingest(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "feeds", required_argument, NULL, 'f' },
		{ "feed", required_argument, NULL, 'F' },
		{ "offline", no_argument, NULL, 'o' },
		{ "force", no_argument, NULL, 'r' },
		{ "cache", required_argument, NULL, 'c' },
		{ "rules", required_argument, NULL, 'R' },
		{ "kind", required_argument, NULL, 'k' },
		{ "url", required_argument, NULL, 'u' },
		{ "name", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *named[MAX_NAMED], *kind = NULL, *url = NULL, *name = NULL;
	const char *feeds_opt = NULL, *cache_opt = NULL, *rules_opt = NULL;
	struct nw_feedset set = { NULL, 0 };
	struct nw_feed *oneoff = NULL;
	const struct nw_feed **todo = NULL;
	struct nw_refdata *ref = NULL;
	struct nw_extractor *ex = NULL;
	struct nw_rules *rules = NULL;
	struct nw_supporters *sup = NULL;
	struct nw_mapctx *map = NULL;
	struct nw_merge *merge = NULL;
	struct nw_merge_decisions *dec = NULL;
	struct nw_merge_stats mst;
	struct nw_store *store = NULL;
	struct nw_lock *lock = NULL;
	struct nw_ingest_ctx ctx;
	struct nw_ingest_stats st;
	struct nw_error err;
	char *dbpath = NULL, *feeds_dir = NULL, *cache_dir = NULL, *refdir = NULL;
	char *mapped_with = NULL;
	size_t nnamed = 0, ntodo = 0, i, j;
	long total_new = 0, total_reports = 0;
	int c, offline = 0, force = 0, nconf = 0, nfailed = 0, nok = 0;
	int fetch_init = 0, rc = NW_EXIT_FAILED, tty = isatty(STDOUT_FILENO);
	int64_t run = -1;

	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			feeds_opt = optarg;
			break;
		case 'F':
			if (nnamed >= MAX_NAMED) {
				nw_log(NW_LOG_ERROR, "ingest", "at most %d "
				    "--feed options", MAX_NAMED);
				return NW_EXIT_USAGE;
			}
			named[nnamed++] = optarg;
			break;
		case 'o':
			offline = 1;
			break;
		case 'r':
			force = 1;
			break;
		case 'c':
			cache_opt = optarg;
			break;
		case 'R':
			rules_opt = optarg;
			break;
		case 'k':
			kind = optarg;
			break;
		case 'u':
			url = optarg;
			break;
		case 'n':
			name = optarg;
			break;
		case 'h':
			usage(stdout);
			return NW_EXIT_OK;
		default:
			usage(stderr);
			return NW_EXIT_USAGE;
		}
	}
	if (optind < argc || (kind == NULL) != (url == NULL) ||
	    (name != NULL && kind == NULL) ||
	    (kind != NULL && (feeds_opt != NULL || nnamed > 0))) {
		usage(stderr);
		return NW_EXIT_USAGE;
	}
	nw_error_clear(&err);

	/* 1. what to ingest */
	if (kind != NULL) {
		if ((oneoff = nw_feed_oneoff(kind, url, name, &err)) == NULL) {
			nw_log_error(&err);
			return NW_EXIT_USAGE;
		}
		todo = xcalloc(1, sizeof(*todo));
		todo[ntodo++] = oneoff;
	} else {
		feeds_dir = feeds_opt != NULL ? xstrdup(feeds_opt) :
		    nw_path_feeds();
		nconf = nw_feedset_load(feeds_dir, &set, print_err, NULL, &err);
		if (nconf == -1) {
			nw_log_error(&err);
			rc = NW_EXIT_CONFIG;
			goto out;
		}
		todo = xcalloc(set.n + 1, sizeof(*todo));
		for (i = 0; i < nnamed; i++) {
			const struct nw_feed *f = nw_feedset_find(&set,
			    named[i]);

			if (f == NULL) {
				nw_log(NW_LOG_ERROR, "ingest", "no feed named "
				    "\"%s\" in %s", named[i], feeds_dir);
				rc = NW_EXIT_CONFIG;
				goto out;
			}
			for (j = 0; j < ntodo; j++)
				if (todo[j] == f)
					break;
			if (j == ntodo)
				todo[ntodo++] = f;
		}
		for (i = 0; nnamed == 0 && i < set.n; i++)
			if (set.feeds[i]->enabled)
				todo[ntodo++] = set.feeds[i];
		if (ntodo == 0 && nconf == 0) {
			nw_log(NW_LOG_WARN, "ingest", "no enabled feeds in %s",
			    feeds_dir);
			rc = NW_EXIT_OK;
			goto out;
		}
	}

	/* 2. reference data and the extractor, before anything is fetched */
	refdir = nw_path_data("reference");
	if ((ref = nw_refdata_load(refdir, &err)) == NULL ||
	    (ex = nw_extractor_new(ref, &err)) == NULL) {
		nw_log_error(&err);
		rc = NW_EXIT_CONFIG;
		goto out;
	}

	/* ... and the norms rules, whose errors stop the run here */
	if ((rules = cli_load_rules(rules_opt)) == NULL ||
	    (sup = cli_load_supporters()) == NULL) {
		rc = NW_EXIT_CONFIG;
		goto out;
	}
	/* ... and the curated merge decisions of the feeds directory */
	if ((dec = cli_load_merges(feeds_dir)) == NULL) {
		rc = NW_EXIT_CONFIG;
		goto out;
	}

	/* 3. the lock, the store, a run */
	dbpath = cli_db_path();
	if ((lock = nw_lock_acquire(dbpath, &err)) == NULL) {
		nw_log_error(&err);
		rc = err.code == NW_E_LOCKED ? NW_EXIT_TEMPFAIL :
		    NW_EXIT_FAILED;
		goto out;
	}
	if ((store = nw_store_open(dbpath, NW_STORE_RW, &err)) == NULL) {
		nw_log_error(&err);
		goto out;
	}
	if ((map = nw_mapctx_new(store, rules, sup, &err)) == NULL ||
	    nw_store_meta_get(store, NW_META_RULES_VERSION, &mapped_with,
	    &err) == -1) {
		nw_log_error(&err);
		goto out;
	}
	if (mapped_with == NULL) {
		if (nw_store_begin(store, &err) == -1 ||
		    nw_store_meta_set(store, NW_META_RULES_VERSION,
		    nw_rules_version(rules), &err) == -1 ||
		    nw_store_feed_commit(store, &err) == -1) {
			nw_store_feed_rollback(store);
			nw_log_error(&err);
			goto out;
		}
	} else if (strcmp(mapped_with, nw_rules_version(rules)) != 0)
		nw_log(NW_LOG_WARN, "ingest", "the norms rules changed since "
		    "the store was last mapped; new reports are mapped with "
		    "the new rules, run `normwatch remap` for the others");
	if ((merge = nw_merge_new(store, map, dec, ref, &err)) == NULL ||
	    nw_merge_prepare(merge, &mst, &err) == -1) {
		nw_log_error(&err);
		goto out;
	}
	if (mst.reports > 0)
		nw_log(NW_LOG_INFO, "ingest", "merged %ld reports again (curated "
		    "decisions or merging changed): %ld incidents", mst.reports,
		    mst.incidents);
	if (nw_fetch_global_init(&err) == -1) {
		nw_log_error(&err);
		goto out;
	}
	fetch_init = 1;
	if ((run = nw_store_run_begin(store, "ingest", &err)) == -1) {
		nw_log_error(&err);
		goto out;
	}
	cache_dir = cache_opt != NULL ? xstrdup(cache_opt) : nw_path_cache();

	/* 4. every feed, one transaction each */
	memset(&ctx, 0, sizeof(ctx));
	ctx.store = store;
	ctx.extractor = ex;
	ctx.ref = ref;
	ctx.map = map;
	ctx.merge = merge;
	ctx.cache_dir = cache_dir;
	ctx.run = run;
	ctx.offline = offline;
	ctx.force = force;
	ctx.max_year = current_year() + 1;
	for (i = 0; i < ntodo; i++) {
		nw_progress_bar(i, ntodo);
		nw_error_clear(&err);
		if (nw_ingest_feed(&ctx, todo[i], &st, &err) == -1) {
			nw_log_error(&err);
			nfailed++;
		} else
			nok++;
		nw_progress_done();
		nw_log(NW_LOG_INFO, todo[i]->name, "%s: %ld reports, %ld new, "
		    "%ld changed, %.2f s", nw_ingest_outcome_name(st.outcome),
		    st.reports, st.new_reports, st.changed, st.seconds);
		if (tty)
			printf("%-24s %-13s %6ld reports %6ld new %6ld changed\n",
			    todo[i]->name, nw_ingest_outcome_name(st.outcome),
			    st.reports, st.new_reports, st.changed);
		total_new += st.new_reports;
		total_reports += st.reports;
	}
	nfailed += nconf;

	if (nfailed == 0)
		rc = NW_EXIT_OK;
	else if (nok > 0)
		rc = NW_EXIT_PARTIAL;
	else
		rc = NW_EXIT_FAILED;
	if (nw_store_run_end(store, run, rc == NW_EXIT_OK ? "ok" :
	    rc == NW_EXIT_PARTIAL ? "partial" : "failed", &err) == -1) {
		nw_log_error(&err);
		if (rc == NW_EXIT_OK)
			rc = NW_EXIT_FAILED;
	}
	if (tty)
		printf("%d feed%s ok, %d failed; %ld new reports; store: %s\n",
		    nok, nok == 1 ? "" : "s", nfailed, total_new, dbpath);
	(void)total_reports;
out:
	nw_progress_done();
	nw_progress_bar(0, 0);
	if (fetch_init)
		nw_fetch_global_cleanup();
	nw_merge_free(merge);
	nw_mapctx_free(map);
	nw_store_close(store);
	nw_lock_release(lock);
	nw_rules_free(rules);
	nw_supporters_free(sup);
	cli_merges_free(dec);
	free(mapped_with);
	nw_extractor_free(ex);
	nw_refdata_free(ref);
	nw_feedset_free(&set);
	nw_feed_free(oneoff);
	free(todo);
	free(dbpath);
	free(feeds_dir);
	free(cache_dir);
	free(refdir);
	return rc;
}
