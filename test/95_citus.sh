#!/usr/bin/env bash
# Scale-out check with Citus (doc/citus.md): every aggregate of the
# extension, split by Citus into a partial aggregate on the workers and a
# combine on the coordinator, gives the same answer as on a single node.
# Citus 13 ships the partial states as text (worker_partial_agg /
# coord_combine_agg), Citus 14 in binary through the state type's send/recv
# (worker_binary_partial_agg / coord_binary_combine_agg): both paths are
# checked, on whichever Citus this PostgreSQL has.
#
# Citus is not packaged in Debian and nothing of it is in this repository.
# SM_CITUS_DESTDIR names a `make install DESTDIR=...` of a Citus build for
# this PostgreSQL major; without it, tools/citus.sh builds the matching
# release from ../shared/citus/ (13.2.2 for 15, 14.0.1 for 16-18) into a
# cache outside the checkout, once.  PostgreSQL 19 has no Citus release: the
# test then skips, saying so (tools/matrix.sh leaves it out there).
#
#   bash tools/test.sh citus                  # as part of the suite
#   bash test/95_citus.sh                     # alone (builds, own clusters)
#   bash test/95_citus.sh --plan              # print the README's plan and this Citus's split
#
# What it does:
#   1. copies the server sandbox (our extension installed) plus Citus's files
#      into a private prefix, starts a coordinator and two workers (each its
#      own throwaway cluster, Unix socket only, shared_preload_libraries=citus;
#      the workers with output settings unlike the coordinator's, since Citus
#      prints partial states in worker sessions);
#   2. CREATE EXTENSION citus on every node, adds a worker, CREATE EXTENSION
#      social_metrics on the coordinator only, adds the second worker; checks
#      that Citus put the extension on both workers;
#   3. creates the same deterministic tables on the coordinator (distributed:
#      posts by post_id, mentions by mention_id, messages by msg_id, sketches
#      and states by id) and on the single-node oracle (the suite's plain
#      cluster), and checks that they hold the same rows;
#   4. for every aggregate overload that is a member of the extension
#      (pg_aggregate x pg_depend, so new ones are picked up; MAP below says
#      which columns or constants feed which arguments, an aggregate it
#      cannot map fails): a query grouped by a column that is NOT the
#      distribution column must show the partial aggregate in the workers'
#      task and the combine on the coordinator; its rows, those without
#      GROUP BY and those grouped by the distribution column must equal the
#      single node's: float8 within 1e-12 relative, everything else as exact
#      text;
#   5. controls that prove the checks can fail: an aggregate with a named
#      composite state and a combine function must pass; one without a
#      combine function must not be split; on the text path, one whose
#      float8 state goes through float8out must give different rows (workers
#      print it with extra_float_digits = -15); on the binary path, one whose
#      send/recv loses a field (test/unit/citus_controls.c) must;
#   6. the scale-out scenario of doc/citus.md (test/citus/scenario.sh): the
#      sample schema distributed as a user would, the report's queries on it;
#   7. what crosses the network: the bytes the workers ship for one grouped
#      query (partial states) against the bytes of the rows a gather would
#      ship (Citus's EXPLAIN ANALYZE "Tuple data received from nodes"; on
#      the text split, which Citus 13 cannot EXPLAIN ANALYZE, the text bytes
#      of the task results, summed over the shards).
# The last line counts the overloads checked and the failures; with
# SM_CITUS_SUMMARY=FILE it is also written to FILE (CI prints it).
set -euo pipefail

mode=check
case ${1:-} in
--plan) mode=plan ;;
"") ;;
*) echo "usage: $0 [--plan]" >&2; exit 2 ;;
esac

# --- Citus: the given install, or the matching release built from ../shared -------------
if [ -z "${SM_PGVER:-}" ]; then
	# shellcheck source=tools/lib.sh
	source "$(dirname "${BASH_SOURCE[0]}")/../tools/lib.sh"
fi
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [ -z "${SM_CITUS_DESTDIR:-}" ]; then
	set +e
	SM_CITUS_DESTDIR=$(bash "$here/../tools/citus.sh" destdir "$SM_PGVER")
	rc=$?
	set -e
	if [ "$rc" -eq 77 ]; then
		echo "$SM_CITUS_DESTDIR"
		exit 77
	fi
	[ "$rc" -eq 0 ] || { echo "building Citus failed (tools/citus.sh exit $rc)"; exit 1; }
fi
pg_config=/usr/lib/postgresql/$SM_PGVER/bin/pg_config
pkglibdir=$("$pg_config" --pkglibdir)
sharedir=$("$pg_config" --sharedir)
if [ ! -f "$SM_CITUS_DESTDIR$pkglibdir/citus.so" ]; then
	echo "no citus.so in $SM_CITUS_DESTDIR$pkglibdir (SM_CITUS_DESTDIR must be a 'make install DESTDIR=' of Citus for PostgreSQL $SM_PGVER)"
	exit 1
fi

# --- standalone: build and start what tools/test.sh would have given us ----------
standalone=
if [ -z "${SM_BIN:-}" ] || [ -z "${SM_SANDBOX:-}" ]; then
	standalone=1
	# shellcheck source=tools/lib.sh
	source "$(dirname "${BASH_SOURCE[0]}")/../tools/lib.sh"
	sm_deps "${SM_BASE_PACKAGES[@]}"
	sm_build ""
	sm_workdir
	sm_sandbox_create "$SM_WORK/install"
	SM_SANDBOX=$SM_WORK/install
	SM_TMP=$SM_WORK/tmp
	mkdir -p "$SM_TMP"
	[ "$(id -u)" -eq 0 ] && chown postgres: "$SM_TMP"
	sm_cluster_start "$SM_WORK/cluster" >&2
	export PGDATABASE=postgres
fi

# In --plan mode only the plan goes to stdout.
exec 3>&1
[ "$mode" = plan ] && exec 1>&2

as_server() {
	if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

# --- private prefix: the sandbox plus Citus ---------------------------------------
base=$SM_TMP/citus
rm -rf "$base"
mkdir -p "$base"
prefix=$base/prefix
cp -a "$SM_SANDBOX" "$prefix"
cp -a "$SM_CITUS_DESTDIR$pkglibdir/." "$prefix$pkglibdir/"
cp -a "$SM_CITUS_DESTDIR$sharedir/extension/." "$prefix$sharedir/extension/"
bin=$prefix/usr/lib/postgresql/$SM_PGVER/bin
sock=$base/sock
mkdir -p "$sock"
[ "$(id -u)" -eq 0 ] && chown -R postgres: "$base"

nodes=(coord w1 w2)
declare -A port=([coord]=5432 [w1]=5433 [w2]=5434)
started=()

cleanup() {
	local n
	for n in "${started[@]}"; do
		as_server "$bin/pg_ctl" -D "$base/$n" -m immediate -w stop >/dev/null 2>&1 || true
	done
	[ -n "${SM_KEEP:-}" ] || rm -rf "$base"
	if [ -n "$standalone" ]; then
		sm_cluster_stop
		[ -n "${SM_KEEP:-}" ] || rm -rf "$SM_WORK"
	fi
}
trap cleanup EXIT

fail() { printf 'FAIL: %s\n' "$*"; failures=$((failures + 1)); }
failures=0

# psql on a Citus node, or on the single-node oracle (the suite's cluster).
on() {
	local n=$1
	shift
	"$bin/psql" -h "$sock" -p "${port[$n]}" -U postgres -d postgres -qXAt -v ON_ERROR_STOP=1 "$@"
}
single() {
	"$SM_BIN/psql" -qXAt -v ON_ERROR_STOP=1 "$@"
}

# --- start the three nodes ------------------------------------------------------------------
start=$(date +%s)
for n in "${nodes[@]}"; do
	# One initdb, copied for the workers (initdb is the slow part).
	if [ "$n" = coord ]; then
		as_server "$bin/initdb" -D "$base/$n" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
		as_server cp -a "$base/$n" "$base/template"
	else
		as_server cp -a "$base/template" "$base/$n"
	fi
	if [ "$n" != coord ]; then
		# Citus ships partial states as text produced in a worker session with
		# the worker's settings; make them as unlike the coordinator's as
		# possible, so a state whose text form depends on a setting shows up.
		cat >>"$base/$n/postgresql.conf" <<-'CONF'
			extra_float_digits = -15
			DateStyle = 'SQL, DMY'
			IntervalStyle = 'iso_8601'
			TimeZone = 'Pacific/Chatham'
			bytea_output = 'escape'
		CONF
	fi
	as_server "$bin/pg_ctl" -D "$base/$n" -l "$base/$n.log" -w -t 60 \
		-o "-c listen_addresses='' -k $sock -p ${port[$n]} -c shared_preload_libraries=citus \
		    -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_worker_processes=16 \
		    -c max_parallel_workers_per_gather=0 -c citus.shard_count=8 \
		    -c citus.enable_statistics_collection=off" \
		start >/dev/null || { tail -20 "$base/$n.log"; exit 1; }
	started+=("$n")
	on "$n" -c 'CREATE EXTENSION citus'
done
on coord -c "SELECT citus_set_coordinator_host('$sock', ${port[coord]})" >/dev/null
# One worker before CREATE EXTENSION social_metrics (Citus runs it there too),
# one after (citus_add_node copies the extension to the new node).
on coord -c "SELECT citus_add_node('$sock', ${port[w1]})" >/dev/null
on coord -c 'CREATE EXTENSION social_metrics'
on coord -c "SELECT citus_add_node('$sock', ${port[w2]})" >/dev/null
single -c 'DROP EXTENSION IF EXISTS social_metrics CASCADE' -c 'CREATE EXTENSION social_metrics' 2>/dev/null

citus_version=$(on coord -c "SELECT extversion FROM pg_extension WHERE extname = 'citus'")
sm_version=$(on coord -c "SELECT extversion FROM pg_extension WHERE extname = 'social_metrics'")
echo "citus $citus_version, social_metrics $sm_version: coordinator + $(on coord -c 'SELECT count(*) FROM pg_dist_node WHERE noderole = '\''primary'\'' AND groupid <> 0') workers up in $(($(date +%s) - start)) s"
# CREATE EXTENSION on the coordinator must have reached every worker.
for n in w1 w2; do
	v=$(on "$n" -c "SELECT extversion FROM pg_extension WHERE extname = 'social_metrics'")
	[ "$v" = "$sm_version" ] || fail "social_metrics not propagated to $n (got '$v')"
done

declare -A DIST=([posts]=post_id [mentions]=mention_id [messages]=msg_id [daily_sketches]=id
	[daily_states]=id [snapshots]=snap_id)

# --- deterministic data, the same SQL on both sides --------------------------------------
# u(i, salt): a uniform number in (0, 1) from a hash of the row number.
data_sql() {
	cat <<'SQL'
CREATE FUNCTION u(i bigint, salt int) RETURNS float8 IMMUTABLE LANGUAGE sql
	AS $$ SELECT ((hashint8(i * 1000003 + salt) & 2147483647)::float8 + 0.5) / 2147483648 $$;

-- posts: heavy-tailed impressions, some 0 or NULL, a few negative deltas.
CREATE TABLE posts (post_id bigint NOT NULL, account_id int NOT NULL, week int NOT NULL,
	engagements bigint, impressions bigint, reach bigint,
	eng_i int, imp_i int, eng_f float8, imp_f float8, eng_n numeric, imp_n numeric);
\if :citus
SELECT create_distributed_table('posts', 'post_id');
\endif
INSERT INTO posts
SELECT i, 1 + i % 37, 1 + (i / 997) % 12, e, d, r, e::int, d::int, e / 7.0, d / 7.0, e / 7.0, d / 7.0
FROM (SELECT i,
		CASE WHEN u(i, 1) < 0.01 THEN NULL
			 WHEN u(i, 1) < 0.02 THEN -1 - floor(5 * u(i, 2))::bigint
			 ELSE floor(u(i, 2) * 0.08 * floor(50 * exp(6 * u(i, 3))))::bigint END AS e,
		CASE WHEN u(i, 4) < 0.01 THEN NULL
			 WHEN u(i, 4) < 0.04 THEN 0
			 ELSE floor(50 * exp(6 * u(i, 3)))::bigint END AS d,
		floor(30 * exp(5 * u(i, 3)))::bigint AS r
	  FROM generate_series(1, 20000) i) s;

-- mentions: ~10 brands with Zipf skew, sentiment in [-1, 1] (neutral and NULL
-- rows too), weights >= 0, response times from seconds to days.
CREATE TABLE mentions (mention_id bigint NOT NULL, day int NOT NULL, brand text,
	sentiment float8, weight float8, response_secs float8, response_iv interval);
\if :citus
SELECT create_distributed_table('mentions', 'mention_id');
\endif
INSERT INTO mentions
SELECT i, 1 + i % 30,
	CASE WHEN u(i, 5) < 0.01 THEN NULL
		 ELSE 'brand_' || lpad(least(10, floor(1 / u(i, 6)))::int::text, 2, '0') END,
	CASE WHEN u(i, 7) < 0.02 THEN NULL
		 WHEN u(i, 7) < 0.25 THEN 0
		 ELSE round((2 * u(i, 8) - 1)::numeric, 3)::float8 END,
	CASE WHEN u(i, 9) < 0.02 THEN 0 ELSE floor(1 + 100 * u(i, 9) ^ 3) END,
	s, make_interval(secs => s)
FROM (SELECT i, round((5 * exp(11 * u(i, 10)))::numeric, 3)::float8 AS s
	  FROM generate_series(1, 20000) i) t;

-- messages: 800 conversations of 1-8 messages, customer and brand turns,
-- some equal timestamps; distributed by msg_id, so every conversation is
-- split across shards (what a parallel scan does too).
-- The conversation id comes as bigint, as text (ticket numbers '1' to '800':
-- 1 to 3 bytes) and as uuid.
CREATE TABLE messages (msg_id bigint NOT NULL, conversation_id bigint NOT NULL,
	conv_text text NOT NULL, conv_uuid uuid NOT NULL,
	account_id int NOT NULL, at timestamptz NOT NULL, from_brand bool NOT NULL);
\if :citus
SELECT create_distributed_table('messages', 'msg_id');
\endif
INSERT INTO messages
SELECT c * 16 + k, c, c::text, md5('conversation ' || c)::uuid, 1 + c % 11,
	timestamptz '2026-03-02 08:00:00+00' + c * interval '37 min'
		+ floor(k * 600 * u(c * 16 + k, 11)) * interval '1 s' + k * interval '5 min',
	k > 0 AND u(c * 16 + k, 12) < 0.45
FROM generate_series(1, 800) c, generate_series(0, 7) k
WHERE k < 1 + floor(8 * u(c, 13));
-- daily sketches per account, built locally (not through Citus).
CREATE TABLE daily_sketches (id int NOT NULL, account_id int NOT NULL, day int NOT NULL, sk quantile_sketch);
\if :citus
SELECT create_distributed_table('daily_sketches', 'id');
\endif
INSERT INTO daily_sketches
SELECT a * 100 + d, a, d, quantile_sketch(v)
FROM (SELECT (i / 30) % 5 AS a, i % 30 AS d, round((5 * exp(11 * u(i, 14)))::numeric, 3)::float8 AS v
	  FROM generate_series(1, 30000) i) s
GROUP BY a, d;

-- weekly interval states per account (for rollup), built by the extension's
-- aggregates (on Citus, through Citus: the table check below compares them).
CREATE TABLE daily_states (id int NOT NULL, account_id int NOT NULL, week int NOT NULL,
	rs ratio_ci_state, ms mean_ci_state, ls ratio_lift_state);
\if :citus
SELECT create_distributed_table('daily_states', 'id');
\endif
INSERT INTO daily_states
SELECT account_id * 100 + week, account_id, week,
	engagement_rate_ci_state(engagements, impressions), avg_engagement_rate_ci_state(engagements, impressions),
	engagement_rate_lift_state(engagements, impressions, post_id % 3 = 0)
FROM posts GROUP BY account_id, week;

-- follower snapshots: 12 accounts, one a day for 90 days, noisy growth.
CREATE TABLE snapshots (snap_id bigint NOT NULL, account_id int NOT NULL, at timestamptz NOT NULL,
	followers float8 NOT NULL);
\if :citus
SELECT create_distributed_table('snapshots', 'snap_id');
\endif
INSERT INTO snapshots
SELECT a * 1000 + d, a, timestamptz '2026-01-01 06:00+00' + d * interval '1 day' + a * interval '1 min',
	round(1000 * a * exp(0.004 * d) + 40 * (u(a * 1000 + d, 15) - 0.5))
FROM generate_series(1, 12) a, generate_series(0, 89) d;

-- controls: a ratio aggregate with a named composite state type and a
-- combine function (must be pushed down), and one without a combine
-- function (must not be).
CREATE TYPE ctl_ratio_state AS (num bigint, den bigint);
CREATE FUNCTION ctl_ratio_sfunc(s ctl_ratio_state, n bigint, d bigint) RETURNS ctl_ratio_state
	IMMUTABLE STRICT LANGUAGE sql AS $$ SELECT ROW(s.num + n, s.den + d)::ctl_ratio_state $$;
CREATE FUNCTION ctl_ratio_combine(a ctl_ratio_state, b ctl_ratio_state) RETURNS ctl_ratio_state
	IMMUTABLE STRICT LANGUAGE sql AS $$ SELECT ROW(a.num + b.num, a.den + b.den)::ctl_ratio_state $$;
CREATE FUNCTION ctl_ratio_final(s ctl_ratio_state) RETURNS float8
	IMMUTABLE LANGUAGE sql AS $$ SELECT s.num::float8 / nullif(s.den, 0) $$;
CREATE AGGREGATE ctl_ratio(bigint, bigint) (SFUNC = ctl_ratio_sfunc, STYPE = ctl_ratio_state,
	COMBINEFUNC = ctl_ratio_combine, FINALFUNC = ctl_ratio_final, INITCOND = '(0,0)', PARALLEL = SAFE);
CREATE AGGREGATE ctl_nocombine(bigint, bigint) (SFUNC = ctl_ratio_sfunc, STYPE = ctl_ratio_state,
	FINALFUNC = ctl_ratio_final, INITCOND = '(0,0)');
-- a mean whose state holds a float8: its text form goes through float8out,
-- which obeys the worker's extra_float_digits (-15 here): the control that
-- shows why our state types print doubles in a setting-independent way.
CREATE TYPE ctl_favg_state AS (sum float8, n bigint);
CREATE FUNCTION ctl_favg_sfunc(s ctl_favg_state, v float8) RETURNS ctl_favg_state
	IMMUTABLE STRICT LANGUAGE sql AS $$ SELECT ROW(s.sum + v, s.n + 1)::ctl_favg_state $$;
CREATE FUNCTION ctl_favg_combine(a ctl_favg_state, b ctl_favg_state) RETURNS ctl_favg_state
	IMMUTABLE STRICT LANGUAGE sql AS $$ SELECT ROW(a.sum + b.sum, a.n + b.n)::ctl_favg_state $$;
CREATE FUNCTION ctl_favg_final(s ctl_favg_state) RETURNS float8
	IMMUTABLE LANGUAGE sql AS $$ SELECT s.sum / nullif(s.n, 0) $$;
CREATE AGGREGATE ctl_favg(float8) (SFUNC = ctl_favg_sfunc, STYPE = ctl_favg_state,
	COMBINEFUNC = ctl_favg_combine, FINALFUNC = ctl_favg_final, INITCOND = '(0,0)', PARALLEL = SAFE);
ANALYZE;
SQL
}
data_sql | on coord -v citus=1 >/dev/null
data_sql | single -v citus=0 >/dev/null
# The data must be the same on both sides before results are compared. The
# rows are printed by the coordinator (text expressions such as t::text would
# be evaluated on the workers, with the workers' settings).
for t in posts mentions messages daily_sketches daily_states snapshots; do
	a=$(on coord -c "SELECT * FROM $t ORDER BY ${DIST[$t]}" | md5sum | cut -c1-32)
	b=$(single -c "SELECT * FROM $t ORDER BY ${DIST[$t]}" | md5sum | cut -c1-32)
	rows=$(single -c "SELECT count(*) FROM $t")
	if [ "$a" = "$b" ]; then echo "ok - table $t identical on both sides ($rows rows, md5 $a)"; else fail "table $t differs: md5 $a distributed, $b single node"; fi
done

# --- the map: aggregate -> table | group column | arguments ----------------------------
# A key is an aggregate's exact signature (as regprocedure prints it), or its
# name where every overload maps alike.  Arguments are either given in order
# ("@expr,expr,...": columns and constants), or picked in order from the
# list of their type ("type=expr,expr;type=..."), so one entry serves the
# bigint, integer, float8 and numeric overloads.  Non-data arguments
# (confidence, target, mode, calendar, focus brand) are constants.  The group
# column is never the table's distribution column.  An aggregate that is not
# listed falls back to the "posts/mentions/messages" columns of its argument
# types in the order of FALLBACK; one that cannot be mapped fails.
cal="'Europe/Helsinki; mon-fri 09:00-17:00; sat 10:00-14:00'::business_calendar"
declare -A MAP=(
	[engagement_rate_agg]="posts|account_id|bigint=engagements,impressions;integer=eng_i,imp_i;double precision=eng_f,imp_f;numeric=eng_n,imp_n"
	[avg_engagement_rate]="posts|account_id|bigint=engagements,impressions;integer=eng_i,imp_i;double precision=eng_f,imp_f;numeric=eng_n,imp_n"
	[engagement_rate_ci]="posts|account_id|bigint=engagements,impressions;double precision=eng_f,imp_f"
	["engagement_rate_ci(bigint,bigint,double precision)"]="posts|account_id|@engagements,impressions,0.9"
	["engagement_rate_ci(double precision,double precision,double precision)"]="posts|account_id|@eng_f,imp_f,0.9"
	[engagement_rate_ci_state]="posts|account_id|bigint=engagements,impressions;double precision=eng_f,imp_f"
	[avg_engagement_rate_ci]="posts|account_id|bigint=engagements,impressions;double precision=eng_f,imp_f"
	["avg_engagement_rate_ci(bigint,bigint,double precision)"]="posts|account_id|@engagements,impressions,0.9"
	["avg_engagement_rate_ci(double precision,double precision,double precision)"]="posts|account_id|@eng_f,imp_f,0.9"
	[avg_engagement_rate_ci_state]="posts|account_id|bigint=engagements,impressions;double precision=eng_f,imp_f"
	[share_of_voice]="mentions|day|text=brand,'brand_02';double precision=weight"
	[net_sentiment]="mentions|day|double precision=sentiment"
	[quantile_sketch]="mentions|day|double precision=response_secs,0.02;interval=response_iv"
	["quantile_sketch(interval,double precision)"]="mentions|day|interval=response_iv;double precision=0.02"
	["rollup(quantile_sketch)"]="daily_sketches|account_id|@sk"
	["rollup(ratio_ci_state)"]="daily_states|account_id|@rs"
	["rollup(mean_ci_state)"]="daily_states|account_id|@ms"
	["rollup(ratio_lift_state)"]="daily_states|account_id|@ls"
	["engagement_rate_lift(bigint,bigint,boolean)"]="posts|account_id|@engagements,impressions,post_id % 3 = 0"
	["engagement_rate_lift(bigint,bigint,boolean,double precision)"]="posts|account_id|@engagements,impressions,post_id % 3 = 0,0.9"
	["engagement_rate_lift(double precision,double precision,boolean)"]="posts|account_id|@eng_f,imp_f,post_id % 3 = 0"
	["engagement_rate_lift(double precision,double precision,boolean,double precision)"]="posts|account_id|@eng_f,imp_f,post_id % 3 = 0,0.9"
	["engagement_rate_lift_state(bigint,bigint,boolean)"]="posts|account_id|@engagements,impressions,post_id % 3 = 0"
	["engagement_rate_lift_state(double precision,double precision,boolean)"]="posts|account_id|@eng_f,imp_f,post_id % 3 = 0"
	[growth_rate]="snapshots|account_id|@followers,at"
	[growth_change]="snapshots|account_id|@followers,at"
	[first_reply_seconds]="messages|conversation_id|@at,from_brand"
	[first_reply_time]="messages|conversation_id|@at,from_brand"
	[ctl_ratio]="posts|account_id|bigint=engagements,impressions"
	[ctl_nocombine]="posts|account_id|bigint=engagements,impressions"
	[ctl_favg]="mentions|day|double precision=response_secs"
	[ctl_lossy_avg]="mentions|day|double precision=response_secs"
)
# The pairing aggregates, for each id type: the id column, then time and
# sender, then the aggregate's constants.
for id in bigint:conversation_id text:conv_text uuid:conv_uuid; do
	t=${id%%:*} col=${id#*:} ts='timestamp with time zone'
	for agg in first_reply_sketch unanswered_count unanswered_share reply_wait_sketch; do
		MAP["$agg($t,$ts,boolean)"]="messages|account_id|@$col,at,from_brand"
	done
	MAP["first_reply_sketch($t,$ts,boolean,business_calendar)"]="messages|account_id|@$col,at,from_brand,$cal"
	MAP["first_reply_pairing($t,$ts,boolean)"]="messages|account_id|@$col,at,from_brand"
	MAP["first_reply_pairing($t,$ts,boolean,business_calendar)"]="messages|account_id|@$col,at,from_brand,$cal"
	MAP["sla_attainment($t,$ts,boolean,double precision)"]="messages|account_id|@$col,at,from_brand,3600"
	MAP["sla_attainment($t,$ts,boolean,double precision,business_calendar)"]="messages|account_id|@$col,at,from_brand,1800,$cal"
	MAP["sla_counts($t,$ts,boolean,double precision)"]="messages|account_id|@$col,at,from_brand,3600"
	MAP["sla_counts($t,$ts,boolean,double precision,business_calendar)"]="messages|account_id|@$col,at,from_brand,1800,$cal"
	MAP["reply_wait_sketch($t,$ts,boolean,text)"]="messages|account_id|@$col,at,from_brand,'every'"
done
FALLBACK=(
	"posts|account_id|bigint=engagements,impressions;integer=eng_i,imp_i;double precision=eng_f,imp_f;numeric=eng_n,imp_n"
	"mentions|day|text=brand,'brand_02';double precision=response_secs,weight;interval=response_iv"
	"messages|conversation_id|timestamp with time zone=at;boolean=from_brand;bigint=conversation_id"
)

# build_call NAME "type1|type2|..." SPEC -> prints "table|group|call" or fails
build_call() {
	local name=$1 types=$2 spec=$3 table group argspec
	IFS='|' read -r table group argspec <<<"$spec"
	if [ "${argspec:0:1}" = @ ]; then
		printf '%s|%s|%s(%s)\n' "$table" "$group" "$name" "${argspec:1}"
		return 0
	fi
	declare -A pool=() used=()
	local item t
	IFS=';' read -ra items <<<"$argspec"
	for item in "${items[@]}"; do pool[${item%%=*}]=${item#*=}; done
	local args=() list
	IFS='|' read -ra tlist <<<"$types"
	for t in "${tlist[@]}"; do
		[ -n "$t" ] || continue
		list=${pool[$t]:-}
		[ -n "$list" ] || return 1
		local k=${used[$t]:-0}
		IFS=',' read -ra cols <<<"$list"
		[ "$k" -lt ${#cols[@]} ] || return 1
		args+=("${cols[$k]}")
		used[$t]=$((k + 1))
	done
	local IFS=,
	printf '%s|%s|%s(%s)\n' "$table" "$group" "$name" "${args[*]}"
}

# same RETTYPE: are the rows in $base/dist and $base/single equal? float8
# columns may differ by 1e-12 relative (doc/design.md), the rest must be equal text.
same() {
	local rettype=$1
	cmp -s "$base/dist" "$base/single" && return 0
	case $rettype in "double precision" | "double precision[]") ;; *) return 1 ;; esac
	[ "$(wc -l <"$base/dist")" = "$(wc -l <"$base/single")" ] || return 1
	# fields split at | and inside arrays at { , }
	paste -d '\n' "$base/dist" "$base/single" | awk -v num='^-?[0-9]+(\\.[0-9]*)?(e[-+]?[0-9]+)?$' '
		NR % 2 == 1 { na = split($0, a, /[|{},]/); next }
		{ n = split($0, b, /[|{},]/); if (n != na) exit 1
		  for (j = 1; j <= n; j++) {
			if (a[j] == b[j]) continue
			# only two numbers may differ, and only by 1e-12 relative
			if (a[j] !~ num || b[j] !~ num) exit 1
			d = a[j] - b[j]; if (d < 0) d = -d
			m = b[j] < 0 ? -b[j] : b[j]
			if (d > 1e-12 * m) exit 1
			inexact++
		  } }
		END { if (inexact) printf "    (%d float8 values equal only within 1e-12)\n", inexact }'
}

# run_both QUERY: the query on the coordinator and on the single node.
run_both() {
	on coord -c "$1" >"$base/dist" 2>&1 || { echo "distributed: $(head -3 "$base/dist")"; return 1; }
	single -c "$1" >"$base/single" 2>&1 || { echo "single node: $(head -3 "$base/single")"; return 1; }
}

# check_agg SIGNATURE NAME TYPES RETTYPE EXPECT
# EXPECT: push   (pushed down as a partial aggregate, same rows as one node),
#         nopush (control: must not show worker_partial_agg),
#         wrong  (control: pushed down, rows must differ from one node).
check_agg() {
	local sig=$1 name=$2 types=$3 rettype=$4 expect=$5 mapped='' spec err
	local key=${sig##*.}
	[ -n "${MAP[$key]:-}" ] || key=$name
	if [ -n "${MAP[$key]:-}" ]; then
		mapped=$(build_call "$name" "$types" "${MAP[$key]}") || mapped=
	fi
	if [ -z "$mapped" ]; then
		for spec in "${FALLBACK[@]}"; do
			mapped=$(build_call "$name" "$types" "$spec") && break
			mapped=
		done
	fi
	if [ -z "$mapped" ]; then
		fail "$sig: no mapping to the test tables (add one to MAP in test/95_citus.sh)"
		return
	fi
	local table group call
	IFS='|' read -r table group call <<<"$mapped"

	# 1. grouped by a column that is not the distribution column: partial
	#    aggregation on the workers, states shipped as text (Citus 13) or
	#    through send/recv (Citus 14), combined on the coordinator.
	local q="SELECT $group, $call FROM $table GROUP BY $group ORDER BY $group" plan
	if ! plan=$(on coord -c "EXPLAIN (VERBOSE, COSTS OFF) $q" 2>&1); then
		fail "$sig: EXPLAIN failed: $plan"
		return
	fi
	local task_query pushed=no combine=no split=
	task_query=$(grep -m1 -E '^ *Query: ' <<<"$plan" || true)
	if grep -q 'worker_binary_partial_agg' <<<"$task_query"; then
		pushed=yes split=binary
	elif grep -q 'worker_partial_agg' <<<"$task_query"; then
		pushed=yes split=text
	fi
	grep -qE 'coord_(binary_)?combine_agg' <<<"$plan" && combine=yes
	# a control's expectation may depend on the split: it must give wrong
	# rows on the path whose defect it carries, the right ones on the other
	case $expect in
	wrong-if-text) if [ "$split" = text ]; then expect=wrong; else expect=push; fi ;;
	wrong-if-binary) if [ "$split" = binary ]; then expect=wrong; else expect=push; fi ;;
	esac
	case $expect in
	push | wrong)
		if [ $pushed = no ] || [ $combine = no ]; then
			fail "$sig: not pushed down as a partial aggregate (partial aggregate in task: $pushed, combine on the coordinator: $combine)"
			sed 's/^/    /' <<<"$plan" | head -30
			return
		fi
		splits[$split]=$((${splits[$split]:-0} + 1)) ;;
	nopush)
		if [ $pushed = yes ]; then
			fail "$sig (control without COMBINEFUNC): a partial aggregate shown: the plan check cannot tell"
			return
		fi ;;
	esac
	if ! err=$(run_both "$q"); then fail "$sig: $err"; return; fi
	local groups
	groups=$(wc -l <"$base/single")
	if [ "$expect" = wrong ]; then
		if same "$rettype" >/dev/null; then
			fail "$sig (control): same rows as one node: the result check cannot tell"
		else
			printf 'ok - %-56s %s GROUP BY %s (%s groups): %s split, rows differ from one node (as expected)\n' \
				"$sig" "$table" "$group" "$groups" "$split"
			wrong_controls=$((wrong_controls + 1))
		fi
		return
	fi
	local ok=1 note
	if ! note=$(same "$rettype"); then
		fail "$sig GROUP BY $group: distributed rows differ from the single node"
		diff "$base/single" "$base/dist" | head -10 | sed 's/^/    /'
		ok=
	fi

	# 2. no GROUP BY: one partial state per shard, combined on the coordinator.
	if ! err=$(run_both "SELECT $call FROM $table"); then fail "$sig: $err"; return; fi
	if ! note+=$(same "$rettype"); then
		fail "$sig without GROUP BY: distributed result differs from the single node"
		diff "$base/single" "$base/dist" | head -5 | sed 's/^/    /'
		ok=
	fi

	# 3. grouped by the distribution column: the aggregate runs whole on the
	#    workers and only its result travels (binary protocol where the result
	#    type has send/recv).
	local dcol=${DIST[$table]}
	q="SELECT $dcol, $call FROM $table GROUP BY $dcol ORDER BY $dcol"
	if ! err=$(run_both "$q"); then fail "$sig: $err"; return; fi
	if ! note+=$(same "$rettype"); then
		fail "$sig GROUP BY $dcol (the distribution column): distributed rows differ from the single node"
		diff "$base/single" "$base/dist" | head -5 | sed 's/^/    /'
		ok=
	fi
	local how="$split split"
	[ "$expect" = nopush ] && how='not pushed (as expected)'
	if [ -n "$ok" ]; then
		printf 'ok - %-56s %s GROUP BY %s (%s groups): %s; same rows as one node\n' \
			"$sig" "$table" "$group" "$groups" "$how"
		[ -z "$note" ] || echo "$note"
	fi
}

# --- the showcase plan for the README ---------------------------------------------------
show_plan() {
	# The richest query the installed extension allows: the mention KPIs of a
	# day (share of voice, net sentiment, p90 of response time through the
	# sketch), else the engagement rate of an account, else the control.
	local q have
	# (by name: to_regprocedure() raises an error on a type that does not exist)
	have=$(single -c "SELECT count(DISTINCT proname) FROM pg_proc
		WHERE proname IN ('share_of_voice', 'net_sentiment', 'quantile_sketch', 'approx_percentile')")
	if [ "$have" = 4 ]; then
		echo "-- mentions is distributed by mention_id (8 shards on 2 workers); grouped by day"
		q="SELECT day,
       share_of_voice(brand, 'brand_02') AS sov,
       net_sentiment(sentiment) AS net,
       approx_percentile(quantile_sketch(response_secs), 0.9) AS p90_secs
FROM mentions
GROUP BY day"
	elif [ "$(single -c "SELECT to_regprocedure('engagement_rate_agg(bigint,bigint)') IS NOT NULL")" = t ]; then
		echo "-- posts is distributed by post_id (8 shards on 2 workers); grouped by account_id"
		q="SELECT account_id, engagement_rate_agg(engagements, impressions) FROM posts GROUP BY account_id"
	else
		echo "-- posts is distributed by post_id (8 shards on 2 workers); grouped by account_id"
		q="SELECT account_id, ctl_ratio(engagements, impressions) FROM posts GROUP BY account_id"
	fi
	local plan
	plan=$(on coord -c "SET citus.explain_all_tasks = off" -c "EXPLAIN (VERBOSE, COSTS OFF) $q" |
		sed -E "s|host=[^ ]+ port=${port[w1]}|host=worker-1 port=5432|; s|host=[^ ]+ port=${port[w2]}|host=worker-2 port=5432|")
	# which split this Citus uses
	if grep -q worker_binary_partial_agg <<<"$plan"; then
		echo "-- Citus $citus_version: binary split (worker_binary_partial_agg on the workers, state send;"
		echo "-- coord_binary_combine_agg on the coordinator, state receive + combine)"
	elif grep -q worker_partial_agg <<<"$plan"; then
		echo "-- Citus $citus_version: text split (worker_partial_agg on the workers, state output;"
		echo "-- coord_combine_agg on the coordinator, state input + combine)"
	else
		echo "-- Citus $citus_version: not split"
	fi
	echo "EXPLAIN (VERBOSE, COSTS OFF)"
	echo "$q;"
	echo "$plan"
}
if [ "$mode" = plan ]; then
	show_plan >&3
	exit 0
fi

# --- controls ---------------------------------------------------------------------------------
# The binary-path control: a C state type whose send/recv drops its count
# (test/unit/citus_controls.c), loaded from this test's scratch directory on
# every node and on the single node.
cc -O1 -fPIC -shared -Wall -Werror -I"$("$pg_config" --includedir-server)" \
	-o "$base/citus_controls.so" "$here/unit/citus_controls.c"
chmod a+rx "$base" && chmod a+r "$base/citus_controls.so"
lossy_sql() {
	cat <<'SQL'
CREATE TYPE ctl_lossy_state;
CREATE FUNCTION ctl_lossy_in(cstring) RETURNS ctl_lossy_state AS :'lib' LANGUAGE C IMMUTABLE STRICT;
CREATE FUNCTION ctl_lossy_out(ctl_lossy_state) RETURNS cstring AS :'lib' LANGUAGE C IMMUTABLE STRICT;
CREATE FUNCTION ctl_lossy_send(ctl_lossy_state) RETURNS bytea AS :'lib' LANGUAGE C IMMUTABLE STRICT;
CREATE FUNCTION ctl_lossy_recv(internal) RETURNS ctl_lossy_state AS :'lib' LANGUAGE C IMMUTABLE STRICT;
CREATE TYPE ctl_lossy_state (INPUT = ctl_lossy_in, OUTPUT = ctl_lossy_out, SEND = ctl_lossy_send,
	RECEIVE = ctl_lossy_recv, INTERNALLENGTH = 16, ALIGNMENT = double);
CREATE FUNCTION ctl_lossy_sfunc(ctl_lossy_state, float8) RETURNS ctl_lossy_state AS :'lib' LANGUAGE C IMMUTABLE STRICT;
CREATE FUNCTION ctl_lossy_combine(ctl_lossy_state, ctl_lossy_state) RETURNS ctl_lossy_state
	AS :'lib' LANGUAGE C IMMUTABLE STRICT;
CREATE FUNCTION ctl_lossy_final(ctl_lossy_state) RETURNS float8 AS :'lib' LANGUAGE C IMMUTABLE STRICT;
CREATE AGGREGATE ctl_lossy_avg(float8) (SFUNC = ctl_lossy_sfunc, STYPE = ctl_lossy_state,
	COMBINEFUNC = ctl_lossy_combine, FINALFUNC = ctl_lossy_final, INITCOND = '0:0', PARALLEL = SAFE);
SQL
}
# Citus does not propagate a base type with C functions: made on each node.
for n in "${nodes[@]}"; do
	{ echo 'SET citus.enable_ddl_propagation = off; SET client_min_messages = warning;'; lossy_sql; } | on "$n" -v lib="$base/citus_controls.so" >/dev/null
done
{ echo "SET client_min_messages = warning;"; lossy_sql; } | single -v lib="$base/citus_controls.so" >/dev/null

declare -A splits=()
wrong_controls=0
check_agg 'ctl_ratio(bigint,bigint)' ctl_ratio 'bigint|bigint' 'double precision' push
check_agg 'ctl_nocombine(bigint,bigint)' ctl_nocombine 'bigint|bigint' 'double precision' nopush
# float8out obeys the workers' extra_float_digits: wrong on the text path
check_agg 'ctl_favg(double precision)' ctl_favg 'double precision' 'double precision' wrong-if-text
# send/recv drop the count: wrong on the binary path
check_agg 'ctl_lossy_avg(double precision)' ctl_lossy_avg 'double precision' 'double precision' wrong-if-binary
[ "$wrong_controls" -ge 1 ] || fail "no control gave wrong rows on this Citus's split: the result check is not shown to fail"

# --- every aggregate of the extension ----------------------------------------------------------
n_aggs=0
while IFS=$'\t' read -r sig name types rettype aggkind; do
	n_aggs=$((n_aggs + 1))
	if [ "$aggkind" != n ]; then
		fail "$sig: ordered-set/hypothetical aggregate: Citus never pushes these down (aggkind $aggkind)"
		continue
	fi
	check_agg "$sig" "$name" "$types" "$rettype" push
done < <(on coord -F $'\t' -c "
	SELECT p.oid::regprocedure, p.proname,
		coalesce((SELECT string_agg(format_type(t, NULL), '|' ORDER BY o)
				  FROM unnest(p.proargtypes) WITH ORDINALITY AS u(t, o)), ''),
		format_type(p.prorettype, NULL), a.aggkind
	FROM pg_aggregate a
	JOIN pg_proc p ON p.oid = a.aggfnoid
	JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
	JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'social_metrics'
	ORDER BY 1::text")

if [ "$n_aggs" -eq 0 ]; then
	echo "note: the extension has no aggregates yet; only the controls were checked"
fi

# --- the scale-out scenario of doc/citus.md ----------------------------------------------------
# shellcheck source=test/citus/scenario.sh
source "$here/citus/scenario.sh"

echo "showcase plan:"
show_plan | sed 's/^/    /'

# No node may have crashed.
for n in "${nodes[@]}"; do
	if grep -q 'terminated by signal' "$base/$n.log"; then
		fail "a backend crashed on $n"
		grep -B2 -A2 'terminated by signal' "$base/$n.log" | head -20
	fi
done
kinds=$(for k in "${!splits[@]}"; do printf '%s %s, ' "${splits[$k]}" "$k"; done)
summary="citus $citus_version, PostgreSQL $("$bin/postgres" --version | sed -nE 's/.* ([0-9][0-9.a-z]*).*/\1/p'): $n_aggs aggregate overloads of social_metrics $sm_version checked (splits: ${kinds%, }), $failures failures"
echo "$summary"
[ -z "${SM_CITUS_SUMMARY:-}" ] || echo "$summary" >"$SM_CITUS_SUMMARY"
[ "$failures" -eq 0 ]
