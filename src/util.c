/*
 * util.c - memory, growing buffers, arenas, hashing, numbers and files.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <nettle/sha2.h>

#include "normwatch/util.h"

static void NW_NORETURN
oom(void)
{
	fputs("normwatch: out of memory\n", stderr);
	abort();
}

void *
xmalloc(size_t n)
{
	void *p;

	if (n == 0)
		n = 1;
	if ((p = malloc(n)) == NULL)
		oom();
	return p;
}

void *
xcalloc(size_t nmemb, size_t size)
{
	void *p;

	if (nmemb == 0 || size == 0)
		nmemb = size = 1;
	if ((p = calloc(nmemb, size)) == NULL)
		oom();
	return p;
}

void *
xreallocarray(void *ptr, size_t nmemb, size_t size)
{
	void *p;

	if (size != 0 && nmemb > SIZE_MAX / size)
		oom();
	if (nmemb == 0 || size == 0)
		nmemb = size = 1;
	if ((p = realloc(ptr, nmemb * size)) == NULL)
		oom();
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p;
	size_t len;

	len = strnlen(s, n);
	p = xmalloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *
xvasprintf(const char *fmt, va_list ap)
{
	va_list aq;
	char *p;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		oom();
	p = xmalloc((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = xvasprintf(fmt, ap);
	va_end(ap);
	return p;
}

/* --- nw_buf ---------------------------------------------------------- */

void
nw_buf_init(struct nw_buf *b, size_t max)
{
	memset(b, 0, sizeof(*b));
	b->max = max;
}

static int
buf_grow(struct nw_buf *b, size_t need)
{
	size_t cap;

	if (b->over || need > b->max) {
		b->over = 1;
		return -1;
	}
	if (need + 1 <= b->cap)
		return 0;
	cap = b->cap < 64 ? 64 : b->cap;
	while (cap < need + 1)
		cap = cap > SIZE_MAX / 2 ? need + 1 : cap * 2;
	if (cap > b->max + 1)
		cap = b->max + 1;
	b->data = xreallocarray(b->data, cap, 1);
	b->cap = cap;
	return 0;
}

int
nw_buf_add(struct nw_buf *b, const void *p, size_t n)
{
	if (n > SIZE_MAX - b->len - 1 || buf_grow(b, b->len + n) == -1)
		return -1;
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int
nw_buf_addc(struct nw_buf *b, int c)
{
	char ch = (char)c;

	return nw_buf_add(b, &ch, 1);
}

int
nw_buf_adds(struct nw_buf *b, const char *s)
{
	return nw_buf_add(b, s, strlen(s));
}

int
nw_buf_addf(struct nw_buf *b, const char *fmt, ...)
{
	va_list ap;
	char small[256], *p;
	int n, rc;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	if ((size_t)n < sizeof(small))
		return nw_buf_add(b, small, (size_t)n);
	va_start(ap, fmt);
	p = xvasprintf(fmt, ap);
	va_end(ap);
	rc = nw_buf_add(b, p, (size_t)n);
	free(p);
	return rc;
}

void
nw_buf_reset(struct nw_buf *b)
{
	b->len = 0;
	b->over = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

void
nw_buf_free(struct nw_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
	b->over = 0;
}

char *
nw_buf_detach(struct nw_buf *b, size_t *len)
{
	char *p;

	if (b->data == NULL && buf_grow(b, 0) == 0)
		b->data[0] = '\0';
	if (b->data == NULL) {
		/* max is 0 and nothing was added: hand out an empty string */
		b->data = xmalloc(1);
		b->data[0] = '\0';
	}
	p = b->data;
	if (len != NULL)
		*len = b->len;
	b->data = NULL;
	b->len = b->cap = 0;
	b->over = 0;
	return p;
}

/* --- arena ------------------------------------------------------------- */

#define ARENA_CHUNK	(64u << 10)
#define ARENA_ALIGN	16

struct nw_arena_chunk {
	struct nw_arena_chunk	*next;
	size_t			 size;	/* usable bytes after the header */
	size_t			 used;
	/* data follows, aligned */
};

#define CHUNK_HDR	((sizeof(struct nw_arena_chunk) + ARENA_ALIGN - 1) & \
			    ~(size_t)(ARENA_ALIGN - 1))

struct nw_arena *
nw_arena_new(void)
{
	return xcalloc(1, sizeof(struct nw_arena));
}

void *
nw_arena_alloc(struct nw_arena *a, size_t n)
{
	struct nw_arena_chunk *c = a->head;
	size_t size;
	char *p;

	n = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (n == 0)
		n = ARENA_ALIGN;
	if (c == NULL || c->size - c->used < n) {
		size = n > ARENA_CHUNK / 4 ? n : ARENA_CHUNK;
		if (size > SIZE_MAX - CHUNK_HDR)
			oom();
		c = xmalloc(CHUNK_HDR + size);
		c->size = size;
		c->used = 0;
		if (n > ARENA_CHUNK / 4 && a->head != NULL) {
			/* a big block: keep filling the current chunk */
			c->next = a->head->next;
			a->head->next = c;
		} else {
			c->next = a->head;
			a->head = c;
		}
	}
	p = (char *)c + CHUNK_HDR + c->used;
	c->used += n;
	a->total += n;
	memset(p, 0, n);
	return p;
}

char *
nw_arena_strndup(struct nw_arena *a, const char *s, size_t n)
{
	char *p;

	n = strnlen(s, n);
	p = nw_arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
nw_arena_strdup(struct nw_arena *a, const char *s)
{
	return nw_arena_strndup(a, s, strlen(s));
}

char *
nw_arena_printf(struct nw_arena *a, const char *fmt, ...)
{
	va_list ap;
	char *tmp, *p;

	va_start(ap, fmt);
	tmp = xvasprintf(fmt, ap);
	va_end(ap);
	p = nw_arena_strdup(a, tmp);
	free(tmp);
	return p;
}

size_t
nw_arena_used(const struct nw_arena *a)
{
	return a->total;
}

void
nw_arena_release(struct nw_arena *a)
{
	struct nw_arena_chunk *c, *next;

	for (c = a->head; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	a->head = NULL;
	a->total = 0;
}

void
nw_arena_reset(struct nw_arena *a)
{
	struct nw_arena_chunk *keep = a->head, *c, *next;

	if (keep == NULL)
		return;
	for (c = keep->next; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	keep->next = NULL;
	keep->used = 0;
	a->total = 0;
}

void
nw_arena_free(struct nw_arena *a)
{
	if (a == NULL)
		return;
	nw_arena_release(a);
	free(a);
}

/* --- hashing ------------------------------------------------------------ */

void
nw_sha256_hex(const void *data, size_t len, char out[NW_SHA256_HEX])
{
	static const char hex[] = "0123456789abcdef";
	struct sha256_ctx ctx;
	uint8_t digest[SHA256_DIGEST_SIZE];
	size_t i;

	sha256_init(&ctx);
	sha256_update(&ctx, len, data);
	sha256_digest(&ctx, sizeof(digest), digest);
	for (i = 0; i < sizeof(digest); i++) {
		out[2 * i] = hex[digest[i] >> 4];
		out[2 * i + 1] = hex[digest[i] & 0xf];
	}
	out[2 * sizeof(digest)] = '\0';
}

/* --- numbers and strings ------------------------------------------------ */

int
nw_parse_ll(const char *s, long long min, long long max, long long *out)
{
	char *end;
	long long v;

	if (s == NULL || *s == '\0')
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int
nw_parse_size(const char *s, size_t max, size_t *out)
{
	char num[32];
	size_t n, mult = 1;
	long long v;

	if (s == NULL || (n = strlen(s)) == 0 || n >= sizeof(num))
		return -1;
	memcpy(num, s, n + 1);
	switch (num[n - 1]) {
	case 'k': case 'K':
		mult = 1024;
		break;
	case 'm': case 'M':
		mult = 1024 * 1024;
		break;
	case 'g': case 'G':
		mult = 1024 * 1024 * 1024;
		break;
	default:
		break;
	}
	if (mult != 1)
		num[n - 1] = '\0';
	if (nw_parse_ll(num, 0, LLONG_MAX, &v) == -1)
		return -1;
	if ((unsigned long long)v > (unsigned long long)(max / mult))
		return -1;
	*out = (size_t)v * mult;
	return 0;
}

size_t
nw_strlcpy(char *dst, const char *src, size_t sz)
{
	size_t len = strlen(src);

	if (sz > 0) {
		size_t n = len < sz - 1 ? len : sz - 1;

		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

int
nw_strcaseeq(const char *a, const char *b)
{
	while (*a != '\0' && lower((unsigned char)*a) == lower((unsigned char)*b)) {
		a++;
		b++;
	}
	return *a == '\0' && *b == '\0';
}

int
nw_strncaseeq(const char *a, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (lower((unsigned char)a[i]) != lower((unsigned char)b[i]))
			return 0;
		if (a[i] == '\0')
			return 1;
	}
	return 1;
}

/* --- files ---------------------------------------------------------------- */

char *
nw_read_file(const char *path, size_t max, size_t *len, struct nw_error *err)
{
	struct nw_buf b;
	char chunk[65536];
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		nw_error_where(err, NULL, path);
		nw_error_set(err, NW_E_IO, "cannot open: %s", strerror(errno));
		return NULL;
	}
	nw_buf_init(&b, max);
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			nw_error_where(err, NULL, path);
			nw_error_set(err, NW_E_IO, "read: %s", strerror(errno));
			goto fail;
		}
		if (n == 0)
			break;
		if (nw_buf_add(&b, chunk, (size_t)n) == -1) {
			nw_error_where(err, NULL, path);
			nw_error_set(err, NW_E_LIMIT,
			    "file is larger than %zu bytes", max);
			goto fail;
		}
	}
	close(fd);
	return nw_buf_detach(&b, len);
fail:
	close(fd);
	nw_buf_free(&b);
	return NULL;
}

int
nw_write_file_atomic(const char *path, const void *data, size_t len,
    struct nw_error *err)
{
	char *tmp;
	const char *p = data;
	ssize_t n;
	int fd, rc = -1;

	tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0644)) == -1) {
		nw_error_where(err, NULL, path);
		nw_error_set(err, NW_E_IO, "cannot create %s: %s", tmp,
		    strerror(errno));
		goto out;
	}
	while (len > 0) {
		n = write(fd, p, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			nw_error_where(err, NULL, path);
			nw_error_set(err, NW_E_IO, "write: %s", strerror(errno));
			close(fd);
			unlink(tmp);
			goto out;
		}
		p += n;
		len -= (size_t)n;
	}
	if (fsync(fd) == -1 || close(fd) == -1) {
		nw_error_where(err, NULL, path);
		nw_error_set(err, NW_E_IO, "write: %s", strerror(errno));
		unlink(tmp);
		goto out;
	}
	if (rename(tmp, path) == -1) {
		nw_error_where(err, NULL, path);
		nw_error_set(err, NW_E_IO, "rename: %s", strerror(errno));
		unlink(tmp);
		goto out;
	}
	rc = 0;
out:
	free(tmp);
	return rc;
}

int
nw_mkdirs(const char *path, int private, struct nw_error *err)
{
	char *p, *s;
	mode_t mode = private ? 0700 : 0755;
	int rc = -1;

	s = xstrdup(path);
	for (p = s + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;

		*p = '\0';
		if (mkdir(s, mode) == -1 && errno != EEXIST) {
			nw_error_where(err, NULL, s);
			nw_error_set(err, NW_E_IO, "cannot create directory: %s",
			    strerror(errno));
			goto out;
		}
		*p = c;
		if (c == '\0')
			break;
	}
	rc = 0;
out:
	free(s);
	return rc;
}

/*
 * NORMWATCH_NOW="YYYY-MM-DDTHH:MM:SSZ" fixes the clock for tests and
 * reproducible runs.  It must be exactly that shape and a real UTC time
 * (leap second 60 allowed); anything else is ignored.
 */
static int
now_from_env(char out[32])
{
	static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	const char *s = getenv("NORMWATCH_NOW");
	int v[6], i, k, y, mo, d;

	if (s == NULL || strlen(s) != sizeof(shape) - 1)
		return -1;
	for (i = 0; shape[i] != '\0'; i++) {
		if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') :
		    s[i] != shape[i])
			return -1;
	}
	/* the six numbers start at 0, 5, 8, 11, 14, 17 */
	for (k = 0; k < 6; k++) {
		int at = k == 0 ? 0 : 2 + 3 * k, len = k == 0 ? 4 : 2;

		v[k] = 0;
		for (i = 0; i < len; i++)
			v[k] = v[k] * 10 + (s[at + i] - '0');
	}
	y = v[0];
	mo = v[1];
	d = v[2];
	if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1])
		return -1;
	if (mo == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) ||
	    y % 400 == 0))
		return -1;
	if (v[3] > 23 || v[4] > 59 || v[5] > 60)
		return -1;
	memcpy(out, s, sizeof(shape));
	return 0;
}

void
nw_now_rfc3339(char out[32])
{
	time_t t;
	struct tm tm;

	if (now_from_env(out) == 0)
		return;
	t = time(NULL);
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
