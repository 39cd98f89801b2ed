/*
 * cmd_actors.c - normwatch actors list | show NAME | conflicts: the table
 * of canonical actors the actors feeds loaded.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normwatch/actors.h"
#include "normwatch/log.h"
#include "normwatch/store.h"
#include "normwatch/util.h"

#include "cli.h"

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: normwatch [--db PATH] actors list\n"
	    "       normwatch [--db PATH] actors show NAME\n"
	    "       normwatch [--db PATH] actors conflicts\n"
	    "\n"
	    "The canonical actors that actors feeds (MISP galaxy clusters) loaded.\n"
	    "Names are looked up ignoring case, blanks and punctuation.\n"
	    "\n"
	    "  list       every actor: name, sponsoring state, aliases, id\n"
	    "  show NAME  the actor NAME stands for, with every alias and where\n"
	    "             it comes from; a name in conflict stands for none\n"
	    "  conflicts  every name claimed by two actors, and every link\n"
	    "             between clusters that was not followed\n"
	    "\n"
	    "Exit status: 0 ok, 1 no such actor (or the name is in conflict),\n"
	    "2 failed, 64 usage.\n");
}

/* Untrusted text on one line. */
static const char *
esc(const char *s, char *buf, size_t sz)
{
	return nw_log_escape(s != NULL ? s : "", s != NULL ? strlen(s) : 0,
	    buf, sz);
}

/* The canonical name of actor id. */
static const char *
actor_name(const struct nw_actors *t, const char *id)
{
	size_t i = nw_actors_find(t, id);

	return i != (size_t)-1 ? nw_actors_at(t, i)->name : id;
}

static void
print_list(const struct nw_actors *t)
{
	const struct nw_alias *al;
	char b1[256];
	size_t i, k, n, *count;

	al = nw_actors_aliases(t, &n);
	count = xcalloc(nw_actors_count(t) + 1, sizeof(*count));
	for (k = 0; k < n; k++)
		count[al[k].actor]++;
	for (i = 0; i < nw_actors_count(t); i++) {
		const struct nw_canon *a = nw_actors_at(t, i);

		printf("%-32s %-2s %4zu names  %s\n", esc(a->name, b1,
		    sizeof(b1)), a->state[0] != '\0' ? a->state : "-",
		    count[i], a->id);
	}
	free(count);
}

static void
print_conflict(const struct nw_actors *t, const struct nw_actor_conflict *c)
{
	char b1[256], b2[256], b3[256], b4[256];

	if (strcmp(c->kind, "link") == 0) {
		printf("link: %s (%s %s, actor %s) and %s (%s %s, actor %s) "
		    "not joined: it would put two clusters of one galaxy into "
		    "one actor\n", esc(c->name_a, b1, sizeof(b1)), c->origin_a,
		    c->cluster_a, esc(actor_name(t, c->actor_a), b2,
		    sizeof(b2)), esc(c->name_b, b3, sizeof(b3)), c->origin_b,
		    c->cluster_b, esc(actor_name(t, c->actor_b), b4,
		    sizeof(b4)));
		return;
	}
	printf("name \"%s\": %s (%s %s) and %s (%s %s)\n",
	    esc(c->name_a, b1, sizeof(b1)),
	    esc(actor_name(t, c->actor_a), b2, sizeof(b2)), c->origin_a,
	    c->cluster_a, esc(actor_name(t, c->actor_b), b3, sizeof(b3)),
	    c->origin_b, c->cluster_b);
	(void)b4;
}

static int
show(const struct nw_actors *t, const char *name)
{
	const struct nw_actor_conflict *c;
	const struct nw_canon *a;
	const struct nw_alias *al;
	char norm[NW_ACTOR_NORM_MAX], b1[256], b2[256];
	size_t i, n, idx;
	int conflict;

	a = nw_actors_lookup(t, name, &idx, &conflict);
	if (a == NULL && conflict) {
		nw_actor_norm(name, norm);
		printf("\"%s\" is claimed by more than one actor, so it stands "
		    "for none of them:\n", esc(name, b1, sizeof(b1)));
		c = nw_actors_conflicts(t, &n);
		for (i = 0; i < n; i++)
			if (strcmp(c[i].norm, norm) == 0) {
				printf("  ");
				print_conflict(t, &c[i]);
			}
		return NW_EXIT_PARTIAL;
	}
	if (a == NULL) {
		nw_log(NW_LOG_ERROR, "actors", "no actor named \"%s\"",
		    esc(name, b1, sizeof(b1)));
		return NW_EXIT_PARTIAL;
	}
	printf("%s\n", esc(a->name, b1, sizeof(b1)));
	printf("  id:      %s (a %s cluster)\n", a->id, a->origin);
	printf("  state:   %s\n", a->state[0] != '\0' ? a->state :
	    "none known");
	printf("  agency:  %s\n", a->agency != NULL ? esc(a->agency, b1,
	    sizeof(b1)) : "none known");
	printf("  names:\n");
	al = nw_actors_aliases(t, &n);
	for (i = 0; i < n; i++)
		if (al[i].actor == idx)
			printf("    %-32s %-24s %s%s\n", esc(al[i].name, b2,
			    sizeof(b2)), al[i].origin, al[i].cluster,
			    al[i].conflict ? "  (in conflict: stands for no "
			    "actor)" : "");
	return NW_EXIT_OK;
}

int
cmd_actors(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const struct nw_actor_conflict *cf;
	struct nw_actors *t = NULL;
	struct nw_store *store = NULL;
	struct nw_error err;
	const char *what;
	char *dbpath = NULL;
	size_t i, n;
	int c, rc = NW_EXIT_FAILED;

	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
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
	what = argv[optind];
	if (!((strcmp(what, "list") == 0 && optind + 1 == argc) ||
	    (strcmp(what, "conflicts") == 0 && optind + 1 == argc) ||
	    (strcmp(what, "show") == 0 && optind + 2 == argc))) {
		usage(stderr);
		return NW_EXIT_USAGE;
	}
	nw_error_clear(&err);
	dbpath = cli_db_path();
	if ((store = cli_open_ro(dbpath)) == NULL)
		goto out;
	if ((t = nw_actors_load(store, &err)) == NULL) {
		nw_log_error(&err);
		goto out;
	}
	if (strcmp(what, "list") == 0) {
		if (nw_actors_count(t) == 0)
			nw_log(NW_LOG_WARN, "actors", "no actors: no actors "
			    "feed was ingested");
		print_list(t);
		rc = NW_EXIT_OK;
	} else if (strcmp(what, "conflicts") == 0) {
		cf = nw_actors_conflicts(t, &n);
		for (i = 0; i < n; i++)
			print_conflict(t, &cf[i]);
		rc = NW_EXIT_OK;
	} else
		rc = show(t, argv[optind + 1]);
	if (fflush(stdout) != 0)
		rc = NW_EXIT_IOERR;
out:
	nw_actors_free(t);
	nw_store_close(store);
	free(dbpath);
	return rc;
}
