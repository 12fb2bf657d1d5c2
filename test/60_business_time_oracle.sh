#!/usr/bin/env bash
# Business time and local calendars against brute-force oracles:
#  - business_seconds vs counting, minute by minute (and second by second on
#    short spans), the instants whose local wall time (AT TIME ZONE) is in
#    an opening window on a non-holiday date; windows and holidays are kept
#    as plain rows for the oracle, independent of the calendar's text.
#    Deterministic pseudo-random intervals around the spring and autumn DST
#    changes of Europe/Helsinki, America/New_York and Australia/Sydney, in
#    both directions (finish < start is negative), with holidays on and
#    around the DST days, overnight windows and windows in the DST hours;
#    plus a two-year span (minute oracle) and a ten-year span (additivity);
#  - local_bucket vs date_trunc(unit, ts AT TIME ZONE tz) AT TIME ZONE tz and
#    local_date vs (ts AT TIME ZONE tz)::date, hourly over a whole year, for
#    every unit and several zones (incl. a midnight DST change and +05:30,
#    +12:45 offsets).
set -euo pipefail

cd "${SM_TMP:?}"
out=$SM_TMP/checks.txt
psql -qXAt -v ON_ERROR_STOP=1 >"$out" <<'SQL'
CREATE EXTENSION social_metrics;
SET TimeZone = 'UTC';

CREATE FUNCTION h(i bigint, k int, m bigint) RETURNS bigint LANGUAGE sql IMMUTABLE AS
$$ SELECT (hashint8(i * 1000003 + k) & 2147483647)::bigint % m $$;

-- Opening hours, as text and as rows (dow: ISO 1 = Monday; e < s means the
-- window runs past midnight into the next day).
CREATE TABLE spec (spec int PRIMARY KEY, txt text);
INSERT INTO spec VALUES
 (1, 'mon-fri 09:00-17:00; sat 10:00-14:00'),
 (2, 'mon-sun 01:30-04:30'),                       -- contains every DST hour
 (3, 'fri-sun 22:00-06:00'),                       -- overnight, over the Sunday changes
 (4, 'mon-sun 00:00-24:00'),                       -- 24/7
 (5, 'tue,thu 08:15-12:45, 13:30-18:10; sun 02:30-03:30; wed 23:59-24:00');
CREATE TABLE spec_window (spec int, dow int, s int, e int);
INSERT INTO spec_window
SELECT 1, d, 540, 1020 FROM generate_series(1, 5) d UNION ALL
SELECT 1, 6, 600, 840 UNION ALL
SELECT 2, d, 90, 270 FROM generate_series(1, 7) d UNION ALL
SELECT 3, d, 1320, 360 FROM generate_series(5, 7) d UNION ALL
SELECT 4, d, 0, 1440 FROM generate_series(1, 7) d UNION ALL
SELECT 5, d, 495, 765 FROM unnest(ARRAY[2, 4]) d UNION ALL
SELECT 5, d, 810, 1090 FROM unnest(ARRAY[2, 4]) d UNION ALL
SELECT 5, 7, 150, 210 UNION ALL
SELECT 5, 3, 1439, 1440;

-- Open minutes of the week per spec, from the rows (plain SQL).
CREATE TABLE open_minute AS
SELECT DISTINCT spec, dow, m FROM (
  SELECT spec, dow, m FROM spec_window, generate_series(s, CASE WHEN e > s THEN e ELSE 1440 END - 1) m
  UNION ALL
  SELECT spec, dow % 7 + 1, m FROM spec_window, generate_series(0, e - 1) m WHERE e < s
) t;
CREATE UNIQUE INDEX ON open_minute (spec, dow, m);

-- DST changes of 2026 and holidays (the DST Sundays and a weekday nearby).
CREATE TABLE zone_dst (zone text, t timestamptz);
INSERT INTO zone_dst VALUES
 ('Europe/Helsinki', '2026-03-29 01:00+00'), ('Europe/Helsinki', '2026-10-25 01:00+00'),
 ('America/New_York', '2026-03-08 07:00+00'), ('America/New_York', '2026-11-01 06:00+00'),
 ('Australia/Sydney', '2026-04-04 16:00+00'), ('Australia/Sydney', '2026-10-03 16:00+00');
CREATE TABLE zone_holiday (zone text, d date);
INSERT INTO zone_holiday VALUES
 ('Europe/Helsinki', '2026-03-29'), ('Europe/Helsinki', '2026-03-26'), ('Europe/Helsinki', '2026-10-23'),
 ('America/New_York', '2026-03-08'), ('America/New_York', '2026-03-06'), ('America/New_York', '2026-10-30'),
 ('Australia/Sydney', '2026-04-05'), ('Australia/Sydney', '2026-04-03'), ('Australia/Sydney', '2026-10-02');

-- Every zone's DST instants are what we think they are.
SELECT 'dst instants|' || bool_and((t - interval '1 second') AT TIME ZONE zone <> t AT TIME ZONE zone - interval '1 second')
FROM zone_dst;

CREATE TABLE cal AS
SELECT row_number() OVER (ORDER BY z.zone, s.spec) AS cal, z.zone, s.spec, with_holidays,
       (z.zone || '; ' || s.txt ||
        CASE WHEN with_holidays THEN '; holidays ' ||
             (SELECT string_agg(d::text, ' ') FROM zone_holiday hh WHERE hh.zone = z.zone)
        ELSE '' END)::business_calendar AS calendar
FROM (SELECT DISTINCT zone FROM zone_dst) z, spec s, (VALUES (true), (false)) hv(with_holidays);

-- Intervals: start up to 4 days before a DST change, length up to 6 days,
-- whole minutes; one in five reversed.
CREATE TABLE iv AS
SELECT row_number() OVER () AS iv, c.cal, a, b FROM (
  SELECT c.cal, i,
         d.t - h(i, 1, 4 * 1440) * interval '1 minute' AS p,
         d.t - h(i, 1, 4 * 1440) * interval '1 minute' + h(i, 2, 6 * 1440) * interval '1 minute' AS q,
         h(i, 3, 5) = 0 AS rev
  FROM cal c JOIN zone_dst d USING (zone), generate_series(1, 6) i
  WHERE h(c.cal * 100 + i, 4, 3) = 0 OR i <= 2
) c0(cal, i, p, q, rev)
JOIN cal c USING (cal)
CROSS JOIN LATERAL (SELECT CASE WHEN rev THEN q ELSE p END, CASE WHEN rev THEN p ELSE q END) x(a, b);

-- Minute oracle.
CREATE TABLE iv_oracle AS
SELECT iv.iv, sign(extract(epoch FROM iv.b - iv.a)) * 60 * count(om.m) AS secs
FROM iv JOIN cal c USING (cal)
CROSS JOIN LATERAL generate_series(least(iv.a, iv.b), greatest(iv.a, iv.b) - interval '1 minute', interval '1 minute') x
CROSS JOIN LATERAL (SELECT x AT TIME ZONE c.zone AS l) l
LEFT JOIN open_minute om
  ON om.spec = c.spec AND om.dow = extract(isodow FROM l.l)
 AND om.m = extract(hour FROM l.l) * 60 + extract(minute FROM l.l)
 AND NOT (c.with_holidays AND l.l::date IN (SELECT d FROM zone_holiday zh WHERE zh.zone = c.zone))
GROUP BY iv.iv, iv.a, iv.b;
INSERT INTO iv_oracle SELECT iv, 0 FROM iv WHERE a = b;

SELECT 'intervals >= 150|' || (count(*) >= 150) FROM iv;
SELECT 'every interval has an oracle|' || (count(*) = (SELECT count(*) FROM iv)) FROM iv_oracle;
SELECT 'oracle covers DST hours of spec 2|' || (count(*) FILTER (WHERE o.secs <> 0) > 10)
FROM iv JOIN iv_oracle o USING (iv) JOIN cal USING (cal) WHERE spec = 2;
SELECT 'business_seconds = minute oracle|' ||
       bool_and(business_seconds(iv.a, iv.b, c.calendar) = o.secs)
FROM iv JOIN iv_oracle o USING (iv) JOIN cal c USING (cal);
SELECT 'business_time = seconds|' ||
       bool_and(extract(epoch FROM business_time(iv.a, iv.b, c.calendar)) = o.secs)
FROM iv JOIN iv_oracle o USING (iv) JOIN cal c USING (cal);
SELECT 'antisymmetric|' ||
       bool_and(business_seconds(iv.a, iv.b, c.calendar) = -business_seconds(iv.b, iv.a, c.calendar))
FROM iv JOIN cal c USING (cal);

-- Second oracle on short spans with sub-minute ends (2 hours around each
-- change, offsets in seconds).
CREATE TABLE sv AS
SELECT row_number() OVER () AS sv, c.cal,
       d.t - (3600 + h(i, 5, 3600)) * interval '1 second' - h(i, 7, 1000000) * interval '1 microsecond' AS a,
       d.t + h(i, 6, 7200) * interval '1 second' AS b
FROM cal c JOIN zone_dst d USING (zone), generate_series(1, 2) i
WHERE c.with_holidays;
CREATE TABLE sv_oracle AS
SELECT sv.sv, count(om.m)::float8 AS secs
FROM sv JOIN cal c USING (cal)
CROSS JOIN LATERAL generate_series(date_trunc('second', sv.a) + interval '1 second', sv.b - interval '1 second', interval '1 second') x
CROSS JOIN LATERAL (SELECT x AT TIME ZONE c.zone AS l) l
LEFT JOIN open_minute om
  ON om.spec = c.spec AND om.dow = extract(isodow FROM l.l)
 AND om.m = extract(hour FROM l.l) * 60 + extract(minute FROM l.l)
 AND NOT (l.l::date IN (SELECT d FROM zone_holiday zh WHERE zh.zone = c.zone))
GROUP BY sv.sv;
-- the partial first second [a, next whole second) is open iff a's minute is
SELECT 'business_seconds = second oracle (sub-second start)|' ||
       bool_and(abs(business_seconds(sv.a, sv.b, c.calendar)
                     - (o.secs + CASE WHEN EXISTS (
                          SELECT 1 FROM open_minute om
                          WHERE om.spec = c.spec AND om.dow = extract(isodow FROM sv.a AT TIME ZONE c.zone)
                            AND om.m = extract(hour FROM sv.a AT TIME ZONE c.zone) * 60 + extract(minute FROM sv.a AT TIME ZONE c.zone)
                            AND NOT ((sv.a AT TIME ZONE c.zone)::date IN (SELECT d FROM zone_holiday zh WHERE zh.zone = c.zone)))
                        THEN extract(epoch FROM date_trunc('second', sv.a) + interval '1 second' - sv.a)::float8 ELSE 0 END)) < 1e-9)
FROM sv JOIN sv_oracle o USING (sv) JOIN cal c USING (cal);

-- Two years, minute by minute, Helsinki, weekday hours and holidays.
SELECT 'two years = minute oracle|' || (
  business_seconds('2025-06-01 00:00+00', '2027-06-01 00:00+00', c.calendar) =
  (SELECT 60 * count(*) FROM generate_series(timestamptz '2025-06-01 00:00+00', timestamptz '2027-06-01 00:00+00' - interval '1 minute', interval '1 minute') x
   JOIN open_minute om ON om.spec = 1 AND om.dow = extract(isodow FROM x AT TIME ZONE 'Europe/Helsinki')
    AND om.m = extract(hour FROM x AT TIME ZONE 'Europe/Helsinki') * 60 + extract(minute FROM x AT TIME ZONE 'Europe/Helsinki')
   WHERE (x AT TIME ZONE 'Europe/Helsinki')::date NOT IN (SELECT d FROM zone_holiday WHERE zone = 'Europe/Helsinki')))
FROM cal c WHERE c.zone = 'Europe/Helsinki' AND c.spec = 1 AND c.with_holidays;

-- Ten years: equals the sum of its days (additivity over 3,653 spans).
SELECT 'ten years = sum of days|' || bool_and(total = by_day) FROM (
  SELECT c.cal,
         business_seconds('2020-01-01 00:00+00', '2030-01-01 00:00+00', c.calendar) AS total,
         (SELECT sum(business_seconds(d, d + interval '1 day', c.calendar))
          FROM generate_series(timestamptz '2020-01-01 00:00+00', timestamptz '2029-12-31 00:00+00', interval '1 day') d) AS by_day
  FROM cal c WHERE c.with_holidays) t;

-- Calendars survive text and binary round trips.
SELECT 'calendar text round trip|' || bool_and(calendar::text::business_calendar::text = calendar::text) FROM cal;
CREATE TABLE cal_bin (LIKE cal);
\copy cal TO 'cal.bin' WITH (FORMAT binary)
\copy cal_bin FROM 'cal.bin' WITH (FORMAT binary)
SELECT 'calendar binary round trip|' || (count(*) = (SELECT count(*) FROM cal) AND bool_and(a.calendar::text = b.calendar::text))
FROM cal a JOIN cal_bin b USING (cal);

-- local_bucket / local_date, hourly over a year.
CREATE TABLE lz (zone text, y int);
INSERT INTO lz VALUES ('Europe/Helsinki', 2026), ('America/New_York', 2026), ('Australia/Sydney', 2026),
  ('America/Sao_Paulo', 2018), ('Asia/Kolkata', 2026), ('Pacific/Chatham', 2026), ('UTC', 2026);
CREATE TABLE lb AS
SELECT lz.zone, u.unit, ts,
       local_bucket(u.unit, ts, lz.zone) AS got,
       date_trunc(u.unit, ts AT TIME ZONE lz.zone) AT TIME ZONE lz.zone AS want
FROM lz, (VALUES ('day'), ('week'), ('month'), ('quarter'), ('year')) u(unit),
     generate_series(make_timestamptz(lz.y, 1, 1, 0, 0, 0, 'UTC') - interval '1 day',
                     make_timestamptz(lz.y + 1, 1, 1, 0, 0, 0, 'UTC') + interval '1 day', interval '1 hour') ts;
SELECT 'local_bucket rows|' || (count(*) > 7 * 5 * 8700) FROM lb;
SELECT 'local_bucket = date_trunc AT TIME ZONE|' || bool_and(got = want) FROM lb;
SELECT 'local_bucket week starts Monday|' || bool_and(extract(isodow FROM got AT TIME ZONE zone) = 1) FROM lb WHERE unit = 'week';
SELECT 'local_date = (ts AT TIME ZONE tz)::date|' ||
       bool_and(local_date(ts, zone) = (ts AT TIME ZONE zone)::date)
FROM lb WHERE unit = 'day';
SQL

cat "$out"
if grep -qv '|true$' "$out"; then
	echo "FAILED checks:"
	grep -v '|true$' "$out"
	exit 1
fi
[ "$(grep -c '|true$' "$out")" -ge 16 ] || { echo "too few checks ran"; exit 1; }
