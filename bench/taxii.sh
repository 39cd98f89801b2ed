#!/bin/sh
# bench/taxii.sh - the TAXII server under load (part of `make bench`,
# after bench/run.sh):
#
#  10. serve a collection of 1,000 and one of 1,000,000 objects (made by
#      bench/taxii_gen, about 700 bytes each) with `normwatch serve` (two
#      worker threads, Basic auth), and drive each with wrk(1) on
#      loopback for 10 s over 32 connections: GET pages of 100 objects,
#      every request for another page, at every depth of the collection
#      (bench/taxii.lua cycles through the pages' next tokens).  Reports
#      requests/s, the 99th percentile of latency and the server's peak
#      RSS; targets: >= 10,000 requests/s, p99 <= 10 ms, and peak RSS
#      within 10 % between the two sizes.
#
# Results go to stdout and are appended to bench/out/results.txt.
set -eu
B=${NW_BUILDDIR:-$(pwd)}
S=${NW_SRCDIR:-$(pwd)}
out=$B/bench/out/taxii
res=$B/bench/out/results.txt
mkdir -p "$out"
NW=$B/src/normwatch
DUR=${TAXII_BENCH_SECONDS:-10}
SIZES=${TAXII_BENCH_SIZES:-1000 1000000}
export NORMWATCH_DATADIR="$S/feeds"

say() { echo "$*"; echo "$*" >>"$res"; }
if ! command -v wrk >/dev/null 2>&1; then
	say "10. TAXII server: skipped (wrk is not installed)"
	exit 0
fi
rm -f "$out/users"
echo 'bench pass' | "$NW" passwd --users "$out/users" bench
AUTH="Authorization: Basic $(printf 'bench:bench pass' | base64)"
ACC="Accept: application/taxii+json;version=2.1"

spid=
trap '[ -n "$spid" ] && kill "$spid" 2>/dev/null; true' EXIT
for n in $SIZES; do
	db=$out/taxii-$n.db
	if [ ! -f "$db" ]; then
		"$B/bench/taxii_gen" -n "$n" -o "$db.tmp"
		mv "$db.tmp" "$db"
	fi
	rm -f "$out/port"
	"$NW" --db "$db" serve --users "$out/users" --no-publish \
	    --listen 127.0.0.1:0 --port-file "$out/port" --threads 2 \
	    2>"$out/serve.log" &
	spid=$!
	i=0
	while [ ! -s "$out/port" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
	port=$(cat "$out/port")
	base=/normwatch/collections/incidents/objects/
	# the paths of up to 200 pages, following next
	echo "$base?limit=100" >"$out/paths"
	next=; i=0
	while [ $i -lt 199 ]; do
		if [ -n "$next" ]; then u="$base?limit=100&next=$next"; else u="$base?limit=100"; fi
		next=$(curl -s -H "$AUTH" -H "$ACC" "http://127.0.0.1:$port$u" |
		    sed -n 's/^{"more":true,"next":"\([0-9.]*\)".*/\1/p')
		[ -n "$next" ] || break
		echo "$base?limit=100&next=$next" >>"$out/paths"
		i=$((i + 1))
	done
	wrk -t2 -c32 -d2s -s "$S/bench/taxii.lua" -H "$AUTH" -H "$ACC" \
	    "http://127.0.0.1:$port" -- "$out/paths" >/dev/null
	wrk -t2 -c32 -d"${DUR}s" --latency -s "$S/bench/taxii.lua" -H "$AUTH" \
	    -H "$ACC" "http://127.0.0.1:$port" -- "$out/paths" >"$out/wrk-$n.txt"
	rss=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$spid/status")
	kill "$spid"; wait "$spid" 2>/dev/null || true; spid=
	rps=$(sed -n 's/^Requests\/sec: *\([0-9.]*\)/\1/p' "$out/wrk-$n.txt")
	p99=$(awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 }
	    else if (v ~ /ms$/) sub(/ms$/, "", v); else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 }
	    print v }' "$out/wrk-$n.txt")
	errs=$(sed -n 's/.*Non-2xx or 3xx responses: *\([0-9]*\)/\1/p' "$out/wrk-$n.txt")
	pages=$(wc -l <"$out/paths")
	say "10. TAXII server, $n objects ($pages pages of 100 cycled): ${rps} requests/s, p99 ${p99} ms, peak RSS ${rss} kB${errs:+, $errs non-2xx answers}"
	eval "rps_$n=\$rps p99_$n=\$p99 rss_$n=\$rss"
done
set -- $SIZES
small=$1; large=$2
eval "rs=\$rss_$small rl=\$rss_$large"
for n in $SIZES; do
	eval "r=\$rps_$n p=\$p99_$n"
	awk -v r="$r" -v p="$p" -v n="$n" 'BEGIN {
	    printf "    %s objects: %s (>= 10000 requests/s, p99 <= 10 ms)\n", n,
	    (r >= 10000 && p <= 10) ? "target met" : "TARGET MISSED" }' | tee -a "$res"
done
awk -v a="$rs" -v b="$rl" 'BEGIN { d = (b - a) / a * 100;
    printf "    peak RSS %+.1f %% from %s to %s objects: %s (within 10 %%)\n", d,
    "'"$small"'", "'"$large"'", (d <= 10 && d >= -10) ? "target met" : "TARGET MISSED" }' | tee -a "$res"
