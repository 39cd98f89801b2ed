#!/bin/sh
# normwatch status per feed: the reports held, the last run, the last
# success, the last failure and why (kept after a later success), and the
# validators the next conditional GET sends.
. "${NW_SRCDIR:-.}/tests/lib.sh"
plan 12

JQ=$NW_BUILDDIR/tests/jsonq
start_server "$NW_SRCDIR/tests/data/ingest"
DB=$T/st.db F=$T/feeds
mkdir -p "$F"
feed() {	# feed NAME PATH
	printf 'name = %s\nkind = csis\nurl = %s/%s\npublisher = Tests\nretries = 0\n' \
	    "$1" "$NWTESTD_URL" "$2" >"$F/$1.feed"
}

feed good good.txt
feed flaky status/404/gone.txt
"$NORMWATCH" --db "$DB" ingest --feeds "$F" 2>/dev/null
"$NORMWATCH" --db "$DB" status >"$T/st"
check "a row per feed: last run, outcome, HTTP, reports, new, last success" grep -q "^good  *[0-9T:Z-]* ok  *200  *3  *3 [0-9T:Z-]* *$" "$T/st"
check "under it, the last failure: none" sh -c 'sed -n "/^good /,/^[a-z]/p" "$0" | grep -q "^  last failure  -$"' "$T/st"
check "the validators of the next fetch" grep -q "^  next fetch    If-None-Match: .*\"" "$T/st"
sed -n '/^flaky /,/^good /p' "$T/st" >"$T/flaky"
check "a failed feed: never succeeded, the error in the row" grep -q "^flaky  *[0-9T:Z-]* failed  *404  *0  *0 -  *flaky: .*HTTP 404" "$T/flaky"
check "a failed feed: when and why" grep -q "^  last failure  [0-9T:Z-]*  flaky: .*/status/404/gone.txt: HTTP 404" "$T/flaky"
check "a failed feed: no validators" grep -q "^  next fetch    unconditional (no validators)$" "$T/flaky"

# the feed recovers: its last failure and why are still shown
feed flaky good.txt
"$NORMWATCH" --db "$DB" ingest --feeds "$F" 2>/dev/null
"$NORMWATCH" --db "$DB" status >"$T/st"
sed -n '/^flaky /,/^good /p' "$T/st" >"$T/flaky"
check "after a success: ok, no error in the row" grep -q "^flaky  *[0-9T:Z-]* ok  *200  *3  *3 [0-9T:Z-]* *$" "$T/flaky"
check "after a success: the earlier failure and why" grep -q "^  last failure  [0-9T:Z-]*  flaky: .*HTTP 404" "$T/flaky"
check "the unchanged feed: not-modified (304)" grep -q "^good  *[0-9T:Z-]* not-modified  *304 " "$T/st"

# jsonl: the same facts
"$NORMWATCH" --db "$DB" status --format jsonl | grep '"feed":"flaky"' >"$T/st.jsonl"
check "jsonl: last_failure_error" sh -c '"$0" -g last_failure_error <"$1" | grep -q "HTTP 404"' "$JQ" "$T/st.jsonl"
check "jsonl: error of the last run is null" test "$("$JQ" -g error <"$T/st.jsonl")" = null
check "jsonl: etag" sh -c 'test "$("$0" -g etag <"$1")" != null' "$JQ" "$T/st.jsonl"
done_testing
