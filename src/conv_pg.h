/*-------------------------------------------------------------------------
 *
 * conv_pg.h
 *	  The server side of the conversation table (src/conv_pg.c).
 *
 *-------------------------------------------------------------------------
 */
#ifndef SM_CONV_PG_H
#define SM_CONV_PG_H

#include "fmgr.h"
#include "lib/stringinfo.h"
#include "port/pg_bitutils.h"
#include "utils/memutils.h"

#include "conv_table.h"

/*
 * The memory context of a new working state: in an aggregate (aggcxt not
 * NULL) the one shared by all groups of aggcxt, else a new child of
 * CurrentMemoryContext.  See conv_pg.c.
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

#endif							/* SM_CONV_PG_H */
