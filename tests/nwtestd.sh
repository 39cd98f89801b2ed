#!/bin/sh
# The test server's outer interface, as tests/lib.sh start_server and the
# integration tests use it: start, port file, serving, clean stop.
# (What the server does on each path is tested in tests/unit/test_fetch.)
. "${NW_SRCDIR:-.}/tests/lib.sh"

command -v curl >/dev/null 2>&1 || skip_all "curl(1) not installed"
plan 7

check_exit 2 "nwtestd without --root is a usage error" \
    "$NWTESTD" --port-file "$T/x" 2>/dev/null

start_server
case $NWTESTD_PORT in
''|*[!0-9]*) not_ok "port file holds a port number ($NWTESTD_PORT)" ;;
*) ok "port file holds a port number" ;;
esac

curl -sS -o "$T/hello" "$NWTESTD_URL/hello.txt"
check "serves a fixture byte for byte" \
    cmp -s "$T/hello" "$NW_SRCDIR/tests/data/http/hello.txt"

curl -sS -o /dev/null "$NWTESTD_URL/counted/shkey/hello.txt"
curl -sS -o /dev/null "$NWTESTD_URL/counted/shkey/hello.txt"
check "counts requests per key" \
    test "$(curl -sS "$NWTESTD_URL/count/shkey")" = 2

code=$(curl -sS -o /dev/null -w '%{http_code}' --path-as-is \
    "$NWTESTD_URL/../../etc/passwd")
check "refuses .. ($code)" test "$code" = 403

check_exit 1 "a second server on the same port fails" \
    "$NWTESTD" --root "$NW_SRCDIR/tests/data/http" --port "$NWTESTD_PORT" \
    --port-file "$T/port2" 2>/dev/null

kill "$NWTESTD_PID"
wait "$NWTESTD_PID"
status=$?
NWTESTD_PID=
check "SIGTERM stops it cleanly (exit $status)" test "$status" -eq 0

done_testing
