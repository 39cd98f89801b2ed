/*
 * refdata.h - reference tables: states with their names, demonyms,
 * capitals and agencies (feeds/reference/states.tsv, derived from
 * ISO 3166 names and the demonym fact table; see its header lines).
 *
 * Loaded once per run from DATADIR/reference.  Strings belong to the
 * nw_refdata and live until nw_refdata_free.
 */
#ifndef NORMWATCH_REFDATA_H
#define NORMWATCH_REFDATA_H

#include <stddef.h>

#include "normwatch/error.h"

struct nw_state {
	char		  iso2[3];	/* ISO 3166-1 alpha-2 */
	const char	 *name;		/* short English name: "Iran" */
	const char *const *names;	/* other names of the country itself
					   ("Islamic Republic of Iran",
					   "Iran (Islamic Republic of)") */
	size_t		  nnames;
	const char *const *adjectives;	/* demonyms and adjectives:
					   "Iranian", "Iran-linked" */
	size_t		  nadjectives;
	const char *const *metonyms;	/* capitals and stand-ins: "Tehran" */
	size_t		  nmetonyms;
	const char *const *agencies;	/* state agencies: "IRGC", "MOIS" */
	size_t		  nagencies;
};

struct nw_refdata;

/* Load DIR/states.tsv; errors name file:line.  Free with nw_refdata_free. */
struct nw_refdata	*nw_refdata_load(const char *dir, struct nw_error *err);
void			 nw_refdata_free(struct nw_refdata *);

size_t			 nw_refdata_nstates(const struct nw_refdata *);
const struct nw_state	*nw_refdata_state_at(const struct nw_refdata *, size_t);
/* By ISO code (either case), or NULL. */
const struct nw_state	*nw_refdata_state(const struct nw_refdata *,
			    const char *iso2);
/*
 * By any name, adjective or metonym, ignoring case, punctuation and
 * spacing ("iran (islamic republic of)", "U.S."), or NULL.
 */
const struct nw_state	*nw_refdata_state_by_name(const struct nw_refdata *,
			    const char *name);

#endif
