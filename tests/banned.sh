#!/bin/sh
# The functions curl's test suite bans, and we do too (STYLE.md 7).
# Prints TAP: one test per banned function.
. "${NW_SRCDIR:-.}/tests/lib.sh"

banned="strcpy strcat sprintf vsprintf strtok atoi atol sscanf gets"
plan 9
for fn in $banned; do
	hits=$(grep -nE "(^|[^_[:alnum:]])$fn[[:space:]]*\(" \
	    "$NW_SRCDIR"/src/*.c "$NW_SRCDIR"/src/*/*.c "$NW_SRCDIR"/include/normwatch/*.h 2>/dev/null)
	if [ -z "$hits" ]; then
		ok "no $fn() in src/ and include/"
	else
		diag "$hits"
		not_ok "no $fn() in src/ and include/"
	fi
done
