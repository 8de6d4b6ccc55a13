-- Drop one partition, its rows with it: retention by whole months. Locks the parent ACCESS
-- EXCLUSIVE for a moment; the caller sets a short lock_timeout first.
-- identifiers: schema, partition
-- uses: none (utility statement)
DROP TABLE {schema}.{partition}
