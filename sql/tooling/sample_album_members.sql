-- Three visible members of one album, a quarter, half and three quarters of the way through it
-- in album order: keyset cursors (sort_order, media id) and media ids that are in the album.
-- params: $1 user_id uuid, $2 album_id uuid
-- uses: none (reads one album's membership once; any links index on (user_id, from) serves)
-- sample: album_id = id from tooling/sample_largest_album
SELECT
    ranked.position,
    ranked.sort_order,
    ranked.id,
    ranked.link_type
FROM (
    SELECT
        am.sort_order,
        am.id,
        'contains' AS link_type,
        row_number() OVER (ORDER BY am.sort_order, am.id) AS position,
        count(*) OVER () AS total
    FROM album_media AS am
    WHERE am.user_id = $1
        AND am.album_id = $2
) AS ranked
WHERE ranked.position IN (
    greatest(ranked.total / 4, 1),
    greatest(ranked.total / 2, 1),
    greatest(ranked.total * 3 / 4, 1)
)
ORDER BY ranked.position
