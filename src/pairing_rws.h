/*-------------------------------------------------------------------------
 *
 * pairing_rws.h
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
 *	  lookups are prefetched: SmConvQueue, rws_settle).  The final
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
 *	  Three files, one per phase: pairing_rws_state.c (the expanded
 *	  object and the rows appended to it, the transition function among
 *	  them so that the per-row code inlines; its flat form; reading it),
 *	  pairing_rws_agg.c (the aggregate's entry points, combine and final
 *	  functions) and pairing_rws_io.c (text and binary I/O).  This header
 *	  is theirs alone.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SM_PAIRING_RWS_H
#define SM_PAIRING_RWS_H

#include "fmgr.h"
#include "utils/expandeddatum.h"

#include "pairing.h"
#include "pairing_ids.h"
#include "pairing_table.h"

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


#define Corrupted(detail)	sm_pairing_corrupted(RWS_TYPE, (detail))

/* pairing_rws_state.c */
extern RwsExpanded *rws_new(MemoryContext aggcxt, SmConvKind kind,
							SmReplyWaitMode mode);
extern const ExpandedObjectMethods rws_methods;

/* The expanded state d points to, as it is (queued rows too), or NULL. */
static inline RwsExpanded *
rws_expanded_of(Datum d)
{
	return (RwsExpanded *) sm_pairing_expanded_of(d, &rws_methods);
}

extern RwsExpanded *rws_as_expanded(Datum d);
extern const char *rws_mode_name(SmReplyWaitMode mode);
extern void rws_mismatch(RwsExpanded *x, SmConvKind kind,
						 SmReplyWaitMode mode);
extern uint32 rws_conversation(RwsExpanded *x, int64 id, const char *key,
							   uint32 len);
extern void rws_append(RwsExpanded *x, uint32 idx, int64 at, bool from_brand);
extern Datum rws_transition(FunctionCallInfo fcinfo);
extern void rws_settle(RwsExpanded *x);
extern void rws_group(const RwsExpanded *x, RwsGrouped *g);
extern void rws_iter_init(SmConvCursor *it, const RwsFlat *f);
extern bool rws_iter_next(SmConvCursor *it, RwsItem *item);
extern void rws_add_all(RwsExpanded *x, Datum d);
extern void rws_state_params(Datum d, SmConvKind *kind, SmReplyWaitMode *mode);
extern RwsExpanded *rws_copy(Datum d, MemoryContext aggcxt);
extern const RwsFlat *rws_flat_state(Datum d);
extern const RwsFlat *rws_open(Datum d, SmConvCursor *it);

#endif							/* SM_PAIRING_RWS_H */
