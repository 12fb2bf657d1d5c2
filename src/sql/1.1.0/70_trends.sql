
-- ---------------------------------------------------------------------------
-- 70: trends and uncertainty (src/growth.c, src/ratio_ci.c, src/intervals.c,
--     src/trends_math.c), doc/design.md section 11, doc/trends.md
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
