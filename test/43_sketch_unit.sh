#!/usr/bin/env bash
# The C unit test of src/sketch.c alone (test/unit/sketch_unit.c): oracle
# checks of the mapping, exact sums, accuracy, merges, inverse transitions,
# then 150,000 deterministic mutations through the text, compact and
# working-layout decoders, built with AddressSanitizer and UBSan (any report
# aborts the run).  Skips (77) without clang.
set -euo pipefail
command -v clang >/dev/null || { echo "clang not installed"; exit 77; }
bin=$SM_TMP/sketch_unit
clang -std=gnu99 -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer -Wall -Wextra -Wno-sign-compare -Werror \
	"$SM_ROOT/test/unit/sketch_unit.c" "$SM_ROOT/src/sketch.c" -lm -o "$bin"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 "$bin" 150000
