
/* ---------------------------------------------------------------------
 * 60 Business time and local calendars: the business_calendar type,
 * business_seconds / business_time, local_bucket, local_date.
 * C in src/business_time.c and src/calendar.c; docs in
 * doc/business_time.md.
 *
 * IMMUTABLE although they read the time zone database: like core's
 * timezone(text, timestamptz), the result depends only on the arguments
 * and on tz rules, which change only with a tzdata update (after one,
 * rebuild indexes and generated columns that use these functions).
 * --------------------------------------------------------------------- */

CREATE TYPE @extschema@.business_calendar;

CREATE FUNCTION @extschema@.business_calendar_in(pg_catalog.cstring)
RETURNS @extschema@.business_calendar
AS 'MODULE_PATHNAME', 'business_calendar_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.business_calendar_out(@extschema@.business_calendar)
RETURNS pg_catalog.cstring
AS 'MODULE_PATHNAME', 'business_calendar_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.business_calendar_recv(pg_catalog.internal)
RETURNS @extschema@.business_calendar
AS 'MODULE_PATHNAME', 'business_calendar_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.business_calendar_send(@extschema@.business_calendar)
RETURNS pg_catalog.bytea
AS 'MODULE_PATHNAME', 'business_calendar_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.business_calendar (
	INPUT = @extschema@.business_calendar_in,
	OUTPUT = @extschema@.business_calendar_out,
	RECEIVE = @extschema@.business_calendar_recv,
	SEND = @extschema@.business_calendar_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = int4,
	STORAGE = extended
);

COMMENT ON TYPE @extschema@.business_calendar IS
'Opening hours: an IANA time zone, weekly windows in local wall-clock time and holiday dates, e.g. ''Europe/Helsinki; mon-fri 09:00-17:00; sat 10:00-14:00; holidays 2026-12-24 2026-12-25''. Output is canonical (days grouped, windows merged, holidays sorted) and round-trips exactly; bad text raises 22P02 with a HINT. Grammar in doc/business_time.md.';
COMMENT ON FUNCTION @extschema@.business_calendar_in(pg_catalog.cstring) IS
'Text input of business_calendar; bad text or an unknown time zone raises 22P02.';
COMMENT ON FUNCTION @extschema@.business_calendar_out(@extschema@.business_calendar) IS
'Canonical text output of business_calendar.';
COMMENT ON FUNCTION @extschema@.business_calendar_recv(pg_catalog.internal) IS
'Binary input of business_calendar (version byte 1); bad bytes raise 22P03.';
COMMENT ON FUNCTION @extschema@.business_calendar_send(@extschema@.business_calendar) IS
'Binary output of business_calendar (version byte 1).';

CREATE FUNCTION @extschema@.business_seconds(
	start pg_catalog.timestamptz, finish pg_catalog.timestamptz,
	calendar @extschema@.business_calendar)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'business_seconds'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.business_time(
	start pg_catalog.timestamptz, finish pg_catalog.timestamptz,
	calendar @extschema@.business_calendar)
RETURNS pg_catalog.interval
AS 'MODULE_PATHNAME', 'business_time'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.business_seconds(pg_catalog.timestamptz, pg_catalog.timestamptz, @extschema@.business_calendar) IS
'Seconds of open time between two instants: the instants in [start, finish) whose local wall-clock time is inside an opening window on a non-holiday local date (DST-correct: a skipped hour counts 0, a repeated hour twice). Negative when finish < start; NULL if any argument is NULL; an infinite timestamp raises 22008. Example: SELECT business_seconds(asked_at, answered_at, ''Europe/Helsinki; mon-fri 09:00-17:00'');';
COMMENT ON FUNCTION @extschema@.business_time(pg_catalog.timestamptz, pg_catalog.timestamptz, @extschema@.business_calendar) IS
'business_seconds as an interval of hours:minutes:seconds (hours are not justified into days). Example: SELECT business_time(asked_at, answered_at, ''UTC; mon-fri 09:00-17:00'');';

CREATE FUNCTION @extschema@.local_bucket(
	unit pg_catalog.text, ts pg_catalog.timestamptz, zone pg_catalog.text)
RETURNS pg_catalog.timestamptz
AS 'MODULE_PATHNAME', 'local_bucket'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.local_date(ts pg_catalog.timestamptz, zone pg_catalog.text)
RETURNS pg_catalog.date
AS 'MODULE_PATHNAME', 'local_date'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.local_bucket(pg_catalog.text, pg_catalog.timestamptz, pg_catalog.text) IS
'Instant at which the local day, week (starting Monday), month, quarter or year containing ts began in the given IANA time zone; equals date_trunc(unit, ts AT TIME ZONE zone) AT TIME ZONE zone, but IMMUTABLE, so usable in indexes, generated columns and materialized views. NULL if any argument is NULL; a bad unit or zone raises 22023. Example: SELECT local_bucket(''week'', at, ''Europe/Helsinki'');';
COMMENT ON FUNCTION @extschema@.local_date(pg_catalog.timestamptz, pg_catalog.text) IS
'Local calendar date of ts in the given IANA time zone, i.e. (ts AT TIME ZONE zone)::date, IMMUTABLE. NULL if any argument is NULL; a bad zone raises 22023. Example: SELECT local_date(at, ''America/New_York'');';
