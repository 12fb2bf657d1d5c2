-- Section B of the report, "What changed": demo/what_changed.sql (the
-- trends section) creates the views demo.what_changed (each KPI of our
-- brand and the top three competitors, the last complete week against the
-- four weeks before: value and interval, change and interval, Holm-adjusted
-- p-value, flag) and demo.audience_growth (per account); this prints them.
-- Included by demo/report.sql; tools/demo.sh also runs it alone, in psql's
-- HTML output format, for the web page (demo/report_html.py --what-changed).
-- Prints nothing when demo/what_changed.sql does not exist
-- (:has_what_changed, report_setup.sql).

\ir report_setup.sql
\if :has_what_changed
SET client_min_messages = warning;
\ir what_changed.sql
RESET client_min_messages;
SELECT to_char(min(week), 'YYYY-MM-DD') AS wc_week FROM demo.what_changed \gset
\echo 'B. WHAT CHANGED: the week of' :wc_week 'against the four weeks before'
\echo
\echo 'B1. Each KPI of' :focus 'and the top three competitors, %: this week with its 95 % interval, the four weeks'
\echo '    before, and the change in percentage points with its 95 % interval. Flag: significant at 95 %'
\echo '    after Holm''s adjustment over every row (p_adjust; so that noise is flagged in at most one week in'
\echo '    twenty); p: the adjusted p-value. SLA: a first reply within' :sla_label 'of business hours, unanswered'
\echo '    conversations counted as misses (as in A1).'
SELECT kpi, brand,
	round(100 * value::numeric, 2) AS "this week %",
	format('%s–%s', round(100 * low::numeric, 2), round(100 * high::numeric, 2)) AS "95 % interval",
	round(100 * baseline::numeric, 2) AS "4 weeks before %",
	round(100 * change::numeric, 2) AS "change pp",
	format('%s to %s', round(100 * change_low::numeric, 2), round(100 * change_high::numeric, 2)) AS "change interval pp",
	CASE WHEN p_holm < 0.001 THEN '<0.001' ELSE round(p_holm::numeric, 3)::text END AS p,
	CASE WHEN flag THEN CASE WHEN change < 0 THEN '▼ dropped' ELSE '▲ rose' END ELSE '' END AS flag
FROM demo.what_changed
ORDER BY kpi, brand_order;

\echo 'B2. Audience growth per account, our accounts first, %: followers gained over the week, the weekly growth'
\echo '    of the four weeks before (growth_rate over follower_history), and the change in daily growth (the'
\echo '    7 day-over-day steps of the week against the 28 before, engagement_rate_change_test on the ratio of'
\echo '    follower counts) in points with its 95 % interval. Flag: significant at 95 % after Holm''s'
\echo '    adjustment over the accounts (p_adjust); p: the adjusted p-value.'
SELECT g.handle AS account, g.network, to_char(g.followers, 'FM999,999,999') AS followers,
	to_char(g.week_change, 'FMS999,999,999') AS "gained", round(100 * g.week_growth::numeric, 2) AS "growth %",
	round(100 * g.baseline_weekly_growth::numeric, 2) AS "weekly growth before %",
	round(100 * g.daily_change::numeric, 2) AS "daily growth change pp",
	format('%s to %s', round(100 * g.daily_change_low::numeric, 2), round(100 * g.daily_change_high::numeric, 2))
		AS "change interval pp",
	CASE WHEN g.p_holm < 0.001 THEN '<0.001' ELSE round(g.p_holm::numeric, 3)::text END AS p,
	CASE WHEN g.flag THEN CASE WHEN g.daily_change < 0 THEN '▼ stalled' ELSE '▲ burst' END ELSE '' END AS flag
FROM demo.audience_growth g JOIN demo.brands b USING (brand)
ORDER BY g.brand <> :'focus', b.mention_rank, g.account_id;
\endif
