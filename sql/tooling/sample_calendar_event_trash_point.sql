-- The calendar event half-way through one user's trash in trash order: a keyset cursor inside
-- real data.
-- params: $1 user_id uuid
-- uses: calendar_events_trash_user_deleted_idx
SELECT
    ranked.deleted_at,
    ranked.id
FROM (
    SELECT
        e.deleted_at,
        e.id,
        row_number() OVER (ORDER BY e.deleted_at, e.id) AS position,
        count(*) OVER () AS total
    FROM calendar_events AS e
    WHERE e.user_id = $1
        AND e.deleted_at IS NOT NULL
) AS ranked
WHERE ranked.position = greatest(ranked.total / 2, 1)
