#!/usr/bin/env python3
"""The size of engagement_rate_lift's test after Holm, computed with numpy
alone (no extension): the SPEC 4c formula, re-implemented here, on null
data.  Backs the "not met" of doc/decisions.md ("What works": the
false-flag target).

Each replicate: n posts, log-normal impressions d = round(exp(7 + sd z)),
engagements e = round(0.03 d exp(0.3 z' - 0.045)) (no tag has an effect),
20 tags each on a post with probability 0.3.  Under the complete null,
Holm flags something exactly when the smallest of the 20 p-values is below
0.05 / 20, so the family-wise false-flag rate is the share of replicates
with min p < 0.0025.  Printed for the SPEC formula
(SE^2 = sum (e_i - R d_i)^2 / (n (n - 1) dbar^2)) and, as the remedy the
note proposes, the same with HC3 residuals (e_i - R d_i) / (1 - d_i / sum d)
and no n / (n - 1).  Deterministic (fixed seed).

    python3 test/sim/lift_size.py [replicates [rows]]
        default 3000 replicates of all 4 rows (about 2 minutes); test/75
        runs 1000 of the first row and prints the rate beside its own.
"""
import sys

import numpy as np
from scipy import stats


def p_value(e, d, treated, mode):
    parts = []
    for g in (treated, ~treated):
        ee, dd = e[g], d[g]
        n = len(ee)
        r = ee.sum() / dd.sum()
        res = ee - r * dd
        if mode == "spec":
            se2 = (res ** 2).sum() / (n * (n - 1) * dd.mean() ** 2)
        else:
            h = dd / dd.sum()
            se2 = ((res / (1 - h)) ** 2).sum() / dd.sum() ** 2
        parts.append((r, se2 / r ** 2, n))
    (r1, v1, n1), (r0, v0, n0) = parts
    t = np.log(r1 / r0) / np.sqrt(v1 + v0)
    df = (v1 + v0) ** 2 / (v1 ** 2 / (n1 - 1) + v0 ** 2 / (n0 - 1))
    return 2 * stats.t.sf(abs(t), df)


def main():
    reps = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 4
    print("posts\timpressions_sd\treplicates\tspec_fwer\thc3_fwer")
    for n, sd in ((200, 0.8), (200, 0.4), (320, 0.8), (640, 0.8))[:rows]:
        rng = np.random.default_rng(20261207 + n + int(10 * sd))
        flags = {"spec": 0, "hc3": 0}
        for _ in range(reps):
            d = np.round(np.exp(7 + sd * rng.standard_normal(n)))
            e = np.round(d * 0.03 * np.exp(0.3 * rng.standard_normal(n) - 0.045))
            masks = [rng.random(n) < 0.3 for _ in range(20)]
            for mode in flags:
                flags[mode] += min(p_value(e, d, m, mode) for m in masks) < 0.05 / 20
        print(f"{n}\t{sd}\t{reps}\t{flags['spec'] / reps:.4f}\t{flags['hc3'] / reps:.4f}", flush=True)


if __name__ == "__main__":
    main()
