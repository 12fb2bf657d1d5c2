/*-------------------------------------------------------------------------
 *
 * exactsum_unit.c
 *	  Unit test of src/exactsum.c without a server (see 22_exactsum_unit.sh).
 *
 *	  Checks, for many deterministic pseudo-random sets of doubles (wide
 *	  exponent range, tiny values below the 2^-128 grid, integers, decimals,
 *	  cancelling signs):
 *	  - the sum does not depend on the order of the additions;
 *	  - removing every value brings the accumulator back to exactly zero;
 *	  - splitting the set in two and combining (add), and subtracting back
 *	    (sub), give the same bits;
 *	  - the text form parses back to the same bits;
 *	  and prints "text hex(to_double) hex(x)..." lines, which
 *	  exactsum_check.py verifies with exact rational arithmetic (the text is
 *	  the exact sum of the grid-rounded values; to_double is correctly
 *	  rounded).  Then it feeds mutated and random strings to the parser,
 *	  which must never crash (the script builds with sanitizers).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "exactsum.h"

#undef printf
#undef fprintf
#undef snprintf

static uint64 rng = UINT64CONST(88172645463325252);

static uint64
Next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static double
RandomDouble(void)
{
	double		x;

	switch (Next() % 6)
	{
		case 0:					/* anything from 2^-203 to 2^119 */
			x = ldexp((double) (Next() >> 11), (int) (Next() % 270) - 150 - 53);
			break;
		case 1:					/* integers, both signs */
			x = (double) (int64) (Next() >> 20) * ((Next() & 1) ? 1 : -1);
			break;
		case 2:					/* tiny: around and below the grid */
			x = ldexp((double) (Next() >> 11), (int) (Next() % 80) - 220);
			break;
		case 3:					/* decimals */
			x = 0.1 * (double) (Next() % 1000);
			break;
		case 4:					/* large */
			x = ldexp((double) (Next() >> 11), 7 + (int) (Next() % 50));
			break;
		default:				/* negative fractions */
			x = -ldexp((double) (Next() >> 11), (int) (Next() % 100) - 113);
			break;
	}
	return x;
}

static int
Fail(const char *what, int t)
{
	fprintf(stderr, "exactsum_unit: %s failed in case %d\n", what, t);
	return 1;
}

int
main(int argc, char **argv)
{
	int			cases = argc > 1 ? atoi(argv[1]) : 20000;
	int			t,
				i;
	char		buf[SM_EXACT_TEXT_MAX];

	for (t = 0; t < cases; t++)
	{
		int			m = 1 + (int) (Next() % 20);
		double		xs[20];
		SmExact		a,
					b,
					c,
					p,
					q,
					r;
		const char *end;

		sm_exact_zero(&a);
		for (i = 0; i < m; i++)
		{
			xs[i] = RandomDouble();
			if (!sm_exact_add_double(&a, xs[i], false))
				return Fail("add (unexpected overflow)", t);
		}
		sm_exact_zero(&b);
		for (i = m - 1; i >= 0; i--)
			sm_exact_add_double(&b, xs[i], false);
		if (memcmp(&a, &b, sizeof(a)) != 0)
			return Fail("order independence", t);

		c = a;
		for (i = 0; i < m; i++)
			sm_exact_add_double(&c, xs[i], true);
		if (!sm_exact_is_zero(&c))
			return Fail("inverse", t);

		sm_exact_zero(&p);
		sm_exact_zero(&q);
		for (i = 0; i < m; i++)
			sm_exact_add_double(i % 2 ? &p : &q, xs[i], false);
		if (!sm_exact_add(&p, &q) || memcmp(&a, &p, sizeof(a)) != 0)
			return Fail("combine", t);
		if (!sm_exact_sub(&p, &q) || !sm_exact_add(&q, &p) ||
			memcmp(&a, &q, sizeof(a)) != 0)
			return Fail("subtract", t);

		sm_exact_format(&a, buf);
		if (sm_exact_parse(buf, &end, &r) != SM_EXACT_OK || *end != '\0' ||
			memcmp(&r, &a, sizeof(a)) != 0)
			return Fail("text round trip", t);

		printf("%s %a", buf, sm_exact_to_double(&a));
		for (i = 0; i < m; i++)
			printf(" %a", xs[i]);
		printf("\n");
	}

	/* overflow is reported, never wrapped */
	{
		SmExact		a;

		sm_exact_zero(&a);
		if (sm_exact_add_double(&a, ldexp(1.0, 127), false))
			return Fail("overflow of a single value", 0);
		sm_exact_zero(&a);
		if (!sm_exact_add_double(&a, ldexp(1.0, 126), false) ||
			sm_exact_add_double(&a, ldexp(1.0, 126), false))
			return Fail("overflow of a sum", 0);
		sm_exact_zero(&a);
		if (!sm_exact_add_double(&a, -ldexp(1.0, 126), false) ||
			!sm_exact_add_double(&a, -ldexp(1.0, 126), false) ||
			sm_exact_add_double(&a, -ldexp(1.0, -128), false))
			return Fail("negative overflow", 0);
	}

	/* the parser never crashes on mutated or random input */
	for (t = 0; t < 200000; t++)
	{
		char		s[300];
		int			len = (int) (Next() % 299);
		SmExact		r;
		const char *end;
		static const char alphabet[] = "0123456789.-+ e,()x";

		if (t % 2 == 0)
		{
			/* a valid number with a few mutations */
			SmExact		a;

			sm_exact_zero(&a);
			sm_exact_add_double(&a, RandomDouble(), false);
			len = sm_exact_format(&a, s);
			for (i = 0; i < 3; i++)
				s[Next() % (len + 1)] = alphabet[Next() % (sizeof(alphabet) - 1)];
			s[len] = '\0';
		}
		else
		{
			for (i = 0; i < len; i++)
				s[i] = (char) (Next() % 2 ? alphabet[Next() % (sizeof(alphabet) - 1)] : (char) Next());
			s[len] = '\0';
		}
		if (sm_exact_parse(s, &end, &r) == SM_EXACT_OK)
		{
			sm_exact_format(&r, buf);
			if (end < s || end > s + strlen(s))
				return Fail("parse end pointer", t);
		}
	}
	return 0;
}
