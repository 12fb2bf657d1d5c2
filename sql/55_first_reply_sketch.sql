-- first_reply_sketch, unanswered_count, unanswered_share and the
-- first_reply_sketch_state type, on hand-made conversations.
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

-- The state without a final function, to look at it.
CREATE AGGREGATE pg_temp.frs_state(bigint, timestamptz, bool) (
	SFUNC = first_reply_sketch_transfn, STYPE = first_reply_sketch_state,
	COMBINEFUNC = first_reply_sketch_combine, PARALLEL = SAFE);

-- Two accounts; times are minutes after 10:00 (conversations as in
-- 50_pairing: runs, brand-first, unanswered tails, ties, brand only,
-- customer only, NULL rows).
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
	(37, 9, 0, false), (38, NULL, 1, true), (39, 9, 2, true)
) v(id, conv, m, b);

-- Per conversation (the reference): answered 1..4, 7, 8, 9; 5 is brand
-- only; 6 is unanswered.  Row 38 has a NULL conversation and is skipped.
SELECT conv, first_reply_seconds(at, from_brand) FROM msg GROUP BY conv ORDER BY conv;

-- Per account, in one pass: the sketch of those seconds, the number
-- answered (sketch_count), unanswered, and the unanswered share.
SELECT account,
       first_reply_sketch(conv, at, from_brand) AS sketch,
       sketch_count(first_reply_sketch(conv, at, from_brand)) AS answered,
       unanswered_count(conv, at, from_brand) AS unanswered,
       round(unanswered_share(conv, at, from_brand)::numeric, 4) AS share
FROM msg GROUP BY account ORDER BY account;

-- Byte for byte the sketch of first_reply_seconds per conversation.
SELECT account,
       first_reply_sketch(conv, at, from_brand)::text =
       (SELECT quantile_sketch(s)::text FROM
          (SELECT first_reply_seconds(m2.at, m2.from_brand) AS s FROM msg m2
           WHERE m2.account = m.account GROUP BY m2.conv) x) AS same_as_per_conversation
FROM msg m GROUP BY account ORDER BY account;

-- Independent of input order (and of the table's growth pattern).
SELECT account,
       first_reply_sketch(conv, at, from_brand ORDER BY at)::text =
       first_reply_sketch(conv, at, from_brand ORDER BY at DESC)::text AND
       first_reply_sketch(conv, at, from_brand ORDER BY id * 7 % 11)::text =
       first_reply_sketch(conv, at, from_brand ORDER BY at DESC)::text AS order_independent,
       pg_temp.frs_state(conv, at, from_brand ORDER BY at)::text =
       pg_temp.frs_state(conv, at, from_brand ORDER BY id * 13 % 17 DESC)::text AS same_state
FROM msg GROUP BY account ORDER BY account;

-- The state: conversations in ascending order, times in microseconds
-- since 2000-01-01 UTC.
SELECT account, pg_temp.frs_state(conv, at, from_brand) FROM msg GROUP BY account ORDER BY account;

-- Text round trip, and the final functions on a state read back.
SELECT account,
       s::text::first_reply_sketch_state::text = s::text AS text_round_trip,
       first_reply_sketch_finalfn(s::text::first_reply_sketch_state)::text =
         first_reply_sketch_finalfn(s)::text AS same_sketch,
       unanswered_count_finalfn(s::text::first_reply_sketch_state) AS unanswered,
       unanswered_share_finalfn(s::text::first_reply_sketch_state) AS share
FROM (SELECT account, pg_temp.frs_state(conv, at, from_brand) AS s FROM msg GROUP BY account) t
ORDER BY account;

-- Repeated early brand times (brand-only posts that share instants) are
-- kept once, also while the aggregate runs (a full list drops its repeats
-- before it grows); the reply is still the first brand time after the
-- customer message that comes last.
SELECT pg_temp.frs_state(1, timestamptz '2000-01-01 00:00:00+00' + (g % 5) * interval '1 second', true)
FROM generate_series(1, 400) g;
SELECT sketch_count(s), sketch_min(s), sketch_max(s)
FROM (SELECT first_reply_sketch(1, t, b ORDER BY o) AS s
      FROM (SELECT g AS o, timestamptz '2000-01-01 00:00:00+00' + (g % 5) * interval '1 second' AS t, true AS b
            FROM generate_series(1, 400) g
            UNION ALL SELECT 401, timestamptz '2000-01-01 00:00:01.5+00', false) x) y;

-- Input accepts any conversation order and writes it back sorted.
SELECT 'v1 9:c=5;r=7 -3:b=1,2 4:c=0'::first_reply_sketch_state;
SELECT 'v1 1:c=-211813488000000000;r=9223371331199999999'::first_reply_sketch_state;

-- Combine: a conversation split across partial states merges like the
-- whole; NULL states.
SELECT first_reply_sketch_combine(a, b)::text = whole::text AS split_merges,
       first_reply_sketch_combine(b, a)::text = whole::text AS either_order
FROM (SELECT pg_temp.frs_state(conv, at, from_brand) FILTER (WHERE id % 2 = 0) AS a,
             pg_temp.frs_state(conv, at, from_brand) FILTER (WHERE id % 2 = 1) AS b,
             pg_temp.frs_state(conv, at, from_brand) AS whole FROM msg) t;
SELECT first_reply_sketch_combine(NULL, 'v1 1:c=0'), first_reply_sketch_combine('v1 1:c=0', NULL),
       first_reply_sketch_combine(NULL, NULL);
SELECT first_reply_sketch_combine('v1 1:b=5 2:c=0', 'v1 1:c=3;r=9 2:b=-4,0');
SELECT first_reply_sketch_transfn(NULL, 1, '2000-01-01 00:00:01+00', true),
       first_reply_sketch_transfn('v1 1:b=1000000', 1, '2000-01-01', false),
       first_reply_sketch_transfn('v1 1:c=0', NULL, '2000-01-01', false);

-- No rows, only NULL rows, no customer message: NULL sketch, 0 count,
-- NULL share.
SELECT first_reply_sketch(conv, at, from_brand), unanswered_count(conv, at, from_brand),
       unanswered_share(conv, at, from_brand)
FROM msg WHERE false;
SELECT first_reply_sketch(conv, at, from_brand), unanswered_count(conv, at, from_brand),
       unanswered_share(conv, at, from_brand)
FROM msg WHERE conv = 7 AND (at IS NULL OR from_brand IS NULL);
SELECT first_reply_sketch(conv, at, from_brand), unanswered_count(conv, at, from_brand),
       unanswered_share(conv, at, from_brand)
FROM msg WHERE conv = 5;
SELECT unanswered_count_finalfn(NULL), unanswered_share_finalfn(NULL), first_reply_sketch_finalfn(NULL);
SELECT first_reply_sketch_finalfn('v1'), unanswered_count_finalfn('v1'), unanswered_share_finalfn('v1');

-- As a (non-moving) window aggregate: the running sketch's count.
SELECT id, coalesce(sketch_count(first_reply_sketch(conv, at, from_brand) OVER w), 0) AS answered,
       unanswered_count(conv, at, from_brand) OVER w AS unanswered
FROM msg WHERE account = 1
WINDOW w AS (ORDER BY at, id)
ORDER BY at, id;

-- Many conversations (table growth), brand-first ones with long early
-- lists (pool growth), in a scrambled order: same as per conversation.
CREATE TEMP TABLE big AS
SELECT g AS id, (g % 3000)::bigint AS conv,
       timestamptz '2026-01-01' + ((g * 7919) % 100000) * interval '1 second' AS at,
       CASE WHEN g % 3000 < 100 THEN (g / 3000) % 9 <> 8 ELSE (hashint8(g) & 3) <> 0 END AS from_brand
FROM generate_series(1, 60000) g;
SELECT first_reply_sketch(conv, at, from_brand ORDER BY hashint8(id))::text =
       (SELECT quantile_sketch(s)::text FROM (SELECT first_reply_seconds(at, from_brand) AS s FROM big GROUP BY conv) x)
       AS same_as_per_conversation,
       unanswered_count(conv, at, from_brand) =
       (SELECT count(*) FROM (SELECT 1 FROM big GROUP BY conv
        HAVING bool_or(NOT from_brand) AND first_reply_seconds(at, from_brand) IS NULL) x) AS same_unanswered,
       pg_temp.frs_state(conv, at, from_brand ORDER BY hashint8(id))::text =
       pg_temp.frs_state(conv, at, from_brand ORDER BY id DESC)::text AS same_state,
       length(pg_temp.frs_state(conv, at, from_brand)::text) > 100000 AS big_state
FROM big;

-- Bad times.
SELECT first_reply_sketch(1, 'infinity', false);
SELECT pg_temp.sqlstate_of($$SELECT first_reply_sketch(1, '-infinity', true)$$);

-- Bad state text: 22P02.
SELECT s, pg_temp.sqlstate_of(format('SELECT %L::first_reply_sketch_state', s)) AS sqlstate
FROM (VALUES (''), ('v2'), ('v1 '), ('v1 1'), ('v1 1:'), ('v1 x:c=0'), ('v1 1:c='),
             ('v1 1:c=0;'), ('v1 1:c=0 '), ('v1  1:c=0'), ('v1 1:r=5'), ('v1 1:c=5;r=5'),
             ('v1 1:c=5;b=6'), ('v1 1:b=2,1'), ('v1 1:b=1,1'), ('v1 1:b=1,'), ('v1 1:r=6;c=5'),
             ('v1 1:c=0 1:c=1'), ('v1 1:c=9223372036854775807'), ('v1 1:c=99999999999999999999'),
             ('v1 9223372036854775808:c=0'), ('v1 1:c=0,1'), ('v1;c=0'), ('v1 1:c=0;x=1')) v(s);
SELECT 'v1 1:c=5;r=4'::first_reply_sketch_state;
