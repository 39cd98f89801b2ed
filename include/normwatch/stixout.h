/*
 * stixout.h - `normwatch export`: the store as one STIX 2.1 bundle
 * (src/output/stix_out.c).  The model (which objects, their ids, their
 * timestamps) is docs/design.md, "STIX model"; in short:
 *
 *   normwatch's identity, the OASIS identity and Incident Core Extension
 *   definition, and normwatch's extension definition, always;
 *   one incident per incident (Incident Core Extension and normwatch's
 *   extension), each followed by its claim relationships: attributed-to
 *   an intrusion-set (a named actor, or the unnamed operators of an
 *   accused state) and targets an identity (a victim state's people and
 *   organisations), created by the claiming source's identity;
 *   the shared objects those refer to (publisher identities, locations,
 *   nation-state threat-actors and the relationships between them);
 *   one report per quarter listing that quarter's objects;
 *   for a whole-store export, the objects stix feeds keep as they are.
 *
 * Everything is written as canonical JSON (keys in byte order), in a fixed
 * order, with UUIDv5 ids of content keys, so two exports of one store are
 * byte-identical.  The bundle is streamed: one object is in memory at a
 * time, plus the ids each quarter's report lists.
 */
#ifndef NORMWATCH_STIXOUT_H
#define NORMWATCH_STIXOUT_H

#include <stdio.h>

#include "normwatch/error.h"
#include "normwatch/refdata.h"
#include "normwatch/report.h"
#include "normwatch/store.h"

struct nw_export_opts {
	int			 year;		/* --quarter YYYYQn: the year, */
	int			 quarter;	/* and 1-4; 0 for no --quarter */
	struct nw_date		 since;		/* --since: a day; prec NONE for
						   none */
	const struct nw_refdata	*ref;		/* state names and canonical
						   actor names, or NULL */
};

struct nw_export_stats {
	long long	objects;	/* objects written */
	long long	incidents;	/* of which incidents */
	long long	kept;		/* of which objects kept from stix feeds */
	long long	dropped;	/* kept objects left out: they refer to
					   objects the bundle does not hold */
};

/*
 * Write the bundle to out.  Returns 0, or -1 with *err set (NW_E_IO when
 * out cannot be written, NW_E_STORE, NW_E_INTERNAL for an object that
 * would not be canonical JSON).  stats may be NULL.
 */
int	nw_export_stix(struct nw_store *, const struct nw_export_opts *,
	    FILE *out, struct nw_export_stats *stats, struct nw_error *err);

/* Parse "YYYYQn" into year and quarter: 0, or -1. */
int	nw_export_parse_quarter(const char *s, int *year, int *quarter);

#endif
