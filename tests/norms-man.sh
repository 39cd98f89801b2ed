#!/bin/sh
# The examples of normwatch.rules(5) run as tests.  Every literal block of
# the page that is a rules file (it starts with "framework") loads, except
# the one marked bad, which fails with exactly the error the page shows;
# every text marked ".\" text NAME [options] => RULE ..." fires exactly
# those rules.  Also: the page is clean mdoc, and every key that norms.c
# accepts is documented.
. "${NW_SRCDIR:-.}/tests/lib.sh"

PAGE="$NW_SRCDIR/man/normwatch.rules.5"
RC="$NW_BUILDDIR/tests/rulescheck"
[ -x "$RC" ] || { echo "Bail out! $RC is not built"; exit 99; }

# Split the page: each .Bd -literal ... .Ed block goes to $T/b.N, with
# roff escapes undone, and "N<TAB>mark" to $T/blocks, where the mark is
# the ".\" rules|text|bad|errors ..." comment just before it, if any.
awk -v dir="$T" '
/^\.\\" (rules|text|bad|errors) / { mark = substr($0, 5); next }
/^\.Bd -literal/ { n++; f = dir "/b." n; printf "" > f; inblock = 1; next }
/^\.Ed/ && inblock {
	close(f); inblock = 0
	printf "%d\t%s\n", n, mark >> (dir "/blocks"); mark = ""; next
}
inblock {
	gsub(/\\e/, "\\"); gsub(/\\&/, "")
	print >> f
}
' "$PAGE"

nrules=0 ntext=0
cd "$T" || exit 99
while IFS='	' read -r n mark; do
	set -- $mark
	kind=${1:-}
	name=${2:-}
	first=$(grep -v '^[[:space:]]*\(#.*\)\{0,1\}$' "b.$n" | head -n 1)
	case "$kind:$first" in
	rules:framework*|bad:framework*)
		cp "b.$n" "$name.rules" ;;
	:framework*)
		name="block$n"; kind=rules; cp "b.$n" "$name.rules" ;;
	esac
	case "$kind" in
	rules)
		nrules=$((nrules + 1))
		check "example $name (block $n) loads" \
		    "$RC" -q "$name.rules" ;;
	bad)
		"$RC" -q "$name.rules" 2>"$name.err" >/dev/null
		check "the bad example $name does not load" \
		    test $? -eq 1 ;;
	errors)
		sed 's/^rulescheck: //' "$name.err" >"$name.got"
		if cmp -s "b.$n" "$name.got"; then
			ok "the bad example $name gives the error the page shows"
		else
			diag "page:"; diag "$(cat "b.$n")"
			diag "got:"; diag "$(cat "$name.got")"
			not_ok "the bad example $name gives the error the page shows"
		fi ;;
	text)
		ntext=$((ntext + 1))
		shift 2
		opts=""
		while [ $# -gt 0 ] && [ "$1" != "=>" ]; do
			opts="$opts $1"; shift
		done
		[ $# -gt 0 ] && shift
		want=$*
		# shellcheck disable=SC2086
		got=$("$RC" -q -m "b.$n" $opts "$name.rules" |
		    awk '$1 == "fire" { printf "%s%s", s, $4; s = " " }')
		if [ "$got" = "$want" ]; then
			ok "text of block $n fires [$want] with $name"
		else
			diag "wanted [$want], got [$got]"
			not_ok "text of block $n fires [$want] with $name"
		fi ;;
	esac
done <"$T/blocks"
check "the page has rules examples ($nrules) and texts ($ntext)" \
    test "$nrules" -ge 2 -a "$ntext" -ge 3

if command -v mandoc >/dev/null; then
	check "mandoc -Tlint finds no warnings in normwatch.rules(5)" \
	    mandoc -Tlint -Wwarning "$PAGE"
else
	skip "mandoc -Tlint" "mandoc is not installed"
fi

# every key and keyword of src/norms.c is documented (".It Cm key")
keys=$(sed -n -e 's/.*strcmp(key, "\([a-z-]*\)") == 0.*/\1/p' \
    "$NW_SRCDIR/src/norms.c"
    awk '/cond_keys\[C_COUNT\] = \{/ { on = 1; next } on && /};/ { on = 0 }
	on' "$NW_SRCDIR/src/norms.c" | tr ',' '\n' | tr -d ' \t"' |
	grep .)
missing=""
for k in $keys; do
	grep -q "^\.It Cm $k\b\|^\.Cm $k\b" "$PAGE" || missing="$missing $k"
done
check "every key norms.c accepts is in normwatch.rules(5)${missing:+ (missing:$missing)}" \
    test -n "$keys" -a -z "$missing"

plan "$_tap_n"
done_testing
