-- The live calendar events of one user that hold the given import keys (source_platform,
-- source_object_id), with their ids: the events an import batch skipped as already there.
-- params: $1 user_id uuid, $2 source_platforms text[], $3 source_object_ids text[]
-- uses: calendar_events_live_source_key
-- sample: source_platforms = ["google_calendar", "google_calendar", "outlook"]
-- sample: source_object_ids = ["gc-1", "gc-2", "ol-1"]
SELECT
    e.id,
    e.source_platform,
    e.source_object_id
FROM calendar_events AS e
JOIN unnest($2::text[], $3::text[]) AS k (source_platform, source_object_id)
    ON e.source_platform = k.source_platform
    AND e.source_object_id = k.source_object_id
WHERE e.user_id = $1
    AND e.deleted_at IS NULL
