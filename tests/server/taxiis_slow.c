/*
 * taxiis_slow.c - a slowloris client for tests/integration/taxiis.sh:
 *
 *	taxiis_slow PORT SECONDS
 *
 * connects to 127.0.0.1:PORT, sends the start of a request whose headers
 * never end, then one more header byte a second, and prints how many
 * whole seconds passed until the server closed the connection (or
 * SECONDS when it never did).  Exit 0, or 2 when it cannot connect.
 */
#include "config.h"

#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "normwatch/util.h"

int
main(int argc, char **argv)
{
	static const char start[] = "GET /taxii2/ HTTP/1.1\r\nHost: x\r\n";
	struct sockaddr_in sin;
	struct pollfd pfd;
	long long port, secs;
	time_t t0;
	char buf[256];
	int fd;

	if (argc != 3 || nw_parse_ll(argv[1], 1, 65535, &port) == -1 ||
	    nw_parse_ll(argv[2], 1, 600, &secs) == -1) {
		fprintf(stderr, "usage: taxiis_slow PORT SECONDS\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((unsigned short)port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd == -1 || connect(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1) {
		perror("taxiis_slow: connect");
		return 2;
	}
	t0 = time(NULL);
	if (write(fd, start, sizeof(start) - 1) == -1)
		goto closed;
	while (time(NULL) - t0 < secs) {
		pfd.fd = fd;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, 1000) > 0 && read(fd, buf, sizeof(buf)) <= 0)
			goto closed;
		if (write(fd, "X", 1) == -1)
			goto closed;
	}
closed:
	printf("%lld\n", (long long)(time(NULL) - t0));
	close(fd);
	return 0;
}
