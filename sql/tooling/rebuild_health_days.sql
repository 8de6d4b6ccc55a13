-- After a load with triggers off (`hypernet seed`): compute every user's health days from their
-- live records, as the triggers of migration 0039 would have.
-- uses: none (bulk rebuild: reads every live record once)
-- plan: not checked (a seeding step, not the application's data access)
SELECT health_days_refresh(array_agg(d.user_id), array_agg(d.day))
FROM (
    SELECT DISTINCT h.user_id, (h.recorded_at AT TIME ZONE 'UTC')::date AS day
    FROM health_records AS h
    WHERE h.deleted_at IS NULL
) AS d
