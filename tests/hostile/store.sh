# tests/hostile/store.sh - store checks for the tests of issue 8; source
# it after tests/lib.sh.

# integrity DB: print PRAGMA integrity_check's verdict, "ok" when the
# store is sound.  SQLite 3.40.0 to 3.41.0 (Debian 12 has 3.40.1) reports
# "NULL value in T.C" for NOT NULL columns of WITHOUT ROWID tables whose
# primary key is not declared in column order (merge_block), where there
# is none: such a line is dropped when a query finds no NULL in T.C.
integrity() {
	sqlite3 "$1" "pragma integrity_check" 2>&1 | while IFS= read -r _l; do
		case $_l in
		"NULL value in "*.*)
			_tc=${_l#NULL value in }
			_n=$(sqlite3 "$1" "select count(*) from ${_tc%%.*} where ${_tc#*.} is null" 2>/dev/null)
			[ "$_n" = 0 ] || echo "$_l" ;;
		*)	echo "$_l" ;;
		esac
	done | awk 'NF { print; n++ } END { if (n == 0) print "ok" }' | sort -u
}

# integrity_ok DB: true when integrity prints just "ok"
integrity_ok() { test "$(integrity "$1")" = ok; }
