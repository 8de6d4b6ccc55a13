-- Drop one index inside a transaction that is then rolled back: the plan a query would get
-- without it (`hypernet sql explain --without-index`). Takes an exclusive lock on the table until
-- the rollback, so it is for development and CI databases, not a busy server.
-- identifiers: index
-- uses: none (utility statement)
DROP INDEX {index}
