-- First-reply pairing + p50/p90/p99 per account on 10M interactions (the
-- table of 50_response: 1M conversations of 10 messages, interleaved in
-- time order as a live system stores them, 2,000 accounts).
--
-- ours: first_reply_sketch per account, one pass, no GROUP BY per
-- conversation, percentiles read from the sketch.  The plain SQL a user
-- writes instead pairs per conversation, then takes percentile_disc per
-- account: a window min() FILTER, a join of the first customer message to
-- the brand replies, and (part 2, with an index on (conversation, at))
-- LATERAL probes and an index-ordered window.  The acceptance check is
-- against the fastest of them, measured in the same run.  group_floor is
-- the bare GROUP BY account every per-account query pays; ours_per_conv is
-- the per-conversation aggregate (first_reply_seconds GROUP BY
-- conversation, then quantile_sketch per account); ours_unanswered adds
-- unanswered_share, which shares first_reply_sketch's state.
-- Part 3: 2 parallel workers (conversations split across workers; partial
-- states merged in the leader).
-- @data
CREATE TABLE IF NOT EXISTS bench_interactions AS
SELECT (i - 1) / 10 + 1 AS conversation,
       (((i - 1) / 10) % 2000)::int AS account,
       timestamptz '2026-01-01' + ((i - 1) / 10) * interval '30 seconds'
         + ((i - 1) % 10) * interval '10 minutes' + (hashint8(i) & 511) * interval '1 second' AS at,
       (i - 1) % 10 > 0 AND (hashint8(i * 3) & 1023) < 450 AS from_brand
FROM generate_series(1, 10000000) i
ORDER BY at;
CREATE INDEX IF NOT EXISTS bench_interactions_conv_at ON bench_interactions (conversation, at) INCLUDE (from_brand);
VACUUM ANALYZE bench_interactions;
-- @set jit = off
-- @set work_mem = '256MB'
-- @set enable_indexscan = off
-- @set enable_indexonlyscan = off
-- @set enable_bitmapscan = off
-- @query floor: SELECT count(*) FROM bench_interactions
-- @query group_floor: SELECT count(*) FROM (SELECT account, count(*) FROM bench_interactions GROUP BY account) t
-- @query ours: SELECT sum(p[1] + p[2] + p[3]) FROM (SELECT account, approx_percentiles(first_reply_sketch(conversation, at, from_brand), '{0.5,0.9,0.99}') AS p FROM bench_interactions GROUP BY account) t
-- @query ours_unanswered: SELECT sum(p[1] + p[2] + p[3]), sum(u) FROM (SELECT account, approx_percentiles(first_reply_sketch(conversation, at, from_brand), '{0.5,0.9,0.99}') AS p, unanswered_share(conversation, at, from_brand) AS u FROM bench_interactions GROUP BY account) t
-- @query ours_per_conv: SELECT sum(p[1] + p[2] + p[3]) FROM (SELECT account, approx_percentiles(quantile_sketch(s), '{0.5,0.9,0.99}') AS p FROM (SELECT account, first_reply_seconds(at, from_brand) AS s FROM bench_interactions GROUP BY account, conversation) c GROUP BY account) t
-- @query plain_window:
SELECT sum(extract(epoch FROM p[1] + p[2] + p[3])) FROM (
  SELECT account, percentile_disc(ARRAY[0.5, 0.9, 0.99]) WITHIN GROUP (ORDER BY r) AS p
  FROM (SELECT account, min(at) FILTER (WHERE from_brand AND at > c0) - min(c0) AS r
        FROM (SELECT conversation, account, at, from_brand,
                     min(at) FILTER (WHERE NOT from_brand) OVER (PARTITION BY conversation) AS c0
              FROM bench_interactions) x
        GROUP BY account, conversation) y
  GROUP BY account) z
-- @query plain_join:
WITH c0 AS (SELECT conversation, account, min(at) AS c0 FROM bench_interactions WHERE NOT from_brand GROUP BY conversation, account)
SELECT sum(extract(epoch FROM p[1] + p[2] + p[3])) FROM (
  SELECT account, percentile_disc(ARRAY[0.5, 0.9, 0.99]) WITHIN GROUP (ORDER BY r - c0) AS p
  FROM (SELECT c0.account, c0.c0, min(m.at) AS r
        FROM c0 JOIN bench_interactions m ON m.conversation = c0.conversation AND m.from_brand AND m.at > c0.c0
        GROUP BY c0.conversation, c0.account, c0.c0) t
  GROUP BY account) z
-- @set enable_indexscan = on
-- @set enable_indexonlyscan = on
-- @set enable_bitmapscan = on
-- @query ours_ix: SELECT sum(p[1] + p[2] + p[3]) FROM (SELECT account, approx_percentiles(first_reply_sketch(conversation, at, from_brand), '{0.5,0.9,0.99}') AS p FROM bench_interactions GROUP BY account) t
-- @query plain_lateral_ix:
SELECT sum(extract(epoch FROM p[1] + p[2] + p[3])) FROM (
  SELECT account, percentile_disc(ARRAY[0.5, 0.9, 0.99]) WITHIN GROUP (ORDER BY r - c0) AS p
  FROM (SELECT c.account, c.c0,
               (SELECT min(b.at) FROM bench_interactions b
                WHERE b.conversation = c.conversation AND b.from_brand AND b.at > c.c0) AS r
        FROM (SELECT conversation, account, min(at) AS c0 FROM bench_interactions
              WHERE NOT from_brand GROUP BY conversation, account) c) t
  GROUP BY account) z
-- @query plain_window_ix:
SELECT sum(extract(epoch FROM p[1] + p[2] + p[3])) FROM (
  SELECT account, percentile_disc(ARRAY[0.5, 0.9, 0.99]) WITHIN GROUP (ORDER BY r) AS p
  FROM (SELECT account, min(at) FILTER (WHERE from_brand AND at > c0) - min(c0) AS r
        FROM (SELECT conversation, account, at, from_brand,
                     min(at) FILTER (WHERE NOT from_brand) OVER (PARTITION BY conversation) AS c0
              FROM bench_interactions) x
        GROUP BY account, conversation) y
  GROUP BY account) z
-- @set enable_indexscan = off
-- @set enable_indexonlyscan = off
-- @set enable_bitmapscan = off
-- @set max_parallel_workers_per_gather = 2
-- @query floor_par: SELECT count(*) FROM bench_interactions
-- @query ours_par: SELECT sum(p[1] + p[2] + p[3]) FROM (SELECT account, approx_percentiles(first_reply_sketch(conversation, at, from_brand), '{0.5,0.9,0.99}') AS p FROM bench_interactions GROUP BY account) t
-- @query plain_window_par:
SELECT sum(extract(epoch FROM p[1] + p[2] + p[3])) FROM (
  SELECT account, percentile_disc(ARRAY[0.5, 0.9, 0.99]) WITHIN GROUP (ORDER BY r) AS p
  FROM (SELECT account, min(at) FILTER (WHERE from_brand AND at > c0) - min(c0) AS r
        FROM (SELECT conversation, account, at, from_brand,
                     min(at) FILTER (WHERE NOT from_brand) OVER (PARTITION BY conversation) AS c0
              FROM bench_interactions) x
        GROUP BY account, conversation) y
  GROUP BY account) z
-- @query plain_join_par:
WITH c0 AS (SELECT conversation, account, min(at) AS c0 FROM bench_interactions WHERE NOT from_brand GROUP BY conversation, account)
SELECT sum(extract(epoch FROM p[1] + p[2] + p[3])) FROM (
  SELECT account, percentile_disc(ARRAY[0.5, 0.9, 0.99]) WITHIN GROUP (ORDER BY r - c0) AS p
  FROM (SELECT c0.account, c0.c0, min(m.at) AS r
        FROM c0 JOIN bench_interactions m ON m.conversation = c0.conversation AND m.from_brand AND m.at > c0.c0
        GROUP BY c0.conversation, c0.account, c0.c0) t
  GROUP BY account) z
-- Acceptance (issue 4): at least 3x faster than the fastest plain-SQL
-- formulation of this run, serial; the goal is 5x.
-- @check least(plain_window, plain_join, plain_lateral_ix, plain_window_ix) / ours >= 3
-- @check least(plain_window, plain_join, plain_lateral_ix, plain_window_ix) / ours >= 5
-- The pairing itself, beyond the GROUP BY account every query pays, costs
-- a small fraction of what the plain SQL adds to it.
-- @check (ours - group_floor) / (least(plain_window, plain_join) - group_floor) <= 0.2
-- unanswered_share in the same query shares the state: nearly free.
-- @check ours_unanswered / ours <= 1.2
-- One pass per account beats the per-conversation GROUP BY.
-- @check ours_per_conv / ours >= 1.5
-- Parallel: still ahead of the parallel plain SQL.
-- @check least(plain_window_par, plain_join_par) / ours_par >= 3
