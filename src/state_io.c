/*-------------------------------------------------------------------------
 *
 * state_io.c
 *	  Text and binary I/O, combine functions and final functions of the
 *	  shared transition-state types int8_ratio_state, float8_ratio_state and
 *	  float8_mean_state (see state_io.h), and the error reports the
 *	  transition functions share.
 *
 *	  Text forms (they round-trip exactly; Citus ships partial states as
 *	  text):
 *		int8_ratio_state	'(num,den)'		 e.g. '(120,4500)'
 *		float8_ratio_state	'(num,den)'		 exact decimals, e.g. '(0.5,12.25)'
 *		float8_mean_state	'(n,sum)'		 e.g. '(3,0.75)'
 *	  Binary forms: a version byte, then each field as big-endian int64
 *	  (an exact sum is four of them, most significant first).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"
#include "compat.h"

#include <ctype.h>
#include <math.h>

#include "common/int.h"
#include "fmgr.h"
#include "libpq/pqformat.h"

#include "errtext.h"
#include "state_io.h"

PG_FUNCTION_INFO_V1(int8_ratio_state_in);
PG_FUNCTION_INFO_V1(int8_ratio_state_out);
PG_FUNCTION_INFO_V1(int8_ratio_state_recv);
PG_FUNCTION_INFO_V1(int8_ratio_state_send);
PG_FUNCTION_INFO_V1(int8_ratio_state_combine);
PG_FUNCTION_INFO_V1(int8_ratio_state_finalfn);
PG_FUNCTION_INFO_V1(float8_ratio_state_in);
PG_FUNCTION_INFO_V1(float8_ratio_state_out);
PG_FUNCTION_INFO_V1(float8_ratio_state_recv);
PG_FUNCTION_INFO_V1(float8_ratio_state_send);
PG_FUNCTION_INFO_V1(float8_ratio_state_combine);
PG_FUNCTION_INFO_V1(float8_ratio_state_finalfn);
PG_FUNCTION_INFO_V1(float8_mean_state_in);
PG_FUNCTION_INFO_V1(float8_mean_state_out);
PG_FUNCTION_INFO_V1(float8_mean_state_recv);
PG_FUNCTION_INFO_V1(float8_mean_state_send);
PG_FUNCTION_INFO_V1(float8_mean_state_combine);
PG_FUNCTION_INFO_V1(float8_mean_state_finalfn);

/*
 * A palloc'd copy of a state, for transition functions called outside an
 * aggregate (out of line: the aggregate path stays free of it).
 */
void *
sm_state_copy(const void *state, Size size)
{
	void	   *copy = palloc(size);

	memcpy(copy, state, size);
	return copy;
}

/* ----------------------------------------------------------------------
 * Errors shared by the transition functions
 * ---------------------------------------------------------------------- */

void
sm_int64_overflow_error(const char *func, bool cast_hint)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("bigint out of range"),
			 errdetail("A bigint sum of %s left the range of bigint.", func),
			 cast_hint ?
			 errhint("Cast the arguments to double precision: their sums are "
					 "kept exactly up to about 1.7e38.") : 0));
}

void
sm_exact_overflow_error(const char *func)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("value out of range: overflow"),
			 errdetail("A double precision sum of %s reached 2^127 (about "
					   "1.7e38) in magnitude, the limit of its exact "
					   "accumulator.", func),
			 errhint("Scale the inputs down, e.g. count in thousands.")));
}

/* a non-zero value below the exact accumulator's step (sm_exact_below_step) */
void
sm_exact_underflow_error(const char *func, const char *arg, double value)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("value out of range: underflow"),
			 errdetail("The %s %s of %s is below 2^-128 (about 2.9e-39) in "
					   "magnitude, the resolution of its exact accumulator.",
					   arg, sm_double_text(value), func),
			 errhint("Scale the inputs up, e.g. count in millionths, or "
					 "treat such values as zero.")));
}

/*
 * A support function of an aggregate called where it cannot work: directly
 * from SQL (no aggregate context), or by a user-made aggregate that hands it
 * a state it did not build.  Only someone calling an internal function by
 * hand meets this, but it is still a user error, not an internal one (core
 * raises XX000 for the same case; a SQLSTATE of its own lets tests and
 * clients tell it from a real bug).
 */
void
sm_support_function_error(const char *func, const char *aggregate,
						  const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_WRONG_OBJECT_TYPE),
			 errmsg("%s can only be called by the aggregate %s",
					func, aggregate),
			 detail ? errdetail("%s", detail) : 0,
			 errhint("Call the aggregate %s instead.", aggregate)));
}

void
sm_not_finite_error(const char *func, const char *arg, double value)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s of %s must be a finite number, not %s",
					arg, func,
					isnan(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity"),
			 errhint("Filter such rows out, e.g. WHERE x <> 'NaN' AND "
					 "abs(x) <> 'Infinity'.")));
}

/* ----------------------------------------------------------------------
 * Text parsing helpers
 * ---------------------------------------------------------------------- */

typedef struct StateScan
{
	const char *p;				/* current position */
	const char *input;			/* whole input, for messages */
	const char *type;			/* SQL type name, for messages */
	const char *form;			/* expected form, for messages */
} StateScan;

pg_noreturn static void
StateSyntaxError(StateScan *s)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type %s: \"%s\"",
					s->type, sm_excerpt(s->input)),
			 errdetail("Expected %s.", s->form)));
}

pg_noreturn static void
StateRangeError(StateScan *s)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("value \"%s\" is out of range for type %s",
					sm_excerpt(s->input), s->type)));
}

pg_noreturn static void
StateValueError(StateScan *s, const char *why)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type %s: \"%s\"",
					s->type, sm_excerpt(s->input)),
			 errdetail("%s", why)));
}

static void
ScanSpaces(StateScan *s)
{
	while (*s->p && isspace((unsigned char) *s->p))
		s->p++;
}

static void
ScanChar(StateScan *s, char c)
{
	ScanSpaces(s);
	if (*s->p != c)
		StateSyntaxError(s);
	s->p++;
}

static void
ScanEnd(StateScan *s)
{
	ScanSpaces(s);
	if (*s->p != '\0')
		StateSyntaxError(s);
}

/* [+-]digits as int64; out-of-range values raise 22003 */
static int64
ScanInt64(StateScan *s)
{
	const char *p;
	bool		neg = false;
	uint64		mag = 0;
	bool		range = false;

	ScanSpaces(s);
	p = s->p;
	if (*p == '-' || *p == '+')
		neg = (*p++ == '-');
	if (*p < '0' || *p > '9')
		StateSyntaxError(s);
	while (*p >= '0' && *p <= '9')
	{
		uint64		digit = (uint64) (*p++ - '0');

		if (mag > (PG_UINT64_MAX - digit) / 10)
		{
			range = true;
			break;				/* no need to scan a huge number to its end */
		}
		mag = mag * 10 + digit;
	}
	s->p = p;
	if (range || mag > (uint64) PG_INT64_MAX + (neg ? 1 : 0))
		StateRangeError(s);
	if (neg)
		return mag == (uint64) PG_INT64_MAX + 1 ? PG_INT64_MIN : -(int64) mag;
	return (int64) mag;
}

static void
ScanExact(StateScan *s, SmExact *out)
{
	const char *end = s->p;
	SmExactParse rc;

	ScanSpaces(s);
	rc = sm_exact_parse(s->p, &end, out);
	if (rc == SM_EXACT_SYNTAX)
		StateSyntaxError(s);
	if (rc == SM_EXACT_RANGE)
		StateRangeError(s);
	s->p = end;
}

/* ----------------------------------------------------------------------
 * Binary helpers
 * ---------------------------------------------------------------------- */

/* Check the version byte and that exactly `payload` bytes follow. */
void
sm_state_recv_header(StringInfo buf, int payload, const char *type)
{
	int			version;

	if (buf->len - buf->cursor != 1 + payload)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary data for type %s", type),
				 errdetail("Expected %d bytes, got %d.",
						   1 + payload, buf->len - buf->cursor)));
	version = pq_getmsgbyte(buf);
	if (version != SM_STATE_BINARY_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("unsupported binary format version %d for type %s",
						version, type),
				 errhint("This version of social_metrics reads version %d.",
						 SM_STATE_BINARY_VERSION)));
}

void
sm_state_recv_invalid(const char *type, const char *why)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid binary data for type %s", type),
			 errdetail("%s", why)));
}

static void
SendExact(StringInfo buf, const SmExact *a)
{
	int			i;

	for (i = SM_EXACT_LIMBS - 1; i >= 0; i--)
		pq_sendint64(buf, (int64) a->w[i]);
}

static void
RecvExact(StringInfo buf, SmExact *a)
{
	int			i;

	for (i = SM_EXACT_LIMBS - 1; i >= 0; i--)
		a->w[i] = (uint64) pq_getmsgint64(buf);
}

/* ----------------------------------------------------------------------
 * int8_ratio_state
 * ---------------------------------------------------------------------- */

#define INT8_RATIO_FORM "(numerator,denominator) with bigint values, e.g. (120,4500)"

Datum
int8_ratio_state_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	SmInt8Ratio *st = palloc(sizeof(SmInt8Ratio));
	StateScan	s = {str, str, "int8_ratio_state", INT8_RATIO_FORM};

	ScanChar(&s, '(');
	st->num = ScanInt64(&s);
	ScanChar(&s, ',');
	st->den = ScanInt64(&s);
	ScanChar(&s, ')');
	ScanEnd(&s);
	if (st->den < 0)
		StateValueError(&s, "The denominator must not be negative.");
	PG_RETURN_POINTER(st);
}

Datum
int8_ratio_state_out(PG_FUNCTION_ARGS)
{
	SmInt8Ratio *st = (SmInt8Ratio *) PG_GETARG_POINTER(0);

	PG_RETURN_CSTRING(psprintf("(" INT64_FORMAT "," INT64_FORMAT ")",
							   st->num, st->den));
}

Datum
int8_ratio_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	SmInt8Ratio *st = palloc(sizeof(SmInt8Ratio));

	sm_state_recv_header(buf, SM_INT8_RATIO_STATE_SIZE, "int8_ratio_state");
	st->num = pq_getmsgint64(buf);
	st->den = pq_getmsgint64(buf);
	if (st->den < 0)
		sm_state_recv_invalid("int8_ratio_state", "The denominator must not be negative.");
	PG_RETURN_POINTER(st);
}

Datum
int8_ratio_state_send(PG_FUNCTION_ARGS)
{
	SmInt8Ratio *st = (SmInt8Ratio *) PG_GETARG_POINTER(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, SM_STATE_BINARY_VERSION);
	pq_sendint64(&buf, st->num);
	pq_sendint64(&buf, st->den);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/*
 * Merge two partial states (parallel workers, Citus workers): the sums add.
 * Overflow raises 22003 exactly as a serial run would.
 */
Datum
int8_ratio_state_combine(PG_FUNCTION_ARGS)
{
	SmInt8Ratio *a = sm_state_for_update(fcinfo, sizeof(SmInt8Ratio));
	SmInt8Ratio *b = (SmInt8Ratio *) PG_GETARG_POINTER(1);

	if (unlikely(pg_add_s64_overflow(a->num, b->num, &a->num) ||
				 pg_add_s64_overflow(a->den, b->den, &a->den)))
		sm_int64_overflow_error("the combined states", false);
	PG_RETURN_POINTER(a);
}

/* num / den, NULL unless den > 0 */
Datum
int8_ratio_state_finalfn(PG_FUNCTION_ARGS)
{
	SmInt8Ratio *st = (SmInt8Ratio *) PG_GETARG_POINTER(0);

	if (st->den <= 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8((double) st->num / (double) st->den);
}

/* ----------------------------------------------------------------------
 * float8_ratio_state
 * ---------------------------------------------------------------------- */

#define FLOAT8_RATIO_FORM "(numerator,denominator) with exact decimal sums, e.g. (0.5,12.25)"

Datum
float8_ratio_state_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	SmExactRatio *st = palloc(sizeof(SmExactRatio));
	StateScan	s = {str, str, "float8_ratio_state", FLOAT8_RATIO_FORM};

	ScanChar(&s, '(');
	ScanExact(&s, &st->num);
	ScanChar(&s, ',');
	ScanExact(&s, &st->den);
	ScanChar(&s, ')');
	ScanEnd(&s);
	if (sm_exact_is_negative(&st->den))
		StateValueError(&s, "The denominator must not be negative.");
	PG_RETURN_POINTER(st);
}

Datum
float8_ratio_state_out(PG_FUNCTION_ARGS)
{
	SmExactRatio *st = (SmExactRatio *) PG_GETARG_POINTER(0);
	char	   *out = palloc(2 * SM_EXACT_TEXT_MAX + 4);
	int			len = 0;

	out[len++] = '(';
	len += sm_exact_format(&st->num, out + len);
	out[len++] = ',';
	len += sm_exact_format(&st->den, out + len);
	out[len++] = ')';
	out[len] = '\0';
	PG_RETURN_CSTRING(out);
}

Datum
float8_ratio_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	SmExactRatio *st = palloc(sizeof(SmExactRatio));

	sm_state_recv_header(buf, SM_FLOAT8_RATIO_STATE_SIZE, "float8_ratio_state");
	RecvExact(buf, &st->num);
	RecvExact(buf, &st->den);
	if (sm_exact_is_negative(&st->den))
		sm_state_recv_invalid("float8_ratio_state", "The denominator must not be negative.");
	PG_RETURN_POINTER(st);
}

Datum
float8_ratio_state_send(PG_FUNCTION_ARGS)
{
	SmExactRatio *st = (SmExactRatio *) PG_GETARG_POINTER(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, SM_STATE_BINARY_VERSION);
	SendExact(&buf, &st->num);
	SendExact(&buf, &st->den);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

Datum
float8_ratio_state_combine(PG_FUNCTION_ARGS)
{
	SmExactRatio *a = sm_state_for_update(fcinfo, sizeof(SmExactRatio));
	SmExactRatio *b = (SmExactRatio *) PG_GETARG_POINTER(1);

	if (unlikely(!sm_exact_add(&a->num, &b->num) ||
				 !sm_exact_add(&a->den, &b->den)))
		sm_exact_overflow_error("the combined states");
	PG_RETURN_POINTER(a);
}

/*
 * num / den, NULL unless den > 0.  Both sums lie in [2^-128, 2^127] when
 * non-zero, so the quotient is always a finite, non-zero-underflowing double.
 */
Datum
float8_ratio_state_finalfn(PG_FUNCTION_ARGS)
{
	SmExactRatio *st = (SmExactRatio *) PG_GETARG_POINTER(0);

	if (sm_exact_sign(&st->den) <= 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(sm_exact_to_double(&st->num) /
					 sm_exact_to_double(&st->den));
}

/* ----------------------------------------------------------------------
 * float8_mean_state
 * ---------------------------------------------------------------------- */

#define FLOAT8_MEAN_FORM "(count,sum) with a bigint count and an exact decimal sum, e.g. (3,0.75)"

static void
MeanCheck(const SmExactMean *st, StateScan *s, const char *type)
{
	const char *why = NULL;

	if (st->n < 0)
		why = "The count must not be negative.";
	else if (st->n == 0 && !sm_exact_is_zero(&st->sum))
		why = "A state that counts no rows must have a zero sum.";
	if (why == NULL)
		return;
	if (s)
		StateValueError(s, why);
	sm_state_recv_invalid(type, why);
}

Datum
float8_mean_state_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	SmExactMean *st = palloc(sizeof(SmExactMean));
	StateScan	s = {str, str, "float8_mean_state", FLOAT8_MEAN_FORM};

	ScanChar(&s, '(');
	st->n = ScanInt64(&s);
	ScanChar(&s, ',');
	ScanExact(&s, &st->sum);
	ScanChar(&s, ')');
	ScanEnd(&s);
	MeanCheck(st, &s, "float8_mean_state");
	PG_RETURN_POINTER(st);
}

Datum
float8_mean_state_out(PG_FUNCTION_ARGS)
{
	SmExactMean *st = (SmExactMean *) PG_GETARG_POINTER(0);
	char	   *out = palloc(SM_EXACT_TEXT_MAX + 32);
	int			len;

	len = snprintf(out, 32, "(" INT64_FORMAT ",", st->n);
	len += sm_exact_format(&st->sum, out + len);
	out[len++] = ')';
	out[len] = '\0';
	PG_RETURN_CSTRING(out);
}

Datum
float8_mean_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	SmExactMean *st = palloc(sizeof(SmExactMean));

	sm_state_recv_header(buf, SM_FLOAT8_MEAN_STATE_SIZE, "float8_mean_state");
	st->n = pq_getmsgint64(buf);
	RecvExact(buf, &st->sum);
	MeanCheck(st, NULL, "float8_mean_state");
	PG_RETURN_POINTER(st);
}

Datum
float8_mean_state_send(PG_FUNCTION_ARGS)
{
	SmExactMean *st = (SmExactMean *) PG_GETARG_POINTER(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, SM_STATE_BINARY_VERSION);
	pq_sendint64(&buf, st->n);
	SendExact(&buf, &st->sum);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

Datum
float8_mean_state_combine(PG_FUNCTION_ARGS)
{
	SmExactMean *a = sm_state_for_update(fcinfo, sizeof(SmExactMean));
	SmExactMean *b = (SmExactMean *) PG_GETARG_POINTER(1);

	if (unlikely(pg_add_s64_overflow(a->n, b->n, &a->n)))
		sm_int64_overflow_error("the combined states", false);
	if (unlikely(!sm_exact_add(&a->sum, &b->sum)))
		sm_exact_overflow_error("the combined states");
	PG_RETURN_POINTER(a);
}

/* sum / n, NULL unless n > 0 */
Datum
float8_mean_state_finalfn(PG_FUNCTION_ARGS)
{
	SmExactMean *st = (SmExactMean *) PG_GETARG_POINTER(0);

	if (st->n <= 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(sm_exact_to_double(&st->sum) / (double) st->n);
}
