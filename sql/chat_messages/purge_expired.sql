-- Hard-delete up to a batch of chat messages soft-deleted before a cut-off, oldest first,
-- skipping rows another transaction holds so the purge never waits on them. The messages that
-- reply to one of them and stay stop naming it, in the same statement (the reply foreign key is
-- checked at its end); replies purged in the same batch need nothing. Trashed rows count in no
-- conversation, so the summary trigger does not fire.
-- The batch's keys go through arrays, which the planner takes for a handful of rows: each row is
-- then deleted by primary key. Planned as a join of the whole table against a thousand keys, the
-- delete would read every row of a table of this size to remove a few.
-- params: $1 deleted_before timestamptz, $2 batch_size integer
-- uses: chat_messages_purge_deleted_idx, chat_messages_pkey, chat_messages_user_reply_to_idx
-- trigger uses: links_user_from_idx, links_user_to_idx (delete_links_of_object: the links from or to each deleted row go too)
-- generic plan: not checked (not knowing the cut-off, the planner expects a third of the messages past it and plans a sequential scan dearer than the custom plan, so PostgreSQL keeps planning each batch)
WITH batch AS (
    SELECT
        array_agg(doomed.user_id) AS user_ids,
        array_agg(doomed.id) AS ids
    FROM (
        SELECT
            user_id,
            id
        FROM chat_messages
        WHERE deleted_at < $1
        ORDER BY deleted_at
        LIMIT $2
        FOR UPDATE SKIP LOCKED
    ) AS doomed
),
doomed AS (
    SELECT
        k.user_id,
        k.id
    FROM batch
    CROSS JOIN LATERAL unnest(batch.user_ids, batch.ids) AS k (user_id, id)
),
detached AS (
    UPDATE chat_messages AS r
    SET reply_to_message_id = NULL
    FROM doomed AS d
    WHERE r.user_id = d.user_id
        AND r.reply_to_message_id = d.id
        AND NOT EXISTS (
            SELECT 1
            FROM doomed AS also
            WHERE also.user_id = r.user_id
                AND also.id = r.id
        )
)
DELETE FROM chat_messages AS m
USING doomed AS d
WHERE m.user_id = d.user_id
    AND m.id = d.id
