/*-------------------------------------------------------------------------
 *
 * pairing.h
 *	  First-reply pairing of one conversation, independent of input order.
 *
 *	  The answer for a conversation is the time from its first customer
 *	  message (c0) to the first brand message strictly after c0.  Messages
 *	  may arrive in any order (HashAggregate, parallel workers, Citus
 *	  shards), so a summary must be able to answer for every order:
 *
 *	    customer  c0, the earliest customer message seen so far;
 *	    reply     the earliest brand message strictly after c0;
 *	    early[]   every distinct brand time <= c0 seen so far (ascending).
 *
 *	  early[] is needed because c0 can still move earlier: a brand message
 *	  at or before today's c0 becomes the reply if an earlier customer
 *	  message turns up.  It is usually empty (brands rarely write before the
 *	  customer); its length is bounded by the brand messages before the
 *	  earliest customer message seen so far.  With no customer message yet,
 *	  every distinct brand time is kept.
 *
 *	  The summary is 24 bytes with no pointers, so callers can embed it in a
 *	  varlena (the first_reply_state type) or in a hash entry (a future
 *	  per-account aggregate keeping one summary per conversation); the
 *	  early[] array lives wherever the caller wants, and the caller grows it
 *	  before a call that may need more room.  No allocation, no fmgr, no
 *	  ereport here: the code can be linked and tested without a server.
 *
 *	  Times are int64 microseconds (TimestampTz); the caller rejects
 *	  infinite or out-of-range values before they get here.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SM_PAIRING_H
#define SM_PAIRING_H

#define SM_PAIR_HAS_CUSTOMER	0x01
#define SM_PAIR_HAS_REPLY		0x02
#define SM_PAIR_KNOWN_FLAGS		(SM_PAIR_HAS_CUSTOMER | SM_PAIR_HAS_REPLY)

typedef struct SmPairing
{
	int64		customer;		/* c0; valid if SM_PAIR_HAS_CUSTOMER */
	int64		reply;			/* first brand time > c0; valid if
								 * SM_PAIR_HAS_REPLY */
	uint32		nearly;			/* entries used in the caller's early[] */
	uint32		flags;			/* SM_PAIR_* */
} SmPairing;

/* An empty summary (no messages). */
extern void sm_pairing_init(SmPairing *p);

/*
 * Adds one message.  early[] must have room for p->nearly + 1 entries when
 * sm_pairing_add_may_grow() says so (otherwise early[] is not written).
 */
extern void sm_pairing_add(SmPairing *p, int64 *early, int64 at,
						   bool from_brand);

/* Whether adding this message can append to early[]. */
static inline bool
sm_pairing_add_may_grow(const SmPairing *p, int64 at, bool from_brand)
{
	return from_brand &&
		!((p->flags & SM_PAIR_HAS_CUSTOMER) && at > p->customer);
}

/*
 * Folds the summary src (with its early list) into dst, as if every message
 * of src had been added to dst.  dst_early[] must have room for
 * dst->nearly + src->nearly + 1 entries.  src is not modified.
 */
extern void sm_pairing_merge(SmPairing *dst, int64 *dst_early,
							 const SmPairing *src, const int64 *src_early);

/*
 * The first-reply wait in microseconds, as an unsigned difference (two
 * valid timestamps can be further apart than INT64_MAX).  Returns false
 * when there is no customer message or no brand message after it.
 */
extern bool sm_pairing_result(const SmPairing *p, uint64 *wait_us);

/*
 * Checks the invariants of a summary read from outside (text or binary
 * input): known flags, reply > customer, early[] strictly ascending and
 * <= customer.  Returns NULL when valid, else a short description.
 * Range checks of the times themselves are the caller's.
 */
extern const char *sm_pairing_check(const SmPairing *p, const int64 *early);

extern bool sm_parse_int64(const char **pp, int64 *out);

#endif							/* SM_PAIRING_H */
