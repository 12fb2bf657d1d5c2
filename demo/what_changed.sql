-- "What changed": each KPI of our brand and its top competitors, the last
-- complete week against the four weeks before it, with an interval and a
-- flag only where the change is significant; and audience growth per
-- account.  Two views over the sample data (demo/schema.sql,
-- demo/generate.sql), created by
--     psql -f demo/what_changed.sql
-- and read by the report (demo/report*.sql) and test/72_what_changed.sh:
--
--   demo.what_changed    one row per (KPI, brand): this week's value and its
--                        95 % interval, the previous four weeks' value, the
--                        change with its 95 % interval, p-value, Holm-adjusted
--                        p-value and the flag;
--   demo.audience_growth one row per account: follower growth over the week
--                        and the weekly growth of the four weeks before
--                        (growth_rate over follower_history, an as-of read of
--                        the first and last snapshot of each period), and
--                        the test of a change in daily growth (below) with
--                        its Holm-adjusted p-value over the accounts and flag.
--
-- KPIs (fractions; the report shows them in %):
--   engagement rate   engagement_rate_ci over the brand's posts, by
--                     impressions (posts with impressions > 0), change by
--                     engagement_rate_change_test on the two periods'
--                     states (delta method, Welch t);
--   share of voice    the brand's mentions among all mentions (weeks of the
--                     focus brand's time zone, one calendar so shares add up
--                     to 1), wilson_interval and proportion_change_test;
--   response rate     customer conversations (at least one customer message)
--                     that got a human reply (automated acknowledgements do
--                     not count), same functions;
--   SLA               the same conversations with a first human reply within
--                     :sla_seconds (default 3600) of the brand's business
--                     hours (business_seconds over its calendar); unanswered
--                     ones count as misses: the definition of the report's
--                     headline card and section A1.
-- Posts and conversations use each brand's local weeks (its time zone).
--
-- The flag: the report makes 4 KPIs x 4 brands = 16 comparisons every week;
-- flagging each at 5 % would flag noise in more than half of the weeks
-- (1 - 0.95^16 = 56 %).  A KPI is flagged when its change is significant at
-- 95 % after Holm's adjustment over the 16 (family-wise 95 %: in at most one
-- week in twenty does any noise get flagged).  The raw p-value is shown too.
-- The adjustment is p_adjust(p) OVER (), the extension's window function.
--
-- Follower growth (demo.audience_growth).  Follower counts are snapshots of a
-- cumulative total: consecutive snapshots share almost all their followers,
-- so the levels are strongly autocorrelated and no test may treat them as
-- independent observations.  The unit of the test is the day-over-day step:
-- the daily growth factor f(t) / f(t-1).  Per period, its ratio-of-sums
-- estimate R = Σ f(t) / Σ f(t-1) (1 + the follower-weighted mean daily
-- growth) with the linearized variance of engagement_rate_ci over the steps
-- (residuals f(t) - R f(t-1): the day's net gain against the period's
-- trend), and engagement_rate_change_test between the 28 steps of the four
-- weeks before and the 7 steps of the week (delta method, Welch t on the
-- days).  Sound when the steps are roughly independent with a stable mean
-- within each period (a random walk with drift, the usual model of a
-- growing audience); whole weeks on both sides, so a weekday pattern of
-- follows weighs the same in both.  Only days with both snapshots count.
-- Flagged when significant after Holm over the accounts (p_adjust), a family
-- of its own (20 rows).
\if :{?sla_seconds}
\else
\set sla_seconds 3600
\endif

CREATE OR REPLACE VIEW demo.what_changed AS
WITH params AS (
	-- the last complete week of the data (Monday, local), and our time zone
	-- (a join rather than a subquery beside the aggregate: Citus runs that)
	SELECT w.wk, f.tz AS focus_tz
	FROM (SELECT max(date_trunc('week', p.posted_at AT TIME ZONE b.tz))::date AS wk
		  FROM demo.posts p JOIN demo.accounts a USING (account_id) JOIN demo.brands b USING (brand)) AS w
	LEFT JOIN demo.brands f ON f.focus
), mention_weeks AS (
	SELECT m.brand, date_trunc('week', m.at AT TIME ZONE params.focus_tz)::date AS week, params.wk
	FROM demo.mentions m, params
), shown AS (
	-- our brand and the three competitors with the most mentions in the
	-- four weeks before
	SELECT brand, 0 AS ord FROM demo.brands WHERE focus
	UNION ALL
	(SELECT m.brand, row_number() OVER (ORDER BY count(*) DESC, m.brand)
	 FROM mention_weeks m JOIN demo.brands b USING (brand)
	 WHERE NOT b.focus AND m.week BETWEEN m.wk - 28 AND m.wk - 7
	 GROUP BY m.brand ORDER BY count(*) DESC, m.brand LIMIT 3)
), post_states AS (
	SELECT b.brand,
		engagement_rate_ci_state(p.engagements, p.impressions) FILTER (WHERE w.week = params.wk) AS cur,
		engagement_rate_ci_state(p.engagements, p.impressions)
			FILTER (WHERE w.week BETWEEN params.wk - 28 AND params.wk - 7) AS base
	FROM demo.posts p
	JOIN demo.accounts a USING (account_id)
	JOIN demo.brands b USING (brand)
	CROSS JOIN params
	CROSS JOIN LATERAL (SELECT date_trunc('week', p.posted_at AT TIME ZONE b.tz)::date AS week) AS w
	WHERE b.brand IN (SELECT brand FROM shown) AND w.week BETWEEN params.wk - 28 AND params.wk
	GROUP BY b.brand
), er AS (
	SELECT brand, 'engagement rate' AS kpi,
		engagement_rate(cur) AS value, engagement_rate_ci(cur) AS ci,
		engagement_rate(base) AS baseline, engagement_rate_change_test(base, cur) AS test,
		split_part(trim(cur::text, '()'), ',', 1)::bigint AS n_week,
		split_part(trim(base::text, '()'), ',', 1)::bigint AS n_baseline
	FROM post_states
), sov_counts AS (
	SELECT s.brand,
		count(*) FILTER (WHERE m.brand = s.brand AND m.week = m.wk) AS s2,
		count(*) FILTER (WHERE m.week = m.wk) AS n2,
		count(*) FILTER (WHERE m.brand = s.brand AND m.week < m.wk) AS s1,
		count(*) FILTER (WHERE m.week < m.wk) AS n1
	FROM mention_weeks m CROSS JOIN shown s
	WHERE m.week BETWEEN m.wk - 28 AND m.wk
	GROUP BY s.brand
), conv AS (
	-- one row per customer conversation: its local week, answered, and
	-- answered within the SLA of business hours (as care_conversation of
	-- demo/business_first_reply.sql: from the customer's first message)
	SELECT c.brand, date_trunc('week', c.started_at AT TIME ZONE b.tz)::date AS week,
		f.s IS NOT NULL AS answered,
		coalesce(business_seconds(f.asked_at, f.asked_at + f.s * interval '1 second',
			b.calendar::business_calendar) <= :sla_seconds, false) AS within_sla
	FROM demo.conversations c
	JOIN demo.brands b USING (brand)
	CROSS JOIN LATERAL (
		SELECT first_reply_seconds(m.at, m.from_brand) FILTER (WHERE NOT m.automated) AS s,
			min(m.at) FILTER (WHERE NOT m.from_brand) AS asked_at
		FROM demo.messages m WHERE m.conversation_id = c.conversation_id) AS f
	WHERE c.brand IN (SELECT brand FROM shown) AND f.asked_at IS NOT NULL
), conv_counts AS (
	SELECT brand,
		count(*) FILTER (WHERE answered AND week = wk) AS a2, count(*) FILTER (WHERE within_sla AND week = wk) AS h2,
		count(*) FILTER (WHERE week = wk) AS n2,
		count(*) FILTER (WHERE answered AND week < wk) AS a1, count(*) FILTER (WHERE within_sla AND week < wk) AS h1,
		count(*) FILTER (WHERE week < wk) AS n1
	FROM conv CROSS JOIN params
	WHERE week BETWEEN wk - 28 AND wk
	GROUP BY brand
), props AS (
	SELECT brand, 'share of voice' AS kpi, s2, n2, s1, n1 FROM sov_counts
	UNION ALL
	SELECT brand, 'response rate', a2, n2, a1, n1 FROM conv_counts
	UNION ALL
	SELECT brand, 'SLA, business hours', h2, n2, h1, n1 FROM conv_counts
), rows AS (
	SELECT brand, kpi, value, ci[1] AS low, ci[2] AS high, baseline,
		test[1] AS change, test[2] AS change_low, test[3] AS change_high, test[4] AS p_value,
		n_week, n_baseline
	FROM er
	UNION ALL
	SELECT brand, kpi, s2::float8 / nullif(n2, 0), w[1], w[2], s1::float8 / nullif(n1, 0),
		t[1], t[2], t[3], t[4], n2, n1
	FROM props
	CROSS JOIN LATERAL (SELECT wilson_interval(s2, n2) AS w, proportion_change_test(s1, n1, s2, n2) AS t) AS x
), holm AS (
	SELECT kpi, brand, p_adjust(p_value) OVER () AS p_holm
	FROM rows
)
SELECT (SELECT wk FROM params) AS week, r.kpi, r.brand, s.ord AS brand_order,
	r.value, r.low, r.high, r.baseline, r.change, r.change_low, r.change_high,
	r.p_value, h.p_holm, coalesce(h.p_holm < 0.05, false) AS flag, r.n_week, r.n_baseline
FROM rows r
JOIN shown s USING (brand)
LEFT JOIN holm h USING (kpi, brand);

COMMENT ON VIEW demo.what_changed IS
'What changed: each KPI (engagement rate by impressions, share of voice, response rate, SLA: first reply within 1 h of business hours, unanswered = missed) of our brand and the top 3 competitors, the last complete week against the four weeks before: value with 95 % interval, baseline, change with 95 % interval, p-value, Holm-adjusted p-value over the rows, flag = significant at 95 % family-wise. Fractions.';

CREATE OR REPLACE VIEW demo.audience_growth AS
WITH params AS (
	SELECT max(date_trunc('week', p.posted_at AT TIME ZONE b.tz))::date AS wk
	FROM demo.posts p JOIN demo.accounts a USING (account_id) JOIN demo.brands b USING (brand)
), steps AS (
	-- day-over-day steps: f(t) and f(t - 1), both snapshots present
	SELECT h.account_id, h.day, h.followers AS f, prev.followers AS f_prev
	FROM demo.follower_history h
	JOIN demo.follower_history prev ON prev.account_id = h.account_id AND prev.day = h.day - 1
	CROSS JOIN params
	WHERE h.day BETWEEN wk - 28 AND wk + 6
), tested AS (
	SELECT s.account_id,
		engagement_rate_change_test(
			engagement_rate_ci_state(s.f, s.f_prev) FILTER (WHERE s.day < wk),
			engagement_rate_ci_state(s.f, s.f_prev) FILTER (WHERE s.day >= wk)) AS t
	FROM steps s CROSS JOIN params
	GROUP BY s.account_id
), growth AS (
	-- follower snapshots are daily: the week's growth runs from the Sunday
	-- before it to its Sunday, the baseline from four weeks earlier to that
	-- Sunday (28 days), shown as the equivalent weekly growth
	SELECT a.account_id, a.brand, a.handle, a.network,
		growth_rate(h.followers, h.day) FILTER (WHERE h.day BETWEEN wk - 1 AND wk + 6) AS week_growth,
		growth_change(h.followers, h.day) FILTER (WHERE h.day BETWEEN wk - 1 AND wk + 6) AS week_change,
		power(1 + growth_rate(h.followers, h.day) FILTER (WHERE h.day BETWEEN wk - 29 AND wk - 1), 0.25) - 1
			AS baseline_weekly_growth,
		max(h.followers) FILTER (WHERE h.day = wk + 6) AS followers
	FROM demo.accounts a
	JOIN demo.follower_history h USING (account_id)
	CROSS JOIN params
	WHERE h.day BETWEEN wk - 29 AND wk + 6
	GROUP BY a.account_id, a.brand, a.handle, a.network
)
SELECT g.*, t.t[1] AS daily_change, t.t[2] AS daily_change_low, t.t[3] AS daily_change_high,
	t.t[4] AS p_value, p_adjust(t.t[4]) OVER () AS p_holm,
	coalesce(p_adjust(t.t[4]) OVER () < 0.05, false) AS flag
FROM growth g LEFT JOIN tested t USING (account_id);

COMMENT ON VIEW demo.audience_growth IS
'Audience growth per account: growth_rate and growth_change of followers over the last complete week (Sunday to Sunday snapshots of follower_history) and the equivalent weekly growth of the four weeks before; the change in daily growth (the 7 day-over-day steps of the week against the 28 before: ratio of sums of f(t) over f(t-1), engagement_rate_change_test), its 95 % interval, p-value, Holm-adjusted p-value over the accounts (p_adjust) and flag. Fractions.';
