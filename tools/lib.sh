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
SM_PGVER=${SM_PGVER:-15}
SM_SYSBIN=/usr/lib/postgresql/$SM_PGVER/bin

sm_log() { printf '%s\n' "== $*" >&2; }
sm_die() { printf 'error: %s\n' "$*" >&2; exit 1; }

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
