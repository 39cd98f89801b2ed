#!/bin/sh
# normwatch serve under pressure (issue 8), on 127.0.0.1:
#  (a) allocation failures on the request path: for N = 1, 2, ... the
#      server fails only the Nth allocation of its request path
#      (NORMWATCH_TEST_FAIL_ALLOC_AT) while a client runs one fixed
#      sequence of requests (discovery, collections, a filtered page, a
#      manifest, a POST, versions); the failed request is answered 500
#      with an error resource, every other one as usual, the server
#      lives on and answers the next request.  The sweep ends at the
#      first N the sequence no longer reaches, so every allocation of
#      it was failed once.
#  (b) clients that hang up: in the headers, in the body, and after a
#      whole request before the answer;
#  (c) slowloris: clients sending a header byte a second are cut off
#      after --timeout, and others are served meanwhile;
#  (d) 1,000 connections at once: each is answered 200 or refused
#      (connection caps), none hangs or gets anything else, and the
#      server answers normally afterwards.
. "${NW_SRCDIR:-.}/tests/lib.sh"
plan 13

command -v curl >/dev/null 2>&1 || skip_all "curl(1) is not installed"
command -v jq >/dev/null 2>&1 || skip_all "jq(1) is not installed"

NW=$NORMWATCH
LOAD=$NW_BUILDDIR/tests/server/taxiis_load
SLOW=$NW_BUILDDIR/tests/server/taxiis_slow
MT='application/taxii+json;version=2.1'
A="Accept: $MT"
U="$T/users"
SWEEP_MAX=400		# allocations of the sequence, at most
HANGUPS=20		# hang-ups of each kind
SLOWS=20		# slowloris clients at once
MANY=1000		# connections at once

printf 'alice pass\n' | "$NW" passwd --users "$U" alice 2>"$T/err" ||
    { cat "$T/err"; echo "Bail out! passwd"; exit 99; }
sed -i 's/^\(alice:[^:]*\):.*/\1:*=r,inbox=rw/' "$U"
AL="alice:alice pass"
AUTH=$(printf '%s' "$AL" | base64)
"$NW" --db "$T/a.db" ingest --rules "$NW_SRCDIR/tests/data/map/rules" \
    --feeds "$NW_SRCDIR/feeds/samples" 2>"$T/err" ||
    { cat "$T/err"; echo "Bail out! ingest"; exit 99; }

SPID=
start_serve() {	# [options]: SPID, PORT, B
	rm -f "$T/port"
	"$NW" --db "$T/a.db" serve --users "$U" --listen 127.0.0.1:0 \
	    --port-file "$T/port" --timeout 2 --publish-every 0 "$@" \
	    2>>"$T/serve.log" &
	SPID=$!
	_i=0
	while [ ! -s "$T/port" ] && [ $_i -lt 200 ]; do
		sleep 0.05; _i=$((_i + 1))
	done
	[ -s "$T/port" ] || { cat "$T/serve.log"; echo "Bail out! serve did not start"; exit 99; }
	PORT=$(cat "$T/port")
	B="http://127.0.0.1:$PORT"
}
stop_serve() {
	[ -n "$SPID" ] && kill "$SPID" 2>/dev/null && wait "$SPID" 2>/dev/null
	SPID=
}
trap 'stop_serve; _cleanup' EXIT

# code NAME URL [curl options]: the status (000: no answer), body in $T/NAME
code() {
	_n=$1; _u=$2; shift 2
	curl -s -m 10 -o "$T/$_n" -w '%{http_code}' -u "$AL" -H "$A" "$@" "$_u"
}
alive() {	# the server runs and answers discovery with 200
	kill -0 "$SPID" 2>/dev/null &&
	    [ "$(code alive "$B/taxii2/")" = 200 ]
}

# --- (a) allocation failures, one at a time -------------------------------------

C=$B
IND=indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f
cat >"$T/post.json" <<JSON
{"objects":[{"type":"indicator","spec_version":"2.1","id":"$IND",
"created":"2024-01-01T00:00:00.000Z","modified":"2024-05-01T00:00:00.000Z",
"pattern":"[ipv4-addr:value = '192.0.2.9']","pattern_type":"stix",
"valid_from":"2024-01-01T00:00:00Z"},{"type":"ipv4-addr","spec_version":"2.1",
"id":"ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd","value":"192.0.2.3"}]}
JSON
# the sequence: prints "expected:got" for each request
sequence() {
	C="$B/normwatch/collections"
	echo "200:$(code s1 "$B/taxii2/")"
	echo "200:$(code s2 "$C/")"
	echo "200:$(code s3 "$C/incidents/objects/?limit=2&match%5Btype%5D=indicator,report&match%5Bversion%5D=all")"
	echo "200:$(code s4 "$C/incidents/manifest/?limit=3")"
	echo "202:$(code s5 "$C/inbox/objects/" -X POST \
	    -H "Content-Type: $MT" --data-binary @"$T/post.json")"
	echo "200:$(code s6 "$C/inbox/objects/$IND/versions/")"
}
n=1 bad= clean= fivehundreds=0
while [ $n -le $SWEEP_MAX ]; do
	NORMWATCH_TEST_FAIL_ALLOC_AT=$n start_serve
	sequence >"$T/seq"
	wrong=$(awk -F: '$1 != $2' "$T/seq" | wc -l)
	fails=$(awk -F: '$1 != $2 && $2 == 500' "$T/seq" | wc -l)
	if [ "$wrong" -eq 0 ]; then
		kill -0 "$SPID" 2>/dev/null || bad="$bad $n(dead)"
		stop_serve
		clean=$n
		break
	fi
	# exactly one request failed, with 500 and an error resource
	_f=$(awk -F: '$1 != $2 {print NR}' "$T/seq")
	if [ "$wrong" -ne 1 ] || [ "$fails" -ne 1 ] ||
	    ! jq -e '.http_status == "500"' "$T/s$_f" >/dev/null 2>&1; then
		bad="$bad $n($(tr '\n' ' ' <"$T/seq"))"
	fi
	fivehundreds=$((fivehundreds + fails))
	alive || bad="$bad $n(dead)"
	stop_serve
	n=$((n + 1))
done
check "the sweep reaches the end of the sequence (after ${clean:-no} N)" \
    test -n "$clean" -a "${clean:-0}" -gt 1
check "each of $((n - 1)) failed allocations fails one request with 500" \
    test -z "$bad" -a "$fivehundreds" -eq $((n - 1))
[ -z "$bad" ] || diag "wrong at N =$bad"
check "no crash and no sanitizer report in the server's log" \
    sh -c '! grep -qiE "sanitizer|runtime error|segmentation|abort|^==[0-9]+== " "$0"' \
    "$T/serve.log"
# every Nth, for a few N: the server answers 500 or as usual, never dies
NORMWATCH_TEST_FAIL_ALLOC=3 start_serve
sequence >"$T/seq"
check "every third allocation failing: each answer is usual or 500" \
    sh -c '! awk -F: '"'"'$1 != $2 && $2 != 500'"'"' "$0" | grep -q .' "$T/seq"
check "and the server lives on" kill -0 "$SPID"
stop_serve

# --- (b) clients that hang up ---------------------------------------------------

start_serve
for how in headers body answer; do
	i=0 st=0
	while [ $i -lt $HANGUPS ]; do
		"$LOAD" "$PORT" hangup "$how" || st=1
		i=$((i + 1))
	done
	alive || st=2
	check "$HANGUPS clients hanging up in the $how: the server answers" \
	    test "$st" -eq 0
done

# --- (c) slowloris --------------------------------------------------------------

i=0
while [ $i -lt $SLOWS ]; do
	"$SLOW" "$PORT" 10 >"$T/slow.$i" &
	i=$((i + 1))
done
sleep 1
alive
check "$SLOWS slowloris clients: others are served meanwhile" test $? -eq 0
wait_slow() {	# every slow client ends by itself (taxiis_slow stops at 10 s)
	_w=0
	while [ $_w -lt 150 ] && [ "$(cat "$T"/slow.* | grep -c .)" -lt $SLOWS ]; do
		sleep 0.1; _w=$((_w + 1))
	done
}
wait_slow
max=$(cat "$T"/slow.* | sort -n | tail -n 1)
check "and each is cut off after the 2 s timeout (longest ${max:-?} s of 10)" \
    test "$(cat "$T"/slow.* | grep -c .)" -eq $SLOWS -a "${max:-99}" -le 5

# --- (d) 1,000 connections at once -----------------------------------------------

res=$("$LOAD" "$PORT" many $MANY "$AUTH")
diag "$MANY connections: $res"
okn=$(echo "$res" | sed -n 's/.*ok=\([0-9]*\).*/\1/p')
ref=$(echo "$res" | sed -n 's/.*refused=\([0-9]*\).*/\1/p')
oth=$(echo "$res" | sed -n 's/.*other=\([0-9]*\).*/\1/p')
check "$MANY connections at once: each answered 200 or refused" \
    test "${okn:-0}" -gt 0 -a "$((${okn:-0} + ${ref:-0}))" -eq $MANY -a "${oth:-1}" -eq 0
alive
check "and the server answers normally afterwards" test $? -eq 0
stop_serve
check "the server stopped cleanly, its log without a crash" \
    sh -c '! grep -qiE "sanitizer|runtime error|segmentation|abort|^==[0-9]+== " "$0"' \
    "$T/serve.log"
done_testing
