-- For the rest of the transaction, prepared statements run on their generic plan: what a
-- pooled connection's statement gets once PostgreSQL stops planning it per execution.
-- uses: none (sets a setting)
SELECT set_config('plan_cache_mode', 'force_generic_plan', true)
