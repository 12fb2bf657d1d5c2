/*
 * ---- sla_counts (issue 22) -------------------------------------------------
 * The counts behind sla_attainment, {met, total}: the same state, the same
 * transition and combine functions, a final function that returns both
 * counts instead of their ratio, so met / total equals sla_attainment to the
 * last bit on every plan, and wilson_interval or proportion_change_test take
 * the counts without a recount.
 */

CREATE FUNCTION @extschema@.sla_counts_finalfn(@extschema@.first_reply_sketch_state)
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'sla_counts_finalfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.sla_counts_finalfn(@extschema@.first_reply_sketch_state) IS
'Final function of sla_counts: {conversations with a customer message answered within the target, conversations with a customer message}; {0, 0} for no rows.';

CREATE AGGREGATE @extschema@.sla_counts(pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8) (
	SFUNC = @extschema@.sla_attainment_transfn,
	STYPE = @extschema@.first_reply_sketch_state,
	FINALFUNC = @extschema@.sla_counts_finalfn,
	COMBINEFUNC = @extschema@.first_reply_sketch_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.sla_counts(pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8) IS
'SLA counts (bigint conversation ids): bigint[] {met, total}, met = the conversations with a customer message whose first reply came within target_seconds (first_reply_seconds <= target), total = the conversations with a customer message (unanswered ones are misses); met / total = sla_attainment exactly. The target must be the same on every row of a group (else 22023). {0, 0} over no rows. Example: SELECT account, wilson_interval(c[1], c[2]) FROM (SELECT account, sla_counts(conversation, at, from_brand, 3600) AS c FROM messages GROUP BY account) s;';

CREATE AGGREGATE @extschema@.sla_counts(pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8, @extschema@.business_calendar) (
	SFUNC = @extschema@.sla_attainment_transfn,
	STYPE = @extschema@.first_reply_sketch_state,
	FINALFUNC = @extschema@.sla_counts_finalfn,
	COMBINEFUNC = @extschema@.first_reply_sketch_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.sla_counts(pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8, @extschema@.business_calendar) IS
'SLA counts in business hours (bigint conversation ids): bigint[] {met, total}, met = the conversations with a customer message whose first reply came within target_seconds of open time (business_seconds(first customer message, reply, calendar) <= target), total = the conversations with a customer message (unanswered ones are misses); met / total = sla_attainment with the calendar exactly. Target and calendar must be the same on every row of a group (else 22023). {0, 0} over no rows. Example: SELECT account, sla_counts(conversation, at, from_brand, 3600, ''Europe/Helsinki; mon-fri 09:00-17:00'') FROM messages GROUP BY account;';

CREATE AGGREGATE @extschema@.sla_counts(pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8) (
	SFUNC = @extschema@.sla_attainment_transfn,
	STYPE = @extschema@.first_reply_sketch_state,
	FINALFUNC = @extschema@.sla_counts_finalfn,
	COMBINEFUNC = @extschema@.first_reply_sketch_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.sla_counts(pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8) IS
'SLA counts (text conversation ids): bigint[] {met, total}, met = the conversations with a customer message whose first reply came within target_seconds (first_reply_seconds <= target), total = the conversations with a customer message (unanswered ones are misses); met / total = sla_attainment exactly. The target must be the same on every row of a group (else 22023). {0, 0} over no rows. Example: SELECT account, wilson_interval(c[1], c[2]) FROM (SELECT account, sla_counts(conversation_key, at, from_brand, 3600) AS c FROM messages GROUP BY account) s;';

CREATE AGGREGATE @extschema@.sla_counts(pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8, @extschema@.business_calendar) (
	SFUNC = @extschema@.sla_attainment_transfn,
	STYPE = @extschema@.first_reply_sketch_state,
	FINALFUNC = @extschema@.sla_counts_finalfn,
	COMBINEFUNC = @extschema@.first_reply_sketch_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.sla_counts(pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8, @extschema@.business_calendar) IS
'SLA counts in business hours (text conversation ids): bigint[] {met, total}, met = the conversations with a customer message whose first reply came within target_seconds of open time (business_seconds(first customer message, reply, calendar) <= target), total = the conversations with a customer message (unanswered ones are misses); met / total = sla_attainment with the calendar exactly. Target and calendar must be the same on every row of a group (else 22023). {0, 0} over no rows. Example: SELECT account, sla_counts(conversation_key, at, from_brand, 3600, ''Europe/Helsinki; mon-fri 09:00-17:00'') FROM messages GROUP BY account;';

CREATE AGGREGATE @extschema@.sla_counts(pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8) (
	SFUNC = @extschema@.sla_attainment_transfn,
	STYPE = @extschema@.first_reply_sketch_state,
	FINALFUNC = @extschema@.sla_counts_finalfn,
	COMBINEFUNC = @extschema@.first_reply_sketch_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.sla_counts(pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8) IS
'SLA counts (uuid conversation ids): bigint[] {met, total}, met = the conversations with a customer message whose first reply came within target_seconds (first_reply_seconds <= target), total = the conversations with a customer message (unanswered ones are misses); met / total = sla_attainment exactly. The target must be the same on every row of a group (else 22023). {0, 0} over no rows. Example: SELECT account, wilson_interval(c[1], c[2]) FROM (SELECT account, sla_counts(conversation_uuid, at, from_brand, 3600) AS c FROM messages GROUP BY account) s;';

CREATE AGGREGATE @extschema@.sla_counts(pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8, @extschema@.business_calendar) (
	SFUNC = @extschema@.sla_attainment_transfn,
	STYPE = @extschema@.first_reply_sketch_state,
	FINALFUNC = @extschema@.sla_counts_finalfn,
	COMBINEFUNC = @extschema@.first_reply_sketch_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.sla_counts(pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool, pg_catalog.float8, @extschema@.business_calendar) IS
'SLA counts in business hours (uuid conversation ids): bigint[] {met, total}, met = the conversations with a customer message whose first reply came within target_seconds of open time (business_seconds(first customer message, reply, calendar) <= target), total = the conversations with a customer message (unanswered ones are misses); met / total = sla_attainment with the calendar exactly. Target and calendar must be the same on every row of a group (else 22023). {0, 0} over no rows. Example: SELECT account, sla_counts(conversation_uuid, at, from_brand, 3600, ''Europe/Helsinki; mon-fri 09:00-17:00'') FROM messages GROUP BY account;';
