/*
 * cmd_explain.c - normwatch explain ID: why an incident maps where it maps.
 *
 * What an editor needs before publishing: every source report, every
 * attribution claim with who makes it and how firmly, the principles found
 * with the rules that fired and the words they fired on, and the
 * principles nearly found with what was missing.
 */
#include "config.h"

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normwatch/actors.h"
#include "normwatch/consensus.h"
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

#define WRAP	76	/* columns of wrapped text */

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: normwatch [--db PATH] explain [--rules DIR] ID\n"
	    "\n"
	    "Explain one incident: its source reports and attribution claims,\n"
	    "why the reports are one incident, the attribution summary (the\n"
	    "verdict and the sources behind each side, actors with their\n"
	    "canonical names), the principles found with the rules that fired\n"
	    "and their evidence, and the principles nearly found with what was\n"
	    "missing.  ID is the incident's number, or its key (FEED/NATIVE_ID).\n"
	    "\n"
	    "  --rules DIR  norms rules files (default: the installed ones)\n"
	    "\n"
	    "Exit status: 0 ok, 1 no such incident, 2 failed, 64 usage,\n"
	    "78 bad rules or data files.\n");
}

/*
 * Print feed-derived text: control characters become '?', so nothing a
 * feed wrote can drive the terminal.  Wrapped at WRAP columns, each line
 * after the first starting with indent.
 */
static void
put_wrapped(const char *s, size_t len, const char *indent, size_t col)
{
	size_t i = 0, w;

	while (i < len) {
		while (i < len && s[i] == ' ')
			i++;
		for (w = i; w < len && s[w] != ' '; w++)
			;
		if (col > strlen(indent) && col + 1 + (w - i) > WRAP) {
			printf("\n%s", indent);
			col = strlen(indent);
		} else if (col > strlen(indent)) {
			putchar(' ');
			col++;
		}
		for (; i < w; i++) {
			unsigned char c = (unsigned char)s[i];

			putchar(c < 0x20 || c == 0x7f ? '?' : c);
			if ((c & 0xc0) != 0x80)
				col++;
		}
	}
	putchar('\n');
}

/* A short quote of untrusted text on one line. */
static const char *
quote(const char *s, size_t len, char *buf, size_t sz)
{
	return nw_log_escape(s, len, buf, sz);
}

static const char *
state_name(const struct nw_refdata *ref, const char *iso2)
{
	const struct nw_state *st = ref != NULL ?
	    nw_refdata_state(ref, iso2) : NULL;

	return st != NULL ? st->name : "?";
}

/* The index (1-based) of report id among the incident's reports. */
static size_t
report_no(const struct nw_explained *x, int64_t id)
{
	size_t i;

	for (i = 0; i < x->nreports; i++)
		if (x->reports[i].id == id)
			return i + 1;
	return 0;
}

static const char *
principle_title(const struct nw_rules *rules, const char *framework,
    const char *principle)
{
	const struct nw_framework *fw = nw_rules_find_framework(rules,
	    framework);
	size_t i;

	if (fw == NULL)
		return "";
	for (i = 0; i < fw->nprinciples; i++) {
		const struct nw_principle *p = nw_rules_principle(rules,
		    fw->principle0 + i);

		if (strcmp(p->id, principle) == 0)
			return p->title;
	}
	return "";
}

/* The canonical actor an actor claim of report id resolved to, or NULL. */
static const struct nw_claim *
canon_of(const struct nw_claim *c, size_t n, int64_t report, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (c[i].report == report && c[i].actor != NULL &&
		    c[i].actor_name != NULL && strcmp(c[i].actor, name) == 0)
			return &c[i];
	return NULL;
}

static void
print_reports(const struct nw_explained *x, const struct nw_refdata *ref,
    const struct nw_claim *claims, size_t nclaims,
    const struct nw_actors *actors)
{
	const struct nw_report_row *r;
	char date[16], buf[512];
	size_t i, j;
	int s, any;

	printf("\nReports (%zu):\n", x->nreports);
	for (i = 0; i < x->nreports; i++) {
		r = &x->reports[i];
		nw_date_format(&r->date, date);
		printf("  [%zu] %s", i + 1, r->source);
		if (r->publisher != NULL)
			printf(" (%s)", quote(r->publisher, strlen(r->publisher),
			    buf, sizeof(buf)));
		printf(", %s, %s\n", date[0] != '\0' ? date : "undated",
		    r->native_id);
		printf("      %s\n", quote(r->url, strlen(r->url), buf,
		    sizeof(buf)));
		printf("      ");
		put_wrapped(r->text, r->textlen, "      ", 6);
	}

	printf("\nAttribution claims:\n");
	any = 0;
	for (i = 0; i < x->nreports; i++) {
		r = &x->reports[i];
		for (j = 0; j < r->ex.nattr; j++) {
			const struct nw_attribution *a = &r->ex.attr[j];

			any = 1;
			printf("  %s %-14s %-9s by %-11s report [%zu]", a->state,
			    state_name(ref, a->state), nw_hedge_name(a->hedge),
			    nw_party_name(a->by), i + 1);
			if (a->ev.len > 0 && (size_t)a->ev.off + a->ev.len <=
			    r->textlen)
				printf(": \"%s\"", quote(r->text + a->ev.off,
				    a->ev.len, buf, sizeof(buf)));
			putchar('\n');
		}
	}
	if (!any)
		printf("  none: no report links a state to the attacker\n");

	printf("\nWhat the reports say:\n");
	for (i = 0; i < x->nreports; i++) {
		r = &x->reports[i];
		printf("  [%zu] sponsorship %s; actors:", i + 1,
		    nw_sponsor_name(r->ex.sponsorship));
		for (j = 0; j < r->ex.nactors; j++) {
			const struct nw_claim *cc = canon_of(claims, nclaims,
			    r->id, r->ex.actors[j].name);

			printf("%s %s", j > 0 ? "," : "",
			    quote(r->ex.actors[j].name,
			    strlen(r->ex.actors[j].name), buf, sizeof(buf)));
			if (cc != NULL && strcmp(cc->actor_name,
			    r->ex.actors[j].name) != 0)
				printf(" (= %s)", quote(cc->actor_name,
				    strlen(cc->actor_name), buf, sizeof(buf)));
			else if (cc == NULL) {
				int conflict;

				nw_actors_lookup(actors, r->ex.actors[j].name,
				    NULL, &conflict);
				if (conflict)
					printf(" (a name of two actors: it "
					    "stands for none)");
			}
		}
		if (r->ex.nactors == 0)
			printf(" none");
		printf("; victims:");
		for (j = 0; j < r->ex.nvictims; j++)
			printf("%s %s", j > 0 ? "," : "", r->ex.victims[j]);
		if (r->ex.nvictims == 0)
			printf(" none");
		printf("; sectors:");
		any = 0;
		for (s = 0; s < NW_SECTOR_COUNT; s++)
			if (r->ex.sectors & (1u << s)) {
				printf("%s %s", any ? "," : "",
				    nw_sector_name((enum nw_sector)s));
				any = 1;
			}
		if (!any)
			printf(" none");
		printf("\n");
	}
}

/* Why the reports are one incident. */
static void
print_merged(const struct nw_explained *x, const struct nw_merge_link *l,
    size_t nl)
{
	char buf[512];
	size_t i;

	if (x->nreports < 2)
		return;
	printf("\nWhy these reports are one incident:\n");
	for (i = 0; i < nl; i++)
		printf("  [%zu] and [%zu]: %s\n", report_no(x, l[i].a),
		    report_no(x, l[i].b), quote(l[i].why, strlen(l[i].why),
		    buf, sizeof(buf)));
	if (nl == 0)
		printf("  no link recorded (run `normwatch merge`)\n");
}

/* The attribution summary: the verdict, and who stands behind each side. */
static void
print_summary(const struct nw_explained *x, const struct nw_summary *sum,
    const struct nw_refdata *ref)
{
	const struct nw_side *sd;
	char buf[512], date[16];
	size_t i, k;

	printf("\nAttribution summary: %s", nw_verdict_name(sum->verdict));
	if (sum->claimants > 0)
		printf(" (%zu claimant%s)", sum->claimants,
		    sum->claimants == 1 ? "" : "s");
	printf("\n");
	if (sum->nstates == 0)
		printf("  no source names a state\n");
	for (i = 0; i < sum->nstates; i++) {
		sd = &sum->states[i];
		printf("  %s %s%s: %zu claimant%s\n", sd->state,
		    state_name(ref, sd->state), sd->leading ? " (leading)" : "",
		    sd->support, sd->support == 1 ? "" : "s");
		for (k = 0; k < sd->nclaims; k++) {
			const struct nw_claim *c = sd->claims[k];

			nw_date_format(&c->date, date);
			printf("      %s (%s, %s), report [%zu], %s\n",
			    quote(c->source, strlen(c->source), buf,
			    sizeof(buf)), nw_party_name(c->party),
			    nw_hedge_name(c->hedge), report_no(x, c->report),
			    date[0] != '\0' ? date : "undated");
		}
	}
	for (i = 0; i < sum->nactors; i++) {
		sd = &sum->actors[i];
		printf("  actor %s", quote(sd->actor, strlen(sd->actor), buf,
		    sizeof(buf)));
		if (sd->actor_state[0] != '\0')
			printf(" (linked to %s by the actor table: context, "
			    "not a claim)", sd->actor_state);
		printf(": %zu source%s\n", sd->support,
		    sd->support == 1 ? "" : "s");
		for (k = 0; k < sd->nclaims; k++) {
			const struct nw_claim *c = sd->claims[k];

			printf("      %s, report [%zu], as \"%s\"\n",
			    quote(c->source, strlen(c->source), buf, 256),
			    report_no(x, c->report), quote(c->actor,
			    strlen(c->actor), buf + 256, 256));
		}
	}
}

static void
print_findings(const struct nw_explained *x, const struct nw_incident_info *info,
    const struct nw_rules *rules)
{
	const struct nw_rule *rule;
	const char *lastfw = "", *lastp = "";
	char buf[512];
	size_t i, j;

	printf("\nPrinciples found");
	if (info->mapped != NULL)
		printf(" (mapped %s with rules %.12s)", info->mapped,
		    info->rules_version != NULL ? info->rules_version : "?");
	printf(":\n");
	if (info->rules_version != NULL &&
	    strcmp(info->rules_version, nw_rules_version(rules)) != 0)
		printf("  note: the rules changed since; `normwatch remap` "
		    "maps the store again\n");
	if (info->nfindings == 0)
		printf("  none\n");
	for (i = 0; i < info->nfindings; i++) {
		const struct nw_finding_rec *f = &info->findings[i];
		const struct nw_framework *fw = nw_rules_find_framework(rules,
		    f->framework);

		if (strcmp(f->framework, lastfw) != 0) {
			printf("  %s%s%s\n", fw != NULL ? fw->name : f->framework,
			    fw != NULL ? ", " : "", fw != NULL ? fw->version : "");
			lastfw = f->framework;
			lastp = "";
		}
		if (strcmp(f->principle, lastp) != 0) {
			printf("    %s %s\n", f->principle,
			    principle_title(rules, f->framework, f->principle));
			lastp = f->principle;
		}
		rule = nw_rules_find_rule(rules, f->rule);
		printf("      rule %s, confidence %d", f->rule, f->confidence);
		if (rule != NULL)
			printf(" (%s:%ld)", rule->file, rule->line);
		printf("\n");
		if (rule != NULL) {
			printf("        ");
			put_wrapped(rule->rationale, strlen(rule->rationale),
			    "        ", 8);
		}
		for (j = 0; j < f->nev; j++) {
			const struct nw_evidence_rec *e = &f->ev[j];

			printf("        evidence: report [%zu] bytes %u-%u "
			    "(%s %s): \"%s\"\n", report_no(x, e->report_id),
			    e->off, e->off + e->len, e->kind,
			    quote(e->source, strlen(e->source), buf, 160),
			    quote(e->text, strlen(e->text), buf + 256, 256));
		}
	}
}

static void
print_near(const struct nw_explained *x, const struct nw_rules *rules)
{
	const struct nw_map_result *res = x->res;
	const char *lastp = NULL, *lastfw = NULL;
	size_t i;
	int any = 0;

	printf("\nPrinciples nearly found (one test short):\n");
	for (i = 0; i < res->nnear; i++) {
		const struct nw_near_miss *n = &res->near[i];

		/* nothing held: not near, just one test long */
		if (n->principle_found || n->held == 0)
			continue;
		any = 1;
		if (lastfw != n->framework->id || lastp != n->principle->id) {
			printf("  %s %s %s\n", n->framework->id, n->principle->id,
			    n->principle->title);
			lastfw = n->framework->id;
			lastp = n->principle->id;
		}
		printf("      rule %s (%s:%ld): missing: %s\n", n->rule->id,
		    n->rule->file, n->line, n->what);
	}
	if (!any)
		printf("  none\n");
	(void)rules;
}

static void
print_observance(const struct nw_incident_info *info)
{
	size_t i;

	printf("\nParis Call supporters on the incident's date:\n");
	if (info->nobservance == 0)
		printf("  no attributed or victim state\n");
	for (i = 0; i < info->nobservance; i++)
		printf("  %-10s %s  supporter: %s\n", info->observance[i].role,
		    info->observance[i].state, info->observance[i].supporter);
}

int
cmd_explain(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "rules", required_argument, NULL, 'R' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *rules_opt = NULL, *id;
	struct nw_rules *rules = NULL;
	struct nw_refdata *ref = NULL;
	struct nw_store *store = NULL;
	struct nw_mapctx *map = NULL;
	struct nw_arena *arena = NULL;
	struct nw_incident_info info;
	struct nw_explained x;
	struct nw_claim *claims = NULL;
	struct nw_merge_link *links = NULL;
	struct nw_summary sum;
	struct nw_actors *actors = NULL;
	size_t nclaims = 0, nlinks = 0;
	struct nw_error err;
	char *dbpath = NULL, *refdir = NULL, date[16], buf[512];
	long long n;
	int64_t incident = 0;
	int c, r, rc = NW_EXIT_FAILED;

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
	if (optind != argc - 1) {
		usage(stderr);
		return NW_EXIT_USAGE;
	}
	id = argv[optind];
	nw_error_clear(&err);
	if ((rules = cli_load_rules(rules_opt)) == NULL) {
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
	if ((store = cli_open_ro(dbpath)) == NULL)
		goto out;
	if (nw_parse_ll(id, 1, INT64_MAX, &n) == 0)
		incident = n;
	else if (nw_store_incident_by_key(store, id, &incident, &err) == -1) {
		nw_log_error(&err);
		goto out;
	}
	if ((map = nw_mapctx_new(store, rules, NULL, &err)) == NULL) {
		nw_log_error(&err);
		goto out;
	}
	arena = nw_arena_new();
	r = incident > 0 ? nw_store_incident_info(store, incident, arena, &info,
	    &err) : 1;
	if (r == 0)
		r = nw_map_explain(map, incident, &x, &err);
	if (r == 1) {
		nw_log(NW_LOG_ERROR, "explain", "no incident \"%s\"",
		    quote(id, strlen(id), buf, sizeof(buf)));
		rc = NW_EXIT_PARTIAL;
		goto out;
	}
	if (r == -1) {
		nw_log_error(&err);
		goto out;
	}

	if (nw_incident_claims(store, incident, arena, &claims, &nclaims,
	    &err) == -1 || nw_merge_links(store, incident, arena, &links,
	    &nlinks, &err) == -1 ||
	    (actors = nw_actors_load(store, &err)) == NULL) {
		nw_log_error(&err);
		goto out;
	}
	nw_summarize(claims, nclaims, arena, &sum);

	nw_date_format(&x.date, date);
	printf("Incident %lld: %s\n", (long long)incident,
	    quote(info.key, strlen(info.key), buf, sizeof(buf)));
	printf("Date: %s (%s)\n", date[0] != '\0' ? date : "unknown",
	    nw_prec_name(x.date.prec));
	print_reports(&x, ref, claims, nclaims, actors);
	print_merged(&x, links, nlinks);
	print_summary(&x, &sum, ref);
	print_findings(&x, &info, rules);
	print_near(&x, rules);
	print_observance(&info);
	rc = fflush(stdout) == 0 ? NW_EXIT_OK : NW_EXIT_IOERR;
out:
	nw_actors_free(actors);
	nw_arena_free(arena);
	nw_mapctx_free(map);
	nw_store_close(store);
	nw_refdata_free(ref);
	nw_rules_free(rules);
	free(dbpath);
	free(refdir);
	return rc;
}
