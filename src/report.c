/*
 * report.c - names of the report vocabulary, and ISO dates.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "normwatch/report.h"
#include "normwatch/util.h"

static const char *const prec_names[] = { "none", "year", "month", "day" };
static const char *const hedge_names[] = { "asserted", "suspected" };
static const char *const party_names[] = {
	"unspecified", "government", "vendor", "self", "media"
};
static const char *const sponsor_names[] = { "unknown", "state", "non-state" };
static const char *const sector_names[NW_SECTOR_COUNT] = {
	"government", "military", "defense-industry", "energy", "water",
	"healthcare", "finance", "telecommunications", "technology", "media",
	"education", "elections", "transport", "manufacturing", "retail",
	"civil-society", "other"
};

#define NAME(tab, v) ((size_t)(v) < NW_NELEM(tab) ? (tab)[v] : NULL)

const char *nw_prec_name(enum nw_prec v) { return NAME(prec_names, v); }
const char *nw_hedge_name(enum nw_hedge v) { return NAME(hedge_names, v); }
const char *nw_party_name(enum nw_party v) { return NAME(party_names, v); }
const char *nw_sponsor_name(enum nw_sponsor v) { return NAME(sponsor_names, v); }
const char *nw_sector_name(enum nw_sector v) { return NAME(sector_names, v); }

static int
lookup(const char *const *tab, size_t n, const char *name)
{
	size_t i;

	if (name == NULL)
		return -1;
	for (i = 0; i < n; i++)
		if (strcmp(tab[i], name) == 0)
			return (int)i;
	return -1;
}

#define FROM(fn, type, tab)						\
int									\
fn(const char *name, type *out)						\
{									\
	int i = lookup(tab, NW_NELEM(tab), name);			\
									\
	if (i == -1)							\
		return -1;						\
	*out = (type)i;							\
	return 0;							\
}
FROM(nw_prec_from_name, enum nw_prec, prec_names)
FROM(nw_hedge_from_name, enum nw_hedge, hedge_names)
FROM(nw_party_from_name, enum nw_party, party_names)
FROM(nw_sponsor_from_name, enum nw_sponsor, sponsor_names)
FROM(nw_sector_from_name, enum nw_sector, sector_names)

static int
days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

int
nw_date_valid(const struct nw_date *d)
{
	switch (d->prec) {
	case NW_PREC_NONE:
		return 1;
	case NW_PREC_YEAR:
		return d->y > 1900 && d->y < 2200;
	case NW_PREC_MONTH:
		return d->y > 1900 && d->y < 2200 && d->m >= 1 && d->m <= 12;
	case NW_PREC_DAY:
		return d->y > 1900 && d->y < 2200 && d->m >= 1 && d->m <= 12 &&
		    d->d >= 1 && d->d <= days_in_month(d->y, d->m);
	}
	return 0;
}

void
nw_date_format(const struct nw_date *d, char out[16])
{
	switch (d->prec) {
	case NW_PREC_YEAR:
		snprintf(out, 16, "%04d", d->y);
		break;
	case NW_PREC_MONTH:
		snprintf(out, 16, "%04d-%02d", d->y, d->m);
		break;
	case NW_PREC_DAY:
		snprintf(out, 16, "%04d-%02d-%02d", d->y, d->m, d->d);
		break;
	default:
		out[0] = '\0';
		break;
	}
}

static int
digits(const char *s, size_t n, int *v)
{
	size_t i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

int
nw_date_parse_iso(const char *s, struct nw_date *d)
{
	size_t n = strlen(s);

	memset(d, 0, sizeof(*d));
	if (n == 0) {
		d->prec = NW_PREC_NONE;
		return 0;
	}
	if (n != 4 && n != 7 && n != 10)
		return -1;
	if (digits(s, 4, &d->y) == -1)
		return -1;
	d->prec = NW_PREC_YEAR;
	if (n >= 7) {
		if (s[4] != '-' || digits(s + 5, 2, &d->m) == -1)
			return -1;
		d->prec = NW_PREC_MONTH;
	}
	if (n == 10) {
		if (s[7] != '-' || digits(s + 8, 2, &d->d) == -1)
			return -1;
		d->prec = NW_PREC_DAY;
	}
	return nw_date_valid(d) ? 0 : -1;
}
