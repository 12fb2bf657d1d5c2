/*-------------------------------------------------------------------------
 *
 * pairing.c
 *	  Order-independent first-reply pairing of one conversation (see
 *	  pairing.h for the summary and why it is enough).  No fmgr, no
 *	  allocation: the caller owns and grows the early[] array.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"
#include "compat.h"

#include <ctype.h>

#include "common/int.h"
#include "pairing.h"

void
sm_pairing_init(SmPairing *p)
{
	p->customer = 0;
	p->reply = 0;
	p->nearly = 0;
	p->flags = 0;
}

/* Index of the first early[] entry > t (binary search; early ascending). */
static uint32
FirstAfter(const int64 *early, uint32 n, int64 t)
{
	uint32		lo = 0;
	uint32		hi = n;

	while (lo < hi)
	{
		uint32		mid = lo + (hi - lo) / 2;

		if (early[mid] > t)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* Inserts t into the ascending, distinct early[] (room for one more). */
static void
InsertEarly(SmPairing *p, int64 *early, int64 t)
{
	uint32		n = p->nearly;
	uint32		i;

	/* Fast path: the common appends at the end. */
	if (n == 0 || early[n - 1] < t)
	{
		early[n] = t;
		p->nearly = n + 1;
		return;
	}
	i = FirstAfter(early, n, t);
	if (i > 0 && early[i - 1] == t)
		return;					/* already kept */
	memmove(early + i + 1, early + i, (n - i) * sizeof(int64));
	early[i] = t;
	p->nearly = n + 1;
}

/*
 * A new c0: brand times in (t, old c0] leave early[]; the smallest of them
 * is the new reply candidate, and it beats the old reply (which is > old c0).
 */
static void
MoveCustomer(SmPairing *p, int64 *early, int64 t)
{
	uint32		i = FirstAfter(early, p->nearly, t);

	if (i < p->nearly)
	{
		p->reply = early[i];
		p->flags |= SM_PAIR_HAS_REPLY;
		p->nearly = i;
	}
	p->customer = t;
	p->flags |= SM_PAIR_HAS_CUSTOMER;
}

void
sm_pairing_add(SmPairing *p, int64 *early, int64 at, bool from_brand)
{
	if (!from_brand)
	{
		if (!(p->flags & SM_PAIR_HAS_CUSTOMER) || at < p->customer)
			MoveCustomer(p, early, at);
		return;
	}

	/* A brand message. */
	if ((p->flags & SM_PAIR_HAS_CUSTOMER) && at > p->customer)
	{
		if (!(p->flags & SM_PAIR_HAS_REPLY) || at < p->reply)
		{
			p->reply = at;
			p->flags |= SM_PAIR_HAS_REPLY;
		}
	}
	else
		InsertEarly(p, early, at);	/* at <= c0, or no c0 yet */
}

/*
 * Merging adds src's c0, its reply and its early times to dst.  That is all
 * of src that can matter: src's other customer messages are later than its
 * c0, and its other brand messages after its c0 are later than its reply,
 * which is itself after the merged c0 (merged c0 <= src c0).
 */
void
sm_pairing_merge(SmPairing *dst, int64 *dst_early,
				 const SmPairing *src, const int64 *src_early)
{
	uint32		i;

	if (src->flags & SM_PAIR_HAS_CUSTOMER)
		sm_pairing_add(dst, dst_early, src->customer, false);
	if (src->flags & SM_PAIR_HAS_REPLY)
		sm_pairing_add(dst, dst_early, src->reply, true);
	for (i = 0; i < src->nearly; i++)
		sm_pairing_add(dst, dst_early, src_early[i], true);
}

bool
sm_pairing_result(const SmPairing *p, uint64 *wait_us)
{
	if ((p->flags & (SM_PAIR_HAS_CUSTOMER | SM_PAIR_HAS_REPLY)) !=
		(SM_PAIR_HAS_CUSTOMER | SM_PAIR_HAS_REPLY))
		return false;
	/* reply > customer, so the unsigned difference is exact. */
	*wait_us = (uint64) p->reply - (uint64) p->customer;
	return true;
}

const char *
sm_pairing_check(const SmPairing *p, const int64 *early)
{
	uint32		i;

	if (p->flags & ~SM_PAIR_KNOWN_FLAGS)
		return "Unknown flags.";
	if ((p->flags & SM_PAIR_HAS_REPLY) && !(p->flags & SM_PAIR_HAS_CUSTOMER))
		return "A reply without a customer message.";
	if ((p->flags & SM_PAIR_HAS_REPLY) && p->reply <= p->customer)
		return "The reply is not after the customer message.";
	if (!(p->flags & SM_PAIR_HAS_CUSTOMER) && p->customer != 0)
		return "A customer time without the customer flag.";
	if (!(p->flags & SM_PAIR_HAS_REPLY) && p->reply != 0)
		return "A reply time without the reply flag.";
	for (i = 0; i < p->nearly; i++)
	{
		if (i > 0 && early[i] <= early[i - 1])
			return "Early brand times are not strictly ascending.";
		if ((p->flags & SM_PAIR_HAS_CUSTOMER) && early[i] > p->customer)
			return "An early brand time is after the customer message.";
	}
	return NULL;
}

/*
 * Parses an optionally negative decimal int64 at *pp and advances *pp past
 * it; false (nothing consumed) on no digits or overflow.  The text forms of
 * first_reply_state and first_reply_sketch_state share it.
 */
bool
sm_parse_int64(const char **pp, int64 *out)
{
	const char *p = *pp;
	bool		neg = false;
	int64		v = 0;

	if (*p == '-')
	{
		neg = true;
		p++;
	}
	if (!isdigit((unsigned char) *p))
		return false;
	/* Accumulate negatively so that INT64_MIN parses. */
	while (isdigit((unsigned char) *p))
	{
		if (pg_mul_s64_overflow(v, 10, &v) ||
			pg_sub_s64_overflow(v, *p - '0', &v))
			return false;
		p++;
	}
	if (!neg)
	{
		if (v == PG_INT64_MIN)
			return false;
		v = -v;
	}
	*out = v;
	*pp = p;
	return true;
}
