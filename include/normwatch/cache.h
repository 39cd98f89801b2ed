/*
 * cache.h - the content-addressed cache of fetched bodies.
 *
 * Every body lands in DIR/xx/<sha256> (xx the first two hex digits), written
 * atomically, so --offline can replay the last fetch of a feed.  An object
 * is verified against its name when read back.
 */
#ifndef NORMWATCH_CACHE_H
#define NORMWATCH_CACHE_H

#include <stddef.h>

#include "normwatch/error.h"
#include "normwatch/util.h"

/*
 * Store data (len bytes; data may be NULL when len is 0); hex receives its
 * sha256.  An existing object of the right size is kept as it is; one of
 * another size is rewritten.  Directories are created private (0700).
 * Returns 0, or -1 with *err set (NW_E_IO, NW_E_INTERNAL for no dir).
 */
int	 nw_cache_put(const char *dir, const void *data, size_t len,
	     char hex[NW_SHA256_HEX], struct nw_error *err) NW_WUR;

/*
 * Read the object named hex (at most max bytes), check its hash, and
 * return it NUL-terminated (caller frees; *len, if len is not NULL, its
 * size), or NULL with *err set: NW_E_DATA for a name that is not exactly
 * 64 lower-case hex digits or an object whose hash is not its name
 * ("cache object corrupt"), NW_E_IO when it cannot be read, NW_E_LIMIT
 * when it is larger than max.
 */
char	*nw_cache_get(const char *dir, const char *hex, size_t max,
	     size_t *len, struct nw_error *err);

#endif
