-- Trends and uncertainty: growth_rate, growth_change, wilson_interval,
-- engagement_rate_ci (+ state, rollup, accessors), avg_engagement_rate_ci,
-- proportion_change_test, engagement_rate_change_test.
-- Oracles: hand-computed values (numbers checked with statsmodels/scipy, see
-- test/70_trends_oracles.sh for the full differential tests); floats rounded.

CREATE FUNCTION sqlstate_of70(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE q;
	RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE;
END $$;
CREATE FUNCTION r(a float8[], k int DEFAULT 10) RETURNS numeric[] LANGUAGE sql IMMUTABLE
RETURN (SELECT array_agg(round(x::numeric, k) ORDER BY i) FROM unnest(a) WITH ORDINALITY u(x, i));

-- growth_rate / growth_change ------------------------------------------------
CREATE TABLE fh (account int, at timestamptz, followers bigint);
INSERT INTO fh VALUES
	(1, '2026-01-01 00:00+00', 1000), (1, '2026-01-15 00:00+00', 1300), (1, '2026-02-01 00:00+00', 1250),
	(2, '2026-01-01 00:00+00', 0), (2, '2026-02-01 00:00+00', 50),            -- start 0: NULL rate
	(3, '2026-01-01 00:00+00', 10), (3, '2026-01-01 00:00+00', 20),           -- tie at the start: 20 wins
	(3, '2026-02-01 00:00+00', 30), (3, '2026-02-01 00:00+00', 25),           -- tie at the end: 30 wins
	(4, '2026-01-01 00:00+00', NULL), (4, NULL, 5), (4, '2026-01-05 00:00+00', 40), -- NULLs skipped, one row
	(5, NULL, NULL);                                                          -- no usable row
SELECT account, growth_rate(followers, at), growth_change(followers, at)
  FROM fh GROUP BY account ORDER BY account;
-- order-independent: reversed and shuffled inputs, tie rows included
SELECT account,
       growth_rate(followers, at ORDER BY at, followers) IS NOT DISTINCT FROM growth_rate(followers, at ORDER BY at DESC, followers DESC) AS rev,
       growth_rate(followers, at ORDER BY md5(followers::text)) IS NOT DISTINCT FROM growth_rate(followers, at) AS shuffled
  FROM fh GROUP BY account ORDER BY account;
-- negative start, bigint/numeric/integer inputs (implicit casts to float8)
SELECT growth_rate(v, t) IS NULL AS negative_start_null, growth_change(v, t) AS change
  FROM (VALUES (-5, '2026-01-01'::timestamptz), (5, '2026-01-02')) x(v, t);
SELECT growth_rate(v::numeric, t), growth_rate(v::int, t), growth_rate(v::bigint, t)
  FROM (VALUES (200, '2026-01-01'::timestamptz), (250, '2026-01-02')) x(v, t);
SELECT sqlstate_of70($$SELECT growth_rate('NaN'::float8, now())$$) AS nan,
       sqlstate_of70($$SELECT growth_change('Infinity'::float8, now())$$) AS inf,
       sqlstate_of70($$SELECT growth_change(v, t) FROM (VALUES (-1e308::float8, '2026-01-01'::timestamptz), (1e308, '2026-01-02')) x(v, t)$$) AS overflow;
-- the state: text round trip in UTC whatever the session time zone
SET TimeZone = 'America/New_York';
SELECT growth_state_combine('()', growth_rate_transfn('()', 100, '2026-03-08 01:30:00.25-05'));
SELECT '(2026-01-05T00:00:00Z,1500,2026-04-26T00:00:00.500000Z,1800)'::growth_state::text,
       '()'::growth_state::text,
       '(-infinity,1,infinity,2)'::growth_state::text;
RESET TimeZone;
SELECT sqlstate_of70($$SELECT '(2026-02-30T00:00:00Z,1,2026-03-01T00:00:00Z,2)'::growth_state$$) AS feb30,
       sqlstate_of70($$SELECT '(2026-01-05 00:00:00+02,1,2026-03-01T00:00:00Z,2)'::growth_state$$) AS local_time,
       sqlstate_of70($$SELECT '(2026-03-05T00:00:00Z,1,2026-03-01T00:00:00Z,2)'::growth_state$$) AS reversed,
       sqlstate_of70($$SELECT '(2026-03-01T00:00:00Z,NaN,2026-03-01T00:00:00Z,2)'::growth_state$$) AS nan_value,
       sqlstate_of70($$SELECT '(2026-03-01T00:00:00Z,1,2026-03-01T00:00:00Z,2) x'::growth_state$$) AS trailing;
SELECT '(2026-02-30T00:00:00Z,1,2026-03-01T00:00:00Z,2)'::growth_state;
-- binary round trip
SELECT growth_state_send(s) = growth_state_send(growth_state_in(growth_state_out(s))) AS binary_stable
  FROM (VALUES ('(2026-01-05T00:00:00Z,1500,2026-04-26T00:00:00Z,1800)'::growth_state), ('()')) v(s);

-- wilson_interval ---------------------------------------------------------------
-- statsmodels proportion_confint(12, 50, method='wilson') = (0.1429739139699172, 0.3741268375794292)
SELECT r(wilson_interval(12, 50), 15) AS w12_50,
       r(wilson_interval(0, 10), 15) AS zero_successes,
       r(wilson_interval(10, 10), 15) AS all_successes,
       r(wilson_interval(1, 1, 0.5), 15) AS one_trial_50pct,
       wilson_interval(5, 0) IS NULL AS zero_trials_null,
       wilson_interval(5, -3) IS NULL AS negative_trials_null,
       wilson_interval(NULL, 10) IS NULL AS null_in_null_out;
SELECT sqlstate_of70($$SELECT wilson_interval(11, 10)$$) AS too_many,
       sqlstate_of70($$SELECT wilson_interval(-1, 10)$$) AS negative,
       sqlstate_of70($$SELECT wilson_interval(1, 10, 1)$$) AS conf_one,
       sqlstate_of70($$SELECT wilson_interval(1, 10, 0)$$) AS conf_zero,
       sqlstate_of70($$SELECT wilson_interval(1, 10, 'NaN')$$) AS conf_nan;
SELECT wilson_interval(11, 10);
SELECT r(wilson_interval(1, 10, 0.95000000000000007), 14) AS not_exactly_095;
-- wider at higher confidence, and contains the point estimate
SELECT bool_and(w99[1] < w95[1] AND w95[1] <= s::float8 / 200 AND s::float8 / 200 <= w95[2] AND w95[2] < w99[2]) AS nested
  FROM (SELECT s, wilson_interval(s, 200) AS w95, wilson_interval(s, 200, 0.99) AS w99
          FROM generate_series(1, 199) s) t;

-- proportion_change_test ------------------------------------------------------
-- statsmodels: proportions_ztest([90, 120], [1000, 1000]) p = 0.028650240398448473;
-- confint_proportions_2indep(90, 1000, 120, 1000, method='newcomb') = (-0.05700957119265845, -0.0030960486785798)
SELECT r(proportion_change_test(120, 1000, 90, 1000), 12) AS drop,
       r(proportion_change_test(5, 5, 5, 5), 12) AS all_successes,
       r(proportion_change_test(0, 7, 0, 9), 12) AS no_successes,
       proportion_change_test(1, 0, 1, 5) IS NULL AS zero_trials;
SELECT sqlstate_of70($$SELECT proportion_change_test(1, 5, 6, 5)$$) AS bad_count,
       sqlstate_of70($$SELECT proportion_change_test(1, 5, 1, 5, 1.5)$$) AS bad_conf;

-- engagement_rate_ci ------------------------------------------------------------
CREATE TABLE p (id int, day date, e bigint, d bigint);
INSERT INTO p VALUES
	(1, '2026-01-01', 1, 100), (2, '2026-01-01', 5, 200), (3, '2026-01-02', 3, 50),
	(4, '2026-01-02', 10, 400), (5, '2026-01-02', 7, 0),    -- d = 0: not in the interval
	(6, '2026-01-03', NULL, 30), (7, '2026-01-03', 4, NULL), -- NULLs skipped pairwise
	(8, '2026-01-03', 2, -10);                               -- negative d: skipped
-- numpy/scipy: R = 19/750, SE = sqrt(sum (e - R d)^2 / (n (n-1) dbar^2)), t(3):
-- {0.013970919156157158, 0.03669574751050951}
SELECT r(engagement_rate_ci(e, d), 12) AS ci95,
       r(engagement_rate_ci(e::float8, d::float8), 12) AS ci95_float8,
       r(engagement_rate_ci(e, d, 0.9), 12) AS ci90,
       r(avg_engagement_rate_ci(e, d), 12) AS mean_ci95,
       engagement_rate_ci_state(e, d) AS state,
       engagement_rate_ci(e, d) = engagement_rate_ci(engagement_rate_ci_state(e, d)) AS accessor_equal,
       engagement_rate(engagement_rate_ci_state(e, d)) = 19.0 / 750 AS rate,
       round(engagement_rate_se(engagement_rate_ci_state(e, d))::numeric, 12) AS se
  FROM p;
SELECT engagement_rate_ci(e, d) IS NULL AS one_row_null,
       avg_engagement_rate_ci(e, d) IS NULL AS one_row_mean_null,
       engagement_rate_ci_state(e, d) AS one_row_state
  FROM p WHERE id = 1;
SELECT engagement_rate_ci(e, d) IS NULL AS no_rows, engagement_rate_ci_state(e, d) AS empty_state
  FROM p WHERE false;
-- states with a confidence level carry it; combining different levels is an error
SELECT engagement_rate_ci_state_text, engagement_rate_ci_state_text::ratio_ci_state::text = engagement_rate_ci_state_text AS round_trip
  FROM (SELECT engagement_rate_ci_float8_transfn(engagement_rate_ci_float8_transfn('(0,0,0,0,0,0)', 0.1, 3, 0.9), 1e-3, 7, 0.9)::text
          AS engagement_rate_ci_state_text) t;
SELECT sqlstate_of70($$SELECT engagement_rate_ci(e, d, c) FROM (VALUES (1, 10, 0.9), (2, 10, 0.95)) v(e, d, c)$$) AS varying_conf,
       sqlstate_of70($$SELECT engagement_rate_ci(1, 10, 1.0)$$) AS conf_out_of_range,
       sqlstate_of70($$SELECT ratio_ci_state_combine('(1,1,1,1,1,1,0.9)', '(1,1,1,1,1,1,0.8)')$$) AS combine_conf,
       sqlstate_of70($$SELECT engagement_rate_ci('NaN'::float8, 1)$$) AS nan,
       sqlstate_of70($$SELECT engagement_rate_ci(1e20::float8, 1)$$) AS square_overflow;
SELECT engagement_rate_ci(e, d, c) FROM (VALUES (1, 10, 0.9), (2, 10, 0.95)) v(e, d, c);
-- state input validation
SELECT sqlstate_of70($$SELECT '(0,1,0,0,0,0)'::ratio_ci_state$$) AS sums_without_rows,
       sqlstate_of70($$SELECT '(2,1,-5,1,1,1)'::ratio_ci_state$$) AS negative_d,
       sqlstate_of70($$SELECT '(-1,0,0,0,0,0)'::ratio_ci_state$$) AS negative_n,
       sqlstate_of70($$SELECT '(2,1,5,1,1,1,1.5)'::ratio_ci_state$$) AS bad_conf,
       sqlstate_of70($$SELECT '(2,1,5,1,1)'::ratio_ci_state$$) AS short,
       sqlstate_of70($$SELECT '(2,1,5,1,1,1e400)'::ratio_ci_state$$) AS syntax,
       sqlstate_of70($$SELECT '(2,1,5,1,1,1000000000000000000000000000000000000000)'::ratio_ci_state$$) AS range,
       sqlstate_of70($$SELECT '(1,0.5,0.25)'::mean_ci_state$$) AS mean_ok,
       sqlstate_of70($$SELECT '(0,0.5,0.25)'::mean_ci_state$$) AS mean_sums_without_rows;
SELECT '(2,1,-5,1,1,1)'::ratio_ci_state;
-- binary round trips
SELECT ratio_ci_state_send(s) = ratio_ci_state_send(ratio_ci_state_in(ratio_ci_state_out(s))) AS ratio_binary,
       mean_ci_state_send(m) = mean_ci_state_send(mean_ci_state_in(mean_ci_state_out(m))) AS mean_binary
  FROM (SELECT engagement_rate_ci_state(e::float8 / 3, d::float8 * 1.1) AS s,
               avg_engagement_rate_ci_state(e::float8 / 3, d::float8 * 1.1) AS m FROM p) t;

-- daily states in a materialized view, rolled up: the same bytes as one pass
CREATE MATERIALIZED VIEW daily AS
SELECT day, engagement_rate_ci_state(e, d) AS er, avg_engagement_rate_ci_state(e, d) AS mr
  FROM p GROUP BY day;
SELECT (SELECT rollup(er) FROM daily)::text = (SELECT engagement_rate_ci_state(e, d) FROM p)::text AS ratio_rollup_same,
       (SELECT rollup(mr) FROM daily)::text = (SELECT avg_engagement_rate_ci_state(e, d) FROM p)::text AS mean_rollup_same,
       (SELECT engagement_rate_ci(rollup(er)) FROM daily) = (SELECT engagement_rate_ci(e, d) FROM p) AS ci_same,
       (SELECT avg_engagement_rate_ci(rollup(mr)) FROM daily) = (SELECT avg_engagement_rate_ci(e, d) FROM p) AS mean_ci_same;
-- moving rollup over daily states and moving aggregate over rows = fresh runs
SELECT day, er_2day, er_2day::text = fresh::text AS moving_equals_fresh
  FROM (SELECT day, rollup(er) OVER w AS er_2day,
               (SELECT engagement_rate_ci_state(e, d) FROM p WHERE p.day BETWEEN daily.day - 1 AND daily.day) AS fresh
          FROM daily WINDOW w AS (ORDER BY day RANGE BETWEEN '1 day' PRECEDING AND CURRENT ROW)) t
 ORDER BY day;
CREATE TABLE wp AS
SELECT i, (abs(hashint4(i)) % 50)::bigint - 5 AS e,
       CASE WHEN i % 9 = 0 THEN NULL WHEN i % 7 = 0 THEN 0 ELSE 1 + abs(hashint4(-i)) % 5000 END::bigint AS d
  FROM generate_series(1, 300) i;
SELECT count(*) AS rows, bool_and(m IS NOT DISTINCT FROM f) AS ratio_moving_equals_fresh,
       bool_and(mm IS NOT DISTINCT FROM mf) AS mean_moving_equals_fresh, count(m) AS non_null
  FROM (SELECT i, engagement_rate_ci(e, d) OVER w AS m, avg_engagement_rate_ci(e::float8, d::float8) OVER w AS mm,
               (SELECT engagement_rate_ci(e, d) FROM wp w2 WHERE w2.i BETWEEN wp.i - 20 AND wp.i) AS f,
               (SELECT avg_engagement_rate_ci(e::float8, d::float8) FROM wp w2 WHERE w2.i BETWEEN wp.i - 20 AND wp.i) AS mf
          FROM wp WINDOW w AS (ORDER BY i ROWS BETWEEN 20 PRECEDING AND CURRENT ROW)) t;

-- engagement_rate_change_test ----------------------------------------------------
SELECT r(engagement_rate_change_test(a, b), 10) AS change,
       r(engagement_rate_change_test(a, a), 10) AS no_change,
       engagement_rate_change_test(a, '(1,1,10,1,10,100)') IS NULL AS one_row_null
  FROM (SELECT engagement_rate_ci_state(e, d) FILTER (WHERE i <= 150) AS a,
               engagement_rate_ci_state(e, d) FILTER (WHERE i > 150) AS b FROM wp) t;
-- no variation within the periods: an exact change
SELECT engagement_rate_change_test('(2,2,20,2,20,200)', '(2,4,20,8,40,200)') AS exact_change,
       engagement_rate_change_test('(2,2,20,2,20,200)', '(3,3,30,3,30,300)') AS exact_no_change;

-- extreme inputs stay finite, or raise 22003
SELECT r(engagement_rate_ci(e, d), 6) AS big_bigints
  FROM (VALUES (9223372036854775807, 9223372036854775807), (1, 9223372036854775807)) v(e, d);
SELECT sqlstate_of70($$SELECT engagement_rate_ci(e, d) FROM (VALUES (9223372036854775807, 9223372036854775807), (9223372036854775807, 9223372036854775807), (9223372036854775807, 9223372036854775807)) v(e, d)$$) AS square_sum_overflow;
DROP FUNCTION r(float8[], int);
DROP FUNCTION sqlstate_of70(text);
