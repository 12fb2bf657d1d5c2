#!/usr/bin/env bash
# quantile_sketch accuracy against exact percentile_disc (the rank the
# sketch targets: ceil(q * n)) on 1M-row heavy-tailed data sets:
#   lognormal  seconds, median 10 min, sigma 2, clipped to [1 s, 30 days]
#   pareto     seconds, shape 1.16 (the 80/20 law), from 1 s, clipped at 30 days
#   integers   whole seconds (ties, zeros, values on bucket boundaries)
# Every quantile of {0, .001, .01, .1, .25, .5, .75, .9, .95, .99, .999, 1}
# must be within alpha (sketch_error), relatively, and approx_rank(x) must lie
# between the exact ranks of x/(1+alpha) and x/(1-alpha).  Data come from a
# hash of the row number (deterministic).  Prints one pass/fail line per check.
set -euo pipefail

out=$(psql -qX -v ON_ERROR_STOP=1 <<'SQL'
CREATE EXTENSION social_metrics;
SET max_parallel_workers_per_gather = 0;

-- deterministic uniforms in (0, 1) from a hash of the row number
CREATE FUNCTION u01(i bigint, salt int) RETURNS float8 IMMUTABLE PARALLEL SAFE
LANGUAGE sql AS $$ SELECT ((hashint8(i * 4 + salt) & 2147483647)::float8 + 0.5) / 2147483648 $$;

CREATE TABLE acc (ds text, v float8);
INSERT INTO acc
SELECT 'lognormal', least(greatest(
		exp(ln(600) + 2.0 * sqrt(-2 * ln(u01(i, 0))) * cos(2 * pi() * u01(i, 1))), 1), 2592000)
FROM generate_series(1, 1000000) i;
INSERT INTO acc
SELECT 'pareto', least(1 / power(u01(i, 2), 1 / 1.16), 2592000)
FROM generate_series(1, 1000000) i;
INSERT INTO acc
SELECT 'integers', floor(least(exp(ln(30) + 2.5 * sqrt(-2 * ln(u01(i, 3))) * cos(2 * pi() * u01(i, 0))), 2592000))
FROM generate_series(1, 1000000) i;
ANALYZE acc;

CREATE TABLE checks (name text, pass bool);

-- sketches at the default and two other relative errors
CREATE TABLE sk AS
SELECT ds, r, s FROM (
	SELECT ds, 0.01::float8 AS r, quantile_sketch(v) AS s FROM acc GROUP BY ds
	UNION ALL SELECT ds, 0.001, quantile_sketch(v, 0.001) FROM acc GROUP BY ds
	UNION ALL SELECT ds, 0.05, quantile_sketch(v, 0.05) FROM acc GROUP BY ds) x;

WITH qs AS (SELECT ARRAY[0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1]::float8[] AS q),
exact AS (
	SELECT ds, percentile_disc((SELECT q FROM qs)) WITHIN GROUP (ORDER BY v) AS ds_exact FROM acc GROUP BY ds)
INSERT INTO checks
SELECT format('%-9s alpha=%-6s q=%-5s exact=%-12s estimate=%s', sk.ds, sk.r, q, round(d::numeric, 3),
			  round(approx_percentile(s, q)::numeric, 3)),
	   abs(approx_percentile(s, q) - d) <= sketch_error(s) * d * (1 + 1e-12)
	   AND sketch_error(s) <= sk.r
	   AND approx_percentile(s, q) = (approx_percentiles(s, (SELECT q FROM qs)))[ord]
FROM sk JOIN exact USING (ds),
	 unnest((SELECT q FROM qs), exact.ds_exact) WITH ORDINALITY AS u(q, d, ord);

-- approx_rank: exact ranks of x/(1+a) <= estimate * n <= exact rank of x/(1-a).
-- Exact counts of v <= y for all thresholds y in one pass: width_bucket(-v,
-- ascending -y) is the number of thresholds >= v.
CREATE TABLE th AS
SELECT sk.ds, sk.r, x, approx_rank(s, x) AS est, sketch_count(s) AS n,
	   x / (1 + sketch_error(s)) AS ylo, x / (1 - sketch_error(s)) AS yhi
FROM sk, unnest(ARRAY[0, 1, 10, 60, 300, 3600, 14400, 86400, 604800, 2592000]::float8[]) x;
CREATE TABLE negs AS
SELECT ds, array_agg(DISTINCT -y ORDER BY -y) AS a
FROM (SELECT ds, ylo AS y FROM th UNION ALL SELECT ds, yhi FROM th) t GROUP BY ds;
CREATE TABLE hist AS
SELECT acc.ds, width_bucket(-v, a) AS b, count(*) AS c FROM acc JOIN negs USING (ds) GROUP BY 1, 2;
INSERT INTO checks
SELECT format('%-9s alpha=%-6s rank(%s)=%s in [%s, %s]', ds, r, x, round(est::numeric, 6),
			  round(lo::numeric / n, 6), round(hi::numeric / n, 6)),
	   est * n >= lo - 1e-6 AND est * n <= hi + 1e-6
FROM (SELECT th.*,
			 (SELECT coalesce(sum(c), 0) FROM hist h WHERE h.ds = th.ds AND h.b >= array_position(negs.a, -ylo)) AS lo,
			 (SELECT coalesce(sum(c), 0) FROM hist h WHERE h.ds = th.ds AND h.b >= array_position(negs.a, -yhi)) AS hi
	  FROM th JOIN negs USING (ds)) c;

-- exact statistics
INSERT INTO checks
SELECT format('%-9s alpha=%-6s count, sum, min, max, mean exact', sk.ds, sk.r),
	   sketch_count(s) = n AND abs(sketch_sum(s) - su) <= 1e-12 * su
	   AND sketch_min(s) = mi AND sketch_max(s) = ma
	   AND abs(sketch_mean(s) - su / n) <= 1e-12 * su / n
FROM sk JOIN (SELECT ds, count(*) n, sum(v::numeric) su, min(v) mi, max(v) ma FROM acc GROUP BY ds) e USING (ds);

-- stored size at the default alpha (target: at most 4 kB for seconds to days)
INSERT INTO checks
SELECT format('%-9s stored size %s bytes (<= 4096)', ds, pg_column_size(s)), pg_column_size(s) <= 4096
FROM sk WHERE r = 0.01;

\pset format unaligned
\pset tuples_only on
SELECT CASE WHEN pass THEN 'pass ' ELSE 'FAIL ' END || name FROM checks ORDER BY name;
SELECT format('%s checks, %s failed', count(*), count(*) FILTER (WHERE NOT pass)) FROM checks;
SQL
)
echo "$out"
grep -q ' 0 failed$' <<<"$out" && ! grep -q '^FAIL' <<<"$out"
