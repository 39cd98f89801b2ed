#!/bin/sh
# Mapping at ingest, reports' principles and findings, explain, remap after
# a change of rules, and a broken rules file stopping the run first.
. "${NW_SRCDIR:-.}/tests/lib.sh"
plan 19

JQ=$NW_BUILDDIR/tests/jsonq
R=$NW_SRCDIR/tests/data/map
DB=$T/map.db
cp "$NW_SRCDIR/tests/data/ingest/good.txt" "$T/list.txt"
ingest() { "$NORMWATCH" --db "$DB" ingest --kind csis --url "file://$T/list.txt" --name list "$@"; }

NORMWATCH_NOW=2025-01-01T00:00:00Z; export NORMWATCH_NOW
check_exit 0 "ingest with the test rules" ingest --rules "$R/rules"
"$NORMWATCH" --db "$DB" reports >"$T/r1.jsonl"
check "reports carry incident, principles, findings and observance" \
	"$JQ" -k incident,principles,findings,observance <"$T/r1.jsonl"
"$JQ" -g principles <"$T/r1.jsonl" >"$T/p1"
check "principles per report: [7], [], [1]" \
	sh -c 'test "$(tr "\n" " " <"$0")" = "[7] [] [1] "' "$T/p1"
"$JQ" -g findings <"$T/r1.jsonl" | head -n 1 >"$T/f1"
check "a finding names its framework, principle, rule and confidence" \
	grep -q '"framework":"paris-call","principle":"7","rule":"t7-phishing","confidence":70' "$T/f1"
check "its evidence is the matched span with its offsets" \
	grep -q '"kind":"match","source":"(?i)\\\\bspear-?phishing\\\\b","offset":[0-9]*,"length":14,"text":"spear-phishing"' "$T/f1"
"$JQ" -g observance <"$T/r1.jsonl" | head -n 1 >"$T/o1"
check "observance: Russia attributed, not a supporter" grep -q '{"role":"attributed","state":"RU","supporter":"no"}' "$T/o1"

"$NORMWATCH" --db "$DB" explain --rules "$R/rules" 3 >"$T/x3"; rc=$?
check "explain exits 0" test "$rc" -eq 0
check "explain shows the report text" grep -q "A ransomware attack disrupted hospitals" "$T/x3"
check "explain shows the rule that fired and its evidence" \
	sh -c 'grep -q "rule t1-hospital-ransomware, confidence 80" "$0" && grep -q "evidence: report \[1\] .*\"ransomware\"" "$0"' "$T/x3"
"$NORMWATCH" --db "$DB" explain --rules "$R/rules" list/$(sed -n 1p "$T/r1.jsonl" | "$JQ" -g native_id) >"$T/x1"
check "explain by key shows the attribution claim" grep -q "^  RU Russia" "$T/x1"
check "explain of a missing incident exits 1" sh -c '"$0" --db "$1" explain --rules "$2" 999; test $? -eq 1' "$NORMWATCH" "$DB" "$R/rules"

# a change of rules: ingest warns, remap maps everything again
ingest --rules "$R/rules2" 2>"$T/warn"
check "ingest says the rules changed" grep -q "rules changed since the store was last mapped" "$T/warn"
NORMWATCH_NOW=2025-02-01T00:00:00Z
check_exit 0 "remap with the new rules" "$NORMWATCH" --db "$DB" remap --rules "$R/rules2"
if command -v sqlite3 >/dev/null; then
	check "an incident whose findings changed has changed since" \
		sh -c 'test "$(sqlite3 "$0" "select changed from incident where id = 3")" = 2025-02-01T00:00:00Z' "$DB"
	check "an incident whose findings stayed has not" \
		sh -c 'test "$(sqlite3 "$0" "select changed from incident where id = 1")" = 2025-01-01T00:00:00Z' "$DB"
else
	skip "an incident whose findings changed has changed since" "no sqlite3"
	skip "an incident whose findings stayed has not" "no sqlite3"
fi
"$NORMWATCH" --db "$DB" reports | "$JQ" -g principles >"$T/p2"
check "after remap the removed rule's principle is gone" \
	sh -c 'test "$(tr "\n" " " <"$0")" = "[7] [] [] "' "$T/p2"
"$NORMWATCH" --db "$DB" reports >"$T/a.jsonl"
"$NORMWATCH" --db "$DB" remap --rules "$R/rules2"
"$NORMWATCH" --db "$DB" reports >"$T/b.jsonl"
check "remap is deterministic" cmp -s "$T/a.jsonl" "$T/b.jsonl"

# a broken rules file stops the run before anything is fetched
"$NORMWATCH" --db "$T/bad.db" ingest --kind csis --url "file://$T/list.txt" --rules "$R/bad" 2>"$T/err"; rc=$?
check "a broken rules file exits 78" test "$rc" -eq 78
check "with file:line:col and pcre2's message, and no store created" \
	sh -c 'grep -q "bad.rules:13:[0-9]*: .*missing closing parenthesis" "$0" && test ! -e "$1"' "$T/err" "$T/bad.db"
done_testing
