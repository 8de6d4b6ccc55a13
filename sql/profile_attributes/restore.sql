-- Bring one trashed profile attribute of one user back; a live attribute that took its key (or
-- import key) meanwhile makes it a unique violation (409). Found by primary key, or in the
-- user's (short) trash: the planner picks by the size of the trash, and either is right.
-- params: $1 user_id uuid, $2 id uuid
-- uses: profile_attributes_pkey | profile_attributes_trash_user_deleted_idx
-- sample: id from tooling/sample_profile_attribute_trash_point
UPDATE profile_attributes
SET deleted_at = NULL
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NOT NULL
RETURNING
    id,
    user_id,
    key,
    value,
    visibility,
    created_at,
    updated_at,
    deleted_at,
    metadata,
    source_integration_id,
    source_platform,
    source_object_id
