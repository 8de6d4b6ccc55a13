-- Enum and domain types of the application schemas (not an extension's), for the snapshot.
-- uses: none (catalog query; small system tables)
-- plan: not checked (catalog query: system tables and server settings, not application data)
SELECT
    quote_ident(n.nspname) AS schema_name,
    quote_ident(t.typname) AS name,
    t.typtype::text AS kind,
    (
        SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder)
        FROM pg_enum AS e
        WHERE e.enumtypid = t.oid
    ) AS labels,
    format_type(t.typbasetype, t.typtypmod) AS base_type,
    t.typnotnull AS not_null,
    t.typdefault AS default_expr,
    (
        SELECT string_agg(
            format('CONSTRAINT %s %s', quote_ident(c.conname), pg_get_constraintdef(c.oid)),
            ' ' ORDER BY c.conname
        )
        FROM pg_constraint AS c
        WHERE c.contypid = t.oid
            AND c.contype = 'c'
    ) AS checks
FROM pg_type AS t
JOIN pg_namespace AS n ON n.oid = t.typnamespace
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname NOT LIKE 'pg\_%'
    AND t.typtype IN ('e', 'd')
    AND NOT EXISTS (
        SELECT 1
        FROM pg_depend AS d
        WHERE d.classid = 'pg_type'::regclass
            AND d.objid = t.oid
            AND d.deptype = 'e'
    )
ORDER BY n.nspname, t.typname
