/*
 * bench_norms - how many incidents per second the norms mapper handles on
 * one core.
 *
 *	bench_norms [-NP] [-n incidents] [-s seed] [-r rounds] rules...
 *
 * Builds n synthetic incidents in memory (texts of about 300-600 bytes
 * put together from phrase tables, one report in four a second report,
 * random extracted fields), loads the rules files given, maps every
 * incident once as a warm-up, then times -r rounds over all of them and
 * prints the best round: incidents per second, findings per incident.
 * -N asks for near misses too (what explain does; ingest does not); -P
 * turns the literal prefilter off, so every pattern runs.
 * The same seed gives the same incidents and so the same findings count.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "normwatch/error.h"
#include "normwatch/norms.h"
#include "normwatch/report.h"
#include "normwatch/util.h"

static uint64_t rng_state = 88172645463325252ull;

static uint32_t
rnd(uint32_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state % n);
}

#define PICK(tab) (tab[rnd(NW_NELEM(tab))])

static const char *const openers[] = {
	"Hackers linked to the government of",
	"A group of cyber criminals believed to operate from",
	"Security researchers said an actor associated with",
	"Officials in the United States accused",
	"A hacktivist group calling itself the IT Army, acting in response to"
	" sanctions, struck targets tied to",
	"Unknown attackers with suspected ties to",
	"A ransomware gang that advertises ransomware-as-a-service to"
	" affiliates in",
	"Cybersecurity firm Mandiant reported that hackers from",
};
static const char *const states[] = {
	"Russia", "China", "Iran", "North Korea", "Vietnam", "Belarus",
	"Pakistan", "Turkey",
};
static const char *const verbs[] = {
	"targeted", "breached", "compromised", "launched a campaign against",
	"conducted a cyber espionage operation against", "attacked",
	"deployed a wiper against", "sent spear-phishing emails to",
	"disrupted", "stole data from",
};
static const char *const targets[] = {
	"a regional power grid operator", "several hospitals",
	"the national election commission", "a defense contractor",
	"a major telecommunications provider", "government ministries",
	"a water treatment plant", "journalists and human rights activists",
	"a software vendor whose updates reach thousands of customers",
	"a university research lab working on vaccine research",
	"the country's national CERT", "a large bank and its payment systems",
	"an oil pipeline company", "political parties and campaign staff",
	"a managed service provider", "a major online retailer",
};
static const char *const effects[] = {
	"causing outages that lasted several days.",
	"and exfiltrated intellectual property including source code and"
	" product designs.",
	"encrypting systems with ransomware and demanding payment.",
	"gathering diplomatic correspondence for intelligence purposes.",
	"and the personal data of 3.2 million customers was later leaked"
	" online.",
	"in what officials described as an espionage campaign.",
	"using a zero-day vulnerability in a widely used VPN product.",
	"through a trojanized software update distributed to customers.",
	"after gaining access with stolen credentials and weak passwords.",
	"and leaked hacking tools were later sold on criminal forums.",
	"shutting down ambulance dispatch and emergency services.",
	"with industrial control systems and SCADA networks affected.",
	"defacing a single website for a few hours.",
	"in an operation researchers called a false-flag attempt.",
};
static const char *const fillers[] = {
	"The attack was disclosed in a statement by the affected organization.",
	"Investigators said the intrusion began months earlier.",
	"The group is known to use social engineering in its operations.",
	"Authorities said no data was lost and services were restored.",
	"The incident follows a series of similar attacks in the region.",
	"Officials declined to comment on the attribution.",
	"Researchers published indicators of compromise on Tuesday.",
	"The company notified regulators and affected customers.",
	"It was the second time this year the operator was hit.",
	"The malware spread indiscriminately to networks worldwide.",
};
static const char *const isos[] = {
	"RU", "CN", "IR", "KP", "VN", "BY", "PK", "TR", "US", "UA", "GB",
	"DE", "FR", "IL", "IN", "JP",
};

static char *
make_text(size_t *len)
{
	char buf[2048];
	size_t n = 0;
	int i, k;

	n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s %s %s %s %s",
	    PICK(openers), PICK(states), PICK(verbs), PICK(targets),
	    PICK(effects));
	k = 3 + (int)rnd(4);
	for (i = 0; i < k && n < 600; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, " %s",
		    PICK(fillers));
	if (n > sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	*len = n;
	return xstrndup(buf, n);
}

static void
make_extract(struct nw_extract *ex)
{
	size_t i;

	memset(ex, 0, sizeof(*ex));
	ex->nattr = rnd(3);
	for (i = 0; i < ex->nattr; i++) {
		memcpy(ex->attr[i].state, PICK(isos), 3);
		ex->attr[i].hedge = (enum nw_hedge)rnd(2);
		ex->attr[i].by = (enum nw_party)rnd(5);
		ex->attr[i].ev.off = 0;
		ex->attr[i].ev.len = 10;
	}
	ex->nactors = rnd(2);
	for (i = 0; i < ex->nactors; i++) {
		nw_strlcpy(ex->actors[i].name, "APT28", NW_MAX_ACTOR_NAME);
		ex->actors[i].ev.off = 0;
		ex->actors[i].ev.len = 5;
	}
	ex->sponsorship = (enum nw_sponsor)rnd(3);
	ex->nvictims = rnd(3);
	for (i = 0; i < ex->nvictims; i++)
		memcpy(ex->victims[i], PICK(isos), 3);
	ex->sectors = (1u << rnd(NW_SECTOR_COUNT)) |
	    (rnd(2) ? 1u << rnd(NW_SECTOR_COUNT) : 0);
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
print_err(const struct nw_error *e, void *arg)
{
	char buf[1024];

	(void)arg;
	fprintf(stderr, "bench_norms: %s\n", nw_error_str(e, buf, sizeof(buf)));
}

int
main(int argc, char **argv)
{
	struct nw_rules *rs;
	struct nw_mapper *m;
	struct nw_error err;
	struct nw_map_input *inc;
	struct nw_map_report *reps;
	struct nw_extract *exs;
	const struct nw_map_result *res;
	size_t n = 100000, nreps = 0, i, j, nfind = 0, nnear = 0, bytes = 0;
	long long v;
	double t0, t, best = 0;
	int ch, flags = 0, rounds = 3, r;

	while ((ch = getopt(argc, argv, "Nn:Pr:s:")) != -1) {
		switch (ch) {
		case 'N':
			flags |= NW_MAP_NEAR_MISSES;
			break;
		case 'P':
			flags |= NW_MAP_NO_PREFILTER;
			break;
		case 'n':
			if (nw_parse_ll(optarg, 1, 10000000, &v) == -1)
				goto usage;
			n = (size_t)v;
			break;
		case 'r':
			if (nw_parse_ll(optarg, 1, 100, &v) == -1)
				goto usage;
			rounds = (int)v;
			break;
		case 's':
			if (nw_parse_ll(optarg, 1, INT64_MAX, &v) == -1)
				goto usage;
			rng_state = (uint64_t)v;
			break;
		default:
			goto usage;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0)
		goto usage;

	nw_error_clear(&err);
	rs = nw_rules_load((const char *const *)argv, (size_t)argc, print_err,
	    NULL, &err);
	if (rs == NULL)
		return 1;
	if ((m = nw_mapper_new(rs, &err)) == NULL) {
		print_err(&err, NULL);
		return 1;
	}

	inc = xcalloc(n, sizeof(*inc));
	reps = xcalloc(n * 2, sizeof(*reps));
	exs = xcalloc(n * 2, sizeof(*exs));
	for (i = 0; i < n; i++) {
		inc[i].reports = &reps[nreps];
		inc[i].nreports = rnd(4) == 0 ? 2 : 1;
		for (j = 0; j < inc[i].nreports; j++) {
			reps[nreps].text = make_text(&reps[nreps].len);
			bytes += reps[nreps].len;
			make_extract(&exs[nreps]);
			reps[nreps].ex = &exs[nreps];
			nreps++;
		}
		inc[i].date.y = 2006 + (int)rnd(20);
		inc[i].date.m = 1 + (int)rnd(12);
		inc[i].date.prec = NW_PREC_MONTH;
	}

	for (r = 0; r <= rounds; r++) {
		nfind = nnear = 0;
		t0 = now();
		for (i = 0; i < n; i++) {
			if (nw_mapper_run(m, &inc[i], flags, &res, &err) == -1) {
				print_err(&err, NULL);
				return 1;
			}
			nfind += res->nfindings;
			nnear += res->nnear;
		}
		t = now() - t0;
		if (r > 0 && (best == 0 || t < best))	/* round 0 warms up */
			best = t;
	}
	printf("%zu rules, %zu patterns (%zu prefiltered), %zu incidents (%zu "
	    "reports, %.0f bytes each)%s%s\n", nw_rules_nrules(rs),
	    nw_rules_npatterns(rs), nw_rules_nprefiltered(rs), n, nreps,
	    (double)bytes / (double)nreps,
	    flags & NW_MAP_NEAR_MISSES ? ", near misses" : "",
	    flags & NW_MAP_NO_PREFILTER ? ", no prefilter" : "");
	printf("%.0f incidents/s (best of %d rounds: %.3f s); %.2f findings "
	    "and %.2f near misses per incident\n", (double)n / best, rounds,
	    best, (double)nfind / (double)n, (double)nnear / (double)n);

	for (i = 0; i < nreps; i++)
		free((char *)reps[i].text);
	free(reps);
	free(exs);
	free(inc);
	nw_mapper_free(m);
	nw_rules_free(rs);
	return 0;
usage:
	fprintf(stderr, "usage: bench_norms [-NP] [-n incidents] [-r rounds] "
	    "[-s seed] rules...\n");
	return 2;
}
