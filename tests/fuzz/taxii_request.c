/*
 * taxii_request.c - fuzz target: the request path of the TAXII 2.1
 * server (src/serve/server.c), method, path, query, headers and body,
 * through the real server: nw_taxiis_start on 127.0.0.1 (two worker
 * threads), once per process, over a store made in a temporary directory
 * (under /dev/shm when it can)
 * with a few objects in each collection and a users file with one
 * writer and anonymous read.  Each input is one request on a fresh
 * connection, the answer read to its end.
 *
 * Input (one request):
 *
 *	METHOD\n
 *	PATH[?QUERY]\n
 *	Header-Name: value\n		(any number, up to a blank line)
 *	\n
 *	BODY				(the rest)
 *
 * sent as "METHOD PATH HTTP/1.1", Host and Connection: close, the header
 * lines as given (CR bytes dropped, and lines left empty or folded), a
 * Content-Length for the body unless
 * the input gives Content-Length or Transfer-Encoding itself, then the
 * body; the client then stops writing.  The user "fuzz", password "fuzz"
 * (Authorization: Basic ZnV6ejpmdXp6) reads everything and writes inbox;
 * its hash is bcrypt with cost 4 and logins are cached, so crypt(3)
 * costs little.
 *
 * Checks: an answer comes (a status line) within NW_FUZZ_WAIT seconds of
 * a complete request whose request line is well formed (libmicrohttpd
 * closes the connection on others without a word: the target then checks
 * that the server still answers a plain GET); it is never 500 (no allocation is made to fail
 * here); an answer of the server's media type, other than to HEAD, a
 * DELETE or a 304, is one JSON value.  A request whose Content-Length or
 * Transfer-Encoding the input gave may wait for more body: after
 * NW_FUZZ_WAIT_OWN ms the target resets it and checks the server still
 * answers a plain GET.
 */
#include "config.h"

#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "normwatch/error.h"
#include "normwatch/json.h"
#include "normwatch/store.h"
#include "normwatch/taxii_server.h"
#include "normwatch/users.h"
#include "normwatch/util.h"

#include "fuzz.h"

#define NW_FUZZ_WAIT	5		/* seconds an answer may take */
#define NW_FUZZ_WAIT_OWN 20		/* ms for one whose length the input
					   gave: it may wait for more body */
#define MAX_REQUEST	(1u << 20)	/* bytes of the request sent */
#define MAX_ANSWER	(8u << 20)	/* bytes of an answer read */

static const char users_file[] =
    "# the fuzz target's users\n"
    "fuzz:$2b$04$abcdefghijklmnopqrstuu/gbQda0wNzQqQxxxVQ4znO/Q9D5f5/W:"
    "*=r,inbox=rw\n"
    "anonymous:*:incidents=r\n";

static const struct {
	const char	*coll;
	const char	*id;
	const char	*type;
	const char	*version;
	const char	*json;
} objs[] = {
	{ "incidents", "identity--0d2b7f4e-4d2c-4a36-9b57-4e1a9f1a8b01",
	    "identity", "2024-01-01T00:00:00.000Z",
	    "{\"created\":\"2024-01-01T00:00:00.000Z\",\"id\":\"identity--"
	    "0d2b7f4e-4d2c-4a36-9b57-4e1a9f1a8b01\",\"identity_class\":"
	    "\"organization\",\"modified\":\"2024-01-01T00:00:00.000Z\","
	    "\"name\":\"Fuzz\",\"spec_version\":\"2.1\",\"type\":\"identity\"}" },
	{ "incidents", "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
	    "indicator", "2024-02-01T00:00:00.000Z",
	    "{\"created\":\"2024-01-01T00:00:00.000Z\",\"id\":\"indicator--"
	    "8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f\",\"modified\":"
	    "\"2024-02-01T00:00:00.000Z\",\"pattern\":\"[ipv4-addr:value = "
	    "'192.0.2.1']\",\"pattern_type\":\"stix\",\"spec_version\":\"2.1\","
	    "\"type\":\"indicator\",\"valid_from\":\"2024-01-01T00:00:00Z\"}" },
	{ "incidents", "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
	    "indicator", "2024-03-01T00:00:00.000Z",
	    "{\"created\":\"2024-01-01T00:00:00.000Z\",\"id\":\"indicator--"
	    "8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f\",\"modified\":"
	    "\"2024-03-01T00:00:00.000Z\",\"pattern\":\"[ipv4-addr:value = "
	    "'192.0.2.2']\",\"pattern_type\":\"stix\",\"spec_version\":\"2.1\","
	    "\"type\":\"indicator\",\"valid_from\":\"2024-01-01T00:00:00Z\"}" },
	{ "indicators", "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
	    "indicator", "2024-03-01T00:00:00.000Z",
	    "{\"created\":\"2024-01-01T00:00:00.000Z\",\"id\":\"indicator--"
	    "8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f\",\"modified\":"
	    "\"2024-03-01T00:00:00.000Z\",\"pattern\":\"[ipv4-addr:value = "
	    "'192.0.2.2']\",\"pattern_type\":\"stix\",\"spec_version\":\"2.1\","
	    "\"type\":\"indicator\",\"valid_from\":\"2024-01-01T00:00:00Z\"}" },
	{ "inbox", "ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd",
	    "ipv4-addr", NULL,
	    "{\"id\":\"ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd\","
	    "\"spec_version\":\"2.1\",\"type\":\"ipv4-addr\",\"value\":"
	    "\"192.0.2.3\"}" },
};

static char		 dir[64];
static struct nw_taxiis	*server;
static struct nw_users	*users;
static unsigned		 port;

static void
die(const char *what, const struct nw_error *err)
{
	fprintf(stderr, "fuzz: %s: %s\n", what, err != NULL ? err->msg : "");
	abort();
}

static void
cleanup(void)
{
	char *p;
	const char *const names[] = { "store.db", "store.db-wal",
	    "store.db-shm" };
	size_t i;

	nw_taxiis_stop(server);
	server = NULL;
	nw_users_free(users);
	users = NULL;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		p = xasprintf("%s/%s", dir, names[i]);
		unlink(p);
		free(p);
	}
	rmdir(dir);
}

static void
setup(void)
{
	struct nw_taxiis_opts o;
	struct nw_taxiis_obj ob;
	struct nw_taxiis_put *put;
	struct nw_store *st;
	struct nw_error err;
	char *db;
	size_t i;

	fuzz_init();
	signal(SIGPIPE, SIG_IGN);
	/* in memory where there is a tmpfs: every POST and DELETE commits,
	 * and an fsync a request would make the target wait for the disk */
	nw_strlcpy(dir, "/dev/shm/nw-fuzz-taxii.XXXXXX", sizeof(dir));
	if (mkdtemp(dir) == NULL) {
		nw_strlcpy(dir, "/tmp/nw-fuzz-taxii.XXXXXX", sizeof(dir));
		if (mkdtemp(dir) == NULL)
			die("mkdtemp", NULL);
	}
	db = xasprintf("%s/store.db", dir);
	nw_error_clear(&err);
	st = nw_store_open(db, NW_STORE_RW, &err);
	if (st == NULL)
		die("store", &err);
	put = nw_taxiis_put_new(nw_store_db(st), &err);
	if (put == NULL || nw_store_begin(st, &err) == -1)
		die("store", &err);
	for (i = 0; i < sizeof(objs) / sizeof(objs[0]); i++) {
		memset(&ob, 0, sizeof(ob));
		ob.id = objs[i].id;
		ob.type = objs[i].type;
		ob.version = objs[i].version;
		ob.json = objs[i].json;
		ob.len = strlen(objs[i].json);
		if (nw_taxiis_put(put, objs[i].coll, &ob, NULL, &err) == -1)
			die("put", &err);
	}
	if (nw_store_feed_commit(st, &err) == -1)
		die("commit", &err);
	nw_taxiis_put_free(put);
	nw_store_close(st);
	users = nw_users_parse(users_file, sizeof(users_file) - 1, "fuzz",
	    &err);
	if (users == NULL)
		die("users", &err);
	memset(&o, 0, sizeof(o));
	o.dbpath = db;
	o.listen = "127.0.0.1:0";
	o.threads = 2;
	o.timeout = 2;
	server = nw_taxiis_start(&o, users, &err);
	if (server == NULL)
		die("serve", &err);
	port = nw_taxiis_port(server);
	free(db);
	atexit(cleanup);
}

/*
 * Send req, read the answer into *ans within wait_ms; 0, or -1 when none
 * came (the connection is then reset, as a client giving up would), or
 * -2 when the server reset it: it answered and closed before it read a
 * body still coming, and the reset may overtake or cut the answer.
 */
static int
exchange(const char *req, size_t len, long wait_ms, struct nw_buf *ans)
{
	struct sockaddr_in sin;
	struct timeval tv = { wait_ms / 1000, (wait_ms % 1000) * 1000 };
	char buf[16384];
	size_t off = 0;
	ssize_t n;
	int fd, rc = -1;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((unsigned short)port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd == -1)
		die("socket", NULL);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1) {
		fprintf(stderr, "fuzz: connect: %s\n", strerror(errno));
		abort();
	}
	while (off < len) {
		n = write(fd, req + off, len - off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;	/* the server answered and closed early */
		off += (size_t)n;
	}
	shutdown(fd, SHUT_WR);
	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			struct linger l = { 1, 0 };

			/* no answer in time: a reset, so the server lets go */
			setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
			goto out;
		}
		if (n == -1 && errno == ECONNRESET) {
			rc = -2;	/* reset: the answer may be cut */
			goto out;
		}
		if (n <= 0)
			break;
		if (nw_buf_add(ans, buf, (size_t)n) == -1)
			die("an answer larger than MAX_ANSWER", NULL);
	}
	rc = 0;
out:
	close(fd);
	return rc;
}

static int
has_header(const char *h, size_t hl, const char *name)
{
	size_t nl = strlen(name);
	const char *p = h, *end = h + hl, *nlp;

	while (p < end) {
		nlp = memchr(p, '\n', (size_t)(end - p));
		if ((size_t)(end - p) >= nl + 1 && nw_strncaseeq(p, name, nl) &&
		    p[nl] == ':')
			return 1;
		if (nlp == NULL)
			break;
		p = nlp + 1;
	}
	return 0;
}

/*
 * Is this a request line libmicrohttpd answers: a method of token
 * characters (RFC 9110 5.6.2), a target without blanks or controls?
 * It closes the connection without a word on others.
 */
static int
line_ok(const char *m, size_t ml, const char *t, size_t tl)
{
	size_t i;

	for (i = 0; i < ml; i++)
		if (!((m[i] >= 'a' && m[i] <= 'z') || (m[i] >= 'A' &&
		    m[i] <= 'Z') || (m[i] >= '0' && m[i] <= '9') ||
		    (m[i] != '\0' && strchr("!#$%&'*+-.^_`|~", m[i]) != NULL)))
			return 0;
	for (i = 0; i < tl; i++)
		if ((unsigned char)t[i] <= ' ' || t[i] == 0x7f)
			return 0;
	return 1;
}

/* Does a header block hold a line starting with line (any case)? */
static int
has_line(const char *h, size_t hl, const char *line)
{
	size_t n = strlen(line), i;

	for (i = 0; i + n <= hl; i++)
		if ((i == 0 || h[i - 1] == '\n') && nw_strncaseeq(h + i, line, n))
			return 1;
	return 0;
}

/* Check one answer to method. */
static void
check_answer(const char *method, const struct nw_buf *ans)
{
	const char *a = ans->data, *eoh, *body;
	struct nw_json_limits lim;
	struct nw_error err;
	struct nw_json *j;
	enum nw_json_event ev;
	int code;
	size_t bl;

	if (ans->len < 12 || memcmp(a, "HTTP/1.", 7) != 0 || a[8] != ' ' ||
	    a[9] < '1' || a[9] > '5' || a[10] < '0' || a[10] > '9' ||
	    a[11] < '0' || a[11] > '9') {
		fprintf(stderr, "fuzz: no status line in %zu bytes\n",
		    ans->len);
		abort();
	}
	code = (a[9] - '0') * 100 + (a[10] - '0') * 10 + (a[11] - '0');
	if (code == 500) {
		fprintf(stderr, "fuzz: 500: %.*s\n", (int)ans->len, a);
		abort();
	}
	eoh = strstr(a, "\r\n\r\n");
	/* 304, HEAD and a DELETE done (5.6) have no body */
	if (eoh == NULL || code == 304 || strcmp(method, "HEAD") == 0 ||
	    (code == 200 && strcmp(method, "DELETE") == 0))
		return;
	body = eoh + 4;
	bl = ans->len - (size_t)(body - a);
	if (!has_line(a, (size_t)(eoh - a),
	    "Content-Type: " NW_TAXIIS_MEDIA_TYPE "\r"))
		return;
	nw_json_limits_default(&lim);
	lim.max_size = MAX_ANSWER;
	nw_error_clear(&err);
	j = nw_json_new_mem(body, bl, &lim, "answer");
	for (;;) {
		ev = nw_json_next(j, &err);
		if (ev == NW_JSON_ERROR) {
			fprintf(stderr, "fuzz: %d answer not JSON: %s: %.*s\n",
			    code, err.msg, (int)ans->len, a);
			abort();
		}
		if (ev == NW_JSON_END)
			break;
	}
	nw_json_free(j);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size, *nl;
	const char *method, *target, *hstart, *body;
	size_t ml, tl, hl, bl, i, used;
	struct nw_buf req, ans;
	char mbuf[32];
	int own_length, good_line, xr, bad = 0;

	if (server == NULL)
		setup();
	/* METHOD \n PATH \n headers \n\n body */
	nl = memchr(p, '\n', size);
	if (nl == NULL)
		return 0;
	method = p;
	ml = (size_t)(nl - p);
	p = nl + 1;
	nl = memchr(p, '\n', (size_t)(end - p));
	if (nl == NULL)
		return 0;
	target = p;
	tl = (size_t)(nl - p);
	p = nl + 1;
	hstart = p;
	hl = 0;
	body = end;
	for (;;) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL) {
			hl = (size_t)(end - hstart);
			body = end;
			break;
		}
		if (nl == p) {
			hl = (size_t)(p - hstart);
			body = nl + 1;
			break;
		}
		p = nl + 1;
	}
	bl = (size_t)(end - body);
	if (ml == 0 || ml >= sizeof(mbuf) || tl == 0)
		return 0;
	memcpy(mbuf, method, ml);
	mbuf[ml] = '\0';

	nw_buf_init(&req, MAX_REQUEST);
	nw_buf_init(&ans, MAX_ANSWER);
	bad |= nw_buf_add(&req, method, ml);
	bad |= nw_buf_add(&req, " ", 1);
	bad |= nw_buf_add(&req, target, tl);
	bad |= nw_buf_adds(&req, " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
	    "Connection: close\r\n");
	/* header lines without their CR bytes; one left empty would end
	 * the headers early and start a second request: dropped; so is a
	 * folded line (obs-fold, RFC 9112 5.2), on which libmicrohttpd
	 * waits for the timeout */
	for (i = 0, used = 0; i < hl; i++) {
		if (hstart[i] == '\r')
			continue;
		if (used == 0 && (hstart[i] == ' ' || hstart[i] == '\t')) {
			while (i < hl && hstart[i] != '\n')
				i++;
			continue;
		}
		if (hstart[i] == '\n') {
			if (used > 0)
				bad |= nw_buf_add(&req, "\r\n", 2);
			used = 0;
			continue;
		}
		bad |= nw_buf_add(&req, &hstart[i], 1);
		used++;
	}
	if (used > 0)
		bad |= nw_buf_add(&req, "\r\n", 2);
	own_length = has_header(hstart, hl, "Content-Length") ||
	    has_header(hstart, hl, "Transfer-Encoding");
	if (!own_length && bl > 0)
		bad |= nw_buf_addf(&req, "Content-Length: %zu\r\n", bl);
	bad |= nw_buf_add(&req, "\r\n", 2);
	bad |= nw_buf_add(&req, body, bl);
	if (bad)
		goto out;	/* larger than MAX_REQUEST: not sent */

	good_line = line_ok(method, ml, target, tl);
	xr = exchange(req.data, req.len, own_length ? NW_FUZZ_WAIT_OWN :
	    NW_FUZZ_WAIT * 1000, &ans);
	if (xr == 0) {
		if (ans.len > 0 || (!own_length && good_line)) {
			check_answer(mbuf, &ans);
			goto out;
		}
	} else if (xr == -2 && bl == 0 && !own_length) {
		fprintf(stderr, "fuzz: a request without a body reset\n");
		abort();
	} else if (xr == -1 && !own_length) {
		fprintf(stderr, "fuzz: no answer in %d s to a complete "
		    "request\n", NW_FUZZ_WAIT);
		abort();
	}
	/* a request cut short (its own Content-Length) and given up on,
	 * or a request line closed without an answer: the server still
	 * answers */
	nw_buf_reset(&ans);
	{
		static const char probe[] = "GET /taxii2/ HTTP/1.1\r\n"
		    "Host: 127.0.0.1\r\nConnection: close\r\nAccept: "
		    NW_TAXIIS_MEDIA_TYPE "\r\n\r\n";

		if (exchange(probe, sizeof(probe) - 1, NW_FUZZ_WAIT * 1000,
		    &ans) == -1 ||
		    ans.len < 12 || memcmp(ans.data + 9, "200", 3) != 0) {
			fprintf(stderr, "fuzz: the server no longer answers\n");
			abort();
		}
	}
out:
	nw_buf_free(&req);
	nw_buf_free(&ans);
	return 0;
}
