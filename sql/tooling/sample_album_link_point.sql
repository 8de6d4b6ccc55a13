-- The link halfway down one album's live outgoing links, newest first: the keyset cursor
-- (created_at, id) of a deep page of the album's object links.
-- params: $1 user_id uuid, $2 album_id uuid
-- uses: none (reads one album's links once; any links index on (user_id, from) serves)
-- sample: album_id = id from tooling/sample_largest_album
SELECT
    ranked.created_at,
    ranked.id
FROM (
    SELECT
        l.created_at,
        l.id,
        row_number() OVER (ORDER BY l.created_at DESC, l.id DESC) AS position,
        count(*) OVER () AS total
    FROM links AS l
    WHERE l.user_id = $1
        AND l.from_object_id = $2
        AND l.deleted_at IS NULL
) AS ranked
WHERE ranked.position = greatest(ranked.total / 2, 1)
