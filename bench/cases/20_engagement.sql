-- Engagement rate on 10M posts (2,000 accounts x 52 weeks; heavy-tailed
-- denominators, Pareto alpha 1.3, 2 % zero).  Goals (issue 2):
--  - the time engagement_rate_agg adds over count(*) is at most 0.6x the
--    time the plain-SQL ratio of sums adds;
--  - grouped per account-week, no slower than the plain SQL;
-- serial and with 2 parallel workers.  The mean of per-post rates is shown
-- for information.
-- read_floor is count(e): e is the last column, so it reads (deforms) both
-- inputs and runs the cheapest possible aggregate.  Every aggregate over
-- (e, d) pays that much; on the test machine it is already ~0.75-0.85 of what
-- the plain SQL adds over count(*), which puts the 0.6 goal out of reach of
-- any aggregate.  The extra checks measure the aggregate's own cost beyond
-- reading its inputs.
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
-- @query plain: SELECT sum(e)::float8 / nullif(sum(d), 0) FROM bench_posts
-- @query ours: SELECT engagement_rate_agg(e, d) FROM bench_posts
-- @query read_floor: SELECT count(e) FROM bench_posts
-- @query plain_mean: SELECT avg(e::float8 / d) FILTER (WHERE d > 0) FROM bench_posts
-- @query ours_mean: SELECT avg_engagement_rate(e, d) FROM bench_posts
-- @query plain_grouped: SELECT sum(r) FROM (SELECT sum(e)::float8 / nullif(sum(d), 0) AS r FROM bench_posts GROUP BY account, week) s
-- @query ours_grouped: SELECT sum(r) FROM (SELECT engagement_rate_agg(e, d) AS r FROM bench_posts GROUP BY account, week) s
-- @check (ours - floor) / (plain - floor) <= 0.6
-- @check (ours - read_floor) / (plain - read_floor) <= 0.6
-- @check ours_grouped / plain_grouped <= 1.0
-- @set max_parallel_workers_per_gather = 2
-- @query floor_p2: SELECT count(*) FROM bench_posts
-- @query plain_p2: SELECT sum(e)::float8 / nullif(sum(d), 0) FROM bench_posts
-- @query ours_p2: SELECT engagement_rate_agg(e, d) FROM bench_posts
-- @query read_floor_p2: SELECT count(e) FROM bench_posts
-- @query plain_grouped_p2: SELECT sum(r) FROM (SELECT sum(e)::float8 / nullif(sum(d), 0) AS r FROM bench_posts GROUP BY account, week) s
-- @query ours_grouped_p2: SELECT sum(r) FROM (SELECT engagement_rate_agg(e, d) AS r FROM bench_posts GROUP BY account, week) s
-- @check (ours_p2 - floor_p2) / (plain_p2 - floor_p2) <= 0.6
-- @check (ours_p2 - read_floor_p2) / (plain_p2 - read_floor_p2) <= 0.6
-- @check ours_grouped_p2 / plain_grouped_p2 <= 1.0
