-- Users and their media: the first aggregate, and the conventions every later table follows.
-- Why the shape: the service must be able to move to a Citus cluster sharded by user_id without a
-- schema change, so user-owned tables key on (user_id, id), and the globally unique e-mail lives
-- in its own lookup table keyed by the value (Citus refuses a unique index off the shard key).
-- squawk-ignore-file prefer-bigint-over-int -- media width and height are pixels, far below 2^31
-- migrate:up

-- updated_at is maintained here rather than in every UPDATE statement, so no writer can forget it.
-- It never goes backwards and always moves: the ETag of a row is derived from it, and two writes
-- in the same microsecond (or a transaction that began before the previous write committed) must
-- still give different ETags.
CREATE FUNCTION set_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := greatest(now(), OLD.updated_at + interval '1 microsecond');
    RETURN NEW;
END;
$$;

CREATE TABLE users (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    email text NOT NULL,
    password_hash text NOT NULL,
    display_name text NOT NULL,
    storage_quota_bytes bigint NOT NULL DEFAULT 10737418240,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    metadata jsonb NOT NULL DEFAULT '{}',
    CONSTRAINT users_pkey PRIMARY KEY (id),
    CONSTRAINT users_email_length CHECK (char_length(email) BETWEEN 3 AND 320),
    CONSTRAINT users_display_name_length CHECK (char_length(display_name) BETWEEN 1 AND 200),
    CONSTRAINT users_storage_quota_nonnegative CHECK (storage_quota_bytes >= 0),
    CONSTRAINT users_metadata_is_object CHECK (jsonb_typeof(metadata) = 'object')
);

CREATE TRIGGER users_set_updated_at
BEFORE UPDATE ON users
FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Case-insensitive uniqueness of e-mail addresses, kept as a lookup table keyed by the value
-- (written in the same transaction as the user) so it survives sharding users by id.
CREATE TABLE user_emails (
    email_lower text NOT NULL,
    user_id uuid NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT user_emails_pkey PRIMARY KEY (email_lower),
    CONSTRAINT user_emails_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT user_emails_is_lower CHECK (email_lower = lower(email_lower))
);

-- Supports the foreign key (cascading deletes of a user) and "the e-mail of this user".
CREATE INDEX user_emails_user_id_idx ON user_emails (user_id);

CREATE TABLE media (
    user_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    filename text NOT NULL,
    media_type text NOT NULL,
    mime_type text NOT NULL,
    size bigint NOT NULL,
    file_path text NOT NULL,
    hash text,
    width integer,
    height integer,
    duration double precision,
    taken_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    metadata jsonb NOT NULL DEFAULT '{}',
    source_integration_id uuid,
    source_platform text,
    source_object_id text,
    -- Lists run newest first by when the item was taken, falling back to when it was stored, so
    -- that one keyset index serves every page whether or not the camera recorded a time.
    sort_at timestamptz NOT NULL GENERATED ALWAYS AS (coalesce(taken_at, created_at)) STORED,
    CONSTRAINT media_pkey PRIMARY KEY (user_id, id),
    CONSTRAINT media_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT media_media_type_known CHECK (media_type IN ('photo', 'video', 'audio', 'document')),
    CONSTRAINT media_filename_length CHECK (char_length(filename) BETWEEN 1 AND 255),
    CONSTRAINT media_mime_type_shape CHECK (mime_type ~ '^[a-z0-9.+-]+/[a-zA-Z0-9.+_-]+$'),
    CONSTRAINT media_size_nonnegative CHECK (size >= 0),
    CONSTRAINT media_file_path_length CHECK (char_length(file_path) BETWEEN 1 AND 1024),
    CONSTRAINT media_dimensions_positive CHECK (
        (width IS NULL OR width > 0) AND (height IS NULL OR height > 0)
    ),
    CONSTRAINT media_duration_nonnegative CHECK (duration IS NULL OR duration >= 0),
    CONSTRAINT media_metadata_is_object CHECK (jsonb_typeof(metadata) = 'object'),
    CONSTRAINT media_source_complete CHECK (
        (source_object_id IS NULL) OR (source_platform IS NOT NULL)
    )
);

CREATE TRIGGER media_set_updated_at
BEFORE UPDATE ON media
FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Live media of one user in list order (keyset pagination, taken_after/taken_before ranges).
CREATE INDEX media_live_user_sort_idx
ON media (user_id, sort_at, id)
WHERE deleted_at IS NULL;

-- The same list filtered by media_type.
CREATE INDEX media_live_user_type_sort_idx
ON media (user_id, media_type, sort_at, id)
WHERE deleted_at IS NULL;

-- The trash: soft-deleted media of one user, most recently deleted first.
CREATE INDEX media_trash_user_deleted_idx
ON media (user_id, deleted_at, id)
WHERE deleted_at IS NOT NULL;

-- The purge job: rows soft-deleted before the retention cut-off, across all users, oldest first.
CREATE INDEX media_purge_deleted_idx
ON media (deleted_at)
WHERE deleted_at IS NOT NULL;

-- Idempotent import: one live row per item of an external service.
CREATE UNIQUE INDEX media_live_source_key
ON media (user_id, source_platform, source_object_id)
WHERE deleted_at IS NULL;

-- Queries inside metadata (camera, tags) for one user's media.
CREATE INDEX media_metadata_gin_idx
ON media USING gin (metadata jsonb_path_ops)
WHERE deleted_at IS NULL;

-- migrate:down
DROP TABLE media;
DROP TABLE user_emails;
DROP TABLE users;
DROP FUNCTION set_updated_at();
