-- For the rest of the current transaction, let each index build sort in this much memory (the
-- builds after a bulk load sort every row of their table).
-- params: $1 setting text
-- uses: none (session setting, reads no table)
SELECT set_config('maintenance_work_mem', $1, true)
