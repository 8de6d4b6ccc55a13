-- Live contacts of one user alphabetically (display_name, then id), after a keyset cursor. A
-- null cursor starts at the beginning ('' sorts before every display_name, which is never empty).
-- params: $1 user_id uuid, $2 after_display_name text, $3 after_id uuid, $4 lim integer
-- uses: contacts_live_user_name_idx
-- replica: yes
-- sample: after_display_name = display_name, after_id = id from tooling/sample_contact_points row 2
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
    AND deleted_at IS NULL
    AND (display_name, id) > (coalesce($2::text, ''), coalesce($3::uuid, '00000000-0000-0000-0000-000000000000'))
ORDER BY display_name, id
LIMIT $4
