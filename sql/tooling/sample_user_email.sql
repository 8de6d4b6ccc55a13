-- An e-mail address (lower-cased) held by one user.
-- params: $1 user_id uuid
-- uses: user_emails_user_id_idx
SELECT
    e.email_lower
FROM user_emails AS e
WHERE e.user_id = $1
ORDER BY e.email_lower
LIMIT 1
