-- The statement that gives a role a login with a password: CREATE ROLE when the role is
-- missing, ALTER ROLE when it exists (made NOLOGIN by a migration, or by an earlier run).
-- The server quotes the name and the password (format %I, %L). Attributes: a service login may
-- never become a superuser, make roles or databases, or bypass row-level security; the
-- read-only reporting login bypasses row-level security (it reads every user's rows and may
-- write none).
-- params: $1 role text, $2 password text, $3 bypass_row_security boolean
-- uses: none (catalog query; small system tables)
-- plan: not checked (builds a utility statement from the catalog, not application data)
SELECT format(
    '%s ROLE %I WITH LOGIN PASSWORD %L NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION %s',
    CASE
        WHEN EXISTS (
            SELECT 1
            FROM pg_roles
            WHERE rolname = $1::text
        ) THEN 'ALTER'
        ELSE 'CREATE'
    END,
    $1::text,
    $2::text,
    CASE WHEN $3::boolean THEN 'BYPASSRLS' ELSE 'NOBYPASSRLS' END
)
