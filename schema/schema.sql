-- Schema snapshot written by `hypernet db dump`: what schema/migrations/ builds.
-- Do not edit: change a migration and dump again. A test fails when this file is stale.

CREATE EXTENSION btree_gin;

CREATE EXTENSION btree_gist;

CREATE EXTENSION unaccent;

CREATE OR REPLACE FUNCTION acting_user_id()
 RETURNS uuid
 LANGUAGE sql
 STABLE PARALLEL SAFE
AS $function$
    SELECT nullif(current_setting('hypernet.user_id', true), '')::uuid
$function$;

CREATE OR REPLACE FUNCTION ai_interactions_clear_integration()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    UPDATE ai_interactions
    SET source_integration_id = NULL
    WHERE user_id = OLD.user_id
        AND source_integration_id = OLD.id;
    RETURN OLD;
END;
$function$;

CREATE OR REPLACE FUNCTION bookmarks_set_search_vector()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
    config regconfig;
BEGIN
    PERFORM pg_advisory_xact_lock_shared(hashtextextended('search ' || NEW.user_id::text, 0));
    SELECT ('hypernet_' || u.search_language)::regconfig INTO config
    FROM users AS u
    WHERE u.id = NEW.user_id;
    config := coalesce(config, 'hypernet_simple');
    NEW.search_vector := setweight(to_tsvector(config, coalesce(NEW.title, '')), 'A')
        || setweight(to_tsvector(config, coalesce(NEW.description, '')), 'B')
        || setweight(to_tsvector(config, array_to_string(NEW.tags, ' ')), 'C');
    RETURN NEW;
END;
$function$;

CREATE OR REPLACE FUNCTION calendar_events_clear_integration()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    UPDATE calendar_events
    SET source_integration_id = NULL
    WHERE user_id = OLD.user_id
        AND source_integration_id = OLD.id;
    RETURN OLD;
END;
$function$;

CREATE OR REPLACE FUNCTION calendar_events_set_search_vector()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
    config regconfig;
BEGIN
    PERFORM pg_advisory_xact_lock_shared(hashtextextended('search ' || NEW.user_id::text, 0));
    SELECT ('hypernet_' || u.search_language)::regconfig INTO config
    FROM users AS u
    WHERE u.id = NEW.user_id;
    config := coalesce(config, 'hypernet_simple');
    NEW.search_vector := setweight(to_tsvector(config, NEW.title), 'A')
        || setweight(to_tsvector(config, coalesce(NEW.description, '')), 'B')
        || setweight(to_tsvector(config, coalesce(NEW.location, '')), 'C');
    RETURN NEW;
END;
$function$;

CREATE OR REPLACE FUNCTION chat_messages_clear_integration()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    UPDATE chat_messages
    SET source_integration_id = NULL
    WHERE user_id = OLD.user_id
        AND source_integration_id = OLD.id;
    RETURN OLD;
END;
$function$;

CREATE OR REPLACE FUNCTION chat_messages_maintain_conversations()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
    was_live boolean := TG_OP <> 'INSERT' AND OLD.deleted_at IS NULL;
    is_live boolean := TG_OP <> 'DELETE' AND NEW.deleted_at IS NULL;
    remaining bigint;
    latest timestamptz;
BEGIN
    IF was_live AND is_live
        AND OLD.conversation_id = NEW.conversation_id
        AND OLD.platform = NEW.platform
        AND OLD.sent_at = NEW.sent_at
    THEN
        RETURN NULL;
    END IF;
    IF was_live THEN
        UPDATE chat_conversations
        SET message_count = message_count - 1
        WHERE user_id = OLD.user_id
            AND conversation_id = OLD.conversation_id
            AND platform = OLD.platform
        RETURNING message_count, latest_sent_at INTO remaining, latest;
        IF remaining = 0 THEN
            DELETE FROM chat_conversations
            WHERE user_id = OLD.user_id
                AND conversation_id = OLD.conversation_id
                AND platform = OLD.platform;
        ELSIF OLD.sent_at >= latest THEN
            -- The latest message left: the newest live one is the new latest. Several rows of
            -- one statement may leave together, so none may be found yet (keep the old value:
            -- the last of them deletes the row).
            UPDATE chat_conversations AS c
            SET latest_sent_at = coalesce(
                (
                    SELECT max(m.sent_at)
                    FROM chat_messages AS m
                    WHERE m.user_id = OLD.user_id
                        AND m.conversation_id = OLD.conversation_id
                        AND m.platform = OLD.platform
                        AND m.deleted_at IS NULL
                ),
                c.latest_sent_at
            )
            WHERE c.user_id = OLD.user_id
                AND c.conversation_id = OLD.conversation_id
                AND c.platform = OLD.platform;
        END IF;
    END IF;
    IF is_live THEN
        INSERT INTO chat_conversations AS c (
            user_id, conversation_id, platform, latest_sent_at, message_count
        )
        VALUES (NEW.user_id, NEW.conversation_id, NEW.platform, NEW.sent_at, 1)
        ON CONFLICT (user_id, conversation_id, platform) DO UPDATE
        SET
            message_count = c.message_count + 1,
            latest_sent_at = greatest(c.latest_sent_at, excluded.latest_sent_at);
    END IF;
    RETURN NULL;
END;
$function$;

CREATE OR REPLACE FUNCTION clear_integration_email_references()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    UPDATE emails
    SET source_integration_id = NULL
    WHERE user_id = OLD.user_id
        AND source_integration_id = OLD.id;
    RETURN OLD;
END;
$function$;

CREATE OR REPLACE FUNCTION clear_integration_from_documents()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    UPDATE documents
    SET source_integration_id = NULL
    WHERE user_id = OLD.user_id
        AND source_integration_id = OLD.id;
    RETURN OLD;
END;
$function$;

CREATE OR REPLACE FUNCTION clear_integration_from_notes()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    UPDATE notes
    SET source_integration_id = NULL
    WHERE user_id = OLD.user_id
        AND source_integration_id = OLD.id;
    RETURN OLD;
END;
$function$;

CREATE OR REPLACE FUNCTION clear_integration_from_pages_and_bookmarks()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
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
$function$;

CREATE OR REPLACE FUNCTION clear_integration_from_projects_and_tasks()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    UPDATE projects
    SET source_integration_id = NULL
    WHERE user_id = OLD.user_id
        AND source_integration_id = OLD.id;
    UPDATE tasks
    SET source_integration_id = NULL
    WHERE user_id = OLD.user_id
        AND source_integration_id = OLD.id;
    RETURN OLD;
END;
$function$;

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

CREATE OR REPLACE FUNCTION clear_media_from_documents()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    UPDATE documents
    SET media_id = NULL
    WHERE user_id = OLD.user_id
        AND media_id = OLD.id;
    RETURN OLD;
END;
$function$;

CREATE OR REPLACE FUNCTION clear_web_page_from_bookmarks()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    UPDATE bookmarks
    SET web_page_id = NULL
    WHERE user_id = OLD.user_id
        AND web_page_id = OLD.id;
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

CREATE OR REPLACE FUNCTION contacts_set_search_vector()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
    config regconfig;
BEGIN
    PERFORM pg_advisory_xact_lock_shared(hashtextextended('search ' || NEW.user_id::text, 0));
    SELECT ('hypernet_' || u.search_language)::regconfig INTO config
    FROM users AS u
    WHERE u.id = NEW.user_id;
    config := coalesce(config, 'hypernet_simple');
    NEW.search_vector := setweight(to_tsvector(config, concat_ws(' ', NEW.display_name, NEW.given_name, NEW.family_name)), 'A')
        || setweight(to_tsvector(config, coalesce(NEW.organization, '')), 'B')
        || setweight(to_tsvector(config, coalesce(NEW.notes, '')), 'C');
    RETURN NEW;
END;
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

CREATE OR REPLACE FUNCTION devices_clear_integration()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    UPDATE devices
    SET source_integration_id = NULL
    WHERE user_id = OLD.user_id
        AND source_integration_id = OLD.id;
    RETURN OLD;
END;
$function$;

CREATE OR REPLACE FUNCTION documents_set_search_vector()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
    config regconfig;
BEGIN
    PERFORM pg_advisory_xact_lock_shared(hashtextextended('search ' || NEW.user_id::text, 0));
    SELECT ('hypernet_' || u.search_language)::regconfig INTO config
    FROM users AS u
    WHERE u.id = NEW.user_id;
    config := coalesce(config, 'hypernet_simple');
    NEW.search_vector := setweight(to_tsvector(config, NEW.title), 'A')
        || setweight(to_tsvector(config, left(coalesce(NEW.text_content, ''), 100000)), 'B');
    RETURN NEW;
END;
$function$;

CREATE OR REPLACE FUNCTION email_threads_apply(deltas email_thread_delta[])
 RETURNS void
 LANGUAGE plpgsql
AS $function$
BEGIN
    IF deltas IS NULL OR cardinality(deltas) = 0 THEN
        RETURN;
    END IF;
    -- A thread gaining its first live message gets its row (filled in below), in key order.
    INSERT INTO email_threads AS t (
        user_id, thread_id, latest_email_id, latest_at, subject, message_count, unread_count
    )
    SELECT DISTINCT
        d.user_id,
        d.thread_id,
        '00000000-0000-0000-0000-000000000000'::uuid,
        '-infinity'::timestamptz,
        '',
        0,
        0
    FROM unnest(deltas) AS d
    WHERE d.messages > 0
    ORDER BY d.user_id, d.thread_id
    ON CONFLICT (user_id, thread_id) DO NOTHING;

    PERFORM 1
    FROM email_threads AS t
    WHERE (t.user_id, t.thread_id) IN (SELECT d.user_id, d.thread_id FROM unnest(deltas) AS d)
    ORDER BY t.user_id, t.thread_id
    FOR UPDATE;

    UPDATE email_threads AS t
    SET
        message_count = t.message_count + s.messages,
        unread_count = t.unread_count + s.unread
    FROM (
        SELECT d.user_id, d.thread_id, sum(d.messages)::integer AS messages,
            sum(d.unread)::integer AS unread
        FROM unnest(deltas) AS d
        GROUP BY d.user_id, d.thread_id
    ) AS s
    WHERE t.user_id = s.user_id
        AND t.thread_id = s.thread_id
        AND (s.messages <> 0 OR s.unread <> 0);

    UPDATE email_threads AS t
    SET
        latest_email_id = latest.id,
        latest_at = latest.sent_at,
        subject = latest.subject
    FROM (
        SELECT DISTINCT d.user_id, d.thread_id
        FROM unnest(deltas) AS d
        WHERE d.reorders
    ) AS s
    CROSS JOIN LATERAL (
        SELECT e.id, e.sent_at, e.subject
        FROM emails AS e
        WHERE e.user_id = s.user_id
            AND e.thread_id = s.thread_id
            AND e.deleted_at IS NULL
        ORDER BY e.sent_at DESC, e.id DESC
        LIMIT 1
    ) AS latest
    WHERE t.user_id = s.user_id
        AND t.thread_id = s.thread_id
        AND (t.latest_email_id, t.latest_at, t.subject)
            IS DISTINCT FROM (latest.id, latest.sent_at, latest.subject);

    -- Label counts: existing rows move by their delta, new ones are made; the thread's lock
    -- (held above) keeps every other writer of these rows out until this transaction ends.
    UPDATE email_thread_labels AS l
    SET message_count = l.message_count + s.messages
    FROM (
        SELECT d.user_id, d.thread_id, label.name, sum(d.messages)::integer AS messages
        FROM unnest(deltas) AS d
        CROSS JOIN unnest(d.labels) AS label (name)
        GROUP BY d.user_id, d.thread_id, label.name
    ) AS s
    WHERE l.user_id = s.user_id
        AND l.thread_id = s.thread_id
        AND l.label = s.name
        AND s.messages <> 0;

    INSERT INTO email_thread_labels (
        user_id, thread_id, label, message_count, latest_at, has_unread
    )
    SELECT s.user_id, s.thread_id, s.name, s.messages, t.latest_at, t.unread_count > 0
    FROM (
        SELECT d.user_id, d.thread_id, label.name, sum(d.messages)::integer AS messages
        FROM unnest(deltas) AS d
        CROSS JOIN unnest(d.labels) AS label (name)
        GROUP BY d.user_id, d.thread_id, label.name
    ) AS s
    JOIN email_threads AS t
        ON t.user_id = s.user_id
        AND t.thread_id = s.thread_id
    WHERE s.messages > 0
        AND NOT EXISTS (
            SELECT 1
            FROM email_thread_labels AS l
            WHERE l.user_id = s.user_id
                AND l.thread_id = s.thread_id
                AND l.label = s.name
        )
    ORDER BY s.user_id, s.thread_id, s.name;

    DELETE FROM email_thread_labels AS l
    USING (SELECT DISTINCT d.user_id, d.thread_id FROM unnest(deltas) AS d) AS s
    WHERE l.user_id = s.user_id
        AND l.thread_id = s.thread_id
        AND l.message_count = 0;

    UPDATE email_thread_labels AS l
    SET
        latest_at = t.latest_at,
        has_unread = t.unread_count > 0
    FROM (SELECT DISTINCT d.user_id, d.thread_id FROM unnest(deltas) AS d) AS s
    JOIN email_threads AS t
        ON t.user_id = s.user_id
        AND t.thread_id = s.thread_id
    WHERE l.user_id = s.user_id
        AND l.thread_id = s.thread_id
        AND (l.latest_at, l.has_unread) IS DISTINCT FROM (t.latest_at, t.unread_count > 0);

    DELETE FROM email_threads AS t
    USING (SELECT DISTINCT d.user_id, d.thread_id FROM unnest(deltas) AS d) AS s
    WHERE t.user_id = s.user_id
        AND t.thread_id = s.thread_id
        AND t.message_count = 0;
END;
$function$;

CREATE OR REPLACE FUNCTION emails_set_search_vector()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
    config regconfig;
BEGIN
    PERFORM pg_advisory_xact_lock_shared(hashtextextended('search ' || NEW.user_id::text, 0));
    SELECT ('hypernet_' || u.search_language)::regconfig INTO config
    FROM users AS u
    WHERE u.id = NEW.user_id;
    config := coalesce(config, 'hypernet_simple');
    NEW.search_vector := setweight(to_tsvector(config, NEW.subject), 'A')
        || setweight(to_tsvector(config, left(coalesce(NEW.body_text, ''), 100000)), 'B')
        || setweight(to_tsvector(config, NEW.from_address), 'C');
    RETURN NEW;
END;
$function$;

CREATE OR REPLACE FUNCTION emails_threads_after_delete()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    PERFORM email_threads_apply(ARRAY(
        SELECT ROW(o.user_id, o.thread_id, -1, -(NOT o.is_read)::integer, o.labels, true)
            ::email_thread_delta
        FROM old_rows AS o
        WHERE o.deleted_at IS NULL
    ));
    RETURN NULL;
END;
$function$;

CREATE OR REPLACE FUNCTION emails_threads_after_insert()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    PERFORM email_threads_apply(ARRAY(
        SELECT ROW(n.user_id, n.thread_id, 1, (NOT n.is_read)::integer, n.labels, true)
            ::email_thread_delta
        FROM new_rows AS n
        WHERE n.deleted_at IS NULL
    ));
    RETURN NULL;
END;
$function$;

CREATE OR REPLACE FUNCTION emails_threads_after_update()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    PERFORM email_threads_apply(ARRAY(
        SELECT side.delta
        FROM old_rows AS o
        JOIN new_rows AS n
            ON n.user_id = o.user_id
            AND n.id = o.id
        CROSS JOIN LATERAL (
            SELECT ROW(o.user_id, o.thread_id, -1, -(NOT o.is_read)::integer, o.labels,
                (n.deleted_at IS NULL) <> (o.deleted_at IS NULL))::email_thread_delta
            WHERE o.deleted_at IS NULL
            UNION ALL
            SELECT ROW(n.user_id, n.thread_id, 1, (NOT n.is_read)::integer, n.labels,
                (n.deleted_at IS NULL) <> (o.deleted_at IS NULL))::email_thread_delta
            WHERE n.deleted_at IS NULL
        ) AS side (delta)
        WHERE (o.deleted_at IS NULL) <> (n.deleted_at IS NULL)
            OR (n.deleted_at IS NULL
                AND (o.is_read <> n.is_read OR o.labels IS DISTINCT FROM n.labels))
    ));
    RETURN NULL;
END;
$function$;

CREATE OR REPLACE FUNCTION ensure_month_partition(parent regclass, month_start date, OUT partition_name text, OUT created boolean, OUT moved_rows bigint)
 RETURNS record
 LANGUAGE plpgsql
AS $function$
DECLARE
    parent_schema name;
    parent_name name;
    key_column name;
    columns text;
    first_at timestamptz;
    next_at timestamptz;
    default_part regclass;
    part text;
    part_oid oid;
    has_rows boolean;
    paused name[] := '{}';
    trigger_name name;
    g record;
BEGIN
    IF month_start IS NULL OR extract(day FROM month_start) <> 1 THEN
        RAISE EXCEPTION 'ensure_month_partition: % is not the first day of a month', month_start
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT n.nspname, c.relname INTO parent_schema, parent_name
    FROM pg_class AS c
    JOIN pg_namespace AS n ON n.oid = c.relnamespace
    WHERE c.oid = parent AND c.relkind = 'p';
    SELECT a.attname INTO key_column
    FROM pg_partitioned_table AS p
    JOIN pg_attribute AS a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0]
    WHERE p.partrelid = parent AND p.partstrat = 'r' AND p.partnatts = 1;
    IF key_column IS NULL THEN
        RAISE EXCEPTION 'ensure_month_partition: % is not partitioned by range of one column', parent
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    partition_name := parent_name || '_' || to_char(month_start, 'YYYY_MM');
    created := false;
    moved_rows := 0;
    IF EXISTS (
        SELECT 1
        FROM pg_inherits AS i
        JOIN pg_class AS c ON c.oid = i.inhrelid
        WHERE i.inhparent = parent AND c.relname = partition_name
    ) THEN
        RETURN;
    END IF;

    -- Months are UTC months.
    first_at := month_start::timestamp AT TIME ZONE 'UTC';
    next_at := (month_start + interval '1 month')::timestamp AT TIME ZONE 'UTC';
    part := format('%I.%I', parent_schema, partition_name);
    SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) INTO columns
    FROM pg_attribute AS a
    WHERE a.attrelid = parent AND a.attnum > 0 AND NOT a.attisdropped;
    SELECT i.inhrelid::regclass INTO default_part
    FROM pg_inherits AS i
    JOIN pg_class AS c ON c.oid = i.inhrelid
    WHERE i.inhparent = parent AND pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT';

    EXECUTE format(
        'CREATE TABLE %s (LIKE %s INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE '
        'INCLUDING COMPRESSION)',
        part, parent
    );
    created := true;

    IF default_part IS NOT NULL THEN
        -- No row of the month may reach the default partition until the new one is attached.
        EXECUTE format('LOCK TABLE %s IN SHARE ROW EXCLUSIVE MODE', default_part);
        EXECUTE format(
            'SELECT EXISTS (SELECT 1 FROM %s WHERE %I >= $1 AND %I < $2)',
            default_part, key_column, key_column
        ) INTO has_rows USING first_at, next_at;
        IF has_rows THEN
            SELECT coalesce(array_agg(t.tgname ORDER BY t.tgname), '{}') INTO paused
            FROM pg_trigger AS t
            WHERE t.tgrelid = default_part AND NOT t.tgisinternal AND t.tgenabled = 'O';
            FOREACH trigger_name IN ARRAY paused LOOP
                EXECUTE format('ALTER TABLE %s DISABLE TRIGGER %I', default_part, trigger_name);
            END LOOP;
            EXECUTE format(
                'WITH moved AS (DELETE FROM %s WHERE %I >= $1 AND %I < $2 RETURNING %s) '
                'INSERT INTO %s (%s) SELECT %s FROM moved',
                default_part, key_column, key_column, columns, part, columns, columns
            ) USING first_at, next_at;
            GET DIAGNOSTICS moved_rows = ROW_COUNT;
            FOREACH trigger_name IN ARRAY paused LOOP
                EXECUTE format('ALTER TABLE %s ENABLE TRIGGER %I', default_part, trigger_name);
            END LOOP;
        END IF;
    END IF;

    EXECUTE format(
        'ALTER TABLE %s ATTACH PARTITION %s FOR VALUES FROM (%L) TO (%L)',
        parent,
        part,
        to_char(first_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || '+00',
        to_char(next_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || '+00'
    );
    part_oid := part::regclass;

    -- The parent's grants, exactly: first nobody's (the default privileges gave some), then
    -- each of the parent's.
    FOR g IN
        SELECT DISTINCT a.grantee
        FROM pg_class AS c
        CROSS JOIN LATERAL aclexplode(c.relacl) AS a
        WHERE c.oid = part_oid AND a.grantee <> c.relowner
    LOOP
        EXECUTE format(
            'REVOKE ALL ON %s FROM %s',
            part,
            CASE WHEN g.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(g.grantee)) END
        );
    END LOOP;
    FOR g IN
        SELECT a.grantee, a.privilege_type
        FROM pg_class AS c
        CROSS JOIN LATERAL aclexplode(c.relacl) AS a
        WHERE c.oid = parent AND a.grantee <> c.relowner
    LOOP
        EXECUTE format(
            'GRANT %s ON %s TO %s',
            g.privilege_type,
            part,
            CASE WHEN g.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(g.grantee)) END
        );
    END LOOP;

    -- The parent's TRUNCATE triggers (statement triggers, without arguments).
    FOR g IN
        SELECT t.tgname, t.tgfoid::regprocedure::text AS fn, (t.tgtype & 2) <> 0 AS before
        FROM pg_trigger AS t
        WHERE t.tgrelid = parent AND NOT t.tgisinternal AND (t.tgtype & 32) <> 0
            AND (t.tgtype & 1) = 0 AND t.tgnargs = 0
    LOOP
        EXECUTE format(
            'CREATE TRIGGER %I %s TRUNCATE ON %s FOR EACH STATEMENT EXECUTE FUNCTION %s',
            g.tgname,
            CASE WHEN g.before THEN 'BEFORE' ELSE 'AFTER' END,
            part,
            g.fn
        );
    END LOOP;
END;
$function$;

CREATE OR REPLACE FUNCTION erase_audit_trail_batch(p_user_id uuid, p_batch_size integer)
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'public'
AS $function$
DECLARE
    erased integer;
BEGIN
    IF EXISTS (SELECT 1 FROM users WHERE id = p_user_id) THEN
        RAISE EXCEPTION 'the audit trail of an existing account is kept'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM account_erasures WHERE user_id = p_user_id) THEN
        RAISE EXCEPTION 'no erasure of this account is in progress'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM set_config('hypernet.erasing_user_id', p_user_id::text, true);
    DELETE FROM audit_log
    WHERE (user_id, id, occurred_at) IN (
        SELECT
            user_id,
            id,
            occurred_at
        FROM audit_log
        WHERE user_id = p_user_id
        ORDER BY user_id, id
        LIMIT p_batch_size
    );
    GET DIAGNOSTICS erased = ROW_COUNT;
    PERFORM set_config('hypernet.erasing_user_id', '', true);
    IF erased < p_batch_size THEN
        -- The last batch: nothing of the account is left, not even its id.
        DELETE FROM account_erasures WHERE user_id = p_user_id;
    END IF;
    RETURN erased;
END;
$function$;

CREATE OR REPLACE FUNCTION health_days_follow_records()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM health_days_refresh(array_agg(n.user_id), array_agg((n.recorded_at AT TIME ZONE 'UTC')::date))
        FROM new_records AS n
        WHERE n.deleted_at IS NULL;
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM health_days_refresh(array_agg(c.user_id), array_agg((c.recorded_at AT TIME ZONE 'UTC')::date))
        FROM (
            SELECT o.user_id, o.recorded_at FROM old_records AS o WHERE o.deleted_at IS NULL
            UNION ALL
            SELECT n.user_id, n.recorded_at FROM new_records AS n WHERE n.deleted_at IS NULL
        ) AS c;
    ELSE
        PERFORM health_days_refresh(array_agg(o.user_id), array_agg((o.recorded_at AT TIME ZONE 'UTC')::date))
        FROM old_records AS o
        WHERE o.deleted_at IS NULL;
    END IF;
    RETURN NULL;
END;
$function$;

CREATE OR REPLACE FUNCTION health_days_rebuild()
 RETURNS void
 LANGUAGE sql
AS $function$
DELETE FROM health_days;
INSERT INTO health_days (
    user_id, day, id, starts_at, record_count, steps, heart_rate_avg, heart_rate_min,
    heart_rate_max, sleep_minutes
)
SELECT
    s.user_id,
    s.day,
    md5('health_day ' || s.user_id::text || ' ' || s.day::text)::uuid,
    s.day::timestamp AT TIME ZONE 'UTC',
    s.record_count,
    s.steps,
    s.heart_rate_avg,
    s.heart_rate_min,
    s.heart_rate_max,
    s.sleep_minutes
FROM (
    SELECT
        h.user_id,
        (h.recorded_at AT TIME ZONE 'UTC')::date AS day,
        count(*) AS record_count,
        sum(h.value) FILTER (WHERE h.record_type = 'steps') AS steps,
        avg(h.value) FILTER (WHERE h.record_type = 'heart_rate') AS heart_rate_avg,
        min(h.value) FILTER (WHERE h.record_type = 'heart_rate') AS heart_rate_min,
        max(h.value) FILTER (WHERE h.record_type = 'heart_rate') AS heart_rate_max,
        sum(h.value) FILTER (WHERE h.record_type = 'sleep') AS sleep_minutes
    FROM health_records AS h
    WHERE h.deleted_at IS NULL
    GROUP BY h.user_id, (h.recorded_at AT TIME ZONE 'UTC')::date
) AS s;
$function$;

CREATE OR REPLACE FUNCTION health_days_refresh(p_users uuid[], p_days date[])
 RETURNS void
 LANGUAGE plpgsql
 SET plan_cache_mode TO 'force_custom_plan'
AS $function$
DECLARE
    t record;
    day_from timestamptz;
    day_to timestamptz;
BEGIN
    -- Users in one order, so two writers of several users cannot wait on each other.
    PERFORM pg_advisory_xact_lock(hashtextextended('health_days ' || w.user_id::text, 0))
    FROM (SELECT DISTINCT x.user_id FROM unnest(p_users) AS x (user_id) ORDER BY x.user_id) AS w;
    FOR t IN
        SELECT DISTINCT u.user_id, u.day
        FROM unnest(p_users, p_days) AS u (user_id, day)
    LOOP
        -- Plain values (see location_stays_refresh): pruned at planning.
        day_from := t.day::timestamp AT TIME ZONE 'UTC';
        day_to := (t.day + 1)::timestamp AT TIME ZONE 'UTC';
        WITH summed AS (
            SELECT
                count(*) AS record_count,
                sum(h.value) FILTER (WHERE h.record_type = 'steps') AS steps,
                avg(h.value) FILTER (WHERE h.record_type = 'heart_rate') AS heart_rate_avg,
                min(h.value) FILTER (WHERE h.record_type = 'heart_rate') AS heart_rate_min,
                max(h.value) FILTER (WHERE h.record_type = 'heart_rate') AS heart_rate_max,
                sum(h.value) FILTER (WHERE h.record_type = 'sleep') AS sleep_minutes
            FROM health_records AS h
            WHERE h.user_id = t.user_id
                AND h.deleted_at IS NULL
                AND h.recorded_at >= day_from
                AND h.recorded_at < day_to
        ),
        emptied AS (
            DELETE FROM health_days AS d
            USING summed AS s
            WHERE d.user_id = t.user_id
                AND d.day = t.day
                AND s.record_count = 0
        )
        INSERT INTO health_days (
            user_id, day, id, starts_at, record_count, steps, heart_rate_avg, heart_rate_min,
            heart_rate_max, sleep_minutes
        )
        SELECT
            t.user_id,
            t.day,
            md5('health_day ' || t.user_id::text || ' ' || t.day::text)::uuid,
            day_from,
            s.record_count,
            s.steps,
            s.heart_rate_avg,
            s.heart_rate_min,
            s.heart_rate_max,
            s.sleep_minutes
        FROM summed AS s
        WHERE s.record_count > 0
        ON CONFLICT (user_id, day) DO UPDATE
        SET record_count = excluded.record_count,
            steps = excluded.steps,
            heart_rate_avg = excluded.heart_rate_avg,
            heart_rate_min = excluded.heart_rate_min,
            heart_rate_max = excluded.heart_rate_max,
            sleep_minutes = excluded.sleep_minutes;
    END LOOP;
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

CREATE OR REPLACE FUNCTION location_stays_follow_points()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
    r record;
BEGIN
    IF TG_OP = 'INSERT' THEN
        FOR r IN
            SELECT n.user_id, min(n.recorded_at) AS lo, max(n.recorded_at) AS hi
            FROM new_points AS n
            WHERE n.deleted_at IS NULL
            GROUP BY n.user_id
        LOOP
            PERFORM location_stays_refresh(r.user_id, r.lo, r.hi);
        END LOOP;
    ELSIF TG_OP = 'UPDATE' THEN
        FOR r IN
            SELECT c.user_id, min(c.recorded_at) AS lo, max(c.recorded_at) AS hi
            FROM (
                SELECT o.user_id, o.recorded_at FROM old_points AS o WHERE o.deleted_at IS NULL
                UNION ALL
                SELECT n.user_id, n.recorded_at FROM new_points AS n WHERE n.deleted_at IS NULL
            ) AS c
            GROUP BY c.user_id
        LOOP
            PERFORM location_stays_refresh(r.user_id, r.lo, r.hi);
        END LOOP;
    ELSE
        FOR r IN
            SELECT o.user_id, min(o.recorded_at) AS lo, max(o.recorded_at) AS hi
            FROM old_points AS o
            WHERE o.deleted_at IS NULL
            GROUP BY o.user_id
        LOOP
            PERFORM location_stays_refresh(r.user_id, r.lo, r.hi);
        END LOOP;
    END IF;
    RETURN NULL;
END;
$function$;

CREATE OR REPLACE FUNCTION location_stays_refresh(p_user uuid, p_from timestamp with time zone, p_to timestamp with time zone)
 RETURNS void
 LANGUAGE plpgsql
 SET plan_cache_mode TO 'force_custom_plan'
AS $function$
DECLARE
    radius CONSTANT double precision := 150;
    jump CONSTANT double precision := 300;
    gap CONSTANT interval := interval '3 hours';
    min_duration CONSTANT interval := interval '10 minutes';
    earth CONSTANT double precision := 6371008.8;
    stay_anchor timestamptz;
    walk_from timestamptz;
    walk_to timestamptz;
    upper_at timestamptz;
    lower_at timestamptz;
    got boolean;
    done boolean := false;
    p record;
    prev_at timestamptz;
    prev_lat double precision;
    prev_lon double precision;
    seg_at timestamptz;
    seg_lat double precision;
    seg_lon double precision;
    seg_last timestamptz;
    seg_n bigint;
    seg_sum_lat double precision;
    seg_sum_lon double precision;
    d_lon double precision;
    found_starts timestamptz[] := '{}';
    found_ends timestamptz[] := '{}';
    found_lats double precision[] := '{}';
    found_lons double precision[] := '{}';
    found_counts bigint[] := '{}';
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended('location_stays ' || p_user::text, 0));

    SELECT max(s.started_at) INTO stay_anchor
    FROM location_stays AS s
    WHERE s.user_id = p_user
        AND s.started_at < p_from;
    -- Back from p_from, a window of `gap` at a time, to a point that starts a segment whatever
    -- changed: one more than `gap` after the point before it (a window found empty), one more
    -- than 300 m from it, or the start of a stay.
    -- The bounds are computed apart: a custom plan folds a plain parameter into a constant and
    -- prunes at planning, but not a timestamptz - interval (a STABLE operator, applied later).
    upper_at := p_from;
    WHILE walk_from IS NULL LOOP
        got := false;
        lower_at := upper_at - gap;
        FOR p IN
            SELECT l.recorded_at, l.latitude, l.longitude
            FROM locations AS l
            WHERE l.user_id = p_user
                AND l.deleted_at IS NULL
                AND l.recorded_at < upper_at
                AND l.recorded_at >= lower_at
            ORDER BY l.recorded_at DESC
        LOOP
            got := true;
            IF prev_at IS NOT NULL THEN
                d_lon := abs(prev_lon - p.longitude);
                IF earth * sqrt(
                    radians(prev_lat - p.latitude) ^ 2
                    + (radians(least(d_lon, 360 - d_lon)) * cos(radians((prev_lat + p.latitude) / 2))) ^ 2
                ) > jump THEN
                    walk_from := prev_at;
                    EXIT;
                END IF;
            END IF;
            prev_at := p.recorded_at;
            prev_lat := p.latitude;
            prev_lon := p.longitude;
            IF p.recorded_at = stay_anchor THEN
                walk_from := p.recorded_at;
                EXIT;
            END IF;
        END LOOP;
        IF walk_from IS NULL THEN
            IF NOT got THEN
                walk_from := coalesce(prev_at, p_from);
            ELSE
                upper_at := prev_at;
            END IF;
        END IF;
    END LOOP;

    -- Forward from there, a window at a time (each to `gap` past the change or the last point
    -- seen), until a point that starts a segment in the old segmentation as in the new one.
    prev_at := NULL;
    lower_at := walk_from;
    upper_at := greatest(walk_from, p_to) + gap;
    got := true;
    WHILE got AND NOT done LOOP
        got := false;
        FOR p IN
            SELECT l.recorded_at, l.latitude, l.longitude
            FROM locations AS l
            WHERE l.user_id = p_user
                AND l.deleted_at IS NULL
                AND l.recorded_at >= lower_at
                AND l.recorded_at <= upper_at
                AND (prev_at IS NULL OR l.recorded_at > prev_at)
            ORDER BY l.recorded_at
        LOOP
            got := true;
            d_lon := abs(seg_lon - p.longitude);
            IF seg_at IS NOT NULL AND p.recorded_at - prev_at <= gap AND earth * sqrt(
                radians(seg_lat - p.latitude) ^ 2
                + (radians(least(d_lon, 360 - d_lon)) * cos(radians((seg_lat + p.latitude) / 2))) ^ 2
            ) <= radius THEN
                seg_n := seg_n + 1;
                seg_last := p.recorded_at;
                seg_sum_lat := seg_sum_lat + p.latitude;
                seg_sum_lon := seg_sum_lon + p.longitude;
            ELSE
                -- p starts a segment. Past the change, stop where the old segmentation agrees.
                IF p.recorded_at > p_to AND prev_at > p_to THEN
                    d_lon := abs(prev_lon - p.longitude);
                    IF p.recorded_at - prev_at > gap OR earth * sqrt(
                        radians(prev_lat - p.latitude) ^ 2
                        + (radians(least(d_lon, 360 - d_lon)) * cos(radians((prev_lat + p.latitude) / 2))) ^ 2
                    ) > jump OR EXISTS (
                        SELECT 1
                        FROM location_stays AS s
                        WHERE s.user_id = p_user
                            AND s.started_at = p.recorded_at
                    ) THEN
                        walk_to := p.recorded_at;
                        done := true;
                        EXIT;
                    END IF;
                END IF;
                IF seg_at IS NOT NULL AND seg_last - seg_at >= min_duration THEN
                    found_starts := found_starts || seg_at;
                    found_ends := found_ends || seg_last;
                    found_lats := found_lats || seg_sum_lat / seg_n;
                    found_lons := found_lons || seg_sum_lon / seg_n;
                    found_counts := found_counts || seg_n;
                END IF;
                seg_at := p.recorded_at;
                seg_lat := p.latitude;
                seg_lon := p.longitude;
                seg_last := p.recorded_at;
                seg_n := 1;
                seg_sum_lat := p.latitude;
                seg_sum_lon := p.longitude;
            END IF;
            prev_at := p.recorded_at;
            prev_lat := p.latitude;
            prev_lon := p.longitude;
        END LOOP;
        IF got AND NOT done THEN
            lower_at := prev_at;
            upper_at := greatest(prev_at, p_to) + gap;
        END IF;
    END LOOP;
    -- Ended by a window found empty: nothing lies between the last point seen and upper_at, so
    -- the next point, if any, is more than `gap` after any point before it, old or new.
    walk_to := coalesce(walk_to, upper_at);
    IF seg_at IS NOT NULL AND seg_last - seg_at >= min_duration THEN
        found_starts := found_starts || seg_at;
        found_ends := found_ends || seg_last;
        found_lats := found_lats || seg_sum_lat / seg_n;
        found_lons := found_lons || seg_sum_lon / seg_n;
        found_counts := found_counts || seg_n;
    END IF;

    DELETE FROM location_stays AS s
    WHERE s.user_id = p_user
        AND s.started_at >= walk_from
        AND s.started_at < walk_to;
    INSERT INTO location_stays (user_id, id, started_at, ended_at, latitude, longitude, point_count)
    SELECT
        p_user,
        md5('location_stay ' || p_user::text || ' ' || f.started_at::text)::uuid,
        f.started_at,
        f.ended_at,
        f.latitude,
        f.longitude,
        f.point_count
    FROM unnest(found_starts, found_ends, found_lats, found_lons, found_counts)
        AS f (started_at, ended_at, latitude, longitude, point_count);
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

CREATE OR REPLACE FUNCTION media_set_search_vector()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
    config regconfig;
BEGIN
    PERFORM pg_advisory_xact_lock_shared(hashtextextended('search ' || NEW.user_id::text, 0));
    SELECT ('hypernet_' || u.search_language)::regconfig INTO config
    FROM users AS u
    WHERE u.id = NEW.user_id;
    config := coalesce(config, 'hypernet_simple');
    NEW.search_vector := setweight(to_tsvector(config, NEW.filename || ' ' || regexp_replace(NEW.filename, '[._-]+', ' ', 'g')), 'A')
        || setweight(to_tsvector(config, left(coalesce(NEW.metadata ->> 'caption', ''), 100000)), 'B');
    RETURN NEW;
END;
$function$;

CREATE OR REPLACE FUNCTION notes_set_search_vector()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
    config regconfig;
BEGIN
    PERFORM pg_advisory_xact_lock_shared(hashtextextended('search ' || NEW.user_id::text, 0));
    SELECT ('hypernet_' || u.search_language)::regconfig INTO config
    FROM users AS u
    WHERE u.id = NEW.user_id;
    config := coalesce(config, 'hypernet_simple');
    NEW.search_vector := setweight(to_tsvector(config, coalesce(NEW.title, '')), 'A')
        || setweight(to_tsvector(config, left(NEW.body, 100000)), 'B');
    RETURN NEW;
END;
$function$;

CREATE OR REPLACE FUNCTION object_title(p_user_id uuid, p_type text, p_id uuid)
 RETURNS text
 LANGUAGE sql
 STABLE PARALLEL SAFE
AS $function$
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
$function$;

CREATE OR REPLACE FUNCTION profile_attributes_clear_integration()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    UPDATE profile_attributes
    SET source_integration_id = NULL
    WHERE user_id = OLD.user_id
        AND source_integration_id = OLD.id;
    RETURN OLD;
END;
$function$;

CREATE OR REPLACE FUNCTION rebuild_search_vectors(p_user_id uuid, p_tables text[] DEFAULT NULL::text[])
 RETURNS void
 LANGUAGE plpgsql
AS $function$
DECLARE
    was text := current_setting('hypernet.search_rebuild', true);
BEGIN
    PERFORM set_config('hypernet.search_rebuild', 'on', true);
    IF p_tables IS NULL OR 'media' = ANY (p_tables) THEN
        UPDATE media SET filename = filename
        WHERE p_user_id IS NULL OR user_id = p_user_id;
    END IF;
    IF p_tables IS NULL OR 'social_posts' = ANY (p_tables) THEN
        UPDATE social_posts SET text = text
        WHERE p_user_id IS NULL OR user_id = p_user_id;
    END IF;
    IF p_tables IS NULL OR 'emails' = ANY (p_tables) THEN
        UPDATE emails SET subject = subject
        WHERE p_user_id IS NULL OR user_id = p_user_id;
    END IF;
    IF p_tables IS NULL OR 'contacts' = ANY (p_tables) THEN
        UPDATE contacts SET display_name = display_name
        WHERE p_user_id IS NULL OR user_id = p_user_id;
    END IF;
    IF p_tables IS NULL OR 'web_pages' = ANY (p_tables) THEN
        UPDATE web_pages SET title = title
        WHERE p_user_id IS NULL OR user_id = p_user_id;
    END IF;
    IF p_tables IS NULL OR 'bookmarks' = ANY (p_tables) THEN
        UPDATE bookmarks SET title = title
        WHERE p_user_id IS NULL OR user_id = p_user_id;
    END IF;
    IF p_tables IS NULL OR 'calendar_events' = ANY (p_tables) THEN
        UPDATE calendar_events SET title = title
        WHERE p_user_id IS NULL OR user_id = p_user_id;
    END IF;
    IF p_tables IS NULL OR 'tasks' = ANY (p_tables) THEN
        UPDATE tasks SET title = title
        WHERE p_user_id IS NULL OR user_id = p_user_id;
    END IF;
    IF p_tables IS NULL OR 'notes' = ANY (p_tables) THEN
        UPDATE notes SET title = title
        WHERE p_user_id IS NULL OR user_id = p_user_id;
    END IF;
    IF p_tables IS NULL OR 'documents' = ANY (p_tables) THEN
        UPDATE documents SET title = title
        WHERE p_user_id IS NULL OR user_id = p_user_id;
    END IF;
    IF p_tables IS NULL OR 'transactions' = ANY (p_tables) THEN
        UPDATE transactions SET merchant = merchant
        WHERE p_user_id IS NULL OR user_id = p_user_id;
    END IF;
    PERFORM set_config('hypernet.search_rebuild', coalesce(was, ''), true);
END;
$function$;

CREATE OR REPLACE FUNCTION refresh_tokens_revoke_session()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        INSERT INTO revoked_sessions (session_id, reason)
        VALUES (NEW.family_id, NEW.revoke_reason)
        ON CONFLICT (session_id) DO NOTHING;
    ELSE
        INSERT INTO revoked_sessions (session_id, reason)
        VALUES (OLD.family_id, 'account_deleted')
        ON CONFLICT (session_id) DO NOTHING;
    END IF;
    RETURN NULL;
END;
$function$;

CREATE OR REPLACE FUNCTION refuse_audit_change()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    -- An erasure in progress (erase_audit_trail_batch) may delete that one account's events.
    IF TG_OP = 'DELETE' THEN
        IF OLD.user_id::text = current_setting('hypernet.erasing_user_id', true) THEN
            RETURN OLD;
        END IF;
    END IF;
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$function$;

CREATE OR REPLACE FUNCTION register_user(p_email text, p_password_hash text, p_display_name text)
 RETURNS TABLE(id uuid, email text, display_name text, storage_quota_bytes bigint, created_at timestamp with time zone, updated_at timestamp with time zone, metadata jsonb)
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'public', 'pg_temp'
AS $function$
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
$function$;

CREATE OR REPLACE FUNCTION revoked_sessions_notify()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    PERFORM pg_notify('hypernet_revoked_sessions', NEW.session_id::text);
    RETURN NULL;
END;
$function$;

CREATE OR REPLACE FUNCTION search_config(p_language text)
 RETURNS regconfig
 LANGUAGE sql
 STABLE PARALLEL SAFE
AS $function$
    SELECT ('hypernet_' || coalesce(p_language, 'simple'))::regconfig
$function$;

CREATE OR REPLACE FUNCTION set_updated_at()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    IF current_setting('hypernet.search_rebuild', true) = 'on' THEN
        RETURN NEW;
    END IF;
    NEW.updated_at := greatest(now(), OLD.updated_at + interval '1 microsecond');
    RETURN NEW;
END;
$function$;

CREATE OR REPLACE FUNCTION social_posts_set_search_vector()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
    config regconfig;
BEGIN
    PERFORM pg_advisory_xact_lock_shared(hashtextextended('search ' || NEW.user_id::text, 0));
    SELECT ('hypernet_' || u.search_language)::regconfig INTO config
    FROM users AS u
    WHERE u.id = NEW.user_id;
    config := coalesce(config, 'hypernet_simple');
    NEW.search_vector := setweight(to_tsvector(config, left(coalesce(NEW.text, ''), 100000)), 'B');
    RETURN NEW;
END;
$function$;

CREATE OR REPLACE FUNCTION tasks_set_search_vector()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
    config regconfig;
BEGIN
    PERFORM pg_advisory_xact_lock_shared(hashtextextended('search ' || NEW.user_id::text, 0));
    SELECT ('hypernet_' || u.search_language)::regconfig INTO config
    FROM users AS u
    WHERE u.id = NEW.user_id;
    config := coalesce(config, 'hypernet_simple');
    NEW.search_vector := setweight(to_tsvector(config, NEW.title), 'A')
        || setweight(to_tsvector(config, left(coalesce(NEW.notes, ''), 100000)), 'B');
    RETURN NEW;
END;
$function$;

CREATE OR REPLACE FUNCTION transactions_clear_integration()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    UPDATE transactions
    SET source_integration_id = NULL
    WHERE user_id = OLD.user_id
        AND source_integration_id = OLD.id;
    RETURN OLD;
END;
$function$;

CREATE OR REPLACE FUNCTION transactions_set_search_vector()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
    config regconfig;
BEGIN
    PERFORM pg_advisory_xact_lock_shared(hashtextextended('search ' || NEW.user_id::text, 0));
    SELECT ('hypernet_' || u.search_language)::regconfig INTO config
    FROM users AS u
    WHERE u.id = NEW.user_id;
    config := coalesce(config, 'hypernet_simple');
    NEW.search_vector := setweight(to_tsvector(config, coalesce(NEW.merchant, '')), 'A')
        || setweight(to_tsvector(config, coalesce(NEW.description, '')), 'B')
        || setweight(to_tsvector(config, coalesce(NEW.category, '')), 'C');
    RETURN NEW;
END;
$function$;

CREATE OR REPLACE FUNCTION update_user_profile(p_id uuid, p_display_name text, p_password_hash text, p_expected_password_hash text, p_expected_updated_at timestamp with time zone, p_search_language text)
 RETURNS TABLE(id uuid, email text, display_name text, storage_quota_bytes bigint, created_at timestamp with time zone, updated_at timestamp with time zone, metadata jsonb, search_language text)
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'public', 'pg_temp'
AS $function$
    UPDATE public.users AS u
    SET
        display_name = coalesce(p_display_name, u.display_name),
        password_hash = coalesce(p_password_hash, u.password_hash),
        search_language = coalesce(p_search_language, u.search_language)
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
        u.metadata,
        u.search_language
$function$;

CREATE OR REPLACE FUNCTION user_credentials(p_email text)
 RETURNS TABLE(user_id uuid, password_hash text)
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'public', 'pg_temp'
AS $function$
    SELECT
        u.id,
        u.password_hash
    FROM public.user_emails AS e
    JOIN public.users AS u
        ON u.id = e.user_id
    WHERE e.email_lower = lower(p_email)
        AND u.deleted_at IS NULL
$function$;

CREATE OR REPLACE FUNCTION user_password_hash(p_user_id uuid)
 RETURNS text
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'public', 'pg_temp'
AS $function$
    SELECT u.password_hash
    FROM public.users AS u
    WHERE u.id = p_user_id
        AND u.deleted_at IS NULL
$function$;

CREATE OR REPLACE FUNCTION user_search_config(p_user_id uuid)
 RETURNS regconfig
 LANGUAGE sql
 STABLE PARALLEL SAFE
AS $function$
    SELECT search_config((SELECT u.search_language FROM users AS u WHERE u.id = p_user_id))
$function$;

CREATE OR REPLACE FUNCTION users_rebuild_search_vectors()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended('search ' || NEW.id::text, 0));
    PERFORM rebuild_search_vectors(NEW.id);
    RETURN NULL;
END;
$function$;

CREATE OR REPLACE FUNCTION web_pages_set_search_vector()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
    config regconfig;
BEGIN
    PERFORM pg_advisory_xact_lock_shared(hashtextextended('search ' || NEW.user_id::text, 0));
    SELECT ('hypernet_' || u.search_language)::regconfig INTO config
    FROM users AS u
    WHERE u.id = NEW.user_id;
    config := coalesce(config, 'hypernet_simple');
    NEW.search_vector := setweight(to_tsvector(config, coalesce(NEW.title, '')), 'A')
        || setweight(to_tsvector(config, left(coalesce(NEW.content_text, ''), 100000)), 'B')
        || setweight(to_tsvector(config, coalesce(NEW.site_name, '')), 'C');
    RETURN NEW;
END;
$function$;

CREATE TABLE account_erasures (
    user_id uuid NOT NULL,
    requested_at timestamp with time zone DEFAULT now() NOT NULL,
    pseudonym uuid NOT NULL,
    CONSTRAINT account_erasures_pkey PRIMARY KEY (user_id)
);

CREATE TABLE ai_interactions (
    user_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    conversation_id text,
    model text NOT NULL,
    prompt text NOT NULL,
    response text,
    tokens_in bigint DEFAULT 0 NOT NULL,
    tokens_out bigint DEFAULT 0 NOT NULL,
    cost numeric(12,6) DEFAULT 0 NOT NULL,
    currency text DEFAULT 'USD'::text NOT NULL,
    latency_ms bigint,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    metadata jsonb DEFAULT '{}'::jsonb NOT NULL,
    source_integration_id uuid,
    source_platform text,
    source_object_id text,
    CONSTRAINT ai_interactions_conversation_id_length CHECK (((char_length(conversation_id) >= 1) AND (char_length(conversation_id) <= 500))),
    CONSTRAINT ai_interactions_cost_nonnegative CHECK ((cost >= (0)::numeric)),
    CONSTRAINT ai_interactions_currency_iso4217 CHECK ((currency ~ '^[A-Z]{3}$'::text)),
    CONSTRAINT ai_interactions_latency_nonnegative CHECK ((latency_ms >= 0)),
    CONSTRAINT ai_interactions_metadata_is_object CHECK ((jsonb_typeof(metadata) = 'object'::text)),
    CONSTRAINT ai_interactions_model_length CHECK (((char_length(model) >= 1) AND (char_length(model) <= 200))),
    CONSTRAINT ai_interactions_prompt_length CHECK ((char_length(prompt) <= 1000000)),
    CONSTRAINT ai_interactions_response_length CHECK ((char_length(response) <= 1000000)),
    CONSTRAINT ai_interactions_source_complete CHECK (((source_object_id IS NULL) OR (source_platform IS NOT NULL))),
    CONSTRAINT ai_interactions_tokens_nonnegative CHECK (((tokens_in >= 0) AND (tokens_out >= 0))),
    CONSTRAINT ai_interactions_source_integration_fkey FOREIGN KEY (user_id, source_integration_id) REFERENCES integrations(user_id, id),
    CONSTRAINT ai_interactions_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
    CONSTRAINT ai_interactions_pkey PRIMARY KEY (user_id, id)
);

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
    CONSTRAINT audit_log_pkey PRIMARY KEY (user_id, id, occurred_at)
) PARTITION BY RANGE (occurred_at);

CREATE TABLE audit_log_default PARTITION OF audit_log DEFAULT;

CREATE TABLE bookmarks (
    user_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    url text NOT NULL,
    title text,
    description text,
    tags text[] DEFAULT '{}'::text[] NOT NULL,
    folder_path text,
    web_page_id uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    metadata jsonb DEFAULT '{}'::jsonb NOT NULL,
    source_integration_id uuid,
    source_platform text,
    source_object_id text,
    search_vector tsvector,
    CONSTRAINT bookmarks_description_length CHECK (((description IS NULL) OR (char_length(description) <= 10000))),
    CONSTRAINT bookmarks_folder_path_shape CHECK (((folder_path IS NULL) OR (((char_length(folder_path) >= 1) AND (char_length(folder_path) <= 1000)) AND ("left"(folder_path, 1) <> '/'::text) AND ("right"(folder_path, 1) <> '/'::text) AND (strpos(folder_path, '//'::text) = 0)))),
    CONSTRAINT bookmarks_metadata_is_object CHECK ((jsonb_typeof(metadata) = 'object'::text)),
    CONSTRAINT bookmarks_source_complete CHECK (((source_object_id IS NULL) OR (source_platform IS NOT NULL))),
    CONSTRAINT bookmarks_tags_bounded CHECK (((cardinality(tags) <= 100) AND (array_position(tags, NULL::text) IS NULL))),
    CONSTRAINT bookmarks_title_length CHECK (((title IS NULL) OR (char_length(title) <= 1000))),
    CONSTRAINT bookmarks_url_length CHECK (((octet_length(url) >= 1) AND (octet_length(url) <= 2048))),
    CONSTRAINT bookmarks_source_integration_fkey FOREIGN KEY (user_id, source_integration_id) REFERENCES integrations(user_id, id),
    CONSTRAINT bookmarks_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
    CONSTRAINT bookmarks_web_page_fkey FOREIGN KEY (user_id, web_page_id) REFERENCES web_pages(user_id, id),
    CONSTRAINT bookmarks_pkey PRIMARY KEY (user_id, id)
);

CREATE TABLE calendar_events (
    user_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    title text NOT NULL,
    description text,
    location text,
    starts_at timestamp with time zone NOT NULL,
    ends_at timestamp with time zone NOT NULL,
    all_day boolean DEFAULT false NOT NULL,
    time_zone text DEFAULT 'UTC'::text NOT NULL,
    status text DEFAULT 'confirmed'::text NOT NULL,
    attendees jsonb DEFAULT '[]'::jsonb NOT NULL,
    recurrence text,
    exdates timestamp with time zone[] DEFAULT '{}'::timestamp with time zone[] NOT NULL,
    series_ends_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    metadata jsonb DEFAULT '{}'::jsonb NOT NULL,
    source_integration_id uuid,
    source_platform text,
    source_object_id text,
    search_vector tsvector,
    CONSTRAINT calendar_events_all_day_not_empty CHECK (((NOT all_day) OR (ends_at > starts_at))),
    CONSTRAINT calendar_events_attendees_shape CHECK (((jsonb_typeof(attendees) = 'array'::text) AND (jsonb_array_length(attendees) <= 500) AND (NOT jsonb_path_exists(attendees, '$[*]?(((((@.type() != "object" || !(exists (@."address"))) || @."address".type() != "string") || !(exists (@."response"))) || @."response".type() != "string") || !(((@."response" == "needs_action" || @."response" == "accepted") || @."response" == "declined") || @."response" == "tentative"))'::jsonpath)))),
    CONSTRAINT calendar_events_description_length CHECK ((char_length(description) <= 20000)),
    CONSTRAINT calendar_events_ends_after_start CHECK ((ends_at >= starts_at)),
    CONSTRAINT calendar_events_exdates_bounded CHECK (((cardinality(exdates) <= 1000) AND (array_position(exdates, NULL::timestamp with time zone) IS NULL))),
    CONSTRAINT calendar_events_exdates_need_recurrence CHECK (((recurrence IS NOT NULL) OR (cardinality(exdates) = 0))),
    CONSTRAINT calendar_events_location_length CHECK (((char_length(location) >= 1) AND (char_length(location) <= 1000))),
    CONSTRAINT calendar_events_metadata_is_object CHECK ((jsonb_typeof(metadata) = 'object'::text)),
    CONSTRAINT calendar_events_recurrence_shape CHECK (((char_length(recurrence) <= 500) AND (recurrence ~ '^[A-Z]+=[A-Z0-9,+-]+(;[A-Z]+=[A-Z0-9,+-]+)*$'::text))),
    CONSTRAINT calendar_events_series_end_needs_recurrence CHECK (((recurrence IS NOT NULL) OR (series_ends_at IS NULL))),
    CONSTRAINT calendar_events_series_ends_after_first CHECK ((series_ends_at >= ends_at)),
    CONSTRAINT calendar_events_source_complete CHECK (((source_object_id IS NULL) OR (source_platform IS NOT NULL))),
    CONSTRAINT calendar_events_status_known CHECK ((status = ANY (ARRAY['confirmed'::text, 'tentative'::text, 'cancelled'::text]))),
    CONSTRAINT calendar_events_time_zone_shape CHECK (((char_length(time_zone) <= 64) AND (time_zone ~ '^[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)*$'::text))),
    CONSTRAINT calendar_events_title_length CHECK (((char_length(title) >= 1) AND (char_length(title) <= 1000))),
    CONSTRAINT calendar_events_source_integration_fkey FOREIGN KEY (user_id, source_integration_id) REFERENCES integrations(user_id, id),
    CONSTRAINT calendar_events_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
    CONSTRAINT calendar_events_pkey PRIMARY KEY (user_id, id)
);

CREATE TABLE chat_conversations (
    user_id uuid NOT NULL,
    conversation_id text NOT NULL,
    platform text NOT NULL,
    latest_sent_at timestamp with time zone NOT NULL,
    message_count bigint NOT NULL,
    CONSTRAINT chat_conversations_message_count_nonnegative CHECK ((message_count >= 0)),
    CONSTRAINT chat_conversations_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
    CONSTRAINT chat_conversations_pkey PRIMARY KEY (user_id, conversation_id, platform)
);

CREATE TABLE chat_messages (
    user_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    conversation_id text NOT NULL,
    platform text NOT NULL,
    sender text NOT NULL,
    sender_is_user boolean NOT NULL,
    text text NOT NULL,
    sent_at timestamp with time zone NOT NULL,
    reply_to_message_id uuid,
    edited_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    metadata jsonb DEFAULT '{}'::jsonb NOT NULL,
    source_integration_id uuid,
    source_platform text,
    source_object_id text,
    CONSTRAINT chat_messages_conversation_id_length CHECK (((char_length(conversation_id) >= 1) AND (char_length(conversation_id) <= 500))),
    CONSTRAINT chat_messages_edited_after_sent CHECK ((edited_at >= sent_at)),
    CONSTRAINT chat_messages_metadata_is_object CHECK ((jsonb_typeof(metadata) = 'object'::text)),
    CONSTRAINT chat_messages_not_a_reply_to_itself CHECK ((reply_to_message_id <> id)),
    CONSTRAINT chat_messages_platform_shape CHECK ((platform ~ '^[a-z][a-z0-9_]{0,49}$'::text)),
    CONSTRAINT chat_messages_sender_length CHECK (((char_length(sender) >= 1) AND (char_length(sender) <= 320))),
    CONSTRAINT chat_messages_source_complete CHECK (((source_object_id IS NULL) OR (source_platform IS NOT NULL))),
    CONSTRAINT chat_messages_text_length CHECK ((char_length(text) <= 100000)),
    CONSTRAINT chat_messages_reply_to_fkey FOREIGN KEY (user_id, reply_to_message_id) REFERENCES chat_messages(user_id, id),
    CONSTRAINT chat_messages_source_integration_fkey FOREIGN KEY (user_id, source_integration_id) REFERENCES integrations(user_id, id),
    CONSTRAINT chat_messages_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
    CONSTRAINT chat_messages_pkey PRIMARY KEY (user_id, id)
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
    search_vector tsvector,
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

CREATE TABLE devices (
    user_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    name text NOT NULL,
    device_type text NOT NULL,
    os text,
    os_version text,
    last_seen_at timestamp with time zone DEFAULT now() NOT NULL,
    identifiers jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    metadata jsonb DEFAULT '{}'::jsonb NOT NULL,
    source_integration_id uuid,
    source_platform text,
    source_object_id text,
    CONSTRAINT devices_device_type_known CHECK ((device_type = ANY (ARRAY['phone'::text, 'tablet'::text, 'laptop'::text, 'desktop'::text, 'watch'::text, 'tv'::text, 'speaker'::text, 'console'::text, 'headset'::text, 'camera'::text, 'car'::text, 'other'::text]))),
    CONSTRAINT devices_identifiers_shape CHECK (
CASE
    WHEN (jsonb_typeof(identifiers) = 'object'::text) THEN ((NOT jsonb_path_exists(identifiers, 'strict $.keyvalue()?(@."value".type() != "string" || !(@."key" like_regex "^[a-z][a-z0-9_]*$"))'::jsonpath)) AND (octet_length((identifiers)::text) <= 8192))
    ELSE false
END),
    CONSTRAINT devices_metadata_is_object CHECK ((jsonb_typeof(metadata) = 'object'::text)),
    CONSTRAINT devices_name_length CHECK (((char_length(name) >= 1) AND (char_length(name) <= 200))),
    CONSTRAINT devices_os_length CHECK (((char_length(os) >= 1) AND (char_length(os) <= 100))),
    CONSTRAINT devices_os_version_length CHECK (((char_length(os_version) >= 1) AND (char_length(os_version) <= 100))),
    CONSTRAINT devices_os_version_needs_os CHECK (((os_version IS NULL) OR (os IS NOT NULL))),
    CONSTRAINT devices_source_complete CHECK (((source_object_id IS NULL) OR (source_platform IS NOT NULL))),
    CONSTRAINT devices_source_integration_fkey FOREIGN KEY (user_id, source_integration_id) REFERENCES integrations(user_id, id),
    CONSTRAINT devices_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
    CONSTRAINT devices_pkey PRIMARY KEY (user_id, id)
);

CREATE TABLE documents (
    user_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    title text NOT NULL,
    file_path text NOT NULL,
    mime_type text NOT NULL,
    size bigint NOT NULL,
    hash text,
    text_content text,
    page_count integer,
    media_id uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    metadata jsonb DEFAULT '{}'::jsonb NOT NULL,
    source_integration_id uuid,
    source_platform text,
    source_object_id text,
    search_vector tsvector,
    CONSTRAINT documents_file_path_length CHECK (((char_length(file_path) >= 1) AND (char_length(file_path) <= 1024))),
    CONSTRAINT documents_hash_length CHECK (((hash IS NULL) OR ((char_length(hash) >= 1) AND (char_length(hash) <= 200)))),
    CONSTRAINT documents_metadata_is_object CHECK ((jsonb_typeof(metadata) = 'object'::text)),
    CONSTRAINT documents_mime_type_shape CHECK (((mime_type ~ '^[a-z0-9.+-]+/[a-zA-Z0-9.+_-]+$'::text) AND (char_length(mime_type) <= 255))),
    CONSTRAINT documents_page_count_nonnegative CHECK (((page_count IS NULL) OR (page_count >= 0))),
    CONSTRAINT documents_size_nonnegative CHECK ((size >= 0)),
    CONSTRAINT documents_source_complete CHECK (((source_object_id IS NULL) OR (source_platform IS NOT NULL))),
    CONSTRAINT documents_text_content_length CHECK (((text_content IS NULL) OR (char_length(text_content) <= 1000000))),
    CONSTRAINT documents_title_length CHECK (((char_length(title) >= 1) AND (char_length(title) <= 500))),
    CONSTRAINT documents_media_fkey FOREIGN KEY (user_id, media_id) REFERENCES media(user_id, id),
    CONSTRAINT documents_source_integration_fkey FOREIGN KEY (user_id, source_integration_id) REFERENCES integrations(user_id, id),
    CONSTRAINT documents_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
    CONSTRAINT documents_pkey PRIMARY KEY (user_id, id)
);

CREATE TABLE email_thread_labels (
    user_id uuid NOT NULL,
    thread_id uuid NOT NULL,
    label text NOT NULL,
    message_count integer NOT NULL,
    latest_at timestamp with time zone NOT NULL,
    has_unread boolean NOT NULL,
    CONSTRAINT email_thread_labels_count_nonnegative CHECK ((message_count >= 0)),
    CONSTRAINT email_thread_labels_thread_fkey FOREIGN KEY (user_id, thread_id) REFERENCES email_threads(user_id, thread_id),
    CONSTRAINT email_thread_labels_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
    CONSTRAINT email_thread_labels_pkey PRIMARY KEY (user_id, thread_id, label)
);

CREATE TABLE email_threads (
    user_id uuid NOT NULL,
    thread_id uuid NOT NULL,
    latest_email_id uuid NOT NULL,
    latest_at timestamp with time zone NOT NULL,
    subject text NOT NULL,
    message_count integer NOT NULL,
    unread_count integer NOT NULL,
    CONSTRAINT email_threads_counts_valid CHECK (((message_count >= 0) AND (unread_count >= 0) AND (unread_count <= message_count))),
    CONSTRAINT email_threads_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
    CONSTRAINT email_threads_pkey PRIMARY KEY (user_id, thread_id)
);

CREATE TABLE emails (
    user_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    message_id text NOT NULL,
    thread_id uuid NOT NULL,
    in_reply_to text,
    from_address text NOT NULL,
    to_addresses text[] DEFAULT '{}'::text[] NOT NULL,
    cc_addresses text[] DEFAULT '{}'::text[] NOT NULL,
    bcc_addresses text[] DEFAULT '{}'::text[] NOT NULL,
    subject text DEFAULT ''::text NOT NULL,
    sent_at timestamp with time zone NOT NULL,
    body_text text,
    labels text[] DEFAULT '{}'::text[] NOT NULL,
    is_read boolean DEFAULT false NOT NULL,
    is_starred boolean DEFAULT false NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    metadata jsonb DEFAULT '{}'::jsonb NOT NULL,
    source_integration_id uuid,
    source_platform text,
    source_object_id text,
    search_vector tsvector,
    CONSTRAINT emails_addresses_bounded CHECK (((cardinality(to_addresses) <= 1000) AND (cardinality(cc_addresses) <= 1000) AND (cardinality(bcc_addresses) <= 1000) AND (array_position(to_addresses, NULL::text) IS NULL) AND (array_position(cc_addresses, NULL::text) IS NULL) AND (array_position(bcc_addresses, NULL::text) IS NULL))),
    CONSTRAINT emails_body_text_length CHECK ((char_length(body_text) <= 10000000)),
    CONSTRAINT emails_from_address_length CHECK (((char_length(from_address) >= 1) AND (char_length(from_address) <= 998))),
    CONSTRAINT emails_in_reply_to_shape CHECK (((in_reply_to ~ '^<[^<>[:space:]]+>$'::text) AND (char_length(in_reply_to) <= 998))),
    CONSTRAINT emails_labels_bounded CHECK (((cardinality(labels) <= 100) AND (array_position(labels, NULL::text) IS NULL))),
    CONSTRAINT emails_message_id_shape CHECK (((message_id ~ '^<[^<>[:space:]]+>$'::text) AND (char_length(message_id) <= 998))),
    CONSTRAINT emails_metadata_is_object CHECK ((jsonb_typeof(metadata) = 'object'::text)),
    CONSTRAINT emails_source_complete CHECK (((source_object_id IS NULL) OR (source_platform IS NOT NULL))),
    CONSTRAINT emails_subject_length CHECK ((char_length(subject) <= 998)),
    CONSTRAINT emails_source_integration_fkey FOREIGN KEY (user_id, source_integration_id) REFERENCES integrations(user_id, id),
    CONSTRAINT emails_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
    CONSTRAINT emails_pkey PRIMARY KEY (user_id, id)
);

CREATE TABLE health_days (
    user_id uuid NOT NULL,
    day date NOT NULL,
    id uuid NOT NULL,
    starts_at timestamp with time zone NOT NULL,
    record_count bigint NOT NULL,
    steps double precision,
    heart_rate_avg double precision,
    heart_rate_min double precision,
    heart_rate_max double precision,
    sleep_minutes double precision,
    CONSTRAINT health_days_record_count_positive CHECK ((record_count > 0)),
    CONSTRAINT health_days_starts_at_of_day CHECK ((starts_at = ((day)::timestamp without time zone AT TIME ZONE 'UTC'::text))),
    CONSTRAINT health_days_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
    CONSTRAINT health_days_pkey PRIMARY KEY (user_id, day)
);

CREATE TABLE health_records (
    user_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    record_type text NOT NULL,
    recorded_at timestamp with time zone NOT NULL,
    value double precision NOT NULL,
    value2 double precision,
    unit text NOT NULL,
    label text,
    source_device text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    metadata jsonb DEFAULT '{}'::jsonb NOT NULL,
    source_integration_id uuid,
    source_platform text,
    source_object_id text,
    CONSTRAINT health_records_lab_result_named CHECK (((record_type <> 'lab_result'::text) OR (label IS NOT NULL))),
    CONSTRAINT health_records_label_length CHECK (((char_length(label) >= 1) AND (char_length(label) <= 200))),
    CONSTRAINT health_records_metadata_is_object CHECK ((jsonb_typeof(metadata) = 'object'::text)),
    CONSTRAINT health_records_recorded_at_range CHECK (((recorded_at >= '1900-01-01 00:00:00+00'::timestamp with time zone) AND (recorded_at < '2200-01-01 00:00:00+00'::timestamp with time zone))),
    CONSTRAINT health_records_source_complete CHECK (((source_object_id IS NULL) OR (source_platform IS NOT NULL))),
    CONSTRAINT health_records_source_device_length CHECK (((char_length(source_device) >= 1) AND (char_length(source_device) <= 200))),
    CONSTRAINT health_records_steps_whole CHECK (((record_type <> 'steps'::text) OR (value = trunc(value)))),
    CONSTRAINT health_records_type_known CHECK ((record_type = ANY (ARRAY['heart_rate'::text, 'steps'::text, 'weight'::text, 'sleep'::text, 'blood_pressure'::text, 'blood_glucose'::text, 'body_temperature'::text, 'oxygen_saturation'::text, 'lab_result'::text]))),
    CONSTRAINT health_records_unit_length CHECK (((char_length(unit) >= 1) AND (char_length(unit) <= 50))),
    CONSTRAINT health_records_unit_of_type CHECK (
CASE record_type
    WHEN 'heart_rate'::text THEN (unit = 'bpm'::text)
    WHEN 'steps'::text THEN (unit = 'count'::text)
    WHEN 'weight'::text THEN (unit = ANY (ARRAY['kg'::text, 'lb'::text]))
    WHEN 'sleep'::text THEN (unit = 'min'::text)
    WHEN 'blood_pressure'::text THEN (unit = 'mmHg'::text)
    WHEN 'blood_glucose'::text THEN (unit = ANY (ARRAY['mg/dL'::text, 'mmol/L'::text]))
    WHEN 'body_temperature'::text THEN (unit = ANY (ARRAY['degC'::text, 'degF'::text]))
    WHEN 'oxygen_saturation'::text THEN (unit = '%'::text)
    ELSE true
END),
    CONSTRAINT health_records_value2_of_blood_pressure CHECK (((record_type = 'blood_pressure'::text) = (value2 IS NOT NULL))),
    CONSTRAINT health_records_value2_sign CHECK ((value2 >= (0)::double precision)),
    CONSTRAINT health_records_value_sign CHECK (((value >= (0)::double precision) OR (record_type = 'lab_result'::text))),
    CONSTRAINT health_records_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
    CONSTRAINT health_records_pkey PRIMARY KEY (user_id, id, recorded_at)
) PARTITION BY RANGE (recorded_at);

CREATE TABLE health_records_default PARTITION OF health_records DEFAULT;

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

CREATE TABLE location_stays (
    user_id uuid NOT NULL,
    id uuid NOT NULL,
    started_at timestamp with time zone NOT NULL,
    ended_at timestamp with time zone NOT NULL,
    latitude double precision NOT NULL,
    longitude double precision NOT NULL,
    point_count bigint NOT NULL,
    CONSTRAINT location_stays_lasts CHECK ((ended_at >= (started_at + '00:10:00'::interval))),
    CONSTRAINT location_stays_latitude_range CHECK (((latitude >= ('-90'::integer)::double precision) AND (latitude <= (90)::double precision))),
    CONSTRAINT location_stays_longitude_range CHECK (((longitude >= ('-180'::integer)::double precision) AND (longitude <= (180)::double precision))),
    CONSTRAINT location_stays_point_count CHECK ((point_count >= 2)),
    CONSTRAINT location_stays_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
    CONSTRAINT location_stays_pkey PRIMARY KEY (user_id, id)
);

CREATE TABLE locations (
    user_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    recorded_at timestamp with time zone NOT NULL,
    latitude double precision NOT NULL,
    longitude double precision NOT NULL,
    accuracy_m double precision,
    altitude_m double precision,
    activity text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    metadata jsonb DEFAULT '{}'::jsonb NOT NULL,
    source_integration_id uuid,
    source_platform text,
    source_object_id text,
    CONSTRAINT locations_accuracy_range CHECK (((accuracy_m >= (0)::double precision) AND (accuracy_m <= (1000000)::double precision))),
    CONSTRAINT locations_activity_known CHECK ((activity = ANY (ARRAY['still'::text, 'walking'::text, 'running'::text, 'cycling'::text, 'in_vehicle'::text, 'in_flight'::text, 'on_boat'::text, 'unknown'::text]))),
    CONSTRAINT locations_altitude_range CHECK (((altitude_m >= ('-12000'::integer)::double precision) AND (altitude_m <= (100000)::double precision))),
    CONSTRAINT locations_latitude_range CHECK (((latitude >= ('-90'::integer)::double precision) AND (latitude <= (90)::double precision))),
    CONSTRAINT locations_longitude_range CHECK (((longitude >= ('-180'::integer)::double precision) AND (longitude <= (180)::double precision))),
    CONSTRAINT locations_metadata_is_object CHECK ((jsonb_typeof(metadata) = 'object'::text)),
    CONSTRAINT locations_recorded_at_range CHECK (((recorded_at >= '1900-01-01 00:00:00+00'::timestamp with time zone) AND (recorded_at < '2200-01-01 00:00:00+00'::timestamp with time zone))),
    CONSTRAINT locations_source_complete CHECK (((source_object_id IS NULL) OR (source_platform IS NOT NULL))),
    CONSTRAINT locations_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
    CONSTRAINT locations_pkey PRIMARY KEY (user_id, id, recorded_at)
) PARTITION BY RANGE (recorded_at);

CREATE TABLE locations_default PARTITION OF locations DEFAULT;

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
    search_vector tsvector,
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

CREATE TABLE notes (
    user_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    title text,
    body text DEFAULT ''::text NOT NULL,
    pinned boolean DEFAULT false NOT NULL,
    archived boolean DEFAULT false NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    metadata jsonb DEFAULT '{}'::jsonb NOT NULL,
    source_integration_id uuid,
    source_platform text,
    source_object_id text,
    search_vector tsvector,
    CONSTRAINT notes_body_length CHECK ((char_length(body) <= 200000)),
    CONSTRAINT notes_metadata_is_object CHECK ((jsonb_typeof(metadata) = 'object'::text)),
    CONSTRAINT notes_source_complete CHECK (((source_object_id IS NULL) OR (source_platform IS NOT NULL))),
    CONSTRAINT notes_title_length CHECK (((title IS NULL) OR (char_length(title) <= 1000))),
    CONSTRAINT notes_updated_after_created CHECK ((updated_at >= created_at)),
    CONSTRAINT notes_source_integration_fkey FOREIGN KEY (user_id, source_integration_id) REFERENCES integrations(user_id, id),
    CONSTRAINT notes_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
    CONSTRAINT notes_pkey PRIMARY KEY (user_id, id)
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

CREATE TABLE profile_attributes (
    user_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    key text COLLATE "C" NOT NULL,
    value jsonb NOT NULL,
    visibility text DEFAULT 'private'::text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    metadata jsonb DEFAULT '{}'::jsonb NOT NULL,
    source_integration_id uuid,
    source_platform text,
    source_object_id text,
    CONSTRAINT profile_attributes_key_shape CHECK (((key ~ '^[a-z][a-z0-9_.]*$'::text) AND (char_length(key) <= 100))),
    CONSTRAINT profile_attributes_metadata_is_object CHECK ((jsonb_typeof(metadata) = 'object'::text)),
    CONSTRAINT profile_attributes_source_complete CHECK (((source_object_id IS NULL) OR (source_platform IS NOT NULL))),
    CONSTRAINT profile_attributes_value_size CHECK ((octet_length((value)::text) <= 32768)),
    CONSTRAINT profile_attributes_visibility_known CHECK ((visibility = ANY (ARRAY['private'::text, 'contacts'::text, 'public'::text]))),
    CONSTRAINT profile_attributes_source_integration_fkey FOREIGN KEY (user_id, source_integration_id) REFERENCES integrations(user_id, id),
    CONSTRAINT profile_attributes_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
    CONSTRAINT profile_attributes_pkey PRIMARY KEY (user_id, id)
);

CREATE TABLE projects (
    user_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    name text NOT NULL,
    description text,
    status text DEFAULT 'active'::text NOT NULL,
    color text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    metadata jsonb DEFAULT '{}'::jsonb NOT NULL,
    source_integration_id uuid,
    source_platform text,
    source_object_id text,
    CONSTRAINT projects_color_shape CHECK ((color ~ '^#[0-9a-f]{6}$'::text)),
    CONSTRAINT projects_description_length CHECK ((char_length(description) <= 10000)),
    CONSTRAINT projects_metadata_is_object CHECK ((jsonb_typeof(metadata) = 'object'::text)),
    CONSTRAINT projects_name_length CHECK (((char_length(name) >= 1) AND (char_length(name) <= 200))),
    CONSTRAINT projects_source_complete CHECK (((source_object_id IS NULL) OR (source_platform IS NOT NULL))),
    CONSTRAINT projects_status_known CHECK ((status = ANY (ARRAY['active'::text, 'archived'::text]))),
    CONSTRAINT projects_source_integration_fkey FOREIGN KEY (user_id, source_integration_id) REFERENCES integrations(user_id, id),
    CONSTRAINT projects_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
    CONSTRAINT projects_pkey PRIMARY KEY (user_id, id)
);

CREATE TABLE rate_limits (
    scope text NOT NULL,
    key text NOT NULL,
    hits bigint NOT NULL,
    window_end timestamp with time zone NOT NULL,
    CONSTRAINT rate_limits_hits_positive CHECK ((hits > 0)),
    CONSTRAINT rate_limits_key_length CHECK (((char_length(key) >= 1) AND (char_length(key) <= 100))),
    CONSTRAINT rate_limits_scope_length CHECK (((char_length(scope) >= 1) AND (char_length(scope) <= 40))),
    CONSTRAINT rate_limits_pkey PRIMARY KEY (scope, key)
) WITH (fillfactor=70);

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
    session_started_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT refresh_tokens_expires_after_created CHECK ((expires_at > created_at)),
    CONSTRAINT refresh_tokens_hash_is_sha256 CHECK ((octet_length(token_hash) = 32)),
    CONSTRAINT refresh_tokens_revocation_complete CHECK (((revoked_at IS NULL) = (revoke_reason IS NULL))),
    CONSTRAINT refresh_tokens_revoke_reason_known CHECK ((revoke_reason = ANY (ARRAY['logout'::text, 'logout_all'::text, 'password_change'::text, 'reuse'::text, 'account_deleted'::text]))),
    CONSTRAINT refresh_tokens_rotation_complete CHECK (((rotated_at IS NULL) = (replaced_by IS NULL))),
    CONSTRAINT refresh_tokens_session_started_first CHECK ((session_started_at <= created_at)),
    CONSTRAINT refresh_tokens_user_agent_length CHECK ((char_length(user_agent) <= 500)),
    CONSTRAINT refresh_tokens_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
    CONSTRAINT refresh_tokens_pkey PRIMARY KEY (user_id, id)
);

CREATE TABLE revoked_sessions (
    session_id uuid NOT NULL,
    revoked_at timestamp with time zone DEFAULT now() NOT NULL,
    reason text NOT NULL,
    CONSTRAINT revoked_sessions_reason_known CHECK ((reason = ANY (ARRAY['logout'::text, 'logout_all'::text, 'password_change'::text, 'reuse'::text, 'account_deleted'::text]))),
    CONSTRAINT revoked_sessions_pkey PRIMARY KEY (session_id)
);

CREATE TABLE schema_migrations (
    version integer NOT NULL,
    name text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL,
    execution_ms integer NOT NULL,
    CONSTRAINT schema_migrations_pkey PRIMARY KEY (version)
);

CREATE TABLE social_accounts (
    user_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    platform text NOT NULL,
    handle text NOT NULL,
    display_name text,
    profile_url text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    metadata jsonb DEFAULT '{}'::jsonb NOT NULL,
    source_integration_id uuid,
    source_platform text,
    source_object_id text,
    CONSTRAINT social_accounts_display_name_length CHECK (((char_length(display_name) >= 1) AND (char_length(display_name) <= 200))),
    CONSTRAINT social_accounts_handle_shape CHECK ((((char_length(handle) >= 1) AND (char_length(handle) <= 200)) AND (handle !~ '^@'::text))),
    CONSTRAINT social_accounts_metadata_is_object CHECK ((jsonb_typeof(metadata) = 'object'::text)),
    CONSTRAINT social_accounts_platform_shape CHECK ((platform ~ '^[a-z][a-z0-9_.-]{0,49}$'::text)),
    CONSTRAINT social_accounts_profile_url_shape CHECK (((char_length(profile_url) <= 2048) AND (profile_url ~ '^https?://'::text))),
    CONSTRAINT social_accounts_source_complete CHECK (((source_object_id IS NULL) OR (source_platform IS NOT NULL))),
    CONSTRAINT social_accounts_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
    CONSTRAINT social_accounts_pkey PRIMARY KEY (user_id, id)
);

CREATE TABLE social_posts (
    user_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    account_id uuid NOT NULL,
    platform text NOT NULL,
    posted_at timestamp with time zone NOT NULL,
    text text,
    url text,
    reply_to_post_id uuid,
    like_count integer DEFAULT 0 NOT NULL,
    share_count integer DEFAULT 0 NOT NULL,
    reply_count integer DEFAULT 0 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    metadata jsonb DEFAULT '{}'::jsonb NOT NULL,
    source_integration_id uuid,
    source_platform text,
    source_object_id text,
    search_vector tsvector,
    CONSTRAINT social_posts_counts_nonnegative CHECK (((like_count >= 0) AND (share_count >= 0) AND (reply_count >= 0))),
    CONSTRAINT social_posts_metadata_is_object CHECK ((jsonb_typeof(metadata) = 'object'::text)),
    CONSTRAINT social_posts_not_a_reply_to_itself CHECK ((reply_to_post_id <> id)),
    CONSTRAINT social_posts_platform_shape CHECK ((platform ~ '^[a-z][a-z0-9_.-]{0,49}$'::text)),
    CONSTRAINT social_posts_source_complete CHECK (((source_object_id IS NULL) OR (source_platform IS NOT NULL))),
    CONSTRAINT social_posts_text_length CHECK ((char_length(text) <= 100000)),
    CONSTRAINT social_posts_url_shape CHECK (((char_length(url) <= 2048) AND (url ~ '^https?://'::text))),
    CONSTRAINT social_posts_account_fkey FOREIGN KEY (user_id, account_id) REFERENCES social_accounts(user_id, id),
    CONSTRAINT social_posts_reply_to_fkey FOREIGN KEY (user_id, reply_to_post_id) REFERENCES social_posts(user_id, id),
    CONSTRAINT social_posts_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
    CONSTRAINT social_posts_pkey PRIMARY KEY (user_id, id)
);

CREATE TABLE tasks (
    user_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    title text NOT NULL,
    notes text,
    status text DEFAULT 'todo'::text NOT NULL,
    priority smallint DEFAULT 0 NOT NULL,
    due_at timestamp with time zone,
    completed_at timestamp with time zone,
    project_id uuid,
    parent_task_id uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    metadata jsonb DEFAULT '{}'::jsonb NOT NULL,
    source_integration_id uuid,
    source_platform text,
    source_object_id text,
    search_vector tsvector,
    CONSTRAINT tasks_completed_at_when_done CHECK (((status = 'done'::text) = (completed_at IS NOT NULL))),
    CONSTRAINT tasks_metadata_is_object CHECK ((jsonb_typeof(metadata) = 'object'::text)),
    CONSTRAINT tasks_not_its_own_parent CHECK ((parent_task_id <> id)),
    CONSTRAINT tasks_notes_length CHECK ((char_length(notes) <= 100000)),
    CONSTRAINT tasks_priority_range CHECK (((priority >= 0) AND (priority <= 3))),
    CONSTRAINT tasks_source_complete CHECK (((source_object_id IS NULL) OR (source_platform IS NOT NULL))),
    CONSTRAINT tasks_status_known CHECK ((status = ANY (ARRAY['todo'::text, 'in_progress'::text, 'done'::text, 'cancelled'::text]))),
    CONSTRAINT tasks_title_length CHECK (((char_length(title) >= 1) AND (char_length(title) <= 500))),
    CONSTRAINT tasks_parent_fkey FOREIGN KEY (user_id, parent_task_id) REFERENCES tasks(user_id, id),
    CONSTRAINT tasks_project_fkey FOREIGN KEY (user_id, project_id) REFERENCES projects(user_id, id),
    CONSTRAINT tasks_source_integration_fkey FOREIGN KEY (user_id, source_integration_id) REFERENCES integrations(user_id, id),
    CONSTRAINT tasks_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
    CONSTRAINT tasks_pkey PRIMARY KEY (user_id, id)
);

CREATE TABLE transactions (
    user_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    account_name text NOT NULL,
    amount numeric NOT NULL,
    currency text NOT NULL,
    occurred_at timestamp with time zone NOT NULL,
    merchant text,
    category text,
    description text,
    pending boolean DEFAULT false NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    metadata jsonb DEFAULT '{}'::jsonb NOT NULL,
    source_integration_id uuid,
    source_platform text,
    source_object_id text,
    search_vector tsvector,
    CONSTRAINT transactions_account_name_length CHECK (((char_length(account_name) >= 1) AND (char_length(account_name) <= 200))),
    CONSTRAINT transactions_amount_bounded CHECK (((scale(amount) <= 4) AND (abs(amount) < ('1000000000000000'::bigint)::numeric))),
    CONSTRAINT transactions_category_length CHECK (((char_length(category) >= 1) AND (char_length(category) <= 100))),
    CONSTRAINT transactions_currency_iso4217 CHECK ((currency ~ '^[A-Z]{3}$'::text)),
    CONSTRAINT transactions_description_length CHECK ((char_length(description) <= 10000)),
    CONSTRAINT transactions_merchant_length CHECK (((char_length(merchant) >= 1) AND (char_length(merchant) <= 500))),
    CONSTRAINT transactions_metadata_is_object CHECK ((jsonb_typeof(metadata) = 'object'::text)),
    CONSTRAINT transactions_source_complete CHECK (((source_object_id IS NULL) OR (source_platform IS NOT NULL))),
    CONSTRAINT transactions_source_integration_fkey FOREIGN KEY (user_id, source_integration_id) REFERENCES integrations(user_id, id),
    CONSTRAINT transactions_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
    CONSTRAINT transactions_pkey PRIMARY KEY (user_id, id)
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
    search_language text DEFAULT 'simple'::text NOT NULL,
    CONSTRAINT users_display_name_length CHECK (((char_length(display_name) >= 1) AND (char_length(display_name) <= 200))),
    CONSTRAINT users_email_length CHECK (((char_length(email) >= 3) AND (char_length(email) <= 320))),
    CONSTRAINT users_metadata_is_object CHECK ((jsonb_typeof(metadata) = 'object'::text)),
    CONSTRAINT users_search_language_known CHECK ((search_language = ANY (ARRAY['simple'::text, 'danish'::text, 'dutch'::text, 'english'::text, 'finnish'::text, 'french'::text, 'german'::text, 'hungarian'::text, 'italian'::text, 'norwegian'::text, 'portuguese'::text, 'romanian'::text, 'russian'::text, 'spanish'::text, 'swedish'::text, 'turkish'::text]))),
    CONSTRAINT users_storage_quota_nonnegative CHECK ((storage_quota_bytes >= 0)),
    CONSTRAINT users_pkey PRIMARY KEY (id)
);

CREATE TABLE web_pages (
    user_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    url text NOT NULL,
    canonical_url text NOT NULL,
    title text,
    site_name text,
    content_text text,
    fetched_at timestamp with time zone,
    reading_state text DEFAULT 'unread'::text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    metadata jsonb DEFAULT '{}'::jsonb NOT NULL,
    source_integration_id uuid,
    source_platform text,
    source_object_id text,
    search_vector tsvector,
    CONSTRAINT web_pages_canonical_url_length CHECK (((octet_length(canonical_url) >= 1) AND (octet_length(canonical_url) <= 2048))),
    CONSTRAINT web_pages_content_text_length CHECK (((content_text IS NULL) OR (char_length(content_text) <= 1000000))),
    CONSTRAINT web_pages_metadata_is_object CHECK ((jsonb_typeof(metadata) = 'object'::text)),
    CONSTRAINT web_pages_reading_state_known CHECK ((reading_state = ANY (ARRAY['unread'::text, 'reading'::text, 'read'::text, 'archived'::text]))),
    CONSTRAINT web_pages_site_name_length CHECK (((site_name IS NULL) OR (char_length(site_name) <= 200))),
    CONSTRAINT web_pages_source_complete CHECK (((source_object_id IS NULL) OR (source_platform IS NOT NULL))),
    CONSTRAINT web_pages_title_length CHECK (((title IS NULL) OR (char_length(title) <= 1000))),
    CONSTRAINT web_pages_url_length CHECK (((octet_length(url) >= 1) AND (octet_length(url) <= 2048))),
    CONSTRAINT web_pages_source_integration_fkey FOREIGN KEY (user_id, source_integration_id) REFERENCES integrations(user_id, id),
    CONSTRAINT web_pages_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
    CONSTRAINT web_pages_pkey PRIMARY KEY (user_id, id)
);

CREATE INDEX ai_interactions_live_conversation_idx ON ai_interactions USING btree (user_id, conversation_id, created_at, id) WHERE ((deleted_at IS NULL) AND (conversation_id IS NOT NULL));

CREATE INDEX ai_interactions_live_model_idx ON ai_interactions USING btree (user_id, model, created_at, id) WHERE (deleted_at IS NULL);

CREATE UNIQUE INDEX ai_interactions_live_source_key ON ai_interactions USING btree (user_id, source_platform, source_object_id) WHERE ((deleted_at IS NULL) AND (source_platform IS NOT NULL) AND (source_object_id IS NOT NULL));

CREATE INDEX ai_interactions_live_user_created_idx ON ai_interactions USING btree (user_id, created_at, id) INCLUDE (model, currency, tokens_in, tokens_out, cost) WHERE (deleted_at IS NULL);

CREATE INDEX ai_interactions_purge_deleted_idx ON ai_interactions USING btree (deleted_at) WHERE (deleted_at IS NOT NULL);

CREATE INDEX ai_interactions_trash_user_deleted_idx ON ai_interactions USING btree (user_id, deleted_at, id) WHERE (deleted_at IS NOT NULL);

CREATE INDEX ai_interactions_user_source_integration_idx ON ai_interactions USING btree (user_id, source_integration_id) WHERE (source_integration_id IS NOT NULL);

CREATE UNIQUE INDEX albums_live_source_key ON albums USING btree (user_id, source_platform, source_object_id) WHERE ((deleted_at IS NULL) AND (source_platform IS NOT NULL) AND (source_object_id IS NOT NULL));

CREATE INDEX albums_live_user_created_idx ON albums USING btree (user_id, created_at, id) WHERE (deleted_at IS NULL);

CREATE INDEX albums_purge_deleted_idx ON albums USING btree (deleted_at) WHERE (deleted_at IS NOT NULL);

CREATE INDEX albums_trash_user_deleted_idx ON albums USING btree (user_id, deleted_at, id) WHERE (deleted_at IS NOT NULL);

CREATE INDEX albums_user_cover_idx ON albums USING btree (user_id, cover_media_id);

CREATE INDEX audit_log_user_occurred_idx ON ONLY audit_log USING btree (user_id, occurred_at, id);

CREATE UNIQUE INDEX bookmarks_live_source_key ON bookmarks USING btree (user_id, source_platform, source_object_id) WHERE ((deleted_at IS NULL) AND (source_platform IS NOT NULL) AND (source_object_id IS NOT NULL));

CREATE INDEX bookmarks_live_tags_gin_idx ON bookmarks USING gin (tags) WHERE (deleted_at IS NULL);

CREATE UNIQUE INDEX bookmarks_live_url_key ON bookmarks USING btree (user_id, url) WHERE (deleted_at IS NULL);

CREATE INDEX bookmarks_live_user_created_idx ON bookmarks USING btree (user_id, created_at, id) WHERE (deleted_at IS NULL);

CREATE INDEX bookmarks_live_user_folder_idx ON bookmarks USING btree (user_id, folder_path text_pattern_ops) WHERE ((deleted_at IS NULL) AND (folder_path IS NOT NULL));

CREATE INDEX bookmarks_purge_deleted_idx ON bookmarks USING btree (deleted_at) WHERE (deleted_at IS NOT NULL);

CREATE INDEX bookmarks_search_idx ON bookmarks USING gin (user_id, search_vector) WHERE (deleted_at IS NULL);

CREATE INDEX bookmarks_trash_user_deleted_idx ON bookmarks USING btree (user_id, deleted_at, id) WHERE (deleted_at IS NOT NULL);

CREATE INDEX bookmarks_user_source_integration_idx ON bookmarks USING btree (user_id, source_integration_id) WHERE (source_integration_id IS NOT NULL);

CREATE INDEX bookmarks_user_web_page_idx ON bookmarks USING btree (user_id, web_page_id) WHERE (web_page_id IS NOT NULL);

CREATE UNIQUE INDEX calendar_events_live_source_key ON calendar_events USING btree (user_id, source_platform, source_object_id) WHERE ((deleted_at IS NULL) AND (source_platform IS NOT NULL) AND (source_object_id IS NOT NULL));

CREATE INDEX calendar_events_live_span_idx ON calendar_events USING gist (user_id, tstzrange(starts_at,
CASE
    WHEN (recurrence IS NULL) THEN ends_at
    ELSE series_ends_at
END, '[]'::text)) WHERE (deleted_at IS NULL);

CREATE INDEX calendar_events_live_user_starts_idx ON calendar_events USING btree (user_id, starts_at, id) WHERE (deleted_at IS NULL);

CREATE INDEX calendar_events_live_user_status_starts_idx ON calendar_events USING btree (user_id, status, starts_at, id) WHERE (deleted_at IS NULL);

CREATE INDEX calendar_events_purge_deleted_idx ON calendar_events USING btree (deleted_at) WHERE (deleted_at IS NOT NULL);

CREATE INDEX calendar_events_search_idx ON calendar_events USING gin (user_id, search_vector) WHERE (deleted_at IS NULL);

CREATE INDEX calendar_events_trash_user_deleted_idx ON calendar_events USING btree (user_id, deleted_at, id) WHERE (deleted_at IS NOT NULL);

CREATE INDEX calendar_events_user_source_integration_idx ON calendar_events USING btree (user_id, source_integration_id) WHERE (source_integration_id IS NOT NULL);

CREATE INDEX chat_conversations_user_latest_idx ON chat_conversations USING btree (user_id, latest_sent_at, conversation_id, platform);

CREATE INDEX chat_messages_live_conversation_idx ON chat_messages USING btree (user_id, conversation_id, sent_at, id) WHERE (deleted_at IS NULL);

CREATE UNIQUE INDEX chat_messages_live_source_key ON chat_messages USING btree (user_id, source_platform, source_object_id) WHERE ((deleted_at IS NULL) AND (source_platform IS NOT NULL) AND (source_object_id IS NOT NULL));

CREATE INDEX chat_messages_live_user_sent_idx ON chat_messages USING btree (user_id, sent_at, id) WHERE (deleted_at IS NULL);

CREATE INDEX chat_messages_purge_deleted_idx ON chat_messages USING btree (deleted_at) WHERE (deleted_at IS NOT NULL);

CREATE INDEX chat_messages_trash_user_deleted_idx ON chat_messages USING btree (user_id, deleted_at, id) WHERE (deleted_at IS NOT NULL);

CREATE INDEX chat_messages_user_reply_to_idx ON chat_messages USING btree (user_id, reply_to_message_id) WHERE (reply_to_message_id IS NOT NULL);

CREATE INDEX chat_messages_user_source_integration_idx ON chat_messages USING btree (user_id, source_integration_id) WHERE (source_integration_id IS NOT NULL);

CREATE INDEX contacts_live_lookup_idx ON contacts USING gin (lookup_keys) WHERE (deleted_at IS NULL);

CREATE UNIQUE INDEX contacts_live_source_key ON contacts USING btree (user_id, source_platform, source_object_id) WHERE ((deleted_at IS NULL) AND (source_platform IS NOT NULL) AND (source_object_id IS NOT NULL));

CREATE INDEX contacts_live_user_name_idx ON contacts USING btree (user_id, display_name, id) WHERE (deleted_at IS NULL);

CREATE INDEX contacts_purge_deleted_idx ON contacts USING btree (deleted_at) WHERE (deleted_at IS NOT NULL);

CREATE INDEX contacts_search_idx ON contacts USING gin (user_id, search_vector) WHERE (deleted_at IS NULL);

CREATE INDEX contacts_trash_user_deleted_idx ON contacts USING btree (user_id, deleted_at, id) WHERE (deleted_at IS NOT NULL);

CREATE UNIQUE INDEX devices_live_source_key ON devices USING btree (user_id, source_platform, source_object_id) WHERE ((deleted_at IS NULL) AND (source_platform IS NOT NULL) AND (source_object_id IS NOT NULL));

CREATE INDEX devices_live_user_seen_idx ON devices USING btree (user_id, last_seen_at, id) WHERE (deleted_at IS NULL);

CREATE INDEX devices_live_user_type_seen_idx ON devices USING btree (user_id, device_type, last_seen_at, id) WHERE (deleted_at IS NULL);

CREATE INDEX devices_purge_deleted_idx ON devices USING btree (deleted_at) WHERE (deleted_at IS NOT NULL);

CREATE INDEX devices_trash_user_deleted_idx ON devices USING btree (user_id, deleted_at, id) WHERE (deleted_at IS NOT NULL);

CREATE INDEX devices_user_source_integration_idx ON devices USING btree (user_id, source_integration_id) WHERE (source_integration_id IS NOT NULL);

CREATE UNIQUE INDEX documents_live_source_key ON documents USING btree (user_id, source_platform, source_object_id) WHERE ((deleted_at IS NULL) AND (source_platform IS NOT NULL) AND (source_object_id IS NOT NULL));

CREATE INDEX documents_live_user_created_idx ON documents USING btree (user_id, created_at, id) WHERE (deleted_at IS NULL);

CREATE INDEX documents_live_user_mime_created_idx ON documents USING btree (user_id, mime_type, created_at, id) WHERE (deleted_at IS NULL);

CREATE INDEX documents_live_user_title_idx ON documents USING btree (user_id, title, id) WHERE (deleted_at IS NULL);

CREATE INDEX documents_purge_deleted_idx ON documents USING btree (deleted_at) WHERE (deleted_at IS NOT NULL);

CREATE INDEX documents_search_idx ON documents USING gin (user_id, search_vector) WHERE (deleted_at IS NULL);

CREATE INDEX documents_trash_user_deleted_idx ON documents USING btree (user_id, deleted_at, id) WHERE (deleted_at IS NOT NULL);

CREATE INDEX documents_user_media_idx ON documents USING btree (user_id, media_id) WHERE (media_id IS NOT NULL);

CREATE INDEX documents_user_source_integration_idx ON documents USING btree (user_id, source_integration_id) WHERE (source_integration_id IS NOT NULL);

CREATE INDEX email_thread_labels_unread_latest_idx ON email_thread_labels USING btree (user_id, label, latest_at, thread_id) WHERE has_unread;

CREATE INDEX email_thread_labels_user_label_latest_idx ON email_thread_labels USING btree (user_id, label, latest_at, thread_id);

CREATE INDEX email_threads_unread_latest_idx ON email_threads USING btree (user_id, latest_at, thread_id) WHERE (unread_count > 0);

CREATE INDEX email_threads_user_latest_idx ON email_threads USING btree (user_id, latest_at, thread_id);

CREATE INDEX emails_live_labels_gin_idx ON emails USING gin (labels) WHERE (deleted_at IS NULL);

CREATE UNIQUE INDEX emails_live_message_id_key ON emails USING btree (user_id, message_id) WHERE (deleted_at IS NULL);

CREATE UNIQUE INDEX emails_live_source_key ON emails USING btree (user_id, source_platform, source_object_id) WHERE ((deleted_at IS NULL) AND (source_platform IS NOT NULL) AND (source_object_id IS NOT NULL));

CREATE INDEX emails_live_thread_sent_idx ON emails USING btree (user_id, thread_id, sent_at, id) WHERE (deleted_at IS NULL);

CREATE INDEX emails_live_unread_sent_idx ON emails USING btree (user_id, sent_at, id) WHERE ((deleted_at IS NULL) AND (NOT is_read));

CREATE INDEX emails_live_user_sent_idx ON emails USING btree (user_id, sent_at, id) WHERE (deleted_at IS NULL);

CREATE INDEX emails_purge_deleted_idx ON emails USING btree (deleted_at) WHERE (deleted_at IS NOT NULL);

CREATE INDEX emails_search_idx ON emails USING gin (user_id, search_vector) WHERE (deleted_at IS NULL);

CREATE INDEX emails_trash_user_deleted_idx ON emails USING btree (user_id, deleted_at, id) WHERE (deleted_at IS NOT NULL);

CREATE INDEX emails_user_source_integration_idx ON emails USING btree (user_id, source_integration_id, sent_at, id) WHERE (source_integration_id IS NOT NULL);

CREATE UNIQUE INDEX health_days_user_starts_key ON health_days USING btree (user_id, starts_at, id);

CREATE UNIQUE INDEX health_records_live_source_key ON ONLY health_records USING btree (user_id, source_platform, source_object_id, recorded_at) WHERE ((deleted_at IS NULL) AND (source_platform IS NOT NULL) AND (source_object_id IS NOT NULL));

CREATE INDEX health_records_live_user_recorded_idx ON ONLY health_records USING btree (user_id, recorded_at, id) WHERE (deleted_at IS NULL);

CREATE INDEX health_records_live_user_type_recorded_idx ON ONLY health_records USING btree (user_id, record_type, recorded_at, id) INCLUDE (value, value2, unit) WHERE (deleted_at IS NULL);

CREATE INDEX health_records_purge_deleted_idx ON ONLY health_records USING btree (deleted_at) WHERE (deleted_at IS NOT NULL);

CREATE INDEX health_records_trash_user_deleted_idx ON ONLY health_records USING btree (user_id, deleted_at, id) WHERE (deleted_at IS NOT NULL);

CREATE INDEX integration_secrets_key_idx ON integration_secrets USING btree (key_id);

CREATE UNIQUE INDEX integrations_live_source_key ON integrations USING btree (user_id, source_platform, source_object_id) WHERE ((deleted_at IS NULL) AND (source_platform IS NOT NULL) AND (source_object_id IS NOT NULL));

CREATE INDEX integrations_live_user_created_idx ON integrations USING btree (user_id, created_at, id) WHERE (deleted_at IS NULL);

CREATE INDEX integrations_purge_deleted_idx ON integrations USING btree (deleted_at) WHERE (deleted_at IS NOT NULL);

CREATE INDEX integrations_trash_user_deleted_idx ON integrations USING btree (user_id, deleted_at, id) WHERE (deleted_at IS NOT NULL);

CREATE INDEX links_live_from_created_idx ON links USING btree (user_id, from_object_id, created_at, id) WHERE (deleted_at IS NULL);

CREATE INDEX links_live_from_sorted_idx ON links USING btree (user_id, from_object_id, link_type, sort_order, to_object_id) WHERE (deleted_at IS NULL);

CREATE UNIQUE INDEX links_live_key ON links USING btree (user_id, from_object_id, to_object_id, link_type) WHERE (deleted_at IS NULL);

CREATE INDEX links_live_to_created_idx ON links USING btree (user_id, to_object_id, created_at, id) WHERE (deleted_at IS NULL);

CREATE INDEX links_purge_deleted_idx ON links USING btree (deleted_at) WHERE (deleted_at IS NOT NULL);

CREATE INDEX links_user_from_idx ON links USING btree (user_id, from_object_id);

CREATE INDEX links_user_to_idx ON links USING btree (user_id, to_object_id);

CREATE UNIQUE INDEX location_stays_user_started_key ON location_stays USING btree (user_id, started_at, id) INCLUDE (ended_at, latitude, longitude, point_count);

CREATE UNIQUE INDEX locations_live_point_key ON ONLY locations USING btree (user_id, recorded_at) WHERE (deleted_at IS NULL);

CREATE INDEX locations_purge_deleted_idx ON ONLY locations USING btree (deleted_at) WHERE (deleted_at IS NOT NULL);

CREATE INDEX locations_trash_user_deleted_idx ON ONLY locations USING btree (user_id, deleted_at, id) WHERE (deleted_at IS NOT NULL);

CREATE UNIQUE INDEX media_live_source_key ON media USING btree (user_id, source_platform, source_object_id) WHERE ((deleted_at IS NULL) AND (source_platform IS NOT NULL) AND (source_object_id IS NOT NULL));

CREATE INDEX media_live_user_sort_idx ON media USING btree (user_id, sort_at, id) WHERE (deleted_at IS NULL);

CREATE INDEX media_live_user_type_sort_idx ON media USING btree (user_id, media_type, sort_at, id) WHERE (deleted_at IS NULL);

CREATE INDEX media_metadata_gin_idx ON media USING gin (metadata jsonb_path_ops) WHERE (deleted_at IS NULL);

CREATE INDEX media_purge_deleted_idx ON media USING btree (deleted_at) WHERE (deleted_at IS NOT NULL);

CREATE INDEX media_search_idx ON media USING gin (user_id, search_vector) WHERE (deleted_at IS NULL);

CREATE INDEX media_trash_user_deleted_idx ON media USING btree (user_id, deleted_at, id) WHERE (deleted_at IS NOT NULL);

CREATE INDEX media_user_source_integration_idx ON media USING btree (user_id, source_integration_id, sort_at, id) WHERE (source_integration_id IS NOT NULL);

CREATE UNIQUE INDEX notes_live_source_key ON notes USING btree (user_id, source_platform, source_object_id) WHERE ((deleted_at IS NULL) AND (source_platform IS NOT NULL) AND (source_object_id IS NOT NULL));

CREATE INDEX notes_live_user_created_idx ON notes USING btree (user_id, created_at, id) WHERE (deleted_at IS NULL);

CREATE INDEX notes_live_user_list_idx ON notes USING btree (user_id, archived, pinned, updated_at, id) WHERE (deleted_at IS NULL);

CREATE INDEX notes_purge_deleted_idx ON notes USING btree (deleted_at) WHERE (deleted_at IS NOT NULL);

CREATE INDEX notes_search_idx ON notes USING gin (user_id, search_vector) WHERE (deleted_at IS NULL);

CREATE INDEX notes_trash_user_deleted_idx ON notes USING btree (user_id, deleted_at, id) WHERE (deleted_at IS NOT NULL);

CREATE INDEX notes_user_source_integration_idx ON notes USING btree (user_id, source_integration_id) WHERE (source_integration_id IS NOT NULL);

CREATE INDEX notifications_live_read_idx ON notifications USING btree (user_id, created_at, id) WHERE ((deleted_at IS NULL) AND is_read);

CREATE UNIQUE INDEX notifications_live_source_key ON notifications USING btree (user_id, source_platform, source_object_id) WHERE ((deleted_at IS NULL) AND (source_platform IS NOT NULL) AND (source_object_id IS NOT NULL));

CREATE INDEX notifications_live_unread_idx ON notifications USING btree (user_id, created_at, id) WHERE ((deleted_at IS NULL) AND (NOT is_read));

CREATE INDEX notifications_purge_deleted_idx ON notifications USING btree (deleted_at) WHERE (deleted_at IS NOT NULL);

CREATE INDEX notifications_trash_user_deleted_idx ON notifications USING btree (user_id, deleted_at, id) WHERE (deleted_at IS NOT NULL);

CREATE UNIQUE INDEX profile_attributes_live_key ON profile_attributes USING btree (user_id, key) WHERE (deleted_at IS NULL);

CREATE UNIQUE INDEX profile_attributes_live_source_key ON profile_attributes USING btree (user_id, source_platform, source_object_id) WHERE ((deleted_at IS NULL) AND (source_platform IS NOT NULL) AND (source_object_id IS NOT NULL));

CREATE INDEX profile_attributes_live_visibility_key_idx ON profile_attributes USING btree (user_id, visibility, key) WHERE (deleted_at IS NULL);

CREATE INDEX profile_attributes_purge_deleted_idx ON profile_attributes USING btree (deleted_at) WHERE (deleted_at IS NOT NULL);

CREATE INDEX profile_attributes_trash_user_deleted_idx ON profile_attributes USING btree (user_id, deleted_at, id) WHERE (deleted_at IS NOT NULL);

CREATE INDEX profile_attributes_user_source_integration_idx ON profile_attributes USING btree (user_id, source_integration_id) WHERE (source_integration_id IS NOT NULL);

CREATE UNIQUE INDEX projects_live_source_key ON projects USING btree (user_id, source_platform, source_object_id) WHERE ((deleted_at IS NULL) AND (source_platform IS NOT NULL) AND (source_object_id IS NOT NULL));

CREATE INDEX projects_live_user_status_name_idx ON projects USING btree (user_id, status, name, id) WHERE (deleted_at IS NULL);

CREATE INDEX projects_purge_deleted_idx ON projects USING btree (deleted_at) WHERE (deleted_at IS NOT NULL);

CREATE INDEX projects_trash_user_deleted_idx ON projects USING btree (user_id, deleted_at, id) WHERE (deleted_at IS NOT NULL);

CREATE INDEX projects_user_source_integration_idx ON projects USING btree (user_id, source_integration_id) WHERE (source_integration_id IS NOT NULL);

CREATE INDEX rate_limits_window_end_idx ON rate_limits USING btree (window_end);

CREATE UNIQUE INDEX refresh_tokens_live_family_key ON refresh_tokens USING btree (user_id, family_id) WHERE ((rotated_at IS NULL) AND (revoked_at IS NULL));

CREATE INDEX refresh_tokens_purge_expires_idx ON refresh_tokens USING btree (expires_at);

CREATE UNIQUE INDEX refresh_tokens_user_hash_key ON refresh_tokens USING btree (user_id, token_hash);

CREATE INDEX revoked_sessions_revoked_at_idx ON revoked_sessions USING btree (revoked_at);

CREATE UNIQUE INDEX social_accounts_live_handle_key ON social_accounts USING btree (user_id, platform, handle) WHERE (deleted_at IS NULL);

CREATE UNIQUE INDEX social_accounts_live_source_key ON social_accounts USING btree (user_id, source_platform, source_object_id) WHERE ((deleted_at IS NULL) AND (source_platform IS NOT NULL) AND (source_object_id IS NOT NULL));

CREATE INDEX social_accounts_purge_deleted_idx ON social_accounts USING btree (deleted_at) WHERE (deleted_at IS NOT NULL);

CREATE INDEX social_accounts_trash_user_deleted_idx ON social_accounts USING btree (user_id, deleted_at, id) WHERE (deleted_at IS NOT NULL);

CREATE UNIQUE INDEX social_posts_live_source_key ON social_posts USING btree (user_id, source_platform, source_object_id) WHERE ((deleted_at IS NULL) AND (source_platform IS NOT NULL) AND (source_object_id IS NOT NULL));

CREATE INDEX social_posts_live_user_platform_posted_idx ON social_posts USING btree (user_id, platform, posted_at, id) WHERE (deleted_at IS NULL);

CREATE INDEX social_posts_live_user_posted_idx ON social_posts USING btree (user_id, posted_at, id) WHERE (deleted_at IS NULL);

CREATE INDEX social_posts_purge_deleted_idx ON social_posts USING btree (deleted_at) WHERE (deleted_at IS NOT NULL);

CREATE INDEX social_posts_search_idx ON social_posts USING gin (user_id, search_vector) WHERE (deleted_at IS NULL);

CREATE INDEX social_posts_trash_user_deleted_idx ON social_posts USING btree (user_id, deleted_at, id) WHERE (deleted_at IS NOT NULL);

CREATE INDEX social_posts_user_account_posted_idx ON social_posts USING btree (user_id, account_id, posted_at, id);

CREATE INDEX social_posts_user_reply_to_idx ON social_posts USING btree (user_id, reply_to_post_id, posted_at, id) WHERE (reply_to_post_id IS NOT NULL);

CREATE UNIQUE INDEX tasks_live_source_key ON tasks USING btree (user_id, source_platform, source_object_id) WHERE ((deleted_at IS NULL) AND (source_platform IS NOT NULL) AND (source_object_id IS NOT NULL));

CREATE INDEX tasks_live_user_completed_idx ON tasks USING btree (user_id, completed_at, id) WHERE ((deleted_at IS NULL) AND (completed_at IS NOT NULL));

CREATE INDEX tasks_live_user_created_idx ON tasks USING btree (user_id, created_at, id) WHERE (deleted_at IS NULL);

CREATE INDEX tasks_live_user_open_due_idx ON tasks USING btree (user_id, due_at, id) WHERE ((deleted_at IS NULL) AND (due_at IS NOT NULL) AND (status = ANY (ARRAY['todo'::text, 'in_progress'::text])));

CREATE INDEX tasks_live_user_status_created_idx ON tasks USING btree (user_id, status, created_at, id) WHERE (deleted_at IS NULL);

CREATE INDEX tasks_purge_deleted_idx ON tasks USING btree (deleted_at) WHERE (deleted_at IS NOT NULL);

CREATE INDEX tasks_search_idx ON tasks USING gin (user_id, search_vector) WHERE (deleted_at IS NULL);

CREATE INDEX tasks_trash_user_deleted_idx ON tasks USING btree (user_id, deleted_at, id) WHERE (deleted_at IS NOT NULL);

CREATE INDEX tasks_user_parent_created_idx ON tasks USING btree (user_id, parent_task_id, created_at, id) WHERE (parent_task_id IS NOT NULL);

CREATE INDEX tasks_user_project_created_idx ON tasks USING btree (user_id, project_id, created_at, id) WHERE (project_id IS NOT NULL);

CREATE INDEX tasks_user_source_integration_idx ON tasks USING btree (user_id, source_integration_id) WHERE (source_integration_id IS NOT NULL);

CREATE INDEX transactions_live_account_idx ON transactions USING btree (user_id, account_name, occurred_at, id) WHERE (deleted_at IS NULL);

CREATE INDEX transactions_live_category_idx ON transactions USING btree (user_id, category, occurred_at, id) WHERE ((deleted_at IS NULL) AND (category IS NOT NULL));

CREATE UNIQUE INDEX transactions_live_source_key ON transactions USING btree (user_id, source_platform, source_object_id) WHERE ((deleted_at IS NULL) AND (source_platform IS NOT NULL) AND (source_object_id IS NOT NULL));

CREATE INDEX transactions_live_user_occurred_idx ON transactions USING btree (user_id, occurred_at, id) INCLUDE (currency, amount, pending, category) WHERE (deleted_at IS NULL);

CREATE INDEX transactions_purge_deleted_idx ON transactions USING btree (deleted_at) WHERE (deleted_at IS NOT NULL);

CREATE INDEX transactions_search_idx ON transactions USING gin (user_id, search_vector) WHERE (deleted_at IS NULL);

CREATE INDEX transactions_trash_user_deleted_idx ON transactions USING btree (user_id, deleted_at, id) WHERE (deleted_at IS NOT NULL);

CREATE INDEX transactions_user_source_integration_idx ON transactions USING btree (user_id, source_integration_id) WHERE (source_integration_id IS NOT NULL);

CREATE INDEX user_emails_user_id_idx ON user_emails USING btree (user_id);

CREATE UNIQUE INDEX web_pages_live_canonical_url_key ON web_pages USING btree (user_id, canonical_url) WHERE (deleted_at IS NULL);

CREATE UNIQUE INDEX web_pages_live_source_key ON web_pages USING btree (user_id, source_platform, source_object_id) WHERE ((deleted_at IS NULL) AND (source_platform IS NOT NULL) AND (source_object_id IS NOT NULL));

CREATE INDEX web_pages_live_user_created_idx ON web_pages USING btree (user_id, created_at, id) WHERE (deleted_at IS NULL);

CREATE INDEX web_pages_live_user_state_created_idx ON web_pages USING btree (user_id, reading_state, created_at, id) WHERE (deleted_at IS NULL);

CREATE INDEX web_pages_purge_deleted_idx ON web_pages USING btree (deleted_at) WHERE (deleted_at IS NOT NULL);

CREATE INDEX web_pages_search_idx ON web_pages USING gin (user_id, search_vector) WHERE (deleted_at IS NULL);

CREATE INDEX web_pages_trash_user_deleted_idx ON web_pages USING btree (user_id, deleted_at, id) WHERE (deleted_at IS NOT NULL);

CREATE INDEX web_pages_user_source_integration_idx ON web_pages USING btree (user_id, source_integration_id) WHERE (source_integration_id IS NOT NULL);

CREATE TRIGGER ai_interactions_delete_links AFTER DELETE ON ai_interactions FOR EACH ROW EXECUTE FUNCTION delete_links_of_object();

CREATE TRIGGER ai_interactions_set_updated_at BEFORE UPDATE ON ai_interactions FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TRIGGER albums_delete_links AFTER DELETE ON albums FOR EACH ROW EXECUTE FUNCTION delete_links_of_object();

CREATE TRIGGER albums_set_updated_at BEFORE UPDATE ON albums FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TRIGGER audit_log_append_only BEFORE DELETE OR UPDATE ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_audit_change();

CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_change();

CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log_default FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_change();

CREATE TRIGGER bookmarks_delete_links AFTER DELETE ON bookmarks FOR EACH ROW EXECUTE FUNCTION delete_links_of_object();

CREATE TRIGGER bookmarks_search_vector BEFORE INSERT OR UPDATE OF title, description, tags, user_id ON bookmarks FOR EACH ROW EXECUTE FUNCTION bookmarks_set_search_vector();

CREATE TRIGGER bookmarks_set_updated_at BEFORE UPDATE ON bookmarks FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TRIGGER calendar_events_delete_links AFTER DELETE ON calendar_events FOR EACH ROW EXECUTE FUNCTION delete_links_of_object();

CREATE TRIGGER calendar_events_search_vector BEFORE INSERT OR UPDATE OF title, description, location, user_id ON calendar_events FOR EACH ROW EXECUTE FUNCTION calendar_events_set_search_vector();

CREATE TRIGGER calendar_events_set_updated_at BEFORE UPDATE ON calendar_events FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TRIGGER chat_messages_conversations_delete AFTER DELETE ON chat_messages FOR EACH ROW WHEN ((old.deleted_at IS NULL)) EXECUTE FUNCTION chat_messages_maintain_conversations();

CREATE TRIGGER chat_messages_conversations_insert AFTER INSERT ON chat_messages FOR EACH ROW WHEN ((new.deleted_at IS NULL)) EXECUTE FUNCTION chat_messages_maintain_conversations();

CREATE TRIGGER chat_messages_conversations_update AFTER UPDATE OF deleted_at, conversation_id, platform, sent_at ON chat_messages FOR EACH ROW WHEN (((old.deleted_at IS DISTINCT FROM new.deleted_at) OR (old.conversation_id <> new.conversation_id) OR (old.platform <> new.platform) OR (old.sent_at <> new.sent_at))) EXECUTE FUNCTION chat_messages_maintain_conversations();

CREATE TRIGGER chat_messages_delete_links AFTER DELETE ON chat_messages FOR EACH ROW EXECUTE FUNCTION delete_links_of_object();

CREATE TRIGGER chat_messages_set_updated_at BEFORE UPDATE ON chat_messages FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TRIGGER contacts_delete_links AFTER DELETE ON contacts FOR EACH ROW EXECUTE FUNCTION delete_links_of_object();

CREATE TRIGGER contacts_search_vector BEFORE INSERT OR UPDATE OF display_name, given_name, family_name, organization, notes, user_id ON contacts FOR EACH ROW EXECUTE FUNCTION contacts_set_search_vector();

CREATE TRIGGER contacts_set_updated_at BEFORE UPDATE ON contacts FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TRIGGER devices_delete_links AFTER DELETE ON devices FOR EACH ROW EXECUTE FUNCTION delete_links_of_object();

CREATE TRIGGER devices_set_updated_at BEFORE UPDATE ON devices FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TRIGGER documents_delete_links AFTER DELETE ON documents FOR EACH ROW EXECUTE FUNCTION delete_links_of_object();

CREATE TRIGGER documents_search_vector BEFORE INSERT OR UPDATE OF title, text_content, user_id ON documents FOR EACH ROW EXECUTE FUNCTION documents_set_search_vector();

CREATE TRIGGER documents_set_updated_at BEFORE UPDATE ON documents FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TRIGGER emails_delete_links AFTER DELETE ON emails FOR EACH ROW EXECUTE FUNCTION delete_links_of_object();

CREATE TRIGGER emails_search_vector BEFORE INSERT OR UPDATE OF subject, body_text, from_address, user_id ON emails FOR EACH ROW EXECUTE FUNCTION emails_set_search_vector();

CREATE TRIGGER emails_set_updated_at BEFORE UPDATE ON emails FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TRIGGER emails_threads_delete AFTER DELETE ON emails REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION emails_threads_after_delete();

CREATE TRIGGER emails_threads_insert AFTER INSERT ON emails REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION emails_threads_after_insert();

CREATE TRIGGER emails_threads_update AFTER UPDATE ON emails REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION emails_threads_after_update();

CREATE TRIGGER health_days_after_delete AFTER DELETE ON health_records REFERENCING OLD TABLE AS old_records FOR EACH STATEMENT EXECUTE FUNCTION health_days_follow_records();

CREATE TRIGGER health_days_after_insert AFTER INSERT ON health_records REFERENCING NEW TABLE AS new_records FOR EACH STATEMENT EXECUTE FUNCTION health_days_follow_records();

CREATE TRIGGER health_days_after_update AFTER UPDATE ON health_records REFERENCING OLD TABLE AS old_records NEW TABLE AS new_records FOR EACH STATEMENT EXECUTE FUNCTION health_days_follow_records();

CREATE TRIGGER health_records_delete_links AFTER DELETE ON health_records FOR EACH ROW EXECUTE FUNCTION delete_links_of_object();

CREATE TRIGGER health_records_set_updated_at BEFORE UPDATE ON health_records FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TRIGGER integration_secrets_set_updated_at BEFORE UPDATE ON integration_secrets FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TRIGGER integrations_clear_ai_interactions BEFORE DELETE ON integrations FOR EACH ROW EXECUTE FUNCTION ai_interactions_clear_integration();

CREATE TRIGGER integrations_clear_calendar_events BEFORE DELETE ON integrations FOR EACH ROW EXECUTE FUNCTION calendar_events_clear_integration();

CREATE TRIGGER integrations_clear_chat_messages BEFORE DELETE ON integrations FOR EACH ROW EXECUTE FUNCTION chat_messages_clear_integration();

CREATE TRIGGER integrations_clear_devices BEFORE DELETE ON integrations FOR EACH ROW EXECUTE FUNCTION devices_clear_integration();

CREATE TRIGGER integrations_clear_documents BEFORE DELETE ON integrations FOR EACH ROW EXECUTE FUNCTION clear_integration_from_documents();

CREATE TRIGGER integrations_clear_email_references BEFORE DELETE ON integrations FOR EACH ROW EXECUTE FUNCTION clear_integration_email_references();

CREATE TRIGGER integrations_clear_notes BEFORE DELETE ON integrations FOR EACH ROW EXECUTE FUNCTION clear_integration_from_notes();

CREATE TRIGGER integrations_clear_pages_and_bookmarks BEFORE DELETE ON integrations FOR EACH ROW EXECUTE FUNCTION clear_integration_from_pages_and_bookmarks();

CREATE TRIGGER integrations_clear_profile_attributes BEFORE DELETE ON integrations FOR EACH ROW EXECUTE FUNCTION profile_attributes_clear_integration();

CREATE TRIGGER integrations_clear_projects_and_tasks BEFORE DELETE ON integrations FOR EACH ROW EXECUTE FUNCTION clear_integration_from_projects_and_tasks();

CREATE TRIGGER integrations_clear_references BEFORE DELETE ON integrations FOR EACH ROW EXECUTE FUNCTION clear_integration_references();

CREATE TRIGGER integrations_clear_transactions BEFORE DELETE ON integrations FOR EACH ROW EXECUTE FUNCTION transactions_clear_integration();

CREATE TRIGGER integrations_delete_links AFTER DELETE ON integrations FOR EACH ROW EXECUTE FUNCTION delete_links_of_object();

CREATE TRIGGER integrations_set_updated_at BEFORE UPDATE ON integrations FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TRIGGER links_album_count AFTER INSERT OR DELETE OR UPDATE OF deleted_at, link_type, from_object_id, to_object_id ON links FOR EACH ROW EXECUTE FUNCTION links_maintain_album_count();

CREATE TRIGGER links_set_updated_at BEFORE UPDATE ON links FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TRIGGER location_stays_after_delete AFTER DELETE ON locations REFERENCING OLD TABLE AS old_points FOR EACH STATEMENT EXECUTE FUNCTION location_stays_follow_points();

CREATE TRIGGER location_stays_after_insert AFTER INSERT ON locations REFERENCING NEW TABLE AS new_points FOR EACH STATEMENT EXECUTE FUNCTION location_stays_follow_points();

CREATE TRIGGER location_stays_after_update AFTER UPDATE ON locations REFERENCING OLD TABLE AS old_points NEW TABLE AS new_points FOR EACH STATEMENT EXECUTE FUNCTION location_stays_follow_points();

CREATE TRIGGER locations_delete_links AFTER DELETE ON locations FOR EACH ROW EXECUTE FUNCTION delete_links_of_object();

CREATE TRIGGER locations_set_updated_at BEFORE UPDATE ON locations FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TRIGGER media_albums AFTER UPDATE OF deleted_at ON media FOR EACH ROW EXECUTE FUNCTION media_maintain_albums();

CREATE TRIGGER media_clear_documents BEFORE DELETE ON media FOR EACH ROW EXECUTE FUNCTION clear_media_from_documents();

CREATE TRIGGER media_delete_links AFTER DELETE ON media FOR EACH ROW EXECUTE FUNCTION delete_links_of_object();

CREATE TRIGGER media_search_vector BEFORE INSERT OR UPDATE OF filename, metadata, user_id ON media FOR EACH ROW EXECUTE FUNCTION media_set_search_vector();

CREATE TRIGGER media_set_updated_at BEFORE UPDATE ON media FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TRIGGER notes_delete_links AFTER DELETE ON notes FOR EACH ROW EXECUTE FUNCTION delete_links_of_object();

CREATE TRIGGER notes_search_vector BEFORE INSERT OR UPDATE OF title, body, user_id ON notes FOR EACH ROW EXECUTE FUNCTION notes_set_search_vector();

CREATE TRIGGER notes_set_updated_at BEFORE UPDATE ON notes FOR EACH ROW WHEN (((old.source_integration_id IS NULL) OR (new.source_integration_id IS NOT NULL))) EXECUTE FUNCTION set_updated_at();

CREATE TRIGGER notifications_delete_links AFTER DELETE ON notifications FOR EACH ROW EXECUTE FUNCTION delete_links_of_object();

CREATE TRIGGER notifications_set_updated_at BEFORE UPDATE ON notifications FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TRIGGER profile_attributes_delete_links AFTER DELETE ON profile_attributes FOR EACH ROW EXECUTE FUNCTION delete_links_of_object();

CREATE TRIGGER profile_attributes_set_updated_at BEFORE UPDATE ON profile_attributes FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TRIGGER projects_delete_links AFTER DELETE ON projects FOR EACH ROW EXECUTE FUNCTION delete_links_of_object();

CREATE TRIGGER projects_set_updated_at BEFORE UPDATE ON projects FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TRIGGER refresh_tokens_revoke_session_on_delete AFTER DELETE ON refresh_tokens FOR EACH ROW WHEN (((old.rotated_at IS NULL) AND (old.revoked_at IS NULL) AND (old.expires_at > now()))) EXECUTE FUNCTION refresh_tokens_revoke_session();

CREATE TRIGGER refresh_tokens_revoke_session_on_revoke AFTER UPDATE OF revoked_at ON refresh_tokens FOR EACH ROW WHEN (((old.revoked_at IS NULL) AND (new.revoked_at IS NOT NULL))) EXECUTE FUNCTION refresh_tokens_revoke_session();

CREATE TRIGGER revoked_sessions_notify AFTER INSERT ON revoked_sessions FOR EACH ROW EXECUTE FUNCTION revoked_sessions_notify();

CREATE TRIGGER social_accounts_delete_links AFTER DELETE ON social_accounts FOR EACH ROW EXECUTE FUNCTION delete_links_of_object();

CREATE TRIGGER social_accounts_set_updated_at BEFORE UPDATE ON social_accounts FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TRIGGER social_posts_delete_links AFTER DELETE ON social_posts FOR EACH ROW EXECUTE FUNCTION delete_links_of_object();

CREATE TRIGGER social_posts_search_vector BEFORE INSERT OR UPDATE OF text, user_id ON social_posts FOR EACH ROW EXECUTE FUNCTION social_posts_set_search_vector();

CREATE TRIGGER social_posts_set_updated_at BEFORE UPDATE ON social_posts FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TRIGGER tasks_delete_links AFTER DELETE ON tasks FOR EACH ROW EXECUTE FUNCTION delete_links_of_object();

CREATE TRIGGER tasks_search_vector BEFORE INSERT OR UPDATE OF title, notes, user_id ON tasks FOR EACH ROW EXECUTE FUNCTION tasks_set_search_vector();

CREATE TRIGGER tasks_set_updated_at BEFORE UPDATE ON tasks FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TRIGGER transactions_delete_links AFTER DELETE ON transactions FOR EACH ROW EXECUTE FUNCTION delete_links_of_object();

CREATE TRIGGER transactions_search_vector BEFORE INSERT OR UPDATE OF merchant, description, category, user_id ON transactions FOR EACH ROW EXECUTE FUNCTION transactions_set_search_vector();

CREATE TRIGGER transactions_set_updated_at BEFORE UPDATE ON transactions FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TRIGGER users_search_language AFTER UPDATE OF search_language ON users FOR EACH ROW WHEN ((old.search_language IS DISTINCT FROM new.search_language)) EXECUTE FUNCTION users_rebuild_search_vectors();

CREATE TRIGGER users_set_updated_at BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TRIGGER web_pages_clear_bookmarks BEFORE DELETE ON web_pages FOR EACH ROW EXECUTE FUNCTION clear_web_page_from_bookmarks();

CREATE TRIGGER web_pages_delete_links AFTER DELETE ON web_pages FOR EACH ROW EXECUTE FUNCTION delete_links_of_object();

CREATE TRIGGER web_pages_search_vector BEFORE INSERT OR UPDATE OF title, content_text, site_name, user_id ON web_pages FOR EACH ROW EXECUTE FUNCTION web_pages_set_search_vector();

CREATE TRIGGER web_pages_set_updated_at BEFORE UPDATE ON web_pages FOR EACH ROW EXECUTE FUNCTION set_updated_at();

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

ALTER TABLE account_erasures ENABLE ROW LEVEL SECURITY;

ALTER TABLE ai_interactions ENABLE ROW LEVEL SECURITY;

ALTER TABLE albums ENABLE ROW LEVEL SECURITY;

ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;

ALTER TABLE bookmarks ENABLE ROW LEVEL SECURITY;

ALTER TABLE calendar_events ENABLE ROW LEVEL SECURITY;

ALTER TABLE chat_conversations ENABLE ROW LEVEL SECURITY;

ALTER TABLE chat_messages ENABLE ROW LEVEL SECURITY;

ALTER TABLE contacts ENABLE ROW LEVEL SECURITY;

ALTER TABLE devices ENABLE ROW LEVEL SECURITY;

ALTER TABLE documents ENABLE ROW LEVEL SECURITY;

ALTER TABLE email_thread_labels ENABLE ROW LEVEL SECURITY;

ALTER TABLE email_threads ENABLE ROW LEVEL SECURITY;

ALTER TABLE emails ENABLE ROW LEVEL SECURITY;

ALTER TABLE health_days ENABLE ROW LEVEL SECURITY;

ALTER TABLE health_records ENABLE ROW LEVEL SECURITY;

ALTER TABLE integration_secrets ENABLE ROW LEVEL SECURITY;

ALTER TABLE integrations ENABLE ROW LEVEL SECURITY;

ALTER TABLE links ENABLE ROW LEVEL SECURITY;

ALTER TABLE location_stays ENABLE ROW LEVEL SECURITY;

ALTER TABLE locations ENABLE ROW LEVEL SECURITY;

ALTER TABLE media ENABLE ROW LEVEL SECURITY;

ALTER TABLE notes ENABLE ROW LEVEL SECURITY;

ALTER TABLE notifications ENABLE ROW LEVEL SECURITY;

ALTER TABLE profile_attributes ENABLE ROW LEVEL SECURITY;

ALTER TABLE projects ENABLE ROW LEVEL SECURITY;

ALTER TABLE refresh_tokens ENABLE ROW LEVEL SECURITY;

ALTER TABLE social_accounts ENABLE ROW LEVEL SECURITY;

ALTER TABLE social_posts ENABLE ROW LEVEL SECURITY;

ALTER TABLE tasks ENABLE ROW LEVEL SECURITY;

ALTER TABLE transactions ENABLE ROW LEVEL SECURITY;

ALTER TABLE user_emails ENABLE ROW LEVEL SECURITY;

ALTER TABLE users ENABLE ROW LEVEL SECURITY;

ALTER TABLE web_pages ENABLE ROW LEVEL SECURITY;

CREATE POLICY own_rows ON account_erasures AS PERMISSIVE FOR ALL TO PUBLIC
    USING ((user_id = acting_user_id()));

CREATE POLICY own_rows ON ai_interactions AS PERMISSIVE FOR ALL TO PUBLIC
    USING ((user_id = acting_user_id()));

CREATE POLICY own_rows ON albums AS PERMISSIVE FOR ALL TO PUBLIC
    USING ((user_id = acting_user_id()));

CREATE POLICY append_any ON audit_log AS PERMISSIVE FOR INSERT TO PUBLIC
    WITH CHECK (true);

CREATE POLICY own_rows ON audit_log AS PERMISSIVE FOR SELECT TO PUBLIC
    USING ((user_id = acting_user_id()));

CREATE POLICY own_rows ON bookmarks AS PERMISSIVE FOR ALL TO PUBLIC
    USING ((user_id = acting_user_id()));

CREATE POLICY own_rows ON calendar_events AS PERMISSIVE FOR ALL TO PUBLIC
    USING ((user_id = acting_user_id()));

CREATE POLICY own_rows ON chat_conversations AS PERMISSIVE FOR ALL TO PUBLIC
    USING ((user_id = acting_user_id()));

CREATE POLICY own_rows ON chat_messages AS PERMISSIVE FOR ALL TO PUBLIC
    USING ((user_id = acting_user_id()));

CREATE POLICY own_rows ON contacts AS PERMISSIVE FOR ALL TO PUBLIC
    USING ((user_id = acting_user_id()));

CREATE POLICY own_rows ON devices AS PERMISSIVE FOR ALL TO PUBLIC
    USING ((user_id = acting_user_id()));

CREATE POLICY own_rows ON documents AS PERMISSIVE FOR ALL TO PUBLIC
    USING ((user_id = acting_user_id()));

CREATE POLICY own_rows ON email_thread_labels AS PERMISSIVE FOR ALL TO PUBLIC
    USING ((user_id = acting_user_id()));

CREATE POLICY own_rows ON email_threads AS PERMISSIVE FOR ALL TO PUBLIC
    USING ((user_id = acting_user_id()));

CREATE POLICY own_rows ON emails AS PERMISSIVE FOR ALL TO PUBLIC
    USING ((user_id = acting_user_id()));

CREATE POLICY own_rows ON health_days AS PERMISSIVE FOR ALL TO PUBLIC
    USING ((user_id = acting_user_id()));

CREATE POLICY own_rows ON health_records AS PERMISSIVE FOR ALL TO PUBLIC
    USING ((user_id = acting_user_id()));

CREATE POLICY own_rows ON integration_secrets AS PERMISSIVE FOR ALL TO PUBLIC
    USING ((user_id = acting_user_id()));

CREATE POLICY own_rows ON integrations AS PERMISSIVE FOR ALL TO PUBLIC
    USING ((user_id = acting_user_id()));

CREATE POLICY own_rows ON links AS PERMISSIVE FOR ALL TO PUBLIC
    USING ((user_id = acting_user_id()));

CREATE POLICY own_rows ON location_stays AS PERMISSIVE FOR ALL TO PUBLIC
    USING ((user_id = acting_user_id()));

CREATE POLICY own_rows ON locations AS PERMISSIVE FOR ALL TO PUBLIC
    USING ((user_id = acting_user_id()));

CREATE POLICY own_rows ON media AS PERMISSIVE FOR ALL TO PUBLIC
    USING ((user_id = acting_user_id()));

CREATE POLICY own_rows ON notes AS PERMISSIVE FOR ALL TO PUBLIC
    USING ((user_id = acting_user_id()));

CREATE POLICY own_rows ON notifications AS PERMISSIVE FOR ALL TO PUBLIC
    USING ((user_id = acting_user_id()));

CREATE POLICY own_rows ON profile_attributes AS PERMISSIVE FOR ALL TO PUBLIC
    USING ((user_id = acting_user_id()));

CREATE POLICY own_rows ON projects AS PERMISSIVE FOR ALL TO PUBLIC
    USING ((user_id = acting_user_id()));

CREATE POLICY own_rows ON refresh_tokens AS PERMISSIVE FOR ALL TO PUBLIC
    USING ((user_id = acting_user_id()));

CREATE POLICY own_rows ON social_accounts AS PERMISSIVE FOR ALL TO PUBLIC
    USING ((user_id = acting_user_id()));

CREATE POLICY own_rows ON social_posts AS PERMISSIVE FOR ALL TO PUBLIC
    USING ((user_id = acting_user_id()));

CREATE POLICY own_rows ON tasks AS PERMISSIVE FOR ALL TO PUBLIC
    USING ((user_id = acting_user_id()));

CREATE POLICY own_rows ON transactions AS PERMISSIVE FOR ALL TO PUBLIC
    USING ((user_id = acting_user_id()));

CREATE POLICY own_rows ON user_emails AS PERMISSIVE FOR ALL TO PUBLIC
    USING ((user_id = acting_user_id()));

CREATE POLICY own_rows ON users AS PERMISSIVE FOR ALL TO PUBLIC
    USING ((id = acting_user_id()));

CREATE POLICY own_rows ON web_pages AS PERMISSIVE FOR ALL TO PUBLIC
    USING ((user_id = acting_user_id()));

GRANT USAGE ON SCHEMA public TO hypernet_app;
GRANT USAGE ON SCHEMA public TO hypernet_readonly;
GRANT INSERT, SELECT ON TABLE account_erasures TO hypernet_app;
GRANT SELECT ON TABLE account_erasures TO hypernet_readonly;
GRANT DELETE, INSERT, SELECT, UPDATE ON TABLE ai_interactions TO hypernet_app;
GRANT SELECT ON TABLE ai_interactions TO hypernet_readonly;
GRANT DELETE, INSERT, SELECT, UPDATE ON TABLE album_media TO hypernet_app;
GRANT SELECT ON TABLE album_media TO hypernet_readonly;
GRANT DELETE, INSERT, SELECT, UPDATE ON TABLE albums TO hypernet_app;
GRANT SELECT ON TABLE albums TO hypernet_readonly;
GRANT INSERT, SELECT ON TABLE audit_log TO hypernet_app;
GRANT SELECT ON TABLE audit_log TO hypernet_readonly;
GRANT INSERT, SELECT ON TABLE audit_log_default TO hypernet_app;
GRANT SELECT ON TABLE audit_log_default TO hypernet_readonly;
GRANT DELETE, INSERT, SELECT, UPDATE ON TABLE bookmarks TO hypernet_app;
GRANT SELECT ON TABLE bookmarks TO hypernet_readonly;
GRANT DELETE, INSERT, SELECT, UPDATE ON TABLE calendar_events TO hypernet_app;
GRANT SELECT ON TABLE calendar_events TO hypernet_readonly;
GRANT DELETE, INSERT, SELECT, UPDATE ON TABLE chat_conversations TO hypernet_app;
GRANT SELECT ON TABLE chat_conversations TO hypernet_readonly;
GRANT DELETE, INSERT, SELECT, UPDATE ON TABLE chat_messages TO hypernet_app;
GRANT SELECT ON TABLE chat_messages TO hypernet_readonly;
GRANT DELETE, INSERT, SELECT, UPDATE ON TABLE contacts TO hypernet_app;
GRANT SELECT ON TABLE contacts TO hypernet_readonly;
GRANT DELETE, INSERT, SELECT, UPDATE ON TABLE devices TO hypernet_app;
GRANT SELECT ON TABLE devices TO hypernet_readonly;
GRANT DELETE, INSERT, SELECT, UPDATE ON TABLE documents TO hypernet_app;
GRANT SELECT ON TABLE documents TO hypernet_readonly;
GRANT DELETE, INSERT, SELECT, UPDATE ON TABLE email_thread_labels TO hypernet_app;
GRANT SELECT ON TABLE email_thread_labels TO hypernet_readonly;
GRANT DELETE, INSERT, SELECT, UPDATE ON TABLE email_threads TO hypernet_app;
GRANT SELECT ON TABLE email_threads TO hypernet_readonly;
GRANT DELETE, INSERT, SELECT, UPDATE ON TABLE emails TO hypernet_app;
GRANT SELECT ON TABLE emails TO hypernet_readonly;
GRANT DELETE, INSERT, SELECT, UPDATE ON TABLE health_days TO hypernet_app;
GRANT SELECT ON TABLE health_days TO hypernet_readonly;
GRANT DELETE, INSERT, SELECT, UPDATE ON TABLE health_records TO hypernet_app;
GRANT SELECT ON TABLE health_records TO hypernet_readonly;
GRANT INSERT, SELECT, UPDATE ON TABLE health_records_default TO hypernet_app;
GRANT SELECT ON TABLE health_records_default TO hypernet_readonly;
GRANT DELETE, INSERT, SELECT, UPDATE ON TABLE integration_secrets TO hypernet_app;
GRANT DELETE, INSERT, SELECT, UPDATE ON TABLE integrations TO hypernet_app;
GRANT SELECT ON TABLE integrations TO hypernet_readonly;
GRANT DELETE, INSERT, SELECT, UPDATE ON TABLE links TO hypernet_app;
GRANT SELECT ON TABLE links TO hypernet_readonly;
GRANT DELETE, INSERT, SELECT, UPDATE ON TABLE location_stays TO hypernet_app;
GRANT SELECT ON TABLE location_stays TO hypernet_readonly;
GRANT DELETE, INSERT, SELECT, UPDATE ON TABLE locations TO hypernet_app;
GRANT SELECT ON TABLE locations TO hypernet_readonly;
GRANT INSERT, SELECT, UPDATE ON TABLE locations_default TO hypernet_app;
GRANT SELECT ON TABLE locations_default TO hypernet_readonly;
GRANT DELETE, INSERT, SELECT, UPDATE ON TABLE media TO hypernet_app;
GRANT SELECT ON TABLE media TO hypernet_readonly;
GRANT DELETE, INSERT, SELECT, UPDATE ON TABLE notes TO hypernet_app;
GRANT SELECT ON TABLE notes TO hypernet_readonly;
GRANT DELETE, INSERT, SELECT, UPDATE ON TABLE notifications TO hypernet_app;
GRANT SELECT ON TABLE notifications TO hypernet_readonly;
GRANT DELETE, INSERT, SELECT, UPDATE ON TABLE profile_attributes TO hypernet_app;
GRANT SELECT ON TABLE profile_attributes TO hypernet_readonly;
GRANT DELETE, INSERT, SELECT, UPDATE ON TABLE projects TO hypernet_app;
GRANT SELECT ON TABLE projects TO hypernet_readonly;
GRANT DELETE, INSERT, SELECT, UPDATE ON TABLE rate_limits TO hypernet_app;
GRANT SELECT ON TABLE rate_limits TO hypernet_readonly;
GRANT DELETE, INSERT, SELECT, UPDATE ON TABLE refresh_tokens TO hypernet_app;
GRANT INSERT, SELECT ON TABLE revoked_sessions TO hypernet_app;
GRANT SELECT ON TABLE revoked_sessions TO hypernet_readonly;
GRANT SELECT ON TABLE schema_migrations TO hypernet_readonly;
GRANT DELETE, INSERT, SELECT, UPDATE ON TABLE social_accounts TO hypernet_app;
GRANT SELECT ON TABLE social_accounts TO hypernet_readonly;
GRANT DELETE, INSERT, SELECT, UPDATE ON TABLE social_posts TO hypernet_app;
GRANT SELECT ON TABLE social_posts TO hypernet_readonly;
GRANT DELETE, INSERT, SELECT, UPDATE ON TABLE tasks TO hypernet_app;
GRANT SELECT ON TABLE tasks TO hypernet_readonly;
GRANT DELETE, INSERT, SELECT, UPDATE ON TABLE transactions TO hypernet_app;
GRANT SELECT ON TABLE transactions TO hypernet_readonly;
GRANT SELECT ON TABLE user_emails TO hypernet_app;
GRANT SELECT ON TABLE user_emails TO hypernet_readonly;
GRANT DELETE, SELECT (id, email, display_name, storage_quota_bytes, created_at, updated_at, deleted_at, metadata, search_language) ON TABLE users TO hypernet_app;
GRANT SELECT (id, email, display_name, storage_quota_bytes, created_at, updated_at, deleted_at, metadata, search_language) ON TABLE users TO hypernet_readonly;
GRANT DELETE, INSERT, SELECT, UPDATE ON TABLE web_pages TO hypernet_app;
GRANT SELECT ON TABLE web_pages TO hypernet_readonly;

ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, USAGE ON SEQUENCES TO hypernet_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT DELETE, INSERT, SELECT, UPDATE ON TABLES TO hypernet_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO hypernet_readonly;

-- Applied migrations (public.schema_migrations), oldest first:
-- 0001_users_and_media.sql
-- 0002_audit_log_and_app_role.sql
-- 0003_refresh_tokens.sql
-- 0004_links_and_albums.sql
-- 0005_integrations.sql
-- 0006_links_reach_integrations.sql
-- 0007_links_type_checks_without_bounded_repetition.sql
-- 0008_live_source_keys_leave_out_rows_without_a_source.sql
-- 0009_social_accounts_and_posts.sql
-- 0010_emails.sql
-- 0011_contacts.sql
-- 0012_chat_messages.sql
-- 0013_ai_interactions.sql
-- 0014_notifications.sql
-- 0015_web_pages_and_bookmarks.sql
-- 0016_links_reach_people_and_messages.sql
-- 0018_calendar_events.sql
-- 0019_projects_and_tasks.sql
-- 0020_notes.sql
-- 0021_documents.sql
-- 0022_transactions.sql
-- 0023_profile_attributes.sql
-- 0024_devices.sql
-- 0025_locations.sql
-- 0026_health_records.sql
-- 0027_audit_log_partitioned.sql
-- 0028_links_reach_every_type.sql
-- 0029_rate_limits.sql
-- 0030_revoked_sessions_and_session_max_age.sql
-- 0031_least_privilege_roles.sql
-- 0033_account_erasure.sql
-- 0035_containment_operators_leakproof.sql
-- 0036_revoked_sessions_least_privilege.sql
-- 0037_erasure_deletes_under_row_level_security.sql
-- 0038_full_text_search.sql
-- 0039_timeline.sql
-- 0040_object_links_with_titles.sql
-- 0041_derived_data_writer_races.sql
