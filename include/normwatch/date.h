/*
 * date.h - the dates that open entries of incident lists.
 *
 * "September 2022.", "May 2022 . ", "April 2022: ", "Sept. 12, 2022 -",
 * and tolerant of one split inside the month name ("Septem ber 2022.").
 */
#ifndef NORMWATCH_DATE_H
#define NORMWATCH_DATE_H

#include <stddef.h>

#include "normwatch/report.h"

enum nw_datemark {
	NW_DATEMARK_NONE = 0,	/* s does not start with a date marker */
	NW_DATEMARK_OK,		/* *date and *used are set */
	NW_DATEMARK_IMPOSSIBLE	/* looks like a marker, but the date cannot
				   be (February 30, month 13, year 3022) */
};

/*
 * Look for a date marker at the start of s (after optional spaces).
 * On NW_DATEMARK_OK, *used is the length of the marker including its
 * trailing separator and spaces, so s + *used is the entry's first word.
 * On NW_DATEMARK_IMPOSSIBLE, *used is the length of the bad marker.
 * max_year bounds plausible years (the current year plus one).
 */
enum nw_datemark nw_datemark_parse(const char *s, size_t len, int max_year,
		    struct nw_date *date, size_t *used);

/* Month number from an English month name or abbreviation, 0 if none. */
int	nw_month_from_name(const char *s, size_t len);

#endif
