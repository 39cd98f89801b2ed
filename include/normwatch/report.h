/*
 * report.h - one source's account of one incident, and what extraction
 * finds in it.  This is the record that flows from the parsers through
 * extraction into the store.  It holds no pointers it owns: strings belong
 * to the arena of the parse that produced the report.
 */
#ifndef NORMWATCH_REPORT_H
#define NORMWATCH_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "normwatch/limits.h"

/* How much of a date is known. */
enum nw_prec {
	NW_PREC_NONE = 0,	/* no date */
	NW_PREC_YEAR,		/* "2019" */
	NW_PREC_MONTH,		/* "September 2022" */
	NW_PREC_DAY		/* "September 12, 2022" */
};

struct nw_date {
	int		y;	/* year, 0 when prec is NONE */
	int		m;	/* 1-12, 0 when prec < MONTH */
	int		d;	/* 1-31, 0 when prec < DAY */
	enum nw_prec	prec;
};

/* "asserted" or "suspected", by CODEBOOK.md section 2. */
enum nw_hedge {
	NW_HEDGE_ASSERTED = 0,
	NW_HEDGE_SUSPECTED
};

/* Who makes an attribution, by CODEBOOK.md section 2. */
enum nw_party {
	NW_PARTY_UNSPECIFIED = 0,
	NW_PARTY_GOVERNMENT,
	NW_PARTY_VENDOR,
	NW_PARTY_SELF,
	NW_PARTY_MEDIA
};

enum nw_sponsor {
	NW_SPONSOR_UNKNOWN = 0,
	NW_SPONSOR_STATE,
	NW_SPONSOR_NONSTATE
};

/* Victim sectors (CODEBOOK.md section 3), as bits of a uint32_t. */
enum nw_sector {
	NW_SECTOR_GOVERNMENT = 0,
	NW_SECTOR_MILITARY,
	NW_SECTOR_DEFENSE_INDUSTRY,
	NW_SECTOR_ENERGY,
	NW_SECTOR_WATER,
	NW_SECTOR_HEALTHCARE,
	NW_SECTOR_FINANCE,
	NW_SECTOR_TELECOMMUNICATIONS,
	NW_SECTOR_TECHNOLOGY,
	NW_SECTOR_MEDIA,
	NW_SECTOR_EDUCATION,
	NW_SECTOR_ELECTIONS,
	NW_SECTOR_TRANSPORT,
	NW_SECTOR_MANUFACTURING,
	NW_SECTOR_RETAIL,
	NW_SECTOR_CIVIL_SOCIETY,
	NW_SECTOR_OTHER,
	NW_SECTOR_COUNT
};

/* A span of the report's text: the evidence for a finding. */
struct nw_span {
	uint32_t	off;	/* byte offset into the report text */
	uint32_t	len;	/* bytes; 0 when there is no evidence span */
};

/* One state the text links to the attacker. */
struct nw_attribution {
	char		state[3];	/* ISO 3166-1 alpha-2 */
	enum nw_hedge	hedge;
	enum nw_party	by;
	struct nw_span	ev;		/* the words that name the state */
};

/* One named group or person, as written. */
struct nw_actor {
	char		name[NW_MAX_ACTOR_NAME];
	struct nw_span	ev;
};

/* What extraction finds in one report (CODEBOOK.md sections 1-3). */
struct nw_extract {
	struct nw_attribution	attr[NW_MAX_ATTRIB];
	size_t			nattr;
	struct nw_actor		actors[NW_MAX_ACTORS];
	size_t			nactors;
	enum nw_sponsor		sponsorship;
	char			victims[NW_MAX_VICTIMS][3];	/* ISO alpha-2 */
	size_t			nvictims;
	uint32_t		sectors;	/* 1u << enum nw_sector */
};

/*
 * Where a report parsed from STIX (the stix feed kind) came from, kept
 * with it so that an export gives its objects back: the claiming
 * identities, the markings, the reference to the source, and for
 * normwatch's own objects coming back, the incident's id.
 */
struct nw_origin {
	const char	*export_id;	/* the id its incident takes in exports
					   ("incident--..."), never NULL */
	int		 own;		/* a normwatch incident coming back */
	const char	*publisher;	/* the claiming identity's name for the
					   report, or NULL: the feed's publisher */
	const char	*tlp;		/* TLP level of its markings, or NULL */
	const char	*url_sha256;	/* SHA-256 hex of the url's content as
					   the source gave it, or NULL */
	const char	*external_id;	/* the source's id of the item, or NULL
					   (then the native id) */
	const char	*determination;	/* Incident Core Extension values, */
	const char	*investigation_status;	/* or NULL */
	/* The claiming identity of each claim; NULL: publisher. */
	const char	*attr_by[NW_MAX_ATTRIB];
	const char	*actor_by[NW_MAX_ACTORS];
	const char	*victim_by[NW_MAX_VICTIMS];
};

struct nw_report {
	const char	*native_id;	/* stable id within its source */
	const char	*url;		/* link to the item, or the feed URL */
	const char	*title;		/* may be NULL */
	const char	*text;		/* normalized UTF-8 text */
	size_t		 textlen;	/* bytes of text */
	struct nw_date	 date;		/* the date the source gives it */
	long		 line;		/* line in the document, 0 if unknown */
	long long	 offset;	/* byte offset in the document, -1 */
	int		 preset;	/* 1: the parser filled ex from
					   structured data (STIX, CSV columns);
					   ingest does not run nw_extract */
	struct nw_extract ex;		/* filled by nw_extract() */
	const struct nw_origin *origin;	/* STIX provenance, or NULL */
};

/* Names used in JSON, the store and the CLI.  NULL for out of range. */
const char	*nw_prec_name(enum nw_prec);	/* "year", "month", "day" */
const char	*nw_hedge_name(enum nw_hedge);	/* "asserted", "suspected" */
const char	*nw_party_name(enum nw_party);	/* "government", ... */
const char	*nw_sponsor_name(enum nw_sponsor);/* "state", "non-state", "unknown" */
const char	*nw_sector_name(enum nw_sector);/* "defense-industry", ... */
/* Reverse lookups: 0 and *out set, or -1 for an unknown name. */
int		 nw_prec_from_name(const char *, enum nw_prec *);
int		 nw_hedge_from_name(const char *, enum nw_hedge *);
int		 nw_party_from_name(const char *, enum nw_party *);
int		 nw_sponsor_from_name(const char *, enum nw_sponsor *);
int		 nw_sector_from_name(const char *, enum nw_sector *);

/* "2022-09" (month), "2022-09-12" (day), "2022" (year), "" (none). */
void		 nw_date_format(const struct nw_date *, char out[16]);
/* The reverse of nw_date_format; -1 for anything else or impossible. */
int		 nw_date_parse_iso(const char *, struct nw_date *);
/* 1 when the date is possible (month 1-12, day exists, 1900 < y < 2200). */
int		 nw_date_valid(const struct nw_date *);

#endif
