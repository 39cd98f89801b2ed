#!/bin/sh
# tests/banned.sh can fail: planted in a copy of src/, each banned call is
# found (one not ok per function), and words that only look like one
# (nw_strcpy_safe, "strcpy" in a comment without a call) are not.
. "${NW_SRCDIR:-.}/tests/lib.sh"
plan 3

mkdir -p "$T/tree/src/parse" "$T/tree/include/normwatch" "$T/tree/tests"
cp "$NW_SRCDIR/tests/lib.sh" "$NW_SRCDIR/tests/banned.sh" "$T/tree/tests/"
cat >"$T/tree/src/parse/planted.c" <<'C'
void f(char *a, const char *b, int n)
{
	strcpy(a, b);
	strcat (a, b);
	sprintf(a, "%d", n);
	vsprintf(a, b, 0);
	(void)strtok(a, b);
	n = atoi(b) + atol(b);
	sscanf(b, "%d", &n);
	gets(a);
}
C
cat >"$T/tree/src/clean.c" <<'C'
/* strcpy is banned; nw_strcpy_safe(a, b) and my_atoi(x) are not */
int nw_strcpy_safe(char *a, const char *b);
C
out=$(NW_SRCDIR=$T/tree sh "$T/tree/tests/banned.sh")
check "all nine banned functions are found in a planted file" \
    test "$(echo "$out" | grep -c '^not ok')" -eq 9
check "each failure names the file and line" sh -c \
    'echo "$0" | grep -q "planted.c:3:" && echo "$0" | grep -q "planted.c:10:"' "$out"
rm "$T/tree/src/parse/planted.c"
out=$(NW_SRCDIR=$T/tree sh "$T/tree/tests/banned.sh")
check "names that only contain a banned one pass" \
    test "$(echo "$out" | grep -c '^ok')" -eq 9
done_testing
