-- Three live profile attributes of one user, a quarter, half and three quarters of the way
-- through the list in key order: keyset cursors inside real data, and ids and keys of live
-- attributes.
-- params: $1 user_id uuid
-- uses: none (reads one user's few live attributes once; any index on user_id serves)
SELECT
    ranked.position,
    ranked.key,
    ranked.id
FROM (
    SELECT
        a.key,
        a.id,
        row_number() OVER (ORDER BY a.key) AS position,
        count(*) OVER () AS total
    FROM profile_attributes AS a
    WHERE a.user_id = $1
        AND a.deleted_at IS NULL
) AS ranked
WHERE ranked.position IN (
    greatest(ranked.total / 4, 1),
    greatest(ranked.total / 2, 1),
    greatest(ranked.total * 3 / 4, 1)
)
ORDER BY ranked.position
