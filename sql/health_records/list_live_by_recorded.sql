-- Live records of one user, newest first, within an optional window [from, to), after a keyset
-- cursor (recorded_at, id) of the last one shown; a null bound or cursor means no limit on that
-- side. Pruned to the window's months, and to those not after the cursor's.
-- params: $1 user_id uuid, $2 from_at timestamptz, $3 to_at timestamptz, $4 after_recorded_at timestamptz, $5 after_id uuid, $6 lim integer
-- uses: health_records_live_user_recorded_idx
-- replica: yes
-- partitions: health_records at most 2 (a week's window reads its month, or two across a month's end)
-- sample: from_at = window_from, to_at = window_to, after_recorded_at = cursor_recorded_at, after_id = cursor_id from tooling/sample_health_window
SELECT
    id,
    user_id,
    record_type,
    recorded_at,
    value,
    value2,
    unit,
    label,
    source_device,
    created_at,
    updated_at,
    deleted_at,
    metadata,
    source_integration_id,
    source_platform,
    source_object_id
FROM health_records
WHERE user_id = $1
    AND deleted_at IS NULL
    AND recorded_at >= coalesce($2::timestamptz, '-infinity')
    AND recorded_at < coalesce($3::timestamptz, 'infinity')
    AND recorded_at <= coalesce($4::timestamptz, 'infinity')
    AND (recorded_at, id) < (coalesce($4::timestamptz, 'infinity'), coalesce($5::uuid, 'ffffffff-ffff-ffff-ffff-ffffffffffff'))
ORDER BY recorded_at DESC, id DESC
LIMIT $6
