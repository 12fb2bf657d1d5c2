/*-------------------------------------------------------------------------
 *
 * pairing_frs_state.c
 *	  The state of first_reply_sketch and its companions (see pairing_frs.h):
 *	  the expanded object that the transition function changes in place
 *	  (a pairing_table.c hash table from conversation to the pairing
 *	  summary of pairing.h, kept in 16 bytes per conversation where it
 *	  fits) and the transition function that adds rows to it, its flat
 *	  form, and reading any form.  The transition is here, not in
 *	  pairing_frs_agg.c, because its per-row code (lookup, summary update)
 *	  must inline: called out of line it cost 6 % more instructions
 *	  (bench/instructions.sh).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"
#include "compat.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "common/shortest_dec.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/expandeddatum.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "errtext.h"
#include "business_time.h"
#include "pairing.h"
#include "pairing_frs.h"
#include "pairing_ids.h"
#include "pairing_table.h"
#include "sketch_pg.h"
#include "state_io.h"

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

/* A new, empty state: in an aggregate, in aggcxt's group states (see sm_conv_state_memory). */
FrsExpanded *
frs_new(MemoryContext aggcxt, SmConvKind kind, uint8 opts)
{
	FrsExpanded *x = sm_pairing_new_state(aggcxt, sizeof(FrsExpanded), &frs_methods);

	x->magic = FRS_EXPANDED_MAGIC;
	x->opts = opts;
	x->text_bytes = SM_STATE_TEXT_HEAD;
	sm_conv_init_in(&x->table, kind, FRS_SLOT_SIZE, x->hdr.eoh_context);
	return x;
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
pg_noreturn static void
CeilingError(SmConvKind kind)
{
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("too many conversations in one group"),
			 errdetail("A first_reply_sketch_state must print and dump within %llu bytes, and the group's conversations (%s ids) need more: each takes its id as dumped plus %d bytes (%llu conversations with 19-digit bigint ids, %llu with uuid ids).",
					   (unsigned long long) SM_STATE_TEXT_LIMIT,
					   sm_conv_kind_name(kind),
					   FRS_CONV_TEXT,
					   (unsigned long long) ((SM_STATE_TEXT_LIMIT - SM_STATE_TEXT_HEAD) / (FRS_CONV_TEXT + 19)),
					   (unsigned long long) ((SM_STATE_TEXT_LIMIT - SM_STATE_TEXT_HEAD) / (FRS_CONV_TEXT + 36))),
			 errhint("Group by a finer key that keeps each conversation in one group, such as the account, or the day the conversation started; then merge the sketches with rollup() and add the counts.")));
}

/* Dump bytes of a conversation without its early times, at most. */
static inline uint64
ConvTextBytes(SmConvKind kind, int64 id, const char *key, uint32 len)
{
	return FRS_CONV_TEXT + sm_conv_id_dump_bytes(kind, id, key, len);
}

static inline void
CountConversation(FrsExpanded *x, int64 id, const char *key, uint32 len)
{
	x->fixed_bytes += FixedBytes(x->table.kind, len);
	x->text_bytes += ConvTextBytes(x->table.kind, id, key, len);
	if (unlikely(x->text_bytes > SM_STATE_TEXT_LIMIT))
		CeilingError(x->table.kind);
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
static inline void
AddQueued(void *arg, int64 id, int64 at, bool from_brand)
{
	FrsExpanded *x = (FrsExpanded *) arg;
	bool		found;
	SmConvSlot *s = EntryFor(x, id, NULL, 0, &found);

	AddMessage(x, s, found, at, from_brand);
}

/* The same for a bytes id, its tag computed when it was queued. */
static inline void
AddQueuedBytes(void *arg, uint32 tag, const char *key, uint32 len, int64 at,
			   bool from_brand)
{
	FrsExpanded *x = (FrsExpanded *) arg;
	bool		found;
	SmConvSlot *s = sm_conv_lookup_tagged(&x->table, tag, key, len, &found);

	if (!found)
		CountConversation(x, 0, key, len);
	AddMessage(x, s, found, at, from_brand);
}

static const FrsFlat *FrsResolvePending(FrsExpanded *x);
static void AbsorbPending(FrsExpanded *x);

/* Adds the queued rows (a state with pending states has none). */
void
frs_settle(FrsExpanded *x)
{
	if (x->table.kind == SM_CONV_INT8)
		sm_conv_queue_drain(&x->queue, &x->table, AddQueued, x);
	else
		sm_conv_queue_drain_bytes(&x->queue, &x->table, AddQueuedBytes, x);
}

/* Folds a summary (early[] in any order) into its conversation. */
void
frs_add_summary(FrsExpanded *x, int64 id, const char *key, uint32 len,
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

	/* pending states: their merge, which counted the ceiling */
	if (x->npending > 0)
	{
		const FrsFlat *f = FrsResolvePending(x);

		if (f)
		{
			x->flat_size = VARSIZE(f);
			return x->flat_size;
		}
	}
	frs_settle(x);
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

/* Writes a canonical summary in its flat form at p; returns the end. */
static char *
PutSummary(char *p, const SmPairing *pr, const int64 *early)
{
	uint32		flags = pr->flags & SM_PAIR_KNOWN_FLAGS;

	Assert(!(pr->flags & SM_PAIR_HEAP));
	memcpy(p, &flags, 4);
	memcpy(p + 4, &pr->nearly, 4);
	memcpy(p + 8, &pr->customer, 8);
	memcpy(p + 16, &pr->reply, 8);
	p += FRS_ENTRY_FIXED;
	if (pr->nearly > 0)
	{
		memcpy(p, early, pr->nearly * sizeof(int64));
		p += pr->nearly * sizeof(int64);
	}
	return p;
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
	if (x->npending > 0)
	{
		Assert(x->npending == 1 && VARSIZE(x->pending[0]) == allocated_size);
		memcpy(result, x->pending[0], allocated_size);
		return;
	}
	old = sm_pairing_flatten_begin(eohptr, f, FRS_FLAT_HDRSZ, allocated_size,
								   &x->table, &v);
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

	for (i = 0; i < n; i++)
	{
		SmConvSlot *s = v[i];
		FrsView		w;

		SM_INTERRUPT_EVERY(i);
		sm_conv_prefetch_sorted(&x->table, v, i, n);
		ViewEntry(s, &w);
		p = sm_conv_flat_write_id(p, &x->table, s);
		p = PutSummary(p, w.p, w.early);
	}
	sm_pairing_scratch_end(old);
	Assert(p == (char *) f + allocated_size);
}

const ExpandedObjectMethods frs_methods = {
	.get_flat_size = FrsGetFlatSize,
	.flatten_into = FrsFlattenInto
};

/*
 * The conversations of k flat states together, in id order (MergeNext), a
 * conversation found in several merged as frs_add_summary merges, in input
 * order, brought to its canonical form after each; it counts the ceiling
 * as the transition does.  Read by MergeFlats, and by the final functions
 * (frs_for_each) without writing the merged state out.
 */
typedef struct FrsMerge
{
	SmConvKind	kind;
	int			k;
	int			last;			/* input to advance first, or -1 */
	uint64		text;			/* dump bytes so far, for the ceiling */
	SmConvCursor it[FRS_PENDING_MAX];
	FrsItem		head[FRS_PENDING_MAX];
	bool		has[FRS_PENDING_MAX];
	int64	   *buf;			/* a merged early list */
	uint64		bufcap;
} FrsMerge;

StaticAssertDecl(FRS_PENDING_MAX <= 32, "MergeNext marks its inputs in a uint32");

static void
MergeInit(FrsMerge *m, const FrsFlat *const *in, int k)
{
	int			i;

	Assert(k >= 1 && k <= FRS_PENDING_MAX);
	m->kind = (SmConvKind) in[0]->kind;
	m->k = k;
	m->last = -1;
	m->text = SM_STATE_TEXT_HEAD;
	m->buf = NULL;
	m->bufcap = 0;
	for (i = 0; i < k; i++)
	{
		frs_iter_init(&m->it[i], in[i]);
		m->has[i] = frs_iter_next(&m->it[i], &m->head[i]);
	}
}

/*
 * The next conversation: false after the last.  Its early times are valid
 * until the next call (the input they are read from moves on then).
 */
static bool
MergeNext(FrsMerge *m, FrsItem *out)
{
	int			lo = -1;
	uint32		same = 0;		/* bit i: input i (after lo) is at lo's id */
	int			i;

	if (m->last >= 0)
		m->has[m->last] = frs_iter_next(&m->it[m->last], &m->head[m->last]);
	for (i = 0; i < m->k; i++)
	{
		int			c;

		if (!m->has[i])
			continue;
		if (lo < 0)
		{
			lo = i;
			continue;
		}
		c = sm_conv_id_cmp(m->kind, m->head[i].id, m->head[i].key, m->head[i].len,
						   m->head[lo].id, m->head[lo].key, m->head[lo].len);
		if (c < 0)
		{
			lo = i;
			same = 0;
		}
		else if (c == 0)
			same |= (uint32) 1 << i;
	}
	m->last = lo;
	if (lo < 0)
		return false;
	*out = m->head[lo];
	m->text += ConvTextBytes(m->kind, out->id, out->key, out->len);
	if (unlikely(m->text > SM_STATE_TEXT_LIMIT))
		CeilingError(m->kind);
	if (same)
	{
		uint64		need = (uint64) out->pairing.nearly + 1;

		for (i = lo + 1; i < m->k; i++)
			if (same & ((uint32) 1 << i))
				need += m->head[i].pairing.nearly;
		if (need > m->bufcap)
		{
			m->bufcap = Max(need, 2 * m->bufcap);
			m->buf = m->buf ? repalloc_huge(m->buf, m->bufcap * sizeof(int64)) :
				palloc_extended(m->bufcap * sizeof(int64), MCXT_ALLOC_HUGE);
		}
		if (out->pairing.nearly > 0)
			memcpy(m->buf, out->early, out->pairing.nearly * sizeof(int64));
		for (i = lo + 1; i < m->k; i++)
			if (same & ((uint32) 1 << i))
			{
				sm_pairing_merge(&out->pairing, m->buf, &m->head[i].pairing,
								 m->head[i].early);
				sm_pairing_canonical(&out->pairing, m->buf);
				m->has[i] = frs_iter_next(&m->it[i], &m->head[i]);
			}
		out->early = m->buf;
	}
	return true;
}

static void
MergeEnd(FrsMerge *m)
{
	if (m->buf)
		pfree(m->buf);
}

/*
 * The flat state of the conversations of k flat states together, with the
 * same parameters (the caller checks them), in one pass over all of them:
 * byte for byte what adding each in turn to an expanded copy of the first
 * and flattening gives (a conversation in several is merged in input
 * order, brought to its canonical form after each), and it counts the same
 * ceiling.  A parallel plan's leader combines its workers' states so,
 * without a hash table of them: the rebuilt table, not the merge, had made
 * the 2-worker plan of one big group slower than the serial one (issue 20,
 * B1).  In cxt; NULL when the result could pass MaxAllocSize (the caller
 * then takes the expanded path).
 */
static const FrsFlat *
MergeFlats(const FrsFlat *const *in, int k, MemoryContext cxt)
{
	uint64		bound = 0;
	uint64		start;
	FrsMerge	m;
	FrsItem		item;
	uint32		n = 0;
	FrsFlat    *r;
	char	   *p;
	int			i;

	for (i = 0; i < k; i++)
		bound += VARSIZE(in[i]);
	if (bound > MaxAllocSize)
		return NULL;
	MergeInit(&m, in, k);
	start = FRS_FLAT_HDRSZ + TYPEALIGN(8, in[0]->callen);
	r = MemoryContextAllocHuge(cxt, bound);
	memcpy(r, in[0], start);	/* header and calendar */
	p = (char *) r + start;
	while (MergeNext(&m, &item))
	{
		p = sm_conv_flat_put_id(p, m.kind, item.id, item.key, item.len);
		p = PutSummary(p, &item.pairing, item.early);
		n++;
	}
	MergeEnd(&m);
	r->nconv = n;
	SET_VARSIZE(r, p - (char *) r);
	return r;
}

/* Two flat states merged (MergeFlats), in CurrentMemoryContext. */
const FrsFlat *
frs_merge_flat(const FrsFlat *a, const FrsFlat *b)
{
	const FrsFlat *in[2] = {a, b};

	return MergeFlats(in, 2, CurrentMemoryContext);
}

/*
 * Pending flat states (see FrsExpanded.pending): a combine that gets a
 * flat state keeps a copy of it whole, and the group's states are merged in
 * one pass when it is read (frs_for_each, without writing the merge out)
 * or flattened (FrsResolvePending), or added to the table when another
 * state joins them otherwise (frs_add_state).  Merging the workers' states
 * two at a time, each result copied into the aggregate's memory, had cost
 * the leader of a 2-worker plan of one big group more than the workers
 * saved (issue 20, B1), and made a merge of many small flat states
 * quadratic.
 */
void
frs_add_pending(FrsExpanded *x, const FrsFlat *f)
{
	FrsFlat    *copy;

	Assert(x->table.nused == 0 && x->queue.n == 0);
	if (x->npending == FRS_PENDING_MAX)
	{
		/*
		 * More states than one merge takes (a merge of states of one
		 * conversation each, a coordinator of many shards): into the table,
		 * whose cost is linear in the states.  Merging them FRS_PENDING_MAX
		 * at a time would rewrite the growing result each time.
		 */
		frs_add_state(x, NULL, f);
		return;
	}
	if (x->pending == NULL)
		x->pending = MemoryContextAlloc(x->hdr.eoh_context,
										FRS_PENDING_MAX * sizeof(FrsFlat *));
	copy = MemoryContextAllocHuge(x->hdr.eoh_context, VARSIZE(f));
	memcpy(copy, f, VARSIZE(f));
	x->pending[x->npending++] = copy;
}

/*
 * The pending states merged into one, which replaces them (the same
 * value); NULL if that merge could pass MaxAllocSize, in which case they
 * have been added to the table instead.
 */
static const FrsFlat *
FrsResolvePending(FrsExpanded *x)
{
	const FrsFlat *r;
	MemoryContext old;
	int			i;

	Assert(x->npending > 0);
	if (x->npending == 1)
		return x->pending[0];
	old = sm_pairing_scratch_begin(&x->hdr);
	r = MergeFlats(x->pending, x->npending, x->hdr.eoh_context);
	sm_pairing_scratch_end(old);
	if (r == NULL)
	{
		AbsorbPending(x);
		return NULL;
	}
	for (i = 0; i < x->npending; i++)
		pfree((void *) x->pending[i]);
	x->pending[0] = r;
	x->npending = 1;
	return r;
}

/* The pending states added to the table, the general path. */
static void
AbsorbPending(FrsExpanded *x)
{
	int			n = x->npending;
	MemoryContext old = sm_pairing_scratch_begin(&x->hdr);
	int			i;

	x->npending = 0;
	for (i = 0; i < n; i++)
	{
		frs_add_state(x, NULL, x->pending[i]);
		pfree((void *) x->pending[i]);
	}
	sm_pairing_scratch_end(old);
}

/* ---------- reading any form ---------- */


/* Range checks of a summary's times, then the pairing invariants. */
const char *
frs_entry_problem(const SmPairing *p, const int64 *early)
{
	if (p->flags == 0 && p->nearly == 0)
		return "A conversation without messages.";
	return sm_pairing_problem(p, early);
}

/* One conversation as read from a flat state. */
void
frs_iter_init(SmConvCursor *it, const FrsFlat *f)
{
	Size		size = VARSIZE(f);
	uint64		start;

	if (size < FRS_FLAT_HDRSZ || f->magic != FRS2_MAGIC ||
		!SM_CONV_KIND_VALID(f->kind) || (f->opts & ~FRS_KNOWN_OPTS) ||
		((f->opts & FRS_OPT_CALENDAR) != 0) != (f->callen != 0) ||
		(uint64) TYPEALIGN(8, f->callen) > size - FRS_FLAT_HDRSZ)
		Corrupted("The header does not match the size.");
	start = FRS_FLAT_HDRSZ + TYPEALIGN(8, f->callen);
	sm_conv_cursor_init(it, (SmConvKind) f->kind, FRS_TYPE,
						(const char *) f + start, (const char *) f + size,
						f->nconv);
}

bool
frs_iter_next(SmConvCursor *it, FrsItem *item)
{
	SmConvCursor *c = it;
	uint32		flags;
	const char *why;

	if (!sm_conv_cursor_next(c))
		return false;
	item->id = c->id;
	item->key = c->key;
	item->len = c->len;
	if (c->end - c->p < FRS_ENTRY_FIXED)
		Corrupted("The state is truncated.");
	memcpy(&flags, c->p, 4);
	memcpy(&item->pairing.nearly, c->p + 4, 4);
	memcpy(&item->pairing.customer, c->p + 8, 8);
	memcpy(&item->pairing.reply, c->p + 16, 8);
	item->pairing.flags = flags;
	c->p += FRS_ENTRY_FIXED;
	item->early = sm_conv_cursor_times(c, item->pairing.nearly,
									   "An early list is out of bounds.");
	why = frs_entry_problem(&item->pairing, item->early);
	if (why)
		Corrupted(why);
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
LegacyToExpanded(const struct varlena *v)
{
	const Frs1State *st = (const Frs1State *) v;
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
	x = frs_new(NULL, SM_CONV_INT8, 0);
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
		why = frs_entry_problem(&e->pairing, pool + e->early);
		if (why)
			Corrupted(why);
		if (sm_conv_find(&x->table, e->conversation, NULL, 0) != NULL)
			Corrupted("A conversation appears twice.");
		(void) found;
		frs_add_summary(x, e->conversation, NULL, 0, &e->pairing, pool + e->early);
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
void
frs_view_state(Datum d, FrsExpanded **x, const FrsFlat **f)
{
	frs_read_state(d, x, f);
	/* a merge that could not be made went to the table */
	if (*x && (*x)->npending > 0 && (*f = FrsResolvePending(*x)) != NULL)
		*x = NULL;
}

/*
 * As frs_view_state, for a reader that takes the state's parameters
 * (frs_state_params) and its conversations (frs_for_each) only: an
 * expanded state's pending states stay as they are, and frs_for_each reads
 * their merge without writing it out.
 */
void
frs_read_state(Datum d, FrsExpanded **x, const FrsFlat **f)
{
	struct varlena *v;

	*x = frs_as_expanded(d);
	*f = NULL;
	if (*x)
	{
		if ((*x)->npending == 0)
			frs_settle(*x);
		return;
	}
	v = PG_DETOAST_DATUM(d);
	if (VARSIZE(v) >= 8 && ((const FrsFlat *) v)->magic == FRS1_MAGIC)
		*x = LegacyToExpanded(v);
	else
		*f = (const FrsFlat *) v;
}

/* Any state datum as a flat FRS2 state (flattening or converting). */
const FrsFlat *
frs_flat_state(Datum d)
{
	FrsExpanded *x;
	const FrsFlat *f;

	frs_view_state(d, &x, &f);
	return x ? sm_pairing_flatten(&x->hdr) : f;
}

/*
 * Calls fn for every conversation of a state, in any order (ascending for
 * flat and pending states).
 */
void
frs_for_each(FrsExpanded *x, const FrsFlat *f, FrsVisit fn, void *arg)
{
	if (x && x->npending > 0)
	{
		FrsMerge	m;
		FrsItem		item;

		MergeInit(&m, x->pending, x->npending);
		while (MergeNext(&m, &item))
			fn(arg, &item.pairing, item.early);
		MergeEnd(&m);
	}
	else if (x)
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
		SmConvCursor it;
		FrsItem		item;

		frs_iter_init(&it, f);
		while (frs_iter_next(&it, &item))
			fn(arg, &item.pairing, item.early);
	}
}

/* opts, target and calendar of either form */
void
frs_state_params(FrsExpanded *x, const FrsFlat *f, SmConvKind *kind, uint8 *opts,
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
		SmConvCursor it;

		frs_iter_init(&it, f);	/* validates the header */
		*kind = (SmConvKind) f->kind;
		*opts = f->opts;
		*target = f->target;
		*calendar = f->callen ? (struct varlena *) ((char *) f + FRS_FLAT_HDRSZ) : NULL;
	}
}

void
frs_set_calendar(FrsExpanded *x, const struct varlena *cal)
{
	x->calendar = MemoryContextAlloc(x->hdr.eoh_context, VARSIZE(cal));
	memcpy(x->calendar, cal, VARSIZE(cal));
}

/*
 * Folds every conversation of a state (src expanded, or f flat) into x,
 * x's pending states first.
 */
void
frs_add_state(FrsExpanded *x, FrsExpanded *src, const FrsFlat *f)
{
	if (x->npending > 0)
		AbsorbPending(x);
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
			frs_add_summary(x, id, key, len, w.p, w.early);
		}
	}
	else
	{
		SmConvCursor it;
		FrsItem		item;

		frs_iter_init(&it, f);
		while (frs_iter_next(&it, &item))
			frs_add_summary(x, item.id, item.key, item.len, &item.pairing, item.early);
	}
}

/* A new, empty state with the parameters of a state (src or f). */
static FrsExpanded *
NewLike(MemoryContext aggcxt, FrsExpanded *src, const FrsFlat *f)
{
	SmConvKind	kind;
	uint8		opts;
	double		target;
	struct varlena *calendar;
	FrsExpanded *x;

	frs_state_params(src, f, &kind, &opts, &target, &calendar);
	x = frs_new(aggcxt, kind, opts);
	x->target = target;
	if (calendar)
		frs_set_calendar(x, calendar);
	return x;
}

/* An expanded copy of any state datum in cxt. */
FrsExpanded *
frs_copy(Datum d, MemoryContext aggcxt)
{
	FrsExpanded *src;
	const FrsFlat *f;
	FrsExpanded *x;

	frs_view_state(d, &src, &f);
	x = NewLike(aggcxt, src, f);
	frs_add_state(x, src, f);
	return x;
}

/*
 * A new state in aggcxt holding flat state f whole, pending (see
 * frs_add_pending): a combine's first flat state.
 */
FrsExpanded *
frs_new_pending(MemoryContext aggcxt, const FrsFlat *f)
{
	FrsExpanded *x = NewLike(aggcxt, NULL, f);

	frs_add_pending(x, f);
	return x;
}

/* Any state datum as a flat state, and a cursor at its first conversation. */
const FrsFlat *
frs_open(Datum d, SmConvCursor *it)
{
	const FrsFlat *f = frs_flat_state(d);

	frs_iter_init(it, f);
	return f;
}

/*
 * Adds one row: queued once the state is big enough (see FRS_QUEUE_FROM),
 * else to its conversation at once.  A bytes id longer than
 * SM_CONV_QUEUE_KEY_MAX drains the queue and is added at once, after the
 * rows queued before it.
 */
static inline void
AddRow(FrsExpanded *x, int64 id, const char *key, uint32 len,
	   int64 at, bool from_brand, bool in_aggregate)
{
	bool		found;
	SmConvSlot *s;

	if (in_aggregate && x->table.nused >= FRS_QUEUE_FROM)
	{
		bool		queued;

		if (x->table.kind == SM_CONV_INT8)
		{
			if (sm_conv_enqueue(&x->queue, x->hdr.eoh_context, id, at, from_brand))
				frs_settle(x);
			return;
		}
		if (len <= SM_CONV_QUEUE_KEY_MAX)
		{
			if (sm_conv_enqueue_bytes(&x->queue, x->hdr.eoh_context,
									  &x->table, key, len, at, from_brand,
									  &queued))
			{
				frs_settle(x);
				if (!queued)
					(void) sm_conv_enqueue_bytes(&x->queue, x->hdr.eoh_context,
												 &x->table, key, len, at,
												 from_brand, &queued);
			}
			return;
		}
		frs_settle(x);
	}
	s = EntryFor(x, id, key, len, &found);
	AddMessage(x, s, found, at, from_brand);
}

void
frs_check_target(double target)
{
	if (isnan(target) || isinf(target) || target < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("target_seconds must be a finite number >= 0"),
				 errhint("Give the target as seconds, e.g. 3600 for one hour.")));
}

void
frs_different_params(const char *what)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("the %s must be the same on every row of a group", what),
			 errhint("Pass the %s as a constant, or group by it.", what)));
}


/* ---------- the transition function ---------- */

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


/*
 * The transition function of every first-reply group aggregate:
 * (state, conversation bigint|text|uuid, at, from_brand [, target]
 * [, calendar]).  Rows with a NULL conversation, time, sender, target or
 * calendar are skipped.
 */
Datum
frs_transition(FunctionCallInfo fcinfo, bool sla)
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

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3) ||
		(call->target_arg >= 0 && PG_ARGISNULL(call->target_arg)) ||
		(call->calendar_arg >= 0 && PG_ARGISNULL(call->calendar_arg)))
		return sm_pairing_keep_state(fcinfo);
	at = PG_GETARG_TIMESTAMPTZ(2);
	from_brand = PG_GETARG_BOOL(3);
	sm_pairing_check_time(at, NULL);
	if (call->target_arg >= 0)
	{
		target = PG_GETARG_FLOAT8(call->target_arg);
		frs_check_target(target);
	}
	if (call->calendar_arg >= 0)
		calendar = PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(call->calendar_arg));

	in_agg = InAggregate(fcinfo, &aggcxt);
	if (PG_ARGISNULL(0))
	{
		uint8		opts = (call->target_arg >= 0 ? FRS_OPT_TARGET : 0) |
			(calendar ? FRS_OPT_CALENDAR : 0);

		x = frs_new(in_agg ? aggcxt : NULL, call->kind, opts);
		x->target = target;
		if (calendar)
		{
			/* a short-header datum gets the 4-byte header it will keep */
			calendar = PG_DETOAST_DATUM(PG_GETARG_DATUM(call->calendar_arg));
			frs_set_calendar(x, calendar);
		}
	}
	else if (in_agg && (x = frs_as_expanded(PG_GETARG_DATUM(0))) != NULL &&
			 VARATT_IS_EXTERNAL_EXPANDED_RW(DatumGetPointer(PG_GETARG_DATUM(0))))
		 /* ours, in place */ ;
	else
		x = frs_copy(PG_GETARG_DATUM(0), in_agg ? aggcxt : NULL);

	if (unlikely(x->table.kind != call->kind))
		frs_different_params("type of conversation id");
	if (call->target_arg >= 0 || x->opts & FRS_OPT_TARGET)
	{
		if (!(x->opts & FRS_OPT_TARGET) || call->target_arg < 0 || x->target != target)
			frs_different_params("target");
	}
	if (calendar || x->calendar)
	{
		if (calendar == NULL || x->calendar == NULL ||
			VARSIZE_ANY_EXHDR(calendar) != VARSIZE_ANY_EXHDR(x->calendar) ||
			memcmp(VARDATA_ANY(calendar), VARDATA_ANY(x->calendar),
				   VARSIZE_ANY_EXHDR(calendar)) != 0)
			frs_different_params("calendar");
	}

	sm_conv_arg_id(fcinfo, 1, call->kind, &id, &key, &len);
	AddRow(x, id, key, len, at, from_brand, in_agg);
	PG_RETURN_DATUM(sm_pairing_return(&x->hdr, in_agg));
}
