/*-------------------------------------------------------------------------
 *
 * business_calendar.c
 *	  business_calendar text parser, canonical formatter, and open-time
 *	  arithmetic on the local time line (grammar and conventions in
 *	  business_calendar.h).
 *
 *	  Self-contained on purpose: no fmgr, palloc, ereport, snprintf or
 *	  locale-dependent ctype calls, so a fuzzer links this file alone.
 *	  Every loop is bounded by the input length or by the fixed size of a
 *	  week (10,080 minutes).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"
#include "compat.h"

#include "business_calendar.h"
#include "floordiv.h"

#define WEEK_WORDS		((SM_CAL_WEEK_MINUTES + 63) / 64)

/* 2000-01-01 (day 0 of the local time line) was a Saturday. */
#define FIRST_MONDAY	2

static const char *const day_names[7] = {
	"mon", "tue", "wed", "thu", "fri", "sat", "sun"
};
static const char *const day_full_names[7] = {
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
	"sunday"
};

#define HINT_GENERAL \
	"Write a time zone, then clauses separated by \";\", e.g. \"Europe/Helsinki; mon-fri 09:00-17:00; sat 10:00-14:00; holidays 2026-12-24 2026-12-25\"."
#define HINT_DAY \
	"Name days as mon, tue, wed, thu, fri, sat, sun (or in full), alone, in lists (mon,wed) or ranges (mon-fri)."
#define HINT_TIME \
	"Write times as HH:MM from 00:00 to 23:59; 24:00 may end a window."
#define HINT_DATE \
	"Write holiday dates as YYYY-MM-DD between 0001-01-01 and 9999-12-31, separated by spaces."

typedef struct Parser
{
	const char *s;
	size_t		len;
	size_t		pos;
	SmCalError *err;
	uint64		bits[WEEK_WORDS];	/* open minutes of the week */
	int32	   *holidays;
	size_t		holiday_cap;
	size_t		nholidays;
} Parser;

/* ---------- small helpers ---------- */

static inline bool
IsSpace(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
		c == '\v';
}

static inline bool
IsDigit(char c)
{
	return c >= '0' && c <= '9';
}

static inline bool
IsAlpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline char
Lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char) (c - 'A' + 'a') : c;
}

static bool
Fail(Parser *P, const char *detail, const char *hint)
{
	P->err->pos = P->pos;
	P->err->detail = detail;
	P->err->hint = hint;
	return false;
}

static void
SkipSpace(Parser *P)
{
	while (P->pos < P->len && IsSpace(P->s[P->pos]))
		P->pos++;
}

static bool
AtClauseEnd(const Parser *P)
{
	return P->pos >= P->len || P->s[P->pos] == ';';
}

static inline char
Peek(const Parser *P)
{
	return P->pos < P->len ? P->s[P->pos] : '\0';
}

/* Case-insensitive comparison of s[0..n) with the NUL-terminated word. */
static bool
WordIs(const char *s, size_t n, const char *word)
{
	size_t		i;

	for (i = 0; i < n; i++)
		if (word[i] == '\0' || Lower(s[i]) != word[i])
			return false;
	return word[n] == '\0';
}

/* Sets minutes [a, b) of the week, 0 <= a <= b <= SM_CAL_WEEK_MINUTES. */
static void
SetRange(uint64 *bits, int a, int b)
{
	while (a < b)
	{
		int			w = a / 64;
		int			off = a % 64;
		int			n = Min(64 - off, b - a);
		uint64		mask = (n == 64) ? ~UINT64CONST(0) :
			(((UINT64CONST(1) << n) - 1) << off);

		bits[w] |= mask;
		a += n;
	}
}

static inline bool
BitIsSet(const uint64 *bits, int m)
{
	return (bits[m / 64] >> (m % 64)) & 1;
}

/* ---------- dates ---------- */

static inline bool
IsLeap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
MonthDays(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	return (m == 2 && IsLeap(y)) ? 29 : days[m - 1];
}

/* Days since 2000-01-01 of a proleptic Gregorian date (H. Hinnant's method). */
int32
sm_calendar_days_from_civil(int year, int month, int day)
{
	int64		y = year - (month <= 2);
	int64		era = sm_floor_div(y, 400);
	int64		yoe = y - era * 400;
	int64		doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
	int64		doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	/* 719468 = days from 0000-03-01 to 1970-01-01; 10957 = 1970 -> 2000 */
	return (int32) (era * 146097 + doe - 719468 - 10957);
}

static void
CivilFromDays(int32 days, int *year, int *month, int *day)
{
	int64		z = (int64) days + 10957 + 719468;
	int64		era = sm_floor_div(z, 146097);
	int64		doe = z - era * 146097;
	int64		yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64		doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64		mp = (5 * doy + 2) / 153;
	int64		d = doy - (153 * mp + 2) / 5 + 1;
	int64		m = mp < 10 ? mp + 3 : mp - 9;

	*year = (int) (yoe + era * 400 + (m <= 2));
	*month = (int) m;
	*day = (int) d;
}

/* ---------- parser ---------- */

static bool
ParseDay(Parser *P, int *d)
{
	size_t		start = P->pos;
	size_t		n;
	int			i;

	while (P->pos < P->len && IsAlpha(P->s[P->pos]))
		P->pos++;
	n = P->pos - start;
	for (i = 0; i < 7; i++)
	{
		if (WordIs(P->s + start, n, day_names[i]) ||
			WordIs(P->s + start, n, day_full_names[i]))
		{
			*d = i;
			return true;
		}
	}
	P->pos = start;
	return Fail(P, "Expected a day name.", HINT_DAY);
}

/* H[H]:MM in minutes; 24:00 only when allow_end. */
static bool
ParseTime(Parser *P, int *minutes, bool allow_end)
{
	size_t		start = P->pos;
	int			h = 0;
	int			m;
	int			ndigits = 0;

	while (P->pos < P->len && IsDigit(P->s[P->pos]) && ndigits < 2)
	{
		h = h * 10 + (P->s[P->pos] - '0');
		P->pos++;
		ndigits++;
	}
	if (ndigits == 0 || Peek(P) != ':')
	{
		P->pos = start;
		return Fail(P, "Expected a time of day (HH:MM).", HINT_TIME);
	}
	P->pos++;
	if (P->pos + 2 > P->len || !IsDigit(P->s[P->pos]) ||
		!IsDigit(P->s[P->pos + 1]) ||
		(P->pos + 2 < P->len && IsDigit(P->s[P->pos + 2])))
	{
		P->pos = start;
		return Fail(P, "Expected two digits of minutes (HH:MM).", HINT_TIME);
	}
	m = (P->s[P->pos] - '0') * 10 + (P->s[P->pos + 1] - '0');
	P->pos += 2;
	if (m > 59 || h > 24 || (h == 24 && (m != 0 || !allow_end)))
	{
		P->pos = start;
		return Fail(P, "Time of day out of range.", HINT_TIME);
	}
	*minutes = h * 60 + m;
	return true;
}

static bool
ParseDate(Parser *P, int32 *out)
{
	size_t		start = P->pos;
	const char *s = P->s + P->pos;
	int			y,
				mo,
				d;
	int			i;
	static const char shape[] = "dddd-dd-dd";

	if (P->len - P->pos < 10)
		return Fail(P, "Expected a date (YYYY-MM-DD).", HINT_DATE);
	for (i = 0; i < 10; i++)
	{
		if (shape[i] == 'd' ? !IsDigit(s[i]) : s[i] != '-')
			return Fail(P, "Expected a date (YYYY-MM-DD).", HINT_DATE);
	}
	if (P->pos + 10 < P->len && !IsSpace(s[10]) && s[10] != ',' && s[10] != ';')
		return Fail(P, "Expected a date (YYYY-MM-DD).", HINT_DATE);
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	mo = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > MonthDays(y, mo))
	{
		P->pos = start;
		return Fail(P, "Date out of range.", HINT_DATE);
	}
	*out = sm_calendar_days_from_civil(y, mo, d);
	P->pos += 10;
	return true;
}

/* "holidays" has been consumed. */
static bool
ParseHolidays(Parser *P)
{
	size_t		count = 0;

	for (;;)
	{
		int32		day;

		SkipSpace(P);
		if (AtClauseEnd(P))
		{
			if (count == 0)
				return Fail(P, "Expected at least one date after \"holidays\".",
							HINT_DATE);
			return true;
		}
		if (count > 0 && Peek(P) == ',')
		{
			P->pos++;
			SkipSpace(P);
		}
		if (!ParseDate(P, &day))
			return false;
		if (P->nholidays >= P->holiday_cap ||
			P->nholidays >= SM_CAL_MAX_HOLIDAYS)
			return Fail(P, "Too many holidays.",
						"A calendar holds at most 100000 holiday dates.");
		P->holidays[P->nholidays++] = day;
		count++;
	}
}

static bool
ParseWindows(Parser *P)
{
	bool		days[7] = {false};
	int			i;

	/* days := dayitem { "," dayitem } */
	for (;;)
	{
		int			d1,
					d2;

		if (!ParseDay(P, &d1))
			return false;
		d2 = d1;
		SkipSpace(P);
		if (Peek(P) == '-')
		{
			P->pos++;
			SkipSpace(P);
			if (!ParseDay(P, &d2))
				return false;
			SkipSpace(P);
		}
		for (i = d1;; i = (i + 1) % 7)
		{
			days[i] = true;
			if (i == d2)
				break;
		}
		if (Peek(P) != ',')
			break;
		P->pos++;
		SkipSpace(P);
	}
	if (AtClauseEnd(P))
		return Fail(P, "Expected opening hours after the days.",
					"Give each day clause its hours, e.g. \"mon-fri 09:00-17:00\".");

	/* windows := window { [","] window } */
	for (;;)
	{
		int			s,
					e;
		size_t		wstart = P->pos;

		if (!ParseTime(P, &s, false))
			return false;
		SkipSpace(P);
		if (Peek(P) != '-')
			return Fail(P, "Expected \"-\" between the start and end of a window.",
						HINT_TIME);
		P->pos++;
		SkipSpace(P);
		if (!ParseTime(P, &e, true))
			return false;
		if (s == e)
		{
			P->pos = wstart;
			return Fail(P, "A window cannot be empty.",
						"Write 00:00-24:00 for a whole day; a window whose end is before its start runs past midnight.");
		}
		for (i = 0; i < 7; i++)
		{
			int			a,
						b;

			if (!days[i])
				continue;
			a = i * SM_CAL_DAY_MINUTES + s;
			b = (e > s) ? i * SM_CAL_DAY_MINUTES + e :
				(i + 1) * SM_CAL_DAY_MINUTES + e;
			if (b <= SM_CAL_WEEK_MINUTES)
				SetRange(P->bits, a, b);
			else
			{
				/* Sunday night into Monday morning */
				SetRange(P->bits, a, SM_CAL_WEEK_MINUTES);
				SetRange(P->bits, 0, b - SM_CAL_WEEK_MINUTES);
			}
		}
		SkipSpace(P);
		if (AtClauseEnd(P))
			return true;
		if (Peek(P) == ',')
		{
			P->pos++;
			SkipSpace(P);
			if (IsAlpha(Peek(P)))
				return Fail(P, "Expected another window after \",\".",
							"Separate day clauses with \";\", e.g. \"mon-fri 09:00-17:00; sat 10:00-14:00\".");
		}
		else if (!IsDigit(Peek(P)))
			return Fail(P, "Expected another window or \";\" after a window.",
						HINT_GENERAL);
	}
}

/* In-place heapsort of int32 (no libc qsort: it is a pg_qsort macro). */
static void
SiftDown(int32 *a, size_t start, size_t n)
{
	size_t		root = start;

	while (2 * root + 1 < n)
	{
		size_t		child = 2 * root + 1;
		int32		tmp;

		if (child + 1 < n && a[child] < a[child + 1])
			child++;
		if (a[root] >= a[child])
			return;
		tmp = a[root];
		a[root] = a[child];
		a[child] = tmp;
		root = child;
	}
}

static void
SortInt32(int32 *a, size_t n)
{
	size_t		i;

	if (n < 2)
		return;
	for (i = n / 2; i-- > 0;)
		SiftDown(a, i, n);
	for (i = n - 1; i > 0; i--)
	{
		int32		tmp = a[0];

		a[0] = a[i];
		a[i] = tmp;
		SiftDown(a, 0, i);
	}
}

size_t
sm_calendar_holiday_bound(size_t len)
{
	/* every date takes 10 bytes and a separator; cap at the maximum + 1 */
	size_t		n = len / 11 + 1;

	return Min(n, (size_t) SM_CAL_MAX_HOLIDAYS + 1);
}

bool
sm_calendar_parse(const char *str, size_t len, SmCalendar *cal,
				  int32 *holidays, size_t holiday_cap, SmCalError *err)
{
	Parser		P;
	size_t		zstart;
	size_t		zlen;
	size_t		i;
	int			m;

	memset(&P, 0, sizeof(P));
	P.s = str;
	P.len = len;
	P.err = err;
	P.holidays = holidays;
	P.holiday_cap = holiday_cap;

	/* zone */
	SkipSpace(&P);
	zstart = P.pos;
	while (P.pos < len && !IsSpace(str[P.pos]) && str[P.pos] != ';')
	{
		unsigned char c = (unsigned char) str[P.pos];

		if (c < 0x21 || c > 0x7e)
			return Fail(&P, "The time zone name has a character that is not printable ASCII.",
						"Start with an IANA time zone name such as Europe/Helsinki or UTC.");
		P.pos++;
	}
	zlen = P.pos - zstart;
	if (zlen == 0)
		return Fail(&P, "Expected a time zone name.",
					"Start with an IANA time zone name such as Europe/Helsinki or UTC.");
	if (zlen > SM_CAL_ZONE_MAX)
	{
		P.pos = zstart;
		return Fail(&P, "The time zone name is too long.",
					"Start with an IANA time zone name such as Europe/Helsinki or UTC.");
	}
	memcpy(cal->zone, str + zstart, zlen);
	cal->zone[zlen] = '\0';
	SkipSpace(&P);
	if (!AtClauseEnd(&P))
		return Fail(&P, "Expected \";\" after the time zone name.", HINT_GENERAL);

	/* clauses */
	while (P.pos < len)
	{
		size_t		wstart;
		size_t		wlen;

		P.pos++;				/* the ';' */
		SkipSpace(&P);
		if (AtClauseEnd(&P))
			continue;			/* empty clause */
		wstart = P.pos;
		while (P.pos < len && IsAlpha(str[P.pos]))
			P.pos++;
		wlen = P.pos - wstart;
		if (WordIs(str + wstart, wlen, "holidays"))
		{
			if (!ParseHolidays(&P))
				return false;
		}
		else
		{
			P.pos = wstart;
			if (!ParseWindows(&P))
				return false;
		}
		SkipSpace(&P);
		if (!AtClauseEnd(&P))
			return Fail(&P, "Expected \";\" between clauses.", HINT_GENERAL);
	}

	/* canonical windows: maximal runs of open minutes */
	cal->nwindows = 0;
	m = 0;
	while (m < SM_CAL_WEEK_MINUTES)
	{
		int			start;

		if (P.bits[m / 64] == 0 && m % 64 == 0)
		{
			m += 64;
			continue;
		}
		if (!BitIsSet(P.bits, m))
		{
			m++;
			continue;
		}
		start = m;
		while (m < SM_CAL_WEEK_MINUTES && BitIsSet(P.bits, m))
			m++;
		cal->windows[2 * cal->nwindows] = (int16) start;
		cal->windows[2 * cal->nwindows + 1] = (int16) m;
		cal->nwindows++;
	}

	/* canonical holidays: sorted, distinct */
	SortInt32(holidays, P.nholidays);
	cal->nholidays = 0;
	for (i = 0; i < P.nholidays; i++)
		if (cal->nholidays == 0 || holidays[cal->nholidays - 1] != holidays[i])
			holidays[cal->nholidays++] = holidays[i];
	cal->holidays = holidays;
	return true;
}

const char *
sm_calendar_check(const SmCalendar *cal)
{
	size_t		zlen = strnlen(cal->zone, SM_CAL_ZONE_MAX + 1);
	size_t		i;
	int			w;

	if (zlen == 0 || zlen > SM_CAL_ZONE_MAX)
		return "Bad time zone name length.";
	for (i = 0; i < zlen; i++)
		if ((unsigned char) cal->zone[i] < 0x21 ||
			(unsigned char) cal->zone[i] > 0x7e || cal->zone[i] == ';')
			return "Bad character in the time zone name.";
	if (cal->nwindows < 0 || cal->nwindows > SM_CAL_MAX_WINDOWS)
		return "Bad number of windows.";
	for (w = 0; w < cal->nwindows; w++)
	{
		int			s = cal->windows[2 * w];
		int			e = cal->windows[2 * w + 1];

		if (s < 0 || e > SM_CAL_WEEK_MINUTES || s >= e)
			return "A window is out of range or empty.";
		if (w > 0 && s <= cal->windows[2 * w - 1])
			return "Windows are not ascending, disjoint and separated.";
	}
	if (cal->nholidays < 0 || cal->nholidays > SM_CAL_MAX_HOLIDAYS)
		return "Bad number of holidays.";
	for (w = 0; w < cal->nholidays; w++)
	{
		if (cal->holidays[w] < SM_CAL_MIN_DATE ||
			cal->holidays[w] > SM_CAL_MAX_DATE)
			return "A holiday is out of range.";
		if (w > 0 && cal->holidays[w] <= cal->holidays[w - 1])
			return "Holidays are not ascending and distinct.";
	}
	return NULL;
}

/* ---------- formatter ---------- */

size_t
sm_calendar_format_bound(const SmCalendar *cal)
{
	/*
	 * zone; per day clause "; mon-sun " (10) and per piece of a window
	 * within a day "HH:MM-HH:MM, " (13), with at most nwindows + 7 pieces;
	 * "; holidays" (10) and " YYYY-MM-DD" (11) per holiday; NUL.
	 */
	return strlen(cal->zone) + 7 * 10 + ((size_t) cal->nwindows + 7) * 13 +
		10 + (size_t) cal->nholidays * 11 + 1;
}

static char *
PutStr(char *p, const char *s)
{
	while (*s)
		*p++ = *s++;
	return p;
}

static char *
PutDigits(char *p, int v, int width)
{
	int			i;

	for (i = width - 1; i >= 0; i--)
	{
		p[i] = (char) ('0' + v % 10);
		v /= 10;
	}
	return p + width;
}

static char *
PutTime(char *p, int minutes)
{
	p = PutDigits(p, minutes / 60, 2);
	*p++ = ':';
	return PutDigits(p, minutes % 60, 2);
}

/* Whether days d1 and d2 have the same open minutes. */
static bool
SameDay(const uint64 *bits, int d1, int d2)
{
	int			m;

	for (m = 0; m < SM_CAL_DAY_MINUTES; m++)
		if (BitIsSet(bits, d1 * SM_CAL_DAY_MINUTES + m) !=
			BitIsSet(bits, d2 * SM_CAL_DAY_MINUTES + m))
			return false;
	return true;
}

static bool
DayIsOpen(const uint64 *bits, int d)
{
	int			m;

	for (m = 0; m < SM_CAL_DAY_MINUTES; m++)
		if (BitIsSet(bits, d * SM_CAL_DAY_MINUTES + m))
			return true;
	return false;
}

/*
 * Canonical text: the zone, then one clause per run of consecutive days
 * (mon..sun, never wrapping) with identical hours, each window cut at
 * midnight (so 22:00-06:00 prints as 22:00-24:00 and 00:00-06:00 on the
 * next day), then the holidays in ascending order.
 */
size_t
sm_calendar_format(const SmCalendar *cal, char *buf)
{
	uint64		bits[WEEK_WORDS];
	char	   *p = buf;
	int			d = 0;
	int			i;

	memset(bits, 0, sizeof(bits));
	for (i = 0; i < cal->nwindows; i++)
		SetRange(bits, cal->windows[2 * i], cal->windows[2 * i + 1]);

	p = PutStr(p, cal->zone);
	while (d < 7)
	{
		int			r = d;
		int			m = 0;
		bool		first = true;

		if (!DayIsOpen(bits, d))
		{
			d++;
			continue;
		}
		while (r + 1 < 7 && SameDay(bits, d, r + 1))
			r++;
		p = PutStr(p, "; ");
		p = PutStr(p, day_names[d]);
		if (r > d)
		{
			*p++ = '-';
			p = PutStr(p, day_names[r]);
		}
		while (m < SM_CAL_DAY_MINUTES)
		{
			int			start;

			if (!BitIsSet(bits, d * SM_CAL_DAY_MINUTES + m))
			{
				m++;
				continue;
			}
			start = m;
			while (m < SM_CAL_DAY_MINUTES &&
				   BitIsSet(bits, d * SM_CAL_DAY_MINUTES + m))
				m++;
			p = PutStr(p, first ? " " : ", ");
			first = false;
			p = PutTime(p, start);
			*p++ = '-';
			p = PutTime(p, m);
		}
		d = r + 1;
	}
	if (cal->nholidays > 0)
	{
		p = PutStr(p, "; holidays");
		for (i = 0; i < cal->nholidays; i++)
		{
			int			y,
						mo,
						dd;

			CivilFromDays(cal->holidays[i], &y, &mo, &dd);
			*p++ = ' ';
			p = PutDigits(p, y, 4);
			*p++ = '-';
			p = PutDigits(p, mo, 2);
			*p++ = '-';
			p = PutDigits(p, dd, 2);
		}
	}
	*p = '\0';
	return (size_t) (p - buf);
}

/* ---------- arithmetic on the local time line ---------- */

/* Open microseconds in [0, pos) of the week, 0 <= pos <= SM_CAL_WEEK_US. */
static int64
WeekCum(const SmCalView *cal, int64 pos)
{
	int64		sum = 0;
	int			w;

	for (w = 0; w < cal->nwindows; w++)
	{
		int64		s = cal->windows[2 * w] * SM_CAL_MINUTE_US;
		int64		e = cal->windows[2 * w + 1] * SM_CAL_MINUTE_US;

		if (pos <= s)
			break;
		sum += Min(pos, e) - s;
	}
	return sum;
}

int64
sm_calendar_week_open(const SmCalView *cal)
{
	return WeekCum(cal, SM_CAL_WEEK_US);
}

int64
sm_calendar_open_weekly(const SmCalView *cal, int64 a, int64 b)
{
	int64		origin = FIRST_MONDAY * SM_CAL_DAY_US;
	int64		wa = sm_floor_div(a - origin, SM_CAL_WEEK_US);
	int64		wb = sm_floor_div(b - origin, SM_CAL_WEEK_US);
	int64		ra = (a - origin) - wa * SM_CAL_WEEK_US;
	int64		rb = (b - origin) - wb * SM_CAL_WEEK_US;

	/* whole weeks in O(1), then the two partial weeks */
	return (wb - wa) * sm_calendar_week_open(cal) +
		WeekCum(cal, rb) - WeekCum(cal, ra);
}

int
sm_calendar_first_holiday(const SmCalView *cal, int64 a)
{
	int			lo = 0;
	int			hi = cal->nholidays;

	while (lo < hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (((int64) cal->holidays[mid] + 1) * SM_CAL_DAY_US > a)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

int64
sm_calendar_holiday_start(const SmCalView *cal, int i)
{
	return (int64) cal->holidays[i] * SM_CAL_DAY_US;
}

int64
sm_calendar_holiday_overlap(const SmCalView *cal, int i, int64 a, int64 b)
{
	int64		h0 = sm_calendar_holiday_start(cal, i);
	int64		p = Max(a, h0);
	int64		q = Min(b, h0 + SM_CAL_DAY_US);
	int64		dow;
	int64		base;

	if (p >= q)
		return 0;
	dow = (int64) cal->holidays[i] - FIRST_MONDAY;
	dow -= sm_floor_div(dow, 7) * 7;
	base = dow * SM_CAL_DAY_US;
	return WeekCum(cal, base + (q - h0)) - WeekCum(cal, base + (p - h0));
}
