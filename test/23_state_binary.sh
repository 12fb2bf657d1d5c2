#!/usr/bin/env bash
# Binary send/recv of the state types: a table of states written with
# COPY (FORMAT binary) and read back is identical (text and send bytes), and
# hand-crafted bad binary fields (unknown version, wrong length, negative
# denominator, inconsistent mean state) are rejected with 22P03.  The same
# round trip for the trends states (ratio_ci_state, mean_ci_state,
# growth_state).
set -euo pipefail

if [ -n "${SM_TMP:-}" ]; then
	TMP=$SM_TMP
else
	TMP=$(mktemp -d)
	trap 'rm -rf "$TMP"' EXIT
fi
q() { psql -qXAt -v ON_ERROR_STOP=1 "$@"; }
fail=0

q <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS social_metrics;
DROP TABLE IF EXISTS st, st2, bad_i, bad_f, bad_m;
CREATE TABLE st (k int, a int8_ratio_state, b float8_ratio_state, c float8_mean_state);
-- states from the aggregates' own transition functions, plus extremes
INSERT INTO st
SELECT g,
       engagement_rate_agg_int8_transfn('(0,0)', g * 7 - 50, g * 13),
       engagement_rate_agg_float8_transfn(engagement_rate_agg_float8_transfn('(0,0)', g / 3.0, g * 1e-7), -1e30, 1e20),
       avg_engagement_rate_float8_transfn('(0,0)', g / 7.0, g)
  FROM generate_series(1, 50) g;
INSERT INTO st VALUES
	(100, '(9223372036854775807,9223372036854775807)', '(-170141183460469231731687303715884105728,0)', '(0,0)'),
	(101, '(-9223372036854775808,0)', '(0.00000000000000000000000000000000000000293873587705571876992184134305561419454666389193021880377187926569604314863681793212890625,1)', '(9223372036854775807,-1.5)'),
	(102, NULL, NULL, NULL);
CREATE TABLE st2 (LIKE st);
CREATE TABLE bad_i (a int8_ratio_state);
CREATE TABLE bad_f (b float8_ratio_state);
CREATE TABLE bad_m (c float8_mean_state);
SQL

q -c "\\copy st TO '$TMP/st.bin' WITH (FORMAT binary)"
q -c "\\copy st2 FROM '$TMP/st.bin' WITH (FORMAT binary)"
r=$(q -c "SELECT count(*) = 53
	AND bool_and(s.a::text IS NOT DISTINCT FROM t.a::text AND s.b::text IS NOT DISTINCT FROM t.b::text
	             AND s.c::text IS NOT DISTINCT FROM t.c::text)
	AND bool_and(int8_ratio_state_send(s.a) IS NOT DISTINCT FROM int8_ratio_state_send(t.a)
	             AND float8_ratio_state_send(s.b) IS NOT DISTINCT FROM float8_ratio_state_send(t.b)
	             AND float8_mean_state_send(s.c) IS NOT DISTINCT FROM float8_mean_state_send(t.c))
	FROM st s JOIN st2 t USING (k)")
if [ "$r" = t ]; then echo "ok - binary COPY round trip of 53 rows of states"; else echo "not ok - binary round trip: $r"; fail=1; fi

# A one-column binary COPY file whose only field holds the given bytes
# (printf escapes), e.g. "\x01\x00...".
copyfile() {
	local len=$1 bytes=$2
	{
		printf 'PGCOPY\n\377\r\n\0'
		printf '\0\0\0\0\0\0\0\0'          # flags, header extension length
		printf '\0\1'                      # one field
		printf "$(printf '\\x%02x\\x%02x\\x%02x\\x%02x' $((len >> 24 & 255)) $((len >> 16 & 255)) $((len >> 8 & 255)) $((len & 255)))"
		printf "$bytes"
		printf '\377\377'                  # trailer
	} >"$TMP/bad.bin"
}
z8='\x00\x00\x00\x00\x00\x00\x00\x00'
expect() {
	local name=$1 table=$2 want=$3 out
	out=$(psql -qXAt -v VERBOSITY=verbose -c "\\copy $table FROM '$TMP/bad.bin' WITH (FORMAT binary)" 2>&1 || true)
	if grep -q "ERROR:  $want" <<<"$out"; then
		echo "ok - $name: $want"
	else
		echo "not ok - $name: expected $want, got: $out"
		fail=1
	fi
}

# sanity: a well-formed field is accepted (so the file format above is right)
copyfile 17 "\\x01${z8}\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x05"
out=$(q -c "\\copy bad_i FROM '$TMP/bad.bin' WITH (FORMAT binary)" -c "SELECT a FROM bad_i" 2>&1)
if [ "$out" = "(0,5)" ]; then echo "ok - crafted valid field reads as (0,5)"; else echo "not ok - crafted valid field: $out"; fail=1; fi

copyfile 17 "\\x02${z8}${z8}"
expect "unknown version" bad_i 22P03
copyfile 16 "\\x01${z8}\\x00\\x00\\x00\\x00\\x00\\x00\\x00"
expect "short field" bad_i 22P03
copyfile 18 "\\x01${z8}${z8}\\x00"
expect "trailing byte" bad_i 22P03
copyfile 17 "\\x01${z8}\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff"
expect "negative denominator" bad_i 22P03
copyfile 0 ""
expect "empty field" bad_i 22P03
copyfile 65 "\\x01${z8}${z8}${z8}${z8}\\x80${z8:4}${z8}${z8}${z8}"
expect "float8_ratio_state negative denominator" bad_f 22P03
copyfile 64 "\\x01${z8}${z8}${z8}${z8}${z8}${z8}${z8}${z8:4}"
expect "float8_ratio_state short" bad_f 22P03
copyfile 41 "\\x01${z8}${z8}${z8}${z8}\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x01"
expect "float8_mean_state: no rows but a non-zero sum" bad_m 22P03
copyfile 41 "\\x01\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff${z8}${z8}${z8}${z8}"
expect "float8_mean_state: negative count" bad_m 22P03

# The 1.1.0 trends states: ratio_ci_state, mean_ci_state and growth_state
# written with COPY (FORMAT binary) and read back give the same text and
# send bytes, every field of them (each sum, the count, the confidence, both
# instants and values) differing between rows, so a field that recv drops
# or misplaces changes a row.
q <<'SQL'
SET client_min_messages = warning;
DROP TABLE IF EXISTS tr, tr2;
CREATE TABLE tr (k int, r ratio_ci_state, m mean_ci_state, g growth_state);
INSERT INTO tr
SELECT g,
       (SELECT engagement_rate_ci_state((i * 7 - g)::int8, (i * 13 + g)::int8) FROM generate_series(1, g) i),
       (SELECT avg_engagement_rate_ci_state((i * 3 + g)::int8, (i + g)::int8) FROM generate_series(1, g) i),
       growth_rate_transfn(growth_rate_transfn('()', (g * 1.5)::float8, timestamptz '2026-01-01' + g * interval '1 hour'),
                           (-g / 3.0)::float8, timestamptz '2026-02-01' + g * interval '1 minute')
  FROM generate_series(1, 40) g;
INSERT INTO tr
SELECT 100 + g,
       (SELECT engagement_rate_ci_state((i / 7.0 - g)::float8, (i * 1e-3 + g)::float8) FROM generate_series(1, g) i),
       (SELECT avg_engagement_rate_ci_state((i / 3.0)::float8, (i * 0.25)::float8) FROM generate_series(1, g) i),
       '()'
  FROM generate_series(1, 20) g;
INSERT INTO tr VALUES
	(200, '(3,1,2,3,4,5,0.9)', '(3,1,2,0.8)', '(infinity,1,infinity,2)'),
	(201, '(0,0,0,0,0,0)', '(0,0,0)', '(-infinity,-0.5,2026-01-01T00:00:00.000001Z,1e300)'),
	(202, NULL, NULL, NULL);
CREATE TABLE tr2 (LIKE tr);
SQL
q -c "\\copy tr TO '$TMP/tr.bin' WITH (FORMAT binary)"
q -c "\\copy tr2 FROM '$TMP/tr.bin' WITH (FORMAT binary)"
r=$(q -c "SELECT count(*) = 63
	AND bool_and(s.r::text IS NOT DISTINCT FROM t.r::text AND s.m::text IS NOT DISTINCT FROM t.m::text
	             AND s.g::text IS NOT DISTINCT FROM t.g::text)
	AND bool_and(ratio_ci_state_send(s.r) IS NOT DISTINCT FROM ratio_ci_state_send(t.r)
	             AND mean_ci_state_send(s.m) IS NOT DISTINCT FROM mean_ci_state_send(t.m)
	             AND growth_state_send(s.g) IS NOT DISTINCT FROM growth_state_send(t.g))
	-- the data can tell: every field takes several values
	AND (SELECT count(DISTINCT r::text) > 50 AND count(DISTINCT m::text) > 50 AND count(DISTINCT g::text) > 40 FROM tr)
	FROM tr s JOIN tr2 t USING (k)")
if [ "$r" = t ]; then
	echo "ok - binary COPY round trip of 63 rows of ratio_ci_state, mean_ci_state, growth_state"
else
	echo "not ok - binary round trip of the trends states: $r"
	q -c "SELECT s.k, s.r, t.r, s.m, t.m, s.g, t.g FROM tr s JOIN tr2 t USING (k)
		WHERE (s.r, s.m, s.g)::text IS DISTINCT FROM (t.r, t.m, t.g)::text LIMIT 3" || true
	fail=1
fi

exit $fail
