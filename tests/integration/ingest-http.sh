#!/bin/sh
# Ingest over HTTP from the local test server: conditional GET, a newer
# edition, failures that leave the store as it was, and exit codes.
. "${NW_SRCDIR:-.}/tests/lib.sh"
plan 21

JQ=$NW_BUILDDIR/tests/jsonq
start_server "$NW_SRCDIR/tests/data/ingest"
DB=$T/http.db
F=$T/feeds
mkdir -p "$F"

feed() {	# feed NAME PATH [extra lines...]
	_n=$1; _p=$2; shift 2
	{
		echo "name = $_n"; echo "kind = csis"
		echo "url = $NWTESTD_URL/$_p"; echo "publisher = Tests"
		echo "retries = 1"; echo "retry-base = 10"
		for _l in "$@"; do echo "$_l"; done
	} >"$F/$_n.feed"
}
count() { "$NORMWATCH" --db "$DB" reports | wc -l; }
status_of() {
	"$NORMWATCH" --db "$DB" status --format jsonl >"$T/st.jsonl"
	grep "\"feed\":\"$1\"" "$T/st.jsonl" | "$JQ" -g "$2"
}

feed good good.txt
check_exit 0 "a good feed over HTTP" "$NORMWATCH" --db "$DB" ingest --feeds "$F"
check "it stored its three entries" test "$(count)" -eq 3
check "status: ok, HTTP 200" sh -c 'test "$0" = ok -a "$1" = 200' "$(status_of good outcome)" "$(status_of good http_code)"
check_exit 0 "the second run" "$NORMWATCH" --db "$DB" ingest --feeds "$F"
check "status: not-modified (304)" test "$(status_of good outcome)" = not-modified
check "validators were kept" test "$(status_of good etag)" != null

# a newer edition with an entry added on top: one new report, old ids kept
"$NORMWATCH" --db "$DB" reports | "$JQ" -g native_id >"$T/ids1"
feed good good-v2.txt
check_exit 0 "a newer edition" "$NORMWATCH" --db "$DB" ingest --feeds "$F"
check "one new report" test "$(count)" -eq 4
"$NORMWATCH" --db "$DB" reports | "$JQ" -g native_id | head -n 3 >"$T/ids2"
check "the old reports kept their ids" cmp -s "$T/ids1" "$T/ids2"

# bad input: each one error line naming the feed and the place; the store unchanged
before=$(count)
bad() {	# bad NAME PATH PATTERN DESCRIPTION [FEED-LINE]
	feed "$1" "$2" ${5:+"$5"}
	"$NORMWATCH" --db "$DB" ingest --feeds "$F" --feed "$1" >"$T/out" 2>"$T/err"; _rc=$?
	if [ "$_rc" -eq 2 ] && [ "$(wc -l <"$T/err")" -eq 1 ] && grep -q "$1: .*$3" "$T/err"; then
		ok "$4"
	else
		diag "exit $_rc: $(cat "$T/err")"; not_ok "$4"
	fi
	rm -f "$F/$1.feed"
}
bad bad-utf8 bad-utf8.txt "bad-utf8.txt:5:.*UTF-8" "invalid UTF-8: one error with file and line"
bad nul nul.txt "nul.txt:5:.*" "a NUL byte: one error with file and line"
bad bad-date bad-date.txt "bad-date.txt:5:.*date" "an impossible date: one error with file and line"
bad truncated-pdf truncated.pdf "truncated.pdf" "a truncated PDF: one error"
bad no-entries no-entries.html "no-entries.html.*no dated entries" "HTML without entries: one error"
bad server-500 status/500/good.txt "HTTP 500" "HTTP 500 forever: one error after retries"
bad cut-short truncated/good.txt "truncated/good.txt" "a body cut short: one error"
bad redirect-loop redirect-loop/3 "redirect" "a redirect loop: one error"
bad too-big big/100000 "larger than" "a body over max-size: one error" "max-size = 10k"
check "nothing stored before was lost" test "$(count)" -eq "$before"

# partial failure: one good feed, one failing: exit 1, the good one lands
feed good good.txt
feed broken status/500/good.txt
rm -f "$DB"*
check_exit 1 "one feed failing of two exits 1" "$NORMWATCH" --db "$DB" ingest --feeds "$F"
check "the good feed landed" test "$(count)" -eq 3
done_testing
