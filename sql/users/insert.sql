-- Register a user and claim its e-mail address in one statement; a taken address fails on
-- user_emails_pkey (unique violation) and nothing is stored.
-- params: $1 email text, $2 password_hash text, $3 display_name text
-- uses: none (plain insert)
-- sample: email = "explain-new-user@example.com"
WITH new_user AS (
    INSERT INTO users (email, password_hash, display_name)
    VALUES ($1, $2, $3)
    RETURNING
        id,
        email,
        display_name,
        storage_quota_bytes,
        created_at,
        updated_at,
        metadata
),
claimed AS (
    INSERT INTO user_emails (email_lower, user_id)
    SELECT
        lower($1),
        id
    FROM new_user
)
SELECT
    id,
    email,
    display_name,
    storage_quota_bytes,
    created_at,
    updated_at,
    metadata
FROM new_user
