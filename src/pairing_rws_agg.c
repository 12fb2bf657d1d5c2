/*-------------------------------------------------------------------------
 *
 * pairing_rws_agg.c
 *	  The reply_wait_sketch aggregate: its transition entry point (the work
 *	  is rws_transition's), combine and final functions over the state of
 *	  pairing_rws_state.c.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"
#include "compat.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/expandeddatum.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "errtext.h"
#include "pairing.h"
#include "pairing_ids.h"
#include "pairing_reply_wait.h"
#include "pairing_rws.h"
#include "pairing_table.h"
#include "sketch_pg.h"

PG_FUNCTION_INFO_V1(reply_wait_sketch_transfn);
PG_FUNCTION_INFO_V1(reply_wait_sketch_combine);
PG_FUNCTION_INFO_V1(reply_wait_sketch_finalfn);

/*
 * reply_wait_sketch_transfn(state, conversation bigint|text|uuid, at,
 * from_brand [, mode]): appends one message (rws_transition).
 */
Datum
reply_wait_sketch_transfn(PG_FUNCTION_ARGS)
{
	return rws_transition(fcinfo);
}

/* reply_wait_sketch_combine(a, b): the messages of both. */
Datum
reply_wait_sketch_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	bool		in_agg = AggCheckCallContext(fcinfo, &aggcxt) != 0;
	RwsExpanded *a;

	if (PG_ARGISNULL(1))
		return sm_pairing_keep_state(fcinfo);
	if (PG_ARGISNULL(0))
		a = rws_copy(PG_GETARG_DATUM(1), in_agg ? aggcxt : NULL);
	else
	{
		if (in_agg && (a = rws_as_expanded(PG_GETARG_DATUM(0))) != NULL &&
			VARATT_IS_EXTERNAL_EXPANDED_RW(DatumGetPointer(PG_GETARG_DATUM(0))))
			 /* ours, in place */ ;
		else
			a = rws_copy(PG_GETARG_DATUM(0), in_agg ? aggcxt : NULL);
		rws_add_all(a, PG_GETARG_DATUM(1));
	}
	PG_RETURN_DATUM(sm_pairing_return(&a->hdr, in_agg));
}

static void
EmitToSketch(void *arg, uint64 wait_us)
{
	SmSketch  **sk = (SmSketch **) arg;

	*sk = sm_pg_sketch_add(*sk, (double) wait_us / USECS_PER_SEC);
}

/*
 * Final function: the quantile sketch (default relative error) of the
 * waits; NULL when no customer message was answered.  Reads the state only.
 */
Datum
reply_wait_sketch_finalfn(PG_FUNCTION_ARGS)
{
	Datum		d = PG_GETARG_DATUM(0);
	RwsExpanded *x = rws_as_expanded(d);
	SmSketch   *sk = sm_pg_sketch_new(SM_K_DEFAULT);
	struct varlena *result;

	if (x)
	{
		RwsGrouped	g;
		uint64		i;

		rws_group(x, &g);
		for (i = 0; i < x->table.nused; i++)
		{
			uint64		c0 = g.start[2 * i];
			uint64		b0 = g.start[2 * i + 1];

			SM_INTERRUPT_EVERY(i);
			sm_reply_waits(g.times + c0, b0 - c0, g.times + b0,
						   g.start[2 * i + 2] - b0, x->mode, EmitToSketch, &sk);
		}
		pfree(g.start);
		pfree(g.times);
	}
	else
	{
		const RwsFlat *f = (const RwsFlat *) PG_DETOAST_DATUM(d);
		SmConvCursor it;
		RwsItem		item;

		rws_iter_init(&it, f);
		while (rws_iter_next(&it, &item))
			sm_reply_waits(item.customer, item.ncustomer, item.brand,
						   item.nbrand, (SmReplyWaitMode) f->mode,
						   EmitToSketch, &sk);
	}
	result = sm_pg_sketch_finalize(sk);
	if (result == NULL)
		PG_RETURN_NULL();
	PG_RETURN_POINTER(result);
}
