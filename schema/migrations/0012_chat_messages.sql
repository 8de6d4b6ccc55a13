-- Chat messages (WhatsApp, iMessage, Slack, ...) of one user, and a summary row per
-- conversation that the conversation list reads.
-- Why the shape:
-- - A conversation is the platform's own key (conversation_id) on that platform: it is not an
--   object of its own, it is what its messages share. Listing conversations by their latest
--   message is a "top rows per group" question that, asked of the messages, costs a read of
--   every conversation of the user per page. So chat_conversations holds one row per
--   (conversation_id, platform) with live messages: the latest sent_at and the message count,
--   maintained by triggers on chat_messages that only touch rows of the same user_id (valid on
--   a Citus cluster sharded by user_id). The list is then a keyset read of one index.
-- - reply_to_message_id is a composite foreign key (user_id, reply_to_message_id), NO ACTION
--   (Citus refuses SET NULL on a key that includes user_id): a message in the trash keeps its
--   replies' references (restoring it finds them again); the purge clears the references to the
--   messages it hard-deletes in the same statement (sql/chat_messages/purge_expired.sql).
-- migrate:up

CREATE TABLE chat_messages (
    user_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    conversation_id text NOT NULL,
    platform text NOT NULL,
    -- Who sent it: an address or handle on the platform (a phone number, @name, an e-mail).
    sender text NOT NULL,
    -- Whether the user sent it (their own messages are shown on the other side).
    sender_is_user boolean NOT NULL,
    text text NOT NULL,
    sent_at timestamptz NOT NULL,
    reply_to_message_id uuid,
    edited_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    metadata jsonb NOT NULL DEFAULT '{}',
    source_integration_id uuid,
    source_platform text,
    source_object_id text,
    CONSTRAINT chat_messages_pkey PRIMARY KEY (user_id, id),
    CONSTRAINT chat_messages_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id)
        ON DELETE CASCADE,
    CONSTRAINT chat_messages_reply_to_fkey FOREIGN KEY (user_id, reply_to_message_id)
        REFERENCES chat_messages (user_id, id),
    -- NO ACTION like media's: the trigger chat_messages_clear_integration below clears the
    -- reference before an integration row is deleted.
    CONSTRAINT chat_messages_source_integration_fkey FOREIGN KEY (user_id, source_integration_id)
        REFERENCES integrations (user_id, id),
    CONSTRAINT chat_messages_conversation_id_length CHECK (
        char_length(conversation_id) BETWEEN 1 AND 500
    ),
    -- A platform is a lower_snake_case word (whatsapp, imessage, slack, signal, sms).
    CONSTRAINT chat_messages_platform_shape CHECK (platform ~ '^[a-z][a-z0-9_]{0,49}$'),
    CONSTRAINT chat_messages_sender_length CHECK (char_length(sender) BETWEEN 1 AND 320),
    -- Empty text is allowed: a message may be only an attachment, described in its metadata.
    CONSTRAINT chat_messages_text_length CHECK (char_length(text) <= 100000),
    CONSTRAINT chat_messages_edited_after_sent CHECK (edited_at >= sent_at),
    CONSTRAINT chat_messages_not_a_reply_to_itself CHECK (reply_to_message_id <> id),
    CONSTRAINT chat_messages_metadata_is_object CHECK (jsonb_typeof(metadata) = 'object'),
    CONSTRAINT chat_messages_source_complete CHECK (
        (source_object_id IS NULL) OR (source_platform IS NOT NULL)
    )
);

CREATE TRIGGER chat_messages_set_updated_at
BEFORE UPDATE ON chat_messages
FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- The messages of one conversation in order (keyset, both directions), and the trigger's
-- "latest live message of this conversation" when the latest one leaves it.
CREATE INDEX chat_messages_live_conversation_idx
ON chat_messages (user_id, conversation_id, sent_at, id)
WHERE deleted_at IS NULL;

-- Every live message of one user, newest first (GET /v1/chat/messages).
CREATE INDEX chat_messages_live_user_sent_idx
ON chat_messages (user_id, sent_at, id)
WHERE deleted_at IS NULL;

-- The trash: soft-deleted messages of one user, most recently deleted first.
CREATE INDEX chat_messages_trash_user_deleted_idx
ON chat_messages (user_id, deleted_at, id)
WHERE deleted_at IS NOT NULL;

-- The purge job: rows soft-deleted before the retention cut-off, across all users.
CREATE INDEX chat_messages_purge_deleted_idx
ON chat_messages (deleted_at)
WHERE deleted_at IS NOT NULL;

-- Idempotent import: one live row per message of an external service (see 0008 for why the
-- predicate names the key's columns).
CREATE UNIQUE INDEX chat_messages_live_source_key
ON chat_messages (user_id, source_platform, source_object_id)
WHERE deleted_at IS NULL AND source_platform IS NOT NULL AND source_object_id IS NOT NULL;

-- Supports the reply foreign key: its check when a message is hard-deleted, and the purge
-- clearing the replies to the messages it deletes. Partial: most messages reply to none.
CREATE INDEX chat_messages_user_reply_to_idx
ON chat_messages (user_id, reply_to_message_id)
WHERE reply_to_message_id IS NOT NULL;

-- Supports the integration foreign key (its check, and the trigger that clears it).
CREATE INDEX chat_messages_user_source_integration_idx
ON chat_messages (user_id, source_integration_id)
WHERE source_integration_id IS NOT NULL;

-- Before an integration row is deleted, the messages imported through it stop naming it (as
-- media do, see 0005). A trigger of its own rather than a statement added to
-- clear_integration_references(): tables added side by side do not rewrite one function.
CREATE FUNCTION chat_messages_clear_integration() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE chat_messages
    SET source_integration_id = NULL
    WHERE user_id = OLD.user_id
        AND source_integration_id = OLD.id;
    RETURN OLD;
END;
$$;

CREATE TRIGGER integrations_clear_chat_messages
BEFORE DELETE ON integrations
FOR EACH ROW EXECUTE FUNCTION chat_messages_clear_integration();

-- One row per conversation of a user that has live messages. Derived data, not an object: no
-- id, no trash, no import key; written only by the triggers below (and the seeder, which loads
-- with triggers off and writes the same rows).
CREATE TABLE chat_conversations (
    user_id uuid NOT NULL,
    conversation_id text NOT NULL,
    platform text NOT NULL,
    latest_sent_at timestamptz NOT NULL,
    message_count bigint NOT NULL,
    CONSTRAINT chat_conversations_pkey PRIMARY KEY (user_id, conversation_id, platform),
    CONSTRAINT chat_conversations_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id)
        ON DELETE CASCADE,
    -- Zero only for the instant between the decrement and the delete of the trigger.
    CONSTRAINT chat_conversations_message_count_nonnegative CHECK (message_count >= 0)
);

-- The conversation list: newest latest message first (keyset).
CREATE INDEX chat_conversations_user_latest_idx
ON chat_conversations (user_id, latest_sent_at, conversation_id, platform);

-- Keeps chat_conversations equal to what the live messages say, whichever path changes them
-- (create, import, soft delete, restore, purge, a user's deletion). A message that stops
-- counting (trashed, deleted, moved) is taken off its conversation first: the UPDATE locks the
-- summary row, so concurrent writers of one conversation take turns, and the latest sent_at is
-- then recomputed by a later statement that sees what they committed. A conversation left
-- without live messages loses its row.
CREATE FUNCTION chat_messages_maintain_conversations() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    was_live boolean := TG_OP <> 'INSERT' AND OLD.deleted_at IS NULL;
    is_live boolean := TG_OP <> 'DELETE' AND NEW.deleted_at IS NULL;
    remaining bigint;
    latest timestamptz;
BEGIN
    IF was_live AND is_live
        AND OLD.conversation_id = NEW.conversation_id
        AND OLD.platform = NEW.platform
        AND OLD.sent_at = NEW.sent_at
    THEN
        RETURN NULL;
    END IF;
    IF was_live THEN
        UPDATE chat_conversations
        SET message_count = message_count - 1
        WHERE user_id = OLD.user_id
            AND conversation_id = OLD.conversation_id
            AND platform = OLD.platform
        RETURNING message_count, latest_sent_at INTO remaining, latest;
        IF remaining = 0 THEN
            DELETE FROM chat_conversations
            WHERE user_id = OLD.user_id
                AND conversation_id = OLD.conversation_id
                AND platform = OLD.platform;
        ELSIF OLD.sent_at >= latest THEN
            -- The latest message left: the newest live one is the new latest. Several rows of
            -- one statement may leave together, so none may be found yet (keep the old value:
            -- the last of them deletes the row).
            UPDATE chat_conversations AS c
            SET latest_sent_at = coalesce(
                (
                    SELECT max(m.sent_at)
                    FROM chat_messages AS m
                    WHERE m.user_id = OLD.user_id
                        AND m.conversation_id = OLD.conversation_id
                        AND m.platform = OLD.platform
                        AND m.deleted_at IS NULL
                ),
                c.latest_sent_at
            )
            WHERE c.user_id = OLD.user_id
                AND c.conversation_id = OLD.conversation_id
                AND c.platform = OLD.platform;
        END IF;
    END IF;
    IF is_live THEN
        INSERT INTO chat_conversations AS c (
            user_id, conversation_id, platform, latest_sent_at, message_count
        )
        VALUES (NEW.user_id, NEW.conversation_id, NEW.platform, NEW.sent_at, 1)
        ON CONFLICT (user_id, conversation_id, platform) DO UPDATE
        SET
            message_count = c.message_count + 1,
            latest_sent_at = greatest(c.latest_sent_at, excluded.latest_sent_at);
    END IF;
    RETURN NULL;
END;
$$;

-- Three triggers so that each fires only when a row's liveness or place can change: a purge of
-- trashed rows, or an edit of a message's text, calls no function.
CREATE TRIGGER chat_messages_conversations_insert
AFTER INSERT ON chat_messages
FOR EACH ROW WHEN (NEW.deleted_at IS NULL)
EXECUTE FUNCTION chat_messages_maintain_conversations();

CREATE TRIGGER chat_messages_conversations_update
AFTER UPDATE OF deleted_at, conversation_id, platform, sent_at ON chat_messages
FOR EACH ROW WHEN (
    OLD.deleted_at IS DISTINCT FROM NEW.deleted_at
    OR OLD.conversation_id <> NEW.conversation_id
    OR OLD.platform <> NEW.platform
    OR OLD.sent_at <> NEW.sent_at
)
EXECUTE FUNCTION chat_messages_maintain_conversations();

CREATE TRIGGER chat_messages_conversations_delete
AFTER DELETE ON chat_messages
FOR EACH ROW WHEN (OLD.deleted_at IS NULL)
EXECUTE FUNCTION chat_messages_maintain_conversations();

-- migrate:down
DROP TRIGGER chat_messages_conversations_delete ON chat_messages;
DROP TRIGGER chat_messages_conversations_update ON chat_messages;
DROP TRIGGER chat_messages_conversations_insert ON chat_messages;
DROP FUNCTION chat_messages_maintain_conversations();
DROP TABLE chat_conversations;
DROP TRIGGER integrations_clear_chat_messages ON integrations;
DROP FUNCTION chat_messages_clear_integration();
DROP TABLE chat_messages;
