-- Which of the given ids are live media items of one user, share-locking them so that none can be
-- trashed before the caller's transaction (which is about to point documents at them) commits.
-- A join with the list (not = ANY) so that even the generic plan looks each id up by primary key.
-- params: $1 user_id uuid, $2 ids uuid[]
-- uses: media_pkey
-- sample: ids = id from tooling/sample_media_points every row
-- sample user: heaviest owner of media
SELECT m.id
FROM media AS m
JOIN unnest($2::uuid[]) AS k (id)
    ON m.id = k.id
WHERE m.user_id = $1
    AND m.deleted_at IS NULL
FOR SHARE OF m
