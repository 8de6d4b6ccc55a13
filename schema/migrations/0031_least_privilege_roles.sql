-- Least privilege (issue 11, finding 3). Until now the service logged in as the schema owner (a
-- superuser in the embedded set-up) and only switched to hypernet_app with the `role` setting:
-- any SQL it ran could SET ROLE back, and session_replication_role = replica let it rewrite the
-- append-only audit log. From now on the service logs in AS hypernet_app (hypernet/db/roles.py
-- gives it a login in the embedded set-up; with DATABASE_URL the operator does, see the README
-- "Security model"), and this migration narrows what that role may do to what the service's
-- named queries need, table by table:
-- - no DELETE on the user-owned tables: the API soft-deletes (an UPDATE); hard deletes are
--   `hypernet db purge`'s, which runs as the owner. DELETE stays where the service itself
--   removes rows: integration_secrets (DELETE .../secrets) and the tables that triggers keep
--   (chat_conversations, email_threads, email_thread_labels: a trigger runs with the privileges
--   of the statement that fired it).
-- - users: never the password hash. Login and the password change read it through SECURITY
--   DEFINER functions owned by the owner (one account at a time, by e-mail or by id), so a query
--   that went astray cannot dump every hash; the profile update that compares and swaps the hash
--   is one too.
-- - user_emails is written once, at registration; refresh_tokens are never deleted by the
--   service; schema_migrations is the migrator's.
-- A read-only role, hypernet_readonly, is made for reporting (SELECT only, no secrets, no hashes,
-- no refresh tokens).
-- Roles belong to the whole server: like 0002, create it only when missing and never drop it.
--
-- Row-level security (issue 11, finding 4): every user-owned table lets the service see and
-- write only the rows of the user its connection acts for, the setting hypernet.user_id
-- (hypernet/db/pool.py sets it as each pooled connection is taken), so a query that forgot its
-- `user_id = $1` answers nothing rather than another user's rows. No setting, or an empty one:
-- no rows. The owner is not subject to it (no FORCE), so migrations, seed, purge and maintain
-- work as before; the reader bypasses it. Registration and login happen before the user is
-- known: they go through SECURITY DEFINER functions (register_user, user_credentials). The
-- audit log takes an event for any account (a failed login names the account it tried) and
-- shows only the user's own.
-- A new user-owned table gets its two lines, as below (tests/test_rls.py reads the catalog and
-- fails on a table with a user_id column and no policy):
--     ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
--     CREATE POLICY own_rows ON notes USING (user_id = acting_user_id());
-- migrate:up

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'hypernet_readonly') THEN
        CREATE ROLE hypernet_readonly NOLOGIN;
    END IF;
EXCEPTION
    -- Another database on the same server created it a moment ago.
    WHEN duplicate_object OR unique_violation THEN
        NULL;
END;
$$;

-- The service: only what its named queries need.
REVOKE DELETE ON
    ai_interactions, albums, bookmarks, calendar_events, chat_messages, contacts, devices,
    documents, emails, health_records, integrations, links, locations, media, notes,
    notifications, profile_attributes, projects, refresh_tokens, social_accounts, social_posts,
    tasks, transactions, web_pages
FROM hypernet_app;
-- Partitions carry their parent's grants (ensure_month_partition copies them): the DEFAULT
-- partitions of 0025, 0026 and 0027, and every month made since.
DO $$
DECLARE
    part regclass;
BEGIN
    FOR part IN
        SELECT i.inhrelid::regclass
        FROM pg_inherits AS i
        WHERE i.inhparent IN ('locations'::regclass, 'health_records'::regclass)
    LOOP
        EXECUTE format('REVOKE DELETE ON %s FROM hypernet_app', part);
    END LOOP;
END;
$$;
REVOKE UPDATE, DELETE ON user_emails FROM hypernet_app;
REVOKE ALL ON schema_migrations FROM hypernet_app;
REVOKE SELECT, UPDATE, DELETE ON users FROM hypernet_app;
GRANT SELECT (
    id, email, display_name, storage_quota_bytes, created_at, updated_at, deleted_at, metadata
) ON users TO hypernet_app;

-- The reader: every table as it is created, less the secrets.
GRANT USAGE ON SCHEMA public TO hypernet_readonly;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO hypernet_readonly;
ALTER DEFAULT PRIVILEGES IN SCHEMA public
GRANT SELECT ON TABLES TO hypernet_readonly;
REVOKE SELECT ON users, integration_secrets, refresh_tokens FROM hypernet_readonly;
GRANT SELECT (
    id, email, display_name, storage_quota_bytes, created_at, updated_at, deleted_at, metadata
) ON users TO hypernet_readonly;

-- The credential of the live account holding an e-mail address (login). SECURITY DEFINER: runs
-- with the owner's privileges, so its search_path is fixed (no object of another schema can
-- stand in for users or lower()).
CREATE FUNCTION user_credentials(p_email text)
RETURNS TABLE (user_id uuid, password_hash text)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
    SELECT
        u.id,
        u.password_hash
    FROM public.user_emails AS e
    JOIN public.users AS u
        ON u.id = e.user_id
    WHERE e.email_lower = lower(p_email)
        AND u.deleted_at IS NULL
$$;

-- The password hash of one live account (checking the current password before a change).
CREATE FUNCTION user_password_hash(p_user_id uuid)
RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
    SELECT u.password_hash
    FROM public.users AS u
    WHERE u.id = p_user_id
        AND u.deleted_at IS NULL
$$;

-- users/update_profile: change the display name and/or the password hash of one live account;
-- the hash changes only while the stored one is still the one the current password was checked
-- against (a compare-and-swap that must read the hash, hence SECURITY DEFINER).
CREATE FUNCTION update_user_profile(
    p_id uuid,
    p_display_name text,
    p_password_hash text,
    p_expected_password_hash text,
    p_expected_updated_at timestamptz
)
RETURNS TABLE (
    id uuid,
    email text,
    display_name text,
    storage_quota_bytes bigint,
    created_at timestamptz,
    updated_at timestamptz,
    metadata jsonb
)
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
    UPDATE public.users AS u
    SET
        display_name = coalesce(p_display_name, u.display_name),
        password_hash = coalesce(p_password_hash, u.password_hash)
    WHERE u.id = p_id
        AND u.deleted_at IS NULL
        AND (p_expected_password_hash IS NULL OR u.password_hash = p_expected_password_hash)
        AND (p_expected_updated_at IS NULL OR u.updated_at = p_expected_updated_at)
    RETURNING
        u.id,
        u.email,
        u.display_name,
        u.storage_quota_bytes,
        u.created_at,
        u.updated_at,
        u.metadata
$$;

REVOKE EXECUTE ON FUNCTION
    user_credentials(text),
    user_password_hash(uuid),
    update_user_profile(uuid, text, text, text, timestamptz)
FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    user_credentials(text),
    user_password_hash(uuid),
    update_user_profile(uuid, text, text, text, timestamptz)
TO hypernet_app;

-- Row-level security. The user the connection acts for; null when none is set (a missing setting
-- and an empty one alike). A plain SQL function, inlined into each policy, so the planner sees
-- `user_id = nullif(current_setting(...), '')::uuid`, a stable value it can compare an index to.
CREATE FUNCTION acting_user_id()
RETURNS uuid
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT nullif(current_setting('hypernet.user_id', true), '')::uuid
$$;

ALTER TABLE ai_interactions ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON ai_interactions USING (user_id = acting_user_id());
ALTER TABLE albums ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON albums USING (user_id = acting_user_id());
ALTER TABLE bookmarks ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON bookmarks USING (user_id = acting_user_id());
ALTER TABLE calendar_events ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON calendar_events USING (user_id = acting_user_id());
ALTER TABLE chat_conversations ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON chat_conversations USING (user_id = acting_user_id());
ALTER TABLE chat_messages ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON chat_messages USING (user_id = acting_user_id());
ALTER TABLE contacts ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON contacts USING (user_id = acting_user_id());
ALTER TABLE devices ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON devices USING (user_id = acting_user_id());
ALTER TABLE documents ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON documents USING (user_id = acting_user_id());
ALTER TABLE email_thread_labels ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON email_thread_labels USING (user_id = acting_user_id());
ALTER TABLE email_threads ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON email_threads USING (user_id = acting_user_id());
ALTER TABLE emails ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON emails USING (user_id = acting_user_id());
ALTER TABLE health_records ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON health_records USING (user_id = acting_user_id());
ALTER TABLE integration_secrets ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON integration_secrets USING (user_id = acting_user_id());
ALTER TABLE integrations ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON integrations USING (user_id = acting_user_id());
ALTER TABLE links ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON links USING (user_id = acting_user_id());
ALTER TABLE locations ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON locations USING (user_id = acting_user_id());
ALTER TABLE media ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON media USING (user_id = acting_user_id());
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON notes USING (user_id = acting_user_id());
ALTER TABLE notifications ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON notifications USING (user_id = acting_user_id());
ALTER TABLE profile_attributes ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON profile_attributes USING (user_id = acting_user_id());
ALTER TABLE projects ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON projects USING (user_id = acting_user_id());
ALTER TABLE refresh_tokens ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON refresh_tokens USING (user_id = acting_user_id());
ALTER TABLE social_accounts ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON social_accounts USING (user_id = acting_user_id());
ALTER TABLE social_posts ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON social_posts USING (user_id = acting_user_id());
ALTER TABLE tasks ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON tasks USING (user_id = acting_user_id());
ALTER TABLE transactions ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON transactions USING (user_id = acting_user_id());
ALTER TABLE user_emails ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON user_emails USING (user_id = acting_user_id());
ALTER TABLE web_pages ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON web_pages USING (user_id = acting_user_id());

-- The account itself: its row is the user's own.
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON users USING (id = acting_user_id());

-- The audit log: read only the user's own events; append one about any account (events are
-- written before the caller is known: a failed login, a registration).
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON audit_log FOR SELECT USING (user_id = acting_user_id());
CREATE POLICY append_any ON audit_log FOR INSERT WITH CHECK (true);

-- A view reads its tables with its owner's rights unless it is a security invoker: album_media
-- must see only what its reader may.
ALTER VIEW album_media SET (security_invoker = true);

-- Registration: the new account's id is not known before its row exists, so no policy could
-- admit the two rows; the function (the owner's) writes them. The service keeps no INSERT of
-- its own on either table.
CREATE FUNCTION register_user(p_email text, p_password_hash text, p_display_name text)
RETURNS TABLE (
    id uuid,
    email text,
    display_name text,
    storage_quota_bytes bigint,
    created_at timestamptz,
    updated_at timestamptz,
    metadata jsonb
)
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
    WITH new_user AS (
        INSERT INTO public.users (email, password_hash, display_name)
        VALUES (p_email, p_password_hash, p_display_name)
        RETURNING
            users.id,
            users.email,
            users.display_name,
            users.storage_quota_bytes,
            users.created_at,
            users.updated_at,
            users.metadata
    ),
    claimed AS (
        INSERT INTO public.user_emails (email_lower, user_id)
        SELECT
            lower(p_email),
            n.id
        FROM new_user AS n
    )
    SELECT
        n.id,
        n.email,
        n.display_name,
        n.storage_quota_bytes,
        n.created_at,
        n.updated_at,
        n.metadata
    FROM new_user AS n
$$;
REVOKE EXECUTE ON FUNCTION register_user(text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION register_user(text, text, text) TO hypernet_app;
REVOKE INSERT ON users, user_emails FROM hypernet_app;

-- migrate:down
GRANT INSERT ON users, user_emails TO hypernet_app;
DROP FUNCTION register_user(text, text, text);
ALTER VIEW album_media RESET (security_invoker);
DROP POLICY append_any ON audit_log;
DROP POLICY own_rows ON audit_log;
ALTER TABLE audit_log DISABLE ROW LEVEL SECURITY;
DROP POLICY own_rows ON users;
ALTER TABLE users DISABLE ROW LEVEL SECURITY;
DROP POLICY own_rows ON ai_interactions;
ALTER TABLE ai_interactions DISABLE ROW LEVEL SECURITY;
DROP POLICY own_rows ON albums;
ALTER TABLE albums DISABLE ROW LEVEL SECURITY;
DROP POLICY own_rows ON bookmarks;
ALTER TABLE bookmarks DISABLE ROW LEVEL SECURITY;
DROP POLICY own_rows ON calendar_events;
ALTER TABLE calendar_events DISABLE ROW LEVEL SECURITY;
DROP POLICY own_rows ON chat_conversations;
ALTER TABLE chat_conversations DISABLE ROW LEVEL SECURITY;
DROP POLICY own_rows ON chat_messages;
ALTER TABLE chat_messages DISABLE ROW LEVEL SECURITY;
DROP POLICY own_rows ON contacts;
ALTER TABLE contacts DISABLE ROW LEVEL SECURITY;
DROP POLICY own_rows ON devices;
ALTER TABLE devices DISABLE ROW LEVEL SECURITY;
DROP POLICY own_rows ON documents;
ALTER TABLE documents DISABLE ROW LEVEL SECURITY;
DROP POLICY own_rows ON email_thread_labels;
ALTER TABLE email_thread_labels DISABLE ROW LEVEL SECURITY;
DROP POLICY own_rows ON email_threads;
ALTER TABLE email_threads DISABLE ROW LEVEL SECURITY;
DROP POLICY own_rows ON emails;
ALTER TABLE emails DISABLE ROW LEVEL SECURITY;
DROP POLICY own_rows ON health_records;
ALTER TABLE health_records DISABLE ROW LEVEL SECURITY;
DROP POLICY own_rows ON integration_secrets;
ALTER TABLE integration_secrets DISABLE ROW LEVEL SECURITY;
DROP POLICY own_rows ON integrations;
ALTER TABLE integrations DISABLE ROW LEVEL SECURITY;
DROP POLICY own_rows ON links;
ALTER TABLE links DISABLE ROW LEVEL SECURITY;
DROP POLICY own_rows ON locations;
ALTER TABLE locations DISABLE ROW LEVEL SECURITY;
DROP POLICY own_rows ON media;
ALTER TABLE media DISABLE ROW LEVEL SECURITY;
DROP POLICY own_rows ON notes;
ALTER TABLE notes DISABLE ROW LEVEL SECURITY;
DROP POLICY own_rows ON notifications;
ALTER TABLE notifications DISABLE ROW LEVEL SECURITY;
DROP POLICY own_rows ON profile_attributes;
ALTER TABLE profile_attributes DISABLE ROW LEVEL SECURITY;
DROP POLICY own_rows ON projects;
ALTER TABLE projects DISABLE ROW LEVEL SECURITY;
DROP POLICY own_rows ON refresh_tokens;
ALTER TABLE refresh_tokens DISABLE ROW LEVEL SECURITY;
DROP POLICY own_rows ON social_accounts;
ALTER TABLE social_accounts DISABLE ROW LEVEL SECURITY;
DROP POLICY own_rows ON social_posts;
ALTER TABLE social_posts DISABLE ROW LEVEL SECURITY;
DROP POLICY own_rows ON tasks;
ALTER TABLE tasks DISABLE ROW LEVEL SECURITY;
DROP POLICY own_rows ON transactions;
ALTER TABLE transactions DISABLE ROW LEVEL SECURITY;
DROP POLICY own_rows ON user_emails;
ALTER TABLE user_emails DISABLE ROW LEVEL SECURITY;
DROP POLICY own_rows ON web_pages;
ALTER TABLE web_pages DISABLE ROW LEVEL SECURITY;
DROP FUNCTION acting_user_id();
DROP FUNCTION update_user_profile(uuid, text, text, text, timestamptz);
DROP FUNCTION user_password_hash(uuid);
DROP FUNCTION user_credentials(text);
REVOKE ALL ON users FROM hypernet_readonly;
ALTER DEFAULT PRIVILEGES IN SCHEMA public
REVOKE SELECT ON TABLES FROM hypernet_readonly;
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM hypernet_readonly;
REVOKE USAGE ON SCHEMA public FROM hypernet_readonly;
REVOKE SELECT (
    id, email, display_name, storage_quota_bytes, created_at, updated_at, deleted_at, metadata
) ON users FROM hypernet_app;
GRANT SELECT, UPDATE, DELETE ON users TO hypernet_app;
GRANT SELECT ON schema_migrations TO hypernet_app;
GRANT UPDATE, DELETE ON user_emails TO hypernet_app;
GRANT DELETE ON
    ai_interactions, albums, bookmarks, calendar_events, chat_messages, contacts, devices,
    documents, emails, health_records, integrations, links, locations, media, notes,
    notifications, profile_attributes, projects, refresh_tokens, social_accounts, social_posts,
    tasks, transactions, web_pages
TO hypernet_app;
DO $$
DECLARE
    part regclass;
BEGIN
    FOR part IN
        SELECT i.inhrelid::regclass
        FROM pg_inherits AS i
        WHERE i.inhparent IN ('locations'::regclass, 'health_records'::regclass)
    LOOP
        EXECUTE format('GRANT DELETE ON %s TO hypernet_app', part);
    END LOOP;
END;
$$;
