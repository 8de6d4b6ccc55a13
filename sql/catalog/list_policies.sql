-- Row-level security: which tables enforce it, and their policies.
-- uses: none (catalog query; small system tables)
SELECT
    c.relname AS table_name,
    c.relrowsecurity AS enabled,
    c.relforcerowsecurity AS forced,
    coalesce(
        (
            SELECT string_agg(
                format(
                    'POLICY %s FOR %s TO %s USING (%s) WITH CHECK (%s)',
                    p.policyname, p.cmd, array_to_string(p.roles, ','), p.qual, p.with_check
                ),
                E'\n' ORDER BY p.policyname
            )
            FROM pg_policies AS p
            WHERE p.schemaname = 'public'
                AND p.tablename = c.relname
        ),
        ''
    ) AS policies
FROM pg_class AS c
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE n.nspname = 'public'
    AND c.relkind IN ('r', 'p')
    AND (c.relrowsecurity OR c.relforcerowsecurity)
ORDER BY c.relname
