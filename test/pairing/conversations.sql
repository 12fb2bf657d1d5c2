-- Generated customer-care conversations for the pairing tests (test/5x_*.sh).
-- Deterministic (hashint8 of the row number, never random()).  psql
-- variables: :n conversations (default 20000), :accounts (default 37).
--
-- Makes, in the current schema:
--   u(i, k)   deterministic pseudo-random in [0, 1);
--   conv      one row per conversation: its kind, account and every id form
--             (sequential, hash-like, clustered, text, uuid), all injective;
--   gen       the messages (id, c, account, at, from_brand, automated) and
--             the id forms, in generation order;
--   oracle    plain-SQL pairing per conversation over the rows a caller
--             keeps with FILTER (WHERE NOT automated): first customer
--             message c0, first brand message strictly after it r, the wait
--             in seconds and in business seconds (calendar cal());
--   m_asc     the messages in time order (what a live system stores:
--             conversations interleaved), the friendly order;
--   m_shuf    shuffled; m_desc reversed (descending time);
--   m_brand   brand rows first, each part in descending time (hostile);
--   m_rr      round robin: every conversation's 1st message, then every
--             2nd, ... (all conversations open at once);
--   coll_msg  pairs of conversations whose ids collide in the pairing
--             table's 32-bit hash (kind text, bigint, uuid; ids as text).
-- Kinds: short (2-4 messages), long (10-16), brand_first (1-3 brand messages
-- opening the conversation), coarse (minute resolution: customer/brand
-- ties), unanswered (customer messages only, or brand messages before them),
-- brand_only (nobody asked), bot (a brand auto-acknowledgement, automated,
-- within seconds of the customer message, before the human reply).  About 1 %
-- of rows have a NULL time or sender.
\if :{?n}
\else
\set n 20000
\endif
\if :{?accounts}
\else
\set accounts 37
\endif

CREATE FUNCTION u(i bigint, k int) RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT ((hashint8(i * 1000003 + k) & 2147483647)::float8 + 0.5) / 2147483648 $$;

-- The business calendar of the business-hours variants (Helsinki, a
-- Saturday window and a holiday inside the generated period).
CREATE FUNCTION cal() RETURNS business_calendar LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT 'Europe/Helsinki; mon-fri 09:00-17:00; sat 10:00-14:00; holidays 2026-01-06'::business_calendar $$;

CREATE TABLE conv AS
SELECT c, account, kind, len, t0, scale,
       c AS conv_seq,
       -- random-looking over the whole bigint range (high bits from a hash,
       -- low 32 bits the number: injective)
       (hashint8(c)::bigint << 32) | c AS conv_hash,
       -- clusters of 64 adjacent ids, far apart
       (c / 64) * 1000000007 + c % 64 AS conv_clu,
       -- text ids of several lengths and near-equal forms: 'id7', 'id7 ',
       -- 'ID7' and 32..71-byte hex strings (injective: the form follows c % 4)
       CASE c % 4 WHEN 0 THEN 'id' || c / 4
                  WHEN 1 THEN 'id' || c / 4 || ' '
                  WHEN 2 THEN 'ID' || c / 4
                  ELSE md5(c::text) || repeat('z', (c % 40)::int) END AS conv_text,
       -- half random-looking uuids, half sequential ones
       CASE WHEN c % 2 = 0 THEN md5(c::text)::uuid
            ELSE ('00000000-0000-4000-8000-' || lpad(to_hex(c), 12, '0'))::uuid END AS conv_uuid
FROM (
  SELECT c, (hashint8(c * 17) & 2147483647) % :accounts AS account, kind,
         CASE kind WHEN 'short' THEN 2 + floor(u(c, 1) * 3)::int
                   WHEN 'long' THEN 10 + floor(u(c, 1) * 7)::int
                   WHEN 'brand_first' THEN 3 + floor(u(c, 1) * 6)::int
                   WHEN 'coarse' THEN 2 + floor(u(c, 1) * 5)::int
                   WHEN 'unanswered' THEN 1 + floor(u(c, 1) * 4)::int
                   WHEN 'brand_only' THEN 1 + floor(u(c, 1) * 3)::int
                   ELSE 3 + floor(u(c, 1) * 3)::int END AS len,
         timestamptz '2026-01-03 00:00+00' + c * (interval '11 days' / :n) AS t0,
         exp(u(c, 7) * 11) AS scale
  FROM (SELECT c, CASE WHEN u(c, 2) < 0.50 THEN 'short'
                       WHEN u(c, 2) < 0.60 THEN 'long'
                       WHEN u(c, 2) < 0.70 THEN 'brand_first'
                       WHEN u(c, 2) < 0.80 THEN 'coarse'
                       WHEN u(c, 2) < 0.87 THEN 'unanswered'
                       WHEN u(c, 2) < 0.90 THEN 'brand_only'
                       ELSE 'bot' END AS kind
        FROM generate_series(1::bigint, :n) c) k
) s;

CREATE TABLE gen AS
SELECT row_number() OVER (ORDER BY c, j) AS id, c, j, account, at, from_brand, automated,
       conv_seq, conv_hash, conv_clu, conv_text, conv_uuid
FROM (
  SELECT v.c, j, v.account, v.conv_seq, v.conv_hash, v.conv_clu, v.conv_text, v.conv_uuid,
         CASE WHEN u(v.c * 100 + j, 3) < 0.01 THEN NULL
              WHEN v.kind = 'coarse'
                THEN date_trunc('minute', v.t0 + (j * 40 + floor(u(v.c * 100 + j, 4) * 120)) * interval '1 second')
              WHEN v.kind = 'bot' AND j = 0 THEN v.t0
              WHEN v.kind = 'bot' AND j = 1
                THEN v.t0 + (2 + floor(u(v.c * 100 + j, 4) * 5)) * interval '1 second'
              WHEN v.kind = 'bot' AND j > 1
                THEN v.t0 + (j * v.scale + 10) * interval '1 second'
              WHEN v.kind = 'unanswered' AND j < 2 AND u(v.c, 9) < 0.5
                THEN v.t0 - (2 - j) * interval '1 hour'
              ELSE v.t0 + (j * v.scale + floor(u(v.c * 100 + j, 4) * 3 * v.scale)) * interval '1 second'
                        + floor(u(v.c * 100 + j, 8) * 1000000) * interval '1 microsecond'
         END AS at,
         CASE WHEN u(v.c * 100 + j, 5) < 0.01 THEN NULL
              WHEN v.kind = 'brand_only' THEN true
              WHEN v.kind = 'unanswered' THEN j < 2 AND u(v.c, 9) < 0.5
              WHEN v.kind = 'brand_first' THEN j < 1 + floor(u(v.c, 10) * 3)::int OR u(v.c * 100 + j, 6) < 0.5
              WHEN j = 0 THEN false
              WHEN v.kind = 'bot' AND j = 1 THEN true
              ELSE u(v.c * 100 + j, 6) < 0.55 END AS from_brand,
         v.kind = 'bot' AND j = 1 AS automated
  FROM conv v, generate_series(0, v.len - 1) j
) s;

-- The oracle: per conversation, over the rows kept by FILTER (WHERE NOT
-- automated), the first customer message and the earliest brand message
-- strictly after it.
CREATE TABLE oracle AS
WITH f AS (SELECT c, min(at) AS c0 FROM gen
           WHERE NOT from_brand AND at IS NOT NULL AND NOT automated GROUP BY c),
     r AS (SELECT f.c, min(b.at) AS r FROM f JOIN gen b
           ON b.c = f.c AND b.from_brand AND b.at > f.c0 AND NOT b.automated GROUP BY f.c)
SELECT v.c, v.account, v.kind, f.c0, f.c0 IS NOT NULL AS asked, r.r,
       extract(epoch FROM r.r - f.c0)::float8 AS secs,
       business_seconds(f.c0, r.r, cal()) AS bsecs
FROM conv v LEFT JOIN f USING (c) LEFT JOIN r USING (c);
CREATE INDEX ON oracle (account);

CREATE TABLE m_asc AS SELECT * FROM gen ORDER BY at NULLS FIRST, id;
CREATE TABLE m_shuf AS SELECT * FROM gen ORDER BY hashint8(id * 7919), id;
CREATE TABLE m_desc AS SELECT * FROM gen ORDER BY at DESC NULLS LAST, id DESC;
CREATE TABLE m_brand AS SELECT * FROM gen ORDER BY from_brand DESC NULLS LAST, at DESC NULLS LAST, id DESC;
CREATE TABLE m_rr AS SELECT * FROM gen ORDER BY j, c;
-- Ids whose 32-bit hash in the conversation table (src/pairing_table.c,
-- HashBytes / HashInt8) is the same, found offline when this test was
-- written (if the hash changes they are ordinary ids): conversation a is
-- answered after 100 s; conversation b, a brand message then a customer
-- message 50 s after a's, is unanswered.  Merged, they would make one
-- answered conversation.
CREATE TABLE coll (kind text, a text, b text);
INSERT INTO coll VALUES
 ('text', 'c56069', 'c58011'), ('text', 'c233', 'c87186'), ('text', 'c1886', 'c96504'),
 ('bigint', '16091', '94704'), ('bigint', '15919', '136418'), ('bigint', '126594', '147696'),
 ('uuid', '3e3c7e00-1856-7873-b322-c3c00e51deda', '2c7d9f73-9097-0700-92b1-33dd4c0adbf9'),
 ('uuid', '1f9fcb7e-31ca-3452-9eef-9aecb136724c', '2e0a7e69-33d1-dfa6-2a85-0be5ad9a858f'),
 ('uuid', 'eba0dc30-2bcd-9a27-3f8b-bb72be3a687b', '8296d47b-d7e3-8131-a750-623f344c7796');
CREATE TABLE coll_msg AS
SELECT kind, id, at, from_brand FROM (
  SELECT kind, row_number() OVER (PARTITION BY kind ORDER BY a) AS i, a, b FROM coll) p,
  LATERAL (VALUES (a, timestamptz '2026-01-05' + i * interval '1 hour', false),
                  (a, timestamptz '2026-01-05' + i * interval '1 hour' + interval '100 s', true),
                  (b, timestamptz '2026-01-05' + i * interval '1 hour' - interval '10 s', true),
                  (b, timestamptz '2026-01-05' + i * interval '1 hour' + interval '50 s', false)) v(id, at, from_brand);

ANALYZE conv, gen, oracle, m_asc, m_shuf, m_desc, m_brand, m_rr;
