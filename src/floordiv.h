/*-------------------------------------------------------------------------
 *
 * floordiv.h
 *	  Floor division of int64 values, the one helper for the calendar
 *	  arithmetic (days, weeks, eras before 2000 are negative) and the
 *	  sketch's bucket boundaries (negative bucket indexes).  C's / truncates
 *	  toward zero.  Header-only, no server calls.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SM_FLOORDIV_H
#define SM_FLOORDIV_H

/* floor(a / b), b != 0, the quotient representable (not INT64_MIN / -1) */
static inline int64
sm_floor_div(int64 a, int64 b)
{
	int64		q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

/* sm_floor_div with the remainder a - q * b, in [0, b) for b > 0 */
static inline int64
sm_floor_divmod(int64 a, int64 b, int64 *rem)
{
	int64		q = sm_floor_div(a, b);

	*rem = a - q * b;
	return q;
}

#endif							/* SM_FLOORDIV_H */
