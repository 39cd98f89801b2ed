#!/bin/sh
# ci.sh - the second half of tests/run.sh (issue 8): a build with
# ./configure --enable-sanitizers --enable-fuzzing (clang, ASan, UBSan,
# libFuzzer) in its own directory, its make check, then each fuzz target
# for a bounded time.  Prints what it does on stderr and, last on stdout,
# "N passed, N failed": the sanitizer make check's counts plus one test
# per fuzz target (failed when it found a crash, a leak or a sanitizer
# report; the input is kept under $dir/src/artifacts/).  The targets run
# as many at once as there are cores.
#
# Environment:
#   NW_FUZZ_SECONDS   fuzzing budget per target in seconds (default 10)
#   NW_SAN_DIR        the build directory (default build-san, at the top)
# Run from the top of the source tree.
set -u
budget=${NW_FUZZ_SECONDS:-10}
dir=${NW_SAN_DIR:-build-san}
top=$(pwd)
jobs=$(nproc 2>/dev/null || echo 2)
log=$(mktemp)
trap 'rm -f "$log"' EXIT
names="feed rules csis html rss stix misp_manifest misp_event csv galaxy json extract users taxii_request"

say() { echo "normwatch ci: $*" >&2; }
give_up() {
	say "$*"
	echo "0 passed, 1 failed"
	exit 1
}

# A pristine copy of the sources: the top directory is configured in
# place, and configure refuses an out-of-tree build of a configured tree.
rm -rf "$dir"
mkdir -p "$dir/src" || give_up "cannot create $dir"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	git ls-files -z --cached --others --exclude-standard |
	    tar --null -T - -cf - | tar -C "$dir/src" -xf - ||
	    give_up "cannot copy the sources"
else
	make distdir distdir="$dir/src" >"$log" 2>&1 ||
	    { cat "$log" >&2; give_up "make distdir failed"; }
fi
cd "$dir/src" || exit 2
NW_SHARED=${NW_SHARED:-$top/../shared}
export NW_SHARED
say "sanitizer and fuzzing build in $dir"
{ ./autogen.sh && ./configure --quiet --enable-sanitizers --enable-fuzzing; } \
    >"$log" 2>&1 || { cat "$log" >&2; give_up "configure failed"; }
make -j"$jobs" >"$log" 2>&1 || { cat "$log" >&2; give_up "the build failed"; }

# make check with ASan and UBSan: any report fails its test
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1}
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export ASAN_OPTIONS UBSAN_OPTIONS
make -j"$jobs" check >"$log" 2>&1
status=$?
if [ $status -ne 0 ]; then
	grep -E '^(FAIL|ERROR|XPASS):' "$log" >&2
	for f in $(find tests -name '*.log' ! -name test-suite.log); do
		grep -qE '^(not ok|Bail out)' "$f" 2>/dev/null &&
		    { echo "--- $f" >&2; cat "$f" >&2; }
	done
fi
count() { sed -n "s/^# $1: *//p" "$log" | tail -n 1; }
pass=$(count PASS); xfail=$(count XFAIL); fail_=$(count FAIL)
xpass=$(count XPASS); err=$(count ERROR)
[ -n "$pass" ] || { cat "$log" >&2; give_up "the sanitizer make check gave no summary"; }
passed=$((pass + ${xfail:-0}))
failed=$((${fail_:-0} + ${xpass:-0} + ${err:-0}))
[ $status -ne 0 ] && [ $failed -eq 0 ] && failed=1
say "sanitizer make check: $passed passed, $failed failed"

# each fuzz target for $budget seconds, on a copy of its seeds, as many
# at once as there are cores
NORMWATCH_DATADIR=$(pwd)/feeds
export NORMWATCH_DATADIR
mkdir -p artifacts fuzz-logs
fuzz_one() {
	_c=fuzz-corpus/$1
	mkdir -p "$_c"
	cp tests/fuzz/$1/* "$_c"/ 2>/dev/null
	[ -d tests/fuzz/regressions/$1 ] &&
		cp tests/fuzz/regressions/$1/* "$_c"/ 2>/dev/null
	tests/fuzz/fuzz_$1 -max_total_time="$budget" -timeout=25 \
	    -rss_limit_mb=2048 -dict=tests/fuzz/$1.dict \
	    -artifact_prefix=artifacts/$1- -print_final_stats=1 "$_c" \
	    >fuzz-logs/$1.log 2>&1
	echo $? >fuzz-logs/$1.rc
}
n=0
for name in $names; do
	fuzz_one "$name" &
	n=$((n + 1))
	[ $((n % jobs)) -eq 0 ] && wait
done
wait
for name in $names; do
	rc=$(cat fuzz-logs/$name.rc 2>/dev/null || echo 99)
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' \
	    fuzz-logs/$name.log | tail -n 1)
	if [ "$rc" -eq 0 ]; then
		passed=$((passed + 1))
		say "fuzz_$name: ok, ${runs:-?} executions in ${budget} s"
	else
		failed=$((failed + 1))
		tail -n 40 fuzz-logs/$name.log >&2
		say "fuzz_$name: FAILED after ${runs:-?} executions (exit status $rc); inputs in $dir/src/artifacts/"
	fi
done
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
