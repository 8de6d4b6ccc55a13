-- The users owning the most rows of one table, heaviest first, by the planner's own statistics
-- (the most common values of its user_id column): whom plan checks pick as a representative user.
-- params: $1 table_name text
-- uses: none (catalog query; reads pg_stats)
SELECT
    s.most_common_vals::text::uuid[] AS user_ids
FROM pg_stats AS s
WHERE s.schemaname = 'public'
    AND s.tablename = $1
    AND s.attname = 'user_id'
