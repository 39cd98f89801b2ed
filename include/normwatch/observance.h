/*
 * observance.h - was a state a supporter of the Paris Call on a date?
 *
 * The table is feeds/reference/paris-call-supporters.tsv (derived by
 * tools/mksupporters.sh from the official supporter list): for each
 * supporter, the earliest and latest date it can have joined.  A state
 * joined on one day between the two; they are equal when the date is
 * known exactly.  A state not in the table has not joined.
 */
#ifndef NORMWATCH_OBSERVANCE_H
#define NORMWATCH_OBSERVANCE_H

#include "normwatch/error.h"
#include "normwatch/report.h"

#define NW_SUPPORTERS_FILE	"paris-call-supporters.tsv"

enum nw_support {
	NW_SUPPORT_NO = 0,	/* not a supporter on the date */
	NW_SUPPORT_YES,		/* a supporter on the whole of the date */
	NW_SUPPORT_UNCERTAIN	/* joined on a day we cannot place before or
				   after the date, or the date is unknown */
};

struct nw_supporters;

/* Load DIR/paris-call-supporters.tsv; errors name file:line. */
struct nw_supporters	*nw_supporters_load(const char *dir,
			    struct nw_error *err);
void			 nw_supporters_free(struct nw_supporters *);

/*
 * Whether iso2 supported the Call on date, which is a period as precise as
 * its precision: a month is its first to its last day.  "yes" needs the
 * latest possible join day on or before the period's first day; "no"
 * needs the earliest after its last day (or no joining at all).
 */
enum nw_support		 nw_supporter_on(const struct nw_supporters *,
			    const char *iso2, const struct nw_date *date);

/* "yes", "no", "uncertain". */
const char		*nw_support_name(enum nw_support);

#endif
