/*
 * paths.c - default locations: XDG for a user, /etc, /var/lib and
 * /var/cache for a system install, each replaceable by normwatch.conf.
 */
#include "config.h"

#include <sys/stat.h>

#include <stdlib.h>
#include <string.h>

#include "normwatch/paths.h"
#include "normwatch/util.h"

#define SYS_CONFDIR	"/etc/normwatch"
#define SYS_STATEDIR	"/var/lib/normwatch"
#define SYS_CACHEDIR	"/var/cache/normwatch"

static int	 force_system;
static char	*override[NW_PATH_COUNT];

void
nw_paths_set_system(int on)
{
	force_system = on;
}

int
nw_paths_system(void)
{
	const char *v = getenv("NORMWATCH_SYSTEM");

	return force_system || (v != NULL && strcmp(v, "1") == 0);
}

void
nw_paths_set(enum nw_path_kind k, const char *value)
{
	if ((int)k < 0 || k >= NW_PATH_COUNT)
		return;
	free(override[k]);
	override[k] = value != NULL ? xstrdup(value) : NULL;
}

/* The replacement of a default, copied, or NULL. */
static char *
overridden(enum nw_path_kind k)
{
	return override[k] != NULL ? xstrdup(override[k]) : NULL;
}

/* $VAR when systemd set it to one absolute path, else fallback. */
static char *
sysdir(const char *var, const char *fallback)
{
	const char *v = getenv(var);

	if (v != NULL && v[0] == '/' && strchr(v, ':') == NULL)
		return xstrdup(v);
	return xstrdup(fallback);
}

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
	char *dir, *p;

	if ((p = overridden(NW_PATH_STORE)) != NULL)
		return p;
	dir = nw_paths_system() ? sysdir("STATE_DIRECTORY", SYS_STATEDIR) :
	    xdg("XDG_DATA_HOME", ".local/share");

	p = xasprintf("%s/normwatch.db", dir);
	free(dir);
	return p;
}

char *
nw_path_cache(void)
{
	char *p;

	if ((p = overridden(NW_PATH_CACHE)) != NULL)
		return p;
	if (nw_paths_system())
		return sysdir("CACHE_DIRECTORY", SYS_CACHEDIR);
	return xdg("XDG_CACHE_HOME", ".cache");
}

char *
nw_path_output(void)
{
	char *dir, *p;

	if ((p = overridden(NW_PATH_OUTPUT)) != NULL)
		return p;
	dir = nw_paths_system() ? sysdir("STATE_DIRECTORY", SYS_STATEDIR) :
	    xdg("XDG_DATA_HOME", ".local/share");
	p = xasprintf("%s/output", dir);
	free(dir);
	return p;
}

char *
nw_path_config(void)
{
	char *dir, *p;

	if (nw_paths_system())
		return xstrdup(SYS_CONFDIR "/normwatch.conf");
	dir = xdg("XDG_CONFIG_HOME", ".config");
	p = xasprintf("%s/normwatch.conf", dir);
	free(dir);
	return p;
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

/*
 * $XDG_CONFIG_HOME/normwatch/SUB (a system install: /etc/normwatch/SUB)
 * when it is a directory, else fallback.
 */
static char *
config_or(const char *sub, char *fallback)
{
	char *conf, *p;
	struct stat st;

	conf = nw_paths_system() ? xstrdup(SYS_CONFDIR) :
	    xdg("XDG_CONFIG_HOME", ".config");

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
	char *p;

	if ((p = overridden(NW_PATH_FEEDS)) != NULL)
		return p;
	return config_or("feeds", nw_path_datadir());
}

char *
nw_path_norms(void)
{
	char *p;

	if ((p = overridden(NW_PATH_NORMS)) != NULL)
		return p;
	return config_or("norms", nw_path_data("norms"));
}
