-- The data of the HTML report (demo/report_html.py), from the same tables
-- and the same functions as the text report (demo/report.sql):
--     psql -X -At -f demo/report_json.sql | python3 demo/report_html.py > report.html
-- (options as for the text report: -v weeks=8 -v focus=Acme).
--
-- Prints one JSON document per line (jsonb: no line breaks), {"section": NAME, ...}: meta,
-- engagement, voice and, when the extension has reply pairing, the quantile
-- sketch and business time, response.  Values are unrounded numbers (rates
-- and shares are fractions, durations are seconds); the generator rounds
-- them for display.  NULL (no denominator) stays null.

\set report_header none
\ir report_setup.sql
\pset format unaligned
\pset tuples_only on

-- What the data is; the window's weeks, ascending; the brands.
SELECT jsonb_build_object('section', 'meta',
	'title', 'social_metrics sample report',
	'server_version', current_setting('server_version'),
	'extension_version', (SELECT extversion FROM pg_extension WHERE extname = 'social_metrics'),
	'posts', (SELECT count(*) FROM demo.posts),
	'accounts', (SELECT count(*) FROM demo.accounts),
	'brands', (SELECT count(*) FROM demo.brands),
	'conversations', (SELECT count(*) FROM demo.conversations),
	'messages', (SELECT count(*) FROM demo.messages),
	'mentions', (SELECT count(*) FROM demo.mentions),
	'since', :'since'::date, 'until', :'until'::date,
	'weeks', (SELECT json_agg(w::date ORDER BY w)
		FROM generate_series(:'since'::date, :'until'::date, interval '7 days') AS w),
	'focus', :'focus', 'focus_tz', :'focus_tz',
	'sla_seconds', :sla_seconds, 'sla_label', :'sla_label',
	'brand_list', (SELECT json_agg(json_build_object('brand', brand, 'rank', mention_rank, 'focus', focus,
			'tz', tz, 'calendar', calendar,
			'hours', regexp_replace(calendar, '^[^;]*; *|; *holidays.*$', '', 'g'))
		ORDER BY mention_rank) FROM demo.brands));

-- Events to mark on the charts, in the window: the sample data's planted
-- events (demo/generate.sql, doc/demo.md), as a team's marketing calendar
-- would list them (the last week's planted drop and spike come with the
-- "What changed" section, demo/what_changed.sql), and the focus brand's
-- holiday closures (from its calendar).  chart: which charts show it
-- (engagement, voice, care).
SELECT jsonb_build_object('section', 'events',
	'events', (SELECT json_agg(e ORDER BY e.since, e.label) FROM (
		SELECT * FROM (VALUES
			(date '2026-03-16', date '2026-03-22', 'Cobalt crisis', 'voice', 'Cobalt',
			 'a competitor''s crisis: its mentions quadruple, their tone turns negative'),
			(date '2026-04-06', CASE WHEN :'has_what_changed' THEN date '2026-04-19' ELSE date '2026-04-26' END,
			 'Acme campaign', 'engagement', 'Acme', 'our campaign: a third more engagement from 6 April')
		) AS v(since, until, label, chart, brand, note)
		UNION ALL
		-- the planted changes of the "What changed" section (they come with it)
		SELECT * FROM (VALUES
			(date '2026-04-20', date '2026-04-26', 'Acme drop', 'engagement', 'Acme',
			 'planted drop: our engagement rate falls by about a third'),
			(date '2026-04-20', date '2026-04-24', 'Dunmore launch', 'voice', 'Dunmore',
			 'a competitor''s product launch lifts its share of voice')
		) AS p(since, until, label, chart, brand, note)
		WHERE :'has_what_changed'
		UNION ALL
		SELECT h, h, b.brand || ' closed', 'care', b.brand, 'holiday closure (' || to_char(h, 'Dy DD Mon') || ')'
		FROM demo.brands b, unnest(b.holidays) AS h
		WHERE b.brand = :'focus' AND h BETWEEN :'since' AND :'until'
	) AS e WHERE e.until >= :'since' AND e.since <= :'until'));

------------------------------------------------------------------------------
-- 1. Engagement rate: per account and local week (the brand's time zone),
-- the four variants; per account over the window; the top posts of the last
-- week.
SELECT jsonb_build_object('section', 'engagement',
	'weekly', (SELECT json_agg(x ORDER BY x.brand <> :'focus', x.rank, x.account_id, x.week) FROM (
		SELECT b.mention_rank AS rank, a.account_id, a.handle, a.brand, a.network, w.week,
			count(*) AS posts, count(*) FILTER (WHERE p.impressions = 0) AS zero_impressions,
			engagement_rate_agg(p.engagements, p.impressions) AS impr_sums,
			avg_engagement_rate(p.engagements, p.impressions) AS impr_mean,
			engagement_rate_agg(p.engagements, p.reach) AS reach_sums,
			avg_engagement_rate(p.engagements, p.reach) AS reach_mean
		FROM demo.posts p
		JOIN demo.accounts a USING (account_id)
		JOIN demo.brands b USING (brand)
		CROSS JOIN LATERAL (SELECT date_trunc('week', p.posted_at AT TIME ZONE b.tz)::date AS week) AS w
		WHERE w.week BETWEEN :'since' AND :'until'
		GROUP BY b.mention_rank, a.account_id, w.week) AS x),
	'accounts', (SELECT json_agg(x ORDER BY x.brand <> :'focus', x.rank, x.account_id) FROM (
		SELECT b.mention_rank AS rank, a.account_id, a.handle, a.brand, a.network, a.followers,
			count(*) AS posts, count(*) FILTER (WHERE p.impressions = 0) AS zero_impressions,
			engagement_rate_agg(p.engagements, p.impressions) AS impr_sums,
			avg_engagement_rate(p.engagements, p.impressions) AS impr_mean,
			engagement_rate_agg(p.engagements, p.reach) AS reach_sums,
			avg_engagement_rate(p.engagements, p.reach) AS reach_mean
		FROM demo.posts p
		JOIN demo.accounts a USING (account_id)
		JOIN demo.brands b USING (brand)
		WHERE date_trunc('week', p.posted_at AT TIME ZONE b.tz)::date BETWEEN :'since' AND :'until'
		GROUP BY b.mention_rank, a.account_id) AS x),
	'focus_total', (SELECT json_build_object(
			'impr_sums', engagement_rate_agg(p.engagements, p.impressions),
			'impr_mean', avg_engagement_rate(p.engagements, p.impressions))
		FROM demo.posts p
		JOIN demo.accounts a USING (account_id)
		JOIN demo.brands b USING (brand)
		WHERE b.brand = :'focus'
			AND date_trunc('week', p.posted_at AT TIME ZONE b.tz)::date BETWEEN :'since' AND :'until'),
	'brands', (SELECT json_agg(x ORDER BY x.brand <> :'focus', x.rank) FROM (
		SELECT a.brand, b.mention_rank AS rank, count(*) AS posts,
			engagement_rate_agg(p.engagements, p.impressions) AS rate
		FROM demo.posts p
		JOIN demo.accounts a USING (account_id)
		JOIN demo.brands b USING (brand)
		WHERE date_trunc('week', p.posted_at AT TIME ZONE b.tz)::date BETWEEN :'since' AND :'until'
		GROUP BY a.brand, b.mention_rank) AS x),
	'top_posts', (SELECT json_agg(x ORDER BY x.rate DESC, x.post_id) FROM (
		SELECT p.post_id, a.handle, a.brand,
			to_char(p.posted_at AT TIME ZONE b.tz, 'Dy DD Mon HH24:MI') AS posted_local,
			p.impressions, p.engagements, engagement_rate(p.engagements, p.impressions) AS rate
		FROM demo.posts p JOIN demo.accounts a USING (account_id) JOIN demo.brands b USING (brand)
		WHERE p.posted_at AT TIME ZONE b.tz >= :'until'::date - 6
			AND p.posted_at AT TIME ZONE b.tz < :'until'::date + 1
			AND p.impressions >= 10000
		ORDER BY engagement_rate(p.engagements, p.impressions) DESC, p.post_id
		LIMIT 5) AS x));

------------------------------------------------------------------------------
-- 2. Share of voice and net sentiment, weeks of the focus brand's time zone.
SELECT jsonb_build_object('section', 'voice',
	'weekly', (SELECT json_agg(x ORDER BY x.week, x.rank) FROM (
		SELECT m.brand, b.mention_rank AS rank, w.week, count(*) AS mentions,
			count(*)::float8 / sum(count(*)) OVER (PARTITION BY w.week) AS sov,
			sum(m.engagements)::float8 / nullif(sum(sum(m.engagements)) OVER (PARTITION BY w.week), 0) AS sov_eng,
			net_sentiment(m.sentiment) AS net
		FROM demo.mentions m
		JOIN demo.brands b USING (brand)
		CROSS JOIN LATERAL (SELECT date_trunc('week', m.at AT TIME ZONE :'focus_tz')::date AS week) AS w
		WHERE w.week BETWEEN :'since' AND :'until'
		GROUP BY m.brand, b.mention_rank, w.week) AS x),
	'focus_weekly', (SELECT json_agg(x ORDER BY x.week) FROM (
		SELECT w.week, count(*) AS mentions, count(*) FILTER (WHERE m.brand = :'focus') AS ours,
			share_of_voice(m.brand, :'focus') AS sov,
			share_of_voice(m.brand, :'focus', m.engagements) AS sov_eng,
			net_sentiment(m.sentiment) FILTER (WHERE m.brand = :'focus') AS net_ours,
			net_sentiment(m.sentiment) FILTER (WHERE m.brand <> :'focus') AS net_others
		FROM demo.mentions m
		CROSS JOIN LATERAL (SELECT date_trunc('week', m.at AT TIME ZONE :'focus_tz')::date AS week) AS w
		WHERE w.week BETWEEN :'since' AND :'until'
		GROUP BY w.week) AS x),
	'focus_total', (SELECT json_build_object('mentions', count(*),
			'ours', count(*) FILTER (WHERE m.brand = :'focus'),
			'sov', share_of_voice(m.brand, :'focus'),
			'sov_eng', share_of_voice(m.brand, :'focus', m.engagements),
			'net_ours', net_sentiment(m.sentiment) FILTER (WHERE m.brand = :'focus'),
			'net_others', net_sentiment(m.sentiment) FILTER (WHERE m.brand <> :'focus'))
		FROM demo.mentions m
		WHERE date_trunc('week', m.at AT TIME ZONE :'focus_tz')::date BETWEEN :'since' AND :'until'),
	'brands', (SELECT json_agg(x ORDER BY x.mentions DESC, x.rank) FROM (
		SELECT m.brand, b.mention_rank AS rank, count(*) AS mentions,
			count(*)::float8 / sum(count(*)) OVER () AS sov,
			sum(m.engagements)::float8 / nullif(sum(sum(m.engagements)) OVER (), 0) AS sov_eng,
			net_sentiment(m.sentiment) AS net
		FROM demo.mentions m
		JOIN demo.brands b USING (brand)
		WHERE date_trunc('week', m.at AT TIME ZONE :'focus_tz')::date BETWEEN :'since' AND :'until'
		GROUP BY m.brand, b.mention_rank) AS x));

------------------------------------------------------------------------------
-- 3. Customer care, when the extension has the functions it needs
-- (:has_response, set by report_setup.sql); the page leaves the section out
-- otherwise.
\if :has_response
\ir daily_first_reply.sql
\ir business_first_reply.sql
WITH clock AS (
	-- round the clock: one sketch per brand, pairing inside the aggregate
	SELECT c.brand,
		first_reply_sketch(m.conversation_id, m.at, m.from_brand) FILTER (WHERE NOT m.automated) AS s,
		first_reply_sketch(m.conversation_id, m.at, m.from_brand) AS with_bots
	FROM demo.messages m
	JOIN demo.conversations c USING (conversation_id)
	JOIN demo.brands b ON b.brand = c.brand
	WHERE local_date(c.started_at, b.tz) BETWEEN :'since' AND :'until'
	GROUP BY c.brand
), care AS (
	-- SLA-ATTAINMENT: plain SQL over care_conversation (one row per
	-- conversation; unanswered ones count as misses); the aggregate
	-- sla_attainment(conversation, at, from_brand, target_seconds, calendar)
	-- computes the same in one pass.
	SELECT brand, count(*) AS asked, count(reply_s) AS answered,
		count(*) FILTER (WHERE reply_s IS NULL)::float8 / count(*) AS unanswered,
		count(*) FILTER (WHERE biz_s <= :sla_seconds)::float8 / count(*) AS sla,
		count(*) FILTER (WHERE reply_s <= :sla_seconds)::float8 / count(*) AS sla_clock,
		avg(weekend::int) AS weekend, avg(closed::int) AS closed
	FROM care_conversation
	GROUP BY brand
), brands AS (
	SELECT c.brand, b.mention_rank AS rank, k.asked, k.answered, k.unanswered, k.sla, k.sla_clock,
		k.weekend, k.closed,
		business_seconds((:'since'::date)::timestamp AT TIME ZONE b.tz,
			(:'since'::date + 7)::timestamp AT TIME ZONE b.tz, b.calendar::business_calendar) / 3600 AS open_hours_week,
		q.p[1] AS p50, q.p[2] AS p90, q.p[3] AS p99, approx_rank(c.s, 3600) AS within_1h,
		bq.p[1] AS biz_p50, bq.p[2] AS biz_p90, bq.p[3] AS biz_p99, approx_rank(bs.s, 3600) AS biz_within_1h,
		approx_percentile(c.with_bots, 0.5) AS p50_with_bots,
		greatest(sketch_error(c.s), sketch_error(bs.s)) AS error
	FROM clock c
	JOIN care k USING (brand)
	JOIN business_first_reply bs USING (brand)
	JOIN demo.brands b USING (brand)
	CROSS JOIN LATERAL (SELECT approx_percentiles(c.s, '{0.5,0.9,0.99}') AS p) AS q
	CROSS JOIN LATERAL (SELECT approx_percentiles(bs.s, '{0.5,0.9,0.99}') AS p) AS bq
), weekly AS (
	SELECT c.brand, b.mention_rank AS rank, c.week, count(*) AS asked,
		count(*) FILTER (WHERE c.biz_s <= :sla_seconds)::float8 / count(*) AS sla,
		approx_percentile(quantile_sketch(c.biz_s), 0.9) AS biz_p90,
		approx_percentile(quantile_sketch(c.reply_s), 0.9) AS p90
	FROM care_conversation c
	JOIN demo.brands b USING (brand)
	WHERE c.week BETWEEN :'since' AND :'until'
	GROUP BY c.brand, b.mention_rank, c.week
), daily AS (
	-- from the materialized view only: the focus brand's daily sketches and
	-- the other brands' merged per day, then rolled up over 7 days
	SELECT day, sketch_count(ours) AS answered, approx_percentile(ours, 0.9) AS p90_day,
		approx_percentile(rollup(ours) OVER w, 0.9) AS p90_7d,
		approx_rank(rollup(ours) OVER w, 3600) AS within_1h_7d,
		approx_percentile(rollup(others) OVER w, 0.9) AS others_p90_7d,
		approx_rank(rollup(others) OVER w, 3600) AS others_within_1h_7d
	FROM (
		SELECT day, rollup(first_reply) FILTER (WHERE brand = :'focus') AS ours,
			rollup(first_reply) FILTER (WHERE brand <> :'focus') AS others
		FROM demo.daily_first_reply
		GROUP BY day
	) AS d
	WINDOW w AS (ORDER BY day RANGE BETWEEN '6 days' PRECEDING AND CURRENT ROW)
)
SELECT jsonb_build_object('section', 'response',
	'brands', (SELECT json_agg(x ORDER BY x.brand <> :'focus', x.rank) FROM brands AS x),
	'weekly', (SELECT json_agg(x ORDER BY x.brand <> :'focus', x.rank, x.week) FROM weekly AS x),
	'daily', (SELECT json_agg(x ORDER BY x.day) FROM daily AS x WHERE x.day BETWEEN :'since' AND :'until'));
\endif
