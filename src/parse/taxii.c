/*
 * taxii.c - the taxii feed kind: one TAXII 2.1 collection polled as a
 * client, its objects through the stix kind's handling.  See
 * taxii_client.h for the contract; section numbers are those of "TAXII
 * Version 2.1" (OASIS Standard, 10 June 2021).
 *
 * The small resources (discovery, API root, collections) are read with
 * the strict JSON reader into a little tree in the collector's arena; the
 * pages of objects are streamed, each object straight into the STIX
 * session.  Nothing here touches the store: objects and reports go to
 * the collector's sink, and the cursor to its state, both landing only
 * when the feed's transaction commits.
 */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normwatch/credentials.h"
#include "normwatch/fetch.h"
#include "normwatch/json.h"
#include "normwatch/limits.h"
#include "normwatch/log.h"
#include "normwatch/stix.h"
#include "normwatch/stixfeed.h"
#include "normwatch/taxii_client.h"
#include "normwatch/util.h"

#define HDR_FIRST		"X-TAXII-Date-Added-First"
#define HDR_LAST		"X-TAXII-Date-Added-Last"
#define STATE_CURSOR		"added_after"	/* feed state keys */
#define STATE_COLLECTION	"collection"
#define MAX_LISTED		3	/* ids named in one message */
#define SEEN_MIN		64	/* first size of the next-token set */

static const char *const taxii_options[] = {
	"collection",
	"credentials",
	"page-size",
	"max-pages",
	"match-type",
	NULL
};

/* --- media types (1.6.8) -------------------------------------------------- */

static int
ows(char c)
{
	return c == ' ' || c == '\t';
}

int
nw_taxii_media_type_ok(const char *ct)
{
	static const char want[] = "application/taxii+json";
	const char *p = ct, *name, *val;
	size_t nlen, vlen;
	int version = 0;

	if (ct == NULL)
		return 0;
	while (ows(*p))
		p++;
	if (!nw_strncaseeq(p, want, sizeof(want) - 1))
		return 0;
	p += sizeof(want) - 1;
	for (;;) {
		while (ows(*p))
			p++;
		if (*p == '\0')
			return version == 1;
		if (*p != ';')
			return 0;
		p++;
		while (ows(*p))
			p++;
		name = p;
		while (*p != '\0' && *p != '=' && *p != ';' && !ows(*p))
			p++;
		nlen = (size_t)(p - name);
		while (ows(*p))
			p++;
		if (*p != '=' || nlen == 0)
			return 0;
		p++;
		while (ows(*p))
			p++;
		if (*p == '"') {
			val = ++p;
			while (*p != '\0' && *p != '"')
				p++;
			if (*p != '"')
				return 0;
			vlen = (size_t)(p - val);
			p++;
		} else {
			val = p;
			while (*p != '\0' && *p != ';' && !ows(*p))
				p++;
			vlen = (size_t)(p - val);
		}
		if (nlen == 7 && nw_strncaseeq(name, "version", 7)) {
			if (vlen != 3 || memcmp(val, "2.1", 3) != 0)
				return 0;
			version = 1;
		}
	}
}

/* --- the feed keys --------------------------------------------------------- */

struct topts {
	const char	*collection;	/* id or title, or NULL */
	const char	*credentials;	/* name in the credentials file */
	long		 page_size;
	long		 max_pages;
	const char	*match_type;	/* "type,type", or NULL */
};

struct oload {
	const struct nw_feed	*feed;
	nw_error_fn		 onerr;
	void			*arg;
	int			 nerr;
};

static void oerr(struct oload *, long, const char *, ...) NW_PRINTF(3, 4);

static void
oerr(struct oload *ol, long line, const char *fmt, ...)
{
	struct nw_error e;
	char msg[sizeof(e.msg)];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	nw_error_clear(&e);
	nw_error_where(&e, ol->feed->name, ol->feed->path);
	nw_error_at_line(&e, line, 0);
	nw_error_set(&e, NW_E_CONFIG, "%s", msg);
	ol->nerr++;
	if (ol->onerr != NULL)
		ol->onerr(&e, ol->arg);
}

static long
opt_num(struct oload *ol, const char *key, long def, long max)
{
	const char *v;
	long line;
	long long n;

	v = nw_feed_opt(ol->feed, key, &line);
	if (v == NULL)
		return def;
	if (nw_parse_ll(v, 1, max, &n) == -1) {
		oerr(ol, line, "%s must be a number from 1 to %ld", key, max);
		return def;
	}
	return (long)n;
}

/* Check and load the keys; every error goes to onerr.  The error count. */
static int
opts_load(const struct nw_feed *feed, struct topts *o, nw_error_fn onerr,
    void *arg)
{
	struct oload ol = { feed, onerr, arg, 0 };
	const char *v, *p, *e;
	long line;
	size_t i, n;

	memset(o, 0, sizeof(*o));
	if (!nw_strncaseeq(feed->url, "http://", 7) &&
	    !nw_strncaseeq(feed->url, "https://", 8))
		oerr(&ol, 0, "url: a TAXII server is reached over http or "
		    "https");
	else {
		p = strstr(feed->url, "://") + 3;
		n = strcspn(p, "/?#");
		if (memchr(p, '@', n) != NULL)
			oerr(&ol, 0, "url: no user or password in the url; "
			    "name them with the credentials key");
	}
	o->page_size = opt_num(&ol, "page-size", NW_TAXII_DEF_PAGE_SIZE,
	    NW_TAXII_MAX_PAGE_SIZE);
	o->max_pages = opt_num(&ol, "max-pages", NW_TAXII_DEF_MAX_PAGES,
	    NW_TAXII_MAX_PAGES);
	v = nw_feed_opt(feed, "collection", &line);
	if (v != NULL) {
		if (*v == '\0')
			oerr(&ol, line, "collection is empty");
		o->collection = v;
	}
	v = nw_feed_opt(feed, "credentials", &line);
	if (v != NULL) {
		n = strlen(v);
		for (i = 0; i < n; i++)
			if (!((v[i] >= 'a' && v[i] <= 'z') ||
			    (v[i] >= 'A' && v[i] <= 'Z') ||
			    (v[i] >= '0' && v[i] <= '9') || v[i] == '.' ||
			    v[i] == '_' || v[i] == '-'))
				break;
		if (n == 0 || i < n || n > NW_MAX_CRED_NAME)
			oerr(&ol, line, "credentials: a name of 1 to %d "
			    "letters, digits, '.', '_' and '-'",
			    NW_MAX_CRED_NAME);
		o->credentials = v;
	}
	v = nw_feed_opt(feed, "match-type", &line);
	if (v != NULL) {
		for (p = v, n = 0;; p = e + 1) {
			e = strchr(p, ',');
			if (e == NULL)
				e = p + strlen(p);
			if (!nw_stix_type_name_ok(p, (size_t)(e - p))) {
				oerr(&ol, line, "match-type: a list of STIX "
				    "types separated by ',' (no blanks)");
				break;
			}
			if (++n > NW_TAXII_MAX_MATCH_TYPES) {
				oerr(&ol, line, "match-type: more than %d "
				    "types", NW_TAXII_MAX_MATCH_TYPES);
				break;
			}
			if (*e == '\0')
				break;
		}
		o->match_type = v;
	}
	return ol.nerr;
}

static int
taxii_check(const struct nw_feed *feed, nw_error_fn onerr, void *arg)
{
	struct topts o;

	return opts_load(feed, &o, onerr, arg);
}

/* --- a poll ---------------------------------------------------------------- */

/* A JSON value of a small resource, in the arena. */
enum tt { T_NULL, T_TRUE, T_FALSE, T_NUM, T_STR, T_ARR, T_OBJ };

struct tnode {
	enum tt		  t;
	const char	 *s;	/* T_STR, T_NUM */
	size_t		  n;	/* items or members */
	const char	**k;	/* member keys (T_OBJ) */
	struct tnode	**v;	/* items or member values */
};

/* The set of next tokens one poll has seen. */
struct seen {
	const char	**v;
	size_t		  cap, n;
};

struct tc {
	struct nw_collect	*c;
	const struct nw_feed	*feed;
	struct topts		 o;
	char			*userpwd;	/* "user:password", or NULL */
	struct seen		 seen;
};

/* Set where (the feed, the URL) and the message of an error. */
static int terr(const struct tc *, struct nw_error *, const char *,
    enum nw_errcode, const char *, ...) NW_PRINTF(5, 6);

static int
terr(const struct tc *t, struct nw_error *err, const char *url,
    enum nw_errcode code, const char *fmt, ...)
{
	char msg[sizeof(err->msg)];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	nw_error_where(err, t->feed->name, url);
	return nw_error_set(err, code, "%s", msg);
}

/* Untrusted text for a message, escaped and cut short. */
static const char *
q(const char *s, char *buf, size_t sz)
{
	return nw_log_escape(s != NULL ? s : "", s != NULL ? strlen(s) : 0,
	    buf, sz);
}

static void
seen_free(struct seen *s)
{
	free(s->v);
	memset(s, 0, sizeof(*s));
}

static uint64_t
fnv(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	while (*s != '\0')
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

/* Add tok; 1 when it was there already. */
static int
seen_add(struct tc *t, const char *tok)
{
	struct seen *s = &t->seen;
	const char **old = s->v;
	size_t i, oldcap = s->cap;

	if ((s->n + 1) * 2 > s->cap) {
		s->cap = s->cap == 0 ? SEEN_MIN : s->cap * 2;
		s->v = xcalloc(s->cap, sizeof(*s->v));
		for (i = 0; i < oldcap; i++)
			if (old[i] != NULL) {
				size_t k = (size_t)fnv(old[i]) & (s->cap - 1);

				while (s->v[k] != NULL)
					k = (k + 1) & (s->cap - 1);
				s->v[k] = old[i];
			}
		free(old);
	}
	i = (size_t)fnv(tok) & (s->cap - 1);
	while (s->v[i] != NULL) {
		if (strcmp(s->v[i], tok) == 0)
			return 1;
		i = (i + 1) & (s->cap - 1);
	}
	s->v[i] = nw_arena_strdup(t->c->arena, tok);
	s->n++;
	return 0;
}

/*
 * Build the value that begins with event ev in the arena.  The reader's
 * depth limit bounds the recursion.  NULL after a reader error.
 */
static struct tnode *
tree_build(struct nw_arena *a, struct nw_json *j, enum nw_json_event ev,
    struct nw_error *err)
{
	struct tnode *v = nw_arena_alloc(a, sizeof(*v)), **items = NULL;
	const char **keys = NULL, *text;
	size_t len, n = 0, cap = 0;

	switch (ev) {
	case NW_JSON_STRING:
	case NW_JSON_NUMBER:
		v->t = ev == NW_JSON_STRING ? T_STR : T_NUM;
		text = nw_json_text(j, &len);
		v->s = nw_arena_strndup(a, text, len);
		return v;
	case NW_JSON_TRUE:
		v->t = T_TRUE;
		return v;
	case NW_JSON_FALSE:
		v->t = T_FALSE;
		return v;
	case NW_JSON_NULL:
		v->t = T_NULL;
		return v;
	case NW_JSON_OBJECT_BEGIN:
	case NW_JSON_ARRAY_BEGIN:
		v->t = ev == NW_JSON_OBJECT_BEGIN ? T_OBJ : T_ARR;
		for (;;) {
			ev = nw_json_next(j, err);
			if (ev == NW_JSON_OBJECT_END || ev == NW_JSON_ARRAY_END)
				break;
			if (n == cap) {
				cap = cap == 0 ? 8 : cap * 2;
				items = xreallocarray(items, cap,
				    sizeof(*items));
				keys = xreallocarray(keys, cap, sizeof(*keys));
			}
			keys[n] = NULL;
			if (v->t == T_OBJ) {
				if (ev != NW_JSON_KEY)
					goto fail;
				text = nw_json_text(j, &len);
				keys[n] = nw_arena_strndup(a, text, len);
				ev = nw_json_next(j, err);
			}
			if (ev == NW_JSON_ERROR || ev == NW_JSON_END)
				goto fail;
			if ((items[n] = tree_build(a, j, ev, err)) == NULL)
				goto fail;
			n++;
		}
		v->n = n;
		v->v = nw_arena_alloc(a, (n + 1) * sizeof(*v->v));
		v->k = nw_arena_alloc(a, (n + 1) * sizeof(*v->k));
		if (n > 0) {
			memcpy(v->v, items, n * sizeof(*items));
			memcpy(v->k, keys, n * sizeof(*keys));
		}
		free(items);
		free(keys);
		return v;
	default:
		break;
	}
fail:
	free(items);
	free(keys);
	if (err->code == NW_E_OK)
		nw_error_set(err, NW_E_PARSE, "the document ends inside a "
		    "value");
	return NULL;
}

/* Member k of object o, or NULL. */
static const struct tnode *
tget(const struct tnode *o, const char *k)
{
	size_t i;

	if (o == NULL || o->t != T_OBJ)
		return NULL;
	for (i = 0; i < o->n; i++)
		if (strcmp(o->k[i], k) == 0)
			return o->v[i];
	return NULL;
}

static const char *
tstr(const struct tnode *o, const char *k)
{
	const struct tnode *v = tget(o, k);

	return v != NULL && v->t == T_STR ? v->s : NULL;
}

/* 401, 403, 406: what they mean to a TAXII client. */
static void
explain_http(const struct tc *t, long code, struct nw_error *err)
{
	char name[NW_LOG_FIELD_MAX + 8];
	size_t n = strlen(err->msg);

	if (err->code != NW_E_HTTP)
		return;
	if (code == 401 && t->userpwd == NULL)
		snprintf(err->msg + n, sizeof(err->msg) - n, ": the server "
		    "wants credentials; name them with the credentials key "
		    "(normwatch.feed(5))");
	else if (code == 401)
		snprintf(err->msg + n, sizeof(err->msg) - n, ": the server "
		    "refused the credentials \"%s\"",
		    q(t->o.credentials, name, sizeof(name)));
	else if (code == 403)
		snprintf(err->msg + n, sizeof(err->msg) - n, ": not allowed "
		    "to read this");
	else if (code == 406)
		snprintf(err->msg + n, sizeof(err->msg) - n, ": the server "
		    "does not offer %s", NW_TAXII_MEDIA_TYPE);
}

/*
 * GET url as TAXII 2.1, keeping the headers named in capture.  The
 * answer must be a body of the TAXII media type.  Returns 0, or -1 with
 * *err; res is the caller's to free either way.
 */
static int
http_get(struct tc *t, const char *url, const char *const *capture,
    struct nw_fetch_res *res, struct nw_error *err)
{
	struct nw_fetch_req req;
	char ct[NW_LOG_FIELD_MAX + 8];

	memset(&req, 0, sizeof(req));
	req.feed = t->feed->name;
	req.url = url;
	req.accept = NW_TAXII_MEDIA_TYPE;
	req.userpwd = t->userpwd;
	req.capture = capture;
	nw_log(NW_LOG_DEBUG, t->feed->name, "GET %s", url);
	if (t->c->fetch(t->c, &req, res, err) == -1) {
		if (err->feed[0] == '\0' || err->file[0] == '\0')
			nw_error_where(err, t->feed->name, url);
		explain_http(t, res->http_code, err);
		return -1;
	}
	if (res->status != NW_FETCH_OK || res->body == NULL)
		return terr(t, err, url, NW_E_HTTP, "no body in the answer "
		    "(HTTP %ld)", res->http_code);
	if (!nw_taxii_media_type_ok(res->content_type))
		return terr(t, err, url, NW_E_DATA, "the answer is %s%s%s, "
		    "not %s", res->content_type != NULL ? "\"" : "",
		    res->content_type != NULL ? q(res->content_type, ct,
		    sizeof(ct)) : "untyped", res->content_type != NULL ?
		    "\"" : "", NW_TAXII_MEDIA_TYPE);
	return 0;
}

/* GET a small resource: a JSON object as a tree, or NULL with *err. */
static const struct tnode *
get_resource(struct tc *t, const char *url, const char *what,
    struct nw_error *err)
{
	struct nw_fetch_res res;
	struct nw_json *j = NULL;
	struct tnode *v = NULL;
	enum nw_json_event ev;

	memset(&res, 0, sizeof(res));
	if (http_get(t, url, NULL, &res, err) == -1)
		goto out;
	j = nw_json_new_mem(res.body, res.len, NULL, url);
	ev = nw_json_next(j, err);
	if (ev == NW_JSON_ERROR)
		goto fail;
	if (ev != NW_JSON_OBJECT_BEGIN) {
		terr(t, err, url, NW_E_PARSE, "not a TAXII %s resource: not "
		    "a JSON object", what);
		nw_strlcpy(err->path, "$", sizeof(err->path));
		goto out;
	}
	v = tree_build(t->c->arena, j, ev, err);
	if (v == NULL || nw_json_next(j, err) != NW_JSON_END) {
		v = NULL;
		goto fail;
	}
	goto out;
fail:
	nw_error_where(err, t->feed->name, url);
out:
	nw_json_free(j);
	nw_fetch_res_free(&res);
	return v;
}

/* scheme://authority of an absolute http(s) URL, or 0 bytes. */
static size_t
origin_len(const char *url)
{
	const char *p;

	if (nw_strncaseeq(url, "http://", 7))
		p = url + 7;
	else if (nw_strncaseeq(url, "https://", 8))
		p = url + 8;
	else
		return 0;
	return (size_t)(p - url) + strcspn(p, "/?#");
}

/*
 * The API root named by the discovery resource at base (4.1): an https
 * (or, like the feed's url, http) absolute URL, or a path beginning with
 * a single '/'; no query, fragment or user.  Credentials stay on the
 * feed's origin and https is never left for http.  With a final '/'.
 */
static char *
api_root_url(struct tc *t, const char *base, const char *ref,
    struct nw_error *err)
{
	char refq[NW_LOG_FIELD_MAX + 8];
	size_t bo = origin_len(base), ro;
	char *url;

	if (ref[0] == '/' && ref[1] != '/')
		url = xasprintf("%.*s%s", (int)bo, base, ref);
	else if (origin_len(ref) > 0)
		url = xstrdup(ref);
	else {
		terr(t, err, base, NW_E_DATA, "the API root \"%s\" is neither "
		    "an absolute http(s) URL nor a path beginning with one "
		    "'/' (4.1)", q(ref, refq, sizeof(refq)));
		return NULL;
	}
	ro = origin_len(url);
	if (strpbrk(url, "?#") != NULL || memchr(url, '@', ro) != NULL) {
		terr(t, err, base, NW_E_DATA, "the API root \"%s\" has a "
		    "query, a fragment or a user (4.1)",
		    q(ref, refq, sizeof(refq)));
		goto fail;
	}
	if (nw_strncaseeq(base, "https://", 8) &&
	    !nw_strncaseeq(url, "https://", 8)) {
		terr(t, err, base, NW_E_DATA, "the API root \"%s\" would "
		    "leave https for http: refused", q(ref, refq,
		    sizeof(refq)));
		goto fail;
	}
	if (t->userpwd != NULL && (bo != ro ||
	    !nw_strncaseeq(base, url, bo))) {
		terr(t, err, base, NW_E_DATA, "the API root \"%s\" is on "
		    "another host than the url: credentials are not sent "
		    "there; put the API root's URL in url if it is to be "
		    "trusted", q(ref, refq, sizeof(refq)));
		goto fail;
	}
	if (url[strlen(url) - 1] != '/') {
		char *s = xasprintf("%s/", url);

		free(url);
		url = s;
	}
	return url;
fail:
	free(url);
	return NULL;
}

/*
 * Steps 1 of taxii_client.h: the API root's URL (ending in '/', in the
 * arena), or NULL with *err.
 */
static const char *
find_api_root(struct tc *t, struct nw_error *err)
{
	const struct tnode *r, *roots, *ver;
	const char *pick, *url = t->feed->url, *ret = NULL;
	char *api = NULL, a[3][NW_LOG_FIELD_MAX + 8];
	size_t i;

	r = get_resource(t, url, "discovery or API root", err);
	if (r == NULL)
		return NULL;
	roots = tget(r, "api_roots");
	if (roots != NULL) {
		if (roots->t != T_ARR)
			goto baddisc;
		if (roots->n > NW_TAXII_MAX_API_ROOTS) {
			terr(t, err, url, NW_E_LIMIT, "more than %d API roots",
			    NW_TAXII_MAX_API_ROOTS);
			return NULL;
		}
		for (i = 0; i < roots->n; i++)
			if (roots->v[i]->t != T_STR)
				goto baddisc;
		if (tget(r, "default") != NULL && tstr(r, "default") == NULL)
			goto baddisc;
		pick = tstr(r, "default");
		if (pick == NULL && roots->n == 1)
			pick = roots->v[0]->s;
		if (pick == NULL) {
			terr(t, err, url, NW_E_CONFIG, "the discovery "
			    "resource lists %zu API roots and no default: put "
			    "the URL of one in url%s%s%s%s%s%s", roots->n,
			    roots->n > 0 ? " (" : "",
			    roots->n > 0 ? q(roots->v[0]->s, a[0],
			    sizeof(a[0])) : "", roots->n > 1 ? ", " : "",
			    roots->n > 1 ? q(roots->v[1]->s, a[1],
			    sizeof(a[1])) : "", roots->n > 2 ? ", ..." : "",
			    roots->n > 0 ? ")" : "");
			return NULL;
		}
		api = api_root_url(t, url, pick, err);
		if (api == NULL)
			return NULL;
		r = get_resource(t, api, "API root", err);
		if (r == NULL)
			goto out;
		url = api;
	} else {
		if (strpbrk(url, "?#") != NULL) {
			terr(t, err, url, NW_E_CONFIG, "an API root URL has "
			    "no query or fragment (4.1)");
			return NULL;
		}
		api = xasprintf("%s%s", url, url[strlen(url) - 1] == '/' ?
		    "" : "/");
	}
	ver = tget(r, "versions");
	if (ver == NULL || ver->t != T_ARR) {
		terr(t, err, url, NW_E_DATA, "neither a TAXII discovery "
		    "resource (no api_roots) nor an API root (no versions)");
		goto out;
	}
	for (i = 0; i < ver->n; i++)
		if (ver->v[i]->t == T_STR &&
		    nw_taxii_media_type_ok(ver->v[i]->s))
			break;
	if (i == ver->n) {
		terr(t, err, url, NW_E_DATA, "the API root does not offer "
		    "%s (versions: %s%s)", NW_TAXII_MEDIA_TYPE,
		    ver->n > 0 && ver->v[0]->t == T_STR ? q(ver->v[0]->s,
		    a[0], sizeof(a[0])) : "none", ver->n > 1 ? ", ..." : "");
		goto out;
	}
	ret = nw_arena_strdup(t->c->arena, api);
	goto out;
baddisc:
	terr(t, err, url, NW_E_DATA, "a discovery resource with api_roots "
	    "that is not a list of strings, or a default that is not a "
	    "string (4.1)");
out:
	free(api);
	return ret;
}

/* Percent-encode s (all but RFC 3986 unreserved) onto b. */
static int
add_pct(struct nw_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;
	int bad = 0;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' ||
		    *p == '_' || *p == '~')
			bad |= nw_buf_addc(b, *p);
		else {
			bad |= nw_buf_addc(b, '%');
			bad |= nw_buf_addc(b, hex[*p >> 4]);
			bad |= nw_buf_addc(b, hex[*p & 15]);
		}
	}
	return bad ? -1 : 0;
}

/*
 * Step 2: the objects URL of the collection (in the arena), or NULL
 * with *err.
 */
static const char *
find_collection(struct tc *t, const char *api, struct nw_error *err)
{
	const struct tnode *r, *list, *c, *hit = NULL;
	const char *id, *title, *ret = NULL;
	char *url = xasprintf("%scollections/", api);
	char a[MAX_LISTED][NW_LOG_FIELD_MAX + 8], w[NW_LOG_FIELD_MAX + 8];
	struct nw_buf b;
	size_t i, nhit = 0, nread = 0, k;

	r = get_resource(t, url, "collections", err);
	if (r == NULL)
		goto out;
	list = tget(r, "collections");
	if (list != NULL && list->t != T_ARR) {
		terr(t, err, url, NW_E_DATA, "collections is not a list "
		    "(5.1)");
		goto out;
	}
	if (list != NULL && list->n > NW_TAXII_MAX_COLLECTIONS) {
		terr(t, err, url, NW_E_LIMIT, "more than %d collections",
		    NW_TAXII_MAX_COLLECTIONS);
		goto out;
	}
	for (i = 0; list != NULL && i < list->n; i++) {
		c = list->v[i];
		if (c->t != T_OBJ || tstr(c, "id") == NULL ||
		    *tstr(c, "id") == '\0') {
			terr(t, err, url, NW_E_DATA, "collection %zu has no "
			    "id (5.2)", i);
			snprintf(err->path, sizeof(err->path),
			    "$.collections[%zu]", i);
			goto out;
		}
		if (tget(c, "can_read") != NULL &&
		    tget(c, "can_read")->t == T_TRUE)
			nread++;
	}
	if (t->o.collection != NULL) {
		/* an id first; else a title, which must be unique */
		for (i = 0; list != NULL && i < list->n && hit == NULL; i++)
			if (strcmp(tstr(list->v[i], "id"),
			    t->o.collection) == 0)
				hit = list->v[i];
		for (i = 0; list != NULL && i < list->n && hit == NULL; i++) {
			title = tstr(list->v[i], "title");
			if (title != NULL && strcmp(title,
			    t->o.collection) == 0)
				nhit++;
		}
		if (hit == NULL && nhit > 1) {
			terr(t, err, url, NW_E_CONFIG, "%zu collections are "
			    "titled \"%s\": name one by its id", nhit,
			    q(t->o.collection, w, sizeof(w)));
			goto out;
		}
		for (i = 0; list != NULL && i < list->n && hit == NULL; i++) {
			title = tstr(list->v[i], "title");
			if (title != NULL && strcmp(title,
			    t->o.collection) == 0)
				hit = list->v[i];
		}
		if (hit == NULL) {
			for (k = 0; k < MAX_LISTED; k++)
				q(list != NULL && k < list->n ?
				    tstr(list->v[k], "id") : "", a[k],
				    sizeof(a[k]));
			terr(t, err, url, NW_E_CONFIG, "no collection with "
			    "the id or title \"%s\" (%zu collections%s%s%s%s"
			    "%s%s%s)", q(t->o.collection, w, sizeof(w)),
			    list != NULL ? list->n : 0,
			    list != NULL && list->n > 0 ? ": " : "", a[0],
			    list != NULL && list->n > 1 ? ", " : "", a[1],
			    list != NULL && list->n > 2 ? ", " : "", a[2],
			    list != NULL && list->n > 3 ? ", ..." : "");
			goto out;
		}
	} else {
		for (i = 0; list != NULL && i < list->n; i++)
			if (tget(list->v[i], "can_read") != NULL &&
			    tget(list->v[i], "can_read")->t == T_TRUE)
				hit = list->v[i];
		if (nread != 1) {
			terr(t, err, url, NW_E_CONFIG, "%zu readable "
			    "collections: name one with the collection key "
			    "(its id or title)", nread);
			goto out;
		}
	}
	id = tstr(hit, "id");
	if (tget(hit, "can_read") == NULL ||
	    tget(hit, "can_read")->t != T_TRUE) {
		terr(t, err, url, NW_E_CONFIG, "the collection \"%s\" cannot "
		    "be read (can_read is not true)", q(id, w, sizeof(w)));
		goto out;
	}
	nw_buf_init(&b, NW_MAX_URL_LEN);
	if (nw_buf_addf(&b, "%scollections/", api) == -1 ||
	    add_pct(&b, id) == -1 || nw_buf_adds(&b, "/objects/") == -1) {
		nw_buf_free(&b);
		terr(t, err, url, NW_E_LIMIT, "the objects URL of \"%s\" is "
		    "longer than %d bytes", q(id, w, sizeof(w)),
		    NW_MAX_URL_LEN);
		goto out;
	}
	ret = nw_arena_strdup(t->c->arena, b.data);
	nw_buf_free(&b);
out:
	free(url);
	return ret;
}

/* The URL of one page (5.3), or NULL when longer than NW_MAX_URL_LEN. */
static char *
page_url(const struct tc *t, const char *objurl, const char *added_after,
    const char *next)
{
	struct nw_buf b;
	int bad = 0;

	nw_buf_init(&b, NW_MAX_URL_LEN);
	bad |= nw_buf_addf(&b, "%s?limit=%ld", objurl, t->o.page_size);
	if (added_after != NULL) {
		bad |= nw_buf_adds(&b, "&added_after=");
		bad |= add_pct(&b, added_after);
	}
	if (t->o.match_type != NULL) {
		bad |= nw_buf_adds(&b, "&match%5Btype%5D=");
		bad |= add_pct(&b, t->o.match_type);
	}
	if (next != NULL) {
		bad |= nw_buf_adds(&b, "&next=");
		bad |= add_pct(&b, next);
	}
	if (bad) {
		nw_buf_free(&b);
		return NULL;
	}
	return nw_buf_detach(&b, NULL);
}

/* What one envelope (3.7) said besides its objects. */
struct page {
	int	 more;
	char	*next;		/* in the arena, or NULL */
	long	 objects;
};

/* A reader error, or a shape error at the reader's place. */
static int
page_fail(struct tc *t, struct nw_json *j, const char *url,
    struct nw_error *err, const char *what)
{
	if (what != NULL) {
		terr(t, err, url, NW_E_DATA, "%s (3.7)", what);
		nw_json_path(j, err->path, sizeof(err->path));
	} else if (err->code == NW_E_OK)
		terr(t, err, url, NW_E_PARSE, "the envelope ends early");
	nw_error_where(err, t->feed->name, url);
	return -1;
}

/* Stream one envelope: its objects into the session, more and next. */
static int
page_read(struct tc *t, struct nw_stixfeed *sf, const char *body,
    size_t len, const char *url, struct page *pg, struct nw_error *err)
{
	struct nw_json *j = nw_json_new_mem(body, len, NULL, url);
	struct nw_stixfeed_stats st0, st1;
	enum nw_json_event ev;
	const char *key, *text;
	size_t n;
	int rc = -1;

	memset(pg, 0, sizeof(*pg));
	nw_stixfeed_stats(sf, &st0);
	ev = nw_json_next(j, err);
	if (ev == NW_JSON_ERROR) {
		page_fail(t, j, url, err, NULL);
		goto out;
	}
	if (ev != NW_JSON_OBJECT_BEGIN) {
		page_fail(t, j, url, err, "not a TAXII envelope: not a JSON "
		    "object");
		goto out;
	}
	for (;;) {
		ev = nw_json_next(j, err);
		if (ev == NW_JSON_OBJECT_END)
			break;
		if (ev != NW_JSON_KEY) {
			page_fail(t, j, url, err, NULL);
			goto out;
		}
		key = nw_json_text(j, &n);
		key = nw_arena_strndup(t->c->arena, key, n);
		ev = nw_json_next(j, err);
		if (ev == NW_JSON_ERROR || ev == NW_JSON_END) {
			page_fail(t, j, url, err, NULL);
			goto out;
		}
		if (strcmp(key, "objects") == 0) {
			if (ev != NW_JSON_ARRAY_BEGIN) {
				page_fail(t, j, url, err, "objects is not a "
				    "list");
				goto out;
			}
			if (nw_stixfeed_objects(sf, j, "$.objects", err) == -1)
				goto out;
		} else if (strcmp(key, "more") == 0) {
			if (ev != NW_JSON_TRUE && ev != NW_JSON_FALSE) {
				page_fail(t, j, url, err, "more is not true or "
				    "false");
				goto out;
			}
			pg->more = ev == NW_JSON_TRUE;
		} else if (strcmp(key, "next") == 0) {
			if (ev != NW_JSON_STRING) {
				page_fail(t, j, url, err, "next is not a "
				    "string");
				goto out;
			}
			text = nw_json_text(j, &n);
			if (n > NW_TAXII_MAX_NEXT) {
				page_fail(t, j, url, err, "next is longer than "
				    "NW_TAXII_MAX_NEXT bytes");
				err->code = NW_E_LIMIT;
				goto out;
			}
			pg->next = n > 0 ? nw_arena_strndup(t->c->arena, text,
			    n) : NULL;
		} else if (nw_json_skip(j, err) == -1) {
			page_fail(t, j, url, err, NULL);
			goto out;
		}
	}
	if (nw_json_next(j, err) != NW_JSON_END) {
		page_fail(t, j, url, err, NULL);
		goto out;
	}
	nw_stixfeed_stats(sf, &st1);
	pg->objects = (long)(st1.objects - st0.objects);
	rc = 0;
out:
	nw_json_free(j);
	return rc;
}

/* A date-added header: a timestamp (2.16 of STIX, 3.1 of TAXII) or NULL. */
static int
date_header(struct tc *t, const char *url, const char *name, const char *v,
    struct nw_error *err)
{
	char vq[NW_LOG_FIELD_MAX + 8];
	const char *why;
	int frac;

	if (v == NULL || nw_stix_timestamp_parse(v, strlen(v), &frac,
	    &why) == 0)
		return 0;
	return terr(t, err, url, NW_E_DATA, "%s \"%s\" is not a timestamp: "
	    "%s", name, q(v, vq, sizeof(vq)), why);
}

/*
 * Steps 3 and 4: every page of the collection after the cursor.  The
 * number of reports, or -1 with *err.
 */
static long
poll(struct tc *t, const char *objurl, struct nw_error *err)
{
	static const char *const capture[] = { HDR_FIRST, HDR_LAST, NULL };
	struct nw_stixfeed *sf;
	struct nw_stixfeed_stats st;
	struct nw_fetch_res res;
	struct page pg;
	const char *cursor, *stored, *added_after, *next = NULL;
	const char *first, *last, *why;
	char *url = NULL, *newest = NULL, tq[NW_LOG_FIELD_MAX + 8];
	long pages = 0, n = -1;
	int frac, reset = 0;

	memset(&res, 0, sizeof(res));
	cursor = t->c->state_get(t->c, STATE_CURSOR);
	stored = t->c->state_get(t->c, STATE_COLLECTION);
	if (cursor != NULL && (stored == NULL || strcmp(stored, objurl) != 0)) {
		nw_log(NW_LOG_INFO, t->feed->name, "%s: another collection "
		    "than last time: polling it from the start", objurl);
		cursor = NULL;
		reset = 1;
	}
	if (cursor != NULL && nw_stix_timestamp_parse(cursor, strlen(cursor),
	    &frac, &why) == -1) {
		nw_log(NW_LOG_WARN, t->feed->name, "%s: the stored cursor "
		    "\"%s\" is not a timestamp (%s): polling from the start",
		    objurl, q(cursor, tq, sizeof(tq)), why);
		cursor = NULL;
		reset = 1;
	}
	if (cursor != NULL)
		cursor = nw_arena_strdup(t->c->arena, cursor);
	added_after = cursor;
	sf = nw_stixfeed_new(t->feed, t->c->arena, t->c->sink);

	for (;;) {
		if (pages >= t->o.max_pages) {
			terr(t, err, objurl, NW_E_LIMIT, "more than %ld pages "
			    "in one poll (max-pages); nothing was stored, the "
			    "cursor stays", t->o.max_pages);
			goto out;
		}
		free(url);
		url = page_url(t, objurl, added_after, next);
		if (url == NULL) {
			terr(t, err, objurl, NW_E_LIMIT, "a page URL longer "
			    "than %d bytes", NW_MAX_URL_LEN);
			goto out;
		}
		nw_fetch_res_free(&res);
		if (http_get(t, url, capture, &res, err) == -1)
			goto out;
		pages++;
		nw_progress("%s: page %ld", t->feed->name, pages);
		nw_stixfeed_doc(sf, url, objurl);
		if (page_read(t, sf, res.body, res.len, url, &pg, err) == -1)
			goto out;
		first = res.captured[0];
		last = res.captured[1];
		if (date_header(t, url, HDR_FIRST, first, err) == -1 ||
		    date_header(t, url, HDR_LAST, last, err) == -1)
			goto out;
		if (last != NULL && (newest == NULL ||
		    nw_stix_timestamp_cmp(last, newest) > 0))
			newest = nw_arena_strdup(t->c->arena, last);
		if (!pg.more)
			break;
		if (pg.next != NULL) {
			if (seen_add(t, pg.next)) {
				terr(t, err, url, NW_E_DATA, "the server sent "
				    "next \"%s\" twice in one poll: a loop; "
				    "nothing was stored, the cursor stays",
				    q(pg.next, tq, sizeof(tq)));
				goto out;
			}
			next = pg.next;
			continue;
		}
		/* more without next: on from X-TAXII-Date-Added-Last (3.4) */
		if (last == NULL) {
			terr(t, err, url, NW_E_DATA, "more is true, with neither "
			    "next nor %s to go on from", HDR_LAST);
			goto out;
		}
		if (added_after != NULL &&
		    nw_stix_timestamp_cmp(last, added_after) <= 0) {
			terr(t, err, url, NW_E_DATA, "more is true without next, "
			    "and %s \"%s\" is not after added_after: a loop; "
			    "nothing was stored, the cursor stays", HDR_LAST,
			    q(last, tq, sizeof(tq)));
			goto out;
		}
		added_after = nw_arena_strdup(t->c->arena, last);
		next = NULL;
	}

	nw_stixfeed_doc(sf, objurl, objurl);
	n = nw_stixfeed_end(sf, err);
	if (n < 0)
		goto out;
	nw_stixfeed_stats(sf, &st);
	if (newest != NULL && (cursor == NULL ||
	    nw_stix_timestamp_cmp(newest, cursor) > 0)) {
		if (t->c->state_set(t->c, STATE_CURSOR, newest, err) == -1)
			goto fail;
		cursor = newest;
	} else if (reset && t->c->state_set(t->c, STATE_CURSOR, NULL,
	    err) == -1)
		goto fail;
	if (newest == NULL && st.objects > 0)
		nw_log(NW_LOG_WARN, t->feed->name, "%s: no %s in the answers: "
		    "the cursor stays, and the next poll asks for these %lld "
		    "objects again", objurl, HDR_LAST, st.objects);
	if (t->c->state_set(t->c, STATE_COLLECTION, objurl, err) == -1)
		goto fail;
	nw_log(NW_LOG_INFO, t->feed->name, "%s: %ld pages, %lld objects, %ld "
	    "rejected, %ld kept as they are, %ld reports; added_after %s",
	    objurl, pages, st.objects, st.rejected, st.kept, n,
	    cursor != NULL ? q(cursor, tq, sizeof(tq)) : "(none)");
	goto out;
fail:
	n = -1;
	nw_error_where(err, t->feed->name, objurl);
out:
	nw_fetch_res_free(&res);
	nw_stixfeed_free(sf);
	free(url);
	return n;
}

/* The first error of the feed keys, into *err. */
static void
first_err(const struct nw_error *e, void *arg)
{
	struct nw_error *err = arg;

	if (err->code == NW_E_OK)
		*err = *e;
}

static long
taxii_collect(struct nw_collect *c, struct nw_error *err)
{
	struct tc t;
	const char *api, *objurl;
	char name[NW_LOG_FIELD_MAX + 8], msg[sizeof(err->msg)];
	long n = -1;

	memset(&t, 0, sizeof(t));
	t.c = c;
	t.feed = c->feed;
	nw_error_clear(err);
	if (opts_load(t.feed, &t.o, first_err, err) > 0)
		goto out;
	if (t.o.credentials != NULL) {
		t.userpwd = nw_credentials_get(NULL, t.o.credentials, err);
		if (t.userpwd == NULL) {
			nw_strlcpy(msg, err->msg, sizeof(msg));
			snprintf(err->msg, sizeof(err->msg), "credentials "
			    "\"%s\": %.400s", q(t.o.credentials, name,
			    sizeof(name)), msg);
			nw_error_where(err, t.feed->name, NULL);
			goto out;
		}
	}
	api = find_api_root(&t, err);
	if (api == NULL)
		goto out;
	objurl = find_collection(&t, api, err);
	if (objurl == NULL)
		goto out;
	n = poll(&t, objurl, err);
out:
	nw_credentials_free(t.userpwd);
	seen_free(&t.seen);
	return n;
}

/* The kind reads no single document: collect is all it does. */
static long
taxii_parse(const struct nw_feed *feed, const struct nw_doc *doc,
    struct nw_arena *arena, nw_report_fn fn, void *arg, struct nw_error *err)
{
	(void)arena;
	(void)fn;
	(void)arg;
	nw_error_where(err, feed->name, doc != NULL ? doc->name : NULL);
	return nw_error_set(err, NW_E_INTERNAL, "the taxii kind collects; "
	    "it parses no single document");
}

const struct nw_parser nw_parser_taxii = {
	.kind = "taxii",
	.summary = "a TAXII 2.1 collection, polled page by page from where "
	    "the last stored poll ended; its STIX objects as the stix kind "
	    "reads them",
	.options = taxii_options,
	.parse = taxii_parse,
	.check = taxii_check,
	.parse_sink = NULL,
	.collect = taxii_collect,
};
