#!/usr/bin/env bash
# The README against the installed extension:
#  1. every function, aggregate and type of the extension is named in the
#     README (in backquotes) and has a COMMENT; support functions (type I/O,
#     transition, combine, final and inverse functions) may instead be named
#     in doc/support_functions.md, which the README links;
#  2. every function named in a README reference table (rows that start with
#     "| `name(") exists in the extension;
#  3. every relative link of the README and doc/recipes.md names a file of
#     the project, and every #anchor a heading of the file it names;
#  4. every ```sql block of the README, then of doc/recipes.md, runs, in order, in one session, in
#     the state `bash tools/demo.sh --psql` promises: the demo data set
#     (demo/schema.sql + demo/generate.sql), the report already run (so its
#     materialized view demo.daily_first_reply exists), search_path = demo,
#     public.  No block may fail (a name that clashes with the report's
#     objects fails), and afterwards no table may have two indexes with the
#     same definition.  Blocks whose info string is "sql pg_cron" run in a
#     second cluster with Debian's pg_cron preloaded; "sql citus" blocks need
#     a Citus cluster and are skipped (test/95_citus.sh checks the same split
#     and plan shape); "sql own-tables" blocks run in test/07_own_tables.sh
#     on the fixtures of test/data/fixtures; "sql norun" blocks are fragments
#     (a reason must follow "norun").
set -euo pipefail
source "$SM_ROOT/tools/lib.sh"
readme=$SM_ROOT/README.md
support_doc=$SM_ROOT/doc/support_functions.md
q() { psql -qXAt -v ON_ERROR_STOP=1 "$@"; }
fail=0

q -c 'CREATE EXTENSION social_metrics'
members="
SELECT kind, name, has_comment FROM (
  SELECT CASE p.prokind WHEN 'a' THEN 'aggregate' ELSE 'function' END AS kind,
         p.proname::text AS name, obj_description(p.oid, 'pg_proc') IS NOT NULL AS has_comment
    FROM pg_depend d JOIN pg_proc p ON p.oid = d.objid
   WHERE d.classid = 'pg_proc'::regclass AND d.deptype = 'e'
     AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'social_metrics')
  UNION ALL
  SELECT 'type', t.typname::text, obj_description(t.oid, 'pg_type') IS NOT NULL
    FROM pg_depend d JOIN pg_type t ON t.oid = d.objid
   WHERE d.classid = 'pg_type'::regclass AND d.deptype = 'e'
     AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'social_metrics')
     AND t.typcategory <> 'A'  -- from PostgreSQL 17 a type's array type is a member too
) m ORDER BY 1, 2"

n=0
while IFS='|' read -r kind name has_comment; do
	n=$((n + 1))
	if ! grep -q "\`$name[(\` ]" "$readme" && ! grep -q "\`$name\`" "$readme"; then
		if [[ $name =~ _(in|out|recv|send|transfn|inv|combine|finalfn)$ ]] && grep -q "\`$name\`" "$support_doc" &&
			grep -q '(doc/support_functions.md)' "$readme"; then
			:
		else
			echo "not documented in README.md (nor, for a support function, in doc/support_functions.md): $kind $name"
			fail=1
		fi
	fi
	if [ "$has_comment" != t ]; then
		echo "no COMMENT ON: $kind $name"
		fail=1
	fi
done < <(q -F'|' -c "$members")
echo "extension members checked: $n"
[ "$n" -gt 0 ] || { echo "the extension has no members?"; fail=1; }

# 2. Names in the reference tables exist.
mapfile -t named < <(grep -oE '^\| *`[a-z_][a-z0-9_]*\(' "$readme" | sed -E 's/^\| *`//; s/\($//' | sort -u)
for name in "${named[@]}"; do
	if [ "$(q -c "SELECT count(*) FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass AND d.deptype = 'e' JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'social_metrics' WHERE p.proname = '$name'")" = 0 ]; then
		echo "README names $name(...), which the extension does not have"
		fail=1
	fi
done
echo "reference-table functions checked: ${#named[@]}"

# 3. Links: relative links name files of the project, #anchors name headings
#    of the README (GitHub's slugs: lower case, punctuation dropped except
#    "-" and "_", spaces to "-").
if ! python3 - "$readme" "$SM_ROOT" <<'PY'
import os, re, sys
readme, root = sys.argv[1], sys.argv[2]
def prose(path):
    text = open(path, encoding="utf-8").read()
    return re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)
def slugs(path):
    out = set()
    for h in re.findall(r"^#{1,6} +(.*?) *$", prose(path), flags=re.M):
        h = re.sub(r"`", "", h).lower()
        out.add(re.sub(r" ", "-", re.sub(r"[^\w\- ]", "", h)))
    return out
bad = 0
# the README, and doc/recipes.md, whose blocks run after the README's
for doc in (readme, os.path.join(root, "doc/recipes.md")):
    here = os.path.dirname(doc)
    for target in re.findall(r"\]\(([^)\s]+)\)", prose(doc)):
        if re.match(r"[a-z]+:", target):
            continue
        path, _, anchor = target.partition("#")
        path = os.path.normpath(os.path.join(here, path)) if path else doc
        name = os.path.relpath(doc, root)
        if not os.path.exists(path):
            print(name + " links to a missing file: " + target); bad = 1
        elif anchor and path.endswith(".md") and anchor not in slugs(path):
            print(name + " links to a missing heading: " + target); bad = 1
sys.exit(bad)
PY
then
	fail=1
fi

# 4. The SQL examples.
blocks=$SM_TMP/blocks
mkdir -p "$blocks"
awk -v dir="$blocks" '
	/^```sql/ { inblock = 1; n++; info = $0; sub(/^```sql */, "", info);
	            f = sprintf("%s/%03d.sql", dir, n); printf "-- %s\n", info > f; next }
	/^```/ && inblock { inblock = 0; close(f); next }
	inblock { print > f }
' "$readme" "$SM_ROOT/doc/recipes.md"
q -f "$SM_ROOT/demo/schema.sql" >/dev/null
q -f "$SM_ROOT/demo/generate.sql" >/dev/null
# The report first, as tools/demo.sh runs it before it opens psql.
if ! q -v demo_dir="$SM_ROOT/demo" -f "$SM_ROOT/demo/report.sql" >"$SM_TMP/report.txt" 2>"$SM_TMP/report.err"; then
	echo "the report failed:"; sed 's/^/  ! /' "$SM_TMP/report.err"; fail=1
fi
q -c "SELECT 1 FROM demo.daily_first_reply LIMIT 1" >/dev/null ||
	{ echo "the report did not leave demo.daily_first_reply"; fail=1; }

cron_blocks=()
session=()
ran=0 skipped=0
for f in "$blocks"/*.sql; do
	[ -e "$f" ] || continue
	info=$(head -n 1 "$f" | sed 's/^-- //')
	case $info in
	citus*) skipped=$((skipped + 1)); continue ;;
	norun*)
		[ -n "${info#norun}" ] || { echo "$(basename "$f"): norun without a reason"; fail=1; }
		skipped=$((skipped + 1)); continue ;;
	pg_cron*) cron_blocks+=("$f"); continue ;;
	own-tables) skipped=$((skipped + 1)); continue ;;
	"") ;;
	*) echo "$(basename "$f"): unknown info string 'sql $info' (use sql, sql pg_cron, sql citus, sql own-tables or sql norun <reason>)"
	   fail=1; continue ;;
	esac
	session+=("$f")
	ran=$((ran + 1))
done
# One session, as in `tools/demo.sh --psql`: each block included in order;
# psql names the block's file in every error it prints.  ON_ERROR_STOP
# stops the session at the first failure of any kind (an SQL error, or a
# psql error such as an \ir of a missing file, which prints "error:" and
# no "ERROR"), and psql's exit status says so; a marker echoed after each
# block counts the blocks that really ran, so a block cannot be skipped
# silently.
for f in "${session[@]}"; do
	b=$(basename "$f" .sql)
	echo "\\echo '-- block $b'"; echo "\\ir $f"; echo "\\echo '-- ran block $b'"
done >"$SM_TMP/session.sql"
session_rc=0
PGOPTIONS="-c search_path=demo,public" psql -qX -v ON_ERROR_STOP=1 -f "$SM_TMP/session.sql" \
	>"$SM_TMP/session.out" 2>"$SM_TMP/session.err" || session_rc=$?
ran=$(grep -c '^-- ran block ' "$SM_TMP/session.out" || true)
if [ "$session_rc" -ne 0 ] || [ "$ran" -ne ${#session[@]} ]; then
	failed=$(grep '^-- block ' "$SM_TMP/session.out" | tail -n 1 | sed 's/^-- block //')
	echo "README SQL block $failed failed in the --psql session (psql exit status $session_rc; $ran of ${#session[@]} blocks ran):"
	[ -n "$failed" ] && sed 's/^/    /' "$blocks/$failed.sql"
	sed 's/^/  ! /' "$SM_TMP/session.err"
	fail=1
elif grep -q 'ERROR' "$SM_TMP/session.err"; then
	# an error ON_ERROR_STOP does not stop on (none expected)
	grep 'ERROR' "$SM_TMP/session.err" | sed 's/^/  ! /'
	fail=1
fi

# 5. Figures.  (a) A statement followed by "-- expect: <output>" lines (psql
# -At, columns joined by "|") must print exactly that.  (b) Every duration in
# the README paragraph just above such a block ("63 hours 10 minutes", "5
# minutes") must equal a duration of the expected output, so a figure in
# prose cannot drift from what the function returns.  (c) In prose,
# "`SELECT ...` gives `X`" and "`f(...)` = {a, b}" are run and compared (a
# number to as many decimals as written).
if ! python3 - "$SM_ROOT" "$blocks" >"$SM_TMP/figures.txt" <<'PY'
import glob, os, re, subprocess, sys
root, blocks = sys.argv[1], sys.argv[2]
bad = 0
def run(sql):
    r = subprocess.run(["psql", "-XAtq", "-F", "|", "-v", "ON_ERROR_STOP=1", "-c", sql],
                       capture_output=True, text=True,
                       env=dict(os.environ, PGOPTIONS="-c search_path=demo,public"))
    return r.returncode, r.stdout.rstrip("\n"), r.stderr.strip()
UNITS = {"day": 86400, "hour": 3600, "minute": 60, "second": 1}
def prose_durations(text):
    out = []
    for m in re.finditer(r"\d+ (?:days?|hours?|minutes?|seconds?)(?:,? (?:and )?\d+ (?:days?|hours?|minutes?|seconds?))*", text):
        secs = sum(int(n) * UNITS[u] for n, u in re.findall(r"(\d+) (day|hour|minute|second)", m.group(0)))
        out.append((m.group(0), secs))
    return out
def output_durations(text):
    out = set()
    for m in re.finditer(r"(?:(\d+) days? )?(\d+):(\d\d):(\d\d)", text):
        d, h, mi, s = (int(x or 0) for x in m.groups())
        out.add(d * 86400 + h * 3600 + mi * 60 + s)
    return out
checked = 0
text = open(os.path.join(root, "README.md"), encoding="utf-8").read()
lines = text.split("\n")
n = 0
for i, line in enumerate(lines):
    if not line.startswith("```sql"):
        continue
    n += 1
    f = os.path.join(blocks, "%03d.sql" % n)
    body = open(f, encoding="utf-8").read().split("\n")[1:]
    cur, last, pairs = [], None, []
    for l in body:
        m = re.match(r"^-- expect: (.*)$", l)
        if m:
            if last is None or cur:
                print("README block %03d: an expect line follows no complete statement" % n); bad = 1; continue
            if pairs and pairs[-1][0] is last:
                pairs[-1][1].append(m.group(1))
            else:
                pairs.append((last, [m.group(1)]))
            continue
        if not cur and (not l.strip() or l.strip().startswith("--")):
            continue
        cur.append(l)
        if l.rstrip().endswith(";"):
            last, cur = "\n".join(cur), []
    pairs = [(sql, "\n".join(want)) for sql, want in pairs]
    if not pairs:
        continue
    outputs = []
    for sql, want in pairs:
        rc, got, err = run(sql)
        checked += 1
        outputs.append(want)
        if rc != 0 or got != want:
            print("README block %03d: %s\n  printed: %s\n  expected (-- expect:): %s %s" % (n, sql.strip(), got, want, err)); bad = 1
    # the paragraph above the block
    j = i - 1
    while j >= 0 and not lines[j].strip(): j -= 1
    k = j
    while k >= 0 and lines[k].strip() and not lines[k].startswith("```"): k -= 1
    para = " ".join(lines[k + 1:j + 1])
    have = output_durations("\n".join(outputs))
    for phrase, secs in prose_durations(para):
        checked += 1
        if secs not in have:
            print("README: \"%s\" in the paragraph above block %03d is not a duration the block prints (%s)" % (phrase, n, ", ".join("%d s" % h for h in sorted(have)))); bad = 1
prose = re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)
for m in re.finditer(r"`(SELECT [^`]+)` gives `([^`]+)`", prose):
    rc, got, err = run(m.group(1)); checked += 1
    if rc != 0 or got != m.group(2):
        print("README: `%s` gives `%s`, says the README; it prints %s %s" % (m.group(1), m.group(2), got, err)); bad = 1
for m in re.finditer(r"`([a-z_]+\([^`]*\))` = \{([^}]*)\}", prose):
    rc, got, err = run("SELECT " + m.group(1)); checked += 1
    said = [x.strip() for x in m.group(2).split(",")]
    vals = got.strip("{}").split(",")
    ok = rc == 0 and len(vals) == len(said)
    if ok:
        for s, v in zip(said, vals):
            dec = len(s.split(".")[1]) if "." in s else 0
            ok &= round(float(v), dec) == float(s)
    if not ok:
        print("README: `%s` = {%s}, says the README; it prints %s %s" % (m.group(1), m.group(2), got, err)); bad = 1
print("figures checked: %d" % checked)
sys.exit(bad)
PY
then
	fail=1
fi
cat "$SM_TMP/figures.txt"
grep -q '^figures checked: [1-9]' "$SM_TMP/figures.txt" || { echo "no README figure was checked"; fail=1; }
# No duplicate indexes: two indexes of one table with the same definition
# (a recipe's CREATE UNIQUE INDEX repeating the report's).
dups=$(q -F ' ' -c "SELECT schemaname || '.' || tablename, string_agg(indexname, ', ' ORDER BY indexname)
	FROM pg_indexes WHERE schemaname NOT IN ('pg_catalog', 'information_schema')
	GROUP BY schemaname, tablename, regexp_replace(indexdef, '^(CREATE (UNIQUE )?INDEX) \S+ ON', '\1 ON')
	HAVING count(*) > 1")
if [ -n "$dups" ]; then
	echo "duplicate indexes after the README blocks: $dups"; fail=1
else
	echo "no duplicate index after the report and the README blocks"
fi

if [ ${#cron_blocks[@]} -gt 0 ]; then
	# A second cluster with pg_cron preloaded, as the recipe needs.
	main_host=$PGHOST
	SM_BIN=$SM_BIN sm_cluster_start "$SM_TMP/cron" "shared_preload_libraries=pg_cron" "cron.database_name=postgres"
	trap 'sm_cluster_stop' EXIT
	q -d postgres -c 'CREATE EXTENSION social_metrics' -c 'CREATE EXTENSION pg_cron'
	q -d postgres -f "$SM_ROOT/demo/schema.sql" >/dev/null
	q -d postgres -f "$SM_ROOT/demo/generate.sql" >/dev/null
	for f in "${cron_blocks[@]}"; do
		if ! out=$(q -d postgres -f "$f" 2>&1 >/dev/null); then
			echo "README SQL block $(basename "$f" .sql) (pg_cron) failed:"; sed 's/^/    /' "$f"; echo "$out" | sed 's/^/  ! /'
			fail=1
		fi
		ran=$((ran + 1))
	done
	sm_cluster_stop
	export PGHOST=$main_host
fi
echo "README SQL blocks: $ran ran, $skipped skipped (citus/norun)"
[ "$ran" -gt 0 ] || { echo "no SQL block ran"; fail=1; }
exit $fail
