/*
 * log.c - one-line messages on stderr (text or JSON), syslog, the journal's
 * priority prefixes, and the terminal progress line.
 */
#include "config.h"

#include <sys/ioctl.h>
#include <sys/stat.h>

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "normwatch/jsonw.h"
#include "normwatch/log.h"
#include "normwatch/limits.h"
#include "normwatch/util.h"

#define LOG_MSG_MAX	2048	/* bytes of one formatted message */
#define LOG_JSON_MAX	8192	/* bytes of one JSON log line */
#define PROGRESS_BAR	20	/* cells of the progress bar */
#define PROGRESS_MAX	512	/* bytes of one progress line */

static enum nw_loglevel	 level = NW_LOG_WARN;
static enum nw_logformat format = NW_LOGFMT_TEXT;
static int		 use_syslog;
static int		 journal = -1;		/* -1: not decided yet */
static int		 progress_mode = -1;	/* -1: decide by isatty */
static int		 progress_shown;
static char		 progress_prefix[64];
static size_t		 bar_done, bar_total;

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

void
nw_log_set_format(enum nw_logformat f)
{
	format = f;
}

enum nw_logformat
nw_log_get_format(void)
{
	return format;
}

void
nw_log_set_syslog(int on)
{
	if (on && !use_syslog)
		openlog("normwatch", LOG_PID, LOG_DAEMON);
	else if (!on && use_syslog)
		closelog();
	use_syslog = on;
}

int
nw_log_journal(void)
{
	const char *v = getenv("JOURNAL_STREAM"), *colon;
	long long dev, ino;
	struct stat st;
	char *d;

	if (journal != -1)
		return journal;
	journal = 0;
	if (v == NULL || (colon = strchr(v, ':')) == NULL)
		return journal;
	d = xstrndup(v, (size_t)(colon - v));
	if (nw_parse_ll(d, 0, LLONG_MAX, &dev) == 0 &&
	    nw_parse_ll(colon + 1, 0, LLONG_MAX, &ino) == 0 &&
	    fstat(STDERR_FILENO, &st) == 0 &&
	    (unsigned long long)st.st_dev == (unsigned long long)dev &&
	    (unsigned long long)st.st_ino == (unsigned long long)ino)
		journal = 1;
	free(d);
	return journal;
}

static void
progress_clear(void)
{
	if (progress_shown) {
		fputs("\r\033[K", stderr);
		progress_shown = 0;
	}
}

static const char *const level_name[] = { "error", "warning", "info",
    "debug" };

/*
 * One message out: who is the feed or file it concerns (or NULL), where
 * the place in it (JSON only; NULL), text the line for text and syslog.
 */
static void
emit(enum nw_loglevel l, const char *who, const char *where,
    const char *msg, const char *text)
{
	static const int prio[] = { LOG_ERR, LOG_WARNING, LOG_INFO,
	    LOG_DEBUG };
	struct nw_buf b;
	struct nw_jsonw w;
	char now[32];
	const char *line = text;

	nw_buf_init(&b, LOG_JSON_MAX);
	if (format == NW_LOGFMT_JSON) {
		nw_now_rfc3339(now);
		nw_jsonw_init(&w, &b);
		nw_jsonw_obj_begin(&w);
		if (who != NULL && *who != '\0')
			nw_jsonw_kstr(&w, "feed", who);
		nw_jsonw_kstr(&w, "level", level_name[l]);
		nw_jsonw_kstr(&w, "message", msg);
		nw_jsonw_kstr(&w, "time", now);
		if (where != NULL && *where != '\0')
			nw_jsonw_kstr(&w, "where", where);
		nw_jsonw_obj_end(&w);
		if (nw_jsonw_done(&w, NULL) == -1) {
			/* over the cap: the message alone, cut short */
			nw_buf_free(&b);
			nw_buf_init(&b, LOG_JSON_MAX);
			nw_jsonw_init(&w, &b);
			nw_jsonw_obj_begin(&w);
			nw_jsonw_kstr(&w, "level", level_name[l]);
			nw_jsonw_key(&w, "message");
			nw_jsonw_strn(&w, msg, strlen(msg) > 1024 ? 1024 :
			    strlen(msg));
			nw_jsonw_kstr(&w, "time", now);
			nw_jsonw_obj_end(&w);
		}
		line = b.data != NULL ? b.data : "{}";
	}
	if (use_syslog) {
		syslog(prio[l], "%s", line);
		nw_buf_free(&b);
		return;
	}
	progress_clear();
	if (nw_log_journal())
		fprintf(stderr, "<%d>", prio[l]);
	if (format == NW_LOGFMT_JSON)
		fputs(line, stderr);
	else
		fprintf(stderr, "normwatch: %s", line);
	fputc('\n', stderr);
	nw_buf_free(&b);
}

void
nw_log(enum nw_loglevel l, const char *who, const char *fmt, ...)
{
	static const char *const tag[] = { "error: ", "warning: ", "",
	    "debug: " };
	va_list ap;
	char msg[LOG_MSG_MAX], text[LOG_MSG_MAX + 128];

	if (l > level)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (who != NULL && *who != '\0')
		snprintf(text, sizeof(text), "%s: %s%s", who, tag[l], msg);
	else
		snprintf(text, sizeof(text), "%s%s", tag[l], msg);
	emit(l, who, NULL, msg, text);
}

void
nw_log_error(const struct nw_error *err)
{
	char buf[1536], text[1600], where[1024];
	size_t n;

	if (NW_LOG_ERROR > level)
		return;
	snprintf(text, sizeof(text), "error: %s",
	    nw_error_str(err, buf, sizeof(buf)));
	/* where: the file and the place in it, as nw_error_str puts them */
	where[0] = '\0';
	if (err->file[0] != '\0') {
		n = nw_strlcpy(where, err->file, sizeof(where));
		if (err->line > 0 && n < sizeof(where))
			n += (size_t)snprintf(where + n, sizeof(where) - n,
			    err->col > 0 ? ":%ld:%ld" : ":%ld", err->line,
			    err->col);
		else if (err->offset >= 0 && n < sizeof(where))
			n += (size_t)snprintf(where + n, sizeof(where) - n,
			    ": offset %lld", err->offset);
		if (err->path[0] != '\0' && n < sizeof(where))
			snprintf(where + n, sizeof(where) - n, ": %s",
			    err->path);
	} else if (err->path[0] != '\0')
		nw_strlcpy(where, err->path, sizeof(where));
	emit(NW_LOG_ERROR, err->feed, where, err->msg, text);
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
	return progress_mode == 1 && level >= NW_LOG_WARN &&
	    format == NW_LOGFMT_TEXT && !use_syslog;
}

const char *
nw_progress_render(char *buf, size_t sz, size_t cols, const char *text)
{
	size_t n, i, fill, lim;

	if (sz == 0)
		return buf;
	n = nw_strlcpy(buf, progress_prefix, sz);
	if (bar_total > 0 && n < sz) {
		fill = (bar_done > bar_total ? bar_total : bar_done) *
		    PROGRESS_BAR / bar_total;
		if (n + PROGRESS_BAR + 3 < sz) {
			buf[n++] = '[';
			for (i = 0; i < PROGRESS_BAR; i++)
				buf[n++] = i < fill ? '#' : '-';
			buf[n++] = ']';
			buf[n] = '\0';
		}
		if (n < sz)
			n += (size_t)snprintf(buf + n, sz - n, " %zu/%zu ",
			    bar_done, bar_total);
	}
	if (n < sz)
		nw_strlcpy(buf + n, text, sz - n);
	/* one terminal line: a wrapped line cannot be redrawn with \r */
	lim = cols > 1 ? cols - 1 : 0;
	if (cols > 0 && strlen(buf) > lim) {
		while (lim > 0 && ((unsigned char)buf[lim] & 0xc0) == 0x80)
			lim--;	/* not inside a UTF-8 sequence */
		buf[lim] = '\0';
	}
	return buf;
}

void
nw_progress(const char *fmt, ...)
{
	struct winsize ws;
	va_list ap;
	char text[PROGRESS_MAX], line[PROGRESS_MAX];
	size_t cols = 80;

	if (!progress_on())
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		cols = ws.ws_col;
	fputs("\r\033[K", stderr);
	fputs(nw_progress_render(line, sizeof(line), cols, text), stderr);
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
nw_progress_bar(size_t done, size_t total)
{
	bar_done = done;
	bar_total = total;
}

void
nw_progress_enable(int on)
{
	progress_mode = on ? 1 : 0;
}
