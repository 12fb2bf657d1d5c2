/*-------------------------------------------------------------------------
 *
 * pairing.c
 *	  Order-independent reply pairing of one conversation (see pairing.h
 *	  for the summary and why it is enough) and the per-message reply
 *	  waits.  No fmgr, no allocation: the caller owns and grows the
 *	  early[] array.
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

/* ---------- early[] as a max-heap ---------- */

/* Canonical (ascending) to heap: descending order is a valid max-heap. */
static void
MakeHeap(SmPairing *p, int64 *early)
{
	uint32		i;
	uint32		j;

	if (p->flags & SM_PAIR_HEAP)
		return;
	for (i = 0, j = p->nearly; i + 1 < j; i++, j--)
	{
		int64		t = early[i];

		early[i] = early[j - 1];
		early[j - 1] = t;
	}
	p->flags |= SM_PAIR_HEAP;
}

static void
HeapPush(SmPairing *p, int64 *early, int64 t)
{
	uint32		i = p->nearly++;

	while (i > 0)
	{
		uint32		parent = (i - 1) / 2;

		if (early[parent] >= t)
			break;
		early[i] = early[parent];
		i = parent;
	}
	early[i] = t;
}

/* Removes the largest time (the root); nearly > 0. */
static void
HeapPop(SmPairing *p, int64 *early)
{
	uint32		n = --p->nearly;
	int64		t = early[n];
	uint32		i = 0;

	if (n == 0)
		return;
	for (;;)
	{
		uint32		c = 2 * i + 1;

		if (c >= n)
			break;
		if (c + 1 < n && early[c + 1] > early[c])
			c++;
		if (early[c] <= t)
			break;
		early[i] = early[c];
		i = c;
	}
	early[i] = t;
}

/*
 * A new c0: brand times in (t, old c0] leave early[]; the smallest of them
 * is the new reply candidate, and it beats the old reply (which is > old c0).
 * Each time leaves the heap once, so this is O(log n) amortized per message.
 */
static void
MoveCustomer(SmPairing *p, int64 *early, int64 t)
{
	if (p->nearly > 0)
	{
		bool		popped = false;
		int64		smallest = 0;

		MakeHeap(p, early);
		while (p->nearly > 0 && early[0] > t)
		{
			smallest = early[0];
			popped = true;
			HeapPop(p, early);
		}
		if (popped)
		{
			p->reply = smallest;
			p->flags |= SM_PAIR_HAS_REPLY;
		}
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
	{
		/* at <= c0, or no c0 yet: a possible reply to an earlier c0 */
		if (p->nearly > 0)
			MakeHeap(p, early);
		else
			p->flags |= SM_PAIR_HEAP;
		HeapPush(p, early, at);
	}
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

void
sm_pairing_canonical(SmPairing *p, int64 *early)
{
	uint32		i;
	uint32		n = 0;

	if (!(p->flags & SM_PAIR_HEAP))
		return;
	p->flags &= ~SM_PAIR_HEAP;
	if (p->nearly == 0)
		return;
	sm_sort_times(early, p->nearly);
	for (i = 1; i < p->nearly; i++)
		if (early[i] != early[n])
			early[++n] = early[i];
	p->nearly = n + 1;
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

static const char *
CheckCommon(const SmPairing *p)
{
	if ((p->flags & SM_PAIR_HAS_REPLY) && !(p->flags & SM_PAIR_HAS_CUSTOMER))
		return "A reply without a customer message.";
	if ((p->flags & SM_PAIR_HAS_REPLY) && p->reply <= p->customer)
		return "The reply is not after the customer message.";
	if (!(p->flags & SM_PAIR_HAS_CUSTOMER) && p->customer != 0)
		return "A customer time without the customer flag.";
	if (!(p->flags & SM_PAIR_HAS_REPLY) && p->reply != 0)
		return "A reply time without the reply flag.";
	return NULL;
}

const char *
sm_pairing_check(const SmPairing *p, const int64 *early)
{
	uint32		i;
	const char *why;

	if (p->flags & ~SM_PAIR_KNOWN_FLAGS)
		return "Unknown flags.";
	if ((why = CheckCommon(p)) != NULL)
		return why;
	for (i = 0; i < p->nearly; i++)
	{
		if (i > 0 && early[i] <= early[i - 1])
			return "Early brand times are not strictly ascending.";
		if ((p->flags & SM_PAIR_HAS_CUSTOMER) && early[i] > p->customer)
			return "An early brand time is after the customer message.";
	}
	return NULL;
}

const char *
sm_pairing_check_working(const SmPairing *p, const int64 *early)
{
	uint32		i;
	const char *why;

	if (!(p->flags & SM_PAIR_HEAP))
		return sm_pairing_check(p, early);
	if (p->flags & ~(SM_PAIR_KNOWN_FLAGS | SM_PAIR_HEAP))
		return "Unknown flags.";
	if ((why = CheckCommon(p)) != NULL)
		return why;
	for (i = 0; i < p->nearly; i++)
	{
		if (i > 0 && early[(i - 1) / 2] < early[i])
			return "Early brand times are not a heap.";
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


/* ---------- reply waits ---------- */

void
sm_reply_waits(const int64 *customer, uint64 ncustomer,
			   const int64 *brand, uint64 nbrand,
			   SmReplyWaitMode mode, SmWaitEmit emit, void *arg)
{
	uint64		i = 0;
	uint64		j = 0;

	while (i < ncustomer)
	{
		int64		c = customer[i];
		int64		r;
		uint64		k;

		/* the reply: the first brand time strictly after c (ties excluded) */
		while (j < nbrand && brand[j] <= c)
			j++;
		if (j == nbrand)
			break;				/* this message and the later ones: unanswered */
		r = brand[j];
		/* the block: the customer messages before r, all answered by r */
		for (k = i + 1; k < ncustomer && customer[k] < r; k++)
			;
		switch (mode)
		{
			case SM_RW_BLOCK_START:
				emit(arg, (uint64) r - (uint64) customer[i]);
				break;
			case SM_RW_LAST:
				emit(arg, (uint64) r - (uint64) customer[k - 1]);
				break;
			case SM_RW_EVERY:
				{
					uint64		m;

					for (m = i; m < k; m++)
						emit(arg, (uint64) r - (uint64) customer[m]);
				}
				break;
		}
		i = k;
	}
}

#define ST_SORT SortTimes
#define ST_ELEMENT_TYPE int64
#define ST_COMPARE(a, b) ((*(a) > *(b)) - (*(a) < *(b)))
#define ST_SCOPE static
#define ST_DEFINE
#include "lib/sort_template.h"

void
sm_sort_times(int64 *v, uint64 n)
{
	uint64		i;

	if (n <= 16)
	{
		/* conversations are mostly 2-4 messages: no call overhead */
		for (i = 1; i < n; i++)
		{
			int64		t = v[i];
			uint64		j = i;

			while (j > 0 && v[j - 1] > t)
			{
				v[j] = v[j - 1];
				j--;
			}
			v[j] = t;
		}
		return;
	}
	SortTimes(v, n);
}
