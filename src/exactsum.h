/*-------------------------------------------------------------------------
 *
 * exactsum.h
 *	  An exact, order-independent accumulator for sums of doubles.
 *
 *	  A SmExact is a 256-bit two's-complement fixed-point number counted in
 *	  units of 2^-128: 128 integer bits (sign included) and 128 fraction
 *	  bits.  Adding a finite double is exact whenever |x| >= 2^-75 (its
 *	  53-bit mantissa then lies entirely above the 2^-128 grid); smaller
 *	  magnitudes are rounded to the grid, to nearest, ties to even, on the
 *	  magnitude, so that x and -x always cancel.  Sums must stay inside
 *	  [-2^127, 2^127) (about +/-1.7e38); leaving that range is reported to
 *	  the caller, which raises 22003.
 *
 *	  Because every operation is exact integer arithmetic, the result is the
 *	  same whatever the order of the additions: a serial scan, a parallel
 *	  plan combining partial sums, Citus, and a window frame maintained by
 *	  adding and removing rows all give the same bits.  Removing a value
 *	  (the moving-aggregate inverse) is an exact subtraction, so a long
 *	  window never drifts.
 *
 *	  This file and exactsum.c make no fmgr calls, so they can be tested
 *	  and fuzzed without a server.
 *
 *	  Why the house has two exact sums.  The quantile sketch keeps its own
 *	  (sm_sum_add in sketch.h, the SM_SUM_LIMBS limbs of SmSketch.sum).  It
 *	  takes every non-negative double, subnormals and values near DBL_MAX
 *	  included, up to 2^63 of them, and must refuse none, so its sum is an
 *	  unsigned 2176-bit fixed point whose bit 0 is 2^-1074; it stores only
 *	  the nonzero limbs and prints the sum as an exact hexadecimal float.
 *	  SmExact serves the fixed-size states of the engagement rate, share of
 *	  voice and the trends intervals: signed values and exact products
 *	  (trends_math.h), removed again by moving-aggregate inverses, in 32
 *	  bytes per sum with an exact decimal text form.  Its price is the range
 *	  above: callers raise 22003 outside it.  The sketch's accumulator would
 *	  make those states 8.5 times larger (ratio_ci_state holds five sums)
 *	  and has no sign; SmExact would make the sketch refuse 1e-300 and
 *	  1e300.  Both are in stored formats that test/97 reads back from every
 *	  release, so neither can simply replace the other.  A new state over
 *	  values that may be negative, or whose text must be decimal, uses
 *	  SmExact and documents its range; the sketch's sum is part of the
 *	  sketch's format, not a general API.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SM_EXACTSUM_H
#define SM_EXACTSUM_H

#include "c.h"

#define SM_EXACT_LIMBS		4
#define SM_EXACT_FRAC_BITS	128

/*
 * Longest text form: '-', 39 integer digits, '.', 128 fraction digits and
 * the terminating zero byte.
 */
#define SM_EXACT_TEXT_MAX	176

/* fraction digits accepted on input (more than the 128 any value needs) */
#define SM_EXACT_MAX_FRAC_DIGITS 256
/* integer digits accepted on input, leading zeros included (2^127 has 39) */
#define SM_EXACT_MAX_INT_DIGITS 100

typedef struct SmExact
{
	uint64		w[SM_EXACT_LIMBS];	/* little-endian limbs, two's complement */
} SmExact;

/* Result codes of sm_exact_parse(). */
typedef enum SmExactParse
{
	SM_EXACT_OK = 0,
	SM_EXACT_SYNTAX,			/* not a decimal number */
	SM_EXACT_RANGE				/* |value| >= 2^127 */
} SmExactParse;

static inline void
sm_exact_zero(SmExact *a)
{
	a->w[0] = a->w[1] = a->w[2] = a->w[3] = 0;
}

static inline bool
sm_exact_is_negative(const SmExact *a)
{
	return (a->w[SM_EXACT_LIMBS - 1] >> 63) != 0;
}

static inline bool
sm_exact_is_zero(const SmExact *a)
{
	return (a->w[0] | a->w[1] | a->w[2] | a->w[3]) == 0;
}

/* sign of a: -1, 0 or 1 */
static inline int
sm_exact_sign(const SmExact *a)
{
	if (sm_exact_is_negative(a))
		return -1;
	return sm_exact_is_zero(a) ? 0 : 1;
}

/*
 * Add (negate = false) or subtract (negate = true) the non-negative integer
 * mag * 2^shift, in units of 2^-128, with mag < 2^53 and 0 <= shift <= 202,
 * so the addend stays below 2^255.  Returns false when the result leaves the
 * representable range (two's-complement overflow); the accumulator is then
 * garbage and the caller must raise an error.
 */
static inline bool
sm_exact_add_shifted(SmExact *a, uint64 mag, int shift, bool negate)
{
	int			k = shift >> 6;
	int			off = shift & 63;
	uint64		lo = mag << off;
	uint64		hi = off ? mag >> (64 - off) : 0;
	bool		was_negative = sm_exact_is_negative(a);
	uint64		s,
				c;
	int			i;

	if (!negate)
	{
		s = a->w[k] + lo;
		c = s < lo;
		a->w[k] = s;
		if (k + 1 < SM_EXACT_LIMBS)
		{
			uint64		t = hi + c; /* hi < 2^53: cannot wrap */

			s = a->w[k + 1] + t;
			c = s < t;
			a->w[k + 1] = s;
			for (i = k + 2; c && i < SM_EXACT_LIMBS; i++)
				c = (++a->w[i] == 0);
		}
		/* adding a positive number: overflow iff non-negative -> negative */
		return was_negative || !sm_exact_is_negative(a);
	}
	else
	{
		s = a->w[k];
		c = s < lo;
		a->w[k] = s - lo;
		if (k + 1 < SM_EXACT_LIMBS)
		{
			uint64		t = hi + c;

			s = a->w[k + 1];
			c = s < t;
			a->w[k + 1] = s - t;
			for (i = k + 2; c && i < SM_EXACT_LIMBS; i++)
				c = (a->w[i]-- == 0);
		}
		/* subtracting a positive number: overflow iff negative -> non-negative */
		return !was_negative || sm_exact_is_negative(a);
	}
}

/*
 * acc += x (negate = false) or acc -= x (negate = true), for a finite x.
 * Returns false on overflow of the accumulator's range (including |x| itself
 * being 2^127 or more).  Inline: it runs once per aggregated row.
 */
static inline bool
sm_exact_add_double(SmExact *acc, double x, bool negate)
{
	uint64		bits;
	uint64		mag;
	int			exp;
	int			shift;

	memcpy(&bits, &x, sizeof(bits));
	if (bits >> 63)
		negate = !negate;
	exp = (int) ((bits >> 52) & 0x7ff);
	mag = bits & ((UINT64CONST(1) << 52) - 1);
	if (exp == 0)
	{
		if (mag == 0)
			return true;		/* +0 or -0 */
		exp = 1;				/* subnormal */
	}
	else
		mag |= UINT64CONST(1) << 52;

	/* x = mag * 2^(exp - 1075) = mag * 2^(exp - 947) units of 2^-128 */
	shift = exp - 947;
	if (shift > 202)
		return false;			/* |x| >= 2^127 */
	if (shift < 0)
	{
		int			rs = -shift;
		uint64		rem,
					half;

		if (rs > 53)
			return true;		/* |x| < 2^-129: rounds to zero */
		rem = mag & ((UINT64CONST(1) << rs) - 1);
		half = UINT64CONST(1) << (rs - 1);
		mag >>= rs;
		if (rem > half || (rem == half && (mag & 1)))
			mag++;
		if (mag == 0)
			return true;
		shift = 0;
	}
	return sm_exact_add_shifted(acc, mag, shift, negate);
}

/*
 * Whether x is a non-zero double below the accumulator's step, 2^-128
 * (about 2.9e-39).  Such a value would be rounded to zero or to one step,
 * so a sum or ratio of such values would come out wrong (1e-39 / 3e-39 as
 * 0, 1e-40 / 3e-40 as NULL): callers raise 22003 instead, as for sums
 * that reach 2^127.
 */
static inline bool
sm_exact_below_step(double x)
{
	return x != 0.0 && x > -0x1p-128 && x < 0x1p-128;
}

extern bool sm_exact_add(SmExact *acc, const SmExact *b);
extern bool sm_exact_sub(SmExact *acc, const SmExact *b);
extern double sm_exact_to_double(const SmExact *a);
extern int	sm_exact_format(const SmExact *a, char *buf);
extern SmExactParse sm_exact_parse(const char *s, const char **endp,
								   SmExact *out);

#endif							/* SM_EXACTSUM_H */
