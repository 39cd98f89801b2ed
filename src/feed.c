/*
 * feed.c - feed definitions: "key = value" files, one per feed.
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normwatch/convert.h"
#include "normwatch/feed.h"
#include "normwatch/kvfile.h"
#include "normwatch/log.h"
#include "normwatch/parse.h"
#include "normwatch/text.h"
#include "normwatch/util.h"

#define MAX_NAME	63	/* bytes of a feed name */

/* Parsing state of one definition file. */
struct fparse {
	const char	*path;
	nw_error_fn	 onerr;
	void		*arg;
	struct nw_error	*err;		/* the first error lands here */
	int		 nerr;
	long		 line;		/* of the key being read */
	long		 name_line, kind_line, url_line;
	struct nw_feed	*f;		/* being read */
	char		*base;		/* its directory, for file: URLs */
};

static void NW_PRINTF(4, 5)
ferr(struct fparse *fp, long line, long col, const char *fmt, ...)
{
	struct nw_error e;
	va_list ap;
	char msg[512];

	nw_error_clear(&e);
	nw_error_where(&e, NULL, fp->path);
	nw_error_at_line(&e, line, col);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	nw_error_set(&e, NW_E_CONFIG, "%s", msg);
	if (fp->onerr != NULL)
		fp->onerr(&e, fp->arg);
	if (fp->nerr == 0 && fp->err != NULL)
		*fp->err = e;
	fp->nerr++;
}

/* Errors from a parser's check function, counted like our own. */
static void
check_err(const struct nw_error *e, void *arg)
{
	struct fparse *fp = arg;

	if (fp->onerr != NULL)
		fp->onerr(e, fp->arg);
	if (fp->nerr == 0 && fp->err != NULL)
		*fp->err = *e;
	fp->nerr++;
}

static int
valid_name(const char *s)
{
	size_t i, n = strlen(s);

	if (n == 0 || n > MAX_NAME)
		return 0;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			continue;
		if (i > 0 && (c == '.' || c == '_' || c == '-'))
			continue;
		return 0;
	}
	return 1;
}

static int
has_prefix(const char *s, const char *prefix)
{
	return nw_strncaseeq(s, prefix, strlen(prefix));
}

/*
 * Check a URL and return it in the form libcurl takes (caller frees):
 * http://, https://, file:///abs/path; "file:rel/path" is resolved
 * against base (a directory).  NULL with *why set on error.
 */
static char *
resolve_url(const char *url, const char *base, const char **why)
{
	const char *p;
	char *joined, *real;

	if (strlen(url) > NW_MAX_URL_LEN) {
		*why = "URL too long";
		return NULL;
	}
	for (p = url; *p != '\0'; p++) {
		if ((unsigned char)*p <= ' ' || *p == 0x7f) {
			*why = "URL contains a space or control character";
			return NULL;
		}
	}
	if (has_prefix(url, "http://") || has_prefix(url, "https://")) {
		p = strchr(url, ':') + 3;
		if (*p == '\0' || *p == '/') {
			*why = "URL has no host";
			return NULL;
		}
		return xstrdup(url);
	}
	if (!has_prefix(url, "file:")) {
		*why = "URL scheme must be http, https or file";
		return NULL;
	}
	p = url + 5;
	if (p[0] == '/' && p[1] == '/') {
		p += 2;
		if (*p != '/') {	/* file://host/... */
			*why = "file URL must be file:///absolute/path or file:relative/path";
			return NULL;
		}
		return xasprintf("file://%s", p);
	}
	if (*p == '/')
		return xasprintf("file://%s", p);
	if (*p == '\0') {
		*why = "file URL has no path";
		return NULL;
	}
	/* relative to the definition's directory */
	if (base == NULL)
		base = ".";
	joined = xasprintf("%s/%s", base, p);
	real = realpath(joined, NULL);
	if (real == NULL) {
		/* keep the joined path; the fetch will report it missing */
		char *dir = realpath(base, NULL), *u;

		u = xasprintf("file://%s/%s", dir != NULL ? dir : base, p);
		free(dir);
		free(joined);
		return u;
	}
	free(joined);
	joined = xasprintf("file://%s", real);
	free(real);
	return joined;
}

/* The directory part of path (caller frees). */
static char *
dir_of(const char *path)
{
	const char *slash;

	if (path == NULL || (slash = strrchr(path, '/')) == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

/* Numeric limit keys: name, where it goes, bounds, and whether a size. */
static const struct limit_key {
	const char	*key;
	size_t		 off;
	int		 is_size;	/* 1: size_t with k/M/G; 0: long */
	long long	 min;
	long long	 max;
} limit_keys[] = {
	{ "max-size", offsetof(struct nw_limits, max_body), 1, 1,
	    NW_MAX_MAX_BODY },
	{ "connect-timeout", offsetof(struct nw_limits, connect_timeout), 0,
	    1, 600 },
	{ "timeout", offsetof(struct nw_limits, timeout), 0, 1, 86400 },
	{ "low-speed-limit", offsetof(struct nw_limits, low_speed_limit), 0,
	    0, 1 << 30 },
	{ "low-speed-time", offsetof(struct nw_limits, low_speed_time), 0,
	    0, 3600 },
	{ "max-redirects", offsetof(struct nw_limits, max_redirects), 0, 0,
	    20 },
	{ "retries", offsetof(struct nw_limits, retries), 0, 0, 10 },
	{ "retry-base", offsetof(struct nw_limits, retry_base_ms), 0, 1,
	    NW_MAX_RETRY_WAIT_MS },
	{ "max-entries", offsetof(struct nw_limits, max_entries), 1, 1,
	    10000000 },
	{ "max-entry-size", offsetof(struct nw_limits, max_entry_len), 1, 64,
	    16 << 20 },
	{ "convert-timeout", offsetof(struct nw_limits, convert_timeout), 0,
	    1, 3600 },
};

static int
set_limit(struct nw_limits *l, const struct limit_key *k, const char *v)
{
	long long n;
	size_t sz;

	if (k->is_size) {
		if (nw_parse_size(v, (size_t)k->max, &sz) == -1 ||
		    (long long)sz < k->min)
			return -1;
		*(size_t *)(void *)((char *)l + k->off) = sz;
		return 0;
	}
	if (nw_parse_ll(v, k->min, k->max, &n) == -1)
		return -1;
	*(long *)(void *)((char *)l + k->off) = (long)n;
	return 0;
}

static void
add_opt(struct nw_feed *f, const char *key, const char *value, long line)
{
	f->opts = xreallocarray(f->opts, f->nopts + 1, sizeof(*f->opts));
	f->opts[f->nopts].key = xstrdup(key);
	f->opts[f->nopts].value = xstrdup(value);
	f->opts[f->nopts].line = line;
	f->nopts++;
}

static int
parser_accepts(const struct nw_parser *p, const char *key)
{
	size_t i;

	if (p == NULL || p->options == NULL)
		return 0;
	for (i = 0; p->options[i] != NULL; i++)
		if (strcmp(p->options[i], key) == 0)
			return 1;
	return 0;
}

/* Handle one "key = value" line. */
static void
feed_key(struct fparse *fp, struct nw_feed *f, const char *base,
    const char *key, const char *value, long line)
{
	const char *why;
	char **argv;
	size_t i;

#define ONCE(field) do {						\
	if ((field) != NULL) {						\
		ferr(fp, line, 1, "duplicate key \"%s\"", key);		\
		return;							\
	}								\
} while (0)

	if (strcmp(key, "name") == 0) {
		ONCE(f->name);
		if (!valid_name(value)) {
			ferr(fp, line, 1, "feed name must be 1-%d characters "
			    "of a-z, 0-9, '.', '_' and '-', starting with a "
			    "letter or digit", MAX_NAME);
			return;
		}
		f->name = xstrdup(value);
		fp->name_line = line;
	} else if (strcmp(key, "kind") == 0) {
		ONCE(f->kind);
		f->kind = xstrdup(value);
		fp->kind_line = line;
	} else if (strcmp(key, "url") == 0) {
		ONCE(f->url);
		if ((f->url = resolve_url(value, base, &why)) == NULL) {
			ferr(fp, line, 1, "%s", why);
			f->url = xstrdup("");
		}
		fp->url_line = line;
	} else if (strcmp(key, "publisher") == 0) {
		ONCE(f->publisher);
		if (*value == '\0' || strlen(value) > 200) {
			ferr(fp, line, 1, "publisher must be 1-200 bytes");
			return;
		}
		f->publisher = xstrdup(value);
	} else if (strcmp(key, "converter") == 0) {
		ONCE(f->converter);
		if ((argv = nw_argv_split(value)) == NULL) {
			ferr(fp, line, 1, "converter is not a valid command "
			    "line (empty, or unbalanced quotes)");
			return;
		}
		nw_argv_free(argv);
		f->converter = xstrdup(value);
	} else if (strcmp(key, "tlp") == 0) {
		ONCE(f->tlp);
		if (strcmp(value, "clear") != 0 && strcmp(value, "green") != 0 &&
		    strcmp(value, "amber") != 0 &&
		    strcmp(value, "amber+strict") != 0 &&
		    strcmp(value, "red") != 0) {
			ferr(fp, line, 1, "tlp must be clear, green, amber, "
			    "amber+strict or red (TLP 2.0)");
			return;
		}
		f->tlp = xstrdup(value);
	} else if (strcmp(key, "enabled") == 0) {
		int on = nw_kv_bool(value);

		if (on == -1)
			ferr(fp, line, 1, "enabled must be yes or no");
		else
			f->enabled = on;
	} else {
		for (i = 0; i < NW_NELEM(limit_keys); i++) {
			if (strcmp(key, limit_keys[i].key) != 0)
				continue;
			if (set_limit(&f->limits, &limit_keys[i], value) == -1)
				ferr(fp, line, 1, "%s must be %s from %lld to "
				    "%lld", key, limit_keys[i].is_size ?
				    "a size (k, M, G suffixes)" : "a number",
				    limit_keys[i].min, limit_keys[i].max);
			return;
		}
		/* a parser key: checked once the kind is known */
		add_opt(f, key, value, line);
	}
#undef ONCE
}

/* nw_kv_read's callbacks: a pair is a key of the feed, an error ours. */
static void
feed_pair(void *arg, const char *key, const char *value, long line)
{
	struct fparse *fp = arg;

	feed_key(fp, fp->f, fp->base, key, value, line);
}

static void
feed_kv_err(void *arg, long line, long col, const char *msg)
{
	ferr(arg, line, col, "%s", msg);
}

struct nw_feed *
nw_feed_parse(const char *path, const char *text, size_t len,
    nw_error_fn onerr, void *arg, struct nw_error *err)
{
	struct fparse fp;
	struct nw_feed *f;
	const struct nw_parser *parser = NULL;
	size_t i, j;
	long lineno;

	memset(&fp, 0, sizeof(fp));
	fp.path = path != NULL ? path : "(feed)";
	fp.onerr = onerr;
	fp.arg = arg;
	fp.err = err;
	nw_error_clear(err);

	f = xcalloc(1, sizeof(*f));
	f->enabled = 1;
	nw_limits_default(&f->limits);
	f->path = path != NULL ? xstrdup(path) : NULL;
	fp.f = f;
	fp.base = dir_of(path);
	lineno = nw_kv_read(text, len, feed_pair, feed_kv_err, &fp);
	free(fp.base);
	if (lineno == -1) {
		nw_feed_free(f);
		return NULL;
	}

	if (f->name == NULL)
		ferr(&fp, lineno > 0 ? lineno : 1, 0, "missing key \"name\"");
	if (f->kind == NULL)
		ferr(&fp, lineno > 0 ? lineno : 1, 0, "missing key \"kind\"");
	else if ((parser = nw_parser_find(f->kind)) == NULL)
		ferr(&fp, fp.kind_line, 1, "unknown kind \"%.32s\"", f->kind);
	if (f->url == NULL)
		ferr(&fp, lineno > 0 ? lineno : 1, 0, "missing key \"url\"");
	if (f->publisher == NULL)
		ferr(&fp, lineno > 0 ? lineno : 1, 0,
		    "missing key \"publisher\"");

	/* parser keys: known to the kind, each once, then its own checks */
	for (i = 0; parser != NULL && i < f->nopts; i++) {
		if (!parser_accepts(parser, f->opts[i].key)) {
			ferr(&fp, f->opts[i].line, 1,
			    "unknown key \"%s\" for kind %s", f->opts[i].key,
			    f->kind);
			continue;
		}
		for (j = 0; j < i; j++)
			if (strcmp(f->opts[j].key, f->opts[i].key) == 0)
				ferr(&fp, f->opts[i].line, 1,
				    "duplicate key \"%s\"", f->opts[i].key);
	}
	if (parser != NULL && parser->check != NULL && fp.nerr == 0)
		(void)parser->check(f, check_err, &fp);
	if (fp.nerr > 0) {
		nw_feed_free(f);
		return NULL;
	}
	return f;
}

struct nw_feed *
nw_feed_load(const char *path, nw_error_fn onerr, void *arg,
    struct nw_error *err)
{
	struct nw_feed *f;
	char *text;
	size_t len;

	if ((text = nw_read_file(path, NW_MAX_CONF_FILE, &len, err)) == NULL) {
		if (onerr != NULL)
			onerr(err, arg);
		return NULL;
	}
	f = nw_feed_parse(path, text, len, onerr, arg, err);
	free(text);
	return f;
}

/* A feed name from a URL: host and last path segment, made safe. */
static char *
name_from_url(const char *url)
{
	const char *p = strstr(url, "://"), *last;
	char buf[MAX_NAME + 1];
	size_t n = 0;

	p = p != NULL ? p + 3 : url;
	last = strrchr(p, '/');
	for (; *p != '\0' && *p != '/' && n < MAX_NAME; p++)
		buf[n++] = *p;
	if (last != NULL && last[1] != '\0' && n < MAX_NAME - 1) {
		buf[n++] = '-';
		for (p = last + 1; *p != '\0' && *p != '?' && n < MAX_NAME;
		    p++)
			buf[n++] = *p;
	}
	buf[n] = '\0';
	for (n = 0; buf[n] != '\0'; n++) {
		char c = buf[n];

		if (c >= 'A' && c <= 'Z')
			buf[n] = (char)(c - 'A' + 'a');
		else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '.' || c == '_' || c == '-'))
			buf[n] = '-';
	}
	if (buf[0] == '\0' || buf[0] == '.' || buf[0] == '_' || buf[0] == '-')
		return xasprintf("oneoff%s", buf);
	return xstrdup(buf);
}

struct nw_feed *
nw_feed_oneoff(const char *kind, const char *url, const char *name,
    struct nw_error *err)
{
	struct nw_feed *f;
	const char *why;
	char *u;

	nw_error_clear(err);
	if (nw_parser_find(kind) == NULL) {
		nw_error_set(err, NW_E_USAGE, "unknown kind \"%.32s\"", kind);
		return NULL;
	}
	if (name != NULL && !valid_name(name)) {
		nw_error_set(err, NW_E_USAGE, "bad feed name \"%.64s\": use "
		    "a-z, 0-9, '.', '_' and '-'", name);
		return NULL;
	}
	if ((u = resolve_url(url, ".", &why)) == NULL) {
		nw_error_set(err, NW_E_USAGE, "%s: %.200s", why, url);
		return NULL;
	}
	f = xcalloc(1, sizeof(*f));
	f->enabled = 1;
	nw_limits_default(&f->limits);
	f->kind = xstrdup(kind);
	f->url = u;
	f->name = name != NULL ? xstrdup(name) : name_from_url(u);
	f->publisher = xstrdup("unknown (one-off feed)");
	return f;
}

const char *
nw_feed_opt(const struct nw_feed *f, const char *key, long *line)
{
	size_t i;

	for (i = 0; i < f->nopts; i++) {
		if (strcmp(f->opts[i].key, key) == 0) {
			if (line != NULL)
				*line = f->opts[i].line;
			return f->opts[i].value;
		}
	}
	return NULL;
}

void
nw_feed_free(struct nw_feed *f)
{
	size_t i;

	if (f == NULL)
		return;
	free(f->name);
	free(f->kind);
	free(f->url);
	free(f->publisher);
	free(f->converter);
	free(f->tlp);
	for (i = 0; i < f->nopts; i++) {
		free(f->opts[i].key);
		free(f->opts[i].value);
	}
	free(f->opts);
	free(f->path);
	free(f);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
cmp_feed(const void *a, const void *b)
{
	const struct nw_feed *fa = *(struct nw_feed *const *)a;
	const struct nw_feed *fb = *(struct nw_feed *const *)b;

	return strcmp(fa->name, fb->name);
}

int
nw_feedset_load(const char *dir, struct nw_feedset *set, nw_error_fn onerr,
    void *arg, struct nw_error *err)
{
	struct dirent *de;
	struct nw_feed *f;
	struct nw_error e;
	char **names = NULL, *path;
	size_t nnames = 0, i, j, n;
	DIR *d;
	int nerr = 0;

	memset(set, 0, sizeof(*set));
	nw_error_clear(err);
	if ((d = opendir(dir)) == NULL) {
		nw_error_where(err, NULL, dir);
		return nw_error_set(err, NW_E_CONFIG,
		    "cannot read feed directory: %s", strerror(errno));
	}
	while ((de = readdir(d)) != NULL) {
		n = strlen(de->d_name);
		if (n < 6 || de->d_name[0] == '.' ||
		    strcmp(de->d_name + n - 5, ".feed") != 0)
			continue;
		if (nnames >= NW_MAX_FEEDS) {
			nw_error_clear(&e);
			nw_error_where(&e, NULL, dir);
			nw_error_set(&e, NW_E_LIMIT, "more than %d feed "
			    "definitions; the rest are ignored", NW_MAX_FEEDS);
			if (onerr != NULL)
				onerr(&e, arg);
			nerr++;
			break;
		}
		names = xreallocarray(names, nnames + 1, sizeof(*names));
		names[nnames++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (nnames > 0)
		qsort(names, nnames, sizeof(*names), cmp_str);

	for (i = 0; i < nnames; i++) {
		path = strcmp(dir, ".") == 0 ? xstrdup(names[i]) :
		    xasprintf("%s/%s", dir, names[i]);
		nw_error_clear(&e);
		f = nw_feed_load(path, onerr, arg, &e);
		if (f == NULL) {
			nerr++;
			free(path);
			continue;
		}
		for (j = 0; j < set->n; j++) {
			if (strcmp(set->feeds[j]->name, f->name) != 0)
				continue;
			nw_error_clear(&e);
			nw_error_where(&e, NULL, path);
			nw_error_at_line(&e, 1, 0);
			nw_error_set(&e, NW_E_CONFIG, "feed name \"%s\" is "
			    "already used by %s", f->name,
			    set->feeds[j]->path);
			if (onerr != NULL)
				onerr(&e, arg);
			nerr++;
			nw_feed_free(f);
			f = NULL;
			break;
		}
		if (f != NULL) {
			set->feeds = xreallocarray(set->feeds, set->n + 1,
			    sizeof(*set->feeds));
			set->feeds[set->n++] = f;
		}
		free(path);
	}
	for (i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	if (set->n > 0)
		qsort(set->feeds, set->n, sizeof(*set->feeds), cmp_feed);
	return nerr;
}

const struct nw_feed *
nw_feedset_find(const struct nw_feedset *set, const char *name)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		if (strcmp(set->feeds[i]->name, name) == 0)
			return set->feeds[i];
	return NULL;
}

void
nw_feedset_free(struct nw_feedset *set)
{
	size_t i;

	if (set == NULL)
		return;
	for (i = 0; i < set->n; i++)
		nw_feed_free(set->feeds[i]);
	free(set->feeds);
	set->feeds = NULL;
	set->n = 0;
}
