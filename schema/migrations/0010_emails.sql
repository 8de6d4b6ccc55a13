-- E-mail messages of one user, and the per-thread summaries that the thread list reads.
-- Why the shape:
-- - emails is a BaseObject like media: (user_id, id) keys, the source columns, soft delete, a
--   live import key. The message content (addresses, subject, sent_at, body) is what the mail
--   server said and never changes; what the user changes is labels, is_read, is_starred and
--   metadata (PATCH), so thread_id, sent_at and subject are fixed once a row exists.
-- - message_id is the RFC 5322 Message-ID, unique among one user's live messages: the same
--   message imported twice (two integrations, a re-sync) is one message. A message in the trash
--   does not hold it; restoring it while a live copy exists is a 409.
-- - thread_id is computed by the service, not looked up: the UUID (version 5, a fixed namespace)
--   of the root Message-ID of the message's chain, which is the first element of its References
--   header, else its In-Reply-To, else its own Message-ID (hypernet/domain/emails.py). Every
--   message of a conversation names the same root whatever order the messages arrive in, so a
--   reply stored before its parent (an import that walks newest first, a slow mail server) is
--   already in the right thread and no later write has to move anything. Looking the parent up
--   instead would file such a reply under a thread of its own and need re-threading later. A
--   UUID rather than the root text: 16 bytes in every key and index, and a path parameter like
--   every other id of the API. The price: a reply whose client sends In-Reply-To without
--   References is threaded under its parent's Message-ID, not under the conversation's root.
-- - email_threads holds one row per thread that has a live message: latest message, its time
--   and subject, message_count and unread_count. GET /v1/emails/threads is a keyset walk of its
--   (user_id, latest_at, thread_id) index instead of a GROUP BY over every message of a user
--   with tens of thousands of them. email_thread_labels holds one row per (thread, label) with
--   the number of live messages of the thread carrying the label and a copy of the thread's
--   latest_at and unread flag, so that ?label= (and ?label=&unread=true) are keyset walks too.
-- - Both are maintained by statement-level triggers on emails, in the writing transaction, from
--   the transition tables: a batch (an import, a mark-read of 1,000 messages) updates each thread
--   once. The counts are applied as deltas under a row lock on the thread's summary, taken in
--   (user_id, thread_id) order by every writer, so concurrent writers serialise per thread and
--   never lose an increment; the latest message is re-read through the thread's live-message
--   index after that lock is held, so it sees every committed change to the thread. A thread
--   with no live message left has no summary row (a trashed thread leaves the list; restoring
--   a message brings it back with exact counts). Every trigger statement touches only rows of
--   the same user_id, which keeps the schema valid for a Citus cluster sharded by user_id.
-- - The seed load runs with triggers off; its seeder writes the summaries itself.
-- squawk-ignore-file prefer-bigint-over-int -- the counts count one thread's messages, far below 2^31
-- migrate:up

CREATE TABLE emails (
    user_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    message_id text NOT NULL,
    thread_id uuid NOT NULL,
    in_reply_to text,
    from_address text NOT NULL,
    to_addresses text[] NOT NULL DEFAULT '{}',
    cc_addresses text[] NOT NULL DEFAULT '{}',
    bcc_addresses text[] NOT NULL DEFAULT '{}',
    subject text NOT NULL DEFAULT '',
    sent_at timestamptz NOT NULL,
    body_text text,
    labels text[] NOT NULL DEFAULT '{}',
    is_read boolean NOT NULL DEFAULT false,
    is_starred boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    metadata jsonb NOT NULL DEFAULT '{}',
    source_integration_id uuid,
    source_platform text,
    source_object_id text,
    CONSTRAINT emails_pkey PRIMARY KEY (user_id, id),
    CONSTRAINT emails_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    -- NO ACTION (Citus refuses SET NULL on a key that includes user_id): the trigger below
    -- clears the reference before an integration row is deleted.
    CONSTRAINT emails_source_integration_fkey FOREIGN KEY (user_id, source_integration_id)
        REFERENCES integrations (user_id, id),
    -- RFC 5322 msg-id: "<" id-left "@" id-right ">", no spaces; 998 is the line length limit.
    CONSTRAINT emails_message_id_shape CHECK (
        message_id ~ '^<[^<>[:space:]]+>$' AND char_length(message_id) <= 998
    ),
    CONSTRAINT emails_in_reply_to_shape CHECK (
        in_reply_to ~ '^<[^<>[:space:]]+>$' AND char_length(in_reply_to) <= 998
    ),
    CONSTRAINT emails_from_address_length CHECK (char_length(from_address) BETWEEN 1 AND 998),
    -- At most 1,000 recipients per header and no NULL element (array_position finds one).
    CONSTRAINT emails_addresses_bounded CHECK (
        cardinality(to_addresses) <= 1000
        AND cardinality(cc_addresses) <= 1000
        AND cardinality(bcc_addresses) <= 1000
        AND array_position(to_addresses, NULL) IS NULL
        AND array_position(cc_addresses, NULL) IS NULL
        AND array_position(bcc_addresses, NULL) IS NULL
    ),
    CONSTRAINT emails_subject_length CHECK (char_length(subject) <= 998),
    CONSTRAINT emails_body_text_length CHECK (char_length(body_text) <= 10000000),
    CONSTRAINT emails_labels_bounded CHECK (
        cardinality(labels) <= 100 AND array_position(labels, NULL) IS NULL
    ),
    CONSTRAINT emails_metadata_is_object CHECK (jsonb_typeof(metadata) = 'object'),
    CONSTRAINT emails_source_complete CHECK (
        (source_object_id IS NULL) OR (source_platform IS NOT NULL)
    )
);

CREATE TRIGGER emails_set_updated_at
BEFORE UPDATE ON emails
FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Live messages of one user, newest first (keyset), and the ordered walk a ?label= filter on a
-- common label takes.
CREATE INDEX emails_live_user_sent_idx
ON emails (user_id, sent_at, id)
WHERE deleted_at IS NULL;

-- ?unread=true: the unread messages only, newest first; small next to the whole mailbox.
CREATE INDEX emails_live_unread_sent_idx
ON emails (user_id, sent_at, id)
WHERE deleted_at IS NULL AND NOT is_read;

-- ?label=: live messages carrying a label (array containment), for a label too rare for the
-- ordered walk of emails_live_user_sent_idx to find a page of quickly.
CREATE INDEX emails_live_labels_gin_idx
ON emails USING gin (labels)
WHERE deleted_at IS NULL;

-- The messages of one thread in order (GET /v1/emails/threads/{thread_id}), and the triggers'
-- "latest live message of this thread".
CREATE INDEX emails_live_thread_sent_idx
ON emails (user_id, thread_id, sent_at, id)
WHERE deleted_at IS NULL;

-- One live message per Message-ID and user (409 on a second one; import skips it).
CREATE UNIQUE INDEX emails_live_message_id_key
ON emails (user_id, message_id)
WHERE deleted_at IS NULL;

-- The trash, most recently deleted first.
CREATE INDEX emails_trash_user_deleted_idx
ON emails (user_id, deleted_at, id)
WHERE deleted_at IS NOT NULL;

-- The purge job, across users, oldest deletion first.
CREATE INDEX emails_purge_deleted_idx
ON emails (deleted_at)
WHERE deleted_at IS NOT NULL;

-- Idempotent import: one live row per item of an external service (see 0008 for the predicate).
CREATE UNIQUE INDEX emails_live_source_key
ON emails (user_id, source_platform, source_object_id)
WHERE deleted_at IS NULL AND source_platform IS NOT NULL AND source_object_id IS NOT NULL;

-- Supports the foreign key to integrations (its check and the clearing trigger below) and
-- ?source_integration_id=, newest first. Partial: most messages name no integration.
CREATE INDEX emails_user_source_integration_idx
ON emails (user_id, source_integration_id, sent_at, id)
WHERE source_integration_id IS NOT NULL;

-- One row per thread with at least one live message.
CREATE TABLE email_threads (
    user_id uuid NOT NULL,
    thread_id uuid NOT NULL,
    latest_email_id uuid NOT NULL,
    latest_at timestamptz NOT NULL,
    -- The subject of the latest live message (a reply's "Re: ..." reads as the thread does).
    subject text NOT NULL,
    message_count integer NOT NULL,
    unread_count integer NOT NULL,
    CONSTRAINT email_threads_pkey PRIMARY KEY (user_id, thread_id),
    CONSTRAINT email_threads_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id)
        ON DELETE CASCADE,
    -- message_count may be 0 only inside the writing statement, before the row is removed.
    CONSTRAINT email_threads_counts_valid CHECK (
        message_count >= 0 AND unread_count >= 0 AND unread_count <= message_count
    )
);

-- GET /v1/emails/threads: threads by their latest message, newest first (keyset).
CREATE INDEX email_threads_user_latest_idx
ON email_threads (user_id, latest_at, thread_id);

-- ?unread=true: only the threads with an unread message.
CREATE INDEX email_threads_unread_latest_idx
ON email_threads (user_id, latest_at, thread_id)
WHERE unread_count > 0;

-- One row per (thread, label) that at least one live message of the thread carries.
-- latest_at and has_unread copy the thread's (kept equal by the same trigger), so the label
-- lists are keyset walks of one index.
CREATE TABLE email_thread_labels (
    user_id uuid NOT NULL,
    thread_id uuid NOT NULL,
    label text NOT NULL,
    message_count integer NOT NULL,
    latest_at timestamptz NOT NULL,
    has_unread boolean NOT NULL,
    CONSTRAINT email_thread_labels_pkey PRIMARY KEY (user_id, thread_id, label),
    -- A user's account going takes these rows in the same statement as the threads they name.
    CONSTRAINT email_thread_labels_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id)
        ON DELETE CASCADE,
    -- NO ACTION: the trigger removes a thread's label rows before the thread's row.
    CONSTRAINT email_thread_labels_thread_fkey FOREIGN KEY (user_id, thread_id)
        REFERENCES email_threads (user_id, thread_id),
    CONSTRAINT email_thread_labels_count_nonnegative CHECK (message_count >= 0)
);

-- ?label=: the threads with a label, by their latest message.
CREATE INDEX email_thread_labels_user_label_latest_idx
ON email_thread_labels (user_id, label, latest_at, thread_id);

-- ?label=&unread=true.
CREATE INDEX email_thread_labels_unread_latest_idx
ON email_thread_labels (user_id, label, latest_at, thread_id)
WHERE has_unread;

-- What one changed row of emails does to its thread: +1 for a live row that appears (insert,
-- restore, the new side of an update), -1 for one that goes (soft delete, hard delete of a live
-- row, the old side of an update). `reorders`: the thread's set of live messages changed, so
-- its latest message must be looked up again.
CREATE TYPE email_thread_delta AS (
    user_id uuid,
    thread_id uuid,
    messages integer,
    unread integer,
    labels text[],
    reorders boolean
);

-- Applies the deltas of one statement. Every thread it touches is locked first, in key order,
-- so that two writers of the same threads wait for each other instead of deadlocking, and each
-- later statement (a fresh snapshot under READ COMMITTED) sees every committed change to them.
CREATE FUNCTION email_threads_apply(deltas email_thread_delta[]) RETURNS void
LANGUAGE plpgsql AS $$
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
$$;

-- One trigger per event: PostgreSQL allows transition tables only on a single-event trigger.
CREATE FUNCTION emails_threads_after_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM email_threads_apply(ARRAY(
        SELECT ROW(n.user_id, n.thread_id, 1, (NOT n.is_read)::integer, n.labels, true)
            ::email_thread_delta
        FROM new_rows AS n
        WHERE n.deleted_at IS NULL
    ));
    RETURN NULL;
END;
$$;

CREATE TRIGGER emails_threads_insert
AFTER INSERT ON emails
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION emails_threads_after_insert();

-- An update counts only when it moves a row in or out of the live set, or changes is_read or
-- labels of a live row (thread_id, sent_at and subject never change: no statement writes them).
CREATE FUNCTION emails_threads_after_update() RETURNS trigger
LANGUAGE plpgsql AS $$
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
$$;

CREATE TRIGGER emails_threads_update
AFTER UPDATE ON emails
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION emails_threads_after_update();

-- A hard delete of a live row (a user's account going, an operator's DELETE) leaves its thread
-- too; the purge only deletes rows already out of the live set, which count for nothing.
CREATE FUNCTION emails_threads_after_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM email_threads_apply(ARRAY(
        SELECT ROW(o.user_id, o.thread_id, -1, -(NOT o.is_read)::integer, o.labels, true)
            ::email_thread_delta
        FROM old_rows AS o
        WHERE o.deleted_at IS NULL
    ));
    RETURN NULL;
END;
$$;

CREATE TRIGGER emails_threads_delete
AFTER DELETE ON emails
REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION emails_threads_after_delete();

-- Before an integration row is deleted (purge), the messages imported through it stop naming
-- it and keep their import key. A trigger of its own rather than a branch in
-- clear_integration_references(), so that each table that refers to integrations adds its own
-- without rewriting another's. BEFORE: the foreign key's check then finds nothing to refuse.
CREATE FUNCTION clear_integration_email_references() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE emails
    SET source_integration_id = NULL
    WHERE user_id = OLD.user_id
        AND source_integration_id = OLD.id;
    RETURN OLD;
END;
$$;

CREATE TRIGGER integrations_clear_email_references
BEFORE DELETE ON integrations
FOR EACH ROW EXECUTE FUNCTION clear_integration_email_references();

-- migrate:down
DROP TRIGGER integrations_clear_email_references ON integrations;
DROP FUNCTION clear_integration_email_references();
DROP TABLE email_thread_labels;
DROP TABLE email_threads;
DROP TABLE emails;
DROP FUNCTION emails_threads_after_delete();
DROP FUNCTION emails_threads_after_update();
DROP FUNCTION emails_threads_after_insert();
DROP FUNCTION email_threads_apply(email_thread_delta[]);
-- squawk-ignore ban-drop-type -- the type is internal to the thread triggers dropped above; no client uses it
DROP TYPE email_thread_delta;
