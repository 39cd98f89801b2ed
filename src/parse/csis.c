/*
 * csis.c - lists of significant cyber incidents in the CSIS style: dated
 * paragraphs, newest first, as plain text (pdftotext output) or HTML.
 *
 * The text is split in four linear passes:
 *
 *  1. lines: every line (LF, CRLF or CR) with its trimmed extent, its line
 *     number and its page (form feeds start pages);
 *  2. noise: page numbers, running headers and footers, and bare year
 *     headings are marked as dropped.  With pages, a line in the top or
 *     bottom EDGE_LINES of a page whose digit-masked form recurs in the same
 *     zone of many pages is a running header or footer.  Without pages,
 *     short heading-like lines that recur RECUR_MIN times are;
 *  3. entries: a line opening with a date marker starts an entry after a
 *     blank line, a page break, a dropped line, the end of a sentence or a
 *     short line (a paragraph end), or when the marker is a strong one
 *     ("May 2022. Hackers"); pdftotext often leaves no blank line between
 *     paragraphs, and entries often lack their final period.  It does not
 *     when the line before asks for a date to finish its sentence: it ends
 *     in "in", "since", "April", a comma or a hyphen (or, inside a
 *     paragraph, a number: "on 12" / "May 2022").  A capitalised paragraph
 *     after a blank or a short line starts an undated entry when the entry
 *     before it has ended its sentence;
 *  4. text: each entry's lines are joined, normalized and repaired, hashed
 *     for its native id, and copied into the arena.
 *
 * Page breaks: at a page break (form feed, or a dropped header, footer or
 * page number) the text continues the entry before it unless it opens
 * with a date marker; sentences often end exactly at the end of a page, so
 * an undated paragraph there cannot be told from a continuation, and the
 * continuation is the likelier one.
 *
 * Everything before the first dated entry is preamble and is skipped.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "normwatch/csis.h"
#include "normwatch/date.h"
#include "normwatch/html.h"
#include "normwatch/log.h"
#include "normwatch/text.h"
#include "normwatch/util.h"

#define EDGE_LINES	3	/* non-blank lines at the top and at the bottom
				   of a page searched for headers and footers */
#define EDGE_MIN_PAGES	2	/* a header recurs on at least this many
				   pages, and on a quarter of them */
#define RECUR_MIN	3	/* without pages: a heading-like line seen
				   this often is a running header */
#define RECUR_MAX_LEN	80	/* longer lines are never headers */
#define PAGENUM_MAX_LEN	48	/* bytes of a page-number line */
#define PAGENUM_DIGITS	3	/* page numbers have at most three digits */
#define PAGENUM_WORDS	5	/* words beside a page number ("CSIS | 12") */
#define MARK_PREFIX	160	/* bytes of a line read for a date marker */
#define MARK_YEAR_BY	64	/* a marker's year starts within this many
				   bytes ("September 12th, 2022" and blanks) */
#define MIN_HEADING_YEAR 1980	/* a bare year line is a heading from here */
#define SHORT_NUM	3	/* a line shorter than SHORT_NUM/SHORT_DEN of */
#define SHORT_DEN	4	/* the wrap width ends its paragraph */
#define WIDTH_PCT	80	/* the wrap width: this percentile of lengths */
#define WIDTH_MAX	1024	/* longer lines count as this long */
#define ID_HEX		16	/* hex digits of the hash in a native id */
#define KEY_MAX		48	/* bytes of a native id key, with the NUL */

static const char *const csis_options[] = { "format", NULL };

enum lkind {
	L_TEXT = 0,	/* text of the preamble or of an entry */
	L_BLANK,	/* empty or only white space */
	L_DROP,		/* page number, header or footer: acts as page break */
	L_HEADING	/* a bare year heading: acts as a blank line */
};

#define Z_TOP	1	/* among the first EDGE_LINES of its page */
#define Z_BOT	2	/* among the last EDGE_LINES of its page */

/*
 * One line of the input, in 32 bytes: a document may have millions.  The
 * text is at most UINT32_MAX bytes, so offsets, lengths, line and page
 * numbers fit in 32 bits.  A run of blank lines is kept as one.
 */
struct line {
	uint64_t	 mask;	/* hash of the digit-masked form, 0 if none */
	uint32_t	 off;	/* first byte after leading blanks */
	uint32_t	 len;	/* bytes without leading and trailing blanks */
	uint32_t	 chars;	/* characters (code points) in len */
	uint32_t	 no;	/* 1-based line number in the input */
	uint32_t	 page;	/* 0-based page: form feeds start pages */
	uint8_t		 kind;	/* enum lkind */
	uint8_t		 zone;	/* Z_TOP | Z_BOT */
};

enum brk {
	BRK_NONE = 0,	/* the line continues a paragraph */
	BRK_BLANK,	/* a blank line before it */
	BRK_PAGE	/* a page break or dropped line before it */
};

struct entry {
	size_t		 first;	/* index of its first line */
	size_t		 end;	/* one past the index of its last line */
	struct nw_date	 date;	/* its own, or inherited when undated */
	int		 dated;	/* opens with a date marker */
	int		 skip;	/* no text besides the marker */
	char		*text;	/* in the arena, after pass 4 */
	size_t		 textlen;
	char		 key[KEY_MAX];	/* native id without its suffix */
	size_t		 dup;	/* 1 for the bottom-most of equal keys, 2... */
};

/* Counts of a masked line over pages, in one zone. */
struct recur {
	uint64_t	 h;	/* masked hash mixed with the zone; 0: free */
	size_t		 pages;	/* distinct pages (or lines) it was seen on */
	size_t		 last;	/* last page counted, plus one */
};

struct recurmap {
	struct recur	*v;
	size_t		 cap;	/* power of two */
};

struct split {
	const struct nw_feed	*feed;
	const char		*feedname;
	const char		*docname;
	const char		*url;
	const char		*t;		/* the text */
	size_t			 start;		/* after a BOM */
	size_t			 len;
	int			 located;	/* report lines and offsets */
	int			 wrapped;	/* lines are wrapped, so a short
						   one ends a paragraph (not so
						   in text from HTML, where a
						   line end is a <br>) */
	int			 max_year;
	size_t			 max_entries;
	size_t			 max_entry_len;
	struct line		*lines;
	size_t			 nlines;
	size_t			 linecap;
	size_t			 npages;	/* pages holding text */
	size_t			 width;		/* usual length of a wrapped
						   line, in characters */
	struct entry		*ents;
	size_t			 nents;
	size_t			 entcap;
	struct nw_buf		 mark;		/* scratch for marker lookups */
	struct nw_error		*err;
};

/* --- small byte classes ----------------------------------------------------- */

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_lower(int c)
{
	return c >= 'a' && c <= 'z';
}

static int
is_upper(int c)
{
	return c >= 'A' && c <= 'Z';
}

static int
is_alpha(int c)
{
	return is_lower(c) || is_upper(c);
}

/* Length of the blank at s[0..n): ASCII white space or NBSP; 0 if none. */
static size_t
blank_at(const char *s, size_t n)
{
	unsigned char c = (unsigned char)s[0];

	if (c == ' ' || c == '\t' || c == '\v')
		return 1;
	if (c == 0xc2 && n >= 2 && (unsigned char)s[1] == 0xa0)
		return 2;
	return 0;
}

/* Length of a blank ending at s[n - 1], 0 if none. */
static size_t
blank_before(const char *s, size_t n)
{
	unsigned char c = (unsigned char)s[n - 1];

	if (c == ' ' || c == '\t' || c == '\v')
		return 1;
	if (c == 0xa0 && n >= 2 && (unsigned char)s[n - 2] == 0xc2)
		return 2;
	return 0;
}

/* The first index from i on (up to n) that is not blank. */
static size_t
skip_blanks(const char *s, size_t i, size_t n)
{
	size_t k;

	while (i < n) {
		k = blank_at(s + i, n - i);
		if (k == 0)
			break;
		i += k;
	}
	return i;
}

/* s[b..e) without its trailing blanks: the new end. */
static size_t
trim_blanks(const char *s, size_t b, size_t e)
{
	size_t k;

	while (e > b) {
		k = blank_before(s + b, e - b);
		if (k == 0)
			break;
		e -= k;
	}
	return e;
}

static int
ends_with(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);

	return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

/* Does the line end a sentence: . ! ? " ) or a closing curly quote? */
static int
ends_sentence(const char *s, size_t n)
{
	int c;

	if (n == 0)
		return 0;
	c = (unsigned char)s[n - 1];
	if (c == '.' || c == '!' || c == '?' || c == '"' || c == ')')
		return 1;
	return ends_with(s, n, "\xe2\x80\x9d");		/* U+201D */
}

/* Does the line open with a capital, or a quote and a capital? */
static int
starts_capital(const char *s, size_t n)
{
	if (n > 0 && is_upper((unsigned char)s[0]))
		return 1;
	if (n > 1 && s[0] == '"' && is_upper((unsigned char)s[1]))
		return 1;
	return n > 3 && memcmp(s, "\xe2\x80\x9c", 3) == 0 &&	/* U+201C */
	    is_upper((unsigned char)s[3]);
}

/* --- pass 1: lines ---------------------------------------------------------- */

static int
line_add(struct split *sp, size_t b, size_t e, size_t no, size_t page)
{
	struct line *l;
	size_t k;

	b = skip_blanks(sp->t, b, e);
	e = trim_blanks(sp->t, b, e);
	if (b == e && sp->nlines > 0 &&
	    sp->lines[sp->nlines - 1].kind == L_BLANK &&
	    sp->lines[sp->nlines - 1].page == page)
		return 0;		/* one more blank line */
	if (sp->nlines == NW_MAX_DOC_LINES) {
		nw_error_at_line(sp->err, (long)no, 0);
		nw_error_set(sp->err, NW_E_LIMIT, "more than %u lines",
		    NW_MAX_DOC_LINES);
		return -1;
	}
	if (sp->nlines == sp->linecap) {
		sp->linecap = sp->linecap == 0 ? 1024 : sp->linecap * 2;
		sp->lines = xreallocarray(sp->lines, sp->linecap,
		    sizeof(*sp->lines));
	}
	l = &sp->lines[sp->nlines++];
	memset(l, 0, sizeof(*l));
	l->off = (uint32_t)b;
	l->len = (uint32_t)(e - b);
	l->no = (uint32_t)no;
	l->page = (uint32_t)page;
	l->kind = e > b ? L_TEXT : L_BLANK;
	for (k = b; k < e; k++)
		if (((unsigned char)sp->t[k] & 0xc0) != 0x80)
			l->chars++;
	return 0;
}

/*
 * Cut the text into lines.  A form feed starts a page; it ends the line it
 * is in without starting a new line number, and the empty piece before a
 * form feed that follows a line end is no line at all.  Returns -1 past
 * NW_MAX_DOC_LINES lines.
 */
static int
lines_split(struct split *sp)
{
	const char *t = sp->t;
	size_t i = sp->start, b = sp->start, page = 0, no = 1;
	size_t lastpage = SIZE_MAX;

	for (;;) {
		if (i == sp->len) {
			if (b < i && line_add(sp, b, i, no, page) == -1)
				return -1;
			break;
		}
		if (t[i] == '\f') {
			if (b < i && line_add(sp, b, i, no, page) == -1)
				return -1;
			page++;
			b = ++i;
			continue;
		}
		if (t[i] == '\n' || t[i] == '\r') {
			if (line_add(sp, b, i, no, page) == -1)
				return -1;
			if (t[i] == '\r' && i + 1 < sp->len && t[i + 1] == '\n')
				i++;
			no++;
			b = ++i;
			continue;
		}
		i++;
	}
	sp->npages = 0;
	for (i = 0; i < sp->nlines; i++) {
		if (sp->lines[i].kind == L_TEXT &&
		    sp->lines[i].page != lastpage) {
			lastpage = sp->lines[i].page;
			sp->npages++;
		}
	}
	return 0;
}

/*
 * The wrap width: the WIDTH_PCT percentile of the lengths of the lines of
 * text.  Wrapped lines are nearly as long as the widest, paragraph ends
 * are anywhere shorter, so a line well below this width ends a paragraph.
 */
static void
width_measure(struct split *sp)
{
	size_t *hist, i, n = 0, seen = 0, want;

	if (!sp->wrapped) {
		sp->width = 0;		/* no line is short */
		return;
	}
	hist = xcalloc(WIDTH_MAX + 1, sizeof(*hist));
	for (i = 0; i < sp->nlines; i++) {
		if (sp->lines[i].kind != L_TEXT)
			continue;
		hist[sp->lines[i].chars < WIDTH_MAX ? sp->lines[i].chars :
		    WIDTH_MAX]++;
		n++;
	}
	want = (n * WIDTH_PCT + 99) / 100;
	sp->width = WIDTH_MAX;
	for (i = 0; i <= WIDTH_MAX && n > 0; i++) {
		seen += hist[i];
		if (seen >= want) {
			sp->width = i;
			break;
		}
	}
	free(hist);
}

static int
is_short(const struct split *sp, const struct line *l)
{
	return l->chars * SHORT_DEN < sp->width * SHORT_NUM;
}

/*
 * Words after which a date is likely to follow in the same sentence
 * ("in", "since", "April", "summer"), so a marker on the next line is not
 * the start of an entry.  Sorted for bsearch.
 */
static const char *const lead_words[] = {
	"about", "after", "and", "approximately", "april", "around", "as",
	"at", "august", "autumn", "before", "beginning", "between", "but",
	"by", "circa", "december", "during", "early", "end", "ending",
	"every", "fall", "february", "fiscal", "for", "from", "in", "into",
	"january", "july", "june", "last", "late", "march", "may", "mid",
	"next", "nor", "november", "october", "of", "on", "or", "over",
	"past", "per", "september", "since", "spring", "starting", "summer",
	"than", "that", "the", "this", "through", "throughout", "till", "to",
	"until", "via", "winter", "year", "within"
};

static int
cmp_str(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

enum ask {
	ASK_NO = 0,	/* a date on the next line starts something new */
	ASK_MAYBE,	/* ends in a digit: "on 12" / "May 2022", or an entry
			   that ends in a number without a period */
	ASK_YES		/* ends in one of lead_words, a comma, a hyphen, ... */
};

/* Could a date on the next line continue the sentence of this one? */
static enum ask
asks_for_date(const char *s, size_t n)
{
	char w[16];
	size_t j = n, k;
	int c;

	if (n == 0 || ends_sentence(s, n))
		return ASK_NO;
	c = (unsigned char)s[n - 1];
	if (is_digit(c))
		return ASK_MAYBE;
	if (!is_alpha(c))
		return ASK_YES;
	while (j > 0 && is_alpha((unsigned char)s[j - 1]))
		j--;
	if (n - j >= sizeof(w))
		return ASK_NO;
	for (k = j; k < n; k++)
		w[k - j] = (char)((unsigned char)s[k] | 0x20);
	w[n - j] = '\0';
	return bsearch(w, lead_words, NW_NELEM(lead_words), sizeof(lead_words[0]),
	    cmp_str) != NULL ? ASK_YES : ASK_NO;
}

/* --- date markers ------------------------------------------------------------- */

/* Four digits in a row within the first MARK_YEAR_BY bytes? */
static int
has_year(const char *s, size_t n)
{
	size_t i, run = 0;

	if (n > MARK_YEAR_BY + 4)
		n = MARK_YEAR_BY + 4;
	for (i = 0; i < n; i++) {
		run = is_digit((unsigned char)s[i]) ? run + 1 : 0;
		if (run == 4)
			return 1;
	}
	return 0;
}

/*
 * Is there a date marker at the start of line i?  The line's first
 * MARK_PREFIX bytes are normalized (NBSP and curly quotes are common in
 * HTML) and read with nw_datemark_parse.  A marker that takes the whole
 * line without a separator ("September 2022" at a line end) counts only
 * when the next line opens with a capital.  On NW_DATEMARK_OK or
 * IMPOSSIBLE, sp->mark holds the normalized prefix and *used its marker.
 * *strong (may be NULL) tells a marker ending in "." or ":" and followed by
 * a capital ("May 2022. Hackers") from weaker ones ("May 2022, hackers").
 */
static enum nw_datemark
mark_at(struct split *sp, size_t i, struct nw_date *date, size_t *used,
    int *strong)
{
	const struct line *l = &sp->lines[i], *nx;
	const char *s = sp->t + l->off;
	size_t n = l->len;
	enum nw_datemark r;
	int c = (unsigned char)s[0];

	if (strong != NULL)
		*strong = 0;
	if (l->kind != L_TEXT || !(is_digit(c) || is_alpha(c)) ||
	    !has_year(s, n))
		return NW_DATEMARK_NONE;
	if (n > MARK_PREFIX) {
		n = MARK_PREFIX;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	if (nw_text_normalize(s, n, &sp->mark) == -1)
		return NW_DATEMARK_NONE;
	r = nw_datemark_parse(sp->mark.data, sp->mark.len, sp->max_year,
	    date, used);
	if (r == NW_DATEMARK_OK && *used == sp->mark.len &&
	    is_digit((unsigned char)sp->mark.data[sp->mark.len - 1])) {
		/* "September 2022" and the line ends: look at the next */
		if (i + 1 < sp->nlines) {
			nx = &sp->lines[i + 1];
			if (nx->kind == L_TEXT && nx->page == l->page &&
			    !starts_capital(sp->t + nx->off, nx->len))
				return NW_DATEMARK_NONE;
		}
	}
	if (r == NW_DATEMARK_OK && strong != NULL && *used < sp->mark.len) {
		size_t j = *used;
		const char *m = sp->mark.data;

		while (j > 0 && m[j - 1] == ' ')
			j--;
		*strong = j > 0 && (m[j - 1] == '.' || m[j - 1] == ':') &&
		    (is_upper((unsigned char)m[*used]) || m[*used] == '"');
	}
	return r;
}

/* --- pass 2: noise -------------------------------------------------------------- */

/* Hash of a line with digit runs as '#', blanks as one space, lower case. */
static uint64_t
mask_hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a */
	size_t i = 0;
	int c;

	while (i < n) {
		c = (unsigned char)s[i];
		if (is_digit(c)) {
			while (i < n && is_digit((unsigned char)s[i]))
				i++;
			c = '#';
		} else if (blank_at(s + i, n - i) > 0) {
			i = skip_blanks(s, i, n);
			c = ' ';
		} else {
			if (is_upper(c))
				c += 'a' - 'A';
			i++;
		}
		h ^= (uint64_t)c;
		h *= 1099511628211ULL;
	}
	return h == 0 ? 1 : h;
}

static int
is_pageword(const char *w, size_t n)
{
	static const char *const words[] = { "page", "pages", "p", "pg",
	    "of" };
	size_t i;

	for (i = 0; i < NW_NELEM(words); i++)
		if (strlen(words[i]) == n && nw_strncaseeq(w, words[i], n))
			return 1;
	return 0;
}

/*
 * Is the line only a page number: "12", "- 12 -", "Page 12 of 40",
 * "12/40", "12 | CSIS", "CSIS | Significant Cyber Incidents | 12"?
 * Numbers have at most PAGENUM_DIGITS digits, so a year never is one.
 */
static int
is_pagenum(const char *s, size_t n)
{
	size_t i = 0, j, nums = 0, words = 0, bars = 0;
	int c;

	if (n == 0 || n > PAGENUM_MAX_LEN)
		return 0;
	while (i < n) {
		c = (unsigned char)s[i];
		if (is_digit(c)) {
			for (j = i; j < n && is_digit((unsigned char)s[j]); j++)
				;
			if (j - i > PAGENUM_DIGITS)
				return 0;
			nums++;
			i = j;
		} else if (is_alpha(c)) {
			for (j = i; j < n && (is_alpha((unsigned char)s[j]) ||
			    s[j] == '&' || s[j] == '\''); j++)
				;
			if (!is_pageword(s + i, j - i))
				words++;
			i = j;
		} else if (c == '|') {
			bars++;
			i++;
		} else if (strchr(" \t-/.,:()[]", c) != NULL)
			i++;
		else if (n - i >= 3 && (memcmp(s + i, "\xe2\x80\x93", 3) == 0 ||
		    memcmp(s + i, "\xe2\x80\x94", 3) == 0 ||
		    memcmp(s + i, "\xe2\x80\xa2", 3) == 0))
			i += 3;		/* en dash, em dash, bullet */
		else if (n - i >= 2 && (unsigned char)s[i] == 0xc2 &&
		    (unsigned char)s[i + 1] == 0xa0)
			i += 2;
		else
			return 0;
	}
	if (nums == 0 || nums > 2)
		return 0;
	return words == 0 || (bars > 0 && words <= PAGENUM_WORDS);
}

/* Blank, dropped or on another page: what may stand around a heading. */
static int
apart(const struct split *sp, size_t i, size_t page)
{
	return sp->lines[i].kind != L_TEXT || sp->lines[i].page != page;
}

/* A bare year ("2022") alone between blank lines: a section heading. */
static int
is_year_heading(const struct split *sp, size_t i)
{
	const struct line *l = &sp->lines[i];
	const char *s = sp->t + l->off;
	long long y;
	char buf[8];

	if (l->len != 4 || !is_digit((unsigned char)s[0]))
		return 0;
	memcpy(buf, s, 4);
	buf[4] = '\0';
	if (nw_parse_ll(buf, MIN_HEADING_YEAR, sp->max_year, &y) == -1)
		return 0;
	return (i == 0 || apart(sp, i - 1, l->page)) &&
	    (i + 1 == sp->nlines || apart(sp, i + 1, l->page));
}

static void
recur_init(struct recurmap *m, size_t n)
{
	m->cap = 64;
	while (m->cap < 2 * n + 2)
		m->cap *= 2;
	m->v = xcalloc(m->cap, sizeof(*m->v));
}

static struct recur *
recur_find(struct recurmap *m, uint64_t h)
{
	size_t i = (size_t)(h ^ (h >> 29)) & (m->cap - 1);

	while (m->v[i].h != 0 && m->v[i].h != h)
		i = (i + 1) & (m->cap - 1);
	m->v[i].h = h;
	return &m->v[i];
}

/* Count h once per page (page is unique per line without pages). */
static void
recur_add(struct recurmap *m, uint64_t h, size_t page)
{
	struct recur *r = recur_find(m, h);

	if (r->last != page + 1) {
		r->last = page + 1;
		r->pages++;
	}
}

static uint64_t
zone_key(uint64_t h, int zone)
{
	h = h * 31 + (uint64_t)zone;
	return h == 0 ? 1 : h;
}

/* Mark the top and bottom EDGE_LINES non-blank lines of every page. */
static void
zones_mark(struct split *sp)
{
	size_t a = 0, b, i, k;

	while (a < sp->nlines) {
		for (b = a; b < sp->nlines &&
		    sp->lines[b].page == sp->lines[a].page; b++)
			;
		for (i = a, k = 0; i < b && k < EDGE_LINES; i++)
			if (sp->lines[i].kind == L_TEXT) {
				sp->lines[i].zone |= Z_TOP;
				k++;
			}
		for (i = b, k = 0; i > a && k < EDGE_LINES; i--)
			if (sp->lines[i - 1].kind == L_TEXT) {
				sp->lines[i - 1].zone |= Z_BOT;
				k++;
			}
		a = b;
	}
}

/*
 * Could line l be a running header or footer?  Not when it is long, opens
 * in lower case or ends in punctuation, as the pieces of entries that
 * recur at page edges do ("documents.", "officials said the").
 */
static int
heading_like(const struct split *sp, const struct line *l)
{
	const char *s = sp->t + l->off;
	int last;

	if (l->len == 0 || l->len > RECUR_MAX_LEN ||
	    is_lower((unsigned char)s[0]))
		return 0;
	last = (unsigned char)s[l->len - 1];
	return strchr(".,;:!?", last) == NULL;
}

/*
 * Pass 2.  With pages, lines at the edges of pages are candidates; without,
 * every line is.  Page numbers go at once.  Heading-like candidates are
 * counted by their digit-masked form (page numbers too, so that "Page
 * 1000" goes with "Page 999"), per zone with pages, and dropped when
 * they recur on enough pages (a quarter of them, at least EDGE_MIN_PAGES)
 * or, without pages, RECUR_MIN times.  Bare year headings go last.
 */
static void
noise_drop(struct split *sp)
{
	struct recurmap m = { NULL, 0 };
	struct nw_date d;
	struct line *l;
	size_t i, used, need, ncand = 0;
	int paged = sp->npages >= 2;

	if (paged)
		zones_mark(sp);
	for (i = 0; i < sp->nlines; i++) {
		l = &sp->lines[i];
		if (l->kind != L_TEXT || (paged && l->zone == 0))
			continue;
		if (is_pagenum(sp->t + l->off, l->len))
			l->kind = L_DROP;
		if (!heading_like(sp, l) || (l->kind == L_TEXT &&
		    mark_at(sp, i, &d, &used, NULL) != NW_DATEMARK_NONE))
			continue;
		l->mask = mask_hash(sp->t + l->off, l->len);
		ncand++;
	}
	if (ncand > 0) {
		recur_init(&m, paged ? 2 * ncand : ncand);
		for (i = 0; i < sp->nlines; i++) {
			l = &sp->lines[i];
			if (l->mask == 0)
				continue;
			if (!paged)
				recur_add(&m, l->mask, i);
			if (l->zone & Z_TOP)
				recur_add(&m, zone_key(l->mask, Z_TOP), l->page);
			if (l->zone & Z_BOT)
				recur_add(&m, zone_key(l->mask, Z_BOT), l->page);
		}
		need = paged ? sp->npages / 4 : RECUR_MIN;
		if (need < EDGE_MIN_PAGES)
			need = EDGE_MIN_PAGES;
		for (i = 0; i < sp->nlines; i++) {
			l = &sp->lines[i];
			if (l->mask == 0 || l->kind != L_TEXT)
				continue;
			if ((!paged &&
			    recur_find(&m, l->mask)->pages >= need) ||
			    ((l->zone & Z_TOP) && recur_find(&m,
			    zone_key(l->mask, Z_TOP))->pages >= need) ||
			    ((l->zone & Z_BOT) && recur_find(&m,
			    zone_key(l->mask, Z_BOT))->pages >= need))
				l->kind = L_DROP;
		}
		free(m.v);
	}
	for (i = 0; i < sp->nlines; i++)
		if (sp->lines[i].kind == L_TEXT && is_year_heading(sp, i))
			sp->lines[i].kind = L_HEADING;
}

/* --- pass 3: entries -------------------------------------------------------------- */

/* Open an entry at line first; NULL past max_entries, with *err set. */
static struct entry *
entry_new(struct split *sp, size_t first)
{
	struct entry *e;

	if (sp->nents >= sp->max_entries) {
		nw_error_at_line(sp->err, (long)sp->lines[first].no, 0);
		nw_error_set(sp->err, NW_E_LIMIT,
		    "more than %zu entries (max-entries)", sp->max_entries);
		return NULL;
	}
	if (sp->nents == sp->entcap) {
		sp->entcap = sp->entcap == 0 ? 256 : sp->entcap * 2;
		sp->ents = xreallocarray(sp->ents, sp->entcap,
		    sizeof(*sp->ents));
	}
	if (sp->nents > 0)
		sp->ents[sp->nents - 1].end = first;
	e = &sp->ents[sp->nents++];
	memset(e, 0, sizeof(*e));
	e->first = first;
	e->end = sp->nlines;
	return e;
}

static int
entries_find(struct split *sp)
{
	struct entry *cur = NULL;
	struct nw_date d;
	struct line *l;
	enum nw_datemark r;
	enum brk brk = BRK_NONE;
	size_t i, used, prevpage = 0;
	int have_prev = 0, prev_end = 0, prev_short = 0, body = 0;
	int strong, para, veto;
	enum ask prev_asks = ASK_NO;
	char esc[2 * NW_LOG_FIELD_MAX];

	for (i = 0; i < sp->nlines; i++) {
		l = &sp->lines[i];
		if (l->kind == L_BLANK || l->kind == L_HEADING) {
			if (brk == BRK_NONE)
				brk = BRK_BLANK;
			continue;
		}
		if (l->kind == L_DROP) {
			brk = BRK_PAGE;
			continue;
		}
		if (have_prev && l->page != prevpage)
			brk = BRK_PAGE;
		r = mark_at(sp, i, &d, &used, &strong);
		/* the previous paragraph has visibly ended */
		para = brk == BRK_BLANK || (have_prev && prev_short);
		/* the line before wants this date to finish its sentence */
		veto = prev_asks == ASK_YES ||
		    (prev_asks == ASK_MAYBE && brk == BRK_NONE);
		if (r != NW_DATEMARK_NONE && (!have_prev || (!veto &&
		    (brk != BRK_NONE || prev_end || prev_short || strong)))) {
			if (r == NW_DATEMARK_IMPOSSIBLE) {
				nw_error_at_line(sp->err, (long)l->no, 0);
				sp->err->offset = (long long)l->off;
				nw_error_set(sp->err, NW_E_DATA,
				    "impossible date \"%s\"", nw_log_escape(
				    sp->mark.data, used, esc, sizeof(esc)));
				return -1;
			}
			cur = entry_new(sp, i);
			if (cur == NULL)
				return -1;
			cur->date = d;
			cur->dated = 1;
			body = used < sp->mark.len;
		} else if (cur != NULL && para && body && prev_end &&
		    starts_capital(sp->t + l->off, l->len)) {
			d = cur->date;
			cur = entry_new(sp, i);
			if (cur == NULL)
				return -1;
			cur->date = d;
		} else
			body = 1;
		prev_end = ends_sentence(sp->t + l->off, l->len);
		prev_short = is_short(sp, l);
		prev_asks = asks_for_date(sp->t + l->off, l->len);
		have_prev = 1;
		prevpage = l->page;
		brk = BRK_NONE;
	}
	return 0;
}

/* --- pass 4: text and ids ----------------------------------------------------------- */

/* Join the entry's lines with single spaces; a soft hyphen at a line end
 * joins without one. */
static int
entry_join(const struct split *sp, const struct entry *e, struct nw_buf *raw)
{
	const struct line *l;
	size_t i, n;
	int glue = 0;

	nw_buf_reset(raw);
	for (i = e->first; i < e->end; i++) {
		l = &sp->lines[i];
		if (l->kind != L_TEXT)
			continue;
		n = l->len;
		if (raw->len > 0 && !glue && nw_buf_addc(raw, ' ') == -1)
			return -1;
		glue = ends_with(sp->t + l->off, n, "\xc2\xad");
		if (glue)
			n -= 2;
		if (nw_buf_add(raw, sp->t + l->off, n) == -1)
			return -1;
	}
	return 0;
}

/*
 * The key of a native id: the date as precise as it is, then ID_HEX hex
 * digits of the SHA-256 of the body's letters and digits, lower-cased
 * (the bytes of non-ASCII characters kept as they are).  Returns the
 * number of bytes hashed: 0 when the body has no letter or digit.
 */
static size_t
entry_key(struct entry *e, const char *body, size_t n, char **tmp,
    size_t *tmpcap)
{
	char hex[NW_SHA256_HEX], date[16];
	size_t i, k = 0;
	int c;

	if (*tmpcap < n + 1) {
		*tmpcap = n + 1;
		*tmp = xreallocarray(*tmp, *tmpcap, 1);
	}
	for (i = 0; i < n; i++) {
		c = (unsigned char)body[i];
		if (is_upper(c))
			c += 'a' - 'A';
		if (is_lower(c) || is_digit(c) || c >= 0x80)
			(*tmp)[k++] = (char)c;
	}
	nw_sha256_hex(*tmp, k, hex);
	nw_date_format(&e->date, date);
	(void)snprintf(e->key, sizeof(e->key), "%s-%.*s", date, ID_HEX, hex);
	return k;
}

static int
entries_text(struct split *sp, struct nw_arena *arena)
{
	struct nw_lexicon *lex;
	struct nw_buf raw, norm, fin;
	struct nw_date d;
	struct entry *e;
	char *tmp = NULL;
	size_t i, used, tmpcap = 0;
	int rc = -1;

	lex = nw_lexicon_new();
	nw_lexicon_add_text(lex, sp->t + sp->start, sp->len - sp->start);
	nw_buf_init(&raw, sp->len + 16);
	nw_buf_init(&norm, sp->len + 16);
	nw_buf_init(&fin, sp->len + 16);
	for (i = 0; i < sp->nents; i++) {
		e = &sp->ents[i];
		if (entry_join(sp, e, &raw) == -1 ||
		    nw_text_normalize(raw.data, raw.len, &norm) == -1) {
			nw_error_set(sp->err, NW_E_INTERNAL,
			    "entry text outgrew its buffer");
			goto out;
		}
		used = 0;
		if (e->dated && nw_datemark_parse(norm.data, norm.len,
		    sp->max_year, &d, &used) != NW_DATEMARK_OK)
			used = 0;
		if (entry_key(e, norm.data + used, norm.len - used, &tmp,
		    &tmpcap) == 0) {
			nw_log(NW_LOG_WARN, sp->feedname,
			    "%s:%ld: entry has no text after its date; skipped",
			    sp->docname, (long)sp->lines[e->first].no);
			e->skip = 1;
			continue;
		}
		if (nw_text_rejoin(norm.data, norm.len, lex, &fin) == -1) {
			nw_error_set(sp->err, NW_E_INTERNAL,
			    "entry text outgrew its buffer");
			goto out;
		}
		if (fin.len > sp->max_entry_len) {
			nw_error_at_line(sp->err, (long)sp->lines[e->first].no,
			    0);
			sp->err->offset = (long long)sp->lines[e->first].off;
			nw_error_set(sp->err, NW_E_LIMIT,
			    "entry of %zu bytes, more than %zu (max-entry-size)",
			    fin.len, sp->max_entry_len);
			goto out;
		}
		e->text = nw_arena_strndup(arena, fin.data, fin.len);
		e->textlen = fin.len;
	}
	rc = 0;
out:
	nw_buf_free(&raw);
	nw_buf_free(&norm);
	nw_buf_free(&fin);
	free(tmp);
	nw_lexicon_free(lex);
	return rc;
}

static int
cmp_entry(const void *a, const void *b)
{
	const struct entry *x = *(const struct entry *const *)a;
	const struct entry *y = *(const struct entry *const *)b;
	int c = strcmp(x->key, y->key);

	if (c != 0)
		return c;
	return x < y ? 1 : x > y ? -1 : 0;	/* bottom of the list first */
}

/* Number equal keys from the bottom of the list: 1 (no suffix), 2, 3... */
static void
entries_dedup(struct split *sp)
{
	struct entry **v;
	size_t i, n = 0;

	v = xreallocarray(NULL, sp->nents + 1, sizeof(*v));
	for (i = 0; i < sp->nents; i++)
		if (!sp->ents[i].skip)
			v[n++] = &sp->ents[i];
	qsort(v, n, sizeof(*v), cmp_entry);
	for (i = 0; i < n; i++)
		v[i]->dup = i > 0 && strcmp(v[i]->key, v[i - 1]->key) == 0 ?
		    v[i - 1]->dup + 1 : 1;
	free(v);
}

/* --- the whole split ---------------------------------------------------------------- */

static int
current_max_year(void)
{
	time_t now = time(NULL);
	struct tm tm;

	if (gmtime_r(&now, &tm) == NULL)
		return 2100;
	return tm.tm_year + 1900 + 1;
}

/* Line and column (in characters) of byte off, for UTF-8 errors. */
static void
locate(const char *t, size_t start, size_t off, long *line, long *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = start; i < off; i++) {
		if (t[i] == '\n' || (t[i] == '\r' &&
		    (i + 1 >= off || t[i + 1] != '\n'))) {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)t[i] & 0xc0) != 0x80 && t[i] != '\r')
			(*col)++;
	}
}

/* Text from HTML: paragraphs are explicit, lines are not the input's. */
#define SPLIT_HTML	1

static long
split_run(const struct nw_feed *feed, const char *docname, const char *url,
    const char *text, size_t len, int flags, struct nw_arena *arena,
    nw_report_fn fn, void *arg, struct nw_error *err)
{
	struct split sp;
	struct nw_error dummy;
	struct nw_report *r;
	struct entry *e;
	size_t i, bad;
	long n = 0, rc = -1;
	long line, col;

	if (err == NULL) {
		nw_error_clear(&dummy);
		err = &dummy;
	}
	memset(&sp, 0, sizeof(sp));
	sp.feed = feed;
	sp.feedname = feed != NULL && feed->name != NULL ? feed->name : "";
	sp.docname = docname != NULL ? docname : "(text)";
	sp.url = url;
	sp.t = text;
	sp.len = len;
	sp.located = !(flags & SPLIT_HTML);
	sp.wrapped = !(flags & SPLIT_HTML);
	sp.err = err;
	sp.max_year = current_max_year();
	sp.max_entries = NW_DEF_MAX_ENTRIES;
	sp.max_entry_len = NW_DEF_MAX_ENTRY_LEN;
	if (feed != NULL && feed->limits.max_entries > 0)
		sp.max_entries = feed->limits.max_entries;
	if (feed != NULL && feed->limits.max_entry_len > 0)
		sp.max_entry_len = feed->limits.max_entry_len;
	nw_buf_init(&sp.mark, 4 * MARK_PREFIX);
	nw_error_where(err, sp.feedname, sp.docname);

	if (len >= 5 && memcmp(text, "%PDF-", 5) == 0) {
		nw_error_set(err, NW_E_PARSE,
		    "PDF body reached the parser without conversion");
		goto out;
	}
	if (len > UINT32_MAX) {
		nw_error_set(err, NW_E_LIMIT, "text of %zu bytes, more than %u",
		    len, UINT32_MAX);
		goto out;
	}
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		sp.start = 3;
	if (nw_utf8_check(text + sp.start, len - sp.start, &bad) == -1) {
		bad += sp.start;
		locate(text, sp.start, bad, &line, &col);
		nw_error_at_line(err, line, col);
		err->offset = (long long)bad;
		if (text[bad] == '\0')
			nw_error_set(err, NW_E_DATA, "NUL byte in text");
		else
			nw_error_set(err, NW_E_DATA,
			    "invalid UTF-8 (byte 0x%02x)",
			    (unsigned char)text[bad]);
		goto out;
	}

	if (lines_split(&sp) == -1)
		goto out;
	noise_drop(&sp);
	width_measure(&sp);
	if (entries_find(&sp) == -1)
		goto out;
	if (sp.nents == 0) {
		nw_error_set(err, NW_E_PARSE, "no dated entries found "
		    "(not a list of dated paragraphs, or cut short)");
		goto out;
	}
	if (entries_text(&sp, arena) == -1)
		goto out;
	entries_dedup(&sp);

	for (i = 0; i < sp.nents; i++) {
		e = &sp.ents[i];
		if (e->skip)
			continue;
		r = nw_arena_alloc(arena, sizeof(*r));
		if (e->dup > 1)
			r->native_id = nw_arena_printf(arena, "%s-%zu", e->key,
			    e->dup);
		else
			r->native_id = nw_arena_strdup(arena, e->key);
		r->url = url != NULL ? nw_arena_strdup(arena, url) : NULL;
		r->title = NULL;
		r->text = e->text;
		r->textlen = e->textlen;
		r->date = e->date;
		r->line = sp.located ? (long)sp.lines[e->first].no : 0;
		r->offset = sp.located ? (long long)sp.lines[e->first].off : -1;
		if (fn != NULL && fn(r, arg) == -1)
			goto out;	/* the callee filled in err */
		n++;
	}
	if (n == 0) {
		nw_error_set(err, NW_E_PARSE,
		    "dated entries found, but none with any text");
		goto out;
	}
	rc = n;
out:
	free(sp.lines);
	free(sp.ents);
	nw_buf_free(&sp.mark);
	return rc;
}

long
nw_csis_split_text(const struct nw_feed *feed, const char *docname,
    const char *text, size_t len, struct nw_arena *arena, nw_report_fn fn,
    void *arg, struct nw_error *err)
{
	return split_run(feed, docname, NULL, text, len, 0, arena, fn, arg,
	    err);
}

/* --- the parser ------------------------------------------------------------------------ */

enum format { FMT_AUTO, FMT_TEXT, FMT_HTML, FMT_BAD };

static enum format
format_from(const char *v)
{
	if (v == NULL || strcmp(v, "auto") == 0)
		return FMT_AUTO;
	if (strcmp(v, "text") == 0)
		return FMT_TEXT;
	if (strcmp(v, "html") == 0)
		return FMT_HTML;
	return FMT_BAD;
}

/* The "format" key of the definition (looked up here: no link to feed.c). */
static const struct nw_feed_opt *
format_opt(const struct nw_feed *feed)
{
	size_t i;

	if (feed == NULL)
		return NULL;
	for (i = 0; i < feed->nopts; i++)
		if (feed->opts[i].key != NULL &&
		    strcmp(feed->opts[i].key, "format") == 0)
			return &feed->opts[i];
	return NULL;
}

static int
csis_check(const struct nw_feed *feed, nw_error_fn onerr, void *arg)
{
	struct nw_error err;
	char esc[2 * NW_LOG_FIELD_MAX];
	size_t i;
	int nerr = 0;

	for (i = 0; i < feed->nopts; i++) {
		const struct nw_feed_opt *o = &feed->opts[i];

		if (o->key == NULL || strcmp(o->key, "format") != 0 ||
		    format_from(o->value) != FMT_BAD)
			continue;
		nw_error_clear(&err);
		nw_error_where(&err, feed->name, feed->path);
		nw_error_at_line(&err, o->line, 0);
		nw_error_set(&err, NW_E_CONFIG,
		    "format: \"%s\" is not auto, text or html",
		    nw_log_escape(o->value, strlen(o->value), esc,
		    sizeof(esc)));
		if (onerr != NULL)
			onerr(&err, arg);
		nerr++;
	}
	return nerr;
}

static int
is_html_type(const char *ct)
{
	return ct != NULL && (nw_strncaseeq(ct, "text/html", 9) ||
	    nw_strncaseeq(ct, "application/xhtml", 17));
}

/* Does the body open with markup (after a BOM and blanks)? */
static int
opens_with_tag(const char *s, size_t n)
{
	size_t i = 0;

	if (n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' ||
	    s[i] == '\r' || s[i] == '\f'))
		i++;
	return i < n && s[i] == '<';
}

static long
csis_parse(const struct nw_feed *feed, const struct nw_doc *doc,
    struct nw_arena *arena, nw_report_fn fn, void *arg, struct nw_error *err)
{
	const struct nw_feed_opt *o;
	enum format fmt;
	char *text = NULL, *name = NULL;
	size_t tlen, max;
	long rc = -1;

	nw_error_where(err, feed->name, doc->name);
	if (doc->len >= 5 && memcmp(doc->data, "%PDF-", 5) == 0) {
		nw_error_set(err, NW_E_PARSE,
		    "PDF body reached the parser without conversion");
		goto out;
	}
	o = format_opt(feed);
	fmt = format_from(o != NULL ? o->value : NULL);
	if (fmt == FMT_BAD) {
		nw_error_where(err, NULL, feed->path);
		nw_error_at_line(err, o->line, 0);
		nw_error_set(err, NW_E_CONFIG,
		    "format: not auto, text or html");
		goto out;
	}
	/*
	 * auto: HTML when it sniffs as HTML, or when the server says HTML
	 * and the body opens with a tag (a text list served as text/html by
	 * a careless server stays text).
	 */
	if (fmt == FMT_AUTO)
		fmt = nw_html_sniff(doc->data, doc->len) ||
		    (is_html_type(doc->content_type) &&
		    opens_with_tag(doc->data, doc->len)) ? FMT_HTML : FMT_TEXT;
	if (fmt == FMT_TEXT) {
		rc = split_run(feed, doc->name, doc->url, doc->data, doc->len,
		    0, arena, fn, arg, err);
		goto out;
	}
	max = feed->limits.max_body > 0 ? feed->limits.max_body :
	    NW_DEF_MAX_BODY;
	text = nw_html_to_text(doc->data, doc->len, max, &tlen, err);
	if (text == NULL)
		goto out;
	/* lines and columns from here on are those of the extracted text */
	name = xasprintf("%s (text of HTML)", doc->name != NULL ? doc->name :
	    "(document)");
	rc = split_run(feed, name, doc->url, text, tlen, SPLIT_HTML, arena,
	    fn, arg, err);
out:
	free(text);
	free(name);
	return rc;
}

const struct nw_parser nw_parser_csis = {
	.kind = "csis",
	.summary = "lists of dated incident paragraphs in the CSIS style "
	    "(PDF, HTML or text)",
	.options = csis_options,
	.parse = csis_parse,
	.check = csis_check,
};
