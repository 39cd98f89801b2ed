/*
 * cmd_run.c - normwatch run: what cron and the systemd timer run.
 *
 * The steps are the other verbs, called in this process with the
 * arguments of the table below: remap when the rules changed, ingest,
 * then for the latest complete quarter and the current one, export and
 * report (and whatever per-quarter step is added).  A new step is one
 * line in steps[].  run's exit status is the highest of its steps'.
 *
 * run is quiet: the steps' standard output goes to /dev/null (they write
 * files), and what reaches stderr is one line per problem.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "normwatch/log.h"
#include "normwatch/map.h"
#include "normwatch/norms.h"
#include "normwatch/paths.h"
#include "normwatch/store.h"
#include "normwatch/util.h"

#include "cli.h"

#define RUN_MAX_ARGS	16	/* arguments of one step */
#define RUN_QUARTERS	2	/* the latest complete quarter, the current */
#define RUN_MAX_ARG_LEN	8192	/* bytes of one expanded argument */

struct run;

/*
 * One step.  args are the verb's arguments after its name; in them "%Q"
 * stands for the quarter (YYYYQn), "%O" for the output directory, and
 * "%F" for --offline when run was given it (else the argument is left
 * out).  A per-quarter step runs once per quarter, oldest first; mkdir
 * names a directory to make first ("%O" only), or NULL.
 */
struct step {
	const char	*name;
	int		(*verb)(int, char **);
	int		(*when)(struct run *);	/* NULL: always */
	int		 per_quarter;
	const char	*mkdir;
	const char	*args[RUN_MAX_ARGS];
};

struct run {
	char		*output;		/* the output directory */
	int		 offline;		/* --offline */
	char		 quarter[RUN_QUARTERS][24];	/* "2025Q3" */
};

static int	rules_changed(struct run *);

static const struct step steps[] = {
	/* remap first, so that ingest maps new reports like the rest */
	{ "remap", cmd_remap, rules_changed, 0, NULL, { NULL } },
	{ "ingest", cmd_ingest, NULL, 0, NULL, { "%F", NULL } },
	{ "export", cmd_export, NULL, 1, "%O/stix",
	    { "--quarter", "%Q", "-o", "%O/stix/%Q.json", NULL } },
	{ "report", cmd_report, NULL, 1, "%O/report",
	    { "--quarter", "%Q", "-o", "%O/report", NULL } },
};

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: normwatch [--config FILE] [--db PATH] run [--output DIR] "
	    "[--offline]\n"
	    "\n"
	    "What cron and the systemd timer run: map the store again when the\n"
	    "norms rules changed (remap), ingest every enabled feed, then for\n"
	    "the latest complete quarter and the current one write the STIX\n"
	    "bundle DIR/stix/YYYYQn.json (through a temporary file, renamed)\n"
	    "and the quarterly report DIR/report/YYYYQn.html with its\n"
	    "companions (see report).\n"
	    "Quiet when everything went well; one line per problem otherwise.\n"
	    "A step that exits 64, 75 or 78 (usage, the lock is held, bad\n"
	    "configuration) ends the run; after failed feeds the exports are\n"
	    "still written from what the store holds.\n"
	    "\n"
	    "  --output DIR  where the outputs go (default: output in\n"
	    "                normwatch.conf, else $XDG_DATA_HOME/normwatch/output,\n"
	    "                /var/lib/normwatch/output for a system install)\n"
	    "  --offline     ingest without network (see ingest --offline)\n"
	    "\n"
	    "Feeds, rules, cache and store come from normwatch.conf and the\n"
	    "global options, as for the other commands.\n"
	    "\n"
	    "Exit status: the highest of the steps': 0 ok, 1 some feeds failed,\n"
	    "2 nothing could be done, 64 usage, 74 an output could not be\n"
	    "written, 75 another run holds the lock, 78 bad configuration.\n");
}

/*
 * 1 when the store was mapped with other rules than the ones installed
 * now, or when that cannot be told quietly (remap then says why); 0 when
 * they agree or there is no store yet.
 */
static int
rules_changed(struct run *r)
{
	struct nw_rules *rules = NULL;
	struct nw_store *store = NULL;
	struct nw_error err;
	struct stat st;
	char *dbpath = cli_db_path(), *dir = NULL, *mapped = NULL;
	int changed = 1;

	(void)r;
	nw_error_clear(&err);
	if (stat(dbpath, &st) == -1 && errno == ENOENT) {
		changed = 0;	/* ingest makes the store, with these rules */
		goto out;
	}
	dir = nw_path_norms();
	if ((rules = nw_rules_load_dir(dir, NULL, NULL, &err)) == NULL)
		goto out;
	if ((store = nw_store_open(dbpath, NW_STORE_RO, &err)) == NULL ||
	    nw_store_meta_get(store, NW_META_RULES_VERSION, &mapped,
	    &err) == -1)
		goto out;
	changed = mapped != NULL &&
	    strcmp(mapped, nw_rules_version(rules)) != 0;
out:
	nw_store_close(store);
	nw_rules_free(rules);
	free(mapped);
	free(dir);
	free(dbpath);
	return changed;
}

/* Expand the placeholders of one argument (caller frees). */
static char *
expand(const struct run *r, const char *tmpl, const char *quarter)
{
	struct nw_buf b;
	const char *p;

	nw_buf_init(&b, RUN_MAX_ARG_LEN);
	for (p = tmpl; *p != '\0'; p++) {
		int e = 0;

		if (p[0] == '%' && p[1] == 'Q' && quarter != NULL) {
			e = nw_buf_adds(&b, quarter);
			p++;
		} else if (p[0] == '%' && p[1] == 'O') {
			e = nw_buf_adds(&b, r->output);
			p++;
		} else
			e = nw_buf_addc(&b, *p);
		if (e == -1)
			break;
	}
	if (b.data == NULL)
		return xstrdup("");
	return nw_buf_detach(&b, NULL);
}

/* Run a verb with standard output sent to /dev/null. */
static int
call_quiet(int (*verb)(int, char **), int argc, char **argv)
{
	int saved, null, rc;

	fflush(stdout);
	saved = dup(STDOUT_FILENO);
	null = open("/dev/null", O_WRONLY);
	if (saved != -1 && null != -1)
		dup2(null, STDOUT_FILENO);
	if (null != -1)
		close(null);
	optind = 0;		/* a fresh getopt for the verb */
	rc = verb(argc, argv);
	fflush(stdout);
	if (saved != -1) {
		dup2(saved, STDOUT_FILENO);
		close(saved);
	}
	return rc;
}

/* One step for one quarter (NULL: not per quarter). */
static int
run_step(struct run *r, const struct step *s, const char *quarter)
{
	char *argv[RUN_MAX_ARGS + 2];
	int argc = 0, rc, i;

	argv[argc++] = xstrdup(s->name);
	for (i = 0; i < RUN_MAX_ARGS && s->args[i] != NULL; i++) {
		if (strcmp(s->args[i], "%F") == 0) {
			if (r->offline)
				argv[argc++] = xstrdup("--offline");
			continue;
		}
		argv[argc++] = expand(r, s->args[i], quarter);
	}
	argv[argc] = NULL;
	nw_log(NW_LOG_DEBUG, "run", "%s%s%s", s->name, quarter != NULL ?
	    " " : "", quarter != NULL ? quarter : "");
	rc = call_quiet(s->verb, argc, argv);
	for (i = 0; i < argc; i++)
		free(argv[i]);
	return rc;
}

/* Make the step's directory (once, before its quarters); -1 after saying why. */
static int
step_mkdir(struct run *r, const struct step *s)
{
	struct nw_error err;
	char *dir;
	int rc;

	if (s->mkdir == NULL)
		return 0;
	dir = expand(r, s->mkdir, NULL);
	nw_error_clear(&err);
	rc = nw_mkdirs(dir, 0, &err);
	free(dir);
	if (rc == -1)
		nw_log_error(&err);
	return rc;
}

/* The current quarter and the one before, oldest first. */
static void
quarters(struct run *r)
{
	char now[32], y[5];
	long long year, month;
	int q;

	nw_now_rfc3339(now);
	memcpy(y, now, 4);
	y[4] = '\0';
	if (nw_parse_ll(y, 1970, 9999, &year) == -1)
		year = 1970;
	month = (now[5] - '0') * 10 + (now[6] - '0');
	if (month < 1 || month > 12)
		month = 1;
	q = (int)((month - 1) / 3) + 1;
	snprintf(r->quarter[1], sizeof(r->quarter[1]), "%04lldQ%d", year, q);
	if (q == 1)
		snprintf(r->quarter[0], sizeof(r->quarter[0]), "%04lldQ4",
		    year - 1);
	else
		snprintf(r->quarter[0], sizeof(r->quarter[0]), "%04lldQ%d",
		    year, q - 1);
}

int
cmd_run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "offline", no_argument, NULL, 'O' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct run r;
	const char *output = NULL;
	size_t i;
	int c, q, rc, worst = NW_EXIT_OK;

	memset(&r, 0, sizeof(r));
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			output = optarg;
			break;
		case 'O':
			r.offline = 1;
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
	r.output = output != NULL ? xstrdup(output) : nw_path_output();
	quarters(&r);

	for (i = 0; i < NW_NELEM(steps); i++) {
		if (steps[i].when != NULL && !steps[i].when(&r))
			continue;
		if (step_mkdir(&r, &steps[i]) == -1) {
			if (worst < NW_EXIT_IOERR)
				worst = NW_EXIT_IOERR;
			continue;
		}
		for (q = 0; q < (steps[i].per_quarter ? RUN_QUARTERS : 1); q++) {
			rc = run_step(&r, &steps[i], steps[i].per_quarter ?
			    r.quarter[q] : NULL);
			if (rc > worst)
				worst = rc;
			/* these would only repeat in every later step */
			if (rc == NW_EXIT_USAGE || rc == NW_EXIT_TEMPFAIL ||
			    rc == NW_EXIT_CONFIG)
				goto out;
		}
	}
out:
	free(r.output);
	return worst;
}
