#!/usr/bin/env bash
# The versions CI requires: `bash tools/required.sh VERSIONS_FILE`.
#
# VERSIONS_FILE holds CI's version lines (.ci/run writes them):
#   ok - pg15 (host, 15.20-0+deb12u1): ...
#   ok - citus on pg15 (host): citus 13.2-1, ...
#   ok - pg17 (trixie, 17.12-0+deb13u1): build, ...
#   ok - citus on pg19 (experimental): none: ... (not a failure)
# Every major of SM_REQUIRED_MAJORS (default "15 17 18 19") must have an
# "ok - pgN (...): " line that is not a skip, and every one of them that a
# Citus release supports (tools/citus.sh version) an "ok - citus on pgN
# (...): citus ..." line.  A skipped, failed or missing one is named; the
# exit status is 1 if any is.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
file=${1:?usage: tools/required.sh VERSIONS_FILE}
rc=0
passed=" $(sed -nE '/# SKIP/d; s/^ok - pg([0-9]+) \([^)]*\): .*/\1/p' "$file" | tr '\n' ' ')"
citus=" $(sed -nE 's/^ok - citus on pg([0-9]+) \([^)]*\): citus .*/\1/p' "$file" | tr '\n' ' ')"
for v in ${SM_REQUIRED_MAJORS:-15 17 18 19}; do
	if [[ $passed != *" $v "* ]]; then
		echo "not ok - pg$v is required (SM_REQUIRED_MAJORS) and did not pass: skipped, missing or failed"
		rc=1
	fi
	rel=$(SM_PGVER=$v bash "$here/citus.sh" version "$v")
	if [ "$rel" != none ] && [[ $citus != *" $v "* ]]; then
		echo "not ok - Citus $rel on pg$v is required and did not pass"
		rc=1
	fi
done
echo "required majors: ${SM_REQUIRED_MAJORS:-15 17 18 19}; passed:${passed% }; Citus passed on:${citus% }"
exit $rc
