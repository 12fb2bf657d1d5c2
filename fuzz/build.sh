#!/usr/bin/env bash
# fuzz/build.sh [OUTDIR]: build every libFuzzer target in fuzz/targets/ whose
# sources exist, with AddressSanitizer and UndefinedBehaviorSanitizer.
#
# A target names the algorithm files it links on a "LINK:" line; they are
# the fmgr-free files of src/ (see HACKING.md) and are linked alone, without
# a server.  Should one of them call into PostgreSQL, the link fails and the
# missing symbols are printed.  selftest (the framework's own target) is also
# built with a planted bug as selftest_canary.
#
# Prints "built NAME" / "skipped NAME (missing FILE)" lines; exits 1 if a
# target whose sources exist does not build.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:-$root/fuzz/build}
mkdir -p "$out"
CC=${SM_FUZZ_CC:-$(command -v clang || true)}
[ -n "$CC" ] || { echo "clang is not installed (Debian: clang and libclang-rt-N-dev)" >&2; exit 1; }
# Debian's pg_config of the chosen server (SM_PGVER, see tools/lib.sh)
if [ -z "${PG_CONFIG:-}" ]; then
	[ -n "${SM_PGVER:-}" ] || source "$root/tools/lib.sh"
	PG_CONFIG=/usr/lib/postgresql/$SM_PGVER/bin/pg_config
fi
CFLAGS=(-g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined
	-fno-sanitize-recover=all -Wall -Wno-unused-function -Wno-ignored-attributes
	-I"$root/src" -I"$root/fuzz/targets" -I"$("$PG_CONFIG" --includedir-server)")
status=0

build() {
	local name=$1 src=$2
	shift 2
	local links=() f
	for f in $(sed -n 's/^ \* LINK://p' "$src"); do
		if [ ! -f "$root/$f" ]; then
			echo "skipped $name (missing $f)"
			return 0
		fi
		links+=("$root/$f")
	done
	if "$CC" "${CFLAGS[@]}" "$@" "$src" ${links[@]+"${links[@]}"} -lm -o "$out/$name" 2>"$out/$name.err"; then
		echo "built $name"
	else
		status=1
		echo "FAILED $name"
		if grep -q 'undefined reference' "$out/$name.err"; then
			echo "  standalone linking is blocked by calls into PostgreSQL:"
			grep -o "undefined reference to \`[^']*'" "$out/$name.err" | sort | uniq -c | sed 's/^/    /'
		else
			sed 's/^/  /' "$out/$name.err" | head -30
		fi
	fi
}

for src in "$root"/fuzz/targets/*.c; do
	build "$(basename "$src" .c)" "$src"
done
build selftest_canary "$root/fuzz/targets/selftest.c" -DSM_FUZZ_CANARY
exit $status
