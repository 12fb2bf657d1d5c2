-- Sections C and D of the report, decisions with their uncertainty:
--   C. Best time to post: per account of our brand, the local hour-of-week
--      slots (hour_of_week in the brand's time zone) over the whole sample,
--      each slot's engagement rate by impressions shrunk toward the
--      account's rate (engagement_rate_shrunk, empirical Bayes); a heat map
--      (thin slots in parentheses) and the slots whose lower bound is above
--      the account's rate, or "no slot is reliably better";
--   D. What works: our brand's content types (each against photo, the most
--      common) and tags (posts with the tag against those without), lift of
--      the engagement rate with its 95 % interval (engagement_rate_lift) and
--      the p-value adjusted over every row (p_adjust, Holm); flagged at 0.05.
-- Included by demo/report.sql; tools/demo.sh also runs it alone, in psql's
-- HTML output format, for the web page (demo/report_html.py --decide).
-- Needs hour_of_week, engagement_rate_shrunk, engagement_rate_lift and
-- p_adjust (1.2.0); prints a note without them.

\ir report_setup.sql
SELECT count(DISTINCT p.proname) = 4 AS has_decide FROM pg_proc p
WHERE p.proname IN ('hour_of_week', 'engagement_rate_shrunk', 'engagement_rate_lift', 'p_adjust') \gset
\if :has_decide
-- A slot with fewer posts than this is thin: shown in parentheses, never
-- called better.  Why 20: the shrinkage weighs each slot by 1 / v, v from
-- the slot's own posts; over a handful of heavy-tailed posts v is often far
-- too small, and such a slot is then neither pulled in nor given a wide
-- interval.  On the sample data a threshold of 5 posts calls 4 slots of
-- acme_tt "reliably better": the planted one (Tue 12:00) and 3 false ones
-- of 6 to 10 posts; the
-- simulation behind the claim rates (doc/decisions.md) has 64 posts a slot.
\set thin_posts 20
CREATE OR REPLACE TEMP VIEW decide_slot AS
WITH slot AS (
	SELECT a.account_id, a.handle, hour_of_week(p.posted_at, b.tz) AS how, count(*) AS posts,
		engagement_rate_ci_state(p.engagements, p.impressions) AS state
	FROM demo.posts p JOIN demo.accounts a USING (account_id) JOIN demo.brands b USING (brand)
	WHERE b.focus AND p.impressions > 0
	GROUP BY 1, 2, 3
), account AS (
	SELECT account_id, engagement_rate(rollup(state)) AS rate FROM slot GROUP BY 1
), shrunk AS (
	SELECT s.*, engagement_rate_shrunk(s.state) OVER (PARTITION BY s.account_id) AS e FROM slot s
)
SELECT s.account_id, s.handle, s.how, s.posts, a.rate AS account_rate,
	s.e[1] AS shrunk, s.e[2] AS low, s.e[3] AS high,
	s.posts < :thin_posts OR s.e[2] IS NULL AS thin,
	s.posts >= :thin_posts AND coalesce(s.e[2] > a.rate AND s.e[3] > s.e[2], false) AS better
FROM shrunk s JOIN account a USING (account_id);

\echo 'C. BEST TIME TO POST: our accounts, local hour of the week (the brand''s time zone), all 16 weeks'
\echo
\echo 'C1. Heat map: each slot''s engagement rate %, shrunk toward the account''s rate (engagement_rate_shrunk),'
\echo '    so a slot with three lucky posts does not top it; in parentheses: thin slots (fewer than' :thin_posts 'posts).'
SELECT handle || ' ' || to_char(date '2026-01-05' + how / 24, 'Dy') AS "account, day",
	lpad((how % 24)::text, 2, '0') AS hour,
	CASE WHEN thin THEN '(' || round(100 * shrunk::numeric, 1) || ')' ELSE round(100 * shrunk::numeric, 1)::text END AS rate,
	account_id * 10 + how / 24 AS ord
FROM decide_slot
ORDER BY account_id, how
\crosstabview "account, day" hour rate ord

\echo 'C2. Slots reliably better than the account''s rate: at least' :thin_posts 'posts and the shrunk interval''s'
\echo '    lower bound above the rate (at most three, best lower bound first).'
SELECT a.handle AS account, round(100 * r.rate::numeric, 2) AS "account rate %",
	coalesce(string_agg(format('%s %s:00 %s %% (%s–%s, %s posts)', to_char(date '2026-01-05' + s.how / 24, 'Dy'),
		lpad((s.how % 24)::text, 2, '0'), round(100 * s.shrunk::numeric, 2), round(100 * s.low::numeric, 2),
		round(100 * s.high::numeric, 2), s.posts), '; ' ORDER BY s.low DESC) FILTER (WHERE s.how IS NOT NULL),
		'no slot is reliably better')
		AS "▲ better slots"
FROM demo.accounts a JOIN demo.brands b USING (brand)
JOIN (SELECT DISTINCT account_id, account_rate AS rate FROM decide_slot) r USING (account_id)
LEFT JOIN LATERAL (SELECT * FROM decide_slot d WHERE d.account_id = a.account_id AND d.better
	ORDER BY d.low DESC LIMIT 3) s ON true
WHERE b.focus
GROUP BY a.account_id, a.handle, r.rate
ORDER BY a.account_id;

CREATE OR REPLACE TEMP VIEW decide_lift AS
WITH src AS (
	SELECT p.* FROM demo.posts p JOIN demo.accounts a USING (account_id) JOIN demo.brands b USING (brand)
	WHERE b.focus AND p.impressions > 0
), items AS (
	-- content types are exclusive: each against the reference type (photo);
	-- tags are not: posts with the tag against posts without it
	SELECT DISTINCT 'content type' AS kind, content_type AS item FROM src WHERE content_type <> 'photo'
	UNION ALL
	SELECT DISTINCT 'tag', unnest(tags) FROM src
), lift AS (
	SELECT i.kind, i.item, count(*) FILTER (WHERE t.treated) AS posts,
		engagement_rate_lift(s.engagements, s.impressions, t.treated) AS l
	FROM items i CROSS JOIN src s
	CROSS JOIN LATERAL (SELECT CASE WHEN i.kind = 'tag' THEN i.item = ANY (s.tags)
		WHEN s.content_type = i.item THEN true WHEN s.content_type = 'photo' THEN false END AS treated) AS t
	GROUP BY i.kind, i.item
)
SELECT kind, item, posts, l[1] AS lift, l[2] AS low, l[3] AS high, l[4] AS p_value,
	p_adjust(l[4]) OVER () AS p_holm
FROM lift;

\echo 'D. WHAT WORKS: our posts, content types and tags, all 16 weeks'
\echo
\echo 'D1. Lift of the engagement rate (engagement_rate_lift), %: a content type against photo posts, a tag'
\echo '    against the posts without it; 95 % interval; p adjusted over every row (p_adjust, Holm: testing them'
\echo '    all at once would otherwise turn up a "winner" by chance). Flag: adjusted p < 0.05.'
SELECT kind, item, posts, round(100 * lift::numeric, 1) AS "lift %",
	format('%s to %s', round(100 * low::numeric, 1), round(100 * high::numeric, 1)) AS "95 % interval",
	CASE WHEN p_holm < 0.001 THEN '<0.001' ELSE round(p_holm::numeric, 3)::text END AS "adjusted p",
	CASE WHEN p_holm < 0.05 THEN CASE WHEN lift > 0 THEN '▲ works' ELSE '▼ hurts' END ELSE '' END AS flag
FROM decide_lift
ORDER BY p_holm, kind, item;
\else
\echo 'C, D. Best time to post and what works need social_metrics 1.2.0 (hour_of_week, engagement_rate_shrunk,'
\echo '      engagement_rate_lift, p_adjust); ALTER EXTENSION social_metrics UPDATE.'
\echo
\endif
