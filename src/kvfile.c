/*
 * kvfile.c - "key = value" text files (kvfile.h), read for feed.c and
 * config.c.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normwatch/kvfile.h"
#include "normwatch/limits.h"
#include "normwatch/text.h"
#include "normwatch/util.h"

/* Trim spaces and tabs at both ends, and a CR at the end, in place. */
static char *
trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

/* The line (from 1) of byte offset off. */
static long
line_of(const char *text, size_t off)
{
	long l = 1;
	size_t i;

	for (i = 0; i < off; i++)
		if (text[i] == '\n')
			l++;
	return l;
}

static int
key_ok(const char *key)
{
	size_t j;

	for (j = 0; key[j] != '\0'; j++) {
		char c = key[j];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    (j > 0 && c == '-')))
			return 0;
	}
	return j > 0 && j <= NW_KV_MAX_KEY;
}

long
nw_kv_read(const char *text, size_t len, nw_kv_pair_fn pair,
    nw_kv_err_fn err, void *arg)
{
	char msg[128], *line, *key, *value, *eq;
	size_t pos = 0, bad, n;
	long lineno = 0;

	/* nw_utf8_check refuses NUL bytes too */
	if (nw_utf8_check(text, len, &bad) == -1) {
		snprintf(msg, sizeof(msg), "%s (byte offset %zu)",
		    text[bad] == '\0' ? "a NUL byte" : "not valid UTF-8", bad);
		err(arg, line_of(text, bad), 0, msg);
		return -1;
	}
	while (pos < len) {
		lineno++;
		for (n = 0; pos + n < len && text[pos + n] != '\n'; n++)
			;
		if (n > NW_MAX_CONF_LINE) {
			snprintf(msg, sizeof(msg), "line longer than %d bytes",
			    NW_MAX_CONF_LINE);
			err(arg, lineno, 0, msg);
			pos += n + 1;
			continue;
		}
		line = xstrndup(text + pos, n);
		pos += n + 1;
		key = trim(line);
		if (*key == '\0' || *key == '#') {
			free(line);
			continue;
		}
		if ((eq = strchr(key, '=')) == NULL) {
			err(arg, lineno, 1, "expected \"key = value\"");
			free(line);
			continue;
		}
		*eq = '\0';
		value = trim(eq + 1);
		key = trim(key);
		if (!key_ok(key)) {
			snprintf(msg, sizeof(msg), "bad key \"%.32s\": keys are "
			    "lower-case letters, digits and '-'", key);
			err(arg, lineno, 1, msg);
			free(line);
			continue;
		}
		pair(arg, key, value, lineno);
		free(line);
	}
	return lineno;
}

int
nw_kv_bool(const char *v)
{
	if (strcmp(v, "yes") == 0 || strcmp(v, "true") == 0 ||
	    strcmp(v, "on") == 0 || strcmp(v, "1") == 0)
		return 1;
	if (strcmp(v, "no") == 0 || strcmp(v, "false") == 0 ||
	    strcmp(v, "off") == 0 || strcmp(v, "0") == 0)
		return 0;
	return -1;
}
