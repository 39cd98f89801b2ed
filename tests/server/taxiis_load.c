/*
 * taxiis_load.c - load and faults for tests/integration/taxiis-faults.sh:
 *
 *	taxiis_load PORT hangup headers|body|answer
 *		connects to 127.0.0.1:PORT and hangs up: in the middle of the
 *		request's headers, in the middle of its body (a POST whose
 *		Content-Length says more), or right after a whole request,
 *		before the answer.  Prints nothing; exit 0.
 *	taxiis_load PORT many N AUTH
 *		opens N connections at once (from 127.0.0.1 to 127.0.0.8 in
 *		turn, so the per-address cap is not the only one crossed),
 *		waits until each is made (or refused), then sends GET
 *		/taxii2/ on each and reads every answer for at
 *		most LOAD_WAIT seconds.  AUTH is "user:password" in base64.
 *		Prints "ok=A refused=R other=O": A answers 200, R connections
 *		refused or closed without an answer, O anything else (another
 *		status, no answer in time).  Exit 0.
 *
 * Exit 2 on a usage error or when a socket cannot be made.
 */
#include "config.h"

#include <sys/resource.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "normwatch/util.h"

#define LOAD_MAX	5000	/* connections at most */
#define LOAD_WAIT	30	/* seconds for every answer */
#define LOAD_SOURCES	8	/* 127.0.0.1 ... 127.0.0.8 */
#define ANSWER_HEAD	16	/* bytes of an answer kept */

struct lconn {
	int	 fd;
	int	 state;		/* 0 connecting or sending, 1 sent, 2 done,
				   3 connected (before any request goes) */
	char	 head[ANSWER_HEAD];
	size_t	 got;
	size_t	 sent;
};

/* A connection from 127.0.0.(1 + source), any when source is -1. */
static int
dial(unsigned port, int source, int nonblock)
{
	struct sockaddr_in sin, src;
	int fd;

	fd = socket(AF_INET, SOCK_STREAM | (nonblock ? SOCK_NONBLOCK : 0), 0);
	if (fd == -1)
		return -1;
	if (source >= 0) {
		memset(&src, 0, sizeof(src));
		src.sin_family = AF_INET;
		src.sin_addr.s_addr = htonl(INADDR_LOOPBACK + (unsigned)source);
		if (bind(fd, (struct sockaddr *)&src, sizeof(src)) == -1) {
			close(fd);
			return -1;
		}
	}
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((unsigned short)port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1 &&
	    errno != EINPROGRESS) {
		close(fd);
		return -1;
	}
	return fd;
}

static int
hangup(unsigned port, const char *how)
{
	static const char head[] = "GET /normwatch/collections/ HTTP/1.1\r\n"
	    "Host: 127.0.0.1\r\nAccept: application/taxii+json;vers";
	static const char post[] = "POST /normwatch/collections/inbox/objects/ "
	    "HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/taxii+json;"
	    "version=2.1\r\nContent-Type: application/taxii+json;version=2.1\r\n"
	    "Content-Length: 1000\r\n\r\n{\"objects\":[{\"type\":\"ind";
	static const char whole[] = "GET /taxii2/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
	    "Accept: application/taxii+json;version=2.1\r\n\r\n";
	const char *req;
	size_t len;
	int fd;

	if (strcmp(how, "headers") == 0) {
		req = head;
		len = sizeof(head) - 1;
	} else if (strcmp(how, "body") == 0) {
		req = post;
		len = sizeof(post) - 1;
	} else if (strcmp(how, "answer") == 0) {
		req = whole;
		len = sizeof(whole) - 1;
	} else
		return 2;
	fd = dial(port, -1, 0);
	if (fd == -1) {
		perror("taxiis_load: connect");
		return 2;
	}
	if (write(fd, req, len) != (ssize_t)len)
		perror("taxiis_load: write");
	/* a reset, not a polite close: the harshest hang-up */
	{
		struct linger l = { 1, 0 };

		setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
	}
	close(fd);
	return 0;
}

static int
many(unsigned port, long n, const char *auth)
{
	struct lconn *c;
	struct pollfd *pfd;
	struct rlimit rl;
	char req[512], buf[4096];
	long i, left, nok = 0, refused = 0, other = 0;
	time_t t0;
	int len;

	len = snprintf(req, sizeof(req), "GET /taxii2/ HTTP/1.1\r\n"
	    "Host: 127.0.0.1\r\nAuthorization: Basic %s\r\nAccept: "
	    "application/taxii+json;version=2.1\r\nConnection: close\r\n\r\n",
	    auth);
	if (len < 0 || (size_t)len >= sizeof(req))
		return 2;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	c = xcalloc((size_t)n, sizeof(*c));
	pfd = xcalloc((size_t)n, sizeof(*pfd));
	for (i = 0; i < n; i++) {
		/* source 127.0.0.(1 + i % LOAD_SOURCES) */
		c[i].fd = dial(port, (int)(i % LOAD_SOURCES), 1);
		if (c[i].fd == -1) {
			c[i].state = 2;
			refused++;
		}
	}
	/* every connection made before any request goes: so many at once */
	t0 = time(NULL);
	left = n - refused;
	while (left > 0 && time(NULL) - t0 < LOAD_WAIT / 10) {
		for (i = 0; i < n; i++) {
			pfd[i].fd = c[i].state == 0 ? c[i].fd : -1;
			pfd[i].events = POLLOUT;
			pfd[i].revents = 0;
		}
		if (poll(pfd, (nfds_t)n, 1000) <= 0)
			continue;
		for (i = 0; i < n; i++) {
			int e = 0;
			socklen_t el = sizeof(e);

			if (pfd[i].revents == 0)
				continue;
			left--;
			if (getsockopt(c[i].fd, SOL_SOCKET, SO_ERROR, &e,
			    &el) == -1 || e != 0) {
				c[i].state = 2;
				refused++;
			} else
				c[i].state = 3;
		}
	}
	for (i = 0; i < n; i++)
		if (c[i].state == 3)
			c[i].state = 0;
	t0 = time(NULL);
	left = n - refused;
	while (left > 0 && time(NULL) - t0 < LOAD_WAIT) {
		for (i = 0; i < n; i++) {
			pfd[i].fd = c[i].state == 2 ? -1 : c[i].fd;
			pfd[i].events = c[i].state == 0 ? POLLOUT : POLLIN;
			pfd[i].revents = 0;
		}
		if (poll(pfd, (nfds_t)n, 1000) <= 0)
			continue;
		for (i = 0; i < n; i++) {
			ssize_t r;

			if (pfd[i].revents == 0 || c[i].state == 2)
				continue;
			if (c[i].state == 0) {
				r = write(c[i].fd, req + c[i].sent,
				    (size_t)len - c[i].sent);
				if (r > 0)
					c[i].sent += (size_t)r;
				if (r == -1 && errno != EAGAIN) {
					c[i].state = 2;	/* refused */
					refused++;
					left--;
				} else if (c[i].sent == (size_t)len)
					c[i].state = 1;
				continue;
			}
			r = read(c[i].fd, buf, sizeof(buf));
			if (r == -1 && errno == EAGAIN)
				continue;
			if (r > 0) {
				size_t k = (size_t)r;

				if (c[i].got < ANSWER_HEAD) {
					if (k > ANSWER_HEAD - c[i].got)
						k = ANSWER_HEAD - c[i].got;
					memcpy(c[i].head + c[i].got, buf, k);
					c[i].got += k;
				}
				continue;
			}
			/* the end: an answer, or a connection closed */
			c[i].state = 2;
			left--;
			if (c[i].got == 0)
				refused++;
			else if (c[i].got >= 12 &&
			    memcmp(c[i].head + 9, "200", 3) == 0)
				nok++;
			else
				other++;
		}
	}
	for (i = 0; i < n; i++) {
		if (c[i].state != 2)
			other++;
		if (c[i].fd != -1)
			close(c[i].fd);
	}
	printf("ok=%ld refused=%ld other=%ld\n", nok, refused, other);
	free(c);
	free(pfd);
	return 0;
}

int
main(int argc, char **argv)
{
	long long port, n;

	signal(SIGPIPE, SIG_IGN);
	if (argc >= 4 && nw_parse_ll(argv[1], 1, 65535, &port) == 0 &&
	    strcmp(argv[2], "hangup") == 0 && argc == 4)
		return hangup((unsigned)port, argv[3]);
	if (argc == 5 && nw_parse_ll(argv[1], 1, 65535, &port) == 0 &&
	    strcmp(argv[2], "many") == 0 &&
	    nw_parse_ll(argv[3], 1, LOAD_MAX, &n) == 0)
		return many((unsigned)port, (long)n, argv[4]);
	fprintf(stderr, "usage: taxiis_load PORT hangup headers|body|answer\n"
	    "       taxiis_load PORT many N AUTH\n");
	return 2;
}
