-- Schema snapshot written by `hypernet db dump`: what schema/migrations/ builds.
-- Do not edit: change a migration and dump again. A test fails when this file is stale.

CREATE OR REPLACE FUNCTION clear_integration_references()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    UPDATE media
    SET source_integration_id = NULL
    WHERE user_id = OLD.user_id
        AND source_integration_id = OLD.id;
    RETURN OLD;
END;
$function$;

CREATE OR REPLACE FUNCTION contact_lookup_keys(p_user_id uuid, p_emails jsonb, p_phones jsonb)
 RETURNS text[]
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
AS $function$
    SELECT coalesce(array_agg(DISTINCT k.key), '{}')
    FROM (
        SELECT p_user_id::text || ':e:' || lower(e.item ->> 'value') AS key
        FROM jsonb_array_elements(
            CASE WHEN jsonb_typeof(p_emails) = 'array' THEN p_emails ELSE '[]' END
        ) AS e (item)
        WHERE jsonb_typeof(e.item -> 'value') = 'string'
        UNION ALL
        SELECT p_user_id::text || ':p:' || regexp_replace(p.item ->> 'value', '[^0-9]', '', 'g')
        FROM jsonb_array_elements(
            CASE WHEN jsonb_typeof(p_phones) = 'array' THEN p_phones ELSE '[]' END
        ) AS p (item)
        WHERE jsonb_typeof(p.item -> 'value') = 'string'
    ) AS k
$function$;

CREATE OR REPLACE FUNCTION delete_links_of_object()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    DELETE FROM links
    WHERE user_id = OLD.user_id
        AND (from_object_id = OLD.id OR to_object_id = OLD.id);
    RETURN NULL;
END;
$function$;

CREATE OR REPLACE FUNCTION link_counts_in_album(l links)
 RETURNS boolean
 LANGUAGE sql
 STABLE
AS $function$
    SELECT l.link_type = 'contains'
        AND l.from_object_type = 'album'
        AND l.to_object_type = 'media'
        AND l.deleted_at IS NULL
        AND EXISTS (
            SELECT 1 FROM media AS m
            WHERE m.user_id = l.user_id AND m.id = l.to_object_id AND m.deleted_at IS NULL
        )
$function$;

CREATE OR REPLACE FUNCTION links_maintain_album_count()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
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
$function$;

CREATE OR REPLACE FUNCTION lock_live_object(p_user_id uuid, p_type text, p_id uuid)
 RETURNS boolean
 LANGUAGE plpgsql
AS $function$
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
$function$;

CREATE OR REPLACE FUNCTION media_maintain_albums()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
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
$function$;

CREATE OR REPLACE FUNCTION refuse_audit_change()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$function$;

CREATE OR REPLACE FUNCTION set_updated_at()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    NEW.updated_at := greatest(now(), OLD.updated_at + interval '1 microsecond');
    RETURN NEW;
END;
$function$;

CREATE TABLE albums (
    user_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    name text NOT NULL,
    description text,
    cover_media_id uuid,
    media_count integer DEFAULT 0 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    metadata jsonb DEFAULT '{}'::jsonb NOT NULL,
    source_integration_id uuid,
    source_platform text,
    source_object_id text,
    CONSTRAINT albums_description_length CHECK ((char_length(description) <= 10000)),
    CONSTRAINT albums_media_count_nonnegative CHECK ((media_count >= 0)),
    CONSTRAINT albums_metadata_is_object CHECK ((jsonb_typeof(metadata) = 'object'::text)),
    CONSTRAINT albums_name_length CHECK (((char_length(name) >= 1) AND (char_length(name) <= 500))),
    CONSTRAINT albums_source_complete CHECK (((source_object_id IS NULL) OR (source_platform IS NOT NULL))),
    CONSTRAINT albums_cover_media_fkey FOREIGN KEY (user_id, cover_media_id) REFERENCES media(user_id, id),
    CONSTRAINT albums_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
    CONSTRAINT albums_pkey PRIMARY KEY (user_id, id)
);

CREATE TABLE audit_log (
    user_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    occurred_at timestamp with time zone DEFAULT now() NOT NULL,
    actor_id uuid,
    action text NOT NULL,
    object_type text,
    object_id uuid,
    request_id text,
    client_addr inet,
    details jsonb DEFAULT '{}'::jsonb NOT NULL,
    CONSTRAINT audit_log_action_shape CHECK ((action ~ '^[a-z_]+\.[a-z_]+$'::text)),
    CONSTRAINT audit_log_details_is_object CHECK ((jsonb_typeof(details) = 'object'::text)),
    CONSTRAINT audit_log_pkey PRIMARY KEY (user_id, id)
);

CREATE TABLE contacts (
    user_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    given_name text,
    family_name text,
    display_name text NOT NULL,
    emails jsonb DEFAULT '[]'::jsonb NOT NULL,
    phones jsonb DEFAULT '[]'::jsonb NOT NULL,
    organization text,
    birthday date,
    notes text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    metadata jsonb DEFAULT '{}'::jsonb NOT NULL,
    source_integration_id uuid,
    source_platform text,
    source_object_id text,
    lookup_keys text[] GENERATED ALWAYS AS (contact_lookup_keys(user_id, emails, phones)) STORED NOT NULL,
    CONSTRAINT contacts_birthday_range CHECK (((birthday >= '0001-01-01'::date) AND (birthday <= '9999-12-31'::date))),
    CONSTRAINT contacts_display_name_length CHECK (((char_length(display_name) >= 1) AND (char_length(display_name) <= 500))),
    CONSTRAINT contacts_emails_shape CHECK (((jsonb_typeof(emails) = 'array'::text) AND (jsonb_array_length(emails) <= 50) AND (NOT jsonb_path_exists(emails, '$[*]?((@.type() != "object" || !(exists (@."value"))) || @."value".type() != "string")'::jsonpath)))),
    CONSTRAINT contacts_family_name_length CHECK (((char_length(family_name) >= 1) AND (char_length(family_name) <= 200))),
    CONSTRAINT contacts_given_name_length CHECK (((char_length(given_name) >= 1) AND (char_length(given_name) <= 200))),
    CONSTRAINT contacts_metadata_is_object CHECK ((jsonb_typeof(metadata) = 'object'::text)),
    CONSTRAINT contacts_notes_length CHECK ((char_length(notes) <= 20000)),
    CONSTRAINT contacts_organization_length CHECK (((char_length(organization) >= 1) AND (char_length(organization) <= 500))),
    CONSTRAINT contacts_phones_shape CHECK (((jsonb_typeof(phones) = 'array'::text) AND (jsonb_array_length(phones) <= 50) AND (NOT jsonb_path_exists(phones, '$[*]?((@.type() != "object" || !(exists (@."value"))) || @."value".type() != "string")'::jsonpath)))),
    CONSTRAINT contacts_source_complete CHECK (((source_object_id IS NULL) OR (source_platform IS NOT NULL))),
    CONSTRAINT contacts_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
    CONSTRAINT contacts_pkey PRIMARY KEY (user_id, id)
);

CREATE TABLE integration_secrets (
    user_id uuid NOT NULL,
    integration_id uuid NOT NULL,
    key_id text NOT NULL,
    access_token bytea NOT NULL,
    refresh_token bytea,
    expires_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT integration_secrets_access_token_sealed CHECK (((octet_length(access_token) >= 29) AND (get_byte(access_token, 0) = 1))),
    CONSTRAINT integration_secrets_key_id_shape CHECK ((key_id ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'::text)),
    CONSTRAINT integration_secrets_refresh_token_sealed CHECK (((refresh_token IS NULL) OR ((octet_length(refresh_token) >= 29) AND (get_byte(refresh_token, 0) = 1)))),
    CONSTRAINT integration_secrets_integration_fkey FOREIGN KEY (user_id, integration_id) REFERENCES integrations(user_id, id) ON DELETE CASCADE,
    CONSTRAINT integration_secrets_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
    CONSTRAINT integration_secrets_pkey PRIMARY KEY (user_id, integration_id)
);

CREATE TABLE integrations (
    user_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    integration_type text NOT NULL,
    display_name text NOT NULL,
    status text DEFAULT 'active'::text NOT NULL,
    sync_cursor text,
    last_synced_at timestamp with time zone,
    last_error text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    metadata jsonb DEFAULT '{}'::jsonb NOT NULL,
    source_integration_id uuid,
    source_platform text,
    source_object_id text,
    CONSTRAINT integrations_display_name_length CHECK (((char_length(display_name) >= 1) AND (char_length(display_name) <= 200))),
    CONSTRAINT integrations_error_explained CHECK (((status <> 'error'::text) OR (last_error IS NOT NULL))),
    CONSTRAINT integrations_last_error_length CHECK ((char_length(last_error) <= 4000)),
    CONSTRAINT integrations_metadata_is_object CHECK ((jsonb_typeof(metadata) = 'object'::text)),
    CONSTRAINT integrations_not_imported CHECK ((source_integration_id IS NULL)),
    CONSTRAINT integrations_source_complete CHECK (((source_object_id IS NULL) OR (source_platform IS NOT NULL))),
    CONSTRAINT integrations_status_known CHECK ((status = ANY (ARRAY['active'::text, 'paused'::text, 'error'::text, 'revoked'::text]))),
    CONSTRAINT integrations_sync_cursor_length CHECK ((char_length(sync_cursor) <= 8192)),
    CONSTRAINT integrations_type_known CHECK ((integration_type = ANY (ARRAY['google_photos'::text, 'icloud_photos'::text, 'instagram'::text, 'facebook'::text, 'twitter'::text, 'gmail'::text, 'outlook'::text, 'google_calendar'::text, 'google_contacts'::text, 'google_drive'::text, 'dropbox'::text, 'spotify'::text, 'fitbit'::text, 'apple_health'::text, 'plaid'::text, 'github'::text]))),
    CONSTRAINT integrations_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
    CONSTRAINT integrations_pkey PRIMARY KEY (user_id, id)
);

CREATE TABLE links (
    user_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    from_object_type text NOT NULL,
    from_object_id uuid NOT NULL,
    to_object_type text NOT NULL,
    to_object_id uuid NOT NULL,
    link_type text NOT NULL,
    strength real DEFAULT 1.0 NOT NULL,
    sort_order bigint DEFAULT 0 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    metadata jsonb DEFAULT '{}'::jsonb NOT NULL,
    source_integration_id uuid,
    source_platform text,
    source_object_id text,
    CONSTRAINT links_link_type_format CHECK (((link_type ~ '^[a-z][a-z_]*$'::text) AND (char_length(link_type) <= 50))),
    CONSTRAINT links_metadata_is_object CHECK ((jsonb_typeof(metadata) = 'object'::text)),
    CONSTRAINT links_not_to_itself CHECK ((from_object_id <> to_object_id)),
    CONSTRAINT links_object_type_format CHECK (((from_object_type ~ '^[a-z][a-z_]*$'::text) AND (char_length(from_object_type) <= 50) AND (to_object_type ~ '^[a-z][a-z_]*$'::text) AND (char_length(to_object_type) <= 50))),
    CONSTRAINT links_strength_range CHECK (((strength >= (0)::double precision) AND (strength <= (1)::double precision))),
    CONSTRAINT links_symmetric_same_type CHECK (((link_type <> 'duplicate_of'::text) OR (from_object_type = to_object_type))),
    CONSTRAINT links_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
    CONSTRAINT links_pkey PRIMARY KEY (user_id, id)
);

CREATE TABLE media (
    user_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    filename text NOT NULL,
    media_type text NOT NULL,
    mime_type text NOT NULL,
    size bigint NOT NULL,
    file_path text NOT NULL,
    hash text,
    width integer,
    height integer,
    duration double precision,
    taken_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    metadata jsonb DEFAULT '{}'::jsonb NOT NULL,
    source_integration_id uuid,
    source_platform text,
    source_object_id text,
    sort_at timestamp with time zone GENERATED ALWAYS AS (COALESCE(taken_at, created_at)) STORED NOT NULL,
    CONSTRAINT media_dimensions_positive CHECK ((((width IS NULL) OR (width > 0)) AND ((height IS NULL) OR (height > 0)))),
    CONSTRAINT media_duration_nonnegative CHECK (((duration IS NULL) OR (duration >= (0)::double precision))),
    CONSTRAINT media_file_path_length CHECK (((char_length(file_path) >= 1) AND (char_length(file_path) <= 1024))),
    CONSTRAINT media_filename_length CHECK (((char_length(filename) >= 1) AND (char_length(filename) <= 255))),
    CONSTRAINT media_media_type_known CHECK ((media_type = ANY (ARRAY['photo'::text, 'video'::text, 'audio'::text, 'document'::text]))),
    CONSTRAINT media_metadata_is_object CHECK ((jsonb_typeof(metadata) = 'object'::text)),
    CONSTRAINT media_mime_type_shape CHECK ((mime_type ~ '^[a-z0-9.+-]+/[a-zA-Z0-9.+_-]+$'::text)),
    CONSTRAINT media_size_nonnegative CHECK ((size >= 0)),
    CONSTRAINT media_source_complete CHECK (((source_object_id IS NULL) OR (source_platform IS NOT NULL))),
    CONSTRAINT media_source_integration_fkey FOREIGN KEY (user_id, source_integration_id) REFERENCES integrations(user_id, id),
    CONSTRAINT media_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
    CONSTRAINT media_pkey PRIMARY KEY (user_id, id)
);

CREATE TABLE notifications (
    user_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    kind text NOT NULL,
    title text NOT NULL,
    body text,
    is_read boolean DEFAULT false NOT NULL,
    read_at timestamp with time zone,
    object_type text,
    object_id uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    metadata jsonb DEFAULT '{}'::jsonb NOT NULL,
    source_integration_id uuid,
    source_platform text,
    source_object_id text,
    CONSTRAINT notifications_body_length CHECK ((char_length(body) <= 20000)),
    CONSTRAINT notifications_kind_shape CHECK (((kind ~ '^[a-z][a-z0-9_.]*$'::text) AND (char_length(kind) <= 100))),
    CONSTRAINT notifications_metadata_is_object CHECK ((jsonb_typeof(metadata) = 'object'::text)),
    CONSTRAINT notifications_object_complete CHECK (((object_type IS NULL) = (object_id IS NULL))),
    CONSTRAINT notifications_object_type_shape CHECK (((object_type ~ '^[a-z][a-z_]*$'::text) AND (char_length(object_type) <= 50))),
    CONSTRAINT notifications_read_at_when_read CHECK ((is_read = (read_at IS NOT NULL))),
    CONSTRAINT notifications_source_complete CHECK (((source_object_id IS NULL) OR (source_platform IS NOT NULL))),
    CONSTRAINT notifications_title_length CHECK (((char_length(title) >= 1) AND (char_length(title) <= 500))),
    CONSTRAINT notifications_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
    CONSTRAINT notifications_pkey PRIMARY KEY (user_id, id)
);

CREATE TABLE refresh_tokens (
    user_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    family_id uuid NOT NULL,
    token_hash bytea NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    rotated_at timestamp with time zone,
    replaced_by uuid,
    revoked_at timestamp with time zone,
    revoke_reason text,
    user_agent text,
    client_addr inet,
    CONSTRAINT refresh_tokens_expires_after_created CHECK ((expires_at > created_at)),
    CONSTRAINT refresh_tokens_hash_is_sha256 CHECK ((octet_length(token_hash) = 32)),
    CONSTRAINT refresh_tokens_revocation_complete CHECK (((revoked_at IS NULL) = (revoke_reason IS NULL))),
    CONSTRAINT refresh_tokens_revoke_reason_known CHECK ((revoke_reason = ANY (ARRAY['logout'::text, 'logout_all'::text, 'password_change'::text, 'reuse'::text]))),
    CONSTRAINT refresh_tokens_rotation_complete CHECK (((rotated_at IS NULL) = (replaced_by IS NULL))),
    CONSTRAINT refresh_tokens_user_agent_length CHECK ((char_length(user_agent) <= 500)),
    CONSTRAINT refresh_tokens_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
    CONSTRAINT refresh_tokens_pkey PRIMARY KEY (user_id, id)
);

CREATE TABLE schema_migrations (
    version integer NOT NULL,
    name text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL,
    execution_ms integer NOT NULL,
    CONSTRAINT schema_migrations_pkey PRIMARY KEY (version)
);

CREATE TABLE user_emails (
    email_lower text NOT NULL,
    user_id uuid NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT user_emails_is_lower CHECK ((email_lower = lower(email_lower))),
    CONSTRAINT user_emails_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
    CONSTRAINT user_emails_pkey PRIMARY KEY (email_lower)
);

CREATE TABLE users (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    email text NOT NULL,
    password_hash text NOT NULL,
    display_name text NOT NULL,
    storage_quota_bytes bigint DEFAULT '10737418240'::bigint NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    metadata jsonb DEFAULT '{}'::jsonb NOT NULL,
    CONSTRAINT users_display_name_length CHECK (((char_length(display_name) >= 1) AND (char_length(display_name) <= 200))),
    CONSTRAINT users_email_length CHECK (((char_length(email) >= 3) AND (char_length(email) <= 320))),
    CONSTRAINT users_metadata_is_object CHECK ((jsonb_typeof(metadata) = 'object'::text)),
    CONSTRAINT users_storage_quota_nonnegative CHECK ((storage_quota_bytes >= 0)),
    CONSTRAINT users_pkey PRIMARY KEY (id)
);

CREATE UNIQUE INDEX albums_live_source_key ON albums USING btree (user_id, source_platform, source_object_id) WHERE ((deleted_at IS NULL) AND (source_platform IS NOT NULL) AND (source_object_id IS NOT NULL));

CREATE INDEX albums_live_user_created_idx ON albums USING btree (user_id, created_at, id) WHERE (deleted_at IS NULL);

CREATE INDEX albums_purge_deleted_idx ON albums USING btree (deleted_at) WHERE (deleted_at IS NOT NULL);

CREATE INDEX albums_trash_user_deleted_idx ON albums USING btree (user_id, deleted_at, id) WHERE (deleted_at IS NOT NULL);

CREATE INDEX albums_user_cover_idx ON albums USING btree (user_id, cover_media_id);

CREATE INDEX audit_log_user_occurred_idx ON audit_log USING btree (user_id, occurred_at, id);

CREATE INDEX contacts_live_lookup_idx ON contacts USING gin (lookup_keys) WHERE (deleted_at IS NULL);

CREATE UNIQUE INDEX contacts_live_source_key ON contacts USING btree (user_id, source_platform, source_object_id) WHERE ((deleted_at IS NULL) AND (source_platform IS NOT NULL) AND (source_object_id IS NOT NULL));

CREATE INDEX contacts_live_user_name_idx ON contacts USING btree (user_id, display_name, id) WHERE (deleted_at IS NULL);

CREATE INDEX contacts_purge_deleted_idx ON contacts USING btree (deleted_at) WHERE (deleted_at IS NOT NULL);

CREATE INDEX contacts_trash_user_deleted_idx ON contacts USING btree (user_id, deleted_at, id) WHERE (deleted_at IS NOT NULL);

CREATE INDEX integration_secrets_key_idx ON integration_secrets USING btree (key_id);

CREATE UNIQUE INDEX integrations_live_source_key ON integrations USING btree (user_id, source_platform, source_object_id) WHERE ((deleted_at IS NULL) AND (source_platform IS NOT NULL) AND (source_object_id IS NOT NULL));

CREATE INDEX integrations_live_user_created_idx ON integrations USING btree (user_id, created_at, id) WHERE (deleted_at IS NULL);

CREATE INDEX integrations_purge_deleted_idx ON integrations USING btree (deleted_at) WHERE (deleted_at IS NOT NULL);

CREATE INDEX integrations_trash_user_deleted_idx ON integrations USING btree (user_id, deleted_at, id) WHERE (deleted_at IS NOT NULL);

CREATE INDEX links_live_from_sorted_idx ON links USING btree (user_id, from_object_id, link_type, sort_order, to_object_id) WHERE (deleted_at IS NULL);

CREATE UNIQUE INDEX links_live_key ON links USING btree (user_id, from_object_id, to_object_id, link_type) WHERE (deleted_at IS NULL);

CREATE INDEX links_purge_deleted_idx ON links USING btree (deleted_at) WHERE (deleted_at IS NOT NULL);

CREATE INDEX links_user_from_idx ON links USING btree (user_id, from_object_id);

CREATE INDEX links_user_to_idx ON links USING btree (user_id, to_object_id);

CREATE UNIQUE INDEX media_live_source_key ON media USING btree (user_id, source_platform, source_object_id) WHERE ((deleted_at IS NULL) AND (source_platform IS NOT NULL) AND (source_object_id IS NOT NULL));

CREATE INDEX media_live_user_sort_idx ON media USING btree (user_id, sort_at, id) WHERE (deleted_at IS NULL);

CREATE INDEX media_live_user_type_sort_idx ON media USING btree (user_id, media_type, sort_at, id) WHERE (deleted_at IS NULL);

CREATE INDEX media_metadata_gin_idx ON media USING gin (metadata jsonb_path_ops) WHERE (deleted_at IS NULL);

CREATE INDEX media_purge_deleted_idx ON media USING btree (deleted_at) WHERE (deleted_at IS NOT NULL);

CREATE INDEX media_trash_user_deleted_idx ON media USING btree (user_id, deleted_at, id) WHERE (deleted_at IS NOT NULL);

CREATE INDEX media_user_source_integration_idx ON media USING btree (user_id, source_integration_id, sort_at, id) WHERE (source_integration_id IS NOT NULL);

CREATE INDEX notifications_live_read_idx ON notifications USING btree (user_id, created_at, id) WHERE ((deleted_at IS NULL) AND is_read);

CREATE UNIQUE INDEX notifications_live_source_key ON notifications USING btree (user_id, source_platform, source_object_id) WHERE ((deleted_at IS NULL) AND (source_platform IS NOT NULL) AND (source_object_id IS NOT NULL));

CREATE INDEX notifications_live_unread_idx ON notifications USING btree (user_id, created_at, id) WHERE ((deleted_at IS NULL) AND (NOT is_read));

CREATE INDEX notifications_purge_deleted_idx ON notifications USING btree (deleted_at) WHERE (deleted_at IS NOT NULL);

CREATE INDEX notifications_trash_user_deleted_idx ON notifications USING btree (user_id, deleted_at, id) WHERE (deleted_at IS NOT NULL);

CREATE UNIQUE INDEX refresh_tokens_live_family_key ON refresh_tokens USING btree (user_id, family_id) WHERE ((rotated_at IS NULL) AND (revoked_at IS NULL));

CREATE INDEX refresh_tokens_purge_expires_idx ON refresh_tokens USING btree (expires_at);

CREATE UNIQUE INDEX refresh_tokens_user_hash_key ON refresh_tokens USING btree (user_id, token_hash);

CREATE INDEX user_emails_user_id_idx ON user_emails USING btree (user_id);

CREATE TRIGGER albums_delete_links AFTER DELETE ON albums FOR EACH ROW EXECUTE FUNCTION delete_links_of_object();

CREATE TRIGGER albums_set_updated_at BEFORE UPDATE ON albums FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TRIGGER audit_log_append_only BEFORE DELETE OR UPDATE ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_audit_change();

CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_change();

CREATE TRIGGER contacts_set_updated_at BEFORE UPDATE ON contacts FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TRIGGER integration_secrets_set_updated_at BEFORE UPDATE ON integration_secrets FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TRIGGER integrations_clear_references BEFORE DELETE ON integrations FOR EACH ROW EXECUTE FUNCTION clear_integration_references();

CREATE TRIGGER integrations_delete_links AFTER DELETE ON integrations FOR EACH ROW EXECUTE FUNCTION delete_links_of_object();

CREATE TRIGGER integrations_set_updated_at BEFORE UPDATE ON integrations FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TRIGGER links_album_count AFTER INSERT OR DELETE OR UPDATE OF deleted_at, link_type, from_object_id, to_object_id ON links FOR EACH ROW EXECUTE FUNCTION links_maintain_album_count();

CREATE TRIGGER links_set_updated_at BEFORE UPDATE ON links FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TRIGGER media_albums AFTER UPDATE OF deleted_at ON media FOR EACH ROW EXECUTE FUNCTION media_maintain_albums();

CREATE TRIGGER media_delete_links AFTER DELETE ON media FOR EACH ROW EXECUTE FUNCTION delete_links_of_object();

CREATE TRIGGER media_set_updated_at BEFORE UPDATE ON media FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TRIGGER notifications_set_updated_at BEFORE UPDATE ON notifications FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TRIGGER users_set_updated_at BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE VIEW album_media AS
 SELECT l.user_id,
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
   FROM links l
     JOIN media m ON m.user_id = l.user_id AND m.id = l.to_object_id
  WHERE l.link_type = 'contains'::text AND l.from_object_type = 'album'::text AND l.to_object_type = 'media'::text AND l.deleted_at IS NULL AND m.deleted_at IS NULL;

GRANT USAGE ON SCHEMA public TO hypernet_app;
GRANT DELETE, INSERT, SELECT, UPDATE ON TABLE album_media TO hypernet_app;
GRANT DELETE, INSERT, SELECT, UPDATE ON TABLE albums TO hypernet_app;
GRANT INSERT, SELECT ON TABLE audit_log TO hypernet_app;
GRANT DELETE, INSERT, SELECT, UPDATE ON TABLE contacts TO hypernet_app;
GRANT DELETE, INSERT, SELECT, UPDATE ON TABLE integration_secrets TO hypernet_app;
GRANT DELETE, INSERT, SELECT, UPDATE ON TABLE integrations TO hypernet_app;
GRANT DELETE, INSERT, SELECT, UPDATE ON TABLE links TO hypernet_app;
GRANT DELETE, INSERT, SELECT, UPDATE ON TABLE media TO hypernet_app;
GRANT DELETE, INSERT, SELECT, UPDATE ON TABLE notifications TO hypernet_app;
GRANT DELETE, INSERT, SELECT, UPDATE ON TABLE refresh_tokens TO hypernet_app;
GRANT SELECT ON TABLE schema_migrations TO hypernet_app;
GRANT DELETE, INSERT, SELECT, UPDATE ON TABLE user_emails TO hypernet_app;
GRANT DELETE, INSERT, SELECT, UPDATE ON TABLE users TO hypernet_app;

ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, USAGE ON SEQUENCES TO hypernet_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT DELETE, INSERT, SELECT, UPDATE ON TABLES TO hypernet_app;
