-- Bring one trashed message of one user back, unless a live message now holds its Message-ID
-- or import key (a unique violation: 409); its thread's counts follow by trigger.
-- params: $1 user_id uuid, $2 id uuid
-- uses: emails_pkey
-- generic plan: uses emails_trash_user_deleted_idx | emails_pkey (not knowing the user, the planner costs the user's range of the small trash index, id checked inside the index, and the primary key's one probe alike and takes either: the range is at most that user's trash, which the 30-day purge bounds; planned at a thousand times the size, it takes the primary key)
-- trigger uses: email_threads_pkey, emails_live_thread_sent_idx, email_thread_labels_pkey (emails_threads_after_update: the thread's counts and latest message)
-- sample: id from tooling/sample_email_trash_point
UPDATE emails
SET deleted_at = NULL
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NOT NULL
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
