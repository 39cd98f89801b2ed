/*
 * extract.h - what a report says, by CODEBOOK.md sections 1-3: attributed
 * states with hedge and attributing party, named actors, sponsorship,
 * victim states and sectors.
 *
 * Patterns are pcre2, compiled once with JIT and run with match and depth
 * limits (NW_REGEX_MATCH_LIMIT, NW_REGEX_DEPTH_LIMIT).  An extractor keeps
 * its match data, so one extractor serves one thread at a time.
 */
#ifndef NORMWATCH_EXTRACT_H
#define NORMWATCH_EXTRACT_H

#include <stddef.h>

#include "normwatch/error.h"
#include "normwatch/refdata.h"
#include "normwatch/report.h"

struct nw_extractor;

/* Compile the patterns for the states in ref (which must outlive it). */
struct nw_extractor	*nw_extractor_new(const struct nw_refdata *ref,
			    struct nw_error *err);
void			 nw_extractor_free(struct nw_extractor *);

/*
 * Extract from normalized text (valid UTF-8, one entry, date marker
 * included or not).  *out is cleared first.  Evidence spans are offsets
 * into text.  Returns 0, or -1 with *err set when a pattern hit its limits
 * (the partial result in *out is still usable).
 */
int	nw_extract(struct nw_extractor *, const char *text, size_t len,
	    struct nw_extract *out, struct nw_error *err);

#endif
