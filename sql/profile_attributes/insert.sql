-- Store one new profile attribute for one user and return it. A live attribute of the same key
-- (or import key) is a unique violation, answered 409.
-- params: $1 user_id uuid, $2 key text, $3 value jsonb, $4 visibility text, $5 metadata jsonb, $6 source_integration_id uuid, $7 source_platform text, $8 source_object_id text
-- uses: none (plain insert)
-- sample: key = "explain.insert"
-- sample: value = "en"
-- sample: visibility = "private"
INSERT INTO profile_attributes (
    user_id, key, value, visibility, metadata, source_integration_id, source_platform,
    source_object_id
)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
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
