/*
 * users.h - the users file of `normwatch serve` (src/serve/users.c):
 * who may read and write which TAXII collection, with crypt(3) password
 * hashes (yescrypt "$y$" by default, bcrypt "$2b$" read too).
 *
 * One user a line, "NAME:HASH:PERMISSIONS"; blank lines and lines
 * beginning with '#' are ignored.  NAME is 1 to NW_USERS_MAX_NAME bytes of
 * [A-Za-z0-9._@-].  HASH is a crypt(3) hash ("$id$..."), or "*" for an
 * account that cannot log in.  PERMISSIONS is a comma-separated list of
 * COLLECTION=MODE, MODE one of r, w, rw; COLLECTION is a collection's
 * alias or id, or "*" for every collection.  The user "anonymous" (whose
 * hash must be "*") gives the permissions of requests without
 * credentials: anonymous read is off unless the file has that line.
 * The format is in normwatch(1), "serve".
 *
 * Ownership: nw_users_load returns a table the caller frees with
 * nw_users_free; the users it hands out live as long as the table.
 * nw_users_check may be called from many threads at once.
 */
#ifndef NORMWATCH_USERS_H
#define NORMWATCH_USERS_H

#include <stddef.h>

#include "normwatch/compat.h"
#include "normwatch/error.h"

#define NW_USERS_MAX_FILE	(1u << 20)	/* bytes of the users file */
#define NW_USERS_MAX_LINE	4096		/* bytes of one line */
#define NW_USERS_MAX_USERS	10000		/* users in one file */
#define NW_USERS_MAX_NAME	64		/* bytes of a user name */
#define NW_USERS_MAX_PASSWORD	1024		/* bytes of a password */
#define NW_USERS_MAX_PERMS	64		/* COLLECTION=MODE entries */
#define NW_USERS_MAX_COLLNAME	64		/* bytes of a collection name */
#define NW_USERS_CACHE		256		/* verified credentials kept */
#define NW_USERS_ANONYMOUS	"anonymous"

#define NW_PERM_READ	0x01
#define NW_PERM_WRITE	0x02

struct nw_users;
struct nw_user;

/*
 * Read and check the users file.  A file that others than its owner may
 * write, or that everybody may read, is refused (it holds password
 * hashes).  Every error names the file and line (NW_E_CONFIG, NW_E_IO,
 * NW_E_LIMIT).  Returns the table or NULL with *err.
 */
struct nw_users	*nw_users_load(const char *path, struct nw_error *err);
/*
 * The same from len bytes at buf (no file mode check), errors naming
 * the file name: what nw_users_load does once it has read the file, and
 * the fuzz target's entry.  The text ends at its first NUL byte, as a
 * file read as text did.  Returns the table or NULL with *err.
 */
struct nw_users	*nw_users_parse(const char *buf, size_t len, const char *name,
		    struct nw_error *err);
void		 nw_users_free(struct nw_users *);	/* NULL is fine */
/* Users in the table (the anonymous line counts). */
size_t		 nw_users_count(const struct nw_users *);
/* The i-th user in the file's order, or NULL when i is past the end. */
const struct nw_user *nw_users_at(const struct nw_users *, size_t i);

/*
 * The user whose name and password these are, or NULL (unknown user,
 * wrong password, locked account, the anonymous user).  Successful checks
 * are remembered (a keyed SHA-256 of name and password, never the
 * password) so a poller costs one crypt(3) call, not one per request.
 * Thread-safe.
 */
const struct nw_user *nw_users_check(struct nw_users *, const char *name,
		    const char *password);
/* The anonymous user, or NULL when the file gives anonymous nothing. */
const struct nw_user *nw_users_anonymous(const struct nw_users *);
const char	*nw_user_name(const struct nw_user *);
/*
 * NW_PERM_READ | NW_PERM_WRITE bits the user has on the collection
 * known by id or alias (either may be NULL); NULL user has none.
 */
unsigned	 nw_user_perms(const struct nw_user *, const char *id,
		    const char *alias);

/* Is this a valid user name?  1 or 0. */
int	nw_users_name_ok(const char *name);

/*
 * `normwatch passwd`: hash password (yescrypt, a fresh salt) and set it
 * as name's hash in the users file at path, adding "name:HASH:*=r" when
 * the user is new (the file is created, mode 0600, when missing).  The
 * file is replaced atomically and keeps every other line as it was.
 * "anonymous" cannot have a password.  Returns 0, or -1 with *err.
 */
int	nw_users_set_password(const char *path, const char *name,
	    const char *password, struct nw_error *err) NW_WUR;

#endif
