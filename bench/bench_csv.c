/*
 * bench_csv.c - the csv feed kind at speed: generate a dataset in the
 * style of the CFR Cyber Operations Tracker (the columns of
 * feeds/samples/cyber-operations.csv), or parse one in memory with the
 * mapping of feeds/samples/cyber-operations.feed and print rows per
 * second.
 *
 *	bench/bench_csv -g N [-s SEED] > ops.csv
 *	bench/bench_csv [-n N] [-r ROUNDS]
 *
 * Rows carry quoted commas, a line break in every fifth description,
 * python-like lists, UN-style state names and empty cells.  The output
 * is deterministic for a given seed.  Reference tables come from
 * $NORMWATCH_DATADIR/reference (else feeds/reference under $NW_SRCDIR or
 * "."), the feed from $NW_SRCDIR/feeds/samples.  Exit status 1 when a
 * generated row is bad or a state name unknown: a bench must not measure
 * the error paths.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "normwatch/csv.h"
#include "normwatch/feed.h"
#include "normwatch/refdata.h"
#include "normwatch/util.h"

static unsigned long long seed = 88172645463325252ULL;

static unsigned
rnd(unsigned n)
{
	seed ^= seed << 13;	/* xorshift64 */
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return (unsigned)(seed % n);
}

#define PICK(a) (a[rnd(sizeof(a) / sizeof(a[0]))])

static const char *const sponsors[] = { "China", "Russian Federation",
	"Iran (Islamic Republic of)", "Korea (Democratic People's Republic of)",
	"Viet Nam", "Pakistan", "Belarus", "United States of America",
	"Israel", "Türkiye", "India", "" };
static const char *const victims[] = { "United States of America",
	"United Kingdom of Great Britain and Northern Ireland", "Ukraine",
	"Germany", "France", "Korea (Republic of)", "Japan", "Taiwan, "
	"Province of China", "Saudi Arabia", "Israel", "Estonia", "Poland",
	"India", "Philippines", "Canada", "Australia" };
static const char *const groups[] = { "APT28", "APT29", "Sandworm Team",
	"Lazarus Group", "Kimsuky", "APT41", "Volt Typhoon", "MuddyWater",
	"APT33", "Turla", "Gamaredon Group", "Mustang Panda" };
static const char *const verbs[] = { "compromised", "disrupted",
	"gained access to", "stole data from", "defaced the websites of",
	"deployed wiper malware against", "spied on" };
static const char *const targets[] = { "a ministry of foreign affairs",
	"a regional power distributor", "hospitals", "a defense contractor",
	"an election commission", "telecommunications providers",
	"a central bank", "journalists and activists", "a water utility",
	"universities" };
static const char *const types[] = { "Espionage", "Sabotage",
	"Denial of service", "Data destruction", "Defacement", "Doxing",
	"Financial theft" };
static const char *const categories[] = { "Government", "Military",
	"Private sector", "Civil society", "Government, Military",
	"Private sector, Civil society" };
static const char *const responses[] = { "", "", "", "Sanctions",
	"Indictment", "Denial", "Attribution statement" };

static int
gen_row(struct nw_buf *b, unsigned long i)
{
	const char *sp = PICK(sponsors);
	unsigned nv = 1 + rnd(3), k;
	int rc = 0;

	rc |= nw_buf_addf(b, "Operation %lu against %s,%u/%u/%u,", i,
	    PICK(targets), 1 + rnd(12), 1 + rnd(28), 2005 + rnd(20));
	if (rnd(3) == 0)
		rc |= nw_buf_adds(b, "\"[]\",");
	else
		rc |= nw_buf_addf(b, "\"['%s']\",", PICK(groups));
	rc |= nw_buf_addf(b, "\"A group %s %s, the %s said on %s; the "
	    "intrusion, which lasted %u weeks, %s.%s\",", PICK(verbs),
	    PICK(targets), rnd(2) ? "investigators" : "ministry",
	    rnd(2) ? "Monday" : "Friday", 1 + rnd(40), rnd(2) ?
	    "was found during an audit" : "ended with a \"\"ransom\"\" note",
	    i % 5 == 0 ? "\nOfficials declined to comment." : "");
	rc |= nw_buf_addf(b, "%s,\"[", PICK(responses));
	for (k = 0; k < nv; k++)
		rc |= nw_buf_addf(b, "%s'%s'", k > 0 ? ", " : "",
		    PICK(victims));
	rc |= nw_buf_addf(b, "]\",\"%s\",%s,\"%s\","
	    "https://example.org/ops/%lu,,\r\n", sp, PICK(types),
	    PICK(categories), i);
	return rc;
}

static int
generate(struct nw_buf *b, unsigned long n)
{
	unsigned long i;

	if (nw_buf_adds(b, "Title,Date,Affiliations,Description,Response,"
	    "Victims,Sponsor,Type,Category,Sources_1,Sources_2,Sources_3\r\n")
	    == -1)
		return -1;
	for (i = 1; i <= n; i++)
		if (gen_row(b, i) == -1)
			return -1;
	return 0;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
usage(void)
{
	fprintf(stderr, "usage: bench_csv -g N [-s SEED] | [-n N] "
	    "[-r ROUNDS]\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	struct nw_csv_stats st;
	struct nw_refdata *ref;
	struct nw_feed *feed;
	struct nw_error err;
	struct nw_arena *arena;
	struct nw_doc doc;
	struct nw_buf b;
	const char *src = getenv("NW_SRCDIR"), *data = getenv(
	    "NORMWATCH_DATADIR");
	char *path;
	long long v;
	unsigned long n = 100000, gen = 0;
	long rounds = 3, r, got;
	double best = 0, t0, t;
	int c;

	for (;;) {
		c = getopt(argc, argv, "g:n:r:s:");
		if (c == -1)
			break;
		switch (c) {
		case 'g':
		case 'n':
			if (nw_parse_ll(optarg, 1, 10000000, &v) == -1)
				usage();
			if (c == 'g')
				gen = (unsigned long)v;
			else
				n = (unsigned long)v;
			break;
		case 'r':
			if (nw_parse_ll(optarg, 1, 100, &v) == -1)
				usage();
			rounds = (long)v;
			break;
		case 's':
			if (nw_parse_ll(optarg, 1, 1000000000, &v) == -1)
				usage();
			seed ^= (unsigned long long)v * 0x9e3779b97f4a7c15ULL;
			break;
		default:
			usage();
		}
	}
	nw_buf_init(&b, 1u << 30);
	if (gen > 0) {
		if (generate(&b, gen) == -1) {
			fprintf(stderr, "bench_csv: the dataset outgrew 1 GiB\n");
			return 1;
		}
		if (fwrite(b.data, 1, b.len, stdout) != b.len)
			return 1;
		nw_buf_free(&b);
		return 0;
	}

	if (data != NULL)
		path = xasprintf("%s/reference", data);
	else
		path = xasprintf("%s/feeds/reference", src != NULL ? src : ".");
	ref = nw_refdata_load(path, &err);
	if (ref == NULL) {
		fprintf(stderr, "bench_csv: %s: %s\n", path, err.msg);
		return 1;
	}
	free(path);
	path = xasprintf("%s/feeds/samples/cyber-operations.feed",
	    src != NULL ? src : ".");
	feed = nw_feed_load(path, NULL, NULL, &err);
	if (feed == NULL) {
		fprintf(stderr, "bench_csv: %s: %s\n", path, err.msg);
		return 1;
	}
	free(path);
	feed->limits.max_entries = n;
	if (generate(&b, n) == -1) {
		fprintf(stderr, "bench_csv: the dataset outgrew 1 GiB\n");
		return 1;
	}
	memset(&doc, 0, sizeof(doc));
	doc.data = b.data;
	doc.len = b.len;
	doc.url = "file:///bench/ops.csv";
	doc.name = "ops.csv";
	doc.ref = ref;
	for (r = 0; r < rounds; r++) {
		arena = nw_arena_new();
		t0 = now();
		got = nw_csv_parse(feed, &doc, arena, NULL, NULL, NULL, NULL, &st,
		    &err);
		t = now() - t0;
		nw_arena_free(arena);
		if (got != (long)n || st.bad != 0 || st.unknown_states != 0) {
			fprintf(stderr, "bench_csv: %ld of %lu rows, %ld bad, %ld "
			    "unknown states (%s)\n", got, n, st.bad,
			    st.unknown_states, err.msg);
			return 1;
		}
		if (r == 0 || t < best)
			best = t;
	}
	printf("csv parse of %lu generated rows (%.1f MB) in memory: %.3f s, "
	    "%.0f rows/s, best of %ld\n", n, (double)b.len / (1 << 20), best,
	    (double)n / best, rounds);
	nw_feed_free(feed);
	nw_refdata_free(ref);
	nw_buf_free(&b);
	return 0;
}
