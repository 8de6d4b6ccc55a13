-- The id and password hash of the live user holding an e-mail address, case-insensitively.
-- Through user_credentials() (0031): the service may not read users.password_hash itself; the
-- SECURITY DEFINER function reads it for one address (user_emails_pkey, then users_pkey).
-- params: $1 email text
-- uses: none (SECURITY DEFINER function user_credentials: user_emails_pkey, users_pkey inside)
-- sample: email = email_lower from tooling/sample_user_email
SELECT
    user_id,
    password_hash
FROM user_credentials($1)
