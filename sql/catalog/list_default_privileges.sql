-- Default privileges (ALTER DEFAULT PRIVILEGES) that grant to roles, per schema and object kind;
-- the role that set them is left out (it is whoever migrates, which varies between servers).
-- uses: none (catalog query; small system tables)
-- plan: not checked (catalog query: system tables and server settings, not application data)
SELECT
    coalesce(quote_ident(n.nspname), '') AS schema_name,
    CASE a.defaclobjtype
        WHEN 'r' THEN 'TABLES'
        WHEN 'S' THEN 'SEQUENCES'
        WHEN 'f' THEN 'FUNCTIONS'
        WHEN 'T' THEN 'TYPES'
        ELSE 'SCHEMAS'
    END AS object_kind,
    CASE WHEN acl.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(acl.grantee)) END
        AS grantee,
    string_agg(acl.privilege_type, ', ' ORDER BY acl.privilege_type) AS privileges
FROM pg_default_acl AS a
LEFT JOIN pg_namespace AS n ON n.oid = a.defaclnamespace
CROSS JOIN LATERAL aclexplode(a.defaclacl) AS acl
WHERE acl.grantee <> a.defaclrole
GROUP BY 1, 2, 3
ORDER BY 1, 2, 3
