#!/bin/sh
# tap-filter.sh PROGRAM [ARG...] - run a cmocka test binary for the TAP
# driver.  cmocka prints a skipped test as "not ok N # SKIP ..."; TAP (and
# Automake's driver) want "ok N # SKIP ...".  The exit status is the
# program's.
out=$(mktemp "${TMPDIR:-/tmp}/nwtap.XXXXXX") || exit 99
"$@" >"$out" 2>&1
rc=$?
sed 's/^not ok \([0-9][0-9]*\) # SKIP/ok \1 # SKIP/' "$out"
rm -f "$out"
exit $rc
