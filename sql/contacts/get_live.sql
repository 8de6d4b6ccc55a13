-- One live contact of one user.
-- params: $1 user_id uuid, $2 id uuid
-- uses: contacts_pkey
-- replica: yes
-- sample: id from tooling/sample_contact_points row 2
SELECT
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
FROM contacts
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NULL
