/*-------------------------------------------------------------------------
 *
 * sketch_io.c
 *	  The quantile_sketch type: text and binary I/O.  The server-side
 *	  sketch library it uses is sketch_pg.c.
 *
 *	  Errors by origin: text input 22P02, binary input 22P03, a stored
 *	  value that fails validation XX001 (data corrupted).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"
#include "compat.h"

#include "common/shortest_dec.h"
#include "libpq/pqformat.h"

#include "errtext.h"
#include "sketch_pg.h"

PG_FUNCTION_INFO_V1(quantile_sketch_in);
PG_FUNCTION_INFO_V1(quantile_sketch_out);
PG_FUNCTION_INFO_V1(quantile_sketch_recv);
PG_FUNCTION_INFO_V1(quantile_sketch_send);
PG_FUNCTION_INFO_V1(quantile_sketch_from_bytea);

/* ----------------------------------------------------------------
 * Type I/O
 * ---------------------------------------------------------------- */

/*
 * quantile_sketch_in: the text form (see sketch.c), validated field by
 * field; produces the canonical layout, so text round trips are exact.
 */
Datum
quantile_sketch_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	SmSketch   *sk;
	SmError		err;
	SmStatus	st;
	SmView		v;

	st = sm_text_parse(str, sm_pg_getmap, NULL, &sm_pg_allocator, &sk, &err);
	if (st == SM_ERR_NOMEM)
		sm_pg_raise(st, NULL);
	if (st != SM_OK)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type %s: \"%s\"",
						"quantile_sketch", sm_excerpt(str)),
				 errdetail("%s", err.msg),
				 errhint("Use the text that quantile_sketch output produces.")));
	sm_view_from_sketch(&v, sk, sm_pg_mapping(sk->k));
	PG_RETURN_POINTER(sm_pg_encode(&v));
}

Datum
quantile_sketch_out(PG_FUNCTION_ARGS)
{
	SmView		v;
	char	   *buf;

	sm_pg_view(PG_GETARG_DATUM(0), &v);
	buf = palloc(sm_text_size_bound(&v));
	sm_text_format(&v, buf, double_to_shortest_decimal_buf);
	PG_RETURN_CSTRING(buf);
}

/* Decode untrusted canonical bytes into a datum (22P03 on any error). */
static struct varlena *
FromBinary(const char *data, int len)
{
	SmView		v;
	SmError		err;
	SmStatus	st;
	struct varlena *res;

	if (len >= 2 && (uint8) data[1] == SM_FLAG_WORKING)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary input for type %s", "quantile_sketch"),
				 errdetail("The in-memory working layout is not a valid external form.")));
	st = sm_view_init(&v, (const uint8 *) data, (size_t) len,
					  sm_pg_getmap, NULL, &err);
	if (st == SM_ERR_NOMEM)
		sm_pg_raise(st, NULL);
	if (st != SM_OK)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary input for type %s", "quantile_sketch"),
				 errdetail("%s", err.msg)));
	/* validation admits canonical bytes only: keep them as they are */
	res = palloc(VARHDRSZ + len);
	SET_VARSIZE(res, VARHDRSZ + len);
	memcpy(VARDATA(res), data, len);
	return res;
}

Datum
quantile_sketch_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			len = buf->len - buf->cursor;
	const char *data = pq_getmsgbytes(buf, len);

	PG_RETURN_POINTER(FromBinary(data, len));
}

/* quantile_sketch_from_bytea(bytea): the inverse of quantile_sketch_send. */
Datum
quantile_sketch_from_bytea(PG_FUNCTION_ARGS)
{
	bytea	   *b = PG_GETARG_BYTEA_PP(0);

	PG_RETURN_POINTER(FromBinary(VARDATA_ANY(b), VARSIZE_ANY_EXHDR(b)));
}

/* The canonical encoding (the payload of a stored value, as is). */
Datum
quantile_sketch_send(PG_FUNCTION_ARGS)
{
	SmView		v;

	sm_pg_view(PG_GETARG_DATUM(0), &v);
	/* an encoded sketch is laid out exactly as a bytea */
	PG_RETURN_BYTEA_P((bytea *) sm_pg_encode(&v));
}
