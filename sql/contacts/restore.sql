-- Bring one trashed contact of one user back, unless a live contact now holds its import key.
-- Found by primary key, or in the user's (short) trash: the planner picks by the size of the
-- trash, and either is right (as albums/restore).
-- params: $1 user_id uuid, $2 id uuid
-- uses: contacts_pkey | contacts_trash_user_deleted_idx
-- sample: id from tooling/sample_contact_trash_point
UPDATE contacts
SET deleted_at = NULL
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NOT NULL
RETURNING
    id,
    user_id,
    given_name,
    family_name,
    display_name,
    emails,
    phones,
    organization,
    birthday,
    notes,
    created_at,
    updated_at,
    deleted_at,
    metadata,
    source_integration_id,
    source_platform,
    source_object_id
