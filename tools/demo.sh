#!/usr/bin/env bash
# The main job: `bash tools/demo.sh` (as root on a fresh Debian 12).
#
# Installs what it needs, builds the extension, starts a throwaway cluster
# from a private copy of the server (nothing is installed system wide),
# creates the extension, generates the deterministic sample data
# (demo/schema.sql, demo/generate.sql) and prints the report (demo/report.sql)
# to stdout; a copy goes to the output directory (report.txt), with the same
# report as a self-contained HTML page with charts (report.html, from
# demo/report_json.sql and demo/report_html.py; open it in any browser, it
# loads nothing from the network).  Everything else is removed on exit.
#
# Options:
#   --out DIR    where the artifacts go (default: out/ in the project)
#   --scale F    multiply the sample sizes by F (default 1: 30,000 posts,
#                24,000 conversations with ~100,000 messages, 200,000 mentions)
#   --psql       after the report, open psql on the sample database (the
#                cluster stops when psql exits)
# SM_KEEP=1 keeps the temporary directory (cluster, logs) for a post-mortem.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() { sed -n '2,/^$/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }

out=$SM_ROOT/out
scale=1
shell=
while [ $# -gt 0 ]; do
	case $1 in
	--out) [ $# -ge 2 ] || sm_die "--out needs a directory"; out=$2; shift 2 ;;
	--out=*) out=${1#--out=}; shift ;;
	--scale) [ $# -ge 2 ] || sm_die "--scale needs a number"; scale=$2; shift 2 ;;
	--scale=*) scale=${1#--scale=}; shift ;;
	--psql) shell=1; shift ;;
	-h | --help) usage; exit 0 ;;
	*) usage >&2; sm_die "unknown option: $1" ;;
	esac
done
[[ $scale =~ ^[0-9]*\.?[0-9]+$ ]] && awk -v s="$scale" 'BEGIN { exit !(s > 0) }' ||
	sm_die "--scale must be a positive number, not '$scale'"
size() { awk -v n="$1" -v s="$scale" 'BEGIN { v = int(n * s + 0.5); print (v < 1 ? 1 : v) }'; }

started=$(date +%s)
sm_deps "${SM_BASE_PACKAGES[@]}" python3
sm_log "building"
sm_build
sm_workdir
sm_sandbox_create "$SM_WORK/install"
sm_cluster_start "$SM_WORK/cluster"
mkdir -p "$out"

export PGDATABASE=social_metrics_demo
"$SM_BIN/psql" -X -q -d postgres -c "CREATE DATABASE $PGDATABASE" >/dev/null
psql=("$SM_BIN/psql" -X -q -v ON_ERROR_STOP=1)
"${psql[@]}" -c 'CREATE EXTENSION social_metrics'

sm_log "generating the sample data"
"${psql[@]}" -v posts="$(size 30000)" -v conversations="$(size 24000)" -v mentions="$(size 200000)" \
	-f "$SM_ROOT/demo/schema.sql" -f "$SM_ROOT/demo/generate.sql"

sm_log "report"
"${psql[@]}" -v demo_dir="$SM_ROOT/demo" -f "$SM_ROOT/demo/report.sql" | tee "$out/report.txt"

sm_log "HTML page"
"${psql[@]}" -At -v demo_dir="$SM_ROOT/demo" -f "$SM_ROOT/demo/report_json.sql" >"$SM_WORK/report.jsonl"
"${psql[@]}" -H -v demo_dir="$SM_ROOT/demo" -v report_header=none -f "$SM_ROOT/demo/report_what_changed.sql" \
	>"$SM_WORK/what_changed.html"
"${psql[@]}" -H -v demo_dir="$SM_ROOT/demo" -v report_header=none -f "$SM_ROOT/demo/report_decide.sql" \
	>"$SM_WORK/decide.html"
python3 "$SM_ROOT/demo/report_html.py" -o "$out/report.html" --what-changed "$SM_WORK/what_changed.html" \
	--decide "$SM_WORK/decide.html" "$SM_WORK/report.jsonl"
sm_log "done in $(($(date +%s) - started)) s; the report is also in $out/report.txt, and as a page in $out/report.html"

if [ -n "$shell" ]; then
	sm_log "psql on the sample database (tables in schema demo); \\q stops the cluster"
	PGOPTIONS="-c search_path=demo,public" "$SM_BIN/psql" -X
fi
