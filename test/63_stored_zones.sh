#!/usr/bin/env bash
# Calendars stored before 1.2.0 with EST, MST or HST stay printable, dumpable
# and readable.  1.2.0's input refuses these fixed-offset zones (users mean
# New York, Denver, Honolulu), but 1.0.0 and 1.1.0 accepted them, so such
# values may sit in tables.  They are made here as an older release stored
# them (a calendar in UTC whose zone bytes are patched to EST: same length,
# no input check; test/unit/test_helpers.c) and must:
#   - print, and send, as the Etc/GMT name of the same offset, which input
#     accepts, with the same business seconds as that zone;
#   - survive a text and a binary COPY round trip and pg_dump / pg_restore,
#     alone and inside a first_reply_sketch_state.
set -euo pipefail
: "${SM_TMP:?}" "${SM_BIN:?}"
ROOT=${SM_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
PG_CONFIG=/usr/lib/postgresql/$SM_PGVER/bin/pg_config
cc -O1 -fPIC -shared -Wall -Werror -I"$("$PG_CONFIG" --includedir-server)" \
	-o "$SM_TMP/test_helpers.so" "$ROOT/test/unit/test_helpers.c"
chmod a+r "$SM_TMP/test_helpers.so"
psql=("$SM_BIN/psql" -qXAt -v ON_ERROR_STOP=1)
cd "$SM_TMP"	# the \copy files below

"${psql[@]}" -v lib="$SM_TMP/test_helpers.so" >"$SM_TMP/out.txt" <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS social_metrics;
CREATE FUNCTION sm_test_patch_bytes(anyelement, bytea, bytea) RETURNS anyelement
	AS :'lib', 'sm_test_patch_bytes' LANGUAGE C STRICT;
CREATE TABLE cal (k text PRIMARY KEY, c business_calendar, expect text);
INSERT INTO cal
SELECT z, sm_test_patch_bytes(('UTC; mon-fri 09:00-17:00; holidays 2026-12-24')::business_calendar,
		'UTC'::bytea, z::bytea), f
FROM (VALUES ('EST', 'Etc/GMT+5'), ('MST', 'Etc/GMT+7'), ('HST', 'Etc/GMT+10')) v(z, f);
-- one inside a first_reply_sketch state too
CREATE AGGREGATE s_frs(bigint, timestamptz, bool, business_calendar)
	(SFUNC = first_reply_sketch_transfn, STYPE = first_reply_sketch_state);
CREATE TABLE st AS
SELECT k, s_frs(id, at, b, c) AS s
FROM cal, (VALUES (1, '2026-03-06 16:50+00'::timestamptz, false), (1, '2026-03-09 14:05+00', true)) m(id, at, b)
GROUP BY k;

SELECT 'prints_as_fixed_offset|' || bool_and(c::text LIKE expect || ';%') FROM cal;
SELECT 'text_reads_back|' || bool_and(c::text::business_calendar::text = c::text) FROM cal;
SELECT 'same_seconds_as_fixed_offset|' || bool_and(
	business_seconds('2026-07-06 12:00+00', '2026-07-07 12:00+00', c)
	= business_seconds('2026-07-06 12:00+00', '2026-07-07 12:00+00', c::text::business_calendar)) FROM cal;
SELECT 'state_text_reads_back|' || bool_and(s::text::first_reply_sketch_state::text = s::text) FROM st;
SELECT 'state_prints_fixed_offset|' || bool_and(s::text LIKE '%Etc/GMT+%') FROM st;
SELECT 'input_still_refuses_est|' || NOT EXISTS (SELECT 1 FROM cal WHERE c::text LIKE 'EST%');
\copy cal TO 'cal.txt'
\copy (SELECT k, c FROM cal) TO 'cal.bin' WITH (FORMAT binary)
\copy st TO 'st.txt'
\copy st TO 'st.bin' WITH (FORMAT binary)
CREATE TABLE cal_t (LIKE cal); CREATE TABLE cal_b (k text, c business_calendar);
CREATE TABLE st_t (LIKE st); CREATE TABLE st_b (LIKE st);
\copy cal_t FROM 'cal.txt'
\copy cal_b FROM 'cal.bin' WITH (FORMAT binary)
\copy st_t FROM 'st.txt'
\copy st_b FROM 'st.bin' WITH (FORMAT binary)
SELECT 'copy_text_same|' || bool_and(a.c::text = t.c::text) FROM cal a JOIN cal_t t USING (k);
SELECT 'copy_binary_same|' || bool_and(a.c::text = b.c::text) FROM cal a JOIN cal_b b USING (k);
SELECT 'copy_state_text_same|' || bool_and(a.s::text = t.s::text) FROM st a JOIN st_t t USING (k);
SELECT 'copy_state_binary_same|' || bool_and(a.s::text = b.s::text) FROM st a JOIN st_b b USING (k);
SQL
"$SM_BIN/pg_dump" -Fc -f dump.bin -t cal -t st "$PGDATABASE"
"$SM_BIN/psql" -qX -d postgres -c "DROP DATABASE IF EXISTS t63_restore" -c "CREATE DATABASE t63_restore" >/dev/null
"${psql[@]}" -d t63_restore -c "CREATE EXTENSION social_metrics" >/dev/null
if "$SM_BIN/pg_restore" -d t63_restore dump.bin 2>"$SM_TMP/restore.err"; then
	a=$("${psql[@]}" -c "SELECT string_agg(c::text, '|' ORDER BY k) FROM cal")
	b=$("${psql[@]}" -d t63_restore -c "SELECT string_agg(c::text, '|' ORDER BY k) FROM cal")
	echo "dump_restore_same|$([ "$a" = "$b" ] && echo true || echo false)" >>"$SM_TMP/out.txt"
else
	echo "dump_restore_same|false (pg_restore: $(head -c 300 "$SM_TMP/restore.err"))" >>"$SM_TMP/out.txt"
fi
cat "$SM_TMP/out.txt"
n=$(grep -c '|true$' "$SM_TMP/out.txt" || true)
bad=$(grep -vc '|true$' "$SM_TMP/out.txt" || true)
echo "$n checks passed, $bad failed"
[ "$bad" -eq 0 ] && [ "$n" -eq 11 ]
