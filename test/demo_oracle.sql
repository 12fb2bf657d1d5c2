-- Plain-SQL stand-ins of the extension's ratio functions, written from
-- doc/design.md sections 8 and 10 alone, in schema sm_oracle.  test/05_demo.sh runs
-- the report once with the extension's functions and once with
-- search_path = sm_oracle, public (these shadow the extension's, same names
-- and argument types), and requires the same text: an independent oracle of
-- every figure of the report's engagement and share-of-voice sections.
-- Slow (SQL transition functions), fine for the demo's 200k rows.

SET client_min_messages = warning;
DROP SCHEMA IF EXISTS sm_oracle CASCADE;
RESET client_min_messages;
CREATE SCHEMA sm_oracle;

-- engagements / denominator; NULL unless the denominator is > 0.
CREATE FUNCTION sm_oracle.engagement_rate(e bigint, d bigint) RETURNS float8
LANGUAGE sql IMMUTABLE STRICT
RETURN CASE WHEN d > 0 THEN e::float8 / d::float8 END;

-- Ratio of sums over rows where both are non-NULL and d >= 0 (a negative
-- denominator counts as missing).  State: {sum(e), sum(d)} exact.
CREATE FUNCTION sm_oracle.ros_step(s numeric[], e bigint, d bigint) RETURNS numeric[]
LANGUAGE sql IMMUTABLE
RETURN CASE WHEN e IS NULL OR d IS NULL OR d < 0 THEN s ELSE ARRAY[s[1] + e, s[2] + d] END;
CREATE FUNCTION sm_oracle.ros_final(s numeric[]) RETURNS float8
LANGUAGE sql IMMUTABLE
RETURN CASE WHEN s[2] > 0 THEN s[1]::float8 / s[2]::float8 END;
CREATE AGGREGATE sm_oracle.engagement_rate_agg(bigint, bigint) (
	SFUNC = sm_oracle.ros_step, STYPE = numeric[], FINALFUNC = sm_oracle.ros_final, INITCOND = '{0,0}');

-- Mean of per-row rates over rows with d > 0 and e non-NULL.
CREATE FUNCTION sm_oracle.mor_step(s float8[], e bigint, d bigint) RETURNS float8[]
LANGUAGE sql IMMUTABLE
RETURN CASE WHEN e IS NULL OR NOT d > 0 OR d IS NULL THEN s
	ELSE ARRAY[s[1] + e::float8 / d::float8, s[2] + 1] END;
CREATE FUNCTION sm_oracle.mor_final(s float8[]) RETURNS float8
LANGUAGE sql IMMUTABLE
RETURN CASE WHEN s[2] > 0 THEN s[1] / s[2] END;
CREATE AGGREGATE sm_oracle.avg_engagement_rate(bigint, bigint) (
	SFUNC = sm_oracle.mor_step, STYPE = float8[], FINALFUNC = sm_oracle.mor_final, INITCOND = '{0,0}');

-- Share of voice: sum(weight where brand = focus) / sum(weight); rows with a
-- NULL brand or weight skipped.  State: {focus weight, total weight}.
CREATE FUNCTION sm_oracle.sov_step(s float8[], brand text, focus text, w float8) RETURNS float8[]
LANGUAGE sql IMMUTABLE
RETURN CASE WHEN brand IS NULL OR w IS NULL THEN s
	ELSE ARRAY[s[1] + CASE WHEN brand = focus THEN w ELSE 0 END, s[2] + w] END;
CREATE FUNCTION sm_oracle.sov_step(s float8[], brand text, focus text) RETURNS float8[]
LANGUAGE sql IMMUTABLE
RETURN sm_oracle.sov_step(s, brand, focus, 1);
CREATE FUNCTION sm_oracle.sov_final(s float8[]) RETURNS float8
LANGUAGE sql IMMUTABLE
RETURN CASE WHEN s[2] > 0 THEN s[1] / s[2] END;
CREATE AGGREGATE sm_oracle.share_of_voice(text, text) (
	SFUNC = sm_oracle.sov_step, STYPE = float8[], FINALFUNC = sm_oracle.sov_final, INITCOND = '{0,0}');
CREATE AGGREGATE sm_oracle.share_of_voice(text, text, float8) (
	SFUNC = sm_oracle.sov_step, STYPE = float8[], FINALFUNC = sm_oracle.sov_final, INITCOND = '{0,0}');

-- Net sentiment: (positive - negative) / (positive + negative).
CREATE FUNCTION sm_oracle.ns_step(s bigint[], x float8) RETURNS bigint[]
LANGUAGE sql IMMUTABLE
RETURN CASE WHEN x > 0 THEN ARRAY[s[1] + 1, s[2]] WHEN x < 0 THEN ARRAY[s[1], s[2] + 1] ELSE s END;
CREATE FUNCTION sm_oracle.ns_final(s bigint[]) RETURNS float8
LANGUAGE sql IMMUTABLE
RETURN CASE WHEN s[1] + s[2] > 0 THEN (s[1] - s[2])::float8 / (s[1] + s[2])::float8 END;
CREATE AGGREGATE sm_oracle.net_sentiment(float8) (
	SFUNC = sm_oracle.ns_step, STYPE = bigint[], FINALFUNC = sm_oracle.ns_final, INITCOND = '{0,0}');
