#!/usr/bin/env bash
# The C unit test of the sketch algorithm alone (test/unit/sketch_unit.c
# with src/sketch.c and src/sketch_codec.c, no server): oracle checks of the
# mapping, exact sums, accuracy, merges and inverse transitions, then
# 150,000 deterministic mutations through the text, compact and
# working-layout decoders, built with AddressSanitizer and UBSan (any report
# aborts the run, leaks included).  A second build without 128-bit integers
# covers the portable fast path.  Skips (77) without clang.
set -euo pipefail
command -v clang >/dev/null || { echo "clang not installed"; exit 77; }
# The server headers (postgres.h, compat.h) of the server under test: the
# sandbox's relocated pg_config points at headers it lacks.  clang ignores
# their gcc-only format attribute (-Wno-ignored-attributes).
pg_config=${SM_SYSBIN:+$SM_SYSBIN/pg_config}
[ -x "${pg_config:-}" ] || pg_config=${SM_PGVER:+/usr/lib/postgresql/$SM_PGVER/bin/pg_config}
[ -x "${pg_config:-}" ] || pg_config=$(ls -1 /usr/lib/postgresql/*/bin/pg_config 2>/dev/null | sort -V | tail -n 1)
[ -x "${pg_config:-}" ] || pg_config=pg_config
inc=$("$pg_config" --includedir-server)
build() {
	clang -std=gnu99 -I"$inc" -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all \
		-fno-omit-frame-pointer -Wall -Wextra -Wno-sign-compare -Wno-ignored-attributes -Werror "$@" \
		"$SM_ROOT/test/unit/sketch_unit.c" "$SM_ROOT/src/sketch.c" "$SM_ROOT/src/sketch_codec.c" -lm
}
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1
build -o "$SM_TMP/sketch_unit"
"$SM_TMP/sketch_unit" 150000
build -U__SIZEOF_INT128__ -o "$SM_TMP/sketch_unit_portable"
"$SM_TMP/sketch_unit_portable" 20000
