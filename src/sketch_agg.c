/*-------------------------------------------------------------------------
 *
 * sketch_agg.c
 *	  quantile_sketch aggregates (build from float8 or interval values,
 *	  rollup of sketches; plain, parallel and moving) and the scalar
 *	  accessors (percentiles, rank, exact count/sum/min/max/mean, error).
 *
 *	  Aggregate states are quantile_sketch values in the working layout
 *	  (sketch.h), modified in place under AggCheckCallContext.  When a
 *	  state has to grow, a larger copy is returned and the executor frees
 *	  the old one.  Final functions never modify the state (window frames
 *	  call them repeatedly) and return the canonical layout.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"
#include "compat.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "nodes/execnodes.h"
#include "utils/array.h"
#include "utils/float.h"
#include "utils/timestamp.h"

#include "errtext.h"
#include "sketch_pg.h"
#include "state_io.h"

PG_FUNCTION_INFO_V1(quantile_sketch_transfn);
PG_FUNCTION_INFO_V1(quantile_sketch_interval_transfn);
PG_FUNCTION_INFO_V1(quantile_sketch_inv);
PG_FUNCTION_INFO_V1(quantile_sketch_interval_inv);
PG_FUNCTION_INFO_V1(quantile_sketch_combine);
PG_FUNCTION_INFO_V1(quantile_sketch_rollup_inv);
PG_FUNCTION_INFO_V1(quantile_sketch_finalfn);
PG_FUNCTION_INFO_V1(approx_percentile);
PG_FUNCTION_INFO_V1(approx_percentiles);
PG_FUNCTION_INFO_V1(approx_percentile_interval);
PG_FUNCTION_INFO_V1(approx_rank);
PG_FUNCTION_INFO_V1(sketch_count);
PG_FUNCTION_INFO_V1(sketch_sum);
PG_FUNCTION_INFO_V1(sketch_min);
PG_FUNCTION_INFO_V1(sketch_max);
PG_FUNCTION_INFO_V1(sketch_mean);
PG_FUNCTION_INFO_V1(sketch_error);

/* ----------------------------------------------------------------
 * States
 * ---------------------------------------------------------------- */

/* A working-layout value we created (aggregate states only). */
static inline bool
IsWorking(struct varlena *p)
{
	return !VARATT_IS_EXTENDED(p) && VARSIZE(p) >= SM_SKETCH_HDRSZ &&
		((SmSketch *) p)->flags == SM_FLAG_WORKING &&
		((uintptr_t) p & 7) == 0;
}

/* A fresh working copy of any quantile_sketch datum (validated). */
static SmSketch *
CopyState(Datum d)
{
	SmView		v;
	SmSketch   *sk;

	sm_pg_view(d, &v);
	sk = sm_sketch_from_view(&v, &sm_pg_allocator);
	if (sk == NULL)
		sm_pg_raise(SM_ERR_NOMEM, NULL);
	return sk;
}

/*
 * The transition state as a working sketch that may be modified in place:
 * our own state as is; a copied input (rollup's first value, or a
 * combine's first partial state) converted once.
 */
static inline SmSketch *
WorkingState(Datum d)
{
	struct varlena *p = (struct varlena *) DatumGetPointer(d);

	if (likely(IsWorking(p)))
		return (SmSketch *) p;
	return CopyState(d);
}

/* The result outside an aggregate: the canonical layout. */
static Datum
ReturnCanonical(SmSketch *sk)
{
	SmView		v;

	sm_view_from_sketch(&v, sk, sm_pg_mapping(sk->k));
	PG_RETURN_POINTER(sm_pg_encode(&v));
}

typedef struct RelErrCache
{
	double		relerr;
	int			k;
} RelErrCache;

/* k for the relative_error argument, cached per call site. */
static int
KFromArg(FunctionCallInfo fcinfo, int argno)
{
	RelErrCache *c = (RelErrCache *) fcinfo->flinfo->fn_extra;
	double		r;

	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("relative_error must not be NULL"),
				 errhint("Omit the argument for the default of 0.01.")));
	r = PG_GETARG_FLOAT8(argno);
	if (likely(c != NULL && c->relerr == r))
		return c->k;
	if (c == NULL)
	{
		c = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, sizeof(RelErrCache));
		fcinfo->flinfo->fn_extra = c;
	}
	c->k = sm_pg_k_for_relative_error(r);
	c->relerr = r;
	return c->k;
}

/*
 * Shared transition: add v (unless isnull) to the state in argument 0.
 * Argument 2, if present, is relative_error.  Never returns NULL (moving
 * aggregates must not): a NULL first value gives an empty sketch, which
 * the final function turns into NULL.
 */
static Datum
TransCommon(FunctionCallInfo fcinfo, bool isnull, double v)
{
	bool		inagg = AggCheckCallContext(fcinfo, NULL) != 0;
	bool		have_k = PG_NARGS() > 2 && !(isnull && PG_ARGISNULL(2));
	int			k = have_k ? KFromArg(fcinfo, 2) : SM_K_DEFAULT;
	SmSketch   *sk;
	SmStatus	st;

	if (!isnull)
		sm_pg_check_value(v);
	if (PG_ARGISNULL(0))
		sk = sm_pg_sketch_new(k);
	else if (likely(inagg))
		sk = WorkingState(PG_GETARG_DATUM(0));
	else
		sk = CopyState(PG_GETARG_DATUM(0));

	if (!isnull)
	{
		if (unlikely(have_k && sk->k != k))
		{
			if (sk->count > 0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("relative_error must be the same for every row of a quantile_sketch aggregate")));
			sk->k = (uint16) k;
			sk->level = 0;
		}
		if (!sm_sketch_insert_fast(sk, sm_pg_mapping_fast(sk->k), v))
		{
			st = sm_sketch_insert(&sk, sm_pg_mapping_fast(sk->k), v,
								  &sm_pg_allocator);
			if (unlikely(st != SM_OK))
				sm_pg_raise(st, NULL);
		}
	}
	if (unlikely(!inagg))
		return ReturnCanonical(sk);
	PG_RETURN_POINTER(sk);
}

/*
 * quantile_sketch_transfn(state, value float8 [, relative_error float8])
 */
Datum
quantile_sketch_transfn(PG_FUNCTION_ARGS)
{
	bool		isnull = PG_ARGISNULL(1);

	/* per-row fast path: in an aggregate, a value inside the known range */
	if (likely(!isnull && !PG_ARGISNULL(0) && PG_NARGS() == 2 &&
			   fcinfo->context != NULL &&
			   (IsA(fcinfo->context, AggState) ||
				IsA(fcinfo->context, WindowAggState))))
	{
		SmSketch   *sk = (SmSketch *) PG_GETARG_POINTER(0);

		if (likely(IsWorking((struct varlena *) sk)) &&
			sm_sketch_insert_fast(sk, sm_pg_mapping_fast(sk->k),
								  PG_GETARG_FLOAT8(1)))
			PG_RETURN_POINTER(sk);
	}

	return TransCommon(fcinfo, isnull, isnull ? 0.0 : PG_GETARG_FLOAT8(1));
}

/*
 * quantile_sketch_interval_transfn(state, value interval [, relative_error])
 * The value counts as seconds (days of 86,400 s; months rejected).
 */
Datum
quantile_sketch_interval_transfn(PG_FUNCTION_ARGS)
{
	bool		isnull = PG_ARGISNULL(1);

	return TransCommon(fcinfo, isnull,
					   isnull ? 0.0 : sm_pg_interval_seconds(PG_GETARG_INTERVAL_P(1)));
}

/*
 * Inverse transition: remove v.  Returns NULL ("cannot invert, recompute
 * the frame") when v is the smallest positive or the largest value, so
 * that min and max stay exact.
 */
static Datum
InvCommon(FunctionCallInfo fcinfo, const char *func, bool isnull, double v)
{
	SmSketch   *sk;
	SmStatus	st;

	if (!AggCheckCallContext(fcinfo, NULL))
		sm_support_function_error(func,
								  "quantile_sketch",
								  "It is called outside an aggregate.");
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	sk = WorkingState(PG_GETARG_DATUM(0));
	if (isnull)
		PG_RETURN_POINTER(sk);
	st = sm_sketch_remove(sk, sm_pg_mapping(sk->k), v);
	if (st == SM_ERR_RESTART)
		PG_RETURN_NULL();
	if (st != SM_OK)
		sm_support_function_error(func,
								  "quantile_sketch",
								  "It was asked to remove a value that the state does not hold.");
	PG_RETURN_POINTER(sk);
}

Datum
quantile_sketch_inv(PG_FUNCTION_ARGS)
{
	bool		isnull = PG_ARGISNULL(1);

	return InvCommon(fcinfo, "quantile_sketch_inv", isnull,
					 isnull ? 0.0 : PG_GETARG_FLOAT8(1));
}

Datum
quantile_sketch_interval_inv(PG_FUNCTION_ARGS)
{
	bool		isnull = PG_ARGISNULL(1);

	return InvCommon(fcinfo, "quantile_sketch_interval_inv", isnull,
					 isnull ? 0.0 : sm_pg_interval_seconds(PG_GETARG_INTERVAL_P(1)));
}

/*
 * quantile_sketch_combine(a, b): the merge.  Combine function of every
 * quantile_sketch aggregate and transition function of rollup().  Exact:
 * the merge of sketches of disjoint sets of rows is the sketch of their
 * union, byte for byte.
 */
Datum
quantile_sketch_combine(PG_FUNCTION_ARGS)
{
	bool		inagg = AggCheckCallContext(fcinfo, NULL) != 0;
	SmSketch   *sk;
	SmView		v;
	SmStatus	st;

	sk = inagg ? WorkingState(PG_GETARG_DATUM(0)) : CopyState(PG_GETARG_DATUM(0));
	sm_pg_view(PG_GETARG_DATUM(1), &v);
	st = sm_sketch_merge(&sk, &v, &sm_pg_allocator);
	if (st == SM_ERR_MISMATCH)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot merge quantile sketches built with different relative errors"),
				 errdetail("One sketch has %d buckets per octave (relative error %g), the other %d (%g).",
						   sk->k, sm_alpha(sk->k, 0), v.k, sm_alpha(v.k, 0)),
				 errhint("Build all sketches that are rolled up together with the same relative_error argument.")));
	if (st != SM_OK)
		sm_pg_raise(st, NULL);
	if (!inagg)
		return ReturnCanonical(sk);
	PG_RETURN_POINTER(sk);
}

/* Inverse transition of rollup(): subtract a sketch added before. */
Datum
quantile_sketch_rollup_inv(PG_FUNCTION_ARGS)
{
	SmSketch   *sk;
	SmView		v;
	SmStatus	st;

	if (!AggCheckCallContext(fcinfo, NULL))
		sm_support_function_error("quantile_sketch_rollup_inv", "rollup",
								  "It is called outside an aggregate.");
	sk = WorkingState(PG_GETARG_DATUM(0));
	sm_pg_view(PG_GETARG_DATUM(1), &v);
	st = sm_sketch_subtract(sk, &v);
	if (st == SM_ERR_RESTART)
		PG_RETURN_NULL();
	if (st != SM_OK)
		sm_support_function_error("quantile_sketch_rollup_inv", "rollup",
								  "It was asked to remove a sketch that the state does not hold.");
	PG_RETURN_POINTER(sk);
}

/* Final function: the canonical layout; NULL for a sketch of no values. */
Datum
quantile_sketch_finalfn(PG_FUNCTION_ARGS)
{
	struct varlena *p = (struct varlena *) PG_GETARG_POINTER(0);
	SmView		v;

	if (AggCheckCallContext(fcinfo, NULL) && IsWorking(p))
		sm_view_from_sketch(&v, (SmSketch *) p, sm_pg_mapping(((SmSketch *) p)->k));
	else
		sm_pg_view(PG_GETARG_DATUM(0), &v);
	if (v.count == 0)
		PG_RETURN_NULL();
	PG_RETURN_POINTER(sm_pg_encode(&v));
}

/* ----------------------------------------------------------------
 * Accessors
 * ---------------------------------------------------------------- */
static inline void
CheckFraction(double q)
{
	if (isnan(q) || q < 0.0 || q > 1.0)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("percentile value %s is not between 0 and 1",
						sm_double_text(q))));
}

/* Seconds as an interval of days (24 h) and time; microsecond rounding. */
static Interval *
SecondsToInterval(double s)
{
	Interval   *iv = palloc(sizeof(Interval));
	double		days;
	int64		us;

	if (!(s < (double) PG_INT32_MAX * SECS_PER_DAY))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("interval out of range")));
	days = floor(s / SECS_PER_DAY);
	us = (int64) rint((s - days * SECS_PER_DAY) * USECS_PER_SEC);
	if (us >= USECS_PER_DAY)
	{
		days += 1;
		us -= USECS_PER_DAY;
	}
	iv->month = 0;
	iv->day = (int32) days;
	iv->time = us;
	return iv;
}

/* approx_percentile(sketch, fraction) -> float8 */
Datum
approx_percentile(PG_FUNCTION_ARGS)
{
	double		q = PG_GETARG_FLOAT8(1);
	SmView		v;

	CheckFraction(q);
	sm_pg_view(PG_GETARG_DATUM(0), &v);
	if (v.count == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(sm_view_quantile(&v, q));
}

/* approx_percentile_interval(sketch, fraction) -> interval */
Datum
approx_percentile_interval(PG_FUNCTION_ARGS)
{
	double		q = PG_GETARG_FLOAT8(1);
	SmView		v;

	CheckFraction(q);
	sm_pg_view(PG_GETARG_DATUM(0), &v);
	if (v.count == 0)
		PG_RETURN_NULL();
	PG_RETURN_INTERVAL_P(SecondsToInterval(sm_view_quantile(&v, q)));
}

/*
 * approx_percentiles(sketch, fractions float8[]) -> float8[]: same shape
 * as the fractions; a NULL fraction gives a NULL element.
 */
Datum
approx_percentiles(PG_FUNCTION_ARGS)
{
	ArrayType  *arr = PG_GETARG_ARRAYTYPE_P(1);
	SmView		v;
	Datum	   *elems;
	bool	   *nulls;
	int			n,
				i,
				m = 0;
	double	   *qs,
			   *out;
	ArrayType  *res;

	sm_pg_view(PG_GETARG_DATUM(0), &v);
	if (v.count == 0)
		PG_RETURN_NULL();
	if (ARR_NDIM(arr) == 0)
		PG_RETURN_ARRAYTYPE_P(construct_empty_array(FLOAT8OID));
	deconstruct_array(arr, FLOAT8OID, sizeof(float8), FLOAT8PASSBYVAL,
					  TYPALIGN_DOUBLE, &elems, &nulls, &n);
	qs = palloc(sizeof(double) * (n + 1));
	out = palloc(sizeof(double) * (n + 1));
	for (i = 0; i < n; i++)
		if (!nulls[i])
		{
			qs[m] = DatumGetFloat8(elems[i]);
			CheckFraction(qs[m]);
			m++;
		}
	for (i = 0; i < m; i += 256)
	{
		CHECK_FOR_INTERRUPTS();
		sm_view_quantiles(&v, qs + i, out + i, Min(256, m - i));
	}
	m = 0;
	for (i = 0; i < n; i++)
		if (!nulls[i])
			elems[i] = Float8GetDatum(out[m++]);
	res = construct_md_array(elems, nulls, ARR_NDIM(arr), ARR_DIMS(arr),
							 ARR_LBOUND(arr), FLOAT8OID, sizeof(float8),
							 FLOAT8PASSBYVAL, TYPALIGN_DOUBLE);
	PG_RETURN_ARRAYTYPE_P(res);
}

/* approx_rank(sketch, value) -> fraction of the values <= value */
Datum
approx_rank(PG_FUNCTION_ARGS)
{
	double		x = PG_GETARG_FLOAT8(1);
	SmView		v;

	if (isnan(x))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("approx_rank value must not be NaN")));
	sm_pg_view(PG_GETARG_DATUM(0), &v);
	if (v.count == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(sm_view_rank(&v, x));
}

Datum
sketch_count(PG_FUNCTION_ARGS)
{
	SmView		v;

	sm_pg_view(PG_GETARG_DATUM(0), &v);
	PG_RETURN_INT64((int64) v.count);
}

Datum
sketch_sum(PG_FUNCTION_ARGS)
{
	SmView		v;
	bool		overflow;
	double		s;

	sm_pg_view(PG_GETARG_DATUM(0), &v);
	if (v.count == 0)
		PG_RETURN_NULL();
	s = sm_view_sum(&v, &overflow);
	if (overflow)
		float_overflow_error();
	PG_RETURN_FLOAT8(s);
}

Datum
sketch_min(PG_FUNCTION_ARGS)
{
	SmView		v;

	sm_pg_view(PG_GETARG_DATUM(0), &v);
	if (v.count == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(sm_view_min(&v));
}

Datum
sketch_max(PG_FUNCTION_ARGS)
{
	SmView		v;

	sm_pg_view(PG_GETARG_DATUM(0), &v);
	if (v.count == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(v.count > v.zeros ? v.max : 0.0);
}

Datum
sketch_mean(PG_FUNCTION_ARGS)
{
	SmView		v;

	sm_pg_view(PG_GETARG_DATUM(0), &v);
	if (v.count == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(sm_view_mean(&v));
}

/* The relative error in force (after any collapse). */
Datum
sketch_error(PG_FUNCTION_ARGS)
{
	SmView		v;

	sm_pg_view(PG_GETARG_DATUM(0), &v);
	PG_RETURN_FLOAT8(sm_alpha(v.k, v.level));
}
