/*
 * test_stixval.c - the STIX 2.1 validator (src/stixval.c, src/stix.c):
 * every rule with a valid and an invalid object, --strict, reference
 * resolution, relationship pairs, extensions, markings, bad input, and
 * agreement with $NW_SHARED/data/stix21/EXPECTED.md (skipped when that
 * folder is absent).
 */
#include "config.h"

#include <dirent.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "normwatch/stix.h"
#include "normwatch/stixval.h"
#include "normwatch/util.h"

#define ID_TA	"threat-actor--9a8a0d25-7636-429b-a99e-b2a73cd0f11f"
#define ID_MAL	"malware--d1c612bc-146f-4b65-b7b0-9a54a14150a4"
#define ID_IND	"indicator--8ac90ff3-ecf8-4835-95b8-6aea6a623df5"
#define ID_IDN	"identity--1621d4d4-b67d-41e3-9670-f01faf20d111"
#define ID_REL	"relationship--d44019b6-b8f7-4cb3-837e-7fd3c5724b87"
#define ID_MD	"marking-definition--d81f86b9-975b-4c0b-875e-810c5ad45a4f"
#define ID_LOC	"location--3cd2d6f9-0ded-486b-8dca-606283a8997f"
#define ID_IS	"intrusion-set--56e5f1c8-08f3-4e24-9e8e-f87d844672ec"
#define ID_INC	"incident--b754abee-6de5-4b4e-8125-8dab1ca199fe"
#define ID_EXT	"extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e"
#define ID_FILE	"file--364fe3e5-b1f4-5ba3-b951-ee5983b3538d"
#define TSS	"\"created\":\"2020-01-01T00:00:00.000Z\"," \
		"\"modified\":\"2020-01-01T00:00:00.000Z\""
#define SDO(type, id) \
	"{\"type\":\"" type "\",\"spec_version\":\"2.1\",\"id\":\"" id "\"," TSS
#define B(objs) "{\"type\":\"bundle\",\"id\":" \
	"\"bundle--0ecd8123-90d5-46e0-9cd4-65d4999b3a2e\",\"objects\":[" \
	objs "]}"
#define TA	SDO("threat-actor", ID_TA) ",\"name\":\"Bravo\"}"
#define MAL	SDO("malware", ID_MAL) ",\"name\":\"Ivy\",\"is_family\":true}"
#define IDN	SDO("identity", ID_IDN) ",\"name\":\"Org\"}"
#define IND(extra) SDO("indicator", ID_IND) ",\"pattern\":" \
	"\"[ipv4-addr:value = '10.0.0.1']\",\"pattern_type\":\"stix\"," \
	"\"valid_from\":\"2020-01-01T00:00:00Z\"" extra "}"
#define REL(type, src, dst) SDO("relationship", ID_REL) \
	",\"relationship_type\":\"" type "\",\"source_ref\":\"" src \
	"\",\"target_ref\":\"" dst "\"}"

/*
 * Validate doc; check the verdict, the counts (-1: any) and that some
 * message contains text (NULL: none required) at path (NULL: any).
 */
static void
check(const char *doc, unsigned flags, int status, long errors,
    long warnings, const char *text, const char *path)
{
	struct nw_stixval_opts opts;
	struct nw_stixval_result res;
	char line[2048];
	size_t i;
	int found = text == NULL;

	memset(&opts, 0, sizeof(opts));
	opts.flags = flags;
	nw_stixval_buf(doc, strlen(doc), "t.json", &opts, &res);
	for (i = 0; i < res.nmsgs; i++) {
		if (text != NULL && strstr(res.msgs[i].text, text) != NULL &&
		    (path == NULL || strcmp(res.msgs[i].path, path) == 0))
			found = 1;
	}
	if (res.status != status || !found ||
	    (errors >= 0 && res.errors != (size_t)errors) ||
	    (warnings >= 0 && res.warnings != (size_t)warnings)) {
		for (i = 0; i < res.nmsgs; i++)
			print_message("# %s\n", nw_stixval_msg_str(&res.msgs[i],
			    line, sizeof(line)));
		if (res.status == NW_STIXVAL_UNREADABLE)
			print_message("# unreadable: %s\n", res.err.msg);
		nw_stixval_result_free(&res);
		fail_msg("status %d (wanted %d), %zu errors, %zu warnings, "
		    "\"%s\" %sfound", res.status, status, res.errors,
		    res.warnings, text != NULL ? text : "", found ? "" :
		    "not ");
	}
	nw_stixval_result_free(&res);
}

#define VALID(doc)	check(doc, 0, 0, 0, 0, NULL, NULL)
#define ERROR(doc, text, path)	check(doc, 0, 1, -1, -1, text, path)
#define WARNS(doc, text, path)	check(doc, 0, 0, 0, -1, text, path)

static void
test_baseline(void **state)
{
	(void)state;
	VALID(B(TA));
	VALID(B(TA "," MAL "," IDN "," IND("")));
	/* A single object, not a bundle. */
	VALID(TA);
	VALID(B(REL("attributed-to", ID_TA, ID_IDN) "," TA "," IDN));
}

static void
test_ids(void **state)
{
	(void)state;
	ERROR(B(SDO("threat-actor", "threat-actor--1234") ",\"name\":\"x\"}"),
	    "not a STIX identifier", "$.objects[0].id");
	ERROR(B(SDO("threat-actor", ID_MAL) ",\"name\":\"x\"}"),
	    "must start with the object's type", "$.objects[0].id");
	ERROR(B(SDO("threat-actor",
	    "threat-actor--9a8a0d25-7636-429b-c99e-b2a73cd0f11f")
	    ",\"name\":\"x\"}"), "RFC 4122", "$.objects[0].id");
	WARNS(B(SDO("threat-actor",
	    "threat-actor--9a8a0d25-7636-129b-a99e-b2a73cd0f11f")
	    ",\"name\":\"x\"}"), "should be UUIDv4", "$.objects[0].id");
	/* SCOs: UUIDv5 wanted; spec_version optional. */
	VALID(B("{\"type\":\"file\",\"id\":\"" ID_FILE "\",\"name\":\"a\"}"));
	WARNS(B("{\"type\":\"file\",\"id\":\"file--364fe3e5-b1f4-4ba3-b951-"
	    "ee5983b3538d\",\"name\":\"a\"}"), "should be UUIDv5", NULL);
	/* Upper-case hex is a valid UUID (RFC 4122 3). */
	VALID(B(SDO("threat-actor",
	    "threat-actor--9A8A0D25-7636-429B-A99E-B2A73CD0F11F")
	    ",\"name\":\"x\"}"));
	WARNS(B(TA "," TA), "appears more than once", "$.objects[1].id");
	WARNS("{\"type\":\"bundle\",\"id\":\"bundle--0ecd8123-90d5-16e0-"
	    "9cd4-65d4999b3a2e\",\"objects\":[" TA "]}", "UUIDv4", "$.id");
}

static void
test_timestamps(void **state)
{
	(void)state;
	ERROR(B(IND(",\"valid_until\":\"2020-13-01T00:00:00Z\"")),
	    "no such month: \"2020-13-01T00:00:00Z\"",
	    "$.objects[0].valid_until");
	ERROR(B(IND(",\"valid_until\":\"2021-02-29T00:00:00Z\"")),
	    "no such day", NULL);
	VALID(B(IND(",\"valid_until\":\"2024-02-29T23:59:60.5Z\"")));
	ERROR(B(IND(",\"valid_until\":\"2021-01-01T00:00:00+00:00\"")),
	    "UTC", NULL);
	ERROR(B(IND(",\"valid_until\":\"2021-01-01T00:00:00.Z\"")),
	    "decimal point", NULL);
	ERROR(B(IND(",\"valid_until\":\"2019-01-01T00:00:00Z\"")),
	    "valid_until must be later than valid_from", NULL);
	ERROR(B("{\"type\":\"threat-actor\",\"spec_version\":\"2.1\",\"id\":\""
	    ID_TA "\",\"created\":\"2020-01-01T00:00:00Z\",\"modified\":"
	    "\"2020-01-01T00:00:00.000Z\",\"name\":\"x\"}"),
	    "precise to the millisecond", "$.objects[0].created");
	ERROR(B("{\"type\":\"threat-actor\",\"spec_version\":\"2.1\",\"id\":\""
	    ID_TA "\",\"created\":\"2020-01-02T00:00:00.000Z\",\"modified\":"
	    "\"2020-01-01T00:00:00.000Z\",\"name\":\"x\"}"),
	    "modified must be later than or equal to created", NULL);
	ERROR(B(IND(",\"valid_until\":20200101")), "must be a string", NULL);
}

static void
test_required_and_types(void **state)
{
	(void)state;
	ERROR(B(SDO("threat-actor", ID_TA) "}"),
	    "missing required property name", "$.objects[0]");
	ERROR(B(SDO("report", "report--84e4d88f-44ea-4bcd-bbf3-b2c1c320bcb3")
	    ",\"name\":\"r\",\"object_refs\":[\"" ID_TA "\"]}"),
	    "missing required property published", NULL);
	ERROR(B("{\"type\":\"threat-actor\",\"id\":\"" ID_TA "\"," TSS
	    ",\"name\":\"x\"}"), "missing required property spec_version",
	    NULL);
	ERROR(B("{\"type\":\"threat-actor\",\"spec_version\":\"2.0\",\"id\":\""
	    ID_TA "\"," TSS ",\"name\":\"x\"}"), "spec_version must be",
	    "$.objects[0].spec_version");
	ERROR(B(SDO("threat-actor", ID_TA) ",\"name\":7}"),
	    "must be a string", "$.objects[0].name");
	ERROR(B(SDO("threat-actor", ID_TA) ",\"name\":\"x\",\"confidence\":"
	    "101}"), "out of the range 0 to 100", NULL);
	ERROR(B(SDO("threat-actor", ID_TA) ",\"name\":\"x\",\"confidence\":"
	    "5.5}"), "must be an integer", NULL);
	ERROR(B(SDO("threat-actor", ID_TA) ",\"name\":\"x\",\"aliases\":[]}"),
	    "empty list", "$.objects[0].aliases");
	ERROR(B(SDO("threat-actor", ID_TA) ",\"name\":\"x\",\"revoked\":"
	    "\"no\"}"), "true or false", NULL);
	ERROR(B(SDO("threat-actor", ID_TA) ",\"name\":\"x\",\"lang\":"
	    "\"english!\"}"), "RFC 5646", NULL);
	VALID(B(SDO("threat-actor", ID_TA) ",\"name\":\"x\",\"lang\":"
	    "\"de-CH\"}"));
	ERROR(B(MAL ",17"), "must be a JSON object", "$.objects[1]");
	ERROR(B("{\"id\":\"" ID_TA "\"}"), "missing required property type",
	    NULL);
}

static void
test_vocabularies(void **state)
{
	(void)state;
	WARNS(B(SDO("identity", ID_IDN) ",\"name\":\"x\",\"identity_class\":"
	    "\"alien\"}"), "not in the suggested vocabulary "
	    "identity-class-ov", "$.objects[0].identity_class");
	WARNS(B(SDO("threat-actor", ID_TA) ",\"name\":\"x\",\"roles\":"
	    "[\"agent\",\"boss\"]}"), "\"boss\"", "$.objects[0].roles[1]");
	VALID(B(SDO("identity", ID_IDN) ",\"name\":\"x\",\"sectors\":"
	    "[\"government-national\",\"legal\"]}"));
	ERROR(B(SDO("opinion", "opinion--b01efc25-77b4-4003-b18b-f6e24b5cd9f7")
	    ",\"opinion\":\"maybe\",\"object_refs\":[\"" ID_TA "\"]}"),
	    "is not a value of opinion-enum", "$.objects[0].opinion");
	VALID(B(SDO("opinion", "opinion--b01efc25-77b4-4003-b18b-f6e24b5cd9f7")
	    ",\"opinion\":\"agree\",\"object_refs\":[\"" ID_TA "\"]}"));
}

static void
test_custom_content(void **state)
{
	(void)state;
	ERROR(B(SDO("threat-actor", ID_TA) ",\"name\":\"x\",\"severity\":1}"),
	    "reserved property name", "$.objects[0].severity");
	ERROR(B(SDO("threat-actor", ID_TA) ",\"name\":\"x\",\"defanged\":"
	    "true}"), "not used on SDO objects", "$.objects[0].defanged");
	WARNS(B(SDO("threat-actor", ID_TA) ",\"name\":\"x\",\"x_acme_score\":"
	    "1}"), "custom properties are deprecated", NULL);
	ERROR(B(SDO("threat-actor", ID_TA) ",\"name\":\"x\",\"Score\":1}"),
	    "custom property names", "$.objects[0].Score");
	/* Deprecated custom object; a bad type name is an error. */
	WARNS(B("{\"type\":\"x-acme-thing\",\"id\":\"x-acme-thing--4527e5de-"
	    "8572-446a-a57a-706f15467461\"," TSS ",\"stuff\":1}"),
	    "custom objects are deprecated", NULL);
	ERROR(B("{\"type\":\"Acme\",\"id\":\"Acme--4527e5de-8572-446a-a57a-"
	    "706f15467461\"}"), "not a valid type name", NULL);
	/* A type defined through an extension-definition. */
	VALID(B("{\"type\":\"my-sdo\",\"spec_version\":\"2.1\",\"id\":"
	    "\"my-sdo--ac97aae4-83f1-46ca-a351-7aeb76678189\"," TSS
	    ",\"some_field\":1,\"extensions\":{\"" ID_EXT "\":"
	    "{\"extension_type\":\"new-sdo\"}}}"));
	ERROR(B("{\"type\":\"my-sdo\",\"spec_version\":\"2.1\",\"id\":"
	    "\"my-sdo--ac97aae4-83f1-46ca-a351-7aeb76678189\","
	    "\"extensions\":{\"" ID_EXT "\":{\"extension_type\":"
	    "\"new-sdo\"}}}"), "missing required property created", NULL);
	ERROR(B(SDO("threat-actor", ID_TA) ",\"name\":\"x\",\"extensions\":{\""
	    ID_EXT "\":{\"extension_type\":\"new-sdo\"}}}"),
	    "must not redefine", NULL);
}

static void
test_extensions(void **state)
{
	(void)state;
	ERROR(B(SDO("threat-actor", ID_TA) ",\"name\":\"x\",\"extensions\":"
	    "{\"monetary\":{\"a\":1}}}"), "neither an extension-definition id",
	    "$.objects[0].extensions.monetary");
	ERROR(B(SDO("threat-actor", ID_TA) ",\"name\":\"x\",\"extensions\":"
	    "{\"x-acme-ext\":{\"a\":1}}}"), "for SCOs only", NULL);
	ERROR(B(SDO("threat-actor", ID_TA) ",\"name\":\"x\",\"extensions\":"
	    "{\"" ID_EXT "\":{\"rank\":5}}}"), "needs extension_type", NULL);
	ERROR(B(SDO("threat-actor", ID_TA) ",\"name\":\"x\",\"extensions\":"
	    "{\"" ID_EXT "\":{\"extension_type\":\"sub-object\"}}}"),
	    "extension-type-enum", NULL);
	ERROR(B(SDO("threat-actor", ID_TA) ",\"name\":\"x\",\"extensions\":"
	    "{}}"), "empty extensions", NULL);
	VALID(B(SDO("threat-actor", ID_TA) ",\"name\":\"x\",\"extensions\":"
	    "{\"" ID_EXT "\":{\"extension_type\":\"property-extension\","
	    "\"rank\":5}}}"));
	/* A toplevel-property-extension allows top-level properties. */
	VALID(B(SDO("threat-actor", ID_TA) ",\"name\":\"x\",\"rank\":1,"
	    "\"extensions\":{\"" ID_EXT "\":{\"extension_type\":"
	    "\"toplevel-property-extension\"}}}"));
	/* Predefined SCO extensions, and deprecated custom ones. */
	VALID(B("{\"type\":\"file\",\"id\":\"" ID_FILE "\",\"name\":\"a\","
	    "\"extensions\":{\"ntfs-ext\":{\"sid\":\"1\"}}}"));
	WARNS(B("{\"type\":\"file\",\"id\":\"" ID_FILE "\",\"name\":\"a\","
	    "\"extensions\":{\"x-acme-ext\":{\"sid\":\"1\"}}}"),
	    "custom extensions are deprecated", NULL);
	ERROR(B("{\"type\":\"file\",\"id\":\"" ID_FILE "\",\"name\":\"a\","
	    "\"extensions\":{\"tcp-ext\":{\"sid\":\"1\"}}}"),
	    "predefined extension of network-traffic", NULL);
	/* The Incident Core Extension. */
	VALID(B(SDO("incident", ID_INC) ",\"name\":\"i\",\"extensions\":{\""
	    NW_STIX_EXT_INCIDENT_CORE "\":{\"extension_type\":"
	    "\"property-extension\",\"determination\":\"confirmed\","
	    "\"investigation_status\":\"closed\"}}}"));
	ERROR(B(SDO("incident", ID_INC) ",\"name\":\"i\",\"extensions\":{\""
	    NW_STIX_EXT_INCIDENT_CORE "\":{\"extension_type\":"
	    "\"property-extension\",\"determination\":\"confirmed\"}}}"),
	    "requires investigation_status", NULL);
}

static void
test_references(void **state)
{
	(void)state;
	ERROR(B(SDO("threat-actor", ID_TA) ",\"name\":\"x\",\"created_by_ref\""
	    ":\"" ID_MAL "\"}"), "must refer to identity",
	    "$.objects[0].created_by_ref");
	ERROR(B(SDO("threat-actor", ID_TA) ",\"name\":\"x\","
	    "\"object_marking_refs\":[\"" ID_TA "\"]}"),
	    "must refer to marking-definition",
	    "$.objects[0].object_marking_refs[0]");
	ERROR(B(SDO("sighting", "sighting--8356e820-8080-4692-aa91-"
	    "ecbe94006833") ",\"sighting_of_ref\":\"" ID_REL "\"}"),
	    "must refer to an SDO", NULL);
	/* Missing targets are fine, except in strict mode. */
	VALID(B(SDO("threat-actor", ID_TA) ",\"name\":\"x\",\"created_by_ref\""
	    ":\"" ID_IDN "\"}"));
	check(B(SDO("threat-actor", ID_TA) ",\"name\":\"x\",\"created_by_ref\""
	    ":\"" ID_IDN "\"}"), NW_STIXVAL_STRICT, 1, 1, 0,
	    "is not in the bundle", "$.objects[0].created_by_ref");
	/* Resolved, forwards and backwards; TLP markings need no object. */
	check(B(SDO("threat-actor", ID_TA) ",\"name\":\"x\",\"created_by_ref\""
	    ":\"" ID_IDN "\",\"object_marking_refs\":[\"" NW_STIX_TLP2_CLEAR
	    "\",\"" NW_STIX_TLP1_GREEN "\"]}," IDN), NW_STIXVAL_STRICT, 0, 0, 0,
	    NULL, NULL);
	check(B(IDN "," REL("attributed-to", ID_TA, ID_IDN) "," TA),
	    NW_STIXVAL_STRICT, 0, 0, 0, NULL, NULL);
	/* References inside extensions count too. */
	check(B(SDO("incident", ID_INC) ",\"name\":\"i\",\"extensions\":{\""
	    ID_EXT "\":{\"extension_type\":\"property-extension\","
	    "\"impact_refs\":[\"" ID_TA "\"]}}}"), NW_STIXVAL_STRICT, 1, 2,
	    0, "is not in the bundle", NULL);
}

static void
test_relationships(void **state)
{
	(void)state;
	VALID(B(REL("indicates", ID_IND, ID_MAL)));
	VALID(B(REL("related-to", ID_IND, ID_LOC)));
	VALID(B(REL("derived-from", ID_MAL, "malware--fdd60b30-b67c-41e3-"
	    "b0b9-f01faf20d111")));
	WARNS(B(REL("derived-from", ID_MAL, ID_TA)), "not a relationship the "
	    "specification defines", "$.objects[0].relationship_type");
	WARNS(B(REL("uses", ID_IND, ID_MAL)), "from indicator to malware",
	    NULL);
	check(B(REL("uses", ID_IND, ID_MAL) "," MAL "," IND("")),
	    NW_STIXVAL_STRICT, 1, 1, 0, "not a relationship", NULL);
	VALID(B(REL("attributed-to", ID_IS, ID_TA)));
	/* the Incident Core Extension's pairs (cti-stix-common-objects) */
	VALID(B(REL("attributed-to", ID_INC, ID_IS)));
	VALID(B(REL("targets", ID_INC, ID_IDN)));
	WARNS(B(REL("attributed-to", ID_INC, ID_TA)), "from incident to "
	    "threat-actor", NULL);
	VALID(B(REL("consists-of", "infrastructure--38c47d93-d984-4fd9-b87b-"
	    "d69d0841628d", "ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4")));
	ERROR(B(REL("related-to", ID_IND, ID_MD)), "must refer to an SDO or "
	    "an SCO", "$.objects[0].target_ref");
	ERROR(B(REL("Uses It", ID_IND, ID_MAL)), "lower case words", NULL);
	ERROR(B(SDO("relationship", ID_REL) ",\"relationship_type\":\"uses\","
	    "\"source_ref\":\"" ID_TA "\",\"target_ref\":\"" ID_MAL "\","
	    "\"start_time\":\"2020-01-02T00:00:00Z\",\"stop_time\":"
	    "\"2020-01-02T00:00:00Z\"}"), "stop_time must be later than", NULL);
}

static void
test_markings(void **state)
{
	(void)state;
	VALID(B("{\"type\":\"marking-definition\",\"spec_version\":\"2.1\","
	    "\"id\":\"" NW_STIX_TLP1_AMBER "\",\"created\":"
	    "\"2017-01-20T00:00:00.000Z\",\"definition_type\":\"tlp\","
	    "\"name\":\"TLP:AMBER\",\"definition\":{\"tlp\":\"amber\"}}"));
	ERROR(B("{\"type\":\"marking-definition\",\"spec_version\":\"2.1\","
	    "\"id\":\"" ID_MD "\",\"created\":\"2017-01-20T00:00:00.000Z\","
	    "\"definition_type\":\"tlp\",\"definition\":{\"tlp\":\"amber\"}}"),
	    "only the standard TLP:AMBER", NULL);
	VALID(B("{\"type\":\"marking-definition\",\"spec_version\":\"2.1\","
	    "\"id\":\"" NW_STIX_TLP2_CLEAR "\",\"created\":"
	    "\"2022-10-01T00:00:00.000Z\",\"name\":\"TLP:CLEAR\","
	    "\"extensions\":{\"" NW_STIX_EXT_TLP2 "\":{\"extension_type\":"
	    "\"property-extension\",\"tlp_2_0\":\"clear\"}}}"));
	ERROR(B("{\"type\":\"marking-definition\",\"spec_version\":\"2.1\","
	    "\"id\":\"" ID_MD "\",\"created\":\"2022-10-01T00:00:00.000Z\","
	    "\"name\":\"TLP:CLEAR\",\"extensions\":{\"" NW_STIX_EXT_TLP2
	    "\":{\"extension_type\":\"property-extension\",\"tlp_2_0\":"
	    "\"clear\"}}}"), "only the standard TLP 2.0", NULL);
	VALID(B("{\"type\":\"marking-definition\",\"spec_version\":\"2.1\","
	    "\"id\":\"" ID_MD "\",\"created\":\"2017-01-20T00:00:00.000Z\","
	    "\"definition_type\":\"statement\",\"definition\":{\"statement\":"
	    "\"(c) Acme\"}}"));
	ERROR(B("{\"type\":\"marking-definition\",\"spec_version\":\"2.1\","
	    "\"id\":\"" ID_MD "\",\"created\":\"2017-01-20T00:00:00.000Z\"}"),
	    "needs definition_type and definition", NULL);
	ERROR(B("{\"type\":\"marking-definition\",\"spec_version\":\"2.1\","
	    "\"id\":\"" ID_MD "\",\"created\":\"2017-01-20T00:00:00.000Z\","
	    "\"modified\":\"2017-01-20T00:00:00.000Z\",\"definition_type\":"
	    "\"statement\",\"definition\":{\"statement\":\"s\"}}"),
	    "modified is not used on meta objects", "$.objects[0].modified");
	ERROR(B("{\"type\":\"marking-definition\",\"spec_version\":\"2.1\","
	    "\"id\":\"" ID_MD "\",\"created\":\"2017-01-20T00:00:00.000Z\","
	    "\"definition_type\":\"statement\",\"definition\":{\"statement\":"
	    "\"s\"},\"object_marking_refs\":[\"" ID_MD "\"]}"),
	    "must not mark itself", NULL);
	/* Granular markings. */
	VALID(B(SDO("threat-actor", ID_TA) ",\"name\":\"x\",\"aliases\":"
	    "[\"a\",\"b\"],\"granular_markings\":[{\"marking_ref\":\""
	    NW_STIX_TLP1_RED "\",\"selectors\":[\"name\",\"aliases.[1]\"]},"
	    "{\"lang\":\"de\",\"selectors\":[\"name\"]}]}"));
	ERROR(B(SDO("threat-actor", ID_TA) ",\"name\":\"x\",\"aliases\":"
	    "[\"a\"],\"granular_markings\":[{\"marking_ref\":\""
	    NW_STIX_TLP1_RED "\",\"selectors\":[\"aliases.[1]\"]}]}"),
	    "selects nothing", "$.objects[0].granular_markings[0]"
	    ".selectors[0]");
	ERROR(B(SDO("threat-actor", ID_TA) ",\"name\":\"x\","
	    "\"granular_markings\":[{\"marking_ref\":\"" NW_STIX_TLP1_RED
	    "\",\"lang\":\"en\",\"selectors\":[\"name\"]}]}"),
	    "exactly one of marking_ref and lang", NULL);
	ERROR(B(SDO("threat-actor", ID_TA) ",\"name\":\"x\","
	    "\"granular_markings\":[{\"marking_ref\":\"" NW_STIX_TLP1_RED
	    "\"}]}"), "missing required property selectors", NULL);
}

static void
test_type_rules(void **state)
{
	(void)state;
	VALID(B(SDO("location", ID_LOC) ",\"country\":\"DE\"}"));
	VALID(B(SDO("location", ID_LOC) ",\"latitude\":48.8,"
	    "\"longitude\":2.3,\"precision\":1000.0}"));
	ERROR(B(SDO("location", ID_LOC) ",\"name\":\"x\"}"),
	    "needs region, country, or latitude and longitude", NULL);
	ERROR(B(SDO("location", ID_LOC) ",\"latitude\":48.8,"
	    "\"region\":\"europe\"}"), "go together", NULL);
	ERROR(B(SDO("location", ID_LOC) ",\"latitude\":98.8,"
	    "\"longitude\":2}"), "latitude out of", NULL);
	WARNS(B(SDO("location", ID_LOC) ",\"country\":\"Germany\"}"),
	    "ISO 3166-1", "$.objects[0].country");
	ERROR(B(SDO("malware", ID_MAL) ",\"is_family\":true}"),
	    "needs a name", NULL);
	VALID(B(SDO("malware", ID_MAL) ",\"is_family\":false}"));
	ERROR(B(SDO("observed-data", "observed-data--cf8eaa41-6f4c-482e-89b9-"
	    "9cd2d6a83cb1") ",\"first_observed\":\"2020-01-01T00:00:00Z\","
	    "\"last_observed\":\"2020-01-01T00:00:00Z\",\"number_observed\":1,"
	    "\"object_refs\":[\"" ID_FILE "\"],\"objects\":{\"0\":{\"type\":"
	    "\"file\"}}}"), "exactly one of objects and object_refs", NULL);
	ERROR(B(SDO("observed-data", "observed-data--cf8eaa41-6f4c-482e-89b9-"
	    "9cd2d6a83cb1") ",\"first_observed\":\"2020-01-01T00:00:00Z\","
	    "\"last_observed\":\"2020-01-01T00:00:00Z\",\"number_observed\":0,"
	    "\"object_refs\":[\"" ID_FILE "\"]}"), "out of the range", NULL);
	ERROR(B(IND("") "," SDO("indicator", "indicator--0c9511ac-e14b-4f48-"
	    "9d49-54bfc93c9b34") ",\"pattern\":\"[file:name = 'x'\","
	    "\"pattern_type\":\"stix\",\"valid_from\":"
	    "\"2020-01-01T00:00:00Z\"}"), "not a valid STIX pattern",
	    "$.objects[1].pattern");
	/* Other pattern languages are not parsed. */
	VALID(B(SDO("indicator", ID_IND) ",\"pattern\":\"alert tcp any\","
	    "\"pattern_type\":\"snort\",\"valid_from\":"
	    "\"2020-01-01T00:00:00Z\"}"));
	ERROR(B("{\"type\":\"file\",\"id\":\"" ID_FILE "\",\"size\":1}"),
	    "needs hashes or name", NULL);
	ERROR(B("{\"type\":\"file\",\"id\":\"" ID_FILE "\",\"hashes\":"
	    "{\"MD5\":\"abc\"}}"), "not a MD5 digest", NULL);
	WARNS(B("{\"type\":\"file\",\"id\":\"" ID_FILE "\",\"hashes\":"
	    "{\"md6\":\"abc\"}}"), "not in hash-algorithm-ov", NULL);
	ERROR(B(SDO("attack-pattern", "attack-pattern--0c7b5b88-8ff7-4a4d-"
	    "aa9d-feb398cd0061") ",\"name\":\"p\",\"external_references\":"
	    "[{\"source_name\":\"capec\",\"external_id\":\"163\"}]}"),
	    "CAPEC-[id]", NULL);
	ERROR(B(SDO("attack-pattern", "attack-pattern--0c7b5b88-8ff7-4a4d-"
	    "aa9d-feb398cd0061") ",\"name\":\"p\",\"external_references\":"
	    "[{\"source_name\":\"capec\"}]}"), "needs one of description",
	    NULL);
	WARNS(B(SDO("attack-pattern", "attack-pattern--0c7b5b88-8ff7-4a4d-"
	    "aa9d-feb398cd0061") ",\"name\":\"p\",\"kill_chain_phases\":"
	    "[{\"kill_chain_name\":\"Lockheed Martin\",\"phase_name\":"
	    "\"recon\"}]}"), "lower case with hyphens", NULL);
	WARNS(B("{\"type\":\"extension-definition\",\"spec_version\":\"2.1\","
	    "\"id\":\"" ID_EXT "\"," TSS ",\"created_by_ref\":\"" ID_IDN "\","
	    "\"name\":\"e\",\"schema\":\"s\",\"version\":\"1.0.0\","
	    "\"extension_types\":[\"property-extension\"]}"),
	    "should have a description", NULL);
	ERROR(B("{\"type\":\"extension-definition\",\"spec_version\":\"2.1\","
	    "\"id\":\"" ID_EXT "\"," TSS ",\"created_by_ref\":\"" ID_IDN "\","
	    "\"name\":\"e\",\"description\":\"d\",\"schema\":\"s\","
	    "\"version\":\"1.0.0\",\"extension_types\":[\"property-extension\""
	    "],\"extension_properties\":[\"rank\"]}"),
	    "only with toplevel-property-extension", NULL);
}

static void
test_bundle_and_input(void **state)
{
	struct nw_stixval_result res;

	(void)state;
	ERROR("{\"type\":\"bundle\",\"id\":\"bundle--0ecd8123-90d5-46e0-9cd4-"
	    "65d4999b3a2e\",\"spec_version\":\"2.0\",\"objects\":[" TA "]}",
	    "no spec_version", "$.spec_version");
	ERROR("{\"type\":\"bundle\",\"id\":\"bundle--0ecd8123-90d5-46e0-9cd4-"
	    "65d4999b3a2e\",\"objects\":[]}", "empty list", "$.objects");
	WARNS("{\"type\":\"bundle\",\"id\":\"bundle--0ecd8123-90d5-46e0-9cd4-"
	    "65d4999b3a2e\",\"x_note\":1,\"objects\":[" TA "]}",
	    "custom property on a bundle", "$.x_note");
	/* objects before type, as infrastructure.json has it. */
	VALID("{\"id\":\"bundle--0ecd8123-90d5-46e0-9cd4-65d4999b3a2e\","
	    "\"objects\":[" TA "],\"type\":\"bundle\"}");
	ERROR("{\"id\":\"bundle--0ecd8123-90d5-46e0-9cd4-65d4999b3a2e\","
	    "\"objects\":[" TA "]}", "must be a bundle", NULL);
	ERROR("[" TA "]", "not a STIX bundle", "$");
	ERROR("42", "a number, not a STIX bundle", NULL);
	ERROR(B(TA "," B(TA)), "bundle is not a STIX object", NULL);
	/* Unreadable: truncated, duplicate keys, not JSON. */
	check("{\"type\":\"bundle\",\"objects\":[" TA, 0, 2, 1, 0,
	    "truncated", NULL);
	check(B(SDO("threat-actor", ID_TA) ",\"name\":\"a\",\"name\":\"b\"}"),
	    0, 2, 1, 0, "duplicate key", "$.objects[0].name");
	check("not json", 0, 2, -1, 0, "invalid literal", NULL);
	nw_stixval_buf(B(TA ",{\"type\":\"x\xff\"}"), strlen(B(TA
	    ",{\"type\":\"x\xff\"}")), "t.json", NULL, &res);
	assert_int_equal(res.status, NW_STIXVAL_UNREADABLE);
	assert_int_equal(res.err.code, NW_E_DATA);
	assert_string_equal(res.err.path, "$.objects[1].type");
	assert_string_equal(res.err.file, "t.json");
	nw_stixval_result_free(&res);
	assert_int_equal(nw_stixval_file("/nonexistent/x.json", NULL, &res),
	    NW_STIXVAL_UNREADABLE);
	assert_int_equal(res.err.code, NW_E_IO);
	nw_stixval_result_free(&res);
}

static void
test_messages(void **state)
{
	struct nw_stixval_result res;
	const char *doc = B(TA "," IND(",\"valid_until\":\"2020-13-01\""));
	char line[1024];

	(void)state;
	nw_stixval_buf(doc, strlen(doc), NULL, NULL, &res);
	assert_int_equal(res.status, NW_STIXVAL_INVALID);
	assert_int_equal(res.objects, 2);
	assert_int_equal(res.nmsgs, 1);
	assert_int_equal(res.msgs[0].severity, NW_STIXVAL_ERROR);
	assert_string_equal(res.msgs[0].object_id, ID_IND);
	assert_string_equal(res.msgs[0].path, "$.objects[1].valid_until");
	assert_string_equal(res.msgs[0].section, "2.16");
	assert_string_equal(nw_stixval_msg_str(&res.msgs[0], line,
	    sizeof(line)), "$.objects[1].valid_until (" ID_IND "): error: "
	    "not an RFC 3339 timestamp YYYY-MM-DDTHH:mm:ss[.s+]Z: "
	    "\"2020-13-01\" [2.16]");
	nw_stixval_result_free(&res);
}

static void
test_stix_helpers(void **state)
{
	char out[128];

	(void)state;
	/* 2.9 example: ipv4-addr 198.51.100.3. */
	assert_int_equal(nw_stix_sco_id("ipv4-addr",
	    "{\"value\":\"198.51.100.3\"}", out, sizeof(out)), 0);
	assert_string_equal(out,
	    "ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4");
	assert_int_equal(nw_stix_relationship_defined("indicator",
	    "indicates", "malware"), 1);
	assert_int_equal(nw_stix_relationship_defined("malware",
	    "indicates", "indicator"), 0);
	assert_int_equal(nw_stix_timestamp_cmp("2020-01-01T00:00:00.1Z",
	    "2020-01-01T00:00:00.100Z"), 0);
	assert_true(nw_stix_timestamp_cmp("2020-01-01T00:00:00Z",
	    "2020-01-01T00:00:00.001Z") < 0);
	assert_non_null(nw_stix_tlp_by_level(2, "amber+strict"));
	assert_string_equal(nw_stix_tlp_by_id(NW_STIX_TLP2_RED)->name,
	    "TLP:RED");
	assert_int_equal(nw_stix_pattern_check("([file:hashes.'SHA-256' = "
	    "'ab'] AND [x-usb:serial_number = '5']) WITHIN 300 SECONDS "
	    "FOLLOWEDBY [process:pid IN (1, 2)] START "
	    "t'2020-01-01T00:00:00Z' STOP t'2020-01-02T00:00:00Z'", out,
	    sizeof(out)), 0);
	assert_int_equal(nw_stix_pattern_check("[file:name = 'a'] AND", out,
	    sizeof(out)), -1);
}

/* --- $NW_SHARED/data/stix21 against EXPECTED.md ---------------------------- */

static char *shared_dir;

struct expect {
	char	 file[256];
	int	 status;
	long	 warnings;	/* -1: not given */
};

static void
test_shared_expected(void **state)
{
	struct expect ex[64];
	size_t nex = 0, i, checked = 0;
	char *md, *line, *nl, *p, *path;
	size_t len;
	struct nw_error err;
	struct nw_stixval_result res;
	DIR *d;
	struct dirent *de;
	long want_w;
	int want;

	(void)state;
	path = xasprintf("%s/EXPECTED.md", shared_dir);
	md = nw_read_file(path, 1u << 20, &len, &err);
	free(path);
	assert_non_null(md);
	/* | file | verdict | why | */
	for (line = md; line != NULL && *line != '\0'; line = nl) {
		nl = strchr(line, '\n');
		if (nl != NULL)
			*nl++ = '\0';
		if (strncmp(line, "| ", 2) != 0 || strstr(line, ".json") ==
		    NULL || nex == NW_NELEM(ex))
			continue;
		p = strchr(line + 2, ' ');
		if (p == NULL)
			continue;
		*p = '\0';
		nw_strlcpy(ex[nex].file, line + 2, sizeof(ex[nex].file));
		p = strchr(p + 1, '|');
		if (p == NULL)
			continue;
		p++;
		while (*p == ' ')
			p++;
		ex[nex].status = strncmp(p, "invalid", 7) == 0 ? 1 : 0;
		ex[nex].warnings = -1;
		if (strncmp(p, "valid, ", 7) == 0)
			ex[nex].warnings = strtol(p + 7, NULL, 10);
		else if (strncmp(p, "valid |", 7) == 0)
			ex[nex].warnings = -1;
		nex++;
	}
	free(md);
	assert_true(nex >= 3);
	d = opendir(shared_dir);
	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		if (strlen(de->d_name) < 6 || strcmp(de->d_name +
		    strlen(de->d_name) - 5, ".json") != 0)
			continue;
		want = 0;		/* "every other file here: valid" */
		want_w = -1;
		for (i = 0; i < nex; i++)
			if (strcmp(ex[i].file, de->d_name) == 0) {
				want = ex[i].status;
				want_w = ex[i].warnings;
			}
		path = xasprintf("%s/%s", shared_dir, de->d_name);
		nw_stixval_file(path, NULL, &res);
		print_message("# %s: status %d, %zu errors, %zu warnings\n",
		    de->d_name, res.status, res.errors, res.warnings);
		if (res.status != want || (want_w >= 0 &&
		    res.warnings != (size_t)want_w))
			fail_msg("%s: status %d with %zu warnings, EXPECTED.md "
			    "says %s (%ld warnings)", de->d_name, res.status,
			    res.warnings, want ? "invalid" : "valid", want_w);
		nw_stixval_result_free(&res);
		free(path);
		checked++;
	}
	closedir(d);
	assert_true(checked >= nex);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_baseline),
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_timestamps),
		cmocka_unit_test(test_required_and_types),
		cmocka_unit_test(test_vocabularies),
		cmocka_unit_test(test_custom_content),
		cmocka_unit_test(test_extensions),
		cmocka_unit_test(test_references),
		cmocka_unit_test(test_relationships),
		cmocka_unit_test(test_markings),
		cmocka_unit_test(test_type_rules),
		cmocka_unit_test(test_bundle_and_input),
		cmocka_unit_test(test_messages),
		cmocka_unit_test(test_stix_helpers),
		cmocka_unit_test(test_shared_expected),
	};
	const char *shared = getenv("NW_SHARED");
	char *exp;
	int rc;

	shared_dir = xasprintf("%s/data/stix21", shared != NULL ? shared :
	    "../shared");
	exp = xasprintf("%s/EXPECTED.md", shared_dir);
	if (access(exp, R_OK) != 0) {
		/* cmocka's skip counts as a failure in our TAP driver. */
		printf("1..0 # SKIP %s not found\n", exp);
		free(exp);
		free(shared_dir);
		return 0;
	}
	free(exp);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	free(shared_dir);
	return rc;
}
