#!/usr/bin/env bash
# Citus for the scale-out test (test/95), built from the release sources in
# ../shared/citus/ and cached outside the checkout.
#
#   bash tools/citus.sh destdir [PGVER]   build if needed; print the DESTDIR
#   bash tools/citus.sh version [PGVER]   print the Citus release for PGVER
#   bash tools/citus.sh deps [PGVER]      install the build dependencies (root)
#
# Which release: Citus 13.2.2 for PostgreSQL 15 (its last release for 15),
# 14.0.1 for 16, 17 and 18.  No release supports 19: `destdir` then exits 77
# saying so.  On a PostgreSQL 15 whose dbcommands.h declares
# have_createdb_privilege() (15.20 on), 13.2.2 gets the patch kept beside
# the tarball.
#
# The build is a `make install DESTDIR=` under the cache directory, keyed by
# the tarball's sha256 (and the patch's, when applied) and by the server's
# exact version, so a new tarball or a minor PostgreSQL update rebuilds and
# nothing else does.  A build that did not finish is not marked ready and is
# made again.  A lock file beside the build lets concurrent callers wait for
# one build.
#
# Sources: $SM_CITUS_SRC, else $SM_SHARED/citus (inside a matrix root), else
# ../shared/citus beside the checkout.  Cache: $SM_CITUS_CACHE, else
# $SM_CACHE/citus (a matrix root's kept cache), else
# /var/cache/social_metrics/citus (root) or ~/.cache/social_metrics/citus.
# Build dependencies (Debian): postgresql-server-dev-N libcurl4-openssl-dev
# liblz4-dev libzstd-dev libkrb5-dev libssl-dev libicu-dev, installed here
# when run as root.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

cmd=${1:-destdir}
[ $# -ge 2 ] && SM_PGVER=$2

citus_release() {
	case $1 in
	15) echo 13.2.2 ;;
	16 | 17 | 18) echo 14.0.1 ;;
	*) return 1 ;;
	esac
}

citus_deps() {
	[ "$(id -u)" -eq 0 ] || return 0
	sm_deps make gcc patch "postgresql-server-dev-$SM_PGVER" libcurl4-openssl-dev liblz4-dev libzstd-dev \
		libkrb5-dev libssl-dev libicu-dev >&2
}

case $cmd in
version)
	citus_release "$SM_PGVER" || { echo "none"; exit 0; }
	exit 0 ;;
deps)
	citus_deps
	exit 0 ;;
destdir) ;;
*) echo "usage: $0 destdir|version|deps [PGVER]" >&2; exit 2 ;;
esac

if ! rel=$(citus_release "$SM_PGVER"); then
	echo "skip: no Citus release supports PostgreSQL $SM_PGVER (13.2 runs on 15, 14.0 on 16-18)"
	exit 77
fi

src=${SM_CITUS_SRC:-}
if [ -z "$src" ]; then
	if [ -n "${SM_SHARED:-}" ]; then src=$SM_SHARED/citus; else src=$SM_ROOT/../shared/citus; fi
fi
tarball=$src/citus-$rel.tar.gz
if [ ! -f "$tarball" ]; then
	echo "skip: no Citus sources: $tarball is missing (set SM_CITUS_SRC or SM_CITUS_DESTDIR)"
	exit 77
fi

cache=${SM_CITUS_CACHE:-}
if [ -z "$cache" ]; then
	if [ -n "${SM_CACHE:-}" ]; then cache=$SM_CACHE/citus
	elif [ "$(id -u)" -eq 0 ]; then cache=/var/cache/social_metrics/citus
	else cache=${XDG_CACHE_HOME:-$HOME/.cache}/social_metrics/citus
	fi
fi

pg_config=/usr/lib/postgresql/$SM_PGVER/bin/pg_config
citus_deps
[ -x "$pg_config" ] || sm_die "no $pg_config (postgresql-server-dev-$SM_PGVER)"
pgfull=$("$pg_config" --version | sed -nE 's/^PostgreSQL ([0-9][0-9.a-z]*).*/\1/p')

# 13.2.2 defines a static copy of have_createdb_privilege() for 15, which
# 15.20 made extern: the patch removes the copy.
patchfile=
if [ "$rel" = 13.2.2 ] &&
	grep -qE '^extern bool have_createdb_privilege' "$("$pg_config" --includedir-server)/commands/dbcommands.h"; then
	patchfile=$src/citus-13.2.2-pg15.20.patch
	[ -f "$patchfile" ] || sm_die "PostgreSQL $pgfull needs $patchfile to build Citus 13.2.2"
fi
key=$(cat "$tarball" ${patchfile:+"$patchfile"} | sha256sum | cut -c1-12)
dir=$cache/citus-$rel-pg$pgfull-$key

# One build at a time per key: CI prebuilds in the background while the
# suite runs, and test/95 then waits here for that build.
mkdir -p "$cache"
exec 9>"$dir.lock"
flock 9
if [ -e "$dir/.ready" ]; then
	sm_log "Citus $rel for PostgreSQL $pgfull: cached ($dir)"
	echo "$dir/destdir"
	exit 0
fi

start=$(date +%s)
sm_log "building Citus $rel for PostgreSQL $pgfull${patchfile:+ (with $(basename "$patchfile"))} in $dir"
rm -rf "$dir"
mkdir -p "$dir/build"
tar -C "$dir/build" --strip-components=1 -xzf "$tarball"
(
	cd "$dir/build"
	[ -z "$patchfile" ] || patch -s -p1 <"$patchfile"
	./configure PG_CONFIG="$pg_config" >"$dir/configure.log" 2>&1 ||
		{ tail -n 30 "$dir/configure.log" >&2; exit 1; }
	make -j"$(nproc)" >"$dir/make.log" 2>&1 || { grep -E 'error' "$dir/make.log" | head -n 30 >&2; exit 1; }
	make install DESTDIR="$dir/destdir" >>"$dir/make.log" 2>&1 || { tail -n 30 "$dir/make.log" >&2; exit 1; }
)
rm -rf "$dir/build"
touch "$dir/.ready"
sm_log "Citus $rel for PostgreSQL $pgfull built in $(($(date +%s) - start))s"
echo "$dir/destdir"
