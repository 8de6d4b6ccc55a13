-- Live contacts of one user holding one e-mail address (exact, case-insensitive), alphabetically
-- after a keyset cursor: the GIN index over lookup_keys finds the few rows holding the key
-- (the user's id, 'e:' and the lower-cased address, as contact_lookup_keys() makes it).
-- params: $1 user_id uuid, $2 email text, $3 after_display_name text, $4 after_id uuid, $5 lim integer
-- uses: contacts_live_lookup_idx
-- replica: yes
-- sample: email from tooling/sample_contact_points row 2
-- sample: after_display_name = null
-- sample: after_id = null
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
    AND lookup_keys @> ARRAY[$1::text || ':e:' || lower($2)]
    AND deleted_at IS NULL
    AND (display_name, id) > (coalesce($3::text, ''), coalesce($4::uuid, '00000000-0000-0000-0000-000000000000'))
ORDER BY display_name, id
LIMIT $5
