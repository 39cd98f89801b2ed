/*
 * store.c - the SQLite store: schema and forward migrations, one
 * transaction per feed, reports with what extraction found in them, the
 * fetch log, runs, and the run lock.
 *
 * Every value goes to SQLite through a bound parameter; the only SQL text
 * built at run time is "PRAGMA user_version = N" from our own constant.
 * Statements used per report are prepared once and kept in the store.
 * The schema is explained table by table in docs/schema.md.
 */
#include "config.h"

#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <nettle/sha2.h>
#include <sqlite3.h>

#include "normwatch/log.h"
#include "normwatch/store.h"
#include "normwatch/util.h"

#define STORE_BUSY_TIMEOUT_MS	5000		/* wait for another writer */
/*
 * The page cache of a store open for writing, in KiB.  One feed is one
 * transaction: with SQLite's default cache (2 MiB) most of a large feed's
 * pages would be spilled to the WAL, one pwrite each, and written again
 * before the commit.  SQLite allocates the cache only as pages are used.
 */
#define STORE_CACHE_KIB		65536
/*
 * temp_store = MEMORY: a statement that writes several rows inside a
 * transaction keeps a statement journal, by default a temporary file
 * written one pwrite per page; in memory it costs nothing.
 */
#define NW_XSTR(x)	#x
#define NW_STR(x)	NW_XSTR(x)
#define STORE_APPLICATION_ID	0x4e574348	/* "NWCH" in the file header */
#define STORE_LOCK_SUFFIX	".lock"
#define STORE_LOCK_PID_MAX	32		/* bytes of the pid in PATH.lock */

/*
 * Schema version 1.  A migration is never edited once released: a later
 * version appends a step to migrations[] below (ALTER TABLE, CREATE TABLE,
 * data moves) and bumps NW_STORE_SCHEMA_VERSION.  The closed vocabularies
 * are the names of report.h (nw_hedge_name, nw_party_name, ...), checked
 * with OR chains rather than IN lists: SQLite turns an IN list of more
 * than two constants into a temporary index built anew for every row
 * written, which costs a third of the time of saving a report.
 */
static const char schema_v1[] =
"PRAGMA application_id = 1314341704;\n"	/* STORE_APPLICATION_ID */
"CREATE TABLE run (\n"
"  id            INTEGER PRIMARY KEY,\n"
"  command       TEXT NOT NULL,\n"
"  started       TEXT NOT NULL,\n"
"  finished      TEXT,\n"
"  outcome       TEXT CHECK (outcome = 'ok' OR\n"
"                    outcome = 'partial' OR outcome = 'failed'),\n"
"  CHECK ((finished IS NULL) = (outcome IS NULL))\n"
");\n"
"CREATE TABLE source (\n"
"  id            INTEGER PRIMARY KEY,\n"
"  name          TEXT NOT NULL UNIQUE,\n"
"  kind          TEXT NOT NULL,\n"
"  url           TEXT NOT NULL,\n"
"  publisher     TEXT,\n"
"  etag          TEXT,\n"
"  last_modified TEXT,\n"
"  sha256        TEXT CHECK (length(sha256) = 64 AND\n"
"                    sha256 NOT GLOB '*[^0-9a-f]*'),\n"
"  first_seen    TEXT NOT NULL,\n"
"  updated       TEXT NOT NULL\n"
");\n"
"CREATE TABLE document (\n"
"  sha256        TEXT NOT NULL PRIMARY KEY CHECK (length(sha256) = 64 AND\n"
"                    sha256 NOT GLOB '*[^0-9a-f]*'),\n"
"  bytes         INTEGER NOT NULL CHECK (bytes >= 0),\n"
"  content_type  TEXT,\n"
"  url           TEXT,\n"
"  first_seen    TEXT NOT NULL\n"
") WITHOUT ROWID;\n"
"CREATE TABLE fetch (\n"
"  id            INTEGER PRIMARY KEY,\n"
"  source        TEXT NOT NULL,\n"
"  run           INTEGER REFERENCES run(id),\n"
"  started       TEXT NOT NULL,\n"
"  outcome       TEXT NOT NULL CHECK (outcome = 'ok' OR\n"
"                    outcome = 'not-modified' OR outcome = 'unchanged' OR\n"
"                    outcome = 'offline' OR outcome = 'failed'),\n"
"  http_code     INTEGER NOT NULL CHECK (http_code BETWEEN 0 AND 999),\n"
"  bytes         INTEGER NOT NULL CHECK (bytes >= 0),\n"
"  sha256        TEXT CHECK (length(sha256) = 64 AND\n"
"                    sha256 NOT GLOB '*[^0-9a-f]*'),\n"
"  error         TEXT,\n"
"  reports       INTEGER NOT NULL CHECK (reports >= 0),\n"
"  new_reports   INTEGER NOT NULL CHECK (new_reports >= 0),\n"
"  changed       INTEGER NOT NULL CHECK (changed >= 0),\n"
"  seconds       REAL NOT NULL CHECK (seconds >= 0)\n"
");\n"
"CREATE INDEX fetch_by_source ON fetch (source, id);\n"
"CREATE INDEX fetch_by_outcome ON fetch (source, outcome, id);\n"
"CREATE TABLE report (\n"
"  id            INTEGER PRIMARY KEY,\n"
"  source_id     INTEGER NOT NULL REFERENCES source(id),\n"
"  native_id     TEXT NOT NULL,\n"
"  document      TEXT REFERENCES document(sha256),\n"
"  url           TEXT NOT NULL,\n"
"  date          TEXT,\n"
"  date_precision TEXT NOT NULL CHECK (\n"
"                    date_precision = 'none' OR date_precision = 'year' OR\n"
"                    date_precision = 'month' OR date_precision = 'day'),\n"
"  title         TEXT,\n"
"  text          TEXT NOT NULL,\n"
"  content_hash  TEXT NOT NULL CHECK (length(content_hash) = 64),\n"
"  sponsorship   TEXT NOT NULL CHECK (sponsorship = 'unknown' OR\n"
"                    sponsorship = 'state' OR sponsorship = 'non-state'),\n"
"  first_seen    TEXT NOT NULL,\n"
"  last_seen     TEXT NOT NULL,\n"
"  first_run     INTEGER REFERENCES run(id),\n"
"  last_run      INTEGER REFERENCES run(id),\n"
"  UNIQUE (source_id, native_id),\n"
"  CHECK (CASE date_precision\n"
"      WHEN 'none' THEN date IS NULL\n"
"      WHEN 'year' THEN length(date) = 4\n"
"      WHEN 'month' THEN length(date) = 7\n"
"      ELSE length(date) = 10 END)\n"
");\n"
"CREATE TABLE claim (\n"
"  report_id     INTEGER NOT NULL REFERENCES report(id) ON DELETE CASCADE,\n"
"  ord           INTEGER NOT NULL CHECK (ord >= 0),\n"
"  state         TEXT NOT NULL CHECK (state GLOB '[A-Z][A-Z]'),\n"
"  hedge         TEXT NOT NULL CHECK (hedge = 'asserted' OR\n"
"                    hedge = 'suspected'),\n"
"  party         TEXT NOT NULL CHECK (party = 'unspecified' OR\n"
"                    party = 'government' OR party = 'vendor' OR\n"
"                    party = 'self' OR party = 'media'),\n"
"  ev_off        INTEGER NOT NULL CHECK (ev_off >= 0),\n"
"  ev_len        INTEGER NOT NULL CHECK (ev_len >= 0),\n"
"  PRIMARY KEY (report_id, ord)\n"
") WITHOUT ROWID;\n"
"CREATE TABLE report_actor (\n"
"  report_id     INTEGER NOT NULL REFERENCES report(id) ON DELETE CASCADE,\n"
"  ord           INTEGER NOT NULL CHECK (ord >= 0),\n"
"  name          TEXT NOT NULL CHECK (length(name) > 0),\n"
"  ev_off        INTEGER NOT NULL CHECK (ev_off >= 0),\n"
"  ev_len        INTEGER NOT NULL CHECK (ev_len >= 0),\n"
"  PRIMARY KEY (report_id, ord)\n"
") WITHOUT ROWID;\n"
"CREATE TABLE report_victim (\n"
"  report_id     INTEGER NOT NULL REFERENCES report(id) ON DELETE CASCADE,\n"
"  ord           INTEGER NOT NULL CHECK (ord >= 0),\n"
"  state         TEXT NOT NULL CHECK (state GLOB '[A-Z][A-Z]'),\n"
"  PRIMARY KEY (report_id, ord)\n"
") WITHOUT ROWID;\n"
"CREATE TABLE report_sector (\n"
"  report_id     INTEGER NOT NULL REFERENCES report(id) ON DELETE CASCADE,\n"
"  sector        TEXT NOT NULL CHECK (\n"
"                    sector = 'government' OR sector = 'military' OR\n"
"                    sector = 'defense-industry' OR sector = 'energy' OR\n"
"                    sector = 'water' OR sector = 'healthcare' OR\n"
"                    sector = 'finance' OR sector = 'telecommunications' OR\n"
"                    sector = 'technology' OR sector = 'media' OR\n"
"                    sector = 'education' OR sector = 'elections' OR\n"
"                    sector = 'transport' OR sector = 'manufacturing' OR\n"
"                    sector = 'retail' OR sector = 'civil-society' OR\n"
"                    sector = 'other'),\n"
"  PRIMARY KEY (report_id, sector)\n"
") WITHOUT ROWID;\n";

/*
 * Schema version 2: incidents, the findings of the norms rules with their
 * evidence, observance of the Paris Call, and a key-value table for the
 * store's own facts (the version of the rules last mapped with).  Every
 * report of a version 1 store becomes an incident of its own.
 */
static const char schema_v2[] =
"CREATE TABLE incident (\n"
"  id            INTEGER PRIMARY KEY,\n"
"  key           TEXT NOT NULL UNIQUE,\n"
"  created       TEXT NOT NULL,\n"
"  changed       TEXT NOT NULL,\n"
"  mapped        TEXT,\n"
"  rules_version TEXT,\n"
"  findings_hash TEXT CHECK (length(findings_hash) = 64)\n"
");\n"
"CREATE TABLE incident_report (\n"
"  report_id     INTEGER PRIMARY KEY REFERENCES report(id)\n"
"                    ON DELETE CASCADE,\n"
"  incident_id   INTEGER NOT NULL REFERENCES incident(id)\n"
"                    ON DELETE CASCADE\n"
");\n"
"CREATE INDEX incident_report_by_incident ON incident_report\n"
"  (incident_id, report_id);\n"
"CREATE TABLE finding (\n"
"  incident_id   INTEGER NOT NULL REFERENCES incident(id)\n"
"                    ON DELETE CASCADE,\n"
"  ord           INTEGER NOT NULL CHECK (ord >= 0),\n"
"  framework     TEXT NOT NULL,\n"
"  principle     TEXT NOT NULL,\n"
"  rule          TEXT NOT NULL,\n"
"  confidence    INTEGER NOT NULL CHECK (confidence BETWEEN 0 AND 100),\n"
"  PRIMARY KEY (incident_id, ord)\n"
") WITHOUT ROWID;\n"

"CREATE TABLE evidence (\n"
"  incident_id   INTEGER NOT NULL,\n"
"  finding_ord   INTEGER NOT NULL,\n"
"  ord           INTEGER NOT NULL CHECK (ord >= 0),\n"
"  report_id     INTEGER NOT NULL,\n"
"  kind          TEXT NOT NULL CHECK (kind = 'match' OR\n"
"                    kind = 'attribution' OR kind = 'actor'),\n"
"  source        TEXT NOT NULL,\n"
"  off           INTEGER NOT NULL CHECK (off >= 0),\n"
"  len           INTEGER NOT NULL CHECK (len >= 0),\n"
"  text          TEXT NOT NULL,\n"
"  PRIMARY KEY (incident_id, finding_ord, ord),\n"
"  FOREIGN KEY (incident_id, finding_ord) REFERENCES finding\n"
"    (incident_id, ord) ON DELETE CASCADE\n"
") WITHOUT ROWID;\n"
"CREATE TABLE observance (\n"
"  incident_id   INTEGER NOT NULL REFERENCES incident(id)\n"
"                    ON DELETE CASCADE,\n"
"  role          TEXT NOT NULL CHECK (role = 'attributed' OR\n"
"                    role = 'victim'),\n"
"  state         TEXT NOT NULL CHECK (state GLOB '[A-Z][A-Z]'),\n"
"  supporter     TEXT NOT NULL CHECK (supporter = 'yes' OR\n"
"                    supporter = 'no' OR supporter = 'uncertain'),\n"
"  PRIMARY KEY (incident_id, role, state)\n"
") WITHOUT ROWID;\n"
"CREATE TABLE meta (\n"
"  key           TEXT NOT NULL PRIMARY KEY,\n"
"  value         TEXT NOT NULL\n"
") WITHOUT ROWID;\n"
"INSERT INTO incident (key, created, changed)\n"
"  SELECT s.name || '/' || r.native_id, r.first_seen, r.last_seen\n"
"  FROM report r JOIN source s ON s.id = r.source_id ORDER BY r.id;\n"
"INSERT INTO incident_report (report_id, incident_id)\n"
"  SELECT r.id, i.id FROM report r JOIN source s ON s.id = r.source_id\n"
"  JOIN incident i ON i.key = s.name || '/' || r.native_id;\n";

/*
 * Schema version 3 (the STIX work): the TLP of each source and when it
 * last changed; the append-only log of STIX objects received from stix
 * feeds, with the identifiers each refers to; and the provenance of the
 * reports parsed from STIX: the id their incident takes in exports, the
 * claiming identities, markings and source reference.
 */
static const char schema_v3[] =
"ALTER TABLE source ADD COLUMN tlp TEXT NOT NULL DEFAULT 'clear'\n"
"  CHECK (tlp = 'clear' OR tlp = 'green' OR tlp = 'amber' OR\n"
"      tlp = 'amber+strict' OR tlp = 'red');\n"
"ALTER TABLE source ADD COLUMN tlp_changed TEXT;\n"
"CREATE TABLE stix_object (\n"
"  seq           INTEGER PRIMARY KEY,\n"
"  id            TEXT NOT NULL,\n"
"  type          TEXT NOT NULL,\n"
"  modified      TEXT NOT NULL,\n"
"  created       TEXT,\n"
"  json          TEXT,\n"
"  hash          TEXT CHECK (length(hash) = 64),\n"
"  own           INTEGER NOT NULL CHECK (own = 0 OR own = 1),\n"
"  warnings      INTEGER NOT NULL CHECK (warnings >= 0),\n"
"  source_id     INTEGER NOT NULL REFERENCES source(id),\n"
"  date_added    TEXT NOT NULL,\n"
"  refs          TEXT,\n"
"  UNIQUE (id, modified),\n"
"  CHECK ((json IS NULL) = (own = 1)),\n"
"  CHECK ((hash IS NULL) = (own = 0))\n"
");\n"
"CREATE TABLE stix_origin (\n"
"  report_id     INTEGER PRIMARY KEY REFERENCES report(id)\n"
"                    ON DELETE CASCADE,\n"
"  export_id     TEXT NOT NULL,\n"
"  own           INTEGER NOT NULL CHECK (own = 0 OR own = 1),\n"
"  publisher     TEXT,\n"
"  tlp           TEXT CHECK (tlp IS NULL OR tlp = 'clear' OR\n"
"                    tlp = 'green' OR tlp = 'amber' OR\n"
"                    tlp = 'amber+strict' OR tlp = 'red'),\n"
"  url_sha256    TEXT,\n"
"  external_id   TEXT,\n"
"  determination TEXT,\n"
"  investigation_status TEXT,\n"
"  hash          TEXT NOT NULL CHECK (length(hash) = 64)\n"
");\n"
"CREATE TABLE stix_claimer (\n"
"  report_id     INTEGER NOT NULL REFERENCES report(id) ON DELETE CASCADE,\n"
"  kind          TEXT NOT NULL CHECK (kind = 'attribution' OR\n"
"                    kind = 'actor' OR kind = 'victim'),\n"
"  ord           INTEGER NOT NULL CHECK (ord >= 0),\n"
"  claimer       TEXT NOT NULL,\n"
"  PRIMARY KEY (report_id, kind, ord)\n"
") WITHOUT ROWID;\n";

/*
 * Schema version 4: the state a feed keeps from run to run besides its
 * conditional-GET validators (a MISP feed's event timestamps, a TAXII
 * collection's added_after cursor), keyed by feed name.
 */
static const char schema_v4[] =
"CREATE TABLE feed_state (\n"
"  feed          TEXT NOT NULL,\n"
"  key           TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 256),\n"
"  value         TEXT NOT NULL,\n"
"  PRIMARY KEY (feed, key)\n"
") WITHOUT ROWID;\n";

/* --- schema version 5: canonical actors and merging ----------------------
 *
 * Added by the merging work (actors.c, merge.c; docs/schema.md, "schema
 * version 5").  Actors: the galaxy clusters each actors feed gave (with
 * their names and cross-galaxy links), the canonical actors built from
 * all of them, every alias with its origin, the conflicts, and the
 * canonical actor of each report's actor claim.  Merging: which sources
 * carry dataset groups, each report's features and blocking keys, the
 * edges between candidate reports, and the curated decisions of
 * merges.tsv.  Nothing is moved: the first ingest (or `normwatch merge`)
 * computes the features and merges the store.
 */
static const char schema_v5[] =
"CREATE TABLE actor_cluster (\n"
"  source_id     INTEGER NOT NULL REFERENCES source(id),\n"
"  uuid          TEXT NOT NULL CHECK (length(uuid) = 36),\n"
"  origin        TEXT NOT NULL CHECK (origin = 'threat-actor' OR\n"
"                    origin = 'mitre-intrusion-set' OR\n"
"                    origin = 'microsoft-activity-group'),\n"
"  value         TEXT NOT NULL CHECK (length(value) > 0),\n"
"  state         TEXT CHECK (state GLOB '[A-Z][A-Z]'),\n"
"  agency        TEXT,\n"
"  PRIMARY KEY (source_id, uuid)\n"
") WITHOUT ROWID;\n"
"CREATE TABLE actor_cluster_name (\n"
"  source_id     INTEGER NOT NULL,\n"
"  uuid          TEXT NOT NULL,\n"
"  ord           INTEGER NOT NULL CHECK (ord >= 0),\n"
"  name          TEXT NOT NULL CHECK (length(name) > 0),\n"
"  PRIMARY KEY (source_id, uuid, ord),\n"
"  FOREIGN KEY (source_id, uuid) REFERENCES actor_cluster (source_id, uuid)\n"
"    ON DELETE CASCADE\n"
") WITHOUT ROWID;\n"
"CREATE TABLE actor_cluster_link (\n"
"  source_id     INTEGER NOT NULL,\n"
"  uuid          TEXT NOT NULL,\n"
"  dest          TEXT NOT NULL,\n"
"  PRIMARY KEY (source_id, uuid, dest),\n"
"  FOREIGN KEY (source_id, uuid) REFERENCES actor_cluster (source_id, uuid)\n"
"    ON DELETE CASCADE\n"
") WITHOUT ROWID;\n"
"CREATE TABLE actor (\n"
"  id            TEXT NOT NULL PRIMARY KEY,\n"
"  name          TEXT NOT NULL,\n"
"  state         TEXT CHECK (state GLOB '[A-Z][A-Z]'),\n"
"  agency        TEXT,\n"
"  origin        TEXT NOT NULL\n"
") WITHOUT ROWID;\n"
"CREATE TABLE actor_alias (\n"
"  norm          TEXT NOT NULL,\n"
"  actor_id      TEXT NOT NULL REFERENCES actor(id),\n"
"  name          TEXT NOT NULL,\n"
"  origin        TEXT NOT NULL,\n"
"  cluster       TEXT NOT NULL,\n"
"  conflict      INTEGER NOT NULL CHECK (conflict = 0 OR conflict = 1),\n"
"  PRIMARY KEY (norm, actor_id, origin, cluster, name)\n"
") WITHOUT ROWID;\n"
"CREATE INDEX actor_alias_by_actor ON actor_alias (actor_id);\n"
"CREATE TABLE actor_conflict (\n"
"  kind          TEXT NOT NULL CHECK (kind = 'name' OR kind = 'link'),\n"
"  norm          TEXT NOT NULL,\n"
"  name_a        TEXT NOT NULL,\n"
"  cluster_a     TEXT NOT NULL,\n"
"  origin_a      TEXT NOT NULL,\n"
"  actor_a       TEXT NOT NULL,\n"
"  name_b        TEXT NOT NULL,\n"
"  cluster_b     TEXT NOT NULL,\n"
"  origin_b      TEXT NOT NULL,\n"
"  actor_b       TEXT NOT NULL,\n"
"  PRIMARY KEY (kind, norm, cluster_a, cluster_b)\n"
") WITHOUT ROWID;\n"
"CREATE TABLE report_actor_canon (\n"
"  report_id     INTEGER NOT NULL REFERENCES report(id) ON DELETE CASCADE,\n"
"  ord           INTEGER NOT NULL CHECK (ord >= 0),\n"
"  actor_id      TEXT NOT NULL,\n"
"  PRIMARY KEY (report_id, ord)\n"
") WITHOUT ROWID;\n"
"CREATE TABLE merge_source (\n"
"  source_id     INTEGER PRIMARY KEY REFERENCES source(id),\n"
"  grouped       INTEGER NOT NULL CHECK (grouped = 0 OR grouped = 1)\n"
");\n"
"CREATE TABLE merge_feature (\n"
"  report_id     INTEGER PRIMARY KEY REFERENCES report(id)\n"
"                    ON DELETE CASCADE,\n"
"  source_id     INTEGER NOT NULL,\n"
"  grp           TEXT,\n"
"  lo            INTEGER NOT NULL,\n"
"  hi            INTEGER NOT NULL CHECK (hi >= lo),\n"
"  day           INTEGER NOT NULL,\n"
"  sectors       INTEGER NOT NULL,\n"
"  tokens        BLOB NOT NULL,\n"
"  keys          TEXT NOT NULL\n"
");\n"
"CREATE INDEX merge_feature_by_group ON merge_feature (source_id, grp)\n"
"  WHERE grp IS NOT NULL;\n"
"CREATE TABLE merge_block (\n"
"  key           TEXT NOT NULL,\n"
"  lo            INTEGER NOT NULL,\n"
"  hi            INTEGER NOT NULL,\n"
"  source_id     INTEGER NOT NULL,\n"
"  report_id     INTEGER NOT NULL,\n"
"  PRIMARY KEY (key, lo, report_id)\n"
") WITHOUT ROWID;\n"

"CREATE TABLE merge_edge (\n"
"  a             INTEGER NOT NULL REFERENCES report(id) ON DELETE CASCADE,\n"
"  b             INTEGER NOT NULL REFERENCES report(id) ON DELETE CASCADE,\n"
"  score         REAL NOT NULL,\n"
"  why           TEXT NOT NULL,\n"
"  PRIMARY KEY (a, b),\n"
"  CHECK (a < b)\n"
") WITHOUT ROWID;\n"
"CREATE INDEX merge_edge_by_b ON merge_edge (b, a);\n"
"CREATE TABLE merge_decision (\n"
"  a             TEXT NOT NULL,\n"
"  b             TEXT NOT NULL,\n"
"  decision      TEXT NOT NULL CHECK (decision = 'same' OR\n"
"                    decision = 'different'),\n"
"  line          INTEGER NOT NULL,\n"
"  PRIMARY KEY (a, b),\n"
"  CHECK (a < b)\n"
") WITHOUT ROWID;\n"
"CREATE INDEX merge_decision_by_b ON merge_decision (b);\n";

/*
 * Schema version 6: the TAXII server's own collections (src/serve/).  Each
 * row is one version of one object in one collection, with its canonical
 * JSON as served; date_added is in microseconds and rises strictly, so
 * (collection, date_added, seq) is a keyset for pages.  vkey is the
 * version normalised to nine fractional digits, so text order is time
 * order; first and latest mark the first and last version of each object
 * in its collection.  taxii_status keeps the status resources of POSTs.
 */
static const char schema_v6[] =
"CREATE TABLE taxii_object (\n"
"  seq           INTEGER PRIMARY KEY,\n"
"  collection    TEXT NOT NULL,\n"
"  id            TEXT NOT NULL,\n"
"  type          TEXT NOT NULL,\n"
"  version       TEXT NOT NULL,\n"
"  vkey          TEXT NOT NULL,\n"
"  spec_version  TEXT NOT NULL,\n"
"  date_added    INTEGER NOT NULL,\n"
"  first         INTEGER NOT NULL CHECK (first = 0 OR first = 1),\n"
"  latest        INTEGER NOT NULL CHECK (latest = 0 OR latest = 1),\n"
"  json          TEXT NOT NULL,\n"
"  UNIQUE (collection, id, vkey)\n"
");\n"
"CREATE INDEX taxii_object_by_added ON taxii_object\n"
"  (collection, date_added, seq);\n"
"CREATE INDEX taxii_object_latest ON taxii_object\n"
"  (collection, date_added, seq) WHERE latest = 1;\n"
"CREATE TABLE taxii_status (\n"
"  id            TEXT PRIMARY KEY,\n"
"  user          TEXT NOT NULL,\n"
"  collection    TEXT NOT NULL,\n"
"  created       INTEGER NOT NULL,\n"
"  json          TEXT NOT NULL\n"
");\n"
"CREATE TABLE taxii_meta (\n"
"  key           TEXT PRIMARY KEY,\n"
"  value         TEXT NOT NULL\n"
") WITHOUT ROWID;\n";

/* The forward migrations: step i takes user_version i to i + 1. */
static const struct migration {
	int		 version;	/* user_version after this step */
	const char	*sql;
} migrations[] = {
	{ 1, schema_v1 },
	{ 2, schema_v2 },
	{ 3, schema_v3 },
	{ 4, schema_v4 },
	{ 5, schema_v5 },
	{ 6, schema_v6 },
};

/* The statements prepared once per store. */
enum stmt_id {
	ST_SOURCE_UPSERT = 0,
	ST_SOURCE_ID,
	ST_SOURCE_STATE_GET,
	ST_SOURCE_STATE_SET,
	ST_DOCUMENT_PUT,
	ST_REPORT_FIND,
	ST_REPORT_INSERT,
	ST_REPORT_UPDATE,
	ST_REPORT_SEEN,
	ST_CLAIM_DELETE,
	ST_ACTOR_DELETE,
	ST_VICTIM_DELETE,
	ST_SECTOR_DELETE,
	ST_CLAIM_GET,
	ST_ACTOR_GET,
	ST_VICTIM_GET,
	ST_SECTOR_GET,
	ST_RUN_BEGIN,
	ST_RUN_END,
	ST_FETCH_LOG,
	ST_REPORT_INCIDENT,
	ST_INCIDENT_NEW,
	ST_INCIDENT_JOIN,
	ST_INCIDENT_TOUCH,
	ST_INCIDENT_LINK,
	ST_INCIDENT_GET,
	ST_INCIDENT_MAPPED,
	ST_FINDING_DELETE,
	ST_OBSERVANCE_DELETE,
	ST_FINDING_GET,
	ST_EVIDENCE_GET,
	ST_OBSERVANCE_GET,
	ST_META_GET,
	ST_META_SET,
	ST_INCIDENT_BY_KEY,
	ST_FEED_KV_GET,
	ST_FEED_KV_SET,
	ST_FEED_KV_DELETE,
	ST_INCIDENT_DELETE,	/* schema 5: merging */
	ST_COUNT
};

/*
 * ST_REPORT_INSERT and ST_REPORT_UPDATE share parameters ?3 to ?12
 * (report_bind); ?1 and ?2 are the key.
 */
static const char *const stmt_sql[ST_COUNT] = {
	[ST_SOURCE_UPSERT] =
	    "INSERT INTO source (name, kind, url, publisher, first_seen, updated)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?5)"
	    " ON CONFLICT (name) DO UPDATE SET kind = excluded.kind,"
	    " url = excluded.url, publisher = excluded.publisher,"
	    " updated = excluded.updated"
	    " WHERE kind IS NOT excluded.kind OR url IS NOT excluded.url"
	    " OR publisher IS NOT excluded.publisher",
	[ST_SOURCE_ID] =
	    "SELECT id FROM source WHERE name = ?1",
	[ST_SOURCE_STATE_GET] =
	    "SELECT etag, last_modified, sha256 FROM source WHERE name = ?1",
	[ST_SOURCE_STATE_SET] =
	    "UPDATE source SET etag = ?2, last_modified = ?3, sha256 = ?4,"
	    " updated = ?5 WHERE id = ?1",
	[ST_DOCUMENT_PUT] =
	    "INSERT INTO document (sha256, bytes, content_type, url, first_seen)"
	    " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (sha256) DO NOTHING",
	[ST_REPORT_FIND] =
	    "SELECT id, content_hash FROM report"
	    " WHERE source_id = ?1 AND native_id = ?2",
	[ST_REPORT_INSERT] =
	    "INSERT INTO report (source_id, native_id, document, url, date,"
	    " date_precision, title, text, content_hash, sponsorship,"
	    " first_seen, last_seen, first_run, last_run)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11,"
	    " ?12, ?12)",
	[ST_REPORT_UPDATE] =
	    "UPDATE report SET document = ?3, url = ?4, date = ?5,"
	    " date_precision = ?6, title = ?7, text = ?8, content_hash = ?9,"
	    " sponsorship = ?10, last_seen = ?11, last_run = ?12"
	    " WHERE id = ?1 AND native_id = ?2",
	[ST_REPORT_SEEN] =
	    "UPDATE report SET last_seen = ?2, last_run = ?3 WHERE id = ?1",
	[ST_CLAIM_DELETE] = "DELETE FROM claim WHERE report_id = ?1",
	[ST_ACTOR_DELETE] = "DELETE FROM report_actor WHERE report_id = ?1",
	[ST_VICTIM_DELETE] = "DELETE FROM report_victim WHERE report_id = ?1",
	[ST_SECTOR_DELETE] = "DELETE FROM report_sector WHERE report_id = ?1",
	[ST_CLAIM_GET] =
	    "SELECT state, hedge, party, ev_off, ev_len FROM claim"
	    " WHERE report_id = ?1 ORDER BY ord",
	[ST_ACTOR_GET] =
	    "SELECT name, ev_off, ev_len FROM report_actor"
	    " WHERE report_id = ?1 ORDER BY ord",
	[ST_VICTIM_GET] =
	    "SELECT state FROM report_victim WHERE report_id = ?1 ORDER BY ord",
	[ST_SECTOR_GET] =
	    "SELECT sector FROM report_sector WHERE report_id = ?1",
	[ST_RUN_BEGIN] =
	    "INSERT INTO run (command, started) VALUES (?1, ?2)",
	[ST_RUN_END] =
	    "UPDATE run SET finished = ?2, outcome = ?3 WHERE id = ?1",
	[ST_FETCH_LOG] =
	    "INSERT INTO fetch (source, run, started, outcome, http_code,"
	    " bytes, sha256, error, reports, new_reports, changed, seconds)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
	[ST_REPORT_INCIDENT] =
	    "SELECT incident_id FROM incident_report WHERE report_id = ?1",
	[ST_INCIDENT_NEW] =
	    "INSERT INTO incident (key, created, changed) VALUES (?1, ?2, ?2)",
	[ST_INCIDENT_JOIN] =
	    "INSERT INTO incident_report (report_id, incident_id)"
	    " VALUES (?1, ?2)",
	[ST_INCIDENT_TOUCH] =
	    "UPDATE incident SET changed = ?2 WHERE id = ?1",
	[ST_INCIDENT_LINK] =
	    "INSERT INTO incident_report (report_id, incident_id)"
	    " VALUES (?1, ?2) ON CONFLICT (report_id) DO UPDATE SET"
	    " incident_id = excluded.incident_id",
	[ST_INCIDENT_GET] =
	    "SELECT key, created, mapped, rules_version, changed, findings_hash"
	    " FROM incident WHERE id = ?1",
	[ST_INCIDENT_MAPPED] =
	    "UPDATE incident SET mapped = ?2, rules_version = ?3,"
	    " findings_hash = ?4,"
	    " changed = CASE WHEN findings_hash IS ?4 THEN changed ELSE ?2 END"
	    " WHERE id = ?1",
	[ST_FINDING_DELETE] = "DELETE FROM finding WHERE incident_id = ?1",
	[ST_OBSERVANCE_DELETE] =
	    "DELETE FROM observance WHERE incident_id = ?1",
	[ST_FINDING_GET] =
	    "SELECT ord, framework, principle, rule, confidence FROM finding"
	    " WHERE incident_id = ?1 ORDER BY ord",
	[ST_EVIDENCE_GET] =
	    "SELECT report_id, kind, source, off, len, text FROM evidence"
	    " WHERE incident_id = ?1 AND finding_ord = ?2 ORDER BY ord",
	[ST_OBSERVANCE_GET] =
	    "SELECT role, state, supporter FROM observance WHERE incident_id = ?1"
	    " ORDER BY role, state",
	[ST_META_GET] = "SELECT value FROM meta WHERE key = ?1",
	[ST_INCIDENT_BY_KEY] = "SELECT id FROM incident WHERE key = ?1",
	[ST_FEED_KV_GET] =
	    "SELECT key, value FROM feed_state WHERE feed = ?1 ORDER BY key",
	[ST_FEED_KV_SET] =
	    "INSERT INTO feed_state (feed, key, value) VALUES (?1, ?2, ?3)"
	    " ON CONFLICT (feed, key) DO UPDATE SET value = excluded.value",
	[ST_FEED_KV_DELETE] =
	    "DELETE FROM feed_state WHERE feed = ?1 AND key = ?2",
	[ST_META_SET] =
	    "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key)"
	    " DO UPDATE SET value = excluded.value",
	[ST_INCIDENT_DELETE] =
	    "DELETE FROM incident WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM"
	    " incident_report WHERE incident_id = ?1)",
};

/* The child tables of a report, written by child_stmt(). */
enum child_id {
	CH_CLAIM = 0,
	CH_ACTOR,
	CH_VICTIM,
	CH_SECTOR,
	CH_FINDING,
	CH_EVIDENCE,
	CH_OBSERVANCE,
	CH_COUNT
};

#define CH_MAX_ROWS	NW_MAX_VICTIMS	/* the largest of the row caps */
_Static_assert(CH_MAX_ROWS >= NW_MAX_ATTRIB && CH_MAX_ROWS >= NW_MAX_ACTORS &&
    CH_MAX_ROWS >= NW_SECTOR_COUNT, "CH_MAX_ROWS below a row cap");

/* Reports in id order, all or of one source (?1). */
static const char each_report_sql[] =
    "SELECT r.id, s.name, s.publisher, r.url, r.native_id, r.date,"
    " r.date_precision, r.title, r.text, r.sponsorship, r.first_seen,"
    " r.last_seen FROM report r JOIN source s ON s.id = r.source_id"
    " ORDER BY r.id";
static const char each_report_of_sql[] =
    "SELECT r.id, s.name, s.publisher, r.url, r.native_id, r.date,"
    " r.date_precision, r.title, r.text, r.sponsorship, r.first_seen,"
    " r.last_seen FROM report r JOIN source s ON s.id = r.source_id"
    " WHERE s.name = ?1 ORDER BY r.id";

/*
 * One row per feed known to the store: those with a source row (their
 * feed committed once) and those only in the fetch log (every attempt
 * failed), by name.  A success is a fetch that reached the source.
 */
static const char each_status_sql[] =
    "SELECT n.name, s.kind, s.url, f.started, f.outcome, f.http_code,"
    " f.bytes, f.reports, f.new_reports, f.error,"
    " (SELECT started FROM fetch WHERE source = n.name AND outcome IN"
    "   ('ok', 'not-modified', 'unchanged') ORDER BY id DESC LIMIT 1),"
    " (SELECT started FROM fetch WHERE source = n.name AND"
    "   outcome = 'failed' ORDER BY id DESC LIMIT 1),"
    " (SELECT count(*) FROM report WHERE source_id = s.id),"
    " s.etag, s.last_modified,"
    " (SELECT error FROM fetch WHERE source = n.name AND"
    "   outcome = 'failed' ORDER BY id DESC LIMIT 1)"
    " FROM (SELECT name FROM source UNION SELECT source FROM fetch) n"
    " LEFT JOIN source s ON s.name = n.name"
    " LEFT JOIN fetch f ON f.id ="
    "   (SELECT max(id) FROM fetch WHERE source = n.name)"
    " ORDER BY n.name";

struct nw_store {
	sqlite3			*db;
	char			*path;		/* as given to nw_store_open */
	enum nw_store_mode	 mode;
	int			 version;	/* user_version on disk */
	int			 in_feed;	/* a write transaction is open */
	int64_t			 last_report;	/* id of the last report put */
	char			 now[32];	/* the open feed's time stamp */
	sqlite3_stmt		*st[ST_COUNT];	/* prepared on first use */
	sqlite3_stmt		*child[CH_COUNT][CH_MAX_ROWS];
						/* child_stmt(), by row count */
};

struct nw_lock {
	int	 fd;		/* holds the flock; closing releases it */
	char	*path;		/* PATH.lock */
};

/* --- errors and statements ----------------------------------------------- */

/* NW_E_STORE for op, with SQLite's message; file is the store. */
static int
store_fail(struct nw_store *s, struct nw_error *err, const char *op)
{
	nw_error_where(err, NULL, s->path);
	return nw_error_set(err, NW_E_STORE, "%s: %s", op,
	    sqlite3_errmsg(s->db));
}

/* A misuse of the API by a caller: a bug, not bad data. */
static int
store_misuse(struct nw_store *s, struct nw_error *err, const char *what)
{
	nw_error_where(err, NULL, s->path);
	return nw_error_set(err, NW_E_INTERNAL, "%s", what);
}

static int
need_rw(struct nw_store *s, struct nw_error *err, const char *op)
{
	if (s->mode == NW_STORE_RW)
		return 0;
	nw_error_where(err, NULL, s->path);
	return nw_error_set(err, NW_E_STORE,
	    "%s: the store is open read-only", op);
}

static int
need_feed(struct nw_store *s, struct nw_error *err, const char *op)
{
	if (need_rw(s, err, op) == -1)
		return -1;
	if (s->in_feed)
		return 0;
	nw_error_where(err, NULL, s->path);
	return nw_error_set(err, NW_E_INTERNAL,
	    "%s: no feed transaction is open", op);
}

/* The cached statement id, reset and ready for binding, or NULL. */
static sqlite3_stmt *
st_get(struct nw_store *s, enum stmt_id id, struct nw_error *err)
{
	if (s->st[id] == NULL && sqlite3_prepare_v3(s->db, stmt_sql[id], -1,
	    SQLITE_PREPARE_PERSISTENT, &s->st[id], NULL) != SQLITE_OK) {
		s->st[id] = NULL;
		store_fail(s, err, "prepare");
		return NULL;
	}
	return s->st[id];
}

/* Bind text, NULL as SQL NULL.  The value must live until the reset. */
static int
bind_str(sqlite3_stmt *st, int i, const char *v)
{
	if (v == NULL)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
}

/* Bind a run id; 0 or less means "no run" (SQL NULL). */
static int
bind_run(sqlite3_stmt *st, int i, int64_t run)
{
	if (run <= 0)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_int64(st, i, run);
}

/*
 * Step a statement that returns no rows, then reset it.  bound is the OR
 * of the bind results (SQLITE_OK is 0).  Returns 0 or -1 with *err.
 */
static int
st_done(struct nw_store *s, sqlite3_stmt *st, int bound, struct nw_error *err,
    const char *op)
{
	int rc = -1;

	if (bound != SQLITE_OK) {
		store_fail(s, err, op);
		goto out;
	}
	if (sqlite3_step(st) != SQLITE_DONE) {
		store_fail(s, err, op);
		goto out;
	}
	rc = 0;
out:
	sqlite3_reset(st);
	return rc;
}

/* Run SQL text with no parameters (transaction control, pragmas). */
static int
store_exec(struct nw_store *s, const char *sql, struct nw_error *err,
    const char *op)
{
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(s, err, op);
	return 0;
}

/* One integer from a one-row query such as a pragma. */
static int
store_int(struct nw_store *s, const char *sql, long long *out,
    struct nw_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = -1;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		store_fail(s, err, "read");
		goto out;
	}
	*out = sqlite3_column_int64(st, 0);
	rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}

/* --- open, migrate, close ------------------------------------------------ */

/* Create the directory that will hold path. */
static int
mkdirs_parent(const char *path, struct nw_error *err)
{
	char *dir, *slash;
	int rc = 0;

	dir = xstrdup(path);
	slash = strrchr(dir, '/');
	if (slash != NULL && slash != dir) {
		*slash = '\0';
		rc = nw_mkdirs(dir, 0, err);
	}
	free(dir);
	return rc;
}

/*
 * Is this a normwatch store, a fresh file, or something else?  Sets
 * s->version.  A store newer than this program is refused here.
 */
static int
store_identify(struct nw_store *s, struct nw_error *err)
{
	long long appid, version, tables;

	if (store_int(s, "PRAGMA application_id", &appid, err) == -1 ||
	    store_int(s, "PRAGMA user_version", &version, err) == -1 ||
	    store_int(s, "SELECT count(*) FROM sqlite_master", &tables,
	    err) == -1)
		return -1;
	if (appid == 0 && version == 0 && tables == 0) {
		s->version = 0;		/* empty: version 1 creates it */
		return 0;
	}
	nw_error_where(err, NULL, s->path);
	if (appid != STORE_APPLICATION_ID)
		return nw_error_set(err, NW_E_STORE,
		    "not a normwatch store (an SQLite database of some other "
		    "program); use --db to name another file");
	if (version > NW_STORE_SCHEMA_VERSION)
		return nw_error_set(err, NW_E_STORE,
		    "the store has schema version %lld, newer than the %d this "
		    "normwatch knows; use a newer normwatch", version,
		    NW_STORE_SCHEMA_VERSION);
	if (version < 0)
		return nw_error_set(err, NW_E_STORE,
		    "the store has an impossible schema version %lld", version);
	s->version = (int)version;
	return 0;
}

/*
 * Apply the migrations past s->version, each in its own transaction that
 * also sets user_version.  The version is read again inside the
 * transaction, so two programs opening an old store at once migrate it
 * once.
 */
static int
store_migrate(struct nw_store *s, struct nw_error *err)
{
	char sql[64], op[64];
	long long now;
	size_t i;

	for (i = 0; i < NW_NELEM(migrations); i++) {
		const struct migration *m = &migrations[i];

		if (m->version != (int)i + 1)
			return store_misuse(s, err, "migration steps out of order");
		if (m->version <= s->version)
			continue;
		snprintf(op, sizeof(op), "migrate to schema version %d",
		    m->version);
		if (store_exec(s, "BEGIN IMMEDIATE", err, op) == -1)
			return -1;
		if (store_int(s, "PRAGMA user_version", &now, err) == -1)
			goto fail;
		if (now >= m->version) {
			s->version = (int)now;
			if (store_exec(s, "COMMIT", err, op) == -1)
				goto fail;
			continue;
		}
		/* our constant, not a value from outside */
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d",
		    m->version);
		if (store_exec(s, m->sql, err, op) == -1 ||
		    store_exec(s, sql, err, op) == -1 ||
		    store_exec(s, "COMMIT", err, op) == -1)
			goto fail;
		s->version = m->version;
		nw_log(NW_LOG_INFO, s->path, "store migrated to schema version %d",
		    m->version);
	}
	if (s->version != NW_STORE_SCHEMA_VERSION)
		return store_misuse(s, err, "no migration reaches the schema "
		    "version of this program");
	return 0;
fail:
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

static int
store_wal(struct nw_store *s, struct nw_error *err)
{
	sqlite3_stmt *st = NULL;
	const unsigned char *mode;
	int rc = -1;

	if (sqlite3_prepare_v2(s->db, "PRAGMA journal_mode = WAL", -1, &st,
	    NULL) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW) {
		store_fail(s, err, "set WAL mode");
		goto out;
	}
	mode = sqlite3_column_text(st, 0);
	if (mode == NULL || strcmp((const char *)mode, "wal") != 0) {
		nw_error_where(err, NULL, s->path);
		nw_error_set(err, NW_E_STORE, "cannot use WAL mode here "
		    "(journal mode stays \"%s\"); is it a network file system?",
		    mode != NULL ? (const char *)mode : "?");
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}

struct nw_store *
nw_store_open(const char *path, enum nw_store_mode mode, struct nw_error *err)
{
	struct nw_store *s;
	struct stat sb;
	int flags;

	s = xcalloc(1, sizeof(*s));
	s->path = xstrdup(path);
	s->mode = mode;
	if (mode == NW_STORE_RO) {
		if (stat(path, &sb) == -1) {
			nw_error_where(err, NULL, path);
			nw_error_set(err, NW_E_IO, "no store here (%s); "
			    "'normwatch ingest' creates it", strerror(errno));
			goto fail;
		}
		flags = SQLITE_OPEN_READONLY;
	} else {
		if (mkdirs_parent(path, err) == -1)
			goto fail;
		flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	}
	/* one handle serves one thread at a time */
	flags |= SQLITE_OPEN_NOMUTEX;
	if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
		if (s->db == NULL) {
			nw_error_where(err, NULL, path);
			nw_error_set(err, NW_E_STORE, "open: out of memory");
		} else
			store_fail(s, err, "open");
		goto fail;
	}
	if (sqlite3_busy_timeout(s->db, STORE_BUSY_TIMEOUT_MS) != SQLITE_OK) {
		store_fail(s, err, "open");
		goto fail;
	}
	if (store_identify(s, err) == -1)
		goto fail;
	if (mode == NW_STORE_RO) {
		if (s->version != NW_STORE_SCHEMA_VERSION) {
			nw_error_where(err, NULL, path);
			nw_error_set(err, NW_E_STORE, "the store has schema "
			    "version %d, this normwatch needs %d; run "
			    "'normwatch ingest' to migrate it", s->version,
			    NW_STORE_SCHEMA_VERSION);
			goto fail;
		}
		if (store_exec(s, "PRAGMA query_only = ON", err, "open") == -1)
			goto fail;
		return s;
	}
	if (store_wal(s, err) == -1 ||
	    store_exec(s, "PRAGMA synchronous = NORMAL", err, "open") == -1 ||
	    store_exec(s, "PRAGMA cache_size = -" NW_STR(STORE_CACHE_KIB), err,
	    "open") == -1 ||
	    store_exec(s, "PRAGMA temp_store = MEMORY", err, "open") == -1 ||
	    store_exec(s, "PRAGMA foreign_keys = ON", err, "open") == -1 ||
	    store_migrate(s, err) == -1)
		goto fail;
	return s;
fail:
	nw_store_close(s);
	return NULL;
}

void
nw_store_close(struct nw_store *s)
{
	size_t i, k;

	if (s == NULL)
		return;
	for (i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(s->st[i]);
	for (i = 0; i < NW_NELEM(s->child); i++)
		for (k = 0; k < NW_NELEM(s->child[i]); k++)
			sqlite3_finalize(s->child[i][k]);
	/* an open feed transaction is rolled back by the close */
	sqlite3_close_v2(s->db);
	free(s->path);
	free(s);
}

int
nw_store_schema_version(struct nw_store *s)
{
	return s->version;
}

struct sqlite3 *
nw_store_db(struct nw_store *s)
{
	return s->db;
}

/* --- the run lock -------------------------------------------------------- */

/* The pid written into the lock file by its holder, or 0. */
static long
lock_holder(int fd)
{
	char buf[STORE_LOCK_PID_MAX];
	long long pid;
	ssize_t n;

	n = pread(fd, buf, sizeof(buf) - 1, 0);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	if (buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	if (nw_parse_ll(buf, 1, LONG_MAX, &pid) == -1)
		return 0;
	return (long)pid;
}

struct nw_lock *
nw_lock_acquire(const char *dbpath, struct nw_error *err)
{
	struct nw_lock *l;
	char pid[STORE_LOCK_PID_MAX];
	long holder;
	int n;

	l = xcalloc(1, sizeof(*l));
	l->fd = -1;
	l->path = xasprintf("%s%s", dbpath, STORE_LOCK_SUFFIX);
	if (mkdirs_parent(l->path, err) == -1)
		goto fail;
	l->fd = open(l->path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (l->fd == -1) {
		nw_error_where(err, NULL, l->path);
		nw_error_set(err, NW_E_IO, "cannot open the lock file: %s",
		    strerror(errno));
		goto fail;
	}
	while (flock(l->fd, LOCK_EX | LOCK_NB) == -1) {
		if (errno == EINTR)
			continue;
		if (errno == EWOULDBLOCK) {
			holder = lock_holder(l->fd);
			if (holder > 0)
				nw_error_set(err, NW_E_LOCKED, "another normwatch "
				    "run holds the lock on %s (pid %ld)", l->path,
				    holder);
			else
				nw_error_set(err, NW_E_LOCKED, "another normwatch "
				    "run holds the lock on %s", l->path);
		} else {
			nw_error_where(err, NULL, l->path);
			nw_error_set(err, NW_E_IO, "cannot lock: %s",
			    strerror(errno));
		}
		goto fail;
	}
	/* for the message of the next run that finds the lock taken */
	n = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	if (n > 0 && (ftruncate(l->fd, 0) == -1 ||
	    pwrite(l->fd, pid, (size_t)n, 0) != n))
		nw_log(NW_LOG_DEBUG, l->path, "cannot write the pid: %s",
		    strerror(errno));
	return l;
fail:
	nw_lock_release(l);
	return NULL;
}

void
nw_lock_release(struct nw_lock *l)
{
	if (l == NULL)
		return;
	if (l->fd != -1)
		close(l->fd);
	free(l->path);
	free(l);
}

/* --- runs ---------------------------------------------------------------- */

int64_t
nw_store_run_begin(struct nw_store *s, const char *command,
    struct nw_error *err)
{
	sqlite3_stmt *st;
	char now[32];

	if (need_rw(s, err, "begin run") == -1)
		return -1;
	if (command == NULL)
		return store_misuse(s, err, "begin run: no command");
	if ((st = st_get(s, ST_RUN_BEGIN, err)) == NULL)
		return -1;
	nw_now_rfc3339(now);
	if (st_done(s, st, bind_str(st, 1, command) | bind_str(st, 2, now),
	    err, "begin run") == -1)
		return -1;
	return sqlite3_last_insert_rowid(s->db);
}

int
nw_store_run_end(struct nw_store *s, int64_t run, const char *outcome,
    struct nw_error *err)
{
	sqlite3_stmt *st;
	char now[32];

	if (need_rw(s, err, "end run") == -1)
		return -1;
	if ((st = st_get(s, ST_RUN_END, err)) == NULL)
		return -1;
	nw_now_rfc3339(now);
	if (st_done(s, st, sqlite3_bind_int64(st, 1, run) |
	    bind_str(st, 2, now) | bind_str(st, 3, outcome), err,
	    "end run") == -1)
		return -1;
	if (sqlite3_changes(s->db) != 1) {
		nw_error_where(err, NULL, s->path);
		return nw_error_set(err, NW_E_INTERNAL, "end run: no run %lld",
		    (long long)run);
	}
	return 0;
}

/* --- sources and feed transactions --------------------------------------- */

int
nw_store_source_state(struct nw_store *s, const char *feed,
    struct nw_source_state *st_out, struct nw_error *err)
{
	sqlite3_stmt *st;
	const char *v;
	int step, rc = -1;

	memset(st_out, 0, sizeof(*st_out));
	if ((st = st_get(s, ST_SOURCE_STATE_GET, err)) == NULL)
		return -1;
	if (bind_str(st, 1, feed) != SQLITE_OK) {
		store_fail(s, err, "read source state");
		goto out;
	}
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		if ((v = (const char *)sqlite3_column_text(st, 0)) != NULL)
			st_out->etag = xstrdup(v);
		if ((v = (const char *)sqlite3_column_text(st, 1)) != NULL)
			st_out->last_modified = xstrdup(v);
		if ((v = (const char *)sqlite3_column_text(st, 2)) != NULL)
			nw_strlcpy(st_out->sha256, v, sizeof(st_out->sha256));
	} else if (step != SQLITE_DONE) {
		store_fail(s, err, "read source state");
		goto out;
	}
	rc = 0;
out:
	sqlite3_reset(st);
	return rc;
}

void
nw_source_state_free(struct nw_source_state *st)
{
	if (st == NULL)
		return;
	free(st->etag);
	free(st->last_modified);
	st->etag = st->last_modified = NULL;
	st->sha256[0] = '\0';
}

/* Roll back whatever is open, and leave the feed state. */
static void
feed_abort(struct nw_store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	s->in_feed = 0;
}

int
nw_store_feed_begin(struct nw_store *s, const struct nw_feed *f,
    int64_t *source_id, struct nw_error *err)
{
	sqlite3_stmt *st;
	int rc = -1;

	if (need_rw(s, err, "begin feed") == -1)
		return -1;
	if (s->in_feed)
		return store_misuse(s, err,
		    "begin feed: a feed transaction is already open");
	if (f->name == NULL || f->kind == NULL || f->url == NULL)
		return store_misuse(s, err,
		    "begin feed: the feed has no name, kind or URL");
	if (store_exec(s, "BEGIN IMMEDIATE", err, "begin feed") == -1) {
		nw_error_where(err, f->name, NULL);
		return -1;
	}
	s->in_feed = 1;
	nw_now_rfc3339(s->now);
	if ((st = st_get(s, ST_SOURCE_UPSERT, err)) == NULL)
		goto out;
	if (st_done(s, st, bind_str(st, 1, f->name) | bind_str(st, 2, f->kind) |
	    bind_str(st, 3, f->url) | bind_str(st, 4, f->publisher) |
	    bind_str(st, 5, s->now), err, "save source") == -1)
		goto out;
	if ((st = st_get(s, ST_SOURCE_ID, err)) == NULL)
		goto out;
	if (bind_str(st, 1, f->name) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		store_fail(s, err, "read source id");
		sqlite3_reset(st);
		goto out;
	}
	*source_id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	rc = 0;
out:
	if (rc == -1) {
		nw_error_where(err, f->name, NULL);
		feed_abort(s);
	}
	return rc;
}

static int
is_sha256_hex(const char *h)
{
	size_t i;

	for (i = 0; i < NW_SHA256_HEX - 1; i++)
		if (!((h[i] >= '0' && h[i] <= '9') || (h[i] >= 'a' && h[i] <= 'f')))
			return 0;
	return h[i] == '\0';
}

int
nw_store_feed_set_state(struct nw_store *s, int64_t source_id,
    const struct nw_source_state *state, struct nw_error *err)
{
	sqlite3_stmt *st;
	const char *sha = NULL;

	if (need_feed(s, err, "save source state") == -1)
		return -1;
	if (state->sha256[0] != '\0') {
		if (!is_sha256_hex(state->sha256))
			return store_misuse(s, err, "save source state: "
			    "sha256 is not 64 lower-case hex digits");
		sha = state->sha256;
	}
	if ((st = st_get(s, ST_SOURCE_STATE_SET, err)) == NULL)
		return -1;
	if (st_done(s, st, sqlite3_bind_int64(st, 1, source_id) |
	    bind_str(st, 2, state->etag) | bind_str(st, 3, state->last_modified) |
	    bind_str(st, 4, sha) | bind_str(st, 5, s->now), err,
	    "save source state") == -1)
		return -1;
	if (sqlite3_changes(s->db) != 1) {
		nw_error_where(err, NULL, s->path);
		return nw_error_set(err, NW_E_INTERNAL,
		    "save source state: no source %lld", (long long)source_id);
	}
	return 0;
}

int
nw_store_put_document(struct nw_store *s, const char *sha256, size_t bytes,
    const char *content_type, const char *url, struct nw_error *err)
{
	sqlite3_stmt *st;

	if (need_feed(s, err, "save document") == -1)
		return -1;
	if (sha256 == NULL || !is_sha256_hex(sha256))
		return store_misuse(s, err,
		    "save document: sha256 is not 64 lower-case hex digits");
	if ((st = st_get(s, ST_DOCUMENT_PUT, err)) == NULL)
		return -1;
	return st_done(s, st, bind_str(st, 1, sha256) |
	    sqlite3_bind_int64(st, 2, (sqlite3_int64)bytes) |
	    bind_str(st, 3, content_type) | bind_str(st, 4, url) |
	    bind_str(st, 5, s->now), err, "save document");
}

int
nw_store_feed_commit(struct nw_store *s, struct nw_error *err)
{
	if (!s->in_feed)
		return store_misuse(s, err, "commit: no feed transaction is open");
	if (store_exec(s, "COMMIT", err, "commit") == -1) {
		feed_abort(s);
		return -1;
	}
	s->in_feed = 0;
	return 0;
}

void
nw_store_feed_rollback(struct nw_store *s)
{
	if (s == NULL || s->mode != NW_STORE_RW)
		return;
	feed_abort(s);
}

/* --- reports ------------------------------------------------------------- */

/* Hash helpers: every field is length-prefixed, so no two differ alike. */
static void
hash_u64(struct sha256_ctx *c, uint64_t v)
{
	uint8_t b[8];
	int i;

	for (i = 0; i < 8; i++)
		b[i] = (uint8_t)(v >> (56 - 8 * i));
	sha256_update(c, sizeof(b), b);
}

static void
hash_bytes(struct sha256_ctx *c, const void *p, size_t n)
{
	hash_u64(c, n);
	sha256_update(c, n, p);
}

static void
hash_str(struct sha256_ctx *c, const char *v)
{
	if (v == NULL) {
		hash_u64(c, UINT64_MAX);	/* NULL differs from "" */
		return;
	}
	hash_bytes(c, v, strlen(v));
}

/*
 * The content hash of a report: everything put_report stores about it
 * except its key and provenance (document, run, times).  Version tagged,
 * so a later change of what counts starts a new tag.
 */
static void
report_hash(const struct nw_report *r, const char *date,
    char out[NW_SHA256_HEX])
{
	static const char hex[] = "0123456789abcdef";
	const struct nw_extract *ex = &r->ex;
	struct sha256_ctx c;
	uint8_t d[SHA256_DIGEST_SIZE];
	size_t i;

	sha256_init(&c);
	hash_str(&c, "normwatch report v1");
	hash_str(&c, r->url);
	hash_str(&c, date);
	hash_str(&c, nw_prec_name(r->date.prec));
	hash_str(&c, r->title);
	hash_bytes(&c, r->text, r->textlen);
	hash_str(&c, nw_sponsor_name(ex->sponsorship));
	hash_u64(&c, ex->nattr);
	for (i = 0; i < ex->nattr; i++) {
		hash_str(&c, ex->attr[i].state);
		hash_str(&c, nw_hedge_name(ex->attr[i].hedge));
		hash_str(&c, nw_party_name(ex->attr[i].by));
		hash_u64(&c, ex->attr[i].ev.off);
		hash_u64(&c, ex->attr[i].ev.len);
	}
	hash_u64(&c, ex->nactors);
	for (i = 0; i < ex->nactors; i++) {
		hash_str(&c, ex->actors[i].name);
		hash_u64(&c, ex->actors[i].ev.off);
		hash_u64(&c, ex->actors[i].ev.len);
	}
	hash_u64(&c, ex->nvictims);
	for (i = 0; i < ex->nvictims; i++)
		hash_str(&c, ex->victims[i]);
	hash_u64(&c, ex->sectors);
	sha256_digest(&c, sizeof(d), d);
	for (i = 0; i < sizeof(d); i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 0xf];
	}
	out[2 * sizeof(d)] = '\0';
}

static int
is_state_code(const char v[3])
{
	return v[0] >= 'A' && v[0] <= 'Z' && v[1] >= 'A' && v[1] <= 'Z' &&
	    v[2] == '\0';
}

static int
span_ok(const struct nw_report *r, struct nw_span ev)
{
	return ev.len == 0 || (uint64_t)ev.off + ev.len <= r->textlen;
}

/*
 * Refuse a report the store cannot keep faithfully, before anything is
 * written: NW_E_DATA for bad data, NW_E_INTERNAL for a missing field.
 */
static int
report_check(struct nw_store *s, const struct nw_report *r,
    struct nw_error *err)
{
	const struct nw_extract *ex = &r->ex;
	const char *why = NULL;
	char id[NW_LOG_FIELD_MAX + 8];
	size_t i;

	if (r->native_id == NULL || r->url == NULL || r->text == NULL)
		return store_misuse(s, err,
		    "save report: no native id, URL or text");
	if (!nw_date_valid(&r->date) || nw_prec_name(r->date.prec) == NULL)
		why = "impossible date";
	else if (nw_sponsor_name(ex->sponsorship) == NULL)
		why = "unknown sponsorship";
	else if (ex->nattr > NW_MAX_ATTRIB || ex->nactors > NW_MAX_ACTORS ||
	    ex->nvictims > NW_MAX_VICTIMS)
		why = "too many claims, actors or victims";
	else if (ex->sectors >> NW_SECTOR_COUNT != 0)
		why = "unknown sector";
	for (i = 0; why == NULL && i < ex->nattr; i++) {
		if (!is_state_code(ex->attr[i].state))
			why = "attribution to a state that is not an ISO code";
		else if (nw_hedge_name(ex->attr[i].hedge) == NULL ||
		    nw_party_name(ex->attr[i].by) == NULL)
			why = "unknown hedge or party";
		else if (!span_ok(r, ex->attr[i].ev))
			why = "attribution evidence outside the text";
	}
	for (i = 0; why == NULL && i < ex->nactors; i++) {
		size_t n = strnlen(ex->actors[i].name, NW_MAX_ACTOR_NAME);

		if (n == 0 || n == NW_MAX_ACTOR_NAME)
			why = "actor name empty or not terminated";
		else if (!span_ok(r, ex->actors[i].ev))
			why = "actor evidence outside the text";
	}
	for (i = 0; why == NULL && i < ex->nvictims; i++)
		if (!is_state_code(ex->victims[i]))
			why = "victim state that is not an ISO code";
	if (why == NULL)
		return 0;
	nw_error_where(err, NULL, s->path);
	return nw_error_set(err, NW_E_DATA, "report \"%s\": %s",
	    nw_log_escape(r->native_id, strlen(r->native_id), id, sizeof(id)),
	    why);
}

/* Bind ?3 to ?12 of ST_REPORT_INSERT and ST_REPORT_UPDATE. */
static int
report_bind(struct nw_store *s, sqlite3_stmt *st, const struct nw_report *r,
    const char *doc, const char *date, const char *hash, int64_t run)
{
	return bind_str(st, 3, doc) |
	    bind_str(st, 4, r->url) |
	    bind_str(st, 5, date[0] != '\0' ? date : NULL) |
	    bind_str(st, 6, nw_prec_name(r->date.prec)) |
	    bind_str(st, 7, r->title) |
	    sqlite3_bind_text64(st, 8, r->text, r->textlen, SQLITE_STATIC,
		SQLITE_UTF8) |
	    bind_str(st, 9, hash) |
	    bind_str(st, 10, nw_sponsor_name(r->ex.sponsorship)) |
	    bind_str(st, 11, s->now) |
	    bind_run(st, 12, run);
}

static int
children_delete(struct nw_store *s, int64_t id, struct nw_error *err)
{
	static const enum stmt_id del[] = {
		ST_CLAIM_DELETE, ST_ACTOR_DELETE, ST_VICTIM_DELETE,
		ST_SECTOR_DELETE
	};
	sqlite3_stmt *st;
	size_t i;

	for (i = 0; i < NW_NELEM(del); i++) {
		if ((st = st_get(s, del[i], err)) == NULL)
			return -1;
		if (st_done(s, st, sqlite3_bind_int64(st, 1, id), err,
		    "replace report claims") == -1)
			return -1;
	}
	return 0;
}

/*
 * The child rows of a report are written with one multi-row INSERT per
 * table and report ("VALUES (?, ?), (?, ?), ..."), one statement per row
 * count, prepared when first needed: a report's claims cost one step.
 */
static const struct child_tab {
	const char	*head;		/* INSERT ... VALUES */
	int		 ncol;		/* parameters per row */
} child_tabs[CH_COUNT] = {
	[CH_CLAIM] = { "INSERT INTO claim (report_id, ord, state, hedge, "
	    "party, ev_off, ev_len) VALUES ", 7 },
	[CH_ACTOR] = { "INSERT INTO report_actor (report_id, ord, name, "
	    "ev_off, ev_len) VALUES ", 5 },
	[CH_VICTIM] = { "INSERT INTO report_victim (report_id, ord, state) "
	    "VALUES ", 3 },
	[CH_SECTOR] = { "INSERT INTO report_sector (report_id, sector) "
	    "VALUES ", 2 },
	[CH_FINDING] = { "INSERT INTO finding (incident_id, ord, framework, "
	    "principle, rule, confidence) VALUES ", 6 },
	[CH_EVIDENCE] = { "INSERT INTO evidence (incident_id, finding_ord, "
	    "ord, report_id, kind, source, off, len, text) VALUES ", 9 },
	[CH_OBSERVANCE] = { "INSERT INTO observance (incident_id, role, "
	    "state, supporter) VALUES ", 4 },
};

/* The INSERT of n rows (1 <= n <= CH_MAX_ROWS) into child table c. */
static sqlite3_stmt *
child_stmt(struct nw_store *s, enum child_id c, size_t n,
    struct nw_error *err)
{
	const struct child_tab *t = &child_tabs[c];
	struct nw_buf sql;
	size_t i;
	int k, ok = 0;

	if (s->child[c][n - 1] != NULL)
		return s->child[c][n - 1];
	/* placeholders only: no value is ever part of the SQL text */
	nw_buf_init(&sql, 16384);
	ok |= nw_buf_adds(&sql, t->head);
	for (i = 0; i < n; i++) {
		ok |= nw_buf_adds(&sql, i == 0 ? "(?" : ", (?");
		for (k = 1; k < t->ncol; k++)
			ok |= nw_buf_adds(&sql, ", ?");
		ok |= nw_buf_addc(&sql, ')');
	}
	if (ok != 0) {
		nw_buf_free(&sql);
		store_misuse(s, err, "prepare: statement too long");
		return NULL;
	}
	if (sqlite3_prepare_v3(s->db, sql.data, (int)sql.len,
	    SQLITE_PREPARE_PERSISTENT, &s->child[c][n - 1], NULL) !=
	    SQLITE_OK) {
		s->child[c][n - 1] = NULL;
		store_fail(s, err, "prepare");
	}
	nw_buf_free(&sql);
	return s->child[c][n - 1];
}

static int
children_insert(struct nw_store *s, int64_t id, const struct nw_extract *ex,
    struct nw_error *err)
{
	enum nw_sector sec[NW_SECTOR_COUNT];
	sqlite3_stmt *st;
	size_t i, nsec = 0;
	int b, p;

	if (ex->nattr > 0) {
		if ((st = child_stmt(s, CH_CLAIM, ex->nattr, err)) == NULL)
			return -1;
		for (b = 0, i = 0, p = 1; i < ex->nattr; i++, p += 7) {
			const struct nw_attribution *a = &ex->attr[i];

			b |= sqlite3_bind_int64(st, p, id) |
			    sqlite3_bind_int64(st, p + 1, (sqlite3_int64)i) |
			    sqlite3_bind_text(st, p + 2, a->state, 2,
			    SQLITE_STATIC) |
			    bind_str(st, p + 3, nw_hedge_name(a->hedge)) |
			    bind_str(st, p + 4, nw_party_name(a->by)) |
			    sqlite3_bind_int64(st, p + 5, a->ev.off) |
			    sqlite3_bind_int64(st, p + 6, a->ev.len);
		}
		if (st_done(s, st, b, err, "save claims") == -1)
			return -1;
	}
	if (ex->nactors > 0) {
		if ((st = child_stmt(s, CH_ACTOR, ex->nactors, err)) == NULL)
			return -1;
		for (b = 0, i = 0, p = 1; i < ex->nactors; i++, p += 5) {
			const struct nw_actor *a = &ex->actors[i];

			b |= sqlite3_bind_int64(st, p, id) |
			    sqlite3_bind_int64(st, p + 1, (sqlite3_int64)i) |
			    bind_str(st, p + 2, a->name) |
			    sqlite3_bind_int64(st, p + 3, a->ev.off) |
			    sqlite3_bind_int64(st, p + 4, a->ev.len);
		}
		if (st_done(s, st, b, err, "save actors") == -1)
			return -1;
	}
	if (ex->nvictims > 0) {
		if ((st = child_stmt(s, CH_VICTIM, ex->nvictims, err)) == NULL)
			return -1;
		for (b = 0, i = 0, p = 1; i < ex->nvictims; i++, p += 3)
			b |= sqlite3_bind_int64(st, p, id) |
			    sqlite3_bind_int64(st, p + 1, (sqlite3_int64)i) |
			    sqlite3_bind_text(st, p + 2, ex->victims[i], 2,
			    SQLITE_STATIC);
		if (st_done(s, st, b, err, "save victims") == -1)
			return -1;
	}
	for (i = 0; i < NW_SECTOR_COUNT; i++)
		if (ex->sectors & (1u << i))
			sec[nsec++] = (enum nw_sector)i;
	if (nsec > 0) {
		if ((st = child_stmt(s, CH_SECTOR, nsec, err)) == NULL)
			return -1;
		for (b = 0, i = 0, p = 1; i < nsec; i++, p += 2)
			b |= sqlite3_bind_int64(st, p, id) |
			    bind_str(st, p + 1, nw_sector_name(sec[i]));
		if (st_done(s, st, b, err, "save sectors") == -1)
			return -1;
	}
	return 0;
}

int
nw_store_put_report(struct nw_store *s, int64_t source_id, int64_t run,
    const char *doc_sha256, const struct nw_report *r, enum nw_put *put,
    struct nw_error *err)
{
	char hash[NW_SHA256_HEX], old[NW_SHA256_HEX], date[16];
	char id_esc[NW_LOG_FIELD_MAX + 8], msg[sizeof(err->msg)];
	const char *v;
	sqlite3_stmt *st;
	int64_t id = 0;
	int step, found = 0, rc = -1;
	enum nw_put what;

	if (need_feed(s, err, "save report") == -1)
		return -1;
	if (report_check(s, r, err) == -1)
		return -1;
	nw_date_format(&r->date, date);
	report_hash(r, date, hash);

	if ((st = st_get(s, ST_REPORT_FIND, err)) == NULL)
		goto out;
	if ((sqlite3_bind_int64(st, 1, source_id) |
	    bind_str(st, 2, r->native_id)) != SQLITE_OK) {
		store_fail(s, err, "find report");
		sqlite3_reset(st);
		goto out;
	}
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		found = 1;
		id = sqlite3_column_int64(st, 0);
		v = (const char *)sqlite3_column_text(st, 1);
		nw_strlcpy(old, v != NULL ? v : "", sizeof(old));
	} else if (step != SQLITE_DONE)
		store_fail(s, err, "find report");
	sqlite3_reset(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		goto out;

	if (found && strcmp(old, hash) == 0) {
		what = NW_PUT_SAME;
		if ((st = st_get(s, ST_REPORT_SEEN, err)) == NULL)
			goto out;
		if (st_done(s, st, sqlite3_bind_int64(st, 1, id) |
		    bind_str(st, 2, s->now) | bind_run(st, 3, run), err,
		    "save report") == -1)
			goto out;
	} else if (found) {
		what = NW_PUT_CHANGED;
		if ((st = st_get(s, ST_REPORT_UPDATE, err)) == NULL)
			goto out;
		if (st_done(s, st, sqlite3_bind_int64(st, 1, id) |
		    bind_str(st, 2, r->native_id) |
		    report_bind(s, st, r, doc_sha256, date, hash, run), err,
		    "update report") == -1)
			goto out;
		if (children_delete(s, id, err) == -1 ||
		    children_insert(s, id, &r->ex, err) == -1)
			goto out;
	} else {
		what = NW_PUT_NEW;
		if ((st = st_get(s, ST_REPORT_INSERT, err)) == NULL)
			goto out;
		if (st_done(s, st, sqlite3_bind_int64(st, 1, source_id) |
		    bind_str(st, 2, r->native_id) |
		    report_bind(s, st, r, doc_sha256, date, hash, run), err,
		    "insert report") == -1)
			goto out;
		id = sqlite3_last_insert_rowid(s->db);
		if (children_insert(s, id, &r->ex, err) == -1)
			goto out;
	}
	if (put != NULL)
		*put = what;
	s->last_report = id;
	rc = 0;
out:
	if (rc == -1 && err != NULL) {
		/* name the report the store refused */
		nw_strlcpy(msg, err->msg, sizeof(msg));
		nw_error_set(err, err->code, "report \"%s\": %s",
		    nw_log_escape(r->native_id, strlen(r->native_id), id_esc,
		    sizeof(id_esc)), msg);
	}
	return rc;
}

/* --- reading reports ----------------------------------------------------- */

/* A row's text column, or NULL. */
static const char *
col_str(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

static int
row_bad(struct nw_store *s, struct nw_error *err, int64_t id, const char *what)
{
	nw_error_where(err, NULL, s->path);
	return nw_error_set(err, NW_E_STORE, "report %lld: %s",
	    (long long)id, what);
}

/* Copy a two-letter state code from a column. */
static int
col_state(sqlite3_stmt *st, int i, char out[3])
{
	const char *v = col_str(st, i);

	if (v == NULL || sqlite3_column_bytes(st, i) != 2)
		return -1;
	memcpy(out, v, 2);
	out[2] = '\0';
	return is_state_code(out) ? 0 : -1;
}

static uint32_t
col_u32(sqlite3_stmt *st, int i)
{
	sqlite3_int64 v = sqlite3_column_int64(st, i);

	return v < 0 || v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

/* Run one child query for report id; each row goes to fn. */
static int
children_read(struct nw_store *s, enum stmt_id sid, int64_t id,
    int (*fn)(sqlite3_stmt *, struct nw_extract *), struct nw_extract *ex,
    struct nw_error *err)
{
	sqlite3_stmt *st;
	int step, rc = -1;

	if ((st = st_get(s, sid, err)) == NULL)
		return -1;
	if (sqlite3_bind_int64(st, 1, id) != SQLITE_OK) {
		store_fail(s, err, "read report");
		goto out;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (fn(st, ex) == -1) {
			row_bad(s, err, id, "malformed claims, actors, victims "
			    "or sectors");
			goto out;
		}
	}
	if (step != SQLITE_DONE) {
		store_fail(s, err, "read report");
		goto out;
	}
	rc = 0;
out:
	sqlite3_reset(st);
	return rc;
}

static int
claim_row(sqlite3_stmt *st, struct nw_extract *ex)
{
	struct nw_attribution *a;

	if (ex->nattr >= NW_MAX_ATTRIB)
		return -1;
	a = &ex->attr[ex->nattr];
	if (col_state(st, 0, a->state) == -1 ||
	    nw_hedge_from_name(col_str(st, 1), &a->hedge) == -1 ||
	    nw_party_from_name(col_str(st, 2), &a->by) == -1)
		return -1;
	a->ev.off = col_u32(st, 3);
	a->ev.len = col_u32(st, 4);
	ex->nattr++;
	return 0;
}

static int
actor_row(sqlite3_stmt *st, struct nw_extract *ex)
{
	struct nw_actor *a;
	const char *name = col_str(st, 0);

	if (ex->nactors >= NW_MAX_ACTORS || name == NULL ||
	    (size_t)sqlite3_column_bytes(st, 0) >= NW_MAX_ACTOR_NAME)
		return -1;
	a = &ex->actors[ex->nactors];
	nw_strlcpy(a->name, name, sizeof(a->name));
	a->ev.off = col_u32(st, 1);
	a->ev.len = col_u32(st, 2);
	ex->nactors++;
	return 0;
}

static int
victim_row(sqlite3_stmt *st, struct nw_extract *ex)
{
	if (ex->nvictims >= NW_MAX_VICTIMS ||
	    col_state(st, 0, ex->victims[ex->nvictims]) == -1)
		return -1;
	ex->nvictims++;
	return 0;
}

static int
sector_row(sqlite3_stmt *st, struct nw_extract *ex)
{
	enum nw_sector sec;

	if (nw_sector_from_name(col_str(st, 0), &sec) == -1)
		return -1;
	ex->sectors |= 1u << sec;
	return 0;
}

/* Fill row from the current row of each_report_sql and the child tables. */
static int
report_row(struct nw_store *s, sqlite3_stmt *st, struct nw_report_row *row,
    struct nw_error *err)
{
	const char *date;
	enum nw_prec prec;

	memset(row, 0, sizeof(*row));
	row->id = sqlite3_column_int64(st, 0);
	row->source = col_str(st, 1);
	row->publisher = col_str(st, 2);
	row->url = col_str(st, 3);
	row->native_id = col_str(st, 4);
	date = col_str(st, 5);
	if (nw_prec_from_name(col_str(st, 6), &prec) == -1 ||
	    nw_date_parse_iso(date != NULL ? date : "", &row->date) == -1 ||
	    row->date.prec != prec)
		return row_bad(s, err, row->id, "malformed date");
	row->title = col_str(st, 7);
	row->text = col_str(st, 8);
	row->textlen = (size_t)sqlite3_column_bytes(st, 8);
	if (row->text == NULL)
		row->text = "";
	if (nw_sponsor_from_name(col_str(st, 9), &row->ex.sponsorship) == -1)
		return row_bad(s, err, row->id, "unknown sponsorship");
	row->first_seen = col_str(st, 10);
	row->last_seen = col_str(st, 11);
	if (children_read(s, ST_CLAIM_GET, row->id, claim_row, &row->ex,
	    err) == -1 ||
	    children_read(s, ST_ACTOR_GET, row->id, actor_row, &row->ex,
	    err) == -1 ||
	    children_read(s, ST_VICTIM_GET, row->id, victim_row, &row->ex,
	    err) == -1 ||
	    children_read(s, ST_SECTOR_GET, row->id, sector_row, &row->ex,
	    err) == -1)
		return -1;
	return 0;
}

int
nw_store_each_report(struct nw_store *s, const char *source,
    nw_report_row_fn fn, void *arg, struct nw_error *err)
{
	struct nw_report_row row;
	sqlite3_stmt *st = NULL;
	int step, rc = -1, r;

	/* not cached: the callback may walk the store again */
	if (sqlite3_prepare_v2(s->db, source != NULL ? each_report_of_sql :
	    each_report_sql, -1, &st, NULL) != SQLITE_OK) {
		store_fail(s, err, "read reports");
		goto out;
	}
	if (source != NULL && bind_str(st, 1, source) != SQLITE_OK) {
		store_fail(s, err, "read reports");
		goto out;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (report_row(s, st, &row, err) == -1)
			goto out;
		if ((r = fn(&row, arg)) != 0) {
			rc = r;
			goto out;
		}
	}
	if (step != SQLITE_DONE) {
		store_fail(s, err, "read reports");
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}

/* --- the fetch log and status -------------------------------------------- */

int
nw_store_log_fetch(struct nw_store *s, const struct nw_fetch_log *l,
    struct nw_error *err)
{
	sqlite3_stmt *st;
	char now[32];

	if (need_rw(s, err, "log fetch") == -1)
		return -1;
	if (s->in_feed)
		return store_misuse(s, err, "log fetch: the feed transaction "
		    "is still open (log after commit or rollback)");
	if (l->feed == NULL || l->outcome == NULL)
		return store_misuse(s, err, "log fetch: no feed or outcome");
	if (l->sha256 != NULL && !is_sha256_hex(l->sha256))
		return store_misuse(s, err,
		    "log fetch: sha256 is not 64 lower-case hex digits");
	if ((st = st_get(s, ST_FETCH_LOG, err)) == NULL)
		return -1;
	if (l->started == NULL)
		nw_now_rfc3339(now);
	if (st_done(s, st, bind_str(st, 1, l->feed) | bind_run(st, 2, l->run) |
	    bind_str(st, 3, l->started != NULL ? l->started : now) |
	    bind_str(st, 4, l->outcome) |
	    sqlite3_bind_int64(st, 5, l->http_code) |
	    sqlite3_bind_int64(st, 6, l->bytes) |
	    bind_str(st, 7, l->sha256) | bind_str(st, 8, l->error) |
	    sqlite3_bind_int64(st, 9, l->reports) |
	    sqlite3_bind_int64(st, 10, l->new_reports) |
	    sqlite3_bind_int64(st, 11, l->changed) |
	    sqlite3_bind_double(st, 12, l->seconds), err, "log fetch") == -1) {
		nw_error_where(err, l->feed, NULL);
		return -1;
	}
	return 0;
}

int
nw_store_each_status(struct nw_store *s, nw_status_row_fn fn, void *arg,
    struct nw_error *err)
{
	struct nw_status_row row;
	sqlite3_stmt *st = NULL;
	int step, rc = -1, r;

	if (sqlite3_prepare_v2(s->db, each_status_sql, -1, &st, NULL) !=
	    SQLITE_OK) {
		store_fail(s, err, "read status");
		goto out;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&row, 0, sizeof(row));
		row.feed = col_str(st, 0);
		row.kind = col_str(st, 1);
		row.url = col_str(st, 2);
		row.last_run = col_str(st, 3);
		row.outcome = col_str(st, 4);
		row.http_code = (long)sqlite3_column_int64(st, 5);
		row.bytes = sqlite3_column_int64(st, 6);
		row.last_reports = (long)sqlite3_column_int64(st, 7);
		row.last_new = (long)sqlite3_column_int64(st, 8);
		row.error = col_str(st, 9);
		row.last_success = col_str(st, 10);
		row.last_failure = col_str(st, 11);
		row.reports = (long)sqlite3_column_int64(st, 12);
		row.etag = col_str(st, 13);
		row.last_modified = col_str(st, 14);
		row.last_failure_error = col_str(st, 15);
		if ((r = fn(&row, arg)) != 0) {
			rc = r;
			goto out;
		}
	}
	if (step != SQLITE_DONE) {
		store_fail(s, err, "read status");
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}

/* --- incidents and findings (schema 2) ------------------------------------ */

static const char incident_reports_sql[] =
    "SELECT r.id, s.name, s.publisher, r.url, r.native_id, r.date,"
    " r.date_precision, r.title, r.text, r.sponsorship, r.first_seen,"
    " r.last_seen FROM incident_report ir JOIN report r ON r.id = ir.report_id"
    " JOIN source s ON s.id = r.source_id WHERE ir.incident_id = ?1"
    " ORDER BY r.id";

int64_t
nw_store_report_id(struct nw_store *s)
{
	return s->last_report;
}

int
nw_store_begin(struct nw_store *s, struct nw_error *err)
{
	if (need_rw(s, err, "begin") == -1)
		return -1;
	if (s->in_feed)
		return store_misuse(s, err, "begin: a transaction is already "
		    "open");
	if (store_exec(s, "BEGIN IMMEDIATE", err, "begin") == -1)
		return -1;
	s->in_feed = 1;
	nw_now_rfc3339(s->now);
	return 0;
}

/*
 * Step a bound statement that gives at most one row: *out is its first
 * column, or 0 when there is no row.  bound is the OR of the bind
 * results.  The statement is reset.
 */
static int
st_one_id(struct nw_store *s, sqlite3_stmt *st, int bound, int64_t *out,
    struct nw_error *err, const char *op)
{
	int step, rc = -1;

	*out = 0;
	if (bound != SQLITE_OK) {
		store_fail(s, err, op);
		goto out;
	}
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	else if (step != SQLITE_DONE) {
		store_fail(s, err, op);
		goto out;
	}
	rc = 0;
out:
	sqlite3_reset(st);
	return rc;
}

int
nw_store_report_incident(struct nw_store *s, int64_t report,
    int64_t *incident, struct nw_error *err)
{
	sqlite3_stmt *st;

	*incident = 0;
	if ((st = st_get(s, ST_REPORT_INCIDENT, err)) == NULL)
		return -1;
	return st_one_id(s, st, sqlite3_bind_int64(st, 1, report), incident,
	    err, "read incident");
}

int
nw_store_incident_by_key(struct nw_store *s, const char *key,
    int64_t *incident, struct nw_error *err)
{
	sqlite3_stmt *st;

	*incident = 0;
	if ((st = st_get(s, ST_INCIDENT_BY_KEY, err)) == NULL)
		return -1;
	return st_one_id(s, st, bind_str(st, 1, key), incident, err,
	    "find incident");
}

int
nw_store_incident_new(struct nw_store *s, const char *key, int64_t report,
    int64_t *incident, struct nw_error *err)
{
	sqlite3_stmt *st;

	if (need_feed(s, err, "new incident") == -1)
		return -1;
	if (key == NULL || *key == '\0')
		return store_misuse(s, err, "new incident: no key");
	if ((st = st_get(s, ST_INCIDENT_NEW, err)) == NULL)
		return -1;
	if (st_done(s, st, bind_str(st, 1, key) | bind_str(st, 2, s->now), err,
	    "new incident") == -1)
		return -1;
	*incident = sqlite3_last_insert_rowid(s->db);
	/* created and changed now: joining its first report changes nothing */
	if ((st = st_get(s, ST_INCIDENT_JOIN, err)) == NULL)
		return -1;
	return st_done(s, st, sqlite3_bind_int64(st, 1, report) |
	    sqlite3_bind_int64(st, 2, *incident), err, "new incident");
}

int
nw_store_incident_link(struct nw_store *s, int64_t report, int64_t incident,
    struct nw_error *err)
{
	sqlite3_stmt *st;

	if (need_feed(s, err, "link incident") == -1)
		return -1;
	if ((st = st_get(s, ST_INCIDENT_LINK, err)) == NULL)
		return -1;
	if (st_done(s, st, sqlite3_bind_int64(st, 1, report) |
	    sqlite3_bind_int64(st, 2, incident), err, "link incident") == -1)
		return -1;
	return nw_store_incident_touch(s, incident, err);
}

int
nw_store_incident_touch(struct nw_store *s, int64_t incident,
    struct nw_error *err)
{
	sqlite3_stmt *st;

	if (need_feed(s, err, "touch incident") == -1)
		return -1;
	if ((st = st_get(s, ST_INCIDENT_TOUCH, err)) == NULL)
		return -1;
	return st_done(s, st, sqlite3_bind_int64(st, 1, incident) |
	    bind_str(st, 2, s->now), err, "touch incident");
}

int
nw_store_incident_reports(struct nw_store *s, int64_t incident,
    nw_report_row_fn fn, void *arg, struct nw_error *err)
{
	struct nw_report_row row;
	sqlite3_stmt *st = NULL;
	int step, rc = -1, r;

	if (sqlite3_prepare_v2(s->db, incident_reports_sql, -1, &st,
	    NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 1, incident) != SQLITE_OK) {
		store_fail(s, err, "read incident reports");
		goto out;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (report_row(s, st, &row, err) == -1)
			goto out;
		if ((r = fn(&row, arg)) != 0) {
			rc = r;
			goto out;
		}
	}
	if (step != SQLITE_DONE) {
		store_fail(s, err, "read incident reports");
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}

int
nw_store_each_incident(struct nw_store *s, int (*fn)(int64_t, void *),
    void *arg, struct nw_error *err)
{
	sqlite3_stmt *st = NULL;
	int64_t *ids = NULL;
	size_t n = 0, cap = 0, i;
	int step, rc = -1, r;

	/* the ids first: the callback may write to the incident table */
	if (sqlite3_prepare_v2(s->db, "SELECT id FROM incident ORDER BY id",
	    -1, &st, NULL) != SQLITE_OK) {
		store_fail(s, err, "read incidents");
		goto out;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap == 0 ? 1024 : cap * 2;
			ids = xreallocarray(ids, cap, sizeof(*ids));
		}
		ids[n++] = sqlite3_column_int64(st, 0);
	}
	if (step != SQLITE_DONE) {
		store_fail(s, err, "read incidents");
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	for (i = 0; i < n; i++) {
		if ((r = fn(ids[i], arg)) != 0) {
			rc = r;
			goto out;
		}
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	free(ids);
	return rc;
}

/* SHA-256 over an incident's findings, evidence and observance. */
static void
findings_hash(const struct nw_finding_rec *f, size_t nf,
    const struct nw_observance_rec *o, size_t no, char hex[NW_SHA256_HEX])
{
	static const char digits[] = "0123456789abcdef";
	struct sha256_ctx c;
	uint8_t d[SHA256_DIGEST_SIZE];
	size_t i, j;

	sha256_init(&c);
	hash_u64(&c, 2);	/* the version of this hash */
	hash_u64(&c, nf);
	for (i = 0; i < nf; i++) {
		hash_str(&c, f[i].framework);
		hash_str(&c, f[i].principle);
		hash_str(&c, f[i].rule);
		hash_u64(&c, (uint64_t)f[i].confidence);
		hash_u64(&c, f[i].nev);
		for (j = 0; j < f[i].nev; j++) {
			hash_u64(&c, (uint64_t)f[i].ev[j].report_id);
			hash_str(&c, f[i].ev[j].kind);
			hash_str(&c, f[i].ev[j].source);
			hash_u64(&c, f[i].ev[j].off);
			hash_u64(&c, f[i].ev[j].len);
			hash_str(&c, f[i].ev[j].text);
		}
	}
	hash_u64(&c, no);
	for (i = 0; i < no; i++) {
		hash_str(&c, o[i].role);
		hash_str(&c, o[i].state);
		hash_str(&c, o[i].supporter);
	}
	sha256_digest(&c, sizeof(d), d);
	for (i = 0; i < sizeof(d); i++) {
		hex[2 * i] = digits[d[i] >> 4];
		hex[2 * i + 1] = digits[d[i] & 0xf];
	}
	hex[2 * sizeof(d)] = '\0';
}

/*
 * Rows of evidence in the next INSERT, starting at evidence j of finding
 * i: all that are left, up to CH_MAX_ROWS.
 */
static size_t
ev_rows(const struct nw_finding_rec *f, size_t nf, size_t i, size_t j)
{
	size_t n = f[i].nev - j;

	for (i++; i < nf && n < CH_MAX_ROWS; i++)
		n += f[i].nev;
	return n < CH_MAX_ROWS ? n : CH_MAX_ROWS;
}

int
nw_store_put_findings(struct nw_store *s, int64_t incident, int fresh,
    const char *rules_version, const struct nw_finding_rec *f, size_t nf,
    const struct nw_observance_rec *o, size_t no, struct nw_error *err)
{
	sqlite3_stmt *st;
	char hash[NW_SHA256_HEX];
	size_t i, j, k, n, rows;
	int b, p;

	if (need_feed(s, err, "save findings") == -1)
		return -1;
	if (fresh)
		goto insert;	/* a new incident has nothing to replace */
	if ((st = st_get(s, ST_FINDING_DELETE, err)) == NULL ||
	    st_done(s, st, sqlite3_bind_int64(st, 1, incident), err,
	    "save findings") == -1)
		return -1;
	if ((st = st_get(s, ST_OBSERVANCE_DELETE, err)) == NULL ||
	    st_done(s, st, sqlite3_bind_int64(st, 1, incident), err,
	    "save observance") == -1)
		return -1;
insert:
	/* findings, evidence and observance each in multi-row INSERTs */
	for (i = 0; i < nf; i += n) {
		n = nf - i < CH_MAX_ROWS ? nf - i : CH_MAX_ROWS;
		if ((st = child_stmt(s, CH_FINDING, n, err)) == NULL)
			return -1;
		for (b = 0, k = 0, p = 1; k < n; k++, p += 6)
			b |= sqlite3_bind_int64(st, p, incident) |
			    sqlite3_bind_int64(st, p + 1, (sqlite3_int64)(i + k)) |
			    bind_str(st, p + 2, f[i + k].framework) |
			    bind_str(st, p + 3, f[i + k].principle) |
			    bind_str(st, p + 4, f[i + k].rule) |
			    sqlite3_bind_int(st, p + 5, f[i + k].confidence);
		if (st_done(s, st, b, err, "save findings") == -1)
			return -1;
	}
	for (i = 0, n = 0, rows = 0, b = 0, p = 1, st = NULL; i < nf; i++) {
		for (j = 0; j < f[i].nev; j++) {
			const struct nw_evidence_rec *e = &f[i].ev[j];

			if (n == 0) {
				rows = ev_rows(f, nf, i, j);
				st = child_stmt(s, CH_EVIDENCE, rows, err);
				if (st == NULL)
					return -1;
			}
			b |= sqlite3_bind_int64(st, p, incident) |
			    sqlite3_bind_int64(st, p + 1, (sqlite3_int64)i) |
			    sqlite3_bind_int64(st, p + 2, (sqlite3_int64)j) |
			    sqlite3_bind_int64(st, p + 3, e->report_id) |
			    bind_str(st, p + 4, e->kind) |
			    bind_str(st, p + 5, e->source) |
			    sqlite3_bind_int64(st, p + 6, e->off) |
			    sqlite3_bind_int64(st, p + 7, e->len) |
			    bind_str(st, p + 8, e->text);
			p += 9;
			if (++n == rows) {
				if (st_done(s, st, b, err, "save evidence") == -1)
					return -1;
				n = 0;
				b = 0;
				p = 1;
			}
		}
	}
	for (i = 0; i < no; i += n) {
		n = no - i < CH_MAX_ROWS ? no - i : CH_MAX_ROWS;
		if ((st = child_stmt(s, CH_OBSERVANCE, n, err)) == NULL)
			return -1;
		for (b = 0, k = 0, p = 1; k < n; k++, p += 4)
			b |= sqlite3_bind_int64(st, p, incident) |
			    bind_str(st, p + 1, o[i + k].role) |
			    sqlite3_bind_text(st, p + 2, o[i + k].state, 2,
			    SQLITE_STATIC) |
			    bind_str(st, p + 3, o[i + k].supporter);
		if (st_done(s, st, b, err, "save observance") == -1)
			return -1;
	}
	findings_hash(f, nf, o, no, hash);
	if ((st = st_get(s, ST_INCIDENT_MAPPED, err)) == NULL)
		return -1;
	return st_done(s, st, sqlite3_bind_int64(st, 1, incident) |
	    bind_str(st, 2, s->now) | bind_str(st, 3, rules_version) |
	    bind_str(st, 4, hash), err, "save findings");
}

/* Copy a column into the arena ("" for NULL). */
static const char *
col_dup(struct nw_arena *a, sqlite3_stmt *st, int i)
{
	const char *v = col_str(st, i);

	return nw_arena_strdup(a, v != NULL ? v : "");
}

int
nw_store_incident_info(struct nw_store *s, int64_t incident,
    struct nw_arena *a, struct nw_incident_info *info, struct nw_error *err)
{
	sqlite3_stmt *st, *ev;
	struct nw_finding_rec *f;
	struct nw_observance_rec *o;
	size_t cap = 0, ecap;
	int step, rc = -1;

	memset(info, 0, sizeof(*info));
	info->id = incident;
	if ((st = st_get(s, ST_INCIDENT_GET, err)) == NULL)
		return -1;
	if (sqlite3_bind_int64(st, 1, incident) != SQLITE_OK) {
		store_fail(s, err, "read incident");
		sqlite3_reset(st);
		return -1;
	}
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		info->key = col_dup(a, st, 0);
		info->created = col_dup(a, st, 1);
		info->mapped = col_str(st, 2) != NULL ? col_dup(a, st, 2) : NULL;
		info->rules_version = col_str(st, 3) != NULL ?
		    col_dup(a, st, 3) : NULL;
		info->changed = col_dup(a, st, 4);
	} else if (step != SQLITE_DONE)
		store_fail(s, err, "read incident");
	sqlite3_reset(st);
	if (step == SQLITE_DONE)
		return 1;
	if (step != SQLITE_ROW)
		return -1;

	if ((st = st_get(s, ST_FINDING_GET, err)) == NULL ||
	    (ev = st_get(s, ST_EVIDENCE_GET, err)) == NULL)
		return -1;
	if (sqlite3_bind_int64(st, 1, incident) != SQLITE_OK) {
		store_fail(s, err, "read findings");
		goto out;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (info->nfindings == cap) {
			struct nw_finding_rec *nf;

			cap = cap == 0 ? 16 : cap * 2;
			nf = nw_arena_alloc(a, cap * sizeof(*nf));
			if (info->nfindings > 0)
				memcpy(nf, info->findings,
				    info->nfindings * sizeof(*nf));
			info->findings = nf;
		}
		f = &info->findings[info->nfindings++];
		memset(f, 0, sizeof(*f));
		f->framework = col_dup(a, st, 1);
		f->principle = col_dup(a, st, 2);
		f->rule = col_dup(a, st, 3);
		f->confidence = sqlite3_column_int(st, 4);
		ecap = 0;
		if ((sqlite3_bind_int64(ev, 1, incident) |
		    sqlite3_bind_int64(ev, 2, sqlite3_column_int64(st, 0))) !=
		    SQLITE_OK) {
			store_fail(s, err, "read evidence");
			goto out;
		}
		while ((step = sqlite3_step(ev)) == SQLITE_ROW) {
			struct nw_evidence_rec *e;

			if (f->nev == ecap) {
				struct nw_evidence_rec *ne;

				ecap = ecap == 0 ? 8 : ecap * 2;
				ne = nw_arena_alloc(a, ecap * sizeof(*ne));
				if (f->nev > 0)
					memcpy(ne, f->ev, f->nev * sizeof(*ne));
				f->ev = ne;
			}
			e = &f->ev[f->nev++];
			e->report_id = sqlite3_column_int64(ev, 0);
			e->kind = col_dup(a, ev, 1);
			e->source = col_dup(a, ev, 2);
			e->off = col_u32(ev, 3);
			e->len = col_u32(ev, 4);
			e->text = col_dup(a, ev, 5);
		}
		sqlite3_reset(ev);
		if (step != SQLITE_DONE) {
			store_fail(s, err, "read evidence");
			goto out;
		}
	}
	if (step != SQLITE_DONE) {
		store_fail(s, err, "read findings");
		goto out;
	}
	sqlite3_reset(st);

	if ((st = st_get(s, ST_OBSERVANCE_GET, err)) == NULL)
		goto out;
	if (sqlite3_bind_int64(st, 1, incident) != SQLITE_OK) {
		store_fail(s, err, "read observance");
		goto out;
	}
	cap = 0;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (info->nobservance == cap) {
			struct nw_observance_rec *no;

			cap = cap == 0 ? 8 : cap * 2;
			no = nw_arena_alloc(a, cap * sizeof(*no));
			if (info->nobservance > 0)
				memcpy(no, info->observance,
				    info->nobservance * sizeof(*no));
			info->observance = no;
		}
		o = &info->observance[info->nobservance++];
		o->role = col_dup(a, st, 0);
		if (col_state(st, 1, o->state) == -1) {
			nw_error_where(err, NULL, s->path);
			nw_error_set(err, NW_E_STORE, "incident %lld: bad "
			    "observance state", (long long)incident);
			goto out;
		}
		o->supporter = col_dup(a, st, 2);
	}
	if (step != SQLITE_DONE) {
		store_fail(s, err, "read observance");
		goto out;
	}
	rc = 0;
out:
	if (st != NULL)
		sqlite3_reset(st);
	return rc;
}

int
nw_store_meta_get(struct nw_store *s, const char *key, char **value,
    struct nw_error *err)
{
	sqlite3_stmt *st;
	int step, rc = -1;

	*value = NULL;
	if ((st = st_get(s, ST_META_GET, err)) == NULL)
		return -1;
	if (bind_str(st, 1, key) != SQLITE_OK) {
		store_fail(s, err, "read meta");
		goto out;
	}
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		*value = xstrdup(col_str(st, 0) != NULL ? col_str(st, 0) : "");
	else if (step != SQLITE_DONE) {
		store_fail(s, err, "read meta");
		goto out;
	}
	rc = 0;
out:
	sqlite3_reset(st);
	return rc;
}

int
nw_store_meta_set(struct nw_store *s, const char *key, const char *value,
    struct nw_error *err)
{
	sqlite3_stmt *st;

	if (need_feed(s, err, "save meta") == -1)
		return -1;
	if ((st = st_get(s, ST_META_SET, err)) == NULL)
		return -1;
	return st_done(s, st, bind_str(st, 1, key) | bind_str(st, 2, value),
	    err, "save meta");
}

/* --- STIX: TLP, kept objects, provenance, export reads (schema 3) ---------
 *
 * Added by the STIX work.  Statements used per object live in a writer or
 * reader object the caller holds (nw_store_stix_writer, _reader); the
 * export's scans are prepared once per export.
 */

/* Prepare sql, or NULL with *err. */
static sqlite3_stmt *
stx_prepare(struct nw_store *s, const char *sql, struct nw_error *err)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st,
	    NULL) != SQLITE_OK) {
		sqlite3_finalize(st);
		store_fail(s, err, "prepare");
		return NULL;
	}
	return st;
}

int
nw_store_source_set_tlp(struct nw_store *s, const char *feed, const char *tlp,
    struct nw_error *err)
{
	sqlite3_stmt *st = NULL;
	char now[32];
	int own_txn = 0, rc = -1;

	if (need_rw(s, err, "save TLP") == -1)
		return -1;
	if (tlp == NULL)
		tlp = "clear";
	if (nw_stix_tlp_rank(tlp) < 0)
		return store_misuse(s, err, "save TLP: not a TLP 2.0 level");
	if (!s->in_feed) {
		if (store_exec(s, "BEGIN IMMEDIATE", err, "save TLP") == -1)
			return -1;
		own_txn = 1;
		nw_now_rfc3339(now);
	} else
		nw_strlcpy(now, s->now, sizeof(now));
	if ((st = stx_prepare(s, "UPDATE source SET tlp = ?2, tlp_changed = ?3"
	    " WHERE name = ?1 AND tlp IS NOT ?2", err)) == NULL)
		goto out;
	if (st_done(s, st, bind_str(st, 1, feed) | bind_str(st, 2, tlp) |
	    bind_str(st, 3, now), err, "save TLP") == -1)
		goto out;
	if (own_txn && store_exec(s, "COMMIT", err, "save TLP") == -1)
		goto out;
	own_txn = 0;
	rc = 0;
out:
	sqlite3_finalize(st);
	if (own_txn && !sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

enum stx_wid {
	SW_OBJECT = 0,
	SW_ORIGIN_GET,
	SW_ORIGIN_DEL,
	SW_ORIGIN_PUT,
	SW_CLAIMER_DEL,
	SW_CLAIMER_PUT,
	SW_COUNT
};

static const char *const stx_wsql[SW_COUNT] = {
	[SW_OBJECT] =
	    "INSERT INTO stix_object (id, type, modified, created, json, hash,"
	    " own, source_id, date_added, warnings, refs) VALUES (?1, ?2, ?3,"
	    " ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT (id, modified)"
	    " DO NOTHING",
	[SW_ORIGIN_GET] = "SELECT hash FROM stix_origin WHERE report_id = ?1",
	[SW_ORIGIN_DEL] = "DELETE FROM stix_origin WHERE report_id = ?1",
	[SW_ORIGIN_PUT] =
	    "INSERT INTO stix_origin (report_id, export_id, own, publisher, tlp,"
	    " url_sha256, external_id, determination, investigation_status,"
	    " hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	[SW_CLAIMER_DEL] = "DELETE FROM stix_claimer WHERE report_id = ?1",
	[SW_CLAIMER_PUT] =
	    "INSERT INTO stix_claimer (report_id, kind, ord, claimer)"
	    " VALUES (?1, ?2, ?3, ?4)",
};

struct nw_stix_writer {
	struct nw_store	*s;
	sqlite3_stmt	*st[SW_COUNT];
	long long	 cache_size;	/* the connection's, to restore */
	struct nw_buf	 refs;		/* an object's references, joined */
};

/*
 * A bundle is one transaction of many rows: with SQLite's default page
 * cache (2 MiB) most of its pages would be spilled to the WAL and read
 * again before the commit.  The writer raises the cache while it lives.
 */
#define STX_CACHE_KIB	65536

struct nw_stix_writer *
nw_store_stix_writer(struct nw_store *s, struct nw_error *err)
{
	struct nw_stix_writer *w;
	size_t i;

	if (need_rw(s, err, "STIX writer") == -1)
		return NULL;
	w = xcalloc(1, sizeof(*w));
	w->s = s;
	w->cache_size = 0;
	/* NW_STIXFEED_MAX_REFS identifiers of at most NW_STIX_ID_MAX bytes */
	nw_buf_init(&w->refs, (size_t)4096 * NW_STIX_ID_MAX);
	if (store_int(s, "PRAGMA cache_size", &w->cache_size, err) == -1 ||
	    sqlite3_exec(s->db, "PRAGMA cache_size = -" NW_STR(STX_CACHE_KIB),
	    NULL, NULL, NULL) != SQLITE_OK) {
		store_fail(s, err, "STIX writer");
		free(w);
		return NULL;
	}
	for (i = 0; i < SW_COUNT; i++) {
		if ((w->st[i] = stx_prepare(s, stx_wsql[i], err)) == NULL) {
			nw_store_stix_writer_free(w);
			return NULL;
		}
	}
	return w;
}

void
nw_store_stix_writer_free(struct nw_stix_writer *w)
{
	size_t i;

	char sql[64];

	if (w == NULL)
		return;
	for (i = 0; i < SW_COUNT; i++)
		sqlite3_finalize(w->st[i]);
	if (w->cache_size != 0) {
		/* our own number, not a value from outside */
		snprintf(sql, sizeof(sql), "PRAGMA cache_size = %lld",
		    w->cache_size);
		sqlite3_exec(w->s->db, sql, NULL, NULL, NULL);
	}
	nw_buf_free(&w->refs);
	free(w);
}

int
nw_store_put_stix_object(struct nw_stix_writer *w, int64_t source_id,
    const struct nw_stix_object *o, int *added, struct nw_error *err)
{
	struct nw_store *s = w->s;
	sqlite3_stmt *st = w->st[SW_OBJECT];
	size_t i;
	int rc;

	if (added != NULL)
		*added = 0;
	if (need_feed(s, err, "save STIX object") == -1)
		return -1;
	if (o->id == NULL || o->type == NULL || o->json == NULL)
		return store_misuse(s, err, "save STIX object: no id, type or "
		    "JSON");
	/* the identifiers it refers to, one space between (own: none) */
	nw_buf_reset(&w->refs);
	for (i = 0; !o->own && i < o->nrefs; i++)
		if ((i > 0 && nw_buf_addc(&w->refs, ' ') == -1) ||
		    nw_buf_adds(&w->refs, o->refs[i]) == -1)
			return store_misuse(s, err, "save STIX object: too "
			    "many references");
	rc = st_done(s, st, bind_str(st, 1, o->id) | bind_str(st, 2, o->type) |
	    bind_str(st, 3, o->modified != NULL ? o->modified : "") |
	    bind_str(st, 4, o->created) |
	    (o->own ? sqlite3_bind_null(st, 5) : sqlite3_bind_text64(st, 5,
		o->json, o->jsonlen, SQLITE_STATIC, SQLITE_UTF8)) |
	    bind_str(st, 6, o->own ? o->hash : NULL) |
	    sqlite3_bind_int(st, 7, o->own != 0) |
	    sqlite3_bind_int64(st, 8, source_id) | bind_str(st, 9, s->now) |
	    sqlite3_bind_int(st, 10, o->warnings > 0 ? o->warnings : 0) |
	    (w->refs.len > 0 ? sqlite3_bind_text64(st, 11, w->refs.data,
		w->refs.len, SQLITE_STATIC, SQLITE_UTF8) :
		sqlite3_bind_null(st, 11)), err, "save STIX object");
	if (rc == -1)
		return -1;
	/* no change: this version is in the log already */
	if (added != NULL)
		*added = sqlite3_changes(s->db) > 0;
	return 0;
}

/* The hash of an origin and its claimers, to tell a change. */
static void
origin_hash(const struct nw_origin *o, const struct nw_extract *ex,
    char out[NW_SHA256_HEX])
{
	static const char hex[] = "0123456789abcdef";
	struct sha256_ctx c;
	uint8_t d[SHA256_DIGEST_SIZE];
	size_t i;

	sha256_init(&c);
	hash_str(&c, "normwatch origin v1");
	hash_str(&c, o->export_id);
	hash_u64(&c, (uint64_t)(o->own != 0));
	hash_str(&c, o->publisher);
	hash_str(&c, o->tlp);
	hash_str(&c, o->url_sha256);
	hash_str(&c, o->external_id);
	hash_str(&c, o->determination);
	hash_str(&c, o->investigation_status);
	for (i = 0; i < ex->nattr && i < NW_MAX_ATTRIB; i++)
		hash_str(&c, o->attr_by[i]);
	for (i = 0; i < ex->nactors && i < NW_MAX_ACTORS; i++)
		hash_str(&c, o->actor_by[i]);
	for (i = 0; i < ex->nvictims && i < NW_MAX_VICTIMS; i++)
		hash_str(&c, o->victim_by[i]);
	sha256_digest(&c, sizeof(d), d);
	for (i = 0; i < sizeof(d); i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 0xf];
	}
	out[2 * sizeof(d)] = '\0';
}

static int
claimers_put(struct nw_stix_writer *w, int64_t report, const char *kind,
    const char *const *by, size_t n, struct nw_error *err)
{
	sqlite3_stmt *st = w->st[SW_CLAIMER_PUT];
	size_t i;

	for (i = 0; i < n; i++) {
		if (by[i] == NULL)
			continue;
		if (st_done(w->s, st, sqlite3_bind_int64(st, 1, report) |
		    bind_str(st, 2, kind) |
		    sqlite3_bind_int64(st, 3, (sqlite3_int64)i) |
		    bind_str(st, 4, by[i]), err, "save claimers") == -1)
			return -1;
	}
	return 0;
}

int
nw_store_put_origin(struct nw_stix_writer *w, int64_t report,
    const struct nw_origin *o, const struct nw_extract *ex, int *changed,
    struct nw_error *err)
{
	struct nw_store *s = w->s;
	sqlite3_stmt *st;
	char hash[NW_SHA256_HEX], old[NW_SHA256_HEX] = "";
	int step;

	if (changed != NULL)
		*changed = 0;
	if (need_feed(s, err, "save origin") == -1)
		return -1;
	if (o->export_id == NULL)
		return store_misuse(s, err, "save origin: no export id");
	origin_hash(o, ex, hash);
	st = w->st[SW_ORIGIN_GET];
	if (sqlite3_bind_int64(st, 1, report) != SQLITE_OK) {
		sqlite3_reset(st);
		return store_fail(s, err, "read origin");
	}
	step = sqlite3_step(st);
	if (step == SQLITE_ROW && col_str(st, 0) != NULL)
		nw_strlcpy(old, col_str(st, 0), sizeof(old));
	sqlite3_reset(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return store_fail(s, err, "read origin");
	if (strcmp(old, hash) == 0)
		return 0;
	st = w->st[SW_ORIGIN_DEL];
	if (st_done(s, st, sqlite3_bind_int64(st, 1, report), err,
	    "save origin") == -1)
		return -1;
	st = w->st[SW_CLAIMER_DEL];
	if (st_done(s, st, sqlite3_bind_int64(st, 1, report), err,
	    "save origin") == -1)
		return -1;
	st = w->st[SW_ORIGIN_PUT];
	if (st_done(s, st, sqlite3_bind_int64(st, 1, report) |
	    bind_str(st, 2, o->export_id) | sqlite3_bind_int(st, 3, o->own != 0) |
	    bind_str(st, 4, o->publisher) | bind_str(st, 5, o->tlp) |
	    bind_str(st, 6, o->url_sha256) | bind_str(st, 7, o->external_id) |
	    bind_str(st, 8, o->determination) |
	    bind_str(st, 9, o->investigation_status) | bind_str(st, 10, hash),
	    err, "save origin") == -1)
		return -1;
	if (claimers_put(w, report, "attribution", o->attr_by,
	    ex->nattr < NW_MAX_ATTRIB ? ex->nattr : NW_MAX_ATTRIB, err) == -1 ||
	    claimers_put(w, report, "actor", o->actor_by,
	    ex->nactors < NW_MAX_ACTORS ? ex->nactors : NW_MAX_ACTORS,
	    err) == -1 ||
	    claimers_put(w, report, "victim", o->victim_by,
	    ex->nvictims < NW_MAX_VICTIMS ? ex->nvictims : NW_MAX_VICTIMS,
	    err) == -1)
		return -1;
	if (changed != NULL)
		*changed = 1;
	return 0;
}

int
nw_store_snapshot_begin(struct nw_store *s, struct nw_error *err)
{
	if (s->in_feed)
		return store_misuse(s, err, "snapshot: a write transaction is "
		    "open");
	return store_exec(s, "BEGIN", err, "begin a snapshot");
}

void
nw_store_snapshot_end(struct nw_store *s)
{
	if (s != NULL && !sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
}

int
nw_store_stix_counts(struct nw_store *s, long long *own, long long *kept,
    struct nw_error *err)
{
	if (store_int(s, "SELECT count(*) FROM stix_object WHERE own = 1", own,
	    err) == -1 ||
	    store_int(s, "SELECT count(*) FROM stix_object WHERE own = 0",
	    kept, err) == -1)
		return -1;
	return 0;
}

int
nw_store_each_stix_version(struct nw_store *s, int own,
    int (*fn)(const struct nw_stix_version *, void *), void *arg,
    struct nw_error *err)
{
	static const char sql[] =
	    "SELECT seq, id, type, created, modified, hash, date_added,"
	    " refs, warnings FROM stix_object WHERE own = ?1 ORDER BY id, seq";
	struct nw_stix_version v;
	sqlite3_stmt *st = NULL;
	const char **refs = NULL;
	char *all = NULL, *p;
	size_t nrefs, cap = 0;
	int step, r, rc = -1;

	if ((st = stx_prepare(s, sql, err)) == NULL)
		goto out;
	if (sqlite3_bind_int(st, 1, own != 0) != SQLITE_OK) {
		store_fail(s, err, "read STIX objects");
		goto out;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&v, 0, sizeof(v));
		v.seq = sqlite3_column_int64(st, 0);
		v.id = col_str(st, 1);
		v.type = col_str(st, 2);
		v.created = col_str(st, 3);
		v.modified = col_str(st, 4) != NULL ? col_str(st, 4) : "";
		v.hash = col_str(st, 5);
		v.date_added = col_str(st, 6);
		v.warnings = sqlite3_column_int(st, 8);
		if (v.id == NULL || v.type == NULL || v.date_added == NULL) {
			nw_error_where(err, NULL, s->path);
			nw_error_set(err, NW_E_STORE, "STIX object %lld: "
			    "malformed", (long long)v.seq);
			goto out;
		}
		/* split the joined references (ids hold no blanks) */
		free(all);
		all = col_str(st, 7) != NULL ? xstrdup(col_str(st, 7)) : NULL;
		nrefs = 0;
		for (p = all; p != NULL && *p != '\0'; ) {
			if (nrefs == cap) {
				cap = cap == 0 ? 16 : cap * 2;
				refs = xreallocarray(refs, cap, sizeof(*refs));
			}
			refs[nrefs++] = p;
			p = strchr(p, ' ');
			if (p != NULL)
				*p++ = '\0';
			else
				break;
		}
		v.refs = refs;
		v.nrefs = nrefs;
		if ((r = fn(&v, arg)) != 0) {
			rc = r;
			goto out;
		}
	}
	if (step != SQLITE_DONE) {
		store_fail(s, err, "read STIX objects");
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	free(all);
	free(refs);
	return rc;
}

int
nw_store_stix_json(struct nw_store *s, int64_t seq, struct nw_buf *out,
    struct nw_error *err)
{
	sqlite3_stmt *st = NULL;
	const void *p;
	int rc = -1;

	if (sqlite3_prepare_v2(s->db, "SELECT json FROM stix_object WHERE"
	    " seq = ?1", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 1, seq) != SQLITE_OK) {
		store_fail(s, err, "read STIX object");
		goto out;
	}
	if (sqlite3_step(st) != SQLITE_ROW) {
		store_fail(s, err, "read STIX object");
		goto out;
	}
	p = sqlite3_column_text(st, 0);
	if (p == NULL || nw_buf_add(out, p,
	    (size_t)sqlite3_column_bytes(st, 0)) == -1) {
		nw_error_where(err, NULL, s->path);
		nw_error_set(err, NW_E_LIMIT, "STIX object %lld does not fit "
		    "its buffer", (long long)seq);
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}

struct nw_stix_reader {
	struct nw_store	*s;
	sqlite3_stmt	*own;
};

struct nw_stix_reader *
nw_store_stix_reader(struct nw_store *s, struct nw_error *err)
{
	struct nw_stix_reader *r;

	r = xcalloc(1, sizeof(*r));
	r->s = s;
	/* the newest by timestamp: own versions are ".000Z" alike */
	if ((r->own = stx_prepare(s, "SELECT created, modified, hash FROM"
	    " stix_object WHERE id = ?1 AND own = 1 ORDER BY modified DESC"
	    " LIMIT 1", err)) == NULL) {
		free(r);
		return NULL;
	}
	return r;
}

void
nw_store_stix_reader_free(struct nw_stix_reader *r)
{
	if (r == NULL)
		return;
	sqlite3_finalize(r->own);
	free(r);
}

int
nw_store_stix_own(struct nw_stix_reader *r, const char *id, int *found,
    char created[32], char modified[32], char hash[65], struct nw_error *err)
{
	sqlite3_stmt *st = r->own;
	int step, rc = -1;

	*found = 0;
	if (bind_str(st, 1, id) != SQLITE_OK) {
		store_fail(r->s, err, "read own STIX object");
		goto out;
	}
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		nw_strlcpy(created, col_str(st, 0) != NULL ? col_str(st, 0) :
		    "", 32);
		nw_strlcpy(modified, col_str(st, 1) != NULL ? col_str(st, 1) :
		    "", 32);
		nw_strlcpy(hash, col_str(st, 2) != NULL ? col_str(st, 2) : "",
		    65);
		*found = created[0] != '\0' && modified[0] != '\0';
	} else if (step != SQLITE_DONE) {
		store_fail(r->s, err, "read own STIX object");
		goto out;
	}
	rc = 0;
out:
	sqlite3_reset(st);
	return rc;
}

/*
 * The export's scans: each ordered by incident id (column 0), merged in
 * nw_store_each_export_incident.  The joins follow the indexes
 * incident_report_by_incident and the child tables' primary keys, so
 * SQLite needs no sort.
 */
enum xscan {
	XS_INCIDENT = 0,
	XS_REPORT,
	XS_CLAIM,
	XS_ACTOR,
	XS_VICTIM,
	XS_SECTOR,
	XS_CLAIMER,
	XS_FINDING,
	XS_EVIDENCE,
	XS_OBSERVANCE,
	XS_COUNT
};

static const char *const xscan_sql[XS_COUNT] = {
	[XS_INCIDENT] =
	    "SELECT id, key, created, changed, rules_version FROM incident"
	    " ORDER BY id",
	[XS_REPORT] =
	    "SELECT ir.incident_id, r.id, s.name, s.publisher, r.url,"
	    " r.native_id, r.date, r.date_precision, r.title, r.text,"
	    " r.sponsorship, r.first_seen, r.last_seen, r.document, s.tlp,"
	    " s.tlp_changed, o.export_id, o.own, o.publisher, o.tlp,"
	    " o.url_sha256, o.external_id, o.determination,"
	    " o.investigation_status, s.url FROM incident_report ir"
	    " JOIN report r ON r.id = ir.report_id"
	    " JOIN source s ON s.id = r.source_id"
	    " LEFT JOIN stix_origin o ON o.report_id = r.id"
	    " ORDER BY ir.incident_id, ir.report_id",
	[XS_CLAIM] =
	    "SELECT ir.incident_id, c.report_id, c.state, c.hedge, c.party,"
	    " c.ev_off, c.ev_len FROM incident_report ir"
	    " JOIN claim c ON c.report_id = ir.report_id"
	    " ORDER BY ir.incident_id, ir.report_id, c.ord",
	[XS_ACTOR] =
	    "SELECT ir.incident_id, a.report_id, a.name, a.ev_off, a.ev_len"
	    " FROM incident_report ir JOIN report_actor a"
	    " ON a.report_id = ir.report_id"
	    " ORDER BY ir.incident_id, ir.report_id, a.ord",
	[XS_VICTIM] =
	    "SELECT ir.incident_id, v.report_id, v.state FROM incident_report ir"
	    " JOIN report_victim v ON v.report_id = ir.report_id"
	    " ORDER BY ir.incident_id, ir.report_id, v.ord",
	[XS_SECTOR] =
	    "SELECT ir.incident_id, x.report_id, x.sector FROM incident_report ir"
	    " JOIN report_sector x ON x.report_id = ir.report_id"
	    " ORDER BY ir.incident_id, ir.report_id, x.sector",
	[XS_CLAIMER] =
	    "SELECT ir.incident_id, k.report_id, k.kind, k.ord, k.claimer"
	    " FROM incident_report ir JOIN stix_claimer k"
	    " ON k.report_id = ir.report_id"
	    " ORDER BY ir.incident_id, ir.report_id, k.kind, k.ord",
	[XS_FINDING] =
	    "SELECT incident_id, ord, framework, principle, rule, confidence"
	    " FROM finding ORDER BY incident_id, ord",
	[XS_EVIDENCE] =
	    "SELECT incident_id, finding_ord, report_id, kind, source,"
	    " off, len, text FROM evidence"
	    " ORDER BY incident_id, finding_ord, ord",
	[XS_OBSERVANCE] =
	    "SELECT incident_id, role, state, supporter FROM observance"
	    " ORDER BY incident_id, role, state",
};

struct xcursor {
	sqlite3_stmt	*st;
	int		 row;		/* a row is current */
};

/* Step c; 0, or -1 on an SQLite error. */
static int
xstep(struct nw_store *s, struct xcursor *c, struct nw_error *err)
{
	int step = sqlite3_step(c->st);

	c->row = step == SQLITE_ROW;
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return store_fail(s, err, "read incidents for export");
	return 0;
}

/*
 * Position c on the first row of incident id: rows of lower ids (orphans)
 * are skipped.  Returns 1 when a row of id is current, 0 when not, -1.
 */
static int
xseek(struct nw_store *s, struct xcursor *c, int64_t id, struct nw_error *err)
{
	while (c->row && sqlite3_column_int64(c->st, 0) < id)
		if (xstep(s, c, err) == -1)
			return -1;
	return c->row && sqlite3_column_int64(c->st, 0) == id;
}

/* The report of the incident with store id rid, or NULL. */
static struct nw_export_report *
xreport(struct nw_export_incident *inc, int64_t rid)
{
	size_t lo = 0, hi = inc->nreports, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (inc->reports[mid].row.id == rid)
			return &inc->reports[mid];
		if (inc->reports[mid].row.id < rid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Growing arrays reused from incident to incident. */
struct xarrays {
	struct nw_export_report	*reports;
	size_t			 rcap;
	struct nw_finding_rec	*findings;
	size_t			 fcap;
	struct nw_evidence_rec	*ev;
	size_t			 ecap, nev;
	struct nw_observance_rec *obs;
	size_t			 ocap;
};

static int
xbad(struct nw_store *s, struct nw_error *err, int64_t incident,
    const char *what)
{
	nw_error_where(err, NULL, s->path);
	return nw_error_set(err, NW_E_STORE, "incident %lld: %s",
	    (long long)incident, what);
}

/* Copy a column into the arena, NULL for NULL. */
static const char *
col_dupn(struct nw_arena *a, sqlite3_stmt *st, int i)
{
	return col_str(st, i) != NULL ? col_dup(a, st, i) : NULL;
}

/* Read the rows of incident id from every cursor into *inc. */
static int
xincident(struct nw_store *s, struct xcursor *c, struct nw_arena *a,
    struct xarrays *ar, struct nw_export_incident *inc, struct nw_error *err)
{
	struct nw_export_report *xr;
	struct nw_finding_rec *f;
	sqlite3_stmt *st;
	enum nw_prec prec;
	enum nw_sector sec;
	const char *v;
	size_t i, fi;
	int64_t id = inc->id, fid;
	int k;

	/* reports, with source and origin */
	for (k = xseek(s, &c[XS_REPORT], id, err); k == 1;
	    k = xseek(s, &c[XS_REPORT], id, err)) {
		st = c[XS_REPORT].st;
		if (inc->nreports == ar->rcap) {
			ar->rcap = ar->rcap == 0 ? 8 : ar->rcap * 2;
			ar->reports = xreallocarray(ar->reports, ar->rcap,
			    sizeof(*ar->reports));
		}
		xr = &ar->reports[inc->nreports];
		memset(xr, 0, sizeof(*xr));
		xr->row.id = sqlite3_column_int64(st, 1);
		xr->row.source = col_dup(a, st, 2);
		xr->row.publisher = col_str(st, 3) != NULL ?
		    col_dup(a, st, 3) : NULL;
		xr->row.url = col_dup(a, st, 4);
		xr->row.native_id = col_dup(a, st, 5);
		v = col_str(st, 6);
		if (nw_prec_from_name(col_str(st, 7), &prec) == -1 ||
		    nw_date_parse_iso(v != NULL ? v : "", &xr->row.date) == -1 ||
		    xr->row.date.prec != prec)
			return row_bad(s, err, xr->row.id, "malformed date");
		xr->row.title = col_str(st, 8) != NULL ? col_dup(a, st, 8) :
		    NULL;
		xr->row.textlen = (size_t)sqlite3_column_bytes(st, 9);
		xr->row.text = col_str(st, 9) != NULL ? nw_arena_strndup(a,
		    col_str(st, 9), xr->row.textlen) : "";
		if (nw_sponsor_from_name(col_str(st, 10),
		    &xr->row.ex.sponsorship) == -1)
			return row_bad(s, err, xr->row.id,
			    "unknown sponsorship");
		xr->row.first_seen = col_dup(a, st, 11);
		xr->row.last_seen = col_dup(a, st, 12);
		xr->document = col_str(st, 13) != NULL ? col_dup(a, st, 13) :
		    NULL;
		xr->source_url = col_dup(a, st, 24);
		xr->tlp = col_dup(a, st, 14);
		xr->tlp_changed = col_str(st, 15) != NULL ?
		    col_dup(a, st, 15) : NULL;
		if (col_str(st, 16) != NULL) {
			xr->has_origin = 1;
			xr->origin.export_id = col_dup(a, st, 16);
			xr->origin.own = sqlite3_column_int(st, 17) != 0;
			xr->origin.publisher = col_dupn(a, st, 18);
			xr->origin.tlp = col_dupn(a, st, 19);
			xr->origin.url_sha256 = col_dupn(a, st, 20);
			xr->origin.external_id = col_dupn(a, st, 21);
			xr->origin.determination = col_dupn(a, st, 22);
			xr->origin.investigation_status = col_dupn(a, st, 23);
		}
		inc->nreports++;
		if (xstep(s, &c[XS_REPORT], err) == -1)
			return -1;
	}
	if (k == -1)
		return -1;
	inc->reports = ar->reports;

	/* claims, actors, victims, sectors, claimers */
	for (k = xseek(s, &c[XS_CLAIM], id, err); k == 1;
	    k = xseek(s, &c[XS_CLAIM], id, err)) {
		struct nw_attribution *at;

		st = c[XS_CLAIM].st;
		xr = xreport(inc, sqlite3_column_int64(st, 1));
		if (xr != NULL) {
			if (xr->row.ex.nattr >= NW_MAX_ATTRIB)
				return xbad(s, err, id, "too many claims");
			at = &xr->row.ex.attr[xr->row.ex.nattr];
			if (col_state(st, 2, at->state) == -1 ||
			    nw_hedge_from_name(col_str(st, 3), &at->hedge) ==
			    -1 || nw_party_from_name(col_str(st, 4), &at->by) ==
			    -1)
				return xbad(s, err, id, "malformed claim");
			at->ev.off = col_u32(st, 5);
			at->ev.len = col_u32(st, 6);
			xr->row.ex.nattr++;
		}
		if (xstep(s, &c[XS_CLAIM], err) == -1)
			return -1;
	}
	if (k == -1)
		return -1;
	for (k = xseek(s, &c[XS_ACTOR], id, err); k == 1;
	    k = xseek(s, &c[XS_ACTOR], id, err)) {
		struct nw_actor *ac;

		st = c[XS_ACTOR].st;
		xr = xreport(inc, sqlite3_column_int64(st, 1));
		if (xr != NULL) {
			v = col_str(st, 2);
			if (xr->row.ex.nactors >= NW_MAX_ACTORS || v == NULL ||
			    (size_t)sqlite3_column_bytes(st, 2) >=
			    NW_MAX_ACTOR_NAME)
				return xbad(s, err, id, "malformed actor");
			ac = &xr->row.ex.actors[xr->row.ex.nactors++];
			nw_strlcpy(ac->name, v, sizeof(ac->name));
			ac->ev.off = col_u32(st, 3);
			ac->ev.len = col_u32(st, 4);
		}
		if (xstep(s, &c[XS_ACTOR], err) == -1)
			return -1;
	}
	if (k == -1)
		return -1;
	for (k = xseek(s, &c[XS_VICTIM], id, err); k == 1;
	    k = xseek(s, &c[XS_VICTIM], id, err)) {
		st = c[XS_VICTIM].st;
		xr = xreport(inc, sqlite3_column_int64(st, 1));
		if (xr != NULL) {
			if (xr->row.ex.nvictims >= NW_MAX_VICTIMS ||
			    col_state(st, 2,
			    xr->row.ex.victims[xr->row.ex.nvictims]) == -1)
				return xbad(s, err, id, "malformed victim");
			xr->row.ex.nvictims++;
		}
		if (xstep(s, &c[XS_VICTIM], err) == -1)
			return -1;
	}
	if (k == -1)
		return -1;
	for (k = xseek(s, &c[XS_SECTOR], id, err); k == 1;
	    k = xseek(s, &c[XS_SECTOR], id, err)) {
		st = c[XS_SECTOR].st;
		xr = xreport(inc, sqlite3_column_int64(st, 1));
		if (xr != NULL) {
			if (nw_sector_from_name(col_str(st, 2), &sec) == -1)
				return xbad(s, err, id, "unknown sector");
			xr->row.ex.sectors |= 1u << sec;
		}
		if (xstep(s, &c[XS_SECTOR], err) == -1)
			return -1;
	}
	if (k == -1)
		return -1;
	for (k = xseek(s, &c[XS_CLAIMER], id, err); k == 1;
	    k = xseek(s, &c[XS_CLAIMER], id, err)) {
		long long ord;

		st = c[XS_CLAIMER].st;
		xr = xreport(inc, sqlite3_column_int64(st, 1));
		v = col_str(st, 2);
		ord = sqlite3_column_int64(st, 3);
		if (xr != NULL && v != NULL && ord >= 0) {
			const char *who = col_dup(a, st, 4);

			if (strcmp(v, "attribution") == 0 &&
			    ord < NW_MAX_ATTRIB)
				xr->origin.attr_by[ord] = who;
			else if (strcmp(v, "actor") == 0 && ord < NW_MAX_ACTORS)
				xr->origin.actor_by[ord] = who;
			else if (strcmp(v, "victim") == 0 &&
			    ord < NW_MAX_VICTIMS)
				xr->origin.victim_by[ord] = who;
		}
		if (xstep(s, &c[XS_CLAIMER], err) == -1)
			return -1;
	}
	if (k == -1)
		return -1;

	/* findings and their evidence, in order */
	for (k = xseek(s, &c[XS_FINDING], id, err); k == 1;
	    k = xseek(s, &c[XS_FINDING], id, err)) {
		st = c[XS_FINDING].st;
		if (inc->nfindings == ar->fcap) {
			ar->fcap = ar->fcap == 0 ? 16 : ar->fcap * 2;
			ar->findings = xreallocarray(ar->findings, ar->fcap,
			    sizeof(*ar->findings));
		}
		f = &ar->findings[inc->nfindings++];
		memset(f, 0, sizeof(*f));
		/* the finding's store id, until its evidence is matched */
		f->nev = (size_t)sqlite3_column_int64(st, 1);
		f->framework = col_dup(a, st, 2);
		f->principle = col_dup(a, st, 3);
		f->rule = col_dup(a, st, 4);
		f->confidence = sqlite3_column_int(st, 5);
		if (xstep(s, &c[XS_FINDING], err) == -1)
			return -1;
	}
	if (k == -1)
		return -1;
	inc->findings = ar->findings;
	ar->nev = 0;
	fi = 0;
	{
		/* evidence rows come in finding order: one pass */
		size_t *first = NULL, *count = NULL;

		if (inc->nfindings > 0) {
			first = nw_arena_alloc(a, inc->nfindings *
			    sizeof(*first));
			count = nw_arena_alloc(a, inc->nfindings *
			    sizeof(*count));
		}
		for (k = xseek(s, &c[XS_EVIDENCE], id, err); k == 1;
		    k = xseek(s, &c[XS_EVIDENCE], id, err)) {
			struct nw_evidence_rec *e;

			st = c[XS_EVIDENCE].st;
			fid = sqlite3_column_int64(st, 1);
			while (fi < inc->nfindings &&
			    (int64_t)ar->findings[fi].nev != fid)
				fi++;
			if (fi < inc->nfindings) {
				if (ar->nev == ar->ecap) {
					ar->ecap = ar->ecap == 0 ? 32 :
					    ar->ecap * 2;
					ar->ev = xreallocarray(ar->ev, ar->ecap,
					    sizeof(*ar->ev));
				}
				if (count[fi] == 0)
					first[fi] = ar->nev;
				count[fi]++;
				e = &ar->ev[ar->nev++];
				e->report_id = sqlite3_column_int64(st, 2);
				e->kind = col_dup(a, st, 3);
				e->source = col_dup(a, st, 4);
				e->off = col_u32(st, 5);
				e->len = col_u32(st, 6);
				e->text = col_dup(a, st, 7);
			}
			if (xstep(s, &c[XS_EVIDENCE], err) == -1)
				return -1;
		}
		if (k == -1)
			return -1;
		for (i = 0; i < inc->nfindings; i++) {
			ar->findings[i].nev = count[i];
			ar->findings[i].ev = count[i] > 0 ?
			    &ar->ev[first[i]] : NULL;
		}
	}

	/* observance */
	for (k = xseek(s, &c[XS_OBSERVANCE], id, err); k == 1;
	    k = xseek(s, &c[XS_OBSERVANCE], id, err)) {
		struct nw_observance_rec *o;

		st = c[XS_OBSERVANCE].st;
		if (inc->nobservance == ar->ocap) {
			ar->ocap = ar->ocap == 0 ? 8 : ar->ocap * 2;
			ar->obs = xreallocarray(ar->obs, ar->ocap,
			    sizeof(*ar->obs));
		}
		o = &ar->obs[inc->nobservance];
		o->role = col_dup(a, st, 1);
		if (col_state(st, 2, o->state) == -1)
			return xbad(s, err, id, "bad observance state");
		o->supporter = col_dup(a, st, 3);
		inc->nobservance++;
		if (xstep(s, &c[XS_OBSERVANCE], err) == -1)
			return -1;
	}
	if (k == -1)
		return -1;
	inc->observance = ar->obs;
	return 0;
}

int
nw_store_each_export_incident(struct nw_store *s,
    int (*fn)(const struct nw_export_incident *, void *), void *arg,
    struct nw_error *err)
{
	struct xcursor c[XS_COUNT];
	struct xarrays ar;
	struct nw_export_incident inc;
	struct nw_arena *a = NULL;
	sqlite3_stmt *st;
	size_t i;
	int r, rc = -1;

	memset(c, 0, sizeof(c));
	memset(&ar, 0, sizeof(ar));
	for (i = 0; i < XS_COUNT; i++) {
		if (sqlite3_prepare_v2(s->db, xscan_sql[i], -1, &c[i].st,
		    NULL) != SQLITE_OK) {
			store_fail(s, err, "read incidents for export");
			goto out;
		}
		if (xstep(s, &c[i], err) == -1)
			goto out;
	}
	while (c[XS_INCIDENT].row) {
		st = c[XS_INCIDENT].st;
		nw_arena_free(a);
		a = nw_arena_new();
		memset(&inc, 0, sizeof(inc));
		inc.id = sqlite3_column_int64(st, 0);
		inc.key = col_dup(a, st, 1);
		inc.created = col_dup(a, st, 2);
		inc.changed = col_dup(a, st, 3);
		inc.rules_version = col_str(st, 4) != NULL ?
		    col_dup(a, st, 4) : NULL;
		if (xincident(s, c, a, &ar, &inc, err) == -1)
			goto out;
		if ((r = fn(&inc, arg)) != 0) {
			rc = r;
			goto out;
		}
		if (xstep(s, &c[XS_INCIDENT], err) == -1)
			goto out;
	}
	rc = 0;
out:
	for (i = 0; i < XS_COUNT; i++)
		sqlite3_finalize(c[i].st);
	nw_arena_free(a);
	free(ar.reports);
	free(ar.findings);
	free(ar.ev);
	free(ar.obs);
	return rc;
}

/* --- a feed's own state (schema 4) ---------------------------------------- */

int
nw_store_feed_kv_each(struct nw_store *s, const char *feed,
    int (*fn)(const char *key, const char *value, void *arg), void *arg,
    struct nw_error *err)
{
	sqlite3_stmt *st;
	int step, rc = -1, r;

	if ((st = st_get(s, ST_FEED_KV_GET, err)) == NULL)
		return -1;
	if (bind_str(st, 1, feed) != SQLITE_OK) {
		store_fail(s, err, "read feed state");
		goto out;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *k = col_str(st, 0), *v = col_str(st, 1);

		if ((r = fn(k != NULL ? k : "", v != NULL ? v : "", arg)) != 0) {
			rc = r;
			goto out;
		}
	}
	if (step != SQLITE_DONE) {
		store_fail(s, err, "read feed state");
		goto out;
	}
	rc = 0;
out:
	sqlite3_reset(st);
	return rc;
}

int
nw_store_feed_kv_set(struct nw_store *s, const char *feed, const char *key,
    const char *value, struct nw_error *err)
{
	sqlite3_stmt *st;

	if (need_feed(s, err, "save feed state") == -1)
		return -1;
	if (value == NULL) {
		if ((st = st_get(s, ST_FEED_KV_DELETE, err)) == NULL)
			return -1;
		return st_done(s, st, bind_str(st, 1, feed) |
		    bind_str(st, 2, key), err, "save feed state");
	}
	if ((st = st_get(s, ST_FEED_KV_SET, err)) == NULL)
		return -1;
	return st_done(s, st, bind_str(st, 1, feed) | bind_str(st, 2, key) |
	    bind_str(st, 3, value), err, "save feed state");
}

/* --- incidents that merging creates and deletes (schema 5) -----------------
 *
 * Added by the merging work (merge.c): an incident can be created before
 * its reports are linked (a report may move from another incident into
 * it), and an incident left without reports is deleted with its findings,
 * evidence and observance.
 */

int
nw_store_incident_add(struct nw_store *s, const char *key, int64_t *incident,
    struct nw_error *err)
{
	sqlite3_stmt *st;

	*incident = 0;
	if (need_feed(s, err, "new incident") == -1)
		return -1;
	if (key == NULL || *key == '\0')
		return store_misuse(s, err, "new incident: no key");
	if ((st = st_get(s, ST_INCIDENT_NEW, err)) == NULL)
		return -1;
	if (st_done(s, st, bind_str(st, 1, key) | bind_str(st, 2, s->now), err,
	    "new incident") == -1)
		return -1;
	*incident = sqlite3_last_insert_rowid(s->db);
	return 0;
}

int
nw_store_incident_delete(struct nw_store *s, int64_t incident,
    struct nw_error *err)
{
	sqlite3_stmt *st;

	if (need_feed(s, err, "delete incident") == -1)
		return -1;
	if ((st = st_get(s, ST_INCIDENT_DELETE, err)) == NULL)
		return -1;
	if (st_done(s, st, sqlite3_bind_int64(st, 1, incident), err,
	    "delete incident") == -1)
		return -1;
	if (sqlite3_changes(s->db) != 1)
		return store_misuse(s, err, "delete incident: it still has "
		    "reports, or there is no such incident");
	return 0;
}

const char *
nw_store_now(struct nw_store *s)
{
	return s->in_feed ? s->now : NULL;
}
