-- Add media to one live album of one user, appended in the order given; media already in the
-- album are left where they are. Every media item is locked (FOR SHARE) so none can go to the
-- trash before this commits. Answers whether the album exists, how many of the given ids are
-- live media of the user, how many memberships are new, and the ids that are not.
-- params: $1 user_id uuid, $2 album_id uuid, $3 media_ids uuid[]
-- uses: albums_pkey, media_pkey, links_live_from_sorted_idx, links_live_key
-- sample: album_id = id from tooling/sample_largest_album
-- sample: media_ids = id from tooling/sample_media_points every row
WITH album AS (
    SELECT
        id
    FROM albums
    WHERE user_id = $1
        AND id = $2
        AND deleted_at IS NULL
    FOR SHARE
),
wanted AS (
    SELECT
        w.id,
        w.position
    FROM unnest($3::uuid[]) WITH ORDINALITY AS w (id, position)
),
valid AS (
    SELECT
        m.id,
        w.position
    FROM wanted AS w
    JOIN media AS m
        ON m.user_id = $1
        AND m.id = w.id
    WHERE m.deleted_at IS NULL
    FOR SHARE OF m
),
last_position AS (
    SELECT
        coalesce(max(l.sort_order), 0) AS sort_order
    FROM links AS l
    WHERE l.user_id = $1
        AND l.from_object_id = $2
        AND l.link_type = 'contains'
        AND l.deleted_at IS NULL
),
added AS (
    INSERT INTO links (
        user_id, from_object_type, from_object_id, to_object_type, to_object_id, link_type,
        sort_order
    )
    SELECT
        $1,
        'album',
        album.id,
        'media',
        valid.id,
        'contains',
        last_position.sort_order + valid.position
    FROM valid
    CROSS JOIN album
    CROSS JOIN last_position
    ON CONFLICT (user_id, from_object_id, to_object_id, link_type) WHERE deleted_at IS NULL
    DO NOTHING
    RETURNING to_object_id
)
SELECT
    exists(SELECT 1 FROM album) AS album_found,
    (SELECT count(*) FROM valid) AS valid,
    (SELECT count(*) FROM added) AS added,
    coalesce(
        (SELECT array_agg(w.id ORDER BY w.position) FROM wanted AS w
         WHERE w.id NOT IN (SELECT v.id FROM valid AS v)),
        '{}'
    ) AS missing
