/*
 * users.c - fuzz target: the users file of `normwatch serve`, through
 * nw_users_parse, then permission lookups on every user it holds
 * (nw_users_at).
 *
 * No password is checked against a hash here (crypt(3) is slow on
 * purpose); nw_users_check is called only with a name the table does
 * not hold or with the anonymous user, which return before crypt(3).
 *
 * Checks: an error has a code, names the file and a line within the
 * input; a table holds at most NW_USERS_MAX_USERS users, each with a
 * valid name; the anonymous user, when there, is called anonymous and
 * cannot log in.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normwatch/error.h"
#include "normwatch/users.h"

#include "fuzz.h"

static const char *const colls[] = { "incidents", "indicators", "inbox",
    "533fff2a-70e7-4ec2-aa72-a1202ce8bd77", "*", "" };

static void
check_user(const struct nw_user *u)
{
	const char *name = nw_user_name(u);
	size_t i;
	unsigned m;

	if (name == NULL || !nw_users_name_ok(name)) {
		fprintf(stderr, "fuzz: a user without a valid name\n");
		abort();
	}
	for (i = 0; i < sizeof(colls) / sizeof(colls[0]); i++) {
		m = nw_user_perms(u, colls[i], colls[i]);
		if ((m & ~(unsigned)(NW_PERM_READ | NW_PERM_WRITE)) != 0) {
			fprintf(stderr, "fuzz: permission bits %#x\n", m);
			abort();
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nw_users *us;
	struct nw_error err;
	const struct nw_user *anon;
	const char *end;
	long lines = 1;
	size_t i, n;

	fuzz_init();
	nw_error_clear(&err);
	us = nw_users_parse((const char *)data, size, "/fuzz/users", &err);
	end = memchr(data, '\0', size);
	n = end != NULL ? (size_t)(end - (const char *)data) : size;
	for (i = 0; i < n; i++)
		if (data[i] == '\n')
			lines++;
	if (us == NULL) {
		if (err.code == NW_E_OK || strcmp(err.file, "/fuzz/users") != 0 ||
		    (err.code != NW_E_LIMIT && (err.line < 1 ||
		    err.line > lines))) {
			fprintf(stderr, "fuzz: an error without a code, file or "
			    "line: %d %s:%ld %s\n", (int)err.code, err.file,
			    err.line, err.msg);
			abort();
		}
		return 0;
	}
	if (nw_users_count(us) > NW_USERS_MAX_USERS) {
		fprintf(stderr, "fuzz: %zu users\n", nw_users_count(us));
		abort();
	}
	anon = nw_users_anonymous(us);
	if (anon != NULL) {
		check_user(anon);
		if (strcmp(nw_user_name(anon), NW_USERS_ANONYMOUS) != 0 ||
		    nw_users_check(us, NW_USERS_ANONYMOUS, "") != NULL) {
			fprintf(stderr, "fuzz: the anonymous user logs in\n");
			abort();
		}
	}
	/* a user the table cannot hold: no crypt(3) call, and NULL */
	if (nw_users_check(us, "no:such:user", "x") != NULL ||
	    nw_users_check(us, NULL, "x") != NULL) {
		fprintf(stderr, "fuzz: a user who is not there logs in\n");
		abort();
	}
	for (i = 0; i < nw_users_count(us); i++)
		check_user(nw_users_at(us, i));
	if (nw_users_at(us, i) != NULL) {
		fprintf(stderr, "fuzz: a user past the end\n");
		abort();
	}
	nw_users_free(us);
	return 0;
}
