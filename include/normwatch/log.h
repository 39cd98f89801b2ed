/*
 * log.h - messages for people.
 *
 * Every message is one line on stderr: "normwatch: WHO: message", where WHO
 * is the feed or file the message concerns.  Untrusted text goes through
 * nw_log_escape first.  Levels: error, warning, info, debug; the default
 * shows errors and warnings only, so a run under cron is silent unless
 * something is wrong.
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

void	nw_log_set_level(enum nw_loglevel);
enum nw_loglevel nw_log_get_level(void);

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
 * The progress line: shown on stderr only when stderr is a terminal and
 * the level is at least warnings; redrawn in place with \r, cleared by
 * nw_progress_done.  fmt as printf.
 */
void	nw_progress(const char *fmt, ...) NW_PRINTF(1, 2);
void	nw_progress_done(void);
void	nw_progress_enable(int);	/* force on (1) or off (0) */
/* Text put before every progress line ("[2/5] "); NULL for none. */
void	nw_progress_prefix(const char *);

#endif
