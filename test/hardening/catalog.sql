-- Catalog views and sample values shared by the hardening tests.
-- psql -v ext=<extension name> -f catalog.sql
--
-- hz.member_procs   every function/aggregate/window function of the extension
-- hz.member_types   its types and their array types
-- hz.samples        valid values per type, as canonical text (lit::typ works):
--                   hand-picked edge values of core types, literals from
--                   test/data/samples/<type>.txt, and values of the
--                   extension's own types derived by running its aggregates
--                   and functions (hz.derive_samples)
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS hz CASCADE;
CREATE SCHEMA hz;

CREATE VIEW hz.ext AS
SELECT e.oid, e.extname, e.extnamespace::regnamespace AS nsp, e.extversion
  FROM pg_catalog.pg_extension e
 WHERE e.extname = :'ext';

CREATE VIEW hz.member_procs AS
SELECT p.oid::pg_catalog.regprocedure AS sig, p.*
  FROM pg_catalog.pg_proc p
  JOIN pg_catalog.pg_depend d
    ON d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND d.objid = p.oid
 WHERE d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass
   AND d.deptype = 'e' AND d.refobjid = (SELECT oid FROM hz.ext);

CREATE VIEW hz.member_types AS
WITH base AS (
	SELECT t.oid, t.typarray
	  FROM pg_catalog.pg_type t
	  JOIN pg_catalog.pg_depend d
	    ON d.classid = 'pg_catalog.pg_type'::pg_catalog.regclass AND d.objid = t.oid
	 WHERE d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass
	   AND d.deptype = 'e' AND d.refobjid = (SELECT oid FROM hz.ext)
	   -- from PostgreSQL 17 the array types are members too: listed below
	   AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type e WHERE e.typarray = t.oid))
SELECT oid::pg_catalog.regtype AS typ, false AS is_array FROM base
UNION ALL
SELECT typarray::pg_catalog.regtype, true FROM base WHERE typarray <> 0;

CREATE TABLE hz.samples (
	n serial PRIMARY KEY,
	typ pg_catalog.regtype NOT NULL,
	lit text NOT NULL
);
-- md5: literals can be longer than a btree entry may be
CREATE UNIQUE INDEX ON hz.samples (typ, pg_catalog.md5(lit));

-- Store each literal that is a valid value of typ, in its canonical output
-- form; invalid ones are skipped.  Returns the number stored.
CREATE FUNCTION hz.add_literals(typ pg_catalog.regtype, lits text[])
RETURNS int LANGUAGE plpgsql AS $$
DECLARE
	l text;
	canon text;
	added int := 0;
BEGIN
	FOREACH l IN ARRAY lits LOOP
		BEGIN
			EXECUTE pg_catalog.format('SELECT %L::%s::text', l, typ) INTO canon;
			INSERT INTO hz.samples (typ, lit) VALUES (typ, canon) ON CONFLICT DO NOTHING;
			added := added + 1;
		EXCEPTION WHEN OTHERS THEN
			NULL;
		END;
	END LOOP;
	RETURN added;
END $$;

-- Edge values of the core types the extension's functions take.
SELECT hz.add_literals('boolean', '{t,f}');
SELECT hz.add_literals('smallint', '{0,1,-1,32767,-32768,7}');
SELECT hz.add_literals('integer', '{0,1,-1,2147483647,-2147483648,100,3600}');
SELECT hz.add_literals('bigint', '{0,1,-1,9223372036854775807,-9223372036854775808,1000,3600,86400}');
SELECT hz.add_literals('real', '{0,-0,1,-1,0.5,NaN,Infinity,-Infinity,1e-45,3.4e38}');
SELECT hz.add_literals('double precision',
	'{0,-0,1,-1,0.5,0.01,0.99,1.5,0.001,3600,86400,31536000,NaN,Infinity,-Infinity,4.9e-324,2.2250738585072014e-308,1.7976931348623157e308,-1.7976931348623157e308,1e-300,1e300}');
SELECT hz.add_literals('numeric', '{0,1,-1,0.5,NaN,Infinity,-Infinity,1e100,-1e-100,123456789012345678901234567890.123456789}');
SELECT hz.add_literals('text', ARRAY['', 'day', 'week', 'month', 'quarter', 'year', 'hour', 'DAY',
	'Europe/Helsinki', 'America/New_York', 'Australia/Sydney', 'UTC', 'Mars/Olympus', '+99:99', 'EST5EDT',
	'block_start', 'every', 'last', 'b1', 'b2', 'brand_a', ' ', 'null',
	pg_catalog.repeat('x', 5000), pg_catalog.repeat('mon-fri 09:00-17:00; ', 200)]);
SELECT hz.add_literals('timestamp with time zone', '{"2026-03-29 00:30:00+00","2026-10-25 00:30:00+00","2026-01-01 12:00:00+00","2026-01-01 12:00:00.000001+00",infinity,-infinity,"4714-11-24 00:00:00+00 BC","294276-12-31 23:59:59+00","2000-01-01 00:00:00+00"}');
SELECT hz.add_literals('timestamp without time zone', '{"2026-03-29 03:30:00","2026-10-25 03:30:00",infinity,-infinity,"4714-11-24 00:00:00 BC","294276-12-31 23:59:59"}');
SELECT hz.add_literals('date', '{2026-03-29,2026-12-24,infinity,-infinity,"4714-11-24 BC",5874897-12-31}');
SELECT hz.add_literals('interval', '{0,"1 second","-1 second","1 hour","00:00:00.000001","1 mon","1 day","178000000 years","-178000000 years","2147483647 days 2562047788:00:54.775807"}');
SELECT hz.add_literals('double precision[]', '{"{0.5}","{0,0.5,1}","{}","{NULL}","{NaN}","{-1,2}","{{0.1,0.2},{0.3,0.4}}","{0.001,0.01,0.1,0.25,0.5,0.75,0.9,0.95,0.99,0.999}","[5:6]={0.1,0.9}"}');
SELECT hz.add_literals('double precision[]', ARRAY[(SELECT pg_catalog.array_agg(i / 20000.0)::text FROM pg_catalog.generate_series(0, 20000) i)]);
SELECT hz.add_literals('text[]', '{"{}","{NULL}","{day}","{b1,b2}","{\"2026-12-24\"}"}');
SELECT hz.add_literals('bigint[]', '{"{}","{NULL}","{1,2,3}"}');
SELECT hz.add_literals('bytea', ARRAY['\x', '\x00', '\x01000000', '\xffffffffffffffff', '\x0102030405060708090a0b0c0d0e0f10']);
SELECT hz.add_literals('cstring', '{"",0,x}');
SELECT hz.add_literals('jsonb', '{"{}",null,"[1,2]"}');

-- Deterministic generated rows for deriving values of the extension's types:
-- heavy-tailed durations with zeros, fractions, brands, ~25 % brand messages.
CREATE TABLE hz.gen AS
SELECT i,
       (i % 100)::int2 AS i2,
       i::int4 AS i4,
       i % 50 AS k,
       CASE WHEN i % 17 = 0 THEN 0 ELSE pg_catalog.exp(u * 16) - 1 END AS f,
       u AS p,
       'b' || ((pg_catalog.hashint8(i * 3) & 2147483647) % 10) AS brand,
       (pg_catalog.hashint8(i * 7) & 3) = 0 AS b,
       '2026-03-20 00:00:00+00'::timestamptz + u * interval '20 days' AS ts,
       pg_catalog.make_interval(secs => pg_catalog.exp(u * 16) - 1) AS iv
  FROM (SELECT i, ((pg_catalog.hashint8(i) & 2147483647)::float8 + 0.5) / 2147483648 AS u
          FROM pg_catalog.generate_series(1::int8, 200) i) s;

-- Candidate argument expressions over hz.gen g for an argument of type t.
CREATE FUNCTION hz.arg_candidates(t pg_catalog.regtype) RETURNS text[]
LANGUAGE plpgsql AS $$
DECLARE
	cnt int;
BEGIN
	CASE t
	WHEN 'smallint'::regtype THEN RETURN '{g.i2}';
	WHEN 'integer'::regtype THEN RETURN '{g.i4,100}';
	WHEN 'bigint'::regtype THEN RETURN '{g.i,g.k,100::int8}';
	WHEN 'double precision'::regtype THEN RETURN '{g.f,g.p,0.01::float8}';
	WHEN 'real'::regtype THEN RETURN '{g.f::float4,g.p::float4}';
	WHEN 'numeric'::regtype THEN RETURN '{g.f::numeric}';
	WHEN 'text'::regtype THEN RETURN '{g.brand,''b1''::text}';
	WHEN 'boolean'::regtype THEN RETURN '{g.b}';
	WHEN 'timestamp with time zone'::regtype THEN RETURN '{g.ts}';
	WHEN 'timestamp without time zone'::regtype THEN RETURN '{g.ts::timestamp}';
	WHEN 'date'::regtype THEN RETURN '{g.ts::date}';
	WHEN 'interval'::regtype THEN RETURN '{g.iv}';
	ELSE
		SELECT pg_catalog.count(*) INTO cnt FROM hz.samples s WHERE s.typ = t;
		IF cnt = 0 THEN
			-- a non-strict transition function starts from NULL
			RETURN ARRAY[pg_catalog.format('NULL::%s', t)];
		END IF;
		RETURN ARRAY[pg_catalog.format(
			'(SELECT s.lit::%s FROM hz.samples s WHERE s.typ = %L::regtype ORDER BY s.n OFFSET g.i %% %s LIMIT 1)',
			t, t, cnt)];
	END CASE;
END $$;

-- Argument lists (at most 16) for a function, one candidate per argument;
-- `candidates` maps an argument type to its candidate literals (big.sql
-- passes its own, of maximal size).
CREATE FUNCTION hz.arg_lists(f pg_catalog.regprocedure,
	candidates pg_catalog.regproc DEFAULT 'hz.arg_candidates') RETURNS SETOF text
LANGUAGE plpgsql AS $$
DECLARE
	t pg_catalog.oid;
	acc text[] := ARRAY[''];
	nxt text[];
	cands text[];
	a text;
	c text;
	first boolean := true;
BEGIN
	FOREACH t IN ARRAY (SELECT p.proargtypes::oid[] FROM pg_catalog.pg_proc p WHERE p.oid = f) LOOP
		nxt := '{}';
		EXECUTE pg_catalog.format('SELECT %s($1)', candidates) INTO cands USING t::pg_catalog.regtype;
		FOREACH a IN ARRAY acc LOOP
			FOREACH c IN ARRAY cands LOOP
				IF pg_catalog.cardinality(nxt) < 16 THEN
					nxt := nxt || (CASE WHEN first THEN c ELSE a || ', ' || c END);
				END IF;
			END LOOP;
		END LOOP;
		acc := nxt;
		first := false;
	END LOOP;
	RETURN QUERY SELECT pg_catalog.unnest(acc);
END $$;

-- Values of the extension's own types: run each aggregate and function that
-- returns one of them over hz.gen (whole table, groups, one row, no rows),
-- twice, so that a rollup of a type derived in pass 1 is covered in pass 2.
CREATE FUNCTION hz.derive_samples() RETURNS int
LANGUAGE plpgsql AS $$
DECLARE
	pass int;
	f record;
	args text;
	shape text;
	before int;
BEGIN
	SELECT pg_catalog.count(*) INTO before FROM hz.samples;
	-- the initial states of the aggregates whose state is one of our types
	PERFORM hz.add_literals(x.t, pg_catalog.array_agg(x.v))
	   FROM (SELECT a.aggtranstype::regtype AS t, a.agginitval AS v FROM pg_catalog.pg_aggregate a
	          WHERE a.aggfnoid IN (SELECT oid FROM hz.member_procs) AND a.agginitval IS NOT NULL
	         UNION SELECT a.aggmtranstype::regtype, a.aggminitval FROM pg_catalog.pg_aggregate a
	          WHERE a.aggfnoid IN (SELECT oid FROM hz.member_procs) AND a.aggminitval IS NOT NULL) x
	  WHERE x.t IN (SELECT typ FROM hz.member_types)
	  GROUP BY x.t;
	FOR pass IN 1..2 LOOP
		FOR f IN
			SELECT p.sig, p.prokind, p.prorettype::regtype AS rt
			  FROM hz.member_procs p
			 WHERE p.prorettype IN (SELECT typ FROM hz.member_types)
			   AND p.prokind IN ('a', 'f') AND NOT p.proretset
			   AND NOT EXISTS (SELECT FROM pg_catalog.unnest(p.proargtypes::oid[]) a
			                    WHERE a IN ('internal'::regtype, 'cstring'::regtype))
			 ORDER BY p.oid
		LOOP
			FOR args IN SELECT hz.arg_lists(f.sig) LOOP
				FOREACH shape IN ARRAY CASE WHEN f.prokind = 'a'
					THEN ARRAY['', 'GROUP BY g.i % 5', 'GROUP BY g.k', 'WHERE g.i = 7', 'WHERE g.i < 3 GROUP BY g.i']
					ELSE ARRAY['WHERE g.i % 10 = 3'] END
				LOOP
					CONTINUE WHEN (SELECT pg_catalog.count(*) FROM hz.samples s WHERE s.typ = f.rt) >= 60;
					BEGIN
						EXECUTE pg_catalog.format(
							'INSERT INTO hz.samples (typ, lit) SELECT %L, v FROM (SELECT (%s(%s))::text AS v FROM hz.gen g %s) s WHERE v IS NOT NULL ON CONFLICT DO NOTHING',
							f.rt, pg_catalog.regexp_replace(f.sig::text, '\(.*$', ''), args, shape);
					EXCEPTION WHEN OTHERS THEN
						NULL;
					END;
				END LOOP;
			END LOOP;
		END LOOP;
	END LOOP;
	RETURN (SELECT pg_catalog.count(*) FROM hz.samples) - before;
END $$;
