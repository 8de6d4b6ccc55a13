-- Export (GET /v1/me/export): the e-mail address one user's account claims (registration's
-- uniqueness), with when it was claimed.
-- params: $1 user_id uuid
-- uses: user_emails_user_id_idx
SELECT row_to_json(t)::text AS line
FROM user_emails AS t
WHERE t.user_id = $1
ORDER BY t.email_lower
