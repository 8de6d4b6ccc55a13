-- Live calendar events of one user by start (a series by its first occurrence), after a keyset
-- cursor (null: from the first).
-- params: $1 user_id uuid, $2 after_starts_at timestamptz, $3 after_id uuid, $4 lim integer
-- uses: calendar_events_live_user_starts_idx
-- replica: yes
-- sample: after_starts_at = starts_at, after_id = id from tooling/sample_calendar_event_points row 2
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
    AND deleted_at IS NULL
    AND (starts_at, id) > (coalesce($2::timestamptz, '-infinity'), coalesce($3::uuid, '00000000-0000-0000-0000-000000000000'))
ORDER BY starts_at, id
LIMIT $4
