/*-------------------------------------------------------------------------
 *
 * pairing_ids.c
 *	  The server side of the pairing states, shared by first_reply_sketch
 *	  (pairing_frs_*.c), reply_wait_sketch (pairing_rws_*.c) and
 *	  first_reply_state (pairing_first_reply.c):
 *	  - the conversation table (pairing_table.c, which knows nothing of
 *		PostgreSQL) in a memory context;
 *	  - a conversation id in each of its forms: the argument, the flat
 *		form, the text form (a text id in double quotes with \" and \\
 *		escaped, a uuid in its 8-4-4-4-12 form, a bigint as a number), the
 *		binary form, its dump size, and the cursor over a flat state's
 *		conversations.  Adding an id type is a change to this file and
 *		pairing_table.c;
 *	  - the states' errors, their expanded-object frame and the message
 *		time check.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "compat.h"
#include "errtext.h"

#include "catalog/pg_type_d.h"
#include "common/pg_prng.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "pairing.h"
#include "pairing_table.h"
#include "pairing_ids.h"

static void *
CxtAlloc(void *arg, uint64 size)
{
	if (size > MaxAllocHugeSize)
		elog(ERROR, "conversation table: allocation of %llu bytes",
			 (unsigned long long) size);
	return MemoryContextAllocHuge((MemoryContext) arg, (Size) size);
}

static void *
CxtRealloc(void *arg, void *ptr, uint64 size)
{
	if (size > MaxAllocHugeSize)
		elog(ERROR, "conversation table: allocation of %llu bytes",
			 (unsigned long long) size);
	return repalloc_huge(ptr, (Size) size);
}

static void
CxtFree(void *arg, void *ptr)
{
	pfree(ptr);
}

/* The context of the group states of an aggregate context, found by name. */
#define GROUP_STATES	"social_metrics group states"

/*
 * The memory of a new working state (an expanded object, whose
 * eoh_context this is).
 *
 * In an aggregate (aggcxt not NULL): one context per aggregate context,
 * shared by all its groups, never a context per group.  Why: HashAggregate
 * sums the memory of the aggregate context and all its descendants each
 * time it adds a group (hash_agg_check_limits), so a context per group made
 * it quadratic in the number of groups (32,000 groups took 35 s).  The
 * executor keeps a state in place only when its eoh_context is a child of
 * the aggregate context (ExecAggTransReparent), which this context is.  It
 * goes when the aggregate context is reset (the next group of a sorted
 * aggregate, the next batch of a hashed one), and the next state makes it
 * again.  Sound because an in-place state never leaves the aggregate as a
 * read-write datum, so nothing calls DeleteExpandedObject() on one group's
 * state (it would delete every group's): the transition and combine
 * functions return the state they were given, and final functions and
 * outputs see it read-only.
 *
 * Elsewhere (input, receive, a direct call): a context of its own in
 * CurrentMemoryContext, freed with it.
 */
MemoryContext
sm_conv_state_memory(MemoryContext aggcxt)
{
	MemoryContext c;

	if (aggcxt == NULL)
		return AllocSetContextCreate(CurrentMemoryContext, "pairing state",
									 ALLOCSET_DEFAULT_SIZES);

	/*
	 * The aggregate context has few children (ours, a flattening's scratch
	 * context for a moment), so the walk is short.
	 */
	for (c = aggcxt->firstchild; c != NULL; c = c->nextchild)
		if (strcmp(c->name, GROUP_STATES) == 0)
			return c;
	return AllocSetContextCreate(aggcxt, GROUP_STATES,
								 ALLOCSET_DEFAULT_SIZES);
}

static void
CxtInterrupts(void)
{
	CHECK_FOR_INTERRUPTS();
}

/*
 * With a random seed (pg_global_prng_state, seeded per backend from a
 * strong source): see sm_conv_set_seed.
 */
void
sm_conv_init_in(SmConvTable *t, SmConvKind kind, uint32 entry_size,
				MemoryContext cxt)
{
	SmConvAlloc a = {CxtAlloc, CxtRealloc, CxtFree, cxt, CxtInterrupts};
	uint64		k0 = pg_prng_uint64(&pg_global_prng_state);
	uint64		k1 = pg_prng_uint64(&pg_global_prng_state);

	sm_conv_init(t, kind, entry_size, &a);
	sm_conv_set_seed(t, k0, k1);
}

/*
 * The conversation id kind of a transition function's argument argno, from
 * the function's declared signature (fn_oid).  Not from the call
 * expression (get_fn_expr_argtype): Citus's worker_partial_agg and
 * worker_binary_partial_agg call a transition function with no expression
 * at all.  The transition functions are declared once per id type, so the
 * signature is exact.  A lookup in the syscache: callers keep the answer in
 * fn_extra.
 */
SmConvKind
sm_conv_arg_kind(FunctionCallInfo fcinfo, int argno, const char *fname)
{
	Oid		   *argtypes;
	int			nargs;
	Oid			t;

	(void) get_func_signature(fcinfo->flinfo->fn_oid, &argtypes, &nargs);
	t = argno < nargs ? argtypes[argno] : InvalidOid;
	pfree(argtypes);
	switch (t)
	{
		case INT8OID:
			return SM_CONV_INT8;
		case TEXTOID:
			return SM_CONV_TEXT;
		case UUIDOID:
			return SM_CONV_UUID;
	}
	elog(ERROR, "%s: function %u takes no conversation id as argument %d",
		 fname, fcinfo->flinfo->fn_oid, argno + 1);
	pg_unreachable();
}

const char *
sm_conv_kind_name(SmConvKind kind)
{
	switch (kind)
	{
		case SM_CONV_INT8:
			return "bigint";
		case SM_CONV_TEXT:
			return "text";
		case SM_CONV_UUID:
			return "uuid";
	}
	return "?";
}

/*
 * Whether the bytes of a text id received in binary are a valid text
 * value: valid in the server encoding and free of NUL, as text_recv
 * requires.  Otherwise the text form of the state would stop at the NUL
 * or could not be read back.
 */
bool
sm_conv_text_id_valid(const char *key, uint32 len)
{
	return pg_verify_mbstr(GetDatabaseEncoding(), key, (int) len, true);
}

/* The fewest bytes an id of this kind takes in the binary forms. */
uint32
sm_conv_min_binary_id(SmConvKind kind)
{
	/* the binary forms lay ids out as the flat form does; text: an empty id */
	return (uint32) sm_conv_flat_id_bytes(kind, 0);
}

/* A double-quoted string with \" and \\ escapes, into buf. */
bool
sm_conv_parse_quoted(const char **pp, StringInfo buf)
{
	const char *p = *pp;

	if (*p != '"')
		return false;
	p++;
	resetStringInfo(buf);
	for (;;)
	{
		if (*p == '\0')
			return false;
		if (*p == '"')
			break;
		if (*p == '\\')
		{
			p++;
			if (*p != '"' && *p != '\\')
				return false;
		}
		appendStringInfoChar(buf, *p++);
	}
	*pp = p + 1;
	return true;
}

void
sm_conv_append_quoted(StringInfo buf, const char *s, uint32 len)
{
	uint32		i;
	uint32		from = 0;

	/* runs of plain bytes in one copy: ids can be long (up to 1 GB in all) */
	enlargeStringInfo(buf, len + 2);
	appendStringInfoChar(buf, '"');
	for (i = 0; i < len; i++)
	{
		if (s[i] == '"' || s[i] == '\\')
		{
			appendBinaryStringInfo(buf, s + from, i - from);
			appendStringInfoChar(buf, '\\');
			from = i;
		}
	}
	appendBinaryStringInfo(buf, s + from, len - from);
	appendStringInfoChar(buf, '"');
}

const uint64 sm_pow10[20] = {
	UINT64CONST(1), UINT64CONST(10), UINT64CONST(100), UINT64CONST(1000),
	UINT64CONST(10000), UINT64CONST(100000), UINT64CONST(1000000),
	UINT64CONST(10000000), UINT64CONST(100000000), UINT64CONST(1000000000),
	UINT64CONST(10000000000), UINT64CONST(100000000000),
	UINT64CONST(1000000000000), UINT64CONST(10000000000000),
	UINT64CONST(100000000000000), UINT64CONST(1000000000000000),
	UINT64CONST(10000000000000000), UINT64CONST(100000000000000000),
	UINT64CONST(1000000000000000000), UINT64CONST(10000000000000000000)
};

uint64
sm_conv_id_dump_bytes(SmConvKind kind, int64 id, const char *key, uint32 len)
{
	uint64		n = 2;			/* the quotes */
	uint32		i;

	switch (kind)
	{
		case SM_CONV_INT8:
			return sm_int64_text_len(id);
		case SM_CONV_UUID:
			return 36;
		case SM_CONV_TEXT:
			break;
	}
	for (i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) key[i];

		if (c == '\\')
			n += 4;				/* \\ printed, each doubled by COPY */
		else if (c == '"')
			n += 3;				/* \" printed, the \ doubled */
		else if (c < 0x20 || c == 0x7f)
			n += 2;				/* COPY's \n, \t, ... (0x7f: room) */
		else
			n += 1;
	}
	return n;
}

static int
HexVal(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A uuid in its 8-4-4-4-12 form. */
bool
sm_conv_parse_uuid(const char **pp, unsigned char *out)
{
	const char *p = *pp;
	int			i;

	for (i = 0; i < SM_CONV_UUID_LEN; i++)
	{
		int			hi,
					lo;

		if ((i == 4 || i == 6 || i == 8 || i == 10) && *p++ != '-')
			return false;
		hi = HexVal(p[0]);
		lo = hi < 0 ? -1 : HexVal(p[1]);
		if (lo < 0)
			return false;
		out[i] = (unsigned char) (hi * 16 + lo);
		p += 2;
	}
	*pp = p;
	return true;
}

void
sm_conv_append_uuid(StringInfo buf, const unsigned char *u)
{
	static const char hex[] = "0123456789abcdef";
	int			i;

	for (i = 0; i < SM_CONV_UUID_LEN; i++)
	{
		if (i == 4 || i == 6 || i == 8 || i == 10)
			appendStringInfoChar(buf, '-');
		appendStringInfoChar(buf, hex[u[i] >> 4]);
		appendStringInfoChar(buf, hex[u[i] & 15]);
	}
}

/* ---------- errors of the pairing state types ---------- */

void
sm_pairing_corrupted(const char *type, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATA_CORRUPTED),
			 errmsg("%s is corrupted", type),
			 errdetail("%s", detail)));
}

void
sm_pairing_bad_text(const char *type, const char *str, const char *detail,
					const char *example)
{
	/* a state can be large: quote its beginning only */
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type %s: \"%s\"",
					type, sm_excerpt(str)),
			 errdetail("%s", detail),
			 errhint("Write a state as produced by its output function, e.g. \"%s\".",
					 example)));
}

void
sm_pairing_bad_binary(const char *type, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid binary input for type %s", type),
			 errdetail("%s", detail)));
}

void
sm_pairing_bad_version(const char *type, int version, const char *readable)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("unsupported %s binary version %d", type, version),
			 errhint("This version of social_metrics reads %s.", readable)));
}

const char *
sm_pairing_problem(const SmPairing *p, const int64 *early)
{
	uint32		i;

	if ((p->flags & SM_PAIR_HAS_CUSTOMER) && !IS_VALID_TIMESTAMP(p->customer))
		return "Customer time out of range.";
	if ((p->flags & SM_PAIR_HAS_REPLY) && !IS_VALID_TIMESTAMP(p->reply))
		return "Reply time out of range.";
	for (i = 0; i < p->nearly; i++)
		if (!IS_VALID_TIMESTAMP(early[i]))
			return "Early brand time out of range.";
	return sm_pairing_check(p, early);
}

/* ---------- a conversation id in its flat, text and binary forms ---------- */

bool
sm_conv_parse_kind(const char **pp, SmConvKind *kind)
{
	static const SmConvKind kinds[] = {SM_CONV_INT8, SM_CONV_TEXT, SM_CONV_UUID};
	int			i;

	for (i = 0; i < lengthof(kinds); i++)
	{
		const char *name = sm_conv_kind_name(kinds[i]);
		size_t		n = strlen(name);

		if (strncmp(*pp, name, n) == 0)
		{
			*pp += n;
			*kind = kinds[i];
			return true;
		}
	}
	return false;
}

/* ---------- expanded states ---------- */

void *
sm_pairing_new_state(MemoryContext aggcxt, Size size,
					 const ExpandedObjectMethods *methods)
{
	MemoryContext cxt = sm_conv_state_memory(aggcxt);
	ExpandedObjectHeader *eoh = MemoryContextAllocZero(cxt, size);

	EOH_init_header(eoh, methods, cxt);
	return eoh;
}

void *
sm_pairing_flatten(ExpandedObjectHeader *eoh)
{
	Size		size = EOH_get_flat_size(eoh);
	void	   *f = palloc_extended(size, MCXT_ALLOC_HUGE);

	EOH_flatten_into(eoh, f, size);
	return f;
}

MemoryContext
sm_pairing_flatten_begin(ExpandedObjectHeader *eoh, void *result, Size hdrsz,
						 Size size, SmConvTable *t, SmConvSlot ***sorted)
{
	MemoryContext old = sm_pairing_scratch_begin(eoh);

	memset(result, 0, hdrsz);
	SET_VARSIZE(result, size);
	*sorted = sm_conv_sorted_slots(t);
	return old;
}

/*
 * Switches to a new scratch context of the state's, for work that
 * allocates and frees as it goes (cursors' buffers, merged early lists):
 * CurrentMemoryContext may be one that cannot free (PostgreSQL 17's bump
 * context of a tuplesort that flattens us).  _end deletes it.
 */
MemoryContext
sm_pairing_scratch_begin(ExpandedObjectHeader *eoh)
{
	MemoryContext scratch = AllocSetContextCreate(eoh->eoh_context,
												  "pairing state scratch",
												  ALLOCSET_DEFAULT_SIZES);

	return MemoryContextSwitchTo(scratch);
}

void
sm_pairing_scratch_end(MemoryContext old)
{
	MemoryContext scratch = MemoryContextSwitchTo(old);

	MemoryContextDelete(scratch);
}

/*
 * The occupied slots of a table in ascending id order (the order of the
 * flat, text and binary forms), in a new array of CurrentMemoryContext.
 */
SmConvSlot **
sm_conv_sorted_slots(SmConvTable *t)
{
	uint64		n = Max(t->nused, 1);
	SmConvSlot **v = MemoryContextAllocHuge(CurrentMemoryContext, n * sizeof(SmConvSlot *));
	SmConvSlot **scratch = MemoryContextAllocHuge(CurrentMemoryContext, n * sizeof(SmConvSlot *));

	sm_conv_sorted(t, v, scratch);
	pfree(scratch);
	return v;
}
