
/*
 * ---- 1.2.0 ----------------------------------------------------------------
 * What 1.2.0 adds to 1.1.0.  Make puts these fragments both after the frozen
 * 1.1.0 script (the full 1.2.0 install) and behind the guard of the
 * 1.1.0 -> 1.2.0 update script, so both paths run the same statements.
 * The conventions hold: every object @extschema@-qualified, core objects
 * through pg_catalog, CREATE (never OR REPLACE), MODULE_PATHNAME, and a
 * COMMENT ON every object.
 */
