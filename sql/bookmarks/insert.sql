-- Store one new bookmark for one user and return it; a live bookmark of the same url is a
-- unique violation (bookmarks_live_url_key), which the API answers with 409.
-- params: $1 user_id uuid, $2 url text, $3 title text, $4 description text, $5 tags text[], $6 folder_path text, $7 web_page_id uuid, $8 metadata jsonb, $9 source_integration_id uuid, $10 source_platform text, $11 source_object_id text
-- uses: none (plain insert)
-- sample: url = "https://explain.example/bookmark"
-- sample: tags = ["reading"]
-- sample: folder_path = "Bookmarks Bar"
-- sample: web_page_id = null
INSERT INTO bookmarks (
    user_id, url, title, description, tags, folder_path, web_page_id, metadata,
    source_integration_id, source_platform, source_object_id
)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
RETURNING
    id,
    user_id,
    url,
    title,
    description,
    tags,
    folder_path,
    web_page_id,
    created_at,
    updated_at,
    deleted_at,
    metadata,
    source_integration_id,
    source_platform,
    source_object_id
