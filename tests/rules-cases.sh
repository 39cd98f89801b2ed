#!/bin/sh
# The shipped norms rules (feeds/norms, through $NORMWATCH_DATADIR/norms)
# on short texts: every case of tests/data/rules/cases.txt fires, or does
# not fire, its principle (tests/rulescheck -m with the case's extraction
# options).  Then: every rule of the shipped files fired in some case (a
# rule that never fires is a broken pattern), every principle of both
# frameworks has a case that fires it, and every Paris Call principle a
# "not when" case.
. "${NW_SRCDIR:-.}/tests/lib.sh"

RC="$NW_BUILDDIR/tests/rulescheck"
RULES="$NORMWATCH_DATADIR/norms"
CASES="$NW_SRCDIR/tests/data/rules/cases.txt"
[ -x "$RC" ] || { echo "Bail out! $RC is not built"; exit 99; }
[ -r "$CASES" ] || { echo "Bail out! $CASES is missing"; exit 99; }

grep -v '^[[:space:]]*\(#.*\)\{0,1\}$' "$CASES" >"$T/cases"
n=$(wc -l <"$T/cases")
plan $((n + 4))

check "the shipped rules load" "$RC" -q "$RULES"

: >"$T/fired"
: >"$T/covered"
while IFS= read -r line; do
	head=${line%% | *}
	text=${line#* | }
	set -f
	set -- $head
	set +f
	fw=$1 p=$2 want=$3
	shift 3
	printf '%s\n' "$text" >"$T/text"
	if ! "$RC" -q -m "$T/text" "$@" "$RULES" >"$T/out" 2>"$T/err"; then
		diag "$(cat "$T/err")"
		not_ok "$fw $p $want: rulescheck failed: $text"
		continue
	fi
	awk '$1 == "fire" { print $4 }' "$T/out" >>"$T/fired"
	if grep -q "^fire $fw $p " "$T/out"; then got=fire; else got=none; fi
	echo "$fw $p $want" >>"$T/covered"
	if [ "$got" = "$want" ]; then
		ok "$fw $p $want: $text"
	else
		diag "$(grep "^fire $fw $p " "$T/out")"
		not_ok "$fw $p $want: $text"
	fi
done <"$T/cases"

grep -h '^rule ' "$RULES"/*.rules | awk '{ print $2 }' | sort -u >"$T/rules"
sort -u "$T/fired" >"$T/fired.s"
comm -23 "$T/rules" "$T/fired.s" >"$T/never"
if [ -s "$T/never" ]; then
	diag "rules that no case fires:"; diag "$(cat "$T/never")"
	not_ok "every shipped rule fires in some case"
else
	ok "every shipped rule fires in some case ($(wc -l <"$T/rules") rules)"
fi

# Principles of each framework, as declared in its file.
missing=
for f in "$RULES"/*.rules; do
	fw=$(awk '$1 == "framework" { print $2; exit }' "$f")
	for p in $(awk '$1 == "principle" && NF == 2 { print $2 }' "$f"); do
		grep -q "^$fw $p fire\$" "$T/covered" || missing="$missing $fw/$p"
	done
done
if [ -n "$missing" ]; then
	diag "principles without a fire case:$missing"
	not_ok "every principle has a case that fires it"
else
	ok "every principle has a case that fires it"
fi

missing=
for p in 1 2 3 4 5 6 7 8 9; do
	grep -q "^paris-call $p none\$" "$T/covered" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	diag "Paris Call principles without a not-when case:$missing"
	not_ok "every Paris Call principle has a not-when case"
else
	ok "every Paris Call principle has a not-when case"
fi

done_testing
