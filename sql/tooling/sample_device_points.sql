-- Points of one user's device list for keyset cursors inside real data: the devices a
-- quarter, half and three quarters of the way down the list (most recently seen first), with
-- their ids.
-- params: $1 user_id uuid
-- uses: none (reads one user's few live devices once; any index on user_id serves)
SELECT
    ranked.position,
    ranked.last_seen_at,
    ranked.id
FROM (
    SELECT
        d.last_seen_at,
        d.id,
        row_number() OVER (ORDER BY d.last_seen_at DESC, d.id DESC) AS position,
        count(*) OVER () AS total
    FROM devices AS d
    WHERE d.user_id = $1
        AND d.deleted_at IS NULL
) AS ranked
WHERE ranked.position IN (
    greatest(ranked.total / 4, 1),
    greatest(ranked.total / 2, 1),
    greatest(ranked.total * 3 / 4, 1)
)
ORDER BY ranked.position
