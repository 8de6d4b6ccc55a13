-- The event half-way through one user's audit log in time order: a keyset cursor inside real
-- data.
-- params: $1 user_id uuid
-- uses: none (reads one user's whole audit log once; either index led by user_id serves)
SELECT
    ranked.occurred_at,
    ranked.id
FROM (
    SELECT
        e.occurred_at,
        e.id,
        row_number() OVER (ORDER BY e.occurred_at, e.id) AS position,
        count(*) OVER () AS total
    FROM audit_log AS e
    WHERE e.user_id = $1
) AS ranked
WHERE ranked.position = greatest(ranked.total / 2, 1)
