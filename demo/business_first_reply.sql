-- The per-brand sketch of first-reply waits counted in the brand's
-- business hours, for conversations opened between :since and :until (psql
-- variables of report_setup.sql).  Included by demo/report_response.sql and
-- demo/report_json.sql, which read it as the view business_first_reply.
--
-- Business time needs the instants, not only the durations: pair per
-- conversation (first_reply_seconds, bots' auto-acknowledgements filtered
-- out), then measure the open time between the two instants.
CREATE OR REPLACE TEMP VIEW business_first_reply AS
WITH per_conversation AS (
	SELECT c.brand, b.calendar,
		min(m.at) FILTER (WHERE NOT m.from_brand) AS asked_at,
		first_reply_seconds(m.at, m.from_brand) FILTER (WHERE NOT m.automated) AS reply_s
	FROM demo.messages m
	JOIN demo.conversations c USING (conversation_id)
	JOIN demo.brands b ON b.brand = c.brand
	WHERE local_date(c.started_at, b.tz) BETWEEN :'since' AND :'until'
	GROUP BY c.conversation_id, c.brand, b.calendar
)
SELECT brand,
	quantile_sketch(business_seconds(asked_at, asked_at + reply_s * interval '1 second',
		calendar::business_calendar)) AS s
FROM per_conversation
WHERE reply_s IS NOT NULL
GROUP BY brand;
