-- Any one user, to tell an empty database from a populated one before seeding it.
-- uses: users_pkey
SELECT
    id
FROM users
ORDER BY id
LIMIT 1
