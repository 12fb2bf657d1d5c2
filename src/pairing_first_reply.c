/*-------------------------------------------------------------------------
 *
 * pairing_first_reply.c
 *	  First reply of one conversation: the first_reply_state type and the
 *	  first_reply_seconds / first_reply_time aggregates.
 *
 *	  The per-conversation pairing logic is in pairing.c; this file holds
 *	  the fmgr glue and the state's text and binary forms.  The state's
 *	  varlena layout is the 1.0.0 one (stored values stay readable); its
 *	  early[] list is ascending in 1.0.0 values and a max-heap
 *	  (SM_PAIR_HEAP) in values built by 1.1.0, and the text and binary
 *	  forms are canonical (ascending, distinct) in both.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"
#include "compat.h"
#include "errtext.h"

#include "common/int.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/fmgrprotos.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "pairing_ids.h"
#include "pairing.h"

/*
 * first_reply_state: a varlena holding one SmPairing and its early[] list.
 * capacity is the number of early[] slots allocated; only pairing.nearly of
 * them are meaningful, and only those are written by the output functions.
 */
typedef struct FirstReplyState
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint32		capacity;		/* early[] slots allocated */
	SmPairing	pairing;
	int64		early[FLEXIBLE_ARRAY_MEMBER];
} FirstReplyState;

#define FR_HDRSZ			offsetof(FirstReplyState, early)
/*
 * The most early times a state holds: its text form must fit
 * SM_STATE_TEXT_LIMIT (a stored state must always print and dump; issue
 * 20, A4).  Each early time takes at most 20 bytes there ("," and a valid
 * timestamp's 19 characters), the rest at most 64: 53,687,036 times, a
 * 429 MB varlena.
 */
#define FR_MAX_CAPACITY	((SM_STATE_TEXT_LIMIT - SM_STATE_TEXT_HEAD) / 20)
StaticAssertDecl(FR_MAX_CAPACITY <= (MaxAllocSize - FR_HDRSZ) / sizeof(int64),
				 "the text form is the binding limit");
#define FR_INITIAL_CAPACITY 2
#define FR_TEXT_VERSION	"v1"
#define FR_BINARY_VERSION	1

#define PG_GETARG_FRS(n) ((FirstReplyState *) PG_DETOAST_DATUM(PG_GETARG_DATUM(n)))

PG_FUNCTION_INFO_V1(first_reply_state_in);
PG_FUNCTION_INFO_V1(first_reply_state_out);
PG_FUNCTION_INFO_V1(first_reply_state_recv);
PG_FUNCTION_INFO_V1(first_reply_state_send);
PG_FUNCTION_INFO_V1(first_reply_transfn);
PG_FUNCTION_INFO_V1(first_reply_combine);
PG_FUNCTION_INFO_V1(first_reply_seconds_finalfn);
PG_FUNCTION_INFO_V1(first_reply_time_finalfn);

/*
 * A state with room for `capacity` early times, in CurrentMemoryContext,
 * holding a copy of `from` if given.
 *
 * States are never allocated in the aggregate context: when a transition
 * function returns a new pointer, the executor copies it into that context
 * and frees the old state, so a per-tuple allocation is the right place.
 */
static FirstReplyState *
NewState(uint64 capacity, const FirstReplyState *from)
{
	FirstReplyState *state;
	Size		size;

	if (capacity > FR_MAX_CAPACITY)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("first_reply_state cannot hold more than %zu brand messages before the first customer message",
						(Size) FR_MAX_CAPACITY),
				 errhint("Filter out outbound (brand-only) messages that no customer message precedes.")));
	size = FR_HDRSZ + capacity * sizeof(int64);
	/* zeroed: unused slots must not carry garbage into stored or sent bytes */
	state = (FirstReplyState *) palloc0(size);
	SET_VARSIZE(state, size);
	state->capacity = (uint32) capacity;
	if (from)
	{
		state->pairing = from->pairing;
		memcpy(state->early, from->early,
			   from->pairing.nearly * sizeof(int64));
	}
	else
		sm_pairing_init(&state->pairing);
	return state;
}

/* A copy of `state` with room for at least `need` early times. */
static FirstReplyState *
GrowState(const FirstReplyState *state, uint64 need)
{
	uint64		capacity = Max((uint64) state->capacity * 2,
							   (uint64) FR_INITIAL_CAPACITY);

	if (capacity < need)
		capacity = need;
	if (capacity > FR_MAX_CAPACITY && need <= FR_MAX_CAPACITY)
		capacity = FR_MAX_CAPACITY;
	return NewState(capacity, state);
}

/*
 * Validates a state read from text or binary input; the text of the error
 * is `why`, the SQLSTATE is the caller's.
 */

/*
 * The state in canonical form (early[] ascending and distinct) for the
 * output functions: the state itself when it already is, else a copy.
 */
static FirstReplyState *
Canonical(FirstReplyState *state)
{
	FirstReplyState *copy;

	if (!(state->pairing.flags & SM_PAIR_HEAP))
		return state;
	copy = NewState(state->pairing.nearly, state);
	sm_pairing_canonical(&copy->pairing, copy->early);
	return copy;
}

/* ---------- text I/O ---------- */

/*
 * The text form is versioned and exact: times are int64 microseconds since
 * 2000-01-01 00:00 UTC (PostgreSQL's epoch), so it does not depend on the
 * TimeZone or DateStyle of the session that reads or writes it (Citus ships
 * partial states as text between nodes with possibly different settings).
 *
 *	  v1[;c=<customer>][;r=<reply>][;b=<t1>,<t2>,...]
 */
#define BadStateText(str, detail) \
	sm_pairing_bad_text("first_reply_state", (str), (detail), "v1;c=0;r=60000000")

Datum
first_reply_state_in(PG_FUNCTION_ARGS)
{
	const char *str = PG_GETARG_CSTRING(0);
	const char *p = str;
	FirstReplyState *state;
	uint64		nearly = 0;
	const char *s;
	const char *why;

	if (strncmp(p, FR_TEXT_VERSION, strlen(FR_TEXT_VERSION)) != 0)
		BadStateText(str, "Unknown or missing version (expected \"v1\").");
	p += strlen(FR_TEXT_VERSION);

	/*
	 * Allocate only what the text proves: count the early times that parse
	 * (a pass that stores nothing), not the commas, so that a text of
	 * commas cannot make us allocate 8 bytes for each.
	 */
	s = strstr(p, ";b=");
	if (s != NULL)
	{
		int64		t;

		s += 3;
		while (sm_parse_int64(&s, &t))
		{
			nearly++;
			if (*s != ',')
				break;
			s++;
		}
	}
	state = NewState(Max(nearly, 1), NULL);

	if (strncmp(p, ";c=", 3) == 0)
	{
		p += 3;
		if (!sm_parse_int64(&p, &state->pairing.customer))
			BadStateText(str, "Bad customer time.");
		state->pairing.flags |= SM_PAIR_HAS_CUSTOMER;
	}
	if (strncmp(p, ";r=", 3) == 0)
	{
		p += 3;
		if (!sm_parse_int64(&p, &state->pairing.reply))
			BadStateText(str, "Bad reply time.");
		state->pairing.flags |= SM_PAIR_HAS_REPLY;
	}
	if (strncmp(p, ";b=", 3) == 0)
	{
		p += 3;
		for (;;)
		{
			if (state->pairing.nearly >= state->capacity ||
				!sm_parse_int64(&p, &state->early[state->pairing.nearly]))
				BadStateText(str, "Bad early brand time.");
			state->pairing.nearly++;
			if (*p != ',')
				break;
			p++;
		}
	}
	if (*p != '\0')
		BadStateText(str, "Unexpected characters after the state.");
	why = sm_pairing_problem(&state->pairing, state->early);
	if (why)
		BadStateText(str, why);
	PG_RETURN_POINTER(state);
}

Datum
first_reply_state_out(PG_FUNCTION_ARGS)
{
	FirstReplyState *state = Canonical(PG_GETARG_FRS(0));
	const SmPairing *p = &state->pairing;
	StringInfoData buf;
	uint32		i;

	initStringInfo(&buf);
	appendStringInfoString(&buf, FR_TEXT_VERSION);
	if (p->flags & SM_PAIR_HAS_CUSTOMER)
		appendStringInfo(&buf, ";c=" INT64_FORMAT, p->customer);
	if (p->flags & SM_PAIR_HAS_REPLY)
		appendStringInfo(&buf, ";r=" INT64_FORMAT, p->reply);
	for (i = 0; i < p->nearly; i++)
	{
		if (i % 4096 == 4095)
			CHECK_FOR_INTERRUPTS();
		appendStringInfo(&buf, "%s" INT64_FORMAT, i == 0 ? ";b=" : ",",
						 state->early[i]);
	}
	PG_RETURN_CSTRING(buf.data);
}

/* ---------- binary I/O ---------- */

/*
 * Binary form: version byte (1), flags byte, customer int64, reply int64
 * (zero when absent), count uint32, then count int64 early times.
 */
Datum
first_reply_state_send(PG_FUNCTION_ARGS)
{
	FirstReplyState *state = Canonical(PG_GETARG_FRS(0));
	const SmPairing *p = &state->pairing;
	StringInfoData buf;
	uint32		i;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, FR_BINARY_VERSION);
	pq_sendbyte(&buf, (uint8) p->flags);
	pq_sendint64(&buf, p->customer);
	pq_sendint64(&buf, p->reply);
	pq_sendint32(&buf, p->nearly);
	for (i = 0; i < p->nearly; i++)
		pq_sendint64(&buf, state->early[i]);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

#define BadStateBinary(detail)	sm_pairing_bad_binary("first_reply_state", (detail))

Datum
first_reply_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	FirstReplyState *state;
	int			version;
	int			flags;
	int64		customer;
	int64		reply;
	uint32		n;
	uint32		i;
	const char *why;

	if (buf->len - buf->cursor < 2 + 8 + 8 + 4)
		BadStateBinary("The message is too short.");
	version = pq_getmsgbyte(buf);
	if (version != FR_BINARY_VERSION)
		sm_pairing_bad_version("first_reply_state", version, "version 1");
	flags = pq_getmsgbyte(buf);
	customer = pq_getmsgint64(buf);
	reply = pq_getmsgint64(buf);
	n = pq_getmsgint(buf, 4);
	/* Check the claimed size against the bytes present before allocating. */
	if ((uint64) n * sizeof(int64) != (uint64) (buf->len - buf->cursor))
		BadStateBinary("The early-time count does not match the message length.");
	state = NewState(n, NULL);
	state->pairing.flags = (uint32) flags;
	state->pairing.customer = customer;
	state->pairing.reply = reply;
	for (i = 0; i < n; i++)
		state->early[i] = pq_getmsgint64(buf);
	state->pairing.nearly = n;
	why = sm_pairing_problem(&state->pairing, state->early);
	if (why)
		BadStateBinary(why);
	PG_RETURN_POINTER(state);
}

/* ---------- aggregate support ---------- */

/*
 * first_reply_transfn(state, at, from_brand): adds one message.  Rows with
 * a NULL time or a NULL sender flag are skipped.  Inside an aggregate the
 * state is updated in place (or replaced by a larger copy); called directly,
 * it works on a copy.
 */
Datum
first_reply_transfn(PG_FUNCTION_ARGS)
{
	FirstReplyState *state;
	TimestampTz at;
	bool		from_brand;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	at = PG_GETARG_TIMESTAMPTZ(1);
	from_brand = PG_GETARG_BOOL(2);
	sm_pairing_check_time(at, "first_reply_seconds");

	if (PG_ARGISNULL(0))
	{
		/*
		 * A conversation that starts (in input order) with a customer
		 * message rarely needs early[]: start without it, which halves the
		 * state (32 bytes) and the memory of a large GROUP BY.
		 */
		state = NewState(from_brand ? FR_INITIAL_CAPACITY : 0, NULL);
	}
	else
	{
		state = PG_GETARG_FRS(0);
		if (!AggCheckCallContext(fcinfo, NULL))
			state = NewState(state->capacity, state);
	}
	if (state->pairing.nearly >= state->capacity &&
		sm_pairing_add_may_grow(&state->pairing, at, from_brand))
		state = GrowState(state, (uint64) state->pairing.nearly + 1);
	sm_pairing_add(&state->pairing, state->early, at, from_brand);
	PG_RETURN_POINTER(state);
}

/*
 * first_reply_combine(a, b): the state of the messages of a and b together.
 * Used by parallel aggregation and by Citus to merge partial states.
 */
Datum
first_reply_combine(PG_FUNCTION_ARGS)
{
	FirstReplyState *a;
	FirstReplyState *b;
	uint64		need;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	b = PG_GETARG_FRS(1);
	if (PG_ARGISNULL(0))
		PG_RETURN_POINTER(NewState(b->pairing.nearly, b));

	a = PG_GETARG_FRS(0);
	need = (uint64) a->pairing.nearly + b->pairing.nearly + 1;
	if (need > a->capacity)
		a = GrowState(a, need);
	else if (!AggCheckCallContext(fcinfo, NULL))
		a = NewState(a->capacity, a);
	sm_pairing_merge(&a->pairing, a->early, &b->pairing, b->early);
	PG_RETURN_POINTER(a);
}

Datum
first_reply_seconds_finalfn(PG_FUNCTION_ARGS)
{
	FirstReplyState *state = PG_GETARG_FRS(0);
	uint64		wait_us;

	if (!sm_pairing_result(&state->pairing, &wait_us))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8((double) wait_us / USECS_PER_SEC);
}

/*
 * The interval twin gives what core's subtraction of the two timestamps
 * gives (hours justified into days, as timestamptz - timestamptz does).
 */
Datum
first_reply_time_finalfn(PG_FUNCTION_ARGS)
{
	FirstReplyState *state = PG_GETARG_FRS(0);
	uint64		wait_us;
	Interval   *span;

	if (!sm_pairing_result(&state->pairing, &wait_us))
		PG_RETURN_NULL();
	if (wait_us > (uint64) PG_INT64_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("interval out of range")));
	span = (Interval *) palloc(sizeof(Interval));
	span->time = (int64) wait_us;
	span->day = 0;
	span->month = 0;
	PG_RETURN_DATUM(DirectFunctionCall1(interval_justify_hours,
										IntervalPGetDatum(span)));
}
