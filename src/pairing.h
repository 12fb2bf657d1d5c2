/*-------------------------------------------------------------------------
 *
 * pairing.h
 *	  Reply pairing of one conversation, independent of input order: the
 *	  first-reply summary (first_reply_seconds, first_reply_sketch and its
 *	  companions) and the per-message reply waits (reply_wait_sketch).
 *
 *	  First reply.  The answer for a conversation is the time from its
 *	  first customer message (c0) to the first brand message strictly after
 *	  c0.  Messages may arrive in any order (HashAggregate, parallel
 *	  workers, Citus shards), so a summary must be able to answer for every
 *	  order:
 *
 *	    customer  c0, the earliest customer message seen so far;
 *	    reply     the earliest brand message strictly after c0;
 *	    early[]   the brand times <= c0 seen so far (with no customer
 *	              message yet: every brand time).
 *
 *	  early[] is needed because c0 can still move earlier: a brand message
 *	  at or before today's c0 becomes the reply if an earlier customer
 *	  message turns up.  It is usually empty.  Its canonical form (text,
 *	  binary and flat states, SM_PAIR_HEAP clear) is strictly ascending.
 *	  While an aggregate works on it, it is a max-heap (SM_PAIR_HEAP set,
 *	  duplicates allowed): a brand time is pushed in O(log n) whatever the
 *	  row order, and a new, earlier c0 pops the times above it, each once.
 *	  (1.0.0 kept it sorted and shifted the array on every out-of-order
 *	  insert: O(n) per message for brand messages in descending time.)
 *
 *	  The summary is 24 bytes with no pointers, so callers embed it in a
 *	  varlena (first_reply_state) or in a hash entry (first_reply_sketch);
 *	  the early[] array lives wherever the caller wants, and the caller
 *	  grows it before a call that may need more room.  No allocation, no
 *	  fmgr, no ereport here: the code is linked alone by the fuzz target
 *	  fuzz/targets/pairing_oracle.c.
 *
 *	  Reply waits.  sm_reply_waits() walks one conversation's customer and
 *	  brand times, both ascending, and emits the wait of each customer
 *	  message that the mode keeps, exactly as the window function
 *	  reply_wait_seconds does (see there for the rules).
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
/* early[] is a max-heap (working form); never in external forms */
#define SM_PAIR_HEAP			0x100

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
 * Brings early[] to its canonical form (strictly ascending, SM_PAIR_HEAP
 * clear) in place; O(n log n), O(1) when already canonical.
 */
extern void sm_pairing_canonical(SmPairing *p, int64 *early);

/*
 * The first-reply wait in microseconds, as an unsigned difference (two
 * valid timestamps can be further apart than INT64_MAX).  Returns false
 * when there is no customer message or no brand message after it.
 */
extern bool sm_pairing_result(const SmPairing *p, uint64 *wait_us);

/*
 * Checks the invariants of a summary read from outside (text or binary
 * input, canonical form): known flags, reply > customer, early[] strictly
 * ascending and <= customer.  Returns NULL when valid, else a short
 * description.  Range checks of the times themselves are the caller's.
 */
extern const char *sm_pairing_check(const SmPairing *p, const int64 *early);

/* The same for a working summary (early[] a heap or canonical). */
extern const char *sm_pairing_check_working(const SmPairing *p,
											const int64 *early);

extern bool sm_parse_int64(const char **pp, int64 *out);

/* ---------- reply waits ---------- */

typedef enum SmReplyWaitMode
{
	SM_RW_BLOCK_START = 0,		/* first message of each block (default) */
	SM_RW_EVERY = 1,			/* every answered customer message */
	SM_RW_LAST = 2				/* last message of each block */
} SmReplyWaitMode;

typedef void (*SmWaitEmit) (void *arg, uint64 wait_us);

/*
 * The waits of one conversation: customer[] and brand[] ascending.  A
 * customer message's reply is the first brand message strictly later; the
 * customer messages with the same reply form a block.  Emits, per block,
 * the wait of its first message (block_start), of its last (last) or of
 * each (every); unanswered messages emit nothing.
 */
extern void sm_reply_waits(const int64 *customer, uint64 ncustomer,
						   const int64 *brand, uint64 nbrand,
						   SmReplyWaitMode mode, SmWaitEmit emit, void *arg);

/* Sorts times ascending in place (insertion sort when short). */
extern void sm_sort_times(int64 *v, uint64 n);

#endif							/* SM_PAIRING_H */
