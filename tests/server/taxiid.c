/*
 * taxiid - a small TAXII 2.1 server for the tests of the taxii feed kind.
 *
 * Usage: taxiid --data FILE --port-file FILE [--port N] [--user U:P]
 *               [--page-max N]
 *
 * Listens on 127.0.0.1 only (port 0, the default, lets the kernel
 * choose), writes the port to FILE (through FILE.tmp and rename) and
 * serves until SIGTERM or SIGINT, then exits 0.  One line per request on
 * stderr; an objects request also logs its parameters and how many
 * objects it gave, so tests can see what a client asked.
 *
 * FILE has the shape of the OASIS reference server's (medallion's)
 * default data: "/discovery" is the discovery resource, every other key
 * an API root with "information" and "collections", each collection
 * with its "objects" and a "manifest" giving each object version
 * (id, version) its date_added.  A version without a manifest entry was
 * added at its own modified (or created) time.
 *
 * Endpoints (TAXII 2.1 sections):
 *
 *   /taxii2/                            discovery (4.1); its api_roots
 *                                       and default are rewritten to
 *                                       this server, under the same
 *                                       prefixes as the request
 *   /ROOT/                              API root (4.2)
 *   /ROOT/collections/                  collections (5.1)
 *   /ROOT/collections/ID/               one collection (5.2)
 *   /ROOT/collections/ID/objects/       GET objects (5.3): added_after,
 *                                       limit (at most --page-max, 100
 *                                       by default), next, match[type],
 *                                       match[version] (last, the
 *                                       default, first or all); sorted
 *                                       by date_added, then id and
 *                                       version, and paged by that key
 *                                       (next names the last object
 *                                       sent); X-TAXII-Date-Added-First
 *                                       and -Last.  POST (5.4) adds the
 *                                       objects of an envelope, added
 *                                       now (each later than the last)
 *
 * Every answer is application/taxii+json;version=2.1; errors carry an
 * error resource (3.6.1).  With --user, a request without those Basic
 * credentials gets 401 and WWW-Authenticate.
 *
 * Misbehaviour on demand, as path prefixes in front of any endpoint
 * (they can be stacked; discovery keeps them in the API roots it names):
 *
 *   /loop/            objects pages say more and send back as next the
 *                     token they were asked with: a next loop
 *   /wrong-type/      objects pages are "application/json"
 *   /slow/MS/         objects pages wait MS milliseconds first
 *   /no-next/         objects pages that have more say so without next
 *   /no-dates/        objects pages carry no X-TAXII-Date-Added headers
 *
 * And one control endpoint, so that a feed's URL need not change:
 *
 *   /_arm/fail/P/T    from now on, GET objects requests number P to
 *                     P+T-1 (counting from 1) answer 500; T = 0 disarms
 */
#include "config.h"

#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json.h>
#include <microhttpd.h>

#include "normwatch/error.h"
#include "normwatch/util.h"

#define MEDIA_TAXII	"application/taxii+json;version=2.1"
#define MAX_DATA	(64u << 20)	/* bytes of the data file */
#define MAX_POST	(16u << 20)	/* bytes of a POST body */
#define MAX_DEPTH	64		/* JSON nesting of data and POSTs */
#define MAX_SEG		256		/* bytes of one path segment */
#define MAX_PREFIX	1024		/* bytes of the misbehaviour prefixes */
#define MAX_PAGE_DEF	100		/* --page-max default */
#define MAX_SLOW_MS	600000		/* /slow at most 10 minutes */
#define CONN_TIMEOUT	60		/* seconds an idle connection lives */
#define NORM_TS		32		/* bytes of a normalised timestamp */

/* One object version of a collection. */
struct obj {
	char		 key[NORM_TS];	/* date_added, normalised: the order */
	char		*date_added;	/* as given (manifest or POST) */
	const char	*id;		/* in json */
	const char	*type;
	const char	*version;	/* modified, else created, else "" */
	json_object	*json;
};

struct coll {
	const char	*root;		/* API root key */
	json_object	*info;		/* the collection without objects */
	const char	*id;
	int		 can_read, can_write;
	struct obj	*objs;		/* sorted by key, id, version */
	size_t		 n, cap;
};

static json_object	*data;		/* the data file */
static struct coll	*colls;
static size_t		 ncolls;
static const char	*user;		/* "user:password" or NULL */
static long		 page_max = MAX_PAGE_DEF;
static unsigned int	 port;
static int64_t		 last_added_us;	/* POST: each later than the last */
static atomic_int	 stopping;
static pthread_mutex_t	 mtx = PTHREAD_MUTEX_INITIALIZER;

static unsigned long	 nobjreq;	/* GET objects requests */
static unsigned long	 arm_base;	/* nobjreq when /_arm/fail came */
static long long	 arm_p, arm_t;

/* One request. */
struct req {
	struct MHD_Connection	*conn;
	const char		*method;
	const char		*url;
	char			 prefix[MAX_PREFIX];	/* "/loop/..." or "" */
	int			 loop, wrong_type, no_next, no_dates;
	long			 slow_ms;
	const char		*body;			/* POST */
	size_t			 bodylen;
};

/* Per-connection state between the calls of the access handler. */
struct upload {
	struct nw_buf	 b;
	int		 over;
};

/* --- timestamps ------------------------------------------------------------- */

/*
 * "YYYY-MM-DDTHH:MM:SS[.f+]Z" into a string with nine sub-second digits,
 * which sorts as the instants do.  -1 when s is not that shape.
 */
static int
ts_norm(const char *s, char out[NORM_TS])
{
	size_t i, n = strlen(s), f = 0;
	static const char shape[] = "dddd-dd-ddTdd:dd:dd";

	if (n < 20 || s[n - 1] != 'Z')
		return -1;
	for (i = 0; i < 19; i++)
		if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') :
		    s[i] != shape[i])
			return -1;
	memcpy(out, s, 19);
	out[19] = '.';
	if (s[19] == '.') {
		for (i = 20; i < n - 1; i++) {
			if (s[i] < '0' || s[i] > '9')
				return -1;
			if (f < 9)
				out[20 + f++] = s[i];
		}
		if (i == 20)
			return -1;
	} else if (n != 20)
		return -1;
	while (f < 9)
		out[20 + f++] = '0';
	out[29] = 'Z';
	out[30] = '\0';
	return 0;
}

/* Now, with microseconds, later than anything added before. */
static void
ts_now(char out[64])
{
	struct timespec ts;
	struct tm tm;
	int64_t us;
	time_t secs;

	clock_gettime(CLOCK_REALTIME, &ts);
	us = (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
	if (us <= last_added_us)
		us = last_added_us + 1;
	last_added_us = us;
	secs = (time_t)(us / 1000000);
	gmtime_r(&secs, &tm);
	snprintf(out, 64, "%04d-%02d-%02dT%02d:%02d:%02d.%06ldZ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, (long)(us % 1000000));
}

/* --- the data ------------------------------------------------------------------ */

static const char *
jstr(json_object *o, const char *k)
{
	json_object *v;

	if (!json_object_object_get_ex(o, k, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

static int
jtrue(json_object *o, const char *k)
{
	json_object *v;

	return json_object_object_get_ex(o, k, &v) &&
	    json_object_is_type(v, json_type_boolean) &&
	    json_object_get_boolean(v);
}

static int
obj_cmp(const void *a, const void *b)
{
	const struct obj *x = a, *y = b;
	int c;

	c = strcmp(x->key, y->key);
	if (c != 0)
		return c;
	c = strcmp(x->id, y->id);
	if (c != 0)
		return c;
	return strcmp(x->version, y->version);
}

/* Add one object (taking a reference) added at date_added. */
static int
coll_add(struct coll *c, json_object *o, const char *date_added)
{
	struct obj *e;
	const char *id = jstr(o, "id"), *type = jstr(o, "type");
	const char *ver = jstr(o, "modified");

	if (ver == NULL)
		ver = jstr(o, "created");
	if (id == NULL || type == NULL)
		return -1;
	if (c->n == c->cap) {
		c->cap = c->cap == 0 ? 16 : c->cap * 2;
		c->objs = xreallocarray(c->objs, c->cap, sizeof(*c->objs));
	}
	e = &c->objs[c->n];
	memset(e, 0, sizeof(*e));
	if (date_added == NULL)
		date_added = ver != NULL ? ver : "1970-01-01T00:00:00Z";
	if (ts_norm(date_added, e->key) == -1)
		return -1;
	e->date_added = xstrdup(date_added);
	e->json = json_object_get(o);
	e->id = id;
	e->type = type;
	e->version = ver != NULL ? ver : "";
	c->n++;
	return 0;
}

/* The manifest's date_added of (id, version), or NULL. */
static const char *
manifest_date(json_object *manifest, const char *id, const char *ver)
{
	size_t i, n;
	json_object *m;
	const char *mi, *mv;

	if (manifest == NULL || ver == NULL)
		return NULL;
	n = json_object_array_length(manifest);
	for (i = 0; i < n; i++) {
		m = json_object_array_get_idx(manifest, i);
		mi = jstr(m, "id");
		mv = jstr(m, "version");
		if (mi != NULL && mv != NULL && strcmp(mi, id) == 0 &&
		    strcmp(mv, ver) == 0)
			return jstr(m, "date_added");
	}
	return NULL;
}

static int
load_collection(const char *root, json_object *c)
{
	struct coll *k;
	json_object *objs = NULL, *man = NULL, *o;
	struct json_object_iterator it, end;
	const char *ver;
	size_t i, n;

	colls = xreallocarray(colls, ncolls + 1, sizeof(*colls));
	k = &colls[ncolls++];
	memset(k, 0, sizeof(*k));
	k->root = root;
	k->info = json_object_new_object();
	it = json_object_iter_begin(c);
	end = json_object_iter_end(c);
	for (; !json_object_iter_equal(&it, &end); json_object_iter_next(&it)) {
		const char *name = json_object_iter_peek_name(&it);

		if (strcmp(name, "objects") == 0 || strcmp(name, "manifest") == 0)
			continue;
		json_object_object_add(k->info, name,
		    json_object_get(json_object_iter_peek_value(&it)));
	}
	k->id = jstr(c, "id");
	if (k->id == NULL)
		return -1;
	k->can_read = jtrue(c, "can_read");
	k->can_write = jtrue(c, "can_write");
	json_object_object_get_ex(c, "objects", &objs);
	json_object_object_get_ex(c, "manifest", &man);
	n = objs != NULL ? json_object_array_length(objs) : 0;
	for (i = 0; i < n; i++) {
		o = json_object_array_get_idx(objs, i);
		ver = jstr(o, "modified");
		if (ver == NULL)
			ver = jstr(o, "created");
		if (coll_add(k, o, manifest_date(man, jstr(o, "id") != NULL ?
		    jstr(o, "id") : "", ver)) == -1)
			return -1;
	}
	if (k->n > 0)
		qsort(k->objs, k->n, sizeof(*k->objs), obj_cmp);
	return 0;
}

static int
load_data(const char *path)
{
	struct nw_error err;
	json_tokener *tok;
	json_object *roots, *cl;
	struct json_object_iterator it, end;
	char *text;
	size_t len, i, n;

	nw_error_clear(&err);
	text = nw_read_file(path, MAX_DATA, &len, &err);
	if (text == NULL) {
		fprintf(stderr, "taxiid: %s: %s\n", path, err.msg);
		return -1;
	}
	tok = json_tokener_new_ex(MAX_DEPTH);
	data = json_tokener_parse_ex(tok, text, (int)len);
	if (data == NULL || json_tokener_get_error(tok) != json_tokener_success ||
	    !json_object_is_type(data, json_type_object)) {
		fprintf(stderr, "taxiid: %s: not a JSON object\n", path);
		json_tokener_free(tok);
		free(text);
		return -1;
	}
	json_tokener_free(tok);
	free(text);
	it = json_object_iter_begin(data);
	end = json_object_iter_end(data);
	for (; !json_object_iter_equal(&it, &end); json_object_iter_next(&it)) {
		const char *name = json_object_iter_peek_name(&it);

		roots = json_object_iter_peek_value(&it);
		if (strcmp(name, "/discovery") == 0)
			continue;
		if (!json_object_object_get_ex(roots, "collections", &cl))
			continue;
		n = json_object_array_length(cl);
		for (i = 0; i < n; i++)
			if (load_collection(name,
			    json_object_array_get_idx(cl, i)) == -1) {
				fprintf(stderr, "taxiid: %s: a bad collection "
				    "or object under %s\n", path, name);
				return -1;
			}
	}
	return 0;
}

static void
data_free(void)
{
	size_t i, k;

	for (i = 0; i < ncolls; i++) {
		for (k = 0; k < colls[i].n; k++) {
			free(colls[i].objs[k].date_added);
			json_object_put(colls[i].objs[k].json);
		}
		free(colls[i].objs);
		json_object_put(colls[i].info);
	}
	free(colls);
	json_object_put(data);
}

/* --- answers ------------------------------------------------------------------------ */

static int
nap(long ms)
{
	struct timespec ts = { 0, 10 * 1000000L };

	for (; ms > 0; ms -= 10) {
		if (atomic_load(&stopping))
			return -1;
		nanosleep(&ts, NULL);
	}
	return 0;
}

/*
 * Send json (consumed) with code.  ctype NULL: the TAXII media type.
 * first and last: the date-added headers, or NULL.
 */
static enum MHD_Result
reply_json(struct req *r, unsigned int code, json_object *j,
    const char *ctype, const char *first, const char *last, const char *note)
{
	struct MHD_Response *resp;
	const char *s = json_object_to_json_string_ext(j, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE);
	char *copy = xstrdup(s);
	enum MHD_Result ret;

	json_object_put(j);
	resp = MHD_create_response_from_buffer(strlen(copy), copy,
	    MHD_RESPMEM_MUST_FREE);
	if (resp == NULL) {
		free(copy);
		return MHD_NO;
	}
	MHD_add_response_header(resp, "Content-Type",
	    ctype != NULL ? ctype : MEDIA_TAXII);
	if (first != NULL)
		MHD_add_response_header(resp, "X-TAXII-Date-Added-First", first);
	if (last != NULL)
		MHD_add_response_header(resp, "X-TAXII-Date-Added-Last", last);
	if (code == 401) {
		MHD_add_response_header(resp, "WWW-Authenticate",
		    "Basic realm=\"taxiid\"");
	}
	ret = MHD_queue_response(r->conn, code, resp);
	MHD_destroy_response(resp);
	fprintf(stderr, "taxiid: %s %s%s%s -> %u\n", r->method, r->url,
	    note != NULL ? " " : "", note != NULL ? note : "", code);
	return ret;
}

/* An error resource (3.6.1). */
static enum MHD_Result
reply_error(struct req *r, unsigned int code, const char *title)
{
	json_object *e = json_object_new_object();

	json_object_object_add(e, "title", json_object_new_string(title));
	json_object_object_add(e, "http_status",
	    json_object_new_string(code == 401 ? "401" : code == 403 ? "403" :
	    code == 404 ? "404" : code == 400 ? "400" : "500"));
	return reply_json(r, code, e, NULL, NULL, NULL, NULL);
}

static const char *
arg(struct req *r, const char *k)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, k);
}

/* The API root URL for key root, under the request's prefixes. */
static json_object *
root_url(struct req *r, const char *url)
{
	const char *seg = url, *p;
	char *s;
	json_object *j;
	size_t n;

	/* medallion's data names roots by URL: keep the last segment */
	n = strlen(url);
	while (n > 0 && url[n - 1] == '/')
		n--;
	for (p = url; p < url + n; p++)
		if (*p == '/')
			seg = p + 1;
	s = xasprintf("http://127.0.0.1:%u%s/%.*s/", port, r->prefix,
	    (int)(url + n - seg), seg);
	j = json_object_new_string(s);
	free(s);
	return j;
}

static enum MHD_Result
serve_discovery(struct req *r)
{
	json_object *d, *out, *list, *v;
	struct json_object_iterator it, end;
	size_t i, n;

	if (!json_object_object_get_ex(data, "/discovery", &d))
		return reply_error(r, 404, "no discovery");
	out = json_object_new_object();
	it = json_object_iter_begin(d);
	end = json_object_iter_end(d);
	for (; !json_object_iter_equal(&it, &end); json_object_iter_next(&it)) {
		const char *name = json_object_iter_peek_name(&it);

		v = json_object_iter_peek_value(&it);
		if (strcmp(name, "api_roots") == 0) {
			list = json_object_new_array();
			n = json_object_array_length(v);
			for (i = 0; i < n; i++)
				json_object_array_add(list, root_url(r,
				    json_object_get_string(
				    json_object_array_get_idx(v, i))));
			json_object_object_add(out, name, list);
		} else if (strcmp(name, "default") == 0)
			json_object_object_add(out, name, root_url(r,
			    json_object_get_string(v)));
		else
			json_object_object_add(out, name, json_object_get(v));
	}
	return reply_json(r, 200, out, NULL, NULL, NULL, NULL);
}

static json_object *
api_root(const char *root)
{
	json_object *a;

	if (strcmp(root, "/discovery") == 0 ||
	    !json_object_object_get_ex(data, root, &a))
		return NULL;
	return a;
}

static struct coll *
coll_find(const char *root, const char *id)
{
	size_t i;

	for (i = 0; i < ncolls; i++)
		if (strcmp(colls[i].root, root) == 0 &&
		    strcmp(colls[i].id, id) == 0)
			return &colls[i];
	return NULL;
}

/* Does type t appear in the comma list? */
static int
type_in(const char *list, const char *t)
{
	size_t n = strlen(t);
	const char *p = list, *e;

	for (;;) {
		e = strchr(p, ',');
		if ((e != NULL ? (size_t)(e - p) : strlen(p)) == n &&
		    memcmp(p, t, n) == 0)
			return 1;
		if (e == NULL)
			return 0;
		p = e + 1;
	}
}

/* Keep object i under match[version] (last, first, all)? */
static int
version_keep(const struct coll *c, const unsigned char *cand, size_t i,
    const char *mode)
{
	size_t k;
	int cmp;

	if (strcmp(mode, "all") == 0)
		return 1;
	for (k = 0; k < c->n; k++) {
		if (k == i || !cand[k] || strcmp(c->objs[k].id,
		    c->objs[i].id) != 0)
			continue;
		cmp = strcmp(c->objs[k].version, c->objs[i].version);
		if (strcmp(mode, "first") == 0 ? cmp < 0 : cmp > 0)
			return 0;
		if (cmp == 0 && k < i)
			return 0;	/* the same version twice: one */
	}
	return 1;
}

static enum MHD_Result
serve_objects(struct req *r, struct coll *c)
{
	const char *aa = arg(r, "added_after"), *lim = arg(r, "limit");
	const char *next = arg(r, "next"), *types = arg(r, "match[type]");
	const char *ver = arg(r, "match[version]");
	char aakey[NORM_TS], note[600], tok[NORM_TS + 600];
	unsigned char *cand;
	json_object *env, *list;
	const char *first = NULL, *last = NULL;
	long long limit = page_max;
	size_t i, sent = 0, lastidx = 0;
	int more = 0;
	enum MHD_Result ret;

	if (!c->can_read)
		return reply_error(r, 403, "the collection cannot be read");
	if (aa != NULL && ts_norm(aa, aakey) == -1)
		return reply_error(r, 400, "bad added_after");
	if (lim != NULL && nw_parse_ll(lim, 1, 1000000000, &limit) == -1)
		return reply_error(r, 400, "bad limit");
	if (limit > page_max)
		limit = page_max;
	if (ver == NULL)
		ver = "last";
	if (strcmp(ver, "last") != 0 && strcmp(ver, "first") != 0 &&
	    strcmp(ver, "all") != 0)
		return reply_error(r, 400, "match[version]: last, first or "
		    "all here");
	snprintf(note, sizeof(note), "(added_after=%.40s limit=%lld "
	    "next=%.400s)", aa != NULL ? aa : "-", limit,
	    next != NULL ? next : "-");
	nobjreq++;
	if ((long long)(nobjreq - arm_base) >= arm_p &&
	    (long long)(nobjreq - arm_base) < arm_p + arm_t) {
		fprintf(stderr, "taxiid: objects request %lu: failing on "
		    "demand\n", nobjreq - arm_base);
		return reply_error(r, 500, "failing on demand");
	}
	if (r->slow_ms > 0 && nap(r->slow_ms) == -1)
		return MHD_NO;

	cand = xcalloc(c->n + 1, 1);
	for (i = 0; i < c->n; i++)
		cand[i] = (aa == NULL || strcmp(c->objs[i].key, aakey) > 0) &&
		    (types == NULL || type_in(types, c->objs[i].type));
	for (i = 0; i < c->n; i++)
		if (cand[i] && !version_keep(c, cand, i, ver))
			cand[i] = 2;
	env = json_object_new_object();
	list = json_object_new_array();
	for (i = 0; i < c->n; i++) {
		if (cand[i] != 1)
			continue;
		if (next != NULL) {
			snprintf(tok, sizeof(tok), "%s,%s,%s", c->objs[i].key,
			    c->objs[i].id, c->objs[i].version);
			if (strcmp(tok, next) <= 0)
				continue;
		}
		if ((long long)sent == limit) {
			more = 1;
			break;
		}
		json_object_array_add(list, json_object_get(c->objs[i].json));
		if (sent == 0)
			first = c->objs[i].date_added;
		last = c->objs[i].date_added;
		lastidx = i;
		sent++;
	}
	free(cand);
	if (sent > 0)
		snprintf(tok, sizeof(tok), "%s,%s,%s", c->objs[lastidx].key,
		    c->objs[lastidx].id, c->objs[lastidx].version);
	else
		nw_strlcpy(tok, "start", sizeof(tok));
	if (r->loop) {
		/* the token asked with comes back: a loop */
		more = 1;
		if (next != NULL)
			nw_strlcpy(tok, next, sizeof(tok));
	}
	json_object_object_add(env, "more", json_object_new_boolean(more));
	if (more && !r->no_next)
		json_object_object_add(env, "next", json_object_new_string(tok));
	if (sent > 0)
		json_object_object_add(env, "objects", list);
	else
		json_object_put(list);
	{
		size_t n = strlen(note);

		snprintf(note + n, sizeof(note) - n, " %zu objects%s", sent,
		    more ? ", more" : "");
	}
	ret = reply_json(r, 200, env, r->wrong_type ? "application/json" :
	    NULL, r->no_dates ? NULL : first, r->no_dates ? NULL : last, note);
	return ret;
}

static enum MHD_Result
add_objects(struct req *r, struct coll *c)
{
	json_tokener *tok;
	json_object *env, *objs, *o, *st;
	char now[64];
	size_t i, n, ok = 0;

	if (!c->can_write)
		return reply_error(r, 403, "the collection cannot be written");
	tok = json_tokener_new_ex(MAX_DEPTH);
	env = json_tokener_parse_ex(tok, r->body != NULL ? r->body : "",
	    (int)r->bodylen);
	if (env == NULL || json_tokener_get_error(tok) != json_tokener_success ||
	    !json_object_object_get_ex(env, "objects", &objs) ||
	    !json_object_is_type(objs, json_type_array)) {
		json_tokener_free(tok);
		json_object_put(env);
		return reply_error(r, 400, "not an envelope with objects");
	}
	json_tokener_free(tok);
	n = json_object_array_length(objs);
	for (i = 0; i < n; i++) {
		o = json_object_array_get_idx(objs, i);
		ts_now(now);
		if (coll_add(c, o, now) == 0)
			ok++;
	}
	qsort(c->objs, c->n, sizeof(*c->objs), obj_cmp);
	st = json_object_new_object();
	json_object_object_add(st, "id", json_object_new_string(
	    "2d086da7-4bdc-4f91-900e-000000000001"));
	json_object_object_add(st, "status", json_object_new_string(
	    "complete"));
	json_object_object_add(st, "total_count", json_object_new_int64(
	    (int64_t)n));
	json_object_object_add(st, "success_count", json_object_new_int64(
	    (int64_t)ok));
	json_object_object_add(st, "failure_count", json_object_new_int64(
	    (int64_t)(n - ok)));
	json_object_object_add(st, "pending_count", json_object_new_int64(0));
	json_object_put(env);
	return reply_json(r, 202, st, NULL, NULL, NULL, NULL);
}

static int
auth_ok(struct req *r)
{
	char *u, *p = NULL, *both;
	int ok;

	if (user == NULL)
		return 1;
	u = MHD_basic_auth_get_username_password(r->conn, &p);
	if (u == NULL) {
		if (p != NULL)
			MHD_free(p);
		return 0;
	}
	both = xasprintf("%s:%s", u, p != NULL ? p : "");
	ok = strcmp(both, user) == 0;
	free(both);
	MHD_free(u);
	if (p != NULL)
		MHD_free(p);
	return ok;
}

/* Read a segment into seg and move *p past it and its slash. */
static int
seg_next(const char **p, char *seg, size_t sz)
{
	const char *s = *p, *e;
	size_t n;

	if (*s == '\0')
		return -1;
	e = strchr(s, '/');
	n = e != NULL ? (size_t)(e - s) : strlen(s);
	if (n == 0 || n >= sz)
		return -1;
	memcpy(seg, s, n);
	seg[n] = '\0';
	*p = e != NULL ? e + 1 : s + n;
	return 0;
}

static enum MHD_Result
dispatch(struct req *r, const char *path)
{
	char seg[MAX_SEG], root[MAX_SEG], id[MAX_SEG];
	const char *p = path, *before;
	long long a, b;
	json_object *ar, *list;
	struct coll *k;
	size_t i, n;

	/* the misbehaviour prefixes */
	for (;;) {
		before = p;
		if (seg_next(&p, seg, sizeof(seg)) == -1)
			return reply_error(r, 404, "nothing here");
		if (strcmp(seg, "loop") == 0)
			r->loop = 1;
		else if (strcmp(seg, "wrong-type") == 0)
			r->wrong_type = 1;
		else if (strcmp(seg, "no-next") == 0)
			r->no_next = 1;
		else if (strcmp(seg, "no-dates") == 0)
			r->no_dates = 1;
		else if (strcmp(seg, "slow") == 0) {
			if (seg_next(&p, seg, sizeof(seg)) == -1 ||
			    nw_parse_ll(seg, 1, MAX_SLOW_MS, &a) == -1)
				return reply_error(r, 400, "bad /slow");
			r->slow_ms = (long)a;
		} else
			break;
		n = strlen(r->prefix);
		snprintf(r->prefix + n, sizeof(r->prefix) - n, "/%.*s",
		    (int)(p - before - (p[-1] == '/' ? 1 : 0)), before);
	}
	if (strcmp(seg, "taxii2") == 0 && *p == '\0')
		return serve_discovery(r);
	if (strcmp(seg, "_arm") == 0) {
		if (seg_next(&p, seg, sizeof(seg)) == -1 ||
		    strcmp(seg, "fail") != 0 ||
		    seg_next(&p, seg, sizeof(seg)) == -1 ||
		    nw_parse_ll(seg, 1, 1000000, &a) == -1 ||
		    seg_next(&p, seg, sizeof(seg)) == -1 ||
		    nw_parse_ll(seg, 0, 1000000, &b) == -1 || *p != '\0')
			return reply_error(r, 400, "bad /_arm/fail/P/T");
		arm_base = nobjreq;
		arm_p = a;
		arm_t = b;
		return reply_json(r, 200, json_object_new_object(), NULL, NULL,
		    NULL, NULL);
	}
	nw_strlcpy(root, seg, sizeof(root));
	ar = api_root(root);
	if (ar == NULL)
		return reply_error(r, 404, "no such API root");
	if (*p == '\0') {
		json_object *info;

		if (!json_object_object_get_ex(ar, "information", &info))
			return reply_error(r, 404, "no information");
		return reply_json(r, 200, json_object_get(info), NULL, NULL,
		    NULL, NULL);
	}
	if (seg_next(&p, seg, sizeof(seg)) == -1 ||
	    strcmp(seg, "collections") != 0)
		return reply_error(r, 404, "nothing here");
	if (*p == '\0') {
		list = json_object_new_array();
		for (i = 0; i < ncolls; i++)
			if (strcmp(colls[i].root, root) == 0)
				json_object_array_add(list,
				    json_object_get(colls[i].info));
		ar = json_object_new_object();
		if (json_object_array_length(list) > 0)
			json_object_object_add(ar, "collections", list);
		else
			json_object_put(list);
		return reply_json(r, 200, ar, NULL, NULL, NULL, NULL);
	}
	if (seg_next(&p, id, sizeof(id)) == -1 ||
	    (k = coll_find(root, id)) == NULL)
		return reply_error(r, 404, "no such collection");
	if (*p == '\0')
		return reply_json(r, 200, json_object_get(k->info), NULL, NULL,
		    NULL, NULL);
	if (seg_next(&p, seg, sizeof(seg)) == -1 ||
	    strcmp(seg, "objects") != 0 || *p != '\0')
		return reply_error(r, 404, "nothing here");
	if (strcmp(r->method, "POST") == 0)
		return add_objects(r, k);
	return serve_objects(r, k);
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **state)
{
	struct upload *up = *state;
	struct req r;
	enum MHD_Result ret;

	(void)cls;
	(void)version;
	if (up == NULL) {		/* headers are in; answer later */
		up = xcalloc(1, sizeof(*up));
		nw_buf_init(&up->b, MAX_POST);
		*state = up;
		return MHD_YES;
	}
	if (*upload_data_size != 0) {
		if (nw_buf_add(&up->b, upload_data, *upload_data_size) == -1)
			up->over = 1;
		*upload_data_size = 0;
		return MHD_YES;
	}
	memset(&r, 0, sizeof(r));
	r.conn = conn;
	r.method = method;
	r.url = url;
	r.body = up->b.data;
	r.bodylen = up->b.len;
	if (strcmp(method, "GET") != 0 && strcmp(method, "POST") != 0)
		return reply_error(&r, 400, "GET or POST only");
	if (up->over)
		return reply_error(&r, 400, "body too large");
	if (!auth_ok(&r))
		return reply_error(&r, 401, "credentials wanted");
	if (url[0] != '/')
		return reply_error(&r, 400, "bad path");
	pthread_mutex_lock(&mtx);
	ret = dispatch(&r, url + 1);
	pthread_mutex_unlock(&mtx);
	return ret;
}

static void
completed(void *cls, struct MHD_Connection *conn, void **state,
    enum MHD_RequestTerminationCode why)
{
	struct upload *up = *state;

	(void)cls;
	(void)conn;
	(void)why;
	if (up == NULL)
		return;
	nw_buf_free(&up->b);
	free(up);
	*state = NULL;
}

static void
usage(void)
{
	fprintf(stderr, "usage: taxiid --data FILE --port-file FILE "
	    "[--port N] [--user USER:PASSWORD] [--page-max N]\n");
	exit(2);
}

int
main(int argc, char *argv[])
{
	struct sockaddr_in sin;
	struct MHD_Daemon *d;
	const union MHD_DaemonInfo *di;
	struct nw_error err;
	const char *port_file = NULL, *datafile = NULL;
	long long pnum = 0, n;
	sigset_t set;
	char buf[16];
	int i, sig, len;

	for (i = 1; i < argc; i++) {
		if (i + 1 >= argc)
			usage();
		if (strcmp(argv[i], "--data") == 0)
			datafile = argv[++i];
		else if (strcmp(argv[i], "--port-file") == 0)
			port_file = argv[++i];
		else if (strcmp(argv[i], "--user") == 0)
			user = argv[++i];
		else if (strcmp(argv[i], "--port") == 0) {
			if (nw_parse_ll(argv[++i], 0, 65535, &pnum) == -1)
				usage();
		} else if (strcmp(argv[i], "--page-max") == 0) {
			if (nw_parse_ll(argv[++i], 1, 1000000, &n) == -1)
				usage();
			page_max = (long)n;
		} else
			usage();
	}
	if (datafile == NULL || port_file == NULL)
		usage();
	if (load_data(datafile) == -1)
		return 1;

	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)pnum);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	d = MHD_start_daemon(MHD_USE_THREAD_PER_CONNECTION |
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG,
	    (uint16_t)pnum, NULL, NULL, handle, NULL,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sin,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)CONN_TIMEOUT,
	    MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
	    MHD_OPTION_END);
	if (d == NULL) {
		fprintf(stderr, "taxiid: cannot listen on 127.0.0.1:%lld\n",
		    pnum);
		data_free();
		return 1;
	}
	di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	if (di == NULL || di->port == 0) {
		MHD_stop_daemon(d);
		data_free();
		return 1;
	}
	port = di->port;
	nw_error_clear(&err);
	len = snprintf(buf, sizeof(buf), "%u\n", port);
	if (nw_write_file_atomic(port_file, buf, (size_t)len, &err) == -1) {
		fprintf(stderr, "taxiid: %s: %s\n", port_file, err.msg);
		MHD_stop_daemon(d);
		data_free();
		return 1;
	}
	fprintf(stderr, "taxiid: serving %s on 127.0.0.1:%u\n", datafile,
	    port);

	while (sigwait(&set, &sig) != 0)
		;
	atomic_store(&stopping, 1);
	MHD_stop_daemon(d);
	data_free();
	fprintf(stderr, "taxiid: stopped by signal %d\n", sig);
	return 0;
}
