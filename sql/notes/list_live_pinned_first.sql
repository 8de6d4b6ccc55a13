-- Live notes of one user in one archived state, pinned first, then most recently changed first,
-- after a keyset cursor (pinned, updated_at, id) of the last row shown; a null cursor starts at
-- the top. One backward walk of the list index from (user, archived state): the cursor is a row
-- comparison in the index condition, so a page reads a page of entries, pinned part or not.
-- params: $1 user_id uuid, $2 archived boolean, $3 after_pinned boolean, $4 after_updated_at timestamptz, $5 after_id uuid, $6 lim integer
-- uses: notes_live_user_list_idx
-- replica: yes
-- sample: archived = false
-- sample: after_pinned = pinned, after_updated_at = updated_at, after_id = id from tooling/sample_note_points row 2
SELECT
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
FROM notes
WHERE user_id = $1
    AND deleted_at IS NULL
    AND archived = $2
    AND (pinned, updated_at, id) < (coalesce($3::boolean, true), coalesce($4::timestamptz, 'infinity'), coalesce($5::uuid, 'ffffffff-ffff-ffff-ffff-ffffffffffff'))
ORDER BY pinned DESC, updated_at DESC, id DESC
LIMIT $6
