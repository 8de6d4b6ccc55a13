-- Daily aggregates of one type of one user's live records in [from, to): per day (in the time
-- zone given) and unit, count, min, max, avg and sum of value, and min, max and avg of value2 (a
-- blood pressure's diastolic). An index-only scan of the type index over the window's months:
-- every column it reads is in the index.
-- params: $1 user_id uuid, $2 record_type text, $3 from_at timestamptz, $4 to_at timestamptz, $5 tz text
-- uses: health_records_live_user_type_recorded_idx
-- replica: yes
-- partitions: health_records at most 2 (a month's window reads its month, or two across a month's end)
-- sample: record_type = "heart_rate"
-- sample: from_at = window_from, to_at = summary_to from tooling/sample_health_window
-- sample: tz = "Europe/Berlin"
SELECT
    (recorded_at AT TIME ZONE $5)::date AS day,
    unit,
    count(*) AS count,
    min(value) AS min,
    max(value) AS max,
    avg(value) AS avg,
    sum(value) AS sum,
    min(value2) AS min2,
    max(value2) AS max2,
    avg(value2) AS avg2
FROM health_records
WHERE user_id = $1
    AND record_type = $2
    AND deleted_at IS NULL
    AND recorded_at >= $3
    AND recorded_at < $4
GROUP BY day, unit
ORDER BY day, unit
