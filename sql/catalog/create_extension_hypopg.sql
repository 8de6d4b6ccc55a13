-- Make hypothetical indexes available in this database, inside the transaction of one
-- `hypernet sql explain --with-index`, which is rolled back: nothing of it stays.
-- uses: none (utility statement)
CREATE EXTENSION IF NOT EXISTS hypopg
