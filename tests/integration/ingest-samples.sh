#!/bin/sh
# The main job on the bundled samples: the same list as PDF, HTML and text
# gives the same entries; JSON Lines carry every field; a second run
# changes nothing; under cron (no terminal) nothing goes to stdout.
. "${NW_SRCDIR:-.}/tests/lib.sh"
plan 14

JQ=$NW_BUILDDIR/tests/jsonq
DB=$T/samples.db
S=$NW_SRCDIR/feeds/samples

"$NORMWATCH" --db "$DB" ingest --feeds "$S" >"$T/out" 2>"$T/err"; rc=$?
check "ingest of the samples exits 0" test "$rc" -eq 0
check "nothing on stdout or stderr when not on a terminal" test ! -s "$T/out" -a ! -s "$T/err"
[ -s "$T/err" ] && diag "$(cat "$T/err")"

"$NORMWATCH" --db "$DB" reports --format jsonl >"$T/all.jsonl"
check "every report has the documented fields" \
	"$JQ" -k id,source,url,native_id,date,date_precision,title,text,attribution,actors,sponsorship,victim_states,sectors <"$T/all.jsonl"

for f in pdf html text; do
	"$NORMWATCH" --db "$DB" reports --source "sample-csis-$f" >"$T/$f.jsonl"
done
n=$(wc -l <"$T/text.jsonl")
expected=$(grep -vc '^#' "$S/expected-entries.tsv")
check "the text sample gives the entries of expected-entries.tsv ($expected)" test "$n" -eq "$expected"
for f in pdf html; do
	check "the $f sample gives $expected entries too" test "$(wc -l <"$T/$f.jsonl")" -eq "$expected"
	"$JQ" -g native_id <"$T/$f.jsonl" >"$T/$f.ids"
	"$JQ" -g native_id <"$T/text.jsonl" >"$T/text.ids"
	check "the $f sample gives the same native ids as the text" cmp -s "$T/$f.ids" "$T/text.ids"
	"$JQ" -g date <"$T/$f.jsonl" >"$T/$f.dates"
	"$JQ" -g date <"$T/text.jsonl" >"$T/text.dates"
	check "the $f sample gives the same dates as the text" cmp -s "$T/$f.dates" "$T/text.dates"
done
check "dates are YYYY-MM or YYYY-MM-DD" sh -c '! grep -Ev "^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$" "$0"' "$T/text.dates"

"$NORMWATCH" --db "$DB" ingest --feeds "$S" >"$T/out" 2>&1; rc=$?
check "a second run exits 0" test "$rc" -eq 0
"$NORMWATCH" --db "$DB" reports >"$T/all2.jsonl"
check "a second run stores nothing new" cmp -s "$T/all.jsonl" "$T/all2.jsonl"
"$NORMWATCH" --db "$DB" status --format jsonl | "$JQ" -g outcome | sort -u >"$T/outcomes"
check "status says every sample feed was unchanged" sh -c 'test "$(cat "$0")" = unchanged' "$T/outcomes"
done_testing
