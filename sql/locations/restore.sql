-- Bring one trashed point of one user back, unless a live one now holds its instant (a unique
-- violation, 409). Found by primary key, or in the user's (short) trash: either is right.
-- params: $1 user_id uuid, $2 id uuid
-- uses: locations_pkey | locations_trash_user_deleted_idx
-- sample: id from tooling/sample_location_trash_point
UPDATE locations
SET deleted_at = NULL
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NOT NULL
RETURNING
    id,
    user_id,
    recorded_at,
    latitude,
    longitude,
    accuracy_m,
    altitude_m,
    activity,
    created_at,
    updated_at,
    deleted_at,
    metadata,
    source_integration_id,
    source_platform,
    source_object_id
