-- Windows over one user's points for the location queries: a day half-way through the history
-- (window_from, window_to) with a cursor a few points into it (window_cursor), and the recent
-- window the last known position is looked for in first (from the start of the month before the
-- last point's to a day after it), as the mapper asks.
-- params: $1 user_id uuid
-- uses: locations_live_point_key
SELECT
    mid.recorded_at AS window_from,
    mid.recorded_at + interval '1 day' AS window_to,
    (
        SELECT max(first_five.recorded_at)
        FROM (
            SELECT l.recorded_at
            FROM locations AS l
            WHERE l.user_id = $1
                AND l.deleted_at IS NULL
                AND l.recorded_at >= mid.recorded_at
            ORDER BY l.recorded_at
            LIMIT 5
        ) AS first_five
    ) AS window_cursor,
    date_trunc('month', last.recorded_at, 'UTC') - interval '1 month' AS recent_from,
    last.recorded_at + interval '1 day' AS recent_to
FROM (
    SELECT
        min(recorded_at) + (max(recorded_at) - min(recorded_at)) / 2 AS recorded_at
    FROM locations
    WHERE user_id = $1
        AND deleted_at IS NULL
) AS mid
CROSS JOIN (
    SELECT max(recorded_at) AS recorded_at
    FROM locations
    WHERE user_id = $1
        AND deleted_at IS NULL
) AS last
