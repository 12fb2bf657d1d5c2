/*-------------------------------------------------------------------------
 *
 * sketch_io.c
 *	  The quantile_sketch type: text and binary I/O, and the server-side
 *	  helpers of sketch_pg.h (mapping cache, allocator, validated views).
 *
 *	  Errors by origin: text input 22P02, binary input 22P03, a stored
 *	  value that fails validation XX001 (data corrupted).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"
#include "compat.h"

#include <math.h>

#include "common/int.h"
#include "common/shortest_dec.h"
#include "libpq/pqformat.h"
#include "utils/memutils.h"

#include "sketch_pg.h"

PG_FUNCTION_INFO_V1(quantile_sketch_in);
PG_FUNCTION_INFO_V1(quantile_sketch_out);
PG_FUNCTION_INFO_V1(quantile_sketch_recv);
PG_FUNCTION_INFO_V1(quantile_sketch_send);
PG_FUNCTION_INFO_V1(quantile_sketch_from_bytea);

/* ----------------------------------------------------------------
 * Helpers
 * ---------------------------------------------------------------- */
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
					 errmsg("quantile_sketch values must be finite, got %g", v),
					 errhint("NaN or infinity usually comes from a division by zero or a missing timestamp upstream; filter it with WHERE or FILTER.")));
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("quantile_sketch values must not be negative, got %g", v),
				 errhint("A negative response time usually means clock skew between the systems that stamped the two events (or swapped arguments); filter it or clamp it with greatest(value, 0).")));
	}
}

/* Interval as seconds: days count 86,400 s; months are rejected. */
double
sm_pg_interval_seconds(const Interval *iv)
{
	int64		us;

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
				 errmsg("quantile_sketch values must not be negative, got %g seconds",
						(double) us / 1e6),
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
				 errmsg("relative_error %g is out of range", relative_error),
				 errhint("Use a relative error between %g and %g (0.01 is 1 %%, the default).",
						 SM_RELERR_MIN, SM_RELERR_MAX)));
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

SmSketch *
sm_pg_sketch_merge(SmSketch *sk, Datum other)
{
	SmView		v;
	SmStatus	st;

	sm_pg_view(other, &v);
	st = sm_sketch_merge(&sk, &v, &sm_pg_allocator);
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

/* ----------------------------------------------------------------
 * Type I/O
 * ---------------------------------------------------------------- */

/*
 * quantile_sketch_in: the text form (see sketch.c), validated field by
 * field; produces the canonical layout, so text round trips are exact.
 */
Datum
quantile_sketch_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	SmSketch   *sk;
	SmError		err;
	SmStatus	st;
	SmView		v;

	st = sm_text_parse(str, sm_pg_getmap, NULL, &sm_pg_allocator, &sk, &err);
	if (st == SM_ERR_NOMEM)
		sm_pg_raise(st, NULL);
	if (st != SM_OK)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type %s: \"%s\"",
						"quantile_sketch", str),
				 errdetail("%s", err.msg),
				 errhint("Use the text that quantile_sketch output produces.")));
	sm_view_from_sketch(&v, sk, sm_pg_mapping(sk->k));
	PG_RETURN_POINTER(sm_pg_encode(&v));
}

Datum
quantile_sketch_out(PG_FUNCTION_ARGS)
{
	SmView		v;
	char	   *buf;

	sm_pg_view(PG_GETARG_DATUM(0), &v);
	buf = palloc(sm_text_size_bound(&v));
	sm_text_format(&v, buf, double_to_shortest_decimal_buf);
	PG_RETURN_CSTRING(buf);
}

/* Decode untrusted canonical bytes into a datum (22P03 on any error). */
static struct varlena *
FromBinary(const char *data, int len)
{
	SmView		v;
	SmError		err;
	SmStatus	st;
	struct varlena *res;

	if (len >= 2 && (uint8) data[1] == SM_FLAG_WORKING)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary input for type %s", "quantile_sketch"),
				 errdetail("The in-memory working layout is not a valid external form.")));
	st = sm_view_init(&v, (const uint8 *) data, (size_t) len,
					  sm_pg_getmap, NULL, &err);
	if (st == SM_ERR_NOMEM)
		sm_pg_raise(st, NULL);
	if (st != SM_OK)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary input for type %s", "quantile_sketch"),
				 errdetail("%s", err.msg)));
	/* validation admits canonical bytes only: keep them as they are */
	res = palloc(VARHDRSZ + len);
	SET_VARSIZE(res, VARHDRSZ + len);
	memcpy(VARDATA(res), data, len);
	return res;
}

Datum
quantile_sketch_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			len = buf->len - buf->cursor;
	const char *data = pq_getmsgbytes(buf, len);

	PG_RETURN_POINTER(FromBinary(data, len));
}

/* quantile_sketch_from_bytea(bytea): the inverse of quantile_sketch_send. */
Datum
quantile_sketch_from_bytea(PG_FUNCTION_ARGS)
{
	bytea	   *b = PG_GETARG_BYTEA_PP(0);

	PG_RETURN_POINTER(FromBinary(VARDATA_ANY(b), VARSIZE_ANY_EXHDR(b)));
}

/* The canonical encoding (the payload of a stored value, as is). */
Datum
quantile_sketch_send(PG_FUNCTION_ARGS)
{
	SmView		v;

	sm_pg_view(PG_GETARG_DATUM(0), &v);
	/* an encoded sketch is laid out exactly as a bytea */
	PG_RETURN_BYTEA_P((bytea *) sm_pg_encode(&v));
}
