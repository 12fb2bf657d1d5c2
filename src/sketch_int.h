/*-------------------------------------------------------------------------
 *
 * sketch_int.h
 *	  Helpers shared by sketch.c and sketch_codec.c: bucket index
 *	  arithmetic, variable-width counts, varints.  Not part of the API
 *	  (sketch.h); no PostgreSQL dependency.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SM_SKETCH_INT_H
#define SM_SKETCH_INT_H

#include "sketch.h"

#include <string.h>

#define MANT_BITS	52
#define MANT_MASK	((UINT64_C(1) << MANT_BITS) - 1)
#define ONE_BITS	(UINT64_C(1023) << MANT_BITS)
#define likely_(x)	__builtin_expect((x) != 0, 1)

/* ceil(i / 2^level) */
static inline int32_t
CeilShift(int32_t i, int level)
{
	if (level == 0)
		return i;
	if (i >= 0)
		return (int32_t) (((int64_t) i + ((INT64_C(1) << level) - 1)) >> level);
	return -(int32_t) ((-(int64_t) i) >> level);
}

/* The collapse level: a function of the extreme buckets only. */
static inline int
LevelFor(int32_t i0min, int32_t i0max)
{
	int			level;

	for (level = 0; level < SM_MAX_LEVEL; level++)
		if ((int64_t) CeilShift(i0max, level) - CeilShift(i0min, level) <
			SM_MAX_BINS)
			return level;
	return SM_MAX_LEVEL;
}


static inline int
Clz64(uint64_t x)
{
	return __builtin_clzll(x);
}

static inline uint64_t
CountMax(int width)
{
	return width >= 3 ? UINT64_MAX : (UINT64_C(1) << (8 << width)) - 1;
}

static inline uint64_t
DenseGet(const void *base, int width, int32_t i)
{
	switch (width)
	{
		case 0:
			return ((const uint8_t *) base)[i];
		case 1:
			return ((const uint16_t *) base)[i];
		case 2:
			return ((const uint32_t *) base)[i];
		default:
			return ((const uint64_t *) base)[i];
	}
}

static inline void
DenseSet(void *base, int width, int32_t i, uint64_t c)
{
	switch (width)
	{
		case 0:
			((uint8_t *) base)[i] = (uint8_t) c;
			break;
		case 1:
			((uint16_t *) base)[i] = (uint16_t) c;
			break;
		case 2:
			((uint32_t *) base)[i] = (uint32_t) c;
			break;
		default:
			((uint64_t *) base)[i] = c;
			break;
	}
}

static inline int
WidthFor(uint64_t c)
{
	return c <= UINT8_MAX ? 0 : c <= UINT16_MAX ? 1 : c <= UINT32_MAX ? 2 : 3;
}

#define CNT_GET(sk, off)	DenseGet((sk)->counts, (sk)->width, (off))
#define CNT_SET(sk, off, c) DenseSet((sk)->counts, (sk)->width, (off), (c))

/* ----------------------------------------------------------------
 * Varints and fixed fields
 * ---------------------------------------------------------------- */
static inline uint8_t *
PutVarint(uint8_t *p, uint64_t x)
{
	while (x >= 0x80)
	{
		*p++ = (uint8_t) (x | 0x80);
		x >>= 7;
	}
	*p++ = (uint8_t) x;
	return p;
}

/* Minimal LEB128, at most 64 bits; false if malformed or truncated. */
static inline bool GetVarintLong(const uint8_t **pp, const uint8_t *end,
							uint64_t *out);

static inline bool
GetVarint(const uint8_t **pp, const uint8_t *end, uint64_t *out)
{
	/* one byte: the common case of bucket counts */
	if (likely_(*pp < end && **pp < 0x80))
	{
		*out = *(*pp)++;
		return true;
	}
	return GetVarintLong(pp, end, out);
}

static inline bool
GetVarintLong(const uint8_t **pp, const uint8_t *end, uint64_t *out)
{
	const uint8_t *p = *pp;
	uint64_t	x = 0;
	int			shift = 0;

	for (;;)
	{
		uint8_t		b;

		if (p >= end || shift > 63)
			return false;
		b = *p++;
		if (shift == 63 && b > 1)
			return false;
		x |= (uint64_t) (b & 0x7F) << shift;
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

static inline uint8_t *
PutU64(uint8_t *p, uint64_t x)
{
	int			i;

	for (i = 0; i < 8; i++)
		*p++ = (uint8_t) (x >> (8 * i));
	return p;
}

static inline uint64_t
GetU64(const uint8_t *p)
{
	uint64_t	x = 0;
	int			i;

	for (i = 0; i < 8; i++)
		x |= (uint64_t) p[i] << (8 * i);
	return x;
}

static inline double
U64ToDouble(uint64_t bits)
{
	double		d;

	memcpy(&d, &bits, sizeof(d));
	return d;
}

static inline uint64_t
DoubleToU64(double d)
{
	uint64_t	bits;

	memcpy(&bits, &d, sizeof(bits));
	return bits;
}

/* sketch.c */
extern bool sm_sum_round(const uint64_t *limbs, uint64_t *mant, int *exp2);
extern void sm_sketch_sum_total(const SmSketch *sk, uint64_t *out);
extern void sm_sketch_init_header(SmSketch *sk, int k, int width);

#endif							/* SM_SKETCH_INT_H */
