/*
 * log.c - one-line messages on stderr, and the terminal progress line.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "normwatch/log.h"
#include "normwatch/limits.h"
#include "normwatch/util.h"

static enum nw_loglevel	 level = NW_LOG_WARN;
static int		 progress_mode = -1;	/* -1: decide by isatty */
static int		 progress_shown;
static char		 progress_prefix[64];

void
nw_log_set_level(enum nw_loglevel l)
{
	level = l;
}

enum nw_loglevel
nw_log_get_level(void)
{
	return level;
}

static void
progress_clear(void)
{
	if (progress_shown) {
		fputs("\r\033[K", stderr);
		progress_shown = 0;
	}
}

void
nw_log(enum nw_loglevel l, const char *who, const char *fmt, ...)
{
	static const char *const tag[] = { "error", "warning", "", "debug" };
	va_list ap;

	if (l > level)
		return;
	progress_clear();
	fputs("normwatch: ", stderr);
	if (who != NULL && *who != '\0')
		fprintf(stderr, "%s: ", who);
	if (l != NW_LOG_INFO)
		fprintf(stderr, "%s: ", tag[l]);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
nw_log_error(const struct nw_error *err)
{
	char buf[1536];

	nw_log(NW_LOG_ERROR, NULL, "%s", nw_error_str(err, buf, sizeof(buf)));
}

const char *
nw_log_escape(const char *s, size_t len, char *buf, size_t sz)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, o = 0, lim;
	unsigned char c;

	if (sz == 0)
		return buf;
	lim = len > NW_LOG_FIELD_MAX ? NW_LOG_FIELD_MAX : len;
	for (i = 0; i < lim; i++) {
		c = (unsigned char)s[i];
		if (o + 5 >= sz)
			break;
		if (c == '\\' || c == '"') {
			buf[o++] = '\\';
			buf[o++] = (char)c;
		} else if (c < 0x20 || c == 0x7f || c >= 0x80) {
			/* keep valid UTF-8 sequences, escape the rest */
			size_t n = 0, k;

			if (c >= 0xc2 && c <= 0xdf)
				n = 1;
			else if (c >= 0xe0 && c <= 0xef)
				n = 2;
			else if (c >= 0xf0 && c <= 0xf4)
				n = 3;
			for (k = 1; n > 0 && k <= n; k++)
				if (i + k >= lim ||
				    ((unsigned char)s[i + k] & 0xc0) != 0x80)
					n = 0;
			if (n > 0 && o + n + 1 < sz) {
				memcpy(buf + o, s + i, n + 1);
				o += n + 1;
				i += n;
			} else {
				buf[o++] = '\\';
				buf[o++] = 'x';
				buf[o++] = hex[c >> 4];
				buf[o++] = hex[c & 0xf];
			}
		} else
			buf[o++] = (char)c;
	}
	if ((i < len) && o + 4 < sz) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o] = '\0';
	return buf;
}

static int
progress_on(void)
{
	if (progress_mode == -1)
		progress_mode = isatty(STDERR_FILENO) ? 1 : 0;
	return progress_mode == 1 && level >= NW_LOG_WARN;
}

void
nw_progress(const char *fmt, ...)
{
	va_list ap;

	if (!progress_on())
		return;
	fputs("\r\033[K", stderr);
	fputs(progress_prefix, stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fflush(stderr);
	progress_shown = 1;
}

void
nw_progress_done(void)
{
	progress_clear();
}

void
nw_progress_prefix(const char *prefix)
{
	nw_strlcpy(progress_prefix, prefix != NULL ? prefix : "",
	    sizeof(progress_prefix));
}

void
nw_progress_enable(int on)
{
	progress_mode = on ? 1 : 0;
}
