-- Store one new contact for one user and return it.
-- params: $1 user_id uuid, $2 given_name text, $3 family_name text, $4 display_name text, $5 emails jsonb, $6 phones jsonb, $7 organization text, $8 birthday date, $9 notes text, $10 metadata jsonb, $11 source_platform text, $12 source_object_id text
-- uses: none (plain insert)
-- sample: display_name = "Ada Lovelace"
-- sample: emails = [{"value": "ada@example.com", "type": "home"}]
-- sample: phones = [{"value": "+44 20 7946 0000", "type": "mobile"}]
-- sample: source_platform = "google_contacts"
INSERT INTO contacts (
    user_id, given_name, family_name, display_name, emails, phones, organization, birthday, notes,
    metadata, source_platform, source_object_id
)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
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
