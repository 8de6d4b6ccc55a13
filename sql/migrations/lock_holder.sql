-- Who holds the migrators' advisory lock: what a waiting runner tells its user. A bigint key
-- is stored as its high and low 32 bits in classid and objid, with objsubid 1.
-- params: $1 lock_key bigint
-- uses: none (pg_locks and pg_stat_activity are views over shared memory)
-- plan: not checked (migration runner bookkeeping: advisory locks, settings, a tiny table)
SELECT
    l.pid,
    a.usename AS user_name,
    a.application_name,
    a.client_addr::text AS client_addr,
    a.state,
    extract(epoch FROM now() - a.query_start)::float8 AS query_seconds,
    left(a.query, 200) AS query
FROM pg_locks AS l
LEFT JOIN pg_stat_activity AS a
    ON a.pid = l.pid
WHERE l.locktype = 'advisory'
    AND l.granted
    AND l.classid::bigint = ($1::bigint >> 32)
    AND l.objid::bigint = ($1::bigint & 4294967295)
    AND l.objsubid = 1
    AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
LIMIT 1
