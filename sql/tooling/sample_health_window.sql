-- Windows over one user's heart rate records (the most frequent type): a week half-way through
-- the history (window_from, window_to) with a keyset cursor a few records down from its newest
-- end (cursor_recorded_at, cursor_id), and a month from the same start for the daily summary
-- (summary_to).
-- params: $1 user_id uuid
-- uses: health_records_live_user_type_recorded_idx
SELECT
    mid.recorded_at AS window_from,
    mid.recorded_at + interval '7 days' AS window_to,
    mid.recorded_at + interval '30 days' AS summary_to,
    cursor_point.recorded_at AS cursor_recorded_at,
    cursor_point.id AS cursor_id
FROM (
    SELECT
        min(recorded_at) + (max(recorded_at) - min(recorded_at)) / 2 AS recorded_at
    FROM health_records
    WHERE user_id = $1
        AND record_type = 'heart_rate'
        AND deleted_at IS NULL
) AS mid
LEFT JOIN LATERAL (
    SELECT
        newest.recorded_at,
        newest.id
    FROM (
        SELECT
            h.recorded_at,
            h.id
        FROM health_records AS h
        WHERE h.user_id = $1
            AND h.record_type = 'heart_rate'
            AND h.deleted_at IS NULL
            AND h.recorded_at < mid.recorded_at + interval '7 days'
        ORDER BY h.recorded_at DESC, h.id DESC
        LIMIT 5
    ) AS newest
    ORDER BY newest.recorded_at, newest.id
    LIMIT 1
) AS cursor_point ON true
