#!/bin/sh
# normwatch serve reads the taxii-* keys of normwatch.conf where its own
# flags say nothing: the users file, and taxii-anonymous-read (no: refuse
# clients without credentials whatever the users file grants; yes: needs
# the users file's anonymous line; unset: the users file decides).
. "${NW_SRCDIR:-.}/tests/lib.sh"
plan 6

command -v curl >/dev/null 2>&1 || skip_all "curl(1) is not installed"

U=$T/users
MT='application/taxii+json;version=2.1'
printf 'alice pass\n' | "$NORMWATCH" passwd --users "$U" alice 2>"$T/err" ||
	{ cat "$T/err"; echo "Bail out! passwd failed"; exit 99; }
printf 'anonymous:*:*=r\n' >>"$U"

conf() {	# conf [ANONYMOUS-READ]: $T/nw.conf
	printf 'store = %s\ntaxii-users = %s\n' "$T/nw.db" "$U" >"$T/nw.conf"
	[ -z "${1:-}" ] || printf 'taxii-anonymous-read = %s\n' "$1" >>"$T/nw.conf"
}
serve() {	# serve: SPID, B; the users file comes from the configuration
	rm -f "$T/port"
	"$NORMWATCH" --config "$T/nw.conf" serve --listen 127.0.0.1:0 \
	    --port-file "$T/port" --no-publish 2>>"$T/serve.log" &
	SPID=$!
	_i=0
	while [ ! -s "$T/port" ] && [ $_i -lt 200 ]; do sleep 0.05; _i=$((_i + 1)); done
	[ -s "$T/port" ] || { cat "$T/serve.log"; echo "Bail out! serve did not start"; exit 99; }
	B="http://127.0.0.1:$(cat "$T/port")"
}
stop() { kill "$SPID" 2>/dev/null; wait "$SPID" 2>/dev/null; SPID=; }
trap '[ -n "${SPID:-}" ] && kill "$SPID" 2>/dev/null; _cleanup' EXIT
code() { curl -s -o /dev/null -w '%{http_code}' -H "Accept: $MT" "$@"; }

conf
serve
check "taxii-users from normwatch.conf: alice logs in" test "$(code -u 'alice:alice pass' "$B/taxii2/")" = 200
check "unset taxii-anonymous-read: the users file's anonymous line holds" test "$(code "$B/taxii2/")" = 200
stop

conf no
serve
check "taxii-anonymous-read = no: 401 without credentials" test "$(code "$B/taxii2/")" = 401
check "and alice still logs in" test "$(code -u 'alice:alice pass' "$B/taxii2/")" = 200
stop

conf yes
sed -i '/^anonymous:/d' "$U"
check_exit 78 "taxii-anonymous-read = yes without an anonymous line: 78" \
    sh -c '"$0" --config "$1" serve --listen 127.0.0.1:0 --no-publish 2>"$2"' \
    "$NORMWATCH" "$T/nw.conf" "$T/err"
check "and the error says what is missing" grep -q 'no "anonymous" line' "$T/err"
done_testing
