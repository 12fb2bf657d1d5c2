-- Zones that cannot mislead (1.2.0, issue 22): tzdata's EST, MST and HST
-- are fixed offsets without daylight saving that users take for the local
-- time of New York, Denver or Honolulu.  Every entry point refuses them
-- (22023) with a HINT naming the IANA zone meant; a fixed offset stated on
-- purpose (Etc/GMT+5) and the DST-aware legacy rule zones are accepted.
SET TimeZone = 'UTC';
\set SHOW_CONTEXT never

-- sqlstate, message and hint of a statement's error, or 'ok'
CREATE FUNCTION pg_temp.refusal(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	st text;
	hint text;
BEGIN
	EXECUTE q;
	RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
	GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, hint = PG_EXCEPTION_HINT;
	RETURN st || ': ' || hint;
END $$;

-- Each refused zone, in any case, through every entry point that takes a
-- zone: local_date, local_bucket, business_calendar text input, and the
-- calendar argument of the pairing aggregates (through the same input).
SELECT z, e, pg_temp.refusal(format(q, z || suffix)) AS result
  FROM unnest(ARRAY['EST', 'est', 'MST', 'HST']) z,
       (VALUES ('local_date', 'SELECT local_date(''2026-07-01 12:00Z'', %L)', ''),
               ('local_bucket', 'SELECT local_bucket(''week'', ''2026-07-01 12:00Z'', %L)', ''),
               ('business_calendar', 'SELECT %L::business_calendar', '; mon-fri 09:00-17:00'),
               ('sla_attainment', 'SELECT sla_attainment(1::bigint, now(), false, 60, %L)', '; mon-fri 09:00-17:00'),
               ('first_reply_sketch_state',
                'SELECT ''v2 bigint target=60 calendar="%s" 1:c=0''::first_reply_sketch_state', '; mon 09:00-17:00')) AS f(e, q, suffix)
 ORDER BY 1, 2;
-- The message and its DETAIL, once.
SELECT local_date('2026-07-01 12:00Z', 'EST');
SELECT 'mst; mon-fri 09:00-17:00'::business_calendar;

-- Accepted: the zones meant, a fixed offset stated on purpose, and EST5EDT
-- (a tzdata rule zone, and a POSIX rule where tzdata lacks it).  The instant
-- is 2026-07-01 03:30 UTC: in summer New York (UTC-4) is still on June 30 at
-- 23:30, a fixed UTC-5 even more so.
SELECT z, local_date('2026-07-01 03:30Z', z) AS local_date,
       (local_bucket('day', '2026-07-01 03:30Z', z) AT TIME ZONE 'UTC')::text AS day_starts_utc,
       (z || '; mon-fri 09:00-17:00')::business_calendar::text AS calendar
  FROM unnest(ARRAY['America/New_York', 'America/Denver', 'America/Phoenix', 'Pacific/Honolulu',
                    'Etc/GMT+5', 'EST5EDT']) z
 ORDER BY z;
-- tzdata's other legacy names follow daylight saving rules and are not
-- refused; Debian 13 ships them in tzdata-legacy only, so each gives either
-- the date of its region or "not recognized" (with the generic hint).
SELECT z, CASE pg_temp.refusal(format('SELECT local_date(''2026-07-01 03:30Z'', %L)', z))
          WHEN 'ok' THEN local_date('2026-07-01 03:30Z', z) = d
          WHEN '22023: Use a time zone name from pg_timezone_names, such as Europe/Helsinki or UTC.' THEN true
          END AS region_date_or_unknown
  FROM (VALUES ('CST6CDT', date '2026-06-30'), ('MST7MDT', '2026-06-30'), ('PST8PDT', '2026-06-30'),
               ('CET', '2026-07-01'), ('EET', '2026-07-01'), ('MET', '2026-07-01'), ('WET', '2026-07-01')) v(z, d)
 ORDER BY z;
-- What the refusal protects: a 09:00-17:00 New York day in July has 8 open
-- hours starting 13:00 UTC; with a fixed UTC-5 they would start at 14:00.
SELECT business_seconds('2026-07-01 13:00Z', '2026-07-01 14:00Z', 'America/New_York; mon-fri 09:00-17:00') AS new_york,
       business_seconds('2026-07-01 13:00Z', '2026-07-01 14:00Z', 'Etc/GMT+5; mon-fri 09:00-17:00') AS fixed_utc_minus_5;
