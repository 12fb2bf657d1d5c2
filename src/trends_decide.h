/*-------------------------------------------------------------------------
 *
 * trends_decide.h
 *	  The numerics of the decision functions (SPEC 4c), with no fmgr calls:
 *	  multiple-testing adjustment of p-values (p_adjust), the engagement
 *	  rate lift of treated over other posts (engagement_rate_lift), and
 *	  DerSimonian-Laird empirical-Bayes shrinkage (engagement_rate_shrunk).
 *
 *-------------------------------------------------------------------------
 */
#ifndef SM_TRENDS_DECIDE_H
#define SM_TRENDS_DECIDE_H

#include "c.h"

#include "trends_math.h"

typedef enum SmPAdjustMethod
{
	SM_PADJ_HOLM,
	SM_PADJ_BH,
	SM_PADJ_BONFERRONI
} SmPAdjustMethod;

/*
 * Adjust the m p-values p[0..m-1] (each in [0, 1]) into out[0..m-1];
 * order[] is scratch space of m ints.
 */
extern void sm_p_adjust(SmPAdjustMethod method, int m, const double *p,
						double *out, int *order);

/*
 * engagement_rate_lift of the treated sums over the other sums at
 * confidence conf: out = {lift, low, high, p}.  False when the result is
 * NULL (a group with n < 2, a rate that is not positive).
 */
extern bool sm_lift(const SmRatioSums *treated, const SmRatioSums *other,
					double conf, double out[4]);

/*
 * DerSimonian-Laird between-row variance of k rows with estimates r[] and
 * variances v[] > 0 (k >= 2): tau^2 and the weighted mean R_w.
 */
extern void sm_dersimonian_laird(int k, const double *r, const double *v,
								 double *tau2, double *rw);

#endif							/* SM_TRENDS_DECIDE_H */
