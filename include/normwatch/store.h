/*
 * store.h - the SQLite store, normwatch's single source of truth.
 *
 * It keeps sources (one per feed), fetches (every attempt, with status,
 * HTTP code, bytes, sha256 and error), documents (metadata of fetched
 * bodies; the bytes are in the cache), reports, and the claims extracted
 * from them (attributions, actors, victims, sectors), plus runs.
 *
 * The schema has a version (PRAGMA user_version) and forward migrations,
 * applied by nw_store_open.  WAL mode.  One feed's work is one
 * transaction: nw_store_feed_begin ... nw_store_feed_commit, so a failed
 * or killed feed leaves the store as it was while other feeds still land.
 * The store knows nothing of HTTP, parsing or output formats.
 */
#ifndef NORMWATCH_STORE_H
#define NORMWATCH_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "normwatch/error.h"
#include "normwatch/feed.h"
#include "normwatch/report.h"
#include "normwatch/stix.h"
#include "normwatch/util.h"

#define NW_STORE_SCHEMA_VERSION	6

struct nw_store;

enum nw_store_mode {
	NW_STORE_RW = 0,	/* create if missing, migrate */
	NW_STORE_RO		/* must exist and be current; never writes */
};

/*
 * Open (and for NW_STORE_RW create, with parent directories, and migrate)
 * the store at path.  A store newer than this program is refused, and so
 * is an SQLite file of another program.  NW_STORE_RO needs an existing
 * store of exactly NW_STORE_SCHEMA_VERSION and never writes.
 * Returns NULL with *err set (file is path).  nw_store_close(NULL) is
 * fine; closing with a feed transaction open rolls it back.  A store
 * handle serves one thread at a time.  Errors of every function below are
 * NW_E_STORE with the failing operation and SQLite's message, unless said
 * otherwise; NW_E_INTERNAL marks a caller's misuse (a bug).
 */
struct nw_store	*nw_store_open(const char *path, enum nw_store_mode mode,
		    struct nw_error *err);
void		 nw_store_close(struct nw_store *);
/* The schema version found on disk (after migration). */
int		 nw_store_schema_version(struct nw_store *);

/*
 * The run lock: an flock on PATH.lock (created, with its directory, when
 * missing; the holder writes its pid there).  A second concurrent run gets
 * NULL at once with err->code NW_E_LOCKED and "another normwatch run holds
 * the lock on PATH.lock (pid N)"; other failures are NW_E_IO.  The lock
 * is held by the open file, so it also conflicts within one process.
 * nw_lock_release(NULL) is fine.
 */
struct nw_lock;
struct nw_lock	*nw_lock_acquire(const char *dbpath, struct nw_error *err);
void		 nw_lock_release(struct nw_lock *);

/* Runs: one row per command that writes. Returns the run id (> 0) or -1. */
int64_t	nw_store_run_begin(struct nw_store *, const char *command,
	    struct nw_error *err);
/* outcome: "ok", "partial", "failed". */
int	nw_store_run_end(struct nw_store *, int64_t run, const char *outcome,
	    struct nw_error *err) NW_WUR;

/* A source's conditional-GET validators and the hash of its last body. */
struct nw_source_state {
	char	*etag;			/* or NULL */
	char	*last_modified;		/* or NULL */
	char	 sha256[NW_SHA256_HEX];	/* last body stored, or "" */
};

/*
 * Fill *st for feed (all empty when the feed was never stored); the
 * strings are the caller's, freed with nw_source_state_free.
 */
int	nw_store_source_state(struct nw_store *, const char *feed,
	    struct nw_source_state *st, struct nw_error *err) NW_WUR;
void	nw_source_state_free(struct nw_source_state *);

/*
 * Begin one feed's transaction (BEGIN IMMEDIATE, waiting up to 5 s for
 * another writer) and create or update its source row from the
 * definition.  *source_id receives the source's id.  The time stamps
 * written until the commit are the time of this call.  Only one feed
 * transaction is open at a time; on failure nothing stays open.
 */
int	nw_store_feed_begin(struct nw_store *, const struct nw_feed *,
	    int64_t *source_id, struct nw_error *err) NW_WUR;
/*
 * Record the validators and body hash of the document being stored (they
 * land only if the feed commits).  sha256 "" stores none.
 */
int	nw_store_feed_set_state(struct nw_store *, int64_t source_id,
	    const struct nw_source_state *st, struct nw_error *err) NW_WUR;
/*
 * Record a document's metadata (idempotent by sha256, the first record
 * stays).  sha256 is 64 lower-case hex digits; content_type and url may
 * be NULL.  Inside a feed transaction.
 */
int	nw_store_put_document(struct nw_store *, const char *sha256,
	    size_t bytes, const char *content_type, const char *url,
	    struct nw_error *err) NW_WUR;

enum nw_put {
	NW_PUT_NEW = 0,		/* a report not seen before */
	NW_PUT_CHANGED,		/* same native id, different content */
	NW_PUT_SAME		/* nothing changed */
};

/*
 * Insert or update a report by (source, native_id), with everything in
 * r->ex, inside a feed transaction.  doc_sha256 is the document it came
 * from, recorded before with nw_store_put_document (or NULL); run the
 * current run (0 for none).  *put (may be NULL) says what happened: a
 * content hash over url, date, title, text and r->ex decides NEW, CHANGED
 * (row updated, claims, actors, victims and sectors replaced) or SAME
 * (only last_seen and last_run move).
 * A report the store cannot keep faithfully (impossible date, a state
 * that is not two upper-case letters, an evidence span outside the text,
 * a value out of its enum) fails with NW_E_DATA before anything is
 * written, so the caller may skip it and go on; after any other failure
 * the feed must be rolled back.
 */
int	nw_store_put_report(struct nw_store *, int64_t source_id, int64_t run,
	    const char *doc_sha256, const struct nw_report *r,
	    enum nw_put *put, struct nw_error *err) NW_WUR;
int	nw_store_feed_commit(struct nw_store *, struct nw_error *err) NW_WUR;
void	nw_store_feed_rollback(struct nw_store *);

/*
 * One fetch attempt of one feed, written after the feed's transaction has
 * ended (committed or rolled back), so failures are on record too; while
 * a feed transaction is open it is refused (NW_E_INTERNAL).
 */
struct nw_fetch_log {
	const char	*feed;		/* feed name */
	int64_t		 run;		/* run id, 0 for none */
	const char	*started;	/* RFC 3339 UTC, NULL for now */
	const char	*outcome;	/* "ok", "not-modified", "unchanged",
					   "offline", "failed" */
	long		 http_code;	/* 0 when none */
	long long	 bytes;		/* body bytes, 0 when none */
	const char	*sha256;	/* body hash (64 hex), or NULL */
	const char	*error;		/* one line, or NULL */
	long		 reports;	/* reports in the document */
	long		 new_reports;	/* of which new */
	long		 changed;	/* of which changed */
	double		 seconds;	/* wall time */
};
int	nw_store_log_fetch(struct nw_store *, const struct nw_fetch_log *,
	    struct nw_error *err) NW_WUR;

/* A stored report, as the outputs read it.  Valid during the callback. */
struct nw_report_row {
	int64_t		 id;		/* the store's report id */
	const char	*source;	/* feed name */
	const char	*publisher;	/* the source's publisher, or NULL */
	const char	*url;
	const char	*native_id;
	struct nw_date	 date;
	const char	*title;		/* may be NULL */
	const char	*text;
	size_t		 textlen;
	struct nw_extract ex;		/* claims, victims, sectors */
	const char	*first_seen;	/* RFC 3339 */
	const char	*last_seen;
};
typedef int (*nw_report_row_fn)(const struct nw_report_row *, void *arg);

/*
 * Every report, or those of one source (source not NULL), in id order.
 * Stops when fn returns non-zero and returns that value; -1 with *err on
 * a store error; 0 when all rows were seen.
 */
int	nw_store_each_report(struct nw_store *, const char *source,
	    nw_report_row_fn fn, void *arg, struct nw_error *err);

/*
 * Per feed: its last fetch and totals, for `normwatch status`.  A feed
 * whose every attempt failed has no source row yet: kind, url and the
 * validators are then NULL.  Strings are valid during the callback.
 */
struct nw_status_row {
	const char	*feed;
	const char	*kind;		/* or NULL */
	const char	*url;		/* or NULL */
	const char	*last_run;	/* started of the last fetch, or NULL */
	const char	*outcome;	/* of the last fetch, or NULL */
	long		 http_code;
	long long	 bytes;
	long		 last_reports;	/* reports in the last document */
	long		 last_new;	/* new in the last fetch */
	const char	*error;		/* of the last fetch, or NULL */
	const char	*last_success;	/* started of the last fetch that
					   reached the source ("ok",
					   "not-modified", "unchanged"),
					   or NULL */
	const char	*last_failure;	/* started of the last failed
					   fetch, or NULL */
	long		 reports;	/* reports of this source in the store */
	const char	*etag;		/* validators for the next fetch */
	const char	*last_modified;
	const char	*last_failure_error;	/* error of the last failed
						   fetch, or NULL */
};
typedef int (*nw_status_row_fn)(const struct nw_status_row *, void *arg);
/* One row per feed, by name; returns as nw_store_each_report. */
int	nw_store_each_status(struct nw_store *, nw_status_row_fn fn,
	    void *arg, struct nw_error *err);

/* --- incidents, findings and observance (schema 2) ------------------------ */

/*
 * An incident is what one or more reports describe.  Until reports from
 * different sources are merged, each report is its own incident, keyed
 * "SOURCE/NATIVE_ID" by the report that founded it; the key never changes.
 */

/* The id of the report the last successful nw_store_put_report saved. */
int64_t	nw_store_report_id(struct nw_store *);

/*
 * A write transaction outside a feed (remap); ended by
 * nw_store_feed_commit or nw_store_feed_rollback like a feed's.
 */
int	nw_store_begin(struct nw_store *, struct nw_error *err) NW_WUR;

/* The incident of a report: *incident is 0 when it has none. */
int	nw_store_report_incident(struct nw_store *, int64_t report,
	    int64_t *incident, struct nw_error *err) NW_WUR;
/* The incident with this key: *incident is 0 when there is none. */
int	nw_store_incident_by_key(struct nw_store *, const char *key,
	    int64_t *incident, struct nw_error *err) NW_WUR;
/*
 * A new incident with a stable key, founded by report, which must not
 * belong to an incident yet (in a transaction).
 */
int	nw_store_incident_new(struct nw_store *, const char *key,
	    int64_t report, int64_t *incident, struct nw_error *err) NW_WUR;
/*
 * Record that an incident's content changed now (in a transaction): a
 * report of it changed.  Linking a report and findings that differ from
 * the stored ones do this by themselves.
 */
int	nw_store_incident_touch(struct nw_store *, int64_t incident,
	    struct nw_error *err) NW_WUR;
/* Make report part of incident (in a transaction); moves it if need be. */
int	nw_store_incident_link(struct nw_store *, int64_t report,
	    int64_t incident, struct nw_error *err) NW_WUR;
/* The reports of an incident in id order; as nw_store_each_report. */
int	nw_store_incident_reports(struct nw_store *, int64_t incident,
	    nw_report_row_fn fn, void *arg, struct nw_error *err);
/*
 * Every incident id in order.  The ids are read first, so fn may write.
 * Stops when fn returns non-zero and returns that value.
 */
int	nw_store_each_incident(struct nw_store *, int (*fn)(int64_t, void *),
	    void *arg, struct nw_error *err);

/* One piece of evidence for a finding: a span of one report's text. */
struct nw_evidence_rec {
	int64_t		 report_id;	/* the report whose text it is */
	const char	*kind;		/* "match", "attribution", "actor" */
	const char	*source;	/* the pattern or condition behind it */
	uint32_t	 off;		/* byte offset in the report's text */
	uint32_t	 len;		/* bytes */
	const char	*text;		/* the span's text (capped) */
};

/* A rule that fired for an incident. */
struct nw_finding_rec {
	const char		*framework;	/* "paris-call" */
	const char		*principle;	/* "1", "a" */
	const char		*rule;		/* the rule id */
	int			 confidence;	/* 0-100 */
	struct nw_evidence_rec	*ev;
	size_t			 nev;
};

/* Was a state of the incident a Paris Call supporter on its date? */
struct nw_observance_rec {
	const char	*role;		/* "attributed" or "victim" */
	char		 state[3];	/* ISO 3166-1 alpha-2 */
	const char	*supporter;	/* "yes", "no", "uncertain" */
};

/*
 * Replace the findings and observance of an incident, in order, and
 * record when and with which rules version (in a transaction).  fresh is
 * 1 for an incident created in this transaction and never mapped: there
 * is nothing to replace.
 */
int	nw_store_put_findings(struct nw_store *, int64_t incident, int fresh,
	    const char *rules_version, const struct nw_finding_rec *f,
	    size_t nf, const struct nw_observance_rec *o, size_t no,
	    struct nw_error *err) NW_WUR;

/* An incident as stored; every string lives in the arena given. */
struct nw_incident_info {
	int64_t			 id;
	const char		*key;		/* stable key */
	const char		*created;	/* RFC 3339 */
	const char		*changed;	/* when its reports, findings or
						   observance last changed */
	const char		*mapped;	/* when last mapped, or NULL */
	const char		*rules_version;	/* mapped with, or NULL */
	struct nw_finding_rec	*findings;	/* in the order stored */
	size_t			 nfindings;
	struct nw_observance_rec *observance;	/* by role, then state */
	size_t			 nobservance;
};

/*
 * Read incident id with its findings and observance into *info.
 * Returns 0, 1 when there is no such incident, or -1 with *err.
 */
int	nw_store_incident_info(struct nw_store *, int64_t incident,
	    struct nw_arena *arena, struct nw_incident_info *info,
	    struct nw_error *err);

/* The store's own facts ("rules_version"); *value NULL when unset. */
int	nw_store_meta_get(struct nw_store *, const char *key, char **value,
	    struct nw_error *err) NW_WUR;
int	nw_store_meta_set(struct nw_store *, const char *key,
	    const char *value, struct nw_error *err) NW_WUR;

/* --- a feed's own state (schema 4) ---------------------------------------- */

/*
 * Every key and value a feed kept (in key order); fn returns non-zero to
 * stop, and that value is returned.  Strings are valid during the call.
 */
int	nw_store_feed_kv_each(struct nw_store *, const char *feed,
	    int (*fn)(const char *key, const char *value, void *arg),
	    void *arg, struct nw_error *err);
/* Set (value NULL: delete) one key of a feed's state, in a transaction. */
int	nw_store_feed_kv_set(struct nw_store *, const char *feed,
	    const char *key, const char *value, struct nw_error *err) NW_WUR;

/* Direct access for modules that add tables in later schema versions. */
struct sqlite3;
struct sqlite3	*nw_store_db(struct nw_store *);

/* --- STIX: TLP, kept objects, provenance, export reads (schema 3) ------------
 *
 * Added by the STIX work (export, the stix feed kind); see docs/schema.md
 * for the tables source.tlp, stix_object, stix_origin and stix_claimer.
 */

/*
 * Set the TLP 2.0 level of feed's source ("clear", "green", "amber",
 * "amber+strict", "red"; NULL is "clear"), and when it differs from the
 * stored one record now as source.tlp_changed.  Nothing happens when the
 * feed has no source row yet.  Inside an open transaction it writes
 * there, else in a transaction of its own.
 */
int	nw_store_source_set_tlp(struct nw_store *, const char *feed,
	    const char *tlp, struct nw_error *err) NW_WUR;

/*
 * A writer of STIX objects and provenance, with its statements prepared
 * once; free it before the store is closed.  Its calls need an open feed
 * transaction.
 */
struct nw_stix_writer;
struct nw_stix_writer *nw_store_stix_writer(struct nw_store *,
		    struct nw_error *err);
void	nw_store_stix_writer_free(struct nw_stix_writer *);

/*
 * Append one version of a STIX object received from source_id (the log
 * is append-only; date_added is the feed's time).  A version already
 * there (same id and modified) is left as it is: *added (may be NULL)
 * says 1 when the version is new.
 */
int	nw_store_put_stix_object(struct nw_stix_writer *, int64_t source_id,
	    const struct nw_stix_object *o, int *added,
	    struct nw_error *err) NW_WUR;

/*
 * Record where report came from (origin, with the claimers of the claims
 * in ex), replacing what was recorded.  *changed (may be NULL) is 1 when
 * it differs from the record before.
 */
int	nw_store_put_origin(struct nw_stix_writer *, int64_t report,
	    const struct nw_origin *origin, const struct nw_extract *ex,
	    int *changed, struct nw_error *err) NW_WUR;

/*
 * One consistent view for a reader that runs many queries (an export):
 * a read transaction until nw_store_snapshot_end, so feeds that commit
 * meanwhile are not half seen.
 */
int	nw_store_snapshot_begin(struct nw_store *, struct nw_error *err) NW_WUR;
void	nw_store_snapshot_end(struct nw_store *);

/* How many object versions the log holds: normwatch's own and others. */
int	nw_store_stix_counts(struct nw_store *, long long *own,
	    long long *kept, struct nw_error *err) NW_WUR;

/* One version of a logged object (its json is read with nw_store_stix_json). */
struct nw_stix_version {
	int64_t		 seq;		/* its place in the log */
	const char	*id;
	const char	*type;
	const char	*created;	/* or NULL */
	const char	*modified;	/* "" when the object has none */
	const char	*hash;		/* nw_stix_object.hash of normwatch's
					   own objects, NULL for others' */
	const char	*date_added;
	int		 warnings;	/* SHOULD rules it breaks */
	const char *const *refs;	/* identifiers it refers to */
	size_t		 nrefs;
};

/*
 * Every logged version of own (1) or other (0) objects, by id and then
 * in log order; strings valid during the call.  Returns as
 * nw_store_each_report.
 */
int	nw_store_each_stix_version(struct nw_store *, int own,
	    int (*fn)(const struct nw_stix_version *, void *), void *arg,
	    struct nw_error *err);

/* Append the canonical JSON of log entry seq to out; -1 when missing. */
int	nw_store_stix_json(struct nw_store *, int64_t seq, struct nw_buf *out,
	    struct nw_error *err) NW_WUR;

/*
 * The newest logged version of normwatch's own object id (an export of
 * it that came back): *found 0 when there is none.  created and modified
 * get the object's timestamps, hash its nw_stix_object.hash.  A reader
 * keeps its statement prepared; free it before the store is closed.
 */
struct nw_stix_reader;
struct nw_stix_reader *nw_store_stix_reader(struct nw_store *,
		    struct nw_error *err);
void	nw_store_stix_reader_free(struct nw_stix_reader *);
int	nw_store_stix_own(struct nw_stix_reader *, const char *id,
	    int *found, char created[32], char modified[32], char hash[65],
	    struct nw_error *err) NW_WUR;

/* A report of an incident as the exporter reads it. */
struct nw_export_report {
	struct nw_report_row	 row;		/* as nw_store_each_report */
	const char		*source_url;	/* the feed's URL */
	const char		*document;	/* SHA-256 of its document, or NULL */
	const char		*tlp;		/* the source's TLP level */
	const char		*tlp_changed;	/* when it last changed, or NULL */
	int			 has_origin;	/* origin is filled */
	struct nw_origin	 origin;
};

/* An incident with everything the exporter needs; valid during the call. */
struct nw_export_incident {
	int64_t			 id;
	const char		*key;
	const char		*created;
	const char		*changed;
	const char		*rules_version;	/* or NULL when never mapped */
	struct nw_export_report	*reports;	/* in id order */
	size_t			 nreports;
	struct nw_finding_rec	*findings;	/* in stored order; evidence
						   report_id is the store's */
	size_t			 nfindings;
	struct nw_observance_rec *observance;	/* by role, then state */
	size_t			 nobservance;
};

/*
 * Every incident in id order with its reports (claims, actors, victims,
 * sectors, origin and claimers), findings with evidence, and observance,
 * read by a few ordered scans merged by incident (no query per incident).
 * Stops when fn returns non-zero and returns that value; -1 with *err.
 */
int	nw_store_each_export_incident(struct nw_store *,
	    int (*fn)(const struct nw_export_incident *, void *), void *arg,
	    struct nw_error *err);

/* --- incidents that merging creates and deletes (schema 5) ---------------- */

/*
 * A new incident with a stable key and no report yet (in a transaction);
 * reports join it with nw_store_incident_link.
 */
int	nw_store_incident_add(struct nw_store *, const char *key,
	    int64_t *incident, struct nw_error *err) NW_WUR;
/*
 * Delete an incident that has no report left, with its findings,
 * evidence and observance (in a transaction).  An incident that still
 * has reports is refused (NW_E_INTERNAL).
 */
int	nw_store_incident_delete(struct nw_store *, int64_t incident,
	    struct nw_error *err) NW_WUR;
/* The time stamp of the open transaction, or NULL when none is open. */
const char *nw_store_now(struct nw_store *);

#endif
