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

/* Store data; hex receives its sha256.  Existing objects are kept. */
int	 nw_cache_put(const char *dir, const void *data, size_t len,
	     char hex[NW_SHA256_HEX], struct nw_error *err) NW_WUR;

/*
 * Read the object named hex (at most max bytes), check its hash, and
 * return it NUL-terminated (caller frees), or NULL with *err set.
 */
char	*nw_cache_get(const char *dir, const char *hex, size_t max,
	     size_t *len, struct nw_error *err);

#endif
