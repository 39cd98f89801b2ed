/*
 * map.c - incidents to norms: the rules over an incident's reports, the
 * findings and observance into the store.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "normwatch/log.h"
#include "normwatch/map.h"
#include "normwatch/util.h"

struct nw_mapctx {
	struct nw_store			*store;
	const struct nw_rules		*rules;
	const struct nw_supporters	*sup;
	struct nw_mapper		*mapper;
	struct nw_arena			*arena;	/* one incident's copies */
	struct nw_report_row		*rows;	/* reports read from the store */
	size_t				 nrows;
	size_t				 caprows;
	int				 overflow;	/* more reports than
							   NW_MAX_INCIDENT_REPORTS */
};

/* Reports one incident may have that mapping reads; more are ignored. */
#define NW_MAX_INCIDENT_REPORTS	256

struct nw_mapctx *
nw_mapctx_new(struct nw_store *store, const struct nw_rules *rules,
    const struct nw_supporters *sup, struct nw_error *err)
{
	struct nw_mapctx *ctx;

	ctx = xcalloc(1, sizeof(*ctx));
	ctx->store = store;
	ctx->rules = rules;
	ctx->sup = sup;
	if ((ctx->mapper = nw_mapper_new(rules, err)) == NULL) {
		free(ctx);
		return NULL;
	}
	return ctx;
}

void
nw_mapctx_free(struct nw_mapctx *ctx)
{
	if (ctx == NULL)
		return;
	nw_mapper_free(ctx->mapper);
	nw_arena_free(ctx->arena);
	free(ctx->rows);
	free(ctx);
}

static long
date_key(const struct nw_date *d)
{
	return (long)d->y * 10000 + d->m * 100 + d->d;
}

void
nw_incident_date(const struct nw_date *dates, size_t n, struct nw_date *out)
{
	size_t i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < n; i++) {
		if (dates[i].prec == NW_PREC_NONE)
			continue;
		/* the earliest; at the same start, the more precise */
		if (out->prec == NW_PREC_NONE ||
		    date_key(&dates[i]) < date_key(out) ||
		    (date_key(&dates[i]) == date_key(out) &&
		    dates[i].prec > out->prec))
			*out = dates[i];
	}
}

static const char *
evidence_kind(enum nw_evidence_kind k)
{
	switch (k) {
	case NW_EV_ATTRIBUTION:
		return "attribution";
	case NW_EV_ACTOR:
		return "actor";
	case NW_EV_MATCH:
		break;
	}
	return "match";
}

static int
cmp_obs(const void *a, const void *b)
{
	const struct nw_observance_rec *x = a, *y = b;
	int c = strcmp(x->role, y->role);

	return c != 0 ? c : strcmp(x->state, y->state);
}

/* Add (role, state) unless it is there already. */
static void
obs_add(struct nw_observance_rec *o, size_t *n, size_t max, const char *role,
    const char *state)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (strcmp(o[i].role, role) == 0 &&
		    strcmp(o[i].state, state) == 0)
			return;
	if (*n >= max)
		return;
	o[*n].role = role;
	nw_strlcpy(o[*n].state, state, sizeof(o[*n].state));
	(*n)++;
}

/* Run the rules over mr (n reports stored as ids) and store the result. */
static int
map_store(struct nw_mapctx *ctx, int64_t incident, int fresh,
    const struct nw_map_report *mr, const int64_t *ids, size_t n,
    const struct nw_date *date, struct nw_error *err)
{
	struct nw_map_input in;
	const struct nw_map_result *res;
	struct nw_finding_rec *f = NULL;
	struct nw_observance_rec *o = NULL;
	size_t i, j, no = 0, maxo = 0;

	in.reports = mr;
	in.nreports = n;
	in.date = *date;
	if (nw_mapper_run(ctx->mapper, &in, 0, &res, err) == -1)
		return -1;
	for (i = 0; i < res->nwarnings; i++) {
		char buf[1536];

		nw_log(NW_LOG_WARN, NULL, "incident %lld: %s",
		    (long long)incident,
		    nw_error_str(&res->warnings[i], buf, sizeof(buf)));
	}

	if (res->nfindings > 0)
		f = nw_arena_alloc(ctx->arena, res->nfindings * sizeof(*f));
	for (i = 0; i < res->nfindings; i++) {
		const struct nw_finding *src = &res->findings[i];

		f[i].framework = src->framework->id;
		f[i].principle = src->principle->id;
		f[i].rule = src->rule->id;
		f[i].confidence = src->confidence;
		f[i].nev = src->nev;
		f[i].ev = src->nev > 0 ? nw_arena_alloc(ctx->arena,
		    src->nev * sizeof(*f[i].ev)) : NULL;
		for (j = 0; j < src->nev; j++) {
			const struct nw_evidence *e = &src->ev[j];

			f[i].ev[j].report_id = ids[e->report];
			f[i].ev[j].kind = evidence_kind(e->kind);
			f[i].ev[j].source = e->source;
			f[i].ev[j].off = e->span.off;
			f[i].ev[j].len = e->span.len;
			f[i].ev[j].text = e->text;
		}
	}

	if (ctx->sup != NULL) {
		for (i = 0; i < n; i++)
			if (mr[i].ex != NULL)
				maxo += mr[i].ex->nattr + mr[i].ex->nvictims;
		if (maxo > 0)
			o = nw_arena_alloc(ctx->arena, maxo * sizeof(*o));
		for (i = 0; i < n; i++) {
			const struct nw_extract *ex = mr[i].ex;

			if (ex == NULL)
				continue;
			for (j = 0; j < ex->nattr; j++)
				obs_add(o, &no, maxo, "attributed",
				    ex->attr[j].state);
			for (j = 0; j < ex->nvictims; j++)
				obs_add(o, &no, maxo, "victim",
				    ex->victims[j]);
		}
		for (i = 0; i < no; i++)
			o[i].supporter = nw_support_name(nw_supporter_on(
			    ctx->sup, o[i].state, date));
		if (no > 1)
			qsort(o, no, sizeof(*o), cmp_obs);
	}
	return nw_store_put_findings(ctx->store, incident, fresh,
	    nw_rules_version(ctx->rules), f, res->nfindings, o, no, err);
}

int
nw_map_reports(struct nw_mapctx *ctx, int64_t incident,
    const struct nw_report *const *reports, const int64_t *ids, size_t n,
    struct nw_error *err)
{
	struct nw_map_report *mr;
	struct nw_date *dates, date;
	size_t i;

	nw_arena_free(ctx->arena);
	ctx->arena = nw_arena_new();
	mr = nw_arena_alloc(ctx->arena, (n > 0 ? n : 1) * sizeof(*mr));
	dates = nw_arena_alloc(ctx->arena, (n > 0 ? n : 1) * sizeof(*dates));
	for (i = 0; i < n; i++) {
		mr[i].text = reports[i]->text;
		mr[i].len = reports[i]->textlen;
		mr[i].ex = &reports[i]->ex;
		dates[i] = reports[i]->date;
	}
	nw_incident_date(dates, n, &date);
	return map_store(ctx, incident, 1, mr, ids, n, &date, err);
}

/* Copy one report row of the store into the context's arena. */
static int
collect(const struct nw_report_row *row, void *arg)
{
	struct nw_mapctx *ctx = arg;
	struct nw_report_row *r;

	if (ctx->nrows >= NW_MAX_INCIDENT_REPORTS) {
		ctx->overflow = 1;
		return 0;
	}
	if (ctx->nrows == ctx->caprows) {
		ctx->caprows = ctx->caprows == 0 ? 8 : ctx->caprows * 2;
		ctx->rows = xreallocarray(ctx->rows, ctx->caprows,
		    sizeof(*ctx->rows));
	}
	r = &ctx->rows[ctx->nrows++];
	*r = *row;
	r->source = nw_arena_strdup(ctx->arena, row->source ? row->source : "");
	r->publisher = row->publisher != NULL ?
	    nw_arena_strdup(ctx->arena, row->publisher) : NULL;
	r->url = nw_arena_strdup(ctx->arena, row->url ? row->url : "");
	r->native_id = nw_arena_strdup(ctx->arena, row->native_id);
	r->title = row->title != NULL ?
	    nw_arena_strdup(ctx->arena, row->title) : NULL;
	r->text = nw_arena_strndup(ctx->arena, row->text, row->textlen);
	r->first_seen = row->first_seen != NULL ?
	    nw_arena_strdup(ctx->arena, row->first_seen) : NULL;
	r->last_seen = row->last_seen != NULL ?
	    nw_arena_strdup(ctx->arena, row->last_seen) : NULL;
	return 0;
}

/* Read an incident's reports into ctx->rows and build the mapper input. */
static int
load(struct nw_mapctx *ctx, int64_t incident, struct nw_map_report **mrp,
    int64_t **idsp, struct nw_date *date, struct nw_error *err)
{
	struct nw_map_report *mr;
	struct nw_date *dates;
	int64_t *ids;
	size_t i;

	nw_arena_free(ctx->arena);
	ctx->arena = nw_arena_new();
	ctx->nrows = 0;
	ctx->overflow = 0;
	if (nw_store_incident_reports(ctx->store, incident, collect, ctx,
	    err) != 0)
		return -1;
	if (ctx->overflow)
		nw_log(NW_LOG_WARN, NULL, "incident %lld: more than %d "
		    "reports; only the first are mapped", (long long)incident,
		    NW_MAX_INCIDENT_REPORTS);
	i = ctx->nrows > 0 ? ctx->nrows : 1;
	mr = nw_arena_alloc(ctx->arena, i * sizeof(*mr));
	ids = nw_arena_alloc(ctx->arena, i * sizeof(*ids));
	dates = nw_arena_alloc(ctx->arena, i * sizeof(*dates));
	for (i = 0; i < ctx->nrows; i++) {
		mr[i].text = ctx->rows[i].text;
		mr[i].len = ctx->rows[i].textlen;
		mr[i].ex = &ctx->rows[i].ex;
		ids[i] = ctx->rows[i].id;
		dates[i] = ctx->rows[i].date;
	}
	nw_incident_date(dates, ctx->nrows, date);
	*mrp = mr;
	*idsp = ids;
	return 0;
}

int
nw_map_incident(struct nw_mapctx *ctx, int64_t incident, struct nw_error *err)
{
	struct nw_map_report *mr;
	struct nw_date date;
	int64_t *ids;

	if (load(ctx, incident, &mr, &ids, &date, err) == -1)
		return -1;
	return map_store(ctx, incident, 0, mr, ids, ctx->nrows, &date, err);
}

int
nw_map_explain(struct nw_mapctx *ctx, int64_t incident,
    struct nw_explained *out, struct nw_error *err)
{
	struct nw_map_input in;
	struct nw_map_report *mr;
	int64_t *ids;

	memset(out, 0, sizeof(*out));
	if (load(ctx, incident, &mr, &ids, &out->date, err) == -1)
		return -1;
	if (ctx->nrows == 0)
		return 1;
	in.reports = mr;
	in.nreports = ctx->nrows;
	in.date = out->date;
	if (nw_mapper_run(ctx->mapper, &in, NW_MAP_NEAR_MISSES, &out->res,
	    err) == -1)
		return -1;
	out->reports = ctx->rows;
	out->nreports = ctx->nrows;
	return 0;
}
