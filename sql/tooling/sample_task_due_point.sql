-- The open task with a due date half-way through one user's due list (soonest first): a keyset
-- cursor inside real data.
-- params: $1 user_id uuid
-- uses: none (reads one user's open dated tasks once)
SELECT
    ranked.due_at,
    ranked.id
FROM (
    SELECT
        t.due_at,
        t.id,
        row_number() OVER (ORDER BY t.due_at, t.id) AS position,
        count(*) OVER () AS total
    FROM tasks AS t
    WHERE t.user_id = $1
        AND t.deleted_at IS NULL
        AND t.due_at IS NOT NULL
        AND t.status IN ('todo', 'in_progress')
) AS ranked
WHERE ranked.position = greatest(ranked.total / 2, 1)
