-- Store one new calendar event for one user and return it; series_ends_at is computed by the
-- service from the rule. A live event with the same import key is a unique violation (409).
-- params: $1 user_id uuid, $2 title text, $3 description text, $4 location text, $5 starts_at timestamptz, $6 ends_at timestamptz, $7 all_day boolean, $8 time_zone text, $9 status text, $10 attendees jsonb, $11 recurrence text, $12 exdates timestamptz[], $13 series_ends_at timestamptz, $14 metadata jsonb, $15 source_integration_id uuid, $16 source_platform text, $17 source_object_id text
-- uses: none (plain insert)
-- sample: title = "Team meeting"
-- sample: starts_at = "2026-01-05T08:00:00Z"
-- sample: ends_at = "2026-01-05T09:00:00Z"
-- sample: time_zone = "Europe/Berlin"
-- sample: status = "confirmed"
-- sample: attendees = []
-- sample: recurrence = "FREQ=WEEKLY"
-- sample: exdates = []
-- sample: series_ends_at = null
INSERT INTO calendar_events (
    user_id, title, description, location, starts_at, ends_at, all_day, time_zone, status,
    attendees, recurrence, exdates, series_ends_at, metadata, source_integration_id,
    source_platform, source_object_id
)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
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
