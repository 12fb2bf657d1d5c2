/*-------------------------------------------------------------------------
 *
 * pairing_frs.h
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
 *	  Once a state holds FRS_QUEUE_FROM conversations, its rows are queued
 *	  (text and uuid ids with a copy of their bytes and their hash) and
 *	  added a batch at a time with their table slots prefetched
 *	  (SmConvQueue, frs_settle); every reader settles it first.
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
 *	  values are still read (pairing_frs_state.c).
 *
 *	  Three files, one per phase: pairing_frs_state.c (the expanded
 *	  object and the rows that change it, the transition function among
 *	  them so that the per-row code inlines; its flat form; reading any
 *	  form, the 1.0.0 one too), pairing_frs_agg.c (the aggregates' entry
 *	  points, combine and final functions) and pairing_frs_io.c (text and
 *	  binary I/O).  This header is theirs alone.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SM_PAIRING_FRS_H
#define SM_PAIRING_FRS_H

#include "fmgr.h"
#include "utils/expandeddatum.h"

#include "pairing.h"
#include "pairing_ids.h"
#include "pairing_table.h"

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
	SmConvQueue queue;			/* rows not yet added */

	/*
	 * Flat states a combine took whole (frs_add_pending), all in the state
	 * and merged when it is read; while there are any, the table and the
	 * queue are empty.
	 */
	const struct FrsFlat **pending;	/* FRS_PENDING_MAX, on first use */
	uint32		npending;
} FrsExpanded;

/*
 * Pending states merged in one pass at most (a 2-worker plan's leader has
 * 3, a Citus coordinator one per shard); with more, all go to the table.
 */
#define FRS_PENDING_MAX	16

/*
 * Rows of a state are queued (see SmConvQueue) once it holds
 * FRS_QUEUE_FROM conversations: below that its table fits a few cache
 * lines, and small groups do not pay the queue's 1 KiB (3 KiB with
 * text or uuid ids, whose key bytes it copies).
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

typedef struct FrsItem
{
	int64		id;				/* bigint ids */
	const char *key;			/* text/uuid ids */
	uint32		len;
	SmPairing	pairing;
	const int64 *early;			/* canonical, may be unaligned: copied */
} FrsItem;



#define Corrupted(detail)	sm_pairing_corrupted(FRS_TYPE, (detail))

/* pairing_frs_state.c: the expanded object */
extern FrsExpanded *frs_new(MemoryContext aggcxt, SmConvKind kind, uint8 opts);
extern const ExpandedObjectMethods frs_methods;

/* The expanded state d points to, or NULL (once per row: inline). */
static inline FrsExpanded *
frs_as_expanded(Datum d)
{
	return (FrsExpanded *) sm_pairing_expanded_of(d, &frs_methods);
}

extern void frs_set_calendar(FrsExpanded *x, const struct varlena *cal);
extern void frs_add_summary(FrsExpanded *x, int64 id, const char *key,
							uint32 len, const SmPairing *src,
							const int64 *src_early);
extern void frs_settle(FrsExpanded *x);
extern void frs_add_pending(FrsExpanded *x, const struct FrsFlat *f);
extern FrsExpanded *frs_new_pending(MemoryContext aggcxt, const struct FrsFlat *f);

/*
 * pairing_frs_state.c: the transition function of every first-reply
 * aggregate (here, beside the row code it inlines), and the error of
 * parameters that differ between the rows or states of a group
 */
extern Datum frs_transition(FunctionCallInfo fcinfo, bool sla);
extern void frs_different_params(const char *what);
extern void frs_check_target(double target);

/* pairing_frs_state.c: reading any form */
extern const char *frs_entry_problem(const SmPairing *p, const int64 *early);
extern void frs_iter_init(SmConvCursor *it, const FrsFlat *f);
extern bool frs_iter_next(SmConvCursor *it, FrsItem *item);
extern void frs_view_state(Datum d, FrsExpanded **x, const FrsFlat **f);
extern void frs_read_state(Datum d, FrsExpanded **x, const FrsFlat **f);
extern const FrsFlat *frs_flat_state(Datum d);
extern const FrsFlat *frs_open(Datum d, SmConvCursor *it);
extern void frs_state_params(FrsExpanded *x, const FrsFlat *f, SmConvKind *kind,
							 uint8 *opts, double *target,
							 struct varlena **calendar);
extern void frs_add_state(FrsExpanded *x, FrsExpanded *src, const FrsFlat *f);
extern FrsExpanded *frs_copy(Datum d, MemoryContext aggcxt);
extern const FrsFlat *frs_merge_flat(const FrsFlat *a, const FrsFlat *b);

/* Calls fn for every conversation of a state, in any order (ascending for flat states). */
typedef void (*FrsVisit) (void *arg, const SmPairing *p, const int64 *early);
extern void frs_for_each(FrsExpanded *x, const FrsFlat *f, FrsVisit fn, void *arg);

#endif							/* SM_PAIRING_FRS_H */
