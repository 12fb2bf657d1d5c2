
/* ---------------------------------------------------------------------
 * 50 Reply pairing at scale (issue 11): text and uuid conversation ids for
 * first_reply_sketch, unanswered_count and unanswered_share; first-reply
 * waits in business seconds; sla_attainment (unanswered conversations
 * count as misses); reply_wait_sketch (per-message waits in one pass) and
 * its state type.  C in src/first_reply_sketch.c, src/reply_wait_sketch.c,
 * src/conv_table.c and src/pairing.c; docs in doc/first_reply_sketch.md
 * and doc/response.md.
 *
 * The first-reply aggregates of every id type share the 1.0.0 state type
 * first_reply_sketch_state (its text form "v1 ..." for bigint ids, "v2
 * <type> ..." otherwise) and its combine and final functions.
 * --------------------------------------------------------------------- */

-- Transition functions: not STRICT, rows with a NULL input are skipped.
CREATE FUNCTION @extschema@.first_reply_sketch_transfn(@extschema@.first_reply_sketch_state, pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool)
RETURNS @extschema@.first_reply_sketch_state
AS 'MODULE_PATHNAME', 'first_reply_sketch_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.first_reply_sketch_transfn(@extschema@.first_reply_sketch_state, pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool) IS
'Transition function of first_reply_sketch, unanswered_count and unanswered_share with text conversation ids: adds one message to its conversation (rows with a NULL conversation, time or sender are skipped; an infinite time raises 22008).';

CREATE FUNCTION @extschema@.first_reply_sketch_transfn(@extschema@.first_reply_sketch_state, pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool)
RETURNS @extschema@.first_reply_sketch_state
AS 'MODULE_PATHNAME', 'first_reply_sketch_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.first_reply_sketch_transfn(@extschema@.first_reply_sketch_state, pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool) IS
'Transition function of first_reply_sketch, unanswered_count and unanswered_share with uuid conversation ids: adds one message to its conversation (rows with a NULL conversation, time or sender are skipped; an infinite time raises 22008).';

CREATE FUNCTION @extschema@.first_reply_sketch_transfn(@extschema@.first_reply_sketch_state, pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool, @extschema@.business_calendar)
RETURNS @extschema@.first_reply_sketch_state
AS 'MODULE_PATHNAME', 'first_reply_sketch_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.first_reply_sketch_transfn(@extschema@.first_reply_sketch_state, pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool, @extschema@.business_calendar) IS
'Transition function of first_reply_sketch with a business calendar and bigint conversation ids: adds one message (rows with a NULL input are skipped; a calendar that differs between rows raises 22023).';

CREATE FUNCTION @extschema@.first_reply_sketch_transfn(@extschema@.first_reply_sketch_state, pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool, @extschema@.business_calendar)
RETURNS @extschema@.first_reply_sketch_state
AS 'MODULE_PATHNAME', 'first_reply_sketch_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.first_reply_sketch_transfn(@extschema@.first_reply_sketch_state, pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool, @extschema@.business_calendar) IS
'Transition function of first_reply_sketch with a business calendar and text conversation ids: adds one message (rows with a NULL input are skipped; a calendar that differs between rows raises 22023).';

CREATE FUNCTION @extschema@.first_reply_sketch_transfn(@extschema@.first_reply_sketch_state, pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool, @extschema@.business_calendar)
RETURNS @extschema@.first_reply_sketch_state
AS 'MODULE_PATHNAME', 'first_reply_sketch_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.first_reply_sketch_transfn(@extschema@.first_reply_sketch_state, pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool, @extschema@.business_calendar) IS
'Transition function of first_reply_sketch with a business calendar and uuid conversation ids: adds one message (rows with a NULL input are skipped; a calendar that differs between rows raises 22023).';

CREATE FUNCTION @extschema@.sla_attainment_transfn(@extschema@.first_reply_sketch_state, pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8)
RETURNS @extschema@.first_reply_sketch_state
AS 'MODULE_PATHNAME', 'sla_attainment_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.sla_attainment_transfn(@extschema@.first_reply_sketch_state, pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8) IS
'Transition function of sla_attainment with bigint conversation ids: adds one message (rows with a NULL input are skipped; a target that is negative, NaN or infinite, or differs between rows, raises 22023).';

CREATE FUNCTION @extschema@.sla_attainment_transfn(@extschema@.first_reply_sketch_state, pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8, @extschema@.business_calendar)
RETURNS @extschema@.first_reply_sketch_state
AS 'MODULE_PATHNAME', 'sla_attainment_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.sla_attainment_transfn(@extschema@.first_reply_sketch_state, pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8, @extschema@.business_calendar) IS
'Transition function of sla_attainment in business hours with bigint conversation ids: adds one message (rows with a NULL input are skipped; a target or calendar that differs between rows raises 22023).';

CREATE FUNCTION @extschema@.sla_attainment_transfn(@extschema@.first_reply_sketch_state, pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8)
RETURNS @extschema@.first_reply_sketch_state
AS 'MODULE_PATHNAME', 'sla_attainment_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.sla_attainment_transfn(@extschema@.first_reply_sketch_state, pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8) IS
'Transition function of sla_attainment with text conversation ids: adds one message (rows with a NULL input are skipped; a target that is negative, NaN or infinite, or differs between rows, raises 22023).';

CREATE FUNCTION @extschema@.sla_attainment_transfn(@extschema@.first_reply_sketch_state, pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8, @extschema@.business_calendar)
RETURNS @extschema@.first_reply_sketch_state
AS 'MODULE_PATHNAME', 'sla_attainment_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.sla_attainment_transfn(@extschema@.first_reply_sketch_state, pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8, @extschema@.business_calendar) IS
'Transition function of sla_attainment in business hours with text conversation ids: adds one message (rows with a NULL input are skipped; a target or calendar that differs between rows raises 22023).';

CREATE FUNCTION @extschema@.sla_attainment_transfn(@extschema@.first_reply_sketch_state, pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8)
RETURNS @extschema@.first_reply_sketch_state
AS 'MODULE_PATHNAME', 'sla_attainment_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.sla_attainment_transfn(@extschema@.first_reply_sketch_state, pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8) IS
'Transition function of sla_attainment with uuid conversation ids: adds one message (rows with a NULL input are skipped; a target that is negative, NaN or infinite, or differs between rows, raises 22023).';

CREATE FUNCTION @extschema@.sla_attainment_transfn(@extschema@.first_reply_sketch_state, pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8, @extschema@.business_calendar)
RETURNS @extschema@.first_reply_sketch_state
AS 'MODULE_PATHNAME', 'sla_attainment_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.sla_attainment_transfn(@extschema@.first_reply_sketch_state, pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8, @extschema@.business_calendar) IS
'Transition function of sla_attainment in business hours with uuid conversation ids: adds one message (rows with a NULL input are skipped; a target or calendar that differs between rows raises 22023).';

CREATE FUNCTION @extschema@.sla_attainment_finalfn(@extschema@.first_reply_sketch_state)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'sla_attainment_finalfn'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.sla_attainment_finalfn(@extschema@.first_reply_sketch_state) IS
'Final function of sla_attainment: conversations with a customer message answered within the target / conversations with a customer message; NULL if there are none.';

CREATE AGGREGATE @extschema@.first_reply_sketch(pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool) (
	SFUNC = @extschema@.first_reply_sketch_transfn,
	STYPE = @extschema@.first_reply_sketch_state,
	FINALFUNC = @extschema@.first_reply_sketch_finalfn,
	COMBINEFUNC = @extschema@.first_reply_sketch_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.first_reply_sketch(pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool) IS
'first_reply_sketch with text conversation ids (distinct ids are never merged): the quantile_sketch (relative error 0.01) of the first-reply seconds of every answered conversation among the rows; same pairing and NULL rules as the bigint form; the same conversations give the same sketch whatever the id type. Example: SELECT account, approx_percentile(first_reply_sketch(conversation_key, at, from_brand), 0.9) FROM messages GROUP BY account;';

CREATE AGGREGATE @extschema@.unanswered_count(pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool) (
	SFUNC = @extschema@.first_reply_sketch_transfn,
	STYPE = @extschema@.first_reply_sketch_state,
	FINALFUNC = @extschema@.unanswered_count_finalfn,
	COMBINEFUNC = @extschema@.first_reply_sketch_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.unanswered_count(pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool) IS
'unanswered_count with text conversation ids: conversations with a customer message and no brand message strictly after the first one; 0 over no rows. Example: SELECT account, unanswered_count(conversation_key, at, from_brand) FROM messages GROUP BY account;';

CREATE AGGREGATE @extschema@.unanswered_share(pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool) (
	SFUNC = @extschema@.first_reply_sketch_transfn,
	STYPE = @extschema@.first_reply_sketch_state,
	FINALFUNC = @extschema@.unanswered_share_finalfn,
	COMBINEFUNC = @extschema@.first_reply_sketch_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.unanswered_share(pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool) IS
'unanswered_share with text conversation ids: fraction in [0, 1] of the conversations with a customer message that were never answered; NULL when there are none. Example: SELECT account, unanswered_share(conversation_key, at, from_brand) FROM messages GROUP BY account;';

CREATE AGGREGATE @extschema@.first_reply_sketch(pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool) (
	SFUNC = @extschema@.first_reply_sketch_transfn,
	STYPE = @extschema@.first_reply_sketch_state,
	FINALFUNC = @extschema@.first_reply_sketch_finalfn,
	COMBINEFUNC = @extschema@.first_reply_sketch_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.first_reply_sketch(pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool) IS
'first_reply_sketch with uuid conversation ids (distinct ids are never merged): the quantile_sketch (relative error 0.01) of the first-reply seconds of every answered conversation among the rows; same pairing and NULL rules as the bigint form; the same conversations give the same sketch whatever the id type. Example: SELECT account, approx_percentile(first_reply_sketch(conversation_uuid, at, from_brand), 0.9) FROM messages GROUP BY account;';

CREATE AGGREGATE @extschema@.unanswered_count(pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool) (
	SFUNC = @extschema@.first_reply_sketch_transfn,
	STYPE = @extschema@.first_reply_sketch_state,
	FINALFUNC = @extschema@.unanswered_count_finalfn,
	COMBINEFUNC = @extschema@.first_reply_sketch_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.unanswered_count(pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool) IS
'unanswered_count with uuid conversation ids: conversations with a customer message and no brand message strictly after the first one; 0 over no rows. Example: SELECT account, unanswered_count(conversation_uuid, at, from_brand) FROM messages GROUP BY account;';

CREATE AGGREGATE @extschema@.unanswered_share(pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool) (
	SFUNC = @extschema@.first_reply_sketch_transfn,
	STYPE = @extschema@.first_reply_sketch_state,
	FINALFUNC = @extschema@.unanswered_share_finalfn,
	COMBINEFUNC = @extschema@.first_reply_sketch_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.unanswered_share(pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool) IS
'unanswered_share with uuid conversation ids: fraction in [0, 1] of the conversations with a customer message that were never answered; NULL when there are none. Example: SELECT account, unanswered_share(conversation_uuid, at, from_brand) FROM messages GROUP BY account;';

CREATE AGGREGATE @extschema@.first_reply_sketch(pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool, @extschema@.business_calendar) (
	SFUNC = @extschema@.first_reply_sketch_transfn,
	STYPE = @extschema@.first_reply_sketch_state,
	FINALFUNC = @extschema@.first_reply_sketch_finalfn,
	COMBINEFUNC = @extschema@.first_reply_sketch_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.first_reply_sketch(pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool, @extschema@.business_calendar) IS
'first_reply_sketch in business hours (bigint conversation ids): the quantile_sketch of business_seconds(first customer message, first brand message strictly after it, calendar) of every answered conversation; the calendar must be the same on every row of a group (else 22023). NULL when no conversation was answered. Example: SELECT account, approx_percentile(first_reply_sketch(conversation, at, from_brand, ''Europe/Helsinki; mon-fri 09:00-17:00''), 0.9) FROM messages GROUP BY account;';

CREATE AGGREGATE @extschema@.first_reply_sketch(pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool, @extschema@.business_calendar) (
	SFUNC = @extschema@.first_reply_sketch_transfn,
	STYPE = @extschema@.first_reply_sketch_state,
	FINALFUNC = @extschema@.first_reply_sketch_finalfn,
	COMBINEFUNC = @extschema@.first_reply_sketch_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.first_reply_sketch(pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool, @extschema@.business_calendar) IS
'first_reply_sketch in business hours (text conversation ids): the quantile_sketch of business_seconds(first customer message, first brand message strictly after it, calendar) of every answered conversation; the calendar must be the same on every row of a group (else 22023). NULL when no conversation was answered. Example: SELECT account, approx_percentile(first_reply_sketch(conversation_key, at, from_brand, ''Europe/Helsinki; mon-fri 09:00-17:00''), 0.9) FROM messages GROUP BY account;';

CREATE AGGREGATE @extschema@.first_reply_sketch(pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool, @extschema@.business_calendar) (
	SFUNC = @extschema@.first_reply_sketch_transfn,
	STYPE = @extschema@.first_reply_sketch_state,
	FINALFUNC = @extschema@.first_reply_sketch_finalfn,
	COMBINEFUNC = @extschema@.first_reply_sketch_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.first_reply_sketch(pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool, @extschema@.business_calendar) IS
'first_reply_sketch in business hours (uuid conversation ids): the quantile_sketch of business_seconds(first customer message, first brand message strictly after it, calendar) of every answered conversation; the calendar must be the same on every row of a group (else 22023). NULL when no conversation was answered. Example: SELECT account, approx_percentile(first_reply_sketch(conversation_uuid, at, from_brand, ''Europe/Helsinki; mon-fri 09:00-17:00''), 0.9) FROM messages GROUP BY account;';

CREATE AGGREGATE @extschema@.sla_attainment(pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8) (
	SFUNC = @extschema@.sla_attainment_transfn,
	STYPE = @extschema@.first_reply_sketch_state,
	FINALFUNC = @extschema@.sla_attainment_finalfn,
	COMBINEFUNC = @extschema@.first_reply_sketch_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.sla_attainment(pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8) IS
'SLA attainment (bigint conversation ids): the fraction in [0, 1] of the conversations with a customer message whose first reply came within target_seconds (first_reply_seconds <= target), unanswered conversations counting as misses; exact, from the per-conversation pairing. The target must be the same on every row of a group (else 22023). NULL when no conversation has a customer message. Example: SELECT account, sla_attainment(conversation, at, from_brand, 3600) FROM messages GROUP BY account;';

CREATE AGGREGATE @extschema@.sla_attainment(pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8, @extschema@.business_calendar) (
	SFUNC = @extschema@.sla_attainment_transfn,
	STYPE = @extschema@.first_reply_sketch_state,
	FINALFUNC = @extschema@.sla_attainment_finalfn,
	COMBINEFUNC = @extschema@.first_reply_sketch_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.sla_attainment(pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8, @extschema@.business_calendar) IS
'SLA attainment in business hours (bigint conversation ids): the fraction of the conversations with a customer message whose first reply came within target_seconds of open time (business_seconds(first customer message, reply, calendar) <= target), unanswered conversations counting as misses. Target and calendar must be the same on every row of a group (else 22023). NULL when no conversation has a customer message. Example: SELECT account, sla_attainment(conversation, at, from_brand, 3600, ''Europe/Helsinki; mon-fri 09:00-17:00'') FROM messages GROUP BY account;';

CREATE AGGREGATE @extschema@.sla_attainment(pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8) (
	SFUNC = @extschema@.sla_attainment_transfn,
	STYPE = @extschema@.first_reply_sketch_state,
	FINALFUNC = @extschema@.sla_attainment_finalfn,
	COMBINEFUNC = @extschema@.first_reply_sketch_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.sla_attainment(pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8) IS
'SLA attainment (text conversation ids): the fraction in [0, 1] of the conversations with a customer message whose first reply came within target_seconds (first_reply_seconds <= target), unanswered conversations counting as misses; exact, from the per-conversation pairing. The target must be the same on every row of a group (else 22023). NULL when no conversation has a customer message. Example: SELECT account, sla_attainment(conversation_key, at, from_brand, 3600) FROM messages GROUP BY account;';

CREATE AGGREGATE @extschema@.sla_attainment(pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8, @extschema@.business_calendar) (
	SFUNC = @extschema@.sla_attainment_transfn,
	STYPE = @extschema@.first_reply_sketch_state,
	FINALFUNC = @extschema@.sla_attainment_finalfn,
	COMBINEFUNC = @extschema@.first_reply_sketch_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.sla_attainment(pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8, @extschema@.business_calendar) IS
'SLA attainment in business hours (text conversation ids): the fraction of the conversations with a customer message whose first reply came within target_seconds of open time (business_seconds(first customer message, reply, calendar) <= target), unanswered conversations counting as misses. Target and calendar must be the same on every row of a group (else 22023). NULL when no conversation has a customer message. Example: SELECT account, sla_attainment(conversation_key, at, from_brand, 3600, ''Europe/Helsinki; mon-fri 09:00-17:00'') FROM messages GROUP BY account;';

CREATE AGGREGATE @extschema@.sla_attainment(pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8) (
	SFUNC = @extschema@.sla_attainment_transfn,
	STYPE = @extschema@.first_reply_sketch_state,
	FINALFUNC = @extschema@.sla_attainment_finalfn,
	COMBINEFUNC = @extschema@.first_reply_sketch_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.sla_attainment(pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8) IS
'SLA attainment (uuid conversation ids): the fraction in [0, 1] of the conversations with a customer message whose first reply came within target_seconds (first_reply_seconds <= target), unanswered conversations counting as misses; exact, from the per-conversation pairing. The target must be the same on every row of a group (else 22023). NULL when no conversation has a customer message. Example: SELECT account, sla_attainment(conversation_uuid, at, from_brand, 3600) FROM messages GROUP BY account;';

CREATE AGGREGATE @extschema@.sla_attainment(pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8, @extschema@.business_calendar) (
	SFUNC = @extschema@.sla_attainment_transfn,
	STYPE = @extschema@.first_reply_sketch_state,
	FINALFUNC = @extschema@.sla_attainment_finalfn,
	COMBINEFUNC = @extschema@.first_reply_sketch_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.sla_attainment(pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8, @extschema@.business_calendar) IS
'SLA attainment in business hours (uuid conversation ids): the fraction of the conversations with a customer message whose first reply came within target_seconds of open time (business_seconds(first customer message, reply, calendar) <= target), unanswered conversations counting as misses. Target and calendar must be the same on every row of a group (else 22023). NULL when no conversation has a customer message. Example: SELECT account, sla_attainment(conversation_uuid, at, from_brand, 3600, ''Europe/Helsinki; mon-fri 09:00-17:00'') FROM messages GROUP BY account;';

CREATE TYPE @extschema@.reply_wait_sketch_state;

CREATE FUNCTION @extschema@.reply_wait_sketch_state_in(pg_catalog.cstring)
RETURNS @extschema@.reply_wait_sketch_state
AS 'MODULE_PATHNAME', 'reply_wait_sketch_state_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.reply_wait_sketch_state_in(pg_catalog.cstring) IS
'Text input of reply_wait_sketch_state (''v1 <bigint|text|uuid> <mode>[ <conversation>:[c=<us>,...][;b=<us>,...]]...''); bad text, a conversation listed twice or without messages raise 22P02.';

CREATE FUNCTION @extschema@.reply_wait_sketch_state_out(@extschema@.reply_wait_sketch_state)
RETURNS pg_catalog.cstring
AS 'MODULE_PATHNAME', 'reply_wait_sketch_state_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.reply_wait_sketch_state_out(@extschema@.reply_wait_sketch_state) IS
'Text output of reply_wait_sketch_state: conversations in ascending order, times ascending; exact, independent of TimeZone and DateStyle.';

CREATE FUNCTION @extschema@.reply_wait_sketch_state_recv(pg_catalog.internal)
RETURNS @extschema@.reply_wait_sketch_state
AS 'MODULE_PATHNAME', 'reply_wait_sketch_state_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.reply_wait_sketch_state_recv(pg_catalog.internal) IS
'Binary input of reply_wait_sketch_state (version byte 1); bad bytes raise 22P03.';

CREATE FUNCTION @extschema@.reply_wait_sketch_state_send(@extschema@.reply_wait_sketch_state)
RETURNS pg_catalog.bytea
AS 'MODULE_PATHNAME', 'reply_wait_sketch_state_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.reply_wait_sketch_state_send(@extschema@.reply_wait_sketch_state) IS
'Binary output of reply_wait_sketch_state (version byte 1), conversations in ascending order.';

CREATE TYPE @extschema@.reply_wait_sketch_state (
	INPUT = @extschema@.reply_wait_sketch_state_in,
	OUTPUT = @extschema@.reply_wait_sketch_state_out,
	RECEIVE = @extschema@.reply_wait_sketch_state_recv,
	SEND = @extschema@.reply_wait_sketch_state_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);

COMMENT ON TYPE @extschema@.reply_wait_sketch_state IS
'Partial state of reply_wait_sketch: the mode, and per conversation its customer and brand message times (microseconds since 2000-01-01 UTC). Text form, conversations in ascending order, e.g. ''v1 bigint block_start 7:c=0,60000000;b=120000000'', round-trips exactly; used by parallel query and Citus.';

CREATE FUNCTION @extschema@.reply_wait_sketch_transfn(@extschema@.reply_wait_sketch_state, pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool)
RETURNS @extschema@.reply_wait_sketch_state
AS 'MODULE_PATHNAME', 'reply_wait_sketch_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.reply_wait_sketch_transfn(@extschema@.reply_wait_sketch_state, pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool) IS
'Transition function of reply_wait_sketch (bigint conversation ids, mode block_start): appends one message (rows with a NULL conversation, time or sender are skipped; an infinite time raises 22008).';

CREATE FUNCTION @extschema@.reply_wait_sketch_transfn(@extschema@.reply_wait_sketch_state, pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.text)
RETURNS @extschema@.reply_wait_sketch_state
AS 'MODULE_PATHNAME', 'reply_wait_sketch_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.reply_wait_sketch_transfn(@extschema@.reply_wait_sketch_state, pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.text) IS
'Transition function of reply_wait_sketch (bigint conversation ids) with a mode: appends one message (rows with a NULL input are skipped; an unknown mode, or one that differs between rows, raises 22023).';

CREATE FUNCTION @extschema@.reply_wait_sketch_transfn(@extschema@.reply_wait_sketch_state, pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool)
RETURNS @extschema@.reply_wait_sketch_state
AS 'MODULE_PATHNAME', 'reply_wait_sketch_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.reply_wait_sketch_transfn(@extschema@.reply_wait_sketch_state, pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool) IS
'Transition function of reply_wait_sketch (text conversation ids, mode block_start): appends one message (rows with a NULL conversation, time or sender are skipped; an infinite time raises 22008).';

CREATE FUNCTION @extschema@.reply_wait_sketch_transfn(@extschema@.reply_wait_sketch_state, pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.text)
RETURNS @extschema@.reply_wait_sketch_state
AS 'MODULE_PATHNAME', 'reply_wait_sketch_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.reply_wait_sketch_transfn(@extschema@.reply_wait_sketch_state, pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.text) IS
'Transition function of reply_wait_sketch (text conversation ids) with a mode: appends one message (rows with a NULL input are skipped; an unknown mode, or one that differs between rows, raises 22023).';

CREATE FUNCTION @extschema@.reply_wait_sketch_transfn(@extschema@.reply_wait_sketch_state, pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool)
RETURNS @extschema@.reply_wait_sketch_state
AS 'MODULE_PATHNAME', 'reply_wait_sketch_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.reply_wait_sketch_transfn(@extschema@.reply_wait_sketch_state, pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool) IS
'Transition function of reply_wait_sketch (uuid conversation ids, mode block_start): appends one message (rows with a NULL conversation, time or sender are skipped; an infinite time raises 22008).';

CREATE FUNCTION @extschema@.reply_wait_sketch_transfn(@extschema@.reply_wait_sketch_state, pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.text)
RETURNS @extschema@.reply_wait_sketch_state
AS 'MODULE_PATHNAME', 'reply_wait_sketch_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.reply_wait_sketch_transfn(@extschema@.reply_wait_sketch_state, pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.text) IS
'Transition function of reply_wait_sketch (uuid conversation ids) with a mode: appends one message (rows with a NULL input are skipped; an unknown mode, or one that differs between rows, raises 22023).';

CREATE FUNCTION @extschema@.reply_wait_sketch_combine(@extschema@.reply_wait_sketch_state, @extschema@.reply_wait_sketch_state)
RETURNS @extschema@.reply_wait_sketch_state
AS 'MODULE_PATHNAME', 'reply_wait_sketch_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.reply_wait_sketch_combine(@extschema@.reply_wait_sketch_state, @extschema@.reply_wait_sketch_state) IS
'Combine function of reply_wait_sketch: the messages of both states (parallel query, Citus); states of different modes raise 22023.';

CREATE FUNCTION @extschema@.reply_wait_sketch_finalfn(@extschema@.reply_wait_sketch_state)
RETURNS @extschema@.quantile_sketch
AS 'MODULE_PATHNAME', 'reply_wait_sketch_finalfn'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.reply_wait_sketch_finalfn(@extschema@.reply_wait_sketch_state) IS
'Final function of reply_wait_sketch: the quantile_sketch (relative error 0.01) of the per-message reply waits; NULL if none.';

-- No moving-aggregate form: removing a message would need its conversation's
-- other messages (kept, but a window frame rarely holds whole conversations).
CREATE AGGREGATE @extschema@.reply_wait_sketch(pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool) (
	SFUNC = @extschema@.reply_wait_sketch_transfn,
	STYPE = @extschema@.reply_wait_sketch_state,
	FINALFUNC = @extschema@.reply_wait_sketch_finalfn,
	COMBINEFUNC = @extschema@.reply_wait_sketch_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.reply_wait_sketch(pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool) IS
'quantile_sketch (relative error 0.01) of the per-message reply waits, mode block_start, of every conversation among the rows (bigint ids), in one pass with no window and no sort: byte for byte quantile_sketch(reply_wait_seconds(at, from_brand) OVER (PARTITION BY conversation ORDER BY at)) over the same rows. Rows with a NULL conversation, time or sender are skipped; NULL when no customer message was answered. Example: SELECT account, approx_percentile(reply_wait_sketch(conversation, at, from_brand), 0.9) FROM messages GROUP BY account;';

CREATE AGGREGATE @extschema@.reply_wait_sketch(pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.text) (
	SFUNC = @extschema@.reply_wait_sketch_transfn,
	STYPE = @extschema@.reply_wait_sketch_state,
	FINALFUNC = @extschema@.reply_wait_sketch_finalfn,
	COMBINEFUNC = @extschema@.reply_wait_sketch_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.reply_wait_sketch(pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.text) IS
'reply_wait_sketch with a mode (''block_start'', ''every'' or ''last'', as in reply_wait_seconds; bigint ids): byte for byte quantile_sketch(reply_wait_seconds(at, from_brand, mode) OVER (PARTITION BY conversation ORDER BY at)). The mode must be the same on every row of a group (else 22023); rows with a NULL mode are skipped. Example: SELECT account, approx_percentile(reply_wait_sketch(conversation, at, from_brand, ''every''), 0.9) FROM messages GROUP BY account;';

CREATE AGGREGATE @extschema@.reply_wait_sketch(pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool) (
	SFUNC = @extschema@.reply_wait_sketch_transfn,
	STYPE = @extschema@.reply_wait_sketch_state,
	FINALFUNC = @extschema@.reply_wait_sketch_finalfn,
	COMBINEFUNC = @extschema@.reply_wait_sketch_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.reply_wait_sketch(pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool) IS
'quantile_sketch (relative error 0.01) of the per-message reply waits, mode block_start, of every conversation among the rows (text ids), in one pass with no window and no sort: byte for byte quantile_sketch(reply_wait_seconds(at, from_brand) OVER (PARTITION BY conversation ORDER BY at)) over the same rows. Rows with a NULL conversation, time or sender are skipped; NULL when no customer message was answered. Example: SELECT account, approx_percentile(reply_wait_sketch(conversation_key, at, from_brand), 0.9) FROM messages GROUP BY account;';

CREATE AGGREGATE @extschema@.reply_wait_sketch(pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.text) (
	SFUNC = @extschema@.reply_wait_sketch_transfn,
	STYPE = @extschema@.reply_wait_sketch_state,
	FINALFUNC = @extschema@.reply_wait_sketch_finalfn,
	COMBINEFUNC = @extschema@.reply_wait_sketch_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.reply_wait_sketch(pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.text) IS
'reply_wait_sketch with a mode (''block_start'', ''every'' or ''last'', as in reply_wait_seconds; text ids): byte for byte quantile_sketch(reply_wait_seconds(at, from_brand, mode) OVER (PARTITION BY conversation ORDER BY at)). The mode must be the same on every row of a group (else 22023); rows with a NULL mode are skipped. Example: SELECT account, approx_percentile(reply_wait_sketch(conversation_key, at, from_brand, ''every''), 0.9) FROM messages GROUP BY account;';

CREATE AGGREGATE @extschema@.reply_wait_sketch(pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool) (
	SFUNC = @extschema@.reply_wait_sketch_transfn,
	STYPE = @extschema@.reply_wait_sketch_state,
	FINALFUNC = @extschema@.reply_wait_sketch_finalfn,
	COMBINEFUNC = @extschema@.reply_wait_sketch_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.reply_wait_sketch(pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool) IS
'quantile_sketch (relative error 0.01) of the per-message reply waits, mode block_start, of every conversation among the rows (uuid ids), in one pass with no window and no sort: byte for byte quantile_sketch(reply_wait_seconds(at, from_brand) OVER (PARTITION BY conversation ORDER BY at)) over the same rows. Rows with a NULL conversation, time or sender are skipped; NULL when no customer message was answered. Example: SELECT account, approx_percentile(reply_wait_sketch(conversation_uuid, at, from_brand), 0.9) FROM messages GROUP BY account;';

CREATE AGGREGATE @extschema@.reply_wait_sketch(pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.text) (
	SFUNC = @extschema@.reply_wait_sketch_transfn,
	STYPE = @extschema@.reply_wait_sketch_state,
	FINALFUNC = @extschema@.reply_wait_sketch_finalfn,
	COMBINEFUNC = @extschema@.reply_wait_sketch_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.reply_wait_sketch(pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.text) IS
'reply_wait_sketch with a mode (''block_start'', ''every'' or ''last'', as in reply_wait_seconds; uuid ids): byte for byte quantile_sketch(reply_wait_seconds(at, from_brand, mode) OVER (PARTITION BY conversation ORDER BY at)). The mode must be the same on every row of a group (else 22023); rows with a NULL mode are skipped. Example: SELECT account, approx_percentile(reply_wait_sketch(conversation_uuid, at, from_brand, ''every''), 0.9) FROM messages GROUP BY account;';

