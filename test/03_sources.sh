#!/usr/bin/env bash
# The version rules of the C sources, checked on every build host, so a
# file that breaks them fails here even on a server version where it still
# compiles (pg_attribute_noreturn() compiles on 15 and 17, not on 18):
#   - every C file includes compat.h, right after postgres.h;
#   - PG_VERSION_NUM and the APIs that changed between the supported
#     versions are named in compat.h only;
#   - no function reads its argument types from the call expression
#     (get_fn_expr_argtype and friends): Citus calls transition functions
#     without one (test/25 shows the calls; the declared signature is read
#     through fn_oid instead, sm_conv_arg_kind).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../src"
status=0
for f in *.c; do
	first=$(grep -m 2 -E '^#include' "$f" | tr '\n' ' ')
	if [ "$first" != '#include "postgres.h" #include "compat.h" ' ]; then
		echo "not ok: $f: the first includes are not postgres.h then compat.h: $first"
		status=1
	fi
done
for word in PG_VERSION_NUM pg_attribute_noreturn INTERVAL_NOT_FINITE INTERVAL_IS_NOBEGIN PG_MODULE_MAGIC_EXT; do
	hits=$(grep -nw -- "$word" ./*.c ./*.h | grep -v '^\./compat\.h:' || true)
	if [ -n "$hits" ]; then
		echo "not ok: $word outside compat.h:"
		sed 's/^/    /' <<<"$hits"
		status=1
	fi
done
hits=$(grep -nE 'get_fn_expr_[a-z_]+ *\(' ./*.c ./*.h || true)
if [ -n "$hits" ]; then
	echo "not ok: argument types read from the call expression (absent under Citus's worker_partial_agg):"
	sed 's/^/    /' <<<"$hits"
	status=1
fi
[ "$status" -eq 0 ] && echo "ok: $(ls ./*.c | wc -l) C files include compat.h first; no version conditional elsewhere"
exit $status
