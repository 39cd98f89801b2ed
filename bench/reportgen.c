/*
 * reportgen.c - a store for the report benchmark, written through the
 * store API: N incidents dated in one quarter (2025Q2) and N/4 in each of
 * the seven quarters before it, one report each, with one or two
 * attribution claims (asserted or suspected, by different parties), an
 * actor every other report, one or two victims, sectors, one to three
 * findings of both frameworks with evidence, and observance.  The same N
 * gives the same store.
 *
 *	bench/reportgen -n N -o DB	(DB must not exist)
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

#define FEEDS		4
#define QUARTERS	8	/* the target and the seven before it */

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
static const struct { const char *fw, *p; } principles[] = {
	{ "paris-call", "1" }, { "paris-call", "2" }, { "paris-call", "3" },
	{ "paris-call", "5" }, { "paris-call", "6" }, { "paris-call", "7" },
	{ "paris-call", "9" }, { "un-gge-2015", "e" }, { "un-gge-2015", "f" },
	{ "un-gge-2015", "g" }
};

static void
fail(const struct nw_error *e)
{
	char buf[1024];

	fprintf(stderr, "reportgen: %s\n", nw_error_str(e, buf, sizeof(buf)));
	exit(1);
}

int
main(int argc, char **argv)
{
	struct nw_store *s;
	struct nw_feed f;
	struct nw_report r;
	struct nw_error err;
	struct nw_finding_rec fr[3];
	struct nw_evidence_rec ev[3];
	struct nw_observance_rec ob[3];
	const char *db = NULL;
	char name[32], url[96], pub[64], nid[32], text[700], key[64];
	char rule[3][32];
	long long n = 10000, i, total, q, per;
	int64_t src[FEEDS], inc, rep;
	int c, k, nf, no;

	while ((c = getopt(argc, argv, "n:o:")) != -1) {
		switch (c) {
		case 'n':
			if (nw_parse_ll(optarg, 4, 10000000, &n) == -1)
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
		fprintf(stderr, "reportgen: %s exists\n", db);
		return 1;
	}
	nw_error_clear(&err);
	if ((s = nw_store_open(db, NW_STORE_RW, &err)) == NULL)
		fail(&err);
	/* one transaction for all: the feeds' rows first */
	for (k = 0; k < FEEDS; k++) {
		memset(&f, 0, sizeof(f));
		snprintf(name, sizeof(name), "bench-%d", k);
		snprintf(url, sizeof(url), "https://example.org/feed-%d", k);
		snprintf(pub, sizeof(pub), "Bench Publisher %d", k);
		f.name = name;
		f.kind = "csis";
		f.url = url;
		f.publisher = pub;
		nw_limits_default(&f.limits);
		if (nw_store_feed_begin(s, &f, &src[k], &err) == -1 ||
		    nw_store_feed_commit(s, &err) == -1)
			fail(&err);
	}
	memset(&f, 0, sizeof(f));
	f.name = "bench-0";
	f.kind = "csis";
	f.url = "https://example.org/feed-0";
	f.publisher = "Bench Publisher 0";
	nw_limits_default(&f.limits);
	if (nw_store_feed_begin(s, &f, &src[0], &err) == -1)
		fail(&err);
	per = n / 4;
	total = n + per * (QUARTERS - 1);
	for (i = 0; i < total; i++) {
		/* quarter 0 is 2025Q2, 1 is 2025Q1, ... */
		q = i < n ? 0 : 1 + (i - n) / per;
		memset(&r, 0, sizeof(r));
		snprintf(nid, sizeof(nid), "n%lld", i);
		snprintf(url, sizeof(url), "https://example.org/%d/incident/%lld",
		    (int)(i % FEEDS), i);
		snprintf(text, sizeof(text), "Incident %lld. Hackers linked to "
		    "%s disrupted systems of %s organisations in the %s sector, "
		    "investigators said; the attack was attributed to a group "
		    "tracked as %s, which used spear-phishing emails and a "
		    "wiper to destroy data on servers of public bodies and "
		    "operators of essential services.", i, states[i % 12],
		    victims[(i / 3) % 12], i % 2 ? "energy" : "health",
		    actors[i % 10]);
		r.native_id = nid;
		r.url = url;
		r.text = text;
		r.textlen = strlen(text);
		{
			int qq = (int)(((1 - q) % 4 + 4) % 4);	/* 0-based */

			r.date.y = 2025 - (int)((q + 2) / 4);
			r.date.m = qq * 3 + 1 + (int)(i % 3);
		}
		r.date.d = 1 + (int)(i % 28);
		r.date.prec = NW_PREC_DAY;
		r.offset = -1;
		memcpy(r.ex.attr[0].state, states[i % 12], 3);
		r.ex.attr[0].hedge = i % 4 ? NW_HEDGE_ASSERTED :
		    NW_HEDGE_SUSPECTED;
		r.ex.attr[0].by = (enum nw_party)(i % 5);
		r.ex.attr[0].ev.off = 26;
		r.ex.attr[0].ev.len = 2;
		r.ex.nattr = 1;
		if (i % 3 == 1) {
			memcpy(r.ex.attr[1].state, states[(i + 5) % 12], 3);
			r.ex.attr[1].hedge = NW_HEDGE_SUSPECTED;
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
		if (i % 5 == 0) {
			memcpy(r.ex.victims[1], victims[(i / 7 + 1) % 12], 3);
			if (strcmp(r.ex.victims[1], r.ex.victims[0]) != 0)
				r.ex.nvictims = 2;
		}
		r.ex.sectors = (1u << NW_SECTOR_GOVERNMENT) |
		    (1u << (i % NW_SECTOR_COUNT));
		r.ex.sponsorship = NW_SPONSOR_STATE;
		if (nw_store_put_report(s, src[i % FEEDS], 0, NULL, &r, NULL,
		    &err) == -1)
			fail(&err);
		rep = nw_store_report_id(s);
		snprintf(key, sizeof(key), "bench-%d/%s", (int)(i % FEEDS), nid);
		if (nw_store_incident_new(s, key, rep, &inc, &err) == -1)
			fail(&err);
		nf = 1 + (int)(i % 3);
		for (k = 0; k < nf; k++) {
			int p = (int)((i * 7 + k * 3) % NW_NELEM(principles));

			memset(&fr[k], 0, sizeof(fr[k]));
			memset(&ev[k], 0, sizeof(ev[k]));
			ev[k].report_id = rep;
			ev[k].kind = "match";
			ev[k].source = "(?i)\\bwiper\\b";
			ev[k].off = 0;
			ev[k].len = 8;
			ev[k].text = "Incident";
			snprintf(rule[k], sizeof(rule[k]), "bench-%s-%s",
			    principles[p].fw, principles[p].p);
			fr[k].framework = principles[p].fw;
			fr[k].principle = principles[p].p;
			fr[k].rule = rule[k];
			fr[k].confidence = 60 + 10 * k;
			fr[k].ev = &ev[k];
			fr[k].nev = 1;
		}
		no = 0;
		ob[no].role = "attributed";
		memcpy(ob[no].state, states[i % 12], 3);
		ob[no++].supporter = i % 12 == 9 ? "yes" : "no";
		ob[no].role = "victim";
		memcpy(ob[no].state, victims[(i / 3) % 12], 3);
		ob[no++].supporter = "yes";
		if (nw_store_put_findings(s, inc, 1, "bench", fr, (size_t)nf,
		    ob, (size_t)no, &err) == -1)
			fail(&err);
	}
	if (nw_store_meta_set(s, "rules_version", "bench", &err) == -1 ||
	    nw_store_feed_commit(s, &err) == -1)
		fail(&err);
	nw_store_close(s);
	return 0;
usage:
	fprintf(stderr, "usage: reportgen -n N -o DB\n");
	return 64;
}
