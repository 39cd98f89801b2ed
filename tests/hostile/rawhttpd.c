/*
 * rawhttpd - a server for hostile HTTP answers, which a well-behaved
 * server (tests/server/nwtestd) cannot give: it reads a request, answers
 * with the bytes of DIR/NAME.http verbatim (status line, headers and body
 * as written, so a Content-Length may lie and a body may be a gzip bomb)
 * and closes the connection.  NAME is the last segment of the request
 * path; an unknown NAME gets a 404.
 *
 * Usage: rawhttpd --root DIR --port-file FILE
 *
 * Listens on 127.0.0.1, on a port the kernel chooses, written to FILE
 * (through FILE.tmp and rename).  One connection at a time; runs until
 * killed.
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
#include "normwatch/util.h"

#define RAW_MAX_REQUEST	8192		/* bytes of a request's head */
#define RAW_MAX_NAME	128		/* bytes of a response's name */
#define RAW_MAX_FILE	(64u << 20)	/* bytes of a response file */

static int
name_ok(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len > RAW_MAX_NAME)
		return 0;
	for (i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' &&
		    s[i] <= '9') || s[i] == '-' || s[i] == '_'))
			return 0;
	return 1;
}

static void
write_all(int fd, const char *p, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n <= 0) {
			if (n == -1 && errno == EINTR)
				continue;
			return;
		}
		p += n;
		len -= (size_t)n;
	}
}

static void
serve(int c, const char *root)
{
	static const char notfound[] = "HTTP/1.1 404 Not Found\r\n"
	    "Content-Length: 0\r\nConnection: close\r\n\r\n";
	struct nw_error err;
	char req[RAW_MAX_REQUEST + 1], *sp, *end, *slash, *path, *body;
	size_t got = 0, len;
	ssize_t n;

	while (got < RAW_MAX_REQUEST) {
		n = read(c, req + got, RAW_MAX_REQUEST - got);
		if (n <= 0)
			return;
		got += (size_t)n;
		req[got] = '\0';
		if (strstr(req, "\r\n\r\n") != NULL)
			break;
	}
	req[got] = '\0';
	/* "GET /a/b/NAME HTTP/1.1" */
	sp = strchr(req, ' ');
	end = sp != NULL ? strchr(sp + 1, ' ') : NULL;
	if (end == NULL) {
		write_all(c, notfound, sizeof(notfound) - 1);
		return;
	}
	*end = '\0';
	slash = strrchr(sp + 1, '/');
	slash = slash != NULL ? slash + 1 : sp + 1;
	if (!name_ok(slash, strlen(slash))) {
		write_all(c, notfound, sizeof(notfound) - 1);
		return;
	}
	path = xasprintf("%s/%s.http", root, slash);
	nw_error_clear(&err);
	body = nw_read_file(path, RAW_MAX_FILE, &len, &err);
	free(path);
	if (body == NULL) {
		write_all(c, notfound, sizeof(notfound) - 1);
		return;
	}
	write_all(c, body, len);
	free(body);
}

int
main(int argc, char *argv[])
{
	struct sockaddr_in sa;
	socklen_t salen = sizeof(sa);
	const char *root = NULL, *portfile = NULL;
	char *tmp;
	FILE *fp;
	int s, c, i, one = 1;

	for (i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--root") == 0)
			root = argv[i + 1];
		else if (strcmp(argv[i], "--port-file") == 0)
			portfile = argv[i + 1];
	}
	if (root == NULL || portfile == NULL) {
		fprintf(stderr, "usage: rawhttpd --root DIR --port-file FILE\n");
		return 64;
	}
	signal(SIGPIPE, SIG_IGN);
	s = socket(AF_INET, SOCK_STREAM, 0);
	if (s == -1) {
		perror("rawhttpd: socket");
		return 1;
	}
	(void)setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sa.sin_port = 0;
	if (bind(s, (struct sockaddr *)&sa, sizeof(sa)) == -1 ||
	    listen(s, 16) == -1 ||
	    getsockname(s, (struct sockaddr *)&sa, &salen) == -1) {
		perror("rawhttpd: bind");
		return 1;
	}
	tmp = xasprintf("%s.tmp", portfile);
	fp = fopen(tmp, "w");
	if (fp == NULL || fprintf(fp, "%d\n", ntohs(sa.sin_port)) < 0 ||
	    fclose(fp) != 0 || rename(tmp, portfile) == -1) {
		perror("rawhttpd: port file");
		return 1;
	}
	free(tmp);
	for (;;) {
		c = accept(s, NULL, NULL);
		if (c == -1) {
			if (errno == EINTR)
				continue;
			perror("rawhttpd: accept");
			return 1;
		}
		serve(c, root);
		(void)shutdown(c, SHUT_WR);
		close(c);
	}
}
