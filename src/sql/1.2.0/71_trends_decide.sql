
-- ---------------------------------------------------------------------------
-- 71: decisions: when to post, what works (src/trends_lift.c,
--     src/trends_window.c, src/trends_decide.c), doc/trends.md
-- ---------------------------------------------------------------------------
-- One named, fixed-length state type:
--   ratio_lift_state  two ratio_ci_state halves (treated rows, other rows)
--                     and the confidence level
-- Labels as in 70: I/O, combine, final and scalar functions are IMMUTABLE
-- STRICT PARALLEL SAFE; transition and inverse functions IMMUTABLE PARALLEL
-- SAFE and not STRICT (they skip rows with a NULL input themselves).  The
-- window functions p_adjust and engagement_rate_shrunk are IMMUTABLE
-- PARALLEL SAFE (their result depends only on the rows of the partition)
-- and not STRICT (a NULL row stays NULL while the others are computed).

-- p_adjust: multiple-testing adjustment -----------------------------------

CREATE FUNCTION @extschema@.p_adjust(p pg_catalog.float8, method pg_catalog.text DEFAULT 'holm')
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'p_adjust'
LANGUAGE C IMMUTABLE WINDOW PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.p_adjust(pg_catalog.float8, pg_catalog.text) IS
'Window function: the p-value of the current row adjusted for the comparisons of its whole partition (whatever the frame), by ''holm'' (the default; controls the family-wise error rate), ''bh'' (Benjamini-Hochberg; the false discovery rate) or ''bonferroni''; equals statsmodels multipletests. NULL p-values are left out of the count and stay NULL; tied p-values get the same adjusted value. A p outside [0, 1] raises 22003, an unknown method 22023; the method must be the same on every row of a partition. Example: SELECT tag, p, p_adjust(p) OVER () FROM tag_tests;';

-- engagement_rate_lift: the lift of treated posts over the others ----------

CREATE TYPE @extschema@.ratio_lift_state;

CREATE FUNCTION @extschema@.ratio_lift_state_in(pg_catalog.cstring)
RETURNS @extschema@.ratio_lift_state
AS 'MODULE_PATHNAME', 'ratio_lift_state_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.ratio_lift_state_out(@extschema@.ratio_lift_state)
RETURNS pg_catalog.cstring
AS 'MODULE_PATHNAME', 'ratio_lift_state_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.ratio_lift_state_recv(pg_catalog.internal)
RETURNS @extschema@.ratio_lift_state
AS 'MODULE_PATHNAME', 'ratio_lift_state_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.ratio_lift_state_send(@extschema@.ratio_lift_state)
RETURNS pg_catalog.bytea
AS 'MODULE_PATHNAME', 'ratio_lift_state_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.ratio_lift_state (
	INPUT = @extschema@.ratio_lift_state_in,
	OUTPUT = @extschema@.ratio_lift_state_out,
	RECEIVE = @extschema@.ratio_lift_state_recv,
	SEND = @extschema@.ratio_lift_state_send,
	INTERNALLENGTH = 344,
	ALIGNMENT = double,
	STORAGE = plain
);

COMMENT ON TYPE @extschema@.ratio_lift_state IS
'State of engagement_rate_lift, storable and rollup-able: two halves in the form of ratio_ci_state, the treated rows then the other rows (each n and the exact sums of e, d, e^2, e*d and d^2 over rows with d > 0), so serial, parallel and rolled-up states have the same bytes. Text form ''((n,e,d,ee,ed,dd),(n,e,d,ee,ed,dd))'', e.g. ''((2,5,300,13,800,50000),(0,0,0,0,0,0))''; states built with a confidence level carry it as a last field.';
COMMENT ON FUNCTION @extschema@.ratio_lift_state_in(pg_catalog.cstring) IS
'Text input of ratio_lift_state: ''((n,e,d,ee,ed,dd),(n,e,d,ee,ed,dd))'' or with '',confidence'' before the last parenthesis, in exact decimals; bad text or broken invariants raise 22P02, values beyond 2^127 22003.';
COMMENT ON FUNCTION @extschema@.ratio_lift_state_out(@extschema@.ratio_lift_state) IS
'Text output of ratio_lift_state in exact decimals, treated half first; reads back to the same bytes.';
COMMENT ON FUNCTION @extschema@.ratio_lift_state_recv(pg_catalog.internal) IS
'Binary input of ratio_lift_state: a version byte, the confidence level (float8, 0 = none), then per half n (int64) and five 256-bit sums; bad bytes raise 22P03.';
COMMENT ON FUNCTION @extschema@.ratio_lift_state_send(@extschema@.ratio_lift_state) IS
'Binary output of ratio_lift_state: a version byte (1), the confidence level, then per half (treated, other) n and five 256-bit two''s-complement sums, big-endian.';

CREATE FUNCTION @extschema@.engagement_rate_lift_int8_transfn(@extschema@.ratio_lift_state, pg_catalog.int8, pg_catalog.int8, pg_catalog.bool)
RETURNS @extschema@.ratio_lift_state
AS 'MODULE_PATHNAME', 'engagement_rate_lift_int8_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.engagement_rate_lift_int8_transfn(@extschema@.ratio_lift_state, pg_catalog.int8, pg_catalog.int8, pg_catalog.bool) IS
'Transition function of engagement_rate_lift and engagement_rate_lift_state (int8): adds the row (e, d) to the treated or the other half when d > 0, exactly; a row with a NULL input is skipped; sums beyond 2^127 raise 22003. Example: engagement_rate_lift_int8_transfn(''((0,0,0,0,0,0),(0,0,0,0,0,0))'', 5, 100, true).';

CREATE FUNCTION @extschema@.engagement_rate_lift_int8_inv(@extschema@.ratio_lift_state, pg_catalog.int8, pg_catalog.int8, pg_catalog.bool)
RETURNS @extschema@.ratio_lift_state
AS 'MODULE_PATHNAME', 'engagement_rate_lift_int8_inv'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.engagement_rate_lift_int8_inv(@extschema@.ratio_lift_state, pg_catalog.int8, pg_catalog.int8, pg_catalog.bool) IS
'Inverse transition function of engagement_rate_lift and engagement_rate_lift_state (int8): removes (moving-aggregate inverse) the row (e, d) to the treated or the other half when d > 0, exactly; a row with a NULL input is skipped; sums beyond 2^127 raise 22003. Example: engagement_rate_lift_int8_inv(''((0,0,0,0,0,0),(0,0,0,0,0,0))'', 5, 100, true).';

CREATE FUNCTION @extschema@.engagement_rate_lift_int8_transfn(@extschema@.ratio_lift_state, pg_catalog.int8, pg_catalog.int8, pg_catalog.bool, pg_catalog.float8)
RETURNS @extschema@.ratio_lift_state
AS 'MODULE_PATHNAME', 'engagement_rate_lift_int8_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.engagement_rate_lift_int8_transfn(@extschema@.ratio_lift_state, pg_catalog.int8, pg_catalog.int8, pg_catalog.bool, pg_catalog.float8) IS
'Transition function of engagement_rate_lift and engagement_rate_lift_state (int8): adds the row (e, d) to the treated or the other half when d > 0, exactly and records the confidence level (the same for every row, in (0, 1): else 22023/22003); a row with a NULL input is skipped; sums beyond 2^127 raise 22003. Example: engagement_rate_lift_int8_transfn(''((0,0,0,0,0,0),(0,0,0,0,0,0))'', 5, 100, true, 0.9).';

CREATE FUNCTION @extschema@.engagement_rate_lift_int8_inv(@extschema@.ratio_lift_state, pg_catalog.int8, pg_catalog.int8, pg_catalog.bool, pg_catalog.float8)
RETURNS @extschema@.ratio_lift_state
AS 'MODULE_PATHNAME', 'engagement_rate_lift_int8_inv'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.engagement_rate_lift_int8_inv(@extschema@.ratio_lift_state, pg_catalog.int8, pg_catalog.int8, pg_catalog.bool, pg_catalog.float8) IS
'Inverse transition function of engagement_rate_lift and engagement_rate_lift_state (int8): removes (moving-aggregate inverse) the row (e, d) to the treated or the other half when d > 0, exactly and records the confidence level (the same for every row, in (0, 1): else 22023/22003); a row with a NULL input is skipped; sums beyond 2^127 raise 22003. Example: engagement_rate_lift_int8_inv(''((0,0,0,0,0,0),(0,0,0,0,0,0))'', 5, 100, true, 0.9).';

CREATE FUNCTION @extschema@.engagement_rate_lift_float8_transfn(@extschema@.ratio_lift_state, pg_catalog.float8, pg_catalog.float8, pg_catalog.bool)
RETURNS @extschema@.ratio_lift_state
AS 'MODULE_PATHNAME', 'engagement_rate_lift_float8_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.engagement_rate_lift_float8_transfn(@extschema@.ratio_lift_state, pg_catalog.float8, pg_catalog.float8, pg_catalog.bool) IS
'Transition function of engagement_rate_lift and engagement_rate_lift_state (float8): adds the row (e, d) to the treated or the other half when d > 0, exactly; a row with a NULL input is skipped; NaN/Infinity raise 22023; sums beyond 2^127 raise 22003. Example: engagement_rate_lift_float8_transfn(''((0,0,0,0,0,0),(0,0,0,0,0,0))'', 5, 100, true).';

CREATE FUNCTION @extschema@.engagement_rate_lift_float8_inv(@extschema@.ratio_lift_state, pg_catalog.float8, pg_catalog.float8, pg_catalog.bool)
RETURNS @extschema@.ratio_lift_state
AS 'MODULE_PATHNAME', 'engagement_rate_lift_float8_inv'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.engagement_rate_lift_float8_inv(@extschema@.ratio_lift_state, pg_catalog.float8, pg_catalog.float8, pg_catalog.bool) IS
'Inverse transition function of engagement_rate_lift and engagement_rate_lift_state (float8): removes (moving-aggregate inverse) the row (e, d) to the treated or the other half when d > 0, exactly; a row with a NULL input is skipped; NaN/Infinity raise 22023; sums beyond 2^127 raise 22003. Example: engagement_rate_lift_float8_inv(''((0,0,0,0,0,0),(0,0,0,0,0,0))'', 5, 100, true).';

CREATE FUNCTION @extschema@.engagement_rate_lift_float8_transfn(@extschema@.ratio_lift_state, pg_catalog.float8, pg_catalog.float8, pg_catalog.bool, pg_catalog.float8)
RETURNS @extschema@.ratio_lift_state
AS 'MODULE_PATHNAME', 'engagement_rate_lift_float8_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.engagement_rate_lift_float8_transfn(@extschema@.ratio_lift_state, pg_catalog.float8, pg_catalog.float8, pg_catalog.bool, pg_catalog.float8) IS
'Transition function of engagement_rate_lift and engagement_rate_lift_state (float8): adds the row (e, d) to the treated or the other half when d > 0, exactly and records the confidence level (the same for every row, in (0, 1): else 22023/22003); a row with a NULL input is skipped; NaN/Infinity raise 22023; sums beyond 2^127 raise 22003. Example: engagement_rate_lift_float8_transfn(''((0,0,0,0,0,0),(0,0,0,0,0,0))'', 5, 100, true, 0.9).';

CREATE FUNCTION @extschema@.engagement_rate_lift_float8_inv(@extschema@.ratio_lift_state, pg_catalog.float8, pg_catalog.float8, pg_catalog.bool, pg_catalog.float8)
RETURNS @extschema@.ratio_lift_state
AS 'MODULE_PATHNAME', 'engagement_rate_lift_float8_inv'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.engagement_rate_lift_float8_inv(@extschema@.ratio_lift_state, pg_catalog.float8, pg_catalog.float8, pg_catalog.bool, pg_catalog.float8) IS
'Inverse transition function of engagement_rate_lift and engagement_rate_lift_state (float8): removes (moving-aggregate inverse) the row (e, d) to the treated or the other half when d > 0, exactly and records the confidence level (the same for every row, in (0, 1): else 22023/22003); a row with a NULL input is skipped; NaN/Infinity raise 22023; sums beyond 2^127 raise 22003. Example: engagement_rate_lift_float8_inv(''((0,0,0,0,0,0),(0,0,0,0,0,0))'', 5, 100, true, 0.9).';

CREATE FUNCTION @extschema@.ratio_lift_state_combine(@extschema@.ratio_lift_state, @extschema@.ratio_lift_state)
RETURNS @extschema@.ratio_lift_state
AS 'MODULE_PATHNAME', 'ratio_lift_state_combine'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ratio_lift_state_combine(@extschema@.ratio_lift_state, @extschema@.ratio_lift_state) IS
'Combine function of engagement_rate_lift (parallel query, Citus) and transition function of rollup(ratio_lift_state): adds both halves exactly; a NULL state is skipped; states of different confidence levels raise 22023.';

CREATE FUNCTION @extschema@.ratio_lift_state_inv(@extschema@.ratio_lift_state, @extschema@.ratio_lift_state)
RETURNS @extschema@.ratio_lift_state
AS 'MODULE_PATHNAME', 'ratio_lift_state_inv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ratio_lift_state_inv(@extschema@.ratio_lift_state, @extschema@.ratio_lift_state) IS
'Inverse of rollup(ratio_lift_state) over a moving window frame: removes a state added before, exactly; a NULL state is skipped.';

CREATE FUNCTION @extschema@.engagement_rate_lift_finalfn(@extschema@.ratio_lift_state)
RETURNS pg_catalog.float8[]
AS 'MODULE_PATHNAME', 'engagement_rate_lift_finalfn'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.engagement_rate_lift_finalfn(@extschema@.ratio_lift_state) IS
'Final function of engagement_rate_lift: {lift, low, high, p} at the state''s confidence level (0.95 when none was given); NULL when a group has fewer than 2 rows or a rate that is not positive.';

CREATE AGGREGATE @extschema@.engagement_rate_lift(engagements pg_catalog.int8, denominator pg_catalog.int8, treated pg_catalog.bool) (
	SFUNC = @extschema@.engagement_rate_lift_int8_transfn,
	STYPE = @extschema@.ratio_lift_state,
	INITCOND = '((0,0,0,0,0,0),(0,0,0,0,0,0))',
	FINALFUNC = @extschema@.engagement_rate_lift_finalfn,
	FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = @extschema@.ratio_lift_state_combine,
	MSFUNC = @extschema@.engagement_rate_lift_int8_transfn,
	MINVFUNC = @extschema@.engagement_rate_lift_int8_inv,
	MSTYPE = @extschema@.ratio_lift_state,
	MINITCOND = '((0,0,0,0,0,0),(0,0,0,0,0,0))',
	MFINALFUNC = @extschema@.engagement_rate_lift_finalfn,
	MFINALFUNC_MODIFY = READ_ONLY,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.engagement_rate_lift(pg_catalog.int8, pg_catalog.int8, pg_catalog.bool) IS
'The lift of the engagement rate of the treated posts over the other posts, {lift, low, high, p}: R1 and R0 are the ratio-of-sums rates sum(e)/sum(d) of the rows with treated true and false (rows with e, d and treated non-NULL and d > 0), lift = R1/R0 - 1, the interval exp(log(R1/R0) -+ t sqrt(v1 + v0)) - 1 with v = SE^2/R^2 from the engagement_rate_ci formula in each group, p two-sided for no lift; t and p with Welch-Satterthwaite degrees of freedom (not rounded), 95 %. NULL when either group has fewer than 2 rows or a rate that is not positive. Example: SELECT tag, engagement_rate_lift(likes, impressions, tag = ANY(tags)) FROM posts, unnest(...) tag GROUP BY tag;';


CREATE AGGREGATE @extschema@.engagement_rate_lift(engagements pg_catalog.int8, denominator pg_catalog.int8, treated pg_catalog.bool, confidence pg_catalog.float8) (
	SFUNC = @extschema@.engagement_rate_lift_int8_transfn,
	STYPE = @extschema@.ratio_lift_state,
	INITCOND = '((0,0,0,0,0,0),(0,0,0,0,0,0))',
	FINALFUNC = @extschema@.engagement_rate_lift_finalfn,
	FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = @extschema@.ratio_lift_state_combine,
	MSFUNC = @extschema@.engagement_rate_lift_int8_transfn,
	MINVFUNC = @extschema@.engagement_rate_lift_int8_inv,
	MSTYPE = @extschema@.ratio_lift_state,
	MINITCOND = '((0,0,0,0,0,0),(0,0,0,0,0,0))',
	MFINALFUNC = @extschema@.engagement_rate_lift_finalfn,
	MFINALFUNC_MODIFY = READ_ONLY,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.engagement_rate_lift(pg_catalog.int8, pg_catalog.int8, pg_catalog.bool, pg_catalog.float8) IS
'The lift of the engagement rate of the treated posts over the other posts, {lift, low, high, p}: R1 and R0 are the ratio-of-sums rates sum(e)/sum(d) of the rows with treated true and false (rows with e, d and treated non-NULL and d > 0), lift = R1/R0 - 1, the interval exp(log(R1/R0) -+ t sqrt(v1 + v0)) - 1 with v = SE^2/R^2 from the engagement_rate_ci formula in each group, p two-sided for no lift; t and p with Welch-Satterthwaite degrees of freedom (not rounded), at the given confidence level (a constant in (0, 1)). NULL when either group has fewer than 2 rows or a rate that is not positive. Example: SELECT tag, engagement_rate_lift(likes, impressions, tag = ANY(tags), 0.9) FROM posts, unnest(...) tag GROUP BY tag;';


CREATE AGGREGATE @extschema@.engagement_rate_lift_state(engagements pg_catalog.int8, denominator pg_catalog.int8, treated pg_catalog.bool) (
	SFUNC = @extschema@.engagement_rate_lift_int8_transfn,
	STYPE = @extschema@.ratio_lift_state,
	INITCOND = '((0,0,0,0,0,0),(0,0,0,0,0,0))',
	COMBINEFUNC = @extschema@.ratio_lift_state_combine,
	MSFUNC = @extschema@.engagement_rate_lift_int8_transfn,
	MINVFUNC = @extschema@.engagement_rate_lift_int8_inv,
	MSTYPE = @extschema@.ratio_lift_state,
	MINITCOND = '((0,0,0,0,0,0),(0,0,0,0,0,0))',
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.engagement_rate_lift_state(pg_catalog.int8, pg_catalog.int8, pg_catalog.bool) IS
'The ratio_lift_state of engagement_rate_lift, to store (a daily or weekly materialized view) and read later with engagement_rate_lift(state) or merge with rollup(). Example: SELECT day, engagement_rate_lift_state(likes, impressions, kind = ''video'') FROM posts GROUP BY day;';


CREATE AGGREGATE @extschema@.engagement_rate_lift(engagements pg_catalog.float8, denominator pg_catalog.float8, treated pg_catalog.bool) (
	SFUNC = @extschema@.engagement_rate_lift_float8_transfn,
	STYPE = @extschema@.ratio_lift_state,
	INITCOND = '((0,0,0,0,0,0),(0,0,0,0,0,0))',
	FINALFUNC = @extschema@.engagement_rate_lift_finalfn,
	FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = @extschema@.ratio_lift_state_combine,
	MSFUNC = @extschema@.engagement_rate_lift_float8_transfn,
	MINVFUNC = @extschema@.engagement_rate_lift_float8_inv,
	MSTYPE = @extschema@.ratio_lift_state,
	MINITCOND = '((0,0,0,0,0,0),(0,0,0,0,0,0))',
	MFINALFUNC = @extschema@.engagement_rate_lift_finalfn,
	MFINALFUNC_MODIFY = READ_ONLY,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.engagement_rate_lift(pg_catalog.float8, pg_catalog.float8, pg_catalog.bool) IS
'The lift of the engagement rate of the treated posts over the other posts, {lift, low, high, p}: R1 and R0 are the ratio-of-sums rates sum(e)/sum(d) of the rows with treated true and false (rows with e, d and treated non-NULL and d > 0), lift = R1/R0 - 1, the interval exp(log(R1/R0) -+ t sqrt(v1 + v0)) - 1 with v = SE^2/R^2 from the engagement_rate_ci formula in each group, p two-sided for no lift; t and p with Welch-Satterthwaite degrees of freedom (not rounded), 95 %. NULL when either group has fewer than 2 rows or a rate that is not positive. Example: SELECT tag, engagement_rate_lift(likes, impressions, tag = ANY(tags)) FROM posts, unnest(...) tag GROUP BY tag;';


CREATE AGGREGATE @extschema@.engagement_rate_lift(engagements pg_catalog.float8, denominator pg_catalog.float8, treated pg_catalog.bool, confidence pg_catalog.float8) (
	SFUNC = @extschema@.engagement_rate_lift_float8_transfn,
	STYPE = @extschema@.ratio_lift_state,
	INITCOND = '((0,0,0,0,0,0),(0,0,0,0,0,0))',
	FINALFUNC = @extschema@.engagement_rate_lift_finalfn,
	FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = @extschema@.ratio_lift_state_combine,
	MSFUNC = @extschema@.engagement_rate_lift_float8_transfn,
	MINVFUNC = @extschema@.engagement_rate_lift_float8_inv,
	MSTYPE = @extschema@.ratio_lift_state,
	MINITCOND = '((0,0,0,0,0,0),(0,0,0,0,0,0))',
	MFINALFUNC = @extschema@.engagement_rate_lift_finalfn,
	MFINALFUNC_MODIFY = READ_ONLY,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.engagement_rate_lift(pg_catalog.float8, pg_catalog.float8, pg_catalog.bool, pg_catalog.float8) IS
'The lift of the engagement rate of the treated posts over the other posts, {lift, low, high, p}: R1 and R0 are the ratio-of-sums rates sum(e)/sum(d) of the rows with treated true and false (rows with e, d and treated non-NULL and d > 0), lift = R1/R0 - 1, the interval exp(log(R1/R0) -+ t sqrt(v1 + v0)) - 1 with v = SE^2/R^2 from the engagement_rate_ci formula in each group, p two-sided for no lift; t and p with Welch-Satterthwaite degrees of freedom (not rounded), at the given confidence level (a constant in (0, 1)). NULL when either group has fewer than 2 rows or a rate that is not positive. Example: SELECT tag, engagement_rate_lift(likes, impressions, tag = ANY(tags), 0.9) FROM posts, unnest(...) tag GROUP BY tag;';


CREATE AGGREGATE @extschema@.engagement_rate_lift_state(engagements pg_catalog.float8, denominator pg_catalog.float8, treated pg_catalog.bool) (
	SFUNC = @extschema@.engagement_rate_lift_float8_transfn,
	STYPE = @extschema@.ratio_lift_state,
	INITCOND = '((0,0,0,0,0,0),(0,0,0,0,0,0))',
	COMBINEFUNC = @extschema@.ratio_lift_state_combine,
	MSFUNC = @extschema@.engagement_rate_lift_float8_transfn,
	MINVFUNC = @extschema@.engagement_rate_lift_float8_inv,
	MSTYPE = @extschema@.ratio_lift_state,
	MINITCOND = '((0,0,0,0,0,0),(0,0,0,0,0,0))',
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.engagement_rate_lift_state(pg_catalog.float8, pg_catalog.float8, pg_catalog.bool) IS
'The ratio_lift_state of engagement_rate_lift, to store (a daily or weekly materialized view) and read later with engagement_rate_lift(state) or merge with rollup(). Example: SELECT day, engagement_rate_lift_state(likes, impressions, kind = ''video'') FROM posts GROUP BY day;';


CREATE AGGREGATE @extschema@.rollup(state @extschema@.ratio_lift_state) (
	SFUNC = @extschema@.ratio_lift_state_combine,
	STYPE = @extschema@.ratio_lift_state,
	INITCOND = '((0,0,0,0,0,0),(0,0,0,0,0,0))',
	COMBINEFUNC = @extschema@.ratio_lift_state_combine,
	MSFUNC = @extschema@.ratio_lift_state_combine,
	MINVFUNC = @extschema@.ratio_lift_state_inv,
	MSTYPE = @extschema@.ratio_lift_state,
	MINITCOND = '((0,0,0,0,0,0),(0,0,0,0,0,0))',
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.rollup(@extschema@.ratio_lift_state) IS
'Merge of stored ratio_lift_state values, exact: the rollup of daily states equals the state of all their rows, byte for byte; also a moving aggregate over window frames. NULL states are skipped. Example: SELECT engagement_rate_lift(rollup(state)) FROM daily_lift WHERE day >= ''2026-01-01'';';

CREATE FUNCTION @extschema@.engagement_rate_lift(state @extschema@.ratio_lift_state, confidence pg_catalog.float8 DEFAULT 0.95)
RETURNS pg_catalog.float8[]
AS 'MODULE_PATHNAME', 'engagement_rate_lift_state_conf'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.engagement_rate_lift(@extschema@.ratio_lift_state, pg_catalog.float8) IS
'{lift, low, high, p} of a stored ratio_lift_state at the given confidence level (default 0.95; outside (0, 1): 22003), as the aggregate engagement_rate_lift computes it. NULL when either group has fewer than 2 rows or a rate that is not positive. Example: SELECT engagement_rate_lift(state, 0.9) FROM weekly_lift;';

CREATE FUNCTION @extschema@.lift_group(state @extschema@.ratio_lift_state, treated pg_catalog.bool)
RETURNS @extschema@.ratio_ci_state
AS 'MODULE_PATHNAME', 'engagement_rate_lift_half'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.lift_group(@extschema@.ratio_lift_state, pg_catalog.bool) IS
'One group of a ratio_lift_state as a ratio_ci_state (treated true: the treated rows; false: the others), for engagement_rate(), engagement_rate_ci() and the change tests of either group. Example: SELECT engagement_rate(lift_group(state, true)), engagement_rate(lift_group(state, false)) FROM weekly_lift;';

-- engagement_rate_shrunk: empirical-Bayes rates per slot -------------------

CREATE FUNCTION @extschema@.engagement_rate_shrunk(state @extschema@.ratio_ci_state, confidence pg_catalog.float8 DEFAULT 0.95)
RETURNS pg_catalog.float8[]
AS 'MODULE_PATHNAME', 'engagement_rate_shrunk'
LANGUAGE C IMMUTABLE WINDOW PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.engagement_rate_shrunk(@extschema@.ratio_ci_state, pg_catalog.float8) IS
'Window function over the rows of a partition (typically the per-slot ratio_ci_state values of one account): {estimate, low, high}, the row''s engagement rate shrunk toward the partition''s rate by DerSimonian-Laird empirical Bayes over the rows with n >= 2 and SE > 0: B = tau^2 / (tau^2 + SE^2), estimate = R_w + B (R - R_w), interval estimate -+ z sqrt(B) SE. A row outside the pool gets {R_w, NULL, NULL}; with fewer than 2 pooled rows, the raw rate and NULL bounds; a NULL state gives NULL. Thin slots are pulled toward the account''s rate. Example: SELECT slot, engagement_rate_shrunk(st) OVER (PARTITION BY account) FROM slot_states;';
