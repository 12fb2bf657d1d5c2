-- The materialized view of daily first-reply sketches, the way a team
-- stores them: one quantile_sketch per brand and local day (the day the
-- conversation started, so a conversation lands in one day), with the
-- day's conversations and unanswered ones, a unique index (REFRESH ...
-- CONCURRENTLY needs it), refreshed on a schedule (e.g. with pg_cron).
-- Included by demo/report_response.sql and demo/report_json.sql; creates the
-- view on first use and refreshes it every time.  The README's recipe
-- "Daily sketches in a materialized view" is this statement (test/99_docs.sh
-- runs it after the report, in the `tools/demo.sh --psql` state, where
-- IF NOT EXISTS finds this view).

SET client_min_messages = warning;
CREATE MATERIALIZED VIEW IF NOT EXISTS demo.daily_first_reply AS
SELECT c.brand,
       local_date(c.started_at, b.tz) AS day,
       count(DISTINCT m.conversation_id) AS conversations,
       first_reply_sketch(m.conversation_id, m.at, m.from_brand) FILTER (WHERE NOT m.automated) AS first_reply,
       unanswered_count(m.conversation_id, m.at, m.from_brand) FILTER (WHERE NOT m.automated) AS unanswered
  FROM demo.messages m
  JOIN demo.conversations c USING (conversation_id)
  JOIN demo.brands b ON b.brand = c.brand
 GROUP BY c.brand, local_date(c.started_at, b.tz);
CREATE UNIQUE INDEX IF NOT EXISTS daily_first_reply_key ON demo.daily_first_reply (brand, day);
RESET client_min_messages;
REFRESH MATERIALIZED VIEW CONCURRENTLY demo.daily_first_reply;
