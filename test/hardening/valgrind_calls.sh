#!/usr/bin/env bash
# valgrind_calls.sh DB: call every C entry point of the extension in DB (where
# it is installed): every function, aggregate and window function with sample
# arguments and with NULLs (hz.sample_calls, hz.null_calls), the text input
# and output of every type through the samples, and binary send/receive
# through COPY (FORMAT binary).  Prints "statements: N" first, then one "call"
# line per statement as it runs; errors are expected and fine, what counts is
# what valgrind or the server log says (and that every statement ran: psql
# exits 0 with ON_ERROR_STOP off unless the connection is lost).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
DB=$1
OUT=$(mktemp -d)
[ -n "${SM_KEEP:-}" ] || trap 'rm -rf "$OUT"' EXIT
PGOPTIONS="$PGOPTIONS -c search_path=pg_catalog" hz_setup_catalog -d "$DB"
PGOPTIONS="$PGOPTIONS -c search_path=pg_catalog" hz_sql -d "$DB" -f "$HZ_DIR/labels.sql" >/dev/null
{
	echo '\set ON_ERROR_STOP 0'
	echo "SET statement_timeout = '${SM_CALLS_TIMEOUT:-120s}';"
	PGOPTIONS="$PGOPTIONS -c search_path=pg_catalog" hz_sql -d "$DB" -c "SELECT format(E'\\\\echo call %s\\n%s;', fn, stmt)
		FROM (SELECT fn, stmt FROM hz.sample_calls() UNION ALL SELECT fn, stmt FROM hz.null_calls() WHERE nullarg >= 0) s"
	# binary send and receive of every type of the extension
	PGOPTIONS="$PGOPTIONS -c search_path=pg_catalog" hz_sql -d "$DB" -c "SELECT format(
		E'\\\\echo call binary I/O of %1\$s\\nDROP TABLE IF EXISTS hz.bin;\\nCREATE TABLE hz.bin AS SELECT s.lit::%1\$s AS v FROM hz.samples s WHERE s.typ = %2\$L::regtype;\\n\\\\copy hz.bin TO ''$OUT/bin'' WITH (FORMAT binary)\\n\\\\copy hz.bin FROM ''$OUT/bin'' WITH (FORMAT binary)\\nSELECT count(*) FROM hz.bin;',
		typ, typ) FROM hz.member_types WHERE NOT is_array"
} >"$OUT/calls.sql"
# the number of statements, for the caller to compare with the "call" lines
echo "statements: $(grep -c '^\\echo call' "$OUT/calls.sql")"
"$SM_BIN/psql" -X -d "$DB" -f "$OUT/calls.sql" 2>&1
