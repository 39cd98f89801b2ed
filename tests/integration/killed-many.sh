#!/bin/sh
# Crash consistency (issue 8).  normwatch ingest is killed with SIGKILL at
# random points, NW_KILLS times (at least 50).  After each kill the store
# passes integrity_check and every feed is wholly in or wholly out; every
# fifth kill, a plain run (what cron does next) must converge to the store
# of an uninterrupted run: the same reports, claims, incidents and
# findings, and a byte-identical export but for the run's own timestamps.
# Then a full disk (RLIMIT_FSIZE): a clear error, nothing lost, and an
# export that fails leaves the old file as it was.
#
# Every other run starts on an empty store; the others go on from what the
# last kill left.  Every fifth, a plain run must converge.
# A run that ends before its kill point does not count as a kill; runs go
# on until NW_KILLS runs were killed (at most three times as many runs).
# NW_KILL_SEED picks the kill points (default: from the clock, printed, so
# a failure can be replayed).  The plan comes at the end.
. "${NW_SRCDIR:-.}/tests/lib.sh"
command -v sqlite3 >/dev/null || skip_all "sqlite3(1) is not installed"
. "$NW_SRCDIR/tests/hostile/store.sh"

KILLS=${NW_KILLS:-50}
[ "$KILLS" -ge 50 ] || KILLS=50
SEED=${NW_KILL_SEED:-$(date +%s)}
diag "NW_KILL_SEED=$SEED"

# The feeds: every sample, and a generated list big enough to be killed
# in the middle of.
F=$T/feeds
mkdir -p "$F"
cp -R "$NW_SRCDIR/feeds/samples/." "$F/"
cp "$NW_SRCDIR/feeds/merges.tsv" "$F/" 2>/dev/null
awk 'BEGIN { for (i = 0; i < 2000; i++)
	printf "March 2020. Hackers number %d linked to the Russian government disrupted a power grid in Chile.\n\n", i }' >"$F/big.txt"
printf 'name = big\nkind = csis\nurl = file:big.txt\npublisher = generated\nretries = 0\n' >"$F/big.feed"

run() {	# run DB [ARGS]: a plain ingest of every feed
	_db=$1; shift
	"$NORMWATCH" --db "$_db" -q ingest --feeds "$F" "$@" >/dev/null 2>"$T/err"
}

# What must be the same after any history of kills: nothing that holds a
# rowid or the time of a run.
project() {
	sqlite3 "$1" "
	select 'report', s.name, r.native_id, r.content_hash, r.date,
	    r.date_precision, r.title, r.sponsorship
	    from report r join source s on s.id = r.source_id;
	select 'claim', s.name, r.native_id, c.ord, c.state, c.hedge, c.party,
	    c.ev_off, c.ev_len from claim c join report r on r.id = c.report_id
	    join source s on s.id = r.source_id;
	select 'incident', i.key, i.rules_version, i.findings_hash,
	    (select group_concat(x, ' ') from (select s.name || '/' ||
	    r.native_id as x from incident_report ir join report r on
	    r.id = ir.report_id join source s on s.id = r.source_id where
	    ir.incident_id = i.id order by x))
	    from incident i;
	select 'finding', i.key, f.ord, f.framework, f.principle, f.rule,
	    f.confidence from finding f join incident i on i.id = f.incident_id;
	select 'object', id, modified from stix_object;
	" 2>&1 | sort
}

# The export with the timestamps of the runs (today's) blanked.
export_of() {
	"$NORMWATCH" --db "$1" export -o "$2" 2>>"$T/err" &&
	    sed -E -e "s/\"($DAY1|$DAY2)T[0-9:.]+Z\"/\"RUNTIME\"/g" \
	    -e 's/"bundle--[0-9a-f-]*"/"BUNDLE"/' "$2" >"$2.n" &&
	    mv "$2.n" "$2"
}

# count DB FEED: the feed's reports
count() {
	sqlite3 "$1" "select count(*) from report r join source s on
	    s.id = r.source_id where s.name = '$2'" 2>/dev/null || echo 0
}

DAY1=$(date -u +%Y-%m-%d)

# --- the store of an uninterrupted run ----------------------------------------
start=$(date +%s%N)
XDG_CACHE_HOME=$T/refcache run "$T/ref.db"
rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
check "an uninterrupted run stores every feed (exit $rc, $ms ms)" test "$rc" -eq 0
diag "$(sqlite3 "$T/ref.db" "select name || ': ' || (select count(*) from report where source_id = source.id) from source order by name")"
project "$T/ref.db" >"$T/ref.proj"
FEEDS=$(sqlite3 "$T/ref.db" "select name from source order by name")
for f in $FEEDS; do
	eval "want_$(echo "$f" | tr -c 'a-z0-9\n' _)=$(count "$T/ref.db" "$f")"
done
check "it has reports of every feed ($(echo $FEEDS))" sh -c \
    'test "$(echo "$1" | wc -w)" -eq 9 && test "$(grep -c "^report|" "$0")" -gt 2000' \
    "$T/ref.proj" "$FEEDS"

# --- killed again and again -----------------------------------------------------
DB=$T/kill.db
# kill points spread over the length of a whole run
span=$((ms + 20))
i=0
kills=0
fresh=1
while [ $kills -lt "$KILLS" ] && [ $i -lt $((KILLS * 3)) ]; do
	i=$((i + 1))
	# every other run starts on an empty store (the cache stays); the
	# others go on from the store the last kill left, whose run has
	# less to do
	if [ "$fresh" -eq 1 ] || [ $((i % 2)) -eq 1 ]; then
		rm -f "$DB" "$DB-wal" "$DB-shm" "$DB.lock"
		fresh=0
		scale=1000
	else
		scale=500
	fi
	delay=$(awk -v s="$SEED" -v i="$i" -v span="$span" -v k="$scale" \
	    'BEGIN { srand((s % 100000) * 1000 + i); printf "%.3f", rand() * span * k / 1e6 }')
	"$NORMWATCH" --db "$DB" -q ingest --feeds "$F" >/dev/null 2>"$T/err" &
	pid=$!
	sleep "$delay"
	if kill -9 "$pid" 2>/dev/null; then
		kills=$((kills + 1))
		what="killed after ${delay}s"
	else
		what="ended before ${delay}s"
	fi
	wait "$pid" 2>/dev/null
	bad=""
	if [ -f "$DB" ]; then
		verdict=$(integrity "$DB")
		[ "$verdict" != ok ] && bad="integrity_check: $verdict"
		sqlite3 "$DB" "select s.name, count(*) from report r join
		    source s on s.id = r.source_id group by s.name" \
		    >"$T/counts" 2>/dev/null
		while IFS='|' read -r f n; do
			eval "w=\${want_$(echo "$f" | tr -c 'a-z0-9\n' _):-none}"
			[ "$n" = "$w" ] || bad="$bad $f has $n of $w reports"
		done <"$T/counts"
	fi
	if [ -z "$bad" ]; then
		ok "run $i, $what: consistent, every feed wholly in or out"
	else
		not_ok "run $i, $what:$bad"
	fi
	# every fifth run: what cron does next must converge
	if [ $((i % 5)) -eq 0 ]; then
		run "$DB"
		rc=$?
		check "after run $i, the next run completes (exit $rc)" test "$rc" -eq 0
		project "$DB" >"$T/kill.proj"
		if cmp -s "$T/ref.proj" "$T/kill.proj"; then
			ok "after run $i, the store is the uninterrupted run's"
		else
			diag "$(diff "$T/ref.proj" "$T/kill.proj" | head -n 10)"
			not_ok "after run $i, the store is the uninterrupted run's"
		fi
		fresh=1
	fi
done
if [ $((i % 5)) -ne 0 ]; then
	run "$DB"
	check "after the last run, the next run completes (exit $?)" test $? -eq 0
	project "$DB" >"$T/kill.proj"
	check "after run $i, the store is the uninterrupted run's" \
	    cmp -s "$T/ref.proj" "$T/kill.proj"
fi
check "$kills of $i runs were killed before they ended (at least $KILLS)" \
    test "$kills" -ge "$KILLS"

DAY2=$(date -u +%Y-%m-%d)
export_of "$T/ref.db" "$T/ref.json"
export_of "$DB" "$T/kill.json"
check "the export after the kills is the uninterrupted run's, byte for byte (run times aside)" \
    cmp -s "$T/ref.json" "$T/kill.json"

# --- a full disk ------------------------------------------------------------------
cp "$T/ref.db" "$T/full.db"
awk 'BEGIN { for (i = 0; i < 8000; i++)
	printf "April 2021. Other hackers number %d linked to China targeted a ministry in Peru.\n\n", i }' >"$F/big.txt"
size=$(($(wc -c <"$T/full.db") / 1024 + 200))
(ulimit -f "$size"; exec "$NORMWATCH" --db "$T/full.db" ingest --feeds "$F" --feed big) \
    >/dev/null 2>"$T/err"
rc=$?
diag "$(cat "$T/err")"
check "a full disk (RLIMIT_FSIZE): the feed fails, the command is not killed (exit $rc)" \
    test "$rc" -eq 1 -o "$rc" -eq 2
check "... with one error line naming the feed and the store" sh -c \
    'test "$(grep -c "^normwatch: error: big: .*full.db" "$0")" -eq 1' "$T/err"
project "$T/full.db" >"$T/full.proj"
check "... and nothing lost: the store is as it was, and sound" sh -c \
    'cmp -s "$0" "$1" && test "$2" = ok' "$T/ref.proj" "$T/full.proj" "$(integrity "$T/full.db")"
run "$T/full.db" --feed big
rc=$?
check "with room again, the next run lands the feed (exit $rc)" sh -c \
    'test "$0" -eq 0 && test "$1" -eq $(($2 + 8000))' "$rc" \
    "$(count "$T/full.db" big)" "$want_big"

echo "the old export" >"$T/out.json"
(ulimit -f 64; exec "$NORMWATCH" --db "$T/full.db" export -o "$T/out.json") \
    >/dev/null 2>"$T/err"
rc=$?
check "an export that fills the disk fails clearly (exit $rc), naming the file" sh -c \
    'test "$0" -ne 0 && test "$0" -lt 128 && grep -q "out.json" "$1"' "$rc" "$T/err"
check "... the old file is left as it was, and no temporary file" sh -c \
    'test "$(cat "$0")" = "the old export" && test -z "$(ls "$0".* 2>/dev/null)"' \
    "$T/out.json"
plan "$_tap_n"
done_testing
