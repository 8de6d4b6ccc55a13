-- Readiness probe: proves a pooled connection can run a statement.
-- uses: none (reads no table)
SELECT 1
