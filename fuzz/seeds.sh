#!/usr/bin/env bash
# fuzz/seeds.sh: (re)write the seed corpora fuzz/corpus/<target>/ from a
# running server with the extension installed (PG* environment, e.g. a
# cluster of tools/lib.sh): the text and binary forms of the sample values
# the hardening tests derive (test/hardening/catalog.sql: sketches built by
# every aggregate over generated data, small and large, and the
# business_calendar literals of test/data/samples/), one file per value,
# named by its sha1 as libFuzzer names corpus files.  Existing seeds stay.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export SM_ROOT=$root
source "$root/test/hardening/lib.sh"
hz_sql -c "CREATE EXTENSION IF NOT EXISTS social_metrics"
PGOPTIONS="$PGOPTIONS -c search_path=pg_catalog" hz_setup_catalog
put() { # put TARGET FILE: move FILE into the corpus under its sha1
	local d=$root/fuzz/corpus/$1 h
	mkdir -p "$d"
	h=$(sha1sum "$2" | cut -d' ' -f1)
	mv "$2" "$d/$h"
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
if [ -n "$(hz_sql -c "SELECT to_regtype('quantile_sketch')")" ]; then
	while read -r id; do
		hz_sql -c "SELECT lit FROM hz.samples WHERE n = $id" | head -c -1 >"$tmp/t"
		put sketch_text "$tmp/t"
		hz_sql -c "SELECT encode(quantile_sketch_send(lit::quantile_sketch), 'hex') FROM hz.samples WHERE n = $id" \
			| xxd -r -p >"$tmp/b"
		put sketch_binary "$tmp/b"
		n=$((n + 1))
	done < <(hz_sql -c "SELECT n FROM hz.samples WHERE typ = 'quantile_sketch'::regtype ORDER BY n")
fi
if [ -n "$(hz_sql -c "SELECT to_regtype('business_calendar')")" ]; then
	while read -r id; do
		hz_sql -c "SELECT lit FROM hz.samples WHERE n = $id" | head -c -1 >"$tmp/c"
		put calendar "$tmp/c"
		n=$((n + 1))
	done < <(hz_sql -c "SELECT n FROM hz.samples WHERE typ = 'business_calendar'::regtype ORDER BY n")
	grep -v '^#' "$root/test/data/samples/business_calendar.txt" | while IFS= read -r l; do
		printf '%s' "$l" >"$tmp/c"
		put calendar "$tmp/c"
	done
fi
echo "$n seeds written; corpora: $(for d in "$root"/fuzz/corpus/*/; do printf '%s=%s ' "$(basename "$d")" "$(ls "$d" | wc -l)"; done)"
