/*-------------------------------------------------------------------------
 *
 * pairing_ids.h
 *	  The server side of the conversation table (src/pairing_ids.c).
 *
 *-------------------------------------------------------------------------
 */
#ifndef SM_PAIRING_IDS_H
#define SM_PAIRING_IDS_H

#include "fmgr.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "port/pg_bitutils.h"
#include "utils/expandeddatum.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"
#include "utils/uuid.h"

#include "compat.h"

#include "pairing.h"
#include "pairing_table.h"

/*
 * The memory context of a new working state: in an aggregate (aggcxt not
 * NULL) the one shared by all groups of aggcxt, else a new child of
 * CurrentMemoryContext.  See pairing_ids.c.
 */
extern MemoryContext sm_conv_state_memory(MemoryContext aggcxt);

/* An empty table whose memory comes from cxt (the huge allocation API). */
extern void sm_conv_init_in(SmConvTable *t, SmConvKind kind, uint32 entry_size,
							MemoryContext cxt);

/*
 * Queues a row of a bigint-id table (see SmConvQueue), the queue's rows
 * allocated in cxt on first use; true when the queue is full.
 */
static inline bool
sm_conv_enqueue(SmConvQueue *q, MemoryContext cxt, int64 id, int64 at,
				bool from_brand)
{
	if (unlikely(q->rows == NULL))
		q->rows = MemoryContextAlloc(cxt, sizeof(SmConvQueueRows));
	return sm_conv_queue_push(q, id, at, from_brand);
}

/*
 * Queues a row of a bytes table (text, uuid ids) whose key is at most
 * SM_CONV_QUEUE_KEY_MAX bytes, its bytes copied (the caller's are in per-row
 * memory), the queue allocated in cxt on first use.  Returns true when the
 * caller must drain the queue: it is full, or the key did not fit and was
 * not queued (*queued false: the caller drains, then calls again).
 */
static inline bool
sm_conv_enqueue_bytes(SmConvQueue *q, MemoryContext cxt, const SmConvTable *t,
					  const char *key, uint32 len, int64 at, bool from_brand,
					  bool *queued)
{
	Assert(len <= SM_CONV_QUEUE_KEY_MAX);
	if (unlikely(q->rows == NULL))
	{
		char	   *m = MemoryContextAlloc(cxt, sizeof(SmConvQueueRows) +
										   sizeof(SmConvQueueKeys));

		q->rows = (SmConvQueueRows *) m;
		q->keys = (SmConvQueueKeys *) (m + sizeof(SmConvQueueRows));
		q->used = 0;
	}
	*queued = sm_conv_queue_fits(q, len);
	if (!*queued)
		return true;
	return sm_conv_queue_push_bytes(q, t, key, len, at, from_brand);
}

/* The id kind of argument argno in the function's declared signature. */
extern SmConvKind sm_conv_arg_kind(FunctionCallInfo fcinfo, int argno,
								   const char *fname);

/* A text id received in binary: valid in the server encoding, no NUL. */
extern bool sm_conv_text_id_valid(const char *key, uint32 len);

/* The fewest bytes an id of this kind takes in the binary forms. */
extern uint32 sm_conv_min_binary_id(SmConvKind kind);

/* "bigint", "text" or "uuid" */
extern const char *sm_conv_kind_name(SmConvKind kind);

/*
 * Parsers: on success advance *pp past what they read and return true;
 * on failure return false (the caller raises its type's error).
 */
extern bool sm_conv_parse_quoted(const char **pp, StringInfo buf);
extern bool sm_conv_parse_uuid(const char **pp, unsigned char *out);

extern void sm_conv_append_quoted(StringInfo buf, const char *s, uint32 len);
extern void sm_conv_append_uuid(StringInfo buf, const unsigned char *u);

/*
 * The ceiling of the pairing states' forms.  A stored state must always be
 * printable and dumpable (issue 20, A4), so each state counts, as rows come
 * in, an upper bound on its text form as COPY TO writes it in text format
 * (pg_dump's form: state_out's text with COPY's escapes), and fails with
 * 54000 before that passes SM_STATE_TEXT_LIMIT; the flat form is held to
 * the same limit.  Not MaxAllocSize itself: a parallel worker sends its
 * state inside a tuple, and COPY sends it inside a row, whose headers must
 * fit in the same allocation (a state within a few bytes of MaxAllocSize
 * passed serially and failed in a one-worker plan with XX000); 1 kB of room
 * covers them.
 */
#define SM_STATE_TEXT_LIMIT		((uint64) MaxAllocSize - 1024)

/* Room for a state's text header ("v2 uuid target=... ", calendar aside). */
#define SM_STATE_TEXT_HEAD		64

extern const uint64 sm_pow10[20];

/*
 * Characters of an int64 in decimal, with its sign: once per message of
 * reply_wait_sketch, so no division (the digits of 2^k are 1 + k * log10(2),
 * give or take one, which the table settles).
 */
static inline uint32
sm_int64_text_len(int64 v)
{
	uint64		u = v < 0 ? -(uint64) v : (uint64) v;
	uint32		t;

	if (u < 10)
		return v < 0 ? 2 : 1;
	t = ((uint32) pg_leftmost_one_pos64(u) + 1) * 1233 >> 12;
	return t + (u >= sm_pow10[t]) + (v < 0);
}

/*
 * Bytes an id takes in a state's dump: as state_out prints it (a text id
 * quoted, '"' and '\\' escaped), then through COPY's text escapes (each
 * '\\' doubled, control characters as two).  Exact, so that it depends on
 * the conversation alone and every plan counts the same.
 */
extern uint64 sm_conv_id_dump_bytes(SmConvKind kind, int64 id, const char *key,
									uint32 len);

/*
 * Interrupts: loops over a state's conversations or messages check for a
 * cancel every 65,536 iterations (each is well under a microsecond, so a
 * cancel is honoured within milliseconds, see doc/hardening.md).
 */
#define SM_INTERRUPT_EVERY(i) \
	do { if (((i) & 0xFFFF) == 0) CHECK_FOR_INTERRUPTS(); } while (0)

/*
 * Message times must be finite: an infinite wait is not a wait.  fname
 * prefixes the message, unless NULL (a state that several aggregates
 * share names none of them, so that every plan reads the same).
 */
static inline void
sm_pairing_check_time(TimestampTz at, const char *fname)
{
	if (unlikely(TIMESTAMP_NOT_FINITE(at)))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 fname ? errmsg("%s: message time cannot be infinite", fname)
				 : errmsg("message time cannot be infinite"),
				 errhint("Filter out rows whose time is infinity or -infinity.")));
}

/*
 * The errors of a pairing state type (type: its SQL name): a flat form
 * that fails its checks (XX001), a bad text form (22P02, quoting the
 * beginning of str; example: a valid value for the HINT), a bad binary
 * form (22P03), and the length check of a binary form.
 */
pg_noreturn extern void sm_pairing_corrupted(const char *type, const char *detail);
pg_noreturn extern void sm_pairing_bad_text(const char *type, const char *str,
											const char *detail, const char *example);
pg_noreturn extern void sm_pairing_bad_binary(const char *type, const char *detail);
/* readable: what this release reads, e.g. "version 1" */
pg_noreturn extern void sm_pairing_bad_version(const char *type, int version,
											   const char *readable);

/*
 * What is wrong with a pairing summary read from outside (a time out of
 * range, or a broken invariant of pairing.h), or NULL.
 */
extern const char *sm_pairing_problem(const SmPairing *p, const int64 *early);

static inline void
sm_pairing_need(StringInfo buf, uint64 n, const char *type)
{
	if ((uint64) (buf->len - buf->cursor) < n)
		sm_pairing_bad_binary(type, "The message is too short.");
}

/*
 * A conversation id in its four forms.  An id is (id, key, len): a bigint
 * in id (key NULL, len 0), or the bytes of a text or uuid id at key.
 * Adding an id type is a change to this file and pairing_table.c.
 */

/* The id in argument argno (not NULL) of an aggregate's call. */
static inline void
sm_conv_arg_id(FunctionCallInfo fcinfo, int argno, SmConvKind kind,
			   int64 *id, const char **key, uint32 *len)
{
	switch (kind)
	{
		case SM_CONV_INT8:
			*id = PG_GETARG_INT64(argno);
			break;
		case SM_CONV_UUID:
			*key = (const char *) PG_GETARG_UUID_P(argno)->data;
			*len = SM_CONV_UUID_LEN;
			break;
		case SM_CONV_TEXT:
			{
				text	   *t = PG_GETARG_TEXT_PP(argno);

				*key = VARDATA_ANY(t);
				*len = VARSIZE_ANY_EXHDR(t);
			}
			break;
	}
}

/* The id of a table slot. */
static inline void
sm_conv_slot_id(const SmConvTable *t, const SmConvSlot *s, int64 *id,
				const char **key, uint32 *len)
{
	*id = (int64) s->key;
	*key = t->kind == SM_CONV_INT8 ? NULL : sm_conv_key_bytes(t, s);
	*len = t->kind == SM_CONV_INT8 ? 0 : sm_conv_key_len(t, s);
}

/* Flat form (native byte order): bigint 8 bytes, uuid 16, text uint32 length and bytes. */
static inline uint64
sm_conv_flat_id_bytes(SmConvKind kind, uint32 len)
{
	switch (kind)
	{
		case SM_CONV_INT8:
			return 8;
		case SM_CONV_UUID:
			return SM_CONV_UUID_LEN;
		case SM_CONV_TEXT:
			break;
	}
	return 4 + (uint64) len;
}

extern SmConvSlot **sm_conv_sorted_slots(SmConvTable *t);

/* Writes an id in its flat form at p; returns the end. */
static inline char *
sm_conv_flat_put_id(char *p, SmConvKind kind, int64 id, const char *key,
					uint32 len)
{
	switch (kind)
	{
		case SM_CONV_INT8:
			memcpy(p, &id, 8);
			return p + 8;
		case SM_CONV_UUID:
			memcpy(p, key, SM_CONV_UUID_LEN);
			return p + SM_CONV_UUID_LEN;
		case SM_CONV_TEXT:
			break;
	}
	memcpy(p, &len, 4);
	memcpy(p + 4, key, len);
	return p + 4 + len;
}

/* The same for the id of a table slot. */
static inline char *
sm_conv_flat_write_id(char *p, const SmConvTable *t, const SmConvSlot *s)
{
	int64		id;
	const char *key;
	uint32		len;

	sm_conv_slot_id(t, s, &id, &key, &len);
	return sm_conv_flat_put_id(p, t->kind, id, key, len);
}
/* Reads an id at *pp (before end) into (id, key, len); false when truncated. */
static inline bool
sm_conv_flat_read_id(SmConvKind kind, const char **pp, const char *end,
					 int64 *id, const char **key, uint32 *len)
{
	const char *p = *pp;

	*id = 0;
	*key = NULL;
	*len = 0;
	switch (kind)
	{
		case SM_CONV_INT8:
			if (end - p < 8)
				return false;
			memcpy(id, p, 8);
			p += 8;
			break;
		case SM_CONV_UUID:
			if (end - p < SM_CONV_UUID_LEN)
				return false;
			*key = p;
			*len = SM_CONV_UUID_LEN;
			p += SM_CONV_UUID_LEN;
			break;
		case SM_CONV_TEXT:
			if (end - p < 4)
				return false;
			memcpy(len, p, 4);
			p += 4;
			if ((uint64) (end - p) < *len)
				return false;
			*key = p;
			p += *len;
			break;
	}
	*pp = p;
	return true;
}
/* The order of the flat and text forms: <0, 0, >0. */
static inline int
sm_conv_id_cmp(SmConvKind kind, int64 a, const char *akey, uint32 alen,
			   int64 b, const char *bkey, uint32 blen)
{
	int			c;

	if (kind == SM_CONV_INT8)
		return (a > b) - (a < b);
	c = memcmp(akey, bkey, Min(alen, blen));
	if (c == 0)
		c = (alen > blen) - (alen < blen);
	return c;
}

/*
 * The conversations of a flat state, in order.  Each begins with its id,
 * which sm_conv_cursor_next reads and checks (truncation, ascending order,
 * nothing after the last); the state's reader then reads the rest of the
 * entry at p (sm_conv_cursor_times copies times out, aligned) and moves p
 * past it.
 */
typedef struct SmConvCursor
{
	SmConvKind	kind;
	const char *type;			/* the state type, for its errors */
	const char *p;
	const char *end;
	uint32		n;				/* conversations in the state */
	uint32		next;			/* conversations read */
	int64		id;				/* the current conversation */
	const char *key;
	uint32		len;
	int64	   *buf;			/* aligned copy of times */
	uint64		bufcap;
} SmConvCursor;

static inline void
sm_conv_cursor_init(SmConvCursor *c, SmConvKind kind, const char *type,
					const char *p, const char *end, uint32 n)
{
	memset(c, 0, sizeof(SmConvCursor));
	c->kind = kind;
	c->type = type;
	c->p = p;
	c->end = end;
	c->n = n;
}
static inline bool
sm_conv_cursor_next(SmConvCursor *c)
{
	int64		prev_id = c->id;
	const char *prev_key = c->key;
	uint32		prev_len = c->len;

	if (c->next >= c->n)
	{
		if (c->p != c->end)
			sm_pairing_corrupted(c->type, "Unexpected bytes after the last conversation.");
		return false;
	}
	SM_INTERRUPT_EVERY(c->next);
	if (!sm_conv_flat_read_id(c->kind, &c->p, c->end, &c->id, &c->key, &c->len))
		sm_pairing_corrupted(c->type, "The state is truncated.");
	/* ascending ids: no conversation twice */
	if (c->next > 0 &&
		sm_conv_id_cmp(c->kind, c->id, c->key, c->len,
					   prev_id, prev_key, prev_len) <= 0)
		sm_pairing_corrupted(c->type, "The conversations are not in ascending order.");
	c->next++;
	return true;
}
static inline int64 *
sm_conv_cursor_times(SmConvCursor *c, uint64 n, const char *truncated)
{
	if ((uint64) (c->end - c->p) / sizeof(int64) < n)
		sm_pairing_corrupted(c->type, truncated);
	if (n > c->bufcap)
	{
		if (c->buf)
			pfree(c->buf);
		c->bufcap = Max(n, 16);
		c->buf = MemoryContextAllocHuge(CurrentMemoryContext,
										c->bufcap * sizeof(int64));
	}
	if (n > 0)
		memcpy(c->buf, c->p, n * sizeof(int64));
	c->p += n * sizeof(int64);
	return c->buf;
}


/*
 * Text form: a bigint as a number, a uuid in its usual form, a text id in
 * double quotes.  sm_conv_parse_id reads one at *pp (text bytes into kbuf,
 * uuid bytes into u) and returns NULL, or the DETAIL of what is wrong.
 */
static inline const char *
sm_conv_parse_id(SmConvKind kind, const char **pp, StringInfo kbuf,
				 unsigned char *u, int64 *id, const char **key, uint32 *len)
{
	*id = 0;
	*key = NULL;
	*len = 0;
	switch (kind)
	{
		case SM_CONV_INT8:
			if (!sm_parse_int64(pp, id))
				return "Expected a conversation number.";
			break;
		case SM_CONV_UUID:
			if (!sm_conv_parse_uuid(pp, u))
				return "Expected a conversation uuid.";
			*key = (const char *) u;
			*len = SM_CONV_UUID_LEN;
			break;
		case SM_CONV_TEXT:
			if (!sm_conv_parse_quoted(pp, kbuf))
				return "Expected a conversation id in double quotes.";
			*key = kbuf->data;
			*len = kbuf->len;
			break;
	}
	return NULL;
}
/* " <id>:" at *pp, as an entry of a state's text form begins; as above. */
static inline const char *
sm_conv_parse_entry_id(SmConvKind kind, const char **pp, StringInfo kbuf,
					   unsigned char *u, int64 *id, const char **key,
					   uint32 *len)
{
	const char *why;

	if (**pp != ' ')
		return "Expected a space before each conversation.";
	(*pp)++;
	why = sm_conv_parse_id(kind, pp, kbuf, u, id, key, len);
	if (why)
		return why;
	if (**pp != ':')
		return "Expected ':' after the conversation.";
	(*pp)++;
	return NULL;
}
static inline void
sm_conv_append_id(StringInfo buf, SmConvKind kind, int64 id, const char *key,
				  uint32 len)
{
	switch (kind)
	{
		case SM_CONV_INT8:
			appendStringInfo(buf, INT64_FORMAT, id);
			break;
		case SM_CONV_UUID:
			sm_conv_append_uuid(buf, (const unsigned char *) key);
			break;
		case SM_CONV_TEXT:
			sm_conv_append_quoted(buf, key, len);
			break;
	}
}
/* "bigint", "text" or "uuid" at *pp; false when none. */
extern bool sm_conv_parse_kind(const char **pp, SmConvKind *kind);

/* Binary form: int64; 16 bytes; int32 length and the bytes. */
static inline void
sm_conv_send_id(StringInfo buf, SmConvKind kind, int64 id, const char *key,
				uint32 len)
{
	switch (kind)
	{
		case SM_CONV_INT8:
			pq_sendint64(buf, id);
			break;
		case SM_CONV_UUID:
			pq_sendbytes(buf, key, SM_CONV_UUID_LEN);
			break;
		case SM_CONV_TEXT:
			pq_sendint32(buf, len);
			pq_sendbytes(buf, key, len);
			break;
	}
}
static inline void
sm_conv_recv_id(StringInfo buf, SmConvKind kind, const char *type,
				int64 *id, const char **key, uint32 *len)
{
	*id = 0;
	*key = NULL;
	*len = 0;
	switch (kind)
	{
		case SM_CONV_INT8:
			sm_pairing_need(buf, 8, type);
			*id = pq_getmsgint64(buf);
			break;
		case SM_CONV_UUID:
			sm_pairing_need(buf, SM_CONV_UUID_LEN, type);
			*key = pq_getmsgbytes(buf, SM_CONV_UUID_LEN);
			*len = SM_CONV_UUID_LEN;
			break;
		case SM_CONV_TEXT:
			sm_pairing_need(buf, 4, type);
			*len = pq_getmsgint(buf, 4);
			sm_pairing_need(buf, *len, type);
			*key = pq_getmsgbytes(buf, *len);
			if (!sm_conv_text_id_valid(*key, *len))
				sm_pairing_bad_binary(type, "A conversation id holds a NUL byte or bytes not valid in the server encoding.");
			break;
	}
}

/*
 * An expanded state (its struct begins with the ExpandedObjectHeader): a
 * new zeroed one of size bytes (see sm_conv_state_memory for aggcxt);
 * flattened into a palloc'd varlena, or returned from a
 * transition or combine call (read-write in an aggregate, flat outside).
 */
/* The expanded state of these methods that d points to, or NULL. */
static inline void *
sm_pairing_expanded_of(Datum d, const ExpandedObjectMethods *methods)
{
	if (VARATT_IS_EXTERNAL_EXPANDED(DatumGetPointer(d)))
	{
		ExpandedObjectHeader *eoh = DatumGetEOHP(d);

		if (eoh->eoh_methods == methods)
			return eoh;
	}
	return NULL;
}

/* A transition or combine call's result when there is nothing to add. */
static inline Datum
sm_pairing_keep_state(FunctionCallInfo fcinfo)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(PG_GETARG_DATUM(0));
}

extern void *sm_pairing_new_state(MemoryContext aggcxt, Size size,
								  const ExpandedObjectMethods *methods);
extern void *sm_pairing_flatten(ExpandedObjectHeader *eoh);

/*
 * The frame of a flatten_into method: zeroes the flat header (hdrsz bytes),
 * sets the varlena size, switches to a scratch context of the state's own
 * (which sm_pairing_scratch_end deletes, with all allocated in it), and
 * lists the table's slots in id order, the order of the flat form.  Not CurrentMemoryContext:
 * it can be one that cannot pfree (from PostgreSQL 17 a tuplesort forms its
 * tuples, and so flattens us, in a bump context).
 */
extern MemoryContext sm_pairing_flatten_begin(ExpandedObjectHeader *eoh,
											  void *result, Size hdrsz,
											  Size size, SmConvTable *t,
											  SmConvSlot ***sorted);
extern MemoryContext sm_pairing_scratch_begin(ExpandedObjectHeader *eoh);
extern void sm_pairing_scratch_end(MemoryContext old);
static inline Datum
sm_pairing_return(ExpandedObjectHeader *eoh, bool in_aggregate)
{
	if (in_aggregate)
		return EOHPGetRWDatum(eoh);
	return PointerGetDatum(sm_pairing_flatten(eoh));
}

#endif							/* SM_PAIRING_IDS_H */
