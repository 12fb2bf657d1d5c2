# shellcheck shell=bash
# Helpers shared by the hardening tests (test/9N_*.sh).  Sourced, never run.
#
# Everything here is driven by the catalog: the extension's members come from
# pg_depend (deptype 'e'), so a function, aggregate or type added by a later
# feature is covered without editing the tests.  SM_HZ_EXT names the
# extension under test (default social_metrics; any installed extension works,
# which is how the harnesses were checked against Debian's tdigest).

set -euo pipefail

HZ_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
HZ_EXT=${SM_HZ_EXT:-social_metrics}
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
SM_ROOT=${SM_ROOT:-$(cd "$HZ_DIR/../.." && pwd)}
# SM_PGVER (the server's major) and SM_SYSBIN (Debian's bin directory of it)
# as tools/lib.sh chooses them; SM_BIN is the sandbox's under tools/test.sh.
# shellcheck source=../../tools/lib.sh
source "$SM_ROOT/tools/lib.sh"
SM_BIN=${SM_BIN:-$SM_SYSBIN}

hz_log() { printf '%s\n' "-- $*" >&2; }
hz_fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

# hz_sql ARGS...: psql, tuples only, stop at the first error.
hz_sql() { "$SM_BIN/psql" -qXAt -v ON_ERROR_STOP=1 "$@"; }

# Server log bookkeeping: crashes are counted in the part of the log written
# after hz_log_mark.
hz_server_log() { printf '%s\n' "${SM_CLUSTER_DIR:-}/server.log"; }
hz_log_mark() {
	local f
	f=$(hz_server_log)
	HZ_LOG_OFFSET=0
	[ -f "$f" ] && HZ_LOG_OFFSET=$(stat -c %s "$f")
}
hz_log_since_mark() {
	local f
	f=$(hz_server_log)
	[ -f "$f" ] || return 0
	tail -c +$((HZ_LOG_OFFSET + 1)) "$f"
}
hz_crashes_since_mark() {
	hz_log_since_mark | grep -c 'terminated by signal' || true
}

# hz_setup_catalog [DB]: schema hz with views of the extension's members and
# a table of sample values per type (hz.samples), see samples.sql.  The
# literals of test/data/samples/*.txt are seeds: hz.derive_samples() feeds
# them to the functions that return the extension's types.  Those of
# test/data/samples/extra/*.txt are added after the derivation, so they do
# not change what it derives (a text-id pairing state as a seed would make
# every derivation from bigint ids fail).
hz_load_literals() {
	local f=$1
	shift
	# one literal per line of type <file name>, COPY text format; '#' lines
	# are comments
	hz_sql "$@" -v typ="$(basename "$f" .txt)" -c "CREATE TEMP TABLE lit (l text)" \
		-c "\\copy lit FROM '$f' WITH (FORMAT text)" -f - >/dev/null <<'SQL'
-- a type that does not exist (yet) is skipped
SELECT hz.add_literals(t, array_agg(l)) FROM lit,
	(SELECT coalesce(to_regtype(format('%s.%I', (SELECT nsp FROM hz.ext), :'typ')), to_regtype(:'typ')) AS t) x
 WHERE l !~ '^#' AND l <> '' AND t IS NOT NULL GROUP BY t;
SQL
}
hz_setup_catalog() {
	hz_sql "$@" -v ext="$HZ_EXT" -f "$HZ_DIR/catalog.sql" >/dev/null
	local f
	for f in "$SM_ROOT"/test/data/samples/*.txt; do
		[ -e "$f" ] && hz_load_literals "$f" "$@"
	done
	hz_sql "$@" -c 'SELECT hz.derive_samples()' >/dev/null
	for f in "$SM_ROOT"/test/data/samples/extra/*.txt; do
		[ -e "$f" ] && hz_load_literals "$f" "$@"
	done
	return 0
}

# hz_wait_server: after a crash the server restarts; wait (30 s at most).
hz_wait_server() {
	local i
	for i in $(seq 1 60); do
		"$SM_BIN/psql" -qXAt -d postgres -c 'SELECT 1' >/dev/null 2>&1 && return 0
		sleep 0.5
	done
	return 1
}
