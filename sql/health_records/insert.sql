-- Store one new record for one user and return it, in its month's partition (or the DEFAULT one).
-- params: $1 user_id uuid, $2 record_type text, $3 recorded_at timestamptz, $4 value double precision, $5 value2 double precision, $6 unit text, $7 label text, $8 source_device text, $9 metadata jsonb, $10 source_platform text, $11 source_object_id text
-- uses: none (plain insert)
-- sample: record_type = "heart_rate"
-- sample: recorded_at = "2025-06-01T12:00:00Z"
-- sample: value = 64
-- sample: unit = "bpm"
INSERT INTO health_records (
    user_id, record_type, recorded_at, value, value2, unit, label, source_device, metadata,
    source_platform, source_object_id
)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
RETURNING
    id,
    user_id,
    record_type,
    recorded_at,
    value,
    value2,
    unit,
    label,
    source_device,
    created_at,
    updated_at,
    deleted_at,
    metadata,
    source_integration_id,
    source_platform,
    source_object_id
