/*
 * users.c - the users file of the TAXII server; see users.h.
 */
#include "config.h"

#include <sys/random.h>
#include <sys/stat.h>

#include <crypt.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "normwatch/users.h"
#include "normwatch/util.h"

#define HASH_PREFIX	"$y$"	/* yescrypt, libcrypt's strongest */

struct perm {
	char		 coll[NW_USERS_MAX_COLLNAME + 1];	/* or "*" */
	unsigned	 mode;		/* NW_PERM_* */
};

struct nw_user {
	char		 name[NW_USERS_MAX_NAME + 1];
	char		*hash;		/* crypt(3) hash, or "*" */
	struct perm	*perms;
	size_t		 nperms;
};

struct cache_slot {
	char		 key[NW_SHA256_HEX];	/* "" when empty */
	const struct nw_user *user;
};

struct nw_users {
	struct nw_user	*u;
	size_t		 n;
	const struct nw_user *anon;
	unsigned char	 secret[32];	/* keys the credential cache */
	pthread_mutex_t	 lock;		/* guards cache and next */
	struct cache_slot cache[NW_USERS_CACHE];
	size_t		 next;		/* slot to fill next */
};

int
nw_users_name_ok(const char *s)
{
	size_t n = 0;

	if (s == NULL)
		return 0;
	for (; s[n] != '\0'; n++) {
		char c = s[n];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		    c == '@' || c == '-'))
			return 0;
	}
	return n > 0 && n <= NW_USERS_MAX_NAME;
}

static int
hash_ok(const char *h)
{
	size_t i;

	if (strcmp(h, "*") == 0)
		return 1;
	if (h[0] != '$' || strlen(h) < 8 || strlen(h) >= CRYPT_OUTPUT_SIZE)
		return 0;
	for (i = 0; h[i] != '\0'; i++) {
		char c = h[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '.' || c == '/' ||
		    c == '$' || c == '=' || c == ','))
			return 0;
	}
	return 1;
}

/* "coll=r,coll2=rw": 0, or -1 with a reason in why. */
static int
perms_parse(struct nw_user *u, char *s, const char **why)
{
	char *p = s, *item, *eq;
	size_t cap = 0;

	while (p != NULL && *p != '\0') {
		item = p;
		p = strchr(p, ',');
		if (p != NULL)
			*p++ = '\0';
		eq = strchr(item, '=');
		if (eq == NULL) {
			*why = "a permission is not COLLECTION=MODE";
			return -1;
		}
		*eq++ = '\0';
		if (item[0] == '\0' || strlen(item) > NW_USERS_MAX_COLLNAME) {
			*why = "a permission's collection is empty or too long";
			return -1;
		}
		if (u->nperms == NW_USERS_MAX_PERMS) {
			*why = "too many permissions";
			return -1;
		}
		if (u->nperms == cap) {
			cap = cap == 0 ? 4 : cap * 2;
			u->perms = xreallocarray(u->perms, cap,
			    sizeof(*u->perms));
		}
		nw_strlcpy(u->perms[u->nperms].coll, item,
		    sizeof(u->perms[u->nperms].coll));
		if (strcmp(eq, "r") == 0)
			u->perms[u->nperms].mode = NW_PERM_READ;
		else if (strcmp(eq, "w") == 0)
			u->perms[u->nperms].mode = NW_PERM_WRITE;
		else if (strcmp(eq, "rw") == 0 || strcmp(eq, "wr") == 0)
			u->perms[u->nperms].mode = NW_PERM_READ | NW_PERM_WRITE;
		else {
			*why = "a permission's mode is not r, w or rw";
			return -1;
		}
		u->nperms++;
	}
	return 0;
}

static int
line_parse(struct nw_users *us, char *line, const char **why)
{
	struct nw_user *u;
	char *name = line, *hash, *perms;
	size_t i;

	hash = strchr(name, ':');
	if (hash == NULL) {
		*why = "not NAME:HASH:PERMISSIONS";
		return -1;
	}
	*hash++ = '\0';
	perms = strchr(hash, ':');
	if (perms == NULL) {
		*why = "not NAME:HASH:PERMISSIONS";
		return -1;
	}
	*perms++ = '\0';
	if (!nw_users_name_ok(name)) {
		*why = "bad user name (1 to 64 of A-Z a-z 0-9 . _ @ -)";
		return -1;
	}
	if (!hash_ok(hash)) {
		*why = "the hash is not a crypt(3) hash or \"*\"";
		return -1;
	}
	if (strcmp(name, NW_USERS_ANONYMOUS) == 0 && strcmp(hash, "*") != 0) {
		*why = "the anonymous user has no password: its hash is \"*\"";
		return -1;
	}
	for (i = 0; i < us->n; i++)
		if (strcmp(us->u[i].name, name) == 0) {
			*why = "the user is listed twice";
			return -1;
		}
	if (us->n == NW_USERS_MAX_USERS) {
		*why = "too many users";
		return -1;
	}
	u = &us->u[us->n];
	memset(u, 0, sizeof(*u));
	nw_strlcpy(u->name, name, sizeof(u->name));
	u->hash = xstrdup(hash);
	us->n++;
	return perms_parse(u, perms, why);
}

struct nw_users *
nw_users_parse(const char *buf, size_t len, const char *name,
    struct nw_error *err)
{
	struct nw_users *us;
	char *text, *p, *nl;
	const char *why = NULL;
	size_t cap = 0, i;
	long lineno = 0;

	if (len > NW_USERS_MAX_FILE) {
		nw_error_where(err, NULL, name);
		nw_error_set(err, NW_E_LIMIT, "larger than %u bytes",
		    NW_USERS_MAX_FILE);
		return NULL;
	}
	text = xmalloc(len + 1);
	if (len > 0)
		memcpy(text, buf, len);
	text[len] = '\0';
	us = xcalloc(1, sizeof(*us));
	pthread_mutex_init(&us->lock, NULL);
	if (getrandom(us->secret, sizeof(us->secret), 0) !=
	    (ssize_t)sizeof(us->secret)) {
		nw_error_where(err, NULL, name);
		nw_error_set(err, NW_E_IO, "no random bytes: %s",
		    strerror(errno));
		goto fail;
	}
	for (p = text; p != NULL && *p != '\0'; p = nl) {
		lineno++;
		nl = strchr(p, '\n');
		if (nl != NULL)
			*nl++ = '\0';
		if (strlen(p) > NW_USERS_MAX_LINE) {
			nw_error_where(err, NULL, name);
			nw_error_at_line(err, lineno, 0);
			nw_error_set(err, NW_E_LIMIT, "line longer than %d bytes",
			    NW_USERS_MAX_LINE);
			goto fail;
		}
		if (p[0] == '\0' || p[0] == '#')
			continue;
		if (us->n == cap) {
			cap = cap == 0 ? 8 : cap * 2;
			us->u = xreallocarray(us->u, cap, sizeof(*us->u));
		}
		if (line_parse(us, p, &why) == -1) {
			nw_error_where(err, NULL, name);
			nw_error_at_line(err, lineno, 0);
			nw_error_set(err, NW_E_CONFIG, "%s", why);
			goto fail;
		}
	}
	for (i = 0; i < us->n; i++)
		if (strcmp(us->u[i].name, NW_USERS_ANONYMOUS) == 0)
			us->anon = &us->u[i];
	free(text);
	return us;
fail:
	free(text);
	nw_users_free(us);
	return NULL;
}

struct nw_users *
nw_users_load(const char *path, struct nw_error *err)
{
	struct nw_users *us;
	struct stat sb;
	char *text;
	size_t len;

	if (stat(path, &sb) == -1) {
		nw_error_where(err, NULL, path);
		nw_error_set(err, NW_E_IO, "cannot read the users file: %s",
		    strerror(errno));
		return NULL;
	}
	if ((sb.st_mode & 0026) != 0) {
		nw_error_where(err, NULL, path);
		nw_error_set(err, NW_E_CONFIG, "the users file holds password "
		    "hashes: it must not be writable by others or readable "
		    "by everybody (chmod 600)");
		return NULL;
	}
	text = nw_read_file(path, NW_USERS_MAX_FILE, &len, err);
	if (text == NULL)
		return NULL;
	us = nw_users_parse(text, len, path, err);
	free(text);
	return us;
}

void
nw_users_free(struct nw_users *us)
{
	size_t i;

	if (us == NULL)
		return;
	for (i = 0; i < us->n; i++) {
		free(us->u[i].hash);
		free(us->u[i].perms);
	}
	free(us->u);
	pthread_mutex_destroy(&us->lock);
	explicit_bzero(us->secret, sizeof(us->secret));
	free(us);
}

size_t
nw_users_count(const struct nw_users *us)
{
	return us != NULL ? us->n : 0;
}

const struct nw_user *
nw_users_at(const struct nw_users *us, size_t i)
{
	return us != NULL && i < us->n ? &us->u[i] : NULL;
}

/* Compare without an early exit. */
static int
same(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i;
	unsigned char d = la != lb;

	for (i = 0; i < la && i < lb; i++)
		d |= (unsigned char)(a[i] ^ b[i]);
	return d == 0;
}

static void
cache_key(const struct nw_users *us, const char *name, const char *pw,
    char key[NW_SHA256_HEX])
{
	size_t nl = strlen(name), pl = strlen(pw);
	size_t n = sizeof(us->secret) + nl + 1 + pl;
	unsigned char *b = xmalloc(n);

	memcpy(b, us->secret, sizeof(us->secret));
	memcpy(b + sizeof(us->secret), name, nl);
	b[sizeof(us->secret) + nl] = '\0';
	memcpy(b + sizeof(us->secret) + nl + 1, pw, pl);
	nw_sha256_hex(b, n, key);
	explicit_bzero(b, n);
	free(b);
}

const struct nw_user *
nw_users_check(struct nw_users *us, const char *name, const char *pw)
{
	const struct nw_user *u = NULL, *hit = NULL;
	struct crypt_data *cd;
	char key[NW_SHA256_HEX];
	const char *h;
	size_t i;

	if (us == NULL || name == NULL || pw == NULL ||
	    strlen(pw) > NW_USERS_MAX_PASSWORD || !nw_users_name_ok(name))
		return NULL;
	for (i = 0; i < us->n; i++)
		if (strcmp(us->u[i].name, name) == 0)
			u = &us->u[i];
	if (u == NULL || u == us->anon || strcmp(u->hash, "*") == 0)
		return NULL;
	cache_key(us, name, pw, key);
	pthread_mutex_lock(&us->lock);
	for (i = 0; i < NW_USERS_CACHE; i++)
		if (us->cache[i].user == u && same(us->cache[i].key, key))
			hit = u;
	pthread_mutex_unlock(&us->lock);
	if (hit != NULL)
		return hit;
	cd = calloc(1, sizeof(*cd));
	if (cd == NULL)
		return NULL;
	h = crypt_rn(pw, u->hash, cd, sizeof(*cd));
	if (h == NULL || h[0] == '*' || !same(h, u->hash)) {
		explicit_bzero(cd, sizeof(*cd));
		free(cd);
		return NULL;
	}
	explicit_bzero(cd, sizeof(*cd));
	free(cd);
	pthread_mutex_lock(&us->lock);
	nw_strlcpy(us->cache[us->next].key, key, sizeof(key));
	us->cache[us->next].user = u;
	us->next = (us->next + 1) % NW_USERS_CACHE;
	pthread_mutex_unlock(&us->lock);
	return u;
}

const struct nw_user *
nw_users_anonymous(const struct nw_users *us)
{
	return us != NULL ? us->anon : NULL;
}

const char *
nw_user_name(const struct nw_user *u)
{
	return u != NULL ? u->name : NULL;
}

unsigned
nw_user_perms(const struct nw_user *u, const char *id, const char *alias)
{
	unsigned m = 0;
	size_t i;

	if (u == NULL)
		return 0;
	for (i = 0; i < u->nperms; i++) {
		const char *c = u->perms[i].coll;

		if (strcmp(c, "*") == 0 || (id != NULL && strcmp(c, id) == 0) ||
		    (alias != NULL && strcmp(c, alias) == 0))
			m |= u->perms[i].mode;
	}
	return m;
}

/* --- normwatch passwd ------------------------------------------------------- */

static int
write_private(const char *path, const char *data, size_t len,
    struct nw_error *err)
{
	char *tmp = xasprintf("%s.XXXXXX", path);
	int fd, rc = -1;
	size_t off = 0;
	ssize_t w;

	fd = mkstemp(tmp);
	if (fd == -1) {
		nw_error_where(err, NULL, path);
		nw_error_set(err, NW_E_IO, "cannot create a temporary file: %s",
		    strerror(errno));
		free(tmp);
		return -1;
	}
	while (off < len) {
		w = write(fd, data + off, len - off);
		if (w == -1 && errno == EINTR)
			continue;
		if (w <= 0)
			goto ioerr;
		off += (size_t)w;
	}
	if (fchmod(fd, 0600) == -1 || fsync(fd) == -1)
		goto ioerr;
	if (close(fd) == -1) {
		fd = -1;
		goto ioerr;
	}
	fd = -1;
	if (rename(tmp, path) == -1)
		goto ioerr;
	rc = 0;
	goto out;
ioerr:
	nw_error_where(err, NULL, path);
	nw_error_set(err, NW_E_IO, "cannot write: %s", strerror(errno));
out:
	if (fd != -1)
		close(fd);
	if (rc == -1)
		unlink(tmp);
	free(tmp);
	return rc;
}

int
nw_users_set_password(const char *path, const char *name, const char *pw,
    struct nw_error *err)
{
	struct crypt_data *cd = NULL;
	struct nw_users *check = NULL;
	struct nw_buf out;
	struct stat sb;
	char salt[CRYPT_GENSALT_OUTPUT_SIZE];
	char *text = NULL, *p, *nl;
	const char *h;
	size_t len = 0, nlen = strlen(name);
	int found = 0, bad = 0, rc = -1;

	nw_buf_init(&out, NW_USERS_MAX_FILE);
	if (!nw_users_name_ok(name) || strcmp(name, NW_USERS_ANONYMOUS) == 0) {
		nw_error_set(err, NW_E_USAGE, "\"%s\" cannot be a user with a "
		    "password (1 to 64 of A-Z a-z 0-9 . _ @ -; not anonymous)",
		    nw_users_name_ok(name) ? name : "?");
		goto out;
	}
	if (pw[0] == '\0' || strlen(pw) > NW_USERS_MAX_PASSWORD) {
		nw_error_set(err, NW_E_USAGE, "the password must be 1 to %d "
		    "bytes", NW_USERS_MAX_PASSWORD);
		goto out;
	}
	if (stat(path, &sb) == 0) {
		/* a file that does not load is not rewritten */
		check = nw_users_load(path, err);
		if (check == NULL)
			goto out;
		text = nw_read_file(path, NW_USERS_MAX_FILE, &len, err);
		if (text == NULL)
			goto out;
	} else if (errno != ENOENT) {
		nw_error_where(err, NULL, path);
		nw_error_set(err, NW_E_IO, "%s", strerror(errno));
		goto out;
	}
	if (crypt_gensalt_rn(HASH_PREFIX, 0, NULL, 0, salt,
	    sizeof(salt)) == NULL) {
		nw_error_set(err, NW_E_INTERNAL, "crypt_gensalt: %s",
		    strerror(errno));
		goto out;
	}
	cd = xcalloc(1, sizeof(*cd));
	h = crypt_rn(pw, salt, cd, sizeof(*cd));
	if (h == NULL || h[0] == '*') {
		nw_error_set(err, NW_E_INTERNAL, "crypt: %s", strerror(errno));
		goto out;
	}
	for (p = text; p != NULL && *p != '\0'; p = nl) {
		nl = strchr(p, '\n');
		if (nl != NULL)
			*nl++ = '\0';
		if (strncmp(p, name, nlen) == 0 && p[nlen] == ':') {
			const char *perms = strchr(p + nlen + 1, ':');

			bad |= nw_buf_addf(&out, "%s:%s:%s\n", name, h,
			    perms != NULL ? perms + 1 : "*=r");
			found = 1;
		} else
			bad |= nw_buf_addf(&out, "%s\n", p);
	}
	if (!found)
		bad |= nw_buf_addf(&out, "%s:%s:*=r\n", name, h);
	if (bad) {
		nw_error_where(err, NULL, path);
		nw_error_set(err, NW_E_LIMIT, "the users file would be larger "
		    "than %u bytes", NW_USERS_MAX_FILE);
		goto out;
	}
	if (write_private(path, out.data, out.len, err) == -1)
		goto out;
	rc = 0;
out:
	if (cd != NULL) {
		explicit_bzero(cd, sizeof(*cd));
		free(cd);
	}
	nw_users_free(check);
	free(text);
	nw_buf_free(&out);
	return rc;
}
