-- The live calendar events of one user that may have an occurrence in [from, to): those whose
-- span meets the window, the span being [starts_at, ends_at] for a single event and
-- [starts_at, series_ends_at] for a series (unbounded when series_ends_at is null). The service
-- expands the series and keeps the occurrences inside. The expression is the one
-- calendar_events_live_span_idx is built on (migration 0018); the window is at most 366 days.
-- params: $1 user_id uuid, $2 window_from timestamptz, $3 window_to timestamptz, $4 include_cancelled boolean
-- uses: calendar_events_live_span_idx
-- replica: yes
-- sample: window_from = "2025-12-01T00:00:00Z"
-- sample: window_to = "2026-01-01T00:00:00Z"
-- sample: include_cancelled = false
SELECT
    id,
    title,
    location,
    status,
    starts_at,
    ends_at,
    all_day,
    time_zone,
    recurrence,
    exdates,
    series_ends_at
FROM calendar_events
WHERE user_id = $1
    AND deleted_at IS NULL
    AND tstzrange(
        starts_at, CASE WHEN recurrence IS NULL THEN ends_at ELSE series_ends_at END, '[]'
    ) && tstzrange($2, $3, '[)')
    AND ($4 OR status <> 'cancelled')
