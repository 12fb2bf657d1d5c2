/*-------------------------------------------------------------------------
 *
 * exactsum.c
 *	  The exact fixed-point accumulator of exactsum.h: merging two sums,
 *	  conversion to double, and the exact decimal text form.
 *
 *	  Text form: an optional '-', the integer part in decimal, and, when the
 *	  fraction is not zero, '.' followed by its exact decimal expansion.  A
 *	  fraction counted in units of 2^-128 always has a finite expansion of
 *	  at most 128 digits, so the text is exact and parsing it gives back the
 *	  same bits.  Hand-written text with a fraction that is not a multiple of
 *	  2^-128 is rounded to nearest (ties to even; a value within about 2^-160
 *	  of a tie may round either way).
 *
 *	  No fmgr calls here (see exactsum.h).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"
#include "compat.h"

#include <math.h>

#include "exactsum.h"
#include "port/pg_bitutils.h"

/* acc += b; false on overflow of the two's-complement range */
bool
sm_exact_add(SmExact *acc, const SmExact *b)
{
	bool		na = sm_exact_is_negative(acc);
	bool		nb = sm_exact_is_negative(b);
	uint64		c = 0;
	int			i;

	for (i = 0; i < SM_EXACT_LIMBS; i++)
	{
		uint64		s = acc->w[i] + c;
		uint64		c1 = s < c;

		s += b->w[i];
		c = c1 | (s < b->w[i]);
		acc->w[i] = s;
	}
	/* overflow iff both operands have the same sign and the result not */
	return na != nb || sm_exact_is_negative(acc) == na;
}

/* acc -= b; false on overflow */
bool
sm_exact_sub(SmExact *acc, const SmExact *b)
{
	bool		na = sm_exact_is_negative(acc);
	bool		nb = sm_exact_is_negative(b);
	uint64		c = 0;
	int			i;

	for (i = 0; i < SM_EXACT_LIMBS; i++)
	{
		uint64		a = acc->w[i];
		uint64		t = b->w[i] + c;
		uint64		c1 = t < c;

		c = c1 | (a < t);
		acc->w[i] = a - t;
	}
	/* overflow iff the operands' signs differ and the result has b's sign */
	return na == nb || sm_exact_is_negative(acc) == na;
}

/* two's-complement negation in place (2^255 maps to itself, as unsigned) */
static void
ExactNegate(SmExact *a)
{
	uint64		c = 1;
	int			i;

	for (i = 0; i < SM_EXACT_LIMBS; i++)
	{
		a->w[i] = ~a->w[i] + c;
		c = c && a->w[i] == 0;
	}
}

/*
 * The double nearest to a (round to nearest, ties to even).
 *
 * The magnitude's 64 leading bits go through the hardware uint64 -> double
 * conversion, which rounds correctly; the bits below them only matter as a
 * "sticky" bit, OR-ed into bit 0 (11 bits below the rounding position, so
 * it cannot create a false tie).  The scaling by a power of two is exact: the
 * magnitude lies between 2^-128 and 2^128.
 */
double
sm_exact_to_double(const SmExact *a)
{
	SmExact		m = *a;
	bool		neg = sm_exact_is_negative(a);
	int			top,
				p,
				i;
	uint64		u;
	double		d;

	if (neg)
		ExactNegate(&m);
	for (top = SM_EXACT_LIMBS - 1; top >= 0 && m.w[top] == 0; top--)
		;
	if (top < 0)
		return 0.0;

	p = top * 64 + pg_leftmost_one_pos64(m.w[top]);	/* highest set bit */
	if (p < 64)
		u = m.w[0] << (63 - p);
	else
	{
		int			lo = p - 63;	/* lowest bit kept */
		int			k = lo >> 6;
		int			off = lo & 63;
		bool		sticky = false;

		u = off ? (m.w[k] >> off) | (m.w[k + 1] << (64 - off)) : m.w[k];
		if (off)
			sticky = (m.w[k] & ((UINT64CONST(1) << off) - 1)) != 0;
		for (i = 0; i < k && !sticky; i++)
			sticky = m.w[i] != 0;
		u |= (uint64) sticky;
	}
	d = ldexp((double) u, p - 63 - SM_EXACT_FRAC_BITS);
	return neg ? -d : d;
}

/*
 * Split a non-negative SmExact into eight 32-bit limbs (little endian):
 * 0..3 the fraction, 4..7 the integer part.
 */
static void
ExactToLimbs32(const SmExact *a, uint32 *l)
{
	int			i;

	for (i = 0; i < SM_EXACT_LIMBS; i++)
	{
		l[2 * i] = (uint32) a->w[i];
		l[2 * i + 1] = (uint32) (a->w[i] >> 32);
	}
}

/*
 * Write the exact decimal form of a into buf (at least SM_EXACT_TEXT_MAX
 * bytes); returns the length.
 */
int
sm_exact_format(const SmExact *a, char *buf)
{
	SmExact		m = *a;
	uint32		l[8];
	char		digits[48];
	int			nd = 0;
	int			len = 0;
	int			i;
	bool		frac_nonzero;

	if (sm_exact_is_negative(a))
	{
		ExactNegate(&m);
		buf[len++] = '-';
	}
	ExactToLimbs32(&m, l);

	/* integer part: repeated division of limbs 4..7 by 10 */
	do
	{
		uint64		rem = 0;

		for (i = 7; i >= 4; i--)
		{
			uint64		cur = (rem << 32) | l[i];

			l[i] = (uint32) (cur / 10);
			rem = cur % 10;
		}
		digits[nd++] = (char) ('0' + rem);
	} while (l[4] | l[5] | l[6] | l[7]);
	while (nd > 0)
		buf[len++] = digits[--nd];

	/* fraction: repeated multiplication of limbs 0..3 by 10 */
	frac_nonzero = (l[0] | l[1] | l[2] | l[3]) != 0;
	if (frac_nonzero)
	{
		buf[len++] = '.';
		while (l[0] | l[1] | l[2] | l[3])
		{
			uint64		carry = 0;

			for (i = 0; i < 4; i++)
			{
				uint64		cur = (uint64) l[i] * 10 + carry;

				l[i] = (uint32) cur;
				carry = cur >> 32;
			}
			buf[len++] = (char) ('0' + carry);
		}
	}
	buf[len] = '\0';
	return len;
}

/*
 * Parse [+-]digits[.digits] at s.  On success *out holds the value, *endp
 * points just after the number and SM_EXACT_OK is returned.  At most
 * SM_EXACT_MAX_FRAC_DIGITS fraction digits are accepted (an exact value
 * never needs more than 128); they are converted from the last one to the first, r = (digit + r) / 10, with 32
 * guard bits below the 2^-128 grid and a final rounding to nearest.  For
 * text that this file wrote, every division is exact.
 */
SmExactParse
sm_exact_parse(const char *s, const char **endp, SmExact *out)
{
	const char *p = s;
	bool		neg = false;
	uint32		ip[4] = {0, 0, 0, 0};	/* integer part, 128 bits */
	uint32		fr[6] = {0, 0, 0, 0, 0, 0}; /* fraction * 2^160, + digit */
	const char *fstart = NULL;
	int			nfrac = 0;
	int			i;
	bool		range = false;
	bool		sticky = false;
	int			nint = 0;

	if (*p == '-' || *p == '+')
		neg = (*p++ == '-');
	if (*p < '0' || *p > '9')
		return SM_EXACT_SYNTAX;
	while (*p >= '0' && *p <= '9')
	{
		uint64		carry = (uint64) (*p++ - '0');

		/* 2^127 has 39 digits: longer integer parts are out of range */
		if (++nint > SM_EXACT_MAX_INT_DIGITS)
			return SM_EXACT_RANGE;

		for (i = 0; i < 4; i++)
		{
			uint64		cur = (uint64) ip[i] * 10 + carry;

			ip[i] = (uint32) cur;
			carry = cur >> 32;
		}
		if (carry)
			range = true;		/* keep scanning: syntax errors first */
	}
	if (*p == '.')
	{
		p++;
		fstart = p;
		while (*p >= '0' && *p <= '9')
			p++;
		nfrac = (int) (p - fstart);
		if (nfrac == 0 || nfrac > SM_EXACT_MAX_FRAC_DIGITS)
			return SM_EXACT_SYNTAX;
	}
	*endp = p;
	if (range)
		return SM_EXACT_RANGE;

	for (i = nfrac - 1; i >= 0; i--)
	{
		uint64		rem = 0;
		int			j;

		fr[5] = (uint32) (fstart[i] - '0');
		for (j = 5; j >= 0; j--)
		{
			uint64		cur = (rem << 32) | fr[j];

			fr[j] = (uint32) (cur / 10);
			rem = cur % 10;
		}
		sticky |= rem != 0;
	}

	/*
	 * Round the 32 guard bits (fr[0]) away: to nearest, ties to even.  The
	 * truncated divisions leave the true value in [r, r + 1.12) guard units,
	 * so a guard of exactly one half with a non-zero remainder somewhere is
	 * above the tie.
	 */
	if (fr[0] > 0x80000000u ||
		(fr[0] == 0x80000000u && (sticky || (fr[1] & 1))))
	{
		uint64		carry = 1;

		for (i = 1; i < 5 && carry; i++)
		{
			uint64		cur = (uint64) fr[i] + carry;

			fr[i] = (uint32) cur;
			carry = cur >> 32;
		}
		for (i = 0; i < 4 && carry; i++)
		{
			uint64		cur = (uint64) ip[i] + carry;

			ip[i] = (uint32) cur;
			carry = cur >> 32;
		}
		if (carry)
			return SM_EXACT_RANGE;
	}

	out->w[0] = (uint64) fr[1] | ((uint64) fr[2] << 32);
	out->w[1] = (uint64) fr[3] | ((uint64) fr[4] << 32);
	out->w[2] = (uint64) ip[0] | ((uint64) ip[1] << 32);
	out->w[3] = (uint64) ip[2] | ((uint64) ip[3] << 32);

	/* magnitude must be below 2^127, or exactly 2^127 when negative */
	if (out->w[3] >> 63)
	{
		if (!neg || out->w[3] != (UINT64CONST(1) << 63) ||
			out->w[2] != 0 || out->w[1] != 0 || out->w[0] != 0)
			return SM_EXACT_RANGE;
	}
	if (neg)
		ExactNegate(out);
	return SM_EXACT_OK;
}
