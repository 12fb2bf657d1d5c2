
-- ---------------------------------------------------------------------------
-- 30: share of voice and net sentiment (src/share_of_voice.c), SPEC section 4
-- ---------------------------------------------------------------------------
-- Labels: IMMUTABLE (brand equality depends only on the arguments and their
-- collation, like texteq), STRICT (a row with a NULL brand, focus, weight
-- or sentiment is skipped: the states have an INITCOND), PARALLEL SAFE.

CREATE FUNCTION @extschema@.share_of_voice_transfn(@extschema@.int8_ratio_state,
	pg_catalog.text, pg_catalog.text)
RETURNS @extschema@.int8_ratio_state
AS 'MODULE_PATHNAME', 'share_of_voice_transfn'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.share_of_voice_inv(@extschema@.int8_ratio_state,
	pg_catalog.text, pg_catalog.text)
RETURNS @extschema@.int8_ratio_state
AS 'MODULE_PATHNAME', 'share_of_voice_inv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.share_of_voice_weighted_transfn(@extschema@.float8_ratio_state,
	pg_catalog.text, pg_catalog.text, pg_catalog.float8)
RETURNS @extschema@.float8_ratio_state
AS 'MODULE_PATHNAME', 'share_of_voice_weighted_transfn'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.share_of_voice_weighted_inv(@extschema@.float8_ratio_state,
	pg_catalog.text, pg_catalog.text, pg_catalog.float8)
RETURNS @extschema@.float8_ratio_state
AS 'MODULE_PATHNAME', 'share_of_voice_weighted_inv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE AGGREGATE @extschema@.share_of_voice(brand pg_catalog.text,
	focus pg_catalog.text) (
	SFUNC = @extschema@.share_of_voice_transfn,
	STYPE = @extschema@.int8_ratio_state,
	INITCOND = '(0,0)',
	FINALFUNC = @extschema@.int8_ratio_state_finalfn,
	FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = @extschema@.int8_ratio_state_combine,
	MSFUNC = @extschema@.share_of_voice_transfn,
	MINVFUNC = @extschema@.share_of_voice_inv,
	MSTYPE = @extschema@.int8_ratio_state,
	MINITCOND = '(0,0)',
	MFINALFUNC = @extschema@.int8_ratio_state_finalfn,
	MFINALFUNC_MODIFY = READ_ONLY,
	PARALLEL = SAFE
);

CREATE AGGREGATE @extschema@.share_of_voice(brand pg_catalog.text,
	focus pg_catalog.text, weight pg_catalog.float8) (
	SFUNC = @extschema@.share_of_voice_weighted_transfn,
	STYPE = @extschema@.float8_ratio_state,
	INITCOND = '(0,0)',
	FINALFUNC = @extschema@.float8_ratio_state_finalfn,
	FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = @extschema@.float8_ratio_state_combine,
	MSFUNC = @extschema@.share_of_voice_weighted_transfn,
	MINVFUNC = @extschema@.share_of_voice_weighted_inv,
	MSTYPE = @extschema@.float8_ratio_state,
	MINITCOND = '(0,0)',
	MFINALFUNC = @extschema@.float8_ratio_state_finalfn,
	MFINALFUNC_MODIFY = READ_ONLY,
	PARALLEL = SAFE
);

COMMENT ON FUNCTION @extschema@.share_of_voice_transfn(@extschema@.int8_ratio_state, pg_catalog.text, pg_catalog.text) IS
'Transition function of share_of_voice(text, text): counts the mention, and counts it for the focus brand when brand = focus under the input collation. Example: share_of_voice_transfn(''(0,0)'', ''acme'', ''acme'') = ''(1,1)''.';
COMMENT ON FUNCTION @extschema@.share_of_voice_inv(@extschema@.int8_ratio_state, pg_catalog.text, pg_catalog.text) IS
'Inverse transition function of share_of_voice(text, text) (window frames): uncounts a mention. Example: share_of_voice_inv(''(1,1)'', ''acme'', ''acme'') = ''(0,0)''.';
COMMENT ON FUNCTION @extschema@.share_of_voice_weighted_transfn(@extschema@.float8_ratio_state, pg_catalog.text, pg_catalog.text, pg_catalog.float8) IS
'Transition function of share_of_voice(text, text, float8): adds the weight to the total, and to the focus sum when brand = focus; a negative weight raises 22023, NaN/Infinity 22023. Example: share_of_voice_weighted_transfn(''(0,0)'', ''acme'', ''acme'', 2.5) = ''(2.5,2.5)''.';
COMMENT ON FUNCTION @extschema@.share_of_voice_weighted_inv(@extschema@.float8_ratio_state, pg_catalog.text, pg_catalog.text, pg_catalog.float8) IS
'Inverse transition function of share_of_voice(text, text, float8) (window frames): removes a weighted mention exactly. Example: share_of_voice_weighted_inv(''(2.5,2.5)'', ''acme'', ''acme'', 2.5) = ''(0,0)''.';
COMMENT ON AGGREGATE @extschema@.share_of_voice(pg_catalog.text, pg_catalog.text) IS
'Share of voice in mentions: count(brand = focus) / count(*) over rows with non-NULL brand and focus, a fraction. Equality follows the collation (nondeterministic ICU collations compare case/accent-insensitively). NULL over no rows. Exact bigint counts. Example: SELECT week, share_of_voice(brand, ''acme'') FROM mentions GROUP BY week.';
COMMENT ON AGGREGATE @extschema@.share_of_voice(pg_catalog.text, pg_catalog.text, pg_catalog.float8) IS
'Weighted share of voice: sum(weight where brand = focus) / sum(weight), weights being engagements, reach or 1; rows with a NULL brand, focus or weight are skipped; a negative weight raises 22023. A fraction, NULL when the total weight is 0 or there are no rows. Sums are exact (bit-identical in any plan). Example: SELECT share_of_voice(brand, ''acme'', reach) FROM mentions.';

-- net_sentiment ---------------------------------------------------------------

CREATE FUNCTION @extschema@.net_sentiment_transfn(@extschema@.int8_ratio_state,
	pg_catalog.float8)
RETURNS @extschema@.int8_ratio_state
AS 'MODULE_PATHNAME', 'net_sentiment_transfn'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.net_sentiment_inv(@extschema@.int8_ratio_state,
	pg_catalog.float8)
RETURNS @extschema@.int8_ratio_state
AS 'MODULE_PATHNAME', 'net_sentiment_inv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE AGGREGATE @extschema@.net_sentiment(sentiment pg_catalog.float8) (
	SFUNC = @extschema@.net_sentiment_transfn,
	STYPE = @extschema@.int8_ratio_state,
	INITCOND = '(0,0)',
	FINALFUNC = @extschema@.int8_ratio_state_finalfn,
	FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = @extschema@.int8_ratio_state_combine,
	MSFUNC = @extschema@.net_sentiment_transfn,
	MINVFUNC = @extschema@.net_sentiment_inv,
	MSTYPE = @extschema@.int8_ratio_state,
	MINITCOND = '(0,0)',
	MFINALFUNC = @extschema@.int8_ratio_state_finalfn,
	MFINALFUNC_MODIFY = READ_ONLY,
	PARALLEL = SAFE
);

COMMENT ON FUNCTION @extschema@.net_sentiment_transfn(@extschema@.int8_ratio_state, pg_catalog.float8) IS
'Transition function of net_sentiment: the state is (positive - negative, positive + negative); a sentiment > 0 counts as positive, < 0 as negative, 0 as neutral (ignored); NaN raises 22023. Example: net_sentiment_transfn(''(0,0)'', -0.4) = ''(-1,1)''.';
COMMENT ON FUNCTION @extschema@.net_sentiment_inv(@extschema@.int8_ratio_state, pg_catalog.float8) IS
'Inverse transition function of net_sentiment (window frames): uncounts a row. Example: net_sentiment_inv(''(-1,1)'', -0.4) = ''(0,0)''.';
COMMENT ON AGGREGATE @extschema@.net_sentiment(pg_catalog.float8) IS
'Net sentiment: (positive - negative) / (positive + negative), counting rows with sentiment > 0 and < 0 (only the sign matters; neutral and NULL rows are excluded). A number in [-1, 1]; NULL when no row is positive or negative. Example: SELECT brand, net_sentiment(sentiment) FROM mentions GROUP BY brand.';
