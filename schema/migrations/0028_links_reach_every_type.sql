-- Links may now join any of the part-2 types too (issue 9): a task mentions a note, a document
-- is the file of a media item, a transaction's receipt is a document, an event happened at a
-- place. As 0016 did for people and messages: lock_live_object() names every linkable table (a
-- link is only made between live objects of the caller, share-locked until commit), and each
-- table's purge takes its links with it (delete_links_of_object).
-- On the partitioned tables (locations, health_records) the row trigger is declared once on the
-- parent; PostgreSQL clones it onto every partition, present and future. Their lookup by id
-- alone reads each partition's primary key once (the id does not say which month holds it).
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
    ELSIF p_type = 'calendar_event' THEN
        PERFORM 1 FROM calendar_events
        WHERE user_id = p_user_id AND id = p_id AND deleted_at IS NULL
        FOR SHARE;
    ELSIF p_type = 'project' THEN
        PERFORM 1 FROM projects
        WHERE user_id = p_user_id AND id = p_id AND deleted_at IS NULL
        FOR SHARE;
    ELSIF p_type = 'task' THEN
        PERFORM 1 FROM tasks
        WHERE user_id = p_user_id AND id = p_id AND deleted_at IS NULL
        FOR SHARE;
    ELSIF p_type = 'note' THEN
        PERFORM 1 FROM notes
        WHERE user_id = p_user_id AND id = p_id AND deleted_at IS NULL
        FOR SHARE;
    ELSIF p_type = 'document' THEN
        PERFORM 1 FROM documents
        WHERE user_id = p_user_id AND id = p_id AND deleted_at IS NULL
        FOR SHARE;
    ELSIF p_type = 'transaction' THEN
        PERFORM 1 FROM transactions
        WHERE user_id = p_user_id AND id = p_id AND deleted_at IS NULL
        FOR SHARE;
    ELSIF p_type = 'location' THEN
        PERFORM 1 FROM locations
        WHERE user_id = p_user_id AND id = p_id AND deleted_at IS NULL
        FOR SHARE;
    ELSIF p_type = 'health_record' THEN
        PERFORM 1 FROM health_records
        WHERE user_id = p_user_id AND id = p_id AND deleted_at IS NULL
        FOR SHARE;
    ELSIF p_type = 'profile_attribute' THEN
        PERFORM 1 FROM profile_attributes
        WHERE user_id = p_user_id AND id = p_id AND deleted_at IS NULL
        FOR SHARE;
    ELSIF p_type = 'device' THEN
        PERFORM 1 FROM devices
        WHERE user_id = p_user_id AND id = p_id AND deleted_at IS NULL
        FOR SHARE;
    ELSE
        RETURN false;
    END IF;
    RETURN FOUND;
END;
$$;

CREATE TRIGGER calendar_events_delete_links
AFTER DELETE ON calendar_events
FOR EACH ROW EXECUTE FUNCTION delete_links_of_object();

CREATE TRIGGER projects_delete_links
AFTER DELETE ON projects
FOR EACH ROW EXECUTE FUNCTION delete_links_of_object();

CREATE TRIGGER tasks_delete_links
AFTER DELETE ON tasks
FOR EACH ROW EXECUTE FUNCTION delete_links_of_object();

CREATE TRIGGER notes_delete_links
AFTER DELETE ON notes
FOR EACH ROW EXECUTE FUNCTION delete_links_of_object();

CREATE TRIGGER documents_delete_links
AFTER DELETE ON documents
FOR EACH ROW EXECUTE FUNCTION delete_links_of_object();

CREATE TRIGGER transactions_delete_links
AFTER DELETE ON transactions
FOR EACH ROW EXECUTE FUNCTION delete_links_of_object();

CREATE TRIGGER locations_delete_links
AFTER DELETE ON locations
FOR EACH ROW EXECUTE FUNCTION delete_links_of_object();

CREATE TRIGGER health_records_delete_links
AFTER DELETE ON health_records
FOR EACH ROW EXECUTE FUNCTION delete_links_of_object();

CREATE TRIGGER profile_attributes_delete_links
AFTER DELETE ON profile_attributes
FOR EACH ROW EXECUTE FUNCTION delete_links_of_object();

CREATE TRIGGER devices_delete_links
AFTER DELETE ON devices
FOR EACH ROW EXECUTE FUNCTION delete_links_of_object();

-- migrate:down
DROP TRIGGER calendar_events_delete_links ON calendar_events;
DROP TRIGGER projects_delete_links ON projects;
DROP TRIGGER tasks_delete_links ON tasks;
DROP TRIGGER notes_delete_links ON notes;
DROP TRIGGER documents_delete_links ON documents;
DROP TRIGGER transactions_delete_links ON transactions;
DROP TRIGGER locations_delete_links ON locations;
DROP TRIGGER health_records_delete_links ON health_records;
DROP TRIGGER profile_attributes_delete_links ON profile_attributes;
DROP TRIGGER devices_delete_links ON devices;
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
