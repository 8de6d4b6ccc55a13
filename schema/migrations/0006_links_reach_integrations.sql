-- Links may now end at an integration: seed 001's "Media -> Integration (via Link, type='source')".
-- Why a migration of its own: lock_live_object() is where every linkable table is named, and
-- integrations arrived (0005) after links (0004).
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
    ELSE
        RETURN false;
    END IF;
    RETURN FOUND;
END;
$$;

-- A purged integration takes its links with it, like media and albums do.
CREATE TRIGGER integrations_delete_links
AFTER DELETE ON integrations
FOR EACH ROW EXECUTE FUNCTION delete_links_of_object();

-- migrate:down
DROP TRIGGER integrations_delete_links ON integrations;
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
    ELSE
        RETURN false;
    END IF;
    RETURN FOUND;
END;
$$;
