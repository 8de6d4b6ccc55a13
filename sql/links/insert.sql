-- Link two live objects of one user; both ends are locked (FOR SHARE) so neither can go to the
-- trash before this commits. A symmetric link (duplicate_of) also gets its mirror row; the
-- requested direction is returned first. Returns nothing when an end is missing, deleted or not
-- the user's; a live duplicate fails on links_live_key.
-- params: $1 user_id uuid, $2 from_object_type text, $3 from_object_id uuid, $4 to_object_type text, $5 to_object_id uuid, $6 link_type text, $7 strength real, $8 sort_order bigint, $9 metadata jsonb
-- uses: none (plain insert; the ends are checked by primary key in lock_live_object)
-- sample: from_object_type = "media"
-- sample: to_object_type = "media"
-- sample: link_type = "variant_of"
-- sample: from_object_id = id from tooling/sample_media_points row 3
-- sample: to_object_id = id from tooling/sample_media_points row 1
INSERT INTO links (
    user_id, from_object_type, from_object_id, to_object_type, to_object_id, link_type,
    strength, sort_order, metadata
)
SELECT
    $1,
    ends.from_type,
    ends.from_id,
    ends.to_type,
    ends.to_id,
    $6,
    $7,
    $8,
    $9
FROM (
    VALUES
        (1, $2::text, $3::uuid, $4::text, $5::uuid),
        (2, $4::text, $5::uuid, $2::text, $3::uuid)
) AS ends (direction, from_type, from_id, to_type, to_id)
WHERE (ends.direction = 1 OR $6 = 'duplicate_of')
    AND lock_live_object($1, $2, $3)
    AND lock_live_object($1, $4, $5)
ORDER BY ends.direction
RETURNING
    id,
    user_id,
    from_object_type,
    from_object_id,
    to_object_type,
    to_object_id,
    link_type,
    strength,
    sort_order,
    created_at,
    updated_at,
    deleted_at,
    metadata
