-- Drop one index (schema-qualified) for the rest of a bulk load's transaction; the load builds it
-- again from its catalog definition before it commits, and a rollback brings it back untouched.
-- identifiers: schema, index
-- uses: none (utility statement)
DROP INDEX {schema}.{index}
