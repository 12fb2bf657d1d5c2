-- Decisions on 10M posts (the table of 20_engagement and 70_trends: 2,000
-- accounts x 52 weeks, Pareto-tailed denominators).  Goals (issue 21):
-- engagement_rate_lift costs at most 1.5x engagement_rate_agg in the same run
-- (total query time, serial), although its state keeps two halves of five
-- exact sums; engagement_rate_shrunk over 2,048 accounts x 168 hour-of-week
-- slots (344,064 stored states) in under 1 s.  Shown for information: the
-- lift state aggregate, and p_adjust over 344,064 p-values in 2,048
-- partitions.
-- @data
CREATE EXTENSION IF NOT EXISTS social_metrics;
CREATE TABLE IF NOT EXISTS bench_posts AS
SELECT i AS id,
       (i % 2000)::int AS account,
       ((i / 2000) % 52)::int AS week,
       d,
       (d * (0.002 + 0.06 * u2 * u2))::bigint AS e
  FROM (SELECT i,
               CASE WHEN hashint8(i) % 50 = 0 THEN 0
                    ELSE floor(40 * pow(u1, -1 / 1.3))::bigint END AS d,
               u2
          FROM (SELECT i,
                       ((hashint8(i) & 2147483647)::float8 + 0.5) / 2147483648 AS u1,
                       ((hashint8(-i) & 2147483647)::float8 + 0.5) / 2147483648 AS u2
                  FROM generate_series(1, 10000000) i) a) b;
VACUUM ANALYZE bench_posts;
-- 2,048 accounts x 168 slots, 20 posts each: the states a "best time to
-- post" report reads
CREATE TABLE IF NOT EXISTS bench_slot_states AS
SELECT account, slot, engagement_rate_ci_state(e, d) AS state, count(*) AS posts
  FROM (SELECT (i / 168 / 20) % 2048 AS account, (i / 20) % 168 AS slot,
               floor(40 * pow(((hashint8(i) & 2147483647)::float8 + 0.5) / 2147483648, -1 / 1.3))::bigint AS d,
               floor(40 * pow(((hashint8(i) & 2147483647)::float8 + 0.5) / 2147483648, -1 / 1.3)
                     * (0.002 + 0.06 * (((hashint8(-i) & 2147483647)::float8 + 0.5) / 2147483648) ^ 2))::bigint AS e
          FROM generate_series(0, 2048 * 168 * 20 - 1) i) s
 GROUP BY account, slot;
VACUUM ANALYZE bench_slot_states;
-- @set max_parallel_workers_per_gather = 0
-- @query floor: SELECT count(*) FROM bench_posts
-- @query agg: SELECT engagement_rate_agg(e, d) FROM bench_posts
-- @query lift: SELECT engagement_rate_lift(e, d, id % 5 = 0) FROM bench_posts
-- @query lift_state: SELECT engagement_rate_lift_state(e, d, id % 5 = 0) FROM bench_posts
-- @query shrunk: SELECT count(s) FROM (SELECT engagement_rate_shrunk(state) OVER (PARTITION BY account) AS s FROM bench_slot_states) x
-- @query p_adjust: SELECT count(p) FROM (SELECT p_adjust(1.0 / (1 + slot)) OVER (PARTITION BY account) AS p FROM bench_slot_states) x
-- @check lift / agg <= 1.5
-- @check shrunk <= 1000
