/*-------------------------------------------------------------------------
 *
 * test_helpers.c
 *	  Test helpers (never installed), built and loaded by the tests that use
 *	  them from their scratch directory:
 *
 *	  sm_test_call_noexpr(fn regprocedure, VARIADIC "any") RETURNS text:
 *	  calls fn the way Citus's worker_partial_agg and
 *	  worker_binary_partial_agg call an aggregate's transition function,
 *	  through fmgr_info() with no call expression, so that
 *	  get_fn_expr_argtype() finds nothing; fn's result in its output form
 *	  (test/25_noexpr_transfn.sh).
 *
 *	  sm_test_patch_bytes(v anyelement, old bytea, new bytea) RETURNS
 *	  anyelement: a copy of a varlena value whose first occurrence of old is
 *	  replaced by new (same length), bypassing input checks: to make a value
 *	  an older release could store and this one's input refuses
 *	  (test/63_stored_zones.sh).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"
#if PG_VERSION_NUM >= 160000
#include "varatt.h"				/* VARDATA_ANY and friends left postgres.h in 16 */
#endif
#include "utils/lsyscache.h"

PG_MODULE_MAGIC;

PG_FUNCTION_INFO_V1(sm_test_call_noexpr);
PG_FUNCTION_INFO_V1(sm_test_patch_bytes);

Datum
sm_test_call_noexpr(PG_FUNCTION_ARGS)
{
	Oid			fn = PG_GETARG_OID(0);
	int			nargs = PG_NARGS() - 1;
	FmgrInfo	flinfo;
	Oid			typout;
	bool		isvarlena;
	Datum		result;
	int			i;

	LOCAL_FCINFO(call, FUNC_MAX_ARGS);

	if (nargs < 0 || nargs > FUNC_MAX_ARGS)
		elog(ERROR, "sm_test_call_noexpr: bad argument count");
	/* fmgr_info leaves fn_expr NULL: no call expression, as in Citus */
	fmgr_info(fn, &flinfo);
	InitFunctionCallInfoData(*call, &flinfo, nargs, PG_GET_COLLATION(), NULL, NULL);
	for (i = 0; i < nargs; i++)
	{
		call->args[i].value = PG_GETARG_DATUM(i + 1);
		call->args[i].isnull = PG_ARGISNULL(i + 1);
		if (call->args[i].isnull && flinfo.fn_strict)
			PG_RETURN_NULL();
	}
	Assert(flinfo.fn_expr == NULL);
	result = FunctionCallInvoke(call);
	if (call->isnull)
		PG_RETURN_NULL();
	getTypeOutputInfo(get_func_rettype(fn), &typout, &isvarlena);
	PG_RETURN_TEXT_P(cstring_to_text(OidOutputFunctionCall(typout, result)));
}

Datum
sm_test_patch_bytes(PG_FUNCTION_ARGS)
{
	struct varlena *v = PG_DETOAST_DATUM_COPY(PG_GETARG_DATUM(0));
	bytea	   *from = PG_GETARG_BYTEA_PP(1);
	bytea	   *to = PG_GETARG_BYTEA_PP(2);
	int			flen = VARSIZE_ANY_EXHDR(from);
	char	   *p = VARDATA(v);
	int			len = VARSIZE(v) - VARHDRSZ;
	int			i;

	if (flen != VARSIZE_ANY_EXHDR(to) || flen == 0)
		elog(ERROR, "sm_test_patch_bytes: old and new must have the same, non-zero length");
	for (i = 0; i + flen <= len; i++)
		if (memcmp(p + i, VARDATA_ANY(from), flen) == 0)
		{
			memcpy(p + i, VARDATA_ANY(to), flen);
			PG_RETURN_POINTER(v);
		}
	elog(ERROR, "sm_test_patch_bytes: old bytes not found");
	PG_RETURN_NULL();
}
