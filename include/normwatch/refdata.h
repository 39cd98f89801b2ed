/*
 * refdata.h - reference tables: states with their names, demonyms,
 * capitals and agencies (feeds/reference/states.tsv, derived from
 * ISO 3166 names and the demonym fact table; see its header lines), and
 * the named actors extraction recognises (feeds/reference/actors.tsv).
 * Both are written by tools/mkstates.py.
 *
 * Loaded once per run from DATADIR/reference.  Strings belong to the
 * nw_refdata and live until nw_refdata_free.  A loaded nw_refdata is
 * read-only and may be shared between threads.
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

/* What kind of actor a name in actors.tsv is. */
enum nw_actor_kind {
	NW_ACTOR_STATE = 0,	/* a group public reporting links to a state */
	NW_ACTOR_CRIMINAL,	/* criminal or ransomware group */
	NW_ACTOR_HACKTIVIST,	/* hacktivist group */
	NW_ACTOR_MILITANT,	/* armed non-state group (Hamas) */
	NW_ACTOR_VENDOR,	/* commercial spyware or offensive-tool company */
	NW_ACTOR_PERSON		/* a named individual */
};

struct nw_actor_ref {
	const char	 *name;		/* canonical name: "APT28" */
	const char *const *aliases;	/* "Fancy Bear", "Sofacy", ... */
	size_t		  naliases;
	enum nw_actor_kind kind;
	char		  iso2[3];	/* state public reporting links it to,
					   "" if none; informational only */
	int		  weak;		/* 1: a common word ("Anonymous"), to be
					   matched only in context */
};

struct nw_refdata;

/*
 * Load DIR/states.tsv and DIR/actors.tsv (each at most NW_MAX_DATA_FILE
 * bytes, NW_MAX_DATA_LINE a line, NW_MAX_DATA_ROWS rows).  Errors name
 * file:line.  Free with nw_refdata_free (NULL is safe).
 */
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

size_t			 nw_refdata_nactors(const struct nw_refdata *);
const struct nw_actor_ref *nw_refdata_actor_at(const struct nw_refdata *,
			    size_t);
/* By name or alias, ignoring case, punctuation and spacing, or NULL. */
const struct nw_actor_ref *nw_refdata_actor_by_name(const struct nw_refdata *,
			    const char *name);
/* "state", "criminal", "hacktivist", "militant", "vendor", "person". */
const char		*nw_actor_kind_name(enum nw_actor_kind);

#endif
