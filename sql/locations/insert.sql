-- Store one new point for one user and return it; routed to its month's partition (or the
-- DEFAULT one). A live point at the same instant raises a unique violation (409).
-- params: $1 user_id uuid, $2 recorded_at timestamptz, $3 latitude double precision, $4 longitude double precision, $5 accuracy_m double precision, $6 altitude_m double precision, $7 activity text, $8 metadata jsonb, $9 source_platform text, $10 source_object_id text
-- uses: none (plain insert)
-- sample: recorded_at = "2025-06-01T12:00:00Z"
-- sample: latitude = 52.52
-- sample: longitude = 13.405
-- sample: activity = "walking"
INSERT INTO locations (
    user_id, recorded_at, latitude, longitude, accuracy_m, altitude_m, activity, metadata,
    source_platform, source_object_id
)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
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
