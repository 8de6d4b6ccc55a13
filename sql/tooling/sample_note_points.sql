-- Three notes of one user's list of notes not archived, a quarter, half and three quarters of the
-- way through it in list order (pinned first, then most recently changed): keyset cursors inside
-- real data, and ids of live notes.
-- params: $1 user_id uuid
-- uses: none (reads one user's live notes once; the list index serves)
SELECT
    ranked.position,
    ranked.pinned,
    ranked.updated_at,
    ranked.id
FROM (
    SELECT
        n.pinned,
        n.updated_at,
        n.id,
        row_number() OVER (ORDER BY n.pinned DESC, n.updated_at DESC, n.id DESC) AS position,
        count(*) OVER () AS total
    FROM notes AS n
    WHERE n.user_id = $1
        AND n.deleted_at IS NULL
        AND NOT n.archived
) AS ranked
WHERE ranked.position IN (
    greatest(ranked.total / 4, 1),
    greatest(ranked.total / 2, 1),
    greatest(ranked.total * 3 / 4, 1)
)
ORDER BY ranked.position
