/*
 * taxii_server.h - `normwatch serve`: a TAXII 2.1 server over the store
 * (src/serve/).  Section numbers are those of "TAXII Version 2.1" (OASIS
 * Standard, 10 June 2021).
 *
 * The server's collections are tables of its own (schema 6, docs/
 * schema.md): taxii_object holds one row per version of an object in a
 * collection, with its canonical JSON, its date_added (microseconds,
 * strictly rising per collection) and flags for its first and latest
 * version.  The publish step (nw_taxiis_publish) materialises what
 * `normwatch export` writes into them; the server itself only reads
 * them, with one read-only SQLite connection per worker thread, and
 * writes only the writable collection (inbox) and its status resources.
 *
 * Collections (5.2):
 *   incidents   everything the export holds (read-only)
 *   indicators  indicators, and the relationships that have an indicator
 *               at one end (read-only)
 *   inbox       where clients POST objects (validated as STIX 2.1, kept
 *               as canonical JSON); never part of the export
 *
 * Endpoints: /taxii2/ (4.1), /normwatch/ (4.2), /normwatch/status/ID/
 * (4.3), /normwatch/collections/ (5.1), .../collections/ID/ (5.2),
 * .../objects/ GET and POST (5.3, 5.4), .../manifest/ (5.3),
 * .../objects/OBJECT-ID/ GET and DELETE (5.5, 5.6), .../versions/ (5.7).
 * A collection is named in URLs by its id or its alias.
 */
#ifndef NORMWATCH_TAXII_SERVER_H
#define NORMWATCH_TAXII_SERVER_H

#include <stddef.h>
#include <stdint.h>

#include "normwatch/compat.h"
#include "normwatch/error.h"
#include "normwatch/refdata.h"
#include "normwatch/store.h"
#include "normwatch/users.h"

#define NW_TAXIIS_MEDIA_TYPE	"application/taxii+json;version=2.1"
#define NW_TAXIIS_STIX_TYPE	"application/stix+json;version=2.1"
#define NW_TAXIIS_DEF_LISTEN	"127.0.0.1:8573"
#define NW_TAXIIS_API_ROOT	"normwatch"	/* the API root's path */

/* Named caps of the server (each crossed by a test). */
#define NW_TAXIIS_MAX_CONTENT	(10u << 20)	/* max_content_length: POST body */
#define NW_TAXIIS_MAX_BUFFERED	(64u << 20)	/* bytes of all POST bodies
						   being read at once (503) */
#define NW_TAXIIS_DEF_LIMIT	100		/* objects per page by default */
#define NW_TAXIIS_MAX_LIMIT	1000		/* objects per page at most */
#define NW_TAXIIS_MAX_MATCH	32		/* values of one match[] filter */
#define NW_TAXIIS_MAX_NEXT	64		/* bytes of a next token */
#define NW_TAXIIS_MAX_URL	2048		/* bytes of a request's path */
#define NW_TAXIIS_MAX_HEADERS	(16u << 10)	/* bytes of request headers
						   (MHD connection memory) */
#define NW_TAXIIS_MAX_CONNECTIONS 512		/* connections at once */
#define NW_TAXIIS_MAX_PER_IP	128		/* of them from one address */
#define NW_TAXIIS_DEF_TIMEOUT	10		/* seconds a connection may idle,
						   and a request may take */
#define NW_TAXIIS_DEF_THREADS	2		/* worker threads */
#define NW_TAXIIS_MAX_THREADS	64
#define NW_TAXIIS_MAX_POST_OBJECTS 10000	/* objects in one POST */
#define NW_TAXIIS_MAX_PAGE	(64u << 20)	/* bytes of one response */

/* A collection of the server. */
struct nw_taxiis_coll {
	const char	*id;		/* UUIDv4, fixed */
	const char	*alias;		/* "incidents", ... */
	const char	*title;
	const char	*description;
	int		 writable;	/* POST and DELETE may change it */
};

/* The collections, in the order the collections resource lists them. */
extern const struct nw_taxiis_coll nw_taxiis_colls[];
extern const size_t nw_taxiis_ncolls;
/* The collection with this id or alias, or NULL. */
const struct nw_taxiis_coll *nw_taxiis_coll_find(const char *id_or_alias);

/*
 * One object to put into a collection: its canonical JSON and the
 * properties the server indexes.  version is modified, else created,
 * else NULL (the object then has one version, its date_added).
 */
struct nw_taxiis_obj {
	const char	*id;
	const char	*type;
	const char	*version;	/* a STIX timestamp, or NULL */
	const char	*spec_version;	/* "2.1" when NULL */
	const char	*json;		/* canonical JSON of the object */
	size_t		 len;
};

/*
 * A writer of collections on an SQLite handle the caller opened for
 * writing; its calls need an open write transaction on that handle.
 * nw_taxiis_put_free(NULL) is fine.
 */
struct sqlite3;
struct nw_taxiis_put;
struct nw_taxiis_put *nw_taxiis_put_new(struct sqlite3 *, struct nw_error *err);
void	nw_taxiis_put_free(struct nw_taxiis_put *);
/*
 * Add one version of an object to collection coll (an alias), with a
 * date_added after every other of that collection.  A version already
 * there (same id and version) is left alone: *added (may be NULL) is 1
 * when the row is new.  Keeps the first and latest flags.  0 or -1.
 */
int	nw_taxiis_put(struct nw_taxiis_put *, const char *coll,
	    const struct nw_taxiis_obj *o, int *added, struct nw_error *err)
	    NW_WUR;
/* The seq of the last row nw_taxiis_put added. */
int64_t	nw_taxiis_put_last(const struct nw_taxiis_put *);
/*
 * Delete versions of object id from coll: every version when version is
 * NULL, else the one with that version.  *deleted counts rows.  0 or -1.
 */
int	nw_taxiis_delete(struct nw_taxiis_put *, const char *coll,
	    const char *id, const char *version, long *deleted,
	    struct nw_error *err) NW_WUR;

struct nw_taxiis_publish_stats {
	long long	objects;	/* objects in the export */
	long long	added;		/* versions new to incidents */
	long long	indicators;	/* of which new to indicators */
	int		skipped;	/* 1: the store had not changed */
};

/*
 * The publish step: export the store (nw_export_stix, through a temporary
 * file, so memory stays flat) and add every object version not yet in
 * incidents, and the indicators and their relationships to indicators,
 * in one transaction.  Skipped (stats->skipped) when the store's content
 * has not changed since the last publish, unless force.  Returns 0 or -1.
 */
int	nw_taxiis_publish(struct nw_store *, const struct nw_refdata *ref,
	    int force, struct nw_taxiis_publish_stats *stats,
	    struct nw_error *err) NW_WUR;

/* Normalise a STIX timestamp to "YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ" (nine
 * fractional digits), whose byte order is time order: 0, or -1. */
int	nw_taxiis_vkey(const char *ts, char out[32]);
/* date_added in microseconds as RFC 3339 with six fractional digits. */
void	nw_taxiis_time_str(int64_t us, char out[32]);

struct nw_taxiis_opts {
	const char	*dbpath;	/* the store */
	const char	*listen;	/* "ADDR:PORT", NULL for the default */
	const char	*tls_cert;	/* PEM files, both or neither */
	const char	*tls_key;
	const char	*port_file;	/* write the bound port here, or NULL */
	const char	*public_url;	/* "https://host[:port]" as clients
					   reach the server (a proxy), for
					   the discovery resource's absolute
					   URLs; NULL: relative ones */
	unsigned	 threads;	/* worker threads, 0 for the default */
	unsigned	 timeout;	/* seconds, 0 for the default */
	unsigned	 max_connections; /* 0 for the default */
	unsigned	 max_per_ip;	/* 0 for the default */
	int		 no_anonymous;	/* 1: no access without credentials,
					   whatever the users file grants */
};

struct nw_taxiis;

/*
 * Start serving (libmicrohttpd, a pool of worker threads, each with its
 * own read-only SQLite connection).  users stays the caller's and must
 * outlive the server.  Returns the server or NULL with *err.
 */
struct nw_taxiis *nw_taxiis_start(const struct nw_taxiis_opts *,
		    struct nw_users *users, struct nw_error *err);
/* The port bound (useful with port 0). */
unsigned	 nw_taxiis_port(const struct nw_taxiis *);
/* Stop: finish the requests under way and close; NULL is fine. */
void		 nw_taxiis_stop(struct nw_taxiis *);

#endif
