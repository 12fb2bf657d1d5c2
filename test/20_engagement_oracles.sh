#!/usr/bin/env bash
# Differential test of the engagement-rate, share-of-voice and net-sentiment
# aggregates against independent oracles:
#   1. plain SQL over 200,000 generated posts and 200,000 generated mentions
#      (deterministic: hashes of the row number; heavy-tailed denominators
#      with zeros, NULLs and negatives), overall and per GROUP BY group,
#      with HashAggregate and with sorted GroupAggregate;
#   2. exact numeric arithmetic for double precision inputs chosen to be
#      exactly representable;
#   3. the real UCI Facebook data (test/data/facebook_metrics.csv), against
#      the figures of test/data/README.md, plain SQL, and awk.
# Every check prints "name|true" or "name|false"; the test fails on any false.
set -euo pipefail

ROOT=${SM_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
CSV=$ROOT/test/data/facebook_metrics.csv
out=$(mktemp)
trap 'rm -f "$out"' EXIT

# the UCI data, loaded client side (\copy does not expand psql variables)
psql -qXAt -v ON_ERROR_STOP=1 \
	-c "SET client_min_messages = warning" -c "DROP TABLE IF EXISTS fb" \
	-c "CREATE TABLE fb (page_total_likes int, type text, category int, post_month int, post_weekday int, post_hour int, paid int, total_reach bigint, total_impressions bigint, engaged_users bigint, consumers int, consumptions int, impressions_by_likers int, reach_by_likers int, likers_engaged int, comment int, likes int, share int, total_interactions bigint)" \
	-c "\\copy fb FROM '$CSV' WITH (FORMAT csv, DELIMITER ';', HEADER true)"

psql -qXAt -v ON_ERROR_STOP=1 >"$out" <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS social_metrics;
DROP TABLE IF EXISTS gp, gm, hashed CASCADE;
SET max_parallel_workers_per_gather = 0;

-- 200,000 posts: 400 accounts x 26 weeks; Pareto-tailed denominators
-- (alpha 1.2), about 3 % zero, 1 % NULL, 0.5 % negative denominators,
-- 1 % NULL and 1 % negative engagements.
CREATE TABLE gp AS
SELECT i, i % 400 AS account, (i / 400) % 26 AS week,
       CASE WHEN h2 % 100 = 0 THEN NULL
            WHEN h2 % 100 = 1 THEN -(h2 % 50)
            ELSE floor(d0 * (0.001 + 0.08 * u2 * u2))::bigint END AS e,
       CASE WHEN h1 % 100 < 3 THEN 0::bigint
            WHEN h1 % 100 = 3 THEN NULL
            WHEN h1 % 200 = 9 THEN -d0
            ELSE d0 END AS d
  FROM (SELECT i, h1, h2, u2, floor(30 * pow(u1, -1 / 1.2))::bigint AS d0
          FROM (SELECT i, abs(hashint8(i)) AS h1, abs(hashint8(-i)) AS h2,
                       ((hashint8(i * 7) & 2147483647)::float8 + 0.5) / 2147483648 AS u1,
                       ((hashint8(i * 11) & 2147483647)::float8 + 0.5) / 2147483648 AS u2
                  FROM generate_series(1, 200000) i) a) b;
ANALYZE gp;

-- the data really has what the test claims
SELECT 'data_has_zero_null_negative_denominators|' ||
       (count(*) FILTER (WHERE d = 0) > 1000 AND count(*) FILTER (WHERE d IS NULL) > 1000
        AND count(*) FILTER (WHERE d < 0) > 500 AND count(*) FILTER (WHERE e < 0) > 500
        AND count(*) FILTER (WHERE e IS NULL) > 1000 AND max(d) > 10000 * percentile_disc(0.5) WITHIN GROUP (ORDER BY d))
  FROM gp;

-- pairwise plain-SQL oracles, per (account, week) and overall
CREATE VIEW cmp_eng AS
SELECT account, week,
       engagement_rate_agg(e, d) AS r,
       engagement_rate_agg(e::float8, d::float8) AS rf,
       engagement_rate_agg(e::numeric, d::numeric) AS rn,
       avg_engagement_rate(e, d) AS m,
       avg_engagement_rate(e::float8, d::float8) AS mf,
       sum(e) FILTER (WHERE d >= 0)::float8
         / nullif(sum(d) FILTER (WHERE e IS NOT NULL AND d >= 0), 0) AS p,
       avg(e::float8 / d) FILTER (WHERE d > 0) AS pm
  FROM gp GROUP BY account, week;

SELECT 'groups|' || (count(*) = 10400 AND count(r) > 10000) FROM cmp_eng;
-- bigint sums are exact, and so are the double precision sums of these
-- integers: the ratio is bit-identical to numeric sums cast to float8
SELECT 'ratio_bigint_bit_identical_per_group|' || bool_and(r IS NOT DISTINCT FROM p) FROM cmp_eng;
SELECT 'ratio_float8_bit_identical_per_group|' || bool_and(rf IS NOT DISTINCT FROM p) FROM cmp_eng;
SELECT 'ratio_numeric_input_per_group|' || bool_and(rn IS NOT DISTINCT FROM p) FROM cmp_eng;
SELECT 'mean_within_1e-12_per_group|' ||
       bool_and((m IS NULL AND pm IS NULL) OR abs(m - pm) <= 1e-12 * abs(pm)) FROM cmp_eng;
SELECT 'mean_float8_equals_bigint_variant|' || bool_and(m IS NOT DISTINCT FROM mf) FROM cmp_eng;
SELECT 'null_exactly_where_oracle_null|' ||
       (count(*) FILTER (WHERE (r IS NULL) <> (p IS NULL)) = 0
        AND count(*) FILTER (WHERE (m IS NULL) <> (pm IS NULL)) = 0) FROM cmp_eng;

-- sorted GroupAggregate gives the same bits as HashAggregate
CREATE TABLE hashed AS SELECT * FROM cmp_eng;
SET enable_hashagg = off;
SELECT 'group_aggregate_equals_hash_aggregate|' ||
       (count(*) = 10400 AND bool_and(h.r IS NOT DISTINCT FROM s.r AND h.rf IS NOT DISTINCT FROM s.rf
                                      AND h.m IS NOT DISTINCT FROM s.m))
  FROM hashed h JOIN cmp_eng s USING (account, week);
RESET enable_hashagg;

SELECT 'ratio_overall_bit_identical|' ||
       (engagement_rate_agg(e, d) = sum(e) FILTER (WHERE d >= 0)::float8
                                  / sum(d) FILTER (WHERE e IS NOT NULL AND d >= 0))
  FROM gp;
SELECT 'mean_overall_within_1e-12|' ||
       (abs(avg_engagement_rate(e, d) - avg(e::float8 / d) FILTER (WHERE d > 0))
          <= 1e-12 * avg(e::float8 / d) FILTER (WHERE d > 0))
  FROM gp;
-- row order does not matter (exact sums): reversed and shuffled inputs
SELECT 'mean_independent_of_row_order|' ||
       ((SELECT avg_engagement_rate(e, d ORDER BY i) FROM gp)
          = (SELECT avg_engagement_rate(e, d ORDER BY i DESC) FROM gp)
        AND (SELECT avg_engagement_rate(e, d ORDER BY i) FROM gp)
          = (SELECT avg_engagement_rate(e, d ORDER BY hashint4(i::int)) FROM gp));

-- fractional double precision data, exactly representable (e / 8,
-- d * 1.25): the exact oracle is numeric arithmetic on the same values
SELECT 'ratio_fractional_vs_exact_numeric_1e-15|' ||
       bool_and(x IS NULL AND o IS NULL OR abs(x - o) <= 1e-15 * abs(o))
  FROM (SELECT engagement_rate_agg(e / 8.0::float8, d * 1.25::float8) AS x,
               (sum(e::numeric / 8) FILTER (WHERE d >= 0)
                 / nullif(sum(d::numeric * 1.25) FILTER (WHERE e IS NOT NULL AND d >= 0), 0))::float8 AS o
          FROM gp GROUP BY account) t;

-- mentions: 10 brands with Zipf-like skew, sentiment in [-1, 1] with
-- neutral zeros, reach weights heavy-tailed; NULL brands, weights, sentiments
CREATE TABLE gm AS
SELECT i, i % 50 AS week,
       CASE WHEN i % 97 = 0 THEN NULL
            ELSE (ARRAY['acme', 'globex', 'initech', 'umbrella', 'hooli', 'stark',
                        'wayne', 'wonka', 'tyrell', 'cyberdyne'])[1 + least(9, floor(-ln(u1) * 2.2)::int)] END AS brand,
       CASE WHEN i % 89 = 0 THEN NULL ELSE floor(10 * pow(u2, -1 / 1.5)) / 4 END AS reach,
       CASE WHEN i % 83 = 0 THEN NULL ELSE round((2 * u3 - 1)::numeric, 1)::float8 END AS sentiment
  FROM (SELECT i, ((hashint8(i) & 2147483647)::float8 + 0.5) / 2147483648 AS u1,
               ((hashint8(-i) & 2147483647)::float8 + 0.5) / 2147483648 AS u2,
               ((hashint8(i * 3) & 2147483647)::float8 + 0.5) / 2147483648 AS u3
          FROM generate_series(1, 200000) i) a;
ANALYZE gm;

CREATE VIEW cmp_sov AS
SELECT week, f.focus,
       share_of_voice(brand, f.focus) AS s,
       count(*) FILTER (WHERE brand = f.focus)::float8 / nullif(count(brand), 0) AS ps,
       share_of_voice(brand, f.focus, reach) AS sw,
       (sum(reach::numeric) FILTER (WHERE brand = f.focus)
          / nullif(sum(reach::numeric) FILTER (WHERE brand IS NOT NULL), 0))::float8 AS psw,
       net_sentiment(sentiment) AS n,
       (count(*) FILTER (WHERE sentiment > 0) - count(*) FILTER (WHERE sentiment < 0))::float8
         / nullif(count(*) FILTER (WHERE sentiment <> 0), 0) AS pn
  FROM gm, (VALUES ('acme'), ('wonka'), ('cyberdyne'), ('nobody')) f(focus)
 GROUP BY week, f.focus;
SELECT 'sov_count_bit_identical|' || (count(*) = 200 AND bool_and(s IS NOT DISTINCT FROM ps)) FROM cmp_sov;
SELECT 'sov_weighted_vs_exact_numeric_1e-15|' ||
       bool_and(sw IS NULL AND psw IS NULL OR sw = psw OR abs(sw - psw) <= 1e-15 * abs(psw)) FROM cmp_sov;
SELECT 'net_sentiment_bit_identical|' || bool_and(n IS NOT DISTINCT FROM pn) FROM cmp_sov;
SELECT 'sov_overall|' ||
       (share_of_voice(brand, 'acme') = count(*) FILTER (WHERE brand = 'acme')::float8 / count(brand)
        AND abs(share_of_voice(brand, 'acme', reach)
                - sum(reach) FILTER (WHERE brand = 'acme') / sum(reach) FILTER (WHERE brand IS NOT NULL))
            <= 1e-12 * share_of_voice(brand, 'acme', reach))
  FROM gm;
-- the per-brand breakdown in plain SQL agrees with the aggregate, brand by brand
SELECT 'breakdown_matches_aggregate|' || (count(*) = 500 AND bool_and(b.share = a.s))
  FROM (SELECT week, brand, count(*)::float8 / sum(count(*)) OVER (PARTITION BY week) AS share
          FROM gm WHERE brand IS NOT NULL GROUP BY week, brand) b
  JOIN (SELECT g.week, f.brand, share_of_voice(g.brand, f.brand) AS s
          FROM gm g, (SELECT DISTINCT brand FROM gm WHERE brand IS NOT NULL) f
         GROUP BY g.week, f.brand) a USING (week, brand);

-- the real UCI Facebook data ---------------------------------------------------
SELECT 'uci_rows|' || (count(*) = 500 AND count(*) FILTER (WHERE type = 'Photo') = 426) FROM fb;
-- README figures: ratio of sums 0.015257, mean of per-post rates 0.024071 (by reach)
SELECT 'uci_ratio_of_sums_0.015257|' || (round(engagement_rate_agg(total_interactions, total_reach)::numeric, 6) = 0.015257) FROM fb;
SELECT 'uci_mean_of_rates_0.024071|' || (round(avg_engagement_rate(total_interactions, total_reach)::numeric, 6) = 0.024071) FROM fb;
-- and to 1e-9 relative against plain SQL computed here
SELECT 'uci_ratio_vs_plain_1e-9|' ||
       (abs(engagement_rate_agg(total_interactions, total_reach)
            - sum(total_interactions)::float8 / sum(total_reach)) <= 1e-9 * 0.015257) FROM fb;
SELECT 'uci_mean_vs_plain_1e-9|' ||
       (abs(avg_engagement_rate(total_interactions, total_reach)
            - avg(total_interactions::float8 / total_reach)) <= 1e-9 * 0.024071) FROM fb;
SELECT 'uci_float8_variant_same|' ||
       (engagement_rate_agg(total_interactions::float8, total_reach::float8) = engagement_rate_agg(total_interactions, total_reach)
        AND avg_engagement_rate(total_interactions::float8, total_reach::float8) = avg_engagement_rate(total_interactions, total_reach))
  FROM fb;
-- the other README figures: by impressions 0.01369, engaged users by reach 0.1243
SELECT 'uci_mean_by_impressions_0.01369|' || (round(avg_engagement_rate(total_interactions, total_impressions)::numeric, 5) = 0.01369) FROM fb;
SELECT 'uci_engaged_users_by_reach_0.1243|' || (round(avg_engagement_rate(engaged_users, total_reach)::numeric, 4) = 0.1243) FROM fb;
-- print the exact values for the awk cross-check below
SELECT 'value_ratio|' || engagement_rate_agg(total_interactions, total_reach) FROM fb;
SELECT 'value_mean|' || avg_engagement_rate(total_interactions, total_reach) FROM fb;
SQL

# awk, a third independent oracle on the raw file (column 8 reach, 19 interactions)
read -r awk_ratio awk_mean < <(awk -F';' 'NR > 1 { r += $8; i += $19; if ($8 > 0) { m += $19 / $8; n++ } }
	END { printf "%.17g %.17g\n", i / r, m / n }' "$CSV")
sql_ratio=$(sed -n 's/^value_ratio|//p' "$out")
sql_mean=$(sed -n 's/^value_mean|//p' "$out")
awk -v a="$awk_ratio" -v s="$sql_ratio" 'BEGIN { d = a - s; if (d < 0) d = -d; print "uci_ratio_vs_awk_1e-9|" (d <= 1e-9 * a ? "true" : "false") }' >>"$out"
awk -v a="$awk_mean" -v s="$sql_mean" 'BEGIN { d = a - s; if (d < 0) d = -d; print "uci_mean_vs_awk_1e-9|" (d <= 1e-9 * a ? "true" : "false") }' >>"$out"

grep -v '^value_' "$out"
n=$(grep -c "|true$" "$out" || true)
bad=$(grep -v "^value_" "$out" | grep -vc "|true$" || true)
echo "$n checks passed, $bad failed"
[ "$bad" -eq 0 ] && [ "$n" -ge 25 ]
