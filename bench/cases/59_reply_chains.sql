-- Reply chains into conversations (issue 22): the README's recipe ("A
-- reply-chain export") on 1M tweets shaped like the public Twitter
-- customer-support dump: tweet_id, author_id, inbound, created_at as text
-- ('Tue Oct 31 22:10:47 +0000 2017'), text, in_response_to_tweet_id.
-- 250,000 threads of 1 to 7 tweets (4 on average), 50 brands, a branch in
-- one thread of 8, 2 % hanging from a tweet missing from the export, the
-- root of about 1 % exported twice.  Timed: the whole recipe (dedup, parse, recursive walk
-- from the roots, brand rule), its parts, and the two ways of reading
-- created_at, to show whether a parser function in the extension would
-- pay: it would only replace the parse.
-- @data
CREATE UNLOGGED TABLE IF NOT EXISTS bench_tweets AS
WITH tw AS (
  SELECT th, j, th * 8 + j AS tweet_id,
         (hashint8(th) & 7) = 0 AS brand_first,
         timestamptz '2017-10-01' + th * interval '10 seconds'
           + j * ((hashint8(th * 8 + j) & 8191) + 30) * interval '1 second' AS at
  FROM generate_series(1::bigint, 10000000 / 40) th, generate_series(0, 6) j
  WHERE j < 1 + (hashint8(-th) & 3) + (hashint8(-th * 3) & 3)
)
SELECT 7000000000 + tweet_id AS tweet_id,
       CASE WHEN (j % 2 = 1) <> brand_first THEN 'Brand_' || (hashint8(th * 5) & 63) % 50 ELSE (100000 + th)::text END AS author_id,
       (j % 2 = 1) = brand_first AS inbound,
       to_char(at AT TIME ZONE 'UTC', 'Dy Mon DD HH24:MI:SS "+0000" YYYY') AS created_at,
       CASE WHEN j = 0 AND NOT brand_first THEN '@Brand_' || (hashint8(th * 5) & 63) % 50 || ' my order is late' ELSE 'reply' END AS text,
       NULL::text AS response_tweet_id,
       CASE WHEN j = 0 THEN CASE WHEN th % 50 = 0 THEN 9000000000 + th END
            WHEN j = 2 AND th % 8 = 0 THEN 7000000000 + th * 8
            ELSE 7000000000 + th * 8 + j - 1 END AS in_response_to_tweet_id
FROM tw
UNION ALL
SELECT 7000000000 + tweet_id, (100000 + th)::text, true, to_char(at AT TIME ZONE 'UTC', 'Dy Mon DD HH24:MI:SS "+0000" YYYY'),
       'again', NULL, NULL
FROM tw WHERE j = 0 AND th % 100 = 0 AND NOT brand_first;
-- @shape SELECT format('%s tweets (%s distinct ids), %s roots, %s brands', count(*), count(DISTINCT tweet_id), count(*) FILTER (WHERE in_response_to_tweet_id IS NULL OR in_response_to_tweet_id >= 9000000000), count(DISTINCT author_id) FILTER (WHERE NOT inbound)) FROM bench_tweets
-- @set jit = off
-- @set work_mem = '256MB'
-- @query floor: SELECT count(*) FROM bench_tweets
-- @query parse_cast: SELECT count(created_at::timestamptz) FROM bench_tweets
-- @query parse_to_timestamp: SELECT count(to_timestamp(created_at, 'Dy Mon DD HH24:MI:SS TZHTZM YYYY')) FROM bench_tweets
-- @query chains:
WITH RECURSIVE t AS MATERIALIZED (
    SELECT DISTINCT ON (tweet_id) tweet_id, in_response_to_tweet_id AS parent FROM bench_tweets ORDER BY tweet_id
), chain (conversation, tweet_id) AS (
    SELECT tweet_id, tweet_id FROM t
     WHERE parent IS NULL OR NOT EXISTS (SELECT FROM t AS p WHERE p.tweet_id = t.parent)
    UNION ALL
    SELECT chain.conversation, t.tweet_id FROM chain JOIN t ON t.parent = chain.tweet_id
)
SELECT count(*), count(DISTINCT conversation) FROM chain
-- @query recipe:
WITH RECURSIVE t AS MATERIALIZED (
    SELECT DISTINCT ON (tweet_id) tweet_id, author_id, inbound, created_at::timestamptz AS at, text,
           in_response_to_tweet_id AS parent
      FROM bench_tweets ORDER BY tweet_id
), chain (conversation, tweet_id) AS (
    SELECT tweet_id, tweet_id FROM t
     WHERE parent IS NULL OR NOT EXISTS (SELECT FROM t AS p WHERE p.tweet_id = t.parent)
    UNION ALL
    SELECT chain.conversation, t.tweet_id FROM chain JOIN t ON t.parent = chain.tweet_id
), brands AS (
    SELECT DISTINCT ON (lower(author_id)) lower(author_id) AS handle, author_id AS brand
      FROM t WHERE NOT inbound ORDER BY lower(author_id), author_id
), thread_brand AS (
    SELECT c.conversation,
           coalesce((SELECT b.brand FROM regexp_matches(r.text, '@(\w+)', 'g') WITH ORDINALITY AS m(name, k)
                       JOIN brands b ON b.handle = lower(m.name[1]) ORDER BY m.k LIMIT 1),
                    (array_agg(t.author_id ORDER BY t.at, t.tweet_id) FILTER (WHERE NOT t.inbound))[1]) AS brand
      FROM chain c JOIN t USING (tweet_id) JOIN t AS r ON r.tweet_id = c.conversation
     GROUP BY c.conversation, r.text
)
SELECT count(*), count(*) FILTER (WHERE from_brand) FROM (
SELECT c.conversation, t.tweet_id, tb.brand, t.at,
       CASE WHEN t.inbound THEN false WHEN t.author_id = tb.brand THEN true END AS from_brand
  FROM chain c JOIN t USING (tweet_id) JOIN thread_brand tb USING (conversation)) x
-- The parse is a small part of the recipe, so an IMMUTABLE parser in the
-- extension would not make it materially faster (it would only be needed
-- for a generated column or an index on created_at).
-- @check (parse_cast - floor) / recipe <= 0.15
-- @check parse_cast / parse_to_timestamp <= 1.2
