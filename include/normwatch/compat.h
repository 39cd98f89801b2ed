/*
 * compat.h - compiler attributes used across normwatch headers.
 */
#ifndef NORMWATCH_COMPAT_H
#define NORMWATCH_COMPAT_H

#if defined(__GNUC__) || defined(__clang__)
#define NW_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#define NW_WUR __attribute__((warn_unused_result))
#define NW_NORETURN __attribute__((noreturn))
#define NW_MALLOC __attribute__((malloc))
#else
#define NW_PRINTF(fmt, args)
#define NW_WUR
#define NW_NORETURN
#define NW_MALLOC
#endif

#define NW_NELEM(a) (sizeof(a) / sizeof((a)[0]))

#endif
