
-- ---------------------------------------------------------------------------
-- 60: local hour of the week (src/business_time.c), doc/trends.md
-- ---------------------------------------------------------------------------
-- The slot of the "best time to post" recipe: the hour of the week in the
-- account's own zone, DST-correct, with the zone checks of local_date.

CREATE FUNCTION @extschema@.hour_of_week(at pg_catalog.timestamptz, zone pg_catalog.text)
RETURNS pg_catalog.int2
AS 'MODULE_PATHNAME', 'hour_of_week'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.hour_of_week(pg_catalog.timestamptz, pg_catalog.text) IS
'Local hour of the week of the instant at in the given IANA time zone: 0 = Monday 00:00-00:59 ... 167 = Sunday 23:00-23:59, read from the wall clock in force at that instant (DST-correct), IMMUTABLE. NULL if any argument is NULL or at is infinite; an unknown zone or a POSIX zone string (''UTC+3'') raises 22023, as in local_date. Example: SELECT hour_of_week(posted_at, ''Europe/Helsinki'');';
