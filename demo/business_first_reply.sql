-- Customer care per conversation and per brand, for conversations opened
-- between :since and :until (psql variables of report_setup.sql).  Included
-- by demo/report.sql, demo/report_response.sql and demo/report_json.sql,
-- which read two temporary views:
--
--   care_conversation     one row per conversation with a customer message:
--                         when the customer first wrote, the first reply
--                         round the clock (reply_s) and in the brand's
--                         business hours (biz_s), both NULL when the brand
--                         never answered; whether it was asked at a weekend
--                         or while the brand was closed; its local week.
--   business_first_reply  per brand, the sketch of the business-hours waits.
--
-- Pairing (doc/design.md section 9): the customer's first message, then the brand's first
-- message strictly after it; the bots' auto-acknowledgements (automated) are
-- not replies.  Business time needs the instants, not only the durations:
-- pair per conversation, then measure the open time between the two
-- instants with business_seconds over the brand's calendar.
CREATE OR REPLACE TEMP VIEW care_conversation AS
WITH paired AS (
	SELECT c.conversation_id, c.brand, b.tz, b.calendar::business_calendar AS calendar,
		(local_bucket('week', c.started_at, b.tz) AT TIME ZONE b.tz)::date AS week,
		min(m.at) FILTER (WHERE NOT m.from_brand) AS asked_at,
		first_reply_seconds(m.at, m.from_brand) FILTER (WHERE NOT m.automated) AS reply_s
	FROM demo.messages m
	JOIN demo.conversations c USING (conversation_id)
	JOIN demo.brands b ON b.brand = c.brand
	WHERE local_date(c.started_at, b.tz) BETWEEN :'since' AND :'until'
	GROUP BY c.conversation_id, c.brand, b.tz, b.calendar, c.started_at
)
SELECT conversation_id, brand, week, asked_at, reply_s,
	business_seconds(asked_at, asked_at + reply_s * interval '1 second', calendar) AS biz_s,
	extract(isodow FROM asked_at AT TIME ZONE tz) >= 6 AS weekend,
	business_seconds(asked_at, asked_at + interval '1 second', calendar) = 0 AS closed
FROM paired
WHERE asked_at IS NOT NULL;

CREATE OR REPLACE TEMP VIEW business_first_reply AS
SELECT brand, quantile_sketch(biz_s) AS s
FROM care_conversation
WHERE biz_s IS NOT NULL
GROUP BY brand;
