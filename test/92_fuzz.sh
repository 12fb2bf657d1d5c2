#!/usr/bin/env bash
# Standalone fuzzing (libFuzzer + AddressSanitizer + UndefinedBehaviorSanitizer)
# of every parser that takes user bytes: the sketch's text and binary decoders
# and the business_calendar parser, linked alone from src/ (fuzz/build.sh).
#
# First a canary: fuzz/targets/selftest.c built with a planted bug must be
# caught within SM_FUZZ_CANARY_SECS (60), which shows the harness can fail.
# Then each target runs from its committed seed corpus (fuzz/corpus/<target>/,
# new inputs go to a scratch corpus) with a share of SM_FUZZ_EXECS executions
# (default 10,000,000 in total), two targets at a time, each bounded by
# SM_FUZZ_SECS seconds (default 900: ~4 min suffice on a quiet
# 2-core machine, the margin is for a loaded one).  Passes with 0 findings (crash, leak,
# timeout, out-of-memory, broken round-trip property) and the executions done.
#
# Long mode: SM_FUZZ_LONG=1 runs each target for SM_FUZZ_SECS (default there
# 3600) with no execution cap; SM_FUZZ_MERGE=1 afterwards merges the new
# inputs that add coverage into fuzz/corpus/ (to commit by hand).
source "$(dirname "${BASH_SOURCE[0]}")/hardening/lib.sh"

OUT=${SM_TMP:-$(mktemp -d)}/fuzz
mkdir -p "$OUT"
LONG=${SM_FUZZ_LONG:-}
EXECS=${SM_FUZZ_EXECS:-10000000}
SECS=${SM_FUZZ_SECS:-$([ -n "$LONG" ] && echo 3600 || echo 900)}
JOBS=${SM_FUZZ_JOBS:-2}
# shares of the executions (targets absent from this list get weight 1);
# the calendar target runs ~10x slower per input than the sketch ones, and
# pairing_oracle ~100x (every input is paired twice and checked against a
# brute-force oracle in four row orders: ~1,000 inputs/s), so its share of
# ~100,000 inputs takes ~2 min; a weight of 10 (900,000 inputs) ran past the
# per-target time bound.
WEIGHTS=${SM_FUZZ_WEIGHTS:-"sketch_text=35 sketch_binary=35 exactsum=20 calendar=10 pairing_oracle=1"}

command -v clang >/dev/null || { echo "clang is not installed"; exit 77; }
bash "$SM_ROOT/fuzz/build.sh" "$OUT/bin" | tee "$OUT/build.log"
grep -q '^FAILED' "$OUT/build.log" && exit 1

# parse "Done N runs" / "#N ... DONE" and artifacts of one libFuzzer log
runs_of() { sed -n 's/^Done \([0-9]*\) runs in.*/\1/p' "$1" | tail -n 1; }

# 1. the canary
mkdir -p "$OUT/canary/corpus" "$OUT/canary/artifacts"
set +e
"$OUT/bin/selftest_canary" -max_total_time="${SM_FUZZ_CANARY_SECS:-60}" -artifact_prefix="$OUT/canary/artifacts/" \
	"$OUT/canary/corpus" "$SM_ROOT/fuzz/corpus/selftest" >"$OUT/canary.log" 2>&1
rc=$?
set -e
if [ $rc -ne 0 ] && ls "$OUT/canary/artifacts"/crash-* >/dev/null 2>&1; then
	echo "canary: the planted bug was found ($(grep -m1 -o 'ERROR: AddressSanitizer: [a-z-]*' "$OUT/canary.log"))"
else
	echo "canary: the planted bug was NOT found: the harness is broken"
	tail -n 20 "$OUT/canary.log"
	exit 1
fi

# 2. the real targets
mapfile -t targets < <(sed -n 's/^built //p' "$OUT/build.log" | grep -vx 'selftest_canary')
real=()
for t in "${targets[@]}"; do [ "$t" = selftest ] || real+=("$t"); done
if [ ${#real[@]} -eq 0 ]; then
	echo "no parser target could be built yet (src/sketch.c, src/business_calendar.c missing): running selftest only"
	real=(selftest)
fi
weight_of() {
	local w
	w=$(tr ' ' '\n' <<<"$WEIGHTS" | sed -n "s/^$1=//p")
	echo "${w:-1}"
}
total_w=0
for t in "${real[@]}"; do total_w=$((total_w + $(weight_of "$t"))); done

run_target() {
	local t=$1 runs=$2 dir=$OUT/$1
	mkdir -p "$dir/corpus" "$dir/artifacts"
	local seeds=$SM_ROOT/fuzz/corpus/$t
	[ -d "$seeds" ] || seeds=
	local limit=(-runs="$runs")
	[ -n "$LONG" ] && limit=()
	# -rss_limit_mb: a decoder must not allocate what an input merely claims
	"$OUT/bin/$t" "${limit[@]}" -max_total_time="$SECS" -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$dir/artifacts/" "$dir/corpus" ${seeds:+"$seeds"} \
		>"$dir/log" 2>&1
	echo $? >"$dir/rc"
}

hz_log "fuzzing ${real[*]}: $EXECS executions in total, at most ${SECS}s per target, $JOBS at a time"
start=$(date +%s)
running=0
for t in "${real[@]}"; do
	runs=$(((EXECS * $(weight_of "$t") + total_w - 1) / total_w))
	run_target "$t" "$runs" &
	running=$((running + 1))
	if [ $running -ge "$JOBS" ]; then
		wait -n || true
		running=$((running - 1))
	fi
done
wait
secs=$(($(date +%s) - start))

status=0
total=0
findings=0
for t in "${real[@]}"; do
	dir=$OUT/$t
	n=$(runs_of "$dir/log")
	n=${n:-0}
	total=$((total + n))
	arts=$(find "$dir/artifacts" -type f | wc -l)
	rc=$(cat "$dir/rc")
	corpus=$(find "$dir/corpus" -type f | wc -l)
	cov=$(grep -o 'cov: [0-9]*' "$dir/log" | tail -n 1)
	printf '%-15s executions: %10s  exit: %s  findings: %s  new corpus inputs: %s  %s\n' "$t" "$n" "$rc" "$arts" "$corpus" "$cov"
	if [ "$rc" -ne 0 ] || [ "$arts" -gt 0 ]; then
		findings=$((findings + (arts > 0 ? arts : 1)))
		status=1
		grep -m1 -E 'ERROR: |property failed|runtime error' "$dir/log" | sed 's/^/    /' || true
		grep -A12 -m1 -E '^ *#0 ' "$dir/log" | sed 's/^/    /' || true
		for a in "$dir/artifacts"/*; do
			[ -f "$a" ] || continue
			echo "    reproducer: $(basename "$a"): $(head -c 200 "$a" | od -An -c | tr -s ' ' | head -c 300)"
			mkdir -p "$SM_ROOT/fuzz/findings" && cp "$a" "$SM_ROOT/fuzz/findings/$t-$(basename "$a")"
		done
	fi
	if [ -n "${SM_FUZZ_MERGE:-}" ] && [ -d "$SM_ROOT/fuzz/corpus/$t" ]; then
		"$OUT/bin/$t" -merge=1 "$SM_ROOT/fuzz/corpus/$t" "$dir/corpus" >"$dir/merge.log" 2>&1 || true
		echo "    merged into fuzz/corpus/$t: $(grep -o 'added [0-9]* new files' "$dir/merge.log" | tail -n 1)"
	fi
done
echo "fuzz executions: $total in ${secs}s, findings: $findings"
[ -n "$LONG" ] || [ "$total" -ge "$EXECS" ] || [ "${real[*]}" = selftest ] || {
	echo "fewer executions than the $EXECS asked for (time limit ${SECS}s per target reached)"
	status=1
}
[ $findings -eq 0 ] || echo "findings were copied to fuzz/findings/ (reproduce: fuzz/build.sh, then build/<target> <file>)"
exit $status
