#!/usr/bin/env bash
# Plan independence of the trends aggregates: serial, forced-parallel
# (Partial Aggregate under a Gather with 2 workers), states shipped as text
# and combined in several orders (what Citus does), and daily states kept in
# a materialized view and rolled up give the same bytes (the state's text
# form, which is exact) and the same interval.  Plans are checked with
# patterns, never compared as text.
set -euo pipefail

FORCE="SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0; SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off; SET enable_indexscan = off;"
SERIAL="SET max_parallel_workers_per_gather = 0;"
q() { psql -qXAt -v ON_ERROR_STOP=1 "$@"; }

q <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS social_metrics;
DROP TABLE IF EXISTS tp CASCADE;
-- 300,000 posts over 60 days: log-normal impressions, engagements around
-- 2 % with post-level noise, some NULLs, zero and negative denominators;
-- follower snapshots with ties
CREATE TABLE tp AS
SELECT i, date '2026-01-01' + (i % 60) AS day, (i % 7)::int AS account,
       CASE WHEN i % 101 = 0 THEN NULL ELSE round(d0 * 0.02 * exp(0.5 * g2 - 0.125))::bigint END AS e,
       CASE WHEN i % 103 = 0 THEN NULL WHEN i % 37 = 0 THEN 0 WHEN i % 301 = 0 THEN -5 ELSE d0 END AS d,
       timestamptz '2026-01-01 00:00+00' + (i % 5000) * interval '1 hour' AS at,
       1000 + (i % 5000) + (i % 3) AS followers
  FROM (SELECT i, round(exp(7 + 1.2 * g1))::bigint AS d0, g2
          FROM (SELECT i, sqrt(-2 * ln(u1)) * cos(2 * pi() * u2) AS g1, sqrt(-2 * ln(u2)) * sin(2 * pi() * u1) AS g2
                  FROM (SELECT i, ((hashint8(i) & 2147483647)::float8 + 0.5) / 2147483648 AS u1,
                               ((hashint8(-i) & 2147483647)::float8 + 0.5) / 2147483648 AS u2
                          FROM generate_series(1, 300000) i) a) b) c;
ANALYZE tp;
SQL

fail=0
check() {
	if [ "$2" = ok ]; then echo "ok - $1"; else echo "not ok - $1${3:+: $3}"; fail=1; fi
}

aggs=(
	"engagement_rate_ci_state(e, d)::text"
	"engagement_rate_ci_state(e::float8 / 3, d::float8 * 0.7)::text"
	"engagement_rate_ci(e, d)::text"
	"engagement_rate_ci(e::float8 / 3, d::float8 * 0.7, 0.9)::text"
	"avg_engagement_rate_ci_state(e, d)::text"
	"avg_engagement_rate_ci(e::float8, d::float8, 0.99)::text"
	"growth_rate(followers, at)::text || growth_change(followers, at)::text"
)
for a in "${aggs[@]}"; do
	plan=$(q -c "$FORCE" -c "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT account, $a FROM tp GROUP BY account")
	grep -Eq 'Partial (Hash|Group)?Aggregate' <<<"$plan" && grep -Eq 'Workers Launched: 2' <<<"$plan" &&
		check "grouped partial aggregate, 2 workers: $a" ok || check "grouped partial aggregate: $a" fail "$plan"
	s=$(q -c "$SERIAL" -c "SELECT $a FROM tp")
	p=$(q -c "$FORCE" -c "SELECT $a FROM tp")
	[ -n "$s" ] && [ "$s" = "$p" ] && check "parallel = serial, same bytes: $a" ok ||
		check "parallel = serial: $a" fail "serial $s, parallel $p"
	s=$(q -c "$SERIAL" -c "SELECT account, $a FROM tp GROUP BY account ORDER BY account")
	p=$(q -c "$FORCE" -c "SELECT account, $a FROM tp GROUP BY account ORDER BY account")
	[ "$(wc -l <<<"$s")" -eq 7 ] && [ "$s" = "$p" ] && check "grouped parallel = serial: $a" ok ||
		check "grouped parallel = serial: $a" fail "$(diff <(echo "$s") <(echo "$p") | head -5)"
done

# daily states in a materialized view, rolled up to weeks and to the whole
# period, in two orders; states shipped as text between "shards"
r=$(q <<'SQL'
SET client_min_messages = warning;
SET max_parallel_workers_per_gather = 0;
DROP MATERIALIZED VIEW IF EXISTS tp_daily;
CREATE MATERIALIZED VIEW tp_daily AS
SELECT day, account, engagement_rate_ci_state(e, d) AS er, avg_engagement_rate_ci_state(e, d) AS mr,
       engagement_rate_ci_state(e::float8 / 3, d::float8 * 0.7) AS erf
  FROM tp GROUP BY day, account;
WITH weekly_rollup AS (
	SELECT account, date_trunc('week', day) AS wk, rollup(er ORDER BY day DESC)::text AS er,
	       rollup(mr ORDER BY md5(mr::text))::text AS mr, rollup(erf)::text AS erf
	  FROM tp_daily GROUP BY 1, 2),
weekly_direct AS (
	SELECT account, date_trunc('week', day) AS wk, engagement_rate_ci_state(e, d)::text AS er,
	       avg_engagement_rate_ci_state(e, d)::text AS mr,
	       engagement_rate_ci_state(e::float8 / 3, d::float8 * 0.7)::text AS erf
	  FROM tp GROUP BY 1, 2),
shards AS (
	SELECT abs(hashint8(i)) % 16 AS shard, engagement_rate_ci_state(e, d)::text AS er FROM tp GROUP BY 1)
SELECT (SELECT count(*) = 63 AND bool_and(r.er = d.er AND r.mr = d.mr AND r.erf = d.erf)
          FROM weekly_rollup r JOIN weekly_direct d USING (account, wk))
   AND (SELECT rollup(er)::text FROM tp_daily) = (SELECT engagement_rate_ci_state(e, d)::text FROM tp)
   AND (SELECT engagement_rate_ci(rollup(erf), 0.9)::text FROM tp_daily)
         = (SELECT engagement_rate_ci(e::float8 / 3, d::float8 * 0.7, 0.9)::text FROM tp)
   AND (SELECT rollup(er::ratio_ci_state ORDER BY shard DESC)::text FROM shards)
         = (SELECT engagement_rate_ci_state(e, d)::text FROM tp)
   -- a rolling 7-day window over daily states (moving rollup with the
   -- inverse) equals a fresh rollup of the same days
   AND (SELECT bool_and(w = f) FROM (
	SELECT day, rollup(er) OVER (ORDER BY day RANGE BETWEEN '6 days' PRECEDING AND CURRENT ROW)::text AS w,
	       (SELECT rollup(er)::text FROM tp_daily t2 WHERE t2.account = 0 AND t2.day BETWEEN t1.day - 6 AND t1.day) AS f
	  FROM tp_daily t1 WHERE account = 0) x);
SQL
)
[ "$r" = t ] && check "rolled-up daily states, shard states through text and moving rollups give the same bytes" ok ||
	check "rollups" fail "$r"
exit $fail
