/*-------------------------------------------------------------------------
 *
 * state_io.h
 *	  The named transition-state types shared by the ratio aggregates
 *	  (engagement rate, share of voice, net sentiment), and the helpers
 *	  their transition functions use.
 *
 *	  Three fixed-length, pass-by-reference types cover every aggregate:
 *
 *	  int8_ratio_state	 (num bigint, den bigint): exact integer sums;
 *						 result num / den when den > 0.  Used by
 *						 engagement_rate_agg(bigint, bigint), share_of_voice
 *						 counted in mentions, and net_sentiment, which keeps
 *						 (positive - negative, positive + negative).
 *	  float8_ratio_state (num, den) as exact fixed-point sums (exactsum.h);
 *						 result num / den when den > 0.  Used by
 *						 engagement_rate_agg(float8, float8) and weighted
 *						 share_of_voice.
 *	  float8_mean_state	 (n bigint, sum exact): result sum / n when n > 0.
 *						 Used by both avg_engagement_rate variants.
 *
 *	  One type per shape rather than one per aggregate: the aggregates that
 *	  share a type share its combine function, final function and I/O, and
 *	  a type's invariants (den >= 0, n >= 0) hold for all of them.
 *
 *	  The on-disk layout is the C struct (fixed length, so a layout change
 *	  would need a new type anyway); the binary send format starts with a
 *	  version byte so that a later reader can still accept today's bytes.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SM_STATE_IO_H
#define SM_STATE_IO_H

#include "compat.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "nodes/nodes.h"

#include "exactsum.h"

typedef struct SmInt8Ratio
{
	int64		num;
	int64		den;
} SmInt8Ratio;

typedef struct SmExactRatio
{
	SmExact		num;
	SmExact		den;
} SmExactRatio;

typedef struct SmExactMean
{
	int64		n;
	SmExact		sum;
} SmExactMean;

/*
 * Sizes of the three types, in bytes.  Each is the INTERNALLENGTH of its
 * CREATE TYPE (sql/10_states prints pg_type.typlen, so a mismatch with the
 * install script fails the regression test) and the length of its binary
 * form after the version byte (every field is sent at its full width).
 * The asserts tie them to the C structs: a struct that grows, or gains
 * padding, no longer compiles.
 */
#define SM_INT8_RATIO_STATE_SIZE	16	/* num, den: int64 */
#define SM_FLOAT8_RATIO_STATE_SIZE	64	/* num, den: SmExact */
#define SM_FLOAT8_MEAN_STATE_SIZE	40	/* n: int64, sum: SmExact */

StaticAssertDecl(sizeof(SmExact) == SM_EXACT_LIMBS * sizeof(int64),
				 "SmExact must be its limbs, without padding");
StaticAssertDecl(sizeof(SmInt8Ratio) == SM_INT8_RATIO_STATE_SIZE &&
				 SM_INT8_RATIO_STATE_SIZE == 2 * sizeof(int64),
				 "int8_ratio_state: struct, INTERNALLENGTH and binary form disagree");
StaticAssertDecl(sizeof(SmExactRatio) == SM_FLOAT8_RATIO_STATE_SIZE &&
				 SM_FLOAT8_RATIO_STATE_SIZE == 2 * sizeof(SmExact),
				 "float8_ratio_state: struct, INTERNALLENGTH and binary form disagree");
StaticAssertDecl(sizeof(SmExactMean) == SM_FLOAT8_MEAN_STATE_SIZE &&
				 SM_FLOAT8_MEAN_STATE_SIZE == sizeof(int64) + sizeof(SmExact),
				 "float8_mean_state: struct, INTERNALLENGTH and binary form disagree");

/* version byte at the start of every binary (send/recv) state */
#define SM_STATE_BINARY_VERSION 1

extern void *sm_state_copy(const void *state, Size size);

/*
 * NULL handling of every transition and inverse transition function.  They
 * are declared without STRICT on purpose: with STRICT the executor runs a
 * separate strict-input-check step per row and aggregate, which costs more
 * (about 20 instructions per row, measured with callgrind) than these tests.
 * The behaviour is the one STRICT plus an INITCOND gives: a row with a NULL
 * input is skipped, pairwise (the state is returned unchanged), and a NULL
 * state, only possible in a direct call, gives NULL.
 */
#define SM_TRANS_SKIP_NULLS(nargs) \
	do { \
		if (unlikely(PG_ARGISNULL(0))) \
			PG_RETURN_NULL(); \
		for (int sm_arg_ = 1; sm_arg_ <= (nargs); sm_arg_++) \
			if (unlikely(PG_ARGISNULL(sm_arg_))) \
				PG_RETURN_DATUM(PG_GETARG_DATUM(0)); \
	} while (0)

/*
 * The transition state to update: the argument itself when called as an
 * aggregate (the executor owns it, in the aggregate's memory context, and
 * lets the transition function change it in place, as core's float8_accum
 * does), else a copy, since a direct SQL call must not change its input.
 *
 * The test is AggCheckCallContext()'s, inlined: it runs once per row, and
 * the out-of-line call was a measurable share of the per-row cost.
 */
static inline void *
sm_state_for_update(FunctionCallInfo fcinfo, Size size)
{
	if (likely(fcinfo->context != NULL &&
			   (IsA(fcinfo->context, AggState) ||
				IsA(fcinfo->context, WindowAggState))))
		return PG_GETARG_POINTER(0);
	return sm_state_copy(PG_GETARG_POINTER(0), size);
}

/*
 * Binary input of the fixed-size states: the version byte and exactly
 * `payload` bytes after it (22P03 otherwise), and the error for bad bytes.
 */
extern void sm_state_recv_header(StringInfo buf, int payload, const char *type);
pg_noreturn extern void sm_state_recv_invalid(const char *type, const char *why);

pg_noreturn extern void sm_int64_overflow_error(const char *func,
												bool cast_hint);
pg_noreturn extern void sm_exact_overflow_error(const char *func);
pg_noreturn extern void sm_exact_underflow_error(const char *func,
												 const char *arg,
												 double value);
pg_noreturn extern void sm_support_function_error(const char *func,
												  const char *aggregate,
												  const char *detail);
pg_noreturn extern void sm_not_finite_error(const char *func, const char *arg,
											double value);

#endif							/* SM_STATE_IO_H */
