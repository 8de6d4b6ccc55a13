-- Resolve names against public only, for this transaction: catalog text then qualifies every
-- other schema the same way whatever search_path the connecting role has.
-- uses: none (transaction setting, reads no table)
SELECT set_config('search_path', 'public', true)
