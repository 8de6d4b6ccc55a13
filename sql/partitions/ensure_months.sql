-- Make sure the partitions of every month (UTC) from one month to another (both included) of a
-- monthly-partitioned table exist: what a bulk load (`hypernet seed`) needs before it copies
-- rows of those months. One call of ensure_month_partition() (migration 0025) per month.
-- params: $1 table_name text, $2 first_month date, $3 last_month date
-- uses: none (partition upkeep: DDL inside a function)
-- sample: table_name = "locations"
-- sample: first_month = "2025-06-01"
-- sample: last_month = "2025-06-01"
SELECT count(*) FILTER (WHERE p.created) AS created
FROM generate_series($2::date, $3::date, interval '1 month') AS m (month_start)
CROSS JOIN LATERAL ensure_month_partition($1::regclass, m.month_start::date) AS p
