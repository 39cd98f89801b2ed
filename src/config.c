/*
 * config.c - normwatch.conf(5): "key = value" lines, like a feed
 * definition (feed.c), every error named as file:line:col.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "normwatch/config.h"
#include "normwatch/kvfile.h"
#include "normwatch/limits.h"
#include "normwatch/log.h"
#include "normwatch/text.h"
#include "normwatch/util.h"

#define MAX_HOST	253	/* bytes of a host name in taxii-listen */

/* Keys, in documentation order; the index is that of struct nw_config line[]. */
enum ckey {
	K_STORE, K_FEEDS, K_RULES, K_CACHE, K_OUTPUT, K_LOG_LEVEL,
	K_LOG_FORMAT, K_SYSLOG, K_TAXII_LISTEN, K_TAXII_USERS,
	K_TAXII_TLS_CERT, K_TAXII_TLS_KEY, K_TAXII_ANONYMOUS_READ, K_COUNT
};

const char *const nw_config_keys[] = {
	"store", "feeds", "rules", "cache", "output", "log-level",
	"log-format", "syslog", "taxii-listen", "taxii-users",
	"taxii-tls-cert", "taxii-tls-key", "taxii-anonymous-read", NULL
};

/* Parsing state of one file. */
struct cparse {
	const char	*path;		/* as named in errors */
	nw_error_fn	 onerr;
	void		*arg;
	struct nw_error	*err;		/* the first error lands here */
	int		 nerr;
	struct nw_config *c;		/* being read */
	char		*base;		/* its directory, for relative paths */
};

static void NW_PRINTF(4, 5)
cerr(struct cparse *cp, long line, long col, const char *fmt, ...)
{
	struct nw_error e;
	va_list ap;
	char msg[512];

	nw_error_clear(&e);
	nw_error_where(&e, NULL, cp->path);
	nw_error_at_line(&e, line, col);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	nw_error_set(&e, NW_E_CONFIG, "%s", msg);
	if (cp->onerr != NULL)
		cp->onerr(&e, cp->arg);
	if (cp->nerr == 0 && cp->err != NULL)
		*cp->err = e;
	cp->nerr++;
}

int
nw_config_key(const char *key)
{
	int i;

	for (i = 0; nw_config_keys[i] != NULL; i++)
		if (strcmp(nw_config_keys[i], key) == 0)
			return i;
	return -1;
}

int
nw_config_loglevel(const char *v)
{
	if (strcmp(v, "error") == 0)
		return NW_LOG_ERROR;
	if (strcmp(v, "warning") == 0)
		return NW_LOG_WARN;
	if (strcmp(v, "info") == 0)
		return NW_LOG_INFO;
	if (strcmp(v, "debug") == 0)
		return NW_LOG_DEBUG;
	return -1;
}

int
nw_config_logformat(const char *v)
{
	if (strcmp(v, "text") == 0)
		return NW_LOGFMT_TEXT;
	if (strcmp(v, "json") == 0)
		return NW_LOGFMT_JSON;
	return -1;
}

static int
host_char(char c, int v6)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return 1;
	if (v6)
		return c == ':' || c == '.';
	return c == '.' || c == '-';
}

int
nw_config_listen_check(const char *s, long *port, const char **why)
{
	const char *host = s, *hend, *p;
	long long n;
	int v6 = 0;

	if (strlen(s) >= NW_CONFIG_MAX_LISTEN) {
		*why = "too long";
		return -1;
	}
	if (*s == '[') {
		v6 = 1;
		host = s + 1;
		if ((hend = strchr(host, ']')) == NULL) {
			*why = "an IPv6 address needs its closing ']'";
			return -1;
		}
		if (hend[1] != ':') {
			*why = "expected HOST:PORT, with a port after the ']'";
			return -1;
		}
		p = hend + 2;
	} else {
		if ((hend = strrchr(s, ':')) == NULL) {
			*why = "expected HOST:PORT, like 127.0.0.1:8573";
			return -1;
		}
		p = hend + 1;
	}
	if (hend == host || hend - host > MAX_HOST) {
		*why = "the host is empty or too long";
		return -1;
	}
	for (; host < hend; host++)
		if (!host_char(*host, v6)) {
			*why = v6 ? "not an IPv6 address in brackets" :
			    "the host must be an IPv4 address, a host name, "
			    "or an IPv6 address in brackets";
			return -1;
		}
	if (nw_parse_ll(p, 1, 65535, &n) == -1) {
		*why = "the port must be a number from 1 to 65535";
		return -1;
	}
	if (port != NULL)
		*port = (long)n;
	return 0;
}

/* Directory of path, or the current directory; caller frees. */
static char *
base_of(const char *path)
{
	const char *slash;
	char cwd[NW_CONFIG_MAX_PATH];

	if (path != NULL && (slash = strrchr(path, '/')) != NULL) {
		if (slash == path)
			return xstrdup("/");
		if (path[0] == '/')
			return xstrndup(path, (size_t)(slash - path));
	}
	if (getcwd(cwd, sizeof(cwd)) == NULL)
		return xstrdup("/");
	if (path != NULL && (slash = strrchr(path, '/')) != NULL)
		return xasprintf("%s/%.*s", cwd, (int)(slash - path), path);
	return xstrdup(cwd);
}

/* A path value: absolute, or resolved against base; NULL with *why. */
static char *
resolve_path(const char *v, const char *base, const char **why)
{
	char *p;
	size_t i;

	if (*v == '\0') {
		*why = "a path must not be empty";
		return NULL;
	}
	for (i = 0; v[i] != '\0'; i++)
		if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f) {
			*why = "a path must not hold control characters";
			return NULL;
		}
	if (v[0] == '~') {
		*why = "'~' is not expanded: write the path in full";
		return NULL;
	}
	p = v[0] == '/' ? xstrdup(v) : xasprintf("%s/%s", base, v);
	if (strlen(p) >= NW_CONFIG_MAX_PATH) {
		free(p);
		*why = "the path is too long";
		return NULL;
	}
	return p;
}

/* Handle one "key = value" line. */
static void
config_key(struct cparse *cp, struct nw_config *c, const char *base,
    const char *key, const char *value, long line)
{
	char **str = NULL;
	const char *why = NULL;
	int k = nw_config_key(key), n;

	if (k == -1) {
		cerr(cp, line, 1, "unknown key \"%.32s\"", key);
		return;
	}
	if (c->line[k] != 0) {
		cerr(cp, line, 1, "duplicate key \"%s\" (first on line %ld)",
		    key, c->line[k]);
		return;
	}
	switch ((enum ckey)k) {
	case K_STORE:
		str = &c->store;
		break;
	case K_FEEDS:
		str = &c->feeds;
		break;
	case K_RULES:
		str = &c->rules;
		break;
	case K_CACHE:
		str = &c->cache;
		break;
	case K_OUTPUT:
		str = &c->output;
		break;
	case K_TAXII_USERS:
		str = &c->taxii.users;
		break;
	case K_TAXII_TLS_CERT:
		str = &c->taxii.tls_cert;
		break;
	case K_TAXII_TLS_KEY:
		str = &c->taxii.tls_key;
		break;
	case K_LOG_LEVEL:
		if ((n = nw_config_loglevel(value)) == -1) {
			cerr(cp, line, 1, "log-level must be error, warning, "
			    "info or debug");
			return;
		}
		c->log_level = n;
		break;
	case K_LOG_FORMAT:
		if ((n = nw_config_logformat(value)) == -1) {
			cerr(cp, line, 1, "log-format must be text or json");
			return;
		}
		c->log_format = n;
		break;
	case K_SYSLOG:
	case K_TAXII_ANONYMOUS_READ:
		if ((n = nw_kv_bool(value)) == -1) {
			cerr(cp, line, 1, "%s must be yes or no", key);
			return;
		}
		if (k == K_SYSLOG)
			c->syslog = n;
		else
			c->taxii.anonymous_read = n;
		break;
	case K_TAXII_LISTEN:
		if (nw_config_listen_check(value, NULL, &why) == -1) {
			cerr(cp, line, 1, "taxii-listen: %s", why);
			return;
		}
		c->taxii.listen = xstrdup(value);
		break;
	case K_COUNT:
		break;
	}
	if (str != NULL) {
		if ((*str = resolve_path(value, base, &why)) == NULL) {
			cerr(cp, line, 1, "%s: %s", key, why);
			return;
		}
	}
	c->line[k] = line;
}

struct nw_config *
nw_config_empty(void)
{
	struct nw_config *c = xcalloc(1, sizeof(*c));

	c->log_level = -1;
	c->log_format = -1;
	c->syslog = -1;
	c->taxii.anonymous_read = -1;
	return c;
}

/* nw_kv_read's callbacks: a pair is a setting, an error ours. */
static void
config_pair(void *arg, const char *key, const char *value, long line)
{
	struct cparse *cp = arg;

	config_key(cp, cp->c, cp->base, key, value, line);
}

static void
config_kv_err(void *arg, long line, long col, const char *msg)
{
	cerr(arg, line, col, "%s", msg);
}

struct nw_config *
nw_config_parse(const char *path, const char *text, size_t len,
    nw_error_fn onerr, void *arg, struct nw_error *err)
{
	struct cparse cp;
	struct nw_config *c;
	long lineno;

	memset(&cp, 0, sizeof(cp));
	cp.path = path != NULL ? path : "(config)";
	cp.onerr = onerr;
	cp.arg = arg;
	cp.err = err;
	nw_error_clear(err);

	c = nw_config_empty();
	c->path = path != NULL ? xstrdup(path) : NULL;
	cp.c = c;
	cp.base = base_of(path);
	lineno = nw_kv_read(text, len, config_pair, config_kv_err, &cp);
	free(cp.base);
	if (lineno == -1) {
		nw_config_free(c);
		return NULL;
	}

	/* a certificate without its key, or the reverse, is no TLS at all */
	if ((c->line[K_TAXII_TLS_CERT] == 0) != (c->line[K_TAXII_TLS_KEY] == 0))
		cerr(&cp, c->line[K_TAXII_TLS_CERT] != 0 ?
		    c->line[K_TAXII_TLS_CERT] : c->line[K_TAXII_TLS_KEY], 1,
		    "taxii-tls-cert and taxii-tls-key go together");
	if (cp.nerr > 0) {
		nw_config_free(c);
		return NULL;
	}
	return c;
}

struct nw_config *
nw_config_load(const char *path, nw_error_fn onerr, void *arg,
    struct nw_error *err)
{
	struct nw_config *c;
	char *text;
	size_t len;

	nw_error_clear(err);
	if ((text = nw_read_file(path, NW_MAX_CONF_FILE, &len, err)) == NULL) {
		if (onerr != NULL)
			onerr(err, arg);
		return NULL;
	}
	c = nw_config_parse(path, text, len, onerr, arg, err);
	free(text);
	return c;
}

/* Kinds of path check_path makes sure of. */
enum want {
	W_DIR,		/* an existing directory */
	W_FILE,		/* an existing readable regular file */
	W_DIR_OR_NEW,	/* a directory, or nothing yet under a directory */
	W_FILE_OR_NEW	/* a regular file, or nothing yet under a directory */
};

static void
check_path(struct cparse *cp, const struct nw_config *c, int k,
    const char *p, enum want want)
{
	struct stat st;
	char *parent;
	const char *slash;
	long line = c->line[k];

	if (p == NULL)
		return;
	if (stat(p, &st) == -1) {
		if (errno != ENOENT || want == W_DIR || want == W_FILE) {
			cerr(cp, line, 1, "%s: %s: %s", nw_config_keys[k], p,
			    strerror(errno));
			return;
		}
		/* not there yet: normwatch makes it (mkdir -p), so the
		   nearest ancestor that exists must be a directory */
		parent = xstrdup(p);
		while ((slash = strrchr(parent, '/')) != NULL &&
		    slash != parent) {
			parent[slash - parent] = '\0';
			if (stat(parent, &st) == 0)
				break;
		}
		if (slash == parent)
			parent[1] = '\0';
		if (stat(parent, &st) == -1 || !S_ISDIR(st.st_mode))
			cerr(cp, line, 1, "%s: %s cannot be made: %s is not a "
			    "directory", nw_config_keys[k], p, parent);
		free(parent);
		return;
	}
	if ((want == W_DIR || want == W_DIR_OR_NEW) && !S_ISDIR(st.st_mode))
		cerr(cp, line, 1, "%s: %s is not a directory",
		    nw_config_keys[k], p);
	else if ((want == W_FILE || want == W_FILE_OR_NEW) &&
	    !S_ISREG(st.st_mode))
		cerr(cp, line, 1, "%s: %s is not a regular file",
		    nw_config_keys[k], p);
	else if (want == W_FILE && access(p, R_OK) == -1)
		cerr(cp, line, 1, "%s: %s: %s", nw_config_keys[k], p,
		    strerror(errno));
}

int
nw_config_check(const struct nw_config *c, nw_error_fn onerr, void *arg)
{
	struct cparse cp;

	memset(&cp, 0, sizeof(cp));
	cp.path = c->path != NULL ? c->path : "(config)";
	cp.onerr = onerr;
	cp.arg = arg;
	check_path(&cp, c, K_STORE, c->store, W_FILE_OR_NEW);
	check_path(&cp, c, K_FEEDS, c->feeds, W_DIR);
	check_path(&cp, c, K_RULES, c->rules, W_DIR);
	check_path(&cp, c, K_CACHE, c->cache, W_DIR_OR_NEW);
	check_path(&cp, c, K_OUTPUT, c->output, W_DIR_OR_NEW);
	check_path(&cp, c, K_TAXII_USERS, c->taxii.users, W_FILE);
	check_path(&cp, c, K_TAXII_TLS_CERT, c->taxii.tls_cert, W_FILE);
	check_path(&cp, c, K_TAXII_TLS_KEY, c->taxii.tls_key, W_FILE);
	return cp.nerr;
}

void
nw_config_free(struct nw_config *c)
{
	if (c == NULL)
		return;
	free(c->path);
	free(c->store);
	free(c->feeds);
	free(c->rules);
	free(c->cache);
	free(c->output);
	free(c->taxii.listen);
	free(c->taxii.users);
	free(c->taxii.tls_cert);
	free(c->taxii.tls_key);
	free(c);
}
