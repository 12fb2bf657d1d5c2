-- The world sqlsmith sees: psql -v role=<fuzzer role> -f sqlsmith_schema.sql
-- (after catalog.sql, whose hz.* views and samples it uses).
--
-- sqlsmith (1.4) reads its grammar from the catalog with unqualified names:
--   pg_type      every type it may name (cast(null as T), columns, arguments)
--   pg_proc      every function and aggregate it may call
--   information_schema.tables + pg_attribute   the tables it may read
-- and, qualified, pg_catalog.pg_operator (all core operators).  Views named
-- pg_proc and pg_type in information_schema, placed before pg_catalog in the
-- role's search_path, narrow them (information_schema, because sqlsmith's
-- --exclude-catalog then keeps the views themselves out of its queries):
--   pg_proc = the extension's members + a few core functions that turn the
--             constants sqlsmith writes (int4, bool, NULL) and the table
--             columns into arguments (casts, text <-> cstring, repeat, ...);
--   pg_type = every type those functions, the operators and the visible
--             columns mention (sqlsmith dereferences a NULL pointer on an
--             operator or column whose type it did not load).
-- The tables smith.fz_a and smith.fz_b have one column per type the
-- extension's functions take or return, filled with the sample values of
-- hz.samples (edge values of core types, derived values of our own types)
-- and some NULLs.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS smith CASCADE;
DROP VIEW IF EXISTS information_schema.pg_type, information_schema.pg_proc;
DROP TYPE IF EXISTS information_schema.anyrange, information_schema.anymultirange,
	information_schema.anyenum, information_schema.anycompatiblerange,
	information_schema.anycompatiblemultirange, information_schema.anyarray,
	information_schema.anycompatiblearray, information_schema.anyelement,
	information_schema.anynonarray, information_schema.anycompatible,
	information_schema.anycompatiblenonarray;
CREATE SCHEMA smith;

-- sqlsmith picks comparison operators among all of pg_catalog's, and fills an
-- argument it has no value for with cast(null as <declared type>); for the
-- polymorphic pseudo-types that fails at parse time ("argument declared
-- anyrange is not a range type"), which was most of the error rate.  Types of
-- these names in information_schema, searched before pg_catalog, give such a
-- NULL a concrete type so the rest of the query runs.
CREATE DOMAIN information_schema.anyrange AS pg_catalog.int4range;
CREATE DOMAIN information_schema.anymultirange AS pg_catalog.int4multirange;
CREATE DOMAIN information_schema.anycompatiblerange AS pg_catalog.int4range;
CREATE DOMAIN information_schema.anycompatiblemultirange AS pg_catalog.int4multirange;
CREATE TYPE information_schema.anyenum AS ENUM ('a', 'b');
CREATE DOMAIN information_schema.anyarray AS pg_catalog.int4[];
CREATE DOMAIN information_schema.anycompatiblearray AS pg_catalog.int4[];
CREATE DOMAIN information_schema.anyelement AS pg_catalog.int4;
CREATE DOMAIN information_schema.anynonarray AS pg_catalog.int4;
CREATE DOMAIN information_schema.anycompatible AS pg_catalog.int4;
CREATE DOMAIN information_schema.anycompatiblenonarray AS pg_catalog.int4;

-- Types that get a column: arguments and results of the extension's
-- functions, and its own types, that have sample values.
CREATE TABLE hz.column_types AS
SELECT DISTINCT t.typ, 'c_' || pg_catalog.regexp_replace(
		pg_catalog.regexp_replace(t.typ::text, '^.*\.', ''), '[^a-z0-9]+', '_', 'g') AS col
  FROM (SELECT pg_catalog.unnest(p.proargtypes::oid[] || p.prorettype)::regtype AS typ
          FROM hz.member_procs p
        UNION SELECT typ FROM hz.member_types) t
 WHERE EXISTS (SELECT FROM hz.samples s WHERE s.typ = t.typ)
   AND t.typ NOT IN ('cstring'::regtype);

DO $$
DECLARE
	tab text;
	r record;
	cols text := '';
	sel text := '';
	phase int;
BEGIN
	FOR r IN SELECT * FROM hz.column_types ORDER BY col LOOP
		cols := cols || pg_catalog.format(', %I %s', r.col, r.typ);
	END LOOP;
	FOREACH tab IN ARRAY ARRAY['fz_a', 'fz_b'] LOOP
		EXECUTE pg_catalog.format('CREATE TABLE smith.%I (id int4 %s)', tab, cols);
		phase := CASE tab WHEN 'fz_a' THEN 0 ELSE 5 END;
		-- row i, column j: sample (i + 3j + phase) of the column's type;
		-- NULL on every 9th row (shifted per column)
		EXECUTE pg_catalog.format('INSERT INTO smith.%I (id) SELECT i FROM pg_catalog.generate_series(1, 24) i', tab);
		FOR r IN SELECT ct.*, (SELECT pg_catalog.count(*) FROM hz.samples s WHERE s.typ = ct.typ) AS cnt,
		                pg_catalog.row_number() OVER (ORDER BY ct.col) AS j
		           FROM hz.column_types ct LOOP
			EXECUTE pg_catalog.format(
				'UPDATE smith.%I f SET %I = CASE WHEN (f.id + %s) %% 9 = 0 THEN NULL ELSE '
				'(SELECT s.lit::%s FROM hz.samples s WHERE s.typ = %L::regtype ORDER BY s.n '
				'OFFSET (f.id + %s) %% %s LIMIT 1) END',
				tab, r.col, r.j, r.typ, r.typ, r.j * 3 + phase, r.cnt);
		END LOOP;
	END LOOP;
END $$;
ANALYZE smith.fz_a;
ANALYZE smith.fz_b;

-- The extension's types have no equality or ordering (a sketch is not a
-- value one sorts), so every DISTINCT, GROUP BY, nullif(), window PARTITION
-- BY or ORDER BY that sqlsmith puts on such a column failed at parse time
-- (~40 % of the queries).  In this fuzzing database only, a default btree
-- operator class per type that compares the binary (send) form lets those
-- queries run, which also calls send on every comparison.
DO $$
DECLARE
	t record;
	op text;
BEGIN
	FOR t IN
		SELECT m.typ, ty.typname, ty.typsend::regproc AS send
		  FROM hz.member_types m JOIN pg_catalog.pg_type ty ON ty.oid = m.typ
		 WHERE NOT m.is_array AND ty.typsend <> 0
		   AND NOT EXISTS (SELECT FROM pg_catalog.pg_opclass c JOIN pg_catalog.pg_am a ON a.oid = c.opcmethod
		                    WHERE c.opcintype = m.typ AND c.opcdefault AND a.amname = 'btree')
	LOOP
		EXECUTE pg_catalog.format(
			'CREATE FUNCTION smith.%I(%s, %s) RETURNS int4 LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
			 AS ''SELECT pg_catalog.byteacmp(%s($1), %s($2))''',
			'hz_cmp_' || t.typname, t.typ, t.typ, t.send, t.send);
		FOREACH op IN ARRAY ARRAY['=', '<>', '<', '<=', '>', '>='] LOOP
			EXECUTE pg_catalog.format(
				'CREATE FUNCTION smith.%I(%s, %s) RETURNS bool LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
				 AS ''SELECT smith.%I($1, $2) %s 0''',
				'hz_' || md5(op) || '_' || t.typname, t.typ, t.typ, 'hz_cmp_' || t.typname, op);
			EXECUTE pg_catalog.format('CREATE OPERATOR smith.%s (LEFTARG = %s, RIGHTARG = %s, FUNCTION = smith.%I)',
				op, t.typ, t.typ, 'hz_' || md5(op) || '_' || t.typname);
		END LOOP;
		EXECUTE pg_catalog.format(
			'CREATE OPERATOR CLASS smith.%I DEFAULT FOR TYPE %s USING btree AS
			 OPERATOR 1 smith.< , OPERATOR 2 smith.<= , OPERATOR 3 smith.= , OPERATOR 4 smith.>= ,
			 OPERATOR 5 smith.> , FUNCTION 1 smith.%I(%s, %s)',
			'hz_ops_' || t.typname, t.typ, 'hz_cmp_' || t.typname, t.typ, t.typ);
	END LOOP;
END $$;

-- repeat() makes long text for our parsers, capped at 1 MB: uncapped it
-- reached ~1 GB, and on a 2-core machine loaded by other jobs a query that
-- applied core's text @@ text (from pg_operator) to such a string ran 10 s
-- past its statement_timeout, with no function of the extension on its
-- path, and the watchdog called it a hang.  The extension's own largest
-- inputs are cancelled by test/98_interrupts_memory.
CREATE FUNCTION smith.repeat_capped(t text, n integer) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN pg_catalog.repeat(t, LEAST(n, 1048576 / GREATEST(pg_catalog.octet_length(t), 1)));

CREATE TABLE hz.smith_core_helpers (sig pg_catalog.regprocedure);
INSERT INTO hz.smith_core_helpers
SELECT pg_catalog.to_regprocedure(s)
  FROM pg_catalog.unnest(ARRAY[
	'pg_catalog.float8(integer)', 'pg_catalog.float8(numeric)', 'pg_catalog.int8(integer)',
	'pg_catalog.int4(bigint)', 'pg_catalog.numeric(integer)', 'pg_catalog.float4(integer)',
	'pg_catalog.textout(text)', 'pg_catalog.textin(cstring)', 'smith.repeat_capped(text,integer)',
	'pg_catalog.string_to_array(text,text)', 'pg_catalog.decode(text,text)',
	'pg_catalog.to_timestamp(double precision)', 'pg_catalog.timezone(text,timestamp with time zone)',
	'pg_catalog.make_interval(integer,integer,integer,integer,integer,integer,double precision)',
	'pg_catalog.interval_mul(interval,double precision)']) s
 WHERE pg_catalog.to_regprocedure(s) IS NOT NULL;

CREATE VIEW information_schema.pg_proc AS
SELECT p.*
  FROM pg_catalog.pg_proc p
 WHERE p.oid IN (SELECT m.oid FROM hz.member_procs m)
    OR p.oid IN (SELECT h.sig FROM hz.smith_core_helpers h);

CREATE VIEW information_schema.pg_type AS
SELECT t.*
  FROM pg_catalog.pg_type t
 WHERE t.oid IN (
		SELECT pg_catalog.unnest(p.proargtypes::oid[] || p.prorettype) FROM information_schema.pg_proc p
		UNION SELECT o.oprleft FROM pg_catalog.pg_operator o
		UNION SELECT o.oprright FROM pg_catalog.pg_operator o
		UNION SELECT o.oprresult FROM pg_catalog.pg_operator o
		UNION SELECT a.atttypid FROM pg_catalog.pg_attribute a
		        JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
		       WHERE c.relnamespace = 'smith'::regnamespace
		UNION SELECT m.typ::oid FROM hz.member_types m
		UNION SELECT pg_catalog.unnest(ARRAY['bool', 'int4', 'internal', 'anyarray']::regtype[]::oid[]))
   -- composite row types of catalogs would shadow our views' names
   AND (t.typtype <> 'c' OR t.typnamespace = 'smith'::regnamespace);
