#!/usr/bin/env bash
# Instructions A/B: `bash bench/instructions.sh REF [ROWS]`.
#
# Counts, with callgrind, the instructions a backend executes for each
# pairing workload below, once with this tree's extension and once with
# commit REF's, on the same data directory and the same server binary; prints
# per workload the instructions beyond its floor query (the scan and the
# executor, equal in both) and their ratio, ours / REF.  For refactors: on
# this machine (2 vCPUs, no hardware counters in the guest) wall-clock A/B
# timings of queries that do not touch the extension vary by +-30 % between
# runs, far above the 3 % a refactor may cost; instruction counts are exact
# and repeat to the instruction.  They do not see cache misses: a change of
# memory layout needs bench/run.sh.
#
# Single-user backends (postgres --single), so no parallel workers; the
# parallel plan's extra work (flattening, reading flat states, combine) is
# the *_flat_io_combine workloads.  ROWS (default 300000) rows of
# bench/cases/55's shape (10 messages a conversation, 2,000 accounts), in
# time order and in a hostile order (by conversation, brand rows first).
# Results: bench/results/instructions/<version>-vs-<REF>.tsv (<version>:
# social_metrics.control).  Needs valgrind.
set -euo pipefail
SM_ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$SM_ROOT/tools/lib.sh"
REF=${1:?usage: bench/instructions.sh REF [ROWS]}
ROWS=${2:-300000}
export PG_CONFIG=$SM_SYSBIN/pg_config
command -v valgrind >/dev/null || { echo "valgrind is not installed" >&2; exit 2; }

work=$(mktemp -d /tmp/sm_instructions.XXXXXX)
out=$SM_ROOT/bench/results/instructions
mkdir -p "$out"
version=$(sed -n "s/^default_version = '\(.*\)'/\1/p" "$SM_ROOT/social_metrics.control")
cleanup() {
	git -C "$SM_ROOT" worktree remove --force "$work/ref-src" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

# the two installs: this tree, and REF in a worktree of its own
make -C "$SM_ROOT" -s clean >/dev/null
sm_build
sm_sandbox_create "$work/ours"
OURS=$SM_BIN
git -C "$SM_ROOT" worktree add -q --detach "$work/ref-src" "$REF"
(SM_ROOT=$work/ref-src; sm_build; sm_sandbox_create "$work/ref")
REFBIN=$work/ref$SM_SYSBIN
chmod 755 "$work"

# the data, with this tree's install (both versions have the same SQL objects)
mkdir -p "$work/data" "$work/sock"
[ "$(id -u)" -eq 0 ] && chown -R postgres: "$work/data" "$work/sock"
sm_as_server "$OURS/initdb" -D "$work/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
sm_as_server "$OURS/pg_ctl" -D "$work/data" -l "$work/data/server.log" -w \
	-o "-c listen_addresses='' -k $work/sock -c fsync=off" start >/dev/null
psql -h "$work/sock" -U postgres -d postgres -q -v ON_ERROR_STOP=1 -v rows="$ROWS" <<'SQL'
CREATE EXTENSION social_metrics;
CREATE TABLE t AS
SELECT (i - 1) / 10 + 1 AS conversation,
       ((i - 1) / 10 + 1)::text AS conv_text,
       (((i - 1) / 10) % 2000)::int AS account,
       timestamptz '2026-01-01' + ((i - 1) / 10) * interval '30 seconds'
         + ((i - 1) % 10) * interval '10 minutes' + (hashint8(i) & 511) * interval '1 second' AS at,
       (i - 1) % 10 > 0 AND (hashint8(i * 3) & 1023) < 450 AS from_brand
FROM generate_series(1, :rows) i
ORDER BY at;
CREATE TABLE t_brand_first AS SELECT * FROM t ORDER BY conversation, from_brand DESC, at;
VACUUM ANALYZE t;
VACUUM ANALYZE t_brand_first;
SQL
sm_as_server "$OURS/pg_ctl" -D "$work/data" -w stop >/dev/null

# name|floor|query: each query's instructions are counted net of its floor's
STATE_TEXT="SELECT ('v1' || string_agg(' ' || conversation || ':c=' || (conversation::bigint * 1000000) || ';r=' || (conversation::bigint * 1000000 + 60000000), '' ORDER BY conversation)) AS s FROM (SELECT DISTINCT conversation FROM t) c"
RWS_TEXT="SELECT ('v1 bigint block_start' || string_agg(' ' || conversation || ':c=' || (conversation::bigint * 1000000) || ';b=' || (conversation::bigint * 1000000 + 60000000), '' ORDER BY conversation)) AS s FROM (SELECT DISTINCT conversation FROM t) c"
workloads=(
	"floor||SELECT count(*) FROM t"
	"floor_state_text||SELECT length(s) FROM ($STATE_TEXT) x"
	"first_reply_sketch_per_account|floor|SELECT sum(p[1] + p[2] + p[3]) FROM (SELECT account, approx_percentiles(first_reply_sketch(conversation, at, from_brand), '{0.5,0.9,0.99}') AS p FROM t GROUP BY account) s"
	"first_reply_sketch_one_group|floor|SELECT approx_percentiles(first_reply_sketch(conversation, at, from_brand), '{0.5,0.9,0.99}') FROM t"
	"first_reply_sketch_brand_first|floor|SELECT approx_percentiles(first_reply_sketch(conversation, at, from_brand), '{0.5,0.9,0.99}') FROM t_brand_first"
	"first_reply_sketch_text_ids|floor|SELECT approx_percentiles(first_reply_sketch(conv_text, at, from_brand), '{0.5,0.9,0.99}') FROM t"
	"sla_attainment_per_account|floor|SELECT sum(a) FROM (SELECT account, sla_attainment(conversation, at, from_brand, 3600) AS a FROM t GROUP BY account) s"
	"unanswered_share_text_per_account|floor|SELECT sum(u) FROM (SELECT account, unanswered_share(conv_text, at, from_brand) AS u FROM t GROUP BY account) s"
	"reply_wait_sketch_per_account|floor|SELECT sum(p[1] + p[2] + p[3]) FROM (SELECT account, approx_percentiles(reply_wait_sketch(conversation, at, from_brand), '{0.5,0.9,0.99}') AS p FROM t GROUP BY account) s"
	"reply_wait_sketch_one_group|floor|SELECT approx_percentiles(reply_wait_sketch(conversation, at, from_brand), '{0.5,0.9,0.99}') FROM t"
	"first_reply_seconds_per_conversation|floor|SELECT sum(s) FROM (SELECT conversation, first_reply_seconds(at, from_brand) AS s FROM t GROUP BY conversation) c"
	"first_reply_sketch_flat_io_combine|floor_state_text|SELECT length(first_reply_sketch_combine(s, s)::text), length(first_reply_sketch_state_send(s)) FROM (SELECT s::first_reply_sketch_state AS s FROM ($STATE_TEXT) y) x"
	"reply_wait_sketch_flat_io_combine|floor_state_text|SELECT length(reply_wait_sketch_combine(s, s)::text), length(reply_wait_sketch_state_send(s)) FROM (SELECT s::reply_wait_sketch_state AS s FROM ($RWS_TEXT) y) x"
)

# count BIN NAME SQL: instructions of a single-user backend running SQL
count() {
	local bin=$1 name=$2 sql=$3 f=$work/$2.$RANDOM
	echo "$sql" > "$f.sql"
	chmod 644 "$f.sql"
	[ "$(id -u)" -eq 0 ] && chown postgres: "$work"
	sm_as_server valgrind --tool=callgrind --callgrind-out-file="$f.cg" \
		"$bin/postgres" --single -D "$work/data" -c work_mem=256MB -c jit=off postgres \
		< "$f.sql" > "$f.log" 2>&1
	if grep -q "ERROR" "$f.log"; then
		grep -m1 "ERROR" "$f.log" >&2
		exit 2
	fi
	awk '/^(summary|totals):/ { print $2; exit }' "$f.cg"
}

declare -A base_ours base_ref
tsv=$out/$version-vs-$REF.tsv
printf 'workload\tref_instructions\tours_instructions\tours_over_ref\n' > "$tsv"
printf '%-38s %15s %15s %9s\n' workload "$REF" ours ours/ref
for w in "${workloads[@]}"; do
	IFS='|' read -r name floor sql <<< "$w"
	r=$(count "$REFBIN" "$name" "$sql")
	o=$(count "$OURS" "$name" "$sql")
	if [ -z "$floor" ]; then
		base_ref[$name]=$r
		base_ours[$name]=$o
		continue
	fi
	r=$((r - base_ref[$floor]))
	o=$((o - base_ours[$floor]))
	ratio=$(awk -v o="$o" -v r="$r" 'BEGIN { printf "%.4f", o / r }')
	printf '%-38s %15d %15d %9s\n' "$name" "$r" "$o" "$ratio"
	printf '%s\t%d\t%d\t%s\n' "$name" "$r" "$o" "$ratio" >> "$tsv"
done
echo "results: $tsv"
