#!/usr/bin/env bash
# The version matrix: `bash tools/matrix.sh [SUITE...]` (as root).
#
# For each Debian suite (default: trixie sid experimental, i.e. the
# PostgreSQL of Debian 13, of sid and of experimental) it makes or reuses a
# debootstrap root (tools/roots.sh) and, inside it, on a throwaway overlay:
#   1. builds the extension with warnings as errors (tools/test.sh does);
#   2. the test scripts that need nothing but the server, psql and python3
#      (chosen by sm_test_packages, tools/lib.sh), among them 01_smoke and
#      02_update_catalog (1.0.0 -> 1.1.0 updated == fresh install), the
#      differential oracles and 97_upgrade_format (golden 1.0.0 values);
#      SM_MATRIX_SKIP names scripts left out: for time (05_demo,
#      98_interrupts_memory), or not about the server (08_dist: release
#      metadata, needs the git checkout); 95_citus runs wherever a Citus
#      release supports the major (14.0.1 on 17 and 18, built in the root
#      from ../shared/citus into a cache kept outside the root's overlay,
#      $SM_ROOTS_CACHE/SUITE), and is left out on 19, which has none;
#   3. `make install` + `make installcheck`, the pg_regress suite as a user
#      runs it, against a server started in the root.
# It prints one line per version and one Citus line per version, e.g.
#   ok - citus on pg17 (trixie): citus 14.0-1, PostgreSQL 17.12: 56 aggregate ...
#   ok - pg17 (trixie, 17.7-1): build, 9/9 regress, 14/14 tests (312s)
# and exits non-zero if any version failed.  Logs: $SM_MATRIX_LOGS
# (default /var/tmp/social_metrics-matrix).  The host's own PostgreSQL is
# tested by tools/test.sh; CI (.ci/run) runs both.
set -euo pipefail

SM_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SM_MATRIX_SKIP=${SM_MATRIX_SKIP:-05_demo 08_dist 98_interrupts_memory}

# --- inside a root ---------------------------------------------------------
if [ "${1:-}" = --inside ]; then
	# /src is the checkout, read-only; build in a copy
	rm -rf /build && mkdir -p /build
	tar -C /src --exclude=./.git -cf - . | tar -C /build -xf -
	cd /build
	export PG_CONFIG=/usr/lib/postgresql/$SM_PGVER/bin/pg_config
	make -s clean >/dev/null
	source tools/lib.sh
	# Citus: the release this major has (built from /shared/citus into the
	# kept /cache by test/95), or none (19)
	citus=$(bash tools/citus.sh version)
	[ "$citus" = none ] && SM_MATRIX_SKIP+=" 95_citus"
	tests=()
	for script in test/[0-9]*.sh; do
		name=$(basename "$script" .sh)
		[[ " $SM_MATRIX_SKIP " == *" $name "* ]] && continue
		[ -z "$(sm_test_packages "$script" | grep -vx python3)" ] && tests+=("test/$name")
	done
	echo "== tests: ${tests[*]}"
	# 1 + 2: -Werror build and the scripts (a failed build fails them all)
	set +e
	SM_CITUS_SUMMARY=/tmp/citus.txt bash tools/test.sh "${tests[@]}" 2>&1 | tee /tmp/test.out
	set -e
	summary=$(tail -n 1 /tmp/test.out)
	build=ok
	grep -q '^== pg_regress\|^ok - \|^not ok - ' /tmp/test.out || build=FAILED
	tpass=$(sed -nE 's/^([0-9]+) passed.*/\1/p' <<<"$summary")
	tfail=$(sed -nE 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/p' <<<"$summary")
	# 3: make installcheck as a user does it
	rpass=0 rtotal=0
	if [ "$build" = ok ]; then
		make -s install >/dev/null
		pg=/tmp/pg
		mkdir -p $pg && chown postgres: $pg
		runuser -u postgres -- "/usr/lib/postgresql/$SM_PGVER/bin/initdb" -D $pg/data -A trust -U postgres \
			-E UTF8 --locale=C.UTF-8 >/dev/null
		runuser -u postgres -- "/usr/lib/postgresql/$SM_PGVER/bin/pg_ctl" -D $pg/data -l $pg/log -w \
			-o "-c listen_addresses='' -k $pg -c fsync=off" start >/dev/null
		set +e
		PGHOST=$pg PGUSER=postgres make installcheck >/tmp/installcheck.out 2>&1
		set -e
		cat /tmp/installcheck.out
		[ -f regression.diffs ] && head -c 20000 regression.diffs
		rpass=$(grep -cE '^ok |\.\.\. ok' /tmp/installcheck.out || true)
		rtotal=$(grep -cE '^(ok|not ok) |\.\.\. (ok|FAILED|failed)' /tmp/installcheck.out || true)
		runuser -u postgres -- "/usr/lib/postgresql/$SM_PGVER/bin/pg_ctl" -D $pg/data -m fast -w stop >/dev/null
	fi
	echo "MATRIX build=$build regress=$rpass/$rtotal tests=${tpass:-0}/$((${tpass:-0} + ${tfail:-0}))"
	if [ "$citus" = none ]; then
		echo "CITUS none: no Citus release supports PostgreSQL $SM_PGVER"
	elif grep -q '^ok - test/95_citus' /tmp/test.out && [ -s /tmp/citus.txt ]; then
		echo "CITUS ok $(cat /tmp/citus.txt)"
	else
		echo "CITUS failed $citus: $(cat /tmp/citus.txt 2>/dev/null || echo 'test/95 did not finish')"
	fi
	exit 0
fi

# --- on the host -----------------------------------------------------------
[ "$(id -u)" -eq 0 ] || { echo "tools/matrix.sh needs root (debootstrap, chroot)" >&2; exit 1; }
[ $# -gt 0 ] || set -- trixie sid experimental
logs=${SM_MATRIX_LOGS:-/var/tmp/social_metrics-matrix}
mkdir -p "$logs"
status=0
seen=" "
for suite in "$@"; do
	start=$(date +%s)
	log=$logs/$suite.log
	: >"$log"
	if ! bash "$SM_ROOT/tools/roots.sh" make "$suite" >>"$log" 2>&1; then
		echo "not ok - $suite: no root ($(($(date +%s) - start))s)"
		tail -n 20 "$log" | sed 's/^/    /'
		status=1
		continue
	fi
	made=$(grep -oE 'ready, .* in [0-9]+s|reusing' "$log" | tail -n 1)
	ver=$(bash "$SM_ROOT/tools/roots.sh" pgver "$suite")
	pkgver=$(cat "${SM_ROOTS_DIR:-/var/cache/social_metrics/roots}/$suite/.pgversion")
	# experimental once its PostgreSQL has reached sid: nothing new to test
	if [[ $seen == *" $ver "* ]]; then
		echo "ok - pg$ver ($suite, $pkgver) # SKIP PostgreSQL $ver was tested above"
		continue
	fi
	seen+="$ver "
	set +e
	shared=
	[ -d "$SM_ROOT/../shared" ] && shared=$(cd "$SM_ROOT/../shared" && pwd)
	SM_PGVER=$ver SM_ROOT_SRC=$SM_ROOT SM_ROOT_SHARED=$shared \
		SM_ROOT_CACHE=${SM_ROOTS_CACHE:-/var/cache/social_metrics/root-cache}/$suite \
		bash "$SM_ROOT/tools/roots.sh" run "$suite" bash /src/tools/matrix.sh --inside >>"$log" 2>&1
	set -e
	secs=$(($(date +%s) - start))
	line=$(grep '^MATRIX ' "$log" | tail -n 1)
	build=$(sed -nE 's/.*build=([^ ]+).*/\1/p' <<<"$line")
	regress=$(sed -nE 's/.*regress=([^ ]+).*/\1/p' <<<"$line")
	tests=$(sed -nE 's/.*tests=([^ ]+).*/\1/p' <<<"$line")
	what="build, ${regress:-?} regress, ${tests:-?} tests (${secs}s; root: ${made:-?})"
	# the Citus line of this version
	cline=$(grep '^CITUS ' "$log" | tail -n 1)
	case $cline in
	"CITUS none"*) echo "ok - citus on pg$ver ($suite): none: ${cline#CITUS none: } (not a failure)" ;;
	"CITUS ok "*) echo "ok - citus on pg$ver ($suite): ${cline#CITUS ok }" ;;
	*) echo "not ok - citus on pg$ver ($suite): ${cline#CITUS failed }"
	   grep -E '^ +FAIL|^not ok - test/95' "$log" | head -n 20 | sed 's/^/    /'
	   status=1 ;;
	esac
	if [ "$build" = ok ] && [ -n "$regress" ] && [ "${regress%/*}" = "${regress#*/}" ] && [ "${regress#*/}" -gt 0 ] &&
		[ -n "$tests" ] && [ "${tests%/*}" = "${tests#*/}" ] && [ "${tests#*/}" -gt 0 ]; then
		echo "ok - pg$ver ($suite, $pkgver): $what"
	else
		echo "not ok - pg$ver ($suite, $pkgver): build ${build:-?}, ${regress:-?} regress, ${tests:-?} tests (${secs}s), log $log:"
		grep -E '^not ok|^error|FAILED|[Ee]rror:' "$log" | head -n 40 | sed 's/^/    /'
		status=1
	fi
done
exit $status
