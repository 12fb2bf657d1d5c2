# shellcheck shell=bash
# Helpers of the pairing tests (test/51, 56, 57, 58).  Sourced, never run.
#
# pt_require SIGNATURE...: the functions a test needs, as regprocedure text
#   ("reply_wait_sketch(bigint, timestamptz, boolean, text)").  When one is
#   missing the test still runs, and fails (a missing function is a failure),
#   unless SM_PAIRING_PENDING=1: then it is skipped (exit 77) so that the
#   branch can be merged before the functions exist.
# pt_checks FILE MIN: FILE has one check a line, "name|true" when it holds;
#   prints them, fails when one does not hold or fewer than MIN ran.

set -euo pipefail

pt_sql() { psql -qXAt -v ON_ERROR_STOP=1 "$@"; }

pt_require() {
	local missing=() s
	for s in "$@"; do
		[ "$(pt_sql -c "SELECT to_regprocedure('$s') IS NOT NULL")" = t ] || missing+=("$s")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	if [ "${SM_PAIRING_PENDING:-}" = 1 ]; then
		echo "skip: not built yet (SM_PAIRING_PENDING=1): ${missing[*]}"
		exit 77
	fi
	echo "not ok - missing functions (they fail below): ${missing[*]}"
}

pt_checks() {
	local file=$1 min=$2 n
	sed -i '/^$/d' "$file"
	cat "$file"
	n=$(grep -c '|true$' "$file" || true)
	if grep -qv '|true$' "$file"; then
		echo "FAILED checks:"
		grep -v '|true$' "$file"
		return 1
	fi
	[ "$n" -ge "$min" ] || { echo "too few checks ran: $n < $min"; return 1; }
	echo "$n checks passed"
}
