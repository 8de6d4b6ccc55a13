-- The live transactions of one user that hold the given import keys (source_platform,
-- source_object_id), with their ids: what an import batch found already there.
-- params: $1 user_id uuid, $2 source_platforms text[], $3 source_object_ids text[]
-- uses: transactions_live_source_key
-- sample: source_platforms = ["gocardless", "gocardless", "plaid"]
-- sample: source_object_ids = ["gc-1", "gc-2", "pl-1"]
SELECT
    t.id,
    t.source_platform,
    t.source_object_id
FROM transactions AS t
JOIN unnest($2::text[], $3::text[]) AS k (source_platform, source_object_id)
    ON t.source_platform = k.source_platform
    AND t.source_object_id = k.source_object_id
WHERE t.user_id = $1
    AND t.deleted_at IS NULL
