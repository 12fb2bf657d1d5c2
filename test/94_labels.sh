#!/usr/bin/env bash
# Label audit: every function of the extension, with its kind, volatility,
# strictness, parallel safety, SECURITY DEFINER and LEAKPROOF flags and
# language, must match test/labels.tsv, whose last column justifies the line.
# No function may be SECURITY DEFINER or LEAKPROOF.  Then every non-STRICT C
# function (and every aggregate and window function) is called with each
# argument NULL: a result or a clean ERROR, never a crash.
#
# For whoever adds functions: SM_LABELS_WRITE=1 bash tools/test.sh 94_labels
# rewrites test/labels.tsv from the installed extension, keeping the
# justification of every line that still exists and marking new lines
# "TODO"; the test fails until each TODO is replaced by a justification.
source "$(dirname "${BASH_SOURCE[0]}")/hardening/lib.sh"

TABLE=${SM_LABELS_TABLE:-$SM_ROOT/test/labels.tsv}
OUT=${SM_TMP:-$(mktemp -d)}
hz_sql -c "CREATE EXTENSION IF NOT EXISTS $HZ_EXT CASCADE" 2>/dev/null
hz_setup_catalog
hz_sql -f "$HZ_DIR/labels.sql" >/dev/null
extschema=$(hz_sql -c "SELECT nsp FROM hz.ext")
export PGOPTIONS="${PGOPTIONS:-} -c search_path=$extschema"

hz_sql -c "SELECT line FROM hz.labels ORDER BY proname, args" >"$OUT/current"
grep -v '^#' "$TABLE" 2>/dev/null | grep . >"$OUT/committed_full" || true
cut -f1-9 "$OUT/committed_full" >"$OUT/committed"

if [ -n "${SM_LABELS_WRITE:-}" ]; then
	{
		grep '^#' "$TABLE" 2>/dev/null || printf '# %s\n' "name	identity arguments	kind	volatility	strictness	parallel	security	leakproof	language	justification"
		while IFS= read -r line; do
			just=$(awk -F'\t' -v l="$line" 'BEGIN { n = split(l, a, "\t") }
				{ k = 1; for (i = 1; i <= 9; i++) if ($i != a[i]) k = 0; if (k) { print $10; exit } }' "$OUT/committed_full")
			printf '%s\t%s\n' "$line" "${just:-TODO}"
		done <"$OUT/current"
	} >"$TABLE.tmp"
	mv "$TABLE.tmp" "$TABLE"
	echo "wrote $TABLE ($(grep -vc '^#' "$TABLE") functions, $(grep -c '	TODO$' "$TABLE" || true) to justify)"
	cut -f1-9 "$TABLE" | grep -v '^#' >"$OUT/committed" || true
	grep -v '^#' "$TABLE" >"$OUT/committed_full" || true
fi

status=0
nfun=$(wc -l <"$OUT/current")
echo "functions in the extension: $nfun"
echo "by label: $(cut -f3-7 "$OUT/current" | sort | uniq -c | sort -rn | awk '{ $1 = $1 "x"; print }' | paste -sd';' -)"

secdef=$(hz_sql -c "SELECT count(*) FROM hz.member_procs WHERE prosecdef")
leak=$(hz_sql -c "SELECT count(*) FROM hz.member_procs WHERE proleakproof")
echo "SECURITY DEFINER: $secdef, LEAKPROOF: $leak"
if [ "$secdef" != 0 ] || [ "$leak" != 0 ]; then
	status=1
	hz_sql -c "SELECT sig FROM hz.member_procs WHERE prosecdef OR proleakproof" | sed 's/^/    /'
fi

if ! diff <(sort "$OUT/committed") <(sort "$OUT/current") >"$OUT/diff"; then
	status=1
	echo "test/labels.tsv does not match the extension (< committed, > installed):"
	sed 's/^/    /' "$OUT/diff"
	echo "(SM_LABELS_WRITE=1 bash tools/test.sh 94_labels updates the table; then justify each TODO)"
fi
unjustified=$(awk -F'\t' 'NF < 10 || $10 ~ /^ *(TODO.*)?$/' "$OUT/committed_full" | wc -l)
if [ "$unjustified" -gt 0 ]; then
	status=1
	echo "$unjustified line(s) of test/labels.tsv have no justification:"
	awk -F'\t' 'NF < 10 || $10 ~ /^ *(TODO.*)?$/' "$OUT/committed_full" | cut -f1-2 | sed 's/^/    /'
fi

# NULL calls, one psql per statement so that a crash is seen where it happens.
hz_log_mark
hz_sql -F $'\t' -c "SELECT fn, nullarg, stmt FROM hz.null_calls()" >"$OUT/calls"
ncalls=0 nerr=0 nxx=0 nskip=0 lost=0
: >"$OUT/results"
while IFS=$'\t' read -r fn nullarg stmt; do
	if [[ $stmt == --* ]]; then
		nskip=$((nskip + 1))
		printf '%s\t%s\n' "$fn" "${stmt#-- }" >>"$OUT/results"
		continue
	fi
	ncalls=$((ncalls + 1))
	set +e
	res=$(PGOPTIONS="$PGOPTIONS -c statement_timeout=10s" "$SM_BIN/psql" -qXAt -v VERBOSITY=verbose \
		-c "$stmt" 2>&1 | head -c 300 | tr '\n' ' ')
	rc=${PIPESTATUS[0]}
	set -e
	if [ "$rc" -eq 2 ] || grep -qE 'server closed the connection|connection to server .* lost' <<<"$res"; then
		lost=$((lost + 1))
		printf 'CRASH\t%s\n' "$stmt" >>"$OUT/results"
		hz_wait_server
	elif [[ $res == ERROR:* ]]; then
		nerr=$((nerr + 1))
		[[ $res == 'ERROR:  XX000'* ]] && nxx=$((nxx + 1))
		printf '%s\targ %s NULL\t%s\n' "$fn" "$nullarg" "${res:0:160}" >>"$OUT/results"
	else
		printf '%s\targ %s NULL\t= %s\n' "$fn" "$nullarg" "${res:0:60}" >>"$OUT/results"
	fi
done <"$OUT/calls"
crashes=$(hz_crashes_since_mark)
echo "NULL-argument calls: $ncalls ($nerr ERROR, of which $nxx XX000 internal), $nskip functions not callable from SQL, crashes: $crashes, connections lost: $lost"
sed 's/^/    /' "$OUT/results"
if [ "$crashes" -gt 0 ] || [ "$lost" -gt 0 ]; then
	status=1
	echo "crashing calls:"
	grep '^CRASH' "$OUT/results" | cut -f2 | sed 's/^/    /'
fi
exit $status
