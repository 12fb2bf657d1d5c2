-- Reply pairing: first_reply_seconds / first_reply_time aggregates,
-- reply_wait_seconds window function, the first_reply_state type.
SET TimeZone = 'UTC';
\set SHOW_CONTEXT never

-- sqlstate_of(query): the SQLSTATE a statement raises (or 'ok').
CREATE FUNCTION pg_temp.sqlstate_of(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE q;
	RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE;
END $$;

-- Hand-made conversations (times are minutes after 10:00).
CREATE TEMP TABLE msg (id int, conv int, at timestamptz, from_brand bool);
INSERT INTO msg
SELECT id, conv, timestamptz '2026-01-05 10:00' + m * interval '1 minute', b
FROM (VALUES
	-- 1: a run of three customer messages, a reply, a second run, a reply
	(1, 1, 0, false), (2, 1, 2, false), (3, 1, 5, false), (4, 1, 10, true),
	(5, 1, 20, false), (6, 1, 21, false), (7, 1, 30, true), (8, 1, 31, true),
	-- 2: brand writes first (outbound), customer answers, brand replies
	(9, 2, 0, true), (10, 2, 3, true), (11, 2, 7, false), (12, 2, 9, true),
	-- 3: answered once, then an unanswered tail
	(13, 3, 0, false), (14, 3, 4, true), (15, 3, 6, false), (16, 3, 8, false),
	-- 4: ties: a brand message at the same instant is not a reply;
	--    two customer messages at the same instant
	(17, 4, 0, false), (18, 4, 0, true), (19, 4, 0, false), (20, 4, 5, true),
	(21, 4, 5, false), (22, 4, 6, true),
	-- 5: brand only; 6: customer only
	(23, 5, 0, true), (24, 5, 1, true), (25, 6, 0, false), (26, 6, 1, false),
	-- 7: NULL time and NULL sender rows are skipped
	(27, 7, NULL, false), (28, 7, 2, NULL), (29, 7, 3, false), (30, 7, 4, NULL),
	(31, 7, 8, true), (32, 7, NULL, true),
	-- 8: a brand message exactly at the first customer message, and before it
	(33, 8, -1, true), (34, 8, 0, true), (35, 8, 0, false), (36, 8, 15, true)
) v(id, conv, m, b);

-- One value per conversation.
SELECT conv, first_reply_seconds(at, from_brand), first_reply_time(at, from_brand)
FROM msg GROUP BY conv ORDER BY conv;

-- Independent of input order.
SELECT conv,
       first_reply_seconds(at, from_brand ORDER BY at) AS asc_order,
       first_reply_seconds(at, from_brand ORDER BY at DESC) AS desc_order,
       first_reply_seconds(at, from_brand ORDER BY id * 7 % 11) AS mixed_order
FROM msg GROUP BY conv ORDER BY conv;

-- No rows, only NULL rows: NULL.
SELECT first_reply_seconds(at, from_brand) FROM msg WHERE false;
SELECT first_reply_seconds(NULL::timestamptz, true), first_reply_time(now(), NULL);

-- Long waits: interval justified like timestamptz - timestamptz.
SELECT first_reply_time(at, b), first_reply_seconds(at, b)
FROM (VALUES (timestamptz '2026-01-01 00:00', false),
             (timestamptz '2026-01-03 02:00:00.000001', true)) v(at, b);

-- As a (non-moving) window aggregate: the running first reply.
SELECT id, first_reply_seconds(at, from_brand) OVER (ORDER BY at, id) AS running
FROM msg WHERE conv = 1 ORDER BY at, id;

-- Infinite times are refused.
SELECT first_reply_seconds(at, b) FROM (VALUES (timestamptz 'infinity', false)) v(at, b);
SELECT pg_temp.sqlstate_of($$SELECT first_reply_seconds('-infinity'::timestamptz, true)$$);

-- reply_wait_seconds: every mode, on every conversation.
SELECT conv, id, to_char(at, 'MI') AS min, from_brand,
       reply_wait_seconds(at, from_brand) OVER w AS default_mode,
       reply_wait_seconds(at, from_brand, 'block_start') OVER w AS block_start,
       reply_wait_seconds(at, from_brand, 'every') OVER w AS every,
       reply_wait_seconds(at, from_brand, 'last') OVER w AS last
FROM msg
WINDOW w AS (PARTITION BY conv ORDER BY at, id)
ORDER BY conv, at, id;

-- Modes are case-insensitive; a NULL mode gives NULL.
SELECT id, reply_wait_seconds(at, from_brand, 'EVERY') OVER w AS every,
       reply_wait_seconds(at, from_brand, NULL) OVER w AS null_mode
FROM msg WHERE conv = 1
WINDOW w AS (PARTITION BY conv ORDER BY at, id) ORDER BY at, id;

-- The frame does not matter (the whole partition is used).
SELECT id, reply_wait_seconds(at, from_brand, 'every')
       OVER (PARTITION BY conv ORDER BY at, id ROWS BETWEEN CURRENT ROW AND CURRENT ROW) AS every
FROM msg WHERE conv = 1 ORDER BY at, id;

-- Errors.
SELECT reply_wait_seconds(at, from_brand, 'first') OVER (PARTITION BY conv ORDER BY at) FROM msg;
SELECT reply_wait_seconds(at, from_brand) OVER (PARTITION BY conv ORDER BY at DESC) FROM msg;
SELECT reply_wait_seconds(at, from_brand) FROM msg;
SELECT pg_temp.sqlstate_of($$SELECT reply_wait_seconds(at, from_brand, 'first') OVER (ORDER BY at) FROM msg$$) AS bad_mode,
       pg_temp.sqlstate_of($$SELECT reply_wait_seconds(at, from_brand) OVER (PARTITION BY conv ORDER BY id DESC) FROM msg$$) AS unordered,
       pg_temp.sqlstate_of($$SELECT reply_wait_seconds(x, true) OVER () FROM (VALUES ('infinity'::timestamptz)) v(x)$$) AS infinite;
-- Ordered by something that keeps times non-decreasing: accepted.
SELECT count(*) FILTER (WHERE w IS NOT NULL) FROM (
  SELECT reply_wait_seconds(at, from_brand) OVER (PARTITION BY conv ORDER BY id) AS w FROM msg WHERE conv IN (1, 2, 3)) t;

-- The state type: text form, round trip, combine, direct calls.
CREATE AGGREGATE pg_temp.frs(timestamptz, bool) (
	SFUNC = first_reply_transfn, STYPE = first_reply_state,
	COMBINEFUNC = first_reply_combine);
SELECT conv, pg_temp.frs(at, from_brand) AS state FROM msg GROUP BY conv ORDER BY conv;
SELECT bool_and(s::text::first_reply_state::text = s::text) AS text_round_trip
FROM (SELECT pg_temp.frs(at, from_brand) AS s FROM msg GROUP BY conv) t;
SELECT first_reply_state_send('v1;c=0;r=60000000;b=-5,-3'::first_reply_state);
-- Early brand times (<= the first customer message) are kept while the
-- first customer message can still move earlier.
SELECT pg_temp.frs(at, b ORDER BY ord)
FROM (VALUES (1, timestamptz '2000-01-01 00:00:10', false), (2, '2000-01-01 00:00:05', true),
             (3, '2000-01-01 00:00:03', true), (4, '2000-01-01 00:00:20', true)) v(ord, at, b);
SELECT first_reply_seconds_finalfn(first_reply_combine(
         pg_temp.frs(at, b) FILTER (WHERE ord <= 2),
         pg_temp.frs(at, b) FILTER (WHERE ord > 2)))
FROM (VALUES (1, timestamptz '2000-01-01 00:00:10', false), (2, '2000-01-01 00:00:05', true),
             (3, '2000-01-01 00:00:03', true), (4, '2000-01-01 00:00:01', false)) v(ord, at, b);
-- Direct calls do not modify their input.
SELECT s, first_reply_transfn(s, '2000-01-01 00:00:01', true) AS added, s AS unchanged,
       first_reply_combine(s, 'v1;c=-1000000'::first_reply_state) AS combined, s AS still
FROM (SELECT 'v1;c=0;b=-5'::first_reply_state AS s) t;
SELECT first_reply_combine(NULL, NULL), first_reply_combine('v1;c=1', NULL),
       first_reply_combine(NULL, 'v1;c=1'), first_reply_transfn(NULL, NULL, NULL);
SELECT 'v1'::first_reply_state, first_reply_seconds_finalfn('v1'), first_reply_time_finalfn('v1;c=0;r=1');

-- Bad state text: 22P02 with a HINT.
SELECT 'v2;c=0'::first_reply_state;
SELECT 'v1;c=10;r=10'::first_reply_state;
SELECT s, pg_temp.sqlstate_of(format('SELECT %L::first_reply_state', s))
FROM unnest(ARRAY['', 'v1;', 'v1;c=', 'v1;c=1x', 'v1;r=5', 'v1;c=0;r=-1',
                  'v1;c=0;b=1', 'v1;b=3,2', 'v1;b=3,3', 'v1;b=', 'v1;b=1,',
                  'v1;c=9223372036854775808', 'v1;c=-9223372036854775808',
                  'v1;c=9223371331200000000', 'v1;r=1;c=0', 'v1 ;c=0']) s;
