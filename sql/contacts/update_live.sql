-- Change the fields named in a JSON patch of one live contact, if its version still matches.
-- A key absent from the patch keeps its value; a key present with null clears it. emails and
-- phones are replaced whole (lookup_keys follows: it is generated from them).
-- params: $1 user_id uuid, $2 id uuid, $3 patch jsonb, $4 expected_updated_at timestamptz
-- uses: contacts_pkey
-- sample: id from tooling/sample_contact_points row 2
-- sample: patch = {}
-- sample: expected_updated_at = null
UPDATE contacts
SET
    given_name = CASE WHEN $3 ? 'given_name' THEN $3 ->> 'given_name' ELSE given_name END,
    family_name = CASE WHEN $3 ? 'family_name' THEN $3 ->> 'family_name' ELSE family_name END,
    display_name = CASE WHEN $3 ? 'display_name' THEN $3 ->> 'display_name' ELSE display_name END,
    emails = CASE WHEN $3 ? 'emails' THEN $3 -> 'emails' ELSE emails END,
    phones = CASE WHEN $3 ? 'phones' THEN $3 -> 'phones' ELSE phones END,
    organization = CASE WHEN $3 ? 'organization' THEN $3 ->> 'organization' ELSE organization END,
    birthday = CASE WHEN $3 ? 'birthday' THEN ($3 ->> 'birthday')::date ELSE birthday END,
    notes = CASE WHEN $3 ? 'notes' THEN $3 ->> 'notes' ELSE notes END,
    metadata = CASE WHEN $3 ? 'metadata' THEN $3 -> 'metadata' ELSE metadata END
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NULL
    AND ($4::timestamptz IS NULL OR updated_at = $4)
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
