
-- ---------------------------------------------------------------------------
-- 10: transition-state types shared by the ratio aggregates (src/state_io.c)
-- ---------------------------------------------------------------------------
-- Three named, fixed-length state types instead of `internal`, so that
-- partial states can be shipped as text (Citus), stored, and combined:
--   int8_ratio_state    (num, den) exact bigint sums
--   float8_ratio_state  (num, den) exact fixed-point sums of doubles
--   float8_mean_state   (n, sum)   a count and an exact fixed-point sum
-- Labels: I/O functions are IMMUTABLE STRICT PARALLEL SAFE (pure functions
-- of their argument); combine and final functions too (states are never
-- NULL: every aggregate has an INITCOND).

CREATE TYPE @extschema@.int8_ratio_state;

CREATE FUNCTION @extschema@.int8_ratio_state_in(pg_catalog.cstring)
RETURNS @extschema@.int8_ratio_state
AS 'MODULE_PATHNAME', 'int8_ratio_state_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.int8_ratio_state_out(@extschema@.int8_ratio_state)
RETURNS pg_catalog.cstring
AS 'MODULE_PATHNAME', 'int8_ratio_state_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.int8_ratio_state_recv(pg_catalog.internal)
RETURNS @extschema@.int8_ratio_state
AS 'MODULE_PATHNAME', 'int8_ratio_state_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.int8_ratio_state_send(@extschema@.int8_ratio_state)
RETURNS pg_catalog.bytea
AS 'MODULE_PATHNAME', 'int8_ratio_state_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.int8_ratio_state (
	INPUT = @extschema@.int8_ratio_state_in,
	OUTPUT = @extschema@.int8_ratio_state_out,
	RECEIVE = @extschema@.int8_ratio_state_recv,
	SEND = @extschema@.int8_ratio_state_send,
	INTERNALLENGTH = 16,
	ALIGNMENT = double,
	STORAGE = plain
);

CREATE FUNCTION @extschema@.int8_ratio_state_combine(@extschema@.int8_ratio_state,
	@extschema@.int8_ratio_state)
RETURNS @extschema@.int8_ratio_state
AS 'MODULE_PATHNAME', 'int8_ratio_state_combine'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.int8_ratio_state_finalfn(@extschema@.int8_ratio_state)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'int8_ratio_state_finalfn'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON TYPE @extschema@.int8_ratio_state IS
'Transition state of engagement_rate_agg(bigint, bigint), share_of_voice(text, text) and net_sentiment(float8): two exact bigint sums, text form ''(numerator,denominator)'', e.g. ''(120,4500)''; the denominator is never negative.';
COMMENT ON FUNCTION @extschema@.int8_ratio_state_in(pg_catalog.cstring) IS
'Text input of int8_ratio_state: ''(numerator,denominator)''; bad text raises 22P02, out-of-range numbers 22003.';
COMMENT ON FUNCTION @extschema@.int8_ratio_state_out(@extschema@.int8_ratio_state) IS
'Text output of int8_ratio_state, e.g. ''(120,4500)''; reads back to the same state.';
COMMENT ON FUNCTION @extschema@.int8_ratio_state_recv(pg_catalog.internal) IS
'Binary input of int8_ratio_state: a version byte and two big-endian int64; bad bytes raise 22P03.';
COMMENT ON FUNCTION @extschema@.int8_ratio_state_send(@extschema@.int8_ratio_state) IS
'Binary output of int8_ratio_state: a version byte (1) and two big-endian int64.';
COMMENT ON FUNCTION @extschema@.int8_ratio_state_combine(@extschema@.int8_ratio_state, @extschema@.int8_ratio_state) IS
'Combine function of the aggregates over int8_ratio_state: adds the sums; overflow raises 22003. Example: int8_ratio_state_combine(''(1,4)'', ''(2,6)'') = ''(3,10)''.';
COMMENT ON FUNCTION @extschema@.int8_ratio_state_finalfn(@extschema@.int8_ratio_state) IS
'Final function: numerator / denominator as a fraction, NULL when the denominator is 0. Example: int8_ratio_state_finalfn(''(3,12)'') = 0.25.';


CREATE TYPE @extschema@.float8_ratio_state;

CREATE FUNCTION @extschema@.float8_ratio_state_in(pg_catalog.cstring)
RETURNS @extschema@.float8_ratio_state
AS 'MODULE_PATHNAME', 'float8_ratio_state_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.float8_ratio_state_out(@extschema@.float8_ratio_state)
RETURNS pg_catalog.cstring
AS 'MODULE_PATHNAME', 'float8_ratio_state_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.float8_ratio_state_recv(pg_catalog.internal)
RETURNS @extschema@.float8_ratio_state
AS 'MODULE_PATHNAME', 'float8_ratio_state_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.float8_ratio_state_send(@extschema@.float8_ratio_state)
RETURNS pg_catalog.bytea
AS 'MODULE_PATHNAME', 'float8_ratio_state_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.float8_ratio_state (
	INPUT = @extschema@.float8_ratio_state_in,
	OUTPUT = @extschema@.float8_ratio_state_out,
	RECEIVE = @extschema@.float8_ratio_state_recv,
	SEND = @extschema@.float8_ratio_state_send,
	INTERNALLENGTH = 64,
	ALIGNMENT = double,
	STORAGE = plain
);

CREATE FUNCTION @extschema@.float8_ratio_state_combine(@extschema@.float8_ratio_state,
	@extschema@.float8_ratio_state)
RETURNS @extschema@.float8_ratio_state
AS 'MODULE_PATHNAME', 'float8_ratio_state_combine'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.float8_ratio_state_finalfn(@extschema@.float8_ratio_state)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'float8_ratio_state_finalfn'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON TYPE @extschema@.float8_ratio_state IS
'Transition state of engagement_rate_agg(float8, float8) and share_of_voice(text, text, float8): two exact fixed-point sums (units of 2^-128, magnitude below 2^127), so results do not depend on row order or plan. Text form ''(numerator,denominator)'' in exact decimals, e.g. ''(0.5,12.25)''.';
COMMENT ON FUNCTION @extschema@.float8_ratio_state_in(pg_catalog.cstring) IS
'Text input of float8_ratio_state: ''(numerator,denominator)'' as decimals (at most 128 fraction digits; values off the 2^-128 grid are rounded to nearest); bad text raises 22P02, |value| >= 2^127 raises 22003.';
COMMENT ON FUNCTION @extschema@.float8_ratio_state_out(@extschema@.float8_ratio_state) IS
'Text output of float8_ratio_state in exact decimals, e.g. ''(0.5,12.25)''; reads back to the same bits.';
COMMENT ON FUNCTION @extschema@.float8_ratio_state_recv(pg_catalog.internal) IS
'Binary input of float8_ratio_state: a version byte and two 256-bit two''s-complement sums (8 big-endian int64); bad bytes raise 22P03.';
COMMENT ON FUNCTION @extschema@.float8_ratio_state_send(@extschema@.float8_ratio_state) IS
'Binary output of float8_ratio_state: a version byte (1) and two 256-bit sums as 8 big-endian int64.';
COMMENT ON FUNCTION @extschema@.float8_ratio_state_combine(@extschema@.float8_ratio_state, @extschema@.float8_ratio_state) IS
'Combine function of the aggregates over float8_ratio_state: adds the exact sums (bit-identical in any order); overflow raises 22003. Example: float8_ratio_state_combine(''(0.5,2)'', ''(1,2)'') = ''(1.5,4)''.';
COMMENT ON FUNCTION @extschema@.float8_ratio_state_finalfn(@extschema@.float8_ratio_state) IS
'Final function: numerator / denominator as a fraction, NULL when the denominator is 0. Example: float8_ratio_state_finalfn(''(1.5,4)'') = 0.375.';


CREATE TYPE @extschema@.float8_mean_state;

CREATE FUNCTION @extschema@.float8_mean_state_in(pg_catalog.cstring)
RETURNS @extschema@.float8_mean_state
AS 'MODULE_PATHNAME', 'float8_mean_state_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.float8_mean_state_out(@extschema@.float8_mean_state)
RETURNS pg_catalog.cstring
AS 'MODULE_PATHNAME', 'float8_mean_state_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.float8_mean_state_recv(pg_catalog.internal)
RETURNS @extschema@.float8_mean_state
AS 'MODULE_PATHNAME', 'float8_mean_state_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.float8_mean_state_send(@extschema@.float8_mean_state)
RETURNS pg_catalog.bytea
AS 'MODULE_PATHNAME', 'float8_mean_state_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.float8_mean_state (
	INPUT = @extschema@.float8_mean_state_in,
	OUTPUT = @extschema@.float8_mean_state_out,
	RECEIVE = @extschema@.float8_mean_state_recv,
	SEND = @extschema@.float8_mean_state_send,
	INTERNALLENGTH = 40,
	ALIGNMENT = double,
	STORAGE = plain
);

CREATE FUNCTION @extschema@.float8_mean_state_combine(@extschema@.float8_mean_state,
	@extschema@.float8_mean_state)
RETURNS @extschema@.float8_mean_state
AS 'MODULE_PATHNAME', 'float8_mean_state_combine'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.float8_mean_state_finalfn(@extschema@.float8_mean_state)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'float8_mean_state_finalfn'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON TYPE @extschema@.float8_mean_state IS
'Transition state of avg_engagement_rate: a bigint count and an exact fixed-point sum of per-row rates (units of 2^-128, magnitude below 2^127). Text form ''(count,sum)'', e.g. ''(3,0.75)''.';
COMMENT ON FUNCTION @extschema@.float8_mean_state_in(pg_catalog.cstring) IS
'Text input of float8_mean_state: ''(count,sum)''; a negative count, or a non-zero sum with count 0, raises 22P02.';
COMMENT ON FUNCTION @extschema@.float8_mean_state_out(@extschema@.float8_mean_state) IS
'Text output of float8_mean_state in exact decimals, e.g. ''(3,0.75)''; reads back to the same bits.';
COMMENT ON FUNCTION @extschema@.float8_mean_state_recv(pg_catalog.internal) IS
'Binary input of float8_mean_state: a version byte, a big-endian int64 count and a 256-bit sum; bad bytes raise 22P03.';
COMMENT ON FUNCTION @extschema@.float8_mean_state_send(@extschema@.float8_mean_state) IS
'Binary output of float8_mean_state: a version byte (1), the count and the 256-bit sum as 5 big-endian int64.';
COMMENT ON FUNCTION @extschema@.float8_mean_state_combine(@extschema@.float8_mean_state, @extschema@.float8_mean_state) IS
'Combine function of avg_engagement_rate: adds counts and exact sums; overflow raises 22003. Example: float8_mean_state_combine(''(1,0.5)'', ''(2,0.25)'') = ''(3,0.75)''.';
COMMENT ON FUNCTION @extschema@.float8_mean_state_finalfn(@extschema@.float8_mean_state) IS
'Final function: sum / count, NULL when the count is 0. Example: float8_mean_state_finalfn(''(3,0.75)'') = 0.25.';
