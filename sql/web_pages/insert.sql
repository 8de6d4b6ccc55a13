-- Save one new page for one user and return it; a live page with the same canonical_url is a
-- unique violation (web_pages_live_canonical_url_key), which the API answers with 409.
-- params: $1 user_id uuid, $2 url text, $3 canonical_url text, $4 title text, $5 site_name text, $6 content_text text, $7 fetched_at timestamptz, $8 reading_state text, $9 metadata jsonb, $10 source_integration_id uuid, $11 source_platform text, $12 source_object_id text
-- uses: none (plain insert)
-- sample: url = "https://explain.example/a"
-- sample: canonical_url = "https://explain.example/a"
-- sample: reading_state = "unread"
INSERT INTO web_pages (
    user_id, url, canonical_url, title, site_name, content_text, fetched_at, reading_state,
    metadata, source_integration_id, source_platform, source_object_id
)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
RETURNING
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
