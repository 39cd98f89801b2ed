/*
 * cmd_config.c - normwatch config check [FILE] | show: normwatch.conf(5).
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "normwatch/config.h"
#include "normwatch/log.h"
#include "normwatch/paths.h"
#include "normwatch/util.h"

#include "cli.h"

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: normwatch [--config FILE] config check [FILE]\n"
	    "       normwatch [--config FILE] [--db PATH] config show\n"
	    "\n"
	    "check  validate normwatch.conf: FILE, else --config, else the\n"
	    "       default file; every error is one line, file:line:col.\n"
	    "       The directories and files it names must exist (the store,\n"
	    "       cache and output are made when missing).  Prints\n"
	    "       \"FILE: ok\" when all is well.\n"
	    "show   the settings in force, one \"key = value\" a line, each\n"
	    "       with where it comes from: flag, the file, or default.\n"
	    "\n"
	    "Precedence: a command-line flag, then the file, then the default.\n"
	    "See normwatch.conf(5).\n"
	    "\n"
	    "Exit status: 0 ok, 64 usage, 78 errors in the file.\n");
}

static void
print_err(const struct nw_error *e, void *arg)
{
	(void)arg;
	nw_log_error(e);
}

static int
config_check(const char *file)
{
	struct nw_config *c = NULL;
	struct nw_error err;
	char *path;
	int rc = NW_EXIT_CONFIG;

	if (file != NULL)
		path = xstrdup(file);
	else if (nw_globals.config != NULL)
		path = xstrdup(nw_globals.config);
	else {
		path = nw_path_config();
		if (access(path, F_OK) == -1 && errno == ENOENT) {
			printf("%s: no such file; the defaults apply\n", path);
			rc = NW_EXIT_OK;
			goto out;
		}
	}
	if ((c = nw_config_load(path, print_err, NULL, &err)) == NULL)
		goto out;
	if (nw_config_check(c, print_err, NULL) != 0)
		goto out;
	printf("%s: ok\n", path);
	rc = NW_EXIT_OK;
out:
	nw_config_free(c);
	free(path);
	return rc;
}

/* One "key = value" line of show, with its origin. */
static void
show(const char *key, const char *value, const char *origin)
{
	if (value == NULL)
		printf("%-21s =\t\t\t# not set\n", key);
	else
		printf("%-21s = %s\t# %s\n", key, value, origin);
}

static void
show_path(const char *key, const char *file_value, char *value)
{
	show(key, value, file_value != NULL ? "file" : "default");
	free(value);
}

static void
show_store(const struct nw_config *c)
{
	char *p = cli_db_path();

	show("store", p, nw_globals.db != NULL ? "flag" : c->store != NULL ?
	    "file" : "default");
	free(p);
}

static const char *
yes_no(int v)
{
	return v == -1 ? NULL : v ? "yes" : "no";
}

static int
config_show(void)
{
	static const char *const levels[] = { "error", "warning", "info",
	    "debug" };
	struct nw_config *c;
	const char *lf;

	if ((c = cli_config_load()) == NULL)
		return NW_EXIT_CONFIG;
	cli_config_apply(c);
	if (c->path != NULL)
		printf("# %s\n", c->path);
	else
		printf("# no configuration file: the defaults\n");
	show_store(c);
	show_path("feeds", c->feeds, nw_path_feeds());
	show_path("rules", c->rules, nw_path_norms());
	show_path("cache", c->cache, nw_path_cache());
	show_path("output", c->output, nw_path_output());
	show("log-level", levels[nw_log_get_level()],
	    nw_globals.quiet || nw_globals.verbose > 0 ? "flag" :
	    c->log_level != -1 ? "file" : "default");
	lf = nw_log_get_format() == NW_LOGFMT_JSON ? "json" : "text";
	show("log-format", lf, nw_globals.log_format != NULL ? "flag" :
	    c->log_format != -1 ? "file" : "default");
	show("syslog", nw_globals.syslog || c->syslog == 1 ? "yes" : "no",
	    nw_globals.syslog ? "flag" : c->syslog != -1 ? "file" : "default");
	show("taxii-listen", c->taxii.listen, "file");
	show("taxii-users", c->taxii.users, "file");
	show("taxii-tls-cert", c->taxii.tls_cert, "file");
	show("taxii-tls-key", c->taxii.tls_key, "file");
	show("taxii-anonymous-read", yes_no(c->taxii.anonymous_read), "file");
	nw_globals.conf = NULL;
	nw_config_free(c);
	return NW_EXIT_OK;
}

int
cmd_config(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return NW_EXIT_OK;
		default:
			usage(stderr);
			return NW_EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	for (c = 0; c < argc; c++)
		if (strcmp(argv[c], "--help") == 0 || strcmp(argv[c], "-h") == 0) {
			usage(stdout);
			return NW_EXIT_OK;
		}
	if (argc >= 1 && strcmp(argv[0], "check") == 0 && argc <= 2)
		return config_check(argc == 2 ? argv[1] : NULL);
	if (argc == 1 && strcmp(argv[0], "show") == 0)
		return config_show();
	usage(stderr);
	return NW_EXIT_USAGE;
}
