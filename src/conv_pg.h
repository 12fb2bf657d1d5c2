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

#endif							/* SM_CONV_PG_H */
