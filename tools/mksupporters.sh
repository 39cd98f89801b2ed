#!/bin/sh
# mksupporters.sh - derive feeds/reference/paris-call-supporters.tsv from the
# fact table of Paris Call state supporters
# (../shared/data/facts/paris-call-state-supporters.tsv, compiled from the
# official supporter list, github ambanum/pariscall.international).
#
# Output columns: iso2, status (supporter | not-joined), joined_earliest,
# joined_latest (YYYY-MM-DD; "-" for not-joined).  A state joined on a
# date somewhere between the two; they are equal when the date is exact:
#   "2018-11/2019-09"  listed in the site's first snapshot: between the
#                      launch (2018-11-12) and that snapshot (2019-09-16)
#   "by YYYY-MM"       first listed on the date the notes give ("first
#                      listed in site repo YYYY-MM-DD"), at the earliest
#                      the launch
#   "YYYY-MM-DD"       exact
# The EU (not a state) is left out.  States absent from the table have
# not joined.
set -eu
src=${1:-$(dirname "$0")/../../shared/data/facts/paris-call-state-supporters.tsv}
out=${2:-$(dirname "$0")/../feeds/reference/paris-call-supporters.tsv}
{
	echo "# Paris Call for Trust and Security in Cyberspace: state supporters."
	echo "# Derived by tools/mksupporters.sh from the official supporter list"
	echo "# (github ambanum/pariscall.international, _supporters/*-state-*.md)."
	echo "# iso2	status	joined_earliest	joined_latest"
	LC_ALL=C awk -F '\t' '
	NR == 1 { next }
	$3 == "supporter" {
		j = $4; e = ""; l = ""
		if (j ~ /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]$/) { e = j; l = j }
		else if (j == "2018-11/2019-09") { e = "2018-11-12"; l = "2019-09-16" }
		else if (j ~ /^by [0-9][0-9][0-9][0-9]-[0-9][0-9]$/) {
			e = "2018-11-12"
			if (match($6, /first listed in site repo [0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]/))
				l = substr($6, RSTART + 26, 10)
			else { print "mksupporters: no date for " $1 > "/dev/stderr"; exit 1 }
		} else { print "mksupporters: unknown join date \"" j "\" for " $1 > "/dev/stderr"; exit 1 }
		printf "%s\tsupporter\t%s\t%s\n", $1, e, l
		next
	}
	$3 == "not_joined" { printf "%s\tnot-joined\t-\t-\n", $1; next }
	' "$src" | LC_ALL=C sort
} > "$out"
wc -l < "$out"
