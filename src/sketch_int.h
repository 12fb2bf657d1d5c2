/*-------------------------------------------------------------------------
 *
 * sketch_int.h
 *	  Helpers shared by sketch.c and sketch_codec.c: bucket index
 *	  arithmetic, variable-width counts, varints.  Not part of the API
 *	  (sketch.h).  Like it, they need c.h and pg_bitutils.h's inline
 *	  helpers only: no fmgr, ereport or palloc.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SM_SKETCH_INT_H
#define SM_SKETCH_INT_H

#include "sketch.h"

#include "port/pg_bitutils.h"

#define MANT_BITS	52
#define MANT_MASK	((UINT64CONST(1) << MANT_BITS) - 1)
#define ONE_BITS	(UINT64CONST(1023) << MANT_BITS)

/* ceil(i / 2^level) */
static inline int32
CeilShift(int32 i, int level)
{
	if (level == 0)
		return i;
	if (i >= 0)
		return (int32) (((int64) i + ((INT64CONST(1) << level) - 1)) >> level);
	return -(int32) ((-(int64) i) >> level);
}

/* The collapse level: a function of the extreme buckets only. */
static inline int
LevelFor(int32 i0min, int32 i0max)
{
	int			level;

	for (level = 0; level < SM_MAX_LEVEL; level++)
		if ((int64) CeilShift(i0max, level) - CeilShift(i0min, level) <
			SM_MAX_BINS)
			return level;
	return SM_MAX_LEVEL;
}

static inline uint64
CountMax(int width)
{
	return width >= 3 ? PG_UINT64_MAX : (UINT64CONST(1) << (8 << width)) - 1;
}

static inline uint64
DenseGet(const void *base, int width, int32 i)
{
	switch (width)
	{
		case 0:
			return ((const uint8 *) base)[i];
		case 1:
			return ((const uint16 *) base)[i];
		case 2:
			return ((const uint32 *) base)[i];
		default:
			return ((const uint64 *) base)[i];
	}
}

static inline void
DenseSet(void *base, int width, int32 i, uint64 c)
{
	switch (width)
	{
		case 0:
			((uint8 *) base)[i] = (uint8) c;
			break;
		case 1:
			((uint16 *) base)[i] = (uint16) c;
			break;
		case 2:
			((uint32 *) base)[i] = (uint32) c;
			break;
		default:
			((uint64 *) base)[i] = c;
			break;
	}
}

static inline int
WidthFor(uint64 c)
{
	return c <= PG_UINT8_MAX ? 0 : c <= PG_UINT16_MAX ? 1 : c <= PG_UINT32_MAX ? 2 : 3;
}

#define CNT_GET(sk, off)	DenseGet((sk)->counts, (sk)->width, (off))
#define CNT_SET(sk, off, c) DenseSet((sk)->counts, (sk)->width, (off), (c))

/* ----------------------------------------------------------------
 * Varints and fixed fields
 * ---------------------------------------------------------------- */
static inline uint8 *
PutVarint(uint8 *p, uint64 x)
{
	while (x >= 0x80)
	{
		*p++ = (uint8) (x | 0x80);
		x >>= 7;
	}
	*p++ = (uint8) x;
	return p;
}

/* Minimal LEB128, at most 64 bits; false if malformed or truncated. */
static inline bool GetVarintLong(const uint8 **pp, const uint8 *end,
							uint64 *out);

static inline bool
GetVarint(const uint8 **pp, const uint8 *end, uint64 *out)
{
	/* one byte: the common case of bucket counts */
	if (likely(*pp < end && **pp < 0x80))
	{
		*out = *(*pp)++;
		return true;
	}
	return GetVarintLong(pp, end, out);
}

static inline bool
GetVarintLong(const uint8 **pp, const uint8 *end, uint64 *out)
{
	const uint8 *p = *pp;
	uint64		x = 0;
	int			shift = 0;

	for (;;)
	{
		uint8		b;

		if (p >= end || shift > 63)
			return false;
		b = *p++;
		if (shift == 63 && b > 1)
			return false;
		x |= (uint64) (b & 0x7F) << shift;
		if (!(b & 0x80))
		{
			if (b == 0 && shift > 0)
				return false;	/* overlong */
			break;
		}
		shift += 7;
	}
	*pp = p;
	*out = x;
	return true;
}

static inline uint8 *
PutU64(uint8 *p, uint64 x)
{
	int			i;

	for (i = 0; i < 8; i++)
		*p++ = (uint8) (x >> (8 * i));
	return p;
}

static inline uint64
GetU64(const uint8 *p)
{
	uint64		x = 0;
	int			i;

	for (i = 0; i < 8; i++)
		x |= (uint64) p[i] << (8 * i);
	return x;
}

static inline double
U64ToDouble(uint64 bits)
{
	double		d;

	memcpy(&d, &bits, sizeof(d));
	return d;
}

static inline uint64
DoubleToU64(double d)
{
	uint64		bits;

	memcpy(&bits, &d, sizeof(bits));
	return bits;
}

/* sketch.c */
extern bool sm_sum_round(const uint64 *limbs, uint64 *mant, int *exp2);
extern void sm_sketch_sum_total(const SmSketch *sk, uint64 *out);
extern void sm_sketch_init_header(SmSketch *sk, int k, int width);

#endif							/* SM_SKETCH_INT_H */
