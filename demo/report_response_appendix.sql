-- Appendix X3 of the main job's report: first-reply percentiles round the
-- clock and in business hours, with the sketch functions, and what a report
-- that forgets the bots would show.  Included by demo/report.sql when the
-- extension has the response functions.

\ir report_setup.sql
\ir business_first_reply.sql

\echo 'X3. First reply per brand, our brand first (p50 in minutes, p90 and p99 in hours): p50/p90/p99 round the clock (first_reply_sketch,'
\echo '    one pass per brand, no per-conversation GROUP BY) and in business hours (business_seconds over'
\echo '    the brand''s business_calendar); the share answered within 1 h of the answered ones (approx_rank,'
\echo '    unanswered left out, unlike the SLA); the unanswered share (unanswered_share, from the same state'
\echo '    as the sketch); and the p50 a report that forgets to filter out the bots'' auto-acknowledgements'
\echo '    would show.'
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
	round((q.p[1] / 60)::numeric) AS "p50 min", round((q.p[2] / 3600)::numeric, 1) AS "p90 h",
	round((q.p[3] / 3600)::numeric, 1) AS "p99 h",
	round(100 * approx_rank(c.s, 3600)::numeric) AS "≤1 h %",
	round((bq.p[1] / 60)::numeric) AS "biz p50 min", round((bq.p[2] / 3600)::numeric, 1) AS "biz p90 h",
	round((bq.p[3] / 3600)::numeric, 1) AS "biz p99 h",
	round(100 * approx_rank(bs.s, 3600)::numeric) AS "biz ≤1 h %",
	round((approx_percentile(c.with_bots, 0.5) / 60)::numeric, 1) AS "p50 w/ bots min"
FROM clock c
JOIN business_first_reply bs USING (brand)
JOIN demo.brands b USING (brand)
CROSS JOIN LATERAL (SELECT approx_percentiles(c.s, '{0.5,0.9,0.99}') AS p) AS q
CROSS JOIN LATERAL (SELECT approx_percentiles(bs.s, '{0.5,0.9,0.99}') AS p) AS bq
ORDER BY c.brand <> :'focus', b.mention_rank;
