#!/usr/bin/env bash
# tools/required.sh, the check that ends CI (.ci/run): it must fail when a
# required PostgreSQL major did not pass (missing, skipped, failed) or when
# Citus did not pass on a major that has a Citus release, and pass on a
# complete set.  Fed with version lines as .ci/run writes them.
set -euo pipefail
ROOT=${SM_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
TMP=${SM_TMP:-$(mktemp -d)}
status=0

full() {
	cat <<'L'
ok - pg15 (host, 15.20-0+deb12u1): the whole suite, 47 passed, 0 failed (1000s)
ok - citus on pg15 (host): citus 13.2-1, PostgreSQL 15.20: 56 aggregate overloads checked (splits: 59 text), 0 failures
ok - citus on pg17 (trixie): citus 14.0-1, PostgreSQL 17.12: 56 aggregate overloads checked (splits: 59 binary), 0 failures
ok - pg17 (trixie, 17.12-0+deb13u1): build, 10/10 regress, 26/26 tests (400s; root: reusing)
ok - citus on pg18 (sid): citus 14.0-1, PostgreSQL 18.6: 56 aggregate overloads checked (splits: 59 binary), 0 failures
ok - pg18 (sid, 18.6-3): build, 10/10 regress, 26/26 tests (400s; root: reusing)
ok - citus on pg19 (experimental): none: no Citus release supports PostgreSQL 19 (not a failure)
ok - pg19 (experimental, 19~rc1-1): build, 10/10 regress, 25/25 tests (400s; root: reusing)
L
}

# expect WHAT PASS|FAIL: tools/required.sh on $TMP/v.txt
expect() {
	local rc=0 out
	out=$(SM_REQUIRED_MAJORS="15 17 18 19" bash "$ROOT/tools/required.sh" "$TMP/v.txt" 2>&1) || rc=$?
	if { [ "$2" = PASS ] && [ $rc -eq 0 ]; } || { [ "$2" = FAIL ] && [ $rc -ne 0 ]; }; then
		echo "ok - $1: $(tail -n 1 <<<"$out")"
	else
		echo "not ok - $1: expected $2, exit $rc:"
		sed 's/^/    /' <<<"$out"
		status=1
	fi
}

full >"$TMP/v.txt"
expect "every major and Citus passed" PASS
full | grep -v 'pg19 (experimental, ' >"$TMP/v.txt"
expect "PostgreSQL 19 missing from the matrix" FAIL
full | sed 's/^ok - pg18 (sid, 18.6-3): .*/ok - pg18 (experimental, 18.6-3) # SKIP PostgreSQL 18 was tested above/' >"$TMP/v.txt"
expect "PostgreSQL 18 only skipped" FAIL
full | sed 's/^ok - pg17 (trixie/not ok - pg17 (trixie/' >"$TMP/v.txt"
expect "PostgreSQL 17 failed" FAIL
full | grep -v 'citus on pg18' >"$TMP/v.txt"
expect "Citus missing on 18" FAIL
full | sed 's/^ok - citus on pg15 (host)/not ok - citus on pg15 (host)/' >"$TMP/v.txt"
expect "Citus failed on 15" FAIL
full | grep -v 'citus on pg19' >"$TMP/v.txt"
expect "no Citus line for 19 (none exists)" PASS
exit $status
