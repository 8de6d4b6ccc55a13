-- Live contacts of one user holding one e-mail address (exact, case-insensitive), alphabetically
-- after a keyset cursor: the GIN index over lookup_keys finds the few rows holding the key (the
-- user's id, 'e:' and the lower-cased address, as contact_lookup_keys() makes it). Those rows are
-- found first, in a MATERIALIZED CTE, and only then sorted and cut: the key holds the user's id, so
-- they are the user's contacts holding that e-mail address, however many contacts the user has.
-- Left to itself, the planner would walk the user's alphabetical index
-- (contacts_live_user_name_idx) testing each row, as soon as it believes the key common enough to
-- meet $5 of them early (it did when planned at a thousand times the seeded size, which keeps each
-- key's share of the rows: one contact's key became a thousand contacts'); a walk that meets no
-- match reads every contact of the user's.
-- params: $1 user_id uuid, $2 email text, $3 after_display_name text, $4 after_id uuid, $5 lim integer
-- uses: contacts_live_lookup_idx
-- replica: yes
-- sample: email from tooling/sample_contact_points row 2
-- sample: after_display_name = null
-- sample: after_id = null
WITH holding AS MATERIALIZED (
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
)
SELECT
    h.id,
    h.user_id,
    h.given_name,
    h.family_name,
    h.display_name,
    h.emails,
    h.phones,
    h.organization,
    h.birthday,
    h.notes,
    h.created_at,
    h.updated_at,
    h.deleted_at,
    h.metadata,
    h.source_integration_id,
    h.source_platform,
    h.source_object_id
FROM holding AS h
WHERE (h.display_name, h.id) > (coalesce($3::text, ''), coalesce($4::uuid, '00000000-0000-0000-0000-000000000000'))
ORDER BY h.display_name, h.id
LIMIT $5
