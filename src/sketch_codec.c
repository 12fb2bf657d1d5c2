/*-------------------------------------------------------------------------
 *
 * sketch_codec.c
 *	  The encodings of a quantile sketch: the canonical compact form, the
 *	  validation of every untrusted byte (compact or working layout), and
 *	  the text form.  No fmgr, palloc or ereport: fuzzers and the unit
 *	  test link it alone (see sketch.h).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"
#include "compat.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sketch_int.h"

/*
 * port.h sends the printf family to libpgport's versions, which a
 * standalone link (fuzzers, unit test) lacks.  This file prints only
 * integers and hex digits, which libc formats identically.
 */
#undef sprintf
#undef vsnprintf

static void
SetError(SmError *err, const char *fmt,...)
pg_attribute_printf(2, 3);

static void
SetError(SmError *err, const char *fmt,...)
{
	va_list		ap;

	if (err == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
}

/* ----------------------------------------------------------------
 * Canonical encoding
 * ---------------------------------------------------------------- */
size_t
sm_encoded_size_bound(const SmView *v)
{
	size_t		nb = v->count > v->zeros ? (size_t) (v->hi - v->lo + 1) : 0;

	return 5 + 10 + 10 + 16 + nb * 11 + 10 + 10 + SM_SUM_LIMBS * 8;
}

/*
 * Dense counts to the bins stream, one loop per count width (the hot part
 * of final functions over window frames).
 */
#define ENCODE_DENSE(name, type) \
static uint8 * \
name(const type *c, int32 n, uint8 *p) \
{ \
	int32		i = 0; \
\
	while (i < n) \
	{ \
		if (c[i]) \
		{ \
			uint64		x = c[i++]; \
\
			while (x >= 0x80) \
			{ \
				*p++ = (uint8) (x | 0x80); \
				x >>= 7; \
			} \
			*p++ = (uint8) x; \
		} \
		else \
		{ \
			int32		start = i; \
\
			while (i < n && c[i] == 0) \
				i++; \
			*p++ = 0; \
			p = PutVarint(p, (uint64) (i - start - 1)); \
		} \
	} \
	return p; \
}

ENCODE_DENSE(encode_dense_u8, uint8)
ENCODE_DENSE(encode_dense_u16, uint16)
ENCODE_DENSE(encode_dense_u32, uint32)
ENCODE_DENSE(encode_dense_u64, uint64)

size_t
sm_encode(const SmView *v, uint8 *out)
{
	uint8	   *p = out;
	int			first,
				last;

	*p++ = SM_SKETCH_VERSION;
	*p++ = 0;
	*p++ = (uint8) (v->k & 0xFF);
	*p++ = (uint8) (v->k >> 8);
	*p++ = (uint8) v->level;
	p = PutVarint(p, v->count);
	p = PutVarint(p, v->zeros);
	if (v->count > v->zeros)
	{
		p = PutU64(p, DoubleToU64(v->minpos));
		p = PutU64(p, DoubleToU64(v->max));
		if (v->working)
		{
			int32		n = v->hi - v->lo + 1;

			switch (v->width)
			{
				case 0:
					p = encode_dense_u8(v->dense, n, p);
					break;
				case 1:
					p = encode_dense_u16((const uint16 *) v->dense, n, p);
					break;
				case 2:
					p = encode_dense_u32((const uint32 *) v->dense, n, p);
					break;
				default:
					p = encode_dense_u64((const uint64 *) v->dense, n, p);
					break;
			}
		}
		else
		{
			memcpy(p, v->bins, v->bins_len);
			p += v->bins_len;
		}
	}
	for (first = 0; first < SM_SUM_LIMBS && v->sum[first] == 0; first++)
		;
	if (first == SM_SUM_LIMBS)
		p = PutVarint(p, 0);
	else
	{
		int			j;

		for (last = SM_SUM_LIMBS - 1; v->sum[last] == 0; last--)
			;
		p = PutVarint(p, (uint64) (last - first + 1));
		p = PutVarint(p, (uint64) first);
		for (j = first; j <= last; j++)
			p = PutU64(p, v->sum[j]);
	}
	return (size_t) (p - out);
}

/* ----------------------------------------------------------------
 * Validation shared by all decoders
 * ---------------------------------------------------------------- */

/* Checks of k, level, extremes; sets v->map, v->lo, v->hi. */
static SmStatus
CheckHeader(SmView *v, SmMappingGetter getmap, void *getarg, SmError *err)
{
	uint64		npos;

	if (v->k < SM_K_MIN || v->k > SM_K_MAX)
	{
		SetError(err, "buckets per octave k=%d is out of range %d..%d",
				  v->k, SM_K_MIN, SM_K_MAX);
		return SM_ERR_FORMAT;
	}
	if (v->level > SM_MAX_LEVEL)
	{
		SetError(err, "collapse level %d is out of range", v->level);
		return SM_ERR_FORMAT;
	}
	if (v->count > (uint64) PG_INT64_MAX)
	{
		SetError(err, "count is out of range");
		return SM_ERR_FORMAT;
	}
	if (v->zeros > v->count)
	{
		SetError(err, "zeros exceeds count");
		return SM_ERR_FORMAT;
	}
	v->map = getmap(v->k, getarg);
	if (v->map == NULL)
		return SM_ERR_NOMEM;
	npos = v->count - v->zeros;
	if (npos == 0)
	{
		if (v->level != 0)
		{
			SetError(err, "collapse level must be 0 without positive values");
			return SM_ERR_FORMAT;
		}
		return SM_OK;
	}
	if (!(v->minpos > 0.0 && v->max <= 1.7976931348623157e308 &&
		  v->minpos <= v->max))
	{
		SetError(err, "min_positive and max must satisfy 0 < min_positive <= max, finite");
		return SM_ERR_FORMAT;
	}
	if (npos == 1 && v->minpos != v->max)
	{
		SetError(err, "one positive value but min_positive differs from max");
		return SM_ERR_FORMAT;
	}
	{
		int32		i0min = sm_bucket0(v->map, v->minpos);
		int32		i0max = sm_bucket0(v->map, v->max);

		if (LevelFor(i0min, i0max) != v->level)
		{
			SetError(err, "collapse level %d does not match the value range (expected %d)",
					  v->level, LevelFor(i0min, i0max));
			return SM_ERR_FORMAT;
		}
		v->lo = CeilShift(i0min, v->level);
		v->hi = CeilShift(i0max, v->level);
	}
	return SM_OK;
}

/* The exact sum must be 0 without positive values, else within
 * [npos * min_positive, npos * max] (up to rounding). */
static SmStatus
CheckSum(const SmView *v, SmError *err)
{
	uint64		npos = v->count - v->zeros;
	uint64		m;
	int			e;
	bool		nonzero = sm_sum_round(v->sum, &m, &e);

	if (npos == 0)
	{
		if (nonzero)
		{
			SetError(err, "sum must be 0 without positive values");
			return SM_ERR_FORMAT;
		}
		return SM_OK;
	}
	if (!nonzero)
	{
		SetError(err, "sum must be positive");
		return SM_ERR_FORMAT;
	}
	/* compare log2-scaled: sum = m * 2^e, with m in [2^52, 2^53) */
	{
		double		lsum = log2((double) m) + e;
		double		lo = log2(v->minpos) + log2((double) npos);
		double		hi = log2(v->max) + log2((double) npos);

		if (lsum < lo - 1e-9 || lsum > hi + 1e-9)
		{
			SetError(err, "sum is inconsistent with count, min_positive and max");
			return SM_ERR_FORMAT;
		}
	}
	return SM_OK;
}

/* Validate a compact bins stream of buckets v->lo..v->hi. */
static SmStatus
CheckBins(SmView *v, const uint8 **pp, const uint8 *end, SmError *err)
{
	const uint8 *p = *pp;
	uint64		nb = (uint64) (v->hi - v->lo) + 1;
	uint64		covered = 0;
	uint64		total = 0;
	uint64		npos = v->count - v->zeros;
	bool		prev_run = false;
	uint64		step = nb / SM_VIEW_MARKS + 1,
				next_mark = 0;

	v->bins = p;
	v->nmarks = 0;
	while (covered < nb)
	{
		uint64		c;

		if (covered >= next_mark && v->nmarks < SM_VIEW_MARKS)
		{
			v->marks[v->nmarks].pos = (uint32) (p - v->bins);
			v->marks[v->nmarks].index = v->lo + (int32) covered;
			v->marks[v->nmarks].cum = total;
			v->nmarks++;
			next_mark = covered + step;
		}

		if (!GetVarint(&p, end, &c))
		{
			SetError(err, "truncated or malformed bucket count");
			return SM_ERR_FORMAT;
		}
		if (c != 0)
		{
			if (c > npos - total)
			{
				SetError(err, "bucket counts exceed the count of positive values");
				return SM_ERR_FORMAT;
			}
			total += c;
			covered++;
			prev_run = false;
		}
		else
		{
			uint64		run;

			if (!GetVarint(&p, end, &run))
			{
				SetError(err, "truncated or malformed run of empty buckets");
				return SM_ERR_FORMAT;
			}
			if (covered == 0 || prev_run || run >= nb - covered - 1)
			{
				SetError(err, "misplaced run of empty buckets");
				return SM_ERR_FORMAT;
			}
			covered += run + 1;
			prev_run = true;
		}
	}
	if (total != npos)
	{
		SetError(err, "bucket counts sum to %llu, expected %llu",
				  (unsigned long long) total, (unsigned long long) npos);
		return SM_ERR_FORMAT;
	}
	v->bins_len = (size_t) (p - v->bins);
	*pp = p;
	return SM_OK;
}

static SmStatus
ViewInitWorking(SmView *v, const uint8 *payload, size_t len,
				  SmMappingGetter getmap, void *getarg, SmError *err)
{
	const SmSketch *sk = (const SmSketch *) (payload - sizeof(int32));
	size_t		total = len + sizeof(int32);
	SmStatus	st;
	int32		off;
	uint64		npos,
				sum = 0;

	if (((uintptr_t) sk & 7) != 0)
	{
		SetError(err, "misaligned working-layout sketch");
		return SM_ERR_FORMAT;
	}
	if (total < SM_SKETCH_HDRSZ)
	{
		SetError(err, "truncated working-layout sketch");
		return SM_ERR_FORMAT;
	}
	if (sk->width > 3 || sk->cap < 0 || sk->cap > 4 * SM_MAX_BINS ||
		total != SM_SKETCH_SIZE(sk->cap, sk->width))
	{
		SetError(err, "working-layout size does not match its capacity");
		return SM_ERR_FORMAT;
	}
	if (sk->pad != 0 ||
		(sk->wbit == SM_WBIT_NONE ? (sk->sumw[0] | sk->sumw[1]) != 0 :
		 (sk->wbit < 0 || sk->wbit > 64 * SM_SUM_LIMBS - 128)))
	{
		SetError(err, "invalid working-layout header");
		return SM_ERR_FORMAT;
	}
	v->working = true;
	v->k = sk->k;
	v->level = sk->level;
	v->count = sk->count;
	v->zeros = sk->zeros;
	v->minpos = sk->minpos;
	v->max = sk->max;
	v->width = sk->width;
	sm_sketch_sum_total(sk, v->sum);
	st = CheckHeader(v, getmap, getarg, err);
	if (st != SM_OK)
		return st;
	npos = v->count - v->zeros;
	if (npos > 0)
	{
		if (sk->i0min != sm_bucket0(v->map, v->minpos) ||
			sk->i0max != sm_bucket0(v->map, v->max) ||
			v->lo < sk->lo || (int64) v->hi >= (int64) sk->lo + sk->cap)
		{
			SetError(err, "working-layout bucket range is inconsistent");
			return SM_ERR_FORMAT;
		}
		v->dense = (const uint8 *) sk->counts +
			((size_t) (v->lo - sk->lo) << sk->width);
		if (DenseGet(v->dense, v->width, 0) == 0 ||
			DenseGet(v->dense, v->width, v->hi - v->lo) == 0)
		{
			SetError(err, "the buckets of min_positive and max must not be empty");
			return SM_ERR_FORMAT;
		}
	}
	for (off = 0; off < sk->cap; off++)
	{
		int32		idx = sk->lo + off;
		uint64		c = CNT_GET(sk, off);

		if (c == 0)
			continue;
		if (npos == 0 || idx < v->lo || idx > v->hi || c > npos - sum)
		{
			SetError(err, "working-layout bucket counts are inconsistent");
			return SM_ERR_FORMAT;
		}
		sum += c;
	}
	if (sum != npos)
	{
		SetError(err, "bucket counts sum to %llu, expected %llu",
				  (unsigned long long) sum, (unsigned long long) npos);
		return SM_ERR_FORMAT;
	}
	return CheckSum(v, err);
}

/*
 * Validate a stored or received sketch (payload: the bytes after the
 * 4-byte varlena header) and describe it in *v.  Every field is checked;
 * nothing is allocated except through getmap.  The compact layout must be
 * canonical.  A working-layout payload must be preceded by its 4-byte
 * header in memory and aligned to 8.
 */
SmStatus
sm_view_init(SmView *v, const uint8 *payload, size_t len,
			 SmMappingGetter getmap, void *getarg, SmError *err)
{
	const uint8 *p = payload;
	const uint8 *end = payload + len;
	SmStatus	st;
	uint64		nl;

	memset(v, 0, sizeof(*v));
	if (len < 5)
	{
		SetError(err, "truncated header (%zu bytes)", len);
		return SM_ERR_FORMAT;
	}
	if (p[0] != SM_SKETCH_VERSION)
	{
		SetError(err, "unsupported format version %u", (unsigned) p[0]);
		return SM_ERR_FORMAT;
	}
	if (p[1] == SM_FLAG_WORKING)
		return ViewInitWorking(v, payload, len, getmap, getarg, err);
	if (p[1] != 0)
	{
		SetError(err, "unknown flags 0x%02x", (unsigned) p[1]);
		return SM_ERR_FORMAT;
	}
	v->k = p[2] | (p[3] << 8);
	v->level = p[4];
	p += 5;
	if (!GetVarint(&p, end, &v->count) || !GetVarint(&p, end, &v->zeros))
	{
		SetError(err, "truncated or malformed count");
		return SM_ERR_FORMAT;
	}
	if (v->count > v->zeros)
	{
		if (end - p < 16)
		{
			SetError(err, "truncated min_positive/max");
			return SM_ERR_FORMAT;
		}
		v->minpos = U64ToDouble(GetU64(p));
		v->max = U64ToDouble(GetU64(p + 8));
		p += 16;
	}
	st = CheckHeader(v, getmap, getarg, err);
	if (st != SM_OK)
		return st;
	if (v->count > v->zeros)
	{
		st = CheckBins(v, &p, end, err);
		if (st != SM_OK)
			return st;
	}
	if (!GetVarint(&p, end, &nl) || nl > SM_SUM_LIMBS)
	{
		SetError(err, "truncated or malformed sum");
		return SM_ERR_FORMAT;
	}
	if (nl > 0)
	{
		uint64		first;
		uint64		j;

		if (!GetVarint(&p, end, &first) || first > SM_SUM_LIMBS - nl)
		{
			SetError(err, "sum limbs out of range");
			return SM_ERR_FORMAT;
		}
		if ((uint64) (end - p) < nl * 8)
		{
			SetError(err, "truncated sum");
			return SM_ERR_FORMAT;
		}
		for (j = 0; j < nl; j++, p += 8)
			v->sum[first + j] = GetU64(p);
		if (v->sum[first] == 0 || v->sum[first + nl - 1] == 0)
		{
			SetError(err, "sum limbs not trimmed");
			return SM_ERR_FORMAT;
		}
	}
	if (p != end)
	{
		SetError(err, "%zu trailing bytes", (size_t) (end - p));
		return SM_ERR_FORMAT;
	}
	return CheckSum(v, err);
}

/* ----------------------------------------------------------------
 * Text form
 *
 *	v1 alpha=0.009901778953003098 k=35 level=0 count=5 zeros=1 sum=0x1.2p+3
 *	   min_positive=0.5 max=4 bins=1,0*3,2,1
 *
 * (one line).  alpha is informational and must match k and level; the
 * last three fields appear when count > zeros.  sum is exact, in C99
 * hexadecimal notation with a normalized, trimmed mantissa.
 * ---------------------------------------------------------------- */
size_t
sm_text_size_bound(const SmView *v)
{
	size_t		nb = v->count > v->zeros ? (size_t) (v->hi - v->lo + 1) : 0;

	return 400 + SM_SUM_LIMBS * 16 + nb * 22;
}

static inline int
SumBit(const uint64 *limbs, int pos)
{
	return (int) ((limbs[pos >> 6] >> (pos & 63)) & 1);
}

static char *
FormatSum(const uint64 *limbs, char *p)
{
	int			top = -1,
				low = -1,
				j,
				b;

	for (j = SM_SUM_LIMBS - 1; j >= 0; j--)
		if (limbs[j])
		{
			top = j * 64 + pg_leftmost_one_pos64(limbs[j]);
			break;
		}
	if (top < 0)
	{
		*p++ = '0';
		return p;
	}
	for (j = 0; j < SM_SUM_LIMBS; j++)
		if (limbs[j])
		{
			low = j * 64 + pg_rightmost_one_pos64(limbs[j]);
			break;
		}
	*p++ = '0';
	*p++ = 'x';
	*p++ = '1';
	if (low < top)
	{
		*p++ = '.';
		for (b = top - 1; b >= low; b -= 4)
		{
			int			nib = 0,
						t;

			for (t = 0; t < 4; t++)
			{
				nib <<= 1;
				if (b - t >= 0)
					nib |= SumBit(limbs, b - t);
			}
			*p++ = "0123456789abcdef"[nib];
		}
	}
	p += sprintf(p, "p%+d", top - 1074);
	return p;
}

size_t
sm_text_format(const SmView *v, char *out, SmFormatDouble fmt)
{
	char	   *p = out;
	char		buf[40];
	int			n;

	n = fmt(sm_alpha(v->k, v->level), buf);
	buf[n] = '\0';
	p += sprintf(p, "v%d alpha=%s k=%d level=%d count=%llu zeros=%llu sum=",
				 SM_SKETCH_VERSION, buf, v->k, v->level,
				 (unsigned long long) v->count,
				 (unsigned long long) v->zeros);
	p = FormatSum(v->sum, p);
	if (v->count > v->zeros)
	{
		int32		i = v->lo;
		SmBinIter	it;
		int32		idx;
		uint64		c;
		bool		first = true;

		n = fmt(v->minpos, buf);
		buf[n] = '\0';
		p += sprintf(p, " min_positive=%s", buf);
		n = fmt(v->max, buf);
		buf[n] = '\0';
		p += sprintf(p, " max=%s bins=", buf);
		sm_bin_iter_init(&it, v);
		while (sm_bin_next(&it, &idx, &c))
		{
			if (!first)
				*p++ = ',';
			first = false;
			if (idx > i + 1)
				p += sprintf(p, "0*%ld,", (long) (idx - i));
			else if (idx == i + 1)
				p += sprintf(p, "0,");
			p += sprintf(p, "%llu", (unsigned long long) c);
			i = idx + 1;
		}
	}
	*p = '\0';
	return (size_t) (p - out);
}

/* Parser state: a cursor over a NUL-terminated string. */
typedef struct TextCursor
{
	const char *p;
	SmError    *err;
} TextCursor;

static bool
ExpectKey(TextCursor *c, const char *key, bool leading_space)
{
	size_t		n = strlen(key);

	if (leading_space)
	{
		if (*c->p != ' ')
		{
			SetError(c->err, "expected \" %s=\"", key);
			return false;
		}
		c->p++;
	}
	if (strncmp(c->p, key, n) != 0 || c->p[n] != '=')
	{
		SetError(c->err, "expected \"%s=\"", key);
		return false;
	}
	c->p += n + 1;
	return true;
}

static bool
ParseUint(TextCursor *c, const char *what, uint64 *out)
{
	uint64		x = 0;
	const char *s = c->p;

	if (*s < '0' || *s > '9')
	{
		SetError(c->err, "%s: expected an unsigned integer", what);
		return false;
	}
	while (*s >= '0' && *s <= '9')
	{
		unsigned	d = (unsigned) (*s - '0');

		if (x > (PG_UINT64_MAX - d) / 10)
		{
			SetError(c->err, "%s is out of range", what);
			return false;
		}
		x = x * 10 + d;
		s++;
	}
	c->p = s;
	*out = x;
	return true;
}

/* A finite decimal double; no inf/nan/hex, whole token. */
static bool
ParseDouble(TextCursor *c, const char *what, double *out)
{
	char		tok[64];
	size_t		n = 0;
	char	   *endp;
	const char *s = c->p;

	while ((*s >= '0' && *s <= '9') || *s == '.' || *s == 'e' ||
		   *s == 'E' || *s == '+' || *s == '-')
	{
		if (n >= sizeof(tok) - 1)
		{
			SetError(c->err, "%s: number too long", what);
			return false;
		}
		tok[n++] = *s++;
	}
	tok[n] = '\0';
	if (n == 0)
	{
		SetError(c->err, "%s: expected a number", what);
		return false;
	}
	*out = strtod(tok, &endp);
	if (*endp != '\0' || !isfinite(*out))
	{
		SetError(c->err, "%s: invalid number \"%s\"", what, tok);
		return false;
	}
	c->p = s;
	return true;
}

static int
HexVal(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* "0" or 0x<hex>[.<hex>]p[+-]<dec>, exact, into limbs. */
static bool
ParseSum(TextCursor *c, uint64 *limbs)
{
	const char *s = c->p;
	const char *digits;
	int			nint = 0,
				nfrac = 0,
				ndig,
				i;
	long		exp = 0;
	bool		neg = false;
	int			base;

	memset(limbs, 0, sizeof(uint64) * SM_SUM_LIMBS);
	if (s[0] == '0' && !(s[1] == 'x' || s[1] == 'X'))
	{
		c->p = s + 1;
		return true;
	}
	if (s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
	{
		SetError(c->err, "sum: expected 0 or a hexadecimal number like 0x1.8p+3");
		return false;
	}
	s += 2;
	digits = s;
	while (HexVal(*s) >= 0)
		s++, nint++;
	if (*s == '.')
	{
		s++;
		while (HexVal(*s) >= 0)
			s++, nfrac++;
	}
	if (nint + nfrac == 0 || nint + nfrac > 700 || (*s != 'p' && *s != 'P'))
	{
		SetError(c->err, "sum: malformed hexadecimal number");
		return false;
	}
	s++;
	if (*s == '+' || *s == '-')
		neg = (*s++ == '-');
	if (*s < '0' || *s > '9')
	{
		SetError(c->err, "sum: malformed binary exponent");
		return false;
	}
	while (*s >= '0' && *s <= '9')
	{
		exp = exp * 10 + (*s++ - '0');
		if (exp > 100000)
		{
			SetError(c->err, "sum: binary exponent out of range");
			return false;
		}
	}
	if (neg)
		exp = -exp;
	/* bit position of the lowest bit of the last hex digit */
	base = (int) exp - 4 * nfrac + 1074;
	ndig = nint + nfrac;
	for (i = 0; i < ndig; i++)
	{
		const char *dp = digits + i + (i >= nint ? 1 : 0);
		int			nib = HexVal(*dp);
		int			t;

		for (t = 0; t < 4; t++)
		{
			if (nib & (1 << t))
			{
				long		pos = (long) base + 4L * (ndig - 1 - i) + t;

				if (pos < 0 || pos >= 64L * SM_SUM_LIMBS)
				{
					SetError(c->err, "sum: not representable (bits outside 2^-1074 .. 2^1101)");
					return false;
				}
				limbs[pos >> 6] |= UINT64CONST(1) << (pos & 63);
			}
		}
	}
	c->p = s;
	return true;
}

/*
 * Parse the text form into a fresh working sketch (*out).  All fields are
 * validated as for the binary form; the only allocation is the sketch
 * itself, sized from min_positive and max after they have been checked.
 */
SmStatus
sm_text_parse(const char *str, SmMappingGetter getmap, void *getarg,
			  const SmAllocator *a, SmSketch **out, SmError *err)
{
	TextCursor	c;
	SmView		v;
	uint64		x;
	double		alpha;
	SmStatus	st;
	SmSketch   *sk;
	int32		cap = 0;

	memset(&v, 0, sizeof(v));
	c.p = str;
	c.err = err;
	while (*c.p == ' ' || *c.p == '\t' || *c.p == '\n' || *c.p == '\r')
		c.p++;
	if (c.p[0] != 'v' || c.p[1] < '0' || c.p[1] > '9')
	{
		SetError(err, "expected a version like \"v1\"");
		return SM_ERR_FORMAT;
	}
	c.p++;
	if (!ParseUint(&c, "version", &x))
		return SM_ERR_FORMAT;
	if (x != SM_SKETCH_VERSION)
	{
		SetError(err, "unsupported format version %llu", (unsigned long long) x);
		return SM_ERR_FORMAT;
	}
	if (!ExpectKey(&c, "alpha", true) || !ParseDouble(&c, "alpha", &alpha))
		return SM_ERR_FORMAT;
	if (!ExpectKey(&c, "k", true) || !ParseUint(&c, "k", &x))
		return SM_ERR_FORMAT;
	v.k = x > 100000 ? 100000 : (int) x;
	if (!ExpectKey(&c, "level", true) || !ParseUint(&c, "level", &x))
		return SM_ERR_FORMAT;
	v.level = x > 1000 ? 1000 : (int) x;
	if (!ExpectKey(&c, "count", true) || !ParseUint(&c, "count", &v.count))
		return SM_ERR_FORMAT;
	if (!ExpectKey(&c, "zeros", true) || !ParseUint(&c, "zeros", &v.zeros))
		return SM_ERR_FORMAT;
	if (!ExpectKey(&c, "sum", true) || !ParseSum(&c, v.sum))
		return SM_ERR_FORMAT;
	if (v.count > v.zeros)
	{
		if (!ExpectKey(&c, "min_positive", true) ||
			!ParseDouble(&c, "min_positive", &v.minpos))
			return SM_ERR_FORMAT;
		if (!ExpectKey(&c, "max", true) || !ParseDouble(&c, "max", &v.max))
			return SM_ERR_FORMAT;
	}
	st = CheckHeader(&v, getmap, getarg, err);
	if (st != SM_OK)
		return st;
	if (alpha != sm_alpha(v.k, v.level))
	{
		SetError(err, "alpha=%.17g does not match k=%d and level=%d",
				  alpha, v.k, v.level);
		return SM_ERR_FORMAT;
	}
	if (v.count > v.zeros)
		cap = v.hi - v.lo + 1;	/* at most SM_MAX_BINS, checked */
	sk = a->alloc(a->arg, SM_SKETCH_SIZE(cap, 3));
	if (sk == NULL)
		return SM_ERR_NOMEM;
	sm_sketch_init_header(sk, v.k, 3);
	memset(sk->counts, 0, (size_t) cap << 3);
	sk->level = (uint8) v.level;
	sk->count = v.count;
	sk->zeros = v.zeros;
	memcpy(sk->sum, v.sum, sizeof(sk->sum));
	if (cap > 0)
	{
		int32		covered = 0;
		uint64		total = 0;
		uint64		npos = v.count - v.zeros;

		sk->minpos = v.minpos;
		sk->max = v.max;
		sk->i0min = sm_bucket0(v.map, v.minpos);
		sk->i0max = sm_bucket0(v.map, v.max);
		sk->lo = v.lo;
		sk->cap = cap;
		if (!ExpectKey(&c, "bins", true))
			return SM_ERR_FORMAT;
		for (;;)
		{
			if (!ParseUint(&c, "bins", &x))
				return SM_ERR_FORMAT;
			if (x == 0 && *c.p == '*')
			{
				uint64		run;

				c.p++;
				if (!ParseUint(&c, "bins", &run))
					return SM_ERR_FORMAT;
				if (run == 0 || run > (uint64) (cap - covered))
				{
					SetError(err, "bins: run of empty buckets out of range");
					return SM_ERR_FORMAT;
				}
				covered += (int32) run;
			}
			else
			{
				if (covered >= cap)
				{
					SetError(err, "bins: %d buckets expected from min_positive to max", cap);
					return SM_ERR_FORMAT;
				}
				if (x > npos - total)
				{
					SetError(err, "bins: counts exceed the count of positive values");
					return SM_ERR_FORMAT;
				}
				total += x;
				sk->counts[covered++] = x;
			}
			if (*c.p != ',')
				break;
			c.p++;
		}
		if (covered != cap)
		{
			SetError(err, "bins: %d buckets given, %d expected from min_positive to max",
					  covered, cap);
			return SM_ERR_FORMAT;
		}
		if (sk->counts[0] == 0 || sk->counts[cap - 1] == 0)
		{
			SetError(err, "bins: the buckets of min_positive and max must not be empty");
			return SM_ERR_FORMAT;
		}
		if (total != npos)
		{
			SetError(err, "bins: counts sum to %llu, expected count - zeros = %llu",
					  (unsigned long long) total, (unsigned long long) npos);
			return SM_ERR_FORMAT;
		}
	}
	while (*c.p == ' ' || *c.p == '\t' || *c.p == '\n' || *c.p == '\r')
		c.p++;
	if (*c.p != '\0')
	{
		SetError(err, "unexpected text at \"%.20s\"", c.p);
		return SM_ERR_FORMAT;
	}
	st = CheckSum(&v, err);
	if (st != SM_OK)
		return st;
	*out = sk;
	return SM_OK;
}
