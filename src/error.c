/*
 * error.c - the one error record.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "normwatch/error.h"
#include "normwatch/util.h"

void
nw_error_clear(struct nw_error *err)
{
	if (err == NULL)
		return;
	memset(err, 0, sizeof(*err));
	err->offset = -1;
}

int
nw_error_set(struct nw_error *err, enum nw_errcode code, const char *fmt, ...)
{
	va_list ap;
	char *p;

	if (err == NULL)
		return -1;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	/* One line: a message never carries a line break. */
	for (p = err->msg; *p != '\0'; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	return -1;
}

void
nw_error_where(struct nw_error *err, const char *feed, const char *file)
{
	if (err == NULL)
		return;
	if (feed != NULL)
		nw_strlcpy(err->feed, feed, sizeof(err->feed));
	if (file != NULL)
		nw_strlcpy(err->file, file, sizeof(err->file));
}

void
nw_error_at_line(struct nw_error *err, long line, long col)
{
	if (err == NULL)
		return;
	err->line = line;
	err->col = col;
}

const char *
nw_error_str(const struct nw_error *err, char *buf, size_t sz)
{
	size_t n = 0;
	int r;

#define APPEND(...) do {						\
	if (n < sz) {							\
		r = snprintf(buf + n, sz - n, __VA_ARGS__);		\
		if (r > 0)						\
			n += (size_t)r;					\
	}								\
} while (0)

	if (sz == 0)
		return buf;
	buf[0] = '\0';
	if (err->feed[0] != '\0')
		APPEND("%s: ", err->feed);
	if (err->file[0] != '\0') {
		APPEND("%s", err->file);
		if (err->line > 0 && err->col > 0)
			APPEND(":%ld:%ld", err->line, err->col);
		else if (err->line > 0)
			APPEND(":%ld", err->line);
		else if (err->offset >= 0)
			APPEND(": offset %lld", err->offset);
		APPEND(": ");
	} else if (err->line > 0)
		APPEND("line %ld: ", err->line);
	else if (err->offset >= 0)
		APPEND("offset %lld: ", err->offset);
	if (err->path[0] != '\0')
		APPEND("%s: ", err->path);
	APPEND("%s", err->msg[0] != '\0' ? err->msg : "unknown error");
#undef APPEND
	return buf;
}

const char *
nw_errcode_name(enum nw_errcode code)
{
	static const char *const names[] = {
		"ok", "usage", "config", "io", "network", "http", "limit",
		"parse", "data", "store", "locked", "internal"
	};

	if ((size_t)code < NW_NELEM(names))
		return names[code];
	return "unknown";
}
