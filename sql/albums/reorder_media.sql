-- Put the visible media of one album in the order given, which must list each of them exactly
-- once; otherwise nothing changes. Answers how many are visible and how many were moved.
-- params: $1 user_id uuid, $2 album_id uuid, $3 media_ids uuid[]
-- uses: links_live_from_sorted_idx, media_pkey, links_pkey
-- generic plan: uses links_live_key, media_pkey, links_pkey (not knowing the album, the planner finds its members through the live-link key, whose leading columns user_id, from_object_id are the same album prefix)
-- sample: album_id = id from tooling/sample_largest_album
-- sample: media_ids = id from tooling/sample_album_members every row
WITH members AS (
    SELECT
        l.id,
        l.to_object_id
    FROM links AS l
    JOIN media AS m
        ON m.user_id = l.user_id
        AND m.id = l.to_object_id
    WHERE l.user_id = $1
        AND l.from_object_id = $2
        AND l.link_type = 'contains'
        AND l.deleted_at IS NULL
        AND m.deleted_at IS NULL
    FOR UPDATE OF l
),
wanted AS (
    SELECT
        w.id,
        w.position
    FROM unnest($3::uuid[]) WITH ORDINALITY AS w (id, position)
),
complete AS (
    SELECT
        (SELECT count(*) FROM members) = cardinality($3::uuid[])
        AND (SELECT count(DISTINCT w.id) FROM wanted AS w) = cardinality($3::uuid[])
        AND NOT EXISTS (
            SELECT 1 FROM wanted AS w
            WHERE w.id NOT IN (SELECT mb.to_object_id FROM members AS mb)
        ) AS ok
),
moved AS (
    UPDATE links AS l
    SET sort_order = w.position
    FROM members AS mb
    JOIN wanted AS w
        ON w.id = mb.to_object_id
    WHERE l.user_id = $1
        AND l.id = mb.id
        AND (SELECT ok FROM complete)
    RETURNING l.id
)
SELECT
    (SELECT count(*) FROM members) AS visible,
    (SELECT count(*) FROM moved) AS moved
