-- Bring one trashed calendar event of one user back, unless a live event now holds its import
-- key (a unique violation: 409).
-- params: $1 user_id uuid, $2 id uuid
-- uses: calendar_events_pkey
-- generic plan: uses calendar_events_trash_user_deleted_idx | calendar_events_pkey (not knowing the user, the planner costs the user's range of the small trash index, id checked inside the index, and the primary key's one probe alike and takes either: the range is at most that user's trash, which the 30-day purge bounds; planned at a thousand times the size, it takes the primary key)
-- sample: id from tooling/sample_calendar_event_trash_point
UPDATE calendar_events
SET deleted_at = NULL
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NOT NULL
RETURNING
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
