#!/usr/bin/env bash
# The stored (flat) forms of first_reply_sketch_state and
# reply_wait_sketch_state, read back as values on disk are read: states
# whose bytes were damaged (conversations out of order or twice, truncated,
# trailing bytes, a wrong header) raise XX001 with a DETAIL that names the
# damage, and valid states (text ids that are prefixes of each other among
# them) print, and states built from ids that share long prefixes list
# them in byte order.  The bytes are made from the states' own flat forms through a
# cast that reinterprets them (test only, as in test/42; bytea has int
# alignment, the states double, so the bytes pass through rawbytes' text
# form), so the test does not
# depend on the layout beyond each form's header size and entry size.
# The flat reader is pairing_ids.h's cursor, shared by both states.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/pairing/lib.sh"
cd "${SM_TMP:?}"

out=$SM_TMP/checks.txt
: >"$out"
pt_sql <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS social_metrics;
CREATE TYPE rawbytes;
CREATE FUNCTION rawbytes_in(cstring) RETURNS rawbytes AS 'byteain' LANGUAGE internal IMMUTABLE STRICT;
CREATE FUNCTION rawbytes_out(rawbytes) RETURNS cstring AS 'byteaout' LANGUAGE internal IMMUTABLE STRICT;
CREATE TYPE rawbytes (INPUT = rawbytes_in, OUTPUT = rawbytes_out, INTERNALLENGTH = VARIABLE, ALIGNMENT = double);
CREATE CAST (rawbytes AS first_reply_sketch_state) WITHOUT FUNCTION;
CREATE CAST (rawbytes AS reply_wait_sketch_state) WITHOUT FUNCTION;
CREATE CAST (first_reply_sketch_state AS rawbytes) WITHOUT FUNCTION;
CREATE CAST (reply_wait_sketch_state AS rawbytes) WITHOUT FUNCTION;

-- Four conversations, each entry 32 bytes in the flat form: first-reply
-- (id, flags, count, customer, reply) and reply-wait (id, two counts, one
-- customer and one brand time).  Headers: 28 and 20 bytes after the varlena
-- header.
CREATE TABLE s (k text, hdr int, f4 bytea, f3 bytea);
INSERT INTO s VALUES
 ('f', 28, 'v2 bigint 1:c=0;r=5 2:c=10;r=15 3:c=20;r=25 4:c=30;r=35'::first_reply_sketch_state::rawbytes::text::bytea,
           'v2 bigint 1:c=0;r=5 2:c=10;r=15 3:c=20;r=25'::first_reply_sketch_state::rawbytes::text::bytea),
 ('r', 20, 'v1 bigint every 1:c=0;b=5 2:c=10;b=15 3:c=20;b=25 4:c=30;b=35'::reply_wait_sketch_state::rawbytes::text::bytea,
           'v1 bigint every 1:c=0;b=5 2:c=10;b=15 3:c=20;b=25'::reply_wait_sketch_state::rawbytes::text::bytea);
CREATE FUNCTION entry(b bytea, hdr int, i int) RETURNS bytea LANGUAGE sql AS
  $$ SELECT substring(b FROM hdr + 32 * (i - 1) + 1 FOR 32) $$;
CREATE TABLE damaged (k text, why text, detail text, b bytea);
INSERT INTO damaged
SELECT k, why, detail, b FROM s, LATERAL (VALUES
 ('two conversations swapped', 'The conversations are not in ascending order.',
  substring(f4 FOR hdr) || entry(f4, hdr, 1) || entry(f4, hdr, 3) || entry(f4, hdr, 2) || entry(f4, hdr, 4)),
 ('a conversation twice', 'The conversations are not in ascending order.',
  substring(f4 FOR hdr) || entry(f3, hdr, 1) || entry(f3, hdr, 2) || entry(f3, hdr, 3) || entry(f3, hdr, 3)),
 ('the last byte cut', 'The state is truncated.', substring(f4 FOR length(f4) - 1)),
 ('the last conversation cut', 'The state is truncated.', substring(f4 FOR hdr + 3 * 32 + 4)),
 ('a byte after the last conversation', 'Unexpected bytes after the last conversation.', f4 || '\x00'::bytea),
 ('a fourth conversation missing', 'The state is truncated.', substring(f4 FOR hdr) || substring(f3 FROM hdr + 1)),
 ('a wrong magic number', CASE k WHEN 'f' THEN 'The header does not match the size.' ELSE 'Unknown layout.' END,
  set_byte(f4, 0, 0))) v(why, detail, b);
SQL
n=$(pt_sql -c "SELECT count(*) FROM damaged")
for i in $(seq 1 "$n"); do
	IFS='|' read -r k why detail < <(pt_sql -c "SELECT k, why, detail FROM damaged ORDER BY k, why OFFSET $((i - 1)) LIMIT 1")
	type=$([ "$k" = f ] && echo first_reply_sketch_state || echo reply_wait_sketch_state)
	got=$(psql -qXAt -v VERBOSITY=verbose -c "SELECT (b::text::rawbytes::$type)::text FROM damaged WHERE k = '$k' AND why = '$why'" 2>&1 || true)
	ok=false
	[[ $got == *"XX001"* && $got == *"$type is corrupted"* && $got == *"DETAIL:  $detail"* ]] && ok=true
	echo "$type: $why: XX001, $detail (got: $(echo "$got" | head -2 | tr '\n' ' '))|$ok" >>"$out"
done

# Valid states print from their flat form: the untouched ones, and text ids
# that are prefixes of each other (the order is by bytes, then length).
pt_sql >>"$out" <<'SQL'
SELECT k || ': the untouched four conversations print|'
       || ((f4::text::rawbytes::first_reply_sketch_state)::text = 'v1 1:c=0;r=5 2:c=10;r=15 3:c=20;r=25 4:c=30;r=35')::text
FROM s WHERE k = 'f';
SELECT k || ': the untouched four conversations print|'
       || ((f4::text::rawbytes::reply_wait_sketch_state)::text = 'v1 bigint every 1:c=0;b=5 2:c=10;b=15 3:c=20;b=25 4:c=30;b=35')::text
FROM s WHERE k = 'r';
SELECT 'first_reply_sketch_state: text ids a, ab, b print in that order|'
       || ('v2 text "ab":c=1 "b":c=2 "a":c=0'::first_reply_sketch_state::text = 'v2 text "a":c=0 "ab":c=1 "b":c=2')::text;
SELECT 'reply_wait_sketch_state: text ids a, ab, b print in that order|'
       || ('v1 text last "ab":c=1 "b":c=2 "a":c=0'::reply_wait_sketch_state::text = 'v1 text last "a":c=0 "ab":c=1 "b":c=2')::text;

-- States the aggregates build list their conversations in id order, which
-- the flat form's radix sort (pairing_table.c) gets from 8 bytes of each
-- id after the prefix all share: text ids that agree on those 8 bytes and
-- differ later ("ticket-0000000001" ...), some of them prefixes of others,
-- beside "x" (no shared prefix), and uuids that agree on their first 8
-- bytes, so that the sort must finish equal keys by comparing ids.  Rows
-- in hash order; the order printed must be byte order (COLLATE "C").
CREATE TABLE ids AS
SELECT id, uid, timestamptz '2026-01-01' + n * interval '1 minute' AS at
FROM (SELECT n, CASE WHEN n = 0 THEN 'x' ELSE 'ticket-' || lpad(n::text, 10 + n % 3, '0') END AS id,
             ('00000000-0000-0000-' || lpad(to_hex(n), 4, '0') || '-' || lpad(to_hex(n * 7919), 12, '0'))::uuid AS uid
      FROM generate_series(0, 3000) n) g
ORDER BY hashint4(n);
CREATE AGGREGATE frs_state(text, timestamptz, bool) (
	SFUNC = first_reply_sketch_transfn, STYPE = first_reply_sketch_state);
CREATE AGGREGATE frs_state(uuid, timestamptz, bool) (
	SFUNC = first_reply_sketch_transfn, STYPE = first_reply_sketch_state);
CREATE AGGREGATE rws_state(text, timestamptz, bool) (
	SFUNC = reply_wait_sketch_transfn, STYPE = reply_wait_sketch_state);
SELECT 'first_reply_sketch_state: 3,001 text ids sharing 8 bytes print in byte order|'
       || ((SELECT array_agg(m[1]) FROM regexp_matches((SELECT frs_state(id, at, false)::text FROM ids), '"([^"]*)":', 'g') m)
           = (SELECT array_agg(id ORDER BY id COLLATE "C") FROM ids))::text;
SELECT 'reply_wait_sketch_state: 3,001 text ids sharing 8 bytes print in byte order|'
       || ((SELECT array_agg(m[1]) FROM regexp_matches((SELECT rws_state(id, at, false)::text FROM ids), '"([^"]*)":', 'g') m)
           = (SELECT array_agg(id ORDER BY id COLLATE "C") FROM ids))::text;
SELECT 'first_reply_sketch_state: 3,001 uuids sharing 8 bytes print in byte order|'
       || ((SELECT array_agg(m[1]::uuid) FROM regexp_matches((SELECT frs_state(uid, at, false)::text FROM ids), '([0-9a-f-]{36}):', 'g') m)
           = (SELECT array_agg(uid ORDER BY uid) FROM ids))::text;
SQL
pt_checks "$out" 21
