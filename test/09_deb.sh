#!/usr/bin/env bash
# The Debian package (debian/): dpkg-buildpackage builds
# postgresql-N-social-metrics for the server under test (SM_PGVER), with
# debian/control regenerated from control.in for that version
# (pg_buildext updatecontrol); the package holds the library and every
# install/update script of the release, its version is the control file's
# default_version; it installs (dpkg --dry-run resolves its dependencies)
# and loads: on a fresh cluster CREATE EXTENSION gives default_version and a
# smoke query answers, and 1.0.0 updates along the chain.
#
# Where it is installed: under CI=true as root, system wide with dpkg -i
# (removed at the end; CI machines are throwaway); otherwise its files are
# extracted (dpkg-deb -x) over a private copy of the server, as
# tools/lib.sh's sandbox does, so nothing outside SM_TMP changes.
# Needs build-essential, dpkg-dev, debhelper and postgresql-server-dev-all (tools/test.sh
# installs them); without them, and without root to install them, it skips.
set -euo pipefail

SM_ROOT=${SM_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
# shellcheck source=../tools/lib.sh
source "$SM_ROOT/tools/lib.sh"
if [ -n "${SM_TMP:-}" ]; then
	TMP=$SM_TMP
else
	TMP=$(mktemp -d /tmp/sm_deb.XXXXXX)
	chmod 755 "$TMP"
	trap 'rm -rf "$TMP"' EXIT
fi

for tool in dpkg-buildpackage dh pg_buildext; do
	command -v "$tool" >/dev/null && continue
	if [ "$(id -u)" -eq 0 ]; then
		sm_deps build-essential dpkg-dev debhelper postgresql-server-dev-all
		break
	fi
	echo "skip: $tool is not installed (Debian packages build-essential dpkg-dev debhelper postgresql-server-dev-all; root installs them)"
	exit 77
done
[ -f /usr/share/perl5/Debian/Debhelper/Sequence/pgxs_loop.pm ] ||
	{ echo "skip: debhelper's pgxs_loop sequence is missing (postgresql-server-dev-all too old)"; exit 77; }

extver=$(sed -n "s/^default_version = '\(.*\)'/\1/p" "$SM_ROOT/social_metrics.control")
pkg=postgresql-$SM_PGVER-social-metrics
fails=0
ok() { echo "ok - $*"; }
bad() { echo "not ok - $*"; fails=$((fails + 1)); }

# --- build, from a copy of the checkout without build products ---------------
work=$TMP/deb
rm -rf "$work"
mkdir -p "$work/src"
tar -C "$SM_ROOT" --exclude=./.git --exclude='*.o' --exclude='*.so' --exclude='*.bc' --exclude=./results \
	--exclude=./fuzz/build -cf - . | tar -C "$work/src" -xf -
cd "$work/src"
export PG_SUPPORTED_VERSIONS=$SM_PGVER
pg_buildext updatecontrol
grep -q "^Package: $pkg\$" debian/control && ok "debian/control has $pkg" || bad "debian/control lacks $pkg"
start=$(date +%s)
if dpkg-buildpackage -b -us -uc >"$work/build.log" 2>&1; then
	ok "dpkg-buildpackage ($(($(date +%s) - start))s)"
else
	bad "dpkg-buildpackage failed:"
	tail -n 40 "$work/build.log" | sed 's/^/    /'
	exit 1
fi
cd "$work"
deb=$(ls "$work"/"${pkg}"_*.deb)
debver=$(dpkg-deb -f "$deb" Version)
[ "${debver%-*}" = "$extver" ] && ok "package version $debver is release $extver" ||
	bad "package version $debver, control default_version $extver"
# the files PGXS installs, and nothing built for another version
dpkg-deb -c "$deb" | awk '{print $NF}' | sed 's|^\./|/|' >"$work/files"
sharedir=$("$SM_SYSBIN/pg_config" --sharedir)
pkglibdir=$("$SM_SYSBIN/pg_config" --pkglibdir)
want=("$pkglibdir/social_metrics.so" "$sharedir/extension/social_metrics.control")
for f in "$SM_ROOT"/social_metrics--*.sql "social_metrics--$extver.sql"; do
	want+=("$sharedir/extension/$(basename "$f")")
done
if [ -n "$(ls src/sql/"$extver"/*.sql 2>/dev/null)" ]; then
	prev=$(sed -n 's/^PREVVERSION = //p' "$SM_ROOT/Makefile")
	want+=("$sharedir/extension/social_metrics--$prev--$extver.sql")
fi
missing=()
for f in "${want[@]}"; do grep -qxF "$f" "$work/files" || missing+=("$f"); done
[ ${#missing[@]} -eq 0 ] && ok "package holds the library and ${#want[@]} extension files" ||
	bad "package lacks ${missing[*]}"
if grep -E '^/usr/(lib|share)/postgresql/[0-9]+/' "$work/files" | grep -vq "/postgresql/$SM_PGVER/"; then
	bad "package has files for another PostgreSQL: $(grep -E '/postgresql/[0-9]+/' "$work/files" | grep -v "/$SM_PGVER/" | head -n 3)"
fi
dpkg-deb -f "$deb" Depends | grep -q "postgresql-$SM_PGVER" && ok "depends on postgresql-$SM_PGVER" ||
	bad "Depends: $(dpkg-deb -f "$deb" Depends)"

# --- install ------------------------------------------------------------------
if [ "$(id -u)" -eq 0 ]; then
	dpkg --dry-run -i "$deb" >"$work/dryrun.log" 2>&1 && ok "dpkg -i --dry-run: dependencies met" ||
		{ bad "dpkg -i --dry-run:"; sed 's/^/    /' "$work/dryrun.log"; }
fi
if [ "${CI:-}" = true ] && [ "$(id -u)" -eq 0 ]; then
	dpkg -i "$deb" >"$work/install.log" 2>&1 || { cat "$work/install.log"; bad "dpkg -i"; exit 1; }
	trap 'dpkg -r "$pkg" >/dev/null 2>&1 || true; sm_cluster_stop; [ -n "${SM_TMP:-}" ] || rm -rf "$TMP"' EXIT
	ok "dpkg -i $(basename "$deb") (system wide)"
	SM_BIN=$SM_SYSBIN
else
	# a private copy of the server, the package's files over it
	inst=$work/install
	libdir=$(dirname "$SM_SYSBIN")
	mkdir -p "$inst$libdir" "$(dirname "$inst$sharedir")"
	cp -a "$SM_SYSBIN" "$inst$libdir/"
	cp -as "$libdir/lib" "$inst$libdir/"
	cp -a "$sharedir" "$inst$(dirname "$sharedir")/"
	rm -f "$inst$sharedir"/extension/social_metrics* "$inst$pkglibdir/social_metrics.so"
	dpkg-deb -x "$deb" "$inst"
	ok "dpkg-deb -x $(basename "$deb") over a private server copy"
	SM_BIN=$inst$SM_SYSBIN
	trap 'sm_cluster_stop; [ -n "${SM_TMP:-}" ] || rm -rf "$TMP"' EXIT
fi

# --- load, on a fresh cluster -------------------------------------------------
sm_cluster_start "$work/cluster"
q() { "$SM_BIN/psql" -qXAt -v ON_ERROR_STOP=1 -d postgres "$@"; }
got=$(q -c 'CREATE EXTENSION social_metrics' -c "SELECT extversion FROM pg_extension WHERE extname = 'social_metrics'")
[ "$got" = "$extver" ] && ok "CREATE EXTENSION gives $extver" || bad "CREATE EXTENSION gave '$got', want $extver"
got=$(q -c "SELECT engagement_rate_agg(e, d)::float8 = 0.25 FROM (VALUES (1::bigint, 4::bigint), (2, 8)) t(e, d)" 2>&1) || true
[ "$got" = t ] && ok "smoke query: engagement_rate_agg of 1/4 and 2/8 is 0.25" || bad "smoke query: $got"
# the update chain from the first release, with the package's scripts
first=$(ls "$SM_ROOT"/social_metrics--*.sql | sed -nE 's/.*social_metrics--([0-9.]+)\.sql$/\1/p' | sort -V | head -n 1)
got=$(q -c 'CREATE DATABASE upd' -d postgres && "$SM_BIN/psql" -qXAt -v ON_ERROR_STOP=1 -d upd \
	-c "CREATE EXTENSION social_metrics VERSION '$first'" -c 'ALTER EXTENSION social_metrics UPDATE' \
	-c "SELECT extversion FROM pg_extension WHERE extname = 'social_metrics'" 2>&1) || true
[ "$got" = "$extver" ] && ok "$first updates to $extver" || bad "update from $first: $got"
sm_cluster_stop

[ "$fails" -eq 0 ]
