/*
 * words.h - the built-in English lexicon (generated src/words.c), sorted in
 * strcmp order, lower-case ASCII letters only.  Private to text.c.
 */
#ifndef NORMWATCH_WORDS_H
#define NORMWATCH_WORDS_H

#include <stddef.h>

extern const char *const nw_words[];
extern const size_t nw_nwords;

#endif
