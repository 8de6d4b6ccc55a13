-- Before a month of records is dropped for retention (hypernet db maintain): the links from or to
-- its records go first, as delete_links_of_object takes the links of a deleted row; DROP TABLE
-- fires no row trigger. The month is read through the parent, pruned to its own partition;
-- each of its rows looks up its links by either end.
-- params: $1 month_start timestamptz, $2 month_end timestamptz
-- uses: links_user_from_idx, links_user_to_idx
-- plan: not checked (maintenance, once for each month `hypernet db maintain` drops: a whole month of rows against the links, where the planner rightly hashes the links (one sequential read) rather than probe both indexes per row; the rule against sequential scans of large tables is for the service's requests)
-- partitions: health_records at most 1 (the month being dropped)
DELETE FROM links
WHERE ctid = ANY (ARRAY(
    SELECT l.ctid
    FROM health_records AS p
    JOIN links AS l
        ON l.user_id = p.user_id
        AND l.from_object_id = p.id
    WHERE p.recorded_at >= $1
        AND p.recorded_at < $2
    UNION ALL
    SELECT l.ctid
    FROM health_records AS p
    JOIN links AS l
        ON l.user_id = p.user_id
        AND l.to_object_id = p.id
    WHERE p.recorded_at >= $1
        AND p.recorded_at < $2
))
