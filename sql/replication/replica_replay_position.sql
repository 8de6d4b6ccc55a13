-- How far a replica has replayed the primary's write-ahead log, as a byte position, and
-- whether it is still a replica at all: a promoted one (or a primary listed by mistake)
-- answers in_recovery false and is never read from, since it no longer follows the primary.
-- uses: none (server functions, read no table)
-- plan: not checked (server functions, read no table)
SELECT
    pg_is_in_recovery() AS in_recovery,
    (pg_last_wal_replay_lsn() - '0/0'::pg_lsn)::bigint AS replay_position
