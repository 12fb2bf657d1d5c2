/*-------------------------------------------------------------------------
 *
 * pairing_rws_agg.c
 *	  The reply_wait_sketch aggregate: its transition, combine and final
 *	  functions over the state of pairing_rws_state.c.
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

/* ---------- aggregate support ---------- */

typedef struct RwsCall
{
	SmConvKind	kind;
	SmReplyWaitMode mode;		/* the mode last parsed, */
	int			mode_len;		/* of these bytes (-1: none yet) */
	char		mode_text[16];	/* every valid mode name fits */
} RwsCall;

/*
 * reply_wait_sketch_transfn(state, conversation bigint|text|uuid, at,
 * from_brand [, mode]): appends one message.  Rows with a NULL
 * conversation, time, sender or mode are skipped.
 */
Datum
reply_wait_sketch_transfn(PG_FUNCTION_ARGS)
{
	RwsCall    *call = (RwsCall *) fcinfo->flinfo->fn_extra;
	MemoryContext aggcxt;
	bool		in_agg;
	RwsExpanded *x;
	TimestampTz at;
	SmReplyWaitMode mode = SM_RW_BLOCK_START;
	int64		id = 0;
	const char *key = NULL;
	uint32		len = 0;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3) ||
		(PG_NARGS() > 4 && PG_ARGISNULL(4)))
		return sm_pairing_keep_state(fcinfo);
	if (unlikely(call == NULL))
	{
		call = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(RwsCall));
		call->mode_len = -1;
		call->kind = sm_conv_arg_kind(fcinfo, 1, "reply_wait_sketch");
		fcinfo->flinfo->fn_extra = call;
	}
	at = PG_GETARG_TIMESTAMPTZ(2);
	sm_pairing_check_time(at, "reply_wait_sketch");
	if (PG_NARGS() > 4)
	{
		text	   *t = PG_GETARG_TEXT_PP(4);
		int			tlen = VARSIZE_ANY_EXHDR(t);

		/*
		 * Parse the mode only when its bytes change.  Not by datum pointer:
		 * the rows of a sorted input (ORDER BY in the aggregate) reuse one
		 * buffer, so different modes can come at the same address.
		 */
		if (tlen != call->mode_len || memcmp(VARDATA_ANY(t), call->mode_text, tlen) != 0)
		{
			call->mode = sm_reply_wait_mode(t, "reply_wait_sketch");
			StaticAssertStmt(sizeof(call->mode_text) >= sizeof("block_start"), "mode names fit");
			Assert(tlen <= (int) sizeof(call->mode_text));
			memcpy(call->mode_text, VARDATA_ANY(t), tlen);
			call->mode_len = tlen;
		}
		mode = call->mode;
	}

	in_agg = AggCheckCallContext(fcinfo, &aggcxt) != 0;
	if (PG_ARGISNULL(0))
		x = rws_new(in_agg ? aggcxt : NULL, call->kind, mode);
	else if (in_agg && (x = rws_expanded_of(PG_GETARG_DATUM(0))) != NULL &&
			 VARATT_IS_EXTERNAL_EXPANDED_RW(DatumGetPointer(PG_GETARG_DATUM(0))))
		 /* ours, in place */ ;
	else
		x = rws_copy(PG_GETARG_DATUM(0), in_agg ? aggcxt : NULL);
	/* reachable from SQL: the transition function called with a state built for another id type */
	if (unlikely(x->mode != mode || x->table.kind != call->kind))
		rws_mismatch(x, call->kind, mode);

	sm_conv_arg_id(fcinfo, 1, call->kind, &id, &key, &len);
	rws_add_row(x, id, key, len, at, PG_GETARG_BOOL(3), in_agg);
	PG_RETURN_DATUM(sm_pairing_return(&x->hdr, in_agg));
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
