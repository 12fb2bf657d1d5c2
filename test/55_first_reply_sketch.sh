#!/usr/bin/env bash
# first_reply_sketch, unanswered_count and unanswered_share against an
# independent plain-SQL pairing, on generated conversations (deterministic,
# ~160k messages, 37 accounts, conversation ids spread over the bigint
# range) stored in SHUFFLED order:
#  - per account: the sketch equals, byte for byte, quantile_sketch() of the
#    oracle's seconds and of first_reply_seconds per conversation; its count
#    is the oracle's answered count; unanswered_count / unanswered_share
#    equal the oracle's; approx_percentile is within the sketch's error of
#    percentile_disc over the oracle pairing;
#  - the same bytes under HashAggregate, sorted GroupAggregate, forced
#    parallel plans (Partial Aggregate in the plan, by pattern) where a
#    probe combine function shows conversations split across workers;
#  - first_reply_pairing read by first_reply_sketch(s), unanswered_count(s),
#    unanswered_share(s), sla_attainment(s, target), sla_counts(s, target)
#    equals those aggregates, serially and in parallel;
#  - partial states of arbitrary splits combined in two orders; up to 32
#    stored (flat) states merged in one group, and 20,000 of one
#    conversation each (the combine's pending states); text and
#    binary (COPY) round trips of the state;
#  - text ids (33 to 93 bytes) and uuid ids, whose rows are queued with a
#    copy of their bytes: each account's state equals the merge of its
#    conversations' own states, and the sketches the bigint ids';
#  - crafted bad binary states get 22P03 (sizes checked before allocation).
set -euo pipefail

cd "${SM_TMP:?}"
out=$SM_TMP/checks.txt
psql -qXAt -v ON_ERROR_STOP=1 >"$out" <<'SQL'
CREATE EXTENSION social_metrics;
SET TimeZone = 'UTC';

-- u(i, k): deterministic pseudo-random in [0, 1) from a hash.
CREATE FUNCTION u(i bigint, k int) RETURNS float8 LANGUAGE sql IMMUTABLE AS
$$ SELECT ((hashint8(i * 1000003 + k) & 2147483647)::float8 + 0.5) / 2147483648 $$;

-- Conversations: length 1..12; kind decides the shape.  Reply delays are
-- heavy-tailed (seconds to days) so that percentiles spread over buckets.
CREATE TABLE conv AS
SELECT c, (c * 2654435761) % 1000000000007 - 500000000000 AS conv, c % 37 AS account,
       1 + floor(u(c, 1) * 12)::int AS len,
       CASE WHEN u(c, 2) < 0.10 THEN 'brand_first'
            WHEN u(c, 2) < 0.15 THEN 'brand_only'
            WHEN u(c, 2) < 0.20 THEN 'customer_only'
            WHEN u(c, 2) < 0.40 THEN 'coarse'        -- minute resolution: ties
            ELSE 'normal' END AS kind,
       timestamptz '2026-01-01' + c * interval '7 minutes' AS t0,
       exp(u(c, 7) * 12) AS scale
FROM generate_series(1, 25000) c;

CREATE TABLE gen AS
SELECT row_number() OVER () AS id, account, conv, at, from_brand FROM (
  SELECT c.account, c.conv,
         CASE WHEN u(c.c * 100 + j, 3) < 0.01 THEN NULL
              WHEN c.kind = 'coarse'
                THEN date_trunc('minute', c.t0 + (j * 40 + floor(u(c.c * 100 + j, 4) * 120)) * interval '1 second')
              ELSE c.t0 + (j * c.scale + floor(u(c.c * 100 + j, 4) * 3 * c.scale)) * interval '1 second'
                        + floor(u(c.c * 100 + j, 8) * 1000000) * interval '1 microsecond'
         END AS at,
         CASE WHEN u(c.c * 100 + j, 5) < 0.01 THEN NULL
              WHEN c.kind = 'brand_only' THEN true
              WHEN c.kind = 'customer_only' THEN false
              WHEN c.kind = 'brand_first' AND j < 3 THEN true
              ELSE u(c.c * 100 + j, 6) < 0.45 END AS from_brand
  FROM conv c, generate_series(0, c.len - 1) j
) s;

-- Shuffled physical order.
CREATE TABLE msg AS SELECT * FROM gen ORDER BY hashint8(id * 7919);
CREATE INDEX ON msg (conv, from_brand, at);
ANALYZE msg;
SELECT 'messages>=100000|' || (count(*) >= 100000) FROM msg;

-- Oracle: per conversation, the first customer message, then the earliest
-- brand message strictly after it (LATERAL); asked = has a customer message.
CREATE TABLE oracle AS
SELECT cv.conv, cv.account, c0.c0 IS NOT NULL AS asked, r.first_reply - c0.c0 AS wait,
       extract(epoch FROM r.first_reply - c0.c0)::float8 AS secs
FROM (SELECT DISTINCT conv, account FROM msg) cv
LEFT JOIN (SELECT conv, min(at) AS c0 FROM msg
           WHERE from_brand = false AND at IS NOT NULL GROUP BY conv) c0 USING (conv)
LEFT JOIN LATERAL (SELECT min(b.at) AS first_reply FROM msg b
                   WHERE b.conv = c0.conv AND b.from_brand AND b.at > c0.c0) r ON true;
CREATE TABLE oracle_acc AS
SELECT account, count(secs) AS answered, count(*) FILTER (WHERE asked AND secs IS NULL) AS unanswered,
       count(*) FILTER (WHERE asked) AS asked,
       quantile_sketch(secs) AS sk,
       percentile_disc(ARRAY[0.01, 0.25, 0.5, 0.9, 0.99, 1]) WITHIN GROUP (ORDER BY secs) AS pd
FROM oracle GROUP BY account;
SELECT 'oracle: answered, unanswered and not asked|' ||
       (count(secs) > 10000 AND count(*) FILTER (WHERE asked AND secs IS NULL) > 1000
        AND count(*) FILTER (WHERE NOT asked) > 500) FROM oracle;
SELECT 'oracle: replies from under a second to days|' || (min(secs) < 1 AND max(secs) > 86400) FROM oracle;
-- The per-conversation aggregate, rolled up per account.
CREATE TABLE per_conv AS
SELECT account, quantile_sketch(s) AS sk FROM
  (SELECT account, first_reply_seconds(at, from_brand) AS s FROM msg GROUP BY account, conv) x
GROUP BY account;

-- One query per plan; `got_<plan>` keeps text and binary of each result.
CREATE FUNCTION run(plan text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('CREATE TABLE got_%s AS
    SELECT account, first_reply_sketch(conv, at, from_brand) AS sk,
           unanswered_count(conv, at, from_brand) AS unanswered,
           unanswered_share(conv, at, from_brand) AS share
    FROM msg GROUP BY account', plan);
END $$;

-- 1. HashAggregate, serial.
SET max_parallel_workers_per_gather = 0;
SET enable_sort = off;
SELECT run('hash');
RESET enable_sort;
SELECT 'hash: every account|' || (count(*) = 37) FROM got_hash;
SELECT 'hash: sketch = quantile_sketch of the oracle''s seconds, byte for byte|' ||
       bool_and(quantile_sketch_send(g.sk) = quantile_sketch_send(o.sk))
FROM got_hash g JOIN oracle_acc o USING (account);
SELECT 'hash: sketch = quantile_sketch(first_reply_seconds) per conversation|' ||
       bool_and(g.sk::text = p.sk::text)
FROM got_hash g JOIN per_conv p USING (account);
SELECT 'hash: count = oracle answered|' || bool_and(sketch_count(g.sk) = o.answered)
FROM got_hash g JOIN oracle_acc o USING (account);
SELECT 'hash: unanswered_count = oracle|' || bool_and(g.unanswered = o.unanswered)
FROM got_hash g JOIN oracle_acc o USING (account);
SELECT 'hash: unanswered_share = oracle|' ||
       bool_and(abs(g.share - o.unanswered::float8 / o.asked) <= 1e-15)
FROM got_hash g JOIN oracle_acc o USING (account);
SELECT 'hash: percentiles within alpha of percentile_disc|' ||
       bool_and(abs((approx_percentiles(g.sk, '{0.01,0.25,0.5,0.9,0.99,1}'))[i] - o.pd[i])
                <= sketch_error(g.sk) * o.pd[i] * (1 + 1e-12))
FROM got_hash g JOIN oracle_acc o USING (account), generate_series(1, 6) i;
SELECT 'hash: share within 1 h (approx_rank) within 2% of the oracle|' ||
       bool_and(abs(approx_rank(g.sk, 3600) - r.exact) <= 0.02)
FROM got_hash g JOIN (SELECT account, avg((secs <= 3600)::int)::float8 AS exact FROM oracle
                      WHERE secs IS NOT NULL GROUP BY account) r USING (account);

-- 2. Sorted GroupAggregate.
SET max_parallel_workers_per_gather = 0;
SET enable_hashagg = off;
SELECT run('sorted');
RESET enable_hashagg;
SELECT 'sorted: same bytes as hash|' ||
       bool_and(quantile_sketch_send(a.sk) = quantile_sketch_send(b.sk) AND a.unanswered = b.unanswered
                AND a.share = b.share)
FROM got_hash a JOIN got_sorted b USING (account);

-- 3. Forced parallel, hash and sorted partial aggregates.
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET enable_sort = off;
SELECT run('par_hash');
RESET enable_sort;
SET enable_hashagg = off;
SELECT run('par_sorted');
RESET enable_hashagg;
SELECT 'parallel hash: same bytes as serial|' ||
       (count(*) = 37 AND bool_and(quantile_sketch_send(a.sk) = quantile_sketch_send(b.sk)
                                   AND a.unanswered = b.unanswered AND a.share = b.share))
FROM got_hash a JOIN got_par_hash b USING (account);
SELECT 'parallel sorted: same bytes as serial|' ||
       (count(*) = 37 AND bool_and(quantile_sketch_send(a.sk) = quantile_sketch_send(b.sk)
                                   AND a.unanswered = b.unanswered AND a.share = b.share))
FROM got_hash a JOIN got_par_sorted b USING (account);
-- One group over everything: each worker holds part of most conversations.
CREATE TABLE par_all AS
SELECT first_reply_sketch(conv, at, from_brand) AS sk, unanswered_count(conv, at, from_brand) AS u FROM msg;
RESET ALL;
SET TimeZone = 'UTC';
SET max_parallel_workers_per_gather = 0;
SELECT 'parallel, one group: same bytes as serial|' ||
       (quantile_sketch_send(p.sk) = quantile_sketch_send(s.sk) AND p.u = s.u)
FROM par_all p, (SELECT first_reply_sketch(conv, at, from_brand) AS sk,
                        unanswered_count(conv, at, from_brand) AS u FROM msg) s;
SELECT 'one group: the oracle''s sketch|' ||
       (quantile_sketch_send(p.sk) = (SELECT quantile_sketch_send(quantile_sketch(secs)) FROM oracle))
FROM par_all p;

-- 4. Partial states of arbitrary splits, combined in two orders.
CREATE AGGREGATE frs(bigint, timestamptz, bool) (
  SFUNC = first_reply_sketch_transfn, STYPE = first_reply_sketch_state,
  COMBINEFUNC = first_reply_sketch_combine, PARALLEL = SAFE);
CREATE TABLE parts AS
SELECT account, (hashint8(id * 31) & 3) AS part, frs(conv, at, from_brand) AS st
FROM msg GROUP BY account, (hashint8(id * 31) & 3);
CREATE TABLE whole AS SELECT account, frs(conv, at, from_brand) AS st FROM msg GROUP BY account;
CREATE TABLE merged AS
SELECT w.account, w.st AS whole,
       first_reply_sketch_combine(first_reply_sketch_combine(p0.st, p1.st), first_reply_sketch_combine(p2.st, p3.st)) AS st_a,
       first_reply_sketch_combine(first_reply_sketch_combine(first_reply_sketch_combine(p3.st, p1.st), p0.st), p2.st) AS st_b
FROM whole w
JOIN parts p0 ON p0.account = w.account AND p0.part = 0
JOIN parts p1 ON p1.account = w.account AND p1.part = 1
JOIN parts p2 ON p2.account = w.account AND p2.part = 2
JOIN parts p3 ON p3.account = w.account AND p3.part = 3;
SELECT 'combine: splits merge to the whole state, any order|' ||
       (count(*) = 37 AND bool_and(st_a::text = whole::text AND st_b::text = whole::text)) FROM merged;
SELECT 'combine: conversations are split across parts|' ||
       (count(*) > 10000) FROM (SELECT conv FROM msg GROUP BY conv
                                HAVING count(DISTINCT hashint8(id * 31) & 3) > 1) x;
SELECT 'combine: merged state gives the oracle''s sketch|' ||
       bool_and(first_reply_sketch_finalfn(m.st_b)::text = o.sk::text)
FROM merged m JOIN oracle_acc o USING (account);
SELECT 'some states keep early brand times|' || (count(*) = 37) FROM whole WHERE st::text LIKE '%;b=%';

-- 4b. Text and uuid ids: once a state holds 64 conversations their rows are
-- queued with a copy of the id's bytes (issue 20, B4).  Text ids of 33 to
-- 65 bytes, so that 64 of them outgrow the queue's 2 KiB of key bytes (it
-- drains early), and 1 % of 93 bytes, not queued (it drains first).  Each
-- account's state must equal, byte for byte, the merge of its
-- conversations' own states (one conversation each: never queued).
CREATE AGGREGATE frs(text, timestamptz, bool) (
  SFUNC = first_reply_sketch_transfn, STYPE = first_reply_sketch_state);
CREATE AGGREGATE frs(uuid, timestamptz, bool) (
  SFUNC = first_reply_sketch_transfn, STYPE = first_reply_sketch_state);
CREATE AGGREGATE frs_merge(first_reply_sketch_state) (
  SFUNC = first_reply_sketch_combine, STYPE = first_reply_sketch_state);
CREATE TABLE msg_ids AS
SELECT id, account, conv,
       repeat(chr(97 + (conv & 7)::int), CASE WHEN conv % 97 = 0 THEN 80 ELSE 20 + (abs(conv) % 33)::int END) || conv AS tid,
       md5(conv::text)::uuid AS uid, at, from_brand
FROM msg ORDER BY hashint8(id * 7919);
SELECT 'queued ids: text ids of 40 bytes or more on average, 0.5 to 5 % over 64|' ||
       (avg(octet_length(tid)) >= 40 AND max(octet_length(tid)) >= 90 AND
        avg((octet_length(tid) > 64)::int) BETWEEN 0.005 AND 0.05) FROM msg_ids;
CREATE TABLE queued_text AS
SELECT w.account, w.st::text = m.st::text AS same, w.st::text AS st
FROM (SELECT account, frs(tid, at, from_brand) AS st FROM msg_ids GROUP BY account) w
JOIN (SELECT account, frs_merge(st) AS st
      FROM (SELECT account, tid, frs(tid, at, from_brand) AS st FROM msg_ids GROUP BY account, tid) c
      GROUP BY account) m USING (account);
SELECT 'queued text ids: each state is the merge of its conversations''|' ||
       (count(*) = 37 AND bool_and(same)) FROM queued_text;
SELECT 'queued uuid ids: each state is the merge of its conversations''|' ||
       (count(*) = 37 AND bool_and(w.st::text = m.st::text))
FROM (SELECT account, frs(uid, at, from_brand) AS st FROM msg_ids GROUP BY account) w
JOIN (SELECT account, frs_merge(st) AS st
      FROM (SELECT account, uid, frs(uid, at, from_brand) AS st FROM msg_ids GROUP BY account, uid) c
      GROUP BY account) m USING (account);
SELECT 'queued text and uuid ids: the bigint ids'' sketches and counts|' ||
       bool_and(quantile_sketch_send(t.sk) = quantile_sketch_send(b.sk) AND
                quantile_sketch_send(u.sk) = quantile_sketch_send(b.sk) AND t.n = b.n AND u.n = b.n)
FROM (SELECT account, first_reply_sketch(tid, at, from_brand) AS sk, unanswered_count(tid, at, from_brand) AS n
      FROM msg_ids GROUP BY account) t
JOIN (SELECT account, first_reply_sketch(uid, at, from_brand) AS sk, unanswered_count(uid, at, from_brand) AS n
      FROM msg_ids GROUP BY account) u USING (account)
JOIN (SELECT account, first_reply_sketch(conv, at, from_brand) AS sk, unanswered_count(conv, at, from_brand) AS n
      FROM msg_ids GROUP BY account) b USING (account);
-- 4c. Many flat states in one group (issue 20, B1): a combine keeps the
-- first FRS_PENDING_MAX (16) flat states whole and merges them in one pass
-- when the state is read; with more, all go to the hash table.  Stored
-- states (flat) of 32 parts per account, merged by frs_merge: the first 1,
-- 2, 3, 16, 17 and 32 parts equal frs over the same rows; then flat states
-- followed by a state made on the fly; then one group of 20,000 states of
-- one conversation each (linear: merging flat states two at a time rewrote
-- the growing result each time).
CREATE TABLE parts32 AS
SELECT account, (hashint8(id * 37) & 31) AS part, frs(conv, at, from_brand) AS st
FROM msg GROUP BY account, (hashint8(id * 37) & 31);
SELECT 'pending: 32 stored parts per account|' || (count(*) = 37 * 32) FROM parts32;
SELECT 'pending: first ' || k || ' parts merge to the state of their rows|' ||
       bool_and(m.st::text = w.st::text)
FROM unnest('{1,2,3,16,17,32}'::int[]) k
CROSS JOIN LATERAL (SELECT account, frs_merge(st ORDER BY part) AS st FROM parts32 WHERE part < k GROUP BY account) m
JOIN LATERAL (SELECT account, frs(conv, at, from_brand) AS st FROM msg
              WHERE (hashint8(id * 37) & 31) < k GROUP BY account) w USING (account)
GROUP BY k ORDER BY k;
SELECT 'pending: flat states, then a state made on the fly|' ||
       (count(*) = 37 AND bool_and(m.st::text = w.st::text))
FROM (SELECT account, frs_merge(st) AS st FROM (
        SELECT account, st FROM parts32 WHERE part < 5
        UNION ALL
        SELECT account, frs(conv, at, from_brand) FROM msg WHERE (hashint8(id * 37) & 31) >= 5 GROUP BY account) u
      GROUP BY account) m
JOIN whole w USING (account);
CREATE TABLE one_each AS
SELECT conv, frs(conv, at, from_brand) AS st FROM msg GROUP BY conv ORDER BY hashint8(conv) LIMIT 20000;
SELECT 'pending: 20,000 states of one conversation merge to the state of their rows|' ||
       ((SELECT frs_merge(st)::text FROM one_each) =
        (SELECT frs(conv, at, from_brand)::text FROM msg WHERE conv IN (SELECT conv FROM one_each)));
-- 6. first_reply_pairing: one state per group, read by first_reply_sketch(s),
-- unanswered_count(s), unanswered_share(s), sla_attainment(s, target) and
-- sla_counts(s, target), equals the aggregates of the same names over the
-- same rows (round the clock and in business hours; bigint, text and uuid
-- ids), serially and on a parallel plan.
CREATE VIEW by_readers AS
SELECT account, quantile_sketch_send(first_reply_sketch(s)) AS sk, unanswered_count(s) AS uc,
       unanswered_share(s) AS us, sla_attainment(s, 60) AS a60, sla_attainment(s, 86400) AS a1d,
       sla_counts(s, 3600) AS c1h,
       quantile_sketch_send(first_reply_sketch(bs)) AS bsk, sla_attainment(bs, 3600) AS ba, sla_counts(bs, 3600) AS bc,
       quantile_sketch_send(first_reply_sketch(ts)) AS tsk, sla_attainment(ts, 3600) AS ta, unanswered_share(ts) AS tus,
       quantile_sketch_send(first_reply_sketch(vs)) AS vsk, sla_attainment(vs, 3600) AS va, sla_counts(vs, 600) AS vc
FROM (SELECT account, first_reply_pairing(conv, at, from_brand) AS s,
             first_reply_pairing(conv, at, from_brand, 'Europe/Helsinki; mon-fri 09:00-17:00') AS bs,
             first_reply_pairing(conv::text, at, from_brand) AS ts,
             first_reply_pairing(md5(conv::text)::uuid, at, from_brand) AS vs
      FROM msg GROUP BY account) x;
CREATE VIEW by_aggregates AS
SELECT account, quantile_sketch_send(first_reply_sketch(conv, at, from_brand)) AS sk,
       unanswered_count(conv, at, from_brand) AS uc, unanswered_share(conv, at, from_brand) AS us,
       sla_attainment(conv, at, from_brand, 60) AS a60, sla_attainment(conv, at, from_brand, 86400) AS a1d,
       sla_counts(conv, at, from_brand, 3600) AS c1h,
       quantile_sketch_send(first_reply_sketch(conv, at, from_brand, 'Europe/Helsinki; mon-fri 09:00-17:00')) AS bsk,
       sla_attainment(conv, at, from_brand, 3600, 'Europe/Helsinki; mon-fri 09:00-17:00') AS ba,
       sla_counts(conv, at, from_brand, 3600, 'Europe/Helsinki; mon-fri 09:00-17:00') AS bc,
       quantile_sketch_send(first_reply_sketch(conv::text, at, from_brand)) AS tsk,
       sla_attainment(conv::text, at, from_brand, 3600) AS ta, unanswered_share(conv::text, at, from_brand) AS tus,
       quantile_sketch_send(first_reply_sketch(md5(conv::text)::uuid, at, from_brand)) AS vsk,
       sla_attainment(md5(conv::text)::uuid, at, from_brand, 3600) AS va,
       sla_counts(md5(conv::text)::uuid, at, from_brand, 600) AS vc
FROM msg GROUP BY account;
CREATE TABLE readers_serial AS SELECT * FROM by_readers;
CREATE TABLE aggregates_serial AS SELECT * FROM by_aggregates;
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
CREATE TABLE readers_parallel AS SELECT * FROM by_readers;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
SELECT 'first_reply_pairing: the readers equal the aggregates, 37 accounts|' ||
       (count(*) = 37 AND bool_and((r.*)::text = (a.*)::text))
FROM readers_serial r JOIN aggregates_serial a USING (account);
SELECT 'first_reply_pairing: the same on a parallel plan|' ||
       (count(*) = 37 AND bool_and((r.*)::text = (p.*)::text))
FROM readers_serial r JOIN readers_parallel p USING (account);
SELECT 'first_reply_pairing: the checks see answers, misses and two targets|' ||
       (bool_and(a60 < a1d) AND bool_and(us > 0) AND bool_and(c1h[1] < c1h[2]) AND bool_and(ba IS NOT NULL))
FROM readers_serial;
SELECT 'first_reply_pairing over no rows: the readers give what the aggregates give|' ||
       (first_reply_sketch(s) IS NULL AND unanswered_count(s) = 0 AND unanswered_share(s) IS NULL
        AND sla_attainment(s, 60) IS NULL AND sla_counts(s, 60) = '{0,0}' AND sla_counts(s, NULL) IS NULL
        AND unanswered_count(s) = agg_uc AND sla_counts(s, 60) = agg_sc)
FROM (SELECT first_reply_pairing(conv, at, from_brand) AS s, unanswered_count(conv, at, from_brand) AS agg_uc,
             sla_counts(conv, at, from_brand, 60) AS agg_sc FROM msg WHERE false) x;
CREATE FUNCTION target_error(t float8) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  PERFORM sla_attainment('v1 7:c=0;r=60000000'::first_reply_sketch_state, t);
  RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
  RETURN SQLSTATE;
END $$;
SELECT 'sla_attainment(state, target): a negative, NaN or infinite target is 22023|' ||
       (target_error(-1) = '22023' AND target_error('NaN') = '22023' AND target_error('Infinity') = '22023'
        AND target_error(0) = 'no error');

-- 5. Round trips.
SELECT 'text round trip|' || bool_and(st::text::first_reply_sketch_state::text = st::text) FROM parts;
SELECT 'text round trip keeps the results|' ||
       bool_and(first_reply_sketch_finalfn(st::text::first_reply_sketch_state)::text = first_reply_sketch_finalfn(st)::text
                AND unanswered_count_finalfn(st::text::first_reply_sketch_state) = unanswered_count_finalfn(st))
FROM parts;
CREATE TABLE parts_bin (LIKE parts);
\copy parts TO 'parts.bin' WITH (FORMAT binary)
\copy parts_bin FROM 'parts.bin' WITH (FORMAT binary)
SELECT 'binary round trip|' ||
       (count(*) = (SELECT count(*) FROM parts) AND
        bool_and(a.st::text = b.st::text AND
                 first_reply_sketch_state_send(a.st) = first_reply_sketch_state_send(b.st)))
FROM parts a JOIN parts_bin b USING (account, part);
SQL

sed -i '/^$/d' "$out"   # the lines of SELECT run(...)
cat "$out"
if grep -qv '|true$' "$out"; then
	echo "FAILED checks:"
	grep -v '|true$' "$out"
	exit 1
fi
[ "$(grep -c '|true$' "$out")" -ge 20 ] || { echo "too few checks ran"; exit 1; }
fail=0

# Plan shapes (patterns, never EXPLAIN text in expected output).
par=(-c "SET max_parallel_workers_per_gather = 2" -c "SET parallel_setup_cost = 0"
	-c "SET parallel_tuple_cost = 0" -c "SET min_parallel_table_scan_size = 0")
plan() { psql -qXAt -v ON_ERROR_STOP=1 "$@"; }
q="SELECT account, first_reply_sketch(conv, at, from_brand), unanswered_share(conv, at, from_brand) FROM msg GROUP BY account"
p=$(plan "${par[@]}" -c "SET enable_sort = off" -c "EXPLAIN $q")
if grep -q 'Partial HashAggregate' <<<"$p" && grep -q 'Gather' <<<"$p"; then
	echo "ok - plan: Partial HashAggregate under Gather"
else
	echo "not ok - no Partial HashAggregate under Gather:"; echo "$p"; fail=1
fi
p=$(plan "${par[@]}" -c "SET enable_hashagg = off" -c "EXPLAIN $q")
if grep -q 'Partial GroupAggregate' <<<"$p" && grep -q 'Finalize GroupAggregate' <<<"$p"; then
	echo "ok - plan: Partial and Finalize GroupAggregate"
else
	echo "not ok - no Partial/Finalize GroupAggregate:"; echo "$p"; fail=1
fi
p=$(plan "${par[@]}" -c "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT first_reply_sketch(conv, at, from_brand) FROM msg")
if grep -q 'Partial Aggregate' <<<"$p" && grep -Eq 'Workers Launched: [12]' <<<"$p"; then
	echo "ok - plan: Partial Aggregate, workers launched"
else
	echo "not ok - no Partial Aggregate with workers:"; echo "$p"; fail=1
fi

# Conversations split across workers: a probe combine function reports how
# many conversations the two states it merges have in common.
probe=$(plan "${par[@]}" -c "SET client_min_messages = notice" -f - 2>&1 <<'SQL'
CREATE FUNCTION probe_combine(a first_reply_sketch_state, b first_reply_sketch_state)
RETURNS first_reply_sketch_state LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE n bigint;
BEGIN
  IF a IS NOT NULL AND b IS NOT NULL THEN
    SELECT count(*) INTO n FROM (
      SELECT (regexp_matches(a::text, ' (-?[0-9]+):', 'g'))[1]
      INTERSECT SELECT (regexp_matches(b::text, ' (-?[0-9]+):', 'g'))[1]) x;
    RAISE NOTICE 'split conversations merged: %', n;
  END IF;
  RETURN first_reply_sketch_combine(a, b);
END $$;
CREATE AGGREGATE probe(bigint, timestamptz, bool) (
  SFUNC = first_reply_sketch_transfn, STYPE = first_reply_sketch_state,
  COMBINEFUNC = probe_combine, FINALFUNC = first_reply_sketch_finalfn, PARALLEL = SAFE);
SELECT 'probe equals the serial sketch|' ||
       (quantile_sketch_send(probe(conv, at, from_brand)) = (SELECT quantile_sketch_send(sk) FROM par_all)) FROM msg;
SQL
)
split=$(grep -o 'split conversations merged: [0-9]*' <<<"$probe" | awk '{ s += $4 } END { print s + 0 }' || true)
if grep -q 'probe equals the serial sketch|t' <<<"$probe" && [ "$split" -gt 1000 ]; then
	echo "ok - parallel: $split conversations split across workers merged, same bytes as serial"
else
	echo "not ok - parallel split probe: $probe"; fail=1
fi

# Bad binary states: each crafted value goes through binary COPY into a
# first_reply_sketch_state column.
psql -qXAt -v ON_ERROR_STOP=1 <<'SQL'
CREATE TABLE bad (k int, why text, b bytea);
CREATE TABLE dst (s first_reply_sketch_state);
-- entry(conversation, flags, customer, reply, early[])
CREATE FUNCTION entry(bigint, int, bigint, bigint, bigint[] DEFAULT '{}') RETURNS bytea LANGUAGE sql AS $$
  SELECT int8send($1) || set_byte('\x00'::bytea, 0, $2) || int8send($3) || int8send($4)
         || int4send(coalesce(cardinality($5), 0))
         || coalesce((SELECT string_agg(int8send(t), '' ORDER BY o) FROM unnest($5) WITH ORDINALITY AS u(t, o)), '')
$$;
INSERT INTO bad VALUES
 (1, 'empty', ''),
 (2, 'unknown version', '\x02'::bytea || int4send(0)),
 (3, 'truncated count', '\x0100'),
 (4, 'huge conversation count', '\x01'::bytea || int4send(2147483647) || entry(1, 1, 0, 0)),
 (5, 'huge early count', '\x01'::bytea || int4send(1) || int8send(1) || '\x00'::bytea || int8send(0) || int8send(0) || int4send(-1)),
 (6, 'trailing bytes', '\x01'::bytea || int4send(1) || entry(1, 1, 0, 0) || '\x00'::bytea),
 (7, 'unknown flags', '\x01'::bytea || int4send(1) || entry(1, 5, 0, 0)),
 (8, 'no messages', '\x01'::bytea || int4send(1) || entry(1, 0, 0, 0)),
 (9, 'reply without customer', '\x01'::bytea || int4send(1) || entry(1, 2, 0, 10)),
 (10, 'reply not after customer', '\x01'::bytea || int4send(1) || entry(1, 3, 10, 10)),
 (11, 'early not ascending', '\x01'::bytea || int4send(1) || entry(1, 0, 0, 0, '{5,4}')),
 (12, 'early after customer', '\x01'::bytea || int4send(1) || entry(1, 1, 0, 0, '{5}')),
 (13, 'customer time out of range', '\x01'::bytea || int4send(1) || entry(1, 1, 9223372036854775807, 0)),
 (14, 'conversation twice', '\x01'::bytea || int4send(2) || entry(1, 1, 0, 0) || entry(1, 1, 5, 0)),
 (15, 'customer time without flag', '\x01'::bytea || int4send(1) || entry(1, 0, 7, 0, '{1}')),
 (16, 'fewer entries than claimed', '\x01'::bytea || int4send(2) || entry(1, 1, 0, 0) || '\x00000000000000000000'::bytea),
 (100, 'valid', '\x01'::bytea || int4send(3) || entry(-7, 3, 0, 10) || entry(2, 1, 5, 0, '{1,5}') || entry(3, 0, 0, 0, '{-1,8}'));
SQL
for k in $(psql -qXAt -c "SELECT k FROM bad ORDER BY k"); do
	why=$(psql -qXAt -c "SELECT why FROM bad WHERE k = $k")
	psql -qXAt -c "\\copy (SELECT b FROM bad WHERE k = $k) TO 'bad.bin' WITH (FORMAT binary)"
	got=$(psql -qXAt -v VERBOSITY=sqlstate -c "\\copy dst FROM 'bad.bin' WITH (FORMAT binary)" 2>&1 || true)
	if [ "$k" -lt 100 ]; then
		if [[ $got == *22P03* ]]; then echo "ok - bad binary ($why): 22P03"; else echo "not ok - bad binary ($why): $got"; fail=1; fi
	else
		st=$(psql -qXAt -c "SELECT s FROM dst")
		if [ -z "$got" ] && [ "$st" = "v1 -7:c=0;r=10 2:c=5;b=1,5 3:b=-1,8" ]; then
			echo "ok - crafted valid binary state reads back: $st"
		else
			echo "not ok - crafted valid binary state: $got $st"; fail=1
		fi
	fi
done

exit $fail
