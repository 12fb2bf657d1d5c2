-- Deterministic sample data for the main job (tools/demo.sh): run after
-- demo/schema.sql, e.g.
--     psql -v posts=30000 -f demo/schema.sql -f demo/generate.sql
-- Sizes are psql variables (defaults below); the same sizes always give the
-- same rows, whatever the session's settings (time zone, date style,
-- parallelism), and on every machine with the same C math library (exp, ln,
-- cos): every "random" draw is a hash of a row number and a stream number (no
-- random()).  Running it again replaces the data.
--
-- What the data is designed to show (test/05_demo.sh checks it):
--  - posts: heavy-tailed reach and impressions (log-normal, with a Pareto
--    tail of viral posts), engagement rates that fall as reach grows (so the
--    mean of per-post rates is above the ratio of sums), 1.5 % of posts with
--    0 impressions (insights never arrived; a quarter of them still carry a
--    few engagements) and 1 % with reach not reported (NULL);
--  - conversations: runs of customer messages, brand-first conversations,
--    conversations the brand never answers, unanswered tails, bots that
--    auto-acknowledge within seconds (automated), reply delays that wait for
--    the brand's opening hours (business-hours effect) with a heavy tail of
--    escalations (hours to days);
--  - mentions: Zipf-distributed brands (exponent 1), sentiment in [-1, 1] with
--    40 % neutral (0) and 2 % not scored (NULL), heavy-tailed engagements and
--    reach, and a one-week crisis of one competitor (volume up, tone down);
--  - two planted changes in the last week (2026-04-20), for the report's
--    "What changed" section (demo/what_changed.sql, doc/demo.md): our
--    brand's engagement rate falls (rate per reach halved that week, a
--    drop of about a third against the four weeks before, two of which were
--    in its campaign), and competitor Dunmore's product launch lifts its
--    share of voice (300 extra mentions, about +30 % that week).

\if :{?posts}
\else
\set posts 30000
\endif
\if :{?conversations}
\else
\set conversations 24000
\endif
\if :{?mentions}
\else
\set mentions 200000
\endif

SET client_min_messages = warning;
-- The planner's row estimates for these generate_series joins are far too
-- high, which would make it spend seconds compiling with JIT for a few
-- hundred milliseconds of work.
SET jit = off;

-- Pseudo-random draws.  u01(i, s) is uniform in (0, 1) with 53 random bits:
-- a hash of the row number i with the stream number s as seed (every
-- quantity draws from its own stream).  hashint8extended is the hash of hash
-- partitioning, so its bits are the same on every platform and version; one
-- round of it leaves adjacent keys correlated (about -0.02), two rounds do
-- not (|r| < 0.002 over 1M rows, chi-square of pairs normal).  gauss(i, s) is
-- a standard normal by Box-Muller (it uses streams s and s + 1).  Both are
-- inlined by the planner.  Streams: posts 0-15 and 70-79, conversations 16-29,
-- their rounds 32-45, mentions 48-58, accounts 60-64, follower steps 66-67.
CREATE OR REPLACE FUNCTION demo.u01(i bigint, s int) RETURNS float8
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN ((pg_catalog.hashint8extended(pg_catalog.hashint8extended(i, s), 0) & 9007199254740991)::float8 + 0.5)
	/ 9007199254740992;

CREATE OR REPLACE FUNCTION demo.gauss(i bigint, s int) RETURNS float8
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN sqrt(-2 * ln(demo.u01(i, s))) * cos(2 * pi() * demo.u01(i, s + 1));

-- seconds -> interval, whole seconds
CREATE OR REPLACE FUNCTION demo.secs(x float8) RETURNS interval
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN floor(x) * interval '1 second';

ALTER TABLE demo.accounts DROP CONSTRAINT IF EXISTS accounts_brand_fkey;
ALTER TABLE demo.follower_history DROP CONSTRAINT IF EXISTS follower_history_account_id_fkey;
ALTER TABLE demo.posts DROP CONSTRAINT IF EXISTS posts_account_id_fkey;
ALTER TABLE demo.conversations DROP CONSTRAINT IF EXISTS conversations_account_id_fkey;
ALTER TABLE demo.conversations DROP CONSTRAINT IF EXISTS conversations_brand_fkey;
ALTER TABLE demo.messages DROP CONSTRAINT IF EXISTS messages_conversation_id_fkey;
ALTER TABLE demo.mentions DROP CONSTRAINT IF EXISTS mentions_brand_fkey;
TRUNCATE demo.brands, demo.accounts, demo.follower_history, demo.posts,
	demo.conversations, demo.messages, demo.mentions;

-- The period: 16 weeks from Monday 2026-01-05 (it crosses the DST changes of
-- North America on 03-08, Europe on 03-29 and Sydney on 04-05).
CREATE TEMP TABLE gen_period AS
SELECT date '2026-01-05' AS first_day, 112 AS days;

------------------------------------------------------------------------------
-- Brands: rank = place in the Zipf law of mentions.
INSERT INTO demo.brands (brand, mention_rank, focus, tz, calendar, wk_open, wk_close,
	sat_open, sat_close, sun_open, sun_close, holidays, reply_factor, sentiment_bias)
VALUES
 ('Borealis', 1, false, 'America/New_York', 'America/New_York; mon-sun 07:00-23:00',
  '07:00', '23:00', '07:00', '23:00', '07:00', '23:00', '{}', 0.6, 0.25),
 ('Cobalt', 2, false, 'Europe/London', 'Europe/London; mon-fri 09:00-17:00; holidays 2026-04-03 2026-04-06',
  '09:00', '17:00', NULL, NULL, NULL, NULL, '{2026-04-03,2026-04-06}', 1.0, 0.10),
 ('Acme', 3, true, 'Europe/Helsinki', 'Europe/Helsinki; mon-fri 08:00-18:00; sat 10:00-14:00; holidays 2026-04-03 2026-04-06',
  '08:00', '18:00', '10:00', '14:00', NULL, NULL, '{2026-04-03,2026-04-06}', 0.8, 0.30),
 ('Dunmore', 4, false, 'Australia/Sydney', 'Australia/Sydney; mon-fri 09:00-17:00; holidays 2026-01-26 2026-04-03 2026-04-06',
  '09:00', '17:00', NULL, NULL, NULL, NULL, '{2026-01-26,2026-04-03,2026-04-06}', 1.5, 0.00),
 ('Everly', 5, false, 'America/Los_Angeles', 'America/Los_Angeles; mon-fri 09:00-17:00',
  '09:00', '17:00', NULL, NULL, NULL, NULL, '{}', 1.2, 0.35),
 ('Fjord', 6, false, 'Europe/Oslo', 'Europe/Oslo; mon-fri 08:00-16:00; holidays 2026-04-02 2026-04-03 2026-04-06',
  '08:00', '16:00', NULL, NULL, NULL, NULL, '{2026-04-02,2026-04-03,2026-04-06}', 2.0, 0.15),
 ('Granite', 7, false, 'America/Chicago', 'America/Chicago; mon-fri 08:00-20:00; sat 09:00-13:00',
  '08:00', '20:00', '09:00', '13:00', NULL, NULL, '{}', 0.7, -0.10),
 ('Halcyon', 8, false, 'Asia/Tokyo', 'Asia/Tokyo; mon-fri 09:00-18:00',
  '09:00', '18:00', NULL, NULL, NULL, NULL, '{}', 1.0, 0.20),
 ('Ionic', 9, false, 'Europe/Berlin', 'Europe/Berlin; mon-fri 09:00-17:00; holidays 2026-04-03 2026-04-06',
  '09:00', '17:00', NULL, NULL, NULL, NULL, '{2026-04-03,2026-04-06}', 3.0, -0.20),
 ('Juniper', 10, false, 'America/Sao_Paulo', 'America/Sao_Paulo; mon-sat 09:00-18:00',
  '09:00', '18:00', '09:00', '18:00', NULL, NULL, '{}', 1.3, 0.05);

-- Brands whose bot acknowledges inbound conversations within seconds.
CREATE TEMP TABLE gen_bots (brand text PRIMARY KEY);
INSERT INTO gen_bots VALUES ('Borealis'), ('Everly'), ('Granite');

------------------------------------------------------------------------------
-- Accounts: two per brand; followers fall with the brand's rank (log-normal
-- around a power law); the second account is smaller.
INSERT INTO demo.accounts (account_id, brand, network, handle, followers, base_rate, post_weight)
SELECT id, b.brand, n.network,
	lower(b.brand) || '_' || s.short,
	round(2.5e6 * b.mention_rank ^ -1.1 * exp(0.5 * demo.gauss(id, 60)) * n.size),
	0.015 + 0.035 * demo.u01(id, 62),
	0.4 + demo.u01(id, 63)
FROM demo.brands b
CROSS JOIN LATERAL (VALUES
	(1, CASE WHEN b.mention_rank % 3 = 0 THEN 'tiktok' ELSE 'instagram' END, 1.0),
	(2, CASE WHEN b.mention_rank % 2 = 0 THEN 'linkedin' ELSE 'facebook' END, 0.35)) AS n(k, network, size)
CROSS JOIN LATERAL (SELECT (b.mention_rank - 1) * 2 + n.k AS id) AS i
CROSS JOIN LATERAL (SELECT CASE n.network WHEN 'instagram' THEN 'ig' WHEN 'tiktok' THEN 'tt'
	WHEN 'facebook' THEN 'fb' ELSE 'li' END AS short) AS s;

-- Followers: a random walk of daily growth, ending at accounts.followers.
-- Each account has a steady daily growth (drift) of -0.05 % to +0.27 % a day
-- (about -0.3 % to +1.9 % a week) and day-to-day noise of 0.06 % a day (the
-- net follows of one day vary about as much as their mean: a mention by a
-- big account, an unfollow wave).  The day-over-day steps are independent.
-- Two planted changes in the last week (2026-04-20 to 04-26, days 105-111;
-- demo/what_changed.sql flags them, doc/demo.md):
--  - stall: our main account (acme_tt) grows +0.30 % a day until then, and
--    not at all that week (drift 0, same noise);
--  - burst: Dunmore's main account (dunmore_ig) gains 0.40 % a day more than
--    its usual growth in the week of its product launch.
INSERT INTO demo.follower_history (account_id, day, followers)
WITH steps AS (
	SELECT a.account_id, a.followers, p.days, d,
		CASE WHEN a.handle = 'acme_tt' THEN CASE WHEN d >= 105 THEN 0 ELSE 0.0030 END
			ELSE -0.00045 + 0.0032 * demo.u01(a.account_id, 64)
				+ CASE WHEN a.handle = 'dunmore_ig' AND d >= 105 THEN 0.0040 ELSE 0 END END
			+ 0.0006 * demo.gauss(a.account_id * 1000 + d, 66) AS g
	FROM demo.accounts a, gen_period p, generate_series(0, p.days - 1) AS d
), walk AS (
	-- log followers on day d, relative to the last day: minus the steps after d
	SELECT account_id, followers, days, d,
		coalesce(sum(ln(1 + g)) OVER (PARTITION BY account_id ORDER BY d DESC
			ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS after_d
	FROM steps
)
SELECT w.account_id, p.first_day + w.d, round(w.followers * exp(-w.after_d))
FROM walk w, gen_period p;

------------------------------------------------------------------------------
-- Posts.
INSERT INTO demo.posts (post_id, account_id, posted_at, impressions, reach, likes, comments, shares, saves,
	content_type, tags)
WITH acc AS (
	SELECT a.*, b.tz,
		coalesce(sum(post_weight) OVER (ORDER BY account_id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
			/ sum(post_weight) OVER () AS lo,
		sum(post_weight) OVER (ORDER BY account_id) / sum(post_weight) OVER () AS hi
	FROM demo.accounts a JOIN demo.brands b USING (brand)
), draw AS (
	SELECT i, acc.account_id,
		-- Acme's campaign: a third more engagement from 2026-04-06 on;
		-- planted drop: in the week of 2026-04-20 (days 105-111) its
		-- engagement falls to half of that
		acc.base_rate * CASE WHEN acc.brand = 'Acme' AND demo.u01(i, 1) >= 15.0 / 16 THEN 1.35 * 0.5
			WHEN acc.brand = 'Acme' AND demo.u01(i, 1) >= 13.0 / 16 THEN 1.35 ELSE 1 END
			AS base_rate,
		p.first_day + floor(p.days * demo.u01(i, 1))::int AS day,
		acc.tz,
		-- planted best slot (doc/demo.md): half of acme_tt's Tuesday posts go
		-- out at 12:00-12:59 local time, and those posts engage x 1.5
		acc.handle = 'acme_tt' AND extract(isodow FROM p.first_day + floor(p.days * demo.u01(i, 1))::int) = 2
			AND demo.u01(i, 79) < 0.5 AS lunch_slot,
		demo.gauss(i, 2) AS z,                              -- drives reach
		demo.u01(i, 7) AS glitch,
		-- content type and tags, independent of the account and the time;
		-- planted lifts of the rate (doc/demo.md): video x 1.3, the tag
		-- giveaway x 1.5, every other type and tag x 1
		CASE WHEN demo.u01(i, 70) < 0.40 THEN 'photo' WHEN demo.u01(i, 70) < 0.65 THEN 'video'
			WHEN demo.u01(i, 70) < 0.85 THEN 'carousel' ELSE 'text' END AS content_type,
		array_remove(ARRAY[
			CASE WHEN demo.u01(i, 71) < 0.30 THEN 'product' END,
			CASE WHEN demo.u01(i, 72) < 0.15 THEN 'behind_the_scenes' END,
			CASE WHEN demo.u01(i, 73) < 0.15 THEN 'tips' END,
			CASE WHEN demo.u01(i, 74) < 0.12 THEN 'customer_story' END,
			CASE WHEN demo.u01(i, 75) < 0.10 THEN 'announcement' END,
			CASE WHEN demo.u01(i, 76) < 0.08 THEN 'giveaway' END,
			CASE WHEN demo.u01(i, 77) < 0.08 THEN 'seasonal' END,
			CASE WHEN demo.u01(i, 78) < 0.06 THEN 'poll' END], NULL) AS tags
	FROM generate_series(1, :posts) AS i
	CROSS JOIN gen_period p
	JOIN acc ON demo.u01(i, 0) >= acc.lo AND demo.u01(i, 0) < acc.hi
), sized AS (
	SELECT d.*,
		-- local posting time 07:00-22:00 (the planted slot: 12:00-12:59)
		(d.day + demo.secs(CASE WHEN d.lunch_slot THEN 43200 + 3600 * demo.u01(i, 4)
			ELSE 25200 + 54000 * demo.u01(i, 4) END)) AT TIME ZONE d.tz AS posted_at,
		-- reach: log-normal around 10 % of followers, times a Pareto(1.2)
		-- boost for 2 % viral posts
		h.followers * 0.10 * exp(1.0 * d.z)
			* CASE WHEN demo.u01(i, 5) < 0.02 THEN least(300, demo.u01(i, 6) ^ (-1 / 1.2)) ELSE 1 END AS reach0
	FROM draw d JOIN demo.follower_history h ON h.account_id = d.account_id AND h.day = d.day
), counted AS (
	SELECT s.*,
		CASE WHEN glitch < 0.015 THEN 0 ELSE round(reach0 * (1.15 + 0.7 * demo.u01(i, 8))) END AS impressions,
		CASE WHEN glitch < 0.015 THEN 0 WHEN glitch < 0.025 THEN NULL ELSE round(reach0) END AS reach,
		CASE WHEN glitch < 0.015
			THEN CASE WHEN demo.u01(i, 9) < 0.25 THEN floor(1 + 4 * demo.u01(i, 10)) ELSE 0 END
			-- rate per reach: the account's base, log-normal noise, lower for
			-- posts that reach more people
			ELSE least(round(reach0), round(reach0 * base_rate
				* CASE WHEN content_type = 'video' THEN 1.3 ELSE 1 END
				* CASE WHEN 'giveaway' = ANY (tags) THEN 1.5 ELSE 1 END
				* CASE WHEN lunch_slot THEN 1.5 ELSE 1 END
				* exp(0.45 * demo.gauss(i, 11) - 0.3 * s.z)))
		END AS e
	FROM sized s
), split AS (
	SELECT c.*,
		floor(e * 0.07 + demo.u01(i, 13)) AS comments,
		floor(e * 0.06 + demo.u01(i, 14)) AS shares,
		floor(e * 0.04 + demo.u01(i, 15)) AS saves
	FROM counted c
)
SELECT i, account_id, posted_at, impressions, reach,
	greatest(e - comments - shares - saves, 0), comments, shares, saves, content_type, tags
FROM split;

------------------------------------------------------------------------------
-- Customer care.  Opening windows of every brand, in its local time, for the
-- period and two weeks after it (replies to late conversations).
CREATE TEMP TABLE gen_windows AS
SELECT b.brand,
	(d + o.open_t) AT TIME ZONE b.tz AS open_at,
	(d + o.close_t) AT TIME ZONE b.tz AS close_at
FROM demo.brands b, gen_period p,
	generate_series(-7, p.days + 14) AS g(n)
CROSS JOIN LATERAL (SELECT p.first_day + g.n AS d) AS dd
CROSS JOIN LATERAL (SELECT
	CASE extract(isodow FROM d) WHEN 6 THEN b.sat_open WHEN 7 THEN b.sun_open ELSE b.wk_open END AS open_t,
	CASE extract(isodow FROM d) WHEN 6 THEN b.sat_close WHEN 7 THEN b.sun_close ELSE b.wk_close END AS close_t) AS o
WHERE o.open_t IS NOT NULL AND NOT d = ANY (b.holidays);
CREATE INDEX ON gen_windows (brand, close_at);
ANALYZE gen_windows;

-- Conversations: brand by Zipf(0.7) of the brands' ranks; kind; start time
-- (85 % between 07:00 and 23:00 local, peaking at 15:00, the rest any time);
-- rounds of customer messages + brand reply.
CREATE TEMP TABLE gen_conv AS
WITH br AS (
	SELECT b.brand, b.tz, b.reply_factor, b.mention_rank,
		coalesce(sum(w) OVER (ORDER BY mention_rank ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
			/ sum(w) OVER () AS lo,
		sum(w) OVER (ORDER BY mention_rank) / sum(w) OVER () AS hi
	FROM demo.brands b CROSS JOIN LATERAL (SELECT b.mention_rank ^ -0.7 AS w) AS x
), c AS (
	SELECT i AS conversation_id, br.brand, br.tz, br.reply_factor, br.mention_rank,
		demo.u01(i, 17) AS uk, demo.u01(i, 18) AS ur,
		p.first_day + floor(p.days * demo.u01(i, 19))::int AS day,
		CASE WHEN demo.u01(i, 20) < 0.85 THEN 25200 + 57600 * (demo.u01(i, 21) + demo.u01(i, 28)) / 2
			ELSE 86400 * demo.u01(i, 21) END AS tod,
		demo.u01(i, 22) AS uacc
	FROM generate_series(1, :conversations) AS i
	CROSS JOIN gen_period p
	JOIN br ON demo.u01(i, 16) >= br.lo AND demo.u01(i, 16) < br.hi
)
SELECT c.conversation_id, c.brand, c.reply_factor,
	-- 70 % write to the brand's main account
	(c.mention_rank - 1) * 2 + 1 + (c.uacc >= 0.7)::int AS account_id,
	(c.day + demo.secs(c.tod)) AT TIME ZONE c.tz AS started_at,
	CASE WHEN uk < 0.05 THEN 'brand_only' WHEN uk < 0.13 THEN 'brand_first'
		WHEN uk < 0.23 THEN 'unanswered' ELSE 'inbound' END AS kind,
	-- rounds of (customer run, brand reply): 1 to 4, geometric-like
	CASE WHEN uk >= 0.13 AND uk < 0.23 THEN 1
		ELSE 1 + (ur < 0.45)::int + (ur < 0.2)::int + (ur < 0.07)::int END AS rounds,
	-- the customer's last run gets no reply (a "thanks!" the brand leaves)
	demo.u01(conversation_id, 23) < 0.3 AS unanswered_tail,
	EXISTS (SELECT FROM gen_bots g WHERE g.brand = c.brand) AND demo.u01(conversation_id, 24) < 0.9 AS acked
FROM c;

-- The rounds, one recursion step per round, since each round starts after
-- the previous reply and each reply depends on the opening hours at that time.
-- Row (round r) holds its customer run (start t, offsets of its k messages)
-- and the brand's reply; next_t is the start of round r + 1.
-- Draws of round r use the key conversation_id * 8 + r.
CREATE TEMP TABLE gen_rounds AS
WITH RECURSIVE r AS (
	SELECT g.conversation_id, g.brand, g.reply_factor, g.kind, g.rounds, g.unanswered_tail,
		0 AS round, NULL::timestamptz AS t, NULL::int[] AS offs, NULL::timestamptz AS reply_at,
		CASE WHEN g.kind = 'brand_first'
			-- the customer answers the brand's opening message
			THEN g.started_at + demo.secs(60 + 600 * exp(1.3 * demo.gauss(g.conversation_id, 25)))
			ELSE g.started_at END AS next_t
	FROM gen_conv g WHERE g.kind <> 'brand_only'
	UNION ALL
	SELECT p.conversation_id, p.brand, p.reply_factor, p.kind, p.rounds, p.unanswered_tail,
		p.round + 1, p.next_t, x.offs, y.reply_at,
		-- the customer comes back after a log-normal delay (median 8 min)
		y.reply_at + demo.secs(10 + least(259200, 480 * exp(1.4 * demo.gauss(x.key, 40))))
	FROM r AS p
	CROSS JOIN LATERAL (SELECT p.conversation_id * 8 + p.round + 1 AS key) AS k
	CROSS JOIN LATERAL (
		-- a run of 1-4 customer messages, 5 s to ~10 min apart
		SELECT k.key, (ARRAY[0, g1, g1 + g2, g1 + g2 + g3])[1:n] AS offs, p.next_t + (ARRAY[0, g1, g1 + g2, g1 + g2 + g3])[n] * interval '1 second' AS t_last,
			p.kind <> 'unanswered' AND NOT (p.unanswered_tail AND p.round + 1 = p.rounds AND p.rounds > 1) AS answered
		FROM (SELECT 1 + (demo.u01(k.key, 32) < 0.35)::int + (demo.u01(k.key, 32) < 0.12)::int
				+ (demo.u01(k.key, 32) < 0.04)::int AS n,
			floor(5 + least(600, 40 * exp(demo.gauss(k.key, 33))))::int AS g1,
			floor(5 + least(600, 40 * exp(demo.gauss(k.key, 35))))::int AS g2,
			floor(5 + least(600, 40 * exp(demo.gauss(k.key, 37))))::int AS g3) AS d
	) AS x
	LEFT JOIN LATERAL (
		SELECT w.open_at FROM gen_windows w
		WHERE w.brand = p.brand AND w.close_at > p.next_t
		ORDER BY w.close_at LIMIT 1
	) AS w ON true
	CROSS JOIN LATERAL (
		SELECT CASE WHEN x.answered THEN greatest(x.t_last + interval '5 seconds',
			-- open: a log-normal delay (median 12 min times the brand's
			-- factor); closed: the next opening plus a backlog delay
			CASE WHEN w.open_at IS NULL OR w.open_at <= p.next_t
				THEN p.next_t + demo.secs(20 + 720 * p.reply_factor * exp(1.1 * demo.gauss(x.key, 42)))
				ELSE w.open_at + demo.secs(60 + 1500 * p.reply_factor * exp(0.9 * demo.gauss(x.key, 42)))
			END
			-- 4 % escalations wait hours to a week more (Pareto 1.1)
			+ CASE WHEN demo.u01(x.key, 44) < 0.04
				THEN demo.secs(3600 * least(168, demo.u01(x.key, 45) ^ (-1 / 1.1))) ELSE interval '0' END)
		END AS reply_at
	) AS y
	WHERE p.round < p.rounds AND p.next_t IS NOT NULL
)
SELECT conversation_id, round, t, offs, reply_at FROM r WHERE round > 0;

INSERT INTO demo.conversations (conversation_id, account_id, brand, started_at, kind)
SELECT conversation_id, account_id, brand, started_at, kind FROM gen_conv;

-- Messages, numbered in (conversation, time) order.
INSERT INTO demo.messages (message_id, conversation_id, account_id, brand, at, from_brand, automated)
SELECT row_number() OVER (ORDER BY m.conversation_id, m.at, m.seq),
	m.conversation_id, c.account_id, c.brand, m.at, m.from_brand, m.automated
FROM (
	-- the brand's opening message (and, for a third of the ignored ones, a
	-- follow-up a day later; '24 hours', since '1 day' would depend on the
	-- session's time zone)
	SELECT conversation_id, started_at AS at, 0 AS seq, true AS from_brand, false AS automated
	FROM gen_conv WHERE kind IN ('brand_first', 'brand_only')
	UNION ALL
	SELECT conversation_id, started_at + interval '24 hours', 1, true, false
	FROM gen_conv WHERE kind = 'brand_only' AND demo.u01(conversation_id, 29) < 0.33
	UNION ALL
	-- customer runs
	SELECT r.conversation_id, r.t + o.off * interval '1 second', r.round * 10 + o.j::int, false, false
	FROM gen_rounds r CROSS JOIN LATERAL unnest(r.offs) WITH ORDINALITY AS o(off, j)
	UNION ALL
	-- brand replies
	SELECT conversation_id, reply_at, round * 10 + 9, true, false
	FROM gen_rounds WHERE reply_at IS NOT NULL
	UNION ALL
	-- bot acknowledgements, 2-8 s after the first customer message
	SELECT r.conversation_id, r.t + demo.secs(2 + 7 * demo.u01(r.conversation_id, 27)), 15, true, true
	FROM gen_rounds r JOIN gen_conv c USING (conversation_id)
	WHERE r.round = 1 AND c.acked
) AS m
JOIN gen_conv c USING (conversation_id);

------------------------------------------------------------------------------
-- Mentions: 3 % are Cobalt's crisis (the week of 2026-03-16, decaying, tone
-- shifted down by 1.2); 0.15 % (300 of the default 200,000) are Dunmore's
-- product launch (planted spike: Monday to Friday of the week of 2026-04-20,
-- Helsinki time, the focus brand's calendar that share of voice uses; tone
-- as usual); the rest have brand ~ Zipf(1) over the ranks and times uniform
-- over the period.
INSERT INTO demo.mentions (mention_id, brand, at, source, sentiment, engagements, reach)
WITH br AS (
	SELECT b.brand, b.sentiment_bias,
		coalesce(sum(w) OVER (ORDER BY mention_rank ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
			/ sum(w) OVER () AS lo,
		sum(w) OVER (ORDER BY mention_rank) / sum(w) OVER () AS hi
	FROM demo.brands b CROSS JOIN LATERAL (SELECT 1.0 / b.mention_rank AS w) AS x
), d AS (
	SELECT i, demo.u01(i, 48) < 0.03 AS crisis,
		demo.u01(i, 48) >= 0.03 AND demo.u01(i, 48) < 0.0315 AS launch, demo.u01(i, 49) AS ub
	FROM generate_series(1, :mentions) AS i
)
SELECT d.i, br.brand,
	CASE WHEN d.crisis
		THEN timestamptz '2026-03-16 07:00+00' + demo.secs(604800 * demo.u01(d.i, 50) ^ 2)
		WHEN d.launch
		THEN timestamptz '2026-04-20 00:00+03' + demo.secs(432000 * demo.u01(d.i, 50))
		ELSE (p.first_day + demo.secs(p.days * 86400 * demo.u01(d.i, 50))) AT TIME ZONE 'UTC' END,
	CASE WHEN s.u < 0.35 THEN 'x' WHEN s.u < 0.55 THEN 'instagram' WHEN s.u < 0.67 THEN 'facebook'
		WHEN s.u < 0.77 THEN 'tiktok' WHEN s.u < 0.85 THEN 'news' WHEN s.u < 0.93 THEN 'forum'
		ELSE 'blog' END,
	CASE WHEN demo.u01(d.i, 52) < 0.02 THEN NULL
		WHEN demo.u01(d.i, 52) < 0.42 THEN 0
		ELSE round(tanh(br.sentiment_bias - 1.2 * d.crisis::int + 0.9 * demo.gauss(d.i, 53))::numeric, 3)::float8
	END,
	least(5000000, floor(exp(0.3 + 1.8 * demo.gauss(d.i, 55)))),
	least(500000000, floor(exp(6.5 + 1.9 * demo.gauss(d.i, 57))))
FROM d CROSS JOIN gen_period p
JOIN br ON CASE WHEN d.crisis THEN br.brand = 'Cobalt' WHEN d.launch THEN br.brand = 'Dunmore'
	ELSE d.ub >= br.lo AND d.ub < br.hi END
CROSS JOIN LATERAL (SELECT demo.u01(d.i, 51) AS u) AS s;

-- Foreign keys, checked once each now that the rows are in.
ALTER TABLE demo.accounts ADD FOREIGN KEY (brand) REFERENCES demo.brands;
ALTER TABLE demo.follower_history ADD FOREIGN KEY (account_id) REFERENCES demo.accounts;
ALTER TABLE demo.posts ADD FOREIGN KEY (account_id) REFERENCES demo.accounts;
ALTER TABLE demo.conversations ADD FOREIGN KEY (account_id) REFERENCES demo.accounts;
ALTER TABLE demo.conversations ADD FOREIGN KEY (brand) REFERENCES demo.brands;
ALTER TABLE demo.messages ADD FOREIGN KEY (conversation_id) REFERENCES demo.conversations;
ALTER TABLE demo.mentions ADD FOREIGN KEY (brand) REFERENCES demo.brands;

DROP TABLE gen_period, gen_bots, gen_windows, gen_conv, gen_rounds;
ANALYZE demo.brands, demo.accounts, demo.follower_history, demo.posts,
	demo.conversations, demo.messages, demo.mentions;
