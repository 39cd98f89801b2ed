/*
 * convert.h - running a converter program on a fetched body.
 *
 * PDF lists are turned into text by poppler's pdftotext.  The converter is
 * a command line split into argv (no shell); the body goes to its standard
 * input and its standard output is the result.  It runs with a time limit
 * (killed after limits->convert_timeout), an address-space limit
 * (NW_CONVERT_MAX_MEM) and an output cap (NW_MAX_CONVERT_OUT), so a hostile
 * document can cost at most that.
 */
#ifndef NORMWATCH_CONVERT_H
#define NORMWATCH_CONVERT_H

#include <stddef.h>

#include "normwatch/error.h"
#include "normwatch/limits.h"

/* The converter used for PDF when a feed names none. */
#define NW_PDF_CONVERTER	NW_PDFTOTEXT " -q -enc UTF-8 -eol unix - -"

/*
 * Run cmdline with in on stdin.  Returns its output NUL-terminated (caller
 * frees) with *outlen set, or NULL with *err set: NW_E_CONFIG for a bad
 * command line, NW_E_IO when it cannot start, NW_E_LIMIT for time or
 * size, NW_E_PARSE when it exits non-zero (its first stderr line quoted).
 */
char	*nw_convert(const char *cmdline, const void *in, size_t inlen,
	    const struct nw_limits *limits, size_t *outlen,
	    struct nw_error *err);

/*
 * Split a command line into argv: words separated by blanks, with '...'
 * and "..." quoting and no expansion.  Returns a NULL-terminated vector
 * (free with nw_argv_free), or NULL for an empty or unbalanced line.
 */
char	**nw_argv_split(const char *cmdline);
void	  nw_argv_free(char **);

#endif
