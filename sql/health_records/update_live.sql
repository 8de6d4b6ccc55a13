-- Change the fields named in a JSON patch of one live record, if its version still matches. A
-- key absent from the patch keeps its value; a key present with null clears it. The type and
-- recorded_at (the partition key) never change.
-- params: $1 user_id uuid, $2 id uuid, $3 patch jsonb, $4 expected_updated_at timestamptz
-- uses: health_records_pkey
-- sample: id from tooling/sample_health_points row 2
-- sample: patch = {}
-- sample: expected_updated_at = null
UPDATE health_records
SET
    value = CASE WHEN $3 ? 'value' THEN ($3 ->> 'value')::double precision ELSE value END,
    value2 = CASE WHEN $3 ? 'value2' THEN ($3 ->> 'value2')::double precision ELSE value2 END,
    unit = CASE WHEN $3 ? 'unit' THEN $3 ->> 'unit' ELSE unit END,
    label = CASE WHEN $3 ? 'label' THEN $3 ->> 'label' ELSE label END,
    source_device = CASE WHEN $3 ? 'source_device' THEN $3 ->> 'source_device' ELSE source_device END,
    metadata = CASE WHEN $3 ? 'metadata' THEN $3 -> 'metadata' ELSE metadata END
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NULL
    AND ($4::timestamptz IS NULL OR updated_at = $4)
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
