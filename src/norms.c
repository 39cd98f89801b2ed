/*
 * norms.c - rules files (normwatch.rules(5)) and the mapper that evaluates
 * them for one incident at a time.
 *
 * Loading: each file is read line by line into one framework; patterns are
 * compiled once (interned by their text across all files, JIT-compiled);
 * references (principles, @names, requires) are resolved at the end of the
 * file; then the set is put into canonical order and the rules with
 * "requires" are ordered after the rules they depend on.
 *
 * Mapping: the facts of the incident (the union of its reports' extracted
 * fields) are gathered once, then every rule is tested, conditions first
 * (cheap), then match lines, then unless lines, stopping at the first
 * failed test (the second with near misses asked for).  Pattern results
 * are memoized per report, so each distinct pattern runs at most once per
 * report of an incident.
 */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "normwatch/log.h"
#include "normwatch/norms.h"
#include "normwatch/text.h"
#include "normwatch/util.h"

#define MAX_ID		63	/* bytes of an id or a define name */
#define MAX_KEY		32	/* bytes of a key */
#define MAX_VERSION	64	/* bytes of a framework version */
#define COMPILE_OPTS	(PCRE2_UTF | PCRE2_NEVER_BACKSLASH_C)

/* Conditions, in the order the mapper tests them (cheap ones first). */
enum cond {
	C_REQUIRES = 0,
	C_SECTORS,
	C_NOT_SECTORS,
	C_SPONSORSHIP,
	C_ACTORS,
	C_VICTIMS,
	C_ATTRIBUTED,
	C_HEDGE,
	C_BY,
	C_DATE_FROM,
	C_DATE_UNTIL,
	C_COUNT
};

static const char *const cond_keys[C_COUNT] = {
	"requires", "sectors", "not-sectors", "sponsorship", "actors",
	"victims", "attributed", "hedge", "by", "date-from", "date-until"
};

/* Values of attributed, actors and victims. */
enum { SET_UNSET = 0, SET_ANY, SET_NONE, SET_LIST };

/* One distinct pattern, compiled once for the whole set. */
struct pat {
	char		*src;		/* the pattern as written */
	size_t		 len;
	uint32_t	 hash;
	pcre2_code	*code;
	const char	**lits;		/* one is in every match (prefilter) */
	size_t		 nlits;		/* 0: no prefilter, always run */
};

/* A match or unless line. */
struct ptest {
	uint32_t	 pat;		/* index in rules->pats */
	const char	*shown;		/* "@name" or the pattern as written */
	const char	*ref;		/* name to resolve (without '@'), or NULL */
	long		 line;
	long		 col;		/* of the value */
};

struct rule {
	struct nw_rule	 pub;
	unsigned	 have;		/* 1u << enum cond: conditions given */
	long		 cline[C_COUNT];/* line of each condition */
	long		 ccol[C_COUNT];	/* column of its value */
	int		 attributed;	/* SET_* */
	char		(*states)[3];	/* attributed = ISO ... */
	size_t		 nstates;
	unsigned	 hedges;	/* 1u << enum nw_hedge */
	unsigned	 parties;	/* 1u << enum nw_party */
	unsigned	 sponsors;	/* 1u << enum nw_sponsor */
	int		 actors;	/* SET_ANY or SET_NONE */
	int		 victims;	/* SET_* */
	char		(*vstates)[3];	/* victims = ISO ... */
	size_t		 nvstates;
	uint32_t	 sectors;	/* any of (1u << enum nw_sector) */
	uint32_t	 not_sectors;	/* none of */
	long		 from, until;	/* day numbers, inclusive */
	char		 from_s[16];	/* as written, for messages */
	char		 until_s[16];
	char		**req_ids;	/* requires, as written */
	long		*req_cols;
	size_t		*req;		/* principle indexes (file-local while
					   parsing, global after) */
	size_t		 nreq;
	struct ptest	*match;		/* every one must match */
	size_t		 nmatch;
	struct ptest	*unless;	/* none may match */
	size_t		 nunless;
	/* while parsing */
	const char	*pid;		/* principle = ID */
	long		 pline, pcol;
	size_t		 pidx;		/* index of the principle in its file */
	size_t		 order;		/* position in its file */
	size_t		 filei;		/* which file, in load order */
	long		 idcol;		/* of the id on the rule line */
	int		 has_conf;
	int		 bad;		/* an error was reported in it */
};

struct def {
	const char	*name;
	uint32_t	 pat;
	long		 line;
};

/* One framework: one file. */
struct fw {
	struct nw_framework	 pub;
	struct nw_principle	**princ;	/* file order */
	size_t			 nprinc;
	struct rule		**rules;	/* file order, then canonical */
	size_t			 nrules;
	struct def		*defs;
	size_t			 ndefs;
	size_t			 filei;
	long			 idcol;		/* of the id on its line */
	int			 too_many;	/* more than NW_MAX_RULES */
	unsigned		 seen;		/* keys given: 1 name, 2 version,
						   4 url (even when bad) */
};

struct nw_rules {
	struct nw_arena		 *arena;	/* strings and structs */
	struct fw		**fws;		/* sorted by id once loaded */
	size_t			  nfws;
	struct nw_principle	**princ;	/* canonical */
	size_t			  nprinc;
	struct rule		**rules;	/* canonical */
	size_t			  nrules;
	size_t			 *order;	/* evaluation order */
	struct pat		 *pats;
	size_t			  npats;
	uint32_t		 *ptab;		/* hash table: pats index + 1 */
	size_t			  ptabsz;	/* power of two */
	pcre2_compile_context	 *cctx;
	struct pfauto		 *pf;		/* the prefilter, NULL if none */
	int			  nojit;	/* NORMWATCH_PCRE2_JIT=0 */
	size_t			  nprefiltered;	/* patterns with literals */
	char			  version[NW_SHA256_HEX];
};

/* --- errors ----------------------------------------------------------- */

struct rparse {
	struct nw_rules	*rs;
	const char	*path;
	nw_error_fn	 onerr;
	void		*arg;
	struct nw_error	*err;		/* the first error lands here */
	int		 nerr;
	struct fw	*fw;		/* NULL before the framework line */
	int		 sect;		/* S_* */
	struct nw_principle *pr;	/* the principle section open */
	struct rule	*ru;		/* the rule section open */
	long		 sect_line;
	long		 kcol;		/* column of the key being read */
	int		 told_nofw;
};

enum { S_NONE = 0, S_FRAMEWORK, S_PRINCIPLE, S_RULE };

static void
report_err(nw_error_fn onerr, void *arg, struct nw_error *first, int *nerr,
    const struct nw_error *e)
{
	if (onerr != NULL)
		onerr(e, arg);
	if (*nerr == 0 && first != NULL)
		*first = *e;
	(*nerr)++;
}

static void NW_PRINTF(5, 6)
err_at(struct rparse *p, const char *path, long line, long col,
    const char *fmt, ...)
{
	struct nw_error e;
	va_list ap;
	char msg[512];

	nw_error_clear(&e);
	nw_error_where(&e, NULL, path);
	nw_error_at_line(&e, line, col);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	nw_error_set(&e, NW_E_CONFIG, "%s", msg);
	report_err(p->onerr, p->arg, p->err, &p->nerr, &e);
}

#define perr(p, line, col, ...)					\
	err_at((p), (p)->path, (line), (col), __VA_ARGS__)

/* --- small helpers -------------------------------------------------- */

static int
valid_id(const char *s, int lower_only)
{
	size_t i, n = strlen(s);

	if (n == 0 || n > MAX_ID)
		return 0;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			continue;
		if (!lower_only && c >= 'A' && c <= 'Z')
			continue;
		if (i > 0 && (c == '.' || c == '_' || c == '-'))
			continue;
		return 0;
	}
	return 1;
}

static int
valid_iso(const char *s)
{
	return s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' &&
	    s[2] == '\0';
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Next blank-separated word of *s (NUL-terminated in place), or NULL. */
static char *
next_word(char **s, const char *line0, long *col)
{
	char *w, *p = *s;

	while (is_blank(*p))
		p++;
	if (*p == '\0') {
		*s = p;
		return NULL;
	}
	w = p;
	while (*p != '\0' && !is_blank(*p))
		p++;
	if (*p != '\0')
		*p++ = '\0';
	*s = p;
	*col = (long)(w - line0) + 1;
	return w;
}

/* Days since 1970-01-01 of a civil date (H. Hinnant's algorithm). */
static long
days_from_civil(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int
month_days(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

/* The first and last day a date of any precision may be.  -1 if none. */
static int
date_span(const struct nw_date *d, long *lo, long *hi)
{
	if (!nw_date_valid(d))
		return -1;
	switch (d->prec) {
	case NW_PREC_YEAR:
		*lo = days_from_civil(d->y, 1, 1);
		*hi = days_from_civil(d->y, 12, 31);
		return 0;
	case NW_PREC_MONTH:
		*lo = days_from_civil(d->y, d->m, 1);
		*hi = days_from_civil(d->y, d->m, month_days(d->y, d->m));
		return 0;
	case NW_PREC_DAY:
		*lo = *hi = days_from_civil(d->y, d->m, d->d);
		return 0;
	default:
		return -1;
	}
}

static uint32_t
hash_bytes(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

/* A bounded string builder for messages. */
struct sb {
	char	*p;
	size_t	 sz;
	size_t	 n;
};

static void NW_PRINTF(2, 3)
sb_addf(struct sb *b, const char *fmt, ...)
{
	va_list ap;
	int r;

	if (b->n + 1 >= b->sz)
		return;
	va_start(ap, fmt);
	r = vsnprintf(b->p + b->n, b->sz - b->n, fmt, ap);
	va_end(ap);
	if (r < 0)
		return;
	b->n += (size_t)r;
	if (b->n >= b->sz) {
		b->n = b->sz - 1;
		if (b->sz > 4)
			memcpy(b->p + b->sz - 4, "...", 4);
	}
}

/* --- prefilter: literals every match must contain ---------------------- */

/*
 * Most rule patterns are alternations of words, which pcre2 scans slowly
 * (about a microsecond per pattern for a 400-byte report).  As Suricata
 * does with its fast patterns, each pattern gets a set of literals of
 * which any match must contain one; one Aho-Corasick pass over a report's
 * case-folded text tells which literals occur, and a pattern none of whose
 * literals occurs cannot match, so pcre2 is not run.
 *
 * The literals come from a conservative reading of the pattern's syntax:
 * whatever it does not fully understand (\Q, (?x), verbs, recursion,
 * conditionals, odd braces) gives the pattern no literals, and such a
 * pattern always runs.  Literals are lower-case ASCII; the text is folded
 * the same way, with the two non-ASCII characters that pcre2 matches
 * caselessly to ASCII letters (U+212A KELVIN SIGN, U+017F LONG S) folded
 * to k and s; a non-ASCII character in a pattern ends a literal.
 */

#define PF_MAX_SET	32	/* strings in one literal set */
#define PF_MAX_LIT	40	/* bytes of one literal */
#define PF_MAX_DEPTH	32	/* group nesting read; deeper gives up */
#define PF_MAX_OUTS	(1u << 20)	/* outputs of the whole automaton */
#define PF_MAX_CHARS	65535		/* bytes of all literals together */

struct lset {
	size_t		 n;
	const char	*s[PF_MAX_SET];
};

/* What a piece of a pattern can match. */
struct pfinfo {
	int		 exact_ok;	/* it matches exactly one of exact */
	struct lset	 exact;		/* (may hold "") */
	int		 match_ok;	/* every match contains one of match */
	struct lset	 match;		/* (none empty) */
};

struct pfp {
	const char	*s;
	size_t		 i, n;
	struct nw_arena	*a;
	int		 fail;		/* gave up */
	int		 depth;
};

static void pf_alt(struct pfp *, struct pfinfo *);

static void
pf_any(struct pfinfo *x)
{
	memset(x, 0, sizeof(*x));
}

static void
pf_str(struct pfp *p, struct pfinfo *x, const char *s, size_t n)
{
	memset(x, 0, sizeof(*x));
	x->exact_ok = 1;
	x->exact.n = 1;
	x->exact.s[0] = nw_arena_strndup(p->a, s, n);
}

static int
lset_has_empty(const struct lset *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->s[i][0] == '\0')
			return 1;
	return 0;
}

/* dst |= src; -1 when it would hold too many. */
static int
lset_union(struct lset *dst, const struct lset *src)
{
	size_t i, j;

	for (i = 0; i < src->n; i++) {
		for (j = 0; j < dst->n; j++)
			if (strcmp(dst->s[j], src->s[i]) == 0)
				break;
		if (j < dst->n)
			continue;
		if (dst->n == PF_MAX_SET)
			return -1;
		dst->s[dst->n++] = src->s[i];
	}
	return 0;
}

/* out = a x b (every concatenation); -1 when too many or too long. */
static int
lset_product(struct pfp *p, struct lset *out, const struct lset *a,
    const struct lset *b)
{
	struct lset r;
	struct lset one;
	size_t i, j, la, lb;
	char *s;

	if (a->n * b->n > PF_MAX_SET)
		return -1;
	r.n = 0;
	for (i = 0; i < a->n; i++) {
		for (j = 0; j < b->n; j++) {
			la = strlen(a->s[i]);
			lb = strlen(b->s[j]);
			if (la + lb > PF_MAX_LIT)
				return -1;
			s = nw_arena_alloc(p->a, la + lb + 1);
			memcpy(s, a->s[i], la);
			memcpy(s + la, b->s[j], lb);
			one.n = 1;
			one.s[0] = s;
			if (lset_union(&r, &one) == -1)
				return -1;
		}
	}
	*out = r;
	return 0;
}

/* The constraint a piece gives: its match set, or NULL for none. */
static const struct lset *
pf_constraint(const struct pfinfo *x)
{
	if (x->exact_ok)
		return lset_has_empty(&x->exact) ? NULL : &x->exact;
	return x->match_ok ? &x->match : NULL;
}

/* Keep the better of best and cand: longer shortest string, then fewer. */
static void
pf_consider(struct pfinfo *out, const struct lset *cand)
{
	size_t i, l, min_c = SIZE_MAX, min_b = SIZE_MAX;

	if (cand == NULL || cand->n == 0 || lset_has_empty(cand))
		return;
	for (i = 0; i < cand->n; i++)
		if ((l = strlen(cand->s[i])) < min_c)
			min_c = l;
	if (out->match_ok) {
		for (i = 0; i < out->match.n; i++)
			if ((l = strlen(out->match.s[i])) < min_b)
				min_b = l;
		if (min_c < min_b || (min_c == min_b &&
		    cand->n >= out->match.n))
			return;
	}
	out->match_ok = 1;
	out->match = *cand;
}

/* A character class at p->i ('[' already seen): one char, maybe a set. */
static void
pf_class(struct pfp *p, struct pfinfo *x)
{
	char set[PF_MAX_SET];
	size_t nset = 0, start, k;
	int simple = 1;
	char c;

	pf_any(x);
	if (p->i < p->n && p->s[p->i] == '^') {
		simple = 0;
		p->i++;
	}
	start = p->i;
	while (p->i < p->n) {
		c = p->s[p->i];
		if (c == ']' && p->i > start)
			break;
		if (c == '\\') {
			if (p->i + 1 < p->n && (p->s[p->i + 1] == 'Q' ||
			    p->s[p->i + 1] == 'E')) {
				p->fail = 1;
				return;
			}
			simple = 0;
			p->i += 2;
			continue;
		}
		if (c == '[') {		/* POSIX classes: give up */
			p->fail = 1;
			return;
		}
		if (c == '-' && p->i > start && p->i + 1 < p->n &&
		    p->s[p->i + 1] != ']')
			simple = 0;	/* a range */
		if ((unsigned char)c >= 0x80 || c < ' ')
			simple = 0;
		if (simple) {
			if (c >= 'A' && c <= 'Z')
				c = (char)(c - 'A' + 'a');
			for (k = 0; k < nset; k++)
				if (set[k] == c)
					break;
			if (k == nset) {
				if (nset == 8)
					simple = 0;
				else
					set[nset++] = c;
			}
		}
		p->i++;
	}
	if (p->i >= p->n) {
		p->fail = 1;
		return;
	}
	p->i++;		/* ']' */
	if (!simple || nset == 0)
		return;
	x->exact_ok = 1;
	for (k = 0; k < nset; k++)
		x->exact.s[x->exact.n++] = nw_arena_strndup(p->a, &set[k], 1);
}

/* A quantifier at p->i, if any: sets *min and *max (-1: unbounded). */
static int
pf_quant(struct pfp *p, long *min, long *max)
{
	size_t j;
	long a = 0, b = -1;
	int digits = 0, comma = 0;

	*min = *max = 1;
	if (p->i >= p->n)
		return 0;
	switch (p->s[p->i]) {
	case '*':
		*min = 0;
		*max = -1;
		break;
	case '+':
		*min = 1;
		*max = -1;
		break;
	case '?':
		*min = 0;
		*max = 1;
		break;
	case '{':
		for (j = p->i + 1; j < p->n && p->s[j] != '}'; j++) {
			char c = p->s[j];

			if (c >= '0' && c <= '9') {
				if (!comma)
					a = a * 10 + (c - '0');
				else
					b = (b < 0 ? 0 : b) * 10 + (c - '0');
				if (a > 100000 || b > 100000)
					return -1;
				digits = 1;
			} else if (c == ',' && !comma)
				comma = 1;
			else
				return -1;	/* literal '{' or spaces */
		}
		if (j >= p->n || !digits)
			return -1;
		*min = a;
		*max = comma ? b : a;
		p->i = j;
		break;
	default:
		return 0;
	}
	p->i++;
	if (p->i < p->n && (p->s[p->i] == '?' || p->s[p->i] == '+'))
		p->i++;		/* lazy or possessive: same language */
	return 1;
}

/* A backslash escape at p->i ('\' already seen). */
static void
pf_escape(struct pfp *p, struct pfinfo *x)
{
	char c, close;
	int k;

	pf_any(x);
	if (p->i >= p->n) {
		p->fail = 1;
		return;
	}
	c = p->s[p->i++];
	if ((unsigned char)c < 0x80 && !(c >= 'a' && c <= 'z') &&
	    !(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9')) {
		pf_str(p, x, &c, 1);	/* an escaped punctuation character */
		return;
	}
	switch (c) {
	case 'b': case 'B': case 'A': case 'z': case 'Z': case 'G': case 'K':
	case 'E':
		pf_str(p, x, "", 0);	/* zero width */
		return;
	case 'd': case 'D': case 'w': case 'W': case 's': case 'S': case 'h':
	case 'H': case 'v': case 'V': case 'R': case 'N': case 'X': case 't':
	case 'n': case 'r': case 'f': case 'e': case 'a':
		return;			/* some character(s) */
	case 'p': case 'P': case 'x': case 'o': case 'k':
		/* \p{..} \pL \x{..} \xhh \o{..} \k<..> \k'..' \k{..} */
		if (p->i < p->n && (p->s[p->i] == '{' || p->s[p->i] == '<' ||
		    p->s[p->i] == '\'')) {
			close = p->s[p->i] == '{' ? '}' : p->s[p->i] == '<' ?
			    '>' : '\'';
			while (p->i < p->n && p->s[p->i] != close)
				p->i++;
			p->i++;
		} else if (c == 'x') {
			for (k = 0; k < 2 && p->i < p->n &&
			    isxdigit((unsigned char)p->s[p->i]); k++)
				p->i++;
		} else if (c == 'p' || c == 'P')
			p->i++;
		else if (c == 'k')
			p->fail = 1;
		return;
	case 'c':
		p->i++;
		return;
	case 'g':
		/* \g{n} \gn backreferences; \g<..> \g'..' calls give up */
		if (p->i < p->n && (p->s[p->i] == '<' || p->s[p->i] == '\'')) {
			p->fail = 1;
			return;
		}
		if (p->i < p->n && p->s[p->i] == '{') {
			while (p->i < p->n && p->s[p->i] != '}')
				p->i++;
			p->i++;
			return;
		}
		if (p->i < p->n && (p->s[p->i] == '-' || p->s[p->i] == '+'))
			p->i++;
		while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9')
			p->i++;
		return;
	default:
		if (c >= '0' && c <= '9') {	/* backreference or octal */
			while (p->i < p->n && p->s[p->i] >= '0' &&
			    p->s[p->i] <= '9')
				p->i++;
			return;
		}
		p->fail = 1;			/* \Q and the unknown */
		return;
	}
}

/* A group at p->i ('(' already seen). */
static void
pf_group(struct pfp *p, struct pfinfo *x)
{
	int zero = 0;
	char c;

	pf_any(x);
	if (++p->depth > PF_MAX_DEPTH) {
		p->fail = 1;
		return;
	}
	if (p->i < p->n && p->s[p->i] == '*') {
		p->fail = 1;		/* verbs: (*ACCEPT), (*SKIP), ... */
		return;
	}
	if (p->i < p->n && p->s[p->i] == '?') {
		p->i++;
		c = p->i < p->n ? p->s[p->i] : '\0';
		if (c == ':' || c == '|' || c == '>') {
			p->i++;
		} else if (c == '=' || c == '!') {
			p->i++;
			zero = 1;
		} else if (c == '<' && p->i + 1 < p->n && (p->s[p->i + 1] ==
		    '=' || p->s[p->i + 1] == '!')) {
			p->i += 2;
			zero = 1;
		} else if (c == '<' || c == '\'' || (c == 'P' && p->i + 1 <
		    p->n && p->s[p->i + 1] == '<')) {
			char close = c == '\'' ? '\'' : '>';

			for (p->i++; p->i < p->n && p->s[p->i] != close; p->i++)
				;
			p->i++;		/* a named group */
		} else if (c == '#') {
			while (p->i < p->n && p->s[p->i] != ')')
				p->i++;
			p->i++;
			p->depth--;
			pf_str(p, x, "", 0);
			return;
		} else {
			/* flags: (?i) (?-i) (?^) or (?i:...); else give up */
			while (p->i < p->n && strchr("imnsUJar^-",
			    p->s[p->i]) != NULL && p->s[p->i] != '\0')
				p->i++;
			if (p->i >= p->n || (p->s[p->i] != ')' &&
			    p->s[p->i] != ':')) {
				p->fail = 1;	/* x, R, digits, &, C, (, P> */
				return;
			}
			if (p->s[p->i++] == ')') {
				p->depth--;
				pf_str(p, x, "", 0);
				return;
			}
		}
	}
	pf_alt(p, x);
	if (p->fail || p->i >= p->n || p->s[p->i] != ')') {
		p->fail = 1;
		return;
	}
	p->i++;
	p->depth--;
	if (zero)
		pf_str(p, x, "", 0);	/* lookaround: consumes nothing */
}

/* One atom with its quantifier. */
static void
pf_atom(struct pfp *p, struct pfinfo *x)
{
	struct pfinfo a;
	struct lset tmp;
	long min, max;
	char c = p->s[p->i++];
	int q;

	if (c == '(')
		pf_group(p, &a);
	else if (c == '[')
		pf_class(p, &a);
	else if (c == '\\')
		pf_escape(p, &a);
	else if (c == '.')
		pf_any(&a);
	else if (c == '^' || c == '$')
		pf_str(p, &a, "", 0);
	else if (c == '*' || c == '+' || c == '?' || c == '{') {
		p->fail = 1;
		return;
	} else if ((unsigned char)c >= 0x80) {
		while (p->i < p->n && ((unsigned char)p->s[p->i] & 0xc0) ==
		    0x80)
			p->i++;
		pf_any(&a);		/* may fold to other bytes: no literal */
	} else {
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		pf_str(p, &a, &c, 1);
	}
	if (p->fail)
		return;
	q = pf_quant(p, &min, &max);
	if (q == -1) {
		p->fail = 1;
		return;
	}
	if (q == 0 || (min == 1 && max == 1)) {
		*x = a;
		return;
	}
	pf_any(x);
	if (min == 0) {
		/* x? is x or nothing; x* and x{0,n} are no literal */
		if (max == 1 && a.exact_ok) {
			tmp.n = 1;
			tmp.s[0] = "";
			x->exact = a.exact;
			x->exact_ok = lset_union(&x->exact, &tmp) == 0;
		}
		return;
	}
	pf_consider(x, pf_constraint(&a));
}

/* A sequence of atoms, up to '|' or ')' or the end. */
static void
pf_concat(struct pfp *p, struct pfinfo *out)
{
	struct pfinfo a;
	struct lset run, prod;
	int all_exact = 1;

	pf_any(out);
	run.n = 1;
	run.s[0] = "";
	while (p->i < p->n && p->s[p->i] != '|' && p->s[p->i] != ')') {
		pf_atom(p, &a);
		if (p->fail)
			return;
		if (a.exact_ok) {
			if (lset_product(p, &prod, &run, &a.exact) == 0) {
				run = prod;
				continue;
			}
			pf_consider(out, &run);
			run = a.exact;
			all_exact = 0;
			continue;
		}
		pf_consider(out, &run);
		pf_consider(out, pf_constraint(&a));
		run.n = 1;
		run.s[0] = "";
		all_exact = 0;
	}
	pf_consider(out, &run);
	if (all_exact) {
		out->exact_ok = 1;
		out->exact = run;
	}
}

/* Branches separated by '|', up to ')' or the end. */
static void
pf_alt(struct pfp *p, struct pfinfo *out)
{
	struct pfinfo b;
	const struct lset *c;
	int first = 1;

	pf_any(out);
	for (;;) {
		pf_concat(p, &b);
		if (p->fail)
			return;
		if (first) {
			*out = b;
			if ((c = pf_constraint(&b)) != NULL) {
				out->match_ok = 1;
				out->match = *c;
			} else
				out->match_ok = 0;
			first = 0;
		} else {
			if (!b.exact_ok || lset_union(&out->exact,
			    &b.exact) == -1)
				out->exact_ok = 0;
			c = pf_constraint(&b);
			if (c == NULL || lset_union(&out->match, c) == -1)
				out->match_ok = 0;
		}
		if (p->i >= p->n || p->s[p->i] != '|')
			break;
		p->i++;
	}
}

/*
 * The literals of pattern src (lower-case, in arena a): one of them is in
 * every match.  0 with *lits NULL when the pattern gets no prefilter.
 */
static size_t
pf_literals(struct nw_arena *a, const char *src, size_t len,
    const char ***lits)
{
	struct pfp p;
	struct pfinfo x;
	const struct lset *c;
	const char **out;
	size_t i;

	*lits = NULL;
	memset(&p, 0, sizeof(p));
	p.s = src;
	p.n = len;
	p.a = a;
	/* leading option settings: (*UTF), (*UCP), (*LIMIT_MATCH=10), ... */
	while (p.i + 2 < p.n && p.s[p.i] == '(' && p.s[p.i + 1] == '*') {
		for (i = p.i + 2; i < p.n && ((p.s[i] >= 'A' && p.s[i] <= 'Z') ||
		    p.s[i] == '_' || p.s[i] == '=' ||
		    (p.s[i] >= '0' && p.s[i] <= '9')); i++)
			;
		if (i >= p.n || p.s[i] != ')')
			return 0;
		p.i = i + 1;
	}
	pf_alt(&p, &x);
	if (p.fail || p.i != p.n || (c = pf_constraint(&x)) == NULL ||
	    c->n == 0)
		return 0;
	out = nw_arena_alloc(a, c->n * sizeof(*out));
	for (i = 0; i < c->n; i++)
		out[i] = c->s[i];
	*lits = out;
	return c->n;
}

/* The Aho-Corasick automaton over the literals of all patterns. */
struct pfauto {
	uint8_t		 cls[256];	/* byte -> class; 0: in no literal */
	size_t		 ncls;
	uint32_t	*next;		/* [state * ncls + class] */
	size_t		 nstates;
	uint32_t	*out0;		/* per state: first output in outs */
	uint32_t	*outn;		/* per state: number of outputs */
	uint32_t	*outs;		/* pattern indexes */
};

static void
pfauto_free(struct pfauto *pa)
{
	free(pa->next);
	free(pa->out0);
	free(pa->outn);
	free(pa->outs);
	memset(pa, 0, sizeof(*pa));
}

/*
 * Build the automaton over the literals of every pattern that has some.
 * Returns NULL when no pattern has literals, or when the automaton would
 * be too big (then every pattern simply runs).
 */
static struct pfauto *
pfauto_build(const struct pat *pats, size_t npats)
{
	struct pfauto *pa;
	uint32_t *fail = NULL, *queue = NULL, *own0 = NULL, *ownn = NULL;
	uint32_t *ownp = NULL, *owns = NULL, s, t, f, c;
	size_t nlit = 0, chars = 0, i, j, k, l, head, tail, nouts, cap, nown;
	const unsigned char *lit;

	for (i = 0; i < npats; i++) {
		nlit += pats[i].nlits;
		for (j = 0; j < pats[i].nlits; j++)
			chars += strlen(pats[i].lits[j]);
	}
	if (nlit == 0 || chars > PF_MAX_CHARS)
		return NULL;
	pa = xcalloc(1, sizeof(*pa));
	pa->ncls = 1;
	for (i = 0; i < npats; i++)
		for (j = 0; j < pats[i].nlits; j++)
			for (lit = (const unsigned char *)pats[i].lits[j];
			    *lit != '\0'; lit++)
				if (pa->cls[*lit] == 0)
					pa->cls[*lit] = (uint8_t)pa->ncls++;
	for (c = 'A'; c <= 'Z'; c++)
		pa->cls[c] = pa->cls[c - 'A' + 'a'];

	/* the trie: state 0 is the root, 0 in next means "none" for now */
	cap = chars + 1;
	pa->next = xcalloc(cap * pa->ncls, sizeof(*pa->next));
	ownp = xcalloc(nlit, sizeof(*ownp));	/* pattern of each literal */
	own0 = xcalloc(nlit, sizeof(*own0));	/* its end state */
	pa->nstates = 1;
	nown = 0;
	for (i = 0; i < npats; i++) {
		for (j = 0; j < pats[i].nlits; j++) {
			s = 0;
			for (lit = (const unsigned char *)pats[i].lits[j];
			    *lit != '\0'; lit++) {
				c = pa->cls[*lit];
				if (pa->next[s * pa->ncls + c] == 0)
					pa->next[s * pa->ncls + c] =
					    (uint32_t)pa->nstates++;
				s = pa->next[s * pa->ncls + c];
			}
			own0[nown] = s;
			ownp[nown] = (uint32_t)i;
			nown++;
		}
	}

	/* failure links breadth first, completing the transitions */
	fail = xcalloc(pa->nstates, sizeof(*fail));
	queue = xcalloc(pa->nstates, sizeof(*queue));
	head = tail = 0;
	queue[tail++] = 0;
	while (head < tail) {
		s = queue[head++];
		for (c = 0; c < pa->ncls; c++) {
			t = pa->next[s * pa->ncls + c];
			f = s == 0 ? 0 : pa->next[fail[s] * pa->ncls + c];
			if (t != 0 && c != 0) {
				fail[t] = f;
				queue[tail++] = t;
			} else
				pa->next[s * pa->ncls + c] = f;
		}
	}

	/* each state's own patterns, grouped by state (a counting sort) */
	ownn = xcalloc(pa->nstates + 1, sizeof(*ownn));
	for (i = 0; i < nown; i++)
		ownn[own0[i] + 1]++;
	for (i = 1; i <= pa->nstates; i++)	/* ownn[s]: start of state s */
		ownn[i] += ownn[i - 1];
	owns = xcalloc(nown, sizeof(*owns));
	for (i = 0; i < nown; i++)
		owns[ownn[own0[i]]++] = ownp[i];
	for (i = pa->nstates; i > 0; i--)	/* back to starts */
		ownn[i] = ownn[i - 1];
	ownn[0] = 0;

	/* outputs: a state's own patterns and those of its failure state */
	pa->out0 = xcalloc(pa->nstates, sizeof(*pa->out0));
	pa->outn = xcalloc(pa->nstates, sizeof(*pa->outn));
	nouts = 0;
	for (head = 0; head < tail; head++) {
		s = queue[head];
		pa->out0[s] = (uint32_t)nouts;
		l = ownn[s + 1] - ownn[s] + (s == 0 ? 0 : pa->outn[fail[s]]);
		if (l == 0)
			continue;
		if (nouts + l > PF_MAX_OUTS)
			goto toobig;
		pa->outs = xreallocarray(pa->outs, nouts + l,
		    sizeof(*pa->outs));
#define ADD_OUT(pid) do {						\
	for (k = pa->out0[s]; k < nouts; k++)				\
		if (pa->outs[k] == (pid))				\
			break;						\
	if (k == nouts)							\
		pa->outs[nouts++] = (pid);				\
} while (0)
		for (j = ownn[s]; j < ownn[s + 1]; j++)
			ADD_OUT(owns[j]);
		if (s != 0)
			for (j = 0, f = fail[s]; j < pa->outn[f]; j++)
				ADD_OUT(pa->outs[pa->out0[f] + j]);
#undef ADD_OUT
		pa->outn[s] = (uint32_t)(nouts - pa->out0[s]);
	}
	free(fail);
	free(queue);
	free(own0);
	free(ownn);
	free(ownp);
	free(owns);
	return pa;
toobig:
	free(fail);
	free(queue);
	free(own0);
	free(ownn);
	free(ownp);
	free(owns);
	pfauto_free(pa);
	free(pa);
	return NULL;
}

/* --- patterns ----------------------------------------------------------- */

static void
ptab_insert(struct nw_rules *rs, uint32_t idx)
{
	size_t i, mask = rs->ptabsz - 1;

	for (i = rs->pats[idx].hash & mask; rs->ptab[i] != 0; i = (i + 1) & mask)
		;
	rs->ptab[i] = idx + 1;
}

static void
ptab_grow(struct nw_rules *rs)
{
	size_t i;

	free(rs->ptab);
	rs->ptabsz = rs->ptabsz == 0 ? 64 : rs->ptabsz * 2;
	rs->ptab = xcalloc(rs->ptabsz, sizeof(*rs->ptab));
	for (i = 0; i < rs->npats; i++)
		ptab_insert(rs, (uint32_t)i);
}

/*
 * The index of the compiled pattern src (col: its column in line), reusing
 * one compiled before.  -1 after reporting an error.
 */
static int
pat_intern(struct rparse *p, const char *src, long line, long col,
    uint32_t *out)
{
	struct nw_rules *rs = p->rs;
	struct pat *pt;
	pcre2_code *code;
	PCRE2_SIZE eoff;
	PCRE2_UCHAR msg[256];
	struct nw_arena *tmp;
	const char **lits, **plits = NULL;
	size_t len = strlen(src), i, mask, nlits;
	uint32_t h = hash_bytes(src, len), minlen = 0;
	int ecode;

	if (len == 0) {
		perr(p, line, col, "empty pattern");
		return -1;
	}
	if (len > NW_MAX_PATTERN_LEN) {
		perr(p, line, col, "pattern longer than %d bytes",
		    NW_MAX_PATTERN_LEN);
		return -1;
	}
	if (rs->ptabsz > 0) {
		mask = rs->ptabsz - 1;
		for (i = h & mask; rs->ptab[i] != 0; i = (i + 1) & mask) {
			pt = &rs->pats[rs->ptab[i] - 1];
			if (pt->hash == h && pt->len == len &&
			    memcmp(pt->src, src, len) == 0) {
				*out = rs->ptab[i] - 1;
				return 0;
			}
		}
	}
	code = pcre2_compile((PCRE2_SPTR)src, len, COMPILE_OPTS, &ecode, &eoff,
	    rs->cctx);
	if (code == NULL) {
		if (pcre2_get_error_message(ecode, msg, sizeof(msg)) < 0)
			nw_strlcpy((char *)msg, "unknown error", sizeof(msg));
		perr(p, line, col + (long)eoff, "bad pattern: %s (pcre2 "
		    "error %d at offset %zu)", (char *)msg, ecode,
		    (size_t)eoff);
		return -1;
	}
	if (pcre2_pattern_info(code, PCRE2_INFO_MINLENGTH, &minlen) != 0 ||
	    minlen == 0) {
		pcre2_code_free(code);
		perr(p, line, col, "pattern can match the empty string; "
		    "evidence needs at least one character");
		return -1;
	}
	/* JIT when the platform has it; the interpreter otherwise */
	if (!rs->nojit)
		(void)pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
	tmp = nw_arena_new();
	nlits = pf_literals(tmp, src, len, &lits);
	if (nlits > 0) {
		plits = nw_arena_alloc(rs->arena, nlits * sizeof(*plits));
		for (i = 0; i < nlits; i++)
			plits[i] = nw_arena_strdup(rs->arena, lits[i]);
	}
	nw_arena_free(tmp);
	if ((rs->npats + 1) * 2 > rs->ptabsz)
		ptab_grow(rs);
	if ((rs->npats & (rs->npats - 1)) == 0)	/* 0, 1, 2, 4, ... */
		rs->pats = xreallocarray(rs->pats,
		    rs->npats == 0 ? 1 : rs->npats * 2, sizeof(*rs->pats));
	pt = &rs->pats[rs->npats];
	pt->src = xstrndup(src, len);
	pt->len = len;
	pt->hash = h;
	pt->code = code;
	pt->lits = plits;
	pt->nlits = nlits;
	*out = (uint32_t)rs->npats++;
	ptab_insert(rs, *out);
	return 0;
}

/* A match or unless value: "@name" (resolved later) or a pattern. */
static void
add_ptest(struct rparse *p, struct rule *r, int unless, char *value,
    long line, long col)
{
	struct ptest t;

	memset(&t, 0, sizeof(t));
	t.line = line;
	t.col = col;
	if (r->nmatch + r->nunless >= NW_MAX_RULE_PATTERNS) {
		perr(p, line, p->kcol, "rule %s has more than %d match and "
		    "unless lines", r->pub.id, NW_MAX_RULE_PATTERNS);
		r->bad = 1;
		return;
	}
	t.shown = nw_arena_strdup(p->rs->arena, value);
	if (value[0] == '@') {
		if (!valid_id(value + 1, 0)) {
			perr(p, line, col, "bad pattern name \"%.64s\": a name "
			    "is letters, digits, '.', '_' and '-'", value);
			r->bad = 1;
			return;
		}
		t.ref = t.shown + 1;
	} else if (pat_intern(p, value, line, col, &t.pat) == -1) {
		r->bad = 1;
		return;
	}
	if (unless) {
		r->unless = xreallocarray(r->unless, r->nunless + 1,
		    sizeof(*r->unless));
		r->unless[r->nunless++] = t;
	} else {
		r->match = xreallocarray(r->match, r->nmatch + 1,
		    sizeof(*r->match));
		r->match[r->nmatch++] = t;
	}
}

/* --- parsing: sections and keys ------------------------------------------ */

static void
rule_free(struct rule *r)
{
	size_t i;

	free(r->states);
	free(r->vstates);
	for (i = 0; i < r->nreq; i++)
		free(r->req_ids[i]);
	free(r->req_ids);
	free(r->req_cols);
	free(r->req);
	free(r->match);
	free(r->unless);
}

static void
fw_free(struct fw *f)
{
	size_t i;

	for (i = 0; i < f->nrules; i++)
		rule_free(f->rules[i]);
	free(f->rules);
	free(f->princ);
	free(f->defs);
}

static void
open_framework(struct rparse *p, const char *id, long line, long col)
{
	struct nw_rules *rs = p->rs;
	struct fw *f;

	if (p->fw != NULL) {
		perr(p, line, 1, "a rules file holds one framework; \"%s\" "
		    "was opened at line %ld", p->fw->pub.id, p->fw->pub.line);
		return;
	}
	if (!valid_id(id, 1))
		perr(p, line, col, "bad framework id \"%.64s\": 1-%d of "
		    "a-z, 0-9, '.', '_' and '-', starting with a letter or "
		    "digit", id, MAX_ID);
	f = nw_arena_alloc(rs->arena, sizeof(*f));
	f->pub.id = nw_arena_strdup(rs->arena, id);
	f->pub.file = nw_arena_strdup(rs->arena, p->path);
	f->pub.line = line;
	f->idcol = col;
	f->filei = rs->nfws;
	rs->fws = xreallocarray(rs->fws, rs->nfws + 1, sizeof(*rs->fws));
	rs->fws[rs->nfws++] = f;
	p->fw = f;
	p->sect = S_FRAMEWORK;
	p->sect_line = line;
}

static void
open_principle(struct rparse *p, const char *id, long line, long col)
{
	struct nw_principle *pr;
	size_t i;

	p->sect = S_PRINCIPLE;
	p->sect_line = line;
	p->pr = NULL;
	if (!valid_id(id, 0) || strlen(id) > 32) {
		perr(p, line, col, "bad principle id \"%.64s\": 1-32 letters, "
		    "digits, '.', '_' and '-'", id);
		return;
	}
	for (i = 0; i < p->fw->nprinc; i++) {
		if (strcmp(p->fw->princ[i]->id, id) == 0) {
			perr(p, line, col, "principle \"%s\" is already "
			    "declared at line %ld", id, p->fw->princ[i]->line);
			return;
		}
	}
	if (p->fw->nprinc >= NW_MAX_PRINCIPLES) {
		perr(p, line, 1, "more than %d principles in one framework",
		    NW_MAX_PRINCIPLES);
		return;
	}
	pr = nw_arena_alloc(p->rs->arena, sizeof(*pr));
	pr->id = nw_arena_strdup(p->rs->arena, id);
	pr->line = line;
	pr->index = p->fw->nprinc;
	p->fw->princ = xreallocarray(p->fw->princ, p->fw->nprinc + 1,
	    sizeof(*p->fw->princ));
	p->fw->princ[p->fw->nprinc++] = pr;
	p->pr = pr;
}

static void
open_rule(struct rparse *p, const char *id, long line, long col)
{
	struct rule *r;

	p->sect = S_RULE;
	p->sect_line = line;
	p->ru = NULL;
	if (!valid_id(id, 0)) {
		perr(p, line, col, "bad rule id \"%.64s\": 1-%d letters, "
		    "digits, '.', '_' and '-', starting with a letter or digit",
		    id, MAX_ID);
		return;
	}
	if (p->fw->nrules >= NW_MAX_RULES) {
		if (!p->fw->too_many)
			perr(p, line, 1, "more than %d rules in one file",
			    NW_MAX_RULES);
		p->fw->too_many = 1;
		return;
	}
	r = nw_arena_alloc(p->rs->arena, sizeof(*r));
	r->pub.id = nw_arena_strdup(p->rs->arena, id);
	r->pub.file = p->fw->pub.file;
	r->pub.line = line;
	r->pub.confidence = -1;
	r->idcol = col;
	r->order = p->fw->nrules;
	r->filei = p->fw->filei;
	p->fw->rules = xreallocarray(p->fw->rules, p->fw->nrules + 1,
	    sizeof(*p->fw->rules));
	p->fw->rules[p->fw->nrules++] = r;
	p->ru = r;
}

static void
add_define(struct rparse *p, const char *name, long ncol, const char *pattern,
    long pcol, long line)
{
	struct fw *f = p->fw;
	uint32_t idx;
	size_t i;

	if (!valid_id(name, 0)) {
		perr(p, line, ncol, "bad pattern name \"%.64s\": 1-%d "
		    "letters, digits, '.', '_' and '-'", name, MAX_ID);
		return;
	}
	for (i = 0; i < f->ndefs; i++) {
		if (strcmp(f->defs[i].name, name) == 0) {
			perr(p, line, ncol, "@%s is already defined at line %ld",
			    name, f->defs[i].line);
			return;
		}
	}
	if (f->ndefs >= NW_MAX_DEFINES) {
		perr(p, line, 1, "more than %d defines in one file",
		    NW_MAX_DEFINES);
		return;
	}
	if (pat_intern(p, pattern, line, pcol, &idx) == -1)
		return;
	f->defs = xreallocarray(f->defs, f->ndefs + 1, sizeof(*f->defs));
	f->defs[f->ndefs].name = nw_arena_strdup(p->rs->arena, name);
	f->defs[f->ndefs].pat = idx;
	f->defs[f->ndefs].line = line;
	f->ndefs++;
}

/* A free text value: one line, at most max bytes, "\#" meaning "#". */
static const char *
text_value(struct rparse *p, const char *key, const char *v, size_t max,
    long line, long col)
{
	char *out, *o;

	out = o = nw_arena_strdup(p->rs->arena, v);
	for (; *v != '\0'; v++) {
		if (v[0] == '\\' && v[1] == '#')
			v++;
		*o++ = *v;
	}
	*o = '\0';
	if (strlen(out) > max) {
		perr(p, line, col, "%s longer than %zu bytes", key, max);
		return NULL;
	}
	return out;
}

static void
framework_key(struct rparse *p, const char *key, char *v, long line, long col)
{
	struct nw_framework *f = &p->fw->pub;
	const char *s;

#define ONCE(field) do {						\
	if ((field) != NULL) {						\
		perr(p, line, p->kcol, "duplicate key \"%s\"", key);	\
		return;							\
	}								\
} while (0)

	if (strcmp(key, "name") == 0) {
		ONCE(f->name);
		p->fw->seen |= 1;
		f->name = text_value(p, key, v, NW_MAX_RULE_TEXT, line, col);
	} else if (strcmp(key, "version") == 0) {
		ONCE(f->version);
		p->fw->seen |= 2;
		f->version = text_value(p, key, v, MAX_VERSION, line, col);
	} else if (strcmp(key, "url") == 0) {
		ONCE(f->url);
		p->fw->seen |= 4;
		for (s = v; *s != '\0'; s++)
			if ((unsigned char)*s <= ' ' || *s == 0x7f)
				break;
		if ((!nw_strncaseeq(v, "https://", 8) &&
		    !nw_strncaseeq(v, "http://", 7)) || *s != '\0' ||
		    strlen(v) > NW_MAX_URL_LEN)
			perr(p, line, col, "url must be an http or https URL "
			    "without blanks");
		else
			f->url = nw_arena_strdup(p->rs->arena, v);
	} else
		perr(p, line, p->kcol, "unknown key \"%s\" for a framework "
		    "(name, version, url)", key);
}

static int
cond_key(const char *key)
{
	int i;

	for (i = 0; i < C_COUNT; i++)
		if (strcmp(cond_keys[i], key) == 0)
			return i;
	return -1;
}

/* A list of ISO 3166-1 alpha-2 codes, or "any" / "none" alone. */
static int
parse_states(struct rparse *p, const char *key, char *v, long line,
    const char *line0, char (**out)[3], size_t *nout, int allow_words)
{
	char *w;
	long col;
	int mode = SET_UNSET;

	while ((w = next_word(&v, line0, &col)) != NULL) {
		if (allow_words && (strcmp(w, "any") == 0 ||
		    strcmp(w, "none") == 0)) {
			if (mode != SET_UNSET) {
				perr(p, line, col, "%s: \"%s\" stands alone",
				    key, w);
				return -1;
			}
			mode = w[1] == 'n' ? SET_ANY : SET_NONE;
			continue;
		}
		if (mode == SET_ANY || mode == SET_NONE) {
			perr(p, line, col, "%s: \"any\" and \"none\" stand "
			    "alone", key);
			return -1;
		}
		if (!valid_iso(w)) {
			perr(p, line, col, "%s: \"%.16s\" is not an ISO 3166-1 "
			    "alpha-2 code (two capital letters)%s", key, w,
			    allow_words ? ", \"any\" or \"none\"" : "");
			return -1;
		}
		mode = SET_LIST;
		*out = xreallocarray(*out, *nout + 1, sizeof(**out));
		memcpy((*out)[(*nout)++], w, 3);
	}
	return mode;
}

/* A list of names looked up by fn; sets bits 1u << value. */
static int
parse_names(struct rparse *p, const char *key, char *v, long line,
    const char *line0, int (*fn)(const char *, int *), const char *choices,
    uint32_t *bits)
{
	char *w;
	long col;
	int val;

	*bits = 0;
	while ((w = next_word(&v, line0, &col)) != NULL) {
		if (fn(w, &val) == -1) {
			perr(p, line, col, "%s: unknown value \"%.32s\" (%s)",
			    key, w, choices);
			return -1;
		}
		*bits |= 1u << val;
	}
	return 0;
}

#define NAME_FN(name, type, fn)						\
static int								\
name(const char *s, int *out)						\
{									\
	type v;								\
									\
	if (fn(s, &v) == -1)						\
		return -1;						\
	*out = (int)v;							\
	return 0;							\
}
NAME_FN(hedge_of, enum nw_hedge, nw_hedge_from_name)
NAME_FN(party_of, enum nw_party, nw_party_from_name)
NAME_FN(sponsor_of, enum nw_sponsor, nw_sponsor_from_name)
NAME_FN(sector_of, enum nw_sector, nw_sector_from_name)

static void
sector_choices(char *buf, size_t sz)
{
	struct sb b = { buf, sz, 0 };
	int i;

	buf[0] = '\0';
	for (i = 0; i < NW_SECTOR_COUNT; i++)
		sb_addf(&b, "%s%s", i > 0 ? " " : "",
		    nw_sector_name((enum nw_sector)i));
}

static int
parse_date_bound(struct rparse *p, const char *key, char *v, long line,
    long col, int until, long *day, char out[16])
{
	struct nw_date d;
	long lo, hi;

	if (strlen(v) > 10 || nw_date_parse_iso(v, &d) == -1 ||
	    d.prec == NW_PREC_NONE || date_span(&d, &lo, &hi) == -1) {
		perr(p, line, col, "%s: \"%.16s\" is not a date YYYY, YYYY-MM "
		    "or YYYY-MM-DD", key, v);
		return -1;
	}
	*day = until ? hi : lo;
	nw_strlcpy(out, v, 16);
	return 0;
}

static void
rule_cond(struct rparse *p, struct rule *r, int c, char *v, long line,
    long col, const char *line0)
{
	char choices[256], *w;
	const char *key = cond_keys[c];
	uint32_t bits;
	long wcol;
	int mode;

	if (r->have & (1u << c)) {
		perr(p, line, p->kcol, "duplicate key \"%s\" (first at line "
		    "%ld)", key, r->cline[c]);
		r->bad = 1;
		return;
	}
	r->have |= 1u << c;
	r->cline[c] = line;
	r->ccol[c] = col;
	switch (c) {
	case C_ATTRIBUTED:
		mode = parse_states(p, key, v, line, line0, &r->states,
		    &r->nstates, 1);
		if (mode == -1)
			goto bad;
		r->attributed = mode;
		break;
	case C_VICTIMS:
		mode = parse_states(p, key, v, line, line0, &r->vstates,
		    &r->nvstates, 1);
		if (mode == -1)
			goto bad;
		r->victims = mode;
		break;
	case C_ACTORS:
		if (strcmp(v, "any") == 0)
			r->actors = SET_ANY;
		else if (strcmp(v, "none") == 0)
			r->actors = SET_NONE;
		else {
			perr(p, line, col, "actors: \"any\" or \"none\"");
			goto bad;
		}
		break;
	case C_HEDGE:
		if (parse_names(p, key, v, line, line0, hedge_of,
		    "asserted, suspected", &bits) == -1)
			goto bad;
		r->hedges = bits;
		break;
	case C_BY:
		if (parse_names(p, key, v, line, line0, party_of,
		    "government, vendor, self, media, unspecified",
		    &bits) == -1)
			goto bad;
		r->parties = bits;
		break;
	case C_SPONSORSHIP:
		if (parse_names(p, key, v, line, line0, sponsor_of,
		    "state, non-state, unknown", &bits) == -1)
			goto bad;
		r->sponsors = bits;
		break;
	case C_SECTORS:
	case C_NOT_SECTORS:
		sector_choices(choices, sizeof(choices));
		if (parse_names(p, key, v, line, line0, sector_of, choices,
		    &bits) == -1)
			goto bad;
		if (c == C_SECTORS)
			r->sectors = bits;
		else
			r->not_sectors = bits;
		break;
	case C_DATE_FROM:
		if (parse_date_bound(p, key, v, line, col, 0, &r->from,
		    r->from_s) == -1)
			goto bad;
		break;
	case C_DATE_UNTIL:
		if (parse_date_bound(p, key, v, line, col, 1, &r->until,
		    r->until_s) == -1)
			goto bad;
		break;
	case C_REQUIRES:
		while ((w = next_word(&v, line0, &wcol)) != NULL) {
			r->req_ids = xreallocarray(r->req_ids, r->nreq + 1,
			    sizeof(*r->req_ids));
			r->req_cols = xreallocarray(r->req_cols, r->nreq + 1,
			    sizeof(*r->req_cols));
			r->req_ids[r->nreq] = xstrdup(w);
			r->req_cols[r->nreq] = wcol;
			r->nreq++;
		}
		break;
	}
	return;
bad:
	r->bad = 1;
}

static void
rule_key(struct rparse *p, const char *key, char *v, long line, long col,
    const char *line0)
{
	struct rule *r = p->ru;
	long long n;
	int c;

	if (r == NULL)		/* a bad rule line, already reported */
		return;
	if (strcmp(key, "principle") == 0) {
		if (r->pid != NULL) {
			perr(p, line, p->kcol, "duplicate key \"%s\"", key);
			return;
		}
		r->pid = nw_arena_strdup(p->rs->arena, v);
		r->pline = line;
		r->pcol = col;
	} else if (strcmp(key, "confidence") == 0) {
		if (r->has_conf) {
			perr(p, line, p->kcol, "duplicate key \"%s\"", key);
			return;
		}
		r->has_conf = 1;
		if (nw_parse_ll(v, 0, 100, &n) == -1) {
			perr(p, line, col, "confidence must be a whole number "
			    "from 0 to 100");
			r->bad = 1;
			return;
		}
		r->pub.confidence = (int)n;
	} else if (strcmp(key, "rationale") == 0) {
		if (r->pub.rationale != NULL) {
			perr(p, line, p->kcol, "duplicate key \"%s\"", key);
			return;
		}
		r->pub.rationale = text_value(p, key, v, NW_MAX_RULE_TEXT, line,
		    col);
		if (r->pub.rationale == NULL)
			r->pub.rationale = "";
	} else if (strcmp(key, "match") == 0)
		add_ptest(p, r, 0, v, line, col);
	else if (strcmp(key, "unless") == 0)
		add_ptest(p, r, 1, v, line, col);
	else if ((c = cond_key(key)) != -1)
		rule_cond(p, r, c, v, line, col, line0);
	else {
		perr(p, line, p->kcol, "unknown key \"%s\" for a rule", key);
		r->bad = 1;
	}
}

/* Whether s is a key of some section. */
static int
known_key(const char *s)
{
	static const char *const keys[] = {
		"name", "version", "url", "title", "principle", "confidence",
		"rationale", "match", "unless"
	};
	size_t i;

	for (i = 0; i < NW_NELEM(keys); i++)
		if (strcmp(keys[i], s) == 0)
			return 1;
	return cond_key(s) != -1;
}

/* Where a '#' starts a comment: at the start or after a blank. */
static void
strip_comment(char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] == '#' && (i == 0 || is_blank(s[i - 1]))) {
			s[i] = '\0';
			return;
		}
	}
}

static void
trim_end(char *s)
{
	size_t n = strlen(s);

	while (n > 0 && (is_blank(s[n - 1]) || s[n - 1] == '\r'))
		s[--n] = '\0';
}

/* One line, comment stripped and trimmed at the end; not empty. */
static void
parse_line(struct rparse *p, char *line0, long line)
{
	char *s = line0, *word, *v, *name;
	long col, ncol;
	size_t n;

	while (is_blank(*s))
		s++;
	word = s;
	while (*s != '\0' && !is_blank(*s) && *s != '=')
		s++;
	n = (size_t)(s - word);
	col = (long)(word - line0) + 1;
	v = s;
	while (is_blank(*v))
		v++;

	if (*v == '=') {		/* key = value */
		char key[MAX_KEY + 1];
		size_t j;

		for (j = 0; j < n; j++) {
			char c = word[j];

			if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			    (j > 0 && c == '-')))
				break;
		}
		if (n == 0) {
			perr(p, line, col, "no key before '='");
			return;
		}
		if (j < n || n > MAX_KEY) {
			perr(p, line, col, "bad key \"%.*s\": keys are "
			    "lower-case letters, digits and '-'",
			    (int)(n > MAX_KEY ? MAX_KEY : n), word);
			return;
		}
		memcpy(key, word, n);
		key[n] = '\0';
		if (strcmp(key, "define") == 0) {
			perr(p, line, col, "expected \"define NAME = "
			    "PATTERN\"");
			return;
		}
		v++;
		while (is_blank(*v))
			v++;
		if (*v == '\0') {
			perr(p, line, (long)(v - line0) + 1, "key \"%s\" has "
			    "no value", key);
			if (p->ru != NULL && p->sect == S_RULE)
				p->ru->bad = 1;
			return;
		}
		if (p->fw == NULL)
			goto nofw;
		p->kcol = col;
		col = (long)(v - line0) + 1;
		switch (p->sect) {
		case S_FRAMEWORK:
			framework_key(p, key, v, line, col);
			break;
		case S_PRINCIPLE:
			if (strcmp(key, "title") == 0) {
				if (p->pr == NULL)
					break;	/* a bad principle line */
				if (p->pr->title != NULL)
					perr(p, line, p->kcol, "duplicate key "
					    "\"title\"");
				else
					p->pr->title = text_value(p, key, v,
					    NW_MAX_RULE_TEXT, line, col);
			} else
				perr(p, line, p->kcol, "unknown key \"%s\" "
				    "for a principle (title)", key);
			break;
		case S_RULE:
			rule_key(p, key, v, line, col, line0);
			break;
		}
		return;
	}

	/* keyword ARG */
	word[n] = '\0';
	if (strcmp(word, "framework") == 0 || strcmp(word, "principle") == 0 ||
	    strcmp(word, "rule") == 0) {
		char *arg = next_word(&v, line0, &ncol);

		if (arg == NULL)
			perr(p, line, col, "\"%s\" needs an id", word);
		else {
			while (is_blank(*v))
				v++;
			if (*v != '\0') {
				perr(p, line, (long)(v - line0) + 1,
				    "unexpected text after \"%s %s\"", word,
				    arg);
				arg = NULL;
			}
		}
		if (arg == NULL) {
			/* the keys that follow belong to no section */
			if (p->fw != NULL && word[0] != 'f') {
				p->sect = word[0] == 'p' ? S_PRINCIPLE : S_RULE;
				p->pr = NULL;
				p->ru = NULL;
			}
			return;
		}
		if (word[0] == 'f') {
			open_framework(p, arg, line, ncol);
			return;
		}
		if (p->fw == NULL)
			goto nofw;
		if (word[0] == 'p')
			open_principle(p, arg, line, ncol);
		else
			open_rule(p, arg, line, ncol);
		return;
	}
	if (strcmp(word, "define") == 0) {
		if (p->fw == NULL)
			goto nofw;
		name = v;
		while (*v != '\0' && !is_blank(*v) && *v != '=')
			v++;
		ncol = (long)(name - line0) + 1;
		s = v;
		while (is_blank(*v))
			v++;
		if (*v != '=' || s == name) {
			perr(p, line, col, "expected \"define NAME = "
			    "PATTERN\"");
			return;
		}
		*s = '\0';
		v++;
		while (is_blank(*v))
			v++;
		add_define(p, name, ncol, v, (long)(v - line0) + 1, line);
		return;
	}
	if (known_key(word))
		perr(p, line, col, "expected \"%s = value\"", word);
	else
		perr(p, line, col, "unknown keyword \"%.32s\" (framework, "
		    "principle, rule, define, or key = value)", word);
	return;
nofw:
	if (!p->told_nofw)
		perr(p, line, col, "expected \"framework ID\" before anything "
		    "else");
	p->told_nofw = 1;
}

/* --- end of a file: required keys and references -------------------------- */

static struct nw_principle *
find_principle(struct fw *f, const char *id)
{
	size_t i;

	for (i = 0; i < f->nprinc; i++)
		if (strcmp(f->princ[i]->id, id) == 0)
			return f->princ[i];
	return NULL;
}

static const struct def *
find_def(const struct fw *f, const char *name)
{
	size_t i;

	for (i = 0; i < f->ndefs; i++)
		if (strcmp(f->defs[i].name, name) == 0)
			return &f->defs[i];
	return NULL;
}

static void
resolve_ptests(struct rparse *p, struct rule *r, struct ptest *t, size_t n)
{
	const struct def *d;
	size_t i;

	for (i = 0; i < n; i++) {
		if (t[i].ref == NULL)
			continue;
		if ((d = find_def(p->fw, t[i].ref)) == NULL) {
			perr(p, t[i].line, t[i].col, "undefined pattern name "
			    "@%.64s", t[i].ref);
			r->bad = 1;
			continue;
		}
		t[i].pat = d->pat;
	}
}

/* Whether rule r of file-local rules depends on s (requires its principle). */
static int
depends(const struct rule *r, const struct rule *s)
{
	size_t i;

	if (r == s)
		return 0;
	for (i = 0; i < r->nreq; i++)
		if (r->req[i] == s->pidx)
			return 1;
	return 0;
}

/*
 * Order rules[0..n) so that each comes after those it depends on, taking
 * the lowest index ready at each pass.  Writes n indexes to order and
 * returns how many could be placed (n when there is no cycle).
 */
static size_t
toposort(struct rule **rules, size_t n, size_t *order)
{
	unsigned char *done = xcalloc(n == 0 ? 1 : n, 1);
	size_t placed = 0, i, j;
	int progress = 1;

	while (placed < n && progress) {
		progress = 0;
		for (i = 0; i < n; i++) {
			if (done[i])
				continue;
			for (j = 0; j < n; j++)
				if (!done[j] && depends(rules[i], rules[j]))
					break;
			if (j < n)
				continue;
			done[i] = 1;
			order[placed++] = i;
			progress = 1;
		}
	}
	free(done);
	return placed;
}

/* Report one requires cycle among the rules of f (which has one). */
static void
report_cycle(struct rparse *p, struct fw *f, const size_t *order,
    size_t placed)
{
	unsigned char *done = xcalloc(f->nrules, 1);
	size_t *path = xcalloc(f->nrules + 1, sizeof(*path));
	size_t npath = 0, i, j, k, start;
	char msg[400];
	struct sb b = { msg, sizeof(msg), 0 };

	for (i = 0; i < placed; i++)
		done[order[i]] = 1;
	for (i = 0; i < f->nrules && done[i]; i++)
		;
	/* walk from a stuck rule along stuck dependencies until one repeats */
	for (;;) {
		for (k = 0; k < npath; k++)
			if (path[k] == i)
				break;
		if (k < npath) {
			start = k;
			break;
		}
		path[npath++] = i;
		for (j = 0; j < f->nrules; j++)
			if (!done[j] && depends(f->rules[i], f->rules[j]))
				break;
		if (j == f->nrules)
			abort();	/* a stuck rule has a stuck dependency */
		i = j;
	}
	for (k = start; k < npath; k++)
		sb_addf(&b, "%s -> ", f->rules[path[k]]->pub.id);
	sb_addf(&b, "%s", f->rules[path[start]]->pub.id);
	i = path[start];
	perr(p, f->rules[i]->cline[C_REQUIRES], f->rules[i]->ccol[C_REQUIRES],
	    "requires cycle: %s", msg);
	free(path);
	free(done);
}

static void
finish_file(struct rparse *p)
{
	struct fw *f = p->fw;
	struct nw_principle *pr;
	struct rule *r;
	size_t i, j, k, *order, placed;
	int nerr0;

	if (f == NULL) {
		if (!p->told_nofw)
			perr(p, 1, 1, "empty rules file: no \"framework ID\" "
			    "line");
		return;
	}
	nerr0 = p->nerr;
	if (!(f->seen & 1))
		perr(p, f->pub.line, 1, "framework %s: missing key \"name\"",
		    f->pub.id);
	if (!(f->seen & 2))
		perr(p, f->pub.line, 1, "framework %s: missing key \"version\"",
		    f->pub.id);
	if (!(f->seen & 4))
		perr(p, f->pub.line, 1, "framework %s: missing key \"url\"",
		    f->pub.id);
	for (i = 0; i < f->nprinc; i++)
		if (f->princ[i]->title == NULL)
			perr(p, f->princ[i]->line, 1, "principle %s: missing "
			    "key \"title\"", f->princ[i]->id);
	if (f->nrules == 0) {
		perr(p, f->pub.line, 1, "framework %s has no rules",
		    f->pub.id);
		return;
	}
	if (f->too_many)
		return;

	for (i = 0; i < f->nrules; i++) {
		r = f->rules[i];
		if (r->pid == NULL)
			perr(p, r->pub.line, 1, "rule %s: missing key "
			    "\"principle\"", r->pub.id);
		else if ((pr = find_principle(f, r->pid)) == NULL)
			perr(p, r->pline, r->pcol, "rule %s: principle \"%.32s\" "
			    "is not declared in framework %s", r->pub.id,
			    r->pid, f->pub.id);
		else
			r->pidx = pr->index;
		if (!r->has_conf)
			perr(p, r->pub.line, 1, "rule %s: missing key "
			    "\"confidence\"", r->pub.id);
		if (r->pub.rationale == NULL)
			perr(p, r->pub.line, 1, "rule %s: missing key "
			    "\"rationale\"", r->pub.id);
		if (r->have == 0 && r->nmatch == 0 && r->nunless == 0 &&
		    !r->bad)
			perr(p, r->pub.line, 1, "rule %s has no condition and "
			    "no match line: it would fire for every incident",
			    r->pub.id);
		if (r->attributed == SET_NONE &&
		    (r->have & ((1u << C_HEDGE) | (1u << C_BY))))
			perr(p, r->cline[C_ATTRIBUTED], r->ccol[C_ATTRIBUTED],
			    "rule %s: \"attributed = none\" cannot go with "
			    "hedge or by", r->pub.id);
		if (r->sectors & r->not_sectors)
			perr(p, r->cline[C_NOT_SECTORS], r->ccol[C_NOT_SECTORS],
			    "rule %s: a sector is in both sectors and "
			    "not-sectors", r->pub.id);
		if ((r->have & (1u << C_DATE_FROM)) &&
		    (r->have & (1u << C_DATE_UNTIL)) && r->from > r->until)
			perr(p, r->cline[C_DATE_UNTIL], r->ccol[C_DATE_UNTIL],
			    "rule %s: date-until is before date-from",
			    r->pub.id);
		resolve_ptests(p, r, r->match, r->nmatch);
		resolve_ptests(p, r, r->unless, r->nunless);
		if (r->nreq > 0)
			r->req = xcalloc(r->nreq, sizeof(*r->req));
		for (j = 0; j < r->nreq; j++) {
			pr = find_principle(f, r->req_ids[j]);
			if (pr == NULL) {
				perr(p, r->cline[C_REQUIRES], r->req_cols[j],
				    "rule %s: requires principle \"%.32s\", "
				    "which is not declared", r->pub.id,
				    r->req_ids[j]);
				continue;
			}
			r->req[j] = pr->index;
		}
		if (r->have & (1u << C_REQUIRES) && r->nreq == 0)
			perr(p, r->cline[C_REQUIRES], r->ccol[C_REQUIRES],
			    "requires: no principle given");
	}
	if (p->nerr > nerr0)
		return;
	/* a required principle must have some other rule to find it */
	for (i = 0; i < f->nrules; i++) {
		r = f->rules[i];
		for (j = 0; j < r->nreq; j++) {
			for (k = 0; k < f->nrules; k++)
				if (k != i && f->rules[k]->pidx == r->req[j])
					break;
			if (k == f->nrules)
				perr(p, r->cline[C_REQUIRES], r->req_cols[j],
				    "rule %s: requires principle %s, but no "
				    "other rule supports it", r->pub.id,
				    r->req_ids[j]);
		}
	}
	if (p->nerr > nerr0)
		return;
	order = xcalloc(f->nrules, sizeof(*order));
	placed = toposort(f->rules, f->nrules, order);
	if (placed < f->nrules)
		report_cycle(p, f, order, placed);
	free(order);
}

/* Parse one file into rs; returns the number of errors. */
static int
parse_file(struct nw_rules *rs, const char *path, const char *text,
    size_t len, nw_error_fn onerr, void *arg, struct nw_error *err)
{
	struct rparse p;
	char *buf;
	size_t pos = 0, bad, n, i;
	long lineno = 0;

	memset(&p, 0, sizeof(p));
	p.rs = rs;
	p.path = path != NULL ? path : "(rules)";
	p.onerr = onerr;
	p.arg = arg;
	p.err = err;

	if (len > NW_MAX_CONF_FILE) {
		perr(&p, 0, 0, "rules file larger than %u bytes",
		    NW_MAX_CONF_FILE);
		return p.nerr;
	}
	if (nw_utf8_check(text, len, &bad) == -1) {
		long l = 1, c = 1;

		for (i = 0; i < bad; i++) {
			c++;
			if (text[i] == '\n') {
				l++;
				c = 1;
			}
		}
		if (text[bad] == '\0')
			perr(&p, l, c, "NUL byte (byte offset %zu)", bad);
		else
			perr(&p, l, c, "not valid UTF-8 (byte offset %zu)",
			    bad);
		return p.nerr;
	}
	buf = xmalloc(NW_MAX_CONF_LINE + 1);
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		pos = 3;	/* a byte order mark from some editor */
	while (pos < len) {
		lineno++;
		for (n = 0; pos + n < len && text[pos + n] != '\n'; n++)
			;
		if (n > NW_MAX_CONF_LINE) {
			perr(&p, lineno, NW_MAX_CONF_LINE + 1, "line longer "
			    "than %d bytes", NW_MAX_CONF_LINE);
			if (p.sect == S_RULE && p.ru != NULL)
				p.ru->bad = 1;
			pos += n + 1;
			continue;
		}
		memcpy(buf, text + pos, n);
		buf[n] = '\0';
		pos += n + 1;
		strip_comment(buf);
		trim_end(buf);
		for (i = 0; is_blank(buf[i]); i++)
			;
		if (buf[i] == '\0')
			continue;
		parse_line(&p, buf, lineno);
	}
	free(buf);
	finish_file(&p);
	if (p.fw != NULL)
		nw_sha256_hex(text, len, p.fw->pub.sha256);
	return p.nerr;
}

/* --- the set ----------------------------------------------------------- */

static struct nw_rules *
rules_new(void)
{
	struct nw_rules *rs = xcalloc(1, sizeof(*rs));
	const char *jit;

	rs->arena = nw_arena_new();
	rs->cctx = pcre2_compile_context_create(NULL);
	if (rs->cctx == NULL) {
		fprintf(stderr, "normwatch: out of memory\n");
		abort();
	}
	(void)pcre2_set_max_pattern_length(rs->cctx, NW_MAX_PATTERN_LEN);
	jit = getenv("NORMWATCH_PCRE2_JIT");
	rs->nojit = jit != NULL && strcmp(jit, "0") == 0;
	return rs;
}

void
nw_rules_free(struct nw_rules *rs)
{
	size_t i;

	if (rs == NULL)
		return;
	for (i = 0; i < rs->nfws; i++)
		fw_free(rs->fws[i]);
	free(rs->fws);
	free(rs->princ);
	free(rs->rules);
	free(rs->order);
	for (i = 0; i < rs->npats; i++) {
		free(rs->pats[i].src);
		pcre2_code_free(rs->pats[i].code);
	}
	free(rs->pats);
	free(rs->ptab);
	if (rs->pf != NULL) {
		pfauto_free(rs->pf);
		free(rs->pf);
	}
	pcre2_compile_context_free(rs->cctx);
	nw_arena_free(rs->arena);
	free(rs);
}

static int
cmp_fw(const void *a, const void *b)
{
	const struct fw *x = *(struct fw *const *)a;
	const struct fw *y = *(struct fw *const *)b;

	return strcmp(x->pub.id, y->pub.id);
}

static int
cmp_rule_canon(const void *a, const void *b)
{
	const struct rule *x = *(struct rule *const *)a;
	const struct rule *y = *(struct rule *const *)b;

	if (x->pidx != y->pidx)
		return x->pidx < y->pidx ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static int
cmp_rule_id(const void *a, const void *b)
{
	const struct rule *x = *(struct rule *const *)a;
	const struct rule *y = *(struct rule *const *)b;
	int c = strcmp(x->pub.id, y->pub.id);

	if (c != 0)
		return c;
	if (x->filei != y->filei)
		return x->filei < y->filei ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* Ids used twice: frameworks, and rules across and within files. */
static void
check_duplicates(struct rparse *p)
{
	struct nw_rules *rs = p->rs;
	struct fw **byload;
	struct rule **all;
	size_t n = 0, i, j;

	byload = xcalloc(rs->nfws + 1, sizeof(*byload));
	for (i = 0; i < rs->nfws; i++)
		byload[i] = rs->fws[i];
	for (i = 0; i < rs->nfws; i++)
		for (j = 0; j < i; j++)
			if (strcmp(byload[i]->pub.id, byload[j]->pub.id) == 0) {
				err_at(p, byload[i]->pub.file,
				    byload[i]->pub.line, byload[i]->idcol,
				    "framework \"%s\" "
				    "is already defined at %s:%ld",
				    byload[i]->pub.id, byload[j]->pub.file,
				    byload[j]->pub.line);
				break;
			}
	for (i = 0; i < rs->nfws; i++)
		n += rs->fws[i]->nrules;
	all = xcalloc(n + 1, sizeof(*all));
	n = 0;
	for (i = 0; i < rs->nfws; i++)
		for (j = 0; j < rs->fws[i]->nrules; j++)
			all[n++] = rs->fws[i]->rules[j];
	if (n > 0)
		qsort(all, n, sizeof(*all), cmp_rule_id);
	for (i = 1; i < n; i++) {
		for (j = i; j > 0 && strcmp(all[j - 1]->pub.id,
		    all[i]->pub.id) == 0; j--)
			;
		if (j == i)
			continue;
		err_at(p, all[i]->pub.file, all[i]->pub.line, all[i]->idcol,
		    "rule id "
		    "\"%s\" is already used at %s:%ld", all[i]->pub.id,
		    all[j]->pub.file, all[j]->pub.line);
	}
	free(all);
	free(byload);
}

/* Canonical order, global indexes, evaluation order and version. */
static void
rules_finish(struct nw_rules *rs)
{
	struct fw *f;
	struct rule *r;
	struct nw_buf b;
	size_t i, j, k, *order;

	if (rs->nfws > 0)
		qsort(rs->fws, rs->nfws, sizeof(*rs->fws), cmp_fw);
	nw_buf_init(&b, (size_t)NW_MAX_RULE_FILES * NW_SHA256_HEX + 1);
	for (i = 0; i < rs->nfws; i++) {
		f = rs->fws[i];
		if (nw_buf_adds(&b, f->pub.sha256) == -1 ||
		    nw_buf_addc(&b, '\n') == -1)
			abort();	/* sized for NW_MAX_RULE_FILES */
		f->pub.principle0 = rs->nprinc;
		f->pub.nprinciples = f->nprinc;
		rs->princ = xreallocarray(rs->princ, rs->nprinc + f->nprinc + 1,
		    sizeof(*rs->princ));
		for (j = 0; j < f->nprinc; j++) {
			f->princ[j]->framework = i;
			f->princ[j]->index = rs->nprinc;
			rs->princ[rs->nprinc++] = f->princ[j];
		}
		qsort(f->rules, f->nrules, sizeof(*f->rules), cmp_rule_canon);
		f->pub.rule0 = rs->nrules;
		f->pub.nrules = f->nrules;
		rs->rules = xreallocarray(rs->rules, rs->nrules + f->nrules + 1,
		    sizeof(*rs->rules));
		for (j = 0; j < f->nrules; j++) {
			r = f->rules[j];
			r->pub.framework = i;
			r->pidx += f->pub.principle0;
			r->pub.principle = r->pidx;
			for (k = 0; k < r->nreq; k++)
				r->req[k] += f->pub.principle0;
			r->pub.index = rs->nrules;
			rs->rules[rs->nrules++] = r;
		}
	}
	nw_sha256_hex(b.data != NULL ? b.data : "", b.len, rs->version);
	nw_buf_free(&b);
	rs->pf = pfauto_build(rs->pats, rs->npats);
	for (i = 0; rs->pf != NULL && i < rs->npats; i++)
		if (rs->pats[i].nlits > 0)
			rs->nprefiltered++;
	/* requires stay within a framework, whose file had no cycle */
	rs->order = xcalloc(rs->nrules + 1, sizeof(*rs->order));
	for (i = 0; i < rs->nfws; i++) {
		f = rs->fws[i];
		order = rs->order + f->pub.rule0;
		if (toposort(f->rules, f->nrules, order) != f->nrules)
			abort();
		for (j = 0; j < f->nrules; j++)
			order[j] += f->pub.rule0;
	}
}

struct nw_rules *
nw_rules_parse(const char *path, const char *text, size_t len,
    nw_error_fn onerr, void *arg, struct nw_error *err)
{
	struct nw_rules *rs;
	struct rparse p;

	nw_error_clear(err);
	memset(&p, 0, sizeof(p));
	p.onerr = onerr;
	p.arg = arg;
	p.err = err;
	rs = rules_new();
	p.rs = rs;
	p.nerr = parse_file(rs, path, text, len, onerr, arg, err);
	check_duplicates(&p);
	if (p.nerr == 0)
		rules_finish(rs);
	if (p.nerr > 0) {
		nw_rules_free(rs);
		return NULL;
	}
	return rs;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct nw_rules *
nw_rules_load(const char *const *paths, size_t n, nw_error_fn onerr,
    void *arg, struct nw_error *err)
{
	struct nw_rules *rs = NULL;
	struct nw_error e;
	struct rparse p;
	const char **sorted = NULL;
	char *text;
	size_t len, i;

	nw_error_clear(err);
	memset(&p, 0, sizeof(p));
	p.onerr = onerr;
	p.arg = arg;
	p.err = err;
	if (n == 0) {
		err_at(&p, "", 0, 0, "no rules files given");
		return NULL;
	}
	if (n > NW_MAX_RULE_FILES) {
		nw_error_clear(&e);
		nw_error_where(&e, NULL, paths[NW_MAX_RULE_FILES]);
		nw_error_set(&e, NW_E_LIMIT, "more than %d rules files",
		    NW_MAX_RULE_FILES);
		report_err(onerr, arg, err, &p.nerr, &e);
		return NULL;
	}
	sorted = xcalloc(n, sizeof(*sorted));
	for (i = 0; i < n; i++)
		sorted[i] = paths[i];
	qsort(sorted, n, sizeof(*sorted), cmp_str);
	rs = rules_new();
	p.rs = rs;
	for (i = 0; i < n; i++) {
		nw_error_clear(&e);
		text = nw_read_file(sorted[i], NW_MAX_CONF_FILE, &len, &e);
		if (text == NULL) {
			report_err(onerr, arg, err, &p.nerr, &e);
			continue;
		}
		p.nerr += parse_file(rs, sorted[i], text, len, onerr, arg,
		    p.nerr == 0 ? err : NULL);
		free(text);
	}
	check_duplicates(&p);
	if (p.nerr == 0)
		rules_finish(rs);
	free(sorted);
	if (p.nerr > 0) {
		nw_rules_free(rs);
		return NULL;
	}
	return rs;
}

struct nw_rules *
nw_rules_load_dir(const char *dir, nw_error_fn onerr, void *arg,
    struct nw_error *err)
{
	struct nw_rules *rs;
	struct dirent *de;
	struct nw_error e;
	char **paths = NULL;
	size_t n = 0, len, i;
	DIR *d;
	int nerr = 0, too_many = 0;

	nw_error_clear(err);
	if ((d = opendir(dir)) == NULL) {
		nw_error_clear(&e);
		nw_error_where(&e, NULL, dir);
		nw_error_set(&e, NW_E_CONFIG, "cannot read rules directory: "
		    "%s", strerror(errno));
		report_err(onerr, arg, err, &nerr, &e);
		return NULL;
	}
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len < 7 || de->d_name[0] == '.' ||
		    strcmp(de->d_name + len - 6, ".rules") != 0)
			continue;
		if (n >= NW_MAX_RULE_FILES) {
			too_many = 1;
			continue;
		}
		paths = xreallocarray(paths, n + 1, sizeof(*paths));
		paths[n++] = xasprintf("%s/%s", dir, de->d_name);
	}
	closedir(d);
	if (too_many) {
		nw_error_clear(&e);
		nw_error_where(&e, NULL, dir);
		nw_error_set(&e, NW_E_LIMIT, "more than %d rules files in the "
		    "directory", NW_MAX_RULE_FILES);
		report_err(onerr, arg, err, &nerr, &e);
		rs = NULL;
		goto out;
	}
	if (n == 0) {
		nw_error_clear(&e);
		nw_error_where(&e, NULL, dir);
		nw_error_set(&e, NW_E_CONFIG, "no *.rules file in the "
		    "directory");
		report_err(onerr, arg, err, &nerr, &e);
		return NULL;
	}
	rs = nw_rules_load((const char *const *)paths, n, onerr, arg, err);
out:
	for (i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	return rs;
}

size_t
nw_rules_nframeworks(const struct nw_rules *rs)
{
	return rs->nfws;
}

size_t
nw_rules_nprinciples(const struct nw_rules *rs)
{
	return rs->nprinc;
}

size_t
nw_rules_nrules(const struct nw_rules *rs)
{
	return rs->nrules;
}

size_t
nw_rules_npatterns(const struct nw_rules *rs)
{
	return rs->npats;
}

size_t
nw_rules_nprefiltered(const struct nw_rules *rs)
{
	return rs->nprefiltered;
}

const struct nw_framework *
nw_rules_framework(const struct nw_rules *rs, size_t i)
{
	return i < rs->nfws ? &rs->fws[i]->pub : NULL;
}

const struct nw_principle *
nw_rules_principle(const struct nw_rules *rs, size_t i)
{
	return i < rs->nprinc ? rs->princ[i] : NULL;
}

const struct nw_rule *
nw_rules_rule(const struct nw_rules *rs, size_t i)
{
	return i < rs->nrules ? &rs->rules[i]->pub : NULL;
}

const struct nw_framework *
nw_rules_find_framework(const struct nw_rules *rs, const char *id)
{
	size_t i;

	for (i = 0; i < rs->nfws; i++)
		if (strcmp(rs->fws[i]->pub.id, id) == 0)
			return &rs->fws[i]->pub;
	return NULL;
}

const struct nw_rule *
nw_rules_find_rule(const struct nw_rules *rs, const char *id)
{
	size_t i;

	for (i = 0; i < rs->nrules; i++)
		if (strcmp(rs->rules[i]->pub.id, id) == 0)
			return &rs->rules[i]->pub;
	return NULL;
}

const char *
nw_rules_version(const struct nw_rules *rs)
{
	return rs->version;
}

/* --- the mapper ----------------------------------------------------------- */

/* The result of one pattern on one report, valid when gen is current. */
struct memo {
	uint32_t	gen;
	int32_t		rc;		/* 1 match, 0 none, < 0 pcre2 error */
	uint32_t	off;
	uint32_t	len;
};

/* Per rule, for the current incident. */
struct rstate {
	uint32_t	gen;		/* current when it fired */
	uint32_t	ev0;		/* its evidence in m->ev */
	uint32_t	nev;
};

struct attrref {
	size_t				 report;
	const struct nw_attribution	*a;
};

struct nw_mapper {
	const struct nw_rules	*rs;
	pcre2_match_data	*md;
	pcre2_match_context	*mc;
	pcre2_jit_stack		*js;
	uint32_t		 gen;
	int			 near;		/* near misses asked for */
	const struct nw_map_input *in;
	struct memo		*memo;		/* [report * npats + pat] */
	size_t			 memocap;
	int			 prefilter;	/* use rs->pf */
	uint32_t		*scanned;	/* per report: gen when the
						   prefilter ran on it */
	uint32_t		*maybe;		/* [report * npats + pat]: gen
						   when one of its literals was
						   found in the report */
	size_t			 nscan;		/* reports scanned and maybe
						   have room for */
	struct rstate		*rst;		/* per rule */
	uint32_t		*pfound;	/* per principle: gen if found */
	struct nw_evidence	*ev;
	size_t			 nev, capev;
	struct nw_finding	*find;		/* capacity nrules */
	struct nw_near_miss	*nearv;		/* capacity nrules */
	size_t			 nnear;
	struct nw_error		 warn[NW_MAX_MAP_WARNINGS];
	size_t			 nwarn, nwarn_total;
	/* facts of the incident */
	struct attrref		*attrs;
	size_t			 nattrs, capattrs;
	size_t			 nactors;
	size_t			 actor_report;	/* of the first actor */
	const struct nw_actor	*actor;		/* the first actor */
	uint64_t		 vbits[11];	/* victims: 26 * 26 bits */
	size_t			 nvictims;	/* distinct */
	uint32_t		 sectors;
	unsigned		 sponsors;
	int			 dated;
	long			 dlo, dhi;
	struct nw_map_result	 res;
};

struct nw_mapper *
nw_mapper_new(const struct nw_rules *rs, struct nw_error *err)
{
	struct nw_mapper *m;

	nw_error_clear(err);
	m = xcalloc(1, sizeof(*m));
	m->rs = rs;
	m->md = pcre2_match_data_create(1, NULL);
	m->mc = pcre2_match_context_create(NULL);
	m->js = pcre2_jit_stack_create(32u << 10, NW_REGEX_JIT_STACK, NULL);
	if (m->md == NULL || m->mc == NULL || m->js == NULL) {
		nw_error_set(err, NW_E_INTERNAL, "pcre2 cannot allocate "
		    "match data");
		nw_mapper_free(m);
		return NULL;
	}
	(void)pcre2_set_match_limit(m->mc, NW_REGEX_MATCH_LIMIT);
	(void)pcre2_set_depth_limit(m->mc, NW_REGEX_DEPTH_LIMIT);
	(void)pcre2_set_heap_limit(m->mc, NW_REGEX_HEAP_LIMIT);
	pcre2_jit_stack_assign(m->mc, NULL, m->js);
	m->rst = xcalloc(rs->nrules + 1, sizeof(*m->rst));
	m->pfound = xcalloc(rs->nprinc + 1, sizeof(*m->pfound));
	m->find = xcalloc(rs->nrules + 1, sizeof(*m->find));
	m->nearv = xcalloc(rs->nrules + 1, sizeof(*m->nearv));
	return m;
}

void
nw_mapper_free(struct nw_mapper *m)
{
	if (m == NULL)
		return;
	pcre2_match_data_free(m->md);
	pcre2_match_context_free(m->mc);
	pcre2_jit_stack_free(m->js);
	free(m->memo);
	free(m->scanned);
	free(m->maybe);
	free(m->rst);
	free(m->pfound);
	free(m->ev);
	free(m->find);
	free(m->nearv);
	free(m->attrs);
	free(m);
}

static void
victim_set(struct nw_mapper *m, const char *cc)
{
	unsigned bit;

	if (!valid_iso(cc))
		return;
	bit = (unsigned)(cc[0] - 'A') * 26 + (unsigned)(cc[1] - 'A');
	if (m->vbits[bit / 64] & (UINT64_C(1) << (bit % 64)))
		return;
	m->vbits[bit / 64] |= UINT64_C(1) << (bit % 64);
	m->nvictims++;
}

static int
victim_has(const struct nw_mapper *m, const char *cc)
{
	unsigned bit;

	if (!valid_iso(cc))
		return 0;
	bit = (unsigned)(cc[0] - 'A') * 26 + (unsigned)(cc[1] - 'A');
	return (m->vbits[bit / 64] & (UINT64_C(1) << (bit % 64))) != 0;
}

static void
gather_facts(struct nw_mapper *m, const struct nw_map_input *in)
{
	const struct nw_extract *ex;
	size_t i, j, n;

	m->nattrs = 0;
	m->nactors = 0;
	m->actor = NULL;
	memset(m->vbits, 0, sizeof(m->vbits));
	m->nvictims = 0;
	m->sectors = 0;
	m->sponsors = 0;
	for (i = 0; i < in->nreports; i++) {
		if ((ex = in->reports[i].ex) == NULL)
			continue;
		n = ex->nattr < NW_MAX_ATTRIB ? ex->nattr : NW_MAX_ATTRIB;
		if (m->nattrs + n > m->capattrs) {
			m->capattrs = (m->nattrs + n) * 2;
			m->attrs = xreallocarray(m->attrs, m->capattrs,
			    sizeof(*m->attrs));
		}
		for (j = 0; j < n; j++) {
			m->attrs[m->nattrs].report = i;
			m->attrs[m->nattrs].a = &ex->attr[j];
			m->nattrs++;
		}
		n = ex->nactors < NW_MAX_ACTORS ? ex->nactors : NW_MAX_ACTORS;
		if (n > 0 && m->actor == NULL) {
			m->actor = &ex->actors[0];
			m->actor_report = i;
		}
		m->nactors += n;
		n = ex->nvictims < NW_MAX_VICTIMS ? ex->nvictims :
		    NW_MAX_VICTIMS;
		for (j = 0; j < n; j++) {
			char cc[3];

			memcpy(cc, ex->victims[j], 2);
			cc[2] = '\0';
			victim_set(m, cc);
		}
		m->sectors |= ex->sectors & ((1u << NW_SECTOR_COUNT) - 1);
		if ((unsigned)ex->sponsorship <= NW_SPONSOR_NONSTATE)
			m->sponsors |= 1u << ex->sponsorship;
	}
	/* "unknown" only when no report knows */
	if (m->sponsors & ~(1u << NW_SPONSOR_UNKNOWN))
		m->sponsors &= ~(1u << NW_SPONSOR_UNKNOWN);
	if (m->sponsors == 0)
		m->sponsors = 1u << NW_SPONSOR_UNKNOWN;
	m->dated = date_span(&in->date, &m->dlo, &m->dhi) == 0;
}

/*
 * One pass of the prefilter over report r: marks the patterns one of whose
 * literals occurs in it as maybe matching.
 */
static void
pf_scan(struct nw_mapper *m, size_t r)
{
	const struct pfauto *pa = m->rs->pf;
	const struct nw_map_report *rep = &m->in->reports[r];
	const unsigned char *t = (const unsigned char *)rep->text;
	uint32_t *maybe = m->maybe + r * m->rs->npats;
	size_t i, k, len = rep->len, ncls = pa->ncls;
	uint32_t s = 0, c, gen = m->gen;

	m->scanned[r] = gen;
	for (i = 0; i < len; i++) {
		c = t[i];
		if (c < 0x80)
			c = pa->cls[c];
		else if (c == 0xe2 && i + 2 < len && t[i + 1] == 0x84 &&
		    t[i + 2] == 0xaa) {
			c = pa->cls['k'];	/* U+212A KELVIN SIGN */
			i += 2;
		} else if (c == 0xc5 && i + 1 < len && t[i + 1] == 0xbf) {
			c = pa->cls['s'];	/* U+017F LATIN SMALL LONG S */
			i += 1;
		} else
			c = 0;
		s = pa->next[s * ncls + c];
		for (k = 0; k < pa->outn[s]; k++)
			maybe[pa->outs[pa->out0[s] + k]] = gen;
	}
}

/* Run pattern p on report r, memoized.  Returns the memo entry. */
static const struct memo *
pat_run(struct nw_mapper *m, uint32_t p, size_t r)
{
	const struct nw_map_report *rep = &m->in->reports[r];
	struct memo *mm = &m->memo[r * m->rs->npats + p];
	PCRE2_SIZE *ov;
	int rc;

	if (mm->gen == m->gen)
		return mm;
	mm->gen = m->gen;
	if (m->prefilter && m->rs->pats[p].nlits > 0) {
		if (m->scanned[r] != m->gen)
			pf_scan(m, r);
		if (m->maybe[r * m->rs->npats + p] != m->gen) {
			mm->rc = 0;	/* none of its literals is there */
			return mm;
		}
	}
	rc = pcre2_match(m->rs->pats[p].code, (PCRE2_SPTR)rep->text, rep->len,
	    0, PCRE2_NO_UTF_CHECK, m->md, m->mc);
	if (rc >= 0) {
		ov = pcre2_get_ovector_pointer(m->md);
		mm->rc = 1;
		mm->off = (uint32_t)ov[0];
		mm->len = ov[1] > ov[0] ? (uint32_t)(ov[1] - ov[0]) : 0;
	} else if (rc == PCRE2_ERROR_NOMATCH) {
		mm->rc = 0;
	} else
		mm->rc = rc;
	return mm;
}

/*
 * Pattern p over the reports in order: the first report where it matches
 * (1, *rep set) or fails (< 0, *rep set) decides; 0 when none matches.
 */
static int
pat_search(struct nw_mapper *m, uint32_t p, size_t *rep,
    const struct memo **out)
{
	const struct memo *mm;
	size_t r;

	for (r = 0; r < m->in->nreports; r++) {
		mm = pat_run(m, p, r);
		if (mm->rc != 0) {
			*rep = r;
			*out = mm;
			return mm->rc;
		}
	}
	return 0;
}

/* Copy at most NW_MAX_EVIDENCE_TEXT bytes, cut at a character boundary. */
static void
copy_span(char *dst, const char *text, size_t off, size_t len, int *cut)
{
	*cut = 0;
	if (len > NW_MAX_EVIDENCE_TEXT) {
		len = NW_MAX_EVIDENCE_TEXT;
		while (len > 0 && ((unsigned char)text[off + len] & 0xc0) ==
		    0x80)
			len--;
		*cut = 1;
	}
	memcpy(dst, text + off, len);
	dst[len] = '\0';
}

static struct nw_evidence *
ev_add(struct nw_mapper *m)
{
	struct nw_evidence *e;

	if (m->nev == m->capev) {
		m->capev = m->capev == 0 ? 64 : m->capev * 2;
		m->ev = xreallocarray(m->ev, m->capev, sizeof(*m->ev));
	}
	e = &m->ev[m->nev++];
	return e;
}

/* Evidence from a span extraction reported: checked against the text. */
static void
ev_span(struct nw_mapper *m, enum nw_evidence_kind kind, size_t report,
    struct nw_span sp, const char *source, long line, long col)
{
	const struct nw_map_report *rep = &m->in->reports[report];
	struct nw_evidence *e = ev_add(m);

	e->kind = kind;
	e->report = report;
	e->source = source;
	e->line = line;
	e->col = col;
	if ((size_t)sp.off > rep->len || (size_t)sp.len > rep->len - sp.off)
		sp.len = 0;
	/* a span must not split a character either */
	if (sp.len > 0 && (((unsigned char)rep->text[sp.off] & 0xc0) == 0x80 ||
	    (sp.off + sp.len < rep->len &&
	    ((unsigned char)rep->text[sp.off + sp.len] & 0xc0) == 0x80)))
		sp.len = 0;
	if (sp.len == 0)
		sp.off = 0;
	e->span = sp;
	copy_span(e->text, rep->text, sp.off, sp.len, &e->cut);
}

/* The verdict on one rule so far. */
struct verdict {
	int	 fails;
	int	 held;		/* positive tests that held: a match line that
				   matched, a sector, sponsorship, attribution,
				   actor, victim or requires condition met */
	int	 limit;		/* stop at this many failures */
	long	 line, col;	/* of the first failure */
	char	*what;		/* message of the first failure, or NULL when
				   near misses are not wanted */
	size_t	 whatsz;
};

static void NW_PRINTF(5, 6)
vfail(struct verdict *v, long line, long col, int count, const char *fmt, ...)
{
	va_list ap;

	if (v->fails == 0) {
		v->line = line;
		v->col = col;
		if (v->what != NULL && count == 1) {
			va_start(ap, fmt);
			vsnprintf(v->what, v->whatsz, fmt, ap);
			va_end(ap);
		}
	}
	v->fails += count;
}

static void
list_states(struct sb *b, char (*cc)[3], size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		sb_addf(b, "%s%s", i > 0 ? ", " : "", cc[i]);
}

static void
list_bits(struct sb *b, uint32_t bits, const char *(*name)(int))
{
	int i, first = 1;

	for (i = 0; i < 32; i++) {
		if (!(bits & (1u << i)))
			continue;
		sb_addf(b, "%s%s", first ? "" : ", ", name(i));
		first = 0;
	}
}

static const char *
sector_name_i(int i)
{
	return nw_sector_name((enum nw_sector)i);
}

static const char *
sponsor_name_i(int i)
{
	return nw_sponsor_name((enum nw_sponsor)i);
}

static const char *
hedge_name_i(int i)
{
	return nw_hedge_name((enum nw_hedge)i);
}

static const char *
party_name_i(int i)
{
	return nw_party_name((enum nw_party)i);
}

static void
list_attrs(struct nw_mapper *m, struct sb *b)
{
	const struct nw_attribution *a;
	size_t i;

	sb_addf(b, "[");
	for (i = 0; i < m->nattrs; i++) {
		a = m->attrs[i].a;
		sb_addf(b, "%s%.2s %s by %s", i > 0 ? ", " : "", a->state,
		    nw_hedge_name(a->hedge) != NULL ? nw_hedge_name(a->hedge) :
		    "?", nw_party_name(a->by) != NULL ? nw_party_name(a->by) :
		    "?");
	}
	sb_addf(b, "]");
}

static void
list_victims(struct nw_mapper *m, struct sb *b)
{
	unsigned bit;
	int first = 1;

	sb_addf(b, "[");
	for (bit = 0; bit < 26 * 26; bit++) {
		if (!(m->vbits[bit / 64] & (UINT64_C(1) << (bit % 64))))
			continue;
		sb_addf(b, "%s%c%c", first ? "" : ", ", 'A' + bit / 26,
		    'A' + bit % 26);
		first = 0;
	}
	sb_addf(b, "]");
}

static int
bits3(unsigned x)
{
	int n = 0;

	for (; x != 0; x &= x - 1)
		n++;
	return n;
}

static int
state_in(const char *cc, char (*list)[3], size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (cc[0] == list[i][0] && cc[1] == list[i][1])
			return 1;
	return 0;
}

/* attributed, hedge and by: one attribution must meet all that are given. */
static void
test_attribution(struct nw_mapper *m, const struct rule *r,
    struct verdict *v)
{
	const struct nw_attribution *a;
	char msg[256];
	struct sb b = { msg, sizeof(msg), 0 };
	unsigned want = 0, miss, best_miss = 0;
	int best = 99, cnt, c;
	size_t i, besti = 0;

	if (r->attributed == SET_NONE) {
		if (m->nattrs == 0)
			return;
		if (v->what != NULL) {
			sb_addf(&b, "attributed: expected none, found ");
			list_attrs(m, &b);
		}
		vfail(v, r->cline[C_ATTRIBUTED], r->ccol[C_ATTRIBUTED], 1,
		    "%s", msg);
		return;
	}
	if (r->attributed != SET_UNSET)
		want |= 1u << C_ATTRIBUTED;
	if (r->have & (1u << C_HEDGE))
		want |= 1u << C_HEDGE;
	if (r->have & (1u << C_BY))
		want |= 1u << C_BY;
	if (want == 0)
		return;
	for (i = 0; i < m->nattrs && best > 0; i++) {
		a = m->attrs[i].a;
		miss = 0;
		if (r->attributed == SET_LIST &&
		    !state_in(a->state, r->states, r->nstates))
			miss |= 1u << C_ATTRIBUTED;
		if ((want & (1u << C_HEDGE)) && ((unsigned)a->hedge > 31 ||
		    !(r->hedges & (1u << a->hedge))))
			miss |= 1u << C_HEDGE;
		if ((want & (1u << C_BY)) && ((unsigned)a->by > 31 ||
		    !(r->parties & (1u << a->by))))
			miss |= 1u << C_BY;
		cnt = bits3(miss);
		if (cnt < best) {
			best = cnt;
			best_miss = miss;
			besti = i;
		}
	}
	if (m->nattrs == 0) {
		best_miss = want;
		best = bits3(want);
	}
	if (best == 0) {
		/* point at the first of the keys given */
		c = want & (1u << C_ATTRIBUTED) ? C_ATTRIBUTED :
		    want & (1u << C_HEDGE) ? C_HEDGE : C_BY;
		ev_span(m, NW_EV_ATTRIBUTION, m->attrs[besti].report,
		    m->attrs[besti].a->ev, cond_keys[c], r->cline[c],
		    r->ccol[c]);
		v->held++;
		return;
	}
	/* the failed sub-condition to point at: the first one given */
	c = best_miss & (1u << C_ATTRIBUTED) ? C_ATTRIBUTED :
	    best_miss & (1u << C_HEDGE) ? C_HEDGE : C_BY;
	if (v->what != NULL && best == 1) {
		sb_addf(&b, "%s: no", cond_keys[c]);
		if (want & (1u << C_HEDGE)) {
			sb_addf(&b, " ");
			list_bits(&b, r->hedges, hedge_name_i);
		}
		sb_addf(&b, " attribution");
		if (r->attributed == SET_LIST) {
			sb_addf(&b, " to ");
			list_states(&b, r->states, r->nstates);
		}
		if (want & (1u << C_BY)) {
			sb_addf(&b, " by ");
			list_bits(&b, r->parties, party_name_i);
		}
		sb_addf(&b, " among ");
		list_attrs(m, &b);
	}
	vfail(v, r->cline[c], r->ccol[c], best, "%s", msg);
}

/* The conditions of r; stops once v->limit failures are counted. */
static void
test_conditions(struct nw_mapper *m, const struct rule *r,
    struct verdict *v)
{
	char msg[256], esc[NW_LOG_FIELD_MAX * 4 + 8];
	struct sb b = { msg, sizeof(msg), 0 };
	const struct nw_principle *pr;
	size_t i;

	msg[0] = '\0';
	esc[0] = '\0';
#define NEED(c)	((r->have & (1u << (c))) && v->fails < v->limit)
	if (NEED(C_REQUIRES)) {
		for (i = 0; i < r->nreq; i++)
			if (m->pfound[r->req[i]] == m->gen)
				break;
		if (i == r->nreq) {
			if (v->what != NULL) {
				sb_addf(&b, "requires: none of principles ");
				for (i = 0; i < r->nreq; i++) {
					pr = m->rs->princ[r->req[i]];
					sb_addf(&b, "%s%s", i > 0 ? ", " : "",
					    pr->id);
				}
				sb_addf(&b, " found");
			}
			vfail(v, r->cline[C_REQUIRES], r->ccol[C_REQUIRES], 1,
			    "%s", msg);
		} else
			v->held++;
	}
	if (NEED(C_SECTORS) && (m->sectors & r->sectors) == 0) {
		b.n = 0;
		if (v->what != NULL) {
			sb_addf(&b, "sectors: none of ");
			list_bits(&b, r->sectors, sector_name_i);
			sb_addf(&b, " among [");
			list_bits(&b, m->sectors, sector_name_i);
			sb_addf(&b, "]");
		}
		vfail(v, r->cline[C_SECTORS], r->ccol[C_SECTORS], 1, "%s", msg);
	} else if (NEED(C_SECTORS))
		v->held++;
	if (NEED(C_NOT_SECTORS) && (m->sectors & r->not_sectors) != 0) {
		b.n = 0;
		if (v->what != NULL) {
			sb_addf(&b, "not-sectors: found ");
			list_bits(&b, m->sectors & r->not_sectors,
			    sector_name_i);
		}
		vfail(v, r->cline[C_NOT_SECTORS], r->ccol[C_NOT_SECTORS], 1,
		    "%s", msg);
	}
	if (NEED(C_SPONSORSHIP) && (m->sponsors & r->sponsors) == 0) {
		b.n = 0;
		if (v->what != NULL) {
			sb_addf(&b, "sponsorship: none of ");
			list_bits(&b, r->sponsors, sponsor_name_i);
			sb_addf(&b, " among [");
			list_bits(&b, m->sponsors, sponsor_name_i);
			sb_addf(&b, "]");
		}
		vfail(v, r->cline[C_SPONSORSHIP], r->ccol[C_SPONSORSHIP], 1,
		    "%s", msg);
	} else if (NEED(C_SPONSORSHIP))
		v->held++;
	/* before actors, so that its evidence comes first */
	if (v->fails < v->limit)
		test_attribution(m, r, v);
	if (NEED(C_ACTORS)) {
		if (r->actors == SET_ANY && m->nactors == 0)
			vfail(v, r->cline[C_ACTORS], r->ccol[C_ACTORS], 1,
			    "actors: no named actor");
		else if (r->actors == SET_NONE && m->nactors > 0) {
			if (v->what != NULL)
				nw_log_escape(m->actor->name,
				    strnlen(m->actor->name, NW_MAX_ACTOR_NAME),
				    esc, sizeof(esc));
			vfail(v, r->cline[C_ACTORS], r->ccol[C_ACTORS], 1,
			    "actors: expected none, found \"%s\"%s", esc,
			    m->nactors > 1 ? " and others" : "");
		} else if (r->actors == SET_ANY) {
			ev_span(m, NW_EV_ACTOR, m->actor_report, m->actor->ev,
			    "actors", r->cline[C_ACTORS], r->ccol[C_ACTORS]);
			v->held++;
		}
	}
	if (NEED(C_VICTIMS)) {
		int ok = 1;

		if (r->victims == SET_ANY)
			ok = m->nvictims > 0;
		else if (r->victims == SET_NONE)
			ok = m->nvictims == 0;
		else {
			for (i = 0; i < r->nvstates; i++)
				if (victim_has(m, r->vstates[i]))
					break;
			ok = i < r->nvstates;
		}
		if (!ok) {
			b.n = 0;
			if (v->what != NULL) {
				if (r->victims == SET_ANY)
					sb_addf(&b, "victims: no victim state");
				else if (r->victims == SET_NONE)
					sb_addf(&b, "victims: expected none, "
					    "found ");
				else {
					sb_addf(&b, "victims: none of ");
					list_states(&b, r->vstates,
					    r->nvstates);
					sb_addf(&b, " among ");
				}
				if (r->victims != SET_ANY)
					list_victims(m, &b);
			}
			vfail(v, r->cline[C_VICTIMS], r->ccol[C_VICTIMS], 1,
			    "%s", msg);
		} else if (r->victims != SET_NONE)
			v->held++;
	}
	if (NEED(C_DATE_FROM) && (!m->dated || m->dhi < r->from)) {
		char d[16];

		nw_date_format(&m->in->date, d);
		if (!m->dated)
			vfail(v, r->cline[C_DATE_FROM], r->ccol[C_DATE_FROM], 1,
			    "date-from %s: the incident has no date",
			    r->from_s);
		else
			vfail(v, r->cline[C_DATE_FROM], r->ccol[C_DATE_FROM], 1,
			    "date-from %s: the incident is dated %s",
			    r->from_s, d);
	}
	if (NEED(C_DATE_UNTIL) && (!m->dated || m->dlo > r->until)) {
		char d[16];

		nw_date_format(&m->in->date, d);
		if (!m->dated)
			vfail(v, r->cline[C_DATE_UNTIL], r->ccol[C_DATE_UNTIL],
			    1, "date-until %s: the incident has no date",
			    r->until_s);
		else
			vfail(v, r->cline[C_DATE_UNTIL], r->ccol[C_DATE_UNTIL],
			    1, "date-until %s: the incident is dated %s",
			    r->until_s, d);
	}
#undef NEED
}

static void
warn_stopped(struct nw_mapper *m, const struct rule *r,
    const struct ptest *t, size_t report, int rc)
{
	struct nw_error *e;
	PCRE2_UCHAR msg[160];

	m->nwarn_total++;
	if (m->nwarn >= NW_MAX_MAP_WARNINGS)
		return;
	e = &m->warn[m->nwarn++];
	if (pcre2_get_error_message(rc, msg, sizeof(msg)) < 0)
		nw_strlcpy((char *)msg, "unknown error", sizeof(msg));
	nw_error_clear(e);
	nw_error_where(e, NULL, r->pub.file);
	nw_error_at_line(e, t->line, t->col);
	nw_error_set(e, NW_E_LIMIT, "rule %s: pattern %.80s stopped on report "
	    "%zu: %s; the rule does not fire", r->pub.id, t->shown, report,
	    (char *)msg);
}

/* Evaluate rule r; 1 when it fires, 0 when not, -1 when stopped. */
static int
eval_rule(struct nw_mapper *m, const struct rule *r, struct verdict *v)
{
	const struct nw_map_report *rep;
	const struct memo *mm;
	char esc[NW_LOG_FIELD_MAX * 4 + 8];
	size_t i, ri;
	int rc;

	esc[0] = '\0';
	test_conditions(m, r, v);
	for (i = 0; i < r->nmatch && v->fails < v->limit; i++) {
		rc = pat_search(m, r->match[i].pat, &ri, &mm);
		if (rc < 0) {
			warn_stopped(m, r, &r->match[i], ri, rc);
			return -1;
		}
		if (rc == 0) {
			vfail(v, r->match[i].line, r->match[i].col, 1,
			    "no match for %s", r->match[i].shown);
			continue;
		}
		ev_span(m, NW_EV_MATCH, ri,
		    (struct nw_span){ mm->off, mm->len }, r->match[i].shown,
		    r->match[i].line, r->match[i].col);
		v->held++;
	}
	for (i = 0; i < r->nunless && v->fails < v->limit; i++) {
		rc = pat_search(m, r->unless[i].pat, &ri, &mm);
		if (rc < 0) {
			warn_stopped(m, r, &r->unless[i], ri, rc);
			return -1;
		}
		if (rc == 0)
			continue;
		if (v->what != NULL && v->fails == 0) {
			rep = &m->in->reports[ri];
			nw_log_escape(rep->text + mm->off, mm->len, esc,
			    sizeof(esc));
		}
		vfail(v, r->unless[i].line, r->unless[i].col, 1,
		    "excluded by unless %s: matched \"%s\"", r->unless[i].shown,
		    esc);
	}
	return v->fails == 0;
}

static int
cmp_near(const void *a, const void *b)
{
	const struct nw_near_miss *x = a, *y = b;

	return x->rule->index < y->rule->index ? -1 :
	    x->rule->index > y->rule->index;
}

int
nw_mapper_run(struct nw_mapper *m, const struct nw_map_input *in, int flags,
    const struct nw_map_result **res, struct nw_error *err)
{
	const struct nw_rules *rs = m->rs;
	const struct rule *r;
	struct nw_near_miss *nm;
	struct verdict v;
	size_t i, k, bad, ev0, need;
	int rc;

	nw_error_clear(err);
	memset(&m->res, 0, sizeof(m->res));
	*res = &m->res;
	for (i = 0; i < in->nreports; i++) {
		const struct nw_map_report *rep = &in->reports[i];

		if (rep->len >= UINT32_MAX || (rep->len > 0 &&
		    rep->text == NULL)) {
			nw_error_set(err, NW_E_DATA, "report %zu: text too "
			    "long or missing", i);
			return -1;
		}
		if (nw_utf8_check(rep->text, rep->len, &bad) == -1) {
			nw_error_set(err, NW_E_DATA, "report %zu: text is not "
			    "valid UTF-8 (byte offset %zu)", i, bad);
			return -1;
		}
	}
	need = in->nreports * rs->npats;
	if (need > m->memocap) {
		free(m->memo);
		m->memo = xcalloc(need, sizeof(*m->memo));
		m->memocap = need;
	}
	if (rs->pf != NULL && in->nreports > m->nscan) {
		free(m->scanned);
		free(m->maybe);
		m->scanned = xcalloc(in->nreports, sizeof(*m->scanned));
		m->maybe = xcalloc(need, sizeof(*m->maybe));
		m->nscan = in->nreports;
	}
	if (++m->gen == 0) {	/* wrapped: start the generations again */
		memset(m->memo, 0, m->memocap * sizeof(*m->memo));
		memset(m->rst, 0, rs->nrules * sizeof(*m->rst));
		memset(m->pfound, 0, rs->nprinc * sizeof(*m->pfound));
		if (m->nscan > 0) {
			memset(m->scanned, 0, m->nscan * sizeof(*m->scanned));
			memset(m->maybe, 0, m->nscan * rs->npats *
			    sizeof(*m->maybe));
		}
		m->gen = 1;
	}
	m->in = in;
	m->near = (flags & NW_MAP_NEAR_MISSES) != 0;
	m->prefilter = rs->pf != NULL && !(flags & NW_MAP_NO_PREFILTER);
	m->nev = 0;
	m->nnear = 0;
	m->nwarn = 0;
	m->nwarn_total = 0;
	gather_facts(m, in);

	for (k = 0; k < rs->nrules; k++) {
		r = rs->rules[rs->order[k]];
		memset(&v, 0, sizeof(v));
		v.limit = m->near ? 2 : 1;
		nm = &m->nearv[m->nnear];
		if (m->near) {
			v.what = nm->what;
			v.whatsz = sizeof(nm->what);
			nm->what[0] = '\0';
		}
		ev0 = m->nev;
		rc = eval_rule(m, r, &v);
		if (rc == 1) {
			m->rst[r->pub.index].gen = m->gen;
			m->rst[r->pub.index].ev0 = (uint32_t)ev0;
			m->rst[r->pub.index].nev = (uint32_t)(m->nev - ev0);
			m->pfound[r->pub.principle] = m->gen;
			continue;
		}
		m->nev = ev0;
		if (rc == 0 && m->near && v.fails == 1) {
			nm->rule = &r->pub;
			nm->held = v.held;
			nm->line = v.line;
			nm->col = v.col;
			m->nnear++;
		}
	}

	m->res.nfindings = 0;
	for (i = 0; i < rs->nrules; i++) {
		struct nw_finding *f;

		if (m->rst[i].gen != m->gen)
			continue;
		r = rs->rules[i];
		f = &m->find[m->res.nfindings++];
		f->rule = &r->pub;
		f->framework = &rs->fws[r->pub.framework]->pub;
		f->principle = rs->princ[r->pub.principle];
		f->confidence = r->pub.confidence;
		f->ev = m->rst[i].nev > 0 ? m->ev + m->rst[i].ev0 : NULL;
		f->nev = m->rst[i].nev;
	}
	for (i = 0; i < m->nnear; i++) {
		nm = &m->nearv[i];
		nm->framework = &rs->fws[nm->rule->framework]->pub;
		nm->principle = rs->princ[nm->rule->principle];
		nm->principle_found = m->pfound[nm->rule->principle] == m->gen;
	}
	if (m->nnear > 1)
		qsort(m->nearv, m->nnear, sizeof(*m->nearv), cmp_near);
	m->res.findings = m->find;
	m->res.near = m->nearv;
	m->res.nnear = m->nnear;
	m->res.warnings = m->warn;
	m->res.nwarnings = m->nwarn;
	m->res.nwarnings_total = m->nwarn_total;
	return 0;
}
