-- Share of voice and net sentiment.
-- Oracles: hand-computed values and the plain SQL users write today.

CREATE FUNCTION sqlstate_of(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE q;
	RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE;
END $$;

CREATE TABLE mentions (id int, week int, brand text, reach float8, sentiment float8);
INSERT INTO mentions VALUES
	(1, 1, 'acme',   100, 0.8),
	(2, 1, 'globex', 300, -0.5),
	(3, 1, 'acme',    50, 0),
	(4, 1, NULL,    1000, 0.9),     -- NULL brand: skipped by both forms
	(5, 1, 'hooli',  NULL, -0.1),   -- NULL weight: skipped by the weighted form only
	(6, 2, 'acme',     0, NULL),    -- zero weight: counts as a mention, adds 0
	(7, 2, 'Acme',    20, 0.3),     -- a different brand under a deterministic collation
	(8, 2, 'globex',  80, -0.7);

-- week 1: mentions acme 2 of 4 (brand non-NULL) = 0.5; weighted (100 + 50) / 450
-- week 2: acme 1 of 3; weighted 0 / 100 = 0
SELECT week,
       share_of_voice(brand, 'acme') AS sov,
       share_of_voice(brand, 'acme', reach) AS sov_reach,
       net_sentiment(sentiment) AS net
  FROM mentions GROUP BY week ORDER BY week;
SELECT share_of_voice(brand, 'acme') AS sov, share_of_voice(brand, 'acme', reach) AS sov_reach,
       share_of_voice(brand, 'acme', 1) AS sov_weight_one,
       net_sentiment(sentiment) AS net
  FROM mentions;
-- against the plain SQL users write today
SELECT share_of_voice(brand, 'acme') =
         count(*) FILTER (WHERE brand = 'acme')::float8 / count(brand) AS count_form,
       share_of_voice(brand, 'acme', reach) =
         sum(reach) FILTER (WHERE brand = 'acme')::float8
           / sum(reach) FILTER (WHERE brand IS NOT NULL) AS weighted_form,
       net_sentiment(sentiment) =
         (count(*) FILTER (WHERE sentiment > 0) - count(*) FILTER (WHERE sentiment < 0))::float8
           / (count(*) FILTER (WHERE sentiment > 0) + count(*) FILTER (WHERE sentiment < 0)) AS net_form
  FROM mentions;
-- the per-brand breakdown stays plain SQL
-- (its acme rows equal share_of_voice(brand, 'acme') per week above)
SELECT week, brand, count(*)::float8 / sum(count(*)) OVER (PARTITION BY week) AS share
  FROM mentions WHERE brand IS NOT NULL GROUP BY week, brand ORDER BY week, brand;

-- NULL rules: NULL focus skips the row; empty input and zero totals give NULL
SELECT share_of_voice(brand, NULL) IS NULL AS null_focus,
       share_of_voice(brand, NULL, reach) IS NULL AS null_focus_weighted
  FROM mentions;
SELECT share_of_voice(brand, 'acme') IS NULL AS empty, share_of_voice(brand, 'acme', reach) IS NULL AS empty_w,
       net_sentiment(sentiment) IS NULL AS empty_net
  FROM mentions WHERE false;
SELECT share_of_voice(brand, 'acme', reach) IS NULL AS zero_total FROM mentions WHERE id = 6;
SELECT net_sentiment(s) IS NULL AS all_neutral FROM (VALUES (0::float8), (-0.0), (NULL)) v(s);
SELECT share_of_voice(brand, 'nobody') AS absent_brand FROM mentions;

-- weights: negative 22023 with a HINT, NaN/Infinity 22023; sentiment NaN 22023
SELECT share_of_voice(brand, 'acme', w) FROM (VALUES ('acme', 1::float8), ('globex', -1)) v(brand, w);
SELECT sqlstate_of($$SELECT share_of_voice('a', 'a', 'NaN'::float8)$$) AS nan_weight,
       sqlstate_of($$SELECT share_of_voice('a', 'b', 'Infinity'::float8)$$) AS inf_weight,
       sqlstate_of($$SELECT share_of_voice('a', 'b', -0.0::float8)$$) AS negative_zero_ok,
       sqlstate_of($$SELECT share_of_voice('a', 'a', 2e38::float8)$$) AS weight_overflow,
       sqlstate_of($$SELECT net_sentiment('NaN'::float8)$$) AS nan_sentiment;
SELECT net_sentiment('NaN'::float8);
-- the weight in the DETAIL is printed at full precision
SELECT share_of_voice('a', 'a', -0.30000000000000004::float8);
-- weights below the 2^-128 step of the exact sums (about 2.9e-39): 22003,
-- never a wrong share (1e-39 of 1e-39 + 2e-39 gave 0); one step is exact
SELECT share_of_voice(brand, 'acme', w) FROM (VALUES ('acme', 1e-39::float8), ('globex', 2e-39)) v(brand, w);
SELECT share_of_voice(brand, 'acme', w) AS one_step_third
  FROM (VALUES ('acme', power(2::float8, -128)), ('globex', power(2::float8, -127))) v(brand, w);
-- only the sign of a sentiment counts, infinities included
-- 3 positive, 1 negative: (3 - 1) / 4
SELECT net_sentiment(s) FROM (VALUES ('Infinity'::float8), ('-Infinity'), (1e-300), (5), (0)) v(s);

-- collations: deterministic ones compare bytes, nondeterministic ones are honoured
SELECT share_of_voice(brand, 'acme') AS default_collation,
       share_of_voice(brand COLLATE "C", 'acme') AS c_collation
  FROM mentions;
CREATE COLLATION case_insensitive (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
SELECT share_of_voice(brand COLLATE case_insensitive, 'ACME') AS ci,
       share_of_voice(brand COLLATE case_insensitive, 'ACME', reach) AS ci_reach,
       count(*) FILTER (WHERE brand = 'ACME' COLLATE case_insensitive)::float8 / count(brand) AS ci_plain
  FROM mentions;
-- any spelling of the focus matches under the case-insensitive collation
SELECT c, share_of_voice(brand COLLATE case_insensitive, f) FROM mentions, (VALUES (1, 'ACME'), (2, 'acme')) v(c, f)
 GROUP BY c ORDER BY c;
DROP COLLATION case_insensitive;

-- the focus need not be a constant: one value per row works too
SELECT f, share_of_voice(brand, f), share_of_voice(brand, f, reach)
  FROM mentions, (VALUES ('acme'), ('globex'), ('nobody')) v(f) GROUP BY f ORDER BY f;
SELECT share_of_voice(brand, CASE WHEN id % 2 = 0 THEN 'acme' ELSE 'globex' END) AS alternating_focus FROM mentions;
-- long brands stored compressed or out of line (TOAST), and a varchar focus
CREATE TABLE longb (brand text);
INSERT INTO longb SELECT repeat('long', 5000) FROM generate_series(1, 3);
INSERT INTO longb SELECT repeat(md5(g::text), 300) FROM generate_series(1, 2) g;
INSERT INTO longb VALUES ('short');
SELECT pg_column_size(brand) < octet_length(brand) AS compressed, count(*) FROM longb GROUP BY 1 ORDER BY 1;
SELECT share_of_voice(brand, repeat('long', 5000)) AS long_focus,
       share_of_voice(brand, 'short'::varchar) AS varchar_focus,
       share_of_voice(brand, repeat('long', 5000), 2) AS long_focus_weighted
  FROM longb;
DROP TABLE longb;

-- window frames: moving aggregates equal plain SQL and a fresh run
CREATE TABLE wm AS
SELECT i,
       CASE WHEN i % 19 = 0 THEN NULL
            ELSE (ARRAY['acme', 'globex', 'hooli', 'initech'])[1 + abs(hashint4(i)) % 4] END AS brand,
       CASE WHEN i % 23 = 0 THEN NULL ELSE (abs(hashint4(-i)) % 1000) / 8.0 END::float8 AS reach,
       CASE WHEN i % 29 = 0 THEN NULL ELSE ((abs(hashint4(i * 7)) % 5) - 2) / 2.0 END::float8 AS sentiment
  FROM generate_series(1, 400) i;
SELECT count(*) AS rows,
       bool_and(s IS NOT DISTINCT FROM ps) AS sov_equals_plain,
       bool_and(s IS NOT DISTINCT FROM fs) AS sov_equals_fresh,
       bool_and(sw IS NOT DISTINCT FROM fsw) AS sov_weighted_equals_fresh,
       bool_and((sw IS NULL AND psw IS NULL) OR abs(sw - psw) <= 1e-12 * abs(psw)) AS sov_weighted_close_to_plain,
       bool_and(n IS NOT DISTINCT FROM pn) AS net_equals_plain,
       bool_and(n IS NOT DISTINCT FROM fn) AS net_equals_fresh,
       count(s) AS non_null_sov, count(sw) AS non_null_sov_weighted, count(n) AS non_null_net
  FROM (SELECT w.i,
               share_of_voice(brand, 'acme') OVER fr AS s,
               share_of_voice(brand, 'acme', reach) OVER fr AS sw,
               net_sentiment(sentiment) OVER fr AS n,
               count(*) FILTER (WHERE brand = 'acme') OVER fr::float8 / nullif(count(brand) OVER fr, 0) AS ps,
               sum(reach) FILTER (WHERE brand = 'acme') OVER fr
                 / nullif(sum(reach) FILTER (WHERE brand IS NOT NULL) OVER fr, 0) AS psw,
               (count(*) FILTER (WHERE sentiment > 0) OVER fr - count(*) FILTER (WHERE sentiment < 0) OVER fr)::float8
                 / nullif(count(*) FILTER (WHERE sentiment <> 0) OVER fr, 0) AS pn,
               (SELECT share_of_voice(x.brand, 'acme') FROM wm x WHERE x.i BETWEEN w.i - 6 AND w.i + 1) AS fs,
               (SELECT share_of_voice(x.brand, 'acme', x.reach) FROM wm x WHERE x.i BETWEEN w.i - 6 AND w.i + 1) AS fsw,
               (SELECT net_sentiment(x.sentiment) FROM wm x WHERE x.i BETWEEN w.i - 6 AND w.i + 1) AS fn
          FROM wm w
        WINDOW fr AS (ORDER BY i ROWS BETWEEN 6 PRECEDING AND 1 FOLLOWING)) t;

-- state round trips through the transition functions called directly
SELECT s, s::text::int8_ratio_state::text = s::text AS round_trip, int8_ratio_state_finalfn(s)
  FROM (SELECT share_of_voice_transfn(share_of_voice_transfn(share_of_voice_transfn('(0,0)', 'acme', 'acme'), 'hooli', 'acme'), 'acme', 'acme') s) t;
SELECT s, s::text::float8_ratio_state::text = s::text AS round_trip,
       float8_ratio_state_send(s::text::float8_ratio_state) = float8_ratio_state_send(s) AS same_bytes
  FROM (SELECT share_of_voice_weighted_transfn(share_of_voice_weighted_transfn('(0,0)', 'acme', 'acme', 0.1), 'x', 'acme', 2.5) s) t;
SELECT share_of_voice_inv('(1,1)', 'acme', 'acme') AS sov_inv,
       share_of_voice_weighted_inv('(2.5,2.5)', 'acme', 'acme', 2.5) AS sov_w_inv,
       net_sentiment_transfn(net_sentiment_transfn(net_sentiment_transfn('(0,0)', -0.4), 0.2), 0) AS net_state,
       net_sentiment_inv('(-1,1)', -0.4) AS net_inv;

-- NULL inputs leave the state unchanged; a NULL state gives NULL
SELECT share_of_voice_transfn('(1,2)', NULL, 'acme') AS null_brand,
       share_of_voice_inv('(1,2)', 'acme', NULL) AS inv_null_focus,
       share_of_voice_weighted_transfn('(1,2)', 'acme', 'acme', NULL) AS null_weight,
       share_of_voice_weighted_inv(NULL, 'acme', 'acme', 1) IS NULL AS null_state,
       net_sentiment_transfn('(1,1)', NULL) AS null_sentiment,
       net_sentiment_inv(NULL, 1) IS NULL AS inv_null_state;
DROP TABLE mentions, wm;
DROP FUNCTION sqlstate_of(text);
