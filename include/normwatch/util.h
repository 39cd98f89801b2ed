/*
 * util.h - memory, growing buffers, arenas, hashing and small string tools.
 *
 * Ownership: x*alloc, xstrdup, xasprintf and nw_buf_detach return memory
 * the caller frees with free(3).  Out-of-memory in these functions is fatal
 * (the batch command has no sensible way to go on); the TAXII server uses
 * its own allocation path instead.
 */
#ifndef NORMWATCH_UTIL_H
#define NORMWATCH_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "normwatch/compat.h"
#include "normwatch/error.h"

void	*xmalloc(size_t) NW_MALLOC;
void	*xcalloc(size_t, size_t) NW_MALLOC;
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *) NW_MALLOC;
char	*xstrndup(const char *, size_t) NW_MALLOC;
char	*xasprintf(const char *, ...) NW_PRINTF(1, 2) NW_MALLOC;
char	*xvasprintf(const char *, va_list) NW_PRINTF(1, 0) NW_MALLOC;

/*
 * A growing byte buffer that cannot grow past its maximum.  The contents
 * are always NUL-terminated (the NUL is not counted in len).  Adding past
 * max fails with -1 and sets the sticky flag "over"; later adds fail too.
 */
struct nw_buf {
	char	*data;		/* NULL until the first add */
	size_t	 len;		/* bytes used, without the NUL */
	size_t	 cap;		/* bytes allocated */
	size_t	 max;		/* hard cap on len */
	int	 over;		/* set once an add crossed max */
};

void	nw_buf_init(struct nw_buf *, size_t max);
int	nw_buf_add(struct nw_buf *, const void *, size_t) NW_WUR;
int	nw_buf_addc(struct nw_buf *, int) NW_WUR;
int	nw_buf_adds(struct nw_buf *, const char *) NW_WUR;
int	nw_buf_addf(struct nw_buf *, const char *, ...) NW_PRINTF(2, 3) NW_WUR;
void	nw_buf_reset(struct nw_buf *);	/* len = 0, keeps memory and max */
void	nw_buf_free(struct nw_buf *);	/* frees data, buffer reusable */
/* Hand the data to the caller (who frees it); the buffer is emptied. */
char	*nw_buf_detach(struct nw_buf *, size_t *len);

/*
 * An arena: many small allocations freed in one call.  One feed's parse
 * lives in one arena.  An arena is made by nw_arena_new and freed by
 * nw_arena_free (NULL is safe), or lives by value: a zeroed struct
 * nw_arena is an empty arena, nw_arena_release frees what it holds.
 */
struct nw_arena_chunk;
struct nw_arena {
	struct nw_arena_chunk	*head;	/* the chunk being filled first */
	size_t			 total;	/* bytes handed out */
};

struct nw_arena	*nw_arena_new(void);
/* Forget every allocation, keeping one chunk to fill again. */
void	 nw_arena_reset(struct nw_arena *);
/* Free every chunk; the arena itself stays, empty (for arenas by value). */
void	 nw_arena_release(struct nw_arena *);
void	*nw_arena_alloc(struct nw_arena *, size_t);	/* zeroed, 16-aligned */
char	*nw_arena_strndup(struct nw_arena *, const char *, size_t);
char	*nw_arena_strdup(struct nw_arena *, const char *);
char	*nw_arena_printf(struct nw_arena *, const char *, ...) NW_PRINTF(2, 3);
size_t	 nw_arena_used(const struct nw_arena *);	/* bytes handed out */
void	 nw_arena_free(struct nw_arena *);

/* SHA-256 of a byte string as 64 lower-case hex digits plus NUL. */
#define NW_SHA256_HEX	65
void	nw_sha256_hex(const void *, size_t, char out[NW_SHA256_HEX]);

/*
 * Bounded number parsing: the whole of s must be a number in [min, max].
 * Returns 0 and sets *out, or -1.  Replaces atoi/strtol-without-checks.
 */
int	nw_parse_ll(const char *s, long long min, long long max,
	    long long *out) NW_WUR;
/* "64M", "512k", "1G" or plain bytes; k/M/G are powers of 1024. */
int	nw_parse_size(const char *s, size_t max, size_t *out) NW_WUR;

/* Copy at most sz-1 bytes and NUL-terminate; returns strlen(src). */
size_t	nw_strlcpy(char *dst, const char *src, size_t sz);

/* Case-insensitive ASCII comparisons. */
int	nw_strcaseeq(const char *, const char *);
int	nw_strncaseeq(const char *, const char *, size_t);

/* Read a whole regular file of at most max bytes (NUL-terminated). */
char	*nw_read_file(const char *path, size_t max, size_t *len,
	    struct nw_error *err);

/*
 * Write a file atomically: a temporary file in the same directory, fsync,
 * rename.  No reader ever sees half a file.
 */
int	nw_write_file_atomic(const char *path, const void *, size_t,
	    struct nw_error *err) NW_WUR;

/* mkdir -p with mode 0755 (0700 for private). */
int	nw_mkdirs(const char *path, int private, struct nw_error *err) NW_WUR;

/*
 * Current UTC time as "YYYY-MM-DDTHH:MM:SSZ", or the value of NORMWATCH_NOW
 * when it is a valid time of exactly that shape (tests, reproducible runs).
 */
void	nw_now_rfc3339(char out[32]);

#endif
