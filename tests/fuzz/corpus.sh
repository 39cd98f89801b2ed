#!/bin/sh
# corpus.sh - run every fuzz target once over its seed corpus
# (tests/fuzz/NAME/) and the inputs that once crashed it
# (tests/fuzz/regressions/NAME/).  One TAP test per target: ok when the
# target went through every input without a crash, an abort or a
# sanitizer report.  With a plain build the targets are linked with
# tests/fuzz/driver.c; with --enable-fuzzing they are libFuzzer programs,
# which -runs=0 makes run the inputs and stop.
#
# NW_FUZZ_VALGRIND=1 runs each target under valgrind (a plain build only).
. "${NW_SRCDIR:-.}/tests/lib.sh"

names="feed rules csis html rss stix misp_manifest misp_event csv galaxy json extract users taxii_request"
set -- $names
plan $#
for name in $names; do
	prog=$NW_BUILDDIR/tests/fuzz/fuzz_$name
	dirs=$NW_SRCDIR/tests/fuzz/$name
	[ -d "$NW_SRCDIR/tests/fuzz/regressions/$name" ] &&
		dirs="$dirs $NW_SRCDIR/tests/fuzz/regressions/$name"
	n=$(find $dirs -type f ! -name README ! -name '.*' | wc -l)
	if [ ! -x "$prog" ]; then
		not_ok "fuzz_$name: not built"
		continue
	fi
	if [ "${NW_FUZZ_VALGRIND:-0}" = 1 ]; then
		# shellcheck disable=SC2086
		NORMWATCH_PCRE2_JIT=0 valgrind -q --leak-check=full \
		    --error-exitcode=1 "$prog" -runs=0 $dirs >"$T/out" 2>&1
	else
		# shellcheck disable=SC2086
		"$prog" -runs=0 $dirs >"$T/out" 2>&1
	fi
	rc=$?
	if [ $rc -eq 0 ] && [ "$n" -gt 0 ]; then
		ok "fuzz_$name: $n inputs"
	else
		diag "$(tail -n 30 "$T/out")"
		not_ok "fuzz_$name: $n inputs (exit status $rc)"
	fi
done
done_testing
