/*
 * test_json.c - the strict streaming JSON reader (src/json.c): RFC 8259
 * edge cases, every named limit crossed, duplicate keys, UTF-8, NUL and
 * surrogates, truncation at every byte, 100,000 levels of nesting, huge
 * strings, and the file-descriptor reader against the memory one.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "normwatch/json.h"
#include "normwatch/util.h"

/* Read all of buf; returns the last event, the error in *err. */
static enum nw_json_event
drain(const char *buf, size_t len, const struct nw_json_limits *lim,
    struct nw_error *err, size_t *events)
{
	struct nw_json *j = nw_json_new_mem(buf, len, lim, "t.json");
	enum nw_json_event ev;
	size_t n = 0;

	nw_error_clear(err);
	while ((ev = nw_json_next(j, err)) > NW_JSON_END)
		n++;
	if (events != NULL)
		*events = n;
	nw_json_free(j);
	return ev;
}

static enum nw_json_event
drain_s(const char *s, struct nw_error *err)
{
	return drain(s, strlen(s), NULL, err, NULL);
}

/* A document that must fail with code, a message containing msg, path. */
static void
bad(const char *doc, size_t len, enum nw_errcode code, const char *msg,
    const char *path)
{
	struct nw_error err;

	if (drain(doc, len, NULL, &err, NULL) != NW_JSON_ERROR)
		fail_msg("accepted: %s", doc);
	if (err.code != code)
		fail_msg("%s: code %s, wanted %s (%s)", doc,
		    nw_errcode_name(err.code), nw_errcode_name(code), err.msg);
	if (msg != NULL && strstr(err.msg, msg) == NULL)
		fail_msg("%s: message \"%s\" lacks \"%s\"", doc, err.msg, msg);
	if (path != NULL)
		assert_string_equal(err.path, path);
	assert_string_equal(err.file, "t.json");
	assert_true(err.offset >= 0);
}
#define BAD(doc, code, msg, path) bad(doc, sizeof(doc) - 1, code, msg, path)

static void
test_events_and_paths(void **state)
{
	const char *doc = "{\"type\":\"bundle\",\"objects\":[{\"a\":[1,"
	    "true,null]},{\"SHA-256\":\"x\",\"it's\":false}]}";
	static const struct {
		enum nw_json_event ev;
		const char *path;
		const char *text;
	} want[] = {
		{ NW_JSON_OBJECT_BEGIN, "$", NULL },
		{ NW_JSON_KEY, "$.type", "type" },
		{ NW_JSON_STRING, "$.type", "bundle" },
		{ NW_JSON_KEY, "$.objects", "objects" },
		{ NW_JSON_ARRAY_BEGIN, "$.objects", NULL },
		{ NW_JSON_OBJECT_BEGIN, "$.objects[0]", NULL },
		{ NW_JSON_KEY, "$.objects[0].a", "a" },
		{ NW_JSON_ARRAY_BEGIN, "$.objects[0].a", NULL },
		{ NW_JSON_NUMBER, "$.objects[0].a[0]", "1" },
		{ NW_JSON_TRUE, "$.objects[0].a[1]", NULL },
		{ NW_JSON_NULL, "$.objects[0].a[2]", NULL },
		{ NW_JSON_ARRAY_END, "$.objects[0].a", NULL },
		{ NW_JSON_OBJECT_END, "$.objects[0]", NULL },
		{ NW_JSON_OBJECT_BEGIN, "$.objects[1]", NULL },
		{ NW_JSON_KEY, "$.objects[1]['SHA-256']", "SHA-256" },
		{ NW_JSON_STRING, "$.objects[1]['SHA-256']", "x" },
		{ NW_JSON_KEY, "$.objects[1]['it\\'s']", "it's" },
		{ NW_JSON_FALSE, "$.objects[1]['it\\'s']", NULL },
		{ NW_JSON_OBJECT_END, "$.objects[1]", NULL },
		{ NW_JSON_ARRAY_END, "$.objects", NULL },
		{ NW_JSON_OBJECT_END, "$", NULL },
		{ NW_JSON_END, "$", NULL },
	};
	struct nw_json *j = nw_json_new_mem(doc, strlen(doc), NULL, NULL);
	struct nw_error err;
	char path[256];
	size_t i;

	(void)state;
	for (i = 0; i < NW_NELEM(want); i++) {
		assert_int_equal(nw_json_next(j, &err), want[i].ev);
		assert_string_equal(nw_json_path(j, path, sizeof(path)),
		    want[i].path);
		if (want[i].text != NULL)
			assert_string_equal(nw_json_text(j, NULL), want[i].text);
	}
	assert_int_equal(nw_json_next(j, &err), NW_JSON_END);
	nw_json_free(j);
}

static void
test_valid_edge_cases(void **state)
{
	static const char *const ok[] = {
		"0", "-0", "1.5e10", "1E-2", "-12.25E+3", "123456789", "true",
		"false", "null", "\"\"", "{}", "[]", " \t\r\n[ ]\n",
		"[[],{},[{}]]", "{\"\":1}", "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"",
		"\"\\u00e9\\u20AC\\ud83d\\ude00\"", "\"\xc3\xa9\xe2\x82\xac\"",
		"\xef\xbb\xbf{\"bom\":1}", "{\"a\":{\"a\":{\"a\":1}}}",
	};
	struct nw_error err;
	size_t i;

	(void)state;
	for (i = 0; i < NW_NELEM(ok); i++)
		if (drain_s(ok[i], &err) != NW_JSON_END)
			fail_msg("rejected %s: %s", ok[i], err.msg);
}

static void
test_decoding(void **state)
{
	const char *doc = "[\"a\\u00e9\\ud83d\\ude00\\n\\/\", -1.50e+2]";
	struct nw_json *j = nw_json_new_mem(doc, strlen(doc), NULL, NULL);
	struct nw_error err;
	size_t len;

	(void)state;
	assert_int_equal(nw_json_next(j, &err), NW_JSON_ARRAY_BEGIN);
	assert_int_equal(nw_json_next(j, &err), NW_JSON_STRING);
	assert_string_equal(nw_json_text(j, &len),
	    "a\xc3\xa9\xf0\x9f\x98\x80\n/");
	assert_int_equal(len, 9);
	assert_int_equal(nw_json_next(j, &err), NW_JSON_NUMBER);
	assert_string_equal(nw_json_text(j, NULL), "-1.50e+2");
	assert_int_equal(nw_json_index(j), 1);
	nw_json_free(j);
}

static void
test_syntax_errors(void **state)
{
	(void)state;
	BAD("", NW_E_PARSE, "empty document", "$");
	BAD("  \n ", NW_E_PARSE, "empty document", "$");
	BAD("{", NW_E_PARSE, "truncated", "$");
	BAD("{\"a\":[1,2,", NW_E_PARSE, "truncated", "$.a[1]");
	BAD("[1,]", NW_E_PARSE, "trailing comma", "$[1]");
	BAD("{\"a\":1,}", NW_E_PARSE, "trailing comma", "$.a");
	BAD("{'a':1}", NW_E_PARSE, "key in quotes", "$");
	BAD("{\"a\" 1}", NW_E_PARSE, "':'", "$.a");
	BAD("[1 2]", NW_E_PARSE, "','", "$[0]");
	BAD("1 2", NW_E_PARSE, "after the end", "$");
	BAD("{} x", NW_E_PARSE, "after the end", "$");
	BAD("01", NW_E_PARSE, "malformed number", "$");
	BAD("[01]", NW_E_PARSE, "malformed number", "$[0]");
	BAD("1.", NW_E_PARSE, "malformed number", "$");
	BAD(".5", NW_E_PARSE, "expected a value", "$");
	BAD("+1", NW_E_PARSE, "expected a value", "$");
	BAD("1e", NW_E_PARSE, "malformed number", "$");
	BAD("-", NW_E_PARSE, "malformed number", "$");
	BAD("[1.2.3]", NW_E_PARSE, "malformed number", "$[0]");
	BAD("[0x10]", NW_E_PARSE, "','", "$[0]");
	BAD("NaN", NW_E_PARSE, "expected a value", "$");
	BAD("[Infinity]", NW_E_PARSE, "expected a value", "$[0]");
	BAD("tru", NW_E_PARSE, "truncated", "$");
	BAD("[nul]", NW_E_PARSE, "invalid literal", "$[0]");
	BAD("truex", NW_E_PARSE, "invalid literal", "$");
	BAD("\"abc", NW_E_PARSE, "truncated", "$");
	BAD("\"\\x\"", NW_E_PARSE, "invalid escape", "$");
	BAD("\"\\u12\"", NW_E_PARSE, "four hex digits", "$");
	BAD("{\"a\":\"x\x01y\"}", NW_E_PARSE, "control character", "$.a");
	BAD("\"tab\there\"", NW_E_PARSE, "control character", "$");
	BAD("]", NW_E_PARSE, "expected a value", "$");
}

static void
test_strings_strict(void **state)
{
	(void)state;
	/* NUL: raw and escaped. */
	bad("{\"a\":\"x\0y\"}", 11, NW_E_DATA, "NUL byte", "$.a");
	BAD("{\"a\":\"x\\u0000y\"}", NW_E_DATA, "NUL character", "$.a");
	/* Unpaired surrogate escapes. */
	BAD("[\"\\ud800\"]", NW_E_DATA, "unpaired high surrogate", "$[0]");
	BAD("[\"\\ud800\\u0041\"]", NW_E_DATA, "unpaired high", "$[0]");
	BAD("[\"\\udc00\"]", NW_E_DATA, "unpaired low surrogate", "$[0]");
	BAD("[\"\\ud800x\"]", NW_E_DATA, "unpaired high", "$[0]");
	/* Invalid UTF-8. */
	BAD("[\"\xc0\xaf\"]", NW_E_DATA, "invalid UTF-8", "$[0]");
	BAD("[\"\xed\xa0\x80\"]", NW_E_DATA, "invalid UTF-8", "$[0]");
	BAD("[\"\xf4\x90\x80\x80\"]", NW_E_DATA, "invalid UTF-8", "$[0]");
	BAD("[\"\xe2\x82\"]", NW_E_DATA, "invalid UTF-8", "$[0]");
	BAD("[\"\x80\"]", NW_E_DATA, "invalid UTF-8", "$[0]");
	BAD("[\"\xf8\x88\x80\x80\x80\"]", NW_E_DATA, "invalid UTF-8", "$[0]");
	BAD("[\"\xe0\x80\xaf\"]", NW_E_DATA, "invalid UTF-8", "$[0]");
	BAD("{\"k\xff\":1}", NW_E_DATA, "invalid UTF-8", "$");
	/* Outside strings only ASCII structure is allowed. */
	BAD("[\xc3\xa9]", NW_E_PARSE, "expected a value", "$[0]");
}

static void
test_duplicate_keys(void **state)
{
	struct nw_error err;
	char doc[4096];
	size_t len = 0, i;

	(void)state;
	BAD("{\"a\":1,\"b\":2,\"a\":3}", NW_E_DATA, "duplicate key", "$.a");
	BAD("{\"o\":{\"x\":1,\"x\":1}}", NW_E_DATA, "duplicate key",
	    "$.o.x");
	/* Same key in sibling and nested objects is fine. */
	assert_int_equal(drain_s("[{\"a\":1},{\"a\":{\"a\":2}}]", &err),
	    NW_JSON_END);
	/* Past the linear search: the hash table. */
	len += (size_t)snprintf(doc + len, sizeof(doc) - len, "{");
	for (i = 0; i < 100; i++)
		len += (size_t)snprintf(doc + len, sizeof(doc) - len,
		    "\"k%zu\":%zu,", i, i);
	len += (size_t)snprintf(doc + len, sizeof(doc) - len, "\"k%d\":0}",
	    57);
	bad(doc, len, NW_E_DATA, "duplicate key", "$.k57");
	/* 100 distinct keys pass. */
	doc[len - 7] = '9';
	doc[len - 6] = '9';
	doc[len - 5] = '9';
	assert_int_equal(drain(doc, len, NULL, &err, NULL), NW_JSON_END);
}

static void
test_limits(void **state)
{
	struct nw_json_limits lim;
	struct nw_error err;

	(void)state;
	nw_json_limits_default(&lim);
	lim.max_depth = 3;
	assert_int_equal(drain_s("[[[1]]]", &err), NW_JSON_END);
	assert_int_equal(drain("[[[[1]]]]", 9, &lim, &err, NULL),
	    NW_JSON_ERROR);
	assert_int_equal(err.code, NW_E_LIMIT);
	assert_non_null(strstr(err.msg, "deeper than 3"));
	assert_string_equal(err.path, "$[0][0][0]");

	nw_json_limits_default(&lim);
	lim.max_string = 4;
	assert_int_equal(drain("[\"abcd\"]", 8, &lim, &err, NULL),
	    NW_JSON_END);
	assert_int_equal(drain("[\"abcde\"]", 9, &lim, &err, NULL),
	    NW_JSON_ERROR);
	assert_int_equal(err.code, NW_E_LIMIT);
	assert_string_equal(err.path, "$[0]");
	/* Escapes count as what they decode to. */
	assert_int_equal(drain("[\"\\u00e9\\u00e9\\u00e9\"]", 22, &lim, &err,
	    NULL), NW_JSON_ERROR);

	nw_json_limits_default(&lim);
	lim.max_key = 3;
	assert_int_equal(drain("{\"abc\":1}", 9, &lim, &err, NULL),
	    NW_JSON_END);
	assert_int_equal(drain("{\"abcd\":1}", 10, &lim, &err, NULL),
	    NW_JSON_ERROR);
	assert_int_equal(err.code, NW_E_LIMIT);
	assert_non_null(strstr(err.msg, "key longer"));

	nw_json_limits_default(&lim);
	lim.max_number = 5;
	assert_int_equal(drain("[12345]", 7, &lim, &err, NULL), NW_JSON_END);
	assert_int_equal(drain("[123456]", 8, &lim, &err, NULL),
	    NW_JSON_ERROR);
	assert_int_equal(err.code, NW_E_LIMIT);

	nw_json_limits_default(&lim);
	lim.max_members = 2;
	assert_int_equal(drain("{\"a\":1,\"b\":2}", 13, &lim, &err, NULL),
	    NW_JSON_END);
	assert_int_equal(drain("{\"a\":1,\"b\":2,\"c\":3}", 19, &lim, &err,
	    NULL), NW_JSON_ERROR);
	assert_int_equal(err.code, NW_E_LIMIT);
	assert_non_null(strstr(err.msg, "more than 2 members"));

	nw_json_limits_default(&lim);
	lim.max_size = 10;
	assert_int_equal(drain("[1,2,3,4]", 9, &lim, &err, NULL),
	    NW_JSON_END);
	assert_int_equal(drain("[1,2,3,4,5]", 11, &lim, &err, NULL),
	    NW_JSON_ERROR);
	assert_int_equal(err.code, NW_E_LIMIT);
}

static void
test_deep_nesting(void **state)
{
	const size_t levels = 100000;
	struct nw_json_limits lim;
	struct nw_error err;
	char *doc = xmalloc(2 * levels + 1);
	size_t events;

	(void)state;
	memset(doc, '[', levels);
	memset(doc + levels, ']', levels);
	doc[2 * levels] = '\0';
	/* The default cap stops it early, with a path. */
	assert_int_equal(drain(doc, 2 * levels, NULL, &err, NULL),
	    NW_JSON_ERROR);
	assert_int_equal(err.code, NW_E_LIMIT);
	/* Raised, it is read without recursion. */
	nw_json_limits_default(&lim);
	lim.max_depth = levels;
	assert_int_equal(drain(doc, 2 * levels, &lim, &err, &events),
	    NW_JSON_END);
	assert_int_equal(events, 2 * levels);
	/* Unbalanced: truncated. */
	assert_int_equal(drain(doc, 2 * levels - 1, &lim, &err, NULL),
	    NW_JSON_ERROR);
	assert_non_null(strstr(err.msg, "truncated"));
	free(doc);
}

static void
test_huge_string(void **state)
{
	const size_t n = 3u << 20;
	struct nw_json_limits lim;
	struct nw_error err;
	char *doc = xmalloc(n + 8);
	struct nw_json *j;
	size_t len;

	(void)state;
	doc[0] = '[';
	doc[1] = '"';
	memset(doc + 2, 'a', n);
	memcpy(doc + 2 + n, "\"]", 3);
	j = nw_json_new_mem(doc, n + 4, NULL, NULL);
	assert_int_equal(nw_json_next(j, &err), NW_JSON_ARRAY_BEGIN);
	assert_int_equal(nw_json_next(j, &err), NW_JSON_STRING);
	nw_json_text(j, &len);
	assert_int_equal(len, n);
	nw_json_free(j);
	nw_json_limits_default(&lim);
	lim.max_string = n - 1;
	assert_int_equal(drain(doc, n + 4, &lim, &err, NULL), NW_JSON_ERROR);
	assert_int_equal(err.code, NW_E_LIMIT);
	assert_string_equal(err.path, "$[0]");
	free(doc);
}

/* Every proper prefix of a document is an error, never a crash or END. */
static void
test_truncation_everywhere(void **state)
{
	const char *doc = "{\"type\":\"bundle\",\"n\":[-1.5e3,true,false,"
	    "null,\"\\u00e9\xc3\xa9\\ud83d\\ude00\"],\"o\":{}}";
	struct nw_error err;
	size_t i, n = strlen(doc);

	(void)state;
	assert_int_equal(drain(doc, n, NULL, &err, NULL), NW_JSON_END);
	for (i = 0; i < n; i++)
		if (drain(doc, i, NULL, &err, NULL) != NW_JSON_ERROR)
			fail_msg("prefix of %zu bytes accepted", i);
}

static void
test_fd_reader(void **state)
{
	char tmpl[] = "/tmp/nwjsonXXXXXX";
	struct nw_buf b;
	struct nw_json *jm, *jf;
	struct nw_error e1, e2;
	enum nw_json_event a, c;
	char p1[256], p2[256];
	size_t i, l1, l2;
	int fd;

	(void)state;
	/* Big enough to cross several 64 KiB chunks, with multi-byte
	 * characters and escapes straddling chunk boundaries. */
	nw_buf_init(&b, 8u << 20);
	assert_int_equal(nw_buf_adds(&b, "{\"objects\":["), 0);
	for (i = 0; i < 20000; i++)
		assert_int_equal(nw_buf_addf(&b, "%s{\"id\":\"x--%zu\","
		    "\"t\":\"\xe2\x82\xac\\u00e9%zu\",\"n\":%zu.5}",
		    i > 0 ? "," : "", i, i, i), 0);
	assert_int_equal(nw_buf_adds(&b, "]}"), 0);
	fd = mkstemp(tmpl);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, b.data, b.len), (ssize_t)b.len);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	jm = nw_json_new_mem(b.data, b.len, NULL, NULL);
	jf = nw_json_new_fd(fd, NULL, NULL);
	do {
		a = nw_json_next(jm, &e1);
		c = nw_json_next(jf, &e2);
		assert_int_equal(a, c);
		assert_string_equal(nw_json_path(jm, p1, sizeof(p1)),
		    nw_json_path(jf, p2, sizeof(p2)));
		nw_json_text(jm, &l1);
		nw_json_text(jf, &l2);
		assert_int_equal(l1, l2);
		assert_memory_equal(nw_json_text(jm, NULL),
		    nw_json_text(jf, NULL), l1);
	} while (a > NW_JSON_END);
	assert_int_equal(a, NW_JSON_END);
	nw_json_free(jm);
	nw_json_free(jf);
	close(fd);
	unlink(tmpl);
	nw_buf_free(&b);
}

static void
test_skip_and_sticky_error(void **state)
{
	const char *doc = "{\"a\":[1,{\"b\":[2,3]}],\"c\":4}";
	struct nw_json *j = nw_json_new_mem(doc, strlen(doc), NULL, NULL);
	struct nw_error err;

	(void)state;
	assert_int_equal(nw_json_next(j, &err), NW_JSON_OBJECT_BEGIN);
	assert_int_equal(nw_json_next(j, &err), NW_JSON_KEY);
	assert_int_equal(nw_json_next(j, &err), NW_JSON_ARRAY_BEGIN);
	assert_int_equal(nw_json_skip(j, &err), 0);
	assert_int_equal(nw_json_depth(j), 1);
	assert_int_equal(nw_json_next(j, &err), NW_JSON_KEY);
	assert_string_equal(nw_json_text(j, NULL), "c");
	nw_json_free(j);

	j = nw_json_new_mem("[1,,2]", 6, NULL, NULL);
	assert_int_equal(nw_json_next(j, &err), NW_JSON_ARRAY_BEGIN);
	assert_int_equal(nw_json_next(j, &err), NW_JSON_NUMBER);
	assert_int_equal(nw_json_next(j, &err), NW_JSON_ERROR);
	nw_error_clear(&err);
	assert_int_equal(nw_json_next(j, &err), NW_JSON_ERROR);
	assert_int_equal(err.code, NW_E_PARSE);
	assert_int_equal(err.offset, 3);
	assert_int_equal(err.line, 1);
	assert_int_equal(err.col, 4);
	nw_json_free(j);
}

static void
test_path_cut(void **state)
{
	char buf[16];
	size_t n;

	(void)state;
	nw_strlcpy(buf, "$", sizeof(buf));
	n = nw_json_path_key(buf, 1, sizeof(buf), "averyveryverylongkey", 20);
	assert_int_equal(n, sizeof(buf) - 1);
	assert_string_equal(buf + sizeof(buf) - 4, "...");
	n = nw_json_path_key(buf, 1, sizeof(buf), "a\x01", 2);
	assert_string_equal(buf, "$['a\\x01']");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_events_and_paths),
		cmocka_unit_test(test_valid_edge_cases),
		cmocka_unit_test(test_decoding),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_strings_strict),
		cmocka_unit_test(test_duplicate_keys),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_huge_string),
		cmocka_unit_test(test_truncation_everywhere),
		cmocka_unit_test(test_fd_reader),
		cmocka_unit_test(test_skip_and_sticky_error),
		cmocka_unit_test(test_path_cut),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
