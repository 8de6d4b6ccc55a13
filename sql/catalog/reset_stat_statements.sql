-- Forget what pg_stat_statements counted for this database (every statement of every role, and
-- nothing of other databases on the server): `hypernet sql stats --reset`.
-- uses: none (catalog function)
-- plan: not checked (catalog query: system tables and server settings, not application data)
SELECT pg_stat_statements_reset(
    0,
    (
        SELECT d.oid
        FROM pg_database AS d
        WHERE d.datname = current_database()
    ),
    0
)
