/*-------------------------------------------------------------------------
 *
 * pairing_rws_io.c
 *	  The text and binary forms of reply_wait_sketch_state.
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

PG_FUNCTION_INFO_V1(reply_wait_sketch_state_in);
PG_FUNCTION_INFO_V1(reply_wait_sketch_state_out);
PG_FUNCTION_INFO_V1(reply_wait_sketch_state_recv);
PG_FUNCTION_INFO_V1(reply_wait_sketch_state_send);

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
		rws_append(x, idx, t, brand);
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
	x = rws_new(NULL, kind, mode);
	while (*p)
	{
		bool		any = false;
		const char *why;
		int64		id;
		const char *key;
		uint32		len;
		unsigned char u[SM_CONV_UUID_LEN];
		uint32		idx;

		CHECK_FOR_INTERRUPTS();
		why = sm_conv_parse_entry_id(kind, &p, &kbuf, u, &id, &key, &len);
		if (why)
			BadText(str, why);
		if (sm_conv_find(&x->table, id, key, len) != NULL)
			BadText(str, "A conversation appears twice.");
		idx = rws_conversation(x, id, key, len);
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
	PG_RETURN_POINTER(sm_pairing_flatten(&x->hdr));
}


Datum
reply_wait_sketch_state_out(PG_FUNCTION_ARGS)
{
	SmConvCursor it;
	const RwsFlat *f = rws_open(PG_GETARG_DATUM(0), &it);
	RwsItem		item;
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfo(&buf, "%s %s %s", RWS_TEXT_VERSION,
					 sm_conv_kind_name(f->kind), rws_mode_name(f->mode));
	while (rws_iter_next(&it, &item))
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
	SmConvCursor it;
	const RwsFlat *f = rws_open(PG_GETARG_DATUM(0), &it);
	RwsItem		item;
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, RWS_BINARY_VERSION);
	pq_sendbyte(&buf, f->kind);
	pq_sendbyte(&buf, f->mode);
	pq_sendint32(&buf, f->nconv);
	while (rws_iter_next(&it, &item))
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
		rws_append(x, idx, t, brand);
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
	x = rws_new(NULL, kind, (SmReplyWaitMode) mode);
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
		idx = rws_conversation(x, id, key, len);
		RecvTimes(buf, x, idx, nc, false);
		RecvTimes(buf, x, idx, nb, true);
	}
	if (buf->cursor != buf->len)
		BadBinary("Unexpected bytes after the last conversation.");
	PG_RETURN_POINTER(sm_pairing_flatten(&x->hdr));
}
