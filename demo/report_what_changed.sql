-- Section B of the report, "What changed": demo/what_changed.sql (the
-- trends section: per KPI of our brand and the top competitors, this week
-- against the previous four, with intervals and a flag where the change is
-- significant; audience growth per account).  Included by demo/report.sql;
-- tools/demo.sh also runs it alone, in psql's HTML output format, for the
-- web page (demo/report_html.py --what-changed).  Prints nothing when
-- demo/what_changed.sql does not exist (:has_what_changed, report_setup.sql).

\ir report_setup.sql
\if :has_what_changed
\ir what_changed.sql
\endif
