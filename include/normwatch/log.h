/*
 * log.h - messages for people.
 *
 * Every message is one line on stderr: "normwatch: WHO: message", where WHO
 * is the feed or file the message concerns.  Untrusted text goes through
 * nw_log_escape first.  Levels: error, warning, info, debug; the default
 * shows errors and warnings only, so a run under cron is silent unless
 * something is wrong.
 *
 * Other destinations: --log-format json writes one JSON object a line
 * instead ({"feed","level","message","time","where"}, keys present when
 * known), for log shippers; --syslog sends every message to syslog(3)
 * (ident "normwatch", facility daemon) instead of stderr.  When stderr
 * is systemd's journal ($JOURNAL_STREAM names it), each line starts with
 * its sd-daemon(3) priority ("<3>" error ... "<7>" debug), which journald
 * turns into the syslog priority of the entry.
 */
#ifndef NORMWATCH_LOG_H
#define NORMWATCH_LOG_H

#include <stddef.h>

#include "normwatch/compat.h"
#include "normwatch/error.h"

enum nw_loglevel {
	NW_LOG_ERROR = 0,
	NW_LOG_WARN,
	NW_LOG_INFO,
	NW_LOG_DEBUG
};

enum nw_logformat {
	NW_LOGFMT_TEXT = 0,	/* "normwatch: who: message" lines */
	NW_LOGFMT_JSON		/* one JSON object a line */
};

void	nw_log_set_level(enum nw_loglevel);
enum nw_loglevel nw_log_get_level(void);
void	nw_log_set_format(enum nw_logformat);
enum nw_logformat nw_log_get_format(void);
/* 1: messages go to syslog(3) instead of stderr; 0: back to stderr. */
void	nw_log_set_syslog(int);
/*
 * 1 when $JOURNAL_STREAM names the device and inode of stderr, i.e. we
 * run as a systemd service whose stderr is the journal (decided once).
 */
int	nw_log_journal(void);

/* who may be NULL.  A trailing newline in fmt is not needed. */
void	nw_log(enum nw_loglevel, const char *who, const char *fmt, ...)
	    NW_PRINTF(3, 4);
/* Log an nw_error at level error, formatted with nw_error_str. */
void	nw_log_error(const struct nw_error *);

/*
 * Escape untrusted text for a log line: control bytes and non-UTF-8 as \xNN,
 * quotes and backslashes escaped, cut at NW_LOG_FIELD_MAX bytes with "...".
 * Writes into buf (always NUL-terminated) and returns buf.
 */
const char *nw_log_escape(const char *s, size_t len, char *buf, size_t sz);

/*
 * The progress line: shown on stderr only when stderr is a terminal, the
 * level is at least warnings and messages are text lines on stderr;
 * redrawn in place with \r, cut to the terminal's width, cleared by
 * nw_progress_done.  fmt as printf.
 */
void	nw_progress(const char *fmt, ...) NW_PRINTF(1, 2);
void	nw_progress_done(void);
void	nw_progress_enable(int);	/* force on (1) or off (0) */
/* Text put before every progress line ("[2/5] "); NULL for none. */
void	nw_progress_prefix(const char *);
/*
 * A bar before every progress line, "[#####-----] 2/4 ", for done of
 * total items (after the prefix); total 0 removes it.
 */
void	nw_progress_bar(size_t done, size_t total);
/* The progress line as it would be drawn, for tests: into buf, returns buf. */
const char *nw_progress_render(char *buf, size_t sz, size_t cols,
	    const char *text);

#endif
