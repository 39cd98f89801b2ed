/*
 * fetch.c - one feed body over http, https or file, with libcurl's easy
 * interface.
 *
 * One easy handle per nw_fetch call, reused across its retries.  The body
 * goes into an nw_buf whose maximum is the feed's max-size, so a server
 * that sends no Content-Length, or a false one, is still cut off.  Bodies
 * of error answers (3xx, 4xx, 5xx) are dropped unread.  Only the headers of
 * the last answer count (a redirect's ETag is not the document's).
 */
#include "config.h"

#include <sys/stat.h>

#include <curl/curl.h>
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "normwatch/fetch.h"
#include "normwatch/log.h"

#define FETCH_PROTOCOLS		"http,https,file"
#define FETCH_REDIR_PROTOCOLS	"http,https"	/* never to file: */
#define FETCH_MAX_RETRIES	100		/* sanity cap on limits->retries */
#define WAIT_SCALE_ENV		"NORMWATCH_RETRY_SCALE"
#define WAIT_SCALE_MAX		1000		/* integer part of the scale */

static double	wait_scale = 1.0;

/* State of one transfer (one try). */
struct xfer {
	struct nw_buf	 body;		/* body of a 2xx or file answer */
	long		 status;	/* status line of the current answer */
	int		 over;		/* the body crossed body.max */
	char		*etag;		/* headers of the current answer */
	char		*last_modified;
	char		*content_type;
	long long	 retry_after_ms; /* Retry-After, -1 when absent */
	const char *const *capture;	/* other headers to keep (req) */
	size_t		 ncapture;
	char		*captured[NW_FETCH_MAX_CAPTURE];
};

const char *
nw_fetch_user_agent(void)
{
	return "normwatch/" PACKAGE_VERSION
	    " (+https://github.com/normwatch/normwatch)";
}

void
nw_fetch_set_wait_scale(double scale)
{
	if (scale >= 0 && scale <= WAIT_SCALE_MAX)
		wait_scale = scale;
}

/*
 * A bounded, locale-free parse of the wait scale: up to 4 digits, then
 * optionally a point and up to 9 digits ("0.01", "1", "2.5").
 */
static int
parse_scale(const char *s, double *out)
{
	double v = 0, f = 0.1;
	int n;

	for (n = 0; *s >= '0' && *s <= '9'; s++, n++) {
		if (n == 4)
			return -1;
		v = v * 10 + (*s - '0');
	}
	if (n == 0)
		return -1;
	if (*s == '.') {
		s++;
		for (n = 0; *s >= '0' && *s <= '9'; s++, n++, f /= 10) {
			if (n == 9)
				return -1;
			v += f * (*s - '0');
		}
		if (n == 0)
			return -1;
	}
	if (*s != '\0' || v > WAIT_SCALE_MAX)
		return -1;
	*out = v;
	return 0;
}

int
nw_fetch_global_init(struct nw_error *err)
{
	const char *s;
	char esc[NW_LOG_FIELD_MAX * 4 + 8];
	double scale;

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return nw_error_set(err, NW_E_INTERNAL,
		    "libcurl could not be initialised");
	s = getenv(WAIT_SCALE_ENV);
	if (s != NULL && *s != '\0') {
		if (parse_scale(s, &scale) == 0)
			nw_fetch_set_wait_scale(scale);
		else
			nw_log(NW_LOG_WARN, NULL, "%s: ignoring \"%s\", not a "
			    "number from 0 to %d", WAIT_SCALE_ENV,
			    nw_log_escape(s, strlen(s), esc, sizeof(esc)),
			    WAIT_SCALE_MAX);
	}
	return 0;
}

void
nw_fetch_global_cleanup(void)
{
	curl_global_cleanup();
}

void
nw_fetch_res_free(struct nw_fetch_res *res)
{
	size_t i;

	if (res == NULL)
		return;
	free(res->body);
	free(res->etag);
	free(res->last_modified);
	free(res->content_type);
	free(res->effective_url);
	for (i = 0; i < NW_FETCH_MAX_CAPTURE; i++) {
		free(res->captured[i]);
		res->captured[i] = NULL;
	}
	res->body = NULL;
	res->etag = res->last_modified = res->content_type = NULL;
	res->effective_url = NULL;
	res->len = 0;
	res->sha256[0] = '\0';
}

/* Forget the headers of an answer (a new one starts, or a new try). */
static void
xfer_headers_clear(struct xfer *x)
{
	size_t i;

	for (i = 0; i < NW_FETCH_MAX_CAPTURE; i++) {
		free(x->captured[i]);
		x->captured[i] = NULL;
	}
	free(x->etag);
	free(x->last_modified);
	free(x->content_type);
	x->etag = x->last_modified = x->content_type = NULL;
	x->retry_after_ms = -1;
}

/*
 * Retry-After: delta-seconds or an HTTP-date.  Returns milliseconds,
 * capped at NW_MAX_RETRY_WAIT_MS, or -1 when the value means nothing.
 */
static long long
retry_after_ms(const char *v)
{
	long long secs;
	time_t when, now;

	if (*v >= '0' && *v <= '9') {
		if (strspn(v, "0123456789") != strlen(v))
			return -1;
		if (strlen(v) > 9)	/* more than 31 years: the cap */
			return NW_MAX_RETRY_WAIT_MS;
		if (nw_parse_ll(v, 0, 999999999, &secs) == -1)
			return -1;
	} else {
		when = curl_getdate(v, NULL);
		if (when == -1)
			return -1;
		now = time(NULL);
		secs = when > now ? (long long)(when - now) : 0;
	}
	if (secs > NW_MAX_RETRY_WAIT_MS / 1000)
		return NW_MAX_RETRY_WAIT_MS;
	return secs * 1000;
}

/*
 * A copy of a header value, or NULL when it is too long or holds control
 * bytes (it may go back out in a request header, so it must be clean).
 */
static char *
header_value(const char *v, size_t n)
{
	size_t i;

	if (n > NW_MAX_HEADER_VALUE)
		return NULL;
	for (i = 0; i < n; i++)
		if (((unsigned char)v[i] < 0x20 && v[i] != '\t') ||
		    v[i] == 0x7f)
			return NULL;
	return xstrndup(v, n);
}

static size_t
header_cb(char *line, size_t size, size_t nitems, void *arg)
{
	struct xfer *x = arg;
	size_t n = size * nitems, namelen, vlen;
	const char *colon, *v;
	char tmp[32];
	char **slot = NULL;
	size_t i;

	if (n >= 5 && memcmp(line, "HTTP/", 5) == 0) {
		/* A new answer (after a redirect or a 1xx): start over. */
		xfer_headers_clear(x);
		x->status = 0;
		colon = memchr(line, ' ', n);
		if (colon != NULL && (size_t)(colon - line) + 4 <= n &&
		    isdigit((unsigned char)colon[1]) &&
		    isdigit((unsigned char)colon[2]) &&
		    isdigit((unsigned char)colon[3]))
			x->status = (colon[1] - '0') * 100 +
			    (colon[2] - '0') * 10 + (colon[3] - '0');
		return n;
	}
	colon = memchr(line, ':', n);
	if (colon == NULL)
		return n;
	namelen = (size_t)(colon - line);
	v = colon + 1;
	vlen = n - namelen - 1;
	while (vlen > 0 && (*v == ' ' || *v == '\t')) {
		v++;
		vlen--;
	}
	while (vlen > 0 && (v[vlen - 1] == '\r' || v[vlen - 1] == '\n' ||
	    v[vlen - 1] == ' ' || v[vlen - 1] == '\t'))
		vlen--;

	if (namelen == 4 && nw_strncaseeq(line, "ETag", 4))
		slot = &x->etag;
	else if (namelen == 13 && nw_strncaseeq(line, "Last-Modified", 13))
		slot = &x->last_modified;
	else if (namelen == 12 && nw_strncaseeq(line, "Content-Type", 12))
		slot = &x->content_type;
	else if (namelen == 11 && nw_strncaseeq(line, "Retry-After", 11)) {
		if (vlen < sizeof(tmp)) {
			memcpy(tmp, v, vlen);
			tmp[vlen] = '\0';
			x->retry_after_ms = retry_after_ms(tmp);
		}
		return n;
	}
	for (i = 0; slot == NULL && i < x->ncapture; i++)
		if (namelen == strlen(x->capture[i]) &&
		    nw_strncaseeq(line, x->capture[i], namelen))
			slot = &x->captured[i];
	if (slot != NULL) {
		free(*slot);
		*slot = header_value(v, vlen);
	}
	return n;
}

static size_t
write_cb(char *data, size_t size, size_t nmemb, void *arg)
{
	struct xfer *x = arg;
	size_t n = size * nmemb;

	if (x->status >= 300)		/* an error page: not the document */
		return n;
	if (nw_buf_add(&x->body, data, n) == -1) {
		x->over = 1;
		return 0;		/* CURLE_WRITE_ERROR */
	}
	return n;
}

/* http://, https:// or file://, case-insensitively. */
static int
url_scheme_ok(const char *url)
{
	return nw_strncaseeq(url, "http://", 7) ||
	    nw_strncaseeq(url, "https://", 8) ||
	    nw_strncaseeq(url, "file://", 7);
}

/*
 * libcurl reads a directory named by a file: URL as an empty file; say
 * what it is instead.  Other file: troubles are left to libcurl.
 */
static int
file_url_check(const char *url, enum nw_errcode *code, char *msg,
    size_t msgsz)
{
	struct stat st;
	CURLU *u;
	char *path = NULL;
	int rc = 0;

	if (!nw_strncaseeq(url, "file://", 7))
		return 0;
	u = curl_url();
	if (u == NULL)
		return 0;
	if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_PATH, &path, CURLU_URLDECODE) ==
	    CURLUE_OK && stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		*code = NW_E_IO;
		snprintf(msg, msgsz, "is a directory, not a file");
		rc = -1;
	}
	curl_free(path);
	curl_url_cleanup(u);
	return rc;
}

/* The URL without "user:password@", for error messages and logs. */
static void
url_redact(const char *url, char *out, size_t sz)
{
	const char *auth, *end, *at, *p;

	auth = strstr(url, "://");
	if (auth == NULL) {
		nw_strlcpy(out, url, sz);
		return;
	}
	auth += 3;
	end = auth + strcspn(auth, "/?#");
	at = NULL;
	for (p = auth; p < end; p++)
		if (*p == '@')
			at = p;
	if (at == NULL) {
		nw_strlcpy(out, url, sz);
		return;
	}
	snprintf(out, sz, "%.*s%s", (int)(auth - url), url, at + 1);
}

/* Append "Name: value" to *list; -1 when it could inject a header. */
static int
header_add(struct curl_slist **list, const char *name, const char *value)
{
	struct curl_slist *n;
	char *line;

	if (strpbrk(value, "\r\n") != NULL)
		return -1;
	line = name != NULL ? xasprintf("%s: %s", name, value) :
	    xstrdup(value);
	n = curl_slist_append(*list, line);
	free(line);
	if (n == NULL)
		return -1;
	*list = n;
	return 0;
}

/*
 * The request headers: validators, Accept, the extra lines.  Returns -1
 * with *code and msg set when a value could smuggle in a header.
 */
static int
headers_build(const struct nw_fetch_req *req, struct curl_slist **list,
    int *conditional, enum nw_errcode *code, char *msg, size_t msgsz)
{
	const char *const *h;

	*conditional = 0;
	if (req->etag != NULL && *req->etag != '\0') {
		if (header_add(list, "If-None-Match", req->etag) == -1)
			goto bad_data;
		*conditional = 1;
	}
	if (req->last_modified != NULL && *req->last_modified != '\0') {
		if (header_add(list, "If-Modified-Since",
		    req->last_modified) == -1)
			goto bad_data;
		*conditional = 1;
	}
	if (req->accept != NULL &&
	    header_add(list, "Accept", req->accept) == -1)
		goto bad_config;
	for (h = req->headers; h != NULL && *h != NULL; h++) {
		if (strchr(*h, ':') == NULL || **h == ':' ||
		    header_add(list, NULL, *h) == -1)
			goto bad_config;
	}
	return 0;
bad_data:
	*code = NW_E_DATA;
	snprintf(msg, msgsz, "a stored validator (ETag or Last-Modified) "
	    "is not a valid header value");
	return -1;
bad_config:
	*code = NW_E_CONFIG;
	snprintf(msg, msgsz, "bad Accept or extra header (each must be one "
	    "\"Name: value\" line)");
	return -1;
}

/* Set every option; -1 if libcurl refuses one (e.g. too old a libcurl). */
static int
handle_setup(CURL *c, const struct nw_fetch_req *req,
    const struct nw_limits *lim, struct curl_slist *hdrs, struct xfer *x,
    char *errbuf)
{
	int ok = 1;

#define SET(opt, val)	(ok &= curl_easy_setopt(c, opt, val) == CURLE_OK)
	SET(CURLOPT_URL, req->url);
	SET(CURLOPT_PROTOCOLS_STR, FETCH_PROTOCOLS);
	SET(CURLOPT_REDIR_PROTOCOLS_STR, FETCH_REDIR_PROTOCOLS);
	SET(CURLOPT_SSL_VERIFYPEER, 1L);
	SET(CURLOPT_SSL_VERIFYHOST, 2L);
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_HTTPGET, 1L);
	SET(CURLOPT_FOLLOWLOCATION, 1L);
	SET(CURLOPT_MAXREDIRS, lim->max_redirects);
	SET(CURLOPT_CONNECTTIMEOUT, lim->connect_timeout);
	SET(CURLOPT_TIMEOUT, lim->timeout);
	SET(CURLOPT_LOW_SPEED_LIMIT, lim->low_speed_limit);
	SET(CURLOPT_LOW_SPEED_TIME, lim->low_speed_time);
	SET(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)x->body.max);
	SET(CURLOPT_ACCEPT_ENCODING, "");	/* what libcurl can decode */
	SET(CURLOPT_USERAGENT, nw_fetch_user_agent());
	SET(CURLOPT_HTTPHEADER, hdrs);
	SET(CURLOPT_ERRORBUFFER, errbuf);
	SET(CURLOPT_WRITEFUNCTION, write_cb);
	SET(CURLOPT_WRITEDATA, x);
	SET(CURLOPT_HEADERFUNCTION, header_cb);
	SET(CURLOPT_HEADERDATA, x);
	if (req->userpwd != NULL) {
		SET(CURLOPT_USERPWD, req->userpwd);
		SET(CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
	}
#undef SET
	return ok ? 0 : -1;
}

/* splitmix64: jitter needs no more than this. */
static uint64_t
rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/*
 * Milliseconds to wait before try number attempt+2: Retry-After when the
 * server sent one, else retry_base_ms * 2^attempt with equal jitter (half
 * fixed, half random); both capped at NW_MAX_RETRY_WAIT_MS.
 */
static long long
backoff_ms(const struct nw_limits *lim, int attempt, long long retry_after,
    uint64_t *rng)
{
	long long w, half;
	int i;

	if (retry_after >= 0)
		return retry_after > NW_MAX_RETRY_WAIT_MS ?
		    NW_MAX_RETRY_WAIT_MS : retry_after;
	w = lim->retry_base_ms > 0 ? lim->retry_base_ms : 0;
	for (i = 0; i < attempt && w < NW_MAX_RETRY_WAIT_MS; i++)
		w *= 2;
	if (w > NW_MAX_RETRY_WAIT_MS)
		w = NW_MAX_RETRY_WAIT_MS;
	half = w / 2;
	return half + (long long)(rng_next(rng) % (uint64_t)(w - half + 1));
}

static void
sleep_ms(double ms)
{
	struct timespec ts, rem;

	if (ms <= 0)
		return;
	ts.tv_sec = (time_t)(ms / 1000);
	ts.tv_nsec = (long)((ms - (double)ts.tv_sec * 1000) * 1e6);
	if (ts.tv_nsec >= 1000000000L)
		ts.tv_nsec = 999999999L;
	while (nanosleep(&ts, &rem) == -1 && errno == EINTR)
		ts = rem;
}

static double
elapsed(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) +
	    (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static int
curl_retryable(CURLcode cc)
{
	switch (cc) {
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_COULDNT_CONNECT:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
		return 1;
	default:
		return 0;
	}
}

enum verdict { V_OK, V_NOT_MODIFIED, V_FAIL, V_RETRY };

/* What one try came to; on failure *code and msg say why. */
static enum verdict
judge(CURLcode cc, long http, const struct xfer *x, int conditional,
    const char *errbuf, const char *eff, const struct nw_limits *lim,
    enum nw_errcode *code, char *msg, size_t msgsz)
{
	const char *why;

	if (cc == CURLE_OK) {
		if (http == 0 || (http >= 200 && http < 300))
			return V_OK;
		*code = NW_E_HTTP;
		snprintf(msg, msgsz, "HTTP %ld", http);
		if (http == 304 && conditional)
			return V_NOT_MODIFIED;
		if (http == 304)
			snprintf(msg, msgsz, "HTTP 304 to an unconditional "
			    "request");
		if (http == 429 || (http >= 500 && http < 600))
			return V_RETRY;
		return V_FAIL;
	}
	if ((cc == CURLE_WRITE_ERROR && x->over) ||
	    cc == CURLE_FILESIZE_EXCEEDED) {
		*code = NW_E_LIMIT;
		snprintf(msg, msgsz, "body larger than %zu bytes", x->body.max);
		return V_FAIL;
	}
	if (cc == CURLE_TOO_MANY_REDIRECTS) {
		*code = NW_E_LIMIT;
		snprintf(msg, msgsz, "more than %ld redirects",
		    lim->max_redirects);
		return V_FAIL;
	}
	*code = NW_E_NET;
	if (cc == CURLE_UNSUPPORTED_PROTOCOL && http >= 300 && http < 400) {
		/* REDIR_PROTOCOLS said no: a redirect to file:, ftp:, ... */
		why = eff != NULL ? eff : "?";
		snprintf(msg, msgsz, "refused a redirect to ");
		nw_log_escape(why, strlen(why), msg + strlen(msg),
		    msgsz - strlen(msg));
		return V_FAIL;
	}
	why = errbuf[0] != '\0' ? errbuf : curl_easy_strerror(cc);
	nw_log_escape(why, strlen(why), msg, msgsz);
	if (cc == CURLE_FILE_COULDNT_READ_FILE)
		*code = NW_E_IO;
	return curl_retryable(cc) ? V_RETRY : V_FAIL;
}

int
nw_fetch(const struct nw_fetch_req *req, struct nw_fetch_res *res,
    struct nw_error *err)
{
	struct nw_limits deflim, lim;
	struct xfer x;
	struct curl_slist *hdrs = NULL;
	struct timespec t0;
	char errbuf[CURL_ERROR_SIZE], msg[sizeof(err->msg)];
	char where[NW_MAX_URL_LEN];
	enum nw_errcode code = NW_E_INTERNAL;
	enum verdict v = V_FAIL;
	const char *eff = NULL;
	CURL *c = NULL;
	CURLcode cc;
	uint64_t rng;
	long http = 0;
	int attempt, conditional = 0, rc = -1;

	memset(res, 0, sizeof(*res));
	res->status = NW_FETCH_FAILED;
	memset(&x, 0, sizeof(x));
	x.retry_after_ms = -1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rng = (uint64_t)t0.tv_nsec ^ ((uint64_t)t0.tv_sec << 32) ^
	    (uint64_t)getpid();

	nw_limits_default(&deflim);
	lim = req->limits != NULL ? *req->limits : deflim;
	if (lim.max_body > NW_MAX_MAX_BODY)
		lim.max_body = NW_MAX_MAX_BODY;
	/* The feed parser checks these; a negative one would make libcurl
	 * refuse the option, so fall back to the default instead. */
	if (lim.connect_timeout < 0)
		lim.connect_timeout = deflim.connect_timeout;
	if (lim.timeout < 0)
		lim.timeout = deflim.timeout;
	if (lim.low_speed_limit < 0 || lim.low_speed_time < 0) {
		lim.low_speed_limit = deflim.low_speed_limit;
		lim.low_speed_time = deflim.low_speed_time;
	}
	if (lim.max_redirects < 0)
		lim.max_redirects = 0;
	if (lim.retries < 0)
		lim.retries = 0;
	if (lim.retries > FETCH_MAX_RETRIES)
		lim.retries = FETCH_MAX_RETRIES;
	nw_buf_init(&x.body, lim.max_body);
	errbuf[0] = '\0';
	msg[0] = '\0';

	if (req->url == NULL || !url_scheme_ok(req->url)) {
		code = NW_E_CONFIG;
		snprintf(msg, sizeof(msg),
		    "not an http, https or file URL");
		goto fail;
	}
	if (file_url_check(req->url, &code, msg, sizeof(msg)) == -1)
		goto fail;
	for (x.ncapture = 0; req->capture != NULL &&
	    req->capture[x.ncapture] != NULL; x.ncapture++)
		if (x.ncapture == NW_FETCH_MAX_CAPTURE) {
			code = NW_E_CONFIG;
			snprintf(msg, sizeof(msg), "more than %d response "
			    "headers to keep", NW_FETCH_MAX_CAPTURE);
			goto fail;
		}
	x.capture = req->capture;
	if (headers_build(req, &hdrs, &conditional, &code, msg,
	    sizeof(msg)) == -1)
		goto fail;
	c = curl_easy_init();
	if (c == NULL || handle_setup(c, req, &lim, hdrs, &x, errbuf) == -1) {
		code = NW_E_INTERNAL;
		snprintf(msg, sizeof(msg), "libcurl refused the transfer "
		    "options (libcurl 7.85 or later is needed)");
		goto fail;
	}

	for (attempt = 0;; attempt++) {
		nw_buf_reset(&x.body);
		x.over = 0;
		x.status = 0;
		xfer_headers_clear(&x);
		errbuf[0] = '\0';
		cc = curl_easy_perform(c);
		res->attempts = attempt + 1;
		http = 0;
		eff = NULL;
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &http);
		curl_easy_getinfo(c, CURLINFO_EFFECTIVE_URL, &eff);
		res->http_code = http;
		v = judge(cc, http, &x, conditional, errbuf, eff, &lim, &code,
		    msg, sizeof(msg));
		if (v != V_RETRY || attempt >= lim.retries)
			break;
		nw_log(NW_LOG_DEBUG, req->feed, "try %d: %s; trying again",
		    attempt + 1, msg);
		sleep_ms((double)backoff_ms(&lim, attempt, x.retry_after_ms,
		    &rng) * wait_scale);
	}

	if (eff != NULL)
		res->effective_url = xstrdup(eff);
	if (v == V_OK || v == V_NOT_MODIFIED) {
		res->etag = x.etag;
		res->last_modified = x.last_modified;
		res->content_type = x.content_type;
		x.etag = x.last_modified = x.content_type = NULL;
		memcpy(res->captured, x.captured, sizeof(res->captured));
		memset(x.captured, 0, sizeof(x.captured));
	}
	if (v == V_OK) {
		res->status = NW_FETCH_OK;
		res->body = nw_buf_detach(&x.body, &res->len);
		/* nw_buf_detach of an empty buffer: terminate it ourselves */
		res->body[res->len] = '\0';
		nw_sha256_hex(res->body, res->len, res->sha256);
		rc = 0;
		goto out;
	}
	if (v == V_NOT_MODIFIED) {
		res->status = NW_FETCH_NOT_MODIFIED;
		rc = 0;
		goto out;
	}
	if (res->attempts > 1) {
		size_t n = strlen(msg);

		snprintf(msg + n, sizeof(msg) - n, "%s after %d attempts",
		    code == NW_E_HTTP ? "" : ",", res->attempts);
	}
fail:
	url_redact(req->url != NULL ? req->url : "", where, sizeof(where));
	nw_error_where(err, req->feed, where);
	nw_error_set(err, code, "%s", msg);
out:
	res->seconds = elapsed(&t0);
	xfer_headers_clear(&x);
	nw_buf_free(&x.body);
	curl_slist_free_all(hdrs);
	if (c != NULL)
		curl_easy_cleanup(c);
	return rc;
}
