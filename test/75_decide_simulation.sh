#!/usr/bin/env bash
# Simulation of the decision recipes (doc/decisions.md), deterministic: every
# pseudo-random number is a hash of its row (no random()).
#   1. "best time to post": 400 accounts, 16 weeks, 20 posts a week at 5
#      habitual hour-of-week slots (4 posts a week each), log-normal
#      impressions (sd 0.8 on the log scale), engagement rate 3 % with
#      log-normal post-level noise (sd 0.3).  Accounts 1-200 have no slot
#      effect, 201-400 have one slot at +30 %.  An account gets the claim
#      "reliably better" when a slot's shrunk lower bound
#      (engagement_rate_shrunk) is above the account's rate and the
#      interval has width (tau^2 > 0; otherwise every slot is the pooled
#      rate with a zero-width interval, which is no evidence).  Targets
#      (issue 21): claim for <= 5 % of the null accounts, >= 80 % of the
#      planted ones.
#   2. "what works": 400 replicates of 200 posts with 20 tags, each on a post
#      with probability 0.3; replicates 1-200 have only null tags, 201-400
#      have tag 0 at +30 %.  Per replicate, engagement_rate_lift per tag and
#      p_adjust(p) (Holm) over the 20 tags.  Measured: the family-wise
#      false-flag rate (a null tag with adjusted p < 0.05), target <= 5 %,
#      and the power for the +30 % tag.  Printed for two impression spreads
#      (log-scale sd 0.8 and 0.4): the delta-method test is anti-conservative
#      when a few posts carry most impressions (doc/decisions.md).
# Prints each rate; fails when a slot target is missed (the lift target is
# printed as measured: it is not met, see doc/decisions.md).
set -euo pipefail
q() { psql -qXAt -F '|' -v ON_ERROR_STOP=1 "$@"; }

q <<'SQL' >"${SM_TMP:-/tmp}/sim75.txt"
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS social_metrics;
CREATE OR REPLACE FUNCTION pg_temp.u(i bigint, salt int) RETURNS float8 IMMUTABLE LANGUAGE sql
	AS $$ SELECT ((hashint8(i * 1000003 + salt) & 2147483647)::float8 + 0.5) / 2147483648 $$;
CREATE OR REPLACE FUNCTION pg_temp.z(i bigint, salt int) RETURNS float8 IMMUTABLE LANGUAGE sql
	AS $$ SELECT sqrt(-2 * ln(pg_temp.u(i, salt))) * cos(2 * pi() * pg_temp.u(i, salt + 1)) $$;

-- 1. best time to post
CREATE TEMP TABLE sim_posts AS
SELECT a, j, slot, d,
       round(d * 0.03 * CASE WHEN a > 200 AND slot_k = 0 THEN 1.3 ELSE 1 END
             * exp(0.3 * pg_temp.z(a * 1000 + j, 3) - 0.045))::bigint AS e
  FROM (SELECT a, j, slot_k, (a * 37 + slot_k * 17) % 168 AS slot,
               round(exp(7 + 0.8 * pg_temp.z(a * 1000 + j, 1)))::bigint AS d
          FROM (SELECT a, j, j % 5 AS slot_k FROM generate_series(1, 400) a, generate_series(0, 319) j) x) y;
WITH st AS (SELECT a, slot, engagement_rate_ci_state(e, d) AS s FROM sim_posts GROUP BY a, slot),
acc AS (SELECT a, engagement_rate_agg(e, d) AS r FROM sim_posts GROUP BY a),
sh AS (SELECT a, slot, engagement_rate_shrunk(s) OVER (PARTITION BY a) AS x FROM st),
per AS (SELECT sh.a, bool_or(x[2] > acc.r AND x[3] > x[2]) AS claim,
               bool_or(x[2] > acc.r) AS claim_naive
          FROM sh JOIN acc USING (a) GROUP BY sh.a)
SELECT CASE WHEN a > 200 THEN 'slot_planted' ELSE 'slot_null' END, avg(claim::int), avg(claim_naive::int)
  FROM per GROUP BY 1 ORDER BY 1;

-- 2. what works, for two impression spreads
CREATE TEMP TABLE lift_posts AS
SELECT sd, r, j, d, mask,
       round(d * 0.03 * CASE WHEN r > 200 AND mask & 1 = 1 THEN 1.3 ELSE 1 END
             * exp(0.3 * pg_temp.z(r * 1000 + j, 3) - 0.045))::bigint AS e
  FROM (SELECT sd, r, j, round(exp(7 + sd * pg_temp.z(r * 1000 + j, 1)))::bigint AS d,
               (SELECT coalesce(sum(1 << t), 0) FROM generate_series(0, 19) t
                 WHERE pg_temp.u(r * 100000 + j * 100 + t, 7) < 0.3)::int AS mask
          FROM (VALUES (0.8), (0.4)) s(sd), generate_series(1, 400) r, generate_series(0, 199) j) x;
WITH tests AS (
  SELECT sd, r, t, engagement_rate_lift(e, d, (mask >> t) & 1 = 1) AS lift
    FROM lift_posts, generate_series(0, 19) t GROUP BY sd, r, t),
adj AS (SELECT sd, r, t, lift[4] AS p, p_adjust(lift[4]) OVER (PARTITION BY sd, r) AS holm FROM tests),
per AS (SELECT sd, r, bool_or(t > 0 AND holm < 0.05) AS null_flag, bool_or(t = 0 AND holm < 0.05) AS tag_flag,
               bool_or(t > 0 AND p < 0.05) AS null_flag_raw
          FROM adj GROUP BY sd, r)
SELECT 'lift_sd' || sd || CASE WHEN r > 200 THEN '_planted' ELSE '_null' END,
       avg(null_flag::int), avg(tag_flag::int), avg(null_flag_raw::int)
  FROM per GROUP BY 1 ORDER BY 1;
SQL
cat "${SM_TMP:-/tmp}/sim75.txt"
fail=0
rate() { awk -F'|' -v k="$1" -v c="$2" '$1 == k { print $c }' "${SM_TMP:-/tmp}/sim75.txt"; }
check() { # name value op limit
	if awk -v v="$2" -v l="$4" -v op="$3" 'BEGIN { exit !((op == "<=") ? v <= l : v >= l) }'; then
		echo "ok - $1: $2 $3 $4"
	else
		echo "not ok - $1: $2, target $3 $4"; fail=1
	fi
}
check "slot claim on accounts without a slot effect" "$(rate slot_null 2)" "<=" 0.05
check "slot claim on accounts with a +30 % slot" "$(rate slot_planted 2)" ">=" 0.80
# The lift target is measured, not asserted: it is not met (0.08 and 0.085
# with 200 replicates each, standard error about 0.02), and the SPEC formula
# cannot meet it (doc/decisions.md, test/sim/lift_size.py).
echo "measured (target <= 0.05, NOT MET): lift false flags over 20 null tags after Holm: impressions sd 0.4 $(rate lift_sd0.4_null 2), sd 0.8 $(rate lift_sd0.8_null 2) (unadjusted: $(rate lift_sd0.4_null 4), $(rate lift_sd0.8_null 4))"
check "Holm lowers the lift false-flag rate below the unadjusted one" "$(rate lift_sd0.8_null 2)" "<=" 0.2
# The same rate from numpy alone (test/sim/lift_size.py: the SPEC formula
# re-implemented, 1,000 replicates here; doc/decisions.md has 3,000 of four
# shapes): the miss is the formula's, not the extension's arithmetic.
if /usr/bin/python3 -c 'import numpy, scipy' 2>/dev/null; then
	echo "measured by numpy alone (1,000 replicates, 200 posts, sd 0.8): $(/usr/bin/python3 "$(dirname "$0")/sim/lift_size.py" 1000 1 | awk -F'\t' 'NR == 2 { print "SPEC formula " $4 ", HC3 " $5 }')"
fi
echo "measured: power for a +30 % tag at 200 posts after Holm: sd 0.8 $(rate lift_sd0.8_planted 3), sd 0.4 $(rate lift_sd0.4_planted 3)"
exit $fail
