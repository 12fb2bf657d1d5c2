#!/usr/bin/env bash
# The pairing aggregates against a plain-SQL pairing, in every row order and
# with every id form (issue 11).  Generated conversations (test/pairing/
# conversations.sql: 20,000 conversations, ~88k messages, 37 accounts; short
# 2-4 message conversations, long ones, brand-first, minute-resolution ties,
# unanswered, brand-only, bot auto-acknowledgements excluded by FILTER, NULL
# times and senders) are stored in five physical orders: time order
# (interleaved, friendly), shuffled, descending time, brand rows first in
# descending time, and round robin (every conversation open at once); each
# with five id forms: sequential, hash-like over the bigint range, clustered,
# text (near-equal forms 'id7', 'id7 ', 'ID7', long strings) and uuid.
#
# Serial HashAggregate (each group sees the rows in the table's order), per
# account and as one group; for every order x id form:
#  - first_reply_sketch holds the oracle's waits (first customer message,
#    first brand message strictly after it), checked without the extension's
#    own quantile_sketch: its exact count, min, max and sum equal the
#    waits', and its percentiles (1 % ... 99 %) are within the documented
#    relative error (alpha of 35 buckets an octave) of the exact nearest-rank
#    percentile of the sorted waits; unanswered_count and unanswered_share
#    equal the oracle's;
#  - sla_attainment(..., target) equals (answered within target) / (asked),
#    unanswered counted as misses, for targets 0, 60 (waits of exactly 60 s
#    exist: <= is inclusive), 3600 and 1e9;
#  - the business-hours variants (calendar argument) hold, in the same way,
#    business_seconds(first customer message, reply, calendar) of the
#    oracle's pairs, and their SLA share;
#  - bigint, text and uuid ids of the same conversations give the same bytes.
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
		"sla_attainment($t, timestamptz, boolean, float8, business_calendar)")
done
pt_require "${req[@]}"

out=$SM_TMP/checks.txt
pt_sql -v n=20000 -v accounts=37 -f "$here/pairing/conversations.sql" >/dev/null
rc=0
pt_sql >"$out" <<'SQL' || rc=$?
SET TimeZone = 'UTC';
SET max_parallel_workers_per_gather = 0;
SET enable_sort = off;   -- HashAggregate: each group reads rows in table order

-- The data has what the test is about.
SELECT 'data: customer/brand ties at the same instant|' || (count(*) > 100) FROM (
  SELECT c, at FROM gen WHERE at IS NOT NULL GROUP BY c, at
  HAVING bool_or(from_brand) AND bool_or(NOT from_brand)) t;
SELECT 'data: conversations opened by the brand, later answered|' ||
       (count(*) > 500) FROM oracle o
WHERE o.secs IS NOT NULL AND EXISTS (SELECT FROM gen g WHERE g.c = o.c AND g.from_brand AND g.at < o.c0);
SELECT 'data: answered, unanswered, not asked|' ||
       (count(secs) > 10000 AND count(*) FILTER (WHERE asked AND secs IS NULL) > 3000
        AND count(*) FILTER (WHERE NOT asked) > 500) FROM oracle;
SELECT 'data: short conversations are most|' ||
       (count(*) FILTER (WHERE n BETWEEN 2 AND 4) > 0.5 * count(*)) FROM (SELECT count(*) AS n FROM gen GROUP BY c) t;
SELECT 'data: the bot filter changes the pairing|' || (count(*) > 1000) FROM oracle o
WHERE o.kind = 'bot' AND o.secs > 10;
SELECT 'data: waits of exactly 60 s (boundary of target 60)|' || (count(*) > 100) FROM oracle WHERE secs = 60;
SELECT 'data: business waits of 0 and of more than a business day|' ||
       (count(*) FILTER (WHERE bsecs = 0) > 1000 AND count(*) FILTER (WHERE bsecs > 28800) > 10) FROM oracle;

-- Expected values (metric, account, value as text; account -1 = one group).
CREATE TABLE targets (metric text, target float8, business bool);
INSERT INTO targets VALUES ('sla_0', 0, false), ('sla_60', 60, false), ('sla_3600', 3600, false),
  ('sla_1e9', 1e9, false), ('bsla_0', 0, true), ('bsla_3600', 3600, true), ('bsla_28800', 28800, true);
CREATE TABLE expected (metric text, account bigint, val text);
CREATE FUNCTION expect(grp text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE key text := CASE grp WHEN 'account' THEN 'account' ELSE '-1::bigint' END;
BEGIN
  EXECUTE format($q$
    INSERT INTO expected
    SELECT m.metric, g.account, m.val FROM (
      SELECT %1$s AS account,
             CASE WHEN count(secs) > 0 THEN 'ok' END AS sk, CASE WHEN count(bsecs) > 0 THEN 'ok' END AS bsk,
             count(*) FILTER (WHERE asked AND secs IS NULL) AS unans,
             count(*) FILTER (WHERE asked) AS asked
      FROM oracle GROUP BY 1) g,
    LATERAL (VALUES ('sketch', g.sk), ('bsketch', g.bsk),
                    ('unanswered_count', g.unans::text),
                    ('unanswered_share', (g.unans::float8 / nullif(g.asked, 0))::text)) m(metric, val)
    $q$, key);
  EXECUTE format($q$
    INSERT INTO expected
    SELECT t.metric, %1$s,
           ((count(*) FILTER (WHERE CASE WHEN t.business THEN bsecs ELSE secs END <= t.target))::float8
             / nullif(count(*) FILTER (WHERE asked), 0))::text
    FROM oracle, targets t GROUP BY t.metric, 2
    $q$, key);
END $$;
DO $$ BEGIN PERFORM expect('account'); PERFORM expect('one'); END $$;

-- The exact waits, sorted, per account and as one group (-1).
CREATE TABLE exact AS
SELECT 'sketch' AS metric, coalesce(account, -1) AS account,
       array_agg(secs ORDER BY secs) FILTER (WHERE secs IS NOT NULL) AS vals
FROM oracle GROUP BY GROUPING SETS ((account), ())
UNION ALL
SELECT 'bsketch', coalesce(account, -1), array_agg(bsecs ORDER BY bsecs) FILTER (WHERE bsecs IS NOT NULL)
FROM oracle GROUP BY GROUPING SETS ((account), ());
-- sketch_verdict(bytes, sorted values): 'ok' when the sketch (its binary
-- form as text) holds exactly these values as far as it can tell: exact
-- count, min, max and sum (relative 1e-12: the sum of the decimal forms),
-- and each percentile within alpha of the value of rank ceil(q n); NULL for
-- no sketch and no values; else what is wrong.
CREATE FUNCTION sketch_verdict(val text, vals float8[]) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  n int := coalesce(cardinality(vals), 0);
  g float8 := 2 ^ (1 / 35.0);
  alpha float8 := (g - 1) / (g + 1);   -- doc/sketch.md: k = 35 for the default 0.01
  s quantile_sketch; q float8; x float8; e float8; total float8; bad text := '';
BEGIN
  IF val IS NULL THEN RETURN CASE WHEN n = 0 THEN NULL ELSE format('no sketch for %s waits', n) END; END IF;
  IF n = 0 THEN RETURN 'a sketch where no wait is expected'; END IF;
  s := quantile_sketch_from_bytea(val::bytea);
  IF sketch_count(s) <> n THEN bad := bad || format(' count %s, expected %s;', sketch_count(s), n); END IF;
  IF sketch_min(s) <> vals[1] THEN bad := bad || format(' min %s, expected %s;', sketch_min(s), vals[1]); END IF;
  IF sketch_max(s) <> vals[n] THEN bad := bad || format(' max %s, expected %s;', sketch_max(s), vals[n]); END IF;
  SELECT sum(v::numeric)::float8 INTO total FROM unnest(vals) v;
  IF abs(sketch_sum(s) - total) > 1e-12 * abs(total) THEN
    bad := bad || format(' sum %s, expected %s;', sketch_sum(s), total);
  END IF;
  FOREACH q IN ARRAY '{0.01,0.1,0.25,0.5,0.75,0.9,0.95,0.99}'::float8[] LOOP
    x := vals[greatest(1, ceil(q * n)::int)];
    e := approx_percentile(s, q);
    IF abs(e - x) > alpha * x * (1 + 1e-12) THEN
      bad := bad || format(' p%s %s, exact %s;', q * 100, e, x);
    END IF;
  END LOOP;
  RETURN CASE WHEN bad = '' THEN 'ok' ELSE 'wrong:' || bad END;
END $$;

-- What the aggregates give.  A query that fails (a function that does not
-- exist yet, an error) is recorded, and its metrics count as wrong.
CREATE TABLE got (ord text, idk text, grp text, metric text, account bigint, val text, raw text);
CREATE TABLE failed (ord text, idk text, grp text, fam text, err text);
CREATE FUNCTION run(ord text, idk text, grp text, fam text, sel text, metrics text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE key text := CASE grp WHEN 'account' THEN 'account' ELSE '-1::bigint' END;
BEGIN
  sel := replace(sel, 'K,', quote_ident('conv_' || idk) || ',');
  EXECUTE format($q$
    INSERT INTO got SELECT %L, %L, %L, m.metric, g.account, m.val, m.val
    FROM (SELECT %s AS account, %s FROM %I GROUP BY 1) g, LATERAL (VALUES %s) m(metric, val)
    $q$, ord, idk, grp, key, sel, 'm_' || ord, metrics);
EXCEPTION WHEN OTHERS THEN
  INSERT INTO failed VALUES (ord, idk, grp, fam, SQLERRM);
END $$;
CREATE TABLE fams (fam text, sel text, metrics text);
INSERT INTO fams VALUES
 ('pair', $$first_reply_sketch(K, at, from_brand) FILTER (WHERE NOT automated) AS sk,
           unanswered_count(K, at, from_brand) FILTER (WHERE NOT automated) AS unans,
           unanswered_share(K, at, from_brand) FILTER (WHERE NOT automated) AS share$$,
  $$('sketch', quantile_sketch_send(g.sk)::text), ('unanswered_count', g.unans::text),
    ('unanswered_share', g.share::text)$$),
 ('sla', $$sla_attainment(K, at, from_brand, 0) FILTER (WHERE NOT automated) AS s0,
          sla_attainment(K, at, from_brand, 60) FILTER (WHERE NOT automated) AS s60,
          sla_attainment(K, at, from_brand, 3600) FILTER (WHERE NOT automated) AS s3600,
          sla_attainment(K, at, from_brand, 1e9) FILTER (WHERE NOT automated) AS s1e9$$,
  $$('sla_0', g.s0::text), ('sla_60', g.s60::text), ('sla_3600', g.s3600::text), ('sla_1e9', g.s1e9::text)$$),
 ('business', $$first_reply_sketch(K, at, from_brand, cal()) FILTER (WHERE NOT automated) AS bsk$$,
  $$('bsketch', quantile_sketch_send(g.bsk)::text)$$),
 ('business_sla', $$sla_attainment(K, at, from_brand, 0, cal()) FILTER (WHERE NOT automated) AS b0,
          sla_attainment(K, at, from_brand, 3600, cal()) FILTER (WHERE NOT automated) AS b3600,
          sla_attainment(K, at, from_brand, 28800, cal()) FILTER (WHERE NOT automated) AS b28800$$,
  $$('bsla_0', g.b0::text), ('bsla_3600', g.b3600::text), ('bsla_28800', g.b28800::text)$$);
DO $$ BEGIN
  PERFORM run(o, i, g, f.fam, f.sel, f.metrics)
  FROM unnest('{asc,shuf,desc,brand,rr}'::text[]) o, unnest('{seq,hash,clu,text,uuid}'::text[]) i,
       unnest('{account,one}'::text[]) g, fams f;
END $$;

-- Sketches become their verdict against the exact waits.
UPDATE got SET val = sketch_verdict(raw, (SELECT vals FROM exact e WHERE (e.metric, e.account) = (got.metric, got.account)))
WHERE metric IN ('sketch', 'bsketch');
SELECT format('sketch verdicts: %s, e.g. %s|%s', count(*), coalesce(min(ord || '/' || idk || '/' || grp || '/' || account || ': ' || val)
              FILTER (WHERE val <> 'ok'), 'none wrong'), (count(*) > 0)::text)
FROM got WHERE metric IN ('sketch', 'bsketch');

-- One line per metric and grouping: every order x id form equals the
-- oracle, or the combinations that do not.
CREATE TABLE combos AS
SELECT o AS ord, i AS idk, g AS grp FROM unnest('{asc,shuf,desc,brand,rr}'::text[]) o,
  unnest('{seq,hash,clu,text,uuid}'::text[]) i, unnest('{account,one}'::text[]) g;
CREATE TABLE verdict AS
SELECT e.metric, c.grp, c.ord, c.idk,
       (SELECT count(*) FROM (
          SELECT account, val FROM expected x WHERE x.metric = e.metric
             AND (x.account >= 0) = (c.grp = 'account')
          EXCEPT ALL
          SELECT account, val FROM got y WHERE (y.ord, y.idk, y.grp, y.metric) = (c.ord, c.idk, c.grp, e.metric)) d)
     + (SELECT count(*) FROM (
          SELECT account, val FROM got y WHERE (y.ord, y.idk, y.grp, y.metric) = (c.ord, c.idk, c.grp, e.metric)
          EXCEPT ALL
          SELECT account, val FROM expected x WHERE x.metric = e.metric
             AND (x.account >= 0) = (c.grp = 'account')) d) AS wrong
FROM (SELECT DISTINCT metric FROM expected) e, combos c;
SELECT format('%s, %s: %s order x id combinations equal the oracle%s|%s', metric, grp, count(*),
              CASE WHEN bool_and(wrong = 0) THEN ''
                   ELSE format(' (%s combinations wrong, e.g. order/id=wrong groups: %s)',
                               count(*) FILTER (WHERE wrong > 0),
                               array_to_string((array_agg(ord || '/' || idk || '=' || wrong ORDER BY ord, idk)
                                                FILTER (WHERE wrong > 0))[1:4], ' ')) END,
              (bool_and(wrong = 0) AND count(*) = 25)::text)
FROM verdict GROUP BY metric, grp ORDER BY metric, grp;
SELECT format('query failed: %s/%s/%s/%s: %s|false', ord, idk, grp, fam, err)
FROM (SELECT DISTINCT ON (fam, err) * FROM failed ORDER BY fam, err, ord, idk, grp) f;

-- Explicitly: bigint, text and uuid ids give the same sketch bytes (every
-- order and grouping), and the expected values are not all NULL.
SELECT 'bigint, text and uuid ids: identical sketch bytes|' ||
       (count(*) > 0 AND bool_and(n = 5 AND d = 1)) FROM (
  SELECT ord, grp, account, count(*) AS n, count(DISTINCT raw) AS d FROM got
  WHERE metric = 'sketch' AND raw IS NOT NULL GROUP BY ord, grp, account) t;
SELECT 'expected: every account has answered conversations|' ||
       (count(*) = 38) FROM expected WHERE metric = 'sketch' AND val IS NOT NULL;

-- Hash-colliding ids (coll_msg, see conversations.sql) stay distinct.
SELECT format('hash-colliding %s ids (%s order) are never merged|%s', kind, o,
              (bool_and(split_part(r, '|', 1) = n::text AND split_part(r, '|', 2) = n::text
                        AND sketch_verdict(split_part(r, '|', 3), array_fill(100::float8, ARRAY[n::int])) = 'ok'))::text) FROM (
  SELECT c.kind, o, count(*) AS n,
         CASE c.kind
           WHEN 'text' THEN (SELECT format('%s|%s|%s', unanswered_count(id, at, from_brand),
                                           sketch_count(first_reply_sketch(id, at, from_brand)),
                                           quantile_sketch_send(first_reply_sketch(id, at, from_brand))::text)
                             FROM (SELECT * FROM coll_msg m WHERE m.kind = c.kind
                                   ORDER BY CASE WHEN o = 'asc' THEN at END, at DESC) x)
           WHEN 'bigint' THEN (SELECT format('%s|%s|%s', unanswered_count(id::bigint, at, from_brand),
                                           sketch_count(first_reply_sketch(id::bigint, at, from_brand)),
                                           quantile_sketch_send(first_reply_sketch(id::bigint, at, from_brand))::text)
                             FROM (SELECT * FROM coll_msg m WHERE m.kind = c.kind
                                   ORDER BY CASE WHEN o = 'asc' THEN at END, at DESC) x)
           ELSE (SELECT format('%s|%s|%s', unanswered_count(id::uuid, at, from_brand),
                                           sketch_count(first_reply_sketch(id::uuid, at, from_brand)),
                                           quantile_sketch_send(first_reply_sketch(id::uuid, at, from_brand))::text)
                             FROM (SELECT * FROM coll_msg m WHERE m.kind = c.kind
                                   ORDER BY CASE WHEN o = 'asc' THEN at END, at DESC) x) END AS r
  FROM coll c, unnest('{asc,desc}'::text[]) o GROUP BY c.kind, o) t
GROUP BY kind, o ORDER BY kind, o;

-- The oracle can tell: without the bot FILTER, or with a tie counted as a
-- reply, the bigint sketch differs from it (1.0.0's bigint aggregate).
SELECT 'control: without FILTER the sketch differs from the oracle|' ||
       (sketch_verdict(quantile_sketch_send(first_reply_sketch(conv_seq, at, from_brand))::text,
                       (SELECT vals FROM exact WHERE metric = 'sketch' AND account = -1)) <> 'ok') FROM m_shuf;
SQL

[ $rc -eq 0 ] || echo "not ok - psql stopped at an error (exit $rc): the checks after it did not run"
pt_checks "$out" 30 || rc=1
exit $rc
