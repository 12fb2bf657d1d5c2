#!/usr/bin/env bash
# The benchmark's figures in the docs come from the committed results alone:
# `bash bench/run.sh --render` on a copy of the checkout rewrites
# doc/benchmark.md and the README's table byte for byte as committed (so no
# figure was edited by hand, none is missing, and every @check of
# bench/cases is listed with its verdict or as not run).  No server needed.
set -euo pipefail
ROOT=${SM_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
TMP=${SM_TMP:-$(mktemp -d)}
rm -rf "$TMP/copy"
mkdir -p "$TMP/copy"
tar -C "$ROOT" --exclude=./.git -cf - . | tar -C "$TMP/copy" -xf -
(cd "$TMP/copy" && SM_ROOT="$TMP/copy" bash bench/run.sh --render) 2>&1 | tail -n 1
status=0
for f in doc/benchmark.md README.md; do
	if cmp -s "$ROOT/$f" "$TMP/copy/$f"; then
		echo "ok - $f is what --render makes of bench/results/"
	else
		echo "not ok - $f differs from what --render makes of bench/results/:"
		diff "$ROOT/$f" "$TMP/copy/$f" | head -n 20 | sed 's/^/    /'
		status=1
	fi
done
# every @check of every case is in the doc, with a verdict or "not run"
checks=$(cat "$ROOT"/bench/cases/*.sql | grep -c '^-- *@check')
listed=$(grep -cE '\| (PASS|\*\*FAIL\*\*|not run in this release) \|$' "$ROOT/doc/benchmark.md" || true)
if [ "$listed" -ge "$checks" ]; then
	echo "ok - $checks @check lines in bench/cases, $listed verdict rows in doc/benchmark.md"
else
	echo "not ok - $checks @check lines in bench/cases but $listed verdict rows in doc/benchmark.md"
	status=1
fi
exit $status
