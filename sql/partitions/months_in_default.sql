-- The months (UTC) that rows of a DEFAULT partition fall in: the partitions `hypernet db
-- maintain` creates to move them into. Reads the whole DEFAULT partition, which upkeep keeps
-- (nearly) empty.
-- identifiers: schema, partition, column
-- uses: none (reads a whole DEFAULT partition, kept small)
SELECT DISTINCT date_trunc('month', {column} AT TIME ZONE 'UTC')::date AS month
FROM {schema}.{partition}
ORDER BY month
