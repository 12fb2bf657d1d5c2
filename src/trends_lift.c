/*-------------------------------------------------------------------------
 *
 * trends_lift.c
 *	  engagement_rate_lift(e, d, treated [, confidence]): the lift of the
 *	  ratio-of-sums engagement rate of the treated posts over the other
 *	  posts, {lift, low, high, p} (SPEC 4c; the numerics are in
 *	  trends_decide.c), and its state type ratio_lift_state: two halves of
 *	  a ratio_ci_state (treated, other) and the confidence level, so that
 *	  a stored state can be rolled up, combined by parallel workers and
 *	  Citus, and read at any confidence level.
 *
 *	  Rows: e, d and treated non-NULL and d > 0, as engagement_rate_ci.
 *	  Every sum is exact, so serial, parallel, Citus and rolled-up states
 *	  are byte-identical.
 *
 *	  Text form: '((n,e,d,ee,ed,dd),(n,e,d,ee,ed,dd))', treated first,
 *	  each half in the form of a ratio_ci_state; a state built with a
 *	  confidence level carries it as a last field before the closing
 *	  parenthesis.  Binary form: the version byte, the confidence level,
 *	  then each half (n, five 256-bit sums).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "compat.h"

#include <math.h>

#include "libpq/pqformat.h"

#include "state_io.h"
#include "trends.h"
#include "trends_decide.h"

PG_FUNCTION_INFO_V1(ratio_lift_state_in);
PG_FUNCTION_INFO_V1(ratio_lift_state_out);
PG_FUNCTION_INFO_V1(ratio_lift_state_recv);
PG_FUNCTION_INFO_V1(ratio_lift_state_send);
PG_FUNCTION_INFO_V1(ratio_lift_state_combine);
PG_FUNCTION_INFO_V1(ratio_lift_state_inv);
PG_FUNCTION_INFO_V1(engagement_rate_lift_int8_transfn);
PG_FUNCTION_INFO_V1(engagement_rate_lift_int8_inv);
PG_FUNCTION_INFO_V1(engagement_rate_lift_float8_transfn);
PG_FUNCTION_INFO_V1(engagement_rate_lift_float8_inv);
PG_FUNCTION_INFO_V1(engagement_rate_lift_finalfn);
PG_FUNCTION_INFO_V1(engagement_rate_lift_state_conf);
PG_FUNCTION_INFO_V1(engagement_rate_lift_half);

/* ratio_lift_state: the confidence level (0: not given), treated, other */
typedef struct SmRatioLift
{
	double		conf;
	SmRatioSums t;
	SmRatioSums o;
} SmRatioLift;

/* the size of one half: n and five SmExact sums */
#define SM_RATIO_SUMS_SIZE	(8 + 5 * 32)
/* INTERNALLENGTH of ratio_lift_state and length of its binary payload */
#define SM_RATIO_LIFT_SIZE	(8 + 2 * SM_RATIO_SUMS_SIZE)

StaticAssertDecl(sizeof(SmRatioSums) == SM_RATIO_SUMS_SIZE,
				 "SmRatioSums: n and five sums, no padding");
StaticAssertDecl(sizeof(SmRatioLift) == SM_RATIO_LIFT_SIZE,
				 "ratio_lift_state INTERNALLENGTH is 344");

#define FUNC "engagement_rate_lift"

/* ---------- transition ---------- */

static inline Datum
LiftInt8(FunctionCallInfo fcinfo, bool remove)
{
	SmRatioLift *st;
	int64		e,
				d;

	SM_TRANS_SKIP_NULLS(PG_NARGS() - 1);
	st = sm_state_for_update(fcinfo, sizeof(SmRatioLift));
	e = PG_GETARG_INT64(1);
	d = PG_GETARG_INT64(2);
	if (PG_NARGS() > 4)
		sm_set_confidence(&st->conf, PG_GETARG_FLOAT8(4), FUNC);
	if (d <= 0)
		PG_RETURN_POINTER(st);
	sm_ratio_sums_add_int8(PG_GETARG_BOOL(3) ? &st->t : &st->o, e, d, remove,
						   FUNC);
	PG_RETURN_POINTER(st);
}

static inline Datum
LiftFloat8(FunctionCallInfo fcinfo, bool remove)
{
	SmRatioLift *st;
	double		e,
				d;

	SM_TRANS_SKIP_NULLS(PG_NARGS() - 1);
	st = sm_state_for_update(fcinfo, sizeof(SmRatioLift));
	e = PG_GETARG_FLOAT8(1);
	d = PG_GETARG_FLOAT8(2);
	if (unlikely(!isfinite(e)))
		sm_not_finite_error(FUNC, "engagements", e);
	if (unlikely(!isfinite(d)))
		sm_not_finite_error(FUNC, "denominator", d);
	if (PG_NARGS() > 4)
		sm_set_confidence(&st->conf, PG_GETARG_FLOAT8(4), FUNC);
	if (!(d > 0))
		PG_RETURN_POINTER(st);
	sm_ratio_sums_add_float8(PG_GETARG_BOOL(3) ? &st->t : &st->o, e, d, remove,
							 FUNC);
	PG_RETURN_POINTER(st);
}

/* (state, e bigint, d bigint, treated bool [, confidence float8]) */
Datum
engagement_rate_lift_int8_transfn(PG_FUNCTION_ARGS)
{
	return LiftInt8(fcinfo, false);
}

Datum
engagement_rate_lift_int8_inv(PG_FUNCTION_ARGS)
{
	return LiftInt8(fcinfo, true);
}

Datum
engagement_rate_lift_float8_transfn(PG_FUNCTION_ARGS)
{
	return LiftFloat8(fcinfo, false);
}

Datum
engagement_rate_lift_float8_inv(PG_FUNCTION_ARGS)
{
	return LiftFloat8(fcinfo, true);
}

/* ---------- combine ---------- */

static bool
SumsMerge(SmRatioSums *a, const SmRatioSums *b, bool remove)
{
	if (remove)
		return !pg_sub_s64_overflow(a->n, b->n, &a->n) &&
			sm_exact_sub(&a->e, &b->e) && sm_exact_sub(&a->d, &b->d) &&
			sm_exact_sub(&a->ee, &b->ee) && sm_exact_sub(&a->ed, &b->ed) &&
			sm_exact_sub(&a->dd, &b->dd);
	return !pg_add_s64_overflow(a->n, b->n, &a->n) &&
		sm_exact_add(&a->e, &b->e) && sm_exact_add(&a->d, &b->d) &&
		sm_exact_add(&a->ee, &b->ee) && sm_exact_add(&a->ed, &b->ed) &&
		sm_exact_add(&a->dd, &b->dd);
}

static Datum
LiftMerge(FunctionCallInfo fcinfo, bool remove)
{
	SmRatioLift *a;
	SmRatioLift *b;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	if (PG_ARGISNULL(1))
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	a = sm_state_for_update(fcinfo, sizeof(SmRatioLift));
	b = (SmRatioLift *) PG_GETARG_POINTER(1);
	sm_merge_confidence(&a->conf, b->conf);
	if (unlikely(!SumsMerge(&a->t, &b->t, remove) ||
				 !SumsMerge(&a->o, &b->o, remove)))
		sm_exact_overflow_error("the combined states");
	PG_RETURN_POINTER(a);
}

/*
 * Combine (parallel, Citus) and the transition function of
 * rollup(ratio_lift_state), STRICT with an INITCOND: NULL states are skipped.
 */
Datum
ratio_lift_state_combine(PG_FUNCTION_ARGS)
{
	return LiftMerge(fcinfo, false);
}

Datum
ratio_lift_state_inv(PG_FUNCTION_ARGS)
{
	return LiftMerge(fcinfo, true);
}

/* ---------- results ---------- */

static Datum
LiftResult(FunctionCallInfo fcinfo, const SmRatioLift *st, double conf)
{
	double		v[4];

	if (!sm_lift(&st->t, &st->o, conf, v))
		PG_RETURN_NULL();
	return sm_float8_array(v, 4, FUNC);
}

/* final function: {lift, low, high, p} at the state's confidence level */
Datum
engagement_rate_lift_finalfn(PG_FUNCTION_ARGS)
{
	SmRatioLift *st = (SmRatioLift *) PG_GETARG_POINTER(0);

	return LiftResult(fcinfo, st,
					  st->conf > 0 ? st->conf : SM_DEFAULT_CONFIDENCE);
}

/* engagement_rate_lift(state ratio_lift_state, confidence float8 = 0.95) */
Datum
engagement_rate_lift_state_conf(PG_FUNCTION_ARGS)
{
	SmRatioLift *st = (SmRatioLift *) PG_GETARG_POINTER(0);
	double		conf = PG_GETARG_FLOAT8(1);

	sm_check_confidence(conf);
	return LiftResult(fcinfo, st, conf);
}

/*
 * lift_half(state ratio_lift_state, treated bool) -> ratio_ci_state: one
 * half, for engagement_rate(), engagement_rate_ci() and the change tests
 * of the treated or the other posts.
 */
Datum
engagement_rate_lift_half(PG_FUNCTION_ARGS)
{
	SmRatioLift *st = (SmRatioLift *) PG_GETARG_POINTER(0);
	SmRatioCi  *out = palloc0(sizeof(SmRatioCi));

	out->conf = st->conf;
	out->s = PG_GETARG_BOOL(1) ? st->t : st->o;
	PG_RETURN_POINTER(out);
}

/* ---------- text and binary forms ---------- */

static const char *
LiftInvalid(const SmRatioLift *st)
{
	const char *why;

	if ((why = sm_ratio_sums_invalid(&st->t)) != NULL ||
		(why = sm_ratio_sums_invalid(&st->o)) != NULL)
		return why;
	if (!(st->conf == 0 || (st->conf > 0 && st->conf < 1)))
		return "The confidence level must be between 0 and 1.";
	return NULL;
}

#define RATIO_LIFT_FORM "((n,e,d,ee,ed,dd),(n,e,d,ee,ed,dd)) or ((n,e,d,ee,ed,dd),(n,e,d,ee,ed,dd),confidence): the sums of the treated rows, then of the other rows, each as in ratio_ci_state"

Datum
ratio_lift_state_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	SmRatioLift *st = palloc0(sizeof(SmRatioLift));
	SmScan		s = {str, str, "ratio_lift_state", RATIO_LIFT_FORM};
	const char *why;

	sm_scan_char(&s, '(');
	sm_scan_char(&s, '(');
	sm_scan_ratio_sums(&s, &st->t);
	sm_scan_char(&s, ')');
	sm_scan_char(&s, ',');
	sm_scan_char(&s, '(');
	sm_scan_ratio_sums(&s, &st->o);
	sm_scan_char(&s, ')');
	st->conf = sm_scan_confidence(&s);
	sm_scan_end(&s);
	if ((why = LiftInvalid(st)) != NULL)
		sm_scan_error(&s, why);
	PG_RETURN_POINTER(st);
}

Datum
ratio_lift_state_out(PG_FUNCTION_ARGS)
{
	SmRatioLift *st = (SmRatioLift *) PG_GETARG_POINTER(0);
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfoString(&buf, "((");
	sm_append_ratio_sums(&buf, &st->t);
	appendStringInfoString(&buf, "),(");
	sm_append_ratio_sums(&buf, &st->o);
	appendStringInfoChar(&buf, ')');
	sm_append_confidence(&buf, st->conf);
	appendStringInfoChar(&buf, ')');
	PG_RETURN_CSTRING(buf.data);
}

static void
SendSums(StringInfo buf, const SmRatioSums *s)
{
	pq_sendint64(buf, s->n);
	sm_send_exact(buf, &s->e);
	sm_send_exact(buf, &s->d);
	sm_send_exact(buf, &s->ee);
	sm_send_exact(buf, &s->ed);
	sm_send_exact(buf, &s->dd);
}

static void
RecvSums(StringInfo buf, SmRatioSums *s)
{
	s->n = pq_getmsgint64(buf);
	sm_recv_exact(buf, &s->e);
	sm_recv_exact(buf, &s->d);
	sm_recv_exact(buf, &s->ee);
	sm_recv_exact(buf, &s->ed);
	sm_recv_exact(buf, &s->dd);
}

Datum
ratio_lift_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	SmRatioLift *st = palloc0(sizeof(SmRatioLift));
	const char *why;

	sm_state_recv_header(buf, SM_RATIO_LIFT_SIZE, "ratio_lift_state");
	st->conf = pq_getmsgfloat8(buf);
	RecvSums(buf, &st->t);
	RecvSums(buf, &st->o);
	if ((why = LiftInvalid(st)) != NULL)
		sm_state_recv_invalid("ratio_lift_state", why);
	PG_RETURN_POINTER(st);
}

Datum
ratio_lift_state_send(PG_FUNCTION_ARGS)
{
	SmRatioLift *st = (SmRatioLift *) PG_GETARG_POINTER(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, SM_STATE_BINARY_VERSION);
	pq_sendfloat8(&buf, st->conf);
	SendSums(&buf, &st->t);
	SendSums(&buf, &st->o);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}
