-- Move the points COPY put in the staging table into one user's locations, in one statement,
-- skipping every point whose instant a live point holds already (or an earlier point of the
-- same batch): the natural key is the arbiter. Rows go to their months' partitions (or the
-- DEFAULT one). The command tag counts the points stored.
-- params: $1 user_id uuid
-- uses: locations_live_point_key
-- plan: not checked (reads the session's temporary staging table, which the plan engine's connection does not have)
INSERT INTO locations (
    user_id, recorded_at, latitude, longitude, accuracy_m, altitude_m, activity, metadata,
    source_platform, source_object_id
)
SELECT
    $1,
    recorded_at,
    latitude,
    longitude,
    accuracy_m,
    altitude_m,
    activity,
    metadata::jsonb,
    source_platform,
    source_object_id
FROM location_import
ON CONFLICT (user_id, recorded_at) WHERE deleted_at IS NULL DO NOTHING
