/*
 * extract.h - what a report says, by CODEBOOK.md sections 1-3: attributed
 * states with hedge and attributing party, named actors, sponsorship,
 * victim states and sectors.
 *
 * Names of states (states.tsv: names, adjectives, capitals, agencies) and
 * of actors (actors.tsv) are found with pcre2 patterns compiled once with
 * JIT and run with match and depth limits (NW_REGEX_MATCH_LIMIT,
 * NW_REGEX_DEPTH_LIMIT).  Each state mention then gets a role from the
 * noun phrase it opens and the words around it: attacker ("Iranian
 * hackers", "accused China of"), victim ("Albanian computer systems",
 * "universities in Canada"), attributing party ("Belgium's Foreign
 * Ministry accused"), or none ("Russian-speaking", "Israeli vendor NSO
 * Group").  See the comment at the top of src/extract.c.
 *
 * An extractor keeps its scratch space, so one extractor serves one
 * thread at a time; the nw_refdata it reads may be shared.
 */
#ifndef NORMWATCH_EXTRACT_H
#define NORMWATCH_EXTRACT_H

#include <stddef.h>

#include "normwatch/error.h"
#include "normwatch/refdata.h"
#include "normwatch/report.h"

struct nw_extractor;

/*
 * Compile the patterns for the states and actors in ref (which must
 * outlive the extractor).  Returns NULL with *err set when a pattern does
 * not compile.  Free with nw_extractor_free (NULL is safe).
 */
struct nw_extractor	*nw_extractor_new(const struct nw_refdata *ref,
			    struct nw_error *err);
void			 nw_extractor_free(struct nw_extractor *);

/*
 * Extract from one entry's text: normalized UTF-8 (nw_text_normalize,
 * nw_text_rejoin), date marker included or not; any other bytes are read
 * without harm.  At most NW_MAX_EXTRACT_TEXT bytes are read.  *out is
 * cleared first and then holds:
 *   attr[]      one per state linked to the attacker, in order of first
 *               mention; hedge "asserted" when any mention states it
 *               flatly; by the first party found; ev the first mention
 *   actors[]    named groups and people as written, ev their words
 *   sponsorship state / non-state / unknown
 *   victims[]   every state whose government, people or organisations
 *               were targeted
 *   sectors     1u << enum nw_sector for each victim sector
 * Arrays are capped at NW_MAX_ATTRIB, NW_MAX_ACTORS and NW_MAX_VICTIMS.
 * Evidence spans are byte offsets into text.  Returns 0, or -1 with *err
 * set when text is NULL or a pattern hit its limits (the partial result
 * in *out is still usable).
 */
int	nw_extract(struct nw_extractor *, const char *text, size_t len,
	    struct nw_extract *out, struct nw_error *err);

#endif
