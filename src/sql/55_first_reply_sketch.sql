
/* ---------------------------------------------------------------------
 * 55 first_reply_sketch: per-group (account, brand) first-reply pairing
 * of every conversation in one pass, into a quantile_sketch; companions
 * unanswered_count and unanswered_share share its state.  C in
 * src/first_reply_sketch.c (on src/pairing.c and the sketch); docs in
 * doc/first_reply_sketch.md.
 * --------------------------------------------------------------------- */

CREATE TYPE @extschema@.first_reply_sketch_state;

CREATE FUNCTION @extschema@.first_reply_sketch_state_in(pg_catalog.cstring)
RETURNS @extschema@.first_reply_sketch_state
AS 'MODULE_PATHNAME', 'first_reply_sketch_state_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.first_reply_sketch_state_out(@extschema@.first_reply_sketch_state)
RETURNS pg_catalog.cstring
AS 'MODULE_PATHNAME', 'first_reply_sketch_state_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.first_reply_sketch_state_recv(pg_catalog.internal)
RETURNS @extschema@.first_reply_sketch_state
AS 'MODULE_PATHNAME', 'first_reply_sketch_state_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.first_reply_sketch_state_send(@extschema@.first_reply_sketch_state)
RETURNS pg_catalog.bytea
AS 'MODULE_PATHNAME', 'first_reply_sketch_state_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.first_reply_sketch_state (
	INPUT = @extschema@.first_reply_sketch_state_in,
	OUTPUT = @extschema@.first_reply_sketch_state_out,
	RECEIVE = @extschema@.first_reply_sketch_state_recv,
	SEND = @extschema@.first_reply_sketch_state_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);

COMMENT ON TYPE @extschema@.first_reply_sketch_state IS
'Partial state of first_reply_sketch, unanswered_count and unanswered_share: per conversation, the earliest customer message, the earliest brand message after it and the brand messages at or before it (microseconds since 2000-01-01 UTC). Text form, conversations in ascending order, e.g. ''v1 7:c=0;r=60000000 9:b=-5000000'', round-trips exactly; used by parallel query and Citus.';
COMMENT ON FUNCTION @extschema@.first_reply_sketch_state_in(pg_catalog.cstring) IS
'Text input of first_reply_sketch_state (''v1[ <conversation>:[c=<us>][;r=<us>][;b=<us>,...]]...''); bad text, a conversation listed twice or without messages raise 22P02.';
COMMENT ON FUNCTION @extschema@.first_reply_sketch_state_out(@extschema@.first_reply_sketch_state) IS
'Text output of first_reply_sketch_state: conversations in ascending order; exact, independent of TimeZone and DateStyle.';
COMMENT ON FUNCTION @extschema@.first_reply_sketch_state_recv(pg_catalog.internal) IS
'Binary input of first_reply_sketch_state (version byte 1); bad bytes raise 22P03.';
COMMENT ON FUNCTION @extschema@.first_reply_sketch_state_send(@extschema@.first_reply_sketch_state) IS
'Binary output of first_reply_sketch_state (version byte 1), conversations in ascending order.';

-- Not STRICT: a row with a NULL conversation, time or sender is skipped,
-- and the first non-NULL row creates the state.
CREATE FUNCTION @extschema@.first_reply_sketch_transfn(
	@extschema@.first_reply_sketch_state, pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool)
RETURNS @extschema@.first_reply_sketch_state
AS 'MODULE_PATHNAME', 'first_reply_sketch_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.first_reply_sketch_combine(
	@extschema@.first_reply_sketch_state, @extschema@.first_reply_sketch_state)
RETURNS @extschema@.first_reply_sketch_state
AS 'MODULE_PATHNAME', 'first_reply_sketch_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.first_reply_sketch_finalfn(@extschema@.first_reply_sketch_state)
RETURNS @extschema@.quantile_sketch
AS 'MODULE_PATHNAME', 'first_reply_sketch_finalfn'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- Not STRICT: a count over no rows is 0, not NULL.
CREATE FUNCTION @extschema@.unanswered_count_finalfn(@extschema@.first_reply_sketch_state)
RETURNS pg_catalog.int8
AS 'MODULE_PATHNAME', 'unanswered_count_finalfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.unanswered_share_finalfn(@extschema@.first_reply_sketch_state)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'unanswered_share_finalfn'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.first_reply_sketch_transfn(@extschema@.first_reply_sketch_state, pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool) IS
'Transition function of first_reply_sketch, unanswered_count and unanswered_share: adds one message to its conversation (rows with a NULL conversation, time or sender are skipped; an infinite time raises 22008).';
COMMENT ON FUNCTION @extschema@.first_reply_sketch_combine(@extschema@.first_reply_sketch_state, @extschema@.first_reply_sketch_state) IS
'Combine function of first_reply_sketch, unanswered_count and unanswered_share: the state of both sets of messages; a conversation present in both is merged (parallel query, Citus).';
COMMENT ON FUNCTION @extschema@.first_reply_sketch_finalfn(@extschema@.first_reply_sketch_state) IS
'Final function of first_reply_sketch: the quantile_sketch (relative error 0.01) of the first-reply seconds of the answered conversations; NULL if none.';
COMMENT ON FUNCTION @extschema@.unanswered_count_finalfn(@extschema@.first_reply_sketch_state) IS
'Final function of unanswered_count: conversations with a customer message and no brand message after it; 0 for a NULL state.';
COMMENT ON FUNCTION @extschema@.unanswered_share_finalfn(@extschema@.first_reply_sketch_state) IS
'Final function of unanswered_share: unanswered conversations / conversations with a customer message; NULL if there are none.';

-- No moving-aggregate form: removing a message would need the other
-- messages of its conversation (see doc/first_reply_sketch.md).
CREATE AGGREGATE @extschema@.first_reply_sketch(pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool) (
	SFUNC = @extschema@.first_reply_sketch_transfn,
	STYPE = @extschema@.first_reply_sketch_state,
	FINALFUNC = @extschema@.first_reply_sketch_finalfn,
	COMBINEFUNC = @extschema@.first_reply_sketch_combine,
	PARALLEL = SAFE
);

CREATE AGGREGATE @extschema@.unanswered_count(pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool) (
	SFUNC = @extschema@.first_reply_sketch_transfn,
	STYPE = @extschema@.first_reply_sketch_state,
	FINALFUNC = @extschema@.unanswered_count_finalfn,
	COMBINEFUNC = @extschema@.first_reply_sketch_combine,
	PARALLEL = SAFE
);

CREATE AGGREGATE @extschema@.unanswered_share(pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool) (
	SFUNC = @extschema@.first_reply_sketch_transfn,
	STYPE = @extschema@.first_reply_sketch_state,
	FINALFUNC = @extschema@.unanswered_share_finalfn,
	COMBINEFUNC = @extschema@.first_reply_sketch_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.first_reply_sketch(pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool) IS
'quantile_sketch (relative error 0.01) of the first-reply seconds of every answered conversation among the rows, paired as first_reply_seconds pairs them (earliest customer message to the earliest brand message strictly after it), in one pass without a GROUP BY per conversation. Unanswered conversations are not in it (see unanswered_count); a conversation must not be split across groups. NULL when no conversation was answered; rows with a NULL conversation, time or sender are skipped. Example: SELECT account, approx_percentiles(first_reply_sketch(conversation, at, from_brand), ''{0.5,0.9,0.99}'') FROM messages GROUP BY account;';
COMMENT ON AGGREGATE @extschema@.unanswered_count(pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool) IS
'Number of conversations among the rows with a customer message and no brand message strictly after the first one (first_reply_seconds would be NULL); conversations without a customer message are not counted. 0 over no rows. Shares its state with first_reply_sketch in one query. Example: SELECT account, unanswered_count(conversation, at, from_brand) FROM messages GROUP BY account;';
COMMENT ON AGGREGATE @extschema@.unanswered_share(pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool) IS
'Fraction in [0, 1] of the conversations with a customer message that the brand never answered: unanswered_count / (unanswered_count + sketch_count(first_reply_sketch)). NULL when no conversation has a customer message. Shares its state with first_reply_sketch in one query. Example: SELECT account, unanswered_share(conversation, at, from_brand) FROM messages GROUP BY account;';
