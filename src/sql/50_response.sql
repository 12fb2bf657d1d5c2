
/* ---------------------------------------------------------------------
 * 50 Reply pairing: first_reply_seconds / first_reply_time aggregates and
 * the reply_wait_seconds window function.  C in src/response.c and
 * src/pairing.c; docs in doc/response.md.
 * --------------------------------------------------------------------- */

CREATE TYPE @extschema@.first_reply_state;

CREATE FUNCTION @extschema@.first_reply_state_in(pg_catalog.cstring)
RETURNS @extschema@.first_reply_state
AS 'MODULE_PATHNAME', 'first_reply_state_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.first_reply_state_out(@extschema@.first_reply_state)
RETURNS pg_catalog.cstring
AS 'MODULE_PATHNAME', 'first_reply_state_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.first_reply_state_recv(pg_catalog.internal)
RETURNS @extschema@.first_reply_state
AS 'MODULE_PATHNAME', 'first_reply_state_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.first_reply_state_send(@extschema@.first_reply_state)
RETURNS pg_catalog.bytea
AS 'MODULE_PATHNAME', 'first_reply_state_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.first_reply_state (
	INPUT = @extschema@.first_reply_state_in,
	OUTPUT = @extschema@.first_reply_state_out,
	RECEIVE = @extschema@.first_reply_state_recv,
	SEND = @extschema@.first_reply_state_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);

COMMENT ON TYPE @extschema@.first_reply_state IS
'Partial state of first_reply_seconds/first_reply_time for one conversation: earliest customer message, earliest brand message after it, and brand messages at or before it (microseconds since 2000-01-01 UTC). Text form, e.g. ''v1;c=0;r=60000000'', round-trips exactly; used by parallel query and Citus.';
COMMENT ON FUNCTION @extschema@.first_reply_state_in(pg_catalog.cstring) IS
'Text input of first_reply_state (''v1[;c=<us>][;r=<us>][;b=<us>,...]''); bad text raises 22P02.';
COMMENT ON FUNCTION @extschema@.first_reply_state_out(@extschema@.first_reply_state) IS
'Text output of first_reply_state; exact, independent of TimeZone and DateStyle.';
COMMENT ON FUNCTION @extschema@.first_reply_state_recv(pg_catalog.internal) IS
'Binary input of first_reply_state (version byte 1); bad bytes raise 22P03.';
COMMENT ON FUNCTION @extschema@.first_reply_state_send(@extschema@.first_reply_state) IS
'Binary output of first_reply_state (version byte 1).';

-- Not STRICT: a row with a NULL time or sender is skipped, and the first
-- non-NULL row creates the state.
CREATE FUNCTION @extschema@.first_reply_transfn(
	@extschema@.first_reply_state, pg_catalog.timestamptz, pg_catalog.bool)
RETURNS @extschema@.first_reply_state
AS 'MODULE_PATHNAME', 'first_reply_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.first_reply_combine(
	@extschema@.first_reply_state, @extschema@.first_reply_state)
RETURNS @extschema@.first_reply_state
AS 'MODULE_PATHNAME', 'first_reply_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.first_reply_seconds_finalfn(@extschema@.first_reply_state)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'first_reply_seconds_finalfn'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.first_reply_time_finalfn(@extschema@.first_reply_state)
RETURNS pg_catalog.interval
AS 'MODULE_PATHNAME', 'first_reply_time_finalfn'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.first_reply_transfn(@extschema@.first_reply_state, pg_catalog.timestamptz, pg_catalog.bool) IS
'Transition function of first_reply_seconds/first_reply_time: adds one message (rows with a NULL time or sender are skipped; an infinite time raises 22008).';
COMMENT ON FUNCTION @extschema@.first_reply_combine(@extschema@.first_reply_state, @extschema@.first_reply_state) IS
'Combine function of first_reply_seconds/first_reply_time: the state of both sets of messages (parallel query, Citus).';
COMMENT ON FUNCTION @extschema@.first_reply_seconds_finalfn(@extschema@.first_reply_state) IS
'Final function of first_reply_seconds: seconds from the first customer message to the first brand message strictly after it; NULL if none.';
COMMENT ON FUNCTION @extschema@.first_reply_time_finalfn(@extschema@.first_reply_state) IS
'Final function of first_reply_time: first_reply_seconds as an interval, like timestamptz - timestamptz.';

-- No moving-aggregate form: the state keeps the minimum customer time, and
-- removing that message would need the next one, i.e. every message of the
-- frame (see doc/response.md).
CREATE AGGREGATE @extschema@.first_reply_seconds(pg_catalog.timestamptz, pg_catalog.bool) (
	SFUNC = @extschema@.first_reply_transfn,
	STYPE = @extschema@.first_reply_state,
	FINALFUNC = @extschema@.first_reply_seconds_finalfn,
	COMBINEFUNC = @extschema@.first_reply_combine,
	PARALLEL = SAFE
);

CREATE AGGREGATE @extschema@.first_reply_time(pg_catalog.timestamptz, pg_catalog.bool) (
	SFUNC = @extschema@.first_reply_transfn,
	STYPE = @extschema@.first_reply_state,
	FINALFUNC = @extschema@.first_reply_time_finalfn,
	COMBINEFUNC = @extschema@.first_reply_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.first_reply_seconds(pg_catalog.timestamptz, pg_catalog.bool) IS
'First-reply time of one conversation, in seconds: from the earliest customer message (from_brand = false) to the earliest brand message strictly after it (a brand message at the same instant is not a reply). NULL when never answered or with no customer message; rows with a NULL time or sender are skipped. Independent of input order. Example: SELECT conversation, first_reply_seconds(at, from_brand) FROM messages GROUP BY conversation;';
COMMENT ON AGGREGATE @extschema@.first_reply_time(pg_catalog.timestamptz, pg_catalog.bool) IS
'first_reply_seconds as an interval (hours justified into days, like timestamptz - timestamptz). NULL when never answered. Example: SELECT conversation, first_reply_time(at, from_brand) FROM messages GROUP BY conversation;';

-- Window functions fetch their arguments themselves, so STRICT would mean
-- nothing; NULL rules are in the C code.  IMMUTABLE like lag/lead: the
-- result depends only on the partition's rows and order.
CREATE FUNCTION @extschema@.reply_wait_seconds(pg_catalog.timestamptz, pg_catalog.bool)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'reply_wait_seconds'
LANGUAGE C IMMUTABLE WINDOW PARALLEL SAFE;

CREATE FUNCTION @extschema@.reply_wait_seconds(pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.text)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'reply_wait_seconds'
LANGUAGE C IMMUTABLE WINDOW PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.reply_wait_seconds(pg_catalog.timestamptz, pg_catalog.bool) IS
'Window function, mode ''block_start'': on the first customer message of each run waiting for the same reply, the seconds until the first brand message strictly after it; NULL on other rows, brand messages and unanswered messages. Use OVER (PARTITION BY conversation ORDER BY at); a decreasing time raises 42P20. Example: SELECT reply_wait_seconds(at, from_brand) OVER (PARTITION BY conversation ORDER BY at) FROM messages;';
COMMENT ON FUNCTION @extschema@.reply_wait_seconds(pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.text) IS
'Window function: seconds a customer message waited for the first brand message strictly after it. mode ''block_start'' (first message of each run waiting for the same reply), ''every'' (every customer message) or ''last'' (last message before the reply); other modes raise 22023, a NULL mode gives NULL. NULL on brand messages and unanswered messages. Example: SELECT reply_wait_seconds(at, from_brand, ''every'') OVER (PARTITION BY conversation ORDER BY at) FROM messages;';
