/*
 * taxii_gen.c - a store whose TAXII collection incidents holds N objects,
 * for bench/taxii.sh: written straight into the server's tables with
 * nw_taxiis_put (no export), so a million objects take seconds.  Every
 * object is an incident of about 700 bytes of canonical JSON; every
 * tenth has a second version.  The same N gives the same objects.
 *
 *	bench/taxii_gen -n N -o DB	(DB must not exist)
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "normwatch/store.h"
#include "normwatch/taxii_server.h"
#include "normwatch/util.h"

#define BATCH	50000	/* objects per transaction */

static void
die(const struct nw_error *e)
{
	char buf[1024];

	fprintf(stderr, "taxii_gen: %s\n", nw_error_str(e, buf, sizeof(buf)));
	exit(1);
}

int
main(int argc, char **argv)
{
	struct nw_taxiis_put *p = NULL;
	struct nw_taxiis_obj o;
	struct nw_store *s;
	struct nw_error err;
	struct nw_buf b;
	const char *out = NULL;
	char id[64], ver[32];
	long long n = 0, i;
	int c, v;

	for (;;) {
		c = getopt(argc, argv, "n:o:");
		if (c == -1)
			break;
		switch (c) {
		case 'n':
			if (nw_parse_ll(optarg, 1, 100000000, &n) == -1)
				goto usage;
			break;
		case 'o':
			out = optarg;
			break;
		default:
			goto usage;
		}
	}
	if (n == 0 || out == NULL || access(out, F_OK) == 0)
		goto usage;
	nw_error_clear(&err);
	s = nw_store_open(out, NW_STORE_RW, &err);
	if (s == NULL)
		die(&err);
	nw_buf_init(&b, 1 << 16);
	for (i = 0; i < n; i++) {
		if (i % BATCH == 0) {
			if (i > 0) {
				nw_taxiis_put_free(p);
				if (nw_store_feed_commit(s, &err) == -1)
					die(&err);
			}
			if (nw_store_begin(s, &err) == -1)
				die(&err);
			p = nw_taxiis_put_new(nw_store_db(s), &err);
			if (p == NULL)
				die(&err);
		}
		snprintf(id, sizeof(id), "incident--%08llx-%04llx-4%03llx-8000-"
		    "%012llx", i * 2654435761ULL % 0xffffffffULL, i % 0xffff,
		    i % 0xfff, i);
		for (v = 0; v < (i % 10 == 0 ? 2 : 1); v++) {
			snprintf(ver, sizeof(ver), "20%02lld-%02lld-%02lldT%02lld:"
			    "00:00.000Z", 15 + i % 10, 1 + i % 12, 1 + i % 28,
			    (long long)v * 7 + i % 12);
			nw_buf_reset(&b);
			if (nw_buf_addf(&b, "{\"created\":\"%s\",\"created_by_ref"
			    "\":\"identity--b1a7e48e-af5a-4e2e-925a-bae21b42ad5f"
			    "\",\"description\":\"Generated incident %lld for the "
			    "TAXII benchmark: an intrusion into the networks of a "
			    "ministry, attributed by a national CERT to a "
			    "state-sponsored group, with the data taken and the "
			    "systems restored within days.\",\"external_references"
			    "\":[{\"source_name\":\"bench\",\"url\":\"https://example"
			    ".org/incidents/%lld\"}],\"id\":\"%s\",\"modified\":"
			    "\"%s\",\"name\":\"Incident %lld\",\"object_marking_"
			    "refs\":[\"marking-definition--94868c89-83c2-464b-929b-"
			    "a1a8aa3c8487\"],\"spec_version\":\"2.1\",\"type\":"
			    "\"incident\"}", ver, i, i, id, ver, i) == -1) {
				fprintf(stderr, "taxii_gen: object too large\n");
				return 1;
			}
			memset(&o, 0, sizeof(o));
			o.id = id;
			o.type = "incident";
			o.version = ver;
			o.spec_version = "2.1";
			o.json = b.data;
			o.len = b.len;
			if (nw_taxiis_put(p, "incidents", &o, NULL, &err) == -1)
				die(&err);
		}
	}
	nw_taxiis_put_free(p);
	if (nw_store_feed_commit(s, &err) == -1)
		die(&err);
	nw_store_close(s);
	nw_buf_free(&b);
	return 0;
usage:
	fprintf(stderr, "usage: taxii_gen -n N -o DB (a new file)\n");
	return 64;
}
