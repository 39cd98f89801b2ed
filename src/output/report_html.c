/*
 * report_html.c - the quarterly exposure report (reportout.h): one HTML
 * page per quarter with its CSV, JSON and STIX companions, and an index.
 *
 * The store is read once, in one snapshot, with the exporter's ordered
 * scan (nw_store_each_export_incident); each incident is kept in an arena
 * with what the pages need, then every quarter is counted and written.
 * Every number on a page comes from one struct agg, from which the page,
 * the CSV and the JSON are all written, so they cannot disagree.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nettle/base64.h>
#include <nettle/sha2.h>
#include <sqlite3.h>

#include "normwatch/consensus.h"
#include "normwatch/htmlw.h"
#include "normwatch/jsonw.h"
#include "normwatch/log.h"
#include "normwatch/map.h"
#include "normwatch/observance.h"
#include "normwatch/reportout.h"
#include "normwatch/stixout.h"
#include "normwatch/util.h"
#include "svg.h"

/* --- what is kept of the store ------------------------------------------------ */

struct pr {			/* a principle */
	const char	*fw;		/* framework id: "paris-call" */
	const char	*fwname;	/* its name for readers, or the id */
	const char	*id;		/* "1", "a" */
	const char	*title;		/* or "" */
	const char	*label;		/* "paris-call 1" */
	const char	*full;		/* "paris-call 1: title" */
};

struct rev {			/* one piece of evidence */
	size_t		 rep;		/* 1-based report number in the incident */
	const char	*kind;
	const char	*source;
	const char	*text;
};

struct rfind {			/* a finding */
	size_t		 pr;
	const char	*rule;
	int		 conf;
	struct rev	*ev;
	size_t		 nev;
};

struct rrep {			/* a source report */
	const char	*feed;
	const char	*publisher;	/* or NULL */
	const char	*url;
	const char	*native_id;
	struct nw_date	 date;
};

struct rinc {			/* an incident */
	int64_t			 id;
	const char		*key;
	struct nw_date		 date;
	int			 qkey;		/* year * 4 + q - 1, or -1 */
	int			 mkey;		/* year * 12 + m - 1, or -1 */
	int			 full;		/* the details below are kept */
	const char		*summary;
	char			(*victims)[3];
	size_t			 nvictims;
	uint32_t		 sectors;
	struct rrep		*reps;
	size_t			 nreps;
	struct nw_summary	 sum;
	struct rfind		*finds;
	size_t			 nfinds;
	struct nw_observance_rec *obs;
	size_t			 nobs;
};

struct feedrow {		/* a feed, for the methodology */
	char		*feed;
	char		*kind;
	char		*url;
	char		*last_success;
	long		 reports;
};

struct ctx {
	struct nw_store			*store;
	const struct nw_report_opts	*o;
	struct nw_arena			*a;
	struct pr			*pr;
	size_t				 npr, prcap;
	struct rinc			*inc;
	size_t				 ninc, inccap;
	long long			 undated;	/* in no quarter */
	int				 qlo, qhi;	/* kept in full */
	int				 qmin, qmax;	/* quarters seen */
	char				 hash[NW_SHA256_HEX];
	char				*rules_version;	/* or NULL */
	char				 generated[32];
	struct feedrow			*feeds;
	size_t				 nfeeds;
};

/* --- what is counted for one quarter ------------------------------------------ */

struct stc {			/* a state and its counts */
	char		st[3];
	long long	n;		/* incidents */
	long long	asserted;	/* of which some claim asserts it */
	long long	government;	/* of which a government asserts it */
	long long	leading;	/* of which it is the leading side */
};

struct obc {			/* observance: role, state, supporter */
	const char	*role;
	char		 st[3];
	const char	*supporter;
	long long	 n;
};

struct agg {
	int		 qkey;
	size_t		*idx;		/* the quarter's incidents, by date */
	size_t		 n;
	long long	 prev, yago;	/* incidents a quarter / year before */
	long long	*pr, *prprev;	/* incidents per principle */
	struct stc	*att;		/* attributed states, most first */
	size_t		 natt;
	struct stc	*vic;		/* victim states, most first */
	size_t		 nvic;
	long long	 sectors[NW_SECTOR_COUNT];
	long long	 months[NW_REPORT_MONTHS];
	struct obc	*obs;
	size_t		 nobs;
	long long	 att_yes, att_no, att_unc;	/* incidents */
	long long	 vic_yes;
	long long	*heat;		/* NW_REPORT_HEAT_STATES x npr */
	size_t		 nheat;		/* states in it */
	long long	*feedn;		/* reports per feed (ctx order) */
};

/* --- helpers --------------------------------------------------------------- */

static const char *const month_names[] = { "January", "February", "March",
	"April", "May", "June", "July", "August", "September", "October",
	"November", "December" };

static const char *
state_name(const struct ctx *c, const char *iso2)
{
	const struct nw_state *st = c->o->ref != NULL ?
	    nw_refdata_state(c->o->ref, iso2) : NULL;

	return st != NULL ? st->name : iso2;
}

static void
qname(int qkey, char out[16])
{
	snprintf(out, 16, "%04dQ%d", qkey / 4 % 10000, qkey % 4 + 1);
}

static const char *
adup(struct nw_arena *a, const char *s)
{
	return s != NULL ? nw_arena_strdup(a, s) : NULL;
}

/* A summary line: the title, else the text's first sentence, shortened. */
static const char *
make_summary(struct nw_arena *a, const char *title, const char *text,
    size_t len)
{
	const char *s = title != NULL && title[0] != '\0' ? title : text;
	size_t n, i;

	if (s == NULL)
		return "";
	n = s == text ? len : strlen(s);
	for (i = 40; s == text && i + 1 < n; i++)
		if (s[i] == '.' && s[i + 1] == ' ') {
			n = i + 1;
			break;
		}
	if (n <= NW_REPORT_SUMMARY)
		return nw_arena_strndup(a, s, n);
	n = NW_REPORT_SUMMARY;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	for (i = n; i > NW_REPORT_SUMMARY / 2; i--)
		if (s[i] == ' ') {
			n = i;
			break;
		}
	return nw_arena_printf(a, "%.*s\xe2\x80\xa6", (int)n, s);
}

static size_t
pr_find(struct ctx *c, const char *fw, const char *id)
{
	struct pr *p;
	size_t i;

	for (i = 0; i < c->npr; i++)
		if (strcmp(c->pr[i].fw, fw) == 0 && strcmp(c->pr[i].id, id) == 0)
			return i;
	if (c->npr == c->prcap) {
		c->prcap = c->prcap == 0 ? 32 : c->prcap * 2;
		c->pr = xreallocarray(c->pr, c->prcap, sizeof(*c->pr));
	}
	p = &c->pr[c->npr];
	p->fw = nw_arena_strdup(c->a, fw);
	p->fwname = p->fw;
	p->id = nw_arena_strdup(c->a, id);
	p->title = "";
	p->label = nw_arena_printf(c->a, "%s %s", fw, id);
	p->full = p->label;
	return c->npr++;
}

/* The principles of the rules, in their order; others join as found. */
static void
pr_from_rules(struct ctx *c)
{
	const struct nw_rules *r = c->o->rules;
	const struct nw_framework *fw;
	const struct nw_principle *p;
	struct pr *x;
	size_t i, j, k;

	if (r == NULL)
		return;
	for (i = 0; i < nw_rules_nframeworks(r); i++) {
		fw = nw_rules_framework(r, i);
		for (k = 0; k < fw->nprinciples; k++) {
			p = nw_rules_principle(r, fw->principle0 + k);
			j = pr_find(c, fw->id, p->id);
			x = &c->pr[j];
			x->title = p->title;
			x->fwname = fw->name;
			x->full = nw_arena_printf(c->a, "%s %s: %s", fw->id,
			    p->id, p->title);
		}
	}
}

/* --- reading the store ------------------------------------------------------ */

static const char *
claimer(const struct nw_export_report *r, const char *by)
{
	if (by != NULL)
		return by;
	if (r->has_origin && r->origin.publisher != NULL)
		return r->origin.publisher;
	if (r->row.publisher != NULL)
		return r->row.publisher;
	return r->row.source;
}

static void
keep_details(struct ctx *c, struct rinc *ri,
    const struct nw_export_incident *inc)
{
	struct nw_arena *a = c->a;
	const struct nw_export_report *r;
	struct nw_claim *cl;
	size_t i, j, k, n, nv;
	int dup;

	ri->full = 1;
	r = &inc->reports[0];
	ri->summary = make_summary(a, r->row.title, r->row.text,
	    r->row.textlen);
	ri->reps = nw_arena_alloc(a, inc->nreports * sizeof(*ri->reps));
	ri->nreps = inc->nreports;
	nv = n = 0;
	for (i = 0; i < inc->nreports; i++) {
		r = &inc->reports[i];
		ri->reps[i].feed = adup(a, r->row.source);
		ri->reps[i].publisher = adup(a, r->row.publisher);
		ri->reps[i].url = adup(a, r->row.url);
		ri->reps[i].native_id = adup(a, r->row.native_id);
		ri->reps[i].date = r->row.date;
		ri->sectors |= r->row.ex.sectors;
		nv += r->row.ex.nvictims;
		n += r->row.ex.nattr + r->row.ex.nactors;
	}
	/* victims: the union, in order of first mention */
	ri->victims = nw_arena_alloc(a, (nv + 1) * sizeof(*ri->victims));
	for (i = 0; i < inc->nreports; i++) {
		r = &inc->reports[i];
		for (j = 0; j < r->row.ex.nvictims; j++) {
			dup = 0;
			for (k = 0; k < ri->nvictims; k++)
				if (strcmp(ri->victims[k],
				    r->row.ex.victims[j]) == 0)
					dup = 1;
			if (!dup)
				memcpy(ri->victims[ri->nvictims++],
				    r->row.ex.victims[j], 3);
		}
	}
	/* claims, as nw_incident_claims reads them, then the summary */
	cl = nw_arena_alloc(a, (n + 1) * sizeof(*cl));
	n = 0;
	for (i = 0; i < inc->nreports; i++) {
		r = &inc->reports[i];
		for (j = 0; j < r->row.ex.nattr; j++, n++) {
			cl[n].source = adup(a, claimer(r, r->has_origin ?
			    r->origin.attr_by[j] : NULL));
			cl[n].feed = ri->reps[i].feed;
			cl[n].report = r->row.id;
			cl[n].native_id = ri->reps[i].native_id;
			cl[n].date = r->row.date;
			memcpy(cl[n].state, r->row.ex.attr[j].state, 3);
			cl[n].hedge = r->row.ex.attr[j].hedge;
			cl[n].party = r->row.ex.attr[j].by;
		}
		for (j = 0; j < r->row.ex.nactors; j++, n++) {
			cl[n].source = adup(a, claimer(r, r->has_origin ?
			    r->origin.actor_by[j] : NULL));
			cl[n].feed = ri->reps[i].feed;
			cl[n].report = r->row.id;
			cl[n].native_id = ri->reps[i].native_id;
			cl[n].date = r->row.date;
			cl[n].actor = nw_arena_strdup(a,
			    r->row.ex.actors[j].name);
		}
	}
	nw_summarize(cl, n, a, &ri->sum);
	/* findings with their evidence */
	ri->finds = nw_arena_alloc(a, (inc->nfindings + 1) *
	    sizeof(*ri->finds));
	ri->nfinds = inc->nfindings;
	for (i = 0; i < inc->nfindings; i++) {
		const struct nw_finding_rec *f = &inc->findings[i];
		struct rfind *rf = &ri->finds[i];

		rf->pr = pr_find(c, f->framework, f->principle);
		rf->rule = adup(a, f->rule);
		rf->conf = f->confidence;
		rf->ev = nw_arena_alloc(a, (f->nev + 1) * sizeof(*rf->ev));
		rf->nev = f->nev;
		for (j = 0; j < f->nev; j++) {
			rf->ev[j].rep = 0;
			for (k = 0; k < inc->nreports; k++)
				if (inc->reports[k].row.id ==
				    f->ev[j].report_id)
					rf->ev[j].rep = k + 1;
			rf->ev[j].kind = adup(a, f->ev[j].kind);
			rf->ev[j].source = adup(a, f->ev[j].source);
			rf->ev[j].text = adup(a, f->ev[j].text);
		}
	}
	ri->obs = nw_arena_alloc(a, (inc->nobservance + 1) *
	    sizeof(*ri->obs));
	ri->nobs = inc->nobservance;
	for (i = 0; i < inc->nobservance; i++) {
		ri->obs[i].role = adup(a, inc->observance[i].role);
		memcpy(ri->obs[i].state, inc->observance[i].state, 3);
		ri->obs[i].supporter = adup(a, inc->observance[i].supporter);
	}
}

static int
read_incident(const struct nw_export_incident *inc, void *arg)
{
	struct ctx *c = arg;
	struct nw_date *dates;
	struct rinc *ri;
	size_t i;

	if (inc->nreports == 0)
		return 0;
	if (c->ninc == c->inccap) {
		c->inccap = c->inccap == 0 ? 1024 : c->inccap * 2;
		c->inc = xreallocarray(c->inc, c->inccap, sizeof(*c->inc));
	}
	ri = &c->inc[c->ninc];
	memset(ri, 0, sizeof(*ri));
	dates = xcalloc(inc->nreports, sizeof(*dates));
	for (i = 0; i < inc->nreports; i++)
		dates[i] = inc->reports[i].row.date;
	nw_incident_date(dates, inc->nreports, &ri->date);
	free(dates);
	if (ri->date.prec < NW_PREC_MONTH) {
		c->undated++;
		return 0;
	}
	ri->id = inc->id;
	ri->qkey = ri->date.y * 4 + (ri->date.m - 1) / 3;
	ri->mkey = ri->date.y * 12 + ri->date.m - 1;
	if (c->qmin == -1 || ri->qkey < c->qmin)
		c->qmin = ri->qkey;
	if (ri->qkey > c->qmax)
		c->qmax = ri->qkey;
	ri->key = nw_arena_strdup(c->a, inc->key);
	if (c->o->all || (ri->qkey >= c->qlo && ri->qkey <= c->qhi))
		keep_details(c, ri, inc);
	else if (ri->qkey >= c->qlo - 8 && ri->qkey <= c->qhi) {
		/* the previous quarter needs its principles */
		ri->finds = nw_arena_alloc(c->a, (inc->nfindings + 1) *
		    sizeof(*ri->finds));
		ri->nfinds = inc->nfindings;
		for (i = 0; i < inc->nfindings; i++)
			ri->finds[i].pr = pr_find(c,
			    inc->findings[i].framework,
			    inc->findings[i].principle);
	}
	c->ninc++;
	return 0;
}

static int
read_feed(const struct nw_status_row *s, void *arg)
{
	struct ctx *c = arg;
	struct feedrow *f;

	if (s->kind == NULL || s->reports == 0)
		return 0;
	c->feeds = xreallocarray(c->feeds, c->nfeeds + 1, sizeof(*c->feeds));
	f = &c->feeds[c->nfeeds++];
	f->feed = xstrdup(s->feed);
	f->kind = xstrdup(s->kind);
	f->url = xstrdup(s->url != NULL ? s->url : "");
	f->last_success = xstrdup(s->last_success != NULL ?
	    s->last_success : "");
	f->reports = s->reports;
	return 0;
}

/* --- the content hash ----------------------------------------------------- */

static const char *const hash_sql[] = {
	"SELECT 'source', name, kind, url, publisher, tlp FROM source"
	" ORDER BY name",
	/* content_hash covers url, date, title, text and the extraction */
	"SELECT 'report', s.name, r.native_id, r.date_precision,"
	" r.sponsorship, r.content_hash"
	" FROM report r JOIN source s ON s.id = r.source_id"
	" ORDER BY s.name, r.native_id",
	"SELECT 'incident', key, rules_version FROM incident ORDER BY key",
	"SELECT 'incident_report', i.key, s.name, r.native_id"
	" FROM incident_report ir JOIN incident i ON i.id = ir.incident_id"
	" JOIN report r ON r.id = ir.report_id"
	" JOIN source s ON s.id = r.source_id ORDER BY 2, 3, 4",
	"SELECT 'finding', i.key, f.ord, f.framework, f.principle, f.rule,"
	" f.confidence FROM finding f JOIN incident i ON i.id = f.incident_id"
	" ORDER BY 2, 3",
	"SELECT 'evidence', i.key, e.finding_ord, e.ord, s.name, r.native_id,"
	" e.kind, e.source, e.off, e.len, e.text FROM evidence e"
	" JOIN incident i ON i.id = e.incident_id"
	" JOIN report r ON r.id = e.report_id"
	" JOIN source s ON s.id = r.source_id ORDER BY 2, 3, 4",
	"SELECT 'observance', i.key, o.role, o.state, o.supporter"
	" FROM observance o JOIN incident i ON i.id = o.incident_id"
	" ORDER BY 2, 3, 4",
	"SELECT 'actor', s.name, r.native_id, c.ord, a.name, a.state"
	" FROM report_actor_canon c JOIN report r ON r.id = c.report_id"
	" JOIN source s ON s.id = r.source_id JOIN actor a ON a.id = c.actor_id"
	" ORDER BY 2, 3, 4",
	"SELECT 'meta', key, value FROM meta WHERE key = 'rules_version'",
};

int
nw_report_store_hash(struct nw_store *store, char out[NW_SHA256_HEX],
    struct nw_error *err)
{
	sqlite3 *db = nw_store_db(store);
	sqlite3_stmt *st = NULL;
	struct sha256_ctx h;
	uint8_t d[SHA256_DIGEST_SIZE], pre[9];
	const unsigned char *v;
	size_t i, len;
	int k, ncol, step, rc = -1;

	sha256_init(&h);
	for (i = 0; i < NW_NELEM(hash_sql); i++) {
		if (sqlite3_prepare_v2(db, hash_sql[i], -1, &st, NULL) !=
		    SQLITE_OK) {
			nw_error_set(err, NW_E_STORE, "store hash: %s",
			    sqlite3_errmsg(db));
			goto out;
		}
		ncol = sqlite3_column_count(st);
		while ((step = sqlite3_step(st)) == SQLITE_ROW) {
			for (k = 0; k < ncol; k++) {
				/* type byte, 8-byte length, bytes */
				v = sqlite3_column_text(st, k);
				len = v != NULL ? (size_t)sqlite3_column_bytes(st,
				    k) : 0;
				pre[0] = v != NULL ? 's' : 'n';
				pre[1] = (uint8_t)(len >> 56);
				pre[2] = (uint8_t)(len >> 48);
				pre[3] = (uint8_t)(len >> 40);
				pre[4] = (uint8_t)(len >> 32);
				pre[5] = (uint8_t)(len >> 24);
				pre[6] = (uint8_t)(len >> 16);
				pre[7] = (uint8_t)(len >> 8);
				pre[8] = (uint8_t)len;
				sha256_update(&h, sizeof(pre), pre);
				if (len > 0)
					sha256_update(&h, len, v);
			}
		}
		if (step != SQLITE_DONE) {
			nw_error_set(err, NW_E_STORE, "store hash: %s",
			    sqlite3_errmsg(db));
			goto out;
		}
		sqlite3_finalize(st);
		st = NULL;
	}
	sha256_digest(&h, sizeof(d), d);
	for (i = 0; i < sizeof(d); i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
	rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}

int
nw_report_parse_quarter(const char *s, int *year, int *quarter)
{
	return nw_export_parse_quarter(s, year, quarter);
}

/* --- counting one quarter --------------------------------------------------- */

static struct stc *
stc_get(struct stc **v, size_t *n, const char *st)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (strcmp((*v)[i].st, st) == 0)
			return &(*v)[i];
	*v = xreallocarray(*v, *n + 1, sizeof(**v));
	memset(&(*v)[*n], 0, sizeof(**v));
	memcpy((*v)[*n].st, st, 3);
	return &(*v)[(*n)++];
}

static int
stc_cmp(const void *a, const void *b)
{
	const struct stc *x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->st, y->st);
}

static int
obc_cmp(const void *a, const void *b)
{
	const struct obc *x = a, *y = b;
	int r;

	if ((r = strcmp(x->role, y->role)) != 0)
		return r;
	if ((r = strcmp(x->supporter, y->supporter)) != 0)
		return -r;	/* yes, uncertain, no */
	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->st, y->st);
}

static const struct rinc *sort_base;

static int
date_cmp(const struct nw_date *a, const struct nw_date *b)
{
	if (a->y != b->y)
		return a->y < b->y ? -1 : 1;
	if (a->m != b->m)
		return a->m < b->m ? -1 : 1;
	if (a->d != b->d)
		return a->d < b->d ? -1 : 1;
	return 0;
}

static int
idx_cmp(const void *a, const void *b)
{
	const struct rinc *x = &sort_base[*(const size_t *)a];
	const struct rinc *y = &sort_base[*(const size_t *)b];
	int r;

	if ((r = date_cmp(&x->date, &y->date)) != 0)
		return r;
	return strcmp(x->key, y->key);
}

static int
has_pr(const struct rinc *ri, size_t p)
{
	size_t i;

	for (i = 0; i < ri->nfinds; i++)
		if (ri->finds[i].pr == p)
			return 1;
	return 0;
}

/* Was the state side asserted by some claim (and by a government)? */
static void
side_firmness(const struct nw_side *sd, int *asserted, int *government)
{
	size_t k;

	*asserted = *government = 0;
	for (k = 0; k < sd->nclaims; k++)
		if (sd->claims[k]->hedge == NW_HEDGE_ASSERTED) {
			*asserted = 1;
			if (sd->claims[k]->party == NW_PARTY_GOVERNMENT)
				*government = 1;
		}
}

static void
count_quarter(struct ctx *c, int qkey, struct agg *g)
{
	struct rinc *ri;
	struct stc *s;
	size_t i, k, p, f;
	int asserted, gov, m0, yes, no, unc, vyes, found;

	memset(g, 0, sizeof(*g));
	g->qkey = qkey;
	g->pr = xcalloc(c->npr + 1, sizeof(*g->pr));
	g->prprev = xcalloc(c->npr + 1, sizeof(*g->prprev));
	g->feedn = xcalloc(c->nfeeds + 1, sizeof(*g->feedn));
	g->idx = xcalloc(c->ninc + 1, sizeof(*g->idx));
	m0 = (qkey / 4) * 12 + (qkey % 4) * 3 + 3 - NW_REPORT_MONTHS;
	for (i = 0; i < c->ninc; i++) {
		ri = &c->inc[i];
		if (ri->mkey >= m0 && ri->mkey < m0 + NW_REPORT_MONTHS)
			g->months[ri->mkey - m0]++;
		if (ri->qkey == qkey - 1) {
			g->prev++;
			for (p = 0; p < c->npr; p++)
				g->prprev[p] += has_pr(ri, p);
		}
		if (ri->qkey == qkey - 4)
			g->yago++;
		if (ri->qkey != qkey)
			continue;
		g->idx[g->n++] = i;
		for (p = 0; p < c->npr; p++)
			g->pr[p] += has_pr(ri, p);
		for (k = 0; k < ri->sum.nstates; k++) {
			s = stc_get(&g->att, &g->natt, ri->sum.states[k].state);
			side_firmness(&ri->sum.states[k], &asserted, &gov);
			s->n++;
			s->asserted += asserted;
			s->government += gov;
			s->leading += ri->sum.states[k].leading;
		}
		for (k = 0; k < ri->nvictims; k++)
			stc_get(&g->vic, &g->nvic, ri->victims[k])->n++;
		for (k = 0; k < NW_SECTOR_COUNT; k++)
			if (ri->sectors & (1u << k))
				g->sectors[k]++;
		yes = no = unc = vyes = 0;
		for (k = 0; k < ri->nobs; k++) {
			const struct nw_observance_rec *o = &ri->obs[k];
			int att = strcmp(o->role, "attributed") == 0;

			if (att && strcmp(o->supporter, "yes") == 0)
				yes = 1;
			else if (att && strcmp(o->supporter, "no") == 0)
				no = 1;
			else if (att)
				unc = 1;
			else if (strcmp(o->supporter, "yes") == 0)
				vyes = 1;
			found = 0;
			for (f = 0; f < g->nobs; f++)
				if (strcmp(g->obs[f].role, o->role) == 0 &&
				    strcmp(g->obs[f].st, o->state) == 0 &&
				    strcmp(g->obs[f].supporter,
				    o->supporter) == 0) {
					g->obs[f].n++;
					found = 1;
				}
			if (!found) {
				g->obs = xreallocarray(g->obs, g->nobs + 1,
				    sizeof(*g->obs));
				g->obs[g->nobs].role = o->role;
				memcpy(g->obs[g->nobs].st, o->state, 3);
				g->obs[g->nobs].supporter = o->supporter;
				g->obs[g->nobs++].n = 1;
			}
		}
		g->att_yes += yes;
		g->att_no += no;
		g->att_unc += unc;
		g->vic_yes += vyes;
		for (k = 0; k < ri->nreps; k++)
			for (f = 0; f < c->nfeeds; f++)
				if (strcmp(c->feeds[f].feed,
				    ri->reps[k].feed) == 0)
					g->feedn[f]++;
	}
	sort_base = c->inc;
	qsort(g->idx, g->n, sizeof(*g->idx), idx_cmp);
	if (g->natt > 0)
		qsort(g->att, g->natt, sizeof(*g->att), stc_cmp);
	if (g->nvic > 0)
		qsort(g->vic, g->nvic, sizeof(*g->vic), stc_cmp);
	if (g->nobs > 0)
		qsort(g->obs, g->nobs, sizeof(*g->obs), obc_cmp);
	/* the heat map: the most attributed states x every principle */
	g->nheat = g->natt < NW_REPORT_HEAT_STATES ? g->natt :
	    NW_REPORT_HEAT_STATES;
	g->heat = xcalloc(g->nheat * c->npr + 1, sizeof(*g->heat));
	for (i = 0; i < g->n; i++) {
		ri = &c->inc[g->idx[i]];
		for (k = 0; k < ri->sum.nstates; k++)
			for (f = 0; f < g->nheat; f++)
				if (strcmp(g->att[f].st,
				    ri->sum.states[k].state) == 0)
					for (p = 0; p < c->npr; p++)
						g->heat[p * g->nheat + f] +=
						    has_pr(ri, p);
	}
}

static void
agg_free(struct agg *g)
{
	free(g->idx);
	free(g->pr);
	free(g->prprev);
	free(g->att);
	free(g->vic);
	free(g->obs);
	free(g->heat);
	free(g->feedn);
}

/* --- the page --------------------------------------------------------------- */

static const char css[] =
    ":root{color-scheme:light}"
    "body{font:16px/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,"
    "sans-serif;color:#1a1a1a;background:#fff;margin:0}"
    "header,main,footer{max-width:62rem;margin:0 auto;padding:0 1rem}"
    "a{color:#0b4f9c;overflow-wrap:anywhere}"
    ".skip{position:absolute;left:-999rem}"
    ".skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem}"
    "h1{font-size:1.6rem;line-height:1.25;margin:.5rem 0}"
    "h2{font-size:1.35rem;border-bottom:2px solid #1f4e79;"
    "margin-top:2.5rem}"
    "h3{font-size:1.15rem;margin-top:2rem}"
    ".kicker{margin:1rem 0 0;color:#444}"
    "nav ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;"
    "gap:.25rem 1rem}"
    ".big{font-size:2.2rem;font-weight:700;line-height:1.1;margin:.5rem 0}"
    ".cols{display:grid;grid-template-columns:repeat(auto-fit,"
    "minmax(min(100%,17rem),1fr));gap:0 2rem}"
    "figure{margin:1.5rem 0}"
    "figcaption{font-weight:700;margin-bottom:.25rem}"
    "svg{width:100%;height:auto;max-width:40rem;display:block}"
    ".tw{overflow-x:auto;max-width:100%}"
    "table{border-collapse:collapse;margin:.5rem 0;font-size:.95rem}"
    "caption{text-align:left;color:#444;font-size:.9rem}"
    "th,td{border:1px solid #c8c8c8;padding:.15rem .5rem;text-align:left;"
    "vertical-align:top}"
    "td{text-align:right;font-variant-numeric:tabular-nums}"
    "td.t{text-align:left}"
    "ol.incs{list-style:none;padding:0}"
    ".inc{border-left:4px solid #1f4e79;padding:.25rem .75rem;"
    "margin:1rem 0}"
    ".inc p{margin:.2rem 0}"
    ".tag{display:inline-block;border:1px solid currentColor;"
    "border-radius:.2rem;padding:0 .3rem;font-size:.85rem}"
    ".susp{color:#8a4b00}"
    ".meta{color:#444;font-size:.9rem}"
    "code,main p,main li{overflow-wrap:anywhere}"	/* long URLs as text */
    "blockquote{margin:.25rem 0 .25rem 1rem;color:#333}"
    "details{margin:.25rem 0}summary{cursor:pointer}"
    "footer{margin-top:3rem;padding-bottom:2rem;color:#444;"
    "font-size:.9rem}"
    "@media print{nav,.skip{display:none}body{font-size:11pt}"
    "a{color:#000}a[href^=\"http\"]::after{content:\" <\" attr(href) "
    "\">\";font-size:.8em;overflow-wrap:anywhere}.tw{overflow:visible}"
    "h2,h3{break-after:avoid}figure,.inc{break-inside:avoid}"
    "svg{max-width:16cm}}";

static void
page_head(struct nw_htmlw *w, const char *title)
{
	struct sha256_ctx h;
	uint8_t d[SHA256_DIGEST_SIZE];
	char b64[BASE64_ENCODE_RAW_LENGTH(SHA256_DIGEST_SIZE) + 1];
	char *csp;

	sha256_init(&h);
	sha256_update(&h, sizeof(css) - 1, (const uint8_t *)css);
	sha256_digest(&h, sizeof(d), d);
	base64_encode_raw(b64, sizeof(d), d);
	b64[sizeof(b64) - 1] = '\0';
	csp = xasprintf("default-src 'none'; script-src 'none'; "
	    "style-src 'sha256-%s'; img-src 'none'; connect-src 'none'; "
	    "base-uri 'none'; form-action 'none'", b64);
	nw_htmlw_raw(w, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n");
	nw_htmlw_open(w, "meta", "http-equiv", "Content-Security-Policy",
	    "content", csp, NULL);
	nw_htmlw_raw(w, "\n<meta name=\"viewport\" content=\"width=device-"
	    "width, initial-scale=1\">\n<meta name=\"referrer\" "
	    "content=\"no-referrer\">\n");
	nw_htmlw_elem(w, "title", title, NULL);
	nw_htmlw_raw(w, "\n<style>");
	nw_htmlw_raw(w, css);
	nw_htmlw_raw(w, "</style>\n</head>\n<body>\n<a class=\"skip\" "
	    "href=\"#main\">Skip to the report</a>\n");
	free(csp);
}

static void
page_foot(struct nw_htmlw *w, const struct ctx *c)
{
	nw_htmlw_raw(w, "<footer><p>Made by normwatch " PACKAGE_VERSION
	    " from public reporting, on ");
	nw_htmlw_text(w, c->generated);
	nw_htmlw_raw(w, ". No script, no external resource: this page "
	    "works offline.</p></footer>\n</body>\n</html>\n");
}

static void
change_text(struct nw_htmlw *w, long long now, long long then,
    const char *what, const char *q)
{
	if (now == then)
		nw_htmlw_textf(w, "unchanged from %s (%s, %lld)", what, q, then);
	else if (then == 0)
		nw_htmlw_textf(w, "%+lld from %lld in %s (%s)", now - then,
		    then, what, q);
	else
		nw_htmlw_textf(w, "%+lld (%+.0f%%) from %lld in %s (%s)",
		    now - then, 100.0 * (double)(now - then) / (double)then,
		    then, what, q);
}

static void
quarter_title(int qkey, char *buf, size_t sz)
{
	int q = qkey % 4;

	snprintf(buf, sz, "%s\xe2\x80\x93%s %d", month_names[q * 3],
	    month_names[q * 3 + 2], qkey / 4);
}

/* The principles ranked by incidents (then in rules order). */
static size_t *
pr_ranked(const struct ctx *c, const struct agg *g)
{
	size_t *r = xcalloc(c->npr + 1, sizeof(*r)), i, j, t;

	for (i = 0; i < c->npr; i++)
		r[i] = i;
	for (i = 1; i < c->npr; i++)
		for (j = i; j > 0 && g->pr[r[j]] > g->pr[r[j - 1]]; j--) {
			t = r[j];
			r[j] = r[j - 1];
			r[j - 1] = t;
		}
	return r;
}

static void
sec_headline(struct nw_htmlw *w, const struct ctx *c, const struct agg *g)
{
	char prevq[16], yq[16];
	size_t *rank, i;
	int any;

	qname(g->qkey - 1, prevq);
	qname(g->qkey - 4, yq);
	nw_htmlw_raw(w, "<section id=\"headline\" aria-labelledby=\"h-headline\">"
	    "<h2 id=\"h-headline\">Headline</h2>");
	nw_htmlw_rawf(w, "<p class=\"big\"><span id=\"n-incidents\">%zu</span>"
	    " incident%s</p><p>", g->n, g->n == 1 ? "" : "s");
	change_text(w, (long long)g->n, g->prev, "the previous quarter",
	    prevq);
	nw_htmlw_raw(w, "; ");
	change_text(w, (long long)g->n, g->yago, "the same quarter a year "
	    "before", yq);
	nw_htmlw_raw(w, ".");
	nw_htmlw_raw(w, "</p><div class=\"cols\"><div><h3>Principles most "
	    "violated</h3><ol>");
	rank = pr_ranked(c, g);
	any = 0;
	for (i = 0; i < c->npr && i < NW_REPORT_TOP; i++) {
		if (g->pr[rank[i]] == 0)
			break;
		any = 1;
		nw_htmlw_raw(w, "<li>");
		nw_htmlw_text(w, c->pr[rank[i]].full);
		nw_htmlw_textf(w, ": %lld incident%s", g->pr[rank[i]],
		    g->pr[rank[i]] == 1 ? "" : "s");
		nw_htmlw_raw(w, "</li>");
	}
	free(rank);
	if (!any)
		nw_htmlw_raw(w, "<li>none found</li>");
	nw_htmlw_raw(w, "</ol></div><div><h3>States most often named as "
	    "responsible</h3><ol>");
	for (i = 0; i < g->natt && i < NW_REPORT_TOP; i++) {
		const struct stc *s = &g->att[i];

		nw_htmlw_raw(w, "<li>");
		nw_htmlw_textf(w, "%s (%s): %lld incident%s; asserted in %lld "
		    "(by a government in %lld), only suspected in %lld; the "
		    "leading side in %lld", state_name(c, s->st), s->st, s->n,
		    s->n == 1 ? "" : "s", s->asserted, s->government,
		    s->n - s->asserted, s->leading);
		nw_htmlw_raw(w, "</li>");
	}
	if (g->natt == 0)
		nw_htmlw_raw(w, "<li>no source named a state</li>");
	nw_htmlw_raw(w, "</ol></div><div><h3>States most targeted</h3><ol>");
	for (i = 0; i < g->nvic && i < NW_REPORT_TOP; i++) {
		nw_htmlw_raw(w, "<li>");
		nw_htmlw_textf(w, "%s (%s): %lld incident%s",
		    state_name(c, g->vic[i].st), g->vic[i].st, g->vic[i].n,
		    g->vic[i].n == 1 ? "" : "s");
		nw_htmlw_raw(w, "</li>");
	}
	if (g->nvic == 0)
		nw_htmlw_raw(w, "<li>no victim state named</li>");
	nw_htmlw_raw(w, "</ol></div><div><h3>Sectors most targeted</h3><ol>");
	{
		long long best[NW_SECTOR_COUNT];
		int order[NW_SECTOR_COUNT], k, j, t;

		for (k = 0; k < NW_SECTOR_COUNT; k++) {
			order[k] = k;
			best[k] = g->sectors[k];
		}
		for (k = 1; k < NW_SECTOR_COUNT; k++)
			for (j = k; j > 0 && best[order[j]] >
			    best[order[j - 1]]; j--) {
				t = order[j];
				order[j] = order[j - 1];
				order[j - 1] = t;
			}
		any = 0;
		for (k = 0; k < NW_SECTOR_COUNT && k < NW_REPORT_TOP; k++) {
			if (best[order[k]] == 0)
				break;
			any = 1;
			nw_htmlw_raw(w, "<li>");
			nw_htmlw_textf(w, "%s: %lld incident%s",
			    nw_sector_name((enum nw_sector)order[k]),
			    best[order[k]], best[order[k]] == 1 ? "" : "s");
			nw_htmlw_raw(w, "</li>");
		}
		if (!any)
			nw_htmlw_raw(w, "<li>no sector named</li>");
	}
	nw_htmlw_raw(w, "</ol></div></div><p class=\"meta\">A state is "
	    "\xe2\x80\x9cnamed as responsible\xe2\x80\x9d when at least one "
	    "source links it to the attackers, firmly (asserted) or not "
	    "(suspected); see <a href=\"#method\">Methodology</a>.</p>"
	    "</section>\n");
}

static void
sec_charts(struct nw_htmlw *w, const struct ctx *c, const struct agg *g)
{
	struct nw_svg_chart ch;
	struct nw_svg_series s[2];
	const char **lab, **full, **cols;
	long long *v, *pv, *heat;
	char prevq[16], thisq[16], mlab[NW_REPORT_MONTHS][16];
	const char *ml[NW_REPORT_MONTHS];
	size_t i, n, k, nrows;
	int m0;

	qname(g->qkey, thisq);
	qname(g->qkey - 1, prevq);
	nw_htmlw_raw(w, "<section id=\"charts\" aria-labelledby=\"h-charts\">"
	    "<h2 id=\"h-charts\">Charts</h2>");

	/* incidents per principle, with the previous quarter */
	lab = xcalloc(c->npr + 1, sizeof(*lab));
	full = xcalloc(c->npr + 1, sizeof(*full));
	v = xcalloc(c->npr + 1, sizeof(*v));
	pv = xcalloc(c->npr + 1, sizeof(*pv));
	for (i = n = 0; i < c->npr; i++) {
		if (g->pr[i] == 0 && g->prprev[i] == 0)
			continue;
		lab[n] = c->pr[i].label;
		full[n] = c->pr[i].full;
		v[n] = g->pr[i];
		pv[n++] = g->prprev[i];
	}
	s[0].name = thisq;
	s[0].v = v;
	s[0].style = 0;
	s[1].name = prevq;
	s[1].v = pv;
	s[1].style = 1;
	memset(&ch, 0, sizeof(ch));
	ch.id = "c-principles";
	ch.title = "Incidents per principle, this quarter and the previous one";
	ch.desc = "Horizontal bars: for each principle, the incidents found to "
	    "violate it this quarter and, beside them, in the previous "
	    "quarter.";
	ch.xlabel = "Incidents";
	ch.ylabel = "Principle";
	ch.thead = "Principle";
	nw_svg_hbars(w, &ch, lab, full, n, s, 2);

	/* attributed state x principle */
	cols = xcalloc(g->nheat + 1, sizeof(*cols));
	for (k = 0; k < g->nheat; k++)
		cols[k] = g->att[k].st;
	heat = xcalloc(c->npr * g->nheat + 1, sizeof(*heat));
	for (i = nrows = 0; i < c->npr; i++) {
		if (g->pr[i] == 0)
			continue;
		lab[nrows] = c->pr[i].label;
		full[nrows] = c->pr[i].full;
		for (k = 0; k < g->nheat; k++)
			heat[nrows * g->nheat + k] = g->heat[i * g->nheat + k];
		nrows++;
	}
	ch.id = "c-heat";
	ch.title = "States named as responsible \xc3\x97 principles violated";
	ch.desc = "A heat map: for the states most often named as responsible "
	    "and each principle, the incidents of this quarter where a source "
	    "names the state and the incident violates the principle; every "
	    "cell shows its number.";
	ch.xlabel = "State named as responsible (ISO code)";
	ch.ylabel = "Principle";
	ch.thead = "Principle";
	nw_svg_heat(w, &ch, lab, full, g->nheat > 0 ? nrows : 0, cols,
	    g->nheat, heat);
	free(heat);
	free(cols);

	/* incidents per month, the last eight quarters */
	m0 = (g->qkey / 4) * 12 + (g->qkey % 4) * 3 + 3 - NW_REPORT_MONTHS;
	for (i = 0; i < NW_REPORT_MONTHS; i++) {
		snprintf(mlab[i], sizeof(mlab[i]), "%04d-%02d",
		    ((m0 + (int)i) / 12) % 10000, (m0 + (int)i) % 12 + 1);
		ml[i] = mlab[i];
	}
	ch.id = "c-months";
	ch.title = "Incidents per month over the last eight quarters";
	ch.desc = "Vertical bars, one per month, the last three of them this "
	    "quarter's (in orange).";
	ch.xlabel = "Month";
	ch.ylabel = "Incidents";
	ch.thead = "Month";
	nw_svg_vbars(w, &ch, ml, NW_REPORT_MONTHS, g->months, 3);

	/* victim sectors */
	for (i = n = 0; i < NW_SECTOR_COUNT; i++) {
		if (g->sectors[i] == 0)
			continue;
		lab[n] = nw_sector_name((enum nw_sector)i);
		v[n++] = g->sectors[i];
	}
	s[0].name = thisq;
	s[0].v = v;
	ch.id = "c-sectors";
	ch.title = "Victim sectors";
	ch.desc = "Horizontal bars: the incidents of this quarter that hit "
	    "each sector; an incident may hit several.";
	ch.xlabel = "Incidents";
	ch.ylabel = "Sector";
	ch.thead = "Sector";
	nw_svg_hbars(w, &ch, lab, NULL, n, s, 1);
	nw_htmlw_raw(w, "</section>\n");
	free(lab);
	free(full);
	free(v);
	free(pv);
}

static void
obs_list(struct nw_htmlw *w, const struct ctx *c, const struct agg *g,
    const char *role, const char *supporter)
{
	size_t i;
	int any = 0;

	for (i = 0; i < g->nobs; i++) {
		if (strcmp(g->obs[i].role, role) != 0 ||
		    strcmp(g->obs[i].supporter, supporter) != 0)
			continue;
		nw_htmlw_raw(w, any ? ", " : ": ");
		nw_htmlw_textf(w, "%s (%lld)", state_name(c, g->obs[i].st),
		    g->obs[i].n);
		any = 1;
	}
	if (!any)
		nw_htmlw_raw(w, ": none");
}

static void
sec_observance(struct nw_htmlw *w, const struct ctx *c, const struct agg *g)
{
	nw_htmlw_raw(w, "<section id=\"observance\" aria-labelledby="
	    "\"h-observance\"><h2 id=\"h-observance\">Observance of the Paris "
	    "Call</h2><p>Whether a state supported the Paris Call for Trust "
	    "and Security in Cyberspace on the date of the incident. An "
	    "incident can count in several lines: sources may name several "
	    "states.</p><ul>");
	nw_htmlw_rawf(w, "<li>Incidents attributed (asserted or suspected) to "
	    "a supporter state: <strong>%lld</strong>", g->att_yes);
	obs_list(w, c, g, "attributed", "yes");
	nw_htmlw_rawf(w, "</li><li>Incidents attributed to a state that had "
	    "not joined: <strong>%lld</strong>", g->att_no);
	obs_list(w, c, g, "attributed", "no");
	nw_htmlw_rawf(w, "</li><li>Incidents attributed to a state whose join "
	    "date cannot be placed before or after the incident: "
	    "<strong>%lld</strong>", g->att_unc);
	obs_list(w, c, g, "attributed", "uncertain");
	nw_htmlw_rawf(w, "</li><li>Incidents with a victim state that is a "
	    "supporter: <strong>%lld</strong>", g->vic_yes);
	obs_list(w, c, g, "victim", "yes");
	nw_htmlw_raw(w, "</li></ul></section>\n");
}

static const char *
claim_words(const struct nw_claim *cl)
{
	return cl->hedge == NW_HEDGE_SUSPECTED ? "suspected" : "asserted";
}

static int
same_claim(const struct nw_claim *a, const struct nw_claim *b)
{
	return a->hedge == b->hedge && a->party == b->party &&
	    strcmp(a->source, b->source) == 0;
}

static void
incident_item(struct nw_htmlw *w, const struct ctx *c, const struct rinc *ri,
    size_t p)
{
	const struct nw_side *sd;
	const struct rfind *f;
	const struct nw_rule *rule;
	char date[16];
	size_t i, k;

	nw_date_format(&ri->date, date);
	nw_htmlw_raw(w, "<li class=\"inc\"><p><strong>");
	nw_htmlw_text(w, date);
	nw_htmlw_raw(w, "</strong> \xe2\x80\x94 ");
	nw_htmlw_text(w, ri->summary);
	nw_htmlw_raw(w, "</p><p class=\"meta\">Incident ");
	nw_htmlw_textf(w, "%lld (", (long long)ri->id);
	nw_htmlw_text(w, ri->key);
	nw_htmlw_raw(w, "). Victims: ");
	for (i = 0; i < ri->nvictims; i++) {
		if (i > 0)
			nw_htmlw_raw(w, ", ");
		nw_htmlw_text(w, state_name(c, ri->victims[i]));
	}
	if (ri->nvictims == 0)
		nw_htmlw_raw(w, "none named");
	for (i = k = 0; i < NW_SECTOR_COUNT; i++)
		if (ri->sectors & (1u << i)) {
			nw_htmlw_raw(w, k++ == 0 ? "; sectors: " : ", ");
			nw_htmlw_text(w, nw_sector_name((enum nw_sector)i));
		}
	nw_htmlw_raw(w, ".</p><p>Attribution: ");
	nw_htmlw_elem(w, "span", nw_verdict_name(ri->sum.verdict), "class",
	    "tag", NULL);
	if (ri->sum.nstates == 0)
		nw_htmlw_raw(w, " no source names a state.");
	for (i = 0; i < ri->sum.nstates; i++) {
		sd = &ri->sum.states[i];
		nw_htmlw_raw(w, i == 0 ? " " : "; ");
		nw_htmlw_text(w, state_name(c, sd->state));
		nw_htmlw_raw(w, " \xe2\x80\x94 per ");
		for (k = 0; k < sd->nclaims; k++) {
			const struct nw_claim *cl = sd->claims[k];
			size_t j, same = 0;

			/* one claimant saying the same in several reports */
			for (j = 0; j < sd->nclaims; j++)
				if (same_claim(sd->claims[j], cl)) {
					if (j < k)
						break;
					same++;
				}
			if (j < k)
				continue;
			if (k > 0)
				nw_htmlw_raw(w, ", ");
			nw_htmlw_text(w, cl->source);
			nw_htmlw_textf(w, " (%s claim, ",
			    nw_party_name(cl->party));
			nw_htmlw_elem(w, "span", claim_words(cl), "class",
			    cl->hedge == NW_HEDGE_SUSPECTED ? "susp" : NULL,
			    NULL);
			if (same > 1)
				nw_htmlw_textf(w, ", in %zu reports", same);
			nw_htmlw_raw(w, ")");
		}
	}
	if (ri->sum.nstates > 0)
		nw_htmlw_raw(w, ".");
	for (i = 0; i < ri->sum.nactors; i++) {
		sd = &ri->sum.actors[i];
		nw_htmlw_raw(w, i == 0 ? " Actors named: " : ", ");
		nw_htmlw_text(w, sd->actor);
	}
	nw_htmlw_raw(w, "</p><p>Sources: ");
	for (i = 0; i < ri->nreps; i++) {
		const struct rrep *r = &ri->reps[i];
		char *t;

		nw_date_format(&r->date, date);
		t = xasprintf("[%zu] %s, %s%s%s", i + 1, r->publisher != NULL ?
		    r->publisher : r->feed, r->native_id,
		    date[0] != '\0' ? ", " : "", date);
		if (i > 0)
			nw_htmlw_raw(w, "; ");
		nw_htmlw_link(w, r->url, t);
		free(t);
	}
	nw_htmlw_raw(w, "</p><details><summary>Why it maps here: the rule and "
	    "its evidence</summary>");
	for (i = 0; i < ri->nfinds; i++) {
		f = &ri->finds[i];
		if (f->pr != p)
			continue;
		rule = c->o->rules != NULL ? nw_rules_find_rule(c->o->rules,
		    f->rule) : NULL;
		nw_htmlw_raw(w, "<p>Rule <code>");
		nw_htmlw_text(w, f->rule);
		nw_htmlw_raw(w, "</code>");
		nw_htmlw_textf(w, ", confidence %d", f->conf);
		if (rule != NULL) {
			const char *base = strrchr(rule->file, '/');

			nw_htmlw_textf(w, " (%s:%ld): ", base != NULL ? base + 1 :
			    rule->file, rule->line);
			nw_htmlw_text(w, rule->rationale);
		}
		nw_htmlw_raw(w, "</p>");
		for (k = 0; k < f->nev; k++) {
			nw_htmlw_raw(w, "<blockquote>");
			nw_htmlw_textf(w, "Report [%zu], %s: \xe2\x80\x9c",
			    f->ev[k].rep, f->ev[k].kind);
			nw_htmlw_text(w, f->ev[k].text);
			nw_htmlw_raw(w, "\xe2\x80\x9d</blockquote>");
		}
	}
	nw_htmlw_raw(w, "</details></li>\n");
}

static void
sec_principles(struct nw_htmlw *w, const struct ctx *c, const struct agg *g)
{
	size_t p, i;
	char hid[160];
	int any = 0;

	nw_htmlw_raw(w, "<section id=\"principles\" aria-labelledby="
	    "\"h-principles\"><h2 id=\"h-principles\">Incidents by principle"
	    "</h2><p>Each incident is listed under every principle it is "
	    "found to violate. A state a source only suspects is marked "
	    "<span class=\"susp\">suspected</span>: it is a claim, not a "
	    "fact.</p>");
	for (p = 0; p < c->npr; p++) {
		if (g->pr[p] == 0)
			continue;
		any = 1;
		snprintf(hid, sizeof(hid), "p-%zu", p);
		nw_htmlw_open(w, "h3", "id", hid, NULL);
		nw_htmlw_text(w, c->pr[p].fwname);
		nw_htmlw_raw(w, ", ");
		nw_htmlw_text(w, c->pr[p].id);
		if (c->pr[p].title[0] != '\0') {
			nw_htmlw_raw(w, ": ");
			nw_htmlw_text(w, c->pr[p].title);
		}
		nw_htmlw_textf(w, " (%lld)", g->pr[p]);
		nw_htmlw_raw(w, "</h3><ol class=\"incs\">");
		for (i = 0; i < g->n; i++)
			if (has_pr(&c->inc[g->idx[i]], p))
				incident_item(w, c, &c->inc[g->idx[i]], p);
		nw_htmlw_raw(w, "</ol>");
	}
	if (!any)
		nw_htmlw_raw(w, "<p>No incident of this quarter was found to "
		    "violate a principle.</p>");
	nw_htmlw_raw(w, "</section>\n");
}

static void
sec_method(struct nw_htmlw *w, const struct ctx *c, const struct agg *g,
    const char *q)
{
	size_t i;

	nw_htmlw_raw(w, "<section id=\"method\" aria-labelledby=\"h-method\">"
	    "<h2 id=\"h-method\">Methodology and caveats</h2>"
	    "<h3>Feeds</h3><div class=\"tw\" role=\"region\" aria-labelledby="
	    "\"t-feeds\" tabindex=\"0\"><table><caption id=\"t-feeds\">The "
	    "feeds in the store, when each was last fetched, and how many "
	    "reports each gave</caption><thead><tr><th scope=\"col\">Feed</th>"
	    "<th scope=\"col\">Kind</th><th scope=\"col\">Source</th>"
	    "<th scope=\"col\">Last fetched</th><th scope=\"col\">Reports in "
	    "the store</th><th scope=\"col\">Reports this quarter</th></tr>"
	    "</thead><tbody>");
	for (i = 0; i < c->nfeeds; i++) {
		nw_htmlw_raw(w, "<tr>");
		nw_htmlw_elem(w, "th", c->feeds[i].feed, "scope", "row", NULL);
		nw_htmlw_elem(w, "td", c->feeds[i].kind, "class", "t", NULL);
		nw_htmlw_raw(w, "<td class=\"t\">");
		nw_htmlw_link(w, c->feeds[i].url, "link");
		nw_htmlw_raw(w, "</td>");
		nw_htmlw_elem(w, "td", c->feeds[i].last_success[0] != '\0' ?
		    c->feeds[i].last_success : "never", "class", "t", NULL);
		nw_htmlw_rawf(w, "<td>%ld</td><td>%lld</td></tr>",
		    c->feeds[i].reports, g->feedn[i]);
	}
	nw_htmlw_raw(w, "</tbody></table></div><h3>How the numbers are made"
	    "</h3><p>Each feed is split into reports: one source's account "
	    "of one incident. Reports from different sources about the same "
	    "event are merged into one incident by their dates, victims, "
	    "named states and actors, links and shared words, and by curated "
	    "decisions; an incident's date is the earliest of its reports' "
	    "dates, and it belongs to the quarter of that date. ");
	nw_htmlw_textf(w, "%lld incident%s in the store %s only a year or no "
	    "date and %s in no quarter.", c->undated, c->undated == 1 ? "" :
	    "s", c->undated == 1 ? "has" : "have", c->undated == 1 ? "is" :
	    "are");
	nw_htmlw_raw(w, "</p><p>Attribution is what the sources say, never "
	    "normwatch's own judgement. Every claim keeps who makes it "
	    "(government, vendor, media, the attackers themselves, or "
	    "unspecified) and how firmly: <strong>asserted</strong> when the "
	    "source states it, <strong>suspected</strong> when it hedges "
	    "(\xe2\x80\x9clikely\xe2\x80\x9d, \xe2\x80\x9c" "believed to\xe2\x80"
	    "\x9d, \xe2\x80\x9csuspected\xe2\x80\x9d). The verdict of an "
	    "incident counts claimants (a source with one party): "
	    "<em>single-source</em> (one claimant), <em>consensus</em> (all "
	    "name the same state), <em>majority</em> (more than half do), "
	    "<em>disputed</em> (no state has more than half), "
	    "<em>unattributed</em> (no source names a state). Actors are "
	    "shown as named; an actor's sponsor is context, not a claim.</p>"
	    "<p>Principles are found by rules: patterns over the reports' "
	    "text, each with a confidence and evidence. A finding says the "
	    "reporting describes conduct a principle forbids; it is not a "
	    "legal finding. Reporting is uneven: incidents against "
	    "well-covered countries and sectors are over-represented, and "
	    "changes between quarters can reflect coverage as much as "
	    "conduct.</p><h3>Reproducing this page</h3><ul><li>Rules version: "
	    "<code>");
	nw_htmlw_text(w, c->rules_version != NULL ? c->rules_version :
	    "none recorded");
	nw_htmlw_raw(w, "</code></li><li>Store content hash (SHA-256 of a "
	    "dump of sources, reports, incidents, findings, evidence and "
	    "observance; see normwatch(1)): <code id=\"store-hash\">");
	nw_htmlw_text(w, c->hash);
	nw_htmlw_raw(w, "</code></li><li>Generated: <time>");
	nw_htmlw_text(w, c->generated);
	nw_htmlw_raw(w, "</time>, by <code>normwatch report --quarter ");
	nw_htmlw_text(w, q);
	nw_htmlw_raw(w, "</code></li></ul><h3>For researchers</h3><ul><li>");
	{
		char *h = xasprintf("%s/incidents.csv", q);

		nw_htmlw_link_local(w, h, "incidents.csv");
		free(h);
		nw_htmlw_raw(w, ": one row per incident</li><li>");
		h = xasprintf("%s/report.json", q);
		nw_htmlw_link_local(w, h, "report.json");
		free(h);
		nw_htmlw_raw(w, ": the numbers of this page</li>");
		if (!c->o->no_stix) {
			nw_htmlw_raw(w, "<li>");
			h = xasprintf("%s/bundle.stix.json", q);
			nw_htmlw_link_local(w, h, "bundle.stix.json");
			free(h);
			nw_htmlw_raw(w, ": the quarter as a STIX 2.1 bundle"
			    "</li>");
		}
	}
	nw_htmlw_raw(w, "</ul></section>\n");
}

static int
write_page(struct ctx *c, const struct agg *g, const char *q,
    struct nw_buf *b, struct nw_error *err)
{
	struct nw_htmlw w;
	char title[160], qt[64];

	nw_htmlw_init(&w, b);
	quarter_title(g->qkey, qt, sizeof(qt));
	snprintf(title, sizeof(title), "Cyber incidents and the norms they "
	    "break, %s (%s)", qt, q);
	page_head(&w, title);
	nw_htmlw_raw(&w, "<header><p class=\"kicker\">normwatch quarterly "
	    "exposure report</p>");
	nw_htmlw_elem(&w, "h1", title, NULL);
	nw_htmlw_raw(&w, "<nav aria-label=\"Sections\"><ul>"
	    "<li><a href=\"#headline\">Headline</a></li>"
	    "<li><a href=\"#charts\">Charts</a></li>"
	    "<li><a href=\"#observance\">Observance</a></li>"
	    "<li><a href=\"#principles\">Incidents by principle</a></li>"
	    "<li><a href=\"#method\">Methodology</a></li>");
	if (c->o->all)
		nw_htmlw_raw(&w, "<li><a href=\"index.html\">All quarters</a>"
		    "</li>");
	nw_htmlw_raw(&w, "</ul></nav></header>\n<main id=\"main\">\n");
	sec_headline(&w, c, g);
	sec_charts(&w, c, g);
	sec_observance(&w, c, g);
	sec_principles(&w, c, g);
	sec_method(&w, c, g, q);
	nw_htmlw_raw(&w, "</main>\n");
	page_foot(&w, c);
	if (nw_htmlw_done(&w) == -1)
		return nw_error_set(err, NW_E_LIMIT, "the page of %s would be "
		    "over %u bytes", q, NW_REPORT_MAX_PAGE);
	return 0;
}

/* --- CSV and JSON ----------------------------------------------------------- */

/* One CSV field (RFC 4180); text a spreadsheet would run as a formula
 * gets a leading apostrophe. */
static int
csv_field(struct nw_buf *b, const char *s, int last)
{
	int rc = 0;

	if (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
	    s[0] == '\t' || s[0] == '\r')
		rc |= nw_buf_adds(b, "\"'");
	else
		rc |= nw_buf_addc(b, '"');
	for (; *s != '\0'; s++) {
		if (*s == '"')
			rc |= nw_buf_addc(b, '"');
		rc |= nw_buf_addc(b, *s);
	}
	rc |= nw_buf_adds(b, last ? "\"\r\n" : "\",");
	return rc != 0 ? -1 : 0;
}

static int
write_csv(const struct ctx *c, const struct agg *g, const char *q,
    struct nw_buf *b)
{
	struct nw_buf f;
	const struct rinc *ri;
	char date[16];
	size_t i, k, j;
	int rc = 0;

	nw_buf_init(&f, NW_REPORT_MAX_FILE);
	rc |= nw_buf_adds(b, "quarter,incident,key,date,date_precision,"
	    "summary,victims,sectors,verdict,states_named,actors_named,"
	    "principles,sources\r\n");
	for (i = 0; i < g->n; i++) {
		ri = &c->inc[g->idx[i]];
		nw_date_format(&ri->date, date);
		rc |= nw_buf_addf(b, "%s,%lld,", q, (long long)ri->id);
		rc |= csv_field(b, ri->key, 0);
		rc |= nw_buf_addf(b, "%s,%s,", date, nw_prec_name(ri->date.prec));
		rc |= csv_field(b, ri->summary, 0);
		nw_buf_reset(&f);
		for (k = 0; k < ri->nvictims; k++)
			rc |= nw_buf_addf(&f, "%s%s", k ? ";" : "",
			    ri->victims[k]);
		rc |= nw_buf_addf(&f, "%s", "");
		rc |= csv_field(b, f.data, 0);
		nw_buf_reset(&f);
		for (k = j = 0; k < NW_SECTOR_COUNT; k++)
			if (ri->sectors & (1u << k))
				rc |= nw_buf_addf(&f, "%s%s", j++ ? ";" : "",
				    nw_sector_name((enum nw_sector)k));
		rc |= nw_buf_addf(&f, "%s", "");
		rc |= csv_field(b, f.data, 0);
		rc |= nw_buf_addf(b, "%s,", nw_verdict_name(ri->sum.verdict));
		/* RU:asserted:government|suspected:vendor;CN:... */
		nw_buf_reset(&f);
		for (k = 0; k < ri->sum.nstates; k++) {
			const struct nw_side *sd = &ri->sum.states[k];

			rc |= nw_buf_addf(&f, "%s%s%s", k ? ";" : "", sd->state,
			    sd->leading ? "(leading)" : "");
			for (j = 0; j < sd->nclaims; j++)
				rc |= nw_buf_addf(&f, "%s%s/%s/%s", j ? "|" :
				    ":", sd->claims[j]->source,
				    nw_party_name(sd->claims[j]->party),
				    nw_hedge_name(sd->claims[j]->hedge));
		}
		rc |= nw_buf_addf(&f, "%s", "");
		rc |= csv_field(b, f.data, 0);
		nw_buf_reset(&f);
		for (k = 0; k < ri->sum.nactors; k++)
			rc |= nw_buf_addf(&f, "%s%s", k ? ";" : "",
			    ri->sum.actors[k].actor);
		rc |= nw_buf_addf(&f, "%s", "");
		rc |= csv_field(b, f.data, 0);
		nw_buf_reset(&f);
		for (k = j = 0; k < c->npr; k++)
			if (has_pr(ri, k))
				rc |= nw_buf_addf(&f, "%s%s:%s", j++ ? ";" : "",
				    c->pr[k].fw, c->pr[k].id);
		rc |= nw_buf_addf(&f, "%s", "");
		rc |= csv_field(b, f.data, 0);
		nw_buf_reset(&f);
		for (k = 0; k < ri->nreps; k++)
			rc |= nw_buf_addf(&f, "%s%s", k ? " " : "",
			    ri->reps[k].url);
		rc |= nw_buf_addf(&f, "%s", "");
		rc |= csv_field(b, f.data, 1);
	}
	nw_buf_free(&f);
	return rc != 0 ? -1 : 0;
}

static void
json_states(struct nw_jsonw *j, const struct stc *v, size_t n, int full)
{
	size_t i;

	nw_jsonw_arr_begin(j);
	for (i = 0; i < n; i++) {
		nw_jsonw_obj_begin(j);
		if (full) {
			nw_jsonw_kint(j, "asserted", v[i].asserted);
			nw_jsonw_kint(j, "government_asserted",
			    v[i].government);
		}
		nw_jsonw_kint(j, "incidents", v[i].n);
		if (full) {
			nw_jsonw_kint(j, "leading", v[i].leading);
			nw_jsonw_kint(j, "only_suspected",
			    v[i].n - v[i].asserted);
		}
		nw_jsonw_kstr(j, "state", v[i].st);
		nw_jsonw_obj_end(j);
	}
	nw_jsonw_arr_end(j);
}

static int
write_json(const struct ctx *c, const struct agg *g, const char *q,
    struct nw_buf *b, struct nw_error *err)
{
	struct nw_jsonw j;
	const char *why;
	char prevq[16], yq[16], m[16];
	size_t i, k;
	int m0;

	qname(g->qkey - 1, prevq);
	qname(g->qkey - 4, yq);
	nw_jsonw_init(&j, b);
	nw_jsonw_obj_begin(&j);
	nw_jsonw_key(&j, "feeds");
	nw_jsonw_arr_begin(&j);
	for (i = 0; i < c->nfeeds; i++) {
		nw_jsonw_obj_begin(&j);
		nw_jsonw_kstr(&j, "feed", c->feeds[i].feed);
		nw_jsonw_kstr(&j, "kind", c->feeds[i].kind);
		nw_jsonw_kstr(&j, "last_fetched", c->feeds[i].last_success);
		nw_jsonw_kint(&j, "reports", c->feeds[i].reports);
		nw_jsonw_kint(&j, "reports_in_quarter", g->feedn[i]);
		nw_jsonw_kstr(&j, "url", c->feeds[i].url);
		nw_jsonw_obj_end(&j);
	}
	nw_jsonw_arr_end(&j);
	nw_jsonw_kstr(&j, "generated", c->generated);
	nw_jsonw_key(&j, "heatmap");
	nw_jsonw_obj_begin(&j);
	nw_jsonw_key(&j, "cells");
	nw_jsonw_arr_begin(&j);
	for (i = 0; i < c->npr; i++) {
		if (g->pr[i] == 0)
			continue;
		for (k = 0; k < g->nheat; k++) {
			nw_jsonw_obj_begin(&j);
			nw_jsonw_kstr(&j, "framework", c->pr[i].fw);
			nw_jsonw_kint(&j, "incidents",
			    g->heat[i * g->nheat + k]);
			nw_jsonw_kstr(&j, "principle", c->pr[i].id);
			nw_jsonw_kstr(&j, "state", g->att[k].st);
			nw_jsonw_obj_end(&j);
		}
	}
	nw_jsonw_arr_end(&j);
	nw_jsonw_obj_end(&j);
	nw_jsonw_key(&j, "incidents");
	nw_jsonw_obj_begin(&j);
	nw_jsonw_kint(&j, "count", (long long)g->n);
	nw_jsonw_kint(&j, "previous_quarter", g->prev);
	nw_jsonw_kstr(&j, "previous_quarter_name", prevq);
	nw_jsonw_kint(&j, "same_quarter_year_before", g->yago);
	nw_jsonw_kstr(&j, "same_quarter_year_before_name", yq);
	nw_jsonw_kint(&j, "undated_in_store", c->undated);
	nw_jsonw_obj_end(&j);
	nw_jsonw_key(&j, "monthly");
	nw_jsonw_arr_begin(&j);
	m0 = (g->qkey / 4) * 12 + (g->qkey % 4) * 3 + 3 - NW_REPORT_MONTHS;
	for (i = 0; i < NW_REPORT_MONTHS; i++) {
		snprintf(m, sizeof(m), "%04d-%02d", ((m0 + (int)i) / 12) %
		    10000, (m0 + (int)i) % 12 + 1);
		nw_jsonw_obj_begin(&j);
		nw_jsonw_kint(&j, "incidents", g->months[i]);
		nw_jsonw_kstr(&j, "month", m);
		nw_jsonw_obj_end(&j);
	}
	nw_jsonw_arr_end(&j);
	nw_jsonw_key(&j, "observance");
	nw_jsonw_obj_begin(&j);
	nw_jsonw_kint(&j, "attributed_not_joined", g->att_no);
	nw_jsonw_kint(&j, "attributed_supporter", g->att_yes);
	nw_jsonw_kint(&j, "attributed_uncertain", g->att_unc);
	nw_jsonw_key(&j, "states");
	nw_jsonw_arr_begin(&j);
	for (i = 0; i < g->nobs; i++) {
		nw_jsonw_obj_begin(&j);
		nw_jsonw_kint(&j, "incidents", g->obs[i].n);
		nw_jsonw_kstr(&j, "role", g->obs[i].role);
		nw_jsonw_kstr(&j, "state", g->obs[i].st);
		nw_jsonw_kstr(&j, "supporter", g->obs[i].supporter);
		nw_jsonw_obj_end(&j);
	}
	nw_jsonw_arr_end(&j);
	nw_jsonw_kint(&j, "victim_supporter", g->vic_yes);
	nw_jsonw_obj_end(&j);
	nw_jsonw_key(&j, "principles");
	nw_jsonw_arr_begin(&j);
	for (i = 0; i < c->npr; i++) {
		nw_jsonw_obj_begin(&j);
		nw_jsonw_kstr(&j, "framework", c->pr[i].fw);
		nw_jsonw_kint(&j, "incidents", g->pr[i]);
		nw_jsonw_kint(&j, "previous_quarter", g->prprev[i]);
		nw_jsonw_kstr(&j, "principle", c->pr[i].id);
		nw_jsonw_kstr(&j, "title", c->pr[i].title);
		nw_jsonw_obj_end(&j);
	}
	nw_jsonw_arr_end(&j);
	nw_jsonw_kstr(&j, "quarter", q);
	nw_jsonw_kstr(&j, "rules_version", c->rules_version != NULL ?
	    c->rules_version : "");
	nw_jsonw_key(&j, "sectors");
	nw_jsonw_arr_begin(&j);
	for (i = 0; i < NW_SECTOR_COUNT; i++) {
		if (g->sectors[i] == 0)
			continue;
		nw_jsonw_obj_begin(&j);
		nw_jsonw_kint(&j, "incidents", g->sectors[i]);
		nw_jsonw_kstr(&j, "sector", nw_sector_name((enum nw_sector)i));
		nw_jsonw_obj_end(&j);
	}
	nw_jsonw_arr_end(&j);
	nw_jsonw_key(&j, "states_named");
	json_states(&j, g->att, g->natt, 1);
	nw_jsonw_kstr(&j, "store_sha256", c->hash);
	nw_jsonw_key(&j, "victims");
	json_states(&j, g->vic, g->nvic, 0);
	nw_jsonw_obj_end(&j);
	if (nw_jsonw_done(&j, &why) == -1)
		return nw_error_set(err, NW_E_INTERNAL, "report.json of %s: %s",
		    q, why);
	if (nw_buf_addc(b, '\n') == -1)
		return nw_error_set(err, NW_E_LIMIT, "report.json of %s is too "
		    "big", q);
	return 0;
}

/* --- files -------------------------------------------------------------------- */

static int
put_file(const char *dir, const char *name, struct nw_buf *b,
    struct nw_report_stats *st, struct nw_error *err)
{
	char *path = xasprintf("%s/%s", dir, name);
	int rc;

	rc = nw_write_file_atomic(path, b->data != NULL ? b->data : "",
	    b->len, err);
	free(path);
	if (rc == 0)
		st->files++;
	return rc;
}

static int
write_stix(struct ctx *c, int qkey, const char *dir,
    struct nw_report_stats *st, struct nw_error *err)
{
	struct nw_export_opts eo;
	char *data = NULL, *path = NULL;
	size_t len = 0;
	FILE *fp;
	int rc = -1;

	memset(&eo, 0, sizeof(eo));
	eo.year = qkey / 4;
	eo.quarter = qkey % 4 + 1;
	eo.ref = c->o->ref;
	if ((fp = open_memstream(&data, &len)) == NULL) {
		nw_error_set(err, NW_E_IO, "open_memstream failed");
		goto out;
	}
	if (nw_export_stix(c->store, &eo, fp, NULL, err) == -1) {
		fclose(fp);
		goto out;
	}
	if (fclose(fp) == EOF) {
		nw_error_set(err, NW_E_IO, "cannot write the STIX bundle");
		goto out;
	}
	path = xasprintf("%s/bundle.stix.json", dir);
	if (nw_write_file_atomic(path, data, len, err) == -1)
		goto out;
	st->files++;
	rc = 0;
out:
	free(data);
	free(path);
	return rc;
}

static int
write_quarter(struct ctx *c, int qkey, struct nw_report_stats *st,
    struct nw_error *err)
{
	struct agg g;
	struct nw_buf b;
	char q[16], *name = NULL, *sub = NULL;
	int rc = -1;

	qname(qkey, q);
	count_quarter(c, qkey, &g);
	nw_buf_init(&b, NW_REPORT_MAX_PAGE);
	sub = xasprintf("%s/%s", c->o->outdir, q);
	if (nw_mkdirs(sub, 0, err) == -1)
		goto out;
	if (write_page(c, &g, q, &b, err) == -1)
		goto out;
	name = xasprintf("%s.html", q);
	if (put_file(c->o->outdir, name, &b, st, err) == -1)
		goto out;
	nw_buf_free(&b);
	nw_buf_init(&b, NW_REPORT_MAX_FILE);
	if (write_csv(c, &g, q, &b) == -1) {
		nw_error_set(err, NW_E_LIMIT, "incidents.csv of %s is too big",
		    q);
		goto out;
	}
	if (put_file(sub, "incidents.csv", &b, st, err) == -1)
		goto out;
	nw_buf_free(&b);
	nw_buf_init(&b, NW_REPORT_MAX_FILE);
	if (write_json(c, &g, q, &b, err) == -1 ||
	    put_file(sub, "report.json", &b, st, err) == -1)
		goto out;
	if (!c->o->no_stix && write_stix(c, qkey, sub, st, err) == -1)
		goto out;
	st->quarters++;
	st->incidents += (long long)g.n;
	rc = 0;
out:
	nw_buf_free(&b);
	agg_free(&g);
	free(name);
	free(sub);
	return rc;
}

static int
write_index(struct ctx *c, struct nw_report_stats *st, struct nw_error *err)
{
	struct nw_htmlw w;
	struct nw_buf b;
	long long *n;
	char q[16], qt[64], *href;
	size_t i;
	int k, rc = -1;

	n = xcalloc((size_t)(c->qmax - c->qmin + 1), sizeof(*n));
	for (i = 0; i < c->ninc; i++)
		n[c->inc[i].qkey - c->qmin]++;
	nw_buf_init(&b, NW_REPORT_MAX_PAGE);
	nw_htmlw_init(&w, &b);
	page_head(&w, "normwatch: quarterly exposure reports");
	nw_htmlw_raw(&w, "<header><p class=\"kicker\">normwatch</p><h1>"
	    "Quarterly exposure reports</h1></header>\n<main id=\"main\">"
	    "<p>Cyber incidents in public reporting, the norms of responsible "
	    "state behaviour they break, and who is said to be behind them: "
	    "one report per quarter, newest first.</p><div class=\"tw\" "
	    "role=\"region\" aria-labelledby=\"t-q\" tabindex=\"0\"><table>"
	    "<caption id=\"t-q\">Quarters and their incidents</caption><thead>"
	    "<tr><th scope=\"col\">Quarter</th><th scope=\"col\">Incidents"
	    "</th></tr></thead><tbody>");
	for (k = c->qmax; k >= c->qmin; k--) {
		qname(k, q);
		quarter_title(k, qt, sizeof(qt));
		href = xasprintf("%s.html", q);
		nw_htmlw_raw(&w, "<tr><th scope=\"row\">");
		nw_htmlw_link_local(&w, href, q);
		nw_htmlw_raw(&w, " ");
		nw_htmlw_text(&w, qt);
		nw_htmlw_rawf(&w, "</th><td>%lld</td></tr>", n[k - c->qmin]);
		free(href);
	}
	nw_htmlw_raw(&w, "</tbody></table></div>");
	nw_htmlw_textf(&w, "%lld incident%s in the store %s only a year or no "
	    "date and %s in no quarter.", c->undated, c->undated == 1 ? "" :
	    "s", c->undated == 1 ? "has" : "have", c->undated == 1 ? "is" :
	    "are");
	nw_htmlw_raw(&w, "</main>\n");
	page_foot(&w, c);
	if (nw_htmlw_done(&w) == -1) {
		nw_error_set(err, NW_E_LIMIT, "index.html is too big");
		goto out;
	}
	if (put_file(c->o->outdir, "index.html", &b, st, err) == -1)
		goto out;
	rc = 0;
out:
	nw_buf_free(&b);
	free(n);
	return rc;
}

int
nw_report_write(struct nw_store *store, const struct nw_report_opts *o,
    struct nw_report_stats *stats, struct nw_error *err)
{
	struct nw_report_stats st;
	struct ctx c;
	size_t i;
	int k, snap = 0, rc = -1;

	memset(&st, 0, sizeof(st));
	memset(&c, 0, sizeof(c));
	c.store = store;
	c.o = o;
	c.a = nw_arena_new();
	c.qmin = c.qmax = -1;
	c.qlo = c.qhi = o->year * 4 + o->quarter - 1;
	if (o->generated != NULL)
		nw_strlcpy(c.generated, o->generated, sizeof(c.generated));
	else
		nw_now_rfc3339(c.generated);
	pr_from_rules(&c);
	if (nw_mkdirs(o->outdir, 0, err) == -1)
		goto out;
	if (nw_store_snapshot_begin(store, err) == -1)
		goto out;
	snap = 1;
	if (nw_store_each_export_incident(store, read_incident, &c, err) == -1 ||
	    nw_store_each_status(store, read_feed, &c, err) == -1 ||
	    nw_report_store_hash(store, c.hash, err) == -1 ||
	    nw_store_meta_get(store, "rules_version", &c.rules_version,
	    err) == -1)
		goto out;
	/* the STIX export reads in a snapshot of its own */
	nw_store_snapshot_end(store);
	snap = 0;
	if (o->all) {
		if (c.qmin == -1) {
			nw_error_set(err, NW_E_DATA, "the store holds no dated "
			    "incident: no quarter to report");
			goto out;
		}
		if (c.qmax - c.qmin >= NW_REPORT_MAX_QUARTERS) {
			nw_error_set(err, NW_E_LIMIT, "%d quarters, more than "
			    "the %d one report may write", c.qmax - c.qmin + 1,
			    NW_REPORT_MAX_QUARTERS);
			goto out;
		}
		for (k = c.qmin; k <= c.qmax; k++)
			if (write_quarter(&c, k, &st, err) == -1)
				goto out;
		if (write_index(&c, &st, err) == -1)
			goto out;
	} else if (write_quarter(&c, c.qlo, &st, err) == -1)
		goto out;
	rc = 0;
out:
	if (snap)
		nw_store_snapshot_end(store);
	if (stats != NULL)
		*stats = st;
	for (i = 0; i < c.nfeeds; i++) {
		free(c.feeds[i].feed);
		free(c.feeds[i].kind);
		free(c.feeds[i].url);
		free(c.feeds[i].last_success);
	}
	free(c.feeds);
	free(c.inc);
	free(c.pr);
	free(c.rules_version);
	nw_arena_free(c.a);
	return rc;
}
