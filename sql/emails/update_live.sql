-- Change what a user may change of one live message (labels, read, starred, metadata) from a
-- JSON patch, if its version still matches. A key absent from the patch keeps its value.
-- params: $1 user_id uuid, $2 id uuid, $3 patch jsonb, $4 expected_updated_at timestamptz
-- uses: emails_pkey
-- trigger uses: email_threads_pkey, email_thread_labels_pkey (emails_threads_after_update: unread and label counts of the thread)
-- sample: id from tooling/sample_email_points row 2
-- sample: patch = {}
-- sample: expected_updated_at = null
UPDATE emails
SET
    labels = CASE
        WHEN $3 ? 'labels' THEN ARRAY(SELECT jsonb_array_elements_text($3 -> 'labels'))
        ELSE labels
    END,
    is_read = CASE WHEN $3 ? 'is_read' THEN ($3 ->> 'is_read')::boolean ELSE is_read END,
    is_starred = CASE WHEN $3 ? 'is_starred' THEN ($3 ->> 'is_starred')::boolean ELSE is_starred END,
    metadata = CASE WHEN $3 ? 'metadata' THEN $3 -> 'metadata' ELSE metadata END
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NULL
    AND ($4::timestamptz IS NULL OR updated_at = $4)
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
