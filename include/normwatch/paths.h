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

#endif
