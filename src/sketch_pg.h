/*-------------------------------------------------------------------------
 *
 * sketch_pg.h
 *	  Server-side helpers around sketch.h (implemented in sketch_pg.c),
 *	  shared by sketch_io.c, sketch_agg.c and other features that produce
 *	  sketches (reply pairing's first_reply_sketch).
 *
 *	  Building a quantile_sketch from C, e.g. in an aggregate's final
 *	  function:
 *
 *		SmSketch   *sk = sm_pg_sketch_new(SM_K_DEFAULT);
 *
 *		for (...)
 *			sk = sm_pg_sketch_add(sk, seconds);		(may move; ERROR 22023
 *													 on negative/NaN/inf)
 *		result = sm_pg_sketch_finalize(sk);		(NULL when empty)
 *		if (result == NULL) PG_RETURN_NULL();
 *		PG_RETURN_POINTER(result);
 *
 *	  Working sketches are palloc'd in CurrentMemoryContext; a function
 *	  that returns a different pointer leaves the old block in place (free
 *	  it, or let the memory context go).
 *
 *-------------------------------------------------------------------------
 */
#ifndef SM_SKETCH_PG_H
#define SM_SKETCH_PG_H

#include "postgres.h"

#include "compat.h"
#include "fmgr.h"
#include "utils/timestamp.h"

#include "sketch.h"

/* palloc in CurrentMemoryContext; sets the varlena header */
extern const SmAllocator sm_pg_allocator;

extern const SmMapping *sm_pg_mapping(int k);
extern const SmMapping *sm_pg_getmap(int k, void *arg);

/* The most recently used mapping, for per-row code paths. */
extern int	sm_pg_map_last_k;
extern const SmMapping *sm_pg_map_last;

static inline const SmMapping *
sm_pg_mapping_fast(int k)
{
	if (likely(k == sm_pg_map_last_k))
		return sm_pg_map_last;
	return sm_pg_mapping(k);
}

/* Validated view of a quantile_sketch datum (XX001 if corrupted). */
extern void sm_pg_view(Datum d, SmView *v);

/* The canonical datum of any view. */
extern struct varlena *sm_pg_encode(const SmView *v);

/* Value checks with the user-facing errors (22023, clock-skew hint). */
extern void sm_pg_check_value(double v);
extern double sm_pg_interval_seconds(const Interval *iv);
extern int	sm_pg_k_for_relative_error(double relative_error);

/* Building sketches from C (see the example above). */
extern SmSketch *sm_pg_sketch_new(int k);
extern SmSketch *sm_pg_sketch_add(SmSketch *sk, double v);
extern struct varlena *sm_pg_sketch_finalize(const SmSketch *sk);

/* Error for a non-OK status of sketch.c (never returns). */
pg_noreturn extern void sm_pg_raise(SmStatus st, const SmError *err);

#endif							/* SM_SKETCH_PG_H */
