/*
 * mergeeval - pairwise precision and recall of a store's incidents
 * against a labelled set (tests/data/merge/README).
 *
 *	mergeeval --db DB [--gold FILE] [--group FEED]... [--only FEED]...
 *	    [--name NAME] [--min-precision P] [--min-recall R] [-v]
 *
 * The universe is every report of the store (or of the --only feeds).
 * A report's gold incident is its label in a gold file (LABEL<TAB>KEY),
 * or for a --group feed the part of its native id before the first '/'
 * (EuRepoC: rows of one incident_ID are one incident), else the report
 * alone.  A pair of reports is gold-same when their labels are equal, and
 * predicted-same when the store put them into one incident; precision is
 * true pairs over predicted pairs, recall true pairs over gold pairs.
 * -v lists the pairs that differ, with the score merging gives them.
 * Exits 1 when precision or recall is below its minimum, 2 on errors.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "normwatch/merge.h"
#include "normwatch/refdata.h"
#include "normwatch/store.h"
#include "normwatch/util.h"

#define MAX_LIST	32
#define MAX_SHOWN	60

struct rep {
	int64_t		 id;
	char		*key;
	char		*feed;
	char		*label;
	int64_t		 incident;
};

struct gold {
	char	*key;
	char	*label;
};

static int
cmp_gold(const void *a, const void *b)
{
	return strcmp(((const struct gold *)a)->key,
	    ((const struct gold *)b)->key);
}

static int
cmp_label(const void *a, const void *b)
{
	const struct rep *x = *(const struct rep *const *)a;
	const struct rep *y = *(const struct rep *const *)b;
	int c = strcmp(x->label, y->label);

	if (c != 0)
		return c;
	return (x->incident > y->incident) - (x->incident < y->incident);
}

static int
cmp_incident(const void *a, const void *b)
{
	const struct rep *x = *(const struct rep *const *)a;
	const struct rep *y = *(const struct rep *const *)b;
	int c = (x->incident > y->incident) - (x->incident < y->incident);

	return c != 0 ? c : strcmp(x->label, y->label);
}

static int
in_list(char *const *l, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(l[i], s) == 0)
			return 1;
	return 0;
}

static double
pairs(double n)
{
	return n * (n - 1) / 2;
}

/* Every report as merging reads it, for -v and --near. */
struct one {
	int64_t			 id;
	struct nw_merge_report	 mr;
	struct nw_extract	 ex;
	char			*key, *title, *text, *url;
};

struct all {
	struct one		*v;
	size_t			 n, cap;
	struct nw_refdata	*ref;	/* state names, as ingest has them */
};

static int
grab(const struct nw_report_row *r, void *arg)
{
	struct all *a = arg;
	struct one *o;

	if (a->n == a->cap) {
		a->cap = a->cap == 0 ? 256 : a->cap * 2;
		a->v = xreallocarray(a->v, a->cap, sizeof(*a->v));
	}
	o = &a->v[a->n++];
	memset(o, 0, sizeof(*o));
	o->id = r->id;
	o->ex = r->ex;
	o->key = xasprintf("%s/%s", r->source, r->native_id);
	o->title = r->title != NULL ? xstrdup(r->title) : NULL;
	o->text = xstrndup(r->text, r->textlen);
	o->url = xstrdup(r->url != NULL ? r->url : "");
	o->mr.key = o->key;
	o->mr.first_seen = "";
	o->mr.date = r->date;
	o->mr.title = o->title;
	o->mr.text = o->text;
	o->mr.textlen = r->textlen;
	o->mr.url = o->url;
	o->mr.ref = a->ref;
	return 0;
}

static struct one *
find(struct all *a, int64_t id)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		if (a->v[i].id == id)
			return &a->v[i];
	return NULL;
}

/* The score merging gives a pair (feed URLs not known: none). */
static double
score(struct all *a, int64_t x, int64_t y, char why[NW_MERGE_WHY_MAX])
{
	struct one *p = find(a, x), *q = find(a, y);

	if (p == NULL || q == NULL)
		return -2;
	p->mr.ex = &p->ex;
	q->mr.ex = &q->ex;
	return nw_merge_pair_score(&p->mr, &q->mr, why);
}

static void
all_free(struct all *a)
{
	size_t i;

	for (i = 0; i < a->n; i++) {
		free(a->v[i].key);
		free(a->v[i].title);
		free(a->v[i].text);
		free(a->v[i].url);
	}
	free(a->v);
	nw_refdata_free(a->ref);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "gold", required_argument, NULL, 'g' },
		{ "group", required_argument, NULL, 'G' },
		{ "only", required_argument, NULL, 'o' },
		{ "name", required_argument, NULL, 'n' },
		{ "min-precision", required_argument, NULL, 'p' },
		{ "min-recall", required_argument, NULL, 'r' },
		{ "near", required_argument, NULL, 'N' },
		{ NULL, 0, NULL, 0 }
	};
	const char *db = NULL, *goldpath = NULL, *name = "merge";
	char *groups[MAX_LIST], *only[MAX_LIST], why[NW_MERGE_WHY_MAX];
	size_t ngroups = 0, nonly = 0, ngold = 0, cgold = 0, n = 0, cap = 0;
	size_t i, j, k, shown = 0;
	double minp = 0, minr = 0, gp = 0, pp = 0, tp = 0, prec, rec;
	double near = -1;
	struct all all = { NULL, 0, 0, NULL };
	struct gold *gold = NULL, key, *hit;
	struct rep *v = NULL, **by;
	struct nw_store *store = NULL;
	struct nw_error err;
	sqlite3_stmt *st = NULL;
	char *text = NULL, *line, *next, *tab;
	int c, verbose = 0, rc = 2;
	size_t len;

	while ((c = getopt_long(argc, argv, "v", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 'g':
			goldpath = optarg;
			break;
		case 'G':
			if (ngroups < MAX_LIST)
				groups[ngroups++] = optarg;
			break;
		case 'o':
			if (nonly < MAX_LIST)
				only[nonly++] = optarg;
			break;
		case 'n':
			name = optarg;
			break;
		case 'p':
			minp = strtod(optarg, NULL);
			break;
		case 'r':
			minr = strtod(optarg, NULL);
			break;
		case 'v':
			verbose = 1;
			break;
		case 'N':
			near = strtod(optarg, NULL);
			break;
		default:
			fprintf(stderr, "usage: mergeeval --db DB [--gold FILE] "
			    "[--group FEED]... [--only FEED]... [--name NAME] "
			    "[--min-precision P] [--min-recall R] [-v]\n");
			return 2;
		}
	}
	if (db == NULL) {
		fprintf(stderr, "mergeeval: --db is required\n");
		return 2;
	}
	nw_error_clear(&err);
	if (goldpath != NULL) {
		if ((text = nw_read_file(goldpath, 16u << 20, &len,
		    &err)) == NULL) {
			fprintf(stderr, "mergeeval: %s: %s\n", goldpath, err.msg);
			goto out;
		}
		for (line = text; line != NULL && *line != '\0'; line = next) {
			if ((next = strchr(line, '\n')) != NULL)
				*next++ = '\0';
			if (*line == '#' || *line == '\0')
				continue;
			if ((tab = strchr(line, '\t')) == NULL) {
				fprintf(stderr, "mergeeval: %s: no tab in \"%s\"\n",
				    goldpath, line);
				goto out;
			}
			*tab = '\0';
			if (ngold == cgold) {
				cgold = cgold == 0 ? 256 : cgold * 2;
				gold = xreallocarray(gold, cgold, sizeof(*gold));
			}
			gold[ngold].label = line;
			gold[ngold].key = tab + 1;
			ngold++;
		}
		qsort(gold, ngold, sizeof(*gold), cmp_gold);
	}
	if ((store = nw_store_open(db, NW_STORE_RO, &err)) == NULL) {
		fprintf(stderr, "mergeeval: %s: %s\n", db, err.msg);
		goto out;
	}
	if (sqlite3_prepare_v2(nw_store_db(store), "SELECT r.id, s.name,"
	    " r.native_id, ir.incident_id FROM report r JOIN source s ON"
	    " s.id = r.source_id JOIN incident_report ir ON"
	    " ir.report_id = r.id ORDER BY r.id", -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "mergeeval: %s\n",
		    sqlite3_errmsg(nw_store_db(store)));
		goto out;
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *feed = (const char *)sqlite3_column_text(st, 1);
		const char *nid = (const char *)sqlite3_column_text(st, 2);
		struct rep *r;

		if (nonly > 0 && !in_list(only, nonly, feed))
			continue;
		if (n == cap) {
			cap = cap == 0 ? 1024 : cap * 2;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		r = &v[n++];
		r->id = sqlite3_column_int64(st, 0);
		r->feed = xstrdup(feed);
		r->key = xasprintf("%s/%s", feed, nid);
		r->incident = sqlite3_column_int64(st, 3);
		key.key = r->key;
		hit = ngold > 0 ? bsearch(&key, gold, ngold, sizeof(*gold),
		    cmp_gold) : NULL;
		if (hit != NULL)
			r->label = xasprintf("gold:%s", hit->label);
		else if (in_list(groups, ngroups, feed))
			r->label = xasprintf("group:%s/%.*s", feed,
			    (int)strcspn(nid, "/"), nid);
		else
			r->label = xasprintf("alone:%s", r->key);
	}
	sqlite3_finalize(st);
	st = NULL;

	if ((verbose || near > -1) && getenv("NORMWATCH_DATADIR") != NULL) {
		char *dir = xasprintf("%s/reference",
		    getenv("NORMWATCH_DATADIR"));

		all.ref = nw_refdata_load(dir, &err);
		free(dir);
	}
	if ((verbose || near > -1) &&
	    nw_store_each_report(store, NULL, grab, &all, &err) != 0) {
		fprintf(stderr, "mergeeval: %s\n", err.msg);
		goto out;
	}
	/* the pairs of different gold incidents that score near an edge */
	for (i = 0; near > -1 && i < n; i++)
		for (j = i + 1; j < n; j++) {
			double sc;

			if (strcmp(v[i].label, v[j].label) == 0 ||
			    strcmp(v[i].feed, v[j].feed) == 0)
				continue;
			why[0] = '\0';
			sc = score(&all, v[i].id, v[j].id, why);
			if (sc >= near)
				printf("# near: %s | %s: %.3f %s\n", v[i].key,
				    v[j].key, sc, why);
		}
	by = xcalloc(n > 0 ? n : 1, sizeof(*by));
	for (i = 0; i < n; i++)
		by[i] = &v[i];
	/* gold pairs and true pairs: runs of equal labels */
	qsort(by, n, sizeof(*by), cmp_label);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && strcmp(by[j]->label, by[i]->label) == 0;
		    j++)
			;
		gp += pairs((double)(j - i));
		for (k = i; k < j; ) {
			size_t m = k;

			while (m < j && by[m]->incident == by[k]->incident)
				m++;
			tp += pairs((double)(m - k));
			k = m;
		}
		if (!verbose)
			continue;
		for (k = i; k < j; k++) {
			size_t m;

			for (m = k + 1; m < j; m++) {
				if (by[m]->incident == by[k]->incident ||
				    shown >= MAX_SHOWN)
					continue;
				shown++;
				why[0] = '\0';
				printf("# missed: %s | %s: %.3f %s\n", by[k]->key,
				    by[m]->key, score(&all, by[k]->id, by[m]->id,
				    why), why);
			}
		}
	}
	/* predicted pairs: runs of equal incidents */
	qsort(by, n, sizeof(*by), cmp_incident);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && by[j]->incident == by[i]->incident; j++)
			;
		pp += pairs((double)(j - i));
		if (!verbose)
			continue;
		for (k = i; k < j; k++) {
			size_t m;

			for (m = k + 1; m < j; m++) {
				if (strcmp(by[m]->label, by[k]->label) == 0 ||
				    shown >= 2 * MAX_SHOWN)
					continue;
				shown++;
				why[0] = '\0';
				printf("# wrong: %s | %s: %.3f %s\n", by[k]->key,
				    by[m]->key, score(&all, by[k]->id, by[m]->id,
				    why), why);
			}
		}
	}
	free(by);
	prec = pp > 0 ? tp / pp : 1.0;
	rec = gp > 0 ? tp / gp : 1.0;
	printf("%s: %zu reports, %.0f gold pairs, %.0f predicted pairs, %.0f "
	    "true: precision %.4f, recall %.4f\n", name, n, gp, pp, tp, prec,
	    rec);
	rc = prec + 1e-12 >= minp && rec + 1e-12 >= minr ? 0 : 1;
out:
	sqlite3_finalize(st);
	nw_store_close(store);
	for (i = 0; i < n; i++) {
		free(v[i].key);
		free(v[i].feed);
		free(v[i].label);
	}
	free(v);
	free(gold);
	free(text);
	all_free(&all);
	return rc;
}
