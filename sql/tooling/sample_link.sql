-- A live link of one user, a symmetric one (duplicate_of) when the user has any: the link the
-- plan checks fetch and delete (a symmetric link's delete also finds its mirror row).
-- params: $1 user_id uuid
-- uses: none (reads one user's live links once; any index led by user_id serves)
SELECT
    l.id,
    l.link_type
FROM links AS l
WHERE l.user_id = $1
    AND l.deleted_at IS NULL
ORDER BY
    l.link_type = 'duplicate_of' DESC,
    l.id
LIMIT 1
