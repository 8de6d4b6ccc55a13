-- After a load with triggers off (`hypernet seed`): compute every user's stays from their live
-- location points, as the triggers of migration 0039 would have, one user at a time.
-- uses: none (bulk rebuild: reads every live point once, in each user's time order)
-- plan: not checked (a seeding step, not the application's data access)
SELECT count(location_stays_refresh(t.user_id, '-infinity', 'infinity'))
FROM (
    SELECT DISTINCT l.user_id
    FROM locations AS l
    WHERE l.deleted_at IS NULL
) AS t
