-- Insert a batch of bookmarks for one user in one statement, each under the id given for it in
-- the same position of $3, skipping every item whose url or import key (source_platform,
-- source_object_id) a live bookmark already holds (or an earlier item of the batch); returns the
-- ids inserted. No conflict target: both live unique keys are arbiters.
-- params: $1 user_id uuid, $2 items jsonb, $3 ids uuid[]
-- uses: none (an insert; with no conflict target every unique index of bookmarks is an arbiter, and EXPLAIN lists none)
-- sample: items = [{"url": "https://explain.example/b", "title": "B", "tags": ["reading"], "folder_path": "Bookmarks Bar", "metadata": {}, "source_platform": "chrome", "source_object_id": "explain-import-1"}]
INSERT INTO bookmarks (
    user_id, id, url, title, description, tags, folder_path, web_page_id, metadata,
    source_integration_id, source_platform, source_object_id
)
SELECT
    $1,
    item.id,
    item.url,
    item.title,
    item.description,
    coalesce(item.tags, '{}'),
    item.folder_path,
    item.web_page_id,
    coalesce(item.metadata, '{}'),
    item.source_integration_id,
    item.source_platform,
    item.source_object_id
FROM ROWS FROM (
    jsonb_to_recordset($2) AS (
        url text,
        title text,
        description text,
        tags text[],
        folder_path text,
        web_page_id uuid,
        metadata jsonb,
        source_integration_id uuid,
        source_platform text,
        source_object_id text
    ),
    unnest($3::uuid[])
) AS item (
    url, title, description, tags, folder_path, web_page_id, metadata, source_integration_id,
    source_platform, source_object_id, id
)
ON CONFLICT DO NOTHING
RETURNING id
