# shellcheck shell=bash
# Shared helpers of the project's commands (tools/test.sh, tools/demo.sh,
# bench/run.sh): install Debian packages, build, and run a throwaway
# PostgreSQL cluster from a private, relocated copy of Debian's server.
#
# Why a private copy: PostgreSQL finds its share/ and lib/ directories
# relative to its own binary, so copying bin/ and symlinking lib/ into a
# temporary prefix gives a server whose extension directory is ours alone.
# `make install DESTDIR=...` then installs there, the system directories are
# never touched, and several checkouts can be tested side by side.

set -euo pipefail

SM_ROOT=${SM_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}

sm_log() { printf '%s\n' "== $*" >&2; }
sm_die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# sm_apt_default PKG: the major version N of PKG-N that Debian's metapackage
# PKG depends on (postgresql -> postgresql-17 on Debian 13, clang ->
# clang-19), or nothing when apt does not know PKG.
sm_apt_default() {
	apt-cache show "$1" 2>/dev/null | sed -nE "s/^Depends:.*\b$1-([0-9]+)\b.*/\1/p" | head -n 1
}

# Which PostgreSQL.  SM_PGVER=N picks major N (Debian's postgresql-N
# packages, e.g. from apt.postgresql.org).  By default it is the
# distribution's own: the one the `postgresql` metapackage depends on.  On a
# machine whose apt lists are empty (a fresh container) root refreshes them
# first; failing that, the newest server installed under /usr/lib/postgresql.
# No script hard-wires a version: they all read SM_PGVER from here (exported,
# so the test scripts see the same).
sm_pgver() {
	local v
	v=$(sm_apt_default postgresql)
	if [ -z "$v" ] && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
		apt-get update -qq >/dev/null 2>&1 || true
		v=$(sm_apt_default postgresql)
	fi
	if [ -z "$v" ]; then
		v=$(find /usr/lib/postgresql -mindepth 3 -maxdepth 3 -path '*/bin/pg_config' 2>/dev/null |
			sed -nE 's|^/usr/lib/postgresql/([0-9]+)/bin/pg_config$|\1|p' | sort -n | tail -n 1)
	fi
	[ -n "$v" ] || sm_die "cannot tell which PostgreSQL this system has; set SM_PGVER (e.g. SM_PGVER=17)"
	printf '%s\n' "$v"
}
if [ -z "${SM_PGVER:-}" ]; then
	SM_PGVER=$(sm_pgver)
fi
[[ $SM_PGVER =~ ^[0-9]+$ ]] || sm_die "SM_PGVER must be a major version number such as 17, not '$SM_PGVER'"
export SM_PGVER
SM_SYSBIN=/usr/lib/postgresql/$SM_PGVER/bin

# sm_deps PKG...: install Debian packages that are missing (needs root).
sm_deps() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	if [ "$(id -u)" -ne 0 ]; then
		sm_die "missing packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})"
	fi
	sm_log "installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >/dev/null
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

SM_BASE_PACKAGES=(make gcc postgresql-$SM_PGVER postgresql-server-dev-$SM_PGVER postgresql-client-$SM_PGVER)

# sm_test_packages SCRIPT: the Debian packages test SCRIPT needs beyond
# SM_BASE_PACKAGES, one a line.  A script's needs are read
# from its text (and that of the hardening or fuzz helpers it names): the
# tools it calls by name map to Debian packages, versions from Debian's
# metapackages (clang -> clang-N, libclang-rt-N-dev for the sanitizers).
sm_test_packages() {
	local script=$1 text clangver
	text=$(cat "$script")
	for f in $(grep -oE '(hardening/[a-z_]+|fuzz/build)\.sh' <<<"$text" | sort -u); do
		[ -f "$SM_ROOT/test/$f" ] && text+=$(cat "$SM_ROOT/test/$f")
		[ -f "$SM_ROOT/$f" ] && text+=$(cat "$SM_ROOT/$f")
	done
	grep -qw python3 <<<"$text" && echo python3
	grep -qE '\bgit (-C|clone|archive|ls-tree)' <<<"$text" && echo git
	grep -qw chromium <<<"$text" && echo chromium
	grep -qw sqlsmith <<<"$text" && echo sqlsmith
	grep -qw valgrind <<<"$text" && echo valgrind
	grep -qw pg_cron <<<"$text" && echo "postgresql-$SM_PGVER-cron"
	grep -qw dpkg-buildpackage <<<"$text" && printf '%s\n' build-essential dpkg-dev debhelper postgresql-server-dev-all
	if grep -qw clang <<<"$text"; then
		clangver=$(sm_apt_default clang)
		printf '%s\n' clang llvm ${clangver:+"libclang-rt-$clangver-dev"}
	fi
	return 0
}
# sm_build [extra CFLAGS]: compile the extension in the source tree.
sm_build() {
	make -C "$SM_ROOT" -s -j2 PG_CFLAGS="${1:-}" >/dev/null
}

# sm_sandbox_create DIR: relocated server copy with our extension installed.
sm_sandbox_create() {
	local dir=$1 libdir sharedir
	libdir=$(dirname "$SM_SYSBIN")
	sharedir=$("$SM_SYSBIN/pg_config" --sharedir)
	mkdir -p "$dir$libdir" "$(dirname "$dir$sharedir")"
	cp -a "$SM_SYSBIN" "$dir$libdir/"
	cp -as "$libdir/lib" "$dir$libdir/"
	cp -a "$sharedir" "$dir$(dirname "$sharedir")/"
	make -C "$SM_ROOT" -s install DESTDIR="$dir" >/dev/null
	SM_BIN=$dir$SM_SYSBIN
}

# The server refuses to run as root: root runs it as Debian's postgres user,
# from / since that user may not be able to enter the checkout.
sm_as_server() {
	if [ "$(id -u)" -eq 0 ]; then
		(cd / && runuser -u postgres -- "$@")
	else
		"$@"
	fi
}

# sm_cluster_start DIR [postgres -c options...]: initdb + start, socket only.
# Exports PGHOST/PGPORT/PGUSER for the clients that follow.
sm_cluster_start() {
	local dir=$1
	shift
	local opts=""
	local o
	for o in "$@"; do opts+=" -c $o"; done
	mkdir -p "$dir/data" "$dir/sock"
	[ "$(id -u)" -eq 0 ] && chown -R postgres: "$dir"
	sm_as_server "$SM_BIN/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
	sm_as_server "$SM_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
		-o "-c listen_addresses='' -k $dir/sock -p 5432 -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_worker_processes=16$opts" \
		start >/dev/null
	export PGHOST=$dir/sock PGPORT=5432 PGUSER=postgres
	SM_CLUSTER=$dir
}

sm_cluster_stop() {
	[ -n "${SM_CLUSTER:-}" ] || return 0
	sm_as_server "$SM_BIN/pg_ctl" -D "$SM_CLUSTER/data" -m fast -w stop >/dev/null 2>&1 || true
	SM_CLUSTER=
}

# sm_workdir: a temporary directory the server user can write, removed on exit.
sm_workdir() {
	SM_WORK=$(mktemp -d /tmp/social_metrics.XXXXXX)
	chmod 755 "$SM_WORK"
	trap 'sm_cluster_stop; [ -n "${SM_KEEP:-}" ] || rm -rf "$SM_WORK"' EXIT
}
