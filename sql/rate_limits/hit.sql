-- Count one attempt of an action (login, register, refresh, password_check) against its two
-- limits at once: that of the client address and that of the account. Each is a row of
-- rate_limits created or counted up on its primary key; a row whose window has ended starts a
-- new window of $4 seconds at 1. The account key is SHA-256 of lower($3), the lower() that finds
-- an account by e-mail, so every spelling of one address counts as one. Returns each limit's
-- count and the whole seconds until its window ends (Retry-After, at least 1).
-- params: $1 action text, $2 address text, $3 account text, $4 window_seconds integer
-- uses: rate_limits_pkey
-- sample: action = "login"
-- sample: address = "192.0.2.1"
-- sample: account = "explain-rate-limit@example.com"
-- sample: window_seconds = 300
INSERT INTO rate_limits AS r (scope, key, hits, window_end)
VALUES
    ($1 || '/address', $2, 1, now() + $4 * interval '1 second'),
    (
        $1 || '/account',
        encode(sha256(convert_to(lower($3), 'UTF8')), 'hex'),
        1,
        now() + $4 * interval '1 second'
    )
ON CONFLICT (scope, key) DO UPDATE
SET
    hits = CASE WHEN r.window_end <= now() THEN 1 ELSE r.hits + 1 END,
    window_end = CASE WHEN r.window_end <= now() THEN excluded.window_end ELSE r.window_end END
RETURNING
    scope,
    hits,
    greatest(1, ceil(extract(EPOCH FROM r.window_end - now())))::integer AS retry_after
