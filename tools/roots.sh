#!/usr/bin/env bash
# Debian roots with other PostgreSQL versions, for the CI version matrix.
#
#   bash tools/roots.sh make [SUITE...]     create the roots that are missing
#   bash tools/roots.sh run SUITE CMD...    run CMD as root inside a root, on
#                                           a throwaway overlay (SM_ROOT_SRC=DIR:
#                                           DIR is /src in it, read-only)
#   bash tools/roots.sh pgver SUITE         print the root's PostgreSQL major
#
# SUITE is a Debian suite: trixie (Debian 13), sid, experimental (packages
# from experimental over a sid base), bookworm, ...  Default for `make`:
# trixie sid experimental.  A root lives in $SM_ROOTS_DIR/SUITE (default
# /var/cache/social_metrics/roots/SUITE); `.ready` in it marks a complete
# root, which is reused.  A root without `.ready` is half made: it is
# removed and made again.  Nothing depends on a root already existing.
#
# A root is debootstrap's minbase plus what building and testing the
# extension needs: make, gcc, the server, its -dev and client packages, and
# python3 (the oracles).  The PostgreSQL major is not written anywhere: it is
# the one the suite's `postgresql` metapackage depends on, or for
# experimental the newest postgresql-server-dev-N there; it is recorded in
# <root>/.pgver.  No cluster is created in the root and no service started.
#
# The sid and experimental Release files on the mirror may be past their
# Valid-Until date: those suites, and only those, get check-valid-until=no.
#
# `run` works in a private mount and PID namespace: /proc, /dev, /dev/shm and
# /tmp inside the root disappear with the command, and so does any process
# it leaves behind (a server it forgot to stop).  What it writes in the root
# (make install, packages) goes to an overlay removed afterwards, so every
# run starts from the root as made.  Needs root.

set -euo pipefail

SM_ROOTS_DIR=${SM_ROOTS_DIR:-/var/cache/social_metrics/roots}
unset SM_ROOT_OVERLAY
SM_MIRROR=${SM_MIRROR:-http://deb.debian.org/debian}
# make, a compiler and python3 (the oracles) for the extension; the -dev
# libraries Citus's configure checks for, so test/95 can build Citus in the
# root (tools/citus.sh).
SM_ROOT_PACKAGES=(make gcc libc6-dev python3 patch libcurl4-openssl-dev liblz4-dev libzstd-dev libkrb5-dev
	libssl-dev libicu-dev)
# A root older than this is made again, so the versions it tests stay current.
SM_ROOT_MAX_DAYS=${SM_ROOT_MAX_DAYS:-14}

say() { printf '%s\n' "== $*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "tools/roots.sh needs root (debootstrap, chroot)"

# root_exec ROOT CMD...: CMD in ROOT with /proc, /dev, /dev/shm, a fresh /tmp
# and the host's resolv.conf, all private to this command.  With
# SM_ROOT_OVERLAY=DIR the root is seen through an overlay whose changes go to
# DIR (thrown away by the caller); with SM_ROOT_SRC=DIR, DIR is /src in the
# root, read-only; with SM_ROOT_SHARED=DIR, DIR is /shared, read-only (the
# Citus sources); with SM_ROOT_CACHE=DIR, DIR is /cache, writable and kept
# (builds that outlive the overlay: Citus).  The command sees SM_SHARED and
# SM_CACHE naming them.
root_exec() {
	local root=$1
	shift
	unshare --mount --pid --fork --propagation private -- bash -c '
		set -e
		root=$1; shift
		if [ -n "${SM_ROOT_OVERLAY:-}" ]; then
			o=$SM_ROOT_OVERLAY
			mkdir -p "$o/upper" "$o/work" "$o/merged"
			mount -t overlay overlay -o "lowerdir=$root,upperdir=$o/upper,workdir=$o/work" "$o/merged"
			root=$o/merged
		fi
		mount -t proc proc "$root/proc"
		mount --bind /dev "$root/dev"
		mount -t tmpfs -o mode=1777,size=2g tmpfs "$root/dev/shm"
		mount -t tmpfs -o mode=1777 tmpfs "$root/tmp"
		if [ -n "${SM_ROOT_SRC:-}" ]; then
			mkdir -p "$root/src"
			mount --bind "$SM_ROOT_SRC" "$root/src"
			mount -o remount,bind,ro "$root/src"
		fi
		if [ -n "${SM_ROOT_SHARED:-}" ]; then
			mkdir -p "$root/shared"
			mount --bind "$SM_ROOT_SHARED" "$root/shared"
			mount -o remount,bind,ro "$root/shared"
		fi
		if [ -n "${SM_ROOT_CACHE:-}" ]; then
			mkdir -p "$SM_ROOT_CACHE" "$root/cache"
			mount --bind "$SM_ROOT_CACHE" "$root/cache"
		fi
		[ -e /etc/resolv.conf ] && cp -L /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
		exec chroot "$root" env -i HOME=/root TERM=dumb LANG=C.UTF-8 \
			PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
			CI="${CI:-}" SM_PGVER="${SM_PGVER:-}" SM_VERBOSE="${SM_VERBOSE:-}" \
			${SM_ROOT_SHARED:+SM_SHARED=/shared} ${SM_ROOT_CACHE:+SM_CACHE=/cache} "$@"
	' root_exec "$root" "$@"
}

# release_sum ROOT: a checksum of the suite's Release files as the mirror
# has them now (apt-get update in a throwaway overlay of ROOT).
release_sum() {
	local o rc
	o=$(mktemp -d "$SM_ROOTS_DIR/.release.XXXXXX")
	rc=0
	SM_ROOT_OVERLAY=$o root_exec "$1" sh -c \
		'apt-get update -qq >/dev/null 2>&1 && cat /var/lib/apt/lists/*Release | sha256sum | cut -c1-64' || rc=$?
	rm -rf --one-file-system "$o"
	return $rc
}

# root_stale SUITE: succeeds, printing why, when the ready root of SUITE
# must be made again.
root_stale() {
	local root=$SM_ROOTS_DIR/$1 now made sum
	if [ "$(cat "$root/.ready")" != "${SM_ROOT_PACKAGES[*]}" ]; then
		echo "made with another package list"; return 0
	fi
	now=$(date +%s)
	made=$(stat -c %Y "$root/.ready")
	if [ $(((now - made) / 86400)) -ge "$SM_ROOT_MAX_DAYS" ]; then
		echo "older than $SM_ROOT_MAX_DAYS days"; return 0
	fi
	if ! sum=$(release_sum "$root"); then
		echo "(cannot read the suite's Release file now; keeping the root)" >&2
		return 1
	fi
	if [ "$sum" != "$(cat "$root/.release" 2>/dev/null)" ]; then
		echo "the suite's Release file has changed"; return 0
	fi
	return 1
}

# make_root SUITE: debootstrap + packages, then .ready.  Logs to ROOT.log.
make_root() {
	local suite=$1 root=$SM_ROOTS_DIR/$1 base=$1 start opt="" ver
	if [ -e "$root/.ready" ]; then
		local why
		if why=$(root_stale "$suite"); then
			say "$suite: making $root again: $why"
			rm -rf --one-file-system "$root" "$root.log"
		else
			say "$suite: reusing $root (PostgreSQL $(cat "$root/.pgversion"))"
			return 0
		fi
	fi
	start=$(date +%s)
	[ -e "$root" ] && { say "$suite: removing an unfinished root"; rm -rf --one-file-system "$root"; }
	mkdir -p "$SM_ROOTS_DIR"
	[ "$suite" = experimental ] && base=sid
	if ! command -v debootstrap >/dev/null; then
		say "installing debootstrap"
		DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null \
			|| die "cannot install debootstrap"
	fi
	say "$suite: debootstrap $base (log: $root.log)"
	debootstrap --variant=minbase "$base" "$root" "$SM_MIRROR" >"$root.log" 2>&1 \
		|| { tail -n 20 "$root.log" >&2; die "$suite: debootstrap failed"; }

	case $base in sid) opt="[check-valid-until=no] " ;; esac
	{
		echo "deb $opt$SM_MIRROR $base main"
		[ "$suite" = experimental ] && echo "deb $opt$SM_MIRROR experimental main"
	} >"$root/etc/apt/sources.list"
	# experimental: PostgreSQL's own packages from experimental, everything
	# else from sid (-t experimental would drag in a newer perl, say, that
	# sid's other packages conflict with)
	if [ "$suite" = experimental ]; then
		printf 'Package: postgresql* libpq*\nPin: release a=experimental\nPin-Priority: 990\n' \
			>"$root/etc/apt/preferences.d/social_metrics"
	fi
	# no daemons started by package scripts, no cluster created by them
	printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
	chmod 755 "$root/usr/sbin/policy-rc.d"
	mkdir -p "$root/etc/postgresql-common/createcluster.d"
	echo 'create_main_cluster = false' >"$root/etc/postgresql-common/createcluster.d/social_metrics.conf"
	printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' >"$root/etc/apt/apt.conf.d/90social_metrics"

	root_exec "$root" apt-get update -qq >>"$root.log" 2>&1 || { tail -n 20 "$root.log" >&2; die "$suite: apt-get update failed"; }
	if [ "$suite" = experimental ]; then
		ver=$(root_exec "$root" apt-cache search --names-only '^postgresql-server-dev-[0-9]+$' |
			sed -nE 's/^postgresql-server-dev-([0-9]+) .*/\1/p' | sort -n | tail -n 1)
	else
		ver=$(root_exec "$root" apt-cache show postgresql | sed -nE 's/^Depends:.*postgresql-([0-9]+).*/\1/p' | head -n 1)
	fi
	[ -n "$ver" ] || die "$suite: cannot tell which PostgreSQL the suite has"
	say "$suite: PostgreSQL $ver"
	root_exec "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		"${SM_ROOT_PACKAGES[@]}" "postgresql-$ver" "postgresql-server-dev-$ver" "postgresql-client-$ver" \
		>>"$root.log" 2>&1 || { tail -n 20 "$root.log" >&2; die "$suite: installing packages failed"; }
	root_exec "$root" apt-get clean
	echo "$ver" >"$root/.pgver"
	root_exec "$root" dpkg-query -W -f='${Version}\n' "postgresql-$ver" >"$root/.pgversion"
	release_sum "$root" >"$root/.release"
	echo "${SM_ROOT_PACKAGES[*]}" >"$root/.ready"
	say "$suite: ready, PostgreSQL $(cat "$root/.pgversion") in $(($(date +%s) - start))s"
}

cmd=${1:-make}
[ $# -gt 0 ] && shift
case $cmd in
make)
	[ $# -gt 0 ] || set -- trixie sid experimental
	for s in "$@"; do make_root "$s"; done
	;;
run)
	[ $# -ge 2 ] || die "usage: tools/roots.sh run SUITE CMD..."
	root=$SM_ROOTS_DIR/$1
	shift
	[ -e "$root/.ready" ] || die "$root is not ready (bash tools/roots.sh make $(basename "$root"))"
	# the root itself stays as made: changes go to an overlay, removed after
	SM_ROOT_OVERLAY=$(mktemp -d "$SM_ROOTS_DIR/.run.XXXXXX")
	export SM_ROOT_OVERLAY
	[ -n "${SM_ROOT_SRC:-}" ] && export SM_ROOT_SRC
	[ -n "${SM_ROOT_SHARED:-}" ] && export SM_ROOT_SHARED
	[ -n "${SM_ROOT_CACHE:-}" ] && export SM_ROOT_CACHE
	set +e
	root_exec "$root" "$@"
	rc=$?
	set -e
	rm -rf --one-file-system "$SM_ROOT_OVERLAY"
	exit $rc
	;;
pgver)
	cat "$SM_ROOTS_DIR/$1/.pgver"
	;;
*) die "usage: tools/roots.sh make [SUITE...] | run SUITE CMD... | pgver SUITE" ;;
esac
