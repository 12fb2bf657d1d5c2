/*-------------------------------------------------------------------------
 *
 * first_reply_sketch.c
 *	  The first_reply_sketch aggregate and its companions unanswered_count
 *	  and unanswered_share: first-reply pairing of every conversation of a
 *	  group in one pass, without a GROUP BY per conversation, and their
 *	  state type first_reply_sketch_state.
 *
 *	  The state is one varlena holding an open-addressing hash table
 *	  (linear probing, load <= 3/4) from conversation to the pairing
 *	  summary of pairing.h, followed by a pool of int64 slots where the
 *	  summaries keep their early[] lists.  The transition function updates
 *	  it in place; when the table or the pool is full it builds a larger,
 *	  compacted copy (doubling, so O(1) amortized per row).  The three
 *	  aggregates share the transition and combine functions, so PostgreSQL
 *	  computes one state for all of them when a query uses several with the
 *	  same arguments and FILTER.
 *
 *	  Why the results cannot depend on the plan: a conversation's summary
 *	  is a function of its set of messages (earliest customer time c0, the
 *	  earliest brand time after c0, the distinct brand times <= c0), whatever
 *	  the order they arrive or are merged in; the quantile sketch is
 *	  independent of insertion order; and the text and binary forms list
 *	  conversations in ascending order, never in hash-table order.
 *
 *	  Growth allocates the new copy in CurrentMemoryContext rather than
 *	  repalloc'ing in place: when a transition function returns a different
 *	  pointer, the executor copies the value into the aggregate context and
 *	  pfrees the old one (ExecAggTransReparent), so a repalloc'ed state
 *	  would be freed twice.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"
#include "compat.h"

#include <ctype.h>

#include "common/int.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "nodes/execnodes.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "pairing.h"
#include "sketch_pg.h"
#include "state_io.h"

/*
 * One conversation.  An entry is in use iff its summary holds a message:
 * a customer message sets SM_PAIR_HAS_CUSTOMER, a brand message either
 * appends to early[] or comes after a customer message, so a used entry
 * always has flags != 0 or nearly != 0, and a zeroed slot is free.
 */
typedef struct FrsEntry
{
	int64		conversation;
	SmPairing	pairing;
	uint32		early;			/* offset of early[] in the pool */
	uint32		early_cap;		/* slots of early[]; 0 = none */
} FrsEntry;

#define FRS_USED(e)	((e)->pairing.flags != 0 || (e)->pairing.nearly != 0)

typedef struct FrsState
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint32		magic;			/* FRS_MAGIC: in-memory layout version */
	uint32		nslots;			/* a power of two */
	uint32		nused;			/* conversations */
	uint32		pool_cap;		/* int64 slots of the pool */
	uint32		pool_used;		/* slots handed out, some of them garbage */
	uint32		reserved[2];	/* zero */
	FrsEntry	slots[FLEXIBLE_ARRAY_MEMBER];
	/* int64 pool[pool_cap] follows slots[nslots] */
} FrsState;

#define FRS_MAGIC			0x46525331	/* "FRS1" */
#define FRS_HDRSZ			offsetof(FrsState, slots)
#define FRS_MIN_SLOTS		16
#define FRS_EARLY_MIN		2
#define FRS_MIN_POOL		16
#define FRS_TEXT_VERSION	"v1"
#define FRS_BINARY_VERSION	1
/* binary: conversation, flags, customer, reply, nearly */
#define FRS_BIN_ENTRY_MIN	(8 + 1 + 8 + 8 + 4)

/* At most 3/4 of the slots in use: short probe sequences, and a free slot. */
#define FRS_MAX_USED(nslots)	((nslots) / 4 * 3)

#define FRS_POOL(st)	((int64 *) &(st)->slots[(st)->nslots])

#define INTERRUPT_EVERY(i)	do { if (((i) & 0xFFFF) == 0) CHECK_FOR_INTERRUPTS(); } while (0)

PG_FUNCTION_INFO_V1(first_reply_sketch_state_in);
PG_FUNCTION_INFO_V1(first_reply_sketch_state_out);
PG_FUNCTION_INFO_V1(first_reply_sketch_state_recv);
PG_FUNCTION_INFO_V1(first_reply_sketch_state_send);
PG_FUNCTION_INFO_V1(first_reply_sketch_transfn);
PG_FUNCTION_INFO_V1(first_reply_sketch_combine);
PG_FUNCTION_INFO_V1(first_reply_sketch_finalfn);
PG_FUNCTION_INFO_V1(unanswered_count_finalfn);
PG_FUNCTION_INFO_V1(unanswered_share_finalfn);

/* ---------- the table ---------- */

/* murmur3's 64-bit finalizer: every input bit reaches the low bits. */
static inline uint32
HashConversation(int64 conversation)
{
	uint64		h = (uint64) conversation;

	h ^= h >> 33;
	h *= UINT64CONST(0xff51afd7ed558ccd);
	h ^= h >> 33;
	h *= UINT64CONST(0xc4ceb9fe1a85ec53);
	h ^= h >> 33;
	return (uint32) h;
}

/*
 * The entry of `conversation`, or the free slot where it belongs
 * (*found = false).  Terminates: a table always has a free slot.
 */
static inline FrsEntry *
Lookup(FrsState *st, int64 conversation, bool *found)
{
	uint32		mask = st->nslots - 1;
	uint32		i = HashConversation(conversation) & mask;

	for (;;)
	{
		FrsEntry   *e = &st->slots[i];

		if (!FRS_USED(e))
		{
			*found = false;
			return e;
		}
		if (e->conversation == conversation)
		{
			*found = true;
			return e;
		}
		i = (i + 1) & mask;
	}
}

/*
 * A zeroed state with nslots slots and a pool of pool_cap slots, in
 * CurrentMemoryContext (see the file header for why not the aggregate's).
 */
static FrsState *
NewState(uint64 nslots, uint64 pool_cap)
{
	uint64		size = FRS_HDRSZ + nslots * sizeof(FrsEntry) +
		pool_cap * sizeof(int64);
	FrsState   *st;

	Assert(nslots >= FRS_MIN_SLOTS && (nslots & (nslots - 1)) == 0);
	if (size > MaxAllocSize)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("first_reply_sketch_state cannot exceed %zu bytes",
						(Size) MaxAllocSize),
				 errdetail("A state for %llu conversations and %llu early brand messages would need %llu bytes.",
						   (unsigned long long) FRS_MAX_USED(nslots),
						   (unsigned long long) pool_cap,
						   (unsigned long long) size),
				 errhint("Group by a finer key (for example account and day) and merge the sketches with rollup().")));
	st = (FrsState *) palloc0(size);
	SET_VARSIZE(st, size);
	st->magic = FRS_MAGIC;
	st->nslots = (uint32) nslots;
	st->pool_cap = (uint32) pool_cap;
	return st;
}

/* Slots for n conversations: a power of two, at least FRS_MIN_SLOTS. */
static uint64
SlotsFor(uint64 n)
{
	uint64		nslots = FRS_MIN_SLOTS;

	while (FRS_MAX_USED(nslots) < n)
		nslots *= 2;
	return nslots;
}

/* ---------- states from outside ---------- */

static void
Corrupted(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATA_CORRUPTED),
			 errmsg("first_reply_sketch_state is corrupted"),
			 errdetail("%s", detail)));
}

/*
 * Checks the header of a state datum against its size.  States come from
 * our own functions only (the input functions validate everything), so a
 * failure means corrupted storage; checking keeps a bad datum from being
 * read out of bounds.
 */
static void
CheckLayout(const FrsState *st)
{
	uint64		size = VARSIZE(st);

	if (size < FRS_HDRSZ || st->magic != FRS_MAGIC)
		Corrupted("Unknown layout.");
	if (st->nslots < FRS_MIN_SLOTS || (st->nslots & (st->nslots - 1)) != 0 ||
		st->nused > FRS_MAX_USED(st->nslots) || st->pool_used > st->pool_cap ||
		size != FRS_HDRSZ + (uint64) st->nslots * sizeof(FrsEntry) +
		(uint64) st->pool_cap * sizeof(int64))
		Corrupted("The header does not match the size.");
}

/* Range checks of an entry's times, then the pairing invariants. */
static const char *
EntryProblem(const SmPairing *p, const int64 *early)
{
	uint32		i;

	if ((p->flags & SM_PAIR_HAS_CUSTOMER) && !IS_VALID_TIMESTAMP(p->customer))
		return "Customer time out of range.";
	if ((p->flags & SM_PAIR_HAS_REPLY) && !IS_VALID_TIMESTAMP(p->reply))
		return "Reply time out of range.";
	for (i = 0; i < p->nearly; i++)
		if (!IS_VALID_TIMESTAMP(early[i]))
			return "Early brand time out of range.";
	return sm_pairing_check(p, early);
}

/*
 * Iteration over the used entries, in slot order.  With `check`, every
 * entry's early[] is bounds-checked and its summary validated, and the
 * count of used entries must match the header at the end.
 */
typedef struct FrsIter
{
	const FrsState *st;
	uint32		next;
	uint32		seen;
	bool		check;
} FrsIter;

static void
IterInit(FrsIter *it, const FrsState *st, bool check)
{
	if (check)
		CheckLayout(st);
	it->st = st;
	it->next = 0;
	it->seen = 0;
	it->check = check;
}

static const FrsEntry *
IterNext(FrsIter *it)
{
	const FrsState *st = it->st;

	while (it->next < st->nslots)
	{
		const FrsEntry *e = &st->slots[it->next++];

		INTERRUPT_EVERY(it->next);
		if (!FRS_USED(e))
			continue;
		it->seen++;
		if (it->check)
		{
			const char *why;

			if (e->pairing.nearly > e->early_cap ||
				(uint64) e->early + e->early_cap > st->pool_used)
				Corrupted("An early list is out of bounds.");
			why = EntryProblem(&e->pairing, FRS_POOL(st) + e->early);
			if (why)
				Corrupted(why);
		}
		return e;
	}
	if (it->check && it->seen != st->nused)
		Corrupted("The number of conversations does not match the header.");
	return NULL;
}

/* ---------- growth ---------- */

/*
 * A compacted copy of src with nslots slots and room for pool_extra more
 * early times than the entries hold.  Every early[] is copied tight
 * (capacity = length).  With `check`, src is validated as it is read and
 * a conversation found twice is an error (only foreign states can have
 * one: the input functions detect duplicates themselves).
 */
static FrsState *
Rebuild(const FrsState *src, uint64 nslots, uint64 pool_extra, bool check)
{
	FrsIter		it;
	const FrsEntry *e;
	uint64		live = 0;
	FrsState   *dst;
	int64	   *dpool;
	const int64 *spool = FRS_POOL(src);

	IterInit(&it, src, check);
	while ((e = IterNext(&it)) != NULL)
		live += e->pairing.nearly;
	if (nslots < SlotsFor(src->nused))
		nslots = SlotsFor(src->nused);
	dst = NewState(nslots, live + pool_extra);
	dpool = FRS_POOL(dst);

	IterInit(&it, src, false);
	while ((e = IterNext(&it)) != NULL)
	{
		bool		found;
		FrsEntry   *d = Lookup(dst, e->conversation, &found);

		if (found)
			Corrupted("A conversation appears twice.");
		d->conversation = e->conversation;
		d->pairing = e->pairing;
		if (e->pairing.nearly > 0)
		{
			d->early = dst->pool_used;
			d->early_cap = e->pairing.nearly;
			memcpy(dpool + d->early, spool + e->early,
				   e->pairing.nearly * sizeof(int64));
			dst->pool_used += e->pairing.nearly;
		}
		dst->nused++;
	}
	return dst;
}

/*
 * Makes room for one more conversation and, if `early` > 0, for that many
 * pool slots, so that a new entry can be claimed without moving the state.
 * Returns the state, or a larger copy.
 */
static inline FrsState *
Reserve(FrsState *st, uint32 early)
{
	bool		table_full = st->nused >= FRS_MAX_USED(st->nslots);
	bool		pool_full = st->pool_cap - st->pool_used < early;

	if (likely(!table_full && !pool_full))
		return st;
	return Rebuild(st, table_full ? (uint64) st->nslots * 2 : st->nslots,
				   Max((uint64) st->pool_used, (uint64) FRS_MIN_POOL) + early,
				   false);
}

/*
 * Gives the used entry *ep an early[] of at least `need` slots, moving
 * the list to the end of the pool (the old slots become garbage, reclaimed
 * by the next rebuild).  May return a larger copy of the state, in which
 * case *ep points into it.
 */
static FrsState *
GrowEarly(FrsState *st, FrsEntry **ep, uint64 need)
{
	FrsEntry   *e = *ep;
	uint64		cap = Max(need, Max((uint64) e->early_cap * 2, (uint64) FRS_EARLY_MIN));
	int64	   *pool;

	if ((uint64) (st->pool_cap - st->pool_used) < cap)
	{
		int64		conversation = e->conversation;
		bool		found;

		st = Rebuild(st, st->nslots, (uint64) st->pool_used + cap + FRS_MIN_POOL, false);
		e = Lookup(st, conversation, &found);
		Assert(found);
		*ep = e;
	}
	pool = FRS_POOL(st);
	memcpy(pool + st->pool_used, pool + e->early,
		   e->pairing.nearly * sizeof(int64));
	e->early = st->pool_used;
	e->early_cap = (uint32) cap;
	st->pool_used += (uint32) cap;
	return st;
}

/*
 * Adds the summary src (with its early list) to st: a new entry copies it,
 * an existing one merges it.  Returns st or a larger copy.
 */
static FrsState *
AddSummary(FrsState *st, int64 conversation, const SmPairing *src,
		   const int64 *src_early)
{
	bool		found;
	FrsEntry   *e;

	st = Reserve(st, src->nearly);
	e = Lookup(st, conversation, &found);
	if (!found)
	{
		/* the same summary as merging into an empty one */
		e->conversation = conversation;
		e->pairing = *src;
		if (src->nearly > 0)
		{
			e->early = st->pool_used;
			e->early_cap = src->nearly;
			memcpy(FRS_POOL(st) + e->early, src_early,
				   src->nearly * sizeof(int64));
			st->pool_used += src->nearly;
		}
		st->nused++;
		return st;
	}

	/*
	 * sm_pairing_merge wants room for dst.nearly + src.nearly + 1 times, but
	 * only src's early times can append: it adds src's c0 (which can only
	 * shorten early[]) and src's reply, which is after src's c0 and so after
	 * the merged c0.  Without early times in src, nothing is written.
	 */
	Assert((src->flags & SM_PAIR_HAS_CUSTOMER) || src->nearly > 0);
	if (src->nearly > 0 &&
		e->early_cap < (uint64) e->pairing.nearly + src->nearly + 1)
		st = GrowEarly(st, &e, (uint64) e->pairing.nearly + src->nearly + 1);
	sm_pairing_merge(&e->pairing, FRS_POOL(st) + e->early, src, src_early);
	return st;
}

/* A validated, compacted copy of any state datum. */
static FrsState *
CopyState(const FrsState *src)
{
	return Rebuild(src, FRS_MIN_SLOTS, FRS_MIN_POOL, true);
}

/*
 * Whether a message leaves the summary unchanged, the usual case once a
 * conversation has its first customer message and its reply: a later
 * customer message, or a brand message at or after the reply.  Saves the
 * call into pairing.c on most rows.
 */
static inline bool
IsNoOp(const SmPairing *p, int64 at, bool from_brand)
{
	if (!(p->flags & SM_PAIR_HAS_CUSTOMER))
		return false;
	if (!from_brand)
		return at >= p->customer;
	return (p->flags & SM_PAIR_HAS_REPLY) && at >= p->reply;
}

#define PG_GETARG_FRS(n) ((FrsState *) PG_DETOAST_DATUM(PG_GETARG_DATUM(n)))

/* Whether the executor calls us as an aggregate (state ours, in place). */
static inline bool
InAggregate(FunctionCallInfo fcinfo)
{
	return fcinfo->context != NULL &&
		(IsA(fcinfo->context, AggState) || IsA(fcinfo->context, WindowAggState));
}

/* ---------- aggregate support ---------- */

/*
 * first_reply_sketch_transfn(state, conversation, at, from_brand): adds one
 * message to its conversation's summary.  Rows with a NULL conversation,
 * time or sender are skipped.  Inside an aggregate the state is updated in
 * place (or replaced by a larger copy); called directly, it works on a copy.
 */
Datum
first_reply_sketch_transfn(PG_FUNCTION_ARGS)
{
	FrsState   *st;
	int64		conversation;
	TimestampTz at;
	bool		from_brand;
	FrsEntry   *e;
	bool		found;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	conversation = PG_GETARG_INT64(1);
	at = PG_GETARG_TIMESTAMPTZ(2);
	from_brand = PG_GETARG_BOOL(3);
	if (unlikely(TIMESTAMP_NOT_FINITE(at)))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("first_reply_sketch: message time cannot be infinite"),
				 errhint("Filter out rows whose time is infinity or -infinity.")));

	if (PG_ARGISNULL(0))
		st = NewState(FRS_MIN_SLOTS, FRS_MIN_POOL);
	else if (likely(InAggregate(fcinfo)))
	{
		st = (FrsState *) PG_GETARG_POINTER(0);
		if (unlikely(VARATT_IS_EXTENDED(st) || st->magic != FRS_MAGIC))
			sm_support_function_error("first_reply_sketch_transfn",
									  "first_reply_sketch",
									  "The aggregate's state was not built by this function.");
	}
	else
		st = CopyState(PG_GETARG_FRS(0));

	/* Room first, so that a new entry is claimed in its final place. */
	st = Reserve(st, from_brand ? FRS_EARLY_MIN : 0);
	e = Lookup(st, conversation, &found);
	if (likely(found) && IsNoOp(&e->pairing, at, from_brand))
		PG_RETURN_POINTER(st);
	if (!found)
	{
		e->conversation = conversation;
		sm_pairing_init(&e->pairing);
		if (from_brand)
		{
			/* a brand message opens it: its time goes to early[] */
			e->early = st->pool_used;
			e->early_cap = FRS_EARLY_MIN;
			st->pool_used += FRS_EARLY_MIN;
		}
		st->nused++;
	}
	else if (unlikely(sm_pairing_add_may_grow(&e->pairing, at, from_brand) &&
					  e->pairing.nearly >= e->early_cap))
		st = GrowEarly(st, &e, (uint64) e->pairing.nearly + 1);
	sm_pairing_add(&e->pairing, FRS_POOL(st) + e->early, at, from_brand);
	PG_RETURN_POINTER(st);
}

/*
 * first_reply_sketch_combine(a, b): the state of the messages of a and b
 * together; a conversation present in both is merged (parallel workers and
 * Citus shards may each hold part of it).
 */
Datum
first_reply_sketch_combine(PG_FUNCTION_ARGS)
{
	FrsState   *a;
	FrsState   *b;
	FrsIter		it;
	const FrsEntry *e;
	const int64 *bpool;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	b = PG_GETARG_FRS(1);
	CheckLayout(b);
	if (PG_ARGISNULL(0))
	{
		/* room for what usually comes next: the other workers' entries */
		PG_RETURN_POINTER(Rebuild(b, SlotsFor((uint64) b->nused * 2),
								  FRS_MIN_POOL, true));
	}
	if (InAggregate(fcinfo))
	{
		a = (FrsState *) PG_GETARG_POINTER(0);
		if (VARATT_IS_EXTENDED(a) || a->magic != FRS_MAGIC)
			sm_support_function_error("first_reply_sketch_combine",
									  "first_reply_sketch",
									  "The aggregate's state was not built by this function.");
	}
	else
		a = CopyState(PG_GETARG_FRS(0));

	IterInit(&it, b, true);
	bpool = FRS_POOL(b);
	while ((e = IterNext(&it)) != NULL)
		a = AddSummary(a, e->conversation, &e->pairing, bpool + e->early);
	PG_RETURN_POINTER(a);
}

/*
 * Final function of first_reply_sketch: the quantile sketch (default
 * relative error) of the first-reply seconds of the answered
 * conversations, computed exactly as first_reply_seconds computes them;
 * NULL when no conversation was answered.  Reads the state only (window
 * frames and shared states call it more than once).
 */
Datum
first_reply_sketch_finalfn(PG_FUNCTION_ARGS)
{
	FrsState   *st = PG_GETARG_FRS(0);
	FrsIter		it;
	const FrsEntry *e;
	SmSketch   *sk = sm_pg_sketch_new(SM_K_DEFAULT);
	struct varlena *result;

	IterInit(&it, st, true);
	while ((e = IterNext(&it)) != NULL)
	{
		uint64		wait_us;

		if (sm_pairing_result(&e->pairing, &wait_us))
			sk = sm_pg_sketch_add(sk, (double) wait_us / USECS_PER_SEC);
	}
	result = sm_pg_sketch_finalize(sk);
	if (result == NULL)
		PG_RETURN_NULL();
	PG_RETURN_POINTER(result);
}

/* Conversations with a customer message: all, and those never answered. */
static void
CountConversations(const FrsState *st, int64 *asked, int64 *unanswered)
{
	FrsIter		it;
	const FrsEntry *e;

	*asked = 0;
	*unanswered = 0;
	IterInit(&it, st, true);
	while ((e = IterNext(&it)) != NULL)
	{
		if (!(e->pairing.flags & SM_PAIR_HAS_CUSTOMER))
			continue;
		(*asked)++;
		if (!(e->pairing.flags & SM_PAIR_HAS_REPLY))
			(*unanswered)++;
	}
}

/* unanswered_count: 0 over no rows, like count(). */
Datum
unanswered_count_finalfn(PG_FUNCTION_ARGS)
{
	int64		asked;
	int64		unanswered;

	if (PG_ARGISNULL(0))
		PG_RETURN_INT64(0);
	CountConversations(PG_GETARG_FRS(0), &asked, &unanswered);
	PG_RETURN_INT64(unanswered);
}

/* unanswered_share: NULL when no conversation has a customer message. */
Datum
unanswered_share_finalfn(PG_FUNCTION_ARGS)
{
	int64		asked;
	int64		unanswered;

	CountConversations(PG_GETARG_FRS(0), &asked, &unanswered);
	if (asked == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8((double) unanswered / (double) asked);
}

/* ---------- canonical order for the external forms ---------- */

static int
CompareEntries(const void *a, const void *b)
{
	int64		x = (*(const FrsEntry *const *) a)->conversation;
	int64		y = (*(const FrsEntry *const *) b)->conversation;

	return (x > y) - (x < y);
}

/* The used entries, validated, in ascending conversation order. */
static const FrsEntry **
SortedEntries(const FrsState *st)
{
	const FrsEntry **v;
	FrsIter		it;
	const FrsEntry *e;
	uint32		n = 0;

	CheckLayout(st);
	v = palloc(Max(st->nused, 1) * sizeof(FrsEntry *));
	IterInit(&it, st, true);
	while ((e = IterNext(&it)) != NULL)
	{
		if (n >= st->nused)
			Corrupted("The number of conversations does not match the header.");
		v[n++] = e;
	}
	qsort(v, n, sizeof(FrsEntry *), CompareEntries);
	return v;
}

/* ---------- text I/O ---------- */

/*
 * Text form, exact and independent of TimeZone and DateStyle (times are
 * int64 microseconds since 2000-01-01 00:00 UTC, as in first_reply_state):
 *
 *	  v1[ <conversation>:<summary>]...
 *	  <summary> = [c=<customer>][;r=<reply>][;b=<t1>,<t2>,...]
 *
 * one entry per conversation, in ascending conversation order on output
 * (any order on input), e.g. "v1 7:c=0;r=60000000 9:b=-5000000".  Each
 * summary holds at least one field; the leading ';' of the first field is
 * left out.
 */
static void
BadText(const char *str, const char *detail)
{
	/* a state can be large: quote its beginning only */
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type %s: \"%.60s%s\"",
					"first_reply_sketch_state", str,
					strlen(str) > 60 ? "..." : ""),
			 errdetail("%s", detail),
			 errhint("Write a state as produced by its output function, e.g. \"v1 7:c=0;r=60000000\".")));
}

/* One "<field>=" prefix, with its separator unless it is the first. */
static bool
Field(const char **pp, bool first, char name)
{
	const char *p = *pp;

	if (!first)
	{
		if (*p != ';')
			return false;
		p++;
	}
	if (p[0] != name || p[1] != '=')
		return false;
	*pp = p + 2;
	return true;
}

Datum
first_reply_sketch_state_in(PG_FUNCTION_ARGS)
{
	const char *str = PG_GETARG_CSTRING(0);
	const char *p = str;
	const char *s;
	uint64		nentries = 0;
	uint64		ntimes = 0;
	FrsState   *st;
	int64	   *scratch;

	if (strncmp(p, FRS_TEXT_VERSION, strlen(FRS_TEXT_VERSION)) != 0)
		BadText(str, "Unknown or missing version (expected \"v1\").");
	p += strlen(FRS_TEXT_VERSION);

	/* Sizes are bounded by the text: count before allocating. */
	for (s = p; *s; s++)
	{
		if (*s == ' ')
			nentries++;
		else if (*s == ',' || *s == '=')
			ntimes++;
	}
	st = NewState(SlotsFor(nentries), ntimes + FRS_MIN_POOL);
	scratch = palloc(Max(ntimes, 1) * sizeof(int64));

	while (*p)
	{
		int64		conversation;
		SmPairing	pairing;
		bool		first = true;
		const char *why;

		CHECK_FOR_INTERRUPTS();
		if (*p != ' ')
			BadText(str, "Expected a space before each conversation.");
		p++;
		if (!sm_parse_int64(&p, &conversation) || *p != ':')
			BadText(str, "Expected a conversation number and ':'.");
		p++;
		sm_pairing_init(&pairing);
		if (Field(&p, first, 'c'))
		{
			if (!sm_parse_int64(&p, &pairing.customer))
				BadText(str, "Bad customer time.");
			pairing.flags |= SM_PAIR_HAS_CUSTOMER;
			first = false;
		}
		if (Field(&p, first, 'r'))
		{
			if (!sm_parse_int64(&p, &pairing.reply))
				BadText(str, "Bad reply time.");
			pairing.flags |= SM_PAIR_HAS_REPLY;
			first = false;
		}
		if (Field(&p, first, 'b'))
		{
			for (;;)
			{
				if (pairing.nearly >= ntimes ||
					!sm_parse_int64(&p, &scratch[pairing.nearly]))
					BadText(str, "Bad early brand time.");
				pairing.nearly++;
				if (*p != ',')
					break;
				p++;
			}
			first = false;
		}
		if (first)
			BadText(str, "A conversation without messages.");
		if (*p != ' ' && *p != '\0')
			BadText(str, "Unexpected characters after a conversation.");
		why = EntryProblem(&pairing, scratch);
		if (why)
			BadText(str, why);
		{
			bool		found;

			(void) Lookup(st, conversation, &found);
			if (found)
				BadText(str, "A conversation appears twice.");
		}
		/* sized above: no rebuild */
		st = AddSummary(st, conversation, &pairing, scratch);
	}
	pfree(scratch);
	PG_RETURN_POINTER(st);
}

Datum
first_reply_sketch_state_out(PG_FUNCTION_ARGS)
{
	FrsState   *st = PG_GETARG_FRS(0);
	const FrsEntry **v = SortedEntries(st);
	const int64 *pool = FRS_POOL(st);
	StringInfoData buf;
	uint32		i;

	initStringInfo(&buf);
	appendStringInfoString(&buf, FRS_TEXT_VERSION);
	for (i = 0; i < st->nused; i++)
	{
		const SmPairing *p = &v[i]->pairing;
		const char *sep = "";
		uint32		j;

		INTERRUPT_EVERY(i);
		appendStringInfo(&buf, " " INT64_FORMAT ":", v[i]->conversation);
		if (p->flags & SM_PAIR_HAS_CUSTOMER)
		{
			appendStringInfo(&buf, "c=" INT64_FORMAT, p->customer);
			sep = ";";
		}
		if (p->flags & SM_PAIR_HAS_REPLY)
		{
			appendStringInfo(&buf, "%sr=" INT64_FORMAT, sep, p->reply);
			sep = ";";
		}
		for (j = 0; j < p->nearly; j++)
			appendStringInfo(&buf, "%s" INT64_FORMAT,
							 j == 0 ? (*sep ? ";b=" : "b=") : ",",
							 pool[v[i]->early + j]);
	}
	PG_RETURN_CSTRING(buf.data);
}

/* ---------- binary I/O ---------- */

/*
 * Binary form: version byte (1), uint32 number of conversations, then per
 * conversation in ascending order: int64 conversation, flags byte, int64
 * customer, int64 reply (zero when absent), uint32 n, n int64 early times.
 */
Datum
first_reply_sketch_state_send(PG_FUNCTION_ARGS)
{
	FrsState   *st = PG_GETARG_FRS(0);
	const FrsEntry **v = SortedEntries(st);
	const int64 *pool = FRS_POOL(st);
	StringInfoData buf;
	uint32		i;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, FRS_BINARY_VERSION);
	pq_sendint32(&buf, st->nused);
	for (i = 0; i < st->nused; i++)
	{
		const SmPairing *p = &v[i]->pairing;
		uint32		j;

		INTERRUPT_EVERY(i);
		pq_sendint64(&buf, v[i]->conversation);
		pq_sendbyte(&buf, (uint8) p->flags);
		pq_sendint64(&buf, p->customer);
		pq_sendint64(&buf, p->reply);
		pq_sendint32(&buf, p->nearly);
		for (j = 0; j < p->nearly; j++)
			pq_sendint64(&buf, pool[v[i]->early + j]);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

static void
BadBinary(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid binary input for type %s", "first_reply_sketch_state"),
			 errdetail("%s", detail)));
}

Datum
first_reply_sketch_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			version;
	uint32		n;
	uint32		i;
	uint64		ntimes = 0;
	int			start;
	int			pos;
	FrsState   *st;
	int64	   *scratch;

	if (buf->len - buf->cursor < 1 + 4)
		BadBinary("The message is too short.");
	version = pq_getmsgbyte(buf);
	if (version != FRS_BINARY_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("unsupported first_reply_sketch_state binary version %d", version),
				 errhint("This version of social_metrics reads version %d.",
						 FRS_BINARY_VERSION)));
	n = pq_getmsgint(buf, 4);
	if ((uint64) n * FRS_BIN_ENTRY_MIN > (uint64) (buf->len - buf->cursor))
		BadBinary("The number of conversations does not match the message length.");

	/* Walk the message once to check every length before allocating. */
	start = buf->cursor;
	pos = start;
	for (i = 0; i < n; i++)
	{
		uint32		nearly;

		INTERRUPT_EVERY(i);
		if (buf->len - pos < FRS_BIN_ENTRY_MIN)
			BadBinary("The message is too short.");
		memcpy(&nearly, buf->data + pos + FRS_BIN_ENTRY_MIN - 4, 4);
		nearly = pg_ntoh32(nearly);
		pos += FRS_BIN_ENTRY_MIN;
		if ((uint64) nearly * sizeof(int64) > (uint64) (buf->len - pos))
			BadBinary("An early-time count does not match the message length.");
		pos += nearly * sizeof(int64);
		ntimes += nearly;
	}
	if (pos != buf->len)
		BadBinary("Unexpected bytes after the last conversation.");

	st = NewState(SlotsFor(n), ntimes + FRS_MIN_POOL);
	scratch = palloc(Max(ntimes, 1) * sizeof(int64));
	for (i = 0; i < n; i++)
	{
		int64		conversation;
		SmPairing	pairing;
		uint32		j;
		bool		found;
		const char *why;

		INTERRUPT_EVERY(i);
		conversation = pq_getmsgint64(buf);
		sm_pairing_init(&pairing);
		pairing.flags = (uint32) pq_getmsgbyte(buf);
		pairing.customer = pq_getmsgint64(buf);
		pairing.reply = pq_getmsgint64(buf);
		pairing.nearly = pq_getmsgint(buf, 4);
		for (j = 0; j < pairing.nearly; j++)
			scratch[j] = pq_getmsgint64(buf);
		if (pairing.flags == 0 && pairing.nearly == 0)
			BadBinary("A conversation without messages.");
		why = EntryProblem(&pairing, scratch);
		if (why)
			BadBinary(why);
		(void) Lookup(st, conversation, &found);
		if (found)
			BadBinary("A conversation appears twice.");
		st = AddSummary(st, conversation, &pairing, scratch);
	}
	pfree(scratch);
	PG_RETURN_POINTER(st);
}
