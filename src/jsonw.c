/*
 * jsonw.c - the canonical streaming JSON writer of jsonw.h.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "normwatch/jsonw.h"

/* Bytes that may be copied into a JSON string as they are. */
static const unsigned char plain[256] = {
	['"'] = 0, ['\\'] = 0,
#define R(a) [a] = 1
	R(' '), R('!'), R('#'), R('$'), R('%'), R('&'), R('\''), R('('),
	R(')'), R('*'), R('+'), R(','), R('-'), R('.'), R('/'), R('0'),
	R('1'), R('2'), R('3'), R('4'), R('5'), R('6'), R('7'), R('8'),
	R('9'), R(':'), R(';'), R('<'), R('='), R('>'), R('?'), R('@'),
	R('A'), R('B'), R('C'), R('D'), R('E'), R('F'), R('G'), R('H'),
	R('I'), R('J'), R('K'), R('L'), R('M'), R('N'), R('O'), R('P'),
	R('Q'), R('R'), R('S'), R('T'), R('U'), R('V'), R('W'), R('X'),
	R('Y'), R('Z'), R('['), R(']'), R('^'), R('_'), R('`'), R('a'),
	R('b'), R('c'), R('d'), R('e'), R('f'), R('g'), R('h'), R('i'),
	R('j'), R('k'), R('l'), R('m'), R('n'), R('o'), R('p'), R('q'),
	R('r'), R('s'), R('t'), R('u'), R('v'), R('w'), R('x'), R('y'),
	R('z'), R('{'), R('|'), R('}'), R('~'), R(0x7f),
#undef R
};

/*
 * Length of the UTF-8 sequence at s (at most n bytes), or 0 when it is not
 * a well-formed one (RFC 3629: no overlongs, no surrogates, <= U+10FFFF).
 */
static size_t
utf8_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return n >= 2 && (s[1] & 0xc0) == 0x80 ? 2 : 0;
	if (c >= 0xe0 && c <= 0xef) {
		if (n < 3 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
			return 0;
		if (c == 0xe0 && s[1] < 0xa0)
			return 0;	/* overlong */
		if (c == 0xed && s[1] >= 0xa0)
			return 0;	/* surrogate */
		return 3;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		if (n < 4 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80 ||
		    (s[3] & 0xc0) != 0x80)
			return 0;
		if (c == 0xf0 && s[1] < 0x90)
			return 0;	/* overlong */
		if (c == 0xf4 && s[1] >= 0x90)
			return 0;	/* past U+10FFFF */
		return 4;
	}
	return 0;
}

/*
 * Eight bytes at a time: is any of them a control character, '"', '\\'
 * or not ASCII?  (The classic "has a zero byte" trick, per class.)
 */
#define ONES	0x0101010101010101ULL
#define HIGHS	0x8080808080808080ULL

static inline int
special8(const unsigned char *p)
{
	uint64_t v, q, bs;

	memcpy(&v, p, 8);
	q = v ^ (ONES * '"');
	bs = v ^ (ONES * '\\');
	return (((v - ONES * 0x20) & ~v) | ((q - ONES) & ~q) |
	    ((bs - ONES) & ~bs) | v) & HIGHS ? 1 : 0;
}

int
nw_json_escape(struct nw_buf *b, const char *str, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, run, n;
	char e[6];
	int rc = 0;

	while (i < len) {
		run = i;
		while (run + 8 <= len && !special8(s + run))
			run += 8;
		for (; run < len && plain[s[run]]; run++)
			;
		if (run > i) {
			n = run - i;
			if (b->data != NULL && !b->over && b->len + n < b->cap &&
			    b->len + n <= b->max) {
				memcpy(b->data + b->len, s + i, n);
				b->len += n;
				b->data[b->len] = '\0';
			} else
				rc |= nw_buf_add(b, s + i, n);
		}
		i = run;
		if (i >= len)
			break;
		if (s[i] >= 0x80) {
			n = utf8_len(s + i, len - i);
			if (n == 0) {
				rc |= nw_buf_add(b, "\xef\xbf\xbd", 3);
				i++;
			} else {
				rc |= nw_buf_add(b, s + i, n);
				i += n;
			}
			continue;
		}
		switch (s[i]) {
		case '"':
			rc |= nw_buf_add(b, "\\\"", 2);
			break;
		case '\\':
			rc |= nw_buf_add(b, "\\\\", 2);
			break;
		case '\b':
			rc |= nw_buf_add(b, "\\b", 2);
			break;
		case '\t':
			rc |= nw_buf_add(b, "\\t", 2);
			break;
		case '\n':
			rc |= nw_buf_add(b, "\\n", 2);
			break;
		case '\f':
			rc |= nw_buf_add(b, "\\f", 2);
			break;
		case '\r':
			rc |= nw_buf_add(b, "\\r", 2);
			break;
		default:
			e[0] = '\\';
			e[1] = 'u';
			e[2] = '0';
			e[3] = '0';
			e[4] = hex[s[i] >> 4];
			e[5] = hex[s[i] & 0xf];
			rc |= nw_buf_add(b, e, 6);
			break;
		}
		i++;
	}
	return rc != 0 ? -1 : 0;
}

void
nw_jsonw_init(struct nw_jsonw *w, struct nw_buf *out)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
}

static void
fail(struct nw_jsonw *w, const char *why)
{
	if (w->error == NULL)
		w->error = why;
}

static inline void
put(struct nw_jsonw *w, const void *p, size_t n)
{
	struct nw_buf *b = w->out;

	/* room already there: no call for a brace or a comma */
	if (w->error == NULL && !b->over && b->data != NULL &&
	    b->len + n < b->cap && b->len + n <= b->max) {
		memcpy(b->data + b->len, p, n);
		b->len += n;
		b->data[b->len] = '\0';
		return;
	}
	if (w->error == NULL && nw_buf_add(w->out, p, n) == -1)
		fail(w, "output larger than its cap");
}

/* Before a value: the comma between items, and the checks. */
static int
value_start(struct nw_jsonw *w)
{
	if (w->error != NULL)
		return -1;
	if (w->depth > 0 && w->is_obj[w->depth - 1]) {
		if (!w->want_value) {
			fail(w, "a value where a key must come");
			return -1;
		}
		w->want_value = 0;
		return 0;
	}
	if (w->depth > 0) {
		if (w->has_item[w->depth - 1])
			put(w, ",", 1);
		w->has_item[w->depth - 1] = 1;
	}
	return w->error != NULL ? -1 : 0;
}

static void
open_container(struct nw_jsonw *w, int obj)
{
	if (value_start(w) == -1)
		return;
	if (w->depth >= NW_JSONW_MAX_DEPTH) {
		fail(w, "nesting deeper than NW_JSONW_MAX_DEPTH");
		return;
	}
	put(w, obj ? "{" : "[", 1);
	w->is_obj[w->depth] = (unsigned char)obj;
	w->has_item[w->depth] = 0;
	w->last[w->depth] = NULL;
	w->lastlen[w->depth] = 0;
	w->depth++;
}

static void
close_container(struct nw_jsonw *w, int obj)
{
	if (w->error != NULL)
		return;
	if (w->depth == 0 || w->is_obj[w->depth - 1] != obj || w->want_value) {
		fail(w, "a container closed that is not open");
		return;
	}
	w->depth--;
	put(w, obj ? "}" : "]", 1);
}

void
nw_jsonw_obj_begin(struct nw_jsonw *w)
{
	open_container(w, 1);
}

void
nw_jsonw_obj_end(struct nw_jsonw *w)
{
	close_container(w, 1);
}

void
nw_jsonw_arr_begin(struct nw_jsonw *w)
{
	open_container(w, 0);
}

void
nw_jsonw_arr_end(struct nw_jsonw *w)
{
	close_container(w, 0);
}

void
nw_jsonw_keyn(struct nw_jsonw *w, const char *key, size_t len)
{
	size_t d, n;
	int c;

	if (w->error != NULL)
		return;
	if (w->depth == 0 || !w->is_obj[w->depth - 1] || w->want_value) {
		fail(w, "a key outside an object, or two keys in a row");
		return;
	}
	d = w->depth - 1;
	if (w->last[d] != NULL) {
		const unsigned char *a = (const unsigned char *)w->last[d];
		const unsigned char *k = (const unsigned char *)key;
		size_t i = 0;

		/* keys are short: a loop beats a call to memcmp */
		n = len < w->lastlen[d] ? len : w->lastlen[d];
		while (i < n && a[i] == k[i])
			i++;
		c = i < n ? (int)a[i] - (int)k[i] : 0;
		if (c > 0 || (c == 0 && w->lastlen[d] >= len)) {
			fail(w, "object keys out of order or repeated");
			return;
		}
	}
	w->last[d] = key;
	w->lastlen[d] = len;
	if (w->has_item[d])
		put(w, ",", 1);
	w->has_item[d] = 1;
	put(w, "\"", 1);
	if (w->error == NULL && nw_json_escape(w->out, key, len) == -1)
		fail(w, "output larger than its cap");
	put(w, "\":", 2);
	w->want_value = 1;
}

void
nw_jsonw_key(struct nw_jsonw *w, const char *key)
{
	nw_jsonw_keyn(w, key, strlen(key));
}

void
nw_jsonw_strn(struct nw_jsonw *w, const char *s, size_t len)
{
	if (value_start(w) == -1)
		return;
	put(w, "\"", 1);
	if (w->error == NULL && nw_json_escape(w->out, s, len) == -1)
		fail(w, "output larger than its cap");
	put(w, "\"", 1);
}

void
nw_jsonw_str(struct nw_jsonw *w, const char *s)
{
	nw_jsonw_strn(w, s, strlen(s));
}

void
nw_jsonw_int(struct nw_jsonw *w, long long v)
{
	char b[24];
	size_t i = sizeof(b);
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v :
	    (unsigned long long)v;

	if (value_start(w) == -1)
		return;
	do {
		b[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		b[--i] = '-';
	put(w, b + i, sizeof(b) - i);
}

/* RFC 8259 section 6: -? int frac? exp? */
static int
number_ok(const char *s, size_t n)
{
	size_t i = 0;

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
		if (i >= n || s[i] < '0' || s[i] > '9')
			return 0;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		if (i >= n || s[i] < '0' || s[i] > '9')
			return 0;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
	}
	return i == n;
}

void
nw_jsonw_num(struct nw_jsonw *w, const char *text, size_t len)
{
	if (w->error != NULL)
		return;
	if (!number_ok(text, len)) {
		fail(w, "not a JSON number");
		return;
	}
	if (value_start(w) == -1)
		return;
	put(w, text, len);
}

void
nw_jsonw_bool(struct nw_jsonw *w, int v)
{
	if (value_start(w) == -1)
		return;
	if (v)
		put(w, "true", 4);
	else
		put(w, "false", 5);
}

void
nw_jsonw_null(struct nw_jsonw *w)
{
	if (value_start(w) == -1)
		return;
	put(w, "null", 4);
}

void
nw_jsonw_raw(struct nw_jsonw *w, const char *json, size_t len)
{
	if (value_start(w) == -1)
		return;
	put(w, json, len);
}

void
nw_jsonw_kstr(struct nw_jsonw *w, const char *key, const char *s)
{
	nw_jsonw_key(w, key);
	nw_jsonw_str(w, s);
}

void
nw_jsonw_kint(struct nw_jsonw *w, const char *key, long long v)
{
	nw_jsonw_key(w, key);
	nw_jsonw_int(w, v);
}

int
nw_jsonw_done(const struct nw_jsonw *w, const char **why)
{
	const char *r = w->error;

	if (r == NULL && (w->depth != 0 || w->want_value))
		r = "a container is still open";
	if (why != NULL)
		*why = r;
	return r == NULL ? 0 : -1;
}
