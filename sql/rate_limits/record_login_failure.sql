-- Count one failed login of an account (its e-mail, known to the service or not). Failures are
-- counted in a window of $3 seconds from the first; the failure that brings the count to the
-- threshold $2 locks password login of the account: its window_end moves $3 seconds ahead, the
-- cooling-off period. Only that failure moves it (hits = $2 exactly), so failures that raced
-- past the check do not lengthen the lock. Returns the count, whether this failure started the
-- lock, and the whole seconds until the window ends.
-- params: $1 email text, $2 threshold integer, $3 lockout_seconds integer
-- uses: rate_limits_pkey
-- sample: email = "explain-rate-limit@example.com"
-- sample: threshold = 10
-- sample: lockout_seconds = 900
INSERT INTO rate_limits AS r (scope, key, hits, window_end)
VALUES (
    'login/failures',
    encode(sha256(convert_to(lower($1), 'UTF8')), 'hex'),
    1,
    now() + $3 * interval '1 second'
)
ON CONFLICT (scope, key) DO UPDATE
SET
    hits = CASE WHEN r.window_end <= now() THEN 1 ELSE r.hits + 1 END,
    window_end = CASE
        WHEN r.window_end <= now() THEN excluded.window_end
        WHEN r.hits + 1 = $2 THEN excluded.window_end
        ELSE r.window_end
    END
RETURNING
    hits,
    hits = $2 AS locked_now,
    window_end,
    greatest(1, ceil(extract(EPOCH FROM r.window_end - now())))::integer AS retry_after
