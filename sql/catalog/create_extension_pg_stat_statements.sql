-- Make per-query statistics readable where the server preloads pg_stat_statements.
-- uses: none (utility statement)
CREATE EXTENSION IF NOT EXISTS pg_stat_statements
