#!/bin/sh
# normwatch eval: scores and misses on a small coded file, and a malformed
# one named by line and JSON path.
. "${NW_SRCDIR:-.}/tests/lib.sh"
plan 6

D=$NW_SRCDIR/tests/data/eval
R=$NW_SRCDIR/tests/data/map/rules
"$NORMWATCH" eval --rules "$R" --misses "$D/small.jsonl" >"$T/out"; rc=$?
check "eval exits 0" test "$rc" -eq 0
check "three entries scored" grep -q "^# scores over 3 coded entries" "$T/out"
# the test rules find 7 for t-1 and 1 for t-2; t-3 (no ransomware) is missed
check "principles: micro precision 1, recall 2/3" \
	grep -q "^principles (micro)  *P 1.000  R 0.667  F1 0.800  (tp 2, fp 0, fn 1)" "$T/out"
check "the miss is named with its entry id" grep -q "^t-3: principle 1: coded, not found" "$T/out"
"$NORMWATCH" eval --rules "$R" "$D/bad.jsonl" >"$T/out" 2>"$T/err"; rc=$?
check "a malformed gold file exits 65" test "$rc" -eq 65
check "its error names the line and the JSON path" grep -q "bad.jsonl:2: .*attribution\[0\]" "$T/err"
done_testing
