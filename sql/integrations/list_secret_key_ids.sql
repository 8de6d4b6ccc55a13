-- Every key id some secret is sealed under, without reading every row: a skip scan that jumps
-- from one key id to the next along the index.
-- uses: integration_secrets_key_idx
WITH RECURSIVE used (key_id) AS (
    (
        SELECT key_id
        FROM integration_secrets
        ORDER BY key_id
        LIMIT 1
    )
    UNION ALL
    SELECT (
        SELECT s.key_id
        FROM integration_secrets AS s
        WHERE s.key_id > u.key_id
        ORDER BY s.key_id
        LIMIT 1
    )
    FROM used AS u
    WHERE u.key_id IS NOT NULL
)
SELECT key_id
FROM used
WHERE key_id IS NOT NULL
