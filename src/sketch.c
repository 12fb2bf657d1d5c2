/*-------------------------------------------------------------------------
 *
 * sketch.c
 *	  The quantile sketch algorithm: bucket mapping, exact sums, insert,
 *	  remove, merge, and the estimates.  The encodings are in
 *	  sketch_codec.c.  No fmgr, palloc or ereport: fuzzers and the unit
 *	  test link it alone (see sketch.h).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"
#include "compat.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "floordiv.h"
#include "sketch_int.h"

/*
 * port.h sends qsort to libpgport's pg_qsort, which a standalone link
 * (fuzzers, unit test) lacks; libc's sorts the same (the comparator is a
 * total order, so the result does not depend on the algorithm).
 */
#undef qsort

/* ----------------------------------------------------------------
 * Double-double arithmetic, for bucket boundaries that are the same on
 * every IEEE-754 platform (libm's exp2 is not correctly rounded
 * everywhere, and a boundary one ulp off would give two machines
 * different bytes for the same data).
 * ---------------------------------------------------------------- */
typedef struct DD
{
	double		hi;
	double		lo;
} DD;

static inline DD
DdFastTwoSum(double a, double b)
{
	DD			r;

	r.hi = a + b;
	r.lo = b - (r.hi - a);
	return r;
}

static inline DD
DdTwoSum(double a, double b)
{
	DD			r;
	double		bb;

	r.hi = a + b;
	bb = r.hi - a;
	r.lo = (a - (r.hi - bb)) + (b - bb);
	return r;
}

static DD
DdAdd(DD a, DD b)
{
	DD			s = DdTwoSum(a.hi, b.hi);
	DD			t = DdTwoSum(a.lo, b.lo);

	s.lo += t.hi;
	s = DdFastTwoSum(s.hi, s.lo);
	s.lo += t.lo;
	return DdFastTwoSum(s.hi, s.lo);
}

static DD
DdMul(DD a, DD b)
{
	double		p = a.hi * b.hi;
	double		e = fma(a.hi, b.hi, -p);

	e += a.hi * b.lo + a.lo * b.hi;
	return DdFastTwoSum(p, e);
}

static DD
DdDivD(DD a, double b)
{
	double		q1 = a.hi / b;
	double		p = q1 * b;
	double		pe = fma(q1, b, -p);
	DD			r = DdTwoSum(a.hi, -p);
	double		q2;

	r.lo = r.lo - pe + a.lo;
	q2 = (r.hi + r.lo) / b;
	return DdFastTwoSum(q1, q2);
}

/* 2^(b/k) for 0 <= b < k, rounded to double (correctly, barring ties
 * closer than 2^-100 relative). */
static double
Exp2Frac(int b, int k)
{
	static const DD ln2 = {0x1.62e42fefa39efp-1, 0x1.abc9e3b39803fp-56};
	DD			t,
				x,
				sum = {1.0, 0.0},
				term = {1.0, 0.0};
	int			n;

	if (b == 0)
		return 1.0;
	t.hi = (double) b / k;
	t.lo = fma(-t.hi, (double) k, (double) b) / k;
	x = DdMul(t, ln2);
	for (n = 1; n < 60; n++)
	{
		term = DdDivD(DdMul(term, x), (double) n);
		sum = DdAdd(sum, term);
		if (term.hi < 1e-40)
			break;
	}
	return sum.hi;
}

/* 2^(n/k) for any integer n, as a double (inf/0 outside the range). */
static double
Exp2Ratio(int64 n, int k, const uint64 *bound)
{
	int64		r;
	int32		q = (int32) sm_floor_divmod(n, k, &r);
	double		m;

	if (bound)
	{
		uint64		bits = ONE_BITS | bound[r];

		memcpy(&m, &bits, sizeof(m));
	}
	else
		m = Exp2Frac((int) r, k);
	if (q > 2000)
		return HUGE_VAL;
	if (q < -2000)
		return 0.0;
	return ldexp(m, q);
}

/* ----------------------------------------------------------------
 * Parameters
 * ---------------------------------------------------------------- */

/*
 * Relative error in force for k buckets per octave after `level`
 * collapses: g = 2^(2^level / k), alpha = (g - 1) / (g + 1).
 */
double
sm_alpha(int k, int level)
{
	double		g = Exp2Ratio((int64) 1 << level, k, NULL);

	if (isinf(g))
		return 1.0;
	return (g - 1.0) / (g + 1.0);
}

/*
 * The smallest k (fewest buckets) whose alpha does not exceed the
 * requested relative error.
 */
SmStatus
sm_k_for_relative_error(double relative_error, int *k)
{
	int			kk;

	if (!(relative_error >= SM_RELERR_MIN && relative_error <= SM_RELERR_MAX))
		return SM_ERR_PARAM;
	kk = (int) ceil(log(2.0) /
					log((1.0 + relative_error) / (1.0 - relative_error)));
	if (kk < SM_K_MIN)
		kk = SM_K_MIN;
	if (kk > SM_K_MAX)
		kk = SM_K_MAX;
	while (kk > SM_K_MIN && sm_alpha(kk - 1, 0) <= relative_error)
		kk--;
	while (kk < SM_K_MAX && sm_alpha(kk, 0) > relative_error)
		kk++;
	*k = kk;
	return SM_OK;
}

/* ----------------------------------------------------------------
 * Mapping
 * ---------------------------------------------------------------- */
static int
TableBits(int k)
{
	int			t = 1;

	/* each subrange narrower than half a bucket: at most one boundary */
	while ((1 << t) < 2 * k)
		t++;
	return t;
}

#define MAP_HDRSZ	((sizeof(SmMapping) + 7) & ~(size_t) 7)

size_t
sm_mapping_size(int k)
{
	return MAP_HDRSZ + (size_t) k * sizeof(uint64) +
		((size_t) 1 << TableBits(k)) * sizeof(SmSubrange);
}

/*
 * Build the mapping for k into buf (sm_mapping_size(k) bytes, 8-aligned).
 * bound[b] is the mantissa field of 2^(b/k); a value with mantissa field f
 * lies j = #{b : bound[b] < f} buckets above its octave's start.
 */
const SmMapping *
sm_mapping_init(void *buf, int k)
{
	SmMapping  *m = (SmMapping *) buf;
	uint64	   *bound = (uint64 *) ((char *) buf + MAP_HDRSZ);
	SmSubrange *table = (SmSubrange *) (bound + k);
	int			t = TableBits(k);
	int			b;
	uint64		s;

	for (b = 0; b < k; b++)
	{
		double		v = Exp2Frac(b, k);
		uint64		bits;

		memcpy(&bits, &v, sizeof(bits));
		bound[b] = bits & MANT_MASK;
	}
	m->k = k;
	m->shift = MANT_BITS - t;
	m->bound = bound;
	m->table = table;

	b = 0;
	for (s = 0; s < ((uint64) 1 << t); s++)
	{
		uint64		start = s << m->shift;
		uint64		end = (s + 1) << m->shift;

		while (b < k && bound[b] < start)
			b++;
		table[s].j0 = b;
		table[s].pad = 0;
		table[s].bound = (b < k && bound[b] < end) ? bound[b] : PG_UINT64_MAX;
	}
	return m;
}

/* Level-0 bucket of v > 0 (finite): ceil(k * log2(v)), exactly. */
int32
sm_bucket0(const SmMapping *map, double v)
{
	uint64		bits;
	int			e;
	int			adj = 0;
	uint64		f;
	const SmSubrange *s;

	memcpy(&bits, &v, sizeof(bits));
	e = (int) (bits >> MANT_BITS);
	if (e == 0)
	{
		/* subnormal: scale into the normal range, exactly */
		v *= 0x1p64;
		memcpy(&bits, &v, sizeof(bits));
		e = (int) (bits >> MANT_BITS);
		adj = 64;
	}
	f = bits & MANT_MASK;
	s = &map->table[f >> map->shift];
	return (e - 1023 - adj) * map->k + s->j0 + (f > s->bound);
}

/* ----------------------------------------------------------------
 * Exact sums: non-negative doubles added into a 2176-bit fixed-point
 * number, so that the sum does not depend on the order of additions.
 * ---------------------------------------------------------------- */
static inline void
SumSplit(double v, uint64 *mant, int *pos)
{
	uint64		bits;
	int			e;

	memcpy(&bits, &v, sizeof(bits));
	e = (int) (bits >> MANT_BITS);
	*mant = bits & MANT_MASK;
	if (e)
	{
		*mant |= UINT64CONST(1) << MANT_BITS;
		*pos = e - 1;
	}
	else
		*pos = 0;
}

/* limbs += x * 2^pos (bit positions of the accumulator) */
static void
AddAt(uint64 *limbs, uint64 x, int pos)
{
	int			li = pos >> 6,
				sh = pos & 63;
	uint64		lo = x << sh,
				hi = (x >> 1) >> (63 - sh),
				old;

	old = limbs[li];
	limbs[li] = old + lo;
	hi += limbs[li] < old;
	for (li++; hi != 0 && li < SM_SUM_LIMBS; li++)
	{
		old = limbs[li];
		limbs[li] = old + hi;
		hi = limbs[li] < old;
	}
}

/* limbs -= x * 2^pos; the caller guarantees limbs >= x * 2^pos */
static void
SubAt(uint64 *limbs, uint64 x, int pos)
{
	int			li = pos >> 6,
				sh = pos & 63;
	uint64		lo = x << sh,
				hi = (x >> 1) >> (63 - sh),
				old;

	old = limbs[li];
	limbs[li] = old - lo;
	hi += limbs[li] > old;
	for (li++; hi != 0 && li < SM_SUM_LIMBS; li++)
	{
		old = limbs[li];
		limbs[li] = old - hi;
		hi = limbs[li] > old;
	}
}

void
sm_sum_add(uint64 *limbs, double v)
{
	uint64		mant;
	int			pos;

	SumSplit(v, &mant, &pos);
	if (mant)
		AddAt(limbs, mant, pos);
}

void
sm_sum_sub(uint64 *limbs, double v)
{
	uint64		mant;
	int			pos;

	SumSplit(v, &mant, &pos);
	if (mant)
		SubAt(limbs, mant, pos);
}

static void
SumAddLimbs(uint64 *dst, const uint64 *src)
{
	uint64		carry = 0;
	int			j;

	for (j = 0; j < SM_SUM_LIMBS; j++)
	{
		uint64		s = dst[j] + src[j];
		uint64		c1 = s < dst[j];
		uint64		s2 = s + carry;

		carry = c1 | (s2 < s);
		dst[j] = s2;
	}
}

/* dst -= src; false (dst untouched) if src > dst */
static bool
SumSubLimbs(uint64 *dst, const uint64 *src)
{
	uint64		tmp[SM_SUM_LIMBS];
	uint64		borrow = 0;
	int			j;

	for (j = 0; j < SM_SUM_LIMBS; j++)
	{
		uint64		d = dst[j] - src[j];
		uint64		b1 = dst[j] < src[j];
		uint64		d2 = d - borrow;

		borrow = b1 | (d < borrow);
		tmp[j] = d2;
	}
	if (borrow)
		return false;
	memcpy(dst, tmp, sizeof(tmp));
	return true;
}


/*
 * The sum rounded to 53 bits (half to even): sum = mant * 2^exp2 with
 * mant < 2^53.  Returns false if the sum is zero.
 */
bool
sm_sum_round(const uint64 *limbs, uint64 *mant, int *exp2)
{
	int			t,
				lz,
				pos;
	uint64		w2,
				w1,
				w0,
				top,
				next,
				m,
				rest;
	bool		sticky = false,
				round;
	int			j;

	for (t = SM_SUM_LIMBS - 1; t >= 0 && limbs[t] == 0; t--)
		;
	if (t < 0)
		return false;
	w2 = limbs[t];
	w1 = t >= 1 ? limbs[t - 1] : 0;
	w0 = t >= 2 ? limbs[t - 2] : 0;
	for (j = 0; j < t - 2; j++)
		sticky |= limbs[j] != 0;
	lz = 63 - pg_leftmost_one_pos64(w2);
	if (lz)
	{
		top = (w2 << lz) | (w1 >> (64 - lz));
		next = (w1 << lz) | (w0 >> (64 - lz));
		sticky |= (w0 << lz) != 0;
	}
	else
	{
		top = w2;
		next = w1;
		sticky |= w0 != 0;
	}
	pos = t * 64 + 63 - lz;		/* bit index of the leading one */
	m = top >> 11;
	round = (top >> 10) & 1;
	rest = (top & 0x3FF) | next | (uint64) sticky;
	if (round && (rest || (m & 1)))
	{
		m++;
		if (m == (UINT64CONST(1) << 53))
		{
			m >>= 1;
			pos++;
		}
	}
	*mant = m;
	*exp2 = pos - 52 - 1074;
	return true;
}

/* ----------------------------------------------------------------
 * Working sketches
 *
 * The sum of a working sketch is sum[] plus the 128-bit window sumw[]
 * placed at accumulator bit wbit: the window sits in the first cache line
 * with the other per-row fields, sum[] is only touched by values far from
 * the first one.  Counts are 1, 2, 4 or 8 bytes wide, widened on overflow,
 * so that thousands of per-group states stay cache-resident.
 * ---------------------------------------------------------------- */

/* The exact sum of a working sketch: sum[] plus the window. */
void
sm_sketch_sum_total(const SmSketch *sk, uint64 *out)
{
	memcpy(out, sk->sum, sizeof(sk->sum));
	if (sk->wbit != SM_WBIT_NONE)
	{
		AddAt(out, sk->sumw[0], sk->wbit);
		AddAt(out, sk->sumw[1], sk->wbit + 64);
	}
}

/* Move the window into sum[] (value unchanged). */
static void
FoldWindow(SmSketch *sk)
{
	if (sk->wbit == SM_WBIT_NONE)
		return;
	AddAt(sk->sum, sk->sumw[0], sk->wbit);
	AddAt(sk->sum, sk->sumw[1], sk->wbit + 64);
	sk->sumw[0] = sk->sumw[1] = 0;
}

/* sum += v; the window is placed by the first value (2^40 below it). */
static void
SketchSumAdd(SmSketch *sk, double v)
{
	uint64		mant,
				lo,
				hi,
				old;
	int			pos,
				sh;

	SumSplit(v, &mant, &pos);
	if (mant == 0)
		return;
	if (sk->wbit == SM_WBIT_NONE)
		sk->wbit = pos >= 40 ? pos - 40 : 0;
	sh = pos - sk->wbit;
	if (sh < 0 || sh > SM_WINDOW_SHIFT_MAX)
	{
		AddAt(sk->sum, mant, pos);
		return;
	}
	if (sk->sumw[1] >> 63)
		FoldWindow(sk);
	lo = sh < 64 ? mant << sh : 0;
	hi = sh < 64 ? (mant >> 1) >> (63 - sh) : mant << (sh - 64);
	old = sk->sumw[0];
	sk->sumw[0] = old + lo;
	sk->sumw[1] += hi + (sk->sumw[0] < old);
}

void
sm_sketch_init_header(SmSketch *sk, int k, int width)
{
	memset((char *) sk + sizeof(int32), 0,
		   SM_SKETCH_HDRSZ - sizeof(int32));
	sk->version = SM_SKETCH_VERSION;
	sk->flags = SM_FLAG_WORKING;
	sk->k = (uint16) k;
	sk->width = (uint8) width;
	sk->wbit = SM_WBIT_NONE;
}

SmSketch *
sm_sketch_create(int k, const SmAllocator *a)
{
	SmSketch   *sk = a->alloc(a->arg, SM_SKETCH_SIZE(0, 0));

	if (sk == NULL)
		return NULL;
	sm_sketch_init_header(sk, k, 0);
	return sk;
}

/*
 * A copy of the sketch with counts `width` wide and buckets newlo ..
 * newlo + newcap - 1 (all nonzero buckets must be inside).
 */
static SmSketch *
Relayout(const SmSketch *sk, int width, int32 newlo, int32 newcap,
		 const SmAllocator *a)
{
	SmSketch   *nk = a->alloc(a->arg, SM_SKETCH_SIZE(newcap, width));
	int32		off;

	if (nk == NULL)
		return NULL;
	memcpy((char *) nk + sizeof(int32), (const char *) sk + sizeof(int32),
		   SM_SKETCH_HDRSZ - sizeof(int32));
	memset(nk->counts, 0, (size_t) newcap << width);
	nk->width = (uint8) width;
	nk->lo = newlo;
	nk->cap = newcap;
	for (off = 0; off < sk->cap; off++)
	{
		uint64		c = CNT_GET(sk, off);
		int64		j = (int64) sk->lo + off - newlo;

		if (c && j >= 0 && j < newcap)
			DenseSet(nk->counts, width, (int32) j, c);
	}
	return nk;
}

/* Merge pairs of buckets until the level is `level`; widens if needed. */
static SmStatus
Collapse(SmSketch **skp, int level, const SmAllocator *a)
{
	SmSketch   *sk = *skp;
	int			d = level - sk->level;
	int32		newlo = CeilShift(sk->lo, d);
	int32		off,
				cur = PG_INT32_MIN;
	uint64		acc = 0,
				maxc = 0;

	/* the largest merged count decides the width */
	for (off = 0; off < sk->cap; off++)
	{
		int32		j = CeilShift(sk->lo + off, d);

		if (j != cur)
		{
			cur = j;
			acc = 0;
		}
		acc += CNT_GET(sk, off);
		if (acc > maxc)
			maxc = acc;
	}
	if (WidthFor(maxc) > sk->width)
	{
		sk = Relayout(sk, WidthFor(maxc), sk->lo, sk->cap, a);
		if (sk == NULL)
			return SM_ERR_NOMEM;
		*skp = sk;
	}
	for (off = 0; off < sk->cap; off++)
	{
		uint64		c = CNT_GET(sk, off);

		if (c)
		{
			/* the target slot is never after the source slot */
			int32		j = CeilShift(sk->lo + off, d) - newlo;

			CNT_SET(sk, off, 0);
			CNT_SET(sk, j, CNT_GET(sk, j) + c);
		}
	}
	sk->lo = newlo;
	sk->level = (uint8) level;
	return SM_OK;
}

/*
 * Make the counts array cover buckets tlo..thi (at the current level).
 * May replace *skp by a larger copy; the old block is left to the caller
 * (PostgreSQL frees it when the aggregate state pointer changes).
 */
static SmStatus
EnsureRange(SmSketch **skp, int32 tlo, int32 thi, const SmAllocator *a)
{
	SmSketch   *sk = *skp;
	SmSketch   *nk;
	int32		span = thi - tlo + 1;
	int32		newcap,
				newlo;

	if (sk->cap > 0 && tlo >= sk->lo && thi < sk->lo + sk->cap)
		return SM_OK;
	newcap = span + span / 2;
	if (newcap < 32)
		newcap = 32;
	if (sk->cap == 0)
		newlo = tlo - (newcap - span) / 2;
	else if (tlo < sk->lo)
		newlo = thi - newcap + 1;	/* grew downwards: room below */
	else
		newlo = tlo;
	nk = Relayout(sk, sk->width, newlo, newcap, a);
	if (nk == NULL)
		return SM_ERR_NOMEM;
	*skp = nk;
	return SM_OK;
}

/*
 * Add one value.  Values must be >= 0 and finite (SM_ERR_VALUE otherwise,
 * sketch untouched).  *skp may be replaced (see ensure_range); after
 * SM_ERR_NOMEM the sketch must be discarded.
 */
SmStatus
sm_sketch_insert(SmSketch **skp, const SmMapping *map, double v,
				 const SmAllocator *a)
{
	SmSketch   *sk = *skp;
	int32		i0,
				iL,
				off;
	uint64		npos,
				c;
	SmStatus	st;

	if (!(v >= 0.0 && v <= 1.7976931348623157e308))
		return SM_ERR_VALUE;
	if (sk->count >= (uint64) PG_INT64_MAX)
		return SM_ERR_OVERFLOW;
	if (v == 0.0)
	{
		sk->zeros++;
		sk->count++;
		return SM_OK;
	}
	i0 = sm_bucket0(map, v);
	npos = sk->count - sk->zeros;
	if (npos == 0)
	{
		sk->minpos = sk->max = v;
		sk->i0min = sk->i0max = i0;
		sk->level = 0;
	}
	else if (v < sk->minpos || v > sk->max)
	{
		int			level;

		if (v < sk->minpos)
		{
			sk->minpos = v;
			sk->i0min = i0;
		}
		else
		{
			sk->max = v;
			sk->i0max = i0;
		}
		level = LevelFor(sk->i0min, sk->i0max);
		if (level > sk->level)
		{
			st = Collapse(skp, level, a);
			if (st != SM_OK)
				return st;
			sk = *skp;
		}
	}
	iL = CeilShift(i0, sk->level);
	off = iL - sk->lo;
	if ((uint32) off >= (uint32) sk->cap)
	{
		st = EnsureRange(skp, CeilShift(sk->i0min, sk->level),
						  CeilShift(sk->i0max, sk->level), a);
		if (st != SM_OK)
			return st;
		sk = *skp;
		off = iL - sk->lo;
	}
	c = CNT_GET(sk, off);
	if (c == CountMax(sk->width))
	{
		sk = Relayout(sk, sk->width + 1, sk->lo, sk->cap, a);
		if (sk == NULL)
			return SM_ERR_NOMEM;
		*skp = sk;
	}
	CNT_SET(sk, off, c + 1);
	SketchSumAdd(sk, v);
	sk->count++;
	return SM_OK;
}

/*
 * Remove one value previously inserted (the inverse transition of a
 * moving aggregate).  SM_ERR_RESTART when v is the smallest positive or
 * the largest value: those cannot be removed while keeping min and max
 * exact, the caller recomputes instead.  SM_ERR_FORMAT when v cannot have
 * been inserted (the sketch is inconsistent with the caller's data).
 */
SmStatus
sm_sketch_remove(SmSketch *sk, const SmMapping *map, double v)
{
	int32		off;
	uint64		c;

	if (!(v >= 0.0 && v <= 1.7976931348623157e308))
		return SM_ERR_VALUE;
	if (v == 0.0)
	{
		if (sk->zeros == 0)
			return SM_ERR_FORMAT;
		sk->zeros--;
		sk->count--;
		return SM_OK;
	}
	if (sk->count == sk->zeros || v < sk->minpos || v > sk->max)
		return SM_ERR_FORMAT;
	if (v == sk->minpos || v == sk->max)
		return SM_ERR_RESTART;
	off = CeilShift(sm_bucket0(map, v), sk->level) - sk->lo;
	if ((uint32) off >= (uint32) sk->cap || (c = CNT_GET(sk, off)) == 0)
		return SM_ERR_FORMAT;
	CNT_SET(sk, off, c - 1);
	FoldWindow(sk);
	sm_sum_sub(sk->sum, v);
	sk->count--;
	return SM_OK;
}

/*
 * dst += src.  Sketches of different k cannot be merged (SM_ERR_MISMATCH)
 * unless one of them is empty.  *dst may be replaced.
 */
SmStatus
sm_sketch_merge(SmSketch **dstp, const SmView *src, const SmAllocator *a)
{
	SmSketch   *d = *dstp;
	uint64		dpos,
				spos;

	if (src->count == 0)
		return SM_OK;
	if (d->count == 0 && d->k != src->k)
	{
		d->k = (uint16) src->k;
		d->level = 0;
	}
	if (d->k != src->k)
		return SM_ERR_MISMATCH;
	if (src->count > (uint64) PG_INT64_MAX - d->count)
		return SM_ERR_OVERFLOW;
	dpos = d->count - d->zeros;
	spos = src->count - src->zeros;
	if (spos > 0)
	{
		int32		s0min = sm_bucket0(src->map, src->minpos);
		int32		s0max = sm_bucket0(src->map, src->max);
		double		nminpos = src->minpos,
					nmax = src->max;
		int32		ni0min = s0min,
					ni0max = s0max;
		int			level,
					shift,
					width;
		SmStatus	st;
		SmBinIter	it;
		int32		idx;
		uint64		c,
					maxc = 0;

		if (dpos > 0)
		{
			if (d->minpos < nminpos)
			{
				nminpos = d->minpos;
				ni0min = d->i0min;
			}
			if (d->max > nmax)
			{
				nmax = d->max;
				ni0max = d->i0max;
			}
		}
		level = LevelFor(ni0min, ni0max);
		if (level < src->level)
			return SM_ERR_FORMAT;	/* cannot happen for a validated view */
		if (dpos > 0 && level > d->level)
		{
			st = Collapse(dstp, level, a);
			if (st != SM_OK)
				return st;
			d = *dstp;
		}
		else if (dpos == 0)
			d->level = (uint8) level;
		st = EnsureRange(dstp, CeilShift(ni0min, level),
						  CeilShift(ni0max, level), a);
		if (st != SM_OK)
			return st;
		d = *dstp;
		d->minpos = nminpos;
		d->max = nmax;
		d->i0min = ni0min;
		d->i0max = ni0max;
		shift = level - src->level;
		/* widen first if a merged count needs it */
		sm_bin_iter_init(&it, src);
		while (sm_bin_next(&it, &idx, &c))
		{
			uint64		sum = CNT_GET(d, CeilShift(idx, shift) - d->lo) + c;

			if (sum > maxc)
				maxc = sum;
		}
		width = WidthFor(maxc);
		if (width > d->width)
		{
			d = Relayout(d, width, d->lo, d->cap, a);
			if (d == NULL)
				return SM_ERR_NOMEM;
			*dstp = d;
		}
		sm_bin_iter_init(&it, src);
		while (sm_bin_next(&it, &idx, &c))
		{
			int32		off = CeilShift(idx, shift) - d->lo;

			CNT_SET(d, off, CNT_GET(d, off) + c);
		}
	}
	d->zeros += src->zeros;
	d->count += src->count;
	SumAddLimbs(d->sum, src->sum);
	return SM_OK;
}

/*
 * dst -= src, where src was merged into dst before (the inverse
 * transition of rollup() over a window).  SM_ERR_RESTART when src holds
 * dst's smallest positive or largest value; SM_ERR_FORMAT (dst untouched)
 * when src cannot be part of dst.
 */
SmStatus
sm_sketch_subtract(SmSketch *d, const SmView *src)
{
	uint64		spos = src->count - src->zeros;
	uint64		dpos = d->count - d->zeros;
	SmBinIter	it;
	int32		idx;
	uint64		c;
	int			shift = 0;
	uint64		tmp[SM_SUM_LIMBS];

	if (src->count == 0)
		return SM_OK;
	if (d->k != src->k)
		return SM_ERR_MISMATCH;
	if (src->count > d->count || src->zeros > d->zeros || spos > dpos)
		return SM_ERR_FORMAT;
	if (spos > 0)
	{
		if (src->minpos < d->minpos || src->max > d->max ||
			src->level > d->level)
			return SM_ERR_FORMAT;
		if (src->minpos == d->minpos || src->max == d->max)
			return SM_ERR_RESTART;
		shift = d->level - src->level;
		/* check everything first, so that a failure changes nothing */
		sm_bin_iter_init(&it, src);
		while (sm_bin_next(&it, &idx, &c))
		{
			int32		off = CeilShift(idx, shift) - d->lo;

			if ((uint32) off >= (uint32) d->cap || CNT_GET(d, off) < c)
				return SM_ERR_FORMAT;
		}
	}
	FoldWindow(d);
	memcpy(tmp, d->sum, sizeof(tmp));
	if (!SumSubLimbs(tmp, src->sum))
		return SM_ERR_FORMAT;
	if (spos > 0)
	{
		sm_bin_iter_init(&it, src);
		while (sm_bin_next(&it, &idx, &c))
		{
			int32		off = CeilShift(idx, shift) - d->lo;

			CNT_SET(d, off, CNT_GET(d, off) - c);
		}
	}
	memcpy(d->sum, tmp, sizeof(tmp));
	d->zeros -= src->zeros;
	d->count -= src->count;
	return SM_OK;
}

/* A working copy of any view, exactly sized, counts as narrow as fit. */
SmSketch *
sm_sketch_from_view(const SmView *v, const SmAllocator *a)
{
	int32		cap = v->count > v->zeros ? v->hi - v->lo + 1 : 0;
	SmSketch   *sk;
	SmBinIter	it;
	int32		idx;
	uint64		c,
				maxc = 0;
	int			width;

	sm_bin_iter_init(&it, v);
	while (sm_bin_next(&it, &idx, &c))
		if (c > maxc)
			maxc = c;
	width = WidthFor(maxc);
	sk = a->alloc(a->arg, SM_SKETCH_SIZE(cap, width));
	if (sk == NULL)
		return NULL;
	sm_sketch_init_header(sk, v->k, width);
	memset(sk->counts, 0, (size_t) cap << width);
	sk->level = (uint8) v->level;
	sk->count = v->count;
	sk->zeros = v->zeros;
	memcpy(sk->sum, v->sum, sizeof(sk->sum));
	if (cap > 0)
	{
		sk->lo = v->lo;
		sk->cap = cap;
		sk->minpos = v->minpos;
		sk->max = v->max;
		sk->i0min = sm_bucket0(v->map, v->minpos);
		sk->i0max = sm_bucket0(v->map, v->max);
		sm_bin_iter_init(&it, v);
		while (sm_bin_next(&it, &idx, &c))
			CNT_SET(sk, idx - v->lo, c);
	}
	return sk;
}

/* A view of a working sketch the caller built (trusted, not validated). */
void
sm_view_from_sketch(SmView *v, const SmSketch *sk, const SmMapping *map)
{
	memset(v, 0, sizeof(*v));
	v->k = sk->k;
	v->level = sk->level;
	v->working = true;
	v->count = sk->count;
	v->zeros = sk->zeros;
	v->map = map;
	sm_sketch_sum_total(sk, v->sum);
	if (sk->count > sk->zeros)
	{
		v->minpos = sk->minpos;
		v->max = sk->max;
		v->lo = CeilShift(sk->i0min, sk->level);
		v->hi = CeilShift(sk->i0max, sk->level);
		v->width = sk->width;
		v->dense = (const uint8 *) sk->counts +
			((size_t) (v->lo - sk->lo) << sk->width);
	}
}

/* ----------------------------------------------------------------
 * Reading
 * ---------------------------------------------------------------- */
void
sm_bin_iter_init(SmBinIter *it, const SmView *v)
{
	it->v = v;
	it->next = v->lo;
	it->pos = 0;
}

/* Next nonzero bucket; false at the end.  Bounds-safe on any view. */
bool
sm_bin_next(SmBinIter *it, int32 *index, uint64 *count)
{
	const SmView *v = it->v;

	if (v->count == v->zeros)
		return false;
	while (it->next <= v->hi)
	{
		if (v->working)
		{
			uint64		c = DenseGet(v->dense, v->width, it->next - v->lo);

			it->next++;
			if (c)
			{
				*index = it->next - 1;
				*count = c;
				return true;
			}
		}
		else
		{
			const uint8 *p = v->bins + it->pos;
			const uint8 *end = v->bins + v->bins_len;
			uint64		c,
						run;

			if (!GetVarint(&p, end, &c))
				return false;
			if (c)
			{
				it->pos = (size_t) (p - v->bins);
				*index = it->next++;
				*count = c;
				return true;
			}
			if (!GetVarint(&p, end, &run) ||
				run >= (uint64) (v->hi - it->next + 1))
				return false;
			it->pos = (size_t) (p - v->bins);
			it->next += (int32) run + 1;
		}
	}
	return false;
}

/*
 * The estimate for bucket `index`: 2 * U / (1 + g), U its upper bound, g
 * the bucket ratio, whose relative distance to both ends is alpha.
 */
double
sm_bucket_value(const SmView *v, int32 index)
{
	int64		n = (int64) index * ((int64) 1 << v->level);
	int64		r;
	int32		q = (int32) sm_floor_divmod(n, v->k, &r);
	double		u = U64ToDouble(ONE_BITS | v->map->bound[r]);
	double		g = Exp2Ratio((int64) 1 << v->level, v->k, v->map->bound);

	return ldexp(2.0 * u / (1.0 + g), q);
}

static inline double
ClampEst(const SmView *v, double x)
{
	if (x < v->minpos)
		return v->minpos;
	if (x > v->max)
		return v->max;
	return x;
}

double
sm_view_min(const SmView *v)
{
	return v->zeros > 0 ? 0.0 : v->minpos;
}

static inline double
ViewMax(const SmView *v)
{
	return v->count > v->zeros ? v->max : 0.0;
}

/* The rank percentile_disc(q) returns: ceil(q * n), at least 1. */
int64
sm_rank_target(double q, uint64 n)
{
	double		t = ceil(q * (double) n);
	int64		r;

	if (!(t >= 1.0))
		return 1;
	if (t >= (double) n)
		return (int64) n;
	r = (int64) t;
	return r < 1 ? 1 : r;
}

/* Estimate of the value of rank r (1 <= r <= count). */
static double
ValueOfRank(const SmView *v, int64 r)
{
	uint64		npos = v->count - v->zeros;
	uint64		target,
				cum = 0;
	SmBinIter	it;
	int32		idx;
	uint64		c;

	if (r <= 1)
		return sm_view_min(v);
	if ((uint64) r >= v->count)
		return ViewMax(v);
	if ((uint64) r <= v->zeros)
		return 0.0;
	target = (uint64) r - v->zeros;
	if (v->working && target > npos / 2)
	{
		/* dense layout: walk down from the top */
		uint64		from_top = npos - target + 1;
		int32		i;

		for (i = v->hi; i >= v->lo; i--)
		{
			cum += DenseGet(v->dense, v->width, i - v->lo);
			if (cum >= from_top)
				return ClampEst(v, sm_bucket_value(v, i));
		}
		return v->max;
	}
	sm_bin_iter_init(&it, v);
	if (!v->working && v->nmarks > 0)
	{
		/* start from the last checkpoint below the target */
		int			m = 0,
					lo = 0,
					hi = v->nmarks - 1;

		while (lo <= hi)
		{
			int			mid = (lo + hi) / 2;

			if (v->marks[mid].cum < target)
			{
				m = mid;
				lo = mid + 1;
			}
			else
				hi = mid - 1;
		}
		it.pos = v->marks[m].pos;
		it.next = v->marks[m].index;
		cum = v->marks[m].cum;
	}
	while (sm_bin_next(&it, &idx, &c))
	{
		cum += c;
		if (cum >= target)
			return ClampEst(v, sm_bucket_value(v, idx));
	}
	return v->max;
}

/* Estimate of the q-quantile, 0 <= q <= 1, of a nonempty sketch. */
double
sm_view_quantile(const SmView *v, double q)
{
	return ValueOfRank(v, sm_rank_target(q, v->count));
}

typedef struct RankSlot
{
	int64		rank;
	int			pos;
} RankSlot;

static int
RankSlotCmp(const void *a, const void *b)
{
	const RankSlot *x = a;
	const RankSlot *y = b;

	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return x->pos - y->pos;
}

/*
 * Several quantiles in one pass over the buckets (q[] in [0, 1]); longer
 * lists are split into chunks of 256 (bounded stack use).
 */
void
sm_view_quantiles(const SmView *v, const double *q, double *out, int n)
{
	RankSlot	slots[256];
	int			i,
				done = 0;
	uint64		cum = v->zeros;
	SmBinIter	it;
	int32		idx;
	uint64		c;

	if (n > 256)
	{
		/* bounded stack use: split */
		sm_view_quantiles(v, q, out, 256);
		sm_view_quantiles(v, q + 256, out + 256, n - 256);
		return;
	}
	for (i = 0; i < n; i++)
	{
		slots[i].rank = sm_rank_target(q[i], v->count);
		slots[i].pos = i;
	}
	qsort(slots, (size_t) n, sizeof(RankSlot), RankSlotCmp);
	/* ranks answered without the buckets */
	while (done < n && (slots[done].rank <= 1 ||
						(uint64) slots[done].rank <= v->zeros))
	{
		out[slots[done].pos] = ValueOfRank(v, slots[done].rank);
		done++;
	}
	sm_bin_iter_init(&it, v);
	while (done < n && sm_bin_next(&it, &idx, &c))
	{
		double		est = 0.0;
		bool		have = false;

		cum += c;
		while (done < n && (uint64) slots[done].rank <= cum)
		{
			if ((uint64) slots[done].rank >= v->count)
				out[slots[done].pos] = ViewMax(v);
			else
			{
				if (!have)
				{
					est = ClampEst(v, sm_bucket_value(v, idx));
					have = true;
				}
				out[slots[done].pos] = est;
			}
			done++;
		}
	}
	for (; done < n; done++)
		out[slots[done].pos] = ViewMax(v);
}

/*
 * Fraction of the values whose estimate is <= x: the inverse of
 * sm_view_quantile (estimates are monotone in the rank).  If every value
 * v <= x/(1+alpha) counts and none > x/(1-alpha) does.
 */
double
sm_view_rank(const SmView *v, double x)
{
	uint64		n = v->count;
	uint64		c;
	SmBinIter	it;
	int32		idx;
	uint64		bc;

	if (x < sm_view_min(v))
		return 0.0;
	if (x >= ViewMax(v))
		return 1.0;
	c = v->zeros;
	sm_bin_iter_init(&it, v);
	while (sm_bin_next(&it, &idx, &bc))
	{
		if (ClampEst(v, sm_bucket_value(v, idx)) > x)
			break;
		c += bc;
	}
	if (c < 1)
		c = 1;					/* the min is exact and <= x */
	if (c > n - 1)
		c = n - 1;				/* the max is exact and > x */
	return (double) c / (double) n;
}

/* The exact sum rounded to double; *overflow when above DBL_MAX. */
double
sm_view_sum(const SmView *v, bool *overflow)
{
	uint64		m;
	int			e;

	*overflow = false;
	if (!sm_sum_round(v->sum, &m, &e))
		return 0.0;
	if (e + 52 > 1023)
	{
		*overflow = true;
		return HUGE_VAL;
	}
	return ldexp((double) m, e);
}

/* sum / count, clamped to [min, max] (never overflows). */
double
sm_view_mean(const SmView *v)
{
	uint64		m;
	int			e;
	double		mean;

	if (!sm_sum_round(v->sum, &m, &e))
		return 0.0;
	mean = ldexp((double) m / (double) v->count, e);
	if (mean < sm_view_min(v))
		mean = sm_view_min(v);
	if (mean > ViewMax(v))
		mean = ViewMax(v);
	return mean;
}
