-- One live message of one user.
-- params: $1 user_id uuid, $2 id uuid
-- uses: emails_pkey
-- replica: yes
-- sample: id from tooling/sample_email_points row 2
SELECT
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
FROM emails
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NULL
