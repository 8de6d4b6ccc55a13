-- Change the fields named in a JSON patch of one live point, if its version still matches. A
-- key absent from the patch keeps its value; a key present with null clears it. recorded_at is
-- never changed (it is the partition key). Found by the primary key of each partition.
-- params: $1 user_id uuid, $2 id uuid, $3 patch jsonb, $4 expected_updated_at timestamptz
-- uses: locations_pkey
-- sample: id from tooling/sample_location_points row 2
-- sample: patch = {}
-- sample: expected_updated_at = null
UPDATE locations
SET
    latitude = CASE WHEN $3 ? 'latitude' THEN ($3 ->> 'latitude')::double precision ELSE latitude END,
    longitude = CASE WHEN $3 ? 'longitude' THEN ($3 ->> 'longitude')::double precision ELSE longitude END,
    accuracy_m = CASE WHEN $3 ? 'accuracy_m' THEN ($3 ->> 'accuracy_m')::double precision ELSE accuracy_m END,
    altitude_m = CASE WHEN $3 ? 'altitude_m' THEN ($3 ->> 'altitude_m')::double precision ELSE altitude_m END,
    activity = CASE WHEN $3 ? 'activity' THEN $3 ->> 'activity' ELSE activity END,
    metadata = CASE WHEN $3 ? 'metadata' THEN $3 -> 'metadata' ELSE metadata END
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NULL
    AND ($4::timestamptz IS NULL OR updated_at = $4)
RETURNING
    id,
    user_id,
    recorded_at,
    latitude,
    longitude,
    accuracy_m,
    altitude_m,
    activity,
    created_at,
    updated_at,
    deleted_at,
    metadata,
    source_integration_id,
    source_platform,
    source_object_id
