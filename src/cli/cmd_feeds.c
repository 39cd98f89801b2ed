/*
 * cmd_feeds.c - normwatch feeds list|check: the feed definitions.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normwatch/feed.h"
#include "normwatch/log.h"
#include "normwatch/paths.h"
#include "normwatch/util.h"

#include "cli.h"

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: normwatch feeds list [--feeds DIR]\n"
	    "       normwatch feeds check [--feeds DIR] [FILE...]\n"
	    "\n"
	    "list   the feeds defined in DIR: name, kind, enabled, URL\n"
	    "check  validate definitions; every error is printed as\n"
	    "       FILE:LINE:COL: message.  Exit 0 when all are valid, 78 if not.\n"
	    "\n"
	    "  --feeds DIR  feed definitions (default $XDG_CONFIG_HOME/normwatch/feeds,\n"
	    "               else the installed ones)\n");
}

/* Errors go to stderr as "FILE:LINE:COL: message", like a compiler's. */
static void
print_err(const struct nw_error *e, void *arg)
{
	char buf[1536];
	int *count = arg;

	fprintf(stderr, "%s\n", nw_error_str(e, buf, sizeof(buf)));
	(*count)++;
}

int
cmd_feeds(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "feeds", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct nw_feedset set = { NULL, 0 };
	struct nw_feed *f;
	struct nw_error err;
	const char *verb, *dir_opt = NULL;
	char *dir = NULL;
	int c, i, nerr = 0, checked = 0, rc = NW_EXIT_OK;
	size_t k;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? NW_EXIT_USAGE : NW_EXIT_OK;
	}
	verb = argv[1];
	if (strcmp(verb, "list") != 0 && strcmp(verb, "check") != 0) {
		nw_log(NW_LOG_ERROR, "feeds", "unknown subcommand \"%s\"", verb);
		usage(stderr);
		return NW_EXIT_USAGE;
	}
	argc--;
	argv++;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			dir_opt = optarg;
			break;
		case 'h':
			usage(stdout);
			return NW_EXIT_OK;
		default:
			usage(stderr);
			return NW_EXIT_USAGE;
		}
	}
	nw_error_clear(&err);

	if (strcmp(verb, "check") == 0 && optind < argc) {
		/* named files */
		for (i = optind; i < argc; i++) {
			f = nw_feed_load(argv[i], print_err, &nerr, &err);
			nw_feed_free(f);
			checked++;
		}
		printf("%d definition%s checked, %d error%s\n", checked,
		    checked == 1 ? "" : "s", nerr, nerr == 1 ? "" : "s");
		return nerr > 0 ? NW_EXIT_CONFIG : NW_EXIT_OK;
	}
	if (optind < argc) {
		usage(stderr);
		return NW_EXIT_USAGE;
	}
	dir = dir_opt != NULL ? xstrdup(dir_opt) : nw_path_feeds();
	if (nw_feedset_load(dir, &set, print_err, &nerr, &err) == -1) {
		nw_log_error(&err);
		free(dir);
		return NW_EXIT_CONFIG;
	}
	if (strcmp(verb, "list") == 0) {
		for (k = 0; k < set.n; k++) {
			f = set.feeds[k];
			printf("%-24s %-8s %-3s %s\n", f->name, f->kind,
			    f->enabled ? "yes" : "no", f->url);
		}
	} else
		printf("%zu valid definition%s in %s, %d error%s\n",
		    set.n, set.n == 1 ? "" : "s", dir, nerr,
		    nerr == 1 ? "" : "s");
	if (nerr > 0)
		rc = NW_EXIT_CONFIG;
	nw_feedset_free(&set);
	free(dir);
	return rc;
}
