#!/usr/bin/env bash
# Input of the pairing states (issue 20, A2, A3 and A7).
# Text input allocates only what the text proves: 140M commas or '=' once
# made first_reply_state_in allocate 8 bytes each (54000 past 1 GB) and
# first_reply_sketch_state_in ask for 1.1 GB (XX000 "invalid memory alloc
# request size"); now they are a syntax error (22P02) found before any such
# allocation.
# Binary receive, through binary COPY as a client or Citus 14's binary
# partials send states:
#  - valid states whose text ids are shorter than 4 bytes ('1' .. '999')
#    round-trip (the count check once assumed the bigint entry size, 29
#    bytes, for every id kind); every id kind of both state types too;
#  - a text id holding a NUL byte, or a byte invalid in the server encoding
#    (UTF8), is rejected with 22P03 as text_recv rejects it (the text form
#    once stopped at the NUL, dropping the rest of the state); likewise a
#    first_reply_sketch_state calendar.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/pairing/lib.sh"
cd "${SM_TMP:?}"

pt_sql -c "CREATE EXTENSION IF NOT EXISTS social_metrics"
out=$SM_TMP/checks.txt
: >"$out"
pt_sql <<'SQL'
-- Valid states from their text form: ids '1' .. '999' (text), and the
-- same conversations with bigint and uuid ids.
CREATE TABLE src (k text, f first_reply_sketch_state, r reply_wait_sketch_state);
INSERT INTO src
SELECT kind,
       (CASE kind WHEN 'bigint' THEN 'v2 bigint' ELSE 'v2 ' || kind END
        || string_agg(' ' || id || ':c=' || i * 10 || CASE WHEN i % 3 = 0 THEN '' ELSE ';r=' || i * 10 + 7 END, '' ORDER BY ord))::first_reply_sketch_state,
       ('v1 ' || kind || ' block_start'
        || string_agg(' ' || id || ':c=' || i * 10 || CASE WHEN i % 3 = 0 THEN '' ELSE ';b=' || i * 10 + 7 END, '' ORDER BY ord))::reply_wait_sketch_state
FROM (SELECT kind, i,
             CASE kind WHEN 'text' THEN '"' || i || '"' WHEN 'uuid' THEN md5(i::text)::uuid::text ELSE i::text END AS id,
             CASE kind WHEN 'text' THEN convert_to(i::text, 'UTF8')::text WHEN 'uuid' THEN md5(i::text)::uuid::text ELSE lpad(i::text, 4, '0') END AS ord
      FROM unnest('{bigint,text,uuid}'::text[]) kind, generate_series(1, 999) i) s
GROUP BY kind;
-- one short text id alone (4 + 1 + 21 = 26 bytes < 29)
INSERT INTO src VALUES ('one', 'v2 text "1":c=0', 'v1 text every "1":c=0');
CREATE TABLE dst (k text, f first_reply_sketch_state, r reply_wait_sketch_state);
\copy src TO 'states.bin' WITH (FORMAT binary)
\copy dst FROM 'states.bin' WITH (FORMAT binary)
SQL
pt_sql >>"$out" <<'SQL'
SELECT format('binary round trip, %s ids|%s', s.k, (s.f::text = d.f::text AND s.r::text = d.r::text
              AND first_reply_sketch_state_send(s.f) = first_reply_sketch_state_send(d.f)
              AND reply_wait_sketch_state_send(s.r) = reply_wait_sketch_state_send(d.r))::text)
FROM src s LEFT JOIN dst d USING (k) ORDER BY s.k;
SELECT 'text ids 1 .. 999 read back: 999 conversations|' || (unanswered_count_finalfn(f) = 333) FROM dst WHERE k = 'text';
SQL

# Crafted states with a bad text id: bytea values copied in binary into a
# state column (the bytea's bytes are the state's binary form).
pt_sql <<'SQL'
CREATE TABLE bad (k int, t text, why text, b bytea);
CREATE TABLE fdst (s first_reply_sketch_state);
CREATE TABLE rdst (s reply_wait_sketch_state);
-- a first_reply_sketch_state conversation: text id, customer at c, no reply
CREATE FUNCTION fe(bytea, bigint) RETURNS bytea LANGUAGE sql AS $$
  SELECT int4send(length($1)) || $1 || '\x01'::bytea || int8send($2) || int8send(0) || int4send(0) $$;
-- a reply_wait_sketch_state conversation: text id, one customer message
CREATE FUNCTION re(bytea, bigint) RETURNS bytea LANGUAGE sql AS $$
  SELECT int4send(length($1)) || $1 || int4send(1) || int4send(0) || int8send($2) $$;
INSERT INTO bad VALUES
 (1, 'f', 'NUL in a text id', '\x020200'::bytea || int4send(2) || fe('\x61626300646566', 0) || fe('\x7a7a7a7a7a7a', 5)),
 (2, 'f', 'invalid UTF8 in a text id', '\x020200'::bytea || int4send(1) || fe('\x61ff62', 0)),
 (3, 'f', 'NUL in the calendar', '\x020202'::bytea || int4send(28) || convert_to('UTC; mon-fri 09:00-17:00', 'UTF8') || '\x00787878'::bytea || int4send(0)),
 (102, 'f', 'valid calendar', '\x020202'::bytea || int4send(24) || convert_to('UTC; mon-fri 09:00-17:00', 'UTF8') || int4send(1) || fe('\x61626364656667', 0)),
 (4, 'r', 'NUL in a text id', '\x010200'::bytea || int4send(2) || re('\x61626300646566', 0) || re('\x7a7a7a7a7a7a', 5)),
 (5, 'r', 'invalid UTF8 in a text id', '\x010200'::bytea || int4send(1) || re('\x61ff62', 0)),
 (100, 'f', 'valid', '\x020200'::bytea || int4send(2) || fe('\x61626364656667', 0) || fe('\x7a7a7a7a7a7a', 5)),
 (101, 'r', 'valid', '\x010200'::bytea || int4send(2) || re('\x61626364656667', 0) || re('\x7a7a7a7a7a7a', 5));
SQL
for k in $(pt_sql -c "SELECT k FROM bad ORDER BY k"); do
	IFS='|' read -r t why <<<"$(pt_sql -c "SELECT t || '|' || why FROM bad WHERE k = $k")"
	tbl=${t}dst
	pt_sql -c "TRUNCATE $tbl" -c "\\copy (SELECT b FROM bad WHERE k = $k) TO 'bad.bin' WITH (FORMAT binary)"
	got=$(psql -qXAt -v VERBOSITY=sqlstate -c "\\copy $tbl FROM 'bad.bin' WITH (FORMAT binary)" 2>&1 || true)
	if [ "$k" -lt 100 ]; then
		echo "$tbl: $why: 22P03 (got: ${got:-nothing})|$([[ $got == *22P03* ]] && echo true || echo false)" >>"$out"
	else
		st=$(pt_sql -c "SELECT s FROM $tbl")
		echo "$tbl: $why state reads back: $st|$([ -z "$got" ] && [[ $st == *'"abcdefg":c=0'* ]] && echo true || echo false)" >>"$out"
	fi
done
# 140M separators (140 MB of text).
for q in "('v1;b=0' || repeat(',', 140000000))::first_reply_state" \
	"('v2 bigint 1:c=0;b=' || repeat('=', 140000000))::first_reply_sketch_state" \
	"('v2 bigint 1:c=0;b=0' || repeat(',', 140000000))::first_reply_sketch_state"; do
	got=$(psql -qXAt -v VERBOSITY=sqlstate -c "SELECT $q IS NULL" 2>&1 || true)
	echo "text input of ${q:0:40}...: 22P02 (got: ${got:-nothing})|$([ "$got" = "ERROR:  22P02" ] && echo true || echo false)" >>"$out"
done
pt_checks "$out" 16
