-- Set the statistics of one column of the public schema (PostgreSQL 18's
-- pg_restore_attribute_stats), values given as text and read as the column's type: `sql check
-- --stats` loading an exported file into an empty database. A NULL leaves that field empty.
-- params: $1 relation_name text, $2 column_name text, $3 inherited bool, $4 null_frac float4, $5 avg_width int4, $6 n_distinct float4, $7 most_common_vals text, $8 most_common_freqs float4[], $9 histogram_bounds text, $10 correlation float4, $11 most_common_elems text, $12 most_common_elem_freqs float4[], $13 elem_count_histogram float4[], $14 range_length_histogram text, $15 range_empty_frac float4, $16 range_bounds_histogram text
-- uses: none (a function call; writes pg_statistic)
-- plan: not checked (loads planner statistics: a catalog write, not application data)
SELECT pg_restore_attribute_stats(
    'schemaname', 'public',
    'relname', $1::text,
    'attname', $2::text,
    'inherited', $3::bool,
    'null_frac', $4::float4,
    'avg_width', $5::int4,
    'n_distinct', $6::float4,
    'most_common_vals', $7::text,
    'most_common_freqs', $8::float4[],
    'histogram_bounds', $9::text,
    'correlation', $10::float4,
    'most_common_elems', $11::text,
    'most_common_elem_freqs', $12::float4[],
    'elem_count_histogram', $13::float4[],
    'range_length_histogram', $14::text,
    'range_empty_frac', $15::float4,
    'range_bounds_histogram', $16::text
)
