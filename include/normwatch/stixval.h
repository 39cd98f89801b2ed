/*
 * stixval.h - check STIX 2.1 content against the specification.
 *
 * MUST rules give errors, SHOULD rules warnings; with NW_STIXVAL_STRICT
 * every warning counts as an error (the OASIS validator's --strict) and
 * every reference (*_ref, *_refs, marking_ref, the extension-definition
 * ids used as extension keys) must resolve to an object in the same
 * bundle, except the standard TLP marking definitions.  The list of rules
 * covered, with their sections, heads stixval.c.
 *
 * The input is read as a stream (json.h): a bundle of a million objects
 * is checked one object at a time, keeping only the ids seen and the
 * references still to resolve.  A JSON object that is not a bundle is
 * checked as one STIX object.
 *
 * Verdicts: NW_STIXVAL_VALID (no errors; warnings allowed unless strict),
 * NW_STIXVAL_INVALID, NW_STIXVAL_UNREADABLE (no such file, not JSON,
 * truncated, over a limit); they double as the exit status of
 * "normwatch validate".
 */
#ifndef NORMWATCH_STIXVAL_H
#define NORMWATCH_STIXVAL_H

#include <stddef.h>

#include "normwatch/compat.h"
#include "normwatch/error.h"
#include "normwatch/json.h"

/*
 * A JSON value as a tree, the validator's working form: a parser that
 * builds it (the stix feed kind) hands it to nw_stixval_tree instead of
 * text to read again.  Strings are decoded UTF-8 with their length;
 * numbers keep their text.
 */
enum nw_jt {
	NW_JT_OBJ, NW_JT_ARR, NW_JT_STR, NW_JT_NUM, NW_JT_TRUE, NW_JT_FALSE,
	NW_JT_NULL
};
struct nw_jv;
struct nw_jm {
	const char	*k;	/* the member's key */
	size_t		 klen;
	struct nw_jv	*v;
};
struct nw_jv {
	enum nw_jt	 t;
	size_t		 n;	/* members, items, or bytes of s */
	const char	*s;	/* string or number text */
	struct nw_jm	*m;	/* members (NW_JT_OBJ) */
	struct nw_jv	**a;	/* items (NW_JT_ARR) */
};

#define NW_STIXVAL_VALID	0
#define NW_STIXVAL_INVALID	1
#define NW_STIXVAL_UNREADABLE	2

#define NW_STIXVAL_STRICT	0x01	/* SHOULD as MUST, references resolve */

enum nw_stixval_severity {
	NW_STIXVAL_ERROR = 0,
	NW_STIXVAL_WARNING
};

/* One finding.  All text is escaped and cut short; one line each. */
struct nw_stixval_msg {
	enum nw_stixval_severity severity; /* as counted (strict: errors) */
	int		 should;	/* 1 when the rule is a SHOULD */
	char		 object_id[160]; /* the object's id, or "" */
	char		 path[256];	/* JSON path, "$.objects[3].created" */
	char		 text[512];	/* the finding, e.g. not an RFC 3339 ... */
	const char	*section;	/* STIX 2.1 section, "2.16", or "" */
};

/* Called for every message, in document order. */
typedef void (*nw_stixval_fn)(const struct nw_stixval_msg *, void *arg);

struct nw_stixval_cache;

struct nw_stixval_opts {
	unsigned	 flags;		/* NW_STIXVAL_* */
	nw_stixval_fn	 fn;		/* may be NULL */
	void		*arg;
	const struct nw_json_limits *limits;	/* NULL: the defaults */
	struct nw_stixval_cache *cache;	/* buffers reused from run to run
					   (many small documents), or NULL */
	int		 keep_none;	/* res->msgs stays empty (fn still
					   sees every message) */
};

/*
 * Buffers a caller that validates many small documents (the stix feed
 * kind, one object at a time) keeps between runs, so that a run costs no
 * allocation.  Free with nw_stixval_cache_free (NULL is safe).
 */
struct nw_stixval_cache *nw_stixval_cache_new(void);
void	nw_stixval_cache_free(struct nw_stixval_cache *);

struct nw_stixval_result {
	int		 status;	/* NW_STIXVAL_VALID, ... */
	size_t		 objects;	/* STIX objects checked */
	size_t		 errors;	/* counted after strict promotion */
	size_t		 warnings;
	/* The first NW_STIX_MAX_KEPT messages (all are counted). */
	struct nw_stixval_msg *msgs;
	size_t		 nmsgs;
	/* Why the input was unreadable (status NW_STIXVAL_UNREADABLE). */
	struct nw_error	 err;
};

/*
 * Check a buffer, a file (opened and read in chunks) or a reader.  name
 * (may be NULL) is used in errors.  opts may be NULL for the defaults.
 * Fill *res (free with nw_stixval_result_free) and return res->status.
 */
int	nw_stixval_buf(const void *buf, size_t len, const char *name,
	    const struct nw_stixval_opts *opts, struct nw_stixval_result *res);
int	nw_stixval_file(const char *path, const struct nw_stixval_opts *opts,
	    struct nw_stixval_result *res);
int	nw_stixval_run(struct nw_json *j, const struct nw_stixval_opts *opts,
	    struct nw_stixval_result *res);

/*
 * Check one STIX object already built as a tree (its paths begin at "$";
 * not a bundle).  As nw_stixval_buf otherwise; opts->limits is unused.
 */
int	nw_stixval_tree(const struct nw_jv *obj, const char *name,
	    const struct nw_stixval_opts *opts, struct nw_stixval_result *res);

void	nw_stixval_result_free(struct nw_stixval_result *);

/*
 * Format a message as one line: "$.path (object-id): error: text [2.16]".
 * Returns buf.
 */
const char *nw_stixval_msg_str(const struct nw_stixval_msg *, char *buf,
	    size_t sz);

#endif
