-- Section 3 of the main job's report: customer care, week by week.
-- Included by demo/report.sql; runs alone too (from the project's directory):
--     psql -X -f demo/report_response.sql
-- It creates (or refreshes) the materialized view demo.daily_first_reply.
--
-- What "first reply" means here (doc/design.md section 9): per conversation, the seconds from
-- the customer's first message to the brand's first message strictly after
-- it; NULL if the brand never answered.  The bots' auto-acknowledgements
-- (automated) are not replies: every pairing filters them out.

\ir report_setup.sql
\ir business_first_reply.sql

\echo '3. CUSTOMER CARE: FIRST REPLY, target' :sla_label 'of business hours'
\echo
\echo '3a. Weekly SLA attainment per brand, %, our brand first: conversations answered within the target'
\echo '    (business hours), of all the customer opened that local week; unanswered ones are misses.'
-- SLA-ATTAINMENT: plain SQL over care_conversation (business_first_reply.sql);
-- sla_attainment(conversation, at, from_brand, target_seconds, calendar)
-- computes the same per group in one pass.
SELECT c.brand, to_char(c.week, 'MM-DD') AS week,
	round(100 * (count(*) FILTER (WHERE c.biz_s <= :sla_seconds)::float8 / count(*))::numeric) AS sla,
	c.week - :'since'::date AS ord
FROM care_conversation c
JOIN demo.brands b USING (brand)
WHERE c.week BETWEEN :'since' AND :'until'
GROUP BY c.brand <> :'focus', b.mention_rank, c.brand, c.week
ORDER BY c.brand <> :'focus', b.mention_rank, c.week
\crosstabview brand week sla ord

\echo '3b. Weekly p90 first reply in business hours per brand, hours: 90 % of the answered conversations'
\echo '    waited at most this long, counting only opening hours. Against the target of' :sla_label
\echo '    (the web page colours it: within, up to twice, more).'
SELECT c.brand, to_char(c.week, 'MM-DD') AS week,
	round((approx_percentile(quantile_sketch(c.biz_s), 0.9) / 3600)::numeric, 1) AS p90,
	c.week - :'since'::date AS ord
FROM care_conversation c
JOIN demo.brands b USING (brand)
WHERE c.week BETWEEN :'since' AND :'until'
GROUP BY c.brand <> :'focus', b.mention_rank, c.brand, c.week
ORDER BY c.brand <> :'focus', b.mention_rank, c.week
\crosstabview brand week p90 ord

-- The materialized view of daily sketches, demo.daily_first_reply.
\ir daily_first_reply.sql

\echo '3c.' :focus 'day by day, last 14 days, round the clock, from the materialized view of daily sketches'
\echo '    demo.daily_first_reply (rollup(first_reply) OVER the 7 days ending that day, a moving'
\echo '    aggregate, and sums of the daily unanswered counts: no raw rows are read). p90 in hours.'
SELECT to_char(day, 'Dy YYYY-MM-DD') AS day, answered, unanswered AS "unans.", p90_day AS "p90 day h",
	p90_7d AS "p90 7 days h", within_1h_7d AS "≤1 h % 7 days", unanswered_7d AS "unans. % 7 days"
FROM (
	SELECT day, coalesce(sketch_count(first_reply), 0) AS answered, unanswered,
		round((approx_percentile(first_reply, 0.9) / 3600)::numeric, 1) AS p90_day,
		round((approx_percentile(rollup(first_reply) OVER w, 0.9) / 3600)::numeric, 1) AS p90_7d,
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
