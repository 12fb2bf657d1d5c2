-- sla_counts (1.2.0, issue 22): {met, total} behind sla_attainment, for
-- bigint, text and uuid ids, round the clock and in business hours; against
-- a plain-SQL recount, and met / total = sla_attainment to the last bit on
-- every plan (serial, parallel, partitionwise).
SET TimeZone = 'UTC';
\set SHOW_CONTEXT never

-- 6,000 conversations in 7 accounts, 1 to 4 messages each, some brand-first,
-- some unanswered, some brand-only, ties; times from a hash of the row
-- number (deterministic, no random()).
CREATE TABLE sla_msg (account int, conv bigint, tconv text, uconv uuid, at timestamptz, from_brand bool);
INSERT INTO sla_msg
SELECT c % 7, c, 't-' || c, md5(c::text)::uuid,
       timestamptz '2026-03-02 06:00' + (c % 500) * interval '17 minutes'
         + j * ((hashint8(c * 4 + j) & 16383)::int % 9000) * interval '1 second',
       CASE WHEN c % 11 = 0 THEN true                 -- brand only
            WHEN c % 13 = 0 THEN j = 0                -- the brand writes first
            ELSE j > 0 AND c % 9 <> 0 END             -- c % 9 = 0: unanswered
  FROM generate_series(1::bigint, 6000) c, generate_series(0, 3) j
 WHERE j <= (hashint8(-c) & 3);
-- ties: a brand message at the very instant of the customer's is no reply
INSERT INTO sla_msg SELECT account, conv, tconv, uconv, at, true FROM sla_msg
 WHERE conv % 17 = 0 AND NOT from_brand AND conv % 11 <> 0 AND conv % 13 <> 0;
-- rows with a NULL input are skipped
INSERT INTO sla_msg VALUES (1, NULL, NULL, NULL, '2026-03-02 07:00', false),
                           (1, 99999, 't-99999', NULL, NULL, false);
ANALYZE sla_msg;

-- The plain-SQL recount: c0 = a conversation's first customer message,
-- reply = the first brand message strictly after it.
CREATE TEMP VIEW recount AS
SELECT x.account, x.conv, x.c0, min(m2.at) AS reply
  FROM (SELECT account, conv, min(at) FILTER (WHERE NOT from_brand) AS c0
          FROM sla_msg WHERE conv IS NOT NULL AND at IS NOT NULL AND from_brand IS NOT NULL
         GROUP BY account, conv) x
  LEFT JOIN sla_msg m2 ON m2.conv = x.conv AND m2.from_brand AND m2.at > x.c0
 WHERE x.c0 IS NOT NULL
 GROUP BY x.account, x.conv, x.c0;
CREATE TEMP TABLE want AS
SELECT account,
       ARRAY[count(*) FILTER (WHERE reply - c0 <= interval '3600 seconds'), count(*)] AS met_total,
       ARRAY[count(*) FILTER (WHERE business_seconds(c0, reply, 'Europe/Helsinki; mon-fri 09:00-17:00') <= 1800),
             count(*)] AS business_met_total
  FROM recount GROUP BY account;

-- The query under every plan: per account and id type, the counts, whether
-- they equal the recount, and whether met / total = sla_attainment exactly.
CREATE TEMP VIEW got AS
SELECT m.account,
       sla_counts(conv, at, from_brand, 3600) AS b,
       sla_counts(tconv, at, from_brand, 3600) AS t,
       sla_counts(uconv, at, from_brand, 3600) AS u,
       sla_attainment(conv, at, from_brand, 3600) AS sla,
       sla_counts(conv, at, from_brand, 1800, 'Europe/Helsinki; mon-fri 09:00-17:00') AS bb,
       sla_counts(tconv, at, from_brand, 1800, 'Europe/Helsinki; mon-fri 09:00-17:00') AS tb,
       sla_counts(uconv, at, from_brand, 1800, 'Europe/Helsinki; mon-fri 09:00-17:00') AS ub,
       sla_attainment(conv, at, from_brand, 1800, 'Europe/Helsinki; mon-fri 09:00-17:00') AS bsla
  FROM sla_msg m GROUP BY m.account;
CREATE FUNCTION pg_temp.check_plan(label text) RETURNS TABLE (plan text, account int, met_total bigint[], business bigint[],
       recount bool, ids_same bool, ratio_is_sla bool, business_recount bool, business_ratio_is_sla bool)
LANGUAGE plpgsql AS $$
BEGIN
	RETURN QUERY
	SELECT label, g.account, g.b, g.bb,
	       g.b = w.met_total, g.t = g.b AND g.u = g.b AND g.tb = g.bb AND g.ub = g.bb,
	       g.b[1]::float8 / g.b[2] = g.sla,
	       g.bb = w.business_met_total,
	       g.bb[1]::float8 / g.bb[2] = g.bsla
	  FROM got g JOIN want w USING (account) ORDER BY g.account;
END $$;
-- a plan's shape, as booleans (no EXPLAIN text in expected output)
CREATE FUNCTION pg_temp.plan_has(q text, node text) RETURNS bool LANGUAGE plpgsql AS $$
DECLARE
	p json;
BEGIN
	EXECUTE 'EXPLAIN (FORMAT JSON) ' || q INTO p;
	RETURN p::text LIKE '%' || node || '%';
END $$;

-- serial
SET max_parallel_workers_per_gather = 0;
SELECT pg_temp.plan_has('SELECT * FROM got', '"Partial Mode": "Partial"') AS partial_in_serial;
SELECT * FROM pg_temp.check_plan('serial');
-- parallel: partial states in the workers, merged by the combine function
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET parallel_leader_participation = off;
SELECT pg_temp.plan_has('SELECT * FROM got', '"Partial Mode": "Partial"') AS partial_aggregate,
       pg_temp.plan_has('SELECT * FROM got', '"Node Type": "Gather') AS gather;
SELECT * FROM pg_temp.check_plan('parallel');
RESET parallel_leader_participation;
-- partitionwise: partitions by conversation, grouped by account, so each
-- partition's partial state is combined
SET max_parallel_workers_per_gather = 0;
ALTER TABLE sla_msg RENAME TO sla_msg_flat;
CREATE TABLE sla_msg (LIKE sla_msg_flat) PARTITION BY HASH (conv);
CREATE TABLE sla_msg_p0 PARTITION OF sla_msg FOR VALUES WITH (MODULUS 3, REMAINDER 0);
CREATE TABLE sla_msg_p1 PARTITION OF sla_msg FOR VALUES WITH (MODULUS 3, REMAINDER 1);
CREATE TABLE sla_msg_p2 PARTITION OF sla_msg FOR VALUES WITH (MODULUS 3, REMAINDER 2);
INSERT INTO sla_msg SELECT * FROM sla_msg_flat;
ANALYZE sla_msg;
CREATE OR REPLACE TEMP VIEW got AS
SELECT m.account,
       sla_counts(conv, at, from_brand, 3600) AS b,
       sla_counts(tconv, at, from_brand, 3600) AS t,
       sla_counts(uconv, at, from_brand, 3600) AS u,
       sla_attainment(conv, at, from_brand, 3600) AS sla,
       sla_counts(conv, at, from_brand, 1800, 'Europe/Helsinki; mon-fri 09:00-17:00') AS bb,
       sla_counts(tconv, at, from_brand, 1800, 'Europe/Helsinki; mon-fri 09:00-17:00') AS tb,
       sla_counts(uconv, at, from_brand, 1800, 'Europe/Helsinki; mon-fri 09:00-17:00') AS ub,
       sla_attainment(conv, at, from_brand, 1800, 'Europe/Helsinki; mon-fri 09:00-17:00') AS bsla
  FROM sla_msg m GROUP BY m.account;
SET enable_partitionwise_aggregate = on;
SELECT pg_temp.plan_has('SELECT * FROM got', '"Partial Mode": "Partial"') AS partial_per_partition,
       pg_temp.plan_has('SELECT * FROM got', '"Node Type": "Append"') AS append;
SELECT * FROM pg_temp.check_plan('partitionwise');
RESET enable_partitionwise_aggregate;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;

-- The whole table at once equals the sum of the accounts' counts.
SELECT sla_counts(conv, at, from_brand, 3600) AS all_accounts,
       (SELECT ARRAY[sum(met_total[1]), sum(met_total[2])]::bigint[] FROM want) AS recount
  FROM sla_msg;
-- No rows: {0, 0} like count(); no customer message: {0, 0} and
-- sla_attainment NULL; wilson_interval and proportion_change_test take the
-- counts as they are.
SELECT sla_counts(conv, at, from_brand, 60) AS no_rows FROM sla_msg WHERE false;
SELECT sla_counts(conv, at, from_brand, 60) AS brand_only, sla_attainment(conv, at, from_brand, 60) AS sla
  FROM sla_msg WHERE conv = 11;
SELECT wilson_interval(c[1], c[2]) = wilson_interval(
         (SELECT count(*) FILTER (WHERE reply - c0 <= interval '1 hour') FROM recount),
         (SELECT count(*) FROM recount)) AS wilson_same
  FROM (SELECT sla_counts(conv, at, from_brand, 3600) AS c FROM sla_msg) s;
-- The same errors as sla_attainment (same transition function).
SELECT sla_counts(conv, at, from_brand, CASE WHEN conv < 20 THEN 60 ELSE 120 END) FROM sla_msg;
SELECT sla_counts(conv, at, from_brand, -1) FROM sla_msg;
-- The final function over a state built elsewhere (a stored state).
SELECT sla_counts_finalfn('v2 text target=60 "a":c=0;r=60000000 "b":c=0;r=61000000 "c":b=5'::first_reply_sketch_state) AS from_text;
SELECT sla_counts_finalfn('v1 7:c=0') AS state_without_target;
DROP VIEW got, recount;
DROP TABLE sla_msg, sla_msg_flat;
