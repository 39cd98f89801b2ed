#!/bin/sh
# The run lock: a second concurrent run exits at once with EX_TEMPFAIL.
. "${NW_SRCDIR:-.}/tests/lib.sh"
command -v flock >/dev/null || skip_all "flock(1) is not installed"
plan 4

DB=$T/lock.db
F=$NW_SRCDIR/feeds/samples
mkdir -p "$T"
touch "$DB.lock"
# hold the lock as another run would
flock -o "$DB.lock" sleep 5 &
holder=$!
sleep 0.3
start=$(date +%s)
"$NORMWATCH" --db "$DB" ingest --feeds "$F" --feed sample-csis-text >"$T/out" 2>"$T/err"; rc=$?
end=$(date +%s)
check "a second run exits 75 (EX_TEMPFAIL)" test "$rc" -eq 75
check "at once, without waiting for the lock" test $((end - start)) -lt 3
check "with a clear message" grep -q "another normwatch run holds the lock" "$T/err"
kill "$holder" 2>/dev/null; wait "$holder" 2>/dev/null
check_exit 0 "once the lock is free, the run goes" "$NORMWATCH" --db "$DB" ingest --feeds "$F" --feed sample-csis-text
done_testing
