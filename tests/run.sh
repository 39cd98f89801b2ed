#!/bin/sh
# run.sh - the second command of README's Quick start: install what the
# tests need, build, and run every test.  The last line it prints is
# "N passed, N failed"; the exit status is 0 only when nothing failed.
# .ci/run runs exactly this.
set -u
cd "$(dirname "$0")/.." || exit 2
log=$(mktemp)
trap 'rm -f "$log"' EXIT

fail() {
	echo "normwatch tests: $*" >&2
	echo "0 passed, 1 failed"
	exit 1
}

sh contrib/install-deps.sh build run test || fail "cannot install the Debian packages"
# The report's accessibility and HTML5 checks use these npm packages (with
# chromium and java), kept outside the tree; without them those tests skip.
nm=${NW_NODE_MODULES:-${HOME:-/root}/.cache/normwatch-npm/node_modules}
# Debian's npm only where no npm is (a NodeSource nodejs brings its own)
command -v npm >/dev/null 2>&1 || sh contrib/install-deps.sh npm ||
	echo "normwatch tests: npm could not be installed: the report's browser checks will skip" >&2
if command -v npm >/dev/null 2>&1 && [ ! -f "$nm/axe-core/axe.min.js" -o ! -d "$nm/playwright-core" -o ! -d "$nm/vnu-jar" ]; then
	npm install --silent --no-audit --no-fund --prefix "${nm%/node_modules}" \
	    axe-core playwright-core vnu-jar >/dev/null 2>&1 ||
		echo "normwatch tests: axe-core could not be installed: the report's accessibility check will skip" >&2
fi
if [ ! -x configure ]; then
	./autogen.sh >"$log" 2>&1 || { cat "$log" >&2; fail "autogen.sh failed"; }
fi
if [ ! -f Makefile ]; then
	./configure --quiet --enable-werror >"$log" 2>&1 ||
		{ cat "$log" >&2; fail "configure failed"; }
fi
make -j"$(nproc)" >"$log" 2>&1 || { cat "$log" >&2; fail "the build failed"; }

make -j"$(nproc)" check >"$log" 2>&1
status=$?
# Show the failures, if any, with their logs.
if [ $status -ne 0 ]; then
	grep -E '^(FAIL|ERROR|XPASS):' "$log" >&2
	for f in $(find tests -name '*.log' ! -name test-suite.log); do
		grep -qE '^(not ok|Bail out)' "$f" 2>/dev/null && { echo "--- $f" >&2; cat "$f" >&2; }
	done
fi
grep -E '^# (TOTAL|PASS|SKIP|XFAIL|FAIL|XPASS|ERROR):' "$log" >&2
count() { sed -n "s/^# $1: *//p" "$log" | tail -n 1; }
pass=$(count PASS); xfail=$(count XFAIL); fail_=$(count FAIL); xpass=$(count XPASS); err=$(count ERROR)
skipped=$(count SKIP)
[ -n "$pass" ] || fail "make check gave no summary"
[ "${skipped:-0}" -gt 0 ] && echo "($skipped skipped)"
passed=$((pass + ${xfail:-0}))
failed=$((${fail_:-0} + ${xpass:-0} + ${err:-0}))
if [ $status -ne 0 ] && [ $failed -eq 0 ]; then
	failed=1
fi
# Then ASan and UBSan, and the fuzz targets (tests/fuzz/ci.sh): a build
# of its own in build-san/, its make check, each target for
# NW_FUZZ_SECONDS (default 10) seconds.  NW_SKIP_SANITIZERS=1 skips it.
if [ "${NW_SKIP_SANITIZERS:-0}" != 1 ]; then
	sh tests/fuzz/ci.sh >"$log"
	line=$(tail -n 1 "$log")
	p2=$(echo "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
	f2=$(echo "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
	[ -n "$p2" ] || { p2=0; f2=1; }
	passed=$((passed + p2))
	failed=$((failed + f2))
fi
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
