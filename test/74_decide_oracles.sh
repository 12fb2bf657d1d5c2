#!/usr/bin/env bash
# Differential tests of the decision functions (SPEC 4c) against independent
# oracles:
#   1. hour_of_week against Python's zoneinfo (the same system tz database
#      the server reads): thousands of pseudo-random instants in zones with
#      odd offsets (Australia/Lord_Howe: half-hour DST; Pacific/Chatham:
#      +12:45/+13:45; Asia/Kathmandu: +05:45; America/St_Johns: -03:30 with
#      DST) and every DST change of 2025-2027 in those and six more zones,
#      probed at -1 h, -1 s, 0, +1 s, +30 min, +1 h around the change;
#   2. p_adjust against statsmodels multipletests (holm, fdr_bh,
#      bonferroni) per partition, with ties, NULLs, 0 and 1, to 1e-12;
#   3. engagement_rate_lift on the UCI Facebook posts (test/data), for
#      contrasts by type, paid and category, by reach and by impressions,
#      bigint and float8 inputs, at 0.9 and 0.95, against the SPEC formula
#      in numpy with scipy's t distribution (Welch-Satterthwaite degrees of
#      freedom, not rounded; the t quantile by inverting scipy's
#      distribution function, its own ppf is good to ~5e-9 only): 1e-9
#      relative; serial, forced-parallel and rolled-up monthly states give
#      the same state text and the same result;
#   4. engagement_rate_shrunk on per-(type, hour) states of the UCI posts
#      (partition = type) and on synthetic slot states, against tau^2 of
#      statsmodels combine_effects(method_re='dl') and the SPEC formula:
#      1e-9 relative.
# Every check prints "name|true" or "name|false"; the test fails on any false.
set -euo pipefail

ROOT=${SM_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
CSV=$ROOT/test/data/facebook_metrics.csv
source "$ROOT/tools/lib.sh"
sm_deps python3-statsmodels python3-scipy python3-numpy tzdata || { echo "cannot install python3-statsmodels"; exit 77; }
PY=/usr/bin/python3
TMP=${SM_TMP:-$(mktemp -d)}
chmod 777 "$TMP" 2>/dev/null || true
q() { psql -qXAt -F '|' -v ON_ERROR_STOP=1 "$@"; }

# 1. the instants, chosen in Python (pseudo-random from a fixed seed, and the
#    DST changes found by bisection on the utcoffset)
"$PY" - "$TMP/instants.csv" <<'PY'
import sys, random
from datetime import datetime, timezone
from zoneinfo import ZoneInfo
odd = ["Australia/Lord_Howe", "Pacific/Chatham", "Asia/Kathmandu", "America/St_Johns"]
dst = odd + ["Europe/Helsinki", "America/New_York", "Australia/Sydney", "Europe/London",
             "America/Santiago", "Asia/Tehran"]
rng = random.Random(21)
rows = []
lo, hi = int(datetime(2020, 1, 1, tzinfo=timezone.utc).timestamp()), int(datetime(2032, 1, 1, tzinfo=timezone.utc).timestamp())
for z in odd:
    for _ in range(2500):
        rows.append((z, rng.randrange(lo, hi)))
def off(z, t):
    return datetime.fromtimestamp(t, ZoneInfo(z)).utcoffset()
start = int(datetime(2025, 1, 1, tzinfo=timezone.utc).timestamp())
end = int(datetime(2028, 1, 1, tzinfo=timezone.utc).timestamp())
changes = 0
for z in dst:
    t = start
    while t < end:
        n = t + 6 * 3600
        if off(z, t) != off(z, n):
            a, b = t, n
            while b - a > 1:
                m = (a + b) // 2
                if off(z, m) == off(z, a): a = m
                else: b = m
            changes += 1
            for d in (-3600, -1, 0, 1, 1800, 3600):
                rows.append((z, b + d))
        t = n
with open(sys.argv[1], "w") as f:
    for z, t in rows:
        f.write(f"{z},{t}\n")
print(f"instants: {len(rows)}, DST changes 2025-2027: {changes}", file=sys.stderr)
PY

q -c "SET client_min_messages = warning" -c "CREATE EXTENSION IF NOT EXISTS social_metrics" \
	-c "DROP TABLE IF EXISTS how_in, fb, fbbig" \
	-c "CREATE TABLE how_in (zone text, epoch bigint)" \
	-c "\\copy how_in FROM '$TMP/instants.csv' WITH (FORMAT csv)" \
	-c "CREATE TABLE fb (page_total_likes int, type text, category int, post_month int, post_weekday int, post_hour int, paid int, total_reach bigint, total_impressions bigint, engaged_users bigint, consumers int, consumptions int, impressions_by_likers int, reach_by_likers int, likers_engaged int, comment int, likes int, share int, total_interactions bigint)" \
	-c "\\copy fb FROM '$CSV' WITH (FORMAT csv, DELIMITER ';', HEADER true)"

q -c "SELECT zone, epoch, hour_of_week(to_timestamp(epoch), zone) FROM how_in" >"$TMP/how.txt"

# 2. p-values: 60 partitions of 0 to 59 rows; some with values rounded to
#    two decimals (ties), NULLs, exact 0 and 1
q >"$TMP/padj.txt" <<'SQL'
CREATE TEMP TABLE pv AS
SELECT g, i,
       CASE WHEN (hashint8(g * 1000 + i) & 15) = 0 THEN NULL
            WHEN i = 3 AND g % 5 = 0 THEN 0.0
            WHEN i = 4 AND g % 7 = 0 THEN 1.0
            WHEN g % 3 = 0 THEN round((u ^ 3)::numeric, 2)::float8
            ELSE u ^ 4 END AS p
  FROM (SELECT g, i, ((hashint8(-(g * 1000 + i)) & 2147483647)::float8 + 0.5) / 2147483648 AS u
          FROM generate_series(0, 59) g, generate_series(1, 59) i WHERE i <= g) a;
SELECT g, i, p, p_adjust(p) OVER w, p_adjust(p, 'holm') OVER w, p_adjust(p, 'bh') OVER w,
       p_adjust(p, 'bonferroni') OVER (PARTITION BY g ORDER BY i ROWS BETWEEN CURRENT ROW AND CURRENT ROW)
  FROM pv WINDOW w AS (PARTITION BY g ORDER BY i) ORDER BY g, i;
SQL

# 3. lift: contrasts on the UCI posts
q >"$TMP/lift.txt" <<'SQL'
CREATE TEMP TABLE contrasts AS
SELECT * FROM (VALUES ('type=Photo'), ('type=Status'), ('type=Link'), ('type=Video'), ('paid=1'),
                      ('category=1'), ('category=2'), ('category=3')) c(name);
CREATE TEMP VIEW fbt AS
SELECT c.name, f.*,
       CASE split_part(c.name, '=', 1) WHEN 'type' THEN f.type = split_part(c.name, '=', 2)
            WHEN 'paid' THEN f.paid::text = split_part(c.name, '=', 2)
            ELSE f.category::text = split_part(c.name, '=', 2) END AS tr
  FROM fb f, contrasts c;
SELECT name, 'reach', 'int8', conf, r[1], r[2], r[3], r[4]
  FROM (SELECT name, 0.95 AS conf, engagement_rate_lift(total_interactions, total_reach, tr) AS r FROM fbt GROUP BY name
        UNION ALL
        SELECT name, 0.9, engagement_rate_lift(total_interactions, total_reach, tr, 0.9) FROM fbt GROUP BY name) a
UNION ALL
SELECT name, 'impressions', 'float8', conf, r[1], r[2], r[3], r[4]
  FROM (SELECT name, 0.95 AS conf, engagement_rate_lift(total_interactions::float8, total_impressions::float8, tr) AS r FROM fbt GROUP BY name
        UNION ALL
        SELECT name, 0.9, engagement_rate_lift(engagement_rate_lift_state(total_interactions::float8, total_impressions::float8, tr), 0.9) FROM fbt GROUP BY name) b
 ORDER BY 1, 2, 4;
SQL

# plan independence: serial, forced parallel, rolled-up monthly states
q >"$TMP/plans.txt" <<'SQL'
CREATE TABLE fbbig AS SELECT f.*, k FROM fb f, generate_series(1, 200) k;
ANALYZE fbbig;
SET max_parallel_workers_per_gather = 0;
SELECT 'state_serial', engagement_rate_lift_state(total_interactions * k, total_reach, type = 'Video') FROM fbbig;
SELECT 'result_serial', engagement_rate_lift(total_interactions * k, total_reach, type = 'Video') FROM fbbig;
SELECT 'state_rollup', rollup(st::text::ratio_lift_state) FROM
  (SELECT post_month, engagement_rate_lift_state(total_interactions * k, total_reach, type = 'Video') AS st FROM fbbig GROUP BY post_month) m;
SELECT 'state_binary', ratio_lift_state_recv_test FROM (SELECT 1) x,
  LATERAL (SELECT ratio_lift_state_send(engagement_rate_lift_state(total_interactions * k, total_reach, type = 'Video')) AS ratio_lift_state_recv_test FROM fbbig) y;
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2; SET parallel_leader_participation = off;
SELECT 'state_parallel', engagement_rate_lift_state(total_interactions * k, total_reach, type = 'Video') FROM fbbig;
SELECT 'result_parallel', engagement_rate_lift(total_interactions * k, total_reach, type = 'Video') FROM fbbig;
SQL
# the parallel plan really splits the aggregate
plan=$(q -c "SET parallel_setup_cost = 0" -c "SET parallel_tuple_cost = 0" -c "SET min_parallel_table_scan_size = 0" \
	-c "SET max_parallel_workers_per_gather = 2" \
	-c "EXPLAIN SELECT engagement_rate_lift(total_interactions * k, total_reach, type = 'Video') FROM fbbig")

# 4. shrinkage: per (type, post hour) of the UCI posts, and synthetic slots
q >"$TMP/shrunk.txt" <<'SQL'
CREATE TEMP TABLE slots AS
SELECT 'uci/' || type AS part, post_hour AS slot, engagement_rate_ci_state(total_interactions, total_impressions) AS st
  FROM fb GROUP BY type, post_hour
UNION ALL
SELECT 'syn/' || a, s, engagement_rate_ci_state(e, d)
  FROM (SELECT a, s, j, d, round(d * (0.03 + 0.004 * ((s * 7 + a) % 5) * (a % 3)) * exp(0.6 * (u - 0.5)))::bigint AS e
          FROM (SELECT a, s, j, round(exp(6 + 1.5 * u1))::bigint AS d, u2 AS u
                  FROM (SELECT a, s, j, ((hashint8(a * 100000 + s * 100 + j) & 2147483647)::float8 + 0.5) / 2147483648 AS u1,
                               ((hashint8(-(a * 100000 + s * 100 + j)) & 2147483647)::float8 + 0.5) / 2147483648 AS u2
                          FROM generate_series(1, 6) a, generate_series(0, 40) s, generate_series(1, 30) j
                         WHERE j <= 1 + (s * 13 + a * 7) % 30) g) h) k
 GROUP BY a, s;
SELECT part, slot, (split_part(trim(both '()' from st::text), ',', 1))::bigint, engagement_rate(st), engagement_rate_se(st),
       r[1], r[2], r[3], r90[2], r90[3]
  FROM (SELECT part, slot, st, engagement_rate_shrunk(st) OVER (PARTITION BY part) AS r,
               engagement_rate_shrunk(st, 0.9) OVER (PARTITION BY part ORDER BY slot) AS r90
          FROM slots) x ORDER BY 1, 2;
SQL

fail=0
"$PY" - "$TMP" "$CSV" "$plan" <<'PY' || fail=1
import csv, sys
from datetime import datetime
from zoneinfo import ZoneInfo
import numpy as np
from scipy import stats, optimize
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.meta_analysis import combine_effects

tmp, path, plan = sys.argv[1], sys.argv[2], sys.argv[3]
checks = []
def check(name, ok):
    checks.append(ok)
    print(f"{name}|{'true' if ok else 'false'}")
def num(x):
    return None if x == '' else float(x)

# 1. hour_of_week
bad = n = 0
for line in open(f"{tmp}/how.txt"):
    z, t, h = line.strip().split('|')
    loc = datetime.fromtimestamp(int(t), ZoneInfo(z))
    n += 1
    if int(h) != loc.weekday() * 24 + loc.hour:
        bad += 1
        if bad < 5: print("  hour_of_week", z, t, h, loc)
print(f"hour_of_week: {n} instants, {bad} differ from zoneinfo")
check("hour_of_week_vs_zoneinfo", bad == 0 and n > 10000)

# 2. p_adjust
groups = {}
for line in open(f"{tmp}/padj.txt"):
    g, i, p, h0, h, bh, bo = line.strip().split('|')
    groups.setdefault(g, []).append((num(p), num(h0), num(h), num(bh), num(bo)))
worst = 0.0; nulls_ok = True; ties = 0; npart = 0
for g, rows in groups.items():
    ps = np.array([r[0] for r in rows if r[0] is not None])
    nulls_ok &= all(all(x is None for x in r[1:]) for r in rows if r[0] is None)
    if len(ps) == 0:
        continue
    npart += 1
    ties += len(ps) - len(set(ps))
    for k, m in ((1, 'holm'), (2, 'holm'), (3, 'fdr_bh'), (4, 'bonferroni')):
        ours = np.array([r[k] for r in rows if r[0] is not None])
        ref = multipletests(ps, method=m)[1]
        worst = max(worst, float(np.max(np.abs(ours - ref))))
print(f"p_adjust: {npart} partitions, {ties} tied p-values, largest difference {worst:.2e}")
check("p_adjust_vs_statsmodels_multipletests_1e-12", worst <= 1e-12 and ties > 50 and npart > 50)
check("p_adjust_null_p_stays_null", nulls_ok)

# 3. lift
def tcrit(conf, df):
    a = (1 - conf) / 2
    return optimize.brentq(lambda t: stats.t.sf(t, df) - a, 0, 1e4, xtol=1e-15, rtol=1e-15, maxiter=500)
fb = list(csv.reader(open(path), delimiter=';'))[1:]
def treated(name, r):
    k, v = name.split('=')
    x = {'type': r[1], 'paid': r[6], 'category': r[2]}[k]
    return None if x == '' else x == v
col = {'reach': 7, 'impressions': 8}
maxrel = 0.0; bad = rows = 0
for line in open(f"{tmp}/lift.txt"):
    name, den, kind, conf, *res = line.strip().split('|')
    res = [num(x) for x in res]; conf = float(conf)
    grp = {True: [], False: []}
    for r in fb:
        if r[18] == '' or r[col[den]] == '' or treated(name, r) is None or float(r[col[den]]) <= 0:
            continue
        grp[treated(name, r)].append((float(r[18]), float(r[col[den]])))
    st = {}
    for k, v in grp.items():
        e = np.array([x for x, _ in v]); d = np.array([y for _, y in v]); n = len(e)
        R = e.sum() / d.sum()
        se2 = ((e - R * d) ** 2).sum() / (n * (n - 1) * (d.sum() / n) ** 2)
        st[k] = (R, se2 / R ** 2, n)
    (R1, v1, n1), (R0, v0, n0) = st[True], st[False]
    v = v1 + v0; df = v ** 2 / (v1 ** 2 / (n1 - 1) + v0 ** 2 / (n0 - 1))
    t = tcrit(conf, df); lr = np.log(R1 / R0)
    ref = [R1 / R0 - 1, np.expm1(lr - t * np.sqrt(v)), np.expm1(lr + t * np.sqrt(v)),
           2 * stats.t.sf(abs(lr) / np.sqrt(v), df)]
    rel = max(abs(a - b) / abs(b) for a, b in zip(res, ref))
    maxrel = max(maxrel, rel); rows += 1
    if rel > 1e-9:
        bad += 1; print("  lift", name, den, kind, conf, res, ref)
print(f"engagement_rate_lift: {rows} contrasts, largest relative difference {maxrel:.2e}")
check("engagement_rate_lift_uci_vs_numpy_scipy_1e-9", bad == 0 and rows == 32)
pl = dict(line.rstrip('\n').split('|', 1) for line in open(f"{tmp}/plans.txt"))
check("lift_state_serial_eq_parallel", pl['state_serial'] == pl['state_parallel'])
check("lift_state_serial_eq_rollup_of_monthly_text_states", pl['state_serial'] == pl['state_rollup'])
check("lift_result_serial_eq_parallel", pl['result_serial'] == pl['result_parallel'])
check("lift_state_binary_is_version_1_and_344_bytes", pl['state_binary'].startswith('\\x01') and len(pl['state_binary']) == 2 + 2 * 345)
check("parallel_plan_has_partial_aggregate", 'Partial Aggregate' in plan and 'Gather' in plan)

# 4. shrinkage
parts = {}
for line in open(f"{tmp}/shrunk.txt"):
    part, slot, n, R, se, est, lo, hi, lo90, hi90 = line.strip().split('|')
    parts.setdefault(part, []).append((int(n), num(R), num(se), num(est), num(lo), num(hi), num(lo90), num(hi90)))
maxrel = 0.0; bad = 0; npool = 0; nthin = 0
z95, z90 = stats.norm.isf(0.025), stats.norm.isf(0.05)
for part, rows in parts.items():
    use = [r for r in rows if r[0] >= 2 and r[2] is not None and r[2] > 0]
    if len(use) < 2:
        continue
    eff = np.array([r[1] for r in use]); var = np.array([r[2] ** 2 for r in use])
    res = combine_effects(eff, var, method_re='dl')
    tau2 = max(0.0, res.tau2)
    w = 1 / var; Rw = (w * eff).sum() / w.sum()
    for r in rows:
        n, R, se, est, lo, hi, lo90, hi90 = r
        if n >= 2 and se is not None and se > 0:
            B = tau2 / (tau2 + se ** 2)
            e = Rw + B * (R - Rw); hw = np.sqrt(B * se ** 2)
            ref = [e, e - z95 * hw, e + z95 * hw, e - z90 * hw, e + z90 * hw]
            got = [est, lo, hi, lo90, hi90]
            npool += 1
        else:
            ref = [Rw]; got = [est]
            ok_null = lo is None and hi is None
            nthin += 1
            if not ok_null: bad += 1
        rel = max(abs(a - b) / abs(b) for a, b in zip(got, ref))
        maxrel = max(maxrel, rel)
        if rel > 1e-9:
            bad += 1; print("  shrunk", part, r, ref)
print(f"engagement_rate_shrunk: {len(parts)} partitions, {npool} pooled rows, {nthin} thin rows, largest relative difference {maxrel:.2e}")
check("engagement_rate_shrunk_vs_statsmodels_dl_1e-9", bad == 0 and npool > 150 and nthin > 0)

print(f"{sum(checks)} checks passed, {len(checks) - sum(checks)} failed")
sys.exit(0 if all(checks) else 1)
PY

# 5. ratio_lift_state binary I/O: a binary COPY round trip of states, and
#    crafted fields (unknown version, short, trailing byte, negative count,
#    sums without rows, confidence 1.5) rejected with 22P03
q <<'SQL'
SET client_min_messages = warning;
DROP TABLE IF EXISTS ls, ls2, ls_bad;
CREATE TABLE ls (k int, s ratio_lift_state);
INSERT INTO ls SELECT post_month, engagement_rate_lift_state(total_interactions, total_reach, paid = 1) FROM fb GROUP BY post_month;
INSERT INTO ls SELECT 100, engagement_rate_lift_state(total_interactions::float8 / 7, total_reach::float8 / 3, type = 'Photo') FROM fb;
INSERT INTO ls VALUES (101, '((0,0,0,0,0,0),(0,0,0,0,0,0),0.9)'), (102, NULL);
CREATE TABLE ls2 (LIKE ls);
CREATE TABLE ls_bad (s ratio_lift_state);
SQL
q -c "\\copy ls TO '$TMP/ls.bin' WITH (FORMAT binary)"
q -c "\\copy ls2 FROM '$TMP/ls.bin' WITH (FORMAT binary)"
r=$(q -c "SELECT count(*) = 15 AND bool_and(a.s::text IS NOT DISTINCT FROM b.s::text)
	AND bool_and(ratio_lift_state_send(a.s) IS NOT DISTINCT FROM ratio_lift_state_send(b.s)) FROM ls a JOIN ls2 b USING (k)")
if [ "$r" = t ]; then echo "binary_copy_round_trip_15_states|true"; else echo "binary_copy_round_trip_15_states|false ($r)"; fail=1; fi
q -c "COPY (SELECT s FROM ls WHERE k = 100) TO STDOUT WITH (FORMAT binary)" >"$TMP/one.bin"
# crafted field: python rewrites the one field of the file
craft() {
	"$PY" - "$TMP/one.bin" "$TMP/bad.bin" "$1" <<'PY'
import struct, sys
src, dst, how = sys.argv[1:]
b = open(src, 'rb').read()
head, (n,) = b[:19 + 2], struct.unpack('>i', b[21:25])
f = bytearray(b[25:25 + n]); tail = b[25 + n:]
if how == 'version': f[0] = 2
elif how == 'short': f = f[:-1]
elif how == 'trailing': f = f + b'\0'
elif how == 'negative_n': f[9:17] = struct.pack('>q', -1)
elif how == 'sums_without_rows': f[9:17] = struct.pack('>q', 0)
elif how == 'confidence': f[1:9] = struct.pack('>d', 1.5)
elif how == 'valid': pass
open(dst, 'wb').write(head + struct.pack('>i', len(f)) + bytes(f) + tail)
PY
}
craft valid
r=$(q -c "\\copy ls_bad FROM '$TMP/bad.bin' WITH (FORMAT binary)" -c "SELECT (SELECT s::text FROM ls_bad) = (SELECT s::text FROM ls WHERE k = 100)" 2>&1)
if [ "$r" = t ]; then echo "binary_crafting_sane|true"; else echo "binary_crafting_sane|false ($r)"; fail=1; fi
for how in version short trailing negative_n sums_without_rows confidence; do
	craft "$how"
	out=$(psql -qXAt -v VERBOSITY=verbose -c "\\copy ls_bad FROM '$TMP/bad.bin' WITH (FORMAT binary)" 2>&1 || true)
	if grep -q "ERROR:  22P03" <<<"$out"; then echo "binary_${how}_rejected_22P03|true"
	else echo "binary_${how}_rejected_22P03|false ($out)"; fail=1; fi
done
exit $fail
