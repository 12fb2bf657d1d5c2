#!/usr/bin/env bash
# sqlsmith, focused on the extension: random queries built only from the
# extension's functions, aggregates and types (plus a few core casts), over
# small tables holding edge values of every type they take (see
# test/hardening/sqlsmith_schema.sql for how sqlsmith's catalog is narrowed).
#
# Passes when, over SM_SQLSMITH_QUERIES queries (default 20000), no backend
# crashed ('terminated by signal' in the server log, or a lost connection)
# and no query was still running SM_SQLSMITH_HANG_SECS (10) seconds after it
# started although sqlsmith sets statement_timeout = 1 s (a watchdog polls
# pg_stat_activity).  Prints queries run, errors by SQLSTATE class, crashes
# and hangs.
#
# Knobs: SM_SQLSMITH_QUERIES (20000; the long run: SM_SQLSMITH_QUERIES=1000000
#        bash tools/test.sh 91_sqlsmith), SM_SQLSMITH_JOBS (2 parallel
#        sqlsmith processes), SM_SQLSMITH_SEED (1), SM_SQLSMITH_MAX_SECS
#        (wall-clock limit, default 1 s per 40 queries + 120 s), SM_HZ_EXT.
source "$(dirname "${BASH_SOURCE[0]}")/hardening/lib.sh"

QUERIES=${SM_SQLSMITH_QUERIES:-20000}
JOBS=${SM_SQLSMITH_JOBS:-2}
SEED=${SM_SQLSMITH_SEED:-1}
HANG=${SM_SQLSMITH_HANG_SECS:-10}
MAX_SECS=${SM_SQLSMITH_MAX_SECS:-$((QUERIES / 40 + 120))}
command -v sqlsmith >/dev/null || { echo "sqlsmith is not installed"; exit 77; }

DB=$PGDATABASE
LOGDB=${DB}_smithlog
ROLE=${DB}_smith
OUT=${SM_TMP:-$(mktemp -d)}

hz_sql -c "CREATE EXTENSION IF NOT EXISTS $HZ_EXT CASCADE"
hz_setup_catalog
hz_sql -f "$HZ_DIR/sqlsmith_schema.sql" >/dev/null
extschema=$(hz_sql -c "SELECT nsp FROM hz.ext")

# The fuzzing role: unprivileged, sees only the narrowing views before
# pg_catalog, the fuzz tables and the extension's schema.
drop_role() {
	if [ "$(hz_sql -d postgres -c "SELECT count(*) FROM pg_roles WHERE rolname = '$ROLE'")" = 1 ]; then
		hz_sql -c "DROP OWNED BY $ROLE" && hz_sql -d postgres -c "DROP ROLE $ROLE"
	fi
}
drop_role
hz_sql -d postgres -c "CREATE ROLE $ROLE LOGIN NOSUPERUSER"
hz_sql <<SQL
GRANT USAGE ON SCHEMA smith TO $ROLE;
GRANT SELECT ON information_schema.pg_proc, information_schema.pg_type TO $ROLE;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA smith TO $ROLE;
ALTER ROLE $ROLE IN DATABASE $DB SET search_path = information_schema, pg_catalog, smith, $extschema;
-- errors in the server log with their SQLSTATE and C location, without the
-- (long) statement text
ALTER ROLE $ROLE IN DATABASE $DB SET log_error_verbosity = verbose;
ALTER ROLE $ROLE IN DATABASE $DB SET log_min_error_statement = panic;
SQL
nprocs=$(hz_sql -c "SELECT count(*) FROM information_schema.pg_proc")
ntypes=$(hz_sql -c "SELECT count(*) FROM information_schema.pg_type")
hz_log "sqlsmith sees $nprocs functions, $ntypes types; columns: $(hz_sql -c "SELECT string_agg(typ::text, ', ' ORDER BY col) FROM hz.column_types")"

# sqlsmith --log-to writes every error with its SQLSTATE here.
hz_sql -d postgres -c "DROP DATABASE IF EXISTS $LOGDB" -c "CREATE DATABASE $LOGDB"
hz_sql -d "$LOGDB" <<'SQL'
CREATE TABLE instance (id bigserial PRIMARY KEY, rev text, target text, hostname text, version text, seed text,
	t timestamptz DEFAULT now(), client inet, port int);
CREATE TABLE error (id bigint, msg text, query text, target text, sqlstate text, t timestamptz DEFAULT now(),
	errid bigserial PRIMARY KEY);
CREATE TABLE stat (id bigint, generated bigint, level float8, nodes float8, retries float8, updated timestamptz,
	impedance jsonb);
SQL

cleanup() {
	local p
	for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
	hz_sql -c "DROP VIEW IF EXISTS information_schema.pg_type, information_schema.pg_proc" \
		-c "DROP TYPE IF EXISTS information_schema.anyrange, information_schema.anymultirange,
			information_schema.anyenum, information_schema.anycompatiblerange,
			information_schema.anycompatiblemultirange, information_schema.anyarray,
			information_schema.anycompatiblearray, information_schema.anyelement,
			information_schema.anynonarray, information_schema.anycompatible,
			information_schema.anycompatiblenonarray" >/dev/null 2>&1 || true
	hz_sql -d postgres -c "DROP DATABASE IF EXISTS $LOGDB" >/dev/null 2>&1 || true
	drop_role >/dev/null 2>&1 || true
}
trap cleanup EXIT

# The server's count of transactions in the fuzzing database while sqlsmith
# ran: an upper bound of the queries run (sqlsmith's own statements count
# too; its backends report their statistics when they exit).
xacts() { hz_sql -c "SELECT pg_stat_clear_snapshot(), xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()" | cut -d'|' -f2; }
xacts0=$(xacts)
hz_log_mark
conn="host=$PGHOST port=$PGPORT dbname=$DB user=$ROLE"
logconn="host=$PGHOST port=$PGPORT dbname=$LOGDB user=$PGUSER"
per=$(((QUERIES + JOBS - 1) / JOBS))
pids=()
start=$(date +%s)
# Each process prints every query before running it; the last 30 MB are
# kept, so the query behind a crash or a hang is at the end of its dump.
for j in $(seq 1 "$JOBS"); do
	sqlsmith --target="$conn" --log-to="$logconn" --seed=$((SEED + j - 1)) --max-queries="$per" \
		--exclude-catalog --dump-all-queries \
		> >(tail -c 30000000 >"$OUT/queries.$j.sql") 2>"$OUT/sqlsmith.$j.log" &
	pids+=($!)
done
hz_log "$JOBS sqlsmith processes, $per queries each, seeds $SEED..$((SEED + JOBS - 1))"

# Watchdog: a statement of the fuzzing role still active HANG seconds after
# it started (statement_timeout is 1 s) is a hang.  The run stops at the
# first hang or crash: a crash restarts the server and drops the logging
# connection, and the evidence is wanted at the end of the dumps.
: >"$OUT/hangs"
timed_out=0 stopped=
while :; do
	alive=0
	for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
	[ $alive -eq 1 ] || break
	hz_sql -d postgres -F $'\t' -c "SELECT pid, query_start, round(extract(epoch FROM now() - query_start)),
		replace(left(query, 300), E'\n', ' ')
		FROM pg_stat_activity WHERE usename = '$ROLE' AND state = 'active'
		 AND query_start < now() - interval '$HANG seconds'" >>"$OUT/hangs" 2>/dev/null || true
	if [ -s "$OUT/hangs" ]; then
		stopped="a query hung"
	elif [ "$(hz_crashes_since_mark)" -gt 0 ]; then
		stopped="a backend crashed"
	elif [ $(($(date +%s) - start)) -gt "$MAX_SECS" ]; then
		timed_out=1
		stopped="the time limit of $MAX_SECS s was reached"
	fi
	if [ -n "$stopped" ]; then
		hz_log "stopping sqlsmith: $stopped"
		for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
		break
	fi
	sleep 0.5
done
smith_failed=0
for p in "${pids[@]}"; do wait "$p" || smith_failed=$((smith_failed + 1)); done
pids=()
sleep 0.5 # let tail write the dumps
secs=$(($(date +%s) - start))

# A hung backend would keep running: ask it to stop (the report says so).
hz_sql -d postgres -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '$ROLE'" >/dev/null || true

# Queries actually run: sqlsmith prints each query before it runs it
# (--dump-all-queries), so the dumps count them exactly unless one reached
# the 30 MB kept (then they are a lower bound, and the server's count of
# transactions an upper one).
sleep 1
server=$(($(xacts) - xacts0))
ran=$(cat "$OUT"/queries.*.sql | grep -c ';$' || true)
exact=1
for f in "$OUT"/queries.*.sql; do [ "$(stat -c %s "$f")" -lt 30000000 ] || exact=0; done
if [ $exact -eq 1 ]; then
	echo "queries run: $ran in ${secs}s ($JOBS jobs; $QUERIES requested; the server counted $server transactions)"
else
	echo "queries run: at least $ran (the last 30 MB of each dump), at most $server (transactions) in ${secs}s ($JOBS jobs; $QUERIES requested)"
	ran=$server
fi
echo "errors by SQLSTATE class:"
hz_sql -d "$LOGDB" -F $'\t' -c "SELECT count(*), left(sqlstate, 2) AS class, min(sqlstate), max(sqlstate),
		left(min(split_part(msg, E'\n', 1)), 100)
	FROM error GROUP BY 2 ORDER BY 1 DESC" | sed 's/^/    /'
echo "most frequent errors:"
hz_sql -d "$LOGDB" -F $'\t' -c "SELECT count(*), sqlstate, left(split_part(msg, E'\n', 1), 110)
	FROM error GROUP BY 2, 3 ORDER BY 1 DESC LIMIT 12" | sed 's/^/    /'
errors=$(hz_sql -d "$LOGDB" -c "SELECT count(*) FROM error")
echo "errors: $errors of $ran queries"

crashes=$(hz_crashes_since_mark)
lost=$(hz_sql -d "$LOGDB" -c "SELECT count(*) FROM error WHERE sqlstate LIKE '08%' OR sqlstate = '57P02'
	OR msg ~ 'server closed the connection|terminating connection because of crash'")
hangs=$(cut -f1,2 "$OUT/hangs" | sort -u | grep -c . || true)
echo "crashes: $crashes (server log), connections lost: $lost"
echo "hangs: $hangs (active > ${HANG}s)"

# Errors raised without a SQLSTATE (XX000, elog) from the extension's own C
# files: the role logs its errors with LOCATION (log_error_verbosity).
srcs=$(cd "$SM_ROOT/src" 2>/dev/null && ls -1 ./*.c 2>/dev/null | sed 's|^\./||' | paste -sd'|' || true)
# "message<TAB>location" of every XX000 error of the run
hz_log_since_mark | awk '/ERROR:  XX000: / { sub(/.*ERROR:  XX000: /, ""); m = $0; next }
	m != "" && /LOCATION: / { sub(/.*LOCATION: +/, ""); print m "\t" $0; m = ""; next } { m = "" }' \
	| sort | uniq -c | sort -rn >"$OUT/xx000" || true
allow=$(grep -v '^#' "$HZ_DIR/xx000_allow.txt" | grep . | paste -sd'|' || true)
ours_xx=0 allowed_xx=0
if [ -n "$srcs" ] && [ "$HZ_EXT" = social_metrics ]; then
	grep -E "	.*[ ,](${srcs//./\\.}):[0-9]+$" "$OUT/xx000" >"$OUT/xx000_ours" || true
	if [ -n "$allow" ]; then
		allowed_xx=$(grep -cE "$allow" "$OUT/xx000_ours" || true)
		grep -vE "$allow" "$OUT/xx000_ours" >"$OUT/xx000_bad" || true
	else
		cp "$OUT/xx000_ours" "$OUT/xx000_bad"
	fi
	ours_xx=$(grep -c . "$OUT/xx000_bad" || true)
fi
echo "internal errors (XX000): $(wc -l <"$OUT/xx000") distinct; in the extension's C files: $ours_xx not allowed, $allowed_xx allowed by test/hardening/xx000_allow.txt"
sed 's/^/    /' "$OUT/xx000" | head -10 || true

status=0
if [ "$crashes" -gt 0 ] || [ "$lost" -gt 0 ]; then
	status=1
	echo "crash reports (server log):"
	hz_log_since_mark | grep -A1 'terminated by signal' | head -20 | cut -c1-300 | sed 's/^/    /' || true
	hz_log_since_mark | awk '
		/Failed process was running: / { if (q != "") print q; sub(/.*Failed process was running: /, ""); q = $0; on = 1; next }
		on && /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] / { print q; q = ""; on = 0; next }
		on { q = q " " $0 }
		END { if (q != "") print q }' >"$OUT/crash_prefixes"
	python3 "$HZ_DIR/find_query.py" "$OUT/crash_prefixes" "$OUT"/queries.*.sql >"$OUT/crash_queries.sql"
	echo "reproducer (full query, also in $OUT/crash_queries.sql):"
	head -c 6000 "$OUT/crash_queries.sql" | sed 's/^/    /'
fi
if [ "$hangs" -gt 0 ]; then
	status=1
	echo "hung queries (pid, start, seconds, text):"
	sort -u -t $'\t' -k1,2 "$OUT/hangs" | head -5 | cut -c1-300 | sed 's/^/    /' || true
	sort -u -t $'\t' -k1,2 "$OUT/hangs" | cut -f4 >"$OUT/hang_prefixes"
	python3 "$HZ_DIR/find_query.py" "$OUT/hang_prefixes" "$OUT"/queries.*.sql >"$OUT/hang_queries.sql"
	echo "reproducer (full query):"
	head -c 6000 "$OUT/hang_queries.sql" | sed 's/^/    /'
fi
if [ "$ours_xx" -gt 0 ]; then
	status=1
	echo "the extension raised errors without a SQLSTATE (use ereport with an errcode):"
	sed 's/^/    /' "$OUT/xx000_bad"
fi
if [ -z "$stopped" ] && [ "$ran" -lt "$QUERIES" ]; then
	status=1
	echo "sqlsmith ran $ran queries, fewer than the $QUERIES requested"
fi
if [ $timed_out -eq 1 ]; then
	status=1
	echo "the run did not finish within $MAX_SECS s"
fi
if [ $smith_failed -gt 0 ] && [ -z "$stopped" ]; then
	status=1
	echo "$smith_failed sqlsmith process(es) failed:"
	tail -n 5 "$OUT"/sqlsmith.*.log | sed 's/^/    /'
fi
tail -n 3 "$OUT"/sqlsmith.*.log | grep -iv '^$' | grep -iE 'error|abort|assert|what' | sed 's/^/    sqlsmith: /' || true
exit $status
