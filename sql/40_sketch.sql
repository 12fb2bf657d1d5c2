-- quantile_sketch: every function, NULL rules, errors with SQLSTATEs,
-- window frames, text and binary round trips.
-- Oracles: hand-checked values, percentile_disc, plain SQL aggregates.

-- Errors are shown as SQLSTATE: message, DETAIL and HINT (no line numbers).
CREATE FUNCTION pg_temp.err(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	d text;
	h text;
BEGIN
	EXECUTE q;
	RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
	GET STACKED DIAGNOSTICS d = PG_EXCEPTION_DETAIL, h = PG_EXCEPTION_HINT;
	RETURN SQLSTATE || ': ' || SQLERRM
		|| CASE WHEN d <> '' THEN E'\nDETAIL: ' || d ELSE '' END
		|| CASE WHEN h <> '' THEN E'\nHINT: ' || h ELSE '' END;
END $$;

CREATE TABLE sk_t (g int, v float8);
INSERT INTO sk_t VALUES
	(1, 0), (1, 0.5), (1, 1), (1, 2), (1, 3600), (1, NULL),
	(2, 10), (2, 10), (2, 20),
	(3, NULL);

-- The text form: readable and exact (alpha, buckets per octave k, collapse
-- level, exact count/zeros/sum/extremes, bucket counts with 0*n runs).
SELECT g, quantile_sketch(v) FROM sk_t GROUP BY g ORDER BY g;

-- Exact statistics against plain SQL.
SELECT g, sketch_count(s) = n AS count_ok, sketch_sum(s) = su AS sum_ok,
	   sketch_min(s) = mi AS min_ok, sketch_max(s) = ma AS max_ok,
	   sketch_mean(s) = av AS mean_ok, round(sketch_error(s)::numeric, 6) AS alpha
FROM (SELECT g, quantile_sketch(v) s, count(v) n, sum(v) su, min(v) mi, max(v) ma, avg(v) av
	  FROM sk_t WHERE g < 3 GROUP BY g) q ORDER BY g;

-- Percentiles: rank ceil(q * n), like percentile_disc; 0 and 1 exact.
-- A value on a bucket boundary (1, 2) is off by exactly alpha: the
-- comparison allows for the rounding of that product.
SELECT q, round(approx_percentile(s, q)::numeric, 4) AS estimate, d AS percentile_disc,
	   abs(approx_percentile(s, q) - d) <= sketch_error(s) * d * (1 + 1e-12) AS within_alpha
FROM (SELECT quantile_sketch(v) s FROM sk_t WHERE g = 1) a,
	 unnest(ARRAY[0, 0.1, 0.2, 0.4, 0.41, 0.6, 0.61, 0.8, 0.81, 0.99, 1]::float8[]) q,
	 LATERAL (SELECT percentile_disc(q) WITHIN GROUP (ORDER BY v) d FROM sk_t WHERE g = 1) p
ORDER BY q;

-- approx_percentiles keeps the shape of its argument; NULL elements stay NULL.
SELECT approx_percentiles(s, '{0, 0.5, NULL, 1}') AS flat,
	   approx_percentiles(s, '{{0, 1}, {1, 0}}') AS two_d,
	   approx_percentiles(s, '[2:3]={1, 0}') AS lower_bound_2,
	   approx_percentiles(s, '{}') AS empty
FROM (SELECT quantile_sketch(v) s FROM sk_t WHERE g = 2) a;

-- One pass over many fractions equals one call per fraction.
SELECT bool_and(m.e IS NOT DISTINCT FROM approx_percentile(s, m.q)) AS same
FROM (SELECT quantile_sketch(i * 1.5) s FROM generate_series(0, 999) i) a,
	 LATERAL unnest(ARRAY(SELECT j / 300.0 FROM generate_series(0, 300) j),
					approx_percentiles(s, ARRAY(SELECT j / 300.0 FROM generate_series(0, 300) j))) m(q, e);

-- approx_rank: fraction of values whose estimate is <= x; exact at the ends.
SELECT x, approx_rank(s, x) FROM (SELECT quantile_sketch(v) s FROM sk_t WHERE g = 1) a,
	 unnest(ARRAY[-1, 0, 0.4, 0.5, 1, 1.99, 2, 3599, 3600, 'Infinity']::float8[]) x ORDER BY x;

-- approx_percentile_interval: seconds as days and time.
SELECT approx_percentile_interval(quantile_sketch(v), 1) AS max_as_interval,
	   approx_percentile_interval(quantile_sketch(v), 0) AS min_as_interval
FROM (VALUES (90061.5), (3)) t(v);

-- Interval input: stored as seconds; a day is 86400 s.
SELECT sketch_max(s) AS max_seconds, sketch_sum(s) AS sum_seconds, sketch_count(s),
	   approx_percentile_interval(s, 1)
FROM (SELECT quantile_sketch(d) s FROM (VALUES (interval '1 day 2 hours'), (interval '90 seconds'),
	  (NULL), (interval '0')) t(d)) a;

SELECT sketch_count(s), round(sketch_error(s)::numeric, 6) AS alpha, approx_percentile_interval(s, 0.5)
FROM (SELECT quantile_sketch(d, 0.001) s FROM (VALUES (interval '1 hour'), (interval '2 hours'), (NULL)) t(d)) a;

-- Sketches stored in a table, read per row; rollup skips NULL sketches.
CREATE TABLE sk_stored AS SELECT g, quantile_sketch(v) AS s FROM sk_t GROUP BY g;
SELECT g, sketch_count(s), sketch_max(s), round(approx_percentile(s, 0.5)::numeric, 3) AS p50
FROM sk_stored ORDER BY g;
SELECT sketch_count(rollup(s)), sketch_max(rollup(s)) FROM sk_stored;

-- NULL rules: aggregates over no rows or only NULLs give NULL; STRICT accessors.
SELECT quantile_sketch(v) IS NULL AS no_rows FROM sk_t WHERE false;
SELECT quantile_sketch(v) IS NULL AS only_nulls FROM sk_t WHERE g = 3;
SELECT rollup(s) IS NULL AS rollup_no_rows FROM (SELECT NULL::quantile_sketch s) t;
SELECT approx_percentile(NULL, 0.5) IS NULL AS a, approx_percentile(quantile_sketch(1.0), NULL) IS NULL AS b,
	   approx_percentiles(quantile_sketch(1.0), NULL) IS NULL AS c, approx_rank(NULL, 1) IS NULL AS d,
	   sketch_count(NULL) IS NULL AS e, sketch_error(NULL) IS NULL AS f;

-- Zero is a value; -0 counts as 0.
SELECT quantile_sketch(v) FROM (VALUES (0::float8), ('-0'::float8), (0)) t(v);
SELECT approx_percentile(quantile_sketch(v), 0.5), sketch_min(quantile_sketch(v)), sketch_mean(quantile_sketch(v))
FROM (VALUES (0::float8), (0), (7)) t(v);

-- relative_error: alpha in force is at most the request.
SELECT r, round(sketch_error(s)::numeric, 6) AS alpha, sketch_error(s) <= r AS at_most_requested
FROM unnest(ARRAY[0.0001, 0.001, 0.01, 0.02, 0.1, 0.25]::float8[]) r,
	 LATERAL (SELECT quantile_sketch(1.0, rr) s FROM (SELECT r) t(rr)) a ORDER BY r;

-- The safety net: a range too wide for 8192 buckets collapses pairs of
-- buckets; sketch_error reports the alpha in force and the estimates keep it.
WITH v AS (SELECT power(10, i / 100.0)::float8 AS x FROM generate_series(-600, 600) i),
	 s AS (SELECT quantile_sketch(x, 0.0001) AS s FROM v),
	 p AS (SELECT j / 20.0 AS q, percentile_disc(j / 20.0) WITHIN GROUP (ORDER BY x) AS d
		   FROM v, generate_series(0, 20) j GROUP BY j)
SELECT round(sketch_error(s)::numeric, 6) AS alpha_in_force,
	   substring(s::text from 'level=[0-9]+') AS level,
	   bool_and(abs(approx_percentile(s, q) - d) <= sketch_error(s) * d * (1 + 1e-12)) AS within_alpha
FROM s, p GROUP BY s::text, sketch_error(s);

-- Errors and their SQLSTATEs.
SELECT pg_temp.err($$SELECT quantile_sketch(-1.0)$$);
SELECT pg_temp.err($$SELECT quantile_sketch('NaN'::float8)$$);
SELECT pg_temp.err($$SELECT quantile_sketch('-Infinity'::float8)$$);
SELECT pg_temp.err($$SELECT quantile_sketch(interval '-5 seconds')$$);
SELECT pg_temp.err($$SELECT quantile_sketch(interval '1 month')$$);
-- Out-of-range values are printed at full precision (shortest round trip).
SELECT pg_temp.err($$SELECT approx_percentile(quantile_sketch(1.0), 1.0000000001)$$);
SELECT pg_temp.err($$SELECT quantile_sketch(-1e-300::float8)$$);
SELECT pg_temp.err($$SELECT quantile_sketch(interval '-0.000001 s')$$);
SELECT pg_temp.err($$SELECT quantile_sketch(1.0, 0.000099999999)$$);
-- Bad text input quotes at most 60 characters of the input.
SELECT pg_temp.err($$SELECT ('v1 alpha=0.01 ' || repeat('x', 1000000))::quantile_sketch$$);
-- PostgreSQL 17+ has infinite intervals: each gets its own error (not the
-- months one, although every field of an infinite interval is at its limit),
-- from every function that takes an interval.  Before 17 'infinity' is no
-- interval, so the block has nothing to check; it fails if 17+ refuses it.
DO $$
DECLARE
	q text;
	v text;
	got text;
BEGIN
	BEGIN
		PERFORM 'infinity'::interval;
	EXCEPTION WHEN invalid_datetime_format THEN
		IF current_setting('server_version_num')::int >= 170000 THEN
			RAISE EXCEPTION 'PostgreSQL 17+ refused the interval infinity';
		END IF;
		RETURN;
	END;
	FOREACH q IN ARRAY ARRAY[
		'SELECT quantile_sketch(v) FROM (VALUES (%L::interval)) t(v)',
		'SELECT quantile_sketch(v, 0.05) FROM (VALUES (%L::interval)) t(v)',
		'SELECT quantile_sketch(v) OVER (ORDER BY i ROWS 1 PRECEDING) FROM (VALUES (1, interval ''1 s''), (2, %L)) t(i, v)',
		'SELECT quantile_sketch_interval_transfn(NULL, %L::interval)',
		'SELECT quantile_sketch_interval_transfn(NULL, %L::interval, 0.05)',
		'SELECT quantile_sketch_interval_inv(NULL, %L::interval)',
		'SELECT quantile_sketch_interval_inv(NULL, %L::interval, 0.05)'] LOOP
		FOREACH v IN ARRAY ARRAY['infinity', '-infinity'] LOOP
			got := pg_temp.err(format(q, v));
			IF got IS DISTINCT FROM format(E'22023: quantile_sketch values must be finite, got interval ''%s''\nHINT: An infinite interval usually comes from an infinite timestamp upstream; filter it with WHERE isfinite(...) or FILTER.', v) THEN
				RAISE EXCEPTION '%: %', format(q, v), got;
			END IF;
		END LOOP;
	END LOOP;
END $$;
SELECT pg_temp.err($$SELECT quantile_sketch(1.0, 0.5)$$);
SELECT pg_temp.err($$SELECT quantile_sketch(1.0, 0.00001)$$);
SELECT pg_temp.err($$SELECT quantile_sketch(1.0, 'NaN')$$);
SELECT pg_temp.err($$SELECT quantile_sketch(1.0, NULL)$$);
SELECT pg_temp.err($$SELECT quantile_sketch(v, r) FROM (VALUES (1.0, 0.01), (2.0, 0.001)) t(v, r)$$);
SELECT pg_temp.err($$SELECT approx_percentile(quantile_sketch(1.0), 1.5)$$);
SELECT pg_temp.err($$SELECT approx_percentile(quantile_sketch(1.0), -0.1)$$);
SELECT pg_temp.err($$SELECT approx_percentile(quantile_sketch(1.0), 'NaN')$$);
SELECT pg_temp.err($$SELECT approx_percentiles(quantile_sketch(1.0), '{0.5, 2}')$$);
SELECT pg_temp.err($$SELECT approx_percentile_interval(quantile_sketch(1.0), 2)$$);
SELECT pg_temp.err($$SELECT approx_rank(quantile_sketch(1.0), 'NaN')$$);
SELECT pg_temp.err($$SELECT approx_percentile_interval(quantile_sketch(1e300), 1)$$);
SELECT pg_temp.err($$SELECT sketch_sum(quantile_sketch(v)) FROM (VALUES (1e308), (1e308)) t(v)$$);
SELECT pg_temp.err($$SELECT rollup(s) FROM (SELECT quantile_sketch(1.0) UNION ALL SELECT quantile_sketch(1.0, 0.001)) t(s)$$);

-- Text input: exact round trip; hostile text is rejected with 22P02.
SELECT s::text::quantile_sketch::text = s::text AS text_round_trip,
	   quantile_sketch_send(s::text::quantile_sketch) = quantile_sketch_send(s) AS same_bytes
FROM (SELECT quantile_sketch(v) s FROM sk_t) a;
SELECT quantile_sketch('v1 alpha=0.009901778953003098 k=35 level=0 count=2 zeros=0 sum=0x1.8p+1 min_positive=1 max=2 bins=1,0*34,1')
	AS function_style_cast;
SELECT approx_percentile('v1 alpha=0.009901778953003098 k=35 level=0 count=0 zeros=0 sum=0', 0.5) IS NULL AS empty_sketch_null,
	   sketch_count('v1 alpha=0.009901778953003098 k=35 level=0 count=0 zeros=0 sum=0') AS empty_count;
SELECT pg_temp.err($$SELECT ''::quantile_sketch$$);
SELECT pg_temp.err($$SELECT 'v2 alpha=0.009901778953003098 k=35 level=0 count=0 zeros=0 sum=0'::quantile_sketch$$);
SELECT pg_temp.err($$SELECT 'v1 alpha=0.01 k=35 level=0 count=0 zeros=0 sum=0'::quantile_sketch$$);
SELECT pg_temp.err($$SELECT 'v1 alpha=0.009901778953003098 k=36 level=0 count=0 zeros=0 sum=0'::quantile_sketch$$);
SELECT pg_temp.err($$SELECT 'v1 alpha=0.009901778953003098 k=35 level=0 count=1 zeros=2 sum=0'::quantile_sketch$$);
SELECT pg_temp.err($$SELECT 'v1 alpha=0.009901778953003098 k=35 level=0 count=2 zeros=0 sum=0x1.8p+1 min_positive=1 max=2 bins=1,0*33,1'::quantile_sketch$$);
SELECT pg_temp.err($$SELECT 'v1 alpha=0.009901778953003098 k=35 level=0 count=2 zeros=0 sum=0x1.8p+1 min_positive=1 max=2 bins=1,0*34,2'::quantile_sketch$$);
SELECT pg_temp.err($$SELECT 'v1 alpha=0.009901778953003098 k=35 level=0 count=2 zeros=0 sum=0x1p+9 min_positive=1 max=2 bins=1,0*34,1'::quantile_sketch$$);
SELECT pg_temp.err($$SELECT 'v1 alpha=0.009901778953003098 k=35 level=0 count=2 zeros=0 sum=0x1.8p+1 min_positive=-1 max=2 bins=1,0*34,1'::quantile_sketch$$);
SELECT pg_temp.err($$SELECT 'v1 alpha=0.009901778953003098 k=35 level=0 count=2 zeros=0 sum=0x1.8p+1 min_positive=1 max=inf bins=1,0*34,1'::quantile_sketch$$);
SELECT pg_temp.err($$SELECT 'v1 alpha=0.009901778953003098 k=35 level=1 count=2 zeros=0 sum=0x1.8p+1 min_positive=1 max=2 bins=1,0*16,1'::quantile_sketch$$);
SELECT pg_temp.err($$SELECT 'v1 alpha=0.009901778953003098 k=35 level=0 count=99999999999999999999 zeros=0 sum=0'::quantile_sketch$$);
SELECT pg_temp.err($$SELECT 'v1 alpha=0.009901778953003098 k=35 level=0 count=0 zeros=0 sum=0 trailing'::quantile_sketch$$);

-- Binary: send/recv (COPY BINARY) and the bytea twin; hostile bytes get 22P03.
SELECT quantile_sketch_from_bytea(quantile_sketch_send(s)) IS NOT NULL
	   AND quantile_sketch_send(quantile_sketch_from_bytea(quantile_sketch_send(s))) = quantile_sketch_send(s) AS bytes_round_trip
FROM (SELECT quantile_sketch(v) s FROM sk_t) a;
SELECT quantile_sketch_send(quantile_sketch(v)) FROM (VALUES (1.0), (2.0), (0.0)) t(v);
SELECT pg_temp.err($$SELECT quantile_sketch_from_bytea('\x')$$);
SELECT pg_temp.err($$SELECT quantile_sketch_from_bytea('\x02002300000000')$$);
SELECT pg_temp.err($$SELECT quantile_sketch_from_bytea('\x01012300000000')$$);
SELECT pg_temp.err($$SELECT quantile_sketch_from_bytea('\x0100230000ffffffffffffffffff7f00')$$);
SELECT pg_temp.err($$SELECT quantile_sketch_from_bytea('\x01002300000300000000000000f03f000000000000004001002101000101000b00000000000000c000')$$);
SELECT pg_temp.err($$SELECT quantile_sketch_from_bytea('\x0100230000020000000000000000f03f000000000000004001002101000101000b00000000000000c0')$$);
CREATE TABLE sk_copy (s quantile_sketch);
INSERT INTO sk_copy SELECT quantile_sketch(v) FROM sk_t GROUP BY g;
COPY sk_copy TO '/dev/null' WITH (FORMAT binary);

-- Merging: rollup of groups == one build, byte for byte; combine directly.
SELECT quantile_sketch_send(rollup(s)) = (SELECT quantile_sketch_send(quantile_sketch(v)) FROM sk_t) AS rollup_same_bytes
FROM (SELECT quantile_sketch(v) s FROM sk_t GROUP BY g) a;
SELECT quantile_sketch_combine(quantile_sketch(1.0), quantile_sketch(2.0))::text
	 = (SELECT quantile_sketch(v)::text FROM (VALUES (1.0), (2.0)) t(v)) AS combine_same;

-- Window frames: the moving aggregate (inverse transitions) gives the bytes
-- of a recomputation over each frame, for values and for rollups.
CREATE TABLE sk_w AS
SELECT i, CASE WHEN i % 13 = 0 THEN NULL WHEN i % 7 = 0 THEN 0
			   ELSE round(exp(((hashint4(i) & 65535) / 65536.0) * 12)::numeric, 3)::float8 END AS v
FROM generate_series(1, 300) i;
SELECT count(*) AS frames,
	   count(*) FILTER (WHERE quantile_sketch_send(moving) IS NOT DISTINCT FROM quantile_sketch_send(direct)) AS same_bytes
FROM (SELECT i, quantile_sketch(v) OVER (ORDER BY i ROWS BETWEEN 20 PRECEDING AND CURRENT ROW) AS moving
	  FROM sk_w) m,
	 LATERAL (SELECT quantile_sketch(v) AS direct FROM sk_w w WHERE w.i BETWEEN m.i - 20 AND m.i) d;
SELECT count(*) AS frames,
	   count(*) FILTER (WHERE quantile_sketch_send(moving) IS NOT DISTINCT FROM quantile_sketch_send(direct)) AS same_bytes
FROM (SELECT i, quantile_sketch(v * interval '1 second') OVER (ORDER BY i ROWS BETWEEN 5 PRECEDING AND 2 FOLLOWING) AS moving
	  FROM sk_w) m,
	 LATERAL (SELECT quantile_sketch(v * interval '1 second') AS direct FROM sk_w w WHERE w.i BETWEEN m.i - 5 AND m.i + 2) d;
CREATE TABLE sk_daily AS
SELECT i / 10 AS day, quantile_sketch(v) AS s FROM sk_w GROUP BY i / 10;
SELECT count(*) AS days,
	   count(*) FILTER (WHERE quantile_sketch_send(moving) IS NOT DISTINCT FROM quantile_sketch_send(direct)) AS same_bytes,
	   count(*) FILTER (WHERE round(approx_percentile(moving, 0.9)::numeric, 6) = round(approx_percentile(direct, 0.9)::numeric, 6)) AS same_p90
FROM (SELECT day, rollup(s) OVER (ORDER BY day ROWS BETWEEN 6 PRECEDING AND CURRENT ROW) AS moving
	  FROM sk_daily) m,
	 LATERAL (SELECT quantile_sketch(v) AS direct FROM sk_w WHERE i / 10 BETWEEN m.day - 6 AND m.day) d;
-- A two-argument build over a frame, and a rolling p90 read per row.
SELECT i, round(approx_percentile(quantile_sketch(v, 0.001) OVER w, 0.9)::numeric, 3) AS p90,
	   sketch_count(quantile_sketch(v, 0.001) OVER w) AS n
FROM sk_w WHERE i <= 8 WINDOW w AS (ORDER BY i ROWS BETWEEN 3 PRECEDING AND CURRENT ROW) ORDER BY i;

-- Support functions called outside an aggregate return canonical values.
SELECT quantile_sketch_transfn(NULL, 3.0)::text = quantile_sketch(3.0)::text AS transfn_direct,
	   quantile_sketch_finalfn(quantile_sketch(3.0))::text = quantile_sketch(3.0)::text AS finalfn_direct;
SELECT pg_temp.err($$SELECT quantile_sketch_inv(quantile_sketch(3.0), 3.0)$$);
SELECT pg_temp.err($$SELECT quantile_sketch_interval_inv(quantile_sketch(3.0), interval '3 s')$$);
SELECT pg_temp.err($$SELECT quantile_sketch_rollup_inv(quantile_sketch(3.0), quantile_sketch(3.0))$$);

DROP TABLE sk_t, sk_copy, sk_w, sk_daily, sk_stored;
