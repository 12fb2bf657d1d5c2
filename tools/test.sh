#!/usr/bin/env bash
# The whole test suite: `bash tools/test.sh` (as root on a fresh Debian 12 or
# 13; without root, once the packages it names are installed).
#
# Installs what the selected tests need, builds with warnings as errors,
# starts a throwaway cluster from a private copy of the server (nothing is
# installed system wide), then runs
#   1. the pg_regress suite in sql/ + expected/;
#   2. every test/NN_*.sh script (differential, parallel, dump/restore,
#      upgrade, fuzzing, valgrind, ...), each against its own database.
# It ends with the line "N passed, N failed".
#
# The server is the distribution's PostgreSQL; SM_PGVER=N picks another
# installed major (see tools/lib.sh).  The other versions are tested by
# tools/matrix.sh in Debian roots (CI runs both, see .ci/run).
#
# `bash tools/test.sh WORD...` runs only the tests whose name contains a WORD
# (names as printed: regress/NN_x, test/NN_x).
# A test script exits 0 (pass), 77 (skip: a tool it needs is missing, said on
# its last line) or anything else (fail); under CI=true a skip fails, see
# SM_CI_SKIPS below.  It sees
# PGHOST/PGPORT/PGUSER, PGDATABASE (created for it), SM_ROOT, SM_BIN (the
# server's bin directory), SM_SANDBOX (the private install prefix), SM_PGVER,
# SM_TMP (a scratch directory of its own) and SM_CLUSTER_DIR.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

filters=("$@")
# wanted NAME: NAME is "regress/<test>" or "test/<script>", as printed; a
# WORD selects the names that contain it ("regress/" = the pg_regress suite,
# "test/" = every script, "20_" = both sql/20_* and test/20_*).
wanted() {
	[ ${#filters[@]} -eq 0 ] && return 0
	local f
	for f in "${filters[@]}"; do [[ $1 == *"$f"* ]] && return 0; done
	return 1
}

# Only what the selected tests need is installed (sm_test_packages, lib.sh).
SM_TEST_PACKAGES=("${SM_BASE_PACKAGES[@]}")
for script in "$SM_ROOT"/test/[0-9]*.sh; do
	[ -e "$script" ] || continue
	wanted "test/$(basename "$script" .sh)" || continue
	mapfile -t -O ${#SM_TEST_PACKAGES[@]} SM_TEST_PACKAGES < <(sm_test_packages "$script")
done
mapfile -t SM_TEST_PACKAGES < <(printf '%s\n' "${SM_TEST_PACKAGES[@]}" | sort -u)
if [ "$(id -u)" -eq 0 ]; then
	sm_deps "${SM_TEST_PACKAGES[@]}"
else
	# without root: the server and compiler are required, a heavy test's tool
	# is not (the test says it is missing and skips)
	sm_deps "${SM_BASE_PACKAGES[@]}"
	missing=()
	for p in "${SM_TEST_PACKAGES[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] ||
		sm_log "not installed: ${missing[*]} (tests that need them will skip; as root they are installed)"
fi

# In CI (CI=true) every tool is installed, so a skip is a failure, except for
# the tests listed in SM_CI_SKIPS: those need something Debian does not
# package (95_citus: Citus built by hand, see doc/citus.md).
SM_CI_SKIPS=${SM_CI_SKIPS:-}
in_ci() { [ "${CI:-}" = true ] || [ "${CI:-}" = 1 ]; }

# Warnings are errors here, never in the shipped Makefile.
SM_WERROR="-Werror -Wextra -Wno-unused-parameter -Wno-sign-compare -Wno-missing-field-initializers"
sm_log "building (warnings as errors)"
make -C "$SM_ROOT" -s clean >/dev/null
sm_build "$SM_WERROR"

sm_workdir
sm_sandbox_create "$SM_WORK/install"
sm_cluster_start "$SM_WORK/cluster" "max_parallel_workers_per_gather=2"
export SM_ROOT SM_BIN SM_SANDBOX=$SM_WORK/install SM_CLUSTER_DIR=$SM_WORK/cluster

passed=0 failed=0 skipped=0
failures=()

# 1. pg_regress
mapfile -t regress < <(cd "$SM_ROOT/sql" && ls -1 ./*.sql 2>/dev/null | sed 's|^\./||; s|\.sql$||' | sort)
todo=()
for t in "${regress[@]}"; do wanted "regress/$t" && todo+=("$t"); done
if [ ${#todo[@]} -gt 0 ]; then
	sm_log "pg_regress: ${#todo[@]} tests"
	out=$SM_WORK/regress
	mkdir -p "$out"
	set +e
	"$(dirname "$("$SM_SYSBIN/pg_config" --pgxs)")/../test/regress/pg_regress" \
		--host="$PGHOST" --port="$PGPORT" --user="$PGUSER" \
		--bindir="$SM_SYSBIN" --inputdir="$SM_ROOT" --outputdir="$out" \
		--dbname=sm_regression --load-extension=social_metrics "${todo[@]}" >"$out/log" 2>&1
	regress_rc=$?
	set -e
	while read -r line; do
		name=$(sed -E 's/^(ok|not ok) +[0-9]+ +[-+] +//; s/^test +//; s/ +\.\.\..*//; s/ .*//' <<<"$line")
		if grep -Eq '\.\.\. ok|^ok ' <<<"$line"; then
			passed=$((passed + 1)); echo "ok - regress/$name"
		else
			failed=$((failed + 1)); failures+=("regress/$name"); echo "not ok - regress/$name"
		fi
	done < <(grep -E '^(test |ok |not ok | +[a-z0-9_]+ +\.\.\.)' "$out/log" | grep -E '\.\.\. (ok|FAILED|failed)|^(ok|not ok) ')
	if [ -s "$out/regression.diffs" ]; then
		head -c 20000 "$out/regression.diffs"
	fi
	if ! grep -Eq '\.\.\. ok|^ok ' "$out/log"; then
		cat "$out/log"
	fi
	# A test pg_regress could not run (no expected file, ...) is a failure
	# even when no line above says so.
	if [ "$regress_rc" -ne 0 ] && ! printf '%s\n' "${failures[@]:-}" | grep -q '^regress/'; then
		failed=$((failed + 1)); failures+=("regress (pg_regress exit $regress_rc)")
		echo "not ok - pg_regress exited $regress_rc"; tail -n 20 "$out/log"
	fi
fi

# 2. test scripts
for script in "$SM_ROOT"/test/[0-9]*.sh; do
	[ -e "$script" ] || continue
	name=$(basename "$script" .sh)
	wanted "test/$name" || continue
	db=t_${name//[^a-zA-Z0-9]/_}
	PGOPTIONS="-c client_min_messages=warning" "$SM_BIN/psql" -qX -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
	export SM_TMP=$SM_WORK/tmp/$name
	mkdir -p "$SM_TMP"
	[ "$(id -u)" -eq 0 ] && chown postgres: "$SM_TMP"
	sm_log "test/$name"
	start=$(date +%s)
	set +e
	PGDATABASE=$db bash "$script" >"$SM_WORK/$name.log" 2>&1
	rc=$?
	set -e
	secs=$(($(date +%s) - start))
	case $rc in
	0) passed=$((passed + 1)); echo "ok - test/$name (${secs}s)" ;;
	77) if in_ci && [[ " $SM_CI_SKIPS " != *" $name "* ]]; then
		failed=$((failed + 1)); failures+=("test/$name")
		echo "not ok - test/$name skipped in CI, where every tool is installed: $(tail -n 1 "$SM_WORK/$name.log")"
	else
		skipped=$((skipped + 1)); echo "ok - test/$name # SKIP $(tail -n 1 "$SM_WORK/$name.log")"
	fi ;;
	*) failed=$((failed + 1)); failures+=("test/$name")
	   echo "not ok - test/$name (exit $rc, ${secs}s)"
	   # the failing lines first (a long log's tail may not reach them), then the tail
	   grep -E 'FAIL|not ok|ERROR' "$SM_WORK/$name.log" | head -n 20 | sed 's/^/    ! /'
	   tail -n 60 "$SM_WORK/$name.log" | sed 's/^/    /' ;;
	esac
	[ -n "${SM_VERBOSE:-}" ] && sed 's/^/    /' "$SM_WORK/$name.log"
done

if ! "$SM_BIN/psql" -qXAt -d postgres -c 'select 1' >/dev/null 2>&1; then
	failed=$((failed + 1)); failures+=("server alive at the end")
	echo "not ok - the server is not answering at the end of the run"
fi
if grep -q 'terminated by signal' "$SM_CLUSTER_DIR/server.log"; then
	failed=$((failed + 1)); failures+=("no backend crash")
	echo "not ok - a backend crashed during the run:"
	grep -B2 -A2 'terminated by signal' "$SM_CLUSTER_DIR/server.log" | head -40
fi

[ ${#failures[@]} -gt 0 ] && echo "failed: ${failures[*]}"
if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
