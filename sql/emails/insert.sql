-- Store one new message for one user and return it; its thread's summary follows by trigger.
-- params: $1 user_id uuid, $2 message_id text, $3 thread_id uuid, $4 in_reply_to text, $5 from_address text, $6 to_addresses text[], $7 cc_addresses text[], $8 bcc_addresses text[], $9 subject text, $10 sent_at timestamptz, $11 body_text text, $12 labels text[], $13 is_read boolean, $14 is_starred boolean, $15 metadata jsonb, $16 source_integration_id uuid, $17 source_platform text, $18 source_object_id text
-- uses: none (plain insert)
-- trigger uses: email_threads_pkey, emails_live_thread_sent_idx, email_thread_labels_pkey (emails_threads_after_insert: the thread's summary, its latest message and its label counts)
-- sample: message_id = "<explain-insert-1@example.com>"
-- sample: in_reply_to = null
-- sample: labels = ["inbox"]
-- sample: source_platform = "gmail"
INSERT INTO emails (
    user_id, message_id, thread_id, in_reply_to, from_address, to_addresses, cc_addresses,
    bcc_addresses, subject, sent_at, body_text, labels, is_read, is_starred, metadata,
    source_integration_id, source_platform, source_object_id
)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
RETURNING
    id,
    user_id,
    message_id,
    thread_id,
    in_reply_to,
    from_address,
    to_addresses,
    cc_addresses,
    bcc_addresses,
    subject,
    sent_at,
    body_text,
    labels,
    is_read,
    is_starred,
    created_at,
    updated_at,
    deleted_at,
    metadata,
    source_integration_id,
    source_platform,
    source_object_id
