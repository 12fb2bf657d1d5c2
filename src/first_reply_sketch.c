/*-------------------------------------------------------------------------
 *
 * first_reply_sketch.c
 *	  First-reply pairing of every conversation of a group in one pass:
 *	  the aggregates first_reply_sketch, unanswered_count,
 *	  unanswered_share and sla_attainment (bigint, text or uuid
 *	  conversation ids; round the clock or in business seconds), and their
 *	  state type first_reply_sketch_state.
 *
 *	  While an aggregate runs, the state is an expanded object (see
 *	  utils/expandeddatum.h) in the aggregate's memory: a pairing_table.c hash
 *	  table from conversation to the pairing summary of pairing.h, whose
 *	  early[] lists are separate small allocations, freed as soon as a
 *	  conversation no longer needs them.  The transition function changes
 *	  it in place and returns the same pointer, so the executor never
 *	  copies it; growth doubles the table (O(1) amortized per row) and
 *	  nothing is rebuilt for garbage.  Brand messages that arrive before
 *	  their conversation's customer message cost O(log n) (a heap).
 *	  Once a state holds FRS_QUEUE_FROM conversations with bigint ids, its
 *	  rows are queued and added a batch at a time with their table slots
 *	  prefetched (SmConvQueue, Settle); every reader settles it first.
 *
 *	  The flat form (what parallel workers send, what a table stores, what
 *	  the text and binary forms list) holds the conversations in ascending
 *	  id order with canonical summaries, so the same rows give the same
 *	  bytes whatever their order and the plan.
 *
 *	  The ceiling: a stored state must always print and dump (issue 20,
 *	  A4), so the conversations of one group may take SM_STATE_TEXT_LIMIT
 *	  bytes (1 GB less 1 kB) in the state's dump, counted as each id's
 *	  dump bytes (sm_conv_id_dump_bytes) plus FRS_CONV_TEXT for the
 *	  longest summary: 16,268,799 conversations with 19-digit bigint ids,
 *	  19,522,558 with ids below 10^8, 12,936,635 with uuid ids.  The flat
 *	  form is always smaller.  The count only grows as rows come in, and
 *	  the transition and combine functions check it the same way, so every
 *	  plan fails or succeeds together; early brand messages (23 bytes each
 *	  at most) are counted when the state is flattened.
 *
 *	  1.0.0 stored its states as the hash table itself ("FRS1"); those
 *	  values are still read (LegacyToExpanded).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"
#include "compat.h"
#include "errtext.h"

#include <math.h>

#include "common/int.h"
#include "common/shortest_dec.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "nodes/execnodes.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/expandeddatum.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"
#include "utils/uuid.h"

#include "business_time.h"
#include "pairing_table.h"
#include "pairing_ids.h"
#include "pairing.h"
#include "sketch_pg.h"
#include "state_io.h"

PG_FUNCTION_INFO_V1(first_reply_sketch_state_in);
PG_FUNCTION_INFO_V1(first_reply_sketch_state_out);
PG_FUNCTION_INFO_V1(first_reply_sketch_state_recv);
PG_FUNCTION_INFO_V1(first_reply_sketch_state_send);
PG_FUNCTION_INFO_V1(first_reply_sketch_transfn);
PG_FUNCTION_INFO_V1(sla_attainment_transfn);
PG_FUNCTION_INFO_V1(first_reply_sketch_combine);
PG_FUNCTION_INFO_V1(first_reply_sketch_finalfn);
PG_FUNCTION_INFO_V1(unanswered_count_finalfn);
PG_FUNCTION_INFO_V1(unanswered_share_finalfn);
PG_FUNCTION_INFO_V1(sla_attainment_finalfn);

#define FRS_OPT_TARGET		0x01	/* sla_attainment: target seconds */
#define FRS_OPT_CALENDAR	0x02	/* waits in business seconds */
#define FRS_KNOWN_OPTS		(FRS_OPT_TARGET | FRS_OPT_CALENDAR)

/* flat bytes of a conversation besides its id: flags, nearly, c0, reply */
#define FRS_ENTRY_FIXED		24

/*
 * Dump bytes of a conversation besides its id, at most: " ", ":", then
 * "c=" and ";r=" with an int64 each (20 characters at most); and of each
 * early time: ";b=" or "," and an int64.  No COPY escape applies to them.
 */
#define FRS_CONV_TEXT		(1 + 1 + 2 + 20 + 3 + 20)
#define FRS_EARLY_TEXT		(3 + 20)

#define FRS_TEXT_V1			"v1"
#define FRS_TEXT_V2			"v2"
#define FRS_BINARY_V1		1
#define FRS_BINARY_V2		2
/* binary bytes of a conversation besides its id: flags, c0, reply, nearly */
#define FRS_BIN_ENTRY_FIXED	(1 + 8 + 8 + 4)

#define FRS_TYPE			"first_reply_sketch_state"
#define FRS_EXAMPLE			"v1 7:c=0;r=60000000"

/* ---------- the working state: an expanded object ---------- */

/*
 * One conversation: 16 bytes after its SmConvSlot, whose aux holds the
 * flags (pairing.c's SM_PAIR_HAS_* bits and ours), so that a slot is 32
 * bytes.  The lookup of each row is about one cache miss once a query's
 * tables outgrow the CPU caches; a 32-byte slot is one cache line where
 * the 48 bytes of a full summary straddle two half the time (measured:
 * see the note of issue 11).  Most conversations need their summary and
 * at most a brand time or two sent before the customer spoke, which fit
 * in place:
 *
 *	  FRS_BLOCK clear: v[] holds, in this order, c0 (with
 *		SM_PAIR_HAS_CUSTOMER), the reply (with SM_PAIR_HAS_REPLY), then
 *		FRS_NINLINE() early times, canonical (ascending, distinct); unused
 *		words are zero.
 *	  FRS_BLOCK set: v[0] points to an FrsBlock holding the whole summary
 *		and its early list (a heap while we work on it), until that list
 *		is empty again.
 */
typedef struct FrsEntry
{
	int64		v[2];
} FrsEntry;

#define FRS_BLOCK			0x10000
#define FRS_NINLINE_SHIFT	4
#define FRS_NINLINE_MASK	(3 << FRS_NINLINE_SHIFT)
#define FRS_NINLINE(aux)	(((aux) & FRS_NINLINE_MASK) >> FRS_NINLINE_SHIFT)
StaticAssertDecl((SM_PAIR_KNOWN_FLAGS & (FRS_BLOCK | FRS_NINLINE_MASK)) == 0,
				 "our flags beside pairing.c's");

typedef struct FrsBlock
{
	SmPairing	pairing;
	uint64		cap;			/* room in early[] */
	int64		early[FLEXIBLE_ARRAY_MEMBER];
} FrsBlock;

#define FRS_BLOCK_SIZE(cap)	(offsetof(FrsBlock, early) + (cap) * sizeof(int64))

/*
 * A conversation as pairing.c works on it: pointers into its block, or a
 * copy of an in-place summary (written back by StoreEntry()).
 */
#define FRS_VIEW_ROOM	4
typedef struct FrsView
{
	SmPairing  *p;
	int64	   *early;
	uint64		cap;			/* room in early[] */
	SmPairing	local;
	int64		buf[FRS_VIEW_ROOM];
} FrsView;

#define FRS_SLOT_SIZE	(sizeof(SmConvSlot) + sizeof(FrsEntry))
StaticAssertDecl(FRS_SLOT_SIZE == 32, "a slot is half a cache line");

#define FRS_EXPANDED_MAGIC	0x46525358	/* "FRSX" */

typedef struct FrsExpanded
{
	ExpandedObjectHeader hdr;
	uint32		magic;
	uint8		opts;			/* FRS_OPT_* */
	double		target;			/* with FRS_OPT_TARGET */
	struct varlena *calendar;	/* with FRS_OPT_CALENDAR: a
								 * business_calendar datum */
	SmConvTable table;
	uint64		fixed_bytes;	/* flat bytes of ids and summaries */
	uint64		text_bytes;		/* dump bytes, at most, of the header (no
								 * calendar), ids and summaries */
	Size		flat_size;		/* from the last FrsGetFlatSize */
	SmConvQueue queue;			/* rows not yet added (bigint ids) */
} FrsExpanded;

/*
 * Rows of a state with bigint ids are queued (see SmConvQueue) once it
 * holds FRS_QUEUE_FROM conversations: below that its table fits a few cache
 * lines, and small groups do not pay the queue's 1 KiB.
 */
#define FRS_QUEUE_FROM	64

/* ---------- the flat form ---------- */

/*
 * Header, then the calendar datum (callen bytes, padded to 8), then per
 * conversation in ascending id order: the id (bigint: 8 bytes; uuid: 16;
 * text: uint32 length and the bytes), uint32 flags, uint32 nearly, int64
 * customer, int64 reply, int64 early[nearly] ascending.  Native byte
 * order, read with memcpy.
 */
typedef struct FrsFlat
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint32		magic;			/* FRS2_MAGIC */
	uint8		kind;			/* SmConvKind */
	uint8		opts;
	uint16		reserved;
	uint32		nconv;
	double		target;
	uint32		callen;
	uint32		reserved2;
} FrsFlat;

#define FRS2_MAGIC		0x46525332	/* "FRS2" */
#define FRS1_MAGIC		0x46525331	/* "FRS1": 1.0.0 */
#define FRS_FLAT_HDRSZ	sizeof(FrsFlat)
StaticAssertDecl(sizeof(FrsFlat) == 32, "flat header layout");

static Size FrsGetFlatSize(ExpandedObjectHeader *eohptr);
static void FrsFlattenInto(ExpandedObjectHeader *eohptr, void *result,
						   Size allocated_size);

static const ExpandedObjectMethods FrsMethods = {
	FrsGetFlatSize,
	FrsFlattenInto
};

/* A new, empty state: in an aggregate, in aggcxt's group states (see sm_conv_state_memory). */
static FrsExpanded *
NewExpanded(MemoryContext aggcxt, SmConvKind kind, uint8 opts)
{
	FrsExpanded *x = sm_pairing_new_state(aggcxt, sizeof(FrsExpanded), &FrsMethods);

	x->magic = FRS_EXPANDED_MAGIC;
	x->opts = opts;
	x->text_bytes = SM_STATE_TEXT_HEAD;
	sm_conv_init_in(&x->table, kind, FRS_SLOT_SIZE, x->hdr.eoh_context);
	return x;
}

static inline FrsExpanded *
AsExpanded(Datum d)
{
	if (VARATT_IS_EXTERNAL_EXPANDED(DatumGetPointer(d)))
	{
		ExpandedObjectHeader *eoh = DatumGetEOHP(d);

		if (eoh->eoh_methods == &FrsMethods)
			return (FrsExpanded *) eoh;
	}
	return NULL;
}

/* flat bytes of one conversation: id and summary */
static inline uint64
FixedBytes(SmConvKind kind, uint32 len)
{
	return sm_conv_flat_id_bytes(kind, len) + FRS_ENTRY_FIXED;
}

/*
 * The ceiling, checked when a conversation is added (transition, combine,
 * input): the total only grows, so the serial, parallel and Citus plans of
 * the same rows cross it together.  The message names no aggregate (six
 * share this state) and the DETAIL no count (with ids of different lengths
 * the count at the crossing depends on the row order), so that the error
 * reads the same on every plan.
 */
static inline void
CountConversation(FrsExpanded *x, int64 id, const char *key, uint32 len)
{
	x->fixed_bytes += FixedBytes(x->table.kind, len);
	x->text_bytes += FRS_CONV_TEXT + sm_conv_id_dump_bytes(x->table.kind, id, key, len);
	if (unlikely(x->text_bytes > SM_STATE_TEXT_LIMIT))
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many conversations in one group"),
				 errdetail("A first_reply_sketch_state must print and dump within %llu bytes, and the group's conversations (%s ids) need more: each takes its id as dumped plus %d bytes (%llu conversations with 19-digit bigint ids, %llu with uuid ids).",
						   (unsigned long long) SM_STATE_TEXT_LIMIT,
						   sm_conv_kind_name(x->table.kind),
						   FRS_CONV_TEXT,
						   (unsigned long long) ((SM_STATE_TEXT_LIMIT - SM_STATE_TEXT_HEAD) / (FRS_CONV_TEXT + 19)),
						   (unsigned long long) ((SM_STATE_TEXT_LIMIT - SM_STATE_TEXT_HEAD) / (FRS_CONV_TEXT + 36))),
				 errhint("Group by a finer key that keeps each conversation in one group, such as the account, or the day the conversation started; then merge the sketches with rollup() and add the counts.")));
}

static inline FrsBlock *
BlockOf(SmConvSlot *s)
{
	return (FrsBlock *) (((FrsEntry *) sm_conv_entry(s))->v[0]);
}

/* A view of a conversation's summary. */
static inline void
ViewEntry(SmConvSlot *s, FrsView *w)
{
	const int64 *v = ((FrsEntry *) sm_conv_entry(s))->v;
	uint32		n;
	uint32		k = 0;
	uint32		i;

	if (s->aux & FRS_BLOCK)
	{
		FrsBlock   *b = BlockOf(s);

		w->p = &b->pairing;
		w->early = b->early;
		w->cap = b->cap;
		return;
	}
	w->local.flags = s->aux & SM_PAIR_KNOWN_FLAGS;
	w->local.customer = (s->aux & SM_PAIR_HAS_CUSTOMER) ? v[k++] : 0;
	w->local.reply = (s->aux & SM_PAIR_HAS_REPLY) ? v[k++] : 0;
	n = FRS_NINLINE(s->aux);
	for (i = 0; i < n; i++)
		w->buf[i] = v[k + i];
	w->local.nearly = n;
	w->p = &w->local;
	w->early = w->buf;
	w->cap = FRS_VIEW_ROOM;
}

/* Moves a view's summary to a new block with room for cap early times. */
static void
MoveToBlock(FrsExpanded *x, SmConvSlot *s, FrsView *w, uint64 cap)
{
	FrsBlock   *b;

	if (cap > (MaxAllocHugeSize - offsetof(FrsBlock, early)) / sizeof(int64))
		elog(ERROR, "first_reply_sketch: early list too long");
	b = MemoryContextAllocHuge(x->hdr.eoh_context, FRS_BLOCK_SIZE(cap));
	b->pairing = *w->p;
	b->cap = cap;
	memcpy(b->early, w->early, w->p->nearly * sizeof(int64));
	if (s->aux & FRS_BLOCK)
		pfree(BlockOf(s));
	((FrsEntry *) sm_conv_entry(s))->v[0] = (int64) b;
	((FrsEntry *) sm_conv_entry(s))->v[1] = 0;
	s->aux = FRS_BLOCK;
	w->p = &b->pairing;
	w->early = b->early;
	w->cap = cap;
}

/*
 * Gives a view room for `extra` more early times.  A full heap is first
 * brought to its canonical form, which drops repeated times (a brand-only
 * conversation whose posts share instants would otherwise keep every
 * copy); the list grows only if that frees less than half of it, so each
 * time is sorted O(1) times amortized and memory follows the distinct
 * times.
 */
static inline void
EnsureRoom(FrsExpanded *x, SmConvSlot *s, FrsView *w, uint64 extra)
{
	uint64		need = (uint64) w->p->nearly + extra;

	if (need <= w->cap)
		return;
	if (w->p->nearly >= 8 && (w->p->flags & SM_PAIR_HEAP))
	{
		sm_pairing_canonical(w->p, w->early);
		if (((uint64) w->p->nearly + extra) * 2 <= w->cap)
			return;
		need = (uint64) w->p->nearly + extra;
	}
	MoveToBlock(x, s, w, Max(need, Max(w->cap * 2, (uint64) 8)));
}

/*
 * Writes a view back: in place when the summary fits in 16 bytes (a
 * block whose early list emptied is freed), else in a block.
 */
static void
StoreEntry(FrsExpanded *x, SmConvSlot *s, FrsView *w)
{
	SmPairing  *p = w->p;
	int64	   *v = ((FrsEntry *) sm_conv_entry(s))->v;
	uint32		used;
	uint32		k = 0;
	uint32		i;

	if (p->nearly > 0 && p->nearly <= 2)
		sm_pairing_canonical(p, w->early);
	else if (p->nearly == 0)
		p->flags &= ~SM_PAIR_HEAP;
	used = ((p->flags & SM_PAIR_HAS_CUSTOMER) ? 1 : 0) +
		((p->flags & SM_PAIR_HAS_REPLY) ? 1 : 0) + p->nearly;
	if (used > 2)
	{
		if (!(s->aux & FRS_BLOCK))
			MoveToBlock(x, s, w, Max((uint64) p->nearly * 2, (uint64) 8));
		return;
	}
	if (s->aux & FRS_BLOCK)
	{
		FrsBlock   *b = BlockOf(s);
		SmPairing	copy = b->pairing;
		int64		early[2];

		memcpy(early, b->early, copy.nearly * sizeof(int64));
		pfree(b);
		w->local = copy;
		memcpy(w->buf, early, copy.nearly * sizeof(int64));
		w->p = p = &w->local;
		w->early = w->buf;
		w->cap = FRS_VIEW_ROOM;
	}
	v[0] = v[1] = 0;
	if (p->flags & SM_PAIR_HAS_CUSTOMER)
		v[k++] = p->customer;
	if (p->flags & SM_PAIR_HAS_REPLY)
		v[k++] = p->reply;
	for (i = 0; i < p->nearly; i++)
		v[k++] = w->early[i];
	s->aux = (p->flags & SM_PAIR_KNOWN_FLAGS) | (p->nearly << FRS_NINLINE_SHIFT);
}

/* The slot of a conversation, added (and counted) if new. */
static inline SmConvSlot *
EntryFor(FrsExpanded *x, int64 id, const char *key, uint32 len, bool *found)
{
	SmConvSlot *s = sm_conv_lookup(&x->table, id, key, len, found);

	if (!*found)
		CountConversation(x, id, key, len);
	return s;
}

/*
 * Whether a message leaves the summary unchanged, the usual case once a
 * conversation has its first customer message and its reply: read in
 * place, no view.
 */
static inline bool
IsNoOp(const SmConvSlot *s, int64 at, bool from_brand)
{
	const int64 *v = ((const FrsEntry *) sm_conv_entry((SmConvSlot *) s))->v;

	if ((s->aux & (SM_PAIR_HAS_CUSTOMER | FRS_BLOCK)) != SM_PAIR_HAS_CUSTOMER)
		return false;
	/* c0 is v[0], the reply v[1] */
	if (!from_brand)
		return at >= v[0];
	return (s->aux & SM_PAIR_HAS_REPLY) && at >= v[1];
}

static inline void
AddMessage(FrsExpanded *x, SmConvSlot *s, bool found, int64 at, bool from_brand)
{
	FrsView		w;

	if (likely(found) && IsNoOp(s, at, from_brand))
		return;
	ViewEntry(s, &w);
	if (sm_pairing_add_may_grow(w.p, at, from_brand))
		EnsureRoom(x, s, &w, 1);
	sm_pairing_add(w.p, w.early, at, from_brand);
	StoreEntry(x, s, &w);
}

/*
 * Adds the queued rows (see SmConvQueue); the pairing summary does not
 * depend on the order of a conversation's messages, so the result is the
 * same.  Every reader of an expanded state settles it first.
 */
static void
Settle(FrsExpanded *x)
{
	SmConvQueue *q = &x->queue;
	uint64		brand;
	uint32		n = sm_conv_queue_take(q, &brand);
	uint32		i;

	for (i = 0; i < n; i++)
	{
		bool		found;
		SmConvSlot *s;

		sm_conv_queue_prefetch(q, &x->table, i, n);
		s = EntryFor(x, q->rows->id[i], NULL, 0, &found);
		AddMessage(x, s, found, q->rows->at[i], (brand >> i) & 1);
	}
}

/* Folds a summary (early[] in any order) into its conversation. */
static void
AddSummary(FrsExpanded *x, int64 id, const char *key, uint32 len,
		   const SmPairing *src, const int64 *src_early)
{
	bool		found;
	SmConvSlot *s = EntryFor(x, id, key, len, &found);
	FrsView		w;

	ViewEntry(s, &w);
	if (src->nearly > 0)
		EnsureRoom(x, s, &w, (uint64) src->nearly + 1);
	sm_pairing_merge(w.p, w.early, src, src_early);
	StoreEntry(x, s, &w);
}

/* ---------- flattening ---------- */

static inline uint64
CalendarBytes(const FrsExpanded *x)
{
	return x->calendar ? TYPEALIGN(8, VARSIZE(x->calendar)) : 0;
}

/*
 * Dump bytes of the calendar in the text header: " calendar=" and the
 * calendar's text, quoted.
 */
static uint64
CalendarDumpBytes(const FrsExpanded *x)
{
	char	   *cal;
	uint64		n;

	if (x->calendar == NULL)
		return 0;
	cal = DatumGetCString(DirectFunctionCall1(business_calendar_out,
											  PointerGetDatum(x->calendar)));
	n = 10 + sm_conv_id_dump_bytes(SM_CONV_TEXT, 0, cal, strlen(cal));
	pfree(cal);
	return n;
}

/*
 * A calendar's text is far below this (100,000 holidays of 11 characters,
 * 5,040 windows): below it the calendar cannot carry a state over the
 * limit, and is not printed to find out.
 */
#define FRS_CALENDAR_TEXT_ROOM	((uint64) 64 * 1024 * 1024)

/*
 * Brings every early list to its canonical form (sorted, distinct: the
 * logical value does not change) and returns the flat size.  A state whose
 * flat form or dump would pass SM_STATE_TEXT_LIMIT raises the ceiling's
 * error: every stored state can be printed and dumped.
 */
static Size
FrsGetFlatSize(ExpandedObjectHeader *eohptr)
{
	FrsExpanded *x = (FrsExpanded *) eohptr;
	uint64		nearly = 0;
	uint64		i;
	uint64		size;
	uint64		text;

	Settle(x);
	for (i = 0; i < x->table.nslots; i++)
	{
		SmConvSlot *s = sm_conv_slot(&x->table, i);

		SM_INTERRUPT_EVERY(i);
		if (s->tag == 0)
			continue;
		if (s->aux & FRS_BLOCK)
		{
			FrsBlock   *b = BlockOf(s);

			sm_pairing_canonical(&b->pairing, b->early);
			nearly += b->pairing.nearly;
		}
		else
			nearly += FRS_NINLINE(s->aux);
	}
	size = FRS_FLAT_HDRSZ + CalendarBytes(x) + x->fixed_bytes + nearly * sizeof(int64);
	text = x->text_bytes + nearly * FRS_EARLY_TEXT;
	if (x->calendar && text + FRS_CALENDAR_TEXT_ROOM > SM_STATE_TEXT_LIMIT)
		text += CalendarDumpBytes(x);
	if (size > SM_STATE_TEXT_LIMIT || text > SM_STATE_TEXT_LIMIT)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("first_reply_sketch_state cannot exceed %llu bytes",
						(unsigned long long) SM_STATE_TEXT_LIMIT),
				 errdetail("The state of %llu conversations holds %llu brand messages sent at or before their conversation's first customer message, and would need %llu bytes stored and up to %llu in its text form.",
						   (unsigned long long) x->table.nused,
						   (unsigned long long) nearly,
						   (unsigned long long) size,
						   (unsigned long long) text),
				 errhint("Filter out outbound messages that no customer message precedes, or group by a finer key that keeps each conversation in one group.")));
	x->flat_size = (Size) size;
	return (Size) size;
}

static void
FrsFlattenInto(ExpandedObjectHeader *eohptr, void *result, Size allocated_size)
{
	FrsExpanded *x = (FrsExpanded *) eohptr;
	FrsFlat    *f = (FrsFlat *) result;
	SmConvSlot **v;
	char	   *p;
	uint64		n = x->table.nused;
	uint64		i;
	MemoryContext old;

	Assert(allocated_size == x->flat_size &&
		   x->queue.n == 0);
	old = sm_pairing_flatten_begin(eohptr, f, FRS_FLAT_HDRSZ, allocated_size);
	f->magic = FRS2_MAGIC;
	f->kind = (uint8) x->table.kind;
	f->opts = x->opts;
	f->nconv = (uint32) n;
	f->target = x->target;
	p = (char *) f + FRS_FLAT_HDRSZ;
	if (x->calendar)
	{
		f->callen = VARSIZE(x->calendar);
		memset(p, 0, CalendarBytes(x));
		memcpy(p, x->calendar, f->callen);
		p += CalendarBytes(x);
	}

	v = sm_conv_sorted_slots(&x->table);
	for (i = 0; i < n; i++)
	{
		SmConvSlot *s = v[i];
		FrsView		w;
		uint32		flags;

		SM_INTERRUPT_EVERY(i);
		ViewEntry(s, &w);
		flags = w.p->flags & SM_PAIR_KNOWN_FLAGS;
		Assert(!(w.p->flags & SM_PAIR_HEAP));
		p = sm_conv_flat_write_id(p, &x->table, s);
		memcpy(p, &flags, 4);
		memcpy(p + 4, &w.p->nearly, 4);
		memcpy(p + 8, &w.p->customer, 8);
		memcpy(p + 16, &w.p->reply, 8);
		p += FRS_ENTRY_FIXED;
		if (w.p->nearly > 0)
		{
			memcpy(p, w.early, w.p->nearly * sizeof(int64));
			p += w.p->nearly * sizeof(int64);
		}
	}
	pfree(v);
	sm_pairing_flatten_end(old);
	Assert(p == (char *) f + allocated_size);
}

/* A flat copy of an expanded state, in CurrentMemoryContext. */
#define Flatten(x)	((FrsFlat *) sm_pairing_flatten(&(x)->hdr))

/* ---------- reading any form ---------- */

#define Corrupted(detail)	sm_pairing_corrupted(FRS_TYPE, (detail))

/* Range checks of a summary's times, then the pairing invariants. */
static const char *
EntryProblem(const SmPairing *p, const int64 *early)
{
	if (p->flags == 0 && p->nearly == 0)
		return "A conversation without messages.";
	return sm_pairing_problem(p, early);
}

/* One conversation as read from a flat state. */
typedef struct FrsItem
{
	int64		id;				/* bigint ids */
	const char *key;			/* text/uuid ids */
	uint32		len;
	SmPairing	pairing;
	const int64 *early;			/* canonical, may be unaligned: copied */
} FrsItem;

typedef struct FrsFlatIter
{
	const FrsFlat *f;
	const char *p;
	const char *end;
	uint32		next;
	int64	   *buf;			/* aligned copy of the current early[] */
	uint32		bufcap;
	FrsItem		prev;
} FrsFlatIter;

static void
FlatIterInit(FrsFlatIter *it, const FrsFlat *f)
{
	Size		size = VARSIZE(f);

	if (size < FRS_FLAT_HDRSZ || f->magic != FRS2_MAGIC ||
		!SM_CONV_KIND_VALID(f->kind) || (f->opts & ~FRS_KNOWN_OPTS) ||
		((f->opts & FRS_OPT_CALENDAR) != 0) != (f->callen != 0) ||
		(uint64) TYPEALIGN(8, f->callen) > size - FRS_FLAT_HDRSZ)
		Corrupted("The header does not match the size.");
	it->f = f;
	it->p = (const char *) f + FRS_FLAT_HDRSZ + TYPEALIGN(8, f->callen);
	it->end = (const char *) f + size;
	it->next = 0;
	it->buf = NULL;
	it->bufcap = 0;
}

static bool
FlatIterNext(FrsFlatIter *it, FrsItem *item)
{
	const FrsFlat *f = it->f;
	const char *p = it->p;
	uint32		flags;
	const char *why;

	if (it->next >= f->nconv)
	{
		if (p != it->end)
			Corrupted("Unexpected bytes after the last conversation.");
		return false;
	}
	SM_INTERRUPT_EVERY(it->next);
	if (!sm_conv_flat_read_id((SmConvKind) f->kind, &p, it->end,
							  &item->id, &item->key, &item->len) ||
		it->end - p < FRS_ENTRY_FIXED)
		Corrupted("The state is truncated.");
	memcpy(&flags, p, 4);
	memcpy(&item->pairing.nearly, p + 4, 4);
	memcpy(&item->pairing.customer, p + 8, 8);
	memcpy(&item->pairing.reply, p + 16, 8);
	item->pairing.flags = flags;
	p += FRS_ENTRY_FIXED;
	if ((uint64) (it->end - p) / sizeof(int64) < item->pairing.nearly)
		Corrupted("An early list is out of bounds.");
	if (item->pairing.nearly > it->bufcap)
	{
		if (it->buf)
			pfree(it->buf);
		it->bufcap = Max(item->pairing.nearly, 16);
		it->buf = MemoryContextAllocHuge(CurrentMemoryContext,
										 (Size) it->bufcap * sizeof(int64));
	}
	if (item->pairing.nearly > 0)
		memcpy(it->buf, p, item->pairing.nearly * sizeof(int64));
	p += item->pairing.nearly * sizeof(int64);
	item->early = it->buf;
	why = EntryProblem(&item->pairing, it->buf);
	if (why)
		Corrupted(why);
	/* ascending ids: no conversation twice */
	if (it->next > 0 &&
		sm_conv_id_cmp((SmConvKind) f->kind, item->id, item->key, item->len,
					   it->prev.id, it->prev.key, it->prev.len) <= 0)
		Corrupted("The conversations are not in ascending order.");
	it->prev = *item;
	it->p = p;
	it->next++;
	return true;
}

/* The 1.0.0 layout: the hash table itself. */
typedef struct Frs1Entry
{
	int64		conversation;
	SmPairing	pairing;
	uint32		early;
	uint32		early_cap;
} Frs1Entry;

typedef struct Frs1State
{
	int32		vl_len_;
	uint32		magic;
	uint32		nslots;
	uint32		nused;
	uint32		pool_cap;
	uint32		pool_used;
	uint32		reserved[2];
	Frs1Entry	slots[FLEXIBLE_ARRAY_MEMBER];
} Frs1State;

#define FRS1_HDRSZ	offsetof(Frs1State, slots)

/* A validated expanded copy of a 1.0.0 state, in CurrentMemoryContext. */
static FrsExpanded *
LegacyToExpanded(const Frs1State *st)
{
	uint64		size = VARSIZE(st);
	const int64 *pool;
	FrsExpanded *x;
	uint32		i;
	uint32		seen = 0;

	if (size < FRS1_HDRSZ || st->nslots < 16 ||
		(st->nslots & (st->nslots - 1)) != 0 ||
		st->nused > st->nslots / 4 * 3 || st->pool_used > st->pool_cap ||
		size != FRS1_HDRSZ + (uint64) st->nslots * sizeof(Frs1Entry) +
		(uint64) st->pool_cap * sizeof(int64))
		Corrupted("The header does not match the size.");
	pool = (const int64 *) &st->slots[st->nslots];
	x = NewExpanded(NULL, SM_CONV_INT8, 0);
	for (i = 0; i < st->nslots; i++)
	{
		const Frs1Entry *e = &st->slots[i];
		const char *why;
		bool		found;

		SM_INTERRUPT_EVERY(i);
		if (e->pairing.flags == 0 && e->pairing.nearly == 0)
			continue;
		if (e->pairing.nearly > e->early_cap ||
			(uint64) e->early + e->early_cap > st->pool_used)
			Corrupted("An early list is out of bounds.");
		why = EntryProblem(&e->pairing, pool + e->early);
		if (why)
			Corrupted(why);
		if (sm_conv_find(&x->table, e->conversation, NULL, 0) != NULL)
			Corrupted("A conversation appears twice.");
		(void) found;
		AddSummary(x, e->conversation, NULL, 0, &e->pairing, pool + e->early);
		seen++;
	}
	if (seen != st->nused)
		Corrupted("The number of conversations does not match the header.");
	return x;
}

/*
 * Any state datum as either an expanded object (*x) or a flat FRS2 state
 * (*f), without copying an expanded one.
 */
static void
ViewState(Datum d, FrsExpanded **x, const FrsFlat **f)
{
	struct varlena *v;

	*x = AsExpanded(d);
	*f = NULL;
	if (*x)
	{
		Settle(*x);
		return;
	}
	v = PG_DETOAST_DATUM(d);
	if (VARSIZE(v) >= 8 && ((const FrsFlat *) v)->magic == FRS1_MAGIC)
		*x = LegacyToExpanded((const Frs1State *) v);
	else
		*f = (const FrsFlat *) v;
}

/* Any state datum as a flat FRS2 state (flattening or converting). */
static const FrsFlat *
FlatState(Datum d)
{
	FrsExpanded *x;
	const FrsFlat *f;

	ViewState(d, &x, &f);
	return x ? Flatten(x) : f;
}

/*
 * Calls fn for every conversation of a state, in any order (ascending for
 * flat states).
 */
typedef void (*FrsVisit) (void *arg, const SmPairing *p, const int64 *early);

static void
ForEachSummary(FrsExpanded *x, const FrsFlat *f, FrsVisit fn, void *arg)
{
	if (x)
	{
		uint64		i;

		for (i = 0; i < x->table.nslots; i++)
		{
			SmConvSlot *s = sm_conv_slot(&x->table, i);
			FrsView		w;

			SM_INTERRUPT_EVERY(i);
			if (s->tag == 0)
				continue;
			ViewEntry(s, &w);
			fn(arg, w.p, w.early);
		}
	}
	else
	{
		FrsFlatIter it;
		FrsItem		item;

		FlatIterInit(&it, f);
		while (FlatIterNext(&it, &item))
			fn(arg, &item.pairing, item.early);
	}
}

/* opts, target and calendar of either form */
static void
StateParams(FrsExpanded *x, const FrsFlat *f, SmConvKind *kind, uint8 *opts,
			double *target, struct varlena **calendar)
{
	if (x)
	{
		*kind = x->table.kind;
		*opts = x->opts;
		*target = x->target;
		*calendar = x->calendar;
	}
	else
	{
		FrsFlatIter it;

		FlatIterInit(&it, f);	/* validates the header */
		*kind = (SmConvKind) f->kind;
		*opts = f->opts;
		*target = f->target;
		*calendar = f->callen ? (struct varlena *) ((char *) f + FRS_FLAT_HDRSZ) : NULL;
	}
}

/* ---------- parameters: target and calendar ---------- */

static void
CheckTarget(double target)
{
	if (isnan(target) || isinf(target) || target < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("target_seconds must be a finite number >= 0"),
				 errhint("Give the target as seconds, e.g. 3600 for one hour.")));
}

static void
DifferentParams(const char *what)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("the %s must be the same on every row of a group", what),
			 errhint("Pass the %s as a constant, or group by it.", what)));
}

static inline bool
SameCalendar(const struct varlena *a, const struct varlena *b)
{
	if (a == b)
		return true;
	if (a == NULL || b == NULL)
		return false;
	/* calendars are canonical: equal calendars have equal bytes */
	return VARSIZE_ANY(a) == VARSIZE_ANY(b) &&
		memcmp(a, b, VARSIZE_ANY(a)) == 0;
}

static void
SetCalendar(FrsExpanded *x, const struct varlena *cal)
{
	x->calendar = MemoryContextAlloc(x->hdr.eoh_context, VARSIZE(cal));
	memcpy(x->calendar, cal, VARSIZE(cal));
}

/* Same params, or 22023: for combining two states. */
static void
CheckSameParams(FrsExpanded *x, SmConvKind kind, uint8 opts, double target,
				const struct varlena *calendar)
{
	if (x->table.kind != kind)
		DifferentParams("type of conversation id");
	if (x->opts != opts || ((opts & FRS_OPT_TARGET) && x->target != target))
		DifferentParams("target");
	if (!SameCalendar(x->calendar, calendar))
		DifferentParams("calendar");
}

/* ---------- aggregate support ---------- */

/* How a transition function was called: kept in fn_extra. */
typedef struct FrsCall
{
	SmConvKind	kind;
	int			target_arg;		/* argument number, or -1 */
	int			calendar_arg;
} FrsCall;

static FrsCall *
GetCall(FunctionCallInfo fcinfo, bool sla)
{
	FrsCall    *c = (FrsCall *) fcinfo->flinfo->fn_extra;

	if (likely(c != NULL))
		return c;
	c = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, sizeof(FrsCall));
	c->kind = sm_conv_arg_kind(fcinfo, 1, "first_reply_sketch");
	c->target_arg = sla ? 4 : -1;
	c->calendar_arg = PG_NARGS() > (sla ? 5 : 4) ? (sla ? 5 : 4) : -1;
	fcinfo->flinfo->fn_extra = c;
	return c;
}

/* Whether the executor calls us as an aggregate (state ours, in place). */
static inline bool
InAggregate(FunctionCallInfo fcinfo, MemoryContext *aggcxt)
{
	return AggCheckCallContext(fcinfo, aggcxt) != 0;
}

/* Folds every conversation of a state (src expanded, or f flat) into x. */
static void
AddState(FrsExpanded *x, FrsExpanded *src, const FrsFlat *f)
{
	if (src)
	{
		uint64		i;

		for (i = 0; i < src->table.nslots; i++)
		{
			SmConvSlot *s = sm_conv_slot(&src->table, i);
			FrsView		w;
			int64		id;
			const char *key;
			uint32		len;

			SM_INTERRUPT_EVERY(i);
			if (s->tag == 0)
				continue;
			ViewEntry(s, &w);
			sm_conv_slot_id(&src->table, s, &id, &key, &len);
			AddSummary(x, id, key, len, w.p, w.early);
		}
	}
	else
	{
		FrsFlatIter it;
		FrsItem		item;

		FlatIterInit(&it, f);
		while (FlatIterNext(&it, &item))
			AddSummary(x, item.id, item.key, item.len, &item.pairing, item.early);
	}
}

/* An expanded copy of any state datum in cxt. */
static FrsExpanded *
CopyToExpanded(Datum d, MemoryContext aggcxt)
{
	FrsExpanded *src;
	const FrsFlat *f;
	SmConvKind	kind;
	uint8		opts;
	double		target;
	struct varlena *calendar;
	FrsExpanded *x;

	ViewState(d, &src, &f);
	StateParams(src, f, &kind, &opts, &target, &calendar);
	x = NewExpanded(aggcxt, kind, opts);
	x->target = target;
	if (calendar)
		SetCalendar(x, calendar);
	AddState(x, src, f);
	return x;
}

/* The result of a transition or combine call. */
#define ReturnState(x, in_aggregate)	sm_pairing_return(&(x)->hdr, (in_aggregate))

/*
 * The transition function of every first-reply group aggregate:
 * (state, conversation bigint|text|uuid, at, from_brand [, target]
 * [, calendar]).  Rows with a NULL conversation, time, sender, target or
 * calendar are skipped.
 */
static Datum
Transition(FunctionCallInfo fcinfo, bool sla)
{
	FrsCall    *call = GetCall(fcinfo, sla);
	MemoryContext aggcxt;
	bool		in_agg;
	FrsExpanded *x = NULL;
	TimestampTz at;
	bool		from_brand;
	double		target = 0;
	struct varlena *calendar = NULL;
	int64		id = 0;
	const char *key = NULL;
	uint32		len = 0;
	bool		found;
	SmConvSlot *s;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3) ||
		(call->target_arg >= 0 && PG_ARGISNULL(call->target_arg)) ||
		(call->calendar_arg >= 0 && PG_ARGISNULL(call->calendar_arg)))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	at = PG_GETARG_TIMESTAMPTZ(2);
	from_brand = PG_GETARG_BOOL(3);
	sm_pairing_check_time(at, NULL);
	if (call->target_arg >= 0)
	{
		target = PG_GETARG_FLOAT8(call->target_arg);
		CheckTarget(target);
	}
	if (call->calendar_arg >= 0)
		calendar = PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(call->calendar_arg));

	in_agg = InAggregate(fcinfo, &aggcxt);
	if (PG_ARGISNULL(0))
	{
		uint8		opts = (call->target_arg >= 0 ? FRS_OPT_TARGET : 0) |
			(calendar ? FRS_OPT_CALENDAR : 0);

		x = NewExpanded(in_agg ? aggcxt : NULL, call->kind, opts);
		x->target = target;
		if (calendar)
		{
			/* a short-header datum gets the 4-byte header it will keep */
			calendar = PG_DETOAST_DATUM(PG_GETARG_DATUM(call->calendar_arg));
			SetCalendar(x, calendar);
		}
	}
	else if (in_agg && (x = AsExpanded(PG_GETARG_DATUM(0))) != NULL &&
			 VARATT_IS_EXTERNAL_EXPANDED_RW(DatumGetPointer(PG_GETARG_DATUM(0))))
		 /* ours, in place */ ;
	else
		x = CopyToExpanded(PG_GETARG_DATUM(0), in_agg ? aggcxt : NULL);

	if (unlikely(x->table.kind != call->kind))
		DifferentParams("type of conversation id");
	if (call->target_arg >= 0 || x->opts & FRS_OPT_TARGET)
	{
		if (!(x->opts & FRS_OPT_TARGET) || call->target_arg < 0 || x->target != target)
			DifferentParams("target");
	}
	if (calendar || x->calendar)
	{
		if (calendar == NULL || x->calendar == NULL ||
			VARSIZE_ANY_EXHDR(calendar) != VARSIZE_ANY_EXHDR(x->calendar) ||
			memcmp(VARDATA_ANY(calendar), VARDATA_ANY(x->calendar),
				   VARSIZE_ANY_EXHDR(calendar)) != 0)
			DifferentParams("calendar");
	}

	sm_conv_arg_id(fcinfo, 1, call->kind, &id, &key, &len);
	if (call->kind == SM_CONV_INT8 && in_agg &&
		x->table.nused >= FRS_QUEUE_FROM)
	{
		if (sm_conv_enqueue(&x->queue, x->hdr.eoh_context, id, at, from_brand))
			Settle(x);
	}
	else
	{
		s = EntryFor(x, id, key, len, &found);
		AddMessage(x, s, found, at, from_brand);
	}
	PG_RETURN_DATUM(ReturnState(x, in_agg));
}

/*
 * first_reply_sketch_transfn(state, conversation, at, from_brand
 * [, calendar]): first_reply_sketch, unanswered_count, unanswered_share.
 */
Datum
first_reply_sketch_transfn(PG_FUNCTION_ARGS)
{
	return Transition(fcinfo, false);
}

/* sla_attainment_transfn(state, conversation, at, from_brand, target [, calendar]) */
Datum
sla_attainment_transfn(PG_FUNCTION_ARGS)
{
	return Transition(fcinfo, true);
}

/*
 * first_reply_sketch_combine(a, b): the state of the messages of a and b
 * together; a conversation present in both is merged (parallel workers and
 * Citus shards may each hold part of it).  Adds b's conversations to a in
 * place, counting them against the same ceiling as the transition.
 */
Datum
first_reply_sketch_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	bool		in_agg = InAggregate(fcinfo, &aggcxt);
	FrsExpanded *a;
	FrsExpanded *bx;
	const FrsFlat *bf;
	SmConvKind	kind;
	uint8		opts;
	double		target;
	struct varlena *calendar;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	if (PG_ARGISNULL(0))
	{
		a = CopyToExpanded(PG_GETARG_DATUM(1), in_agg ? aggcxt : NULL);
		PG_RETURN_DATUM(ReturnState(a, in_agg));
	}
	if (in_agg && (a = AsExpanded(PG_GETARG_DATUM(0))) != NULL &&
		VARATT_IS_EXTERNAL_EXPANDED_RW(DatumGetPointer(PG_GETARG_DATUM(0))))
		 /* ours, in place (queued rows, if any, can wait) */ ;
	else
		a = CopyToExpanded(PG_GETARG_DATUM(0), in_agg ? aggcxt : NULL);

	ViewState(PG_GETARG_DATUM(1), &bx, &bf);
	StateParams(bx, bf, &kind, &opts, &target, &calendar);
	CheckSameParams(a, kind, opts, target, calendar);
	AddState(a, bx, bf);
	PG_RETURN_DATUM(ReturnState(a, in_agg));
}

/* ---------- final functions ---------- */

/* Waits in business seconds: business_seconds() with a cached zone. */
typedef struct FrsWaits
{
	struct varlena *calendar;
	void	   *zone_cache;		/* sm_business_seconds's */
	MemoryContext cxt;			/* where it lives */
} FrsWaits;

static void
WaitsInit(FrsWaits *w, struct varlena *calendar)
{
	w->calendar = calendar;
	w->zone_cache = NULL;
	w->cxt = CurrentMemoryContext;
}

/* The first-reply wait in seconds; false when unanswered. */
static bool
WaitSeconds(FrsWaits *w, const SmPairing *p, double *seconds)
{
	uint64		wait_us;

	if (!sm_pairing_result(p, &wait_us))
		return false;
	if (w->calendar)
		*seconds = sm_business_seconds(w->calendar, p->customer, p->reply,
									   &w->zone_cache, w->cxt);
	else
		*seconds = (double) wait_us / USECS_PER_SEC;
	return true;
}

typedef struct SketchAcc
{
	FrsWaits	waits;
	SmSketch   *sk;
} SketchAcc;

static void
SketchVisit(void *arg, const SmPairing *p, const int64 *early)
{
	SketchAcc  *acc = (SketchAcc *) arg;
	double		s;

	if (WaitSeconds(&acc->waits, p, &s))
		acc->sk = sm_pg_sketch_add(acc->sk, s);
}

/*
 * Final function of first_reply_sketch: the quantile sketch (default
 * relative error) of the first-reply seconds (business seconds with a
 * calendar) of the answered conversations, computed exactly as
 * first_reply_seconds computes them; NULL when none was answered.  Reads
 * the state only (window frames and shared states call it more than once).
 */
Datum
first_reply_sketch_finalfn(PG_FUNCTION_ARGS)
{
	FrsExpanded *x;
	const FrsFlat *f;
	SmConvKind	kind;
	uint8		opts;
	double		target;
	struct varlena *calendar;
	SketchAcc	acc;
	struct varlena *result;

	ViewState(PG_GETARG_DATUM(0), &x, &f);
	StateParams(x, f, &kind, &opts, &target, &calendar);
	WaitsInit(&acc.waits, calendar);
	acc.sk = sm_pg_sketch_new(SM_K_DEFAULT);
	ForEachSummary(x, f, SketchVisit, &acc);
	result = sm_pg_sketch_finalize(acc.sk);
	if (result == NULL)
		PG_RETURN_NULL();
	PG_RETURN_POINTER(result);
}

typedef struct CountAcc
{
	FrsWaits	waits;
	double		target;
	int64		asked;
	int64		unanswered;
	int64		within;
} CountAcc;

static void
CountVisit(void *arg, const SmPairing *p, const int64 *early)
{
	CountAcc   *acc = (CountAcc *) arg;

	if (!(p->flags & SM_PAIR_HAS_CUSTOMER))
		return;
	acc->asked++;
	if (!(p->flags & SM_PAIR_HAS_REPLY))
		acc->unanswered++;
}

static void
SlaVisit(void *arg, const SmPairing *p, const int64 *early)
{
	CountAcc   *acc = (CountAcc *) arg;
	double		s;

	if (!(p->flags & SM_PAIR_HAS_CUSTOMER))
		return;
	acc->asked++;
	if (WaitSeconds(&acc->waits, p, &s) && s <= acc->target)
		acc->within++;
}

static void
Count(Datum d, CountAcc *acc, bool sla)
{
	FrsExpanded *x;
	const FrsFlat *f;
	SmConvKind	kind;
	uint8		opts;
	struct varlena *calendar;

	memset(acc, 0, sizeof(*acc));
	ViewState(d, &x, &f);
	StateParams(x, f, &kind, &opts, &acc->target, &calendar);
	if (sla && !(opts & FRS_OPT_TARGET))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("sla_attainment: the state has no target"),
				 errhint("Build the state with sla_attainment(conversation, at, from_brand, target_seconds).")));
	WaitsInit(&acc->waits, calendar);
	ForEachSummary(x, f, sla ? SlaVisit : CountVisit, acc);
}

/* unanswered_count: 0 over no rows, like count(). */
Datum
unanswered_count_finalfn(PG_FUNCTION_ARGS)
{
	CountAcc	acc;

	if (PG_ARGISNULL(0))
		PG_RETURN_INT64(0);
	Count(PG_GETARG_DATUM(0), &acc, false);
	PG_RETURN_INT64(acc.unanswered);
}

/* unanswered_share: NULL when no conversation has a customer message. */
Datum
unanswered_share_finalfn(PG_FUNCTION_ARGS)
{
	CountAcc	acc;

	Count(PG_GETARG_DATUM(0), &acc, false);
	if (acc.asked == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8((double) acc.unanswered / (double) acc.asked);
}

/*
 * sla_attainment: conversations with a customer message whose first reply
 * came within the target, over all conversations with a customer message
 * (unanswered ones are misses); NULL when there are none.
 */
Datum
sla_attainment_finalfn(PG_FUNCTION_ARGS)
{
	CountAcc	acc;

	Count(PG_GETARG_DATUM(0), &acc, true);
	if (acc.asked == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8((double) acc.within / (double) acc.asked);
}

/*
 * sla_counts: the two counts behind sla_attainment, as bigint[] {met,
 * total}, from the same state and the same count, so that met / total is
 * sla_attainment to the last bit and wilson_interval or
 * proportion_change_test take them without a recount.  Not STRICT: no rows
 * give {0, 0}, as count() gives 0.
 */
PG_FUNCTION_INFO_V1(sla_counts_finalfn);

Datum
sla_counts_finalfn(PG_FUNCTION_ARGS)
{
	CountAcc	acc;
	Datum		counts[2];

	if (PG_ARGISNULL(0))
		memset(&acc, 0, sizeof(acc));
	else
		Count(PG_GETARG_DATUM(0), &acc, true);
	counts[0] = Int64GetDatum(acc.within);
	counts[1] = Int64GetDatum(acc.asked);
	PG_RETURN_ARRAYTYPE_P(construct_array(counts, 2, INT8OID, sizeof(int64),
										  FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
}

/* ---------- text I/O ---------- */

/*
 * Text forms, exact and independent of TimeZone and DateStyle (times are
 * int64 microseconds since 2000-01-01 00:00 UTC, as in first_reply_state):
 *
 *	  v1[ <bigint id>:<summary>]...				(bigint ids, no parameters:
 *												 the 1.0.0 form)
 *	  v2 <kind>[ target=<seconds>][ calendar="<calendar>"][ <id>:<summary>]...
 *	  <summary> = [c=<customer>][;r=<reply>][;b=<t1>,<t2>,...]
 *
 * kind is bigint, text or uuid; a text id is written in double quotes with
 * \" and \\ escaped, a uuid in its usual form.  One entry per
 * conversation, in ascending id order on output (any order on input), e.g.
 * "v1 7:c=0;r=60000000 9:b=-5000000", "v2 text \"a-1\":c=0;r=60000000".
 */
#define BadText(str, detail)	sm_pairing_bad_text(FRS_TYPE, (str), (detail), FRS_EXAMPLE)

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

/*
 * A summary "[c=..][;r=..][;b=..,..]" into p and *early (room: *cap),
 * which grows as times parse: the text proves what is allocated.
 */
static void
ParseSummary(const char *str, const char **pp, SmPairing *pairing,
			 int64 **early, uint64 *cap)
{
	const char *p = *pp;
	bool		first = true;

	sm_pairing_init(pairing);
	if (Field(&p, first, 'c'))
	{
		if (!sm_parse_int64(&p, &pairing->customer))
			BadText(str, "Bad customer time.");
		pairing->flags |= SM_PAIR_HAS_CUSTOMER;
		first = false;
	}
	if (Field(&p, first, 'r'))
	{
		if (!sm_parse_int64(&p, &pairing->reply))
			BadText(str, "Bad reply time.");
		pairing->flags |= SM_PAIR_HAS_REPLY;
		first = false;
	}
	if (Field(&p, first, 'b'))
	{
		for (;;)
		{
			int64		t;

			if (!sm_parse_int64(&p, &t))
				BadText(str, "Bad early brand time.");
			if (pairing->nearly >= *cap)
			{
				*cap *= 2;
				*early = repalloc_huge(*early, *cap * sizeof(int64));
			}
			(*early)[pairing->nearly] = t;
			pairing->nearly++;
			if (*p != ',')
				break;
			p++;
		}
		first = false;
	}
	if (first)
		BadText(str, "A conversation without messages.");
	*pp = p;
}

Datum
first_reply_sketch_state_in(PG_FUNCTION_ARGS)
{
	const char *str = PG_GETARG_CSTRING(0);
	const char *p = str;
	uint64		ntimes;
	int64	   *scratch;
	SmConvKind	kind = SM_CONV_INT8;
	uint8		opts = 0;
	double		target = 0;
	struct varlena *calendar = NULL;
	bool		v2;
	FrsExpanded *x;
	StringInfoData kbuf;

	initStringInfo(&kbuf);
	if (strncmp(p, FRS_TEXT_V1, 2) == 0)
		v2 = false;
	else if (strncmp(p, FRS_TEXT_V2, 2) == 0)
		v2 = true;
	else
		BadText(str, "Unknown or missing version (expected \"v1\" or \"v2\").");
	p += 2;
	if (v2)
	{
		if (*p++ != ' ' || !sm_conv_parse_kind(&p, &kind))
			BadText(str, "Expected the type of the ids (bigint, text or uuid).");
		if (strncmp(p, " target=", 8) == 0)
		{
			char	   *end;

			p += 8;
			errno = 0;
			target = strtod(p, &end);
			/* ERANGE with a nonzero result is a subnormal: valid */
			if (end == p || (errno != 0 && !(errno == ERANGE && target != 0)) ||
				isnan(target) || isinf(target) ||
				target < 0)
				BadText(str, "Bad target: a finite number of seconds >= 0.");
			p = end;
			opts |= FRS_OPT_TARGET;
		}
		if (strncmp(p, " calendar=", 10) == 0)
		{
			p += 10;
			if (!sm_conv_parse_quoted(&p, &kbuf))
				BadText(str, "Bad calendar.");
			calendar = (struct varlena *) DatumGetPointer(DirectFunctionCall1(business_calendar_in,
																			  CStringGetDatum(kbuf.data)));
			opts |= FRS_OPT_CALENDAR;
		}
	}

	/* room for early times, grown as they parse (ParseSummary) */
	ntimes = 16;
	scratch = palloc(ntimes * sizeof(int64));
	x = NewExpanded(NULL, kind, opts);
	x->target = target;
	if (calendar)
		SetCalendar(x, calendar);

	while (*p)
	{
		int64		id;
		unsigned char u[SM_CONV_UUID_LEN];
		const char *key;
		uint32		len;
		SmPairing	pairing;
		const char *why;

		CHECK_FOR_INTERRUPTS();
		if (*p != ' ')
			BadText(str, "Expected a space before each conversation.");
		p++;
		why = sm_conv_parse_id(kind, &p, &kbuf, u, &id, &key, &len);
		if (why)
			BadText(str, why);
		if (*p != ':')
			BadText(str, "Expected ':' after the conversation.");
		p++;
		ParseSummary(str, &p, &pairing, &scratch, &ntimes);
		if (*p != ' ' && *p != '\0')
			BadText(str, "Unexpected characters after a conversation.");
		why = EntryProblem(&pairing, scratch);
		if (why)
			BadText(str, why);
		if (sm_conv_find(&x->table, id, key, len) != NULL)
			BadText(str, "A conversation appears twice.");
		AddSummary(x, id, key, len, &pairing, scratch);
	}
	pfree(scratch);
	PG_RETURN_POINTER(Flatten(x));
}

static void
AppendSummary(StringInfo buf, const SmPairing *p, const int64 *early)
{
	const char *sep = "";
	uint32		j;

	if (p->flags & SM_PAIR_HAS_CUSTOMER)
	{
		appendStringInfo(buf, "c=" INT64_FORMAT, p->customer);
		sep = ";";
	}
	if (p->flags & SM_PAIR_HAS_REPLY)
	{
		appendStringInfo(buf, "%sr=" INT64_FORMAT, sep, p->reply);
		sep = ";";
	}
	for (j = 0; j < p->nearly; j++)
		appendStringInfo(buf, "%s" INT64_FORMAT,
						 j == 0 ? (*sep ? ";b=" : "b=") : ",", early[j]);
}

Datum
first_reply_sketch_state_out(PG_FUNCTION_ARGS)
{
	const FrsFlat *f = FlatState(PG_GETARG_DATUM(0));
	FrsFlatIter it;
	FrsItem		item;
	StringInfoData buf;

	FlatIterInit(&it, f);
	initStringInfo(&buf);
	if (f->kind == SM_CONV_INT8 && f->opts == 0)
		appendStringInfoString(&buf, FRS_TEXT_V1);
	else
	{
		appendStringInfo(&buf, "%s %s", FRS_TEXT_V2, sm_conv_kind_name(f->kind));
		if (f->opts & FRS_OPT_TARGET)
		{
			char		num[DOUBLE_SHORTEST_DECIMAL_LEN];

			double_to_shortest_decimal_buf(f->target, num);
			appendStringInfo(&buf, " target=%s", num);
		}
		if (f->opts & FRS_OPT_CALENDAR)
		{
			char	   *cal = DatumGetCString(DirectFunctionCall1(business_calendar_out,
																  PointerGetDatum((char *) f + FRS_FLAT_HDRSZ)));

			appendStringInfoString(&buf, " calendar=");
			sm_conv_append_quoted(&buf, cal, strlen(cal));
		}
	}
	while (FlatIterNext(&it, &item))
	{
		appendStringInfoChar(&buf, ' ');
		sm_conv_append_id(&buf, (SmConvKind) f->kind, item.id, item.key, item.len);
		appendStringInfoChar(&buf, ':');
		AppendSummary(&buf, &item.pairing, item.early);
	}
	PG_RETURN_CSTRING(buf.data);
}

/* ---------- binary I/O ---------- */

/*
 * Binary form 1 (bigint ids, no parameters: the 1.0.0 form): version byte
 * (1), uint32 number of conversations, then per conversation in ascending
 * order: int64 id, flags byte, int64 customer, int64 reply (zero when
 * absent), uint32 n, n int64 early times.
 *
 * Binary form 2 (any other state): version byte (2), kind byte (1 bigint,
 * 2 text, 3 uuid), options byte (1 target, 2 calendar), float8 target if
 * any, the calendar's text (int32 length, bytes) if any, uint32 number of
 * conversations, then per conversation the id (int64; 16 bytes; or
 * int32 length and bytes) and the rest as in form 1.
 */
Datum
first_reply_sketch_state_send(PG_FUNCTION_ARGS)
{
	const FrsFlat *f = FlatState(PG_GETARG_DATUM(0));
	FrsFlatIter it;
	FrsItem		item;
	StringInfoData buf;
	bool		v1 = f->kind == SM_CONV_INT8 && f->opts == 0;

	FlatIterInit(&it, f);
	pq_begintypsend(&buf);
	if (v1)
		pq_sendbyte(&buf, FRS_BINARY_V1);
	else
	{
		pq_sendbyte(&buf, FRS_BINARY_V2);
		pq_sendbyte(&buf, f->kind);
		pq_sendbyte(&buf, f->opts);
		if (f->opts & FRS_OPT_TARGET)
			pq_sendfloat8(&buf, f->target);
		if (f->opts & FRS_OPT_CALENDAR)
		{
			char	   *cal = DatumGetCString(DirectFunctionCall1(business_calendar_out,
																  PointerGetDatum((char *) f + FRS_FLAT_HDRSZ)));

			pq_sendint32(&buf, strlen(cal));
			pq_sendbytes(&buf, cal, strlen(cal));
		}
	}
	pq_sendint32(&buf, f->nconv);
	while (FlatIterNext(&it, &item))
	{
		uint32		j;

		sm_conv_send_id(&buf, (SmConvKind) f->kind, item.id, item.key, item.len);
		pq_sendbyte(&buf, (uint8) item.pairing.flags);
		pq_sendint64(&buf, item.pairing.customer);
		pq_sendint64(&buf, item.pairing.reply);
		pq_sendint32(&buf, item.pairing.nearly);
		for (j = 0; j < item.pairing.nearly; j++)
			pq_sendint64(&buf, item.early[j]);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

#define BadBinary(detail)	sm_pairing_bad_binary(FRS_TYPE, (detail))
#define Need(buf, n)		sm_pairing_need((buf), (n), FRS_TYPE)

Datum
first_reply_sketch_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			version;
	SmConvKind	kind = SM_CONV_INT8;
	uint8		opts = 0;
	double		target = 0;
	struct varlena *calendar = NULL;
	uint32		n;
	uint32		i;
	int64	   *scratch = NULL;
	uint32		scratch_cap = 0;
	FrsExpanded *x;

	Need(buf, 1);
	version = pq_getmsgbyte(buf);
	if (version != FRS_BINARY_V1 && version != FRS_BINARY_V2)
		sm_pairing_bad_version(FRS_TYPE, version, "versions 1 and 2");
	if (version == FRS_BINARY_V2)
	{
		Need(buf, 2);
		kind = (SmConvKind) pq_getmsgbyte(buf);
		opts = (uint8) pq_getmsgbyte(buf);
		if (!SM_CONV_KIND_VALID(kind) || (opts & ~FRS_KNOWN_OPTS))
			BadBinary("Unknown id type or options.");
		if (opts & FRS_OPT_TARGET)
		{
			Need(buf, 8);
			target = pq_getmsgfloat8(buf);
			if (isnan(target) || isinf(target) || target < 0)
				BadBinary("Bad target.");
		}
		if (opts & FRS_OPT_CALENDAR)
		{
			uint32		len;
			char	   *cal;

			Need(buf, 4);
			len = pq_getmsgint(buf, 4);
			Need(buf, len);
			cal = palloc(len + 1);
			pq_copymsgbytes(buf, cal, len);
			cal[len] = '\0';
			if (!sm_conv_text_id_valid(cal, len))
				BadBinary("The calendar holds a NUL byte or bytes not valid in the server encoding.");
			calendar = (struct varlena *) DatumGetPointer(DirectFunctionCall1(business_calendar_in,
																			  CStringGetDatum(cal)));
		}
	}
	Need(buf, 4);
	n = pq_getmsgint(buf, 4);
	/* the fewest bytes n conversations of this id kind can take */
	if ((uint64) n * (sm_conv_min_binary_id(kind) + FRS_BIN_ENTRY_FIXED) >
		(uint64) (buf->len - buf->cursor))
		BadBinary("The number of conversations does not match the message length.");
	x = NewExpanded(NULL, kind, opts);
	x->target = target;
	if (calendar)
		SetCalendar(x, calendar);
	for (i = 0; i < n; i++)
	{
		int64		id;
		const char *key;
		uint32		len;
		SmPairing	pairing;
		uint32		j;
		const char *why;

		SM_INTERRUPT_EVERY(i);
		sm_conv_recv_id(buf, kind, FRS_TYPE, &id, &key, &len);
		Need(buf, FRS_BIN_ENTRY_FIXED);
		sm_pairing_init(&pairing);
		pairing.flags = (uint32) pq_getmsgbyte(buf);
		pairing.customer = pq_getmsgint64(buf);
		pairing.reply = pq_getmsgint64(buf);
		pairing.nearly = pq_getmsgint(buf, 4);
		Need(buf, (uint64) pairing.nearly * sizeof(int64));
		if (pairing.nearly > scratch_cap)
		{
			scratch_cap = Max(pairing.nearly, 16);
			scratch = scratch ? repalloc_huge(scratch, scratch_cap * sizeof(int64))
				: MemoryContextAllocHuge(CurrentMemoryContext, scratch_cap * sizeof(int64));
		}
		for (j = 0; j < pairing.nearly; j++)
			scratch[j] = pq_getmsgint64(buf);
		why = EntryProblem(&pairing, scratch);
		if (why)
			BadBinary(why);
		if (sm_conv_find(&x->table, id, key, len) != NULL)
			BadBinary("A conversation appears twice.");
		AddSummary(x, id, key, len, &pairing, scratch);
	}
	if (buf->cursor != buf->len)
		BadBinary("Unexpected bytes after the last conversation.");
	PG_RETURN_POINTER(Flatten(x));
}
