/*
 * eval.c - scoring extraction against a coded (gold) JSONL file.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "normwatch/date.h"
#include "normwatch/eval.h"
#include "normwatch/limits.h"
#include "normwatch/text.h"
#include "normwatch/util.h"

struct nw_gold {
	struct nw_arena		*arena;
	struct nw_gold_entry	*entries;
	size_t			 n;
};

/* --- loading -------------------------------------------------------------- */

struct loader {
	const char	*path;
	long		 line;
	struct nw_arena	*arena;
};

static int
field_error(struct loader *ld, struct nw_error *err, const char *jpath,
    const char *msg)
{
	nw_error_where(err, NULL, ld->path);
	nw_error_at_line(err, ld->line, 0);
	if (jpath != NULL)
		nw_strlcpy(err->path, jpath, sizeof(err->path));
	return nw_error_set(err, NW_E_PARSE, "%s", msg);
}

/* A string member, or NULL with an error (missing or not a string). */
static const char *
get_string(struct loader *ld, json_object *o, const char *key,
    const char *jpath, size_t *len, struct nw_error *err)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string)) {
		field_error(ld, err, jpath, "missing or not a string");
		return NULL;
	}
	if (len != NULL)
		*len = (size_t)json_object_get_string_len(v);
	return json_object_get_string(v);
}

static json_object *
get_array(struct loader *ld, json_object *o, const char *key,
    const char *jpath, struct nw_error *err)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_array)) {
		field_error(ld, err, jpath, "missing or not an array");
		return NULL;
	}
	return v;
}

static int
is_iso2(const char *s)
{
	return s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' &&
	    s[2] == '\0';
}

static int
load_attribution(struct loader *ld, json_object *o, struct nw_extract *ex,
    struct nw_error *err)
{
	json_object *arr;
	char jp[64];
	size_t i, n;

	arr = get_array(ld, o, "attribution", "$.attribution", err);
	if (arr == NULL)
		return -1;
	n = json_object_array_length(arr);
	if (n > NW_MAX_ATTRIB)
		return field_error(ld, err, "$.attribution",
		    "more than NW_MAX_ATTRIB items");
	for (i = 0; i < n; i++) {
		json_object *a = json_object_array_get_idx(arr, i);
		struct nw_attribution *at = &ex->attr[ex->nattr];
		const char *s;

		snprintf(jp, sizeof(jp), "$.attribution[%zu]", i);
		if (!json_object_is_type(a, json_type_object))
			return field_error(ld, err, jp, "not an object");
		snprintf(jp, sizeof(jp), "$.attribution[%zu].state", i);
		s = get_string(ld, a, "state", jp, NULL, err);
		if (s == NULL)
			return -1;
		if (!is_iso2(s))
			return field_error(ld, err, jp,
			    "not an ISO 3166-1 alpha-2 code");
		memcpy(at->state, s, 3);
		snprintf(jp, sizeof(jp), "$.attribution[%zu].hedge", i);
		s = get_string(ld, a, "hedge", jp, NULL, err);
		if (s == NULL)
			return -1;
		if (nw_hedge_from_name(s, &at->hedge) == -1)
			return field_error(ld, err, jp, "unknown hedge");
		snprintf(jp, sizeof(jp), "$.attribution[%zu].by", i);
		s = get_string(ld, a, "by", jp, NULL, err);
		if (s == NULL)
			return -1;
		if (nw_party_from_name(s, &at->by) == -1)
			return field_error(ld, err, jp, "unknown party");
		ex->nattr++;
	}
	return 0;
}

static int
load_lists(struct loader *ld, json_object *o, struct nw_gold_entry *e,
    struct nw_error *err)
{
	json_object *arr, *v;
	char jp[64];
	size_t i, n;

	/* actors */
	arr = get_array(ld, o, "actors", "$.actors", err);
	if (arr == NULL)
		return -1;
	n = json_object_array_length(arr);
	if (n > NW_MAX_ACTORS)
		return field_error(ld, err, "$.actors",
		    "more than NW_MAX_ACTORS items");
	for (i = 0; i < n; i++) {
		v = json_object_array_get_idx(arr, i);
		snprintf(jp, sizeof(jp), "$.actors[%zu]", i);
		if (!json_object_is_type(v, json_type_string))
			return field_error(ld, err, jp, "not a string");
		if ((size_t)json_object_get_string_len(v) >=
		    NW_MAX_ACTOR_NAME)
			return field_error(ld, err, jp,
			    "longer than NW_MAX_ACTOR_NAME");
		nw_strlcpy(e->coded.actors[e->coded.nactors++].name,
		    json_object_get_string(v), NW_MAX_ACTOR_NAME);
	}
	/* victim states */
	arr = get_array(ld, o, "victim_states", "$.victim_states", err);
	if (arr == NULL)
		return -1;
	n = json_object_array_length(arr);
	if (n > NW_MAX_VICTIMS)
		return field_error(ld, err, "$.victim_states",
		    "more than NW_MAX_VICTIMS items");
	for (i = 0; i < n; i++) {
		v = json_object_array_get_idx(arr, i);
		snprintf(jp, sizeof(jp), "$.victim_states[%zu]", i);
		if (!json_object_is_type(v, json_type_string) ||
		    !is_iso2(json_object_get_string(v)))
			return field_error(ld, err, jp,
			    "not an ISO 3166-1 alpha-2 code");
		memcpy(e->coded.victims[e->coded.nvictims++],
		    json_object_get_string(v), 3);
	}
	/* sectors */
	arr = get_array(ld, o, "sectors", "$.sectors", err);
	if (arr == NULL)
		return -1;
	n = json_object_array_length(arr);
	for (i = 0; i < n; i++) {
		enum nw_sector sec;

		v = json_object_array_get_idx(arr, i);
		snprintf(jp, sizeof(jp), "$.sectors[%zu]", i);
		if (!json_object_is_type(v, json_type_string) ||
		    nw_sector_from_name(json_object_get_string(v), &sec) == -1)
			return field_error(ld, err, jp, "unknown sector");
		e->coded.sectors |= 1u << sec;
	}
	/* principles */
	arr = get_array(ld, o, "principles", "$.principles", err);
	if (arr == NULL)
		return -1;
	n = json_object_array_length(arr);
	for (i = 0; i < n; i++) {
		int64_t p;

		v = json_object_array_get_idx(arr, i);
		snprintf(jp, sizeof(jp), "$.principles[%zu]", i);
		if (!json_object_is_type(v, json_type_int))
			return field_error(ld, err, jp, "not an integer");
		p = json_object_get_int64(v);
		if (p < 1 || p > NW_PRINCIPLES)
			return field_error(ld, err, jp,
			    "not a principle number (1-9)");
		e->principles |= 1u << (p - 1);
	}
	return 0;
}

static int
load_entry(struct loader *ld, json_object *o, struct nw_gold_entry *e,
    struct nw_error *err)
{
	const char *s;
	size_t len;
	struct nw_date d;

	if (!json_object_is_type(o, json_type_object))
		return field_error(ld, err, "$", "not an object");
	e->line = ld->line;
	s = get_string(ld, o, "id", "$.id", &len, err);
	if (s == NULL)
		return -1;
	if (len == 0 || len > 256)
		return field_error(ld, err, "$.id", "empty or too long");
	e->id = nw_arena_strndup(ld->arena, s, len);
	s = get_string(ld, o, "date", "$.date", &len, err);
	if (s == NULL)
		return -1;
	if (len >= sizeof(e->date) ||
	    (len > 0 && nw_date_parse_iso(s, &d) == -1))
		return field_error(ld, err, "$.date", "not a date");
	memcpy(e->date, s, len + 1);
	s = get_string(ld, o, "sponsorship", "$.sponsorship", NULL, err);
	if (s == NULL)
		return -1;
	if (nw_sponsor_from_name(s, &e->coded.sponsorship) == -1)
		return field_error(ld, err, "$.sponsorship",
		    "unknown sponsorship");
	s = get_string(ld, o, "text", "$.text", &len, err);
	if (s == NULL)
		return -1;
	if (len > NW_DEF_MAX_ENTRY_LEN)
		return field_error(ld, err, "$.text",
		    "longer than NW_DEF_MAX_ENTRY_LEN");
	if (memchr(s, '\0', len) != NULL)
		return field_error(ld, err, "$.text", "contains NUL");
	e->text = nw_arena_strndup(ld->arena, s, len);
	e->textlen = len;
	if (load_attribution(ld, o, &e->coded, err) == -1 ||
	    load_lists(ld, o, e, err) == -1)
		return -1;
	return 0;
}

struct nw_gold *
nw_gold_load(const char *path, struct nw_error *err)
{
	struct nw_gold *g;
	struct loader ld;
	json_tokener *tok = NULL;
	char *data;
	size_t len, pos = 0, cap = 0;

	data = nw_read_file(path, NW_MAX_DATA_FILE, &len, err);
	if (data == NULL)
		return NULL;
	g = xcalloc(1, sizeof(*g));
	g->arena = nw_arena_new();
	memset(&ld, 0, sizeof(ld));
	ld.path = path;
	ld.arena = g->arena;
	tok = json_tokener_new_ex(NW_MAX_GOLD_DEPTH);
	if (tok == NULL) {
		nw_error_set(err, NW_E_INTERNAL, "json_tokener_new_ex failed");
		goto fail;
	}
	while (pos < len) {
		const char *s = data + pos, *nl;
		size_t n, bad;
		json_object *o;
		enum json_tokener_error jerr;
		int rc;

		nl = memchr(s, '\n', len - pos);
		n = nl != NULL ? (size_t)(nl - s) : len - pos;
		pos += n + (nl != NULL);
		ld.line++;
		while (n > 0 && (s[n - 1] == '\r' || s[n - 1] == ' ' ||
		    s[n - 1] == '\t'))
			n--;
		if (n == 0)
			continue;
		if (n > NW_MAX_GOLD_LINE) {
			field_error(&ld, err, NULL,
			    "line longer than NW_MAX_GOLD_LINE bytes");
			err->code = NW_E_LIMIT;
			goto fail;
		}
		if (nw_utf8_check(s, n, &bad) == -1) {
			field_error(&ld, err, NULL, "not valid UTF-8");
			err->code = NW_E_DATA;
			err->col = (long)bad + 1;
			goto fail;
		}
		if (g->n == NW_DEF_MAX_ENTRIES) {
			field_error(&ld, err, NULL,
			    "more than NW_DEF_MAX_ENTRIES entries");
			err->code = NW_E_LIMIT;
			goto fail;
		}
		json_tokener_reset(tok);
		o = json_tokener_parse_ex(tok, s, (int)n);
		jerr = json_tokener_get_error(tok);
		if (o == NULL || jerr != json_tokener_success ||
		    json_tokener_get_parse_end(tok) != n) {
			const char *why = "text after the JSON value";

			if (jerr == json_tokener_continue)
				jerr = json_tokener_error_parse_eof;
			if (o == NULL || jerr != json_tokener_success)
				why = json_tokener_error_desc(jerr);

			json_object_put(o);
			nw_error_where(err, NULL, path);
			nw_error_at_line(err, ld.line, 0);
			nw_error_set(err, NW_E_PARSE, "bad JSON: %s", why);
			goto fail;
		}
		if (g->n == cap) {
			cap = cap ? cap * 2 : 64;
			g->entries = xreallocarray(g->entries, cap,
			    sizeof(*g->entries));
		}
		memset(&g->entries[g->n], 0, sizeof(g->entries[g->n]));
		rc = load_entry(&ld, o, &g->entries[g->n], err);
		json_object_put(o);
		if (rc == -1)
			goto fail;
		g->n++;
	}
	json_tokener_free(tok);
	free(data);
	return g;
fail:
	if (tok != NULL)
		json_tokener_free(tok);
	free(data);
	nw_gold_free(g);
	return NULL;
}

void
nw_gold_free(struct nw_gold *g)
{
	if (g == NULL)
		return;
	free(g->entries);
	nw_arena_free(g->arena);
	free(g);
}

size_t
nw_gold_count(const struct nw_gold *g)
{
	return g->n;
}

const struct nw_gold_entry *
nw_gold_entry_at(const struct nw_gold *g, size_t i)
{
	return i < g->n ? &g->entries[i] : NULL;
}

/* --- scores --------------------------------------------------------------- */

double
nw_count_precision(const struct nw_count *c)
{
	if (c->tp + c->fp == 0)
		return 1.0;
	return (double)c->tp / (double)(c->tp + c->fp);
}

double
nw_count_recall(const struct nw_count *c)
{
	if (c->tp + c->fn == 0)
		return 1.0;
	return (double)c->tp / (double)(c->tp + c->fn);
}

double
nw_count_f1(const struct nw_count *c)
{
	double p = nw_count_precision(c), r = nw_count_recall(c);

	return p + r == 0.0 ? 0.0 : 2.0 * p * r / (p + r);
}

double
nw_ratio_value(const struct nw_ratio *r)
{
	return r->total == 0 ? 1.0 : (double)r->right / (double)r->total;
}

/* Actor names compare without case, punctuation, spaces or a leading "the". */
static void
actor_key(const char *s, char *out, size_t sz)
{
	size_t n = 0;

	if (nw_strncaseeq(s, "the ", 4))
		s += 4;
	for (; *s != '\0' && n + 1 < sz; s++) {
		unsigned char c = (unsigned char)*s;

		if (c >= 'A' && c <= 'Z')
			out[n++] = (char)(c - 'A' + 'a');
		else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c >= 0x80)
			out[n++] = (char)c;
	}
	out[n] = '\0';
}

static const struct nw_attribution *
find_attr(const struct nw_extract *ex, const char *state)
{
	size_t i;

	for (i = 0; i < ex->nattr; i++)
		if (strcmp(ex->attr[i].state, state) == 0)
			return &ex->attr[i];
	return NULL;
}

static int
has_victim(const struct nw_extract *ex, const char *state)
{
	size_t i;

	for (i = 0; i < ex->nvictims; i++)
		if (strcmp(ex->victims[i], state) == 0)
			return 1;
	return 0;
}

static int
has_actor(const struct nw_extract *ex, const char *key)
{
	char k[NW_MAX_ACTOR_NAME];
	size_t i;

	for (i = 0; i < ex->nactors; i++) {
		actor_key(ex->actors[i].name, k, sizeof(k));
		if (strcmp(k, key) == 0)
			return 1;
	}
	return 0;
}

#define MISS(...) do {							\
	if (misses != NULL) {						\
		fprintf(misses, "%s: ", g->id);				\
		fprintf(misses, __VA_ARGS__);				\
		fputc('\n', misses);					\
	}								\
} while (0)

static void
eval_date(const struct nw_gold_entry *g, const struct nw_date *date,
    struct nw_eval_scores *sc, FILE *misses)
{
	char got[16];
	size_t glen = strlen(g->date);
	int ok;

	nw_date_format(date, got);
	if (glen == 7)		/* coded to the month: a day is fine too */
		ok = date->prec >= NW_PREC_MONTH &&
		    strncmp(got, g->date, 7) == 0;
	else
		ok = strcmp(got, g->date) == 0;
	sc->date.total++;
	if (ok)
		sc->date.right++;
	else
		MISS("date: coded %s, read \"%s\"", g->date, got);
}

static void
eval_attr(const struct nw_gold_entry *g, const struct nw_extract *pred,
    struct nw_eval_scores *sc, FILE *misses)
{
	const struct nw_extract *gold = &g->coded;
	size_t i;

	for (i = 0; i < gold->nattr; i++) {
		const struct nw_attribution *ga = &gold->attr[i], *pa;

		pa = find_attr(pred, ga->state);
		if (pa == NULL) {
			sc->attr.fn++;
			MISS("attribution: missed %s (%s, %s)", ga->state,
			    nw_hedge_name(ga->hedge), nw_party_name(ga->by));
			continue;
		}
		sc->attr.tp++;
		sc->hedge.total++;
		sc->party.total++;
		if (pa->hedge == ga->hedge)
			sc->hedge.right++;
		else
			MISS("hedge: %s coded %s, read %s", ga->state,
			    nw_hedge_name(ga->hedge), nw_hedge_name(pa->hedge));
		if (pa->by == ga->by)
			sc->party.right++;
		else
			MISS("by: %s coded %s, read %s", ga->state,
			    nw_party_name(ga->by), nw_party_name(pa->by));
	}
	for (i = 0; i < pred->nattr; i++)
		if (find_attr(gold, pred->attr[i].state) == NULL) {
			sc->attr.fp++;
			MISS("attribution: extra %s (%s, %s)",
			    pred->attr[i].state,
			    nw_hedge_name(pred->attr[i].hedge),
			    nw_party_name(pred->attr[i].by));
		}
}

static void
eval_victims(const struct nw_gold_entry *g, const struct nw_extract *pred,
    struct nw_eval_scores *sc, FILE *misses)
{
	size_t i;

	for (i = 0; i < g->coded.nvictims; i++) {
		if (has_victim(pred, g->coded.victims[i]))
			sc->victims.tp++;
		else {
			sc->victims.fn++;
			MISS("victim: missed %s", g->coded.victims[i]);
		}
	}
	for (i = 0; i < pred->nvictims; i++)
		if (!has_victim(&g->coded, pred->victims[i])) {
			sc->victims.fp++;
			MISS("victim: extra %s", pred->victims[i]);
		}
}

static void
eval_actors(const struct nw_gold_entry *g, const struct nw_extract *pred,
    struct nw_eval_scores *sc, FILE *misses)
{
	char k[NW_MAX_ACTOR_NAME];
	size_t i;

	for (i = 0; i < g->coded.nactors; i++) {
		actor_key(g->coded.actors[i].name, k, sizeof(k));
		if (has_actor(pred, k))
			sc->actors.tp++;
		else {
			sc->actors.fn++;
			MISS("actor: missed \"%s\"", g->coded.actors[i].name);
		}
	}
	for (i = 0; i < pred->nactors; i++) {
		actor_key(pred->actors[i].name, k, sizeof(k));
		if (!has_actor(&g->coded, k)) {
			sc->actors.fp++;
			MISS("actor: extra \"%s\"", pred->actors[i].name);
		}
	}
}

static void
eval_sectors(const struct nw_gold_entry *g, const struct nw_extract *pred,
    struct nw_eval_scores *sc, FILE *misses)
{
	int s;

	for (s = 0; s < NW_SECTOR_COUNT; s++) {
		uint32_t bit = 1u << s;
		int in_gold = (g->coded.sectors & bit) != 0;
		int in_pred = (pred->sectors & bit) != 0;

		if (in_gold && in_pred)
			sc->sectors.tp++;
		else if (in_gold) {
			sc->sectors.fn++;
			MISS("sector: missed %s", nw_sector_name(s));
		} else if (in_pred) {
			sc->sectors.fp++;
			MISS("sector: extra %s", nw_sector_name(s));
		}
	}
}

void
nw_eval_entry(const struct nw_gold_entry *g, const struct nw_date *date,
    const struct nw_extract *pred, struct nw_eval_scores *sc, FILE *misses)
{
	sc->entries++;
	eval_date(g, date, sc, misses);
	eval_attr(g, pred, sc, misses);
	eval_actors(g, pred, sc, misses);
	sc->sponsorship.total++;
	if (pred->sponsorship == g->coded.sponsorship)
		sc->sponsorship.right++;
	else
		MISS("sponsorship: coded %s, read %s",
		    nw_sponsor_name(g->coded.sponsorship),
		    nw_sponsor_name(pred->sponsorship));
	eval_victims(g, pred, sc, misses);
	eval_sectors(g, pred, sc, misses);
}

void
nw_eval_principles(const struct nw_gold_entry *g, uint32_t found,
    struct nw_eval_scores *sc, FILE *misses)
{
	uint32_t bit;
	int p;

	for (p = 0; p < NW_PRINCIPLES; p++) {
		bit = 1u << p;
		if ((g->principles & bit) && (found & bit)) {
			sc->principles.tp++;
			sc->principle[p].tp++;
		} else if (found & bit) {
			sc->principles.fp++;
			sc->principle[p].fp++;
			MISS("principle %d: found, not coded", p + 1);
		} else if (g->principles & bit) {
			sc->principles.fn++;
			sc->principle[p].fn++;
			MISS("principle %d: coded, not found", p + 1);
		}
	}
}

/* The Paris Call principles (bit n-1 for n) the rules find for one text. */
static uint32_t
map_principles(struct nw_mapper *m, const char *text, size_t len,
    const struct nw_extract *ex, const struct nw_date *date,
    unsigned long *errors)
{
	const struct nw_map_result *res;
	struct nw_map_report rep = { text, len, ex };
	struct nw_map_input in = { &rep, 1, *date };
	struct nw_error err;
	long long n;
	uint32_t found = 0;
	size_t i;

	nw_error_clear(&err);
	if (nw_mapper_run(m, &in, 0, &res, &err) == -1) {
		(*errors)++;
		return 0;
	}
	for (i = 0; i < res->nfindings; i++) {
		if (strcmp(res->findings[i].framework->id, NW_EVAL_FRAMEWORK) != 0)
			continue;
		if (nw_parse_ll(res->findings[i].principle->id, 1, NW_PRINCIPLES,
		    &n) == 0)
			found |= 1u << (n - 1);
	}
	*errors += res->nwarnings_total;
	return found;
}

/* --- the run -------------------------------------------------------------- */

static double
now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
current_year(void)
{
	time_t t = time(NULL);
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL)
		return 2100;
	return tm.tm_year + 1900;
}

/* Normalize every text, then rejoin split words with the file's lexicon. */
static char **
prepare_texts(const struct nw_gold *g, const char *path, size_t **lens,
    struct nw_error *err)
{
	struct nw_lexicon *lex = nw_lexicon_new();
	struct nw_buf b;
	char **norm, **out = NULL;
	size_t i, n = g->n, bad;

	norm = xcalloc(n ? n : 1, sizeof(*norm));
	*lens = xcalloc(n ? n : 1, sizeof(**lens));
	nw_buf_init(&b, NW_DEF_MAX_ENTRY_LEN * 2);
	for (i = 0; i < n; i++) {
		const struct nw_gold_entry *e = &g->entries[i];

		if (nw_utf8_check(e->text, e->textlen, &bad) == -1 ||
		    nw_text_normalize(e->text, e->textlen, &b) == -1) {
			nw_error_where(err, NULL, path);
			nw_error_at_line(err, e->line, 0);
			nw_strlcpy(err->path, "$.text", sizeof(err->path));
			nw_error_set(err, NW_E_DATA,
			    "text is not valid UTF-8 or too long");
			goto out;
		}
		norm[i] = xstrndup(b.data != NULL ? b.data : "", b.len);
		nw_lexicon_add_text(lex, norm[i], b.len);
	}
	out = xcalloc(n ? n : 1, sizeof(*out));
	for (i = 0; i < n; i++) {
		if (nw_text_rejoin(norm[i], strlen(norm[i]), lex, &b) == -1) {
			nw_error_where(err, NULL, path);
			nw_error_at_line(err, g->entries[i].line, 0);
			nw_error_set(err, NW_E_LIMIT, "text too long");
			while (i > 0)
				free(out[--i]);
			free(out);
			out = NULL;
			goto out;
		}
		out[i] = xstrndup(b.data != NULL ? b.data : "", b.len);
		(*lens)[i] = b.len;
	}
out:
	for (i = 0; i < n; i++)
		free(norm[i]);
	free(norm);
	nw_buf_free(&b);
	nw_lexicon_free(lex);
	if (out == NULL) {
		free(*lens);
		*lens = NULL;
	}
	return out;
}

int
nw_eval_run(const char *gold_path, struct nw_extractor *x, FILE *out,
    int flags, struct nw_eval_scores *sc, struct nw_error *err)
{
	return nw_eval_run_norms(gold_path, x, NULL, out, flags, sc, err);
}

int
nw_eval_run_norms(const char *gold_path, struct nw_extractor *x,
    struct nw_mapper *mapper, FILE *out, int flags,
    struct nw_eval_scores *sc, struct nw_error *err)
{
	struct nw_gold *g;
	struct nw_extract ex;
	char **texts = NULL;
	size_t *lens = NULL, i;
	int max_year = current_year() + 1, rc = -1;

	memset(sc, 0, sizeof(*sc));
	g = nw_gold_load(gold_path, err);
	if (g == NULL)
		return -1;
	texts = prepare_texts(g, gold_path, &lens, err);
	if (texts == NULL)
		goto out;
	if (out != NULL && (flags & NW_EVAL_MISSES))
		fprintf(out, "# differences (coded vs read), by entry\n");
	for (i = 0; i < g->n; i++) {
		struct nw_date date;
		struct nw_error xerr;
		size_t used = 0;
		double t0;

		memset(&date, 0, sizeof(date));
		if (nw_datemark_parse(texts[i], lens[i], max_year, &date,
		    &used) != NW_DATEMARK_OK)
			memset(&date, 0, sizeof(date));
		nw_error_clear(&xerr);
		t0 = now_seconds();
		if (nw_extract(x, texts[i], lens[i], &ex, &xerr) == -1)
			sc->extract_errors++;
		sc->extract_seconds += now_seconds() - t0;
		nw_eval_entry(&g->entries[i], &date, &ex, sc,
		    (flags & NW_EVAL_MISSES) ? out : NULL);
		if (mapper != NULL) {
			uint32_t found;

			t0 = now_seconds();
			found = map_principles(mapper, texts[i], lens[i], &ex,
			    &date, &sc->map_errors);
			sc->map_seconds += now_seconds() - t0;
			sc->mapped++;
			nw_eval_principles(&g->entries[i], found, sc,
			    (flags & NW_EVAL_MISSES) ? out : NULL);
		}
	}
	if (out != NULL)
		nw_eval_print(out, sc);
	rc = 0;
out:
	if (texts != NULL)
		for (i = 0; i < g->n; i++)
			free(texts[i]);
	free(texts);
	free(lens);
	nw_gold_free(g);
	return rc;
}

static void
print_count(FILE *f, const char *name, const struct nw_count *c)
{
	fprintf(f, "%-22s P %.3f  R %.3f  F1 %.3f  (tp %lu, fp %lu, fn %lu)\n",
	    name, nw_count_precision(c), nw_count_recall(c), nw_count_f1(c),
	    c->tp, c->fp, c->fn);
}

static void
print_ratio(FILE *f, const char *name, const struct nw_ratio *r)
{
	fprintf(f, "%-22s accuracy %.3f  (%lu of %lu)\n", name,
	    nw_ratio_value(r), r->right, r->total);
}

void
nw_eval_print(FILE *f, const struct nw_eval_scores *sc)
{
	int p;

	fprintf(f, "# scores over %lu coded entries\n", sc->entries);
	print_ratio(f, "date", &sc->date);
	print_count(f, "attributed states", &sc->attr);
	print_ratio(f, "hedge", &sc->hedge);
	print_ratio(f, "party (by)", &sc->party);
	print_count(f, "victim states", &sc->victims);
	print_count(f, "actors", &sc->actors);
	print_ratio(f, "sponsorship", &sc->sponsorship);
	print_count(f, "sectors", &sc->sectors);
	if (sc->mapped > 0 ||
	    sc->principles.tp + sc->principles.fp + sc->principles.fn > 0) {
		double macro = 0;
		int np = 0;

		print_count(f, "principles (micro)", &sc->principles);
		for (p = 0; p < NW_PRINCIPLES; p++) {
			const struct nw_count *c = &sc->principle[p];
			char name[32];

			snprintf(name, sizeof(name), "  principle %d", p + 1);
			print_count(f, name, c);
			if (c->tp + c->fp + c->fn > 0) {
				macro += nw_count_f1(c);
				np++;
			}
		}
		fprintf(f, "%-22s F1 %.3f  (over the %d principles coded or "
		    "found)\n", "principles (macro)", np > 0 ?
		    macro / np : 1.0, np);
	}
	if (sc->entries > 0)
		fprintf(f, "%-22s %.2f us per entry (%lu errors)\n",
		    "extraction time", sc->extract_seconds * 1e6 /
		    (double)sc->entries, sc->extract_errors);
	if (sc->mapped > 0)
		fprintf(f, "%-22s %.2f us per entry (%lu warnings or errors)\n",
		    "mapping time", sc->map_seconds * 1e6 /
		    (double)sc->mapped, sc->map_errors);
}
