/*-------------------------------------------------------------------------
 *
 * engagement.c
 *	  Engagement rate: the per-post scalar engagement_rate(), the ratio of
 *	  sums engagement_rate_agg() and the mean of per-post rates
 *	  avg_engagement_rate(); the aggregates for bigint, integer and double
 *	  precision inputs (numeric goes to double precision by implicit cast).
 *
 *	  Rules (doc/design.md section 8):
 *	  - a row enters an aggregate only when both inputs are non-NULL (the
 *		transition functions are STRICT and the states have an INITCOND, so
 *		the executor skips such rows pairwise);
 *	  - a negative denominator is treated as missing: the row is skipped,
 *		its engagements too;
 *	  - engagement_rate_agg keeps rows with a zero denominator (their
 *		engagements count), avg_engagement_rate needs a denominator > 0;
 *	  - integer sums are exact int64 and overflow raises 22003;
 *	  - double precision sums are exact fixed-point sums (exactsum.h), so
 *		the result does not depend on the plan or on row order; NaN and
 *		infinite inputs raise 22023 (no NaN or Infinity can come out).
 *
 *	  Every transition function has an inverse (_inv) that removes a row, so
 *	  window frames cost O(1) per row.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"
#include "compat.h"

#include <math.h>

#include "common/int.h"
#include "fmgr.h"
#include "utils/float.h"

#include "state_io.h"

PG_FUNCTION_INFO_V1(engagement_rate_int8);
PG_FUNCTION_INFO_V1(engagement_rate_float8);
PG_FUNCTION_INFO_V1(engagement_rate_agg_int8_transfn);
PG_FUNCTION_INFO_V1(engagement_rate_agg_int8_inv);
PG_FUNCTION_INFO_V1(engagement_rate_agg_int4_transfn);
PG_FUNCTION_INFO_V1(engagement_rate_agg_int4_inv);
PG_FUNCTION_INFO_V1(engagement_rate_agg_float8_transfn);
PG_FUNCTION_INFO_V1(engagement_rate_agg_float8_inv);
PG_FUNCTION_INFO_V1(avg_engagement_rate_int8_transfn);
PG_FUNCTION_INFO_V1(avg_engagement_rate_int8_inv);
PG_FUNCTION_INFO_V1(avg_engagement_rate_int4_transfn);
PG_FUNCTION_INFO_V1(avg_engagement_rate_int4_inv);
PG_FUNCTION_INFO_V1(avg_engagement_rate_float8_transfn);
PG_FUNCTION_INFO_V1(avg_engagement_rate_float8_inv);

/* Reject NaN and infinite double precision inputs (22023). */
static inline void
CheckFinite(const char *func, double e, double d)
{
	if (unlikely(!isfinite(e)))
		sm_not_finite_error(func, "engagements", e);
	if (unlikely(!isfinite(d)))
		sm_not_finite_error(func, "denominator", d);
}

/*
 * The per-post rate of double precision inputs: e / d for d > 0.  The
 * quotient of two finite doubles can still overflow (1e300 / 1e-300): that
 * is 22003, as for core's float8 division, never Infinity.
 */
static inline double
RateFloat8(const char *func, double e, double d)
{
	double		r = e / d;

	if (unlikely(isinf(r)))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("value out of range: overflow"),
				 errdetail("The rate of a row of %s overflows double precision.",
						   func)));
	return r;
}

/* ----------------------------------------------------------------------
 * engagement_rate(e, d): one post
 * ---------------------------------------------------------------------- */

Datum
engagement_rate_int8(PG_FUNCTION_ARGS)
{
	int64		e = PG_GETARG_INT64(0);
	int64		d = PG_GETARG_INT64(1);

	if (d <= 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8((double) e / (double) d);
}

Datum
engagement_rate_float8(PG_FUNCTION_ARGS)
{
	float8		e = PG_GETARG_FLOAT8(0);
	float8		d = PG_GETARG_FLOAT8(1);

	CheckFinite("engagement_rate", e, d);
	if (!(d > 0))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(RateFloat8("engagement_rate", e, d));
}

/* ----------------------------------------------------------------------
 * engagement_rate_agg(e, d): sum(e) / sum(d)
 * ---------------------------------------------------------------------- */

/*
 * Add (remove = false) or remove one integer pair: (e, d) counts when
 * d >= 0.  Shared by the bigint and integer variants; this is the hot loop
 * of the benchmark: two checked adds on the state in place, no allocation.
 */
static inline Datum
RatioAddInt64(FunctionCallInfo fcinfo, int64 e, int64 d, bool remove)
{
	SmInt8Ratio *st = sm_state_for_update(fcinfo, sizeof(SmInt8Ratio));
	bool		overflow;

	if (d < 0)
		PG_RETURN_POINTER(st);
	if (remove)
		overflow = pg_sub_s64_overflow(st->num, e, &st->num) |
			pg_sub_s64_overflow(st->den, d, &st->den);
	else
		overflow = pg_add_s64_overflow(st->num, e, &st->num) |
			pg_add_s64_overflow(st->den, d, &st->den);
	if (unlikely(overflow))
		sm_int64_overflow_error("engagement_rate_agg", true);
	PG_RETURN_POINTER(st);
}

/* (state int8_ratio_state, e bigint, d bigint) */
Datum
engagement_rate_agg_int8_transfn(PG_FUNCTION_ARGS)
{
	SM_TRANS_SKIP_NULLS(2);
	return RatioAddInt64(fcinfo, PG_GETARG_INT64(1), PG_GETARG_INT64(2), false);
}

/* the moving-aggregate inverse: remove a pair that the transfn added */
Datum
engagement_rate_agg_int8_inv(PG_FUNCTION_ARGS)
{
	SM_TRANS_SKIP_NULLS(2);
	return RatioAddInt64(fcinfo, PG_GETARG_INT64(1), PG_GETARG_INT64(2), true);
}

/*
 * (state int8_ratio_state, e integer, d integer): without these, integer
 * columns would resolve to the double precision variant through implicit
 * casts (float8 is the preferred numeric type), which gives the same result
 * at about 1.5 times the per-row cost.
 */
Datum
engagement_rate_agg_int4_transfn(PG_FUNCTION_ARGS)
{
	SM_TRANS_SKIP_NULLS(2);
	return RatioAddInt64(fcinfo, PG_GETARG_INT32(1), PG_GETARG_INT32(2), false);
}

Datum
engagement_rate_agg_int4_inv(PG_FUNCTION_ARGS)
{
	SM_TRANS_SKIP_NULLS(2);
	return RatioAddInt64(fcinfo, PG_GETARG_INT32(1), PG_GETARG_INT32(2), true);
}

static inline Datum
EngagementRateAggFloat8(FunctionCallInfo fcinfo, bool remove)
{
	SmExactRatio *st;
	float8		e;
	float8		d;

	SM_TRANS_SKIP_NULLS(2);
	st = sm_state_for_update(fcinfo, sizeof(SmExactRatio));
	e = PG_GETARG_FLOAT8(1);
	d = PG_GETARG_FLOAT8(2);

	CheckFinite("engagement_rate_agg", e, d);
	if (d < 0)
		PG_RETURN_POINTER(st);
	if (unlikely(sm_exact_below_step(e)))
		sm_exact_underflow_error("engagement_rate_agg", "engagements", e);
	if (unlikely(sm_exact_below_step(d)))
		sm_exact_underflow_error("engagement_rate_agg", "denominator", d);
	if (unlikely(!sm_exact_add_double(&st->num, e, remove) ||
				 !sm_exact_add_double(&st->den, d, remove)))
		sm_exact_overflow_error("engagement_rate_agg");
	PG_RETURN_POINTER(st);
}

Datum
engagement_rate_agg_float8_transfn(PG_FUNCTION_ARGS)
{
	return EngagementRateAggFloat8(fcinfo, false);
}

Datum
engagement_rate_agg_float8_inv(PG_FUNCTION_ARGS)
{
	return EngagementRateAggFloat8(fcinfo, true);
}

/* ----------------------------------------------------------------------
 * avg_engagement_rate(e, d): mean of e / d over rows with d > 0
 * ---------------------------------------------------------------------- */

/*
 * Add (remove = false) or remove one row's rate.  The rate of a row is
 * computed the same way both times, so removal is exact.
 */
static inline void
MeanAddRate(SmExactMean *st, double rate, bool remove)
{
	bool		overflow;

	if (remove)
		overflow = pg_sub_s64_overflow(st->n, 1, &st->n);
	else
		overflow = pg_add_s64_overflow(st->n, 1, &st->n);
	if (unlikely(overflow))
		sm_int64_overflow_error("avg_engagement_rate", false);
	if (unlikely(sm_exact_below_step(rate)))
		sm_exact_underflow_error("avg_engagement_rate", "rate", rate);
	if (unlikely(!sm_exact_add_double(&st->sum, rate, remove)))
		sm_exact_overflow_error("avg_engagement_rate");
}

/* the integer variants: the rate of a row is e::float8 / d, for d > 0 */
static inline Datum
MeanAddInt64(FunctionCallInfo fcinfo, int64 e, int64 d, bool remove)
{
	SmExactMean *st = sm_state_for_update(fcinfo, sizeof(SmExactMean));

	if (d > 0)
		MeanAddRate(st, (double) e / (double) d, remove);
	PG_RETURN_POINTER(st);
}

static inline Datum
AvgEngagementRateFloat8(FunctionCallInfo fcinfo, bool remove)
{
	SmExactMean *st;
	float8		e;
	float8		d;

	SM_TRANS_SKIP_NULLS(2);
	st = sm_state_for_update(fcinfo, sizeof(SmExactMean));
	e = PG_GETARG_FLOAT8(1);
	d = PG_GETARG_FLOAT8(2);

	CheckFinite("avg_engagement_rate", e, d);
	if (d > 0)
		MeanAddRate(st, RateFloat8("avg_engagement_rate", e, d), remove);
	PG_RETURN_POINTER(st);
}

Datum
avg_engagement_rate_int8_transfn(PG_FUNCTION_ARGS)
{
	SM_TRANS_SKIP_NULLS(2);
	return MeanAddInt64(fcinfo, PG_GETARG_INT64(1), PG_GETARG_INT64(2), false);
}

Datum
avg_engagement_rate_int8_inv(PG_FUNCTION_ARGS)
{
	SM_TRANS_SKIP_NULLS(2);
	return MeanAddInt64(fcinfo, PG_GETARG_INT64(1), PG_GETARG_INT64(2), true);
}

Datum
avg_engagement_rate_int4_transfn(PG_FUNCTION_ARGS)
{
	SM_TRANS_SKIP_NULLS(2);
	return MeanAddInt64(fcinfo, PG_GETARG_INT32(1), PG_GETARG_INT32(2), false);
}

Datum
avg_engagement_rate_int4_inv(PG_FUNCTION_ARGS)
{
	SM_TRANS_SKIP_NULLS(2);
	return MeanAddInt64(fcinfo, PG_GETARG_INT32(1), PG_GETARG_INT32(2), true);
}

Datum
avg_engagement_rate_float8_transfn(PG_FUNCTION_ARGS)
{
	return AvgEngagementRateFloat8(fcinfo, false);
}

Datum
avg_engagement_rate_float8_inv(PG_FUNCTION_ARGS)
{
	return AvgEngagementRateFloat8(fcinfo, true);
}
