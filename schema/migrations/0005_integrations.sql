-- Integrations (a user's connections to external services) and their OAuth secrets, and the
-- foreign key that ties imported media to the integration they came through.
-- Why the shape:
-- - The tokens are encrypted by the application (AES-256-GCM) before they are sent: the database,
--   its backups and its dumps only ever hold ciphertext, and the key never reaches the server.
--   Each row names the key it was encrypted under (key_id), so a new key can be rolled out and
--   the rows re-encrypted in small batches while the service runs and reads both.
-- - Secrets live in their own table, one row per integration, so that no query listing or
--   showing integrations can return them by accident (the API never returns them) and so that
--   the re-encryption job walks a small table by key_id.
-- - Citus-ready like every user-owned table: keys are (user_id, id), every foreign key between
--   user-owned tables includes user_id, and no such foreign key is SET NULL (Citus refuses it):
--   the reference from media is NO ACTION and is cleared by a trigger that only touches rows of
--   the same user_id.
-- squawk-ignore-file constraint-missing-not-valid, adding-foreign-key-constraint -- the foreign key on media ships with 0001 in the first release, so media is empty and its check scans nothing; on a populated table add it NOT VALID, then VALIDATE
-- migrate:up

CREATE TABLE integrations (
    user_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    integration_type text NOT NULL,
    display_name text NOT NULL,
    status text NOT NULL DEFAULT 'active',
    -- Where the next sync resumes (a page token, a history id): opaque to Hypernet, not a secret.
    sync_cursor text,
    last_synced_at timestamptz,
    last_error text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    metadata jsonb NOT NULL DEFAULT '{}',
    -- The BaseObject "where did it come from" columns. An integration is itself the source:
    -- nothing imports an integration through another one, so source_integration_id stays NULL
    -- (and is not a foreign key, which would also make a batch purge of a parent and its child
    -- in one statement impossible to clear by trigger). source_platform and source_object_id
    -- name the external account when the client records it (e.g. google, the account's id).
    source_integration_id uuid,
    source_platform text,
    source_object_id text,
    CONSTRAINT integrations_pkey PRIMARY KEY (user_id, id),
    CONSTRAINT integrations_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id)
        ON DELETE CASCADE,
    -- The services Hypernet can import from. A new one is a new migration that replaces this
    -- check (and the Literal in hypernet/domain/integrations.py that mirrors it for 422s).
    CONSTRAINT integrations_type_known CHECK (
        integration_type IN (
            'google_photos', 'icloud_photos', 'instagram', 'facebook', 'twitter', 'gmail',
            'outlook', 'google_calendar', 'google_contacts', 'google_drive', 'dropbox',
            'spotify', 'fitbit', 'apple_health', 'plaid', 'github'
        )
    ),
    CONSTRAINT integrations_status_known CHECK (
        status IN ('active', 'paused', 'error', 'revoked')
    ),
    -- An integration in the error state says what went wrong.
    CONSTRAINT integrations_error_explained CHECK (status <> 'error' OR last_error IS NOT NULL),
    CONSTRAINT integrations_display_name_length CHECK (char_length(display_name) BETWEEN 1 AND 200),
    CONSTRAINT integrations_sync_cursor_length CHECK (char_length(sync_cursor) <= 8192),
    CONSTRAINT integrations_last_error_length CHECK (char_length(last_error) <= 4000),
    CONSTRAINT integrations_metadata_is_object CHECK (jsonb_typeof(metadata) = 'object'),
    CONSTRAINT integrations_not_imported CHECK (source_integration_id IS NULL),
    CONSTRAINT integrations_source_complete CHECK (
        (source_object_id IS NULL) OR (source_platform IS NOT NULL)
    )
);

CREATE TRIGGER integrations_set_updated_at
BEFORE UPDATE ON integrations
FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Live integrations of one user, newest first (keyset).
CREATE INDEX integrations_live_user_created_idx
ON integrations (user_id, created_at, id)
WHERE deleted_at IS NULL;

-- The integration trash, most recently deleted first.
CREATE INDEX integrations_trash_user_deleted_idx
ON integrations (user_id, deleted_at, id)
WHERE deleted_at IS NOT NULL;

-- The purge job, across users, oldest deletion first.
CREATE INDEX integrations_purge_deleted_idx
ON integrations (deleted_at)
WHERE deleted_at IS NOT NULL;

-- One connection per external account among live rows (re-running an OAuth flow for the same
-- account must not make a second integration importing the same items twice).
CREATE UNIQUE INDEX integrations_live_source_key
ON integrations (user_id, source_platform, source_object_id)
WHERE deleted_at IS NULL;

-- Not a BaseObject: the secrets are a part of their integration (soft-deleted, restored and
-- purged with it), one row each. access_token and refresh_token are AES-256-GCM ciphertexts
-- made by hypernet/crypto.py: a format byte, a 12-byte nonce, the ciphertext and a 16-byte tag.
-- The associated data binds each ciphertext to its user, its integration, its column and its
-- key_id, so a ciphertext copied into another row (or the other column) does not decrypt.
CREATE TABLE integration_secrets (
    user_id uuid NOT NULL,
    integration_id uuid NOT NULL,
    key_id text NOT NULL,
    access_token bytea NOT NULL,
    refresh_token bytea,
    -- When the access token expires, as the provider said; NULL when it did not say.
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT integration_secrets_pkey PRIMARY KEY (user_id, integration_id),
    CONSTRAINT integration_secrets_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id)
        ON DELETE CASCADE,
    CONSTRAINT integration_secrets_integration_fkey FOREIGN KEY (user_id, integration_id)
        REFERENCES integrations (user_id, id) ON DELETE CASCADE,
    CONSTRAINT integration_secrets_key_id_shape CHECK (key_id ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    -- Format 1, nonce and tag at least: a plaintext token written here by mistake is refused.
    CONSTRAINT integration_secrets_access_token_sealed CHECK (
        octet_length(access_token) >= 29 AND get_byte(access_token, 0) = 1
    ),
    CONSTRAINT integration_secrets_refresh_token_sealed CHECK (
        refresh_token IS NULL OR (octet_length(refresh_token) >= 29 AND get_byte(refresh_token, 0) = 1)
    )
);

CREATE TRIGGER integration_secrets_set_updated_at
BEFORE UPDATE ON integration_secrets
FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Key rotation: the rows still under an old key, found without reading the others; and the
-- list of key ids in use (a skip scan over this index).
CREATE INDEX integration_secrets_key_idx
ON integration_secrets (key_id);

-- Media imported through an integration name it. Until now source_integration_id could hold any
-- UUID (there was no integrations table to point at): keep any such value in the metadata, so
-- nothing is lost, and clear the column so the foreign key can hold.
UPDATE media
SET
    metadata = metadata || jsonb_build_object('unresolved_source_integration_id', source_integration_id),
    source_integration_id = NULL
WHERE source_integration_id IS NOT NULL;

-- Supports the foreign key below (its check when an integration is hard-deleted, and the trigger
-- that clears the references), and "media imported through this integration", newest first.
-- Partial: most media are uploaded directly and carry no integration.
-- squawk-ignore require-concurrent-index-creation -- ships with 0001 in the first release, so media is empty here; on a populated table use CONCURRENTLY in a no-transaction migration
CREATE INDEX media_user_source_integration_idx
ON media (user_id, source_integration_id, sort_at, id)
WHERE source_integration_id IS NOT NULL;

-- NO ACTION, not SET NULL: Citus refuses SET NULL on a foreign key that includes user_id. A soft
-- delete of an integration leaves its media alone (they stay, and keep the reference: restoring
-- the integration within the retention period finds them all again); the trigger below clears
-- the reference when the integration row itself goes (purge, or an operator's DELETE).
ALTER TABLE media
ADD CONSTRAINT media_source_integration_fkey FOREIGN KEY (user_id, source_integration_id)
REFERENCES integrations (user_id, id);

-- Before an integration row is deleted, the objects imported through it stop naming it: they
-- stay, with their source_platform and source_object_id (the import key) intact. BEFORE, so the
-- foreign key's end-of-statement check finds nothing left to refuse; the UPDATE touches only
-- rows of the same user_id. A later table with a source_integration_id foreign key adds its
-- statement here (CREATE OR REPLACE).
CREATE FUNCTION clear_integration_references() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE media
    SET source_integration_id = NULL
    WHERE user_id = OLD.user_id
        AND source_integration_id = OLD.id;
    RETURN OLD;
END;
$$;

CREATE TRIGGER integrations_clear_references
BEFORE DELETE ON integrations
FOR EACH ROW EXECUTE FUNCTION clear_integration_references();

-- migrate:down
DROP TRIGGER integrations_clear_references ON integrations;
DROP FUNCTION clear_integration_references();
ALTER TABLE media DROP CONSTRAINT media_source_integration_fkey;
DROP INDEX media_user_source_integration_idx;
DROP TABLE integration_secrets;
DROP TABLE integrations;
