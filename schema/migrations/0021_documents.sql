-- Documents: files a user keeps to read (PDFs, office files, scans), with the text extracted from
-- them for reading and search, and optionally the media item that holds the file.
-- Why the shape:
-- - The file is described as media describes one (file_path, mime_type, size, hash, with the
--   same bounds); page_count is unknown (null) until the extractor has counted.
-- - text_content is the extracted text, bounded at 1,000,000 characters (some 500 pages) like a
--   web page's content. It stays in the table (TOASTed, compressed with the default pglz): lz4
--   would be cheaper to decompress, but the embedded PostgreSQL 18 is built without lz4 support
--   ("compression method lz4 not supported"), and a migration must run on both servers.
--   The lists never read it (only one document's GET does), so a list page does not detoast it.
-- - media_id, when set, names the user's media item holding the file: (user_id, media_id) ->
--   media (user_id, id), so never another user's. NO ACTION: a media item in the trash keeps
--   its documents pointing at it (restoring it finds them again); when the media row itself goes
--   (purge), the trigger media_clear_documents clears media_id first, so the document stays (it
--   has its own file_path) and the purge of media never fails on it.
-- - Lists: newest first; newest first of one mime type; alphabetically by title. Each is one
--   index over the live rows. title is bounded to 500 characters so that an entry of the title
--   index (at most 2,000 bytes of UTF-8) stays below btree's limit of about 2,700 bytes.
-- - source_integration_id, as web pages' (a document imported from a drive).
-- squawk-ignore-file require-concurrent-index-creation -- the table is created empty in this migration; nothing is locked that anyone could be waiting on
-- squawk-ignore-file prefer-bigint-over-int -- page_count counts the pages of one document, far below 2^31
-- migrate:up

CREATE TABLE documents (
    user_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    title text NOT NULL,
    file_path text NOT NULL,
    mime_type text NOT NULL,
    size bigint NOT NULL,
    hash text,
    text_content text,
    page_count integer,
    media_id uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    metadata jsonb NOT NULL DEFAULT '{}',
    source_integration_id uuid,
    source_platform text,
    source_object_id text,
    CONSTRAINT documents_pkey PRIMARY KEY (user_id, id),
    CONSTRAINT documents_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id)
        ON DELETE CASCADE,
    CONSTRAINT documents_media_fkey FOREIGN KEY (user_id, media_id)
    REFERENCES media (user_id, id),
    CONSTRAINT documents_source_integration_fkey FOREIGN KEY (user_id, source_integration_id)
    REFERENCES integrations (user_id, id),
    CONSTRAINT documents_title_length CHECK (char_length(title) BETWEEN 1 AND 500),
    CONSTRAINT documents_file_path_length CHECK (char_length(file_path) BETWEEN 1 AND 1024),
    -- media's shape (0001), and bounded: it leads an index.
    CONSTRAINT documents_mime_type_shape CHECK (
        mime_type ~ '^[a-z0-9.+-]+/[a-zA-Z0-9.+_-]+$' AND char_length(mime_type) <= 255
    ),
    CONSTRAINT documents_size_nonnegative CHECK (size >= 0),
    CONSTRAINT documents_hash_length CHECK (hash IS NULL OR char_length(hash) BETWEEN 1 AND 200),
    CONSTRAINT documents_text_content_length CHECK (
        text_content IS NULL OR char_length(text_content) <= 1000000
    ),
    CONSTRAINT documents_page_count_nonnegative CHECK (page_count IS NULL OR page_count >= 0),
    CONSTRAINT documents_metadata_is_object CHECK (jsonb_typeof(metadata) = 'object'),
    CONSTRAINT documents_source_complete CHECK (
        (source_object_id IS NULL) OR (source_platform IS NOT NULL)
    )
);

CREATE TRIGGER documents_set_updated_at
BEFORE UPDATE ON documents
FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Live documents of one user, newest first (keyset pagination).
CREATE INDEX documents_live_user_created_idx
ON documents (user_id, created_at, id)
WHERE deleted_at IS NULL;

-- The same list of one mime type ("my PDFs"): the type leads the order, so a rare type is read
-- without walking the user's whole list.
CREATE INDEX documents_live_user_mime_created_idx
ON documents (user_id, mime_type, created_at, id)
WHERE deleted_at IS NULL;

-- Live documents of one user alphabetically (title, then id; the database's C collation: code
-- point order, as contacts' names).
CREATE INDEX documents_live_user_title_idx
ON documents (user_id, title, id)
WHERE deleted_at IS NULL;

-- The trash: soft-deleted documents of one user, most recently deleted first.
CREATE INDEX documents_trash_user_deleted_idx
ON documents (user_id, deleted_at, id)
WHERE deleted_at IS NOT NULL;

-- The purge job: rows soft-deleted before the retention cut-off, across all users, oldest first.
CREATE INDEX documents_purge_deleted_idx
ON documents (deleted_at)
WHERE deleted_at IS NOT NULL;

-- Idempotent import: one live row per item of an external service (the predicate of 0008).
CREATE UNIQUE INDEX documents_live_source_key
ON documents (user_id, source_platform, source_object_id)
WHERE deleted_at IS NULL AND source_platform IS NOT NULL AND source_object_id IS NOT NULL;

-- Supports the foreign key to media: the purge of a media item finds its documents through it
-- (trigger media_clear_documents). Partial: most documents are not held by a media item.
CREATE INDEX documents_user_media_idx
ON documents (user_id, media_id)
WHERE media_id IS NOT NULL;

-- Supports the foreign key to integrations (its check, and the trigger that clears it).
CREATE INDEX documents_user_source_integration_idx
ON documents (user_id, source_integration_id)
WHERE source_integration_id IS NOT NULL;

-- Purging a media item clears it from the documents that name it (they stay: a document has its
-- own file_path). BEFORE, so the foreign key's end-of-statement check finds nothing to refuse.
CREATE FUNCTION clear_media_from_documents() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE documents
    SET media_id = NULL
    WHERE user_id = OLD.user_id
        AND media_id = OLD.id;
    RETURN OLD;
END;
$$;

CREATE TRIGGER media_clear_documents
BEFORE DELETE ON media
FOR EACH ROW EXECUTE FUNCTION clear_media_from_documents();

-- Purging an integration: documents imported through it stay and stop naming it.
CREATE FUNCTION clear_integration_from_documents() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE documents
    SET source_integration_id = NULL
    WHERE user_id = OLD.user_id
        AND source_integration_id = OLD.id;
    RETURN OLD;
END;
$$;

CREATE TRIGGER integrations_clear_documents
BEFORE DELETE ON integrations
FOR EACH ROW EXECUTE FUNCTION clear_integration_from_documents();

-- migrate:down
DROP TRIGGER integrations_clear_documents ON integrations;
DROP FUNCTION clear_integration_from_documents();
DROP TRIGGER media_clear_documents ON media;
DROP FUNCTION clear_media_from_documents();
DROP TABLE documents;
