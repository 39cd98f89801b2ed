#!/bin/sh
# A killed run leaves the store consistent: every feed wholly in or out.
. "${NW_SRCDIR:-.}/tests/lib.sh"
command -v sqlite3 >/dev/null || skip_all "sqlite3(1) is not installed"
. "$NW_SRCDIR/tests/hostile/store.sh"	# integrity: SQLite 3.40's false "NULL value"
plan 3

DB=$T/kill.db
awk 'BEGIN { for (i = 0; i < 40000; i++)
		printf "March 2020. Hackers number %d targeted a ministry in Chile.\n\n", i }' >"$T/big.txt"
n=$(grep -c '^[A-Z][a-z]* 20[0-9][0-9]' "$T/big.txt")
"$NORMWATCH" --db "$DB" ingest --kind csis --url "file://$T/big.txt" --name big &
pid=$!
sleep 0.4
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
check "the store passes integrity_check" integrity_ok "$DB"
got=$(sqlite3 "$DB" "select count(*) from report" 2>/dev/null || echo 0)
check "the feed is wholly in or wholly out ($got of about $n)" sh -c 'test "$0" -eq 0 || test "$0" -ge 39000' "$got"
check_exit 0 "the next run completes" "$NORMWATCH" --db "$DB" ingest --kind csis --url "file://$T/big.txt" --name big
done_testing
