/*-------------------------------------------------------------------------
 *
 * citus_controls.c
 *	  Test helper (never installed) for test/95_citus.sh: the control that
 *	  proves the scale-out check can fail on Citus 14's binary split
 *	  (worker_binary_partial_agg ships a state through its send/recv).
 *
 *	  ctl_lossy_state holds a mean's running sum and count.  Its text form
 *	  is exact ("sum:count", the sum with 17 significant digits), its binary
 *	  form drops the count (recv sets it to 1).  An aggregate with this
 *	  state gives one node's answer when partial states travel as text
 *	  (Citus 13) and a different one when they travel in binary (Citus 14),
 *	  so the result comparison has something to catch.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"

PG_MODULE_MAGIC;

typedef struct CtlLossy
{
	double		sum;
	int64		n;
} CtlLossy;

PG_FUNCTION_INFO_V1(ctl_lossy_in);
PG_FUNCTION_INFO_V1(ctl_lossy_out);
PG_FUNCTION_INFO_V1(ctl_lossy_send);
PG_FUNCTION_INFO_V1(ctl_lossy_recv);
PG_FUNCTION_INFO_V1(ctl_lossy_sfunc);
PG_FUNCTION_INFO_V1(ctl_lossy_combine);
PG_FUNCTION_INFO_V1(ctl_lossy_final);

static CtlLossy *
NewState(double sum, int64 n)
{
	CtlLossy   *s = palloc(sizeof(CtlLossy));

	s->sum = sum;
	s->n = n;
	return s;
}

Datum
ctl_lossy_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	double		sum;
	long long	n;

	if (sscanf(str, "%lf:%lld", &sum, &n) != 2)
		ereport(ERROR, (errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
						errmsg("invalid input syntax for type ctl_lossy_state: \"%s\"", str)));
	PG_RETURN_POINTER(NewState(sum, (int64) n));
}

Datum
ctl_lossy_out(PG_FUNCTION_ARGS)
{
	CtlLossy   *s = (CtlLossy *) PG_GETARG_POINTER(0);

	PG_RETURN_CSTRING(psprintf("%.17g:%lld", s->sum, (long long) s->n));
}

Datum
ctl_lossy_send(PG_FUNCTION_ARGS)
{
	CtlLossy   *s = (CtlLossy *) PG_GETARG_POINTER(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendfloat8(&buf, s->sum);	/* the count is not sent: the defect */
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

Datum
ctl_lossy_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);

	PG_RETURN_POINTER(NewState(pq_getmsgfloat8(buf), 1));
}

Datum
ctl_lossy_sfunc(PG_FUNCTION_ARGS)
{
	CtlLossy   *s = (CtlLossy *) PG_GETARG_POINTER(0);

	if (PG_ARGISNULL(1))
		PG_RETURN_POINTER(NewState(s->sum, s->n));
	PG_RETURN_POINTER(NewState(s->sum + PG_GETARG_FLOAT8(1), s->n + 1));
}

Datum
ctl_lossy_combine(PG_FUNCTION_ARGS)
{
	CtlLossy   *a = (CtlLossy *) PG_GETARG_POINTER(0);
	CtlLossy   *b = (CtlLossy *) PG_GETARG_POINTER(1);

	PG_RETURN_POINTER(NewState(a->sum + b->sum, a->n + b->n));
}

Datum
ctl_lossy_final(PG_FUNCTION_ARGS)
{
	CtlLossy   *s = (CtlLossy *) PG_GETARG_POINTER(0);

	if (s->n == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(s->sum / s->n);
}
