-- Notes: a user's own writing (Markdown), some pinned to the top, some archived out of the way.
-- Why the shape:
-- - body is Markdown text kept as written (the client renders it), NOT NULL ('' is an empty
--   note) and bounded: 200,000 characters is some hundred pages, far beyond a note, and keeps a
--   page of the list (which carries the bodies) bounded. title is optional, as in every notes app
--   (the client shows the first line of the body instead).
-- - The list shows pinned notes first, then the rest, each most recently changed first, for one
--   archived state at a time (the default: not archived). One index serves all of it:
--   (user_id, archived, pinned, updated_at, id) over the live rows, read backwards from
--   (user, archived state) with the keyset cursor (pinned, updated_at, id) as one row comparison
--   in the index condition, so every page, pinned or not, is a walk of at most a page of entries.
-- - updated_at is what the list sorts by and what the ETag is: set_updated_at moves it on every
--   write (pinning included), so a note edited, pinned or unpinned moves to the top of its part.
--   An import may give created_at and updated_at (a note from another app keeps its history);
--   updated_at is never before created_at.
-- - Archiving keeps pinned as it is (unarchiving finds the note where it was).
-- - source_integration_id names the integration a note was imported through (Evernote, Keep):
--   NO ACTION, cleared by the trigger below before the integration row is purged, as web pages',
--   without moving updated_at (that would reorder the list).
-- squawk-ignore-file require-concurrent-index-creation -- the table is created empty in this migration; nothing is locked that anyone could be waiting on
-- migrate:up

CREATE TABLE notes (
    user_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    title text,
    body text NOT NULL DEFAULT '',
    pinned boolean NOT NULL DEFAULT false,
    archived boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    metadata jsonb NOT NULL DEFAULT '{}',
    source_integration_id uuid,
    source_platform text,
    source_object_id text,
    CONSTRAINT notes_pkey PRIMARY KEY (user_id, id),
    CONSTRAINT notes_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT notes_source_integration_fkey FOREIGN KEY (user_id, source_integration_id)
    REFERENCES integrations (user_id, id),
    CONSTRAINT notes_title_length CHECK (title IS NULL OR char_length(title) <= 1000),
    CONSTRAINT notes_body_length CHECK (char_length(body) <= 200000),
    CONSTRAINT notes_updated_after_created CHECK (updated_at >= created_at),
    CONSTRAINT notes_metadata_is_object CHECK (jsonb_typeof(metadata) = 'object'),
    CONSTRAINT notes_source_complete CHECK (
        (source_object_id IS NULL) OR (source_platform IS NOT NULL)
    )
);

-- Every write moves updated_at, except the one that only clears source_integration_id (the
-- trigger below, when the integration is purged): the service's own bookkeeping must not bring
-- a thousand imported notes to the top of the list. The API never changes source_integration_id,
-- so this exception covers that statement alone.
CREATE TRIGGER notes_set_updated_at
BEFORE UPDATE ON notes
FOR EACH ROW
WHEN (OLD.source_integration_id IS NULL OR NEW.source_integration_id IS NOT NULL)
EXECUTE FUNCTION set_updated_at();

-- The list: live notes of one user in one archived state, pinned first, then most recently
-- changed first (read backwards); the cursor (pinned, updated_at, id) is an index condition.
CREATE INDEX notes_live_user_list_idx
ON notes (user_id, archived, pinned, updated_at, id)
WHERE deleted_at IS NULL;

-- The trash: soft-deleted notes of one user, most recently deleted first.
CREATE INDEX notes_trash_user_deleted_idx
ON notes (user_id, deleted_at, id)
WHERE deleted_at IS NOT NULL;

-- The purge job: rows soft-deleted before the retention cut-off, across all users, oldest first.
CREATE INDEX notes_purge_deleted_idx
ON notes (deleted_at)
WHERE deleted_at IS NOT NULL;

-- Idempotent import: one live row per item of an external service (the predicate of 0008).
CREATE UNIQUE INDEX notes_live_source_key
ON notes (user_id, source_platform, source_object_id)
WHERE deleted_at IS NULL AND source_platform IS NOT NULL AND source_object_id IS NOT NULL;

-- Supports the foreign key to integrations (its check when an integration is purged, and the
-- trigger that clears the references). Partial: most notes are written directly.
CREATE INDEX notes_user_source_integration_idx
ON notes (user_id, source_integration_id)
WHERE source_integration_id IS NOT NULL;

-- Purging an integration: notes imported through it stay and stop naming it. Its own function
-- and trigger, so no other migration's function is replaced.
CREATE FUNCTION clear_integration_from_notes() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE notes
    SET source_integration_id = NULL
    WHERE user_id = OLD.user_id
        AND source_integration_id = OLD.id;
    RETURN OLD;
END;
$$;

CREATE TRIGGER integrations_clear_notes
BEFORE DELETE ON integrations
FOR EACH ROW EXECUTE FUNCTION clear_integration_from_notes();

-- migrate:down
DROP TRIGGER integrations_clear_notes ON integrations;
DROP FUNCTION clear_integration_from_notes();
DROP TABLE notes;
