#!/usr/bin/env bash
# Reply pairing against independent plain-SQL oracles, on generated
# conversations (deterministic, ~160k messages) stored in SHUFFLED order:
#  - first_reply_seconds / first_reply_time per conversation under a
#    HashAggregate (enable_sort = off) and under a forced parallel plan
#    (Partial Aggregate + combine), vs a min()/LATERAL oracle;
#  - the combine function on arbitrary splits of each conversation, and the
#    state's text and binary round trips;
#  - reply_wait_seconds in each mode vs a LATERAL + row_number() oracle.
# Data has ties (minute-resolution conversations), brand-first and
# brand-only conversations, unanswered tails, NULL times and senders.
set -euo pipefail

cd "${SM_TMP:?}"
out=$SM_TMP/checks.txt
psql -qXAt -v ON_ERROR_STOP=1 >"$out" <<'SQL'
CREATE EXTENSION social_metrics;
SET TimeZone = 'UTC';

-- u(i, k): deterministic pseudo-random in [0, 1) from a hash.
CREATE FUNCTION u(i bigint, k int) RETURNS float8 LANGUAGE sql IMMUTABLE AS
$$ SELECT ((hashint8(i * 1000003 + k) & 2147483647)::float8 + 0.5) / 2147483648 $$;

-- Conversations: length 1..12; kind decides the shape.
CREATE TABLE conv AS
SELECT c AS conv,
       1 + floor(u(c, 1) * 12)::int AS len,
       CASE WHEN u(c, 2) < 0.10 THEN 'brand_first'   -- outbound first
            WHEN u(c, 2) < 0.15 THEN 'brand_only'
            WHEN u(c, 2) < 0.20 THEN 'customer_only'
            WHEN u(c, 2) < 0.40 THEN 'coarse'        -- minute resolution: ties
            ELSE 'normal' END AS kind,
       timestamptz '2026-01-01' + c * interval '7 minutes' AS t0
FROM generate_series(1, 25000) c;

CREATE TABLE gen AS
SELECT row_number() OVER () AS id, conv, at, from_brand FROM (
  SELECT c.conv,
         CASE WHEN u(c.conv * 100 + j, 3) < 0.01 THEN NULL
              WHEN c.kind = 'coarse'
                THEN date_trunc('minute', c.t0 + (j * 40 + floor(u(c.conv * 100 + j, 4) * 120)) * interval '1 second')
              ELSE c.t0 + (j * 300 + floor(u(c.conv * 100 + j, 4) * 900)) * interval '1 second'
                        + floor(u(c.conv * 100 + j, 8) * 1000000) * interval '1 microsecond'
         END AS at,
         CASE WHEN u(c.conv * 100 + j, 5) < 0.01 THEN NULL
              WHEN c.kind = 'brand_only' THEN true
              WHEN c.kind = 'customer_only' THEN false
              WHEN c.kind = 'brand_first' AND j < 3 THEN true
              ELSE u(c.conv * 100 + j, 6) < 0.45 END AS from_brand
  FROM conv c, generate_series(0, c.len - 1) j
) s;

-- Shuffled physical order.
CREATE TABLE msg AS SELECT * FROM gen ORDER BY hashint8(id * 7919);
-- The oracles probe per conversation; the index only makes them fast.
CREATE INDEX ON msg (conv, from_brand, at);
-- A fixed, low estimate of the conversations (there are 25,000): the
-- sampled one varies between runs, and near 25,000 the planner gathers
-- every row before one HashAggregate instead of the partial aggregates
-- (and combine calls) the parallel checks below are about
ALTER TABLE msg ALTER COLUMN conv SET (n_distinct = 2000);
ANALYZE msg;
SELECT 'messages>=100000|' || (count(*) >= 100000) FROM msg;
SELECT 'some ties customer/brand|' || (count(*) > 100) FROM (
  SELECT conv, at FROM msg WHERE at IS NOT NULL GROUP BY conv, at
  HAVING bool_or(from_brand) AND bool_or(NOT from_brand)) t;

-- Oracle: first customer message, then the earliest brand message
-- strictly after it (LATERAL).
CREATE TABLE oracle AS
SELECT cv.conv, r.first_reply - c0.c0 AS wait
FROM (SELECT DISTINCT conv FROM msg) cv
LEFT JOIN (SELECT conv, min(at) AS c0 FROM msg
           WHERE from_brand = false AND at IS NOT NULL GROUP BY conv) c0 USING (conv)
LEFT JOIN LATERAL (SELECT min(b.at) AS first_reply FROM msg b
                   WHERE b.conv = c0.conv AND b.from_brand AND b.at > c0.c0) r ON true;
SELECT 'oracle has answered and unanswered|' ||
       (count(wait) > 1000 AND count(*) - count(wait) > 1000) FROM oracle;

-- 1. HashAggregate, serial.
SET max_parallel_workers_per_gather = 0;
SET enable_sort = off;
CREATE TABLE got_hash AS
SELECT conv, first_reply_seconds(at, from_brand) AS s, first_reply_time(at, from_brand) AS t
FROM msg GROUP BY conv;
SELECT 'hash: seconds|' || bool_and(g.s IS NOT DISTINCT FROM extract(epoch FROM o.wait)::float8)
FROM oracle o JOIN got_hash g USING (conv);
SELECT 'hash: interval|' || bool_and(g.t IS NOT DISTINCT FROM o.wait)
FROM oracle o JOIN got_hash g USING (conv);
SELECT 'hash: all groups|' || (count(*) = (SELECT count(*) FROM oracle)) FROM got_hash;
RESET enable_sort;

-- 2. Forced parallel (Partial Aggregate in workers, combine in the leader).
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET enable_hashagg = off;   -- sorted partial groups: one combine per group
CREATE TABLE got_par AS
SELECT conv, first_reply_seconds(at, from_brand) AS s FROM msg GROUP BY conv;
SELECT 'parallel: seconds|' || bool_and(g.s IS NOT DISTINCT FROM extract(epoch FROM o.wait)::float8)
FROM oracle o JOIN got_par g USING (conv);
RESET enable_hashagg;
SET enable_sort = off;      -- Partial HashAggregate in the workers
CREATE TABLE got_par_hash AS
SELECT conv, first_reply_seconds(at, from_brand) AS s FROM msg GROUP BY conv;
SELECT 'parallel hash: seconds|' || bool_and(g.s IS NOT DISTINCT FROM extract(epoch FROM o.wait)::float8)
FROM oracle o JOIN got_par_hash g USING (conv);
RESET enable_sort;
-- Whole-table parallel aggregate over a single conversation's worth of
-- messages from everywhere: every worker sees part of it.
SELECT 'parallel: one group|' || (first_reply_seconds(at, from_brand) IS NOT DISTINCT FROM
         (SELECT extract(epoch FROM (SELECT min(at) FROM msg WHERE from_brand AND at > (SELECT min(at) FROM msg WHERE NOT from_brand))
                                  - (SELECT min(at) FROM msg WHERE NOT from_brand))::float8))
FROM msg;
RESET ALL;
SET TimeZone = 'UTC';

-- 3. Combine on arbitrary splits, and state round trips.
CREATE AGGREGATE frs(timestamptz, bool) (
  SFUNC = first_reply_transfn, STYPE = first_reply_state,
  COMBINEFUNC = first_reply_combine, PARALLEL = SAFE);
CREATE TABLE parts AS
SELECT conv, (hashint8(id * 31) & 3) AS part, frs(at, from_brand) AS st
FROM msg GROUP BY conv, (hashint8(id * 31) & 3);
CREATE TABLE merged AS
SELECT oracle.conv,
       first_reply_combine(first_reply_combine(p0.st, p1.st), first_reply_combine(p2.st, p3.st)) AS st_a,
       first_reply_combine(first_reply_combine(first_reply_combine(p3.st, p1.st), p0.st), p2.st) AS st_b
FROM oracle
LEFT JOIN parts p0 ON p0.conv = oracle.conv AND p0.part = 0
LEFT JOIN parts p1 ON p1.conv = oracle.conv AND p1.part = 1
LEFT JOIN parts p2 ON p2.conv = oracle.conv AND p2.part = 2
LEFT JOIN parts p3 ON p3.conv = oracle.conv AND p3.part = 3;
SELECT 'combine: any split and order|' ||
       bool_and(first_reply_seconds_finalfn(m.st_a) IS NOT DISTINCT FROM extract(epoch FROM o.wait)::float8
            AND first_reply_seconds_finalfn(m.st_b) IS NOT DISTINCT FROM extract(epoch FROM o.wait)::float8)
FROM oracle o JOIN merged m USING (conv);
SELECT 'combine: same state whatever the order|' || bool_and(st_a::text IS NOT DISTINCT FROM st_b::text) FROM merged;
SELECT 'some states keep early brand times|' || (count(*) > 100) FROM parts WHERE st::text LIKE '%;b=%';
SELECT 'text round trip|' || bool_and(st::text::first_reply_state::text = st::text) FROM parts;
CREATE TABLE parts_bin (LIKE parts);
\copy parts TO 'parts.bin' WITH (FORMAT binary)
\copy parts_bin FROM 'parts.bin' WITH (FORMAT binary)
SELECT 'binary round trip|' || (count(*) = (SELECT count(*) FROM parts) AND
                                bool_and(a.st::text = b.st::text))
FROM parts a JOIN parts_bin b USING (conv, part);

-- 4. reply_wait_seconds vs oracle.  R(m) = first brand time > m.at;
-- a block is the customer messages of a conversation with the same R; the
-- window order is (at, id).
CREATE TABLE wait_oracle AS
SELECT m.id, m.conv, m.at, r.reply - m.at AS wait,
       row_number() OVER (PARTITION BY m.conv, r.reply ORDER BY m.at, m.id) AS k_first,
       row_number() OVER (PARTITION BY m.conv, r.reply ORDER BY m.at DESC, m.id DESC) AS k_last
FROM msg m
CROSS JOIN LATERAL (SELECT min(b.at) AS reply FROM msg b
                    WHERE b.conv = m.conv AND b.from_brand AND b.at > m.at) r
WHERE m.from_brand = false AND m.at IS NOT NULL AND r.reply IS NOT NULL;
CREATE TABLE wait_got AS
SELECT id,
       reply_wait_seconds(at, from_brand) OVER w AS dflt,
       reply_wait_seconds(at, from_brand, 'block_start') OVER w AS block_start,
       reply_wait_seconds(at, from_brand, 'every') OVER w AS every,
       reply_wait_seconds(at, from_brand, 'last') OVER w AS last
FROM msg WINDOW w AS (PARTITION BY conv ORDER BY at, id);
CREATE TABLE wait_cmp AS
SELECT g.*, extract(epoch FROM o.wait)::float8 AS secs, o.k_first, o.k_last
FROM wait_got g LEFT JOIN wait_oracle o USING (id);
SELECT 'wait: every|' || bool_and(every IS NOT DISTINCT FROM secs) FROM wait_cmp;
SELECT 'wait: block_start|' || bool_and(block_start IS NOT DISTINCT FROM CASE WHEN k_first = 1 THEN secs END) FROM wait_cmp;
SELECT 'wait: default is block_start|' || bool_and(dflt IS NOT DISTINCT FROM block_start) FROM wait_cmp;
SELECT 'wait: last|' || bool_and(last IS NOT DISTINCT FROM CASE WHEN k_last = 1 THEN secs END) FROM wait_cmp;
SELECT 'wait: blocks exist with several messages|' || (count(*) > 1000) FROM wait_oracle WHERE k_first > 1;
SELECT 'wait: first customer wait = first_reply_seconds|' || bool_and(f.s IS NOT DISTINCT FROM w.first_wait)
FROM got_hash f JOIN (
  SELECT DISTINCT ON (m.conv) m.conv, g.block_start AS first_wait
  FROM msg m JOIN wait_got g USING (id)
  WHERE m.from_brand = false AND m.at IS NOT NULL
  ORDER BY m.conv, m.at, m.id) w USING (conv);
SQL

cat "$out"
if grep -qv '|true$' "$out"; then
	echo "FAILED checks:"
	grep -v '|true$' "$out"
	exit 1
fi
[ "$(grep -c '|true$' "$out")" -ge 20 ] || { echo "too few checks ran"; exit 1; }

# Plan shapes (patterns, never EXPLAIN text in expected output).
plan() { psql -qXAt -v ON_ERROR_STOP=1 -c "SET TimeZone = 'UTC'" "$@"; }
hash_plan=$(plan -c "SET max_parallel_workers_per_gather = 0" -c "SET enable_sort = off" \
	-c "EXPLAIN SELECT conv, first_reply_seconds(at, from_brand) FROM msg GROUP BY conv")
grep -q 'HashAggregate' <<<"$hash_plan" || { echo "no HashAggregate:"; echo "$hash_plan"; exit 1; }
grep -q 'Sort' <<<"$hash_plan" && { echo "unexpected Sort:"; echo "$hash_plan"; exit 1; }
par_plan=$(plan -c "SET max_parallel_workers_per_gather = 2" -c "SET parallel_setup_cost = 0" \
	-c "SET parallel_tuple_cost = 0" -c "SET min_parallel_table_scan_size = 0" -c "SET enable_hashagg = off" \
	-c "EXPLAIN SELECT conv, first_reply_seconds(at, from_brand) FROM msg GROUP BY conv")
grep -q 'Partial GroupAggregate\|Partial HashAggregate\|Partial Aggregate' <<<"$par_plan" ||
	{ echo "no partial aggregate:"; echo "$par_plan"; exit 1; }
grep -q 'Gather' <<<"$par_plan" || { echo "no Gather:"; echo "$par_plan"; exit 1; }
par_hash_plan=$(plan -c "SET max_parallel_workers_per_gather = 2" -c "SET parallel_setup_cost = 0" \
	-c "SET parallel_tuple_cost = 0" -c "SET min_parallel_table_scan_size = 0" -c "SET enable_sort = off" \
	-c "EXPLAIN SELECT conv, first_reply_seconds(at, from_brand) FROM msg GROUP BY conv")
grep -q 'Partial HashAggregate' <<<"$par_hash_plan" && grep -q 'Gather' <<<"$par_hash_plan" ||
	{ echo "no Partial HashAggregate under Gather:"; echo "$par_hash_plan"; exit 1; }
echo "plans ok"
