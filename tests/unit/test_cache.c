/*
 * test_cache.c - the content-addressed cache: round trip, layout, kept
 * objects, corruption, size cap and object names that are not sha256.
 */
#include "config.h"

#include <sys/stat.h>

#include <ftw.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "normwatch/cache.h"
#include "normwatch/error.h"
#include "normwatch/util.h"

/* printf 'hello, cache\n' | sha256sum */
#define HELLO		"hello, cache\n"
#define HELLO_SHA256 \
	"7218e1c69c197e5c1dfd05d6e20f0ae307a74cd4d210b56c5a7d7a1f7ae5a206"

static char	dir[PATH_MAX];

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "%s/nwcache.XXXXXX",
	    getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp");
	return mkdtemp(dir) == NULL ? -1 : 0;
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int
teardown(void **state)
{
	(void)state;
	return nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static char *
object_path(const char *hex)
{
	return xasprintf("%s/%.2s/%s", dir, hex, hex);
}

static void
test_round_trip(void **state)
{
	struct nw_error err;
	struct stat st;
	char hex[NW_SHA256_HEX], *got, *path, *sub;
	size_t len = 0;

	(void)state;
	nw_error_clear(&err);
	assert_int_equal(nw_cache_put(dir, HELLO, strlen(HELLO), hex, &err), 0);
	assert_string_equal(hex, HELLO_SHA256);

	/* DIR/72/7218..., in a private directory. */
	path = object_path(hex);
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_size, strlen(HELLO));
	sub = xasprintf("%s/72", dir);
	assert_int_equal(stat(sub, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 077, 0);

	got = nw_cache_get(dir, hex, 1 << 20, &len, &err);
	assert_non_null(got);
	assert_int_equal(len, strlen(HELLO));
	assert_string_equal(got, HELLO);
	free(got);
	free(path);
	free(sub);
}

/* A second put of the same bytes keeps the object as it is. */
static void
test_put_keeps_existing(void **state)
{
	struct nw_error err;
	struct stat st1, st2;
	char hex[NW_SHA256_HEX], hex2[NW_SHA256_HEX], *path;

	(void)state;
	assert_int_equal(nw_cache_put(dir, "same bytes", 10, hex, &err), 0);
	path = object_path(hex);
	assert_int_equal(stat(path, &st1), 0);
	assert_int_equal(nw_cache_put(dir, "same bytes", 10, hex2, &err), 0);
	assert_string_equal(hex, hex2);
	assert_int_equal(stat(path, &st2), 0);
	assert_int_equal(st1.st_ino, st2.st_ino);	/* not rewritten */
	free(path);
}

/* An empty body is an object too. */
static void
test_empty(void **state)
{
	struct nw_error err;
	char hex[NW_SHA256_HEX], *got;
	size_t len = 99;

	(void)state;
	assert_int_equal(nw_cache_put(dir, NULL, 0, hex, &err), 0);
	/* sha256 of nothing */
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb924"
	    "27ae41e4649b934ca495991b7852b855");
	got = nw_cache_get(dir, hex, 10, &len, &err);
	assert_non_null(got);
	assert_int_equal(len, 0);
	assert_string_equal(got, "");
	free(got);
}

static void
test_corrupt(void **state)
{
	struct nw_error err;
	char hex[NW_SHA256_HEX], *path, *got;
	FILE *f;

	(void)state;
	assert_int_equal(nw_cache_put(dir, "original", 8, hex, &err), 0);
	path = object_path(hex);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("tampered", f);		/* same length, other bytes */
	fclose(f);
	nw_error_clear(&err);
	assert_null(nw_cache_get(dir, hex, 1 << 20, NULL, &err));
	assert_int_equal(err.code, NW_E_DATA);
	assert_non_null(strstr(err.msg, "cache object corrupt"));
	assert_string_equal(err.file, path);

	/* A put of the original bytes does not notice (same size) ... */
	assert_int_equal(nw_cache_put(dir, "original", 8, hex, &err), 0);
	/* ... but one cut short is rewritten. */
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("orig", f);
	fclose(f);
	assert_int_equal(nw_cache_put(dir, "original", 8, hex, &err), 0);
	got = nw_cache_get(dir, hex, 1 << 20, NULL, &err);
	assert_non_null(got);
	assert_string_equal(got, "original");
	free(got);
	free(path);
}

static void
test_missing_and_too_big(void **state)
{
	struct nw_error err;
	char hex[NW_SHA256_HEX];

	(void)state;
	nw_error_clear(&err);
	assert_null(nw_cache_get(dir, "0000000000000000000000000000000000000000"
	    "000000000000000000000000", 1 << 20, NULL, &err));
	assert_int_equal(err.code, NW_E_IO);

	assert_int_equal(nw_cache_put(dir, "0123456789", 10, hex, &err), 0);
	nw_error_clear(&err);
	assert_null(nw_cache_get(dir, hex, 9, NULL, &err));
	assert_int_equal(err.code, NW_E_LIMIT);
}

/* Anything but 64 lower-case hex digits is refused before any path. */
static void
test_bad_names(void **state)
{
	static const char *const bad[] = {
		"",
		"../../../../etc/passwd",
		"a0/../../../etc/passwd",
		"7218E1C69C197E5C1DFD05D6E20F0AE307A74CD4D210B56C5A7D7A1F7AE5A206",
		"7218e1c69c197e5c1dfd05d6e20f0ae307a74cd4d210b56c5a7d7a1f7ae5a20",
		"7218e1c69c197e5c1dfd05d6e20f0ae307a74cd4d210b56c5a7d7a1f7ae5a206b",
		"g218e1c69c197e5c1dfd05d6e20f0ae307a74cd4d210b56c5a7d7a1f7ae5a206",
		"7218e1c69c197e5c1dfd05d6e20f0ae307a74cd4d210b56c5a7d7a1f7ae5a20/",
		" 7218e1c69c197e5c1dfd05d6e20f0ae307a74cd4d210b56c5a7d7a1f7ae5a20",
	};
	struct nw_error err;
	char hex[NW_SHA256_HEX], *got;
	size_t i;

	(void)state;
	/* The good name works, so a refusal below is about the name. */
	assert_int_equal(nw_cache_put(dir, HELLO, strlen(HELLO), hex, &err), 0);
	got = nw_cache_get(dir, HELLO_SHA256, 1 << 20, NULL, &err);
	assert_non_null(got);
	free(got);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		nw_error_clear(&err);
		assert_null(nw_cache_get(dir, bad[i], 1 << 20, NULL, &err));
		assert_int_equal(err.code, NW_E_DATA);
		assert_non_null(strstr(err.msg, "not a cache object name"));
	}
	nw_error_clear(&err);
	assert_null(nw_cache_get(dir, NULL, 1 << 20, NULL, &err));
	assert_int_equal(err.code, NW_E_DATA);
}

static void
test_no_dir(void **state)
{
	struct nw_error err;
	char hex[NW_SHA256_HEX];

	(void)state;
	nw_error_clear(&err);
	assert_int_equal(nw_cache_put("", "x", 1, hex, &err), -1);
	assert_int_equal(err.code, NW_E_INTERNAL);
	nw_error_clear(&err);
	assert_null(nw_cache_get(NULL, HELLO_SHA256, 100, NULL, &err));
	assert_int_equal(err.code, NW_E_INTERNAL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_put_keeps_existing),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_corrupt),
		cmocka_unit_test(test_missing_and_too_big),
		cmocka_unit_test(test_bad_names),
		cmocka_unit_test(test_no_dir),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
