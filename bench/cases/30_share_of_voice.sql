-- Share of voice and net sentiment on 10M mentions (10 brands with
-- Zipf-like skew, 52 weeks, reach weights, sentiment in [-1, 1]).  Goal
-- (issue 2): share_of_voice(brand, X) no slower than
-- count(*) FILTER (WHERE brand = X)::float8 / count(*), serial and with 2
-- parallel workers.  Weighted share, net sentiment and a weekly breakdown
-- are shown for information.
-- @data
CREATE EXTENSION IF NOT EXISTS social_metrics;
CREATE TABLE IF NOT EXISTS bench_mentions AS
SELECT i AS id,
       ((i / 5000) % 52)::int AS week,
       (ARRAY['acme', 'globex', 'initech', 'umbrella', 'hooli', 'stark', 'wayne',
              'wonka', 'tyrell', 'cyberdyne'])[1 + least(9, floor(-ln(u1) * 2.2)::int)] AS brand,
       floor(10 * pow(u2, -1 / 1.5)) AS reach,
       round((2 * u3 - 1)::numeric, 2)::float8 AS sentiment
  FROM (SELECT i,
               ((hashint8(i) & 2147483647)::float8 + 0.5) / 2147483648 AS u1,
               ((hashint8(-i) & 2147483647)::float8 + 0.5) / 2147483648 AS u2,
               ((hashint8(i * 3) & 2147483647)::float8 + 0.5) / 2147483648 AS u3
          FROM generate_series(1, 10000000) i) a;
VACUUM ANALYZE bench_mentions;
-- @set max_parallel_workers_per_gather = 0
-- @query floor: SELECT count(*) FROM bench_mentions
-- @query plain: SELECT count(*) FILTER (WHERE brand = 'acme')::float8 / count(*) FROM bench_mentions
-- @query ours: SELECT share_of_voice(brand, 'acme') FROM bench_mentions
-- @query plain_weighted: SELECT sum(reach) FILTER (WHERE brand = 'acme') / nullif(sum(reach), 0) FROM bench_mentions
-- @query ours_weighted: SELECT share_of_voice(brand, 'acme', reach) FROM bench_mentions
-- @query plain_net: SELECT (count(*) FILTER (WHERE sentiment > 0) - count(*) FILTER (WHERE sentiment < 0))::float8 / nullif(count(*) FILTER (WHERE sentiment <> 0), 0) FROM bench_mentions
-- @query ours_net: SELECT net_sentiment(sentiment) FROM bench_mentions
-- @query plain_weekly: SELECT sum(s) FROM (SELECT count(*) FILTER (WHERE brand = 'acme')::float8 / count(*) AS s FROM bench_mentions GROUP BY week) t
-- @query ours_weekly: SELECT sum(s) FROM (SELECT share_of_voice(brand, 'acme') AS s FROM bench_mentions GROUP BY week) t
-- @check ours / plain <= 1.0
-- @check ours_weekly / plain_weekly <= 1.0
-- @set max_parallel_workers_per_gather = 2
-- @query floor_p2: SELECT count(*) FROM bench_mentions
-- @query plain_p2: SELECT count(*) FILTER (WHERE brand = 'acme')::float8 / count(*) FROM bench_mentions
-- @query ours_p2: SELECT share_of_voice(brand, 'acme') FROM bench_mentions
-- @query plain_net_p2: SELECT (count(*) FILTER (WHERE sentiment > 0) - count(*) FILTER (WHERE sentiment < 0))::float8 / nullif(count(*) FILTER (WHERE sentiment <> 0), 0) FROM bench_mentions
-- @query ours_net_p2: SELECT net_sentiment(sentiment) FROM bench_mentions
-- @check ours_p2 / plain_p2 <= 1.0
