-- Where the primary's write-ahead log ends now, as a byte position: the replica check samples
-- it, and a replica that has not replayed up to a sample taken t seconds ago is at least t
-- seconds behind (hypernet/db/replicas.py). The insert position, not the write or flush one:
-- it covers every commit acknowledged so far, synchronous_commit off included.
-- uses: none (a server function, reads no table)
-- plan: not checked (a server function, reads no table)
SELECT (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::bigint AS wal_position
