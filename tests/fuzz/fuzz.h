/*
 * fuzz.h - what every fuzz target under tests/fuzz/ shares.
 *
 * A target is one function, LLVMFuzzerTestOneInput, that hands one input
 * to one parser or loader and checks what comes back.  It is linked either
 * with libFuzzer (./configure --enable-fuzzing) or with driver.c, which
 * runs it over the files of its seed corpus and regressions, so that the
 * targets are built and their inputs run by every make check.
 *
 * A target never returns anything but 0.  It aborts (a crash for libFuzzer
 * and for the driver) when a parser breaks its header's contract: a
 * report without a native id, text that is not UTF-8, an impossible date.
 */
#ifndef NORMWATCH_FUZZ_H
#define NORMWATCH_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "normwatch/report.h"

struct nw_refdata;

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input as a NUL-terminated copy (free it). */
char	*fuzz_dup(const uint8_t *data, size_t size);

/*
 * Once per process: logs down to errors only.  Returns the reference
 * tables of $NORMWATCH_DATADIR/reference, or NULL when there are none
 * (the targets that need them then do less).  Loaded once, never freed.
 */
const struct nw_refdata *fuzz_init(void);

/* A feed from a definition the target holds; aborts when it is bad. */
struct nw_feed;
struct nw_feed *fuzz_feed(const char *def);

/* Abort unless r keeps report.h's promises. */
void	fuzz_check_report(const struct nw_report *r);

/* Abort unless s (len bytes) is valid UTF-8 without NUL bytes. */
void	fuzz_check_utf8(const char *what, const char *s, size_t len);

#endif
