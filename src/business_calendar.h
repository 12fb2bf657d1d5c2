/*-------------------------------------------------------------------------
 *
 * business_calendar.h
 *	  business_calendar: parser, canonical formatter and open-time
 *	  arithmetic on the local (wall-clock) time line.
 *
 *	  No fmgr, no palloc, no ereport, no libc locale or TZ: a libFuzzer
 *	  target links business_calendar.c alone.  Time-zone work (which
 *	  instants map to which local times) is the server side's, in
 *	  business_time.c; here a "local time" is a naive timestamp in
 *	  microseconds since 2000-01-01 00:00 wall-clock time, and a date is a
 *	  day number since 2000-01-01.
 *
 *	  Grammar (case-insensitive keywords; whitespace between tokens free):
 *
 *	    calendar := zone { ";" [ clause ] }
 *	    zone     := 1*255 printable characters other than ";" and spaces
 *	    clause   := days windows | "holidays" date { [","] date }
 *	    days     := dayitem { "," dayitem }
 *	    dayitem  := day [ "-" day ]          (a range may wrap: sat-mon)
 *	    day      := mon|tue|wed|thu|fri|sat|sun or the full English name
 *	    windows  := window { [","] window }
 *	    window   := time "-" time            (end < start runs past midnight
 *	                                          into the next day)
 *	    time     := H[H] ":" MM              (00:00-23:59; 24:00 as an end)
 *	    date     := YYYY "-" MM "-" DD       (0001-01-01 .. 9999-12-31)
 *
 *	  Windows are a union (overlaps merge).  A holiday closes the windows
 *	  of that local date (00:00-24:00), including the after-midnight part
 *	  of an overnight window that started the evening before.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SM_BUSINESS_CALENDAR_H
#define SM_BUSINESS_CALENDAR_H

#define SM_CAL_ZONE_MAX			255 /* = TZ_STRLEN_MAX */
#define SM_CAL_DAY_MINUTES		1440
#define SM_CAL_WEEK_MINUTES		(7 * SM_CAL_DAY_MINUTES)
/* merged windows are separated by at least a minute */
#define SM_CAL_MAX_WINDOWS		(SM_CAL_WEEK_MINUTES / 2)
#define SM_CAL_MAX_HOLIDAYS		100000
/* day numbers of 0001-01-01 and 9999-12-31 relative to 2000-01-01 */
#define SM_CAL_MIN_DATE			(-730119)
#define SM_CAL_MAX_DATE			2921939

#define SM_CAL_MINUTE_US		INT64CONST(60000000)
#define SM_CAL_DAY_US			(SM_CAL_DAY_MINUTES * SM_CAL_MINUTE_US)
#define SM_CAL_WEEK_US			(SM_CAL_WEEK_MINUTES * SM_CAL_MINUTE_US)
/* largest span the arithmetic below takes in one call (about 146,000 years) */
#define SM_CAL_MAX_SPAN_US		(INT64CONST(1) << 62)

/*
 * A calendar.  windows[] holds nwindows [start, end) pairs in minutes of
 * the week (0 = Monday 00:00, 10080 = next Monday 00:00), ascending,
 * disjoint and not touching (a window ending at 24:00 Monday and one
 * starting 00:00 Tuesday are one window); a window never crosses the end
 * of the week (Sunday 22:00-06:00 is two windows).  holidays[] holds
 * day numbers, ascending and distinct.  This is the canonical form: two
 * calendars mean the same thing iff they have the same zone text,
 * windows and holidays.
 */
typedef struct SmCalendar
{
	char		zone[SM_CAL_ZONE_MAX + 1];	/* NUL-terminated */
	int			nwindows;
	int16		windows[2 * SM_CAL_MAX_WINDOWS];
	int			nholidays;
	int32	   *holidays;		/* the caller's array */
} SmCalendar;

/* Why a text was rejected: a byte offset, a detail and a hint. */
typedef struct SmCalError
{
	size_t		pos;
	const char *detail;
	const char *hint;
} SmCalError;

/* How many holiday slots the parser may need for a text of len bytes. */
extern size_t sm_calendar_holiday_bound(size_t len);

/*
 * Parses str[0..len) (need not be NUL-terminated) into cal, using the
 * caller's holidays[] (holiday_cap slots; sm_calendar_holiday_bound(len)
 * is always enough).  Returns false and fills err on bad text.  The zone
 * is only checked for its characters and length.
 */
extern bool sm_calendar_parse(const char *str, size_t len, SmCalendar *cal,
							  int32 *holidays, size_t holiday_cap,
							  SmCalError *err);

/*
 * Checks that cal is in canonical form (for binary input).  Returns NULL
 * if so, else a short description.
 */
extern const char *sm_calendar_check(const SmCalendar *cal);

/* An upper bound of the formatted length, NUL included. */
extern size_t sm_calendar_format_bound(const SmCalendar *cal);

/*
 * Writes the canonical text (NUL-terminated) into buf, which must hold
 * sm_calendar_format_bound(cal) bytes; returns the length without NUL.
 * Parsing the output gives back the same calendar.
 */
extern size_t sm_calendar_format(const SmCalendar *cal, char *buf);

/*
 * Open-time arithmetic on the local time line.  A view holds pointers into
 * wherever the windows and holidays are stored (a SmCalendar or a datum).
 */
typedef struct SmCalView
{
	int			nwindows;
	const int16 *windows;
	int			nholidays;
	const int32 *holidays;
} SmCalView;

/* Open microseconds per week. */
extern int64 sm_calendar_week_open(const SmCalView *cal);

/*
 * Open microseconds of the weekly windows in local [a, b), holidays
 * ignored.  Needs a <= b and b - a <= SM_CAL_MAX_SPAN_US.  O(windows).
 */
extern int64 sm_calendar_open_weekly(const SmCalView *cal, int64 a, int64 b);

/*
 * Index of the first holiday whose date ends after local time a (the
 * first that can overlap [a, ...)); nholidays if none.  O(log holidays).
 */
extern int	sm_calendar_first_holiday(const SmCalView *cal, int64 a);

/* Start of holiday i's date on the local time line. */
extern int64 sm_calendar_holiday_start(const SmCalView *cal, int i);

/*
 * Open microseconds the weekly windows give within local [a, b) on
 * holiday i's date, i.e. what the holiday takes away from
 * sm_calendar_open_weekly.  Zero if the date does not meet [a, b).
 */
extern int64 sm_calendar_holiday_overlap(const SmCalView *cal, int i,
										 int64 a, int64 b);

/* Day number (since 2000-01-01) of a proleptic Gregorian date. */
extern int32 sm_calendar_days_from_civil(int year, int month, int day);

#endif							/* SM_BUSINESS_CALENDAR_H */
