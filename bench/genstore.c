/*
 * genstore.c - a large store for the export benchmark, written through
 * the store API (no fetching, parsing or extraction): N incidents, one
 * report each, spread over five feeds and ten years, with one or two
 * attribution claims, an actor every other report, a victim, sectors and
 * one finding with its evidence.  The same N gives the same store.
 *
 *	bench/genstore -n N -o DB	(DB must not exist)
 *
 * An export of the store holds about 4.5 objects per incident.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "normwatch/feed.h"
#include "normwatch/report.h"
#include "normwatch/store.h"
#include "normwatch/util.h"

#define FEEDS	5

static const char *const states[] = {
	"RU", "CN", "IR", "KP", "BY", "PK", "IN", "IL", "US", "GB", "VN", "TR"
};
static const char *const victims[] = {
	"UA", "DE", "FR", "US", "GB", "PL", "EE", "JP", "KR", "TW", "IT", "NL"
};
static const char *const actors[] = {
	"APT28", "Sandworm", "APT29", "Lazarus Group", "APT41", "Volt Typhoon",
	"Charming Kitten", "Kimsuky", "Turla", "Salt Typhoon"
};

static void
fail(const struct nw_error *e)
{
	char buf[1024];

	fprintf(stderr, "genstore: %s\n", nw_error_str(e, buf, sizeof(buf)));
	exit(1);
}

int
main(int argc, char **argv)
{
	struct nw_store *s;
	struct nw_feed f;
	struct nw_report r;
	struct nw_error err;
	struct nw_finding_rec fr;
	struct nw_evidence_rec ev;
	struct nw_observance_rec ob;
	const char *db = NULL;
	char name[32], url[64], pub[64], nid[32], text[600], sha[65], key[64];
	long long n = 1000, i, per;
	int64_t src, inc, rep;
	int c, k;

	while ((c = getopt(argc, argv, "n:o:")) != -1) {
		switch (c) {
		case 'n':
			if (nw_parse_ll(optarg, 1, 100000000, &n) == -1)
				goto usage;
			break;
		case 'o':
			db = optarg;
			break;
		default:
			goto usage;
		}
	}
	if (db == NULL)
		goto usage;
	if (access(db, F_OK) == 0) {
		fprintf(stderr, "genstore: %s exists\n", db);
		return 1;
	}
	nw_error_clear(&err);
	if ((s = nw_store_open(db, NW_STORE_RW, &err)) == NULL)
		fail(&err);
	per = (n + FEEDS - 1) / FEEDS;
	for (k = 0; k < FEEDS; k++) {
		memset(&f, 0, sizeof(f));
		snprintf(name, sizeof(name), "bench-%d", k);
		snprintf(url, sizeof(url), "https://example.org/list-%d.txt", k);
		snprintf(pub, sizeof(pub), "Bench Publisher %d", k);
		f.name = name;
		f.kind = "csis";
		f.url = url;
		f.publisher = pub;
		nw_limits_default(&f.limits);
		if (nw_store_feed_begin(s, &f, &src, &err) == -1)
			fail(&err);
		nw_sha256_hex(url, strlen(url), sha);
		if (nw_store_put_document(s, sha, 1000, "text/plain", url,
		    &err) == -1)
			fail(&err);
		for (i = k * per; i < (k + 1) * per && i < n; i++) {
			memset(&r, 0, sizeof(r));
			snprintf(nid, sizeof(nid), "n%lld", i);
			snprintf(text, sizeof(text), "Incident %lld. Hackers "
			    "linked to %s disrupted systems of %s organisations "
			    "in the %s sector, investigators said; the attack "
			    "was attributed to a group tracked as %s, which "
			    "used spear-phishing emails and a wiper to destroy "
			    "data on servers of public bodies and operators of "
			    "essential services.", i, states[i % 12],
			    victims[(i / 3) % 12], i % 2 ? "energy" : "health",
			    actors[i % 10]);
			r.native_id = nid;
			r.url = url;
			r.text = text;
			r.textlen = strlen(text);
			r.date.y = 2015 + (int)(i % 10);
			r.date.m = 1 + (int)((i / 10) % 12);
			r.date.d = (i % 3) == 0 ? 0 : 1 + (int)(i % 28);
			r.date.prec = r.date.d == 0 ? NW_PREC_MONTH : NW_PREC_DAY;
			r.offset = -1;
			memcpy(r.ex.attr[0].state, states[i % 12], 3);
			r.ex.attr[0].hedge = i % 4 ? NW_HEDGE_ASSERTED :
			    NW_HEDGE_SUSPECTED;
			r.ex.attr[0].by = (enum nw_party)(i % 5);
			r.ex.attr[0].ev.off = 26;
			r.ex.attr[0].ev.len = 2;
			r.ex.nattr = 1;
			if (i % 3 == 1) {
				memcpy(r.ex.attr[1].state, states[(i + 5) % 12],
				    3);
				r.ex.attr[1].by = NW_PARTY_VENDOR;
				r.ex.nattr = 2;
			}
			if (i % 2 == 0) {
				nw_strlcpy(r.ex.actors[0].name, actors[i % 10],
				    sizeof(r.ex.actors[0].name));
				r.ex.nactors = 1;
			}
			memcpy(r.ex.victims[0], victims[(i / 3) % 12], 3);
			r.ex.nvictims = 1;
			r.ex.sectors = (1u << NW_SECTOR_GOVERNMENT) |
			    (1u << (i % NW_SECTOR_COUNT));
			r.ex.sponsorship = NW_SPONSOR_STATE;
			if (nw_store_put_report(s, src, 0, sha, &r, NULL,
			    &err) == -1)
				fail(&err);
			rep = nw_store_report_id(s);
			snprintf(key, sizeof(key), "%s/%s", name, nid);
			if (nw_store_incident_new(s, key, rep, &inc, &err) == -1)
				fail(&err);
			memset(&fr, 0, sizeof(fr));
			memset(&ev, 0, sizeof(ev));
			ev.report_id = rep;
			ev.kind = "match";
			ev.source = "(?i)\\bspear-?phishing\\b";
			ev.off = 0;
			ev.len = 8;
			ev.text = "Incident";
			fr.framework = "paris-call";
			fr.principle = "1";
			fr.rule = "bench-rule";
			fr.confidence = 70;
			fr.ev = &ev;
			fr.nev = 1;
			ob.role = "attributed";
			memcpy(ob.state, states[i % 12], 3);
			ob.supporter = "no";
			if (nw_store_put_findings(s, inc, 1, "bench", &fr, 1, &ob,
			    1, &err) == -1)
				fail(&err);
		}
		if (nw_store_feed_commit(s, &err) == -1)
			fail(&err);
	}
	nw_store_close(s);
	return 0;
usage:
	fprintf(stderr, "usage: genstore -n N -o DB\n");
	return 64;
}
