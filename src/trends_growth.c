/*-------------------------------------------------------------------------
 *
 * trends_growth.c
 *	  growth_rate(value, at) and growth_change(value, at): the change of a
 *	  snapshot series (follower counts) from its earliest to its latest
 *	  instant, and their state type growth_state.
 *
 *	  The state keeps two points, the earliest (at, value) and the latest
 *	  (at, value).  Both are minima / maxima under a total order, so the
 *	  result does not depend on row order and partial states combine (parallel
 *	  query, Citus).  Tie rule: two snapshots at the same instant keep the
 *	  larger value, at both ends, which is order-independent too (-0 counts
 *	  as 0).  There is no inverse (removing the earliest point would need the
 *	  second earliest), so there is no moving-aggregate form: over a window
 *	  frame the executor recomputes the frame.
 *
 *	  Text form: '()' for no rows, else
 *	  '(first_at,first_value,last_at,last_value)' with instants in UTC,
 *	  e.g. '(2026-01-05T00:00:00Z,1500,2026-04-26T00:00:00Z,1800)'.
 *	  Binary: a version byte, a flag byte, then the two points as big-endian
 *	  int64 microseconds and float8.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "compat.h"

#include <math.h>

#include "common/shortest_dec.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "utils/datetime.h"
#include "utils/timestamp.h"

#include "state_io.h"

PG_FUNCTION_INFO_V1(growth_state_in);
PG_FUNCTION_INFO_V1(growth_state_out);
PG_FUNCTION_INFO_V1(growth_state_recv);
PG_FUNCTION_INFO_V1(growth_state_send);
PG_FUNCTION_INFO_V1(growth_state_combine);
PG_FUNCTION_INFO_V1(growth_rate_transfn);
PG_FUNCTION_INFO_V1(growth_rate_finalfn);
PG_FUNCTION_INFO_V1(growth_change_finalfn);

typedef struct SmGrowth
{
	int32		nonempty;		/* 0: no rows yet */
	int32		pad;			/* always 0, so equal states have equal bytes */
	int64		first_at;
	double		first_v;
	int64		last_at;
	double		last_v;
} SmGrowth;

#define SM_GROWTH_SIZE 40
StaticAssertDecl(sizeof(SmGrowth) == SM_GROWTH_SIZE,
				 "growth_state INTERNALLENGTH is 40");

/* (at, v) comes before (at2, v2) at the start: earlier, or same instant and larger */
static inline bool
BeforeAtStart(int64 at, double v, int64 at2, double v2)
{
	return at < at2 || (at == at2 && v > v2);
}

/* (at, v) comes after (at2, v2) at the end: later, or same instant and larger */
static inline bool
AfterAtEnd(int64 at, double v, int64 at2, double v2)
{
	return at > at2 || (at == at2 && v > v2);
}

static void
GrowthAdd(SmGrowth *st, int64 at, double v)
{
	if (!st->nonempty)
	{
		st->nonempty = 1;
		st->first_at = st->last_at = at;
		st->first_v = st->last_v = v;
		return;
	}
	if (BeforeAtStart(at, v, st->first_at, st->first_v))
	{
		st->first_at = at;
		st->first_v = v;
	}
	if (AfterAtEnd(at, v, st->last_at, st->last_v))
	{
		st->last_at = at;
		st->last_v = v;
	}
}

/* (state growth_state, value float8, at timestamptz) */
Datum
growth_rate_transfn(PG_FUNCTION_ARGS)
{
	SmGrowth   *st;
	double		v;

	SM_TRANS_SKIP_NULLS(2);
	st = sm_state_for_update(fcinfo, sizeof(SmGrowth));
	v = PG_GETARG_FLOAT8(1);
	if (unlikely(!isfinite(v)))
		sm_not_finite_error("growth_rate", "value", v);
	if (v == 0)
		v = 0.0;				/* -0 and 0 are one value */
	GrowthAdd(st, PG_GETARG_TIMESTAMPTZ(2), v);
	PG_RETURN_POINTER(st);
}

Datum
growth_state_combine(PG_FUNCTION_ARGS)
{
	SmGrowth   *a = sm_state_for_update(fcinfo, sizeof(SmGrowth));
	SmGrowth   *b = (SmGrowth *) PG_GETARG_POINTER(1);

	if (b->nonempty)
	{
		GrowthAdd(a, b->first_at, b->first_v);
		GrowthAdd(a, b->last_at, b->last_v);
	}
	PG_RETURN_POINTER(a);
}

pg_noreturn static void
GrowthOverflow(const char *func)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("value out of range: overflow"),
			 errdetail("The change computed by %s overflows double precision.",
					   func)));
}

/* (last - first) / first; NULL for no rows or a start value <= 0 */
Datum
growth_rate_finalfn(PG_FUNCTION_ARGS)
{
	SmGrowth   *st = (SmGrowth *) PG_GETARG_POINTER(0);
	double		r;

	if (!st->nonempty || !(st->first_v > 0))
		PG_RETURN_NULL();
	r = (st->last_v - st->first_v) / st->first_v;
	if (unlikely(!isfinite(r)))
		GrowthOverflow("growth_rate");
	PG_RETURN_FLOAT8(r);
}

/* last - first; NULL for no rows */
Datum
growth_change_finalfn(PG_FUNCTION_ARGS)
{
	SmGrowth   *st = (SmGrowth *) PG_GETARG_POINTER(0);
	double		r;

	if (!st->nonempty)
		PG_RETURN_NULL();
	r = st->last_v - st->first_v;
	if (unlikely(!isfinite(r)))
		GrowthOverflow("growth_change");
	PG_RETURN_FLOAT8(r);
}

/* ----------------------------------------------------------------------
 * Text and binary forms
 * ---------------------------------------------------------------------- */

#define GROWTH_FORM "() or (first_at,first_value,last_at,last_value) with UTC instants, e.g. (2026-01-05T00:00:00Z,1500,2026-04-26T00:00:00Z,1800)"

static void
FormatInstant(StringInfo buf, int64 ts)
{
	struct pg_tm tm;
	fsec_t		fsec;

	if (ts == DT_NOBEGIN)
	{
		appendStringInfoString(buf, "-infinity");
		return;
	}
	if (ts == DT_NOEND)
	{
		appendStringInfoString(buf, "infinity");
		return;
	}
	if (timestamp2tm(ts, NULL, &tm, &fsec, NULL, NULL) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("timestamp out of range")));
	appendStringInfo(buf, "%04d-%02d-%02dT%02d:%02d:%02d",
					 tm.tm_year > 0 ? tm.tm_year : 1 - tm.tm_year,
					 tm.tm_mon, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	if (fsec != 0)
		appendStringInfo(buf, ".%06d", (int) fsec);
	appendStringInfoString(buf, tm.tm_year > 0 ? "Z" : "Z BC");
}

static void
FormatDouble(StringInfo buf, double v)
{
	char		tmp[DOUBLE_SHORTEST_DECIMAL_LEN];

	double_to_shortest_decimal_buf(v, tmp);
	appendStringInfoString(buf, tmp);
}

pg_noreturn static void
GrowthSyntax(const char *input, const char *why)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type growth_state: \"%s\"", input),
			 why ? errdetail("%s", why) : errdetail("Expected %s.", GROWTH_FORM)));
}

/*
 * Read an instant written by FormatInstant at *p, up to the next ','.  It
 * is parsed with sscanf and then printed again: input that does not print
 * back identically (a 30th of February, a missing Z, a local time) is
 * rejected, so only the canonical UTC form is accepted.
 */
static int64
ParseInstant(const char *input, const char **p)
{
	const char *end = strchr(*p, ',');
	char		tok[64];
	int			len;
	int64		ts;
	struct pg_tm tm;
	int			frac = 0,
				nfrac = 0,
				consumed = 0,
				ylen;
	StringInfoData again;

	if (end == NULL)
		end = *p + strlen(*p);
	len = (int) (end - *p);
	if (len <= 0 || len >= (int) sizeof(tok))
		GrowthSyntax(input, NULL);
	memcpy(tok, *p, len);
	tok[len] = '\0';
	*p = end;

	if (strcmp(tok, "infinity") == 0)
		return DT_NOEND;
	if (strcmp(tok, "-infinity") == 0)
		return DT_NOBEGIN;
	memset(&tm, 0, sizeof(tm));

	/*
	 * The year has 4 to 6 digits: timestamptz reaches the year 294276, and
	 * FormatInstant prints what a binary state may hold.
	 */
	ylen = (int) strspn(tok, "0123456789");
	if (ylen < 4 || ylen > 6 ||
		sscanf(tok, "%6d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon,
			   &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec,
			   &consumed) != 6 || consumed != ylen + 15)
		GrowthSyntax(input, "An instant must be written YYYY-MM-DDTHH:MM:SS[.ffffff]Z.");
	if (tok[consumed] == '.')
	{
		const char *f = tok + consumed + 1;

		while (*f >= '0' && *f <= '9' && nfrac < 6)
			frac = frac * 10 + (*f++ - '0'), nfrac++;
		if (nfrac != 6)
			GrowthSyntax(input, "Fractions of a second have six digits.");
	}
	if (strstr(tok, "Z BC") != NULL)
		tm.tm_year = 1 - tm.tm_year;
	if (tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 ||
		tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 59 ||
		tm2timestamp(&tm, frac, NULL, &ts) != 0 || !IS_VALID_TIMESTAMP(ts))
		GrowthSyntax(input, "An instant is out of range.");
	initStringInfo(&again);
	FormatInstant(&again, ts);
	if (strcmp(again.data, tok) != 0)
		GrowthSyntax(input, "An instant must be written YYYY-MM-DDTHH:MM:SS[.ffffff]Z, in UTC, as growth_state prints it.");
	pfree(again.data);
	return ts;
}

static double
ParseValue(const char *input, const char **p)
{
	char	   *end;
	double		v;

	errno = 0;
	v = strtod(*p, &end);
	/* ERANGE with a nonzero result is a subnormal: valid, as in float8in */
	if (end == *p || (errno != 0 && !(errno == ERANGE && v != 0)) || !isfinite(v))
		GrowthSyntax(input, "A value must be a finite double precision number.");
	*p = end;
	return v == 0 ? 0.0 : v;
}

static void
Expect(const char *input, const char **p, char c)
{
	if (**p != c)
		GrowthSyntax(input, NULL);
	(*p)++;
}

Datum
growth_state_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	SmGrowth   *st = palloc0(sizeof(SmGrowth));
	const char *p = str;

	Expect(str, &p, '(');
	if (*p == ')')
	{
		if (p[1] != '\0')
			GrowthSyntax(str, NULL);
		PG_RETURN_POINTER(st);
	}
	st->nonempty = 1;
	st->first_at = ParseInstant(str, &p);
	Expect(str, &p, ',');
	st->first_v = ParseValue(str, &p);
	Expect(str, &p, ',');
	st->last_at = ParseInstant(str, &p);
	Expect(str, &p, ',');
	st->last_v = ParseValue(str, &p);
	Expect(str, &p, ')');
	if (*p != '\0')
		GrowthSyntax(str, NULL);
	if (st->first_at > st->last_at)
		GrowthSyntax(str, "The first instant must not be after the last.");
	PG_RETURN_POINTER(st);
}

Datum
growth_state_out(PG_FUNCTION_ARGS)
{
	SmGrowth   *st = (SmGrowth *) PG_GETARG_POINTER(0);
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfoChar(&buf, '(');
	if (st->nonempty)
	{
		FormatInstant(&buf, st->first_at);
		appendStringInfoChar(&buf, ',');
		FormatDouble(&buf, st->first_v);
		appendStringInfoChar(&buf, ',');
		FormatInstant(&buf, st->last_at);
		appendStringInfoChar(&buf, ',');
		FormatDouble(&buf, st->last_v);
	}
	appendStringInfoChar(&buf, ')');
	PG_RETURN_CSTRING(buf.data);
}

pg_noreturn static void
GrowthRecvError(const char *why)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid binary data for type growth_state"),
			 errdetail("%s", why)));
}

Datum
growth_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	SmGrowth   *st = palloc0(sizeof(SmGrowth));
	int			version,
				flag;

	if (buf->len - buf->cursor < 2)
		GrowthRecvError("Expected a version byte and a flag byte.");
	version = pq_getmsgbyte(buf);
	if (version != SM_STATE_BINARY_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("unsupported binary format version %d for type growth_state",
						version),
				 errhint("This version of social_metrics reads version %d.",
						 SM_STATE_BINARY_VERSION)));
	flag = pq_getmsgbyte(buf);
	if (flag != 0 && flag != 1)
		GrowthRecvError("The flag byte must be 0 or 1.");
	if (buf->len - buf->cursor != (flag ? 32 : 0))
		GrowthRecvError("Wrong length.");
	if (flag)
	{
		st->nonempty = 1;
		st->first_at = pq_getmsgint64(buf);
		st->first_v = pq_getmsgfloat8(buf);
		st->last_at = pq_getmsgint64(buf);
		st->last_v = pq_getmsgfloat8(buf);
		if (!isfinite(st->first_v) || !isfinite(st->last_v))
			GrowthRecvError("The values must be finite.");
		if (st->first_at > st->last_at)
			GrowthRecvError("The first instant must not be after the last.");
		if (!IS_VALID_TIMESTAMP(st->first_at) && !TIMESTAMP_NOT_FINITE(st->first_at))
			GrowthRecvError("The first instant is out of range.");
		if (!IS_VALID_TIMESTAMP(st->last_at) && !TIMESTAMP_NOT_FINITE(st->last_at))
			GrowthRecvError("The last instant is out of range.");
		if (st->first_v == 0)
			st->first_v = 0.0;
		if (st->last_v == 0)
			st->last_v = 0.0;
	}
	PG_RETURN_POINTER(st);
}

Datum
growth_state_send(PG_FUNCTION_ARGS)
{
	SmGrowth   *st = (SmGrowth *) PG_GETARG_POINTER(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, SM_STATE_BINARY_VERSION);
	pq_sendbyte(&buf, st->nonempty ? 1 : 0);
	if (st->nonempty)
	{
		pq_sendint64(&buf, st->first_at);
		pq_sendfloat8(&buf, st->first_v);
		pq_sendint64(&buf, st->last_at);
		pq_sendfloat8(&buf, st->last_v);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}
