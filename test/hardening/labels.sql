-- Label audit helpers (after catalog.sql).

-- One line per function of the extension, in test/labels.tsv's layout
-- (tab separated, without the justification column).
CREATE VIEW hz.labels AS
SELECT pg_catalog.concat_ws(E'\t',
		p.proname,
		pg_catalog.pg_get_function_identity_arguments(p.oid),
		CASE p.prokind WHEN 'f' THEN 'function' WHEN 'a' THEN 'aggregate' WHEN 'w' THEN 'window'
		     WHEN 'p' THEN 'procedure' END,
		CASE p.provolatile WHEN 'i' THEN 'immutable' WHEN 's' THEN 'stable' ELSE 'volatile' END,
		-- an aggregate's strictness is its transition function's
		CASE WHEN p.prokind = 'a' THEN
			CASE WHEN (SELECT t.proisstrict FROM pg_catalog.pg_aggregate a
			             JOIN pg_catalog.pg_proc t ON t.oid = a.aggtransfn WHERE a.aggfnoid = p.oid)
			     THEN 'strict_transfn' ELSE 'nonstrict_transfn' END
		     WHEN p.proisstrict THEN 'strict' ELSE 'called_on_null' END,
		CASE p.proparallel WHEN 's' THEN 'parallel_safe' WHEN 'r' THEN 'parallel_restricted'
		     ELSE 'parallel_unsafe' END,
		CASE WHEN p.prosecdef THEN 'SECURITY_DEFINER' ELSE 'invoker' END,
		CASE WHEN p.proleakproof THEN 'LEAKPROOF' ELSE 'not_leakproof' END,
		l.lanname) AS line,
       p.proname, pg_catalog.pg_get_function_identity_arguments(p.oid) AS args
  FROM hz.member_procs p
  JOIN pg_catalog.pg_language l ON l.oid = p.prolang;

-- A value of type t for a call: the k-th sample (wrapping), or NULL.
CREATE FUNCTION hz.sample_expr(t pg_catalog.regtype, k int) RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT coalesce(
		(SELECT pg_catalog.format('%L::%s', s.lit, t) FROM hz.samples s WHERE s.typ = t
		  ORDER BY s.n OFFSET k % greatest(1, (SELECT pg_catalog.count(*) FROM hz.samples x WHERE x.typ = t))
		  LIMIT 1),
		pg_catalog.format('NULL::%s', t))
$$;

-- Statements that call every non-STRICT C function of the extension (and
-- every aggregate and window function, whose support functions are C) with
-- each argument NULL in turn, the others set to sample values (two sets),
-- and with all arguments NULL.  Functions with an internal argument cannot
-- be called from SQL and come out as a comment.
CREATE FUNCTION hz.null_calls() RETURNS TABLE (fn text, nullarg int, stmt text)
LANGUAGE plpgsql AS $$
DECLARE
	f record;
	types pg_catalog.regtype[];
	i int;
	j int;
	k int;
	args text[];
	call text;
BEGIN
	FOR f IN
		SELECT p.sig, p.prokind,
		       -- oidvector subscripts start at 0: rebuild the array from 1
		       ARRAY(SELECT a::regtype FROM pg_catalog.unnest(p.proargtypes::oid[]) a) AS types,
		       pg_catalog.regexp_replace(p.sig::text, '\(.*$', '') AS name
		  FROM hz.member_procs p JOIN pg_catalog.pg_language l ON l.oid = p.prolang
		 WHERE (l.lanname = 'c' AND NOT p.proisstrict) OR p.prokind IN ('a', 'w')
		 ORDER BY p.sig::text
	LOOP
		types := f.types;
		IF 'internal'::regtype = ANY (types) THEN
			fn := f.sig::text; nullarg := -1;
			stmt := '-- not callable from SQL (internal argument)';
			RETURN NEXT;
			CONTINUE;
		END IF;
		FOR i IN 0 .. coalesce(pg_catalog.array_length(types, 1), 0) LOOP
			-- i = 0: every argument NULL; else argument i NULL
			FOREACH k IN ARRAY CASE WHEN i = 0 THEN ARRAY[0] ELSE ARRAY[0, 3] END LOOP
				args := '{}';
				FOR j IN 1 .. coalesce(pg_catalog.array_length(types, 1), 0) LOOP
					args := args || CASE WHEN i = 0 OR i = j THEN pg_catalog.format('NULL::%s', types[j])
					                     ELSE hz.sample_expr(types[j], k) END;
				END LOOP;
				call := pg_catalog.format('%s(%s)', f.name, pg_catalog.array_to_string(args, ', '));
				fn := f.sig::text; nullarg := i;
				stmt := CASE f.prokind
					WHEN 'a' THEN pg_catalog.format(
						'SELECT pg_catalog.left(%s::text, 60) FROM (VALUES (1), (2)) v(x)', call)
					WHEN 'w' THEN pg_catalog.format(
						'SELECT pg_catalog.left(%s OVER (ORDER BY x)::text, 60) FROM (VALUES (1), (2)) v(x)', call)
					ELSE pg_catalog.format('SELECT pg_catalog.left(%s::text, 60)', call) END;
				RETURN NEXT;
			END LOOP;
		END LOOP;
	END LOOP;
END $$;

-- Statements that call every function, aggregate and window function of the
-- extension with sample arguments only (three sets), for valgrind and the
-- hijack test.  Functions with an internal or cstring argument are left out
-- (the type I/O functions run through casts and COPY instead).
CREATE FUNCTION hz.sample_calls() RETURNS TABLE (fn text, stmt text)
LANGUAGE plpgsql AS $$
DECLARE
	f record;
	j int;
	k int;
	args text[];
	call text;
BEGIN
	FOR f IN
		SELECT p.sig, p.prokind,
		       ARRAY(SELECT a::regtype FROM pg_catalog.unnest(p.proargtypes::oid[]) a) AS types,
		       pg_catalog.regexp_replace(p.sig::text, '\(.*$', '') AS name
		  FROM hz.member_procs p
		 WHERE NOT p.proargtypes::oid[] && ARRAY['internal'::regtype, 'cstring'::regtype]::oid[]
		 ORDER BY p.sig::text
	LOOP
		FOR k IN 0 .. 2 LOOP
			args := '{}';
			FOR j IN 1 .. coalesce(pg_catalog.array_length(f.types, 1), 0) LOOP
				args := args || hz.sample_expr(f.types[j], k + j);
			END LOOP;
			call := pg_catalog.format('%s(%s)', f.name, pg_catalog.array_to_string(args, ', '));
			fn := f.sig::text;
			stmt := CASE f.prokind
				WHEN 'a' THEN pg_catalog.format(
					'SELECT pg_catalog.left(%s::text, 60) FROM (VALUES (1), (2)) v(x)', call)
				WHEN 'w' THEN pg_catalog.format(
					'SELECT pg_catalog.left(%s OVER (ORDER BY x)::text, 60) FROM (VALUES (1), (2)) v(x)', call)
				ELSE pg_catalog.format('SELECT pg_catalog.left(%s::text, 60)', call) END;
			RETURN NEXT;
		END LOOP;
	END LOOP;
END $$;
