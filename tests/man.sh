#!/bin/sh
# The manual pages are valid mdoc (mandoc -Tlint, warnings and worse), and
# every command and key they document exists in --help or feed.c.
. "${NW_SRCDIR:-.}/tests/lib.sh"
command -v mandoc >/dev/null || skip_all "mandoc is not installed"
plan 3
pages="$NW_SRCDIR/man/normwatch.1 $NW_SRCDIR/man/normwatch.feed.5"
# shellcheck disable=SC2086
check "mandoc -Tlint finds no warnings" mandoc -Tlint -Wwarning $pages
# every verb of --help is documented in normwatch(1), and the reverse
"$NORMWATCH" --help | awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } /^$/ && on { on = 0 }' | sort >"$T/help"
sed -n 's/^\.Ss \([a-z]*\)\( Ar .*\)*$/\1/p' "$NW_SRCDIR/man/normwatch.1" | sort >"$T/man"
check "the commands of --help and of normwatch(1) agree" cmp "$T/help" "$T/man"
# every key that feed.c accepts is documented in normwatch.feed(5)
missing=""
keys=$(sed -n -e 's/^.*{ "\([a-z-]*\)", offsetof.*/\1/p' \
    -e 's/.*strcmp(key, "\([a-z-]*\)") == 0.*/\1/p' "$NW_SRCDIR/src/feed.c")
keys="$keys format"	# the csis parser's key
for k in $keys; do
	grep -q "Cm $k\b\|Cm .*\b$k\b" "$NW_SRCDIR/man/normwatch.feed.5" || missing="$missing $k"
done
check "every feed key is documented in normwatch.feed(5)${missing:+ (missing:$missing)}" test -z "$missing"
done_testing
