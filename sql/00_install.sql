-- The first test installs the oldest shipped version and walks
-- ALTER EXTENSION UPDATE to the newest, so every run checks the upgrade path.
DROP EXTENSION social_metrics;
CREATE EXTENSION social_metrics VERSION '1.0.0';
ALTER EXTENSION social_metrics UPDATE;
SELECT extversion = default_version AS at_newest
  FROM pg_extension e JOIN pg_available_extensions a ON a.name = e.extname
 WHERE e.extname = 'social_metrics';
