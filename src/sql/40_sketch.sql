
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
