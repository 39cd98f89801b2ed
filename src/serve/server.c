/*
 * server.c - the TAXII 2.1 server: libmicrohttpd with a pool of worker
 * threads, each with its own read-only SQLite connection (WAL: a reader
 * sees the snapshot of its statement while ingest writes).  See
 * taxii_server.h; section numbers are those of TAXII 2.1.
 *
 * Pages are built from the stored canonical JSON of each row, never
 * serialised again.  Response memory is the request's: running out of it
 * fails that request with 500, never the server (STYLE.md 5).
 */
#include "config.h"

#include <sys/random.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <microhttpd.h>
#include <sqlite3.h>

#include "normwatch/log.h"
#include "normwatch/stix.h"
#include "normwatch/stixval.h"
#include "normwatch/taxii_server.h"
#include "normwatch/util.h"

#include "serve.h"

#define MAX_ARG_VALUE	4096	/* bytes of one query parameter */
#define MAX_SEGMENTS	8	/* path segments of a TAXII URL */
#define STMT_CACHE	16	/* prepared page queries per thread */
#define BUSY_MS		5000	/* wait for the writer this long */
#define PAGE_HEAD	96	/* bytes kept for a page's head */
#define SEND_BUFFER	(1 << 20)	/* bytes of a socket's send buffer */
#define XSTR(x)		#x
#define STR(x)		XSTR(x)
#define READ_CACHE_KIB	256	/* SQLite page cache of a reader: the OS
				   caches the file, so memory stays flat
				   however large the store */
#define MAX_PEM		(64u << 10)	/* bytes of a TLS key or certificate */
#define REALM		"normwatch TAXII"

/* --- a response buffer whose allocation may fail ----------------------------- */

struct sbuf {
	char	*d;
	size_t	 len;
	size_t	 cap;
	int	 bad;		/* sticky: out of memory or over the cap */
};

/*
 * Test hooks for the allocations of the request path (every one this
 * file makes for a request, and the responses it creates):
 * NORMWATCH_TEST_FAIL_ALLOC=N fails every Nth of them, and
 * NORMWATCH_TEST_FAIL_ALLOC_AT=N only the Nth since the server started
 * (tests/integration/taxiis-faults.sh sweeps N).  The allocations of
 * libmicrohttpd, SQLite and the JSON reader are not counted.
 */
static unsigned long fail_every;
static unsigned long fail_at;
static unsigned long alloc_count;

static int
alloc_fails(void)
{
	unsigned long n;

	if (fail_every == 0 && fail_at == 0)
		return 0;
	n = __atomic_add_fetch(&alloc_count, 1, __ATOMIC_RELAXED);
	return (fail_every > 0 && n % fail_every == 0) || n == fail_at;
}

static void *
r_malloc(size_t n)
{
	return alloc_fails() ? NULL : malloc(n);
}

static void *
r_calloc(size_t m, size_t n)
{
	return alloc_fails() ? NULL : calloc(m, n);
}

static void *
r_realloc(void *p, size_t n)
{
	return alloc_fails() ? NULL : realloc(p, n);
}

static char *
r_strdup(const char *s)
{
	return alloc_fails() ? NULL : strdup(s);
}

static int
sb_grow(struct sbuf *b, size_t need)
{
	size_t cap;
	char *d;

	if (b->bad)
		return -1;
	if (b->len + need + 1 <= b->cap)
		return 0;
	if (b->len + need + 1 > NW_TAXIIS_MAX_PAGE) {
		b->bad = 1;
		return -1;
	}
	cap = b->cap == 0 ? 4096 : b->cap;
	while (cap < b->len + need + 1)
		cap *= 2;
	d = r_realloc(b->d, cap);
	if (d == NULL) {
		b->bad = 1;
		return -1;
	}
	b->d = d;
	b->cap = cap;
	return 0;
}

static void
sb_add(struct sbuf *b, const char *s, size_t n)
{
	if (sb_grow(b, n) == -1)
		return;
	memcpy(b->d + b->len, s, n);
	b->len += n;
	b->d[b->len] = '\0';
}

static void
sb_adds(struct sbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

static void
sb_addf(struct sbuf *b, const char *fmt, ...) NW_PRINTF(2, 3);
static void
sb_addf(struct sbuf *b, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(tmp)) {
		b->bad = 1;
		return;
	}
	sb_add(b, tmp, (size_t)n);
}

/* A JSON string with quotes; s is valid UTF-8 (checked by the caller). */
static void
sb_str(struct sbuf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	char e[8];

	sb_add(b, "\"", 1);
	for (; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\') {
			e[0] = '\\';
			e[1] = (char)*p;
			sb_add(b, e, 2);
		} else if (*p < 0x20) {
			memcpy(e, "\\u00", 4);
			e[4] = hex[*p >> 4];
			e[5] = hex[*p & 15];
			sb_add(b, e, 6);
		} else
			sb_add(b, (const char *)p, 1);
	}
	sb_add(b, "\"", 1);
}

/* A non-negative integer and a comma, without printf (once a row). */
static void
sb_int(struct sbuf *b, int64_t v)
{
	char d[24];
	size_t i = sizeof(d);

	d[--i] = ',';
	do {
		d[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0 && i > 0);
	sb_add(b, d + i, sizeof(d) - i);
}

static void
sb_free(struct sbuf *b)
{
	free(b->d);
	memset(b, 0, sizeof(*b));
}

/* --- UTF-8 ---------------------------------------------------------------------- */

static int
utf8_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned c, n, i, min;

	while (*p != '\0') {
		c = *p;
		if (c < 0x80) {
			p++;
			continue;
		} else if ((c & 0xe0) == 0xc0) {
			n = 1; c &= 0x1f; min = 0x80;
		} else if ((c & 0xf0) == 0xe0) {
			n = 2; c &= 0x0f; min = 0x800;
		} else if ((c & 0xf8) == 0xf0) {
			n = 3; c &= 0x07; min = 0x10000;
		} else
			return 0;
		for (i = 1; i <= n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return 0;
			c = (c << 6) | (p[i] & 0x3f);
		}
		if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
			return 0;
		p += n + 1;
	}
	return 1;
}

/* --- the server and its threads' connections ---------------------------------- */

/*
 * One client connection, for the reaper.  libmicrohttpd's timeout is an
 * idle timeout: a client that sends a header byte a second (slowloris)
 * never idles.  So every connection has a phase start (its accept, its
 * headers complete, its last request done), and a reaper thread shuts
 * down the socket of one whose phase has lasted more than --timeout; the
 * worker that owns it then sees the socket fail and closes it.  Slots
 * are added and removed by the owning worker (notify_conn) under the
 * server's clock mutex, which the reaper holds while it shuts a socket
 * down, so it never touches a closed descriptor.
 */
struct cslot {
	int		 fd;
	struct timespec	 phase;		/* CLOCK_MONOTONIC */
	struct cslot	*prev;
	struct cslot	*next;
};

struct stmt_slot {
	char		*sql;
	sqlite3_stmt	*st;
};

struct tdb {
	sqlite3			*ro;
	sqlite3			*rw;
	struct nw_taxiis_put	*put;
	struct stmt_slot	 cache[STMT_CACHE];
	size_t			 next;
};

struct nw_taxiis {
	struct MHD_Daemon	*d;
	struct nw_users		*users;
	char			*dbpath;
	char			*public_url;	/* without a trailing '/', or NULL */
	unsigned		 timeout;
	unsigned		 port;
	int			 no_anonymous;
	char			*cert;
	char			*key;
	pthread_key_t		 tkey;
	int			 tkey_made;
	/* the reaper: connections and when their current phase began */
	pthread_mutex_t		 clock;
	struct cslot		*conns;
	pthread_t		 reaper;
	int			 reaper_made;
	int			 stopping;	/* under clock */
	pthread_cond_t		 wake;
};

static void
tdb_free(void *arg)
{
	struct tdb *t = arg;
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < STMT_CACHE; i++) {
		sqlite3_finalize(t->cache[i].st);
		free(t->cache[i].sql);
	}
	nw_taxiis_put_free(t->put);
	sqlite3_close(t->ro);
	sqlite3_close(t->rw);
	free(t);
}

static struct tdb *
tdb_get(struct nw_taxiis *s)
{
	struct tdb *t = pthread_getspecific(s->tkey);

	if (t != NULL)
		return t;
	t = r_calloc(1, sizeof(*t));
	if (t == NULL)
		return NULL;
	if (sqlite3_open_v2(s->dbpath, &t->ro, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
	    sqlite3_busy_timeout(t->ro, BUSY_MS) != SQLITE_OK ||
	    sqlite3_exec(t->ro, "PRAGMA cache_size = -" STR(READ_CACHE_KIB),
	    NULL, NULL, NULL) != SQLITE_OK) {
		nw_log(NW_LOG_ERROR, s->dbpath, "serve: cannot open the store: "
		    "%s", t->ro != NULL ? sqlite3_errmsg(t->ro) : "no memory");
		tdb_free(t);
		return NULL;
	}
	if (pthread_setspecific(s->tkey, t) != 0) {
		tdb_free(t);
		return NULL;
	}
	return t;
}

/* The thread's writing connection, opened when first needed. */
static struct nw_taxiis_put *
tdb_put(struct nw_taxiis *s, struct tdb *t, struct nw_error *err)
{
	if (t->put != NULL)
		return t->put;
	if (t->rw == NULL) {
		if (sqlite3_open_v2(s->dbpath, &t->rw, SQLITE_OPEN_READWRITE |
		    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
		    sqlite3_busy_timeout(t->rw, BUSY_MS) != SQLITE_OK) {
			nw_error_set(err, NW_E_STORE, "open for writing: %s",
			    t->rw != NULL ? sqlite3_errmsg(t->rw) : "no memory");
			sqlite3_close(t->rw);
			t->rw = NULL;
			return NULL;
		}
	}
	t->put = nw_taxiis_put_new(t->rw, err);
	return t->put;
}

/* A prepared statement for sql, from the thread's cache. */
static sqlite3_stmt *
tdb_stmt(struct tdb *t, const char *sql)
{
	struct stmt_slot *sl;
	sqlite3_stmt *st = NULL;
	size_t i;

	for (i = 0; i < STMT_CACHE; i++)
		if (t->cache[i].sql != NULL && strcmp(t->cache[i].sql, sql) == 0) {
			sqlite3_reset(t->cache[i].st);
			sqlite3_clear_bindings(t->cache[i].st);
			return t->cache[i].st;
		}
	if (sqlite3_prepare_v3(t->ro, sql, -1, SQLITE_PREPARE_PERSISTENT, &st,
	    NULL) != SQLITE_OK)
		return NULL;
	sl = &t->cache[t->next];
	t->next = (t->next + 1) % STMT_CACHE;
	sqlite3_finalize(sl->st);
	free(sl->sql);
	sl->st = st;
	sl->sql = r_strdup(sql);
	if (sl->sql == NULL) {
		sqlite3_finalize(st);
		sl->st = NULL;
		return NULL;
	}
	return st;
}

/* --- one request ------------------------------------------------------------------ */

struct req {
	struct timespec	 start;
	char		*body;
	size_t		 len;
	size_t		 cap;
	int		 over;		/* the body crossed max_content_length */
	int		 nomem;
	int		 busy;		/* over the bytes all bodies may take */
	size_t		 counted;	/* bytes of it in buffered_total */
};

struct filt {
	const char	*added_after;
	int64_t		 after_us;	/* -1 when none */
	int64_t		 limit;
	int		 has_next;
	int64_t		 next_added;
	int64_t		 next_seq;
	const char	*ids[NW_TAXIIS_MAX_MATCH];
	size_t		 nids;
	const char	*types[NW_TAXIIS_MAX_MATCH];
	size_t		 ntypes;
	char		 vkeys[NW_TAXIIS_MAX_MATCH][32];
	size_t		 nvkeys;
	int		 v_first, v_last, v_all;
	const char	*specs[NW_TAXIIS_MAX_MATCH];
	size_t		 nspecs;
	char		*strings;	/* the split values live here */
};

/* What one call needs: the connection, server, user and answer so far. */
struct call {
	struct nw_taxiis	*s;
	struct MHD_Connection	*c;
	struct req		*r;
	const struct nw_user	*user;
	int			 anonymous;	/* no credentials given */
	const char		*method;
	int			 head;
};

static void
free_body(void *p)
{
	free(p);
}

static enum MHD_Result nomem(struct call *);

/*
 * Queue body (taken) from byte off on: the bytes before off are room a
 * page left for its head (see page()).
 */
static enum MHD_Result
queue_at(struct call *k, unsigned code, struct sbuf *body, size_t off,
    const char *etag, int cache, const char *first, const char *last)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;

	/* an answer that could not be built: 500 (nomem's is static) */
	if (body->bad) {
		sb_free(body);
		return nomem(k);
	}
	resp = alloc_fails() ? NULL :
	    MHD_create_response_from_buffer_with_free_callback_cls(
	    body->len - off, body->d + off, free_body, body->d);
	if (resp == NULL) {
		sb_free(body);
		return nomem(k);
	}
	body->d = NULL;
	sb_free(body);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
	    NW_TAXIIS_MEDIA_TYPE);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY,
	    "Accept, Authorization");
	if (etag != NULL)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, etag);
	if (cache)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
		    k->anonymous ? "public, max-age=10" : "public, no-cache");
	else
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
		    "no-store");
	if (first != NULL)
		MHD_add_response_header(resp, "X-TAXII-Date-Added-First", first);
	if (last != NULL)
		MHD_add_response_header(resp, "X-TAXII-Date-Added-Last", last);
	if (code == MHD_HTTP_UNAUTHORIZED)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
		    "Basic realm=\"" REALM "\", charset=\"UTF-8\"");
	if (code == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW,
		    "GET, HEAD, POST, DELETE");
	ret = MHD_queue_response(k->c, code, resp);
	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result
queue(struct call *k, unsigned code, struct sbuf *body, const char *etag,
    int cache, const char *first, const char *last)
{
	return queue_at(k, code, body, 0, etag, cache, first, last);
}

static const char *
status_title(unsigned code)
{
	switch (code) {
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 406: return "Not Acceptable";
	case 408: return "Request Timeout";
	case 413: return "Payload Too Large";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Entity";
	case 503: return "Service Unavailable";
	default: return "Internal Server Error";
	}
}

/* An error message resource (3.6.1): title, description, http_status. */
static enum MHD_Result
fail(struct call *k, unsigned code, const char *fmt, ...) NW_PRINTF(3, 4);
static enum MHD_Result
fail(struct call *k, unsigned code, const char *fmt, ...)
{
	struct sbuf b;
	char desc[512], safe[600];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(desc, sizeof(desc), fmt, ap);
	va_end(ap);
	/* descriptions quote requests: only valid UTF-8 goes out */
	if (!utf8_ok(desc))
		nw_log_escape(desc, strlen(desc), safe, sizeof(safe));
	else
		nw_strlcpy(safe, desc, sizeof(safe));
	memset(&b, 0, sizeof(b));
	sb_adds(&b, "{\"description\":");
	sb_str(&b, safe);
	sb_addf(&b, ",\"http_status\":\"%u\",\"title\":", code);
	sb_str(&b, status_title(code));
	sb_adds(&b, "}");
	if (code >= 500)
		nw_log(NW_LOG_ERROR, "serve", "%s %u: %s", k->method, code, safe);
	return queue(k, code, &b, NULL, 0, NULL, NULL);
}

static enum MHD_Result
nomem(struct call *k)
{
	static char body[] = "{\"description\":\"out of memory\","
	    "\"http_status\":\"500\",\"title\":\"Internal Server Error\"}";
	struct MHD_Response *resp;
	enum MHD_Result ret;

	resp = MHD_create_response_from_buffer(sizeof(body) - 1, body,
	    MHD_RESPMEM_PERSISTENT);
	if (resp == NULL)
		return MHD_NO;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
	    NW_TAXIIS_MEDIA_TYPE);
	ret = MHD_queue_response(k->c, 500, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* --- media types (1.6.8) ----------------------------------------------------------- */

/*
 * Is s (one media range of Accept, or a Content-Type) application/
 * taxii+json with version 2.1 or no version, and for Accept a q above 0?
 * The type and parameter names in any case, blanks around ';' and '='.
 */
static int
media_ok(const char *s, size_t n, int accept)
{
	static const char want[] = "application/taxii+json";
	const char *p = s, *end = s + n, *name, *val;
	size_t nl, vl;
	int ok = 1;

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if ((size_t)(end - p) < sizeof(want) - 1 ||
	    !nw_strncaseeq(p, want, sizeof(want) - 1))
		return 0;
	p += sizeof(want) - 1;
	for (;;) {
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p == end)
			return ok;
		if (*p != ';')
			return 0;
		p++;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		name = p;
		while (p < end && *p != '=' && *p != ';' && *p != ' ')
			p++;
		nl = (size_t)(p - name);
		while (p < end && *p == ' ')
			p++;
		if (p == end || *p != '=')
			return 0;
		p++;
		while (p < end && *p == ' ')
			p++;
		val = p;
		while (p < end && *p != ';' && *p != ' ' && *p != '\t')
			p++;
		vl = (size_t)(p - val);
		if (vl >= 2 && val[0] == '"' && val[vl - 1] == '"') {
			val++;
			vl -= 2;
		}
		if (nl == 7 && nw_strncaseeq(name, "version", 7)) {
			if (vl != 3 || memcmp(val, "2.1", 3) != 0)
				ok = 0;
		} else if (accept && nl == 1 && (name[0] == 'q' || name[0] == 'Q')) {
			/* q=0, 0.0, 0.00, 0.000: not acceptable */
			size_t i;
			int zero = vl > 0 && val[0] == '0';

			for (i = 1; i < vl; i++)
				if (val[i] != '.' && val[i] != '0')
					zero = 0;
			if (zero)
				ok = 0;
		}
	}
}

static int
accept_ok(const char *a)
{
	const char *p = a, *comma;

	if (a == NULL)
		return 0;
	for (;;) {
		comma = strchr(p, ',');
		if (media_ok(p, comma != NULL ? (size_t)(comma - p) : strlen(p),
		    1))
			return 1;
		if (comma == NULL)
			return 0;
		p = comma + 1;
	}
}

/* --- ETags ---------------------------------------------------------------------------- */

static void
etag_of(const void *data, size_t len, char out[72])
{
	char hex[NW_SHA256_HEX];

	nw_sha256_hex(data, len, hex);
	snprintf(out, 72, "\"%.40s\"", hex);
}

/* Does If-None-Match name this ETag (or "*")?  Weak comparison (RFC 9110). */
static int
not_modified(struct call *k, const char *etag)
{
	const char *h = MHD_lookup_connection_value(k->c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_IF_NONE_MATCH);
	const char *p;
	size_t el = strlen(etag);

	if (h == NULL)
		return 0;
	for (p = h; *p != '\0';) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '*')
			return 1;
		if (strncmp(p, "W/", 2) == 0)
			p += 2;
		if (strncmp(p, etag, el) == 0 && (p[el] == '\0' ||
		    p[el] == ',' || p[el] == ' ' || p[el] == '\t'))
			return 1;
		while (*p != '\0' && *p != ',')
			p++;
	}
	return 0;
}

static enum MHD_Result
reply_304(struct call *k, const char *etag)
{
	struct sbuf b;

	memset(&b, 0, sizeof(b));
	if (sb_grow(&b, 1) == -1)
		return nomem(k);
	return queue(k, MHD_HTTP_NOT_MODIFIED, &b, etag, 1, NULL, NULL);
}

/* A small resource: ETag of its bytes, 304 when the client has it. */
static enum MHD_Result
reply_resource(struct call *k, struct sbuf *b)
{
	char etag[72];

	if (b->bad) {
		sb_free(b);
		return nomem(k);
	}
	etag_of(b->d, b->len, etag);
	if (not_modified(k, etag)) {
		sb_free(b);
		return reply_304(k, etag);
	}
	return queue(k, MHD_HTTP_OK, b, etag, 1, NULL, NULL);
}

/* --- filters (3.4, 3.5) ------------------------------------------------------------------ */

enum {
	F_ADDED = 0x01, F_LIMIT = 0x02, F_NEXT = 0x04, F_ID = 0x08,
	F_TYPE = 0x10, F_VERSION = 0x20, F_SPEC = 0x40
};

struct argscan {
	struct call	*k;
	unsigned	 allowed;
	unsigned	 seen;
	const char	*bad;		/* why the request is refused */
	const char	*badkey;
	const char	*v[7];		/* raw values by filter bit index */
};

static enum MHD_Result
arg_it(void *cls, enum MHD_ValueKind kind, const char *key, const char *val)
{
	static const char *const names[7] = { "added_after", "limit", "next",
	    "match[id]", "match[type]", "match[version]", "match[spec_version]" };
	struct argscan *a = cls;
	size_t i;

	(void)kind;
	if (a->bad != NULL)
		return MHD_NO;
	for (i = 0; i < 7; i++)
		if (strcmp(key, names[i]) == 0)
			break;
	if (i == 7) {
		if (strncmp(key, "match[", 6) == 0) {
			a->bad = "is not a filter this server knows";
			a->badkey = key;
		}
		return MHD_YES;
	}
	a->badkey = names[i];
	if (!(a->allowed & (1u << i))) {
		a->bad = "is not a filter of this endpoint";
		return MHD_NO;
	}
	if (a->seen & (1u << i)) {
		a->bad = "is given twice";
		return MHD_NO;
	}
	if (val == NULL || val[0] == '\0' || strlen(val) > MAX_ARG_VALUE ||
	    !utf8_ok(val)) {
		a->bad = "is empty, too long or not UTF-8";
		return MHD_NO;
	}
	a->seen |= 1u << i;
	a->v[i] = val;
	return MHD_YES;
}

/* Microseconds of a STIX/RFC 3339 timestamp (fraction cut at µs): 0/-1. */
static int
ts_us(const char *s, int64_t *out)
{
	struct tm tm;
	const char *why, *p;
	int frac, i;
	int64_t us = 0;
	time_t t;

	if (nw_stix_timestamp_parse(s, strlen(s), &frac, &why) == -1)
		return -1;
	memset(&tm, 0, sizeof(tm));
	p = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	if (p == NULL)
		return -1;
	t = timegm(&tm);
	if (*p == '.')
		p++;
	for (i = 0; i < 6; i++)
		us = us * 10 + (i < frac ? p[i] - '0' : 0);
	*out = (int64_t)t * 1000000 + us;
	return 0;
}

/* Split a comma-separated value into list (at most NW_TAXIIS_MAX_MATCH). */
static int
split(char *s, const char **list, size_t *n)
{
	char *p = s, *c;

	*n = 0;
	for (;;) {
		if (*n == NW_TAXIIS_MAX_MATCH)
			return -1;
		c = strchr(p, ',');
		if (c != NULL)
			*c = '\0';
		if (*p == '\0')
			return -1;
		list[(*n)++] = p;
		if (c == NULL)
			return 0;
		p = c + 1;
	}
}

static int
digits(const char *s, size_t min, size_t max)
{
	size_t n = 0;

	for (; s[n] != '\0'; n++)
		if (s[n] < '0' || s[n] > '9')
			return 0;
	return n >= min && n <= max;
}

/*
 * Read the filters allowed here into *f; on a bad one answer 400 and
 * return -1 (*ret is the MHD answer).
 */
static int
filters(struct call *k, unsigned allowed, struct filt *f,
    enum MHD_Result *ret)
{
	struct argscan a;
	const char *list[NW_TAXIIS_MAX_MATCH];
	size_t n, i, total = 0;
	char *p;
	long long ll;

	memset(f, 0, sizeof(*f));
	f->after_us = -1;
	f->limit = NW_TAXIIS_DEF_LIMIT;
	memset(&a, 0, sizeof(a));
	a.k = k;
	a.allowed = allowed;
	MHD_get_connection_values(k->c, MHD_GET_ARGUMENT_KIND, arg_it, &a);
	if (a.bad != NULL) {
		*ret = fail(k, 400, "%s %s", a.badkey, a.bad);
		return -1;
	}
	for (i = 3; i < 7; i++)
		if (a.v[i] != NULL)
			total += strlen(a.v[i]) + 1;
	if (total > 0)
		f->strings = r_malloc(total);
	if (total > 0 && f->strings == NULL) {
		*ret = nomem(k);
		return -1;
	}
	p = f->strings;
	if (a.v[0] != NULL) {
		if (ts_us(a.v[0], &f->after_us) == -1) {
			*ret = fail(k, 400, "added_after is not a timestamp "
			    "(YYYY-MM-DDTHH:MM:SS[.s]Z)");
			return -1;
		}
		f->added_after = a.v[0];
	}
	if (a.v[1] != NULL) {
		/* a huge limit is a large wish, granted up to the page cap */
		if (!digits(a.v[1], 1, 64) || a.v[1][0] == '0') {
			*ret = fail(k, 400, "limit is not a positive integer");
			return -1;
		}
		if (strlen(a.v[1]) > 9 || nw_parse_ll(a.v[1], 1,
		    NW_TAXIIS_MAX_LIMIT, &ll) == -1)
			ll = NW_TAXIIS_MAX_LIMIT;
		f->limit = ll;
	}
	if (a.v[2] != NULL) {
		const char *dot = strchr(a.v[2], '.');
		char d[24];

		if (dot == NULL || (size_t)(dot - a.v[2]) >= sizeof(d) ||
		    strlen(a.v[2]) > NW_TAXIIS_MAX_NEXT) {
			*ret = fail(k, 400, "next is not a token this server "
			    "gave");
			return -1;
		}
		memcpy(d, a.v[2], (size_t)(dot - a.v[2]));
		d[dot - a.v[2]] = '\0';
		if (!digits(d, 1, 18) || !digits(dot + 1, 1, 18) ||
		    nw_parse_ll(d, 0, INT64_MAX, &ll) == -1) {
			*ret = fail(k, 400, "next is not a token this server "
			    "gave");
			return -1;
		}
		f->next_added = ll;
		if (nw_parse_ll(dot + 1, 0, INT64_MAX, &ll) == -1) {
			*ret = fail(k, 400, "next is not a token this server "
			    "gave");
			return -1;
		}
		f->next_seq = ll;
		f->has_next = 1;
	}
	for (i = 3; i < 7; i++) {
		if (a.v[i] == NULL)
			continue;
		memcpy(p, a.v[i], strlen(a.v[i]) + 1);
		if (split(p, list, &n) == -1) {
			*ret = fail(k, 400, "%s: empty values or more than %d",
			    i == 3 ? "match[id]" : i == 4 ? "match[type]" :
			    i == 5 ? "match[version]" : "match[spec_version]",
			    NW_TAXIIS_MAX_MATCH);
			return -1;
		}
		p += strlen(a.v[i]) + 1;
		for (size_t m = 0; m < n; m++) {
			const char *v = list[m];
			size_t tl;
			const char *why;

			if (i == 3) {
				if (nw_stix_id_parse(v, strlen(v), &tl,
				    &why) == -1) {
					*ret = fail(k, 400, "match[id]: not a "
					    "STIX identifier: %s", why);
					return -1;
				}
				f->ids[f->nids++] = v;
			} else if (i == 4) {
				if (!nw_stix_type_name_ok(v, strlen(v))) {
					*ret = fail(k, 400, "match[type]: not "
					    "a STIX type name");
					return -1;
				}
				f->types[f->ntypes++] = v;
			} else if (i == 5) {
				if (strcmp(v, "first") == 0)
					f->v_first = 1;
				else if (strcmp(v, "last") == 0)
					f->v_last = 1;
				else if (strcmp(v, "all") == 0)
					f->v_all = 1;
				else if (nw_taxiis_vkey(v,
				    f->vkeys[f->nvkeys]) == 0)
					f->nvkeys++;
				else {
					*ret = fail(k, 400, "match[version]: "
					    "not first, last, all or a "
					    "timestamp");
					return -1;
				}
			} else {
				if (strlen(v) != 3 || v[0] < '0' ||
				    v[0] > '9' || v[1] != '.' || v[2] < '0' ||
				    v[2] > '9') {
					*ret = fail(k, 400,
					    "match[spec_version]: not a "
					    "version such as 2.1");
					return -1;
				}
				f->specs[f->nspecs++] = v;
			}
		}
	}
	return 0;
}

/* --- pages --------------------------------------------------------------------------------- */

enum page_kind { PAGE_OBJECTS, PAGE_MANIFEST, PAGE_VERSIONS };

/* Append " AND col IN (?,?...)" binding from index *bi. */
static void
sql_in(struct sbuf *q, const char *col, size_t n)
{
	size_t i;

	if (n == 0)
		return;
	sb_addf(q, " AND %s IN (", col);
	for (i = 0; i < n; i++)
		sb_adds(q, i == 0 ? "?" : ",?");
	sb_adds(q, ")");
}

/*
 * One page of a collection (or of one object, id not NULL) as an
 * envelope (3.7), a manifest (5.3) or versions (5.7), with the
 * X-TAXII-Date-Added headers of the rows in it.
 */
static enum MHD_Result
page(struct call *k, struct tdb *t, const struct nw_taxiis_coll *coll,
    const char *id, enum page_kind kind, struct filt *f)
{
	struct sbuf q, b, tag;
	sqlite3_stmt *st;
	char first[32] = "", last[32] = "", etag[72], nexttok[64] = "";
	int64_t n = 0, added = 0, seq = 0;
	int bi = 1, r, more = 0, versions;
	size_t i;

	memset(&q, 0, sizeof(q));
	memset(&b, 0, sizeof(b));
	memset(&tag, 0, sizeof(tag));
	versions = kind == PAGE_VERSIONS;
	/* 3.5.1: without match[version], the latest version only */
	if (!f->v_first && !f->v_last && !f->v_all && f->nvkeys == 0)
		f->v_last = 1;
	sb_adds(&q, "SELECT seq, date_added, id, version, spec_version");
	sb_adds(&q, kind == PAGE_OBJECTS ? ", json" : ", NULL");
	sb_adds(&q, " FROM taxii_object WHERE collection = ?");
	if (id != NULL)
		sb_adds(&q, " AND id = ?");
	if (!versions && !f->v_all && f->v_last && !f->v_first &&
	    f->nvkeys == 0)
		sb_adds(&q, " AND latest = 1");	/* the partial index */
	else if (!versions && !f->v_all && (f->v_first || f->v_last ||
	    f->nvkeys > 0)) {
		sb_adds(&q, " AND (0");
		if (f->v_first)
			sb_adds(&q, " OR first = 1");
		if (f->v_last)
			sb_adds(&q, " OR latest = 1");
		if (f->nvkeys > 0) {
			sb_adds(&q, " OR vkey IN (");
			for (i = 0; i < f->nvkeys; i++)
				sb_adds(&q, i == 0 ? "?" : ",?");
			sb_adds(&q, ")");
		}
		sb_adds(&q, ")");
	}
	sql_in(&q, "id", f->nids);
	sql_in(&q, "type", f->ntypes);
	sql_in(&q, "spec_version", f->nspecs);
	if (f->after_us >= 0)
		sb_adds(&q, " AND date_added > ?");
	if (f->has_next)
		sb_adds(&q, " AND (date_added, seq) > (?, ?)");
	sb_adds(&q, " ORDER BY date_added, seq LIMIT ?");
	if (q.bad) {
		sb_free(&q);
		return nomem(k);
	}
	st = tdb_stmt(t, q.d);
	sb_free(&q);
	if (st == NULL)
		return fail(k, 500, "the store cannot be read: %s",
		    sqlite3_errmsg(t->ro));
	sqlite3_bind_text(st, bi++, coll->alias, -1, SQLITE_STATIC);
	if (id != NULL)
		sqlite3_bind_text(st, bi++, id, -1, SQLITE_STATIC);
	if (!versions && !f->v_all && (f->v_first || f->v_last ||
	    f->nvkeys > 0))
		for (i = 0; i < f->nvkeys; i++)
			sqlite3_bind_text(st, bi++, f->vkeys[i], -1,
			    SQLITE_STATIC);
	for (i = 0; i < f->nids; i++)
		sqlite3_bind_text(st, bi++, f->ids[i], -1, SQLITE_STATIC);
	for (i = 0; i < f->ntypes; i++)
		sqlite3_bind_text(st, bi++, f->types[i], -1, SQLITE_STATIC);
	for (i = 0; i < f->nspecs; i++)
		sqlite3_bind_text(st, bi++, f->specs[i], -1, SQLITE_STATIC);
	if (f->after_us >= 0)
		sqlite3_bind_int64(st, bi++, f->after_us);
	if (f->has_next) {
		sqlite3_bind_int64(st, bi++, f->next_added);
		sqlite3_bind_int64(st, bi++, f->next_seq);
	}
	sqlite3_bind_int64(st, bi++, f->limit + 1);

	/* room for the head, written once more and next are known, so the
	 * rows are copied once, from SQLite into the answer */
	sb_add(&b, "                                                    "
	    "                                            ", PAGE_HEAD);
	sb_addf(&tag, "%d|%s|", (int)kind, coll->alias);
	for (;;) {
		r = sqlite3_step(st);
		if (r != SQLITE_ROW)
			break;
		if (n == f->limit) {
			more = 1;
			break;
		}
		seq = sqlite3_column_int64(st, 0);
		added = sqlite3_column_int64(st, 1);
		if (n == 0)
			nw_taxiis_time_str(added, first);
		if (n > 0)
			sb_add(&b, ",", 1);
		if (kind == PAGE_OBJECTS)
			sb_add(&b, (const char *)sqlite3_column_text(st, 5),
			    (size_t)sqlite3_column_bytes(st, 5));
		else if (kind == PAGE_VERSIONS)
			sb_str(&b, (const char *)sqlite3_column_text(st, 3));
		else {
			nw_taxiis_time_str(added, last);
			sb_adds(&b, "{\"date_added\":");
			sb_str(&b, last);
			sb_adds(&b, ",\"id\":");
			sb_str(&b, (const char *)sqlite3_column_text(st, 2));
			sb_adds(&b, ",\"media_type\":\"application/stix+json;"
			    "version=");
			sb_adds(&b, (const char *)sqlite3_column_text(st, 4));
			sb_adds(&b, "\",\"version\":");
			sb_str(&b, (const char *)sqlite3_column_text(st, 3));
			sb_adds(&b, "}");
		}
		sb_int(&tag, seq);
		n++;
	}
	if (r != SQLITE_ROW && r != SQLITE_DONE) {
		sqlite3_reset(st);
		sb_free(&b);
		sb_free(&tag);
		return fail(k, 500, "the store cannot be read: %s",
		    sqlite3_errmsg(t->ro));
	}
	sqlite3_reset(st);
	if (n > 0)
		nw_taxiis_time_str(added, last);
	if (more)
		snprintf(nexttok, sizeof(nexttok), "%" PRId64 ".%" PRId64,
		    added, seq);
	sb_addf(&tag, "%d", more);
	if (b.bad || tag.bad) {
		sb_free(&b);
		sb_free(&tag);
		return nomem(k);
	}
	etag_of(tag.d, tag.len, etag);
	sb_free(&tag);
	/* one object that is not there at all: 404 (5.5, 5.7) */
	if (n == 0 && id != NULL) {
		sqlite3_stmt *ex = tdb_stmt(t, "SELECT 1 FROM taxii_object "
		    "WHERE collection = ? AND id = ? LIMIT 1");

		if (ex == NULL) {
			sb_free(&b);
			return fail(k, 500, "the store cannot be read");
		}
		sqlite3_bind_text(ex, 1, coll->alias, -1, SQLITE_STATIC);
		sqlite3_bind_text(ex, 2, id, -1, SQLITE_STATIC);
		r = sqlite3_step(ex);
		sqlite3_reset(ex);
		if (r != SQLITE_ROW) {
			sb_free(&b);
			return fail(k, 404, "no object %s in collection %s",
			    id, coll->alias);
		}
	}
	if (not_modified(k, etag)) {
		sb_free(&b);
		return reply_304(k, etag);
	}
	{
		char head[PAGE_HEAD + 1];
		int hl;

		hl = snprintf(head, sizeof(head), "{\"more\":%s%s%s%s%s",
		    more ? "true" : "false",
		    kind == PAGE_OBJECTS && more ? ",\"next\":\"" : "",
		    kind == PAGE_OBJECTS && more ? nexttok : "",
		    kind == PAGE_OBJECTS && more ? "\"" : "",
		    n == 0 ? "}" : kind == PAGE_VERSIONS ? ",\"versions\":[" :
		    ",\"objects\":[");
		if (hl < 0 || hl > PAGE_HEAD) {
			sb_free(&b);
			return fail(k, 500, "a page's head does not fit");
		}
		if (n == 0)
			b.len = PAGE_HEAD;
		else
			sb_adds(&b, "]}");
		if (b.bad) {
			sb_free(&b);
			return nomem(k);
		}
		memcpy(b.d + PAGE_HEAD - hl, head, (size_t)hl);
		return queue_at(k, MHD_HTTP_OK, &b, PAGE_HEAD - (size_t)hl, etag,
		    1, n > 0 ? first : NULL, n > 0 ? last : NULL);
	}
}

/* --- resources --------------------------------------------------------------------------------- */

static enum MHD_Result
discovery(struct call *k)
{
	struct sbuf b;

	const char *base = k->s->public_url != NULL ? k->s->public_url : "";

	memset(&b, 0, sizeof(b));
	sb_adds(&b, "{\"api_roots\":[\"");
	sb_adds(&b, base);
	sb_adds(&b, "/" NW_TAXIIS_API_ROOT "/\"],\"contact\":\"see "
	    "normwatch(1)\",\"default\":\"");
	sb_adds(&b, base);
	sb_adds(&b, "/" NW_TAXIIS_API_ROOT "/\",\"description\":\"Public "
	    "reporting on cyber incidents, with attribution claims and norm "
	    "findings, as STIX 2.1\",\"title\":\"normwatch\"}");
	return reply_resource(k, &b);
}

static enum MHD_Result
api_root(struct call *k)
{
	struct sbuf b;

	memset(&b, 0, sizeof(b));
	sb_addf(&b, "{\"description\":\"normwatch's collections\","
	    "\"max_content_length\":%u,\"title\":\"normwatch\","
	    "\"versions\":[\"" NW_TAXIIS_MEDIA_TYPE "\"]}",
	    NW_TAXIIS_MAX_CONTENT);
	return reply_resource(k, &b);
}

static void
coll_json(struct sbuf *b, const struct nw_taxiis_coll *c, unsigned perms)
{
	sb_adds(b, "{\"alias\":");
	sb_str(b, c->alias);
	sb_adds(b, (perms & NW_PERM_READ) ? ",\"can_read\":true" :
	    ",\"can_read\":false");
	sb_adds(b, (perms & NW_PERM_WRITE) ? ",\"can_write\":true" :
	    ",\"can_write\":false");
	sb_adds(b, ",\"description\":");
	sb_str(b, c->description);
	sb_adds(b, ",\"id\":");
	sb_str(b, c->id);
	sb_adds(b, ",\"media_types\":[\"" NW_TAXIIS_STIX_TYPE "\"],"
	    "\"title\":");
	sb_str(b, c->title);
	sb_adds(b, "}");
}

/* What the user may do with c: write only where c is writable. */
static unsigned
perms(struct call *k, const struct nw_taxiis_coll *c)
{
	unsigned m = nw_user_perms(k->user, c->id, c->alias);

	if (!c->writable)
		m &= ~NW_PERM_WRITE;
	return m;
}

static enum MHD_Result
collections(struct call *k)
{
	struct sbuf b;
	size_t i, n = 0;

	memset(&b, 0, sizeof(b));
	sb_adds(&b, "{");
	for (i = 0; i < nw_taxiis_ncolls; i++) {
		unsigned m = perms(k, &nw_taxiis_colls[i]);

		if (m == 0)
			continue;
		sb_adds(&b, n++ == 0 ? "\"collections\":[" : ",");
		coll_json(&b, &nw_taxiis_colls[i], m);
	}
	sb_adds(&b, n > 0 ? "]}" : "}");
	return reply_resource(k, &b);
}

/* 401 for anonymous requests, else 403. */
static enum MHD_Result
denied(struct call *k, const char *what, const struct nw_taxiis_coll *c)
{
	if (k->anonymous)
		return fail(k, 401, "log in to %s collection %s", what,
		    c->alias);
	return fail(k, 403, "user %s may not %s collection %s",
	    nw_user_name(k->user), what, c->alias);
}

static enum MHD_Result
status_get(struct call *k, struct tdb *t, const char *sid)
{
	sqlite3_stmt *st;
	struct sbuf b;
	int r;

	if (k->anonymous)
		return fail(k, 401, "log in to read status resources");
	st = tdb_stmt(t, "SELECT json FROM taxii_status WHERE id = ? AND "
	    "user = ?");
	if (st == NULL)
		return fail(k, 500, "the store cannot be read");
	sqlite3_bind_text(st, 1, sid, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, nw_user_name(k->user), -1, SQLITE_TRANSIENT);
	r = sqlite3_step(st);
	if (r != SQLITE_ROW) {
		sqlite3_reset(st);
		if (r != SQLITE_DONE)
			return fail(k, 500, "the store cannot be read");
		return fail(k, 404, "no status resource %s of user %s", sid,
		    nw_user_name(k->user));
	}
	memset(&b, 0, sizeof(b));
	sb_add(&b, (const char *)sqlite3_column_text(st, 0),
	    (size_t)sqlite3_column_bytes(st, 0));
	sqlite3_reset(st);
	return reply_resource(k, &b);
}

static void
uuid4(char out[37])
{
	unsigned char u[16];
	size_t i, o = 0;

	if (getrandom(u, sizeof(u), 0) != (ssize_t)sizeof(u))
		memset(u, 0, sizeof(u));	/* still a unique row by seq */
	u[6] = (u[6] & 0x0f) | 0x40;
	u[8] = (u[8] & 0x3f) | 0x80;
	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		snprintf(out + o, 3, "%02x", u[i]);
		o += 2;
	}
	out[o] = '\0';
}

struct pitem {
	struct nw_serve_pobj	 o;
	const char		*msg;	/* why it failed, or NULL */
	char			 why[256];
};

static void
status_details(struct sbuf *b, const struct pitem *it, int with_msg)
{
	sb_adds(b, "{\"id\":");
	sb_str(b, it->o.id[0] != '\0' ? it->o.id : "unknown");
	if (with_msg && it->msg != NULL) {
		sb_adds(b, ",\"message\":");
		sb_str(b, it->msg);
	}
	if (it->o.modified[0] != '\0' || it->o.created[0] != '\0') {
		sb_adds(b, ",\"version\":");
		sb_str(b, it->o.modified[0] != '\0' ? it->o.modified :
		    it->o.created);
	}
	sb_adds(b, "}");
}

/* 5.4: add objects to a writable collection; answer a status (4.3.1). */
static enum MHD_Result
objects_post(struct call *k, struct tdb *t, const struct nw_taxiis_coll *c)
{
	struct nw_json_limits lim;
	struct nw_stixval_opts vo;
	struct nw_stixval_result vr;
	struct nw_error err;
	struct nw_json *j;
	struct nw_taxiis_put *put;
	struct pitem *items = NULL;
	struct nw_buf canon;
	struct sbuf b;
	enum nw_json_event ev;
	enum MHD_Result ret;
	const char *ct;
	char sid[37], now[32], path[128];
	size_t n = 0, cap = 0, i, ok = 0;
	int64_t ts;
	int added, in_objects = 0, in_tx = 0, rc;

	ct = MHD_lookup_connection_value(k->c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_CONTENT_TYPE);
	if (ct == NULL || !media_ok(ct, strlen(ct), 0))
		return fail(k, 415, "a POST's Content-Type is "
		    NW_TAXIIS_MEDIA_TYPE);
	if (k->r->over)
		return fail(k, 413, "the body is larger than max_content_length"
		    " (%u bytes)", NW_TAXIIS_MAX_CONTENT);
	if (k->r->nomem)
		return nomem(k);
	nw_error_clear(&err);
	nw_json_limits_default(&lim);
	lim.max_size = NW_TAXIIS_MAX_CONTENT;
	j = nw_json_new_mem(k->r->body != NULL ? k->r->body : "", k->r->len,
	    &lim, "request");
	ev = nw_json_next(j, &err);
	if (ev != NW_JSON_OBJECT_BEGIN) {
		nw_json_free(j);
		return fail(k, 400, "the body is not an envelope (a JSON "
		    "object): %s", ev == NW_JSON_ERROR ? err.msg : "");
	}
	for (;;) {
		ev = nw_json_next(j, &err);
		if (ev == NW_JSON_ERROR)
			goto bad;
		if (ev == NW_JSON_END)
			break;
		if (ev == NW_JSON_KEY && nw_json_depth(j) == 1) {
			const char *key = nw_json_text(j, NULL);

			in_objects = strcmp(key, "objects") == 0;
			ev = nw_json_next(j, &err);
			if (ev == NW_JSON_ERROR)
				goto bad;
			if (in_objects && ev != NW_JSON_ARRAY_BEGIN) {
				nw_error_set(&err, NW_E_DATA, "objects is not "
				    "a list");
				goto bad;
			}
			if (!in_objects && (ev == NW_JSON_OBJECT_BEGIN ||
			    ev == NW_JSON_ARRAY_BEGIN) &&
			    nw_json_skip(j, &err) == -1)
				goto bad;
			continue;
		}
		if (ev == NW_JSON_ARRAY_END && nw_json_depth(j) == 1) {
			in_objects = 0;
			continue;
		}
		if (!in_objects || nw_json_depth(j) != 3 ||
		    ev != NW_JSON_OBJECT_BEGIN) {
			if (in_objects && nw_json_depth(j) <= 3) {
				nw_error_set(&err, NW_E_DATA, "an item of "
				    "objects is not an object");
				goto bad;
			}
			continue;
		}
		if (n == NW_TAXIIS_MAX_POST_OBJECTS) {
			nw_json_free(j);
			free(items);
			return fail(k, 413, "more than %d objects in one POST",
			    NW_TAXIIS_MAX_POST_OBJECTS);
		}
		if (n == cap) {
			struct pitem *ni;

			cap = cap == 0 ? 16 : cap * 2;
			ni = r_realloc(items, cap * sizeof(*items));
			if (ni == NULL) {
				nw_json_free(j);
				free(items);
				return nomem(k);
			}
			items = ni;
		}
		memset(&items[n], 0, sizeof(items[n]));
		if (nw_serve_pobj_read(j, &items[n].o, &err) == -1)
			goto bad;
		n++;
	}
	nw_json_free(j);
	j = NULL;
	if (n == 0) {
		free(items);
		return fail(k, 400, "the envelope has no objects");
	}
	/* check every object before anything is written */
	memset(&vo, 0, sizeof(vo));
	vo.keep_none = 0;
	nw_buf_init(&canon, NW_TAXIIS_MAX_CONTENT * 2);
	put = tdb_put(k->s, t, &err);
	if (put == NULL) {
		ret = fail(k, 500, "the store cannot be written: %s", err.msg);
		goto out;
	}
	if (sqlite3_exec(t->rw, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
	    SQLITE_OK) {
		ret = fail(k, 500, "the store is busy: %s",
		    sqlite3_errmsg(t->rw));
		goto out;
	}
	in_tx = 1;
	for (i = 0; i < n; i++) {
		struct pitem *it = &items[i];
		const char *body = k->r->body + it->o.start;
		size_t len = (size_t)(it->o.end - it->o.start);
		struct nw_taxiis_obj o;

		memset(&vr, 0, sizeof(vr));
		rc = nw_stixval_buf(body, len, "object", &vo, &vr);
		if (rc != NW_STIXVAL_VALID) {
			if (vr.nmsgs > 0)
				nw_stixval_msg_str(&vr.msgs[0], it->why,
				    sizeof(it->why));
			else
				nw_strlcpy(it->why, "not a valid STIX 2.1 "
				    "object", sizeof(it->why));
			it->msg = it->why;
			nw_stixval_result_free(&vr);
			continue;
		}
		nw_stixval_result_free(&vr);
		if (strcmp(it->o.spec, "2.1") != 0) {
			it->msg = "only spec_version 2.1 is kept";
			continue;
		}
		nw_buf_reset(&canon);
		if (nw_serve_canon(body, len, &canon, &err) == -1) {
			nw_strlcpy(it->why, err.msg, sizeof(it->why));
			it->msg = it->why;
			continue;
		}
		o.id = it->o.id;
		o.type = it->o.type;
		o.version = it->o.modified[0] != '\0' ? it->o.modified :
		    it->o.created[0] != '\0' ? it->o.created : NULL;
		o.spec_version = "2.1";
		o.json = canon.data;
		o.len = canon.len;
		if (nw_taxiis_put(put, c->alias, &o, &added, &err) == -1) {
			ret = fail(k, 500, "the store cannot be written: %s",
			    err.msg);
			goto out;
		}
		ok++;
	}
	/* the status resource (4.3.1), complete at once */
	uuid4(sid);
	ts = 0;
	{
		struct timespec tv;

		clock_gettime(CLOCK_REALTIME, &tv);
		ts = (int64_t)tv.tv_sec * 1000000 + tv.tv_nsec / 1000;
	}
	nw_taxiis_time_str(ts, now);
	memset(&b, 0, sizeof(b));
	sb_addf(&b, "{\"failure_count\":%zu", n - ok);
	if (ok < n) {
		size_t m = 0;

		sb_adds(&b, ",\"failures\":[");
		for (i = 0; i < n; i++)
			if (items[i].msg != NULL) {
				if (m++ > 0)
					sb_adds(&b, ",");
				status_details(&b, &items[i], 1);
			}
		sb_adds(&b, "]");
	}
	sb_adds(&b, ",\"id\":");
	sb_str(&b, sid);
	sb_adds(&b, ",\"pending_count\":0,\"request_timestamp\":");
	sb_str(&b, now);
	sb_addf(&b, ",\"status\":\"complete\",\"success_count\":%zu", ok);
	if (ok > 0) {
		size_t m = 0;

		sb_adds(&b, ",\"successes\":[");
		for (i = 0; i < n; i++)
			if (items[i].msg == NULL) {
				if (m++ > 0)
					sb_adds(&b, ",");
				status_details(&b, &items[i], 0);
			}
		sb_adds(&b, "]");
	}
	sb_addf(&b, ",\"total_count\":%zu}", n);
	if (b.bad) {
		sb_free(&b);
		ret = nomem(k);
		goto out;
	}
	{
		sqlite3_stmt *st = NULL;

		if (sqlite3_prepare_v2(t->rw, "INSERT INTO taxii_status (id, "
		    "user, collection, created, json) VALUES (?, ?, ?, ?, ?)",
		    -1, &st, NULL) != SQLITE_OK) {
			sb_free(&b);
			ret = fail(k, 500, "the store cannot be written");
			goto out;
		}
		sqlite3_bind_text(st, 1, sid, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, nw_user_name(k->user), -1,
		    SQLITE_STATIC);
		sqlite3_bind_text(st, 3, c->alias, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, ts);
		sqlite3_bind_text(st, 5, b.d, (int)b.len, SQLITE_STATIC);
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE ||
		    sqlite3_exec(t->rw, "COMMIT", NULL, NULL, NULL) !=
		    SQLITE_OK) {
			sb_free(&b);
			ret = fail(k, 500, "the store cannot be written: %s",
			    sqlite3_errmsg(t->rw));
			goto out;
		}
		in_tx = 0;
	}
	nw_log(NW_LOG_INFO, "serve", "%s added %zu of %zu objects to %s",
	    nw_user_name(k->user), ok, n, c->alias);
	ret = queue(k, MHD_HTTP_ACCEPTED, &b, NULL, 0, NULL, NULL);
out:
	if (in_tx)
		sqlite3_exec(t->rw, "ROLLBACK", NULL, NULL, NULL);
	nw_buf_free(&canon);
	free(items);
	return ret;
bad:
	nw_json_path(j, path, sizeof(path));
	nw_json_free(j);
	free(items);
	return fail(k, 400, "the body is not an envelope of objects: at %s: "
	    "%s", err.path[0] != '\0' ? err.path : path, err.msg);
}

/* 5.6: delete an object's versions. */
static enum MHD_Result
object_delete(struct call *k, struct tdb *t, const struct nw_taxiis_coll *c,
    const char *oid, struct filt *f)
{
	struct nw_taxiis_put *put;
	struct nw_error err;
	long n = 0, d;
	size_t i;
	struct sbuf b;

	nw_error_clear(&err);
	put = tdb_put(k->s, t, &err);
	if (put == NULL)
		return fail(k, 500, "the store cannot be written: %s", err.msg);
	if (f->nspecs > 0) {
		for (i = 0; i < f->nspecs; i++)
			if (strcmp(f->specs[i], "2.1") == 0)
				break;
		if (i == f->nspecs)
			return fail(k, 404, "no object %s of that spec_version",
			    oid);
	}
	if (sqlite3_exec(t->rw, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
	    SQLITE_OK)
		return fail(k, 500, "the store is busy");
	if (f->v_all || (!f->v_first && !f->v_last && f->nvkeys == 0)) {
		/* no match[version], or all: every version (5.6) */
		if (nw_taxiis_delete(put, c->alias, oid, NULL, &n, &err) == -1)
			goto dberr;
	} else {
		sqlite3_stmt *st = NULL;
		char vk[2][32];
		size_t nv = 0;

		/* first and last name versions by position */
		if (f->v_first || f->v_last) {
			if (sqlite3_prepare_v2(t->rw, "SELECT vkey, first, "
			    "latest FROM taxii_object WHERE collection = ? AND "
			    "id = ? AND (first = 1 OR latest = 1)", -1, &st,
			    NULL) != SQLITE_OK)
				goto dberr;
			sqlite3_bind_text(st, 1, c->alias, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 2, oid, -1, SQLITE_STATIC);
			while (sqlite3_step(st) == SQLITE_ROW && nv < 2) {
				if ((f->v_first && sqlite3_column_int(st, 1)) ||
				    (f->v_last && sqlite3_column_int(st, 2)))
					nw_strlcpy(vk[nv++], (const char *)
					    sqlite3_column_text(st, 0), 32);
			}
			sqlite3_finalize(st);
		}
		for (i = 0; i < nv; i++) {
			if (strcmp(vk[i], "-") == 0) {
				if (nw_taxiis_delete(put, c->alias, oid, NULL,
				    &d, &err) == -1)
					goto dberr;
			} else if (nw_taxiis_delete(put, c->alias, oid, vk[i],
			    &d, &err) == -1)
				goto dberr;
			n += d;
		}
		for (i = 0; i < f->nvkeys; i++) {
			if (nw_taxiis_delete(put, c->alias, oid, f->vkeys[i],
			    &d, &err) == -1)
				goto dberr;
			n += d;
		}
	}
	if (sqlite3_exec(t->rw, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		goto dberr;
	if (n == 0)
		return fail(k, 404, "no object %s (of those versions) in "
		    "collection %s", oid, c->alias);
	nw_log(NW_LOG_INFO, "serve", "%s deleted %ld versions of %s from %s",
	    nw_user_name(k->user), n, oid, c->alias);
	memset(&b, 0, sizeof(b));
	if (sb_grow(&b, 1) == -1)
		return nomem(k);
	return queue(k, MHD_HTTP_OK, &b, NULL, 0, NULL, NULL);
dberr:
	sqlite3_exec(t->rw, "ROLLBACK", NULL, NULL, NULL);
	return fail(k, 500, "the store cannot be written: %s",
	    err.msg[0] != '\0' ? err.msg : sqlite3_errmsg(t->rw));
}

/* --- routing ------------------------------------------------------------------------------------ */

static int
segments(const char *url, char *buf, size_t sz, char **seg, size_t *n)
{
	char *p, *slash;

	*n = 0;
	if (url[0] != '/' || strlen(url) >= sz)
		return -1;
	nw_strlcpy(buf, url + 1, sz);
	p = buf;
	while (*p != '\0') {
		if (*n == MAX_SEGMENTS)
			return -1;
		slash = strchr(p, '/');
		if (slash == NULL)
			return -1;	/* TAXII URLs end in '/' */
		*slash = '\0';
		if (*p == '\0' || strcmp(p, ".") == 0 || strcmp(p, "..") == 0)
			return -1;
		seg[(*n)++] = p;
		p = slash + 1;
	}
	return 0;
}

static enum MHD_Result
route(struct call *k, const char *url)
{
	char buf[NW_TAXIIS_MAX_URL], *seg[MAX_SEGMENTS];
	const struct nw_taxiis_coll *c = NULL;
	struct filt f;
	struct tdb *t;
	enum MHD_Result ret;
	size_t n;
	int get = strcmp(k->method, "GET") == 0 || k->head;
	int post = strcmp(k->method, "POST") == 0;
	int del = strcmp(k->method, "DELETE") == 0;
	unsigned m;

	if (strlen(url) >= NW_TAXIIS_MAX_URL)
		return fail(k, 404, "the path is longer than %d bytes",
		    NW_TAXIIS_MAX_URL);
	if (!utf8_ok(url) || segments(url, buf, sizeof(buf), seg, &n) == -1)
		return fail(k, 404, "no such resource");
	if (!get && !post && !del)
		return fail(k, 405, "%s is not a TAXII method", k->method);
	if (!accept_ok(MHD_lookup_connection_value(k->c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_ACCEPT)))
		return fail(k, 406, "the Accept header must name "
		    NW_TAXIIS_MEDIA_TYPE);
	if (n == 1 && strcmp(seg[0], "taxii2") == 0)
		return get ? discovery(k) : fail(k, 405, "discovery is GET");
	if (n == 0 || strcmp(seg[0], NW_TAXIIS_API_ROOT) != 0)
		return fail(k, 404, "no such resource");
	if (n == 1)
		return get ? api_root(k) : fail(k, 405, "an API root is GET");
	t = tdb_get(k->s);
	if (t == NULL)
		return fail(k, 500, "the store cannot be opened");
	if (n == 3 && strcmp(seg[1], "status") == 0)
		return get ? status_get(k, t, seg[2]) :
		    fail(k, 405, "a status is GET");
	if (strcmp(seg[1], "collections") != 0)
		return fail(k, 404, "no such resource");
	if (n == 2)
		return get ? collections(k) :
		    fail(k, 405, "collections are GET");
	c = nw_taxiis_coll_find(seg[2]);
	if (c == NULL)
		return fail(k, 404, "no collection here is called that");
	m = perms(k, c);
	if (m == 0) {
		if (k->anonymous)
			return fail(k, 401, "log in to use collection %s",
			    c->alias);
		return fail(k, 404, "no collection here is called that");
	}
	if (n == 3) {
		struct sbuf b;

		if (!get)
			return fail(k, 405, "a collection is GET");
		memset(&b, 0, sizeof(b));
		coll_json(&b, c, m);
		return reply_resource(k, &b);
	}
	ret = MHD_NO;
	if (n == 4 && strcmp(seg[3], "objects") == 0) {
		if (post) {
			if (!(m & NW_PERM_WRITE))
				return denied(k, "write", c);
			return objects_post(k, t, c);
		}
		if (!get)
			return fail(k, 405, "objects are GET or POST");
		if (!(m & NW_PERM_READ))
			return denied(k, "read", c);
		if (filters(k, F_ADDED | F_LIMIT | F_NEXT | F_ID | F_TYPE |
		    F_VERSION | F_SPEC, &f, &ret) == 0)
			ret = page(k, t, c, NULL, PAGE_OBJECTS, &f);
	} else if (n == 4 && strcmp(seg[3], "manifest") == 0) {
		if (!get)
			return fail(k, 405, "a manifest is GET");
		if (!(m & NW_PERM_READ))
			return denied(k, "read", c);
		if (filters(k, F_ADDED | F_LIMIT | F_NEXT | F_ID | F_TYPE |
		    F_VERSION | F_SPEC, &f, &ret) == 0)
			ret = page(k, t, c, NULL, PAGE_MANIFEST, &f);
	} else if ((n == 5 || n == 6) && strcmp(seg[3], "objects") == 0) {
		size_t tl;
		const char *why;

		if (nw_stix_id_parse(seg[4], strlen(seg[4]), &tl, &why) == -1)
			return fail(k, 404, "not a STIX identifier: %s", why);
		if (n == 6 && strcmp(seg[5], "versions") != 0)
			return fail(k, 404, "no such resource");
		if (del && n == 5) {
			if (!(m & NW_PERM_WRITE))
				return denied(k, "delete from", c);
			if (filters(k, F_VERSION | F_SPEC, &f, &ret) == 0)
				ret = object_delete(k, t, c, seg[4], &f);
		} else if (!get)
			return fail(k, 405, "an object is GET or DELETE");
		else if (!(m & NW_PERM_READ))
			return denied(k, "read", c);
		else if (n == 5) {
			if (filters(k, F_ADDED | F_LIMIT | F_NEXT | F_VERSION |
			    F_SPEC, &f, &ret) == 0)
				ret = page(k, t, c, seg[4], PAGE_OBJECTS, &f);
		} else if (filters(k, F_ADDED | F_LIMIT | F_NEXT | F_SPEC, &f,
		    &ret) == 0)
			ret = page(k, t, c, seg[4], PAGE_VERSIONS, &f);
	} else
		return fail(k, 404, "no such resource");
	free(f.strings);
	return ret;
}

/* Bytes all request bodies being read hold now (NW_TAXIIS_MAX_BUFFERED). */
static size_t buffered_total;

/*
 * HTTP Basic authentication: sets k->user (the anonymous user when no
 * credentials came and the users file allows it).  0, or -1 after
 * answering 401.
 */
static int
authenticate(struct call *k, enum MHD_Result *ret)
{
	char *user, *pass = NULL;

	user = MHD_basic_auth_get_username_password(k->c, &pass);
	if (user != NULL) {
		k->anonymous = 0;
		k->user = nw_users_check(k->s->users, user, pass != NULL ?
		    pass : "");
		if (pass != NULL) {
			explicit_bzero(pass, strlen(pass));
			MHD_free(pass);
		}
		if (k->user == NULL) {
			char q[NW_LOG_FIELD_MAX + 8];

			nw_log(NW_LOG_WARN, "serve", "failed login of \"%s\"",
			    nw_log_escape(user, strlen(user), q, sizeof(q)));
			MHD_free(user);
			*ret = fail(k, 401, "wrong user name or password");
			return -1;
		}
		MHD_free(user);
		return 0;
	}
	if (pass != NULL)
		MHD_free(pass);
	k->user = k->s->no_anonymous ? NULL : nw_users_anonymous(k->s->users);
	if (k->user == NULL) {
		*ret = fail(k, 401, "log in with HTTP Basic authentication");
		return -1;
	}
	return 0;
}

/*
 * Is this a request whose body the server reads: a POST to the objects
 * of a collection the user may write?  Every other request is answered
 * before its body is read, so bodies cost memory only for writers.
 */
static int
body_wanted(struct call *k, const char *url)
{
	char buf[NW_TAXIIS_MAX_URL], *seg[MAX_SEGMENTS];
	const struct nw_taxiis_coll *c;
	size_t n;

	if (strcmp(k->method, "POST") != 0 || strlen(url) >= sizeof(buf) ||
	    segments(url, buf, sizeof(buf), seg, &n) == -1 || n != 4 ||
	    strcmp(seg[0], NW_TAXIIS_API_ROOT) != 0 ||
	    strcmp(seg[1], "collections") != 0 ||
	    strcmp(seg[3], "objects") != 0)
		return 0;
	c = nw_taxiis_coll_find(seg[2]);
	return c != NULL && (perms(k, c) & NW_PERM_WRITE);
}

/* --- libmicrohttpd -------------------------------------------------------------------------------- */

static double
elapsed(const struct req *r)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - r->start.tv_sec) +
	    (double)(now.tv_nsec - r->start.tv_nsec) / 1e9;
}

static void
phase_now(struct nw_taxiis *s, struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci;
	struct cslot *sl;

	ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	if (ci == NULL || ci->socket_context == NULL)
		return;
	sl = ci->socket_context;
	pthread_mutex_lock(&s->clock);
	clock_gettime(CLOCK_MONOTONIC, &sl->phase);
	pthread_mutex_unlock(&s->clock);
}

static void
notify_conn(void *cls, struct MHD_Connection *conn, void **ctx,
    enum MHD_ConnectionNotificationCode toe)
{
	struct nw_taxiis *s = cls;
	const union MHD_ConnectionInfo *ci;
	struct cslot *sl;

	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		ci = MHD_get_connection_info(conn,
		    MHD_CONNECTION_INFO_CONNECTION_FD);
		if (ci == NULL)
			return;
		sl = calloc(1, sizeof(*sl));
		if (sl == NULL)
			return;
		sl->fd = ci->connect_fd;
		/* a page goes out in one write: no wait for the client's
		 * delayed ACK in the middle of it */
		{
			int sz = SEND_BUFFER;

			setsockopt(sl->fd, SOL_SOCKET, SO_SNDBUF, &sz,
			    sizeof(sz));
		}
		clock_gettime(CLOCK_MONOTONIC, &sl->phase);
		pthread_mutex_lock(&s->clock);
		sl->next = s->conns;
		if (s->conns != NULL)
			s->conns->prev = sl;
		s->conns = sl;
		pthread_mutex_unlock(&s->clock);
		*ctx = sl;
		return;
	}
	sl = *ctx;
	if (sl == NULL)
		return;
	pthread_mutex_lock(&s->clock);
	if (sl->prev != NULL)
		sl->prev->next = sl->next;
	else
		s->conns = sl->next;
	if (sl->next != NULL)
		sl->next->prev = sl->prev;
	pthread_mutex_unlock(&s->clock);
	free(sl);
	*ctx = NULL;
}

static void *
reap(void *arg)
{
	struct nw_taxiis *s = arg;
	struct timespec now, until;
	struct cslot *sl;

	pthread_mutex_lock(&s->clock);
	while (!s->stopping) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		for (sl = s->conns; sl != NULL; sl = sl->next)
			if (now.tv_sec - sl->phase.tv_sec > (time_t)s->timeout &&
			    sl->fd != -1) {
				shutdown(sl->fd, SHUT_RDWR);
				sl->fd = -1;	/* once */
			}
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += 1;
		pthread_cond_timedwait(&s->wake, &s->clock, &until);
	}
	pthread_mutex_unlock(&s->clock);
	return NULL;
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **state)
{
	struct nw_taxiis *s = cls;
	struct req *r = *state;
	struct call k;
	enum MHD_Result ret;

	(void)version;
	memset(&k, 0, sizeof(k));
	k.s = s;
	k.c = conn;
	k.method = method;
	k.head = strcmp(method, "HEAD") == 0;
	k.anonymous = 1;
	if (r == NULL) {
		const char *cl;
		long long len;

		r = r_calloc(1, sizeof(*r));
		if (r == NULL)
			return nomem(&k);
		clock_gettime(CLOCK_MONOTONIC, &r->start);
		phase_now(s, conn);
		*state = r;
		cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
		    MHD_HTTP_HEADER_CONTENT_LENGTH);
		/* a body announced too large is refused before it is read */
		if (cl != NULL && (nw_parse_ll(cl, 0, NW_TAXIIS_MAX_CONTENT,
		    &len) == -1))
			r->over = 1;
		if ((cl != NULL && strcmp(cl, "0") != 0) ||
		    MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
		    MHD_HTTP_HEADER_TRANSFER_ENCODING) != NULL) {
			/* a body comes: read it only for a writer */
			if (authenticate(&k, &ret) == -1)
				return ret;
			if (!body_wanted(&k, url)) {
				k.r = r;
				return route(&k, url);
			}
		}
		return MHD_YES;
	}
	k.r = r;
	if (*upload_size > 0) {
		if (elapsed(r) > s->timeout)
			return MHD_NO;	/* a body that trickles: drop it */
		if (!r->over && r->len + *upload_size > NW_TAXIIS_MAX_CONTENT)
			r->over = 1;
		if (!r->over && !r->nomem && !r->busy) {
			if (r->len + *upload_size + 1 > r->cap) {
				size_t cap = r->cap == 0 ? 65536 : r->cap;
				size_t was;
				char *b;

				while (cap < r->len + *upload_size + 1)
					cap *= 2;
				was = __atomic_add_fetch(&buffered_total,
				    cap - r->counted, __ATOMIC_RELAXED);
				r->counted = cap;
				if (was > NW_TAXIIS_MAX_BUFFERED) {
					r->busy = 1;
					*upload_size = 0;
					return MHD_YES;
				}
				b = r_realloc(r->body, cap);
				if (b == NULL) {
					r->nomem = 1;
					*upload_size = 0;
					return MHD_YES;
				}
				r->body = b;
				r->cap = cap;
			}
			memcpy(r->body + r->len, upload, *upload_size);
			r->len += *upload_size;
			r->body[r->len] = '\0';
		}
		*upload_size = 0;
		return MHD_YES;
	}
	if (elapsed(r) > s->timeout)
		return fail(&k, 408, "the request took longer than %u s",
		    s->timeout);
	if (r->busy)
		return fail(&k, 503, "too many bodies being read at once; "
		    "try again");
	if (authenticate(&k, &ret) == -1)
		return ret;
	return route(&k, url);
}

static void
completed(void *cls, struct MHD_Connection *conn, void **state,
    enum MHD_RequestTerminationCode why)
{
	struct req *r = *state;

	(void)why;
	phase_now(cls, conn);
	if (r == NULL)
		return;
	if (r->counted > 0)
		__atomic_sub_fetch(&buffered_total, r->counted,
		    __ATOMIC_RELAXED);
	free(r->body);
	free(r);
	*state = NULL;
}

static void
mhd_log(void *cls, const char *fmt, va_list ap) NW_PRINTF(2, 0);
static void
mhd_log(void *cls, const char *fmt, va_list ap)
{
	char msg[512];
	size_t n;

	(void)cls;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	n = strlen(msg);
	while (n > 0 && msg[n - 1] == '\n')
		msg[--n] = '\0';
	nw_log(NW_LOG_DEBUG, "serve", "libmicrohttpd: %s", msg);
}

static int
parse_listen(const char *s, struct sockaddr_in *sin, struct nw_error *err)
{
	char host[64];
	const char *colon = strrchr(s, ':');
	long long port;

	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	if (colon == NULL || (size_t)(colon - s) >= sizeof(host) ||
	    nw_parse_ll(colon + 1, 0, 65535, &port) == -1)
		return nw_error_set(err, NW_E_USAGE, "--listen \"%s\" is not "
		    "ADDRESS:PORT (an IPv4 address, a port 0-65535)", s);
	memcpy(host, s, (size_t)(colon - s));
	host[colon - s] = '\0';
	if (inet_pton(AF_INET, host, &sin->sin_addr) != 1)
		return nw_error_set(err, NW_E_USAGE, "--listen \"%s\": \"%s\" "
		    "is not an IPv4 address", s, host);
	sin->sin_port = htons((uint16_t)port);
	return 0;
}

struct nw_taxiis *
nw_taxiis_start(const struct nw_taxiis_opts *o, struct nw_users *users,
    struct nw_error *err)
{
	struct nw_taxiis *s;
	struct sockaddr_in sin;
	const union MHD_DaemonInfo *di;
	const char *env;
	unsigned threads, maxconn, perip, flags;
	size_t len;
	long long v;

	if (parse_listen(o->listen != NULL ? o->listen : NW_TAXIIS_DEF_LISTEN,
	    &sin, err) == -1)
		return NULL;
	if ((o->tls_cert == NULL) != (o->tls_key == NULL)) {
		nw_error_set(err, NW_E_USAGE, "--tls-cert and --tls-key go "
		    "together");
		return NULL;
	}
	env = getenv("NORMWATCH_TEST_FAIL_ALLOC");
	if (env != NULL && nw_parse_ll(env, 1, 1000000, &v) == 0)
		fail_every = (unsigned long)v;
	env = getenv("NORMWATCH_TEST_FAIL_ALLOC_AT");
	if (env != NULL && nw_parse_ll(env, 1, 1000000000, &v) == 0)
		fail_at = (unsigned long)v;
	s = xcalloc(1, sizeof(*s));
	s->users = users;
	s->no_anonymous = o->no_anonymous;
	s->dbpath = xstrdup(o->dbpath);
	if (o->public_url != NULL) {
		size_t i, n = strlen(o->public_url);

		/* http(s)://host[:port][/path], nothing to escape in JSON */
		if ((strncmp(o->public_url, "http://", 7) != 0 &&
		    strncmp(o->public_url, "https://", 8) != 0) || n > 512) {
			nw_error_set(err, NW_E_USAGE, "--public-url is an "
			    "http:// or https:// URL");
			goto fail;
		}
		for (i = 0; i < n; i++)
			if ((unsigned char)o->public_url[i] <= ' ' ||
			    (unsigned char)o->public_url[i] >= 0x7f ||
			    strchr("\"\\?#", o->public_url[i]) != NULL) {
				nw_error_set(err, NW_E_USAGE, "--public-url has "
				    "a character a URL here may not have");
				goto fail;
			}
		s->public_url = xstrdup(o->public_url);
		while (n > 0 && s->public_url[n - 1] == '/')
			s->public_url[--n] = '\0';
	}
	s->timeout = o->timeout > 0 ? o->timeout : NW_TAXIIS_DEF_TIMEOUT;
	threads = o->threads > 0 ? o->threads : NW_TAXIIS_DEF_THREADS;
	if (threads > NW_TAXIIS_MAX_THREADS)
		threads = NW_TAXIIS_MAX_THREADS;
	maxconn = o->max_connections > 0 ? o->max_connections :
	    NW_TAXIIS_MAX_CONNECTIONS;
	perip = o->max_per_ip > 0 ? o->max_per_ip : NW_TAXIIS_MAX_PER_IP;
	if (pthread_key_create(&s->tkey, tdb_free) != 0) {
		nw_error_set(err, NW_E_INTERNAL, "pthread_key_create");
		goto fail;
	}
	s->tkey_made = 1;
	pthread_mutex_init(&s->clock, NULL);
	pthread_cond_init(&s->wake, NULL);
	if (pthread_create(&s->reaper, NULL, reap, s) != 0) {
		nw_error_set(err, NW_E_INTERNAL, "cannot start a thread");
		goto fail;
	}
	s->reaper_made = 1;
	flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
	    MHD_USE_ERROR_LOG;
	if (o->tls_cert != NULL) {
		s->cert = nw_read_file(o->tls_cert, MAX_PEM, &len, err);
		if (s->cert == NULL)
			goto fail;
		s->key = nw_read_file(o->tls_key, MAX_PEM, &len, err);
		if (s->key == NULL)
			goto fail;
		flags |= MHD_USE_TLS;
	}
	if (s->cert != NULL)
		s->d = MHD_start_daemon(flags, 0, NULL, NULL, handle, s,
		    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sin,
		    MHD_OPTION_THREAD_POOL_SIZE, threads,
		    MHD_OPTION_CONNECTION_LIMIT, maxconn,
		    MHD_OPTION_PER_IP_CONNECTION_LIMIT, perip,
		    MHD_OPTION_CONNECTION_TIMEOUT, s->timeout,
		    MHD_OPTION_CONNECTION_MEMORY_LIMIT,
		    (size_t)NW_TAXIIS_MAX_HEADERS,
		    MHD_OPTION_NOTIFY_COMPLETED, completed, s,
		    MHD_OPTION_NOTIFY_CONNECTION, notify_conn, s,
		    MHD_OPTION_EXTERNAL_LOGGER, mhd_log, s,
		    MHD_OPTION_HTTPS_MEM_CERT, s->cert,
		    MHD_OPTION_HTTPS_MEM_KEY, s->key,
		    MHD_OPTION_END);
	else
		s->d = MHD_start_daemon(flags, 0, NULL, NULL, handle, s,
		    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sin,
		    MHD_OPTION_THREAD_POOL_SIZE, threads,
		    MHD_OPTION_CONNECTION_LIMIT, maxconn,
		    MHD_OPTION_PER_IP_CONNECTION_LIMIT, perip,
		    MHD_OPTION_CONNECTION_TIMEOUT, s->timeout,
		    MHD_OPTION_CONNECTION_MEMORY_LIMIT,
		    (size_t)NW_TAXIIS_MAX_HEADERS,
		    MHD_OPTION_NOTIFY_COMPLETED, completed, s,
		    MHD_OPTION_NOTIFY_CONNECTION, notify_conn, s,
		    MHD_OPTION_EXTERNAL_LOGGER, mhd_log, s,
		    MHD_OPTION_END);
	if (s->d == NULL) {
		nw_error_set(err, NW_E_NET, "cannot serve on %s (in use, or "
		    "a bad TLS key or certificate?)", o->listen != NULL ?
		    o->listen : NW_TAXIIS_DEF_LISTEN);
		goto fail;
	}
	di = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	s->port = di != NULL ? di->port : ntohs(sin.sin_port);
	return s;
fail:
	nw_taxiis_stop(s);
	return NULL;
}

unsigned
nw_taxiis_port(const struct nw_taxiis *s)
{
	return s->port;
}

void
nw_taxiis_stop(struct nw_taxiis *s)
{
	if (s == NULL)
		return;
	if (s->d != NULL)
		MHD_stop_daemon(s->d);
	if (s->reaper_made) {
		pthread_mutex_lock(&s->clock);
		s->stopping = 1;
		pthread_cond_signal(&s->wake);
		pthread_mutex_unlock(&s->clock);
		pthread_join(s->reaper, NULL);
	}
	if (s->tkey_made) {
		pthread_key_delete(s->tkey);
		pthread_mutex_destroy(&s->clock);
		pthread_cond_destroy(&s->wake);
	}
	free(s->dbpath);
	free(s->public_url);
	if (s->key != NULL)
		explicit_bzero(s->key, strlen(s->key));
	free(s->key);
	free(s->cert);
	free(s);
}
