/*
 * text.h - UTF-8 checking and the clean-up of extracted text.
 *
 * Text extracted from PDFs carries noise: curly quotes, ligatures, soft
 * hyphens, non-breaking spaces, hyphenation at line ends and words split by
 * the extraction ("Governme nt").  These functions make it plain before
 * anything is matched against it.  None of them trusts its input.
 */
#ifndef NORMWATCH_TEXT_H
#define NORMWATCH_TEXT_H

#include <stddef.h>

#include "normwatch/error.h"
#include "normwatch/util.h"

/*
 * 0 when s[0..len) is valid UTF-8 (no overlongs, no surrogates, nothing
 * above U+10FFFF, no NUL), else -1 with *bad set to the offset of the first
 * bad byte.
 */
int	nw_utf8_check(const char *s, size_t len, size_t *bad);

/*
 * Normalize one paragraph or entry into out (which is reset first):
 * typographic quotes and dashes to ASCII, ligatures expanded, soft hyphens
 * and zero-width characters dropped, any run of white space (including
 * NBSP and line ends) made one space, leading and trailing space trimmed.
 * Input must be valid UTF-8.  Returns 0, or -1 when out's max is crossed.
 */
int	nw_text_normalize(const char *s, size_t len, struct nw_buf *out) NW_WUR;

/*
 * A lexicon of known words (lower-case ASCII letters), used to repair
 * words that extraction split or hyphenated.  Built from a document's own
 * words plus a built-in list of the words extraction depends on.
 */
struct nw_lexicon;

struct nw_lexicon *nw_lexicon_new(void);
/* Add every word of text, counting occurrences. */
void	nw_lexicon_add_text(struct nw_lexicon *, const char *text, size_t len);
void	nw_lexicon_add_word(struct nw_lexicon *, const char *word, size_t len);
/* Occurrences of word (case-insensitive), 0 when unknown. */
unsigned nw_lexicon_count(const struct nw_lexicon *, const char *word,
	    size_t len);
void	nw_lexicon_free(struct nw_lexicon *);
/*
 * 1 when word (ASCII letters, any case) is in the built-in English
 * lexicon, 0 otherwise: merging tells a common word ("Italy", "Bear")
 * from a name of its own ("Kyivstar", "Sandworm").
 */
int	nw_word_known(const char *word, size_t len);

/*
 * Repair split words in normalized text: "Governme nt" -> "Government" and
 * "Russian -based" -> "Russian-based", line-end hyphenation "cyber- attack"
 * joined when the joined word is known.  A split is repaired only when the
 * joined word is in lex and one of the pieces is not a word on its own, so
 * "in to" stays two words.  lex may be NULL (built-in words only).  The
 * result replaces out's contents.  Returns 0 or -1 (out's max crossed).
 */
int	nw_text_rejoin(const char *s, size_t len, const struct nw_lexicon *lex,
	    struct nw_buf *out) NW_WUR;

#endif
