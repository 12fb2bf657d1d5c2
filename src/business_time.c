/*-------------------------------------------------------------------------
 *
 * business_time.c
 *	  The business_calendar type (I/O), business_seconds/business_time,
 *	  and the local-calendar helpers local_bucket, local_date and
 *	  hour_of_week.
 *
 *	  Time zones come from PostgreSQL's own tz machinery (pgtime.h), never
 *	  from libc's TZ.  The parser and the open-time arithmetic on the local
 *	  time line are in business_calendar.c; this file maps instants to local times.
 *
 *	  business_seconds(start, finish, cal) is the measure of the instants x
 *	  in [start, finish) whose local wall-clock time falls in an open window
 *	  on a non-holiday local date.  The instants are cut into segments of
 *	  constant UTC offset (at most one per DST change in the span); on each
 *	  segment local time is the instant plus the offset, so the segment's
 *	  open time is an interval of the local time line, which business_calendar.c
 *	  measures in O(windows) plus the holidays inside it.  A fall-back hour
 *	  therefore counts twice when open (it is lived twice) and a skipped
 *	  spring-forward hour not at all.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"
#include "compat.h"

#include "common/int.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "pgtime.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/timestamp.h"

#include "business_time.h"
#include "business_calendar.h"
#include "errtext.h"
#include "floordiv.h"

/*
 * On-disk form:
 *	  header, int32 holidays[nholidays], int16 windows[2 * nwindows],
 *	  char zone[zonelen] (no NUL; the canonical name pg_tzset gave).
 * Everything in canonical form (see business_calendar.h), so equal calendars have
 * equal bytes.
 */
typedef struct BusinessCalendarData
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint8		version;		/* BC_VERSION */
	uint8		zonelen;
	uint16		nwindows;
	int32		nholidays;
	int32		holidays[FLEXIBLE_ARRAY_MEMBER];
} BusinessCalendarData;

#define BC_VERSION	1
#define BC_HDRSZ	offsetof(BusinessCalendarData, holidays)
#define BC_WINDOWS(bc)	((int16 *) ((bc)->holidays + (bc)->nholidays))
#define BC_ZONE(bc)		((char *) (BC_WINDOWS(bc) + 2 * (bc)->nwindows))

#define PG_GETARG_BC(n) ((BusinessCalendarData *) PG_DETOAST_DATUM(PG_GETARG_DATUM(n)))

/* seconds between the Unix epoch and PostgreSQL's (2000-01-01) */
#define PG_UNIX_EPOCH_SHIFT \
	((int64) (POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * SECS_PER_DAY)

PG_FUNCTION_INFO_V1(business_calendar_in);
PG_FUNCTION_INFO_V1(business_calendar_out);
PG_FUNCTION_INFO_V1(business_calendar_recv);
PG_FUNCTION_INFO_V1(business_calendar_send);
PG_FUNCTION_INFO_V1(business_seconds);
PG_FUNCTION_INFO_V1(business_time);
PG_FUNCTION_INFO_V1(local_bucket);
PG_FUNCTION_INFO_V1(local_date);
PG_FUNCTION_INFO_V1(hour_of_week);

#define ZONE_HINT "Use a time zone name from pg_timezone_names, such as Europe/Helsinki or UTC."

/* ---------- time zones ---------- */

/*
 * Looks a zone name up with pg_tzset (tz database names and POSIX zone
 * specifications; not the session's timezone_abbreviations, which would
 * make the result depend on a setting).  NULL if unknown; zones that count
 * leap seconds are refused, as SET TimeZone refuses them.
 */
static pg_tz *
LookupZone(const char *name)
{
	pg_tz	   *tz;

	if (strlen(name) > TZ_STRLEN_MAX)
		return NULL;
	tz = pg_tzset(name);
	if (tz && !pg_tz_acceptable(tz))
		return NULL;
	return tz;
}

/*
 * Whether pg_tzset took a zone name as a POSIX specification ("UTC+3",
 * "<+03>-3", "EST5EDT4" ...) rather than a tz database name, given the
 * canonical name it reports.  A POSIX specification is canonicalized to
 * the upper-cased input and always holds a digit (its offset is
 * mandatory); a tz database name keeps the case of its file, and the only
 * all-capital names with a digit are the seven below, whose offsets read as
 * intended (the US ones are full DST rules, the others offset zero).
 */
static bool
IsPosixZoneSpec(const char *canon)
{
	static const char *const iana[] = {
		"EST5EDT", "CST6CDT", "MST7MDT", "PST8PDT", "GMT0", "GMT+0", "GMT-0"
	};
	bool		digit = false;
	const char *p;
	int			i;

	for (p = canon; *p; p++)
	{
		if (*p >= 'a' && *p <= 'z')
			return false;
		if (*p >= '0' && *p <= '9')
			digit = true;
	}
	if (!digit)
		return false;
	for (i = 0; i < lengthof(iana); i++)
		if (strcmp(canon, iana[i]) == 0)
			return false;
	return true;
}

/*
 * tzdata's EST, MST and HST are fixed offsets (UTC-05, UTC-07, UTC-10) with
 * no daylight saving.  Users write them meaning the local time of New York,
 * Denver or Honolulu, and a US team's calendar or local dates are then an
 * hour off all summer without a word; so they are refused, naming the zone
 * meant.  MST's hint names America/Denver (Mountain time, with daylight
 * saving, where most people who write MST live) and America/Phoenix for
 * Arizona, which keeps MST all year.  A fixed offset stated on purpose is an
 * Etc/GMT name (Etc/GMT+5), which is accepted.  The other legacy names of
 * tzdata (EST5EDT, CST6CDT, MST7MDT, PST8PDT, CET, EET, MET, WET) are rule
 * zones that follow daylight saving, so they are accepted.
 */
static const struct
{
	const char *name;
	const char *fixed;			/* the same offset, stated on purpose */
	const char *detail;
	const char *hint;
}			misleading_zones[] = {
	{"EST", "Etc/GMT+5",
		"EST is UTC-05:00 all year, while New York is UTC-04:00 in summer: local times in EST are an hour off there from March to November.",
	"Use America/New_York for US Eastern time (with daylight saving), or Etc/GMT+5 for a fixed UTC-05:00 on purpose."},
	{"MST", "Etc/GMT+7",
		"MST is UTC-07:00 all year, while Denver is UTC-06:00 in summer: local times in MST are an hour off there from March to November.",
	"Use America/Denver for US Mountain time (with daylight saving), America/Phoenix for Arizona (no daylight saving), or Etc/GMT+7 for a fixed UTC-07:00 on purpose."},
	{"HST", "Etc/GMT+10",
		"HST is UTC-10:00 all year, a fixed offset rather than the zone of a place.",
	"Use Pacific/Honolulu for Hawaii, or Etc/GMT+10 for a fixed UTC-10:00 on purpose."},
};

/*
 * The index in misleading_zones of a zone name as the user wrote it (in any
 * case, as pg_tzset takes it), or -1.  The name is checked before any
 * lookup: tzdata 2024b made these names links, and Debian 13 moved them to
 * tzdata-legacy, so on some servers they are not found at all, and the
 * user should still learn which zone to write.
 */
static int
MisleadingZone(const char *name)
{
	int			i;

	for (i = 0; i < lengthof(misleading_zones); i++)
		if (pg_strcasecmp(name, misleading_zones[i].name) == 0)
			return i;
	return -1;
}

/*
 * The zone a stored calendar is printed and sent with.  A calendar made by
 * 1.1.0 or earlier may hold EST, MST or HST, which input now refuses: it is
 * written as the Etc/GMT name of the same fixed offset, so that it keeps its
 * meaning and can still be printed, dumped and read back.
 */
static const char *
StoredZoneSpelling(const char *zone)
{
	int			i = MisleadingZone(zone);

	return i >= 0 ? misleading_zones[i].fixed : zone;
}

/* The one wording of the refusal, for every entry point. */
static void
RefuseMisleadingZone(int i)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("time zone \"%s\" is a fixed offset without daylight saving, not a local time",
					misleading_zones[i].name),
			 errdetail("%s", misleading_zones[i].detail),
			 errhint("%s", misleading_zones[i].hint)));
}

/* Per-call-site cache of the last zone looked up. */
typedef struct ZoneCache
{
	char		name[TZ_STRLEN_MAX + 1];
	pg_tz	   *tz;
	bool		posix;			/* IsPosixZoneSpec() of tz */
	int			misleading;		/* MisleadingZone() of tz */
} ZoneCache;

/*
 * The cache in *slot (allocated in cxt on first use): fn_extra for the SQL
 * functions, a caller's own pointer for sm_business_seconds.
 */
static ZoneCache *
CachedZoneIn(void **slot, MemoryContext cxt, const char *name, size_t len)
{
	ZoneCache  *cache = (ZoneCache *) *slot;
	char		buf[TZ_STRLEN_MAX + 1];

	if (len > TZ_STRLEN_MAX)
		return NULL;
	if (cache && cache->tz && strlen(cache->name) == len &&
		memcmp(cache->name, name, len) == 0)
		return cache;
	memcpy(buf, name, len);
	buf[len] = '\0';
	if (cache == NULL)
	{
		cache = MemoryContextAllocZero(cxt, sizeof(ZoneCache));
		*slot = cache;
	}
	/* a stored calendar's EST is computed as the same offset, Etc/GMT+5 */
	cache->tz = LookupZone(StoredZoneSpelling(buf));
	cache->posix = cache->tz && IsPosixZoneSpec(pg_get_timezone_name(cache->tz));
	cache->misleading = MisleadingZone(buf);
	memcpy(cache->name, buf, len + 1);
	return cache->tz || cache->misleading >= 0 ? cache : NULL;
}

static ZoneCache *
CachedZoneEntry(FunctionCallInfo fcinfo, const char *name, size_t len)
{
	return CachedZoneIn(&fcinfo->flinfo->fn_extra, fcinfo->flinfo->fn_mcxt,
						name, len);
}

/*
 * A zone given as a text argument: unknown names raise 22023 like core.
 * POSIX specifications are refused: in them "UTC+3" is three hours *behind*
 * UTC, which silently shifts every local date of a user who meant UTC+03.
 * (A business_calendar still takes them, so that values stored by 1.0.0
 * can be restored; its output shows the canonical zone.)
 */
static pg_tz *
ZoneArg(FunctionCallInfo fcinfo, text *zone)
{
	const char *name = VARDATA_ANY(zone);
	size_t		len = VARSIZE_ANY_EXHDR(zone);
	ZoneCache  *cache = CachedZoneEntry(fcinfo, name, len);

	if (cache && unlikely(cache->misleading >= 0))
		RefuseMisleadingZone(cache->misleading);
	if (cache == NULL || cache->tz == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("time zone \"%s\" not recognized",
						sm_excerpt_len(name, len)),
				 errhint(ZONE_HINT)));
	if (unlikely(cache->posix))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("time zone \"%s\" is a POSIX zone specification, not a zone name",
						cache->name),
				 errdetail("POSIX specifications count hours west of Greenwich: \"UTC+3\", for example, means UTC-03:00."),
				 errhint("Use an IANA zone name such as Europe/Helsinki.  For a fixed offset use an Etc/GMT name, whose sign is also the POSIX one: Etc/GMT-3 is UTC+03:00.")));
	return cache->tz;
}

/* ---------- business_calendar I/O ---------- */

static BusinessCalendarData *
FlattenCalendar(const SmCalendar *cal)
{
	size_t		zonelen = strlen(cal->zone);
	Size		size;
	BusinessCalendarData *bc;

	size = BC_HDRSZ + (Size) cal->nholidays * sizeof(int32) +
		(Size) cal->nwindows * 2 * sizeof(int16) + zonelen;
	bc = (BusinessCalendarData *) palloc0(size);
	SET_VARSIZE(bc, size);
	bc->version = BC_VERSION;
	bc->zonelen = (uint8) zonelen;
	bc->nwindows = (uint16) cal->nwindows;
	bc->nholidays = cal->nholidays;
	memcpy(bc->holidays, cal->holidays, cal->nholidays * sizeof(int32));
	memcpy(BC_WINDOWS(bc), cal->windows, cal->nwindows * 2 * sizeof(int16));
	memcpy(BC_ZONE(bc), cal->zone, zonelen);
	return bc;
}

/* A datum's contents as a SmCalendar (holidays point into the datum). */
static SmCalendar *
UnflattenCalendar(BusinessCalendarData *bc)
{
	SmCalendar *cal = (SmCalendar *) palloc(sizeof(SmCalendar));

	if (bc->version != BC_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("unsupported business_calendar version %d", bc->version)));
	memcpy(cal->zone, BC_ZONE(bc), bc->zonelen);
	cal->zone[bc->zonelen] = '\0';
	cal->nwindows = bc->nwindows;
	memcpy(cal->windows, BC_WINDOWS(bc), bc->nwindows * 2 * sizeof(int16));
	cal->nholidays = bc->nholidays;
	cal->holidays = bc->holidays;
	return cal;
}

static SmCalView
CalendarView(BusinessCalendarData *bc)
{
	SmCalView	v;

	if (bc->version != BC_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("unsupported business_calendar version %d", bc->version)));
	v.nwindows = bc->nwindows;
	v.windows = BC_WINDOWS(bc);
	v.nholidays = bc->nholidays;
	v.holidays = bc->holidays;
	return v;
}

/*
 * Replaces cal->zone by the spelling pg_tzset knows it by, so that the
 * text form is canonical.  Returns false if the zone is unknown; refuses
 * EST, MST and HST (text and binary input alike, so no path makes one).
 */
static bool
CanonicalizeZone(SmCalendar *cal)
{
	int			misleading = MisleadingZone(cal->zone);
	pg_tz	   *tz;

	if (misleading >= 0)
		RefuseMisleadingZone(misleading);
	tz = LookupZone(cal->zone);
	if (tz == NULL)
		return false;
	strlcpy(cal->zone, pg_get_timezone_name(tz), sizeof(cal->zone));
	return true;
}

Datum
business_calendar_in(PG_FUNCTION_ARGS)
{
	const char *str = PG_GETARG_CSTRING(0);
	size_t		len = strlen(str);
	size_t		cap = sm_calendar_holiday_bound(len);
	SmCalendar *cal = (SmCalendar *) palloc(sizeof(SmCalendar));
	int32	   *holidays = (int32 *) palloc(cap * sizeof(int32));
	SmCalError	err;

	if (!sm_calendar_parse(str, len, cal, holidays, cap, &err))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type %s: \"%s\"",
						"business_calendar", sm_excerpt(str)),
				 errdetail("At character %zu: %s", err.pos + 1, err.detail),
				 errhint("%s", err.hint)));
	if (!CanonicalizeZone(cal))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type %s: \"%s\"",
						"business_calendar", sm_excerpt(str)),
				 errdetail("Time zone \"%s\" not recognized.", cal->zone),
				 errhint(ZONE_HINT)));
	PG_RETURN_POINTER(FlattenCalendar(cal));
}

Datum
business_calendar_out(PG_FUNCTION_ARGS)
{
	BusinessCalendarData *bc = PG_GETARG_BC(0);
	SmCalendar *cal = UnflattenCalendar(bc);
	char	   *buf;

	strlcpy(cal->zone, StoredZoneSpelling(cal->zone), sizeof(cal->zone));
	buf = palloc(sm_calendar_format_bound(cal));
	sm_calendar_format(cal, buf);
	PG_RETURN_CSTRING(buf);
}

/*
 * Binary form: version byte (1), zone length byte, zone bytes, uint16
 * window count, int16 start/end pairs, int32 holiday count, int32 days
 * since 2000-01-01.
 */
Datum
business_calendar_send(PG_FUNCTION_ARGS)
{
	BusinessCalendarData *bc = PG_GETARG_BC(0);
	SmCalView	v = CalendarView(bc);
	StringInfoData buf;
	char		zone[TZ_STRLEN_MAX + 1];
	const char *spelling;
	int			i;

	memcpy(zone, BC_ZONE(bc), bc->zonelen);
	zone[bc->zonelen] = '\0';
	spelling = StoredZoneSpelling(zone);
	pq_begintypsend(&buf);
	pq_sendbyte(&buf, BC_VERSION);
	pq_sendbyte(&buf, (uint8) strlen(spelling));
	pq_sendbytes(&buf, spelling, strlen(spelling));
	pq_sendint16(&buf, (uint16) v.nwindows);
	for (i = 0; i < 2 * v.nwindows; i++)
		pq_sendint16(&buf, (uint16) v.windows[i]);
	pq_sendint32(&buf, (uint32) v.nholidays);
	for (i = 0; i < v.nholidays; i++)
		pq_sendint32(&buf, (uint32) v.holidays[i]);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

static void
BadCalendarBinary(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid binary input for type %s", "business_calendar"),
			 errdetail("%s", detail)));
}

Datum
business_calendar_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	SmCalendar *cal = (SmCalendar *) palloc(sizeof(SmCalendar));
	int			version;
	int			zonelen;
	uint32		n;
	uint32		i;
	const char *why;

	if (buf->len - buf->cursor < 2)
		BadCalendarBinary("The message is too short.");
	version = pq_getmsgbyte(buf);
	if (version != BC_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("unsupported business_calendar binary version %d", version),
				 errhint("This version of social_metrics reads version %d.", BC_VERSION)));
	zonelen = pq_getmsgbyte(buf);
	if (buf->len - buf->cursor < zonelen + 2)
		BadCalendarBinary("The message is too short.");
	memcpy(cal->zone, pq_getmsgbytes(buf, zonelen), zonelen);
	cal->zone[zonelen] = '\0';
	n = pq_getmsgint(buf, 2);
	if (n > SM_CAL_MAX_WINDOWS || (uint64) buf->len - buf->cursor < (uint64) n * 4 + 4)
		BadCalendarBinary("Bad window count.");
	cal->nwindows = (int) n;
	for (i = 0; i < 2 * n; i++)
		cal->windows[i] = (int16) pq_getmsgint(buf, 2);
	n = pq_getmsgint(buf, 4);
	if (n > SM_CAL_MAX_HOLIDAYS || (uint64) buf->len - buf->cursor != (uint64) n * 4)
		BadCalendarBinary("Bad holiday count.");
	cal->nholidays = (int) n;
	cal->holidays = (int32 *) palloc(Max(n, 1) * sizeof(int32));
	for (i = 0; i < n; i++)
		cal->holidays[i] = (int32) pq_getmsgint(buf, 4);
	why = sm_calendar_check(cal);
	if (why)
		BadCalendarBinary(why);
	if (!CanonicalizeZone(cal))
		BadCalendarBinary("Unknown time zone.");
	PG_RETURN_POINTER(FlattenCalendar(cal));
}

/* ---------- business_seconds ---------- */

/* Adds part to an int64 total, spilling to a double on overflow. */
static inline void
AddMicros(int64 *total, double *spill, int64 part)
{
	if (pg_add_s64_overflow(*total, part, total))
	{
		*spill += (double) *total;
		*total = part;
	}
}

/* Open time of the local time line [la, lb), holidays taken out. */
static void
AddLocalSpan(const SmCalView *cal, int64 la, int64 lb, int64 *total,
			 double *spill)
{
	int			i;

	AddMicros(total, spill, sm_calendar_open_weekly(cal, la, lb));
	for (i = sm_calendar_first_holiday(cal, la);
		 i < cal->nholidays && sm_calendar_holiday_start(cal, i) < lb;
		 i++)
	{
		if ((i & 1023) == 1023)
			CHECK_FOR_INTERRUPTS();
		AddMicros(total, spill, -sm_calendar_holiday_overlap(cal, i, la, lb));
	}
}

/*
 * Open microseconds in [a, b), a < b, both finite, b - a < 2^63 (the
 * caller checks).  Summed with a double spill all the same: the weekly
 * open time and the holidays taken out of it are added separately.
 */
static double
BusinessMicros(const SmCalView *cal, pg_tz *tz, TimestampTz a, TimestampTz b)
{
	int64		total = 0;
	double		spill = 0;
	long int	fixed_off;
	TimestampTz x = a;

	if (cal->nwindows == 0)
		return 0;

	if (pg_get_timezone_offset(tz, &fixed_off))
	{
		/* one offset forever: one local span (in pieces of at most 2^62) */
		int64		off = (int64) fixed_off * USECS_PER_SEC;

		while (x < b)
		{
			TimestampTz y = (b - x > SM_CAL_MAX_SPAN_US) ? x + SM_CAL_MAX_SPAN_US : b;

			AddLocalSpan(cal, x + off, y + off, &total, &spill);
			x = y;
		}
		return spill + (double) total;
	}

	while (x < b)
	{
		pg_time_t	t = (pg_time_t) sm_floor_div(x, USECS_PER_SEC) + PG_UNIX_EPOCH_SHIFT;
		struct pg_tm *tm;
		long int	before_off,
					after_off;
		int			before_dst,
					after_dst;
		pg_time_t	boundary;
		int64		off;
		TimestampTz y = b;
		int			r;

		CHECK_FOR_INTERRUPTS();

		/* The offset in force at x, exactly as AT TIME ZONE sees it. */
		tm = pg_localtime(&t, tz);
		if (tm == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
					 errmsg("timestamp out of range")));
		off = (int64) tm->tm_gmtoff * USECS_PER_SEC;

		/* Where the offset may change next. */
		r = pg_next_dst_boundary(&t, &before_off, &before_dst, &boundary,
								 &after_off, &after_dst, tz);
		if (r == 1)
		{
			if (boundary <= t)
			{
				/* (only at the first transition ever): step one second */
				y = (TimestampTz) (t + 1 - PG_UNIX_EPOCH_SHIFT) * USECS_PER_SEC;
			}
			else if (boundary - PG_UNIX_EPOCH_SHIFT <= sm_floor_div(b, USECS_PER_SEC))
				y = (TimestampTz) (boundary - PG_UNIX_EPOCH_SHIFT) * USECS_PER_SEC;
		}
		if (y > b)
			y = b;
		if (y - x > SM_CAL_MAX_SPAN_US)
			y = x + SM_CAL_MAX_SPAN_US;
		Assert(y > x);

		AddLocalSpan(cal, x + off, y + off, &total, &spill);
		x = y;
	}
	return spill + (double) total;
}

/*
 * Signed open microseconds from start to finish, for both SQL functions
 * and sm_business_seconds; the zone cached in *zone_cache.
 */
static double
BusinessSpan(BusinessCalendarData *bc, TimestampTz start, TimestampTz finish,
			 void **zone_cache, MemoryContext cxt, const char *fname)
{
	SmCalView	v = CalendarView(bc);
	ZoneCache  *cache;
	pg_tz	   *tz;
	int64		span;

	if (TIMESTAMP_NOT_FINITE(start) || TIMESTAMP_NOT_FINITE(finish))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("%s: cannot measure business time to or from an infinite timestamp", fname),
				 errhint("Filter out rows whose time is infinity or -infinity.")));
	if (start == finish)
		return 0;

	/*
	 * Two valid timestamps can be up to about 2^63.03 us apart; the span
	 * arithmetic below is int64, so longer spans (about 292,000 years) are
	 * refused rather than wrapped.
	 */
	if (pg_sub_s64_overflow(finish, start, &span) || span == PG_INT64_MIN)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("%s: the span from start to finish is out of range", fname),
				 errdetail("Spans of 2^63 microseconds (about 292,000 years) or more cannot be measured."),
				 errhint("Check the arguments: one of them is probably a placeholder date far in the past or future.")));
	cache = CachedZoneIn(zone_cache, cxt, BC_ZONE(bc), bc->zonelen);
	tz = cache ? cache->tz : NULL;
	if (tz == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("time zone \"%.*s\" of the business calendar is not recognized",
						bc->zonelen, BC_ZONE(bc)),
				 errhint("The time zone database of this server may lack a zone that existed where the calendar was created.")));
	if (finish < start)
		return -BusinessMicros(&v, tz, finish, start);
	return BusinessMicros(&v, tz, start, finish);
}

/*
 * business_seconds(start, finish, calendar): seconds of open time from
 * start to finish; negative when finish is before start (so spans add up
 * along a chain of instants).
 */
Datum
business_seconds(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(BusinessSpan(PG_GETARG_BC(2), PG_GETARG_TIMESTAMPTZ(0),
								  PG_GETARG_TIMESTAMPTZ(1),
								  &fcinfo->flinfo->fn_extra,
								  fcinfo->flinfo->fn_mcxt,
								  "business_seconds") / USECS_PER_SEC);
}

double
sm_business_seconds(const struct varlena *calendar, TimestampTz start,
					TimestampTz finish, void **zone_cache, MemoryContext cxt)
{
	return BusinessSpan((BusinessCalendarData *) calendar, start, finish,
						zone_cache, cxt, "business_seconds") / USECS_PER_SEC;
}

/*
 * business_time: the same as an interval of hours, minutes and seconds;
 * hours are not justified into days, since a day of business time is not
 * 24 hours.
 */
Datum
business_time(PG_FUNCTION_ARGS)
{
	double		us = BusinessSpan(PG_GETARG_BC(2), PG_GETARG_TIMESTAMPTZ(0),
									  PG_GETARG_TIMESTAMPTZ(1),
									  &fcinfo->flinfo->fn_extra,
									  fcinfo->flinfo->fn_mcxt, "business_time");
	Interval   *result = (Interval *) palloc(sizeof(Interval));

	if (!(us > (double) PG_INT64_MIN && us < (double) PG_INT64_MAX))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("interval out of range")));
	result->time = (int64) us;
	result->day = 0;
	result->month = 0;
	PG_RETURN_INTERVAL_P(result);
}

/* ---------- local calendars ---------- */

typedef enum LocalUnit
{
	LU_DAY,
	LU_WEEK,
	LU_MONTH,
	LU_QUARTER,
	LU_YEAR
} LocalUnit;

static LocalUnit
ParseUnit(text *unit)
{
	const char *s = VARDATA_ANY(unit);
	int			len = VARSIZE_ANY_EXHDR(unit);
	static const struct
	{
		const char *name;
		LocalUnit	unit;
	}			units[] = {
		{"day", LU_DAY}, {"week", LU_WEEK}, {"month", LU_MONTH},
		{"quarter", LU_QUARTER}, {"year", LU_YEAR}
	};
	int			i;

	for (i = 0; i < lengthof(units); i++)
		if (len == strlen(units[i].name) &&
			pg_strncasecmp(s, units[i].name, len) == 0)
			return units[i].unit;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unit \"%s\" not recognized", sm_excerpt_len(s, len)),
			 errhint("Valid units are day, week (starting Monday), month, quarter and year.")));
	return LU_DAY;				/* keep compiler quiet */
}

/* Local broken-down time of ts in tz; ts finite. */
static void
LocalTime(TimestampTz ts, pg_tz *tz, struct pg_tm *tm)
{
	int			off;
	fsec_t		fsec;

	if (timestamp2tm(ts, &off, tm, &fsec, NULL, tz) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("timestamp out of range")));
}

/*
 * local_bucket(unit, ts, zone): the instant the local day, week (Monday),
 * month, quarter or year containing ts began in zone.  The local midnight
 * is converted back the way core's timestamp AT TIME ZONE does
 * (DetermineTimeZoneOffset), so this equals
 * date_trunc(unit, ts AT TIME ZONE zone) AT TIME ZONE zone.
 */
Datum
local_bucket(PG_FUNCTION_ARGS)
{
	LocalUnit	unit = ParseUnit(PG_GETARG_TEXT_PP(0));
	TimestampTz ts = PG_GETARG_TIMESTAMPTZ(1);
	pg_tz	   *tz = ZoneArg(fcinfo, PG_GETARG_TEXT_PP(2));
	struct pg_tm tm;
	int			off;
	TimestampTz result;

	if (TIMESTAMP_NOT_FINITE(ts))
		PG_RETURN_TIMESTAMPTZ(ts);
	LocalTime(ts, tz, &tm);
	switch (unit)
	{
		case LU_DAY:
			break;
		case LU_WEEK:
			{
				int			j = date2j(tm.tm_year, tm.tm_mon, tm.tm_mday);

				/* j2day: 0 = Sunday; step back to Monday */
				j -= (j2day(j) + 6) % 7;
				j2date(j, &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
			}
			break;
		case LU_MONTH:
			tm.tm_mday = 1;
			break;
		case LU_QUARTER:
			tm.tm_mon = 3 * ((tm.tm_mon - 1) / 3) + 1;
			tm.tm_mday = 1;
			break;
		case LU_YEAR:
			tm.tm_mon = 1;
			tm.tm_mday = 1;
			break;
	}
	tm.tm_hour = 0;
	tm.tm_min = 0;
	tm.tm_sec = 0;
	off = DetermineTimeZoneOffset(&tm, tz);
	if (tm2timestamp(&tm, 0, &off, &result) != 0 || !IS_VALID_TIMESTAMP(result))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("timestamp out of range")));
	PG_RETURN_TIMESTAMPTZ(result);
}

/* local_date(ts, zone): the local calendar date of ts in zone. */
Datum
local_date(PG_FUNCTION_ARGS)
{
	TimestampTz ts = PG_GETARG_TIMESTAMPTZ(0);
	pg_tz	   *tz = ZoneArg(fcinfo, PG_GETARG_TEXT_PP(1));
	struct pg_tm tm;
	DateADT		result;

	if (TIMESTAMP_IS_NOBEGIN(ts))
	{
		DATE_NOBEGIN(result);
		PG_RETURN_DATEADT(result);
	}
	if (TIMESTAMP_IS_NOEND(ts))
	{
		DATE_NOEND(result);
		PG_RETURN_DATEADT(result);
	}
	LocalTime(ts, tz, &tm);
	result = date2j(tm.tm_year, tm.tm_mon, tm.tm_mday) - POSTGRES_EPOCH_JDATE;
	PG_RETURN_DATEADT(result);
}

/*
 * hour_of_week(ts, zone): the local hour of the week of ts in zone, 0 for
 * Monday 00:00-00:59 to 167 for Sunday 23:00-23:59.  The local wall clock
 * is the one local_date reads (the zone's offset in force at ts, so a
 * DST change moves it; in a zone whose offset is not whole hours, such as
 * Asia/Kathmandu, the hour is the wall-clock hour), and the zone passes the
 * same checks.  An infinite timestamp has no hour: NULL, as
 * extract(hour from 'infinity') gives.
 */
Datum
hour_of_week(PG_FUNCTION_ARGS)
{
	TimestampTz ts = PG_GETARG_TIMESTAMPTZ(0);
	pg_tz	   *tz = ZoneArg(fcinfo, PG_GETARG_TEXT_PP(1));
	struct pg_tm tm;
	int			j;

	if (TIMESTAMP_NOT_FINITE(ts))
		PG_RETURN_NULL();
	LocalTime(ts, tz, &tm);
	j = date2j(tm.tm_year, tm.tm_mon, tm.tm_mday);
	/* j2day: 0 = Sunday; Monday first */
	PG_RETURN_INT16((int16) (((j2day(j) + 6) % 7) * 24 + tm.tm_hour));
}
