#!/bin/sh
# bench/run.sh - the benchmarks of `make bench`, on data generated here.
#
#  1. ingest a generated 10,000-entry CSIS-style text list into a new store,
#     with the shipped norms rules and with two test rules: entries/s and
#     peak RSS, best of 3;
#  2. re-run 20 unchanged feeds served by the local test server: every
#     fetch answers 304; wall time, best of 5;
#  3. map 100,000 generated incidents with the shipped norms rules (both
#     frameworks) on one core: incidents/s, best of 3 rounds;
#  4. validate 200,000 generated STIX objects: objects/s;
#  5. ingest a generated 20,000-row CSV dataset (CFR-tracker style, the
#     mapping of feeds/samples/cyber-operations.feed) into a new store:
#     rows/s and peak RSS, best of 3; and parse 100,000 rows in memory;
#  6. RSS: parse a generated 20,000-item vendor-blog feed in memory (with
#     and without include/exclude patterns), then ingest it (parse,
#     extract, map, store) into a new store: items/s, best of 3;
#  7. export a generated store of 265,000 incidents (about 1,000,000 STIX
#     objects) with `normwatch export -o`: objects/s and peak RSS, best of
#     3, and validate that bundle with --strict: objects/s;
#  8. ingest a generated vendor-style bundle of 100,000 objects as a stix
#     feed into a new store: objects/s, best of 3;
#  9. merge 100,000 generated reports of six sources into incidents, in
#     memory (best of 3, with pairwise precision and recall against the
#     generator's incidents) and through a store (what `normwatch merge`
#     does, without mapping); target: 10 s.
#
# Results go to stdout and to bench/out/results.txt.
set -eu
B=${NW_BUILDDIR:-$(pwd)}
S=${NW_SRCDIR:-$(pwd)}
out=$B/bench/out
rm -rf "$out"
mkdir -p "$out"
export NORMWATCH_DATADIR="$S/feeds" XDG_CACHE_HOME="$out/cache" \
    XDG_DATA_HOME="$out/data" XDG_CONFIG_HOME="$out/config"
NW=$B/src/normwatch
M=$B/bench/measure
res=$out/results.txt
: > "$res"

field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" "$2" | tail -n 1; }

# --- 1. ingest 10,000 entries ------------------------------------------------
# Twice: with the shipped norms rules (both frameworks: parse, extract, map,
# store), and with the two rules of tests/data/map/rules, where mapping
# costs next to nothing (parse, extract, store).
N=10000
"$B/bench/gencsis" $N 1 > "$out/list.txt"
ingest_bench() {	# ingest_bench LABEL [--rules DIR]
	_label=$1; shift
	best=""; rss=""
	for i in 1 2 3; do
		rm -f "$out/ingest.db"*
		"$M" "$NW" --db "$out/ingest.db" ingest --kind csis "$@" \
		    --url "file://$out/list.txt" --name bench 2> "$out/m.txt" || {
			cat "$out/m.txt" >&2; exit 1; }
		s=$(field seconds "$out/m.txt"); r=$(field maxrss_kb "$out/m.txt")
		if [ -z "$best" ] || awk -v a="$s" -v b="$best" 'BEGIN{exit !(a<b)}'; then
			best=$s; rss=$r
		fi
	done
	stored=$(sqlite3 "$out/ingest.db" "select count(*) from report" 2>/dev/null || echo "?")
	awk -v n=$N -v s="$best" -v r="$rss" -v st="$stored" -v l="$_label" 'BEGIN {
		printf "ingest %d-entry list, %s: %.3f s, %.0f entries/s, peak RSS %.1f MB (%s reports stored)\n",
		    n, l, s, n / s, r / 1024, st }' | tee -a "$res"
}
ingest_bench "shipped rules (parse, extract, map, store)"
ingest_bench "two test rules (parse, extract, store)" --rules "$S/tests/data/map/rules"

# --- 2. twenty unchanged feeds, all 304 ------------------------------------------
mkdir -p "$out/www" "$out/feeds"
"$B/tests/server/nwtestd" --root "$out/www" --port-file "$out/port" \
    > "$out/nwtestd.log" 2>&1 &
srv=$!
trap 'kill $srv 2>/dev/null' EXIT
i=0
while [ ! -s "$out/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
port=$(cat "$out/port")
for i in $(seq -w 1 20); do
	"$B/bench/gencsis" 5 "$i" > "$out/www/list$i.txt"
	cat > "$out/feeds/f$i.feed" <<FEED
name = bench-$i
kind = csis
url = http://127.0.0.1:$port/list$i.txt
publisher = bench
FEED
done
"$NW" --db "$out/304.db" ingest --feeds "$out/feeds"
best=""
for i in 1 2 3 4 5; do
	"$M" "$NW" --db "$out/304.db" ingest --feeds "$out/feeds" 2> "$out/m.txt" || {
		cat "$out/m.txt" >&2; exit 1; }
	s=$(field seconds "$out/m.txt")
	if [ -z "$best" ] || awk -v a="$s" -v b="$best" 'BEGIN{exit !(a<b)}'; then
		best=$s
	fi
done
nm=$(sqlite3 "$out/304.db" "select count(*) from fetch where outcome = 'not-modified'" 2>/dev/null || echo "?")
awk -v s="$best" -v nm="$nm" 'BEGIN {
	printf "re-run of 20 unchanged feeds (304): %.3f s (%s not-modified fetches logged)\n", s, nm }' | tee -a "$res"

# --- 3. norms mapping: both frameworks, generated incidents ----------------------
rules=$(ls "$S"/feeds/norms/*.rules 2>/dev/null)
if [ -n "$rules" ]; then
	# shellcheck disable=SC2086
	"$B/bench/bench_norms" -n 100000 -r 3 $rules | tee -a "$res"
else
	echo "norms mapping: no rules in $S/feeds/norms" | tee -a "$res"
fi

# --- 4. STIX 2.1 validation: generated objects in memory --------------------------
"$B/bench/bench_stixval" -n 200000 | tee -a "$res"

# --- 5. CSV datasets: ingest 20,000 rows, parse 100,000 in memory ---------------
N=20000
mkdir -p "$out/csvfeed"
"$B/bench/bench_csv" -g $N > "$out/csvfeed/ops.csv"
sed -e 's/^name .*/name = bench-csv/' -e 's|^url .*|url = file:ops.csv|' \
    "$S/feeds/samples/cyber-operations.feed" > "$out/csvfeed/ops.feed"
# the shipped rules when there are any, else the test rules
rulesdir=$S/feeds/norms
[ -n "$(ls "$rulesdir"/*.rules 2>/dev/null)" ] || rulesdir=$S/tests/data/map/rules
best=""; rss=""
for i in 1 2 3; do
	rm -f "$out/csv.db"*
	"$M" "$NW" --db "$out/csv.db" ingest --feeds "$out/csvfeed" \
	    --rules "$rulesdir" 2> "$out/m.txt" || { cat "$out/m.txt" >&2; exit 1; }
	s=$(field seconds "$out/m.txt"); r=$(field maxrss_kb "$out/m.txt")
	if [ -z "$best" ] || awk -v a="$s" -v b="$best" 'BEGIN{exit !(a<b)}'; then
		best=$s; rss=$r
	fi
done
stored=$(sqlite3 "$out/csv.db" "select count(*) from report" 2>/dev/null || echo "?")
awk -v n=$N -v s="$best" -v r="$rss" -v st="$stored" 'BEGIN {
	printf "ingest %d-row CSV dataset: %.3f s, %.0f rows/s, peak RSS %.1f MB (%s reports stored)\n",
	    n, s, n / s, r / 1024, st }' | tee -a "$res"
NW_SRCDIR=$S "$B/bench/bench_csv" -n 100000 -r 3 | tee -a "$res"

# --- 6. RSS: parse 20,000 items in memory, then ingest them ---------------------
N=20000
"$B/bench/bench_rss" -n $N -r 3 | tee -a "$res"
"$B/bench/bench_rss" -n $N -r 3 -f | tee -a "$res"
"$B/bench/bench_rss" -n $N -o "$out/feed.xml"
rules=$S/feeds/norms
[ -d "$rules" ] || rules=$S/tests/data/map/rules
best=""; rss=""
for i in 1 2 3; do
	rm -f "$out/rss.db"*
	"$M" "$NW" --db "$out/rss.db" ingest --rules "$rules" --kind rss \
	    --url "file://$out/feed.xml" --name bench-rss 2> "$out/m.txt" || {
		cat "$out/m.txt" >&2; exit 1; }
	s=$(field seconds "$out/m.txt"); r=$(field maxrss_kb "$out/m.txt")
	if [ -z "$best" ] || awk -v a="$s" -v b="$best" 'BEGIN{exit !(a<b)}'; then
		best=$s; rss=$r
	fi
done
stored=$(sqlite3 "$out/rss.db" "select count(*) from report" 2>/dev/null || echo "?")
awk -v n=$N -v s="$best" -v r="$rss" -v st="$stored" 'BEGIN {
	printf "ingest %d-item RSS feed: %.3f s, %.0f items/s (goal 20000), peak RSS %.1f MB (%s reports stored)\n",
	    n, s, n / s, r / 1024, st }' | tee -a "$res"

# --- 7. STIX export of about a million objects -----------------------------------
N=265000
"$B/bench/genstore" -n $N -o "$out/export.db"
best=""; rss=""
for i in 1 2 3; do
	rm -f "$out/export.json"
	"$M" "$NW" --db "$out/export.db" export -o "$out/export.json" 2> "$out/m.txt" || {
		cat "$out/m.txt" >&2; exit 1; }
	s=$(field seconds "$out/m.txt"); r=$(field maxrss_kb "$out/m.txt")
	if [ -z "$best" ] || awk -v a="$s" -v b="$best" 'BEGIN{exit !(a<b)}'; then
		best=$s; rss=$r
	fi
done
objs=$(grep -c '^{"' "$out/export.json")
awk -v n="$objs" -v s="$best" -v r="$rss" 'BEGIN {
	printf "export %d objects: %.3f s, %.0f objects/s (target 200000), peak RSS %.1f MB (target 200)\n",
	    n, s, n / s, r / 1024 }' | tee -a "$res"
"$M" "$NW" validate --strict -q "$out/export.json" > "$out/v.txt" 2> "$out/m.txt" || {
	cat "$out/v.txt" "$out/m.txt" >&2; exit 1; }
s=$(field seconds "$out/m.txt")
awk -v n="$objs" -v s="$s" -v v="$(cat "$out/v.txt")" 'BEGIN {
	printf "validate --strict of that export: %.3f s, %.0f objects/s (target 100000): %s\n",
	    s, n / s, v }' | tee -a "$res"
rm -f "$out/export.json" "$out/export.db"*

# --- 8. STIX ingest of a vendor-style bundle -------------------------------------
N=100000
"$B/bench/genbundle" -n $N > "$out/bundle.json"
mkdir -p "$out/stixfeeds"
cat > "$out/stixfeeds/vendor.feed" <<FEED
name = vendor
kind = stix
url = file://$out/bundle.json
publisher = bench
max-size = 1G
FEED
objs=$(grep -c '^{"' "$out/bundle.json")
best=""
for i in 1 2 3; do
	rm -f "$out/stix.db"*
	"$M" "$NW" --db "$out/stix.db" ingest --feeds "$out/stixfeeds" \
	    --rules "$S/tests/data/map/rules" 2> "$out/m.txt" || {
		cat "$out/m.txt" >&2; exit 1; }
	s=$(field seconds "$out/m.txt")
	if [ -z "$best" ] || awk -v a="$s" -v b="$best" 'BEGIN{exit !(a<b)}'; then
		best=$s
	fi
done
kept=$(sqlite3 "$out/stix.db" "select count(*) from stix_object" 2>/dev/null || echo "?")
awk -v n="$objs" -v s="$best" -v k="$kept" 'BEGIN {
	printf "ingest a %d-object STIX bundle: %.3f s, %.0f objects/s (target 100000; %s objects kept)\n",
	    n, s, n / s, k }' | tee -a "$res"

# --- 9. merging: 100,000 generated reports ----------------------------------------
"$B/bench/bench_merge" -n 100000 -r 3 -o "$out/merge.db" | tee -a "$res"
rm -f "$out/merge.db"*
