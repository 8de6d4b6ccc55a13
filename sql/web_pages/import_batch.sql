-- Insert a batch of pages for one user in one statement, each under the id given for it in the
-- same position of $3, skipping every item whose canonical_url or import key (source_platform,
-- source_object_id) a live page already holds (or an earlier item of the batch); returns the ids
-- inserted. No conflict target: both live unique keys are arbiters.
-- params: $1 user_id uuid, $2 items jsonb, $3 ids uuid[]
-- uses: none (an insert; with no conflict target every unique index of web_pages is an arbiter, and EXPLAIN lists none)
-- sample: items = [{"url": "https://explain.example/a?utm=x", "canonical_url": "https://explain.example/a", "title": "A", "reading_state": "unread", "metadata": {}, "source_platform": "pocket", "source_object_id": "explain-import-1"}]
INSERT INTO web_pages (
    user_id, id, url, canonical_url, title, site_name, content_text, fetched_at, reading_state,
    metadata, source_integration_id, source_platform, source_object_id
)
SELECT
    $1,
    item.id,
    item.url,
    item.canonical_url,
    item.title,
    item.site_name,
    item.content_text,
    item.fetched_at,
    item.reading_state,
    coalesce(item.metadata, '{}'),
    item.source_integration_id,
    item.source_platform,
    item.source_object_id
FROM ROWS FROM (
    jsonb_to_recordset($2) AS (
        url text,
        canonical_url text,
        title text,
        site_name text,
        content_text text,
        fetched_at timestamptz,
        reading_state text,
        metadata jsonb,
        source_integration_id uuid,
        source_platform text,
        source_object_id text
    ),
    unnest($3::uuid[])
) AS item (
    url, canonical_url, title, site_name, content_text, fetched_at, reading_state, metadata,
    source_integration_id, source_platform, source_object_id, id
)
ON CONFLICT DO NOTHING
RETURNING id
