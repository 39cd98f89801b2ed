/*
 * map.h - incidents to norms: run the rules (norms.h) over an incident's
 * reports and keep what they find in the store: the findings with their
 * evidence, and the observance of the Paris Call by the incident's
 * attributed and victim states on its date (observance.h).
 *
 * Ingest maps each incident whose reports are new or changed; remap maps
 * them all, after a change of rules.  The same store and rules always give
 * the same findings.
 */
#ifndef NORMWATCH_MAP_H
#define NORMWATCH_MAP_H

#include <stdint.h>

#include "normwatch/error.h"
#include "normwatch/norms.h"
#include "normwatch/observance.h"
#include "normwatch/report.h"
#include "normwatch/store.h"

#define NW_META_RULES_VERSION	"rules_version"	/* store meta key */

struct nw_mapctx;

/*
 * A mapping context over store, rules and supporters (supporters may be
 * NULL: no observance is recorded).  All three must outlive it.
 */
struct nw_mapctx *nw_mapctx_new(struct nw_store *store,
		    const struct nw_rules *rules,
		    const struct nw_supporters *supporters, struct nw_error *err);
void		 nw_mapctx_free(struct nw_mapctx *);

/*
 * Map incident from the reports the store holds for it, and store the
 * result (in an open transaction).  Pattern limits hit by a rule are
 * logged as warnings naming the incident; they do not fail the mapping.
 */
int	nw_map_incident(struct nw_mapctx *, int64_t incident,
	    struct nw_error *err) NW_WUR;

/*
 * The same for a new incident, created in this transaction, whose reports
 * the caller holds (ingest, when a report founds its own incident):
 * reports[i] was stored as report_ids[i].
 */
int	nw_map_reports(struct nw_mapctx *, int64_t incident,
	    const struct nw_report *const *reports, const int64_t *report_ids,
	    size_t n, struct nw_error *err) NW_WUR;

/* An incident's reports as read from the store, for explain. */
struct nw_explained {
	const struct nw_map_result	*res;		/* with near misses */
	struct nw_report_row		*reports;	/* in id order */
	size_t				 nreports;
	struct nw_date			 date;		/* the incident's */
};

/*
 * Evaluate incident again with near misses, without storing anything.
 * The result lives until the next call on ctx.  Returns 0, 1 when there
 * is no such incident, -1 with *err.
 */
int	nw_map_explain(struct nw_mapctx *, int64_t incident,
	    struct nw_explained *out, struct nw_error *err);

/* The date of an incident: the earliest of its reports' dates. */
void	nw_incident_date(const struct nw_date *dates, size_t n,
	    struct nw_date *out);

#endif
