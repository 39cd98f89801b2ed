/*
 * cache.c - the content-addressed cache of fetched bodies.
 *
 * DIR/ab/abcdef... (64 hex digits), directories private (0700), objects
 * written atomically.  An object's name is its sha256, so a name is checked
 * before it becomes a path (nothing but 64 lower-case hex digits, hence no
 * "/" or "..") and an object is hashed again when it is read back.
 */
#include "config.h"

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normwatch/cache.h"

/* Exactly 64 lower-case hex digits. */
static int
hex_ok(const char *hex)
{
	return hex != NULL && strlen(hex) == NW_SHA256_HEX - 1 &&
	    strspn(hex, "0123456789abcdef") == NW_SHA256_HEX - 1;
}

static int
dir_ok(const char *dir, struct nw_error *err)
{
	if (dir == NULL || *dir == '\0')
		return nw_error_set(err, NW_E_INTERNAL,
		    "no cache directory given");
	return 0;
}

int
nw_cache_put(const char *dir, const void *data, size_t len,
    char hex[NW_SHA256_HEX], struct nw_error *err)
{
	struct stat st;
	char *sub = NULL, *path = NULL;
	int rc = -1;

	if (dir_ok(dir, err) == -1)
		goto out;
	nw_sha256_hex(data != NULL ? data : "", len, hex);
	sub = xasprintf("%s/%.2s", dir, hex);
	path = xasprintf("%s/%s", sub, hex);
	if (nw_mkdirs(sub, 1, err) == -1)
		goto out;
	/* Kept when present; one of the wrong size was cut short: redo it. */
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	    (size_t)st.st_size == len) {
		rc = 0;
		goto out;
	}
	if (nw_write_file_atomic(path, data != NULL ? data : "", len,
	    err) == -1)
		goto out;
	rc = 0;
out:
	free(sub);
	free(path);
	return rc;
}

char *
nw_cache_get(const char *dir, const char *hex, size_t max, size_t *len,
    struct nw_error *err)
{
	char got[NW_SHA256_HEX];
	char *path = NULL, *data = NULL;
	size_t n = 0;

	if (dir_ok(dir, err) == -1)
		goto out;
	if (!hex_ok(hex)) {
		nw_error_where(err, NULL, dir);
		nw_error_set(err, NW_E_DATA, "not a cache object name (want "
		    "64 lower-case hex digits)");
		goto out;
	}
	path = xasprintf("%s/%.2s/%s", dir, hex, hex);
	data = nw_read_file(path, max, &n, err);
	if (data == NULL)
		goto out;
	data[n] = '\0';	/* an empty file's buffer is not terminated */
	nw_sha256_hex(data, n, got);
	if (strcmp(got, hex) != 0) {
		nw_error_where(err, NULL, path);
		nw_error_set(err, NW_E_DATA, "cache object corrupt "
		    "(its sha256 is %.12s...)", got);
		free(data);
		data = NULL;
		goto out;
	}
	if (len != NULL)
		*len = n;
out:
	free(path);
	return data;
}
