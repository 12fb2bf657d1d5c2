/*-------------------------------------------------------------------------
 *
 * pairing_rws_state.c
 *	  The state of reply_wait_sketch (see pairing_rws.h): the expanded
 *	  object and the transition function that appends messages to it (here
 *	  so that the per-row code inlines), its flat form (grouped by
 *	  conversation with a counting sort), and reading it.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"
#include "compat.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/expandeddatum.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "errtext.h"
#include "pairing.h"
#include "pairing_ids.h"
#include "pairing_reply_wait.h"
#include "pairing_rws.h"
#include "pairing_table.h"
#include "sketch_pg.h"

RwsExpanded *
rws_new(MemoryContext aggcxt, SmConvKind kind, SmReplyWaitMode mode)
{
	RwsExpanded *x = sm_pairing_new_state(aggcxt, sizeof(RwsExpanded), &rws_methods);

	x->magic = RWS_EXPANDED_MAGIC;
	x->mode = mode;
	sm_conv_init_in(&x->table, kind, RWS_SLOT_SIZE, x->hdr.eoh_context);
	x->flat_bytes = RWS_FLAT_HDRSZ;
	x->text_bytes = SM_STATE_TEXT_HEAD;
	return x;
}

/* The expanded state a datum points to, as it is (queued rows too). */

const char *
rws_mode_name(SmReplyWaitMode mode)
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
void
rws_mismatch(RwsExpanded *x, SmConvKind kind, SmReplyWaitMode mode)
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
						   rws_mode_name(Min(x->mode, mode)), rws_mode_name(Max(x->mode, mode))),
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
 * same.  Every reader of an expanded state (rws_as_expanded, the flat form)
 * settles it first.
 */
static inline void
AddQueued(void *arg, int64 id, int64 at, bool from_brand)
{
	RwsExpanded *x = (RwsExpanded *) arg;

	Append(x, ConversationIdx(x, id, NULL, 0), at, from_brand);
}

void
rws_settle(RwsExpanded *x)
{
	sm_conv_queue_drain(&x->queue, &x->table, AddQueued, x);
}

/* The expanded state a datum points to, settled; NULL if it is flat. */
RwsExpanded *
rws_as_expanded(Datum d)
{
	RwsExpanded *x = rws_expanded_of(d);

	if (x)
		rws_settle(x);
	return x;
}


void
rws_group(const RwsExpanded *x, RwsGrouped *g)
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

	rws_settle(x);
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
	uint64		i;
	MemoryContext old;

	old = sm_pairing_flatten_begin(eohptr, f, RWS_FLAT_HDRSZ, allocated_size,
								   &x->table, &v);
	/* RwsGetFlatSize settled the queue */
	Assert(allocated_size == x->flat_bytes && x->queue.n == 0);
	rws_group(x, &g);
	f->magic = RWS_FLAT_MAGIC;
	f->kind = (uint8) x->table.kind;
	f->mode = (uint8) x->mode;
	f->nconv = (uint32) x->table.nused;
	f->nmsg = x->nmsg;
	p = (char *) f + RWS_FLAT_HDRSZ;
	for (i = 0; i < x->table.nused; i++)
	{
		SmConvSlot *s = v[i];
		uint32		idx;
		uint64		c0;
		uint32		nc;
		uint32		nb;

		SM_INTERRUPT_EVERY(i);
		sm_conv_prefetch_sorted(&x->table, v, i, x->table.nused);
		idx = s->aux;
		c0 = g.start[2 * idx];
		nc = (uint32) (g.start[2 * idx + 1] - c0);
		nb = (uint32) (g.start[2 * idx + 2] - g.start[2 * idx + 1]);
		p = sm_conv_flat_write_id(p, &x->table, s);
		memcpy(p, &nc, 4);
		memcpy(p + 4, &nb, 4);
		p += 8;
		memcpy(p, g.times + c0, ((uint64) nc + nb) * sizeof(int64));
		p += ((uint64) nc + nb) * sizeof(int64);
	}
	sm_pairing_scratch_end(old);
	Assert(p == (char *) f + allocated_size);
}

const ExpandedObjectMethods rws_methods = {
	.get_flat_size = RwsGetFlatSize,
	.flatten_into = RwsFlattenInto
};


/* ---------- reading the flat form ---------- */



void
rws_iter_init(SmConvCursor *it, const RwsFlat *f)
{
	if (VARSIZE(f) < RWS_FLAT_HDRSZ || f->magic != RWS_FLAT_MAGIC ||
		!SM_CONV_KIND_VALID(f->kind) || f->mode > SM_RW_LAST)
		Corrupted("Unknown layout.");
	sm_conv_cursor_init(it, (SmConvKind) f->kind, RWS_TYPE,
						(const char *) f + RWS_FLAT_HDRSZ,
						(const char *) f + VARSIZE(f), f->nconv);
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

bool
rws_iter_next(SmConvCursor *it, RwsItem *item)
{
	SmConvCursor *c = it;
	uint64		n;

	if (!sm_conv_cursor_next(c))
		return false;
	item->id = c->id;
	item->key = c->key;
	item->len = c->len;
	if (c->end - c->p < 8)
		Corrupted("The state is truncated.");
	memcpy(&item->ncustomer, c->p, 4);
	memcpy(&item->nbrand, c->p + 4, 4);
	c->p += 8;
	n = (uint64) item->ncustomer + item->nbrand;
	if (n == 0)
		Corrupted("A conversation without messages.");
	item->customer = sm_conv_cursor_times(c, n, "The state is truncated.");
	item->brand = item->customer + item->ncustomer;
	if (!TimesOk(item->customer, item->ncustomer) || !TimesOk(item->brand, item->nbrand))
		Corrupted("Message times out of range or not ascending.");
	return true;
}

/* Adds every message of a flat state or an expanded one to x. */
void
rws_add_all(RwsExpanded *x, Datum d)
{
	RwsExpanded *src = rws_as_expanded(d);

	if (src)
	{
		uint32	   *map;
		uint64		i;
		int64		id;
		const char *key;
		uint32		len;

		if (unlikely(src->table.kind != x->table.kind || src->mode != x->mode))
			rws_mismatch(x, src->table.kind, src->mode);
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
		SmConvCursor it;
		RwsItem		item;

		rws_iter_init(&it, f);
		if (unlikely(f->kind != x->table.kind || f->mode != x->mode))
			rws_mismatch(x, (SmConvKind) f->kind, (SmReplyWaitMode) f->mode);
		while (rws_iter_next(&it, &item))
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
void
rws_state_params(Datum d, SmConvKind *kind, SmReplyWaitMode *mode)
{
	RwsExpanded *x = rws_as_expanded(d);

	if (x)
	{
		*kind = x->table.kind;
		*mode = x->mode;
	}
	else
	{
		const RwsFlat *f = (const RwsFlat *) PG_DETOAST_DATUM(d);
		SmConvCursor it;

		rws_iter_init(&it, f);
		*kind = (SmConvKind) f->kind;
		*mode = (SmReplyWaitMode) f->mode;
	}
}

RwsExpanded *
rws_copy(Datum d, MemoryContext aggcxt)
{
	SmConvKind	kind;
	SmReplyWaitMode mode;
	RwsExpanded *x;

	rws_state_params(d, &kind, &mode);
	x = rws_new(aggcxt, kind, mode);
	rws_add_all(x, d);
	return x;
}

const RwsFlat *
rws_flat_state(Datum d)
{
	RwsExpanded *x = rws_as_expanded(d);

	if (x)
		return sm_pairing_flatten(&x->hdr);
	return (const RwsFlat *) PG_DETOAST_DATUM(d);
}

/* Any state datum as a flat state, and a cursor at its first conversation. */
const RwsFlat *
rws_open(Datum d, SmConvCursor *it)
{
	const RwsFlat *f = rws_flat_state(d);

	rws_iter_init(it, f);
	return f;
}

/* For the input functions: a conversation's number, and a message of it. */
uint32
rws_conversation(RwsExpanded *x, int64 id, const char *key, uint32 len)
{
	return ConversationIdx(x, id, key, len);
}

void
rws_append(RwsExpanded *x, uint32 idx, int64 at, bool from_brand)
{
	Append(x, idx, at, from_brand);
}

/* ---------- the transition function ---------- */

/*
 * Adds one row: queued with bigint ids once the state is big enough (see
 * RWS_QUEUE_FROM), else appended at once.
 */
static inline void
AddRow(RwsExpanded *x, int64 id, const char *key, uint32 len,
	   int64 at, bool from_brand, bool in_aggregate)
{
	if (x->table.kind == SM_CONV_INT8 && in_aggregate &&
		x->table.nused >= RWS_QUEUE_FROM)
	{
		if (sm_conv_enqueue(&x->queue, x->hdr.eoh_context, id, at, from_brand))
			rws_settle(x);
		return;
	}
	Append(x, ConversationIdx(x, id, key, len), at, from_brand);
}

typedef struct RwsCall
{
	SmConvKind	kind;
	SmReplyWaitMode mode;		/* the mode last parsed, */
	int			mode_len;		/* of these bytes (-1: none yet) */
	char		mode_text[16];	/* every valid mode name fits */
} RwsCall;

/*
 * The transition of reply_wait_sketch(state, conversation bigint|text|uuid,
 * at, from_brand [, mode]): appends one message.  Rows with a NULL
 * conversation, time, sender or mode are skipped.
 */
Datum
rws_transition(FunctionCallInfo fcinfo)
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
		return sm_pairing_keep_state(fcinfo);
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
		x = rws_new(in_agg ? aggcxt : NULL, call->kind, mode);
	else if (in_agg && (x = rws_expanded_of(PG_GETARG_DATUM(0))) != NULL &&
			 VARATT_IS_EXTERNAL_EXPANDED_RW(DatumGetPointer(PG_GETARG_DATUM(0))))
		 /* ours, in place */ ;
	else
		x = rws_copy(PG_GETARG_DATUM(0), in_agg ? aggcxt : NULL);
	/* reachable from SQL: the transition function called with a state built for another id type */
	if (unlikely(x->mode != mode || x->table.kind != call->kind))
		rws_mismatch(x, call->kind, mode);

	sm_conv_arg_id(fcinfo, 1, call->kind, &id, &key, &len);
	AddRow(x, id, key, len, at, PG_GETARG_BOOL(3), in_agg);
	PG_RETURN_DATUM(sm_pairing_return(&x->hdr, in_agg));
}

