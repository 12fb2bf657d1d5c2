-- Large statements for the interrupt and memory test (after catalog.sql).
--
-- hz.big_stmt(f, n) is a statement that runs aggregate f over n generated
-- rows, streamed (generate_series in the target list runs as ProjectSet,
-- nothing is materialised), with arguments made from the row number g.
-- Keys are bounded (g % 1000 ...), so a state that legitimately grows with
-- the number of distinct keys stays small: memory growth means a per-row
-- leak.  The first argument combination that runs on 1,000 rows is chosen.

CREATE FUNCTION hz.big_candidates(t pg_catalog.regtype) RETURNS text[]
LANGUAGE plpgsql AS $$
BEGIN
	CASE t
	WHEN 'smallint'::regtype THEN RETURN '{(g % 100)::int2}';
	WHEN 'integer'::regtype THEN RETURN '{(g % 1000)::int4,100}';
	WHEN 'bigint'::regtype THEN RETURN '{g % 1000,g,100::int8}';
	WHEN 'double precision'::regtype THEN RETURN '{(g % 1000)::float8 / 7,0.01::float8}';
	WHEN 'real'::regtype THEN RETURN '{(g % 1000)::float4 / 7}';
	WHEN 'numeric'::regtype THEN RETURN '{(g % 1000)::numeric}';
	-- 'every': a valid reply_wait_sketch mode
	WHEN 'text'::regtype THEN RETURN '{''b'' || (g % 10),''b1''::text,''every''::text}';
	WHEN 'uuid'::regtype THEN RETURN '{pg_catalog.md5((g % 1000)::text)::uuid}';
	WHEN 'boolean'::regtype THEN RETURN '{g % 4 = 0}';
	WHEN 'timestamp with time zone'::regtype THEN
		RETURN '{''2026-01-01 00:00:00+00''::timestamptz + (g % 1000000) * interval ''1 second''}';
	WHEN 'timestamp without time zone'::regtype THEN
		RETURN '{''2026-01-01 00:00:00''::timestamp + (g % 1000000) * interval ''1 second''}';
	WHEN 'date'::regtype THEN RETURN '{date ''2026-01-01'' + (g % 1000)::int4}';
	WHEN 'interval'::regtype THEN RETURN '{(g % 1000) * interval ''1 second''}';
	ELSE
		-- one of the extension's types: its largest sample, computed once
		IF NOT EXISTS (SELECT FROM hz.samples s WHERE s.typ = t) THEN
			RETURN '{}';
		END IF;
		RETURN ARRAY[pg_catalog.format(
			'(SELECT s.lit::%s FROM hz.samples s WHERE s.typ = %L::regtype ORDER BY pg_catalog.length(s.lit) DESC, s.n LIMIT 1)',
			t, t)];
	END CASE;
END $$;

CREATE FUNCTION hz.big_stmt_for(f pg_catalog.regprocedure, args text, n bigint) RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT pg_catalog.format(
		'SELECT (%s(%s))::text IS NULL FROM (SELECT pg_catalog.generate_series(1::int8, %s) AS g) s',
		pg_catalog.regexp_replace(f::text, '\(.*$', ''), args, n)
$$;

-- Working argument lists, probed on 1,000 rows; NULL if none works.
CREATE FUNCTION hz.big_args(f pg_catalog.regprocedure) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	a text;
BEGIN
	FOR a IN SELECT hz.arg_lists(f, 'hz.big_candidates') LOOP
		BEGIN
			EXECUTE hz.big_stmt_for(f, a, 1000);
			RETURN a;
		EXCEPTION WHEN OTHERS THEN
			NULL;
		END;
	END LOOP;
	RETURN NULL;
END $$;

-- first: the first aggregate (by oid) of each transition state type, the
-- one run at the largest size (a per-row leak lives in the transition
-- function of a state type; all sizes for all aggregates would take long)
CREATE TABLE hz.big AS
SELECT p.sig, hz.big_args(p.sig) AS args,
       p.oid = (SELECT pg_catalog.min(a2.aggfnoid::oid) FROM pg_catalog.pg_aggregate a2
                 WHERE a2.aggtranstype = a.aggtranstype
                   AND a2.aggfnoid IN (SELECT m.oid FROM hz.member_procs m)) AS first
  FROM hz.member_procs p
  JOIN pg_catalog.pg_aggregate a ON a.aggfnoid = p.oid
 WHERE p.prokind = 'a';
