#!/usr/bin/env bash
# Every pairing aggregate gives the same result on every plan (issue 11):
#   serial        no parallel workers (HashAggregate / plain Aggregate);
#   parallel      2 workers and the leader (zero parallel costs), Partial
#                 HashAggregate / Aggregate + combine;
#   parallel_sort the same with sorted partial groups (enable_hashagg off);
#   forced        debug_parallel_query (PG 16+) or force_parallel_mode (up
#                 to 15), whichever the server has: the whole plan under a
#                 Gather in one worker;
#   one_worker    2 workers planned, 1 launched (max_parallel_workers = 1),
#                 parallel_leader_participation off: one worker reads every
#                 row, the leader only combines.
# Data: test/pairing/conversations.sql (12,000 conversations, shuffled, so
# each worker holds part of most conversations), per account and as one
# group, bigint, text and uuid ids, bots excluded by FILTER.  Each plan is
# checked by pattern in EXPLAIN ANALYZE (workers launched).  Results are
# compared as text (sketches as their binary form); an error is a result
# too (same SQLSTATE, message and DETAIL), but no aggregate may fail here.
#
# Large group: SM_PAIRING_BIG conversations (default 200,000; 2 messages
# each, brand reply first in the table) in ONE group give the same result on
# the serial, parallel and one-worker plans (120 s at most for the three
# queries: 1.0.0 took over a minute for 200,000 conversations stored reply
# first).
# Ceiling: a group one conversation over the documented limit (reached with
# long text ids) fails with 54000 and the same DETAIL on the serial,
# parallel and one-worker plans; at the limit it succeeds (see below).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/pairing/lib.sh"
cd "${SM_TMP:?}"

pt_sql -c "CREATE EXTENSION IF NOT EXISTS social_metrics"
req=()
for t in bigint text uuid; do
	req+=("first_reply_sketch($t, timestamptz, boolean)" "unanswered_count($t, timestamptz, boolean)"
		"unanswered_share($t, timestamptz, boolean)" "sla_attainment($t, timestamptz, boolean, float8)"
		"first_reply_sketch($t, timestamptz, boolean, business_calendar)"
		"sla_attainment($t, timestamptz, boolean, float8, business_calendar)"
		"reply_wait_sketch($t, timestamptz, boolean)" "reply_wait_sketch($t, timestamptz, boolean, text)")
done
pt_require "${req[@]}"

pt_sql -v n=12000 -v accounts=37 -f "$here/pairing/conversations.sql" >/dev/null
pt_sql >/dev/null <<'SQL'
-- try(q): the query's single text result, or its error (SQLSTATE, message,
-- DETAIL) as text.  Queries run by EXECUTE get parallel plans.
CREATE FUNCTION try(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE r text; st text; msg text; det text;
BEGIN
  EXECUTE q INTO r;
  RETURN coalesce(r, 'NULL');
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL;
  RETURN format('ERROR %s: %s / %s', st, msg, det);
END $$;
CREATE TABLE queries (label text PRIMARY KEY, q text);
CREATE FUNCTION add(label text, expr text) RETURNS void LANGUAGE sql AS $$
  INSERT INTO queries VALUES
   (label || ' per account',
    format('SELECT md5(string_agg(account || '':'' || coalesce(v, ''NULL''), '','' ORDER BY account)) FROM (SELECT account, (%s)::text AS v FROM m_shuf GROUP BY account) t', expr)),
   (label || ' one group', format('SELECT (%s)::text FROM m_shuf', expr))
$$;
SELECT count(add(format('%s(%s)', a, k), replace(e, 'K,', 'conv_' || k || ',')))
FROM unnest('{seq,text,uuid}'::text[]) k, (VALUES
  ('first_reply_sketch', 'quantile_sketch_send(first_reply_sketch(K, at, from_brand) FILTER (WHERE NOT automated))'),
  ('unanswered_count', 'unanswered_count(K, at, from_brand) FILTER (WHERE NOT automated)'),
  ('unanswered_share', 'unanswered_share(K, at, from_brand) FILTER (WHERE NOT automated)'),
  ('sla_attainment 3600', 'sla_attainment(K, at, from_brand, 3600) FILTER (WHERE NOT automated)'),
  ('first_reply_sketch business', 'quantile_sketch_send(first_reply_sketch(K, at, from_brand, cal()) FILTER (WHERE NOT automated))'),
  ('sla_attainment business 3600', 'sla_attainment(K, at, from_brand, 3600, cal()) FILTER (WHERE NOT automated)'),
  ('reply_wait_sketch', 'quantile_sketch_send(reply_wait_sketch(K, at, from_brand) FILTER (WHERE NOT automated))'),
  ('reply_wait_sketch every', 'quantile_sketch_send(reply_wait_sketch(K, at, from_brand, ''every'') FILTER (WHERE NOT automated))'),
  ('reply_wait_sketch last', 'quantile_sketch_send(reply_wait_sketch(K, at, from_brand, ''last'') FILTER (WHERE NOT automated))')
) v(a, e);
-- The per-conversation aggregates too.
INSERT INTO queries VALUES
 ('first_reply_seconds per conversation',
  'SELECT md5(string_agg(c || '':'' || coalesce(s::text, ''NULL''), '','' ORDER BY c)) FROM (SELECT c, first_reply_seconds(at, from_brand) FILTER (WHERE NOT automated) AS s FROM m_shuf GROUP BY c) t');
SQL

# Plan settings, by name.  The forcing GUC depends on the version.
force=$(pt_sql -c "SELECT name FROM pg_settings WHERE name IN ('debug_parallel_query', 'force_parallel_mode') ORDER BY name LIMIT 1")
[ -n "$force" ] || { echo "not ok - neither debug_parallel_query nor force_parallel_mode exists"; exit 1; }
cheap="SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;"
declare -A plan=(
	[serial]="SET max_parallel_workers_per_gather = 0; SET enable_sort = off;"
	[parallel]="$cheap SET max_parallel_workers_per_gather = 2; SET enable_sort = off;"
	[parallel_sort]="$cheap SET max_parallel_workers_per_gather = 2; SET enable_hashagg = off;"
	[forced]="SET max_parallel_workers_per_gather = 2; SET $force = on; SET enable_sort = off;"
	[one_worker]="$cheap SET max_parallel_workers_per_gather = 2; SET max_parallel_workers = 1; SET parallel_leader_participation = off; SET enable_sort = off;"
)
names=(serial parallel parallel_sort forced one_worker)
fail=0
ok() { echo "ok - $*"; }
bad() { echo "not ok - $*"; fail=1; }

# The plans are what they say (first_reply_sketch over bigint ids exists in
# every version: the shape does not depend on the new functions).
probe="SELECT account, first_reply_sketch(conv_seq, at, from_brand) FROM m_shuf GROUP BY account"
for p in "${names[@]}"; do
	e=$(pt_sql -c "${plan[$p]}" -c "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) $probe")
	case $p in
	serial) ! grep -q 'Gather' <<<"$e" && grep -q 'HashAggregate' <<<"$e" ;;
	parallel) grep -q 'Partial HashAggregate' <<<"$e" && grep -q 'Workers Launched: 2' <<<"$e" ;;
	parallel_sort) grep -q 'Partial GroupAggregate' <<<"$e" && grep -q 'Workers Launched: 2' <<<"$e" ;;
	forced) grep -q 'Gather' <<<"$e" && grep -q 'Workers Launched: 1' <<<"$e" && grep -q 'Single Copy: true' <<<"$e" ;;
	one_worker) grep -q 'Partial HashAggregate' <<<"$e" && grep -q 'Workers Launched: 1' <<<"$e" ;;
	esac && ok "plan $p: $(grep -Eo 'Partial [A-Za-z]+|Single Copy: true|Workers Launched: [0-9]' <<<"$e" | sort -u | paste -sd, -)" ||
		{ bad "plan $p is not the intended one:"; echo "$e"; }
done

for p in "${names[@]}"; do
	pt_sql -c "${plan[$p]}" -c "SET statement_timeout = '300s'" -c "SELECT label || '|' || try(q) FROM queries ORDER BY label" >"$SM_TMP/$p.txt"
done
echo "(plans: ${SECONDS}s so far)"
nq=$(wc -l <"$SM_TMP/serial.txt")
[ "$nq" -ge 50 ] && ok "$nq queries on each plan" || bad "only $nq queries"
if grep -q '|ERROR' "$SM_TMP/serial.txt"; then
	bad "serial errors:"; grep '|ERROR' "$SM_TMP/serial.txt" | sort -t'|' -k2 -u | head -20
fi
if grep -q '|NULL$' "$SM_TMP/serial.txt"; then
	bad "serial NULL results (the data should give values):"; grep '|NULL$' "$SM_TMP/serial.txt"
fi
for p in "${names[@]:1}"; do
	if d=$(diff "$SM_TMP/serial.txt" "$SM_TMP/$p.txt"); then
		ok "$p = serial: $nq results identical"
	else
		bad "$p differs from serial:"; head -20 <<<"$d"
	fi
done

# One large group.
big=${SM_PAIRING_BIG:-200000}
pt_sql -v big="$big" <<'SQL'
-- Conversation k: a customer message, then the reply; stored reply first,
-- ids random-looking, so that each worker holds one half of most pairs.
CREATE TABLE big AS
SELECT (hashint8(k)::bigint << 32) | k AS conv, md5(k::text)::uuid AS conv_uuid,
       timestamptz '2026-01-05' + k * interval '1 second' + (1 - b) * ((hashint8(-k) & 4095) + 1) * interval '1 second' AS at,
       b = 0 AS from_brand
FROM generate_series(1::bigint, :big) k, generate_series(0, 1) b
WHERE b = 1 OR k % 10 <> 0     -- every 10th conversation unanswered
ORDER BY hashint8(k * 31), b;
ANALYZE big;
DELETE FROM queries;
INSERT INTO queries VALUES
 ('big: first_reply_sketch', 'SELECT quantile_sketch_send(first_reply_sketch(conv, at, from_brand))::text FROM big'),
 ('big: unanswered_count, uuid ids', 'SELECT unanswered_count(conv_uuid, at, from_brand)::text FROM big'),
 ('big: reply_wait_sketch', 'SELECT quantile_sketch_send(reply_wait_sketch(conv, at, from_brand))::text FROM big');
SQL
for p in serial parallel one_worker; do
	pt_sql -c "${plan[$p]}" -c "SET statement_timeout = '120s'" -c "SELECT label || '|' || try(q) FROM queries ORDER BY label" >"$SM_TMP/big_$p.txt"
done
echo "(large group: ${SECONDS}s so far)"
exp_unans=$((big / 10))
if grep -q "unanswered_count, uuid ids|$exp_unans\$" "$SM_TMP/big_serial.txt" && ! grep -q '|ERROR' "$SM_TMP/big_serial.txt"; then
	ok "one group of $big conversations, serial: $exp_unans unanswered, no error"
else
	bad "one group of $big conversations, serial:"; cut -c1-300 "$SM_TMP/big_serial.txt"
fi
for p in parallel one_worker; do
	if diff -q "$SM_TMP/big_serial.txt" "$SM_TMP/big_$p.txt" >/dev/null; then
		ok "one group of $big conversations: $p = serial"
	else
		bad "one group of $big conversations: $p differs from serial:"; cut -c1-300 "$SM_TMP/big_$p.txt"
	fi
done

# The per-group ceiling, reached for real: the conversations of one group
# may take 768 MiB in the state's flat form (ids and summaries: 4 + length
# + 24 bytes a conversation with text ids, 32 with bigint ids: 25,165,824
# conversations, too many for a test).  With 8,164-byte text ids (made by
# the query, not stored) a conversation takes 8,192 bytes, so 98,304
# conversations fill the budget exactly and the 98,305th crosses it: the
# same 54000 error, with the same DETAIL (the real count), on the serial,
# parallel (the leader's combine crosses it) and one-worker plans.
limit=98304
pt_sql -v n=$((limit + 1)) <<'SQL'
CREATE TABLE ceil AS
SELECT k, timestamptz '2026-01-05' + k * interval '1 second' AS at, false AS from_brand
FROM generate_series(1, :n) k ORDER BY hashint8(k);
ANALYZE ceil;
DELETE FROM queries;
INSERT INTO queries VALUES
 ('ceiling: one over', 'SELECT unanswered_count(repeat(''x'', 8156) || lpad(k::text, 8, ''0''), at, from_brand)::text FROM ceil');
SQL
at=$(pt_sql -c "${plan[serial]}" -c "SELECT try('SELECT unanswered_count(repeat(''x'', 8156) || lpad(k::text, 8, ''0''), at, from_brand)::text FROM ceil WHERE k <= $limit')")
[ "$at" = "$limit" ] && ok "ceiling: $limit conversations of 8,192 bytes (768 MiB) fit, serial" ||
	bad "ceiling: $limit conversations should fit: $at"
for p in serial parallel one_worker; do
	pt_sql -c "${plan[$p]}" -c "SET statement_timeout = '120s'" -c "SELECT try(q) FROM queries" >"$SM_TMP/ceil_$p.txt"
done
echo "(ceiling: ${SECONDS}s so far)"
if grep -q "^ERROR 54000: .*/ .*at least $((limit + 1)) conversations" "$SM_TMP/ceil_serial.txt"; then
	ok "ceiling: one more conversation, serial: $(cut -c1-200 "$SM_TMP/ceil_serial.txt")"
else
	bad "ceiling: one more conversation, serial, no 54000 with the real count: $(cut -c1-300 "$SM_TMP/ceil_serial.txt")"
fi
for p in parallel one_worker; do
	if diff -q "$SM_TMP/ceil_serial.txt" "$SM_TMP/ceil_$p.txt" >/dev/null; then
		ok "ceiling: $p gives the same error and DETAIL as serial"
	else
		bad "ceiling: $p differs from serial: $(cut -c1-300 "$SM_TMP/ceil_$p.txt")"
	fi
done

exit $fail
