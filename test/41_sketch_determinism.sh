#!/usr/bin/env bash
# quantile_sketch determinism: one serial build, a rollup of 1,000 partial
# sketches (in two orders and two levels), forced-parallel builds (the plan
# is checked for "Partial Aggregate"), a text round trip, a materialized
# view of daily sketches refreshed CONCURRENTLY, and pg_dump/pg_restore of a
# table of sketches must all give the same bytes.  Bytes are compared raw,
# through a binary-coercible cast to bytea created for this test only.
set -euo pipefail

q() { psql -qXAt -v ON_ERROR_STOP=1 "$@"; }

q <<'SQL'
CREATE EXTENSION social_metrics;
-- raw datum bytes (test only): a varlena type aligned like quantile_sketch
-- with bytea's I/O, and a cast that reinterprets the bytes
CREATE TYPE rawbytes;
CREATE FUNCTION rawbytes_in(cstring) RETURNS rawbytes AS 'byteain' LANGUAGE internal IMMUTABLE STRICT;
CREATE FUNCTION rawbytes_out(rawbytes) RETURNS cstring AS 'byteaout' LANGUAGE internal IMMUTABLE STRICT;
CREATE TYPE rawbytes (INPUT = rawbytes_in, OUTPUT = rawbytes_out, INTERNALLENGTH = VARIABLE, ALIGNMENT = double);
CREATE CAST (quantile_sketch AS rawbytes) WITHOUT FUNCTION;
CREATE FUNCTION raw(quantile_sketch) RETURNS text LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT $1::rawbytes::text $$;
CREATE TABLE rt (i bigint, day int, part int, v float8);
INSERT INTO rt
SELECT i, (i % 90)::int, (i % 1000)::int,
	   CASE WHEN i % 17 = 0 THEN 0
			WHEN i % 11 = 0 THEN floor(((hashint8(i) & 65535)::float8 / 65536) * 600)
			ELSE exp(ln(300) + 1.8 * sqrt(-2 * ln(((hashint8(i) & 2147483647)::float8 + 0.5) / 2147483648))
					 * cos(2 * pi() * ((hashint8(-i) & 2147483647)::float8 + 0.5) / 2147483648)) END
FROM generate_series(1, 1000000) i;
ANALYZE rt;
SET max_parallel_workers_per_gather = 0;
CREATE TABLE res AS SELECT 'serial'::text AS how, quantile_sketch(v) AS s FROM rt;
SQL

# Forced parallel plans; prove the partial aggregation happens.
PAR="SET max_parallel_workers_per_gather = 4; SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0; SET parallel_leader_participation = off;"
plan=$(q -c "$PAR" -c "EXPLAIN SELECT quantile_sketch(v) FROM rt")
grep -q 'Partial Aggregate' <<<"$plan" || { echo "no Partial Aggregate in: $plan"; exit 1; }
run=$(q -c "$PAR" -c "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT quantile_sketch(v) FROM rt")
grep -Eq 'Workers Launched: [1-9]' <<<"$run" || { echo "no parallel workers launched: $run"; exit 1; }
plan2=$(q -c "$PAR" -c "EXPLAIN SELECT day, quantile_sketch(v) FROM rt GROUP BY day")
grep -Eq 'Partial (Hash|Group)Aggregate' <<<"$plan2" || { echo "no partial grouped aggregate in: $plan2"; exit 1; }
echo "plans: parallel partial aggregation confirmed"

{ echo "$PAR"; cat <<'SQL'; } | q
INSERT INTO res SELECT 'parallel', quantile_sketch(v) FROM rt;
INSERT INTO res SELECT 'parallel rollup of per-day', rollup(s)
FROM (SELECT day, quantile_sketch(v) s FROM rt GROUP BY day) d;
INSERT INTO res SELECT 'parallel two arguments', quantile_sketch(v, 0.01) FROM rt;
SQL

q <<'SQL'
SET max_parallel_workers_per_gather = 0;
CREATE TABLE parts AS SELECT part, quantile_sketch(v) AS s FROM rt GROUP BY part;
INSERT INTO res SELECT 'rollup of 1000 parts', rollup(s) FROM parts;
INSERT INTO res SELECT 'rollup of 1000 parts, reverse order', rollup(s ORDER BY part DESC) FROM parts;
INSERT INTO res SELECT 'rollup of rollups (1000 -> 10 -> 1)', rollup(s)
FROM (SELECT rollup(s) s FROM parts GROUP BY part % 10) x;
INSERT INTO res SELECT 'sorted input', quantile_sketch(v ORDER BY v DESC) FROM rt;
INSERT INTO res SELECT 'text round trip', s::text::quantile_sketch FROM res WHERE how = 'serial';
INSERT INTO res SELECT 'binary round trip', quantile_sketch_from_bytea(quantile_sketch_send(s)) FROM res WHERE how = 'serial';
INSERT INTO res SELECT 'interval input', quantile_sketch(v * interval '1 second') FROM rt
WHERE v * 1e6 = round(v * 1e6);  -- microsecond values only: exact as intervals
INSERT INTO res SELECT 'interval reference', quantile_sketch(v) FROM rt WHERE v * 1e6 = round(v * 1e6);

-- materialized view of daily sketches, refreshed concurrently after changes
CREATE MATERIALIZED VIEW daily AS SELECT day, quantile_sketch(v) AS s FROM rt GROUP BY day;
CREATE UNIQUE INDEX ON daily (day);
UPDATE rt SET v = v * 2 WHERE i % 1013 = 0;
DELETE FROM rt WHERE i % 977 = 0;
INSERT INTO rt SELECT 1000000 + i, 90 + i % 3, 0, i * 0.25 FROM generate_series(1, 500) i;
REFRESH MATERIALIZED VIEW CONCURRENTLY daily;
INSERT INTO res SELECT 'after refresh: rollup of daily', rollup(s) FROM daily;
INSERT INTO res SELECT 'after refresh: direct', quantile_sketch(v) FROM rt;
SQL

out=$(q <<'SQL'
SELECT format('%-40s %s', how, CASE WHEN raw(s) = (SELECT raw(s) FROM res WHERE how = 'serial') THEN 'same bytes' ELSE 'DIFFERENT' END)
FROM res WHERE how NOT LIKE 'after refresh%' AND how NOT LIKE 'interval%' ORDER BY how;
SELECT format('%-40s %s', 'interval input vs float8 seconds',
	CASE WHEN (SELECT raw(s) FROM res WHERE how = 'interval input') = (SELECT raw(s) FROM res WHERE how = 'interval reference')
	THEN 'same bytes' ELSE 'DIFFERENT' END);
SELECT format('%-40s %s', 'refreshed rollup vs direct',
	CASE WHEN (SELECT raw(s) FROM res WHERE how = 'after refresh: rollup of daily') = (SELECT raw(s) FROM res WHERE how = 'after refresh: direct')
	THEN 'same bytes' ELSE 'DIFFERENT' END);
SELECT format('%-40s %s', 'refreshed days vs per-day builds',
	CASE WHEN bool_and(raw(d.s) = raw(x.s)) AND count(*) = 93 THEN 'same bytes' ELSE 'DIFFERENT' END)
FROM daily d JOIN (SELECT day, quantile_sketch(v) s FROM rt GROUP BY day) x USING (day);
SELECT format('%-40s %s', 'serial count matches the data',
	CASE WHEN sketch_count(s) = 1000000 THEN 'same bytes' ELSE 'DIFFERENT' END) FROM res WHERE how = 'serial';
SQL
)
echo "$out"
if grep -q DIFFERENT <<<"$out"; then exit 1; fi

# pg_dump / pg_restore of a table of sketches, including edge cases.
q <<'SQL'
CREATE TABLE keep AS SELECT day AS id, s FROM daily;
INSERT INTO keep VALUES
	(-1, 'v1 alpha=0.009901778953003098 k=35 level=0 count=0 zeros=0 sum=0'),
	(-2, (SELECT quantile_sketch(0.0) FROM generate_series(1, 5))),
	(-3, (SELECT quantile_sketch(power(10, i / 10.0), 0.0001) FROM generate_series(-60, 60) i)),
	(-4, (SELECT quantile_sketch(v, 0.001) FROM rt)),
	(-5, (SELECT quantile_sketch(4.9406564584124654e-324))),
	(-6, (SELECT quantile_sketch(1.7976931348623157e308))),
	(-7, NULL);
SQL
before=$(q -c "SELECT md5(string_agg(coalesce(raw(s), 'null'), ',' ORDER BY id)) FROM keep")

# COPY in both formats through the client (binary exercises send and recv)
for fmt in text binary; do
	q -c "\copy keep TO '$SM_TMP/keep.$fmt' (FORMAT $fmt)"
	q -c "CREATE TABLE keep_$fmt (LIKE keep)" -c "\copy keep_$fmt FROM '$SM_TMP/keep.$fmt' (FORMAT $fmt)"
	got=$(q -c "SELECT md5(string_agg(coalesce(raw(s), 'null'), ',' ORDER BY id)) FROM keep_$fmt")
	if [ "$got" != "$before" ]; then
		echo "COPY $fmt round trip changed the bytes"
		exit 1
	fi
	echo "COPY $fmt round trip of $(q -c "SELECT count(*) FROM keep_$fmt") sketches   same bytes"
done

dump=$SM_TMP/sketch.dump
"$SM_BIN/pg_dump" -Fc -f "$dump" "$PGDATABASE"
restored=${PGDATABASE}_restored
psql -qX -d postgres -c "DROP DATABASE IF EXISTS $restored" -c "CREATE DATABASE $restored"
"$SM_BIN/pg_restore" --exit-on-error -d "$restored" "$dump"
after=$(PGDATABASE=$restored q -c "SELECT md5(string_agg(coalesce(raw(s), 'null'), ',' ORDER BY id)) FROM keep")
psql -qX -d postgres -c "DROP DATABASE $restored"
if [ "$before" != "$after" ]; then
	echo "pg_dump/pg_restore changed the bytes: $before vs $after"
	exit 1
fi
echo "pg_dump/pg_restore of $(q -c 'SELECT count(*) FROM keep') sketches   same bytes"
