-- Insert a batch of messages for one user in one statement, each under the id and thread given
-- in the same position of $3 and $4, skipping every item whose Message-ID or import key
-- (source_platform, source_object_id) a live message already holds (ON CONFLICT without a
-- target: either unique index skips it); returns the ids inserted. The threads' summaries
-- follow by trigger, once per thread for the whole batch.
-- params: $1 user_id uuid, $2 items jsonb, $3 ids uuid[], $4 thread_ids uuid[]
-- uses: none (insert; ON CONFLICT with no target checks every unique index, which EXPLAIN does not name)
-- trigger uses: email_threads_pkey, emails_live_thread_sent_idx, email_thread_labels_pkey (emails_threads_after_insert: each thread's summary, latest message and label counts)
-- sample: items = [{"message_id": "<explain-import-1@example.com>", "from_address": "ada@example.com", "to_addresses": ["grace@example.com"], "subject": "Plans", "sent_at": "2025-06-01T12:00:00Z", "labels": ["inbox"], "source_platform": "gmail", "source_object_id": "explain-import-1"}]
INSERT INTO emails (
    user_id, id, message_id, thread_id, in_reply_to, from_address, to_addresses, cc_addresses,
    bcc_addresses, subject, sent_at, body_text, labels, is_read, is_starred, metadata,
    source_integration_id, source_platform, source_object_id
)
SELECT
    $1,
    item.id,
    item.message_id,
    item.thread_id,
    item.in_reply_to,
    item.from_address,
    coalesce(item.to_addresses, '{}'),
    coalesce(item.cc_addresses, '{}'),
    coalesce(item.bcc_addresses, '{}'),
    coalesce(item.subject, ''),
    item.sent_at,
    item.body_text,
    coalesce(item.labels, '{}'),
    coalesce(item.is_read, false),
    coalesce(item.is_starred, false),
    coalesce(item.metadata, '{}'),
    item.source_integration_id,
    item.source_platform,
    item.source_object_id
FROM ROWS FROM (
    jsonb_to_recordset($2) AS (
        message_id text,
        in_reply_to text,
        from_address text,
        to_addresses text[],
        cc_addresses text[],
        bcc_addresses text[],
        subject text,
        sent_at timestamptz,
        body_text text,
        labels text[],
        is_read boolean,
        is_starred boolean,
        metadata jsonb,
        source_integration_id uuid,
        source_platform text,
        source_object_id text
    ),
    unnest($3::uuid[]),
    unnest($4::uuid[])
) AS item (
    message_id, in_reply_to, from_address, to_addresses, cc_addresses, bcc_addresses, subject,
    sent_at, body_text, labels, is_read, is_starred, metadata, source_integration_id,
    source_platform, source_object_id, id, thread_id
)
ON CONFLICT DO NOTHING
RETURNING id
