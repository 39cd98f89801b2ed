/*
 * bench_stixval.c - validation speed: build a bundle of N typical objects
 * (threat actors, intrusion sets, identities, indicators, relationships;
 * about 500 bytes each) in memory, validate it, print objects per second.
 *
 *	bench/bench_stixval [-n N] [-s]	(-s: --strict)
 *
 * Exit status 1 when the generated bundle is not valid (a bug in the
 * generator or the validator), so the bench cannot silently measure
 * error paths.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "normwatch/stixval.h"
#include "normwatch/util.h"

/* A v4-shaped UUID from a counter and a kind (deterministic). */
static void
uuid_of(unsigned long long i, unsigned kind, char out[37])
{
	snprintf(out, 37, "%08llx-%04x-4%03x-8%03llx-%012llx",
	    (i * 2654435761ULL) & 0xffffffffULL, kind & 0xffff,
	    (unsigned)(i & 0xfff), (i >> 12) & 0xfff, i & 0xffffffffffffULL);
}

static int
add_object(struct nw_buf *b, unsigned long long i)
{
	char u[37], a[37], c[37];
	const char *ts = "\"created\":\"2024-03-01T12:00:00.000Z\","
	    "\"modified\":\"2024-03-01T12:00:00.000Z\"";

	uuid_of(i, (unsigned)(i % 5), u);
	switch (i % 5) {
	case 0:
		return nw_buf_addf(b, "{\"type\":\"threat-actor\","
		    "\"spec_version\":\"2.1\",\"id\":\"threat-actor--%s\",%s,"
		    "\"name\":\"Actor %llu\",\"description\":\"A threat actor "
		    "seen in several campaigns against public bodies and "
		    "operators of essential services.\",\"threat_actor_types\":"
		    "[\"nation-state\"],\"aliases\":[\"APT-%llu\"],"
		    "\"sophistication\":\"advanced\",\"resource_level\":"
		    "\"government\",\"primary_motivation\":\"organizational-gain\","
		    "\"object_marking_refs\":[\"marking-definition--94868c89-"
		    "83c2-464b-929b-a1a8aa3c8487\"]}", u, ts, i, i);
	case 1:
		return nw_buf_addf(b, "{\"type\":\"intrusion-set\","
		    "\"spec_version\":\"2.1\",\"id\":\"intrusion-set--%s\",%s,"
		    "\"name\":\"Set %llu\",\"aliases\":[\"Group %llu\"],"
		    "\"goals\":[\"espionage\"],\"confidence\":70,"
		    "\"external_references\":[{\"source_name\":\"report\","
		    "\"description\":\"Public attribution statement\","
		    "\"external_id\":\"R-%llu\"}]}", u, ts, i, i, i);
	case 2:
		return nw_buf_addf(b, "{\"type\":\"identity\","
		    "\"spec_version\":\"2.1\",\"id\":\"identity--%s\",%s,"
		    "\"name\":\"Ministry %llu\",\"identity_class\":"
		    "\"organization\",\"sectors\":[\"government-national\"],"
		    "\"description\":\"A government body reported as the victim "
		    "of an intrusion.\"}", u, ts, i);
	case 3:
		return nw_buf_addf(b, "{\"type\":\"indicator\","
		    "\"spec_version\":\"2.1\",\"id\":\"indicator--%s\",%s,"
		    "\"name\":\"C2 %llu\",\"indicator_types\":"
		    "[\"malicious-activity\"],\"pattern\":\"[ipv4-addr:value = "
		    "'198.51.%llu.%llu'] OR [domain-name:value = "
		    "'c2-%llu.example.com']\",\"pattern_type\":\"stix\","
		    "\"valid_from\":\"2024-03-01T12:00:00Z\"}", u, ts, i,
		    (i / 256) % 256, i % 256, i);
	default:
		uuid_of(i - 4, 0, a);
		uuid_of(i - 3, 1, c);
		return nw_buf_addf(b, "{\"type\":\"relationship\","
		    "\"spec_version\":\"2.1\",\"id\":\"relationship--%s\",%s,"
		    "\"relationship_type\":\"attributed-to\",\"source_ref\":"
		    "\"intrusion-set--%s\",\"target_ref\":\"threat-actor--%s\","
		    "\"confidence\":60,\"description\":\"Attribution claimed by "
		    "a government statement.\"}", u, ts, c, a);
	}
}

int
main(int argc, char **argv)
{
	struct nw_stixval_opts opts;
	struct nw_stixval_result res;
	struct nw_buf b;
	struct timespec t0, t1;
	long long n = 200000, i;
	double secs;
	int c;

	memset(&opts, 0, sizeof(opts));
	while ((c = getopt(argc, argv, "n:s")) != -1) {
		switch (c) {
		case 'n':
			if (nw_parse_ll(optarg, 1, 10000000, &n) < 0) {
				fprintf(stderr, "bad -n\n");
				return 64;
			}
			break;
		case 's':
			opts.flags |= NW_STIXVAL_STRICT;
			break;
		default:
			fprintf(stderr, "usage: bench_stixval [-n N] [-s]\n");
			return 64;
		}
	}
	nw_buf_init(&b, (size_t)4 << 30);
	if (nw_buf_adds(&b, "{\"type\":\"bundle\",\"id\":\"bundle--0ecd8123-"
	    "90d5-46e0-9cd4-65d4999b3a2e\",\"objects\":[") < 0)
		return 1;
	for (i = 0; i < n; i++)
		if ((i > 0 && nw_buf_addc(&b, ',') < 0) ||
		    add_object(&b, (unsigned long long)i) < 0)
			return 1;
	if (nw_buf_adds(&b, "]}") < 0)
		return 1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	nw_stixval_buf(b.data, b.len, "bench", &opts, &res);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("stixval: %zu objects, %.1f MB (%.0f bytes/object), %.3f s, "
	    "%.0f objects/s (target 100000)\n", res.objects,
	    (double)b.len / 1e6, (double)b.len / (double)n, secs,
	    (double)res.objects / secs);
	if (res.status != NW_STIXVAL_VALID || res.warnings > 0) {
		fprintf(stderr, "bench_stixval: the generated bundle is not "
		    "clean: status %d, %zu errors, %zu warnings, first: %s\n",
		    res.status, res.errors, res.warnings,
		    res.nmsgs > 0 ? res.msgs[0].text : "-");
		nw_stixval_result_free(&res);
		nw_buf_free(&b);
		return 1;
	}
	nw_stixval_result_free(&res);
	nw_buf_free(&b);
	return 0;
}
