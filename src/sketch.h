/*-------------------------------------------------------------------------
 *
 * sketch.h
 *	  The quantile sketch algorithm, with no calls into the server.
 *
 *	  A relative-error quantile sketch of the DDSketch family: a value v > 0
 *	  goes to the bucket i = ceil(k * log2(v)), i.e. the interval
 *	  (2^((i-1)/k), 2^(i/k)], and is estimated by the point of that interval
 *	  whose relative distance to both ends is alpha = (g-1)/(g+1), g =
 *	  2^(1/k).  Choosing gamma as a root of 2 makes the bucket of a double a
 *	  table lookup on its mantissa bits (exact, no log()).  Zero has its own
 *	  counter; count, the sum (exact, see below), the smallest positive value
 *	  and the largest value are kept exactly.
 *
 *	  Safety net: if the positive values span more than SM_MAX_BINS buckets,
 *	  adjacent buckets are merged pairwise ("collapse", UDDSketch), which
 *	  squares g; `level` counts collapses.  The level is a function of the
 *	  smallest and largest value only, never of insertion order, so every
 *	  build order, merge tree and parallel plan gives the same sketch.
 *
 *	  This file, sketch_int.h, sketch.c and sketch_codec.c are written in
 *	  PostgreSQL's dialect (c.h's types, likely(), pg_bitutils.h) but make
 *	  no fmgr, ereport or palloc call: they need the server's headers to
 *	  compile, not the server to link, so fuzzers and unit tests link
 *	  sketch.c and sketch_codec.c alone.  Nothing here raises errors:
 *	  functions return an SmStatus and, for decoders, a message in an
 *	  SmError.  Memory comes from a caller-provided allocator; nothing is
 *	  freed here.
 *
 *	  Two layouts of one varlena type:
 *	  - working (flags & SM_FLAG_WORKING): SmSketch below, native byte order,
 *	    a dense array of counts, modified in place by aggregates;
 *	  - compact (flags == 0): the canonical, byte-order independent encoding
 *	    that final functions, input functions and send produce.  A given
 *	    content has exactly one compact encoding; decoders reject every
 *	    other byte string.
 *	  Readers (SmView) accept both.
 *
 *	  Compact payload (after the 4-byte varlena header), integers in LEB128
 *	  varints (minimal length), fixed-size fields little endian:
 *	    u8 version (=1), u8 flags (=0), u16 k, u8 level,
 *	    varint count, varint zeros,
 *	    if count > zeros: f64 min_positive, f64 max,
 *	        bins: the counts of buckets lo..hi, lo = bucket of min_positive,
 *	        hi = bucket of max (at `level`); a nonzero count is one varint,
 *	        a run of r >= 1 empty buckets is the varint 0 then varint r-1;
 *	        the first and last bucket are nonzero, runs are maximal;
 *	    varint nlimbs, and if nlimbs > 0: varint first_limb, nlimbs x u64:
 *	        the exact sum, sum = sum_j limb[j] * 2^(64*(first_limb+j) - 1074),
 *	        first and last limb nonzero.
 *
 *	  Estimates target the value of rank r = ceil(q * n) (1-based, at least
 *	  1), the same value percentile_disc(q) returns; ranks 1 and n are the
 *	  exact min and max, other estimates are clamped to [min, max].
 *
 *-------------------------------------------------------------------------
 */
#ifndef SM_SKETCH_H
#define SM_SKETCH_H

#include "c.h"

#define SM_SKETCH_VERSION	1
#define SM_FLAG_WORKING		0x01

/* Buckets (at the current level) the positive values may span. */
#define SM_MAX_BINS			8192
/* Buckets per octave: relative_error 0.25 gives 2, 0.0001 gives 3466. */
#define SM_K_MIN			2
#define SM_K_MAX			3466
#define SM_K_DEFAULT		35	/* relative_error 0.01: alpha 0.0099018 */
#define SM_RELERR_MIN		0.0001
#define SM_RELERR_MAX		0.25
#define SM_RELERR_DEFAULT	0.01
/* Collapses never exceed 11 (all doubles fit); readers accept no more. */
#define SM_MAX_LEVEL		16
/* The exact sum: fixed point, bit 0 = 2^-1074, 2176 bits. */
#define SM_SUM_LIMBS		34

typedef enum SmStatus
{
	SM_OK = 0,
	SM_ERR_VALUE,				/* negative, NaN or infinite value */
	SM_ERR_PARAM,				/* relative error out of range */
	SM_ERR_MISMATCH,			/* sketches of different k */
	SM_ERR_OVERFLOW,			/* count above PG_INT64_MAX */
	SM_ERR_NOMEM,				/* the allocator returned NULL */
	SM_ERR_FORMAT,				/* malformed input (message in SmError) */
	SM_ERR_RESTART				/* inverse impossible: min or max removed */
} SmStatus;

typedef struct SmError
{
	char		msg[160];
} SmError;

/* Allocation callback: returns zeroed or not, caller must not assume. */
typedef struct SmAllocator
{
	void	   *(*alloc) (void *arg, size_t size);
	void	   *arg;
} SmAllocator;

/*
 * Bucket mapping for one k: boundaries 2^(b/k) computed in double-double
 * arithmetic from IEEE operations only (identical on every platform), and
 * a table over the top mantissa bits.  Build into caller memory of
 * sm_mapping_size(k) bytes (aligned to 8); read-only afterwards.
 */
typedef struct SmSubrange
{
	uint64		bound;			/* the boundary inside this subrange, or ~0 */
	int32		j0;				/* boundaries strictly below the subrange */
	int32		pad;
} SmSubrange;

typedef struct SmMapping
{
	int32		k;
	int32		shift;			/* 52 - table bits */
	const uint64 *bound;		/* k mantissa fields of 2^(b/k) */
	const SmSubrange *table;
} SmMapping;

/* Getter used by decoders: the mapping for k, or NULL (out of memory). */
typedef const SmMapping *(*SmMappingGetter) (int k, void *arg);

/*
 * The working layout (a complete varlena; the allocator sets vl_len_).
 * The first 64 bytes hold everything the per-row path touches; counts are
 * 1 << width bytes each, widened on overflow.
 */
typedef struct SmSketch
{
	int32		vl_len_;
	uint8		version;
	uint8		flags;
	uint16		k;
	uint8		level;
	uint8		width;			/* counts are 1 << width bytes */
	uint16		pad;
	int32		lo;				/* bucket index (at level) of counts[0] */
	int32		cap;			/* number of counts */
	int32		wbit;			/* accumulator bit of sumw's bit 0 */
	uint64		count;			/* values, zeros included */
	double		minpos;			/* smallest value > 0 (if count > zeros) */
	double		max;			/* largest value (if count > zeros) */
	uint64		sumw[2];		/* 128-bit window of the sum, see sketch.c */
	/* cold fields */
	int32		i0min;			/* level-0 bucket of min_positive */
	int32		i0max;			/* level-0 bucket of max */
	uint64		zeros;
	uint64		sum[SM_SUM_LIMBS];	/* the rest of the exact sum */
	uint64		counts[];		/* storage for cap counts */
} SmSketch;

#define SM_WBIT_NONE		(-1000000)
#define SM_WINDOW_SHIFT_MAX 74	/* 53-bit mantissa + 1 below bit 127 */
#define SM_SKETCH_HDRSZ		offsetof(SmSketch, counts)
#define SM_SKETCH_SIZE(cap, width) \
	(SM_SKETCH_HDRSZ + ((size_t) (cap) << (width)))

/* Position in the compact bins stream before bucket `index`. */
typedef struct SmBinMark
{
	uint32		pos;			/* offset in bins of the item for index */
	int32		index;
	uint64		cum;			/* positive values in buckets < index */
} SmBinMark;

#define SM_VIEW_MARKS 64

/* A validated read-only view of either layout. */
typedef struct SmView
{
	int			k;
	int			level;
	bool		working;
	uint64		count;
	uint64		zeros;
	double		minpos;			/* if count > zeros */
	double		max;			/* if count > zeros */
	int32		lo;				/* first and last nonzero bucket */
	int32		hi;
	const uint8 *dense;			/* working: counts of buckets lo..hi */
	int			width;			/* working: count width (log2 bytes) */
	const uint8 *bins;			/* compact: encoded bins */
	size_t		bins_len;
	uint64		sum[SM_SUM_LIMBS];
	const SmMapping *map;
	int			nmarks;			/* compact: checkpoints for rank walks */
	SmBinMark	marks[SM_VIEW_MARKS];
} SmView;

/* Iterator over the nonzero buckets of a view, ascending. */
typedef struct SmBinIter
{
	const SmView *v;
	int32		next;			/* bucket index of the next item */
	size_t		pos;			/* compact: offset in bins */
} SmBinIter;

/*
 * API summary (no server calls; errors are return codes):
 *
 * Parameters
 *	sm_k_for_relative_error(r, &k)	k for a requested relative error r in
 *									[SM_RELERR_MIN, SM_RELERR_MAX]
 *	sm_alpha(k, level)				the relative error in force
 * Mapping (one per k, built once into caller memory, then read-only)
 *	sm_mapping_size(k), sm_mapping_init(buf, k)
 *	sm_bucket0(map, v)				level-0 bucket of v > 0
 * Building (working layout; *sk may be replaced by a larger copy)
 *	sm_sketch_create(k, alloc)		empty sketch
 *	sm_sketch_insert_fast(sk, map, v)	inline per-row path; false: use
 *	sm_sketch_insert(&sk, map, v, alloc)	the general path (SM_ERR_VALUE for
 *									negative, NaN, infinite v)
 *	sm_sketch_remove(sk, map, v)	inverse; SM_ERR_RESTART for min/max
 *	sm_sketch_merge(&sk, view, alloc)	sk += view (SM_ERR_MISMATCH: k)
 *	sm_sketch_subtract(sk, view)	sk -= view; SM_ERR_RESTART as remove
 *	sm_sketch_from_view(view, alloc)	working copy of any view
 * Reading (views of either layout)
 *	sm_view_init(&v, payload, len, getmap, arg, &err)	validate untrusted
 *									bytes (after the 4-byte varlena header)
 *	sm_view_from_sketch(&v, sk, map)	view of a trusted working sketch
 *	sm_view_quantile(s), sm_view_rank, sm_view_sum, sm_view_mean,
 *	sm_view_min, sm_bin_iter_init/sm_bin_next, sm_bucket_value
 * Encoding
 *	sm_encoded_size_bound(v), sm_encode(v, out)	canonical compact payload
 *	sm_text_size_bound(v), sm_text_format(v, out, fmt_double)
 *	sm_text_parse(str, getmap, arg, alloc, &sk, &err)
 */

/* --- parameters --- */
extern SmStatus sm_k_for_relative_error(double relative_error, int *k);
extern double sm_alpha(int k, int level);

/* --- mapping --- */
extern size_t sm_mapping_size(int k);
extern const SmMapping *sm_mapping_init(void *buf, int k);
extern int32 sm_bucket0(const SmMapping *map, double v);	/* v > 0 */

/* --- working sketches --- */
extern SmSketch *sm_sketch_create(int k, const SmAllocator *a);
extern SmStatus sm_sketch_insert(SmSketch **sk, const SmMapping *map,
								 double v, const SmAllocator *a);
extern SmStatus sm_sketch_remove(SmSketch *sk, const SmMapping *map, double v);
extern SmStatus sm_sketch_merge(SmSketch **dst, const SmView *src,
								const SmAllocator *a);
extern SmStatus sm_sketch_subtract(SmSketch *dst, const SmView *src);
extern SmSketch *sm_sketch_from_view(const SmView *v, const SmAllocator *a);
extern void sm_view_from_sketch(SmView *v, const SmSketch *sk,
								const SmMapping *map);

/* --- compact encoding --- */
extern size_t sm_encoded_size_bound(const SmView *v);
extern size_t sm_encode(const SmView *v, uint8 *out);
extern SmStatus sm_view_init(SmView *v, const uint8 *payload, size_t len,
							 SmMappingGetter getmap, void *getarg,
							 SmError *err);

/* --- text form --- */
typedef int (*SmFormatDouble) (double v, char *buf);	/* buf >= 32 bytes */
extern size_t sm_text_size_bound(const SmView *v);
extern size_t sm_text_format(const SmView *v, char *out, SmFormatDouble fmt);
extern SmStatus sm_text_parse(const char *s, SmMappingGetter getmap,
							  void *getarg, const SmAllocator *a,
							  SmSketch **out, SmError *err);

/* --- reading (a view with count > 0 unless stated) --- */
extern void sm_bin_iter_init(SmBinIter *it, const SmView *v);
extern bool sm_bin_next(SmBinIter *it, int32 *index, uint64 *count);
extern double sm_bucket_value(const SmView *v, int32 index);
extern double sm_view_min(const SmView *v);
extern double sm_view_quantile(const SmView *v, double q);
extern void sm_view_quantiles(const SmView *v, const double *q, double *out,
							  int n);
extern double sm_view_rank(const SmView *v, double x);
extern double sm_view_sum(const SmView *v, bool *overflow);
extern double sm_view_mean(const SmView *v);
extern int64 sm_rank_target(double q, uint64 n);

/*
 * --- exact sums (limbs as in SmSketch.sum) ---
 *
 * The sketch's own exact sum, not exactsum.h's SmExact: a sketch accepts
 * any non-negative double, from the smallest subnormal to DBL_MAX, up to
 * 2^63 of them, and refuses none, so the sum is unsigned fixed point from
 * 2^-1074 up, 34 limbs wide, stored with only its nonzero limbs (see the
 * compact payload above).  SmExact is signed, 256 bits and limited to
 * [-2^127, 2^127) in steps of 2^-128: right for the small fixed-size states
 * of the engagement rate, share of voice and trends (signed values,
 * products, a decimal text form, 22003 outside the range), too narrow
 * here.  exactsum.h says the same from its side.
 */
extern void sm_sum_add(uint64 *limbs, double v);
extern void sm_sum_sub(uint64 *limbs, double v);

/*
 * The per-row fast path of sm_sketch_insert, inlined into aggregate
 * transition functions: a normal double within [min_positive, max] whose
 * bucket is allocated.  Returns false, sketch untouched, for anything else
 * (zero, new extremes, growth, subnormals, invalid values): call
 * sm_sketch_insert then.  Same result as sm_sketch_insert.
 */
static pg_attribute_always_inline bool
sm_sketch_insert_fast(SmSketch *sk, const SmMapping *map, double v)
{
	uint64		bits,
				f,
				mant,
				lo,
				hi,
				old;
	const SmSubrange *s;
	int32		i,
				off;
	int			e,
				sh;

	if (!(v > 0.0 && v >= sk->minpos && v <= sk->max))
		return false;
	memcpy(&bits, &v, sizeof(bits));
	e = (int) (bits >> 52);
	sh = e - 1 - sk->wbit;
	if (e == 0 || (uint32) sh > SM_WINDOW_SHIFT_MAX ||
		(sk->sumw[1] >> 63) != 0 || sk->count >= (uint64) PG_INT64_MAX)
		return false;
	f = bits & ((UINT64CONST(1) << 52) - 1);
	s = &map->table[f >> map->shift];
	i = (e - 1023) * map->k + s->j0 + (f > s->bound);
	if (sk->level)
		i = i >= 0 ? (int32) (((int64) i + ((INT64CONST(1) << sk->level) - 1)) >> sk->level)
			: -(int32) ((-(int64) i) >> sk->level);
	off = i - sk->lo;
	if ((uint32) off >= (uint32) sk->cap)
		return false;
	switch (sk->width)
	{
		case 0:
			{
				uint8	   *c = (uint8 *) sk->counts + off;

				if (*c == PG_UINT8_MAX)
					return false;
				(*c)++;
				break;
			}
		case 1:
			{
				uint16	   *c = (uint16 *) sk->counts + off;

				if (*c == PG_UINT16_MAX)
					return false;
				(*c)++;
				break;
			}
		case 2:
			{
				uint32	   *c = (uint32 *) sk->counts + off;

				if (*c == PG_UINT32_MAX)
					return false;
				(*c)++;
				break;
			}
		default:
			sk->counts[off]++;
			break;
	}
	sk->count++;
	/* the exact sum: the 53-bit mantissa at bit sh of the window */
	mant = f | (UINT64CONST(1) << 52);
	/*
	 * The compiler's macro rather than c.h's HAVE_INT128: test/43 builds
	 * the portable path below with -U__SIZEOF_INT128__.
	 */
#ifdef __SIZEOF_INT128__
	{
		unsigned __int128 w = ((unsigned __int128) sk->sumw[1] << 64) | sk->sumw[0];

		w += (unsigned __int128) mant << sh;
		sk->sumw[0] = (uint64) w;
		sk->sumw[1] = (uint64) (w >> 64);
		(void) lo;
		(void) hi;
		(void) old;
	}
#else
	lo = sh < 64 ? mant << sh : 0;
	hi = sh < 64 ? (mant >> 1) >> (63 - sh) : mant << (sh - 64);
	old = sk->sumw[0];
	sk->sumw[0] = old + lo;
	sk->sumw[1] += hi + (sk->sumw[0] < old);
#endif
	return true;
}

#endif							/* SM_SKETCH_H */
