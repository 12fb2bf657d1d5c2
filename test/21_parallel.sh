#!/usr/bin/env bash
# Parallel aggregation of every aggregate of the engagement and share-of-voice
# features:
#   - with parallel query forced (zero setup and tuple costs, no minimum
#     table size, leader not participating), EXPLAIN shows a Partial
#     Aggregate (plain and grouped) under a Gather with 2 workers launched;
#   - the parallel result equals the serial one bit for bit (the integer
#     sums are exact and the double precision sums are exact fixed-point
#     sums, so the combine order cannot matter);
#   - partial states shipped as text (what Citus does) and combined give the
#     serial result too.
# Plans are checked with patterns, never compared as text.
set -euo pipefail

FORCE="SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0; SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off; SET enable_indexscan = off;"
SERIAL="SET max_parallel_workers_per_gather = 0;"

q() { psql -qXAt -v ON_ERROR_STOP=1 "$@"; }

q <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS social_metrics;
DROP TABLE IF EXISTS pt;
CREATE TABLE pt AS
SELECT i, i % 20 AS week,
       CASE WHEN i % 101 = 0 THEN NULL ELSE floor(d0 * 0.03 * u2)::bigint - (i % 211 = 0)::int * 7 END AS e,
       CASE WHEN i % 103 = 0 THEN NULL WHEN i % 37 = 0 THEN 0 WHEN i % 301 = 0 THEN -5 ELSE d0 END AS d,
       CASE WHEN i % 97 = 0 THEN NULL
            ELSE (ARRAY['acme', 'globex', 'initech', 'hooli'])[1 + least(3, floor(-ln(u1) * 1.5)::int)] END AS brand,
       CASE WHEN i % 89 = 0 THEN NULL ELSE d0 / 3.0 END::float8 AS reach,
       CASE WHEN i % 83 = 0 THEN NULL ELSE round((2 * u2 - 1)::numeric, 1)::float8 END AS sentiment
  FROM (SELECT i, u1, u2, floor(20 * pow(u1, -1 / 1.2))::bigint AS d0
          FROM (SELECT i, ((hashint8(i) & 2147483647)::float8 + 0.5) / 2147483648 AS u1,
                       ((hashint8(-i) & 2147483647)::float8 + 0.5) / 2147483648 AS u2
                  FROM generate_series(1, 300000) i) a) b;
ANALYZE pt;
SQL

aggs=(
	"engagement_rate_agg(e, d)"
	"engagement_rate_agg(e::float8 / 3, d::float8 * 0.7)"
	"avg_engagement_rate(e, d)"
	"avg_engagement_rate(e::float8 / 3, d::float8 * 0.7)"
	"share_of_voice(brand, 'acme')"
	"share_of_voice(brand, 'initech', reach)"
	"net_sentiment(sentiment)"
)

fail=0
check() {
	if [ "$2" = ok ]; then
		echo "ok - $1"
	else
		echo "not ok - $1${3:+: $3}"
		fail=1
	fi
}

for a in "${aggs[@]}"; do
	plan=$(q -c "$FORCE" -c "EXPLAIN (COSTS OFF) SELECT $a FROM pt")
	grep -Eq 'Partial Aggregate' <<<"$plan" && grep -Eq 'Gather' <<<"$plan" &&
		check "partial aggregate: $a" ok || check "partial aggregate: $a" fail "$plan"

	plan=$(q -c "$FORCE" -c "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT week, $a FROM pt GROUP BY week")
	grep -Eq 'Partial (Hash|Group)?Aggregate' <<<"$plan" && grep -Eq 'Workers Launched: 2' <<<"$plan" &&
		check "grouped partial aggregate, 2 workers: $a" ok || check "grouped partial aggregate: $a" fail "$plan"

	s=$(q -c "$SERIAL" -c "SELECT $a FROM pt")
	p=$(q -c "$FORCE" -c "SELECT $a FROM pt")
	[ -n "$s" ] && [ "$s" = "$p" ] && check "parallel = serial, bit for bit: $a = $s" ok ||
		check "parallel = serial: $a" fail "serial $s, parallel $p"

	s=$(q -c "$SERIAL" -c "SELECT week, $a FROM pt GROUP BY week ORDER BY week")
	p=$(q -c "$FORCE" -c "SELECT week, $a FROM pt GROUP BY week ORDER BY week")
	[ "$(wc -l <<<"$s")" -eq 20 ] && [ "$s" = "$p" ] && check "grouped parallel = serial: $a" ok ||
		check "grouped parallel = serial: $a" fail "$(diff <(echo "$s") <(echo "$p") | head -5)"
done

# Citus-style: partial states per shard, shipped as text, combined, finalised.
# The state aggregates below reuse the extension's transition functions
# without a final function, so they return the partial state itself.
r=$(q <<'SQL'
SET client_min_messages = warning;
DROP AGGREGATE IF EXISTS t_er_state(bigint, bigint);
DROP AGGREGATE IF EXISTS t_erf_state(float8, float8);
DROP AGGREGATE IF EXISTS t_mean_state(float8, float8);
DROP AGGREGATE IF EXISTS t_sov_state(text, text, float8);
DROP AGGREGATE IF EXISTS t_ratio_rollup(int8_ratio_state);
DROP AGGREGATE IF EXISTS t_fratio_rollup(float8_ratio_state);
DROP AGGREGATE IF EXISTS t_mean_rollup(float8_mean_state);
CREATE AGGREGATE t_er_state(bigint, bigint) (SFUNC = engagement_rate_agg_int8_transfn,
	STYPE = int8_ratio_state, INITCOND = '(0,0)');
CREATE AGGREGATE t_erf_state(float8, float8) (SFUNC = engagement_rate_agg_float8_transfn,
	STYPE = float8_ratio_state, INITCOND = '(0,0)');
CREATE AGGREGATE t_mean_state(float8, float8) (SFUNC = avg_engagement_rate_float8_transfn,
	STYPE = float8_mean_state, INITCOND = '(0,0)');
CREATE AGGREGATE t_sov_state(text, text, float8) (SFUNC = share_of_voice_weighted_transfn,
	STYPE = float8_ratio_state, INITCOND = '(0,0)');
CREATE AGGREGATE t_ratio_rollup(int8_ratio_state) (SFUNC = int8_ratio_state_combine,
	STYPE = int8_ratio_state, INITCOND = '(0,0)', FINALFUNC = int8_ratio_state_finalfn);
CREATE AGGREGATE t_fratio_rollup(float8_ratio_state) (SFUNC = float8_ratio_state_combine,
	STYPE = float8_ratio_state, INITCOND = '(0,0)', FINALFUNC = float8_ratio_state_finalfn);
CREATE AGGREGATE t_mean_rollup(float8_mean_state) (SFUNC = float8_mean_state_combine,
	STYPE = float8_mean_state, INITCOND = '(0,0)', FINALFUNC = float8_mean_state_finalfn);
SET max_parallel_workers_per_gather = 0;
-- 32 "shards" by hash of the row number, states through text, combined in
-- two different orders
WITH shards AS (
	SELECT abs(hashint8(i)) % 32 AS shard,
	       t_er_state(e, d)::text AS er,
	       t_erf_state(e::float8 / 3, d::float8 * 0.7)::text AS erf,
	       t_mean_state(e::float8 / 3, d::float8 * 0.7)::text AS mean,
	       t_sov_state(brand, 'initech', reach)::text AS sov
	  FROM pt GROUP BY 1)
SELECT (SELECT t_ratio_rollup(er::int8_ratio_state ORDER BY shard) FROM shards)
         = (SELECT engagement_rate_agg(e, d) FROM pt)
   AND (SELECT t_fratio_rollup(erf::float8_ratio_state ORDER BY shard) FROM shards)
         = (SELECT engagement_rate_agg(e::float8 / 3, d::float8 * 0.7) FROM pt)
   AND (SELECT t_fratio_rollup(erf::float8_ratio_state ORDER BY shard DESC) FROM shards)
         = (SELECT engagement_rate_agg(e::float8 / 3, d::float8 * 0.7) FROM pt)
   AND (SELECT t_mean_rollup(mean::float8_mean_state ORDER BY md5(mean)) FROM shards)
         = (SELECT avg_engagement_rate(e::float8 / 3, d::float8 * 0.7) FROM pt)
   AND (SELECT t_fratio_rollup(sov::float8_ratio_state ORDER BY md5(sov)) FROM shards)
         = (SELECT share_of_voice(brand, 'initech', reach) FROM pt);
SQL
)
[ "$r" = t ] && check "text-shipped partial states combine to the serial result, bit for bit" ok ||
	check "text-shipped partial states" fail "$r"

exit $fail
