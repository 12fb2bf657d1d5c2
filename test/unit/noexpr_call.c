/*-------------------------------------------------------------------------
 *
 * noexpr_call.c
 *	  Test helper (never installed): calls a function the way Citus's
 *	  worker_partial_agg and worker_binary_partial_agg call an aggregate's
 *	  transition function, through fmgr_info() with no call expression, so
 *	  that get_fn_expr_argtype() finds nothing.  Used by
 *	  test/25_noexpr_transfn.sh.
 *
 *	  sm_test_call_noexpr(fn regprocedure, VARIADIC "any") RETURNS text:
 *	  fn(args...) without an expression, its result in fn's output form.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

PG_MODULE_MAGIC;

PG_FUNCTION_INFO_V1(sm_test_call_noexpr);

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
