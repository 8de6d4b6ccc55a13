-- Live contacts of one user holding one phone number, compared by its digits only, alphabetically
-- after a keyset cursor: the GIN index over lookup_keys finds the few rows holding the key
-- (the user's id, 'p:' and the digits, as contact_lookup_keys() makes it).
-- params: $1 user_id uuid, $2 phone text, $3 after_display_name text, $4 after_id uuid, $5 lim integer
-- uses: contacts_live_lookup_idx
-- replica: yes
-- sample: phone from tooling/sample_contact_points row 2
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
    AND lookup_keys @> ARRAY[$1::text || ':p:' || regexp_replace($2, '[^0-9]', '', 'g')]
    AND deleted_at IS NULL
    AND (display_name, id) > (coalesce($3::text, ''), coalesce($4::uuid, '00000000-0000-0000-0000-000000000000'))
ORDER BY display_name, id
LIMIT $5
