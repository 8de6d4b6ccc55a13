-- Resolve names against public only, for this transaction: catalog text then qualifies every
-- other schema the same way whatever search_path the connecting role has.
-- uses: none (transaction setting, reads no table)
-- plan: not checked (catalog query: system tables and server settings, not application data)
SELECT set_config('search_path', 'public', true)
