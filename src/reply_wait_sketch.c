/*-------------------------------------------------------------------------
 *
 * reply_wait_sketch.c
 *	  The reply_wait_sketch aggregate: the quantile sketch of the
 *	  per-message reply waits of every conversation of a group (the values
 *	  reply_wait_seconds gives over PARTITION BY conversation ORDER BY at),
 *	  in one pass, with no window and no executor sort; and its state type
 *	  reply_wait_sketch_state.
 *
 *	  Every message matters until the group ends, so the working state (an
 *	  expanded object in the aggregate's memory, changed in place) appends
 *	  each message to two flat arrays: the conversation's number (from a
 *	  pairing_table.c hash table, bigint, text or uuid ids) with the sender
 *	  bit, and the time; 12 bytes per message, O(1) amortized (with
 *	  bigint ids and RWS_QUEUE_FROM conversations, in batches whose table
 *	  lookups are prefetched: SmConvQueue, Settle).  The final
 *	  function (and flattening) groups the messages by conversation with a
 *	  counting sort, sorts each conversation's customer and brand times
 *	  (insertion sort for short conversations, quicksort for long ones) and
 *	  hands them to sm_reply_waits (pairing.c), whose rules are the window
 *	  function's.  The sketch does not depend on the order of its values,
 *	  so its bytes equal the window formulation's.
 *
 *	  The flat form lists the conversations in ascending id order, each
 *	  with its customer and brand times ascending: the same rows give the
 *	  same bytes.  The ceiling, SM_STATE_TEXT_LIMIT (1 GB less 1 kB), holds
 *	  for that form's size (ids plus 8 bytes per conversation plus 8 bytes
 *	  per message) and for the state's dump, which every stored state must
 *	  fit (issue 20, A4): each message's time in digits plus a separator,
 *	  each conversation's id as dumped plus 5 bytes.  Both only grow as
 *	  rows come in, and the transition and combine functions check them
 *	  the same way, so every plan fails or succeeds together.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "compat.h"
#include "errtext.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/expandeddatum.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"
#include "utils/uuid.h"

#include "pairing_table.h"
#include "pairing_ids.h"
#include "pairing.h"
#include "pairing_reply_wait.h"
#include "sketch_pg.h"

PG_FUNCTION_INFO_V1(reply_wait_sketch_state_in);
PG_FUNCTION_INFO_V1(reply_wait_sketch_state_out);
PG_FUNCTION_INFO_V1(reply_wait_sketch_state_recv);
PG_FUNCTION_INFO_V1(reply_wait_sketch_state_send);
PG_FUNCTION_INFO_V1(reply_wait_sketch_transfn);
PG_FUNCTION_INFO_V1(reply_wait_sketch_combine);
PG_FUNCTION_INFO_V1(reply_wait_sketch_finalfn);

#define RWS_EXPANDED_MAGIC	0x52575358	/* "RWSX" */
#define RWS_FLAT_MAGIC		0x52575331	/* "RWS1" */
#define RWS_TEXT_VERSION	"v1"
#define RWS_BINARY_VERSION	1

#define RWS_TYPE			"reply_wait_sketch_state"
#define RWS_EXAMPLE			"v1 bigint block_start 7:c=0;b=60000000"

/* A slot is an SmConvSlot alone: aux is the conversation's number. */
#define RWS_SLOT_SIZE	sizeof(SmConvSlot)

typedef struct RwsExpanded
{
	ExpandedObjectHeader hdr;
	uint32		magic;
	SmReplyWaitMode mode;
	SmConvTable table;
	uint64		nmsg;
	uint64		cap;
	uint32	   *tag;			/* conversation number * 2 + from_brand */
	int64	   *at;
	uint64		flat_bytes;		/* the flat form's size */
	uint64		text_bytes;		/* the dump's size, at most */
	SmConvQueue queue;			/* rows not yet added (bigint ids) */
} RwsExpanded;

/* Rows are queued (SmConvQueue) once a state has this many conversations. */
#define RWS_QUEUE_FROM	64

/*
 * Flat form: header, then per conversation in ascending id order: the id
 * (bigint: 8 bytes; uuid: 16; text: uint32 length and the bytes), uint32
 * customer count, uint32 brand count, the customer times ascending, the
 * brand times ascending.  Native byte order, read with memcpy.
 */
typedef struct RwsFlat
{
	int32		vl_len_;
	uint32		magic;
	uint8		kind;
	uint8		mode;
	uint16		reserved;
	uint32		nconv;
	uint64		nmsg;
} RwsFlat;

#define RWS_FLAT_HDRSZ	sizeof(RwsFlat)
StaticAssertDecl(sizeof(RwsFlat) == 24, "flat header layout");

static Size RwsGetFlatSize(ExpandedObjectHeader *eohptr);
static void RwsFlattenInto(ExpandedObjectHeader *eohptr, void *result,
						   Size allocated_size);

static const ExpandedObjectMethods RwsMethods = {
	RwsGetFlatSize,
	RwsFlattenInto
};

static RwsExpanded *
NewExpanded(MemoryContext aggcxt, SmConvKind kind, SmReplyWaitMode mode)
{
	RwsExpanded *x = sm_pairing_new_state(aggcxt, sizeof(RwsExpanded), &RwsMethods);

	x->magic = RWS_EXPANDED_MAGIC;
	x->mode = mode;
	sm_conv_init_in(&x->table, kind, RWS_SLOT_SIZE, x->hdr.eoh_context);
	x->flat_bytes = RWS_FLAT_HDRSZ;
	x->text_bytes = SM_STATE_TEXT_HEAD;
	return x;
}

/* The expanded state a datum points to, as it is (queued rows too). */
static inline RwsExpanded *
ExpandedOf(Datum d)
{
	if (VARATT_IS_EXTERNAL_EXPANDED(DatumGetPointer(d)))
	{
		ExpandedObjectHeader *eoh = DatumGetEOHP(d);

		if (eoh->eoh_methods == &RwsMethods)
			return (RwsExpanded *) eoh;
	}
	return NULL;
}

static const char *
ModeName(SmReplyWaitMode mode)
{
	switch (mode)
	{
		case SM_RW_BLOCK_START:
			return "block_start";
		case SM_RW_EVERY:
			return "every";
		case SM_RW_LAST:
			return "last";
	}
	return "?";
}

/*
 * Dump bytes of a conversation besides its id and times, at most: " ",
 * ":", and what "c=" and ";b=" take beyond the "," of other times.
 */
#define RWS_CONV_TEXT	(1 + 1 + 1 + 2)

/*
 * The ceiling (SM_STATE_TEXT_LIMIT, see pairing_ids.h) on the flat form and on
 * the dump.  One message whichever of the two crosses first, and a DETAIL
 * with no count: the count at which the limit is crossed depends on the
 * order the conversations arrive in when ids differ in length, and the
 * error must read the same on every plan.
 */
static inline void
Grow(RwsExpanded *x, uint64 flat, uint64 text)
{
	x->flat_bytes += flat;
	x->text_bytes += text;
	if (unlikely(x->flat_bytes > SM_STATE_TEXT_LIMIT ||
				 x->text_bytes > SM_STATE_TEXT_LIMIT))
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("reply_wait_sketch: too many messages in one group"),
				 errdetail("The group's state would need more than the limit of %llu bytes, stored or dumped (%s ids; stored: 8 bytes per message, 8 per conversation plus its id; dumped: each time's digits plus 1, each id as dumped plus %d).",
						   (unsigned long long) SM_STATE_TEXT_LIMIT,
						   sm_conv_kind_name(x->table.kind), RWS_CONV_TEXT),
				 errhint("Group by a finer key that keeps each conversation in one group, such as the account, or the day the conversation started; then merge the sketches with rollup().")));
}

/*
 * A group whose rows or merged states disagree on the mode or on the id
 * type.  The two values are named in a fixed order (not "the state had, the
 * row has"), so that the serial transition and a parallel or partitionwise
 * combine report the same DETAIL.
 */
static void
Mismatch(RwsExpanded *x, SmConvKind kind, SmReplyWaitMode mode)
{
	if (x->table.kind != kind)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("reply_wait_sketch: the type of conversation id must be the same on every row of a group"),
				 errdetail("The group has %s ids and %s ids.",
						   sm_conv_kind_name(Min(x->table.kind, kind)),
						   sm_conv_kind_name(Max(x->table.kind, kind))),
				 errhint("Use one conversation id type per group.")));
	if (x->mode != mode)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("reply_wait_sketch: the mode must be the same on every row of a group"),
				 errdetail("The group has rows with mode \"%s\" and rows with mode \"%s\".",
						   ModeName(Min(x->mode, mode)), ModeName(Max(x->mode, mode))),
				 errhint("Pass the mode as a constant.")));
}

/* The number of a conversation, added if new. */
static inline uint32
ConversationIdx(RwsExpanded *x, int64 id, const char *key, uint32 len)
{
	bool		found;
	SmConvSlot *s = sm_conv_lookup(&x->table, id, key, len, &found);

	if (!found)
	{
		s->aux = (uint32) (x->table.nused - 1);
		Grow(x, sm_conv_flat_id_bytes(x->table.kind, len) + 8,
			 RWS_CONV_TEXT + sm_conv_id_dump_bytes(x->table.kind, id, key, len));
	}
	return s->aux;
}

static inline void
Append(RwsExpanded *x, uint32 idx, int64 at, bool from_brand)
{
	if (unlikely(x->nmsg >= x->cap))
	{
		/* small at first: many groups can have a message or two each */
		uint64		cap = Max(x->cap * 2, (uint64) 8);
		MemoryContext cxt = x->hdr.eoh_context;

		if (cap * sizeof(int64) > MaxAllocHugeSize)
			elog(ERROR, "reply_wait_sketch: too many messages");
		x->tag = x->tag ? repalloc_huge(x->tag, cap * sizeof(uint32))
			: MemoryContextAllocHuge(cxt, cap * sizeof(uint32));
		x->at = x->at ? repalloc_huge(x->at, cap * sizeof(int64))
			: MemoryContextAllocHuge(cxt, cap * sizeof(int64));
		x->cap = cap;
	}
	Grow(x, sizeof(int64), 1 + sm_int64_text_len(at));
	x->tag[x->nmsg] = idx * 2 + (from_brand ? 1 : 0);
	x->at[x->nmsg] = at;
	x->nmsg++;
}

/*
 * Adds the queued rows (see SmConvQueue); the waits do not depend on the
 * order in which a conversation's messages come, so the result is the
 * same.  Every reader of an expanded state (AsExpanded, the flat form)
 * settles it first.
 */
static void
Settle(RwsExpanded *x)
{
	SmConvQueue *q = &x->queue;
	uint64		brand;
	uint32		n = sm_conv_queue_take(q, &brand);
	uint32		i;

	for (i = 0; i < n; i++)
	{
		sm_conv_queue_prefetch(q, &x->table, i, n);
		Append(x, ConversationIdx(x, q->rows->id[i], NULL, 0), q->rows->at[i],
			   (brand >> i) & 1);
	}
}

/* The expanded state a datum points to, settled; NULL if it is flat. */
static inline RwsExpanded *
AsExpanded(Datum d)
{
	RwsExpanded *x = ExpandedOf(d);

	if (x)
		Settle(x);
	return x;
}

/*
 * The messages grouped by conversation: for conversation i, its customer
 * times are times[start[2i] .. start[2i+1]) and its brand times
 * times[start[2i+1] .. start[2i+2]), each ascending.  Counting sort: O(n).
 */
typedef struct RwsGrouped
{
	uint64	   *start;
	int64	   *times;
} RwsGrouped;

static void
GroupMessages(const RwsExpanded *x, RwsGrouped *g)
{
	uint64		nb = 2 * x->table.nused;
	uint64	   *pos;
	uint64		i;
	uint64		sum = 0;

	g->start = MemoryContextAllocHuge(CurrentMemoryContext, (nb + 1) * sizeof(uint64));
	g->times = MemoryContextAllocHuge(CurrentMemoryContext, Max(x->nmsg, 1) * sizeof(int64));
	memset(g->start, 0, (nb + 1) * sizeof(uint64));
	for (i = 0; i < x->nmsg; i++)
		g->start[x->tag[i] + 1]++;
	for (i = 0; i <= nb; i++)
	{
		sum += g->start[i];
		g->start[i] = sum;
	}
	pos = MemoryContextAllocHuge(CurrentMemoryContext, Max(nb, 1) * sizeof(uint64));
	memcpy(pos, g->start, nb * sizeof(uint64));
	for (i = 0; i < x->nmsg; i++)
	{
		SM_INTERRUPT_EVERY(i);
		g->times[pos[x->tag[i]]++] = x->at[i];
	}
	pfree(pos);
	for (i = 0; i < nb; i++)
	{
		SM_INTERRUPT_EVERY(i);
		sm_sort_times(g->times + g->start[i], g->start[i + 1] - g->start[i]);
	}
}

static Size
RwsGetFlatSize(ExpandedObjectHeader *eohptr)
{
	RwsExpanded *x = (RwsExpanded *) eohptr;

	Settle(x);
	return (Size) x->flat_bytes;
}

static void
RwsFlattenInto(ExpandedObjectHeader *eohptr, void *result, Size allocated_size)
{
	RwsExpanded *x = (RwsExpanded *) eohptr;
	RwsFlat    *f = (RwsFlat *) result;
	SmConvSlot **v;
	RwsGrouped	g;
	char	   *p;
	uint64		n = x->table.nused;
	uint64		i;
	MemoryContext old;

	/* RwsGetFlatSize settled the queue */
	Assert(allocated_size == x->flat_bytes &&
		   x->queue.n == 0);
	old = sm_pairing_flatten_begin(eohptr, f, RWS_FLAT_HDRSZ, allocated_size);
	f->magic = RWS_FLAT_MAGIC;
	f->kind = (uint8) x->table.kind;
	f->mode = (uint8) x->mode;
	f->nconv = (uint32) n;
	f->nmsg = x->nmsg;
	p = (char *) f + RWS_FLAT_HDRSZ;

	GroupMessages(x, &g);
	v = sm_conv_sorted_slots(&x->table);
	for (i = 0; i < n; i++)
	{
		SmConvSlot *s = v[i];
		uint32		idx = s->aux;
		uint64		c0 = g.start[2 * idx];
		uint32		nc = (uint32) (g.start[2 * idx + 1] - c0);
		uint32		nb = (uint32) (g.start[2 * idx + 2] - g.start[2 * idx + 1]);

		SM_INTERRUPT_EVERY(i);
		p = sm_conv_flat_write_id(p, &x->table, s);
		memcpy(p, &nc, 4);
		memcpy(p + 4, &nb, 4);
		p += 8;
		memcpy(p, g.times + c0, ((uint64) nc + nb) * sizeof(int64));
		p += ((uint64) nc + nb) * sizeof(int64);
	}
	pfree(v);
	pfree(g.start);
	pfree(g.times);
	sm_pairing_flatten_end(old);
	Assert(p == (char *) f + allocated_size);
}

#define Flatten(x)	((RwsFlat *) sm_pairing_flatten(&(x)->hdr))

/* ---------- reading the flat form ---------- */

#define Corrupted(detail)	sm_pairing_corrupted(RWS_TYPE, (detail))

typedef struct RwsItem
{
	int64		id;
	const char *key;
	uint32		len;
	uint32		ncustomer;
	uint32		nbrand;
	int64	   *customer;		/* aligned copies */
	int64	   *brand;
} RwsItem;

typedef struct RwsFlatIter
{
	const RwsFlat *f;
	const char *p;
	const char *end;
	uint32		next;
	int64	   *buf;
	uint64		bufcap;
	RwsItem		prev;
} RwsFlatIter;

static void
FlatIterInit(RwsFlatIter *it, const RwsFlat *f)
{
	if (VARSIZE(f) < RWS_FLAT_HDRSZ || f->magic != RWS_FLAT_MAGIC ||
		!SM_CONV_KIND_VALID(f->kind) || f->mode > SM_RW_LAST)
		Corrupted("Unknown layout.");
	it->f = f;
	it->p = (const char *) f + RWS_FLAT_HDRSZ;
	it->end = (const char *) f + VARSIZE(f);
	it->next = 0;
	it->buf = NULL;
	it->bufcap = 0;
}

static bool
TimesOk(const int64 *t, uint32 n)
{
	uint32		i;

	for (i = 0; i < n; i++)
		if (!IS_VALID_TIMESTAMP(t[i]) || (i > 0 && t[i] < t[i - 1]))
			return false;
	return true;
}

static bool
FlatIterNext(RwsFlatIter *it, RwsItem *item)
{
	const RwsFlat *f = it->f;
	const char *p = it->p;
	uint64		n;

	if (it->next >= f->nconv)
	{
		if (p != it->end)
			Corrupted("Unexpected bytes after the last conversation.");
		return false;
	}
	SM_INTERRUPT_EVERY(it->next);
	if (!sm_conv_flat_read_id((SmConvKind) f->kind, &p, it->end,
							  &item->id, &item->key, &item->len) ||
		it->end - p < 8)
		Corrupted("The state is truncated.");
	memcpy(&item->ncustomer, p, 4);
	memcpy(&item->nbrand, p + 4, 4);
	p += 8;
	n = (uint64) item->ncustomer + item->nbrand;
	if (n == 0)
		Corrupted("A conversation without messages.");
	if ((uint64) (it->end - p) / sizeof(int64) < n)
		Corrupted("The state is truncated.");
	if (n > it->bufcap)
	{
		if (it->buf)
			pfree(it->buf);
		it->bufcap = Max(n, 16);
		it->buf = MemoryContextAllocHuge(CurrentMemoryContext, it->bufcap * sizeof(int64));
	}
	memcpy(it->buf, p, n * sizeof(int64));
	p += n * sizeof(int64);
	item->customer = it->buf;
	item->brand = it->buf + item->ncustomer;
	if (!TimesOk(item->customer, item->ncustomer) || !TimesOk(item->brand, item->nbrand))
		Corrupted("Message times out of range or not ascending.");
	if (it->next > 0 &&
		sm_conv_id_cmp((SmConvKind) f->kind, item->id, item->key, item->len,
					   it->prev.id, it->prev.key, it->prev.len) <= 0)
		Corrupted("The conversations are not in ascending order.");
	it->prev = *item;
	it->p = p;
	it->next++;
	return true;
}

/* Adds every message of a flat state or an expanded one to x. */
static void
AddAll(RwsExpanded *x, Datum d)
{
	RwsExpanded *src = AsExpanded(d);

	if (src)
	{
		uint32	   *map;
		uint64		i;
		int64		id;
		const char *key;
		uint32		len;

		if (unlikely(src->table.kind != x->table.kind || src->mode != x->mode))
			Mismatch(x, src->table.kind, src->mode);
		map = MemoryContextAllocHuge(CurrentMemoryContext,
									 Max(src->table.nused, 1) * sizeof(uint32));
		for (i = 0; i < src->table.nslots; i++)
		{
			SmConvSlot *s = sm_conv_slot(&src->table, i);

			if (s->tag == 0)
				continue;
			sm_conv_slot_id(&src->table, s, &id, &key, &len);
			map[s->aux] = ConversationIdx(x, id, key, len);
		}
		for (i = 0; i < src->nmsg; i++)
		{
			SM_INTERRUPT_EVERY(i);
			Append(x, map[src->tag[i] >> 1], src->at[i], (src->tag[i] & 1) != 0);
		}
		pfree(map);
	}
	else
	{
		const RwsFlat *f = (const RwsFlat *) PG_DETOAST_DATUM(d);
		RwsFlatIter it;
		RwsItem		item;

		FlatIterInit(&it, f);
		if (unlikely(f->kind != x->table.kind || f->mode != x->mode))
			Mismatch(x, (SmConvKind) f->kind, (SmReplyWaitMode) f->mode);
		while (FlatIterNext(&it, &item))
		{
			uint32		idx = ConversationIdx(x, item.id, item.key, item.len);
			uint32		j;

			for (j = 0; j < item.ncustomer; j++)
				Append(x, idx, item.customer[j], false);
			for (j = 0; j < item.nbrand; j++)
				Append(x, idx, item.brand[j], true);
		}
	}
}

/* kind and mode of any state datum */
static void
StateParams(Datum d, SmConvKind *kind, SmReplyWaitMode *mode)
{
	RwsExpanded *x = AsExpanded(d);

	if (x)
	{
		*kind = x->table.kind;
		*mode = x->mode;
	}
	else
	{
		const RwsFlat *f = (const RwsFlat *) PG_DETOAST_DATUM(d);
		RwsFlatIter it;

		FlatIterInit(&it, f);
		*kind = (SmConvKind) f->kind;
		*mode = (SmReplyWaitMode) f->mode;
	}
}

static RwsExpanded *
CopyToExpanded(Datum d, MemoryContext aggcxt)
{
	SmConvKind	kind;
	SmReplyWaitMode mode;
	RwsExpanded *x;

	StateParams(d, &kind, &mode);
	x = NewExpanded(aggcxt, kind, mode);
	AddAll(x, d);
	return x;
}

#define ReturnState(x, in_aggregate)	sm_pairing_return(&(x)->hdr, (in_aggregate))

/* ---------- aggregate support ---------- */

typedef struct RwsCall
{
	SmConvKind	kind;
	SmReplyWaitMode mode;		/* the mode last parsed, */
	int			mode_len;		/* of these bytes (-1: none yet) */
	char		mode_text[16];	/* every valid mode name fits */
} RwsCall;

/*
 * reply_wait_sketch_transfn(state, conversation bigint|text|uuid, at,
 * from_brand [, mode]): appends one message.  Rows with a NULL
 * conversation, time, sender or mode are skipped.
 */
Datum
reply_wait_sketch_transfn(PG_FUNCTION_ARGS)
{
	RwsCall    *call = (RwsCall *) fcinfo->flinfo->fn_extra;
	MemoryContext aggcxt;
	bool		in_agg;
	RwsExpanded *x;
	TimestampTz at;
	SmReplyWaitMode mode = SM_RW_BLOCK_START;
	int64		id = 0;
	const char *key = NULL;
	uint32		len = 0;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3) ||
		(PG_NARGS() > 4 && PG_ARGISNULL(4)))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	if (unlikely(call == NULL))
	{
		call = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(RwsCall));
		call->mode_len = -1;
		call->kind = sm_conv_arg_kind(fcinfo, 1, "reply_wait_sketch");
		fcinfo->flinfo->fn_extra = call;
	}
	at = PG_GETARG_TIMESTAMPTZ(2);
	sm_pairing_check_time(at, "reply_wait_sketch");
	if (PG_NARGS() > 4)
	{
		text	   *t = PG_GETARG_TEXT_PP(4);
		int			tlen = VARSIZE_ANY_EXHDR(t);

		/*
		 * Parse the mode only when its bytes change.  Not by datum pointer:
		 * the rows of a sorted input (ORDER BY in the aggregate) reuse one
		 * buffer, so different modes can come at the same address.
		 */
		if (tlen != call->mode_len || memcmp(VARDATA_ANY(t), call->mode_text, tlen) != 0)
		{
			call->mode = sm_reply_wait_mode(t, "reply_wait_sketch");
			StaticAssertStmt(sizeof(call->mode_text) >= sizeof("block_start"), "mode names fit");
			Assert(tlen <= (int) sizeof(call->mode_text));
			memcpy(call->mode_text, VARDATA_ANY(t), tlen);
			call->mode_len = tlen;
		}
		mode = call->mode;
	}

	in_agg = AggCheckCallContext(fcinfo, &aggcxt) != 0;
	if (PG_ARGISNULL(0))
		x = NewExpanded(in_agg ? aggcxt : NULL, call->kind, mode);
	else if (in_agg && (x = ExpandedOf(PG_GETARG_DATUM(0))) != NULL &&
			 VARATT_IS_EXTERNAL_EXPANDED_RW(DatumGetPointer(PG_GETARG_DATUM(0))))
		 /* ours, in place */ ;
	else
		x = CopyToExpanded(PG_GETARG_DATUM(0), in_agg ? aggcxt : NULL);
	/* reachable from SQL: the transition function called with a state built for another id type */
	if (unlikely(x->mode != mode || x->table.kind != call->kind))
		Mismatch(x, call->kind, mode);

	sm_conv_arg_id(fcinfo, 1, call->kind, &id, &key, &len);
	if (call->kind == SM_CONV_INT8 && in_agg &&
		x->table.nused >= RWS_QUEUE_FROM)
	{
		if (sm_conv_enqueue(&x->queue, x->hdr.eoh_context, id, at,
							PG_GETARG_BOOL(3)))
			Settle(x);
	}
	else
		Append(x, ConversationIdx(x, id, key, len), at, PG_GETARG_BOOL(3));
	PG_RETURN_DATUM(ReturnState(x, in_agg));
}

/* reply_wait_sketch_combine(a, b): the messages of both. */
Datum
reply_wait_sketch_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	bool		in_agg = AggCheckCallContext(fcinfo, &aggcxt) != 0;
	RwsExpanded *a;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	if (PG_ARGISNULL(0))
		a = CopyToExpanded(PG_GETARG_DATUM(1), in_agg ? aggcxt : NULL);
	else
	{
		if (in_agg && (a = AsExpanded(PG_GETARG_DATUM(0))) != NULL &&
			VARATT_IS_EXTERNAL_EXPANDED_RW(DatumGetPointer(PG_GETARG_DATUM(0))))
			 /* ours, in place */ ;
		else
			a = CopyToExpanded(PG_GETARG_DATUM(0), in_agg ? aggcxt : NULL);
		AddAll(a, PG_GETARG_DATUM(1));
	}
	PG_RETURN_DATUM(ReturnState(a, in_agg));
}

static void
EmitToSketch(void *arg, uint64 wait_us)
{
	SmSketch  **sk = (SmSketch **) arg;

	*sk = sm_pg_sketch_add(*sk, (double) wait_us / USECS_PER_SEC);
}

/*
 * Final function: the quantile sketch (default relative error) of the
 * waits; NULL when no customer message was answered.  Reads the state only.
 */
Datum
reply_wait_sketch_finalfn(PG_FUNCTION_ARGS)
{
	Datum		d = PG_GETARG_DATUM(0);
	RwsExpanded *x = AsExpanded(d);
	SmSketch   *sk = sm_pg_sketch_new(SM_K_DEFAULT);
	struct varlena *result;

	if (x)
	{
		RwsGrouped	g;
		uint64		i;

		GroupMessages(x, &g);
		for (i = 0; i < x->table.nused; i++)
		{
			uint64		c0 = g.start[2 * i];
			uint64		b0 = g.start[2 * i + 1];

			SM_INTERRUPT_EVERY(i);
			sm_reply_waits(g.times + c0, b0 - c0, g.times + b0,
						   g.start[2 * i + 2] - b0, x->mode, EmitToSketch, &sk);
		}
		pfree(g.start);
		pfree(g.times);
	}
	else
	{
		const RwsFlat *f = (const RwsFlat *) PG_DETOAST_DATUM(d);
		RwsFlatIter it;
		RwsItem		item;

		FlatIterInit(&it, f);
		while (FlatIterNext(&it, &item))
			sm_reply_waits(item.customer, item.ncustomer, item.brand,
						   item.nbrand, (SmReplyWaitMode) f->mode,
						   EmitToSketch, &sk);
	}
	result = sm_pg_sketch_finalize(sk);
	if (result == NULL)
		PG_RETURN_NULL();
	PG_RETURN_POINTER(result);
}

/* ---------- text I/O ---------- */

/*
 * Text form, exact and independent of TimeZone and DateStyle (times in
 * microseconds since 2000-01-01 00:00 UTC):
 *
 *	  v1 <kind> <mode>[ <id>:[c=<t>,...][;b=<t>,...]]...
 *
 * kind is bigint, text or uuid (text ids in double quotes with \" and \\
 * escaped); mode block_start, every or last; conversations in ascending
 * id order, times ascending, e.g. "v1 bigint block_start 7:c=0,60;b=120".
 */
#define BadText(str, detail)	sm_pairing_bad_text(RWS_TYPE, (str), (detail), RWS_EXAMPLE)

/* "<name>=t,t,..." list of times; appends messages of idx */
static void
ParseTimes(const char *str, const char **pp, RwsExpanded *x, uint32 idx,
		   bool brand)
{
	const char *p = *pp;
	bool		have_prev = false;
	int64		prev = 0;

	for (;;)
	{
		int64		t;

		if (!sm_parse_int64(&p, &t) || !IS_VALID_TIMESTAMP(t))
			BadText(str, "Bad message time.");
		if (have_prev && t < prev)
			BadText(str, "Message times are not ascending.");
		prev = t;
		have_prev = true;
		Append(x, idx, t, brand);
		if (*p != ',')
			break;
		p++;
	}
	*pp = p;
}

Datum
reply_wait_sketch_state_in(PG_FUNCTION_ARGS)
{
	const char *str = PG_GETARG_CSTRING(0);
	const char *p = str;
	SmConvKind	kind;
	SmReplyWaitMode mode;
	RwsExpanded *x;
	StringInfoData kbuf;

	initStringInfo(&kbuf);
	if (strncmp(p, RWS_TEXT_VERSION " ", 3) != 0)
		BadText(str, "Unknown or missing version (expected \"v1\").");
	p += 3;
	if (!sm_conv_parse_kind(&p, &kind) || *p++ != ' ')
		BadText(str, "Expected the type of the ids (bigint, text or uuid).");
	if (strncmp(p, "block_start", 11) == 0)
	{
		mode = SM_RW_BLOCK_START;
		p += 11;
	}
	else if (strncmp(p, "every", 5) == 0)
	{
		mode = SM_RW_EVERY;
		p += 5;
	}
	else if (strncmp(p, "last", 4) == 0)
	{
		mode = SM_RW_LAST;
		p += 4;
	}
	else
		BadText(str, "Expected the mode (block_start, every or last).");
	x = NewExpanded(NULL, kind, mode);
	while (*p)
	{
		int64		id;
		unsigned char u[SM_CONV_UUID_LEN];
		const char *key;
		uint32		len;
		uint32		idx;
		bool		any = false;
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
		if (sm_conv_find(&x->table, id, key, len) != NULL)
			BadText(str, "A conversation appears twice.");
		idx = ConversationIdx(x, id, key, len);
		if (strncmp(p, "c=", 2) == 0)
		{
			p += 2;
			ParseTimes(str, &p, x, idx, false);
			any = true;
		}
		if (strncmp(p, any ? ";b=" : "b=", any ? 3 : 2) == 0)
		{
			p += any ? 3 : 2;
			ParseTimes(str, &p, x, idx, true);
			any = true;
		}
		if (!any)
			BadText(str, "A conversation without messages.");
		if (*p != ' ' && *p != '\0')
			BadText(str, "Unexpected characters after a conversation.");
	}
	PG_RETURN_POINTER(Flatten(x));
}

static const RwsFlat *
FlatState(Datum d)
{
	RwsExpanded *x = AsExpanded(d);

	if (x)
		return Flatten(x);
	return (const RwsFlat *) PG_DETOAST_DATUM(d);
}

Datum
reply_wait_sketch_state_out(PG_FUNCTION_ARGS)
{
	const RwsFlat *f = FlatState(PG_GETARG_DATUM(0));
	RwsFlatIter it;
	RwsItem		item;
	StringInfoData buf;

	FlatIterInit(&it, f);
	initStringInfo(&buf);
	appendStringInfo(&buf, "%s %s %s", RWS_TEXT_VERSION,
					 sm_conv_kind_name(f->kind), ModeName(f->mode));
	while (FlatIterNext(&it, &item))
	{
		uint32		j;

		appendStringInfoChar(&buf, ' ');
		sm_conv_append_id(&buf, (SmConvKind) f->kind, item.id, item.key, item.len);
		appendStringInfoChar(&buf, ':');
		for (j = 0; j < item.ncustomer; j++)
			appendStringInfo(&buf, "%s" INT64_FORMAT, j == 0 ? "c=" : ",",
							 item.customer[j]);
		for (j = 0; j < item.nbrand; j++)
			appendStringInfo(&buf, "%s" INT64_FORMAT,
							 j > 0 ? "," : item.ncustomer > 0 ? ";b=" : "b=",
							 item.brand[j]);
	}
	PG_RETURN_CSTRING(buf.data);
}

/* ---------- binary I/O ---------- */

/*
 * Binary form: version byte (1), kind byte (1 bigint, 2 text, 3 uuid),
 * mode byte (0 block_start, 1 every, 2 last), uint32 number of
 * conversations, then per conversation in ascending id order: the id
 * (int64; 16 bytes; or int32 length and bytes), uint32 customer count,
 * uint32 brand count, the customer times, the brand times (int64,
 * ascending).
 */
Datum
reply_wait_sketch_state_send(PG_FUNCTION_ARGS)
{
	const RwsFlat *f = FlatState(PG_GETARG_DATUM(0));
	RwsFlatIter it;
	RwsItem		item;
	StringInfoData buf;

	FlatIterInit(&it, f);
	pq_begintypsend(&buf);
	pq_sendbyte(&buf, RWS_BINARY_VERSION);
	pq_sendbyte(&buf, f->kind);
	pq_sendbyte(&buf, f->mode);
	pq_sendint32(&buf, f->nconv);
	while (FlatIterNext(&it, &item))
	{
		uint32		j;

		sm_conv_send_id(&buf, (SmConvKind) f->kind, item.id, item.key, item.len);
		pq_sendint32(&buf, item.ncustomer);
		pq_sendint32(&buf, item.nbrand);
		for (j = 0; j < item.ncustomer; j++)
			pq_sendint64(&buf, item.customer[j]);
		for (j = 0; j < item.nbrand; j++)
			pq_sendint64(&buf, item.brand[j]);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

#define BadBinary(detail)	sm_pairing_bad_binary(RWS_TYPE, (detail))
#define Need(buf, n)		sm_pairing_need((buf), (n), RWS_TYPE)

static void
RecvTimes(StringInfo buf, RwsExpanded *x, uint32 idx, uint32 n, bool brand)
{
	uint32		j;
	int64		prev = 0;

	Need(buf, (uint64) n * sizeof(int64));
	for (j = 0; j < n; j++)
	{
		int64		t = pq_getmsgint64(buf);

		if (!IS_VALID_TIMESTAMP(t) || (j > 0 && t < prev))
			BadBinary("Message times out of range or not ascending.");
		prev = t;
		Append(x, idx, t, brand);
	}
}

Datum
reply_wait_sketch_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			version;
	SmConvKind	kind;
	int			mode;
	uint32		n;
	uint32		i;
	RwsExpanded *x;

	Need(buf, 3 + 4);
	version = pq_getmsgbyte(buf);
	if (version != RWS_BINARY_VERSION)
		sm_pairing_bad_version(RWS_TYPE, version, "version 1");
	kind = (SmConvKind) pq_getmsgbyte(buf);
	mode = pq_getmsgbyte(buf);
	if (!SM_CONV_KIND_VALID(kind) || mode > SM_RW_LAST)
		BadBinary("Unknown id type or mode.");
	n = pq_getmsgint(buf, 4);
	/*
	 * The fewest bytes n conversations of this id kind can take: the id,
	 * the two counts and at least one time.
	 */
	if ((uint64) n * (sm_conv_min_binary_id(kind) + 8 + 8) >
		(uint64) (buf->len - buf->cursor))
		BadBinary("The number of conversations does not match the message length.");
	x = NewExpanded(NULL, kind, (SmReplyWaitMode) mode);
	for (i = 0; i < n; i++)
	{
		int64		id;
		const char *key;
		uint32		len;
		uint32		nc,
					nb,
					idx;

		SM_INTERRUPT_EVERY(i);
		sm_conv_recv_id(buf, kind, RWS_TYPE, &id, &key, &len);
		Need(buf, 8);
		nc = pq_getmsgint(buf, 4);
		nb = pq_getmsgint(buf, 4);
		if (nc == 0 && nb == 0)
			BadBinary("A conversation without messages.");
		if (sm_conv_find(&x->table, id, key, len) != NULL)
			BadBinary("A conversation appears twice.");
		idx = ConversationIdx(x, id, key, len);
		RecvTimes(buf, x, idx, nc, false);
		RecvTimes(buf, x, idx, nb, true);
	}
	if (buf->cursor != buf->len)
		BadBinary("Unexpected bytes after the last conversation.");
	PG_RETURN_POINTER(Flatten(x));
}
