-- Functions and procedures of the public schema, except those an extension owns.
-- uses: none (catalog query; small system tables)
SELECT
    p.proname AS name,
    pg_get_function_identity_arguments(p.oid) AS arguments,
    pg_get_functiondef(p.oid) AS definition
FROM pg_proc AS p
JOIN pg_namespace AS n ON n.oid = p.pronamespace
WHERE n.nspname = 'public'
    AND p.prokind IN ('f', 'p')
    AND NOT EXISTS (
        SELECT 1
        FROM pg_depend AS d
        WHERE d.objid = p.oid
            AND d.deptype = 'e'
    )
ORDER BY p.proname, pg_get_function_identity_arguments(p.oid)
