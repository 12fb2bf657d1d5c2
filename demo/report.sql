-- The report of the README's main command (tools/demo.sh), over the sample
-- data of demo/generate.sql:
--     psql -X -f demo/report.sql            (options: -v weeks=8 -v focus=Acme)
-- Sections: 1. engagement rate per account, 2. share of voice and net
-- sentiment, 3. customer-care response times (demo/report_response.sql).
-- Functions of the extension are called unqualified, as users write them;
-- the tables are in schema demo.

\ir report_setup.sql

------------------------------------------------------------------------------
\echo '1. ENGAGEMENT RATE'
\echo
\echo '1a. Weekly engagement rate per account, % of impressions: engagement_rate_agg(engagements, impressions),'
\echo '    the ratio of sums sum(engagements) / sum(impressions) (Rival IQ, Later). Columns: week starting.'
SELECT a.handle AS account, to_char(w.week, 'MM-DD') AS week,
	round(100 * engagement_rate_agg(p.engagements, p.impressions)::numeric, 2) AS rate,
	w.week - :'since'::date AS ord
FROM demo.posts p
JOIN demo.accounts a USING (account_id)
JOIN demo.brands b USING (brand)
CROSS JOIN LATERAL (SELECT date_trunc('week', p.posted_at AT TIME ZONE b.tz)::date AS week) AS w
WHERE w.week BETWEEN :'since' AND :'until'
GROUP BY b.mention_rank, a.account_id, w.week
ORDER BY b.mention_rank, a.account_id, w.week
\crosstabview account week rate ord

\echo '1b. The four rates of' :focus 'week by week, %. Ratio of sums: engagement_rate_agg; mean of per-post'
\echo '    rates: avg_engagement_rate (Iconosquare, Emplifi), which small posts pull up. Posts with 0'
\echo '    impressions (insights missing) count in neither mean; posts without reach are left out by reach.'
SELECT a.handle AS account, to_char(w.week, 'YYYY-MM-DD') AS week, count(*) AS posts,
	count(*) FILTER (WHERE p.impressions = 0) AS "0 impr.",
	round(100 * engagement_rate_agg(p.engagements, p.impressions)::numeric, 2) AS "impr. sums",
	round(100 * avg_engagement_rate(p.engagements, p.impressions)::numeric, 2) AS "impr. mean",
	round(100 * engagement_rate_agg(p.engagements, p.reach)::numeric, 2) AS "reach sums",
	round(100 * avg_engagement_rate(p.engagements, p.reach)::numeric, 2) AS "reach mean"
FROM demo.posts p
JOIN demo.accounts a USING (account_id)
JOIN demo.brands b USING (brand)
CROSS JOIN LATERAL (SELECT date_trunc('week', p.posted_at AT TIME ZONE b.tz)::date AS week) AS w
WHERE b.brand = :'focus' AND w.week BETWEEN :'since' AND :'until'
GROUP BY a.account_id, w.week
ORDER BY a.account_id, w.week;

\echo '1c. Every account over the window: the same four rates, %, and the weekly ratio of sums by'
\echo '    impressions as a sparkline.'
WITH weekly AS (
	SELECT p.account_id, date_trunc('week', p.posted_at AT TIME ZONE b.tz)::date AS week,
		engagement_rate_agg(p.engagements, p.impressions) AS rate
	FROM demo.posts p JOIN demo.accounts a USING (account_id) JOIN demo.brands b USING (brand)
	GROUP BY 1, 2
)
SELECT a.handle AS account, a.network, to_char(a.followers, '99,999,999') AS followers,
	count(*) AS posts,
	round(100 * engagement_rate_agg(p.engagements, p.impressions)::numeric, 2) AS "impr. sums",
	round(100 * avg_engagement_rate(p.engagements, p.impressions)::numeric, 2) AS "impr. mean",
	round(100 * engagement_rate_agg(p.engagements, p.reach)::numeric, 2) AS "reach sums",
	round(100 * avg_engagement_rate(p.engagements, p.reach)::numeric, 2) AS "reach mean",
	(SELECT demo.spark(array_agg(w.rate ORDER BY w.week)) FROM weekly w
	 WHERE w.account_id = a.account_id AND w.week BETWEEN :'since' AND :'until') AS weekly
FROM demo.posts p
JOIN demo.accounts a USING (account_id)
JOIN demo.brands b USING (brand)
WHERE date_trunc('week', p.posted_at AT TIME ZONE b.tz)::date BETWEEN :'since' AND :'until'
GROUP BY b.mention_rank, a.account_id
ORDER BY b.mention_rank, a.account_id;

\echo '1d. Top 5 posts of the last week by engagement rate (engagement_rate(engagements, reach)), posts'
\echo '    reaching at least 10,000 people.'
SELECT a.handle AS account, to_char(p.posted_at AT TIME ZONE b.tz, 'Dy DD Mon HH24:MI') AS "posted (local)",
	to_char(p.reach, '99,999,999') AS reach, p.engagements,
	round(100 * engagement_rate(p.engagements, p.reach)::numeric, 2) AS "rate %"
FROM demo.posts p JOIN demo.accounts a USING (account_id) JOIN demo.brands b USING (brand)
WHERE p.posted_at AT TIME ZONE b.tz >= :'until'::date - 6
	AND p.posted_at AT TIME ZONE b.tz < :'until'::date + 1
	AND p.reach >= 10000
ORDER BY engagement_rate(p.engagements, p.reach) DESC, p.post_id
LIMIT 5;

------------------------------------------------------------------------------
\echo '2. SHARE OF VOICE AND NET SENTIMENT'
\echo
\echo '2a.' :focus 'week by week, weeks of' :focus_tz 'time: share_of_voice(brand, focus) of all mentions, %, by'
\echo '    count and weighted by the mentions'' engagements; net_sentiment(sentiment) = (positive - negative)'
\echo '    / (positive + negative), neutral and unscored mentions left out.'
SELECT to_char(w.week, 'YYYY-MM-DD') AS week, count(*) AS mentions,
	count(*) FILTER (WHERE m.brand = :'focus') AS ours,
	round(100 * share_of_voice(m.brand, :'focus')::numeric, 1) AS "SoV %",
	round(100 * share_of_voice(m.brand, :'focus', m.engagements)::numeric, 1) AS "SoV eng. %",
	round(net_sentiment(m.sentiment) FILTER (WHERE m.brand = :'focus')::numeric, 3) AS "net sent.",
	round(net_sentiment(m.sentiment) FILTER (WHERE m.brand <> :'focus')::numeric, 3) AS "others' net"
FROM demo.mentions m
CROSS JOIN LATERAL (SELECT date_trunc('week', m.at AT TIME ZONE :'focus_tz')::date AS week) AS w
WHERE w.week BETWEEN :'since' AND :'until'
GROUP BY w.week
ORDER BY w.week;

\echo '2b. Every brand over the window: share of voice, %, by count and engagement-weighted (the per-brand'
\echo '    breakdown in plain SQL: count(*) / sum(count(*)) OVER ()), net sentiment, and their weekly trends.'
WITH m AS (
	SELECT m.*, date_trunc('week', m.at AT TIME ZONE :'focus_tz')::date AS week
	FROM demo.mentions m
	WHERE date_trunc('week', m.at AT TIME ZONE :'focus_tz')::date BETWEEN :'since' AND :'until'
), weekly AS (
	SELECT brand, week,
		count(*)::float8 / sum(count(*)) OVER (PARTITION BY week) AS sov,
		net_sentiment(sentiment) AS net
	FROM m GROUP BY brand, week
), total AS (
	SELECT brand, count(*) AS mentions,
		count(*)::float8 / sum(count(*)) OVER () AS sov,
		sum(engagements)::float8 / sum(sum(engagements)) OVER () AS sov_eng,
		net_sentiment(sentiment) AS net
	FROM m GROUP BY brand
)
SELECT t.brand, t.mentions, round(100 * t.sov::numeric, 1) AS "SoV %",
	round(100 * t.sov_eng::numeric, 1) AS "SoV eng. %", round(t.net::numeric, 3) AS "net sent.",
	(SELECT demo.spark(array_agg(w.sov ORDER BY w.week)) FROM weekly w WHERE w.brand = t.brand) AS "weekly SoV",
	(SELECT demo.spark(array_agg(w.net ORDER BY w.week)) FROM weekly w WHERE w.brand = t.brand) AS "weekly net"
FROM total t JOIN demo.brands b USING (brand)
ORDER BY t.mentions DESC, b.mention_rank;

------------------------------------------------------------------------------
-- 3. Response times: when the extension has reply pairing, the quantile
-- sketch and business time (:has_response, set by report_setup.sql).
\if :has_response
\ir report_response.sql
\else
\echo '3. CUSTOMER CARE: FIRST REPLY TIME: not in this report; it needs reply pairing, the quantile sketch and'
\echo '   business time in the extension (first_reply_sketch, quantile_sketch, business_seconds, ...).'
\echo
\endif

\echo 'Figures are rounded; rates and shares are fractions shown as %.'
