/*-------------------------------------------------------------------------
 *
 * trends_intervals.c
 *	  Scalar interval and change-test functions of the trends feature:
 *	  - wilson_interval(successes, trials [, confidence]): the Wilson score
 *		interval of a proportion;
 *	  - proportion_change_test(s1, n1, s2, n2 [, confidence]): the change of
 *		a proportion from period 1 to period 2, with Newcombe's hybrid score
 *		interval and the pooled two-proportion z-test;
 *	  - engagement_rate_change_test(a, b [, confidence]): the change of the
 *		ratio-of-sums engagement rate from state a to state b, by the delta
 *		method (independent periods: SE^2 = SE_a^2 + SE_b^2) with Welch's
 *		degrees of freedom.
 *	  The change tests return float8[] {difference, low, high, p_value},
 *	  difference = period 2 (b) minus period 1 (a).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "compat.h"

#include <math.h>

#include "fmgr.h"

#include "trends.h"

PG_FUNCTION_INFO_V1(wilson_interval);
PG_FUNCTION_INFO_V1(proportion_change_test);
PG_FUNCTION_INFO_V1(engagement_rate_change_test);

/* successes must lie in [0, trials] (22023) */
static void
CheckCounts(int64 s, int64 n, const char *func)
{
	if (s < 0 || s > n)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("successes of %s must be between 0 and trials, not "
						INT64_FORMAT " of " INT64_FORMAT, func, s, n),
				 errhint("Count successes among the same rows as trials.")));
}

/* wilson_interval(successes bigint, trials bigint, confidence float8 = 0.95) */
Datum
wilson_interval(PG_FUNCTION_ARGS)
{
	int64		s = PG_GETARG_INT64(0);
	int64		n = PG_GETARG_INT64(1);
	double		conf = PG_GETARG_FLOAT8(2);
	double		v[2];

	sm_check_confidence(conf);
	if (n <= 0)
		PG_RETURN_NULL();
	CheckCounts(s, n, "wilson_interval");
	sm_wilson(s, n, sm_norm_crit(conf), &v[0], &v[1]);
	return sm_float8_array(v, 2, "wilson_interval");
}

/*
 * proportion_change_test(s1, n1, s2, n2, confidence = 0.95): the change
 * d = s2/n2 - s1/n1.  Interval: Newcombe's hybrid score interval (method 10
 * of Newcombe 1998), built from the two Wilson intervals (l1, u1), (l2, u2):
 *	 [d - sqrt((p2 - l2)^2 + (u1 - p1)^2), d + sqrt((u2 - p2)^2 + (p1 - l1)^2)]
 * It keeps its coverage near the nominal level for small counts and
 * proportions near 0 or 1, where the Wald interval collapses.  p-value: the
 * pooled two-proportion z-test, z = d / sqrt(p (1 - p) (1/n1 + 1/n2)) with
 * p = (s1 + s2) / (n1 + n2), two-sided.  NULL when a trials count is <= 0.
 */
Datum
proportion_change_test(PG_FUNCTION_ARGS)
{
	int64		s1 = PG_GETARG_INT64(0);
	int64		n1 = PG_GETARG_INT64(1);
	int64		s2 = PG_GETARG_INT64(2);
	int64		n2 = PG_GETARG_INT64(3);
	double		conf = PG_GETARG_FLOAT8(4);
	double		z,
				p1,
				p2,
				l1,
				u1,
				l2,
				u2,
				pool,
				se0,
				v[4];

	sm_check_confidence(conf);
	if (n1 <= 0 || n2 <= 0)
		PG_RETURN_NULL();
	CheckCounts(s1, n1, "proportion_change_test");
	CheckCounts(s2, n2, "proportion_change_test");
	z = sm_norm_crit(conf);
	p1 = (double) s1 / (double) n1;
	p2 = (double) s2 / (double) n2;
	sm_wilson(s1, n1, z, &l1, &u1);
	sm_wilson(s2, n2, z, &l2, &u2);
	v[0] = p2 - p1;
	v[1] = v[0] - sqrt((p2 - l2) * (p2 - l2) + (u1 - p1) * (u1 - p1));
	v[2] = v[0] + sqrt((u2 - p2) * (u2 - p2) + (p1 - l1) * (p1 - l1));
	pool = ((double) s1 + (double) s2) / ((double) n1 + (double) n2);
	se0 = sqrt(pool * (1 - pool) * (1 / (double) n1 + 1 / (double) n2));
	/* all successes or all failures in both periods: no evidence of change */
	v[3] = se0 > 0 ? 2 * sm_norm_sf(fabs(v[0]) / se0) : 1.0;
	if (v[3] > 1)
		v[3] = 1;
	return sm_float8_array(v, 4, "proportion_change_test");
}

/*
 * engagement_rate_change_test(a ratio_ci_state, b ratio_ci_state,
 * confidence = 0.95): d = R_b - R_a, SE = sqrt(SE_a^2 + SE_b^2) (the
 * periods are independent samples of posts), t interval and two-sided
 * p-value with Welch-Satterthwaite degrees of freedom, rounded down (the
 * t quantile here takes whole degrees of freedom; rounding down is the
 * conservative side).  NULL unless both states have at least 2 rows.
 */
Datum
engagement_rate_change_test(PG_FUNCTION_ARGS)
{
	SmRatioCi  *a = (SmRatioCi *) PG_GETARG_POINTER(0);
	SmRatioCi  *b = (SmRatioCi *) PG_GETARG_POINTER(1);
	double		conf = PG_GETARG_FLOAT8(2);
	double		va,
				vb,
				se,
				dfw,
				q,
				v[4];
	int64		df;

	sm_check_confidence(conf);
	if (a->s.n < 2 || b->s.n < 2 ||
		sm_exact_sign(&a->s.d) <= 0 || sm_exact_sign(&b->s.d) <= 0)
		PG_RETURN_NULL();
	v[0] = sm_ratio_ci_rate(b) - sm_ratio_ci_rate(a);
	va = sm_ratio_ci_se(a);
	vb = sm_ratio_ci_se(b);
	va *= va;
	vb *= vb;
	se = sqrt(va + vb);
	if (!(se > 0))
	{
		/* no variation within either period: the change is exact */
		v[1] = v[2] = v[0];
		v[3] = v[0] == 0 ? 1.0 : 0.0;
		return sm_float8_array(v, 4, "engagement_rate_change_test");
	}
	dfw = (va + vb) * (va + vb) /
		(va * va / (double) (a->s.n - 1) + vb * vb / (double) (b->s.n - 1));
	if (!(dfw >= 1))
		df = 1;
	else if (dfw > 1e15)
		df = INT64CONST(1000000000000000);
	else
		df = (int64) floor(dfw);
	q = sm_t_crit(conf, df);
	v[1] = v[0] - q * se;
	v[2] = v[0] + q * se;
	v[3] = Min(1.0, 2 * sm_t_sf(fabs(v[0]) / se, df));
	return sm_float8_array(v, 4, "engagement_rate_change_test");
}
