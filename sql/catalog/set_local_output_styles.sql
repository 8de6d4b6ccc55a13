-- Print dates and intervals in PostgreSQL's own ISO styles for the rest of the transaction, whatever
-- the server's defaults: `sql stats-export` writes histogram bounds as text, which must read back
-- the same on the server that loads them.
-- uses: none (sets settings)
-- plan: not checked (catalog query: system tables and server settings, not application data)
SELECT
    set_config('datestyle', 'ISO, MDY', true),
    set_config('intervalstyle', 'postgres', true)
