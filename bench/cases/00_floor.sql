-- Sanity case of the runner: the scan floor and the cheapest aggregate over
-- it, serial and with 2 parallel workers.  If these checks fail, the
-- machine (or the cluster's settings) is not fit to measure the other cases.
--
-- 10M rows of (id, account, e, d) with heavy-tailed d, generated from the row
-- number alone (deterministic), about 500 MB.

-- @data
CREATE UNLOGGED TABLE IF NOT EXISTS bench_floor AS
SELECT i AS id,
	(i % 2000)::int AS account,
	(hashint8(i) & 1023)::bigint AS e,
	(1000 + (hashint8(-i) & 1048575))::bigint AS d
FROM generate_series(1, 10000000) AS i;

-- @query floor: SELECT count(*) FROM bench_floor
-- @query sum_d: SELECT sum(d) FROM bench_floor
-- @query ratio: SELECT sum(e)::float8 / nullif(sum(d), 0) FROM bench_floor
-- @set max_parallel_workers_per_gather = 2
-- @query floor_par: SELECT count(*) FROM bench_floor
-- @query ratio_par: SELECT sum(e)::float8 / nullif(sum(d), 0) FROM bench_floor

-- Summing costs something, but not many times the scan.
-- @check sum_d / floor >= 1
-- @check ratio / floor <= 4
-- Two workers and the leader share the scan: clearly faster than serial
-- (on a loaded 2-core machine no more than ~1.6x).
-- @check floor_par / floor <= 0.8
-- @check ratio_par / ratio <= 0.8
