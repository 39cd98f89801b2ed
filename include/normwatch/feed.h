/*
 * feed.h - feed definitions: one file per feed, format in normwatch.feed(5).
 *
 *	# comment
 *	name      = csis
 *	kind      = csis
 *	url       = https://example.org/list.pdf
 *	publisher = Center for Strategic and International Studies
 *	enabled   = yes
 *	max-size  = 32M
 *	tlp       = green
 *
 * Keys not known to feed.c are passed to the parser of the feed's kind,
 * which declares the keys it accepts (struct nw_parser.options).  A
 * relative "file:" URL is resolved against the definition's directory.
 */
#ifndef NORMWATCH_FEED_H
#define NORMWATCH_FEED_H

#include <stddef.h>

#include "normwatch/error.h"
#include "normwatch/limits.h"

/* A parser-specific key = value line. */
struct nw_feed_opt {
	char	*key;		/* as written, lower case */
	char	*value;		/* trimmed */
	long	 line;		/* line in the definition file */
};

struct nw_feed {
	char			*name;		/* unique; [a-z0-9][a-z0-9._-]* */
	char			*kind;		/* parser: "csis", ... */
	char			*url;		/* absolute http, https or file URL */
	char			*publisher;	/* who publishes the source */
	char			*converter;	/* command turning the body into
						   text (argv, no shell), or NULL */
	char			*tlp;		/* TLP 2.0 level of what the feed
						   gives ("clear", "green",
						   "amber", "amber+strict",
						   "red"), NULL: clear */
	int			 enabled;	/* 0 or 1 */
	struct nw_limits	 limits;	/* defaults plus overrides */
	struct nw_feed_opt	*opts;		/* parser keys, in file order */
	size_t			 nopts;
	char			*path;		/* definition file, NULL if none */
};

/*
 * Parse one definition held in memory; path names it in errors and
 * anchors relative file: URLs.  Every error is passed to onerr (which may
 * be NULL) with file:line; returns the feed, or NULL when there was any
 * error, with the first one in *err.  Free with nw_feed_free.
 */
struct nw_feed	*nw_feed_parse(const char *path, const char *text, size_t len,
		    nw_error_fn onerr, void *arg, struct nw_error *err);

/* Read and parse a definition file (at most NW_MAX_CONF_FILE bytes). */
struct nw_feed	*nw_feed_load(const char *path, nw_error_fn onerr, void *arg,
		    struct nw_error *err);

/*
 * A one-off feed without a definition file (ingest --kind --url).  name
 * may be NULL: it is then derived from the URL's host and path.
 */
struct nw_feed	*nw_feed_oneoff(const char *kind, const char *url,
		    const char *name, struct nw_error *err);

/* Value of a parser key, or NULL.  *line is set when line is not NULL. */
const char	*nw_feed_opt(const struct nw_feed *, const char *key,
		    long *line);

void		 nw_feed_free(struct nw_feed *);	/* NULL is fine */

/* All the definitions of a directory, sorted by name. */
struct nw_feedset {
	struct nw_feed	**feeds;
	size_t		  n;
};

/*
 * Load every "*.feed" file in dir.  Good definitions land in set; every
 * error in every file goes to onerr, and duplicate names are errors too.
 * Returns the number of errors (0 when all is well), or -1 with *err set
 * when the directory itself cannot be read.
 */
int		 nw_feedset_load(const char *dir, struct nw_feedset *set,
		    nw_error_fn onerr, void *arg, struct nw_error *err);
const struct nw_feed *nw_feedset_find(const struct nw_feedset *,
		    const char *name);
void		 nw_feedset_free(struct nw_feedset *);

#endif
