/*
 * nwtestd - the local HTTP server the test suite fetches from.
 *
 * Usage: nwtestd --root DIR [--port N] --port-file FILE
 *
 * Listens on 127.0.0.1 only (port 0, the default, lets the kernel choose),
 * writes the port number to FILE (through FILE.tmp and rename, so a reader
 * never sees half of it) and serves until SIGTERM or SIGINT, then exits 0.
 * One line per request on stderr.  GET and HEAD only.
 *
 * Files under DIR are served with an ETag (the sha256 of the content, in
 * quotes), Last-Modified (the file's mtime) and a Content-Type guessed from
 * the extension; If-None-Match (which wins when present) and
 * If-Modified-Since are answered with 304.  Absolute paths and paths with
 * "..", "." or empty segments are refused with 403.
 *
 * Misbehaviour on demand.  The path is read one segment at a time; these
 * prefixes can be stacked in front of a file path or of an endpoint:
 *
 *   /counted/KEY/...          count one request for KEY, then go on
 *   /status/CODE/...          answer CODE (200-599) with a short text body
 *   /flaky/N/KEY/...          503 for the first N requests for KEY, then go on
 *   /429/N/KEY/...            429 with "Retry-After: 1" for the first N
 *   /429-date/N/KEY/...       the same, Retry-After an HTTP-date 2 s ahead
 *   /retry-after/V/N/KEY/...  503 with "Retry-After: V" (V sent as given)
 *   /slow/BPS/...             send the body at about BPS bytes per second
 *   /nolen/...                send the body chunked, without Content-Length
 *   /truncated/...            announce a longer Content-Length, then close
 *   /hang/...                 read the request, never answer (until the
 *                             client leaves or HANG_MAX_MS passes)
 *   /redirect/N/...           N redirects (302); the last one goes to /...
 *
 * Endpoints:
 *
 *   /redirect-loop/N[/I]      302 to /redirect-loop/N/(I+1)%N, for ever
 *   /redirect-to-file         302 to file:///etc/passwd
 *   /big/BYTES                a generated body of BYTES bytes (<= MAX_BIG)
 *   /big-nolen/BYTES          the same, chunked, without Content-Length
 *   /headers                  the request headers, "Name: value" a line
 *   /count/KEY                how many requests KEY has seen: "N\n"
 *
 * Every request through /flaky, /429, /429-date and /retry-after counts for
 * its KEY too.  Keys are 1 to MAX_KEY_LEN bytes of [A-Za-z0-9._-]; there are
 * at most MAX_KEYS of them.  Examples:
 *
 *   /flaky/2/k1/hello.txt     503, 503, then hello.txt
 *   /counted/k2/status/500/x  always 500; /count/k2 tells how many tries
 *   /slow/10/nolen/hello.txt  hello.txt, chunked, at 10 bytes per second
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <microhttpd.h>

#include "normwatch/error.h"
#include "normwatch/util.h"

#define MAX_KEYS	256		/* distinct counter keys */
#define MAX_KEY_LEN	63		/* bytes of a key */
#define MAX_SEG		256		/* bytes of one path segment */
#define MAX_FILE	(64u << 20)	/* bytes of a served file */
#define MAX_BIG		(1024ull << 20)	/* bytes of a generated body */
#define MAX_HEADERS	(64u << 10)	/* bytes of the /headers echo */
#define HANG_MAX_MS	300000		/* a /hang gives up after this */
#define SLOW_TICK_MS	100		/* /slow sends one piece per tick */
#define TRUNCATE_EXTRA	1000		/* bytes /truncated promises but keeps */
#define CONN_TIMEOUT	60		/* seconds an idle connection lives */
#define STREAM_BLOCK	4096		/* bytes per content reader call */

static const char	*root;
static atomic_int	 stopping;

static pthread_mutex_t	 keys_mtx = PTHREAD_MUTEX_INITIALIZER;
static struct key {
	char		 name[MAX_KEY_LEN + 1];
	unsigned long	 n;
}			 keys[MAX_KEYS];
static size_t		 nkeys;

/* One request being answered. */
struct req {
	struct MHD_Connection	*conn;
	const char		*method;
	const char		*url;
	long			 bps;		/* /slow: bytes per second */
	int			 nolen;		/* /nolen: no Content-Length */
	int			 truncated;	/* /truncated */
};

/* A body sent through a content reader (slow, chunked, cut, generated). */
struct stream {
	char		*data;		/* bytes to send, NULL to generate */
	uint64_t	 len;		/* bytes really sent */
	long		 bps;		/* 0: full speed */
	int		 truncated;	/* close after len bytes */
};

static int
key_ok(const char *k)
{
	size_t n = strlen(k);

	if (n == 0 || n > MAX_KEY_LEN)
		return 0;
	return strspn(k, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == n;
}

/* Add bump to KEY's count and return the new count, or -1. */
static long
key_count(const char *k, int bump)
{
	size_t i;
	long n = -1;

	if (!key_ok(k))
		return -1;
	pthread_mutex_lock(&keys_mtx);
	for (i = 0; i < nkeys; i++)
		if (strcmp(keys[i].name, k) == 0)
			break;
	if (i == nkeys) {
		if (nkeys == MAX_KEYS)
			goto out;
		nw_strlcpy(keys[i].name, k, sizeof(keys[i].name));
		keys[i].n = 0;
		nkeys++;
	}
	if (bump)
		keys[i].n++;
	n = (long)keys[i].n;
out:
	pthread_mutex_unlock(&keys_mtx);
	return n;
}

/* Sleep ms milliseconds; -1 when the server is stopping. */
static int
nap(long ms)
{
	struct timespec ts = { 0, 10 * 1000000L };

	for (; ms > 0; ms -= 10) {
		if (atomic_load(&stopping))
			return -1;
		nanosleep(&ts, NULL);
	}
	return atomic_load(&stopping) ? -1 : 0;
}

/*
 * Copy the next segment of *p into seg and move *p past it and its slash.
 * Returns -1 when there is none or it is too long.
 */
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

static int
seg_num(const char **p, long long min, long long max, long long *out)
{
	char seg[MAX_SEG];

	if (seg_next(p, seg, sizeof(seg)) == -1)
		return -1;
	return nw_parse_ll(seg, min, max, out);
}

static void
http_date(time_t t, char out[64])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	if (strftime(out, 64, "%a, %d %b %Y %H:%M:%S GMT", &tm) == 0)
		out[0] = '\0';
}

static enum MHD_Result
queue(struct req *r, unsigned int code, struct MHD_Response *resp)
{
	enum MHD_Result ret;

	if (resp == NULL) {
		fprintf(stderr, "nwtestd: %s %s: cannot build a response\n",
		    r->method, r->url);
		return MHD_NO;
	}
	ret = MHD_queue_response(r->conn, code, resp);
	MHD_destroy_response(resp);
	fprintf(stderr, "nwtestd: %s %s -> %u\n", r->method, r->url, code);
	return ret;
}

/* A short text answer, with one optional extra header. */
static enum MHD_Result
reply_text(struct req *r, unsigned int code, const char *text,
    const char *hname, const char *hval)
{
	struct MHD_Response *resp;

	resp = MHD_create_response_from_buffer(strlen(text), (void *)text,
	    MHD_RESPMEM_MUST_COPY);
	if (resp == NULL)
		return MHD_NO;
	MHD_add_response_header(resp, "Content-Type",
	    "text/plain; charset=utf-8");
	if (hname != NULL)
		MHD_add_response_header(resp, hname, hval);
	return queue(r, code, resp);
}

static ssize_t
stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	static const char pattern[] = "normwatch test body 0123456789\n";
	struct stream *s = cls;
	uint64_t n;
	size_t i;
	long piece;

	if (pos >= s->len)
		return s->truncated ? MHD_CONTENT_READER_END_WITH_ERROR :
		    MHD_CONTENT_READER_END_OF_STREAM;
	n = s->len - pos;
	if (n > max)
		n = max;
	if (s->bps > 0) {
		piece = s->bps / (1000 / SLOW_TICK_MS);
		if (piece < 1)
			piece = 1;
		if (n > (uint64_t)piece)
			n = (uint64_t)piece;
		if (nap(SLOW_TICK_MS) == -1)
			return MHD_CONTENT_READER_END_WITH_ERROR;
	}
	if (s->data != NULL)
		memcpy(buf, s->data + pos, (size_t)n);
	else
		for (i = 0; i < n; i++)
			buf[i] = pattern[(pos + i) % (sizeof(pattern) - 1)];
	return (ssize_t)n;
}

static void
stream_free(void *cls)
{
	struct stream *s = cls;

	free(s->data);
	free(s);
}

/*
 * Answer code with body data (len bytes, owned and freed here; NULL with
 * len for a generated body), honouring the /slow, /nolen and /truncated
 * prefixes.  etag and lastmod may be NULL.
 */
static enum MHD_Result
reply_body(struct req *r, unsigned int code, char *data, uint64_t len,
    const char *ctype, const char *etag, const char *lastmod)
{
	struct MHD_Response *resp;
	struct stream *s;
	uint64_t size;

	if (data != NULL && r->bps == 0 && !r->nolen && !r->truncated) {
		resp = MHD_create_response_from_buffer((size_t)len, data,
		    MHD_RESPMEM_MUST_FREE);
		if (resp == NULL)
			free(data);
	} else {
		s = xcalloc(1, sizeof(*s));
		s->data = data;
		s->len = len;
		s->bps = r->bps;
		s->truncated = r->truncated;
		size = len;
		if (r->truncated)
			size = len + TRUNCATE_EXTRA;
		if (r->nolen)
			size = MHD_SIZE_UNKNOWN;
		resp = MHD_create_response_from_callback(size, STREAM_BLOCK,
		    stream_read, s, stream_free);
		if (resp == NULL)
			stream_free(s);
	}
	if (resp == NULL)
		return MHD_NO;
	MHD_add_response_header(resp, "Content-Type", ctype);
	if (etag != NULL)
		MHD_add_response_header(resp, "ETag", etag);
	if (lastmod != NULL)
		MHD_add_response_header(resp, "Last-Modified", lastmod);
	return queue(r, code, resp);
}

/* Percent-encode rest for a Location header. */
static char *
location_for(const char *prefix, const char *rest)
{
	static const char hex[] = "0123456789ABCDEF";
	struct nw_buf b;
	const unsigned char *p;
	int bad = 0;

	nw_buf_init(&b, 4 * MAX_SEG + 3 * strlen(rest) + strlen(prefix));
	bad |= nw_buf_adds(&b, prefix);
	for (p = (const unsigned char *)rest; *p != '\0'; p++) {
		if (strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "0123456789._~/-", *p) != NULL)
			bad |= nw_buf_addc(&b, *p);
		else {
			bad |= nw_buf_addc(&b, '%');
			bad |= nw_buf_addc(&b, hex[*p >> 4]);
			bad |= nw_buf_addc(&b, hex[*p & 15]);
		}
	}
	if (bad) {
		nw_buf_free(&b);
		return NULL;
	}
	return nw_buf_detach(&b, NULL);
}

static enum MHD_Result
reply_redirect(struct req *r, const char *location)
{
	return reply_text(r, 302, "redirect\n", "Location", location);
}

/* Relative, no "..", ".", empty segment or backslash. */
static int
path_ok(const char *p)
{
	const char *s = p, *e;
	size_t n;

	if (*p == '\0' || *p == '/' || strchr(p, '\\') != NULL)
		return 0;
	for (;;) {
		e = strchr(s, '/');
		n = e != NULL ? (size_t)(e - s) : strlen(s);
		if (n == 0 || (n == 1 && s[0] == '.') ||
		    (n == 2 && s[0] == '.' && s[1] == '.'))
			return 0;
		if (e == NULL)
			return 1;
		s = e + 1;
	}
}

static const char *
content_type(const char *path)
{
	static const struct { const char *ext, *type; } types[] = {
		{ ".txt", "text/plain; charset=utf-8" },
		{ ".html", "text/html; charset=utf-8" },
		{ ".json", "application/json" },
		{ ".xml", "application/xml" },
		{ ".pdf", "application/pdf" },
	};
	const char *dot = strrchr(path, '.');
	size_t i;

	for (i = 0; dot != NULL && i < NW_NELEM(types); i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return "application/octet-stream";
}

/* Does the If-None-Match list hold etag (weak comparison) or "*"? */
static int
etag_match(const char *list, const char *etag)
{
	const char *s = list, *e;
	size_t n;

	for (;;) {
		while (*s == ' ' || *s == '\t' || *s == ',')
			s++;
		if (*s == '\0')
			return 0;
		e = strchr(s, ',');
		n = e != NULL ? (size_t)(e - s) : strlen(s);
		while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		if (n >= 2 && s[0] == 'W' && s[1] == '/') {
			s += 2;
			n -= 2;
		}
		if ((n == 1 && *s == '*') ||
		    (n == strlen(etag) && memcmp(s, etag, n) == 0))
			return 1;
		if (e == NULL)
			return 0;
		s = e + 1;
	}
}

static enum MHD_Result
serve_file(struct req *r, const char *rel)
{
	struct nw_error err;
	struct stat st;
	struct MHD_Response *resp;
	char hex[NW_SHA256_HEX], etag[NW_SHA256_HEX + 2], lastmod[64];
	const char *inm, *ims;
	char *path, *data = NULL;
	size_t len;
	time_t since;
	int fresh;
	enum MHD_Result ret;

	if (!path_ok(rel))
		return reply_text(r, 403, "forbidden path\n", NULL, NULL);
	path = xasprintf("%s/%s", root, rel);
	if (stat(path, &st) == -1 || !S_ISREG(st.st_mode)) {
		free(path);
		return reply_text(r, 404, "not found\n", NULL, NULL);
	}
	nw_error_clear(&err);
	data = nw_read_file(path, MAX_FILE, &len, &err);
	free(path);
	if (data == NULL)
		return reply_text(r, 500, "cannot read file\n", NULL, NULL);

	nw_sha256_hex(data, len, hex);
	snprintf(etag, sizeof(etag), "\"%s\"", hex);
	http_date(st.st_mtime, lastmod);
	inm = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
	    "If-None-Match");
	ims = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
	    "If-Modified-Since");
	if (inm != NULL)
		fresh = etag_match(inm, etag);
	else if (ims != NULL) {
		since = curl_getdate(ims, NULL);
		fresh = since != -1 && st.st_mtime <= since;
	} else
		fresh = 0;
	if (!fresh)
		return reply_body(r, 200, data, len, content_type(rel), etag,
		    lastmod);

	free(data);
	resp = MHD_create_response_from_buffer(0, (void *)"",
	    MHD_RESPMEM_PERSISTENT);
	if (resp == NULL)
		return MHD_NO;
	MHD_add_response_header(resp, "ETag", etag);
	MHD_add_response_header(resp, "Last-Modified", lastmod);
	ret = queue(r, 304, resp);
	return ret;
}

static enum MHD_Result
echo_header(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *value)
{
	struct nw_buf *b = cls;

	(void)kind;
	if (nw_buf_addf(b, "%s: %s\n", key, value != NULL ? value : "") == -1)
		return MHD_NO;
	return MHD_YES;
}

static enum MHD_Result
serve_headers(struct req *r)
{
	struct nw_buf b;
	char *data;
	size_t len;

	nw_buf_init(&b, MAX_HEADERS);
	MHD_get_connection_values(r->conn, MHD_HEADER_KIND, echo_header, &b);
	if (b.over) {
		nw_buf_free(&b);
		return reply_text(r, 431, "headers too large\n", NULL, NULL);
	}
	data = nw_buf_detach(&b, &len);
	if (data == NULL)
		data = xstrdup("");
	return reply_body(r, 200, data, len, "text/plain; charset=utf-8",
	    NULL, NULL);
}

/* Read the request, then wait for the client to go away. */
static enum MHD_Result
serve_hang(struct req *r)
{
	const union MHD_ConnectionInfo *ci;
	struct pollfd pfd;
	char c;
	long waited;

	fprintf(stderr, "nwtestd: %s %s -> (hang)\n", r->method, r->url);
	ci = MHD_get_connection_info(r->conn,
	    MHD_CONNECTION_INFO_CONNECTION_FD);
	for (waited = 0; waited < HANG_MAX_MS; waited += 50) {
		if (atomic_load(&stopping))
			break;
		if (ci == NULL) {
			if (nap(50) == -1)
				break;
			continue;
		}
		pfd.fd = ci->connect_fd;
		pfd.events = POLLIN | POLLRDHUP;
		pfd.revents = 0;
		if (poll(&pfd, 1, 50) == 1) {
			if (pfd.revents & (POLLRDHUP | POLLHUP | POLLERR))
				break;
			if (recv(pfd.fd, &c, 1, MSG_PEEK | MSG_DONTWAIT) == 0)
				break;
			if (nap(50) == -1)	/* pipelined bytes: don't spin */
				break;
		}
	}
	return MHD_NO;		/* close the connection without an answer */
}

/* "/redirect-loop/N[/I]" */
static enum MHD_Result
serve_redirect_loop(struct req *r, const char *p)
{
	char loc[128];
	long long n, i = 0;

	if (seg_num(&p, 1, 1000, &n) == -1 ||
	    (*p != '\0' && seg_num(&p, 0, n - 1, &i) == -1))
		return reply_text(r, 400, "bad redirect-loop\n", NULL, NULL);
	snprintf(loc, sizeof(loc), "/redirect-loop/%lld/%lld", n, (i + 1) % n);
	return reply_redirect(r, loc);
}

/* "/big/BYTES" or "/big-nolen/BYTES" */
static enum MHD_Result
serve_big(struct req *r, const char *p, int nolen)
{
	long long n;

	if (seg_num(&p, 0, (long long)MAX_BIG, &n) == -1)
		return reply_text(r, 400, "bad size\n", NULL, NULL);
	if (nolen)
		r->nolen = 1;
	return reply_body(r, 200, NULL, (uint64_t)n,
	    "application/octet-stream", NULL, NULL);
}

/*
 * Counted failures: the first n requests for key get code with the header
 * hname: hval; *goon is set when this request should go on instead.
 */
static enum MHD_Result
fail_first(struct req *r, const char **p, unsigned int code,
    const char *hname, const char *hval, int *goon)
{
	char key[MAX_SEG];
	long long n;
	long c;

	*goon = 0;
	if (seg_num(p, 0, 1000000, &n) == -1 ||
	    seg_next(p, key, sizeof(key)) == -1)
		return reply_text(r, 400, "bad count or key\n", NULL, NULL);
	c = key_count(key, 1);
	if (c == -1)
		return reply_text(r, 400, "bad or too many keys\n", NULL, NULL);
	if (c <= n)
		return reply_text(r, code, "try again later\n", hname, hval);
	*goon = 1;
	return MHD_YES;
}

static enum MHD_Result
dispatch(struct req *r, const char *path)
{
	char seg[MAX_SEG], val[MAX_SEG], date[64], *loc;
	const char *p = path, *rest;
	long long n;
	long c;
	int goon;
	enum MHD_Result ret;

	for (;;) {
		rest = p;
		if (seg_next(&p, seg, sizeof(seg)) == -1)
			return serve_file(r, rest);

		if (strcmp(seg, "counted") == 0) {
			if (seg_next(&p, val, sizeof(val)) == -1 ||
			    key_count(val, 1) == -1)
				return reply_text(r, 400, "bad key\n", NULL,
				    NULL);
		} else if (strcmp(seg, "status") == 0) {
			if (seg_num(&p, 200, 599, &n) == -1)
				return reply_text(r, 400, "bad status\n", NULL,
				    NULL);
			snprintf(val, sizeof(val), "status %lld\n", n);
			return reply_text(r, (unsigned int)n, val, NULL, NULL);
		} else if (strcmp(seg, "flaky") == 0) {
			ret = fail_first(r, &p, 503, NULL, NULL, &goon);
			if (!goon)
				return ret;
		} else if (strcmp(seg, "429") == 0) {
			ret = fail_first(r, &p, 429, "Retry-After", "1", &goon);
			if (!goon)
				return ret;
		} else if (strcmp(seg, "429-date") == 0) {
			http_date(time(NULL) + 2, date);
			ret = fail_first(r, &p, 429, "Retry-After", date,
			    &goon);
			if (!goon)
				return ret;
		} else if (strcmp(seg, "retry-after") == 0) {
			if (seg_next(&p, val, sizeof(val)) == -1)
				return reply_text(r, 400, "bad value\n", NULL,
				    NULL);
			ret = fail_first(r, &p, 503, "Retry-After", val,
			    &goon);
			if (!goon)
				return ret;
		} else if (strcmp(seg, "slow") == 0) {
			if (seg_num(&p, 1, 1000000000, &n) == -1)
				return reply_text(r, 400, "bad rate\n", NULL,
				    NULL);
			r->bps = (long)n;
		} else if (strcmp(seg, "nolen") == 0) {
			r->nolen = 1;
		} else if (strcmp(seg, "truncated") == 0) {
			r->truncated = 1;
		} else if (strcmp(seg, "hang") == 0) {
			return serve_hang(r);
		} else if (strcmp(seg, "redirect") == 0) {
			if (seg_num(&p, 0, 1000, &n) == -1)
				return reply_text(r, 400, "bad hops\n", NULL,
				    NULL);
			if (n == 0)
				continue;
			snprintf(val, sizeof(val), "/redirect/%lld/", n - 1);
			loc = location_for(n == 1 ? "/" : val, p);
			if (loc == NULL)
				return reply_text(r, 414, "too long\n", NULL,
				    NULL);
			ret = reply_redirect(r, loc);
			free(loc);
			return ret;
		} else if (strcmp(seg, "redirect-loop") == 0) {
			return serve_redirect_loop(r, p);
		} else if (strcmp(seg, "redirect-to-file") == 0) {
			return reply_redirect(r, "file:///etc/passwd");
		} else if (strcmp(seg, "big") == 0) {
			return serve_big(r, p, 0);
		} else if (strcmp(seg, "big-nolen") == 0) {
			return serve_big(r, p, 1);
		} else if (strcmp(seg, "headers") == 0) {
			return serve_headers(r);
		} else if (strcmp(seg, "count") == 0) {
			if (seg_next(&p, val, sizeof(val)) == -1)
				return reply_text(r, 400, "bad key\n", NULL,
				    NULL);
			c = key_count(val, 0);
			if (c == -1)
				return reply_text(r, 400, "bad key\n", NULL,
				    NULL);
			snprintf(val, sizeof(val), "%ld\n", c);
			return reply_text(r, 200, val, NULL, NULL);
		} else
			return serve_file(r, rest);
	}
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **state)
{
	static int seen;
	struct req r;

	(void)cls;
	(void)version;
	(void)upload_data;
	if (*state == NULL) {		/* headers are in; answer next call */
		*state = &seen;
		return MHD_YES;
	}
	if (*upload_data_size != 0) {	/* a body we do not want */
		*upload_data_size = 0;
		return MHD_YES;
	}
	memset(&r, 0, sizeof(r));
	r.conn = conn;
	r.method = method;
	r.url = url;
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
		return reply_text(&r, 405, "GET or HEAD only\n", "Allow",
		    "GET, HEAD");
	if (url[0] != '/')
		return reply_text(&r, 400, "bad path\n", NULL, NULL);
	return dispatch(&r, url + 1);
}

static int
write_port(const char *file, unsigned int port)
{
	struct nw_error err;
	char buf[16];
	int n;

	nw_error_clear(&err);
	n = snprintf(buf, sizeof(buf), "%u\n", port);
	if (nw_write_file_atomic(file, buf, (size_t)n, &err) == -1) {
		fprintf(stderr, "nwtestd: %s: %s\n", file, err.msg);
		return -1;
	}
	return 0;
}

static void
usage(void)
{
	fprintf(stderr,
	    "usage: nwtestd --root DIR [--port N] --port-file FILE\n");
	exit(2);
}

int
main(int argc, char *argv[])
{
	struct sockaddr_in sin;
	struct MHD_Daemon *d;
	const union MHD_DaemonInfo *di;
	const char *port_file = NULL;
	long long port = 0;
	sigset_t set;
	int i, sig;

	for (i = 1; i < argc; i++) {
		if (i + 1 >= argc)
			usage();
		if (strcmp(argv[i], "--root") == 0)
			root = argv[++i];
		else if (strcmp(argv[i], "--port-file") == 0)
			port_file = argv[++i];
		else if (strcmp(argv[i], "--port") == 0) {
			if (nw_parse_ll(argv[++i], 0, 65535, &port) == -1)
				usage();
		} else
			usage();
	}
	if (root == NULL || port_file == NULL)
		usage();

	/* Threads inherit the mask; only sigwait below sees these. */
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	d = MHD_start_daemon(MHD_USE_THREAD_PER_CONNECTION |
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG,
	    (uint16_t)port, NULL, NULL, handle, NULL,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sin,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)CONN_TIMEOUT,
	    MHD_OPTION_END);
	if (d == NULL) {
		fprintf(stderr, "nwtestd: cannot listen on 127.0.0.1:%lld\n",
		    port);
		return 1;
	}
	di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	if (di == NULL || di->port == 0 || write_port(port_file, di->port)) {
		MHD_stop_daemon(d);
		return 1;
	}
	fprintf(stderr, "nwtestd: serving %s on 127.0.0.1:%u\n", root,
	    (unsigned int)di->port);

	while (sigwait(&set, &sig) != 0)
		;
	atomic_store(&stopping, 1);
	MHD_stop_daemon(d);
	fprintf(stderr, "nwtestd: stopped by signal %d\n", sig);
	return 0;
}
