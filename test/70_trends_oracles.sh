#!/usr/bin/env bash
# Differential tests of the trends functions against independent oracles:
#   1. the quantiles and tails of src/trends_math.c (built without a server,
#      test/unit/trends_unit.c) against scipy: the normal quantile (AS 241)
#      to 1e-14 relative, and the t quantile through scipy's t distribution
#      function (scipy's own t.ppf is only good to ~5e-9, so the oracle is
#      F(q) = p, converted to a relative error in q);
#   2. wilson_interval against statsmodels proportion_confint(method='wilson')
#      on a grid of (successes, trials, confidence), 0 and n successes
#      included, to 1e-12;
#   3. proportion_change_test against statsmodels
#      confint_proportions_2indep(method='newcomb') and proportions_ztest,
#      to 1e-12;
#   4. engagement_rate_ci, engagement_rate_se and avg_engagement_rate_ci on
#      the UCI Facebook data (test/data/facebook_metrics.csv), by reach and by
#      impressions, overall and per post type and month, against the formula
#      computed directly with numpy (residuals e - R d, no expansion) and a t
#      quantile from inverting scipy's t distribution function: 1e-9
#      relative;
#   5. a cancellation stress test: rates that fit the ratio almost exactly on
#      denominators near 1e9, where sum e^2 - 2 R sum ed + R^2 sum d^2 in
#      double precision loses every digit; the SE must match exact rational
#      arithmetic (Python fractions) to 1e-12;
#   6. engagement_rate_change_test against numpy + scipy (Welch degrees of
#      freedom, rounded down).
# Every check prints "name|true" or "name|false"; the test fails on any false.
set -euo pipefail

ROOT=${SM_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
CSV=$ROOT/test/data/facebook_metrics.csv
# Debian's python3 with Debian's statsmodels/scipy/numpy (installed here,
# only when this test runs; as root, like the rest of tools/test.sh)
source "$ROOT/tools/lib.sh"
sm_deps python3-statsmodels python3-scipy python3-numpy || { echo "cannot install python3-statsmodels"; exit 77; }
PY=/usr/bin/python3
TMP=${SM_TMP:-$(mktemp -d)}
chmod 777 "$TMP" 2>/dev/null || true

# 1. quantiles, without a server
PG_CONFIG=/usr/lib/postgresql/${SM_PGVER:-15}/bin/pg_config
cc -O2 -I"$ROOT/src" -I"$("$PG_CONFIG" --includedir-server)" "$ROOT/test/unit/trends_unit.c" \
	"$ROOT/src/trends_math.c" "$ROOT/src/exactsum.c" -lm -o "$TMP/trends_unit"
"$TMP/trends_unit" >"$TMP/unit.txt"

# 2-6: values from the server
psql -qXAt -v ON_ERROR_STOP=1 \
	-c "SET client_min_messages = warning" -c "CREATE EXTENSION IF NOT EXISTS social_metrics" \
	-c "DROP TABLE IF EXISTS fb" \
	-c "CREATE TABLE fb (page_total_likes int, type text, category int, post_month int, post_weekday int, post_hour int, paid int, total_reach bigint, total_impressions bigint, engaged_users bigint, consumers int, consumptions int, impressions_by_likers int, reach_by_likers int, likers_engaged int, comment int, likes int, share int, total_interactions bigint)" \
	-c "\\copy fb FROM '$CSV' WITH (FORMAT csv, DELIMITER ';', HEADER true)"

psql -qXAt -F '|' -v ON_ERROR_STOP=1 >"$TMP/wilson.txt" <<'SQL'
SELECT s, n, c, w[1], w[2]
  FROM (VALUES (1), (2), (3), (5), (10), (37), (100), (1000), (123457)) t(n),
       LATERAL (SELECT DISTINCT s FROM (SELECT generate_series(0, n) AS s) g
                 WHERE n <= 100 OR s IN (0, 1, 2, n / 3, n / 2, n - 1, n)) g2,
       (VALUES (0.5), (0.8), (0.9), (0.95), (0.99), (0.999), (0.999999)) cc(c),
       LATERAL (SELECT wilson_interval(s, n, c) AS w) x;
SQL

psql -qXAt -F '|' -v ON_ERROR_STOP=1 >"$TMP/prop.txt" <<'SQL'
SELECT s1, n1, s2, n2, c, r[1], r[2], r[3], r[4]
  FROM (VALUES (0, 10, 0, 10), (0, 10, 3, 10), (10, 10, 7, 10), (5, 5, 5, 5), (120, 1000, 90, 1000),
               (1, 2, 1, 3), (400, 4000, 150, 1000), (13, 57, 30, 61), (999, 1000, 1000, 1000),
               (12000, 50000, 3200, 12500), (7, 1000000, 12, 1000000)) v(s1, n1, s2, n2),
       (VALUES (0.8), (0.95), (0.99)) cc(c),
       LATERAL (SELECT proportion_change_test(s1, n1, s2, n2, c) AS r) x;
SQL

psql -qXAt -F '|' -v ON_ERROR_STOP=1 >"$TMP/uci.txt" <<'SQL'
-- group key | denominator | n | R | SE | low95 | high95 | low90 | high90 | mean low | mean high
SELECT g, den, (s).*, engagement_rate(st), engagement_rate_se(st), ci[1], ci[2], ci90[1], ci90[2], m[1], m[2]
  FROM (SELECT g, den, st, engagement_rate_ci(st) AS ci, engagement_rate_ci(st, 0.9) AS ci90, m,
               ROW(split_part(st::text, ',', 1))::record AS s
          FROM (SELECT coalesce(type || '/' || post_month, coalesce(type, 'all')) AS g, 'reach' AS den,
                       engagement_rate_ci_state(total_interactions, total_reach) AS st,
                       avg_engagement_rate_ci(total_interactions, total_reach) AS m
                  FROM fb GROUP BY GROUPING SETS ((), (type), (type, post_month))
                UNION ALL
                SELECT coalesce(type || '/' || post_month, coalesce(type, 'all')), 'impressions',
                       engagement_rate_ci_state(total_interactions, total_impressions),
                       avg_engagement_rate_ci(total_interactions, total_impressions)
                  FROM fb GROUP BY GROUPING SETS ((), (type), (type, post_month))) a) b
 ORDER BY 1, 2;
SQL

psql -qXAt -F '|' -v ON_ERROR_STOP=1 >"$TMP/stress.txt" <<'SQL'
-- denominators near 1e9, rates 0.0123 plus a tiny post-level wobble
-- (e exactly representable: multiples of 1/1024)
CREATE TEMP TABLE st AS
SELECT i, d, round(d * 0.0123 * 1024 + ((hashint8(i) & 1023) - 511.5))::float8 / 1024 AS e
  FROM (SELECT i, (1e9 + (hashint8(-i) & 1048575) * 1000)::float8 AS d FROM generate_series(1, 5000) i) a;
SELECT 'stress', engagement_rate_se(engagement_rate_ci_state(e, d)),
       -- the expansion in double precision, for comparison only
       sqrt(greatest(0, sum(e * e) - 2 * (sum(e) / sum(d)) * sum(e * d) + (sum(e) / sum(d))^2 * sum(d * d))
            / (count(*) * (count(*) - 1) * (sum(d) / count(*))^2)) FROM st;
COPY (SELECT e, d FROM st ORDER BY i) TO STDOUT WITH (FORMAT csv, DELIMITER '|');
SQL

psql -qXAt -F '|' -v ON_ERROR_STOP=1 >"$TMP/change.txt" <<'SQL'
SELECT a.g || '>' || b.g, c, r[1], r[2], r[3], r[4]
  FROM (SELECT type AS g, engagement_rate_ci_state(total_interactions, total_impressions) AS st FROM fb GROUP BY type) a,
       (SELECT type AS g, engagement_rate_ci_state(total_interactions, total_impressions) AS st FROM fb GROUP BY type) b,
       (VALUES (0.9), (0.95)) cc(c),
       LATERAL (SELECT engagement_rate_change_test(a.st, b.st, c) AS r) x
 WHERE a.g <> b.g ORDER BY 1, 2;
SQL

"$PY" - "$TMP" "$CSV" <<'PY'
import csv, sys
from fractions import Fraction
import numpy as np
from scipy import stats, optimize
from statsmodels.stats.proportion import (proportion_confint, proportions_ztest,
                                          confint_proportions_2indep)

tmp, path = sys.argv[1], sys.argv[2]
checks = []
def check(name, ok):
    checks.append(ok)
    print(f"{name}|{'true' if ok else 'false'}")

# 1. quantiles
worst = {}
for line in open(f"{tmp}/unit.txt"):
    k, p, df, v = line.split()
    p, df, v = float(p), int(df), float(v)
    if k == 'norm_ppf':
        err = abs(v - stats.norm.ppf(p)) / abs(stats.norm.ppf(p))
    elif k == 'norm_sf':
        o = stats.norm.sf(p); err = abs(v - o) / o
    elif k == 't_ppf':
        if abs(p - 0.5) < 1e-3:
            continue                    # scipy's cdf is too coarse next to 0
        # relative error in q implied by F(q) - p (scipy's cdf is accurate)
        err = abs(stats.t.cdf(v, df) - p) / stats.t.pdf(v, df) / abs(v)
        k = 't_ppf_conf<=0.99' if 0.005 <= p <= 0.995 else 't_ppf_tail'
    else:
        err = abs(v - stats.t.sf(p, df))   # absolute: it is a p-value
    worst[k] = max(worst.get(k, 0), err)
print("worst errors:", {k: f"{v:.2e}" for k, v in worst.items()})
check("norm_quantile_AS241_vs_scipy_1e-14_relative", worst['norm_ppf'] <= 1e-14)
check("norm_tail_vs_scipy_1e-13_relative", worst['norm_sf'] <= 1e-13)
check("t_quantile_conf_to_0.99_1e-12_relative", worst['t_ppf_conf<=0.99'] <= 1e-12)
check("t_quantile_tails_1e-10_relative", worst['t_ppf_tail'] <= 1e-10)
check("t_tail_vs_scipy_1e-13_absolute", worst['t_sf'] <= 1e-13)

# 2. Wilson
bad = 0; rows = 0; zero_n = 0
for line in open(f"{tmp}/wilson.txt"):
    s, n, c, lo, hi = line.strip().split('|')
    s, n, c, lo, hi = int(s), int(n), float(c), float(lo), float(hi)
    olo, ohi = proportion_confint(s, n, alpha=1 - c, method='wilson')
    rows += 1
    zero_n += s in (0, n)
    if abs(lo - olo) > 1e-12 or abs(hi - ohi) > 1e-12:
        bad += 1
        if bad < 5: print("  wilson", s, n, c, lo, olo, hi, ohi)
print(f"wilson grid: {rows} intervals, {zero_n} with 0 or n successes")
check("wilson_vs_statsmodels_1e-12", bad == 0 and rows > 1200 and zero_n > 100)

# 3. two proportions
bad = 0; rows = 0
for line in open(f"{tmp}/prop.txt"):
    s1, n1, s2, n2, c, d, lo, hi, p = line.strip().split('|')
    s1, n1, s2, n2 = int(s1), int(n1), int(s2), int(n2)
    c, d, lo, hi, p = map(float, (c, d, lo, hi, p))
    olo, ohi = confint_proportions_2indep(s2, n2, s1, n1, method='newcomb', compare='diff', alpha=1 - c)
    if s1 + s2 in (0, n1 + n2):
        op = 1.0
    else:
        op = proportions_ztest([s2, s1], [n2, n1])[1]
    rows += 1
    if abs(d - (s2 / n2 - s1 / n1)) > 1e-15 or abs(lo - olo) > 1e-12 or abs(hi - ohi) > 1e-12 or abs(p - op) > 1e-12:
        bad += 1
        print("  prop", s1, n1, s2, n2, c, (d, lo, hi, p), (olo, ohi, op))
check("proportion_change_test_vs_statsmodels_newcomb_ztest_1e-12", bad == 0 and rows == 33)

# 4. UCI data
def tq(p, df):
    """t quantile by inverting scipy's distribution function"""
    return optimize.brentq(lambda t: stats.t.cdf(t, df) - p, 0, 1000, xtol=1e-15, rtol=1e-15, maxiter=500)
data = {}
with open(path) as f:
    r = csv.reader(f, delimiter=';'); head = next(r)
    for row in r:
        data.setdefault('all', []).append(row)
        data.setdefault(row[1], []).append(row)
        data.setdefault(row[1] + '/' + row[3], []).append(row)
col = {'reach': 7, 'impressions': 8}
bad = 0; rows = 0; maxrel = 0.0
for line in open(f"{tmp}/uci.txt"):
    f = line.strip().split('|')
    g, den = f[0], f[1]
    vals = [None if x == '' else float(x) for x in f[3:]]
    R, SE, lo, hi, lo90, hi90, mlo, mhi = vals
    rs = [r for r in data[g] if r[18] != '' and r[col[den]] != '' and float(r[col[den]]) > 0]
    e = np.array([float(r[18]) for r in rs]); d = np.array([float(r[col[den]]) for r in rs])
    n = len(e)
    rows += 1
    if n < 2:
        ok = SE is None and lo is None and mlo is None
    else:
        oR = e.sum() / d.sum(); dbar = d.sum() / n
        oSE = np.sqrt(((e - oR * d) ** 2).sum() / (n * (n - 1) * dbar ** 2))
        q95, q90 = tq(0.975, n - 1), tq(0.95, n - 1)
        rate = e / d; mse = rate.std(ddof=1) / np.sqrt(n)
        pairs = [(R, oR), (SE, oSE), (lo, oR - q95 * oSE), (hi, oR + q95 * oSE),
                 (lo90, oR - q90 * oSE), (hi90, oR + q90 * oSE),
                 (mlo, rate.mean() - q95 * mse), (mhi, rate.mean() + q95 * mse)]
        rel = max(abs(a - b) / max(abs(b), 1e-300) for a, b in pairs)
        maxrel = max(maxrel, rel)
        ok = rel <= 1e-9
    if not ok:
        bad += 1; print("  uci", g, den, vals)
print(f"UCI: {rows} groups, largest relative difference {maxrel:.2e}")
check("uci_engagement_rate_ci_by_reach_and_impressions_vs_numpy_1e-9", bad == 0 and rows >= 60)

# 5. cancellation stress
lines = open(f"{tmp}/stress.txt").read().split('\n')
_, se, naive = lines[0].split('|')
se, naive = float(se), float(naive) if naive else 0.0
pts = [tuple(Fraction(float(x)) for x in l.split('|')) for l in lines[1:] if l]
n = len(pts); E = sum(e for e, d in pts); D = sum(d for e, d in pts)
Rx = E / D
Q = sum((e - Rx * d) ** 2 for e, d in pts)
exact = (float(Q * n / ((n - 1) * D * D))) ** 0.5
print(f"stress: SE exact {exact:.17g}, ours {se:.17g}, double-precision expansion {naive:.6g}")
check("exact_se_without_cancellation_1e-12", abs(se - exact) <= 1e-12 * exact)
check("stress_data_really_cancels_in_double", abs(naive - exact) > 0.01 * exact)

# 6. engagement_rate_change_test
bytype = {}
for r in data['all']:
    if r[18] != '' and r[8] != '' and float(r[8]) > 0:
        bytype.setdefault(r[1], []).append((float(r[18]), float(r[8])))
def rse(v):
    e = np.array([x for x, _ in v]); d = np.array([y for _, y in v]); n = len(e)
    R = e.sum() / d.sum()
    return R, np.sqrt(((e - R * d) ** 2).sum() / (n * (n - 1) * (d.sum() / n) ** 2)), n
bad = 0; rows = 0
for line in open(f"{tmp}/change.txt"):
    k, c, d, lo, hi, p = line.strip().split('|')
    a, b = k.split('>'); c, d, lo, hi, p = map(float, (c, d, lo, hi, p))
    Ra, Sa, na = rse(bytype[a]); Rb, Sb, nb = rse(bytype[b])
    va, vb = Sa ** 2, Sb ** 2; se = np.sqrt(va + vb)
    df = max(1, int(np.floor((va + vb) ** 2 / (va ** 2 / (na - 1) + vb ** 2 / (nb - 1)))))
    q = tq((1 + c) / 2, df)
    od = Rb - Ra
    op = 2 * stats.t.sf(abs(od) / se, df)
    rows += 1
    if max(abs(d - od), abs(lo - (od - q * se)), abs(hi - (od + q * se))) > 1e-9 * abs(Rb) or abs(p - op) > 1e-9:
        bad += 1; print("  change", k, c, (d, lo, hi, p), (od, od - q * se, od + q * se, op))
check("engagement_rate_change_test_vs_numpy_scipy_welch", bad == 0 and rows == 24)

print(f"{sum(checks)} checks passed, {len(checks) - sum(checks)} failed")
sys.exit(0 if all(checks) else 1)
PY
