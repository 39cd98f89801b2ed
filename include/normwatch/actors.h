/*
 * actors.h - canonical actors: who a name in a report stands for.
 *
 * The table is built from MISP galaxy clusters (the `actors` feed kind:
 * clusters of the threat-actor, mitre-intrusion-set and
 * microsoft-activity-group galaxies).  A cluster is one group as one
 * galaxy sees it: a name (value), synonyms, a sponsoring state and agency.
 * Every name keeps its origin: the galaxy and the cluster it came from.
 *
 * Canonical actors.  Clusters of *different* galaxies that name each
 * other in their "related" entries (MISP's cross-galaxy links, types
 * "similar" and "same-as") are one actor; clusters of one galaxy never
 * are, and a link that would put two clusters of one galaxy into one
 * actor is not followed but recorded as a conflict (kind "link").  Names
 * never join anything: a name (value or synonym, normalised) claimed by
 * two actors is a conflict (kind "name"), kept with both origins, and
 * resolves to neither actor.
 *
 * An actor's id is the UUID of its representative cluster (the first by
 * origin rank, threat-actor before mitre-intrusion-set before
 * microsoft-activity-group, then by UUID); its name, that cluster's
 * value; its state and agency, those of the first cluster in the same
 * order that has one.  So ids, names, aliases and conflicts depend on the
 * set of clusters only, never on the order of files or of clusters in
 * them.
 *
 * Lookup ignores case, blanks and punctuation: a name is normalised to
 * its ASCII letters (lower-cased) and digits, plus any other UTF-8
 * letters as written ("APT 28" = "apt-28" = "APT28").
 *
 * An actor's sponsoring state is context, never a claim: extraction and
 * the codebook code only what a report says (see consensus.h).
 */
#ifndef NORMWATCH_ACTORS_H
#define NORMWATCH_ACTORS_H

#include <stddef.h>
#include <stdint.h>

#include "normwatch/error.h"
#include "normwatch/feed.h"
#include "normwatch/limits.h"
#include "normwatch/parse.h"
#include "normwatch/util.h"

/* Bytes of a normalised name (with its NUL): names of reports fit. */
#define NW_ACTOR_NORM_MAX	NW_MAX_ACTOR_NAME
/* Bytes of a cluster UUID, the id of an actor, with its NUL. */
#define NW_ACTOR_ID_MAX		40

/*
 * The galaxies whose clusters are actors, in rank order; NULL-terminated.
 * nw_actor_origin_rank gives a name's index, or -1.
 */
extern const char *const nw_actor_origins[];
int	nw_actor_origin_rank(const char *origin);

/*
 * Normalise name into out (NW_ACTOR_NORM_MAX bytes, NUL-terminated):
 * ASCII letters lower-cased, digits, and UTF-8 sequences of other
 * letters kept; everything else (blanks, punctuation, the dashes, quotes
 * and spaces of U+2000-U+206F and U+00A0) dropped.  Returns the length;
 * 0 when nothing is left (such a name matches nothing).  A name whose
 * normal form does not fit is cut at a character boundary.
 */
size_t	nw_actor_norm(const char *name, char out[NW_ACTOR_NORM_MAX]);

/* One cluster of a galaxy, as the `actors` kind reads it (strings of the
 * parse's arena). */
struct nw_cluster {
	const char	*uuid;		/* lower-case UUID */
	const char	*origin;	/* the galaxy type: an nw_actor_origins
					   name */
	const char	*value;		/* its name; MITRE's " - G0007" cut */
	const char *const *synonyms;	/* other names (meta.synonyms, and
					   MITRE's external_id) */
	size_t		 nsynonyms;
	char		 state[3];	/* sponsoring state (meta.country, else
					   cfr-suspected-state-sponsor), ISO
					   alpha-2, or "" */
	const char	*agency;	/* sponsoring agency (meta.agency, or a
					   meta key that is an agency's
					   acronym such as "GRU"), or NULL */
	const char *const *related;	/* UUIDs of "similar"/"same-as" links */
	size_t		 nrelated;
};

/* struct nw_cluster is declared in parse.h for the parser registry. */

/*
 * Parse a MISP galaxy cluster file (JSON, with the strict streaming
 * reader: depth, string and size capped).  Each cluster goes to fn in
 * file order; the file's "type" must be one of nw_actor_origins.  A
 * cluster without value or uuid, or with a name longer than
 * NW_MAX_ACTOR_NAME - 1 bytes, is skipped with a warning (its names, not
 * the file, are unusable); a file of more than NW_MAX_ACTOR_CLUSTERS
 * clusters fails.  Returns the number of clusters given to fn, or -1
 * with *err naming the feed, file and JSON path.  ref resolves state
 * names ("Iran (Islamic Republic of)"); it may be NULL (then only ISO
 * codes are read).
 */
long	nw_galaxy_parse(const struct nw_feed *feed, const struct nw_doc *doc,
	    struct nw_arena *arena, nw_cluster_fn fn, void *arg,
	    struct nw_error *err);

/* The `actors` feed kind (src/parse/galaxy.c). */
extern const struct nw_parser nw_parser_actors;

/* --- the table ---------------------------------------------------------- */

struct nw_canon {
	const char	*id;		/* representative cluster's UUID */
	const char	*name;		/* canonical name */
	char		 state[3];	/* sponsoring state, or "" */
	const char	*agency;	/* or NULL */
	const char	*origin;	/* the representative's galaxy */
};

/* One name of an actor, with where it came from. */
struct nw_alias {
	const char	*name;		/* as written */
	const char	*norm;		/* normalised */
	const char	*origin;	/* galaxy */
	const char	*cluster;	/* cluster UUID */
	size_t		 actor;		/* index of its actor */
	int		 conflict;	/* 1: another actor claims it too */
};

/*
 * A conflict: one name (kind "name") claimed by two actors, or a link
 * (kind "link") between clusters that would join two clusters of one
 * galaxy.  a and b are in byte order of their cluster UUIDs.
 */
struct nw_actor_conflict {
	const char	*kind;		/* "name" or "link" */
	const char	*norm;		/* normalised name ("" for links) */
	const char	*name_a;	/* the name as cluster a writes it */
	const char	*cluster_a;
	const char	*origin_a;
	const char	*actor_a;	/* canonical id of cluster a */
	const char	*name_b;
	const char	*cluster_b;
	const char	*origin_b;
	const char	*actor_b;
};

struct nw_actors;

/*
 * Build the table from clusters (n of them, in any order; a UUID given
 * twice counts once, the first by origin rank and then value).  Returns
 * the table (free with nw_actors_free; NULL is fine) or NULL with *err.
 */
struct nw_actors *nw_actors_build(const struct nw_cluster *const *clusters,
		    size_t n, struct nw_error *err);
void		 nw_actors_free(struct nw_actors *);

/* Actors in id order. */
size_t		 nw_actors_count(const struct nw_actors *);
const struct nw_canon *nw_actors_at(const struct nw_actors *, size_t i);
/* The index of actor id, or (size_t)-1. */
size_t		 nw_actors_find(const struct nw_actors *, const char *id);

/*
 * The actor a name stands for, ignoring case, blanks and punctuation;
 * NULL when no actor has it or when it is in conflict (then *conflict,
 * which may be NULL, is 1).  *index (may be NULL) gets the actor's index.
 */
const struct nw_canon *nw_actors_lookup(const struct nw_actors *,
		    const char *name, size_t *index, int *conflict);

/* Every alias, by normalised name, then actor, origin, cluster, name. */
const struct nw_alias *nw_actors_aliases(const struct nw_actors *, size_t *n);
/* Conflicts by kind, normalised name, clusters. */
const struct nw_actor_conflict *nw_actors_conflicts(const struct nw_actors *,
		    size_t *n);
/* SHA-256 (hex) of the whole table: equal tables, equal versions. */
const char	*nw_actors_version(const struct nw_actors *);

/* --- the store (schema 5) ------------------------------------------------ */

struct nw_store;

/*
 * Replace the clusters that the actors feed source_id gave with these
 * (in an open feed transaction).
 */
int	nw_actors_put_clusters(struct nw_store *, int64_t source_id,
	    const struct nw_cluster *const *clusters, size_t n,
	    struct nw_error *err) NW_WUR;

/*
 * Build the table from every stored cluster and write it (actor,
 * actor_alias, actor_conflict, and the store meta key "actors_version"),
 * in an open transaction.  *changed (may be NULL) is 1 when the version
 * differs from the one stored.  Returns the table (the caller frees it)
 * or NULL with *err.
 */
struct nw_actors *nw_actors_rebuild(struct nw_store *, int *changed,
		    struct nw_error *err);

/*
 * The stored table (an empty one when no actors feed was ever loaded).
 * Returns NULL with *err on a store error.
 */
struct nw_actors *nw_actors_load(struct nw_store *, struct nw_error *err);

#define NW_META_ACTORS_VERSION	"actors_version"	/* store meta key */

#endif
