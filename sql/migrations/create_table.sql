-- Create the table that records applied migrations, if it is missing. Always public: the
-- search path (a schema named after the role first, or one a migration set) must never decide
-- where the history is, or a runner would find none and apply every file again.
-- uses: none (DDL; runs once per migrator under the advisory lock)
CREATE TABLE IF NOT EXISTS public.schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(),
    execution_ms integer NOT NULL
)
