-- Live saved pages of one user in one reading state, newest saved first, after a keyset cursor.
-- params: $1 user_id uuid, $2 reading_state text, $3 after_created_at timestamptz, $4 after_id uuid, $5 lim integer
-- uses: web_pages_live_user_state_created_idx
-- replica: yes
-- sample: reading_state = "reading"
-- sample: after_created_at = created_at, after_id = id from tooling/sample_web_page_points row 2
SELECT
    id,
    user_id,
    url,
    canonical_url,
    title,
    site_name,
    content_text,
    fetched_at,
    reading_state,
    created_at,
    updated_at,
    deleted_at,
    metadata,
    source_integration_id,
    source_platform,
    source_object_id
FROM web_pages
WHERE user_id = $1
    AND reading_state = $2
    AND deleted_at IS NULL
    AND (created_at, id) < (coalesce($3::timestamptz, 'infinity'), coalesce($4::uuid, 'ffffffff-ffff-ffff-ffff-ffffffffffff'))
ORDER BY created_at DESC, id DESC
LIMIT $5
