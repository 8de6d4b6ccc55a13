-- For the rest of the transaction, prepared statements run on their generic plan: what a
-- pooled connection's statement gets once PostgreSQL stops planning it per execution. Partition
-- pruning is off as well, so that the plan shows every partition of a partitioned table (with
-- its NULL arguments, a generic plan's pruning at start-up would leave none to judge).
-- uses: none (sets a setting)
SELECT
    set_config('plan_cache_mode', 'force_generic_plan', true),
    set_config('enable_partition_pruning', 'off', true)
