#!/usr/bin/env bash
# Coverage and error rates by simulation, with deterministic data (every
# draw is a hash of a row number and a stream number, as in
# demo/generate.sql; normals by Box-Muller):
#   - wilson_interval at 95 %: 3,000 simulated weeks of 50-400 trials with a
#     true proportion of 0.1 cover the truth in 93.5-96.5 % of weeks;
#   - engagement_rate_ci at 95 %: weeks of 200 posts (2,000 weeks) and of 500
#     posts (1,000 weeks) with heavy-tailed impressions (log-normal, sigma 1:
#     the top 1 % of posts have ~10x the median impressions), post-level rate
#     noise (log-normal, sigma 0.4, mean 1) and engagements drawn around
#     rate x impressions (Poisson-like spread): coverage of the true rate
#     0.02 in 93.5-96.5 %.  Reported, not asserted: 50 posts a week (the
#     linearization under-covers there, ~91 %) and sigma 1.3 at 500 posts;
#   - the change tests at 95 % (this week against the previous four weeks
#     pooled, 2,000 simulated pairs): with no real change they flag
#     3.5-6.5 % of weeks, for engagement rate at 200 posts a week and for
#     proportions (50 posts a week: reported);
#   - power: how often engagement_rate_change_test flags a true 20 % drop,
#     at 50 and at 500 posts a week (printed; doc/trends.md quotes it).
set -euo pipefail

psql -qXAt -F '|' -v ON_ERROR_STOP=1 <<'SQL' | tee "${SM_TMP:-/tmp}/71_coverage.txt"
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS social_metrics;
SET max_parallel_workers_per_gather = 0;
SET jit = off;
-- uniform in (0, 1) from (row, stream); standard normal from streams s, s + 1
CREATE OR REPLACE FUNCTION u01(i bigint, s int) RETURNS float8 LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN ((hashint8extended(hashint8extended(i, s), 0) & 9007199254740991)::float8 + 0.5) / 9007199254740992;
CREATE OR REPLACE FUNCTION gauss(i bigint, s int) RETURNS float8 LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN sqrt(-2 * ln(u01(i, s))) * cos(2 * pi() * u01(i, s + 1));
-- weeks x n posts with true engagement rate `rate`: impressions log-normal
-- (median e^8 ~ 3,000, sigma 1 by default), rate noise exp(0.4 g - 0.08) (mean 1),
-- engagements round(lambda + sqrt(lambda) g), lambda = rate x noise x
-- impressions, so E[e] / E[impressions] = rate exactly
CREATE OR REPLACE FUNCTION sim_posts(seed int, weeks int, n int, rate float8, sigma float8 DEFAULT 1.0)
RETURNS TABLE (w int, e bigint, imp bigint) LANGUAGE sql IMMUTABLE AS $$
	SELECT (i / n)::int, round(lam + sqrt(lam) * gauss(i, seed + 4))::bigint, imp
	  FROM (SELECT i, imp, rate * exp(0.4 * gauss(i, seed + 2) - 0.08) * imp AS lam
	          FROM (SELECT i, round(exp(8 + sigma * gauss(i, seed)))::bigint AS imp
	                  FROM generate_series(0, weeks::bigint * n - 1) i) a) b
$$;
-- weeks of trials: week w has n(w) trials (lo..hi), successes ~ Binomial(n, p)
CREATE OR REPLACE FUNCTION sim_props(seed int, weeks int, lo int, hi int, p float8, mult int DEFAULT 1)
RETURNS TABLE (w int, s bigint, n bigint) LANGUAGE sql IMMUTABLE AS $$
	SELECT w, count(*) FILTER (WHERE u01(w::bigint * 10000 + j, seed) < p), count(*)
	  FROM generate_series(0, weeks - 1) w,
	       LATERAL generate_series(1, mult * (lo + abs(hashint4(w + seed)) % (hi - lo + 1))) j
	 GROUP BY w
$$;

-- the data is what it claims: heavy tail and the true rate
SELECT 'data_p99_over_median', round((percentile_cont(0.99) WITHIN GROUP (ORDER BY imp)
                                / percentile_cont(0.5) WITHIN GROUP (ORDER BY imp))::numeric, 1),
       round(sum(e)::numeric / sum(imp), 5)
  FROM sim_posts(0, 400, 50, 0.02);

-- 1. Wilson coverage
SELECT 'coverage_wilson_95', count(*), avg((ci[1] <= 0.1 AND 0.1 <= ci[2])::int)
  FROM (SELECT wilson_interval(s, n) AS ci FROM sim_props(100, 3000, 50, 400, 0.1)) t;
-- 2. engagement_rate_ci coverage: asserted at 200 and 500 posts a week,
-- reported at 50 (the linearization under-covers with few skewed posts)
SELECT 'coverage_er_95_n200', count(*), avg((ci[1] <= 0.02 AND 0.02 <= ci[2])::int)
  FROM (SELECT engagement_rate_ci(e, imp) AS ci FROM sim_posts(0, 2000, 200, 0.02) GROUP BY w) t;
SELECT 'coverage_er_95_n500', count(*), avg((ci[1] <= 0.02 AND 0.02 <= ci[2])::int)
  FROM (SELECT engagement_rate_ci(e, imp) AS ci FROM sim_posts(10, 1000, 500, 0.02) GROUP BY w) t;
SELECT 'coverage_er_95_n50', count(*), avg((ci[1] <= 0.02 AND 0.02 <= ci[2])::int)
  FROM (SELECT engagement_rate_ci(e, imp) AS ci FROM sim_posts(70, 3000, 50, 0.02) GROUP BY w) t;
SELECT 'coverage_er_95_n500_sigma1.3', count(*), avg((ci[1] <= 0.02 AND 0.02 <= ci[2])::int)
  FROM (SELECT engagement_rate_ci(e, imp) AS ci FROM sim_posts(80, 1000, 500, 0.02, 1.3) GROUP BY w) t;
-- the t interval of the mean of per-post rates (its target E[e/d] is the
-- rate here too, the noise being independent of impressions)
SELECT 'coverage_mean_of_rates_95_n50', count(*), avg((ci[1] <= 0.02 AND 0.02 <= ci[2])::int)
  FROM (SELECT avg_engagement_rate_ci(e, imp) AS ci FROM sim_posts(70, 3000, 50, 0.02) GROUP BY w) t;

-- 3. change tests: this week (n posts) against the previous four (4n posts)
CREATE TEMP TABLE base200 AS SELECT w, engagement_rate_ci_state(e, imp) AS st FROM sim_posts(90, 2000, 800, 0.02) GROUP BY w;
CREATE TEMP TABLE same200 AS SELECT w, engagement_rate_ci_state(e, imp) AS st FROM sim_posts(100, 2000, 200, 0.02) GROUP BY w;
CREATE TEMP TABLE base50 AS SELECT w, engagement_rate_ci_state(e, imp) AS st FROM sim_posts(20, 2000, 200, 0.02) GROUP BY w;
CREATE TEMP TABLE same50 AS SELECT w, engagement_rate_ci_state(e, imp) AS st FROM sim_posts(30, 2000, 50, 0.02) GROUP BY w;
CREATE TEMP TABLE drop50 AS SELECT w, engagement_rate_ci_state(e, imp) AS st FROM sim_posts(40, 2000, 50, 0.016) GROUP BY w;
CREATE TEMP TABLE base500 AS SELECT w, engagement_rate_ci_state(e, imp) AS st FROM sim_posts(50, 1000, 2000, 0.02) GROUP BY w;
CREATE TEMP TABLE drop500 AS SELECT w, engagement_rate_ci_state(e, imp) AS st FROM sim_posts(60, 1000, 500, 0.016) GROUP BY w;
SELECT 'null_flags_er_n200', count(*), avg(((engagement_rate_change_test(b.st, t.st))[4] < 0.05)::int)
  FROM base200 b JOIN same200 t USING (w);
SELECT 'null_flags_er_n50', count(*), avg(((engagement_rate_change_test(b.st, t.st))[4] < 0.05)::int)
  FROM base50 b JOIN same50 t USING (w);
SELECT 'null_interval_agrees_with_p', count(*), avg(((r[2] > 0 OR r[3] < 0) = (r[4] < 0.05))::int)
  FROM (SELECT engagement_rate_change_test(b.st, t.st) AS r FROM base50 b JOIN same50 t USING (w)) x;
SELECT 'power_20pct_drop_er_n50', count(*), avg((r[4] < 0.05 AND r[1] < 0)::int)
  FROM (SELECT engagement_rate_change_test(b.st, t.st) AS r FROM base50 b JOIN drop50 t USING (w)) x;
SELECT 'power_20pct_drop_er_n500', count(*), avg((r[4] < 0.05 AND r[1] < 0)::int)
  FROM (SELECT engagement_rate_change_test(b.st, t.st) AS r FROM base500 b JOIN drop500 t USING (w)) x;
-- proportions: this week's 50-200 trials against four times as many
SELECT 'null_flags_proportion', count(*), avg(((proportion_change_test(b.s, b.n, t.s, t.n))[4] < 0.05)::int)
  FROM sim_props(200, 2000, 50, 200, 0.1, 4) b JOIN sim_props(300, 2000, 50, 200, 0.1) t USING (w);
SQL
out=$(cat "${SM_TMP:-/tmp}/71_coverage.txt")
status=0
within() { # name lo hi
	local v
	v=$(awk -F'|' -v k="$1" '$1 == k { print ($1 == "data_p99_over_median") ? $2 : $3 }' <<<"$out")
	if awk -v v="$v" -v lo="$2" -v hi="$3" 'BEGIN { exit !(v != "" && v >= lo && v <= hi) }'; then
		echo "$1|true ($v in [$2, $3])"
	else
		echo "$1|false ($v not in [$2, $3])"; status=1
	fi
}
within coverage_wilson_95 0.935 0.965
within coverage_er_95_n200 0.935 0.965
within coverage_er_95_n500 0.935 0.965
within null_flags_er_n200 0.035 0.065
within null_flags_proportion 0.035 0.065
within null_interval_agrees_with_p 0.99 1
within data_p99_over_median 8 12
# reported (doc/trends.md): the small-sample behaviour of the linearization
# with skewed impressions; bounds only catch a broken implementation
within coverage_er_95_n50 0.85 0.965
within coverage_er_95_n500_sigma1.3 0.88 0.965
within null_flags_er_n50 0.035 0.1
within coverage_mean_of_rates_95_n50 0.9 0.97
# power: a test that could not see a 20 % drop at 500 posts would be broken
within power_20pct_drop_er_n500 0.8 1
within power_20pct_drop_er_n50 0.05 1
exit $status
