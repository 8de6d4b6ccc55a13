-- One user's project with the most live tasks, and the task half-way through its list in list
-- order: a project's list and a keyset cursor inside real data.
-- params: $1 user_id uuid
-- uses: none (reads one user's live tasks in projects once; any index on user_id serves)
SELECT
    ranked.project_id,
    ranked.created_at,
    ranked.id
FROM (
    SELECT
        t.project_id,
        t.created_at,
        t.id,
        row_number() OVER (PARTITION BY t.project_id ORDER BY t.created_at, t.id) AS position,
        count(*) OVER (PARTITION BY t.project_id) AS total
    FROM tasks AS t
    WHERE t.user_id = $1
        AND t.project_id IS NOT NULL
        AND t.deleted_at IS NULL
) AS ranked
WHERE ranked.position = greatest(ranked.total / 2, 1)
ORDER BY ranked.total DESC, ranked.project_id
LIMIT 1
