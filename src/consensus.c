/*
 * consensus.c - the attribution of an incident, summarised from every
 * source's claims.  See consensus.h for the verdicts.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "normwatch/consensus.h"
#include "normwatch/util.h"

const char *
nw_verdict_name(enum nw_verdict v)
{
	switch (v) {
	case NW_VERDICT_UNATTRIBUTED:
		return "unattributed";
	case NW_VERDICT_SINGLE:
		return "single-source";
	case NW_VERDICT_CONSENSUS:
		return "consensus";
	case NW_VERDICT_MAJORITY:
		return "majority";
	case NW_VERDICT_DISPUTED:
		return "disputed";
	}
	return "unattributed";
}

/* Two claims by the same claimant: source, and for states party too. */
static int
same_claimant(const struct nw_claim *a, const struct nw_claim *b, int party)
{
	return strcmp(a->source, b->source) == 0 &&
	    (!party || a->party == b->party);
}

/* The key an actor side groups by: canonical id, else the name. */
static const char *
actor_key(const struct nw_claim *c, char norm[NW_ACTOR_NORM_MAX])
{
	if (c->actor_id != NULL)
		return c->actor_id;
	nw_actor_norm(c->actor, norm);
	return norm;
}

static int
cmp_side(const void *x, const void *y)
{
	const struct nw_side *a = x, *b = y;

	if (a->support != b->support)
		return a->support > b->support ? -1 : 1;
	if (a->actor != NULL && b->actor != NULL)
		return strcmp(a->actor, b->actor);
	return strcmp(a->state, b->state);
}

/* Count the distinct claimants of a side's claims. */
static size_t
support(const struct nw_side *s, int party)
{
	size_t i, j, n = 0;

	for (i = 0; i < s->nclaims; i++) {
		for (j = 0; j < i; j++)
			if (same_claimant(s->claims[i], s->claims[j], party))
				break;
		if (j == i)
			n++;
	}
	return n;
}

void
nw_summarize(const struct nw_claim *c, size_t n, struct nw_arena *a,
    struct nw_summary *out)
{
	const struct nw_claim **claimants;
	char na[NW_ACTOR_NORM_MAX], nb[NW_ACTOR_NORM_MAX];
	size_t i, j, k, nclaimants = 0;
	int all;

	memset(out, 0, sizeof(*out));
	if (n == 0)
		return;
	out->states = nw_arena_alloc(a, n * sizeof(*out->states));
	out->actors = nw_arena_alloc(a, n * sizeof(*out->actors));
	claimants = nw_arena_alloc(a, n * sizeof(*claimants));
	for (i = 0; i < n; i++) {
		struct nw_side *s = NULL;

		if (c[i].state[0] != '\0') {
			for (j = 0; j < nclaimants; j++)
				if (same_claimant(claimants[j], &c[i], 1))
					break;
			if (j == nclaimants)
				claimants[nclaimants++] = &c[i];
			for (k = 0; k < out->nstates; k++)
				if (strcmp(out->states[k].state, c[i].state) == 0)
					break;
			s = &out->states[k];
			if (k == out->nstates) {
				memcpy(s->state, c[i].state, 3);
				s->claims = nw_arena_alloc(a, n *
				    sizeof(*s->claims));
				out->nstates++;
			}
		} else if (c[i].actor != NULL) {
			const char *key = actor_key(&c[i], na);

			for (k = 0; k < out->nactors; k++)
				if (strcmp(actor_key(out->actors[k].claims[0], nb),
				    key) == 0)
					break;
			s = &out->actors[k];
			if (k == out->nactors) {
				s->actor = c[i].actor_name != NULL ?
				    c[i].actor_name : c[i].actor;
				s->actor_id = c[i].actor_id;
				memcpy(s->actor_state, c[i].actor_state, 3);
				s->claims = nw_arena_alloc(a, n *
				    sizeof(*s->claims));
				out->nactors++;
			}
		}
		if (s != NULL)
			s->claims[s->nclaims++] = &c[i];
	}
	for (k = 0; k < out->nstates; k++)
		out->states[k].support = support(&out->states[k], 1);
	for (k = 0; k < out->nactors; k++)
		out->actors[k].support = support(&out->actors[k], 0);
	if (out->nstates > 1)
		qsort(out->states, out->nstates, sizeof(*out->states),
		    cmp_side);
	if (out->nactors > 1)
		qsort(out->actors, out->nactors, sizeof(*out->actors),
		    cmp_side);
	out->claimants = nclaimants;
	if (nclaimants == 0) {
		out->verdict = NW_VERDICT_UNATTRIBUTED;
		return;
	}
	for (all = 1, k = 0; k < out->nstates; k++)
		if (out->states[k].support != nclaimants)
			all = 0;
	if (all) {
		out->verdict = nclaimants == 1 ? NW_VERDICT_SINGLE :
		    NW_VERDICT_CONSENSUS;
		for (k = 0; k < out->nstates; k++)
			out->states[k].leading = 1;
		return;
	}
	for (k = 0; k < out->nstates; k++)
		if (out->states[k].support * 2 > nclaimants)
			out->states[k].leading = 1;
	out->verdict = out->states[0].leading ? NW_VERDICT_MAJORITY :
	    NW_VERDICT_DISPUTED;
}

/* --- claims from the store ---------------------------------------------------- */

static const char claims_sql[] =
    "SELECT r.id, s.name, r.native_id, r.date, r.date_precision,"
    " COALESCE(k.claimer, o.publisher, s.publisher, s.name),"
    " c.state, c.hedge, c.party, NULL, NULL, NULL, NULL, c.ord"
    " FROM incident_report ir JOIN report r ON r.id = ir.report_id"
    " JOIN source s ON s.id = r.source_id"
    " JOIN claim c ON c.report_id = r.id"
    " LEFT JOIN stix_origin o ON o.report_id = r.id"
    " LEFT JOIN stix_claimer k ON k.report_id = r.id AND"
    "   k.kind = 'attribution' AND k.ord = c.ord"
    " WHERE ir.incident_id = ?1"
    " UNION ALL "
    "SELECT r.id, s.name, r.native_id, r.date, r.date_precision,"
    " COALESCE(k.claimer, o.publisher, s.publisher, s.name),"
    " NULL, NULL, NULL, a.name, ac.actor_id, act.name, act.state,"
    " 1000 + a.ord"
    " FROM incident_report ir JOIN report r ON r.id = ir.report_id"
    " JOIN source s ON s.id = r.source_id"
    " JOIN report_actor a ON a.report_id = r.id"
    " LEFT JOIN stix_origin o ON o.report_id = r.id"
    " LEFT JOIN stix_claimer k ON k.report_id = r.id AND"
    "   k.kind = 'actor' AND k.ord = a.ord"
    " LEFT JOIN report_actor_canon ac ON ac.report_id = a.report_id AND"
    "   ac.ord = a.ord"
    " LEFT JOIN actor act ON act.id = ac.actor_id"
    " WHERE ir.incident_id = ?1"
    " ORDER BY 1, 14";

static const char *
adup(struct nw_arena *a, sqlite3_stmt *st, int i)
{
	const char *v = (const char *)sqlite3_column_text(st, i);

	return v != NULL ? nw_arena_strdup(a, v) : NULL;
}

int
nw_incident_claims(struct nw_store *store, int64_t incident,
    struct nw_arena *a, struct nw_claim **cp, size_t *np,
    struct nw_error *err)
{
	sqlite3 *db = nw_store_db(store);
	sqlite3_stmt *st = NULL;
	struct nw_claim *v = NULL, *c;
	enum nw_prec prec;
	const char *t;
	size_t n = 0, cap = 0;
	int step, rc = -1;

	*cp = NULL;
	*np = 0;
	if (sqlite3_prepare_v2(db, claims_sql, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 1, incident) != SQLITE_OK) {
		nw_error_set(err, NW_E_STORE, "read claims: %s",
		    sqlite3_errmsg(db));
		goto out;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		c = &v[n];
		memset(c, 0, sizeof(*c));
		c->report = sqlite3_column_int64(st, 0);
		c->feed = adup(a, st, 1);
		c->native_id = adup(a, st, 2);
		t = (const char *)sqlite3_column_text(st, 3);
		if (nw_prec_from_name((const char *)sqlite3_column_text(st, 4),
		    &prec) == -1 ||
		    nw_date_parse_iso(t != NULL ? t : "", &c->date) == -1)
			memset(&c->date, 0, sizeof(c->date));
		c->source = adup(a, st, 5);
		if (c->source == NULL)
			c->source = c->feed != NULL ? c->feed : "";
		t = (const char *)sqlite3_column_text(st, 6);
		if (t != NULL) {
			if (strlen(t) != 2 ||
			    nw_hedge_from_name((const char *)
			    sqlite3_column_text(st, 7), &c->hedge) == -1 ||
			    nw_party_from_name((const char *)
			    sqlite3_column_text(st, 8), &c->party) == -1)
				continue;
			memcpy(c->state, t, 3);
		} else {
			c->actor = adup(a, st, 9);
			if (c->actor == NULL)
				continue;
			c->actor_id = adup(a, st, 10);
			c->actor_name = adup(a, st, 11);
			t = (const char *)sqlite3_column_text(st, 12);
			if (t != NULL && strlen(t) == 2)
				memcpy(c->actor_state, t, 3);
		}
		n++;
	}
	if (step != SQLITE_DONE) {
		nw_error_set(err, NW_E_STORE, "read claims: %s",
		    sqlite3_errmsg(db));
		goto out;
	}
	if (n > 0) {
		*cp = nw_arena_alloc(a, n * sizeof(**cp));
		memcpy(*cp, v, n * sizeof(*v));
	}
	*np = n;
	rc = 0;
out:
	free(v);
	sqlite3_finalize(st);
	return rc;
}
