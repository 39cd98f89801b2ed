#!/bin/sh
# mkwords.sh - derive feeds/reference/words.txt, the English lexicon used to
# repair words split by PDF text extraction ("Governme nt").
#
# Source: Debian's wamerican (SCOWL, Copyright 2000-2011 Kevin Atkinson;
# permission to use, copy, modify, distribute and sell granted, notice
# kept in feeds/reference/words.README).
#
# Kept: all-lower-case words of two letters or more, plus "a" and "i";
# capitalised words (Iranian, Ukrainian) of four letters or more,
# lower-cased.  Dropped: possessives, all-capital abbreviations (DA, NT),
# and short capitalised words (Ta), which are more often pieces of split
# words than words.
set -eu
src=${1:-/usr/share/dict/american-english}
out=${2:-$(dirname "$0")/../feeds/reference/words.txt}
LC_ALL=C awk '
	/^[a-z][a-z]+$/ { print; next }
	/^[A-Z][a-z][a-z][a-z]+$/ { print tolower($0); next }
	END { print "a"; print "i" }
' "$src" | LC_ALL=C sort -u > "$out"
wc -l < "$out"
