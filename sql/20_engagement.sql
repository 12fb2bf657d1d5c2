-- Engagement rate: engagement_rate, engagement_rate_agg, avg_engagement_rate.
-- Oracles: hand-computed values and plain SQL written pairwise.

CREATE FUNCTION sqlstate_of(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE q;
	RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE;
END $$;

-- engagement_rate: one post ----------------------------------------------------
SELECT engagement_rate(30::bigint, 1200::bigint) AS r1,
       engagement_rate(-3::bigint, 100::bigint) AS negative_engagements,
       engagement_rate(0::bigint, 5::bigint) AS zero,
       engagement_rate(1::bigint, 0::bigint) IS NULL AS zero_den_null,
       engagement_rate(1::bigint, -5::bigint) IS NULL AS negative_den_null,
       engagement_rate(NULL::bigint, 5::bigint) IS NULL AS null_e,
       engagement_rate(5::bigint, NULL::bigint) IS NULL AS null_d;
SELECT engagement_rate(7.5::float8, 300::float8) AS r_float8,
       engagement_rate(7.5, 300.0) AS r_numeric,
       engagement_rate(3, 4) AS r_int4,
       engagement_rate(1::float8, 0::float8) IS NULL AS zero_den_null,
       engagement_rate(1::float8, -0.5::float8) IS NULL AS negative_den_null,
       engagement_rate(1e-300::float8, 1e300::float8) AS underflow_is_zero;
-- numeric arguments resolve to the double precision variant: its NaN check fires
SELECT sqlstate_of($$SELECT engagement_rate('NaN'::numeric, 1::numeric)$$) AS numeric_nan,
       sqlstate_of($$SELECT engagement_rate('NaN'::float8, 1)$$) AS nan_e,
       sqlstate_of($$SELECT engagement_rate(1, 'Infinity'::float8)$$) AS inf_d,
       sqlstate_of($$SELECT engagement_rate(1e300::float8, 1e-300::float8)$$) AS overflow;
SELECT engagement_rate('NaN'::float8, 1);
SELECT engagement_rate(1e300::float8, 1e-300::float8);
-- bigint extremes stay finite
SELECT engagement_rate(9223372036854775807, 1) = 9223372036854775807::float8 AS big,
       engagement_rate(1, 9223372036854775807) > 0 AS tiny;

-- aggregates: NULLs, zero and negative denominators --------------------------
CREATE TABLE posts (id int, e bigint, d bigint);
INSERT INTO posts VALUES
	(1, 10, 100),      -- 0.1
	(2, 3, 0),         -- zero denominator: counts in the ratio of sums only
	(3, 5, -20),       -- negative denominator: missing, e is dropped too
	(4, NULL, 50),     -- NULL engagements: d is dropped too
	(5, 7, NULL),      -- NULL denominator: e is dropped too
	(6, 30, 300),      -- 0.1
	(7, -4, 200),      -- negative engagements are allowed (counter deltas): -0.02
	(8, 0, 400);       -- 0
-- ratio of sums: (10 + 3 + 30 - 4 + 0) / (100 + 0 + 300 + 200 + 400) = 39 / 1000
-- mean of rates over d > 0: (0.1 + 0.1 - 0.02 + 0) / 4 = 0.045
SELECT engagement_rate_agg(e, d) AS ratio_of_sums,
       avg_engagement_rate(e, d) AS mean_of_rates,
       engagement_rate_agg(e::float8, d::float8) AS ratio_of_sums_f,
       avg_engagement_rate(e::float8, d::float8) AS mean_of_rates_f,
       engagement_rate_agg(e::numeric, d::numeric) AS ratio_of_sums_numeric,
       engagement_rate_agg(e::int, d::int) AS ratio_of_sums_int4,
       avg_engagement_rate(e::int, d::int) AS mean_of_rates_int4
  FROM posts;
-- which variant each argument type resolves to (read from a view's dependencies)
CREATE FUNCTION resolves_to(expr text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	r text;
BEGIN
	EXECUTE 'CREATE TEMP VIEW resolve_probe AS SELECT ' || expr;
	SELECT string_agg(d.refobjid::regprocedure::text, ', ') INTO r
	  FROM pg_depend d JOIN pg_rewrite w ON d.objid = w.oid
	 WHERE w.ev_class = 'resolve_probe'::regclass AND d.refclassid = 'pg_proc'::regclass
	   AND d.refobjid::regproc::text LIKE '%engagement%';
	DROP VIEW resolve_probe;
	RETURN r;
END $$;
SELECT e, resolves_to(e)
  FROM (VALUES ('engagement_rate_agg(1::int, 1::int)'), ('engagement_rate_agg(1::int, 1::bigint)'),
               ('engagement_rate_agg(1::smallint, 1::smallint)'), ('engagement_rate_agg(1.5, 1.5)'),
               ('engagement_rate_agg(1::real, 1::int)'), ('avg_engagement_rate(1::int, 1::int)'),
               ('avg_engagement_rate(1.5, 2::bigint)'), ('engagement_rate(1::int, 1::int)'),
               ('engagement_rate(1::bigint, 1::int)')) v(e);
DROP FUNCTION resolves_to(text);

-- the same through plain SQL, written pairwise
SELECT engagement_rate_agg(e, d) =
         sum(e) FILTER (WHERE d >= 0)::float8 / nullif(sum(d) FILTER (WHERE e IS NOT NULL AND d >= 0), 0)
         AS ratio_matches_plain,
       avg_engagement_rate(e, d) = avg(e::float8 / d) FILTER (WHERE d > 0) AS mean_matches_plain
  FROM posts;

-- empty input, only zero or negative or NULL denominators: NULL, never NaN
SELECT engagement_rate_agg(e, d) IS NULL AS a, avg_engagement_rate(e, d) IS NULL AS b,
       engagement_rate_agg(e::float8, d) IS NULL AS c, avg_engagement_rate(e::float8, d) IS NULL AS d
  FROM posts WHERE false;
SELECT engagement_rate_agg(e, d) IS NULL AS zero_dens, avg_engagement_rate(e, d) IS NULL AS zero_dens_avg,
       engagement_rate_agg(e::float8, d) IS NULL AS zero_dens_f
  FROM posts WHERE id = 2;
SELECT engagement_rate_agg(e, d) IS NULL AS negative_den, engagement_rate_agg(e::float8, d) IS NULL AS negative_den_f
  FROM posts WHERE id = 3;
SELECT engagement_rate_agg(e, d) IS NULL AS null_pairs, avg_engagement_rate(e, d) IS NULL AS null_pairs_avg
  FROM posts WHERE id IN (4, 5);
-- grouped, with a group that has no usable row
SELECT id % 2 AS g, engagement_rate_agg(e, d), avg_engagement_rate(e, d)
  FROM posts WHERE id <> 2 GROUP BY 1 ORDER BY 1;

-- int64 overflow: ERROR 22003, never a wrapped number
SELECT engagement_rate_agg(e, d) FROM (VALUES (9223372036854775807, 1::bigint), (1, 1)) v(e, d);
SELECT sqlstate_of($$SELECT engagement_rate_agg(e, d) FROM (VALUES (1::bigint, 9223372036854775807), (1, 1)) v(e, d)$$) AS den_overflow,
       sqlstate_of($$SELECT engagement_rate_agg(e, d) FROM (VALUES (-9223372036854775807, 1::bigint), (-2, 1)) v(e, d)$$) AS negative_overflow,
       sqlstate_of($$SELECT engagement_rate_agg_int8_inv('(-9223372036854775808,0)', 1, 0)$$) AS inverse_overflow,
       sqlstate_of($$SELECT engagement_rate_agg(e, d) FROM (VALUES (9223372036854775807, 1::bigint), (-1, 1)) v(e, d)$$) AS no_overflow;
-- the bigint path never overflows where float8 exact sums are asked for
SELECT engagement_rate_agg(e::float8, d::float8) FROM (VALUES (9223372036854775807, 4::bigint), (9223372036854775807, 4)) v(e, d);
-- double precision sums are exact up to 2^127; beyond that 22003
SELECT sqlstate_of($$SELECT engagement_rate_agg(e, 1) FROM (VALUES (1e38::float8), (1e38)) v(e)$$) AS sum_overflow,
       sqlstate_of($$SELECT engagement_rate_agg(1e39::float8, 1)$$) AS value_overflow,
       sqlstate_of($$SELECT avg_engagement_rate(1e30::float8, 1e-10)$$) AS rate_overflow,
       sqlstate_of($$SELECT avg_engagement_rate(e, d) FROM (VALUES (1e300::float8, 1e-300::float8)) v(e, d)$$) AS rate_inf;
SELECT engagement_rate_agg(1e39::float8, 1);
-- and below their step of 2^-128 (about 2.9e-39) a non-zero value is 22003
-- too, never a wrong ratio (1e-39 / 3e-39 gave 0) or NULL (1e-40 / 3e-40)
SELECT engagement_rate_agg(x, 3 * x) AS one_step_third, engagement_rate_agg(0::float8, x) AS zero_ok
  FROM (VALUES (power(2::float8, -128))) v(x);
SELECT sqlstate_of($$SELECT engagement_rate_agg(1e-39::float8, 3e-39::float8)$$) AS below_step,
       sqlstate_of($$SELECT engagement_rate_agg(1::float8, 1e-40::float8)$$) AS den_below_step,
       sqlstate_of($$SELECT engagement_rate_agg(-1e-300::float8, 1)$$) AS negative_below_step,
       sqlstate_of($$SELECT engagement_rate_agg(1e-39::float8, -1)$$) AS skipped_row_ok,
       sqlstate_of($$SELECT avg_engagement_rate(1e-20::float8, 1e20::float8)$$) AS rate_below_step;
SELECT engagement_rate_agg(1e-39::float8, 3e-39::float8);
-- NaN and Infinity inputs: 22023
SELECT sqlstate_of($$SELECT engagement_rate_agg('NaN'::float8, 1)$$) AS nan_e,
       sqlstate_of($$SELECT engagement_rate_agg(1, '-Infinity'::float8)$$) AS inf_d,
       sqlstate_of($$SELECT avg_engagement_rate('Infinity'::float8, 1)$$) AS avg_inf,
       sqlstate_of($$SELECT engagement_rate_agg('NaN'::numeric, 1::numeric)$$) AS numeric_nan;
SELECT avg_engagement_rate(1, 'NaN'::float8);

-- exactness: the float8 sums do not lose small terms next to large ones
SELECT engagement_rate_agg(e, d) AS exact,
       sum(e) / sum(d) AS naive_plain_sql
  FROM (VALUES (1e17::float8, 1::float8), (1, 1), (-1e17, 1)) v(e, d);

-- window frames: the moving aggregate (inverse transition) equals the plain
-- SQL recomputation over the same ROWS frame, and equals a fresh run of the
-- aggregate over that frame, bit for bit
CREATE TABLE wposts AS
SELECT i,
       CASE WHEN i % 13 = 0 THEN NULL ELSE (abs(hashint4(i)) % 1000) - 50 END::bigint AS e,
       CASE WHEN i % 11 = 0 THEN NULL WHEN i % 7 = 0 THEN 0 WHEN i % 17 = 0 THEN -5
            ELSE 1 + abs(hashint4(-i)) % 100000 END::bigint AS d
  FROM generate_series(1, 400) i;
SELECT count(*) AS rows,
       bool_and(r IS NOT DISTINCT FROM p) AS ratio_equals_plain,
       bool_and(r IS NOT DISTINCT FROM f) AS ratio_equals_fresh,
       bool_and(rf IS NOT DISTINCT FROM ff) AS ratio_f_equals_fresh,
       bool_and(rf IS NOT DISTINCT FROM p) AS ratio_f_equals_plain,
       bool_and(m IS NOT DISTINCT FROM mf) AS mean_equals_fresh,
       bool_and((m IS NULL AND pm IS NULL) OR abs(m - pm) <= 1e-12 * abs(pm)) AS mean_close_to_plain,
       count(r) AS non_null_ratios, count(m) AS non_null_means
  FROM (SELECT w.i,
               engagement_rate_agg(e, d) OVER fr AS r,
               engagement_rate_agg(e::float8, d::float8) OVER fr AS rf,
               avg_engagement_rate(e, d) OVER fr AS m,
               sum(e) FILTER (WHERE d >= 0) OVER fr::float8
                 / nullif(sum(d) FILTER (WHERE e IS NOT NULL AND d >= 0) OVER fr, 0) AS p,
               avg(e::float8 / d) FILTER (WHERE d > 0) OVER fr AS pm,
               (SELECT engagement_rate_agg(x.e, x.d) FROM wposts x WHERE x.i BETWEEN w.i - 5 AND w.i + 2) AS f,
               (SELECT engagement_rate_agg(x.e::float8, x.d::float8) FROM wposts x WHERE x.i BETWEEN w.i - 5 AND w.i + 2) AS ff,
               (SELECT avg_engagement_rate(x.e, x.d) FROM wposts x WHERE x.i BETWEEN w.i - 5 AND w.i + 2) AS mf
          FROM wposts w
        WINDOW fr AS (ORDER BY i ROWS BETWEEN 5 PRECEDING AND 2 FOLLOWING)) s;
-- a frame that empties and refills (inverse down to the initial state)
SELECT i, engagement_rate_agg(e, d) OVER w AS r, avg_engagement_rate(e::float8, d::float8) OVER w AS m
  FROM (VALUES (1, 1::bigint, 10::bigint), (2, NULL, 10), (3, 5, -1), (4, 2, 0), (5, 3, 30)) v(i, e, d)
WINDOW w AS (ORDER BY i ROWS BETWEEN CURRENT ROW AND CURRENT ROW)
ORDER BY i;
-- float8 inverse over large magnitudes leaves no residue
SELECT i, engagement_rate_agg(e, d) OVER w AS r
  FROM (VALUES (1, 1e30::float8, 1e30::float8), (2, 1, 3), (3, 1, 5), (4, 2, 4)) v(i, e, d)
WINDOW w AS (ORDER BY i ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)
ORDER BY i;

-- state text round trip, via the transition functions called directly
SELECT s, s::text::int8_ratio_state::text = s::text AS round_trip
  FROM (SELECT engagement_rate_agg_int8_transfn(engagement_rate_agg_int8_transfn('(0,0)', 30, 1200), -4, 0) s) t;
SELECT s, s::text::float8_ratio_state::text = s::text AS round_trip,
       float8_ratio_state_send(s::text::float8_ratio_state) = float8_ratio_state_send(s) AS same_bytes
  FROM (SELECT engagement_rate_agg_float8_transfn(engagement_rate_agg_float8_transfn('(0,0)', 0.1, 0.3), 0.2, 1e-30) s) t;
SELECT s, s::text::float8_mean_state::text = s::text AS round_trip,
       float8_mean_state_send(s::text::float8_mean_state) = float8_mean_state_send(s) AS same_bytes,
       float8_mean_state_finalfn(s) = (1.0::float8 / 3 + 2.0::float8 / 7) / 2 AS mean
  FROM (SELECT avg_engagement_rate_int8_transfn(avg_engagement_rate_int8_transfn('(0,0)', 1, 3), 2, 7) s) t;
SELECT avg_engagement_rate_float8_inv(avg_engagement_rate_float8_transfn('(0,0)', 1.5, 6), 1.5, 6) AS back_to_empty,
       engagement_rate_agg_float8_inv(engagement_rate_agg_float8_transfn('(0,0)', 0.1, 0.7), 0.1, 0.7) AS back_to_zero,
       avg_engagement_rate_int8_inv('(1,0.25)', 1, 4) AS int8_inv;
-- skipped rows leave the state unchanged; direct calls do not modify the argument
WITH s AS (SELECT '(1,2)'::int8_ratio_state AS st)
SELECT engagement_rate_agg_int8_transfn(st, 5, -1) AS negative_d_skipped,
       engagement_rate_agg_int8_transfn(st, 5, 5) AS added, st AS unchanged
  FROM s;
-- the transition functions skip a row with a NULL input (pairwise) and
-- give NULL for a NULL state, as STRICT with an INITCOND would
SELECT engagement_rate_agg_int8_transfn('(1,2)', NULL, 5) AS null_e,
       engagement_rate_agg_int8_transfn('(1,2)', 5, NULL) AS null_d,
       engagement_rate_agg_int8_transfn(NULL, 5, 5) IS NULL AS null_state,
       engagement_rate_agg_int8_inv('(1,2)', NULL, 5) AS inv_null_e,
       engagement_rate_agg_float8_transfn('(1,2)', NULL, 5) AS f_null_e,
       engagement_rate_agg_float8_inv(NULL, 5, 5) IS NULL AS f_inv_null_state,
       avg_engagement_rate_int8_transfn('(1,0.5)', 5, NULL) AS m_null_d,
       avg_engagement_rate_float8_inv('(1,0.5)', NULL, NULL) AS m_inv_nulls,
       avg_engagement_rate_float8_transfn(NULL, 1, 2) IS NULL AS m_null_state;
-- the aggregate's partial state, as Citus would ship it, combined back
SELECT int8_ratio_state_finalfn(int8_ratio_state_combine(a::text::int8_ratio_state, b::text::int8_ratio_state))
         = (SELECT engagement_rate_agg(e, d) FROM posts) AS combined_equals_direct
  FROM (SELECT (SELECT engagement_rate_agg_int8_transfn(engagement_rate_agg_int8_transfn('(0,0)', 10, 100), 3, 0)) AS a,
               (SELECT engagement_rate_agg_int8_transfn(engagement_rate_agg_int8_transfn(engagement_rate_agg_int8_transfn('(0,0)', 30, 300), -4, 200), 0, 400)) AS b) t;

DROP TABLE posts, wposts;
DROP FUNCTION sqlstate_of(text);
