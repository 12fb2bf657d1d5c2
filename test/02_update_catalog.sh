#!/usr/bin/env bash
# A database created at the oldest released version and walked through
# ALTER EXTENSION UPDATE has exactly the objects of a fresh install of the
# newest version: same members, definitions, labels, comments and ACLs.
#
# The comparison is pg_dump --binary-upgrade, the one mode in which pg_dump
# writes out every member of an extension (with ALTER EXTENSION ... ADD);
# only the OIDs it pins, which differ between any two databases, are dropped.
set -euo pipefail

oldest=$(cd "$SM_SANDBOX" && find . -name 'social_metrics--*.sql' ! -name '*--*--*' |
	sed 's/.*social_metrics--\(.*\)\.sql/\1/' | sort -V | head -n 1)
newest=$(psql -qXAt -c "SELECT default_version FROM pg_available_extensions WHERE name = 'social_metrics'")
echo "update chain $oldest -> $newest"

psql -qX -d postgres -c "DROP DATABASE IF EXISTS sm_fresh" -c "DROP DATABASE IF EXISTS sm_updated" \
	-c "CREATE DATABASE sm_fresh" -c "CREATE DATABASE sm_updated" >/dev/null
psql -qX -v ON_ERROR_STOP=1 -d sm_fresh -c "CREATE EXTENSION social_metrics"
psql -qX -v ON_ERROR_STOP=1 -d sm_updated -c "CREATE EXTENSION social_metrics VERSION '$oldest'" \
	-c "ALTER EXTENSION social_metrics UPDATE"

dump() {
	"$SM_BIN/pg_dump" --schema-only --binary-upgrade -d "$1" |
		grep -Ev 'binary_upgrade_set_next_|^\\(un)?restrict ' >"$SM_TMP/$1.sql"
}
dump sm_fresh
dump sm_updated

members=$(grep -c '^ALTER EXTENSION social_metrics ADD ' "$SM_TMP/sm_fresh.sql" || true)
echo "members of the fresh install: $members"
# A dump that lost the members would compare equal to another empty one.
[ "$members" -ge 100 ] || { echo "expected at least 100 members"; exit 1; }
for db in sm_fresh sm_updated; do
	v=$(psql -qXAt -d $db -c "SELECT extversion FROM pg_extension WHERE extname = 'social_metrics'")
	[ "$v" = "$newest" ] || { echo "$db is at $v, not $newest"; exit 1; }
done
if ! diff -u "$SM_TMP/sm_updated.sql" "$SM_TMP/sm_fresh.sql" >"$SM_TMP/diff"; then
	echo "catalogs differ (- updated from $oldest, + fresh $newest):"
	head -n 80 "$SM_TMP/diff"
	exit 1
fi
echo "catalogs identical"
