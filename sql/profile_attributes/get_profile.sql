-- Every live attribute of one user as one JSON object {key: value}, as JSON text (the API
-- sends it as it is); '{}' for a user without any. Reads the user's entries of either live
-- index: both hold exactly the user's live attributes (the value is in neither: it may be
-- 16 KiB, more than a btree entry holds), and jsonb orders an object's keys itself.
-- params: $1 user_id uuid
-- uses: profile_attributes_live_key | profile_attributes_live_visibility_key_idx
-- replica: yes
SELECT coalesce(jsonb_object_agg(key, value), '{}')::text AS profile
FROM profile_attributes
WHERE user_id = $1
    AND deleted_at IS NULL
