/*
 * merge.c - reports about the same incident into one incident: features,
 * blocking, scoring, clustering under the exact rules, and the store's
 * incidents kept in step.  See merge.h for the rules.
 *
 * Layers, top to bottom:
 *
 *  1. words and features: a report's content words as a sorted array of
 *     31-bit hashes with an entity bit, its blocking keys ("v:UA",
 *     "s:RU", "a:<actor>", "u:<url>", "h:<hash>") and its month window;
 *  2. scoring a pair, and clustering a set of reports with union-find
 *     under the constraints (curated decisions, dataset groups, one
 *     source never twice), in one canonical order of edges;
 *  3. the store: features, blocks and edges in their tables; at ingest,
 *     the new reports' candidates are found with the block index and the
 *     part of the store they reach is clustered again; `merge` does it
 *     all in memory; either way the incidents follow the clusters.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "normwatch/actors.h"
#include "normwatch/limits.h"
#include "normwatch/log.h"
#include "normwatch/map.h"
#include "normwatch/merge.h"
#include "normwatch/store.h"
#include "normwatch/text.h"
#include "normwatch/util.h"

/*
 * A word is kept as its 30-bit hash shifted left by two, its class in
 * the low bits: plain (and the words of the report's own actor names,
 * which the actor bonus counts), a named entity that is an English word,
 * or a name of its own or a number.
 */
#define TOK_PLAIN	0u
#define TOK_KNOWN	1u
#define TOK_NAME	2u
#define TOK_HASH(t)	((t) >> 2)
#define TOK_CLASS(t)	((t) & 3u)

#define MG_MAX_WORD	64	/* bytes of a word looked at */
#define MG_MAX_URL	512	/* bytes of a URL kept as a key */
#define MG_MAX_URLS	8	/* URLs of one report used as keys */
#define MG_SKETCH	4	/* smallest word hashes used as keys */
#define MG_YEAR_SPAN	11	/* months a window spans beyond lo, at most */
#define MG_MAX_DAYS	45	/* two reports dated to the day: at most this
				   many days apart */

/* Score parts (see merge.h); tuned on tests/data/merge (its README). */
#define MG_W_KNOWN	2	/* weight of a named entity that is an
				   English word ("Italy", "Microsoft") */
#define MG_W_NAME	3	/* weight of a name of its own ("Kyivstar",
				   "Storm-0558") or a number */
#define MG_B_ACTOR	0.12	/* a shared canonical actor */
#define MG_B_VICTIM	0.08	/* a shared victim state */
#define MG_B_STATE	0.04	/* a shared attributed state */
#define MG_P_VICTIM	0.10	/* both name victims, none shared */
#define MG_P_ACTOR	0.08	/* both name actors, none shared */
#define MG_B_DAY	0.05	/* both dated to the day, within 3 days */
#define MG_B_SECTOR	0.04	/* a shared victim sector */
#define MG_MIN_TEXT	0.15	/* words a pair must share, whatever else
				   it shares: attributes alone are no
				   evidence of one incident */
#define MG_P_SECTOR	0.08	/* both name sectors, none shared */

/* Edge kinds, in the order clustering takes them. */
enum ekind {
	EK_SAME = 0,		/* curated "same" */
	EK_GROUP,		/* one dataset group of one source */
	EK_SCORE		/* a shared URL, or similarity */
};

/* --- 1. words -------------------------------------------------------------- */

/*
 * Words that say nothing about which incident a report is about: common
 * English, and the vocabulary every incident report uses.  Sorted (byte
 * order) for the reader; looked up, through skip_word, before and after
 * stemming.
 */
static const char *const stopwords[] = {
	"about", "according", "accused", "across", "actor", "actors",
	"after", "again", "against", "agency", "all", "allegedly", "also",
	"among", "and", "another", "any", "apparent", "are", "around",
	"attack", "attacked", "attacker", "attackers", "attacks", "attribut",
	"attributed", "authorities", "based", "been", "before", "behind",
	"being", "believed", "between", "both", "but", "by", "campaign",
	"can", "carried", "claim", "claimed", "compan", "company",
	"compromis", "compromise", "compromised", "could", "cyber",
	"cyberattack", "cyberattacks", "did", "disclosed", "does", "during",
	"each", "earlier", "either", "even", "first", "for", "former",
	"found", "from", "government", "governments", "group", "groups",
	"had", "has", "have", "hack", "hacked", "hacker", "hackers",
	"hacking", "her", "his", "how", "including", "incident", "into",
	"its", "known", "last", "later", "least", "like", "link", "linked",
	"made", "many", "may", "more", "most", "much", "name", "named",
	"network", "networks", "new", "not", "now", "official", "officials",
	"one", "only", "operation", "operations", "operator", "operators",
	"other", "our", "out", "over", "part", "people", "reported",
	"research", "researcher", "researchers", "said", "say", "says",
	"security", "several", "she", "since", "some", "sponsor",
	"sponsored", "state", "states", "statement", "still", "such",
	"suspect", "suspected", "system", "systems", "than", "that", "the",
	"their", "them", "then", "there", "these", "they", "this", "those",
	"three", "through", "time", "two", "under", "until", "use", "used",
	"using", "was", "were", "what", "when", "where", "which", "while",
	"who", "whose", "will", "with", "within", "without", "work",
	"working", "would", "year", "years"
};

static const char *const months[] = {
	"april", "august", "december", "february", "january", "july",
	"june", "march", "may", "november", "october", "september"
};

static int
cmp_cstr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * Words merging ignores (stopwords and months), in an open-addressing
 * hash set built on first use: looked up twice for every word of every
 * report, where a binary search of the sorted lists was a hot spot.
 * Merging runs in one thread.
 */
#define SKIP_SLOTS	512	/* a power of two, over twice the words */
_Static_assert(SKIP_SLOTS >= 2 * (NW_NELEM(stopwords) + NW_NELEM(months)),
    "SKIP_SLOTS too small");
static struct {
	const char	*w;
	int		 stop;		/* a stopword (else only a month) */
} skip_set[SKIP_SLOTS];
static int	skip_ready;

static size_t
skip_slot(const char *w, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)w[i];
		h *= 16777619u;
	}
	i = h & (SKIP_SLOTS - 1);
	while (skip_set[i].w != NULL && strcmp(skip_set[i].w, w) != 0)
		i = (i + 1) & (SKIP_SLOTS - 1);
	return i;
}

/* Is w (n bytes, NUL-terminated) a stopword, or a month when months? */
static int
skip_word(const char *w, size_t n, int with_months)
{
	size_t i;

	if (!skip_ready) {
		for (i = 0; i < NW_NELEM(months); i++)
			skip_set[skip_slot(months[i],
			    strlen(months[i]))].w = months[i];
		for (i = 0; i < NW_NELEM(stopwords); i++) {
			size_t k = skip_slot(stopwords[i], strlen(stopwords[i]));

			skip_set[k].w = stopwords[i];
			skip_set[k].stop = 1;
		}
		skip_ready = 1;
	}
	i = skip_slot(w, n);
	return skip_set[i].w != NULL && (with_months || skip_set[i].stop);
}

/* Cut common English endings: "attacks", "disrupted", "targeting". */
static size_t
stem(char *w, size_t n)
{
	if (n > 4 && memcmp(w + n - 3, "ies", 3) == 0) {
		w[n - 3] = 'y';
		n -= 2;
	} else if (n > 4 && memcmp(w + n - 4, "sses", 4) == 0)
		n -= 2;
	else if (n > 3 && w[n - 1] == 's' && w[n - 2] != 's' &&
	    w[n - 2] != 'u' && w[n - 2] != 'i')
		n--;
	if (n > 5 && memcmp(w + n - 3, "ing", 3) == 0)
		n -= 3;
	else if (n > 4 && memcmp(w + n - 2, "ed", 2) == 0)
		n -= 2;
	w[n] = '\0';
	return n;
}

static uint32_t
fnv32(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

static uint64_t
fnv64(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	while (*s != '\0') {
		h ^= (unsigned char)*s++;
		h *= 1099511628211ULL;
	}
	return h;
}

static int
is_word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c >= 0x80;
}

/* A growing array of words. */
struct words {
	uint32_t	*v;
	size_t		 n, cap;
};

static void
words_add(struct words *w, uint32_t t)
{
	if (w->n == w->cap) {
		w->cap = w->cap == 0 ? 64 : w->cap * 2;
		w->v = xreallocarray(w->v, w->cap, sizeof(*w->v));
	}
	w->v[w->n++] = t;
}

/*
 * The words of s, each as a token (see TOK_CLASS): a named entity is a
 * word capitalised inside a sentence, or one with digits (entities = 0:
 * none, for titles, which capitalise every word).
 */
static void
words_of(struct words *out, const char *s, size_t len, int entities)
{
	char w[MG_MAX_WORD + 1];
	size_t i = 0, j, n, digits, high;
	int sentence = 1, ent;
	unsigned cls;

	while (i < len) {
		unsigned char c = (unsigned char)s[i];

		if (!is_word_byte(c)) {
			if (c == '.' || c == '!' || c == '?' || c == ':' ||
			    c == ';' || c == '\n')
				sentence = 1;
			i++;
			continue;
		}
		/* a word; digits may be grouped: "80,000", "4.5" */
		n = 0;
		digits = high = 0;
		ent = entities && !sentence && c >= 'A' && c <= 'Z';
		for (j = i; j < len; j++) {
			unsigned char d = (unsigned char)s[j];

			if (!is_word_byte(d)) {
				if ((d == ',' || d == '.') && j + 1 < len &&
				    n > 0 && w[n - 1] >= '0' && w[n - 1] <= '9' &&
				    s[j + 1] >= '0' && s[j + 1] <= '9')
					continue;
				break;
			}
			if (d >= '0' && d <= '9')
				digits++;
			if (d >= 0x80)
				high++;
			if (n < MG_MAX_WORD)
				w[n++] = (char)(d >= 'A' && d <= 'Z' ?
				    d - 'A' + 'a' : d);
		}
		i = j;
		sentence = 0;
		w[n] = '\0';
		if (digits > 0) {
			/* numbers: two digits or more; years are in the date */
			if (digits < 2 || (n == 4 && digits == 4 &&
			    (memcmp(w, "19", 2) == 0 || memcmp(w, "20", 2) == 0)))
				continue;
			ent = entities;
		} else if (n < 3)
			continue;
		if (skip_word(w, n, 1))
			continue;
		cls = TOK_PLAIN;
		if (ent)
			cls = digits > 0 || high > 0 ||
			    !nw_word_known(w, n) ? TOK_NAME : TOK_KNOWN;
		if (digits == 0) {
			n = stem(w, n);
			if (skip_word(w, n, 0))
				continue;
		}
		words_add(out, ((fnv32(w, n) & 0x3fffffffu) << 2) | cls);
	}
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/* Sort and make unique by hash (the highest class wins). */
static size_t
words_finish(uint32_t *v, size_t n)
{
	size_t i, k = 0;

	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_u32);
	for (i = 0; i < n; i++) {
		if (k > 0 && TOK_HASH(v[k - 1]) == TOK_HASH(v[i])) {
			if (TOK_CLASS(v[i]) > TOK_CLASS(v[k - 1]))
				v[k - 1] = v[i];
		} else
			v[k++] = v[i];
	}
	/* a bottom-k sketch: the smallest hashes */
	return k < NW_MERGE_MAX_TOKENS ? k : NW_MERGE_MAX_TOKENS;
}

static void
words_of_list(struct words *w, const char *const *l, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		words_of(w, l[i], strlen(l[i]), 0);
}

/* The names, adjectives, capitals and agencies of a state, as words. */
/*
 * The words of each state's names (a state may have many: the United
 * States counts its fifty states as stand-ins), read once per reference
 * table rather than once per report.  Merging runs in one thread.
 */
static const struct nw_refdata	*sw_ref;
static struct words		 sw_cache[26 * 26];
static unsigned char		 sw_done[26 * 26];

static void
words_of_state(struct words *w, const struct nw_refdata *ref,
    const char *code)
{
	const struct nw_state *st;
	struct words *c;
	size_t k, i;

	if (ref == NULL || code[0] < 'A' || code[0] > 'Z' ||
	    code[1] < 'A' || code[1] > 'Z')
		return;
	if (sw_ref != ref) {
		for (i = 0; i < NW_NELEM(sw_cache); i++) {
			free(sw_cache[i].v);
			memset(&sw_cache[i], 0, sizeof(sw_cache[i]));
		}
		memset(sw_done, 0, sizeof(sw_done));
		sw_ref = ref;
	}
	k = (size_t)(code[0] - 'A') * 26 + (size_t)(code[1] - 'A');
	c = &sw_cache[k];
	if (!sw_done[k]) {
		sw_done[k] = 1;
		if ((st = nw_refdata_state(ref, code)) != NULL) {
			if (st->name != NULL)
				words_of(c, st->name, strlen(st->name), 0);
			words_of_list(c, st->names, st->nnames);
			words_of_list(c, st->adjectives, st->nadjectives);
			words_of_list(c, st->metonyms, st->nmetonyms);
			words_of_list(c, st->agencies, st->nagencies);
		}
	}
	for (i = 0; i < c->n; i++)
		words_add(w, c->v[i]);
}

/*
 * The words that name what the structured fields already count - the
 * report's actors, victims and accused states - are plain words: they
 * count once, in the bonuses, and are no named entities of the text.
 */
static void
words_plain_fields(uint32_t *v, size_t n, const struct nw_extract *ex,
    const struct nw_refdata *ref)
{
	struct words aw = { NULL, 0, 0 };
	size_t i, k, lo, hi, mid;

	for (i = 0; ex != NULL && i < ex->nactors; i++)
		words_of(&aw, ex->actors[i].name, strlen(ex->actors[i].name),
		    0);
	for (i = 0; ex != NULL && i < ex->nvictims; i++)
		words_of_state(&aw, ref, ex->victims[i]);
	for (i = 0; ex != NULL && i < ex->nattr; i++)
		words_of_state(&aw, ref, ex->attr[i].state);
	for (k = 0; k < aw.n; k++) {
		/* v is sorted by hash */
		lo = 0;
		hi = n;
		while (lo < hi) {
			mid = lo + (hi - lo) / 2;
			if (TOK_HASH(v[mid]) < TOK_HASH(aw.v[k]))
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < n && TOK_HASH(v[lo]) == TOK_HASH(aw.v[k]))
			v[lo] = (v[lo] & ~3u) | TOK_PLAIN;
	}
	free(aw.v);
}

static const unsigned tok_weight[4] = { 1, MG_W_KNOWN, MG_W_NAME, 1 };

static unsigned
tok_total(const uint32_t *t, size_t n)
{
	unsigned w = 0;
	size_t i;

	for (i = 0; i < n; i++)
		w += tok_weight[TOK_CLASS(t[i])];
	return w;
}

/* --- features --------------------------------------------------------------- */

struct feat {
	int64_t		 id;		/* report id, or the caller's index */
	const char	*key;		/* FEED/NATIVE_ID */
	const char	*first_seen;
	int64_t		 source;
	const char	*grp;		/* dataset group, or NULL */
	int		 lo, hi;	/* month window; lo -1: undated */
	long		 day;		/* days since 1900 (day precision), 0 */
	uint32_t	 sectors;	/* victim sectors, 1u << enum nw_sector */
	unsigned	 weight;	/* the sum of its words' weights */
	uint32_t	*tok;
	size_t		 ntok;
	const char	**keys;		/* sorted, unique */
	size_t		 nkeys;
	uint64_t	*kh;		/* the keys' hashes, sorted */
	char		*kk;		/* the kind of each ('v', 'a', ...) */
	int		 has_victims, has_actors;
	int64_t		 incident;	/* its incident now, 0 for none */
};

static long
day_number(int y, int m, int d)
{
	/* days since 1900-03-01, by the usual civil calendar shift */
	if (m <= 2) {
		y--;
		m += 12;
	}
	return 365L * y + y / 4 - y / 100 + y / 400 + (153L * (m - 3) + 2) / 5 +
	    d;
}

static void
feat_window(struct feat *f, const struct nw_date *d)
{
	f->lo = f->hi = -1;
	f->day = 0;
	switch (d->prec) {
	case NW_PREC_DAY:
		f->day = day_number(d->y, d->m, d->d);
		/* FALLTHROUGH */
	case NW_PREC_MONTH:
		f->lo = f->hi = d->y * 12 + d->m - 1;
		break;
	case NW_PREC_YEAR:
		f->lo = d->y * 12;
		f->hi = f->lo + MG_YEAR_SPAN;
		break;
	case NW_PREC_NONE:
		break;
	}
}

/* A growing list of keys in an arena. */
struct keyset {
	struct nw_arena	*a;
	const char	**v;
	size_t		  n;
};

static void
key_add(struct keyset *k, const char *kind, const char *v, size_t vlen)
{
	size_t klen = strlen(kind);
	char *p;

	if (k->n >= NW_MERGE_MAX_KEYS || vlen == 0)
		return;
	vlen = strnlen(v, vlen);
	p = nw_arena_alloc(k->a, klen + vlen + 1);
	memcpy(p, kind, klen);
	memcpy(p + klen, v, vlen);
	p[klen + vlen] = '\0';
	k->v[k->n++] = p;
}

/* A URL as a key: scheme and host lower case, no fragment or final '/'. */
static size_t
url_norm(const char *u, size_t n, char out[MG_MAX_URL])
{
	size_t i, k = 0, host_end;

	if (n >= 8 && nw_strncaseeq(u, "https://", 8))
		i = 8;
	else if (n >= 7 && nw_strncaseeq(u, "http://", 7))
		i = 7;
	else
		return 0;
	if (n >= MG_MAX_URL)
		return 0;
	for (host_end = i; host_end < n && u[host_end] != '/' &&
	    u[host_end] != '?' && u[host_end] != '#'; host_end++)
		;
	if (host_end == i)
		return 0;
	for (k = 0; k < n && u[k] != '#'; k++) {
		char c = u[k];

		out[k] = k < host_end && c >= 'A' && c <= 'Z' ?
		    (char)(c - 'A' + 'a') : c;
	}
	/* "https://" is 8 bytes: compare without the scheme's 's' */
	while (k > host_end && out[k - 1] == '/')
		k--;
	/* a site's home page is no evidence of anything */
	if (k <= host_end)
		return 0;
	out[k] = '\0';
	/* one key for http and https */
	if (i == 8) {
		memmove(out + 4, out + 5, k - 4);
		k--;
	}
	return k;
}

/* The http(s) URLs written in a text. */
static void
text_urls(struct keyset *ks, const char *t, size_t len, size_t *nurl)
{
	char u[MG_MAX_URL];
	const char *p = t, *end = t + len, *q;
	size_t n;

	while (*nurl < MG_MAX_URLS && p < end &&
	    (p = memmem(p, (size_t)(end - p), "http", 4)) != NULL) {
		for (q = p; q < end && *q != ' ' && *q != '\n' && *q != '"' &&
		    *q != '<' && *q != '>' && *q != ')' && *q != ']'; q++)
			;
		while (q > p && (q[-1] == '.' || q[-1] == ',' || q[-1] == ';' ||
		    q[-1] == ':'))
			q--;
		n = url_norm(p, (size_t)(q - p), u);
		if (n > 0) {
			key_add(ks, "u:", u, n);
			(*nurl)++;
		}
		p = q > p ? q : p + 4;
	}
}

struct khk {
	uint64_t	h;
	char		k;
};

static int
cmp_khk(const void *x, const void *y)
{
	const struct khk *a = x, *b = y;

	return (a->h > b->h) - (a->h < b->h);
}

/* The keys' hashes in hash order, for quick comparison of pairs. */
static void
feat_hash_keys(struct nw_arena *a, struct feat *f)
{
	struct khk *t;
	size_t i;

	f->kh = nw_arena_alloc(a, (f->nkeys > 0 ? f->nkeys : 1) *
	    sizeof(*f->kh));
	f->kk = nw_arena_alloc(a, f->nkeys + 1);
	f->has_victims = f->has_actors = 0;
	if (f->nkeys == 0)
		return;
	t = xcalloc(f->nkeys, sizeof(*t));
	for (i = 0; i < f->nkeys; i++) {
		t[i].h = fnv64(f->keys[i]);
		t[i].k = f->keys[i][0];
		if (t[i].k == 'v')
			f->has_victims = 1;
		else if (t[i].k == 'a')
			f->has_actors = 1;
	}
	qsort(t, f->nkeys, sizeof(*t), cmp_khk);
	for (i = 0; i < f->nkeys; i++) {
		f->kh[i] = t[i].h;
		f->kk[i] = t[i].k;
	}
	free(t);
}

/* The features of one report into f; memory from the arena. */
static void
feat_build(struct nw_arena *a, const struct nw_merge_report *r,
    struct feat *f)
{
	struct words w = { NULL, 0, 0 };
	struct keyset ks;
	const struct nw_extract *ex = r->ex;
	char norm[NW_ACTOR_NORM_MAX], u[MG_MAX_URL], hex[16];
	size_t i, k, n, nurl = 0;

	f->key = r->key;
	f->first_seen = r->first_seen != NULL ? r->first_seen : "";
	f->source = r->source;
	f->grp = r->group != NULL && r->group[0] != '\0' ? r->group : NULL;
	feat_window(f, &r->date);

	if (r->title != NULL)
		words_of(&w, r->title, strlen(r->title), 0);
	if (r->text != NULL)
		words_of(&w, r->text, r->textlen, 1);
	n = words_finish(w.v, w.n);
	words_plain_fields(w.v, n, ex, r->ref);
	f->tok = nw_arena_alloc(a, (n > 0 ? n : 1) * sizeof(*f->tok));
	if (n > 0)
		memcpy(f->tok, w.v, n * sizeof(*f->tok));
	f->ntok = n;
	f->weight = tok_total(f->tok, f->ntok);

	ks.a = a;
	ks.n = 0;
	ks.v = nw_arena_alloc(a, NW_MERGE_MAX_KEYS * sizeof(*ks.v));
	if (ex != NULL)
		f->sectors = ex->sectors;
	if (ex != NULL) {
		for (i = 0; i < ex->nvictims; i++)
			key_add(&ks, "v:", ex->victims[i], 2);
		for (i = 0; i < ex->nattr; i++)
			key_add(&ks, "s:", ex->attr[i].state, 2);
		for (i = 0; i < ex->nactors; i++) {
			const char *id = r->actor_ids != NULL ?
			    r->actor_ids[i] : NULL;

			if (id != NULL)
				key_add(&ks, "a:", id, strlen(id));
			else if ((k = nw_actor_norm(ex->actors[i].name,
			    norm)) > 0)
				key_add(&ks, "a:=", norm, k);
		}
	}
	if (r->url != NULL && (r->feed_url == NULL ||
	    strcmp(r->url, r->feed_url) != 0) &&
	    (n = url_norm(r->url, strlen(r->url), u)) > 0) {
		key_add(&ks, "u:", u, n);
		nurl++;
	}
	if (r->text != NULL)
		text_urls(&ks, r->text, r->textlen, &nurl);
	/* the smallest hashes of its named entities */
	for (i = 0, k = 0; i < f->ntok && k < MG_SKETCH; i++) {
		if (TOK_CLASS(f->tok[i]) == TOK_PLAIN)
			continue;
		snprintf(hex, sizeof(hex), "%08x", TOK_HASH(f->tok[i]));
		key_add(&ks, "h:", hex, 8);
		k++;
	}
	if (ks.n > 1)
		qsort(ks.v, ks.n, sizeof(*ks.v), cmp_cstr);
	for (i = 0, k = 0; i < ks.n; i++)
		if (k == 0 || strcmp(ks.v[k - 1], ks.v[i]) != 0)
			ks.v[k++] = ks.v[i];
	f->keys = ks.v;
	f->nkeys = k;
	feat_hash_keys(a, f);
	free(w.v);
}

/* --- 2. scoring -------------------------------------------------------------- */

/* Windows of the same or adjacent months overlap. */
static int
windows_meet(const struct feat *a, const struct feat *b)
{
	long dd;

	if (a->lo < 0 || b->lo < 0)
		return 0;
	if (a->lo > b->hi + 1 || b->lo > a->hi + 1)
		return 0;
	if (a->day > 0 && b->day > 0) {
		dd = a->day - b->day;
		return dd >= -MG_MAX_DAYS && dd <= MG_MAX_DAYS;
	}
	return 1;
}


/* The weighted Jaccard index: shared weight over the weight of both. */
static double
wjaccard(const struct feat *a, const struct feat *b)
{
	size_t i = 0, j = 0;
	unsigned num = 0, wx, wy;

	while (i < a->ntok && j < b->ntok) {
		uint32_t x = TOK_HASH(a->tok[i]), y = TOK_HASH(b->tok[j]);

		if (x < y)
			i++;
		else if (x > y)
			j++;
		else {
			wx = tok_weight[TOK_CLASS(a->tok[i])];
			wy = tok_weight[TOK_CLASS(b->tok[j])];
			/* min over max: the larger weight counts in both */
			num += wx < wy ? wx : wy;
			i++;
			j++;
		}
	}
	if (a->weight + b->weight == 0)
		return 0.0;
	return (double)num / (double)(a->weight + b->weight - num);
}

/* What the keys of a pair share, by kind. */
struct shared {
	int	url, victim, state, actor, sketch;
	int	av, bv, aa, ba;		/* a, b have victims, actors */
};

static void
keys_shared(const struct feat *a, const struct feat *b, struct shared *s)
{
	size_t i = 0, j = 0;

	memset(s, 0, sizeof(*s));
	s->av = a->has_victims;
	s->bv = b->has_victims;
	s->aa = a->has_actors;
	s->ba = b->has_actors;
	while (i < a->nkeys && j < b->nkeys) {
		if (a->kh[i] < b->kh[j]) {
			i++;
			continue;
		}
		if (a->kh[i] > b->kh[j]) {
			j++;
			continue;
		}
		switch (a->kk[i]) {
		case 'u':
			s->url++;
			break;
		case 'v':
			s->victim++;
			break;
		case 's':
			s->state++;
			break;
		case 'a':
			s->actor++;
			break;
		default:
			s->sketch++;
			break;
		}
		i++;
		j++;
	}
}

/* The first URL two reports share, for an edge's reason. */
static const char *
first_url(const struct feat *a, const struct feat *b)
{
	size_t i, j;

	for (i = 0; i < a->nkeys; i++) {
		if (a->keys[i][0] != 'u')
			continue;
		for (j = 0; j < b->nkeys; j++)
			if (strcmp(a->keys[i], b->keys[j]) == 0)
				return a->keys[i] + 2;
	}
	return "";
}

/*
 * The score of a candidate pair, or -1 when they are not candidates.
 * why (may be NULL) says what made it.
 */
static double
pair_score(const struct feat *a, const struct feat *b, char *why, size_t sz)
{
	struct shared s;
	double j, sc;
	long dd;

	if (!windows_meet(a, b))
		return -1;
	keys_shared(a, b, &s);
	if (s.url + s.victim + s.state + s.actor + s.sketch == 0)
		return -1;
	if (s.url > 0) {
		if (why != NULL)
			snprintf(why, sz, "url %.120s", first_url(a, b));
		return 1.0;
	}
	j = wjaccard(a, b);
	sc = j;
	if (s.actor > 0)
		sc += MG_B_ACTOR;
	else if (s.aa && s.ba)
		sc -= MG_P_ACTOR;
	if (s.victim > 0)
		sc += MG_B_VICTIM;
	else if (s.av && s.bv)
		sc -= MG_P_VICTIM;
	if (s.state > 0)
		sc += MG_B_STATE;
	if ((a->sectors & b->sectors) != 0)
		sc += MG_B_SECTOR;
	else if (a->sectors != 0 && b->sectors != 0)
		sc -= MG_P_SECTOR;
	if (a->day > 0 && b->day > 0) {
		dd = a->day - b->day;
		if (dd >= -3 && dd <= 3)
			sc += MG_B_DAY;
	}
	/* below the words' minimum, a pair scores its words alone */
	if (j < MG_MIN_TEXT)
		sc = j;
	if (why != NULL)
		snprintf(why, sz, "text %.2f%s%s%s%s", j,
		    s.actor > 0 ? ", actor" : "",
		    s.victim > 0 ? ", victim" : "",
		    s.state > 0 ? ", state" : "",
		    (a->sectors & b->sectors) != 0 ? ", sector" : "");
	/* round: the same pair scores the same on every machine */
	return (double)(long)(sc * 10000.0 + (sc >= 0 ? 0.5 : -0.5)) / 10000.0;
}

/* --- clustering --------------------------------------------------------------- */

struct cedge {
	size_t		 a, b;		/* feat indexes, key(a) < key(b) */
	double		 score;
	enum ekind	 kind;
};

static const struct feat *edge_sort_f;

static int
cmp_cedge(const void *x, const void *y)
{
	const struct cedge *a = x, *b = y;
	int c;

	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if ((c = strcmp(edge_sort_f[a->a].key, edge_sort_f[b->a].key)) != 0)
		return c;
	return strcmp(edge_sort_f[a->b].key, edge_sort_f[b->b].key);
}

/* Source and group of one member, for the constraint check. */
struct slot {
	int64_t		 source;
	const char	*grp;		/* NULL: none */
};

static int
cmp_slot(const void *x, const void *y)
{
	const struct slot *a = x, *b = y;

	if (a->source != b->source)
		return a->source < b->source ? -1 : 1;
	if (a->grp == NULL || b->grp == NULL)
		return (a->grp != NULL) - (b->grp != NULL);
	return strcmp(a->grp, b->grp);
}

struct comp {
	struct slot	*slots;		/* sorted, unique */
	size_t		 nslots;
	size_t		 head, tail;	/* member list */
	size_t		 size;
};

struct clu {
	const struct feat	*f;
	size_t			 n;
	size_t			*parent;
	size_t			*next;	/* member lists */
	struct comp		*c;	/* by root */
	size_t			*diff;	/* curated "different": pairs */
	size_t			 ndiff;
	size_t			*dfirst, *dnext;	/* per feat, into diff */
};

static size_t
clu_find(struct clu *u, size_t i)
{
	while (u->parent[i] != i) {
		u->parent[i] = u->parent[u->parent[i]];
		i = u->parent[i];
	}
	return i;
}

/* Would joining roots x and y put one source twice (outside a group)? */
static int
slots_clash(const struct comp *x, const struct comp *y)
{
	size_t i = 0, j = 0, k;

	while (i < x->nslots && j < y->nslots) {
		if (x->slots[i].source < y->slots[j].source) {
			i++;
			continue;
		}
		if (x->slots[i].source > y->slots[j].source) {
			j++;
			continue;
		}
		/* one source on both sides: only one shared group is fine */
		for (k = j; k < y->nslots &&
		    y->slots[k].source == x->slots[i].source; k++)
			if (x->slots[i].grp == NULL || y->slots[k].grp == NULL ||
			    strcmp(x->slots[i].grp, y->slots[k].grp) != 0)
				return 1;
		i++;
	}
	return 0;
}

/* Would joining roots x and y put a curated "different" pair together? */
static int
diff_clash(struct clu *u, size_t x, size_t y)
{
	size_t small = u->c[x].size <= u->c[y].size ? x : y;
	size_t other = small == x ? y : x;
	size_t m, d;

	if (u->ndiff == 0)
		return 0;
	for (m = u->c[small].head; m != (size_t)-1; m = u->next[m])
		for (d = u->dfirst[m]; d != (size_t)-1; d = u->dnext[d]) {
			size_t p = u->diff[d ^ 1];

			if (clu_find(u, p) == other)
				return 1;
		}
	return 0;
}

static void
clu_join(struct clu *u, size_t x, size_t y)
{
	struct comp *a = &u->c[x], *b = &u->c[y];
	struct slot *s;
	size_t i = 0, j = 0, k = 0;

	/* y into x */
	s = xcalloc(a->nslots + b->nslots, sizeof(*s));
	while (i < a->nslots || j < b->nslots) {
		int c = i == a->nslots ? 1 : j == b->nslots ? -1 :
		    cmp_slot(&a->slots[i], &b->slots[j]);

		if (c <= 0) {
			s[k++] = a->slots[i++];
			if (c == 0)
				j++;
		} else
			s[k++] = b->slots[j++];
	}
	free(a->slots);
	free(b->slots);
	a->slots = s;
	a->nslots = k;
	b->slots = NULL;
	b->nslots = 0;
	u->next[a->tail] = b->head;
	a->tail = b->tail;
	a->size += b->size;
	u->parent[y] = x;
}

/*
 * Cluster n features with edges e (sorted here) and curated "different"
 * pairs diff (2 * ndiff indexes).  out[i] gets the index of the oldest
 * member (first_seen, then key) of i's cluster.
 */
static void
cluster(const struct feat *f, size_t n, struct cedge *e, size_t ne,
    const size_t *diff, size_t ndiff, size_t *out)
{
	struct clu u;
	size_t i, x, y, *oldest;

	memset(&u, 0, sizeof(u));
	u.f = f;
	u.n = n;
	u.parent = xcalloc(n > 0 ? n : 1, sizeof(*u.parent));
	u.next = xcalloc(n > 0 ? n : 1, sizeof(*u.next));
	u.c = xcalloc(n > 0 ? n : 1, sizeof(*u.c));
	u.dfirst = xcalloc(n > 0 ? n : 1, sizeof(*u.dfirst));
	for (i = 0; i < n; i++) {
		u.parent[i] = i;
		u.next[i] = (size_t)-1;
		u.dfirst[i] = (size_t)-1;
		u.c[i].slots = xcalloc(1, sizeof(*u.c[i].slots));
		u.c[i].slots[0].source = f[i].source;
		u.c[i].slots[0].grp = f[i].grp;
		u.c[i].nslots = 1;
		u.c[i].head = u.c[i].tail = i;
		u.c[i].size = 1;
	}
	if (ndiff > 0) {
		u.diff = xcalloc(2 * ndiff, sizeof(*u.diff));
		u.dnext = xcalloc(2 * ndiff, sizeof(*u.dnext));
		u.ndiff = ndiff;
		for (i = 0; i < 2 * ndiff; i++) {
			u.diff[i] = diff[i];
			u.dnext[i] = u.dfirst[diff[i]];
			u.dfirst[diff[i]] = i;
		}
	}
	edge_sort_f = f;
	if (ne > 1)
		qsort(e, ne, sizeof(*e), cmp_cedge);
	edge_sort_f = NULL;
	for (i = 0; i < ne; i++) {
		x = clu_find(&u, e[i].a);
		y = clu_find(&u, e[i].b);
		if (x == y)
			continue;
		if (e[i].kind != EK_SAME && slots_clash(&u.c[x], &u.c[y]))
			continue;
		if (diff_clash(&u, x, y))
			continue;
		if (u.c[x].size < u.c[y].size) {
			size_t t = x;

			x = y;
			y = t;
		}
		clu_join(&u, x, y);
	}
	oldest = xcalloc(n > 0 ? n : 1, sizeof(*oldest));
	for (i = 0; i < n; i++)
		oldest[i] = (size_t)-1;
	for (i = 0; i < n; i++) {
		size_t r = clu_find(&u, i), o = oldest[r];
		int c;

		if (o == (size_t)-1) {
			oldest[r] = i;
			continue;
		}
		c = strcmp(f[i].first_seen, f[o].first_seen);
		if (c < 0 || (c == 0 && strcmp(f[i].key, f[o].key) < 0))
			oldest[r] = i;
	}
	for (i = 0; i < n; i++)
		out[i] = oldest[clu_find(&u, i)];
	for (i = 0; i < n; i++)
		free(u.c[i].slots);
	free(oldest);
	free(u.parent);
	free(u.next);
	free(u.c);
	free(u.dfirst);
	free(u.diff);
	free(u.dnext);
}

/* --- candidates in memory ------------------------------------------------------- */

/* A report's place in one block. */
struct bent {
	uint64_t	h;		/* hash of the key */
	int64_t		src;		/* the report's source */
	int		wide;		/* a year: a window of twelve months */
	int		lo, hi;
	uint32_t	i;		/* feat index */
};

static int
cmp_bent(const void *x, const void *y)
{
	const struct bent *a = x, *b = y;

	if (a->h != b->h)
		return a->h < b->h ? -1 : 1;
	if (a->src != b->src)
		return a->src < b->src ? -1 : 1;
	if (a->wide != b->wide)
		return a->wide - b->wide;
	if (a->lo != b->lo)
		return a->lo < b->lo ? -1 : 1;
	return (a->i > b->i) - (a->i < b->i);
}

/* Growing edge arrays. */
struct edges {
	struct cedge	*v;
	size_t		 n, cap;
};

static void
edges_add(struct edges *e, const struct feat *f, size_t a, size_t b,
    double score, enum ekind kind)
{
	struct cedge *x;

	if (e->n == e->cap) {
		e->cap = e->cap == 0 ? 1024 : e->cap * 2;
		e->v = xreallocarray(e->v, e->cap, sizeof(*e->v));
	}
	x = &e->v[e->n++];
	if (strcmp(f[a].key, f[b].key) > 0) {
		size_t t = a;

		a = b;
		b = t;
	}
	x->a = a;
	x->b = b;
	x->score = score;
	x->kind = kind;
}

/* Called for every edge found by scoring: a, b, score, why. */
typedef int (*edge_fn)(size_t a, size_t b, double score, const char *why,
    void *arg);

/* Score one candidate pair; an edge goes to e and to fn. */
static int
try_pair(const struct feat *f, size_t i, size_t j, struct edges *e,
    struct nw_merge_stats *st, edge_fn fn, void *arg)
{
	char why[NW_MERGE_WHY_MAX];
	double sc;

	if (f[j].source == f[i].source || !windows_meet(&f[i], &f[j]))
		return 0;	/* a list does not repeat itself */
	st->compared++;
	sc = pair_score(&f[i], &f[j], NULL, 0);
	if (sc < NW_MERGE_THRESHOLD)
		return 0;
	edges_add(e, f, i, j, sc, EK_SCORE);
	st->edges++;
	if (fn == NULL)
		return 0;
	pair_score(&f[i], &f[j], why, sizeof(why));
	return fn(i, j, sc, why, arg);
}

/* A run of a block's entries: one source, narrow or wide windows. */
struct brun {
	size_t	start, end;	/* entries [start, end) */
	int64_t	src;
	int	wide;
};

/*
 * Every candidate pair of f[0..n), through the blocks, scored once (in
 * the pass of its lower index): the ones that make an edge go to e and
 * to fn (may be NULL).  A block's entries are sorted by source, then
 * window width, then month: a report looks only at the windows of the
 * other sources, found by binary search, so a source with many reports
 * in one block costs nothing more, and a month's reports do not scan the
 * year before them.
 */
static int
candidates_all(const struct feat *f, size_t n, struct edges *e,
    struct nw_merge_stats *st, edge_fn fn, void *arg)
{
	struct bent *b = NULL;
	struct brun *runs = NULL;
	size_t nb = 0, nruns = 0, i, k, p, q, j, lo, hi, mid, r, s, from;
	size_t *first = NULL, *pos = NULL, *cnt = NULL, *blk = NULL;
	size_t *bfirst = NULL, nblk = 0;
	uint32_t *stamp = NULL;
	int rc = -1, reach;

	for (i = 0; i < n; i++)
		if (f[i].lo >= 0)
			nb += f[i].nkeys;
	b = xcalloc(nb > 0 ? nb : 1, sizeof(*b));
	nb = 0;
	for (i = 0; i < n; i++) {
		if (f[i].lo < 0)
			continue;
		for (k = 0; k < f[i].nkeys; k++) {
			b[nb].h = f[i].kh[k];
			b[nb].src = f[i].source;
			b[nb].wide = f[i].hi > f[i].lo;
			b[nb].lo = f[i].lo;
			b[nb].hi = f[i].hi;
			b[nb].i = (uint32_t)i;
			nb++;
		}
	}
	if (nb > 1)
		qsort(b, nb, sizeof(*b), cmp_bent);
	/* the runs of every block, and the block of every entry */
	blk = xcalloc(nb > 0 ? nb : 1, sizeof(*blk));
	bfirst = xcalloc(nb + 1, sizeof(*bfirst));
	runs = xcalloc(nb > 0 ? nb : 1, sizeof(*runs));
	for (p = 0; p < nb; p = q) {
		bfirst[nblk] = nruns;
		for (q = p; q < nb && b[q].h == b[p].h; q = s) {
			for (s = q + 1; s < nb && b[s].h == b[q].h &&
			    b[s].src == b[q].src && b[s].wide == b[q].wide; s++)
				;
			runs[nruns].start = q;
			runs[nruns].end = s;
			runs[nruns].src = b[q].src;
			runs[nruns].wide = b[q].wide;
			nruns++;
		}
		for (s = p; s < q; s++)
			blk[s] = nblk;
		nblk++;
	}
	bfirst[nblk] = nruns;
	/* where each report's entries are */
	cnt = xcalloc(n + 1, sizeof(*cnt));
	first = xcalloc(n + 1, sizeof(*first));
	pos = xcalloc(nb > 0 ? nb : 1, sizeof(*pos));
	for (p = 0; p < nb; p++)
		cnt[b[p].i]++;
	for (i = 0, k = 0; i < n; i++) {
		first[i] = k;
		k += cnt[i];
		cnt[i] = 0;
	}
	for (p = 0; p < nb; p++)
		pos[first[b[p].i] + cnt[b[p].i]++] = p;
	stamp = xcalloc(n > 0 ? n : 1, sizeof(*stamp));
	for (i = 0; i < n; i++) {
		for (k = 0; k < cnt[i]; k++) {
			p = pos[first[i] + k];
			for (r = bfirst[blk[p]]; r < bfirst[blk[p] + 1]; r++) {
				if (runs[r].src == f[i].source)
					continue;
				/* the first entry whose window can reach i's */
				reach = f[i].lo - 1 - (runs[r].wide ?
				    MG_YEAR_SPAN : 0);
				lo = runs[r].start;
				hi = runs[r].end;
				while (lo < hi) {
					mid = lo + (hi - lo) / 2;
					if (b[mid].lo < reach)
						lo = mid + 1;
					else
						hi = mid;
				}
				for (from = lo; from < runs[r].end &&
				    b[from].lo <= f[i].hi + 1; from++) {
					j = b[from].i;
					if (j <= i || stamp[j] == i + 1 ||
					    b[from].hi + 1 < f[i].lo)
						continue;
					stamp[j] = (uint32_t)(i + 1);
					if (try_pair(f, i, j, e, st, fn,
					    arg) == -1)
						goto out;
				}
			}
		}
	}
	rc = 0;
out:
	free(b);
	free(blk);
	free(bfirst);
	free(runs);
	free(cnt);
	free(first);
	free(pos);
	free(stamp);
	return rc;
}

/* An index of report keys, for curated decisions. */
struct keyidx {
	const char	*key;
	size_t		 i;
};

static int
cmp_keyidx(const void *x, const void *y)
{
	return strcmp(((const struct keyidx *)x)->key,
	    ((const struct keyidx *)y)->key);
}

static size_t
keyidx_find(const struct keyidx *v, size_t n, const char *key)
{
	struct keyidx k;
	const struct keyidx *p;

	k.key = key;
	k.i = 0;
	p = bsearch(&k, v, n, sizeof(*v), cmp_keyidx);
	return p != NULL ? p->i : (size_t)-1;
}

/* Members of dataset groups, sorted by source, group and key. */
struct gm {
	const struct feat	*f;
	size_t			 i;
};

static int
cmp_gm(const void *x, const void *y)
{
	const struct feat *a = ((const struct gm *)x)->f;
	const struct feat *b = ((const struct gm *)y)->f;
	int c;

	if (a->source != b->source)
		return a->source < b->source ? -1 : 1;
	if ((c = strcmp(a->grp, b->grp)) != 0)
		return c;
	return strcmp(a->key, b->key);
}

/*
 * The exact rules among f[0..n): every member of a dataset group to the
 * group's first key (EK_GROUP), curated "same" pairs (EK_SAME), and the
 * curated "different" pairs into *diff (two indexes each).
 */
static void
rule_edges(const struct feat *f, size_t n, const struct nw_merge_decisions *d,
    struct edges *e, size_t **diff, size_t *ndiff)
{
	struct gm *m;
	struct keyidx *ki;
	size_t ng = 0, i, s, ia, ib, cap = 0;

	*diff = NULL;
	*ndiff = 0;
	m = xcalloc(n > 0 ? n : 1, sizeof(*m));
	for (i = 0; i < n; i++)
		if (f[i].grp != NULL) {
			m[ng].f = &f[i];
			m[ng].i = i;
			ng++;
		}
	if (ng > 1)
		qsort(m, ng, sizeof(*m), cmp_gm);
	for (s = 0, i = 1; i < ng; i++) {
		if (m[i].f->source != m[s].f->source ||
		    strcmp(m[i].f->grp, m[s].f->grp) != 0) {
			s = i;
			continue;
		}
		edges_add(e, f, m[s].i, m[i].i, 1.0, EK_GROUP);
	}
	free(m);
	if (d == NULL || d->n == 0)
		return;
	ki = xcalloc(n > 0 ? n : 1, sizeof(*ki));
	for (i = 0; i < n; i++) {
		ki[i].key = f[i].key;
		ki[i].i = i;
	}
	if (n > 1)
		qsort(ki, n, sizeof(*ki), cmp_keyidx);
	for (i = 0; i < d->n; i++) {
		ia = keyidx_find(ki, n, d->v[i].a);
		ib = keyidx_find(ki, n, d->v[i].b);
		if (ia == (size_t)-1 || ib == (size_t)-1 || ia == ib)
			continue;
		if (d->v[i].same) {
			edges_add(e, f, ia, ib, 1.0, EK_SAME);
			continue;
		}
		if (*ndiff == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			*diff = xreallocarray(*diff, cap, 2 * sizeof(**diff));
		}
		(*diff)[2 * *ndiff] = ia;
		(*diff)[2 * *ndiff + 1] = ib;
		(*ndiff)++;
	}
	free(ki);
}

static int
cmp_feat_date(const void *x, const void *y)
{
	const struct feat *a = x, *b = y;

	if (a->lo != b->lo)
		return a->lo < b->lo ? -1 : 1;
	if (a->hi != b->hi)
		return a->hi < b->hi ? -1 : 1;
	return strcmp(a->key, b->key);
}

/*
 * Sort the features by date and lay their words and keys out in that
 * order: a report's candidates are of its months, so they sit near it in
 * memory, and scoring millions of pairs stays in the processor's caches.
 * The order changes nothing else: edges are sorted again to cluster.
 */
static void
feats_by_date(struct nw_arena *a, struct feat *f, size_t n)
{
	size_t i, tot = 0, ktot = 0;
	uint32_t *tp;
	uint64_t *kp;
	char *cp;

	if (n > 1)
		qsort(f, n, sizeof(*f), cmp_feat_date);
	for (i = 0; i < n; i++) {
		tot += f[i].ntok;
		ktot += f[i].nkeys;
	}
	tp = nw_arena_alloc(a, (tot > 0 ? tot : 1) * sizeof(*tp));
	kp = nw_arena_alloc(a, (ktot > 0 ? ktot : 1) * sizeof(*kp));
	cp = nw_arena_alloc(a, ktot + 1);
	for (i = 0; i < n; i++) {
		if (f[i].ntok > 0)
			memcpy(tp, f[i].tok, f[i].ntok * sizeof(*tp));
		f[i].tok = tp;
		tp += f[i].ntok;
		if (f[i].nkeys > 0) {
			memcpy(kp, f[i].kh, f[i].nkeys * sizeof(*kp));
			memcpy(cp, f[i].kk, f[i].nkeys);
		}
		f[i].kh = kp;
		f[i].kk = cp;
		kp += f[i].nkeys;
		cp += f[i].nkeys;
	}
}

/* Check a report for what merging needs; -1 with *err. */
static int
report_ok(const struct nw_merge_report *r, size_t i, struct nw_error *err)
{
	if (r->key == NULL || r->text == NULL)
		return nw_error_set(err, NW_E_INTERNAL, "merge: report %zu has "
		    "no key or text", i);
	return 0;
}

int
nw_merge_set(const struct nw_merge_report *r, size_t n,
    const struct nw_merge_decisions *d, size_t *out,
    struct nw_merge_stats *st, struct nw_error *err)
{
	struct nw_merge_stats local;
	struct nw_arena *a;
	struct feat *f;
	struct edges e = { NULL, 0, 0 };
	size_t *diff = NULL, ndiff = 0, i, *sorted;
	int rc = -1;

	if (st == NULL)
		st = &local;
	memset(st, 0, sizeof(*st));
	for (i = 0; i < n; i++)
		if (report_ok(&r[i], i, err) == -1)
			return -1;
	a = nw_arena_new();
	f = xcalloc(n > 0 ? n : 1, sizeof(*f));
	sorted = xcalloc(n > 0 ? n : 1, sizeof(*sorted));
	for (i = 0; i < n; i++) {
		feat_build(a, &r[i], &f[i]);
		f[i].id = (int64_t)i;
	}
	feats_by_date(a, f, n);
	if (candidates_all(f, n, &e, st, NULL, NULL) == -1)
		goto out;
	rule_edges(f, n, d, &e, &diff, &ndiff);
	cluster(f, n, e.v, e.n, diff, ndiff, sorted);
	/* back to the caller's order */
	for (i = 0; i < n; i++)
		out[f[i].id] = (size_t)f[sorted[i]].id;
	st->reports = (long)n;
	for (i = 0; i < n; i++)
		if (out[i] == i)
			st->incidents++;
	rc = 0;
out:
	free(diff);
	free(e.v);
	free(f);
	free(sorted);
	nw_arena_free(a);
	return rc;
}

double
nw_merge_pair_score(const struct nw_merge_report *a,
    const struct nw_merge_report *b, char why[NW_MERGE_WHY_MAX])
{
	struct nw_arena *ar = nw_arena_new();
	struct feat fa, fb;
	double sc;

	memset(&fa, 0, sizeof(fa));
	memset(&fb, 0, sizeof(fb));
	feat_build(ar, a, &fa);
	feat_build(ar, b, &fb);
	if (why != NULL)
		why[0] = '\0';
	sc = pair_score(&fa, &fb, why, why != NULL ? NW_MERGE_WHY_MAX : 0);
	nw_arena_free(ar);
	return sc;
}

/* --- curated decisions: merges.tsv ------------------------------------------ */

static int
cmp_decision(const void *x, const void *y)
{
	const struct nw_merge_decision *a = x, *b = y;
	int c;

	if ((c = strcmp(a->a, b->a)) != 0)
		return c;
	if ((c = strcmp(a->b, b->b)) != 0)
		return c;
	return (a->line > b->line) - (a->line < b->line);
}

/* A report key: FEED/NATIVE_ID, a feed name before the first '/'. */
static int
key_ok(const char *k)
{
	const char *slash = strchr(k, '/');
	const char *p;

	if (slash == NULL || slash == k || slash[1] == '\0')
		return 0;
	for (p = k; p < slash; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    ((*p == '.' || *p == '_' || *p == '-') && p > k)))
			return 0;
	return 1;
}

/* One bad line: msg, with what (escaped) in quotes after it. */
static void
dec_error(const char *path, long line, long col, nw_error_fn onerr,
    void *arg, int *nerr, const char *msg, const char *what)
{
	struct nw_error e;
	char esc[NW_LOG_FIELD_MAX + 8];

	nw_error_clear(&e);
	nw_error_where(&e, NULL, path);
	nw_error_at_line(&e, line, col);
	if (what != NULL)
		nw_error_set(&e, NW_E_CONFIG, "%s \"%s\"", msg,
		    nw_log_escape(what, strlen(what), esc, sizeof(esc)));
	else
		nw_error_set(&e, NW_E_CONFIG, "%s", msg);
	(*nerr)++;
	if (onerr != NULL)
		onerr(&e, arg);
}

int
nw_merge_decisions_load(const char *path, struct nw_merge_decisions *d,
    nw_error_fn onerr, void *arg, struct nw_error *err)
{
	char *text = NULL, *p, *end, *eol, *f[5];
	size_t len, cap = 0, i, k, bad;
	long line = 0;
	int nf, nerr = 0;
	FILE *fp;

	memset(d, 0, sizeof(*d));
	d->arena = nw_arena_new();
	if (path == NULL)
		return 0;
	d->path = xstrdup(path);
	/* a missing file is no decisions */
	if ((fp = fopen(path, "r")) == NULL)
		return 0;
	fclose(fp);
	if ((text = nw_read_file(path, NW_MAX_MERGE_FILE, &len, err)) == NULL)
		return -1;
	for (p = text, end = text + len; p < end; p = eol + 1) {
		line++;
		if ((eol = memchr(p, '\n', (size_t)(end - p))) == NULL)
			eol = end;
		*eol = '\0';
		if (eol > p && eol[-1] == '\r')
			eol[-1] = '\0';
		if ((size_t)(eol - p) > NW_MAX_CONF_LINE) {
			dec_error(path, line, 0, onerr, arg, &nerr,
			    "line longer than 4096 bytes", NULL);
			continue;
		}
		if (nw_utf8_check(p, strlen(p), &bad) == -1) {
			dec_error(path, line, (long)bad + 1, onerr, arg, &nerr,
			    "not UTF-8", NULL);
			continue;
		}
		while (*p == ' ')
			p++;
		if (*p == '\0' || *p == '#')
			continue;
		for (nf = 0; nf < 5; ) {
			f[nf++] = p;
			if ((p = strchr(p, '\t')) == NULL)
				break;
			*p++ = '\0';
		}
		if (nf < 3 || nf > 4) {
			dec_error(path, line, 1, onerr, arg, &nerr, nf < 3 ?
			    "expected three tab-separated fields: same or "
			    "different, and two report keys (FEED/NATIVE_ID)" :
			    "more than four tab-separated fields", NULL);
			continue;
		}
		if (strcmp(f[0], "same") != 0 && strcmp(f[0], "different") != 0) {
			dec_error(path, line, 1, onerr, arg, &nerr,
			    "the decision must be same or different, not",
			    f[0]);
			continue;
		}
		for (k = 1; k <= 2; k++)
			if (!key_ok(f[k]))
				break;
		if (k <= 2) {
			dec_error(path, line, (long)(f[k] - f[0]) + 1, onerr,
			    arg, &nerr, "not a report key (FEED/NATIVE_ID):",
			    f[k]);
			continue;
		}
		if (strcmp(f[1], f[2]) == 0) {
			dec_error(path, line, (long)(f[2] - f[0]) + 1, onerr,
			    arg, &nerr, "a report is always the same as itself:",
			    f[2]);
			continue;
		}
		if (d->n >= NW_MAX_MERGE_DECISIONS) {
			dec_error(path, line, 1, onerr, arg, &nerr,
			    "more than 100000 decisions", NULL);
			break;
		}
		if (d->n == cap) {
			cap = cap == 0 ? 64 : cap * 2;
			d->v = xreallocarray(d->v, cap, sizeof(*d->v));
		}
		k = strcmp(f[1], f[2]) < 0 ? 1 : 2;
		d->v[d->n].a = nw_arena_strdup(d->arena, f[k]);
		d->v[d->n].b = nw_arena_strdup(d->arena, f[3 - k]);
		d->v[d->n].same = strcmp(f[0], "same") == 0;
		d->v[d->n].line = line;
		d->n++;
	}
	if (d->n > 1)
		qsort(d->v, d->n, sizeof(*d->v), cmp_decision);
	for (i = 0, k = 0; i < d->n; i++) {
		if (k > 0 && strcmp(d->v[k - 1].a, d->v[i].a) == 0 &&
		    strcmp(d->v[k - 1].b, d->v[i].b) == 0) {
			if (d->v[k - 1].same != d->v[i].same)
				dec_error(path, d->v[i].line, 1, onerr, arg,
				    &nerr, "this pair is decided otherwise "
				    "on an earlier line", NULL);
			continue;
		}
		d->v[k++] = d->v[i];
	}
	d->n = k;
	free(text);
	return nerr;
}

void
nw_merge_decisions_free(struct nw_merge_decisions *d)
{
	if (d == NULL)
		return;
	free(d->v);
	free(d->path);
	nw_arena_free(d->arena);
	memset(d, 0, sizeof(*d));
}

/* --- 3. the store ------------------------------------------------------------ */

/* An int64 -> size_t map (open addressing), for report ids. */
struct idmap {
	int64_t		*k;		/* 0: empty */
	size_t		*v;
	size_t		 cap, n;
};

static size_t
idmap_slot(const struct idmap *m, int64_t k)
{
	uint64_t h = (uint64_t)k * 0x9e3779b97f4a7c15ULL;
	size_t i = (size_t)(h >> 20) & (m->cap - 1);

	while (m->k[i] != 0 && m->k[i] != k)
		i = (i + 1) & (m->cap - 1);
	return i;
}

static void
idmap_put(struct idmap *m, int64_t k, size_t v)
{
	size_t i;

	if ((m->n + 1) * 2 > m->cap) {
		struct idmap old = *m;

		m->cap = m->cap == 0 ? 64 : m->cap * 2;
		m->k = xcalloc(m->cap, sizeof(*m->k));
		m->v = xcalloc(m->cap, sizeof(*m->v));
		m->n = 0;
		for (i = 0; i < old.cap; i++)
			if (old.k[i] != 0)
				idmap_put(m, old.k[i], old.v[i]);
		free(old.k);
		free(old.v);
	}
	i = idmap_slot(m, k);
	if (m->k[i] == 0) {
		m->k[i] = k;
		m->n++;
	}
	m->v[i] = v;
}

static size_t
idmap_get(const struct idmap *m, int64_t k)
{
	size_t i;

	if (m->cap == 0)
		return (size_t)-1;
	i = idmap_slot(m, k);
	return m->k[i] == k ? m->v[i] : (size_t)-1;
}

static void
idmap_free(struct idmap *m)
{
	free(m->k);
	free(m->v);
	memset(m, 0, sizeof(*m));
}

enum mst {
	MS_FEAT_DEL = 0,
	MS_BLOCK_DEL,
	MS_FEAT_KEYS,
	MS_EDGE_DEL_A,
	MS_EDGE_DEL_B,
	MS_FEAT_PUT,
	MS_BLOCK_PUT,
	MS_EDGE_PUT,
	MS_CAND,
	MS_FEAT_GET,
	MS_EDGES_OF,
	MS_GROUP_OF,
	MS_INC_MEMBERS,
	MS_REPORT_BY_KEY,
	MS_DEC_OF,
	MS_CANON_DEL,
	MS_CANON_PUT,
	MS_LIGHT,
	MS_COUNT_MEMBERS,
	MS_FIRST_SEEN,
	MS_DEC_ALL_OF,
	MS_COUNT
};

static const char *const ms_sql[MS_COUNT] = {
	[MS_FEAT_DEL] = "DELETE FROM merge_feature WHERE report_id = ?1",
	[MS_BLOCK_DEL] =
	    "DELETE FROM merge_block WHERE key = ?1 AND lo = ?2 AND"
	    " report_id = ?3",
	[MS_FEAT_KEYS] = "SELECT lo, keys FROM merge_feature WHERE report_id = ?1",
	[MS_EDGE_DEL_A] = "DELETE FROM merge_edge WHERE a = ?1",
	[MS_EDGE_DEL_B] = "DELETE FROM merge_edge WHERE b = ?1",
	[MS_FEAT_PUT] =
	    "INSERT OR REPLACE INTO merge_feature (report_id, source_id, grp,"
	    " lo, hi, day, sectors, tokens, keys) VALUES (?1, ?2, ?3, ?4, ?5,"
	    " ?6, ?7, ?8, ?9)",
	[MS_BLOCK_PUT] =
	    "INSERT OR IGNORE INTO merge_block (key, lo, hi, source_id,"
	    " report_id) VALUES (?1, ?2, ?3, ?4, ?5)",
	[MS_EDGE_PUT] =
	    "INSERT OR REPLACE INTO merge_edge (a, b, score, why) VALUES"
	    " (?1, ?2, ?3, ?4)",
	[MS_CAND] =
	    "SELECT report_id, hi, source_id FROM merge_block WHERE key = ?1"
	    " AND lo BETWEEN ?2 AND ?3 AND source_id != ?4",
	[MS_FEAT_GET] =
	    "SELECT f.source_id, f.grp, f.lo, f.hi, f.day, f.tokens, f.keys,"
	    " s.name, r.native_id, r.first_seen, f.sectors FROM merge_feature f"
	    " JOIN report r ON r.id = f.report_id"
	    " JOIN source s ON s.id = r.source_id WHERE f.report_id = ?1",
	[MS_EDGES_OF] =
	    "SELECT b, score FROM merge_edge WHERE a = ?1 UNION ALL"
	    " SELECT a, score FROM merge_edge WHERE b = ?1",
	[MS_GROUP_OF] =
	    "SELECT report_id FROM merge_feature WHERE source_id = ?1 AND"
	    " grp = ?2",
	[MS_INC_MEMBERS] =
	    "SELECT report_id FROM incident_report WHERE incident_id = ?1",
	[MS_REPORT_BY_KEY] =
	    "SELECT r.id FROM report r JOIN source s ON s.id = r.source_id"
	    " WHERE s.name = ?1 AND r.native_id = ?2",
	[MS_DEC_OF] =
	    "SELECT b FROM merge_decision WHERE a = ?1 AND decision = 'same'"
	    " UNION ALL SELECT a FROM merge_decision WHERE b = ?1 AND"
	    " decision = 'same'",
	[MS_CANON_DEL] = "DELETE FROM report_actor_canon WHERE report_id = ?1",
	[MS_CANON_PUT] =
	    "INSERT OR REPLACE INTO report_actor_canon (report_id, ord,"
	    " actor_id) VALUES (?1, ?2, ?3)",
	[MS_LIGHT] =
	    "SELECT s.name, r.native_id, r.first_seen, r.source_id, f.grp,"
	    " ir.incident_id FROM report r JOIN source s ON s.id = r.source_id"
	    " LEFT JOIN merge_feature f ON f.report_id = r.id"
	    " LEFT JOIN incident_report ir ON ir.report_id = r.id"
	    " WHERE r.id = ?1",
	[MS_COUNT_MEMBERS] =
	    "SELECT count(*) FROM incident_report WHERE incident_id = ?1",
	[MS_FIRST_SEEN] =
	    "SELECT r.first_seen, s.url FROM report r JOIN source s ON"
	    " s.id = r.source_id WHERE r.id = ?1",
	[MS_DEC_ALL_OF] =
	    "SELECT a, b, decision, line FROM merge_decision WHERE a = ?1"
	    " UNION ALL SELECT a, b, decision, line FROM merge_decision"
	    " WHERE b = ?1",
};

/* A report added at ingest, waiting for the flush. */
struct pend {
	int64_t			 id;
	const struct nw_report	*r;
	int			 is_new;
};

struct nw_merge {
	struct nw_store			*store;
	sqlite3				*db;
	struct nw_mapctx		*map;
	const struct nw_merge_decisions	*dec;
	const struct nw_refdata		*ref;
	struct nw_actors		*actors;
	sqlite3_stmt			*st[MS_COUNT];
	sqlite3_stmt			*block_many;	/* BLOCK_BATCH rows */
	sqlite3_stmt			*feat_many;	/* FEAT_BATCH rows */
	/* the feed being ingested */
	int64_t				 source_id;
	int				 grouped;
	char				*feed_name;
	char				*feed_url;
	struct pend			*pend;
	size_t				 npend, cpend;
};

static int
mfail(struct nw_merge *m, struct nw_error *err, const char *op)
{
	return nw_error_set(err, NW_E_STORE, "%s: %s", op,
	    sqlite3_errmsg(m->db));
}

/* A prepared statement, reset. */
static sqlite3_stmt *
ms(struct nw_merge *m, enum mst id, struct nw_error *err)
{
	if (m->st[id] == NULL && sqlite3_prepare_v3(m->db, ms_sql[id], -1,
	    SQLITE_PREPARE_PERSISTENT, &m->st[id], NULL) != SQLITE_OK) {
		m->st[id] = NULL;
		mfail(m, err, "prepare");
		return NULL;
	}
	sqlite3_reset(m->st[id]);
	sqlite3_clear_bindings(m->st[id]);
	return m->st[id];
}

static int
bstr(sqlite3_stmt *st, int i, const char *v)
{
	if (v == NULL)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
}

/* Run a statement that returns no rows. */
static int
mdone(struct nw_merge *m, sqlite3_stmt *st, int bound, struct nw_error *err,
    const char *op)
{
	int rc = 0;

	if (bound != SQLITE_OK || sqlite3_step(st) != SQLITE_DONE)
		rc = mfail(m, err, op);
	sqlite3_reset(st);
	return rc;
}

static int
mexec(struct nw_merge *m, const char *sql, struct nw_error *err)
{
	if (sqlite3_exec(m->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return mfail(m, err, "merge");
	return 0;
}

static const char *
mcol(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

struct nw_merge *
nw_merge_new(struct nw_store *store, struct nw_mapctx *map,
    const struct nw_merge_decisions *dec, const struct nw_refdata *ref,
    struct nw_error *err)
{
	struct nw_merge *m;

	m = xcalloc(1, sizeof(*m));
	m->store = store;
	m->ref = ref;
	m->db = nw_store_db(store);
	m->map = map;
	m->dec = dec;
	if ((m->actors = nw_actors_load(store, err)) == NULL) {
		free(m);
		return NULL;
	}
	return m;
}

void
nw_merge_free(struct nw_merge *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < MS_COUNT; i++)
		sqlite3_finalize(m->st[i]);
	sqlite3_finalize(m->block_many);
	sqlite3_finalize(m->feat_many);
	nw_actors_free(m->actors);
	free(m->feed_name);
	free(m->feed_url);
	free(m->pend);
	free(m);
}

const struct nw_actors *
nw_merge_actors(const struct nw_merge *m)
{
	return m->actors;
}

/* The version of the store's features: ours, and the actor table's. */
static char *
merge_version(struct nw_merge *m)
{
	return xasprintf("%s %s", NW_MERGE_VERSION,
	    nw_actors_version(m->actors));
}

/* Tokens as little-endian bytes, and back. */
static void
tok_encode(const uint32_t *t, size_t n, unsigned char *out)
{
	size_t i;

	for (i = 0; i < n; i++) {
		out[4 * i] = (unsigned char)(t[i] & 0xff);
		out[4 * i + 1] = (unsigned char)((t[i] >> 8) & 0xff);
		out[4 * i + 2] = (unsigned char)((t[i] >> 16) & 0xff);
		out[4 * i + 3] = (unsigned char)(t[i] >> 24);
	}
}

/*
 * Bind the nine columns of a report's features from parameter p on; the
 * encoded tokens and the keys live in a until the statement has run.
 */
static int
feat_bind(sqlite3_stmt *st, int p, const struct feat *f, struct nw_arena *a)
{
	unsigned char *blob;
	char *keys;
	size_t i, len = 0;

	for (i = 0; i < f->nkeys; i++)
		len += strlen(f->keys[i]) + 1;
	keys = nw_arena_alloc(a, len + 1);
	for (i = 0, len = 0; i < f->nkeys; i++) {
		size_t n = strlen(f->keys[i]);

		if (i > 0)
			keys[len++] = '\n';
		memcpy(keys + len, f->keys[i], n);
		len += n;
	}
	blob = nw_arena_alloc(a, f->ntok > 0 ? 4 * f->ntok : 1);
	tok_encode(f->tok, f->ntok, blob);
	return sqlite3_bind_int64(st, p, f->id) |
	    sqlite3_bind_int64(st, p + 1, f->source) | bstr(st, p + 2, f->grp) |
	    sqlite3_bind_int(st, p + 3, f->lo) |
	    sqlite3_bind_int(st, p + 4, f->lo < 0 ? f->lo : f->hi) |
	    sqlite3_bind_int64(st, p + 5, f->day) |
	    sqlite3_bind_int64(st, p + 6, f->sectors) |
	    sqlite3_bind_blob(st, p + 7, blob, (int)(4 * f->ntok),
	    SQLITE_STATIC) |
	    sqlite3_bind_text(st, p + 8, keys, (int)len, SQLITE_STATIC);
}

/*
 * The INSERT of FEAT_BATCH reports' features, prepared once: a statement
 * a report cost more than the rows themselves.
 */
#define FEAT_BATCH	16
static sqlite3_stmt *
feat_many(struct nw_merge *m, struct nw_error *err)
{
	struct nw_buf sql;
	int i;

	if (m->feat_many != NULL) {
		sqlite3_reset(m->feat_many);
		return m->feat_many;
	}
	nw_buf_init(&sql, 8192);
	if (nw_buf_adds(&sql, "INSERT OR REPLACE INTO merge_feature (report_id,"
	    " source_id, grp, lo, hi, day, sectors, tokens, keys) VALUES ") ==
	    -1)
		goto toolong;
	for (i = 0; i < FEAT_BATCH; i++)
		if (nw_buf_adds(&sql, i == 0 ? "(?, ?, ?, ?, ?, ?, ?, ?, ?)" :
		    ", (?, ?, ?, ?, ?, ?, ?, ?, ?)") == -1)
			goto toolong;
	if (sqlite3_prepare_v3(m->db, sql.data, (int)sql.len,
	    SQLITE_PREPARE_PERSISTENT, &m->feat_many, NULL) != SQLITE_OK) {
		m->feat_many = NULL;
		mfail(m, err, "prepare");
	}
	nw_buf_free(&sql);
	return m->feat_many;
toolong:
	nw_buf_free(&sql);
	nw_error_set(err, NW_E_INTERNAL, "prepare: statement too long");
	return NULL;
}

/*
 * Save the features of n reports, f[order[i]] (f[i] when order is NULL),
 * in that order: FEAT_BATCH a statement, then the rest one by one.
 */
static int
feats_put_all(struct nw_merge *m, const struct feat *f, const size_t *order,
    size_t n, struct nw_error *err)
{
	struct nw_arena a = { 0 };
	sqlite3_stmt *st;
	size_t i = 0, k;
	int bound, p, rc = -1;

	while (i < n) {
		size_t batch = n - i >= FEAT_BATCH ? FEAT_BATCH : 1;

		st = batch > 1 ? feat_many(m, err) : ms(m, MS_FEAT_PUT, err);
		if (st == NULL)
			goto out;
		for (bound = 0, p = 1, k = i; k < i + batch; k++, p += 9)
			bound |= feat_bind(st, p,
			    &f[order != NULL ? order[k] : k], &a);
		if (mdone(m, st, bound, err, "save merge features") == -1)
			goto out;
		nw_arena_reset(&a);
		i += batch;
	}
	rc = 0;
out:
	nw_arena_release(&a);
	return rc;
}

/* Forget a report's features, blocks and edges (it changed). */
static int
feat_forget(struct nw_merge *m, int64_t id, struct nw_error *err)
{
	static const enum mst del[] = {
		MS_FEAT_DEL, MS_EDGE_DEL_A, MS_EDGE_DEL_B
	};
	sqlite3_stmt *st, *bd;
	char *keys = NULL, *p, *nl;
	size_t i;
	int lo = -1, step, rc = -1;

	/* the blocks by their keys: the table has no index by report */
	if ((st = ms(m, MS_FEAT_KEYS, err)) == NULL)
		return -1;
	if (sqlite3_bind_int64(st, 1, id) != SQLITE_OK)
		return mfail(m, err, "forget merge features");
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		lo = sqlite3_column_int(st, 0);
		keys = xstrdup(mcol(st, 1) != NULL ? mcol(st, 1) : "");
	}
	sqlite3_reset(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return mfail(m, err, "forget merge features");
	for (p = keys; p != NULL && *p != '\0' && lo >= 0; p = nl + 1) {
		if ((nl = strchr(p, '\n')) != NULL)
			*nl = '\0';
		if ((bd = ms(m, MS_BLOCK_DEL, err)) == NULL)
			goto out;
		if (mdone(m, bd, bstr(bd, 1, p) | sqlite3_bind_int(bd, 2, lo) |
		    sqlite3_bind_int64(bd, 3, id), err,
		    "forget merge blocks") == -1)
			goto out;
		if (nl == NULL)
			break;
	}
	for (i = 0; i < NW_NELEM(del); i++) {
		if ((st = ms(m, del[i], err)) == NULL)
			goto out;
		if (mdone(m, st, sqlite3_bind_int64(st, 1, id), err,
		    "forget merge features") == -1)
			goto out;
	}
	rc = 0;
out:
	free(keys);
	return rc;
}

/* Read a report's stored features into f (arena a); 1 when it has none. */
static int
feat_get(struct nw_merge *m, struct nw_arena *a, int64_t id, struct feat *f,
    struct nw_error *err)
{
	sqlite3_stmt *st;
	const unsigned char *blob;
	const char *keys, *p, *nl;
	size_t n, i, cap;
	int step;

	memset(f, 0, sizeof(*f));
	if ((st = ms(m, MS_FEAT_GET, err)) == NULL)
		return -1;
	if (sqlite3_bind_int64(st, 1, id) != SQLITE_OK)
		return mfail(m, err, "read merge features");
	step = sqlite3_step(st);
	if (step == SQLITE_DONE) {
		sqlite3_reset(st);
		return 1;
	}
	if (step != SQLITE_ROW) {
		sqlite3_reset(st);
		return mfail(m, err, "read merge features");
	}
	f->id = id;
	f->source = sqlite3_column_int64(st, 0);
	f->grp = mcol(st, 1) != NULL ? nw_arena_strdup(a, mcol(st, 1)) : NULL;
	f->lo = sqlite3_column_int(st, 2);
	f->hi = sqlite3_column_int(st, 3);
	f->day = (long)sqlite3_column_int64(st, 4);
	blob = sqlite3_column_blob(st, 5);
	n = (size_t)sqlite3_column_bytes(st, 5) / 4;
	f->tok = nw_arena_alloc(a, (n > 0 ? n : 1) * sizeof(*f->tok));
	for (i = 0; i < n && blob != NULL; i++)
		f->tok[i] = (uint32_t)blob[4 * i] |
		    (uint32_t)blob[4 * i + 1] << 8 |
		    (uint32_t)blob[4 * i + 2] << 16 |
		    (uint32_t)blob[4 * i + 3] << 24;
	f->ntok = blob != NULL ? n : 0;
	f->weight = tok_total(f->tok, f->ntok);
	keys = mcol(st, 6);
	keys = keys != NULL ? nw_arena_strdup(a, keys) : "";
	cap = 1;
	for (p = keys; *p != '\0'; p++)
		cap += *p == '\n';
	f->keys = nw_arena_alloc(a, cap * sizeof(*f->keys));
	for (p = keys; *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		if (nl == NULL) {
			f->keys[f->nkeys++] = p;
			break;
		}
		*(char *)nl = '\0';
		f->keys[f->nkeys++] = p;
	}
	f->key = nw_arena_printf(a, "%s/%s", mcol(st, 7) != NULL ?
	    mcol(st, 7) : "", mcol(st, 8) != NULL ? mcol(st, 8) : "");
	f->first_seen = nw_arena_strdup(a, mcol(st, 9) != NULL ?
	    mcol(st, 9) : "");
	f->sectors = (uint32_t)sqlite3_column_int64(st, 10);
	sqlite3_reset(st);
	feat_hash_keys(a, f);
	return 0;
}

/* Save an edge between report ids a and b. */
static int
edge_put(struct nw_merge *m, int64_t a, int64_t b, double score,
    const char *why, struct nw_error *err)
{
	sqlite3_stmt *st;

	if ((st = ms(m, MS_EDGE_PUT, err)) == NULL)
		return -1;
	return mdone(m, st, sqlite3_bind_int64(st, 1, a < b ? a : b) |
	    sqlite3_bind_int64(st, 2, a < b ? b : a) |
	    sqlite3_bind_double(st, 3, score) | bstr(st, 4, why), err,
	    "save merge edge");
}

/*
 * Resolve and save the canonical actors of one report's actor claims
 * (fresh: the table holds none of the report's yet).
 */
static int
canon_put(struct nw_merge *m, int64_t id, const struct nw_extract *ex,
    const char **ids, int fresh, struct nw_error *err)
{
	const struct nw_canon *c;
	sqlite3_stmt *st;
	size_t i;

	if (!fresh && ((st = ms(m, MS_CANON_DEL, err)) == NULL ||
	    mdone(m, st, sqlite3_bind_int64(st, 1, id), err,
	    "save canonical actors") == -1))
		return -1;
	for (i = 0; i < ex->nactors; i++) {
		ids[i] = NULL;
		c = nw_actors_lookup(m->actors, ex->actors[i].name, NULL, NULL);
		if (c == NULL)
			continue;
		ids[i] = c->id;
		if ((st = ms(m, MS_CANON_PUT, err)) == NULL ||
		    mdone(m, st, sqlite3_bind_int64(st, 1, id) |
		    sqlite3_bind_int64(st, 2, (sqlite3_int64)i) |
		    bstr(st, 3, c->id), err, "save canonical actors") == -1)
			return -1;
	}
	return 0;
}

/*
 * The group of a report of a grouped source: its native id up to the
 * first '/' (all of it when there is none).
 */
static const char *
group_of(struct nw_arena *a, int grouped, const char *native_id)
{
	const char *slash;

	if (!grouped || native_id == NULL || native_id[0] == '\0')
		return NULL;
	if ((slash = strchr(native_id, '/')) == NULL)
		return nw_arena_strdup(a, native_id);
	if (slash == native_id)
		return NULL;
	return nw_arena_strndup(a, native_id, (size_t)(slash - native_id));
}

int
nw_merge_feed(struct nw_merge *m, int64_t source_id, int grouped,
    struct nw_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = -1;

	m->source_id = source_id;
	m->grouped = grouped != 0;
	m->npend = 0;
	free(m->feed_name);
	free(m->feed_url);
	m->feed_name = m->feed_url = NULL;
	if (sqlite3_prepare_v2(m->db, "INSERT INTO merge_source (source_id,"
	    " grouped) VALUES (?1, ?2) ON CONFLICT (source_id) DO UPDATE SET"
	    " grouped = excluded.grouped", -1, &st, NULL) != SQLITE_OK) {
		mfail(m, err, "save merge source");
		goto out;
	}
	if (mdone(m, st, sqlite3_bind_int64(st, 1, source_id) |
	    sqlite3_bind_int(st, 2, m->grouped), err, "save merge source") == -1)
		goto out;
	sqlite3_finalize(st);
	if (sqlite3_prepare_v2(m->db, "SELECT name, url FROM source WHERE"
	    " id = ?1", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 1, source_id) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		mfail(m, err, "read source");
		goto out;
	}
	m->feed_name = xstrdup(mcol(st, 0) != NULL ? mcol(st, 0) : "");
	m->feed_url = xstrdup(mcol(st, 1) != NULL ? mcol(st, 1) : "");
	rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}

int
nw_merge_add(struct nw_merge *m, int64_t report_id, const struct nw_report *r,
    int is_new, struct nw_error *err)
{
	if (m->feed_name == NULL)
		return nw_error_set(err, NW_E_INTERNAL, "merge: a report "
		    "before its feed");
	if (m->npend == m->cpend) {
		m->cpend = m->cpend == 0 ? 256 : m->cpend * 2;
		m->pend = xreallocarray(m->pend, m->cpend, sizeof(*m->pend));
	}
	m->pend[m->npend].id = report_id;
	m->pend[m->npend].r = r;
	m->pend[m->npend].is_new = is_new;
	m->npend++;
	return 0;
}

/* One block row, for saving them all in the table's order. */
struct brow {
	uint32_t	 rank;		/* of its key among the distinct keys */
	int		 lo, hi;
	int64_t		 source, id;
	const char	*key;
};

static int
cmp_brow(const void *x, const void *y)
{
	const struct brow *a = x, *b = y;

	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	if (a->lo != b->lo)
		return a->lo < b->lo ? -1 : 1;
	return (a->id > b->id) - (a->id < b->id);
}

/*
 * The INSERT of BLOCK_BATCH block rows, prepared once: a statement a row
 * cost more than the rows themselves.
 */
#define BLOCK_BATCH	32
static sqlite3_stmt *
block_many(struct nw_merge *m, struct nw_error *err)
{
	struct nw_buf sql;
	int i;

	if (m->block_many != NULL) {
		sqlite3_reset(m->block_many);
		return m->block_many;
	}
	nw_buf_init(&sql, 8192);
	if (nw_buf_adds(&sql, "INSERT OR IGNORE INTO merge_block (key, lo, hi,"
	    " source_id, report_id) VALUES ") == -1)
		goto toolong;
	for (i = 0; i < BLOCK_BATCH; i++)
		if (nw_buf_adds(&sql, i == 0 ? "(?, ?, ?, ?, ?)" :
		    ", (?, ?, ?, ?, ?)") == -1)
			goto toolong;
	if (sqlite3_prepare_v3(m->db, sql.data, (int)sql.len,
	    SQLITE_PREPARE_PERSISTENT, &m->block_many, NULL) != SQLITE_OK) {
		m->block_many = NULL;
		mfail(m, err, "prepare");
	}
	nw_buf_free(&sql);
	return m->block_many;
toolong:
	nw_buf_free(&sql);
	nw_error_set(err, NW_E_INTERNAL, "prepare: statement too long");
	return NULL;
}

/* A distinct block key and its index, to rank the keys. */
struct krank {
	const char	*key;
	uint32_t	 i;
};

static int
cmp_krank(const void *x, const void *y)
{
	return strcmp(((const struct krank *)x)->key,
	    ((const struct krank *)y)->key);
}

/* A report id and its place, to walk reports in id order. */
struct idpos {
	int64_t	id;
	size_t	i;
};

static int
cmp_idpos(const void *x, const void *y)
{
	const struct idpos *a = x, *b = y;

	return (a->id > b->id) - (a->id < b->id);
}

/*
 * Save the blocks of every report, sorted as the table's key: appended
 * in order, a million rows cost a fraction of random inserts.
 */
static int
blocks_put_all(struct nw_merge *m, const struct feat *f, size_t n,
    struct nw_error *err)
{
	struct brow *b;
	const char **keys;	/* the distinct keys, then sorted */
	uint32_t *slot, *rank;	/* hash slot -> key + 1; key -> rank */
	struct krank *kr;
	sqlite3_stmt *st;
	size_t nb = 0, nk = 0, cap, i, k, h;
	int rc = -1;

	for (i = 0; i < n; i++)
		if (f[i].lo >= 0)
			nb += f[i].nkeys;
	b = xcalloc(nb > 0 ? nb : 1, sizeof(*b));
	keys = xcalloc(nb > 0 ? nb : 1, sizeof(*keys));
	for (cap = 16; cap < 2 * nb; cap *= 2)
		;
	slot = xcalloc(cap, sizeof(*slot));
	/*
	 * Rows sort by key string first: rank the few distinct keys once,
	 * so that sorting the many rows compares integers.
	 */
	nb = 0;
	for (i = 0; i < n; i++) {
		if (f[i].lo < 0)
			continue;
		for (k = 0; k < f[i].nkeys; k++) {
			const char *key = f[i].keys[k];

			h = fnv64(key) & (cap - 1);
			while (slot[h] != 0 && strcmp(keys[slot[h] - 1], key) != 0)
				h = (h + 1) & (cap - 1);
			if (slot[h] == 0) {
				keys[nk++] = key;
				slot[h] = (uint32_t)nk;
			}
			b[nb].rank = slot[h] - 1;	/* the key's index, for now */
			b[nb].key = keys[slot[h] - 1];
			b[nb].lo = f[i].lo;
			b[nb].hi = f[i].hi;
			b[nb].source = f[i].source;
			b[nb].id = f[i].id;
			nb++;
		}
	}
	rank = xcalloc(nk > 0 ? nk : 1, sizeof(*rank));
	kr = xcalloc(nk > 0 ? nk : 1, sizeof(*kr));
	for (i = 0; i < nk; i++) {
		kr[i].key = keys[i];
		kr[i].i = (uint32_t)i;
	}
	if (nk > 1)
		qsort(kr, nk, sizeof(*kr), cmp_krank);
	for (i = 0; i < nk; i++)
		rank[kr[i].i] = (uint32_t)i;
	for (i = 0; i < nb; i++)
		b[i].rank = rank[b[i].rank];
	if (nb > 1)
		qsort(b, nb, sizeof(*b), cmp_brow);
	/* BLOCK_BATCH rows a statement, then the rest one by one */
	for (i = 0; i + BLOCK_BATCH <= nb; i += BLOCK_BATCH) {
		int bound = 0, p = 1;

		if ((st = block_many(m, err)) == NULL)
			goto out;
		for (k = i; k < i + BLOCK_BATCH; k++, p += 5)
			bound |= sqlite3_bind_text(st, p, b[k].key, -1,
			    SQLITE_STATIC) |
			    sqlite3_bind_int(st, p + 1, b[k].lo) |
			    sqlite3_bind_int(st, p + 2, b[k].hi) |
			    sqlite3_bind_int64(st, p + 3, b[k].source) |
			    sqlite3_bind_int64(st, p + 4, b[k].id);
		if (mdone(m, st, bound, err, "save merge blocks") == -1)
			goto out;
	}
	for (; i < nb; i++) {
		if ((st = ms(m, MS_BLOCK_PUT, err)) == NULL)
			goto out;
		if (mdone(m, st, bstr(st, 1, b[i].key) |
		    sqlite3_bind_int(st, 2, b[i].lo) |
		    sqlite3_bind_int(st, 3, b[i].hi) |
		    sqlite3_bind_int64(st, 4, b[i].source) |
		    sqlite3_bind_int64(st, 5, b[i].id), err,
		    "save merge blocks") == -1)
			goto out;
	}
	rc = 0;
out:
	free(b);
	free(keys);
	free(slot);
	free(rank);
	free(kr);
	return rc;
}

/* --- regions: the part of the store a change reaches ------------------------- */

struct region {
	struct nw_arena		 *a;
	struct feat		 *f;	/* key, first_seen, source, grp,
					   incident; no words or keys */
	const struct nw_report	**mem;	/* the parse's report, or NULL */
	int			 *pending;	/* 1 new, 2 changed, 0 */
	size_t			  n, cap;
	struct idmap		  idx;	/* report id -> index */
	struct idmap		  incs;	/* incidents whose reports are in */
};

static void
region_free(struct region *rg)
{
	nw_arena_free(rg->a);
	free(rg->f);
	free(rg->mem);
	free(rg->pending);
	idmap_free(&rg->idx);
	idmap_free(&rg->incs);
	memset(rg, 0, sizeof(*rg));
}

/* Add report id (once); its index in *at (may be NULL). */
static int
region_add(struct nw_merge *m, struct region *rg, int64_t id, size_t *at,
    struct nw_error *err)
{
	sqlite3_stmt *st;
	struct feat *f;
	size_t i = idmap_get(&rg->idx, id);
	int step;

	if (i != (size_t)-1) {
		if (at != NULL)
			*at = i;
		return 0;
	}
	if ((st = ms(m, MS_LIGHT, err)) == NULL)
		return -1;
	if (sqlite3_bind_int64(st, 1, id) != SQLITE_OK)
		return mfail(m, err, "read report");
	step = sqlite3_step(st);
	if (step != SQLITE_ROW) {
		sqlite3_reset(st);
		if (step == SQLITE_DONE)
			return nw_error_set(err, NW_E_INTERNAL, "merge: no "
			    "report %lld", (long long)id);
		return mfail(m, err, "read report");
	}
	if (rg->n == rg->cap) {
		rg->cap = rg->cap == 0 ? 64 : rg->cap * 2;
		rg->f = xreallocarray(rg->f, rg->cap, sizeof(*rg->f));
		rg->mem = xreallocarray(rg->mem, rg->cap, sizeof(*rg->mem));
		rg->pending = xreallocarray(rg->pending, rg->cap,
		    sizeof(*rg->pending));
	}
	i = rg->n++;
	f = &rg->f[i];
	memset(f, 0, sizeof(*f));
	rg->mem[i] = NULL;
	rg->pending[i] = 0;
	f->id = id;
	f->key = nw_arena_printf(rg->a, "%s/%s", mcol(st, 0) != NULL ?
	    mcol(st, 0) : "", mcol(st, 1) != NULL ? mcol(st, 1) : "");
	f->first_seen = nw_arena_strdup(rg->a, mcol(st, 2) != NULL ?
	    mcol(st, 2) : "");
	f->source = sqlite3_column_int64(st, 3);
	f->grp = mcol(st, 4) != NULL ? nw_arena_strdup(rg->a, mcol(st, 4)) :
	    NULL;
	f->incident = sqlite3_column_int64(st, 5);
	f->lo = f->hi = -1;
	sqlite3_reset(st);
	idmap_put(&rg->idx, id, i);
	if (at != NULL)
		*at = i;
	return 0;
}

/* Ids from a one-column query bound with (id) or (int, text). */
struct ids {
	int64_t	*v;
	size_t	 n, cap;
};

static void
ids_add(struct ids *x, int64_t id)
{
	if (x->n == x->cap) {
		x->cap = x->cap == 0 ? 32 : x->cap * 2;
		x->v = xreallocarray(x->v, x->cap, sizeof(*x->v));
	}
	x->v[x->n++] = id;
}

static int
ids_step(struct nw_merge *m, sqlite3_stmt *st, struct ids *out,
    struct nw_error *err)
{
	int step;

	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		ids_add(out, sqlite3_column_int64(st, 0));
	sqlite3_reset(st);
	if (step != SQLITE_DONE)
		return mfail(m, err, "merge");
	return 0;
}

/* The report with key FEED/NATIVE_ID: its id, 0 when none. */
static int
report_by_key(struct nw_merge *m, const char *key, int64_t *id,
    struct nw_error *err)
{
	sqlite3_stmt *st;
	const char *slash = strchr(key, '/');
	int step;

	*id = 0;
	if (slash == NULL)
		return 0;
	if ((st = ms(m, MS_REPORT_BY_KEY, err)) == NULL)
		return -1;
	if ((sqlite3_bind_text(st, 1, key, (int)(slash - key), SQLITE_STATIC) |
	    bstr(st, 2, slash + 1)) != SQLITE_OK)
		return mfail(m, err, "find report");
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return mfail(m, err, "find report");
	return 0;
}

/*
 * Close the region: everything its reports reach through edges, dataset
 * groups, curated "same" decisions and shared incidents.
 */
static int
region_close(struct nw_merge *m, struct region *rg, struct nw_error *err)
{
	struct ids x = { NULL, 0, 0 };
	sqlite3_stmt *st;
	size_t i, k;
	int rc = -1;

	for (i = 0; i < rg->n; i++) {
		struct feat f = rg->f[i];

		x.n = 0;
		if ((st = ms(m, MS_EDGES_OF, err)) == NULL)
			goto out;
		if (sqlite3_bind_int64(st, 1, f.id) != SQLITE_OK ||
		    ids_step(m, st, &x, err) == -1)
			goto out;
		if (f.grp != NULL) {
			if ((st = ms(m, MS_GROUP_OF, err)) == NULL)
				goto out;
			if ((sqlite3_bind_int64(st, 1, f.source) |
			    bstr(st, 2, f.grp)) != SQLITE_OK ||
			    ids_step(m, st, &x, err) == -1)
				goto out;
		}
		if (f.incident != 0 &&
		    idmap_get(&rg->incs, f.incident) == (size_t)-1) {
			idmap_put(&rg->incs, f.incident, 1);
			if ((st = ms(m, MS_INC_MEMBERS, err)) == NULL)
				goto out;
			if (sqlite3_bind_int64(st, 1, f.incident) != SQLITE_OK ||
			    ids_step(m, st, &x, err) == -1)
				goto out;
		}
		/* curated "same": partners by key */
		if ((st = ms(m, MS_DEC_OF, err)) == NULL)
			goto out;
		if (bstr(st, 1, f.key) != SQLITE_OK) {
			mfail(m, err, "read decisions");
			goto out;
		}
		{
			struct slist_ {
				char	**v;
				size_t	  n;
			} keys = { NULL, 0 };
			int step;

			while ((step = sqlite3_step(st)) == SQLITE_ROW) {
				keys.v = xreallocarray(keys.v, keys.n + 1,
				    sizeof(*keys.v));
				keys.v[keys.n++] = xstrdup(mcol(st, 0) != NULL ?
				    mcol(st, 0) : "");
			}
			sqlite3_reset(st);
			for (k = 0; k < keys.n; k++) {
				int64_t id;

				if (step == SQLITE_DONE &&
				    report_by_key(m, keys.v[k], &id, err) == -1)
					step = SQLITE_ERROR;
				else if (step == SQLITE_DONE && id != 0)
					ids_add(&x, id);
				free(keys.v[k]);
			}
			free(keys.v);
			if (step != SQLITE_DONE) {
				if (err->code == NW_E_OK)
					mfail(m, err, "read decisions");
				goto out;
			}
		}
		for (k = 0; k < x.n; k++)
			if (region_add(m, rg, x.v[k], NULL, err) == -1)
				goto out;
	}
	rc = 0;
out:
	free(x.v);
	return rc;
}

/* The stored decisions that touch the region's reports. */
static int
region_decisions(struct nw_merge *m, struct region *rg,
    struct nw_merge_decisions *d, struct nw_error *err)
{
	sqlite3_stmt *st;
	size_t i, k, cap = 0;
	int step;

	memset(d, 0, sizeof(*d));
	d->arena = nw_arena_new();
	for (i = 0; i < rg->n; i++) {
		if ((st = ms(m, MS_DEC_ALL_OF, err)) == NULL)
			return -1;
		if (bstr(st, 1, rg->f[i].key) != SQLITE_OK)
			return mfail(m, err, "read decisions");
		while ((step = sqlite3_step(st)) == SQLITE_ROW) {
			if (mcol(st, 0) == NULL || mcol(st, 1) == NULL ||
			    mcol(st, 2) == NULL)
				continue;
			if (d->n == cap) {
				cap = cap == 0 ? 16 : cap * 2;
				d->v = xreallocarray(d->v, cap, sizeof(*d->v));
			}
			d->v[d->n].a = nw_arena_strdup(d->arena, mcol(st, 0));
			d->v[d->n].b = nw_arena_strdup(d->arena, mcol(st, 1));
			d->v[d->n].same = strcmp(mcol(st, 2), "same") == 0;
			d->v[d->n].line = (long)sqlite3_column_int64(st, 3);
			d->n++;
		}
		sqlite3_reset(st);
		if (step != SQLITE_DONE)
			return mfail(m, err, "read decisions");
	}
	if (d->n > 1)
		qsort(d->v, d->n, sizeof(*d->v), cmp_decision);
	for (i = 0, k = 0; i < d->n; i++)
		if (k == 0 || strcmp(d->v[k - 1].a, d->v[i].a) != 0 ||
		    strcmp(d->v[k - 1].b, d->v[i].b) != 0)
			d->v[k++] = d->v[i];
	d->n = k;
	return 0;
}

/* The stored edges among the region's reports. */
static int
region_edges(struct nw_merge *m, struct region *rg, struct edges *e,
    struct nw_error *err)
{
	sqlite3_stmt *st;
	size_t i, j;
	int step;

	for (i = 0; i < rg->n; i++) {
		if ((st = ms(m, MS_EDGES_OF, err)) == NULL)
			return -1;
		if (sqlite3_bind_int64(st, 1, rg->f[i].id) != SQLITE_OK)
			return mfail(m, err, "read merge edges");
		while ((step = sqlite3_step(st)) == SQLITE_ROW) {
			int64_t other = sqlite3_column_int64(st, 0);

			if (other <= rg->f[i].id)
				continue;	/* once per pair */
			j = idmap_get(&rg->idx, other);
			if (j == (size_t)-1)
				continue;
			edges_add(e, rg->f, i, j, sqlite3_column_double(st, 1),
			    EK_SCORE);
		}
		sqlite3_reset(st);
		if (step != SQLITE_DONE)
			return mfail(m, err, "read merge edges");
	}
	return 0;
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/*
 * Make the store's incidents follow the clusters out[] of f[0..n) (every
 * report of every incident involved is in f), and map the incidents
 * that changed.
 */
static int
apply(struct nw_merge *m, const struct feat *f, size_t n, const size_t *out,
    const struct nw_report *const *mem, const int *pending,
    struct nw_merge_stats *st, struct nw_error *err)
{
	struct ids touched = { NULL, 0, 0 }, lost = { NULL, 0, 0 };
	struct idmap fresh = { NULL, NULL, 0, 0 };
	int64_t *tid = NULL, t, cnt;
	size_t *size = NULL, i, k;
	sqlite3_stmt *q;
	int rc = -1;

	tid = xcalloc(n > 0 ? n : 1, sizeof(*tid));
	size = xcalloc(n > 0 ? n : 1, sizeof(*size));
	for (i = 0; i < n; i++)
		size[out[i]]++;
	for (i = 0; i < n; i++) {
		if (out[i] != i)
			continue;
		if (nw_store_incident_by_key(m->store, f[i].key, &t, err) == -1)
			goto out;
		if (t == 0) {
			if (nw_store_incident_add(m->store, f[i].key, &t,
			    err) == -1)
				goto out;
			idmap_put(&fresh, t, i);
			st->created++;
		}
		tid[i] = t;
		st->incidents++;
	}
	for (i = 0; i < n; i++) {
		t = tid[out[i]];
		if (f[i].incident != t) {
			if (nw_store_incident_link(m->store, f[i].id, t,
			    err) == -1)
				goto out;
			if (f[i].incident != 0) {
				ids_add(&lost, f[i].incident);
				st->joined++;
			}
			ids_add(&touched, t);
		} else if (pending != NULL && pending[i] != 0) {
			if (pending[i] == 2 && nw_store_incident_touch(m->store,
			    t, err) == -1)
				goto out;
			ids_add(&touched, t);
		}
	}
	if (lost.n > 1)
		qsort(lost.v, lost.n, sizeof(*lost.v), cmp_i64);
	for (i = 0; i < lost.n; i++) {
		if (i > 0 && lost.v[i] == lost.v[i - 1])
			continue;
		if ((q = ms(m, MS_COUNT_MEMBERS, err)) == NULL)
			goto out;
		if (sqlite3_bind_int64(q, 1, lost.v[i]) != SQLITE_OK ||
		    sqlite3_step(q) != SQLITE_ROW) {
			sqlite3_reset(q);
			mfail(m, err, "count incident reports");
			goto out;
		}
		cnt = sqlite3_column_int64(q, 0);
		sqlite3_reset(q);
		if (cnt == 0) {
			if (nw_store_incident_delete(m->store, lost.v[i],
			    err) == -1)
				goto out;
			st->deleted++;
			continue;
		}
		if (nw_store_incident_touch(m->store, lost.v[i], err) == -1)
			goto out;
		ids_add(&touched, lost.v[i]);
	}
	if (touched.n > 1)
		qsort(touched.v, touched.n, sizeof(*touched.v), cmp_i64);
	for (i = 0; i < touched.n; i++) {
		if (i > 0 && touched.v[i] == touched.v[i - 1])
			continue;
		st->mapped++;
		if (m->map == NULL)
			continue;
		k = idmap_get(&fresh, touched.v[i]);
		if (k != (size_t)-1 && size[k] == 1 && mem != NULL &&
		    mem[k] != NULL) {
			/* a report of its own, still in memory */
			if (nw_map_reports(m->map, touched.v[i], &mem[k],
			    &f[k].id, 1, err) == -1)
				goto out;
		} else if (nw_map_incident(m->map, touched.v[i], err) == -1)
			goto out;
	}
	rc = 0;
out:
	free(tid);
	free(size);
	free(touched.v);
	free(lost.v);
	idmap_free(&fresh);
	return rc;
}

/* Cluster a closed region again and apply it. */
static int
region_merge(struct nw_merge *m, struct region *rg, struct nw_merge_stats *st,
    struct nw_error *err)
{
	struct nw_merge_decisions d;
	struct edges e = { NULL, 0, 0 };
	size_t *out = NULL, *diff = NULL, ndiff = 0;
	int rc = -1;

	memset(&d, 0, sizeof(d));
	if (region_close(m, rg, err) == -1 ||
	    region_edges(m, rg, &e, err) == -1 ||
	    region_decisions(m, rg, &d, err) == -1)
		goto out;
	rule_edges(rg->f, rg->n, &d, &e, &diff, &ndiff);
	out = xcalloc(rg->n > 0 ? rg->n : 1, sizeof(*out));
	cluster(rg->f, rg->n, e.v, e.n, diff, ndiff, out);
	st->reports += (long)rg->n;
	if (apply(m, rg->f, rg->n, out, rg->mem, rg->pending, st, err) == -1)
		goto out;
	rc = 0;
out:
	nw_merge_decisions_free(&d);
	free(e.v);
	free(out);
	free(diff);
	return rc;
}

/* Scored candidates of pending report i (features pf) from the blocks. */
static int
pending_candidates(struct nw_merge *m, struct nw_arena *a, struct feat *pf,
    size_t np, size_t i, const struct idmap *pidx, struct idmap *cache,
    struct feat **cf, size_t *ncf, size_t *ccf, long *nedges,
    struct nw_merge_stats *st, struct nw_error *err)
{
	struct idmap seen = { NULL, NULL, 0, 0 };
	struct ids c = { NULL, 0, 0 };
	const struct feat *me = &pf[i], *other;
	sqlite3_stmt *q;
	char why[NW_MERGE_WHY_MAX];
	double sc;
	size_t k, j;
	int step, r, rc = -1;

	(void)np;
	if (me->lo < 0)
		return 0;
	for (k = 0; k < me->nkeys; k++) {
		if ((q = ms(m, MS_CAND, err)) == NULL)
			goto out;
		if ((bstr(q, 1, me->keys[k]) |
		    sqlite3_bind_int(q, 2, me->lo - MG_YEAR_SPAN - 1) |
		    sqlite3_bind_int(q, 3, me->hi + 1) |
		    sqlite3_bind_int64(q, 4, me->source)) != SQLITE_OK) {
			mfail(m, err, "find candidates");
			goto out;
		}
		while ((step = sqlite3_step(q)) == SQLITE_ROW) {
			int64_t rid = sqlite3_column_int64(q, 0);

			if (rid == me->id || sqlite3_column_int(q, 1) + 1 <
			    me->lo || sqlite3_column_int64(q, 2) == me->source ||
			    idmap_get(&seen, rid) != (size_t)-1)
				continue;
			idmap_put(&seen, rid, 1);
			ids_add(&c, rid);
		}
		sqlite3_reset(q);
		if (step != SQLITE_DONE) {
			mfail(m, err, "find candidates");
			goto out;
		}
	}
	for (k = 0; k < c.n; k++) {
		j = idmap_get(pidx, c.v[k]);
		if (j != (size_t)-1) {
			if (j < i)
				continue;	/* scored in j's pass */
			other = &pf[j];
		} else {
			j = idmap_get(cache, c.v[k]);
			if (j == (size_t)-1) {
				if (*ncf == *ccf) {
					*ccf = *ccf == 0 ? 64 : *ccf * 2;
					*cf = xreallocarray(*cf, *ccf,
					    sizeof(**cf));
				}
				r = feat_get(m, a, c.v[k], &(*cf)[*ncf], err);
				if (r == -1)
					goto out;
				if (r == 1)
					continue;
				j = (*ncf)++;
				idmap_put(cache, c.v[k], j);
			}
			other = &(*cf)[j];
		}
		st->compared++;
		sc = pair_score(me, other, NULL, 0);
		if (sc < NW_MERGE_THRESHOLD)
			continue;
		pair_score(me, other, why, sizeof(why));
		st->edges++;
		(*nedges)++;
		if (edge_put(m, me->id, other->id, sc, why, err) == -1)
			goto out;
	}
	rc = 0;
out:
	idmap_free(&seen);
	free(c.v);
	return rc;
}

/*
 * Has any other source reports to meet?  (The first feed of a store
 * looks for no candidates.)  1, 0 or -1.
 */
static int
other_sources(struct nw_merge *m, struct nw_error *err)
{
	sqlite3_stmt *st = NULL;
	int step;

	if (sqlite3_prepare_v2(m->db, "SELECT 1 FROM merge_source WHERE"
	    " source_id != ?1 LIMIT 1", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 1, m->source_id) != SQLITE_OK) {
		sqlite3_finalize(st);
		return mfail(m, err, "read merge sources");
	}
	step = sqlite3_step(st);
	sqlite3_finalize(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return mfail(m, err, "read merge sources");
	return step == SQLITE_ROW;
}

/* Is a curated "same" decision stored for report key?  1, 0 or -1. */
static int
same_decided(struct nw_merge *m, const char *key, struct nw_error *err)
{
	sqlite3_stmt *st;
	int step;

	if ((st = ms(m, MS_DEC_OF, err)) == NULL)
		return -1;
	if (bstr(st, 1, key) != SQLITE_OK)
		return mfail(m, err, "read decisions");
	step = sqlite3_step(st);
	sqlite3_reset(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return mfail(m, err, "read decisions");
	return step == SQLITE_ROW;
}

/* A new report that is an incident of its own, mapped from memory. */
static int
alone(struct nw_merge *m, const struct feat *f, const struct nw_report *r,
    struct nw_merge_stats *st, struct nw_error *err)
{
	int64_t inc;

	if (nw_store_incident_new(m->store, f->key, f->id, &inc, err) == -1)
		return -1;
	st->reports++;
	st->created++;
	st->incidents++;
	st->mapped++;
	if (m->map == NULL)
		return 0;
	return nw_map_reports(m->map, inc, &r, &f->id, 1, err);
}

int
nw_merge_flush(struct nw_merge *m, struct nw_merge_stats *st,
    struct nw_error *err)
{
	struct nw_merge_stats local;
	struct nw_arena *a = NULL;
	struct feat *pf = NULL, *cf = NULL;
	struct idmap pidx = { NULL, NULL, 0, 0 }, cache = { NULL, NULL, 0, 0 };
	struct region rg;
	const char **ids;
	size_t i, k, ncf = 0, ccf = 0;
	long *nedges = NULL;
	int r, rc = -1;

	if (st == NULL)
		st = &local;
	memset(st, 0, sizeof(*st));
	memset(&rg, 0, sizeof(rg));
	if (m->npend == 0)
		return 0;
	a = nw_arena_new();
	rg.a = nw_arena_new();
	pf = xcalloc(m->npend, sizeof(*pf));
	for (i = 0; i < m->npend; i++) {
		const struct pend *p = &m->pend[i];
		struct nw_merge_report mr;
		sqlite3_stmt *q;

		if (p->r == NULL) {
			nw_error_set(err, NW_E_INTERNAL, "merge: a pending "
			    "report without its content");
			goto out;
		}
		if (!p->is_new && feat_forget(m, p->id, err) == -1)
			goto out;
		memset(&mr, 0, sizeof(mr));
		mr.key = nw_arena_printf(a, "%s/%s", m->feed_name,
		    p->r->native_id);
		mr.source = m->source_id;
		mr.group = group_of(a, m->grouped, p->r->native_id);
		if (p->is_new)
			mr.first_seen = nw_arena_strdup(a,
			    nw_store_now(m->store) != NULL ?
			    nw_store_now(m->store) : "");
		else {
			if ((q = ms(m, MS_FIRST_SEEN, err)) == NULL)
				goto out;
			if (sqlite3_bind_int64(q, 1, p->id) != SQLITE_OK ||
			    sqlite3_step(q) != SQLITE_ROW) {
				sqlite3_reset(q);
				mfail(m, err, "read report");
				goto out;
			}
			mr.first_seen = nw_arena_strdup(a, mcol(q, 0) != NULL ?
			    mcol(q, 0) : "");
			sqlite3_reset(q);
		}
		mr.date = p->r->date;
		mr.title = p->r->title;
		mr.text = p->r->text;
		mr.textlen = p->r->textlen;
		mr.url = p->r->url;
		mr.feed_url = m->feed_url;
		mr.ex = &p->r->ex;
		ids = nw_arena_alloc(a, (p->r->ex.nactors > 0 ?
		    p->r->ex.nactors : 1) * sizeof(*ids));
		if (canon_put(m, p->id, &p->r->ex, ids, p->is_new, err) == -1)
			goto out;
		mr.actor_ids = ids;
		mr.ref = m->ref;
		feat_build(a, &mr, &pf[i]);
		pf[i].id = p->id;
		idmap_put(&pidx, p->id, i);
	}
	/*
	 * Candidates are of other sources (one flush is one feed), so the
	 * feed's own blocks are saved after the look-up: a list of many
	 * reports in one month does not scan itself.
	 */
	nedges = xcalloc(m->npend, sizeof(*nedges));
	if ((r = other_sources(m, err)) == -1)
		goto out;
	for (i = 0; r == 1 && i < m->npend; i++)
		if (pending_candidates(m, a, pf, m->npend, i, &pidx, &cache,
		    &cf, &ncf, &ccf, &nedges[i], st, err) == -1)
			goto out;
	if (feats_put_all(m, pf, NULL, m->npend, err) == -1)
		goto out;
	if (blocks_put_all(m, pf, m->npend, err) == -1)
		goto out;
	for (i = 0; i < m->npend; i++) {
		const struct pend *p = &m->pend[i];

		/*
		 * A new report that meets nothing (no edge, no group, no
		 * curated "same") is an incident of its own: no region to
		 * cluster again.
		 */
		if (p->is_new && nedges[i] == 0 && pf[i].grp == NULL) {
			if ((r = same_decided(m, pf[i].key, err)) == -1)
				goto out;
			if (r == 0) {
				if (alone(m, &pf[i], p->r, st, err) == -1)
					goto out;
				continue;
			}
		}
		if (region_add(m, &rg, p->id, &k, err) == -1)
			goto out;
		rg.mem[k] = p->is_new ? p->r : NULL;
		rg.pending[k] = p->is_new ? 1 : 2;
	}
	if (rg.n > 0 && region_merge(m, &rg, st, err) == -1)
		goto out;
	m->npend = 0;
	rc = 0;
out:
	region_free(&rg);
	idmap_free(&pidx);
	idmap_free(&cache);
	free(pf);
	free(cf);
	free(nedges);
	nw_arena_free(a);
	return rc;
}

/* --- the whole store ------------------------------------------------------------ */

/* Seconds on a monotonic clock, for the debug log's phase times. */
static double
mg_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A scan ordered by report id, for merging children into reports. */
struct scan {
	sqlite3_stmt	*st;
	int		 row;
};

static int
scan_step(struct nw_merge *m, struct scan *s, struct nw_error *err)
{
	int step = sqlite3_step(s->st);

	s->row = step == SQLITE_ROW;
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return mfail(m, err, "read reports");
	return 0;
}

/* Every report's features (and canonical actors, saved again) into *fp. */
static int
load_all(struct nw_merge *m, struct nw_arena *a, struct feat **fp,
    size_t *np, struct nw_error *err)
{
	static const char *const sql[4] = {
		"SELECT r.id, s.name, r.native_id, r.source_id, r.first_seen,"
		" r.date, r.date_precision, r.title, r.text, r.url, s.url,"
		" COALESCE(ms.grouped, 0) FROM report r"
		" JOIN source s ON s.id = r.source_id"
		" LEFT JOIN merge_source ms ON ms.source_id = r.source_id"
		" ORDER BY r.id",
		"SELECT report_id, state FROM claim ORDER BY report_id, ord",
		"SELECT report_id, name FROM report_actor"
		" ORDER BY report_id, ord",
		"SELECT report_id, state FROM report_victim"
		" ORDER BY report_id, ord",
	};
	struct scan s[4];
	struct nw_extract *ex = NULL;
	struct feat *f = NULL;
	const char *ids[NW_MAX_ACTORS];
	size_t n = 0, cap = 0, i;
	int rc = -1;

	memset(s, 0, sizeof(s));
	for (i = 0; i < 4; i++) {
		if (sqlite3_prepare_v2(m->db, sql[i], -1, &s[i].st, NULL) !=
		    SQLITE_OK) {
			mfail(m, err, "read reports");
			goto out;
		}
		if (scan_step(m, &s[i], err) == -1)
			goto out;
	}
	ex = xcalloc(1, sizeof(*ex));
	while (s[0].row) {
		sqlite3_stmt *r = s[0].st;
		struct nw_merge_report mr;
		int64_t id = sqlite3_column_int64(r, 0);
		const char *date = mcol(r, 5), *v;
		enum nw_prec prec;

		memset(ex, 0, sizeof(*ex));
		memset(&mr, 0, sizeof(mr));
		/* the children of this report; orphans skipped */
		while (s[1].row && sqlite3_column_int64(s[1].st, 0) <= id) {
			v = mcol(s[1].st, 1);
			if (sqlite3_column_int64(s[1].st, 0) == id &&
			    ex->nattr < NW_MAX_ATTRIB && v != NULL &&
			    strlen(v) == 2)
				memcpy(ex->attr[ex->nattr++].state, v, 3);
			if (scan_step(m, &s[1], err) == -1)
				goto out;
		}
		while (s[2].row && sqlite3_column_int64(s[2].st, 0) <= id) {
			v = mcol(s[2].st, 1);
			if (sqlite3_column_int64(s[2].st, 0) == id &&
			    ex->nactors < NW_MAX_ACTORS && v != NULL)
				nw_strlcpy(ex->actors[ex->nactors++].name, v,
				    NW_MAX_ACTOR_NAME);
			if (scan_step(m, &s[2], err) == -1)
				goto out;
		}
		while (s[3].row && sqlite3_column_int64(s[3].st, 0) <= id) {
			v = mcol(s[3].st, 1);
			if (sqlite3_column_int64(s[3].st, 0) == id &&
			    ex->nvictims < NW_MAX_VICTIMS && v != NULL &&
			    strlen(v) == 2)
				memcpy(ex->victims[ex->nvictims++], v, 3);
			if (scan_step(m, &s[3], err) == -1)
				goto out;
		}
		mr.key = nw_arena_printf(a, "%s/%s", mcol(r, 1) != NULL ?
		    mcol(r, 1) : "", mcol(r, 2) != NULL ? mcol(r, 2) : "");
		mr.source = sqlite3_column_int64(r, 3);
		mr.group = group_of(a, sqlite3_column_int(r, 11), mcol(r, 2));
		mr.first_seen = nw_arena_strdup(a, mcol(r, 4) != NULL ?
		    mcol(r, 4) : "");
		if (nw_prec_from_name(mcol(r, 6), &prec) == -1 ||
		    nw_date_parse_iso(date != NULL ? date : "", &mr.date) == -1)
			memset(&mr.date, 0, sizeof(mr.date));
		mr.title = mcol(r, 7);
		mr.text = mcol(r, 8) != NULL ? mcol(r, 8) : "";
		mr.textlen = (size_t)sqlite3_column_bytes(r, 8);
		mr.url = mcol(r, 9);
		mr.feed_url = mcol(r, 10);
		mr.ex = ex;
		if (canon_put(m, id, ex, ids, 1, err) == -1)
			goto out;
		mr.actor_ids = ids;
		mr.ref = m->ref;
		if (n == cap) {
			cap = cap == 0 ? 1024 : cap * 2;
			f = xreallocarray(f, cap, sizeof(*f));
		}
		memset(&f[n], 0, sizeof(f[n]));
		feat_build(a, &mr, &f[n]);
		f[n].id = id;
		n++;
		if (scan_step(m, &s[0], err) == -1)
			goto out;
	}
	*fp = f;
	*np = n;
	f = NULL;
	rc = 0;
out:
	for (i = 0; i < 4; i++)
		sqlite3_finalize(s[i].st);
	free(ex);
	free(f);
	return rc;
}

/* Store each edge scoring finds, by report id. */
struct allctx {
	struct nw_merge		*m;
	const struct feat	*f;
	struct nw_error		*err;
};

static int
all_edge(size_t a, size_t b, double score, const char *why, void *arg)
{
	struct allctx *c = arg;

	return edge_put(c->m, c->f[a].id, c->f[b].id, score, why, c->err);
}

/*
 * Store the curated decisions (when the context has some); the keys of
 * pairs that changed go to *changed (may be NULL).
 */
static int
decisions_sync(struct nw_merge *m, struct nw_arena *a,
    const char ***changed, size_t *nchanged, struct nw_error *err)
{
	sqlite3_stmt *q = NULL;
	struct nw_merge_decisions old;
	size_t i = 0, j = 0, cap = 0, k;
	int step, rc = -1;

	if (changed != NULL) {
		*changed = NULL;
		*nchanged = 0;
	}
	memset(&old, 0, sizeof(old));
	if (m->dec == NULL)
		return 0;
	old.arena = nw_arena_new();
	if (sqlite3_prepare_v2(m->db, "SELECT a, b, decision FROM"
	    " merge_decision ORDER BY a, b", -1, &q, NULL) != SQLITE_OK) {
		mfail(m, err, "read decisions");
		goto out;
	}
	while ((step = sqlite3_step(q)) == SQLITE_ROW) {
		if (old.n == cap) {
			cap = cap == 0 ? 64 : cap * 2;
			old.v = xreallocarray(old.v, cap, sizeof(*old.v));
		}
		old.v[old.n].a = nw_arena_strdup(old.arena, mcol(q, 0));
		old.v[old.n].b = nw_arena_strdup(old.arena, mcol(q, 1));
		old.v[old.n].same = strcmp(mcol(q, 2), "same") == 0;
		old.n++;
	}
	sqlite3_finalize(q);
	q = NULL;
	if (step != SQLITE_DONE) {
		mfail(m, err, "read decisions");
		goto out;
	}
	/* both sorted by (a, b): the pairs that differ */
	cap = 0;
	while (i < old.n || j < m->dec->n) {
		const struct nw_merge_decision *x = i < old.n ? &old.v[i] : NULL;
		const struct nw_merge_decision *y = j < m->dec->n ?
		    &m->dec->v[j] : NULL;
		int c = x == NULL ? 1 : y == NULL ? -1 : strcmp(x->a, y->a);
		const struct nw_merge_decision *d = NULL;

		if (c == 0 && x != NULL && y != NULL)
			c = strcmp(x->b, y->b);
		if (c < 0) {
			d = x;
			i++;
		} else if (c > 0) {
			d = y;
			j++;
		} else {
			if (x->same != y->same)
				d = y;
			i++;
			j++;
		}
		if (d == NULL || changed == NULL)
			continue;
		for (k = 0; k < 2; k++) {
			if (*nchanged == cap) {
				cap = cap == 0 ? 16 : cap * 2;
				*changed = xreallocarray(*changed, cap,
				    sizeof(**changed));
			}
			(*changed)[(*nchanged)++] = nw_arena_strdup(a,
			    k == 0 ? d->a : d->b);
		}
	}
	if (mexec(m, "DELETE FROM merge_decision", err) == -1)
		goto out;
	if (sqlite3_prepare_v2(m->db, "INSERT INTO merge_decision (a, b,"
	    " decision, line) VALUES (?1, ?2, ?3, ?4)", -1, &q, NULL) !=
	    SQLITE_OK) {
		mfail(m, err, "save decisions");
		goto out;
	}
	for (k = 0; k < m->dec->n; k++)
		if (mdone(m, q, bstr(q, 1, m->dec->v[k].a) |
		    bstr(q, 2, m->dec->v[k].b) |
		    bstr(q, 3, m->dec->v[k].same ? "same" : "different") |
		    sqlite3_bind_int64(q, 4, m->dec->v[k].line), err,
		    "save decisions") == -1)
			goto out;
	rc = 0;
out:
	sqlite3_finalize(q);
	nw_merge_decisions_free(&old);
	return rc;
}

/* Every stored decision. */
static int
decisions_stored(struct nw_merge *m, struct nw_merge_decisions *d,
    struct nw_error *err)
{
	sqlite3_stmt *q = NULL;
	size_t cap = 0;
	int step;

	memset(d, 0, sizeof(*d));
	d->arena = nw_arena_new();
	if (sqlite3_prepare_v2(m->db, "SELECT a, b, decision, line FROM"
	    " merge_decision ORDER BY a, b", -1, &q, NULL) != SQLITE_OK)
		return mfail(m, err, "read decisions");
	while ((step = sqlite3_step(q)) == SQLITE_ROW) {
		if (d->n == cap) {
			cap = cap == 0 ? 64 : cap * 2;
			d->v = xreallocarray(d->v, cap, sizeof(*d->v));
		}
		d->v[d->n].a = nw_arena_strdup(d->arena, mcol(q, 0));
		d->v[d->n].b = nw_arena_strdup(d->arena, mcol(q, 1));
		d->v[d->n].same = strcmp(mcol(q, 2), "same") == 0;
		d->v[d->n].line = (long)sqlite3_column_int64(q, 3);
		d->n++;
	}
	sqlite3_finalize(q);
	if (step != SQLITE_DONE)
		return mfail(m, err, "read decisions");
	return 0;
}

int
nw_merge_all(struct nw_merge *m, struct nw_merge_stats *st,
    struct nw_error *err)
{
	struct nw_merge_stats local;
	struct nw_merge_decisions stored;
	const struct nw_merge_decisions *d;
	struct nw_arena *a = nw_arena_new();
	struct feat *f = NULL;
	struct edges e = { NULL, 0, 0 };
	struct idmap idx = { NULL, NULL, 0, 0 };
	struct idpos *byid = NULL;
	struct allctx ac;
	sqlite3_stmt *q = NULL;
	size_t n = 0, i, *out = NULL, *diff = NULL, ndiff = 0, *order;
	char *version = NULL;
	double t0;
	int step, rc2, rc = -1;

	if (st == NULL)
		st = &local;
	memset(st, 0, sizeof(*st));
	memset(&stored, 0, sizeof(stored));
	if (sqlite3_get_autocommit(m->db)) {
		nw_error_set(err, NW_E_INTERNAL, "merge: no transaction is "
		    "open");
		goto out;
	}
	if (m->dec != NULL) {
		if (decisions_sync(m, a, NULL, NULL, err) == -1)
			goto out;
		d = m->dec;
	} else {
		if (decisions_stored(m, &stored, err) == -1)
			goto out;
		d = &stored;
	}
	if (mexec(m, "DELETE FROM merge_edge", err) == -1 ||
	    mexec(m, "DELETE FROM merge_block", err) == -1 ||
	    mexec(m, "DELETE FROM merge_feature", err) == -1 ||
	    mexec(m, "DELETE FROM report_actor_canon", err) == -1)
		goto out;
	nw_progress("merge: reading reports");
	t0 = mg_now();
	if (load_all(m, a, &f, &n, err) == -1)
		goto out;
	feats_by_date(a, f, n);
	nw_log(NW_LOG_DEBUG, "merge", "read %zu reports: %.3f s", n,
	    mg_now() - t0);
	t0 = mg_now();
	nw_progress("merge: %zu reports: features", n);
	/* the features in id order (the table's), then the blocks in theirs */
	byid = xcalloc(n > 0 ? n : 1, sizeof(*byid));
	for (i = 0; i < n; i++) {
		byid[i].id = f[i].id;
		byid[i].i = i;
		idmap_put(&idx, f[i].id, i);
	}
	if (n > 1)
		qsort(byid, n, sizeof(*byid), cmp_idpos);
	order = xcalloc(n > 0 ? n : 1, sizeof(*order));
	for (i = 0; i < n; i++)
		order[i] = byid[i].i;
	rc2 = feats_put_all(m, f, order, n, err);
	free(order);
	if (rc2 == -1)
		goto out;
	if (blocks_put_all(m, f, n, err) == -1)
		goto out;
	nw_log(NW_LOG_DEBUG, "merge", "features saved: %.3f s", mg_now() - t0);
	t0 = mg_now();
	nw_progress("merge: %zu reports: candidates", n);
	ac.m = m;
	ac.f = f;
	ac.err = err;
	if (candidates_all(f, n, &e, st, all_edge, &ac) == -1)
		goto out;
	nw_log(NW_LOG_DEBUG, "merge", "%ld pairs scored, %ld edges: %.3f s",
	    st->compared, st->edges, mg_now() - t0);
	t0 = mg_now();
	rule_edges(f, n, d, &e, &diff, &ndiff);
	out = xcalloc(n > 0 ? n : 1, sizeof(*out));
	nw_progress("merge: %zu reports: clustering", n);
	cluster(f, n, e.v, e.n, diff, ndiff, out);
	/* the incidents the reports are in now */
	if (sqlite3_prepare_v2(m->db, "SELECT report_id, incident_id FROM"
	    " incident_report", -1, &q, NULL) != SQLITE_OK) {
		mfail(m, err, "read incidents");
		goto out;
	}
	while ((step = sqlite3_step(q)) == SQLITE_ROW) {
		i = idmap_get(&idx, sqlite3_column_int64(q, 0));
		if (i != (size_t)-1)
			f[i].incident = sqlite3_column_int64(q, 1);
	}
	if (step != SQLITE_DONE) {
		mfail(m, err, "read incidents");
		goto out;
	}
	st->reports = (long)n;
	nw_log(NW_LOG_DEBUG, "merge", "clustered: %.3f s", mg_now() - t0);
	t0 = mg_now();
	nw_progress("merge: %zu reports: incidents", n);
	if (apply(m, f, n, out, NULL, NULL, st, err) == -1)
		goto out;
	nw_log(NW_LOG_DEBUG, "merge", "incidents: %.3f s", mg_now() - t0);
	version = merge_version(m);
	if (nw_store_meta_set(m->store, NW_META_MERGE_VERSION, version,
	    err) == -1)
		goto out;
	rc = 0;
out:
	nw_progress_done();
	free(byid);
	sqlite3_finalize(q);
	nw_merge_decisions_free(&stored);
	idmap_free(&idx);
	free(version);
	free(f);
	free(e.v);
	free(out);
	free(diff);
	nw_arena_free(a);
	return rc;
}

int
nw_merge_actors_changed(struct nw_merge *m, struct nw_merge_stats *st,
    struct nw_error *err)
{
	struct nw_actors *t;

	if ((t = nw_actors_load(m->store, err)) == NULL)
		return -1;
	nw_actors_free(m->actors);
	m->actors = t;
	return nw_merge_all(m, st, err);
}

int
nw_merge_prepare(struct nw_merge *m, struct nw_merge_stats *st,
    struct nw_error *err)
{
	struct nw_merge_stats local;
	struct nw_arena *a = nw_arena_new();
	struct region rg;
	const char **keys = NULL;
	char *want = NULL, *have = NULL;
	size_t nkeys = 0, i;
	int64_t id;
	int rc = -1;

	if (st == NULL)
		st = &local;
	memset(st, 0, sizeof(*st));
	memset(&rg, 0, sizeof(rg));
	rg.a = nw_arena_new();
	if (nw_store_begin(m->store, err) == -1)
		goto done;
	want = merge_version(m);
	if (nw_store_meta_get(m->store, NW_META_MERGE_VERSION, &have,
	    err) == -1)
		goto out;
	if (have == NULL || strcmp(have, want) != 0) {
		if (nw_merge_all(m, st, err) == -1)
			goto out;
	} else {
		if (decisions_sync(m, a, &keys, &nkeys, err) == -1)
			goto out;
		for (i = 0; i < nkeys; i++) {
			if (report_by_key(m, keys[i], &id, err) == -1)
				goto out;
			if (id != 0 && region_add(m, &rg, id, NULL, err) == -1)
				goto out;
		}
		if (rg.n > 0 && region_merge(m, &rg, st, err) == -1)
			goto out;
	}
	if (nw_store_feed_commit(m->store, err) == -1)
		goto done;
	rc = 0;
	goto done;
out:
	nw_store_feed_rollback(m->store);
done:
	region_free(&rg);
	free(keys);
	free(want);
	free(have);
	nw_arena_free(a);
	return rc;
}

/* --- links, for explain -------------------------------------------------------- */

int
nw_merge_links(struct nw_store *store, int64_t incident, struct nw_arena *a,
    struct nw_merge_link **lp, size_t *np, struct nw_error *err)
{
	static const char sql[] =
	    "SELECT e.a, e.b, e.score, e.why FROM incident_report x"
	    " JOIN merge_edge e ON e.a = x.report_id"
	    " JOIN incident_report y ON y.report_id = e.b"
	    " WHERE x.incident_id = ?1 AND y.incident_id = ?1"
	    " UNION ALL"
	    " SELECT ra.id, rb.id, 1.0, 'curated: same (line ' || d.line || ')'"
	    " FROM merge_decision d"
	    " JOIN source sa ON sa.name = substr(d.a, 1, instr(d.a, '/') - 1)"
	    " JOIN report ra ON ra.source_id = sa.id AND"
	    "   ra.native_id = substr(d.a, instr(d.a, '/') + 1)"
	    " JOIN source sb ON sb.name = substr(d.b, 1, instr(d.b, '/') - 1)"
	    " JOIN report rb ON rb.source_id = sb.id AND"
	    "   rb.native_id = substr(d.b, instr(d.b, '/') + 1)"
	    " JOIN incident_report x ON x.report_id = ra.id"
	    " JOIN incident_report y ON y.report_id = rb.id"
	    " WHERE d.decision = 'same' AND x.incident_id = ?1 AND"
	    "   y.incident_id = ?1"
	    " UNION ALL"
	    " SELECT min(f.report_id) OVER w, f.report_id, 1.0,"
	    "   'same dataset incident ' || f.grp"
	    " FROM merge_feature f JOIN incident_report x"
	    "   ON x.report_id = f.report_id"
	    " WHERE x.incident_id = ?1 AND f.grp IS NOT NULL"
	    " WINDOW w AS (PARTITION BY f.source_id, f.grp)"
	    " ORDER BY 1, 2";
	sqlite3_stmt *st = NULL;
	struct nw_merge_link *v = NULL;
	size_t n = 0, cap = 0;
	int step, rc = -1;

	*lp = NULL;
	*np = 0;
	if (sqlite3_prepare_v2(nw_store_db(store), sql, -1, &st, NULL) !=
	    SQLITE_OK || sqlite3_bind_int64(st, 1, incident) != SQLITE_OK) {
		nw_error_set(err, NW_E_STORE, "read merge links: %s",
		    sqlite3_errmsg(nw_store_db(store)));
		goto out;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (sqlite3_column_int64(st, 0) == sqlite3_column_int64(st, 1))
			continue;
		if (n == cap) {
			cap = cap == 0 ? 8 : cap * 2;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		v[n].a = sqlite3_column_int64(st, 0);
		v[n].b = sqlite3_column_int64(st, 1);
		v[n].score = sqlite3_column_double(st, 2);
		v[n].why = nw_arena_strdup(a, mcol(st, 3) != NULL ?
		    mcol(st, 3) : "");
		n++;
	}
	if (step != SQLITE_DONE) {
		nw_error_set(err, NW_E_STORE, "read merge links: %s",
		    sqlite3_errmsg(nw_store_db(store)));
		goto out;
	}
	if (n > 0) {
		*lp = nw_arena_alloc(a, n * sizeof(**lp));
		memcpy(*lp, v, n * sizeof(*v));
	}
	*np = n;
	rc = 0;
out:
	free(v);
	sqlite3_finalize(st);
	return rc;
}
