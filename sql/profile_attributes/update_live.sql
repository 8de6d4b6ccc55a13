-- Change the fields named in a JSON patch of one live profile attribute, if its version still
-- matches. A key absent from the patch keeps its value; "value": null stores JSON null. A new key
-- already held by another live attribute is a unique violation (409).
-- params: $1 user_id uuid, $2 id uuid, $3 patch jsonb, $4 expected_updated_at timestamptz
-- uses: profile_attributes_pkey
-- sample: id from tooling/sample_profile_attribute_points row 2
-- sample: patch = {}
-- sample: expected_updated_at = null
UPDATE profile_attributes
SET
    key = CASE WHEN $3 ? 'key' THEN $3 ->> 'key' ELSE key END,
    value = CASE WHEN $3 ? 'value' THEN $3 -> 'value' ELSE value END,
    visibility = CASE WHEN $3 ? 'visibility' THEN $3 ->> 'visibility' ELSE visibility END,
    metadata = CASE WHEN $3 ? 'metadata' THEN $3 -> 'metadata' ELSE metadata END
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NULL
    AND ($4::timestamptz IS NULL OR updated_at = $4)
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
