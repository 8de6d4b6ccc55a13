-- Insert a batch of contacts for one user in one statement, each under the id given for it in
-- the same position of $3, skipping every item whose import key (source_platform,
-- source_object_id) is already held by a live row; returns the ids inserted.
-- params: $1 user_id uuid, $2 items jsonb, $3 ids uuid[]
-- uses: contacts_live_source_key
-- sample: items = [{"display_name": "Ada Lovelace", "given_name": "Ada", "family_name": "Lovelace", "emails": [{"value": "ada@example.com", "type": "home"}], "phones": [], "metadata": {}, "source_platform": "google_contacts", "source_object_id": "explain-import-1"}]
INSERT INTO contacts (
    user_id, id, given_name, family_name, display_name, emails, phones, organization, birthday,
    notes, metadata, source_platform, source_object_id
)
SELECT
    $1,
    item.id,
    item.given_name,
    item.family_name,
    item.display_name,
    coalesce(item.emails, '[]'),
    coalesce(item.phones, '[]'),
    item.organization,
    item.birthday,
    item.notes,
    coalesce(item.metadata, '{}'),
    item.source_platform,
    item.source_object_id
FROM ROWS FROM (
    jsonb_to_recordset($2) AS (
        given_name text,
        family_name text,
        display_name text,
        emails jsonb,
        phones jsonb,
        organization text,
        birthday date,
        notes text,
        metadata jsonb,
        source_platform text,
        source_object_id text
    ),
    unnest($3::uuid[])
) AS item (
    given_name, family_name, display_name, emails, phones, organization, birthday, notes,
    metadata, source_platform, source_object_id, id
)
ON CONFLICT (user_id, source_platform, source_object_id)
WHERE deleted_at IS NULL AND source_platform IS NOT NULL AND source_object_id IS NOT NULL
DO NOTHING
RETURNING id
