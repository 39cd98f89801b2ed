/*
 * stix.h - what normwatch knows of STIX 2.1, shared by the validator, the
 * exporter and the stix feed parser.
 *
 * Section numbers are those of "STIX Version 2.1" (OASIS Standard, with
 * Errata 01): 2.9 identifiers, 2.16 timestamps, 3.2 common properties,
 * 4 SDOs, 5 SROs, 6 SCOs, 7 meta objects, 10 vocabularies, Appendix B
 * relationships.  The tables here are data, not checks: stixval.c applies
 * them.  Everything returned is static; nothing here allocates.
 */
#ifndef NORMWATCH_STIX_H
#define NORMWATCH_STIX_H

#include <stddef.h>

#include "normwatch/compat.h"

/* 2.9: the namespace of deterministic (UUIDv5) SCO ids. */
#define NW_STIX_SCO_NAMESPACE	"00abedb4-aa42-466c-9c01-fed23315a9b7"

/* Extension definitions normwatch knows by id. */
#define NW_STIX_EXT_TLP2 \
	"extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"
#define NW_STIX_EXT_INCIDENT_CORE \
	"extension-definition--ef765651-680c-498d-9894-99799f2fa126"

/* 7.2.1.4: the TLP 1.0 marking definitions (the only TLP 1.0 ones). */
#define NW_STIX_TLP1_WHITE \
	"marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9"
#define NW_STIX_TLP1_GREEN \
	"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"
#define NW_STIX_TLP1_AMBER \
	"marking-definition--f88d31f6-486f-44da-b317-01333bde0b82"
#define NW_STIX_TLP1_RED \
	"marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed"
/* TLP 2.0 (cti-stix-common-objects, extension NW_STIX_EXT_TLP2). */
#define NW_STIX_TLP2_CLEAR \
	"marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487"
#define NW_STIX_TLP2_GREEN \
	"marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"
#define NW_STIX_TLP2_AMBER \
	"marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"
#define NW_STIX_TLP2_AMBER_STRICT \
	"marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003"
#define NW_STIX_TLP2_RED \
	"marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"

/* One standard TLP marking definition. */
struct nw_stix_tlp {
	const char	*id;		/* marking-definition--... */
	const char	*name;		/* "TLP:CLEAR" */
	const char	*level;		/* "clear", the tlp / tlp_2_0 value */
	const char	*created;	/* the fixed created timestamp */
	int		 version;	/* 1 or 2 */
};

/* The TLP marking with this id, or NULL. */
const struct nw_stix_tlp *nw_stix_tlp_by_id(const char *id);
/* The TLP marking of this version (1, 2) and level ("amber"), or NULL. */
const struct nw_stix_tlp *nw_stix_tlp_by_level(int version,
	    const char *level);

enum nw_stix_kind {
	NW_STIX_SDO = 1,	/* section 4 */
	NW_STIX_SRO,		/* section 5 */
	NW_STIX_SCO,		/* section 6 */
	NW_STIX_META,		/* section 7: marking, language, extension */
	NW_STIX_BUNDLE		/* section 8 */
};

/* A vocabulary of section 10: open (-ov, SHOULD) or closed (-enum, MUST). */
struct nw_stix_vocab {
	const char	*name;		/* "industry-sector-ov" */
	const char	*section;	/* "10.11" */
	int		 closed;	/* an -enum */
	const char *const *values;	/* NULL-terminated */
};

/* Property value types (section 2). */
enum nw_stix_ptype {
	NW_PT_STRING,
	NW_PT_TIMESTAMP,	/* 2.16 */
	NW_PT_BOOL,
	NW_PT_INT,		/* 2.10, within min..max when min < max */
	NW_PT_FLOAT,
	NW_PT_ID,		/* 2.9, of one of ref_types */
	NW_PT_IDS,		/* non-empty list of NW_PT_ID */
	NW_PT_STRINGS,		/* non-empty list of strings */
	NW_PT_VOCAB,		/* a string from vocab */
	NW_PT_VOCABS,		/* non-empty list of NW_PT_VOCAB */
	NW_PT_DICT,		/* 2.3 */
	NW_PT_HASHES,		/* 2.7 */
	NW_PT_HEX,		/* 2.8 */
	NW_PT_BINARY,		/* 2.1, base64 */
	NW_PT_KILLCHAIN,	/* 2.11, non-empty list */
	NW_PT_EXTREFS,		/* 2.5, non-empty list */
	NW_PT_GRANULAR,		/* 7.2.3, non-empty list */
	NW_PT_EXTENSIONS,	/* 3.2, 7.3 */
	NW_PT_LANG,		/* RFC 5646 language tag */
	NW_PT_OBJECT,		/* any JSON object */
	NW_PT_LIST,		/* non-empty list of anything */
	NW_PT_RESERVED		/* 3.8: must not appear */
};

#define NW_SP_REQUIRED	0x01	/* "(required)" in the property table */
#define NW_SP_DEPRECATED 0x02	/* "(deprecated)": SHOULD NOT be used */

struct nw_stix_prop {
	const char	*name;
	enum nw_stix_ptype type;
	unsigned	 flags;		/* NW_SP_* */
	const struct nw_stix_vocab *vocab;	/* NW_PT_VOCAB(S) */
	/*
	 * NW_PT_ID(S): the allowed target types, NULL-terminated; "<sdo>",
	 * "<sco>" and "<object>" stand for any of that kind; NULL allows any.
	 */
	const char *const *ref_types;
	long long	 min, max;	/* NW_PT_INT bounds when min < max */
};

struct nw_stix_type {
	const char	*name;		/* the type property */
	enum nw_stix_kind kind;
	const char	*section;	/* "4.7" */
	const struct nw_stix_prop *props;	/* specific ones, name NULL ends */
	const char *const *extensions;	/* predefined *-ext names, or NULL */
};

/* The type of this name, or NULL when the specification does not define it. */
const struct nw_stix_type *nw_stix_type_find(const char *name);

/*
 * The common properties of objects of this kind that the kind uses
 * (3.2 table), and the ones it must not carry ("Not Applicable").  The
 * meta objects and the bundle carry their common properties in their own
 * tables; for them both lists are empty.
 */
const struct nw_stix_prop *nw_stix_common_props(enum nw_stix_kind);
const char *const *nw_stix_common_na(enum nw_stix_kind);

/* A property of the type or of its kind's common set, or NULL. */
const struct nw_stix_prop *nw_stix_prop_find(const struct nw_stix_type *,
	    const char *name);

/* The vocabulary of this name ("hash-algorithm-ov"), or NULL. */
const struct nw_stix_vocab *nw_stix_vocab_find(const char *name);

/* 1 when value is one of the vocabulary's values. */
int	nw_stix_vocab_has(const struct nw_stix_vocab *, const char *value);

/* 3.8: reserved property names (severity, username, ...). */
int	nw_stix_reserved_name(const char *name);

/*
 * 2.9: split "type--uuid".  Returns the UUID version (1..5) and sets
 * *typelen, or -1 with *why set to a static reason.  The UUID must be
 * RFC 4122 (variant 10xx, version 1 to 5); hex digits of either case.
 */
int	nw_stix_id_parse(const char *id, size_t len, size_t *typelen,
	    const char **why);

/*
 * 3.1, 11.2.1: a type name: a-z, 0-9 and hyphen, starting with a letter,
 * no "--", 3 to 250 characters.  Returns 1 or 0.
 */
int	nw_stix_type_name_ok(const char *name, size_t len);

/*
 * 2.16: "YYYY-MM-DDTHH:mm:ss[.s+]Z" with a real calendar date.  Returns 0
 * and sets *frac to the number of sub-second digits, or -1 with *why.
 */
int	nw_stix_timestamp_parse(const char *s, size_t len, int *frac,
	    const char **why);

/* Compare two valid timestamps: <0, 0, >0 like strcmp, by instant. */
int	nw_stix_timestamp_cmp(const char *a, const char *b);

/*
 * Appendix B and 3.7: 1 when the specification defines relationship_type
 * rel from objects of type src to objects of type dst (derived-from and
 * duplicate-of between objects of one type, related-to between any),
 * else 0.
 */
int	nw_stix_relationship_defined(const char *src, const char *rel,
	    const char *dst);

/*
 * 9: check a STIX pattern's syntax (observation and comparison
 * expressions, operators, qualifiers, object paths, constants).
 * Returns 0, or -1 with a reason in why.
 */
int	nw_stix_pattern_check(const char *pattern, char *why, size_t whysz);

/*
 * UUIDv5 (RFC 4122 4.3, SHA-1, via libuuid's uuid_generate_sha1) of name
 * in the namespace ns ("xxxxxxxx-...").  Returns 0, or -1 when ns is not
 * a UUID.  out gets 36 characters and a NUL.
 */
int	nw_stix_uuid5(const char *ns, const void *name, size_t len,
	    char out[37]) NW_WUR;

/*
 * 2.9: the deterministic id of an SCO: "type--" and the UUIDv5 of the
 * canonical (RFC 8785) JSON of its ID contributing properties, which the
 * caller serializes, in the STIX namespace.  Returns 0 or -1 (no room).
 */
int	nw_stix_sco_id(const char *type, const char *canonical_json,
	    char *out, size_t sz) NW_WUR;

/* --- what normwatch produces (exports) and recognises (stix feeds) ---------- */

/*
 * normwatch's namespace for the UUIDv5 ids of the objects it derives:
 * uuid5(URL namespace, "https://github.com/normwatch/normwatch").  2.9
 * lets a producer use something other than UUIDv4 with a namespace of its
 * own; it is never the SCO namespace.  The content keys hashed in it are
 * listed in docs/design.md ("STIX model").
 */
#define NW_STIX_NAMESPACE	"6c55fa3b-4a5f-5a5a-9a0a-8c4ea5964e12"
/* normwatch's identity: uuid5(NW_STIX_NAMESPACE, "identity/normwatch"). */
#define NW_STIX_IDENTITY \
	"identity--f4f031e0-30bf-5fb8-aef2-520b845363f6"
/*
 * normwatch's property extension of incidents and of the relationships it
 * derives from claims: uuid5(NW_STIX_NAMESPACE,
 * "extension-definition/normwatch-incident").
 */
#define NW_STIX_EXT_NORMWATCH \
	"extension-definition--707b5b05-fa58-53ca-bdfc-aca4cd250224"
/*
 * The creator of the Incident Core Extension's definition (OASIS, in
 * cti-stix-common-objects, objects/identity/).
 */
#define NW_STIX_IDENTITY_OASIS \
	"identity--8ce3f695-d5a4-4dc8-9e93-a65af453a31a"
/*
 * The timestamp of normwatch's fixed objects (its identity and extension
 * definition).  A change of their content moves it.
 */
#define NW_STIX_EPOCH		"2025-01-01T00:00:00.000Z"

/*
 * The fixed objects every export begins with, as canonical JSON (keys in
 * byte order, no blanks): normwatch's identity, the OASIS identity and
 * the Incident Core Extension definition (version 2.0.0 as published in
 * cti-stix-common-objects, objects/extension-definition/), and normwatch's
 * extension definition.  NULL-terminated; ids in nw_stix_fixed_ids.
 */
extern const char *const nw_stix_fixed_objects[];
extern const char *const nw_stix_fixed_ids[];
/* 1 when id is one of nw_stix_fixed_ids. */
int	nw_stix_fixed_id(const char *id);

/*
 * The id of an object normwatch derives: "type--" and the UUIDv5 of key
 * in NW_STIX_NAMESPACE.  out needs NW_STIX_ID_MAX bytes.  Returns out.
 */
#define NW_STIX_ID_MAX		300
const char *nw_stix_derived_id(const char *type, const char *key,
	    size_t keylen, char *out);

/*
 * Claims and confidence (3.2, Appendix A): the confidence normwatch
 * gives an attribution claim from its hedge ("asserted", "suspected")
 * and the claiming party ("government", "vendor", "self", "media",
 * "unspecified"); and the hedge a confidence stands for when reading
 * STIX (below NW_STIX_ASSERTED_MIN: suspected).  See docs/design.md.
 */
#define NW_STIX_ASSERTED_MIN	60
int	nw_stix_claim_confidence(const char *hedge, const char *party);
const char *nw_stix_claim_hedge(int confidence);

/* TLP levels in order of restriction; NULL-terminated. */
extern const char *const nw_stix_tlp_levels[];
/* Rank of a TLP 2.0 level (0 clear .. 4 red), or -1 when unknown. */
int	nw_stix_tlp_rank(const char *level);

/*
 * A STIX object as the stix feed kind keeps it for re-export: its
 * canonical JSON (keys in byte order, no blanks, strings re-escaped,
 * numbers as written), and for normwatch's own objects a hash of that
 * text with the values of created and modified blanked ("").  own: an
 * object normwatch made (created by its identity, or carrying its
 * extension), kept only for its timestamps.  Strings belong to the
 * producer.
 */
struct nw_stix_object {
	const char	*id;
	const char	*type;
	const char	*created;	/* or NULL */
	const char	*modified;	/* or NULL */
	const char	*json;		/* canonical JSON, NUL-terminated */
	size_t		 jsonlen;
	char		 hash[65];	/* SHA-256 hex, see above (own only;
					   "" for others') */
	int		 own;
	int		 warnings;	/* SHOULD rules it breaks (the
					   validator's warnings) */
	const char *const *refs;	/* identifiers it refers to, sorted,
					   unique */
	size_t		 nrefs;
};

/*
 * The hash of struct nw_stix_object: SHA-256 of json with the value of
 * the top-level created (at c_off, c_len bytes) and modified (m_off,
 * m_len) each replaced by "" (len 0: absent; c_off < m_off when both).
 */
void	nw_stix_blanked_hash(const char *json, size_t len, size_t c_off,
	    size_t c_len, size_t m_off, size_t m_len, char out[65]);

/*
 * Timestamps: a store time "YYYY-MM-DDTHH:MM:SSZ" (or a STIX one) as a
 * STIX timestamp with exactly three sub-second digits; returns -1 when s
 * is not a timestamp.  out needs 32 bytes.
 */
int	nw_stix_ts_ms(const char *s, char out[32]);
/* The STIX timestamp (any precision) plus one millisecond, in out. */
int	nw_stix_ts_next_ms(const char *s, char out[32]);

#endif
