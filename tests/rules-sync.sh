#!/bin/sh
# The named patterns that feeds/norms/un-gge-2015.rules shares with
# feeds/norms/paris-call.rules are the same bytes in both files: the
# mapper runs a pattern written the same way only once per report, and the
# two frameworks must read "critical infrastructure", "supply chain" and
# the rest alike.  A define edited in one file and not the other fails.
. "${NW_SRCDIR:-.}/tests/lib.sh"

PC="$NORMWATCH_DATADIR/norms/paris-call.rules"
GGE="$NORMWATCH_DATADIR/norms/un-gge-2015.rules"
for f in "$PC" "$GGE"; do
	[ -r "$f" ] || { echo "Bail out! $f is missing"; exit 99; }
done

grep '^define ' "$PC" | sort >"$T/pc"
grep '^define ' "$GGE" | sort >"$T/gge"
awk '{ print $2 }' "$T/pc" >"$T/pc.names"
awk '{ print $2 }' "$T/gge" >"$T/gge.names"
comm -12 "$T/pc.names" "$T/gge.names" >"$T/shared"

n=$(wc -l <"$T/shared")
plan $((n + 1))
check "the files share named patterns" test "$n" -ge 10
while read -r name; do
	a=$(grep "^define $name = " "$PC")
	b=$(grep "^define $name = " "$GGE")
	if [ "$a" = "$b" ]; then
		ok "@$name is the same in both files"
	else
		not_ok "@$name is the same in both files"
	fi
done <"$T/shared"
done_testing
