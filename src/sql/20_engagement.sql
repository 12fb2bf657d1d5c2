
-- ---------------------------------------------------------------------------
-- 20: engagement rate (src/engagement.c), SPEC section 2
-- ---------------------------------------------------------------------------
-- Variants: bigint and double precision.  numeric (and integer/integer)
-- arguments resolve to the double precision variant through the implicit
-- casts to float8.
-- Labels: every function is a pure function of its arguments (IMMUTABLE),
-- PARALLEL SAFE, and STRICT: a NULL input gives a NULL rate, and for the
-- transition functions a skipped row (the states have an INITCOND, so a
-- NULL numerator or denominator skips the whole pair).

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
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.engagement_rate_agg_int8_inv(@extschema@.int8_ratio_state,
	pg_catalog.int8, pg_catalog.int8)
RETURNS @extschema@.int8_ratio_state
AS 'MODULE_PATHNAME', 'engagement_rate_agg_int8_inv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.engagement_rate_agg_float8_transfn(@extschema@.float8_ratio_state,
	pg_catalog.float8, pg_catalog.float8)
RETURNS @extschema@.float8_ratio_state
AS 'MODULE_PATHNAME', 'engagement_rate_agg_float8_transfn'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.engagement_rate_agg_float8_inv(@extschema@.float8_ratio_state,
	pg_catalog.float8, pg_catalog.float8)
RETURNS @extschema@.float8_ratio_state
AS 'MODULE_PATHNAME', 'engagement_rate_agg_float8_inv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

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
COMMENT ON FUNCTION @extschema@.engagement_rate_agg_float8_transfn(@extschema@.float8_ratio_state, pg_catalog.float8, pg_catalog.float8) IS
'Transition function of engagement_rate_agg(float8, float8): adds the pair exactly when denominator >= 0; NaN/Infinity raise 22023, sums beyond 1.7e38 raise 22003. Example: engagement_rate_agg_float8_transfn(''(0,0)'', 7.5, 300) = ''(7.5,300)''.';
COMMENT ON FUNCTION @extschema@.engagement_rate_agg_float8_inv(@extschema@.float8_ratio_state, pg_catalog.float8, pg_catalog.float8) IS
'Inverse transition function of engagement_rate_agg(float8, float8) (window frames): removes a row added before, exactly. Example: engagement_rate_agg_float8_inv(''(7.5,300)'', 7.5, 300) = ''(0,0)''.';
COMMENT ON AGGREGATE @extschema@.engagement_rate_agg(pg_catalog.int8, pg_catalog.int8) IS
'Engagement rate as a ratio of sums (Rival IQ, Later style): sum(engagements) / sum(denominator) over rows where both are non-NULL and denominator >= 0 (a negative denominator is treated as missing, with its engagements). A fraction; NULL over no rows or when the denominator sum is 0. Exact bigint sums, overflow raises 22003. Example: SELECT engagement_rate_agg(interactions, reach) FROM posts GROUP BY account.';
COMMENT ON AGGREGATE @extschema@.engagement_rate_agg(pg_catalog.float8, pg_catalog.float8) IS
'Engagement rate as a ratio of sums for double precision or numeric inputs: sum(engagements) / sum(denominator) over rows where both are non-NULL and denominator >= 0. Sums are exact (fixed point, 2^-128 to 1.7e38), so serial, parallel and window results are bit-identical. NULL over no rows or when the denominator sum is 0; NaN/Infinity inputs raise 22023. Example: SELECT engagement_rate_agg(avg_interactions, avg_reach) FROM daily.';

-- avg_engagement_rate: mean of per-row rates ----------------------------------

CREATE FUNCTION @extschema@.avg_engagement_rate_int8_transfn(@extschema@.float8_mean_state,
	pg_catalog.int8, pg_catalog.int8)
RETURNS @extschema@.float8_mean_state
AS 'MODULE_PATHNAME', 'avg_engagement_rate_int8_transfn'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.avg_engagement_rate_int8_inv(@extschema@.float8_mean_state,
	pg_catalog.int8, pg_catalog.int8)
RETURNS @extschema@.float8_mean_state
AS 'MODULE_PATHNAME', 'avg_engagement_rate_int8_inv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.avg_engagement_rate_float8_transfn(@extschema@.float8_mean_state,
	pg_catalog.float8, pg_catalog.float8)
RETURNS @extschema@.float8_mean_state
AS 'MODULE_PATHNAME', 'avg_engagement_rate_float8_transfn'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.avg_engagement_rate_float8_inv(@extschema@.float8_mean_state,
	pg_catalog.float8, pg_catalog.float8)
RETURNS @extschema@.float8_mean_state
AS 'MODULE_PATHNAME', 'avg_engagement_rate_float8_inv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

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
COMMENT ON FUNCTION @extschema@.avg_engagement_rate_float8_transfn(@extschema@.float8_mean_state, pg_catalog.float8, pg_catalog.float8) IS
'Transition function of avg_engagement_rate(float8, float8): adds the rate engagements / denominator when denominator > 0; NaN/Infinity raise 22023. Example: avg_engagement_rate_float8_transfn(''(0,0)'', 1.5, 6) = ''(1,0.25)''.';
COMMENT ON FUNCTION @extschema@.avg_engagement_rate_float8_inv(@extschema@.float8_mean_state, pg_catalog.float8, pg_catalog.float8) IS
'Inverse transition function of avg_engagement_rate(float8, float8) (window frames): removes a row''s rate exactly. Example: avg_engagement_rate_float8_inv(''(1,0.25)'', 1.5, 6) = ''(0,0)''.';
COMMENT ON AGGREGATE @extschema@.avg_engagement_rate(pg_catalog.int8, pg_catalog.int8) IS
'Engagement rate as the mean of per-post rates (Iconosquare, Emplifi style): avg(engagements::float8 / denominator) over rows where both are non-NULL and denominator > 0. A fraction; NULL when no row qualifies. The sum of rates is exact, so serial, parallel and window results are bit-identical. Example: SELECT avg_engagement_rate(interactions, reach) FROM posts GROUP BY account.';
COMMENT ON AGGREGATE @extschema@.avg_engagement_rate(pg_catalog.float8, pg_catalog.float8) IS
'Engagement rate as the mean of per-post rates for double precision or numeric inputs, over rows where both are non-NULL and denominator > 0. NULL when no row qualifies; NaN/Infinity inputs raise 22023. Example: SELECT avg_engagement_rate(interactions::float8, reach) FROM posts.';
