/*
 * normwatch.c - the command: global options, then one verb.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "normwatch/config.h"
#include "normwatch/log.h"
#include "normwatch/merge.h"
#include "normwatch/norms.h"
#include "normwatch/observance.h"
#include "normwatch/paths.h"
#include "normwatch/util.h"

#include "cli.h"

struct nw_globals nw_globals;

struct verb {
	const char	*name;
	int		(*fn)(int, char **);
	const char	*summary;
};

static const struct verb verbs[] = {
	{ "ingest", cmd_ingest, "fetch feeds, extract, and store the reports" },
	{ "reports", cmd_reports, "print stored reports (--format jsonl)" },
	{ "feeds", cmd_feeds, "list or check feed definitions" },
	{ "status", cmd_status, "last run of every feed" },
	{ "remap", cmd_remap, "map every incident again after a rules change" },
	{ "explain", cmd_explain, "why an incident maps where it maps" },
	{ "eval", cmd_eval, "score extraction and mapping on coded incidents" },
	{ "validate", cmd_validate, "check STIX 2.1 bundles against the specification" },
	{ "export", cmd_export, "write the store as one STIX 2.1 bundle" },
	{ "actors", cmd_actors, "canonical actors: list, show a name, conflicts" },
	{ "merge", cmd_merge, "merge reports into incidents again, over the whole store" },
	{ "report", cmd_report, "the quarterly exposure report (HTML, CSV, JSON, STIX)" },
	{ "serve", cmd_serve, "serve the store over TAXII 2.1" },
	{ "passwd", cmd_passwd, "add a user of serve, or change a password" },
	{ "run", cmd_run, "what cron runs: ingest, remap, export the quarters" },
	{ "config", cmd_config, "check normwatch.conf, show the settings in force" },
};

static void
usage(FILE *fp)
{
	size_t i;

	fprintf(fp,
	    "usage: normwatch [--config FILE] [--db PATH] [-v | -q] "
	    "[--log-format text|json]\n"
	    "                 [--syslog] [--system] COMMAND [ARGS]\n"
	    "       normwatch --help | --version\n"
	    "\n"
	    "normwatch turns public reporting on cyber incidents into evidence\n"
	    "of who breaks the norms of behaviour in cyberspace.\n"
	    "\n"
	    "Commands:\n");
	for (i = 0; i < NW_NELEM(verbs); i++)
		fprintf(fp, "  %-10s %s\n", verbs[i].name, verbs[i].summary);
	fprintf(fp,
	    "\n"
	    "Options:\n"
	    "  --config FILE normwatch.conf (default $XDG_CONFIG_HOME/normwatch/\n"
	    "                normwatch.conf; /etc/normwatch/normwatch.conf with --system)\n"
	    "  --db PATH     the store (default $XDG_DATA_HOME/normwatch/normwatch.db)\n"
	    "  -v            more messages (twice for debug)\n"
	    "  -q            errors only\n"
	    "  --log-format FORMAT  text lines (default) or json, one object a line\n"
	    "  --syslog      messages to syslog instead of standard error\n"
	    "  --system      the system layout: /etc/normwatch, /var/lib/normwatch,\n"
	    "                /var/cache/normwatch (also NORMWATCH_SYSTEM=1)\n"
	    "  -h, --help    this help; `normwatch COMMAND --help` for a command\n"
	    "  -V, --version print the version\n"
	    "\n"
	    "Exit status: 0 ok, 1 some feeds failed, 2 all failed, 64 usage,\n"
	    "65 bad input, 74 output error, 75 another run holds the lock,\n"
	    "78 bad configuration.  See normwatch(1).\n");
}

static void
print_err(const struct nw_error *e, void *arg);

struct nw_config *
cli_config_load(void)
{
	struct nw_config *c;
	struct nw_error err;
	char *path;

	path = nw_globals.config != NULL ? xstrdup(nw_globals.config) :
	    nw_path_config();
	if (nw_globals.config == NULL && access(path, F_OK) == -1 &&
	    errno == ENOENT) {
		free(path);
		return nw_config_empty();
	}
	c = nw_config_load(path, print_err, NULL, &err);
	free(path);
	return c;
}

void
cli_config_apply(const struct nw_config *c)
{
	int lf;

	if (nw_globals.quiet)
		nw_log_set_level(NW_LOG_ERROR);
	else if (nw_globals.verbose == 1)
		nw_log_set_level(NW_LOG_INFO);
	else if (nw_globals.verbose > 1)
		nw_log_set_level(NW_LOG_DEBUG);
	else if (c->log_level != -1)
		nw_log_set_level((enum nw_loglevel)c->log_level);
	lf = nw_globals.log_format != NULL ?
	    nw_config_logformat(nw_globals.log_format) : c->log_format;
	if (lf != -1)
		nw_log_set_format((enum nw_logformat)lf);
	if (nw_globals.syslog || c->syslog == 1)
		nw_log_set_syslog(1);
	nw_paths_set(NW_PATH_STORE, c->store);
	nw_paths_set(NW_PATH_FEEDS, c->feeds);
	nw_paths_set(NW_PATH_NORMS, c->rules);
	nw_paths_set(NW_PATH_CACHE, c->cache);
	nw_paths_set(NW_PATH_OUTPUT, c->output);
	nw_globals.conf = c;
}

char *
cli_db_path(void)
{
	if (nw_globals.db != NULL)
		return xstrdup(nw_globals.db);
	return nw_path_store();
}

static void
print_err(const struct nw_error *e, void *arg)
{
	(void)arg;
	nw_log_error(e);
}

struct nw_rules *
cli_load_rules(const char *dir)
{
	struct nw_rules *rules;
	struct nw_error err;
	char *d = dir != NULL ? xstrdup(dir) : nw_path_norms();

	nw_error_clear(&err);
	rules = nw_rules_load_dir(d, print_err, NULL, &err);
	free(d);
	return rules;
}

struct nw_supporters *
cli_load_supporters(void)
{
	struct nw_supporters *sp;
	struct nw_error err;
	char *d = nw_path_data("reference");

	nw_error_clear(&err);
	if ((sp = nw_supporters_load(d, &err)) == NULL)
		nw_log_error(&err);
	free(d);
	return sp;
}

struct nw_merge_decisions *
cli_load_merges(const char *feeds_dir)
{
	struct nw_merge_decisions *d;
	struct nw_error err;
	char *dir = feeds_dir != NULL ? xstrdup(feeds_dir) : nw_path_feeds();
	char *path = xasprintf("%s/merges.tsv", dir);
	int n;

	nw_error_clear(&err);
	d = xcalloc(1, sizeof(*d));
	n = nw_merge_decisions_load(path, d, print_err, NULL, &err);
	if (n == -1)
		nw_log_error(&err);
	free(dir);
	free(path);
	if (n != 0) {
		cli_merges_free(d);
		return NULL;
	}
	return d;
}

void
cli_merges_free(struct nw_merge_decisions *d)
{
	if (d == NULL)
		return;
	nw_merge_decisions_free(d);
	free(d);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "config", required_argument, NULL, 'C' },
		{ "log-format", required_argument, NULL, 'L' },
		{ "syslog", no_argument, NULL, 'S' },
		{ "system", no_argument, NULL, 'Y' },
		{ NULL, 0, NULL, 0 }
	};
	struct nw_config *conf = NULL;
	size_t i;
	int c, rc;

	/*
	 * A file size limit (RLIMIT_FSIZE) is a full disk like any other: a
	 * write that crosses it fails with EFBIG and the command says so,
	 * instead of being killed by SIGXFSZ half-way through.
	 */
	signal(SIGXFSZ, SIG_IGN);

	/* "+": stop at the verb, whose options are its own */
	while ((c = getopt_long(argc, argv, "+hVvq", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			nw_globals.db = optarg;
			break;
		case 'h':
			usage(stdout);
			return NW_EXIT_OK;
		case 'V':
			printf("normwatch %s\n", PACKAGE_VERSION);
			return NW_EXIT_OK;
		case 'v':
			nw_globals.verbose++;
			break;
		case 'q':
			nw_globals.quiet = 1;
			break;
		case 'C':
			nw_globals.config = optarg;
			break;
		case 'L':
			if (nw_config_logformat(optarg) == -1) {
				nw_log(NW_LOG_ERROR, NULL, "--log-format must "
				    "be text or json, not \"%s\"", optarg);
				return NW_EXIT_USAGE;
			}
			nw_globals.log_format = optarg;
			break;
		case 'S':
			nw_globals.syslog = 1;
			break;
		case 'Y':
			nw_globals.system = 1;
			nw_paths_set_system(1);
			break;
		default:
			usage(stderr);
			return NW_EXIT_USAGE;
		}
	}
	/* the flags alone first, so that errors in the file follow them */
	conf = nw_config_empty();
	cli_config_apply(conf);
	if (optind >= argc) {
		nw_config_free(conf);
		usage(stderr);
		return NW_EXIT_USAGE;
	}
	for (i = 0; i < NW_NELEM(verbs); i++) {
		if (strcmp(argv[optind], verbs[i].name) != 0)
			continue;
		/* `config` reads the file itself, to report on it */
		if (verbs[i].fn != cmd_config) {
			nw_config_free(conf);
			if ((conf = cli_config_load()) == NULL)
				return NW_EXIT_CONFIG;
			cli_config_apply(conf);
		}
		argc -= optind;
		argv += optind;
		optind = 0;	/* reset getopt for the verb */
		rc = verbs[i].fn(argc, argv);
		nw_globals.conf = NULL;
		nw_config_free(conf);
		for (c = 0; c < NW_PATH_COUNT; c++)
			nw_paths_set((enum nw_path_kind)c, NULL);
		return rc;
	}
	nw_config_free(conf);
	nw_log(NW_LOG_ERROR, NULL, "unknown command \"%s\"; see normwatch --help",
	    argv[optind]);
	return NW_EXIT_USAGE;
}
