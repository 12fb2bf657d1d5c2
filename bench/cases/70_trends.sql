-- Trends on 10M posts (the table of 20_engagement: 2,000 accounts x 52
-- weeks, Pareto-tailed denominators).  Goal (issue 12): engagement_rate_ci
-- costs at most 1.5x engagement_rate_agg in the same run (total query time,
-- serial), although its state keeps five exact sums (e, d, e^2, e*d, d^2)
-- instead of two.  Shown for information: the state aggregate, the mean of
-- per-post rates interval, grouped per account-week (the shape of a daily or
-- weekly materialized view), the ratio over the scan floor, and growth_rate.
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
-- @set max_parallel_workers_per_gather = 0
-- @query floor: SELECT count(*) FROM bench_posts
-- @query agg: SELECT engagement_rate_agg(e, d) FROM bench_posts
-- @query ci: SELECT engagement_rate_ci(e, d) FROM bench_posts
-- @query ci_state: SELECT engagement_rate_ci_state(e, d) FROM bench_posts
-- @query mean_ci: SELECT avg_engagement_rate_ci(e, d) FROM bench_posts
-- @query agg_grouped: SELECT count(r) FROM (SELECT engagement_rate_agg(e, d) AS r FROM bench_posts GROUP BY account, week) s
-- @query ci_grouped: SELECT count(r) FROM (SELECT engagement_rate_ci_state(e, d) AS r FROM bench_posts GROUP BY account, week) s
-- @query growth: SELECT count(g) FROM (SELECT growth_rate(d, timestamptz '2026-01-01' + id * interval '1 second') AS g FROM bench_posts GROUP BY account) s
-- @check ci / agg <= 1.5
