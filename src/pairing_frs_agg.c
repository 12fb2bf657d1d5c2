/*-------------------------------------------------------------------------
 *
 * pairing_frs_agg.c
 *	  The aggregates first_reply_sketch, unanswered_count,
 *	  unanswered_share, sla_attainment and sla_counts: their transition
 *	  entry points (the work is frs_transition's), combine and final
 *	  functions over the state of pairing_frs_state.c.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"
#include "compat.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "common/shortest_dec.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/expandeddatum.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "errtext.h"
#include "business_time.h"
#include "pairing.h"
#include "pairing_frs.h"
#include "pairing_ids.h"
#include "pairing_table.h"
#include "sketch_pg.h"
#include "state_io.h"

PG_FUNCTION_INFO_V1(first_reply_sketch_transfn);
PG_FUNCTION_INFO_V1(sla_attainment_transfn);
PG_FUNCTION_INFO_V1(first_reply_sketch_combine);
PG_FUNCTION_INFO_V1(first_reply_sketch_finalfn);
PG_FUNCTION_INFO_V1(unanswered_count_finalfn);
PG_FUNCTION_INFO_V1(unanswered_share_finalfn);
PG_FUNCTION_INFO_V1(sla_attainment_finalfn);

/* ---------- parameters: target and calendar ---------- */

static inline bool
SameCalendar(const struct varlena *a, const struct varlena *b)
{
	if (a == b)
		return true;
	if (a == NULL || b == NULL)
		return false;
	/* calendars are canonical: equal calendars have equal bytes */
	return VARSIZE_ANY(a) == VARSIZE_ANY(b) &&
		memcmp(a, b, VARSIZE_ANY(a)) == 0;
}

/* Same params, or 22023: for combining two states. */
static void
CheckSameParams(SmConvKind akind, uint8 aopts, double atarget,
				const struct varlena *acalendar,
				SmConvKind kind, uint8 opts, double target,
				const struct varlena *calendar)
{
	if (akind != kind)
		frs_different_params("type of conversation id");
	if (aopts != opts || ((opts & FRS_OPT_TARGET) && atarget != target))
		frs_different_params("target");
	if (!SameCalendar(acalendar, calendar))
		frs_different_params("calendar");
}


/*
 * first_reply_sketch_transfn(state, conversation, at, from_brand
 * [, calendar]): first_reply_sketch, unanswered_count, unanswered_share.
 */
Datum
first_reply_sketch_transfn(PG_FUNCTION_ARGS)
{
	return frs_transition(fcinfo, false);
}

/* sla_attainment_transfn(state, conversation, at, from_brand, target [, calendar]) */
Datum
sla_attainment_transfn(PG_FUNCTION_ARGS)
{
	return frs_transition(fcinfo, true);
}

/*
 * first_reply_sketch_combine(a, b): the state of the messages of a and b
 * together; a conversation present in both is merged (parallel workers and
 * Citus shards may each hold part of it), counting against the same
 * ceiling as the transition.  In an aggregate, flat states (the workers'
 * states at a parallel plan's leader, a Citus coordinator's shard states)
 * are kept whole and merged in one pass when the group's state is read
 * (frs_add_pending); outside one, two flat states are merged in one pass
 * (frs_merge_flat).  Otherwise b's conversations are added to an expanded
 * a, in place when a is ours.
 */
Datum
first_reply_sketch_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	bool		in_agg = AggCheckCallContext(fcinfo, &aggcxt) != 0;
	FrsExpanded *a;
	FrsExpanded *ax;
	const FrsFlat *af;
	FrsExpanded *bx;
	const FrsFlat *bf;
	SmConvKind	kind;
	uint8		opts;
	double		target;
	struct varlena *calendar;

	if (PG_ARGISNULL(1))
		return sm_pairing_keep_state(fcinfo);
	frs_view_state(PG_GETARG_DATUM(1), &bx, &bf);
	if (PG_ARGISNULL(0))
	{
		/*
		 * A flat state is kept whole, pending (frs_add_pending): the next
		 * flat ones join it, and all are merged in one pass when the state
		 * is read.  Its conversations are checked then.
		 */
		if (in_agg && bf)
		{
			a = frs_new_pending(aggcxt, bf);
			PG_RETURN_DATUM(EOHPGetRWDatum(&a->hdr));
		}
		a = frs_copy(PG_GETARG_DATUM(1), in_agg ? aggcxt : NULL);
		PG_RETURN_DATUM(sm_pairing_return(&a->hdr, in_agg));
	}
	frs_state_params(bx, bf, &kind, &opts, &target, &calendar);
	if (in_agg && (a = frs_as_expanded(PG_GETARG_DATUM(0))) != NULL &&
		VARATT_IS_EXTERNAL_EXPANDED_RW(DatumGetPointer(PG_GETARG_DATUM(0))))
	{
		/* ours, in place (queued rows, if any, can wait) */
		if (a->npending > 0 && bf)
		{
			CheckSameParams(a->table.kind, a->opts, a->target, a->calendar,
							kind, opts, target, calendar);
			frs_add_pending(a, bf);
			PG_RETURN_DATUM(PG_GETARG_DATUM(0));
		}
	}
	else
	{
		frs_view_state(PG_GETARG_DATUM(0), &ax, &af);
		if (af && bf)
		{
			SmConvKind	akind;
			uint8		aopts;
			double		atarget;
			struct varlena *acalendar;
			const FrsFlat *r;

			frs_state_params(NULL, af, &akind, &aopts, &atarget, &acalendar);
			CheckSameParams(akind, aopts, atarget, acalendar,
							kind, opts, target, calendar);
			r = frs_merge_flat(af, bf);
			if (r)
				PG_RETURN_POINTER(r);
		}
		a = frs_copy(PG_GETARG_DATUM(0), in_agg ? aggcxt : NULL);
	}
	CheckSameParams(a->table.kind, a->opts, a->target, a->calendar,
					kind, opts, target, calendar);
	frs_add_state(a, bx, bf);
	PG_RETURN_DATUM(sm_pairing_return(&a->hdr, in_agg));
}

/* ---------- final functions ---------- */

/* Waits in business seconds: business_seconds() with a cached zone. */
typedef struct FrsWaits
{
	struct varlena *calendar;
	void	   *zone_cache;		/* sm_business_seconds's */
	MemoryContext cxt;			/* where it lives */
} FrsWaits;

static void
WaitsInit(FrsWaits *w, struct varlena *calendar)
{
	w->calendar = calendar;
	w->zone_cache = NULL;
	w->cxt = CurrentMemoryContext;
}

/* The first-reply wait in seconds; false when unanswered. */
static bool
WaitSeconds(FrsWaits *w, const SmPairing *p, double *seconds)
{
	uint64		wait_us;

	if (!sm_pairing_result(p, &wait_us))
		return false;
	if (w->calendar)
		*seconds = sm_business_seconds(w->calendar, p->customer, p->reply,
									   &w->zone_cache, w->cxt);
	else
		*seconds = (double) wait_us / USECS_PER_SEC;
	return true;
}

typedef struct SketchAcc
{
	FrsWaits	waits;
	SmSketch   *sk;
} SketchAcc;

static void
SketchVisit(void *arg, const SmPairing *p, const int64 *early)
{
	SketchAcc  *acc = (SketchAcc *) arg;
	double		s;

	if (WaitSeconds(&acc->waits, p, &s))
		acc->sk = sm_pg_sketch_add(acc->sk, s);
}

/*
 * Final function of first_reply_sketch: the quantile sketch (default
 * relative error) of the first-reply seconds (business seconds with a
 * calendar) of the answered conversations, computed exactly as
 * first_reply_seconds computes them; NULL when none was answered.  Reads
 * the state only (window frames and shared states call it more than once).
 */
Datum
first_reply_sketch_finalfn(PG_FUNCTION_ARGS)
{
	FrsExpanded *x;
	const FrsFlat *f;
	SmConvKind	kind;
	uint8		opts;
	double		target;
	struct varlena *calendar;
	SketchAcc	acc;
	struct varlena *result;

	frs_read_state(PG_GETARG_DATUM(0), &x, &f);
	frs_state_params(x, f, &kind, &opts, &target, &calendar);
	WaitsInit(&acc.waits, calendar);
	acc.sk = sm_pg_sketch_new(SM_K_DEFAULT);
	frs_for_each(x, f, SketchVisit, &acc);
	result = sm_pg_sketch_finalize(acc.sk);
	if (result == NULL)
		PG_RETURN_NULL();
	PG_RETURN_POINTER(result);
}

typedef struct CountAcc
{
	FrsWaits	waits;
	double		target;
	int64		asked;
	int64		unanswered;
	int64		within;
} CountAcc;

static void
CountVisit(void *arg, const SmPairing *p, const int64 *early)
{
	CountAcc   *acc = (CountAcc *) arg;

	if (!(p->flags & SM_PAIR_HAS_CUSTOMER))
		return;
	acc->asked++;
	if (!(p->flags & SM_PAIR_HAS_REPLY))
		acc->unanswered++;
}

static void
SlaVisit(void *arg, const SmPairing *p, const int64 *early)
{
	CountAcc   *acc = (CountAcc *) arg;
	double		s;

	if (!(p->flags & SM_PAIR_HAS_CUSTOMER))
		return;
	acc->asked++;
	if (WaitSeconds(&acc->waits, p, &s) && s <= acc->target)
		acc->within++;
}

/*
 * Counts the conversations of a state: asked and unanswered, or with sla
 * those answered within the target, the state's own or, when target is
 * not NULL, that one.
 */
static void
Count(Datum d, CountAcc *acc, bool sla, const double *target)
{
	FrsExpanded *x;
	const FrsFlat *f;
	SmConvKind	kind;
	uint8		opts;
	struct varlena *calendar;

	memset(acc, 0, sizeof(*acc));
	frs_read_state(d, &x, &f);
	frs_state_params(x, f, &kind, &opts, &acc->target, &calendar);
	if (target)
		acc->target = *target;
	else if (sla && !(opts & FRS_OPT_TARGET))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("sla_attainment: the state has no target"),
				 errhint("Build the state with sla_attainment(conversation, at, from_brand, target_seconds), or pass the target: sla_attainment(state, target_seconds).")));
	WaitsInit(&acc->waits, calendar);
	frs_for_each(x, f, sla ? SlaVisit : CountVisit, acc);
}

/* {met, total} as bigint[]: what sla_counts returns. */
static ArrayType *
SlaCounts(const CountAcc *acc)
{
	Datum		counts[2];

	counts[0] = Int64GetDatum(acc->within);
	counts[1] = Int64GetDatum(acc->asked);
	return construct_array(counts, 2, INT8OID, sizeof(int64),
						   FLOAT8PASSBYVAL, TYPALIGN_DOUBLE);
}

/* unanswered_count: 0 over no rows, like count(). */
Datum
unanswered_count_finalfn(PG_FUNCTION_ARGS)
{
	CountAcc	acc;

	if (PG_ARGISNULL(0))
		PG_RETURN_INT64(0);
	Count(PG_GETARG_DATUM(0), &acc, false, NULL);
	PG_RETURN_INT64(acc.unanswered);
}

/* unanswered_share: NULL when no conversation has a customer message. */
Datum
unanswered_share_finalfn(PG_FUNCTION_ARGS)
{
	CountAcc	acc;

	Count(PG_GETARG_DATUM(0), &acc, false, NULL);
	if (acc.asked == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8((double) acc.unanswered / (double) acc.asked);
}

/*
 * sla_attainment: conversations with a customer message whose first reply
 * came within the target, over all conversations with a customer message
 * (unanswered ones are misses); NULL when there are none.
 */
Datum
sla_attainment_finalfn(PG_FUNCTION_ARGS)
{
	CountAcc	acc;

	Count(PG_GETARG_DATUM(0), &acc, true, NULL);
	if (acc.asked == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8((double) acc.within / (double) acc.asked);
}

/*
 * sla_counts: the two counts behind sla_attainment, as bigint[] {met,
 * total}, from the same state and the same count, so that met / total is
 * sla_attainment to the last bit and wilson_interval or
 * proportion_change_test take them without a recount.  Not STRICT: no rows
 * give {0, 0}, as count() gives 0.
 */
PG_FUNCTION_INFO_V1(sla_counts_finalfn);

Datum
sla_counts_finalfn(PG_FUNCTION_ARGS)
{
	CountAcc	acc;

	if (PG_ARGISNULL(0))
		memset(&acc, 0, sizeof(acc));
	else
		Count(PG_GETARG_DATUM(0), &acc, true, NULL);
	PG_RETURN_ARRAYTYPE_P(SlaCounts(&acc));
}


/* ---------- reading a first_reply_pairing state ---------- */

/*
 * sla_attainment(state, target_seconds) and sla_counts(state,
 * target_seconds): sla_attainment and sla_counts of the conversations of
 * any first-reply state at the target given here.  With first_reply_pairing
 * and first_reply_sketch(state) and unanswered_share(state) (the final
 * functions), one state gives the percentiles, the unanswered share and
 * the SLA attainment of the same conversations: PostgreSQL shares a state
 * only between aggregates with the same arguments, and sla_attainment's
 * target is one more, so the three aggregates kept two states and cost
 * 1.8x the sketch alone (issue 20, B2).
 */
PG_FUNCTION_INFO_V1(sla_attainment_of_state);
PG_FUNCTION_INFO_V1(sla_counts_of_state);

Datum
sla_attainment_of_state(PG_FUNCTION_ARGS)
{
	double		target = PG_GETARG_FLOAT8(1);
	CountAcc	acc;

	frs_check_target(target);
	Count(PG_GETARG_DATUM(0), &acc, true, &target);
	if (acc.asked == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8((double) acc.within / (double) acc.asked);
}

/* Not STRICT in the state: a NULL state (no rows) gives {0, 0}. */
Datum
sla_counts_of_state(PG_FUNCTION_ARGS)
{
	double		target;
	CountAcc	acc;

	if (PG_ARGISNULL(1))
		PG_RETURN_NULL();
	target = PG_GETARG_FLOAT8(1);
	frs_check_target(target);
	if (PG_ARGISNULL(0))
		memset(&acc, 0, sizeof(acc));
	else
		Count(PG_GETARG_DATUM(0), &acc, true, &target);
	PG_RETURN_ARRAYTYPE_P(SlaCounts(&acc));
}
