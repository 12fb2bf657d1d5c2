/*-------------------------------------------------------------------------
 *
 * trends_math.h
 *	  The numerics of the trends feature, with no fmgr calls (so unit tests
 *	  and fuzzers link them without a server): normal and Student-t
 *	  quantiles and tails, the Wilson score interval, and the exact
 *	  variance numerators of the ratio and mean interval states, computed
 *	  from the exact fixed-point sums of exactsum.h in exact integer
 *	  arithmetic.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SM_TRENDS_MATH_H
#define SM_TRENDS_MATH_H

#include "c.h"

#include "exactsum.h"

/* degrees of freedom above which the t quantile uses its z expansion */
#define SM_T_EXPANSION_DF	10000

extern double sm_norm_quantile(double p);
extern double sm_norm_sf(double z);
extern double sm_t_sf(double t, int64 df);
extern double sm_t_quantile(double p, int64 df);
extern double sm_norm_crit(double conf);
extern double sm_t_crit(double conf, int64 df);
extern double sm_t_sf_real(double t, double df);
extern double sm_t_crit_real(double conf, double df);

extern void sm_wilson(int64 s, int64 n, double z, double *lo, double *hi);

/*
 * Sums of the ratio interval: n rows (e_i, d_i) with d_i > 0, as exact sums
 * of e, d, e^2, e*d and d^2.
 */
typedef struct SmRatioSums
{
	int64		n;
	SmExact		e;
	SmExact		d;
	SmExact		ee;
	SmExact		ed;
	SmExact		dd;
} SmRatioSums;

/* the standard error of R = sum e / sum d; requires n >= 2 and sum d > 0 */
extern double sm_ratio_se(const SmRatioSums *s);
/* the standard error of the mean of x from n, sum x, sum x^2; n >= 2 */
extern double sm_mean_se(int64 n, const SmExact *x, const SmExact *xx);

/*
 * Add the exact product a * b of two finite doubles to acc (or subtract
 * it): the rounded product and its rounding error (fma), both doubles whose
 * sum is exactly a * b.  False on overflow of the accumulator.
 */
extern bool sm_exact_add_product(SmExact *acc, double a, double b, bool negate);

/*
 * acc += v (negate = false) or acc -= v for a signed 128-bit integer given
 * as two's-complement halves (hi, lo).  The integer part of an SmExact is
 * its two upper limbs, so this is a two-limb add with carry, inline: it
 * runs five times per row of engagement_rate_ci over bigint columns.
 */
static inline bool
sm_exact_add_int128(SmExact *acc, uint64 hi, uint64 lo, bool negate)
{
	bool		was_negative = sm_exact_is_negative(acc);
	bool		addend_negative;
	uint64		s;

	if (negate)
	{
		/* |v| <= 2^126 here, so the negation cannot overflow */
		lo = ~lo + 1;
		hi = ~hi + (lo == 0);
	}
	addend_negative = (hi >> 63) != 0;
	s = acc->w[2] + lo;
	acc->w[3] += hi + (s < lo);
	acc->w[2] = s;
	/* overflow iff both operands have the same sign and the result not */
	return was_negative != addend_negative ||
		sm_exact_is_negative(acc) == was_negative;
}

/* acc += a (or -= a) for an int64, exactly */
static inline bool
sm_exact_add_int64(SmExact *acc, int64 a, bool negate)
{
	return sm_exact_add_int128(acc, a < 0 ? PG_UINT64_MAX : 0, (uint64) a,
							   negate);
}

/* acc += a * b (or -= a * b) for two int64: |a * b| <= 2^126, exact */
static inline bool
sm_exact_add_int_product(SmExact *acc, int64 a, int64 b, bool negate)
{
	bool		neg = (a < 0) != (b < 0);
	uint64		ua = a < 0 ? -(uint64) a : (uint64) a;
	uint64		ub = b < 0 ? -(uint64) b : (uint64) b;
	uint64		hi,
				lo;

#ifdef HAVE_INT128
	uint128		p = (uint128) ua * ub;

	hi = (uint64) (p >> 64);
	lo = (uint64) p;
#else
	uint64		a0 = ua & 0xFFFFFFFF,
				a1 = ua >> 32,
				b0 = ub & 0xFFFFFFFF,
				b1 = ub >> 32;
	uint64		p00 = a0 * b0,
				p01 = a0 * b1,
				p10 = a1 * b0,
				p11 = a1 * b1;
	uint64		mid = (p00 >> 32) + (p01 & 0xFFFFFFFF) + (p10 & 0xFFFFFFFF);

	lo = (mid << 32) | (p00 & 0xFFFFFFFF);
	hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
#endif
	if (neg)
	{
		/* two's complement of the 128-bit magnitude */
		lo = ~lo + 1;
		hi = ~hi + (lo == 0);
	}
	return sm_exact_add_int128(acc, hi, lo, negate);
}

#endif							/* SM_TRENDS_MATH_H */
