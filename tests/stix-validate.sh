#!/bin/sh
# stix-validate.sh - "normwatch validate": messages, verdict lines, exit
# statuses (0 valid, 1 invalid, 2 unreadable, 64 usage), --strict, -q,
# several files (worst status) and the hostile files of
# tests/data/stix/hostile, each a clear error line with a JSON path.
. "$NW_SRCDIR/tests/lib.sh"

# The dispatcher gets the verb from the integrator; until then run
# cmd_validate through tests/stixvalidate.
if "$NORMWATCH" validate --help >/dev/null 2>&1; then
	V() { "$NORMWATCH" validate "$@"; }
else
	V() { "$NW_BUILDDIR/tests/stixvalidate" "$@"; }
fi
Vq() { V "$@" >/dev/null 2>&1; }
D="$NW_SRCDIR/tests/data/stix"
H="$D/hostile"

plan 30

V "$D/valid-bundle.json" >"$T/out"; rc=$?
check "a valid bundle exits 0" [ $rc -eq 0 ]
check "and says so" grep -qx "$D/valid-bundle.json: valid (0 warnings)" "$T/out"

V "$D/warning-bundle.json" >"$T/out"; rc=$?
check "warnings alone are valid" [ $rc -eq 0 ]
check "the warning names path and object" grep -q \
    "warning-bundle.json: \$.objects\[0\].roles\[0\] (threat-actor--9a8a0d25-7636-429b-a99e-b2a73cd0f11f): warning: \"boss\" is not in the suggested vocabulary threat-actor-role-ov \[10.24\]" "$T/out"
check "verdict counts the warning" grep -q "warning-bundle.json: valid (1 warning)" "$T/out"
check_exit 1 "--strict makes the warning an error" Vq --strict -q "$D/warning-bundle.json"

V "$D/invalid-bundle.json" >"$T/out"; rc=$?
check "an invalid bundle exits 1" [ $rc -eq 1 ]
check "the timestamp error, as in the issue" grep -q \
    "\$.objects\[0\].created (threat-actor--9a8a0d25-7636-429b-a99e-b2a73cd0f11f): error: no such month: \"2020-13-01T00:00:00Z\" \[2.16\]" "$T/out"
check "verdict line" grep -q "invalid-bundle.json: invalid (1 error, 1 warning)" "$T/out"

V -q "$D/invalid-bundle.json" >"$T/out"
check "-q prints only the verdict" [ "$(wc -l <"$T/out")" -eq 1 ]

check_exit 0 "unresolved references are allowed" Vq -q "$D/unresolved-bundle.json"
V --strict "$D/unresolved-bundle.json" >"$T/out"; rc=$?
check "but not with --strict" [ $rc -eq 1 ]
check "naming the reference" grep -q "target_ref (relationship--.*): error: identity--1621d4d4-b67d-41e3-9670-f01faf20d111 is not in the bundle" "$T/out"

check_exit 2 "a missing file is unreadable" Vq -q "$T/nonexistent.json"
check_exit 2 "several files: the worst status" Vq -q "$D/valid-bundle.json" "$D/invalid-bundle.json" "$T/nonexistent.json"
check_exit 1 "several files: invalid over valid" Vq -q "$D/valid-bundle.json" "$D/invalid-bundle.json"
check_exit 64 "no file is a usage error" Vq
check_exit 64 "an unknown option is a usage error" Vq --bogus "$D/valid-bundle.json"
V - <"$D/valid-bundle.json" >"$T/out"; rc=$?
check "- reads standard input" [ $rc -eq 0 ] && grep -q "(stdin): valid" "$T/out"

# Hostile files: an error line with a path, exit 2 or 1, never a crash.
hostile() {
	_f=$1 _want=$2 _text=$3
	V "$H/$_f" >"$T/out" 2>&1; _rc=$?
	if [ $_rc -eq "$_want" ] && grep -q -- "$_text" "$T/out"; then
		ok "hostile $_f: $_text"
	else
		diag "exit $_rc"; diag "$(cat "$T/out")"
		not_ok "hostile $_f: $_text"
	fi
}
hostile truncated.json 2 'truncated file'
hostile duplicate-key.json 2 '\$.objects\[0\].name: error: duplicate key'
hostile deep.json 2 'nested deeper than 64 levels'
hostile bad-utf8.json 2 '\$.objects\[0\].name: error: invalid UTF-8'
hostile nul-escape.json 2 'NUL character'
hostile unpaired-surrogate.json 2 'unpaired high surrogate'
hostile wrong-types.json 1 '\$.objects\[0\].name (threat-actor--.*must be a string, not a list'
hostile empty.json 2 'empty document'
hostile not-json.txt.json 2 'expected a value'
hostile trailing-garbage.json 2 'data after the end'

# A string over the 8 MiB limit, made here rather than kept in git.
awk 'BEGIN { printf "{\"type\":\"bundle\",\"id\":\"bundle--0ecd8123-90d5-46e0-9cd4-65d4999b3a2e\",\"objects\":[{\"type\":\"note\",\"content\":\""; s = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"; for (i = 0; i < 140000; i++) printf "%s", s; printf "\"}]}\n" }' >"$T/huge.json"
V "$T/huge.json" >"$T/out"; rc=$?
check "a huge string is a limit error with its path" [ $rc -eq 2 ] && grep -q '\$.objects\[0\].content: error: string longer than' "$T/out"

done_testing
