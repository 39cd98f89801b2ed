# tests/lib.sh - TAP helpers for the shell integration tests.
#
# Source it first thing:  . "$NW_SRCDIR/tests/lib.sh"
# The harness (make check) exports NW_SRCDIR, NW_BUILDDIR, NW_SHARED and
# NORMWATCH_DATADIR; running a test by hand from the top of a build tree
# works too.

: "${NW_SRCDIR:=$(pwd)}"
: "${NW_BUILDDIR:=$(pwd)}"
: "${NW_SHARED:=$NW_SRCDIR/../shared}"
: "${NORMWATCH_DATADIR:=$NW_SRCDIR/feeds}"
export NW_SRCDIR NW_BUILDDIR NW_SHARED NORMWATCH_DATADIR

NORMWATCH="$NW_BUILDDIR/src/normwatch"
NWTESTD="$NW_BUILDDIR/tests/server/nwtestd"

_tap_n=0
_tap_failed=0

plan() { echo "1..$1"; }
diag() { printf '%s\n' "$*" | sed 's/^/# /'; }
ok() { _tap_n=$((_tap_n + 1)); echo "ok $_tap_n - $*"; }
not_ok() {
	_tap_n=$((_tap_n + 1)); _tap_failed=$((_tap_failed + 1))
	echo "not ok $_tap_n - $*"
}
skip() { _tap_n=$((_tap_n + 1)); echo "ok $_tap_n - $1 # SKIP ${2:-}"; }
skip_all() { echo "1..0 # SKIP $*"; exit 0; }

# check "description" command...: ok when the command succeeds
check() {
	_d=$1; shift
	if "$@"; then ok "$_d"; else not_ok "$_d"; fi
}

# check_exit N "description" command...: ok when the command exits with N
check_exit() {
	_want=$1; _d=$2; shift 2
	"$@"; _got=$?
	if [ "$_got" -eq "$_want" ]; then ok "$_d"
	else diag "exit status $_got, wanted $_want"; not_ok "$_d"; fi
}

# A private scratch directory, removed at exit; $T names it.
T=$(mktemp -d "${TMPDIR:-/tmp}/nwtest.XXXXXX") || exit 99
export XDG_DATA_HOME="$T/data" XDG_CACHE_HOME="$T/cache" XDG_CONFIG_HOME="$T/config"
_cleanup() {
	[ -n "${NWTESTD_PID:-}" ] && kill "$NWTESTD_PID" 2>/dev/null
	rm -rf "$T"
}
trap _cleanup EXIT

# NW_VALGRIND=1: every run of the binary goes through valgrind, and a
# memory error or a definite leak makes it exit 99.
if [ "${NW_VALGRIND:-0}" = 1 ]; then
	printf '#!/bin/sh\nexec valgrind -q --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=99 "%s" "$@"\n' \
	    "$NORMWATCH" >"$T/normwatch-valgrind"
	chmod +x "$T/normwatch-valgrind"
	NORMWATCH=$T/normwatch-valgrind
	NORMWATCH_PCRE2_JIT=0
	export NORMWATCH_PCRE2_JIT
fi

# start_server: start the local test HTTP server on 127.0.0.1, serving
# fixtures from $1 (default tests/data/http); sets NWTESTD_PORT and
# NWTESTD_URL.
start_server() {
	_root=${1:-$NW_SRCDIR/tests/data/http}
	"$NWTESTD" --root "$_root" --port-file "$T/port" >"$T/nwtestd.log" 2>&1 &
	NWTESTD_PID=$!
	_i=0
	while [ ! -s "$T/port" ] && [ $_i -lt 100 ]; do
		sleep 0.05; _i=$((_i + 1))
	done
	[ -s "$T/port" ] || { echo "Bail out! test server did not start"; exit 99; }
	NWTESTD_PORT=$(cat "$T/port")
	NWTESTD_URL="http://127.0.0.1:$NWTESTD_PORT"
}

# done_testing: exit non-zero when anything failed
done_testing() { [ "$_tap_failed" -eq 0 ]; exit $?; }
