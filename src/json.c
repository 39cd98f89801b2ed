/*
 * json.c - a strict streaming JSON reader (RFC 8259).  See json.h for the
 * contract and for why json-c does not do for STIX bundles.
 *
 * The reader is a state machine over a byte window: the whole buffer for
 * nw_json_new_mem, a 64 KiB chunk refilled by read(2) for nw_json_new_fd.
 * Open containers live in a heap array of frames (no recursion).  Each
 * object frame keeps its keys in one shared key store (a stack: a frame's
 * keys are dropped when it closes) with a small open-addressing table
 * once it has more than a few members, so duplicate keys are found in
 * constant time per key.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "normwatch/json.h"
#include "normwatch/limits.h"
#include "normwatch/util.h"

#define JSON_CHUNK	(64u << 10)	/* bytes read(2) at a time */
#define JSON_SMALL_KEYS	8		/* linear duplicate search below this */
#define JSON_KEEP_TAB	1024		/* slots kept when a frame is reused */

struct jkey {
	size_t		 off;		/* in the key store */
	size_t		 len;
	uint32_t	 hash;
};

struct frame {
	int		 is_obj;	/* object (1) or array (0) */
	int		 has_key;	/* objects: a key was read */
	long long	 index;		/* arrays: current item, -1 before */
	size_t		 nkeys;		/* objects: members so far */
	size_t		 keys_base;	/* key store length when opened */
	struct jkey	*keys;		/* objects: the keys, in order */
	size_t		 keys_cap;
	uint32_t	*tab;		/* key index + 1, 0 for empty */
	size_t		 tab_cap;	/* a power of two, or 0 */
};

enum jstate {
	ST_VALUE,		/* a value must come */
	ST_VALUE_OR_END,	/* after '[' */
	ST_KEY_OR_END,		/* after '{' */
	ST_KEY,			/* after ',' in an object */
	ST_COLON,		/* after a key */
	ST_AFTER,		/* after a value */
	ST_DONE,
	ST_ERROR
};

struct nw_json {
	const unsigned char *buf;	/* current window */
	size_t		 len;		/* bytes in the window */
	size_t		 pos;		/* next byte in the window */
	unsigned long long base;	/* document offset of buf[0] */
	int		 fd;		/* -1 for memory */
	unsigned char	*chunk;		/* fd: the window's storage */
	int		 eof;		/* fd: read(2) returned 0 */
	struct nw_json_limits lim;
	char		*name;		/* for errors, or NULL */

	struct frame	*frames;	/* open containers */
	size_t		 depth;
	size_t		 frames_cap;
	char		*ks;		/* key store */
	size_t		 ks_len;
	size_t		 ks_cap;

	char		*tok;		/* decoded text of the last token */
	size_t		 toklen;
	size_t		 tokcap;

	enum jstate	 st;
	enum nw_json_event last;
	unsigned long long tokoff;	/* offset of the last token */
	size_t		 pathdepth;	/* frames that make the path */
	unsigned long	 line;		/* 1-based */
	unsigned long long linestart;	/* offset of the line's first byte */
	int		 started;	/* the BOM check is done */
	struct nw_error	 err;		/* the sticky error */
};

void
nw_json_limits_default(struct nw_json_limits *lim)
{
	lim->max_depth = NW_JSON_MAX_DEPTH;
	lim->max_string = NW_JSON_MAX_STRING;
	lim->max_key = NW_JSON_MAX_KEY;
	lim->max_number = NW_JSON_MAX_NUMBER;
	lim->max_members = NW_JSON_MAX_MEMBERS;
	lim->max_size = NW_JSON_MAX_SIZE;
}

static struct nw_json *
json_new(const struct nw_json_limits *lim, const char *name)
{
	struct nw_json *j = xcalloc(1, sizeof(*j));

	if (lim != NULL)
		j->lim = *lim;
	else
		nw_json_limits_default(&j->lim);
	if (j->lim.max_depth == 0)
		j->lim.max_depth = 1;
	j->name = name != NULL ? xstrdup(name) : NULL;
	j->fd = -1;
	j->st = ST_VALUE;
	j->line = 1;
	j->tokcap = 256;
	j->tok = xmalloc(j->tokcap);
	j->tok[0] = '\0';
	nw_error_clear(&j->err);
	return j;
}

struct nw_json *
nw_json_new_mem(const void *buf, size_t len, const struct nw_json_limits *lim,
    const char *name)
{
	struct nw_json *j = json_new(lim, name);

	j->buf = buf;
	j->len = len;
	return j;
}

struct nw_json *
nw_json_new_fd(int fd, const struct nw_json_limits *lim, const char *name)
{
	struct nw_json *j = json_new(lim, name);

	j->fd = fd;
	j->chunk = xmalloc(JSON_CHUNK);
	j->buf = j->chunk;
	return j;
}

void
nw_json_free(struct nw_json *j)
{
	size_t i;

	if (j == NULL)
		return;
	for (i = 0; i < j->frames_cap; i++) {
		free(j->frames[i].keys);
		free(j->frames[i].tab);
	}
	free(j->frames);
	free(j->ks);
	free(j->tok);
	free(j->chunk);
	free(j->name);
	free(j);
}

/* --- errors ------------------------------------------------------------ */

static enum nw_json_event
json_fail(struct nw_json *j, struct nw_error *err, enum nw_errcode code,
    unsigned long long off, const char *fmt, ...) NW_PRINTF(5, 6);

static enum nw_json_event
json_fail(struct nw_json *j, struct nw_error *err, enum nw_errcode code,
    unsigned long long off, const char *fmt, ...)
{
	va_list ap;
	char msg[sizeof(j->err.msg)];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	nw_error_clear(&j->err);
	nw_error_where(&j->err, NULL, j->name);
	nw_error_set(&j->err, code, "%s", msg);
	j->err.offset = (long long)off;
	j->err.line = (long)j->line;
	j->err.col = off >= j->linestart ? (long)(off - j->linestart) + 1 : 0;
	j->pathdepth = j->depth;
	nw_json_path(j, j->err.path, sizeof(j->err.path));
	j->st = ST_ERROR;
	j->last = NW_JSON_ERROR;
	if (err != NULL)
		*err = j->err;
	return NW_JSON_ERROR;
}

/* --- input --------------------------------------------------------------- */

#define CUR_OFF(j)	((j)->base + (j)->pos)

/*
 * Make at least one byte available.  Returns 1, 0 at the end of input,
 * or -1 after a read error or a size over the limit (j->err is set).
 */
static int
json_fill(struct nw_json *j, struct nw_error *err)
{
	ssize_t n;

	if (j->pos < j->len)
		return 1;
	if (j->fd < 0 || j->eof)
		return 0;
	j->base += j->len;
	j->pos = 0;
	j->len = 0;
	for (;;) {
		n = read(j->fd, j->chunk, JSON_CHUNK);
		if (n >= 0)
			break;
		if (errno != EINTR) {
			json_fail(j, err, NW_E_IO, j->base, "read: %s",
			    strerror(errno));
			return -1;
		}
	}
	if (n == 0) {
		j->eof = 1;
		return 0;
	}
	j->len = (size_t)n;
	if (j->base + j->len > j->lim.max_size) {
		json_fail(j, err, NW_E_LIMIT, j->lim.max_size,
		    "document larger than %llu bytes", j->lim.max_size);
		return -1;
	}
	return 1;
}

/* The next byte (consumed), -1 at the end of input, -2 after an error. */
static inline int
json_getc(struct nw_json *j, struct nw_error *err)
{
	int r;

	if (j->pos < j->len)
		return j->buf[j->pos++];
	r = json_fill(j, err);
	if (r <= 0)
		return r < 0 ? -2 : -1;
	return j->buf[j->pos++];
}

/* Skip whitespace; returns the next byte without consuming it, or -1/-2. */
static int
json_skip_ws(struct nw_json *j, struct nw_error *err)
{
	int c, r;

	for (;;) {
		if (j->pos >= j->len) {
			r = json_fill(j, err);
			if (r <= 0)
				return r < 0 ? -2 : -1;
		}
		c = j->buf[j->pos];
		if (c == '\n') {
			j->pos++;
			j->line++;
			j->linestart = CUR_OFF(j);
		} else if (c == ' ' || c == '\t' || c == '\r')
			j->pos++;
		else
			return c;
	}
}

/* --- token text ------------------------------------------------------------ */

static int
tok_reserve(struct nw_json *j, size_t more)
{
	size_t want = j->toklen + more + 1;

	if (want <= j->tokcap)
		return 0;
	while (j->tokcap < want)
		j->tokcap *= 2;
	j->tok = xreallocarray(j->tok, 1, j->tokcap);
	return 0;
}

static inline void
tok_add(struct nw_json *j, const void *p, size_t n)
{
	if (j->toklen + n + 1 > j->tokcap)
		tok_reserve(j, n);
	memcpy(j->tok + j->toklen, p, n);
	j->toklen += n;
}

/* Append code point cp as UTF-8 (cp already checked). */
static void
tok_add_cp(struct nw_json *j, unsigned long cp)
{
	unsigned char b[4];
	size_t n;

	if (cp < 0x80) {
		b[0] = (unsigned char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (unsigned char)(0xc0 | (cp >> 6));
		b[1] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (unsigned char)(0xe0 | (cp >> 12));
		b[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		b[2] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		b[0] = (unsigned char)(0xf0 | (cp >> 18));
		b[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
		b[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		b[3] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	tok_add(j, b, n);
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Four hex digits after "\u"; returns the value or -1 (error set). */
static long
json_hex4(struct nw_json *j, struct nw_error *err, unsigned long long at)
{
	long v = 0;
	int i, c, h;

	for (i = 0; i < 4; i++) {
		c = json_getc(j, err);
		if (c == -2)
			return -1;
		if (c == -1) {
			json_fail(j, err, NW_E_PARSE, CUR_OFF(j),
			    "unexpected end of input in a \\u escape "
			    "(truncated file?)");
			return -1;
		}
		h = hexval(c);
		if (h < 0) {
			json_fail(j, err, NW_E_PARSE, at,
			    "\\u escape needs four hex digits");
			return -1;
		}
		v = v * 16 + h;
	}
	return v;
}

static inline int
plain_byte(unsigned char c)
{
	return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

/*
 * Read a string after its opening quote into tok.  max caps the decoded
 * length; what names "string" or "key" in messages.  Returns 0 or -1.
 */
static int
json_string(struct nw_json *j, struct nw_error *err, size_t max,
    const char *what)
{
	unsigned long long at;
	unsigned long cp;
	long u, lo;
	size_t s, n, k;
	int c, c2, need;
	unsigned char seq[4];
	unsigned char lo_min, lo_max;

	j->toklen = 0;
	for (;;) {
		/* Fast path: a run of plain ASCII inside the window. */
		s = j->pos;
		while (s < j->len && plain_byte(j->buf[s]))
			s++;
		n = s - j->pos;
		if (n > 0) {
			if (j->toklen + n > max)
				goto toolong;
			tok_add(j, j->buf + j->pos, n);
			j->pos = s;
		}
		at = CUR_OFF(j);
		c = json_getc(j, err);
		if (c == -2)
			return -1;
		if (c == -1) {
			json_fail(j, err, NW_E_PARSE, at,
			    "unexpected end of input in a %s (truncated file?)",
			    what);
			return -1;
		}
		if (c == '"')
			break;
		if (c == '\\') {
			c = json_getc(j, err);
			if (c == -2)
				return -1;
			switch (c) {
			case '"': case '\\': case '/':
				cp = (unsigned long)c;
				break;
			case 'b': cp = '\b'; break;
			case 'f': cp = '\f'; break;
			case 'n': cp = '\n'; break;
			case 'r': cp = '\r'; break;
			case 't': cp = '\t'; break;
			case 'u':
				u = json_hex4(j, err, at);
				if (u < 0)
					return -1;
				if (u == 0) {
					json_fail(j, err, NW_E_DATA, at,
					    "NUL character (\\u0000) in a %s",
					    what);
					return -1;
				}
				if (u >= 0xdc00 && u <= 0xdfff) {
					json_fail(j, err, NW_E_DATA, at,
					    "unpaired low surrogate \\u%04lx "
					    "in a %s", (unsigned long)u, what);
					return -1;
				}
				if (u >= 0xd800 && u <= 0xdbff) {
					c = json_getc(j, err);
					c2 = c == '\\' ? json_getc(j, err) : -3;
					if (c == -2 || c2 == -2)
						return -1;
					if (c != '\\' || c2 != 'u') {
						json_fail(j, err, NW_E_DATA, at,
						    "unpaired high surrogate "
						    "\\u%04lx in a %s",
						    (unsigned long)u, what);
						return -1;
					}
					lo = json_hex4(j, err, at);
					if (lo < 0)
						return -1;
					if (lo < 0xdc00 || lo > 0xdfff) {
						json_fail(j, err, NW_E_DATA, at,
						    "unpaired high surrogate "
						    "\\u%04lx in a %s",
						    (unsigned long)u, what);
						return -1;
					}
					cp = 0x10000 +
					    (((unsigned long)u - 0xd800) << 10) +
					    ((unsigned long)lo - 0xdc00);
				} else
					cp = (unsigned long)u;
				break;
			case -1:
				json_fail(j, err, NW_E_PARSE, at,
				    "unexpected end of input in a %s "
				    "(truncated file?)", what);
				return -1;
			default:
				json_fail(j, err, NW_E_PARSE, at,
				    "invalid escape \\%c in a %s",
				    c >= 0x21 && c < 0x7f ? c : '?', what);
				return -1;
			}
			tok_add_cp(j, cp);
		} else if (c < 0x20) {
			if (c == 0)
				json_fail(j, err, NW_E_DATA, at,
				    "NUL byte in a %s", what);
			else
				json_fail(j, err, NW_E_PARSE, at,
				    "raw control character 0x%02x in a %s "
				    "(must be escaped)", c, what);
			return -1;
		} else if (c < 0x80) {
			/* plain ASCII the fast path did not see: the window
			   ended inside the string and was refilled */
			seq[0] = (unsigned char)c;
			tok_add(j, seq, 1);
		} else {
			/* UTF-8 (RFC 3629): reject overlongs, surrogates. */
			lo_min = 0x80;
			lo_max = 0xbf;
			if (c >= 0xc2 && c <= 0xdf)
				need = 1;
			else if (c >= 0xe0 && c <= 0xef) {
				need = 2;
				if (c == 0xe0)
					lo_min = 0xa0;
				else if (c == 0xed)
					lo_max = 0x9f;
			} else if (c >= 0xf0 && c <= 0xf4) {
				need = 3;
				if (c == 0xf0)
					lo_min = 0x90;
				else if (c == 0xf4)
					lo_max = 0x8f;
			} else {
				json_fail(j, err, NW_E_DATA, at,
				    "invalid UTF-8 byte 0x%02x in a %s", c,
				    what);
				return -1;
			}
			seq[0] = (unsigned char)c;
			for (k = 1; k <= (size_t)need; k++) {
				c2 = json_getc(j, err);
				if (c2 == -2)
					return -1;
				if (c2 < 0 || (k == 1 &&
				    (c2 < lo_min || c2 > lo_max)) ||
				    (k > 1 && (c2 & 0xc0) != 0x80)) {
					json_fail(j, err, NW_E_DATA, at,
					    "invalid UTF-8 sequence in a %s",
					    what);
					return -1;
				}
				seq[k] = (unsigned char)c2;
			}
			tok_add(j, seq, (size_t)need + 1);
		}
		if (j->toklen > max)
			goto toolong;
	}
	if (j->toklen > max)
		goto toolong;
	j->tok[j->toklen] = '\0';
	return 0;
toolong:
	json_fail(j, err, NW_E_LIMIT, j->tokoff, "%s longer than %zu bytes",
	    what, max);
	return -1;
}

/* RFC 8259 section 6: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static int
number_ok(const char *s, size_t n)
{
	size_t i = 0, d;

	if (i < n && s[i] == '-')
		i++;
	if (i >= n)
		return 0;
	if (s[i] == '0')
		i++;
	else if (s[i] >= '1' && s[i] <= '9')
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
	else
		return 0;
	if (i < n && s[i] == '.') {
		i++;
		for (d = 0; i < n && s[i] >= '0' && s[i] <= '9'; d++)
			i++;
		if (d == 0)
			return 0;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		for (d = 0; i < n && s[i] >= '0' && s[i] <= '9'; d++)
			i++;
		if (d == 0)
			return 0;
	}
	return i == n;
}

static int
json_number(struct nw_json *j, struct nw_error *err)
{
	int c, r;

	j->toklen = 0;
	for (;;) {
		if (j->pos >= j->len) {
			r = json_fill(j, err);
			if (r < 0)
				return -1;
			if (r == 0)
				break;
		}
		c = j->buf[j->pos];
		if (!((c >= '0' && c <= '9') || c == '-' || c == '+' ||
		    c == '.' || c == 'e' || c == 'E'))
			break;
		if (j->toklen >= j->lim.max_number) {
			json_fail(j, err, NW_E_LIMIT, j->tokoff,
			    "number longer than %zu characters",
			    j->lim.max_number);
			return -1;
		}
		tok_add(j, j->buf + j->pos, 1);
		j->pos++;
	}
	j->tok[j->toklen] = '\0';
	if (!number_ok(j->tok, j->toklen)) {
		json_fail(j, err, NW_E_PARSE, j->tokoff, "malformed number");
		return -1;
	}
	return 0;
}

static int
json_literal(struct nw_json *j, struct nw_error *err, const char *word)
{
	size_t i;
	int c;

	for (i = 0; word[i] != '\0'; i++) {
		c = json_getc(j, err);
		if (c == -2)
			return -1;
		if (c != (unsigned char)word[i]) {
			if (c == -1)
				json_fail(j, err, NW_E_PARSE, j->tokoff,
				    "unexpected end of input (truncated "
				    "file?)");
			else
				json_fail(j, err, NW_E_PARSE, j->tokoff,
				    "invalid literal (expected %s)", word);
			return -1;
		}
	}
	/* A literal must not run into letters: "truex" is malformed. */
	if (j->pos < j->len || json_fill(j, err) > 0) {
		c = j->buf[j->pos];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9')) {
			json_fail(j, err, NW_E_PARSE, j->tokoff,
			    "invalid literal (expected %s)", word);
			return -1;
		}
	}
	return j->st == ST_ERROR ? -1 : 0;
}

/* --- containers and keys ------------------------------------------------- */

static uint32_t
fnv1a(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

static int
json_push(struct nw_json *j, struct nw_error *err, int is_obj)
{
	struct frame *f;
	size_t ncap;

	if (j->depth >= j->lim.max_depth) {
		json_fail(j, err, NW_E_LIMIT, j->tokoff,
		    "nested deeper than %zu levels", j->lim.max_depth);
		return -1;
	}
	if (j->depth == j->frames_cap) {
		ncap = j->frames_cap == 0 ? 16 : j->frames_cap * 2;
		j->frames = xreallocarray(j->frames, ncap, sizeof(*f));
		memset(j->frames + j->frames_cap, 0,
		    (ncap - j->frames_cap) * sizeof(*f));
		j->frames_cap = ncap;
	}
	f = &j->frames[j->depth++];
	f->is_obj = is_obj;
	f->has_key = 0;
	f->index = -1;
	f->nkeys = 0;
	f->keys_base = j->ks_len;
	if (f->tab_cap > JSON_KEEP_TAB) {
		free(f->tab);
		f->tab = NULL;
		f->tab_cap = 0;
	} else if (f->tab != NULL)
		memset(f->tab, 0, f->tab_cap * sizeof(*f->tab));
	if (f->keys_cap > 4 * JSON_KEEP_TAB) {
		free(f->keys);
		f->keys = NULL;
		f->keys_cap = 0;
	}
	return 0;
}

static void
json_pop(struct nw_json *j)
{
	j->depth--;
	j->ks_len = j->frames[j->depth].keys_base;
}

static void
tab_insert(struct frame *f, size_t idx)
{
	size_t mask = f->tab_cap - 1, s = f->keys[idx].hash & mask;

	while (f->tab[s] != 0)
		s = (s + 1) & mask;
	f->tab[s] = (uint32_t)idx + 1;
}

/* Record the key in tok for the innermost object; -1 on a duplicate. */
static int
json_add_key(struct nw_json *j, struct nw_error *err)
{
	struct frame *f = &j->frames[j->depth - 1];
	uint32_t h = fnv1a(j->tok, j->toklen);
	struct jkey *k;
	size_t i, s, mask;
	char path[256];

	if (f->nkeys < JSON_SMALL_KEYS) {
		for (i = 0; i < f->nkeys; i++) {
			k = &f->keys[i];
			if (k->hash == h && k->len == j->toklen &&
			    memcmp(j->ks + k->off, j->tok, k->len) == 0)
				goto dup;
		}
	} else {
		mask = f->tab_cap - 1;
		for (s = h & mask; f->tab[s] != 0; s = (s + 1) & mask) {
			k = &f->keys[f->tab[s] - 1];
			if (k->hash == h && k->len == j->toklen &&
			    memcmp(j->ks + k->off, j->tok, k->len) == 0)
				goto dup;
		}
	}
	if (f->nkeys >= j->lim.max_members) {
		json_fail(j, err, NW_E_LIMIT, j->tokoff,
		    "object with more than %zu members", j->lim.max_members);
		return -1;
	}
	if (f->nkeys == f->keys_cap) {
		f->keys_cap = f->keys_cap == 0 ? 16 : f->keys_cap * 2;
		f->keys = xreallocarray(f->keys, f->keys_cap, sizeof(*f->keys));
	}
	/* allocated for the first key even when it is "": j->ks + off must
	   never be arithmetic on NULL */
	if (j->ks == NULL || j->ks_len + j->toklen > j->ks_cap) {
		if (j->ks_cap == 0)
			j->ks_cap = 4096;
		while (j->ks_len + j->toklen > j->ks_cap)
			j->ks_cap *= 2;
		j->ks = xreallocarray(j->ks, 1, j->ks_cap);
	}
	k = &f->keys[f->nkeys];
	k->off = j->ks_len;
	k->len = j->toklen;
	k->hash = h;
	if (j->toklen > 0)
		memcpy(j->ks + j->ks_len, j->tok, j->toklen);
	j->ks_len += j->toklen;
	f->nkeys++;
	f->has_key = 1;
	/* Keep the table at most half full once it is in use. */
	if (f->nkeys >= JSON_SMALL_KEYS) {
		if (f->tab_cap < 2 * f->nkeys) {
			size_t ncap = f->tab_cap == 0 ? 32 : f->tab_cap * 2;

			while (ncap < 2 * f->nkeys)
				ncap *= 2;
			free(f->tab);
			f->tab = xcalloc(ncap, sizeof(*f->tab));
			f->tab_cap = ncap;
			for (i = 0; i < f->nkeys; i++)
				tab_insert(f, i);
		} else
			tab_insert(f, f->nkeys - 1);
	}
	return 0;
dup:
	/* Point the path at the repeated key, not at the one before it. */
	json_fail(j, err, NW_E_DATA, j->tokoff, "duplicate key");
	f->has_key = 0;
	j->pathdepth = j->depth;
	nw_json_path(j, path, sizeof(path));
	nw_json_path_key(path, strlen(path), sizeof(path), j->tok, j->toklen);
	nw_strlcpy(j->err.path, path, sizeof(j->err.path));
	if (err != NULL)
		nw_strlcpy(err->path, path, sizeof(err->path));
	return -1;
}

/* --- the state machine ---------------------------------------------------- */

/* Parse one value starting at byte c (not consumed). */
static enum nw_json_event
json_value(struct nw_json *j, struct nw_error *err, int c)
{
	struct frame *top = j->depth > 0 ? &j->frames[j->depth - 1] : NULL;

	if (top != NULL && !top->is_obj)
		top->index++;
	j->tokoff = CUR_OFF(j);
	j->pathdepth = j->depth;
	switch (c) {
	case '{':
		j->pos++;
		if (json_push(j, err, 1) < 0)
			return NW_JSON_ERROR;
		j->st = ST_KEY_OR_END;
		return NW_JSON_OBJECT_BEGIN;
	case '[':
		j->pos++;
		if (json_push(j, err, 0) < 0)
			return NW_JSON_ERROR;
		j->st = ST_VALUE_OR_END;
		return NW_JSON_ARRAY_BEGIN;
	case '"':
		j->pos++;
		if (json_string(j, err, j->lim.max_string, "string") < 0)
			return NW_JSON_ERROR;
		j->st = ST_AFTER;
		return NW_JSON_STRING;
	case 't':
		if (json_literal(j, err, "true") < 0)
			return NW_JSON_ERROR;
		j->st = ST_AFTER;
		return NW_JSON_TRUE;
	case 'f':
		if (json_literal(j, err, "false") < 0)
			return NW_JSON_ERROR;
		j->st = ST_AFTER;
		return NW_JSON_FALSE;
	case 'n':
		if (json_literal(j, err, "null") < 0)
			return NW_JSON_ERROR;
		j->st = ST_AFTER;
		return NW_JSON_NULL;
	default:
		if (c == '-' || (c >= '0' && c <= '9')) {
			if (json_number(j, err) < 0)
				return NW_JSON_ERROR;
			j->st = ST_AFTER;
			return NW_JSON_NUMBER;
		}
		if (top != NULL && !top->is_obj &&
		    (c == ']' || c == ','))
			return json_fail(j, err, NW_E_PARSE, j->tokoff,
			    "expected a value (trailing comma?)");
		if (c >= 0x21 && c < 0x7f)
			return json_fail(j, err, NW_E_PARSE, j->tokoff,
			    "expected a value, found '%c'", c);
		return json_fail(j, err, NW_E_PARSE, j->tokoff,
		    "expected a value, found byte 0x%02x", c);
	}
}

static enum nw_json_event
json_step(struct nw_json *j, struct nw_error *err)
{
	struct frame *top;
	int c;

	if (!j->started) {
		j->started = 1;
		if (j->fd < 0 && j->len > j->lim.max_size)
			return json_fail(j, err, NW_E_LIMIT, j->lim.max_size,
			    "document larger than %llu bytes",
			    j->lim.max_size);
		if (json_fill(j, err) < 0)
			return NW_JSON_ERROR;
		if (j->len - j->pos >= 3 && j->buf[j->pos] == 0xef &&
		    j->buf[j->pos + 1] == 0xbb && j->buf[j->pos + 2] == 0xbf)
			j->pos += 3;
	}
	for (;;) {
		c = json_skip_ws(j, err);
		if (c == -2)
			return NW_JSON_ERROR;
		top = j->depth > 0 ? &j->frames[j->depth - 1] : NULL;
		if (c == -1) {
			if (j->st == ST_AFTER && j->depth == 0) {
				j->st = ST_DONE;
				j->pathdepth = 0;
				return NW_JSON_END;
			}
			if (j->st == ST_VALUE && j->depth == 0)
				return json_fail(j, err, NW_E_PARSE,
				    CUR_OFF(j), "empty document");
			return json_fail(j, err, NW_E_PARSE, CUR_OFF(j),
			    "unexpected end of input (truncated file?)");
		}
		switch (j->st) {
		case ST_VALUE:
			return json_value(j, err, c);
		case ST_VALUE_OR_END:
			if (c == ']') {
				j->tokoff = CUR_OFF(j);
				j->pos++;
				json_pop(j);
				j->pathdepth = j->depth;
				j->st = ST_AFTER;
				return NW_JSON_ARRAY_END;
			}
			return json_value(j, err, c);
		case ST_KEY_OR_END:
		case ST_KEY:
			j->tokoff = CUR_OFF(j);
			if (c == '}' && j->st == ST_KEY_OR_END) {
				j->pos++;
				json_pop(j);
				j->pathdepth = j->depth;
				j->st = ST_AFTER;
				return NW_JSON_OBJECT_END;
			}
			if (c != '"') {
				if (c == '}')
					return json_fail(j, err, NW_E_PARSE,
					    j->tokoff, "expected a key "
					    "(trailing comma?)");
				return json_fail(j, err, NW_E_PARSE,
				    j->tokoff, "expected a key in quotes");
			}
			j->pos++;
			if (json_string(j, err, j->lim.max_key, "key") < 0)
				return NW_JSON_ERROR;
			if (json_add_key(j, err) < 0)
				return NW_JSON_ERROR;
			j->pathdepth = j->depth;
			j->st = ST_COLON;
			return NW_JSON_KEY;
		case ST_COLON:
			if (c != ':')
				return json_fail(j, err, NW_E_PARSE,
				    CUR_OFF(j), "expected ':' after a key");
			j->pos++;
			j->st = ST_VALUE;
			continue;
		case ST_AFTER:
			if (top == NULL)
				return json_fail(j, err, NW_E_PARSE,
				    CUR_OFF(j), "data after the end of the "
				    "document");
			if (c == ',') {
				j->pos++;
				j->st = top->is_obj ? ST_KEY : ST_VALUE;
				continue;
			}
			if ((c == '}' && top->is_obj) ||
			    (c == ']' && !top->is_obj)) {
				j->tokoff = CUR_OFF(j);
				j->pos++;
				json_pop(j);
				j->pathdepth = j->depth;
				j->st = ST_AFTER;
				return top->is_obj ? NW_JSON_OBJECT_END :
				    NW_JSON_ARRAY_END;
			}
			return json_fail(j, err, NW_E_PARSE, CUR_OFF(j),
			    top->is_obj ? "expected ',' or '}'" :
			    "expected ',' or ']'");
		case ST_DONE:
			return NW_JSON_END;
		case ST_ERROR:
			if (err != NULL)
				*err = j->err;
			return NW_JSON_ERROR;
		}
	}
}

enum nw_json_event
nw_json_next(struct nw_json *j, struct nw_error *err)
{
	if (j->st == ST_ERROR) {
		if (err != NULL)
			*err = j->err;
		return NW_JSON_ERROR;
	}
	if (j->st == ST_DONE)
		return NW_JSON_END;
	j->last = json_step(j, err);
	return j->last;
}

int
nw_json_skip(struct nw_json *j, struct nw_error *err)
{
	size_t target;
	enum nw_json_event ev;

	if (j->last != NW_JSON_OBJECT_BEGIN && j->last != NW_JSON_ARRAY_BEGIN)
		return 0;
	target = j->depth - 1;
	for (;;) {
		ev = nw_json_next(j, err);
		if (ev == NW_JSON_ERROR)
			return -1;
		if ((ev == NW_JSON_OBJECT_END || ev == NW_JSON_ARRAY_END) &&
		    j->depth == target)
			return 0;
		if (ev == NW_JSON_END)
			return -1;	/* cannot happen: ends are matched */
	}
}

const char *
nw_json_text(const struct nw_json *j, size_t *len)
{
	if (len != NULL)
		*len = j->toklen;
	return j->tok;
}

size_t
nw_json_depth(const struct nw_json *j)
{
	return j->depth;
}

unsigned long long
nw_json_offset(const struct nw_json *j)
{
	return j->tokoff;
}

long long
nw_json_index(const struct nw_json *j)
{
	if (j->depth == 0 || j->frames[j->depth - 1].is_obj)
		return -1;
	return j->frames[j->depth - 1].index;
}

/* --- paths ------------------------------------------------------------- */

static size_t
path_put(char *buf, size_t len, size_t sz, const char *s, size_t n)
{
	if (sz == 0)
		return 0;
	if (len + n >= sz) {
		/* Mark the cut. */
		if (sz > 4) {
			size_t k = len, room;

			if (k > sz - 4)
				k = sz - 4;
			else {
				room = sz - 4 - k;
				if (room > n)
					room = n;
				memcpy(buf + k, s, room);
				k += room;
			}
			memcpy(buf + k, "...", 4);
			return k + 3;
		}
		buf[sz - 1] = '\0';
		return sz - 1;
	}
	memcpy(buf + len, s, n);
	buf[len + n] = '\0';
	return len + n;
}

static int
key_is_ident(const char *k, size_t n)
{
	size_t i;

	if (n == 0 || !((k[0] >= 'a' && k[0] <= 'z') ||
	    (k[0] >= 'A' && k[0] <= 'Z') || k[0] == '_'))
		return 0;
	for (i = 1; i < n; i++)
		if (!((k[i] >= 'a' && k[i] <= 'z') ||
		    (k[i] >= 'A' && k[i] <= 'Z') ||
		    (k[i] >= '0' && k[i] <= '9') || k[i] == '_'))
			return 0;
	return 1;
}

size_t
nw_json_path_key(char *buf, size_t len, size_t sz, const char *key,
    size_t keylen)
{
	static const char hex[] = "0123456789abcdef";
	char esc[4];
	size_t i;
	unsigned char c;

	if (len >= sz)
		return sz > 0 ? sz - 1 : 0;
	if (key_is_ident(key, keylen)) {
		len = path_put(buf, len, sz, ".", 1);
		return path_put(buf, len, sz, key, keylen);
	}
	len = path_put(buf, len, sz, "['", 2);
	for (i = 0; i < keylen && len < sz - 1; i++) {
		c = (unsigned char)key[i];
		if (c == '\'' || c == '\\') {
			esc[0] = '\\';
			esc[1] = (char)c;
			len = path_put(buf, len, sz, esc, 2);
		} else if (c < 0x20 || c == 0x7f) {
			esc[0] = '\\';
			esc[1] = 'x';
			len = path_put(buf, len, sz, esc, 2);
			esc[0] = hex[c >> 4];
			esc[1] = hex[c & 0xf];
			len = path_put(buf, len, sz, esc, 2);
		} else
			len = path_put(buf, len, sz, key + i, 1);
	}
	return path_put(buf, len, sz, "']", 2);
}

size_t
nw_json_path_index(char *buf, size_t len, size_t sz, unsigned long long idx)
{
	char tmp[32];
	int n;

	n = snprintf(tmp, sizeof(tmp), "[%llu]", idx);
	if (n < 0)
		return len;
	return path_put(buf, len, sz, tmp, (size_t)n);
}

const char *
nw_json_path(const struct nw_json *j, char *buf, size_t sz)
{
	const struct frame *f;
	const struct jkey *k;
	size_t i, len = 0;

	if (sz == 0)
		return buf;
	len = path_put(buf, 0, sz, "$", 1);
	for (i = 0; i < j->pathdepth && i < j->depth; i++) {
		f = &j->frames[i];
		if (f->is_obj) {
			if (f->has_key && f->nkeys > 0) {
				k = &f->keys[f->nkeys - 1];
				len = nw_json_path_key(buf, len, sz,
				    j->ks + k->off, k->len);
			}
		} else if (f->index >= 0)
			len = nw_json_path_index(buf, len, sz,
			    (unsigned long long)f->index);
	}
	return buf;
}
