#!/usr/bin/env bash
# quantile_sketch input fuzzing in the server: deterministic mutations of
# valid sketches (bit flips, byte changes, truncations, extensions, slices
# duplicated or deleted, huge numbers and varints) plus random inputs,
# through the three decoders:
#   text     quantile_sketch_in          must accept or raise 22P02
#   binary   quantile_sketch_from_bytea  (recv's decoder) 22P03
#   stored   raw bytes reinterpreted as a stored value (test-only cast),
#            read by out/accessors/rollup                  XX001
# Accepted inputs must be canonical (re-encode to the same bytes) and
# readable by every accessor.  Any other error, or a crash (the suite checks
# the server log), fails.  FUZZ_N sets the number of inputs per decoder.
set -euo pipefail
N=${FUZZ_N:-40000}

out=$(psql -qXAt -v ON_ERROR_STOP=1 -v n="$N" <<'SQL'
CREATE EXTENSION social_metrics;
-- raw bytes as a stored value (test only): a varlena type aligned like
-- quantile_sketch and a cast that reinterprets the bytes
CREATE TYPE rawbytes;
CREATE FUNCTION rawbytes_in(cstring) RETURNS rawbytes AS 'byteain' LANGUAGE internal IMMUTABLE STRICT;
CREATE FUNCTION rawbytes_out(rawbytes) RETURNS cstring AS 'byteaout' LANGUAGE internal IMMUTABLE STRICT;
CREATE TYPE rawbytes (INPUT = rawbytes_in, OUTPUT = rawbytes_out, INTERNALLENGTH = VARIABLE, ALIGNMENT = double);
CREATE CAST (rawbytes AS quantile_sketch) WITHOUT FUNCTION;

-- seeds: empty, zeros only, one value, tiny/huge values, small and large,
-- other k, collapsed
CREATE TABLE seeds (id int, s quantile_sketch);
INSERT INTO seeds VALUES
	(1, 'v1 alpha=0.009901778953003098 k=35 level=0 count=0 zeros=0 sum=0'),
	(2, (SELECT quantile_sketch(0.0) FROM generate_series(1, 3))),
	(3, (SELECT quantile_sketch(42.0))),
	(4, (SELECT quantile_sketch(v) FROM (VALUES (4.9406564584124654e-324), (1e-300), (1e300)) t(v))),
	(5, (SELECT quantile_sketch(i * 1.5) FROM generate_series(0, 40) i)),
	(6, (SELECT quantile_sketch(exp((hashint4(i) & 1023) / 60.0)) FROM generate_series(1, 3000) i)),
	(7, (SELECT quantile_sketch(i, 0.001) FROM generate_series(1, 300) i)),
	(8, (SELECT quantile_sketch(i, 0.25) FROM generate_series(1, 300) i)),
	(9, (SELECT quantile_sketch(power(10, i / 10.0), 0.0001) FROM generate_series(-80, 80) i));

CREATE FUNCTION r(i bigint, j int) RETURNS bigint IMMUTABLE LANGUAGE sql
AS $$ SELECT hashint8(i * 131 + j) & 2147483647 $$;

CREATE FUNCTION mutate_text(t text, i bigint) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
	alphabet text := '0123456789.,*=+-expvakminlzsuobEX ';
	n int := length(t);
	p int := 1 + r(i, 1) % greatest(n, 1);
	op int := r(i, 0) % 8;
	c text := substr(alphabet, 1 + (r(i, 2) % length(alphabet))::int, 1);
BEGIN
	CASE op
		WHEN 0 THEN RETURN overlay(t placing c from p for 1);
		WHEN 1 THEN RETURN left(t, (r(i, 3) % greatest(n, 1))::int);
		WHEN 2 THEN RETURN overlay(t placing repeat(substr('9876543210', 1 + (r(i, 4) % 10)::int, 1), 1 + (r(i, 5) % 25)::int) from p for 0);
		WHEN 3 THEN RETURN overlay(t placing '' from p for 1 + (r(i, 6) % 12)::int);
		WHEN 4 THEN RETURN t || c || substr(t, p, 1 + (r(i, 7) % 20)::int);
		WHEN 5 THEN RETURN overlay(t placing substr(t, p, 1 + (r(i, 8) % 30)::int) from 1 + (r(i, 9) % greatest(n, 1))::int for 0);
		WHEN 6 THEN RETURN overlay(overlay(t placing c from p for 1) placing c from 1 + (r(i, 10) % greatest(n, 1))::int for 1);
		ELSE RETURN (SELECT string_agg(substr(alphabet, 1 + (r(i, 20 + k) % length(alphabet))::int, 1), '')
					 FROM generate_series(1, 1 + (r(i, 11) % 90)::int) k);
	END CASE;
END $$;

CREATE FUNCTION mutate_bytes(b bytea, i bigint) RETURNS bytea LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
	n int := length(b);
	p int := (r(i, 1) % greatest(n, 1))::int;
	op int := r(i, 0) % 9;
	x bytea;
BEGIN
	IF n = 0 THEN RETURN '\x01'::bytea; END IF;
	CASE op
		WHEN 0 THEN RETURN set_byte(b, p, get_byte(b, p) # (1 << (r(i, 2) % 8)::int));
		WHEN 1 THEN RETURN set_byte(set_byte(b, p, get_byte(b, p) # (1 << (r(i, 2) % 8)::int)),
									(r(i, 3) % n)::int, (r(i, 4) % 256)::int);
		WHEN 2 THEN RETURN substr(b, 1, (r(i, 5) % n)::int);
		WHEN 3 THEN RETURN b || decode(lpad(to_hex(r(i, 6)), 8, '0'), 'hex');
		WHEN 4 THEN RETURN overlay(b placing '\xffffffffffffffffff01'::bytea from 1 + p for 0);
		WHEN 5 THEN RETURN overlay(b placing '\xffffffffffffffffff7f'::bytea from 1 + p for 10);
		WHEN 6 THEN RETURN set_byte(b, p, (r(i, 7) % 256)::int);
		WHEN 7 THEN RETURN overlay(b placing substr(b, 1 + p, 1 + (r(i, 8) % 16)::int) from 1 + (r(i, 9) % n)::int for 0);
		ELSE
			SELECT string_agg(decode(lpad(to_hex(r(i, 30 + k) % 256), 2, '0'), 'hex'), '') INTO x
			FROM generate_series(1, 1 + (r(i, 10) % 60)::int) k;
			IF r(i, 11) % 2 = 0 THEN x := set_byte(x, 0, 1); END IF;
			IF length(x) > 1 AND r(i, 12) % 2 = 0 THEN x := set_byte(x, 1, (r(i, 13) % 2)::int); END IF;
			RETURN x;
	END CASE;
END $$;

-- Exercise an accepted value: accessors must work and the bytes must be canonical.
CREATE FUNCTION exercise(s quantile_sketch) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	dummy float8[];
BEGIN
	IF quantile_sketch_send(s::text::quantile_sketch) IS DISTINCT FROM quantile_sketch_send(s) THEN
		RAISE EXCEPTION 'text round trip changed an accepted value: %', s::text USING ERRCODE = 'P0001';
	END IF;
	IF quantile_sketch_send(quantile_sketch_from_bytea(quantile_sketch_send(s))) IS DISTINCT FROM quantile_sketch_send(s) THEN
		RAISE EXCEPTION 'binary round trip changed an accepted value' USING ERRCODE = 'P0001';
	END IF;
	dummy := approx_percentiles(s, '{0,0.01,0.5,0.99,1}');
	PERFORM approx_percentile(s, 0.3), approx_rank(s, 1.0), sketch_count(s), sketch_mean(s),
			sketch_min(s), sketch_max(s), sketch_error(s);
	PERFORM rollup(x) FROM (VALUES (s), (s)) t(x);
END $$;

CREATE TABLE tally (decoder text, outcome text, n int);

CREATE FUNCTION run(kind text, total int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	i int;
	seed quantile_sketch;
	t text;
	b bytea;
	s quantile_sketch;
	ok int := 0;
	rejected int := 0;
	state text;
	msg text;
	expect text := CASE kind WHEN 'text' THEN '22P02' WHEN 'binary' THEN '22P03' ELSE 'XX001' END;
BEGIN
	FOR i IN 1 .. total LOOP
		SELECT seeds.s INTO seed FROM seeds WHERE id = 1 + i % 9;
		BEGIN
			IF kind = 'text' THEN
				t := mutate_text(seed::text, i);
				s := t::quantile_sketch;
			ELSIF kind = 'binary' THEN
				b := mutate_bytes(quantile_sketch_send(seed), i);
				s := quantile_sketch_from_bytea(b);
			ELSE
				b := mutate_bytes(quantile_sketch_send(seed), i);
				-- a stored value: canonical mutations, and working-layout headers
				IF i % 4 = 0 AND length(b) > 1 THEN b := set_byte(b, 1, 1); END IF;
				s := ('\x' || encode(b, 'hex'))::rawbytes::quantile_sketch;
				PERFORM s::text;
			END IF;
			PERFORM exercise(s);
			ok := ok + 1;
		EXCEPTION WHEN OTHERS THEN
			GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
			IF state = expect THEN
				rejected := rejected + 1;
			ELSE
				INSERT INTO tally VALUES (kind, 'unexpected ' || state || ': ' || msg, 1);
			END IF;
		END;
	END LOOP;
	INSERT INTO tally VALUES (kind, 'accepted', ok), (kind, 'rejected with ' || expect, rejected);
END $$;

-- sanity: the unmutated seeds are accepted by every decoder
SELECT bool_and(s::text::quantile_sketch IS NOT NULL
				AND quantile_sketch_from_bytea(quantile_sketch_send(s)) IS NOT NULL
				AND sketch_count(('\x' || encode(quantile_sketch_send(s), 'hex'))::rawbytes::quantile_sketch) = sketch_count(s))
	   AS seeds_accepted FROM seeds \gset
SELECT CASE WHEN :'seeds_accepted' THEN 'seeds accepted by all decoders' ELSE 'SEEDS REJECTED' END;
SELECT run('text', :n);
SELECT run('binary', :n);
SELECT run('stored', :n / 2);
SELECT format('%-7s %-40s %s', decoder, left(outcome, 40), sum(n)) FROM tally GROUP BY decoder, outcome ORDER BY decoder, outcome;
SELECT format('total inputs: %s', sum(n)) FROM tally;
SELECT format('unexpected outcomes: %s', count(*)) FROM tally WHERE outcome LIKE 'unexpected%';
SQL
)
echo "$out"
grep -q '^seeds accepted by all decoders$' <<<"$out"
grep -q '^unexpected outcomes: 0$' <<<"$out"
total=$(sed -n 's/^total inputs: //p' <<<"$out")
[ "$total" -ge 100000 ] || { echo "only $total inputs"; exit 1; }
