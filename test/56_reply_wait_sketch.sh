#!/usr/bin/env bash
# reply_wait_sketch (issue 11) against
#  - the window it replaces: quantile_sketch(reply_wait_seconds(at,
#    from_brand, mode) OVER (PARTITION BY conversation ORDER BY at)) over the
#    same rows, byte for byte, in every mode (default = 'block_start',
#    'every', 'last'), per account and as one group;
#  - an independent plain-SQL oracle of the waits that does not use
#    reply_wait_seconds: for each customer message m, R(m) = the first brand
#    message of its conversation strictly after m; 'every' waits R(m) - m,
#    'block_start' R - (first customer message with that R), 'last' R - (last
#    customer message with that R).
# Every physical order x id form x mode x grouping is compared with the
# plain-SQL oracle (its waits summarized by quantile_sketch, byte for byte);
# the window is checked against the same oracle, not used as the reference.
# Data: test/pairing/conversations.sql (20,000 conversations, ~88k messages,
# 37 accounts, ties, brand-first runs, unanswered tails, bots excluded by
# FILTER / WHERE, NULL times and senders) in five physical orders (time
# order, shuffled, descending, brand rows first, round robin) with five id
# forms (sequential, hash-like, clustered, text, uuid); serial
# HashAggregate, so each group reads the rows in the table's order.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/pairing/lib.sh"
cd "${SM_TMP:?}"

pt_sql -c "CREATE EXTENSION IF NOT EXISTS social_metrics"
req=()
for t in bigint text uuid; do
	req+=("reply_wait_sketch($t, timestamptz, boolean)" "reply_wait_sketch($t, timestamptz, boolean, text)")
done
pt_require "${req[@]}"

out=$SM_TMP/checks.txt
pt_sql -v n=20000 -v accounts=37 -f "$here/pairing/conversations.sql" >/dev/null
rc=0
pt_sql >"$out" <<'SQL' || rc=$?
SET TimeZone = 'UTC';
SET max_parallel_workers_per_gather = 0;

-- 1. The window, per physical order (its sort makes it order-independent:
-- checked), bots excluded with WHERE; and the plain-SQL oracle.
CREATE TABLE modes (mode text, arg text);
INSERT INTO modes VALUES ('default', ''), ('block_start', ', ''block_start'''), ('every', ', ''every'''),
  ('last', ', ''last''');
CREATE TABLE win (ord text, mode text, account bigint, val text);
DO $$
DECLARE o text; m record;
BEGIN
  FOREACH o IN ARRAY '{asc,shuf,desc,brand,rr}'::text[] LOOP
    FOR m IN SELECT * FROM modes LOOP
      EXECUTE format($q$
        INSERT INTO win
        SELECT %1$L, %2$L, account, quantile_sketch_send(quantile_sketch(w))::text FROM (
          SELECT account, reply_wait_seconds(at, from_brand %3$s) OVER (PARTITION BY conv_seq ORDER BY at) AS w
          FROM %4$I WHERE NOT automated) x GROUP BY account
        UNION ALL
        SELECT %1$L, %2$L, -1, quantile_sketch_send(quantile_sketch(w))::text FROM (
          SELECT reply_wait_seconds(at, from_brand %3$s) OVER (PARTITION BY conv_seq ORDER BY at) AS w
          FROM %4$I WHERE NOT automated) x
        $q$, o, m.mode, m.arg, 'm_' || o);
    END LOOP;
  END LOOP;
END $$;

-- R(m) for every customer message kept (bots excluded).
CREATE TABLE waits AS
SELECT m.id, m.c, m.account, m.at, min(b.at) AS r
FROM gen m JOIN gen b ON b.c = m.c AND b.from_brand AND b.at > m.at AND NOT b.automated
WHERE NOT m.from_brand AND m.at IS NOT NULL AND NOT m.automated
GROUP BY m.id, m.c, m.account, m.at;
CREATE TABLE plain (mode text, account bigint, val text);
INSERT INTO plain
SELECT mode, account, quantile_sketch_send(quantile_sketch(secs))::text FROM (
  SELECT 'every' AS mode, account, extract(epoch FROM r - at)::float8 AS secs FROM waits
  UNION ALL
  SELECT 'block_start', account, extract(epoch FROM r - min(at))::float8 FROM waits GROUP BY c, account, r
  UNION ALL
  SELECT 'last', account, extract(epoch FROM r - max(at))::float8 FROM waits GROUP BY c, account, r) t
GROUP BY GROUPING SETS ((mode, account), (mode));
UPDATE plain SET account = -1 WHERE account IS NULL;
INSERT INTO plain SELECT 'default', account, val FROM plain WHERE mode = 'block_start';

SELECT 'data: runs of several customer messages before a reply|' ||
       (count(*) > 2000) FROM (SELECT c, r FROM waits GROUP BY c, r HAVING count(*) > 1) t;
SELECT 'data: customer messages at the same instant as a brand message|' || (count(*) > 100) FROM waits w
WHERE EXISTS (SELECT FROM gen b WHERE b.c = w.c AND b.from_brand AND b.at = w.at AND NOT b.automated);
SELECT 'data: the three modes differ|' ||
       (count(DISTINCT val) = 3) FROM plain WHERE account = -1 AND mode <> 'default';
SELECT 'window: same sketch in every physical order|' ||
       (count(*) = 4 * 38 AND bool_and(d = 1 AND n = 5)) FROM (
  SELECT mode, account, count(DISTINCT val) AS d, count(*) AS n FROM win GROUP BY mode, account) t;
SELECT 'window = plain-SQL oracle (validates the oracles), ' || p.mode || '|' ||
       (count(*) = 38 AND bool_and(w.val IS NOT DISTINCT FROM p.val))
FROM plain p JOIN win w ON w.ord = 'asc' AND w.mode = p.mode AND w.account = p.account
GROUP BY p.mode ORDER BY p.mode;

-- 2. reply_wait_sketch, every order x id form x mode x grouping; a query
-- that fails is recorded and its results count as wrong.
SET enable_sort = off;   -- HashAggregate: each group reads rows in table order
CREATE TABLE got (ord text, idk text, mode text, grp text, account bigint, val text);
CREATE TABLE failed (ord text, idk text, mode text, err text);
CREATE FUNCTION run(ord text, idk text, mode text, arg text, grp text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE key text := CASE grp WHEN 'account' THEN 'account' ELSE '-1::bigint' END;
BEGIN
  EXECUTE format($q$
    INSERT INTO got SELECT %L, %L, %L, %L, %s,
      quantile_sketch_send(reply_wait_sketch(%I, at, from_brand %s) FILTER (WHERE NOT automated))::text
    FROM %I GROUP BY 5
    $q$, ord, idk, mode, grp, key, 'conv_' || idk, arg, 'm_' || ord);
EXCEPTION WHEN OTHERS THEN
  INSERT INTO failed VALUES (ord, idk, mode, SQLERRM);
END $$;
DO $$ BEGIN
  PERFORM run(o, i, m.mode, m.arg, g)
  FROM unnest('{asc,shuf,desc,brand,rr}'::text[]) o, unnest('{seq,hash,clu,text,uuid}'::text[]) i,
       modes m, unnest('{account,one}'::text[]) g;
END $$;
CREATE TABLE verdict AS
SELECT c.ord, c.idk, c.mode, c.grp,
       (SELECT count(*) FROM (
          SELECT account, val FROM plain p WHERE p.mode = c.mode AND (p.account >= 0) = (c.grp = 'account')
          EXCEPT ALL
          SELECT account, val FROM got g WHERE (g.ord, g.idk, g.mode, g.grp) = (c.ord, c.idk, c.mode, c.grp)) d)
     + (SELECT count(*) FROM (
          SELECT account, val FROM got g WHERE (g.ord, g.idk, g.mode, g.grp) = (c.ord, c.idk, c.mode, c.grp)
          EXCEPT ALL
          SELECT account, val FROM plain p WHERE p.mode = c.mode AND (p.account >= 0) = (c.grp = 'account')) d)
       AS wrong
FROM (SELECT o AS ord, i AS idk, m.mode, g AS grp
      FROM unnest('{asc,shuf,desc,brand,rr}'::text[]) o, unnest('{seq,hash,clu,text,uuid}'::text[]) i,
           modes m, unnest('{account,one}'::text[]) g) c;
SELECT format('reply_wait_sketch = plain-SQL oracle, byte for byte: mode %s, %s, %s order x id combinations%s|%s',
              mode, grp, count(*),
              CASE WHEN bool_and(wrong = 0) THEN ''
                   ELSE format(' (%s combinations wrong, e.g. order/id=wrong groups: %s)',
                               count(*) FILTER (WHERE wrong > 0),
                               array_to_string((array_agg(ord || '/' || idk || '=' || wrong ORDER BY ord, idk)
                                                FILTER (WHERE wrong > 0))[1:4], ' ')) END,
              (bool_and(wrong = 0) AND count(*) = 25)::text)
FROM verdict GROUP BY mode, grp ORDER BY mode, grp;
SELECT format('query failed: %s/%s/%s: %s|false', ord, idk, mode, err)
FROM (SELECT DISTINCT ON (err) * FROM failed ORDER BY err, ord, idk, mode) f;
-- The expected values are not all NULL (a NULL = NULL pass would prove
-- nothing).
SELECT 'plain-SQL oracle: a sketch for every account and mode|' ||
       (count(*) = 4 * 38 AND bool_and(val IS NOT NULL)) FROM plain;
SELECT 'bigint, text and uuid ids: identical sketch bytes|' ||
       (count(*) = 5 * 4 * 38 AND bool_and(n = 5 AND d = 1)) FROM (
  SELECT ord, mode, account, count(*) AS n, count(DISTINCT val) AS d FROM got GROUP BY ord, mode, account) t;

-- 3. Without a FILTER, over every row (automated ones too): the window over
-- every row.
SELECT 'no FILTER: = the window over all rows, ' || m || '|' || (
  (SELECT quantile_sketch_send(reply_wait_sketch(conv_text, at, from_brand, m))::text FROM m_brand)
  IS NOT DISTINCT FROM
  (SELECT quantile_sketch_send(quantile_sketch(w))::text FROM (
     SELECT reply_wait_seconds(at, from_brand, m) OVER (PARTITION BY c ORDER BY at) AS w FROM gen) x)
  AND (SELECT quantile_sketch_send(reply_wait_sketch(conv_text, at, from_brand, m))::text FROM m_brand)
      IS DISTINCT FROM (SELECT val FROM win WHERE ord = 'asc' AND mode = m AND account = -1))
FROM unnest('{block_start,every,last}'::text[]) m;

-- Hash-colliding ids (coll_msg, see conversations.sql): conversation a's
-- customer message waits 100 s; b's customer message (after a brand
-- message) is never answered.  Merged, 'every' would add a 50 s wait.
SELECT format('hash-colliding %s ids are never merged|%s', kind,
              (got IS NOT DISTINCT FROM (SELECT quantile_sketch_send(quantile_sketch(100::float8))::text
                                         FROM generate_series(1, 3)))::text) FROM (
  SELECT 'text' AS kind, quantile_sketch_send(reply_wait_sketch(id, at, from_brand, 'every'))::text AS got
  FROM coll_msg WHERE kind = 'text'
  UNION ALL
  SELECT 'bigint', quantile_sketch_send(reply_wait_sketch(id::bigint, at, from_brand, 'every'))::text
  FROM coll_msg WHERE kind = 'bigint'
  UNION ALL
  SELECT 'uuid', quantile_sketch_send(reply_wait_sketch(id::uuid, at, from_brand, 'every'))::text
  FROM coll_msg WHERE kind = 'uuid') t ORDER BY kind;

-- 4. Modes are case-insensitive; an unknown mode is 22023.
CREATE FUNCTION sqlstate_of(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN EXECUTE q; RETURN 'ok'; EXCEPTION WHEN OTHERS THEN RETURN SQLSTATE; END $$;
SELECT 'mode ''EVERY'' = ''every''|' ||
       ((SELECT quantile_sketch_send(reply_wait_sketch(conv_uuid, at, from_brand, 'EVERY') FILTER (WHERE NOT automated))::text FROM m_shuf)
        IS NOT DISTINCT FROM (SELECT val FROM win WHERE ord = 'asc' AND mode = 'every' AND account = -1));
SELECT 'unknown mode: 22023|' ||
       (sqlstate_of($$SELECT reply_wait_sketch(conv_seq, at, from_brand, 'first') FROM m_shuf$$) = '22023');
SQL

[ $rc -eq 0 ] || echo "not ok - psql stopped at an error (exit $rc): the checks after it did not run"
pt_checks "$out" 20 || rc=1
exit $rc
