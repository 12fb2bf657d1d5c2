/*-------------------------------------------------------------------------
 *
 * trends_decide.c
 *	  The numerics of the decision functions (see trends_decide.h), with
 *	  no fmgr calls.  Each follows a published formula step by step, in the
 *	  order of operations of the reference implementation the tests compare
 *	  with (statsmodels multipletests and combine_effects, numpy), so that
 *	  results agree to rounding:
 *	  - Holm: sort ascending, (m - i) p_(i) for i = 0..m-1, running maximum
 *		from the smallest, clipped to 1;
 *	  - Benjamini-Hochberg: p_(i) / ((i + 1) / m), running minimum from the
 *		largest, clipped to 1;
 *	  - Bonferroni: m p, clipped to 1;
 *	  ties get the same adjusted value under each (the running extremum
 *	  carries it across the tied block, whatever their order).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "compat.h"

#include <math.h>

#include "trends_decide.h"

/* qsort of indexes by p, then by index (a total order: stable results) */
static const double *SortKeys;

static int
CompareByP(const void *a, const void *b)
{
	int			i = *(const int *) a;
	int			j = *(const int *) b;

	if (SortKeys[i] < SortKeys[j])
		return -1;
	if (SortKeys[i] > SortKeys[j])
		return 1;
	return (i > j) - (i < j);
}

void
sm_p_adjust(SmPAdjustMethod method, int m, const double *p, double *out,
			int *order)
{
	int			i;
	double		run;

	if (m <= 0)
		return;
	if (method == SM_PADJ_BONFERRONI)
	{
		for (i = 0; i < m; i++)
			out[i] = Min(1.0, p[i] * (double) m);
		return;
	}
	for (i = 0; i < m; i++)
		order[i] = i;
	SortKeys = p;
	qsort(order, m, sizeof(int), CompareByP);
	SortKeys = NULL;
	if (method == SM_PADJ_HOLM)
	{
		run = 0;
		for (i = 0; i < m; i++)
		{
			double		v = p[order[i]] * (double) (m - i);

			if (v > run)
				run = v;
			out[order[i]] = Min(1.0, run);
		}
		return;
	}
	/* Benjamini-Hochberg */
	run = INFINITY;
	for (i = m - 1; i >= 0; i--)
	{
		double		v = p[order[i]] / ((double) (i + 1) / (double) m);

		if (v < run)
			run = v;
		out[order[i]] = Min(1.0, run);
	}
}

/*
 * R = E / D and v = SE^2 / R^2 of one group; false unless n >= 2, D > 0
 * and R > 0 (the lift is a ratio of rates, its interval is on the log
 * scale: a rate that is not positive has no logarithm).
 */
static bool
LogRateVariance(const SmRatioSums *s, double *r, double *v)
{
	double		se;

	if (s->n < 2 || sm_exact_sign(&s->d) <= 0)
		return false;
	*r = sm_exact_to_double(&s->e) / sm_exact_to_double(&s->d);
	if (!(*r > 0))
		return false;
	se = sm_ratio_se(s);
	*v = se * se / (*r * *r);
	return true;
}

/*
 * lift = R1 / R0 - 1; interval exp(log(R1 / R0) -+ t sqrt(v1 + v0)) - 1;
 * two-sided p for log lift = 0; t and p with the Welch-Satterthwaite
 * degrees of freedom (v1 + v0)^2 / (v1^2 / (n1 - 1) + v0^2 / (n0 - 1)),
 * not rounded (SPEC 4c).
 */
bool
sm_lift(const SmRatioSums *treated, const SmRatioSums *other, double conf,
		double out[4])
{
	double		r1,
				r0,
				v1,
				v0,
				v,
				se,
				lr,
				df,
				q;

	if (!LogRateVariance(treated, &r1, &v1) ||
		!LogRateVariance(other, &r0, &v0))
		return false;
	lr = log(r1 / r0);
	out[0] = r1 / r0 - 1;
	v = v1 + v0;
	se = sqrt(v);
	if (!(se > 0))
	{
		/* no variation within either group: the lift is exact */
		out[1] = out[2] = out[0];
		out[3] = lr == 0 ? 1.0 : 0.0;
		return true;
	}
	df = v * v / (v1 * v1 / (double) (treated->n - 1) +
				  v0 * v0 / (double) (other->n - 1));
	/* between min(n) - 1 and n1 + n0 - 2 in exact arithmetic */
	if (!(df >= 1))
		df = 1;
	q = sm_t_crit_real(conf, df);
	out[1] = expm1(lr - q * se);
	out[2] = expm1(lr + q * se);
	out[3] = Min(1.0, 2 * sm_t_sf_real(fabs(lr) / se, df));
	return true;
}

/*
 * tau^2 = max(0, (Q - (k - 1)) / (sum w - sum w^2 / sum w)) with w = 1 / v,
 * R_w = sum w r / sum w, Q = sum w (r - R_w)^2 (DerSimonian and Laird
 * 1986; statsmodels combine_effects(method_re='dl')).
 */
void
sm_dersimonian_laird(int k, const double *r, const double *v, double *tau2,
					 double *rw)
{
	double		sw = 0,
				swr = 0,
				sww = 0,
				q = 0,
				c;
	int			i;

	for (i = 0; i < k; i++)
	{
		double		w = 1 / v[i];

		sw += w;
		swr += w * r[i];
		sww += w * w;
	}
	*rw = swr / sw;
	for (i = 0; i < k; i++)
		q += (r[i] - *rw) * (r[i] - *rw) / v[i];
	c = sw - sww / sw;
	*tau2 = c > 0 ? Max(0.0, (q - (k - 1)) / c) : 0.0;
}
