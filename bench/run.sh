#!/usr/bin/env bash
# The benchmark: `bash bench/run.sh [options] [CASE...]` (see bench/README.md).
#
# Builds the extension, starts a throwaway cluster tuned for measuring, and
# for every case file bench/cases/NN_name.sql (or those whose name contains a
# CASE word): runs its @data once, then times every @query in one psql
# session, runs interleaved round-robin, and prints the median, the ratio to
# the case's floor query and every @check with PASS/FAIL.  A summary of all
# cases ends the run; results also go to out/bench/ as TSV.
#
# Options (environment variable in brackets):
#   -n, --runs N          timed runs per query, default 5 [SM_BENCH_RUNS]
#   -w, --warmup N        untimed runs per query before timing, default 1
#                         (plus one EXPLAIN ANALYZE run) [SM_BENCH_WARMUP]
#   -r, --rows N          rows of the "10M-row" tables: every literal 10000000
#                         in @data becomes N, and psql variable :rows is N,
#                         default 10000000 [SM_BENCH_ROWS]
#   --cases DIR           case files, default bench/cases [SM_BENCH_CASES]
#   --out DIR             results, default out/bench [SM_BENCH_OUT]
#   --jit on|off          default off [SM_BENCH_JIT]
#   --shared-buffers SIZE default 4GB [SM_BENCH_SHARED_BUFFERS]
#   --work-mem SIZE       default 256MB [SM_BENCH_WORK_MEM]
#   --wait-load X         before timing a case, wait (at most 10 min) until the
#                         1-minute load average is below X [SM_BENCH_WAIT_LOAD]
#   --results DIR         where the committed results go, default bench/results
#                         [SM_BENCH_RESULTS]
#   --baseline REF        build commit REF's extension as well (as extension
#                         social_metrics_base in database bench_base of the
#                         same cluster) and time every query of the cases on
#                         both, alternated; results in DIR/<version>-vs-<REF's
#                         version>.tsv [SM_BENCH_BASELINE]
#   --render              rewrite doc/benchmark.md and the README's table from
#                         the results files alone (no build, no server)
#   --list                list the cases and their queries, run nothing
# Exit status: 0 every check passed, 1 a check failed, 2 a case could not run.
# Each case's rows in DIR/<version>.tsv (<version>: social_metrics.control)
# are replaced as soon as it finishes; other cases' rows stay.

cmdline="bash bench/run.sh${*:+ $*}"
source "$(dirname "${BASH_SOURCE[0]}")/../tools/lib.sh"

usage() { sed -n '2,/^$/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }

runs=${SM_BENCH_RUNS:-5}
warmup=${SM_BENCH_WARMUP:-1}
rows=${SM_BENCH_ROWS:-10000000}
cases_dir=${SM_BENCH_CASES:-$SM_ROOT/bench/cases}
out=${SM_BENCH_OUT:-$SM_ROOT/out/bench}
jit=${SM_BENCH_JIT:-off}
shared_buffers=${SM_BENCH_SHARED_BUFFERS:-4GB}
work_mem=${SM_BENCH_WORK_MEM:-256MB}
wait_load=${SM_BENCH_WAIT_LOAD:-}
results_dir=${SM_BENCH_RESULTS:-$SM_ROOT/bench/results}
baseline=${SM_BENCH_BASELINE:-}
list=
render=
filters=()
need() { [ "$2" -ge 2 ] || sm_die "$1 needs a value"; }
while [ $# -gt 0 ]; do
	case $1 in
	-n | --runs) need "$1" $#; runs=$2; shift 2 ;;
	-w | --warmup) need "$1" $#; warmup=$2; shift 2 ;;
	-r | --rows) need "$1" $#; rows=$2; shift 2 ;;
	--cases) need "$1" $#; cases_dir=$2; shift 2 ;;
	--out) need "$1" $#; out=$2; shift 2 ;;
	--jit) need "$1" $#; jit=$2; shift 2 ;;
	--shared-buffers) need "$1" $#; shared_buffers=$2; shift 2 ;;
	--work-mem) need "$1" $#; work_mem=$2; shift 2 ;;
	--wait-load) need "$1" $#; wait_load=$2; shift 2 ;;
	--results) need "$1" $#; results_dir=$2; shift 2 ;;
	--baseline) need "$1" $#; baseline=$2; shift 2 ;;
	--render) render=1; shift ;;
	--list) list=1; shift ;;
	-h | --help) usage; exit 0 ;;
	-*) usage >&2; sm_die "unknown option: $1" ;;
	*) filters+=("$1"); shift ;;
	esac
done
[[ $runs =~ ^[1-9][0-9]*$ ]] || sm_die "--runs must be a positive integer"
[[ $warmup =~ ^[0-9]+$ ]] || sm_die "--warmup must be an integer"
[[ $rows =~ ^[1-9][0-9]*$ ]] || sm_die "--rows must be a positive integer"
[[ $jit == on || $jit == off ]] || sm_die "--jit must be on or off"
[ -d "$cases_dir" ] || sm_die "no case directory $cases_dir"
[ -z "$wait_load" ] || [[ $wait_load =~ ^[0-9]*\.?[0-9]+$ ]] || sm_die "--wait-load must be a number"

wanted() {
	[ ${#filters[@]} -eq 0 ] && return 0
	local f
	for f in "${filters[@]}"; do [[ $1 == *"$f"* ]] && return 0; done
	return 1
}
mapfile -t case_files < <(ls -1 "$cases_dir"/*.sql 2>/dev/null | sort)
todo=()
for f in "${case_files[@]}"; do
	wanted "$(basename "$f" .sql)" && todo+=("$f")
done
[ ${#todo[@]} -gt 0 ] || sm_die "no case matches: ${filters[*]:-(none in $cases_dir)}"

# parse_case FILE DIR: split a case file into DIR/data.sql, DIR/checks and,
# per query n = 1, 2, ..., DIR/n.label, DIR/n.sql (the query, no trailing
# semicolon) and DIR/n.set (the SET statements in force, in order).
# Directives are lines starting with "-- @"; the SQL lines up to the next
# directive continue the previous @data or @query (comment lines and blank
# lines are dropped from queries).
parse_case() {
	mkdir -p "$2"
	awk -v dir="$2" -v file="$1" '
		function fail(msg) { printf "%s:%d: %s\n", file, FNR, msg > "/dev/stderr"; bad = 1; exit 2 }
		function close_query() {
			if (q > 0) {
				sub(/[ \t\n;]+$/, "", sql); sub(/^[ \t\n]+/, "", sql)
				if (sql == "") fail("empty query " label)
				printf "%s\n", sql > (dir "/" q ".sql"); close(dir "/" q ".sql")
			}
		}
		BEGIN { mode = ""; q = 0; nsets = 0; printf "" > (dir "/data.sql"); printf "" > (dir "/checks")
			printf "" > (dir "/requires"); printf "" > (dir "/shape") }
		/^--[ \t]*@/ {
			line = $0
			sub(/^--[ \t]*@/, "", line)
			kw = line; sub(/[ \t].*$/, "", kw)
			rest = substr(line, length(kw) + 1); sub(/^[ \t]+/, "", rest); sub(/[ \t]+$/, "", rest)
			if (mode == "query") close_query()
			if (kw == "data") {
				mode = "data"
				if (rest != "") print rest > (dir "/data.sql")
			} else if (kw == "set") {
				sub(/;$/, "", rest)
				if (rest == "") fail("empty @set")
				sets[++nsets] = "SET " rest ";"
				mode = ""
			} else if (kw == "query") {
				i = index(rest, ":")
				if (i == 0) fail("@query needs \"label: SQL\"")
				label = substr(rest, 1, i - 1); gsub(/[ \t]/, "", label)
				if (label !~ /^[a-z_][a-z0-9_]*$/) fail("bad label \"" label "\" (lower case letters, digits, _)")
				if (label in seen) fail("label " label " used twice")
				seen[label] = 1
				sql = substr(rest, i + 1); sub(/^[ \t]+/, "", sql)
				q++
				printf "%s\n", label > (dir "/" q ".label"); close(dir "/" q ".label")
				printf "" > (dir "/" q ".set")
				for (s = 1; s <= nsets; s++) print sets[s] > (dir "/" q ".set")
				close(dir "/" q ".set")
				mode = "query"
			} else if (kw == "requires" || kw == "shape") {
				if (rest == "") fail("empty @" kw)
				print rest > (dir "/" kw)
				mode = ""
			} else if (kw == "check") {
				if (rest == "") fail("empty @check")
				print rest > (dir "/checks")
				mode = ""
			} else fail("unknown directive @" kw)
			next
		}
		mode == "data" { print > (dir "/data.sql"); next }
		mode == "query" {
			if ($0 ~ /^[ \t]*(--.*)?$/) next
			sql = sql "\n" $0
			next
		}
		END { if (!bad) { if (mode == "query") close_query(); if (q == 0) fail("no @query") } }
	' "$1"
}

if [ -n "$render" ]; then
	source "$SM_ROOT/bench/render.sh"
	sm_render "$results_dir" "$cases_dir"
	exit 0
fi

if [ -n "$list" ]; then
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	for f in "${todo[@]}"; do
		name=$(basename "$f" .sql)
		parse_case "$f" "$tmp/$name" || exit 2
		echo "$name"
		nq=$(ls "$tmp/$name"/*.label | wc -l)
		for ((n = 1; n <= nq; n++)); do
			printf '  %-16s %s\n' "$(cat "$tmp/$name/$n.label")" "$(tr '\n' ' ' <"$tmp/$name/$n.sql" | cut -c1-100)"
		done
		while read -r c; do printf '  @check %s\n' "$c"; done <"$tmp/$name/checks"
	done
	exit 0
fi

# Debian's tdigest is a baseline of the percentile cases.
sm_deps "${SM_BASE_PACKAGES[@]}" postgresql-$SM_PGVER-tdigest ${baseline:+git}
version=$(sed -n "s/^default_version = '\(.*\)'/\1/p" "$SM_ROOT/social_metrics.control")
sm_log "building"
sm_build
sm_workdir
sm_sandbox_create "$SM_WORK/install"

# --baseline REF: REF's extension, built from `git archive` with the same
# pg_config, goes into the same private server as extension
# social_metrics_base (its library social_metrics_base.so, its control file's
# module_pathname pointing there), installed in a second database: a backend
# never loads both libraries (their C symbols would clash).
if [ -n "$baseline" ]; then
	base_commit=$(git -C "$SM_ROOT" rev-parse --verify --short "$baseline^{commit}" 2>/dev/null) ||
		sm_die "--baseline: no commit $baseline"
	sm_log "building $baseline ($base_commit) as social_metrics_base"
	base_src=$SM_WORK/base_src
	mkdir -p "$base_src"
	git -C "$SM_ROOT" archive "$base_commit" | tar -x -C "$base_src"
	make -C "$base_src" -s -j2 PG_CONFIG="$SM_SYSBIN/pg_config" >/dev/null
	base_version=$(sed -n "s/^default_version = '\(.*\)'/\1/p" "$base_src/social_metrics.control")
	[ -f "$base_src/social_metrics--$base_version.sql" ] || sm_die "--baseline: $baseline has no social_metrics--$base_version.sql"
	pkglib=$SM_WORK/install$("$SM_SYSBIN/pg_config" --pkglibdir)
	extdir=$SM_WORK/install$("$SM_SYSBIN/pg_config" --sharedir)/extension
	cp "$base_src/social_metrics.so" "$pkglib/social_metrics_base.so"
	sed -e "s|^module_pathname = .*|module_pathname = '\$libdir/social_metrics_base'|" \
		"$base_src/social_metrics.control" >"$extdir/social_metrics_base.control"
	sed 's/CREATE EXTENSION social_metrics"/CREATE EXTENSION social_metrics_base"/' \
		"$base_src/social_metrics--$base_version.sql" >"$extdir/social_metrics_base--$base_version.sql"
	[ "$base_version" != "$version" ] || base_version=$base_commit
	results_file=$results_dir/$version-vs-$base_version.tsv
else
	results_file=$results_dir/$version.tsv
fi

# Settings for measuring: tables stay in shared buffers (a scan of a table
# smaller than a quarter of shared_buffers does not use a ring buffer, and
# pg_prewarm loads them); no autovacuum or checkpoints in the middle of a
# timing; wal_level=minimal so CREATE TABLE AS writes no WAL.
sm_cluster_start "$SM_WORK/cluster" "shared_buffers=$shared_buffers" "work_mem=$work_mem" \
	"jit=$jit" "max_parallel_workers=8" "autovacuum=off" "wal_level=minimal" \
	"max_wal_senders=0" "max_wal_size=16GB" "checkpoint_timeout=1h" "effective_cache_size=8GB"
export PGDATABASE=bench
dbs=(bench)
"$SM_BIN/psql" -X -q -d postgres -c "CREATE DATABASE bench" >/dev/null
psql=("$SM_BIN/psql" -X -q -v ON_ERROR_STOP=1 -v rows="$rows")
"${psql[@]}" -c 'CREATE EXTENSION social_metrics' -c 'CREATE EXTENSION pg_prewarm'
if [ -n "$baseline" ]; then
	dbs+=(bench_base)
	"$SM_BIN/psql" -X -q -d postgres -c "CREATE DATABASE bench_base" >/dev/null
	"${psql[@]}" -d bench_base -c 'CREATE EXTENSION social_metrics_base' -c 'CREATE EXTENSION pg_prewarm'
fi
mkdir -p "$out"

# What every result row of this run shares: the machine, the server, the
# settings, the command.  Each case carries a copy (a later run may replace
# some cases only).
commit=$(git -C "$SM_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git -C "$SM_ROOT" status --porcelain -- src Makefile social_metrics.control 'social_metrics--*.sql' 2>/dev/null)" ]; then
	commit+=" (extension sources modified)"
fi
run_meta=$(
	printf 'command\t%s\n' "$cmdline"
	printf 'commit\t%s\n' "$commit"
	[ -z "$baseline" ] || printf 'baseline\t%s (%s), version %s\n' "$baseline" "$base_commit" "$base_version"
	printf 'cpus\t%s\n' "$(nproc)"
	printf 'cpu\t%s\n' "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
	printf 'memory\t%s\n' "$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
	printf 'kernel\t%s\n' "$(uname -sr)"
	printf 'os\t%s\n' "$(. /etc/os-release 2>/dev/null && echo "${PRETTY_NAME:-unknown}")"
	printf 'postgresql\t%s\n' "$("${psql[@]}" -At -c 'SHOW server_version')"
	printf 'rows\t%s\n' "$rows"
	printf 'runs\t%s\n' "$runs"
	printf 'warmup\t%s\n' "$warmup"
	printf 'settings\tjit %s, shared_buffers %s, work_mem %s\n' "$jit" "$shared_buffers" "$work_mem"
)

# The committed results: one file per release, a line per fact, tab
# separated, first field the case (bench/README.md, "Results").  A case's
# lines are replaced when it has run again; the others stay.
results_header="# social_metrics $version benchmark results: written by bench/run.sh, read by bench/run.sh --render (format: bench/README.md)"
# save_case NAME ROWS: replace NAME's lines of the results file with ROWS.
save_case() {
	mkdir -p "$(dirname "$results_file")"
	{
		printf '%s\n' "$results_header"
		{
			[ ! -f "$results_file" ] || awk -F'\t' -v c="$1" '!/^#/ && $1 != c' "$results_file"
			cat "$2"
		} | LC_ALL=C sort -s -t $'\t' -k1,1
	} >"$results_file.new"
	mv "$results_file.new" "$results_file"
}
# finish_case STATUS [DETAIL]: the case's lines (status, meta, then what its
# run wrote to $dir/body.tsv) go to the results file.
finish_case() {
	{
		printf '%s\tstatus\t%s\t%s\n' "$name" "$1" "${2:-}"
		printf '%s\n' "$run_meta" | sed "s/^/$name\tmeta\t/"
		printf '%s\tmeta\tdate\t%s\n' "$name" "$(date -u '+%Y-%m-%d %H:%M UTC')"
		printf '%s\tmeta\tcase_sha1\t%s\n' "$name" "$(sha1sum <"$f" | cut -c1-12)"
		[ ! -f "$dir/body.tsv" ] || cat "$dir/body.tsv"
	} >"$dir/rows.tsv"
	save_case "$name" "$dir/rows.tsv"
	case $1 in
	failed) failed_cases+=("$name") ;;
	skipped) skipped_cases+=("$name") ;;
	esac
}
# row KIND FIELD...: a line of the current case's results.
row() { local IFS=$'\t'; printf '%s\t%s\n' "$name" "$*" >>"$dir/body.tsv"; }

# prepare DB: run the case's @data in DB, then freeze, analyze and prewarm
# the tables its queries name.
prepare() {
	local db=$1 data=$dir/data.sql
	if [ "$db" != bench ]; then
		# the baseline database has its extension under another name
		data=$dir/data_$db.sql
		sed -E '/^[[:space:]]*CREATE EXTENSION IF NOT EXISTS social_metrics[[:space:]]*;/d' "$dir/data.sql" >"$data"
	fi
	"${psql[@]}" -d "$db" -f "$data" >>"$dir/data.log" 2>&1 &&
		"${psql[@]}" -d "$db" -c 'VACUUM (FREEZE, ANALYZE)' >>"$dir/data.log" 2>&1 || return 1
	"${psql[@]}" -d "$db" -At -c "SELECT c.relname FROM pg_class c WHERE c.relkind IN ('r', 'm')
		AND c.relnamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
		AND c.relnamespace::regnamespace::text NOT LIKE 'pg_toast%'" |
		while read -r rel; do
			grep -qw -- "$rel" "$dir/all_queries.txt" && echo "$rel"
		done >"$dir/prewarm" || true   # the loop's status is its last grep's
	if [ -s "$dir/prewarm" ]; then
		sed "s/.*/SELECT pg_prewarm(i) FROM (SELECT '&'::regclass UNION ALL SELECT indexrelid::regclass FROM pg_index WHERE indrelid = '&'::regclass) AS r(i);/" \
			"$dir/prewarm" | "${psql[@]}" -d "$db" -o /dev/null -f - >>"$dir/data.log" 2>&1 || true
	fi
}

# query_prelude N: the settings query N runs under.
query_prelude() {
	echo "RESET ALL; SET max_parallel_workers_per_gather = 0;"
	cat "$dir/$1.set"
}

# wait_for_load: --wait-load; records how it went in the case's meta.
wait_for_load() {
	[ -n "$wait_load" ] || { row meta wait_load off; return 0; }
	local waited=0
	while awk -v l="$(cut -d' ' -f1 /proc/loadavg)" -v x="$wait_load" 'BEGIN { exit !(l >= x) }' &&
		[ "$waited" -lt 600 ]; do
		[ "$waited" -eq 0 ] && sm_log "$name: waiting for the load average to fall below $wait_load"
		sleep 10; waited=$((waited + 10))
	done
	if awk -v l="$(cut -d' ' -f1 /proc/loadavg)" -v x="$wait_load" 'BEGIN { exit !(l < x) }'; then
		row meta wait_load "below $wait_load after ${waited} s"
	else
		row meta wait_load "not below $wait_load after ${waited} s: timed anyway"
	fi
}

work=$SM_WORK/bench
mkdir -p "$work"
# results: case, n, label, workers (planned/launched), median, min, max,
# ratio to floor, EXPLAIN ANALYZE's Execution Time of the warm-up run (ms)
results=$work/results.tsv
checks=$work/checks.tsv
loads=$work/loads.tsv
: >"$results"
: >"$checks"
: >"$loads"
failed_cases=()
skipped_cases=()

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

for f in "${todo[@]}"; do
	name=$(basename "$f" .sql)
	dir=$work/$name
	rm -f "$dir/body.tsv"
	if ! parse_case "$f" "$dir"; then
		finish_case failed "the case file does not parse"; continue
	fi
	nq=$(ls "$dir"/*.label | wc -l)

	# 0. a case whose @requires function does not exist (yet) is skipped
	missing=
	for db in "${dbs[@]}"; do
		while IFS= read -r sig; do
			[ "$("${psql[@]}" -d "$db" -At -c "SELECT to_regprocedure('$sig') IS NULL")" = f ] ||
				missing+="${missing:+, }$sig${baseline:+ in $db}"
		done <"$dir/requires"
	done
	if [ -n "$missing" ]; then
		sm_log "$name: SKIP: $missing does not exist"
		finish_case skipped "$missing does not exist"; continue
	fi

	# 1. data, once; then a steady state: frozen, analyzed, in shared buffers.
	sm_log "$name: data"
	if [ "$rows" != 10000000 ]; then
		sed -i -E 's/(^|[^0-9.])10000000([^0-9.]|$)/\1'"$rows"'\2/g' "$dir/data.sql"
	fi
	start=$(date +%s)
	cat "$dir"/*.sql >"$dir/all_queries.txt"
	: >"$dir/data.log"
	for db in "${dbs[@]}"; do
		if ! prepare "$db"; then
			sed 's/^/    /' "$dir/data.log" >&2
			finish_case failed "@data failed in $db"; continue 2
		fi
	done
	sm_log "$name: data ready in $(($(date +%s) - start)) s; $nq queries x $runs runs"
	shape=
	if [ -s "$dir/shape" ]; then
		shape=$("${psql[@]}" -At -f "$dir/shape" 2>&1 | paste -sd' ' -) || true
		printf '%s\t%s\n' "$name" "$shape" >>"$work/shapes.tsv"
		row shape "$shape"
	fi

	script=$dir/session.sql
	if [ -n "$baseline" ]; then
		# 2b. the queries both builds can run; per query the warm-up runs in
		#     each database, then the timed runs alternated: ours, REF's,
		#     ours, REF's ... (\c opens a new session each time, on both
		#     sides alike, outside the timing).
		kept=()
		for ((n = 1; n <= nq; n++)); do
			if err=$({ query_prelude "$n"; echo "EXPLAIN (COSTS OFF)"; cat "$dir/$n.sql"; echo ";"; } |
				"${psql[@]}" -d bench_base -o /dev/null -f - 2>&1); then
				kept+=("$n")
			else
				row missing "$n" "$(cat "$dir/$n.label")" "$(head -n 1 <<<"$err" | sed 's/^.*ERROR: *//')"
			fi
		done
		{
			echo '\set QUIET on'
			echo '\set ON_ERROR_STOP on'
			echo '\pset pager off'
			echo '\o /dev/null'
			for n in "${kept[@]}"; do
				for db in "${dbs[@]}"; do
					echo "\\c $db"
					query_prelude "$n"
					for ((w = 0; w < warmup; w++)); do
						cat "$dir/$n.sql"
						echo ";"
					done
				done
			done
			for ((r = 1; r <= runs; r++)); do
				for n in "${kept[@]}"; do
					for db in "${dbs[@]}"; do
						echo "\\c $db"
						query_prelude "$n"
						echo "\\echo @@ $db $n"
						echo '\timing on'
						cat "$dir/$n.sql"
						echo ";"
						echo '\timing off'
					done
				done
			done
		} >"$script"
	else
		# 2. one session: per query an EXPLAIN ANALYZE and the warm-up runs,
		#    then the timed runs, round-robin over the queries so that a
		#    disturbance of the machine spreads over all of them.
		{
			echo '\set QUIET on'
			echo '\set ON_ERROR_STOP on'
			echo '\pset pager off'
			echo '\o /dev/null'
			for ((n = 1; n <= nq; n++)); do
				query_prelude "$n"
				if head -n 1 "$dir/$n.sql" | grep -qiE '^[[:space:](]*(select|with|table|values)[[:space:]]'; then
					echo "\\o $dir/$n.explain"
					echo "EXPLAIN (ANALYZE, TIMING OFF, COSTS OFF)"
					cat "$dir/$n.sql"
					echo ";"
					echo '\o /dev/null'
				fi
				for ((w = 0; w < warmup; w++)); do
					cat "$dir/$n.sql"
					echo ";"
				done
			done
			for ((r = 1; r <= runs; r++)); do
				for ((n = 1; n <= nq; n++)); do
					query_prelude "$n"
					echo "\\echo @@ bench $n"
					echo '\timing on'
					cat "$dir/$n.sql"
					echo ";"
					echo '\timing off'
				done
			done
		} >"$script"
	fi
	wait_for_load
	load_before=$(cut -d' ' -f1 /proc/loadavg)
	if ! "${psql[@]}" -f "$script" >"$dir/session.out" 2>"$dir/session.err"; then
		sed 's/^/    /' "$dir/session.err" >&2
		finish_case failed "a query failed: $(grep -m1 ERROR "$dir/session.err" | sed 's/^.*ERROR: *//')"; continue
	fi
	load_after=$(cut -d' ' -f1 /proc/loadavg)
	printf '%s\t%s\t%s\n' "$name" "$load_before" "$load_after" >>"$loads"
	row load "$load_before" "$load_after"
	awk '/^@@ / { k = $2 " " $3; next } /^Time: / { print k "\t" $2 }' "$dir/session.out" >"$dir/times.tsv"

	# timings DB N: query N's times in DB, in run order
	timings() { awk -F'\t' -v k="$1 $2" '$1 == k { print $2 }' "$dir/times.tsv"; }
	if [ -n "$baseline" ]; then
		# 3b. per query: ours and REF's medians, REF's / ours, every run
		echo
		echo "$name: $version against $baseline ($base_version), median of $runs runs, alternated, load average $load_before -> $load_after"
		for n in "${kept[@]}"; do
			label=$(cat "$dir/$n.label")
			ta=$(timings bench "$n") tb=$(timings bench_base "$n")
			ma=$(median <<<"$ta") mb=$(median <<<"$tb")
			ratio=$(awk -v a="$ma" -v b="$mb" 'BEGIN { if (a <= 0) print "-"; else printf "%.2f", b / a }')
			row base "$n" "$label" "$(printf '%.3f' "$ma")" "$(printf '%.3f' "$mb")" "$ratio" \
				"$(printf '%.3f\n' $ta | paste -sd, -)" "$(printf '%.3f\n' $tb | paste -sd, -)"
			printf '  %-18s %10.1f ms  %s %10.1f ms  %s / ours %s\n' "$label" "$ma" "$base_version" "$mb" "$base_version" "$ratio"
		done
		finish_case ran
		continue
	fi

	# 3. medians, ratios to the latest floor* query, workers from EXPLAIN
	floor_ms=
	for ((n = 1; n <= nq; n++)); do
		label=$(cat "$dir/$n.label")
		ts=$(timings bench "$n")
		if [ "$(grep -c . <<<"$ts")" -ne "$runs" ]; then
			sm_log "$name: query $label has $(grep -c . <<<"$ts") timings, expected $runs"
			finish_case failed "query $label has $(grep -c . <<<"$ts") timings, expected $runs"
			continue 2
		fi
		med=$(median <<<"$ts")
		mn=$(sort -g <<<"$ts" | head -n 1)
		mx=$(sort -g <<<"$ts" | tail -n 1)
		[[ $label == floor* ]] && floor_ms=$med
		ratio=$(awk -v m="$med" -v f="${floor_ms:-}" 'BEGIN { if (f == "" || f <= 0) print "-"; else printf "%.2f", m / f }')
		workers=0 explain_ms=-
		if [ -s "$dir/$n.explain" ]; then
			explain_ms=$(awk '/Execution Time:/ { print $3 }' "$dir/$n.explain")
			workers=$(awk -F': *' '/Workers Planned:/ { g = 1; if ($2 + 0 > p) p = $2 + 0 }
				/Workers Launched:/ { if ($2 + 0 > l) l = $2 + 0 }
				END { print (g ? p "/" l + 0 : 0) }' "$dir/$n.explain")
		fi
		printf '%s\t%s\t%s\t%s\t%.3f\t%.3f\t%.3f\t%s\t%s\n' "$name" "$n" "$label" "$workers" "$med" "$mn" "$mx" "$ratio" "${explain_ms:--}" >>"$results"
		row query "$n" "$label" "$workers" "$(printf '%.3f' "$med")" "$(printf '%.3f' "$mn")" "$(printf '%.3f' "$mx")" \
			"$ratio" "${explain_ms:--}" "$(printf '%.3f\n' $ts | paste -sd, -)"
	done

	# 4. checks: labels replaced by their medians, evaluated by the server
	while IFS= read -r chk; do
		[ -n "$chk" ] || continue
		if [[ ! $chk =~ ^(.*[^\<\>=!])[[:space:]]*(\<=|\>=|\<|\>|=)[[:space:]]*([-+]?[0-9]*\.?[0-9]+([eE][-+]?[0-9]+)?)[[:space:]]*$ ]]; then
			printf '%s\tERROR\t-\t%s\t(not "expression <op> number")\n' "$name" "$chk" >>"$checks"
			row check ERROR - "$chk" 'not "expression <op> number"'
			continue
		fi
		lhs=${BASH_REMATCH[1]} op=${BASH_REMATCH[2]} num=${BASH_REMATCH[3]}
		expr=$lhs
		while IFS=$'\t' read -r _ _ label _ med _; do
			expr=$(sed -E "s/(^|[^A-Za-z0-9_])$label([^A-Za-z0-9_(]|$)/\1($med)\2/g; s/(^|[^A-Za-z0-9_])$label([^A-Za-z0-9_(]|$)/\1($med)\2/g" <<<"$expr")
		done < <(awk -F'\t' -v c="$name" '$1 == c' "$results")
		if val=$("$SM_BIN/psql" -X -q -At -v ON_ERROR_STOP=1 -c "SELECT round(($expr)::numeric, 3)" 2>&1); then
			verdict=$(awk -v v="$val" -v n="$num" -v op="$op" 'BEGIN {
				ok = (op == "<=" ? v <= n : op == ">=" ? v >= n : op == "<" ? v < n : op == ">" ? v > n : v == n)
				print (ok ? "PASS" : "FAIL") }')
			printf '%s\t%s\t%s\t%s\t\n' "$name" "$verdict" "$val" "$chk" >>"$checks"
			row check "$verdict" "$val" "$chk" ""
		else
			err=$(head -n 1 <<<"$val" | sed 's/^ERROR: *//')
			printf '%s\tERROR\t-\t%s\t(%s)\n' "$name" "$chk" "$err" >>"$checks"
			row check ERROR - "$chk" "$err"
		fi
	done <"$dir/checks"
	finish_case ran

	# per-case table as soon as the case is done
	echo
	echo "$name ($rows rows, median of $runs runs, jit $jit, load average $load_before -> $load_after)"
	[ -z "$shape" ] || echo "  data: $shape"
	awk -F'\t' -v c="$name" '$1 == c { printf "  %-18s workers %-4s %10.1f ms  (%.1f..%.1f)  x floor %s\n", $3, $4, $5, $6, $7, $8 }' "$results"
	awk -F'\t' -v c="$name" '$1 == c { printf "  %-5s %s   [%s] %s\n", $2, $4, $3, $5 }' "$checks"
done

cp "$results" "$out/results.tsv"
cp "$checks" "$out/checks.tsv"
cp "$loads" "$out/loads.tsv"

echo
if [ -n "$baseline" ]; then
	echo "baseline: $version against $baseline ($base_version); cases that could not run: ${#failed_cases[@]}${failed_cases[*]:+ (${failed_cases[*]})}"
	[ ${#skipped_cases[@]} -eq 0 ] || echo "skipped (a @requires function does not exist): ${skipped_cases[*]}"
	echo "results: $results_file"
	[ ${#failed_cases[@]} -eq 0 ] || exit 2
	exit 0
fi
echo "Summary: $rows rows, median of $runs runs after $warmup warm-up (+1 EXPLAIN ANALYZE), jit $jit,"
echo "shared_buffers $shared_buffers, work_mem $work_mem; client-side psql \\timing; workers = planned/launched"
echo "$(nproc) CPUs; load average (1 min) before -> after each case's timing: $(awk -F'\t' '{ printf "%s%s %s->%s", (NR > 1 ? ", " : ""), $1, $2, $3 }' "$loads")"
echo "(a load above 0.5 means other processes shared the CPUs: parallel timings suffer first)"
printf '%-22s %-18s %-8s %12s %8s\n' case query workers 'median ms' 'x floor'
awk -F'\t' '{ printf "%-22s %-18s %-8s %12.1f %8s\n", $1, $3, $4, $5, $8 }' "$results"
if [ -s "$work/shapes.tsv" ]; then
	echo
	awk -F'\t' '{ printf "%-22s %s\n", $1, $2 }' "$work/shapes.tsv"
fi
if [ -s "$checks" ]; then
	echo
	awk -F'\t' '{ printf "%-5s %-22s %s   [%s] %s\n", $2, $1, $4, $3, $5 }' "$checks"
fi
npass=$(awk -F'\t' '$2 == "PASS"' "$checks" | wc -l)
nfail=$(awk -F'\t' '$2 != "PASS"' "$checks" | wc -l)
echo
echo "checks: $npass passed, $nfail failed; cases that could not run: ${#failed_cases[@]}${failed_cases[*]:+ (${failed_cases[*]})}"
[ ${#skipped_cases[@]} -eq 0 ] || echo "skipped (a @requires function does not exist): ${skipped_cases[*]}"
echo "results: $out/results.tsv, $out/checks.tsv; committed: $results_file"
[ ${#failed_cases[@]} -eq 0 ] || exit 2
[ "$nfail" -eq 0 ] || exit 1
exit 0
