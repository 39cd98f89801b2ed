/*
 * genbundle.c - a vendor-style STIX 2.1 bundle for the ingest benchmark:
 * N objects of the kinds threat intelligence feeds carry (threat actors,
 * intrusion sets, identities, locations, indicators, malware,
 * relationships), with an incident every 50 objects that is attributed
 * to an intrusion set of a nation-state threat actor located in a state
 * and targets an identity located in another.  Every object is valid under
 * --strict, so an ingest keeps them all.  The same N gives the same bytes.
 *
 *	bench/genbundle [-n N] > bundle.json
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "normwatch/util.h"

#define TS	"\"created\":\"2024-03-01T12:00:00.000Z\"," \
		"\"modified\":\"2024-03-01T12:00:00.000Z\""
#define IDN	"identity--0b7b3bdc-a0cd-4d24-9bfb-7d3c7a7d0e5f"

/* A v4-shaped UUID from a counter and a kind (deterministic). */
static void
uuid_of(unsigned long long i, unsigned kind, char out[37])
{
	snprintf(out, 37, "%08llx-%04x-4%03x-8%03llx-%012llx",
	    (i * 2654435761ULL) & 0xffffffffULL, kind & 0xffff,
	    (unsigned)(i & 0xfff), (i >> 12) & 0xfff, i & 0xffffffffffffULL);
}

static const char *const countries[] = { "RU", "CN", "IR", "KP", "UA",
	"DE", "FR", "US", "GB", "PL" };

/* Object i; an incident block (kind 9) writes the incident and its ties. */
static void
object(unsigned long long i)
{
	char u[37], a[37], b[37], c[37], d[37];
	unsigned kind = (unsigned)(i % 10);

	uuid_of(i, kind, u);
	switch (kind) {
	case 0:
		printf("{\"type\":\"threat-actor\",\"spec_version\":\"2.1\","
		    "\"id\":\"threat-actor--%s\"," TS ",\"created_by_ref\":\""
		    IDN "\",\"name\":\"Actor %llu\",\"description\":\"A "
		    "threat actor seen in several campaigns against public "
		    "bodies and operators of essential services.\","
		    "\"threat_actor_types\":[\"nation-state\"],\"aliases\":"
		    "[\"APT-%llu\"],\"sophistication\":\"advanced\","
		    "\"resource_level\":\"government\"}", u, i, i);
		break;
	case 1:
		printf("{\"type\":\"intrusion-set\",\"spec_version\":\"2.1\","
		    "\"id\":\"intrusion-set--%s\"," TS ",\"created_by_ref\":\""
		    IDN "\",\"name\":\"Set %llu\",\"aliases\":[\"Group %llu\"],"
		    "\"goals\":[\"espionage\"],\"confidence\":70}", u, i, i);
		break;
	case 2:
		printf("{\"type\":\"location\",\"spec_version\":\"2.1\","
		    "\"id\":\"location--%s\"," TS ",\"created_by_ref\":\"" IDN
		    "\",\"country\":\"%s\"}", u, countries[i % 10]);
		break;
	case 3:
	case 4:
	case 5:
		printf("{\"type\":\"indicator\",\"spec_version\":\"2.1\","
		    "\"id\":\"indicator--%s\"," TS ",\"created_by_ref\":\"" IDN
		    "\",\"name\":\"C2 %llu\",\"indicator_types\":"
		    "[\"malicious-activity\"],\"pattern\":\"[ipv4-addr:value = "
		    "'198.51.%llu.%llu'] OR [domain-name:value = "
		    "'c2-%llu.example.com']\",\"pattern_type\":\"stix\","
		    "\"valid_from\":\"2024-03-01T12:00:00Z\"}", u, i,
		    (i / 256) % 256, i % 256, i);
		break;
	case 6:
		printf("{\"type\":\"malware\",\"spec_version\":\"2.1\","
		    "\"id\":\"malware--%s\"," TS ",\"created_by_ref\":\"" IDN
		    "\",\"name\":\"Wiper %llu\",\"is_family\":true,"
		    "\"malware_types\":[\"wiper\"]}", u, i);
		break;
	case 7:
		/* the intrusion set attributed to the threat actor above */
		uuid_of(i - 7, 0, a);
		uuid_of(i - 6, 1, b);
		printf("{\"type\":\"relationship\",\"spec_version\":\"2.1\","
		    "\"id\":\"relationship--%s\"," TS ",\"created_by_ref\":\""
		    IDN "\",\"relationship_type\":\"attributed-to\","
		    "\"source_ref\":\"intrusion-set--%s\",\"target_ref\":"
		    "\"threat-actor--%s\",\"confidence\":60}", u, b, a);
		break;
	case 8:
		/* the threat actor located at the location above */
		uuid_of(i - 8, 0, a);
		uuid_of(i - 6, 2, b);
		printf("{\"type\":\"relationship\",\"spec_version\":\"2.1\","
		    "\"id\":\"relationship--%s\"," TS ",\"created_by_ref\":\""
		    IDN "\",\"relationship_type\":\"located-at\","
		    "\"source_ref\":\"threat-actor--%s\",\"target_ref\":"
		    "\"location--%s\"}", u, a, b);
		break;
	default:
		if (i % 50 != 49) {
			uuid_of(i - 3, 6, a);
			uuid_of(i - 6, 3, b);
			printf("{\"type\":\"relationship\","
			    "\"spec_version\":\"2.1\",\"id\":\"relationship--"
			    "%s\"," TS ",\"created_by_ref\":\"" IDN "\","
			    "\"relationship_type\":\"indicates\",\"source_ref\":"
			    "\"indicator--%s\",\"target_ref\":\"malware--%s\"}",
			    u, b, a);
			break;
		}
		/* an incident attributed to the intrusion set above */
		uuid_of(i - 8, 1, a);
		uuid_of(i, 90, b);
		printf("{\"type\":\"incident\",\"spec_version\":\"2.1\","
		    "\"id\":\"incident--%s\"," TS ",\"created_by_ref\":\"" IDN
		    "\",\"name\":\"Intrusion %llu\",\"description\":\"An "
		    "intrusion into the networks of a ministry, attributed to "
		    "Set %llu.\"},\n", u, i, i - 8);
		printf("{\"type\":\"relationship\",\"spec_version\":\"2.1\","
		    "\"id\":\"relationship--%s\"," TS ",\"created_by_ref\":\""
		    IDN "\",\"relationship_type\":\"attributed-to\","
		    "\"source_ref\":\"incident--%s\",\"target_ref\":"
		    "\"intrusion-set--%s\",\"confidence\":80}", b, u, a);
		/* and targets a ministry located at the location above */
		uuid_of(i, 91, c);
		uuid_of(i, 93, a);
		printf(",\n{\"type\":\"identity\",\"spec_version\":\"2.1\","
		    "\"id\":\"identity--%s\"," TS ",\"created_by_ref\":\"" IDN
		    "\",\"name\":\"Ministry %llu\",\"identity_class\":"
		    "\"organization\",\"sectors\":[\"government-national\"]}",
		    a, i);
		printf(",\n{\"type\":\"relationship\",\"spec_version\":\"2.1\","
		    "\"id\":\"relationship--%s\"," TS ",\"created_by_ref\":\""
		    IDN "\",\"relationship_type\":\"targets\","
		    "\"source_ref\":\"incident--%s\",\"target_ref\":"
		    "\"identity--%s\"},\n", c, u, a);
		uuid_of(i, 92, d);
		uuid_of(i - 7, 2, b);
		printf("{\"type\":\"relationship\",\"spec_version\":\"2.1\","
		    "\"id\":\"relationship--%s\"," TS ",\"created_by_ref\":\""
		    IDN "\",\"relationship_type\":\"located-at\","
		    "\"source_ref\":\"identity--%s\",\"target_ref\":"
		    "\"location--%s\"}", d, a, b);
		break;
	}
}

int
main(int argc, char **argv)
{
	long long n = 100000, i;
	int c;

	while ((c = getopt(argc, argv, "n:")) != -1) {
		if (c != 'n' || nw_parse_ll(optarg, 10, 100000000, &n) < 0) {
			fprintf(stderr, "usage: genbundle [-n N]\n");
			return 64;
		}
	}
	printf("{\"type\":\"bundle\",\"id\":\"bundle--9f2d0a0e-3c1b-4d6e-9a47-"
	    "1c1c5f3b9e21\",\"objects\":[\n");
	printf("{\"type\":\"identity\",\"spec_version\":\"2.1\",\"id\":\"" IDN
	    "\"," TS ",\"name\":\"Example Threat Intelligence\","
	    "\"identity_class\":\"organization\",\"sectors\":"
	    "[\"technology\"]}");
	for (i = 0; i < n; i++) {
		printf(",\n");
		object((unsigned long long)i);
	}
	printf("\n]}\n");
	return ferror(stdout) ? 1 : 0;
}
