-- GET /v1/objects/{type}/{id}/links answers an object's links in both directions with the other
-- end's title, in one query (issue 10). Two things make that one query cheap:
--
-- object_title() names any live object of a user the way a person would (a photo's filename, an
-- email's subject, a contact's display name; long texts cut to 200 characters). It is the one
-- place that knows which column is a type's title, so every reader of mixed types (object links,
-- and whatever lists objects of several types next) agrees. A trashed, missing or foreign object
-- has no title (NULL): the caller sees the link, not what it points at. It runs as the caller
-- (SECURITY INVOKER), so row-level security still limits it to the acting user's rows; on the
-- partitioned tables the lookup by id reads each month's primary key once, as lock_live_object()
-- does, because an id does not say which month holds it.
--
-- Both directions come newest first, merged: the two indexes below give the outgoing and the
-- incoming links of one object already ordered by (created_at, id), so a page is a merge of two
-- short index scans however many links an album or a contact has, and a deep page costs what
-- the first does. The existing links_live_from_sorted_idx orders by album position instead, and
-- links_user_to_idx holds no order at all (it serves the purge trigger, deleted rows included);
-- GET /v1/links?to= now reads the incoming index in order too, instead of sorting every link
-- that reaches the object.
--
-- The indexes are built CONCURRENTLY (links is written by every album change), so the file runs
-- outside a transaction; each statement can run again after a failure part-way.
-- migrate:no-transaction
-- migrate:up
CREATE OR REPLACE FUNCTION object_title(p_user_id uuid, p_type text, p_id uuid)
RETURNS text
LANGUAGE sql
STABLE
PARALLEL SAFE
AS $$
SELECT CASE p_type
    WHEN 'media' THEN (
        SELECT filename FROM media
        WHERE user_id = p_user_id AND id = p_id AND deleted_at IS NULL)
    WHEN 'album' THEN (
        SELECT name FROM albums
        WHERE user_id = p_user_id AND id = p_id AND deleted_at IS NULL)
    WHEN 'integration' THEN (
        SELECT display_name FROM integrations
        WHERE user_id = p_user_id AND id = p_id AND deleted_at IS NULL)
    WHEN 'social_account' THEN (
        SELECT coalesce(display_name, handle) FROM social_accounts
        WHERE user_id = p_user_id AND id = p_id AND deleted_at IS NULL)
    WHEN 'social_post' THEN (
        SELECT left(coalesce(text, url, platform), 200) FROM social_posts
        WHERE user_id = p_user_id AND id = p_id AND deleted_at IS NULL)
    WHEN 'email' THEN (
        SELECT subject FROM emails
        WHERE user_id = p_user_id AND id = p_id AND deleted_at IS NULL)
    WHEN 'contact' THEN (
        SELECT display_name FROM contacts
        WHERE user_id = p_user_id AND id = p_id AND deleted_at IS NULL)
    WHEN 'chat_message' THEN (
        SELECT left(text, 200) FROM chat_messages
        WHERE user_id = p_user_id AND id = p_id AND deleted_at IS NULL)
    WHEN 'ai_interaction' THEN (
        SELECT left(prompt, 200) FROM ai_interactions
        WHERE user_id = p_user_id AND id = p_id AND deleted_at IS NULL)
    WHEN 'notification' THEN (
        SELECT title FROM notifications
        WHERE user_id = p_user_id AND id = p_id AND deleted_at IS NULL)
    WHEN 'web_page' THEN (
        SELECT left(coalesce(title, url), 200) FROM web_pages
        WHERE user_id = p_user_id AND id = p_id AND deleted_at IS NULL)
    WHEN 'bookmark' THEN (
        SELECT left(coalesce(title, url), 200) FROM bookmarks
        WHERE user_id = p_user_id AND id = p_id AND deleted_at IS NULL)
    WHEN 'calendar_event' THEN (
        SELECT title FROM calendar_events
        WHERE user_id = p_user_id AND id = p_id AND deleted_at IS NULL)
    WHEN 'project' THEN (
        SELECT name FROM projects
        WHERE user_id = p_user_id AND id = p_id AND deleted_at IS NULL)
    WHEN 'task' THEN (
        SELECT title FROM tasks
        WHERE user_id = p_user_id AND id = p_id AND deleted_at IS NULL)
    WHEN 'note' THEN (
        SELECT left(coalesce(title, body), 200) FROM notes
        WHERE user_id = p_user_id AND id = p_id AND deleted_at IS NULL)
    WHEN 'document' THEN (
        SELECT title FROM documents
        WHERE user_id = p_user_id AND id = p_id AND deleted_at IS NULL)
    WHEN 'transaction' THEN (
        SELECT left(coalesce(merchant, description, account_name), 200) FROM transactions
        WHERE user_id = p_user_id AND id = p_id AND deleted_at IS NULL)
    WHEN 'location' THEN (
        SELECT format('%s, %s', round(latitude::numeric, 5), round(longitude::numeric, 5))
        FROM locations
        WHERE user_id = p_user_id AND id = p_id AND deleted_at IS NULL)
    WHEN 'health_record' THEN (
        SELECT format('%s %s %s', coalesce(label, record_type), value, unit) FROM health_records
        WHERE user_id = p_user_id AND id = p_id AND deleted_at IS NULL)
    WHEN 'profile_attribute' THEN (
        SELECT key FROM profile_attributes
        WHERE user_id = p_user_id AND id = p_id AND deleted_at IS NULL)
    WHEN 'device' THEN (
        SELECT name FROM devices
        WHERE user_id = p_user_id AND id = p_id AND deleted_at IS NULL)
END
$$;

CREATE INDEX CONCURRENTLY IF NOT EXISTS links_live_from_created_idx
    ON links (user_id, from_object_id, created_at, id)
    WHERE deleted_at IS NULL;

CREATE INDEX CONCURRENTLY IF NOT EXISTS links_live_to_created_idx
    ON links (user_id, to_object_id, created_at, id)
    WHERE deleted_at IS NULL;
-- migrate:down
DROP INDEX CONCURRENTLY IF EXISTS links_live_to_created_idx;
DROP INDEX CONCURRENTLY IF EXISTS links_live_from_created_idx;
DROP FUNCTION IF EXISTS object_title(uuid, text, uuid);
