/*
 * convert.h - running a converter program on a fetched body.
 *
 * PDF lists are turned into text by poppler's pdftotext.  The converter is
 * a command line split into argv (no shell); the body goes to its standard
 * input and its standard output is the result.  It runs with a time limit
 * (killed after limits->convert_timeout), an address-space limit
 * (NW_CONVERT_MAX_MEM), a CPU-time limit of about the same number of
 * seconds, and an output cap (NW_MAX_CONVERT_OUT), so a hostile document
 * can cost at most that.  The converter runs in a process group of its
 * own, and the whole group is killed when a limit is crossed.  It gets no
 * file descriptors besides its standard input, output and error.
 */
#ifndef NORMWATCH_CONVERT_H
#define NORMWATCH_CONVERT_H

#include <stddef.h>

#include "normwatch/error.h"
#include "normwatch/limits.h"

/*
 * The converter used for PDF when a feed names none: pdftotext reading
 * the PDF from stdin ("-") and writing UTF-8 text with \n line ends to
 * stdout ("-"), pages separated by form feeds.  No -q: on failure
 * pdftotext's own diagnostic ("Syntax Error: ...") is what the error
 * message quotes.  Checked with poppler 22.12.
 */
#define NW_PDF_CONVERTER	NW_PDFTOTEXT " -enc UTF-8 -eol unix - -"

/*
 * Run cmdline with in on stdin.  Returns its output NUL-terminated (caller
 * frees) with *outlen set, or NULL with *err set (code and message only;
 * the caller adds feed and file):
 *   NW_E_CONFIG  the command line is empty or unbalanced;
 *   NW_E_IO      the program cannot be started ("cannot run 'pdftotext':
 *                No such file or directory");
 *   NW_E_LIMIT   it ran past limits->convert_timeout seconds of wall-clock
 *                time (or as much CPU time), or printed more than
 *                NW_MAX_CONVERT_OUT bytes; it is killed with SIGKILL;
 *   NW_E_PARSE   it exited non-zero or died of a signal; the message
 *                quotes its first non-empty stderr line, escaped and cut
 *                short.
 * limits may be NULL for the defaults; a convert_timeout <= 0 means
 * NW_DEF_CONVERT_TIMEOUT.  If the program stops reading its input early
 * (EPIPE), the rest of the input is dropped: only its exit status counts.
 * Standard error is read (and all but its first 4 KiB discarded) as it
 * comes, so a chatty converter cannot block.
 */
char	*nw_convert(const char *cmdline, const void *in, size_t inlen,
	    const struct nw_limits *limits, size_t *outlen,
	    struct nw_error *err);

/*
 * nw_convert with a lower output cap: maxout bytes (values above
 * NW_MAX_CONVERT_OUT are lowered to it).  nw_convert is this with
 * NW_MAX_CONVERT_OUT; tests use it to cross the cap cheaply.
 */
char	*nw_convert_max(const char *cmdline, const void *in, size_t inlen,
	    const struct nw_limits *limits, size_t maxout, size_t *outlen,
	    struct nw_error *err);

/*
 * Split a command line into argv: words separated by blanks (space, tab,
 * CR, LF), with '...' and "..." quoting and no expansion: no variables,
 * no globs, no backslash escapes (a backslash is an ordinary character).
 * Quoted parts join the word they touch (a'b c'd is one word "ab cd"), and
 * '' is an empty word.  Returns a NULL-terminated vector (free with
 * nw_argv_free), or NULL for an empty or unbalanced line or one longer
 * than NW_MAX_CONF_LINE bytes.
 */
char	**nw_argv_split(const char *cmdline);
/* Free a vector from nw_argv_split; NULL is safe. */
void	  nw_argv_free(char **);

#endif
