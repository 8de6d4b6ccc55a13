-- Forget an account's lockout whose cooling-off period has ended; returns when it ended, only
-- to the one request that deleted it, so that the end is audited once however many requests
-- find it at the same time.
-- params: $1 email text, $2 threshold integer
-- uses: rate_limits_pkey
-- sample: email = "explain-rate-limit@example.com"
-- sample: threshold = 10
DELETE FROM rate_limits
WHERE scope = 'login/failures'
    AND key = encode(sha256(convert_to(lower($1), 'UTF8')), 'hex')
    AND hits >= $2
    AND window_end <= now()
RETURNING window_end
