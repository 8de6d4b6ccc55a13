-- Insert a batch of devices for one user in one statement, each under the id given for it in
-- the same position of $3, skipping every item whose import key (source_platform,
-- source_object_id) is already held by a live row; returns the ids inserted. An item without
-- last_seen_at is seen now.
-- params: $1 user_id uuid, $2 items jsonb, $3 ids uuid[]
-- uses: devices_live_source_key
-- sample: items = [{"name": "Pixel 9", "device_type": "phone", "os": "Android", "os_version": "15", "identifiers": {"imei": "356938035643809"}, "metadata": {}, "source_platform": "google_account", "source_object_id": "explain-import-1"}]
INSERT INTO devices (
    user_id, id, name, device_type, os, os_version, last_seen_at, identifiers, metadata,
    source_integration_id, source_platform, source_object_id
)
SELECT
    $1,
    item.id,
    item.name,
    item.device_type,
    item.os,
    item.os_version,
    coalesce(item.last_seen_at, now()),
    coalesce(item.identifiers, '{}'),
    coalesce(item.metadata, '{}'),
    item.source_integration_id,
    item.source_platform,
    item.source_object_id
FROM ROWS FROM (
    jsonb_to_recordset($2) AS (
        name text,
        device_type text,
        os text,
        os_version text,
        last_seen_at timestamptz,
        identifiers jsonb,
        metadata jsonb,
        source_integration_id uuid,
        source_platform text,
        source_object_id text
    ),
    unnest($3::uuid[])
) AS item (
    name, device_type, os, os_version, last_seen_at, identifiers, metadata,
    source_integration_id, source_platform, source_object_id, id
)
ON CONFLICT (user_id, source_platform, source_object_id)
WHERE deleted_at IS NULL AND source_platform IS NOT NULL AND source_object_id IS NOT NULL
DO NOTHING
RETURNING id
