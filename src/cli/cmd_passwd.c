/*
 * cmd_passwd.c - normwatch passwd --users FILE USER: set USER's password
 * in the users file of `normwatch serve`, adding the user (with read
 * permission on every collection) when new.  The password is read from
 * standard input: its first line, without the newline.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normwatch/log.h"
#include "normwatch/users.h"
#include "normwatch/util.h"

#include "cli.h"

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: normwatch passwd --users FILE USER\n"
	    "\n"
	    "Read a password from standard input (its first line) and set it\n"
	    "as USER's in the users file of normwatch serve, hashed with\n"
	    "yescrypt.  A new user gets read permission on every collection\n"
	    "(\"*=r\"); edit the file to change permissions.  The file is\n"
	    "created with mode 0600 and replaced atomically.\n"
	    "\n"
	    "Exit status: 0 set, 64 usage, 65 no password on standard input,\n"
	    "74 the file cannot be written, 78 the users file is bad.\n");
}

int
cmd_passwd(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "users", required_argument, NULL, 'u' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct nw_error err;
	const char *usersfile = NULL;
	char pw[NW_USERS_MAX_PASSWORD + 2];
	size_t n;
	int c, rc;

	for (;;) {
		c = getopt_long(argc, argv, "h", longopts, NULL);
		if (c == -1)
			break;
		switch (c) {
		case 'u':
			usersfile = optarg;
			break;
		case 'h':
			usage(stdout);
			return NW_EXIT_OK;
		default:
			usage(stderr);
			return NW_EXIT_USAGE;
		}
	}
	if (usersfile == NULL || optind != argc - 1) {
		usage(stderr);
		return NW_EXIT_USAGE;
	}
	if (!nw_users_name_ok(argv[optind]) ||
	    strcmp(argv[optind], NW_USERS_ANONYMOUS) == 0) {
		nw_log(NW_LOG_ERROR, "passwd", "a user name is 1 to %d of "
		    "A-Z a-z 0-9 . _ @ - (and not %s)", NW_USERS_MAX_NAME,
		    NW_USERS_ANONYMOUS);
		return NW_EXIT_USAGE;
	}
	if (fgets(pw, sizeof(pw), stdin) == NULL) {
		nw_log(NW_LOG_ERROR, "passwd", "no password on standard input");
		return NW_EXIT_DATAERR;
	}
	n = strlen(pw);
	if (n > 0 && pw[n - 1] == '\n')
		pw[--n] = '\0';
	else if (n > NW_USERS_MAX_PASSWORD) {
		explicit_bzero(pw, sizeof(pw));
		nw_log(NW_LOG_ERROR, "passwd", "the password is longer than "
		    "%d bytes", NW_USERS_MAX_PASSWORD);
		return NW_EXIT_DATAERR;
	}
	if (n > 0 && pw[n - 1] == '\r')
		pw[--n] = '\0';
	if (n == 0) {
		nw_log(NW_LOG_ERROR, "passwd", "the password is empty");
		return NW_EXIT_DATAERR;
	}
	nw_error_clear(&err);
	rc = nw_users_set_password(usersfile, argv[optind], pw, &err);
	explicit_bzero(pw, sizeof(pw));
	if (rc == -1) {
		nw_log_error(&err);
		return err.code == NW_E_IO ? NW_EXIT_IOERR :
		    err.code == NW_E_USAGE ? NW_EXIT_USAGE : NW_EXIT_CONFIG;
	}
	return NW_EXIT_OK;
}
