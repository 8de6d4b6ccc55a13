-- After a load with triggers off (`hypernet seed`): compute every user's health days from their
-- live records, as the triggers of migration 0039 would have, in one grouped pass.
-- uses: none (bulk rebuild: reads every live record once)
-- plan: not checked (a seeding step, not the application's data access)
SELECT health_days_rebuild()
