#!/usr/bin/env bash
# Every pairing aggregate gives the same result on every plan (issue 11), and
# every compared query really ran on the plan it is compared as (issue 19):
#   serial        no parallel workers (HashAggregate / plain Aggregate);
#   parallel      2 workers and the leader (zero parallel costs), Partial
#                 HashAggregate / Aggregate + combine;
#   parallel_sort the same with sorted partial groups (enable_hashagg off);
#   forced        debug_parallel_query (PG 16+) or force_parallel_mode (up
#                 to 15), whichever the server has, over the serial plan
#                 (parallel_setup_cost 1e10: no partial plan): the whole
#                 plan under a Gather in one worker;
#   one_worker    2 workers planned, 1 launched (max_parallel_workers = 1),
#                 parallel_leader_participation off: one worker reads every
#                 row, the leader only combines.
# Plan kinds: every compared query is run with auto_explain (log_analyze,
# nested statements, sent to the client), so the plan checked is the one that
# produced the result, with its workers launched; a query that fails (the
# ceiling below) is EXPLAINed (no ANALYZE: its workers planned) under the
# same settings.  Each plan must show its kind (table above) for every query:
# a missing plan is a failure.
#
# Data: test/pairing/conversations.sql (12,000 conversations, shuffled, so
# each worker holds part of most conversations), per account and as one
# group, bigint, text and uuid ids, bots excluded by FILTER.  Results are
# compared as text (sketches as their binary form); an error is a result
# too (same SQLSTATE, message and DETAIL), but no aggregate may fail here.
#
# Large group: SM_PAIRING_BIG conversations (default 200,000; 2 messages
# each, brand reply first in the table) in ONE group give the same result on
# every plan (120 s at most a query: 1.0.0 took over a minute for 200,000
# conversations stored reply first).
#
# Ceilings, reached for real, on every plan: at the limit the query
# succeeds, one conversation over it fails with 54000 and the same message
# and DETAIL as the serial plan.  The limit is 1 GB less 1 kB
# (SM_STATE_TEXT_LIMIT, 1,073,740,799 bytes) for the state's flat form and
# for its dump (issue 20, A4: a stored state must always print and dump):
#   first_reply_sketch (unanswered_count): dump bytes, 131,071
#     conversations with 2,044-byte text ids, mostly backslashes; the state
#     at the limit is dumped with COPY and read back, byte-identical;
#   reply_wait_sketch: the flat form, 131,071 conversations of one message
#     with 8,172-byte text ids; and the dump, 131,071 conversations with
#     2,052-byte ids, mostly backslashes, dumped and read back likewise;
#   slow tier (SM_SLOW=1, see below): first_reply_sketch's bigint ceiling of
#     16,268,799 conversations with 19-digit ids (serial, parallel, one
#     worker).
# Known product defects are listed in XFAIL below (a check named there that
# fails prints "not ok ... # XFAIL" and does not fail the test; one that
# passes says so, to be removed from the list).
#
# Slow tier: SM_SLOW=1 (CI is to set it on the host, see HACKING.md; the
# Debian roots of tools/matrix.sh do not pass it) runs the bigint ceiling,
# at most 10 minutes; otherwise it prints "skip" for it.
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
-- plans(p, q, plan): the plan each query ran with (auto_explain, src 'ran')
-- or, for one that failed, its EXPLAIN (src 'explain'); one line per node.
CREATE TABLE plans (p text, q text, src text, plan text);
CREATE FUNCTION explain_into(p text, q text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE l text; acc text := '';
BEGIN
  FOR l IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP acc := acc || l || E'\n'; END LOOP;
  INSERT INTO plans VALUES (p, q, 'explain', acc);
END $$;
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
-- The per-conversation aggregates too.  A fixed n_distinct estimate for c:
-- with its real one (a group per 4 rows) the planner gathers every row
-- before one HashAggregate, and the combine function would go untested.
ALTER TABLE m_shuf ALTER COLUMN c SET (n_distinct = 100);
ANALYZE m_shuf;
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
	[forced]="SET max_parallel_workers_per_gather = 2; SET parallel_setup_cost = 1e10; SET $force = on; SET enable_sort = off;"
	[one_worker]="$cheap SET max_parallel_workers_per_gather = 2; SET max_parallel_workers = 1; SET parallel_leader_participation = off; SET enable_sort = off;"
)
names=(serial parallel parallel_sort forced one_worker)
# One group (the large group, the ceilings): parallel_sort is the parallel
# plan (no group key, nothing to sort: Partial Aggregate in both), so it is
# left out there.
one=(serial parallel forced one_worker)
# Every statement's plan, with its workers launched, sent to the client.
ae="LOAD 'auto_explain'; SET auto_explain.log_min_duration = 0; SET auto_explain.log_analyze = on;
SET auto_explain.log_timing = off; SET auto_explain.log_nested_statements = on; SET client_min_messages = log;"
fail=0
# Checks that fail because of a known product defect: "label|issue", the
# label a prefix of the check's text.  Empty when none is known.
XFAIL=()
ok() { echo "ok - $*"; }
bad() {
	local x
	for x in "${XFAIL[@]}"; do
		if [[ "$*" == "${x%%|*}"* ]]; then
			echo "not ok - $* # XFAIL ${x#*|}"
			return 0
		fi
	done
	echo "not ok - $*"
	fail=1
}

# run_plans TAG PLAN...: runs every query of table queries on each plan
# (results in TAG_PLAN.txt, "label|result"), records the plan each ran with
# (auto_explain) or, when it failed, its EXPLAIN, in table plans.
run_plans() {
	local tag=$1 p
	shift
	for p in "$@"; do
		pt_sql -c "${plan[$p]}" -c "$ae" -c "SET statement_timeout = '300s'" \
			-c "SELECT label || '|' || try(q) FROM queries ORDER BY label" \
			>"$SM_TMP/${tag}_$p.txt" 2>"$SM_TMP/${tag}_$p.log"
		# one line per logged plan: plan name, query text, plan (\x01 apart,
		# nodes \x03 apart)
		awk -v p="$p" 'function flush() { if (q != "") printf "%s\001%s\001%s\n", p, q, pl; q = ""; pl = "" }
			/LOG:  duration: / { flush(); blk = 1; next }
			blk && /^Query Text: / { sub(/^Query Text: /, ""); q = $0; next }
			blk { pl = pl $0 "\003" }
			END { flush() }' "$SM_TMP/${tag}_$p.log" >"$SM_TMP/${tag}_$p.plans"
		pt_sql -c "\\copy plans (p, q, plan) FROM '$SM_TMP/${tag}_$p.plans' WITH (FORMAT csv, DELIMITER E'\\001', QUOTE E'\\002')" \
			-c "UPDATE plans SET src = 'ran', plan = replace(plan, E'\\003', E'\\n') WHERE src IS NULL"
		pt_sql -c "${plan[$p]}" -c "SELECT count(explain_into('$p', q)) FROM queries
			WHERE q NOT IN (SELECT q FROM plans WHERE p = '$p')" >/dev/null
	done
}

# check_plans WHAT PLAN...: every query of table queries has exactly one plan
# on each PLAN, of that plan's kind; grouped queries (per account, per
# conversation) a HashAggregate, or a GroupAggregate on parallel_sort.
check_plans() {
	local what=$1 p r
	shift
	for p in "$@"; do
		r=$(pt_sql -v p="$p" <<'SQL'
WITH k AS (
  SELECT q.label, q.label ~ 'per (account|conversation)' AS grouped, pl.src, pl.plan,
         (SELECT count(*) FROM plans x WHERE x.p = :'p' AND x.q = q.q) AS n,
         -- workers launched when it ran, planned when it failed
         CASE pl.src WHEN 'ran' THEN 'Launched' ELSE 'Planned' END AS w
  FROM queries q LEFT JOIN plans pl ON pl.p = :'p' AND pl.q = q.q),
v AS (
  SELECT label, n, src, plan, n = 1 AND CASE :'p'
    WHEN 'serial' THEN plan !~ 'Gather|Partial'
                       AND plan ~ CASE WHEN grouped THEN 'HashAggregate' ELSE '(^|\s)Aggregate' END
    WHEN 'parallel' THEN plan ~ CASE WHEN grouped THEN 'Partial HashAggregate' ELSE 'Partial Aggregate' END
                         AND plan ~ ('Workers ' || w || ': 2')
    WHEN 'parallel_sort' THEN plan ~ CASE WHEN grouped THEN 'Partial GroupAggregate' ELSE 'Partial Aggregate' END
                         AND plan !~ 'HashAggregate' AND plan ~ ('Workers ' || w || ': 2')
    WHEN 'forced' THEN plan ~ 'Single Copy: true' AND plan !~ 'Partial' AND plan ~ ('Workers ' || w || ': 1')
    WHEN 'one_worker' THEN plan ~ CASE WHEN grouped THEN 'Partial HashAggregate' ELSE 'Partial Aggregate' END
                         AND plan ~ ('Workers ' || w || ': ' || CASE w WHEN 'Launched' THEN '1' ELSE '2' END)
    END AS good
  FROM k)
SELECT format('%s %s %s', count(*) FILTER (WHERE good), count(*),
              count(*) FILTER (WHERE src = 'explain')) FROM v
UNION ALL
SELECT * FROM (SELECT format('  %s (%s plan(s)): %s', label, n, coalesce(replace(left(plan, 600), E'\n', ' | '), 'no plan'))
               FROM v WHERE good IS NOT TRUE ORDER BY label LIMIT 5) t
SQL
)
		read -r good all explained <<<"$(head -n 1 <<<"$r")"
		if [ "$good" = "$all" ] && [ "$all" -gt 0 ]; then
			ok "$what, $p: all $all queries ran on the $p plan kind (${explained} failed, so EXPLAINed)"
		else
			bad "$what, $p: $((all - good)) of $all queries not on the $p plan kind:"
			tail -n +2 <<<"$r"
		fi
	done
}

# The plans are what they say, with workers launched: first checked on a
# probe (first_reply_sketch over bigint ids exists in every version), then
# on every compared query (check_plans).
probe="SELECT account, first_reply_sketch(conv_seq, at, from_brand) FROM m_shuf GROUP BY account"
for p in "${names[@]}"; do
	e=$(pt_sql -c "${plan[$p]}" -c "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) $probe")
	case $p in
	serial) ! grep -q 'Gather' <<<"$e" && grep -q 'HashAggregate' <<<"$e" ;;
	parallel) grep -q 'Partial HashAggregate' <<<"$e" && grep -q 'Workers Launched: 2' <<<"$e" ;;
	parallel_sort) grep -q 'Partial GroupAggregate' <<<"$e" && grep -q 'Workers Launched: 2' <<<"$e" ;;
	forced) grep -q 'Gather' <<<"$e" && grep -q 'Workers Launched: 1' <<<"$e" && grep -q 'Single Copy: true' <<<"$e" ;;
	one_worker) grep -q 'Partial HashAggregate' <<<"$e" && grep -q 'Workers Launched: 1' <<<"$e" ;;
	esac && ok "probe, plan $p: $(grep -Eo 'Partial [A-Za-z]+|Single Copy: true|Workers Launched: [0-9]' <<<"$e" | sort -u | paste -sd, -)" ||
		{ bad "probe, plan $p is not the intended one:"; echo "$e"; }
done

run_plans main "${names[@]}"
echo "(plans: ${SECONDS}s so far)"
check_plans "12,000 conversations" "${names[@]}"
nq=$(wc -l <"$SM_TMP/main_serial.txt")
[ "$nq" -ge 50 ] && ok "$nq queries on each plan" || bad "only $nq queries"
if grep -q '|ERROR' "$SM_TMP/main_serial.txt"; then
	bad "serial errors:"; grep '|ERROR' "$SM_TMP/main_serial.txt" | sort -t'|' -k2 -u | head -20
fi
if grep -q '|NULL$' "$SM_TMP/main_serial.txt"; then
	bad "serial NULL results (the data should give values):"; grep '|NULL$' "$SM_TMP/main_serial.txt"
fi
for p in "${names[@]:1}"; do
	if d=$(diff "$SM_TMP/main_serial.txt" "$SM_TMP/main_$p.txt"); then
		ok "$p = serial: $nq results identical"
	else
		bad "$p differs from serial:"; head -20 <<<"$d"
	fi
done

# same_as_serial WHAT TAG PLAN...: the results of TAG on each PLAN equal the
# serial ones.
same_as_serial() {
	local what=$1 tag=$2 p
	shift 2
	for p in "$@"; do
		[ "$p" = serial ] && continue
		if diff -q "$SM_TMP/${tag}_serial.txt" "$SM_TMP/${tag}_$p.txt" >/dev/null; then
			ok "$what: $p = serial"
		else
			bad "$what: $p differs from serial:"; diff "$SM_TMP/${tag}_serial.txt" "$SM_TMP/${tag}_$p.txt" | cut -c1-400
		fi
	done
}

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
DELETE FROM plans;
INSERT INTO queries VALUES
 ('big: first_reply_sketch', 'SELECT quantile_sketch_send(first_reply_sketch(conv, at, from_brand))::text FROM big'),
 ('big: unanswered_count, uuid ids', 'SELECT unanswered_count(conv_uuid, at, from_brand)::text FROM big'),
 ('big: reply_wait_sketch', 'SELECT quantile_sketch_send(reply_wait_sketch(conv, at, from_brand))::text FROM big');
SQL
run_plans big "${one[@]}"
echo "(large group: ${SECONDS}s so far)"
check_plans "one group of $big conversations" "${one[@]}"
exp_unans=$((big / 10))
if grep -q "unanswered_count, uuid ids|$exp_unans\$" "$SM_TMP/big_serial.txt" && ! grep -q '|ERROR\||NULL$' "$SM_TMP/big_serial.txt" &&
	[ "$(wc -l <"$SM_TMP/big_serial.txt")" = 3 ]; then
	ok "one group of $big conversations, serial: $exp_unans unanswered, no error"
else
	bad "one group of $big conversations, serial:"; cut -c1-300 "$SM_TMP/big_serial.txt"
fi
same_as_serial "one group of $big conversations" big "${one[@]}"

# ceiling WHAT TAG LIMIT AT_EXPECTED OVER_PATTERN: the queries "at" (LIMIT
# conversations) and "over" (one more) of table queries, on every plan:
# "at" gives AT_EXPECTED on every plan, "over" fails on the serial plan with
# an error matching OVER_PATTERN, and with the same error on every other.
ceiling() {
	local what=$1 tag=$2 limit=$3 at_exp=$4 over_pat=$5 p
	run_plans "$tag" "${one[@]}"
	echo "($what: ${SECONDS}s so far)"
	check_plans "$what" "${one[@]}"
	for p in "${one[@]}"; do
		if grep -qx "at|$at_exp" "$SM_TMP/${tag}_$p.txt"; then
			ok "$what: $limit conversations fit, $p: $at_exp"
		else
			bad "$what: $limit conversations should fit, $p: $(grep '^at|' "$SM_TMP/${tag}_$p.txt" | cut -c1-300)"
		fi
	done
	if grep -Eq "^over\\|$over_pat" "$SM_TMP/${tag}_serial.txt"; then
		ok "$what: one more conversation, serial: $(grep '^over|' "$SM_TMP/${tag}_serial.txt" | cut -c1-250)"
	else
		bad "$what: one more conversation, serial, not the expected error: $(grep '^over|' "$SM_TMP/${tag}_serial.txt" | cut -c1-300)"
	fi
	for p in "${one[@]:1}"; do
		if [ "$(grep '^over|' "$SM_TMP/${tag}_serial.txt")" = "$(grep '^over|' "$SM_TMP/${tag}_$p.txt")" ]; then
			ok "$what: $p gives the same error and DETAIL as serial"
		else
			bad "$what: $p differs from serial: $(grep '^over|' "$SM_TMP/${tag}_$p.txt" | cut -c1-400)"
		fi
	done
}

# mixed_same WHAT TAG: after ceiling TAG, query 'over_mixed' gives the same
# 54000 error and DETAIL on every plan.
mixed_same() {
	local what=$1 tag=$2 p line serial
	serial=$(grep '^over_mixed|' "$SM_TMP/${tag}_serial.txt")
	for p in "${one[@]}"; do
		line=$(grep '^over_mixed|' "$SM_TMP/${tag}_$p.txt")
		if [[ $line == "over_mixed|ERROR 54000: "* ]] && [ "$line" = "$serial" ]; then
			ok "$what, $p: the same error as serial: $(cut -c1-200 <<<"$line")"
		else
			bad "$what, $p: $(cut -c1-300 <<<"$line") (serial: $(cut -c1-300 <<<"$serial"))"
		fi
	done
}

# dump_round_trip WHAT TRANSFN TYPE ARGTYPES ARGS TABLE: the state that an
# aggregate of TRANSFN with no final function builds from ARGS over TABLE's
# rows k <= $limit, dumped with COPY TO (text format, pg_dump's) and read
# back with COPY FROM, gives the same binary form; the dump is over
# 1,000,000,000 bytes, near the limit.
dump_round_trip() {
	local what=$1 transfn=$2 type=$3 argtypes=$4 args=$5 table=$6 r size
	pt_sql -c "DROP TABLE IF EXISTS dumped, loaded" \
		-c "CREATE AGGREGATE pg_temp.st($argtypes) (SFUNC = $transfn, STYPE = $type)" \
		-c "CREATE TABLE dumped AS SELECT pg_temp.st($args) AS s FROM $table WHERE k <= $limit" \
		-c "CREATE TABLE loaded (s $type)"
	rm -f "$SM_TMP/dump.copy"
	if ! r=$(pt_sql -c "\\copy dumped TO '$SM_TMP/dump.copy'" 2>&1) ||
		! r=$(pt_sql -c "\\copy loaded FROM '$SM_TMP/dump.copy'" 2>&1); then
		bad "$what: the state at the limit does not dump and load: $(cut -c1-300 <<<"$r")"
		return
	fi
	size=$(stat -c %s "$SM_TMP/dump.copy")
	r=$(pt_sql -c "SELECT (SELECT md5(${type}_send(s)) FROM dumped) = (SELECT md5(${type}_send(s)) FROM loaded)")
	if [ "$r" = t ] && [ "$size" -gt 1000000000 ] && [ "$size" -lt 1073741823 ]; then
		ok "$what: the state at the limit dumps ($size bytes of COPY) and loads back identical"
	else
		bad "$what: dump round trip: same binary form: $r, COPY of $size bytes"
	fi
	rm -f "$SM_TMP/dump.copy"
	pt_sql -c "DROP TABLE dumped, loaded"
}

# first_reply_sketch's per-group ceiling: the conversations of one group may
# take SM_STATE_TEXT_LIMIT bytes in the state's dump, counted as a 64-byte
# header, then per conversation its id as dumped (a text id quoted, each
# backslash printed as two and doubled by COPY: 4 bytes) and 47 bytes for
# the longest summary.  Ids of 2,033 backslashes, "xxx" and 8 digits (made
# by the query, not stored) take 2 + 8,132 + 11 = 8,145 bytes, so a
# conversation takes 8,192: 131,071 fit (64 + 1,073,733,632 bytes), the
# 131,072nd crosses the limit.  Their flat form is 271 MB, and the old
# ceiling (768 MiB of flat form) let states through whose dump passed 1 GB
# and could not be written.
limit=131071
pt_sql -v n=$((limit + 1)) <<'SQL'
CREATE TABLE ceil AS
SELECT k, timestamptz '2026-01-05' + k * interval '1 second' AS at, false AS from_brand
FROM generate_series(1, :n) k ORDER BY hashint8(k);
ANALYZE ceil;
DELETE FROM queries;
DELETE FROM plans;
INSERT INTO queries VALUES
 ('at', 'SELECT unanswered_count(repeat(''\'', 2033) || ''xxx'' || lpad(k::text, 8, ''0''), at, from_brand)::text FROM ceil WHERE k <= 131071'),
 ('over', 'SELECT unanswered_count(repeat(''\'', 2033) || ''xxx'' || lpad(k::text, 8, ''0''), at, from_brand)::text FROM ceil'),
 ('over_mixed', 'SELECT unanswered_count(repeat(''\'', CASE WHEN k % 7 = 0 THEN 500 ELSE 2500 END) || lpad(k::text, 8, ''0''), at, from_brand)::text FROM ceil');
SQL
ceiling "first_reply_sketch ceiling (text ids)" ceil_fr $limit $limit \
	"ERROR 54000: too many conversations in one group / A first_reply_sketch_state must print and dump within 1073740799 bytes, and the group's conversations \\(text ids\\) need more"
# Ids of mixed lengths (one in 7 short): each plan crosses the limit at a
# different count of conversations, and the error must still read the same
# (issue 20, A5: the DETAIL used to say "at least N conversations").
mixed_same "first_reply_sketch ceiling, mixed id lengths" ceil_fr
dump_round_trip "first_reply_sketch ceiling" first_reply_sketch_transfn first_reply_sketch_state \
	"text, timestamptz, boolean" "repeat('\\', 2033) || 'xxx' || lpad(k::text, 8, '0'), at, from_brand" ceil

# reply_wait_sketch's ceiling on its flat form: a 24-byte header, per
# conversation its id (text: 4 + length) and 8 bytes, 8 bytes per message.
# With 8,172-byte text ids and one customer message each a conversation
# takes 8,192 bytes: 131,071 take 1,073,733,656 bytes.  No message is
# answered, so the sketch at the limit is NULL.  The times are
# microseconds after 2000-01-01, 6 digits at most, so that the dump (each
# id as dumped plus 5 bytes, each time's digits plus 1: 8,186 bytes a
# conversation) stays below the flat form and the flat form is the limit
# tested here.
limit=131071
pt_sql -v n=$((limit + 1)) <<'SQL'
CREATE TABLE ceil_rw AS
SELECT k, timestamptz '2000-01-01 00:00:00+00' + k * interval '1 microsecond' AS at, false AS from_brand
FROM generate_series(1, :n) k ORDER BY hashint8(k);
ANALYZE ceil_rw;
DELETE FROM queries;
DELETE FROM plans;
INSERT INTO queries VALUES
 ('at', 'SELECT quantile_sketch_send(reply_wait_sketch(repeat(''x'', CASE WHEN k <= 131071 THEN 8164 ELSE 7115 END) || lpad(k::text, 8, ''0''), at, from_brand))::text FROM ceil_rw'),
 ('over', 'SELECT quantile_sketch_send(reply_wait_sketch(repeat(''x'', CASE WHEN k <= 131071 THEN 8164 ELSE 8131 END) || lpad(k::text, 8, ''0''), at, from_brand))::text FROM ceil_rw');
SQL
# 'at' ends exactly at the limit (131,071 conversations as above, then one
# with a 7,123-byte id: 20 + 7,123 bytes more, 1,073,740,799 in all) and
# must pass on every plan; 'over' ends 8 bytes below MaxAllocSize (an
# 8,139-byte last id), which passed serially and failed in a one-worker
# plan with XX000 "invalid memory alloc request size" (issue 20, A5: the
# worker's tuple is the state plus its header), and must give the same
# 54000 on every plan.  (Two queries, not four: the limit and one byte
# past it are what matter, and each query builds 1 GB of ids per plan.)
ceiling "reply_wait_sketch ceiling (text ids)" ceil_rw $((limit + 1)) NULL \
	"ERROR 54000: reply_wait_sketch: too many messages in one group / The group's state would need more than the limit of 1073740799 bytes, stored or dumped \\(text ids"
pt_sql -c "DROP TABLE ceil_rw"

# reply_wait_sketch's ceiling on its dump (issue 20, A4): a 64-byte header,
# per conversation its id as dumped plus 5 bytes, per message its time's
# digits plus 1.  Ids of 2,039 backslashes, "xxxxx" and 8 digits dump as
# 2 + 8,156 + 13 = 8,171 bytes; with one message in 2026 (15 digits) a
# conversation takes 8,192: 131,071 fit, the 131,072nd crosses the limit.
# The flat form is 271 MB: the old ceiling let through states whose dump
# passed 1 GB.  The state at the limit is dumped and read back.  The rows
# are first_reply_sketch's above (table ceil: 131,072 customer messages in
# 2026).
pt_sql <<'SQL'
DELETE FROM queries;
DELETE FROM plans;
INSERT INTO queries VALUES
 ('at', 'SELECT quantile_sketch_send(reply_wait_sketch(repeat(''\'', 2039) || ''xxxxx'' || lpad(k::text, 8, ''0''), at, from_brand))::text FROM ceil WHERE k <= 131071'),
 ('over', 'SELECT quantile_sketch_send(reply_wait_sketch(repeat(''\'', 2039) || ''xxxxx'' || lpad(k::text, 8, ''0''), at, from_brand))::text FROM ceil');
SQL
ceiling "reply_wait_sketch ceiling on the dump (text ids)" ceil_rwd $limit NULL \
	"ERROR 54000: reply_wait_sketch: too many messages in one group / The group's state would need more than the limit of 1073740799 bytes, stored or dumped \\(text ids"
dump_round_trip "reply_wait_sketch ceiling on the dump" reply_wait_sketch_transfn reply_wait_sketch_state \
	"text, timestamptz, boolean" "repeat('\\', 2039) || 'xxxxx' || lpad(k::text, 8, '0'), at, from_brand" ceil
pt_sql -c "DROP TABLE ceil"

# Slow tier: first_reply_sketch's bigint ceiling: with 19-digit ids (hash-
# like, 10^18 plus up to 2^62) a conversation takes 19 + 47 = 66 dump bytes,
# so (1,073,740,799 - 64) / 66 = 16,268,799 conversations fit (one customer
# message each, all unanswered), on every plan.
if [ "${SM_SLOW:-}" = 1 ]; then
	limit=16268799
	pt_sql -v n=$((limit + 1)) <<'SQL'
CREATE TABLE ceil8 AS SELECT k FROM generate_series(1, :n) k;
ANALYZE ceil8;
DELETE FROM queries;
DELETE FROM plans;
INSERT INTO queries VALUES
 ('at', 'SELECT unanswered_count(1000000000000000000 + (((hashint4(k)::bigint & 1073741823) << 32) | k), timestamptz ''2026-01-05'' + k * interval ''1 second'', false)::text FROM ceil8 WHERE k <= 16268799'),
 ('over', 'SELECT unanswered_count(1000000000000000000 + (((hashint4(k)::bigint & 1073741823) << 32) | k), timestamptz ''2026-01-05'' + k * interval ''1 second'', false)::text FROM ceil8');
SQL
	t0=$SECONDS
	# forced left out here (it is the serial aggregate, run in one worker:
	# checked on the text-id ceiling above) to stay within 10 minutes: 692 s
	# with it on the 2-core CI machine at a load of 10
	one=(serial parallel one_worker)
	ceiling "first_reply_sketch ceiling (bigint ids)" ceil8 $limit $limit \
		"ERROR 54000: too many conversations in one group / A first_reply_sketch_state must print and dump within 1073740799 bytes, and the group's conversations \\(bigint ids\\)"
	pt_sql -c "DROP TABLE ceil8"

	# first_reply_state (one conversation, first_reply_seconds): at most
	# (1,073,740,799 - 64) / 20 = 53,687,036 early brand messages, so that
	# its text form fits; the state at the limit dumps and loads back, one
	# more message is the error.  Times in the year 290000 have 19 digits,
	# the most a valid timestamp has, so the dump is as long as it can be.
	limit=53687036
	pt_sql -c "CREATE TABLE ceil_fr1 AS SELECT k, timestamptz '290000-01-01 00:00:00+00' + k * interval '1 microsecond' AS at FROM generate_series(1, $((limit + 1))) k"
	r=$(pt_sql -c "SET max_parallel_workers_per_gather = 0" \
		-c "SELECT try('SELECT first_reply_seconds(at, true) FROM ceil_fr1')")
	if [ "$r" = "ERROR 54000: first_reply_state cannot hold more than 53687036 brand messages before the first customer message / " ]; then
		ok "first_reply_state: one early brand message over the limit: $r"
	else
		bad "first_reply_state: one early brand message over the limit: $(cut -c1-300 <<<"$r")"
	fi
	dump_round_trip "first_reply_state ceiling" first_reply_transfn first_reply_state \
		"timestamptz, boolean" "at, true" ceil_fr1
	pt_sql -c "DROP TABLE ceil_fr1"
	echo "(slow tier: $((SECONDS - t0))s)"
else
	echo "skip - first_reply_sketch's bigint ceiling (16,268,799 conversations): slow tier, SM_SLOW=1 runs it"
fi

echo "(total: ${SECONDS}s)"
exit $fail
