-- Insert a batch of profile attributes for one user in one statement, each under the id given
-- for it in the same position of $3, skipping every item whose key or import key
-- (source_platform, source_object_id) a live attribute already holds (or an earlier item of the
-- batch); returns the ids inserted. No conflict target: both live unique keys are arbiters. A
-- JSON null value reaches the record as SQL null and is stored as JSON null.
-- params: $1 user_id uuid, $2 items jsonb, $3 ids uuid[]
-- uses: none (an insert; with no conflict target every unique index of profile_attributes is an arbiter, and EXPLAIN lists none)
-- sample: items = [{"key": "explain.import", "value": {"city": "Lyon"}, "visibility": "contacts", "metadata": {}, "source_platform": "google_account", "source_object_id": "explain-import-1"}]
INSERT INTO profile_attributes (
    user_id, id, key, value, visibility, metadata, source_integration_id, source_platform,
    source_object_id
)
SELECT
    $1,
    item.id,
    item.key,
    coalesce(item.value, 'null'),
    coalesce(item.visibility, 'private'),
    coalesce(item.metadata, '{}'),
    item.source_integration_id,
    item.source_platform,
    item.source_object_id
FROM ROWS FROM (
    jsonb_to_recordset($2) AS (
        key text,
        value jsonb,
        visibility text,
        metadata jsonb,
        source_integration_id uuid,
        source_platform text,
        source_object_id text
    ),
    unnest($3::uuid[])
) AS item (
    key, value, visibility, metadata, source_integration_id, source_platform, source_object_id,
    id
)
ON CONFLICT DO NOTHING
RETURNING id
