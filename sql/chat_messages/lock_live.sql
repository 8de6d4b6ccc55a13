-- Which of the given ids are live chat messages of one user, and where each belongs,
-- share-locking them so that none can be trashed before the caller's transaction (which is
-- about to store replies to them) commits. One primary-key probe per id given.
-- params: $1 user_id uuid, $2 ids uuid[]
-- uses: chat_messages_pkey
-- sample: ids = id from tooling/sample_chat_message_points every row
SELECT
    m.id,
    m.conversation_id,
    m.platform
FROM unnest($2::uuid[]) AS given (id)
JOIN chat_messages AS m
    ON m.user_id = $1
    AND m.id = given.id
WHERE m.deleted_at IS NULL
FOR SHARE OF m
