-- The live profile attributes of one user with the given keys, with their ids: the items an
-- import batch skipped because the key was taken. A join with the list (not = ANY) so that each
-- key is looked up in the unique index.
-- params: $1 user_id uuid, $2 keys text[]
-- uses: profile_attributes_live_key
-- generic plan: uses profile_attributes_live_key | profile_attributes_live_visibility_key_idx (not knowing the user, the planner expects a user's few live attributes, reads them and matches the keys in a hash: bounded by one user's profile, and only on an import that skipped items)
-- sample: keys = key from tooling/sample_profile_attribute_points every row
SELECT
    a.id,
    a.key
FROM profile_attributes AS a
JOIN unnest($2::text[]) AS k (key)
    ON a.key = k.key
WHERE a.user_id = $1
    AND a.deleted_at IS NULL
