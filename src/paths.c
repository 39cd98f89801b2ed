/*
 * paths.c - default locations, XDG for a user.
 */
#include "config.h"

#include <sys/stat.h>

#include <stdlib.h>
#include <string.h>

#include "normwatch/paths.h"
#include "normwatch/util.h"

/* $VAR if set and absolute, else $HOME/fallback, else /tmp/fallback. */
static char *
xdg(const char *var, const char *fallback)
{
	const char *v = getenv(var), *home = getenv("HOME");

	if (v != NULL && v[0] == '/')
		return xasprintf("%s/normwatch", v);
	if (home != NULL && home[0] == '/')
		return xasprintf("%s/%s/normwatch", home, fallback);
	return xasprintf("/tmp/%s/normwatch", fallback);
}

char *
nw_path_store(void)
{
	char *dir = xdg("XDG_DATA_HOME", ".local/share"), *p;

	p = xasprintf("%s/normwatch.db", dir);
	free(dir);
	return p;
}

char *
nw_path_cache(void)
{
	return xdg("XDG_CACHE_HOME", ".cache");
}

char *
nw_path_datadir(void)
{
	const char *v = getenv("NORMWATCH_DATADIR");

	if (v != NULL && *v != '\0')
		return xstrdup(v);
	return xstrdup(NW_PKGDATADIR);
}

char *
nw_path_data(const char *sub)
{
	char *dir = nw_path_datadir(), *p;

	p = xasprintf("%s/%s", dir, sub);
	free(dir);
	return p;
}

/* $XDG_CONFIG_HOME/normwatch/SUB when it is a directory, else fallback. */
static char *
config_or(const char *sub, char *fallback)
{
	char *conf = xdg("XDG_CONFIG_HOME", ".config"), *p;
	struct stat st;

	p = xasprintf("%s/%s", conf, sub);
	free(conf);
	if (stat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
		free(fallback);
		return p;
	}
	free(p);
	return fallback;
}

char *
nw_path_feeds(void)
{
	return config_or("feeds", nw_path_datadir());
}

char *
nw_path_norms(void)
{
	return config_or("norms", nw_path_data("norms"));
}
