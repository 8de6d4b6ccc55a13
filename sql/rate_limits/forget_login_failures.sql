-- A successful login: forget the account's failed logins, so the next failure counts from one.
-- params: $1 email text
-- uses: rate_limits_pkey
-- sample: email = "explain-rate-limit@example.com"
DELETE FROM rate_limits
WHERE scope = 'login/failures'
    AND key = encode(sha256(convert_to(lower($1), 'UTF8')), 'hex')
