-- Make sure the partition of one month (UTC) of a monthly-partitioned table exists: create it
-- (empty, or with the month's rows moved out of the DEFAULT partition) and attach it, or leave
-- it be when it exists. See ensure_month_partition() in migration 0025 for how it stays safe
-- while the service runs.
-- params: $1 table_name text, $2 month_start date
-- uses: none (partition upkeep: DDL inside a function)
-- sample: table_name = "locations"
-- sample: month_start = "2025-06-01"
SELECT
    partition_name,
    created,
    moved_rows
FROM ensure_month_partition($1::regclass, $2)
