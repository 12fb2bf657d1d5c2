#!/usr/bin/env bash
# Input fuzzing of the trends state types (ratio_ci_state, mean_ci_state,
# growth_state), in the server: their text and binary parsers are written
# against the server (ereport, pq_getmsg*, the timestamp parser), so they
# cannot be linked into a libFuzzer target of fuzz/targets/ the way the
# fmgr-free sketch and calendar parsers are; test/42 does the same for the
# sketch.
#
# Seeds: valid states built by the aggregates and edge literals.  Inputs:
# deterministic mutations (python3, seeded; no random()) of their text forms
# and of their binary forms (send), SM_TRENDS_FUZZ_N (1500) of each per type.
#   text    type input must accept, or raise 22P02 (22003 for a number out of
#           range);
#   binary  binary COPY of a one-field file through recv must accept, or
#           raise 22P03.
# An accepted value must print, re-read from its text to the same send
# bytes, and be readable by the type's accessors.  Any other SQLSTATE, a
# lost connection or a crash fails; so do fewer inputs than asked or a run
# in which nothing was accepted or nothing rejected (the mutations would be
# too weak or too strong to test anything).
set -euo pipefail
N=${SM_TRENDS_FUZZ_N:-1500}
TMP=${SM_TMP:-$(mktemp -d)}
command -v python3 >/dev/null || { echo "python3 is not installed"; exit 77; }
q() { psql -qXAt -v ON_ERROR_STOP=1 "$@"; }
fail=0

q <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS social_metrics;
CREATE TABLE seeds (typ text, lit text, bin bytea);
INSERT INTO seeds (typ, lit)
SELECT 'ratio_ci_state', s::text FROM (
  SELECT (SELECT engagement_rate_ci_state((i * 7 - g)::int8, (i * 13 + g)::int8) FROM generate_series(1, g) i) AS s
  FROM generate_series(1, 6) g
  UNION ALL SELECT (SELECT engagement_rate_ci_state((i / 7.0)::float8, (i * 1e-3 + 1e-300)::float8) FROM generate_series(1, 5) i)
  UNION ALL SELECT '(3,1,2,3,4,5,0.9)' UNION ALL SELECT '(0,0,0,0,0,0)') t
UNION ALL
SELECT 'mean_ci_state', s::text FROM (
  SELECT (SELECT avg_engagement_rate_ci_state((i * 3 + g)::int8, (i + g)::int8) FROM generate_series(1, g) i) AS s
  FROM generate_series(1, 6) g
  UNION ALL SELECT (SELECT avg_engagement_rate_ci_state((i / 3.0)::float8, 1e-3::float8) FROM generate_series(1, 5) i)
  UNION ALL SELECT '(3,1,2,0.8)' UNION ALL SELECT '(0,0,0)') t
UNION ALL
SELECT 'growth_state', s::text FROM (
  SELECT growth_rate_transfn(growth_rate_transfn('()', (g * 1.5)::float8, timestamptz '2026-01-01' + g * interval '1 hour'),
                             (-g / 3.0)::float8, timestamptz '2026-02-01' + g * interval '1.5 second') AS s
  FROM generate_series(1, 6) g
  UNION ALL SELECT '()') t;
UPDATE seeds SET bin = CASE typ WHEN 'ratio_ci_state' THEN ratio_ci_state_send(lit::ratio_ci_state)
                                WHEN 'mean_ci_state' THEN mean_ci_state_send(lit::mean_ci_state)
                                ELSE growth_state_send(lit::growth_state) END;
CREATE TABLE got_ratio_ci_state (v ratio_ci_state);
CREATE TABLE got_mean_ci_state (v mean_ci_state);
CREATE TABLE got_growth_state (v growth_state);
-- check(typ, v): an accepted value prints, re-reads to the same bytes and
-- is readable by the accessors; 'ok' or what is wrong.
CREATE FUNCTION check_value(typ text, v text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE b1 bytea; b2 bytea; st text; msg text;
BEGIN
  CASE typ
  WHEN 'ratio_ci_state' THEN
    b1 := ratio_ci_state_send(v::ratio_ci_state);
    b2 := ratio_ci_state_send(v::ratio_ci_state::text::ratio_ci_state);
    PERFORM engagement_rate_ci(v::ratio_ci_state), engagement_rate_ci(v::ratio_ci_state, 0.9);
  WHEN 'mean_ci_state' THEN
    b1 := mean_ci_state_send(v::mean_ci_state);
    b2 := mean_ci_state_send(v::mean_ci_state::text::mean_ci_state);
    PERFORM avg_engagement_rate_ci(v::mean_ci_state), avg_engagement_rate_ci(v::mean_ci_state, 0.9);
  ELSE
    b1 := growth_state_send(v::growth_state);
    b2 := growth_state_send(v::growth_state::text::growth_state);
    PERFORM growth_state_combine(v::growth_state, v::growth_state);
  END CASE;
  RETURN CASE WHEN b1 = b2 THEN 'ok' ELSE 'text round trip changed the value: ' || v END;
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
  RETURN format('accepted, then %s: %s (%s)', st, msg, left(v, 200));
END $$;
CREATE TABLE tally (typ text, decoder text, outcome text, n int);
SQL

# Which accessors exist is the catalog's business: check_value names them,
# so a missing one fails here rather than silently.
q -F $'\t' -c "SELECT typ, lit, encode(bin, 'hex') FROM seeds ORDER BY typ, lit" >"$TMP/seeds.tsv"
python3 - "$TMP" "$N" <<'PY'
import random, struct, sys
tmp, n = sys.argv[1], int(sys.argv[2])
seeds = {}
for line in open(f"{tmp}/seeds.tsv"):
    typ, lit, hexb = line.rstrip("\n").split("\t")
    seeds.setdefault(typ, []).append((lit, bytes.fromhex(hexb)))
alphabet = "0123456789.,()-+eEinfty :TZ"
def mutate_text(t, r):
    op = r.randrange(8)
    p = r.randrange(max(len(t), 1))
    c = r.choice(alphabet)
    if op == 0: return t[:p] + c + t[p + 1:]
    if op == 1: return t[:r.randrange(max(len(t), 1))]
    if op == 2: return t[:p] + r.choice("9876543210") * r.randrange(1, 60) + t[p:]
    if op == 3: return t[:p] + t[p + r.randrange(1, 12):]
    if op == 4: return t + c + t[p:p + r.randrange(1, 20)]
    if op == 5: return t[:p] + t[p:p + r.randrange(1, 30)] + t[p:]
    if op == 6: return t.replace(",", r.choice([",,", "", ", ", ",-", ",1e400,"]), 1)
    return "".join(r.choice(alphabet) for _ in range(r.randrange(1, 90)))
def mutate_bytes(b, r):
    b = bytearray(b)
    op = r.randrange(9)
    p = r.randrange(max(len(b), 1))
    if op == 0 and b: b[p] ^= 1 << r.randrange(8)
    elif op == 1 and b: b[p] = r.randrange(256); b[r.randrange(len(b))] = r.randrange(256)
    elif op == 2: b = b[:r.randrange(max(len(b), 1))]
    elif op == 3: b += bytes(r.randrange(256) for _ in range(r.randrange(1, 9)))
    elif op == 4 and len(b) > 9: b[p:p + 8] = b"\xff" * 8 if r.randrange(2) else b"\x80" + b"\0" * 7
    elif op == 5 and len(b) > 9: b[p:p + 8] = struct.pack(">d", r.choice([float("nan"), float("inf"), -0.0, 1e308, -1.5]))
    elif op == 6 and b: b[0] = r.randrange(4)
    elif op == 7 and len(b) > 1: b[1] = r.randrange(4)
    else: b = bytearray(r.randrange(256) for _ in range(r.randrange(0, 200)))
    return bytes(b)
def copyfile(path, field):
    with open(path, "wb") as f:
        f.write(b"PGCOPY\n\xff\r\n\0" + b"\0" * 8 + struct.pack(">hi", 1, len(field)) + field + b"\xff\xff")
for typ, ss in sorted(seeds.items()):
    r = random.Random(f"74-{typ}")
    with open(f"{tmp}/text_{typ}.sql", "w") as f:
        for i in range(n):
            lit = mutate_text(r.choice(ss)[0], r)
            if "\0" in lit: continue
            q = lit.replace("'", "''")
            f.write(f"\\echo case {i}\nSELECT 'ACCEPTED|' || check_value('{typ}', '{q}'::{typ}::text);\n")
    with open(f"{tmp}/bin_{typ}.sql", "w") as f:
        for i in range(n):
            copyfile(f"{tmp}/bin_{typ}_{i}.bin", mutate_bytes(r.choice(ss)[1], r))
            f.write(f"\\echo case {i}\nTRUNCATE got_{typ};\n\\copy got_{typ} FROM '{tmp}/bin_{typ}_{i}.bin' WITH (FORMAT binary)\n"
                    f"SELECT 'ACCEPTED|' || check_value('{typ}', v::text) FROM got_{typ};\n")
PY

# Known product defects (found by this test, reported in issue 19's note;
# to be fixed in src/trends_ratio_ci.c and src/trends_growth.c): "regex ##
# what".  An outcome line matching one is counted and printed as XFAIL and
# does not fail the test; remove the entry when the defect is fixed (the
# test then says the entry matched nothing).
# Fixed: the two defects this test found first (a subnormal double, and an
# instant after the year 9999, accepted by binary input and refused by text
# input) now read back as text.
XFAIL=()
xfail_seen=()

# run TYP DECODER EXPECTED_SQLSTATES: the cases of one script, one psql
# session (errors do not stop it), outcomes tallied from its output.
run() {
	local typ=$1 dec=$2 want=$3 out rc=0 cases accepted rejected other xf=0 x n
	out=$(psql -qXAt -v ON_ERROR_STOP=0 -v VERBOSITY=verbose -f "$TMP/${dec}_$typ.sql" 2>&1) || rc=$?
	cases=$(grep -c '^case ' <<<"$out" || true)
	accepted=$(grep -c '^ACCEPTED|ok$' <<<"$out" || true)
	rejected=$(grep -cE "ERROR:  ($want):" <<<"$out" || true)
	other=$(grep -E 'ERROR:  ' <<<"$out" | grep -vE "ERROR:  ($want):" || true; grep '^ACCEPTED|' <<<"$out" | grep -v '^ACCEPTED|ok$' || true)
	for x in "${XFAIL[@]}"; do
		[ -n "$other" ] || break
		n=$(grep -cE -- "${x%% ## *}" <<<"$other" || true)
		[ "$n" -gt 0 ] || continue
		xf=$((xf + n))
		xfail_seen+=("${x%% ## *}")
		echo "  XFAIL ($n inputs, known product defect): ${x#* ## }; e.g. $(grep -E -m1 -- "${x%% ## *}" <<<"$other" | cut -c1-200)"
		other=$(grep -vE -- "${x%% ## *}" <<<"$other" || true)
	done
	printf '%-15s %-6s %5d inputs: %5d accepted, %5d rejected with %s, %d XFAIL\n' "$typ" "$dec" "$cases" "$accepted" "$rejected" "$want" "$xf"
	if [ "$rc" -ne 0 ] || [ "$cases" -lt "$N" ] || [ -n "$other" ] || [ "$accepted" -eq 0 ] || [ "$rejected" -eq 0 ] ||
		[ $((accepted + rejected + xf)) -ne "$cases" ]; then
		fail=1
		echo "  FAIL (psql exit $rc; every input must be accepted or rejected with $want):"
		sort <<<"$other" | uniq -c | sort -rn | head -n 12 | cut -c1-300 | sed 's/^/    /'
		[ "$rc" -eq 0 ] || tail -n 5 <<<"$out" | sed 's/^/    /'
	fi
}
for typ in ratio_ci_state mean_ci_state growth_state; do
	run "$typ" text '22P02|22003'
	run "$typ" bin '22P03'
done
rm -f "$TMP"/bin_*.bin
for x in "${XFAIL[@]}"; do
	[[ " ${xfail_seen[*]:-} " == *" ${x%% ## *} "* ]] ||
		echo "note: the XFAIL entry '${x#* ## }' matched nothing: fixed? remove it"
done
[ $fail -eq 0 ] && echo "ok - trends state parsers: every input accepted (and sound) or rejected with its SQLSTATE, known defects apart (XFAIL)"
exit $fail
