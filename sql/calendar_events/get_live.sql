-- One live calendar event of one user.
-- params: $1 user_id uuid, $2 id uuid
-- uses: calendar_events_pkey
-- replica: yes
-- sample: id from tooling/sample_calendar_event_points row 2
SELECT
    id,
    user_id,
    title,
    description,
    location,
    starts_at,
    ends_at,
    all_day,
    time_zone,
    status,
    attendees,
    recurrence,
    exdates,
    series_ends_at,
    created_at,
    updated_at,
    deleted_at,
    metadata,
    source_integration_id,
    source_platform,
    source_object_id
FROM calendar_events
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NULL
