-- Where each table, partition and index of the public schema keeps its main fork (relative to
-- the data directory), with the server's page and segment sizes and its system identifier (to
-- make sure the directory on this machine is this server's): how `sql check --stats` gives an
-- empty relation the size its loaded statistics claim, since the planner reads a relation's size
-- from its file (a file of no pages is planned as an empty table, whatever pg_class says).
-- uses: none (catalog query; small system tables)
-- plan: not checked (catalog query: system tables and server settings, not application data)
SELECT
    c.relname AS name,
    pg_relation_filepath(c.oid) AS file_path,
    current_setting('data_directory') AS data_directory,
    current_setting('block_size')::integer AS block_size,
    pg_size_bytes(current_setting('segment_size')) AS segment_bytes,
    (SELECT s.system_identifier FROM pg_control_system() AS s) AS system_identifier,
    c.relpages::bigint AS relpages
FROM pg_class AS c
JOIN pg_namespace AS n
    ON n.oid = c.relnamespace
WHERE n.nspname = 'public'
    AND c.relkind IN ('r', 'm', 'i')
ORDER BY c.relname
