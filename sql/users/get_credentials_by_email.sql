-- The id and password hash of the live user holding an e-mail address, case-insensitively.
-- params: $1 email text
-- uses: user_emails_pkey, users_pkey
-- sample: email = email_lower from tooling/sample_user_email
SELECT
    u.id AS user_id,
    u.password_hash
FROM user_emails AS e
JOIN users AS u
    ON u.id = e.user_id
WHERE e.email_lower = lower($1)
    AND u.deleted_at IS NULL
