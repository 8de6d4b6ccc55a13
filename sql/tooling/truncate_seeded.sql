-- Empty the users table and, through CASCADE, every table that belongs to a user: what
-- `hypernet seed --reset` replaces.
-- uses: none (utility statement)
TRUNCATE users CASCADE
