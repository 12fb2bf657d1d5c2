#!/usr/bin/env bash
# The report's "What changed" section on the sample data (demo/generate.sql +
# demo/what_changed.sql):
#   1. it flags the two planted changes of the last week, our brand's
#      engagement-rate drop and competitor Dunmore's share-of-voice spike, in
#      the right direction and size, and nothing else (no noise); in audience
#      growth it flags the planted stall (acme_tt) and burst (dunmore_ig) and
#      no other account, though every account's growth is noisy;
#   2. its values equal plain SQL (ratio of sums, counts), its SLA row equals
#      the headline card's definition (care_conversation of
#      demo/business_first_reply.sql: business hours, unanswered = missed),
#      its Holm adjustments (p_adjust) equal statsmodels'
#      multipletests(method='holm'), for the KPIs and for the accounts;
#   3. growth_rate / growth_change against a hand-written as-of join in plain
#      SQL over follower_history (irregular snapshots with gaps and
#      intra-day times, many windows), and shuffled input gives the same
#      result; demo.audience_growth against the same join.
set -euo pipefail
ROOT=${SM_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
source "$ROOT/tools/lib.sh"
sm_deps python3-statsmodels || { echo "cannot install python3-statsmodels"; exit 77; }

psql=(psql -X -q -v ON_ERROR_STOP=1)
"${psql[@]}" -c 'CREATE EXTENSION IF NOT EXISTS social_metrics' \
	-f "$ROOT/demo/schema.sql" -f "$ROOT/demo/generate.sql" -f "$ROOT/demo/what_changed.sql"

out=$("${psql[@]}" -At -F '|' -v root="$ROOT" <<'SQL'
SET max_parallel_workers_per_gather = 0;
-- the section as the report shows it, for the log
SELECT 'row', kpi, brand, round(100 * value::numeric, 2), round(100 * baseline::numeric, 2),
       round(100 * change::numeric, 2), round(p_value::numeric, 4), round(p_holm::numeric, 4), flag
  FROM demo.what_changed ORDER BY kpi, brand_order;

-- 1. the planted changes, and nothing else
SELECT 'check', 'sixteen_rows_four_brands', count(*) = 16 AND count(DISTINCT brand) = 4 FROM demo.what_changed;
SELECT 'check', 'week_is_2026-04-20', bool_and(week = '2026-04-20') FROM demo.what_changed;
SELECT 'check', 'shown_brands_are_acme_and_top_3', string_agg(brand, ',' ORDER BY brand) = 'Acme,Borealis,Cobalt,Dunmore'
  FROM (SELECT DISTINCT brand FROM demo.what_changed) b;
SELECT 'check', 'flags_exactly_the_planted_drop_and_spike',
       string_agg(kpi || '/' || brand, ',' ORDER BY kpi) = 'engagement rate/Acme,share of voice/Dunmore'
  FROM demo.what_changed WHERE flag;
SELECT 'check', 'acme_drop_about_a_third', change < 0 AND value / baseline - 1 BETWEEN -0.45 AND -0.25
       AND change_high < 0 AND p_holm < 0.001
  FROM demo.what_changed WHERE kpi = 'engagement rate' AND brand = 'Acme';
SELECT 'check', 'dunmore_spike', change > 0 AND value / baseline - 1 BETWEEN 0.15 AND 0.5 AND change_low > 0 AND p_holm < 0.001
  FROM demo.what_changed WHERE kpi = 'share of voice' AND brand = 'Dunmore';
-- audience growth: the planted stall and burst, and nothing else
SELECT 'growth', handle, round(100 * week_growth::numeric, 2), round(100 * baseline_weekly_growth::numeric, 2),
       round(1e4 * daily_change::numeric, 1), round(p_value::numeric, 5), round(p_holm::numeric, 4), flag
  FROM demo.audience_growth ORDER BY p_value;
SELECT 'check', 'growth_flags_exactly_the_planted_stall_and_burst',
       string_agg(handle, ',' ORDER BY handle) = 'acme_tt,dunmore_ig' FROM demo.audience_growth WHERE flag;
SELECT 'check', 'acme_tt_stall', daily_change < 0 AND daily_change_high < 0 AND abs(week_growth) < 0.005
       AND baseline_weekly_growth > 0.015 AND p_holm < 0.001
  FROM demo.audience_growth WHERE handle = 'acme_tt';
SELECT 'check', 'dunmore_ig_burst', daily_change > 0 AND daily_change_low > 0 AND week_growth > 2 * baseline_weekly_growth
       AND p_holm < 0.001
  FROM demo.audience_growth WHERE handle = 'dunmore_ig';
SELECT 'check', 'growth_is_noisy_not_exponential',
       count(*) FILTER (WHERE round(100 * week_growth::numeric, 2) <> round(100 * baseline_weekly_growth::numeric, 2)) >= 18
  FROM demo.audience_growth;
SELECT 'check', 'growth_test_on_all_20_accounts', count(p_value) = 20 AND count(*) = 20 FROM demo.audience_growth;
SELECT 'check', 'intervals_contain_values', bool_and(low <= value AND value <= high AND change_low <= change AND change <= change_high)
  FROM demo.what_changed;

-- 2. values against plain SQL
WITH wk AS (SELECT date '2026-04-20' AS wk)
SELECT 'check', 'engagement_rate_equals_plain_ratio_of_sums',
       bool_and(abs(w.value - p.r) <= 1e-12 * p.r AND abs(w.baseline - p.rb) <= 1e-12 * p.rb AND w.n_week = p.n)
  FROM demo.what_changed w
  JOIN (SELECT b.brand,
               sum(engagements) FILTER (WHERE x.week = wk)::float8 / sum(impressions) FILTER (WHERE x.week = wk) AS r,
               sum(engagements) FILTER (WHERE x.week < wk)::float8 / sum(impressions) FILTER (WHERE x.week < wk) AS rb,
               count(*) FILTER (WHERE x.week = wk) AS n
          FROM demo.posts p JOIN demo.accounts a USING (account_id) JOIN demo.brands b USING (brand), wk,
               LATERAL (SELECT date_trunc('week', p.posted_at AT TIME ZONE b.tz)::date AS week) x
         WHERE p.impressions > 0 AND x.week BETWEEN wk - 28 AND wk GROUP BY b.brand) p USING (brand)
 WHERE w.kpi = 'engagement rate';
SELECT 'check', 'share_of_voice_equals_plain_counts',
       bool_and(w.value = p.s AND w.baseline = p.sb)
  FROM demo.what_changed w
  JOIN (SELECT s.brand,
               count(*) FILTER (WHERE m.brand = s.brand AND x.week = '2026-04-20')::float8 / count(*) FILTER (WHERE x.week = '2026-04-20') AS s,
               count(*) FILTER (WHERE m.brand = s.brand AND x.week < '2026-04-20')::float8 / count(*) FILTER (WHERE x.week < '2026-04-20') AS sb
          FROM demo.mentions m, (SELECT DISTINCT brand FROM demo.what_changed) s,
               LATERAL (SELECT date_trunc('week', m.at AT TIME ZONE 'Europe/Helsinki')::date AS week) x
         WHERE x.week BETWEEN '2026-03-23' AND '2026-04-20' GROUP BY s.brand) p USING (brand)
 WHERE w.kpi = 'share of voice';
SELECT 'pvalue', kpi || '/' || brand, p_value, p_holm FROM demo.what_changed ORDER BY 2;
SELECT 'gpvalue', handle, p_value, p_holm FROM demo.audience_growth ORDER BY 2;
-- the SLA row: the headline card's definition (care_conversation)
\set since 2026-03-23
\set until 2026-04-26
\set f :root '/demo/business_first_reply.sql'
\i :f
SELECT 'check', 'sla_row_equals_headline_definition',
       count(*) = 4 AND bool_and(w.value = c.sla AND w.baseline = c.sla_before)
  FROM demo.what_changed w
  JOIN (SELECT brand, count(*) FILTER (WHERE biz_s <= 3600 AND week = '2026-04-20')::float8
                      / count(*) FILTER (WHERE week = '2026-04-20') AS sla,
               count(*) FILTER (WHERE biz_s <= 3600 AND week < '2026-04-20')::float8
                      / count(*) FILTER (WHERE week < '2026-04-20') AS sla_before
          FROM care_conversation GROUP BY brand) c USING (brand)
 WHERE w.kpi = 'SLA, business hours';

-- 3. growth_rate against an as-of join.  Irregular snapshots: follower
-- counts read at a pseudo-random time of day on about 60 % of the days.
CREATE TEMP TABLE snaps AS
SELECT account_id, (day + (abs(hashint4(account_id * 1000 + (day - date '2026-01-01'))) % 86400) * interval '1 second')
           AT TIME ZONE 'UTC' AS at, followers
  FROM demo.follower_history
 WHERE abs(hashint4(account_id * 7919 + (day - date '2026-01-01'))) % 10 < 6;
-- windows: 40 per account, of 1 to 60 days, starting anywhere
CREATE TEMP TABLE win AS
SELECT a.account_id, w, t0, t0 + (1 + abs(hashint4(w * 31 + a.account_id)) % 60) * interval '1 day' AS t1
  FROM demo.accounts a, generate_series(1, 40) w,
       LATERAL (SELECT timestamptz '2026-01-05 00:00+00' + (abs(hashint4(w * 17 + a.account_id)) % 100) * interval '1 day'
                       + (abs(hashint4(w)) % 86400) * interval '1 second' AS t0) t;
CREATE TEMP TABLE ours AS
SELECT w.account_id, w.w, growth_rate(s.followers, s.at) AS g, growth_change(s.followers, s.at) AS c,
       growth_rate(s.followers, s.at ORDER BY md5(s.at::text)) AS g_shuffled,
       growth_rate(s.followers, s.at ORDER BY s.at DESC) AS g_reversed
  FROM win w JOIN snaps s ON s.account_id = w.account_id AND s.at >= w.t0 AND s.at <= w.t1
 GROUP BY w.account_id, w.w;
CREATE TEMP TABLE asof AS
SELECT w.account_id, w.w, (l.followers - f.followers)::float8 / f.followers AS g, (l.followers - f.followers)::float8 AS c
  FROM win w
  CROSS JOIN LATERAL (SELECT followers FROM snaps s WHERE s.account_id = w.account_id AND s.at >= w.t0 AND s.at <= w.t1
                      ORDER BY s.at LIMIT 1) f
  CROSS JOIN LATERAL (SELECT followers FROM snaps s WHERE s.account_id = w.account_id AND s.at >= w.t0 AND s.at <= w.t1
                      ORDER BY s.at DESC LIMIT 1) l;
SELECT 'check', 'growth_rate_equals_as_of_join',
       count(*) >= 700 AND bool_and(o.g = a.g AND o.c = a.c)
  FROM ours o JOIN asof a USING (account_id, w);
SELECT 'check', 'growth_rate_same_rows_as_as_of_join', (SELECT count(*) FROM ours) = (SELECT count(*) FROM asof);
SELECT 'check', 'growth_rate_independent_of_row_order', bool_and(g = g_shuffled AND g = g_reversed) FROM ours;
-- the parallel plan gives the same values
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SELECT 'check', 'growth_rate_parallel_equals_serial',
       bool_and(p.g = o.g)
  FROM (SELECT account_id, growth_rate(followers, at) AS g FROM snaps GROUP BY account_id) p
  JOIN (SELECT account_id, growth_rate(followers, at ORDER BY at) AS g FROM snaps GROUP BY account_id) o USING (account_id);
RESET max_parallel_workers_per_gather;
-- the report's audience growth against the as-of join on the daily history
SELECT 'check', 'audience_growth_equals_as_of_join',
       count(*) = 20 AND bool_and(abs(v.week_growth - (l.followers - f.followers)::float8 / f.followers) <= 1e-15
                                  AND v.week_change = l.followers - f.followers)
  FROM demo.audience_growth v
  JOIN demo.follower_history f ON f.account_id = v.account_id AND f.day = '2026-04-19'
  JOIN demo.follower_history l ON l.account_id = v.account_id AND l.day = '2026-04-26';
SQL
)
grep '^row|' <<<"$out" | cut -d'|' -f2- | column -t -s'|' || true
grep '^growth|' <<<"$out" | cut -d'|' -f2- | column -t -s'|' || true
status=0
while IFS='|' read -r _ name ok; do
	if [ "$ok" = t ]; then echo "$name|true"; else echo "$name|false"; status=1; fi
done < <(grep '^check|' <<<"$out")

# Holm's adjustment against statsmodels: the KPIs (16) and the accounts (20)
for fam in pvalue:16 gpvalue:20; do
	grep "^${fam%:*}|" <<<"$out" | /usr/bin/python3 -c '
import sys
from statsmodels.stats.multitest import multipletests
rows = [l.strip().split("|") for l in sys.stdin]
p = [float(r[2]) for r in rows]; ours = [float(r[3]) for r in rows]
adj = multipletests(p, method="holm")[1]
ok = len(rows) == int(sys.argv[1]) and all(abs(a - b) <= 1e-12 for a, b in zip(adj, ours))
print("holm_equals_statsmodels_multipletests_" + sys.argv[2] + "|" + ("true" if ok else "false"))
sys.exit(0 if ok else 1)' "${fam#*:}" "${fam%:*}" || status=1
done
exit $status
