-- The failed-login count of one account (its lockout row), with whether it has reached the
-- lockout threshold and the whole seconds until its window (or cooling-off period) ends; no row
-- when no failure is counted. The key is SHA-256 of lower(e-mail), as sql/rate_limits/hit.sql.
-- params: $1 email text, $2 threshold integer
-- uses: rate_limits_pkey
-- sample: email = "explain-rate-limit@example.com"
-- sample: threshold = 10
SELECT
    hits,
    hits >= $2 AS locked,
    window_end,
    ceil(extract(EPOCH FROM window_end - now()))::integer AS retry_after
FROM rate_limits
WHERE scope = 'login/failures'
    AND key = encode(sha256(convert_to(lower($1), 'UTF8')), 'hex')
