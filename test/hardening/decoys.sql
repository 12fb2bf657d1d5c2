-- Decoys for the hijack test, created by the unprivileged attacker role.
-- psql -v target=<schema> -f decoys.sql, as superuser; expects
--   hijack.specs(kind, name, args text[], exact)   from the scratch install
--   and the scripts: kind 'f' (function; args are regtype names, '@' + name
--   for one of the extension's own types) or 'o' (operator; args = {left,
--   right}); exact: one of the extension's own signatures (public only);
--   hijack.ext_types(name)                  the extension's type names.
-- Every decoy, when run, bumps the sequence hijack.hits (which a rollback
-- does not undo) and raises a WARNING naming itself.
\set ON_ERROR_STOP 1
SET client_min_messages = error;

-- Types the attacker may use: core ones, and decoy types with the extension's
-- type names, created in public (they would block CREATE TYPE in the target
-- schema, a clean failure, not a hijack) with implicit casts from text and
-- from integer, so that an unqualified type name resolving to public would
-- run attacker code.
CREATE FUNCTION hijack.decoy_body(what text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT pg_catalog.format($f$
BEGIN
	PERFORM pg_catalog.nextval('hijack.hits');
	RAISE WARNING 'DECOY RAN: %%', %L;
	RETURN NULL;
END $f$, what)
$$;

SET ROLE hijack_attacker;
DO $$
DECLARE
	t text;
BEGIN
	FOR t IN SELECT name FROM hijack.ext_types LOOP
		BEGIN
			EXECUTE pg_catalog.format('CREATE TYPE public.%I AS ENUM (''decoy'')', t);
			EXECUTE pg_catalog.format(
				'CREATE FUNCTION public.%I(text) RETURNS public.%I LANGUAGE plpgsql AS %L',
				'hijack_cast_' || t, t, hijack.decoy_body('cast text -> public.' || t));
			EXECUTE pg_catalog.format(
				'CREATE FUNCTION public.%I(integer) RETURNS public.%I LANGUAGE plpgsql AS %L',
				'hijack_cast_' || t, t, hijack.decoy_body('cast integer -> public.' || t));
			EXECUTE pg_catalog.format('CREATE CAST (text AS public.%I) WITH FUNCTION public.%I(text) AS IMPLICIT',
				t, 'hijack_cast_' || t);
			EXECUTE pg_catalog.format('CREATE CAST (integer AS public.%I) WITH FUNCTION public.%I(integer) AS IMPLICIT',
				t, 'hijack_cast_' || t);
		EXCEPTION WHEN OTHERS THEN
			RAISE WARNING 'decoy type %: %', t, SQLERRM;
		END;
	END LOOP;
END $$;

-- Functions and operators, in the target schema and in public.
CREATE TEMP TABLE decoy_made (kind text, sig text);
DO $$
DECLARE
	s record;
	nsp text;
	a text;
	args text[];
	typed text;
	ok boolean;
	n int := 0;
BEGIN
	FOR s IN SELECT * FROM hijack.specs ORDER BY kind, name, args LOOP
		FOREACH nsp IN ARRAY ARRAY[current_setting('hijack.target'), 'public'] LOOP
			args := '{}';
			ok := true;
			FOREACH a IN ARRAY s.args LOOP
				IF a LIKE '@%' THEN
					-- one of the extension's types: only the public decoy type exists
					ok := ok AND nsp = 'public';
					args := args || pg_catalog.format('public.%I', pg_catalog.substr(a, 2));
				ELSE
					args := args || a;
				END IF;
			END LOOP;
			CONTINUE WHEN NOT ok OR (s.exact AND nsp <> 'public');
			typed := pg_catalog.array_to_string(args, ', ');
			BEGIN
				IF s.kind = 'f' THEN
					EXECUTE pg_catalog.format('CREATE FUNCTION %I.%I(%s) RETURNS text LANGUAGE plpgsql AS %L',
						nsp, s.name, typed, hijack.decoy_body(pg_catalog.format('%s.%s(%s)', nsp, s.name, typed)));
				ELSE
					n := n + 1;
					EXECUTE pg_catalog.format('CREATE FUNCTION %I.%I(%s) RETURNS boolean LANGUAGE plpgsql AS %L',
						nsp, 'hijack_op_' || n, typed,
						hijack.decoy_body(pg_catalog.format('operator %s.%s(%s)', nsp, s.name, typed)));
					EXECUTE pg_catalog.format('CREATE OPERATOR %I.%s (LEFTARG = %s, RIGHTARG = %s, FUNCTION = %I.%I)',
						nsp, s.name, args[1], args[2], nsp, 'hijack_op_' || n);
				END IF;
				INSERT INTO decoy_made VALUES (s.kind, pg_catalog.format('%s.%s(%s)', nsp, s.name, typed));
			EXCEPTION WHEN OTHERS THEN
				NULL; -- duplicate (same signature from two sources), reserved word, ...
			END;
		END LOOP;
	END LOOP;
END $$;
RESET ROLE;
SELECT kind, pg_catalog.count(*) FROM decoy_made GROUP BY kind ORDER BY kind;
