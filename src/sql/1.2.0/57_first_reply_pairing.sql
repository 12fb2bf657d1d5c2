/*
 * ---- first_reply_pairing and its readers (issue 20, B2) ----------------------
 * PostgreSQL shares a transition state only between aggregates with the
 * same arguments: first_reply_sketch and unanswered_share share one, but
 * sla_attainment's target is one more argument, so a report that wants
 * percentiles, unanswered share and SLA attainment kept two states per group
 * (1.8x the sketch alone).  first_reply_pairing returns the state itself
 * (the transition and combine functions of first_reply_sketch, no final
 * function), and scalar readers take it: first_reply_sketch(state),
 * unanswered_count(state), unanswered_share(state) (the aggregates' final
 * functions under the aggregates' names) and sla_attainment(state, target),
 * sla_counts(state, target), whose target comes with the call.  One state,
 * read as often as wanted; the state can also be stored and combined.
 */

CREATE AGGREGATE @extschema@.first_reply_pairing(pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool) (
	SFUNC = @extschema@.first_reply_sketch_transfn,
	STYPE = @extschema@.first_reply_sketch_state,
	COMBINEFUNC = @extschema@.first_reply_sketch_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.first_reply_pairing(pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool) IS
'The first-reply pairing state (bigint conversation ids) of every conversation among the rows, for several readers of the same conversations in one pass: first_reply_sketch(state), unanswered_count(state), unanswered_share(state), sla_attainment(state, target_seconds), sla_counts(state, target_seconds) equal the aggregates of the same names over the same rows. Same pairing and NULL rules as first_reply_sketch; NULL over no rows. Example: SELECT account, approx_percentiles(first_reply_sketch(s), ''{0.5,0.9}''), unanswered_share(s), sla_attainment(s, 3600) FROM (SELECT account, first_reply_pairing(conversation, at, from_brand) AS s FROM messages GROUP BY account) t;';

CREATE AGGREGATE @extschema@.first_reply_pairing(pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool, @extschema@.business_calendar) (
	SFUNC = @extschema@.first_reply_sketch_transfn,
	STYPE = @extschema@.first_reply_sketch_state,
	COMBINEFUNC = @extschema@.first_reply_sketch_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.first_reply_pairing(pg_catalog.int8, pg_catalog.timestamptz, pg_catalog.bool, @extschema@.business_calendar) IS
'first_reply_pairing in business hours (bigint conversation ids): the pairing state of every conversation among the rows, whose readers measure waits in business seconds of the calendar (the same on every row of a group, else 22023). NULL over no rows. Example: SELECT account, approx_percentile(first_reply_sketch(s), 0.9), sla_attainment(s, 3600) FROM (SELECT account, first_reply_pairing(conversation, at, from_brand, ''Europe/Helsinki; mon-fri 09:00-17:00'') AS s FROM messages GROUP BY account) t;';

CREATE AGGREGATE @extschema@.first_reply_pairing(pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool) (
	SFUNC = @extschema@.first_reply_sketch_transfn,
	STYPE = @extschema@.first_reply_sketch_state,
	COMBINEFUNC = @extschema@.first_reply_sketch_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.first_reply_pairing(pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool) IS
'The first-reply pairing state (text conversation ids) of every conversation among the rows, for several readers of the same conversations in one pass: first_reply_sketch(state), unanswered_count(state), unanswered_share(state), sla_attainment(state, target_seconds), sla_counts(state, target_seconds) equal the aggregates of the same names over the same rows. Same pairing and NULL rules as first_reply_sketch; NULL over no rows. Example: SELECT account, approx_percentiles(first_reply_sketch(s), ''{0.5,0.9}''), unanswered_share(s), sla_attainment(s, 3600) FROM (SELECT account, first_reply_pairing(conversation_key, at, from_brand) AS s FROM messages GROUP BY account) t;';

CREATE AGGREGATE @extschema@.first_reply_pairing(pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool, @extschema@.business_calendar) (
	SFUNC = @extschema@.first_reply_sketch_transfn,
	STYPE = @extschema@.first_reply_sketch_state,
	COMBINEFUNC = @extschema@.first_reply_sketch_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.first_reply_pairing(pg_catalog.text, pg_catalog.timestamptz, pg_catalog.bool, @extschema@.business_calendar) IS
'first_reply_pairing in business hours (text conversation ids): the pairing state of every conversation among the rows, whose readers measure waits in business seconds of the calendar (the same on every row of a group, else 22023). NULL over no rows. Example: SELECT account, approx_percentile(first_reply_sketch(s), 0.9), sla_attainment(s, 3600) FROM (SELECT account, first_reply_pairing(conversation_key, at, from_brand, ''Europe/Helsinki; mon-fri 09:00-17:00'') AS s FROM messages GROUP BY account) t;';

CREATE AGGREGATE @extschema@.first_reply_pairing(pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool) (
	SFUNC = @extschema@.first_reply_sketch_transfn,
	STYPE = @extschema@.first_reply_sketch_state,
	COMBINEFUNC = @extschema@.first_reply_sketch_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.first_reply_pairing(pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool) IS
'The first-reply pairing state (uuid conversation ids) of every conversation among the rows, for several readers of the same conversations in one pass: first_reply_sketch(state), unanswered_count(state), unanswered_share(state), sla_attainment(state, target_seconds), sla_counts(state, target_seconds) equal the aggregates of the same names over the same rows. Same pairing and NULL rules as first_reply_sketch; NULL over no rows. Example: SELECT account, approx_percentiles(first_reply_sketch(s), ''{0.5,0.9}''), unanswered_share(s), sla_attainment(s, 3600) FROM (SELECT account, first_reply_pairing(conversation_uuid, at, from_brand) AS s FROM messages GROUP BY account) t;';

CREATE AGGREGATE @extschema@.first_reply_pairing(pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool, @extschema@.business_calendar) (
	SFUNC = @extschema@.first_reply_sketch_transfn,
	STYPE = @extschema@.first_reply_sketch_state,
	COMBINEFUNC = @extschema@.first_reply_sketch_combine,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.first_reply_pairing(pg_catalog.uuid, pg_catalog.timestamptz, pg_catalog.bool, @extschema@.business_calendar) IS
'first_reply_pairing in business hours (uuid conversation ids): the pairing state of every conversation among the rows, whose readers measure waits in business seconds of the calendar (the same on every row of a group, else 22023). NULL over no rows. Example: SELECT account, approx_percentile(first_reply_sketch(s), 0.9), sla_attainment(s, 3600) FROM (SELECT account, first_reply_pairing(conversation_uuid, at, from_brand, ''Europe/Helsinki; mon-fri 09:00-17:00'') AS s FROM messages GROUP BY account) t;';

CREATE FUNCTION @extschema@.first_reply_sketch(state @extschema@.first_reply_sketch_state)
RETURNS @extschema@.quantile_sketch
AS 'MODULE_PATHNAME', 'first_reply_sketch_finalfn'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.first_reply_sketch(@extschema@.first_reply_sketch_state) IS
'The quantile_sketch (relative error 0.01) of the first-reply seconds (business seconds with a calendar) of the answered conversations of a first_reply_pairing; equal to the first_reply_sketch aggregate over the same rows. NULL when none was answered or the state is NULL. Example: SELECT approx_percentile(first_reply_sketch(s), 0.9) FROM (SELECT first_reply_pairing(conversation, at, from_brand) AS s FROM messages) t;';

-- Not STRICT: no rows (a NULL state) count 0, as the aggregate does.
CREATE FUNCTION @extschema@.unanswered_count(state @extschema@.first_reply_sketch_state)
RETURNS pg_catalog.int8
AS 'MODULE_PATHNAME', 'unanswered_count_finalfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.unanswered_count(@extschema@.first_reply_sketch_state) IS
'The conversations of a first_reply_pairing with a customer message and no brand message strictly after the first one; 0 for a NULL state (no rows), as the unanswered_count aggregate. Example: SELECT unanswered_count(s) FROM (SELECT first_reply_pairing(conversation, at, from_brand) AS s FROM messages) t;';

CREATE FUNCTION @extschema@.unanswered_share(state @extschema@.first_reply_sketch_state)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'unanswered_share_finalfn'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.unanswered_share(@extschema@.first_reply_sketch_state) IS
'The fraction in [0, 1] of the conversations of a first_reply_pairing with a customer message that were never answered; NULL when there are none or the state is NULL; equal to the unanswered_share aggregate over the same rows. Example: SELECT unanswered_share(s) FROM (SELECT first_reply_pairing(conversation, at, from_brand) AS s FROM messages) t;';

CREATE FUNCTION @extschema@.sla_attainment(state @extschema@.first_reply_sketch_state, target_seconds pg_catalog.float8)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'sla_attainment_of_state'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.sla_attainment(@extschema@.first_reply_sketch_state, pg_catalog.float8) IS
'SLA attainment of the conversations of a first_reply_pairing: the fraction of those with a customer message whose first reply came within target_seconds (business seconds with the state''s calendar), unanswered ones counting as misses; equal to the sla_attainment aggregate over the same rows and target. The target must be a finite number >= 0 (else 22023). NULL when no conversation has a customer message, or for a NULL state or target. Example: SELECT sla_attainment(s, 3600), sla_attainment(s, 14400) FROM (SELECT first_reply_pairing(conversation, at, from_brand) AS s FROM messages) t;';

-- Not STRICT in the state: no rows (a NULL state) give {0, 0}, as the
-- aggregate does; a NULL target gives NULL.
CREATE FUNCTION @extschema@.sla_counts(state @extschema@.first_reply_sketch_state, target_seconds pg_catalog.float8)
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'sla_counts_of_state'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.sla_counts(@extschema@.first_reply_sketch_state, pg_catalog.float8) IS
'SLA counts of the conversations of a first_reply_pairing: bigint[] {met, total} at target_seconds, as the sla_counts aggregate gives them over the same rows (met / total = sla_attainment(state, target_seconds)); {0, 0} for a NULL state, NULL for a NULL target. Example: SELECT wilson_interval(c[1], c[2]) FROM (SELECT sla_counts(first_reply_pairing(conversation, at, from_brand), 3600) AS c FROM messages) t;';
