-- Per-message reply waits (issue 11): reply_wait_sketch, the sketch of every
-- customer message's wait in one pass with no window and no sort, against
--  - reply_wait_seconds() OVER (PARTITION BY conversation ORDER BY at) fed
--    into quantile_sketch (the same bytes, with the window's sort), and
--  - the best plain-SQL window formulation (one DESC window: lead() for the
--    previous sender, min() FILTER over a growing frame for the next brand
--    message; see 50_response) with percentile_disc;
-- per account on LONG conversations (the table of 50_response: 1M
-- conversations of 10 messages, rows; 2,000 accounts; time order), and as
-- one group on the SHORT conversations of 51_pairing_short (2.5M
-- conversations, rows / 4).  Mode 'block_start' (the default) throughout.
-- @requires reply_wait_sketch(bigint, timestamptz, boolean)
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
CREATE UNLOGGED TABLE IF NOT EXISTS bench_short AS
SELECT conversation, (hashint8(conversation * 7) & 2047)::int AS account,
       timestamptz '2026-01-01' + conversation * interval '1 second'
         + j * ((hashint8(conversation * 5 + j) & 4095) + 1) * interval '1 second' AS at,
       j > 0 AND conversation % 10 <> 0 AND (j = 1 OR (hashint8(conversation * 11 + j) & 1) = 0) AS from_brand
FROM generate_series(1::bigint, 10000000 / 4) conversation,
     generate_series(0, 3) j
-- 2 messages (60 %), 3 (30 %), 4 (10 %): 2.5 a conversation
WHERE j < 2 + ((hashint8(-conversation) & 1023) >= 614)::int + ((hashint8(-conversation) & 1023) >= 921)::int
ORDER BY at;
-- @shape SELECT format('long: %s messages, %s conversations, %s accounts; short: %s messages, %s conversations', (SELECT count(*) FROM bench_interactions), (SELECT count(DISTINCT conversation) FROM bench_interactions), (SELECT count(DISTINCT account) FROM bench_interactions), (SELECT count(*) FROM bench_short), (SELECT count(DISTINCT conversation) FROM bench_short))
-- @set jit = off
-- @set work_mem = '256MB'
-- @set enable_indexscan = off
-- @set enable_indexonlyscan = off
-- @set enable_bitmapscan = off
-- @query floor: SELECT count(*) FROM bench_interactions
-- @query ours: SELECT sum(p[1] + p[2] + p[3]) FROM (SELECT account, approx_percentiles(reply_wait_sketch(conversation, at, from_brand), '{0.5,0.9,0.99}') AS p FROM bench_interactions GROUP BY account) t
-- @query ours_window:
SELECT sum(p[1] + p[2] + p[3]) FROM (
  SELECT account, approx_percentiles(quantile_sketch(w), '{0.5,0.9,0.99}') AS p
  FROM (SELECT account, reply_wait_seconds(at, from_brand) OVER (PARTITION BY conversation ORDER BY at) AS w
        FROM bench_interactions) x
  GROUP BY account) t
-- @query plain_desc:
SELECT sum(p[1] + p[2] + p[3]) FROM (
  SELECT account, percentile_disc(ARRAY[0.5, 0.9, 0.99]) WITHIN GROUP (ORDER BY w) AS p
  FROM (SELECT account, CASE WHEN NOT from_brand AND (prev_brand IS NULL OR prev_brand) AND next_brand IS NOT NULL
                             THEN extract(epoch FROM next_brand - at) END AS w
        FROM (SELECT account, at, from_brand, lead(from_brand) OVER wd AS prev_brand,
                     min(at) FILTER (WHERE from_brand) OVER (wd ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS next_brand
              FROM bench_interactions WINDOW wd AS (PARTITION BY conversation ORDER BY at DESC)) x) y
  WHERE w IS NOT NULL GROUP BY account) z
-- @query floor_short: SELECT count(*) FROM bench_short
-- @query ours_one: SELECT approx_percentiles(reply_wait_sketch(conversation, at, from_brand), '{0.5,0.9,0.99}') FROM bench_short
-- @query ours_window_one:
SELECT approx_percentiles(quantile_sketch(w), '{0.5,0.9,0.99}')
FROM (SELECT reply_wait_seconds(at, from_brand) OVER (PARTITION BY conversation ORDER BY at) AS w FROM bench_short) x
-- @query plain_desc_one:
SELECT percentile_disc(ARRAY[0.5, 0.9, 0.99]) WITHIN GROUP (ORDER BY w)
FROM (SELECT CASE WHEN NOT from_brand AND (prev_brand IS NULL OR prev_brand) AND next_brand IS NOT NULL
                  THEN extract(epoch FROM next_brand - at) END AS w
      FROM (SELECT at, from_brand, lead(from_brand) OVER wd AS prev_brand,
                   min(at) FILTER (WHERE from_brand) OVER (wd ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS next_brand
            FROM bench_short WINDOW wd AS (PARTITION BY conversation ORDER BY at DESC)) x) y
WHERE w IS NOT NULL
-- @set max_parallel_workers_per_gather = 2
-- @query floor_par: SELECT count(*) FROM bench_interactions
-- @query ours_par: SELECT sum(p[1] + p[2] + p[3]) FROM (SELECT account, approx_percentiles(reply_wait_sketch(conversation, at, from_brand), '{0.5,0.9,0.99}') AS p FROM bench_interactions GROUP BY account) t
-- Acceptance (issue 11): at least 3x faster than the best plain-SQL window
-- formulation, per account and for one group (goal 5x).
-- @check plain_desc / ours >= 3
-- @check plain_desc_one / ours_one >= 3
-- @check plain_desc / ours >= 5
-- No sort: clearly ahead of the window it replaces.
-- @check ours_window / ours >= 2
