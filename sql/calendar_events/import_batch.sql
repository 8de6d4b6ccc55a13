-- Insert a batch of calendar events for one user in one statement, each under the id given for
-- it in the same position of $3, skipping every item whose import key (source_platform,
-- source_object_id) a live event already holds (or an earlier item of the batch); returns the
-- ids inserted. Each item carries the series_ends_at the service computed for it.
-- params: $1 user_id uuid, $2 items jsonb, $3 ids uuid[]
-- uses: calendar_events_live_source_key
-- sample: items = [{"title": "Standup", "starts_at": "2026-01-05T08:00:00Z", "ends_at": "2026-01-05T08:15:00Z", "all_day": false, "time_zone": "Europe/Berlin", "status": "confirmed", "attendees": [], "recurrence": "FREQ=DAILY;COUNT=5", "exdates": [], "series_ends_at": "2026-01-09T08:15:00Z", "metadata": {}, "source_platform": "google_calendar", "source_object_id": "explain-import-1"}]
INSERT INTO calendar_events (
    user_id, id, title, description, location, starts_at, ends_at, all_day, time_zone, status,
    attendees, recurrence, exdates, series_ends_at, metadata, source_integration_id,
    source_platform, source_object_id
)
SELECT
    $1,
    item.id,
    item.title,
    item.description,
    item.location,
    item.starts_at,
    item.ends_at,
    coalesce(item.all_day, false),
    coalesce(item.time_zone, 'UTC'),
    coalesce(item.status, 'confirmed'),
    coalesce(item.attendees, '[]'),
    item.recurrence,
    coalesce(item.exdates, '{}'),
    item.series_ends_at,
    coalesce(item.metadata, '{}'),
    item.source_integration_id,
    item.source_platform,
    item.source_object_id
FROM ROWS FROM (
    jsonb_to_recordset($2) AS (
        title text,
        description text,
        location text,
        starts_at timestamptz,
        ends_at timestamptz,
        all_day boolean,
        time_zone text,
        status text,
        attendees jsonb,
        recurrence text,
        exdates timestamptz[],
        series_ends_at timestamptz,
        metadata jsonb,
        source_integration_id uuid,
        source_platform text,
        source_object_id text
    ),
    unnest($3::uuid[])
) AS item (
    title, description, location, starts_at, ends_at, all_day, time_zone, status, attendees,
    recurrence, exdates, series_ends_at, metadata, source_integration_id, source_platform,
    source_object_id, id
)
ON CONFLICT (user_id, source_platform, source_object_id)
WHERE deleted_at IS NULL AND source_platform IS NOT NULL AND source_object_id IS NOT NULL
DO NOTHING
RETURNING id
