/*
 * rulescheck - load rules files (normwatch.rules(5)) and print their
 * errors; optionally map one text with them and print what fires.
 *
 *	rulescheck [-qN] [-m textfile] [extraction options] rules...
 *
 * Each rules argument is a file or a directory (its *.rules files).
 * Extraction options fill the one report's struct nw_extract:
 *	-a CC[:hedge[:by]]	an attribution (repeatable)
 *	-A name			a named actor (repeatable)
 *	-v CC			a victim state (repeatable)
 *	-s sector		a victim sector (repeatable)
 *	-S sponsorship		state, non-state or unknown
 *	-d date			the incident's date: YYYY[-MM[-DD]]
 * -N adds near misses, -q drops the summary line.
 *
 * Output of -m, one line each, in the mapper's order:
 *	fire FRAMEWORK PRINCIPLE RULE CONFIDENCE
 *	  ev KIND REPORT OFF+LEN SOURCE "TEXT"
 *	near FRAMEWORK PRINCIPLE RULE LINE:COL WHAT
 *	warn MESSAGE
 * Exit status: 0 loaded (and mapped), 1 errors in the rules, 2 usage or a
 * file that cannot be read.  A test helper until "normwatch rules check".
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "normwatch/error.h"
#include "normwatch/log.h"
#include "normwatch/norms.h"
#include "normwatch/report.h"
#include "normwatch/util.h"

static void
usage(void)
{
	fprintf(stderr, "usage: rulescheck [-qN] [-m textfile] [-a CC[:hedge"
	    "[:by]]] [-A actor] [-v CC]\n"
	    "                  [-s sector] [-S sponsorship] [-d date] "
	    "rules...\n");
	exit(2);
}

static void
print_err(const struct nw_error *e, void *arg)
{
	char buf[1024];

	(void)arg;
	fprintf(stderr, "rulescheck: %s\n", nw_error_str(e, buf, sizeof(buf)));
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Expand directories into their *.rules files. */
static char **
expand(char **args, int n, size_t *np)
{
	struct dirent *de;
	struct stat st;
	char **paths = NULL;
	size_t np0 = 0, len;
	DIR *d;
	int i;

	for (i = 0; i < n; i++) {
		if (stat(args[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			if ((d = opendir(args[i])) == NULL)
				continue;
			while ((de = readdir(d)) != NULL) {
				len = strlen(de->d_name);
				if (len < 7 || de->d_name[0] == '.' ||
				    strcmp(de->d_name + len - 6, ".rules") != 0)
					continue;
				paths = xreallocarray(paths, np0 + 1,
				    sizeof(*paths));
				paths[np0++] = xasprintf("%s/%s", args[i],
				    de->d_name);
			}
			closedir(d);
			continue;
		}
		paths = xreallocarray(paths, np0 + 1, sizeof(*paths));
		paths[np0++] = xstrdup(args[i]);
	}
	if (np0 > 0)
		qsort(paths, np0, sizeof(*paths), cmp_str);
	*np = np0;
	return paths;
}

static void
add_attr(struct nw_extract *ex, char *spec)
{
	struct nw_attribution *a;
	char *hedge, *by;

	if (ex->nattr >= NW_MAX_ATTRIB)
		usage();
	a = &ex->attr[ex->nattr++];
	hedge = strchr(spec, ':');
	if (hedge != NULL)
		*hedge++ = '\0';
	by = hedge != NULL ? strchr(hedge, ':') : NULL;
	if (by != NULL)
		*by++ = '\0';
	if (strlen(spec) != 2)
		usage();
	memcpy(a->state, spec, 3);
	if (hedge != NULL && nw_hedge_from_name(hedge, &a->hedge) == -1)
		usage();
	if (by != NULL && nw_party_from_name(by, &a->by) == -1)
		usage();
}

static void
print_result(const struct nw_map_result *res)
{
	const struct nw_finding *f;
	const struct nw_evidence *e;
	const struct nw_near_miss *nm;
	static const char *const kinds[] = { "match", "attribution", "actor" };
	char esc[1024];
	size_t i, j;

	for (i = 0; i < res->nfindings; i++) {
		f = &res->findings[i];
		printf("fire %s %s %s %d\n", f->framework->id, f->principle->id,
		    f->rule->id, f->confidence);
		for (j = 0; j < f->nev; j++) {
			e = &f->ev[j];
			printf("  ev %s %zu %u+%u %s \"%s\"\n", kinds[e->kind],
			    e->report, e->span.off, e->span.len, e->source,
			    nw_log_escape(e->text, strlen(e->text), esc,
			    sizeof(esc)));
		}
	}
	for (i = 0; i < res->nnear; i++) {
		nm = &res->near[i];
		printf("near %s %s %s %ld:%ld %s\n", nm->framework->id,
		    nm->principle->id, nm->rule->id, nm->line, nm->col,
		    nm->what);
	}
	for (i = 0; i < res->nwarnings; i++)
		printf("warn %s\n", nw_error_str(&res->warnings[i], esc,
		    sizeof(esc)));
}

int
main(int argc, char **argv)
{
	struct nw_rules *rs = NULL;
	struct nw_mapper *m = NULL;
	struct nw_extract ex;
	struct nw_map_report rep;
	struct nw_map_input in;
	const struct nw_map_result *res;
	struct nw_error err;
	struct stat st;
	enum nw_sector sec;
	char **paths = NULL, *text = NULL, *mapfile = NULL;
	size_t np = 0, len = 0, i;
	int ch, quiet = 0, near = 0, rc = 2;

	memset(&ex, 0, sizeof(ex));
	memset(&in, 0, sizeof(in));
	while ((ch = getopt(argc, argv, "a:A:d:m:NqS:s:v:")) != -1) {
		switch (ch) {
		case 'a':
			add_attr(&ex, optarg);
			break;
		case 'A':
			if (ex.nactors >= NW_MAX_ACTORS)
				usage();
			nw_strlcpy(ex.actors[ex.nactors++].name, optarg,
			    NW_MAX_ACTOR_NAME);
			break;
		case 'd':
			if (nw_date_parse_iso(optarg, &in.date) == -1)
				usage();
			break;
		case 'm':
			mapfile = optarg;
			break;
		case 'N':
			near = 1;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'S':
			if (nw_sponsor_from_name(optarg, &ex.sponsorship) == -1)
				usage();
			break;
		case 's':
			if (nw_sector_from_name(optarg, &sec) == -1)
				usage();
			ex.sectors |= 1u << sec;
			break;
		case 'v':
			if (strlen(optarg) != 2 || ex.nvictims >= NW_MAX_VICTIMS)
				usage();
			memcpy(ex.victims[ex.nvictims++], optarg, 3);
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0)
		usage();

	nw_error_clear(&err);
	if (argc == 1 && stat(argv[0], &st) == 0 && S_ISDIR(st.st_mode))
		rs = nw_rules_load_dir(argv[0], print_err, NULL, &err);
	else {
		paths = expand(argv, argc, &np);
		rs = nw_rules_load((const char *const *)paths, np, print_err,
		    NULL, &err);
	}
	if (rs == NULL) {
		rc = err.code == NW_E_IO ? 2 : 1;
		goto out;
	}
	if (!quiet)
		printf("ok: %zu frameworks, %zu principles, %zu rules, %zu "
		    "patterns; version %s\n", nw_rules_nframeworks(rs),
		    nw_rules_nprinciples(rs), nw_rules_nrules(rs),
		    nw_rules_npatterns(rs), nw_rules_version(rs));
	if (mapfile != NULL) {
		text = nw_read_file(mapfile, NW_MAX_CONF_FILE, &len, &err);
		if (text == NULL) {
			print_err(&err, NULL);
			goto out;
		}
		while (len > 0 && (text[len - 1] == '\n' ||
		    text[len - 1] == '\r'))
			text[--len] = '\0';
		rep.text = text;
		rep.len = len;
		rep.ex = &ex;
		in.reports = &rep;
		in.nreports = 1;
		if ((m = nw_mapper_new(rs, &err)) == NULL ||
		    nw_mapper_run(m, &in, near ? NW_MAP_NEAR_MISSES : 0, &res,
		    &err) == -1) {
			print_err(&err, NULL);
			goto out;
		}
		print_result(res);
	}
	rc = 0;
out:
	nw_mapper_free(m);
	nw_rules_free(rs);
	free(text);
	for (i = 0; i < np; i++)
		free(paths[i]);
	free(paths);
	return rc;
}
