-- Create the table that records applied migrations, if it is missing.
-- uses: none (DDL; runs once per migrator under the advisory lock)
CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(),
    execution_ms integer NOT NULL
)
