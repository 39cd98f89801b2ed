/*
 * observance.c - Paris Call supporters and their join dates.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "normwatch/observance.h"
#include "normwatch/util.h"

#define MAX_SUPPORTERS	512	/* rows in the table */

struct supporter {
	char	iso2[3];
	int	joined;			/* 0: not-joined */
	long	earliest, latest;	/* days as YYYYMMDD numbers */
};

struct nw_supporters {
	struct supporter	*rows;
	size_t			 n;
};

/* "YYYY-MM-DD" to YYYYMMDD, or -1. */
static long
ymd(const char *s)
{
	struct nw_date d;

	if (strlen(s) != 10 || nw_date_parse_iso(s, &d) == -1 ||
	    d.prec != NW_PREC_DAY)
		return -1;
	return (long)d.y * 10000 + d.m * 100 + d.d;
}

static int
cmp_row(const void *a, const void *b)
{
	return strcmp(((const struct supporter *)a)->iso2,
	    ((const struct supporter *)b)->iso2);
}

struct nw_supporters *
nw_supporters_load(const char *dir, struct nw_error *err)
{
	struct nw_supporters *sp = NULL;
	struct supporter *r;
	char *path, *text, *line, *next, *f[4], *p;
	size_t len, k;
	long lineno = 0;

	path = xasprintf("%s/%s", dir, NW_SUPPORTERS_FILE);
	if ((text = nw_read_file(path, NW_MAX_DATA_FILE, &len, err)) == NULL)
		goto out;
	sp = xcalloc(1, sizeof(*sp));
	for (line = text; line != NULL && *line != '\0'; line = next) {
		lineno++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (*line == '#' || *line == '\0')
			continue;
		for (k = 0, p = line; k < 4; k++) {
			f[k] = p;
			if ((p = strchr(p, '\t')) == NULL)
				break;
			*p++ = '\0';
		}
		if (k != 3 || p != NULL) {
			nw_error_where(err, NULL, path);
			nw_error_at_line(err, lineno, 0);
			nw_error_set(err, NW_E_CONFIG, "expected 4 fields "
			    "separated by tabs");
			goto fail;
		}
		if (sp->n >= MAX_SUPPORTERS) {
			nw_error_where(err, NULL, path);
			nw_error_at_line(err, lineno, 0);
			nw_error_set(err, NW_E_LIMIT, "more than %d rows",
			    MAX_SUPPORTERS);
			goto fail;
		}
		sp->rows = xreallocarray(sp->rows, sp->n + 1,
		    sizeof(*sp->rows));
		r = &sp->rows[sp->n];
		memset(r, 0, sizeof(*r));
		if (strlen(f[0]) != 2 || f[0][0] < 'A' || f[0][0] > 'Z' ||
		    f[0][1] < 'A' || f[0][1] > 'Z') {
			nw_error_where(err, NULL, path);
			nw_error_at_line(err, lineno, 1);
			nw_error_set(err, NW_E_CONFIG, "bad ISO code");
			goto fail;
		}
		memcpy(r->iso2, f[0], 3);
		if (strcmp(f[1], "supporter") == 0) {
			r->joined = 1;
			r->earliest = ymd(f[2]);
			r->latest = ymd(f[3]);
			if (r->earliest == -1 || r->latest == -1 ||
			    r->earliest > r->latest) {
				nw_error_where(err, NULL, path);
				nw_error_at_line(err, lineno, 0);
				nw_error_set(err, NW_E_CONFIG, "join dates "
				    "must be YYYY-MM-DD, earliest first");
				goto fail;
			}
		} else if (strcmp(f[1], "not-joined") != 0) {
			nw_error_where(err, NULL, path);
			nw_error_at_line(err, lineno, 0);
			nw_error_set(err, NW_E_CONFIG, "status must be "
			    "supporter or not-joined");
			goto fail;
		}
		sp->n++;
	}
	if (sp->n > 0)
		qsort(sp->rows, sp->n, sizeof(*sp->rows), cmp_row);
	for (k = 1; k < sp->n; k++) {
		if (strcmp(sp->rows[k].iso2, sp->rows[k - 1].iso2) == 0) {
			nw_error_where(err, NULL, path);
			nw_error_set(err, NW_E_CONFIG, "%s is listed twice",
			    sp->rows[k].iso2);
			goto fail;
		}
	}
	goto out;
fail:
	nw_supporters_free(sp);
	sp = NULL;
out:
	free(text);
	free(path);
	return sp;
}

void
nw_supporters_free(struct nw_supporters *sp)
{
	if (sp == NULL)
		return;
	free(sp->rows);
	free(sp);
}

static int
days_in(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

enum nw_support
nw_supporter_on(const struct nw_supporters *sp, const char *iso2,
    const struct nw_date *date)
{
	struct supporter key, *r;
	long first, last;

	memset(&key, 0, sizeof(key));
	nw_strlcpy(key.iso2, iso2, sizeof(key.iso2));
	r = sp->n > 0 ? bsearch(&key, sp->rows, sp->n, sizeof(*sp->rows),
	    cmp_row) : NULL;
	if (r == NULL || !r->joined)
		return NW_SUPPORT_NO;
	switch (date->prec) {
	case NW_PREC_DAY:
		first = last = (long)date->y * 10000 + date->m * 100 + date->d;
		break;
	case NW_PREC_MONTH:
		first = (long)date->y * 10000 + date->m * 100 + 1;
		last = (long)date->y * 10000 + date->m * 100 +
		    days_in(date->y, date->m);
		break;
	case NW_PREC_YEAR:
		first = (long)date->y * 10000 + 101;
		last = (long)date->y * 10000 + 1231;
		break;
	default:
		return NW_SUPPORT_UNCERTAIN;
	}
	if (r->latest <= first)
		return NW_SUPPORT_YES;
	if (r->earliest > last)
		return NW_SUPPORT_NO;
	return NW_SUPPORT_UNCERTAIN;
}

const char *
nw_support_name(enum nw_support s)
{
	switch (s) {
	case NW_SUPPORT_YES:
		return "yes";
	case NW_SUPPORT_NO:
		return "no";
	case NW_SUPPORT_UNCERTAIN:
		return "uncertain";
	}
	return "uncertain";
}
