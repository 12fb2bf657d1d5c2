#!/usr/bin/env bash
# Unit test of the exact fixed-point accumulator (src/exactsum.c) without a
# server: order independence, exact inverse, combine, text round trip, and
# exactness against Python's rational arithmetic (test/exactsum_check.py);
# the parser gets 200,000 mutated and random strings.  Built with
# AddressSanitizer and UndefinedBehaviorSanitizer when clang has them.
set -euo pipefail

ROOT=${SM_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
# the system pg_config: the sandbox's relocated copy points at headers it lacks
# (SM_PGVER comes from tools/test.sh; alone, tools/lib.sh chooses it)
if [ -z "${SM_PGVER:-}" ]; then
	# shellcheck source=../tools/lib.sh
	source "$ROOT/tools/lib.sh"
fi
PG_CONFIG=/usr/lib/postgresql/$SM_PGVER/bin/pg_config
[ -x "$PG_CONFIG" ] || PG_CONFIG=pg_config
if [ -n "${SM_TMP:-}" ]; then
	TMP=$SM_TMP
else
	TMP=$(mktemp -d)
	trap 'rm -rf "$TMP"' EXIT
fi
command -v python3 >/dev/null || { echo "python3 not installed"; exit 77; }

src=("$ROOT/test/exactsum_unit.c" "$ROOT/src/exactsum.c")
inc=(-I"$ROOT/src" -I"$("$PG_CONFIG" --includedir-server)")
if command -v clang >/dev/null &&
	clang -fsanitize=address,undefined -x c -o "$TMP/probe" - <<<'int main(void){return 0;}' 2>/dev/null; then
	clang -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -Wno-ignored-attributes \
		"${inc[@]}" "${src[@]}" -lm -o "$TMP/exactsum_unit"
	echo "built with ASan + UBSan"
else
	cc -O2 "${inc[@]}" "${src[@]}" -lm -o "$TMP/exactsum_unit"
fi
"$TMP/exactsum_unit" 20000 >"$TMP/exactsum_unit.out"
python3 "$ROOT/test/exactsum_check.py" <"$TMP/exactsum_unit.out"
