/* social_metrics install script, assembled from src/sql/NN_*.sql by make. */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION social_metrics" to load this file. \quit

/*
 * Conventions of every fragment:
 *  - every object is created schema-qualified with @extschema@ and refers to
 *    core objects through pg_catalog, so nothing resolves through the
 *    caller's search_path (see the hijack test);
 *  - CREATE, never CREATE OR REPLACE;
 *  - C functions use MODULE_PATHNAME;
 *  - every object gets a COMMENT ON (units, NULL rule, example).
 */
