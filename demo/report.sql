-- The report of the README's main command (tools/demo.sh), over the sample
-- data of demo/generate.sql:
--     psql -X -f demo/report.sql   (from the project's directory; options:
--                                   -v weeks=8 -v focus=Acme -v sla_minutes=60)
-- It leads with what a manager acts on (A: the customer-care target, then
-- engagement and voice per brand; B: what changed), then the detail
-- (1. engagement rate, 2. share of voice, 3. customer care), then an
-- appendix for analysts (the other engagement-rate definitions, percentiles
-- round the clock and the effect of bots).  Our brand comes first in every
-- table.  Units: rates and shares in %, durations in hours.
-- Functions of the extension are called unqualified, as users write them;
-- the tables are in schema demo.

\ir report_setup.sql
\if :has_response
\ir business_first_reply.sql
\endif

------------------------------------------------------------------------------
\echo 'A. AT A GLANCE:' :focus 'and its competitors over the window, our brand first'
\echo
\if :has_response
\echo 'A1. Customer care against the target: a first reply within' :sla_label 'of business hours (each brand''s'
\echo '    opening hours in its own time zone, holidays closed). SLA %: the conversations a customer opened in'
\echo '    the window that were answered within the target; unanswered ones count as misses. Hours: the'
\echo '    brand''s opening hours and their total in a normal week. Weekend %: conversations started on a'
\echo '    Saturday or Sunday (local); closed %: started while the brand was closed. Those wait for the'
\echo '    next opening: a question sent on Friday evening to a brand open Monday to Friday is answered'
\echo '    on Monday, some 60 hours later round the clock but minutes later in business hours. That is'
\echo '    why the round-the-clock p90 (last column) is one to two days for most brands. p90: of the'
\echo '    answered conversations, in hours.'
WITH per_brand AS (
	-- Plain SQL over care_conversation (one row per conversation).
	-- SLA-ATTAINMENT: the aggregate sla_attainment(conversation, at,
	-- from_brand, target_seconds, calendar) computes the same in one pass.
	SELECT brand, count(*) AS asked,
		avg(weekend::int) AS weekend, avg(closed::int) AS closed,
		count(*) FILTER (WHERE biz_s <= :sla_seconds)::float8 / count(*) AS sla,
		count(*) FILTER (WHERE reply_s IS NULL)::float8 / count(*) AS unanswered,
		percentile_disc(0.9) WITHIN GROUP (ORDER BY biz_s) AS biz_p90,
		percentile_disc(0.9) WITHIN GROUP (ORDER BY reply_s) AS clock_p90
	FROM care_conversation
	GROUP BY brand
)
SELECT p.brand,
	regexp_replace(b.calendar, '^[^;]*; *|; *holidays.*$', '', 'g') AS "opening hours (local)",
	round((business_seconds((:'since'::date)::timestamp AT TIME ZONE b.tz,
		(:'since'::date + 7)::timestamp AT TIME ZONE b.tz, b.calendar::business_calendar) / 3600)::numeric)
		AS "h/week",
	p.asked, round(100 * p.weekend::numeric) AS "weekend %", round(100 * p.closed::numeric) AS "closed %",
	round(100 * p.sla::numeric, 1) AS "SLA %", round(100 * p.unanswered::numeric, 1) AS "unanswered %",
	round((p.biz_p90 / 3600)::numeric, 1) AS "p90 business h",
	round((p.clock_p90 / 3600)::numeric, 1) AS "p90 24/7 h"
FROM per_brand p JOIN demo.brands b USING (brand)
ORDER BY p.brand <> :'focus', b.mention_rank;
\endif

\echo 'A2. Engagement and voice per brand. Engagement rate: Σ engagements / Σ impressions of the brand''s posts'
\echo '    (engagement_rate_agg(engagements, impressions), the ratio of sums; other definitions in the'
\echo '    appendix). Share of voice: the brand''s share of the mentions of all ten brands'
\echo '    (share_of_voice(brand, focus)); net sentiment: (positive - negative) / (positive + negative)'
\echo '    mentions, from -1 to +1 (net_sentiment).'
WITH eng AS (
	SELECT a.brand, count(*) AS posts, engagement_rate_agg(p.engagements, p.impressions) AS rate
	FROM demo.posts p JOIN demo.accounts a USING (account_id) JOIN demo.brands b USING (brand)
	WHERE date_trunc('week', p.posted_at AT TIME ZONE b.tz)::date BETWEEN :'since' AND :'until'
	GROUP BY a.brand
), voice AS (
	SELECT f.brand, count(*) FILTER (WHERE m.brand = f.brand) AS mentions,
		share_of_voice(m.brand, f.brand) AS sov,
		net_sentiment(m.sentiment) FILTER (WHERE m.brand = f.brand) AS net
	FROM demo.mentions m CROSS JOIN demo.brands f
	WHERE date_trunc('week', m.at AT TIME ZONE :'focus_tz')::date BETWEEN :'since' AND :'until'
	GROUP BY f.brand
)
SELECT b.brand, e.posts, round(100 * e.rate::numeric, 2) AS "engagement rate %",
	v.mentions, round(100 * v.sov::numeric, 1) AS "share of voice %", round(v.net::numeric, 2) AS "net sentiment"
FROM demo.brands b LEFT JOIN eng e USING (brand) LEFT JOIN voice v USING (brand)
ORDER BY b.brand <> :'focus', b.mention_rank;

------------------------------------------------------------------------------
-- B. What changed (demo/what_changed.sql, when it exists).
\ir report_what_changed.sql

------------------------------------------------------------------------------
-- C. Best time to post, D. What works (decisions with their uncertainty).
\ir report_decide.sql

------------------------------------------------------------------------------
\echo '1. ENGAGEMENT RATE: Σ engagements / Σ impressions (engagement_rate_agg), %'
\echo
\echo '1a. Weekly, per account, our accounts first. Columns: week starting (local, Monday).'
SELECT a.handle AS account, to_char(w.week, 'MM-DD') AS week,
	round(100 * engagement_rate_agg(p.engagements, p.impressions)::numeric, 2) AS rate,
	w.week - :'since'::date AS ord
FROM demo.posts p
JOIN demo.accounts a USING (account_id)
JOIN demo.brands b USING (brand)
CROSS JOIN LATERAL (SELECT date_trunc('week', p.posted_at AT TIME ZONE b.tz)::date AS week) AS w
WHERE w.week BETWEEN :'since' AND :'until'
GROUP BY b.brand <> :'focus', b.mention_rank, a.account_id, w.week
ORDER BY b.brand <> :'focus', b.mention_rank, a.account_id, w.week
\crosstabview account week rate ord

\echo '1b. Every account over the window, our accounts first: posts, the rate, and the weekly rate as a'
\echo '    sparkline.'
WITH weekly AS (
	SELECT p.account_id, date_trunc('week', p.posted_at AT TIME ZONE b.tz)::date AS week,
		engagement_rate_agg(p.engagements, p.impressions) AS rate
	FROM demo.posts p JOIN demo.accounts a USING (account_id) JOIN demo.brands b USING (brand)
	GROUP BY 1, 2
)
SELECT a.handle AS account, a.network, to_char(a.followers, '99,999,999') AS followers,
	count(*) AS posts,
	round(100 * engagement_rate_agg(p.engagements, p.impressions)::numeric, 2) AS "rate %",
	(SELECT demo.spark(array_agg(w.rate ORDER BY w.week)) FROM weekly w
	 WHERE w.account_id = a.account_id AND w.week BETWEEN :'since' AND :'until') AS weekly
FROM demo.posts p
JOIN demo.accounts a USING (account_id)
JOIN demo.brands b USING (brand)
WHERE date_trunc('week', p.posted_at AT TIME ZONE b.tz)::date BETWEEN :'since' AND :'until'
GROUP BY b.brand <> :'focus', b.mention_rank, a.account_id
ORDER BY b.brand <> :'focus', b.mention_rank, a.account_id;

\echo '1c. Top 5 posts of the last week by engagement rate (engagement_rate(engagements, impressions)),'
\echo '    posts with at least 10,000 impressions.'
SELECT a.handle AS account, to_char(p.posted_at AT TIME ZONE b.tz, 'Dy DD Mon HH24:MI') AS "posted (local)",
	to_char(p.impressions, '99,999,999') AS impressions, p.engagements,
	round(100 * engagement_rate(p.engagements, p.impressions)::numeric, 2) AS "rate %"
FROM demo.posts p JOIN demo.accounts a USING (account_id) JOIN demo.brands b USING (brand)
WHERE p.posted_at AT TIME ZONE b.tz >= :'until'::date - 6
	AND p.posted_at AT TIME ZONE b.tz < :'until'::date + 1
	AND p.impressions >= 10000
ORDER BY engagement_rate(p.engagements, p.impressions) DESC, p.post_id
LIMIT 5;

------------------------------------------------------------------------------
\echo '2. SHARE OF VOICE AND NET SENTIMENT (weeks of' :focus_tz 'time)'
\echo
\echo '2a. Weekly share of voice, % of the mentions of all brands:' :focus 'against the top three competitors'
\echo '    (by mentions over the window); share_of_voice(brand, focus) per week and brand.'
WITH top AS (
	SELECT brand, row_number() OVER (ORDER BY brand <> :'focus', count(*) DESC, brand) AS ord
	FROM demo.mentions
	WHERE date_trunc('week', at AT TIME ZONE :'focus_tz')::date BETWEEN :'since' AND :'until'
	GROUP BY brand
)
SELECT to_char(w.week, 'YYYY-MM-DD') AS week, t.brand, t.ord,
	round(100 * share_of_voice(m.brand, t.brand)::numeric, 1) AS sov
FROM demo.mentions m
CROSS JOIN LATERAL (SELECT date_trunc('week', m.at AT TIME ZONE :'focus_tz')::date AS week) AS w
CROSS JOIN top t
WHERE w.week BETWEEN :'since' AND :'until' AND t.ord <= 4
GROUP BY w.week, t.brand, t.ord
ORDER BY w.week, t.ord
\crosstabview week brand sov ord

\echo '2b. Every brand over the window, ours first: mentions, share of voice %, net sentiment, and their'
\echo '    weekly trends (sparklines).'
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
		net_sentiment(sentiment) AS net
	FROM m GROUP BY brand
)
SELECT t.brand, t.mentions, round(100 * t.sov::numeric, 1) AS "SoV %", round(t.net::numeric, 2) AS "net sent.",
	(SELECT demo.spark(array_agg(w.sov ORDER BY w.week)) FROM weekly w WHERE w.brand = t.brand) AS "weekly SoV",
	(SELECT demo.spark(array_agg(w.net ORDER BY w.week)) FROM weekly w WHERE w.brand = t.brand) AS "weekly net"
FROM total t JOIN demo.brands b USING (brand)
ORDER BY t.brand <> :'focus', t.mentions DESC, b.mention_rank;

------------------------------------------------------------------------------
-- 3. Customer care: when the extension has reply pairing, the quantile
-- sketch and business time (:has_response, set by report_setup.sql).
\if :has_response
\ir report_response.sql
\else
\echo '3. CUSTOMER CARE: not in this report; it needs reply pairing, the quantile sketch and business time'
\echo '   in the extension (first_reply_sketch, quantile_sketch, business_seconds, ...).'
\echo
\endif

------------------------------------------------------------------------------
\echo 'APPENDIX (for analysts: definitions the headline does not use)'
\echo
\echo 'X1. Every account over the window, our accounts first: the four engagement rates tools report, %.'
\echo '    Ratio of sums (engagement_rate_agg, Rival IQ, Later) and mean of per-post rates'
\echo '    (avg_engagement_rate, Iconosquare, Emplifi, which small posts pull up), by impressions and by'
\echo '    reach. Posts with 0 impressions (insights missing) count in neither mean; posts without reach'
\echo '    are left out of the rates by reach.'
SELECT a.handle AS account, count(*) AS posts, count(*) FILTER (WHERE p.impressions = 0) AS "0 impr.",
	round(100 * engagement_rate_agg(p.engagements, p.impressions)::numeric, 2) AS "impr. sums %",
	round(100 * avg_engagement_rate(p.engagements, p.impressions)::numeric, 2) AS "impr. mean %",
	round(100 * engagement_rate_agg(p.engagements, p.reach)::numeric, 2) AS "reach sums %",
	round(100 * avg_engagement_rate(p.engagements, p.reach)::numeric, 2) AS "reach mean %"
FROM demo.posts p
JOIN demo.accounts a USING (account_id)
JOIN demo.brands b USING (brand)
WHERE date_trunc('week', p.posted_at AT TIME ZONE b.tz)::date BETWEEN :'since' AND :'until'
GROUP BY b.brand <> :'focus', b.mention_rank, a.account_id
ORDER BY b.brand <> :'focus', b.mention_rank, a.account_id;

\echo 'X2. Share of voice weighted by the mentions'' engagements, %, against the count-based share, per brand.'
SELECT m.brand, round(100 * (count(*)::float8 / sum(count(*)) OVER ())::numeric, 1) AS "by count %",
	round(100 * (sum(m.engagements)::float8 / sum(sum(m.engagements)) OVER ())::numeric, 1) AS "by engagements %"
FROM demo.mentions m JOIN demo.brands b USING (brand)
WHERE date_trunc('week', m.at AT TIME ZONE :'focus_tz')::date BETWEEN :'since' AND :'until'
GROUP BY m.brand, b.mention_rank
ORDER BY m.brand <> :'focus', b.mention_rank;

\if :has_response
\ir report_response_appendix.sql
\endif

\echo 'Figures are rounded; rates and shares are fractions shown as %, durations in hours.'
