#!/usr/bin/env bash
# Transition functions called without a call expression, as Citus's
# worker_partial_agg and worker_binary_partial_agg call them (fmgr_info on
# the function's OID; get_fn_expr_argtype() then finds nothing).  No Citus
# needed: test/unit/test_helpers.c, built here and loaded from this test's
# scratch directory, makes such calls.
#
# For every aggregate of the extension whose transition function takes a
# conversation id (bigint, text or uuid; found in the catalog, so new ones
# are picked up), the messages below are folded row by row twice: once
# through an ordinary SQL call of the transition function, once through the
# helper.  Both states must print the same, and the final function of the
# helper's state must equal the aggregate itself over the same rows.  Other
# arguments get constants: target 3600 s, a business calendar, mode 'every'.
# Text ids include 1- to 3-byte ticket numbers.
set -euo pipefail
: "${SM_TMP:?}" "${SM_BIN:?}"
ROOT=${SM_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
PG_CONFIG=/usr/lib/postgresql/$SM_PGVER/bin/pg_config

cc -O1 -fPIC -shared -Wall -Werror -I"$("$PG_CONFIG" --includedir-server)" \
	-o "$SM_TMP/test_helpers.so" "$ROOT/test/unit/test_helpers.c"
chmod a+r "$SM_TMP/test_helpers.so"

"$SM_BIN/psql" -qXAt -v ON_ERROR_STOP=1 -v lib="$SM_TMP/test_helpers.so" <<'SQL' >"$SM_TMP/out.txt" 2>&1
CREATE EXTENSION IF NOT EXISTS social_metrics;
CREATE FUNCTION sm_test_call_noexpr(regprocedure, VARIADIC "any") RETURNS text
	AS :'lib', 'sm_test_call_noexpr' LANGUAGE C;

-- 40 conversations of 1-6 messages, customer and brand turns, ties,
-- unanswered ones; ids as bigint, short text ticket numbers and uuid.
CREATE TABLE msgs AS
SELECT c::bigint AS cid, (c * 7 % 997)::text AS tid, md5('c' || c)::uuid AS uid,
	timestamptz '2026-03-06 15:30:00+00' + c * interval '47 min' + k * interval '13 min'
		+ ((c * 31 + k * 17) % 5) * interval '1 min' AS at,
	k > 0 AND (c + k) % 3 <> 0 AS from_brand
FROM generate_series(1, 40) c, generate_series(0, 5) k
WHERE k <= c % 6;

DO $$
DECLARE
	a record;
	r record;
	idcol text;
	extra text;
	s1 text;
	s2 text;
	f1 text;
	f2 text;
BEGIN
	FOR a IN
		SELECT p.oid::regprocedure AS agg, p.proname, g.aggtransfn::regprocedure AS tf,
			g.aggfinalfn AS ff, g.aggtranstype::regtype AS st, t.proargtypes AS targs,
			p.proargtypes AS aargs
		FROM pg_aggregate g
		JOIN pg_proc p ON p.oid = g.aggfnoid
		JOIN pg_proc t ON t.oid = g.aggtransfn
		JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
		JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'social_metrics'
		WHERE t.proargtypes[1] IN ('int8'::regtype, 'text'::regtype, 'uuid'::regtype)
			AND t.proargtypes[2] = 'timestamptz'::regtype AND t.proargtypes[3] = 'bool'::regtype
		ORDER BY 1::text
	LOOP
		idcol := CASE a.targs[1] WHEN 'int8'::regtype THEN 'cid' WHEN 'text'::regtype THEN 'tid' ELSE 'uid' END;
		SELECT coalesce(string_agg(', ' || CASE u.t
				WHEN 'float8'::regtype THEN '3600::float8'
				WHEN 'text'::regtype THEN '''every''::text'
				ELSE quote_literal('Europe/Helsinki; mon-fri 09:00-17:00') || '::' || u.t::regtype::text END,
				'' ORDER BY u.o), '')
			INTO extra
			FROM unnest(a.targs[4:]) WITH ORDINALITY AS u(t, o);
		s1 := NULL;
		s2 := NULL;
		BEGIN
			-- the id as text, cast back in each call: r's type must not
			-- change from one aggregate to the next
			FOR r IN EXECUTE format('SELECT %s::text AS id, at, from_brand FROM msgs ORDER BY at, cid', idcol) LOOP
				EXECUTE format('SELECT %s($1::%s, $2::%s, $3, $4%s)::text', a.tf::oid::regproc, a.st, a.targs[1]::regtype, extra)
					INTO s1 USING s1, r.id, r.at, r.from_brand;
				EXECUTE format('SELECT sm_test_call_noexpr(%L::regprocedure, $1::%s, $2::%s, $3, $4%s)', a.tf, a.st, a.targs[1]::regtype, extra)
					INTO s2 USING s2, r.id, r.at, r.from_brand;
			END LOOP;
			-- an aggregate without a final function (first_reply_pairing)
			-- returns its state
			IF a.ff = 0 THEN
				f2 := s2;
			ELSE
				EXECUTE format('SELECT %s($1::%s)::text', a.ff::regproc, a.st) INTO f2 USING s2;
			END IF;
			EXECUTE format('SELECT %s(%s, at, from_brand%s)::text FROM msgs', a.proname, idcol, extra) INTO f1;
			IF s1 IS DISTINCT FROM s2 THEN
				RAISE NOTICE 'FAIL % state without an expression differs: % / %', a.agg, left(s1, 80), left(s2, 80);
			ELSIF f1 IS DISTINCT FROM f2 THEN
				RAISE NOTICE 'FAIL % final of the state / aggregate: % / %', a.agg, left(f2, 80), left(f1, 80);
			ELSE
				RAISE NOTICE 'ok %: same state and result without a call expression (% chars)', a.agg, length(s2);
			END IF;
		EXCEPTION WHEN OTHERS THEN
			RAISE NOTICE 'FAIL %: % (SQLSTATE %)', a.agg, SQLERRM, SQLSTATE;
		END;
	END LOOP;
END
$$;
SQL
sed -nE 's/^(psql:[^N]*)?NOTICE: +//p' "$SM_TMP/out.txt"
grep -E 'ERROR' "$SM_TMP/out.txt" && exit 1
ok=$(grep -cE 'NOTICE: +ok ' "$SM_TMP/out.txt" || true)
bad=$(grep -cE 'NOTICE: +FAIL ' "$SM_TMP/out.txt" || true)
echo "$ok aggregates with a conversation id called without an expression, $bad failed"
# 1.1.0 has 24 such overloads (first_reply_sketch, unanswered_*, sla_attainment,
# reply_wait_sketch); fewer means the catalog query lost some
[ "$ok" -ge 24 ] && [ "$bad" -eq 0 ]
