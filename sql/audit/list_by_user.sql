-- Events of one user, newest first, after a keyset cursor. The log is partitioned by month: a
-- page after a cursor reads no month after the cursor's (occurred_at <= the cursor's prunes
-- them; the row comparison alone would not), each month's part a walk down its index, merged.
-- params: $1 user_id uuid, $2 after_occurred_at timestamptz, $3 after_id uuid, $4 lim integer
-- uses: audit_log_user_occurred_idx
-- replica: yes
-- sample user: heaviest owner of audit_log
-- sample: after_occurred_at = occurred_at, after_id = id from tooling/sample_audit_point
SELECT
    id,
    user_id,
    occurred_at,
    actor_id,
    action,
    object_type,
    object_id,
    request_id,
    host(client_addr) AS client_addr,
    details
FROM audit_log
WHERE user_id = $1
    AND occurred_at <= coalesce($2::timestamptz, 'infinity')
    AND (occurred_at, id) < (
        coalesce($2::timestamptz, 'infinity'),
        coalesce($3::uuid, 'ffffffff-ffff-ffff-ffff-ffffffffffff')
    )
ORDER BY occurred_at DESC, id DESC
LIMIT $4
