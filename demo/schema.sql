-- Sample data of the README's main command (tools/demo.sh): the tables a
-- social-media analytics team has, in a schema of their own.  Filled by
-- demo/generate.sql; read by demo/report*.sql.
--
-- Foreign keys are added by demo/generate.sql after it loads the rows (one
-- validating join instead of a trigger call per row).
--
-- Time stamps are timestamptz; every brand has a home time zone and a
-- customer-care calendar (the business hours its replies follow).

SET client_min_messages = warning;
DROP SCHEMA IF EXISTS demo CASCADE;
RESET client_min_messages;
CREATE SCHEMA demo;
COMMENT ON SCHEMA demo IS 'social_metrics sample data (demo/schema.sql, filled by demo/generate.sql)';

-- Brands: ours (focus) and the competitors we listen to.
CREATE TABLE demo.brands (
	brand        text PRIMARY KEY,
	mention_rank int NOT NULL UNIQUE,      -- Zipf rank of its share of mentions
	focus        bool NOT NULL DEFAULT false, -- the brand the report is about
	tz           text NOT NULL,            -- IANA time zone of its home market
	calendar     text NOT NULL,            -- customer-care hours, business_calendar text
	-- the same hours, structured, for the generator: NULL = closed that day
	wk_open      time, wk_close time,      -- Monday to Friday
	sat_open     time, sat_close time,
	sun_open     time, sun_close time,
	holidays     date[] NOT NULL DEFAULT '{}',
	reply_factor float8 NOT NULL,          -- scales its reply delays (care quality)
	sentiment_bias float8 NOT NULL         -- mean tone of its mentions
);

-- The brands' own social accounts.
CREATE TABLE demo.accounts (
	account_id   int PRIMARY KEY,
	brand        text NOT NULL,
	network      text NOT NULL,
	handle       text NOT NULL UNIQUE,
	followers    bigint NOT NULL,          -- at the end of the period
	base_rate    float8 NOT NULL,          -- typical engagements per reach (generator)
	post_weight  float8 NOT NULL           -- share of the posts (generator)
);

-- Daily follower counts, for "engagement rate by followers at post time".
CREATE TABLE demo.follower_history (
	account_id   int NOT NULL,
	day          date NOT NULL,
	followers    bigint NOT NULL,
	PRIMARY KEY (account_id, day)
);

-- The brands' posts with their lifetime counters.  reach is NULL where the
-- network did not report it; impressions = 0 for posts whose insights never
-- arrived (they may still carry a few engagements).
CREATE TABLE demo.posts (
	post_id      bigint PRIMARY KEY,
	account_id   int NOT NULL,
	posted_at    timestamptz NOT NULL,
	impressions  bigint NOT NULL,
	reach        bigint,
	likes        bigint NOT NULL,
	comments     bigint NOT NULL,
	shares       bigint NOT NULL,
	saves        bigint NOT NULL,
	content_type text NOT NULL,            -- 'photo', 'video', 'carousel', 'text'
	tags         text[] NOT NULL DEFAULT '{}', -- the team's own tagging
	engagements  bigint GENERATED ALWAYS AS (likes + comments + shares + saves) STORED
);
CREATE INDEX ON demo.posts (account_id, posted_at);

-- Customer-care conversations (direct messages and replies to the brand).
CREATE TABLE demo.conversations (
	conversation_id bigint PRIMARY KEY,
	account_id   int NOT NULL,
	brand        text NOT NULL,
	started_at   timestamptz NOT NULL,     -- its first message, whoever sent it
	kind         text NOT NULL             -- how it was generated: 'inbound',
	                                       -- 'unanswered', 'brand_first', 'brand_only'
);

-- Their messages.  from_brand: sent by the brand's agents (or bots);
-- automated: an auto-acknowledgement ("thanks, we will get back to you"),
-- which is not a reply and must be filtered out of response times.
CREATE TABLE demo.messages (
	message_id   bigint PRIMARY KEY,
	conversation_id bigint NOT NULL,
	account_id   int NOT NULL,
	brand        text NOT NULL,
	at           timestamptz NOT NULL,
	from_brand   bool NOT NULL,
	automated    bool NOT NULL
);
CREATE INDEX ON demo.messages (conversation_id, at);

-- What the web says about every brand (social listening).
CREATE TABLE demo.mentions (
	mention_id   bigint PRIMARY KEY,
	brand        text NOT NULL,
	at           timestamptz NOT NULL,
	source       text NOT NULL,
	sentiment    float8 CHECK (sentiment BETWEEN -1 AND 1),  -- NULL: not scored
	engagements  bigint NOT NULL,
	reach        bigint NOT NULL
);

-- Formatting helpers of the report (demo/report*.sql).

-- A duration in seconds, short: 42s, 12m, 3.4h, 2.1d.
CREATE FUNCTION demo.fmt_seconds(s float8) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN CASE WHEN s < 59.5 THEN round(s)::text || 's'
	WHEN s < 3570 THEN round(s / 60)::text || 'm'
	WHEN s < 86400 THEN round((s / 3600)::numeric, 1)::text || 'h'
	ELSE round((s / 86400)::numeric, 1)::text || 'd' END;

-- A sparkline of the values (scaled from their min to their max); NULL = gap.
CREATE FUNCTION demo.spark(v float8[]) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
	SELECT string_agg(CASE WHEN x IS NULL THEN ' '
			WHEN hi = lo THEN '▄'
			ELSE substr('▁▂▃▄▅▆▇█', 1 + round(7 * (x - lo) / (hi - lo))::int, 1) END,
		'' ORDER BY n)
	FROM unnest(v) WITH ORDINALITY AS u(x, n),
		(SELECT min(y) AS lo, max(y) AS hi FROM unnest(v) AS y) AS r;
END;
