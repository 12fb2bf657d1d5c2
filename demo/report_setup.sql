-- Settings and variables shared by demo/report.sql and
-- demo/report_response.sql (each includes it, so either runs alone).

\set QUIET on
\set ON_ERROR_STOP on
\encoding UTF8
\pset footer off
\pset null '–'
SET jit = off;  -- small queries; compiling would cost more than it saves

-- The window: the last :weeks complete weeks of the data (Monday-based, in
-- each brand's own time zone); :focus is "our" brand.
\if :{?weeks}
\else
\set weeks 8
\endif
\if :{?focus}
\else
SELECT brand AS focus FROM demo.brands WHERE focus \gset
\endif
SELECT tz AS focus_tz FROM demo.brands WHERE brand = :'focus' \gset

-- The customer-care target the report measures against: a first reply
-- within :sla_minutes of the brand's business hours (its business_calendar:
-- opening hours, holidays closed).  Unanswered conversations are misses.
\if :{?sla_minutes}
\else
\set sla_minutes 60
\endif
SELECT :sla_minutes * 60 AS sla_seconds,
	CASE WHEN :sla_minutes % 60 = 0 THEN (:sla_minutes / 60)::text || ' h' ELSE :sla_minutes || ' min' END
	AS sla_label \gset

-- "What changed" (the trends section) is demo/what_changed.sql, included
-- by demo/report_what_changed.sql when the file exists.  psql cannot test
-- for a file, the shell can: :demo_dir is the directory of these scripts
-- (tools/demo.sh passes it; default: demo, from the project's directory).
\if :{?demo_dir}
\else
\set demo_dir demo
\endif
\set has_what_changed `test -f :'demo_dir'/what_changed.sql && echo true || echo false`
SELECT max(date_trunc('week', posted_at AT TIME ZONE b.tz))::date + 7 - 7 * :weeks AS since,
	max(date_trunc('week', posted_at AT TIME ZONE b.tz))::date + 6 AS until
FROM demo.posts p JOIN demo.accounts a USING (account_id) JOIN demo.brands b USING (brand) \gset

-- Section 3 (response times) needs reply pairing, the quantile sketch and
-- business time; :has_response says whether they are there (visible on the
-- search path, as the report calls them).
SELECT count(DISTINCT proname) = 12 AND to_regtype('business_calendar') IS NOT NULL AS has_response
FROM pg_proc
WHERE pg_function_is_visible(oid) AND proname = ANY ('{first_reply_seconds,first_reply_sketch,quantile_sketch,
	approx_percentile,approx_percentiles,approx_rank,sketch_count,sketch_error,rollup,business_seconds,
	local_bucket,local_date}') \gset

\if :{?report_header}
\else
\set report_header done
SELECT format('social_metrics sample report: %s posts by %s accounts of %s brands, %s conversations '
		'(%s messages), %s mentions',
		to_char((SELECT count(*) FROM demo.posts), 'FM999,999,999'),
		(SELECT count(*) FROM demo.accounts), (SELECT count(*) FROM demo.brands),
		to_char((SELECT count(*) FROM demo.conversations), 'FM999,999,999'),
		to_char((SELECT count(*) FROM demo.messages), 'FM999,999,999'),
		to_char((SELECT count(*) FROM demo.mentions), 'FM999,999,999')) AS line \gset
\echo :line
\echo 'Window: the' :weeks 'weeks' :since 'to' :until '(local weeks of each brand); our brand:' :focus
\echo
\endif
