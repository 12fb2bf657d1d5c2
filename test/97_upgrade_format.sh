#!/usr/bin/env bash
# Upgrade and on-disk format safety, for every type of the extension that has
# golden values (test/data/golden/<version>/<type>.txt: one text form per
# line; <type>.hex: the binary (send) form of the same value, hex, per line):
#   1. golden values of every released version read back identically: the
#      text parses and prints to the same text and sends the same bytes; the
#      bytes received through COPY (FORMAT binary) print to the same text;
#   2. a materialized view holding values of the type (golden ones, and ones
#      built by the extension's aggregates) survives ALTER EXTENSION UPDATE
#      from every older version (same text after the update, and after
#      REFRESH) and a pg_dump / pg_restore round trip;
#   3. test/data/golden/future.tsv: values carrying a version the reader does
#      not know (a future format) get a clean ERROR with the SQLSTATE listed.
#
# New release: SM_GOLDEN_WRITE=1 bash tools/test.sh 97_upgrade writes
# test/data/golden/<default version>/ from deterministic values (derived by
# the extension's own aggregates over generated rows) if it does not exist
# yet; a released version's files never change.
source "$(dirname "${BASH_SOURCE[0]}")/hardening/lib.sh"

GOLDEN=${SM_GOLDEN_DIR:-$SM_ROOT/test/data/golden}
OUT=${SM_TMP:-$(mktemp -d)}/upgrade
rm -rf "$OUT"
mkdir -p "$OUT"
[ "$(id -u)" -eq 0 ] && chown postgres: "$OUT"
DB=$PGDATABASE
status=0

hz_sql -c "CREATE EXTENSION IF NOT EXISTS $HZ_EXT CASCADE"
PGOPTIONS="$PGOPTIONS -c search_path=pg_catalog" hz_setup_catalog
extschema=$(hz_sql -c "SELECT nsp FROM hz.ext")
current=$(hz_sql -c "SELECT default_version FROM pg_available_extensions WHERE name = '$HZ_EXT'")
export PGOPTIONS="$PGOPTIONS -c search_path=$extschema,pg_catalog"
# the extension's base types that have a binary form
mapfile -t types < <(hz_sql -c "SELECT t.typname FROM pg_type t JOIN hz.member_types m ON m.typ = t.oid
	WHERE NOT m.is_array AND t.typsend <> 0 AND t.typreceive <> 0 ORDER BY 1")
echo "types: ${types[*]:-none}; current version $current"

if [ -n "${SM_GOLDEN_WRITE:-}" ]; then
	dir=$GOLDEN/$current
	if [ -d "$dir" ]; then
		echo "$dir exists: golden values of a released version never change"
	else
		mkdir -p "$dir"
		for t in "${types[@]}"; do
			# COPY text format, as the reader below reads it (backslashes doubled)
			hz_sql -c "\\copy (SELECT s.lit FROM hz.samples s WHERE s.typ = '$t'::regtype ORDER BY s.n) TO '$dir/$t.txt'"
			hz_sql -c "SELECT encode($(hz_sql -c "SELECT typsend::regproc FROM pg_type WHERE oid = '$t'::regtype")(s.lit::$t), 'hex')
				FROM hz.samples s WHERE s.typ = '$t'::regtype ORDER BY s.n" \
				>"$dir/$t.hex"
			echo "wrote $dir/$t.txt and .hex: $(wc -l <"$dir/$t.txt") values"
		done
	fi
fi

# A binary COPY file (PGCOPY header, one column per tuple) from hex lines.
hex_to_copy() {
	python3 - "$1" "$2" <<'PY'
import struct, sys
rows = [bytes.fromhex(l.strip()) for l in open(sys.argv[1]) if l.strip()]
with open(sys.argv[2], "wb") as f:
    f.write(b"PGCOPY\n\xff\r\n\x00" + struct.pack("!ii", 0, 0))
    for r in rows:
        f.write(struct.pack("!hi", 1, len(r)) + r)
    f.write(struct.pack("!h", -1))
PY
}

# 1. golden values of every version
nchecked=0
for vdir in "$GOLDEN"/*/; do
	[ -d "$vdir" ] || continue
	v=$(basename "$vdir")
	for t in "${types[@]}"; do
		[ -f "$vdir/$t.txt" ] || continue
		n=$(grep -c . "$vdir/$t.txt")
		hz_sql -c "DROP TABLE IF EXISTS golden_txt, golden_hex, golden_bin" \
			-c "CREATE TABLE golden_txt (n serial, lit text)" -c "CREATE TABLE golden_hex (n serial, hex text)" \
			-c "CREATE TABLE golden_bin (n serial, v $t)" >/dev/null
		hz_sql -c "\\copy golden_txt (lit) FROM '$vdir/$t.txt'"
		bad_text=$(hz_sql -c "SELECT count(*) FROM golden_txt WHERE lit::$t::text IS DISTINCT FROM lit")
		bad_send=0 bad_recv=0
		send=$(hz_sql -c "SELECT typsend::regproc FROM pg_type WHERE oid = '$t'::regtype")
		if [ -f "$vdir/$t.hex" ]; then
			hz_sql -c "\\copy golden_hex (hex) FROM '$vdir/$t.hex'"
			bad_send=$(hz_sql -c "SELECT count(*) FROM golden_txt g JOIN golden_hex h USING (n)
				WHERE encode($send(g.lit::$t), 'hex') IS DISTINCT FROM h.hex")
			hex_to_copy "$vdir/$t.hex" "$OUT/golden.bin"
			hz_sql -c "\\copy golden_bin (v) FROM '$OUT/golden.bin' WITH (FORMAT binary)"
			bad_recv=$(hz_sql -c "SELECT count(*) FROM golden_txt g JOIN golden_bin b USING (n)
				WHERE b.v::text IS DISTINCT FROM g.lit")
		fi
		printf 'golden %-8s %-20s %4d values: text changed %s, send changed %s, received differently %s\n' \
			"$v" "$t" "$n" "$bad_text" "$bad_send" "$bad_recv"
		nchecked=$((nchecked + n))
		[ "$bad_text$bad_send$bad_recv" = 000 ] || status=1
	done
done
echo "golden values checked: $nchecked"

# 2. a materialized view through every update path and a dump/restore
snapshot() { # the text of every value of the view, and its binary form
	hz_sql -d "$1" -c "SELECT k, c, v::text, encode($2(v), 'hex') FROM golden_mv ORDER BY k"
}
oldest_dir=$(ls -d "$GOLDEN"/*/ 2>/dev/null | sort -V | head -n 1 || true)
for t in "${types[@]}"; do
	send=$(hz_sql -c "SELECT typsend::regproc FROM pg_type WHERE oid = '$t'::regtype")
	while read -r from to; do
		[ -n "$from" ] || continue
		db=${DB}_up
		hz_sql -d postgres -c "DROP DATABASE IF EXISTS $db" -c "DROP DATABASE IF EXISTS ${db}_r" \
			-c "CREATE DATABASE $db" >/dev/null
		hz_sql -d "$db" -c "CREATE EXTENSION $HZ_EXT VERSION '$from' CASCADE" >/dev/null
		# a type added after $from has no stored values to carry over
		if [ -z "$(hz_sql -d "$db" -c "SELECT to_regtype('$t')")" ]; then
			echo "    materialized view of $t, $from -> $to: skipped ($t is newer than $from)"
			continue
		fi
		# the old version's own aggregates build values in the view
		PGOPTIONS="$PGOPTIONS -c search_path=pg_catalog" hz_setup_catalog -d "$db"
		PGOPTIONS="$PGOPTIONS -c search_path=pg_catalog" hz_sql -d "$db" -f "$HZ_DIR/big.sql" >/dev/null
		hz_sql -d "$db" -c "CREATE TABLE golden_src (k int, c text, lit text)" >/dev/null
		if [ -n "$oldest_dir" ] && [ -f "$oldest_dir/$t.txt" ]; then
			hz_sql -d "$db" -c "CREATE TEMP TABLE l (lit text)" -c "\\copy l FROM '$oldest_dir/$t.txt'" \
				-c "INSERT INTO golden_src SELECT row_number() OVER (), 'golden $(basename "$oldest_dir")', lit FROM l" >/dev/null
		fi
		def=$(hz_sql -d "$db" -c "SELECT string_agg(format(
				'SELECT %s AS k, %L AS c, %s(%s) AS v FROM (SELECT pg_catalog.generate_series(1::int8, 5000) AS g) s',
				100000 + i, sig, regexp_replace(sig::text, '\\(.*$', ''), args), ' UNION ALL ')
			FROM (SELECT b.*, row_number() OVER (ORDER BY sig::text) AS i FROM hz.big b
			       JOIN pg_proc p ON p.oid = b.sig WHERE b.args IS NOT NULL AND p.prorettype = '$t'::regtype) x")
		# and the sample values the old version derived (test/hardening/catalog.sql)
		hz_sql -d "$db" -c "INSERT INTO golden_src SELECT 200000 + n, 'sample', lit FROM hz.samples
			WHERE typ = '$t'::regtype" >/dev/null
		hz_sql -d "$db" -c "CREATE MATERIALIZED VIEW golden_mv AS SELECT k, c, lit::$t AS v FROM golden_src
				${def:+UNION ALL $def}" -c "CREATE UNIQUE INDEX ON golden_mv (k)" >/dev/null
		snapshot "$db" "$send" >"$OUT/before"
		hz_sql -d "$db" -c "ALTER EXTENSION $HZ_EXT UPDATE TO '$to'" >/dev/null
		snapshot "$db" "$send" >"$OUT/after_update"
		# the new version recomputes the aggregates: the same bytes
		hz_sql -d "$db" -c "REFRESH MATERIALIZED VIEW CONCURRENTLY golden_mv" >/dev/null
		snapshot "$db" "$send" >"$OUT/after_refresh"
		"$SM_BIN/pg_dump" -Fc -d "$db" -f "$OUT/dump"
		hz_sql -d postgres -c "CREATE DATABASE ${db}_r" >/dev/null
		"$SM_BIN/pg_restore" -d "${db}_r" --exit-on-error "$OUT/dump"
		snapshot "${db}_r" "$send" >"$OUT/after_restore"
		rows=$(wc -l <"$OUT/before")
		aggrows=$(grep -vcE '\|(golden|sample)' "$OUT/before" || true)
		res="$rows values ($aggrows from aggregates)"
		for s in after_update after_refresh after_restore; do
			if cmp -s "$OUT/before" "$OUT/$s"; then res+=", $s: same"; else res+=", $s: CHANGED"; status=1; fi
		done
		echo "materialized view of $t, $from -> $to, dump/restore: $res"
		for s in after_update after_refresh after_restore; do
			cmp -s "$OUT/before" "$OUT/$s" || diff "$OUT/before" "$OUT/$s" | head -6 | cut -c1-200 | sed "s/^/    $s: /" || true
		done
		[ "$rows" -gt 0 ] || { echo "    (the view is empty: nothing was checked)"; status=1; }
		hz_sql -d postgres -c "DROP DATABASE $db" -c "DROP DATABASE ${db}_r" >/dev/null
	done < <(
		# every update path to the current version, and the current version
		# onto itself (dump/restore only)
		echo "$current $current"
		hz_sql -F ' ' -c "SELECT source, target FROM pg_extension_update_paths('$HZ_EXT')
			WHERE path IS NOT NULL AND target = '$current' ORDER BY 1"
	)
done

# 3. values of a future format
if [ -f "$GOLDEN/future.tsv" ]; then
	while IFS=$'\t' read -r t form value want; do
		[[ -z $t || $t == \#* ]] && continue
		if [ -z "$(hz_sql -c "SELECT to_regtype('$t')" </dev/null)" ]; then
			printf 'future %-16s %-6s (no such type in this version: skipped)\n' "$t" "$form"
			continue
		fi
		if [ "$form" = text ]; then
			got=$("$SM_BIN/psql" -qXAt -v VERBOSITY=verbose -c "SELECT \$v\$$value\$v\$::$t" 2>&1 </dev/null | head -n 1 || true)
		else
			echo "$value" >"$OUT/future.hex"
			hex_to_copy "$OUT/future.hex" "$OUT/future.bin"
			hz_sql -c "DROP TABLE IF EXISTS future_bin" -c "CREATE TABLE future_bin (v $t)" >/dev/null </dev/null
			got=$("$SM_BIN/psql" -qXAt -v VERBOSITY=verbose -c "\\copy future_bin FROM '$OUT/future.bin' WITH (FORMAT binary)" 2>&1 </dev/null | head -n 1 || true)
		fi
		code=$(sed -n 's/^ERROR:  \([0-9A-Z]\{5\}\):.*/\1/p' <<<"$got")
		printf 'future %-16s %-6s %-30s -> %s\n' "$t" "$form" "${value:0:30}" "${got:0:110}"
		if [ "$code" != "$want" ]; then
			status=1
			echo "    FAIL: expected ERROR $want"
		fi
	done <"$GOLDEN/future.tsv"
else
	echo "no test/data/golden/future.tsv: no future-version check"
fi
exit $status
