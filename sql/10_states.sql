-- The shared transition-state types: text and binary I/O, combine and final
-- functions.  Text forms must round-trip exactly (Citus ships partial
-- states as text); bad text is 22P02, out-of-range numbers 22003.

-- SQLSTATE of a statement, or 'ok'
CREATE FUNCTION sqlstate_of(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE q;
	RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE;
END $$;

-- int8_ratio_state ------------------------------------------------------------
SELECT v, v::int8_ratio_state::text AS out,
       v::int8_ratio_state::text::int8_ratio_state::text = v::int8_ratio_state::text AS round_trip
  FROM (VALUES ('(0,0)'), ('(120,4500)'), ('(-7,3)'), (' ( 12 , +34 ) '),
               ('(9223372036854775807,9223372036854775807)'),
               ('(-9223372036854775808,0)'), ('(007,010)')) t(v);

SELECT v, sqlstate_of(format('SELECT %L::int8_ratio_state', v))
  FROM (VALUES (''), ('('), ('(1,2'), ('(1,2)x'), ('1,2'), ('(1;2)'), ('(a,b)'),
               ('(1.5,2)'), ('(1,,2)'), ('(- 1,2)'), ('(1,-2)'),
               ('(9223372036854775808,1)'), ('(1,99999999999999999999999)'),
               ('(-9223372036854775809,1)')) t(v);

-- the messages users see
SELECT '(1,2'::int8_ratio_state;
SELECT '(1,-2)'::int8_ratio_state;
SELECT '(9223372036854775808,1)'::int8_ratio_state;

-- binary form: version byte 1, then two big-endian int64
SELECT int8_ratio_state_send('(1,2)');
SELECT int8_ratio_state_send('(-1,9223372036854775807)');

SELECT int8_ratio_state_combine('(1,4)', '(2,6)');
SELECT int8_ratio_state_finalfn('(3,12)'), int8_ratio_state_finalfn('(3,0)') IS NULL AS zero_den_null,
       int8_ratio_state_finalfn('(-3,4)');
SELECT sqlstate_of($$SELECT int8_ratio_state_combine('(9223372036854775807,1)', '(1,1)')$$) AS num_overflow,
       sqlstate_of($$SELECT int8_ratio_state_combine('(1,9223372036854775807)', '(1,1)')$$) AS den_overflow;
-- a direct call must not change its argument
WITH s AS (SELECT '(1,2)'::int8_ratio_state AS st)
SELECT int8_ratio_state_combine(st, st), st FROM s;

-- float8_ratio_state: exact decimal sums --------------------------------------
SELECT v, v::float8_ratio_state::text AS out,
       v::float8_ratio_state::text::float8_ratio_state::text = v::float8_ratio_state::text AS round_trip
  FROM (VALUES ('(0,0)'), ('(0.5,12.25)'), ('(-0.75,3)'), ('(+1.5 , 2)'), ('(-0,0)'),
               -- 2^-128, the grid step: 128 fraction digits
               ('(0.00000000000000000000000000000000000000293873587705571876992184134305561419454666389193021880377187926569604314863681793212890625,1)'),
               -- -2^127, the most negative value, and 2^127 - 2^-128, the largest
               ('(-170141183460469231731687303715884105728,1)'),
               ('(170141183460469231731687303715884105727.99999999999999999999999999999999999999706126412294428123007815865694438580545333610806978119622812073430395685136318206787109375,1)')
       ) t(v);

-- decimals off the 2^-128 grid are rounded to nearest (0.1 is not binary)
SELECT '(0.1,1)'::float8_ratio_state;
SELECT '(0.1,1)'::float8_ratio_state::text::float8_ratio_state::text = '(0.1,1)'::float8_ratio_state::text AS stable;
-- half the grid step rounds to even (0), just above it rounds up
SELECT '(0.000000000000000000000000000000000000001469367938527859384960920671527807097273331945965109401885939632848021574318408966064453125,1)'::float8_ratio_state AS half_step_to_even,
       '(0.000000000000000000000000000000000000001469367938527859384960920671527807097273331945965109401885939632848021574318408966064453126,1)'::float8_ratio_state AS just_above,
       '(0.000000000000000000000000000000000000004408103815583578154882762014583421291819995837895328205657818898544064722955226898193359375,1)'::float8_ratio_state AS one_and_half_steps_to_even;

SELECT v, sqlstate_of(format('SELECT %L::float8_ratio_state', v))
  FROM (VALUES (''), ('(1.,2)'), ('(.5,1)'), ('(1e3,1)'), ('(1,2'), ('(0x10,1)'), ('(NaN,1)'),
               ('(Infinity,1)'), ('(1,-0.5)'), ('(1,2)junk'),
               ('(0.' || repeat('1', 257) || ',1)'),
               ('(170141183460469231731687303715884105728,1)'),
               ('(-170141183460469231731687303715884105729,1)'),
               ('(1,999999999999999999999999999999999999999999)')) t(v);

SELECT '(1,-0.5)'::float8_ratio_state;
SELECT '(170141183460469231731687303715884105728,1)'::float8_ratio_state;

SELECT float8_ratio_state_send('(0.5,2)');
SELECT float8_ratio_state_send('(-0.5,0)');
SELECT float8_ratio_state_combine('(0.5,2)', '(1,2)');
SELECT float8_ratio_state_finalfn('(1.5,4)'), float8_ratio_state_finalfn('(1.5,0)') IS NULL AS zero_den_null;
SELECT sqlstate_of($$SELECT float8_ratio_state_combine('(170141183460469231731687303715884105727,1)', '(1,1)')$$) AS num_overflow;

-- float8_mean_state -----------------------------------------------------------
SELECT v, v::float8_mean_state::text AS out,
       v::float8_mean_state::text::float8_mean_state::text = v::float8_mean_state::text AS round_trip
  FROM (VALUES ('(0,0)'), ('(3,0.75)'), ('(2,-1.5)'), ('(9223372036854775807,0.125)')) t(v);

SELECT v, sqlstate_of(format('SELECT %L::float8_mean_state', v))
  FROM (VALUES ('(-1,0)'), ('(0,0.5)'), ('(1)'), ('(1,2,3)'), ('(1.5,2)')) t(v);
SELECT '(0,0.5)'::float8_mean_state;

SELECT float8_mean_state_send('(3,0.75)');
SELECT float8_mean_state_combine('(1,0.5)', '(2,0.25)');
SELECT float8_mean_state_finalfn('(3,0.75)'), float8_mean_state_finalfn('(0,0)') IS NULL AS empty_null;
SELECT sqlstate_of($$SELECT float8_mean_state_combine('(9223372036854775807,1)', '(1,1)')$$) AS n_overflow;

-- states are storable: a table of states survives a text round trip
CREATE TABLE states (a int8_ratio_state, b float8_ratio_state, c float8_mean_state);
INSERT INTO states VALUES ('(1,2)', '(0.5,1.25)', '(2,0.5)'), ('(-3,0)', '(0,0)', '(0,0)');
SELECT a, b, c, float8_ratio_state_finalfn(b), float8_mean_state_finalfn(c) FROM states;
DROP TABLE states;
-- sizes: INTERNALLENGTH of each type equals the C constant that static
-- asserts tie to its struct and binary form (state_io.h); the binary form
-- is a version byte and then that many bytes
SELECT t.typname, t.typlen, t.typalign
  FROM pg_type t JOIN pg_depend d ON d.classid = 'pg_type'::regclass AND d.objid = t.oid
  JOIN pg_extension e ON d.refclassid = 'pg_extension'::regclass AND d.refobjid = e.oid
 WHERE e.extname = 'social_metrics' AND t.typlen > 0
 ORDER BY t.typlen, t.typname;
SELECT octet_length(int8_ratio_state_send('(1,2)')) AS int8_ratio_send,
       octet_length(float8_ratio_state_send('(1,2)')) AS float8_ratio_send,
       octet_length(float8_mean_state_send('(1,2)')) AS float8_mean_send;

-- bad input, however long, is quoted up to 60 characters
SELECT ('(' || repeat('9', 1000000) || ',1)')::int8_ratio_state;
SELECT ('(1,' || repeat('x', 1000000) || ')')::float8_ratio_state;
SELECT ('(1,2)' || repeat(' 3', 500000))::float8_mean_state;
SELECT ('(1,' || repeat('7', 100) || ')')::float8_mean_state;
DROP FUNCTION sqlstate_of(text);
