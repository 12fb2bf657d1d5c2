#!/usr/bin/env bash
# Install-script hijack test.  An unprivileged role with CREATE on the target
# schema and on public pre-creates decoys: functions named like the
# extension's functions and like every function its scripts call (the same
# and more specific argument types), operators, and types named like the
# extension's types with implicit casts.  Each decoy bumps a sequence and
# raises a WARNING when it runs.  Then, as superuser:
#   A. CREATE EXTENSION ... SCHEMA target, and every function, aggregate and
#      window function of the extension called (qualified) with sample
#      arguments under search_path = public, target;
#   B. CREATE EXTENSION with target first in search_path (no SCHEMA clause);
#   C. every ALTER EXTENSION UPDATE path (pg_extension_update_paths);
#   D. the same install by a non-superuser, through a copy of the control
#      file marked trusted = true (what `trusted = true` would allow);
#   E. a same-signature function pre-created in the target schema makes
#      CREATE EXTENSION fail cleanly (no CREATE OR REPLACE adopts it).
# The decoys must run 0 times.  The install and update scripts are also
# checked statically (test/hardening/check_scripts.py): no CREATE OR REPLACE,
# every object created as @extschema@.name, support functions qualified.
source "$(dirname "${BASH_SOURCE[0]}")/hardening/lib.sh"

OUT=${SM_TMP:-$(mktemp -d)}
DB=$PGDATABASE
SCRATCH=${DB}_scratch
ATTACKER=hijack_attacker
INSTALLER=hijack_installer
TARGET=sm_target
extdir=$("$SM_BIN/pg_config" --sharedir)/extension
PROBE=hz_trusted_probe
status=0

cleanup() {
	rm -f "$extdir/$PROBE.control" "$extdir/$PROBE"--*.sql
	hz_sql -d postgres -c "DROP DATABASE IF EXISTS $SCRATCH" >/dev/null 2>&1 || true
	for r in $ATTACKER $INSTALLER; do
		hz_sql -c "DROP OWNED BY $r CASCADE" >/dev/null 2>&1 || true
		hz_sql -d postgres -c "DROP ROLE IF EXISTS $r" >/dev/null 2>&1 || true
	done
}
trap cleanup EXIT
cleanup

# 1. Static checks of every shipped script of the extension.
mapfile -t scripts < <(ls -1 "$extdir/$HZ_EXT"--*.sql)
echo "scripts: ${scripts[*]##*/}"
set +e
python3 "$HZ_DIR/check_scripts.py" "${scripts[@]}" >"$OUT/static"
rc=$?
set -e
grep -v '^CALLED: ' "$OUT/static" | sed "s|$extdir/||" | sed 's/^/    /' | head -40 || true
nstatic=$(grep -vc '^CALLED: ' "$OUT/static" || true)
echo "static findings: $nstatic"
[ $rc -eq 0 ] || status=1
called=$(sed -n 's/^CALLED: //p' "$OUT/static")

# 2. What to imitate: a scratch install's functions, operators and types.
hz_sql -d postgres -c "CREATE DATABASE $SCRATCH" >/dev/null
hz_sql -d "$SCRATCH" -c "CREATE EXTENSION $HZ_EXT CASCADE" >/dev/null
hz_sql -d "$SCRATCH" -v ext="$HZ_EXT" -f "$HZ_DIR/catalog.sql" >/dev/null
hz_sql -d "$SCRATCH" -F $'\t' -v called="$called" >"$OUT/specs.tsv" <<'SQL'
-- the extension's type names
WITH et AS (SELECT t.oid, t.typname FROM pg_type t WHERE t.oid IN (SELECT typ FROM hz.member_types)),
-- an argument type as the decoys write it: '@name' for the extension's types
argt AS (
	SELECT p.oid, p.proname, a.ord,
	       CASE WHEN a.t IN (SELECT oid FROM et) THEN '@' || (SELECT typname FROM et WHERE et.oid = a.t)
	            ELSE format_type(a.t, NULL) END AS typ,
	       -- a more specific type that an unqualified call could prefer
	       CASE format_type(a.t, NULL)
	            WHEN 'bigint' THEN 'integer' WHEN 'double precision' THEN 'integer' WHEN 'real' THEN 'integer'
	            WHEN 'numeric' THEN 'integer' WHEN 'integer' THEN 'smallint' WHEN 'text' THEN 'character varying'
	            WHEN 'timestamp with time zone' THEN 'timestamp without time zone'
	            WHEN 'double precision[]' THEN 'integer[]' END AS narrower
	  FROM hz.member_procs p, unnest(p.proargtypes::oid[]) WITH ORDINALITY a(t, ord)
	 WHERE p.proargtypes::oid[] <> '{}'),
exact AS (
	SELECT proname, array_agg(typ ORDER BY ord) AS args FROM argt GROUP BY oid, proname
	UNION SELECT proname, '{}' FROM hz.member_procs WHERE proargtypes::oid[] = '{}'),
sigs AS (
	-- the exact signature, all arguments narrowed, one argument narrowed
	SELECT proname, args FROM exact
	UNION SELECT proname, array_agg(coalesce(narrower, typ) ORDER BY ord) FROM argt GROUP BY oid, proname
	UNION SELECT x.proname, array_agg(CASE WHEN a.ord = x.ord THEN coalesce(a.narrower, a.typ) ELSE a.typ END ORDER BY a.ord)
	        FROM argt x JOIN argt a ON a.oid = x.oid WHERE x.narrower IS NOT NULL GROUP BY x.oid, x.proname, x.ord),
generic AS (
	SELECT unnest(ARRAY['{}', '{text}', '{integer}', '{bigint}', '{"double precision"}', '{anyelement}',
	                    '{text,text}', '{integer,integer}', '{anyelement,anyelement}', '{unknown}']::text[]) AS args),
names AS (
	SELECT DISTINCT proname AS name FROM hz.member_procs
	UNION SELECT unnest(string_to_array(:'called', ' ')) WHERE :'called' <> '')
-- exact: the signature of one of the extension's functions, which can only be
-- pre-created outside the target schema (inside, it blocks the install: E)
SELECT kind, name, args, (name, args) IN (SELECT proname, args FROM exact) AS exact FROM (
SELECT 'f' AS kind, proname AS name, args FROM sigs
UNION SELECT 'f', n.name, g.args::text[] FROM names n, generic g
UNION
-- operators the extension defines and common ones, on pairs of a type
SELECT 'o', o.name, ARRAY[t.t, t.t]
  FROM (SELECT DISTINCT oprname AS name FROM pg_operator
         WHERE oid IN (SELECT objid FROM pg_depend WHERE refobjid = (SELECT oid FROM hz.ext) AND deptype = 'e')
        UNION SELECT unnest('{=,<>,<,>,<=,>=,+,-,*,/,%,||,~,@>,<@,&&,->>,#>}'::text[])) o,
       (SELECT unnest(ARRAY['integer', 'bigint', 'double precision', 'numeric', 'text', 'boolean',
                            'timestamp with time zone', 'interval', 'smallint', 'date']) AS t
        UNION SELECT '@' || typname FROM et) t) specs
SQL
hz_sql -d "$SCRATCH" -c "SELECT typname FROM pg_type WHERE oid IN (SELECT typ FROM hz.member_types WHERE NOT is_array)" \
	>"$OUT/ext_types"
updates=$(hz_sql -d "$SCRATCH" -F ' ' -c "SELECT source, target FROM pg_extension_update_paths('$HZ_EXT')
	WHERE path IS NOT NULL ORDER BY 1, 2")
exact=$(hz_sql -d "$SCRATCH" -c "SELECT format('%I(%s)', proname, oidvectortypes(proargtypes))
	FROM hz.member_procs p WHERE prokind = 'f' AND NOT EXISTS (SELECT FROM unnest(p.proargtypes::oid[]) a
		WHERE a IN (SELECT typ FROM hz.member_types) OR a = 'internal'::regtype OR a = 'cstring'::regtype)
	ORDER BY oid LIMIT 1")
hz_sql -d postgres -c "DROP DATABASE $SCRATCH" >/dev/null

# 3. The attacker, the schemas, and the hit counter.
hz_sql -d postgres -c "CREATE ROLE $ATTACKER NOLOGIN" -c "CREATE ROLE $INSTALLER NOLOGIN" >/dev/null
hz_sql >/dev/null <<SQL
DROP EXTENSION IF EXISTS $HZ_EXT CASCADE;
DROP SCHEMA IF EXISTS $TARGET, hijack CASCADE;
CREATE SCHEMA $TARGET;
GRANT CREATE, USAGE ON SCHEMA $TARGET, public TO $ATTACKER;
CREATE SCHEMA hijack;
GRANT USAGE ON SCHEMA hijack TO PUBLIC;
CREATE SEQUENCE hijack.hits;
GRANT USAGE, SELECT, UPDATE ON SEQUENCE hijack.hits TO PUBLIC;
CREATE TABLE hijack.specs (kind text, name text, args text[], exact boolean);
CREATE TABLE hijack.ext_types (name text);
GRANT SELECT ON ALL TABLES IN SCHEMA hijack TO PUBLIC;
SQL
hz_sql -c "\\copy hijack.specs FROM '$OUT/specs.tsv'"
hz_sql -c "\\copy hijack.ext_types FROM '$OUT/ext_types'"
hz_sql -c "SET hijack.target = '$TARGET'" -f "$HZ_DIR/decoys.sql" -F ' ' >"$OUT/made" 2>"$OUT/made.err" || {
	cat "$OUT/made.err"; exit 1; }
hz_sql -c "GRANT EXECUTE ON FUNCTION hijack.decoy_body(text) TO PUBLIC" >/dev/null
echo "decoys: $(hz_sql -c "SELECT count(*) FROM pg_proc WHERE proowner = '$ATTACKER'::regrole") functions, $(
	hz_sql -c "SELECT count(*) FROM pg_operator WHERE oprowner = '$ATTACKER'::regrole") operators, $(
	hz_sql -c "SELECT count(*) FROM pg_type WHERE typowner = '$ATTACKER'::regrole AND typtype = 'e'") types, $(
	hz_sql -c "SELECT count(*) FROM pg_cast c JOIN pg_type t ON t.oid = c.casttarget WHERE t.typowner = '$ATTACKER'::regrole") casts (in $TARGET and public)"

hits() { hz_sql -c "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM hijack.hits"; }
total_before=$(hits)
# run_case NAME SQL...: run as superuser; report decoys that ran
run_case() {
	local name=$1 before after out
	shift
	before=$(hits)
	set +e
	out=$(hz_sql "$@" 2>&1)
	local rc=$?
	set -e
	after=$(hits)
	printf '%-60s decoys run: %s%s\n' "$name" $((after - before)) "$([ $rc -eq 0 ] || echo "  (ERROR: $(grep -m1 ERROR <<<"$out" | cut -c1-120))")"
	grep 'DECOY RAN' <<<"$out" | sort | uniq -c | head -10 | sed 's/^/      /' || true
	CASE_RC=$rc
}

# A. plain install into the target schema, then call everything
run_case "A. CREATE EXTENSION $HZ_EXT SCHEMA $TARGET" -c "CREATE EXTENSION $HZ_EXT SCHEMA $TARGET"
if [ $CASE_RC -ne 0 ]; then
	echo "the install failed with the decoys in place"
	exit 1
fi
PGOPTIONS="-c search_path=pg_catalog" hz_setup_catalog
PGOPTIONS="-c search_path=pg_catalog" hz_sql -f "$HZ_DIR/labels.sql" >/dev/null
# calls with sample arguments (the NULL-call statements with the NULLs
# replaced by samples too), qualified, under a search_path with public first
PGOPTIONS="-c search_path=pg_catalog" hz_sql -c "SELECT DISTINCT stmt || ';' FROM (SELECT stmt FROM hz.null_calls()
	WHERE nullarg >= 0 UNION ALL SELECT stmt FROM hz.sample_calls()) s" >"$OUT/calls.sql"
before=$(hits)
PGOPTIONS="-c search_path=public,$TARGET -c statement_timeout=10s" "$SM_BIN/psql" -qXAt -f "$OUT/calls.sql" \
	>"$OUT/calls.out" 2>&1 || true
hz_wait_server # (a crash is test 94's business)
ncalls=$(grep -c . "$OUT/calls.sql" || true)
printf '%-60s decoys run: %s\n' "A. $ncalls calls of its functions, search_path = public, $TARGET" $(($(hits) - before))
grep 'DECOY RAN' "$OUT/calls.out" | sort | uniq -c | head -10 | sed 's/^/      /' || true
hz_sql -c "DROP SCHEMA hz CASCADE" -c "DROP EXTENSION $HZ_EXT" >/dev/null

# B. target first in search_path, no SCHEMA clause
run_case "B. SET search_path = $TARGET, public; CREATE EXTENSION" \
	-c "SET search_path = $TARGET, public" -c "CREATE EXTENSION $HZ_EXT" -c "DROP EXTENSION $HZ_EXT"
[ $CASE_RC -eq 0 ] || status=1

# C. every update path
nupdates=0
while read -r from to; do
	[ -n "$from" ] || continue
	nupdates=$((nupdates + 1))
	run_case "C. $from -> $to" -c "SET search_path = $TARGET, public" \
		-c "CREATE EXTENSION $HZ_EXT SCHEMA $TARGET VERSION '$from'" \
		-c "ALTER EXTENSION $HZ_EXT UPDATE TO '$to'" -c "DROP EXTENSION $HZ_EXT"
	[ $CASE_RC -eq 0 ] || status=1
done <<<"$updates"
echo "update paths: $nupdates"

# D. a non-superuser installs a trusted copy
{ grep -v '^ *trusted' "$extdir/$HZ_EXT.control"; echo "trusted = true"; } >"$extdir/$PROBE.control"
for f in "$extdir/$HZ_EXT"--*.sql; do cp "$f" "$extdir/$PROBE--${f#"$extdir/$HZ_EXT--"}"; done
hz_sql -c "GRANT CREATE ON DATABASE $DB TO $INSTALLER" -c "GRANT CREATE, USAGE ON SCHEMA $TARGET TO $INSTALLER" >/dev/null
run_case "D. as a non-superuser: CREATE EXTENSION (trusted copy)" -c "SET ROLE $INSTALLER" \
	-c "CREATE EXTENSION $PROBE SCHEMA $TARGET" -c "DROP EXTENSION $PROBE"
trusted_ok=$CASE_RC

# E. a same-signature function in the target schema
if [ -n "$exact" ]; then
	hz_sql -c "SET ROLE $ATTACKER" -c "CREATE FUNCTION $TARGET.$exact RETURNS text LANGUAGE plpgsql AS \$\$ BEGIN PERFORM pg_catalog.nextval('hijack.hits'); RAISE WARNING 'DECOY RAN: pre-created $exact'; RETURN NULL; END \$\$" >/dev/null
	run_case "E. $TARGET.$exact pre-created: CREATE EXTENSION must fail" -c "CREATE EXTENSION $HZ_EXT SCHEMA $TARGET"
	owner=$(hz_sql -c "SELECT proowner::regrole FROM pg_proc WHERE oid = '$TARGET.$exact'::regprocedure")
	echo "   the function is still owned by: $owner"
	if [ $CASE_RC -eq 0 ] || [ "$owner" != "$ATTACKER" ]; then
		status=1
		echo "   FAIL: the install adopted or replaced the attacker's function"
	fi
	hz_sql -c "DROP EXTENSION IF EXISTS $HZ_EXT" -c "DROP FUNCTION $TARGET.$exact" >/dev/null 2>&1 || true
fi

total=$(($(hits) - total_before))
echo "decoys executed: $total"
[ "$total" -eq 0 ] || status=1
if [ $status -eq 0 ] && [ "$trusted_ok" -eq 0 ]; then
	echo "trusted: a non-superuser installed it with the decoys in place and none ran: trusted = true is safe to propose"
elif [ "$trusted_ok" -ne 0 ]; then
	echo "trusted: the non-superuser install failed (see D): do not mark trusted"
fi
exit $status
