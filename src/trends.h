/*-------------------------------------------------------------------------
 *
 * trends.h
 *	  What the fmgr files of the trends feature share (ratio_ci.c,
 *	  intervals.c): the interval state types and the checks and result
 *	  builders of their SQL functions.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SM_TRENDS_H
#define SM_TRENDS_H

#include "fmgr.h"

#include "trends_math.h"

/*
 * ratio_ci_state: the sums of engagement_rate_ci over rows with d > 0, and
 * the confidence level the aggregate was called with (0: not given, the
 * final function uses 0.95).
 */
typedef struct SmRatioCi
{
	double		conf;
	SmRatioSums s;
} SmRatioCi;

#define SM_RATIO_CI_SIZE 176

/* mean_ci_state: n rates, their exact sum and sum of squares, confidence */
typedef struct SmMeanCi
{
	int64		n;
	double		conf;
	SmExact		x;
	SmExact		xx;
} SmMeanCi;

#define SM_MEAN_CI_SIZE 80

#define SM_DEFAULT_CONFIDENCE 0.95

extern void sm_check_confidence(double conf);
extern Datum sm_float8_array(const double *v, int n, const char *func);
extern double sm_ratio_ci_rate(const SmRatioCi *st);
extern double sm_ratio_ci_se(const SmRatioCi *st);

#endif							/* SM_TRENDS_H */
