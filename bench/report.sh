#!/bin/sh
# bench/report.sh - the report benchmark of `make bench`: a generated
# store with 10,000 incidents in 2025Q2 (and 2,500 in each of the seven
# quarters before), `normwatch report --quarter 2025Q2`, best of 3, with
# and without the STIX bundle.  Target: at most 1 s for the page, CSV and
# JSON.  Two runs with the same --date must give byte-identical files.
# Results go to stdout and to bench/out-report/results.txt.
set -eu
B=${NW_BUILDDIR:-$(pwd)}
S=${NW_SRCDIR:-$(pwd)}
out=$B/bench/out-report
rm -rf "$out"
mkdir -p "$out"
export NORMWATCH_DATADIR="$S/feeds" XDG_CACHE_HOME="$out/cache" \
    XDG_DATA_HOME="$out/data" XDG_CONFIG_HOME="$out/config"
NW=$B/src/normwatch
M=$B/bench/measure
res=$out/results.txt
N=${NW_BENCH_REPORT_N:-10000}
TARGET=1.0

field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" "$2" | tail -n 1; }

"$B/bench/reportgen" -n "$N" -o "$out/report.db"
best() {	# best LABEL ARGS...: best of 3 wall times of normwatch report
	_label=$1; shift
	b=""; rss=""
	for i in 1 2 3; do
		rm -rf "$out/r$i"
		"$M" "$NW" --db "$out/report.db" report --quarter 2025Q2 \
		    -o "$out/r$i" --date 2026-01-01 "$@" 2>"$out/m.txt" || {
			cat "$out/m.txt" >&2; exit 1; }
		s=$(field seconds "$out/m.txt"); r=$(field maxrss_kb "$out/m.txt")
		if [ -z "$b" ] || awk -v a="$s" -v c="$b" 'BEGIN{exit !(a<c)}'; then
			b=$s; rss=$r
		fi
	done
	echo "report $_label: $N incidents in the quarter, best of 3: ${b}s, peak RSS ${rss} kB" | tee -a "$res"
}
best "(page, CSV, JSON)" --no-stix
t=$b
pages=$(wc -c <"$out/r1/2025Q2.html")
echo "report: page of $pages bytes" | tee -a "$res"
if diff -r "$out/r1" "$out/r2" >/dev/null; then
	echo "report: two runs gave byte-identical files" | tee -a "$res"
else
	echo "report: two runs differ" | tee -a "$res"; exit 1
fi
best "(page, CSV, JSON and the STIX bundle)"
if awk -v a="$t" -v c="$TARGET" 'BEGIN{exit !(a<=c)}'; then
	echo "report: target met (${t}s <= ${TARGET}s)" | tee -a "$res"
else
	echo "report: TARGET MISSED (${t}s > ${TARGET}s)" | tee -a "$res"
fi
