/*
 * jsonl.c - `normwatch reports --format jsonl`: one JSON object per report.
 * JSON is built with json-c's object API, never with printf.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "normwatch/consensus.h"
#include "normwatch/output.h"
#include "normwatch/report.h"
#include "normwatch/util.h"

struct jctx {
	FILE		*out;
	struct nw_store	*store;
	struct nw_error	*err;
	int64_t		 last;		/* incident of the cached summary */
	json_object	*summary;	/* its attribution_summary */
};

#define PARIS_CALL	"paris-call"	/* the framework of "principles" */

static json_object *
jstr(const char *s)
{
	return s != NULL ? json_object_new_string(s) : NULL;
}

static json_object *
report_json(const struct nw_report_row *r)
{
	const struct nw_extract *ex = &r->ex;
	json_object *o, *a, *c;
	char date[16];
	size_t i;
	int s;

	o = json_object_new_object();
	json_object_object_add(o, "id", json_object_new_int64(r->id));
	json_object_object_add(o, "source", jstr(r->source));
	json_object_object_add(o, "url", jstr(r->url));
	json_object_object_add(o, "native_id", jstr(r->native_id));
	nw_date_format(&r->date, date);
	json_object_object_add(o, "date", date[0] != '\0' ?
	    json_object_new_string(date) : NULL);
	json_object_object_add(o, "date_precision",
	    r->date.prec != NW_PREC_NONE ?
	    jstr(nw_prec_name(r->date.prec)) : NULL);
	json_object_object_add(o, "title", jstr(r->title));
	json_object_object_add(o, "text",
	    json_object_new_string_len(r->text, (int)r->textlen));

	a = json_object_new_array();
	for (i = 0; i < ex->nattr; i++) {
		c = json_object_new_object();
		json_object_object_add(c, "state",
		    json_object_new_string(ex->attr[i].state));
		json_object_object_add(c, "hedge",
		    jstr(nw_hedge_name(ex->attr[i].hedge)));
		json_object_object_add(c, "by",
		    jstr(nw_party_name(ex->attr[i].by)));
		json_object_array_add(a, c);
	}
	json_object_object_add(o, "attribution", a);

	a = json_object_new_array();
	for (i = 0; i < ex->nactors; i++)
		json_object_array_add(a,
		    json_object_new_string(ex->actors[i].name));
	json_object_object_add(o, "actors", a);
	json_object_object_add(o, "sponsorship",
	    jstr(nw_sponsor_name(ex->sponsorship)));

	a = json_object_new_array();
	for (i = 0; i < ex->nvictims; i++)
		json_object_array_add(a, json_object_new_string(ex->victims[i]));
	json_object_object_add(o, "victim_states", a);

	a = json_object_new_array();
	for (s = 0; s < NW_SECTOR_COUNT; s++)
		if (ex->sectors & (1u << s))
			json_object_array_add(a, json_object_new_string(
			    nw_sector_name((enum nw_sector)s)));
	json_object_object_add(o, "sectors", a);
	return o;
}

static int
cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* One claim of a summary's side. */
static json_object *
claim_json(const struct nw_claim *c)
{
	json_object *o = json_object_new_object();
	char date[16];

	json_object_object_add(o, "source", jstr(c->source));
	json_object_object_add(o, "feed", jstr(c->feed));
	json_object_object_add(o, "report", json_object_new_int64(c->report));
	json_object_object_add(o, "native_id", jstr(c->native_id));
	nw_date_format(&c->date, date);
	json_object_object_add(o, "date", date[0] != '\0' ?
	    json_object_new_string(date) : NULL);
	if (c->state[0] != '\0') {
		json_object_object_add(o, "hedge", jstr(nw_hedge_name(c->hedge)));
		json_object_object_add(o, "party", jstr(nw_party_name(c->party)));
	} else
		json_object_object_add(o, "as_written", jstr(c->actor));
	return o;
}

static json_object *
side_json(const struct nw_side *s, int actor)
{
	json_object *o = json_object_new_object(), *a;
	size_t i;

	if (actor) {
		json_object_object_add(o, "actor", jstr(s->actor));
		json_object_object_add(o, "actor_id", jstr(s->actor_id));
		json_object_object_add(o, "state", s->actor_state[0] != '\0' ?
		    json_object_new_string(s->actor_state) : NULL);
	} else {
		json_object_object_add(o, "state",
		    json_object_new_string(s->state));
		json_object_object_add(o, "leading",
		    json_object_new_boolean(s->leading));
	}
	json_object_object_add(o, "support",
	    json_object_new_int64((int64_t)s->support));
	a = json_object_new_array();
	for (i = 0; i < s->nclaims; i++)
		json_object_array_add(a, claim_json(s->claims[i]));
	json_object_object_add(o, "claims", a);
	return o;
}

/*
 * The incident's attribution_summary (consensus.h): "category",
 * "claimants", "states" and "actors", each side with its claims.
 */
static json_object *
summary_json(struct jctx *j, int64_t inc)
{
	struct nw_arena *arena = nw_arena_new();
	struct nw_claim *claims;
	struct nw_summary sum;
	json_object *o = NULL, *a;
	size_t n, i;

	if (nw_incident_claims(j->store, inc, arena, &claims, &n,
	    j->err) == -1)
		goto out;
	nw_summarize(claims, n, arena, &sum);
	o = json_object_new_object();
	json_object_object_add(o, "category",
	    json_object_new_string(nw_verdict_name(sum.verdict)));
	json_object_object_add(o, "claimants",
	    json_object_new_int64((int64_t)sum.claimants));
	a = json_object_new_array();
	for (i = 0; i < sum.nstates; i++)
		json_object_array_add(a, side_json(&sum.states[i], 0));
	json_object_object_add(o, "states", a);
	a = json_object_new_array();
	for (i = 0; i < sum.nactors; i++)
		json_object_array_add(a, side_json(&sum.actors[i], 1));
	json_object_object_add(o, "actors", a);
out:
	nw_arena_free(arena);
	return o;
}

/*
 * The report's incident: "incident", "principles" (the Paris Call
 * principle numbers found), "findings" with their evidence, and
 * "observance".
 */
static int
add_incident(struct jctx *j, const struct nw_report_row *r, json_object *o)
{
	struct nw_incident_info info;
	struct nw_arena *arena;
	json_object *a, *f, *ev, *e;
	int64_t inc;
	long long num;
	int *nums = NULL;
	size_t i, k, n = 0;
	int rc = -1;

	if (nw_store_report_incident(j->store, r->id, &inc, j->err) == -1)
		return -1;
	arena = nw_arena_new();
	memset(&info, 0, sizeof(info));
	if (inc > 0 && nw_store_incident_info(j->store, inc, arena, &info,
	    j->err) == -1)
		goto out;
	json_object_object_add(o, "incident", inc > 0 ?
	    json_object_new_int64(inc) : NULL);

	a = json_object_new_array();
	if (info.nfindings > 0)
		nums = xcalloc(info.nfindings, sizeof(*nums));
	for (i = 0; i < info.nfindings; i++) {
		if (strcmp(info.findings[i].framework, PARIS_CALL) != 0 ||
		    nw_parse_ll(info.findings[i].principle, 1, 99, &num) == -1)
			continue;
		for (k = 0; k < n && nums[k] != (int)num; k++)
			;
		if (k == n)
			nums[n++] = (int)num;
	}
	if (n > 1)
		qsort(nums, n, sizeof(*nums), cmp_int);
	for (i = 0; i < n; i++)
		json_object_array_add(a, json_object_new_int(nums[i]));
	json_object_object_add(o, "principles", a);

	a = json_object_new_array();
	for (i = 0; i < info.nfindings; i++) {
		const struct nw_finding_rec *fr = &info.findings[i];

		f = json_object_new_object();
		json_object_object_add(f, "framework", jstr(fr->framework));
		json_object_object_add(f, "principle", jstr(fr->principle));
		json_object_object_add(f, "rule", jstr(fr->rule));
		json_object_object_add(f, "confidence",
		    json_object_new_int(fr->confidence));
		ev = json_object_new_array();
		for (k = 0; k < fr->nev; k++) {
			e = json_object_new_object();
			json_object_object_add(e, "report",
			    json_object_new_int64(fr->ev[k].report_id));
			json_object_object_add(e, "kind", jstr(fr->ev[k].kind));
			json_object_object_add(e, "source",
			    jstr(fr->ev[k].source));
			json_object_object_add(e, "offset",
			    json_object_new_int64(fr->ev[k].off));
			json_object_object_add(e, "length",
			    json_object_new_int64(fr->ev[k].len));
			json_object_object_add(e, "text", jstr(fr->ev[k].text));
			json_object_array_add(ev, e);
		}
		json_object_object_add(f, "evidence", ev);
		json_object_array_add(a, f);
	}
	json_object_object_add(o, "findings", a);

	a = json_object_new_array();
	for (i = 0; i < info.nobservance; i++) {
		e = json_object_new_object();
		json_object_object_add(e, "role", jstr(info.observance[i].role));
		json_object_object_add(e, "state",
		    json_object_new_string(info.observance[i].state));
		json_object_object_add(e, "supporter",
		    jstr(info.observance[i].supporter));
		json_object_array_add(a, e);
	}
	json_object_object_add(o, "observance", a);

	if (inc > 0 && inc != j->last) {
		json_object_put(j->summary);
		j->summary = NULL;
		j->last = 0;
		if ((j->summary = summary_json(j, inc)) == NULL)
			goto out;
		j->last = inc;
	}
	json_object_object_add(o, "attribution_summary", inc > 0 ?
	    json_object_get(j->summary) : NULL);
	rc = 0;
out:
	free(nums);
	nw_arena_free(arena);
	return rc;
}

static int
emit(const struct nw_report_row *r, void *arg)
{
	struct jctx *j = arg;
	json_object *o = report_json(r);
	const char *s;
	int rc = 0;

	if (add_incident(j, r, o) == -1) {
		json_object_put(o);
		return -1;
	}

	s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE);
	if (fputs(s, j->out) == EOF || fputc('\n', j->out) == EOF) {
		nw_error_set(j->err, NW_E_IO, "cannot write: %s",
		    strerror(errno));
		rc = -1;
	}
	json_object_put(o);
	return rc;
}

int
nw_output_reports_jsonl(struct nw_store *store, const char *source,
    FILE *out, struct nw_error *err)
{
	struct jctx j = { out, store, err, 0, NULL };
	int rc;

	rc = nw_store_each_report(store, source, emit, &j, err);
	json_object_put(j.summary);
	if (rc != 0)
		return -1;
	if (fflush(out) == EOF)
		return nw_error_set(err, NW_E_IO, "cannot write the output");
	return 0;
}
