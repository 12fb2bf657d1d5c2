#!/usr/bin/env bash
# The README against the installed extension:
#  1. every function, aggregate and type of the extension is named in the
#     README (in backquotes) and has a COMMENT;
#  2. every function named in a README reference table (rows that start with
#     "| `name(") exists in the extension;
#  3. every ```sql block of the README runs, in order, in a database holding
#     the demo data set (demo/schema.sql + demo/generate.sql).  Blocks whose
#     info string is "sql pg_cron" run in a second cluster with Debian's
#     pg_cron preloaded; "sql citus" blocks are checked by test/95_citus.sh
#     and skipped here; "sql norun" blocks are fragments (a reason must follow
#     "norun").
set -euo pipefail
source "$SM_ROOT/tools/lib.sh"
readme=$SM_ROOT/README.md
q() { psql -qXAt -v ON_ERROR_STOP=1 "$@"; }
fail=0

q -c 'CREATE EXTENSION social_metrics'
members="
SELECT kind, name, has_comment FROM (
  SELECT CASE p.prokind WHEN 'a' THEN 'aggregate' ELSE 'function' END AS kind,
         p.proname::text AS name, obj_description(p.oid, 'pg_proc') IS NOT NULL AS has_comment
    FROM pg_depend d JOIN pg_proc p ON p.oid = d.objid
   WHERE d.classid = 'pg_proc'::regclass AND d.deptype = 'e'
     AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'social_metrics')
  UNION ALL
  SELECT 'type', t.typname::text, obj_description(t.oid, 'pg_type') IS NOT NULL
    FROM pg_depend d JOIN pg_type t ON t.oid = d.objid
   WHERE d.classid = 'pg_type'::regclass AND d.deptype = 'e'
     AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'social_metrics')
) m ORDER BY 1, 2"

n=0
while IFS='|' read -r kind name has_comment; do
	n=$((n + 1))
	if ! grep -q "\`$name[(\` ]" "$readme" && ! grep -q "\`$name\`" "$readme"; then
		echo "not documented in README.md: $kind $name"
		fail=1
	fi
	if [ "$has_comment" != t ]; then
		echo "no COMMENT ON: $kind $name"
		fail=1
	fi
done < <(q -F'|' -c "$members")
echo "extension members checked: $n"
[ "$n" -gt 0 ] || { echo "the extension has no members?"; fail=1; }

# 2. Names in the reference tables exist.
mapfile -t named < <(grep -oE '^\| *`[a-z_][a-z0-9_]*\(' "$readme" | sed -E 's/^\| *`//; s/\($//' | sort -u)
for name in "${named[@]}"; do
	if [ "$(q -c "SELECT count(*) FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass AND d.deptype = 'e' JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'social_metrics' WHERE p.proname = '$name'")" = 0 ]; then
		echo "README names $name(...), which the extension does not have"
		fail=1
	fi
done
echo "reference-table functions checked: ${#named[@]}"

# 3. The SQL examples.
blocks=$SM_TMP/blocks
mkdir -p "$blocks"
awk -v dir="$blocks" '
	/^```sql/ { inblock = 1; n++; info = $0; sub(/^```sql */, "", info);
	            f = sprintf("%s/%03d.sql", dir, n); printf "-- %s\n", info > f; next }
	/^```/ && inblock { inblock = 0; close(f); next }
	inblock { print > f }
' "$readme"
q -f "$SM_ROOT/demo/schema.sql" >/dev/null
q -f "$SM_ROOT/demo/generate.sql" >/dev/null

cron_blocks=()
ran=0 skipped=0
for f in "$blocks"/*.sql; do
	[ -e "$f" ] || continue
	info=$(head -n 1 "$f" | sed 's/^-- //')
	case $info in
	citus*) skipped=$((skipped + 1)); continue ;;
	norun*)
		[ -n "${info#norun}" ] || { echo "$(basename "$f"): norun without a reason"; fail=1; }
		skipped=$((skipped + 1)); continue ;;
	pg_cron*) cron_blocks+=("$f"); continue ;;
	esac
	if ! out=$(q -f "$f" 2>&1 >/dev/null); then
		echo "README SQL block $(basename "$f" .sql) failed:"; sed 's/^/    /' "$f"; echo "$out" | sed 's/^/  ! /'
		fail=1
	fi
	ran=$((ran + 1))
done

if [ ${#cron_blocks[@]} -gt 0 ]; then
	# A second cluster with pg_cron preloaded, as the recipe needs.
	main_host=$PGHOST
	SM_BIN=$SM_BIN sm_cluster_start "$SM_TMP/cron" "shared_preload_libraries=pg_cron" "cron.database_name=postgres"
	trap 'sm_cluster_stop' EXIT
	q -d postgres -c 'CREATE EXTENSION social_metrics' -c 'CREATE EXTENSION pg_cron'
	q -d postgres -f "$SM_ROOT/demo/schema.sql" >/dev/null
	q -d postgres -f "$SM_ROOT/demo/generate.sql" >/dev/null
	for f in "${cron_blocks[@]}"; do
		if ! out=$(q -d postgres -f "$f" 2>&1 >/dev/null); then
			echo "README SQL block $(basename "$f" .sql) (pg_cron) failed:"; sed 's/^/    /' "$f"; echo "$out" | sed 's/^/  ! /'
			fail=1
		fi
		ran=$((ran + 1))
	done
	sm_cluster_stop
	export PGHOST=$main_host
fi
echo "README SQL blocks: $ran ran, $skipped skipped (citus/norun)"
[ "$ran" -gt 0 ] || { echo "no SQL block ran"; fail=1; }
exit $fail
