/*
 * json.h - a strict streaming JSON reader (RFC 8259).
 *
 * Why not json-c: json_tokener builds the whole document as one tree and,
 * when an object repeats a key, silently keeps the last value.  A STIX
 * bundle of a million objects must not be held whole in memory, and a
 * duplicate key in a STIX object is an ambiguity that a validator has to
 * report (two readers of the same file would see different objects).  So
 * this reader is a pull parser: it hands out one event at a time (begin
 * object, key, string, number, ..., end), keeps only the open containers
 * (with their keys, to catch duplicates), tracks the JSON path of every
 * event ($.objects[3].external_references[0].url) and checks everything
 * RFC 8259 asks of a JSON text, more strictly than most parsers:
 *
 *  - exactly one value, with nothing but whitespace after it;
 *  - strings are valid UTF-8 (no overlong forms, no surrogates, nothing
 *    past U+10FFFF), with no raw control characters, no NUL (neither raw
 *    nor \u0000) and no unpaired surrogate escapes;
 *  - numbers follow the RFC grammar (no leading zeros, no "+", no ".5");
 *  - duplicate keys in one object are an error;
 *  - named limits on depth, string, key and number length, total size and
 *    members of one object, each an NW_E_LIMIT error when crossed.
 *
 * A UTF-8 byte order mark at the very start is skipped (RFC 8259 8.1
 * allows a parser to ignore it).  Nesting is tracked on the heap, never
 * by recursion, so hostile depth cannot exhaust the stack.
 *
 * Every error fills a struct nw_error with NW_E_PARSE (malformed),
 * NW_E_DATA (bad UTF-8, NUL, duplicate key), NW_E_LIMIT or NW_E_IO, the
 * byte offset, the line and column and the JSON path.  After an error the
 * reader only returns NW_JSON_ERROR.
 *
 * Ownership: the reader owns the text returned by nw_json_text; it stays
 * valid until the next call of nw_json_next.
 */
#ifndef NORMWATCH_JSON_H
#define NORMWATCH_JSON_H

#include <stddef.h>

#include "normwatch/compat.h"
#include "normwatch/error.h"

enum nw_json_event {
	NW_JSON_ERROR = -1,	/* see the struct nw_error */
	NW_JSON_END = 0,	/* the document is complete */
	NW_JSON_OBJECT_BEGIN,
	NW_JSON_OBJECT_END,
	NW_JSON_ARRAY_BEGIN,
	NW_JSON_ARRAY_END,
	NW_JSON_KEY,		/* nw_json_text: the decoded key */
	NW_JSON_STRING,		/* nw_json_text: the decoded string */
	NW_JSON_NUMBER,		/* nw_json_text: the number as written */
	NW_JSON_TRUE,
	NW_JSON_FALSE,
	NW_JSON_NULL
};

/* Caps on one document; nw_json_limits_default fills the NW_JSON_* ones. */
struct nw_json_limits {
	size_t	max_depth;	/* open objects and arrays at once */
	size_t	max_string;	/* bytes of one decoded string value */
	size_t	max_key;	/* bytes of one decoded key */
	size_t	max_number;	/* characters of one number */
	size_t	max_members;	/* members of one object */
	unsigned long long max_size; /* bytes of the whole document */
};

void	nw_json_limits_default(struct nw_json_limits *);

struct nw_json;

/*
 * A reader over a buffer the caller keeps alive until nw_json_free, or
 * over a file descriptor read in chunks (the caller keeps and closes fd).
 * lim may be NULL for the defaults.  name (may be NULL) is copied into
 * the file field of every error.  Never NULL (allocation failure is fatal).
 */
struct nw_json	*nw_json_new_mem(const void *buf, size_t len,
		    const struct nw_json_limits *lim, const char *name);
struct nw_json	*nw_json_new_fd(int fd, const struct nw_json_limits *lim,
		    const char *name);
void		 nw_json_free(struct nw_json *);	/* NULL is safe */

/* The next event; err (may be NULL) is filled on NW_JSON_ERROR. */
enum nw_json_event nw_json_next(struct nw_json *, struct nw_error *err);

/*
 * After NW_JSON_OBJECT_BEGIN or NW_JSON_ARRAY_BEGIN, read up to and
 * including the matching end; after any other event, do nothing.
 * Returns 0, or -1 with err filled.
 */
int	nw_json_skip(struct nw_json *, struct nw_error *err) NW_WUR;

/* Text of the last KEY, STRING or NUMBER event (NUL-terminated). */
const char *nw_json_text(const struct nw_json *, size_t *len);

/*
 * The JSON path of the last event: of the key for KEY, of the value for
 * a scalar or a begin, of the container just closed for an end.  Keys
 * that are not plain identifiers use the bracket form: $['SHA-256'].
 * Cut short (ending in "...") when it does not fit.  Returns buf.
 */
const char *nw_json_path(const struct nw_json *, char *buf, size_t sz);

/* Containers open now (0 at the top level). */
size_t	nw_json_depth(const struct nw_json *);

/* Byte offset where the last event's token began. */
unsigned long long nw_json_offset(const struct nw_json *);

/* Index of the current item of the innermost array, or -1. */
long long nw_json_index(const struct nw_json *);

/*
 * Append a JSON path component to buf (at most sz bytes, always
 * NUL-terminated): ".key" for identifiers, "['k\'ey']" otherwise, or
 * "[N]".  Shared with the validator so both write paths the same way.
 * Returns the new length (clamped to sz - 1).
 */
size_t	nw_json_path_key(char *buf, size_t len, size_t sz, const char *key,
	    size_t keylen);
size_t	nw_json_path_index(char *buf, size_t len, size_t sz,
	    unsigned long long idx);

#endif
