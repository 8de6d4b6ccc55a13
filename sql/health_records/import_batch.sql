-- Insert a batch of records for one user in one statement, each under the id given for it in
-- the same position of $3, skipping every item whose import key (source_platform,
-- source_object_id, recorded_at) is already held by a live row; returns the ids inserted.
-- params: $1 user_id uuid, $2 items jsonb, $3 ids uuid[]
-- uses: health_records_live_source_key
-- sample: items = [{"record_type": "heart_rate", "recorded_at": "2025-06-01T12:00:00Z", "value": 64, "unit": "bpm", "metadata": {}, "source_platform": "apple_health", "source_object_id": "explain-import-1"}]
INSERT INTO health_records (
    user_id, id, record_type, recorded_at, value, value2, unit, label, source_device, metadata,
    source_platform, source_object_id
)
SELECT
    $1,
    item.id,
    item.record_type,
    item.recorded_at,
    item.value,
    item.value2,
    item.unit,
    item.label,
    item.source_device,
    coalesce(item.metadata, '{}'),
    item.source_platform,
    item.source_object_id
FROM ROWS FROM (
    jsonb_to_recordset($2) AS (
        record_type text,
        recorded_at timestamptz,
        value double precision,
        value2 double precision,
        unit text,
        label text,
        source_device text,
        metadata jsonb,
        source_platform text,
        source_object_id text
    ),
    unnest($3::uuid[])
) AS item (
    record_type, recorded_at, value, value2, unit, label, source_device, metadata,
    source_platform, source_object_id, id
)
ON CONFLICT (user_id, source_platform, source_object_id, recorded_at)
WHERE deleted_at IS NULL AND source_platform IS NOT NULL AND source_object_id IS NOT NULL
DO NOTHING
RETURNING id
