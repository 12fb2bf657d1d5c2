-- Reply pairing on 10M interactions: 1M conversations of 10 messages
-- (the first from the customer, then customer or brand), interleaved in
-- time order as a live system stores them; 2,000 accounts.
--
-- Part 1, no index (HashAggregate, window sorts): first_reply_seconds per
-- conversation vs the plain SQL users write today (window min() FILTER; a
-- join of the first customer message to the brand replies); group_floor
-- is the bare GROUP BY conversation that every formulation pays.
-- reply_wait_seconds vs the plain window equivalent: one DESC window with
-- lead() and a growing frame (the best plain form) and the ASC moving
-- frame users usually write; sort_floor is the same window with
-- row_number(), i.e. the sort and WindowAgg every formulation pays.
-- Part 2, with an index on (conversation, at) INCLUDE (from_brand): index-
-- only scans feed GroupAggregate / WindowAgg without sorting, and LATERAL
-- probes become possible.  Part 3: 2 parallel workers.
-- work_mem is 256MB throughout (1M groups; at the default 4MB every
-- formulation spills).
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
-- @set max_parallel_workers_per_gather = 0
-- @set jit = off
-- @set work_mem = '256MB'
-- @set enable_indexscan = off
-- @set enable_indexonlyscan = off
-- @set enable_bitmapscan = off
-- @query floor: SELECT count(*) FROM bench_interactions
-- @query group_floor: SELECT count(*) FROM (SELECT conversation FROM bench_interactions GROUP BY conversation) t
-- @query ours_first: SELECT avg(s) FROM (SELECT first_reply_seconds(at, from_brand) AS s FROM bench_interactions GROUP BY conversation) t
-- @query plain_window: SELECT avg(extract(epoch FROM r)) FROM (SELECT min(at) FILTER (WHERE from_brand AND at > c0) - min(c0) AS r FROM (SELECT conversation, at, from_brand, min(at) FILTER (WHERE NOT from_brand) OVER (PARTITION BY conversation) AS c0 FROM bench_interactions) x GROUP BY conversation) t
-- @query plain_join: WITH c0 AS (SELECT conversation, min(at) AS c0 FROM bench_interactions WHERE NOT from_brand GROUP BY conversation) SELECT avg(extract(epoch FROM r)) FROM (SELECT min(m.at) - c0.c0 AS r FROM c0 JOIN bench_interactions m ON m.conversation = c0.conversation AND m.from_brand AND m.at > c0.c0 GROUP BY c0.conversation, c0.c0) t
-- @query sort_floor: SELECT sum(rn) FROM (SELECT row_number() OVER (PARTITION BY conversation ORDER BY at) AS rn FROM bench_interactions) t
-- @query ours_wait: SELECT sum(w) FROM (SELECT reply_wait_seconds(at, from_brand) OVER (PARTITION BY conversation ORDER BY at) AS w FROM bench_interactions) t
-- @query plain_wait_desc: SELECT sum(w) FROM (SELECT CASE WHEN NOT from_brand AND (prev_brand IS NULL OR prev_brand) AND next_brand IS NOT NULL THEN extract(epoch FROM next_brand - at) END AS w FROM (SELECT at, from_brand, lead(from_brand) OVER wd AS prev_brand, min(at) FILTER (WHERE from_brand) OVER (wd ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS next_brand FROM bench_interactions WINDOW wd AS (PARTITION BY conversation ORDER BY at DESC)) x) y
-- @query plain_wait_asc: SELECT sum(w) FROM (SELECT CASE WHEN NOT from_brand AND (prev_brand IS NULL OR prev_brand) AND next_brand IS NOT NULL THEN extract(epoch FROM next_brand - at) END AS w FROM (SELECT at, from_brand, lag(from_brand) OVER w AS prev_brand, min(at) FILTER (WHERE from_brand) OVER (w ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS next_brand FROM bench_interactions WINDOW w AS (PARTITION BY conversation ORDER BY at)) x) y
-- @check plain_window / ours_first >= 2
-- @check plain_join / ours_first >= 2
-- @check (ours_first - group_floor) / (plain_window - group_floor) <= 0.33
-- @check plain_wait_desc / ours_wait >= 3
-- @check plain_wait_asc / ours_wait >= 3
-- @check (ours_wait - sort_floor) / (plain_wait_desc - sort_floor) <= 0.33
-- @set enable_indexscan = on
-- @set enable_indexonlyscan = on
-- @set enable_bitmapscan = on
-- @query group_floor_ix: SELECT count(*) FROM (SELECT conversation FROM bench_interactions GROUP BY conversation) t
-- @query ours_first_ix: SELECT avg(s) FROM (SELECT first_reply_seconds(at, from_brand) AS s FROM bench_interactions GROUP BY conversation) t
-- @query plain_lateral_ix: SELECT avg(extract(epoch FROM (SELECT min(b.at) FROM bench_interactions b WHERE b.conversation = c.conversation AND b.from_brand AND b.at > c.c0) - c.c0)) FROM (SELECT conversation, min(at) AS c0 FROM bench_interactions WHERE NOT from_brand GROUP BY conversation) c
-- @query plain_window_ix: SELECT avg(extract(epoch FROM r)) FROM (SELECT min(at) FILTER (WHERE from_brand AND at > c0) - min(c0) AS r FROM (SELECT conversation, at, from_brand, min(at) FILTER (WHERE NOT from_brand) OVER (PARTITION BY conversation) AS c0 FROM bench_interactions) x GROUP BY conversation) t
-- @query sort_floor_ix: SELECT sum(rn) FROM (SELECT row_number() OVER (PARTITION BY conversation ORDER BY at) AS rn FROM bench_interactions) t
-- @query ours_wait_ix: SELECT sum(w) FROM (SELECT reply_wait_seconds(at, from_brand) OVER (PARTITION BY conversation ORDER BY at) AS w FROM bench_interactions) t
-- @query plain_wait_desc_ix: SELECT sum(w) FROM (SELECT CASE WHEN NOT from_brand AND (prev_brand IS NULL OR prev_brand) AND next_brand IS NOT NULL THEN extract(epoch FROM next_brand - at) END AS w FROM (SELECT at, from_brand, lead(from_brand) OVER wd AS prev_brand, min(at) FILTER (WHERE from_brand) OVER (wd ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS next_brand FROM bench_interactions WINDOW wd AS (PARTITION BY conversation ORDER BY at DESC)) x) y
-- @check plain_lateral_ix / ours_first_ix >= 1
-- @check plain_window_ix / ours_first_ix >= 1
-- @check plain_wait_desc_ix / ours_wait_ix >= 1.5
-- @set enable_indexscan = off
-- @set enable_indexonlyscan = off
-- @set enable_bitmapscan = off
-- @set max_parallel_workers_per_gather = 2
-- @query ours_first_par: SELECT avg(s) FROM (SELECT first_reply_seconds(at, from_brand) AS s FROM bench_interactions GROUP BY conversation) t
-- @query plain_window_par: SELECT avg(extract(epoch FROM r)) FROM (SELECT min(at) FILTER (WHERE from_brand AND at > c0) - min(c0) AS r FROM (SELECT conversation, at, from_brand, min(at) FILTER (WHERE NOT from_brand) OVER (PARTITION BY conversation) AS c0 FROM bench_interactions) x GROUP BY conversation) t
-- @check plain_window_par / ours_first_par >= 2
