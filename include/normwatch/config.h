/*
 * config.h - normwatch.conf(5): where things are, how to log, the TAXII
 * server's settings.  The same "key = value" lines and "#" comments as a
 * feed definition:
 *
 *	store       = /var/lib/normwatch/normwatch.db
 *	feeds       = /etc/normwatch/feeds
 *	output      = /var/lib/normwatch/output
 *	log-level   = warning
 *	taxii-listen = 127.0.0.1:8573
 *	taxii-users  = /etc/normwatch/users
 *
 * Precedence: a command-line flag, then the file, then the default of
 * paths.h.  A key left out of the file is NULL (strings) or -1 (numbers
 * and booleans) in struct nw_config, so callers can tell "not set" from
 * any value.  Relative paths are resolved against the directory of the
 * file, so every path in a struct nw_config is absolute.
 *
 * Ownership: nw_config_parse and nw_config_load return a struct the
 * caller frees with nw_config_free (NULL is fine); every string in it
 * belongs to it.
 */
#ifndef NORMWATCH_CONFIG_H
#define NORMWATCH_CONFIG_H

#include <stddef.h>

#include "normwatch/compat.h"
#include "normwatch/error.h"
#include "normwatch/log.h"		/* enum nw_logformat */

/* Bytes of a path value once resolved (PATH_MAX on Linux). */
#define NW_CONFIG_MAX_PATH	4096
/* Bytes of a taxii-listen value ("[v6 address]:port" at most). */
#define NW_CONFIG_MAX_LISTEN	128

/* The TAXII server's settings (read by `normwatch serve`). */
struct nw_config_taxii {
	char	*listen;	/* taxii-listen: "HOST:PORT", or NULL */
	char	*users;		/* taxii-users: users file, or NULL */
	char	*tls_cert;	/* taxii-tls-cert: PEM certificate, or NULL */
	char	*tls_key;	/* taxii-tls-key: PEM key, or NULL; given
				   together with tls_cert or not at all */
	int	 anonymous_read;/* taxii-anonymous-read: 0, 1, -1 unset */
};

struct nw_config {
	char			*path;		/* the file read, or NULL */
	char			*store;		/* store: the SQLite file */
	char			*feeds;		/* feeds: *.feed directory */
	char			*rules;		/* rules: *.rules directory */
	char			*cache;		/* cache: fetched bodies */
	char			*output;	/* output: what `run` writes */
	int			 log_level;	/* log-level: enum nw_loglevel,
						   -1 unset */
	int			 log_format;	/* log-format: enum nw_logformat,
						   -1 unset */
	int			 syslog;	/* syslog: 0, 1, -1 unset */
	struct nw_config_taxii	 taxii;
	long			 line[16];	/* line of each key set, by
						   nw_config_key index; 0 unset */
};

/*
 * Parse a configuration held in memory; path names it in errors and
 * anchors relative paths (NULL: the current directory).  Every error is
 * passed to onerr (which may be NULL) with file:line:col; returns the
 * configuration, or NULL when there was any error, with the first one in
 * *err (code NW_E_CONFIG).
 */
struct nw_config *nw_config_parse(const char *path, const char *text,
	    size_t len, nw_error_fn onerr, void *arg, struct nw_error *err);

/*
 * Read and parse a file of at most NW_MAX_CONF_FILE bytes.  A file that
 * cannot be read is an error (code NW_E_IO) passed to onerr too.
 */
struct nw_config *nw_config_load(const char *path, nw_error_fn onerr,
	    void *arg, struct nw_error *err);

/*
 * An empty configuration: every key unset (what a missing default file
 * gives).  Never NULL.
 */
struct nw_config *nw_config_empty(void);

/*
 * What `config check` adds to parsing: the directories and files named
 * must exist (feeds, rules: directories; taxii-users, taxii-tls-cert,
 * taxii-tls-key: readable files; store, cache, output: their parent or
 * themselves must be a directory).  Every problem goes to onerr with the
 * key's line.  Returns the number of problems (0: all well).
 */
int	nw_config_check(const struct nw_config *, nw_error_fn onerr,
	    void *arg);

/*
 * The keys, in documentation order, NULL-terminated (for the man page
 * test and `config check`).  Index i of this list is line[i].
 */
extern const char *const nw_config_keys[];

/* Index of a key in nw_config_keys, or -1. */
int	nw_config_key(const char *key);

/* "error", "warning", "info", "debug" to enum nw_loglevel; -1 if none. */
int	nw_config_loglevel(const char *);
/* "text", "json" to enum nw_logformat; -1 if none. */
int	nw_config_logformat(const char *);

/*
 * Check a "HOST:PORT" listen address: HOST an IPv4 address, a host name,
 * or an IPv6 address in brackets; PORT 1-65535.  Returns 0, or -1 with
 * *why set to a static reason.  *port gets the port when not NULL.
 */
int	nw_config_listen_check(const char *, long *port, const char **why);

void	nw_config_free(struct nw_config *);	/* NULL is fine */

#endif
