/*
 * stix.c - STIX 2.1 knowledge: object types and their properties,
 * vocabularies, identifiers, timestamps, relationships, TLP markings,
 * patterns and UUIDv5.  See stix.h; section numbers are those of STIX 2.1
 * (OASIS Standard with Errata 01).
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <nettle/sha2.h>
#include <uuid/uuid.h>

#include "normwatch/stix.h"
#include "normwatch/util.h"

/* --- TLP markings (7.2.1.4; TLP 2.0 from cti-stix-common-objects) ------- */

static const struct nw_stix_tlp tlps[] = {
	{ NW_STIX_TLP1_WHITE, "TLP:WHITE", "white", "2017-01-20T00:00:00.000Z", 1 },
	{ NW_STIX_TLP1_GREEN, "TLP:GREEN", "green", "2017-01-20T00:00:00.000Z", 1 },
	{ NW_STIX_TLP1_AMBER, "TLP:AMBER", "amber", "2017-01-20T00:00:00.000Z", 1 },
	{ NW_STIX_TLP1_RED, "TLP:RED", "red", "2017-01-20T00:00:00.000Z", 1 },
	{ NW_STIX_TLP2_CLEAR, "TLP:CLEAR", "clear", "2022-10-01T00:00:00.000Z", 2 },
	{ NW_STIX_TLP2_GREEN, "TLP:GREEN", "green", "2022-10-01T00:00:00.000Z", 2 },
	{ NW_STIX_TLP2_AMBER, "TLP:AMBER", "amber", "2022-10-01T00:00:00.000Z", 2 },
	{ NW_STIX_TLP2_AMBER_STRICT, "TLP:AMBER+STRICT", "amber+strict",
	    "2022-10-01T00:00:00.000Z", 2 },
	{ NW_STIX_TLP2_RED, "TLP:RED", "red", "2022-10-01T00:00:00.000Z", 2 },
};

const struct nw_stix_tlp *
nw_stix_tlp_by_id(const char *id)
{
	size_t i;

	for (i = 0; i < NW_NELEM(tlps); i++)
		if (strcmp(tlps[i].id, id) == 0)
			return &tlps[i];
	return NULL;
}

const struct nw_stix_tlp *
nw_stix_tlp_by_level(int version, const char *level)
{
	size_t i;

	for (i = 0; i < NW_NELEM(tlps); i++)
		if (tlps[i].version == version &&
		    strcmp(tlps[i].level, level) == 0)
			return &tlps[i];
	return NULL;
}

/* --- vocabularies (section 10) ------------------------------------------- */

#define VOCAB(var, name, sec, closed, ...)				\
	static const char *const var##_v[] = { __VA_ARGS__, NULL };	\
	static const struct nw_stix_vocab var = { name, sec, closed, var##_v }

VOCAB(v_account_type, "account-type-ov", "10.1", 0,
    "facebook", "ldap", "nis", "openid", "radius", "skype", "tacacs",
    "twitter", "unix", "windows-local", "windows-domain");
VOCAB(v_motivation, "attack-motivation-ov", "10.2", 0,
    "accidental", "coercion", "dominance", "ideology", "notoriety",
    "organizational-gain", "personal-gain", "personal-satisfaction",
    "revenge", "unpredictable");
VOCAB(v_resource_level, "attack-resource-level-ov", "10.3", 0,
    "individual", "club", "contest", "team", "organization", "government");
VOCAB(v_encryption, "encryption-algorithm-enum", "10.4", 1,
    "AES-256-GCM", "ChaCha20-Poly1305", "mime-type-indicated");
VOCAB(v_extension_type, "extension-type-enum", "10.5", 1,
    "new-sdo", "new-sco", "new-sro", "property-extension",
    "toplevel-property-extension");
VOCAB(v_grouping_context, "grouping-context-ov", "10.6", 0,
    "suspicious-activity", "malware-analysis", "unspecified");
VOCAB(v_hash_algorithm, "hash-algorithm-ov", "10.7", 0,
    "MD5", "SHA-1", "SHA-256", "SHA-512", "SHA3-256", "SHA3-512", "SSDEEP",
    "TLSH");
VOCAB(v_identity_class, "identity-class-ov", "10.8", 0,
    "individual", "group", "system", "organization", "class", "unknown");
VOCAB(v_impl_language, "implementation-language-ov", "10.9", 0,
    "applescript", "bash", "c", "c++", "c#", "go", "java", "javascript",
    "lua", "objective-c", "perl", "php", "powershell", "python", "ruby",
    "rust", "scala", "swift", "typescript", "visual-basic", "x86-32",
    "x86-64");
VOCAB(v_indicator_type, "indicator-type-ov", "10.10", 0,
    "anomalous-activity", "anonymization", "benign", "compromised",
    "malicious-activity", "attribution", "unknown");
/* 10.11: the OS names and the Errata 01 short sub-sector names both. */
VOCAB(v_industry_sector, "industry-sector-ov", "10.11", 0,
    "agriculture", "aerospace", "automotive", "chemical", "commercial",
    "communications", "construction", "defense", "education", "energy",
    "entertainment", "financial-services", "government",
    "emergency-services", "government-emergency-services",
    "government-local", "government-national",
    "government-public-services", "government-regional", "healthcare",
    "hospitality-leisure", "infrastructure", "dams", "nuclear", "water",
    "infrastructure-dams", "infrastructure-nuclear", "infrastructure-water",
    "insurance", "legal", "manufacturing", "mining", "non-profit",
    "pharmaceuticals", "retail", "technology", "telecommunications",
    "transportation", "utilities");
VOCAB(v_infrastructure_type, "infrastructure-type-ov", "10.12", 0,
    "amplification", "anonymization", "botnet", "command-and-control",
    "control-system", "exfiltration", "firewall", "hosting-malware",
    "hosting-target-lists", "phishing", "reconnaissance",
    "routers-switches", "staging", "workstation", "unknown");
VOCAB(v_malware_capabilities, "malware-capabilities-ov", "10.13", 0,
    "accesses-remote-machines", "anti-debugging", "anti-disassembly",
    "anti-emulation", "anti-memory-forensics", "anti-sandbox", "anti-vm",
    "captures-input-peripherals", "captures-output-peripherals",
    "captures-system-state-data", "cleans-traces-of-infection",
    "commits-fraud", "communicates-with-c2",
    "compromises-data-availability", "compromises-data-integrity",
    "compromises-system-availability", "controls-local-machine",
    "degrades-security-software", "degrades-system-updates",
    "determines-c2-server", "emails-spam", "escalates-privileges",
    "evades-av", "exfiltrates-data", "fingerprints-host", "hides-artifacts",
    "hides-executing-code", "infects-files", "infects-remote-machines",
    "installs-other-components", "persists-after-system-reboot",
    "prevents-artifact-access", "prevents-artifact-deletion",
    "probes-network-environment", "self-modifies",
    "steals-authentication-credentials",
    "violates-system-operational-integrity");
VOCAB(v_malware_result, "malware-result-ov", "10.14", 0,
    "malicious", "suspicious", "benign", "unknown");
VOCAB(v_malware_type, "malware-type-ov", "10.15", 0,
    "adware", "backdoor", "bot", "bootkit", "ddos", "downloader", "dropper",
    "exploit-kit", "keylogger", "ransomware", "remote-access-trojan",
    "resource-exploitation", "rogue-security-software", "rootkit",
    "screen-capture", "spyware", "trojan", "unknown", "virus", "webshell",
    "wiper", "worm");
VOCAB(v_opinion, "opinion-enum", "10.18", 1,
    "strongly-disagree", "disagree", "neutral", "agree", "strongly-agree");
VOCAB(v_pattern_type, "pattern-type-ov", "10.19", 0,
    "stix", "pcre", "sigma", "snort", "suricata", "yara");
VOCAB(v_processor_arch, "processor-architecture-ov", "10.20", 0,
    "alpha", "arm", "ia-64", "mips", "powerpc", "sparc", "x86", "x86-64");
VOCAB(v_region, "region-ov", "10.21", 0,
    "africa", "eastern-africa", "middle-africa", "northern-africa",
    "southern-africa", "western-africa", "americas", "caribbean",
    "central-america", "latin-america-caribbean", "northern-america",
    "south-america", "asia", "central-asia", "eastern-asia",
    "southern-asia", "south-eastern-asia", "western-asia", "europe",
    "eastern-europe", "northern-europe", "southern-europe",
    "western-europe", "oceania", "antarctica", "australia-new-zealand",
    "melanesia", "micronesia", "polynesia");
VOCAB(v_report_type, "report-type-ov", "10.22", 0,
    "attack-pattern", "campaign", "identity", "incident", "indicator",
    "intrusion-set", "malware", "observed-data", "threat-actor",
    "threat-report", "tool", "vulnerability");
VOCAB(v_threat_actor_type, "threat-actor-type-ov", "10.23", 0,
    "activist", "competitor", "crime-syndicate", "criminal", "hacker",
    "insider-accidental", "insider-disgruntled", "nation-state",
    "private-sector", "sensationalist", "spy", "terrorist", "unknown");
VOCAB(v_threat_actor_role, "threat-actor-role-ov", "10.24", 0,
    "agent", "director", "independent", "infrastructure-architect",
    "infrastructure-operator", "malware-author", "sponsor");
VOCAB(v_sophistication, "threat-actor-sophistication-ov", "10.25", 0,
    "none", "minimal", "intermediate", "advanced", "expert", "innovator",
    "strategic");
VOCAB(v_tool_type, "tool-type-ov", "10.26", 0,
    "denial-of-service", "exploitation", "information-gathering",
    "network-capture", "credential-exploitation", "remote-access",
    "vulnerability-scanning", "unknown");

int
nw_stix_vocab_has(const struct nw_stix_vocab *v, const char *value)
{
	const char *const *p;

	for (p = v->values; *p != NULL; p++)
		if (strcmp(*p, value) == 0)
			return 1;
	return 0;
}

/* --- properties ----------------------------------------------------------- */

#define P(n, t)		{ n, t, 0, NULL, NULL, 0, 0 }
#define RQ(n, t)	{ n, t, NW_SP_REQUIRED, NULL, NULL, 0, 0 }
#define DP(n, t)	{ n, t, NW_SP_DEPRECATED, NULL, NULL, 0, 0 }
#define VO(n, t, v)	{ n, t, 0, &v, NULL, 0, 0 }
#define RVO(n, t, v)	{ n, t, NW_SP_REQUIRED, &v, NULL, 0, 0 }
#define RF(n, t, r)	{ n, t, 0, NULL, r, 0, 0 }
#define RRF(n, t, r)	{ n, t, NW_SP_REQUIRED, NULL, r, 0, 0 }
#define IN(n, lo, hi)	{ n, NW_PT_INT, 0, NULL, NULL, lo, hi }
#define RIN(n, lo, hi)	{ n, NW_PT_INT, NW_SP_REQUIRED, NULL, NULL, lo, hi }
#define END		{ NULL, NW_PT_STRING, 0, NULL, NULL, 0, 0 }

#define REFS(var, ...) static const char *const var[] = { __VA_ARGS__, NULL }

REFS(r_identity, "identity");
REFS(r_marking, "marking-definition");
REFS(r_object, "<object>");
REFS(r_sdo, "<sdo>");
REFS(r_sco, "<sco>");
REFS(r_software, "software");
REFS(r_sample, "file", "artifact");
REFS(r_ma_sample, "file", "network-traffic", "artifact");
REFS(r_observed, "observed-data");
REFS(r_where, "identity", "location");
REFS(r_od_refs, "<sco>", "relationship");
REFS(r_rel_end, "<sdo>", "<sco>");
REFS(r_dir_contains, "file", "directory");
REFS(r_dn_resolves, "ipv4-addr", "ipv6-addr", "domain-name");
REFS(r_user, "user-account");
REFS(r_email, "email-addr");
REFS(r_artifact, "artifact");
REFS(r_directory, "directory");
REFS(r_mac, "mac-addr");
REFS(r_as, "autonomous-system");
REFS(r_nt_end, "ipv4-addr", "ipv6-addr", "mac-addr", "domain-name");
REFS(r_nt, "network-traffic");
REFS(r_file, "file");
REFS(r_process, "process");

#define INT53	9007199254740991LL

/* 3.2: SDO and SRO common properties. */
static const struct nw_stix_prop common_sdo[] = {
	RQ("type", NW_PT_STRING),
	RQ("spec_version", NW_PT_STRING),
	RQ("id", NW_PT_ID),
	RF("created_by_ref", NW_PT_ID, r_identity),
	RQ("created", NW_PT_TIMESTAMP),
	RQ("modified", NW_PT_TIMESTAMP),
	P("revoked", NW_PT_BOOL),
	P("labels", NW_PT_STRINGS),
	IN("confidence", 0, 100),
	P("lang", NW_PT_LANG),
	P("external_references", NW_PT_EXTREFS),
	RF("object_marking_refs", NW_PT_IDS, r_marking),
	P("granular_markings", NW_PT_GRANULAR),
	P("extensions", NW_PT_EXTENSIONS),
	END
};
static const char *const na_sdo[] = { "defanged", NULL };

/* 3.2: SCO common properties. */
static const struct nw_stix_prop common_sco[] = {
	RQ("type", NW_PT_STRING),
	P("spec_version", NW_PT_STRING),
	RQ("id", NW_PT_ID),
	RF("object_marking_refs", NW_PT_IDS, r_marking),
	P("granular_markings", NW_PT_GRANULAR),
	P("defanged", NW_PT_BOOL),
	P("extensions", NW_PT_EXTENSIONS),
	END
};
static const char *const na_sco[] = {
	"created_by_ref", "created", "modified", "revoked", "labels",
	"confidence", "lang", "external_references", NULL
};

static const struct nw_stix_prop common_none[] = { END };
static const char *const na_none[] = { NULL };

const struct nw_stix_prop *
nw_stix_common_props(enum nw_stix_kind kind)
{
	switch (kind) {
	case NW_STIX_SDO:
	case NW_STIX_SRO:
		return common_sdo;
	case NW_STIX_SCO:
		return common_sco;
	default:
		return common_none;
	}
}

const char *const *
nw_stix_common_na(enum nw_stix_kind kind)
{
	switch (kind) {
	case NW_STIX_SDO:
	case NW_STIX_SRO:
		return na_sdo;
	case NW_STIX_SCO:
		return na_sco;
	default:
		return na_none;
	}
}

/* Section 4: SDOs (specific properties). */
static const struct nw_stix_prop p_attack_pattern[] = {
	RQ("name", NW_PT_STRING), P("description", NW_PT_STRING),
	P("aliases", NW_PT_STRINGS), P("kill_chain_phases", NW_PT_KILLCHAIN),
	END
};
static const struct nw_stix_prop p_campaign[] = {
	RQ("name", NW_PT_STRING), P("description", NW_PT_STRING),
	P("aliases", NW_PT_STRINGS), P("first_seen", NW_PT_TIMESTAMP),
	P("last_seen", NW_PT_TIMESTAMP), P("objective", NW_PT_STRING),
	END
};
static const struct nw_stix_prop p_course_of_action[] = {
	RQ("name", NW_PT_STRING), P("description", NW_PT_STRING),
	END
};
static const struct nw_stix_prop p_grouping[] = {
	P("name", NW_PT_STRING), P("description", NW_PT_STRING),
	RVO("context", NW_PT_VOCAB, v_grouping_context),
	RRF("object_refs", NW_PT_IDS, r_object),
	END
};
static const struct nw_stix_prop p_identity[] = {
	RQ("name", NW_PT_STRING), P("description", NW_PT_STRING),
	P("roles", NW_PT_STRINGS),
	VO("identity_class", NW_PT_VOCAB, v_identity_class),
	VO("sectors", NW_PT_VOCABS, v_industry_sector),
	P("contact_information", NW_PT_STRING),
	END
};
static const struct nw_stix_prop p_incident[] = {
	RQ("name", NW_PT_STRING), P("description", NW_PT_STRING),
	P("kill_chain_phases", NW_PT_KILLCHAIN),
	END
};
static const struct nw_stix_prop p_indicator[] = {
	P("name", NW_PT_STRING), P("description", NW_PT_STRING),
	VO("indicator_types", NW_PT_VOCABS, v_indicator_type),
	RQ("pattern", NW_PT_STRING),
	RVO("pattern_type", NW_PT_VOCAB, v_pattern_type),
	P("pattern_version", NW_PT_STRING),
	RQ("valid_from", NW_PT_TIMESTAMP), P("valid_until", NW_PT_TIMESTAMP),
	P("kill_chain_phases", NW_PT_KILLCHAIN),
	END
};
static const struct nw_stix_prop p_infrastructure[] = {
	RQ("name", NW_PT_STRING), P("description", NW_PT_STRING),
	VO("infrastructure_types", NW_PT_VOCABS, v_infrastructure_type),
	P("aliases", NW_PT_STRINGS), P("kill_chain_phases", NW_PT_KILLCHAIN),
	P("first_seen", NW_PT_TIMESTAMP), P("last_seen", NW_PT_TIMESTAMP),
	END
};
static const struct nw_stix_prop p_intrusion_set[] = {
	RQ("name", NW_PT_STRING), P("description", NW_PT_STRING),
	P("aliases", NW_PT_STRINGS), P("first_seen", NW_PT_TIMESTAMP),
	P("last_seen", NW_PT_TIMESTAMP), P("goals", NW_PT_STRINGS),
	VO("resource_level", NW_PT_VOCAB, v_resource_level),
	VO("primary_motivation", NW_PT_VOCAB, v_motivation),
	VO("secondary_motivations", NW_PT_VOCABS, v_motivation),
	END
};
static const struct nw_stix_prop p_location[] = {
	P("name", NW_PT_STRING), P("description", NW_PT_STRING),
	P("latitude", NW_PT_FLOAT), P("longitude", NW_PT_FLOAT),
	P("precision", NW_PT_FLOAT),
	VO("region", NW_PT_VOCAB, v_region), P("country", NW_PT_STRING),
	P("administrative_area", NW_PT_STRING), P("city", NW_PT_STRING),
	P("street_address", NW_PT_STRING), P("postal_code", NW_PT_STRING),
	END
};
static const struct nw_stix_prop p_malware[] = {
	P("name", NW_PT_STRING), P("description", NW_PT_STRING),
	VO("malware_types", NW_PT_VOCABS, v_malware_type),
	RQ("is_family", NW_PT_BOOL), P("aliases", NW_PT_STRINGS),
	P("kill_chain_phases", NW_PT_KILLCHAIN),
	P("first_seen", NW_PT_TIMESTAMP), P("last_seen", NW_PT_TIMESTAMP),
	RF("operating_system_refs", NW_PT_IDS, r_software),
	VO("architecture_execution_envs", NW_PT_VOCABS, v_processor_arch),
	VO("implementation_languages", NW_PT_VOCABS, v_impl_language),
	VO("capabilities", NW_PT_VOCABS, v_malware_capabilities),
	RF("sample_refs", NW_PT_IDS, r_sample),
	END
};
static const struct nw_stix_prop p_malware_analysis[] = {
	RQ("product", NW_PT_STRING), P("version", NW_PT_STRING),
	RF("host_vm_ref", NW_PT_ID, r_software),
	RF("operating_system_ref", NW_PT_ID, r_software),
	RF("installed_software_refs", NW_PT_IDS, r_software),
	P("configuration_version", NW_PT_STRING),
	P("modules", NW_PT_STRINGS),
	P("analysis_engine_version", NW_PT_STRING),
	P("analysis_definition_version", NW_PT_STRING),
	P("submitted", NW_PT_TIMESTAMP), P("analysis_started", NW_PT_TIMESTAMP),
	P("analysis_ended", NW_PT_TIMESTAMP), P("result_name", NW_PT_STRING),
	VO("result", NW_PT_VOCAB, v_malware_result),
	RF("analysis_sco_refs", NW_PT_IDS, r_sco),
	RF("sample_ref", NW_PT_ID, r_ma_sample),
	END
};
static const struct nw_stix_prop p_note[] = {
	P("abstract", NW_PT_STRING), RQ("content", NW_PT_STRING),
	P("authors", NW_PT_STRINGS), RRF("object_refs", NW_PT_IDS, r_object),
	END
};
static const struct nw_stix_prop p_observed_data[] = {
	RQ("first_observed", NW_PT_TIMESTAMP),
	RQ("last_observed", NW_PT_TIMESTAMP),
	RIN("number_observed", 1, 999999999),
	DP("objects", NW_PT_OBJECT),
	RF("object_refs", NW_PT_IDS, r_od_refs),
	END
};
static const struct nw_stix_prop p_opinion[] = {
	P("explanation", NW_PT_STRING), P("authors", NW_PT_STRINGS),
	RVO("opinion", NW_PT_VOCAB, v_opinion),
	RRF("object_refs", NW_PT_IDS, r_object),
	END
};
static const struct nw_stix_prop p_report[] = {
	RQ("name", NW_PT_STRING), P("description", NW_PT_STRING),
	VO("report_types", NW_PT_VOCABS, v_report_type),
	RQ("published", NW_PT_TIMESTAMP),
	RRF("object_refs", NW_PT_IDS, r_object),
	END
};
static const struct nw_stix_prop p_threat_actor[] = {
	RQ("name", NW_PT_STRING), P("description", NW_PT_STRING),
	VO("threat_actor_types", NW_PT_VOCABS, v_threat_actor_type),
	P("aliases", NW_PT_STRINGS), P("first_seen", NW_PT_TIMESTAMP),
	P("last_seen", NW_PT_TIMESTAMP),
	VO("roles", NW_PT_VOCABS, v_threat_actor_role),
	P("goals", NW_PT_STRINGS),
	VO("sophistication", NW_PT_VOCAB, v_sophistication),
	VO("resource_level", NW_PT_VOCAB, v_resource_level),
	VO("primary_motivation", NW_PT_VOCAB, v_motivation),
	VO("secondary_motivations", NW_PT_VOCABS, v_motivation),
	VO("personal_motivations", NW_PT_VOCABS, v_motivation),
	END
};
static const struct nw_stix_prop p_tool[] = {
	RQ("name", NW_PT_STRING), P("description", NW_PT_STRING),
	VO("tool_types", NW_PT_VOCABS, v_tool_type),
	P("aliases", NW_PT_STRINGS), P("kill_chain_phases", NW_PT_KILLCHAIN),
	P("tool_version", NW_PT_STRING),
	END
};
static const struct nw_stix_prop p_vulnerability[] = {
	RQ("name", NW_PT_STRING), P("description", NW_PT_STRING),
	END
};

/* Section 5: SROs. */
static const struct nw_stix_prop p_relationship[] = {
	RQ("relationship_type", NW_PT_STRING), P("description", NW_PT_STRING),
	RRF("source_ref", NW_PT_ID, r_rel_end),
	RRF("target_ref", NW_PT_ID, r_rel_end),
	P("start_time", NW_PT_TIMESTAMP), P("stop_time", NW_PT_TIMESTAMP),
	END
};
static const struct nw_stix_prop p_sighting[] = {
	P("description", NW_PT_STRING),
	P("first_seen", NW_PT_TIMESTAMP), P("last_seen", NW_PT_TIMESTAMP),
	IN("count", 0, 999999999),
	RRF("sighting_of_ref", NW_PT_ID, r_sdo),
	RF("observed_data_refs", NW_PT_IDS, r_observed),
	RF("where_sighted_refs", NW_PT_IDS, r_where),
	P("summary", NW_PT_BOOL),
	END
};

/* Section 6: SCOs. */
static const struct nw_stix_prop p_artifact[] = {
	P("mime_type", NW_PT_STRING), P("payload_bin", NW_PT_BINARY),
	P("url", NW_PT_STRING), P("hashes", NW_PT_HASHES),
	VO("encryption_algorithm", NW_PT_VOCAB, v_encryption),
	P("decryption_key", NW_PT_STRING),
	END
};
static const struct nw_stix_prop p_autonomous_system[] = {
	RIN("number", 0, 4294967295LL), P("name", NW_PT_STRING),
	P("rir", NW_PT_STRING),
	END
};
static const struct nw_stix_prop p_directory[] = {
	RQ("path", NW_PT_STRING), P("path_enc", NW_PT_STRING),
	P("ctime", NW_PT_TIMESTAMP), P("mtime", NW_PT_TIMESTAMP),
	P("atime", NW_PT_TIMESTAMP),
	RF("contains_refs", NW_PT_IDS, r_dir_contains),
	END
};
static const struct nw_stix_prop p_domain_name[] = {
	RQ("value", NW_PT_STRING),
	RF("resolves_to_refs", NW_PT_IDS, r_dn_resolves),
	END
};
static const struct nw_stix_prop p_email_addr[] = {
	RQ("value", NW_PT_STRING), P("display_name", NW_PT_STRING),
	RF("belongs_to_ref", NW_PT_ID, r_user),
	END
};
static const struct nw_stix_prop p_email_message[] = {
	RQ("is_multipart", NW_PT_BOOL), P("date", NW_PT_TIMESTAMP),
	P("content_type", NW_PT_STRING),
	RF("from_ref", NW_PT_ID, r_email), RF("sender_ref", NW_PT_ID, r_email),
	RF("to_refs", NW_PT_IDS, r_email), RF("cc_refs", NW_PT_IDS, r_email),
	RF("bcc_refs", NW_PT_IDS, r_email), P("message_id", NW_PT_STRING),
	P("subject", NW_PT_STRING), P("received_lines", NW_PT_STRINGS),
	P("additional_header_fields", NW_PT_DICT), P("body", NW_PT_STRING),
	P("body_multipart", NW_PT_LIST),
	RF("raw_email_ref", NW_PT_ID, r_artifact),
	END
};
static const struct nw_stix_prop p_file[] = {
	P("hashes", NW_PT_HASHES), IN("size", 0, INT53),
	P("name", NW_PT_STRING), P("name_enc", NW_PT_STRING),
	P("magic_number_hex", NW_PT_HEX), P("mime_type", NW_PT_STRING),
	P("ctime", NW_PT_TIMESTAMP), P("mtime", NW_PT_TIMESTAMP),
	P("atime", NW_PT_TIMESTAMP),
	RF("parent_directory_ref", NW_PT_ID, r_directory),
	RF("contains_refs", NW_PT_IDS, r_sco),
	RF("content_ref", NW_PT_ID, r_artifact),
	END
};
static const struct nw_stix_prop p_ipv4_addr[] = {
	RQ("value", NW_PT_STRING),
	RF("resolves_to_refs", NW_PT_IDS, r_mac),
	RF("belongs_to_refs", NW_PT_IDS, r_as),
	END
};
static const struct nw_stix_prop p_mac_addr[] = {
	RQ("value", NW_PT_STRING),
	END
};
static const struct nw_stix_prop p_mutex[] = {
	RQ("name", NW_PT_STRING),
	END
};
static const struct nw_stix_prop p_network_traffic[] = {
	P("start", NW_PT_TIMESTAMP), P("end", NW_PT_TIMESTAMP),
	P("is_active", NW_PT_BOOL),
	RF("src_ref", NW_PT_ID, r_nt_end), RF("dst_ref", NW_PT_ID, r_nt_end),
	IN("src_port", 0, 65535), IN("dst_port", 0, 65535),
	RQ("protocols", NW_PT_STRINGS),
	IN("src_byte_count", 0, INT53), IN("dst_byte_count", 0, INT53),
	IN("src_packets", 0, INT53), IN("dst_packets", 0, INT53),
	P("ipfix", NW_PT_DICT),
	RF("src_payload_ref", NW_PT_ID, r_artifact),
	RF("dst_payload_ref", NW_PT_ID, r_artifact),
	RF("encapsulates_refs", NW_PT_IDS, r_nt),
	RF("encapsulated_by_ref", NW_PT_ID, r_nt),
	END
};
static const struct nw_stix_prop p_process[] = {
	P("is_hidden", NW_PT_BOOL), P("pid", NW_PT_INT),
	P("created_time", NW_PT_TIMESTAMP), P("cwd", NW_PT_STRING),
	P("command_line", NW_PT_STRING),
	P("environment_variables", NW_PT_DICT),
	RF("opened_connection_refs", NW_PT_IDS, r_nt),
	RF("creator_user_ref", NW_PT_ID, r_user),
	RF("image_ref", NW_PT_ID, r_file),
	RF("parent_ref", NW_PT_ID, r_process),
	RF("child_refs", NW_PT_IDS, r_process),
	END
};
static const struct nw_stix_prop p_software[] = {
	RQ("name", NW_PT_STRING), P("cpe", NW_PT_STRING),
	P("swid", NW_PT_STRING), P("languages", NW_PT_STRINGS),
	P("vendor", NW_PT_STRING), P("version", NW_PT_STRING),
	END
};
static const struct nw_stix_prop p_url[] = {
	RQ("value", NW_PT_STRING),
	END
};
static const struct nw_stix_prop p_user_account[] = {
	P("user_id", NW_PT_STRING), P("credential", NW_PT_STRING),
	P("account_login", NW_PT_STRING),
	VO("account_type", NW_PT_VOCAB, v_account_type),
	P("display_name", NW_PT_STRING), P("is_service_account", NW_PT_BOOL),
	P("is_privileged", NW_PT_BOOL), P("can_escalate_privs", NW_PT_BOOL),
	P("is_disabled", NW_PT_BOOL), P("account_created", NW_PT_TIMESTAMP),
	P("account_expires", NW_PT_TIMESTAMP),
	P("credential_last_changed", NW_PT_TIMESTAMP),
	P("account_first_login", NW_PT_TIMESTAMP),
	P("account_last_login", NW_PT_TIMESTAMP),
	END
};
static const struct nw_stix_prop p_registry_key[] = {
	P("key", NW_PT_STRING), P("values", NW_PT_LIST),
	P("modified_time", NW_PT_TIMESTAMP),
	RF("creator_user_ref", NW_PT_ID, r_user),
	IN("number_of_subkeys", 0, INT53),
	END
};
static const struct nw_stix_prop p_x509[] = {
	P("is_self_signed", NW_PT_BOOL), P("hashes", NW_PT_HASHES),
	P("version", NW_PT_STRING), P("serial_number", NW_PT_STRING),
	P("signature_algorithm", NW_PT_STRING), P("issuer", NW_PT_STRING),
	P("validity_not_before", NW_PT_TIMESTAMP),
	P("validity_not_after", NW_PT_TIMESTAMP), P("subject", NW_PT_STRING),
	P("subject_public_key_algorithm", NW_PT_STRING),
	P("subject_public_key_modulus", NW_PT_STRING),
	IN("subject_public_key_exponent", 0, INT53),
	P("x509_v3_extensions", NW_PT_OBJECT),
	END
};

/* Section 7: meta objects carry their own common properties (3.2 table). */
static const struct nw_stix_prop p_marking_definition[] = {
	RQ("type", NW_PT_STRING), RQ("spec_version", NW_PT_STRING),
	RQ("id", NW_PT_ID), RF("created_by_ref", NW_PT_ID, r_identity),
	RQ("created", NW_PT_TIMESTAMP),
	P("external_references", NW_PT_EXTREFS),
	RF("object_marking_refs", NW_PT_IDS, r_marking),
	P("granular_markings", NW_PT_GRANULAR),
	P("extensions", NW_PT_EXTENSIONS),
	P("name", NW_PT_STRING), P("definition_type", NW_PT_STRING),
	P("definition", NW_PT_OBJECT),
	END
};
static const struct nw_stix_prop p_language_content[] = {
	RQ("type", NW_PT_STRING), RQ("spec_version", NW_PT_STRING),
	RQ("id", NW_PT_ID), RF("created_by_ref", NW_PT_ID, r_identity),
	RQ("created", NW_PT_TIMESTAMP), RQ("modified", NW_PT_TIMESTAMP),
	P("revoked", NW_PT_BOOL), P("labels", NW_PT_STRINGS),
	IN("confidence", 0, 100),
	P("external_references", NW_PT_EXTREFS),
	RF("object_marking_refs", NW_PT_IDS, r_marking),
	P("granular_markings", NW_PT_GRANULAR),
	P("extensions", NW_PT_EXTENSIONS),
	RRF("object_ref", NW_PT_ID, r_object),
	P("object_modified", NW_PT_TIMESTAMP),
	RQ("contents", NW_PT_DICT),
	END
};
static const struct nw_stix_prop p_extension_definition[] = {
	RQ("type", NW_PT_STRING), RQ("spec_version", NW_PT_STRING),
	RQ("id", NW_PT_ID), RRF("created_by_ref", NW_PT_ID, r_identity),
	RQ("created", NW_PT_TIMESTAMP), RQ("modified", NW_PT_TIMESTAMP),
	P("revoked", NW_PT_BOOL), P("labels", NW_PT_STRINGS),
	P("external_references", NW_PT_EXTREFS),
	RF("object_marking_refs", NW_PT_IDS, r_marking),
	P("granular_markings", NW_PT_GRANULAR),
	RQ("name", NW_PT_STRING), P("description", NW_PT_STRING),
	RQ("schema", NW_PT_STRING), RQ("version", NW_PT_STRING),
	{ "extension_types", NW_PT_VOCABS, NW_SP_REQUIRED, &v_extension_type,
	    NULL, 0, 0 },
	P("extension_properties", NW_PT_STRINGS),
	END
};
/* Section 8: the bundle (not a STIX Object). */
static const struct nw_stix_prop p_bundle[] = {
	RQ("type", NW_PT_STRING), RQ("id", NW_PT_ID), P("objects", NW_PT_LIST),
	END
};

/* 3.10 and section 6: predefined extensions. */
static const char *const x_file[] = {
	"archive-ext", "ntfs-ext", "pdf-ext", "raster-image-ext",
	"windows-pebinary-ext", NULL
};
static const char *const x_network_traffic[] = {
	"http-request-ext", "icmp-ext", "socket-ext", "tcp-ext", NULL
};
static const char *const x_process[] = {
	"windows-process-ext", "windows-service-ext", NULL
};
static const char *const x_user_account[] = { "unix-account-ext", NULL };

static const struct nw_stix_type types[] = {
	{ "attack-pattern", NW_STIX_SDO, "4.1", p_attack_pattern, NULL },
	{ "campaign", NW_STIX_SDO, "4.2", p_campaign, NULL },
	{ "course-of-action", NW_STIX_SDO, "4.3", p_course_of_action, NULL },
	{ "grouping", NW_STIX_SDO, "4.4", p_grouping, NULL },
	{ "identity", NW_STIX_SDO, "4.5", p_identity, NULL },
	{ "incident", NW_STIX_SDO, "4.6", p_incident, NULL },
	{ "indicator", NW_STIX_SDO, "4.7", p_indicator, NULL },
	{ "infrastructure", NW_STIX_SDO, "4.8", p_infrastructure, NULL },
	{ "intrusion-set", NW_STIX_SDO, "4.9", p_intrusion_set, NULL },
	{ "location", NW_STIX_SDO, "4.10", p_location, NULL },
	{ "malware", NW_STIX_SDO, "4.11", p_malware, NULL },
	{ "malware-analysis", NW_STIX_SDO, "4.12", p_malware_analysis, NULL },
	{ "note", NW_STIX_SDO, "4.13", p_note, NULL },
	{ "observed-data", NW_STIX_SDO, "4.14", p_observed_data, NULL },
	{ "opinion", NW_STIX_SDO, "4.15", p_opinion, NULL },
	{ "report", NW_STIX_SDO, "4.16", p_report, NULL },
	{ "threat-actor", NW_STIX_SDO, "4.17", p_threat_actor, NULL },
	{ "tool", NW_STIX_SDO, "4.18", p_tool, NULL },
	{ "vulnerability", NW_STIX_SDO, "4.19", p_vulnerability, NULL },
	{ "relationship", NW_STIX_SRO, "5.1", p_relationship, NULL },
	{ "sighting", NW_STIX_SRO, "5.2", p_sighting, NULL },
	{ "artifact", NW_STIX_SCO, "6.1", p_artifact, NULL },
	{ "autonomous-system", NW_STIX_SCO, "6.2", p_autonomous_system, NULL },
	{ "directory", NW_STIX_SCO, "6.3", p_directory, NULL },
	{ "domain-name", NW_STIX_SCO, "6.4", p_domain_name, NULL },
	{ "email-addr", NW_STIX_SCO, "6.5", p_email_addr, NULL },
	{ "email-message", NW_STIX_SCO, "6.6", p_email_message, NULL },
	{ "file", NW_STIX_SCO, "6.7", p_file, x_file },
	{ "ipv4-addr", NW_STIX_SCO, "6.8", p_ipv4_addr, NULL },
	{ "ipv6-addr", NW_STIX_SCO, "6.9", p_ipv4_addr, NULL },
	{ "mac-addr", NW_STIX_SCO, "6.10", p_mac_addr, NULL },
	{ "mutex", NW_STIX_SCO, "6.11", p_mutex, NULL },
	{ "network-traffic", NW_STIX_SCO, "6.12", p_network_traffic,
	    x_network_traffic },
	{ "process", NW_STIX_SCO, "6.13", p_process, x_process },
	{ "software", NW_STIX_SCO, "6.14", p_software, NULL },
	{ "url", NW_STIX_SCO, "6.15", p_url, NULL },
	{ "user-account", NW_STIX_SCO, "6.16", p_user_account, x_user_account },
	{ "windows-registry-key", NW_STIX_SCO, "6.17", p_registry_key, NULL },
	{ "x509-certificate", NW_STIX_SCO, "6.18", p_x509, NULL },
	{ "language-content", NW_STIX_META, "7.1", p_language_content, NULL },
	{ "marking-definition", NW_STIX_META, "7.2.1", p_marking_definition,
	    NULL },
	{ "extension-definition", NW_STIX_META, "7.3", p_extension_definition,
	    NULL },
	{ "bundle", NW_STIX_BUNDLE, "8", p_bundle, NULL },
};

const struct nw_stix_type *
nw_stix_type_find(const char *name)
{
	size_t i;

	/* the first byte first: a cheap test before strcmp */
	for (i = 0; i < NW_NELEM(types); i++)
		if (types[i].name[0] == name[0] &&
		    strcmp(types[i].name, name) == 0)
			return &types[i];
	return NULL;
}

const struct nw_stix_prop *
nw_stix_prop_find(const struct nw_stix_type *t, const char *name)
{
	const struct nw_stix_prop *p;

	for (p = t->props; p->name != NULL; p++)
		if (p->name[0] == name[0] && strcmp(p->name, name) == 0)
			return p;
	for (p = nw_stix_common_props(t->kind); p->name != NULL; p++)
		if (p->name[0] == name[0] && strcmp(p->name, name) == 0)
			return p;
	return NULL;
}

int
nw_stix_reserved_name(const char *name)
{
	/* 3.8 */
	return strcmp(name, "severity") == 0 ||
	    strcmp(name, "username") == 0 ||
	    strcmp(name, "phone_number") == 0 ||
	    strcmp(name, "action") == 0;
}

/* --- identifiers (2.9), type names (3.1), timestamps (2.16) ------------- */

static int
is_hex(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

int
nw_stix_id_parse(const char *id, size_t len, size_t *typelen,
    const char **why)
{
	const char *sep = NULL, *u;
	size_t i, tl;
	int ver, var;

	for (i = 0; i + 1 < len; i++)
		if (id[i] == '-' && id[i + 1] == '-') {
			sep = id + i;
			break;
		}
	if (sep == NULL) {
		*why = "not of the form type--UUID";
		return -1;
	}
	tl = (size_t)(sep - id);
	if (!nw_stix_type_name_ok(id, tl)) {
		*why = "the type part is not a valid type name";
		return -1;
	}
	u = sep + 2;
	if (len - tl - 2 != 36) {
		*why = "the UUID part is not 36 characters";
		return -1;
	}
	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (u[i] != '-') {
				*why = "the UUID part is malformed";
				return -1;
			}
		} else if (!is_hex((unsigned char)u[i])) {
			*why = "the UUID part is malformed";
			return -1;
		}
	}
	ver = u[14] - '0';
	var = u[19];
	if (!(var == '8' || var == '9' || var == 'a' || var == 'b' ||
	    var == 'A' || var == 'B')) {
		*why = "the UUID is not an RFC 4122 UUID (variant bits)";
		return -1;
	}
	if (ver < 1 || ver > 5) {
		*why = "the UUID is not an RFC 4122 UUID (version 1 to 5)";
		return -1;
	}
	*typelen = tl;
	return ver;
}

int
nw_stix_type_name_ok(const char *s, size_t len)
{
	size_t i;

	if (len < 3 || len > 250 || !(s[0] >= 'a' && s[0] <= 'z'))
		return 0;
	for (i = 0; i < len; i++) {
		if ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9'))
			continue;
		if (s[i] == '-' && i + 1 < len && s[i + 1] != '-')
			continue;
		return 0;
	}
	return 1;
}

static int
digits(const char *s, int n, int *out)
{
	int i, v = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int
nw_stix_timestamp_parse(const char *s, size_t len, int *frac,
    const char **why)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int y, mo, d, h, mi, sec, dim;
	size_t i;

	*why = "not an RFC 3339 timestamp YYYY-MM-DDTHH:mm:ss[.s+]Z";
	if (len < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' ||
	    s[13] != ':' || s[16] != ':')
		return -1;
	if (digits(s, 4, &y) < 0 || digits(s + 5, 2, &mo) < 0 ||
	    digits(s + 8, 2, &d) < 0 || digits(s + 11, 2, &h) < 0 ||
	    digits(s + 14, 2, &mi) < 0 || digits(s + 17, 2, &sec) < 0)
		return -1;
	i = 19;
	*frac = 0;
	if (s[i] == '.') {
		i++;
		while (i < len && s[i] >= '0' && s[i] <= '9') {
			i++;
			(*frac)++;
		}
		if (*frac == 0) {
			*why = "a decimal point without sub-second digits";
			return -1;
		}
	}
	if (i + 1 != len || s[i] != 'Z') {
		*why = "not in UTC with the \"Z\" designator";
		if (i < len && (s[i] == '+' || s[i] == '-' || s[i] == 'z'))
			return -1;
		*why = "not an RFC 3339 timestamp YYYY-MM-DDTHH:mm:ss[.s+]Z";
		return -1;
	}
	if (mo < 1 || mo > 12) {
		*why = "no such month";
		return -1;
	}
	dim = mdays[mo - 1];
	if (mo == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
		dim = 29;
	if (d < 1 || d > dim) {
		*why = "no such day";
		return -1;
	}
	/* RFC 3339 5.7: a leap second is 23:59:60. */
	if (h > 23 || mi > 59 || sec > 60 || (sec == 60 && (h != 23 ||
	    mi != 59))) {
		*why = "no such time of day";
		return -1;
	}
	return 0;
}

int
nw_stix_timestamp_cmp(const char *a, const char *b)
{
	size_t i;
	int ca, cb;

	/* Same layout up to the seconds; then compare fractions digit by
	 * digit, a missing digit counting as 0. */
	for (i = 0; i < 19; i++)
		if (a[i] != b[i])
			return (unsigned char)a[i] - (unsigned char)b[i];
	a += 19;
	b += 19;
	if (*a == '.')
		a++;
	if (*b == '.')
		b++;
	for (;;) {
		ca = (*a >= '0' && *a <= '9') ? *a++ : '0';
		cb = (*b >= '0' && *b <= '9') ? *b++ : '0';
		if (ca != cb)
			return ca - cb;
		if (!(*a >= '0' && *a <= '9') && !(*b >= '0' && *b <= '9'))
			return 0;
	}
}

/* --- relationships (Appendix B, 3.7) --------------------------------------- */

struct reldef {
	const char	*src;
	const char	*rel;
	const char	*dst;		/* space-separated; "<sco>" any SCO */
};

static const struct reldef reldefs[] = {
	{ "attack-pattern", "delivers", "malware" },
	{ "attack-pattern", "targets", "identity location vulnerability" },
	{ "attack-pattern", "uses", "malware tool" },
	{ "campaign", "attributed-to", "intrusion-set threat-actor" },
	{ "campaign", "compromises", "infrastructure" },
	{ "campaign", "originates-from", "location" },
	{ "campaign", "targets", "identity location vulnerability" },
	{ "campaign", "uses",
	    "attack-pattern infrastructure malware tool" },
	{ "course-of-action", "investigates", "indicator" },
	{ "course-of-action", "mitigates",
	    "attack-pattern indicator malware tool vulnerability" },
	{ "course-of-action", "remediates", "malware vulnerability" },
	{ "domain-name", "resolves-to", "domain-name ipv4-addr ipv6-addr" },
	{ "identity", "located-at", "location" },
	/*
	 * The Incident Core Extension's relationships between objects of
	 * STIX 2.1 types: oasis-open/cti-stix-common-objects,
	 * extension-definition-specifications/incident-core/tables/
	 * incident_relationship_summary.adoc (the same pairs in incident-ef7/,
	 * version 2.0.0).  Pairs with its new event, task and impact SDOs are
	 * custom types and left out.
	 */
	{ "campaign", "associated-with", "incident" },
	{ "identity", "contact-for", "incident" },
	{ "incident", "attributed-to", "intrusion-set" },
	{ "incident", "impacts", "identity" },
	{ "incident", "led-to", "incident" },
	{ "incident", "located-at", "location" },
	{ "incident", "targets", "identity" },
	{ "indicator", "detected", "incident" },
	{ "indicator", "indicates", "attack-pattern campaign infrastructure "
	    "intrusion-set malware threat-actor tool" },
	{ "indicator", "based-on", "observed-data" },
	{ "infrastructure", "communicates-with",
	    "infrastructure ipv4-addr ipv6-addr domain-name url" },
	{ "infrastructure", "consists-of",
	    "infrastructure observed-data <sco>" },
	{ "infrastructure", "controls", "infrastructure malware" },
	{ "infrastructure", "delivers", "malware" },
	{ "infrastructure", "has", "vulnerability" },
	{ "infrastructure", "hosts", "tool malware" },
	{ "infrastructure", "located-at", "location" },
	{ "infrastructure", "uses", "infrastructure" },
	{ "intrusion-set", "attributed-to", "threat-actor" },
	{ "intrusion-set", "compromises", "infrastructure" },
	{ "intrusion-set", "hosts", "infrastructure" },
	{ "intrusion-set", "owns", "infrastructure" },
	{ "intrusion-set", "originates-from", "location" },
	{ "intrusion-set", "targets", "identity location vulnerability" },
	{ "intrusion-set", "uses",
	    "attack-pattern infrastructure malware tool" },
	{ "ipv4-addr", "belongs-to", "autonomous-system" },
	{ "ipv4-addr", "resolves-to", "mac-addr" },
	{ "ipv6-addr", "belongs-to", "autonomous-system" },
	{ "ipv6-addr", "resolves-to", "mac-addr" },
	{ "malware", "authored-by", "threat-actor intrusion-set" },
	{ "malware", "beacons-to", "infrastructure" },
	{ "malware", "exfiltrates-to", "infrastructure" },
	{ "malware", "communicates-with",
	    "ipv4-addr ipv6-addr domain-name url" },
	{ "malware", "controls", "malware" },
	{ "malware", "downloads", "malware tool file" },
	{ "malware", "drops", "malware tool file" },
	{ "malware", "exploits", "vulnerability" },
	{ "malware", "originates-from", "location" },
	{ "malware", "targets",
	    "identity infrastructure location vulnerability" },
	{ "malware", "uses", "attack-pattern infrastructure malware tool" },
	{ "malware", "variant-of", "malware" },
	{ "malware-analysis", "characterizes", "malware" },
	{ "malware-analysis", "av-analysis-of", "malware" },
	{ "malware-analysis", "static-analysis-of", "malware" },
	{ "malware-analysis", "dynamic-analysis-of", "malware" },
	{ "threat-actor", "attributed-to", "identity" },
	{ "threat-actor", "compromises", "infrastructure" },
	{ "threat-actor", "hosts", "infrastructure" },
	{ "threat-actor", "owns", "infrastructure" },
	{ "threat-actor", "impersonates", "identity" },
	{ "threat-actor", "located-at", "location" },
	{ "threat-actor", "targets", "identity location vulnerability" },
	{ "threat-actor", "uses",
	    "attack-pattern infrastructure malware tool" },
	{ "tool", "delivers", "malware" },
	{ "tool", "drops", "malware" },
	{ "tool", "has", "vulnerability" },
	{ "tool", "targets",
	    "identity infrastructure location vulnerability" },
	{ "tool", "uses", "infrastructure" },
};

static int
word_in(const char *list, const char *w)
{
	size_t n = strlen(w);
	const char *p = list;

	while (*p != '\0') {
		if (strncmp(p, w, n) == 0 && (p[n] == ' ' || p[n] == '\0'))
			return 1;
		p = strchr(p, ' ');
		if (p == NULL)
			break;
		p++;
	}
	return 0;
}

int
nw_stix_relationship_defined(const char *src, const char *rel,
    const char *dst)
{
	const struct nw_stix_type *dt;
	size_t i;

	if (strcmp(rel, "related-to") == 0)
		return 1;
	if (strcmp(rel, "derived-from") == 0 ||
	    strcmp(rel, "duplicate-of") == 0)
		return strcmp(src, dst) == 0;
	dt = nw_stix_type_find(dst);
	for (i = 0; i < NW_NELEM(reldefs); i++) {
		if (strcmp(reldefs[i].src, src) != 0 ||
		    strcmp(reldefs[i].rel, rel) != 0)
			continue;
		if (word_in(reldefs[i].dst, dst))
			return 1;
		if (dt != NULL && dt->kind == NW_STIX_SCO &&
		    word_in(reldefs[i].dst, "<sco>"))
			return 1;
	}
	return 0;
}

/* --- UUIDv5 ------------------------------------------------------------------ */

int
nw_stix_uuid5(const char *ns, const void *name, size_t len, char out[37])
{
	uuid_t nsu, u;

	if (uuid_parse(ns, nsu) != 0)
		return -1;
	uuid_generate_sha1(u, nsu, name, len);
	uuid_unparse_lower(u, out);
	return 0;
}

int
nw_stix_sco_id(const char *type, const char *canonical_json, char *out,
    size_t sz)
{
	char u[37];
	int n;

	if (nw_stix_uuid5(NW_STIX_SCO_NAMESPACE, canonical_json,
	    strlen(canonical_json), u) < 0)
		return -1;
	n = snprintf(out, sz, "%s--%s", type, u);
	return n < 0 || (size_t)n >= sz ? -1 : 0;
}

/* --- vocabulary lookup ------------------------------------------------------ */

static const struct nw_stix_vocab *const vocabs[] = {
	&v_account_type, &v_motivation, &v_resource_level, &v_encryption,
	&v_extension_type, &v_grouping_context, &v_hash_algorithm,
	&v_identity_class, &v_impl_language, &v_indicator_type,
	&v_industry_sector, &v_infrastructure_type, &v_malware_capabilities,
	&v_malware_result, &v_malware_type, &v_opinion, &v_pattern_type,
	&v_processor_arch, &v_region, &v_report_type, &v_threat_actor_type,
	&v_threat_actor_role, &v_sophistication, &v_tool_type,
};

const struct nw_stix_vocab *
nw_stix_vocab_find(const char *name)
{
	size_t i;

	for (i = 0; i < NW_NELEM(vocabs); i++)
		if (strcmp(vocabs[i]->name, name) == 0)
			return vocabs[i];
	return NULL;
}

/* --- patterns (section 9) ------------------------------------------------- */

#define PAT_MAX_DEPTH	64	/* parentheses and brackets in one pattern */

struct pat {
	const char	*s;	/* the pattern */
	size_t		 i;	/* cursor */
	int		 depth;
	char		*why;
	size_t		 whysz;
	int		 failed;
};

static int
pat_fail(struct pat *p, const char *msg)
{
	if (!p->failed)
		snprintf(p->why, p->whysz, "%s at character %zu", msg,
		    p->i + 1);
	p->failed = 1;
	return -1;
}

static void
pat_ws(struct pat *p)
{
	while (p->s[p->i] == ' ' || p->s[p->i] == '\t' ||
	    p->s[p->i] == '\n' || p->s[p->i] == '\r')
		p->i++;
}

static int
pat_isalpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Consume keyword kw (upper case, whole word) when it comes next. */
static int
pat_kw(struct pat *p, const char *kw)
{
	size_t n = strlen(kw);
	char c;

	pat_ws(p);
	if (strncmp(p->s + p->i, kw, n) != 0)
		return 0;
	c = p->s[p->i + n];
	if (pat_isalpha(c) || c == '_' || (c >= '0' && c <= '9'))
		return 0;
	p->i += n;
	return 1;
}

static int
pat_char(struct pat *p, char c)
{
	pat_ws(p);
	if (p->s[p->i] != c)
		return 0;
	p->i++;
	return 1;
}

/* A quoted string 'a\'b'; the cursor is on the quote. */
static int
pat_string_body(struct pat *p)
{
	p->i++;
	for (;;) {
		char c = p->s[p->i];

		if (c == '\0')
			return pat_fail(p, "unterminated string");
		p->i++;
		if (c == '\'')
			return 0;
		if (c == '\\') {
			if (p->s[p->i] != '\\' && p->s[p->i] != '\'')
				return pat_fail(p, "invalid escape in a "
				    "string (only \\\\ and \\')");
			p->i++;
		}
	}
}

static int
pat_uint(struct pat *p)
{
	size_t st = p->i;

	while (p->s[p->i] >= '0' && p->s[p->i] <= '9')
		p->i++;
	return p->i > st ? 0 : -1;
}

/* int, float, 'string', b'..', h'..', t'..', true, false */
static int
pat_literal(struct pat *p)
{
	size_t st;
	char c;
	const char *why;
	int frac;

	pat_ws(p);
	c = p->s[p->i];
	if (c == '\'')
		return pat_string_body(p);
	if ((c == 'b' || c == 'h' || c == 't') && p->s[p->i + 1] == '\'') {
		p->i++;
		st = p->i + 1;
		if (pat_string_body(p) < 0)
			return -1;
		if (c == 't' && nw_stix_timestamp_parse(p->s + st,
		    p->i - 1 - st, &frac, &why) < 0)
			return pat_fail(p, "invalid timestamp literal");
		if (c == 'h') {
			size_t k;

			for (k = st; k < p->i - 1; k++)
				if (!is_hex((unsigned char)p->s[k]))
					return pat_fail(p, "invalid hex "
					    "literal");
			if ((p->i - 1 - st) % 2 != 0)
				return pat_fail(p, "odd number of hex digits");
		}
		return 0;
	}
	if (pat_kw(p, "true") || pat_kw(p, "false"))
		return 0;
	if (c == '-' || c == '+')
		p->i++;
	if (pat_uint(p) < 0)
		return pat_fail(p, "expected a constant");
	if (p->s[p->i] == '.') {
		p->i++;
		if (pat_uint(p) < 0)
			return pat_fail(p, "malformed number");
	}
	return 0;
}

/* object-type:path.component[*].'quoted' */
static int
pat_path(struct pat *p)
{
	size_t st;
	char c;

	pat_ws(p);
	st = p->i;
	while ((c = p->s[p->i]) != '\0' && ((c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '-'))
		p->i++;
	if (!nw_stix_type_name_ok(p->s + st, p->i - st) &&
	    !(p->i - st >= 1 && p->i - st < 3 && pat_isalpha(p->s[st])))
		return pat_fail(p, "expected an object type");
	if (p->s[p->i] != ':')
		return pat_fail(p, "expected ':' after the object type");
	p->i++;
	for (st = 0;; st++) {
		c = p->s[p->i];
		if (c == '\'') {
			if (pat_string_body(p) < 0)
				return -1;
		} else if (pat_isalpha(c) || c == '_') {
			while (pat_isalpha(p->s[p->i]) || p->s[p->i] == '_' ||
			    (p->s[p->i] >= '0' && p->s[p->i] <= '9'))
				p->i++;
		} else
			return pat_fail(p, "expected a property name");
		for (;;) {
			if (p->s[p->i] == '[') {
				p->i++;
				if (p->s[p->i] == '*')
					p->i++;
				else {
					if (p->s[p->i] == '-')
						p->i++;
					if (pat_uint(p) < 0)
						return pat_fail(p, "expected "
						    "a list index or *");
				}
				if (p->s[p->i] != ']')
					return pat_fail(p, "expected ']'");
				p->i++;
				continue;
			}
			break;
		}
		if (p->s[p->i] != '.')
			return 0;
		p->i++;
	}
}

static int pat_cmp_or(struct pat *);
static int pat_obs_seq(struct pat *);

static int
pat_test(struct pat *p)
{
	int neg;

	if (pat_char(p, '(')) {
		if (++p->depth > PAT_MAX_DEPTH)
			return pat_fail(p, "nested too deeply");
		if (pat_cmp_or(p) < 0)
			return -1;
		p->depth--;
		if (!pat_char(p, ')'))
			return pat_fail(p, "expected ')'");
		return 0;
	}
	if (pat_kw(p, "EXISTS"))
		return pat_path(p);
	if (pat_path(p) < 0)
		return -1;
	neg = pat_kw(p, "NOT");
	(void)neg;
	pat_ws(p);
	if (pat_kw(p, "IN")) {
		if (!pat_char(p, '('))
			return pat_fail(p, "expected '(' after IN");
		do {
			if (pat_literal(p) < 0)
				return -1;
		} while (pat_char(p, ','));
		if (!pat_char(p, ')'))
			return pat_fail(p, "expected ')' after the IN set");
		return 0;
	}
	if (pat_kw(p, "LIKE") || pat_kw(p, "MATCHES") ||
	    pat_kw(p, "ISSUBSET") || pat_kw(p, "ISSUPERSET")) {
		pat_ws(p);
		if (p->s[p->i] != '\'')
			return pat_fail(p, "expected a string");
		return pat_string_body(p);
	}
	pat_ws(p);
	if (strncmp(p->s + p->i, "!=", 2) == 0 ||
	    strncmp(p->s + p->i, "<=", 2) == 0 ||
	    strncmp(p->s + p->i, ">=", 2) == 0 ||
	    strncmp(p->s + p->i, "==", 2) == 0 ||
	    strncmp(p->s + p->i, "<>", 2) == 0)
		p->i += 2;
	else if (p->s[p->i] == '=' || p->s[p->i] == '<' || p->s[p->i] == '>')
		p->i++;
	else
		return pat_fail(p, "expected a comparison operator");
	return pat_literal(p);
}

static int
pat_cmp_and(struct pat *p)
{
	do {
		if (pat_test(p) < 0)
			return -1;
	} while (pat_kw(p, "AND"));
	return 0;
}

static int
pat_cmp_or(struct pat *p)
{
	do {
		if (pat_cmp_and(p) < 0)
			return -1;
	} while (pat_kw(p, "OR"));
	return 0;
}

static int
pat_qualifiers(struct pat *p)
{
	for (;;) {
		if (pat_kw(p, "WITHIN")) {
			if (pat_literal(p) < 0)
				return -1;
			if (!pat_kw(p, "SECONDS"))
				return pat_fail(p, "expected SECONDS");
		} else if (pat_kw(p, "REPEATS")) {
			pat_ws(p);
			if (pat_uint(p) < 0)
				return pat_fail(p, "expected a count");
			if (!pat_kw(p, "TIMES"))
				return pat_fail(p, "expected TIMES");
		} else if (pat_kw(p, "START")) {
			pat_ws(p);
			if (p->s[p->i] != 't' || pat_literal(p) < 0)
				return pat_fail(p, "expected t'timestamp'");
			if (!pat_kw(p, "STOP"))
				return pat_fail(p, "expected STOP");
			pat_ws(p);
			if (p->s[p->i] != 't' || pat_literal(p) < 0)
				return pat_fail(p, "expected t'timestamp'");
		} else
			return 0;
	}
}

static int
pat_obs(struct pat *p)
{
	if (pat_char(p, '[')) {
		if (pat_cmp_or(p) < 0)
			return -1;
		if (!pat_char(p, ']'))
			return pat_fail(p, "expected ']'");
	} else if (pat_char(p, '(')) {
		if (++p->depth > PAT_MAX_DEPTH)
			return pat_fail(p, "nested too deeply");
		if (pat_obs_seq(p) < 0)
			return -1;
		p->depth--;
		if (!pat_char(p, ')'))
			return pat_fail(p, "expected ')'");
	} else
		return pat_fail(p, "expected '[' or '('");
	return pat_qualifiers(p);
}

static int
pat_obs_and(struct pat *p)
{
	do {
		if (pat_obs(p) < 0)
			return -1;
	} while (pat_kw(p, "AND"));
	return 0;
}

static int
pat_obs_or(struct pat *p)
{
	do {
		if (pat_obs_and(p) < 0)
			return -1;
	} while (pat_kw(p, "OR"));
	return 0;
}

static int
pat_obs_seq(struct pat *p)
{
	do {
		if (pat_obs_or(p) < 0)
			return -1;
	} while (pat_kw(p, "FOLLOWEDBY"));
	return 0;
}

int
nw_stix_pattern_check(const char *pattern, char *why, size_t whysz)
{
	struct pat p;

	memset(&p, 0, sizeof(p));
	p.s = pattern;
	p.why = why;
	p.whysz = whysz;
	if (whysz > 0)
		why[0] = '\0';
	if (pat_obs_seq(&p) < 0)
		return -1;
	pat_ws(&p);
	if (p.s[p.i] != '\0')
		return pat_fail(&p, "unexpected text after the pattern");
	return 0;
}

/* --- what normwatch produces and recognises ----------------------------- */

#define TLP_CLEAR_REF	"\"object_marking_refs\":[\"" NW_STIX_TLP2_CLEAR "\"],"

/* Canonical JSON: keys in byte order, no blanks. */
const char *const nw_stix_fixed_objects[] = {
	/* normwatch */
	"{\"created\":\"" NW_STIX_EPOCH "\",\"description\":\"normwatch "
	"turns public reporting on cyber incidents into evidence of who "
	"breaks the norms of responsible state behaviour in cyberspace. The "
	"objects it creates are derived from the sources named in their "
	"external references; attribution claims are relationships created "
	"by the identity of the source that makes them.\",\"id\":\""
	NW_STIX_IDENTITY "\",\"identity_class\":\"system\",\"modified\":\""
	NW_STIX_EPOCH "\",\"name\":\"normwatch\"," TLP_CLEAR_REF
	"\"spec_version\":\"2.1\",\"type\":\"identity\"}",
	/* OASIS, as published in cti-stix-common-objects */
	"{\"created\":\"2021-03-13T20:09:20.8889Z\",\"description\":\"OASIS "
	"is a global community of experts who drive the creation and adoption "
	"of open standards promoting interoperability, innovation, and "
	"freedom of choice.\",\"id\":\"" NW_STIX_IDENTITY_OASIS "\","
	"\"identity_class\":\"organization\",\"modified\":"
	"\"2021-12-01T16:19:51.601791Z\",\"name\":\"OASIS\","
	"\"spec_version\":\"2.1\",\"type\":\"identity\"}",
	/* the Incident Core Extension, version 2.0.0, as published */
	"{\"created\":\"2020-10-19T20:51:00.000Z\",\"created_by_ref\":\""
	NW_STIX_IDENTITY_OASIS "\",\"description\":\"A core extension of the "
	"Incident object to allow core details of the Incident to be shared "
	"while tracking major details tied to the incident's timeline.  "
	"Multiple Incidents can be tied together via relationships if a "
	"higher degree of fidelity is needed across phases.\","
	"\"extension_types\":[\"property-extension\"],\"id\":\""
	NW_STIX_EXT_INCIDENT_CORE "\",\"modified\":\"2023-07-11T00:56:00.000Z\","
	"\"name\":\"Incident Core Extension\",\"schema\":\"https://github.com/"
	"oasis-open/cti-stix-common-objects/tree/main/"
	"extension-definition-specifications/incident-ef7\","
	"\"spec_version\":\"2.1\",\"type\":\"extension-definition\","
	"\"version\":\"2.0.0\"}",
	/* normwatch's property extension */
	"{\"created\":\"" NW_STIX_EPOCH "\",\"created_by_ref\":\""
	NW_STIX_IDENTITY "\",\"description\":\"normwatch's properties of the "
	"incidents and claim relationships it derives from public reporting: "
	"the incident's date and its precision, the attribution claims with "
	"their hedge, claiming party, claiming source and evidence, the named "
	"actors, the victim states and sectors, the sponsorship, the findings "
	"of the norms rules with their evidence, and the observance of the "
	"Paris Call by the states involved. See docs/design.md, STIX model.\","
	"\"extension_types\":[\"property-extension\"],\"id\":\""
	NW_STIX_EXT_NORMWATCH "\",\"modified\":\"" NW_STIX_EPOCH "\","
	"\"name\":\"normwatch incident\"," TLP_CLEAR_REF
	"\"schema\":\"https://github.com/normwatch/normwatch/blob/main/docs/"
	"design.md#stix-model\",\"spec_version\":\"2.1\","
	"\"type\":\"extension-definition\",\"version\":\"1.0.0\"}",
	NULL
};

const char *const nw_stix_fixed_ids[] = {
	NW_STIX_IDENTITY,
	NW_STIX_IDENTITY_OASIS,
	NW_STIX_EXT_INCIDENT_CORE,
	NW_STIX_EXT_NORMWATCH,
	NULL
};

int
nw_stix_fixed_id(const char *id)
{
	size_t i;

	for (i = 0; nw_stix_fixed_ids[i] != NULL; i++)
		if (strcmp(nw_stix_fixed_ids[i], id) == 0)
			return 1;
	return 0;
}

/* NW_STIX_NAMESPACE as bytes, so ids need no parsing of it. */
static const uuid_t nw_namespace = {
	0x6c, 0x55, 0xfa, 0x3b, 0x4a, 0x5f, 0x5a, 0x5a,
	0x9a, 0x0a, 0x8c, 0x4e, 0xa5, 0x96, 0x4e, 0x12
};

const char *
nw_stix_derived_id(const char *type, const char *key, size_t keylen,
    char *out)
{
	static const char hex[] = "0123456789abcdef";
	uuid_t u;
	size_t tl = strlen(type), i, o;

	if (tl > NW_STIX_ID_MAX - 40)
		tl = NW_STIX_ID_MAX - 40;
	uuid_generate_sha1(u, nw_namespace, key, keylen);
	memcpy(out, type, tl);
	memcpy(out + tl, "--", 2);
	o = tl + 2;
	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = hex[u[i] >> 4];
		out[o++] = hex[u[i] & 0xf];
	}
	out[o] = '\0';
	return out;
}

/*
 * Confidence of an attribution claim: the hedge sets the band (asserted
 * 60-95, suspected 30-55), the claiming party places it inside: an
 * official attribution by a government weighs most, a report in the
 * media least.  The table is in docs/design.md.
 */
static const struct {
	const char	*party;
	int		 asserted;
	int		 suspected;
} confidences[] = {
	{ "government", 90, 55 },
	{ "vendor", 85, 50 },
	{ "self", 80, 45 },
	{ "unspecified", 70, 40 },
	{ "media", 60, 30 },
};

int
nw_stix_claim_confidence(const char *hedge, const char *party)
{
	size_t i;
	int suspected = hedge != NULL && strcmp(hedge, "suspected") == 0;

	for (i = 0; i < NW_NELEM(confidences); i++)
		if (party != NULL && strcmp(confidences[i].party, party) == 0)
			return suspected ? confidences[i].suspected :
			    confidences[i].asserted;
	return suspected ? 40 : 70;
}

const char *
nw_stix_claim_hedge(int confidence)
{
	return confidence >= NW_STIX_ASSERTED_MIN ? "asserted" : "suspected";
}

const char *const nw_stix_tlp_levels[] = {
	"clear", "green", "amber", "amber+strict", "red", NULL
};

int
nw_stix_tlp_rank(const char *level)
{
	int i;

	for (i = 0; level != NULL && nw_stix_tlp_levels[i] != NULL; i++)
		if (strcmp(nw_stix_tlp_levels[i], level) == 0)
			return i;
	return -1;
}

void
nw_stix_blanked_hash(const char *json, size_t len, size_t c_off,
    size_t c_len, size_t m_off, size_t m_len, char out[65])
{
	static const char hex[] = "0123456789abcdef";
	struct sha256_ctx c;
	uint8_t d[SHA256_DIGEST_SIZE];
	size_t pos = 0, i;

	sha256_init(&c);
	if (c_len > 0 && c_off + c_len <= len) {
		sha256_update(&c, c_off - pos, (const uint8_t *)json + pos);
		sha256_update(&c, 2, (const uint8_t *)"\"\"");
		pos = c_off + c_len;
	}
	if (m_len > 0 && m_off >= pos && m_off + m_len <= len) {
		sha256_update(&c, m_off - pos, (const uint8_t *)json + pos);
		sha256_update(&c, 2, (const uint8_t *)"\"\"");
		pos = m_off + m_len;
	}
	sha256_update(&c, len - pos, (const uint8_t *)json + pos);
	sha256_digest(&c, sizeof(d), d);
	for (i = 0; i < sizeof(d); i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 0xf];
	}
	out[64] = '\0';
}

int
nw_stix_ts_ms(const char *s, char out[32])
{
	const char *why;
	size_t len = strlen(s);
	int frac;

	if (nw_stix_timestamp_parse(s, len, &frac, &why) < 0)
		return -1;
	memcpy(out, s, 19);
	out[19] = '.';
	out[20] = frac > 0 ? s[20] : '0';
	out[21] = frac > 1 ? s[21] : '0';
	out[22] = frac > 2 ? s[22] : '0';
	out[23] = 'Z';
	out[24] = '\0';
	return 0;
}

/* Days in month m (1-12) of year y. */
static int
month_days(int y, int m)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
		return 29;
	return mdays[m - 1];
}

int
nw_stix_ts_next_ms(const char *s, char out[32])
{
	int v[7] = { 0 }, i;

	if (nw_stix_ts_ms(s, out) < 0)
		return -1;
	/* year, month, day, hour, minute, second, millisecond */
	if (digits(out, 4, &v[0]) < 0 || digits(out + 5, 2, &v[1]) < 0 ||
	    digits(out + 8, 2, &v[2]) < 0 || digits(out + 11, 2, &v[3]) < 0 ||
	    digits(out + 14, 2, &v[4]) < 0 || digits(out + 17, 2, &v[5]) < 0 ||
	    digits(out + 20, 3, &v[6]) < 0)
		return -1;
	if (v[5] > 59)
		v[5] = 59;	/* a leap second moves on from :59 */
	if (++v[6] == 1000) {
		v[6] = 0;
		if (++v[5] == 60) {
			v[5] = 0;
			if (++v[4] == 60) {
				v[4] = 0;
				if (++v[3] == 24) {
					v[3] = 0;
					if (++v[2] > month_days(v[0], v[1])) {
						v[2] = 1;
						if (++v[1] == 13) {
							v[1] = 1;
							v[0]++;
						}
					}
				}
			}
		}
	}
	if (v[0] > 9999)
		return -1;
	i = snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", v[0],
	    v[1], v[2], v[3], v[4], v[5], v[6]);
	return i == 24 ? 0 : -1;
}
