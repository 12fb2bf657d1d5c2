/* social_metrics install script, assembled from src/sql/NN_*.sql by make. */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION social_metrics" to load this file. \quit

/*
 * Conventions of every fragment:
 *  - every object is created schema-qualified with @extschema@ and refers to
 *    core objects through pg_catalog, so nothing resolves through the
 *    caller's search_path (see the hijack test);
 *  - CREATE, never CREATE OR REPLACE;
 *  - C functions use MODULE_PATHNAME;
 *  - every object gets a COMMENT ON (units, NULL rule, example).
 */

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

-- ---------------------------------------------------------------------------
-- 20: engagement rate (src/engagement.c), SPEC section 2
-- ---------------------------------------------------------------------------
-- Variants: bigint and double precision for every function, plus integer
-- for the aggregates (integer columns would otherwise resolve to the double
-- precision variant, float8 being the preferred numeric type: same result,
-- ~1.5x the per-row cost).  numeric arguments resolve to double precision
-- through the implicit cast; so do integer arguments of engagement_rate.
-- Labels: every function is a pure function of its arguments (IMMUTABLE)
-- and PARALLEL SAFE.  engagement_rate is STRICT (a NULL input gives a NULL
-- rate).  The transition and inverse transition functions are deliberately
-- not STRICT: they skip a row with a NULL input themselves (pairwise: the
-- state comes back unchanged) and return NULL for a NULL state, which is
-- what STRICT with an INITCOND would do, without the executor's per-row
-- strict-check step (see SM_TRANS_SKIP_NULLS in src/state_io.h).

CREATE FUNCTION @extschema@.engagement_rate(engagements pg_catalog.int8,
	denominator pg_catalog.int8)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'engagement_rate_int8'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.engagement_rate(engagements pg_catalog.float8,
	denominator pg_catalog.float8)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'engagement_rate_float8'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.engagement_rate(pg_catalog.int8, pg_catalog.int8) IS
'Engagement rate of one post: engagements / denominator as a fraction (not percent); the denominator is impressions, reach, followers at post time or views. NULL when an argument is NULL or the denominator is <= 0. Example: engagement_rate(30, 1200) = 0.025.';
COMMENT ON FUNCTION @extschema@.engagement_rate(pg_catalog.float8, pg_catalog.float8) IS
'Engagement rate of one post for double precision or numeric inputs: engagements / denominator as a fraction. NULL when an argument is NULL or the denominator is <= 0; NaN or infinite inputs raise 22023, an overflowing quotient 22003. Example: engagement_rate(7.5, 300.0) = 0.025.';

-- engagement_rate_agg: ratio of sums ------------------------------------------

CREATE FUNCTION @extschema@.engagement_rate_agg_int8_transfn(@extschema@.int8_ratio_state,
	pg_catalog.int8, pg_catalog.int8)
RETURNS @extschema@.int8_ratio_state
AS 'MODULE_PATHNAME', 'engagement_rate_agg_int8_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.engagement_rate_agg_int8_inv(@extschema@.int8_ratio_state,
	pg_catalog.int8, pg_catalog.int8)
RETURNS @extschema@.int8_ratio_state
AS 'MODULE_PATHNAME', 'engagement_rate_agg_int8_inv'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.engagement_rate_agg_int4_transfn(@extschema@.int8_ratio_state,
	pg_catalog.int4, pg_catalog.int4)
RETURNS @extschema@.int8_ratio_state
AS 'MODULE_PATHNAME', 'engagement_rate_agg_int4_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.engagement_rate_agg_int4_inv(@extschema@.int8_ratio_state,
	pg_catalog.int4, pg_catalog.int4)
RETURNS @extschema@.int8_ratio_state
AS 'MODULE_PATHNAME', 'engagement_rate_agg_int4_inv'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.engagement_rate_agg_float8_transfn(@extschema@.float8_ratio_state,
	pg_catalog.float8, pg_catalog.float8)
RETURNS @extschema@.float8_ratio_state
AS 'MODULE_PATHNAME', 'engagement_rate_agg_float8_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.engagement_rate_agg_float8_inv(@extschema@.float8_ratio_state,
	pg_catalog.float8, pg_catalog.float8)
RETURNS @extschema@.float8_ratio_state
AS 'MODULE_PATHNAME', 'engagement_rate_agg_float8_inv'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE AGGREGATE @extschema@.engagement_rate_agg(engagements pg_catalog.int8,
	denominator pg_catalog.int8) (
	SFUNC = @extschema@.engagement_rate_agg_int8_transfn,
	STYPE = @extschema@.int8_ratio_state,
	INITCOND = '(0,0)',
	FINALFUNC = @extschema@.int8_ratio_state_finalfn,
	FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = @extschema@.int8_ratio_state_combine,
	MSFUNC = @extschema@.engagement_rate_agg_int8_transfn,
	MINVFUNC = @extschema@.engagement_rate_agg_int8_inv,
	MSTYPE = @extschema@.int8_ratio_state,
	MINITCOND = '(0,0)',
	MFINALFUNC = @extschema@.int8_ratio_state_finalfn,
	MFINALFUNC_MODIFY = READ_ONLY,
	PARALLEL = SAFE
);

CREATE AGGREGATE @extschema@.engagement_rate_agg(engagements pg_catalog.int4,
	denominator pg_catalog.int4) (
	SFUNC = @extschema@.engagement_rate_agg_int4_transfn,
	STYPE = @extschema@.int8_ratio_state,
	INITCOND = '(0,0)',
	FINALFUNC = @extschema@.int8_ratio_state_finalfn,
	FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = @extschema@.int8_ratio_state_combine,
	MSFUNC = @extschema@.engagement_rate_agg_int4_transfn,
	MINVFUNC = @extschema@.engagement_rate_agg_int4_inv,
	MSTYPE = @extschema@.int8_ratio_state,
	MINITCOND = '(0,0)',
	MFINALFUNC = @extschema@.int8_ratio_state_finalfn,
	MFINALFUNC_MODIFY = READ_ONLY,
	PARALLEL = SAFE
);

CREATE AGGREGATE @extschema@.engagement_rate_agg(engagements pg_catalog.float8,
	denominator pg_catalog.float8) (
	SFUNC = @extschema@.engagement_rate_agg_float8_transfn,
	STYPE = @extschema@.float8_ratio_state,
	INITCOND = '(0,0)',
	FINALFUNC = @extschema@.float8_ratio_state_finalfn,
	FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = @extschema@.float8_ratio_state_combine,
	MSFUNC = @extschema@.engagement_rate_agg_float8_transfn,
	MINVFUNC = @extschema@.engagement_rate_agg_float8_inv,
	MSTYPE = @extschema@.float8_ratio_state,
	MINITCOND = '(0,0)',
	MFINALFUNC = @extschema@.float8_ratio_state_finalfn,
	MFINALFUNC_MODIFY = READ_ONLY,
	PARALLEL = SAFE
);

COMMENT ON FUNCTION @extschema@.engagement_rate_agg_int8_transfn(@extschema@.int8_ratio_state, pg_catalog.int8, pg_catalog.int8) IS
'Transition function of engagement_rate_agg(bigint, bigint): adds (engagements, denominator) when denominator >= 0; overflow raises 22003. Example: engagement_rate_agg_int8_transfn(''(0,0)'', 30, 1200) = ''(30,1200)''.';
COMMENT ON FUNCTION @extschema@.engagement_rate_agg_int8_inv(@extschema@.int8_ratio_state, pg_catalog.int8, pg_catalog.int8) IS
'Inverse transition function of engagement_rate_agg(bigint, bigint) (window frames): removes a row added before. Example: engagement_rate_agg_int8_inv(''(30,1200)'', 30, 1200) = ''(0,0)''.';
COMMENT ON FUNCTION @extschema@.engagement_rate_agg_int4_transfn(@extschema@.int8_ratio_state, pg_catalog.int4, pg_catalog.int4) IS
'Transition function of engagement_rate_agg(integer, integer): adds (engagements, denominator) to exact bigint sums when denominator >= 0; a NULL input leaves the state unchanged. Example: engagement_rate_agg_int4_transfn(''(0,0)'', 30, 1200) = ''(30,1200)''.';
COMMENT ON FUNCTION @extschema@.engagement_rate_agg_int4_inv(@extschema@.int8_ratio_state, pg_catalog.int4, pg_catalog.int4) IS
'Inverse transition function of engagement_rate_agg(integer, integer) (window frames): removes a row added before. Example: engagement_rate_agg_int4_inv(''(30,1200)'', 30, 1200) = ''(0,0)''.';
COMMENT ON FUNCTION @extschema@.engagement_rate_agg_float8_transfn(@extschema@.float8_ratio_state, pg_catalog.float8, pg_catalog.float8) IS
'Transition function of engagement_rate_agg(float8, float8): adds the pair exactly when denominator >= 0; NaN/Infinity raise 22023, sums beyond 1.7e38 raise 22003. Example: engagement_rate_agg_float8_transfn(''(0,0)'', 7.5, 300) = ''(7.5,300)''.';
COMMENT ON FUNCTION @extschema@.engagement_rate_agg_float8_inv(@extschema@.float8_ratio_state, pg_catalog.float8, pg_catalog.float8) IS
'Inverse transition function of engagement_rate_agg(float8, float8) (window frames): removes a row added before, exactly. Example: engagement_rate_agg_float8_inv(''(7.5,300)'', 7.5, 300) = ''(0,0)''.';
COMMENT ON AGGREGATE @extschema@.engagement_rate_agg(pg_catalog.int8, pg_catalog.int8) IS
'Engagement rate as a ratio of sums (Rival IQ, Later style): sum(engagements) / sum(denominator) over rows where both are non-NULL and denominator >= 0 (a negative denominator is treated as missing, with its engagements). A fraction; NULL over no rows or when the denominator sum is 0. Exact bigint sums, overflow raises 22003. Example: SELECT engagement_rate_agg(interactions, reach) FROM posts GROUP BY account.';
COMMENT ON AGGREGATE @extschema@.engagement_rate_agg(pg_catalog.int4, pg_catalog.int4) IS
'Engagement rate as a ratio of sums for integer columns: sum(engagements) / sum(denominator) over rows where both are non-NULL and denominator >= 0, with exact bigint sums (the same result as the bigint variant). A fraction; NULL over no rows or when the denominator sum is 0. Example: SELECT engagement_rate_agg(likes, impressions) FROM posts GROUP BY account.';
COMMENT ON AGGREGATE @extschema@.engagement_rate_agg(pg_catalog.float8, pg_catalog.float8) IS
'Engagement rate as a ratio of sums for double precision or numeric inputs: sum(engagements) / sum(denominator) over rows where both are non-NULL and denominator >= 0. Sums are exact (fixed point, 2^-128 to 1.7e38), so serial, parallel and window results are bit-identical. NULL over no rows or when the denominator sum is 0; NaN/Infinity inputs raise 22023. Example: SELECT engagement_rate_agg(avg_interactions, avg_reach) FROM daily.';

-- avg_engagement_rate: mean of per-row rates ----------------------------------

CREATE FUNCTION @extschema@.avg_engagement_rate_int8_transfn(@extschema@.float8_mean_state,
	pg_catalog.int8, pg_catalog.int8)
RETURNS @extschema@.float8_mean_state
AS 'MODULE_PATHNAME', 'avg_engagement_rate_int8_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.avg_engagement_rate_int8_inv(@extschema@.float8_mean_state,
	pg_catalog.int8, pg_catalog.int8)
RETURNS @extschema@.float8_mean_state
AS 'MODULE_PATHNAME', 'avg_engagement_rate_int8_inv'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.avg_engagement_rate_int4_transfn(@extschema@.float8_mean_state,
	pg_catalog.int4, pg_catalog.int4)
RETURNS @extschema@.float8_mean_state
AS 'MODULE_PATHNAME', 'avg_engagement_rate_int4_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.avg_engagement_rate_int4_inv(@extschema@.float8_mean_state,
	pg_catalog.int4, pg_catalog.int4)
RETURNS @extschema@.float8_mean_state
AS 'MODULE_PATHNAME', 'avg_engagement_rate_int4_inv'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.avg_engagement_rate_float8_transfn(@extschema@.float8_mean_state,
	pg_catalog.float8, pg_catalog.float8)
RETURNS @extschema@.float8_mean_state
AS 'MODULE_PATHNAME', 'avg_engagement_rate_float8_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.avg_engagement_rate_float8_inv(@extschema@.float8_mean_state,
	pg_catalog.float8, pg_catalog.float8)
RETURNS @extschema@.float8_mean_state
AS 'MODULE_PATHNAME', 'avg_engagement_rate_float8_inv'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE AGGREGATE @extschema@.avg_engagement_rate(engagements pg_catalog.int8,
	denominator pg_catalog.int8) (
	SFUNC = @extschema@.avg_engagement_rate_int8_transfn,
	STYPE = @extschema@.float8_mean_state,
	INITCOND = '(0,0)',
	FINALFUNC = @extschema@.float8_mean_state_finalfn,
	FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = @extschema@.float8_mean_state_combine,
	MSFUNC = @extschema@.avg_engagement_rate_int8_transfn,
	MINVFUNC = @extschema@.avg_engagement_rate_int8_inv,
	MSTYPE = @extschema@.float8_mean_state,
	MINITCOND = '(0,0)',
	MFINALFUNC = @extschema@.float8_mean_state_finalfn,
	MFINALFUNC_MODIFY = READ_ONLY,
	PARALLEL = SAFE
);

CREATE AGGREGATE @extschema@.avg_engagement_rate(engagements pg_catalog.int4,
	denominator pg_catalog.int4) (
	SFUNC = @extschema@.avg_engagement_rate_int4_transfn,
	STYPE = @extschema@.float8_mean_state,
	INITCOND = '(0,0)',
	FINALFUNC = @extschema@.float8_mean_state_finalfn,
	FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = @extschema@.float8_mean_state_combine,
	MSFUNC = @extschema@.avg_engagement_rate_int4_transfn,
	MINVFUNC = @extschema@.avg_engagement_rate_int4_inv,
	MSTYPE = @extschema@.float8_mean_state,
	MINITCOND = '(0,0)',
	MFINALFUNC = @extschema@.float8_mean_state_finalfn,
	MFINALFUNC_MODIFY = READ_ONLY,
	PARALLEL = SAFE
);

CREATE AGGREGATE @extschema@.avg_engagement_rate(engagements pg_catalog.float8,
	denominator pg_catalog.float8) (
	SFUNC = @extschema@.avg_engagement_rate_float8_transfn,
	STYPE = @extschema@.float8_mean_state,
	INITCOND = '(0,0)',
	FINALFUNC = @extschema@.float8_mean_state_finalfn,
	FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = @extschema@.float8_mean_state_combine,
	MSFUNC = @extschema@.avg_engagement_rate_float8_transfn,
	MINVFUNC = @extschema@.avg_engagement_rate_float8_inv,
	MSTYPE = @extschema@.float8_mean_state,
	MINITCOND = '(0,0)',
	MFINALFUNC = @extschema@.float8_mean_state_finalfn,
	MFINALFUNC_MODIFY = READ_ONLY,
	PARALLEL = SAFE
);

COMMENT ON FUNCTION @extschema@.avg_engagement_rate_int8_transfn(@extschema@.float8_mean_state, pg_catalog.int8, pg_catalog.int8) IS
'Transition function of avg_engagement_rate(bigint, bigint): adds the rate engagements::float8 / denominator when denominator > 0. Example: avg_engagement_rate_int8_transfn(''(0,0)'', 1, 4) = ''(1,0.25)''.';
COMMENT ON FUNCTION @extschema@.avg_engagement_rate_int8_inv(@extschema@.float8_mean_state, pg_catalog.int8, pg_catalog.int8) IS
'Inverse transition function of avg_engagement_rate(bigint, bigint) (window frames): removes a row''s rate exactly. Example: avg_engagement_rate_int8_inv(''(1,0.25)'', 1, 4) = ''(0,0)''.';
COMMENT ON FUNCTION @extschema@.avg_engagement_rate_int4_transfn(@extschema@.float8_mean_state, pg_catalog.int4, pg_catalog.int4) IS
'Transition function of avg_engagement_rate(integer, integer): adds the rate engagements::float8 / denominator when denominator > 0; a NULL input leaves the state unchanged. Example: avg_engagement_rate_int4_transfn(''(0,0)'', 1, 4) = ''(1,0.25)''.';
COMMENT ON FUNCTION @extschema@.avg_engagement_rate_int4_inv(@extschema@.float8_mean_state, pg_catalog.int4, pg_catalog.int4) IS
'Inverse transition function of avg_engagement_rate(integer, integer) (window frames): removes a row''s rate exactly. Example: avg_engagement_rate_int4_inv(''(1,0.25)'', 1, 4) = ''(0,0)''.';
COMMENT ON FUNCTION @extschema@.avg_engagement_rate_float8_transfn(@extschema@.float8_mean_state, pg_catalog.float8, pg_catalog.float8) IS
'Transition function of avg_engagement_rate(float8, float8): adds the rate engagements / denominator when denominator > 0; NaN/Infinity raise 22023. Example: avg_engagement_rate_float8_transfn(''(0,0)'', 1.5, 6) = ''(1,0.25)''.';
COMMENT ON FUNCTION @extschema@.avg_engagement_rate_float8_inv(@extschema@.float8_mean_state, pg_catalog.float8, pg_catalog.float8) IS
'Inverse transition function of avg_engagement_rate(float8, float8) (window frames): removes a row''s rate exactly. Example: avg_engagement_rate_float8_inv(''(1,0.25)'', 1.5, 6) = ''(0,0)''.';
COMMENT ON AGGREGATE @extschema@.avg_engagement_rate(pg_catalog.int8, pg_catalog.int8) IS
'Engagement rate as the mean of per-post rates (Iconosquare, Emplifi style): avg(engagements::float8 / denominator) over rows where both are non-NULL and denominator > 0. A fraction; NULL when no row qualifies. The sum of rates is exact, so serial, parallel and window results are bit-identical. Example: SELECT avg_engagement_rate(interactions, reach) FROM posts GROUP BY account.';
COMMENT ON AGGREGATE @extschema@.avg_engagement_rate(pg_catalog.int4, pg_catalog.int4) IS
'Engagement rate as the mean of per-post rates for integer columns: avg(engagements::float8 / denominator) over rows where both are non-NULL and denominator > 0 (the same result as the bigint variant). NULL when no row qualifies. Example: SELECT avg_engagement_rate(likes, impressions) FROM posts GROUP BY account.';
COMMENT ON AGGREGATE @extschema@.avg_engagement_rate(pg_catalog.float8, pg_catalog.float8) IS
'Engagement rate as the mean of per-post rates for double precision or numeric inputs, over rows where both are non-NULL and denominator > 0. NULL when no row qualifies; NaN/Infinity inputs raise 22023. Example: SELECT avg_engagement_rate(interactions::float8, reach) FROM posts.';

-- ---------------------------------------------------------------------------
-- 30: share of voice and net sentiment (src/share_of_voice.c), SPEC section 4
-- ---------------------------------------------------------------------------
-- Labels: IMMUTABLE (brand equality depends only on the arguments and their
-- collation, like texteq), PARALLEL SAFE.  Not STRICT, like the engagement
-- transition functions (see 20_engagement.sql): a row with a NULL brand,
-- focus, weight or sentiment is skipped by the functions themselves.

CREATE FUNCTION @extschema@.share_of_voice_transfn(@extschema@.int8_ratio_state,
	pg_catalog.text, pg_catalog.text)
RETURNS @extschema@.int8_ratio_state
AS 'MODULE_PATHNAME', 'share_of_voice_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.share_of_voice_inv(@extschema@.int8_ratio_state,
	pg_catalog.text, pg_catalog.text)
RETURNS @extschema@.int8_ratio_state
AS 'MODULE_PATHNAME', 'share_of_voice_inv'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.share_of_voice_weighted_transfn(@extschema@.float8_ratio_state,
	pg_catalog.text, pg_catalog.text, pg_catalog.float8)
RETURNS @extschema@.float8_ratio_state
AS 'MODULE_PATHNAME', 'share_of_voice_weighted_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.share_of_voice_weighted_inv(@extschema@.float8_ratio_state,
	pg_catalog.text, pg_catalog.text, pg_catalog.float8)
RETURNS @extschema@.float8_ratio_state
AS 'MODULE_PATHNAME', 'share_of_voice_weighted_inv'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE AGGREGATE @extschema@.share_of_voice(brand pg_catalog.text,
	focus pg_catalog.text) (
	SFUNC = @extschema@.share_of_voice_transfn,
	STYPE = @extschema@.int8_ratio_state,
	INITCOND = '(0,0)',
	FINALFUNC = @extschema@.int8_ratio_state_finalfn,
	FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = @extschema@.int8_ratio_state_combine,
	MSFUNC = @extschema@.share_of_voice_transfn,
	MINVFUNC = @extschema@.share_of_voice_inv,
	MSTYPE = @extschema@.int8_ratio_state,
	MINITCOND = '(0,0)',
	MFINALFUNC = @extschema@.int8_ratio_state_finalfn,
	MFINALFUNC_MODIFY = READ_ONLY,
	PARALLEL = SAFE
);

CREATE AGGREGATE @extschema@.share_of_voice(brand pg_catalog.text,
	focus pg_catalog.text, weight pg_catalog.float8) (
	SFUNC = @extschema@.share_of_voice_weighted_transfn,
	STYPE = @extschema@.float8_ratio_state,
	INITCOND = '(0,0)',
	FINALFUNC = @extschema@.float8_ratio_state_finalfn,
	FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = @extschema@.float8_ratio_state_combine,
	MSFUNC = @extschema@.share_of_voice_weighted_transfn,
	MINVFUNC = @extschema@.share_of_voice_weighted_inv,
	MSTYPE = @extschema@.float8_ratio_state,
	MINITCOND = '(0,0)',
	MFINALFUNC = @extschema@.float8_ratio_state_finalfn,
	MFINALFUNC_MODIFY = READ_ONLY,
	PARALLEL = SAFE
);

COMMENT ON FUNCTION @extschema@.share_of_voice_transfn(@extschema@.int8_ratio_state, pg_catalog.text, pg_catalog.text) IS
'Transition function of share_of_voice(text, text): counts the mention, and counts it for the focus brand when brand = focus under the input collation. Example: share_of_voice_transfn(''(0,0)'', ''acme'', ''acme'') = ''(1,1)''.';
COMMENT ON FUNCTION @extschema@.share_of_voice_inv(@extschema@.int8_ratio_state, pg_catalog.text, pg_catalog.text) IS
'Inverse transition function of share_of_voice(text, text) (window frames): uncounts a mention. Example: share_of_voice_inv(''(1,1)'', ''acme'', ''acme'') = ''(0,0)''.';
COMMENT ON FUNCTION @extschema@.share_of_voice_weighted_transfn(@extschema@.float8_ratio_state, pg_catalog.text, pg_catalog.text, pg_catalog.float8) IS
'Transition function of share_of_voice(text, text, float8): adds the weight to the total, and to the focus sum when brand = focus; a negative weight raises 22023, NaN/Infinity 22023. Example: share_of_voice_weighted_transfn(''(0,0)'', ''acme'', ''acme'', 2.5) = ''(2.5,2.5)''.';
COMMENT ON FUNCTION @extschema@.share_of_voice_weighted_inv(@extschema@.float8_ratio_state, pg_catalog.text, pg_catalog.text, pg_catalog.float8) IS
'Inverse transition function of share_of_voice(text, text, float8) (window frames): removes a weighted mention exactly. Example: share_of_voice_weighted_inv(''(2.5,2.5)'', ''acme'', ''acme'', 2.5) = ''(0,0)''.';
COMMENT ON AGGREGATE @extschema@.share_of_voice(pg_catalog.text, pg_catalog.text) IS
'Share of voice in mentions: count(brand = focus) / count(*) over rows with non-NULL brand and focus, a fraction. Equality follows the collation (nondeterministic ICU collations compare case/accent-insensitively). NULL over no rows. Exact bigint counts. Example: SELECT week, share_of_voice(brand, ''acme'') FROM mentions GROUP BY week.';
COMMENT ON AGGREGATE @extschema@.share_of_voice(pg_catalog.text, pg_catalog.text, pg_catalog.float8) IS
'Weighted share of voice: sum(weight where brand = focus) / sum(weight), weights being engagements, reach or 1; rows with a NULL brand, focus or weight are skipped; a negative weight raises 22023. A fraction, NULL when the total weight is 0 or there are no rows. Sums are exact (bit-identical in any plan). Example: SELECT share_of_voice(brand, ''acme'', reach) FROM mentions.';

-- net_sentiment ---------------------------------------------------------------

CREATE FUNCTION @extschema@.net_sentiment_transfn(@extschema@.int8_ratio_state,
	pg_catalog.float8)
RETURNS @extschema@.int8_ratio_state
AS 'MODULE_PATHNAME', 'net_sentiment_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.net_sentiment_inv(@extschema@.int8_ratio_state,
	pg_catalog.float8)
RETURNS @extschema@.int8_ratio_state
AS 'MODULE_PATHNAME', 'net_sentiment_inv'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE AGGREGATE @extschema@.net_sentiment(sentiment pg_catalog.float8) (
	SFUNC = @extschema@.net_sentiment_transfn,
	STYPE = @extschema@.int8_ratio_state,
	INITCOND = '(0,0)',
	FINALFUNC = @extschema@.int8_ratio_state_finalfn,
	FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = @extschema@.int8_ratio_state_combine,
	MSFUNC = @extschema@.net_sentiment_transfn,
	MINVFUNC = @extschema@.net_sentiment_inv,
	MSTYPE = @extschema@.int8_ratio_state,
	MINITCOND = '(0,0)',
	MFINALFUNC = @extschema@.int8_ratio_state_finalfn,
	MFINALFUNC_MODIFY = READ_ONLY,
	PARALLEL = SAFE
);

COMMENT ON FUNCTION @extschema@.net_sentiment_transfn(@extschema@.int8_ratio_state, pg_catalog.float8) IS
'Transition function of net_sentiment: the state is (positive - negative, positive + negative); a sentiment > 0 counts as positive, < 0 as negative, 0 as neutral (ignored); NaN raises 22023. Example: net_sentiment_transfn(''(0,0)'', -0.4) = ''(-1,1)''.';
COMMENT ON FUNCTION @extschema@.net_sentiment_inv(@extschema@.int8_ratio_state, pg_catalog.float8) IS
'Inverse transition function of net_sentiment (window frames): uncounts a row. Example: net_sentiment_inv(''(-1,1)'', -0.4) = ''(0,0)''.';
COMMENT ON AGGREGATE @extschema@.net_sentiment(pg_catalog.float8) IS
'Net sentiment: (positive - negative) / (positive + negative), counting rows with sentiment > 0 and < 0 (only the sign matters; neutral and NULL rows are excluded). A number in [-1, 1]; NULL when no row is positive or negative. Example: SELECT brand, net_sentiment(sentiment) FROM mentions GROUP BY brand.';

/* ---------------------------------------------------------------------
 * 40 quantile_sketch: mergeable relative-error percentiles
 *
 * Labels: the I/O functions and accessors depend only on their arguments
 * (IMMUTABLE) and give NULL for NULL (STRICT).  Transition functions are
 * CALLED ON NULL INPUT (a NULL value is a skipped row) and IMMUTABLE like
 * core's float8_accum.  Everything is PARALLEL SAFE: no state outside the
 * arguments except per-backend caches.
 * --------------------------------------------------------------------- */

CREATE TYPE @extschema@.quantile_sketch;

CREATE FUNCTION @extschema@.quantile_sketch_in(pg_catalog.cstring)
RETURNS @extschema@.quantile_sketch
AS 'MODULE_PATHNAME', 'quantile_sketch_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.quantile_sketch_out(@extschema@.quantile_sketch)
RETURNS pg_catalog.cstring
AS 'MODULE_PATHNAME', 'quantile_sketch_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.quantile_sketch_recv(pg_catalog.internal)
RETURNS @extschema@.quantile_sketch
AS 'MODULE_PATHNAME', 'quantile_sketch_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.quantile_sketch_send(@extschema@.quantile_sketch)
RETURNS pg_catalog.bytea
AS 'MODULE_PATHNAME', 'quantile_sketch_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.quantile_sketch (
	INPUT = @extschema@.quantile_sketch_in,
	OUTPUT = @extschema@.quantile_sketch_out,
	RECEIVE = @extschema@.quantile_sketch_recv,
	SEND = @extschema@.quantile_sketch_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);

COMMENT ON TYPE @extschema@.quantile_sketch IS
'Mergeable relative-error quantile sketch (DDSketch buckets): every percentile estimate is within sketch_error() (default 0.0099018) of the true value, relatively; exact count, sum, min, max. Built by quantile_sketch(value), merged by rollup(sketch). Example: SELECT approx_percentile(quantile_sketch(seconds), 0.9) FROM replies';

CREATE FUNCTION @extschema@.quantile_sketch_from_bytea(pg_catalog.bytea)
RETURNS @extschema@.quantile_sketch
AS 'MODULE_PATHNAME', 'quantile_sketch_from_bytea'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.quantile_sketch_in(pg_catalog.cstring) IS
'Text input of quantile_sketch (the form quantile_sketch_out prints); every field validated, invalid text raises 22P02.';
COMMENT ON FUNCTION @extschema@.quantile_sketch_out(@extschema@.quantile_sketch) IS
'Text output of quantile_sketch: exact, reading it back gives the same bytes.';
COMMENT ON FUNCTION @extschema@.quantile_sketch_recv(pg_catalog.internal) IS
'Binary input of quantile_sketch (the canonical encoding); invalid bytes raise 22P03.';
COMMENT ON FUNCTION @extschema@.quantile_sketch_send(@extschema@.quantile_sketch) IS
'The canonical binary encoding of a quantile_sketch, as bytea; equal sketches give equal bytes. Example: SELECT quantile_sketch_send(s) = quantile_sketch_send(t)';
COMMENT ON FUNCTION @extschema@.quantile_sketch_from_bytea(pg_catalog.bytea) IS
'The quantile_sketch of a canonical binary encoding (the inverse of quantile_sketch_send); NULL gives NULL, invalid bytes raise 22P03.';

-- aggregate support

CREATE FUNCTION @extschema@.quantile_sketch_transfn(@extschema@.quantile_sketch, pg_catalog.float8)
RETURNS @extschema@.quantile_sketch
AS 'MODULE_PATHNAME', 'quantile_sketch_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.quantile_sketch_transfn(@extschema@.quantile_sketch, pg_catalog.float8, pg_catalog.float8)
RETURNS @extschema@.quantile_sketch
AS 'MODULE_PATHNAME', 'quantile_sketch_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.quantile_sketch_interval_transfn(@extschema@.quantile_sketch, pg_catalog.interval)
RETURNS @extschema@.quantile_sketch
AS 'MODULE_PATHNAME', 'quantile_sketch_interval_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.quantile_sketch_interval_transfn(@extschema@.quantile_sketch, pg_catalog.interval, pg_catalog.float8)
RETURNS @extschema@.quantile_sketch
AS 'MODULE_PATHNAME', 'quantile_sketch_interval_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.quantile_sketch_inv(@extschema@.quantile_sketch, pg_catalog.float8)
RETURNS @extschema@.quantile_sketch
AS 'MODULE_PATHNAME', 'quantile_sketch_inv'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.quantile_sketch_inv(@extschema@.quantile_sketch, pg_catalog.float8, pg_catalog.float8)
RETURNS @extschema@.quantile_sketch
AS 'MODULE_PATHNAME', 'quantile_sketch_inv'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.quantile_sketch_interval_inv(@extschema@.quantile_sketch, pg_catalog.interval)
RETURNS @extschema@.quantile_sketch
AS 'MODULE_PATHNAME', 'quantile_sketch_interval_inv'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.quantile_sketch_interval_inv(@extschema@.quantile_sketch, pg_catalog.interval, pg_catalog.float8)
RETURNS @extschema@.quantile_sketch
AS 'MODULE_PATHNAME', 'quantile_sketch_interval_inv'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.quantile_sketch_combine(@extschema@.quantile_sketch, @extschema@.quantile_sketch)
RETURNS @extschema@.quantile_sketch
AS 'MODULE_PATHNAME', 'quantile_sketch_combine'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.quantile_sketch_rollup_inv(@extschema@.quantile_sketch, @extschema@.quantile_sketch)
RETURNS @extschema@.quantile_sketch
AS 'MODULE_PATHNAME', 'quantile_sketch_rollup_inv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.quantile_sketch_finalfn(@extschema@.quantile_sketch)
RETURNS @extschema@.quantile_sketch
AS 'MODULE_PATHNAME', 'quantile_sketch_finalfn'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.quantile_sketch_transfn(@extschema@.quantile_sketch, pg_catalog.float8) IS
'Transition function of quantile_sketch(float8): adds a value (seconds or any non-negative quantity); a NULL value is skipped.';
COMMENT ON FUNCTION @extschema@.quantile_sketch_transfn(@extschema@.quantile_sketch, pg_catalog.float8, pg_catalog.float8) IS
'Transition function of quantile_sketch(float8, relative_error): adds a value; a NULL value is skipped.';
COMMENT ON FUNCTION @extschema@.quantile_sketch_interval_transfn(@extschema@.quantile_sketch, pg_catalog.interval) IS
'Transition function of quantile_sketch(interval): adds the interval as seconds (a day is 86400 s; months are rejected); NULL is skipped.';
COMMENT ON FUNCTION @extschema@.quantile_sketch_interval_transfn(@extschema@.quantile_sketch, pg_catalog.interval, pg_catalog.float8) IS
'Transition function of quantile_sketch(interval, relative_error): adds the interval as seconds; NULL is skipped.';
COMMENT ON FUNCTION @extschema@.quantile_sketch_inv(@extschema@.quantile_sketch, pg_catalog.float8) IS
'Inverse transition of quantile_sketch(float8) over window frames: removes a value exactly (NULL when it was the min or max: the frame is recomputed).';
COMMENT ON FUNCTION @extschema@.quantile_sketch_inv(@extschema@.quantile_sketch, pg_catalog.float8, pg_catalog.float8) IS
'Inverse transition of quantile_sketch(float8, relative_error) over window frames.';
COMMENT ON FUNCTION @extschema@.quantile_sketch_interval_inv(@extschema@.quantile_sketch, pg_catalog.interval) IS
'Inverse transition of quantile_sketch(interval) over window frames.';
COMMENT ON FUNCTION @extschema@.quantile_sketch_interval_inv(@extschema@.quantile_sketch, pg_catalog.interval, pg_catalog.float8) IS
'Inverse transition of quantile_sketch(interval, relative_error) over window frames.';
COMMENT ON FUNCTION @extschema@.quantile_sketch_combine(@extschema@.quantile_sketch, @extschema@.quantile_sketch) IS
'Exact merge of two sketches (combine function of the quantile_sketch aggregates, transition function of rollup); sketches of different relative_error raise 22023.';
COMMENT ON FUNCTION @extschema@.quantile_sketch_rollup_inv(@extschema@.quantile_sketch, @extschema@.quantile_sketch) IS
'Inverse transition of rollup(quantile_sketch) over window frames: subtracts a sketch exactly.';
COMMENT ON FUNCTION @extschema@.quantile_sketch_finalfn(@extschema@.quantile_sketch) IS
'Final function of the quantile_sketch aggregates: the compact canonical form; NULL when no value was aggregated.';

CREATE AGGREGATE @extschema@.quantile_sketch(value pg_catalog.float8) (
	SFUNC = @extschema@.quantile_sketch_transfn,
	STYPE = @extschema@.quantile_sketch,
	FINALFUNC = @extschema@.quantile_sketch_finalfn,
	COMBINEFUNC = @extschema@.quantile_sketch_combine,
	MSFUNC = @extschema@.quantile_sketch_transfn,
	MINVFUNC = @extschema@.quantile_sketch_inv,
	MSTYPE = @extschema@.quantile_sketch,
	MFINALFUNC = @extschema@.quantile_sketch_finalfn,
	PARALLEL = SAFE
);

CREATE AGGREGATE @extschema@.quantile_sketch(value pg_catalog.float8, relative_error pg_catalog.float8) (
	SFUNC = @extschema@.quantile_sketch_transfn,
	STYPE = @extschema@.quantile_sketch,
	FINALFUNC = @extschema@.quantile_sketch_finalfn,
	COMBINEFUNC = @extschema@.quantile_sketch_combine,
	MSFUNC = @extschema@.quantile_sketch_transfn,
	MINVFUNC = @extschema@.quantile_sketch_inv,
	MSTYPE = @extschema@.quantile_sketch,
	MFINALFUNC = @extschema@.quantile_sketch_finalfn,
	PARALLEL = SAFE
);

CREATE AGGREGATE @extschema@.quantile_sketch(value pg_catalog.interval) (
	SFUNC = @extschema@.quantile_sketch_interval_transfn,
	STYPE = @extschema@.quantile_sketch,
	FINALFUNC = @extschema@.quantile_sketch_finalfn,
	COMBINEFUNC = @extschema@.quantile_sketch_combine,
	MSFUNC = @extschema@.quantile_sketch_interval_transfn,
	MINVFUNC = @extschema@.quantile_sketch_interval_inv,
	MSTYPE = @extschema@.quantile_sketch,
	MFINALFUNC = @extschema@.quantile_sketch_finalfn,
	PARALLEL = SAFE
);

CREATE AGGREGATE @extschema@.quantile_sketch(value pg_catalog.interval, relative_error pg_catalog.float8) (
	SFUNC = @extschema@.quantile_sketch_interval_transfn,
	STYPE = @extschema@.quantile_sketch,
	FINALFUNC = @extschema@.quantile_sketch_finalfn,
	COMBINEFUNC = @extschema@.quantile_sketch_combine,
	MSFUNC = @extschema@.quantile_sketch_interval_transfn,
	MINVFUNC = @extschema@.quantile_sketch_interval_inv,
	MSTYPE = @extschema@.quantile_sketch,
	MFINALFUNC = @extschema@.quantile_sketch_finalfn,
	PARALLEL = SAFE
);

CREATE AGGREGATE @extschema@.rollup(sketch @extschema@.quantile_sketch) (
	SFUNC = @extschema@.quantile_sketch_combine,
	STYPE = @extschema@.quantile_sketch,
	FINALFUNC = @extschema@.quantile_sketch_finalfn,
	COMBINEFUNC = @extschema@.quantile_sketch_combine,
	MSFUNC = @extschema@.quantile_sketch_combine,
	MINVFUNC = @extschema@.quantile_sketch_rollup_inv,
	MSTYPE = @extschema@.quantile_sketch,
	MFINALFUNC = @extschema@.quantile_sketch_finalfn,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.quantile_sketch(pg_catalog.float8) IS
'Sketch of non-negative values (e.g. seconds) with relative error 0.0099; NULLs skipped, no rows -> NULL; negative/NaN/Infinity raise 22023. Example: SELECT quantile_sketch(extract(epoch FROM replied_at - asked_at)) FROM tickets';
COMMENT ON AGGREGATE @extschema@.quantile_sketch(pg_catalog.float8, pg_catalog.float8) IS
'Sketch of non-negative values with relative_error between 0.0001 and 0.25 (the alpha in force is at most that); NULLs skipped, no rows -> NULL. Example: SELECT quantile_sketch(seconds, 0.001) FROM replies';
COMMENT ON AGGREGATE @extschema@.quantile_sketch(pg_catalog.interval) IS
'Sketch of non-negative intervals, stored as seconds (a day is 86400 s; intervals with months raise 22023); NULLs skipped, no rows -> NULL. Example: SELECT quantile_sketch(replied_at - asked_at) FROM tickets';
COMMENT ON AGGREGATE @extschema@.quantile_sketch(pg_catalog.interval, pg_catalog.float8) IS
'Sketch of non-negative intervals (as seconds) with the given relative_error; NULLs skipped, no rows -> NULL.';
COMMENT ON AGGREGATE @extschema@.rollup(@extschema@.quantile_sketch) IS
'Exact merge of sketches: the rollup of daily sketches equals the sketch of all their rows, byte for byte; NULLs skipped, no rows -> NULL; different relative errors raise 22023. Example: SELECT rollup(sketch) FROM daily WHERE day >= date ''2026-01-01''';

-- accessors

CREATE FUNCTION @extschema@.approx_percentile(sketch @extschema@.quantile_sketch, fraction pg_catalog.float8)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'approx_percentile'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.approx_percentiles(sketch @extschema@.quantile_sketch, fractions pg_catalog.float8[])
RETURNS pg_catalog.float8[]
AS 'MODULE_PATHNAME', 'approx_percentiles'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.approx_percentile_interval(sketch @extschema@.quantile_sketch, fraction pg_catalog.float8)
RETURNS pg_catalog.interval
AS 'MODULE_PATHNAME', 'approx_percentile_interval'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.approx_rank(sketch @extschema@.quantile_sketch, value pg_catalog.float8)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'approx_rank'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.sketch_count(sketch @extschema@.quantile_sketch)
RETURNS pg_catalog.int8
AS 'MODULE_PATHNAME', 'sketch_count'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.sketch_sum(sketch @extschema@.quantile_sketch)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'sketch_sum'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.sketch_min(sketch @extschema@.quantile_sketch)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'sketch_min'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.sketch_max(sketch @extschema@.quantile_sketch)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'sketch_max'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.sketch_mean(sketch @extschema@.quantile_sketch)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'sketch_mean'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.sketch_error(sketch @extschema@.quantile_sketch)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'sketch_error'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.approx_percentile(@extschema@.quantile_sketch, pg_catalog.float8) IS
'Estimate of the value percentile_disc(fraction) would return (rank ceil(fraction * n)), within sketch_error() relatively, clamped to [min, max]; fraction 0 and 1 are the exact min and max; fraction outside [0, 1] raises 22003; NULL in, NULL out. Example: approx_percentile(s, 0.9)';
COMMENT ON FUNCTION @extschema@.approx_percentiles(@extschema@.quantile_sketch, pg_catalog.float8[]) IS
'approx_percentile for each fraction of the array, one pass; result has the shape of the array, NULL elements stay NULL; NULL array -> NULL. Example: approx_percentiles(s, ''{0.5,0.9,0.99}'')';
COMMENT ON FUNCTION @extschema@.approx_percentile_interval(@extschema@.quantile_sketch, pg_catalog.float8) IS
'approx_percentile as an interval (values taken as seconds; days of 24 h, microsecond rounding). Example: approx_percentile_interval(s, 0.5)';
COMMENT ON FUNCTION @extschema@.approx_rank(@extschema@.quantile_sketch, pg_catalog.float8) IS
'Estimated fraction (0..1) of the values <= value, the inverse of approx_percentile: exact below min (0) and from max on (1); NaN raises 22023. Example, share answered within 1 h: approx_rank(s, 3600)';
COMMENT ON FUNCTION @extschema@.sketch_count(@extschema@.quantile_sketch) IS
'Exact number of values in the sketch (zeros included). Example: sketch_count(s)';
COMMENT ON FUNCTION @extschema@.sketch_sum(@extschema@.quantile_sketch) IS
'Exact sum of the values (correctly rounded, independent of the order of rows and merges); above the float8 range raises 22003. Example: sketch_sum(s)';
COMMENT ON FUNCTION @extschema@.sketch_min(@extschema@.quantile_sketch) IS
'Exact smallest value. Example: sketch_min(s)';
COMMENT ON FUNCTION @extschema@.sketch_max(@extschema@.quantile_sketch) IS
'Exact largest value. Example: sketch_max(s)';
COMMENT ON FUNCTION @extschema@.sketch_mean(@extschema@.quantile_sketch) IS
'Mean of the values from the exact sum and count. Example: sketch_mean(s)';
COMMENT ON FUNCTION @extschema@.sketch_error(@extschema@.quantile_sketch) IS
'Relative error alpha in force: every percentile estimate e of a true value x has |e - x| <= alpha * x; 0.0099018 by default; larger only when the values span more than 8192 buckets, a ratio of 1e70 at the default and of 8e6 at relative_error 0.001. Example: sketch_error(s)';

/* ---------------------------------------------------------------------
 * 50 Reply pairing: first_reply_seconds / first_reply_time aggregates and
 * the reply_wait_seconds window function.  C in src/response.c and
 * src/pairing.c; docs in doc/response.md.
 * --------------------------------------------------------------------- */

CREATE TYPE @extschema@.first_reply_state;

CREATE FUNCTION @extschema@.first_reply_state_in(pg_catalog.cstring)
RETURNS @extschema@.first_reply_state
AS 'MODULE_PATHNAME', 'first_reply_state_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.first_reply_state_out(@extschema@.first_reply_state)
RETURNS pg_catalog.cstring
AS 'MODULE_PATHNAME', 'first_reply_state_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.first_reply_state_recv(pg_catalog.internal)
RETURNS @extschema@.first_reply_state
AS 'MODULE_PATHNAME', 'first_reply_state_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.first_reply_state_send(@extschema@.first_reply_state)
RETURNS pg_catalog.bytea
AS 'MODULE_PATHNAME', 'first_reply_state_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.first_reply_state (
	INPUT = @extschema@.first_reply_state_in,
	OUTPUT = @extschema@.first_reply_state_out,
	RECEIVE = @extschema@.first_reply_state_recv,
	SEND = @extschema@.first_reply_state_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);

COMMENT ON TYPE @extschema@.first_reply_state IS
'Partial state of first_reply_seconds/first_reply_time for one conversation: earliest customer message, earliest brand message after it, and brand messages at or before it (microseconds since 2000-01-01 UTC). Text form, e.g. ''v1;c=0;r=60000000'', round-trips exactly; used by parallel query and Citus.';
COMMENT ON FUNCTION @extschema@.first_reply_state_in(pg_catalog.cstring) IS
'Text input of first_reply_state (''v1[;c=<us>][;r=<us>][;b=<us>,...]''); bad text raises 22P02.';
COMMENT ON FUNCTION @extschema@.first_reply_state_out(@extschema@.first_reply_state) IS
'Text output of first_reply_state; exact, independent of TimeZone and DateStyle.';
COMMENT ON FUNCTION @extschema@.first_reply_state_recv(pg_catalog.internal) IS
'Binary input of first_reply_state (version byte 1); bad bytes raise 22P03.';
COMMENT ON FUNCTION @extschema@.first_reply_state_send(@extschema@.first_reply_state) IS
'Binary output of first_reply_state (version byte 1).';

-- Not STRICT: a row with a NULL time or sender is skipped, and the first
-- non-NULL row creates the state.
CREATE FUNCTION @extschema@.first_reply_transfn(
	@extschema@.first_reply_state, pg_catalog.timestamptz, pg_catalog.bool)
RETURNS @extschema@.first_reply_state
AS 'MODULE_PATHNAME', 'first_reply_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.first_reply_combine(
	@extschema@.first_reply_state, @extschema@.first_reply_state)
RETURNS @extschema@.first_reply_state
AS 'MODULE_PATHNAME', 'first_reply_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.first_reply_seconds_finalfn(@extschema@.first_reply_state)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'first_reply_seconds_finalfn'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.first_reply_time_finalfn(@extschema@.first_reply_state)
RETURNS pg_catalog.interval
AS 'MODULE_PATHNAME', 'first_reply_time_finalfn'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.first_reply_transfn(@extschema@.first_reply_state, pg_catalog.timestamptz, pg_catalog.bool) IS
'Transition function of first_reply_seconds/first_reply_time: adds one message (rows with a NULL time or sender are skipped; an infinite time raises 22008).';
COMMENT ON FUNCTION @extschema@.first_reply_combine(@extschema@.first_reply_state, @extschema@.first_reply_state) IS
'Combine function of first_reply_seconds/first_reply_time: the state of both sets of messages (parallel query, Citus).';
COMMENT ON FUNCTION @extschema@.first_reply_seconds_finalfn(@extschema@.first_reply_state) IS
'Final function of first_reply_seconds: seconds from the first customer message to the first brand message strictly after it; NULL if none.';
COMMENT ON FUNCTION @extschema@.first_reply_time_finalfn(@extschema@.first_reply_state) IS
'Final function of first_reply_time: first_reply_seconds as an interval, like timestamptz - timestamptz.';

-- No moving-aggregate form: the state keeps the minimum customer time, and
-- removing that message would need the next one, i.e. every message of the
-- frame (see doc/response.md).
CREATE AGGREGATE @extschema@.first_reply_seconds(pg_catalog.timestamptz, pg_catalog.bool) (
	SFUNC = @extschema@.first_reply_transfn,
	STYPE = @extschema@.first_reply_state,
	FINALFUNC = @extschema@.first_reply_seconds_finalfn,
	COMBINEFUNC = @extschema@.first_reply_combine,
	PARALLEL = SAFE
);

CREATE AGGREGATE @extschema@.first_reply_time(pg_catalog.timestamptz, pg_catalog.bool) (
	SFUNC = @extschema@.first_reply_transfn,
	STYPE = @extschema@.first_reply_state,
	FINALFUNC = @extschema@.first_reply_time_finalfn,
	COMBINEFUNC = @extschema@.first_reply_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.first_reply_seconds(pg_catalog.timestamptz, pg_catalog.bool) IS
'First-reply time of one conversation, in seconds: from the earliest customer message (from_brand = false) to the earliest brand message strictly after it (a brand message at the same instant is not a reply). NULL when never answered or with no customer message; rows with a NULL time or sender are skipped. Independent of input order. Example: SELECT conversation, first_reply_seconds(at, from_brand) FROM messages GROUP BY conversation;';
COMMENT ON AGGREGATE @extschema@.first_reply_time(pg_catalog.timestamptz, pg_catalog.bool) IS
'first_reply_seconds as an interval (hours justified into days, like timestamptz - timestamptz). NULL when never answered. Example: SELECT conversation, first_reply_time(at, from_brand) FROM messages GROUP BY conversation;';

-- Window functions fetch their arguments themselves, so STRICT would mean
-- nothing; NULL rules are in the C code.  IMMUTABLE like lag/lead: the
-- result depends only on the partition's rows and order.
CREATE FUNCTION @extschema@.reply_wait_seconds(pg_catalog.timestamptz, pg_catalog.bool)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'reply_wait_seconds'
LANGUAGE C IMMUTABLE WINDOW PARALLEL SAFE;

CREATE FUNCTION @extschema@.reply_wait_seconds(pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.text)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'reply_wait_seconds'
LANGUAGE C IMMUTABLE WINDOW PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.reply_wait_seconds(pg_catalog.timestamptz, pg_catalog.bool) IS
'Window function, mode ''block_start'': on the first customer message of each run waiting for the same reply, the seconds until the first brand message strictly after it; NULL on other rows, brand messages and unanswered messages. Use OVER (PARTITION BY conversation ORDER BY at); a decreasing time raises 42P20. Example: SELECT reply_wait_seconds(at, from_brand) OVER (PARTITION BY conversation ORDER BY at) FROM messages;';
COMMENT ON FUNCTION @extschema@.reply_wait_seconds(pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.text) IS
'Window function: seconds a customer message waited for the first brand message strictly after it. mode ''block_start'' (first message of each run waiting for the same reply), ''every'' (every customer message) or ''last'' (last message before the reply); other modes raise 22023, a NULL mode gives NULL. NULL on brand messages and unanswered messages. Example: SELECT reply_wait_seconds(at, from_brand, ''every'') OVER (PARTITION BY conversation ORDER BY at) FROM messages;';

/* ---------------------------------------------------------------------
 * 55 first_reply_sketch: per-group (account, brand) first-reply pairing
 * of every conversation in one pass, into a quantile_sketch; companions
 * unanswered_count and unanswered_share share its state.  C in
 * src/first_reply_sketch.c (on src/pairing.c and the sketch); docs in
 * doc/first_reply_sketch.md.
 * --------------------------------------------------------------------- */

CREATE TYPE @extschema@.first_reply_sketch_state;

CREATE FUNCTION @extschema@.first_reply_sketch_state_in(pg_catalog.cstring)
RETURNS @extschema@.first_reply_sketch_state
AS 'MODULE_PATHNAME', 'first_reply_sketch_state_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.first_reply_sketch_state_out(@extschema@.first_reply_sketch_state)
RETURNS pg_catalog.cstring
AS 'MODULE_PATHNAME', 'first_reply_sketch_state_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.first_reply_sketch_state_recv(pg_catalog.internal)
RETURNS @extschema@.first_reply_sketch_state
AS 'MODULE_PATHNAME', 'first_reply_sketch_state_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.first_reply_sketch_state_send(@extschema@.first_reply_sketch_state)
RETURNS pg_catalog.bytea
AS 'MODULE_PATHNAME', 'first_reply_sketch_state_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.first_reply_sketch_state (
	INPUT = @extschema@.first_reply_sketch_state_in,
	OUTPUT = @extschema@.first_reply_sketch_state_out,
	RECEIVE = @extschema@.first_reply_sketch_state_recv,
	SEND = @extschema@.first_reply_sketch_state_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);

COMMENT ON TYPE @extschema@.first_reply_sketch_state IS
'Partial state of first_reply_sketch, unanswered_count and unanswered_share: per conversation, the earliest customer message, the earliest brand message after it and the brand messages at or before it (microseconds since 2000-01-01 UTC). Text form, conversations in ascending order, e.g. ''v1 7:c=0;r=60000000 9:b=-5000000'', round-trips exactly; used by parallel query and Citus.';
COMMENT ON FUNCTION @extschema@.first_reply_sketch_state_in(pg_catalog.cstring) IS
'Text input of first_reply_sketch_state (''v1[ <conversation>:[c=<us>][;r=<us>][;b=<us>,...]]...''); bad text, a conversation listed twice or without messages raise 22P02.';
COMMENT ON FUNCTION @extschema@.first_reply_sketch_state_out(@extschema@.first_reply_sketch_state) IS
'Text output of first_reply_sketch_state: conversations in ascending order; exact, independent of TimeZone and DateStyle.';
COMMENT ON FUNCTION @extschema@.first_reply_sketch_state_recv(pg_catalog.internal) IS
'Binary input of first_reply_sketch_state (version byte 1); bad bytes raise 22P03.';
COMMENT ON FUNCTION @extschema@.first_reply_sketch_state_send(@extschema@.first_reply_sketch_state) IS
'Binary output of first_reply_sketch_state (version byte 1), conversations in ascending order.';

-- Not STRICT: a row with a NULL conversation, time or sender is skipped,
-- and the first non-NULL row creates the state.
CREATE FUNCTION @extschema@.first_reply_sketch_transfn(
	@extschema@.first_reply_sketch_state, pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool)
RETURNS @extschema@.first_reply_sketch_state
AS 'MODULE_PATHNAME', 'first_reply_sketch_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.first_reply_sketch_combine(
	@extschema@.first_reply_sketch_state, @extschema@.first_reply_sketch_state)
RETURNS @extschema@.first_reply_sketch_state
AS 'MODULE_PATHNAME', 'first_reply_sketch_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.first_reply_sketch_finalfn(@extschema@.first_reply_sketch_state)
RETURNS @extschema@.quantile_sketch
AS 'MODULE_PATHNAME', 'first_reply_sketch_finalfn'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- Not STRICT: a count over no rows is 0, not NULL.
CREATE FUNCTION @extschema@.unanswered_count_finalfn(@extschema@.first_reply_sketch_state)
RETURNS pg_catalog.int8
AS 'MODULE_PATHNAME', 'unanswered_count_finalfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.unanswered_share_finalfn(@extschema@.first_reply_sketch_state)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'unanswered_share_finalfn'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.first_reply_sketch_transfn(@extschema@.first_reply_sketch_state, pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool) IS
'Transition function of first_reply_sketch, unanswered_count and unanswered_share: adds one message to its conversation (rows with a NULL conversation, time or sender are skipped; an infinite time raises 22008).';
COMMENT ON FUNCTION @extschema@.first_reply_sketch_combine(@extschema@.first_reply_sketch_state, @extschema@.first_reply_sketch_state) IS
'Combine function of first_reply_sketch, unanswered_count and unanswered_share: the state of both sets of messages; a conversation present in both is merged (parallel query, Citus).';
COMMENT ON FUNCTION @extschema@.first_reply_sketch_finalfn(@extschema@.first_reply_sketch_state) IS
'Final function of first_reply_sketch: the quantile_sketch (relative error 0.01) of the first-reply seconds of the answered conversations; NULL if none.';
COMMENT ON FUNCTION @extschema@.unanswered_count_finalfn(@extschema@.first_reply_sketch_state) IS
'Final function of unanswered_count: conversations with a customer message and no brand message after it; 0 for a NULL state.';
COMMENT ON FUNCTION @extschema@.unanswered_share_finalfn(@extschema@.first_reply_sketch_state) IS
'Final function of unanswered_share: unanswered conversations / conversations with a customer message; NULL if there are none.';

-- No moving-aggregate form: removing a message would need the other
-- messages of its conversation (see doc/first_reply_sketch.md).
CREATE AGGREGATE @extschema@.first_reply_sketch(pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool) (
	SFUNC = @extschema@.first_reply_sketch_transfn,
	STYPE = @extschema@.first_reply_sketch_state,
	FINALFUNC = @extschema@.first_reply_sketch_finalfn,
	COMBINEFUNC = @extschema@.first_reply_sketch_combine,
	PARALLEL = SAFE
);

CREATE AGGREGATE @extschema@.unanswered_count(pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool) (
	SFUNC = @extschema@.first_reply_sketch_transfn,
	STYPE = @extschema@.first_reply_sketch_state,
	FINALFUNC = @extschema@.unanswered_count_finalfn,
	COMBINEFUNC = @extschema@.first_reply_sketch_combine,
	PARALLEL = SAFE
);

CREATE AGGREGATE @extschema@.unanswered_share(pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool) (
	SFUNC = @extschema@.first_reply_sketch_transfn,
	STYPE = @extschema@.first_reply_sketch_state,
	FINALFUNC = @extschema@.unanswered_share_finalfn,
	COMBINEFUNC = @extschema@.first_reply_sketch_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.first_reply_sketch(pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool) IS
'quantile_sketch (relative error 0.01) of the first-reply seconds of every answered conversation among the rows, paired as first_reply_seconds pairs them (earliest customer message to the earliest brand message strictly after it), in one pass without a GROUP BY per conversation. Unanswered conversations are not in it (see unanswered_count); a conversation must not be split across groups. NULL when no conversation was answered; rows with a NULL conversation, time or sender are skipped. Example: SELECT account, approx_percentiles(first_reply_sketch(conversation, at, from_brand), ''{0.5,0.9,0.99}'') FROM messages GROUP BY account;';
COMMENT ON AGGREGATE @extschema@.unanswered_count(pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool) IS
'Number of conversations among the rows with a customer message and no brand message strictly after the first one (first_reply_seconds would be NULL); conversations without a customer message are not counted. 0 over no rows. Shares its state with first_reply_sketch in one query. Example: SELECT account, unanswered_count(conversation, at, from_brand) FROM messages GROUP BY account;';
COMMENT ON AGGREGATE @extschema@.unanswered_share(pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool) IS
'Fraction in [0, 1] of the conversations with a customer message that the brand never answered: unanswered_count / (unanswered_count + sketch_count(first_reply_sketch)). NULL when no conversation has a customer message. Shares its state with first_reply_sketch in one query. Example: SELECT account, unanswered_share(conversation, at, from_brand) FROM messages GROUP BY account;';

/* ---------------------------------------------------------------------
 * 60 Business time and local calendars: the business_calendar type,
 * business_seconds / business_time, local_bucket, local_date.
 * C in src/business_time.c and src/calendar.c; docs in
 * doc/business_time.md.
 *
 * IMMUTABLE although they read the time zone database: like core's
 * timezone(text, timestamptz), the result depends only on the arguments
 * and on tz rules, which change only with a tzdata update (after one,
 * rebuild indexes and generated columns that use these functions).
 * --------------------------------------------------------------------- */

CREATE TYPE @extschema@.business_calendar;

CREATE FUNCTION @extschema@.business_calendar_in(pg_catalog.cstring)
RETURNS @extschema@.business_calendar
AS 'MODULE_PATHNAME', 'business_calendar_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.business_calendar_out(@extschema@.business_calendar)
RETURNS pg_catalog.cstring
AS 'MODULE_PATHNAME', 'business_calendar_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.business_calendar_recv(pg_catalog.internal)
RETURNS @extschema@.business_calendar
AS 'MODULE_PATHNAME', 'business_calendar_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.business_calendar_send(@extschema@.business_calendar)
RETURNS pg_catalog.bytea
AS 'MODULE_PATHNAME', 'business_calendar_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.business_calendar (
	INPUT = @extschema@.business_calendar_in,
	OUTPUT = @extschema@.business_calendar_out,
	RECEIVE = @extschema@.business_calendar_recv,
	SEND = @extschema@.business_calendar_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = int4,
	STORAGE = extended
);

COMMENT ON TYPE @extschema@.business_calendar IS
'Opening hours: an IANA time zone, weekly windows in local wall-clock time and holiday dates, e.g. ''Europe/Helsinki; mon-fri 09:00-17:00; sat 10:00-14:00; holidays 2026-12-24 2026-12-25''. Output is canonical (days grouped, windows merged, holidays sorted) and round-trips exactly; bad text raises 22P02 with a HINT. Grammar in doc/business_time.md.';
COMMENT ON FUNCTION @extschema@.business_calendar_in(pg_catalog.cstring) IS
'Text input of business_calendar; bad text or an unknown time zone raises 22P02.';
COMMENT ON FUNCTION @extschema@.business_calendar_out(@extschema@.business_calendar) IS
'Canonical text output of business_calendar.';
COMMENT ON FUNCTION @extschema@.business_calendar_recv(pg_catalog.internal) IS
'Binary input of business_calendar (version byte 1); bad bytes raise 22P03.';
COMMENT ON FUNCTION @extschema@.business_calendar_send(@extschema@.business_calendar) IS
'Binary output of business_calendar (version byte 1).';

CREATE FUNCTION @extschema@.business_seconds(
	start pg_catalog.timestamptz, finish pg_catalog.timestamptz,
	calendar @extschema@.business_calendar)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'business_seconds'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.business_time(
	start pg_catalog.timestamptz, finish pg_catalog.timestamptz,
	calendar @extschema@.business_calendar)
RETURNS pg_catalog.interval
AS 'MODULE_PATHNAME', 'business_time'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.business_seconds(pg_catalog.timestamptz, pg_catalog.timestamptz, @extschema@.business_calendar) IS
'Seconds of open time between two instants: the instants in [start, finish) whose local wall-clock time is inside an opening window on a non-holiday local date (DST-correct: a skipped hour counts 0, a repeated hour twice). Negative when finish < start; NULL if any argument is NULL; an infinite timestamp raises 22008. Example: SELECT business_seconds(asked_at, answered_at, ''Europe/Helsinki; mon-fri 09:00-17:00'');';
COMMENT ON FUNCTION @extschema@.business_time(pg_catalog.timestamptz, pg_catalog.timestamptz, @extschema@.business_calendar) IS
'business_seconds as an interval of hours:minutes:seconds (hours are not justified into days). Example: SELECT business_time(asked_at, answered_at, ''UTC; mon-fri 09:00-17:00'');';

CREATE FUNCTION @extschema@.local_bucket(
	unit pg_catalog.text, ts pg_catalog.timestamptz, zone pg_catalog.text)
RETURNS pg_catalog.timestamptz
AS 'MODULE_PATHNAME', 'local_bucket'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.local_date(ts pg_catalog.timestamptz, zone pg_catalog.text)
RETURNS pg_catalog.date
AS 'MODULE_PATHNAME', 'local_date'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.local_bucket(pg_catalog.text, pg_catalog.timestamptz, pg_catalog.text) IS
'Instant at which the local day, week (starting Monday), month, quarter or year containing ts began in the given IANA time zone; equals date_trunc(unit, ts AT TIME ZONE zone) AT TIME ZONE zone, but IMMUTABLE, so usable in indexes, generated columns and materialized views. NULL if any argument is NULL; a bad unit or zone raises 22023. Example: SELECT local_bucket(''week'', at, ''Europe/Helsinki'');';
COMMENT ON FUNCTION @extschema@.local_date(pg_catalog.timestamptz, pg_catalog.text) IS
'Local calendar date of ts in the given IANA time zone, i.e. (ts AT TIME ZONE zone)::date, IMMUTABLE. NULL if any argument is NULL; a bad zone raises 22023. Example: SELECT local_date(at, ''America/New_York'');';

/*
 * ---- 1.1.0 ----------------------------------------------------------------
 * What 1.1.0 adds to 1.0.0.  Make puts these fragments both after the frozen
 * 1.0.0 script (the full 1.1.0 install) and behind the guard of the
 * 1.0.0 -> 1.1.0 update script, so both paths run the same statements.
 * The conventions of 1.0.0 hold: every object @extschema@-qualified, core
 * objects through pg_catalog, CREATE (never OR REPLACE), MODULE_PATHNAME,
 * and a COMMENT ON every object.
 */

/* ---------------------------------------------------------------------
 * 50 Reply pairing at scale (issue 11): text and uuid conversation ids for
 * first_reply_sketch, unanswered_count and unanswered_share; first-reply
 * waits in business seconds; sla_attainment (unanswered conversations
 * count as misses); reply_wait_sketch (per-message waits in one pass) and
 * its state type.  C in src/first_reply_sketch.c, src/reply_wait_sketch.c,
 * src/conv_table.c and src/pairing.c; docs in doc/first_reply_sketch.md
 * and doc/response.md.
 *
 * The first-reply aggregates of every id type share the 1.0.0 state type
 * first_reply_sketch_state (its text form "v1 ..." for bigint ids, "v2
 * <type> ..." otherwise) and its combine and final functions.
 * --------------------------------------------------------------------- */

-- Transition functions: not STRICT, rows with a NULL input are skipped.
CREATE FUNCTION @extschema@.first_reply_sketch_transfn(@extschema@.first_reply_sketch_state, pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool)
RETURNS @extschema@.first_reply_sketch_state
AS 'MODULE_PATHNAME', 'first_reply_sketch_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.first_reply_sketch_transfn(@extschema@.first_reply_sketch_state, pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool) IS
'Transition function of first_reply_sketch, unanswered_count and unanswered_share with text conversation ids: adds one message to its conversation (rows with a NULL conversation, time or sender are skipped; an infinite time raises 22008).';

CREATE FUNCTION @extschema@.first_reply_sketch_transfn(@extschema@.first_reply_sketch_state, pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool)
RETURNS @extschema@.first_reply_sketch_state
AS 'MODULE_PATHNAME', 'first_reply_sketch_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.first_reply_sketch_transfn(@extschema@.first_reply_sketch_state, pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool) IS
'Transition function of first_reply_sketch, unanswered_count and unanswered_share with uuid conversation ids: adds one message to its conversation (rows with a NULL conversation, time or sender are skipped; an infinite time raises 22008).';

CREATE FUNCTION @extschema@.first_reply_sketch_transfn(@extschema@.first_reply_sketch_state, pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool, @extschema@.business_calendar)
RETURNS @extschema@.first_reply_sketch_state
AS 'MODULE_PATHNAME', 'first_reply_sketch_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.first_reply_sketch_transfn(@extschema@.first_reply_sketch_state, pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool, @extschema@.business_calendar) IS
'Transition function of first_reply_sketch with a business calendar and bigint conversation ids: adds one message (rows with a NULL input are skipped; a calendar that differs between rows raises 22023).';

CREATE FUNCTION @extschema@.first_reply_sketch_transfn(@extschema@.first_reply_sketch_state, pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool, @extschema@.business_calendar)
RETURNS @extschema@.first_reply_sketch_state
AS 'MODULE_PATHNAME', 'first_reply_sketch_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.first_reply_sketch_transfn(@extschema@.first_reply_sketch_state, pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool, @extschema@.business_calendar) IS
'Transition function of first_reply_sketch with a business calendar and text conversation ids: adds one message (rows with a NULL input are skipped; a calendar that differs between rows raises 22023).';

CREATE FUNCTION @extschema@.first_reply_sketch_transfn(@extschema@.first_reply_sketch_state, pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool, @extschema@.business_calendar)
RETURNS @extschema@.first_reply_sketch_state
AS 'MODULE_PATHNAME', 'first_reply_sketch_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.first_reply_sketch_transfn(@extschema@.first_reply_sketch_state, pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool, @extschema@.business_calendar) IS
'Transition function of first_reply_sketch with a business calendar and uuid conversation ids: adds one message (rows with a NULL input are skipped; a calendar that differs between rows raises 22023).';

CREATE FUNCTION @extschema@.sla_attainment_transfn(@extschema@.first_reply_sketch_state, pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8)
RETURNS @extschema@.first_reply_sketch_state
AS 'MODULE_PATHNAME', 'sla_attainment_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.sla_attainment_transfn(@extschema@.first_reply_sketch_state, pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8) IS
'Transition function of sla_attainment with bigint conversation ids: adds one message (rows with a NULL input are skipped; a target that is negative, NaN or infinite, or differs between rows, raises 22023).';

CREATE FUNCTION @extschema@.sla_attainment_transfn(@extschema@.first_reply_sketch_state, pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8, @extschema@.business_calendar)
RETURNS @extschema@.first_reply_sketch_state
AS 'MODULE_PATHNAME', 'sla_attainment_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.sla_attainment_transfn(@extschema@.first_reply_sketch_state, pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8, @extschema@.business_calendar) IS
'Transition function of sla_attainment in business hours with bigint conversation ids: adds one message (rows with a NULL input are skipped; a target or calendar that differs between rows raises 22023).';

CREATE FUNCTION @extschema@.sla_attainment_transfn(@extschema@.first_reply_sketch_state, pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8)
RETURNS @extschema@.first_reply_sketch_state
AS 'MODULE_PATHNAME', 'sla_attainment_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.sla_attainment_transfn(@extschema@.first_reply_sketch_state, pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8) IS
'Transition function of sla_attainment with text conversation ids: adds one message (rows with a NULL input are skipped; a target that is negative, NaN or infinite, or differs between rows, raises 22023).';

CREATE FUNCTION @extschema@.sla_attainment_transfn(@extschema@.first_reply_sketch_state, pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8, @extschema@.business_calendar)
RETURNS @extschema@.first_reply_sketch_state
AS 'MODULE_PATHNAME', 'sla_attainment_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.sla_attainment_transfn(@extschema@.first_reply_sketch_state, pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8, @extschema@.business_calendar) IS
'Transition function of sla_attainment in business hours with text conversation ids: adds one message (rows with a NULL input are skipped; a target or calendar that differs between rows raises 22023).';

CREATE FUNCTION @extschema@.sla_attainment_transfn(@extschema@.first_reply_sketch_state, pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8)
RETURNS @extschema@.first_reply_sketch_state
AS 'MODULE_PATHNAME', 'sla_attainment_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.sla_attainment_transfn(@extschema@.first_reply_sketch_state, pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8) IS
'Transition function of sla_attainment with uuid conversation ids: adds one message (rows with a NULL input are skipped; a target that is negative, NaN or infinite, or differs between rows, raises 22023).';

CREATE FUNCTION @extschema@.sla_attainment_transfn(@extschema@.first_reply_sketch_state, pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8, @extschema@.business_calendar)
RETURNS @extschema@.first_reply_sketch_state
AS 'MODULE_PATHNAME', 'sla_attainment_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.sla_attainment_transfn(@extschema@.first_reply_sketch_state, pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8, @extschema@.business_calendar) IS
'Transition function of sla_attainment in business hours with uuid conversation ids: adds one message (rows with a NULL input are skipped; a target or calendar that differs between rows raises 22023).';

CREATE FUNCTION @extschema@.sla_attainment_finalfn(@extschema@.first_reply_sketch_state)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'sla_attainment_finalfn'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.sla_attainment_finalfn(@extschema@.first_reply_sketch_state) IS
'Final function of sla_attainment: conversations with a customer message answered within the target / conversations with a customer message; NULL if there are none.';

CREATE AGGREGATE @extschema@.first_reply_sketch(pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool) (
	SFUNC = @extschema@.first_reply_sketch_transfn,
	STYPE = @extschema@.first_reply_sketch_state,
	FINALFUNC = @extschema@.first_reply_sketch_finalfn,
	COMBINEFUNC = @extschema@.first_reply_sketch_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.first_reply_sketch(pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool) IS
'first_reply_sketch with text conversation ids (distinct ids are never merged): the quantile_sketch (relative error 0.01) of the first-reply seconds of every answered conversation among the rows; same pairing and NULL rules as the bigint form; the same conversations give the same sketch whatever the id type. Example: SELECT account, approx_percentile(first_reply_sketch(conversation_key, at, from_brand), 0.9) FROM messages GROUP BY account;';

CREATE AGGREGATE @extschema@.unanswered_count(pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool) (
	SFUNC = @extschema@.first_reply_sketch_transfn,
	STYPE = @extschema@.first_reply_sketch_state,
	FINALFUNC = @extschema@.unanswered_count_finalfn,
	COMBINEFUNC = @extschema@.first_reply_sketch_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.unanswered_count(pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool) IS
'unanswered_count with text conversation ids: conversations with a customer message and no brand message strictly after the first one; 0 over no rows. Example: SELECT account, unanswered_count(conversation_key, at, from_brand) FROM messages GROUP BY account;';

CREATE AGGREGATE @extschema@.unanswered_share(pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool) (
	SFUNC = @extschema@.first_reply_sketch_transfn,
	STYPE = @extschema@.first_reply_sketch_state,
	FINALFUNC = @extschema@.unanswered_share_finalfn,
	COMBINEFUNC = @extschema@.first_reply_sketch_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.unanswered_share(pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool) IS
'unanswered_share with text conversation ids: fraction in [0, 1] of the conversations with a customer message that were never answered; NULL when there are none. Example: SELECT account, unanswered_share(conversation_key, at, from_brand) FROM messages GROUP BY account;';

CREATE AGGREGATE @extschema@.first_reply_sketch(pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool) (
	SFUNC = @extschema@.first_reply_sketch_transfn,
	STYPE = @extschema@.first_reply_sketch_state,
	FINALFUNC = @extschema@.first_reply_sketch_finalfn,
	COMBINEFUNC = @extschema@.first_reply_sketch_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.first_reply_sketch(pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool) IS
'first_reply_sketch with uuid conversation ids (distinct ids are never merged): the quantile_sketch (relative error 0.01) of the first-reply seconds of every answered conversation among the rows; same pairing and NULL rules as the bigint form; the same conversations give the same sketch whatever the id type. Example: SELECT account, approx_percentile(first_reply_sketch(conversation_uuid, at, from_brand), 0.9) FROM messages GROUP BY account;';

CREATE AGGREGATE @extschema@.unanswered_count(pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool) (
	SFUNC = @extschema@.first_reply_sketch_transfn,
	STYPE = @extschema@.first_reply_sketch_state,
	FINALFUNC = @extschema@.unanswered_count_finalfn,
	COMBINEFUNC = @extschema@.first_reply_sketch_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.unanswered_count(pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool) IS
'unanswered_count with uuid conversation ids: conversations with a customer message and no brand message strictly after the first one; 0 over no rows. Example: SELECT account, unanswered_count(conversation_uuid, at, from_brand) FROM messages GROUP BY account;';

CREATE AGGREGATE @extschema@.unanswered_share(pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool) (
	SFUNC = @extschema@.first_reply_sketch_transfn,
	STYPE = @extschema@.first_reply_sketch_state,
	FINALFUNC = @extschema@.unanswered_share_finalfn,
	COMBINEFUNC = @extschema@.first_reply_sketch_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.unanswered_share(pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool) IS
'unanswered_share with uuid conversation ids: fraction in [0, 1] of the conversations with a customer message that were never answered; NULL when there are none. Example: SELECT account, unanswered_share(conversation_uuid, at, from_brand) FROM messages GROUP BY account;';

CREATE AGGREGATE @extschema@.first_reply_sketch(pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool, @extschema@.business_calendar) (
	SFUNC = @extschema@.first_reply_sketch_transfn,
	STYPE = @extschema@.first_reply_sketch_state,
	FINALFUNC = @extschema@.first_reply_sketch_finalfn,
	COMBINEFUNC = @extschema@.first_reply_sketch_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.first_reply_sketch(pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool, @extschema@.business_calendar) IS
'first_reply_sketch in business hours (bigint conversation ids): the quantile_sketch of business_seconds(first customer message, first brand message strictly after it, calendar) of every answered conversation; the calendar must be the same on every row of a group (else 22023). NULL when no conversation was answered. Example: SELECT account, approx_percentile(first_reply_sketch(conversation, at, from_brand, ''Europe/Helsinki; mon-fri 09:00-17:00''), 0.9) FROM messages GROUP BY account;';

CREATE AGGREGATE @extschema@.first_reply_sketch(pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool, @extschema@.business_calendar) (
	SFUNC = @extschema@.first_reply_sketch_transfn,
	STYPE = @extschema@.first_reply_sketch_state,
	FINALFUNC = @extschema@.first_reply_sketch_finalfn,
	COMBINEFUNC = @extschema@.first_reply_sketch_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.first_reply_sketch(pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool, @extschema@.business_calendar) IS
'first_reply_sketch in business hours (text conversation ids): the quantile_sketch of business_seconds(first customer message, first brand message strictly after it, calendar) of every answered conversation; the calendar must be the same on every row of a group (else 22023). NULL when no conversation was answered. Example: SELECT account, approx_percentile(first_reply_sketch(conversation_key, at, from_brand, ''Europe/Helsinki; mon-fri 09:00-17:00''), 0.9) FROM messages GROUP BY account;';

CREATE AGGREGATE @extschema@.first_reply_sketch(pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool, @extschema@.business_calendar) (
	SFUNC = @extschema@.first_reply_sketch_transfn,
	STYPE = @extschema@.first_reply_sketch_state,
	FINALFUNC = @extschema@.first_reply_sketch_finalfn,
	COMBINEFUNC = @extschema@.first_reply_sketch_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.first_reply_sketch(pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool, @extschema@.business_calendar) IS
'first_reply_sketch in business hours (uuid conversation ids): the quantile_sketch of business_seconds(first customer message, first brand message strictly after it, calendar) of every answered conversation; the calendar must be the same on every row of a group (else 22023). NULL when no conversation was answered. Example: SELECT account, approx_percentile(first_reply_sketch(conversation_uuid, at, from_brand, ''Europe/Helsinki; mon-fri 09:00-17:00''), 0.9) FROM messages GROUP BY account;';

CREATE AGGREGATE @extschema@.sla_attainment(pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8) (
	SFUNC = @extschema@.sla_attainment_transfn,
	STYPE = @extschema@.first_reply_sketch_state,
	FINALFUNC = @extschema@.sla_attainment_finalfn,
	COMBINEFUNC = @extschema@.first_reply_sketch_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.sla_attainment(pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8) IS
'SLA attainment (bigint conversation ids): the fraction in [0, 1] of the conversations with a customer message whose first reply came within target_seconds (first_reply_seconds <= target), unanswered conversations counting as misses; exact, from the per-conversation pairing. The target must be the same on every row of a group (else 22023). NULL when no conversation has a customer message. Example: SELECT account, sla_attainment(conversation, at, from_brand, 3600) FROM messages GROUP BY account;';

CREATE AGGREGATE @extschema@.sla_attainment(pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8, @extschema@.business_calendar) (
	SFUNC = @extschema@.sla_attainment_transfn,
	STYPE = @extschema@.first_reply_sketch_state,
	FINALFUNC = @extschema@.sla_attainment_finalfn,
	COMBINEFUNC = @extschema@.first_reply_sketch_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.sla_attainment(pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8, @extschema@.business_calendar) IS
'SLA attainment in business hours (bigint conversation ids): the fraction of the conversations with a customer message whose first reply came within target_seconds of open time (business_seconds(first customer message, reply, calendar) <= target), unanswered conversations counting as misses. Target and calendar must be the same on every row of a group (else 22023). NULL when no conversation has a customer message. Example: SELECT account, sla_attainment(conversation, at, from_brand, 3600, ''Europe/Helsinki; mon-fri 09:00-17:00'') FROM messages GROUP BY account;';

CREATE AGGREGATE @extschema@.sla_attainment(pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8) (
	SFUNC = @extschema@.sla_attainment_transfn,
	STYPE = @extschema@.first_reply_sketch_state,
	FINALFUNC = @extschema@.sla_attainment_finalfn,
	COMBINEFUNC = @extschema@.first_reply_sketch_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.sla_attainment(pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8) IS
'SLA attainment (text conversation ids): the fraction in [0, 1] of the conversations with a customer message whose first reply came within target_seconds (first_reply_seconds <= target), unanswered conversations counting as misses; exact, from the per-conversation pairing. The target must be the same on every row of a group (else 22023). NULL when no conversation has a customer message. Example: SELECT account, sla_attainment(conversation_key, at, from_brand, 3600) FROM messages GROUP BY account;';

CREATE AGGREGATE @extschema@.sla_attainment(pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8, @extschema@.business_calendar) (
	SFUNC = @extschema@.sla_attainment_transfn,
	STYPE = @extschema@.first_reply_sketch_state,
	FINALFUNC = @extschema@.sla_attainment_finalfn,
	COMBINEFUNC = @extschema@.first_reply_sketch_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.sla_attainment(pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8, @extschema@.business_calendar) IS
'SLA attainment in business hours (text conversation ids): the fraction of the conversations with a customer message whose first reply came within target_seconds of open time (business_seconds(first customer message, reply, calendar) <= target), unanswered conversations counting as misses. Target and calendar must be the same on every row of a group (else 22023). NULL when no conversation has a customer message. Example: SELECT account, sla_attainment(conversation_key, at, from_brand, 3600, ''Europe/Helsinki; mon-fri 09:00-17:00'') FROM messages GROUP BY account;';

CREATE AGGREGATE @extschema@.sla_attainment(pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8) (
	SFUNC = @extschema@.sla_attainment_transfn,
	STYPE = @extschema@.first_reply_sketch_state,
	FINALFUNC = @extschema@.sla_attainment_finalfn,
	COMBINEFUNC = @extschema@.first_reply_sketch_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.sla_attainment(pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8) IS
'SLA attainment (uuid conversation ids): the fraction in [0, 1] of the conversations with a customer message whose first reply came within target_seconds (first_reply_seconds <= target), unanswered conversations counting as misses; exact, from the per-conversation pairing. The target must be the same on every row of a group (else 22023). NULL when no conversation has a customer message. Example: SELECT account, sla_attainment(conversation_uuid, at, from_brand, 3600) FROM messages GROUP BY account;';

CREATE AGGREGATE @extschema@.sla_attainment(pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8, @extschema@.business_calendar) (
	SFUNC = @extschema@.sla_attainment_transfn,
	STYPE = @extschema@.first_reply_sketch_state,
	FINALFUNC = @extschema@.sla_attainment_finalfn,
	COMBINEFUNC = @extschema@.first_reply_sketch_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.sla_attainment(pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8, @extschema@.business_calendar) IS
'SLA attainment in business hours (uuid conversation ids): the fraction of the conversations with a customer message whose first reply came within target_seconds of open time (business_seconds(first customer message, reply, calendar) <= target), unanswered conversations counting as misses. Target and calendar must be the same on every row of a group (else 22023). NULL when no conversation has a customer message. Example: SELECT account, sla_attainment(conversation_uuid, at, from_brand, 3600, ''Europe/Helsinki; mon-fri 09:00-17:00'') FROM messages GROUP BY account;';

CREATE TYPE @extschema@.reply_wait_sketch_state;

CREATE FUNCTION @extschema@.reply_wait_sketch_state_in(pg_catalog.cstring)
RETURNS @extschema@.reply_wait_sketch_state
AS 'MODULE_PATHNAME', 'reply_wait_sketch_state_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.reply_wait_sketch_state_in(pg_catalog.cstring) IS
'Text input of reply_wait_sketch_state (''v1 <bigint|text|uuid> <mode>[ <conversation>:[c=<us>,...][;b=<us>,...]]...''); bad text, a conversation listed twice or without messages raise 22P02.';

CREATE FUNCTION @extschema@.reply_wait_sketch_state_out(@extschema@.reply_wait_sketch_state)
RETURNS pg_catalog.cstring
AS 'MODULE_PATHNAME', 'reply_wait_sketch_state_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.reply_wait_sketch_state_out(@extschema@.reply_wait_sketch_state) IS
'Text output of reply_wait_sketch_state: conversations in ascending order, times ascending; exact, independent of TimeZone and DateStyle.';

CREATE FUNCTION @extschema@.reply_wait_sketch_state_recv(pg_catalog.internal)
RETURNS @extschema@.reply_wait_sketch_state
AS 'MODULE_PATHNAME', 'reply_wait_sketch_state_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.reply_wait_sketch_state_recv(pg_catalog.internal) IS
'Binary input of reply_wait_sketch_state (version byte 1); bad bytes raise 22P03.';

CREATE FUNCTION @extschema@.reply_wait_sketch_state_send(@extschema@.reply_wait_sketch_state)
RETURNS pg_catalog.bytea
AS 'MODULE_PATHNAME', 'reply_wait_sketch_state_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.reply_wait_sketch_state_send(@extschema@.reply_wait_sketch_state) IS
'Binary output of reply_wait_sketch_state (version byte 1), conversations in ascending order.';

CREATE TYPE @extschema@.reply_wait_sketch_state (
	INPUT = @extschema@.reply_wait_sketch_state_in,
	OUTPUT = @extschema@.reply_wait_sketch_state_out,
	RECEIVE = @extschema@.reply_wait_sketch_state_recv,
	SEND = @extschema@.reply_wait_sketch_state_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);

COMMENT ON TYPE @extschema@.reply_wait_sketch_state IS
'Partial state of reply_wait_sketch: the mode, and per conversation its customer and brand message times (microseconds since 2000-01-01 UTC). Text form, conversations in ascending order, e.g. ''v1 bigint block_start 7:c=0,60000000;b=120000000'', round-trips exactly; used by parallel query and Citus.';

CREATE FUNCTION @extschema@.reply_wait_sketch_transfn(@extschema@.reply_wait_sketch_state, pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool)
RETURNS @extschema@.reply_wait_sketch_state
AS 'MODULE_PATHNAME', 'reply_wait_sketch_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.reply_wait_sketch_transfn(@extschema@.reply_wait_sketch_state, pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool) IS
'Transition function of reply_wait_sketch (bigint conversation ids, mode block_start): appends one message (rows with a NULL conversation, time or sender are skipped; an infinite time raises 22008).';

CREATE FUNCTION @extschema@.reply_wait_sketch_transfn(@extschema@.reply_wait_sketch_state, pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.text)
RETURNS @extschema@.reply_wait_sketch_state
AS 'MODULE_PATHNAME', 'reply_wait_sketch_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.reply_wait_sketch_transfn(@extschema@.reply_wait_sketch_state, pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.text) IS
'Transition function of reply_wait_sketch (bigint conversation ids) with a mode: appends one message (rows with a NULL input are skipped; an unknown mode, or one that differs between rows, raises 22023).';

CREATE FUNCTION @extschema@.reply_wait_sketch_transfn(@extschema@.reply_wait_sketch_state, pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool)
RETURNS @extschema@.reply_wait_sketch_state
AS 'MODULE_PATHNAME', 'reply_wait_sketch_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.reply_wait_sketch_transfn(@extschema@.reply_wait_sketch_state, pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool) IS
'Transition function of reply_wait_sketch (text conversation ids, mode block_start): appends one message (rows with a NULL conversation, time or sender are skipped; an infinite time raises 22008).';

CREATE FUNCTION @extschema@.reply_wait_sketch_transfn(@extschema@.reply_wait_sketch_state, pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.text)
RETURNS @extschema@.reply_wait_sketch_state
AS 'MODULE_PATHNAME', 'reply_wait_sketch_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.reply_wait_sketch_transfn(@extschema@.reply_wait_sketch_state, pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.text) IS
'Transition function of reply_wait_sketch (text conversation ids) with a mode: appends one message (rows with a NULL input are skipped; an unknown mode, or one that differs between rows, raises 22023).';

CREATE FUNCTION @extschema@.reply_wait_sketch_transfn(@extschema@.reply_wait_sketch_state, pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool)
RETURNS @extschema@.reply_wait_sketch_state
AS 'MODULE_PATHNAME', 'reply_wait_sketch_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.reply_wait_sketch_transfn(@extschema@.reply_wait_sketch_state, pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool) IS
'Transition function of reply_wait_sketch (uuid conversation ids, mode block_start): appends one message (rows with a NULL conversation, time or sender are skipped; an infinite time raises 22008).';

CREATE FUNCTION @extschema@.reply_wait_sketch_transfn(@extschema@.reply_wait_sketch_state, pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.text)
RETURNS @extschema@.reply_wait_sketch_state
AS 'MODULE_PATHNAME', 'reply_wait_sketch_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.reply_wait_sketch_transfn(@extschema@.reply_wait_sketch_state, pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.text) IS
'Transition function of reply_wait_sketch (uuid conversation ids) with a mode: appends one message (rows with a NULL input are skipped; an unknown mode, or one that differs between rows, raises 22023).';

CREATE FUNCTION @extschema@.reply_wait_sketch_combine(@extschema@.reply_wait_sketch_state, @extschema@.reply_wait_sketch_state)
RETURNS @extschema@.reply_wait_sketch_state
AS 'MODULE_PATHNAME', 'reply_wait_sketch_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.reply_wait_sketch_combine(@extschema@.reply_wait_sketch_state, @extschema@.reply_wait_sketch_state) IS
'Combine function of reply_wait_sketch: the messages of both states (parallel query, Citus); states of different modes raise 22023.';

CREATE FUNCTION @extschema@.reply_wait_sketch_finalfn(@extschema@.reply_wait_sketch_state)
RETURNS @extschema@.quantile_sketch
AS 'MODULE_PATHNAME', 'reply_wait_sketch_finalfn'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.reply_wait_sketch_finalfn(@extschema@.reply_wait_sketch_state) IS
'Final function of reply_wait_sketch: the quantile_sketch (relative error 0.01) of the per-message reply waits; NULL if none.';

-- No moving-aggregate form: removing a message would need its conversation's
-- other messages (kept, but a window frame rarely holds whole conversations).
CREATE AGGREGATE @extschema@.reply_wait_sketch(pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool) (
	SFUNC = @extschema@.reply_wait_sketch_transfn,
	STYPE = @extschema@.reply_wait_sketch_state,
	FINALFUNC = @extschema@.reply_wait_sketch_finalfn,
	COMBINEFUNC = @extschema@.reply_wait_sketch_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.reply_wait_sketch(pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool) IS
'quantile_sketch (relative error 0.01) of the per-message reply waits, mode block_start, of every conversation among the rows (bigint ids), in one pass with no window and no sort: byte for byte quantile_sketch(reply_wait_seconds(at, from_brand) OVER (PARTITION BY conversation ORDER BY at)) over the same rows. Rows with a NULL conversation, time or sender are skipped; NULL when no customer message was answered. Example: SELECT account, approx_percentile(reply_wait_sketch(conversation, at, from_brand), 0.9) FROM messages GROUP BY account;';

CREATE AGGREGATE @extschema@.reply_wait_sketch(pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.text) (
	SFUNC = @extschema@.reply_wait_sketch_transfn,
	STYPE = @extschema@.reply_wait_sketch_state,
	FINALFUNC = @extschema@.reply_wait_sketch_finalfn,
	COMBINEFUNC = @extschema@.reply_wait_sketch_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.reply_wait_sketch(pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.text) IS
'reply_wait_sketch with a mode (''block_start'', ''every'' or ''last'', as in reply_wait_seconds; bigint ids): byte for byte quantile_sketch(reply_wait_seconds(at, from_brand, mode) OVER (PARTITION BY conversation ORDER BY at)). The mode must be the same on every row of a group (else 22023); rows with a NULL mode are skipped. Example: SELECT account, approx_percentile(reply_wait_sketch(conversation, at, from_brand, ''every''), 0.9) FROM messages GROUP BY account;';

CREATE AGGREGATE @extschema@.reply_wait_sketch(pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool) (
	SFUNC = @extschema@.reply_wait_sketch_transfn,
	STYPE = @extschema@.reply_wait_sketch_state,
	FINALFUNC = @extschema@.reply_wait_sketch_finalfn,
	COMBINEFUNC = @extschema@.reply_wait_sketch_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.reply_wait_sketch(pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool) IS
'quantile_sketch (relative error 0.01) of the per-message reply waits, mode block_start, of every conversation among the rows (text ids), in one pass with no window and no sort: byte for byte quantile_sketch(reply_wait_seconds(at, from_brand) OVER (PARTITION BY conversation ORDER BY at)) over the same rows. Rows with a NULL conversation, time or sender are skipped; NULL when no customer message was answered. Example: SELECT account, approx_percentile(reply_wait_sketch(conversation_key, at, from_brand), 0.9) FROM messages GROUP BY account;';

CREATE AGGREGATE @extschema@.reply_wait_sketch(pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.text) (
	SFUNC = @extschema@.reply_wait_sketch_transfn,
	STYPE = @extschema@.reply_wait_sketch_state,
	FINALFUNC = @extschema@.reply_wait_sketch_finalfn,
	COMBINEFUNC = @extschema@.reply_wait_sketch_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.reply_wait_sketch(pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.text) IS
'reply_wait_sketch with a mode (''block_start'', ''every'' or ''last'', as in reply_wait_seconds; text ids): byte for byte quantile_sketch(reply_wait_seconds(at, from_brand, mode) OVER (PARTITION BY conversation ORDER BY at)). The mode must be the same on every row of a group (else 22023); rows with a NULL mode are skipped. Example: SELECT account, approx_percentile(reply_wait_sketch(conversation_key, at, from_brand, ''every''), 0.9) FROM messages GROUP BY account;';

CREATE AGGREGATE @extschema@.reply_wait_sketch(pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool) (
	SFUNC = @extschema@.reply_wait_sketch_transfn,
	STYPE = @extschema@.reply_wait_sketch_state,
	FINALFUNC = @extschema@.reply_wait_sketch_finalfn,
	COMBINEFUNC = @extschema@.reply_wait_sketch_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.reply_wait_sketch(pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool) IS
'quantile_sketch (relative error 0.01) of the per-message reply waits, mode block_start, of every conversation among the rows (uuid ids), in one pass with no window and no sort: byte for byte quantile_sketch(reply_wait_seconds(at, from_brand) OVER (PARTITION BY conversation ORDER BY at)) over the same rows. Rows with a NULL conversation, time or sender are skipped; NULL when no customer message was answered. Example: SELECT account, approx_percentile(reply_wait_sketch(conversation_uuid, at, from_brand), 0.9) FROM messages GROUP BY account;';

CREATE AGGREGATE @extschema@.reply_wait_sketch(pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.text) (
	SFUNC = @extschema@.reply_wait_sketch_transfn,
	STYPE = @extschema@.reply_wait_sketch_state,
	FINALFUNC = @extschema@.reply_wait_sketch_finalfn,
	COMBINEFUNC = @extschema@.reply_wait_sketch_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.reply_wait_sketch(pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.text) IS
'reply_wait_sketch with a mode (''block_start'', ''every'' or ''last'', as in reply_wait_seconds; uuid ids): byte for byte quantile_sketch(reply_wait_seconds(at, from_brand, mode) OVER (PARTITION BY conversation ORDER BY at)). The mode must be the same on every row of a group (else 22023); rows with a NULL mode are skipped. Example: SELECT account, approx_percentile(reply_wait_sketch(conversation_uuid, at, from_brand, ''every''), 0.9) FROM messages GROUP BY account;';


-- ---------------------------------------------------------------------------
-- 70: trends and uncertainty (src/growth.c, src/ratio_ci.c, src/intervals.c,
--     src/trends_math.c), doc/design.md and doc/trends.md
-- ---------------------------------------------------------------------------
-- Three named, fixed-length state types:
--   growth_state    the earliest and the latest (instant, value) of a series
--   ratio_ci_state  n and the exact sums of e, d, e^2, e*d, d^2 (rows d > 0)
--   mean_ci_state   n and the exact sums of the per-row rates and squares
-- Labels as in 10/20: I/O, combine, final and scalar functions are
-- IMMUTABLE STRICT PARALLEL SAFE; transition and inverse functions are
-- IMMUTABLE PARALLEL SAFE and not STRICT (they skip rows with a NULL input
-- themselves, pairwise).  growth_rate has no moving-aggregate form: removing
-- the earliest snapshot would need the second earliest, so no inverse exists.

-- growth_rate / growth_change -------------------------------------------------

CREATE TYPE @extschema@.growth_state;

CREATE FUNCTION @extschema@.growth_state_in(pg_catalog.cstring)
RETURNS @extschema@.growth_state
AS 'MODULE_PATHNAME', 'growth_state_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.growth_state_out(@extschema@.growth_state)
RETURNS pg_catalog.cstring
AS 'MODULE_PATHNAME', 'growth_state_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.growth_state_recv(pg_catalog.internal)
RETURNS @extschema@.growth_state
AS 'MODULE_PATHNAME', 'growth_state_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.growth_state_send(@extschema@.growth_state)
RETURNS pg_catalog.bytea
AS 'MODULE_PATHNAME', 'growth_state_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.growth_state (
	INPUT = @extschema@.growth_state_in,
	OUTPUT = @extschema@.growth_state_out,
	RECEIVE = @extschema@.growth_state_recv,
	SEND = @extschema@.growth_state_send,
	INTERNALLENGTH = 40,
	ALIGNMENT = double,
	STORAGE = plain
);

COMMENT ON TYPE @extschema@.growth_state IS
'Transition state of growth_rate and growth_change: the earliest and the latest (instant, value) of a snapshot series; at equal instants the larger value is kept at both ends. Text form ''()'' for no rows, else ''(first_at,first_value,last_at,last_value)'' with UTC instants, e.g. ''(2026-01-05T00:00:00Z,1500,2026-04-26T00:00:00Z,1800)''.';
COMMENT ON FUNCTION @extschema@.growth_state_in(pg_catalog.cstring) IS
'Text input of growth_state: ''()'' or ''(first_at,first_value,last_at,last_value)'' with instants written YYYY-MM-DDTHH:MM:SS[.ffffff]Z (UTC) and finite values; other text raises 22P02.';
COMMENT ON FUNCTION @extschema@.growth_state_out(@extschema@.growth_state) IS
'Text output of growth_state, e.g. ''(2026-01-05T00:00:00Z,1500,2026-04-26T00:00:00Z,1800)''; instants in UTC and values in shortest exact decimals, so it reads back to the same bytes whatever the session time zone.';
COMMENT ON FUNCTION @extschema@.growth_state_recv(pg_catalog.internal) IS
'Binary input of growth_state: a version byte, a flag byte (0 no rows, 1), then two (int64 microseconds, float8) points; bad bytes raise 22P03.';
COMMENT ON FUNCTION @extschema@.growth_state_send(@extschema@.growth_state) IS
'Binary output of growth_state: a version byte (1), a flag byte, then the two points as big-endian int64 and float8.';

CREATE FUNCTION @extschema@.growth_rate_transfn(@extschema@.growth_state, pg_catalog.float8, pg_catalog.timestamptz)
RETURNS @extschema@.growth_state
AS 'MODULE_PATHNAME', 'growth_rate_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.growth_rate_transfn(@extschema@.growth_state, pg_catalog.float8, pg_catalog.timestamptz) IS
'Transition function of growth_rate and growth_change: keeps the earliest and the latest (at, value) (the larger value at equal instants); a row with a NULL input is skipped; NaN/Infinity values raise 22023. Example: growth_rate_transfn(''()'', 100, ''2026-01-05 00:00+00'') = ''(2026-01-05T00:00:00Z,100,2026-01-05T00:00:00Z,100)''.';

CREATE FUNCTION @extschema@.growth_state_combine(@extschema@.growth_state, @extschema@.growth_state)
RETURNS @extschema@.growth_state
AS 'MODULE_PATHNAME', 'growth_state_combine'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.growth_state_combine(@extschema@.growth_state, @extschema@.growth_state) IS
'Combine function of growth_rate and growth_change: the earlier start and the later end of two states (ties: the larger value). Example: growth_state_combine(''(2026-01-01T00:00:00Z,1,2026-01-02T00:00:00Z,2)'', ''(2026-01-03T00:00:00Z,5,2026-01-03T00:00:00Z,5)'') = ''(2026-01-01T00:00:00Z,1,2026-01-03T00:00:00Z,5)''.';

CREATE FUNCTION @extschema@.growth_rate_finalfn(@extschema@.growth_state)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'growth_rate_finalfn'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.growth_rate_finalfn(@extschema@.growth_state) IS
'Final function of growth_rate: (last value - first value) / first value, a fraction; NULL for no rows or a first value <= 0. Example: growth_rate_finalfn(''(2026-01-01T00:00:00Z,200,2026-02-01T00:00:00Z,250)'') = 0.25.';

CREATE FUNCTION @extschema@.growth_change_finalfn(@extschema@.growth_state)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'growth_change_finalfn'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.growth_change_finalfn(@extschema@.growth_state) IS
'Final function of growth_change: last value - first value; NULL for no rows. Example: growth_change_finalfn(''(2026-01-01T00:00:00Z,200,2026-02-01T00:00:00Z,250)'') = 50.';

CREATE AGGREGATE @extschema@.growth_rate(value pg_catalog.float8, at pg_catalog.timestamptz) (
	SFUNC = @extschema@.growth_rate_transfn,
	STYPE = @extschema@.growth_state,
	INITCOND = '()',
	FINALFUNC = @extschema@.growth_rate_finalfn,
	FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = @extschema@.growth_state_combine,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.growth_rate(pg_catalog.float8, pg_catalog.timestamptz) IS
'Growth of a snapshot series such as follower counts: (value at the latest at - value at the earliest at) / value at the earliest at, a fraction (0.25 = +25 %). Independent of row order and combinable (parallel, Citus). Tie rule: snapshots at the same instant keep the larger value, at both ends. Rows with a NULL input are skipped; NULL for no rows or a start value <= 0; NaN/Infinity raise 22023. No moving-aggregate form (no inverse). Example: SELECT account_id, growth_rate(followers, day) FROM follower_history WHERE day BETWEEN ''2026-04-01'' AND ''2026-04-30'' GROUP BY account_id.';

CREATE AGGREGATE @extschema@.growth_change(value pg_catalog.float8, at pg_catalog.timestamptz) (
	SFUNC = @extschema@.growth_rate_transfn,
	STYPE = @extschema@.growth_state,
	INITCOND = '()',
	FINALFUNC = @extschema@.growth_change_finalfn,
	FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = @extschema@.growth_state_combine,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.growth_change(pg_catalog.float8, pg_catalog.timestamptz) IS
'Absolute change of a snapshot series: value at the latest at - value at the earliest at (same rows, tie rule and NULL rules as growth_rate; NULL for no rows). Example: SELECT account_id, growth_change(followers, day) FROM follower_history GROUP BY account_id.';

-- engagement_rate_ci: interval of the ratio of sums --------------------------

CREATE TYPE @extschema@.ratio_ci_state;

CREATE FUNCTION @extschema@.ratio_ci_state_in(pg_catalog.cstring)
RETURNS @extschema@.ratio_ci_state
AS 'MODULE_PATHNAME', 'ratio_ci_state_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.ratio_ci_state_out(@extschema@.ratio_ci_state)
RETURNS pg_catalog.cstring
AS 'MODULE_PATHNAME', 'ratio_ci_state_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.ratio_ci_state_recv(pg_catalog.internal)
RETURNS @extschema@.ratio_ci_state
AS 'MODULE_PATHNAME', 'ratio_ci_state_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.ratio_ci_state_send(@extschema@.ratio_ci_state)
RETURNS pg_catalog.bytea
AS 'MODULE_PATHNAME', 'ratio_ci_state_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.ratio_ci_state (
	INPUT = @extschema@.ratio_ci_state_in,
	OUTPUT = @extschema@.ratio_ci_state_out,
	RECEIVE = @extschema@.ratio_ci_state_recv,
	SEND = @extschema@.ratio_ci_state_send,
	INTERNALLENGTH = 176,
	ALIGNMENT = double,
	STORAGE = plain
);

COMMENT ON TYPE @extschema@.ratio_ci_state IS
'State of engagement_rate_ci, storable and rollup-able: the number n of rows with both inputs non-NULL and denominator > 0 and the exact fixed-point sums of e, d, e^2, e*d and d^2 (units of 2^-128, magnitude below 2^127), so serial, parallel and rolled-up states have the same bytes. Text form ''(n,e,d,ee,ed,dd)'', e.g. ''(2,5,300,13,800,50000)''; states built with a confidence level carry it as a 7th field.';
COMMENT ON FUNCTION @extschema@.ratio_ci_state_in(pg_catalog.cstring) IS
'Text input of ratio_ci_state: ''(n,e,d,ee,ed,dd)'' or ''(n,e,d,ee,ed,dd,confidence)'' in exact decimals; bad text or broken invariants (negative n, d, ee or dd sums; sums without rows) raise 22P02, values beyond 2^127 22003.';
COMMENT ON FUNCTION @extschema@.ratio_ci_state_out(@extschema@.ratio_ci_state) IS
'Text output of ratio_ci_state in exact decimals, e.g. ''(2,5,300,13,800,50000)''; reads back to the same bytes.';
COMMENT ON FUNCTION @extschema@.ratio_ci_state_recv(pg_catalog.internal) IS
'Binary input of ratio_ci_state: a version byte, n (int64), the confidence level (float8, 0 = none) and five 256-bit sums; bad bytes raise 22P03.';
COMMENT ON FUNCTION @extschema@.ratio_ci_state_send(@extschema@.ratio_ci_state) IS
'Binary output of ratio_ci_state: a version byte (1), n, the confidence level and five 256-bit two''s-complement sums, big-endian.';

CREATE FUNCTION @extschema@.engagement_rate_ci_int8_transfn(@extschema@.ratio_ci_state, pg_catalog.int8, pg_catalog.int8)
RETURNS @extschema@.ratio_ci_state
AS 'MODULE_PATHNAME', 'engagement_rate_ci_int8_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.engagement_rate_ci_int8_transfn(@extschema@.ratio_ci_state, pg_catalog.int8, pg_catalog.int8) IS
'Transition function of engagement_rate_ci and engagement_rate_ci_state (int8): adds the row (e, d) when d > 0, exactly; a row with a NULL input is skipped; sums beyond 2^127 raise 22003. Example: engagement_rate_ci_int8_transfn(''(0,0,0,0,0,0)'', 5, 100) = ''(1,5,100,25,500,10000)''.';

CREATE FUNCTION @extschema@.engagement_rate_ci_int8_transfn(@extschema@.ratio_ci_state, pg_catalog.int8, pg_catalog.int8, pg_catalog.float8)
RETURNS @extschema@.ratio_ci_state
AS 'MODULE_PATHNAME', 'engagement_rate_ci_int8_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.engagement_rate_ci_int8_transfn(@extschema@.ratio_ci_state, pg_catalog.int8, pg_catalog.int8, pg_catalog.float8) IS
'Transition function of engagement_rate_ci and engagement_rate_ci_state (int8): adds the row (e, d) when d > 0, exactly and records the confidence level (the same for every row, in (0, 1): else 22023/22003); a row with a NULL input is skipped; sums beyond 2^127 raise 22003. Example: engagement_rate_ci_int8_transfn(''(0,0,0,0,0,0)'', 5, 100, 0.9) = ''(1,5,100,25,500,10000,0.9)''.';

CREATE FUNCTION @extschema@.engagement_rate_ci_int8_inv(@extschema@.ratio_ci_state, pg_catalog.int8, pg_catalog.int8)
RETURNS @extschema@.ratio_ci_state
AS 'MODULE_PATHNAME', 'engagement_rate_ci_int8_inv'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.engagement_rate_ci_int8_inv(@extschema@.ratio_ci_state, pg_catalog.int8, pg_catalog.int8) IS
'Transition function of engagement_rate_ci and engagement_rate_ci_state (int8): removes (moving-aggregate inverse) the row (e, d) when d > 0, exactly; a row with a NULL input is skipped; sums beyond 2^127 raise 22003. Example: engagement_rate_ci_int8_inv(''(1,5,100,25,500,10000)'', 5, 100) = ''(0,0,0,0,0,0)''.';

CREATE FUNCTION @extschema@.engagement_rate_ci_int8_inv(@extschema@.ratio_ci_state, pg_catalog.int8, pg_catalog.int8, pg_catalog.float8)
RETURNS @extschema@.ratio_ci_state
AS 'MODULE_PATHNAME', 'engagement_rate_ci_int8_inv'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.engagement_rate_ci_int8_inv(@extschema@.ratio_ci_state, pg_catalog.int8, pg_catalog.int8, pg_catalog.float8) IS
'Transition function of engagement_rate_ci and engagement_rate_ci_state (int8): removes (moving-aggregate inverse) the row (e, d) when d > 0, exactly and records the confidence level (the same for every row, in (0, 1): else 22023/22003); a row with a NULL input is skipped; sums beyond 2^127 raise 22003. Example: engagement_rate_ci_int8_inv(''(1,5,100,25,500,10000,0.9)'', 5, 100, 0.9) = ''(0,0,0,0,0,0,0.9)''.';

CREATE FUNCTION @extschema@.engagement_rate_ci_float8_transfn(@extschema@.ratio_ci_state, pg_catalog.float8, pg_catalog.float8)
RETURNS @extschema@.ratio_ci_state
AS 'MODULE_PATHNAME', 'engagement_rate_ci_float8_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.engagement_rate_ci_float8_transfn(@extschema@.ratio_ci_state, pg_catalog.float8, pg_catalog.float8) IS
'Transition function of engagement_rate_ci and engagement_rate_ci_state (float8): adds the row (e, d) when d > 0, exactly; a row with a NULL input is skipped; NaN/Infinity raise 22023; sums beyond 2^127 raise 22003. Example: engagement_rate_ci_float8_transfn(''(0,0,0,0,0,0)'', 5, 100) = ''(1,5,100,25,500,10000)''.';

CREATE FUNCTION @extschema@.engagement_rate_ci_float8_transfn(@extschema@.ratio_ci_state, pg_catalog.float8, pg_catalog.float8, pg_catalog.float8)
RETURNS @extschema@.ratio_ci_state
AS 'MODULE_PATHNAME', 'engagement_rate_ci_float8_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.engagement_rate_ci_float8_transfn(@extschema@.ratio_ci_state, pg_catalog.float8, pg_catalog.float8, pg_catalog.float8) IS
'Transition function of engagement_rate_ci and engagement_rate_ci_state (float8): adds the row (e, d) when d > 0, exactly and records the confidence level (the same for every row, in (0, 1): else 22023/22003); a row with a NULL input is skipped; NaN/Infinity raise 22023; sums beyond 2^127 raise 22003. Example: engagement_rate_ci_float8_transfn(''(0,0,0,0,0,0)'', 5, 100, 0.9) = ''(1,5,100,25,500,10000,0.9)''.';

CREATE FUNCTION @extschema@.engagement_rate_ci_float8_inv(@extschema@.ratio_ci_state, pg_catalog.float8, pg_catalog.float8)
RETURNS @extschema@.ratio_ci_state
AS 'MODULE_PATHNAME', 'engagement_rate_ci_float8_inv'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.engagement_rate_ci_float8_inv(@extschema@.ratio_ci_state, pg_catalog.float8, pg_catalog.float8) IS
'Transition function of engagement_rate_ci and engagement_rate_ci_state (float8): removes (moving-aggregate inverse) the row (e, d) when d > 0, exactly; a row with a NULL input is skipped; NaN/Infinity raise 22023; sums beyond 2^127 raise 22003. Example: engagement_rate_ci_float8_inv(''(1,5,100,25,500,10000)'', 5, 100) = ''(0,0,0,0,0,0)''.';

CREATE FUNCTION @extschema@.engagement_rate_ci_float8_inv(@extschema@.ratio_ci_state, pg_catalog.float8, pg_catalog.float8, pg_catalog.float8)
RETURNS @extschema@.ratio_ci_state
AS 'MODULE_PATHNAME', 'engagement_rate_ci_float8_inv'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.engagement_rate_ci_float8_inv(@extschema@.ratio_ci_state, pg_catalog.float8, pg_catalog.float8, pg_catalog.float8) IS
'Transition function of engagement_rate_ci and engagement_rate_ci_state (float8): removes (moving-aggregate inverse) the row (e, d) when d > 0, exactly and records the confidence level (the same for every row, in (0, 1): else 22023/22003); a row with a NULL input is skipped; NaN/Infinity raise 22023; sums beyond 2^127 raise 22003. Example: engagement_rate_ci_float8_inv(''(1,5,100,25,500,10000,0.9)'', 5, 100, 0.9) = ''(0,0,0,0,0,0,0.9)''.';

CREATE FUNCTION @extschema@.ratio_ci_state_combine(@extschema@.ratio_ci_state, @extschema@.ratio_ci_state)
RETURNS @extschema@.ratio_ci_state
AS 'MODULE_PATHNAME', 'ratio_ci_state_combine'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ratio_ci_state_combine(@extschema@.ratio_ci_state, @extschema@.ratio_ci_state) IS
'Combine function of engagement_rate_ci and transition function of rollup(ratio_ci_state): adds counts and exact sums (bit-identical in any order); different confidence levels raise 22023. Example: ratio_ci_state_combine(''(1,5,100,25,500,10000)'', ''(1,1,50,1,50,2500)'') = ''(2,6,150,26,550,12500)''.';

CREATE FUNCTION @extschema@.ratio_ci_state_inv(@extschema@.ratio_ci_state, @extschema@.ratio_ci_state)
RETURNS @extschema@.ratio_ci_state
AS 'MODULE_PATHNAME', 'ratio_ci_state_inv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ratio_ci_state_inv(@extschema@.ratio_ci_state, @extschema@.ratio_ci_state) IS
'Inverse transition function of rollup(ratio_ci_state) (window frames over daily states): subtracts a state added before, exactly. Example: ratio_ci_state_inv(''(2,6,150,26,550,12500)'', ''(1,1,50,1,50,2500)'') = ''(1,5,100,25,500,10000)''.';

CREATE FUNCTION @extschema@.engagement_rate_ci_finalfn(@extschema@.ratio_ci_state)
RETURNS pg_catalog.float8[]
AS 'MODULE_PATHNAME', 'engagement_rate_ci_finalfn'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.engagement_rate_ci_finalfn(@extschema@.ratio_ci_state) IS
'Final function of engagement_rate_ci: {low, high} = R -/+ t(n-1) * SE at the state''s confidence level (0.95 when none); NULL when n < 2. Example: engagement_rate_ci_finalfn(''(3,6,300,14,600,30000)'').';

CREATE AGGREGATE @extschema@.engagement_rate_ci(engagements pg_catalog.int8, denominator pg_catalog.int8) (
	SFUNC = @extschema@.engagement_rate_ci_int8_transfn,
	STYPE = @extschema@.ratio_ci_state,
	INITCOND = '(0,0,0,0,0,0)',
	FINALFUNC = @extschema@.engagement_rate_ci_finalfn,
	FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = @extschema@.ratio_ci_state_combine,
	MSFUNC = @extschema@.engagement_rate_ci_int8_transfn,
	MINVFUNC = @extschema@.engagement_rate_ci_int8_inv,
	MSTYPE = @extschema@.ratio_ci_state,
	MINITCOND = '(0,0,0,0,0,0)',
	MFINALFUNC = @extschema@.engagement_rate_ci_finalfn,
	MFINALFUNC_MODIFY = READ_ONLY,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.engagement_rate_ci(pg_catalog.int8, pg_catalog.int8) IS
'Confidence interval {low, high} (fractions) of the engagement rate as a ratio of sums R = sum(e) / sum(d), over the n rows with both inputs non-NULL and d > 0, with the linearized ratio-estimator variance over posts SE^2 = sum (e_i - R d_i)^2 / (n (n - 1) dbar^2), dbar = sum(d) / n, and Student t with n - 1 degrees of freedom; confidence 0.95. NULL when n < 2. Exact sums: serial, parallel, window and rolled-up results are bit-identical. Example: SELECT account, engagement_rate_ci(engagements, impressions) FROM posts GROUP BY account.';

CREATE AGGREGATE @extschema@.engagement_rate_ci(engagements pg_catalog.int8, denominator pg_catalog.int8, confidence pg_catalog.float8) (
	SFUNC = @extschema@.engagement_rate_ci_int8_transfn,
	STYPE = @extschema@.ratio_ci_state,
	INITCOND = '(0,0,0,0,0,0)',
	FINALFUNC = @extschema@.engagement_rate_ci_finalfn,
	FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = @extschema@.ratio_ci_state_combine,
	MSFUNC = @extschema@.engagement_rate_ci_int8_transfn,
	MINVFUNC = @extschema@.engagement_rate_ci_int8_inv,
	MSTYPE = @extschema@.ratio_ci_state,
	MINITCOND = '(0,0,0,0,0,0)',
	MFINALFUNC = @extschema@.engagement_rate_ci_finalfn,
	MFINALFUNC_MODIFY = READ_ONLY,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.engagement_rate_ci(pg_catalog.int8, pg_catalog.int8, pg_catalog.float8) IS
'Confidence interval {low, high} (fractions) of the engagement rate as a ratio of sums R = sum(e) / sum(d), over the n rows with both inputs non-NULL and d > 0, with the linearized ratio-estimator variance over posts SE^2 = sum (e_i - R d_i)^2 / (n (n - 1) dbar^2), dbar = sum(d) / n, and Student t with n - 1 degrees of freedom; confidence as given (in (0, 1), else 22003; the same for every row, else 22023). NULL when n < 2. Exact sums: serial, parallel, window and rolled-up results are bit-identical. Example: SELECT account, engagement_rate_ci(engagements, impressions, 0.9) FROM posts GROUP BY account.';

CREATE AGGREGATE @extschema@.engagement_rate_ci(engagements pg_catalog.float8, denominator pg_catalog.float8) (
	SFUNC = @extschema@.engagement_rate_ci_float8_transfn,
	STYPE = @extschema@.ratio_ci_state,
	INITCOND = '(0,0,0,0,0,0)',
	FINALFUNC = @extschema@.engagement_rate_ci_finalfn,
	FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = @extschema@.ratio_ci_state_combine,
	MSFUNC = @extschema@.engagement_rate_ci_float8_transfn,
	MINVFUNC = @extschema@.engagement_rate_ci_float8_inv,
	MSTYPE = @extschema@.ratio_ci_state,
	MINITCOND = '(0,0,0,0,0,0)',
	MFINALFUNC = @extschema@.engagement_rate_ci_finalfn,
	MFINALFUNC_MODIFY = READ_ONLY,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.engagement_rate_ci(pg_catalog.float8, pg_catalog.float8) IS
'Confidence interval {low, high} (fractions) of the engagement rate as a ratio of sums R = sum(e) / sum(d), over the n rows with both inputs non-NULL and d > 0, with the linearized ratio-estimator variance over posts SE^2 = sum (e_i - R d_i)^2 / (n (n - 1) dbar^2), dbar = sum(d) / n, and Student t with n - 1 degrees of freedom; confidence 0.95. NULL when n < 2. Exact sums: serial, parallel, window and rolled-up results are bit-identical. NaN/Infinity raise 22023. Example: SELECT account, engagement_rate_ci(engagements, impressions) FROM posts GROUP BY account.';

CREATE AGGREGATE @extschema@.engagement_rate_ci(engagements pg_catalog.float8, denominator pg_catalog.float8, confidence pg_catalog.float8) (
	SFUNC = @extschema@.engagement_rate_ci_float8_transfn,
	STYPE = @extschema@.ratio_ci_state,
	INITCOND = '(0,0,0,0,0,0)',
	FINALFUNC = @extschema@.engagement_rate_ci_finalfn,
	FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = @extschema@.ratio_ci_state_combine,
	MSFUNC = @extschema@.engagement_rate_ci_float8_transfn,
	MINVFUNC = @extschema@.engagement_rate_ci_float8_inv,
	MSTYPE = @extschema@.ratio_ci_state,
	MINITCOND = '(0,0,0,0,0,0)',
	MFINALFUNC = @extschema@.engagement_rate_ci_finalfn,
	MFINALFUNC_MODIFY = READ_ONLY,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.engagement_rate_ci(pg_catalog.float8, pg_catalog.float8, pg_catalog.float8) IS
'Confidence interval {low, high} (fractions) of the engagement rate as a ratio of sums R = sum(e) / sum(d), over the n rows with both inputs non-NULL and d > 0, with the linearized ratio-estimator variance over posts SE^2 = sum (e_i - R d_i)^2 / (n (n - 1) dbar^2), dbar = sum(d) / n, and Student t with n - 1 degrees of freedom; confidence as given (in (0, 1), else 22003; the same for every row, else 22023). NULL when n < 2. Exact sums: serial, parallel, window and rolled-up results are bit-identical. NaN/Infinity raise 22023. Example: SELECT account, engagement_rate_ci(engagements, impressions, 0.9) FROM posts GROUP BY account.';

CREATE AGGREGATE @extschema@.engagement_rate_ci_state(engagements pg_catalog.int8, denominator pg_catalog.int8) (
	SFUNC = @extschema@.engagement_rate_ci_int8_transfn,
	STYPE = @extschema@.ratio_ci_state,
	INITCOND = '(0,0,0,0,0,0)',
	COMBINEFUNC = @extschema@.ratio_ci_state_combine,
	MSFUNC = @extschema@.engagement_rate_ci_int8_transfn,
	MINVFUNC = @extschema@.engagement_rate_ci_int8_inv,
	MSTYPE = @extschema@.ratio_ci_state,
	MINITCOND = '(0,0,0,0,0,0)',
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.engagement_rate_ci_state(pg_catalog.int8, pg_catalog.int8) IS
'The storable state of engagement_rate_ci (ratio_ci_state): keep it per day in a materialized view, merge days with rollup(), read it with engagement_rate(state), engagement_rate_ci(state [, confidence]), engagement_rate_se(state) and engagement_rate_change_test(a, b). Rows as engagement_rate_ci; no rows give the empty state ''(0,0,0,0,0,0)''. Example: SELECT day, engagement_rate_ci_state(engagements, impressions) FROM posts GROUP BY day.';

CREATE AGGREGATE @extschema@.engagement_rate_ci_state(engagements pg_catalog.float8, denominator pg_catalog.float8) (
	SFUNC = @extschema@.engagement_rate_ci_float8_transfn,
	STYPE = @extschema@.ratio_ci_state,
	INITCOND = '(0,0,0,0,0,0)',
	COMBINEFUNC = @extschema@.ratio_ci_state_combine,
	MSFUNC = @extschema@.engagement_rate_ci_float8_transfn,
	MINVFUNC = @extschema@.engagement_rate_ci_float8_inv,
	MSTYPE = @extschema@.ratio_ci_state,
	MINITCOND = '(0,0,0,0,0,0)',
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.engagement_rate_ci_state(pg_catalog.float8, pg_catalog.float8) IS
'The storable state of engagement_rate_ci (ratio_ci_state): keep it per day in a materialized view, merge days with rollup(), read it with engagement_rate(state), engagement_rate_ci(state [, confidence]), engagement_rate_se(state) and engagement_rate_change_test(a, b). Rows as engagement_rate_ci; no rows give the empty state ''(0,0,0,0,0,0)''. Example: SELECT day, engagement_rate_ci_state(engagements, impressions) FROM posts GROUP BY day.';

CREATE AGGREGATE @extschema@.rollup(state @extschema@.ratio_ci_state) (
	SFUNC = @extschema@.ratio_ci_state_combine,
	STYPE = @extschema@.ratio_ci_state,
	INITCOND = '(0,0,0,0,0,0)',
	COMBINEFUNC = @extschema@.ratio_ci_state_combine,
	MSFUNC = @extschema@.ratio_ci_state_combine,
	MINVFUNC = @extschema@.ratio_ci_state_inv,
	MSTYPE = @extschema@.ratio_ci_state,
	MINITCOND = '(0,0,0,0,0,0)',
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.rollup(@extschema@.ratio_ci_state) IS
'Exact merge of engagement-rate interval states: the rollup of daily states equals the state of all their rows, byte for byte; NULL states are skipped; no rows give the empty state. Also a moving aggregate (7-day windows over daily states). Example: SELECT engagement_rate_ci(rollup(state)) FROM daily_er WHERE day >= date ''2026-04-20''.';

CREATE FUNCTION @extschema@.engagement_rate_ci(state @extschema@.ratio_ci_state, confidence pg_catalog.float8 DEFAULT 0.95)
RETURNS pg_catalog.float8[]
AS 'MODULE_PATHNAME', 'engagement_rate_ci_state_conf'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.engagement_rate_ci(@extschema@.ratio_ci_state, pg_catalog.float8) IS
'Interval {low, high} of the engagement rate from a stored ratio_ci_state (see the aggregate engagement_rate_ci); confidence in (0, 1), else 22003; NULL when the state has fewer than 2 rows. Example: SELECT engagement_rate_ci(rollup(state), 0.9) FROM daily_er.';

CREATE FUNCTION @extschema@.engagement_rate(state @extschema@.ratio_ci_state)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'engagement_rate_state_rate'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.engagement_rate(@extschema@.ratio_ci_state) IS
'The ratio of sums R = sum(e) / sum(d) of a ratio_ci_state (rows with d > 0), a fraction; NULL for an empty state. Example: engagement_rate(''(2,6,150,26,550,12500)'') = 0.04.';

CREATE FUNCTION @extschema@.engagement_rate_se(state @extschema@.ratio_ci_state)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'engagement_rate_state_se'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.engagement_rate_se(@extschema@.ratio_ci_state) IS
'Standard error of the ratio of sums of a ratio_ci_state by the linearized (delta-method) variance over rows, computed from the exact sums without cancellation; NULL for fewer than 2 rows. Example: SELECT engagement_rate_se(rollup(state)) FROM daily_er.';

CREATE FUNCTION @extschema@.engagement_rate_change_test(a @extschema@.ratio_ci_state, b @extschema@.ratio_ci_state, confidence pg_catalog.float8 DEFAULT 0.95)
RETURNS pg_catalog.float8[]
AS 'MODULE_PATHNAME', 'engagement_rate_change_test'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.engagement_rate_change_test(@extschema@.ratio_ci_state, @extschema@.ratio_ci_state, pg_catalog.float8) IS
'Change of the engagement rate from period a to period b, from stored states: {difference, low, high, p_value} with difference = R_b - R_a, SE^2 = SE_a^2 + SE_b^2 (independent periods), t interval and two-sided p-value with Welch-Satterthwaite degrees of freedom (rounded down). NULL unless both states have at least 2 rows; confidence in (0, 1), else 22003. Example: SELECT engagement_rate_change_test(baseline, this_week) FROM weekly_states.';

-- avg_engagement_rate_ci: t interval of the mean of per-post rates -----------

CREATE TYPE @extschema@.mean_ci_state;

CREATE FUNCTION @extschema@.mean_ci_state_in(pg_catalog.cstring)
RETURNS @extschema@.mean_ci_state
AS 'MODULE_PATHNAME', 'mean_ci_state_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.mean_ci_state_out(@extschema@.mean_ci_state)
RETURNS pg_catalog.cstring
AS 'MODULE_PATHNAME', 'mean_ci_state_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.mean_ci_state_recv(pg_catalog.internal)
RETURNS @extschema@.mean_ci_state
AS 'MODULE_PATHNAME', 'mean_ci_state_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.mean_ci_state_send(@extschema@.mean_ci_state)
RETURNS pg_catalog.bytea
AS 'MODULE_PATHNAME', 'mean_ci_state_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.mean_ci_state (
	INPUT = @extschema@.mean_ci_state_in,
	OUTPUT = @extschema@.mean_ci_state_out,
	RECEIVE = @extschema@.mean_ci_state_recv,
	SEND = @extschema@.mean_ci_state_send,
	INTERNALLENGTH = 80,
	ALIGNMENT = double,
	STORAGE = plain
);

COMMENT ON TYPE @extschema@.mean_ci_state IS
'State of avg_engagement_rate_ci, storable and rollup-able: the number n of rows with both inputs non-NULL and denominator > 0, and the exact sums of their rates e / d and of the squared rates. Text form ''(n,x,xx)'', e.g. ''(2,0.5,0.25)''; states built with a confidence level carry it as a 4th field.';
COMMENT ON FUNCTION @extschema@.mean_ci_state_in(pg_catalog.cstring) IS
'Text input of mean_ci_state: ''(n,x,xx)'' or ''(n,x,xx,confidence)'' in exact decimals; bad text or broken invariants raise 22P02, values beyond 2^127 22003.';
COMMENT ON FUNCTION @extschema@.mean_ci_state_out(@extschema@.mean_ci_state) IS
'Text output of mean_ci_state in exact decimals; reads back to the same bytes.';
COMMENT ON FUNCTION @extschema@.mean_ci_state_recv(pg_catalog.internal) IS
'Binary input of mean_ci_state: a version byte, n (int64), the confidence level (float8, 0 = none) and two 256-bit sums; bad bytes raise 22P03.';
COMMENT ON FUNCTION @extschema@.mean_ci_state_send(@extschema@.mean_ci_state) IS
'Binary output of mean_ci_state: a version byte (1), n, the confidence level and two 256-bit sums, big-endian.';

CREATE FUNCTION @extschema@.avg_engagement_rate_ci_int8_transfn(@extschema@.mean_ci_state, pg_catalog.int8, pg_catalog.int8)
RETURNS @extschema@.mean_ci_state
AS 'MODULE_PATHNAME', 'avg_engagement_rate_ci_int8_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.avg_engagement_rate_ci_int8_transfn(@extschema@.mean_ci_state, pg_catalog.int8, pg_catalog.int8) IS
'Transition function of avg_engagement_rate_ci (int8): adds the rate e / d of a row with d > 0 and its square, exactly; a row with a NULL input is skipped. Example: avg_engagement_rate_ci_int8_transfn(''(0,0,0)'', 1, 4) = ''(1,0.25,0.0625)''.';

CREATE FUNCTION @extschema@.avg_engagement_rate_ci_int8_transfn(@extschema@.mean_ci_state, pg_catalog.int8, pg_catalog.int8, pg_catalog.float8)
RETURNS @extschema@.mean_ci_state
AS 'MODULE_PATHNAME', 'avg_engagement_rate_ci_int8_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.avg_engagement_rate_ci_int8_transfn(@extschema@.mean_ci_state, pg_catalog.int8, pg_catalog.int8, pg_catalog.float8) IS
'Transition function of avg_engagement_rate_ci (int8): adds the rate e / d of a row with d > 0 and its square, exactly; records the confidence level (the same for every row); a row with a NULL input is skipped. Example: avg_engagement_rate_ci_int8_transfn(''(0,0,0)'', 1, 4, 0.9) = ''(1,0.25,0.0625,0.9)''.';

CREATE FUNCTION @extschema@.avg_engagement_rate_ci_int8_inv(@extschema@.mean_ci_state, pg_catalog.int8, pg_catalog.int8)
RETURNS @extschema@.mean_ci_state
AS 'MODULE_PATHNAME', 'avg_engagement_rate_ci_int8_inv'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.avg_engagement_rate_ci_int8_inv(@extschema@.mean_ci_state, pg_catalog.int8, pg_catalog.int8) IS
'Transition function of avg_engagement_rate_ci (int8): removes (moving-aggregate inverse) the rate e / d of a row with d > 0 and its square, exactly; a row with a NULL input is skipped. Example: avg_engagement_rate_ci_int8_inv(''(1,0.25,0.0625)'', 1, 4) = ''(0,0,0)''.';

CREATE FUNCTION @extschema@.avg_engagement_rate_ci_int8_inv(@extschema@.mean_ci_state, pg_catalog.int8, pg_catalog.int8, pg_catalog.float8)
RETURNS @extschema@.mean_ci_state
AS 'MODULE_PATHNAME', 'avg_engagement_rate_ci_int8_inv'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.avg_engagement_rate_ci_int8_inv(@extschema@.mean_ci_state, pg_catalog.int8, pg_catalog.int8, pg_catalog.float8) IS
'Transition function of avg_engagement_rate_ci (int8): removes (moving-aggregate inverse) the rate e / d of a row with d > 0 and its square, exactly; records the confidence level (the same for every row); a row with a NULL input is skipped. Example: avg_engagement_rate_ci_int8_inv(''(1,0.25,0.0625,0.9)'', 1, 4, 0.9) = ''(0,0,0,0.9)''.';

CREATE FUNCTION @extschema@.avg_engagement_rate_ci_float8_transfn(@extschema@.mean_ci_state, pg_catalog.float8, pg_catalog.float8)
RETURNS @extschema@.mean_ci_state
AS 'MODULE_PATHNAME', 'avg_engagement_rate_ci_float8_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.avg_engagement_rate_ci_float8_transfn(@extschema@.mean_ci_state, pg_catalog.float8, pg_catalog.float8) IS
'Transition function of avg_engagement_rate_ci (float8): adds the rate e / d of a row with d > 0 and its square, exactly; a row with a NULL input is skipped; NaN/Infinity raise 22023. Example: avg_engagement_rate_ci_float8_transfn(''(0,0,0)'', 1, 4) = ''(1,0.25,0.0625)''.';

CREATE FUNCTION @extschema@.avg_engagement_rate_ci_float8_transfn(@extschema@.mean_ci_state, pg_catalog.float8, pg_catalog.float8, pg_catalog.float8)
RETURNS @extschema@.mean_ci_state
AS 'MODULE_PATHNAME', 'avg_engagement_rate_ci_float8_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.avg_engagement_rate_ci_float8_transfn(@extschema@.mean_ci_state, pg_catalog.float8, pg_catalog.float8, pg_catalog.float8) IS
'Transition function of avg_engagement_rate_ci (float8): adds the rate e / d of a row with d > 0 and its square, exactly; records the confidence level (the same for every row); a row with a NULL input is skipped; NaN/Infinity raise 22023. Example: avg_engagement_rate_ci_float8_transfn(''(0,0,0)'', 1, 4, 0.9) = ''(1,0.25,0.0625,0.9)''.';

CREATE FUNCTION @extschema@.avg_engagement_rate_ci_float8_inv(@extschema@.mean_ci_state, pg_catalog.float8, pg_catalog.float8)
RETURNS @extschema@.mean_ci_state
AS 'MODULE_PATHNAME', 'avg_engagement_rate_ci_float8_inv'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.avg_engagement_rate_ci_float8_inv(@extschema@.mean_ci_state, pg_catalog.float8, pg_catalog.float8) IS
'Transition function of avg_engagement_rate_ci (float8): removes (moving-aggregate inverse) the rate e / d of a row with d > 0 and its square, exactly; a row with a NULL input is skipped; NaN/Infinity raise 22023. Example: avg_engagement_rate_ci_float8_inv(''(1,0.25,0.0625)'', 1, 4) = ''(0,0,0)''.';

CREATE FUNCTION @extschema@.avg_engagement_rate_ci_float8_inv(@extschema@.mean_ci_state, pg_catalog.float8, pg_catalog.float8, pg_catalog.float8)
RETURNS @extschema@.mean_ci_state
AS 'MODULE_PATHNAME', 'avg_engagement_rate_ci_float8_inv'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.avg_engagement_rate_ci_float8_inv(@extschema@.mean_ci_state, pg_catalog.float8, pg_catalog.float8, pg_catalog.float8) IS
'Transition function of avg_engagement_rate_ci (float8): removes (moving-aggregate inverse) the rate e / d of a row with d > 0 and its square, exactly; records the confidence level (the same for every row); a row with a NULL input is skipped; NaN/Infinity raise 22023. Example: avg_engagement_rate_ci_float8_inv(''(1,0.25,0.0625,0.9)'', 1, 4, 0.9) = ''(0,0,0,0.9)''.';

CREATE FUNCTION @extschema@.mean_ci_state_combine(@extschema@.mean_ci_state, @extschema@.mean_ci_state)
RETURNS @extschema@.mean_ci_state
AS 'MODULE_PATHNAME', 'mean_ci_state_combine'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.mean_ci_state_combine(@extschema@.mean_ci_state, @extschema@.mean_ci_state) IS
'Combine function of avg_engagement_rate_ci and transition function of rollup(mean_ci_state): adds counts and exact sums; different confidence levels raise 22023. Example: mean_ci_state_combine(''(1,0.25,0.0625)'', ''(1,0.5,0.25)'') = ''(2,0.75,0.3125)''.';

CREATE FUNCTION @extschema@.mean_ci_state_inv(@extschema@.mean_ci_state, @extschema@.mean_ci_state)
RETURNS @extschema@.mean_ci_state
AS 'MODULE_PATHNAME', 'mean_ci_state_inv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.mean_ci_state_inv(@extschema@.mean_ci_state, @extschema@.mean_ci_state) IS
'Inverse transition function of rollup(mean_ci_state): subtracts a state added before, exactly. Example: mean_ci_state_inv(''(2,0.75,0.3125)'', ''(1,0.5,0.25)'') = ''(1,0.25,0.0625)''.';

CREATE FUNCTION @extschema@.avg_engagement_rate_ci_finalfn(@extschema@.mean_ci_state)
RETURNS pg_catalog.float8[]
AS 'MODULE_PATHNAME', 'avg_engagement_rate_ci_finalfn'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.avg_engagement_rate_ci_finalfn(@extschema@.mean_ci_state) IS
'Final function of avg_engagement_rate_ci: {low, high} = mean -/+ t(n-1) * s / sqrt(n) at the state''s confidence level (0.95 when none); NULL when n < 2. Example: avg_engagement_rate_ci_finalfn(''(2,0.75,0.3125)'').';

CREATE AGGREGATE @extschema@.avg_engagement_rate_ci(engagements pg_catalog.int8, denominator pg_catalog.int8) (
	SFUNC = @extschema@.avg_engagement_rate_ci_int8_transfn,
	STYPE = @extschema@.mean_ci_state,
	INITCOND = '(0,0,0)',
	FINALFUNC = @extschema@.avg_engagement_rate_ci_finalfn,
	FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = @extschema@.mean_ci_state_combine,
	MSFUNC = @extschema@.avg_engagement_rate_ci_int8_transfn,
	MINVFUNC = @extschema@.avg_engagement_rate_ci_int8_inv,
	MSTYPE = @extschema@.mean_ci_state,
	MINITCOND = '(0,0,0)',
	MFINALFUNC = @extschema@.avg_engagement_rate_ci_finalfn,
	MFINALFUNC_MODIFY = READ_ONLY,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.avg_engagement_rate_ci(pg_catalog.int8, pg_catalog.int8) IS
'Student t interval {low, high} of the mean of per-post rates e / d (avg_engagement_rate) over the n rows with both inputs non-NULL and d > 0: mean -/+ t(n-1) * s / sqrt(n); confidence 0.95; NULL when n < 2. Exact sums, so the result does not depend on the plan. Example: SELECT account, avg_engagement_rate_ci(engagements, reach) FROM posts GROUP BY account.';

CREATE AGGREGATE @extschema@.avg_engagement_rate_ci(engagements pg_catalog.int8, denominator pg_catalog.int8, confidence pg_catalog.float8) (
	SFUNC = @extschema@.avg_engagement_rate_ci_int8_transfn,
	STYPE = @extschema@.mean_ci_state,
	INITCOND = '(0,0,0)',
	FINALFUNC = @extschema@.avg_engagement_rate_ci_finalfn,
	FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = @extschema@.mean_ci_state_combine,
	MSFUNC = @extschema@.avg_engagement_rate_ci_int8_transfn,
	MINVFUNC = @extschema@.avg_engagement_rate_ci_int8_inv,
	MSTYPE = @extschema@.mean_ci_state,
	MINITCOND = '(0,0,0)',
	MFINALFUNC = @extschema@.avg_engagement_rate_ci_finalfn,
	MFINALFUNC_MODIFY = READ_ONLY,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.avg_engagement_rate_ci(pg_catalog.int8, pg_catalog.int8, pg_catalog.float8) IS
'Student t interval {low, high} of the mean of per-post rates e / d (avg_engagement_rate) over the n rows with both inputs non-NULL and d > 0: mean -/+ t(n-1) * s / sqrt(n); confidence as given (in (0, 1), else 22003; the same for every row, else 22023); NULL when n < 2. Exact sums, so the result does not depend on the plan. Example: SELECT account, avg_engagement_rate_ci(engagements, reach, 0.9) FROM posts GROUP BY account.';

CREATE AGGREGATE @extschema@.avg_engagement_rate_ci(engagements pg_catalog.float8, denominator pg_catalog.float8) (
	SFUNC = @extschema@.avg_engagement_rate_ci_float8_transfn,
	STYPE = @extschema@.mean_ci_state,
	INITCOND = '(0,0,0)',
	FINALFUNC = @extschema@.avg_engagement_rate_ci_finalfn,
	FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = @extschema@.mean_ci_state_combine,
	MSFUNC = @extschema@.avg_engagement_rate_ci_float8_transfn,
	MINVFUNC = @extschema@.avg_engagement_rate_ci_float8_inv,
	MSTYPE = @extschema@.mean_ci_state,
	MINITCOND = '(0,0,0)',
	MFINALFUNC = @extschema@.avg_engagement_rate_ci_finalfn,
	MFINALFUNC_MODIFY = READ_ONLY,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.avg_engagement_rate_ci(pg_catalog.float8, pg_catalog.float8) IS
'Student t interval {low, high} of the mean of per-post rates e / d (avg_engagement_rate) over the n rows with both inputs non-NULL and d > 0: mean -/+ t(n-1) * s / sqrt(n); confidence 0.95; NULL when n < 2. Exact sums, so the result does not depend on the plan. NaN/Infinity raise 22023. Example: SELECT account, avg_engagement_rate_ci(engagements, reach) FROM posts GROUP BY account.';

CREATE AGGREGATE @extschema@.avg_engagement_rate_ci(engagements pg_catalog.float8, denominator pg_catalog.float8, confidence pg_catalog.float8) (
	SFUNC = @extschema@.avg_engagement_rate_ci_float8_transfn,
	STYPE = @extschema@.mean_ci_state,
	INITCOND = '(0,0,0)',
	FINALFUNC = @extschema@.avg_engagement_rate_ci_finalfn,
	FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = @extschema@.mean_ci_state_combine,
	MSFUNC = @extschema@.avg_engagement_rate_ci_float8_transfn,
	MINVFUNC = @extschema@.avg_engagement_rate_ci_float8_inv,
	MSTYPE = @extschema@.mean_ci_state,
	MINITCOND = '(0,0,0)',
	MFINALFUNC = @extschema@.avg_engagement_rate_ci_finalfn,
	MFINALFUNC_MODIFY = READ_ONLY,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.avg_engagement_rate_ci(pg_catalog.float8, pg_catalog.float8, pg_catalog.float8) IS
'Student t interval {low, high} of the mean of per-post rates e / d (avg_engagement_rate) over the n rows with both inputs non-NULL and d > 0: mean -/+ t(n-1) * s / sqrt(n); confidence as given (in (0, 1), else 22003; the same for every row, else 22023); NULL when n < 2. Exact sums, so the result does not depend on the plan. NaN/Infinity raise 22023. Example: SELECT account, avg_engagement_rate_ci(engagements, reach, 0.9) FROM posts GROUP BY account.';

CREATE AGGREGATE @extschema@.avg_engagement_rate_ci_state(engagements pg_catalog.int8, denominator pg_catalog.int8) (
	SFUNC = @extschema@.avg_engagement_rate_ci_int8_transfn,
	STYPE = @extschema@.mean_ci_state,
	INITCOND = '(0,0,0)',
	COMBINEFUNC = @extschema@.mean_ci_state_combine,
	MSFUNC = @extschema@.avg_engagement_rate_ci_int8_transfn,
	MINVFUNC = @extschema@.avg_engagement_rate_ci_int8_inv,
	MSTYPE = @extschema@.mean_ci_state,
	MINITCOND = '(0,0,0)',
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.avg_engagement_rate_ci_state(pg_catalog.int8, pg_catalog.int8) IS
'The storable state of avg_engagement_rate_ci (mean_ci_state), for daily materialized views; merge with rollup(), read with avg_engagement_rate_ci(state [, confidence]). No rows give ''(0,0,0)''. Example: SELECT day, avg_engagement_rate_ci_state(engagements, reach) FROM posts GROUP BY day.';

CREATE AGGREGATE @extschema@.avg_engagement_rate_ci_state(engagements pg_catalog.float8, denominator pg_catalog.float8) (
	SFUNC = @extschema@.avg_engagement_rate_ci_float8_transfn,
	STYPE = @extschema@.mean_ci_state,
	INITCOND = '(0,0,0)',
	COMBINEFUNC = @extschema@.mean_ci_state_combine,
	MSFUNC = @extschema@.avg_engagement_rate_ci_float8_transfn,
	MINVFUNC = @extschema@.avg_engagement_rate_ci_float8_inv,
	MSTYPE = @extschema@.mean_ci_state,
	MINITCOND = '(0,0,0)',
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.avg_engagement_rate_ci_state(pg_catalog.float8, pg_catalog.float8) IS
'The storable state of avg_engagement_rate_ci (mean_ci_state), for daily materialized views; merge with rollup(), read with avg_engagement_rate_ci(state [, confidence]). No rows give ''(0,0,0)''. Example: SELECT day, avg_engagement_rate_ci_state(engagements, reach) FROM posts GROUP BY day.';

CREATE AGGREGATE @extschema@.rollup(state @extschema@.mean_ci_state) (
	SFUNC = @extschema@.mean_ci_state_combine,
	STYPE = @extschema@.mean_ci_state,
	INITCOND = '(0,0,0)',
	COMBINEFUNC = @extschema@.mean_ci_state_combine,
	MSFUNC = @extschema@.mean_ci_state_combine,
	MINVFUNC = @extschema@.mean_ci_state_inv,
	MSTYPE = @extschema@.mean_ci_state,
	MINITCOND = '(0,0,0)',
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.rollup(@extschema@.mean_ci_state) IS
'Exact merge of mean-of-rates interval states (byte-identical to the state of all rows); NULL states skipped; also a moving aggregate. Example: SELECT avg_engagement_rate_ci(rollup(state)) FROM daily_mean.';

CREATE FUNCTION @extschema@.avg_engagement_rate_ci(state @extschema@.mean_ci_state, confidence pg_catalog.float8 DEFAULT 0.95)
RETURNS pg_catalog.float8[]
AS 'MODULE_PATHNAME', 'avg_engagement_rate_ci_state_conf'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.avg_engagement_rate_ci(@extschema@.mean_ci_state, pg_catalog.float8) IS
't interval {low, high} of the mean of per-post rates from a stored mean_ci_state; confidence in (0, 1), else 22003; NULL for fewer than 2 rows. Example: SELECT avg_engagement_rate_ci(rollup(state), 0.9) FROM daily_mean.';

-- proportions: Wilson interval and two-period change test --------------------

CREATE FUNCTION @extschema@.wilson_interval(successes pg_catalog.int8, trials pg_catalog.int8, confidence pg_catalog.float8 DEFAULT 0.95)
RETURNS pg_catalog.float8[]
AS 'MODULE_PATHNAME', 'wilson_interval'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.wilson_interval(pg_catalog.int8, pg_catalog.int8, pg_catalog.float8) IS
'Wilson score interval {low, high} of the proportion successes / trials (fractions in [0, 1]); the normal quantile is Wichura''s AS 241. NULL when trials <= 0; successes < 0 or > trials raise 22023; confidence outside (0, 1) raises 22003. Fits share of voice by count, response rate, unanswered share, SLA attainment. Example: wilson_interval(12, 50) = {0.1429..., 0.3767...}.';

CREATE FUNCTION @extschema@.proportion_change_test(s1 pg_catalog.int8, n1 pg_catalog.int8, s2 pg_catalog.int8, n2 pg_catalog.int8, confidence pg_catalog.float8 DEFAULT 0.95)
RETURNS pg_catalog.float8[]
AS 'MODULE_PATHNAME', 'proportion_change_test'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.proportion_change_test(pg_catalog.int8, pg_catalog.int8, pg_catalog.int8, pg_catalog.int8, pg_catalog.float8) IS
'Change of a proportion from period 1 (s1 of n1) to period 2 (s2 of n2): {difference, low, high, p_value} with difference = s2/n2 - s1/n1, Newcombe''s hybrid score interval (from the two Wilson intervals) and the two-sided p-value of the pooled two-proportion z-test. NULL when n1 or n2 <= 0; counts outside [0, n] raise 22023; confidence outside (0, 1) raises 22003. Example: proportion_change_test(120, 1000, 90, 1000) -> difference -0.03, p_value 0.029.';
