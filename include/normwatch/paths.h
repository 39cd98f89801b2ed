/*
 * paths.h - where normwatch keeps things by default.
 *
 *	store	$XDG_DATA_HOME/normwatch/normwatch.db
 *	cache	$XDG_CACHE_HOME/normwatch
 *	data	$NORMWATCH_DATADIR, else the installed $(pkgdatadir)
 *		(reference/, norms/, samples/ and the shipped *.feed files)
 *	feeds	$XDG_CONFIG_HOME/normwatch/feeds when it exists, else DATADIR
 *	norms	$XDG_CONFIG_HOME/normwatch/norms when it exists, else
 *		DATADIR/norms (the rules files of the norms frameworks)
 *
 * XDG variables fall back to ~/.local/share, ~/.cache and ~/.config.
 *
 * A system install (NORMWATCH_SYSTEM=1 in the environment, as the shipped
 * systemd units and cron example set, or nw_paths_set_system) uses
 *
 *	config	/etc/normwatch/normwatch.conf
 *	store	$STATE_DIRECTORY/normwatch.db, else /var/lib/normwatch/normwatch.db
 *	cache	$CACHE_DIRECTORY, else /var/cache/normwatch
 *	output	$STATE_DIRECTORY/output, else /var/lib/normwatch/output
 *	feeds	/etc/normwatch/feeds when it exists, else DATADIR
 *	norms	/etc/normwatch/norms when it exists, else DATADIR/norms
 *
 * ($STATE_DIRECTORY and $CACHE_DIRECTORY are what systemd sets for
 * StateDirectory= and CacheDirectory=.)  A user gets
 * $XDG_CONFIG_HOME/normwatch/normwatch.conf and
 * $XDG_DATA_HOME/normwatch/output.  Values set with nw_paths_set (from
 * normwatch.conf) replace these defaults.
 * Every function returns a string the caller frees.
 */
#ifndef NORMWATCH_PATHS_H
#define NORMWATCH_PATHS_H

char	*nw_path_store(void);
char	*nw_path_cache(void);
char	*nw_path_datadir(void);
char	*nw_path_feeds(void);
char	*nw_path_norms(void);
/* DATADIR/sub, e.g. nw_path_data("reference"). */
char	*nw_path_data(const char *sub);
/* The default configuration file (it need not exist). */
char	*nw_path_config(void);
/* Where `normwatch run` writes its outputs. */
char	*nw_path_output(void);

/* 1: the system layout; 0: the environment decides (NORMWATCH_SYSTEM). */
void	 nw_paths_set_system(int);
int	 nw_paths_system(void);

/* Which default nw_paths_set replaces. */
enum nw_path_kind {
	NW_PATH_STORE,
	NW_PATH_CACHE,
	NW_PATH_FEEDS,
	NW_PATH_NORMS,
	NW_PATH_OUTPUT,
	NW_PATH_COUNT
};
/* Replace a default by value (copied; NULL restores the default). */
void	 nw_paths_set(enum nw_path_kind, const char *value);

#endif
