#!/bin/sh
# normwatch feeds check and list: every error named as file:line:col, the
# shipped and sample definitions valid, the man page examples valid.
. "${NW_SRCDIR:-.}/tests/lib.sh"
plan 14

D=$NW_SRCDIR/tests/data/feeds
check_exit 0 "the shipped definitions are valid" "$NORMWATCH" feeds check --feeds "$NW_SRCDIR/feeds"
check_exit 0 "the sample definitions are valid" "$NORMWATCH" feeds check --feeds "$NW_SRCDIR/feeds/samples"
check "feeds list shows the samples" \
	sh -c '"$0" feeds list --feeds "$1" | grep -q "^sample-csis-text  *csis  *yes  *file:///"' "$NORMWATCH" "$NW_SRCDIR/feeds/samples"

"$NORMWATCH" feeds check "$D/bad-many.feed" >"$T/out" 2>"$T/err"; rc=$?
check "a bad definition exits 78" test "$rc" -eq 78
# every error of the file, each with its line
for want in ":3:1: bad key" ":4:1: expected \"key = value\"" ":5:1: URL scheme must be http, https or file" \
    ":6:1: enabled must be yes or no" ":7:1: max-size must be a size" ":8:1: duplicate key \"kind\"" \
    ":9:1: unknown key \"colour\" for kind csis"; do
	if grep -qF "bad-many.feed$want" "$T/err"; then ok "reported$want"
	else diag "$(cat "$T/err")"; not_ok "reported$want"; fi
done
check "missing keys are reported with a line" \
	sh -c '"$0" feeds check "$1" 2>&1 | grep -q "bad-missing.feed:[0-9]*: missing key \"url\""' "$NORMWATCH" "$D/bad-missing.feed"

# a directory with a duplicate name: both files named
mkdir -p "$T/dup"
cp "$NW_SRCDIR/feeds/samples/csis-text.feed" "$T/dup/a.feed"
cp "$NW_SRCDIR/feeds/samples/csis-text.feed" "$T/dup/b.feed"
check "duplicate feed names are an error naming both files" \
	sh -c '"$0" feeds check --feeds "$1" 2>&1 | grep -q "b.feed:1: feed name \"sample-csis-text\" is already used by .*a.feed"' "$NORMWATCH" "$T/dup"

# the examples of normwatch.feed(5) are valid definitions
awk '/^\.Sh / { ex = ($2 == "EXAMPLES") }
     ex && /^\.Bd -literal/ { n++; f = sprintf("%s/example%d.feed", dir, n); next }
     /^\.Ed/ { f = ""; next }
     f != "" { print > f }' dir="$T" "$NW_SRCDIR/man/normwatch.feed.5"
touch "$T/incidents.txt"
check_exit 0 "the man page examples pass feeds check" "$NORMWATCH" feeds check "$T"/example*.feed
done_testing
