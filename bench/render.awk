# The rendered part of doc/benchmark.md (part=doc) or the README's table
# (part=readme), from three tab-separated inputs that bench/render.sh
# prepares: cases.tsv (case, "case", sha1 / case, "check", expression: every
# case file and its checks in order), results.tsv (the lines of
# bench/results/<version>.tsv) and baselines.tsv (the lines of each
# <version>-vs-<other>.tsv, the other version first).  Format of the
# results: bench/README.md.

function md(s) { gsub(/\|/, "\\|", s); return s }
function f1(x) { return (x == "" || x == "-") ? "-" : sprintf("%.1f", x) }
function runs1(s,    n, a, i, out) {
	n = split(s, a, ",")
	out = ""
	for (i = 1; i <= n; i++) out = out (i > 1 ? ", " : "") sprintf("%.1f", a[i])
	return out
}
# what a case's check says in this release: PASS/FAIL/ERROR with the value,
# or why it has none
function verdict_of(c, e) {
	if (!(c in st)) return "not run in this release"
	if (st[c] == "skipped") return "skipped: " st_detail[c]
	if (st[c] == "failed") return "could not run: " st_detail[c]
	if (!((c, e) in verdict)) return "not run (check added after the run)"
	return verdict[c, e]
}
function run_line(m, c,    s) {
	s = "Run: `" m[c, "command"] "`, " m[c, "date"] ", commit " m[c, "commit"] "; `--rows` " m[c, "rows"] ", median of " \
		m[c, "runs"] " runs after " m[c, "warmup"] " warm-up; " m[c, "settings"] ". Machine: " m[c, "cpus"] " CPUs (" \
		m[c, "cpu"] "), " m[c, "memory"] ", " m[c, "kernel"] ", " m[c, "os"] ", PostgreSQL " m[c, "postgresql"] "."
	return s
}

FILENAME ~ /cases\.tsv$/ {
	if ($2 == "case") { ncase++; cname[ncase] = $1; csha[$1] = $3 }
	else if ($2 == "check") { nchk[$1]++; chk[$1, nchk[$1]] = $3 }
	next
}
FILENAME ~ /results\.tsv$/ {
	c = $1
	if ($2 == "status") { st[c] = $3; st_detail[c] = $4 }
	else if ($2 == "meta") meta[c, $3] = $4
	else if ($2 == "load") { lb[c] = $3; la[c] = $4 }
	else if ($2 == "shape") shape[c] = $3
	else if ($2 == "query") {
		k = ++nq[c]
		ql[c, k] = $4; qw[c, k] = $5; qmed[c, k] = $6; qmin[c, k] = $7; qmax[c, k] = $8
		qx[c, k] = $9; qruns[c, k] = $11
	} else if ($2 == "check") { verdict[c, $5] = $3; value[c, $5] = $4; err[c, $5] = $6 }
	next
}
FILENAME ~ /baselines\.tsv$/ {
	b = $1; c = $2
	if (!(b in bseen)) { bseen[b] = 1; nb++; bname[nb] = b }
	if (!((b, c) in bcseen)) { bcseen[b, c] = 1; nbc[b]++; bcase[b, nbc[b]] = c }
	if ($3 == "status") { bst[b, c] = $4; bst_detail[b, c] = $5 }
	else if ($3 == "meta") bmeta[b SUBSEP c, $4] = $5
	else if ($3 == "load") { blb[b, c] = $4; bla[b, c] = $5 }
	else if ($3 == "base") {
		k = ++nbq[b, c]
		bl[b, c, k] = $5; bma[b, c, k] = $6; bmb[b, c, k] = $7; br[b, c, k] = $8; bra[b, c, k] = $9; brb[b, c, k] = $10
	} else if ($3 == "missing") { k = ++nbm[b, c]; bml[b, c, k] = $5; bme[b, c, k] = $6 }
	next
}

END {
	if (part == "readme") readme(); else doc()
}

function doc(    i, c, k, e, v, nfail, nnot, notrun, b, j, m) {
	print ""
	print "## Results"
	print ""
	print "Each case from the newest release whose results have it (`bench/results/<release>.tsv`: " sources ")."
	print "Times are medians in ms of psql's `\\timing` (client side: parse, plan,"
	print "execution, result transfer); \"x floor\" is the median over that of the case's latest `floor` query; each case's"
	print "queries are in `bench/cases/<case>.sql` under the same labels."
	print ""
	print "### Every goal"
	print ""
	print "| case | goal (`@check`) | measured | verdict |"
	print "|---|---|---|---|"
	for (i = 1; i <= ncase; i++) {
		c = cname[i]
		for (k = 1; k <= nchk[c]; k++) {
			e = chk[c, k]
			v = verdict_of(c, e)
			printf "| %s | `%s` | %s | %s |\n", c, md(e), ((c, e) in value ? value[c, e] : ""),
				(v == "FAIL" || v == "ERROR" ? "**" v "**" (err[c, e] != "" ? " (" md(err[c, e]) ")" : "") : md(v))
		}
	}
	print ""
	print "### Goals not met"
	print ""
	nfail = 0
	for (i = 1; i <= ncase; i++) {
		c = cname[i]
		for (k = 1; k <= nchk[c]; k++) {
			e = chk[c, k]
			v = verdict_of(c, e)
			if (v != "FAIL" && v != "ERROR") continue
			nfail++
			printf "- %s: `%s`: %s%s\n", c, md(e), (v == "FAIL" ? "measured " value[c, e] : "ERROR"),
				(err[c, e] != "" ? " (" md(err[c, e]) ")" : "")
		}
	}
	if (nfail == 0) print "None among the cases run."
	notrun = ""; nnot = 0
	for (i = 1; i <= ncase; i++) {
		c = cname[i]
		if (c in st && st[c] == "ran") continue
		notrun = notrun (nnot++ ? ", " : "") c
	}
	if (nnot) {
		print ""
		print "Not run in this release (their goals are neither met nor failed here): " notrun "."
	}

	for (i = 1; i <= ncase; i++) {
		c = cname[i]
		print ""
		print "### " c
		print ""
		if (!(c in st)) { print "Not run in this release."; continue }
		print run_line(meta, c)
		if (st[c] != "ran") {
			print ""
			print (st[c] == "skipped" ? "Skipped: " : "Could not run: ") md(st_detail[c]) "."
			continue
		}
		print "Load average (1 min): " lb[c] " before the timing, " la[c] " after, on " meta[c, "cpus"] " CPUs; wait for load: " \
			meta[c, "wait_load"] "."
		if (meta[c, "case_sha1"] != csha[c])
			print "The case file has changed since this run (" meta[c, "case_sha1"] " then, " csha[c] " now)."
		if (c in shape) { print ""; print "Data: " md(shape[c]) "." }
		print ""
		print "| query | workers | median ms | min | max | x floor | runs (ms, in order) |"
		print "|---|---|---|---|---|---|---|"
		for (k = 1; k <= nq[c]; k++)
			printf "| %s | %s | %s | %s | %s | %s | %s |\n", ql[c, k], qw[c, k], f1(qmed[c, k]), f1(qmin[c, k]),
				f1(qmax[c, k]), qx[c, k], runs1(qruns[c, k])
	}

	for (j = 1; j <= nb; j++) {
		b = bname[j]
		print ""
		print "## " version " against " b
		print ""
		print "From `bench/results/" version "-vs-" b ".tsv` (`--baseline`): the same rows in two databases of one cluster,"
		print "each query alternated between this release's build and " b "'s. \"" b " / " version "\" is " b "'s median over"
		print "this release's: above 1, " version " is faster. Plain-SQL queries run on both sides too: their ratio shows how"
		print "even the two sides were."
		for (i = 1; i <= nbc[b]; i++) {
			c = bcase[b, i]
			print ""
			print "### " c " against " b
			print ""
			print run_line(bmeta, b SUBSEP c) " Baseline: " bmeta[b SUBSEP c, "baseline"] "."
			if (bst[b, c] != "ran") {
				print ""
				print (bst[b, c] == "skipped" ? "Skipped: " : "Could not run: ") md(bst_detail[b, c]) "."
				continue
			}
			print "Load average (1 min): " blb[b, c] " before the timing, " bla[b, c] " after, on " bmeta[b SUBSEP c, "cpus"] " CPUs."
			if (bmeta[b SUBSEP c, "case_sha1"] != csha[c])
				print "The case file has changed since this run (" bmeta[b SUBSEP c, "case_sha1"] " then, " csha[c] " now)."
			print ""
			print "| query | " version " median ms | " b " median ms | " b " / " version " | " version " runs (ms) | " b " runs (ms) |"
			print "|---|---|---|---|---|---|"
			for (k = 1; k <= nbq[b, c]; k++)
				printf "| %s | %s | %s | %s | %s | %s |\n", bl[b, c, k], f1(bma[b, c, k]), f1(bmb[b, c, k]), br[b, c, k],
					runs1(bra[b, c, k]), runs1(brb[b, c, k])
			for (k = 1; k <= nbm[b, c]; k++)
				printf "| %s | | not in %s: %s | | | |\n", bml[b, c, k], b, md(bme[b, c, k])
		}
	}
}

# The README's table: per case, its load and its goals met and not met with
# the measured values; then the baselines' ratios of the queries of ours.
function readme(    i, c, k, e, v, met, tot, notmet, j, b, s, lo, hi, r) {
	print "| case | load average before → after (CPUs) | goals met | goals not met (measured) |"
	print "|---|---|---|---|"
	for (i = 1; i <= ncase; i++) {
		c = cname[i]
		if (nchk[c] == 0) continue
		if (!(c in st) || st[c] != "ran") {
			printf "| %s | | %s | |\n", c, (c in st ? st[c] : "not run in this release")
			continue
		}
		met = 0; tot = 0; notmet = ""
		for (k = 1; k <= nchk[c]; k++) {
			e = chk[c, k]
			v = verdict_of(c, e)
			tot++
			if (v == "PASS") met++
			else if (v == "FAIL" || v == "ERROR")
				notmet = notmet (notmet != "" ? "; " : "") "`" md(e) "` (" (v == "FAIL" ? value[c, e] : "ERROR") ")"
			else notmet = notmet (notmet != "" ? "; " : "") "`" md(e) "` (" md(v) ")"
		}
		printf "| %s | %s → %s (%s) | %d of %d | %s |\n", c, lb[c], la[c], meta[c, "cpus"], met, tot, notmet
	}
	for (j = 1; j <= nb; j++) {
		b = bname[j]
		s = ""; lo = ""; hi = ""
		for (i = 1; i <= nbc[b]; i++) {
			c = bcase[b, i]
			if (bst[b, c] != "ran") continue
			for (k = 1; k <= nbq[b, c]; k++) {
				r = br[b, c, k]
				if (bl[b, c, k] ~ /^ours/)
					s = s (s != "" ? ", " : "") c " `" bl[b, c, k] "` " r
				else if (bl[b, c, k] ~ /^plain/ && r != "-") {
					if (lo == "" || r + 0 < lo + 0) lo = r
					if (hi == "" || r + 0 > hi + 0) hi = r
				}
			}
		}
		if (s != "") {
			print ""
			print "Against " b " (its build in a second database of the same cluster, alternated; " b "'s median over " \
				version "'s, above 1 " version " is faster): " s "." \
				(lo != "" ? " The plain-SQL queries, the same work on both sides, came out at " lo "-" hi \
					": differences within that spread are noise." : "")
		}
	}
}
