-- Foreign keys of the application tables (not those a partition inherits), each with its
-- columns and the referenced ones in key order, and their types (the base type of a domain, for
-- comparing; as declared, for showing).
-- uses: none (catalog query; small system tables)
-- plan: not checked (catalog query: system tables and server settings, not application data)
SELECT
    c.conrelid::regclass::text AS table_ref,
    c.conname AS name,
    c.confrelid::regclass::text AS referenced_ref,
    ARRAY(
        SELECT a.attname::text
        FROM unnest(c.conkey) WITH ORDINALITY AS k (attnum, pos)
        JOIN pg_attribute AS a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
        ORDER BY k.pos
    ) AS columns,
    ARRAY(
        SELECT a.attname::text
        FROM unnest(c.confkey) WITH ORDINALITY AS k (attnum, pos)
        JOIN pg_attribute AS a ON a.attrelid = c.confrelid AND a.attnum = k.attnum
        ORDER BY k.pos
    ) AS referenced_columns,
    ARRAY(
        SELECT format_type(a.atttypid, a.atttypmod)
        FROM unnest(c.conkey) WITH ORDINALITY AS k (attnum, pos)
        JOIN pg_attribute AS a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
        ORDER BY k.pos
    ) AS column_types,
    ARRAY(
        SELECT format_type(a.atttypid, a.atttypmod)
        FROM unnest(c.confkey) WITH ORDINALITY AS k (attnum, pos)
        JOIN pg_attribute AS a ON a.attrelid = c.confrelid AND a.attnum = k.attnum
        ORDER BY k.pos
    ) AS referenced_types,
    ARRAY(
        SELECT coalesce(nullif(ty.typbasetype, 0), ty.oid)
        FROM unnest(c.conkey) WITH ORDINALITY AS k (attnum, pos)
        JOIN pg_attribute AS a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
        JOIN pg_type AS ty ON ty.oid = a.atttypid
        ORDER BY k.pos
    ) AS column_base_types,
    ARRAY(
        SELECT coalesce(nullif(ty.typbasetype, 0), ty.oid)
        FROM unnest(c.confkey) WITH ORDINALITY AS k (attnum, pos)
        JOIN pg_attribute AS a ON a.attrelid = c.confrelid AND a.attnum = k.attnum
        JOIN pg_type AS ty ON ty.oid = a.atttypid
        ORDER BY k.pos
    ) AS referenced_base_types
FROM pg_constraint AS c
JOIN pg_class AS r ON r.oid = c.conrelid
JOIN pg_namespace AS n ON n.oid = r.relnamespace
WHERE c.contype = 'f'
    AND c.conparentid = 0
    AND n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname NOT LIKE 'pg\_%'
    AND NOT EXISTS (
        SELECT 1
        FROM pg_depend AS d
        WHERE d.classid = 'pg_class'::regclass
            AND d.objid = r.oid
            AND d.deptype = 'e'
    )
ORDER BY n.nspname, r.relname, c.conname
