-- Erase (DELETE /v1/me): hard-delete up to a batch of one user's projects, in the caller's own
-- short transaction, so other users are never blocked and no transaction grows with the
-- account. Found in primary key order, deleted by ctid (a Tid Scan).
-- params: $1 user_id uuid, $2 batch_size integer
-- uses: projects_pkey
-- sample user: heaviest owner of projects
WITH doomed AS MATERIALIZED (
    SELECT ctid
    FROM projects
    WHERE user_id = $1
    ORDER BY
        user_id,
        id
    LIMIT $2
)
DELETE FROM projects
WHERE ctid = ANY (ARRAY(SELECT ctid FROM doomed))
    AND user_id = $1
