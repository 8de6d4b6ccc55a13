-- Write back one live calendar event of one user, locked by get_live_for_update and checked
-- whole by the service after the PATCH was applied to it (so every field is given).
-- params: $1 user_id uuid, $2 id uuid, $3 title text, $4 description text, $5 location text, $6 starts_at timestamptz, $7 ends_at timestamptz, $8 all_day boolean, $9 time_zone text, $10 status text, $11 attendees jsonb, $12 recurrence text, $13 exdates timestamptz[], $14 series_ends_at timestamptz, $15 metadata jsonb
-- uses: calendar_events_pkey
-- sample: id from tooling/sample_calendar_event_points row 2
-- sample: title = "Team meeting"
-- sample: starts_at = "2026-01-05T08:00:00Z"
-- sample: ends_at = "2026-01-05T09:00:00Z"
-- sample: time_zone = "Europe/Berlin"
-- sample: status = "confirmed"
-- sample: attendees = []
-- sample: exdates = []
UPDATE calendar_events
SET
    title = $3,
    description = $4,
    location = $5,
    starts_at = $6,
    ends_at = $7,
    all_day = $8,
    time_zone = $9,
    status = $10,
    attendees = $11,
    recurrence = $12,
    exdates = $13,
    series_ends_at = $14,
    metadata = $15
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NULL
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
