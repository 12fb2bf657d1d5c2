#!/usr/bin/env bash
# Valgrind (memcheck): the pg_regress suite (sql/ + expected/, or the subset
# named in SM_VALGRIND_TESTS) once, then a call of every C entry point of the
# extension (test/hardening/valgrind_calls.sh), against a second throwaway
# cluster whose postgres runs under valgrind.  Passes with 0 errors outside
# test/valgrind.supp and a clean pg_regress run; prints which C functions of
# the extension ran (pg_stat_user_functions with track_functions = all, plus
# aggregate support and type I/O functions, which that view does not count).
#
# What Debian's server build means here: it is not built with USE_VALGRIND,
# so palloc'd chunks inside a memory context block are invisible to
# memcheck: an overrun into the next chunk of the same block, or a read of a
# pfree'd chunk, is NOT reported.  Reported are: reads of uninitialised memory
# (fresh malloc'd blocks are undefined, so a field the code never set), and
# overruns of blocks that are their own malloc (chunks above 8 kB, e.g. big
# sketches), of static and stack memory.  The standalone fuzzers (test
# 92) run the algorithm files under AddressSanitizer, which catches the rest.
#
# Knobs: SM_VALGRIND_TESTS ("all": every sql/ test; or a space-separated
# list), SM_VALGRIND_SECS (wall-clock limit, default 1200).
source "$(dirname "${BASH_SOURCE[0]}")/hardening/lib.sh"

command -v valgrind >/dev/null || { echo "valgrind is not installed"; exit 77; }
OUT=${SM_TMP:-$(mktemp -d)}/valgrind
LIMIT=${SM_VALGRIND_SECS:-1200}
TESTS=${SM_VALGRIND_TESTS:-all}
SUPP=$SM_ROOT/test/valgrind.supp
rm -rf "$OUT"
mkdir -p "$OUT/data" "$OUT/sock" "$OUT/logs"
[ "$(id -u)" -eq 0 ] && chown -R postgres: "$OUT"
PORT=5499
start=$(date +%s)

# Started from / and with the suppressions copied into $OUT: the server user
# may not be able to enter the checkout (a root-only clone directory).
as_server() { if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi; }
cp "$SUPP" "$OUT/valgrind.supp"
SUPP=$OUT/valgrind.supp
[ "$(id -u)" -eq 0 ] && chown postgres: "$SUPP"
as_server "$SM_BIN/initdb" -D "$OUT/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null

# --error-exitcode: a backend with an error exits with 128, which the
# postmaster treats as a crash (restart), so errors also show in pg_regress.
# jit=off: JIT-compiled code is opaque to memcheck (and loading LLVM only
# adds dynamic-loader noise).
as_server valgrind --trace-children=yes --error-exitcode=128 --num-callers=40 \
	--suppressions="$SUPP" --gen-suppressions=all --read-var-info=no --error-limit=no \
	--log-file="$OUT/logs/vg.%p.log" \
	"$SM_BIN/postgres" -D "$OUT/data" -k "$OUT/sock" -p $PORT -c listen_addresses='' \
	-c fsync=off -c full_page_writes=off -c synchronous_commit=off -c autovacuum=off \
	-c track_functions=all -c max_parallel_workers_per_gather=2 -c max_worker_processes=8 -c jit=off \
	-c statement_timeout=0 >"$OUT/server.log" 2>&1 &
vgpid=$!
stop_server() {
	as_server "$SM_BIN/pg_ctl" -D "$OUT/data" -m fast -w -t 300 stop >/dev/null 2>&1 || kill "$vgpid" 2>/dev/null || true
	wait "$vgpid" 2>/dev/null || true
}
trap stop_server EXIT
export PGHOST=$OUT/sock PGPORT=$PORT
for i in $(seq 1 240); do
	"$SM_BIN/psql" -qXAt -d postgres -c 'SELECT 1' >/dev/null 2>&1 && break
	kill -0 "$vgpid" 2>/dev/null || { cat "$OUT/server.log"; hz_fail "postgres under valgrind did not start"; }
	sleep 0.5
done
hz_log "postgres under valgrind up in $(($(date +%s) - start))s"

# 1. pg_regress
if [ "$TESTS" = all ]; then
	mapfile -t todo < <(cd "$SM_ROOT/sql" && ls -1 ./*.sql | sed 's|^\./||; s|\.sql$||' | sort)
else
	read -r -a todo <<<"$TESTS"
fi
pgxs=$("$SM_SYSBIN/pg_config" --pgxs)
set +e
PGOPTIONS= timeout "$LIMIT" "$(dirname "$pgxs")/../test/regress/pg_regress" \
	--host="$PGHOST" --port="$PGPORT" --user=postgres --bindir="$SM_BIN" --inputdir="$SM_ROOT" \
	--outputdir="$OUT/regress" --dbname=sm_valgrind --load-extension="$HZ_EXT" "${todo[@]}" >"$OUT/regress.log" 2>&1
regress_rc=$?
set -e
regress_ok=$(grep -cE '\.\.\. ok|^ok ' "$OUT/regress.log" || true)
regress_bad=$(grep -cE '\.\.\. FAILED|^not ok ' "$OUT/regress.log" || true)
echo "pg_regress under valgrind: ${#todo[@]} tests, $regress_ok ok, $regress_bad failed (exit $regress_rc) in $(($(date +%s) - start))s"
[ $regress_rc -eq 124 ] && echo "  stopped by the time limit of ${LIMIT}s (SM_VALGRIND_SECS)"

# 2. every C entry point, with sample arguments (calls that fail are fine)
left=$((LIMIT - ($(date +%s) - start)))
[ $left -gt 60 ] || left=60
set +e
timeout "$left" bash "$HZ_DIR/valgrind_calls.sh" sm_valgrind >"$OUT/calls.log" 2>&1
calls_rc=$?
set -e
calls_ran=$(grep -c '^call' "$OUT/calls.log" || true)
calls_planned=$(sed -n 's/^statements: //p' "$OUT/calls.log" | head -n 1)
echo "entry-point calls: $calls_ran of ${calls_planned:-?} statements ran (exit $calls_rc)"

# 3. coverage of the extension's C functions
"$SM_BIN/psql" -qXAt -d sm_valgrind -c "SELECT pg_stat_force_next_flush()" >/dev/null 2>&1 || true
"$SM_BIN/psql" -qXAt -d sm_valgrind -F ' ' -v ext="$HZ_EXT" >"$OUT/coverage" <<'SQL' || true
WITH ext AS (SELECT oid FROM pg_extension WHERE extname = :'ext'),
c_funcs AS (
	SELECT p.oid, p.proname, p.prosrc FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid
	  AND d.classid = 'pg_proc'::regclass AND d.refclassid = 'pg_extension'::regclass
	  AND d.refobjid = (SELECT oid FROM ext) AND d.deptype = 'e'
	 WHERE p.prolang = (SELECT oid FROM pg_language WHERE lanname = 'c')),
called AS (SELECT funcid FROM pg_stat_user_functions WHERE calls > 0),
-- support functions run by the executor without going through the
-- function-usage counters: aggregate support and type I/O
support AS (
	SELECT unnest(ARRAY[aggtransfn, aggfinalfn, aggcombinefn, aggserialfn, aggdeserialfn,
	                    aggmtransfn, aggminvtransfn, aggmfinalfn])::oid AS f FROM pg_aggregate
	UNION SELECT unnest(ARRAY[typinput, typoutput, typreceive, typsend])::oid FROM pg_type
	-- window functions are called by WindowAgg directly, also uncounted
	UNION SELECT oid FROM pg_proc WHERE prokind = 'w')
SELECT CASE WHEN c.oid IN (SELECT funcid FROM called) THEN 'called'
            WHEN c.oid IN (SELECT f FROM support) THEN 'support'
            ELSE 'NOT_CALLED' END, c.oid::regprocedure
  FROM c_funcs c ORDER BY 1, 2;
SQL
echo "C functions of the extension: $(wc -l <"$OUT/coverage"); counted as called: $(grep -c '^called' "$OUT/coverage" || true); aggregate support / type I/O / window functions (run by the executor, which the view does not count): $(grep -c '^support' "$OUT/coverage" || true); never called: $(grep -c '^NOT_CALLED' "$OUT/coverage" || true)"
grep '^NOT_CALLED' "$OUT/coverage" | sed 's/^/    /' || true

stop_server
trap - EXIT

# 4. valgrind's verdict, over every process (postmaster, backends, workers)
errors=$(cat "$OUT"/logs/vg.*.log 2>/dev/null | sed -n 's/.*ERROR SUMMARY: \([0-9]*\) errors.*/\1/p' | awk '{s += $1} END {print s + 0}')
suppressed=$(cat "$OUT"/logs/vg.*.log 2>/dev/null | sed -n 's/.*ERROR SUMMARY: .*suppressed: \([0-9]*\) from.*/\1/p' | awk '{s += $1} END {print s + 0}')
nprocs=$(ls "$OUT"/logs/vg.*.log 2>/dev/null | wc -l)
# a process that died without its summary still printed its errors, each
# with a suppression template (--gen-suppressions=all)
distinct=$(cat "$OUT"/logs/vg.*.log 2>/dev/null | grep -c 'insert_a_suppression_name_here' || true)
[ "$distinct" -gt "$errors" ] && errors=$distinct
echo "valgrind: $errors errors outside test/valgrind.supp ($suppressed suppressed) in $nprocs processes, ${SECONDS}s"
status=0
if [ "$errors" -gt 0 ]; then
	status=1
	for f in "$OUT"/logs/vg.*.log; do
		grep -q 'insert_a_suppression_name_here' "$f" || continue
		echo "--- $(basename "$f"):"
		grep -v '^==[0-9]*== *$' "$f" | grep -B2 -A40 -m1 -E '== (Invalid|Conditional|Use of uninit|Syscall param|Source and dest|Mismatched|Argument)' | head -60
	done | head -150 || true
fi
crashes=$(grep -c 'terminated by signal\|exited with exit code 128' "$OUT/server.log" || true)
echo "backend crashes or valgrind exits under valgrind: $crashes"
[ "$crashes" -eq 0 ] || status=1
# the calls must all have run: psql stopped early (a lost connection, the
# time limit: exit 124) or a setup error means entry points went uncalled
if [ "$calls_rc" -ne 0 ] || [ -z "$calls_planned" ] || [ "$calls_ran" -ne "$calls_planned" ]; then
	status=1
	echo "entry-point calls did not all run: $calls_ran of ${calls_planned:-?}, exit $calls_rc$([ "$calls_rc" -eq 124 ] && echo ' (stopped by the time limit)')"
	tail -n 5 "$OUT/calls.log" | cut -c1-300 | sed 's/^/    /'
fi
if [ "$regress_rc" -ne 0 ]; then
	status=1
	[ -f "$OUT/regress/regression.diffs" ] && head -c 5000 "$OUT/regress/regression.diffs"
	tail -n 20 "$OUT/regress.log"
fi
exit $status
