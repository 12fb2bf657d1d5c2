-- 1.1.0 reply pairing (issue 11): text and uuid conversation ids,
-- business-hours first replies, sla_attainment, reply_wait_sketch and the
-- state forms; each value against a plain-SQL oracle in this file.
SET TimeZone = 'UTC';
\set SHOW_CONTEXT never

CREATE FUNCTION pg_temp.sqlstate_of(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE q;
	RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE;
END $$;

-- States without a final function, to look at them.
CREATE AGGREGATE pg_temp.frs_state(text, timestamptz, bool) (
	SFUNC = first_reply_sketch_transfn, STYPE = first_reply_sketch_state,
	COMBINEFUNC = first_reply_sketch_combine, PARALLEL = SAFE);
CREATE AGGREGATE pg_temp.frs_state(uuid, timestamptz, bool) (
	SFUNC = first_reply_sketch_transfn, STYPE = first_reply_sketch_state,
	COMBINEFUNC = first_reply_sketch_combine, PARALLEL = SAFE);
CREATE AGGREGATE pg_temp.sla_state(bigint, timestamptz, bool, float8, business_calendar) (
	SFUNC = sla_attainment_transfn, STYPE = first_reply_sketch_state,
	COMBINEFUNC = first_reply_sketch_combine, PARALLEL = SAFE);
CREATE AGGREGATE pg_temp.rws_state(bigint, timestamptz, bool, text) (
	SFUNC = reply_wait_sketch_transfn, STYPE = reply_wait_sketch_state,
	COMBINEFUNC = reply_wait_sketch_combine, PARALLEL = SAFE);
CREATE AGGREGATE pg_temp.rws_state(text, timestamptz, bool) (
	SFUNC = reply_wait_sketch_transfn, STYPE = reply_wait_sketch_state,
	COMBINEFUNC = reply_wait_sketch_combine, PARALLEL = SAFE);

-- The conversations of 55_first_reply_sketch (runs, brand first, ties,
-- brand only, customer only, NULL rows) plus 10: brand messages in
-- descending time before the customer message, 11: a long run.
CREATE TEMP TABLE msg (id int, account int, conv bigint, at timestamptz, from_brand bool);
INSERT INTO msg
SELECT id, CASE WHEN conv <= 4 THEN 1 ELSE 2 END, conv,
       timestamptz '2026-01-05 10:00' + m * interval '1 minute', b
FROM (VALUES
	(1, 1, 0, false), (2, 1, 2, false), (3, 1, 5, false), (4, 1, 10, true),
	(5, 1, 20, false), (6, 1, 21, false), (7, 1, 30, true), (8, 1, 31, true),
	(9, 2, 0, true), (10, 2, 3, true), (11, 2, 7, false), (12, 2, 9, true),
	(13, 3, 0, false), (14, 3, 4, true), (15, 3, 6, false), (16, 3, 8, false),
	(17, 4, 0, false), (18, 4, 0, true), (19, 4, 0, false), (20, 4, 5, true),
	(21, 4, 5, false), (22, 4, 6, true),
	(23, 5, 0, true), (24, 5, 1, true), (25, 6, 0, false), (26, 6, 1, false),
	(27, 7, NULL, false), (28, 7, 2, NULL), (29, 7, 3, false), (30, 7, 4, NULL),
	(31, 7, 8, true), (32, 7, NULL, true),
	(33, 8, -1, true), (34, 8, 0, true), (35, 8, 0, false), (36, 8, 15, true),
	(37, 9, 0, false), (38, NULL, 1, true), (39, 9, 2, true),
	(40, 10, 50, true), (41, 10, 40, true), (42, 10, 30, true), (43, 10, 20, true),
	(44, 10, 45, false), (45, 10, 35, false),
	(46, 11, 100, false), (47, 11, 101, false), (48, 11, 102, false),
	(49, 11, 103, false), (50, 11, 160, true), (51, 11, 161, false)
) v(id, conv, m, b);
-- text ids (with a quote and a backslash) and uuid ids of the same conversations
ALTER TABLE msg ADD tconv text, ADD uconv uuid;
UPDATE msg SET tconv = 'c"' || conv || '\x', uconv = md5(conv::text)::uuid;

-- The plain-SQL oracle: per conversation, c0 = first customer message,
-- reply = first brand message strictly after it.
CREATE TEMP VIEW oracle AS
SELECT account, conv, c0,
       (SELECT min(m2.at) FROM msg m2
        WHERE m2.conv = x.conv AND m2.from_brand AND m2.at > x.c0) AS reply
FROM (SELECT account, conv, min(at) FILTER (WHERE NOT from_brand) AS c0
      FROM msg WHERE conv IS NOT NULL AND at IS NOT NULL AND from_brand IS NOT NULL
      GROUP BY account, conv) x;

-- 1. text and uuid ids: the same sketch and counts as bigint ids, and as
-- the oracle.
SELECT account,
       first_reply_sketch(tconv, at, from_brand)::text = first_reply_sketch(conv, at, from_brand)::text AS text_same,
       first_reply_sketch(uconv, at, from_brand)::text = first_reply_sketch(conv, at, from_brand)::text AS uuid_same,
       first_reply_sketch(conv, at, from_brand)::text =
         (SELECT quantile_sketch(extract(epoch FROM reply - c0)::float8)::text FROM oracle o
          WHERE o.account = m.account) AS oracle_same,
       unanswered_count(tconv, at, from_brand) AS unanswered_text,
       unanswered_count(uconv, at, from_brand) AS unanswered_uuid,
       (SELECT count(*) FROM oracle o WHERE o.account = m.account AND c0 IS NOT NULL AND reply IS NULL) AS unanswered_oracle,
       round(unanswered_share(tconv, at, from_brand)::numeric, 6) =
         round(unanswered_share(uconv, at, from_brand)::numeric, 6) AS share_same
FROM msg m GROUP BY account ORDER BY account;

-- Distinct ids are never merged: ids that differ only in case, length or
-- trailing bytes stay apart.
SELECT unanswered_count(k, timestamptz '2026-01-01', false) AS four
FROM (VALUES ('a'), ('A'), ('a '), ('')) v(k);
SELECT unanswered_count(k, timestamptz '2026-01-01', false) AS three
FROM (VALUES ('a'), ('A'), ('a'), ('')) v(k);

-- Conversation 10 (brand messages in descending time before the customer
-- message) in every order: first reply 40 - 35 = 5 minutes.
SELECT first_reply_seconds(at, from_brand ORDER BY at) AS asc_order,
       first_reply_seconds(at, from_brand ORDER BY at DESC) AS desc_order,
       first_reply_seconds(at, from_brand ORDER BY from_brand DESC, at DESC) AS brand_first
FROM msg WHERE conv = 10;

-- 2. Business hours: the sketch of business_seconds(c0, reply, calendar).
SELECT account,
       first_reply_sketch(conv, at, from_brand, 'UTC; mon-fri 10:05-10:40')::text =
         (SELECT quantile_sketch(business_seconds(c0, reply, 'UTC; mon-fri 10:05-10:40'))::text
          FROM oracle o WHERE o.account = m.account AND reply IS NOT NULL) AS business_same,
       first_reply_sketch(tconv, at, from_brand, 'UTC; mon-fri 10:05-10:40')::text =
         first_reply_sketch(uconv, at, from_brand, 'UTC; mon-fri 10:05-10:40')::text AS ids_same
FROM msg m GROUP BY account ORDER BY account;

-- 3. sla_attainment: answered within the target over conversations with a
-- customer message; unanswered ones are misses.
SELECT account, target,
       round(sla_attainment(conv, at, from_brand, target)::numeric, 6) AS sla,
       round((SELECT count(*) FILTER (WHERE extract(epoch FROM reply - c0) <= target)::numeric /
                     count(*) FROM oracle o WHERE o.account = m.account AND c0 IS NOT NULL), 6) AS oracle,
       sla_attainment(uconv, at, from_brand, target) = sla_attainment(conv, at, from_brand, target) AS uuid_same,
       round(sla_attainment(tconv, at, from_brand, target, 'UTC; mon-fri 10:05-10:40')::numeric, 6) AS business_sla,
       round((SELECT count(*) FILTER (WHERE business_seconds(c0, reply, 'UTC; mon-fri 10:05-10:40') <= target)::numeric /
                     count(*) FROM oracle o WHERE o.account = m.account AND c0 IS NOT NULL), 6) AS business_oracle
FROM msg m, (VALUES (0::float8), (120), (300), (600), (100000)) t(target)
GROUP BY account, target ORDER BY account, target;
-- NULL without customer messages, and over no rows
SELECT sla_attainment(conv, at, from_brand, 60) FROM msg WHERE conv = 5;
SELECT sla_attainment(conv, at, from_brand, 60) FROM msg WHERE false;

-- 4. reply_wait_sketch: byte for byte the window formulation, every mode,
-- every id type, any input order.
SELECT mode, account,
       reply_wait_sketch(conv, at, from_brand, mode)::text =
         (SELECT quantile_sketch(w)::text FROM
           (SELECT reply_wait_seconds(m2.at, m2.from_brand, mode)
                     OVER (PARTITION BY m2.conv ORDER BY m2.at) AS w
            FROM msg m2 WHERE m2.account = m.account AND m2.conv IS NOT NULL) x) AS same_as_window,
       reply_wait_sketch(tconv, at, from_brand, mode)::text = reply_wait_sketch(conv, at, from_brand, mode)::text AND
       reply_wait_sketch(uconv, at, from_brand, mode)::text = reply_wait_sketch(conv, at, from_brand, mode)::text AS ids_same,
       reply_wait_sketch(conv, at, from_brand, mode ORDER BY at DESC)::text =
       reply_wait_sketch(conv, at, from_brand, mode ORDER BY id * 7 % 11)::text AS order_independent,
       sketch_count(reply_wait_sketch(conv, at, from_brand, mode)) AS waits
FROM msg m, (VALUES ('block_start'), ('every'), ('last')) v(mode)
GROUP BY mode, account ORDER BY mode, account;
SELECT reply_wait_sketch(conv, at, from_brand)::text =
       reply_wait_sketch(conv, at, from_brand, 'block_start')::text AS default_is_block_start
FROM msg;
-- the waits of conversation 11 (a run of four, then one unanswered): 60,
-- 57, 59 and 58 minutes in 'every'
SELECT mode, sketch_count(s), sketch_min(s), sketch_max(s), sketch_sum(s)
FROM (SELECT mode, reply_wait_sketch(conv, at, from_brand, mode) s
      FROM msg, (VALUES ('block_start'), ('every'), ('last')) v(mode)
      WHERE conv = 11 GROUP BY mode) x ORDER BY mode;
SELECT reply_wait_sketch(conv, at, from_brand) FROM msg WHERE conv IN (5, 6);
-- A mode that changes between groups of a sorted input (the rows of an
-- ORDER BY in the aggregate reuse one buffer, so the modes of two groups
-- can come at the same address): each group gets its own mode.
SELECT mode, reply_wait_sketch(conv, at, from_brand, mode ORDER BY id)::text =
       (SELECT reply_wait_sketch(m2.conv, m2.at, m2.from_brand, v.mode)::text FROM msg m2) AS own_mode
FROM msg, (VALUES ('block_start'), ('every'), ('last'), ('LAST')) v(mode)
GROUP BY mode ORDER BY mode;
-- States flattened into the tuples of a sort (from PostgreSQL 17 formed in
-- a memory context that cannot free: flattening must not free there).
SELECT account, pg_temp.rws_state(conv, at, from_brand, 'every') FROM msg
WHERE conv IN (1, 2, 5, 6) GROUP BY account ORDER BY account;

-- 5. The state forms: deterministic, exact text round trips, merges.
SELECT account, pg_temp.frs_state(tconv, at, from_brand ORDER BY at)::text =
                pg_temp.frs_state(tconv, at, from_brand ORDER BY id * 13 % 17 DESC)::text AS text_state_same,
       pg_temp.frs_state(uconv, at, from_brand ORDER BY at DESC)::text =
                pg_temp.frs_state(uconv, at, from_brand ORDER BY id)::text AS uuid_state_same
FROM msg GROUP BY account ORDER BY account;
SELECT pg_temp.frs_state(tconv, at, from_brand) FROM msg WHERE conv IN (2, 5, 10);
SELECT pg_temp.frs_state(uconv, at, from_brand) FROM msg WHERE conv IN (2, 5);
SELECT pg_temp.sla_state(conv, at, from_brand, 900, 'Europe/Helsinki; mon-fri 09:00-17:00') FROM msg WHERE conv IN (1, 2);
SELECT pg_temp.rws_state(conv, at, from_brand, 'every') FROM msg WHERE conv IN (4, 11);
SELECT pg_temp.rws_state(tconv, at, from_brand) FROM msg WHERE conv IN (4, 5);
SELECT s::text::first_reply_sketch_state::text = s::text AS frs_round_trip,
       first_reply_sketch_finalfn(s::text::first_reply_sketch_state)::text = first_reply_sketch_finalfn(s)::text AS same_sketch
FROM (SELECT pg_temp.frs_state(tconv, at, from_brand) s FROM msg) x;
SELECT s::text::first_reply_sketch_state::text = s::text AS sla_round_trip,
       sla_attainment_finalfn(s::text::first_reply_sketch_state) = sla_attainment_finalfn(s) AS same_sla
FROM (SELECT pg_temp.sla_state(conv, at, from_brand, 900, 'Europe/Helsinki; mon-fri 09:00-17:00') s FROM msg) x;
SELECT s::text::reply_wait_sketch_state::text = s::text AS rws_round_trip,
       reply_wait_sketch_finalfn(s::text::reply_wait_sketch_state)::text = reply_wait_sketch_finalfn(s)::text AS same_sketch
FROM (SELECT pg_temp.rws_state(conv, at, from_brand, 'every') s FROM msg) x;
-- halves merged in either order equal the whole
WITH h AS (
	SELECT pg_temp.rws_state(conv, at, from_brand, 'last') FILTER (WHERE id % 2 = 0) AS a,
	       pg_temp.rws_state(conv, at, from_brand, 'last') FILTER (WHERE id % 2 = 1) AS b,
	       pg_temp.rws_state(conv, at, from_brand, 'last') AS whole,
	       pg_temp.frs_state(uconv, at, from_brand) FILTER (WHERE id % 3 = 0) AS fa,
	       pg_temp.frs_state(uconv, at, from_brand) FILTER (WHERE id % 3 <> 0) AS fb,
	       pg_temp.frs_state(uconv, at, from_brand) AS fwhole
	FROM msg)
SELECT reply_wait_sketch_combine(a, b)::text = whole::text AS rws_split,
       reply_wait_sketch_combine(b, a)::text = whole::text AS rws_either_order,
       first_reply_sketch_combine(fa, fb)::text = fwhole::text AS frs_split,
       first_reply_sketch_combine(fb, fa)::text = fwhole::text AS frs_either_order
FROM h;
-- the 1.0.0 text form still reads, and bigint states still print it
SELECT 'v1 7:c=0;r=60000000 9:b=-5000000'::first_reply_sketch_state;
SELECT 'v2 bigint 7:c=0;r=60000000'::first_reply_sketch_state;
SELECT 'v2 uuid target=60 c4ca4238-a0b9-2382-0dcc-509a6f75849b:c=0;r=60000000'::first_reply_sketch_state;
SELECT sla_attainment_finalfn('v2 text target=60 "a":c=0;r=60000000 "b":c=0;r=61000000 "c":b=5'::first_reply_sketch_state);

-- 6. Errors.
SELECT pg_temp.sqlstate_of($$SELECT sla_attainment(conv, at, from_brand, CASE WHEN id < 20 THEN 60 ELSE 120 END) FROM msg$$) AS target_differs,
       pg_temp.sqlstate_of($$SELECT sla_attainment(conv, at, from_brand, -1) FROM msg$$) AS negative_target,
       pg_temp.sqlstate_of($$SELECT sla_attainment(conv, at, from_brand, 'NaN') FROM msg$$) AS nan_target,
       pg_temp.sqlstate_of($$SELECT first_reply_sketch(conv, at, from_brand, CASE WHEN id < 20 THEN 'UTC; mon 09:00-17:00' ELSE 'UTC; tue 09:00-17:00' END::business_calendar) FROM msg$$) AS calendar_differs,
       pg_temp.sqlstate_of($$SELECT reply_wait_sketch(conv, at, from_brand, CASE WHEN id < 20 THEN 'every' ELSE 'last' END) FROM msg$$) AS mode_differs,
       pg_temp.sqlstate_of($$SELECT reply_wait_sketch(conv, at, from_brand, 'first') FROM msg$$) AS bad_mode,
       pg_temp.sqlstate_of($$SELECT reply_wait_sketch(conv, 'infinity', false) FROM msg$$) AS infinite_time,
       pg_temp.sqlstate_of($$SELECT first_reply_sketch(tconv, '-infinity', false) FROM msg$$) AS infinite_time_text;
SELECT sla_attainment(conv, at, from_brand, CASE WHEN id < 20 THEN 60 ELSE 120 END) FROM msg;
SELECT reply_wait_sketch(conv, at, from_brand, CASE WHEN id < 20 THEN 'every' ELSE 'last' END) FROM msg;
-- The same error, DETAIL included, when the combine function finds it: a
-- partitionwise plan whose partitions each hold one mode (issue 20, A5: the
-- combine used to say "the mode and the type ..." with no DETAIL).
CREATE TEMP TABLE pw (mode text, conv bigint, at timestamptz, from_brand bool) PARTITION BY LIST (mode);
CREATE TEMP TABLE pw_every PARTITION OF pw FOR VALUES IN ('every');
CREATE TEMP TABLE pw_last PARTITION OF pw FOR VALUES IN ('last');
INSERT INTO pw SELECT v.mode, m.conv, m.at, m.from_brand FROM msg m, (VALUES ('every'), ('last')) v(mode);
ANALYZE pw;
SET enable_partitionwise_aggregate = on;
CREATE FUNCTION pg_temp.partial_aggs(q text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE n bigint := 0; l text;
BEGIN
	FOR l IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP
		n := n + (l ~ 'Partial Aggregate')::int;
	END LOOP;
	RETURN n;
END $$;
SELECT pg_temp.partial_aggs('SELECT reply_wait_sketch(conv, at, from_brand, mode) FROM pw') AS partial_aggs;
SELECT reply_wait_sketch(conv, at, from_brand, mode) FROM pw;
RESET enable_partitionwise_aggregate;
DROP TABLE pw;
SELECT pg_temp.sqlstate_of($$SELECT first_reply_sketch_combine(
           'v2 bigint target=60 7:c=0', 'v2 bigint target=120 8:c=0')$$) AS combine_targets,
       pg_temp.sqlstate_of($$SELECT first_reply_sketch_combine('v1 7:c=0', 'v2 text "7":c=0')$$) AS combine_ids,
       pg_temp.sqlstate_of($$SELECT reply_wait_sketch_combine('v1 bigint every 7:c=0', 'v1 bigint last 8:c=0')$$) AS combine_modes,
       pg_temp.sqlstate_of($$SELECT sla_attainment_finalfn('v1 7:c=0')$$) AS sla_without_target,
       pg_temp.sqlstate_of($$SELECT reply_wait_sketch_transfn('v1 bigint block_start 7:c=0', 'x'::text,
           '2026-01-01', false)$$) AS transfn_ids;
-- bad text
SELECT pg_temp.sqlstate_of(format('SELECT %L::first_reply_sketch_state', t)) AS frs, t
FROM (VALUES ('v3 bigint'), ('v2 int 7:c=0'), ('v2 text 7:c=0'), ('v2 text "a":c=0 "a":c=1'),
             ('v2 uuid c4ca4238-a0b9-2382-0dcc:c=0'), ('v2 text "a'), ('v2 text target=-1'),
             ('v2 text calendar="Mars/Olympus; mon 09:00-10:00"'), ('v2 text "a":'),
             ('v2 text "a":c=5;r=4')) v(t);
SELECT pg_temp.sqlstate_of(format('SELECT %L::reply_wait_sketch_state', t)) AS rws, t
FROM (VALUES ('v1'), ('v1 bigint'), ('v1 bigint first 7:c=1'), ('v1 bigint every 7:'),
             ('v1 bigint every 7:c=2,1'), ('v1 bigint every 7:c=1 7:b=2'), ('v1 text every 7:c=1'),
             ('v1 bigint every 7:c=1;x=2'), ('v1 bigint every 7:c=9223372036854775807')) v(t);
