-- Decisions: hour_of_week, p_adjust, engagement_rate_lift (+ state, rollup,
-- I/O), engagement_rate_shrunk.  Hand-checkable values; the differential
-- tests against zoneinfo, statsmodels and numpy/scipy are in
-- test/74_decide_oracles.sh.  Floats rounded.

CREATE FUNCTION sqlstate_of71(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE q;
	RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE;
END $$;
CREATE FUNCTION r71(a float8[], k int DEFAULT 10) RETURNS numeric[] LANGUAGE sql IMMUTABLE
RETURN (SELECT array_agg(round(x::numeric, k) ORDER BY i) FROM unnest(a) WITH ORDINALITY u(x, i));

-- hour_of_week ----------------------------------------------------------------
SELECT hour_of_week('2026-03-30 00:00+00', 'UTC') AS monday_0,
       hour_of_week('2026-04-05 23:59:59+00', 'UTC') AS sunday_167,
       -- Helsinki springs forward on 2026-03-29 at 03:00 local (01:00 UTC)
       hour_of_week('2026-03-29 00:59:59+00', 'Europe/Helsinki') AS before_change,
       hour_of_week('2026-03-29 01:00:00+00', 'Europe/Helsinki') AS after_change,
       -- Kathmandu is UTC+05:45: 00:15 UTC Monday is 06:00 local
       hour_of_week('2026-03-30 00:15+00', 'Asia/Kathmandu') AS kathmandu,
       hour_of_week('infinity', 'UTC') AS infinite,
       hour_of_week(NULL, 'UTC') AS null_at;
SELECT sqlstate_of71($$SELECT hour_of_week(now(), 'UTC+3')$$) AS posix,
       sqlstate_of71($$SELECT hour_of_week(now(), 'Mars/Olympus')$$) AS unknown;

-- p_adjust --------------------------------------------------------------------
CREATE TABLE pv (g int, i int, p float8);
INSERT INTO pv VALUES (1, 1, 0.01), (1, 2, 0.04), (1, 3, 0.03), (1, 4, NULL), (1, 5, 0.03), (1, 6, 0.5),
	(2, 1, 0.2), (3, 1, NULL);
SELECT g, i, p, round(p_adjust(p) OVER w::numeric, 12) AS holm,
       round(p_adjust(p, 'bh') OVER w::numeric, 12) AS bh,
       round(p_adjust(p, 'bonferroni') OVER w::numeric, 12) AS bonferroni,
       -- the frame does not matter: the whole partition counts
       round(p_adjust(p) OVER (PARTITION BY g ORDER BY i ROWS BETWEEN CURRENT ROW AND CURRENT ROW)::numeric, 12) AS holm_frame
  FROM pv WINDOW w AS (PARTITION BY g ORDER BY i) ORDER BY g, i;
SELECT sqlstate_of71($$SELECT p_adjust(p) OVER () FROM (VALUES (1.5)) v(p)$$) AS p_too_big,
       sqlstate_of71($$SELECT p_adjust(p) OVER () FROM (VALUES ('NaN'::float8)) v(p)$$) AS p_nan,
       sqlstate_of71($$SELECT p_adjust(p, 'sidak') OVER () FROM (VALUES (0.5)) v(p)$$) AS bad_method,
       sqlstate_of71($$SELECT p_adjust(p, m) OVER () FROM (VALUES (0.5, 'holm'), (0.2, 'bh')) v(p, m)$$) AS mixed_method;
SELECT p_adjust(p, NULL) OVER () FROM (VALUES (0.5)) v(p);

-- engagement_rate_lift --------------------------------------------------------
CREATE TABLE lp (i int, e bigint, d bigint, tr bool);
INSERT INTO lp VALUES (1, 10, 100, true), (2, 14, 100, true), (3, 12, 120, true),
	(4, 5, 100, false), (5, 7, 100, false), (6, 6, 90, false), (7, 8, 110, false),
	(8, NULL, 100, true), (9, 3, 0, false), (10, 3, 100, NULL);
-- R1 = 36/320, R0 = 26/400: lift = 0.7307692308
SELECT r71(engagement_rate_lift(e, d, tr)) AS lift95,
       r71(engagement_rate_lift(e, d, tr, 0.9)) AS lift90,
       r71(engagement_rate_lift(e::float8, d::float8, tr)) = r71(engagement_rate_lift(e, d, tr)) AS float8_same
  FROM lp;
SELECT engagement_rate_lift_state(e, d, tr) AS state FROM lp;
SELECT engagement_rate_lift(e, d, tr) AS one_group FROM lp WHERE tr;
SELECT engagement_rate_lift(e, d, tr) AS n_below_2 FROM lp WHERE i IN (1, 2, 4);
SELECT engagement_rate_lift(e, d, tr) AS r0_zero FROM (VALUES (1, 10, true), (2, 10, true), (0, 10, false), (0, 10, false)) v(e, d, tr);
-- rollup of per-row states equals one pass; text round-trips; state accessors
SELECT (SELECT rollup(s)::text FROM (SELECT engagement_rate_lift_state(e, d, tr) s FROM lp GROUP BY i) x)
         = (SELECT engagement_rate_lift_state(e, d, tr)::text FROM lp) AS rollup_equal,
       (SELECT engagement_rate_lift_state(e, d, tr)::text::ratio_lift_state::text FROM lp)
         = (SELECT engagement_rate_lift_state(e, d, tr)::text FROM lp) AS text_roundtrip,
       (SELECT rollup(s) FROM (SELECT NULL::ratio_lift_state s) x)::text AS rollup_of_null;
SELECT r71(engagement_rate_lift(s)) AS from_state, r71(engagement_rate_lift(s, 0.9)) AS from_state_90,
       engagement_rate(lift_group(s, true)) AS r1, engagement_rate(lift_group(s, false)) AS r0
  FROM (SELECT engagement_rate_lift_state(e, d, tr) s FROM lp) x;
-- moving aggregate (inverse) equals recomputing the frame
SELECT bool_and(r71(a) IS NOT DISTINCT FROM r71(b)) AS moving_equals_recomputed FROM (
  SELECT engagement_rate_lift(e, d, tr) OVER (ORDER BY i ROWS BETWEEN 5 PRECEDING AND CURRENT ROW) AS a,
         (SELECT engagement_rate_lift(e, d, tr) FROM lp l2 WHERE l2.i BETWEEN lp.i - 5 AND lp.i) AS b
    FROM lp) x;
-- hostile input
SELECT sqlstate_of71($$SELECT '((1,2,3,4,5,6))'::ratio_lift_state$$) AS one_half,
       sqlstate_of71($$SELECT '((0,1,0,0,0,0),(0,0,0,0,0,0))'::ratio_lift_state$$) AS sums_without_rows,
       sqlstate_of71($$SELECT '((2,1,-5,1,1,1),(0,0,0,0,0,0))'::ratio_lift_state$$) AS negative_d,
       sqlstate_of71($$SELECT '((2,1,5,1,1,1),(0,0,0,0,0,0),1.5)'::ratio_lift_state$$) AS bad_confidence,
       sqlstate_of71($$SELECT '((2,1,5,1,1,1),(0,0,0,0,0,0)) x'::ratio_lift_state$$) AS trailing;
SELECT '((2,5,300,13,800,50000),(3,6,200,14,410,14000),0.9)'::ratio_lift_state AS with_confidence;
SELECT sqlstate_of71($$SELECT engagement_rate_lift(e, d, tr, c) FROM (VALUES (1, 10, true, 0.9), (1, 10, false, 0.95)) v(e, d, tr, c)$$) AS varying_confidence,
       sqlstate_of71($$SELECT engagement_rate_lift(e, d, tr, 1.0) FROM (VALUES (1, 10, true)) v(e, d, tr)$$) AS confidence_1,
       sqlstate_of71($$SELECT engagement_rate_lift('Infinity'::float8, 1::float8, true)$$) AS infinite,
       sqlstate_of71($$SELECT rollup(s) FROM (VALUES ('((2,1,5,1,1,1),(0,0,0,0,0,0),0.9)'::ratio_lift_state), ('((2,1,5,1,1,1),(0,0,0,0,0,0),0.8)')) v(s)$$) AS rollup_mixed_confidence;

-- engagement_rate_shrunk ------------------------------------------------------
CREATE TABLE slots (account int, slot int, st ratio_ci_state);
INSERT INTO slots
SELECT 1, s, engagement_rate_ci_state(e, d)
  FROM (SELECT s, j, 1000 AS d, 20 + s * 2 + (j * 7 + s) % 9 AS e
          FROM generate_series(0, 5) s, generate_series(1, 10) j) x GROUP BY s;
INSERT INTO slots VALUES (1, 6, '(1,90,1000,8100,90000,1000000)'),      -- one post: not pooled
	(1, 7, NULL), (2, 0, '(3,60,3000,1400,60000,3000000)'),                 -- one usable slot only
	(2, 1, '(0,0,0,0,0,0)');
SELECT account, slot, round(engagement_rate(st)::numeric, 6) AS raw,
       r71(engagement_rate_shrunk(st) OVER (PARTITION BY account), 6) AS shrunk,
       r71(engagement_rate_shrunk(st, 0.5) OVER (PARTITION BY account ORDER BY slot), 6) AS shrunk50
  FROM slots ORDER BY account, slot;
SELECT sqlstate_of71($$SELECT engagement_rate_shrunk(st, 2) OVER () FROM slots$$) AS bad_confidence;
