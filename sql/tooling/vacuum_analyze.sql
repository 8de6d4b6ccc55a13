-- After a bulk load, bring every table of the database to the state autovacuum would soon leave
-- it in: visibility map set (index-only scans pay off) and planner statistics fresh. Doing it at
-- once, rather than whenever autovacuum comes round, keeps plans on seeded data reproducible.
-- uses: none (utility statement)
VACUUM (ANALYZE)
