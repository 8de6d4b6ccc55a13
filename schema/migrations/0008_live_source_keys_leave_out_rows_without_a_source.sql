-- The import keys (user_id, source_platform, source_object_id) of media, albums and integrations:
-- unique among live rows *that have a source*, as the index now says, instead of among all live
-- rows with NULLs quietly never conflicting.
-- Why: `hypernet sql index-health` flags a unique index over nullable columns, because NULLs
-- defeat uniqueness. Here that is intended: a row uploaded directly has no source and is outside
-- the key. Saying so in the predicate makes the rule explicit and the check pass without an
-- exemption, and the indexes stop holding an entry for every sourceless row (most media).
-- Exactly the same rows are kept unique as before (a NULL never conflicted), so no data can
-- violate the new indexes that did not violate the old ones.
-- Order of deployment: every ON CONFLICT ... WHERE that infers one of these indexes must imply
-- the new predicate (sql/media/import_batch.sql does). Its new WHERE implies the old predicate
-- too, so the new SQL works before, during and after this migration; deploy it first.
-- How: each new index is built CONCURRENTLY under a temporary name (writes go on), the old one is
-- dropped CONCURRENTLY, and the new one takes the old name, which the API's error messages and
-- the queries' `uses:` lines know it by. Uniqueness holds throughout: the new index is valid
-- before the old goes. Every statement can run again after a failure; drop a `*_tightened`
-- index left INVALID by a failed build before retrying.
-- squawk-ignore-file renaming-object -- each rename gives a rebuilt index back the name it replaces, the one the API's error messages and the queries' `uses:` lines know, so no client sees a new name
-- migrate:no-transaction
-- migrate:up
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS media_live_source_key_tightened
ON media (user_id, source_platform, source_object_id)
WHERE deleted_at IS NULL AND source_platform IS NOT NULL AND source_object_id IS NOT NULL;

DROP INDEX CONCURRENTLY IF EXISTS media_live_source_key;

ALTER INDEX IF EXISTS media_live_source_key_tightened RENAME TO media_live_source_key;

CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS albums_live_source_key_tightened
ON albums (user_id, source_platform, source_object_id)
WHERE deleted_at IS NULL AND source_platform IS NOT NULL AND source_object_id IS NOT NULL;

DROP INDEX CONCURRENTLY IF EXISTS albums_live_source_key;

ALTER INDEX IF EXISTS albums_live_source_key_tightened RENAME TO albums_live_source_key;

CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS integrations_live_source_key_tightened
ON integrations (user_id, source_platform, source_object_id)
WHERE deleted_at IS NULL AND source_platform IS NOT NULL AND source_object_id IS NOT NULL;

DROP INDEX CONCURRENTLY IF EXISTS integrations_live_source_key;

ALTER INDEX IF EXISTS integrations_live_source_key_tightened RENAME TO integrations_live_source_key;

-- migrate:down
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS media_live_source_key_loose
ON media (user_id, source_platform, source_object_id)
WHERE deleted_at IS NULL;

DROP INDEX CONCURRENTLY IF EXISTS media_live_source_key;

ALTER INDEX IF EXISTS media_live_source_key_loose RENAME TO media_live_source_key;

CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS albums_live_source_key_loose
ON albums (user_id, source_platform, source_object_id)
WHERE deleted_at IS NULL;

DROP INDEX CONCURRENTLY IF EXISTS albums_live_source_key;

ALTER INDEX IF EXISTS albums_live_source_key_loose RENAME TO albums_live_source_key;

CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS integrations_live_source_key_loose
ON integrations (user_id, source_platform, source_object_id)
WHERE deleted_at IS NULL;

DROP INDEX CONCURRENTLY IF EXISTS integrations_live_source_key;

ALTER INDEX IF EXISTS integrations_live_source_key_loose RENAME TO integrations_live_source_key;
