#!/bin/sh
# normwatch run: quiet when all is well; the STIX bundles of the latest
# complete quarter and the current one, written whole; remap after a rules
# change (so ingest has nothing to warn about); the worst exit status of
# its steps, one line per problem; a lock or bad configuration ends it.
. "${NW_SRCDIR:-.}/tests/lib.sh"
plan 27

F=$T/feeds R=$T/rules O=$T/www
mkdir -p "$F" "$R"
cp "$NW_SRCDIR/feeds/samples/csis-text.feed" "$NW_SRCDIR/feeds/samples/csis-list.txt" "$F/"
cp "$NW_SRCDIR"/feeds/norms/*.rules "$R/"
cat >"$T/nw.conf" <<CONF
store  = $T/nw.db
feeds  = $F
rules  = $R
output = $O
CONF
nw() { "$NORMWATCH" --config "$T/nw.conf" "$@"; }
NORMWATCH_NOW=2024-11-15T12:00:00Z; export NORMWATCH_NOW

check "run --help exits 0 with a usage line" sh -c '"$0" run --help | grep -q "^usage: normwatch"' "$NORMWATCH"

nw run >"$T/out" 2>"$T/err"; rc=$?
check "the first run exits 0" test "$rc" -eq 0
check "and says nothing" test ! -s "$T/out" -a ! -s "$T/err"
check "the latest complete quarter's bundle" test -s "$O/stix/2024Q3.json"
check "the current quarter's bundle" test -s "$O/stix/2024Q4.json"
check "nothing else in the output (no temporary files)" test "$(ls "$O/stix" | wc -l)" -eq 2
check "the two quarters' reports" test -s "$O/report/2024Q3.html" -a -s "$O/report/2024Q4.html" -a -s "$O/report/2024Q3/incidents.csv"
nw export --quarter 2024Q3 >"$T/q3.json"
check "the bundle is what export --quarter writes" cmp -s "$T/q3.json" "$O/stix/2024Q3.json"
check "it holds the quarter's incidents" grep -q '"type":"incident"' "$O/stix/2024Q3.json"
check "the bundles are valid STIX 2.1 (--strict)" sh -c '"$0" validate --strict -q "$1" "$2" >/dev/null' "$NORMWATCH" "$O/stix/2024Q3.json" "$O/stix/2024Q4.json"

# a new year: Q4 of the last one and Q1 of this one
NORMWATCH_NOW=2025-01-10T03:00:00Z nw run >"$T/out" 2>"$T/err"; rc=$?
check "in January, exit 0, quiet" test "$rc" -eq 0 -a ! -s "$T/out" -a ! -s "$T/err"
check "the previous year's Q4 and this year's Q1" test -s "$O/stix/2025Q1.json" -a -s "$O/stix/2024Q4.json"

# the rules change: run maps the store again first, so the next ingest
# has nothing to say; without run, ingest warns (the test can fail)
echo "# changed" >>"$R/paris-call.rules"
nw ingest 2>"$T/err.control"
check "control: after a rules change, ingest alone warns" grep -q "rules changed" "$T/err.control"
echo "# changed again" >>"$R/paris-call.rules"
nw run >"$T/out" 2>"$T/err"; rc=$?
check "a run after a rules change exits 0, quiet" test "$rc" -eq 0 -a ! -s "$T/err"
nw ingest --force 2>"$T/err"
check "and has remapped: ingest does not warn" test ! -s "$T/err"

# a broken feed: exit 1, one line naming it, the bundles still written
sed 's/csis-list.txt/missing.txt/; s/sample-csis-text/broken/' "$F/csis-text.feed" >"$F/broken.feed"
rm -f "$O/stix/2024Q4.json"
nw run >"$T/out" 2>"$T/err"; rc=$?
check "a broken feed: exit 1" test "$rc" -eq 1
check "one line, naming the feed" sh -c 'test "$(wc -l <"$0")" -eq 1 && grep -q "^normwatch: error: broken: .*missing.txt" "$0"' "$T/err"
check "the bundles are still written" test -s "$O/stix/2024Q4.json"
rm "$F/broken.feed"

# an output that cannot be written: 74, one line
nw run --output "$F/csis-list.txt" >"$T/out" 2>"$T/err"; rc=$?
check "an unwritable output: exit 74" test "$rc" -eq 74
check "one line a step, naming its directory" sh -c 'test "$(wc -l <"$0")" -eq 2 && grep -q "csis-list.txt/stix: " "$0" && grep -q "csis-list.txt/report: " "$0"' "$T/err"

# a rules file with an error: 78, and the run stops there
printf 'framework broken\nname = x\n' >"$R/zz-broken.rules"
rm -rf "$T/out78"
nw run --output "$T/out78" >"$T/out" 2>"$T/err"; rc=$?
check "bad rules: exit 78" test "$rc" -eq 78
check "the run stops: nothing exported" test ! -e "$T/out78/stix/2024Q4.json"
check "the errors name the rules file" grep -q "zz-broken.rules:" "$T/err"
rm "$R/zz-broken.rules"

# another run holds the lock: 75 at once, one line, no exports
if command -v flock >/dev/null; then
	touch "$T/nw.db.lock"
	flock -o "$T/nw.db.lock" sleep 5 &
	holder=$!
	sleep 0.3
	rm -rf "$T/out75"
	nw run --output "$T/out75" >"$T/out" 2>"$T/err"; rc=$?
	kill "$holder" 2>/dev/null; wait "$holder" 2>/dev/null
	check "the lock is held: exit 75" test "$rc" -eq 75
	check "one line saying so" sh -c 'test "$(wc -l <"$0")" -eq 1 && grep -q "another normwatch run holds the lock" "$0"' "$T/err"
	check "and nothing exported" test ! -e "$T/out75/stix"
else
	skip "the lock is held: exit 75" "flock(1) is not installed"
	skip "one line saying so" "flock(1) is not installed"
	skip "and nothing exported" "flock(1) is not installed"
fi
check_exit 64 "run with an argument is a usage error" nw run extra 2>/dev/null
done_testing
