-- Business time and local calendars: business_calendar, business_seconds,
-- business_time, local_bucket, local_date.
SET TimeZone = 'UTC';
\set SHOW_CONTEXT never

CREATE FUNCTION pg_temp.sqlstate_of(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE q;
	RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE;
END $$;

-- Canonical text: days grouped, windows merged and cut at midnight,
-- holidays sorted and distinct, zone spelled as the tz database does.
SELECT c::business_calendar AS canonical FROM unnest(ARRAY[
	'Europe/Helsinki; mon-fri 09:00-17:00; sat 10:00-14:00; holidays 2026-12-24 2026-12-25',
	'europe/helsinki;MON-Fri 9:00-12:00,12:00-17:00;;saturday 10:00-14:00;',
	'UTC; mon,wed,fri 08:00-12:00 13:00-17:00; wed 11:00-14:00',
	'UTC; fri-sun 22:00-06:00',
	'UTC; sat-mon 10:00-11:00',
	'UTC; mon-sun 00:00-24:00',
	'UTC; mon 23:00-24:00; tue 00:00-01:00',
	'UTC; mon 22:00-00:00',
	'  UTC  ;  tue   09:00 - 17:00  ;  holidays 2026-01-06, 2026-01-01 2026-01-06  ',
	'America/New_York',
	'UTC; holidays 0001-01-01 9999-12-31 2000-02-29'
]) c;

-- Round trip: text -> calendar -> text is stable; binary send is versioned.
SELECT bool_and(c::business_calendar::text::business_calendar::text = c::business_calendar::text) AS round_trip
FROM unnest(ARRAY['Europe/Helsinki; mon-fri 09:00-17:00; holidays 2026-12-24',
                  'UTC; fri-sun 22:00-06:00', 'Australia/Sydney; sun 00:00-24:00']) c;
SELECT business_calendar_send('UTC; mon 09:00-17:00; holidays 2000-01-02');

-- Bad text: 22P02 with a HINT naming what was expected.
SELECT 'Mars/Olympus; mon 09:00-17:00'::business_calendar;
SELECT 'UTC mon 09:00-17:00'::business_calendar;
SELECT 'UTC; mun 09:00-17:00'::business_calendar;
SELECT 'UTC; mon 9-17'::business_calendar;
SELECT 'UTC; mon 09:00-17:00, sat 10:00-14:00'::business_calendar;
SELECT 'UTC; mon 10:00-10:00'::business_calendar;
SELECT 'UTC; holidays 2026-13-01'::business_calendar;
SELECT left(c, 40) AS c, pg_temp.sqlstate_of(format('SELECT %L::business_calendar', c))
FROM unnest(ARRAY['', ';', 'UTC;mon', 'UTC; mon 24:00-01:00', 'UTC; mon 09:60-10:00',
                  'UTC; mon 09:00-17:0', 'UTC; mon 09:00-17:000', 'UTC; mon 09:00', 'UTC; mon-',
                  'UTC; holidays', 'UTC; holidays 26-01-01', 'UTC; holidays 2026-02-29',
                  'UTC; holidays 0000-01-01', 'UTC; holidays 2026-01-01x', 'UTC; 09:00-17:00',
                  'right/UTC; mon 09:00-10:00', repeat('x', 300)]) c;

-- business_seconds: a plain week, weekends, reversed spans, holidays.
\set cal '''Europe/Helsinki; mon-fri 09:00-17:00; sat 10:00-14:00; holidays 2026-12-24 2026-12-25'''
SELECT business_seconds('2026-03-02 08:00+02', '2026-03-02 18:00+02', :cal) AS one_day,
       business_seconds('2026-03-02 10:30+02', '2026-03-02 11:00+02', :cal) AS half_hour,
       business_seconds('2026-03-06 16:00+02', '2026-03-09 10:00+02', :cal) AS over_weekend,
       business_seconds('2026-03-09 10:00+02', '2026-03-06 16:00+02', :cal) AS reversed,
       business_seconds('2026-03-02 10:00+02', '2026-03-02 10:00+02', :cal) AS empty,
       business_seconds('2026-12-23 12:00+02', '2026-12-28 12:00+02', :cal) AS christmas;
SELECT business_time('2026-03-02 08:00+02', '2026-03-13 18:00+02', :cal) AS two_weeks,
       business_time('2026-03-13 18:00+02', '2026-03-02 08:00+02', :cal) AS negative,
       business_time('2026-03-02 09:00:00.5+02', '2026-03-02 09:00:01+02', :cal) AS half_second;

-- DST: a 09-17 window is 8 real hours on change days; a whole day is 23
-- or 25 hours; a window inside the skipped hour is empty, inside the
-- repeated hour doubled.  Helsinki: 2026-03-29 03:00 -> 04:00, 2026-10-25
-- 04:00 -> 03:00.
SELECT d, business_seconds(d::timestamp AT TIME ZONE 'Europe/Helsinki',
                           (d + 1)::timestamp AT TIME ZONE 'Europe/Helsinki', c) / 3600 AS hours
FROM unnest(ARRAY[date '2026-03-29', '2026-10-25', '2026-06-07']) d,
     unnest(ARRAY['Europe/Helsinki; sun 09:00-17:00', 'Europe/Helsinki; sun 00:00-24:00',
                  'Europe/Helsinki; sun 03:00-04:00', 'Europe/Helsinki; sun 03:30-05:00']::business_calendar[]) c
ORDER BY c::text, d;

-- Long spans are O(weeks) free: ten years of weekday hours in UTC equal
-- 8 hours per weekday, counted here with generate_series.
SELECT business_seconds('2020-01-01 00:00+00', '2030-01-01 00:00+00', 'UTC; mon-fri 09:00-17:00') / 3600 AS hours,
       (SELECT 8 * count(*) FROM generate_series(date '2020-01-01', '2029-12-31', '1 day') d
        WHERE extract(isodow FROM d) < 6) AS expected;
-- Spans up to 2^63 microseconds (about 292,000 years) are measured: Mondays
-- are a seventh of the time, within a week; longer spans (the whole
-- timestamp range is 2^63.03 us) are 22008 in both directions, never wrapped.
SELECT abs(7 * business_seconds(a, b, 'UTC; mon 00:00-24:00')
           - (extract(epoch FROM b) - extract(epoch FROM a))) < 7 * 86400 AS huge_span_mondays,
       business_seconds(a, b, 'Europe/Helsinki; mon 09:00-10:00') > 0 AS huge_span_dst,
       business_seconds(b, a, 'UTC; mon 00:00-24:00') = -business_seconds(a, b, 'UTC; mon 00:00-24:00') AS reversed
  FROM (VALUES (timestamptz '4713-11-24 00:00+00 BC', timestamptz '287000-01-01 00:00+00')) v(a, b);
SELECT business_seconds('4713-11-24 00:00+00 BC', '294276-12-31 00:00+00', 'UTC; mon 00:00-24:00');
SELECT pg_temp.sqlstate_of($$SELECT business_seconds('294276-12-31 00:00+00', '4713-11-24 00:00+00 BC', 'UTC; mon 09:00-17:00')$$) AS reversed_too_long,
       pg_temp.sqlstate_of($$SELECT business_time('4713-11-24 00:00+00 BC', '294276-12-31 00:00+00', 'Europe/Helsinki; mon 09:00-17:00')$$) AS business_time_too_long;

-- NULLs and infinities.
SELECT business_seconds(NULL, now(), 'UTC; mon 09:00-17:00'), business_seconds(now(), now(), NULL);
SELECT business_seconds('infinity', now(), 'UTC; mon 09:00-17:00');
SELECT pg_temp.sqlstate_of($$SELECT business_time(now(), '-infinity', 'UTC; mon 09:00-17:00')$$);
SELECT business_seconds(now(), now() + interval '1 week', 'UTC') AS no_windows;

-- local_bucket / local_date around the Helsinki spring change.
SELECT u, local_bucket(u, '2026-03-29 12:00+03', 'Europe/Helsinki') AS bucket,
       date_trunc(u, timestamptz '2026-03-29 12:00+03' AT TIME ZONE 'Europe/Helsinki') AT TIME ZONE 'Europe/Helsinki' AS core
FROM unnest(ARRAY['day', 'week', 'month', 'quarter', 'year', 'WEEK']) u;
SELECT local_date('2026-03-29 21:30+00', 'Europe/Helsinki') AS helsinki,
       local_date('2026-03-29 21:30+00', 'America/New_York') AS new_york,
       local_date('infinity', 'UTC') AS inf, local_date('-infinity', 'UTC') AS ninf,
       local_bucket('day', 'infinity', 'UTC') AS bucket_inf;
SELECT local_bucket(NULL, now(), 'UTC'), local_bucket('day', NULL, 'UTC'), local_date(now(), NULL);
SELECT local_bucket('fortnight', now(), 'UTC');
SELECT local_date(now(), 'Europe/Atlantis');
SELECT pg_temp.sqlstate_of($$SELECT local_bucket('day', now(), 'Nowhere/Land')$$) AS bad_zone,
       pg_temp.sqlstate_of($$SELECT local_bucket('hour', now(), 'UTC')$$) AS bad_unit;
-- POSIX zone specifications are refused: in them UTC+3 is three hours behind
-- UTC (the day below would silently be 2026-03-29).  IANA names work,
-- Etc/GMT ones with the same inverted sign (Etc/GMT-3 is UTC+03:00), and so
-- do the IANA names that look like POSIX (EST5EDT is US Eastern time).
SELECT local_date('2026-03-29 22:30+00', 'UTC+3');
SELECT z, pg_temp.sqlstate_of(format('SELECT local_date(now(), %L)', z)) AS local_date,
       pg_temp.sqlstate_of(format('SELECT local_bucket(''day'', now(), %L)', z)) AS local_bucket
  FROM unnest(ARRAY['utc+3', 'GMT-5', '<+03>-3', 'XYZ3ABC,M3.5.0,M10.5.0', 'EST5']) z;
SELECT local_date('2026-03-29 22:30+00', 'Etc/GMT-3') AS etc_gmt_minus_3,
       local_date('2026-03-29 22:30+00', 'etc/gmt+3') AS etc_gmt_plus_3,
       local_date('2026-03-30 03:30+00', 'EST5EDT') AS est5edt,
       local_date('2026-03-29 23:30+00', 'GMT0') AS gmt0,
       local_date('2026-03-29 23:30+00', 'Europe/Moscow') AS moscow;
-- messages quote at most 60 characters of a long argument or input
SELECT local_date(now(), repeat('Zone/', 100000));
SELECT local_bucket(repeat('fortnight', 100000), now(), 'UTC');
SELECT repeat('x', 1000000)::business_calendar;
SELECT ('UTC; mon 09:00-17:00; holidays ' || repeat('2026-01-01 ', 100000) || 'x')::business_calendar;

-- IMMUTABLE: generated columns, expression indexes, materialized views.
CREATE TABLE tickets (
	id int PRIMARY KEY,
	asked timestamptz NOT NULL,
	answered timestamptz,
	local_day date GENERATED ALWAYS AS (local_date(asked, 'Europe/Helsinki')) STORED,
	wait_business float8 GENERATED ALWAYS AS
		(business_seconds(asked, answered, 'Europe/Helsinki; mon-fri 09:00-17:00')) STORED
);
CREATE INDEX tickets_week ON tickets (local_bucket('week', asked, 'Europe/Helsinki'));
INSERT INTO tickets (id, asked, answered)
SELECT i, timestamptz '2026-03-20 06:00+00' + i * interval '5 hours',
       timestamptz '2026-03-20 06:00+00' + i * interval '5 hours' + (i % 7) * interval '3 hours'
FROM generate_series(1, 40) i;
CREATE MATERIALIZED VIEW weekly AS
SELECT local_bucket('week', asked, 'Europe/Helsinki') AS week, count(*) AS n,
       sum(wait_business) / 3600 AS business_hours
FROM tickets GROUP BY 1;
CREATE UNIQUE INDEX ON weekly (week);
REFRESH MATERIALIZED VIEW CONCURRENTLY weekly;
SELECT * FROM weekly ORDER BY week;
SELECT local_day, count(*) FROM tickets GROUP BY 1 ORDER BY 1 LIMIT 3;
SET enable_seqscan = off;
SELECT count(*) FROM tickets
WHERE local_bucket('week', asked, 'Europe/Helsinki') = '2026-03-22 22:00+00';
RESET enable_seqscan;
DROP MATERIALIZED VIEW weekly;
DROP TABLE tickets;
-- A calendar can be stored.
CREATE TEMP TABLE cals (c business_calendar);
INSERT INTO cals VALUES (:cal), ('UTC');
SELECT c FROM cals;
