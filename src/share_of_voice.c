/*-------------------------------------------------------------------------
 *
 * share_of_voice.c
 *	  Share of voice and net sentiment (doc/design.md section 10).
 *
 *	  share_of_voice(brand, focus)			count(brand = focus) / count(*)
 *	  share_of_voice(brand, focus, weight)	sum(weight where brand = focus)
 *											/ sum(weight)
 *	  net_sentiment(sentiment)				(positive - negative)
 *											/ (positive + negative)
 *
 *	  The counted forms keep exact int64 counts in an int8_ratio_state
 *	  (net_sentiment keeps positive - negative and positive + negative, so
 *	  all three share one final function); the weighted form keeps exact
 *	  fixed-point sums in a float8_ratio_state.  Rows with a NULL argument
 *	  are skipped (STRICT transition functions with an INITCOND).
 *
 *	  Brand comparison follows the input collation: for a deterministic
 *	  collation (the default, C, ICU without strength settings), equality is
 *	  byte equality, which is what texteq does too, so it is done inline;
 *	  for a nondeterministic collation (case- or accent-insensitive ICU),
 *	  core's texteq decides.  The collation's kind, and the focus brand when
 *	  it is a constant, are looked up once per query and cached in fn_extra.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"
#include "compat.h"

#include <math.h>

#include "common/int.h"
#include "fmgr.h"
#include "nodes/primnodes.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "errtext.h"
#include "state_io.h"

PG_FUNCTION_INFO_V1(share_of_voice_transfn);
PG_FUNCTION_INFO_V1(share_of_voice_inv);
PG_FUNCTION_INFO_V1(share_of_voice_weighted_transfn);
PG_FUNCTION_INFO_V1(share_of_voice_weighted_inv);
PG_FUNCTION_INFO_V1(net_sentiment_transfn);
PG_FUNCTION_INFO_V1(net_sentiment_inv);

/*
 * Per-call-site cache (fn_extra), built on the first row: the input
 * collation's kind and, when the focus argument is a plan constant (the
 * usual share_of_voice(brand, 'acme')), its bytes, so that each row costs
 * one length test and one memcmp.
 */
typedef struct BrandCache
{
	Oid			collid;
	bool		bytewise;		/* deterministic: equality is byte equality */
	bool		focus_const;	/* focus_data holds the constant focus */
	Size		focus_len;
	char		focus_data[FLEXIBLE_ARRAY_MEMBER];
} BrandCache;

static BrandCache *
BrandCacheInit(FunctionCallInfo fcinfo)
{
	Oid			collid = PG_GET_COLLATION();
	Aggref	   *aggref = AggGetAggref(fcinfo);
	text	   *focus = NULL;
	BrandCache *bc;
	Size		len = 0;

	/* the focus is the aggregate's second argument */
	if (aggref != NULL && list_length(aggref->args) >= 2)
	{
		TargetEntry *te = lsecond_node(TargetEntry, aggref->args);

		if (IsA(te->expr, Const) && !((Const *) te->expr)->constisnull)
		{
			focus = DatumGetTextPP(((Const *) te->expr)->constvalue);
			len = VARSIZE_ANY_EXHDR(focus);
		}
	}

	if (fcinfo->flinfo->fn_extra != NULL)
		pfree(fcinfo->flinfo->fn_extra);
	bc = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt,
							offsetof(BrandCache, focus_data) + len);
	bc->collid = collid;
	bc->bytewise = !OidIsValid(collid) || get_collation_isdeterministic(collid);
	bc->focus_const = focus != NULL;
	bc->focus_len = len;
	if (focus != NULL)
		memcpy(bc->focus_data, VARDATA_ANY(focus), len);
	fcinfo->flinfo->fn_extra = bc;
	return bc;
}

/*
 * Does brand (argument 1) equal focus (argument 2) under the input
 * collation?  Without a collation (InvalidOid: only possible with
 * conflicting implicit collations) byte equality is used, which is what
 * every deterministic collation means by equality.
 */
static inline bool
BrandIsFocus(FunctionCallInfo fcinfo)
{
	BrandCache *bc = (BrandCache *) fcinfo->flinfo->fn_extra;
	struct varlena *brand = (struct varlena *) PG_GETARG_POINTER(1);
	text	   *focus;
	Size		len;

	if (unlikely(bc == NULL || bc->collid != PG_GET_COLLATION()))
		bc = BrandCacheInit(fcinfo);

	/* PG_GETARG_TEXT_PP(1), inlined for the common short, plain datum */
	if (unlikely(VARATT_IS_COMPRESSED(brand) || VARATT_IS_EXTERNAL(brand)))
		brand = pg_detoast_datum_packed(brand);
	len = VARSIZE_ANY_EXHDR(brand);

	if (likely(bc->bytewise))
	{
		if (likely(bc->focus_const))
			return len == bc->focus_len &&
				memcmp(VARDATA_ANY(brand), bc->focus_data, len) == 0;
		focus = PG_GETARG_TEXT_PP(2);
		return len == VARSIZE_ANY_EXHDR(focus) &&
			memcmp(VARDATA_ANY(brand), VARDATA_ANY(focus), len) == 0;
	}
	return DatumGetBool(DirectFunctionCall2Coll(texteq, bc->collid,
												PointerGetDatum(brand),
												PG_GETARG_DATUM(2)));
}

/* ----------------------------------------------------------------------
 * share_of_voice(brand, focus): counts
 * ---------------------------------------------------------------------- */

static inline Datum
ShareOfVoiceCount(FunctionCallInfo fcinfo, int64 step)
{
	SmInt8Ratio *st;
	int64		hit;

	SM_TRANS_SKIP_NULLS(2);
	st = sm_state_for_update(fcinfo, sizeof(SmInt8Ratio));
	hit = BrandIsFocus(fcinfo) ? step : 0;

	if (unlikely(pg_add_s64_overflow(st->num, hit, &st->num) |
				 pg_add_s64_overflow(st->den, step, &st->den)))
		sm_int64_overflow_error("share_of_voice", false);
	PG_RETURN_POINTER(st);
}

/* (state int8_ratio_state, brand text, focus text) */
Datum
share_of_voice_transfn(PG_FUNCTION_ARGS)
{
	return ShareOfVoiceCount(fcinfo, 1);
}

Datum
share_of_voice_inv(PG_FUNCTION_ARGS)
{
	return ShareOfVoiceCount(fcinfo, -1);
}

/* ----------------------------------------------------------------------
 * share_of_voice(brand, focus, weight): exact weighted sums
 * ---------------------------------------------------------------------- */

static inline Datum
ShareOfVoiceWeighted(FunctionCallInfo fcinfo, bool remove)
{
	SmExactRatio *st;
	float8		w;

	SM_TRANS_SKIP_NULLS(3);
	st = sm_state_for_update(fcinfo, sizeof(SmExactRatio));
	w = PG_GETARG_FLOAT8(3);

	if (unlikely(!isfinite(w)))
		sm_not_finite_error("share_of_voice", "weight", w);
	if (unlikely(w < 0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("weight of share_of_voice must not be negative"),
				 errdetail("A row has weight %s.", sm_double_text(w)),
				 errhint("Weights are mentions, engagements or reach; "
						 "measure negative sentiment with net_sentiment() "
						 "or pass a non-negative weight such as "
						 "greatest(w, 0).")));
	if (unlikely(sm_exact_below_step(w)))
		sm_exact_underflow_error("share_of_voice", "weight", w);
	if (unlikely(!sm_exact_add_double(&st->den, w, remove)))
		sm_exact_overflow_error("share_of_voice");
	if (BrandIsFocus(fcinfo) &&
		unlikely(!sm_exact_add_double(&st->num, w, remove)))
		sm_exact_overflow_error("share_of_voice");
	PG_RETURN_POINTER(st);
}

/* (state float8_ratio_state, brand text, focus text, weight float8) */
Datum
share_of_voice_weighted_transfn(PG_FUNCTION_ARGS)
{
	return ShareOfVoiceWeighted(fcinfo, false);
}

Datum
share_of_voice_weighted_inv(PG_FUNCTION_ARGS)
{
	return ShareOfVoiceWeighted(fcinfo, true);
}

/* ----------------------------------------------------------------------
 * net_sentiment(sentiment): state (positive - negative, positive + negative)
 * ---------------------------------------------------------------------- */

static inline Datum
NetSentiment(FunctionCallInfo fcinfo, int64 step)
{
	SmInt8Ratio *st;
	float8		s;
	int64		sign;

	SM_TRANS_SKIP_NULLS(1);
	st = sm_state_for_update(fcinfo, sizeof(SmInt8Ratio));
	s = PG_GETARG_FLOAT8(1);

	/* only the sign counts: +-Infinity are fine, NaN has none */
	if (unlikely(isnan(s)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("sentiment of net_sentiment must not be NaN"),
				 errhint("Filter such rows out, e.g. WHERE sentiment <> 'NaN'.")));
	sign = (s > 0) - (s < 0);
	if (sign != 0 &&
		unlikely(pg_add_s64_overflow(st->num, sign * step, &st->num) |
				 pg_add_s64_overflow(st->den, step, &st->den)))
		sm_int64_overflow_error("net_sentiment", false);
	PG_RETURN_POINTER(st);
}

/* (state int8_ratio_state, sentiment float8) */
Datum
net_sentiment_transfn(PG_FUNCTION_ARGS)
{
	return NetSentiment(fcinfo, 1);
}

Datum
net_sentiment_inv(PG_FUNCTION_ARGS)
{
	return NetSentiment(fcinfo, -1);
}
