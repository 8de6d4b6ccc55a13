-- Change the fields named in a JSON patch of one live device, if its version still matches. A
-- key absent from the patch keeps its value; a key present with null clears it (os,
-- os_version). last_seen_at only moves forward: a time before the stored one keeps the stored
-- one (reports of a device arrive late and out of order, from several sources; the latest is
-- the truth).
-- params: $1 user_id uuid, $2 id uuid, $3 patch jsonb, $4 expected_updated_at timestamptz
-- uses: devices_pkey
-- sample: id from tooling/sample_device_points row 2
-- sample: patch = {}
-- sample: expected_updated_at = null
UPDATE devices
SET
    name = CASE WHEN $3 ? 'name' THEN $3 ->> 'name' ELSE name END,
    device_type = CASE WHEN $3 ? 'device_type' THEN $3 ->> 'device_type' ELSE device_type END,
    os = CASE WHEN $3 ? 'os' THEN $3 ->> 'os' ELSE os END,
    os_version = CASE WHEN $3 ? 'os_version' THEN $3 ->> 'os_version' ELSE os_version END,
    last_seen_at = CASE
        WHEN $3 ? 'last_seen_at' THEN greatest(last_seen_at, ($3 ->> 'last_seen_at')::timestamptz)
        ELSE last_seen_at
    END,
    identifiers = CASE WHEN $3 ? 'identifiers' THEN $3 -> 'identifiers' ELSE identifiers END,
    metadata = CASE WHEN $3 ? 'metadata' THEN $3 -> 'metadata' ELSE metadata END
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NULL
    AND ($4::timestamptz IS NULL OR updated_at = $4)
RETURNING
    id,
    user_id,
    name,
    device_type,
    os,
    os_version,
    last_seen_at,
    identifiers,
    created_at,
    updated_at,
    deleted_at,
    metadata,
    source_integration_id,
    source_platform,
    source_object_id
