-- Notifications: what the service (or an integration) tells a user, read or unread, each
-- optionally about one object of the user (a media item, an album, a contact, ...).
-- Why the shape:
-- - read_at says when it was read and is set by the statements that mark it read, never by the
--   client; a CHECK keeps it consistent with is_read, whatever writes the row.
-- - The object a notification is about is (object_type, object_id), plain columns and not a
--   foreign key: it can name an object of any table, and a notification outlives the object
--   (the client shows "no longer available"). Both or neither.
-- - The list shows unread first, then read, each newest first. Two partial indexes, one over
--   the unread live rows and one over the read live rows, each (user_id, created_at, id), serve
--   it as one keyset walk down the unread index continued down the read one.
-- - The unread count: the partial index on unread live rows holds exactly the rows it counts,
--   and user_id is its first column, so count(*) is an index-only scan over the user's unread
--   entries (chosen over a counter maintained by trigger: no hot row every notification of a
--   user must update, and nothing that can drift). A user with 100k notifications, nearly all
--   read, pays for the few unread ones only; the read ones are in the other index.
-- - source_integration_id is a plain column, as in albums (see 0011).
-- migrate:up

CREATE TABLE notifications (
    user_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    kind text NOT NULL,
    title text NOT NULL,
    body text,
    is_read boolean NOT NULL DEFAULT false,
    read_at timestamptz,
    object_type text,
    object_id uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    metadata jsonb NOT NULL DEFAULT '{}',
    source_integration_id uuid,
    source_platform text,
    source_object_id text,
    CONSTRAINT notifications_pkey PRIMARY KEY (user_id, id),
    CONSTRAINT notifications_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id)
        ON DELETE CASCADE,
    -- A dotted lower_snake_case word the client can switch on: sync.failed, album.shared, ...
    CONSTRAINT notifications_kind_shape CHECK (kind ~ '^[a-z][a-z0-9_.]*$' AND char_length(kind) <= 100),
    CONSTRAINT notifications_title_length CHECK (char_length(title) BETWEEN 1 AND 500),
    CONSTRAINT notifications_body_length CHECK (char_length(body) <= 20000),
    CONSTRAINT notifications_read_at_when_read CHECK (is_read = (read_at IS NOT NULL)),
    CONSTRAINT notifications_object_complete CHECK ((object_type IS NULL) = (object_id IS NULL)),
    -- The same shape as links' object types.
    CONSTRAINT notifications_object_type_shape CHECK (
        object_type ~ '^[a-z][a-z_]*$' AND char_length(object_type) <= 50
    ),
    CONSTRAINT notifications_metadata_is_object CHECK (jsonb_typeof(metadata) = 'object'),
    CONSTRAINT notifications_source_complete CHECK (
        (source_object_id IS NULL) OR (source_platform IS NOT NULL)
    )
);

CREATE TRIGGER notifications_set_updated_at
BEFORE UPDATE ON notifications
FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Unread live notifications of one user, newest first: the first part of the list, the unread
-- count (an index-only scan), and "mark all read".
CREATE INDEX notifications_live_unread_idx
ON notifications (user_id, created_at, id)
WHERE deleted_at IS NULL AND NOT is_read;

-- Read live notifications of one user, newest first: the rest of the list.
CREATE INDEX notifications_live_read_idx
ON notifications (user_id, created_at, id)
WHERE deleted_at IS NULL AND is_read;

-- The trash: soft-deleted notifications of one user, most recently deleted first.
CREATE INDEX notifications_trash_user_deleted_idx
ON notifications (user_id, deleted_at, id)
WHERE deleted_at IS NOT NULL;

-- The purge job: notifications soft-deleted before the retention cut-off, oldest first.
CREATE INDEX notifications_purge_deleted_idx
ON notifications (deleted_at)
WHERE deleted_at IS NOT NULL;

-- Idempotent import: one live notification per item of an external service (see 0008).
CREATE UNIQUE INDEX notifications_live_source_key
ON notifications (user_id, source_platform, source_object_id)
WHERE deleted_at IS NULL AND source_platform IS NOT NULL AND source_object_id IS NOT NULL;

-- migrate:down
DROP TABLE notifications;
