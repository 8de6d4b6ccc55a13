-- Privileges granted to roles other than the owner on application schemas, tables, views and
-- sequences (the owner's own and its name vary between servers, so they are left out), and
-- column privileges as `SELECT (a, b)` on their table.
-- uses: none (catalog query; small system tables)
-- plan: not checked (catalog query: system tables and server settings, not application data)
SELECT
    g.object_type,
    g.object_name,
    CASE WHEN g.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(g.grantee)) END
        AS grantee,
    string_agg(g.privilege_type, ', ' ORDER BY g.privilege_type) AS privileges
FROM (
    SELECT
        CASE c.relkind WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END AS object_type,
        format('%s.%s', quote_ident(n.nspname), quote_ident(c.relname)) AS object_name,
        acl.grantee,
        acl.privilege_type
    FROM pg_class AS c
    JOIN pg_namespace AS n ON n.oid = c.relnamespace
    CROSS JOIN LATERAL aclexplode(c.relacl) AS acl
    WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND n.nspname NOT LIKE 'pg\_%'
        AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
        AND acl.grantee <> c.relowner
        AND NOT EXISTS (
            SELECT 1
            FROM pg_depend AS d
            WHERE d.classid = 'pg_class'::regclass
                AND d.objid = c.oid
                AND d.deptype = 'e'
        )
    UNION ALL
    SELECT
        'TABLE',
        format('%s.%s', quote_ident(n.nspname), quote_ident(c.relname)),
        acl.grantee,
        format(
            '%s (%s)',
            acl.privilege_type,
            string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum)
        )
    FROM pg_class AS c
    JOIN pg_namespace AS n ON n.oid = c.relnamespace
    JOIN pg_attribute AS a ON a.attrelid = c.oid
    CROSS JOIN LATERAL aclexplode(a.attacl) AS acl
    WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND n.nspname NOT LIKE 'pg\_%'
        AND c.relkind IN ('r', 'p', 'v', 'm')
        AND a.attnum > 0
        AND NOT a.attisdropped
        AND acl.grantee <> c.relowner
    GROUP BY n.nspname, c.relname, acl.grantee, acl.privilege_type
    UNION ALL
    SELECT
        'SCHEMA',
        quote_ident(n.nspname),
        acl.grantee,
        acl.privilege_type
    FROM pg_namespace AS n
    CROSS JOIN LATERAL aclexplode(n.nspacl) AS acl
    WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND n.nspname NOT LIKE 'pg\_%'
        AND acl.grantee <> n.nspowner
        -- public's default grants to PUBLIC differ between PostgreSQL 14 and 15+.
        AND acl.grantee <> 0
) AS g
GROUP BY g.object_type, g.object_name, g.grantee
ORDER BY g.object_type, g.object_name, 3
