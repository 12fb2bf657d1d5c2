/*-------------------------------------------------------------------------
 *
 * trends_window.c
 *	  The window functions of the decision features (SPEC 4c), each
 *	  computed once per partition over all its rows (whatever the frame)
 *	  and read back per row:
 *	  - p_adjust(p [, method]): the p-value adjusted for the multiple
 *		comparisons of the partition (Holm, Benjamini-Hochberg,
 *		Bonferroni);
 *	  - engagement_rate_shrunk(state [, confidence]): the engagement rate
 *		of a row's ratio_ci_state shrunk toward the partition's rate by
 *		DerSimonian-Laird empirical Bayes, {estimate, low, high}.
 *	  The numerics are in trends_decide.c.  A partition is read once,
 *	  forward (two passes would cost the tuplestore a rewind each), into
 *	  memory of the partition's context: O(n log n) for p_adjust, O(n) for
 *	  engagement_rate_shrunk, not O(n^2).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "compat.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "common/shortest_dec.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "windowapi.h"

#include "trends.h"
#include "trends_decide.h"

PG_FUNCTION_INFO_V1(p_adjust);
PG_FUNCTION_INFO_V1(engagement_rate_shrunk);

/* Partitions are indexed by int (the sort); limit them like reply_wait. */
static int
PartitionRows(WindowObject winobj, const char *func)
{
	int64		n = WinGetPartitionRowCount(winobj);

	if (n > (int64) (MaxAllocHugeSize / (4 * sizeof(double))) || n > PG_INT32_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s cannot handle a partition of more than %d rows",
						func, PG_INT32_MAX),
				 errhint("Partition the window into smaller groups.")));
	return (int) n;
}

/* ---------- p_adjust ---------- */

typedef struct PAdjustPartition
{
	bool		computed;
	SmPAdjustMethod method;
	int			nrows;
	double	   *adj;			/* per row; NaN marks a NULL p */
} PAdjustPartition;

static SmPAdjustMethod
PAdjustMethod(text *method)
{
	const char *s = VARDATA_ANY(method);
	int			len = VARSIZE_ANY_EXHDR(method);

	if (len == 4 && pg_strncasecmp(s, "holm", 4) == 0)
		return SM_PADJ_HOLM;
	if (len == 2 && pg_strncasecmp(s, "bh", 2) == 0)
		return SM_PADJ_BH;
	if (len == 10 && pg_strncasecmp(s, "bonferroni", 10) == 0)
		return SM_PADJ_BONFERRONI;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("p_adjust method \"%s\" not recognized",
					text_to_cstring(method)),
			 errhint("Valid methods are \"holm\" (the default), \"bh\" (Benjamini-Hochberg) and \"bonferroni\".")));
	return SM_PADJ_HOLM;		/* keep compiler quiet */
}

static void
PAdjustCompute(WindowObject winobj, PAdjustPartition *part)
{
	int			n = PartitionRows(winobj, "p_adjust");
	MemoryContext partcxt = GetMemoryChunkContext(part);
	double	   *adj = MemoryContextAllocHuge(partcxt, Max(n, 1) * sizeof(double));
	double	   *p = palloc(Max(n, 1) * sizeof(double));
	double	   *out = palloc(Max(n, 1) * sizeof(double));
	int		   *row = palloc(Max(n, 1) * sizeof(int));
	int		   *order = palloc(Max(n, 1) * sizeof(int));
	int			m = 0;
	int			i;

	for (i = 0; i < n; i++)
	{
		bool		isnull,
					isout;
		Datum		d;
		double		v;

		CHECK_FOR_INTERRUPTS();
		adj[i] = NAN;
		d = WinGetFuncArgInPartition(winobj, 0, i, WINDOW_SEEK_HEAD, false,
									 &isnull, &isout);
		if (isnull || isout)
			continue;
		v = DatumGetFloat8(d);
		if (!(v >= 0 && v <= 1))
		{
			char		buf[DOUBLE_SHORTEST_DECIMAL_LEN];

			double_to_shortest_decimal_buf(v, buf);
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("p-value %s is not between 0 and 1", buf),
					 errhint("Pass p-values, not test statistics; leave missing ones NULL.")));
		}
		p[m] = v;
		row[m] = i;
		m++;
	}
	sm_p_adjust(part->method, m, p, out, order);
	for (i = 0; i < m; i++)
		adj[row[i]] = out[i];
	pfree(p);
	pfree(out);
	pfree(row);
	pfree(order);
	part->nrows = n;
	part->adj = adj;
	part->computed = true;
}

/*
 * p_adjust(p float8, method text = 'holm'): the adjusted p-value of the
 * current row among the non-NULL p-values of its whole partition; NULL
 * where p is NULL.  The method must be the same on every row of a
 * partition (22023); a NULL method gives NULL.
 */
Datum
p_adjust(PG_FUNCTION_ARGS)
{
	WindowObject winobj = PG_WINDOW_OBJECT();
	PAdjustPartition *part;
	SmPAdjustMethod method = SM_PADJ_HOLM;
	int64		pos;

	if (PG_NARGS() >= 2)
	{
		bool		isnull;
		Datum		d = WinGetFuncArgCurrent(winobj, 1, &isnull);

		if (isnull)
			PG_RETURN_NULL();
		method = PAdjustMethod(DatumGetTextPP(d));
	}
	part = (PAdjustPartition *)
		WinGetPartitionLocalMemory(winobj, sizeof(PAdjustPartition));
	if (!part->computed)
	{
		part->method = method;
		PAdjustCompute(winobj, part);
	}
	else if (part->method != method)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the method of p_adjust must be the same for every row of a partition"),
				 errhint("Pass a constant, e.g. 'holm'.")));
	pos = WinGetCurrentPosition(winobj);
	if (pos < 0 || pos >= part->nrows)
		elog(ERROR, "p_adjust: row %lld outside its partition", (long long) pos);
	if (isnan(part->adj[pos]))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(part->adj[pos]);
}

/* ---------- engagement_rate_shrunk ---------- */

#define SHRUNK_NULL		0x01	/* NULL state: NULL result */
#define SHRUNK_HAS_RATE 0x02	/* n >= 1 and D > 0: a raw rate */
#define SHRUNK_USABLE	0x04	/* n >= 2 and v > 0: enters the pool */

typedef struct ShrunkPartition
{
	bool		computed;
	int			nrows;
	int			k;				/* usable rows */
	double		rw;				/* R_w, when k >= 2 */
	double		tau2;
	double	   *r;				/* per row: raw rate */
	double	   *v;				/* per row: SE^2 */
	uint8	   *flags;
} ShrunkPartition;

static void
ShrunkCompute(WindowObject winobj, ShrunkPartition *part)
{
	int			n = PartitionRows(winobj, "engagement_rate_shrunk");
	MemoryContext partcxt = GetMemoryChunkContext(part);
	double	   *r = MemoryContextAllocHuge(partcxt, Max(n, 1) * sizeof(double));
	double	   *v = MemoryContextAllocHuge(partcxt, Max(n, 1) * sizeof(double));
	uint8	   *flags = MemoryContextAllocHuge(partcxt, Max(n, 1));
	double	   *ur = palloc(Max(n, 1) * sizeof(double));
	double	   *uv = palloc(Max(n, 1) * sizeof(double));
	int			k = 0;
	int			i;

	for (i = 0; i < n; i++)
	{
		bool		isnull,
					isout;
		Datum		d;
		const SmRatioCi *st;

		CHECK_FOR_INTERRUPTS();
		flags[i] = 0;
		d = WinGetFuncArgInPartition(winobj, 0, i, WINDOW_SEEK_HEAD, false,
									 &isnull, &isout);
		if (isnull || isout)
		{
			flags[i] = SHRUNK_NULL;
			continue;
		}
		st = (const SmRatioCi *) DatumGetPointer(d);
		if (st->s.n < 1 || sm_exact_sign(&st->s.d) <= 0)
			continue;
		r[i] = sm_ratio_ci_rate(st);
		flags[i] = SHRUNK_HAS_RATE;
		if (st->s.n < 2)
			continue;
		v[i] = sm_ratio_ci_se(st);
		v[i] *= v[i];
		if (!(v[i] > 0) || !isfinite(v[i]) || !isfinite(r[i]))
			continue;
		flags[i] |= SHRUNK_USABLE;
		ur[k] = r[i];
		uv[k] = v[i];
		k++;
	}
	if (k >= 2)
		sm_dersimonian_laird(k, ur, uv, &part->tau2, &part->rw);
	pfree(ur);
	pfree(uv);
	part->k = k;
	part->nrows = n;
	part->r = r;
	part->v = v;
	part->flags = flags;
	part->computed = true;
}

/*
 * engagement_rate_shrunk(state ratio_ci_state, confidence float8 = 0.95):
 * {estimate, low, high} of the current row (SPEC 4c):
 *	 B_i = tau^2 / (tau^2 + v_i), estimate = R_w + B_i (R_i - R_w),
 *	 interval estimate -+ z sqrt(B_i v_i);
 * a row outside the pool (n < 2 or v = 0) gets {R_w, NULL, NULL}; with
 * fewer than 2 usable rows in the partition, {R_i, NULL, NULL} (NULL
 * elements where there is no rate); a NULL state gives NULL.
 */
Datum
engagement_rate_shrunk(PG_FUNCTION_ARGS)
{
	WindowObject winobj = PG_WINDOW_OBJECT();
	ShrunkPartition *part;
	double		conf = SM_DEFAULT_CONFIDENCE;
	int64		pos;
	uint8		f;
	Datum		val[3];
	bool		nulls[3] = {false, true, true};
	int			dims[1] = {3};
	int			lbs[1] = {1};
	int			i;

	if (PG_NARGS() >= 2)
	{
		bool		isnull;
		Datum		d = WinGetFuncArgCurrent(winobj, 1, &isnull);

		if (isnull)
			PG_RETURN_NULL();
		conf = DatumGetFloat8(d);
		sm_check_confidence(conf);
	}
	part = (ShrunkPartition *)
		WinGetPartitionLocalMemory(winobj, sizeof(ShrunkPartition));
	if (!part->computed)
		ShrunkCompute(winobj, part);
	pos = WinGetCurrentPosition(winobj);
	if (pos < 0 || pos >= part->nrows)
		elog(ERROR, "engagement_rate_shrunk: row %lld outside its partition",
			 (long long) pos);
	f = part->flags[pos];
	if (f & SHRUNK_NULL)
		PG_RETURN_NULL();
	if (part->k < 2)
	{
		/* nothing to pool: the raw rate, no interval */
		if (f & SHRUNK_HAS_RATE)
			val[0] = Float8GetDatum(part->r[pos]);
		else
			nulls[0] = true;
	}
	else if (!(f & SHRUNK_USABLE))
		val[0] = Float8GetDatum(part->rw);
	else
	{
		double		vi = part->v[pos];
		double		b = part->tau2 / (part->tau2 + vi);
		double		est = part->rw + b * (part->r[pos] - part->rw);
		double		half = sm_norm_crit(conf) * sqrt(b * vi);
		double		out[3] = {est, est - half, est + half};

		for (i = 0; i < 3; i++)
		{
			if (unlikely(!isfinite(out[i])))
				ereport(ERROR,
						(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
						 errmsg("value out of range: overflow"),
						 errdetail("A bound computed by engagement_rate_shrunk overflows double precision.")));
			val[i] = Float8GetDatum(out[i]);
			nulls[i] = false;
		}
	}
	PG_RETURN_ARRAYTYPE_P(construct_md_array(val, nulls, 1, dims, lbs,
											 FLOAT8OID, sizeof(float8),
											 FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
}
