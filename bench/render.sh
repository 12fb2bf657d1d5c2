# shellcheck shell=bash
# `bash bench/run.sh --render`: doc/benchmark.md and the README's benchmark
# table from the committed results alone (bench/results/<version>.tsv and
# <version>-vs-<other>.tsv), the case files (every @check is listed, run or
# not) and bench/benchmark.head.md (the prose).  No server, no clock: the
# same files give the same bytes.  Sourced by bench/run.sh, which defines
# parse_case.

# sm_render RESULTS_DIR CASES_DIR
sm_render() {
	local results_dir=$1 cases_dir=$2 version tmp f name base doc readme sources
	local LC_ALL=C   # globs, sort order and number formats independent of the caller's locale
	# each case's lines from the newest release that ran it (a release under
	# work that has run a few cases shows those, and the older releases'
	# results for the rest); baselines of the newest release
	version=$(cd "$results_dir" 2>/dev/null && ls -1 -- *.tsv 2>/dev/null | grep -v -- '-vs-' | sed 's/\.tsv$//' |
		LC_ALL=C sort -V | tail -n 1)
	[ -n "$version" ] || version=$(sed -n "s/^default_version = '\(.*\)'/\1/p" "$SM_ROOT/social_metrics.control")
	doc=$SM_ROOT/doc/benchmark.md
	readme=$SM_ROOT/README.md
	tmp=$(mktemp -d)
	# every case file and its checks, in file order: case, "case", sha1 /
	# case, "check", expression
	for f in "$cases_dir"/*.sql; do
		name=$(basename "$f" .sql)
		parse_case "$f" "$tmp/$name" || { rm -rf "$tmp"; sm_die "$f does not parse"; }
		printf '%s\tcase\t%s\n' "$name" "$(sha1sum <"$f" | cut -c1-12)"
		sed "s/^/$name\tcheck\t/" "$tmp/$name/checks"
	done >"$tmp/cases.tsv"
	: >"$tmp/results.tsv"
	sources=
	for f in $(cd "$results_dir" 2>/dev/null && ls -1 -- *.tsv 2>/dev/null | grep -v -- '-vs-' | sed 's/\.tsv$//' |
		LC_ALL=C sort -V); do
		grep -v '^#' "$results_dir/$f.tsv" | sed "s/^/$f\t/"
	done | awk -F'\t' '{ rel[$2] = $1; line[NR] = $0; c[NR] = $2 }
		END { for (i = 1; i <= NR; i++) if (index(line[i], rel[c[i]] "\t") == 1) print substr(line[i], length(rel[c[i]]) + 2) }' \
		>"$tmp/results.tsv"
	sources=$(cd "$results_dir" 2>/dev/null && for f in $(ls -1 -- *.tsv 2>/dev/null | grep -v -- '-vs-' | LC_ALL=C sort -V); do
		cut -f1 "$f" | grep -v '^#' | sort -u | sed "s/\$/ ${f%.tsv}/"
	done | awk '{ r[$1] = $2 } END { for (c in r) n[r[c]]++; for (v in n) printf "%s%s (%d cases)", (k++ ? ", " : ""), v, n[v] }')
	# the baselines: one file per other version, sorted by name
	: >"$tmp/baselines.tsv"
	for f in "$results_dir/$version"-vs-*.tsv; do
		[ -f "$f" ] || continue
		base=${f##*/$version-vs-}
		base=${base%.tsv}
		grep -v '^#' "$f" | sed "s/^/$base\t/" >>"$tmp/baselines.tsv"
	done
	LC_ALL=C awk -F'\t' -v version="$version" -v sources="$sources" -v part=doc -f "$SM_ROOT/bench/render.awk" \
		"$tmp/cases.tsv" "$tmp/results.tsv" "$tmp/baselines.tsv" >"$tmp/doc.md"
	cat "$SM_ROOT/bench/benchmark.head.md" "$tmp/doc.md" >"$doc"
	LC_ALL=C awk -F'\t' -v version="$version" -v part=readme -f "$SM_ROOT/bench/render.awk" \
		"$tmp/cases.tsv" "$tmp/results.tsv" "$tmp/baselines.tsv" >"$tmp/table.md"
	# the README's table sits between two marker comments
	grep -q '^<!-- bench-table begin' "$readme" && grep -q '^<!-- bench-table end' "$readme" ||
		{ rm -rf "$tmp"; sm_die "README.md has no <!-- bench-table begin/end --> markers"; }
	awk -v table="$tmp/table.md" '
		/^<!-- bench-table begin/ { print; while ((getline l < table) > 0) print l; skip = 1; next }
		/^<!-- bench-table end/ { skip = 0 }
		!skip' "$readme" >"$tmp/README.md"
	cat "$tmp/README.md" >"$readme"
	rm -rf "$tmp"
	sm_log "rendered doc/benchmark.md and README.md's table from bench/results/$version*.tsv"
}
