-- Links may now join any of the people-and-messages types (issue 8): a note mentions a contact,
-- an email's attachment is a media item, a post's source is an integration.
-- Why one migration after the nine tables: lock_live_object() is where every linkable table is
-- named (a link is only made between live objects of the caller, share-locked until commit), and
-- each table's purge must take its links with it (delete_links_of_object, as media's does).
-- migrate:up
CREATE OR REPLACE FUNCTION lock_live_object(p_user_id uuid, p_type text, p_id uuid)
RETURNS boolean
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
    ELSIF p_type = 'integration' THEN
        PERFORM 1 FROM integrations
        WHERE user_id = p_user_id AND id = p_id AND deleted_at IS NULL
        FOR SHARE;
    ELSIF p_type = 'social_account' THEN
        PERFORM 1 FROM social_accounts
        WHERE user_id = p_user_id AND id = p_id AND deleted_at IS NULL
        FOR SHARE;
    ELSIF p_type = 'social_post' THEN
        PERFORM 1 FROM social_posts
        WHERE user_id = p_user_id AND id = p_id AND deleted_at IS NULL
        FOR SHARE;
    ELSIF p_type = 'email' THEN
        PERFORM 1 FROM emails
        WHERE user_id = p_user_id AND id = p_id AND deleted_at IS NULL
        FOR SHARE;
    ELSIF p_type = 'contact' THEN
        PERFORM 1 FROM contacts
        WHERE user_id = p_user_id AND id = p_id AND deleted_at IS NULL
        FOR SHARE;
    ELSIF p_type = 'chat_message' THEN
        PERFORM 1 FROM chat_messages
        WHERE user_id = p_user_id AND id = p_id AND deleted_at IS NULL
        FOR SHARE;
    ELSIF p_type = 'ai_interaction' THEN
        PERFORM 1 FROM ai_interactions
        WHERE user_id = p_user_id AND id = p_id AND deleted_at IS NULL
        FOR SHARE;
    ELSIF p_type = 'notification' THEN
        PERFORM 1 FROM notifications
        WHERE user_id = p_user_id AND id = p_id AND deleted_at IS NULL
        FOR SHARE;
    ELSIF p_type = 'web_page' THEN
        PERFORM 1 FROM web_pages
        WHERE user_id = p_user_id AND id = p_id AND deleted_at IS NULL
        FOR SHARE;
    ELSIF p_type = 'bookmark' THEN
        PERFORM 1 FROM bookmarks
        WHERE user_id = p_user_id AND id = p_id AND deleted_at IS NULL
        FOR SHARE;
    ELSE
        RETURN false;
    END IF;
    RETURN FOUND;
END;
$$;

CREATE TRIGGER social_accounts_delete_links
AFTER DELETE ON social_accounts
FOR EACH ROW EXECUTE FUNCTION delete_links_of_object();

CREATE TRIGGER social_posts_delete_links
AFTER DELETE ON social_posts
FOR EACH ROW EXECUTE FUNCTION delete_links_of_object();

CREATE TRIGGER emails_delete_links
AFTER DELETE ON emails
FOR EACH ROW EXECUTE FUNCTION delete_links_of_object();

CREATE TRIGGER contacts_delete_links
AFTER DELETE ON contacts
FOR EACH ROW EXECUTE FUNCTION delete_links_of_object();

CREATE TRIGGER chat_messages_delete_links
AFTER DELETE ON chat_messages
FOR EACH ROW EXECUTE FUNCTION delete_links_of_object();

CREATE TRIGGER ai_interactions_delete_links
AFTER DELETE ON ai_interactions
FOR EACH ROW EXECUTE FUNCTION delete_links_of_object();

CREATE TRIGGER notifications_delete_links
AFTER DELETE ON notifications
FOR EACH ROW EXECUTE FUNCTION delete_links_of_object();

CREATE TRIGGER web_pages_delete_links
AFTER DELETE ON web_pages
FOR EACH ROW EXECUTE FUNCTION delete_links_of_object();

CREATE TRIGGER bookmarks_delete_links
AFTER DELETE ON bookmarks
FOR EACH ROW EXECUTE FUNCTION delete_links_of_object();

-- migrate:down
DROP TRIGGER social_accounts_delete_links ON social_accounts;
DROP TRIGGER social_posts_delete_links ON social_posts;
DROP TRIGGER emails_delete_links ON emails;
DROP TRIGGER contacts_delete_links ON contacts;
DROP TRIGGER chat_messages_delete_links ON chat_messages;
DROP TRIGGER ai_interactions_delete_links ON ai_interactions;
DROP TRIGGER notifications_delete_links ON notifications;
DROP TRIGGER web_pages_delete_links ON web_pages;
DROP TRIGGER bookmarks_delete_links ON bookmarks;
CREATE OR REPLACE FUNCTION lock_live_object(p_user_id uuid, p_type text, p_id uuid)
RETURNS boolean
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
    ELSIF p_type = 'integration' THEN
        PERFORM 1 FROM integrations
        WHERE user_id = p_user_id AND id = p_id AND deleted_at IS NULL
        FOR SHARE;
    ELSE
        RETURN false;
    END IF;
    RETURN FOUND;
END;
$$;
