/*
 * date.c - date markers at the start of list entries.
 *
 *	marker	= [day SP] month [SP day [","]] SP year SP* sep SP*
 *		| year SP* ("." | ":") SP*		(precision: year)
 *	month	= a month name or abbreviation, optionally with "." after an
 *		  abbreviation, and with at most one stray space inside
 *		  ("Septem ber"), as PDF extraction leaves it
 *	sep	= "." | ":" | ";" | "," | "-"
 *
 * A marker without a separator is accepted only when the next word starts
 * with a capital letter ("September 2022 Hackers ..."), so that prose such
 * as "May 2022 was ..." is not taken for one.
 */
#include "config.h"

#include <string.h>

#include "normwatch/date.h"
#include "normwatch/util.h"

#define MIN_YEAR	1980	/* the oldest plausible incident year */

static const struct {
	const char	*name;
	int		 month;
} months[] = {
	{ "january", 1 }, { "february", 2 }, { "march", 3 }, { "april", 4 },
	{ "may", 5 }, { "june", 6 }, { "july", 7 }, { "august", 8 },
	{ "september", 9 }, { "october", 10 }, { "november", 11 },
	{ "december", 12 },
	{ "jan", 1 }, { "feb", 2 }, { "mar", 3 }, { "apr", 4 }, { "jun", 6 },
	{ "jul", 7 }, { "aug", 8 }, { "sep", 9 }, { "sept", 9 }, { "oct", 10 },
	{ "nov", 11 }, { "dec", 12 }
};

static int
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_upper(int c)
{
	return c >= 'A' && c <= 'Z';
}

int
nw_month_from_name(const char *s, size_t len)
{
	char buf[16];
	size_t i;

	if (len == 0 || len >= sizeof(buf))
		return 0;
	for (i = 0; i < len; i++) {
		if (!is_alpha((unsigned char)s[i]))
			return 0;
		buf[i] = (char)(s[i] | 0x20);
	}
	buf[len] = '\0';
	for (i = 0; i < NW_NELEM(months); i++)
		if (strcmp(buf, months[i].name) == 0)
			return months[i].month;
	return 0;
}

/* Cursor over the candidate marker. */
struct cur {
	const char	*s;
	size_t		 len;
	size_t		 i;
};

static int
peek(const struct cur *c, size_t ahead)
{
	return c->i + ahead < c->len ? (unsigned char)c->s[c->i + ahead] : -1;
}

static size_t
skip_spaces(struct cur *c)
{
	size_t n = 0;

	while (peek(c, 0) == ' ' || peek(c, 0) == '\t') {
		c->i++;
		n++;
	}
	return n;
}

static size_t
span_alpha(const struct cur *c, size_t from)
{
	size_t j = from;

	while (j < c->len && is_alpha((unsigned char)c->s[j]))
		j++;
	return j - from;
}

/* A month name at the cursor, possibly split once; 0 if none. */
static int
month_at(struct cur *c)
{
	char joined[24];
	size_t a, b;
	int m;

	a = span_alpha(c, c->i);
	if (a == 0 || a > 9)
		return 0;
	if ((m = nw_month_from_name(c->s + c->i, a)) != 0) {
		c->i += a;
		if (peek(c, 0) == '.' && a <= 4)	/* "Sept." */
			c->i++;
		return m;
	}
	/* "Septem ber", "Dece mber" */
	if (c->i + a + 1 < c->len && c->s[c->i + a] == ' ') {
		b = span_alpha(c, c->i + a + 1);
		if (b > 0 && a + b >= 5 && a + b <= 9) {
			memcpy(joined, c->s + c->i, a);
			memcpy(joined + a, c->s + c->i + a + 1, b);
			if ((m = nw_month_from_name(joined, a + b)) != 0 &&
			    a + b == strlen(months[m - 1].name)) {
				c->i += a + 1 + b;
				return m;
			}
		}
	}
	return 0;
}

/* A number of 1 to maxdigits digits at the cursor; -1 if none. */
static int
number_at(struct cur *c, size_t maxdigits, size_t *ndigits)
{
	size_t n = 0;
	int v = 0;

	while (n <= maxdigits && is_digit(peek(c, n))) {
		v = v * 10 + (peek(c, n) - '0');
		n++;
	}
	if (n == 0 || n > maxdigits)
		return -1;
	c->i += n;
	if (ndigits != NULL)
		*ndigits = n;
	return v;
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

/* After the year: separator and spaces.  0 when the marker ends well. */
static int
marker_end(struct cur *c)
{
	int ch;

	skip_spaces(c);
	ch = peek(c, 0);
	if (ch == '.' || ch == ':' || ch == ';' || ch == ',' || ch == '-') {
		c->i++;
		/* "2022.5" or "2022-09" is not a marker */
		if (is_digit(peek(c, 0)))
			return -1;
		skip_spaces(c);
		return 0;
	}
	if (ch == -1)
		return 0;
	/* no separator: only before a capital ("September 2022 Hackers") */
	if (c->i > 0 && c->s[c->i - 1] == ' ' && (is_upper(ch) || ch == '"'))
		return 0;
	return -1;
}

enum nw_datemark
nw_datemark_parse(const char *s, size_t len, int max_year,
    struct nw_date *date, size_t *used)
{
	struct cur c = { s, len, 0 };
	struct nw_date d;
	size_t nd;
	int day = 0, have_day = 0, y, ch;

	memset(&d, 0, sizeof(d));
	skip_spaces(&c);

	/* year-only marker: "2019. Hackers ..." */
	if (is_digit(peek(&c, 0))) {
		struct cur t = c;

		y = number_at(&t, 4, &nd);
		if (y >= 0 && nd == 4) {
			skip_spaces(&t);
			ch = peek(&t, 0);
			if ((ch == '.' || ch == ':') && !is_digit(peek(&t, 1))) {
				t.i++;
				skip_spaces(&t);
				if (!is_upper(peek(&t, 0)))
					return NW_DATEMARK_NONE;
				*used = t.i;
				if (y < MIN_YEAR || y > max_year)
					return NW_DATEMARK_IMPOSSIBLE;
				d.y = y;
				d.prec = NW_PREC_YEAR;
				*date = d;
				return NW_DATEMARK_OK;
			}
			return NW_DATEMARK_NONE;
		}
		/* "12 September 2022." */
		if (y < 0 || nd > 2 || peek(&t, 0) != ' ')
			return NW_DATEMARK_NONE;
		day = y;
		have_day = 1;
		c = t;
		skip_spaces(&c);
	}

	if ((d.m = month_at(&c)) == 0)
		return NW_DATEMARK_NONE;
	if (skip_spaces(&c) == 0)
		return NW_DATEMARK_NONE;

	/* "September 12, 2022" */
	if (!have_day && is_digit(peek(&c, 0)) && !is_digit(peek(&c, 2)) &&
	    !(is_digit(peek(&c, 1)) && is_digit(peek(&c, 2)))) {
		day = number_at(&c, 2, NULL);
		if (day < 0)
			return NW_DATEMARK_NONE;
		have_day = 1;
		if (peek(&c, 0) == 's' || peek(&c, 0) == 'n' ||
		    peek(&c, 0) == 'r' || peek(&c, 0) == 't') {
			size_t a = span_alpha(&c, c.i);

			if (a == 2)	/* 1st 2nd 3rd 4th */
				c.i += 2;
		}
		if (peek(&c, 0) == ',')
			c.i++;
		if (skip_spaces(&c) == 0)
			return NW_DATEMARK_NONE;
	}

	y = number_at(&c, 4, &nd);
	if (y < 0 || nd != 4)
		return NW_DATEMARK_NONE;
	if (marker_end(&c) == -1)
		return NW_DATEMARK_NONE;
	*used = c.i;
	d.y = y;
	d.d = day;
	d.prec = have_day ? NW_PREC_DAY : NW_PREC_MONTH;
	if (y < MIN_YEAR || y > max_year ||
	    (have_day && (day < 1 || day > days_in(y, d.m))))
		return NW_DATEMARK_IMPOSSIBLE;
	*date = d;
	return NW_DATEMARK_OK;
}
