-- Section 3 of the main job's report: customer-care response times.
-- Included by demo/report.sql; runs alone too:
--     psql -X -f demo/report_response.sql
-- It creates (or refreshes) the materialized view demo.daily_first_reply.
--
-- What "first reply" means here (SPEC 3): per conversation, the seconds from
-- the customer's first message to the brand's first message strictly after
-- it; NULL if the brand never answered.  The bots' auto-acknowledgements
-- (automated) are not replies: every pairing filters them out.

\ir report_setup.sql

\echo '3. CUSTOMER CARE: FIRST REPLY TIME'
\echo
\echo '3a. Per brand, conversations the customer opened in the window: p50/p90/p99 of the first reply and'
\echo '    the share of replies within 1 h, round the clock (first_reply_sketch, one pass per brand, no'
\echo '    per-conversation GROUP BY) and in business hours (business_seconds over the brand''s'
\echo '    business_calendar). Asked: conversations with a customer message; unans.: the share of them the'
\echo '    brand never answered (unanswered_share, computed from the same state as the sketch). Last'
\echo '    column: the p50 a report that forgets to filter out the bots'' auto-acknowledgements would show.'
\ir business_first_reply.sql
WITH clock AS (
	SELECT c.brand,
		first_reply_sketch(m.conversation_id, m.at, m.from_brand) FILTER (WHERE NOT m.automated) AS s,
		unanswered_count(m.conversation_id, m.at, m.from_brand) FILTER (WHERE NOT m.automated) AS unanswered,
		unanswered_share(m.conversation_id, m.at, m.from_brand) FILTER (WHERE NOT m.automated) AS unanswered_share,
		first_reply_sketch(m.conversation_id, m.at, m.from_brand) AS with_bots
	FROM demo.messages m
	JOIN demo.conversations c USING (conversation_id)
	JOIN demo.brands b ON b.brand = c.brand
	WHERE local_date(c.started_at, b.tz) BETWEEN :'since' AND :'until'
	GROUP BY c.brand
)
SELECT c.brand, sketch_count(c.s) + c.unanswered AS asked,
	round(100 * c.unanswered_share::numeric, 1) AS "unans. %",
	demo.fmt_seconds(q.p[1]) AS p50, demo.fmt_seconds(q.p[2]) AS p90, demo.fmt_seconds(q.p[3]) AS p99,
	round(100 * approx_rank(c.s, 3600)::numeric) AS "≤1h %",
	demo.fmt_seconds(bq.p[1]) AS "biz p50", demo.fmt_seconds(bq.p[2]) AS "biz p90",
	demo.fmt_seconds(bq.p[3]) AS "biz p99",
	round(100 * approx_rank(bs.s, 3600)::numeric) AS "biz ≤1h %",
	demo.fmt_seconds(approx_percentile(c.with_bots, 0.5)) AS "p50 w/ bots"
FROM clock c
JOIN business_first_reply bs USING (brand)
JOIN demo.brands b USING (brand)
CROSS JOIN LATERAL (SELECT approx_percentiles(c.s, '{0.5,0.9,0.99}') AS p) AS q
CROSS JOIN LATERAL (SELECT approx_percentiles(bs.s, '{0.5,0.9,0.99}') AS p) AS bq
ORDER BY asked DESC, b.mention_rank;

\echo '3b. p90 first reply (round the clock) by brand and local week (local_bucket(''week'', started_at,'
\echo '    brand time zone)), conversations grouped by the week they started in.'
SELECT c.brand, to_char(w.week, 'MM-DD') AS week,
	demo.fmt_seconds(approx_percentile(
		first_reply_sketch(m.conversation_id, m.at, m.from_brand) FILTER (WHERE NOT m.automated), 0.9)) AS p90,
	w.week - :'since'::date AS ord
FROM demo.messages m
JOIN demo.conversations c USING (conversation_id)
JOIN demo.brands b ON b.brand = c.brand
CROSS JOIN LATERAL (SELECT (local_bucket('week', c.started_at, b.tz) AT TIME ZONE b.tz)::date AS week) AS w
WHERE w.week BETWEEN :'since' AND :'until'
GROUP BY b.mention_rank, c.brand, w.week
ORDER BY b.mention_rank, w.week
\crosstabview brand week p90 ord

-- The materialized view of daily sketches, demo.daily_first_reply.
\ir daily_first_reply.sql

\echo '3c.' :focus 'day by day, last 14 days: the daily p90, and over the 7 days ending that day the p90, the'
\echo '    share answered within 1 h and the unanswered share, merged from the daily rows of'
\echo '    demo.daily_first_reply (rollup(first_reply) OVER 7 days, a moving aggregate, and sums of'
\echo '    unanswered_count: no raw rows are read).'
SELECT to_char(day, 'Dy YYYY-MM-DD') AS day, answered, unanswered AS "unans.", p90_day AS "p90 day",
	p90_7d AS "p90 7 days", within_1h_7d AS "≤1h % 7 days", unanswered_7d AS "unans. % 7 days"
FROM (
	SELECT day, coalesce(sketch_count(first_reply), 0) AS answered, unanswered,
		demo.fmt_seconds(approx_percentile(first_reply, 0.9)) AS p90_day,
		demo.fmt_seconds(approx_percentile(rollup(first_reply) OVER w, 0.9)) AS p90_7d,
		round(100 * approx_rank(rollup(first_reply) OVER w, 3600)::numeric) AS within_1h_7d,
		round(100 * sum(unanswered) OVER w
			/ nullif(sum(unanswered) OVER w + coalesce(sum(sketch_count(first_reply)) OVER w, 0), 0), 1)
			AS unanswered_7d
	FROM demo.daily_first_reply
	WHERE brand = :'focus'
	WINDOW w AS (ORDER BY day RANGE BETWEEN '6 days' PRECEDING AND CURRENT ROW)
) AS d
WHERE d.day BETWEEN :'until'::date - 13 AND :'until'
ORDER BY d.day;
