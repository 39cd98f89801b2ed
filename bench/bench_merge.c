/*
 * bench_merge.c - merging at scale: N generated reports (default 100,000)
 * of incidents told by one to four of six sources, merged
 *
 *  1. in memory (nw_merge_set: features, blocking, scoring, clustering),
 *     best of R rounds, with the pairwise precision and recall against
 *     the generator's incidents; and
 *  2. in a store (nw_merge_all, what `normwatch merge` does without
 *     mapping: features, blocks and edges saved, incidents made), the
 *     reports written first through the store API (not timed), each an
 *     incident of its own as a store merged by nothing would hold them.
 *
 * The generator is deterministic.  An incident has a date (ten years), a
 * victim state (skewed: a quarter are the United States), a sector, in
 * most cases an actor (eighty names, skewed) and an accused state, and
 * particulars of its own: a place, an organisation, a malware name, a
 * number.  Each source tells it in its own words and form (a list by the
 * month, a wire a day or two later, a tracker with a title, ...), so the
 * same month holds many incidents against one victim by one actor: the
 * blocks are realistic, and so are the near misses.
 *
 *	bench/bench_merge [-n N] [-r ROUNDS] [-s] [-o DB]
 *
 * -s skips the store; -o names the store (default: a temporary file).
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "normwatch/feed.h"
#include "normwatch/log.h"
#include "normwatch/merge.h"
#include "normwatch/refdata.h"
#include "normwatch/report.h"
#include "normwatch/store.h"
#include "normwatch/util.h"

#define SOURCES		6
#define ACTORS		80
#define TEXT_MAX	700

/* State names, from $NORMWATCH_DATADIR/reference when it is there. */
static struct nw_refdata *ref;

static const char *const victims[] = {
	"US", "US", "US", "US", "US", "UA", "UA", "GB", "DE", "FR", "JP",
	"KR", "TW", "IL", "PL", "IT", "NL", "CA", "AU", "IN", "SA", "AE",
	"BR", "MX", "ES", "SE", "NO", "EE", "CZ", "BE"
};
static const char *const countries[] = {
	"the United States", "the United States", "the United States",
	"the United States", "the United States", "Ukraine", "Ukraine",
	"Britain", "Germany", "France", "Japan", "South Korea", "Taiwan",
	"Israel", "Poland", "Italy", "the Netherlands", "Canada", "Australia",
	"India", "Saudi Arabia", "the United Arab Emirates", "Brazil",
	"Mexico", "Spain", "Sweden", "Norway", "Estonia", "Czechia",
	"Belgium"
};
static const char *const accused[] = { "RU", "CN", "IR", "KP", "RU", "CN" };
static const char *const accused_adj[] = {
	"Russian", "Chinese", "Iranian", "North Korean", "Russian", "Chinese"
};
static const char *const sectors[] = {
	"ministry", "hospital", "power utility", "water utility", "bank",
	"telecom operator", "university", "port", "airline", "refinery",
	"newspaper", "election commission"
};
static const char *const attacks[][3] = {
	{ "wiped", "destructive malware erased", "data destruction at" },
	{ "encrypted", "ransomware crippled", "ransomware attack on" },
	{ "spied on", "espionage campaign reached", "intrusion into" },
	{ "knocked offline", "DDoS attacks disrupted", "denial of service at" },
	{ "stole data from", "a breach exposed files of", "data theft at" },
};
static const char *const syll[] = {
	"ka", "ro", "vel", "mar", "tis", "dun", "bre", "sol", "ar", "en",
	"qu", "lo", "zan", "pe", "ri", "gor", "um", "fa", "li", "do"
};

struct bench_report {
	struct nw_merge_report	 m;
	struct nw_report	 r;
	char			 key[48];
	char			 native[32];
	char			 url[96];
	char			 title[160];
	char			*text;
	size_t			 incident;	/* the generator's truth */
	int			 source;
};

static uint32_t
rnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* A made-up proper name: "Velmarka". */
static void
pname(uint32_t *s, char *out, size_t sz)
{
	size_t k = 2 + rnd(s) % 2, i, n = 0;

	for (i = 0; i < k && n + 4 < sz; i++)
		n += (size_t)snprintf(out + n, sz - n, "%s",
		    syll[rnd(s) % NW_NELEM(syll)]);
	out[0] = (char)(out[0] - 'a' + 'A');
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *const feeds[SOURCES] = {
	"list", "wire", "tracker", "vendor", "agency", "daily"
};
static const char *const months[] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"
};

/* Generate about n reports; returns how many. */
static size_t
generate(struct bench_report *v, size_t n, size_t *nincidents)
{
	uint32_t s = 20240601;
	size_t i = 0, inc = 0, k, tell;
	char place[32], org[32], malware[32], actor[ACTORS][32];
	int used[SOURCES];

	for (k = 0; k < ACTORS; k++) {
		pname(&s, actor[k], sizeof(actor[k]));
		/* group names: "Velmar Bear", "Kaso Panda", "APT12" */
		if (k % 3 == 0)
			snprintf(actor[k] + strlen(actor[k]), 32 -
			    strlen(actor[k]), " Bear");
		else if (k % 3 == 1)
			snprintf(actor[k], sizeof(actor[k]), "APT%zu", 10 + k);
	}
	while (i < n) {
		uint32_t r = rnd(&s);
		int y = 2014 + (int)(r % 11), mo = 1 + (int)((r >> 4) % 12);
		/* days 1-24: a source tells it up to four days later */
		int d = 1 + (int)((r >> 8) % 24);
		size_t vi = rnd(&s) % NW_NELEM(victims);
		size_t se = rnd(&s) % NW_NELEM(sectors);
		size_t at = rnd(&s) % NW_NELEM(attacks);
		int has_actor = rnd(&s) % 10 < 6, has_state = rnd(&s) % 2;
		/* skewed: a few actors take most incidents */
		size_t ac = (size_t)(rnd(&s) % ACTORS) * (rnd(&s) % ACTORS) /
		    ACTORS;
		size_t st = rnd(&s) % NW_NELEM(accused);
		unsigned number = 20 + rnd(&s) % 90000;

		pname(&s, place, sizeof(place));
		pname(&s, org, sizeof(org));
		pname(&s, malware, sizeof(malware));
		r = rnd(&s) % 100;
		tell = r < 50 ? 1 : r < 80 ? 2 : r < 95 ? 3 : 4;
		memset(used, 0, sizeof(used));
		for (k = 0; k < tell && i < n; k++) {
			struct bench_report *b = &v[i];
			int src;
			char *t;

			do
				src = (int)(rnd(&s) % SOURCES);
			while (used[src]);
			used[src] = 1;
			memset(b, 0, sizeof(*b));
			b->incident = inc;
			b->source = src;
			snprintf(b->native, sizeof(b->native), "i%zu-%d", inc, src);
			snprintf(b->key, sizeof(b->key), "%s/%s", feeds[src],
			    b->native);
			snprintf(b->url, sizeof(b->url),
			    "https://%s.example/%d/%s", feeds[src], y, b->native);
			t = b->text = xmalloc(TEXT_MAX);
			switch (src) {
			case 0:		/* a list: the month, one paragraph */
				snprintf(t, TEXT_MAX, "%s %d. Hackers %s the %s "
				    "%s in %s, %s, using a tool researchers "
				    "call %s; %u records were affected. %s%s%s",
				    months[mo - 1], y, attacks[at][0], org,
				    sectors[se], place, countries[vi], malware,
				    number, has_state ? "Officials blamed " : "",
				    has_state ? accused_adj[st] : "",
				    has_state ? " intelligence." : "");
				b->r.date.y = y;
				b->r.date.m = mo;
				b->r.date.prec = NW_PREC_MONTH;
				break;
			case 1:		/* a wire: a title, a day later */
				snprintf(b->title, sizeof(b->title),
				    "%s %s in %s hit by %s", org, sectors[se],
				    place, attacks[at][2]);
				snprintf(t, TEXT_MAX, "The %s %s in %s said "
				    "%s, which investigators named %s, affected "
				    "%u records. %s%s%s The company, based in %s, "
				    "restored most services within days.", org,
				    sectors[se], place, attacks[at][1], malware,
				    number, has_actor ? "The group known as " :
				    "", has_actor ? actor[ac] : "",
				    has_actor ? " was blamed." : "",
				    countries[vi]);
				b->r.date.y = y;
				b->r.date.m = mo;
				b->r.date.d = d + 1;
				b->r.date.prec = NW_PREC_DAY;
				break;
			case 5:		/* a daily: its own words, two days later */
				snprintf(b->title, sizeof(b->title),
				    "Cyberattack on %s %s", place, sectors[se]);
				snprintf(t, TEXT_MAX, "Residents of %s learned on "
				    "Tuesday that hackers had %s the %s %s. %s "
				    "counted %u files touched by %s, according to "
				    "a spokesperson. %s%s%s", place, attacks[at][0],
				    org, sectors[se], org, number, malware,
				    has_state ? "Sources pointed at " : "",
				    has_state ? accused_adj[st] : "",
				    has_state ? " spies." : "");
				b->r.date.y = y;
				b->r.date.m = mo;
				b->r.date.d = d + 2;
				b->r.date.prec = NW_PREC_DAY;
				break;
			case 2:		/* a tracker: terse */
				snprintf(b->title, sizeof(b->title),
				    "%s at a %s in %s", attacks[at][2], sectors[se],
				    countries[vi]);
				snprintf(t, TEXT_MAX, "%s %s of %s (%s): %u "
				    "records; tool %s.", attacks[at][2], org,
				    place, sectors[se], number, malware);
				b->r.date.y = y;
				b->r.date.m = mo;
				b->r.date.d = d;
				b->r.date.prec = NW_PREC_DAY;
				break;
			case 3:		/* a vendor: analysis */
				snprintf(t, TEXT_MAX, "Our analysts observed "
				    "%s activity against the %s %s in %s, %s. "
				    "The operators deployed %s and %s the "
				    "targets; about %u records. %s%s", has_actor ?
				    actor[ac] : "unattributed", org,
				    sectors[se], place, countries[vi], malware,
				    attacks[at][0], number, has_state ?
				    accused_adj[st] : "",
				    has_state ? " state interests are likely."
				    : "");
				b->r.date.y = y;
				b->r.date.m = mo;
				b->r.date.d = d + 3;
				b->r.date.prec = NW_PREC_DAY;
				break;
			default:	/* an agency: an advisory */
				snprintf(b->title, sizeof(b->title),
				    "Advisory: %s targeting the %s sector",
				    has_actor ? actor[ac] : "malicious cyber actors",
				    sectors[se]);
				snprintf(t, TEXT_MAX, "The agency is aware of "
				    "an incident at %s (%s, %s) involving the %s "
				    "malware. Operators should review logs; %u "
				    "entries were exfiltrated. %s%s",
				    org, place, countries[vi], malware, number,
				    has_state ? "Attribution: " : "",
				    has_state ? accused_adj[st] : "");
				b->r.date.y = y;
				b->r.date.m = mo;
				b->r.date.d = d + 4;
				b->r.date.prec = NW_PREC_DAY;
				break;
			}
			b->r.native_id = b->native;
			b->r.url = b->url;
			b->r.title = b->title[0] != '\0' ? b->title : NULL;
			b->r.text = t;
			b->r.textlen = strlen(t);
			b->r.offset = -1;
			b->r.preset = 1;
			memcpy(b->r.ex.victims[0], victims[vi], 3);
			b->r.ex.nvictims = 1;
			b->r.ex.sectors = 1u << (se % NW_SECTOR_COUNT);
			if (has_state && src != 2) {
				memcpy(b->r.ex.attr[0].state, accused[st], 3);
				b->r.ex.nattr = 1;
			}
			if (has_actor && src != 0 && src != 2) {
				nw_strlcpy(b->r.ex.actors[0].name, actor[ac],
				    NW_MAX_ACTOR_NAME);
				b->r.ex.nactors = 1;
			}
			b->m.key = b->key;
			b->m.source = src + 1;
			b->m.first_seen = "2025-01-01T00:00:00Z";
			b->m.date = b->r.date;
			b->m.title = b->r.title;
			b->m.text = t;
			b->m.textlen = b->r.textlen;
			b->m.url = b->url;
			b->m.ex = &b->r.ex;
			i++;
		}
		inc++;
	}
	*nincidents = inc;
	return i;
}

static double
pairs(double k)
{
	return k * (k - 1) / 2;
}

/* Pairwise precision and recall of out[] against the truth. */
static void
score(const struct bench_report *v, const size_t *out, size_t n, double *p,
    double *r)
{
	size_t *gsize = xcalloc(n + 1, sizeof(*gsize));
	size_t *psize = xcalloc(n + 1, sizeof(*psize));
	size_t i, j;
	double gp = 0, pp = 0, tp = 0;

	for (i = 0; i < n; i++) {
		gsize[v[i].incident]++;
		psize[out[i]]++;
	}
	for (i = 0; i < n; i++) {
		gp += pairs((double)gsize[i]);
		pp += pairs((double)psize[i]);
	}
	/* true pairs: reports of one incident are adjacent */
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && v[j].incident == v[i].incident; j++)
			;
		for (size_t a = i; a < j; a++)
			for (size_t b = a + 1; b < j; b++)
				tp += out[a] == out[b];
	}
	*p = pp > 0 ? tp / pp : 1;
	*r = gp > 0 ? tp / gp : 1;
	free(gsize);
	free(psize);
}

static void
fail(const struct nw_error *e)
{
	char buf[1024];

	fprintf(stderr, "bench_merge: %s\n", nw_error_str(e, buf, sizeof(buf)));
	exit(1);
}

/* Write the reports to a new store, one incident each; then merge it. */
static double
in_store(struct bench_report *v, size_t n, const char *db,
    struct nw_merge_stats *st, double *cpu)
{
	clock_t c0;
	struct nw_store *s;
	struct nw_merge *m;
	struct nw_feed f;
	struct nw_error err;
	int64_t src, inc;
	char key[64];
	double t0;
	size_t i;
	int k;

	nw_error_clear(&err);
	unlink(db);
	if ((s = nw_store_open(db, NW_STORE_RW, &err)) == NULL)
		fail(&err);
	for (k = 0; k < SOURCES; k++) {
		memset(&f, 0, sizeof(f));
		f.name = (char *)feeds[k];
		f.kind = "csis";
		f.url = "file:///bench";
		if (nw_store_feed_begin(s, &f, &src, &err) == -1)
			fail(&err);
		for (i = 0; i < n; i++) {
			if (v[i].source != k)
				continue;
			if (nw_store_put_report(s, src, 0, NULL, &v[i].r, NULL,
			    &err) == -1)
				fail(&err);
			snprintf(key, sizeof(key), "%s/%s", feeds[k],
			    v[i].native);
			if (nw_store_incident_new(s, key, nw_store_report_id(s),
			    &inc, &err) == -1)
				fail(&err);
		}
		if (nw_store_feed_commit(s, &err) == -1)
			fail(&err);
	}
	if ((m = nw_merge_new(s, NULL, NULL, ref, &err)) == NULL)
		fail(&err);
	t0 = now();
	c0 = clock();
	if (nw_store_begin(s, &err) == -1 || nw_merge_all(m, st, &err) == -1 ||
	    nw_store_feed_commit(s, &err) == -1)
		fail(&err);
	t0 = now() - t0;
	*cpu = (double)(clock() - c0) / CLOCKS_PER_SEC;
	nw_merge_free(m);
	nw_store_close(s);
	return t0;
}

int
main(int argc, char **argv)
{
	struct bench_report *v;
	struct nw_merge_report *m;
	struct nw_merge_stats st;
	struct nw_error err;
	const char *db = NULL;
	char tmpdb[64];
	size_t n = 100000, got, nincidents, i, *out;
	long rounds = 3, r;
	double best = 0, t, p, rec, cpu = 0;
	int c, store = 1, verbose = 0;
	long long ll;

	while ((c = getopt(argc, argv, "n:r:so:v")) != -1) {
		switch (c) {
		case 'n':
			if (nw_parse_ll(optarg, 1, 10000000, &ll) == -1)
				return 2;
			n = (size_t)ll;
			break;
		case 'r':
			if (nw_parse_ll(optarg, 1, 100, &ll) == -1)
				return 2;
			rounds = (long)ll;
			break;
		case 's':
			store = 0;
			break;
		case 'o':
			db = optarg;
			break;
		case 'v':
			verbose = 1;
			nw_log_set_level(NW_LOG_DEBUG);
			break;
		default:
			fprintf(stderr, "usage: bench_merge [-n N] [-r ROUNDS] "
			    "[-s] [-o DB] [-v]\n");
			return 2;
		}
	}
	if (getenv("NORMWATCH_DATADIR") != NULL) {
		char *dir = xasprintf("%s/reference",
		    getenv("NORMWATCH_DATADIR"));

		nw_error_clear(&err);
		if ((ref = nw_refdata_load(dir, &err)) == NULL)
			fail(&err);
		free(dir);
	}
	v = xcalloc(n, sizeof(*v));
	got = generate(v, n, &nincidents);
	m = xcalloc(got, sizeof(*m));
	out = xcalloc(got, sizeof(*out));
	for (i = 0; i < got; i++) {
		v[i].m.ref = ref;
		m[i] = v[i].m;
	}
	nw_error_clear(&err);
	for (r = 0; r < rounds; r++) {
		clock_t c0 = clock();

		t = now();
		if (nw_merge_set(m, got, NULL, out, &st, &err) == -1)
			fail(&err);
		t = now() - t;
		if (r == 0 || t < best) {
			best = t;
			cpu = (double)(clock() - c0) / CLOCKS_PER_SEC;
		}
	}
	score(v, out, got, &p, &rec);
	for (i = 0; verbose && i < got && i < 20000; i++) {
		size_t j;
		char why[NW_MERGE_WHY_MAX];
		static int shown;

		for (j = i + 1; j < got && j < i + 3000 && shown < 12; j++) {
			if (out[i] != out[j] || v[i].incident == v[j].incident)
				continue;
			if (nw_merge_pair_score(&m[i], &m[j], why) <
			    NW_MERGE_THRESHOLD)
				continue;
			shown++;
			printf("# wrong: %.3f %s\n#   %s\n#   %s\n",
			    nw_merge_pair_score(&m[i], &m[j], why), why,
			    v[i].text, v[j].text);
		}
	}
	printf("merge %zu generated reports (%zu incidents, %d sources) in "
	    "memory: %.3f s (%.3f s of CPU), %.0f reports/s (target: 100000 "
	    "in 10 s); %ld incidents, %ld candidate pairs scored, %ld edges; "
	    "pairwise precision %.4f, recall %.4f\n", got, nincidents,
	    SOURCES, best, cpu, (double)got / best, st.incidents, st.compared,
	    st.edges, p, rec);
	if (store) {
		if (db == NULL) {
			snprintf(tmpdb, sizeof(tmpdb), "/tmp/bench_merge.%ld.db",
			    (long)getpid());
			db = tmpdb;
		}
		t = in_store(v, got, db, &st, &cpu);
		printf("merge %zu reports in a store (normwatch merge without "
		    "mapping: features, blocks and edges saved, incidents "
		    "made): %.3f s (%.3f s of CPU), %.0f reports/s; %ld "
		    "incidents, %ld merged away\n", got, t, cpu,
		    (double)got / t, st.incidents, st.deleted);
		if (db == tmpdb) {
			char *w = xasprintf("%s-wal", db);
			char *sh = xasprintf("%s-shm", db);

			unlink(db);
			unlink(w);
			unlink(sh);
			free(w);
			free(sh);
		}
	}
	for (i = 0; i < got; i++)
		free(v[i].text);
	free(v);
	free(m);
	free(out);
	nw_refdata_free(ref);
	return 0;
}
