-- text and uuid conversation ids (issue 11): the short conversations of
-- 51_pairing_short (2.5M conversations, rows / 4; 2-4 messages, 2,048
-- accounts, time order) with the id as text ('conv-' || n, as care tools
-- export it) and as a uuid (random-looking): first_reply_sketch per account
-- and for one group, against the bigint ids on the same rows and the best
-- plain SQL over the text ids.
-- @requires first_reply_sketch(text, timestamptz, boolean)
-- @requires first_reply_sketch(uuid, timestamptz, boolean)
-- @data
CREATE UNLOGGED TABLE IF NOT EXISTS bench_short AS
SELECT conversation, (hashint8(conversation * 7) & 2047)::int AS account,
       timestamptz '2026-01-01' + conversation * interval '1 second'
         + j * ((hashint8(conversation * 5 + j) & 4095) + 1) * interval '1 second' AS at,
       j > 0 AND conversation % 10 <> 0 AND (j = 1 OR (hashint8(conversation * 11 + j) & 1) = 0) AS from_brand
FROM generate_series(1::bigint, 10000000 / 4) conversation,
     generate_series(0, 3) j
-- 2 messages (60 %), 3 (30 %), 4 (10 %): 2.5 a conversation
WHERE j < 2 + ((hashint8(-conversation) & 1023) >= 614)::int + ((hashint8(-conversation) & 1023) >= 921)::int
ORDER BY at;
CREATE UNLOGGED TABLE IF NOT EXISTS bench_short_ids AS
SELECT conversation, 'conv-' || conversation AS conversation_text, md5(conversation::text)::uuid AS conversation_uuid,
       account, at, from_brand
FROM bench_short ORDER BY at;
-- @shape SELECT format('%s messages, %s conversations, ids bigint, text (%s bytes on average), uuid', count(*), count(DISTINCT conversation), round(avg(octet_length(conversation_text)), 1)) FROM bench_short_ids
-- @set jit = off
-- @set work_mem = '256MB'
-- @query floor: SELECT count(*) FROM bench_short_ids
-- @query ours_bigint: SELECT sum(p[1] + p[2] + p[3]) FROM (SELECT account, approx_percentiles(first_reply_sketch(conversation, at, from_brand), '{0.5,0.9,0.99}') AS p FROM bench_short_ids GROUP BY account) t
-- @query ours_text: SELECT sum(p[1] + p[2] + p[3]) FROM (SELECT account, approx_percentiles(first_reply_sketch(conversation_text, at, from_brand), '{0.5,0.9,0.99}') AS p FROM bench_short_ids GROUP BY account) t
-- @query ours_uuid: SELECT sum(p[1] + p[2] + p[3]) FROM (SELECT account, approx_percentiles(first_reply_sketch(conversation_uuid, at, from_brand), '{0.5,0.9,0.99}') AS p FROM bench_short_ids GROUP BY account) t
-- @query ours_text_one: SELECT approx_percentiles(first_reply_sketch(conversation_text, at, from_brand), '{0.5,0.9,0.99}') FROM bench_short_ids
-- @query ours_uuid_one: SELECT approx_percentiles(first_reply_sketch(conversation_uuid, at, from_brand), '{0.5,0.9,0.99}') FROM bench_short_ids
-- @query plain_join_text:
WITH c0 AS (SELECT conversation_text, account, min(at) AS c0 FROM bench_short_ids WHERE NOT from_brand GROUP BY conversation_text, account)
SELECT sum(extract(epoch FROM p[1] + p[2] + p[3])) FROM (
  SELECT account, percentile_disc(ARRAY[0.5, 0.9, 0.99]) WITHIN GROUP (ORDER BY r - c0) AS p
  FROM (SELECT c0.account, c0.c0, min(m.at) AS r
        FROM c0 JOIN bench_short_ids m ON m.conversation_text = c0.conversation_text AND m.from_brand AND m.at > c0.c0
        GROUP BY c0.conversation_text, c0.account, c0.c0) t
  GROUP BY account) z
-- @query plain_join_text_one:
WITH c0 AS (SELECT conversation_text, min(at) AS c0 FROM bench_short_ids WHERE NOT from_brand GROUP BY conversation_text)
SELECT percentile_disc(ARRAY[0.5, 0.9, 0.99]) WITHIN GROUP (ORDER BY r - c0)
FROM (SELECT c0.c0, min(m.at) AS r
      FROM c0 JOIN bench_short_ids m ON m.conversation_text = c0.conversation_text AND m.from_brand AND m.at > c0.c0
      GROUP BY c0.conversation_text, c0.c0) t
-- @query per_conv_text_one:
SELECT percentile_disc(ARRAY[0.5, 0.9, 0.99]) WITHIN GROUP (ORDER BY s)
FROM (SELECT first_reply_seconds(at, from_brand) AS s FROM bench_short_ids GROUP BY conversation_text) c
-- @check plain_join_text / ours_text >= 3
-- @check plain_join_text_one / ours_text_one >= 3
-- Text and uuid ids cost little more than bigint ones: a sanity bound,
-- and the goal of issue 20, B4 (at most 1.15x).
-- @check ours_text / ours_bigint <= 2
-- @check ours_uuid / ours_bigint <= 2
-- @check ours_text / ours_bigint <= 1.15
-- @check ours_uuid / ours_bigint <= 1.15
