/*
 * text.c - UTF-8 checking, normalization of extracted text, and the repair
 * of words split by PDF extraction.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "normwatch/date.h"
#include "normwatch/text.h"
#include "normwatch/util.h"

#include "words.h"

#define WORD_MAX	48	/* longer "words" are never joined */

/* --- UTF-8 --------------------------------------------------------------- */

/*
 * Decode one code point at s[0..len).  Returns its length (1-4), or 0 for
 * an invalid sequence (overlong, surrogate, > U+10FFFF, truncated).
 */
static size_t
utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	uint32_t c;
	size_t n, i;

	if (len == 0)
		return 0;
	c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		c &= 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		c &= 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		c &= 0x07;
	} else
		return 0;
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

int
nw_utf8_check(const char *s, size_t len, size_t *bad)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;
	uint32_t cp;

	while (i < len) {
		if (p[i] != 0 && p[i] < 0x80) {
			i++;
			continue;
		}
		n = p[i] == 0 ? 0 : utf8_decode(p + i, len - i, &cp);
		if (n == 0) {
			if (bad != NULL)
				*bad = i;
			return -1;
		}
		i += n;
	}
	return 0;
}

/* --- normalization --------------------------------------------------------- */

/*
 * What a code point becomes: NULL to keep it as it is, "" to drop it,
 * " " for white space, else the ASCII replacement.
 */
static const char *
fold(uint32_t cp)
{
	switch (cp) {
	case 0x2018: case 0x2019: case 0x201a: case 0x201b: case 0x2032:
	case 0x00b4: case 0x0060:
		return "'";
	case 0x201c: case 0x201d: case 0x201e: case 0x201f: case 0x2033:
	case 0x00ab: case 0x00bb:
		return "\"";
	case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014:
	case 0x2015: case 0x2212: case 0xfe58: case 0xfe63: case 0xff0d:
		return "-";
	case 0x2026:
		return "...";
	case 0x2022: case 0x00b7:
		return " ";
	case 0xfb00: return "ff";
	case 0xfb01: return "fi";
	case 0xfb02: return "fl";
	case 0xfb03: return "ffi";
	case 0xfb04: return "ffl";
	case 0xfb05: case 0xfb06: return "st";
	case 0x00ad: case 0x200b: case 0x200c: case 0x200d: case 0x2060:
	case 0xfeff:
		return "";
	case 0x00a0: case 0x1680: case 0x2028: case 0x2029: case 0x202f:
	case 0x205f: case 0x3000: case 0x0085:
		return " ";
	default:
		break;
	}
	if (cp >= 0x2000 && cp <= 0x200a)
		return " ";
	if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
		return " ";
	return NULL;
}

int
nw_text_normalize(const char *s, size_t len, struct nw_buf *out)
{
	const unsigned char *p = (const unsigned char *)s;
	const char *rep;
	size_t i = 0, n;
	uint32_t cp;
	int space = 0;

	nw_buf_reset(out);
	while (i < len) {
		/* fast path: a run of printable ASCII other than space */
		if (p[i] > 0x20 && p[i] < 0x7f && p[i] != '`') {
			size_t j = i + 1;

			while (j < len && p[j] > 0x20 && p[j] < 0x7f && p[j] != '`')
				j++;
			if (space) {
				if (nw_buf_addc(out, ' ') == -1)
					return -1;
				space = 0;
			}
			if (nw_buf_add(out, p + i, j - i) == -1)
				return -1;
			i = j;
			continue;
		}
		n = utf8_decode(p + i, len - i, &cp);
		if (n == 0) {		/* not UTF-8: callers check first */
			cp = 0xfffd;
			n = 1;
		}
		if (cp == ' ' || cp == '\t')
			rep = " ";
		else
			rep = fold(cp);
		if (rep != NULL && strcmp(rep, " ") == 0) {
			space = out->len > 0;
			i += n;
			continue;
		}
		if (rep != NULL && *rep == '\0') {
			i += n;
			continue;
		}
		if (space) {
			if (nw_buf_addc(out, ' ') == -1)
				return -1;
			space = 0;
		}
		if (rep != NULL) {
			if (nw_buf_adds(out, rep) == -1)
				return -1;
		} else if (cp == 0xfffd && n == 1) {
			if (nw_buf_add(out, "\xef\xbf\xbd", 3) == -1)
				return -1;
		} else if (nw_buf_add(out, p + i, n) == -1)
			return -1;
		i += n;
	}
	return 0;
}

/* --- lexicon ----------------------------------------------------------------- */

struct lex_slot {
	char		*word;		/* NULL when empty */
	unsigned	 count;
};

struct nw_lexicon {
	struct lex_slot	*slots;
	size_t		 cap;		/* power of two */
	size_t		 used;
};

#define LEX_MAX_WORDS	(1u << 18)	/* distinct words one lexicon keeps */

static uint64_t
hash_word(const char *w, size_t len)
{
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a */
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)w[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static int
lower_ascii(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Lower-case w into buf (WORD_MAX + 1); -1 when not plain letters. */
static int
lower_word(const char *w, size_t len, char *buf)
{
	size_t i;

	if (len == 0 || len > WORD_MAX)
		return -1;
	for (i = 0; i < len; i++) {
		if (!is_alpha((unsigned char)w[i]))
			return -1;
		buf[i] = (char)lower_ascii((unsigned char)w[i]);
	}
	buf[len] = '\0';
	return 0;
}

struct nw_lexicon *
nw_lexicon_new(void)
{
	struct nw_lexicon *lex = xcalloc(1, sizeof(*lex));

	lex->cap = 1024;
	lex->slots = xcalloc(lex->cap, sizeof(*lex->slots));
	return lex;
}

static struct lex_slot *
lex_find(const struct nw_lexicon *lex, const char *w, size_t len)
{
	size_t i = (size_t)hash_word(w, len) & (lex->cap - 1);

	while (lex->slots[i].word != NULL) {
		if (strlen(lex->slots[i].word) == len &&
		    memcmp(lex->slots[i].word, w, len) == 0)
			return &lex->slots[i];
		i = (i + 1) & (lex->cap - 1);
	}
	return &lex->slots[i];
}

static void
lex_grow(struct nw_lexicon *lex)
{
	struct lex_slot *old = lex->slots;
	size_t oldcap = lex->cap, i;

	lex->cap *= 2;
	lex->slots = xcalloc(lex->cap, sizeof(*lex->slots));
	for (i = 0; i < oldcap; i++) {
		if (old[i].word != NULL) {
			struct lex_slot *s = lex_find(lex, old[i].word,
			    strlen(old[i].word));

			*s = old[i];
		}
	}
	free(old);
}

/* Count key (already lower-case, len bytes) in lex. */
static void
lex_add(struct nw_lexicon *lex, const char *key, size_t len)
{
	struct lex_slot *s;

	s = lex_find(lex, key, len);
	if (s->word != NULL) {
		if (s->count < UINT32_MAX)
			s->count++;
		return;
	}
	if (lex->used >= LEX_MAX_WORDS)
		return;
	s->word = xstrndup(key, len);
	s->count = 1;
	lex->used++;
	if (lex->used * 2 > lex->cap)
		lex_grow(lex);
}

void
nw_lexicon_add_word(struct nw_lexicon *lex, const char *word, size_t len)
{
	char buf[WORD_MAX + 1];

	if (lower_word(word, len, buf) == -1)
		return;
	lex_add(lex, buf, len);
}

/*
 * Remember "state-sponsored" as a compound, so that "statesponsored" (the
 * hyphen dropped by pdftotext at a line end) can be given it back.
 */
static void
lex_add_compound(struct nw_lexicon *lex, const char *a, size_t alen,
    const char *b, size_t blen)
{
	char buf[2 * WORD_MAX + 2];

	if (alen + blen + 1 > WORD_MAX || lower_word(a, alen, buf) == -1 ||
	    lower_word(b, blen, buf + alen + 1) == -1)
		return;
	buf[alen] = '-';
	lex_add(lex, buf, alen + 1 + blen);
}

void
nw_lexicon_add_text(struct nw_lexicon *lex, const char *text, size_t len)
{
	size_t i = 0, start;

	while (i < len) {
		while (i < len && !is_alpha((unsigned char)text[i]))
			i++;
		start = i;
		while (i < len && is_alpha((unsigned char)text[i]))
			i++;
		if (i == start)
			continue;
		nw_lexicon_add_word(lex, text + start, i - start);
		if (i + 1 < len && text[i] == '-' &&
		    is_alpha((unsigned char)text[i + 1])) {
			size_t b = i + 1, e = b;

			while (e < len && is_alpha((unsigned char)text[e]))
				e++;
			lex_add_compound(lex, text + start, i - start, text + b,
			    e - b);
		}
	}
}

unsigned
nw_lexicon_count(const struct nw_lexicon *lex, const char *word, size_t len)
{
	char buf[WORD_MAX + 1];
	const struct lex_slot *s;

	if (lex == NULL || lower_word(word, len, buf) == -1)
		return 0;
	s = lex_find(lex, buf, len);
	return s->word != NULL ? s->count : 0;
}

void
nw_lexicon_free(struct nw_lexicon *lex)
{
	size_t i;

	if (lex == NULL)
		return;
	for (i = 0; i < lex->cap; i++)
		free(lex->slots[i].word);
	free(lex->slots);
	free(lex);
}

static int
cmp_word(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

/*
 * The built-in English lexicon as a hash set of indexes into nw_words,
 * built on first use (a few milliseconds): a lookup is one hash and a
 * compare or two, where bsearch took seventeen string compares.  Built
 * once and only read after, so it is shared by all callers.
 */
static uint32_t	*builtin_set;		/* slot: index + 1, 0 when empty */
static size_t	 builtin_mask;

static void
builtin_build(void)
{
	size_t cap = 1, i, j;

	while (cap < nw_nwords * 2)
		cap <<= 1;
	builtin_set = xcalloc(cap, sizeof(*builtin_set));
	builtin_mask = cap - 1;
	for (i = 0; i < nw_nwords; i++) {
		j = (size_t)hash_word(nw_words[i], strlen(nw_words[i])) &
		    builtin_mask;
		while (builtin_set[j] != 0)
			j = (j + 1) & builtin_mask;
		builtin_set[j] = (uint32_t)(i + 1);
	}
}

/* Is w (already lower-case) in the built-in English lexicon? */
static int
builtin_word(const char *w)
{
	size_t len = strlen(w), j;
	uint32_t k;

	if (builtin_set == NULL)
		builtin_build();
	j = (size_t)hash_word(w, len) & builtin_mask;
	while ((k = builtin_set[j]) != 0) {
		if (strcmp(nw_words[k - 1], w) == 0)
			return 1;
		j = (j + 1) & builtin_mask;
	}
	return 0;
}

int
nw_word_known(const char *word, size_t len)
{
	char buf[WORD_MAX + 1];

	if (lower_word(word, len, buf) == -1)
		return 0;
	return builtin_word(buf);
}

/*
 * Words of three letters or fewer that count as words on their own.  The
 * general lexicon has too many short entries ("ed", "ion", "nt" as
 * abbreviations) that are, in extracted text, pieces of split words.
 */
static const char *const short_words[] = {
	"a",
	"ad",
	"ago",
	"air",
	"all",
	"am",
	"an",
	"and",
	"any",
	"are",
	"arm",
	"art",
	"as",
	"ask",
	"at",
	"ate",
	"away",
	"bad",
	"bag",
	"ban",
	"bar",
	"be",
	"bed",
	"big",
	"bit",
	"boy",
	"bug",
	"bus",
	"but",
	"buy",
	"by",
	"can",
	"car",
	"cat",
	"cut",
	"day",
	"did",
	"die",
	"dig",
	"do",
	"dog",
	"due",
	"eat",
	"end",
	"era",
	"eye",
	"fan",
	"far",
	"fax",
	"fee",
	"few",
	"fit",
	"fix",
	"fly",
	"for",
	"fox",
	"fun",
	"gas",
	"get",
	"go",
	"god",
	"got",
	"gun",
	"had",
	"has",
	"hat",
	"he",
	"her",
	"hid",
	"him",
	"his",
	"hit",
	"hot",
	"how",
	"i",
	"ice",
	"id",
	"if",
	"ill",
	"in",
	"inc",
	"ink",
	"is",
	"it",
	"its",
	"jet",
	"job",
	"key",
	"kid",
	"kin",
	"lab",
	"law",
	"lay",
	"led",
	"leg",
	"let",
	"lie",
	"lot",
	"low",
	"mad",
	"man",
	"map",
	"may",
	"me",
	"men",
	"met",
	"mix",
	"mob",
	"my",
	"net",
	"new",
	"no",
	"nor",
	"not",
	"now",
	"of",
	"off",
	"oil",
	"old",
	"on",
	"one",
	"or",
	"our",
	"out",
	"own",
	"pay",
	"per",
	"pet",
	"pin",
	"pop",
	"put",
	"ran",
	"raw",
	"red",
	"rob",
	"row",
	"run",
	"sat",
	"saw",
	"say",
	"sea",
	"see",
	"set",
	"she",
	"sit",
	"six",
	"sky",
	"son",
	"spy",
	"sun",
	"tax",
	"ten",
	"the",
	"tie",
	"tip",
	"to",
	"toe",
	"too",
	"top",
	"toy",
	"try",
	"two",
	"un",
	"up",
	"us",
	"use",
	"van",
	"via",
	"war",
	"was",
	"way",
	"we",
	"web",
	"who",
	"why",
	"win",
	"won",
	"yes",
	"yet",
	"you"
};

/*
 * A piece is "a word on its own" when it is a short word above, or, from
 * four letters up, when the English lexicon has it or the document uses it
 * often (three times or more: a split fragment rarely recurs).  Returns 0
 * for no word, 2 for a word of the English lexicon of four letters or
 * more, 1 for any other word.
 */
static int
word_kind(const struct nw_lexicon *lex, const char *w, size_t len)
{
	char buf[WORD_MAX + 1];

	if (lower_word(w, len, buf) == -1)
		return 0;
	if (len <= 3)
		return bsearch(buf, short_words, NW_NELEM(short_words),
		    sizeof(short_words[0]), cmp_word) != NULL;
	if (builtin_word(buf))
		return 2;
	return nw_lexicon_count(lex, w, len) >= 3;
}

/* Is the join of two pieces a known word (English, or seen in the text)? */
static int
known_join(const struct nw_lexicon *lex, const char *a, size_t alen,
    const char *b, size_t blen)
{
	char w[2 * WORD_MAX + 2], buf[WORD_MAX + 1];

	if (alen + blen > WORD_MAX)
		return 0;
	memcpy(w, a, alen);
	memcpy(w + alen, b, blen);
	if (lower_word(w, alen + blen, buf) == -1)
		return 0;
	return builtin_word(buf) || nw_lexicon_count(lex, w, alen + blen) > 0;
}

/*
 * For an unknown lower-case word that is two words run together, the split
 * point at which the document has the hyphenated compound ("statesponsored"
 * and "state-sponsored" elsewhere): 0 when there is none.
 */
static size_t
compound_split(const struct nw_lexicon *lex, const char *w, size_t len)
{
	char buf[WORD_MAX + 2];
	const struct lex_slot *sl;
	size_t i;

	if (lex == NULL || len < 6 || len + 1 > WORD_MAX ||
	    lower_word(w, len, buf) == -1 || memcmp(buf, w, len) != 0 ||
	    builtin_word(buf))
		return 0;
	for (i = 2; i + 2 <= len; i++) {
		memcpy(buf, w, i);
		buf[i] = '-';
		memcpy(buf + i + 1, w + i, len - i);
		sl = lex_find(lex, buf, len + 1);
		if (sl->word != NULL)
			return i;
	}
	return 0;
}

/* --- rejoin ------------------------------------------------------------------ */

static size_t
word_len(const char *s, size_t i, size_t len)
{
	size_t j = i;

	while (j < len && is_alpha((unsigned char)s[j]))
		j++;
	return j - i;
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/*
 * Is the number ending before the comma at s[c] the head of a thousands
 * group: one to three digits ("50, 000") or a group itself ("1,000, 000")?
 * A year ("2019, 300 servers") is not, nor a day after a month name
 * ("May 5, 200 people").
 */
static int
thousands_head(const char *s, size_t c)
{
	size_t j = c, k, w;

	while (j > 0 && is_digit((unsigned char)s[j - 1]))
		j--;
	if (c - j == 0 || c - j > 3)
		return 0;
	if (j > 0 && s[j - 1] == ',')
		return c - j == 3;
	if (j > 0 && s[j - 1] == ' ') {
		k = j - 1;
		if (k > 0 && s[k - 1] == '.')		/* "Sept. 5, 200" */
			k--;
		for (w = k; w > 0 && is_alpha((unsigned char)s[w - 1]); w--)
			;
		if (nw_month_from_name(s + w, k - w) != 0)
			return 0;
	}
	return 1;
}

int
nw_text_rejoin(const char *s, size_t len, const struct nw_lexicon *lex,
    struct nw_buf *out)
{
	size_t i = 0, a, b, known_at = SIZE_MAX;
	int wa, wb, known = 0;

	nw_buf_reset(out);
	while (i < len) {
		unsigned char c = (unsigned char)s[i];

		if (is_alpha(c) && (i == 0 || !is_alpha((unsigned char)s[i - 1]))) {
			a = word_len(s, i, len);
			/* the next word's kind was found for the last pair */
			wa = i == known_at ? known : word_kind(lex, s + i, a);
			/*
			 * "Governme nt": word, one space, word; never the
			 * "s" of a possessive ("Iran's oil" is no "soil")
			 */
			if (i + a + 1 < len && s[i + a] == ' ' &&
			    is_alpha((unsigned char)s[i + a + 1]) &&
			    !(i > 0 && s[i - 1] == '\'')) {
				b = word_len(s, i + a + 1, len);
				wb = word_kind(lex, s + i + a + 1, b);
				known_at = i + a + 1;
				known = wb;
				if (!(wa && wb) &&
				    known_join(lex, s + i, a, s + i + a + 1, b)) {
					if (nw_buf_add(out, s + i, a) == -1 ||
					    nw_buf_add(out, s + i + a + 1, b) == -1)
						return -1;
					i += a + 1 + b;
					continue;
				}
			}
			/* a word of the lexicon is no run-together compound */
			if (wa != 2 && (b = compound_split(lex, s + i, a)) > 0) {
				if (nw_buf_add(out, s + i, b) == -1 ||
				    nw_buf_addc(out, '-') == -1 ||
				    nw_buf_add(out, s + i + b, a - b) == -1)
					return -1;
			} else if (nw_buf_add(out, s + i, a) == -1)
				return -1;
			i += a;
			continue;
		}
		if (c == ' ' && i + 1 < len) {
			unsigned char n = (unsigned char)s[i + 1];
			unsigned char p = i > 0 ? (unsigned char)s[i - 1] : ' ';

			/* "state -sponsored" -> "state-sponsored", "F -35" */
			if (n == '-' && i + 2 < len && is_alpha(p) &&
			    (is_alpha((unsigned char)s[i + 2]) ||
			    is_digit((unsigned char)s[i + 2]))) {
				i++;
				continue;
			}
			/* "country ." and "Chinese , " -> no space before */
			if ((n == '.' || n == ',' || n == ';' || n == ':' ||
			    n == '?' || n == '!' || n == ')') &&
			    (is_alpha(p) || is_digit(p) || p == '"' ||
			    p == '\'' || p == ')')) {
				i++;
				continue;
			}
			/* "( ICS" -> "(ICS" */
			if (p == '(') {
				i++;
				continue;
			}
			/* "50, 000" -> "50,000" */
			if (p == ',' && i >= 2 && thousands_head(s, i - 1) &&
			    i + 3 < len && is_digit(n) &&
			    is_digit((unsigned char)s[i + 2]) &&
			    is_digit((unsigned char)s[i + 3]) &&
			    (i + 4 >= len || !is_digit((unsigned char)s[i + 4]))) {
				i++;
				continue;
			}
		}
		/* "cyber- attack": line-end hyphenation */
		if (c == '-' && i > 0 && is_alpha((unsigned char)s[i - 1]) &&
		    i + 2 < len && s[i + 1] == ' ' &&
		    s[i + 2] >= 'a' && s[i + 2] <= 'z') {
			size_t as = i, bl;

			while (as > 0 && is_alpha((unsigned char)s[as - 1]))
				as--;
			bl = word_len(s, i + 2, len);
			if (known_join(lex, s + as, i - as, s + i + 2, bl)) {
				/* the word before is already out: add the rest */
				if (nw_buf_add(out, s + i + 2, bl) == -1)
					return -1;
			} else if (nw_buf_addc(out, '-') == -1 ||
			    nw_buf_add(out, s + i + 2, bl) == -1)
				return -1;
			i += 2 + bl;
			continue;
		}
		if (nw_buf_addc(out, c) == -1)
			return -1;
		i++;
	}
	return 0;
}
