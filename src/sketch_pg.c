/*-------------------------------------------------------------------------
 *
 * sketch_pg.c
 *	  The server-side sketch library that sketch_pg.h declares: the
 *	  palloc allocator, the per-session mapping cache, validated views of
 *	  stored values, the user-facing value checks and errors, and building
 *	  sketches from C.  Used by the type I/O (sketch_io.c), the aggregates
 *	  and accessors (sketch_agg.c) and other features that produce
 *	  sketches (pairing_frs_agg.c).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"
#include "compat.h"

#include <math.h>

#include "common/int.h"
#include "utils/memutils.h"

#include "errtext.h"
#include "sketch_pg.h"

static void *
PgAlloc(void *arg, size_t size)
{
	void	   *p;

	if (size > MaxAllocSize)
		return NULL;
	p = palloc(size);
	SET_VARSIZE(p, size);
	return p;
}

const SmAllocator sm_pg_allocator = {PgAlloc, NULL};

/*
 * Mappings per k, in TopMemoryContext.  A handful of k values are in use
 * in any session; the cache evicts round-robin beyond eight, never the
 * most recently used entry (a caller may hold two views at once).
 */
#define MAP_CACHE_SIZE 8

typedef struct MapCacheEntry
{
	int			k;
	const SmMapping *map;
} MapCacheEntry;

static MapCacheEntry map_cache[MAP_CACHE_SIZE];
static int	map_last = 0;
static int	map_victim = 0;

int			sm_pg_map_last_k = 0;
const SmMapping *sm_pg_map_last = NULL;

const SmMapping *
sm_pg_mapping(int k)
{
	int			i;
	void	   *buf;

	for (i = 0; i < MAP_CACHE_SIZE; i++)
		if (map_cache[i].k == k)
		{
			map_last = i;
			sm_pg_map_last_k = k;
			sm_pg_map_last = map_cache[i].map;
			return map_cache[i].map;
		}
	if (k < SM_K_MIN || k > SM_K_MAX)
		elog(ERROR, "quantile_sketch: invalid k %d", k);
	i = map_victim;
	if (i == map_last)
		i = (i + 1) % MAP_CACHE_SIZE;
	map_victim = (i + 1) % MAP_CACHE_SIZE;
	buf = MemoryContextAlloc(TopMemoryContext, sm_mapping_size(k));
	if (map_cache[i].map)
		pfree((void *) map_cache[i].map);
	map_cache[i].map = sm_mapping_init(buf, k);
	map_cache[i].k = k;
	map_last = i;
	sm_pg_map_last_k = k;
	sm_pg_map_last = map_cache[i].map;
	return map_cache[i].map;
}

const SmMapping *
sm_pg_getmap(int k, void *arg)
{
	return sm_pg_mapping(k);
}

void
sm_pg_raise(SmStatus st, const SmError *err)
{
	switch (st)
	{
		case SM_ERR_NOMEM:
			ereport(ERROR,
					(errcode(ERRCODE_OUT_OF_MEMORY),
					 errmsg("out of memory")));
			break;
		case SM_ERR_OVERFLOW:
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("quantile_sketch count out of range")));
			break;
		case SM_ERR_MISMATCH:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("cannot merge quantile sketches built with different relative errors"),
					 errhint("Build all sketches that are rolled up together with the same relative_error argument.")));
			break;
		default:
			ereport(ERROR,
					(errcode(ERRCODE_DATA_CORRUPTED),
					 errmsg("corrupted quantile_sketch value"),
					 err ? errdetail("%s", err->msg) : 0));
	}
	pg_unreachable();
}

/*
 * A validated view of a datum.  A detoasted datum has a 4-byte header; a
 * working-layout value additionally needs 8-byte alignment (the type is
 * declared ALIGNMENT = double, so stored values have it), copy otherwise.
 */
void
sm_pg_view(Datum d, SmView *v)
{
	struct varlena *p = PG_DETOAST_DATUM(d);
	size_t		len = VARSIZE(p) - VARHDRSZ;
	SmError		err;
	SmStatus	st;

	if (len >= 2 && ((uint8 *) VARDATA(p))[1] == SM_FLAG_WORKING &&
		((uintptr_t) p & 7) != 0)
	{
		struct varlena *copy = palloc(VARSIZE(p));

		memcpy(copy, p, VARSIZE(p));
		p = copy;
	}
	st = sm_view_init(v, (const uint8 *) VARDATA(p), len,
					  sm_pg_getmap, NULL, &err);
	if (st != SM_OK)
		sm_pg_raise(st, &err);
}

struct varlena *
sm_pg_encode(const SmView *v)
{
	size_t		bound = sm_encoded_size_bound(v);
	struct varlena *res = palloc(VARHDRSZ + bound);
	size_t		n = sm_encode(v, (uint8 *) VARDATA(res));

	SET_VARSIZE(res, VARHDRSZ + n);
	return res;
}

void
sm_pg_check_value(double v)
{
	if (unlikely(!(v >= 0.0) || isinf(v)))
	{
		if (isnan(v) || isinf(v))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("quantile_sketch values must be finite, got %s",
							sm_double_text(v)),
					 errhint("NaN or infinity usually comes from a division by zero or a missing timestamp upstream; filter it with WHERE or FILTER.")));
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("quantile_sketch values must not be negative, got %s",
						sm_double_text(v)),
				 errhint("A negative response time usually means clock skew between the systems that stamped the two events (or swapped arguments); filter it or clamp it with greatest(value, 0).")));
	}
}

/*
 * Interval as seconds: days count 86,400 s; months are rejected, and so are
 * the infinite intervals of PostgreSQL 17+ (they have every field at its
 * limit, so without their own test they would be reported as months).
 */
double
sm_pg_interval_seconds(const Interval *iv)
{
	int64		us;

	if (SM_INTERVAL_NOT_FINITE(iv))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("quantile_sketch values must be finite, got interval '%s'",
						SM_INTERVAL_IS_NOBEGIN(iv) ? "-infinity" : "infinity"),
				 errhint("An infinite interval usually comes from an infinite timestamp upstream; filter it with WHERE isfinite(...) or FILTER.")));
	if (iv->month != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("quantile_sketch cannot take an interval with months: a month has no fixed length"),
				 errhint("Subtract timestamps (which gives days and hours), or convert explicitly with extract(epoch from ...).")));
	if (pg_mul_s64_overflow((int64) iv->day, USECS_PER_DAY, &us) ||
		pg_add_s64_overflow(us, iv->time, &us))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("interval out of range")));
	if (us < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("quantile_sketch values must not be negative, got %s seconds",
						sm_double_text((double) us / 1e6)),
				 errhint("A negative response time usually means clock skew between the systems that stamped the two events (or swapped arguments); filter it or clamp it with greatest(value, interval '0').")));
	return (double) us / 1e6;
}

int
sm_pg_k_for_relative_error(double relative_error)
{
	int			k;

	if (sm_k_for_relative_error(relative_error, &k) != SM_OK)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("relative_error %s is out of range",
						sm_double_text(relative_error)),
				 errhint("Use a relative error between %s and %s (0.01 is 1 %%, the default).",
						 sm_double_text(SM_RELERR_MIN),
						 sm_double_text(SM_RELERR_MAX))));
	return k;
}

SmSketch *
sm_pg_sketch_new(int k)
{
	SmSketch   *sk = sm_sketch_create(k, &sm_pg_allocator);

	if (sk == NULL)
		sm_pg_raise(SM_ERR_NOMEM, NULL);
	return sk;
}

SmSketch *
sm_pg_sketch_add(SmSketch *sk, double v)
{
	SmStatus	st;
	const SmMapping *map = sm_pg_mapping_fast(sk->k);

	if (sm_sketch_insert_fast(sk, map, v))
		return sk;
	sm_pg_check_value(v);
	st = sm_sketch_insert(&sk, map, v, &sm_pg_allocator);
	if (st != SM_OK)
		sm_pg_raise(st, NULL);
	return sk;
}

struct varlena *
sm_pg_sketch_finalize(const SmSketch *sk)
{
	SmView		v;

	if (sk->count == 0)
		return NULL;
	sm_view_from_sketch(&v, sk, sm_pg_mapping(sk->k));
	return sm_pg_encode(&v);
}

