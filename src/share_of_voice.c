/*-------------------------------------------------------------------------
 *
 * share_of_voice.c
 *	  Share of voice and net sentiment (SPEC section 4).
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
 *	  core's texteq decides.  The collation's kind is looked up once per
 *	  query and cached in fn_extra.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "common/int.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "state_io.h"

PG_FUNCTION_INFO_V1(share_of_voice_transfn);
PG_FUNCTION_INFO_V1(share_of_voice_inv);
PG_FUNCTION_INFO_V1(share_of_voice_weighted_transfn);
PG_FUNCTION_INFO_V1(share_of_voice_weighted_inv);
PG_FUNCTION_INFO_V1(net_sentiment_transfn);
PG_FUNCTION_INFO_V1(net_sentiment_inv);

/* per-call-site cache of the input collation's kind (fn_extra) */
typedef struct BrandCollation
{
	Oid			collid;
	bool		bytewise;		/* deterministic: equality is byte equality */
} BrandCollation;

/*
 * Does brand (argument 1) equal focus (argument 2) under the input
 * collation?  Without a collation (InvalidOid: only possible with
 * conflicting implicit collations) byte equality is used, which is what
 * every deterministic collation means by equality.
 */
static inline bool
BrandIsFocus(FunctionCallInfo fcinfo)
{
	BrandCollation *bc = (BrandCollation *) fcinfo->flinfo->fn_extra;
	Oid			collid = PG_GET_COLLATION();
	text	   *brand = PG_GETARG_TEXT_PP(1);
	text	   *focus = PG_GETARG_TEXT_PP(2);
	Size		len;

	if (unlikely(bc == NULL || bc->collid != collid))
	{
		if (bc == NULL)
		{
			bc = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt,
									sizeof(BrandCollation));
			fcinfo->flinfo->fn_extra = bc;
		}
		bc->collid = collid;
		bc->bytewise = !OidIsValid(collid) ||
			get_collation_isdeterministic(collid);
	}

	if (bc->bytewise)
	{
		len = VARSIZE_ANY_EXHDR(brand);
		return len == VARSIZE_ANY_EXHDR(focus) &&
			memcmp(VARDATA_ANY(brand), VARDATA_ANY(focus), len) == 0;
	}
	return DatumGetBool(DirectFunctionCall2Coll(texteq, collid,
												PointerGetDatum(brand),
												PointerGetDatum(focus)));
}

/* ----------------------------------------------------------------------
 * share_of_voice(brand, focus): counts
 * ---------------------------------------------------------------------- */

static inline Datum
ShareOfVoiceCount(FunctionCallInfo fcinfo, int64 step)
{
	SmInt8Ratio *st = sm_state_for_update(fcinfo, sizeof(SmInt8Ratio));
	int64		hit = BrandIsFocus(fcinfo) ? step : 0;

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
	SmExactRatio *st = sm_state_for_update(fcinfo, sizeof(SmExactRatio));
	float8		w = PG_GETARG_FLOAT8(3);

	if (unlikely(!isfinite(w)))
		sm_not_finite_error("share_of_voice", "weight", w);
	if (unlikely(w < 0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("weight of share_of_voice must not be negative"),
				 errdetail("A row has weight %g.", w),
				 errhint("Weights are mentions, engagements or reach; "
						 "measure negative sentiment with net_sentiment() "
						 "or pass a non-negative weight such as "
						 "greatest(w, 0).")));
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
	SmInt8Ratio *st = sm_state_for_update(fcinfo, sizeof(SmInt8Ratio));
	float8		s = PG_GETARG_FLOAT8(1);
	int64		sign;

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
