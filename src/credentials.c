/*
 * credentials.c - the credentials file (see credentials.h).
 *
 * The file is opened once and checked on the descriptor (fstat), so what
 * is checked is what is read.  Every line is checked, not only up to the
 * one asked for, so a typo anywhere is found the first time.  The bytes
 * read are wiped before they are freed; no message quotes a line.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "normwatch/credentials.h"
#include "normwatch/limits.h"
#include "normwatch/log.h"
#include "normwatch/util.h"

/* One definition: offsets into the file's bytes. */
struct cred {
	const char	*name;
	size_t		 namelen;
	const char	*user;
	size_t		 userlen;
	const char	*pass;
	size_t		 passlen;
	long		 line;
};

static void
wipe(void *p, size_t n)
{
	volatile unsigned char *v = p;

	while (n-- > 0)
		*v++ = 0;
}

void
nw_credentials_free(char *s)
{
	if (s == NULL)
		return;
	wipe(s, strlen(s));
	free(s);
}

char *
nw_credentials_path(void)
{
	const char *v = getenv(NW_CREDENTIALS_ENV), *home;

	if (v != NULL && *v != '\0')
		return xstrdup(v);
	v = getenv("XDG_CONFIG_HOME");
	if (v != NULL && v[0] == '/')
		return xasprintf("%s/normwatch/credentials", v);
	home = getenv("HOME");
	if (home != NULL && home[0] == '/')
		return xasprintf("%s/.config/normwatch/credentials", home);
	return xstrdup("/tmp/.config/normwatch/credentials");
}

/*
 * Open path and read it, refusing what credentials.h says.  Returns the
 * bytes (NUL-terminated, *len of them) or NULL with *err.
 */
static char *
cred_read(const char *path, size_t *len, struct nw_error *err)
{
	struct stat st;
	struct nw_buf b;
	char chunk[4096], *data = NULL;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd == -1) {
		nw_error_set(err, NW_E_IO, "cannot open the credentials "
		    "file: %s", strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) == -1) {
		nw_error_set(err, NW_E_IO, "cannot stat the credentials "
		    "file: %s", strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		nw_error_set(err, NW_E_CONFIG, "the credentials file is not "
		    "a regular file");
		goto out;
	}
	if (st.st_uid != geteuid()) {
		nw_error_set(err, NW_E_CONFIG, "the credentials file belongs "
		    "to another user (uid %ld): refused", (long)st.st_uid);
		goto out;
	}
	if ((st.st_mode & 077) != 0) {
		nw_error_set(err, NW_E_CONFIG, "the credentials file is open "
		    "to group or others (mode %04o): refused; chmod 600 it",
		    (unsigned)(st.st_mode & 07777));
		goto out;
	}
	nw_buf_init(&b, NW_MAX_CRED_FILE);
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			nw_error_set(err, NW_E_IO, "cannot read the "
			    "credentials file: %s", strerror(errno));
			break;
		}
		if (n == 0) {
			data = nw_buf_detach(&b, len);
			if (data == NULL)
				data = xstrdup("");
			break;
		}
		if (nw_buf_add(&b, chunk, (size_t)n) == -1) {
			nw_error_set(err, NW_E_LIMIT, "the credentials file is "
			    "larger than %u bytes", NW_MAX_CRED_FILE);
			break;
		}
	}
	wipe(chunk, sizeof(chunk));
	if (data == NULL) {
		if (b.data != NULL)
			wipe(b.data, b.len);
		nw_buf_free(&b);
	}
out:
	close(fd);
	return data;
}

static int
name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

static int
blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * One line (s, n bytes, no newline) into *c.  Returns 1 for a
 * definition, 0 for a blank or comment line, -1 with the reason in why.
 */
static int
cred_line(const char *s, size_t n, struct cred *c, const char **why)
{
	const char *e = s + n, *p, *colon;
	size_t i;

	if (n > 0 && s[n - 1] == '\r')
		e--;
	for (i = 0; s + i < e; i++)
		if (((unsigned char)s[i] < 0x20 && s[i] != '\t') ||
		    s[i] == 0x7f) {
			*why = "a control character";
			return -1;
		}
	while (s < e && blank(*s))
		s++;
	while (e > s && blank(e[-1]))
		e--;
	if (s == e || *s == '#')
		return 0;

	for (p = s; p < e && !blank(*p); p++)
		if (!name_char(*p)) {
			*why = "a name is letters, digits, '.', '_' and '-'";
			return -1;
		}
	c->name = s;
	c->namelen = (size_t)(p - s);
	if (c->namelen > NW_MAX_CRED_NAME) {
		*why = "a name longer than NW_MAX_CRED_NAME bytes";
		return -1;
	}
	while (p < e && blank(*p))
		p++;
	if (p == e) {
		*why = "expected NAME USER:PASSWORD or NAME USER PASSWORD";
		return -1;
	}
	s = p;
	while (p < e && !blank(*p))
		p++;
	colon = memchr(s, ':', (size_t)(p - s));
	if (colon != NULL) {
		c->user = s;
		c->userlen = (size_t)(colon - s);
		c->pass = colon + 1;
		c->passlen = (size_t)(p - colon - 1);
		if (p != e) {
			*why = "text after USER:PASSWORD (a password with "
			    "blanks needs the form NAME USER PASSWORD)";
			return -1;
		}
	} else {
		c->user = s;
		c->userlen = (size_t)(p - s);
		while (p < e && blank(*p))
			p++;
		c->pass = p;
		c->passlen = (size_t)(e - p);
	}
	if (c->userlen == 0) {
		*why = "an empty user";
		return -1;
	}
	if (c->passlen == 0) {
		*why = "no password";
		return -1;
	}
	if (c->userlen > NW_MAX_CRED_USER) {
		*why = "a user longer than NW_MAX_CRED_USER bytes";
		return -1;
	}
	if (c->passlen > NW_MAX_CRED_PASSWORD) {
		*why = "a password longer than NW_MAX_CRED_PASSWORD bytes";
		return -1;
	}
	return 1;
}

static int
cred_cmp(const void *a, const void *b)
{
	const struct cred *x = a, *y = b;
	size_t n = x->namelen < y->namelen ? x->namelen : y->namelen;
	int c = memcmp(x->name, y->name, n);

	if (c != 0)
		return c;
	if (x->namelen != y->namelen)
		return x->namelen < y->namelen ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

char *
nw_credentials_get(const char *path, const char *name, struct nw_error *err)
{
	struct cred *cs = NULL, c;
	char *own = NULL, *data = NULL, *out = NULL;
	char qname[NW_LOG_FIELD_MAX * 4 + 8];
	const char *why = NULL, *s, *nl;
	size_t len = 0, n, ncs = 0, cap = 0, i, namelen = strlen(name);
	long line = 0, badline = 0, dupline = 0, dupfirst = 0;
	const struct cred *hit = NULL;
	int r;

	if (path == NULL)
		path = own = nw_credentials_path();
	nw_error_where(err, NULL, path);
	data = cred_read(path, &len, err);
	if (data == NULL)
		goto out;

	for (s = data; s < data + len; s = nl + 1) {
		line++;
		nl = memchr(s, '\n', (size_t)(data + len - s));
		if (nl == NULL)
			nl = data + len;
		n = (size_t)(nl - s);
		if (n > NW_MAX_CRED_LINE) {
			why = "a line longer than NW_MAX_CRED_LINE bytes";
			badline = line;
			break;
		}
		memset(&c, 0, sizeof(c));
		r = cred_line(s, n, &c, &why);
		if (r == -1) {
			badline = line;
			break;
		}
		if (r == 0)
			continue;
		c.line = line;
		if (ncs == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			cs = xreallocarray(cs, cap, sizeof(*cs));
		}
		cs[ncs++] = c;
	}

	/* a name defined twice: the earliest second definition */
	if (ncs > 1)
		qsort(cs, ncs, sizeof(*cs), cred_cmp);
	for (i = 1; i < ncs; i++)
		if (cs[i].namelen == cs[i - 1].namelen &&
		    memcmp(cs[i].name, cs[i - 1].name, cs[i].namelen) == 0 &&
		    (dupline == 0 || cs[i].line < dupline)) {
			dupline = cs[i].line;
			dupfirst = cs[i - 1].line;
		}
	if (badline != 0 && (dupline == 0 || badline < dupline)) {
		nw_error_at_line(err, badline, 0);
		nw_error_set(err, NW_E_CONFIG, "%s", why);
		goto out;
	}
	if (dupline != 0) {
		nw_error_at_line(err, dupline, 0);
		nw_error_set(err, NW_E_CONFIG, "these credentials were named "
		    "on line %ld already", dupfirst);
		goto out;
	}
	for (i = 0; i < ncs && hit == NULL; i++)
		if (cs[i].namelen == namelen &&
		    memcmp(cs[i].name, name, namelen) == 0)
			hit = &cs[i];
	if (hit == NULL) {
		nw_error_set(err, NW_E_CONFIG, "no credentials called \"%s\"",
		    nw_log_escape(name, namelen, qname, sizeof(qname)));
		goto out;
	}
	out = xmalloc(hit->userlen + hit->passlen + 2);
	memcpy(out, hit->user, hit->userlen);
	out[hit->userlen] = ':';
	memcpy(out + hit->userlen + 1, hit->pass, hit->passlen);
	out[hit->userlen + hit->passlen + 1] = '\0';
out:
	if (data != NULL) {
		wipe(data, len);
		free(data);
	}
	if (cs != NULL) {
		wipe(cs, cap * sizeof(*cs));
		free(cs);
	}
	free(own);
	return out;
}
