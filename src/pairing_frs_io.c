/*-------------------------------------------------------------------------
 *
 * pairing_frs_io.c
 *	  The text and binary forms of first_reply_sketch_state (both have a
 *	  version 1, the 1.0.0 forms, which bigint states with no parameters
 *	  still use, and a version 2 for the others).
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

PG_FUNCTION_INFO_V1(first_reply_sketch_state_in);
PG_FUNCTION_INFO_V1(first_reply_sketch_state_out);
PG_FUNCTION_INFO_V1(first_reply_sketch_state_recv);
PG_FUNCTION_INFO_V1(first_reply_sketch_state_send);

/* ---------- text I/O ---------- */

/*
 * Text forms, exact and independent of TimeZone and DateStyle (times are
 * int64 microseconds since 2000-01-01 00:00 UTC, as in first_reply_state):
 *
 *	  v1[ <bigint id>:<summary>]...				(bigint ids, no parameters:
 *												 the 1.0.0 form)
 *	  v2 <kind>[ target=<seconds>][ calendar="<calendar>"][ <id>:<summary>]...
 *	  <summary> = [c=<customer>][;r=<reply>][;b=<t1>,<t2>,...]
 *
 * kind is bigint, text or uuid; a text id is written in double quotes with
 * \" and \\ escaped, a uuid in its usual form.  One entry per
 * conversation, in ascending id order on output (any order on input), e.g.
 * "v1 7:c=0;r=60000000 9:b=-5000000", "v2 text \"a-1\":c=0;r=60000000".
 */
#define BadText(str, detail)	sm_pairing_bad_text(FRS_TYPE, (str), (detail), FRS_EXAMPLE)

/* One "<field>=" prefix, with its separator unless it is the first. */
static bool
Field(const char **pp, bool first, char name)
{
	const char *p = *pp;

	if (!first)
	{
		if (*p != ';')
			return false;
		p++;
	}
	if (p[0] != name || p[1] != '=')
		return false;
	*pp = p + 2;
	return true;
}

/*
 * A summary "[c=..][;r=..][;b=..,..]" into p and *early (room: *cap),
 * which grows as times parse: the text proves what is allocated.
 */
static void
ParseSummary(const char *str, const char **pp, SmPairing *pairing,
			 int64 **early, uint64 *cap)
{
	const char *p = *pp;
	bool		first = true;

	sm_pairing_init(pairing);
	if (Field(&p, first, 'c'))
	{
		if (!sm_parse_int64(&p, &pairing->customer))
			BadText(str, "Bad customer time.");
		pairing->flags |= SM_PAIR_HAS_CUSTOMER;
		first = false;
	}
	if (Field(&p, first, 'r'))
	{
		if (!sm_parse_int64(&p, &pairing->reply))
			BadText(str, "Bad reply time.");
		pairing->flags |= SM_PAIR_HAS_REPLY;
		first = false;
	}
	if (Field(&p, first, 'b'))
	{
		for (;;)
		{
			int64		t;

			if (!sm_parse_int64(&p, &t))
				BadText(str, "Bad early brand time.");
			if (pairing->nearly >= *cap)
			{
				*cap *= 2;
				*early = repalloc_huge(*early, *cap * sizeof(int64));
			}
			(*early)[pairing->nearly] = t;
			pairing->nearly++;
			if (*p != ',')
				break;
			p++;
		}
		first = false;
	}
	if (first)
		BadText(str, "A conversation without messages.");
	*pp = p;
}

Datum
first_reply_sketch_state_in(PG_FUNCTION_ARGS)
{
	const char *str = PG_GETARG_CSTRING(0);
	const char *p = str;
	uint64		ntimes;
	int64	   *scratch;
	SmConvKind	kind = SM_CONV_INT8;
	uint8		opts = 0;
	double		target = 0;
	struct varlena *calendar = NULL;
	bool		v2;
	FrsExpanded *x;
	StringInfoData kbuf;

	initStringInfo(&kbuf);
	if (strncmp(p, FRS_TEXT_V1, 2) == 0)
		v2 = false;
	else if (strncmp(p, FRS_TEXT_V2, 2) == 0)
		v2 = true;
	else
		BadText(str, "Unknown or missing version (expected \"v1\" or \"v2\").");
	p += 2;
	if (v2)
	{
		if (*p++ != ' ' || !sm_conv_parse_kind(&p, &kind))
			BadText(str, "Expected the type of the ids (bigint, text or uuid).");
		if (strncmp(p, " target=", 8) == 0)
		{
			char	   *end;

			p += 8;
			errno = 0;
			target = strtod(p, &end);
			/* ERANGE with a nonzero result is a subnormal: valid */
			if (end == p || (errno != 0 && !(errno == ERANGE && target != 0)) ||
				isnan(target) || isinf(target) ||
				target < 0)
				BadText(str, "Bad target: a finite number of seconds >= 0.");
			p = end;
			opts |= FRS_OPT_TARGET;
		}
		if (strncmp(p, " calendar=", 10) == 0)
		{
			p += 10;
			if (!sm_conv_parse_quoted(&p, &kbuf))
				BadText(str, "Bad calendar.");
			calendar = (struct varlena *) DatumGetPointer(DirectFunctionCall1(business_calendar_in,
																			  CStringGetDatum(kbuf.data)));
			opts |= FRS_OPT_CALENDAR;
		}
	}

	/* room for early times, grown as they parse (ParseSummary) */
	ntimes = 16;
	scratch = palloc(ntimes * sizeof(int64));
	x = frs_new(NULL, kind, opts);
	x->target = target;
	if (calendar)
		frs_set_calendar(x, calendar);

	while (*p)
	{
		int64		id;
		unsigned char u[SM_CONV_UUID_LEN];
		const char *key;
		uint32		len;
		SmPairing	pairing;
		const char *why;

		CHECK_FOR_INTERRUPTS();
		why = sm_conv_parse_entry_id(kind, &p, &kbuf, u, &id, &key, &len);
		if (why)
			BadText(str, why);
		ParseSummary(str, &p, &pairing, &scratch, &ntimes);
		if (*p != ' ' && *p != '\0')
			BadText(str, "Unexpected characters after a conversation.");
		why = frs_entry_problem(&pairing, scratch);
		if (why)
			BadText(str, why);
		if (sm_conv_find(&x->table, id, key, len) != NULL)
			BadText(str, "A conversation appears twice.");
		frs_add_summary(x, id, key, len, &pairing, scratch);
	}
	pfree(scratch);
	PG_RETURN_POINTER(sm_pairing_flatten(&x->hdr));
}

static void
AppendSummary(StringInfo buf, const SmPairing *p, const int64 *early)
{
	const char *sep = "";
	uint32		j;

	if (p->flags & SM_PAIR_HAS_CUSTOMER)
	{
		appendStringInfo(buf, "c=" INT64_FORMAT, p->customer);
		sep = ";";
	}
	if (p->flags & SM_PAIR_HAS_REPLY)
	{
		appendStringInfo(buf, "%sr=" INT64_FORMAT, sep, p->reply);
		sep = ";";
	}
	for (j = 0; j < p->nearly; j++)
		appendStringInfo(buf, "%s" INT64_FORMAT,
						 j == 0 ? (*sep ? ";b=" : "b=") : ",", early[j]);
}

Datum
first_reply_sketch_state_out(PG_FUNCTION_ARGS)
{
	SmConvCursor it;
	const FrsFlat *f = frs_open(PG_GETARG_DATUM(0), &it);
	FrsItem		item;
	StringInfoData buf;

	initStringInfo(&buf);
	if (f->kind == SM_CONV_INT8 && f->opts == 0)
		appendStringInfoString(&buf, FRS_TEXT_V1);
	else
	{
		appendStringInfo(&buf, "%s %s", FRS_TEXT_V2, sm_conv_kind_name(f->kind));
		if (f->opts & FRS_OPT_TARGET)
		{
			char		num[DOUBLE_SHORTEST_DECIMAL_LEN];

			double_to_shortest_decimal_buf(f->target, num);
			appendStringInfo(&buf, " target=%s", num);
		}
		if (f->opts & FRS_OPT_CALENDAR)
		{
			char	   *cal = DatumGetCString(DirectFunctionCall1(business_calendar_out,
																  PointerGetDatum((char *) f + FRS_FLAT_HDRSZ)));

			appendStringInfoString(&buf, " calendar=");
			sm_conv_append_quoted(&buf, cal, strlen(cal));
		}
	}
	while (frs_iter_next(&it, &item))
	{
		appendStringInfoChar(&buf, ' ');
		sm_conv_append_id(&buf, (SmConvKind) f->kind, item.id, item.key, item.len);
		appendStringInfoChar(&buf, ':');
		AppendSummary(&buf, &item.pairing, item.early);
	}
	PG_RETURN_CSTRING(buf.data);
}

/* ---------- binary I/O ---------- */

/*
 * Binary form 1 (bigint ids, no parameters: the 1.0.0 form): version byte
 * (1), uint32 number of conversations, then per conversation in ascending
 * order: int64 id, flags byte, int64 customer, int64 reply (zero when
 * absent), uint32 n, n int64 early times.
 *
 * Binary form 2 (any other state): version byte (2), kind byte (1 bigint,
 * 2 text, 3 uuid), options byte (1 target, 2 calendar), float8 target if
 * any, the calendar's text (int32 length, bytes) if any, uint32 number of
 * conversations, then per conversation the id (int64; 16 bytes; or
 * int32 length and bytes) and the rest as in form 1.
 */
Datum
first_reply_sketch_state_send(PG_FUNCTION_ARGS)
{
	SmConvCursor it;
	const FrsFlat *f = frs_open(PG_GETARG_DATUM(0), &it);
	FrsItem		item;
	StringInfoData buf;
	bool		v1 = f->kind == SM_CONV_INT8 && f->opts == 0;

	pq_begintypsend(&buf);
	if (v1)
		pq_sendbyte(&buf, FRS_BINARY_V1);
	else
	{
		pq_sendbyte(&buf, FRS_BINARY_V2);
		pq_sendbyte(&buf, f->kind);
		pq_sendbyte(&buf, f->opts);
		if (f->opts & FRS_OPT_TARGET)
			pq_sendfloat8(&buf, f->target);
		if (f->opts & FRS_OPT_CALENDAR)
		{
			char	   *cal = DatumGetCString(DirectFunctionCall1(business_calendar_out,
																  PointerGetDatum((char *) f + FRS_FLAT_HDRSZ)));

			pq_sendint32(&buf, strlen(cal));
			pq_sendbytes(&buf, cal, strlen(cal));
		}
	}
	pq_sendint32(&buf, f->nconv);
	while (frs_iter_next(&it, &item))
	{
		uint32		j;

		sm_conv_send_id(&buf, (SmConvKind) f->kind, item.id, item.key, item.len);
		pq_sendbyte(&buf, (uint8) item.pairing.flags);
		pq_sendint64(&buf, item.pairing.customer);
		pq_sendint64(&buf, item.pairing.reply);
		pq_sendint32(&buf, item.pairing.nearly);
		for (j = 0; j < item.pairing.nearly; j++)
			pq_sendint64(&buf, item.early[j]);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

#define BadBinary(detail)	sm_pairing_bad_binary(FRS_TYPE, (detail))
#define Need(buf, n)		sm_pairing_need((buf), (n), FRS_TYPE)

Datum
first_reply_sketch_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			version;
	SmConvKind	kind = SM_CONV_INT8;
	uint8		opts = 0;
	double		target = 0;
	struct varlena *calendar = NULL;
	uint32		n;
	uint32		i;
	int64	   *scratch = NULL;
	uint32		scratch_cap = 0;
	FrsExpanded *x;

	Need(buf, 1);
	version = pq_getmsgbyte(buf);
	if (version != FRS_BINARY_V1 && version != FRS_BINARY_V2)
		sm_pairing_bad_version(FRS_TYPE, version, "versions 1 and 2");
	if (version == FRS_BINARY_V2)
	{
		Need(buf, 2);
		kind = (SmConvKind) pq_getmsgbyte(buf);
		opts = (uint8) pq_getmsgbyte(buf);
		if (!SM_CONV_KIND_VALID(kind) || (opts & ~FRS_KNOWN_OPTS))
			BadBinary("Unknown id type or options.");
		if (opts & FRS_OPT_TARGET)
		{
			Need(buf, 8);
			target = pq_getmsgfloat8(buf);
			if (isnan(target) || isinf(target) || target < 0)
				BadBinary("Bad target.");
		}
		if (opts & FRS_OPT_CALENDAR)
		{
			uint32		len;
			char	   *cal;

			Need(buf, 4);
			len = pq_getmsgint(buf, 4);
			Need(buf, len);
			cal = palloc(len + 1);
			pq_copymsgbytes(buf, cal, len);
			cal[len] = '\0';
			if (!sm_conv_text_id_valid(cal, len))
				BadBinary("The calendar holds a NUL byte or bytes not valid in the server encoding.");
			calendar = (struct varlena *) DatumGetPointer(DirectFunctionCall1(business_calendar_in,
																			  CStringGetDatum(cal)));
		}
	}
	Need(buf, 4);
	n = pq_getmsgint(buf, 4);
	/* the fewest bytes n conversations of this id kind can take */
	if ((uint64) n * (sm_conv_min_binary_id(kind) + FRS_BIN_ENTRY_FIXED) >
		(uint64) (buf->len - buf->cursor))
		BadBinary("The number of conversations does not match the message length.");
	x = frs_new(NULL, kind, opts);
	x->target = target;
	if (calendar)
		frs_set_calendar(x, calendar);
	for (i = 0; i < n; i++)
	{
		int64		id;
		const char *key;
		uint32		len;
		SmPairing	pairing;
		uint32		j;
		const char *why;

		SM_INTERRUPT_EVERY(i);
		sm_conv_recv_id(buf, kind, FRS_TYPE, &id, &key, &len);
		Need(buf, FRS_BIN_ENTRY_FIXED);
		sm_pairing_init(&pairing);
		pairing.flags = (uint32) pq_getmsgbyte(buf);
		pairing.customer = pq_getmsgint64(buf);
		pairing.reply = pq_getmsgint64(buf);
		pairing.nearly = pq_getmsgint(buf, 4);
		Need(buf, (uint64) pairing.nearly * sizeof(int64));
		if (pairing.nearly > scratch_cap)
		{
			scratch_cap = Max(pairing.nearly, 16);
			scratch = scratch ? repalloc_huge(scratch, scratch_cap * sizeof(int64))
				: MemoryContextAllocHuge(CurrentMemoryContext, scratch_cap * sizeof(int64));
		}
		for (j = 0; j < pairing.nearly; j++)
			scratch[j] = pq_getmsgint64(buf);
		why = frs_entry_problem(&pairing, scratch);
		if (why)
			BadBinary(why);
		if (sm_conv_find(&x->table, id, key, len) != NULL)
			BadBinary("A conversation appears twice.");
		frs_add_summary(x, id, key, len, &pairing, scratch);
	}
	if (buf->cursor != buf->len)
		BadBinary("Unexpected bytes after the last conversation.");
	PG_RETURN_POINTER(sm_pairing_flatten(&x->hdr));
}
