-- First-class links between any two objects of one user, and albums whose membership is made of
-- `contains` links (seed 001: "links are objects, not just foreign keys").
-- Why triggers: albums.media_count is denormalized and must equal the number of live
-- memberships of live media at every moment, whichever path changes it (adding, removing,
-- soft-deleting or restoring a media item, purging). Each trigger only touches rows of the same
-- user_id, which keeps the schema valid for a Citus cluster sharded by user_id.
-- squawk-ignore-file prefer-bigint-over-int -- albums.media_count counts one album's members, far below 2^31
-- migrate:up

CREATE TABLE albums (
    user_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    name text NOT NULL,
    description text,
    cover_media_id uuid,
    media_count integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    metadata jsonb NOT NULL DEFAULT '{}',
    source_integration_id uuid,
    source_platform text,
    source_object_id text,
    CONSTRAINT albums_pkey PRIMARY KEY (user_id, id),
    CONSTRAINT albums_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    -- NO ACTION (Citus refuses SET NULL on a key that includes user_id): a media item's soft
    -- delete clears the cover in the media trigger below, before any purge could hard-delete it.
    CONSTRAINT albums_cover_media_fkey FOREIGN KEY (user_id, cover_media_id)
        REFERENCES media (user_id, id),
    CONSTRAINT albums_name_length CHECK (char_length(name) BETWEEN 1 AND 500),
    CONSTRAINT albums_description_length CHECK (char_length(description) <= 10000),
    CONSTRAINT albums_media_count_nonnegative CHECK (media_count >= 0),
    CONSTRAINT albums_metadata_is_object CHECK (jsonb_typeof(metadata) = 'object'),
    CONSTRAINT albums_source_complete CHECK (
        (source_object_id IS NULL) OR (source_platform IS NOT NULL)
    )
);

CREATE TRIGGER albums_set_updated_at
BEFORE UPDATE ON albums
FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Live albums of one user, newest first (keyset).
CREATE INDEX albums_live_user_created_idx
ON albums (user_id, created_at, id)
WHERE deleted_at IS NULL;

-- The album trash, most recently deleted first.
CREATE INDEX albums_trash_user_deleted_idx
ON albums (user_id, deleted_at, id)
WHERE deleted_at IS NOT NULL;

-- The purge job, across users, oldest deletion first.
CREATE INDEX albums_purge_deleted_idx
ON albums (deleted_at)
WHERE deleted_at IS NOT NULL;

-- Supports the cover foreign key, and clearing the cover when that media item is deleted.
CREATE INDEX albums_user_cover_idx
ON albums (user_id, cover_media_id);

-- Idempotent import of albums from an external service.
CREATE UNIQUE INDEX albums_live_source_key
ON albums (user_id, source_platform, source_object_id)
WHERE deleted_at IS NULL;

CREATE TABLE links (
    user_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    from_object_type text NOT NULL,
    from_object_id uuid NOT NULL,
    to_object_type text NOT NULL,
    to_object_id uuid NOT NULL,
    link_type text NOT NULL,
    strength real NOT NULL DEFAULT 1.0,
    sort_order bigint NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    metadata jsonb NOT NULL DEFAULT '{}',
    source_integration_id uuid,
    source_platform text,
    source_object_id text,
    CONSTRAINT links_pkey PRIMARY KEY (user_id, id),
    CONSTRAINT links_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    -- Room for more types: any lower_snake_case word; the ones with meaning today are
    -- contains, source, duplicate_of (symmetric) and variant_of.
    CONSTRAINT links_link_type_shape CHECK (link_type ~ '^[a-z][a-z_]{0,49}$'),
    CONSTRAINT links_object_type_shape CHECK (
        from_object_type ~ '^[a-z][a-z_]{0,49}$' AND to_object_type ~ '^[a-z][a-z_]{0,49}$'
    ),
    CONSTRAINT links_not_to_itself CHECK (from_object_id <> to_object_id),
    -- A symmetric link (duplicate_of) is stored as two rows, one each way, written and removed
    -- together, so that listing an object's links finds it from either end with one index.
    CONSTRAINT links_symmetric_same_type CHECK (
        link_type <> 'duplicate_of' OR from_object_type = to_object_type
    ),
    CONSTRAINT links_strength_range CHECK (strength >= 0 AND strength <= 1),
    CONSTRAINT links_metadata_is_object CHECK (jsonb_typeof(metadata) = 'object')
);

CREATE TRIGGER links_set_updated_at
BEFORE UPDATE ON links
FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- One live link of a type between two objects (seed 001's idx_links_unique, with user_id).
CREATE UNIQUE INDEX links_live_key
ON links (user_id, from_object_id, to_object_id, link_type)
WHERE deleted_at IS NULL;

-- Outgoing live links of an object by type, in sort_order: an album's media, ?from= listings.
CREATE INDEX links_live_from_sorted_idx
ON links (user_id, from_object_id, link_type, sort_order, to_object_id)
WHERE deleted_at IS NULL;

-- Every link pointing at an object, live or not: ?to= listings, the media triggers, and
-- removing the links of an object that is purged.
CREATE INDEX links_user_to_idx
ON links (user_id, to_object_id);

-- Every link leaving an object, live or not: removing the links of an object that is purged.
CREATE INDEX links_user_from_idx
ON links (user_id, from_object_id);

-- The purge job for soft-deleted links.
CREATE INDEX links_purge_deleted_idx
ON links (deleted_at)
WHERE deleted_at IS NOT NULL;

-- Whether an object of one user exists and is live, taking a share lock on it so that it cannot
-- be soft-deleted before the caller's transaction (which is about to link to it) commits.
-- A later migration that adds a linkable table adds its branch here.
CREATE FUNCTION lock_live_object(p_user_id uuid, p_type text, p_id uuid) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
    IF p_type = 'media' THEN
        PERFORM 1 FROM media
        WHERE user_id = p_user_id AND id = p_id AND deleted_at IS NULL
        FOR SHARE;
    ELSIF p_type = 'album' THEN
        PERFORM 1 FROM albums
        WHERE user_id = p_user_id AND id = p_id AND deleted_at IS NULL
        FOR SHARE;
    ELSE
        RETURN false;
    END IF;
    RETURN FOUND;
END;
$$;

-- Whether a contains link from an album to a media item counts toward media_count.
CREATE FUNCTION link_counts_in_album(l links) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT l.link_type = 'contains'
        AND l.from_object_type = 'album'
        AND l.to_object_type = 'media'
        AND l.deleted_at IS NULL
        AND EXISTS (
            SELECT 1 FROM media AS m
            WHERE m.user_id = l.user_id AND m.id = l.to_object_id AND m.deleted_at IS NULL
        )
$$;

CREATE FUNCTION links_maintain_album_count() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    was_counted boolean := TG_OP IN ('UPDATE', 'DELETE') AND link_counts_in_album(OLD);
    is_counted boolean := TG_OP IN ('INSERT', 'UPDATE') AND link_counts_in_album(NEW);
BEGIN
    IF was_counted AND is_counted AND OLD.from_object_id = NEW.from_object_id THEN
        RETURN NULL;
    END IF;
    IF was_counted THEN
        UPDATE albums
        SET media_count = media_count - 1
        WHERE user_id = OLD.user_id
            AND id = OLD.from_object_id;
    END IF;
    IF is_counted THEN
        UPDATE albums
        SET media_count = media_count + 1
        WHERE user_id = NEW.user_id
            AND id = NEW.from_object_id;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER links_album_count
AFTER INSERT OR DELETE OR UPDATE OF deleted_at, link_type, from_object_id, to_object_id
ON links
FOR EACH ROW EXECUTE FUNCTION links_maintain_album_count();

-- A media item that goes to the trash leaves every album count and stops being a cover; one that
-- comes back re-enters the counts. The links are locked first (FOR UPDATE) so that a membership
-- removed concurrently is seen as removed once its transaction commits, and counted once.
CREATE FUNCTION media_maintain_albums() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    delta integer;
BEGIN
    IF (OLD.deleted_at IS NULL) = (NEW.deleted_at IS NULL) THEN
        RETURN NULL;
    END IF;
    delta := CASE WHEN NEW.deleted_at IS NULL THEN 1 ELSE -1 END;
    UPDATE albums AS a
    SET media_count = a.media_count + delta
    FROM (
        SELECT l.from_object_id
        FROM links AS l
        WHERE l.user_id = NEW.user_id
            AND l.to_object_id = NEW.id
            AND l.link_type = 'contains'
            AND l.from_object_type = 'album'
            AND l.deleted_at IS NULL
        FOR UPDATE OF l
    ) AS member
    WHERE a.user_id = NEW.user_id
        AND a.id = member.from_object_id;
    IF NEW.deleted_at IS NOT NULL THEN
        UPDATE albums
        SET cover_media_id = NULL
        WHERE user_id = NEW.user_id
            AND cover_media_id = NEW.id;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER media_albums
AFTER UPDATE OF deleted_at ON media
FOR EACH ROW EXECUTE FUNCTION media_maintain_albums();

-- Links have no foreign keys (their ends may be of any type), so an object that is hard-deleted
-- takes its links with it here; none is left dangling.
CREATE FUNCTION delete_links_of_object() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM links
    WHERE user_id = OLD.user_id
        AND (from_object_id = OLD.id OR to_object_id = OLD.id);
    RETURN NULL;
END;
$$;

CREATE TRIGGER media_delete_links
AFTER DELETE ON media
FOR EACH ROW EXECUTE FUNCTION delete_links_of_object();

CREATE TRIGGER albums_delete_links
AFTER DELETE ON albums
FOR EACH ROW EXECUTE FUNCTION delete_links_of_object();

-- Seed 001 lists three convenience views without defining them. The one Hypernet keeps is the
-- album's visible media in album order, which the album listing reads through. Views for
-- "live media" or "recent media" are not created: every list is a keyset query over a partial
-- live-row index, and each is a named query of its own, so a view would only hide which index
-- a query relies on from the people tuning it.
CREATE VIEW album_media AS
SELECT
    l.user_id,
    l.from_object_id AS album_id,
    l.sort_order,
    l.id AS link_id,
    m.id,
    m.filename,
    m.media_type,
    m.mime_type,
    m.size,
    m.file_path,
    m.hash,
    m.width,
    m.height,
    m.duration,
    m.taken_at,
    m.created_at,
    m.updated_at,
    m.deleted_at,
    m.metadata,
    m.source_integration_id,
    m.source_platform,
    m.source_object_id
FROM links AS l
JOIN media AS m
    ON m.user_id = l.user_id
    AND m.id = l.to_object_id
WHERE l.link_type = 'contains'
    AND l.from_object_type = 'album'
    AND l.to_object_type = 'media'
    AND l.deleted_at IS NULL
    AND m.deleted_at IS NULL;

-- migrate:down
DROP VIEW album_media;
DROP TRIGGER albums_delete_links ON albums;
DROP TRIGGER media_delete_links ON media;
DROP FUNCTION delete_links_of_object();
DROP TRIGGER media_albums ON media;
DROP FUNCTION media_maintain_albums();
DROP TRIGGER links_album_count ON links;
DROP FUNCTION links_maintain_album_count();
DROP FUNCTION link_counts_in_album(links);
DROP FUNCTION lock_live_object(uuid, text, uuid);
DROP TABLE links;
DROP TABLE albums;
