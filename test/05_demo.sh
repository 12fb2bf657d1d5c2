#!/usr/bin/env bash
# The main job's parts: the sample-data generator, the report, and the
# benchmark runner.
#  1. demo/generate.sql makes the designed data: row counts, zero-impression
#     posts, heavy tails, Zipf skew of mentions, conversation shapes,
#     business-hours effect (plain-SQL measurements against the design);
#  2. determinism: a second generation, under another session TimeZone,
#     gives the same md5 over every table's ordered rows;
#  3. the report runs; the extension's engagement-rate, share-of-voice and
#     net-sentiment functions equal plain-SQL stand-ins (test/demo_oracle.sql)
#     on the demo data at full precision (1e-12 relative), and the report's
#     text is the same with either; while the extension lacks them (before
#     the foundation lands) only the stand-in run is checked;
#     sections C and D (best time to post, what works) flag the planted
#     lifts (video, giveaway) and nothing else: no other type or tag, and no
#     hour-of-week slot (the sample data plant none);
#  4. with pairing, sketch and business time in the extension: the report's
#     response-time section runs, first_reply_sketch counts the same
#     conversations as plain SQL, its p50 is within the sketch's error of
#     percentile_disc, and business_seconds over each local day equals the
#     opening hours the generator used;
#  5. bench/run.sh on tiny data (its results file in the scratch directory,
#     never the committed bench/results/): medians, floor ratios, scaling of @data,
#     @set with parallel workers, PASS/FAIL/ERROR of checks, exit status.
set -euo pipefail

psql=(psql -X -q -v ON_ERROR_STOP=1)
fails=0
ok() { echo "ok - $*"; }
bad() { echo "not ok - $*"; fails=$((fails + 1)); }
# run_checks [psql options]: each row the SQL on stdin returns is
# "ok|<description>" or "not ok|<description>".
run_checks() {
	local line
	while IFS= read -r line; do
		[ -n "$line" ] || continue
		if [[ $line == ok\|* ]]; then ok "${line#ok|}"; else bad "${line#*|}"; fi
	done < <("${psql[@]}" -At -F '|' "$@" -f -)
}
has_functions() {
	local n
	n=$("${psql[@]}" -At -c "SELECT count(DISTINCT p.proname) FROM pg_proc p
		JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
		JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'social_metrics'
		WHERE p.proname = ANY ('{$1}')")
	[ "$n" -eq "$(tr ',' '\n' <<<"$1" | wc -l)" ]
}

"${psql[@]}" -c 'CREATE EXTENSION social_metrics'

# 1. generation and the design ------------------------------------------------
start=$(date +%s%N)
"${psql[@]}" -f "$SM_ROOT/demo/schema.sql" -f "$SM_ROOT/demo/generate.sql"
ms=$((($(date +%s%N) - start) / 1000000))
if [ "$ms" -lt 30000 ]; then ok "generation takes $ms ms (< 30 s)"; else bad "generation takes $ms ms"; fi

run_checks <<'EOF'
SELECT CASE WHEN c THEN 'ok' ELSE 'not ok' END, d FROM (VALUES
 ((SELECT count(*) FROM demo.brands) = 10, '10 brands'),
 ((SELECT count(*) FROM demo.accounts) = 20, '20 accounts'),
 ((SELECT count(*) FROM demo.follower_history) = 20 * 112, 'follower history: 112 days per account'),
 ((SELECT count(*) FROM demo.posts) = 30000, '30,000 posts'),
 ((SELECT count(*) FROM demo.conversations) = 24000, '24,000 conversations'),
 ((SELECT count(*) BETWEEN 90000 AND 110000 FROM demo.messages), '~100,000 messages'),
 ((SELECT count(*) FROM demo.mentions) = 200000, '200,000 mentions'),
 ((SELECT count(*) FROM demo.brands WHERE focus) = 1, 'one focus brand')
) AS t(c, d);

-- posts
WITH p AS (SELECT * FROM demo.posts)
SELECT CASE WHEN c THEN 'ok' ELSE 'not ok' END, d FROM (VALUES
 ((SELECT avg((impressions = 0)::int) BETWEEN 0.01 AND 0.02 FROM p), 'about 1.5 % of posts have 0 impressions'),
 ((SELECT count(*) > 0 FROM p WHERE impressions = 0 AND engagements > 0), 'some zero-impression posts carry engagements'),
 ((SELECT avg((reach IS NULL)::int) BETWEEN 0.005 AND 0.015 FROM p), 'about 1 % of posts have no reach'),
 ((SELECT bool_and(reach <= impressions) FROM p WHERE reach IS NOT NULL), 'reach <= impressions'),
 ((SELECT bool_and(likes >= 0 AND comments >= 0 AND shares >= 0 AND saves >= 0) FROM p), 'counters are >= 0'),
 ((SELECT percentile_disc(0.99) WITHIN GROUP (ORDER BY impressions) > 15 * percentile_disc(0.5) WITHIN GROUP (ORDER BY impressions) FROM p),
  'impressions are heavy-tailed: p99 > 15 x median'),
 ((SELECT max(impressions) > 300 * percentile_disc(0.5) WITHIN GROUP (ORDER BY impressions) FROM p), 'viral posts: max > 300 x median'),
 ((SELECT avg(engagements::float8 / impressions) FILTER (WHERE impressions > 0) > 1.2 * sum(engagements)::float8 / sum(impressions) FROM p),
  'mean of per-post rates > 1.2 x ratio of sums (small posts engage more)'),
 ((SELECT corr(ln(reach), ln((engagements + 0.5) / reach)) < -0.1 FROM p WHERE reach > 0), 'engagement rate falls as reach grows'),
 ((SELECT min(posted_at) >= '2026-01-04' AND max(posted_at) < '2026-04-28' FROM p), 'posts within the 16 weeks'),
 ((SELECT bool_and(f.followers > 0) FROM demo.follower_history f), 'followers > 0'),
 ((SELECT a.followers = h.followers FROM demo.accounts a JOIN demo.follower_history h
    ON h.account_id = a.account_id AND h.day = '2026-04-26' WHERE a.account_id = 1), 'history ends at accounts.followers')
) AS t(c, d);

-- mentions: Zipf of exponent 1 (Cobalt, rank 2, has a crisis week on top)
WITH n AS (SELECT b.brand, b.mention_rank AS r, count(*) AS c FROM demo.mentions m JOIN demo.brands b USING (brand) GROUP BY 1, 2),
fit AS (SELECT regr_slope(ln(c), ln(r)) AS slope FROM n WHERE brand <> 'Cobalt')
SELECT CASE WHEN c THEN 'ok' ELSE 'not ok' END, d FROM (VALUES
 ((SELECT bool_and(c1 > c2) FROM (SELECT c AS c1, lead(c) OVER (ORDER BY r) AS c2 FROM n) x WHERE c2 IS NOT NULL),
  'mentions fall with the brand''s rank'),
 ((SELECT (SELECT c FROM n WHERE r = 1)::float8 / (SELECT c FROM n WHERE r = 10) BETWEEN 8.5 AND 11.5),
  'rank 1 has ~10x the mentions of rank 10'),
 ((SELECT slope BETWEEN -1.08 AND -0.92 FROM fit), 'log-log slope of mentions by rank is -1'),
 ((SELECT avg((sentiment = 0)::int) BETWEEN 0.37 AND 0.43 FROM demo.mentions), '40 % neutral mentions'),
 ((SELECT avg((sentiment IS NULL)::int) BETWEEN 0.015 AND 0.025 FROM demo.mentions), '2 % unscored mentions'),
 ((SELECT count(*) FILTER (WHERE at >= '2026-03-16 07:00+00' AND at < '2026-03-23 07:00+00') > 3 * count(*) / 16
   FROM demo.mentions WHERE brand = 'Cobalt'), 'Cobalt''s crisis week triples its volume'),
 ((SELECT percentile_disc(0.99) WITHIN GROUP (ORDER BY engagements) > 30 * percentile_disc(0.5) WITHIN GROUP (ORDER BY engagements)
   FROM demo.mentions), 'mention engagements are heavy-tailed')
) AS t(c, d);

-- conversations, by a plain-SQL pairing (first customer message, first
-- non-automated brand message strictly after it)
CREATE TEMP TABLE fr AS
SELECT c.conversation_id, c.brand, c.kind, x.asked_at,
	(SELECT min(m.at) FROM demo.messages m WHERE m.conversation_id = c.conversation_id
	 AND m.from_brand AND NOT m.automated AND m.at > x.asked_at) AS replied_at,
	(SELECT from_brand FROM demo.messages m WHERE m.conversation_id = c.conversation_id ORDER BY at, message_id LIMIT 1) AS brand_first
FROM demo.conversations c
CROSS JOIN LATERAL (SELECT min(at) AS asked_at FROM demo.messages m
	WHERE m.conversation_id = c.conversation_id AND NOT m.from_brand) AS x;
CREATE TEMP TABLE open_hours AS  -- was the first message inside the brand's opening hours?
SELECT f.*, extract(epoch FROM f.replied_at - f.asked_at) AS reply_s,
	CASE extract(isodow FROM l.t) WHEN 6 THEN l.t::time >= b.sat_open AND l.t::time < b.sat_close
		WHEN 7 THEN l.t::time >= b.sun_open AND l.t::time < b.sun_close
		ELSE l.t::time >= b.wk_open AND l.t::time < b.wk_close END
	AND NOT l.t::date = ANY (b.holidays) AS in_hours
FROM fr f JOIN demo.brands b USING (brand)
CROSS JOIN LATERAL (SELECT f.asked_at AT TIME ZONE b.tz AS t) AS l
WHERE f.asked_at IS NOT NULL;
SELECT CASE WHEN c THEN 'ok' ELSE 'not ok' END, d FROM (VALUES
 ((SELECT count(DISTINCT kind) = 4 FROM demo.conversations), 'four kinds of conversation'),
 ((SELECT bool_and(brand_first = (kind IN ('brand_first', 'brand_only'))) FROM fr), 'brand-first conversations open with a brand message'),
 ((SELECT bool_and(asked_at IS NULL) FROM fr WHERE kind = 'brand_only'), 'brand-only conversations have no customer message'),
 ((SELECT bool_and(replied_at IS NULL) FROM fr WHERE kind = 'unanswered'), 'unanswered conversations get no reply'),
 ((SELECT bool_and(replied_at IS NOT NULL) FROM fr WHERE kind IN ('inbound', 'brand_first')), 'the others get one'),
 ((SELECT avg((replied_at IS NULL)::int) BETWEEN 0.08 AND 0.14 FROM fr WHERE asked_at IS NOT NULL), '~11 % of customer conversations unanswered'),
 ((SELECT bool_and(from_brand) FROM demo.messages WHERE automated), 'automated messages are the brand''s'),
 ((SELECT count(*) > 1000 FROM demo.messages WHERE automated), 'bots acknowledge conversations'),
 ((SELECT count(*) > 1000 FROM (SELECT from_brand, lag(from_brand) OVER (PARTITION BY conversation_id ORDER BY at, message_id) AS prev
   FROM demo.messages) x WHERE NOT from_brand AND NOT prev), 'runs of customer messages'),
 ((SELECT bool_and(ok) FROM (SELECT at >= lag(at) OVER (PARTITION BY conversation_id ORDER BY message_id) AS ok FROM demo.messages) x),
  'message ids follow time within a conversation'),
 ((SELECT bool_and(extract(microseconds FROM at)::bigint % 1000000 = 0) FROM demo.messages), 'message times are whole seconds'),
 ((SELECT percentile_disc(0.99) WITHIN GROUP (ORDER BY reply_s) > 20 * percentile_disc(0.5) WITHIN GROUP (ORDER BY reply_s)
   FROM open_hours WHERE brand = 'Borealis'), 'reply delays are heavy-tailed'),
 ((SELECT max(reply_s) > 3 * 86400 FROM open_hours), 'some replies take days'),
 ((SELECT 5 * percentile_disc(0.5) WITHIN GROUP (ORDER BY reply_s) FILTER (WHERE in_hours)
   < percentile_disc(0.5) WITHIN GROUP (ORDER BY reply_s) FILTER (WHERE NOT in_hours) FROM open_hours),
  'business-hours effect: median reply outside opening hours > 5x inside')
) AS t(c, d);
EOF

# 2. determinism ---------------------------------------------------------------
digest() {
	PGOPTIONS="-c TimeZone=UTC -c extra_float_digits=3" "${psql[@]}" -At <<'EOF'
SELECT string_agg(format('%s %s', t, h), ' ' ORDER BY t) FROM (
 SELECT 'brands', md5(string_agg(x::text, E'\n' ORDER BY brand)) FROM demo.brands x UNION ALL
 SELECT 'accounts', md5(string_agg(x::text, E'\n' ORDER BY account_id)) FROM demo.accounts x UNION ALL
 SELECT 'history', md5(string_agg(x::text, E'\n' ORDER BY account_id, day)) FROM demo.follower_history x UNION ALL
 SELECT 'posts', md5(string_agg(x::text, E'\n' ORDER BY post_id)) FROM demo.posts x UNION ALL
 SELECT 'conversations', md5(string_agg(x::text, E'\n' ORDER BY conversation_id)) FROM demo.conversations x UNION ALL
 SELECT 'messages', md5(string_agg(x::text, E'\n' ORDER BY message_id)) FROM demo.messages x UNION ALL
 SELECT 'mentions', md5(string_agg(x::text, E'\n' ORDER BY mention_id)) FROM demo.mentions x) AS s(t, h)
EOF
}
first=$(digest)
PGOPTIONS="-c TimeZone=Pacific/Chatham -c DateStyle=SQL,DMY -c max_parallel_workers_per_gather=0" \
	"${psql[@]}" -f "$SM_ROOT/demo/generate.sql"
second=$(digest)
if [ "$first" = "$second" ]; then
	ok "a second generation (another TimeZone, DateStyle, no parallelism) gives the same rows"
else
	bad "generation is not deterministic: $first / $second"
fi

# 3. the report -----------------------------------------------------------------
"${psql[@]}" -f "$SM_ROOT/test/demo_oracle.sql"
ratio_functions=engagement_rate,engagement_rate_agg,avg_engagement_rate,share_of_voice,net_sentiment
report() { "${psql[@]}" -v demo_dir="$SM_ROOT/demo" -f "$SM_ROOT/demo/report.sql"; }
start=$(date +%s%N)
if ! PGOPTIONS="-c search_path=sm_oracle,public" report >"$SM_TMP/report_oracle.txt" 2>"$SM_TMP/report_oracle.err"; then
	bad "report with the plain-SQL stand-ins: $(head -n 5 "$SM_TMP/report_oracle.err")"
fi
ms=$((($(date +%s%N) - start) / 1000000))
for section in 'A2. ' '1a. ' '1b. ' '1c. ' '2a. ' '2b. ' 'X1. ' 'X2. '; do
	grep -q "^$section" "$SM_TMP/report_oracle.txt" || bad "report lacks section $section"
done
# 1a has a row per account, 1b and X1 too
n=$(grep -cE '^ [a-z]+_(ig|fb|tt|li) +\|' "$SM_TMP/report_oracle.txt" || true)
[ "$n" -ge 60 ] && ok "report lists every account ($n rows)" || bad "report lists $n account rows, expected >= 60"
if has_functions "$ratio_functions"; then
	# The report rounds, so it hides small deviations (such as dropping the
	# engagements of zero-impression posts): compare at full precision first,
	# in one query per group, the extension's function against the stand-in.
	ext=$("${psql[@]}" -At -c "SELECT extnamespace::regnamespace FROM pg_extension WHERE extname = 'social_metrics'")
	run_checks -v ext="$ext" <<'EOF'
CREATE TEMP TABLE d AS
SELECT 'posts by account-week' AS what, a, b FROM (
	SELECT :ext.engagement_rate_agg(p.engagements, p.impressions) AS a, sm_oracle.engagement_rate_agg(p.engagements, p.impressions) AS b
	FROM demo.posts p GROUP BY p.account_id, date_trunc('week', p.posted_at)
	UNION ALL SELECT :ext.engagement_rate_agg(p.engagements, p.reach), sm_oracle.engagement_rate_agg(p.engagements, p.reach)
	FROM demo.posts p GROUP BY p.account_id, date_trunc('week', p.posted_at)
	UNION ALL SELECT :ext.avg_engagement_rate(p.engagements, p.impressions), sm_oracle.avg_engagement_rate(p.engagements, p.impressions)
	FROM demo.posts p GROUP BY p.account_id, date_trunc('week', p.posted_at)
	UNION ALL SELECT :ext.avg_engagement_rate(p.engagements, p.reach), sm_oracle.avg_engagement_rate(p.engagements, p.reach)
	FROM demo.posts p GROUP BY p.account_id, date_trunc('week', p.posted_at)
	UNION ALL SELECT :ext.engagement_rate(p.engagements, p.reach), sm_oracle.engagement_rate(p.engagements, p.reach)
	FROM demo.posts p
) AS x
UNION ALL
SELECT 'mentions by week and brand', a, b FROM (
	SELECT :ext.share_of_voice(m.brand, f.brand) AS a, sm_oracle.share_of_voice(m.brand, f.brand) AS b
	FROM demo.mentions m CROSS JOIN demo.brands f WHERE f.brand IN ('Borealis', 'Acme', 'Juniper') GROUP BY f.brand, date_trunc('week', m.at)
	UNION ALL SELECT :ext.share_of_voice(m.brand, f.brand, m.engagements), sm_oracle.share_of_voice(m.brand, f.brand, m.engagements)
	FROM demo.mentions m CROSS JOIN demo.brands f WHERE f.brand IN ('Borealis', 'Acme', 'Juniper') GROUP BY f.brand, date_trunc('week', m.at)
	UNION ALL SELECT :ext.net_sentiment(m.sentiment), sm_oracle.net_sentiment(m.sentiment)
	FROM demo.mentions m GROUP BY m.brand, date_trunc('week', m.at)
) AS y;
SELECT CASE WHEN count(*) FILTER (WHERE NOT agree) = 0 THEN 'ok' ELSE 'not ok' END,
	format('%s: %s values equal the plain-SQL oracle''s to 1e-12 relative (%s differ%s)', what, count(*),
		count(*) FILTER (WHERE NOT agree),
		coalesce(', e.g. ' || min(format('%s vs %s', a, b)) FILTER (WHERE NOT agree), ''))
FROM (SELECT what, a, b, (a IS NULL AND b IS NULL) OR abs(a - b) <= 1e-12 * abs(b) AS agree FROM d) AS z
GROUP BY what ORDER BY what;
EOF
	start=$(date +%s%N)
	if report >"$SM_TMP/report.txt" 2>"$SM_TMP/report.err"; then
		ms=$((($(date +%s%N) - start) / 1000000))
		ok "report runs with the extension's functions in $ms ms"
		if diff -u "$SM_TMP/report_oracle.txt" "$SM_TMP/report.txt" >"$SM_TMP/report.diff"; then
			ok "report figures equal the plain-SQL oracle's"
		else
			bad "report differs from the plain-SQL oracle:"; head -n 40 "$SM_TMP/report.diff"
		fi
	else
		bad "report: $(head -n 5 "$SM_TMP/report.err")"
	fi
	cat "$SM_TMP/report.txt"
else
	echo "# the extension lacks some of $ratio_functions: the report ran with the plain-SQL stand-ins only ($ms ms)"
	cat "$SM_TMP/report_oracle.txt"
fi

# sections C and D: the planted lifts are flagged, nothing else is
if has_functions hour_of_week,p_adjust,engagement_rate_lift,engagement_rate_shrunk; then
	rep=$SM_TMP/report_oracle.txt
	flags=$(sed -n '/^D1\. /,/^$/p' "$rep" | grep -E '▲|▼' | awk -F'|' '{gsub(/ /, "", $2); gsub(/^ +| +$/, "", $7); print $2 "=" $7}' | sort | paste -sd, -)
	[ "$flags" = "giveaway=▲ works,video=▲ works" ] && ok "what works flags exactly the planted lifts: $flags" ||
		bad "what works flags '$flags', expected 'giveaway=▲ works,video=▲ works'"
	# the planted slot (acme_tt, Tuesday 12:00 local) and nothing else
	c2=$(sed -n '/^C2\. /,/^$/p' "$rep")
	if grep -qE '^ acme_tt .*\| Tue 12:00 [^;]*$' <<<"$c2" && grep -qE '^ acme_fb .*\| no slot is reliably better$' <<<"$c2"; then
		ok "best time to post claims exactly the planted slot (acme_tt Tue 12:00)"
	else
		bad "best time to post does not claim exactly the planted slot:"; printf '%s\n' "$c2"
	fi
	grep -q '^C1\. ' "$rep" && grep -qE '^ acme_tt Mon +\|' "$rep" && ok "best time to post has the heat map" ||
		bad "best time to post lacks its heat map"
else
	echo "# the extension lacks the decision functions (1.2.0): sections C and D not checked"
fi

# 4. response times, once pairing, the sketch and business time exist ------------
response_functions=first_reply_seconds,first_reply_sketch,quantile_sketch,approx_percentile,approx_percentiles,approx_rank,sketch_count,sketch_error,rollup,business_seconds,local_bucket,local_date
if has_functions "$response_functions"; then
	if "${psql[@]}" -f "$SM_ROOT/demo/report_response.sql" >"$SM_TMP/response.txt" 2>"$SM_TMP/response.err"; then
		ok "the response-time section runs"
		cat "$SM_TMP/response.txt"
	else
		bad "response-time section: $(head -n 5 "$SM_TMP/response.err")"
	fi
	run_checks <<'EOF'
CREATE TEMP TABLE exact AS
SELECT c.brand, extract(epoch FROM (SELECT min(m.at) FROM demo.messages m WHERE m.conversation_id = c.conversation_id
	AND m.from_brand AND NOT m.automated AND m.at > x.asked_at) - x.asked_at)::float8 AS reply_s
FROM demo.conversations c
CROSS JOIN LATERAL (SELECT min(at) AS asked_at FROM demo.messages m WHERE m.conversation_id = c.conversation_id AND NOT m.from_brand) AS x
WHERE x.asked_at IS NOT NULL;
WITH s AS (
	SELECT brand, first_reply_sketch(conversation_id, at, from_brand) FILTER (WHERE NOT automated) AS s
	FROM demo.messages GROUP BY brand
), e AS (
	SELECT brand, count(reply_s) AS n, percentile_disc(0.5) WITHIN GROUP (ORDER BY reply_s) AS p50 FROM exact GROUP BY brand
)
SELECT CASE WHEN bool_and(sketch_count(s.s) = e.n) THEN 'ok' ELSE 'not ok' END,
	'first_reply_sketch per brand counts the answered conversations of the plain-SQL pairing'
FROM s JOIN e USING (brand)
UNION ALL
SELECT CASE WHEN bool_and(abs(approx_percentile(s.s, 0.5) - e.p50) <= 2 * sketch_error(s.s) * e.p50 + 1) THEN 'ok' ELSE 'not ok' END,
	'first_reply_sketch p50 per brand within the sketch''s error of percentile_disc'
FROM s JOIN e USING (brand);

-- every local day of the period: open seconds by the calendar text = the
-- structured hours the generator used
WITH d AS (
	SELECT b.*, day::date AS day FROM demo.brands b, generate_series(date '2026-01-05', date '2026-04-26', interval '1 day') AS day
), x AS (
	SELECT brand, day,
		business_seconds(day::timestamp AT TIME ZONE tz, (day + 1)::timestamp AT TIME ZONE tz, calendar::business_calendar) AS got,
		CASE WHEN day = ANY (holidays) THEN 0 ELSE coalesce(extract(epoch FROM
			CASE extract(isodow FROM day) WHEN 6 THEN sat_close - sat_open WHEN 7 THEN sun_close - sun_open
			ELSE wk_close - wk_open END), 0) END AS want
	FROM d
)
SELECT CASE WHEN count(*) = 0 THEN 'ok' ELSE 'not ok' END,
	'business_seconds of every local day = the generator''s opening hours (' || count(*) || ' days differ'
	|| coalesce(', e.g. ' || min(brand || ' ' || day || ' ' || got || ' vs ' || want), '') || ')'
FROM x WHERE got IS DISTINCT FROM want;
EOF
else
	echo "# the extension lacks some of $response_functions: response-time section not run"
fi

# 5. the benchmark runner on tiny data -------------------------------------------
cases=$SM_TMP/bench_cases
mkdir -p "$cases"
cat >"$cases/01_selftest.sql" <<'EOF'
-- @data
CREATE TABLE IF NOT EXISTS selftest AS SELECT i FROM generate_series(1, 10000000) AS i;
-- @query floor: SELECT pg_sleep(0.02)
-- @query slow: SELECT pg_sleep(0.1)
-- @query scaled:
SELECT pg_sleep(CASE WHEN count(*) = 3000 THEN 0.04 ELSE 0.3 END)
  -- a comment inside the query
  FROM selftest;
-- @set max_parallel_workers_per_gather = 2
-- @set parallel_setup_cost = 0
-- @set parallel_tuple_cost = 0
-- @set min_parallel_table_scan_size = 0
-- @query par: SELECT count(*) FROM selftest
-- @check slow / floor >= 3
-- @check scaled / floor <= 4
-- @check floor / slow >= 3
-- @check nosuch / floor <= 1
EOF
set +e
SM_BENCH_ROWS=3000 SM_BENCH_SHARED_BUFFERS=128MB SM_BENCH_WORK_MEM=16MB \
	bash "$SM_ROOT/bench/run.sh" --cases "$cases" --out "$SM_TMP/bench_out" --results "$SM_TMP/bench_results" \
	-n 3 >"$SM_TMP/bench.txt" 2>&1
rc=$?
set -e
sed 's/^/    /' "$SM_TMP/bench.txt"
res=$SM_TMP/bench_out/results.tsv chk=$SM_TMP/bench_out/checks.tsv
[ "$rc" -eq 1 ] && ok "runner exits 1 when a check fails" || bad "runner exit status $rc, expected 1"
if [ -s "$res" ] && [ -s "$chk" ]; then
	awk -F'\t' '$3 == "floor" && $5 >= 19 && $5 < 60 { f = 1 } $3 == "slow" && $5 >= 99 && $5 < 160 { s = 1 }
		$3 == "floor" && $8 == "1.00" { r = 1 } END { exit !(f && s && r) }' "$res" &&
		ok "runner medians match pg_sleep, floor ratio 1.00" || bad "runner medians: $(cat "$res")"
	awk -F'\t' '$3 == "par" && $4 ~ /^2\/[12]$/ { p = 1 } END { exit !p }' "$res" &&
		ok "@set reaches the query: 2 parallel workers planned" || bad "no parallel plan: $(cat "$res")"
	want=$'PASS\tslow / floor >= 3\nPASS\tscaled / floor <= 4\nFAIL\tfloor / slow >= 3\nERROR\tnosuch / floor <= 1'
	got=$(awk -F'\t' '{ print $2 "\t" $4 }' "$chk")
	[ "$got" = "$want" ] && ok "checks: PASS, PASS (rows scaled), FAIL, ERROR (unknown label)" ||
		bad "checks: got $got"
else
	bad "runner wrote no results"
fi
set +e
SM_BENCH_ROWS=20000 SM_BENCH_SHARED_BUFFERS=128MB bash "$SM_ROOT/bench/run.sh" -n 1 -w 0 \
	--out "$SM_TMP/bench_out2" --results "$SM_TMP/bench_results2" 00_floor >"$SM_TMP/bench2.txt" 2>&1
rc=$?
set -e
[ "$rc" -le 1 ] && ok "bench/cases/00_floor.sql runs (20,000 rows)" || { bad "00_floor: exit $rc"; tail -n 20 "$SM_TMP/bench2.txt"; }

echo "$fails failed"
[ "$fails" -eq 0 ]
