/*-------------------------------------------------------------------------
 *
 * trends_ratio_ci.c
 *	  Confidence intervals of the engagement rate:
 *	  - engagement_rate_ci(e, d [, confidence]): the interval around the
 *		ratio of sums R = sum e / sum d with the linearized (delta-method)
 *		variance of a ratio estimator over posts, state ratio_ci_state;
 *	  - avg_engagement_rate_ci(e, d [, confidence]): the t interval of the
 *		mean of per-post rates e / d, state mean_ci_state;
 *	  the state aggregates (engagement_rate_ci_state, ...), the rollup of
 *	  stored states, accessors, and the types' I/O.
 *
 *	  Rows: both inputs non-NULL and d > 0 (a post without a denominator
 *	  has no rate; engagement_rate_agg keeps d = 0 rows, these do not, so
 *	  the estimate here can differ from it when such rows carry
 *	  engagements).  Every sum is an exact fixed-point sum (exactsum.h), the
 *	  products e*e, e*d, d*d included (exact 128-bit integer products for
 *	  bigint input, fma-split products for double precision), so a serial
 *	  scan, a parallel plan, a Citus plan, a rollup of daily states and a
 *	  window frame maintained by the inverse all give the same bytes.
 *
 *	  The interval uses Student's t with n - 1 degrees of freedom: see
 *	  doc/trends.md (for the posts of a week, tens of them, the normal
 *	  quantile under-covers; for large n the two agree).
 *
 *	  Text forms: ratio_ci_state '(n,e,d,ee,ed,dd)', mean_ci_state
 *	  '(n,x,xx)', sums in exact decimals; the aggregates called with a
 *	  confidence level append it as a last field ('(n,...,0.9)').
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "compat.h"

#include <ctype.h>
#include <math.h>

#include "catalog/pg_type.h"
#include "common/int.h"
#include "common/shortest_dec.h"
#include "libpq/pqformat.h"
#include "utils/array.h"

#include "state_io.h"
#include "trends.h"

PG_FUNCTION_INFO_V1(ratio_ci_state_in);
PG_FUNCTION_INFO_V1(ratio_ci_state_out);
PG_FUNCTION_INFO_V1(ratio_ci_state_recv);
PG_FUNCTION_INFO_V1(ratio_ci_state_send);
PG_FUNCTION_INFO_V1(ratio_ci_state_combine);
PG_FUNCTION_INFO_V1(ratio_ci_state_inv);
PG_FUNCTION_INFO_V1(engagement_rate_ci_int8_transfn);
PG_FUNCTION_INFO_V1(engagement_rate_ci_int8_inv);
PG_FUNCTION_INFO_V1(engagement_rate_ci_float8_transfn);
PG_FUNCTION_INFO_V1(engagement_rate_ci_float8_inv);
PG_FUNCTION_INFO_V1(engagement_rate_ci_finalfn);
PG_FUNCTION_INFO_V1(engagement_rate_ci_state_conf);
PG_FUNCTION_INFO_V1(engagement_rate_state_rate);
PG_FUNCTION_INFO_V1(engagement_rate_state_se);
PG_FUNCTION_INFO_V1(mean_ci_state_in);
PG_FUNCTION_INFO_V1(mean_ci_state_out);
PG_FUNCTION_INFO_V1(mean_ci_state_recv);
PG_FUNCTION_INFO_V1(mean_ci_state_send);
PG_FUNCTION_INFO_V1(mean_ci_state_combine);
PG_FUNCTION_INFO_V1(mean_ci_state_inv);
PG_FUNCTION_INFO_V1(avg_engagement_rate_ci_int8_transfn);
PG_FUNCTION_INFO_V1(avg_engagement_rate_ci_int8_inv);
PG_FUNCTION_INFO_V1(avg_engagement_rate_ci_float8_transfn);
PG_FUNCTION_INFO_V1(avg_engagement_rate_ci_float8_inv);
PG_FUNCTION_INFO_V1(avg_engagement_rate_ci_finalfn);
PG_FUNCTION_INFO_V1(avg_engagement_rate_ci_state_conf);

StaticAssertDecl(sizeof(SmRatioCi) == SM_RATIO_CI_SIZE,
				 "ratio_ci_state INTERNALLENGTH is 176");
StaticAssertDecl(sizeof(SmMeanCi) == SM_MEAN_CI_SIZE,
				 "mean_ci_state INTERNALLENGTH is 80");

/* ----------------------------------------------------------------------
 * Shared checks and results
 * ---------------------------------------------------------------------- */

/*
 * A confidence level must lie in (0, 1): 22003, in the wording of core's
 * percentile check, with the value in full precision.
 */
void
sm_check_confidence(double conf)
{
	if (!(conf > 0 && conf < 1))
	{
		char		buf[DOUBLE_SHORTEST_DECIMAL_LEN];

		double_to_shortest_decimal_buf(conf, buf);
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("confidence level %s is not between 0 and 1", buf),
				 errdetail("A confidence level is a fraction greater than 0 and less than 1."),
				 errhint("For a 95 %% interval pass 0.95.")));
	}
}

/* a float8[] of n finite values; a non-finite one raises 22003 */
Datum
sm_float8_array(const double *v, int n, const char *func)
{
	Datum		d[4];
	int			i;

	Assert(n <= 4);
	for (i = 0; i < n; i++)
	{
		if (unlikely(!isfinite(v[i])))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("value out of range: overflow"),
					 errdetail("A bound computed by %s overflows double precision.",
							   func)));
		d[i] = Float8GetDatum(v[i]);
	}
	PG_RETURN_ARRAYTYPE_P(construct_array(d, n, FLOAT8OID, sizeof(float8),
										  FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
}

static inline void
CheckFinite(const char *func, double e, double d)
{
	if (unlikely(!isfinite(e)))
		sm_not_finite_error(func, "engagements", e);
	if (unlikely(!isfinite(d)))
		sm_not_finite_error(func, "denominator", d);
}

/* Record the confidence level of a row in the state (22023 if it varies). */
void
sm_set_confidence(double *state_conf, double conf, const char *func)
{
	if (likely(*state_conf == conf))
		return;
	sm_check_confidence(conf);
	if (*state_conf == 0)
	{
		*state_conf = conf;
		return;
	}
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("the confidence level of %s must be the same for every row", func),
			 errhint("Pass a constant, e.g. 0.95.")));
}

/* merge the confidence levels of two states (0 = not given) */
void
sm_merge_confidence(double *a, double b)
{
	if (b == 0 || *a == b)
		return;
	if (*a == 0)
	{
		*a = b;
		return;
	}
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("cannot combine interval states of different confidence levels"),
			 errhint("Build the states with the same confidence level, or with none.")));
}

static inline void
CountRow(int64 *n, bool remove, const char *func)
{
	if (unlikely(remove ? pg_sub_s64_overflow(*n, 1, n)
				 : pg_add_s64_overflow(*n, 1, n)))
		sm_int64_overflow_error(func, false);
}

/* ----------------------------------------------------------------------
 * engagement_rate_ci: transition
 * ---------------------------------------------------------------------- */

static inline Datum
RatioCiInt8(FunctionCallInfo fcinfo, bool remove)
{
	SmRatioCi  *st;
	int64		e,
				d;

	SM_TRANS_SKIP_NULLS(PG_NARGS() - 1);
	st = sm_state_for_update(fcinfo, sizeof(SmRatioCi));
	e = PG_GETARG_INT64(1);
	d = PG_GETARG_INT64(2);
	if (PG_NARGS() > 3)
		sm_set_confidence(&st->conf, PG_GETARG_FLOAT8(3), "engagement_rate_ci");
	if (d <= 0)
		PG_RETURN_POINTER(st);
	sm_ratio_sums_add_int8(&st->s, e, d, remove, "engagement_rate_ci");
	PG_RETURN_POINTER(st);
}

static inline Datum
RatioCiFloat8(FunctionCallInfo fcinfo, bool remove)
{
	SmRatioCi  *st;
	double		e,
				d;

	SM_TRANS_SKIP_NULLS(PG_NARGS() - 1);
	st = sm_state_for_update(fcinfo, sizeof(SmRatioCi));
	e = PG_GETARG_FLOAT8(1);
	d = PG_GETARG_FLOAT8(2);
	CheckFinite("engagement_rate_ci", e, d);
	if (PG_NARGS() > 3)
		sm_set_confidence(&st->conf, PG_GETARG_FLOAT8(3), "engagement_rate_ci");
	if (!(d > 0))
		PG_RETURN_POINTER(st);
	sm_ratio_sums_add_float8(&st->s, e, d, remove, "engagement_rate_ci");
	PG_RETURN_POINTER(st);
}

/* (state, e bigint, d bigint [, confidence float8]) */
Datum
engagement_rate_ci_int8_transfn(PG_FUNCTION_ARGS)
{
	return RatioCiInt8(fcinfo, false);
}

Datum
engagement_rate_ci_int8_inv(PG_FUNCTION_ARGS)
{
	return RatioCiInt8(fcinfo, true);
}

Datum
engagement_rate_ci_float8_transfn(PG_FUNCTION_ARGS)
{
	return RatioCiFloat8(fcinfo, false);
}

Datum
engagement_rate_ci_float8_inv(PG_FUNCTION_ARGS)
{
	return RatioCiFloat8(fcinfo, true);
}

/* ----------------------------------------------------------------------
 * ratio_ci_state: combine, inverse combine, results
 * ---------------------------------------------------------------------- */

static Datum
RatioMerge(FunctionCallInfo fcinfo, bool remove)
{
	SmRatioCi  *a;
	SmRatioCi  *b;
	bool		ok;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	if (PG_ARGISNULL(1))
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	a = sm_state_for_update(fcinfo, sizeof(SmRatioCi));
	b = (SmRatioCi *) PG_GETARG_POINTER(1);
	sm_merge_confidence(&a->conf, b->conf);
	if (remove)
		ok = !pg_sub_s64_overflow(a->s.n, b->s.n, &a->s.n) &&
			sm_exact_sub(&a->s.e, &b->s.e) && sm_exact_sub(&a->s.d, &b->s.d) &&
			sm_exact_sub(&a->s.ee, &b->s.ee) && sm_exact_sub(&a->s.ed, &b->s.ed) &&
			sm_exact_sub(&a->s.dd, &b->s.dd);
	else
		ok = !pg_add_s64_overflow(a->s.n, b->s.n, &a->s.n) &&
			sm_exact_add(&a->s.e, &b->s.e) && sm_exact_add(&a->s.d, &b->s.d) &&
			sm_exact_add(&a->s.ee, &b->s.ee) && sm_exact_add(&a->s.ed, &b->s.ed) &&
			sm_exact_add(&a->s.dd, &b->s.dd);
	if (unlikely(!ok))
		sm_exact_overflow_error("the combined states");
	PG_RETURN_POINTER(a);
}

/*
 * Combine (parallel, Citus) and the transition function of
 * rollup(ratio_ci_state); not STRICT, so that rollup needs no INITCOND
 * handling of NULL states: a NULL stored state is skipped.
 */
Datum
ratio_ci_state_combine(PG_FUNCTION_ARGS)
{
	return RatioMerge(fcinfo, false);
}

/* the inverse of rollup(ratio_ci_state): remove a state added before */
Datum
ratio_ci_state_inv(PG_FUNCTION_ARGS)
{
	return RatioMerge(fcinfo, true);
}

/* R = E / D; callers check that the state has rows and D > 0 */
double
sm_ratio_ci_rate(const SmRatioCi *st)
{
	return sm_exact_to_double(&st->s.e) / sm_exact_to_double(&st->s.d);
}

double
sm_ratio_ci_se(const SmRatioCi *st)
{
	return sm_ratio_se(&st->s);
}

static bool
RatioUsable(const SmRatioCi *st, int64 min_n)
{
	return st->s.n >= min_n && sm_exact_sign(&st->s.d) > 0;
}

static Datum
RatioInterval(const SmRatioCi *st, double conf)
{
	double		r,
				se,
				q,
				v[2];

	r = sm_ratio_ci_rate(st);
	se = sm_ratio_ci_se(st);
	q = sm_t_crit(conf, st->s.n - 1);
	v[0] = r - q * se;
	v[1] = r + q * se;
	return sm_float8_array(v, 2, "engagement_rate_ci");
}

/* final function: {low, high} at the state's confidence (default 0.95) */
Datum
engagement_rate_ci_finalfn(PG_FUNCTION_ARGS)
{
	SmRatioCi  *st = (SmRatioCi *) PG_GETARG_POINTER(0);

	if (!RatioUsable(st, 2))
		PG_RETURN_NULL();
	return RatioInterval(st, st->conf > 0 ? st->conf : SM_DEFAULT_CONFIDENCE);
}

/* engagement_rate_ci(state ratio_ci_state, confidence float8 = 0.95) */
Datum
engagement_rate_ci_state_conf(PG_FUNCTION_ARGS)
{
	SmRatioCi  *st = (SmRatioCi *) PG_GETARG_POINTER(0);
	double		conf = PG_GETARG_FLOAT8(1);

	sm_check_confidence(conf);
	if (!RatioUsable(st, 2))
		PG_RETURN_NULL();
	return RatioInterval(st, conf);
}

/* engagement_rate(ratio_ci_state): R, NULL without rows */
Datum
engagement_rate_state_rate(PG_FUNCTION_ARGS)
{
	SmRatioCi  *st = (SmRatioCi *) PG_GETARG_POINTER(0);

	if (!RatioUsable(st, 1))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(sm_ratio_ci_rate(st));
}

/* engagement_rate_se(ratio_ci_state): the standard error, NULL for n < 2 */
Datum
engagement_rate_state_se(PG_FUNCTION_ARGS)
{
	SmRatioCi  *st = (SmRatioCi *) PG_GETARG_POINTER(0);

	if (!RatioUsable(st, 2))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(sm_ratio_ci_se(st));
}

/* ----------------------------------------------------------------------
 * avg_engagement_rate_ci: transition, combine, results
 * ---------------------------------------------------------------------- */

static inline void
MeanAdd(SmMeanCi *st, double x, bool remove)
{
	CountRow(&st->n, remove, "avg_engagement_rate_ci");
	if (unlikely(!sm_exact_add_double(&st->x, x, remove) ||
				 !sm_exact_add_product(&st->xx, x, x, remove)))
		sm_exact_overflow_error("avg_engagement_rate_ci");
}

static inline Datum
MeanCiInt8(FunctionCallInfo fcinfo, bool remove)
{
	SmMeanCi   *st;
	int64		e,
				d;

	SM_TRANS_SKIP_NULLS(PG_NARGS() - 1);
	st = sm_state_for_update(fcinfo, sizeof(SmMeanCi));
	e = PG_GETARG_INT64(1);
	d = PG_GETARG_INT64(2);
	if (PG_NARGS() > 3)
		sm_set_confidence(&st->conf, PG_GETARG_FLOAT8(3), "avg_engagement_rate_ci");
	if (d > 0)
		MeanAdd(st, (double) e / (double) d, remove);
	PG_RETURN_POINTER(st);
}

static inline Datum
MeanCiFloat8(FunctionCallInfo fcinfo, bool remove)
{
	SmMeanCi   *st;
	double		e,
				d,
				r;

	SM_TRANS_SKIP_NULLS(PG_NARGS() - 1);
	st = sm_state_for_update(fcinfo, sizeof(SmMeanCi));
	e = PG_GETARG_FLOAT8(1);
	d = PG_GETARG_FLOAT8(2);
	CheckFinite("avg_engagement_rate_ci", e, d);
	if (PG_NARGS() > 3)
		sm_set_confidence(&st->conf, PG_GETARG_FLOAT8(3), "avg_engagement_rate_ci");
	if (!(d > 0))
		PG_RETURN_POINTER(st);
	r = e / d;
	if (unlikely(isinf(r)))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("value out of range: overflow"),
				 errdetail("The rate of a row of avg_engagement_rate_ci overflows double precision.")));
	MeanAdd(st, r, remove);
	PG_RETURN_POINTER(st);
}

Datum
avg_engagement_rate_ci_int8_transfn(PG_FUNCTION_ARGS)
{
	return MeanCiInt8(fcinfo, false);
}

Datum
avg_engagement_rate_ci_int8_inv(PG_FUNCTION_ARGS)
{
	return MeanCiInt8(fcinfo, true);
}

Datum
avg_engagement_rate_ci_float8_transfn(PG_FUNCTION_ARGS)
{
	return MeanCiFloat8(fcinfo, false);
}

Datum
avg_engagement_rate_ci_float8_inv(PG_FUNCTION_ARGS)
{
	return MeanCiFloat8(fcinfo, true);
}

static Datum
MeanMerge(FunctionCallInfo fcinfo, bool remove)
{
	SmMeanCi   *a;
	SmMeanCi   *b;
	bool		ok;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	if (PG_ARGISNULL(1))
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	a = sm_state_for_update(fcinfo, sizeof(SmMeanCi));
	b = (SmMeanCi *) PG_GETARG_POINTER(1);
	sm_merge_confidence(&a->conf, b->conf);
	if (remove)
		ok = !pg_sub_s64_overflow(a->n, b->n, &a->n) &&
			sm_exact_sub(&a->x, &b->x) && sm_exact_sub(&a->xx, &b->xx);
	else
		ok = !pg_add_s64_overflow(a->n, b->n, &a->n) &&
			sm_exact_add(&a->x, &b->x) && sm_exact_add(&a->xx, &b->xx);
	if (unlikely(!ok))
		sm_exact_overflow_error("the combined states");
	PG_RETURN_POINTER(a);
}

Datum
mean_ci_state_combine(PG_FUNCTION_ARGS)
{
	return MeanMerge(fcinfo, false);
}

Datum
mean_ci_state_inv(PG_FUNCTION_ARGS)
{
	return MeanMerge(fcinfo, true);
}

static Datum
MeanInterval(const SmMeanCi *st, double conf)
{
	double		m = sm_exact_to_double(&st->x) / (double) st->n;
	double		se = sm_mean_se(st->n, &st->x, &st->xx);
	double		q = sm_t_crit(conf, st->n - 1);
	double		v[2];

	v[0] = m - q * se;
	v[1] = m + q * se;
	return sm_float8_array(v, 2, "avg_engagement_rate_ci");
}

Datum
avg_engagement_rate_ci_finalfn(PG_FUNCTION_ARGS)
{
	SmMeanCi   *st = (SmMeanCi *) PG_GETARG_POINTER(0);

	if (st->n < 2)
		PG_RETURN_NULL();
	return MeanInterval(st, st->conf > 0 ? st->conf : SM_DEFAULT_CONFIDENCE);
}

/* avg_engagement_rate_ci(state mean_ci_state, confidence float8 = 0.95) */
Datum
avg_engagement_rate_ci_state_conf(PG_FUNCTION_ARGS)
{
	SmMeanCi   *st = (SmMeanCi *) PG_GETARG_POINTER(0);
	double		conf = PG_GETARG_FLOAT8(1);

	sm_check_confidence(conf);
	if (st->n < 2)
		PG_RETURN_NULL();
	return MeanInterval(st, conf);
}

/* ----------------------------------------------------------------------
 * Text and binary forms
 * ---------------------------------------------------------------------- */

pg_noreturn void
sm_scan_error(SmScan *s, const char *why)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type %s: \"%s\"", s->type, s->input),
			 why ? errdetail("%s", why) : errdetail("Expected %s.", s->form)));
}

void
sm_scan_char(SmScan *s, char c)
{
	while (isspace((unsigned char) *s->p))
		s->p++;
	if (*s->p != c)
		sm_scan_error(s, NULL);
	s->p++;
}

bool
sm_scan_peek(SmScan *s, char c)
{
	while (isspace((unsigned char) *s->p))
		s->p++;
	return *s->p == c;
}

void
sm_scan_exact(SmScan *s, SmExact *out)
{
	const char *end = s->p;
	SmExactParse rc;

	while (isspace((unsigned char) *s->p))
		s->p++;
	rc = sm_exact_parse(s->p, &end, out);
	if (rc == SM_EXACT_SYNTAX)
		sm_scan_error(s, NULL);
	if (rc == SM_EXACT_RANGE)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("value \"%s\" is out of range for type %s", s->input, s->type)));
	s->p = end;
}

/* a count: a non-negative exact integer */
int64
sm_scan_count(SmScan *s)
{
	SmExact		v;

	sm_scan_exact(s, &v);
	if (sm_exact_is_negative(&v) || v.w[0] != 0 || v.w[1] != 0 ||
		v.w[3] != 0 || v.w[2] > (uint64) PG_INT64_MAX)
		sm_scan_error(s, "The count must be an integer from 0 to 9223372036854775807.");
	return (int64) v.w[2];
}

/* an optional trailing confidence level */
double
sm_scan_confidence(SmScan *s)
{
	char	   *end;
	double		c;

	if (!sm_scan_peek(s, ','))
		return 0;
	s->p++;
	errno = 0;
	c = strtod(s->p, &end);
	/* ERANGE with a nonzero result is a subnormal: valid, as in float8in */
	if (end == s->p || (errno != 0 && !(errno == ERANGE && c != 0)) || !(c > 0 && c < 1))
		sm_scan_error(s, "The confidence level must be a number between 0 and 1.");
	s->p = end;
	return c;
}

void
sm_scan_end(SmScan *s)
{
	sm_scan_char(s, ')');
	while (isspace((unsigned char) *s->p))
		s->p++;
	if (*s->p != '\0')
		sm_scan_error(s, NULL);
}

void
sm_append_exact(StringInfo buf, const SmExact *a)
{
	char		tmp[SM_EXACT_TEXT_MAX];

	sm_exact_format(a, tmp);
	appendStringInfoString(buf, tmp);
}

void
sm_append_confidence(StringInfo buf, double conf)
{
	char		tmp[DOUBLE_SHORTEST_DECIMAL_LEN];

	if (conf == 0)
		return;
	double_to_shortest_decimal_buf(conf, tmp);
	appendStringInfo(buf, ",%s", tmp);
}

/*
 * Invariants of the sums of a ratio interval (a ratio_ci_state, or a half
 * of a ratio_lift_state): n >= 0, no sums without rows, d, ee and dd not
 * negative.  Returns why not, or NULL.
 */
const char *
sm_ratio_sums_invalid(const SmRatioSums *s)
{
	if (s->n < 0)
		return "The count must not be negative.";
	if (s->n == 0 &&
		!(sm_exact_is_zero(&s->e) && sm_exact_is_zero(&s->d) &&
		  sm_exact_is_zero(&s->ee) && sm_exact_is_zero(&s->ed) &&
		  sm_exact_is_zero(&s->dd)))
		return "A state that counts no rows must have zero sums.";
	if (sm_exact_is_negative(&s->d) || sm_exact_is_negative(&s->ee) ||
		sm_exact_is_negative(&s->dd))
		return "The sums of d, e^2 and d^2 must not be negative.";
	return NULL;
}

/* ... and of a ratio_ci_state: its sums, confidence 0 or in (0, 1) */
static const char *
RatioInvalid(const SmRatioCi *st)
{
	const char *why = sm_ratio_sums_invalid(&st->s);

	if (why)
		return why;
	if (!(st->conf == 0 || (st->conf > 0 && st->conf < 1)))
		return "The confidence level must be between 0 and 1.";
	return NULL;
}

/* the fields n,e,d,ee,ed,dd of the text form, without the parentheses */
void
sm_scan_ratio_sums(SmScan *s, SmRatioSums *sums)
{
	sums->n = sm_scan_count(s);
	sm_scan_char(s, ',');
	sm_scan_exact(s, &sums->e);
	sm_scan_char(s, ',');
	sm_scan_exact(s, &sums->d);
	sm_scan_char(s, ',');
	sm_scan_exact(s, &sums->ee);
	sm_scan_char(s, ',');
	sm_scan_exact(s, &sums->ed);
	sm_scan_char(s, ',');
	sm_scan_exact(s, &sums->dd);
}

void
sm_append_ratio_sums(StringInfo buf, const SmRatioSums *sums)
{
	appendStringInfo(buf, INT64_FORMAT ",", sums->n);
	sm_append_exact(buf, &sums->e);
	appendStringInfoChar(buf, ',');
	sm_append_exact(buf, &sums->d);
	appendStringInfoChar(buf, ',');
	sm_append_exact(buf, &sums->ee);
	appendStringInfoChar(buf, ',');
	sm_append_exact(buf, &sums->ed);
	appendStringInfoChar(buf, ',');
	sm_append_exact(buf, &sums->dd);
}

#define RATIO_CI_FORM "(n,e,d,ee,ed,dd) or (n,e,d,ee,ed,dd,confidence): a count and the exact sums of e, d, e^2, e*d and d^2"

Datum
ratio_ci_state_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	SmRatioCi  *st = palloc0(sizeof(SmRatioCi));
	SmScan		s = {str, str, "ratio_ci_state", RATIO_CI_FORM};
	const char *why;

	sm_scan_char(&s, '(');
	sm_scan_ratio_sums(&s, &st->s);
	st->conf = sm_scan_confidence(&s);
	sm_scan_end(&s);
	if ((why = RatioInvalid(st)) != NULL)
		sm_scan_error(&s, why);
	PG_RETURN_POINTER(st);
}

Datum
ratio_ci_state_out(PG_FUNCTION_ARGS)
{
	SmRatioCi  *st = (SmRatioCi *) PG_GETARG_POINTER(0);
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfoChar(&buf, '(');
	sm_append_ratio_sums(&buf, &st->s);
	sm_append_confidence(&buf, st->conf);
	appendStringInfoChar(&buf, ')');
	PG_RETURN_CSTRING(buf.data);
}

void
sm_send_exact(StringInfo buf, const SmExact *a)
{
	int			i;

	for (i = SM_EXACT_LIMBS - 1; i >= 0; i--)
		pq_sendint64(buf, (int64) a->w[i]);
}

void
sm_recv_exact(StringInfo buf, SmExact *a)
{
	int			i;

	for (i = SM_EXACT_LIMBS - 1; i >= 0; i--)
		a->w[i] = (uint64) pq_getmsgint64(buf);
}

Datum
ratio_ci_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	SmRatioCi  *st = palloc0(sizeof(SmRatioCi));
	const char *why;

	sm_state_recv_header(buf, 16 + 5 * 32, "ratio_ci_state");
	st->s.n = pq_getmsgint64(buf);
	st->conf = pq_getmsgfloat8(buf);
	sm_recv_exact(buf, &st->s.e);
	sm_recv_exact(buf, &st->s.d);
	sm_recv_exact(buf, &st->s.ee);
	sm_recv_exact(buf, &st->s.ed);
	sm_recv_exact(buf, &st->s.dd);
	if ((why = RatioInvalid(st)) != NULL)
		sm_state_recv_invalid("ratio_ci_state", why);
	PG_RETURN_POINTER(st);
}

Datum
ratio_ci_state_send(PG_FUNCTION_ARGS)
{
	SmRatioCi  *st = (SmRatioCi *) PG_GETARG_POINTER(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, SM_STATE_BINARY_VERSION);
	pq_sendint64(&buf, st->s.n);
	pq_sendfloat8(&buf, st->conf);
	sm_send_exact(&buf, &st->s.e);
	sm_send_exact(&buf, &st->s.d);
	sm_send_exact(&buf, &st->s.ee);
	sm_send_exact(&buf, &st->s.ed);
	sm_send_exact(&buf, &st->s.dd);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

static const char *
MeanInvalid(const SmMeanCi *st)
{
	if (st->n < 0)
		return "The count must not be negative.";
	if (st->n == 0 && !(sm_exact_is_zero(&st->x) && sm_exact_is_zero(&st->xx)))
		return "A state that counts no rows must have zero sums.";
	if (sm_exact_is_negative(&st->xx))
		return "The sum of squares must not be negative.";
	if (!(st->conf == 0 || (st->conf > 0 && st->conf < 1)))
		return "The confidence level must be between 0 and 1.";
	return NULL;
}

#define MEAN_CI_FORM "(n,x,xx) or (n,x,xx,confidence): a count and the exact sums of the rates and of their squares"

Datum
mean_ci_state_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	SmMeanCi   *st = palloc0(sizeof(SmMeanCi));
	SmScan		s = {str, str, "mean_ci_state", MEAN_CI_FORM};
	const char *why;

	sm_scan_char(&s, '(');
	st->n = sm_scan_count(&s);
	sm_scan_char(&s, ',');
	sm_scan_exact(&s, &st->x);
	sm_scan_char(&s, ',');
	sm_scan_exact(&s, &st->xx);
	st->conf = sm_scan_confidence(&s);
	sm_scan_end(&s);
	if ((why = MeanInvalid(st)) != NULL)
		sm_scan_error(&s, why);
	PG_RETURN_POINTER(st);
}

Datum
mean_ci_state_out(PG_FUNCTION_ARGS)
{
	SmMeanCi   *st = (SmMeanCi *) PG_GETARG_POINTER(0);
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfo(&buf, "(" INT64_FORMAT ",", st->n);
	sm_append_exact(&buf, &st->x);
	appendStringInfoChar(&buf, ',');
	sm_append_exact(&buf, &st->xx);
	sm_append_confidence(&buf, st->conf);
	appendStringInfoChar(&buf, ')');
	PG_RETURN_CSTRING(buf.data);
}

Datum
mean_ci_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	SmMeanCi   *st = palloc0(sizeof(SmMeanCi));
	const char *why;

	sm_state_recv_header(buf, 16 + 2 * 32, "mean_ci_state");
	st->n = pq_getmsgint64(buf);
	st->conf = pq_getmsgfloat8(buf);
	sm_recv_exact(buf, &st->x);
	sm_recv_exact(buf, &st->xx);
	if ((why = MeanInvalid(st)) != NULL)
		sm_state_recv_invalid("mean_ci_state", why);
	PG_RETURN_POINTER(st);
}

Datum
mean_ci_state_send(PG_FUNCTION_ARGS)
{
	SmMeanCi   *st = (SmMeanCi *) PG_GETARG_POINTER(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, SM_STATE_BINARY_VERSION);
	pq_sendint64(&buf, st->n);
	pq_sendfloat8(&buf, st->conf);
	sm_send_exact(&buf, &st->x);
	sm_send_exact(&buf, &st->xx);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}
