-- Profile attributes: what a user says about themselves, one value per key (display language,
-- birthday, pronouns, home city, ...), each with who may see it. GET /v1/profile answers every
-- live attribute of the user as one JSON object {key: value}.
-- Why the shape:
-- - One row per attribute, not one jsonb document per user: each attribute has its own
--   lifecycle (trash, restore, import from a service, its own ETag), its own visibility, and a
--   write to one never races a write to another.
-- - key is a dotted lower_snake_case identifier (search.language, address.city), in the "C"
--   collation: compared byte by byte, so the list's keyset order and the unique index agree
--   whatever the database's collation, and comparisons are cheap.
-- - One live attribute per key and user: a partial unique index among live rows. A second one
--   is PostgreSQL's unique violation, which the API answers 409 (never read-then-insert); a
--   trashed attribute keeps its key, and restoring it while another live one holds the key is
--   refused by the same index (409).
-- - value is any JSON value (a string, a number, an object, null, ...), bounded: a profile is
--   read whole, so no one attribute may make it heavy. The API refuses more than 16 KiB of
--   compact JSON (422 with the path); the CHECK bounds PostgreSQL's own text form, which puts a
--   space after every ',' and ':', at twice that.
-- - source_integration_id is a foreign key with user_id, as for chat messages (0012): an
--   attribute imported from a service names it; purging the integration clears the reference.
-- squawk-ignore-file require-concurrent-index-creation -- the table is created empty in this migration; nothing is locked that anyone could be waiting on
-- migrate:up

CREATE TABLE profile_attributes (
    user_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    key text COLLATE "C" NOT NULL,
    value jsonb NOT NULL,
    visibility text NOT NULL DEFAULT 'private',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    metadata jsonb NOT NULL DEFAULT '{}',
    source_integration_id uuid,
    source_platform text,
    source_object_id text,
    CONSTRAINT profile_attributes_pkey PRIMARY KEY (user_id, id),
    CONSTRAINT profile_attributes_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id)
        ON DELETE CASCADE,
    -- NO ACTION (Citus refuses SET NULL on a key with user_id); the trigger
    -- integrations_clear_profile_attributes below clears the reference first.
    CONSTRAINT profile_attributes_source_integration_fkey FOREIGN KEY (user_id, source_integration_id)
        REFERENCES integrations (user_id, id),
    -- A lower-case letter, then up to 99 lower-case letters, digits, '_' or '.'. Written as a
    -- pattern without bounded repetition plus a length test: the same rule, a cheaper matcher
    -- (see 0007).
    CONSTRAINT profile_attributes_key_shape CHECK (
        key ~ '^[a-z][a-z0-9_.]*$' AND char_length(key) <= 100
    ),
    CONSTRAINT profile_attributes_value_size CHECK (octet_length(value::text) <= 32768),
    -- Who may see it: only the user, the user's contacts, or anyone.
    CONSTRAINT profile_attributes_visibility_known CHECK (
        visibility IN ('private', 'contacts', 'public')
    ),
    CONSTRAINT profile_attributes_metadata_is_object CHECK (jsonb_typeof(metadata) = 'object'),
    CONSTRAINT profile_attributes_source_complete CHECK (
        (source_object_id IS NULL) OR (source_platform IS NOT NULL)
    )
);

CREATE TRIGGER profile_attributes_set_updated_at
BEFORE UPDATE ON profile_attributes
FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- One live attribute per key and user (409 on a second one, and on a restore whose key was
-- taken meanwhile). Also the profile object (every live attribute of one user) and the list
-- of attributes in key order (keyset on key).
CREATE UNIQUE INDEX profile_attributes_live_key
ON profile_attributes (user_id, key)
WHERE deleted_at IS NULL;

-- The list in one visibility ("what is public"), in key order.
CREATE INDEX profile_attributes_live_visibility_key_idx
ON profile_attributes (user_id, visibility, key)
WHERE deleted_at IS NULL;

-- The trash: soft-deleted attributes of one user, most recently deleted first.
CREATE INDEX profile_attributes_trash_user_deleted_idx
ON profile_attributes (user_id, deleted_at, id)
WHERE deleted_at IS NOT NULL;

-- The purge job: rows soft-deleted before the retention cut-off, across all users, oldest first.
CREATE INDEX profile_attributes_purge_deleted_idx
ON profile_attributes (deleted_at)
WHERE deleted_at IS NOT NULL;

-- Idempotent import: one live row per item of an external service (the predicate of 0008).
CREATE UNIQUE INDEX profile_attributes_live_source_key
ON profile_attributes (user_id, source_platform, source_object_id)
WHERE deleted_at IS NULL AND source_platform IS NOT NULL AND source_object_id IS NOT NULL;

-- Supports the integration foreign key (its check, and the trigger that clears it). Partial:
-- most attributes are entered by hand.
CREATE INDEX profile_attributes_user_source_integration_idx
ON profile_attributes (user_id, source_integration_id)
WHERE source_integration_id IS NOT NULL;

-- Before an integration row is deleted, the attributes imported through it stop naming it (as
-- media do, see 0005). Its own function and trigger: tables added side by side do not rewrite
-- one function.
CREATE FUNCTION profile_attributes_clear_integration() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE profile_attributes
    SET source_integration_id = NULL
    WHERE user_id = OLD.user_id
        AND source_integration_id = OLD.id;
    RETURN OLD;
END;
$$;

CREATE TRIGGER integrations_clear_profile_attributes
BEFORE DELETE ON integrations
FOR EACH ROW EXECUTE FUNCTION profile_attributes_clear_integration();

-- migrate:down
DROP TRIGGER integrations_clear_profile_attributes ON integrations;
DROP FUNCTION profile_attributes_clear_integration();
DROP TABLE profile_attributes;
