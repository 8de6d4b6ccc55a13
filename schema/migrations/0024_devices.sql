-- Devices: the phones, laptops, watches, ... a user's data comes from or is used on, with the
-- operating system, when each was last seen, and what identifies it (serial number, IMEI, MAC).
-- Why the shape:
-- - last_seen_at is NOT NULL: a device is seen when it is added (the default), then whenever a
--   client or a service reports it. The list is newest-seen first, a keyset walk down
--   (user_id, last_seen_at, id); a nullable sort key would need a second walk for the nulls.
--   It only moves forward: a report older than the one stored keeps the stored one (see
--   sql/devices/update_live.sql), because reports arrive late and out of order from several
--   sources, and the latest one is the truth.
-- - identifiers is a jsonb object of strings keyed by lower_snake_case names ({"serial": ...,
--   "imei": ..., "mac": ...}): which identifiers a device has varies by type and vendor, and
--   they are read and written with the device. The CHECK holds the shape (an object, string
--   values, key names) and a size bound, whatever writes the row.
-- - device_type is a closed list (CHECK), os and os_version free text: vendors name their
--   systems as they like, and a version without a system says nothing (CHECK).
-- - source_integration_id is a foreign key with user_id, as for chat messages (0012): a device
--   listed by a service (a Google account's devices) names it; purging the integration clears
--   the reference.
-- squawk-ignore-file require-concurrent-index-creation -- the table is created empty in this migration; nothing is locked that anyone could be waiting on
-- migrate:up

CREATE TABLE devices (
    user_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    name text NOT NULL,
    device_type text NOT NULL,
    os text,
    os_version text,
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    identifiers jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    metadata jsonb NOT NULL DEFAULT '{}',
    source_integration_id uuid,
    source_platform text,
    source_object_id text,
    CONSTRAINT devices_pkey PRIMARY KEY (user_id, id),
    CONSTRAINT devices_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    -- NO ACTION (Citus refuses SET NULL on a key with user_id); the trigger
    -- integrations_clear_devices below clears the reference first.
    CONSTRAINT devices_source_integration_fkey FOREIGN KEY (user_id, source_integration_id)
        REFERENCES integrations (user_id, id),
    CONSTRAINT devices_name_length CHECK (char_length(name) BETWEEN 1 AND 200),
    CONSTRAINT devices_device_type_known CHECK (
        device_type IN (
            'phone', 'tablet', 'laptop', 'desktop', 'watch', 'tv', 'speaker', 'console',
            'headset', 'camera', 'car', 'other'
        )
    ),
    CONSTRAINT devices_os_length CHECK (char_length(os) BETWEEN 1 AND 100),
    CONSTRAINT devices_os_version_length CHECK (char_length(os_version) BETWEEN 1 AND 100),
    CONSTRAINT devices_os_version_needs_os CHECK (os_version IS NULL OR os IS NOT NULL),
    -- An object whose keys are lower_snake_case names and whose values are strings, at most
    -- 8 KiB of JSON text (the API allows 20 identifiers of up to 200 characters). One jsonpath
    -- over the members, guarded by the type test (the strict accessor raises on anything but an
    -- object).
    CONSTRAINT devices_identifiers_shape CHECK (
        CASE
            WHEN jsonb_typeof(identifiers) = 'object' THEN
                NOT jsonb_path_exists(
                    identifiers,
                    'strict $.keyvalue() ? (@.value.type() != "string" || !(@.key like_regex "^[a-z][a-z0-9_]*$"))'
                )
                AND octet_length(identifiers::text) <= 8192
            ELSE false
        END
    ),
    CONSTRAINT devices_metadata_is_object CHECK (jsonb_typeof(metadata) = 'object'),
    CONSTRAINT devices_source_complete CHECK (
        (source_object_id IS NULL) OR (source_platform IS NOT NULL)
    )
);

CREATE TRIGGER devices_set_updated_at
BEFORE UPDATE ON devices
FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Live devices of one user, most recently seen first (keyset pagination).
CREATE INDEX devices_live_user_seen_idx
ON devices (user_id, last_seen_at, id)
WHERE deleted_at IS NULL;

-- The same list of one type ("my phones"): the type leads the order, so a rare type is read
-- without walking the user's whole list.
CREATE INDEX devices_live_user_type_seen_idx
ON devices (user_id, device_type, last_seen_at, id)
WHERE deleted_at IS NULL;

-- The trash: soft-deleted devices of one user, most recently deleted first.
CREATE INDEX devices_trash_user_deleted_idx
ON devices (user_id, deleted_at, id)
WHERE deleted_at IS NOT NULL;

-- The purge job: rows soft-deleted before the retention cut-off, across all users, oldest first.
CREATE INDEX devices_purge_deleted_idx
ON devices (deleted_at)
WHERE deleted_at IS NOT NULL;

-- Idempotent import: one live row per item of an external service (the predicate of 0008).
CREATE UNIQUE INDEX devices_live_source_key
ON devices (user_id, source_platform, source_object_id)
WHERE deleted_at IS NULL AND source_platform IS NOT NULL AND source_object_id IS NOT NULL;

-- Supports the integration foreign key (its check, and the trigger that clears it). Partial:
-- most devices are added by their own client.
CREATE INDEX devices_user_source_integration_idx
ON devices (user_id, source_integration_id)
WHERE source_integration_id IS NOT NULL;

-- Before an integration row is deleted, the devices listed through it stop naming it (as media
-- do, see 0005). Its own function and trigger: tables added side by side do not rewrite one
-- function.
CREATE FUNCTION devices_clear_integration() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE devices
    SET source_integration_id = NULL
    WHERE user_id = OLD.user_id
        AND source_integration_id = OLD.id;
    RETURN OLD;
END;
$$;

CREATE TRIGGER integrations_clear_devices
BEFORE DELETE ON integrations
FOR EACH ROW EXECUTE FUNCTION devices_clear_integration();

-- migrate:down
DROP TRIGGER integrations_clear_devices ON integrations;
DROP FUNCTION devices_clear_integration();
DROP TABLE devices;
