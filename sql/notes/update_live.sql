-- Change the fields named in a JSON patch of one live note, if its version still matches. A key
-- absent from the patch keeps its value; title present with null clears it. updated_at moves
-- (trigger set_updated_at), so the note goes to the top of its part of the list.
-- params: $1 user_id uuid, $2 id uuid, $3 patch jsonb, $4 expected_updated_at timestamptz
-- uses: notes_pkey
-- sample: id from tooling/sample_note_points row 2
-- sample: patch = {}
-- sample: expected_updated_at = null
UPDATE notes
SET
    title = CASE WHEN $3 ? 'title' THEN $3 ->> 'title' ELSE title END,
    body = CASE WHEN $3 ? 'body' THEN $3 ->> 'body' ELSE body END,
    pinned = CASE WHEN $3 ? 'pinned' THEN ($3 ->> 'pinned')::boolean ELSE pinned END,
    archived = CASE WHEN $3 ? 'archived' THEN ($3 ->> 'archived')::boolean ELSE archived END,
    metadata = CASE WHEN $3 ? 'metadata' THEN $3 -> 'metadata' ELSE metadata END
WHERE user_id = $1
    AND id = $2
    AND deleted_at IS NULL
    AND ($4::timestamptz IS NULL OR updated_at = $4)
RETURNING
    id,
    user_id,
    title,
    body,
    pinned,
    archived,
    created_at,
    updated_at,
    deleted_at,
    metadata,
    source_integration_id,
    source_platform,
    source_object_id
