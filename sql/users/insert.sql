-- Register a user and claim its e-mail address in one statement; a taken address fails on
-- user_emails_pkey (unique violation) and nothing is stored. Through register_user() (0031):
-- before the account exists no row-level security policy can admit its rows, and the service
-- may not insert into users or user_emails itself. A new account searches in 'simple', the
-- column's default (0038), which register_user does not return.
-- params: $1 email text, $2 password_hash text, $3 display_name text
-- uses: none (SECURITY DEFINER function register_user: a plain insert inside)
-- sample: email = "explain-new-user@example.com"
SELECT
    id,
    email,
    display_name,
    storage_quota_bytes,
    created_at,
    updated_at,
    metadata,
    'simple'::text AS search_language
FROM register_user($1, $2, $3)
