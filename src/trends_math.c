/*-------------------------------------------------------------------------
 *
 * trends_math.c
 *	  Quantiles, tails and exact variance numerators for the trends
 *	  feature (see trends_math.h).  No fmgr calls.
 *
 *	  Accuracy:
 *	  - sm_norm_quantile is Wichura's AS 241 (PPND16), relative error about
 *		1e-16 over (0, 1);
 *	  - sm_t_quantile solves the exact t distribution function (the
 *		closed-form trigonometric series for an integer number of degrees
 *		of freedom, Abramowitz and Stegun 26.7.3-4) by Newton's method from
 *		the Cornish-Fisher start, for df <= SM_T_EXPANSION_DF; above, the
 *		four-term expansion in 1/df (26.7.5) has a truncation error below
 *		1e-16 for the confidences the functions accept in practice;
 *	  - the variance numerators are computed exactly from the exact sums
 *		(integers of up to 768 bits), then rounded once to double, so the
 *		catastrophic cancellation of sum e^2 - 2 R sum e d + R^2 sum d^2
 *		cannot happen: the standard errors carry a relative error of a few
 *		units in the last place.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "compat.h"

#include <math.h>

#include "port/pg_bitutils.h"

#include "trends_math.h"

/* ----------------------------------------------------------------------
 * Normal distribution
 * ---------------------------------------------------------------------- */

/*
 * The standard normal quantile: Wichura, Algorithm AS 241, Applied
 * Statistics 37 (1988) 477-484, the 16-digit version PPND16.  p must be in
 * (0, 1); the callers check.
 */
double
sm_norm_quantile(double p)
{
	double		q = p - 0.5;
	double		r,
				val;

	if (fabs(q) <= 0.425)
	{
		r = 0.180625 - q * q;
		return q * (((((((2509.0809287301226727 * r +
						  33430.575583588128105) * r +
						 67265.770927008700853) * r +
						45921.953931549871457) * r +
					   13731.693765509461125) * r +
					  1971.5909503065514427) * r +
					 133.14166789178437745) * r +
					3.387132872796366608) /
			(((((((5226.495278852854561 * r +
				   28729.085735721942674) * r +
				  39307.89580009271061) * r +
				 21213.794301586595867) * r +
				5394.1960214247511077) * r +
			   687.1870074920579083) * r +
			  42.313330701600911252) * r + 1.0);
	}
	r = q < 0 ? p : 1.0 - p;
	r = sqrt(-log(r));
	if (r <= 5.0)
	{
		r -= 1.6;
		val = (((((((7.7454501427834140764e-4 * r +
					 0.0227238449892691845833) * r +
					0.24178072517745061177) * r +
				   1.27045825245236838258) * r +
				  3.64784832476320460504) * r +
				 5.7694972214606914055) * r +
				4.6303378461565452959) * r +
			   1.42343711074968357734) /
			(((((((1.05075007164441684324e-9 * r +
				   5.475938084995344946e-4) * r +
				  0.0151986665636164571966) * r +
				 0.14810397642748007459) * r +
				0.68976733498510000455) * r +
			   1.6763848301838038494) * r +
			  2.05319162663775882187) * r + 1.0);
	}
	else
	{
		r -= 5.0;
		val = (((((((2.01033439929228813265e-7 * r +
					 2.71155556874348757815e-5) * r +
					0.0012426609473880784386) * r +
				   0.026532189526576123093) * r +
				  0.29656057182850489123) * r +
				 1.7848265399172913358) * r +
				5.4637849111641143699) * r +
			   6.6579046435011037772) /
			(((((((2.04426310338993978564e-15 * r +
				   1.4215117583164458887e-7) * r +
				  1.8463183175100546818e-5) * r +
				 7.868691311456132591e-4) * r +
				0.0148753612908506148525) * r +
			   0.13692988092273580531) * r +
			  0.59983220655588793769) * r + 1.0);
	}
	return q < 0 ? -val : val;
}

/* upper tail P(Z > z) of the standard normal, accurate in the far tail */
double
sm_norm_sf(double z)
{
	return 0.5 * erfc(z / M_SQRT2);
}

/* ----------------------------------------------------------------------
 * Student's t distribution, integer degrees of freedom
 * ---------------------------------------------------------------------- */

/*
 * The Cornish-Fisher expansion of the t quantile in terms of the normal
 * quantile z (Abramowitz and Stegun 26.7.5), to the term in 1/df^4.
 */
static double
TExpansion(double z, double df)
{
	double		z2 = z * z;
	double		g1 = (z2 + 1) * z / 4;
	double		g2 = ((5 * z2 + 16) * z2 + 3) * z / 96;
	double		g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / 384;
	double		g4 = ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) * z / 92160;

	return z + (g1 + (g2 + (g3 + g4 / df) / df) / df) / df;
}

/* its derivative in z, for inverting it (Newton) */
static double
TExpansionSlope(double z, double df)
{
	double		z2 = z * z;
	double		h1 = (3 * z2 + 1) / 4;
	double		h2 = ((25 * z2 + 48) * z2 + 3) / 96;
	double		h3 = (((21 * z2 + 95) * z2 + 51) * z2 - 15) / 384;
	double		h4 = ((((711 * z2 + 5432) * z2 + 7410) * z2 - 5760) * z2 - 945) / 92160;

	return 1 + (h1 + (h2 + (h3 + h4 / df) / df) / df) / df;
}

/*
 * A(t | df) = P(|T| <= t) for t >= 0 by the finite trigonometric series
 * (Abramowitz and Stegun 26.7.3 and 26.7.4); exact up to rounding.  The
 * series has df / 2 terms: callers keep df <= SM_T_EXPANSION_DF.
 */
static double
TCentral(double t, int64 df)
{
	double		theta = atan(t / sqrt((double) df));
	double		s = sin(theta);
	double		c = cos(theta);
	double		c2 = c * c;
	double		term,
				sum;
	int64		k;

	if (df % 2 == 1)
	{
		if (df == 1)
			return 2 * theta / M_PI;
		/* (2/pi) (theta + sin cos (1 + 2/3 c^2 + 2*4/(3*5) c^4 + ...)) */
		term = 1.0;
		sum = 1.0;
		for (k = 1; 2 * k + 1 <= df - 2; k++)
		{
			term *= c2 * (2.0 * k) / (2.0 * k + 1);
			sum += term;
		}
		return 2 / M_PI * (theta + s * c * sum);
	}
	/* sin (1 + 1/2 c^2 + 1*3/(2*4) c^4 + ...) */
	term = 1.0;
	sum = 1.0;
	for (k = 1; 2 * k <= df - 2; k++)
	{
		term *= c2 * (2.0 * k - 1) / (2.0 * k);
		sum += term;
	}
	return s * sum;
}

/* the density of t with df degrees of freedom */
static double
TDensity(double t, int64 df)
{
	double		v = (double) df;

	return exp(lgamma((v + 1) / 2) - lgamma(v / 2) - 0.5 * log(v * M_PI)
			   - (v + 1) / 2 * log1p(t * t / v));
}

/*
 * Upper tail P(T > t) with df >= 1 degrees of freedom.  Above
 * SM_T_EXPANSION_DF the expansion is inverted (t -> z, Newton) and the
 * normal tail of z is returned.
 */
double
sm_t_sf(double t, int64 df)
{
	if (t < 0)
		return 1.0 - sm_t_sf(-t, df);
	if (df > SM_T_EXPANSION_DF)
	{
		double		z = t;
		int			i;

		for (i = 0; i < 20; i++)
		{
			double		step = (TExpansion(z, (double) df) - t) /
				TExpansionSlope(z, (double) df);

			z -= step;
			if (fabs(step) <= 1e-16 * fabs(z))
				break;
		}
		return sm_norm_sf(z);
	}
	return (1.0 - TCentral(t, df)) / 2;
}

/*
 * The two-sided critical value of the standard normal at confidence level
 * conf in (0, 1): z with P(|Z| <= z) = conf.  It goes through the tail
 * probability (1 - conf) / 2, which is exact in double precision for
 * conf >= 0.5 (Sterbenz), not through (1 + conf) / 2, whose rounding near 1
 * costs relative precision in the tail (2e-10 at conf = 0.999999).
 */
double
sm_norm_crit(double conf)
{
	return -sm_norm_quantile((1.0 - conf) / 2);
}

/*
 * The two-sided critical value of t with df >= 1 degrees of freedom:
 * t with P(|T| <= t) = conf.
 */
double
sm_t_crit(double conf, int64 df)
{
	double		t;
	int			i;

	if (df == 1)
		return tan(M_PI_2 * conf);
	if (df == 2)
	{
		/* P(|T| <= t) = t / sqrt(2 + t^2) */
		return conf * sqrt(2 / ((1 - conf) * (1 + conf)));
	}
	t = TExpansion(sm_norm_crit(conf), (double) df);
	if (df > SM_T_EXPANSION_DF)
		return t;

	/*
	 * Newton on A(t) = conf, where A(t) = P(|T| <= t) has derivative
	 * 2 f(t).  A is concave for t > 0, so after the first step the iterates
	 * approach the root from below: convergence is monotone and quadratic.
	 */
	for (i = 0; i < 60; i++)
	{
		double		step = (TCentral(t, df) - conf) / (2 * TDensity(t, df));

		if (t - step <= 0)
			t /= 2;
		else
			t -= step;
		if (fabs(step) <= 4e-16 * t)
			break;
	}
	return t;
}

/*
 * The p quantile of t with df >= 1 degrees of freedom, for p in (0, 1)
 * (for the unit test; the SQL functions use the critical values above).
 */
double
sm_t_quantile(double p, int64 df)
{
	if (p < 0.5)
		return -sm_t_crit(1 - 2 * p, df);
	if (p == 0.5)
		return 0.0;
	return sm_t_crit(2 * p - 1, df);
}

/* ----------------------------------------------------------------------
 * Student's t distribution, real degrees of freedom
 *
 * Welch-Satterthwaite degrees of freedom are not whole numbers, and
 * engagement_rate_lift uses them as they are (an independent check with
 * scipy's t distribution gets the same p-value; flooring them, as
 * engagement_rate_change_test does, moves p by a few per cent at small n).
 * P(T > t) = I_x(df/2, 1/2) / 2 with x = df / (df + t^2), the regularized
 * incomplete beta function by its continued fraction (modified Lentz).
 * Above SM_T_EXPANSION_DF the expansion in 1/df is used, as for integers.
 * ---------------------------------------------------------------------- */

/* the continued fraction of I_x(a, b) (Numerical Recipes, betacf) */
static double
BetaContinuedFraction(double a, double b, double x)
{
	const double tiny = 1e-300;
	double		qab = a + b,
				qap = a + 1,
				qam = a - 1,
				c = 1,
				d = 1 - qab * x / qap,
				h;
	int			m;

	if (fabs(d) < tiny)
		d = tiny;
	d = 1 / d;
	h = d;
	for (m = 1; m <= 100000; m++)
	{
		double		m2 = 2.0 * m,
					aa,
					del;

		aa = m * (b - m) * x / ((qam + m2) * (a + m2));
		d = 1 + aa * d;
		if (fabs(d) < tiny)
			d = tiny;
		c = 1 + aa / c;
		if (fabs(c) < tiny)
			c = tiny;
		d = 1 / d;
		h *= d * c;
		aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
		d = 1 + aa * d;
		if (fabs(d) < tiny)
			d = tiny;
		c = 1 + aa / c;
		if (fabs(c) < tiny)
			c = tiny;
		d = 1 / d;
		del = d * c;
		h *= del;
		if (fabs(del - 1) <= 1e-16)
			break;
	}
	return h;
}

/*
 * The regularized incomplete beta function I_x(a, b), given x and 1 - x
 * separately (so that neither is computed by a cancelling subtraction).
 */
static double
IncompleteBeta(double a, double b, double x, double omx)
{
	double		lfront;

	if (x <= 0)
		return 0;
	if (omx <= 0)
		return 1;
	lfront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log(omx);
	if (x < (a + 1) / (a + b + 2))
		return exp(lfront) * BetaContinuedFraction(a, b, x) / a;
	return 1 - exp(lfront) * BetaContinuedFraction(b, a, omx) / b;
}

/* P(T > t), df >= 1 real, t >= 0, by the expansion above the threshold */
static double
TExpansionSf(double t, double df)
{
	double		z = t;
	int			i;

	for (i = 0; i < 20; i++)
	{
		double		step = (TExpansion(z, df) - t) / TExpansionSlope(z, df);

		z -= step;
		if (fabs(step) <= 1e-16 * fabs(z))
			break;
	}
	return sm_norm_sf(z);
}

/* Upper tail P(T > t) with df >= 1 (not necessarily whole) */
double
sm_t_sf_real(double t, double df)
{
	double		t2;

	if (t < 0)
		return 1.0 - sm_t_sf_real(-t, df);
	if (df > SM_T_EXPANSION_DF)
		return TExpansionSf(t, df);
	t2 = t * t;
	return IncompleteBeta(df / 2, 0.5, df / (df + t2), t2 / (df + t2)) / 2;
}

/* the density of t, real df */
static double
TDensityReal(double t, double v)
{
	return exp(lgamma((v + 1) / 2) - lgamma(v / 2) - 0.5 * log(v * M_PI)
			   - (v + 1) / 2 * log1p(t * t / v));
}

/*
 * The two-sided critical value at confidence conf with df >= 1 degrees of
 * freedom, not necessarily whole: Newton on log(2 P(T > t)) =
 * log(1 - conf), which stays well scaled far in the tail.
 */
double
sm_t_crit_real(double conf, double df)
{
	double		target = log(1 - conf);
	double		t;
	int			i;

	t = TExpansion(sm_norm_crit(conf), Max(df, 1.0));
	if (df > SM_T_EXPANSION_DF)
		return t;
	if (!(t > 0) || !isfinite(t))
		t = 1;
	for (i = 0; i < 200; i++)
	{
		double		sf = sm_t_sf_real(t, df);
		double		step = (log(2 * sf) - target) / (-TDensityReal(t, df) / sf);

		if (t - step <= 0)
			t /= 2;
		else
			t -= step;
		if (fabs(step) <= 4e-16 * t)
			break;
	}
	return t;
}

/* ----------------------------------------------------------------------
 * Wilson score interval
 * ---------------------------------------------------------------------- */

/*
 * The Wilson score interval of s successes in n > 0 trials at critical
 * value z: center (p + z^2/2n) / (1 + z^2/n), half-width
 * z sqrt(p(1-p)/n + z^2/4n^2) / (1 + z^2/n).  The bounds are exactly 0 at
 * s = 0 and 1 at s = n (where the formula gives them up to rounding), and
 * are clamped to [0, 1].
 */
void
sm_wilson(int64 s, int64 n, double z, double *lo, double *hi)
{
	double		nn = (double) n;
	double		p = (double) s / nn;
	double		z2 = z * z;
	double		denom = 1 + z2 / nn;
	double		center = (p + z2 / (2 * nn)) / denom;
	double		half = z * sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn)) / denom;

	*lo = s == 0 ? 0.0 : Max(0.0, center - half);
	*hi = s == n ? 1.0 : Min(1.0, center + half);
}

/* ----------------------------------------------------------------------
 * Exact products and variance numerators
 * ---------------------------------------------------------------------- */

bool
sm_exact_add_product(SmExact *acc, double a, double b, bool negate)
{
	double		p = a * b;
	double		err;

	if (!isfinite(p))
		return false;
	/* p + err == a * b exactly, unless the product underflows */
	err = fma(a, b, -p);
	return sm_exact_add_double(acc, p, negate) &&
		sm_exact_add_double(acc, err, negate);
}

/*
 * A signed big integer of up to BIG_LIMBS 32-bit limbs (little endian),
 * enough for the product of three 256-bit sums.
 */
#define BIG_LIMBS 28

typedef struct Big
{
	bool		neg;
	uint32		l[BIG_LIMBS];
} Big;

static void
BigFromExact(const SmExact *a, Big *b)
{
	SmExact		m = *a;
	int			i;

	memset(b, 0, sizeof(Big));
	b->neg = sm_exact_is_negative(a);
	if (b->neg)
	{
		uint64		c = 1;

		for (i = 0; i < SM_EXACT_LIMBS; i++)
		{
			m.w[i] = ~m.w[i] + c;
			c = c && m.w[i] == 0;
		}
	}
	for (i = 0; i < SM_EXACT_LIMBS; i++)
	{
		b->l[2 * i] = (uint32) m.w[i];
		b->l[2 * i + 1] = (uint32) (m.w[i] >> 32);
	}
}

/* r = a * b; the sizes never overflow BIG_LIMBS for our callers */
static void
BigMul(const Big *a, const Big *b, Big *r)
{
	Big			t;
	int			i,
				j;

	memset(&t, 0, sizeof(Big));
	for (i = 0; i < BIG_LIMBS; i++)
	{
		uint64		carry = 0;

		if (a->l[i] == 0)
			continue;
		for (j = 0; i + j < BIG_LIMBS; j++)
		{
			uint64		cur = (uint64) a->l[i] * b->l[j] + t.l[i + j] + carry;

			t.l[i + j] = (uint32) cur;
			carry = cur >> 32;
		}
		Assert(carry == 0);
	}
	t.neg = a->neg != b->neg;
	*r = t;
}

/* compare magnitudes */
static int
BigCmpMag(const Big *a, const Big *b)
{
	int			i;

	for (i = BIG_LIMBS - 1; i >= 0; i--)
		if (a->l[i] != b->l[i])
			return a->l[i] < b->l[i] ? -1 : 1;
	return 0;
}

/* r = a + b (signed) */
static void
BigAdd(const Big *a, const Big *b, Big *r)
{
	Big			t;
	int			i;

	if (a->neg == b->neg)
	{
		uint64		carry = 0;

		for (i = 0; i < BIG_LIMBS; i++)
		{
			uint64		cur = (uint64) a->l[i] + b->l[i] + carry;

			t.l[i] = (uint32) cur;
			carry = cur >> 32;
		}
		t.neg = a->neg;
	}
	else
	{
		const Big  *big = a,
				   *small = b;
		int64		borrow = 0;

		if (BigCmpMag(a, b) < 0)
		{
			big = b;
			small = a;
		}
		for (i = 0; i < BIG_LIMBS; i++)
		{
			int64		cur = (int64) big->l[i] - small->l[i] - borrow;

			borrow = cur < 0;
			t.l[i] = (uint32) (cur + (borrow ? (INT64CONST(1) << 32) : 0));
		}
		t.neg = big->neg;
	}
	*r = t;
}

/* the double nearest to b * 2^-scale (sticky rounding of the low bits) */
static double
BigToDouble(const Big *b, int scale)
{
	int			top,
				p,
				i;
	uint64		u = 0;
	bool		sticky = false;
	double		d;

	for (top = BIG_LIMBS - 1; top >= 0 && b->l[top] == 0; top--)
		;
	if (top < 0)
		return 0.0;
	p = top * 32 + pg_leftmost_one_pos32(b->l[top]);	/* highest set bit */
	/* the 64 bits from p down, then whether anything below is set */
	for (i = 0; i < 64; i++)
	{
		int			bit = p - i;

		u <<= 1;
		if (bit >= 0 && (b->l[bit / 32] >> (bit % 32)) & 1)
			u |= 1;
	}
	for (i = p - 64; i >= 0 && !sticky; i--)
		sticky = (b->l[i / 32] >> (i % 32)) & 1;
	u |= (uint64) sticky;
	d = ldexp((double) u, p - 63 - scale);
	return b->neg ? -d : d;
}

/*
 * SE of the ratio of sums R = E / D (E = sum e, D = sum d) by the
 * linearization over rows:
 *
 *	 SE^2 = sum (e - R d)^2 / (n (n - 1) dbar^2),	dbar = D / n.
 *
 * Multiplying the sum by D^2 gives an expression in the exact sums alone,
 *
 *	 N = D^2 sum e^2 - 2 E D sum ed + E^2 sum d^2 = D^2 sum (e - R d)^2,
 *
 * which is evaluated exactly (each sum is an integer times 2^-128, so N is
 * an integer times 2^-384 of at most 768 bits) and rounded once; then
 * SE = sqrt(N) / D^2 * sqrt(n / (n - 1)).  Computed in double precision from
 * the rounded sums instead, the three terms of N cancel to about 1e-16 of
 * their size: with 10M posts and a well-fitting ratio that is the whole
 * answer.
 */
double
sm_ratio_se(const SmRatioSums *s)
{
	Big			e,
				d,
				ee,
				ed,
				dd,
				t1,
				t2,
				t3,
				n;
	double		nd,
				dv;

	BigFromExact(&s->e, &e);
	BigFromExact(&s->d, &d);
	BigFromExact(&s->ee, &ee);
	BigFromExact(&s->ed, &ed);
	BigFromExact(&s->dd, &dd);

	BigMul(&d, &d, &t1);
	BigMul(&t1, &ee, &t1);		/* D^2 ee */
	BigMul(&e, &d, &t2);
	BigMul(&t2, &ed, &t2);		/* E D ed */
	BigAdd(&t2, &t2, &t2);		/* 2 E D ed */
	t2.neg = !t2.neg;
	BigMul(&e, &e, &t3);
	BigMul(&t3, &dd, &t3);		/* E^2 dd */
	BigAdd(&t1, &t2, &n);
	BigAdd(&n, &t3, &n);

	/* N >= 0 for exact sums; rounding of sub-2^-128 terms may leave -0 */
	nd = n.neg ? 0.0 : BigToDouble(&n, 3 * SM_EXACT_FRAC_BITS);
	dv = sm_exact_to_double(&s->d);
	return sqrt(nd) / dv / dv * sqrt((double) s->n / (double) (s->n - 1));
}

/*
 * SE of the mean of n values from their exact sum and sum of squares:
 * s^2 = (n sum x^2 - (sum x)^2) / (n (n - 1)), SE = s / sqrt(n).  The
 * numerator M = n sum x^2 - (sum x)^2 is exact (an integer times 2^-256).
 */
double
sm_mean_se(int64 n, const SmExact *x, const SmExact *xx)
{
	SmExact		ne;
	Big			bn,
				bx,
				bxx,
				t1,
				t2,
				m;
	double		md;

	sm_exact_zero(&ne);
	(void) sm_exact_add_int64(&ne, n, false);
	BigFromExact(&ne, &bn);
	BigFromExact(x, &bx);
	BigFromExact(xx, &bxx);
	BigMul(&bn, &bxx, &t1);
	BigMul(&bx, &bx, &t2);
	t2.neg = !t2.neg;
	BigAdd(&t1, &t2, &m);
	md = m.neg ? 0.0 : BigToDouble(&m, 2 * SM_EXACT_FRAC_BITS);
	return sqrt(md) / (double) n / sqrt((double) (n - 1));
}
