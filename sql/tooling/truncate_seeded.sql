-- Empty one seeded table and, through CASCADE, every table that references it: what `hypernet
-- seed --reset` replaces, run for each table the seeds write (hypernet/sqlkit/seed/tables.py).
-- The audit log refuses TRUNCATE by trigger, so this runs with triggers off
-- (skip_triggers_for_load).
-- identifiers: table
-- uses: none (utility statement)
TRUNCATE {table} CASCADE
