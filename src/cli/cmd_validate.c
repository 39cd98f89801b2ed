/*
 * cmd_validate.c - normwatch validate [--strict] [-q] FILE...: check STIX
 * 2.1 bundles (or single objects) against the specification.
 *
 * The messages are the output of the command, so they go to stdout, one
 * line each: "FILE: $.objects[3].created (indicator--...): error: ...".
 * Every file ends with a verdict line: "FILE: valid (2 warnings)",
 * "FILE: invalid (3 errors, 1 warning)" or "FILE: unreadable".  -q prints
 * the verdict lines only.  The exit status is the worst verdict: 0 valid,
 * 1 invalid, 2 unreadable; 64 for a bad command line.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "normwatch/json.h"
#include "normwatch/limits.h"
#include "normwatch/log.h"
#include "normwatch/stixval.h"

#include "cli.h"

int	cmd_validate(int argc, char **argv);

struct vctx {
	const char	*file;
	int		 quiet;
};

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: normwatch validate [--strict] [-q] FILE...\n"
	    "\n"
	    "Check STIX 2.1 bundles (or single STIX objects) against the\n"
	    "specification: MUST rules give errors, SHOULD rules warnings.\n"
	    "FILE - reads standard input.\n"
	    "\n"
	    "  --strict  warnings count as errors, and every reference must\n"
	    "            resolve to an object in the same bundle (except the\n"
	    "            standard TLP marking definitions)\n"
	    "  -q        print only one verdict line per file\n"
	    "\n"
	    "Exit status: 0 valid, 1 invalid, 2 unreadable (missing, not\n"
	    "JSON, truncated, over a limit), 64 usage; the worst of all "
	    "files.\n");
}

static void
print_msg(const struct nw_stixval_msg *m, void *arg)
{
	const struct vctx *c = arg;
	char line[2048];

	if (c->quiet)
		return;
	printf("%s: %s\n", c->file, nw_stixval_msg_str(m, line,
	    sizeof(line)));
}

static const char *
plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

static int
validate_one(const char *arg, unsigned flags, int quiet)
{
	struct nw_stixval_opts opts;
	struct nw_stixval_result res;
	struct vctx c;
	struct nw_json *j;
	char fname[NW_LOG_FIELD_MAX * 4 + 8];
	int rc;

	nw_log_escape(arg, strlen(arg), fname, sizeof(fname));
	c.file = strcmp(arg, "-") == 0 ? "(stdin)" : fname;
	c.quiet = quiet;
	memset(&opts, 0, sizeof(opts));
	opts.flags = flags;
	opts.fn = print_msg;
	opts.arg = &c;
	if (strcmp(arg, "-") == 0) {
		j = nw_json_new_fd(0, NULL, "(stdin)");
		rc = nw_stixval_run(j, &opts, &res);
		nw_json_free(j);
	} else
		rc = nw_stixval_file(arg, &opts, &res);
	if (rc == NW_STIXVAL_UNREADABLE) {
		/* nw_stixval_file reports an open failure without a message. */
		if (res.nmsgs == 0 && !quiet)
			printf("%s: error: %s\n", c.file, res.err.msg);
		printf("%s: unreadable\n", c.file);
	} else if (rc == NW_STIXVAL_VALID)
		printf("%s: valid (%zu %s)\n", c.file, res.warnings,
		    plural(res.warnings, "warning", "warnings"));
	else
		printf("%s: invalid (%zu %s, %zu %s)\n", c.file, res.errors,
		    plural(res.errors, "error", "errors"), res.warnings,
		    plural(res.warnings, "warning", "warnings"));
	nw_stixval_result_free(&res);
	return rc;
}

int
cmd_validate(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "strict", no_argument, NULL, 's' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	unsigned flags = 0;
	int c, i, rc, worst = NW_STIXVAL_VALID, quiet = 0;

	while ((c = getopt_long(argc, argv, "qh", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			flags |= NW_STIXVAL_STRICT;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'h':
			usage(stdout);
			return NW_EXIT_OK;
		default:
			usage(stderr);
			return NW_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return NW_EXIT_USAGE;
	}
	for (i = optind; i < argc; i++) {
		rc = validate_one(argv[i], flags, quiet);
		if (rc > worst)
			worst = rc;
	}
	if (fflush(stdout) != 0)
		return NW_EXIT_IOERR;
	return worst;
}
