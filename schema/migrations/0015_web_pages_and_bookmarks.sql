-- Web pages a user saved to read (a read-later list) and the user's bookmarks, which may point at
-- one of those pages. Both follow the conventions of media (0001, 0008): keyed by (user_id, id)
-- so they can be sharded by user, soft-deleted into a trash that the purge empties after the
-- retention period, and importable idempotently by (source_platform, source_object_id).
-- squawk-ignore-file require-concurrent-index-creation -- both tables are created empty in this migration; nothing is locked that anyone could be waiting on
-- migrate:up

CREATE TABLE web_pages (
    user_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    -- The address the page was saved from, and the one it says is its own (rel=canonical, else
    -- the address after redirects and tracking parameters are dropped): two saves of the same
    -- article from different links are one page.
    url text NOT NULL,
    canonical_url text NOT NULL,
    title text,
    site_name text,
    -- The readable text of the page (boilerplate stripped), for reading offline and search.
    content_text text,
    -- When the content was last fetched; null until the fetcher has been to the page.
    fetched_at timestamptz,
    reading_state text NOT NULL DEFAULT 'unread',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    metadata jsonb NOT NULL DEFAULT '{}',
    source_integration_id uuid,
    source_platform text,
    source_object_id text,
    CONSTRAINT web_pages_pkey PRIMARY KEY (user_id, id),
    CONSTRAINT web_pages_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    -- NO ACTION, not SET NULL (Citus refuses SET NULL on a key with user_id); the trigger
    -- web_pages_clear_integration below clears the reference when the integration is purged.
    CONSTRAINT web_pages_source_integration_fkey FOREIGN KEY (user_id, source_integration_id)
    REFERENCES integrations (user_id, id),
    CONSTRAINT web_pages_reading_state_known CHECK (
        reading_state IN ('unread', 'reading', 'read', 'archived')
    ),
    -- Bytes, not characters: a btree entry (the unique index on canonical_url) holds at most
    -- about 2,700 bytes, so a URL may not exceed 2,048 bytes whatever its characters.
    CONSTRAINT web_pages_url_length CHECK (octet_length(url) BETWEEN 1 AND 2048),
    CONSTRAINT web_pages_canonical_url_length CHECK (octet_length(canonical_url) BETWEEN 1 AND 2048),
    CONSTRAINT web_pages_title_length CHECK (title IS NULL OR char_length(title) <= 1000),
    CONSTRAINT web_pages_site_name_length CHECK (site_name IS NULL OR char_length(site_name) <= 200),
    CONSTRAINT web_pages_content_text_length CHECK (
        content_text IS NULL OR char_length(content_text) <= 1000000
    ),
    CONSTRAINT web_pages_metadata_is_object CHECK (jsonb_typeof(metadata) = 'object'),
    CONSTRAINT web_pages_source_complete CHECK (
        (source_object_id IS NULL) OR (source_platform IS NOT NULL)
    )
);

CREATE TRIGGER web_pages_set_updated_at
BEFORE UPDATE ON web_pages
FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Live pages of one user, newest saved first (keyset pagination).
CREATE INDEX web_pages_live_user_created_idx
ON web_pages (user_id, created_at, id)
WHERE deleted_at IS NULL;

-- The same list in one reading state ("what is still unread"): the state leads the order, so a
-- small state (reading) is read without walking the user's whole list.
CREATE INDEX web_pages_live_user_state_created_idx
ON web_pages (user_id, reading_state, created_at, id)
WHERE deleted_at IS NULL;

-- One live page per canonical address and user: saving the same article twice is a 409 (the API
-- answers PostgreSQL's unique violation), and an import finds the page it already holds.
CREATE UNIQUE INDEX web_pages_live_canonical_url_key
ON web_pages (user_id, canonical_url)
WHERE deleted_at IS NULL;

-- The trash: soft-deleted pages of one user, most recently deleted first.
CREATE INDEX web_pages_trash_user_deleted_idx
ON web_pages (user_id, deleted_at, id)
WHERE deleted_at IS NOT NULL;

-- The purge job: rows soft-deleted before the retention cut-off, across all users, oldest first.
CREATE INDEX web_pages_purge_deleted_idx
ON web_pages (deleted_at)
WHERE deleted_at IS NOT NULL;

-- Idempotent import: one live row per item of an external service (the predicate of 0008).
CREATE UNIQUE INDEX web_pages_live_source_key
ON web_pages (user_id, source_platform, source_object_id)
WHERE deleted_at IS NULL AND source_platform IS NOT NULL AND source_object_id IS NOT NULL;

-- Supports the foreign key to integrations (its check when an integration is purged, and the
-- trigger that clears the references). Partial: most pages are saved directly.
CREATE INDEX web_pages_user_source_integration_idx
ON web_pages (user_id, source_integration_id)
WHERE source_integration_id IS NOT NULL;

CREATE TABLE bookmarks (
    user_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    url text NOT NULL,
    title text,
    description text,
    -- Free-form labels; an array rather than a tag table because a bookmark's tags are read and
    -- written with it, and "bookmarks tagged x" is served by a GIN index over the array.
    tags text[] NOT NULL DEFAULT '{}',
    -- Where the bookmark sits in the user's folder tree, segments joined by '/', e.g.
    -- 'Bookmarks Bar/Work'; null: not in a folder. Listing a folder includes its sub-folders.
    folder_path text,
    -- The saved copy of the page, when the user saved it to read as well.
    web_page_id uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    metadata jsonb NOT NULL DEFAULT '{}',
    source_integration_id uuid,
    source_platform text,
    source_object_id text,
    CONSTRAINT bookmarks_pkey PRIMARY KEY (user_id, id),
    CONSTRAINT bookmarks_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    -- NO ACTION: a page in the trash keeps its bookmarks pointing at it (restoring the page finds
    -- them again); when the page row itself goes (purge), the trigger web_pages_clear_bookmarks
    -- clears web_page_id first. The same user_id on both sides: never another user's page.
    CONSTRAINT bookmarks_web_page_fkey FOREIGN KEY (user_id, web_page_id)
    REFERENCES web_pages (user_id, id),
    CONSTRAINT bookmarks_source_integration_fkey FOREIGN KEY (user_id, source_integration_id)
    REFERENCES integrations (user_id, id),
    CONSTRAINT bookmarks_url_length CHECK (octet_length(url) BETWEEN 1 AND 2048),
    CONSTRAINT bookmarks_title_length CHECK (title IS NULL OR char_length(title) <= 1000),
    CONSTRAINT bookmarks_description_length CHECK (
        description IS NULL OR char_length(description) <= 10000
    ),
    -- At most 100 tags, none null; each tag's length is checked by the API (a CHECK cannot
    -- look into array elements without a function).
    CONSTRAINT bookmarks_tags_bounded CHECK (
        cardinality(tags) <= 100 AND array_position(tags, NULL) IS NULL
    ),
    -- A path of non-empty segments: no leading, trailing or doubled '/', so that the prefix
    -- 'A/B' names exactly the folder 'A/B' and everything under 'A/B/'.
    CONSTRAINT bookmarks_folder_path_shape CHECK (
        folder_path IS NULL
        OR (
            char_length(folder_path) BETWEEN 1 AND 1000
            AND left(folder_path, 1) <> '/'
            AND right(folder_path, 1) <> '/'
            AND strpos(folder_path, '//') = 0
        )
    ),
    CONSTRAINT bookmarks_metadata_is_object CHECK (jsonb_typeof(metadata) = 'object'),
    CONSTRAINT bookmarks_source_complete CHECK (
        (source_object_id IS NULL) OR (source_platform IS NOT NULL)
    )
);

CREATE TRIGGER bookmarks_set_updated_at
BEFORE UPDATE ON bookmarks
FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Live bookmarks of one user, newest first (keyset pagination).
CREATE INDEX bookmarks_live_user_created_idx
ON bookmarks (user_id, created_at, id)
WHERE deleted_at IS NULL;

-- One live bookmark per address and user (409 on a second one).
CREATE UNIQUE INDEX bookmarks_live_url_key
ON bookmarks (user_id, url)
WHERE deleted_at IS NULL;

-- "Bookmarks tagged x": containment (tags @> ARRAY['x']) over live rows. Not per user (a GIN
-- index cannot lead with a uuid without btree_gin); the user's rows are filtered from the
-- matches, which is cheap for the selective tags this index is for.
CREATE INDEX bookmarks_live_tags_gin_idx
ON bookmarks USING gin (tags)
WHERE deleted_at IS NULL;

-- A folder and its sub-folders: a byte-wise range on folder_path (text_pattern_ops compares
-- bytes whatever the database's collation, so 'A/B' <= path < 'A/B0' is exactly the prefix
-- range), then the rows are sorted newest first.
CREATE INDEX bookmarks_live_user_folder_idx
ON bookmarks (user_id, folder_path text_pattern_ops)
WHERE deleted_at IS NULL AND folder_path IS NOT NULL;

-- Supports the foreign key to web_pages: the purge of a page finds its bookmarks through it
-- (trigger web_pages_clear_bookmarks). Partial: most bookmarks have no saved page.
CREATE INDEX bookmarks_user_web_page_idx
ON bookmarks (user_id, web_page_id)
WHERE web_page_id IS NOT NULL;

CREATE INDEX bookmarks_user_source_integration_idx
ON bookmarks (user_id, source_integration_id)
WHERE source_integration_id IS NOT NULL;

-- The trash: soft-deleted bookmarks of one user, most recently deleted first.
CREATE INDEX bookmarks_trash_user_deleted_idx
ON bookmarks (user_id, deleted_at, id)
WHERE deleted_at IS NOT NULL;

-- The purge job: rows soft-deleted before the retention cut-off, across all users, oldest first.
CREATE INDEX bookmarks_purge_deleted_idx
ON bookmarks (deleted_at)
WHERE deleted_at IS NOT NULL;

-- Idempotent import: one live row per item of an external service (the predicate of 0008).
CREATE UNIQUE INDEX bookmarks_live_source_key
ON bookmarks (user_id, source_platform, source_object_id)
WHERE deleted_at IS NULL AND source_platform IS NOT NULL AND source_object_id IS NOT NULL;

-- Purging a page clears it from the bookmarks that name it (they stay: a bookmark outlives the
-- saved copy). BEFORE, so the foreign key's end-of-statement check finds nothing to refuse.
-- A function of its own rather than a branch of clear_integration_references(): each table's
-- rule stays in the migration that made the table.
CREATE FUNCTION clear_web_page_from_bookmarks() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE bookmarks
    SET web_page_id = NULL
    WHERE user_id = OLD.user_id
        AND web_page_id = OLD.id;
    RETURN OLD;
END;
$$;

CREATE TRIGGER web_pages_clear_bookmarks
BEFORE DELETE ON web_pages
FOR EACH ROW EXECUTE FUNCTION clear_web_page_from_bookmarks();

-- Purging an integration: pages and bookmarks imported through it stay and stop naming it, as
-- media do (0005). Its own function and trigger, so no other migration's function is replaced.
CREATE FUNCTION clear_integration_from_pages_and_bookmarks() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE web_pages
    SET source_integration_id = NULL
    WHERE user_id = OLD.user_id
        AND source_integration_id = OLD.id;
    UPDATE bookmarks
    SET source_integration_id = NULL
    WHERE user_id = OLD.user_id
        AND source_integration_id = OLD.id;
    RETURN OLD;
END;
$$;

CREATE TRIGGER integrations_clear_pages_and_bookmarks
BEFORE DELETE ON integrations
FOR EACH ROW EXECUTE FUNCTION clear_integration_from_pages_and_bookmarks();

-- migrate:down
DROP TRIGGER integrations_clear_pages_and_bookmarks ON integrations;
DROP FUNCTION clear_integration_from_pages_and_bookmarks();
DROP TABLE bookmarks;
DROP TABLE web_pages;
DROP FUNCTION clear_web_page_from_bookmarks();
